//! Scenario tests of field reading as spreadsheets write files (issue 12):
//! Indonesian locale, spreadsheet artefacts, null tokens, date forms, one
//! fault one problem. Each asserts the exact problems and the accounting
//! (`run_opts` checks `valid + invalid = read`).

use super::*;
use crate::problem::Code;

/// The problems as (row, code, field), sorted.
fn exact(r: &Run) -> Vec<(Option<u64>, &'static str, String)> {
    let mut v: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.row, p.problem.code.as_str(), p.field.clone()))
        .collect();
    v.sort();
    v
}

fn p(row: Option<u64>, code: &'static str, field: &str) -> (Option<u64>, &'static str, String) {
    (row, code, field.to_owned())
}

fn opts_with(mapping: Mapping, accept_repaired: bool) -> Options<'static> {
    let mut o = Options::new(Format::Csv, as_of());
    o.mapping = mapping;
    o.threads = 1;
    o.chunk_rows = 3;
    o.accept_repaired = accept_repaired;
    o
}

fn run_m(input: &str, mapping: Mapping) -> Run {
    run_opts(input.as_bytes(), &opts_with(mapping, false))
}

fn csv_of(rows: &[String]) -> String {
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

fn rows_of(s: &str) -> Vec<String> {
    s.lines().map(str::to_owned).collect()
}

/// The family as Excel set up for Indonesia saves it: `;`, CRLF, a decimal
/// comma in the floor area, `DD/MM/YYYY` dates.
fn indonesian_excel() -> String {
    let body = family("RT-1")
        .replace(',', ";")
        .replace(";36;", ";36,5;")
        .replace("1980-08-17", "17/08/1980")
        .replace("1982-03-05", "05/03/1982");
    format!(
        "{}\r\n{}\r\n",
        HEADER.replace(',', ";"),
        body.replace('\n', "\r\n")
    )
}

#[test]
fn an_indonesian_excel_file_reads_with_the_locale_declared() {
    let mut m = Mapping::reference();
    m.decimal = Some(",".to_owned());
    m.date_formats = vec!["%d/%m/%Y".to_owned()];
    let r = run_m(&indonesian_excel(), m);
    assert_eq!(exact(&r), vec![]);
    assert_eq!((r.summary.rows_read, r.summary.rows_valid), (2, 2));
}

#[test]
fn an_indonesian_excel_file_without_the_locale_says_what_to_declare() {
    let r = run_m(&indonesian_excel(), Mapping::reference());
    // Each unreadable date once (no FIELD_REQUIRED beside it), the decimal
    // comma once for the household, and one hint for the whole file naming
    // the form the dates are in.
    assert_eq!(
        exact(&r),
        vec![
            p(None, "DATE_FORM_DETECTED", ""),
            p(Some(1), "DECIMAL_COMMA", "luas_lantai"),
            p(Some(1), "VALUE_INVALID", "tgl_lahir"),
            p(Some(2), "VALUE_INVALID", "tgl_lahir"),
        ]
    );
    let hint = r
        .problems
        .iter()
        .find(|p| p.problem.code == Code::DateFormDetected)
        .unwrap();
    assert_eq!(hint.problem.get("format"), Some("%d/%m/%Y"));
    assert_eq!(
        hint.problem.value("count"),
        Some(&crate::problem::Value::Int(2))
    );
    assert!(!hint.problem.is_error());
    assert_eq!((r.summary.rows_valid, r.summary.rows_invalid), (0, 2));
}

#[test]
fn dashed_day_first_dates_get_the_hint_with_their_own_format() {
    let b = family("RT-1")
        .replace("1980-08-17", "17-08-1980")
        .replace("1982-03-05", "05-03-1982");
    let r = run_csv(&csv_of(&rows_of(&b)));
    assert_eq!(
        exact(&r),
        vec![
            p(None, "DATE_FORM_DETECTED", ""),
            p(Some(1), "VALUE_INVALID", "tgl_lahir"),
            p(Some(2), "VALUE_INVALID", "tgl_lahir"),
        ]
    );
    assert_eq!(r.problems[2].problem.get("format"), Some("%d-%m-%Y"));
}

#[test]
fn a_day_above_twelve_settles_month_first() {
    // 08/17/1980 cannot be day first: month first is the only form.
    let b = family("RT-1")
        .replace("1980-08-17", "08/17/1980")
        .replace("1982-03-05", "03/05/1982");
    let r = run_csv(&csv_of(&rows_of(&b)));
    let hint = r.problems.iter().find(|p| p.row.is_none()).unwrap();
    assert_eq!(hint.problem.code, Code::DateFormDetected);
    assert_eq!(hint.problem.get("format"), Some("%m/%d/%Y"));
    // Dates in no one form: no hint, only the errors.
    let b = family("RT-1")
        .replace("1980-08-17", "17 Agustus 1980")
        .replace("1982-03-05", "1982.03.05");
    let r = run_csv(&csv_of(&rows_of(&b)));
    assert_eq!(
        exact(&r),
        vec![
            p(Some(1), "VALUE_INVALID", "tgl_lahir"),
            p(Some(2), "VALUE_INVALID", "tgl_lahir"),
        ]
    );
}

#[test]
fn identity_numbers_marked_by_a_spreadsheet_get_their_own_codes() {
    let mut rows = rows_of(&family("RT-1"));
    rows[0] = rows[0].replace("3171011708800001", "'3171011708800001");
    rows[1] = rows[1].replace("3171014503820002", "\"=\"\"3171014503820002\"\"\"");
    let more = rows_of(&family_b("RT-2"));
    let b2: Vec<String> = more
        .iter()
        .map(|l| {
            // The KK number as a decimal on every row of the family.
            let kk = l.split(',').nth(5).unwrap().to_owned();
            l.replace(&format!(",{kk},"), &format!(",{kk}.0,"))
        })
        .collect();
    rows.extend(b2);
    let csv = csv_of(&rows);
    let r = run_opts(csv.as_bytes(), &opts_with(Mapping::reference(), false));
    assert_eq!(
        exact(&r),
        vec![
            p(Some(1), "NIK_APOSTROPHE", "nik"),
            p(Some(2), "NIK_FORMULA_TEXT", "nik"),
            p(Some(3), "KK_FLOAT_SUFFIX", "no_kk"),
        ]
    );
    // The KK problem is the family's: every row of it is invalid.
    assert_eq!(r.summary.rows_invalid, r.summary.rows_read);
    // Masked, and naming the digits inside.
    let shown = format!("{:?}", r.problems);
    assert!(!shown.contains("3171011708800001"), "{shown}");
    assert_eq!(r.problems[0].problem.get("value"), Some("3171••••••••0001"));

    // Accepted as repaired: warnings of the same codes, every row valid.
    let r = run_opts(csv.as_bytes(), &opts_with(Mapping::reference(), true));
    assert_eq!(
        exact(&r),
        vec![
            p(Some(1), "NIK_APOSTROPHE", "nik"),
            p(Some(2), "NIK_FORMULA_TEXT", "nik"),
            p(Some(3), "KK_FLOAT_SUFFIX", "no_kk"),
        ]
    );
    assert!(r.problems.iter().all(|p| !p.problem.is_error()));
    assert_eq!(r.summary.rows_valid, r.summary.rows_read);
    // The valid rows are written as read (the repair is in the report).
    assert!(String::from_utf8_lossy(&r.valid).contains("'3171011708800001"));
}

#[test]
fn a_repair_does_not_hide_what_is_wrong_with_the_digits() {
    // Serial 0000 behind an apostrophe: the repair is a warning, the
    // number's own fault an error; a float that lost digits stays an error.
    let mut rows = rows_of(&family("RT-1"));
    rows[0] = rows[0].replace("3171011708800001", "'3171011708800000");
    rows[1] = rows[1].replace("3171014503820002", "3.17101E+15");
    let r = run_opts(
        csv_of(&rows).as_bytes(),
        &opts_with(Mapping::reference(), true),
    );
    assert_eq!(
        exact(&r),
        vec![
            p(Some(1), "NIK_APOSTROPHE", "nik"),
            p(Some(1), "NIK_SERIAL_ZERO", "nik"),
            p(Some(2), "NIK_SCIENTIFIC_NOTATION", "nik"),
        ]
    );
    assert_eq!(r.summary.rows_invalid, 2);
}

#[test]
fn a_spreadsheet_date_serial_names_the_date_and_nothing_else() {
    let b = family("RT-1").replace("1980-08-17", "29450");
    let r = run_csv(&csv_of(&rows_of(&b)));
    assert_eq!(
        exact(&r),
        vec![p(Some(1), "DATE_SPREADSHEET_SERIAL", "tgl_lahir")]
    );
    assert_eq!(r.problems[0].problem.get("date"), Some("1980-08-17"));
    assert_eq!((r.summary.rows_valid, r.summary.rows_invalid), (1, 1));
}

#[test]
fn unpadded_dates_are_read_with_a_warning_and_written_as_read() {
    let b = family("RT-1").replace("1982-03-05", "1982-3-5");
    let r = run_csv(&csv_of(&rows_of(&b)));
    assert_eq!(exact(&r), vec![p(Some(2), "DATE_NOT_PADDED", "tgl_lahir")]);
    assert_eq!(r.problems[0].problem.severity, Severity::Warning);
    assert_eq!(r.summary.rows_valid, 2);
    // Read as 1982-03-05: it agrees with the NIK (no mismatch above), and
    // the valid-row output keeps what the file says.
    assert!(String::from_utf8_lossy(&r.valid).contains(",1982-3-5,"));
}

#[test]
fn null_tokens_declared_for_the_file_or_a_column_read_as_unknown() {
    let mut rows = rows_of(&family("RT-1"));
    // status_kawin NULL on the head, luas_lantai "-" on both rows.
    rows[0] = rows[0].replace(",1,1,2,,0,", ",1,1,NULL,,0,");
    for l in &mut rows {
        *l = l.replace(",36,", ",-,");
    }
    let csv = csv_of(&rows);
    let mut m = Mapping::reference();
    m.nulls = vec!["null".to_owned(), "-".to_owned()];
    let r = run_m(&csv, m);
    assert_eq!(exact(&r), vec![]);
    assert_eq!(r.summary.rows_valid, 2);

    // Declared for luas_lantai only: that column reads "-" as unknown and
    // still reads its other values (a `values` table would close it); the
    // other column is not opened by it.
    let mut m = Mapping::reference();
    m.columns.insert(
        "luas_lantai".to_owned(),
        ColumnSpec {
            nulls: vec!["-".to_owned()],
            ..ColumnSpec::default()
        },
    );
    let r = run_m(&csv, m.clone());
    assert_eq!(
        exact(&r),
        vec![p(Some(1), "VALUE_NULL_TOKEN", "status_kawin")]
    );
    assert_eq!(r.problems[0].problem.get("value"), Some("NULL"));
    let r = run_m(&csv_of(&rows_of(&family("RT-1"))), m);
    assert_eq!(exact(&r), vec![]);

    // Undeclared, in an optional column: its own code, the row invalid.
    let r = run_csv(&csv);
    assert_eq!(
        exact(&r),
        vec![
            p(Some(1), "VALUE_NULL_TOKEN", "luas_lantai"),
            p(Some(1), "VALUE_NULL_TOKEN", "status_kawin"),
        ]
    );
}

#[test]
fn a_value_present_but_unreadable_is_one_problem() {
    let mut input = csv_of(&rows_of(
        &family("RT-1").replace("1980-08-17", "17 Agustus 1980"),
    ))
    .into_bytes();
    let pos = input.windows(4).position(|w| w == b"Sri ").unwrap();
    input[pos + 1] = 0xff;
    let r = run_opts(&input, &opts_with(Mapping::reference(), false));
    assert_eq!(
        exact(&r),
        vec![
            // The file-level hint that the file may be Windows-1252.
            p(None, "FILE_NOT_UTF8", ""),
            p(Some(1), "VALUE_INVALID", "tgl_lahir"),
            p(Some(2), "ROW_NOT_UTF8", "nama"),
        ]
    );
    // An unreadable relationship on the head: no FAMILY_NO_HEAD beside it.
    let b = family("RT-1").replacen(",1,1,2,", ",1,X,2,", 1);
    let r = run_csv(&csv_of(&rows_of(&b)));
    assert_eq!(exact(&r), vec![p(Some(1), "VALUE_INVALID", "hub_keluarga")]);
    assert_eq!(r.summary.rows_valid, 1);
}

#[test]
fn a_bad_household_value_on_one_row_is_its_own_problem_on_that_row() {
    // The first of two rows is the bad one: it gets the problem of its
    // value, and the good row is not blamed.
    for (from, to, code) in [
        (",36,4,", ",-5,4,", "VALUE_OUT_OF_RANGE"),
        (",3171011001,", ",317101100,", "VILLAGE_CODE_INVALID"),
        (",36,4,", ",36,99,", "VALUE_INVALID"),
    ] {
        let mut rows = rows_of(&family("RT-1"));
        rows[0] = rows[0].replacen(from, to, 1);
        let r = run_csv(&csv_of(&rows));
        let field = if code == "VILLAGE_CODE_INVALID" {
            "kode_desa"
        } else if code == "VALUE_INVALID" {
            "jenis_lantai"
        } else {
            "luas_lantai"
        };
        assert_eq!(exact(&r), vec![p(Some(1), code, field)], "{to}");
        assert_eq!(
            (r.summary.rows_valid, r.summary.rows_invalid),
            (1, 1),
            "{to}"
        );
    }
    // The second row bad: the same, on row 2; the value is named.
    let mut rows = rows_of(&family("RT-1"));
    rows[1] = rows[1].replacen(",36,4,", ",-5,4,", 1);
    let r = run_csv(&csv_of(&rows));
    assert_eq!(
        exact(&r),
        vec![p(Some(2), "VALUE_OUT_OF_RANGE", "luas_lantai")]
    );
    assert_eq!(r.problems[0].problem.get("value"), Some("-5"));
    // Two good values that differ: still an inconsistency.
    let mut rows = rows_of(&family("RT-1"));
    rows[1] = rows[1].replacen(",36,4,", ",40,4,", 1);
    let r = run_csv(&csv_of(&rows));
    assert_eq!(
        exact(&r),
        vec![p(Some(2), "HOUSEHOLD_FIELD_INCONSISTENT", "luas_lantai")]
    );
}
