//! Scenario tests: `tests/scenarios/*.json` at the repository root.
//!
//! Each file holds households and the decisions expected for them, written
//! from the rule documents and their sources (docs/domain/programmes.md), not from the
//! engine's output. Format:
//!
//! ```json
//! {"name": "…", "cases": [{"name": "…", "why": "rule + source",
//!   "household": { …Household… },
//!   "checks": [{"as_of": "2025-06-01", "programme": "PKH", "unit": "families[0]",
//!               "outcome": "eligible", "amount_per_year": 3000000, "amount_per_period": 750000,
//!               "rule_version": "2025",
//!               "counted": ["early_childhood families[0].members[1]"],
//!               "not_counted": {"pregnancy families[0].members[1]": "cap"}}]}]}
//! ```
//!
//! The runner also checks coverage: every built-in programme has at least one
//! eligible, one not-eligible and one undecidable expectation.
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use dtks_core::assess::{assess, NotCounted, Outcome};
use dtks_core::household::Household;
use dtks_core::rules::RuleSets;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[allow(dead_code)]
    why: String,
    household: Household,
    checks: Vec<Check>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    as_of: NaiveDate,
    programme: String,
    unit: String,
    outcome: String,
    #[serde(default)]
    amount_per_year: Option<i64>,
    #[serde(default)]
    amount_per_period: Option<i64>,
    #[serde(default)]
    rule_version: Option<String>,
    #[serde(default)]
    counted: Option<Vec<String>>,
    #[serde(default)]
    not_counted: Option<BTreeMap<String, String>>,
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Eligible => "eligible",
        Outcome::NotEligible => "not_eligible",
        Outcome::Undecidable => "undecidable",
        _ => "other",
    }
}

fn not_counted_name(n: NotCounted) -> &'static str {
    match n {
        NotCounted::NotHighestForMember => "not_highest_for_member",
        NotCounted::ComponentLimit => "component_limit",
        NotCounted::GroupLimit => "group_limit",
        NotCounted::Cap => "cap",
        _ => "other",
    }
}

#[test]
fn scenarios() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no scenario files in {dir}");
    let rules = RuleSets::builtin();
    let mut failures = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut checks = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let file: File =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in &file.cases {
            for (k, c) in case.checks.iter().enumerate() {
                checks += 1;
                let at = format!(
                    "{} / {} / check {k} ({} {} on {})",
                    file.name, case.name, c.programme, c.unit, c.as_of
                );
                let a = assess(&case.household, c.as_of, rules);
                let b = assess(&case.household, c.as_of, rules);
                assert_eq!(a, b, "{at}: not deterministic");
                let Some(d) = a
                    .decisions
                    .iter()
                    .find(|d| d.programme == c.programme && d.path == c.unit)
                else {
                    failures.push(format!(
                        "{at}: no decision (programme not in force or unit absent)"
                    ));
                    continue;
                };
                seen.insert((c.programme.clone(), c.outcome.clone()));
                if outcome_name(d.outcome) != c.outcome {
                    failures.push(format!(
                        "{at}: outcome {} expected {}\n{}",
                        outcome_name(d.outcome),
                        c.outcome,
                        a.to_text(dtks_core::problem::Lang::En)
                    ));
                    continue;
                }
                if let Some(v) = &c.rule_version {
                    if &d.rule_set.version != v {
                        failures.push(format!(
                            "{at}: decided under version {} expected {v}",
                            d.rule_set.version
                        ));
                    }
                }
                let got_year = d.amount.map(|x| x.per_year);
                if c.amount_per_year.is_some() && got_year != c.amount_per_year {
                    failures.push(format!(
                        "{at}: amount per year {got_year:?} expected {:?}",
                        c.amount_per_year
                    ));
                }
                let got_period = d.amount.map(|x| x.per_period);
                if c.amount_per_period.is_some() && got_period != c.amount_per_period {
                    failures.push(format!(
                        "{at}: amount per period {got_period:?} expected {:?}",
                        c.amount_per_period
                    ));
                }
                if let Some(want) = &c.counted {
                    let mut got: Vec<String> = d
                        .components
                        .iter()
                        .filter(|l| l.counted)
                        .map(|l| format!("{} {}", l.component, l.member))
                        .collect();
                    let mut want = want.clone();
                    got.sort();
                    want.sort();
                    if got != want {
                        failures.push(format!("{at}: counted {got:?} expected {want:?}"));
                    }
                }
                if let Some(want) = &c.not_counted {
                    let got: BTreeMap<String, String> = d
                        .components
                        .iter()
                        .filter_map(|l| {
                            l.not_counted.map(|n| {
                                (
                                    format!("{} {}", l.component, l.member),
                                    not_counted_name(n).to_owned(),
                                )
                            })
                        })
                        .collect();
                    if &got != want {
                        failures.push(format!("{at}: not counted {got:?} expected {want:?}"));
                    }
                }
            }
        }
    }
    let programmes: BTreeSet<&str> = rules.programmes().map(|(p, _)| p.id.as_str()).collect();
    for p in programmes {
        for o in ["eligible", "not_eligible", "undecidable"] {
            if !seen.contains(&(p.to_owned(), o.to_owned())) {
                failures.push(format!("coverage: no {o} scenario for {p}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checks} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every scenario household on every date it is checked on, with and without
/// traces: the owned answer a face keeps (`Assessment::answer`) serialises
/// exactly as the assessment does and reads back equal.
#[test]
fn owned_answers_serialise_as_the_assessment() {
    use dtks_core::assess::{assess_with, AssessmentAnswer, Options};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in &file.cases {
            let dates: BTreeSet<NaiveDate> = case.checks.iter().map(|c| c.as_of).collect();
            for as_of in dates {
                for opts in [Options::FULL, Options::FAST] {
                    let a = assess_with(&case.household, as_of, RuleSets::builtin(), opts);
                    let answer = a.answer();
                    let text = serde_json::to_string(&answer).unwrap();
                    assert_eq!(text, serde_json::to_string(&a).unwrap(), "{}", case.name);
                    let back: AssessmentAnswer = serde_json::from_str(&text).unwrap();
                    assert_eq!(back, answer, "{}", case.name);
                    n += 1;
                }
            }
        }
    }
    assert!(n >= 20, "only {n} assessments compared");
}
