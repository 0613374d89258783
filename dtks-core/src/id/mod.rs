//! Identity numbers: the NIK (Nomor Induk Kependudukan) and the KK number
//! (Nomor Kartu Keluarga).
//!
//! Both are 16 digits: a six-digit Kemendagri district code, a six-digit date
//! and a four-digit serial (docs/domain/identity.md §1.2, §2.1; PP 37/2007 Art. 37).
//! A [`Nik`] or [`NoKk`] value is always valid; parsing returns a typed
//! [`IdError`] naming exactly one stable code otherwise.
//!
//! # The order of checks
//! So that every rejected input names exactly one code, checks run in this
//! order and the first failure wins:
//! 1. spreadsheet damage: scientific notation (`3.57301E+15`, also with a
//!    decimal comma) → `*_SCIENTIFIC_NOTATION` (digits lost: no repair);
//!    exactly 16 digits behind a leading apostrophe (`'3171…`) →
//!    `*_APOSTROPHE`, wrapped as `="3171…"` → `*_FORMULA_TEXT`, followed by
//!    a zero fraction (`3171…0001.0`, `,0`) → `*_FLOAT_SUFFIX`. These three
//!    lose nothing: [`repair_spreadsheet`] gives the 16 digits back, and a
//!    caller that accepts repaired values parses those (bulk validation's
//!    `accept_repaired`);
//! 2. a character that is not an ASCII digit → `*_NON_DIGIT` (the lenient
//!    parse first removes spaces, dots and dashes standing between digits);
//! 3. exactly 15 digits → `*_DIGITS_LOST` (a digit was dropped by a spreadsheet or
//!    by the 2011–2018 KTP migration, docs/domain/identity.md §1.4); any other length
//!    than 16 → `*_LENGTH`;
//! 4. region: province, then regency, then district (current codes and the
//!    codes retired by the 2012 and 2022 splits) → `*_PROVINCE_UNKNOWN`,
//!    `*_REGENCY_UNKNOWN`, `*_DISTRICT_UNKNOWN`;
//! 5. date: day and month → `*_DATE_INVALID`, then 29 February of a year that
//!    is not a leap year → `*_LEAP_DAY`;
//! 6. serial 0000 → `*_SERIAL_ZERO`.
//!
//! ```
//! use dtks_core::id::{Nik, IdError};
//! use dtks_core::problem::Code;
//! assert_eq!(Nik::parse("3.57301E+15").unwrap_err().code(), Code::NikScientificNotation);
//! assert_eq!(Nik::parse("317101410190001").unwrap_err().code(), Code::NikDigitsLost);
//! assert_eq!(Nik::parse_lenient("3171 0141 0190 0001").unwrap().to_string(), "3171••••••••0001");
//! ```

pub mod answer;
mod error;
mod kk;
mod nik;
mod number;

pub use error::{Artefact, IdError, IdErrorKind, IdKind};
pub use kk::{NoKk, Recording, KK_EARLIEST_YEAR};
pub use nik::{BirthDateConvention, Nik};
pub use number::IdentityNumber;

use crate::region::{self, PrefixCheck};
use serde::{Deserialize, Serialize};

/// Sex, as coded in the export layout (`1` male, `2` female) and in the NIK
/// (day + 40 for women).
///
/// In JSON it is written `"male"` / `"female"` and read from those names or
/// from the export codes `1` / `2` (number or string), like the other code lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Laki-laki (code 1).
    Male,
    /// Perempuan (code 2).
    Female,
}

impl Sex {
    /// The export-layout code: 1 male, 2 female.
    pub const fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }

    /// From the export-layout code.
    ///
    /// ```
    /// assert_eq!(dtks_core::id::Sex::from_code(2), Some(dtks_core::id::Sex::Female));
    /// ```
    pub const fn from_code(code: u8) -> Option<Sex> {
        match code {
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            _ => None,
        }
    }

    /// `"male"` / `"female"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// The word in a language.
    pub const fn word(self, lang: crate::problem::Lang) -> &'static str {
        match (self, lang) {
            (Sex::Male, crate::problem::Lang::Id) => "laki-laki",
            (Sex::Female, crate::problem::Lang::Id) => "perempuan",
            (Sex::Male, _) => "male",
            (Sex::Female, _) => "female",
        }
    }
}

