//! Runs the shared conformance cases in `tests/conformance/` against the core.
//! The C and Python faces run the same files with the same matching rules
//! (see `tests/conformance/README.md`).
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use dtks_core::answer;
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn as_of(case: &Value) -> NaiveDate {
    case.get("as_of")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
}

/// Every key of `expect` equals the answer's.
fn subset(name: &str, answer: &Value, expect: &Value) -> Vec<String> {
    let mut fails = Vec::new();
    for (k, want) in expect.as_object().unwrap() {
        let got = answer.get(k).unwrap_or(&Value::Null);
        if got != want {
            fails.push(format!("{name}: {k}: expected {want}, got {got}"));
        }
    }
    fails
}

fn problems_multiset(v: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("code"), s("path"), s("severity"))
        })
        .collect();
    out.sort();
    out
}

fn run(case: &Value, kind: &str) -> Vec<String> {
    let name = case["name"].as_str().unwrap();
    let lenient = case
        .get("lenient")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let expect = &case["expect"];
    match kind {
        "nik" => {
            let a = answer::decode_nik(case["input"].as_str().unwrap(), lenient, as_of(case));
            subset(name, &serde_json::to_value(a).unwrap(), expect)
        }
        "kk" => {
            let a = answer::decode_kk(case["input"].as_str().unwrap(), lenient, as_of(case));
            subset(name, &serde_json::to_value(a).unwrap(), expect)
        }
        "region" => {
            let a = answer::region_lookup(case["input"].as_str().unwrap());
            subset(name, &serde_json::to_value(a).unwrap(), expect)
        }
        "household" | "jakarta" => {
            let a = if kind == "household" {
                serde_json::to_value(answer::validate_household_json(
                    &case["input"].to_string(),
                    as_of(case),
                ))
            } else {
                let registry = case["input"].get("registry").map(Value::to_string);
                serde_json::to_value(dtks_core::jakarta::check_json(
                    &case["input"]["accounts"].to_string(),
                    registry.as_deref(),
                    as_of(case),
                ))
            };
            let a = a.unwrap();
            let mut fails = Vec::new();
            if a["valid"] != expect["valid"] {
                fails.push(format!(
                    "{name}: valid: expected {}, got {}",
                    expect["valid"], a["valid"]
                ));
            }
            let want = problems_multiset(&expect["problems"]);
            let got = problems_multiset(&a["problems"]);
            if want != got {
                fails.push(format!(
                    "{name}: problems:\n  expected {want:?}\n  got      {got:?}"
                ));
            }
            fails
        }
        other => vec![format!("{name}: unknown kind {other}")],
    }
}

#[test]
fn conformance_cases() {
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no conformance files in {:?}", dir());
    let mut fails = Vec::new();
    let mut count = 0;
    for f in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let kind = doc["kind"].as_str().unwrap();
        for case in doc["cases"].as_array().unwrap() {
            count += 1;
            fails.extend(run(case, kind));
        }
    }
    assert!(count > 100, "only {count} cases");
    assert!(
        fails.is_empty(),
        "{} of {count} cases failed:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
