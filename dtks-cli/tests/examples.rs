//! The main job end to end: `dtks validate` on the example dataset, in both
//! forms, reports exactly the problems `examples/expected.json` states for
//! each household (written from the rules in `scripts/make-examples.py`),
//! accounts for every row, and never prints a full NIK.
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

type Problems = Vec<(String, String, String)>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn expected(form: &str) -> BTreeMap<String, Problems> {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/expected.json")).unwrap(),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for h in doc["households"].as_array().unwrap() {
        if !h["forms"].as_array().unwrap().iter().any(|f| f == form) {
            continue;
        }
        // A household may state its CSV-form problems apart (`problems_csv`).
        let key = if form == "csv" && h.get("problems_csv").is_some() {
            "problems_csv"
        } else {
            "problems"
        };
        let mut ps: Problems = h[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let s = |k: &str| p[k].as_str().unwrap().to_owned();
                (s("code"), s("path"), s("severity"))
            })
            .collect();
        ps.sort();
        out.insert(h["id"].as_str().unwrap().to_owned(), ps);
    }
    out
}

fn run(file: &str, form: &str) {
    let dir = std::env::temp_dir().join(format!("dtks-examples-{form}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .current_dir(root())
        .args([
            "validate",
            file,
            "--as-of",
            "2026-11-24",
            "--quiet",
            "--report",
        ])
        .arg(&report)
        .output()
        .unwrap();
    // The example holds errors: exit status 1.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();

    let want = expected(form);
    let mut got: BTreeMap<String, Problems> =
        want.keys().map(|k| (k.clone(), Vec::new())).collect();
    for p in r["problems"].as_array().unwrap() {
        let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
        got.entry(s("household"))
            .or_default()
            .push((s("code"), s("path"), s("severity")));
    }
    for v in got.values_mut() {
        v.sort();
    }
    let mut fails = Vec::new();
    for (id, w) in &want {
        if got.get(id) != Some(w) {
            fails.push(format!(
                "{id}:\n  expected {w:?}\n  got      {:?}",
                got.get(id)
            ));
        }
    }
    for id in got.keys().filter(|k| !want.contains_key(*k)) {
        fails.push(format!("unexpected household {id:?} in the report"));
    }
    assert!(fails.is_empty(), "{form}:\n{}", fails.join("\n"));

    let s = &r["summary"];
    let read = s["rows_read"].as_u64().unwrap();
    assert_eq!(
        read,
        s["rows_valid"].as_u64().unwrap() + s["rows_invalid"].as_u64().unwrap()
    );
    assert_eq!(s["households"].as_u64().unwrap(), want.len() as u64);
    if form == "jsonl" {
        // One line per household: the invalid lines are the households with an
        // error (a family without members included: its problem has no row of
        // its own and must fall on the household's line).
        let with_error = want
            .values()
            .filter(|ps| ps.iter().any(|(_, _, sev)| sev == "error"))
            .count() as u64;
        assert_eq!(s["rows_invalid"].as_u64().unwrap(), with_error);
    }

    // No full NIK of the input reaches the terminal or the report.
    let input = std::fs::read_to_string(root().join(file)).unwrap();
    let report_text = std::fs::read_to_string(&report).unwrap();
    for nik in input
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 16)
    {
        assert!(!stdout.contains(nik), "terminal shows {nik}");
        assert!(!report_text.contains(nik), "report shows {nik}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csv_example_gives_the_expected_problems() {
    run("examples/households.csv", "csv");
}

#[test]
fn jsonl_example_gives_the_expected_problems() {
    run("examples/households.jsonl", "jsonl");
}

/// A reader that stops early (`dtks … | head`) must not make the command
/// panic: `regions search` writes megabytes, far more than a pipe holds, so
/// the pipe is certainly closed while it still writes.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(["regions", "search", "a", "--limit", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reader is dropped here: stdout is closed.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// An output that is the input, or another output, is refused before
/// anything is written; so is a report name without .json or .csv.
#[test]
fn outputs_never_overwrite_the_input_or_each_other() {
    let dir = std::env::temp_dir().join(format!("dtks-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let original = std::fs::read(root().join("examples/households.csv")).unwrap();
    std::fs::write(&input, &original).unwrap();
    let keep = dir.join("keep.txt");
    std::fs::write(&keep, "keep\n").unwrap();
    let both = dir.join("both.csv");
    let inp = input.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--valid-out", inp],
        vec!["--invalid-out", inp],
        vec!["--report", inp],
        vec![
            "--valid-out",
            both.to_str().unwrap(),
            "--invalid-out",
            both.to_str().unwrap(),
        ],
        vec!["--report", keep.to_str().unwrap()],
    ];
    for extra in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
            .args(["validate", inp, "--as-of", "2026-11-24", "--quiet"])
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(!out.stderr.is_empty(), "{extra:?}");
        assert_eq!(std::fs::read(&input).unwrap(), original, "{extra:?}");
        assert_eq!(
            std::fs::read_to_string(&keep).unwrap(),
            "keep\n",
            "{extra:?}"
        );
        assert!(!both.exists(), "{extra:?}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args([
            "generate",
            "--rows",
            "10",
            "--seed",
            "1",
            "--as-of",
            "2026-01-01",
        ])
        .args(["--out", inp, "--truth", inp, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), original);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--report out.html`: one page with the example's headline as the JSON
/// report counts it, in Indonesian by default and English with `--lang en`,
/// the programme section with `--assess`, no full NIK or KK, no script or
/// style from elsewhere.
#[test]
fn html_report_of_the_examples() {
    let dir = std::env::temp_dir().join(format!("dtks-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("r.json");
    let html = dir.join("r.html");
    let html_en = dir.join("r-en.html");
    let base = [
        "validate",
        "examples/households.csv",
        "--as-of",
        "2026-01-01",
        "--quiet",
        "--assess",
    ];
    for (report, lang) in [(&json, "id"), (&html, "id"), (&html_en, "en")] {
        let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
            .current_dir(root())
            .args(base)
            .args(["--lang", lang, "--report"])
            .arg(report)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let s = &r["summary"];
    let page = std::fs::read_to_string(&html).unwrap();
    let page_en = std::fs::read_to_string(&html_en).unwrap();
    assert!(page.contains("<html lang=\"id\""));
    assert!(page_en.contains("<html lang=\"en\""));
    for (id, key) in [
        ("rows-read", "rows_read"),
        ("rows-valid", "rows_valid"),
        ("rows-invalid", "rows_invalid"),
        ("households", "households"),
    ] {
        let n = s[key].as_u64().unwrap();
        assert!(page.contains(&format!("<b id=\"{id}\">{n}</b>")), "{id}");
        assert!(page_en.contains(&format!("<b id=\"{id}\">{n}</b>")), "{id}");
    }
    assert!(page.contains(s["input_sha256"].as_str().unwrap()));
    assert!(page.contains("<span id=\"input-name\">households.csv</span>"));
    assert!(page.contains("Penilaian program") && page_en.contains("Programme assessment"));
    assert!(page.contains("Masalah per kode") && page_en.contains("Problems per code"));
    for p in [&page, &page_en] {
        // Self-contained: nothing fetched (the SVG namespace is a name, not a fetch).
        assert!(!p.contains("src=") && !p.contains("<link") && !p.contains("@import"));
        let long = p
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 16 && w.bytes().all(|b| b.is_ascii_digit()))
            .count();
        assert_eq!(long, 0);
        assert!(!p.contains("Budi Santoso"));
    }
    // A report name the command does not know is refused, and says which it knows.
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .current_dir(root())
        .args(base)
        .arg("--report")
        .arg(dir.join("r.htm"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".html"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `examples/households.xlsx` (the CSV written as a clerk's workbook, its
/// birth dates real date cells: dtks-core/examples/csv_to_xlsx.rs) gives
/// the CSV's headline and, row for row, its problems, on sheet rows (one
/// lower: the sheet's row 1 is the header).
#[test]
fn xlsx_example_gives_the_csv_problems_on_sheet_rows() {
    let dir = std::env::temp_dir().join(format!("dtks-examples-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = |file: &str, name: &str| -> Value {
        let path = dir.join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
            .current_dir(root())
            .args([
                "validate",
                file,
                "--as-of",
                "2026-11-24",
                "--quiet",
                "--report",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let csv = report("examples/households.csv", "csv.json");
    let xlsx = report("examples/households.xlsx", "xlsx.json");
    let headline = |r: &Value| {
        let s = &r["summary"];
        ["rows_read", "rows_valid", "rows_invalid", "households"].map(|k| s[k].as_u64().unwrap())
    };
    assert_eq!(headline(&xlsx), headline(&csv));
    assert_eq!(headline(&xlsx), [186, 92, 94, 47]);
    assert_eq!(xlsx["summary"]["container"], "xlsx");
    assert_eq!(xlsx["summary"]["sheet"], "DTKS");
    let per_row = |r: &Value, shift: u64| {
        let mut m: BTreeMap<Option<u64>, Vec<String>> = BTreeMap::new();
        for p in r["problems"].as_array().unwrap() {
            let row = p["row"].as_u64().map(|n| n + shift);
            m.entry(row)
                .or_default()
                .push(p["code"].as_str().unwrap().to_owned());
        }
        m.values_mut().for_each(|v| v.sort());
        m
    };
    assert_eq!(per_row(&xlsx, 0), per_row(&csv, 1));
    // A sheet that is not there: one file-level problem naming the one there is.
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .current_dir(root())
        .args([
            "validate",
            "examples/households.xlsx",
            "--as-of",
            "2026-11-24",
        ])
        .args(["--sheet", "Data", "--lang", "en"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("SHEET_UNKNOWN") && stdout.contains("its sheets are \"DTKS\""),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