impl<'de> Deserialize<'de> for Sex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sex, D::Error> {
        use crate::scalar::Scalar;
        let found = match Scalar::read(d, "male, female or a code 1–2")? {
            Scalar::Unsigned(n) => u8::try_from(n).ok().and_then(Sex::from_code),
            Scalar::Text(s) => match s.as_ref() {
                "male" | "1" => Some(Sex::Male),
                "female" | "2" => Some(Sex::Female),
                _ => None,
            },
            Scalar::Negative(_) | Scalar::Float(_) => None,
        };
        found.ok_or_else(|| {
            serde::de::Error::custom("jenis_kelamin: expected male, female or a code 1–2")
        })
    }
}

/// How a parse treats separators.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
}

/// Steps 1–3 of the check order: the raw text to 16 digit values.
fn digits(kind: IdKind, input: &str, mode: Mode) -> Result<[u8; 16], IdError> {
    // Fast path: the common case of exactly 16 ASCII digits.
    if let Ok(bytes) = <&[u8; 16]>::try_from(input.as_bytes()) {
        if bytes.iter().all(u8::is_ascii_digit) {
            return Ok(bytes.map(|b| b - b'0'));
        }
    }
    let text = match mode {
        Mode::Strict => input,
        Mode::Lenient => input.trim(),
    };
    if let Some((artefact, inner)) = spreadsheet_artefact(text) {
        return Err(IdError::new(
            kind,
            IdErrorKind::Spreadsheet {
                artefact,
                masked: crate::personal::mask_digits(inner),
            },
        ));
    }
    if looks_scientific(text) {
        return Err(IdError::new(
            kind,
            IdErrorKind::ScientificNotation {
                masked: crate::personal::mask_digits(text),
            },
        ));
    }
    let mut out = [0u8; 16];
    let mut n = 0usize;
    let mut prev_digit = false;
    let mut pending_sep: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii_digit() {
            if let Some(slot) = out.get_mut(n) {
                *slot = c as u8 - b'0';
            }
            n += 1;
            prev_digit = true;
            pending_sep = None;
        } else if mode == Mode::Lenient && prev_digit && matches!(c, ' ' | '.' | '-') {
            // A separator only counts as one when a digit follows it.
            if pending_sep.is_none() {
                pending_sep = Some(i);
            }
        } else if mode == Mode::Lenient && pending_sep.is_some() && matches!(c, ' ' | '.' | '-') {
            // a run of separators between two digits
        } else {
            return Err(non_digit(kind, input, text, i));
        }
    }
    if let Some(i) = pending_sep {
        return Err(non_digit(kind, input, text, i));
    }
    match n {
        16 => Ok(out),
        15 => Err(IdError::new(kind, IdErrorKind::DigitsLost)),
        len => Err(IdError::new(kind, IdErrorKind::Length { len })),
    }
}

/// A non-digit at char index `i` of `text`, reported 1-based in the caller's input.
fn non_digit(kind: IdKind, input: &str, text: &str, i: usize) -> IdError {
    let offset = input
        .find(text)
        .and_then(|b| input.get(..b))
        .map_or(0, |p| p.chars().count());
    IdError::new(
        kind,
        IdErrorKind::NonDigit {
            position: offset + i + 1,
        },
    )
}

/// The largest integer a 64-bit float holds exactly, and every one below it:
/// 2^53 = 9,007,199,254,740,992. Above it a float skips integers.
pub const FLOAT_EXACT_MAX: u64 = 1 << 53;

/// An identity number that came from a floating-point column (the source
/// told the reader its type) and whose digits a float cannot be trusted to
/// hold: 16 digits above [`FLOAT_EXACT_MAX`]. Below it the digits are exact
/// and the number is parsed as usual. `None` for anything else.
///
/// ```
/// use dtks_core::id::{float_precision, IdKind};
/// // A Papua NIK (province 91) is above 2^53: a float64 column rounds it.
/// assert_eq!(float_precision(IdKind::Nik, "9171031708800004").unwrap().code().as_str(), "NIK_FLOAT_PRECISION");
/// assert!(float_precision(IdKind::Nik, "3171011708800001").is_none()); // exact as a float
/// ```
pub fn float_precision(kind: IdKind, s: &str) -> Option<IdError> {
    let t = s.trim();
    if t.len() != 16 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u64 = t.parse().ok()?;
    (v > FLOAT_EXACT_MAX).then(|| {
        IdError::new(
            kind,
            IdErrorKind::FloatPrecision {
                masked: crate::personal::mask_digits(t),
            },
        )
    })
}

