//! The code lists of the reference export layout (docs/domain/export-layout.md), as enums.
//!
//! Each enum has its numeric export code ([`CodeList::code`]), its JSON name
//! (snake_case English), and labels in Indonesian and English. In JSON a value
//! may be given by name (`"plastered_brick"`) or by its export code (`4`);
//! it is always written by name. An unknown value is never guessed: it stays
//! unknown (`None`) and the reader reports it.

use crate::problem::Lang;
use crate::scalar::Scalar;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What every code-list enum offers.
pub trait CodeList: Sized + Copy + 'static {
    /// The field name in the export layout (`jenis_lantai`).
    const COLUMN: &'static str;
    /// Every value, in code order.
    const ALL: &'static [Self];
    /// The export-layout code.
    fn code(self) -> u8;
    /// The JSON name.
    fn name(self) -> &'static str;
    /// A label for people.
    fn label(self, lang: Lang) -> &'static str;
    /// From the export-layout code.
    fn from_code(code: u8) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
    /// From the JSON name.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
    /// The allowed codes as text, for messages: `1–7`.
    fn code_range() -> String {
        let first = Self::ALL.first().map_or(0, |v| v.code());
        let last = Self::ALL.last().map_or(0, |v| v.code());
        format!("{first}–{last}")
    }
}

macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident, $column:literal {
        $( $(#[$vdoc:meta])* $variant:ident = $code:literal, $json:literal, en: $en:literal, id: $id:literal; )*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name { $( $(#[$vdoc])* $variant, )* }

        impl CodeList for $name {
            const COLUMN: &'static str = $column;
            const ALL: &'static [Self] = &[ $( $name::$variant, )* ];
            fn code(self) -> u8 { match self { $( $name::$variant => $code, )* } }
            fn name(self) -> &'static str { match self { $( $name::$variant => $json, )* } }
            fn label(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Id => match self { $( $name::$variant => $id, )* },
                    Lang::En => match self { $( $name::$variant => $en, )* },
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_code_list(d)
            }
        }
    };
}

/// Accepts the JSON name or the numeric export code (as a number or a string).
fn deserialize_code_list<'de, D: Deserializer<'de>, T: CodeList>(d: D) -> Result<T, D::Error> {
    let found = match Scalar::read(d, "a name or a numeric code")? {
        Scalar::Unsigned(n) => u8::try_from(n).ok().and_then(T::from_code),
        Scalar::Text(s) => {
            T::from_name(&s).or_else(|| s.trim().parse::<u8>().ok().and_then(T::from_code))
        }
        Scalar::Negative(_) | Scalar::Float(_) => None,
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
        serde::de::Error::custom(format!(
            "{}: expected one of {} or a code {}",
            T::COLUMN,
            names.join(", "),
            T::code_range()
        ))
    })
}

code_list! {
    /// `hub_keluarga`: relationship to the head of the **family** (not of the household).
    Relationship, "hub_keluarga" {
        /// Kepala keluarga.
        Head = 1, "head", en: "head of family", id: "kepala keluarga";
        /// Istri/suami.
        Spouse = 2, "spouse", en: "spouse", id: "istri/suami";
        /// Anak.
        Child = 3, "child", en: "child", id: "anak";
        /// Menantu.
        ChildInLaw = 4, "child_in_law", en: "child-in-law", id: "menantu";
        /// Cucu.
        Grandchild = 5, "grandchild", en: "grandchild", id: "cucu";
        /// Orang tua / mertua.
        Parent = 6, "parent", en: "parent or parent-in-law", id: "orang tua/mertua";
        /// Pembantu rumah tangga.
        HouseholdHelp = 7, "household_help", en: "household help", id: "pembantu rumah tangga";
        /// Lainnya.
        Other = 8, "other", en: "other", id: "lainnya";
    }
}

code_list! {
    /// `status_kawin`: marital status.
    MaritalStatus, "status_kawin" {
        /// Belum kawin.
        NeverMarried = 1, "never_married", en: "never married", id: "belum kawin";
        /// Kawin.
        Married = 2, "married", en: "married", id: "kawin";
        /// Cerai hidup.
        Divorced = 3, "divorced", en: "divorced", id: "cerai hidup";
        /// Cerai mati.
        Widowed = 4, "widowed", en: "widowed", id: "cerai mati";
    }
}

code_list! {
    /// `disabilitas`: kind of disability.
    Disability, "disabilitas" {
        /// Tidak ada.
        None = 0, "none", en: "none", id: "tidak ada";
        /// Fisik.
        Physical = 1, "physical", en: "physical", id: "fisik";
        /// Intelektual.
        Intellectual = 2, "intellectual", en: "intellectual", id: "intelektual";
        /// Mental.
        Mental = 3, "mental", en: "mental", id: "mental";
        /// Sensorik.
        Sensory = 4, "sensory", en: "sensory", id: "sensorik";
        /// Ganda.
        Multiple = 5, "multiple", en: "multiple", id: "ganda";
    }
}

