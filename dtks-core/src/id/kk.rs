//! The KK number.

use super::{
    check_date, check_region, digits, from_u64, pair, region_of_issue, to_string16, to_u64, two,
    IdError, IdErrorKind, IdKind, Mode, RegionOfIssue,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid Nomor Kartu Keluarga (family-card number).
///
/// Layout (docs/domain/identity.md §2.1): `PPKKCC DDMMYY SSSS` — the Kemendagri district
/// where the number was issued, the date the card was recorded (DDMMYY, no +40
/// rule: it is not a birth date) and the family serial from 0001.
///
/// Same discipline as [`Nik`](super::Nik): always valid, masked in `Debug` and
/// `Display`, raw digits from [`NoKk::raw`], serialized as its digits.
///
/// ```
/// use dtks_core::id::NoKk;
/// use chrono::NaiveDate;
/// let kk = NoKk::parse("3171011503150007").unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// assert_eq!(kk.recorded_on(as_of), NaiveDate::from_ymd_opt(2015, 3, 15));
/// assert_eq!(kk.to_string(), "3171••••••••0007");
/// // Digits 7–8 = 41 is a valid NIK day for a woman, never a KK day.
/// assert!(NoKk::parse("3171014103150007").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoKk(u64);

impl NoKk {
    /// Strict parse: exactly 16 ASCII digits.
    pub fn parse(s: &str) -> Result<NoKk, IdError> {
        NoKk::from_digits(digits(IdKind::Kk, s, Mode::Strict)?)
    }

    /// Lenient parse: whitespace trimmed; spaces, dots and dashes between
    /// digits removed.
    pub fn parse_lenient(s: &str) -> Result<NoKk, IdError> {
        NoKk::from_digits(digits(IdKind::Kk, s, Mode::Lenient)?)
    }

    fn from_digits(d: [u8; 16]) -> Result<NoKk, IdError> {
        check_region(IdKind::Kk, &d)?;
        check_date(IdKind::Kk, two(&d, 6), two(&d, 8), two(&d, 10))?;
        if two(&d, 12) == 0 && two(&d, 14) == 0 {
            return Err(IdError::new(IdKind::Kk, IdErrorKind::SerialZero));
        }
        Ok(NoKk(to_u64(&d)))
    }

    /// The number as a `u64`.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// Rebuilds a `NoKk` from [`NoKk::as_u64`], checking it again.
    pub fn from_u64(v: u64) -> Result<NoKk, IdError> {
        if v >= 10_000_000_000_000_000 {
            return Err(IdError::new(IdKind::Kk, IdErrorKind::Length { len: 17 }));
        }
        NoKk::from_digits(from_u64(v))
    }

    /// The raw 16 digits. Personal data: only where the caller asked for it.
    pub fn raw(self) -> String {
        to_string16(self.0)
    }

    /// The masked form, `3171••••••••0007`.
    pub fn masked(self) -> String {
        crate::personal::mask_digits(&self.raw())
    }

    fn part(self, i: usize) -> u8 {
        pair(self.0, i)
    }

    /// Digits 1–2: province of issue.
    pub fn province_code(self) -> u8 {
        self.part(0)
    }

    /// Digits 3–4: regency/city of issue.
    pub fn regency_code(self) -> u8 {
        self.part(2)
    }

    /// Digits 5–6: district of issue.
    pub fn district_code(self) -> u8 {
        self.part(4)
    }

    /// The district of issue, dotted: `31.71.01`.
    pub fn district_dotted(self) -> String {
        format!(
            "{:02}.{:02}.{:02}",
            self.province_code(),
            self.regency_code(),
            self.district_code()
        )
    }

    /// Whether the region code is current or retired (with its successor).
    pub fn region_of_issue(self) -> RegionOfIssue {
        region_of_issue(self.0)
    }

    /// Digits 13–16, the family serial (1–9999).
    pub fn serial(self) -> u16 {
        (self.0 % 10_000) as u16
    }

    /// The two-digit year of recording.
    pub fn recorded_yy(self) -> u8 {
        self.part(10)
    }

    /// The recording date, with the century resolved against `as_of`.
    ///
    /// Rule: 20YY when the year 20YY is not after `as_of`'s year, else 19YY.
    /// The rule works on the **year**, not the date, so that a card dated
    /// later in the current year than `as_of` stays in the future and is
    /// caught by [`NoKk::is_recorded_after`] (docs/domain/identity.md §6 case 37), while a
    /// two-digit year ahead of the current one is read as last century.
    /// `None` only for 29 February `00` resolved to 1900.
    pub fn recorded_on(self, as_of: NaiveDate) -> Option<NaiveDate> {
        let yy = i32::from(self.recorded_yy());
        let year = if 2000 + yy <= as_of.year() {
            2000 + yy
        } else {
            1900 + yy
        };
        NaiveDate::from_ymd_opt(year, u32::from(self.part(8)), u32::from(self.part(6)))
    }

    /// Whether the card's recording date lies after `as_of`.
    pub fn is_recorded_after(self, as_of: NaiveDate) -> bool {
        self.recorded_on(as_of).is_some_and(|d| d > as_of)
    }

    /// Whether the recording date this number carries is possible on
    /// `as_of`: the one decision `dtks kk`, every face's decode and household
    /// validation share. A card cannot be recorded after `as_of`
    /// ([`Recording::Future`]), nor, read in the last century, before
    /// computerised 16-digit KK numbers existed ([`Recording::BeforeRegistry`]:
    /// `05 09 38` on 2026-06-30 is 2038, in the future, or 1938, decades
    /// before any KK number; either way not a real card).
    ///
    /// ```
    /// use dtks_core::id::{NoKk, Recording};
    /// use chrono::NaiveDate;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    /// let ok = NoKk::parse("3171011503150007").unwrap();
    /// assert!(matches!(ok.recording(as_of), Recording::Possible(_)));
    /// let kk = NoKk::parse("3218010509380001").unwrap();
    /// assert!(matches!(kk.recording(as_of), Recording::BeforeRegistry { .. }));
    /// let tomorrow = NoKk::parse("3171010107260001").unwrap();
    /// assert!(matches!(tomorrow.recording(as_of), Recording::Future(_)));
    /// ```
    pub fn recording(self, as_of: NaiveDate) -> Recording {
        match self.recorded_on(as_of) {
            None => Recording::BeforeRegistry {
                digits: self.recording_digits(),
            },
            Some(d) if d > as_of => Recording::Future(d),
            Some(d) if d.year() < KK_EARLIEST_YEAR => Recording::BeforeRegistry {
                digits: self.recording_digits(),
            },
            Some(d) => Recording::Possible(d),
        }
    }

    /// Digits 7–12 as `DD-MM-YY`.
    fn recording_digits(self) -> String {
        format!(
            "{:02}-{:02}-{:02}",
            self.part(6),
            self.part(8),
            self.recorded_yy()
        )
    }
}

/// The first year a 16-digit KK number can carry as its recording date.
///
/// KK numbers are generated by the computerised population registry: local
/// SIMDUK systems from about 1995, replaced by SIAK in 2004 (intronesia.id, in
/// docs/domain/identity.md §1.4). The further claim that SIMDUK was built by
/// Ditjen Dukcapil in 1995 and that the register was kept by hand before it
/// (Permendagri 88/1977), credited to the Dirjen Dukcapil as quoted by Dukcapil
/// Kabupaten Kubu Raya in 2019, is unconfirmed: docs/domain/identity.md §2.2.
/// A working lower bound: a date read in the 1900s before this year is taken
/// to be no real card's.
pub const KK_EARLIEST_YEAR: i32 = 1995;

/// What a KK number's recording date says on a reference date
/// ([`NoKk::recording`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recording {
    /// A possible recording date.
    Possible(NaiveDate),
    /// After the reference date: the card cannot exist yet (`KK_ISSUED_FUTURE`).
    Future(NaiveDate),
    /// Read as 20YY it is after the reference date, read as 19YY it is before
    /// [`KK_EARLIEST_YEAR`] (`KK_ISSUED_BEFORE_REGISTRY`); `digits` are DD-MM-YY.
    BeforeRegistry {
        /// Digits 7–12 as `DD-MM-YY`.
        digits: String,
    },
}

