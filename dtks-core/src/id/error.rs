//! The error of an identity-number parse.

use crate::problem::{Code, Lang, Problem};
use std::fmt;

/// Which identity number an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdKind {
    /// Nomor Induk Kependudukan.
    Nik,
    /// Nomor Kartu Keluarga.
    Kk,
}

impl IdKind {
    /// The number a code is about when it judges the number alone: the
    /// codes a NIK or KK parse gives ([`IdError::code`]) and the card's own
    /// date check (`KK_ISSUED_FUTURE`); `None` for every other code
    /// (household, bulk, process). A face names its failure by this (an
    /// invalid-NIK or invalid-KK exception) the same way wherever the code
    /// came from.
    ///
    /// ```
    /// use dtks_core::id::IdKind;
    /// use dtks_core::problem::Code;
    /// assert_eq!(IdKind::of_code(Code::NikApostrophe), Some(IdKind::Nik));
    /// assert_eq!(IdKind::of_code(Code::KkIssuedFuture), Some(IdKind::Kk));
    /// assert_eq!(IdKind::of_code(Code::KkRegionMismatch), None);
    /// ```
    pub fn of_code(code: Code) -> Option<IdKind> {
        use Code as C;
        match code {
            C::NikLength
            | C::NikNonDigit
            | C::NikScientificNotation
            | C::NikDigitsLost
            | C::NikFloatPrecision
            | C::NikProvinceUnknown
            | C::NikRegencyUnknown
            | C::NikDistrictUnknown
            | C::NikDateInvalid
            | C::NikLeapDay
            | C::NikSerialZero
            | C::NikApostrophe
            | C::NikFormulaText
            | C::NikFloatSuffix => Some(IdKind::Nik),
            C::KkLength
            | C::KkNonDigit
            | C::KkScientificNotation
            | C::KkDigitsLost
            | C::KkFloatPrecision
            | C::KkProvinceUnknown
            | C::KkRegencyUnknown
            | C::KkDistrictUnknown
            | C::KkDateInvalid
            | C::KkLeapDay
            | C::KkSerialZero
            | C::KkApostrophe
            | C::KkFormulaText
            | C::KkFloatSuffix
            | C::KkIssuedFuture => Some(IdKind::Kk),
            _ => None,
        }
    }
}

/// Why an identity number was rejected (one variant per stable code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdErrorKind {
    /// Not 16 digits (nor 15).
    Length {
        /// Digits found.
        len: usize,
    },
    /// A non-digit character.
    NonDigit {
        /// 1-based character position in the input.
        position: usize,
    },
    /// Scientific notation written by a spreadsheet.
    ScientificNotation {
        /// The input, masked.
        masked: String,
    },
    /// Exactly 15 digits.
    DigitsLost,
    /// The number came from a floating-point column and is above 2^53
    /// (9,007,199,254,740,992), where a float cannot hold every integer:
    /// the digits may not be the ones typed.
    FloatPrecision {
        /// The digits as they arrived, masked.
        masked: String,
    },
    /// Unknown province code.
    ProvinceUnknown {
        /// Digits 1–2.
        province: u8,
    },
    /// Unknown regency code in a known province.
    RegencyUnknown {
        /// Digits 1–2.
        province: u8,
        /// Digits 3–4.
        regency: u8,
    },
    /// Unknown district code in a known regency.
    DistrictUnknown {
        /// Digits 1–2.
        province: u8,
        /// Digits 3–4.
        regency: u8,
        /// Digits 5–6.
        district: u8,
    },
    /// Day or month impossible.
    DateInvalid {
        /// The day digits (for a NIK as written, with the +40 of women).
        day: u8,
        /// The month digits.
        month: u8,
    },
    /// 29 February of a year that is not a leap year.
    LeapDay {
        /// The two-digit year.
        yy: u8,
    },
    /// Serial 0000.
    SerialZero,
    /// 16 valid-looking digits behind a spreadsheet's text marker or with a
    /// zero fraction: the damage is known and the digits are intact
    /// ([`repair_spreadsheet`](super::repair_spreadsheet) gives them back).
    Spreadsheet {
        /// What the spreadsheet did.
        artefact: Artefact,
        /// The 16 digits inside, masked.
        masked: String,
    },
}

/// What a spreadsheet did to a 16-digit number that it kept whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Artefact {
    /// A leading apostrophe (`'3171…`), the mark that makes a cell text.
    Apostrophe,
    /// Wrapped as a text formula: `="3171…"`.
    FormulaText,
    /// Followed by a zero fraction: `3171…0001.0` (or `,0`).
    FloatSuffix,
}

/// An identity number that failed to parse: which number, why, and the stable
/// code. Its message never contains the input's digits unmasked.
///
/// ```
/// use dtks_core::id::Nik;
/// let err = Nik::parse("3171014101900000").unwrap_err();
/// assert_eq!(err.code().as_str(), "NIK_SERIAL_ZERO");
/// assert!(!err.to_string().contains("3171014101900000"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub struct IdError {
    id: IdKind,
    kind: IdErrorKind,
}

impl IdError {
    pub(crate) fn new(id: IdKind, kind: IdErrorKind) -> IdError {
        IdError { id, kind }
    }

    /// NIK or KK.
    pub fn id_kind(&self) -> IdKind {
        self.id
    }

