//! Integrity through the command (issue 13): every reader of a trail
//! verifies it first; the host's key (--key-file or DTKS_AUDIT_KEY) and kept
//! heads (--heads, written by finalise --write-heads or `usulan heads`) are
//! taken by check, finalise and status. Expected results are written from
//! docs/process.md "Trust model", not from the command's output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dtks_core::lifecycle::{AuditTrail, Event, TrailKey};
use dtks_core::usulan::Batch;
mod common;
use common::{root, Run, Tmp, BATCH, SESSION, STATEMENT};
use serde_json::{json, Value};

const KEY_HEX: &str = "5f1e0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f";

/// A run of the command whose output is checked never to show the key.
fn dtks_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let run = common::dtks_env(args, env);
    assert!(
        !run.stdout.contains(KEY_HEX) && !run.stderr.contains(KEY_HEX),
        "the key is shown"
    );
    run
}

fn dtks(args: &[&str]) -> Run {
    dtks_env(args, &[])
}

/// (code, path, kind) of every problem of a JSON report.
fn problems(report: &Value) -> Vec<(String, String, Option<String>)> {
    report["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems: {report}"))
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            let kind = p["context"]
                .as_object()
                .and_then(|c| c.get("kind"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            (
                p["code"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
                kind,
            )
        })
        .collect()
}

fn broken(path: &str, kind: &str) -> (String, String, Option<String>) {
    ("AUDIT_TRAIL_BROKEN".into(), path.into(), Some(kind.into()))
}

fn example() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(BATCH)).unwrap()).unwrap()
}

/// The example batch with its saved entries sealed by the host's key (as a
/// host keeping a key from the first move would have written them).
fn sealed_example() -> String {
    let mut b: Batch = serde_json::from_value(example()).unwrap();
    let key = TrailKey::from_hex(KEY_HEX).unwrap();
    for p in &mut b.proposals {
        let (actor, at) = (p.trail.entries()[0].actor.clone(), p.trail.entries()[0].at);
        p.trail = AuditTrail::new();
        p.trail
            .record_keyed(Event::Save, &actor, at, None, Some(&key))
            .unwrap();
    }
    serde_json::to_string_pretty(&b).unwrap()
}

fn finalise(batch: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args = vec![
        "usulan",
        "finalise",
        batch,
        "--session",
        SESSION,
        "--as-of",
        "2024-03-07",
        "--at",
        "2024-03-08T10:30:00",
        "--actor",
        "op-3171011001",
        "--statement",
        STATEMENT,
        "--json",
    ];
    args.extend_from_slice(extra);
    dtks_env(&args, env)
}

fn check(batch: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "usulan",
        "check",
        batch,
        "--session",
        SESSION,
        "--as-of",
        "2024-03-07",
        "--json",
    ];
    args.extend_from_slice(extra);
    dtks(&args)
}

