//! What a NIK and a KK number have in common, as one trait, so that a face
//! wraps both with one generic or one macro instead of two copies.
//!
//! ```
//! use dtks_core::id::{IdentityNumber, Nik, NoKk};
//! fn shown<T: IdentityNumber>(text: &str) -> String {
//!     match T::parse_as(text, true) {
//!         Ok(n) => format!("{} {} in {}", T::NAME, n.masked(), n.regency_dotted()),
//!         Err(e) => e.code().as_str().to_owned(),
//!     }
//! }
//! assert_eq!(shown::<Nik>("3171 0141 0190 0001"), "NIK 3171••••••••0001 in 31.71");
//! assert_eq!(shown::<NoKk>("3171011503150007"), "KK 3171••••••••0007 in 31.71");
//! assert_eq!(shown::<NoKk>("31710115031500"), "KK_LENGTH");
//! ```

use super::answer::{decode_kk, decode_nik, KkAnswer, NikAnswer};
use super::{IdError, Nik, NoKk, RegionOfIssue};
use crate::problem::Code;
use chrono::NaiveDate;

/// A valid 16-digit identity number: district of issue, a date, a serial.
pub trait IdentityNumber: Copy + Sized {
    /// `NIK` or `KK`, as the codes and messages name it.
    const NAME: &'static str;
    /// The decoded answer (the shape of `dtks nik --json` / `dtks kk --json`).
    type Answer: serde::Serialize;

    /// The strict parse (`lenient` false: exactly 16 ASCII digits) or the
    /// lenient one (spaces, dots and dashes between digits removed first).
    fn parse_as(s: &str, lenient: bool) -> Result<Self, IdError>;
    /// Decodes any text into an answer, valid or not (never an error).
    fn decode(s: &str, lenient: bool, as_of: NaiveDate) -> Self::Answer;
    /// The 16 digits (personal data: only where raw output is wanted).
    fn raw(self) -> String;
    /// `3171••••••••0001`.
    fn masked(self) -> String;
    /// Province code.
    fn province_code(self) -> u8;
    /// Regency code within the province.
    fn regency_code(self) -> u8;
    /// District code `PP.KK.CC`.
    fn district_dotted(self) -> String;
    /// Whether the district code is current or retired by a later split.
    fn region_of_issue(self) -> RegionOfIssue;
    /// Serial 1–9999.
    fn serial(self) -> u16;
    /// The number judged on `as_of` as a column function judges it (Arrow
    /// and C alike): a NIK as it is; a KK number by its recording date
    /// ([`NoKk::recording`]: `KK_ISSUED_FUTURE`,
    /// `KK_ISSUED_BEFORE_REGISTRY`), as household validation judges it.
    fn judged_on(self, as_of: NaiveDate) -> Result<Self, Code>;

    /// Province code `PP`.
    fn province_dotted(self) -> String {
        format!("{:02}", self.province_code())
    }

    /// Regency code `PP.KK`.
    fn regency_dotted(self) -> String {
        format!("{:02}.{:02}", self.province_code(), self.regency_code())
    }
}

macro_rules! delegate {
    ($t:ty) => {
        fn raw(self) -> String {
            <$t>::raw(self)
        }
        fn masked(self) -> String {
            <$t>::masked(self)
        }
        fn province_code(self) -> u8 {
            <$t>::province_code(self)
        }
        fn regency_code(self) -> u8 {
            <$t>::regency_code(self)
        }
        fn district_dotted(self) -> String {
            <$t>::district_dotted(self)
        }
        fn region_of_issue(self) -> RegionOfIssue {
            <$t>::region_of_issue(self)
        }
        fn serial(self) -> u16 {
            <$t>::serial(self)
        }
    };
}

impl IdentityNumber for Nik {
    const NAME: &'static str = "NIK";
    type Answer = NikAnswer;

    fn parse_as(s: &str, lenient: bool) -> Result<Nik, IdError> {
        if lenient {
            Nik::parse_lenient(s)
        } else {
            Nik::parse(s)
        }
    }

    fn decode(s: &str, lenient: bool, as_of: NaiveDate) -> NikAnswer {
        decode_nik(s, lenient, as_of)
    }

    fn judged_on(self, _as_of: NaiveDate) -> Result<Nik, Code> {
        Ok(self)
    }

    delegate!(Nik);
}

impl IdentityNumber for NoKk {
    const NAME: &'static str = "KK";
    type Answer = KkAnswer;

    fn parse_as(s: &str, lenient: bool) -> Result<NoKk, IdError> {
        if lenient {
            NoKk::parse_lenient(s)
        } else {
            NoKk::parse(s)
        }
    }

    fn decode(s: &str, lenient: bool, as_of: NaiveDate) -> KkAnswer {
        decode_kk(s, lenient, as_of)
    }

    fn judged_on(self, as_of: NaiveDate) -> Result<NoKk, Code> {
        match self.recording(as_of).problem("", as_of) {
            None => Ok(self),
            Some(p) => Err(p.code),
        }
    }

    delegate!(NoKk);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The trait gives what the types' own methods give.
    #[test]
    fn the_trait_agrees_with_the_types() {
        let n = Nik::parse("3171014101900001").unwrap();
        assert_eq!(IdentityNumber::regency_dotted(n), n.regency_dotted());
        assert_eq!(n.province_dotted(), "31");
        assert_eq!(
            <Nik as IdentityNumber>::parse_as("3171-0141-0190-0001", true),
            Ok(n)
        );
        assert!(<Nik as IdentityNumber>::parse_as("3171-0141-0190-0001", false).is_err());
        let k = NoKk::parse("3171011503150007").unwrap();
        assert_eq!(IdentityNumber::regency_dotted(k), "31.71");
        assert_eq!(IdentityNumber::serial(k), 7);
    }
}