    /// Why it failed.
    pub fn kind(&self) -> &IdErrorKind {
        &self.kind
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        use IdErrorKind as K;
        match (self.id, &self.kind) {
            (IdKind::Nik, K::Length { .. }) => Code::NikLength,
            (IdKind::Nik, K::NonDigit { .. }) => Code::NikNonDigit,
            (IdKind::Nik, K::ScientificNotation { .. }) => Code::NikScientificNotation,
            (IdKind::Nik, K::DigitsLost) => Code::NikDigitsLost,
            (IdKind::Nik, K::FloatPrecision { .. }) => Code::NikFloatPrecision,
            (IdKind::Nik, K::ProvinceUnknown { .. }) => Code::NikProvinceUnknown,
            (IdKind::Nik, K::RegencyUnknown { .. }) => Code::NikRegencyUnknown,
            (IdKind::Nik, K::DistrictUnknown { .. }) => Code::NikDistrictUnknown,
            (IdKind::Nik, K::DateInvalid { .. }) => Code::NikDateInvalid,
            (IdKind::Nik, K::LeapDay { .. }) => Code::NikLeapDay,
            (IdKind::Nik, K::SerialZero) => Code::NikSerialZero,
            (IdKind::Nik, K::Spreadsheet { artefact, .. }) => match artefact {
                Artefact::Apostrophe => Code::NikApostrophe,
                Artefact::FormulaText => Code::NikFormulaText,
                Artefact::FloatSuffix => Code::NikFloatSuffix,
            },
            (IdKind::Kk, K::Length { .. }) => Code::KkLength,
            (IdKind::Kk, K::NonDigit { .. }) => Code::KkNonDigit,
            (IdKind::Kk, K::ScientificNotation { .. }) => Code::KkScientificNotation,
            (IdKind::Kk, K::DigitsLost) => Code::KkDigitsLost,
            (IdKind::Kk, K::FloatPrecision { .. }) => Code::KkFloatPrecision,
            (IdKind::Kk, K::ProvinceUnknown { .. }) => Code::KkProvinceUnknown,
            (IdKind::Kk, K::RegencyUnknown { .. }) => Code::KkRegencyUnknown,
            (IdKind::Kk, K::DistrictUnknown { .. }) => Code::KkDistrictUnknown,
            (IdKind::Kk, K::DateInvalid { .. }) => Code::KkDateInvalid,
            (IdKind::Kk, K::LeapDay { .. }) => Code::KkLeapDay,
            (IdKind::Kk, K::SerialZero) => Code::KkSerialZero,
            (IdKind::Kk, K::Spreadsheet { artefact, .. }) => match artefact {
                Artefact::Apostrophe => Code::KkApostrophe,
                Artefact::FormulaText => Code::KkFormulaText,
                Artefact::FloatSuffix => Code::KkFloatSuffix,
            },
        }
    }

    /// The error as a [`Problem`] at `path`.
    pub fn to_problem(&self, path: impl Into<String>) -> Problem {
        use IdErrorKind as K;
        let p = Problem::new(self.code(), path);
        match &self.kind {
            K::Length { len } => p.with_int("len", *len),
            K::NonDigit { position } => p.with_int("position", *position),
            K::ScientificNotation { masked }
            | K::Spreadsheet { masked, .. }
            | K::FloatPrecision { masked } => p.with("value", masked),
            K::DigitsLost | K::SerialZero => p,
            K::ProvinceUnknown { province } => p.with("province", format!("{province:02}")),
            K::RegencyUnknown { province, regency } => p
                .with("province", format!("{province:02}"))
                .with("regency", format!("{province:02}.{regency:02}")),
            K::DistrictUnknown {
                province,
                regency,
                district,
            } => p.with(
                "district",
                format!("{province:02}.{regency:02}.{district:02}"),
            ),
            K::DateInvalid { day, month } => p.with("date", format!("{day:02}-{month:02}")),
            K::LeapDay { yy } => p.with("year", format!("19{yy:02}/20{yy:02}")),
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        self.to_problem("").message(lang)
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code a parse gives names the number it is about.
    #[test]
    fn every_parse_code_names_its_number() {
        use IdErrorKind as K;
        let m = || String::from("3171••••••••0001");
        let kinds = [
            K::Length { len: 3 },
            K::NonDigit { position: 2 },
            K::ScientificNotation { masked: m() },
            K::DigitsLost,
            K::FloatPrecision { masked: m() },
            K::ProvinceUnknown { province: 99 },
            K::RegencyUnknown {
                province: 31,
                regency: 99,
            },
            K::DistrictUnknown {
                province: 31,
                regency: 71,
                district: 99,
            },
            K::DateInvalid { day: 32, month: 1 },
            K::LeapDay { yy: 1 },
            K::SerialZero,
            K::Spreadsheet {
                artefact: Artefact::Apostrophe,
                masked: m(),
            },
            K::Spreadsheet {
                artefact: Artefact::FormulaText,
                masked: m(),
            },
            K::Spreadsheet {
                artefact: Artefact::FloatSuffix,
                masked: m(),
            },
        ];
        let mut n = 0;
        for id in [IdKind::Nik, IdKind::Kk] {
            for k in &kinds {
                let code = IdError::new(id, k.clone()).code();
                assert_eq!(IdKind::of_code(code), Some(id), "{code:?}");
                n += 1;
            }
        }
        // And no other code does, but the card's date check.
        let named = Code::ALL
            .iter()
            .filter(|c| IdKind::of_code(**c).is_some())
            .count();
        assert_eq!(named, n + 1);
    }
}
