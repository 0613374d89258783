//! The shared vocabulary of deciding, below the rule documents and the
//! engine that evaluates them: three-valued results ([`Tri`]), the value a
//! condition or criterion saw ([`Seen`]), and ages on a date ([`age_on`]).
//! Criteria sets, PMT models and the eligibility engine all speak it; it
//! depends on nothing of theirs (`tests/layers.rs` keeps it so).

use crate::household::codes::CodeList;
use crate::problem::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// Pass, fail, or undecidable for lack of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    /// Holds.
    Pass,
    /// Does not hold.
    Fail,
    /// The data does not say.
    Undecidable,
}

impl Tri {
    pub(crate) fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Pass
        } else {
            Tri::Fail
        }
    }

    pub(crate) fn not(self) -> Tri {
        match self {
            Tri::Pass => Tri::Fail,
            Tri::Fail => Tri::Pass,
            Tri::Undecidable => Tri::Undecidable,
        }
    }

    /// Three-valued and.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Fail, _) | (_, Tri::Fail) => Tri::Fail,
            (Tri::Undecidable, _) | (_, Tri::Undecidable) => Tri::Undecidable,
            _ => Tri::Pass,
        }
    }

    /// Three-valued or.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Pass, _) | (_, Tri::Pass) => Tri::Pass,
            (Tri::Undecidable, _) | (_, Tri::Undecidable) => Tri::Undecidable,
            _ => Tri::Fail,
        }
    }
}

impl fmt::Display for Tri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tri::Pass => "pass",
            Tri::Fail => "fail",
            Tri::Undecidable => "undecidable",
        })
    }
}

/// The value a condition or criterion saw.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Seen {
    /// The field is empty.
    Missing,
    /// The data layout does not carry this at all.
    NotInData,
    /// A whole number (age, desil, rupiah, count).
    Int(i64),
    /// A measure (m² per person).
    Num(f64),
    /// A yes/no field.
    Bool(bool),
    /// A coded value: its JSON name and its labels.
    Code {
        /// JSON name (`senior_secondary`).
        name: &'static str,
        /// Indonesian label.
        id: &'static str,
        /// English label.
        en: &'static str,
    },
    /// A birth date after the assessment date.
    BornAfter(NaiveDate),
    /// Text (a village code).
    Text(String),
}

impl Seen {
    /// A coded value.
    pub fn code<T: CodeList>(v: T) -> Seen {
        Seen::Code {
            name: v.name(),
            id: v.label(Lang::Id),
            en: v.label(Lang::En),
        }
    }
}

impl Serialize for Seen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Seen::Missing => s.serialize_none(),
            Seen::NotInData => s.serialize_str("not_in_data"),
            Seen::Int(i) => s.serialize_i64(*i),
            Seen::Num(x) => s.serialize_f64((x * 1000.0).round() / 1000.0),
            Seen::Bool(b) => s.serialize_bool(*b),
            Seen::Code { name, .. } => s.serialize_str(name),
            Seen::BornAfter(d) => s.serialize_str(&format!("born after the assessment date: {d}")),
            Seen::Text(t) => s.serialize_str(t),
        }
    }
}

/// Age in completed years on `as_of`: a person is N on the day of their Nth
/// birthday. Someone born on 29 February turns N on 1 March in common years
/// (28 February is still the day before the birthday). `None` when born after
/// `as_of`.
///
/// ```
/// use chrono::NaiveDate;
/// use dtks_core::logic::age_on;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(age_on(d(2019, 6, 1), d(2025, 6, 1)), Some(6));
/// assert_eq!(age_on(d(2019, 6, 1), d(2025, 5, 31)), Some(5));
/// assert_eq!(age_on(d(2016, 2, 29), d(2017, 2, 28)), Some(0));
/// assert_eq!(age_on(d(2016, 2, 29), d(2017, 3, 1)), Some(1));
/// assert_eq!(age_on(d(2016, 2, 29), d(2020, 2, 29)), Some(4));
/// ```
pub fn age_on(birth: NaiveDate, as_of: NaiveDate) -> Option<u32> {
    if birth > as_of {
        return None;
    }
    let years = as_of.year() - birth.year();
    let before_birthday = (as_of.month(), as_of.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}
