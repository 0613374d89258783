//! End to end: the bulk validator finds exactly the faults the generator
//! injected (each with its code, row, field and path), and nothing at all in
//! a clean generated file — in CSV and in JSON Lines.

// Test code: a failing unwrap is a failing test (clippy.toml allows it
// inside #[test] functions; these helpers are outside them).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use chrono::NaiveDate;
use dtks_core::bulk::{self, Collect, Outputs};
use dtks_core::generate::{generate, FaultKind, Format, Options};
use std::collections::BTreeMap;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// (row, code, path, field) → count.
type Keyed = BTreeMap<(u64, String, String, String), usize>;

fn run(opts: &Options) -> (Keyed, Keyed, dtks_core::bulk::Summary) {
    let (mut data, mut truth) = (Vec::new(), Vec::new());
    let made = generate(opts, &mut data, Some(&mut truth)).unwrap();
    let format = match opts.format {
        Format::Csv => bulk::Format::Csv,
        _ => bulk::Format::Jsonl,
    };
    let mut report = Collect::default();
    let mut out = Outputs::default();
    out.sinks.push(&mut report);
    let mut bopts = bulk::Options::new(format, opts.as_of);
    bopts.threads = 2;
    let summary = bulk::validate(&data[..], &bopts, &mut out).unwrap();
    assert_eq!(
        summary.rows_read,
        if format == bulk::Format::Csv {
            made.rows
        } else {
            made.households
        }
    );
    assert_eq!(summary.rows_read, summary.rows_valid + summary.rows_invalid);
    let csv = format == bulk::Format::Csv;
    let mut expected = Keyed::new();
    for line in String::from_utf8(truth).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let field = if csv {
            v["field"].as_str().unwrap().to_owned()
        } else {
            String::new()
        };
        let key = (
            v["row"].as_u64().unwrap(),
            v["code"].as_str().unwrap().to_owned(),
            v["path"].as_str().unwrap().to_owned(),
            field,
        );
        *expected.entry(key).or_default() += 1;
    }
    assert_eq!(expected.values().sum::<usize>() as u64, made.faults);
    let mut found = Keyed::new();
    for p in &report.problems {
        let field = if csv { p.field.clone() } else { String::new() };
        let key = (
            p.row.unwrap_or(0),
            p.problem.code.as_str().to_owned(),
            p.problem.path.clone(),
            field,
        );
        *found.entry(key).or_default() += 1;
    }
    (expected, found, summary)
}

fn diff(expected: &Keyed, found: &Keyed) -> String {
    let mut s = String::new();
    for (k, n) in expected {
        if found.get(k) != Some(n) {
            s.push_str(&format!("missed {k:?} x{n} (found {:?})\n", found.get(k)));
        }
    }
    for (k, n) in found {
        if expected.get(k) != Some(n) {
            s.push_str(&format!("unexpected {k:?} x{n}\n"));
        }
    }
    s
}

#[test]
fn a_clean_generated_file_has_no_problem() {
    for format in [Format::Csv, Format::Jsonl] {
        let (expected, found, summary) =
            run(&Options::new(30_000, 12, as_of()).with_format(format));
        assert!(expected.is_empty());
        assert!(found.is_empty(), "{format:?}: {}", diff(&expected, &found));
        assert_eq!((summary.errors, summary.warnings), (0, 0));
        assert_eq!(summary.rows_invalid, 0);
    }
}

#[test]
fn the_validator_finds_exactly_the_injected_faults() {
    for format in [Format::Csv, Format::Jsonl] {
        let opts = Options::new(40_000, 99, as_of())
            .with_fault_rate(0.25)
            .with_format(format);
        let (expected, found, _) = run(&opts);
        assert!(expected.len() > 2_000, "{}", expected.len());
        assert_eq!(expected, found, "{format:?}:\n{}", diff(&expected, &found));
    }
}

#[test]
fn every_kind_is_found_alone() {
    for kind in FaultKind::ALL.iter().copied() {
        let opts = Options::new(3_000, 5, as_of())
            .with_fault_rate(0.5)
            .with_faults(&[kind]);
        let (expected, found, _) = run(&opts);
        assert!(expected.len() > 50, "{kind:?}: {}", expected.len());
        assert!(expected.keys().all(|k| k.1 == kind.code().as_str()));
        assert_eq!(expected, found, "{kind:?}:\n{}", diff(&expected, &found));
    }
}
