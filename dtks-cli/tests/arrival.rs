//! `dtks validate` on files as they arrive (issue 12): Windows-1252 from
//! Excel on Windows (`--encoding cp1252`), UTF-16 from Excel's "Unicode
//! Text", gzip-compressed exports named `.csv.gz`, `.tsv`, and a workbook.
//! Each case asserts the exact problems and the accounting.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Two families as Excel set up for Indonesia saves them: `;`, CRLF,
/// `DD/MM/YYYY`; accented names (é, í) so the encoding matters.
fn text() -> String {
    [
        "id_rt;kode_desa;alamat;rt;rw;no_kk;nik;nama;tgl_lahir;jenis_kelamin;hub_keluarga",
        "RT-1;3171011001;Jl. Mawar 1;001;002;3171011503150007;3171011708800001;José Santoso;17/08/1980;1;1",
        "RT-1;3171011001;Jl. Mawar 1;001;002;3171011503150007;3171014503820002;Sri Wahyuni;05/03/1982;2;2",
        "RT-2;3171011001;Jl. Melati 2;001;002;3171011503150015;3171012306750003;Andí;23/06/1975;1;1",
    ]
    .join("\r\n")
        + "\r\n"
}

/// Windows-1252 for the text above (its only non-ASCII letters are é and í).
fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'é' => 0xE9,
            'í' => 0xED,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in this test's table"),
        })
        .collect()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend(u.to_le_bytes());
    }
    v
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dtks-arrival-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs `validate` on `bytes` saved as `name`; (exit code, sorted
/// (row, code) pairs, summary, stderr).
fn validate(
    name: &str,
    bytes: &[u8],
    extra: &[&str],
) -> (i32, Vec<(Value, String)>, Value, String) {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let input = tmp(&format!("{n}-{name}"));
    let report = tmp(&format!("report-{n}.json"));
    std::fs::write(&input, bytes).unwrap();
    let mut args = vec![
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2026-01-01",
        "--quiet",
        "--date-format",
        "%d/%m/%Y",
        "--report",
        report.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let r: Value = match std::fs::read(&report) {
        Ok(b) => serde_json::from_slice(&b).unwrap(),
        Err(e) => panic!("no report ({e}): {stderr}"),
    };
    let mut problems: Vec<_> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].clone(), p["code"].as_str().unwrap().to_owned()))
        .collect();
    problems.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    let s = r["summary"].clone();
    assert_eq!(
        s["rows_read"].as_u64().unwrap(),
        s["rows_valid"].as_u64().unwrap() + s["rows_invalid"].as_u64().unwrap()
    );
    (out.status.code().unwrap(), problems, s, stderr)
}

fn counts(s: &Value) -> (u64, u64, u64) {
    (
        s["rows_read"].as_u64().unwrap(),
        s["rows_valid"].as_u64().unwrap(),
        s["rows_invalid"].as_u64().unwrap(),
    )
}

#[test]
fn the_utf8_file_is_clean() {
    let (code, problems, s, _) = validate("in.csv", text().as_bytes(), &[]);
    assert_eq!((code, problems, counts(&s)), (0, vec![], (3, 3, 0)));
}

#[test]
fn a_windows_1252_file_says_to_use_the_option_and_reads_with_it() {
    let bytes = cp1252(&text());
    let (code, problems, s, _) = validate("in.csv", &bytes, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        vec![
            (Value::Null, "FILE_NOT_UTF8".to_owned()),
            (1.into(), "ROW_NOT_UTF8".to_owned()),
            (3.into(), "ROW_NOT_UTF8".to_owned()),
        ]
    );
    assert_eq!(counts(&s), (3, 1, 2));
    let (code, problems, s, _) = validate("in.csv", &bytes, &["--encoding", "cp1252"]);
    assert_eq!((code, problems, counts(&s)), (0, vec![], (3, 3, 0)));
    assert_eq!(s["encoding"], "cp1252");
    assert_eq!(s["input_bytes"].as_u64().unwrap(), bytes.len() as u64);
}

#[test]
fn unicode_text_and_compressed_files_are_read_by_their_content() {
    let tabbed = text().replace(';', "\t");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("export.txt", utf16le_bom(&tabbed)),
        ("export.tsv", tabbed.clone().into_bytes()),
        ("export.csv.gz", gzip(text().as_bytes())),
        ("export.TXT.GZ", gzip(&utf16le_bom(&tabbed))),
    ];
    for (name, bytes) in cases {
        let (code, problems, s, err) = validate(name, &bytes, &[]);
        assert_eq!(
            (code, problems, counts(&s)),
            (0, vec![], (3, 3, 0)),
            "{name}: {err}"
        );
        assert_eq!(
            s["input_bytes"].as_u64().unwrap(),
            bytes.len() as u64,
            "{name}"
        );
    }
}

#[test]
fn a_damaged_workbook_is_one_problem_that_says_what_to_do() {
    // The command reads workbooks (dtks-core's xlsx feature): this one has
    // a zip's first bytes and nothing after them. As JSON Lines, a workbook
    // is never opened.
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00 [Content_Types].xml".to_vec();
    for (extra, want) in [
        (&[][..], "WORKBOOK_UNREADABLE"),
        (&["--format", "jsonl"][..], "FILE_CONTAINER_UNSUPPORTED"),
    ] {
        let (code, problems, s, _) = validate("data.xlsx", &xlsx, extra);
        assert_eq!(code, 1);
        assert_eq!(problems, vec![(Value::Null, want.to_owned())]);
        assert_eq!(counts(&s), (0, 0, 0));
    }
}

#[test]
fn an_unknown_encoding_is_refused_before_reading() {
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(["validate", "x.csv", "--encoding", "ebcdic"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cp1252"));
}