impl Recording {
    /// The problem this says at `path`, if any.
    pub fn problem(&self, path: &str, as_of: NaiveDate) -> Option<crate::problem::Problem> {
        use crate::problem::{Code, Problem};
        match self {
            Recording::Possible(_) => None,
            Recording::Future(d) => Some(
                Problem::new(Code::KkIssuedFuture, path)
                    .with("date", d)
                    .with("as_of", as_of),
            ),
            Recording::BeforeRegistry { digits } => Some(
                Problem::new(Code::KkIssuedBeforeRegistry, path)
                    .with("digits", digits)
                    .with("earliest", KK_EARLIEST_YEAR)
                    .with("as_of", as_of),
            ),
        }
    }
}

impl fmt::Debug for NoKk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoKk({})", self.masked())
    }
}

impl fmt::Display for NoKk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl FromStr for NoKk {
    type Err = IdError;
    /// The strict parse.
    fn from_str(s: &str) -> Result<NoKk, IdError> {
        NoKk::parse(s)
    }
}

impl Serialize for NoKk {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw())
    }
}

impl<'de> Deserialize<'de> for NoKk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NoKk, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        NoKk::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Code;
    use proptest::prelude::*;

    fn code(s: &str) -> Option<Code> {
        NoKk::parse(s).err().map(|e| e.code())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn kk_rejections_each_name_one_code() {
        assert_eq!(code("3171011503150007"), None);
        assert_eq!(
            code("3171014103150007"),
            Some(Code::KkDateInvalid),
            "no +40 on a KK"
        );
        assert_eq!(code("3171013102150007"), Some(Code::KkDateInvalid));
        assert_eq!(code("3171012902150007"), Some(Code::KkLeapDay));
        assert_eq!(code("3171012902160007"), None);
        assert_eq!(code("3171011503150000"), Some(Code::KkSerialZero));
        assert_eq!(code("9971011503150007"), Some(Code::KkProvinceUnknown));
        assert_eq!(code("3170011503150007"), Some(Code::KkRegencyUnknown));
        assert_eq!(code("3171001503150007"), Some(Code::KkDistrictUnknown));
        assert_eq!(code("317101150315000"), Some(Code::KkDigitsLost));
        assert_eq!(code("3.17101E+15"), Some(Code::KkScientificNotation));
        assert_eq!(code("31710115031500O7"), Some(Code::KkNonDigit));
        assert_eq!(code("1"), Some(Code::KkLength));
    }

    #[test]
    fn a_card_recorded_later_this_year_is_in_the_future() {
        let kk = NoKk::parse("3171013012260007").unwrap();
        let as_of = date(2026, 11, 24);
        assert_eq!(kk.recorded_on(as_of), Some(date(2026, 12, 30)));
        assert!(kk.is_recorded_after(as_of));
        assert!(!kk.is_recorded_after(date(2026, 12, 30)));
        // A year ahead of as_of is last century.
        let old = NoKk::parse("3171013012990007").unwrap();
        assert_eq!(old.recorded_on(as_of), Some(date(1999, 12, 30)));
    }

    fn arb_kk() -> impl Strategy<Value = String> {
        let prefixes = prop::sample::select(vec!["317101", "110101", "910203", "640412"]);
        (prefixes, 1u32..=28, 1u32..=12, 0u32..=99, 1u32..=9999)
            .prop_map(|(p, d, m, y, s)| format!("{p}{d:02}{m:02}{y:02}{s:04}"))
    }

    proptest! {
        #[test]
        fn valid_kks_round_trip(s in arb_kk()) {
            let kk = NoKk::parse(&s).unwrap();
            prop_assert_eq!(kk.raw(), s.clone());
            prop_assert_eq!(NoKk::from_u64(kk.as_u64()), Ok(kk));
            let j = serde_json::to_string(&kk).unwrap();
            prop_assert_eq!(serde_json::from_str::<NoKk>(&j).unwrap(), kk);
        }

        #[test]
        fn any_string_parses_or_names_one_kk_code(s in "\\PC{0,24}") {
            for r in [NoKk::parse(&s), NoKk::parse_lenient(&s)] {
                if let Err(e) = r {
                    prop_assert!(e.code().as_str().starts_with("KK_"));
                }
            }
        }
    }
}
