//! The example dataset (`examples/households.jsonl`) gives exactly the
//! problems `examples/expected.json` states for each household (written from
//! the rules in `scripts/make-examples.py`).
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use dtks_core::household::{validate, Household};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

type Problems = Vec<(String, String, String)>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn jsonl_example_gives_the_expected_problems() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/expected.json")).unwrap(),
    )
    .unwrap();
    let as_of = NaiveDate::parse_from_str(expected["as_of"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let mut want: BTreeMap<String, Problems> = BTreeMap::new();
    for h in expected["households"].as_array().unwrap() {
        if !h["forms"].as_array().unwrap().iter().any(|f| f == "jsonl") {
            continue;
        }
        let mut ps: Problems = h["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let s = |k: &str| p[k].as_str().unwrap().to_owned();
                (s("code"), s("path"), s("severity"))
            })
            .collect();
        ps.sort();
        want.insert(h["id"].as_str().unwrap().to_owned(), ps);
    }
    let text = std::fs::read_to_string(root().join("examples/households.jsonl")).unwrap();
    let mut got: BTreeMap<String, Problems> = BTreeMap::new();
    for line in text.lines() {
        let h: Household = serde_json::from_str(line).unwrap();
        let mut ps: Problems = validate(&h, as_of)
            .into_iter()
            .map(|p| {
                (
                    p.code.as_str().to_owned(),
                    p.path,
                    p.severity.as_str().to_owned(),
                )
            })
            .collect();
        ps.sort();
        got.insert(h.id.clone(), ps);
    }
    assert_eq!(got.len(), want.len());
    let mut fails = Vec::new();
    for (id, w) in &want {
        if got.get(id) != Some(w) {
            fails.push(format!(
                "{id}:\n  expected {w:?}\n  got      {:?}",
                got.get(id)
            ));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
    // Every household/identity code appears in the example at least once.
    let seen: std::collections::BTreeSet<&str> = want
        .values()
        .flatten()
        .map(|(c, _, _)| c.as_str())
        .collect();
    for code in dtks_core::problem::Code::ALL {
        let s = code.as_str();
        // Spreadsheet artefacts (`'3171…`, `="3171…"`, `3171….0`) exist
        // only in CSV cells, never in a household's JSON; a float column's
        // precision only in a typed table (bulk tests, Python's tests).
        let artefact = [
            "_APOSTROPHE",
            "_FORMULA_TEXT",
            "_FLOAT_SUFFIX",
            "_FLOAT_PRECISION",
        ]
        .iter()
        .any(|a| s.ends_with(a));
        let foundation =
            !artefact && s.starts_with("NIK_") && !matches!(s, "NIK_IN_TWO_HOUSEHOLDS")
                || !artefact
                    && s.starts_with("KK_")
                    && !matches!(
                        s,
                        // Cross-file, and the KK recording-date checks, which the
                        // shared conformance cases (kk.json) cover.
                        "KK_IN_TWO_VILLAGES"
                            | "KK_ISSUED_BEFORE_REGISTRY"
                            | "KK_ISSUED_BEFORE_HEAD_BORN"
                    )
                || matches!(
                    s,
                    "FIELD_REQUIRED"
                        | "VALUE_OUT_OF_RANGE"
                        | "VALUE_INVALID"
                        | "HOUSEHOLD_ID_INVALID"
                        | "HOUSEHOLD_NO_FAMILY"
                        | "VILLAGE_CODE_INVALID"
                        | "VILLAGE_UNKNOWN"
                        | "FAMILY_NO_MEMBERS"
                        | "FAMILY_NO_HEAD"
                        | "FAMILY_MANY_HEADS"
                        | "BIRTH_DATE_FUTURE"
                        | "CHILD_OLDER_THAN_PARENT"
                        | "SPOUSE_SAME_SEX"
                        | "PREGNANT_MALE"
                        | "DISABILITY_SEVERITY_WITHOUT_DISABILITY"
                );
        if foundation {
            assert!(seen.contains(s), "no example household shows {s}");
        }
    }
}