/// The 16 digits of an identity number that a spreadsheet marked as text
/// (`'3171…`, `="3171…"`) or wrote with a zero fraction (`3171…0001.0`,
/// `3171…0001,00`), with what it did; `None` for anything else (surrounding
/// whitespace is not trimmed). The repair is lossless: the digits are the
/// number as it was typed. Whether they are a valid number is the parser's
/// business.
///
/// ```
/// use dtks_core::id::{repair_spreadsheet, Artefact};
/// assert_eq!(repair_spreadsheet("'3171011708800001"), Some((Artefact::Apostrophe, "3171011708800001")));
/// assert_eq!(repair_spreadsheet("=\"3171011708800001\""), Some((Artefact::FormulaText, "3171011708800001")));
/// assert_eq!(repair_spreadsheet("3171011708800001.0"), Some((Artefact::FloatSuffix, "3171011708800001")));
/// assert_eq!(repair_spreadsheet("3171011708800001.5"), None);
/// assert_eq!(repair_spreadsheet("'317101170880001"), None); // 15 digits: not whole
/// ```
pub fn repair_spreadsheet(s: &str) -> Option<(Artefact, &str)> {
    spreadsheet_artefact(s)
}

fn spreadsheet_artefact(s: &str) -> Option<(Artefact, &str)> {
    let sixteen = |d: &str| d.len() == 16 && d.bytes().all(|b| b.is_ascii_digit());
    let found = if let Some(inner) = s.strip_prefix('\'') {
        (Artefact::Apostrophe, inner)
    } else if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        (Artefact::FormulaText, inner)
    } else {
        let (int, frac) = s.split_at_checked(16)?;
        let zeros = frac.strip_prefix(['.', ','])?;
        if zeros.is_empty() || !zeros.bytes().all(|b| b == b'0') {
            return None;
        }
        (Artefact::FloatSuffix, int)
    };
    sixteen(found.1).then_some(found)
}

/// `d[.ddd](e|E)[+-]dd` with `.` or `,` as the decimal mark: how spreadsheets
/// write a 16-digit number they took for a float.
fn looks_scientific(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(e) = b.iter().position(|&c| c == b'e' || c == b'E') else {
        return false;
    };
    let (mantissa, exp) = b.split_at(e);
    let exp = exp.get(1..).unwrap_or(&[]);
    let exp = match exp.first() {
        Some(b'+') | Some(b'-') => exp.get(1..).unwrap_or(&[]),
        _ => exp,
    };
    if exp.is_empty() || !exp.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut parts = mantissa.splitn(2, |&c| c == b'.' || c == b',');
    let int = parts.next().unwrap_or(&[]);
    let frac = parts.next().unwrap_or(&[]);
    !int.is_empty() && int.iter().all(u8::is_ascii_digit) && frac.iter().all(u8::is_ascii_digit)
}

/// Two digits at `i` as a number.
fn two(d: &[u8; 16], i: usize) -> u8 {
    d.get(i).copied().unwrap_or(0) * 10 + d.get(i + 1).copied().unwrap_or(0)
}

/// Step 4: the region prefix.
fn check_region(kind: IdKind, d: &[u8; 16]) -> Result<(), IdError> {
    let (p, k, c) = (two(d, 0), two(d, 2), two(d, 4));
    match region::check_prefix(p, k, c) {
        PrefixCheck::UnknownProvince => Err(IdError::new(
            kind,
            IdErrorKind::ProvinceUnknown { province: p },
        )),
        PrefixCheck::UnknownRegency => Err(IdError::new(
            kind,
            IdErrorKind::RegencyUnknown {
                province: p,
                regency: k,
            },
        )),
        PrefixCheck::UnknownDistrict => Err(IdError::new(
            kind,
            IdErrorKind::DistrictUnknown {
                province: p,
                regency: k,
                district: c,
            },
        )),
        _ => Ok(()),
    }
}

/// Days in a month of a year (proleptic Gregorian).
const fn days_in_month(month: u8, year: i32) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Step 5: a plain day (01–31) and month; `yy` two-digit year. 29 February is
/// accepted when it is a leap day in at least one century (`00` → 2000).
fn check_date(kind: IdKind, day: u8, month: u8, yy: u8) -> Result<(), IdError> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(month, 2000) {
        return Err(IdError::new(kind, IdErrorKind::DateInvalid { day, month }));
    }
    if month == 2 && day == 29 && !is_leap(2000 + i32::from(yy)) {
        return Err(IdError::new(kind, IdErrorKind::LeapDay { yy }));
    }
    Ok(())
}

