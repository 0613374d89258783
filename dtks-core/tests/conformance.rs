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
        #[cfg(feature = "process")]
        "usulan" => usulan(name, &case["input"], as_of(case), expect),
        other => vec![format!("{name}: unknown kind {other}")],
    }
}

/// A batch checked or finalised as the faces do it (tests/conformance/README.md, `usulan`).
#[cfg(feature = "process")]
fn usulan(name: &str, input: &Value, as_of: NaiveDate, expect: &Value) -> Vec<String> {
    use dtks_core::musyawarah::{QuorumRule, Session};
    use dtks_core::usulan::{self, Anchors, Batch, CheckContext, Heads};
    let mut batch: Batch = serde_json::from_value(input["batch"].clone()).unwrap();
    let quorum: QuorumRule = input
        .get("quorum")
        .map(|q| serde_json::from_value(q.clone()).unwrap())
        .unwrap_or_default();
    let (prelist, session_problems) = match input.get("session") {
        Some(s) => usulan::cited_prelist(
            &serde_json::from_value::<Session>(s.clone()).unwrap(),
            &quorum,
        ),
        None => (None, Vec::new()),
    };
    let registered = input
        .get("registered_niks")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .map(|n| {
                    dtks_core::id::Nik::parse(n.as_str().unwrap())
                        .unwrap()
                        .as_u64()
                })
                .collect()
        })
        .unwrap_or_default();
    let anchors = Anchors {
        key: input
            .get("key")
            .map(|k| dtks_core::lifecycle::TrailKey::from_hex(k.as_str().unwrap()).unwrap()),
        heads: input
            .get("heads")
            .map(|h| Heads::parse(&h.to_string(), "heads").unwrap().heads)
            .unwrap_or_default(),
    };
    let ctx = CheckContext {
        as_of,
        registered: &registered,
        prelist: prelist.as_ref(),
        programmes: dtks_core::rules::RuleSets::builtin(),
        anchors: &anchors,
    };
    let got = if input["op"] == "finalise" {
        let at = chrono::NaiveDateTime::parse_from_str(
            input["at"].as_str().unwrap(),
            "%Y-%m-%dT%H:%M:%S",
        )
        .unwrap();
        let a = usulan::finalise_answer(
            &mut batch,
            input["statement"].as_str().unwrap(),
            &ctx,
            session_problems,
            input["actor"].as_str().unwrap(),
            at,
        );
        serde_json::to_value(a).unwrap()
    } else {
        let a = usulan::check_answer(&batch, &ctx, session_problems);
        let mut v = serde_json::to_value(&a).unwrap();
        v["awaiting_ranking"] = a
            .awaiting_ranking
            .iter()
            .map(|w| serde_json::json!([w.proposal_index, w.programmes]))
            .collect();
        v
    };
    let mut fails = Vec::new();
    for k in ["valid", "finalised", "awaiting_ranking"] {
        if let Some(want) = expect.get(k) {
            if got.get(k) != Some(want) {
                fails.push(format!("{name}: {k}: expected {want}, got {}", got[k]));
            }
        }
    }
    let (want, have) = (
        problems_multiset(&expect["problems"]),
        problems_multiset(&got["problems"]),
    );
    if want != have {
        fails.push(format!(
            "{name}: problems:\n  expected {want:?}\n  got      {have:?}"
        ));
    }
    fails
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
