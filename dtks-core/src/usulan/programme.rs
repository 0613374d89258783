//! The programme check a proposal needs: can this household get this programme?

use crate::household::Household;
use crate::problem::Value;
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
        reasons: Vec<ProgrammeReason>,
    },
    /// The data given cannot decide; what is missing.
    Undecidable {
        /// What would be needed.
        missing: Vec<ProgrammeReason>,
    },
    /// Nothing the operator can enter decides it yet: the programme needs
    /// the household's welfare ranking (desil), which a household not yet in
    /// the registry does not have. A proposal *is* the request for that
    /// ranking (docs/process.md, "Ranking"), so this is no problem of the
    /// proposal; the batch answer lists it once.
    AwaitsRanking {
        /// The conditions that read the ranking.
        conditions: Vec<ProgrammeReason>,
    },
    /// The check does not know the programme id.
    UnknownProgramme,
}

/// One condition of a programme's verdict: the rule in its document form
/// (when an engine gave it), where in the household it was read, and the
/// explanation in each language. Never a personal value.
///
/// ```
/// use dtks_core::usulan::ProgrammeReason;
/// let r = ProgrammeReason::text("tidak ada anak", "no child");
/// assert_eq!(serde_json::to_value(r.to_value()).unwrap()["text"]["en"], "no child");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeReason {
    /// The condition as the rule document writes it (`{"desil_at_most": 4}`).
    pub condition: Option<serde_json::Value>,
    /// Where it was read (`desil`, `families[0].members[1].birth_date`); empty for the household.
    pub path: String,
    /// The explanation in Indonesian.
    pub id: String,
    /// The explanation in English.
    pub en: String,
}

impl ProgrammeReason {
    /// A reason given as text in each language (a caller's own check).
    pub fn text(id: impl Into<String>, en: impl Into<String>) -> ProgrammeReason {
        ProgrammeReason {
            condition: None,
            path: String::new(),
            id: id.into(),
            en: en.into(),
        }
    }

    /// As a problem context value: `{"condition", "path", "text": {"id", "en"}}`
    /// (the first two when known); a message shows the text.
    pub fn to_value(&self) -> Value {
        let mut m = Vec::new();
        if let Some(c) = &self.condition {
            m.push(("condition".to_owned(), Value::from_json(c)));
        }
        if !self.path.is_empty() {
            m.push(("path".to_owned(), Value::Text(self.path.clone())));
        }
        m.push((
            "text".to_owned(),
            Value::Lang {
                id: self.id.clone(),
                en: self.en.clone(),
            },
        ));
        Value::Map(m)
    }
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
            missing: vec![ProgrammeReason::text(
                "tidak ada mesin pemeriksa kelayakan yang diberikan",
                "no eligibility engine was given",
            )],
        }
    }
}
