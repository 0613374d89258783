//! The NIK.

use super::{
    check_date, check_region, digits, from_u64, pair, region_of_issue, to_string16, to_u64, two,
    IdError, IdErrorKind, IdKind, Mode, RegionOfIssue, Sex,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid Nomor Induk Kependudukan.
///
/// Layout (docs/domain/identity.md §1.2): `PPKKCC DDMMYY SSSS` — the Kemendagri district
/// of first registration, the birth date (day + 40 for women, two-digit year)
/// and a serial from 0001.
///
/// A `Nik` is always valid: the region exists (currently, or as a code
/// retired by the 2012 Kalimantan Utara or 2022 Papua splits, which stays
/// valid for life), the day and month are possible, 29 February only in a
/// year that is a leap year in at least one century (`00` → 2000), and the
/// serial is not 0000. Its `Debug` and `Display` mask the middle eight digits;
/// [`Nik::raw`] gives the digits.
///
/// ```
/// use dtks_core::id::{Nik, Sex};
/// use chrono::NaiveDate;
/// let nik = Nik::parse("3171015708900001").unwrap();
/// assert_eq!(nik.sex(), Sex::Female);          // 57 = 17 + 40
/// assert_eq!(nik.province_code(), 31);
/// assert_eq!(nik.serial(), 1);
/// let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// assert_eq!(nik.birth_date(as_of), NaiveDate::from_ymd_opt(1990, 8, 17));
/// assert_eq!(format!("{nik:?}"), "Nik(3171••••••••0001)");
/// assert_eq!(nik.raw(), "3171015708900001");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nik(u64);

/// Conventional birth dates recorded when the real one was unknown
/// (docs/domain/identity.md §1.4: 31 December under SIMDUK before 2004, 1 July under SIAK
/// since 2004, the 15th when only the month is known; Permendagri 19/2010).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BirthDateConvention {
    /// 1 July: the SIAK convention for an unknown date (since 2004).
    FirstOfJuly,
    /// 31 December: the SIMDUK convention before 2004.
    ThirtyFirstOfDecember,
    /// The 15th: only the month was known.
    Fifteenth,
}

impl Nik {
    /// Strict parse: exactly 16 ASCII digits, nothing else.
    pub fn parse(s: &str) -> Result<Nik, IdError> {
        Nik::from_digits(digits(IdKind::Nik, s, Mode::Strict)?)
    }

    /// Lenient parse: surrounding whitespace is trimmed and spaces, dots and
    /// dashes standing between digits are removed (`3171 0141 0190 0001`,
    /// `31.71.01-410190-0001`). The digits must still be 16.
    pub fn parse_lenient(s: &str) -> Result<Nik, IdError> {
        Nik::from_digits(digits(IdKind::Nik, s, Mode::Lenient)?)
    }

    fn from_digits(d: [u8; 16]) -> Result<Nik, IdError> {
        check_region(IdKind::Nik, &d)?;
        let raw_day = two(&d, 6);
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        if raw_day > 71 || (32..=40).contains(&raw_day) {
            return Err(IdError::new(
                IdKind::Nik,
                IdErrorKind::DateInvalid {
                    day: raw_day,
                    month: two(&d, 8),
                },
            ));
        }
        check_date(IdKind::Nik, day, two(&d, 8), two(&d, 10)).map_err(|e| {
            // Report the day as written (with the +40), not as decoded.
            match e.kind() {
                IdErrorKind::DateInvalid { month, .. } => IdError::new(
                    IdKind::Nik,
                    IdErrorKind::DateInvalid {
                        day: raw_day,
                        month: *month,
                    },
                ),
                _ => e,
            }
        })?;
        if two(&d, 12) == 0 && two(&d, 14) == 0 {
            return Err(IdError::new(IdKind::Nik, IdErrorKind::SerialZero));
        }
        Ok(Nik(to_u64(&d)))
    }

    /// The number as a `u64` (a NIK fits in one: compact cross-record indexes).
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// Rebuilds a `Nik` from [`Nik::as_u64`], checking it again.
    pub fn from_u64(v: u64) -> Result<Nik, IdError> {
        if v >= 10_000_000_000_000_000 {
            return Err(IdError::new(IdKind::Nik, IdErrorKind::Length { len: 17 }));
        }
        Nik::from_digits(from_u64(v))
    }

    /// The raw 16 digits. Personal data: only where the caller asked for it.
    pub fn raw(self) -> String {
        to_string16(self.0)
    }

    /// The masked form, `3171••••••••0001`.
    pub fn masked(self) -> String {
        crate::personal::mask_digits(&self.raw())
    }

