//! The hook for one more per-household stage (the eligibility engine's
//! `--assess`): it runs in parallel after validation, its problems are placed
//! on rows like validation problems, and its counters are summed into
//! [`Summary::stages`](super::Summary::stages).

use super::RuleVersion;
use crate::household::Household;
use crate::problem::Problem;
use chrono::NaiveDate;

/// One extra stage run on every household that could be built.
///
/// Its counters count only for households that end the run valid: a
/// household with an error (its own, or a cross-record error found after the
/// stage ran) contributes `households.skipped = 1` to the stage's counters
/// instead of what the stage returned.
///
/// ```
/// use dtks_core::bulk::{HouseholdStage, StageOutput};
/// use dtks_core::household::Household;
/// use dtks_core::problem::Problem;
/// struct CountMembers;
/// impl HouseholdStage for CountMembers {
///     fn name(&self) -> &str { "count" }
///     fn run(&self, h: &Household, _: &[Problem], _: chrono::NaiveDate) -> StageOutput {
///         let n = h.families.iter().map(|f| f.members.len() as u64).sum();
///         StageOutput { counts: vec![("members".into(), n)], ..StageOutput::default() }
///     }
/// }
/// ```
pub trait HouseholdStage: Sync {
    /// The key of its counters in the summary.
    fn name(&self) -> &str;
    /// Runs on one household, given the validation problems already found.
    fn run(&self, household: &Household, problems: &[Problem], as_of: NaiveDate) -> StageOutput;
    /// The counters a tally key of [`StageOutput::tallies`] adds to, by name
    /// (one tally may count under several names: a programme's national,
    /// provincial and regency totals). Asked once per distinct key, when the
    /// summary is written. The default names none (a stage without tallies).
    fn tally_names(&self, key: u64) -> Vec<String> {
        let _ = key;
        Vec::new()
    }
    /// The rule documents the stage applies on `as_of`, which the run writes
    /// into [`Summary::rules`](super::Summary::rules) before any report is
    /// finished, so every face's summary names them without being told.
    /// The default names none (a stage that applies no rule document).
    fn rule_versions(&self, as_of: NaiveDate) -> Vec<RuleVersion> {
        let _ = as_of;
        Vec::new()
    }
}

/// What a stage gives back for one household.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageOutput {
    /// Problems with model paths (`families[0].members[1]...`), placed on rows.
    pub problems: Vec<Problem>,
    /// Counters summed over the run (e.g. `("eligible.pkh", 1)`).
    pub counts: Vec<(String, u64)>,
    /// Counters by integer key, summed over the run and named only at the
    /// end ([`HouseholdStage::tally_names`]): no string is made or compared
    /// per household. For stages that count many things per household.
    pub tallies: Vec<(u64, u64)>,
}