fn edit(path: &str, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn status_does_not_answer_from_a_forged_trail() {
    let tmp = Tmp::new("integrity", "status-forged");
    let out = tmp.path("fin.json");
    let r = finalise(BATCH, &["--write", &out], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The finalise entry edited in the file (who finalised).
    edit(&out, |v| {
        v["proposals"][1]["trail"][1]["actor"] = json!("op-lain");
    });
    let r = dtks(&["usulan", "status", &out, "--name", "Wati Rahayu", "--json"]);
    assert_eq!(r.code, Some(1));
    let j = r.json();
    assert_eq!(j["found"], false);
    assert_eq!(j["answers"], json!([]));
    assert_eq!(
        problems(&j),
        vec![broken("proposals[1].trail[1]", "hash_mismatch")]
    );
    // In text: the problem, not a status line with the forged data.
    let r = dtks(&["usulan", "status", &out, "--name", "Wati Rahayu"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("AUDIT_TRAIL_BROKEN"), "{}", r.stdout);
    assert!(!r.stdout.contains("finalised since"), "{}", r.stdout);
}

#[test]
fn truncation_is_caught_with_the_heads_written_at_finalisation() {
    let tmp = Tmp::new("integrity", "heads");
    let out = tmp.path("fin.json");
    let heads = tmp.path("heads.json");
    let r = finalise(BATCH, &["--write", &out, "--write-heads", &heads], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The JSON answer carries the heads too, the same as the file.
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&heads).unwrap()).unwrap();
    assert_eq!(r.json()["heads"], written);
    assert_eq!(written["format"], "dtks-heads/1");
    let fin = example_at(&out);
    assert_eq!(
        written["heads"]["U-002"],
        fin["proposals"][1]["trail"][1]["hash"]
    );
    // `usulan heads` prints the same for the file as written.
    let r = dtks(&["usulan", "heads", &out, "--json"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.json()["heads"], written);
    // The finalisation removed from U-002's trail: a valid, shorter chain.
    edit(&out, |v| {
        v["proposals"][1]["trail"].as_array_mut().unwrap().pop();
    });
    // Without the heads it cannot be seen (docs/process.md, trust model) …
    let r = dtks(&["usulan", "heads", &out, "--json"]);
    assert_eq!((r.code, r.json()["valid"].clone()), (Some(0), json!(true)));
    // … with them every reader reports it.
    let r = check(&out, &["--heads", &heads]);
    assert_eq!(r.code, Some(1));
    assert!(
        problems(&r.json()).contains(&broken("proposals[1].trail[1]", "truncated")),
        "{}",
        r.stdout
    );
    let r = dtks(&[
        "usulan",
        "status",
        &out,
        "--name",
        "Wati Rahayu",
        "--heads",
        &heads,
        "--json",
    ]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        problems(&r.json()),
        vec![broken("proposals[1].trail[1]", "truncated")]
    );
    // A whole proposal removed: AUDIT_TRAIL_MISSING with the heads.
    edit(&out, |v| {
        v["proposals"].as_array_mut().unwrap().pop();
    });
    let r = dtks(&["usulan", "heads", &out, "--heads", &heads, "--json"]);
    assert_eq!(r.code, Some(1));
    let codes: Vec<String> = problems(&r.json()).into_iter().map(|p| p.0).collect();
    assert!(
        codes.contains(&"AUDIT_TRAIL_MISSING".to_owned()),
        "{codes:?}"
    );
}

fn example_at(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn with_the_key_a_chain_rebuilt_without_it_is_caught() {
    let tmp = Tmp::new("integrity", "key");
    let batch = tmp.write("sealed.json", &sealed_example());
    let key_file = tmp.write("trail.key", &format!("{KEY_HEX}\n"));
    let out = tmp.path("fin.json");
    let r = finalise(&batch, &["--key-file", &key_file, "--write", &out], &[]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    // Every new entry is sealed; the key from the environment gives the same verdict.
    let fin = example_at(&out);
    assert!(fin["proposals"][0]["trail"][1]["seal"].is_string());
    assert_eq!(
        check(&out, &["--key-file", &key_file]).code,
        Some(0),
        "sealed file, right key"
    );
    let r = dtks_env(
        &["usulan", "heads", &out, "--json"],
        &[("DTKS_AUDIT_KEY", KEY_HEX)],
    );
    assert_eq!(r.code, Some(0));
    // A forger recomputes U-001's finalise entry with another actor and a fresh hash.
    edit(&out, |v| {
        let t = &mut v["proposals"][0]["trail"][1];
        t["actor"] = json!("op-lain");
        let e: dtks_core::lifecycle::AuditEntry = serde_json::from_value(t.clone()).unwrap();
        t["hash"] = json!(e.compute_hash());
    });
    // Without the key: the chain of this last entry is consistent (undetectable).
    assert_eq!(check(&out, &[]).code, Some(0));
    // With it: caught at the edited entry.
    let r = check(&out, &["--key-file", &key_file]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        problems(&r.json()),
        vec![broken("proposals[0].trail[1]", "seal_mismatch")]
    );
    // The example file itself was written without a key: with one, it is unsealed.
    let r = check(BATCH, &["--key-file", &key_file]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        problems(&r.json()),
        vec![
            broken("proposals[0].trail[0]", "unsealed"),
            broken("proposals[1].trail[0]", "unsealed")
        ]
    );
}

#[test]
fn a_bad_key_is_a_usage_error_that_does_not_show_it() {
    let tmp = Tmp::new("integrity", "badkey");
    let short = tmp.write("short.key", "abcd");
    let r = check(BATCH, &["--key-file", &short]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("16"), "{}", r.stderr);
    let r = dtks_env(
        &["usulan", "check", BATCH, "--json"],
        &[("DTKS_AUDIT_KEY", "not hex at all")],
    );
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("DTKS_AUDIT_KEY"), "{}", r.stderr);
}
