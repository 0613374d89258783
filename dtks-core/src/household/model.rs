//! The household model: one DTKS household (rumah tangga) as serde types.

use super::codes::*;
use crate::id::{IdError, Nik, NoKk, Sex};
use crate::personal::{mask_digits, Personal};
use crate::scalar::Scalar;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One household: an address, one or more families, the housing, and what is
/// known of its welfare.
///
/// Unknown stays unknown: every field that a source may lack is an `Option`,
/// and a rule that needs it is undecidable rather than false.
///
/// ```
/// use dtks_core::household::Household;
/// let json = r#"{
///   "id": "RT-0001",
///   "address": {"village_code": "31.71.01.1001", "rt": "001", "rw": "002"},
///   "families": [{
///     "kk": "3171011503150007",
///     "members": [{"nik": "3171011708800001", "name": "Budi", "birth_date": "1980-08-17",
///                  "sex": "male", "relationship": "head"}]
///   }]
/// }"#;
/// let h: Household = serde_json::from_str(json).unwrap();
/// assert_eq!(h.families[0].members.len(), 1);
/// assert!(format!("{h:?}").contains("3171••••••••0001"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Household id (`id_rt`), unique per household in a file.
    pub id: String,
    /// Where the household lives.
    pub address: Address,
    /// The families (one KK each) living in the household.
    #[serde(default)]
    pub families: Vec<Family>,
    /// The dwelling.
    #[serde(default, skip_serializing_if = "Housing::is_empty")]
    pub housing: Housing,
    /// Household income per month, rupiah (`penghasilan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_monthly: Option<i64>,
    /// Welfare decile 1–10 where known (`desil`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desil: Option<i64>,
    /// Whether the household is registered in DTKS/DTSEN (`terdaftar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<bool>,
    /// The documents presented, as references (paths, URLs, ids), never bytes.
    #[serde(default, skip_serializing_if = "Documents::is_empty")]
    pub documents: Documents,
}

/// The household's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Kemendagri village code, 10 digits, dots allowed (`kode_desa`).
    pub village_code: String,
    /// Rukun tetangga, 1–3 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rt: Option<String>,
    /// Rukun warga, 1–3 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rw: Option<String>,
    /// Street address (`alamat`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<Personal>,
}

/// One family: one family card (KK) and its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// The family-card number (`no_kk`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<IdField<NoKk>>,
    /// The members, in the order of the card.
    #[serde(default)]
    pub members: Vec<Member>,
}

/// One member of a family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The member's NIK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<IdField<Nik>>,
    /// Full name (`nama`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Personal>,
    /// Birth date (`tgl_lahir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Sex (`jenis_kelamin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Relationship to the head of the family (`hub_keluarga`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<Relationship>,
    /// Marital status (`status_kawin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marital_status: Option<MaritalStatus>,
    /// Pregnant now (`hamil`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
    /// Kind of disability (`disabilitas`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability: Option<Disability>,
    /// Severe disability, needing daily help (`disabilitas_berat`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severe_disability: Option<bool>,
    /// Current schooling (`sekolah`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schooling: Option<Schooling>,
    /// Highest completed education (`pendidikan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
    /// Worked in the last week (`bekerja`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working: Option<bool>,
}

/// The dwelling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Housing {
    /// Floor area in m² (`luas_lantai`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_area: Option<f64>,
    /// Main floor material (`jenis_lantai`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<FloorMaterial>,
    /// Main wall material (`jenis_dinding`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall: Option<WallMaterial>,
    /// Main roof material (`jenis_atap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roof: Option<RoofMaterial>,
    /// Drinking-water source (`sumber_air`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water: Option<WaterSource>,
    /// Lighting (`penerangan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lighting: Option<Lighting>,
    /// Cooking fuel (`bahan_bakar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooking_fuel: Option<CookingFuel>,
    /// Toilet (`jamban`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toilet: Option<Toilet>,
    /// Tenure (`status_rumah`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenure: Option<Tenure>,
}

impl Housing {
    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        *self == Housing::default()
    }
}

/// The documents presented, as references (file names, URLs, archive ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Photo of the KTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ktp_photo: Option<String>,
    /// The family card (KK), copy or photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    /// Photo of the front of the house.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_photo: Option<String>,
}

impl Documents {
    /// True when no document is referenced.
    pub fn is_empty(&self) -> bool {
        *self == Documents::default()
    }
}

/// An identity number as found in the input: valid, or the raw text with the
/// error that rejected it.
///
/// Deserializing never fails on a bad number: the household still loads and
/// validation reports the error at its path. A JSON number is taken as its
/// digits (a float is spreadsheet damage). `Debug` masks the raw text.
#[derive(Clone, PartialEq, Eq)]
pub enum IdField<T> {
    /// A valid number.
    Valid(T),
    /// What was found, and why it was rejected.
    Invalid {
        /// The text as given.
        raw: Personal,
        /// Why it is not valid.
        error: IdError,
    },
}

/// What [`IdField`] needs of a number type.
pub trait IdNumber: Sized + Copy {
    /// The strict parse.
    fn parse_id(s: &str) -> Result<Self, IdError>;
    /// The raw digits.
    fn raw_id(self) -> String;
    /// The masked form.
    fn masked_id(self) -> String;
    /// As a number.
    fn as_u64_id(self) -> u64;
}

