//! The eligibility engine ([`crate::assess`] over [`RuleSets`]) as the
//! programme check of a proposal.

use super::programme::ProgrammeReason;
use super::programme::{ProgrammeCheck, ProgrammeVerdict};
use crate::assess::{assess_with, describe_condition, Options, Outcome, Seen, TraceStep, Tri};
use crate::household::Household;
use crate::problem::Lang;
use crate::rules::{Condition, RuleSets};
use chrono::NaiveDate;

/// A leaf condition as a reason: its document form (`{"desil_at_most":4}`),
/// where it was read, and its explanation in each language.
fn leaf(step: &TraceStep<'_>) -> Option<ProgrammeReason> {
    let c = step.condition;
    if c.is_composite() {
        return None;
    }
    let at = |text: String, word: &str| {
        if step.path.is_empty() {
            text
        } else {
            format!("{text} ({word} {})", step.path)
        }
    };
    Some(ProgrammeReason {
        condition: serde_json::to_value(c).ok(),
        path: step.path.to_string(),
        id: at(describe_condition(c, Lang::Id), "dibaca pada"),
        en: at(describe_condition(c, Lang::En), "read at"),
    })
}

/// True for a step that is undecidable only because the household has no
/// welfare ranking yet (a household outside the registry has no desil).
fn awaits_ranking(step: &TraceStep<'_>) -> bool {
    matches!(step.condition, Condition::DesilAtMost(_)) && step.seen == Seen::Missing
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
        let steps = |want: Tri| {
            let mut v: Vec<&TraceStep<'_>> = Vec::new();
            for d in &units {
                // Once one component applies, the others decide amounts,
                // not whether the programme is possible: their open
                // questions (another member's disability) are not asked.
                let applies = d.components.iter().any(|c| c.result == Tri::Pass);
                let components = d
                    .components
                    .iter()
                    .filter(|_| !applies)
                    .flat_map(|c| c.trace.iter());
                let all = d.trace.iter().chain(components);
                v.extend(all.filter(|s| s.result == want && leaf(s).is_some()));
            }
            v
        };
        let reasons = |v: &[&TraceStep<'_>]| {
            let mut out: Vec<ProgrammeReason> = Vec::new();
            for r in v.iter().filter_map(|s| leaf(s)) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
            out
        };
        if units.iter().any(|d| d.outcome == Outcome::Undecidable) {
            let open = steps(Tri::Undecidable);
            // A proposal asks for a ranking: when the ranking is all that is
            // missing, nothing the operator can enter decides it.
            if !open.is_empty() && open.iter().all(|s| awaits_ranking(s)) {
                return ProgrammeVerdict::AwaitsRanking {
                    conditions: reasons(&open),
                };
            }
            // What the operator can enter; the ranking is not among it.
            let fixable: Vec<&TraceStep<'_>> = open
                .iter()
                .copied()
                .filter(|s| !awaits_ranking(s))
                .collect();
            return ProgrammeVerdict::Undecidable {
                missing: reasons(&fixable),
            };
        }
        let mut reasons = reasons(&steps(Tri::Fail));
        if reasons.is_empty() {
            // Failing component lines are not traced: the conditions held,
            // but no component applies (e.g. PKH without a child, pregnancy,
            // elderly or severely disabled member).
            let held = units
                .iter()
                .all(|d| !d.trace.first().is_some_and(|s| s.result != Tri::Pass));
            reasons.push(if held {
                ProgrammeReason::text(
                    "syaratnya terpenuhi, tetapi tidak ada komponen yang berlaku bagi anggota mana pun",
                    "the conditions hold but no component applies to any member",
                )
            } else {
                ProgrammeReason::text("tidak layak", "not eligible")
            });
        }
        ProgrammeVerdict::NotPossible { reasons }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PKH 2025 (docs/domain/programmes.md §2): registered, desil 1–4, and at least one
    /// component; here a junior-secondary child (15 in June 2025), while
    /// the parents' disability and pregnancy were never asked.
    fn family(desil: Option<i64>, child_schooling: &str) -> Household {
        let mut h: Household = serde_json::from_str(&format!(
            r#"{{"id": "RT-1", "address": {{"village_code": "3171011001"}}, "families": [{{"kk": "3171011503150007",
            "members": [
              {{"nik": "3171011708800001", "name": "A", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"}},
              {{"nik": "3171015204850002", "name": "B", "birth_date": "1985-04-12", "sex": "female", "relationship": "spouse"}},
              {{"nik": "3171010501100003", "name": "C", "birth_date": "2010-01-05", "sex": "male", "relationship": "child",
                "schooling": "{child_schooling}"}}]}}]}}"#
        ))
        .unwrap();
        h.desil = desil;
        h
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 2).unwrap()
    }

    #[test]
    fn a_component_that_applies_leaves_only_the_ranking_open() {
        let sets = RuleSets::builtin();
        let v = sets.check(&family(None, "junior_secondary"), "PKH", day());
        assert!(matches!(v, ProgrammeVerdict::AwaitsRanking { .. }), "{v:?}");
        assert_eq!(
            sets.check(&family(Some(3), "junior_secondary"), "PKH", day()),
            ProgrammeVerdict::Possible
        );
        assert!(matches!(
            sets.check(&family(Some(7), "junior_secondary"), "PKH", day()),
            ProgrammeVerdict::NotPossible { .. }
        ));
    }

    #[test]
    fn with_no_component_applying_the_unasked_questions_are_what_is_missing() {
        // The child is out of school: only a disability or a pregnancy
        // could make PKH possible, and nobody was asked.
        let v = RuleSets::builtin().check(&family(Some(2), "not_in_school"), "PKH", day());
        let ProgrammeVerdict::Undecidable { missing } = v else {
            panic!("{v:?}")
        };
        assert!(
            missing
                .iter()
                .any(|r| r.path.ends_with("severe_disability")),
            "{missing:?}"
        );
    }
}
