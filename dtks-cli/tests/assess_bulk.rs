//! `dtks validate --assess` on the example dataset: the report's summary
//! carries per-programme counts and the rule sets applied; only households
//! without an error are assessed (counted by hand from
//! `examples/expected.json`); a custom `--rules` file changes the counts as
//! its rule says.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dtks-assess-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn dtks(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `validate FILE --assess --as-of 2026-11-24 --report R [extra]`, returns the summary.
fn run(form: &str, extra: &[&str]) -> Value {
    let input = root().join(format!("examples/households.{form}"));
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let report = tmp(&format!("report-{form}-{n}.json"));
    let mut args = vec![
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-11-24",
        "--quiet",
        "--assess",
        "--report",
        report.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = dtks(&args);
    // The examples contain errors: exit 1, never 2.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    doc["summary"].clone()
}

/// Household ids the stage must assess in a form: no error-severity problem
/// of the household itself in `expected.json`.
fn assessable(form: &str) -> BTreeSet<String> {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/expected.json")).unwrap(),
    )
    .unwrap();
    let mut ids = BTreeSet::new();
    for h in doc["households"].as_array().unwrap() {
        if !h["forms"].as_array().unwrap().iter().any(|f| f == form) {
            continue;
        }
        let key = if form == "csv" && h.get("problems_csv").is_some() {
            "problems_csv"
        } else {
            "problems"
        };
        // Any error, its own or across households, keeps a household out.
        let any_error = h[key]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["severity"] == "error");
        if !any_error {
            ids.insert(h["id"].as_str().unwrap().to_owned());
        }
    }
    ids
}

/// Province (2 digits) of each household id in an example file.
fn provinces(form: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join(format!("examples/households.{form}"))).unwrap();
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).take(2).collect() };
    let mut out = BTreeMap::new();
    if form == "jsonl" {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let (Some(id), Some(code)) = (v["id"].as_str(), v["address"]["village_code"].as_str())
            else {
                continue;
            };
            out.insert(id.to_owned(), digits(code));
        }
    } else {
        for line in text.lines().skip(1) {
            let mut cols = line.split(',');
            let (Some(id), Some(code)) = (cols.next(), cols.next()) else {
                continue;
            };
            out.entry(id.to_owned()).or_insert_with(|| digits(code));
        }
    }
    out
}

fn counter(summary: &Value, key: &str) -> u64 {
    summary["stages"]["assess"][key].as_u64().unwrap_or(0)
}

#[test]
fn only_households_without_errors_are_assessed() {
    for form in ["csv", "jsonl"] {
        let s = run(form, &[]);
        let expected = assessable(form);
        assert_eq!(
            counter(&s, "households.assessed"),
            expected.len() as u64,
            "{form}: {expected:?}"
        );
        assert_eq!(
            counter(&s, "households.assessed") + counter(&s, "households.skipped"),
            s["households"].as_u64().unwrap(),
            "{form}"
        );
    }
    // JSON Lines has no cross-record finding among the examples: exactly
    // EX-01..04, 31, 32, 43, 44, 45, 47 are clean.
    assert_eq!(assessable("jsonl").len(), 10);
}

