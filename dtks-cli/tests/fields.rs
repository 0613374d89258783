//! `dtks validate` on files as spreadsheets write them (issue 12): the
//! locale flags (`--decimal-comma`, `--date-format`), `--null`,
//! `--accept-repaired`; exact problems and the accounting from the report.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const HEADER: &str = "id_rt;kode_desa;alamat;rt;rw;no_kk;nik;nama;tgl_lahir;jenis_kelamin;hub_keluarga;luas_lantai;penghasilan";

/// Budi (head, 17-08-1980) and Sri (spouse, 05-03-1982), as Excel set up
/// for Indonesia saves them: `;`, CRLF, decimal comma, `DD/MM/YYYY`; the
/// head's NIK behind an apostrophe; the spouse's status unknown as `NULL`
/// in a floor area.
fn indonesian() -> String {
    [
        HEADER,
        "RT-1;3171011001;Jl. Mawar 1;001;002;3171011503150007;'3171011708800001;Budi Santoso;17/08/1980;1;1;36,5;1.500.000",
        "RT-1;3171011001;Jl. Mawar 1;001;002;3171011503150007;3171014503820002;Sri Wahyuni;05/03/1982;2;2;36,5;1.500.000",
        "RT-2;3171011001;Jl. Melati 2;001;002;3171011503150015;3171012306750003;Andi;23/06/1975;1;1;NULL;NULL",
    ]
    .join("\r\n")
        + "\r\n"
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dtks-fields-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A problem as (row, code, field, severity).
type Prob = (Value, String, String, String);

/// Runs `validate` on `csv` with `extra`; (exit code, problems as
/// (row, code, field, severity) sorted, summary).
fn validate(csv: &str, extra: &[&str]) -> (i32, Vec<Prob>, Value) {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let input = tmp(&format!("in-{n}.csv"));
    let report = tmp(&format!("report-{n}.json"));
    std::fs::write(&input, csv).unwrap();
    let mut args = vec![
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-01-01",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(&args)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut problems: Vec<_> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].clone(),
                p["code"].as_str().unwrap().to_owned(),
                p["field"].as_str().unwrap().to_owned(),
                p["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    problems.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    let s = r["summary"].clone();
    assert_eq!(
        s["rows_read"].as_u64().unwrap(),
        s["rows_valid"].as_u64().unwrap() + s["rows_invalid"].as_u64().unwrap()
    );
    (out.status.code().unwrap(), problems, s)
}

fn prob(row: u64, code: &str, field: &str, sev: &str) -> Prob {
    (
        row.into(),
        code.to_owned(),
        field.to_owned(),
        sev.to_owned(),
    )
}

#[test]
fn the_locale_flags_read_an_indonesian_excel_file() {
    let (code, problems, s) = validate(
        &indonesian(),
        &[
            "--decimal-comma",
            "--date-format",
            "%d/%m/%Y",
            "--null",
            "NULL",
            "--accept-repaired",
        ],
    );
    assert_eq!(problems, vec![prob(1, "NIK_APOSTROPHE", "nik", "warning")]);
    assert_eq!(
        (s["rows_valid"].as_u64(), s["rows_invalid"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(code, 0);
}

#[test]
fn without_the_flags_each_fault_is_named_once() {
    let (code, problems, s) = validate(&indonesian(), &[]);
    let mut want = vec![
        (
            Value::Null,
            "DATE_FORM_DETECTED".to_owned(),
            String::new(),
            "warning".to_owned(),
        ),
        prob(1, "DECIMAL_COMMA", "luas_lantai", "error"),
        prob(1, "NIK_APOSTROPHE", "nik", "error"),
        prob(1, "VALUE_INVALID", "penghasilan", "error"),
        prob(1, "VALUE_INVALID", "tgl_lahir", "error"),
        prob(2, "VALUE_INVALID", "tgl_lahir", "error"),
        prob(3, "VALUE_INVALID", "tgl_lahir", "error"),
        prob(3, "VALUE_NULL_TOKEN", "luas_lantai", "error"),
        prob(3, "VALUE_NULL_TOKEN", "penghasilan", "error"),
    ];
    want.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(problems, want);
    assert_eq!(s["rows_valid"].as_u64(), Some(0));
    assert_eq!(code, 1);
}

#[test]
fn a_bad_date_format_flag_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(["validate", "x.csv", "--date-format", "%Q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("date format \"%Q\" is not valid"));
}