impl IdNumber for Nik {
    fn parse_id(s: &str) -> Result<Self, IdError> {
        Nik::parse(s)
    }
    fn raw_id(self) -> String {
        self.raw()
    }
    fn masked_id(self) -> String {
        self.masked()
    }
    fn as_u64_id(self) -> u64 {
        self.as_u64()
    }
}

impl IdNumber for NoKk {
    fn parse_id(s: &str) -> Result<Self, IdError> {
        NoKk::parse(s)
    }
    fn raw_id(self) -> String {
        self.raw()
    }
    fn masked_id(self) -> String {
        self.masked()
    }
    fn as_u64_id(self) -> u64 {
        self.as_u64()
    }
}

impl<T: IdNumber> IdField<T> {
    /// Parses text (strict), keeping it when invalid.
    pub fn from_text(s: &str) -> IdField<T> {
        match T::parse_id(s) {
            Ok(v) => IdField::Valid(v),
            Err(error) => IdField::Invalid {
                raw: Personal::new(s.to_owned()),
                error,
            },
        }
    }

    /// The valid number, if it is one.
    pub fn valid(&self) -> Option<T> {
        match self {
            IdField::Valid(v) => Some(*v),
            IdField::Invalid { .. } => None,
        }
    }

    /// The error, if invalid.
    pub fn error(&self) -> Option<&IdError> {
        match self {
            IdField::Valid(_) => None,
            IdField::Invalid { error, .. } => Some(error),
        }
    }

    /// The text as given (digits for a valid number). Personal data.
    pub fn raw(&self) -> String {
        match self {
            IdField::Valid(v) => v.raw_id(),
            IdField::Invalid { raw, .. } => raw.expose().to_owned(),
        }
    }

    /// Masked, for messages.
    pub fn masked(&self) -> String {
        match self {
            IdField::Valid(v) => v.masked_id(),
            IdField::Invalid { raw, .. } => mask_digits(raw.expose()),
        }
    }
}

impl<T: IdNumber> From<T> for IdField<T> {
    fn from(v: T) -> IdField<T> {
        IdField::Valid(v)
    }
}

impl<T: IdNumber> fmt::Debug for IdField<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdField::Valid(_) => write!(f, "{}", self.masked()),
            IdField::Invalid { error, .. } => {
                write!(f, "Invalid({}, {})", self.masked(), error.code())
            }
        }
    }
}

impl<T: IdNumber> Serialize for IdField<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw())
    }
}

impl<'de, T: IdNumber> Deserialize<'de> for IdField<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdField<T>, D::Error> {
        Ok(
            match Scalar::read(d, "a 16-digit number, as text or as a number")? {
                Scalar::Unsigned(n) => IdField::from_text(&n.to_string()),
                Scalar::Negative(n) => IdField::from_text(&n.to_string()),
                // A float: the digits went through a spreadsheet or a float column.
                Scalar::Float(x) => IdField::from_text(&format!("{x:E}")),
                Scalar::Text(s) => IdField::from_text(&s),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Code;

    #[test]
    fn bad_ids_load_and_keep_their_error() {
        let m: Member =
            serde_json::from_str(r#"{"nik": "3.57301E+15", "name": "Siti Aminah"}"#).unwrap();
        let nik = m.nik.unwrap();
        assert_eq!(
            nik.error().map(|e| e.code()),
            Some(Code::NikScientificNotation)
        );
        let m: Member = serde_json::from_str(r#"{"nik": 3171014101900001}"#).unwrap();
        assert!(m.nik.unwrap().valid().is_some());
        let m: Member = serde_json::from_str(r#"{"nik": 3.17101410190E15}"#).unwrap();
        assert_eq!(
            m.nik.unwrap().error().map(|e| e.code()),
            Some(Code::NikScientificNotation)
        );
    }

    #[test]
    fn debug_masks_names_and_numbers() {
        let m: Member = serde_json::from_str(
            r#"{"nik": "3171014101900001", "name": "Siti Aminah", "relationship": 1}"#,
        )
        .unwrap();
        let d = format!("{m:?}");
        assert!(!d.contains("Siti"), "{d}");
        assert!(!d.contains("4101900"), "{d}");
        assert_eq!(m.relationship, Some(Relationship::Head));
    }

    #[test]
    fn numbers_that_are_no_id_or_code_are_kept_or_refused_by_name() {
        // A negative number is kept as written, and invalid.
        let m: Member = serde_json::from_str(r#"{"nik": -3171014101900001}"#).unwrap();
        let nik = m.nik.unwrap();
        assert!(nik.valid().is_none());
        assert_eq!(nik.raw(), "-3171014101900001");
        // A code list refuses negatives, fractions and booleans, naming its column.
        for bad in ["-1", "1.5", "true"] {
            let json = format!(r#"{{"relationship": {bad}}}"#);
            let e = serde_json::from_str::<Member>(&json)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("hub_keluarga") || e.contains("a name or a numeric code"),
                "{bad}: {e}"
            );
        }
        let e = serde_json::from_str::<Member>(r#"{"sex": 3}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("jenis_kelamin"), "{e}");
        assert!(serde_json::from_str::<Member>(r#"{"nik": true}"#).is_err());
    }

    #[test]
    fn unknown_fields_are_rejected() {
        assert!(serde_json::from_str::<Member>(r#"{"nikk": "1"}"#).is_err());
    }
}
