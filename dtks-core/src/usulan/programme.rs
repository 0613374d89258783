//! The programme check a proposal needs: can this household get this programme?

use crate::household::Household;
use chrono::NaiveDate;

/// The answer of a [`ProgrammeCheck`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgrammeVerdict {
    /// The household can get the programme (as far as the data says).
    Possible,
    /// It cannot; the reasons (rule explanations, no personal data) say why.
    NotPossible {
        /// Why not.
        reasons: Vec<String>,
    },
    /// The data given cannot decide; what is missing.
    Undecidable {
        /// What would be needed.
        missing: Vec<String>,
    },
    /// The check does not know the programme id.
    UnknownProgramme,
}

/// Decides whether a proposed programme is possible for a household, as of a
/// date. The eligibility engine implements it; so does any
/// `Fn(&Household, &str, NaiveDate) -> ProgrammeVerdict` (for tests and for
/// callers with their own rules).
///
/// ```
/// use dtks_core::usulan::{ProgrammeCheck, ProgrammeVerdict};
/// use dtks_core::household::Household;
/// let only_pkh = |_: &Household, p: &str, _| {
///     if p == "pkh" { ProgrammeVerdict::Possible } else { ProgrammeVerdict::UnknownProgramme }
/// };
/// let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// assert_eq!(only_pkh.check(&Household::default(), "pkh", day), ProgrammeVerdict::Possible);
/// ```
pub trait ProgrammeCheck {
    /// The verdict for one programme.
    fn check(&self, household: &Household, programme: &str, as_of: NaiveDate) -> ProgrammeVerdict;
}

impl<F> ProgrammeCheck for F
where
    F: Fn(&Household, &str, NaiveDate) -> ProgrammeVerdict,
{
    fn check(&self, household: &Household, programme: &str, as_of: NaiveDate) -> ProgrammeVerdict {
        self(household, programme, as_of)
    }
}

/// A check for when no eligibility engine is available: every programme is
/// undecidable (a warning), so nothing is claimed either way.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEngine;

impl ProgrammeCheck for NoEngine {
    fn check(&self, _: &Household, _: &str, _: NaiveDate) -> ProgrammeVerdict {
        ProgrammeVerdict::Undecidable {
            missing: vec!["no eligibility engine was given".to_owned()],
        }
    }
}
