//! The eligibility engine ([`crate::assess`] over [`RuleSets`]) as the
//! programme check of a proposal.

use super::programme::{ProgrammeCheck, ProgrammeVerdict};
use crate::assess::{assess_with, Options, Outcome, TraceStep, Tri};
use crate::household::Household;
use crate::rules::{Condition, RuleSets};
use chrono::NaiveDate;

/// A leaf condition in its document form, e.g. `{"desil_max":4}`.
fn leaf(step: &TraceStep<'_>) -> Option<String> {
    match step.condition {
        Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::AnyMember(_) => None,
        c => Some(serde_json::to_string(c).unwrap_or_else(|_| c.name().to_owned())),
    }
}

fn describe(step: &TraceStep<'_>, cond: String) -> String {
    if step.path.is_empty() {
        cond
    } else {
        format!("{} at {}", cond, step.path)
    }
}

/// The engine's answer for one programme id (matched case-insensitively),
/// for the household **as if registered** (`registered = true`: a proposal
/// asks to enter the registry, and most programmes require it):
/// possible when any unit (household, family or member, as the programme
/// targets) is eligible; otherwise undecidable when any unit is, with the
/// undecidable conditions; otherwise not possible, with the failing
/// conditions of every unit (condition in its document form and the path it
/// read, never a value, so no personal data). A programme not in force on
/// `as_of` or not in the rule sets is unknown.
///
/// ```
/// use dtks_core::usulan::{ProgrammeCheck, ProgrammeVerdict};
/// use dtks_core::household::Household;
/// use dtks_core::rules::RuleSets;
/// let h: Household = serde_json::from_str(r#"{"id": "R1",
///   "address": {"village_code": "3201012001"}, "desil": 2, "registered": true,
///   "families": [{"members": [
///     {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
///     {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}"#).unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
/// assert_eq!(RuleSets::builtin().check(&h, "pkh", day), ProgrammeVerdict::Possible);
/// assert_eq!(RuleSets::builtin().check(&h, "no-such-programme", day), ProgrammeVerdict::UnknownProgramme);
/// ```
impl ProgrammeCheck for RuleSets {
    fn check(&self, household: &Household, programme: &str, as_of: NaiveDate) -> ProgrammeVerdict {
        let opts = Options {
            trace: true,
            criteria: false,
        };
        // A proposal asks to enter the registry: judge it as registered.
        let mut h = household.clone();
        h.registered = Some(true);
        let a = assess_with(&h, as_of, self, opts);
        let id = programme.trim();
        let units: Vec<_> = a
            .decisions
            .iter()
            .filter(|d| d.programme.eq_ignore_ascii_case(id))
            .collect();
        if units.is_empty() {
            return ProgrammeVerdict::UnknownProgramme;
        }
        if units.iter().any(|d| d.outcome == Outcome::Eligible) {
            return ProgrammeVerdict::Possible;
        }
        let collect = |want: Tri| {
            let mut v: Vec<String> = Vec::new();
            for d in &units {
                let steps = d
                    .trace
                    .iter()
                    .chain(d.components.iter().flat_map(|c| c.trace.iter()));
                for s in steps.filter(|s| s.result == want) {
                    if let Some(c) = leaf(s) {
                        let text = describe(s, c);
                        if !v.contains(&text) {
                            v.push(text);
                        }
                    }
                }
            }
            v
        };
        if units.iter().any(|d| d.outcome == Outcome::Undecidable) {
            return ProgrammeVerdict::Undecidable {
                missing: collect(Tri::Undecidable),
            };
        }
        let mut reasons = collect(Tri::Fail);
        if reasons.is_empty() {
            // Failing component lines are not traced: the conditions held,
            // but no component applies (e.g. PKH without a child, pregnancy,
            // elderly or severely disabled member).
            let held = units
                .iter()
                .all(|d| !d.trace.first().is_some_and(|s| s.result != Tri::Pass));
            reasons.push(if held {
                "the conditions hold but no component applies to any member".to_owned()
            } else {
                "not eligible".to_owned()
            });
        }
        ProgrammeVerdict::NotPossible { reasons }
    }
}