    fn part(self, i: usize) -> u8 {
        pair(self.0, i)
    }

    /// Digits 1–2: the province of first registration.
    pub fn province_code(self) -> u8 {
        self.part(0)
    }

    /// Digits 3–4: the regency/city within the province.
    pub fn regency_code(self) -> u8 {
        self.part(2)
    }

    /// Digits 5–6: the district within the regency.
    pub fn district_code(self) -> u8 {
        self.part(4)
    }

    /// The district of first registration, dotted: `31.71.01`.
    pub fn district_dotted(self) -> String {
        format!(
            "{:02}.{:02}.{:02}",
            self.province_code(),
            self.regency_code(),
            self.district_code()
        )
    }

    /// The regency of first registration, dotted: `31.71`.
    pub fn regency_dotted(self) -> String {
        format!("{:02}.{:02}", self.province_code(), self.regency_code())
    }

    /// Whether the region code is current or retired (with its successor).
    pub fn region_of_issue(self) -> RegionOfIssue {
        region_of_issue(self.0)
    }

    /// Sex: day 41–71 is a woman (day + 40), 01–31 a man.
    pub fn sex(self) -> Sex {
        if self.part(6) > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Day of birth (1–31, the +40 removed).
    pub fn birth_day(self) -> u8 {
        let d = self.part(6);
        if d > 40 {
            d - 40
        } else {
            d
        }
    }

    /// Month of birth (1–12).
    pub fn birth_month(self) -> u8 {
        self.part(8)
    }

    /// The two-digit year of birth.
    pub fn birth_yy(self) -> u8 {
        self.part(10)
    }

    /// Digits 13–16, the serial (1–9999).
    pub fn serial(self) -> u16 {
        (self.0 % 10_000) as u16
    }

    /// The birth date, with the century resolved against `as_of`.
    ///
    /// The NIK holds only two year digits (docs/domain/identity.md §1.3). The rule: the
    /// date in 20YY if that date is not after `as_of`, else the date in 19YY
    /// — nobody is born in the future, and of the two candidates the later is
    /// taken. This is a **guess** for anyone a hundred years old or more (it
    /// makes centenarians infants); where the record carries a full birth
    /// date, use that and compare it with [`Nik::matches_birth_date`]. `None`
    /// when neither century gives a possible date on or before `as_of`
    /// (29 February `00` before 29 February 2000, or an `as_of` before 1900).
    pub fn birth_date(self, as_of: NaiveDate) -> Option<NaiveDate> {
        let (yy, m, d) = (
            i32::from(self.birth_yy()),
            u32::from(self.birth_month()),
            u32::from(self.birth_day()),
        );
        [2000 + yy, 1900 + yy]
            .into_iter()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .find(|date| *date <= as_of)
    }

    /// Whether a full birth date agrees with the NIK's day, month and
    /// two-digit year (any century).
    pub fn matches_birth_date(self, date: NaiveDate) -> bool {
        date.day() == u32::from(self.birth_day())
            && date.month() == u32::from(self.birth_month())
            && date.year().rem_euclid(100) == i32::from(self.birth_yy())
    }

    /// Which parts of a full birth date disagree with the NIK: `day`, `month`,
    /// `year` (two digits). Empty when they agree.
    pub fn birth_date_differences(self, date: NaiveDate) -> Vec<&'static str> {
        let mut v = Vec::new();
        if date.day() != u32::from(self.birth_day()) {
            v.push("day");
        }
        if date.month() != u32::from(self.birth_month()) {
            v.push("month");
        }
        if date.year().rem_euclid(100) != i32::from(self.birth_yy()) {
            v.push("year");
        }
        v
    }

    /// Whether the coded birth day and month are a conventional stand-in for
    /// an unknown date (docs/domain/identity.md §1.4). Such dates are valid; the flag
    /// tells an operator the birth date was probably estimated.
    pub fn birth_date_convention(self) -> Option<BirthDateConvention> {
        match (self.birth_day(), self.birth_month()) {
            (1, 7) => Some(BirthDateConvention::FirstOfJuly),
            (31, 12) => Some(BirthDateConvention::ThirtyFirstOfDecember),
            (15, _) => Some(BirthDateConvention::Fifteenth),
            _ => None,
        }
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl FromStr for Nik {
    type Err = IdError;
    /// The strict parse.
    fn from_str(s: &str) -> Result<Nik, IdError> {
        Nik::parse(s)
    }
}

impl Serialize for Nik {
    /// As its 16 digits: data files must round-trip.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw())
    }
}

impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Nik, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Nik::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Code;
    use proptest::prelude::*;