/// The two digits at position `i` (0, 2, …, 14) of a 16-digit number.
fn pair(v: u64, i: usize) -> u8 {
    let shift = 14u32.saturating_sub(i as u32);
    ((v / 10u64.pow(shift)) % 100) as u8
}

/// Digits to the number they spell.
fn to_u64(d: &[u8; 16]) -> u64 {
    d.iter().fold(0u64, |acc, &x| acc * 10 + u64::from(x))
}

/// A u64 back to its 16 digits.
fn from_u64(mut v: u64) -> [u8; 16] {
    let mut d = [0u8; 16];
    for slot in d.iter_mut().rev() {
        *slot = (v % 10) as u8;
        v /= 10;
    }
    d
}

/// The 16 digits as a string.
fn to_string16(v: u64) -> String {
    format!("{v:016}")
}

/// Where the region part of an identity number points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionOfIssue {
    /// A current district code.
    Current,
    /// A code retired by a later split, with its successor.
    Retired(&'static region::Alias),
}

impl RegionOfIssue {
    /// `current` or `retired`, as answers write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            RegionOfIssue::Current => "current",
            RegionOfIssue::Retired(_) => "retired",
        }
    }
}

fn region_of_issue(v: u64) -> RegionOfIssue {
    let d = from_u64(v);
    match region::check_prefix(two(&d, 0), two(&d, 2), two(&d, 4)) {
        PrefixCheck::Retired(a) => RegionOfIssue::Retired(a),
        _ => RegionOfIssue::Current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A 16-digit number from a float column is refused exactly when a
        /// float64 could not hold it: at or below 2^53 every integer
        /// survives the round trip, above it some do not (the spacing is 2).
        #[test]
        fn float_precision_is_refused_exactly_above_two_to_the_53(d in "[0-9]{16}", any_text in ".{0,24}") {
            let v: u64 = d.parse().unwrap();
            let refused = float_precision(IdKind::Nik, &d);
            prop_assert_eq!(refused.is_some(), v > FLOAT_EXACT_MAX);
            if refused.is_none() {
                prop_assert_eq!(v as f64 as u64, v);
            }
            if let Some(e) = refused {
                prop_assert!(!e.to_problem("").message(crate::problem::Lang::Id).contains(&d));
            }
            // Anything but 16 digits is left to the parser.
            if any_text.len() != 16 || !any_text.bytes().all(|b| b.is_ascii_digit()) {
                prop_assert!(float_precision(IdKind::Kk, &any_text).is_none());
            }
        }

        /// The three lossless artefacts around any 16 digits give those
        /// digits back, and the parse names the artefact; around anything
        /// but 16 digits there is no repair; nothing panics.
        #[test]
        fn spreadsheet_artefacts_repair_to_their_digits(
            d in "[0-9]{16}",
            zeros in "0{1,4}",
            comma in any::<bool>(),
            other in "[0-9]{1,15}|[0-9]{17,20}",
            any_text in ".{0,24}",
        ) {
            let mark = if comma { ',' } else { '.' };
            for (text, artefact) in [
                (format!("'{d}"), Artefact::Apostrophe),
                (format!("=\"{d}\""), Artefact::FormulaText),
                (format!("{d}{mark}{zeros}"), Artefact::FloatSuffix),
            ] {
                prop_assert_eq!(repair_spreadsheet(&text), Some((artefact, d.as_str())));
                let err = Nik::parse(&text).unwrap_err();
                let named = matches!(err.kind(), IdErrorKind::Spreadsheet { artefact: a, .. } if *a == artefact);
                prop_assert!(named);
                prop_assert!(!err.to_string().contains(&d));
                prop_assert!(NoKk::parse(&text).is_err());
            }
            for text in [format!("'{other}"), format!("=\"{other}\""), format!("{other}.0"), format!("{d}.5")] {
                prop_assert_eq!(repair_spreadsheet(&text), None);
            }
            let _ = repair_spreadsheet(&any_text);
            let _ = Nik::parse(&any_text);
        }
    }

    #[test]
    fn scientific_notation_shapes() {
        for s in [
            "3.57301E+15",
            "3,57301E+15",
            "3E15",
            "3.5e+15",
            "3.573011501900E+015",
        ] {
            assert!(looks_scientific(s), "{s}");
        }
        for s in [
            "",
            "E+15",
            "3.57301E+",
            "3.5.7E+15",
            "3171014101900001",
            "3a.5E1",
        ] {
            assert!(!looks_scientific(s), "{s}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2000));
        assert!(!is_leap(1900));
        assert!(is_leap(1996));
        assert!(!is_leap(2001));
    }
}