code_list! {
    /// `sekolah`: current schooling.
    Schooling, "sekolah" {
        /// Tidak bersekolah.
        NotInSchool = 0, "not_in_school", en: "not in school", id: "tidak bersekolah";
        /// PAUD/TK.
        EarlyChildhood = 1, "early_childhood", en: "PAUD/kindergarten", id: "PAUD/TK";
        /// SD/MI.
        Primary = 2, "primary", en: "primary school (SD/MI)", id: "SD/MI";
        /// SMP/MTs.
        JuniorSecondary = 3, "junior_secondary", en: "junior secondary (SMP/MTs)", id: "SMP/MTs";
        /// SMA/MA.
        SeniorSecondary = 4, "senior_secondary", en: "senior secondary (SMA/MA)", id: "SMA/MA";
        /// SMK.
        Vocational = 5, "vocational", en: "vocational secondary (SMK)", id: "SMK";
        /// Perguruan tinggi (D1–S3).
        University = 6, "university", en: "university (D1–S3)", id: "perguruan tinggi (D1–S3)";
    }
}

code_list! {
    /// `pendidikan`: highest completed level.
    Education, "pendidikan" {
        /// Tidak/belum tamat SD.
        None = 0, "none", en: "none", id: "tidak/belum tamat SD";
        /// SD (incl. Paket A).
        Primary = 1, "primary", en: "primary (incl. Paket A)", id: "SD (termasuk Paket A)";
        /// SMP (Paket B).
        JuniorSecondary = 2, "junior_secondary", en: "junior secondary (incl. Paket B)", id: "SMP (termasuk Paket B)";
        /// SMA/SMK (Paket C).
        SeniorSecondary = 3, "senior_secondary", en: "senior secondary (incl. Paket C)", id: "SMA/SMK (termasuk Paket C)";
        /// D1–D3.
        Diploma = 4, "diploma", en: "diploma (D1–D3)", id: "D1–D3";
        /// D4/S1 and above.
        Degree = 5, "degree", en: "D4/S1 or higher", id: "D4/S1 ke atas";
    }
}

code_list! {
    /// `jenis_lantai`: main floor material.
    FloorMaterial, "jenis_lantai" {
        /// Tanah.
        Soil = 1, "soil", en: "soil", id: "tanah";
        /// Bambu.
        Bamboo = 2, "bamboo", en: "bamboo", id: "bambu";
        /// Kayu/papan kualitas rendah.
        CheapWood = 3, "cheap_wood", en: "cheap wood/board", id: "kayu/papan kualitas rendah";
        /// Semen/bata merah.
        Cement = 4, "cement", en: "cement/red brick", id: "semen/bata merah";
        /// Ubin/keramik/teraso.
        Tile = 5, "tile", en: "tile/ceramic/terrazzo", id: "ubin/keramik/teraso";
        /// Lainnya.
        Other = 6, "other", en: "other", id: "lainnya";
        /// Marmer/granit/parket/vinil/kayu kualitas tinggi.
        HighQuality = 7, "high_quality", en: "high-quality finish", id: "marmer/granit/parket/vinil/kayu kualitas tinggi";
    }
}

code_list! {
    /// `jenis_dinding`: main wall material.
    WallMaterial, "jenis_dinding" {
        /// Bambu/rumbia.
        Bamboo = 1, "bamboo", en: "bamboo/thatch", id: "bambu/rumbia";
        /// Kayu kualitas rendah.
        CheapWood = 2, "cheap_wood", en: "low-quality wood", id: "kayu kualitas rendah";
        /// Tembok tanpa plester.
        UnplasteredBrick = 3, "unplastered_brick", en: "unplastered brick", id: "tembok tanpa plester";
        /// Tembok diplester.
        PlasteredBrick = 4, "plastered_brick", en: "plastered brick/wall", id: "tembok diplester";
        /// Lainnya.
        Other = 5, "other", en: "other", id: "lainnya";
    }
}

code_list! {
    /// `jenis_atap`: main roof material.
    RoofMaterial, "jenis_atap" {
        /// Ijuk/rumbia/daun.
        Thatch = 1, "thatch", en: "thatch/leaves", id: "ijuk/rumbia/daun";
        /// Seng/asbes.
        Zinc = 2, "zinc", en: "zinc/asbestos", id: "seng/asbes";
        /// Genteng.
        Tile = 3, "tile", en: "roof tile", id: "genteng";
        /// Beton.
        Concrete = 4, "concrete", en: "concrete", id: "beton";
        /// Lainnya.
        Other = 5, "other", en: "other", id: "lainnya";
    }
}