    /// Kota Jakarta Pusat, Gambir (31.71.01): a current district.
    const P: &str = "317101";

    fn code(s: &str) -> Option<Code> {
        Nik::parse(s).err().map(|e| e.code())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// docs/domain/identity.md §6, cases 1–18 (date + serial on a current prefix).
    #[test]
    fn identity_md_date_and_serial_cases() {
        let ok = |s: &str| assert_eq!(code(&format!("{P}{s}")), None, "{s}");
        let bad = |s: &str, c: Code| assert_eq!(code(&format!("{P}{s}")), Some(c), "{s}");
        ok("0101900001");
        ok("4101900001");
        ok("7101900001");
        ok("7004900001");
        bad("7104900001", Code::NikDateInvalid);
        bad("3104900001", Code::NikDateInvalid);
        bad("0001900001", Code::NikDateInvalid);
        bad("4001900001", Code::NikDateInvalid);
        bad("3201900001", Code::NikDateInvalid);
        bad("3901900001", Code::NikDateInvalid);
        bad("7201900001", Code::NikDateInvalid);
        bad("9901900001", Code::NikDateInvalid);
        bad("0100900001", Code::NikDateInvalid);
        bad("0113900001", Code::NikDateInvalid);
        ok("2902000001");
        ok("6902000001");
        bad("2902010001", Code::NikLeapDay);
        bad("6902010001", Code::NikLeapDay);
        ok("2902960001");
        bad("3002900001", Code::NikDateInvalid);
        bad("0101900000", Code::NikSerialZero);
        ok("0101909999");
    }

    #[test]
    fn twenty_nine_february_00_resolves_by_century() {
        let nik = Nik::parse(&format!("{P}2902000001")).unwrap();
        assert_eq!(nik.birth_date(date(2026, 1, 1)), Some(date(2000, 2, 29)));
        // Before 29 Feb 2000 the only candidate is 1900, not a leap year.
        assert_eq!(nik.birth_date(date(1999, 12, 31)), None);
    }

    #[test]
    fn century_rule_never_puts_a_birth_in_the_future() {
        let nik = Nik::parse(&format!("{P}0112250001")).unwrap();
        // 1 Dec 2025: on 30 Nov 2025 that date is still ahead, so 1925.
        assert_eq!(nik.birth_date(date(2025, 11, 30)), Some(date(1925, 12, 1)));
        assert_eq!(nik.birth_date(date(2025, 12, 1)), Some(date(2025, 12, 1)));
    }

    /// docs/domain/identity.md §6, whole-number cases 25–34.
    #[test]
    fn identity_md_region_and_length_cases() {
        assert_eq!(
            code("9101010101900001"),
            None,
            "old Merauke prefix 91.01.01"
        );
        assert_eq!(
            code("9301010101900001"),
            None,
            "new Merauke prefix 93.01.01"
        );
        assert_eq!(code("6404010101900001"), None, "old Bulungan 64.04.01");
        assert_eq!(code("9201010101900001"), None, "old Sorong 92.01.01");
        assert_eq!(code("0171010101900001"), Some(Code::NikProvinceUnknown));
        for p in ["99", "10", "20", "37"] {
            assert_eq!(
                code(&format!("{p}71010101900001")),
                Some(Code::NikProvinceUnknown)
            );
        }
        assert_eq!(code("3100010101900001"), Some(Code::NikRegencyUnknown));
        assert_eq!(code("3170010101900001"), Some(Code::NikRegencyUnknown));
        assert_eq!(code("3171000101900001"), Some(Code::NikDistrictUnknown));
        assert_eq!(code("317101010190001"), Some(Code::NikDigitsLost));
        assert_eq!(code("31710101019000011"), Some(Code::NikLength));
        assert_eq!(code(""), Some(Code::NikLength));
        assert_eq!(code("3.57301E+15"), Some(Code::NikScientificNotation));
        assert_eq!(code("3171 0101 0190 0001"), Some(Code::NikNonDigit));
    }

    #[test]
    fn retired_prefix_keeps_its_successor() {
        let nik = Nik::parse("9101010101900001").unwrap();
        match nik.region_of_issue() {
            RegionOfIssue::Retired(a) => assert!(a.new_code().starts_with("93.01")),
            other => panic!("expected retired, got {other:?}"),
        }
    }

    #[test]
    fn lenient_accepts_separators_between_digits_only() {
        let want = Nik::parse(&format!("{P}4101900001")).unwrap();
        for s in [
            " 3171 0141 0190 0001 ",
            "31.71.01.410190.0001",
            "317101-410190-0001",
            "3171 - 0141 0190 0001",
        ] {
            assert_eq!(Nik::parse_lenient(s), Ok(want), "{s:?}");
        }
        for s in [
            "-3171014101900001",
            "3171014101900001-",
            "3171_014101900001",
        ] {
            assert_eq!(
                Nik::parse_lenient(s).map_err(|e| e.code()),
                Err(Code::NikNonDigit),
                "{s:?}"
            );
        }
    }

    #[test]
    fn non_digit_position_is_one_based() {
        let e = Nik::parse("31710x4101900001").unwrap_err();
        assert_eq!(e.kind(), &IdErrorKind::NonDigit { position: 6 });
    }

    #[test]
    fn messages_and_debug_never_show_the_middle_digits() {
        let nik = Nik::parse(&format!("{P}4101900001")).unwrap();
        assert_eq!(nik.to_string(), "3171••••••••0001");
        assert!(!format!("{nik:?}").contains("410190"));
        let e = Nik::parse("3.57301E+15").unwrap_err();
        assert!(!e.to_string().contains("57301"));
    }

    #[test]
    fn serde_round_trips_as_digits() {
        let nik = Nik::parse(&format!("{P}4101900001")).unwrap();
        let j = serde_json::to_string(&nik).unwrap();
        assert_eq!(j, format!("\"{P}4101900001\""));
        assert_eq!(serde_json::from_str::<Nik>(&j).unwrap(), nik);
        assert!(serde_json::from_str::<Nik>("\"123\"").is_err());
    }

    #[test]
    fn conventions_are_flagged() {
        let c = |s: &str| {
            Nik::parse(&format!("{P}{s}"))
                .unwrap()
                .birth_date_convention()
        };
        assert_eq!(c("0107700001"), Some(BirthDateConvention::FirstOfJuly));
        assert_eq!(c("4107700001"), Some(BirthDateConvention::FirstOfJuly));
        assert_eq!(
            c("3112700001"),
            Some(BirthDateConvention::ThirtyFirstOfDecember)
        );
        assert_eq!(c("1506700001"), Some(BirthDateConvention::Fifteenth));
        assert_eq!(c("0201700001"), None);
    }

    /// A valid NIK from parts, for properties: a real district, any possible date.
    pub(crate) fn arb_nik() -> impl Strategy<Value = String> {
        let prefixes = prop::sample::select(vec![
            "317101", "110101", "320101", "357301", "910101", "640412", "960101", "530104",
            "537101",
        ]);
        (
            prefixes,
            1u32..=28,
            1u32..=12,
            0u32..=99,
            any::<bool>(),
            1u32..=9999,
        )
            .prop_map(|(p, d, m, y, female, s)| {
                let dd = if female { d + 40 } else { d };
                format!("{p}{dd:02}{m:02}{y:02}{s:04}")
            })
    }

    proptest! {
        #[test]
        fn valid_niks_round_trip(s in arb_nik()) {
            let nik = Nik::parse(&s).unwrap();
            prop_assert_eq!(nik.raw(), s.clone());
            prop_assert_eq!(Nik::parse(&nik.raw()), Ok(nik));
            prop_assert_eq!(Nik::from_u64(nik.as_u64()), Ok(nik));
            prop_assert_eq!(Nik::parse_lenient(&format!(" {}.{}-{} ", &s[..6], &s[6..12], &s[12..])), Ok(nik));
        }

        #[test]
        fn any_string_parses_or_names_exactly_one_code(s in "\\PC{0,24}") {
            for r in [Nik::parse(&s), Nik::parse_lenient(&s)] {
                if let Err(e) = r {
                    let c = e.code();
                    prop_assert!(c.as_str().starts_with("NIK_"));
                    prop_assert!(!e.message(crate::problem::Lang::Id).is_empty());
                }
            }
        }

        #[test]
        fn any_digit_string_parses_or_names_one_code(s in "[0-9]{14,17}") {
            let _ = Nik::parse(&s).map_err(|e| e.code());
        }

        #[test]
        fn birth_date_is_never_after_as_of(s in arb_nik(), days in 0i64..60_000) {
            let nik = Nik::parse(&s).unwrap();
            let as_of = date(1950, 1, 1) + chrono::Duration::days(days);
            if let Some(b) = nik.birth_date(as_of) {
                prop_assert!(b <= as_of);
                prop_assert!(nik.matches_birth_date(b));
            }
        }
    }
}
