//! `examples/households.xlsx` is `examples/households.csv` written as a
//! clerk's workbook (examples/csv_to_xlsx.rs): this keeps it current
//! (`UPDATE_XLSX=1` rewrites it) and checks that validating it gives the
//! CSV's accounting and, row for row, the CSV's problems, one row lower
//! (the sheet's row 1 is the header).
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../examples/csv_to_xlsx.rs"]
mod csv_to_xlsx;

use dtks_core::bulk::{validate, Collect, Format, Options, Outputs, Summary};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_example_workbook_is_the_example_csv() {
    let csv = std::fs::read(root().join("examples/households.csv")).unwrap();
    let want = csv_to_xlsx::convert(&csv).unwrap();
    let path = root().join("examples/households.xlsx");
    if std::env::var_os("UPDATE_XLSX").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(
        have == want,
        "examples/households.xlsx is stale: run UPDATE_XLSX=1 cargo test -p dtks-core --features xlsx --test workbook_example"
    );
}

fn run(bytes: &[u8], threads: usize) -> (Summary, BTreeMap<Option<u64>, Vec<String>>) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut opts = Options::new(Format::Csv, as_of);
    opts.threads = threads;
    let mut report = Collect::default();
    let summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut report);
        validate(bytes, &opts, &mut out).unwrap()
    };
    let mut rows: BTreeMap<Option<u64>, Vec<String>> = BTreeMap::new();
    for p in &report.problems {
        rows.entry(p.row)
            .or_default()
            .push(p.problem.code.as_str().to_owned());
    }
    for v in rows.values_mut() {
        v.sort();
    }
    (summary, rows)
}

#[test]
fn the_workbook_gives_the_csv_problems_on_sheet_rows() {
    let csv = std::fs::read(root().join("examples/households.csv")).unwrap();
    let xlsx = csv_to_xlsx::convert(&csv).unwrap();
    let (cs, crows) = run(&csv, 1);
    for threads in [1, 2] {
        let (xs, xrows) = run(&xlsx, threads);
        assert_eq!(
            (xs.rows_read, xs.rows_valid, xs.rows_invalid, xs.households),
            (cs.rows_read, cs.rows_valid, cs.rows_invalid, cs.households)
        );
        assert_eq!(xs.rows_read, xs.rows_valid + xs.rows_invalid);
        assert_eq!(
            (xs.container.as_deref(), xs.sheet.as_deref()),
            (Some("xlsx"), Some("DTKS"))
        );
        let shifted: BTreeMap<Option<u64>, Vec<String>> = crows
            .iter()
            .map(|(r, v)| (r.map(|n| n + 1), v.clone()))
            .collect();
        assert_eq!(xrows, shifted);
        assert_eq!(xs.per_code, cs.per_code);
    }
}