code_list! {
    /// `sumber_air`: drinking-water source.
    WaterSource, "sumber_air" {
        /// Sumur/mata air tak terlindung, sungai, hujan.
        Unprotected = 1, "unprotected", en: "unprotected well/spring, river or rain", id: "sumur/mata air tak terlindung, sungai, air hujan";
        /// Sumur/mata air terlindung.
        Protected = 2, "protected", en: "protected well/spring", id: "sumur/mata air terlindung";
        /// Pompa.
        Pump = 3, "pump", en: "pump", id: "pompa";
        /// Ledeng.
        Piped = 4, "piped", en: "piped water", id: "ledeng";
        /// Air isi ulang.
        Refill = 5, "refill", en: "refill water", id: "air isi ulang";
        /// Air kemasan bermerk.
        BottledBranded = 6, "bottled_branded", en: "branded bottled water", id: "air kemasan bermerk";
        /// Lainnya.
        Other = 7, "other", en: "other", id: "lainnya";
    }
}

code_list! {
    /// `penerangan`: lighting.
    Lighting, "penerangan" {
        /// Tidak ada / lampu minyak.
        None = 1, "none", en: "none or oil lamp", id: "tidak ada/lampu minyak";
        /// PLN tanpa meteran.
        PlnNoMeter = 2, "pln_no_meter", en: "PLN without meter", id: "PLN tanpa meteran";
        /// PLN 450 VA.
        Pln450 = 3, "pln_450", en: "PLN 450 VA", id: "PLN 450 VA";
        /// PLN 900 VA.
        Pln900 = 4, "pln_900", en: "PLN 900 VA", id: "PLN 900 VA";
        /// PLN > 900 VA.
        PlnAbove900 = 5, "pln_above_900", en: "PLN above 900 VA", id: "PLN di atas 900 VA";
        /// Listrik non-PLN.
        NonPln = 6, "non_pln", en: "non-PLN electricity", id: "listrik non-PLN";
    }
}

code_list! {
    /// `bahan_bakar`: cooking fuel.
    CookingFuel, "bahan_bakar" {
        /// Kayu/arang/briket.
        Wood = 1, "wood", en: "wood, charcoal or briquettes", id: "kayu bakar/arang/briket";
        /// Minyak tanah.
        Kerosene = 2, "kerosene", en: "kerosene", id: "minyak tanah";
        /// LPG 3 kg.
        Lpg3kg = 3, "lpg_3kg", en: "LPG 3 kg", id: "LPG 3 kg";
        /// LPG > 3 kg / gas kota / biogas / listrik.
        GasOrElectric = 4, "gas_or_electric", en: "LPG over 3 kg, town gas, biogas or electric", id: "LPG > 3 kg/gas kota/biogas/listrik";
        /// Tidak memasak di rumah.
        DoesNotCook = 5, "does_not_cook", en: "does not cook at home", id: "tidak memasak di rumah";
    }
}

code_list! {
    /// `jamban`: toilet.
    Toilet, "jamban" {
        /// Tidak ada.
        None = 1, "none", en: "none", id: "tidak ada";
        /// Bersama.
        Shared = 2, "shared", en: "shared", id: "bersama";
        /// Sendiri.
        Own = 3, "own", en: "own", id: "sendiri";
        /// Umum.
        Public = 4, "public", en: "public", id: "umum";
    }
}

code_list! {
    /// `status_rumah`: tenure.
    Tenure, "status_rumah" {
        /// Milik sendiri.
        Own = 1, "own", en: "own", id: "milik sendiri";
        /// Sewa/kontrak.
        Rent = 2, "rent", en: "rent", id: "sewa/kontrak";
        /// Bebas sewa.
        RentFree = 3, "rent_free", en: "free of charge", id: "bebas sewa";
        /// Lainnya.
        Other = 4, "other", en: "other", id: "lainnya";
        /// Rumah dinas.
        Official = 5, "official", en: "official housing", id: "rumah dinas";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        fn check<
            T: CodeList + std::fmt::Debug + PartialEq + Serialize + for<'a> Deserialize<'a>,
        >() {
            for v in T::ALL {
                assert_eq!(T::from_code(v.code()), Some(*v));
                assert_eq!(T::from_name(v.name()), Some(*v));
                let j = serde_json::to_string(v).unwrap();
                assert_eq!(serde_json::from_str::<T>(&j).unwrap(), *v);
                let n = v.code().to_string();
                assert_eq!(serde_json::from_str::<T>(&n).unwrap(), *v);
                assert_ne!(v.label(Lang::Id), "");
            }
            assert!(serde_json::from_str::<T>("99").is_err());
            assert!(serde_json::from_str::<T>("\"nope\"").is_err());
        }
        check::<Relationship>();
        check::<MaritalStatus>();
        check::<Disability>();
        check::<Schooling>();
        check::<Education>();
        check::<FloorMaterial>();
        check::<WallMaterial>();
        check::<RoofMaterial>();
        check::<WaterSource>();
        check::<Lighting>();
        check::<CookingFuel>();
        check::<Toilet>();
        check::<Tenure>();
    }
}
