//! `dtks nik -` and `dtks kk -`: the number read from standard input, so a
//! caller running the command for someone else (the PHP package's fallback)
//! keeps the digits out of the process list. The answer is the one the
//! number given as an argument gets.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::process::{Command, Stdio};

/// `dtks ARGS` with `stdin` written to its standard input: (status, stdout).
fn run(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_number_from_standard_input_gets_the_answer_of_the_argument() {
    let cases: &[(&[&str], &str, i32)] = &[
        (
            &["nik", "--json", "--as-of", "2026-01-01"],
            "3171014101900001",
            0,
        ),
        (
            &["nik", "--json", "--as-of", "2026-01-01"],
            "317101410190001",
            1,
        ),
        (
            &["nik", "--json", "--lenient", "--as-of", "2026-01-01"],
            "3171 0141 0190 0001",
            0,
        ),
        (
            &["kk", "--json", "--as-of", "2026-01-01"],
            "3171011503150007",
            0,
        ),
        (
            &["kk", "--json", "--as-of", "2026-01-01"],
            "31710115031500",
            1,
        ),
    ];
    for (args, number, want) in cases {
        let mut given = args.to_vec();
        given.insert(1, number);
        let (code, by_arg) = run(&given, "");
        assert_eq!(code, Some(*want), "{given:?}: {by_arg}");
        let mut piped = args.to_vec();
        piped.insert(1, "-");
        for ending in ["\n", "\r\n", ""] {
            let (code, by_stdin) = run(&piped, &format!("{number}{ending}"));
            assert_eq!(code, Some(*want), "{piped:?} {number:?}: {by_stdin}");
            assert_eq!(by_stdin, by_arg, "{piped:?} {number:?}");
        }
    }
}

#[test]
fn only_the_first_line_is_read() {
    let (code, out) = run(
        &["nik", "-", "--json", "--as-of", "2026-01-01"],
        "3171014101900001\nnot a nik\n",
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("\"valid\": true"), "{out}");
    assert!(
        !out.contains("3171014101900001"),
        "the answer shows the NIK masked: {out}"
    );
}

/// Standard input has no name: its first bytes tell JSON Lines from CSV,
/// as C's and Python's in-memory validation decide, and the verdict is the
/// file's.
#[test]
fn standard_input_is_read_by_its_first_bytes() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/");
    for (name, format) in [("households.jsonl", "jsonl"), ("households.csv", "csv")] {
        let text = std::fs::read_to_string(format!("{root}{name}")).unwrap();
        let args = ["validate", "--as-of", "2026-11-24"];
        let (code, piped) = run(&[&args[..], &["-"]].concat(), &text);
        let (named_code, named) = run(&[&args[..], &["--format", format, "-"]].concat(), &text);
        assert_eq!(code, named_code, "{name}");
        assert_eq!(piped, named, "{name}");
        assert_eq!(
            code,
            Some(1),
            "{name}: the example holds a problem of every kind"
        );
        assert!(piped.contains("rows read"), "{name}: {piped}");
    }
}