#[test]
fn the_report_carries_programme_counts_and_the_rules() {
    for form in ["csv", "jsonl"] {
        let s = run(form, &[]);
        let stage = s["stages"]["assess"].as_object().unwrap();
        // Every counter is a whole number; amounts are never negative (u64).
        for (k, v) in stage {
            assert!(v.as_u64().is_some(), "{form} {k}");
        }
        // The built-in national programmes are decided for every assessed household.
        for id in ["PBI_JK", "PKH", "SEMBAKO"] {
            let units: u64 = ["eligible", "not_eligible", "undecidable"]
                .iter()
                .map(|f| counter(&s, &format!("programme.{id}.{f}")))
                .sum();
            assert!(units > 0, "{form} {id}");
        }
        // Province totals add up to the programme totals.
        for (k, v) in stage {
            let Some(rest) = k.strip_prefix("programme.") else {
                continue;
            };
            let by_province: u64 = stage
                .iter()
                .filter(|(pk, _)| {
                    pk.strip_prefix("province.")
                        .and_then(|r| r.split_once('.'))
                        .is_some_and(|(_, tail)| tail == rest)
                })
                .map(|(_, pv)| pv.as_u64().unwrap())
                .sum();
            assert_eq!(by_province, v.as_u64().unwrap(), "{form} {k}");
        }
        // The rule sets applied, each with a content hash.
        let rules = s["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert!(ids.contains(&"PKH") && ids.contains(&"PBI_JK"), "{ids:?}");
        for r in rules {
            let v = r["version"].as_str().unwrap();
            let (_, hash) = v.split_once("@sha256:").unwrap();
            assert_eq!(hash.len(), 64, "{v}");
        }
    }
}

#[test]
fn without_assess_there_are_no_counts() {
    let input = root().join("examples/households.jsonl");
    let report = tmp("plain.json");
    let out = dtks(&[
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-11-24",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(doc["summary"]["stages"].as_object().unwrap().is_empty());
    assert!(doc["summary"]["rules"].as_array().unwrap().is_empty());
}

const JAKARTA_RULE: &str = r#"
kind = "programme"
id = "TEST_JAKARTA"
version = "1"
name = { id = "Uji Jakarta", en = "Jakarta test" }
unit = "household"
effective_from = 2026-01-01
sources = ["a test rule"]
payment_period = "month"
eligibility = { resides_in = ["31"] }
# One payment per household: the component counts once whatever the size.
components = [ { id = "base", name = "base", amount = 100000, per = "month", max_count = 1 } ]
"#;

fn write(name: &str, text: &str) -> PathBuf {
    let p = tmp(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_custom_rule_file_changes_the_counts_as_its_rule_says() {
    let rule = write("jakarta.toml", JAKARTA_RULE);
    for form in ["csv", "jsonl"] {
        let s = run(form, &["--rules", rule.to_str().unwrap()]);
        let province = provinces(form);
        let assessed = assessable(form);
        let in_31 = assessed
            .iter()
            .filter(|id| province.get(*id).map(String::as_str) == Some("31"))
            .count() as u64;
        let elsewhere = assessed.len() as u64 - in_31;
        assert!(in_31 > 0 && elsewhere > 0, "{form}");
        assert_eq!(
            counter(&s, "programme.TEST_JAKARTA.eligible"),
            in_31,
            "{form}"
        );
        assert_eq!(
            counter(&s, "programme.TEST_JAKARTA.not_eligible"),
            elsewhere,
            "{form}"
        );
        assert_eq!(counter(&s, "programme.TEST_JAKARTA.undecidable"), 0);
        assert_eq!(
            counter(&s, "programme.TEST_JAKARTA.amount_per_year"),
            in_31 * 12 * 100_000
        );
        assert_eq!(counter(&s, "province.31.TEST_JAKARTA.eligible"), in_31);
        assert_eq!(counter(&s, "province.31.TEST_JAKARTA.not_eligible"), 0);
        // The file replaces the built-in programmes.
        let stage = s["stages"]["assess"].as_object().unwrap();
        assert!(!stage.keys().any(|k| k.starts_with("programme.PKH.")));
        let ids: Vec<&str> = s["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.first(), Some(&"TEST_JAKARTA"));
        assert!(!ids.contains(&"PKH"));
    }
}

#[test]
fn a_bad_rule_file_exits_2_with_the_core_code() {
    let bad = write(
        "bad.toml",
        &JAKARTA_RULE.replace("resides_in = [\"31\"]", "lives_in = [\"31\"]"),
    );
    let input = root().join("examples/households.jsonl");
    let out = dtks(&[
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-11-24",
        "--rules",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("RULE_UNKNOWN_CONDITION"), "{err}");
    assert!(err.contains("eligibility.lives_in"), "{err}");
    let missing = dtks(&[
        "validate",
        input.to_str().unwrap(),
        "--rules",
        Path::new("/nonexistent/rule.toml").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_terminal_shows_the_assessment_table() {
    let input = root().join("examples/households.jsonl");
    let out = dtks(&[
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-11-24",
        "--max-problems",
        "0",
        "--assess",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("10 households assessed"), "{text}");
    assert!(text.contains("programme"), "{text}");
    let pkh = text.lines().find(|l| l.starts_with("PKH ")).unwrap();
    assert!(pkh.contains("family"), "{pkh}");
    assert!(text.contains("rules applied:"), "{text}");
}
