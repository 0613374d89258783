//! Spreadsheet workbooks (feature `xlsx`): a sheet is read as the CSV text
//! its cells render to (bulk/workbook.rs), problems carry sheet row numbers.
//! Each test builds its workbook with rust_xlsxwriter and states the problems
//! from the rules: the CSV the cells render to, validated as CSV, gives the
//! same problems one row lower (the sheet's row 1 is the header, the CSV's
//! record 1 is the row after it).

use super::*;
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Formula, Workbook, Worksheet};

/// A cell of a test sheet.
#[derive(Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    Error(&'static str),
    Bool(bool),
}

fn put(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell) {
    match cell {
        Cell::Text(s) if s.is_empty() => {}
        Cell::Text(s) => {
            ws.write_string(r, c, s).unwrap();
        }
        Cell::Number(v) => {
            ws.write_number(r, c, *v).unwrap();
        }
        Cell::Date(y, m, d) => {
            let f = XFormat::new().set_num_format("dd/mm/yyyy");
            let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
            ws.write_datetime_with_format(r, c, &dt, &f).unwrap();
        }
        Cell::Error(e) => {
            let f = Formula::new("=NA()").set_result(*e);
            ws.write_formula(r, c, f).unwrap();
        }
        Cell::Bool(b) => {
            ws.write_boolean(r, c, *b).unwrap();
        }
    }
}

/// CSV text as rows of text cells.
fn text_rows(csv: &str) -> Vec<Vec<Cell>> {
    csv.lines()
        .map(|l| l.split(',').map(|f| Cell::Text(f.to_owned())).collect())
        .collect()
}

/// A workbook of sheets `(name, first row, first column, rows)` (0-based).
fn book(sheets: &[(&str, u32, u16, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, r0, c0, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                put(ws, r0 + r as u32, c0 + c as u16, cell);
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn clean() -> String {
    format!("{HEADER}\n{}\n{}\n", family("RT-1"), family_b("RT-2"))
}

fn run_book(bytes: &[u8], sheet: Option<&str>, threads: usize) -> Run {
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = threads;
    opts.chunk_rows = 1;
    opts.sheet = sheet.map(str::to_owned);
    run_opts(bytes, &opts)
}

fn run_text(csv: &str) -> Run {
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = 1;
    run_opts(csv.as_bytes(), &opts)
}

fn tally(r: &Run) -> (u64, u64, u64, u64) {
    let s = &r.summary;
    (s.rows_read, s.rows_valid, s.rows_invalid, s.households)
}

fn col(name: &str) -> usize {
    HEADER.split(',').position(|h| h == name).unwrap()
}

/// The problems of a CSV run, one row lower (sheet rows).
fn shifted(r: &Run, by: u64) -> Vec<(Option<u64>, &'static str)> {
    codes(r)
        .into_iter()
        .map(|(row, c)| (row.map(|n| n + by), c))
        .collect()
}

#[test]
fn text_cells_read_as_the_csv_they_hold() {
    let csv = clean();
    let bytes = book(&[("Data", 0, 0, text_rows(&csv))]);
    for threads in [1, 2] {
        let r = run_book(&bytes, None, threads);
        assert_eq!(tally(&r), (3, 3, 0, 2));
        assert!(r.problems.is_empty(), "{:?}", codes(&r));
        let s = &r.summary;
        assert_eq!(s.container.as_deref(), Some("xlsx"));
        assert_eq!(s.sheet.as_deref(), Some("Data"));
        assert_eq!(
            (s.encoding.as_str(), s.encoding_by.as_str()),
            ("utf-8", "container")
        );
        // The report names the workbook as handed over.
        assert_eq!(s.input_bytes, bytes.len() as u64);
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect();
        assert_eq!(s.input_sha256, sha);
        // The valid rows are the sheet's, as CSV text.
        assert_eq!(String::from_utf8(r.valid.clone()).unwrap(), csv);
    }
}

/// Number, date, error and boolean cells, each rendered by the rules, give
/// the problems the rendered text gives, on the sheet's own row numbers.
#[test]
fn typed_cells_and_their_problems_on_sheet_rows() {
    let mut rows = text_rows(&clean());
    // Sheet row 2 (Budi): NIK as a number cell of 16 digits → scientific;
    // `bekerja` a boolean (true: 1, as the text was).
    rows[1][col("nik")] = Cell::Number(3_171_011_708_800_001.0);
    rows[1][col("bekerja")] = Cell::Bool(true);
    // Sheet row 3 (Sri): her NIK as 15 digits in a number cell; her birth
    // date a real date cell (valid); her sex an error cell.
    rows[2][col("nik")] = Cell::Number(317_101_450_382_000.0);
    rows[2][col("tgl_lahir")] = Cell::Date(1982, 3, 5);
    rows[2][col("jenis_kelamin")] = Cell::Error("#N/A");
    // Sheet row 4 (Siti): KK as a number cell (16 digits), birth date a
    // serial in a plain number cell, floor area a decimal number.
    rows[3][col("no_kk")] = Cell::Number(3_171_011_503_150_008.0);
    rows[3][col("tgl_lahir")] = Cell::Number(33970.0);
    rows[3][col("luas_lantai")] = Cell::Number(36.5);
    let bytes = book(&[("Data", 0, 0, rows.clone())]);
    let r = run_book(&bytes, None, 1);

    // What the cells render to, by the rules, read as CSV.
    let mut text = clean()
        .replacen("3171011708800001", "3.17101E+15", 1)
        .replacen("3171014503820002", "317101450382000", 1);
    let mut lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    lines[1][col("bekerja")] = "1".into();
    lines[2][col("tgl_lahir")] = "1982-03-05".into();
    lines[2][col("jenis_kelamin")] = "#N/A".into();
    lines[3][col("no_kk")] = "3.17101E+15".into();
    lines[3][col("tgl_lahir")] = "33970".into();
    lines[3][col("luas_lantai")] = "36.5".into();
    text = lines.iter().map(|l| l.join(",") + "\n").collect();
    let want = run_text(&text);
    assert_eq!(shifted(&want, 1), codes(&r));
    assert_eq!(tally(&want), tally(&r));
    assert_eq!(r.valid, want.valid);
    assert_eq!(r.invalid, want.invalid);

    // And the codes the rules name for each cell, on its sheet row.
    let got = codes(&r);
    for want in [
        (Some(2), "NIK_SCIENTIFIC_NOTATION"),
        (Some(3), "NIK_DIGITS_LOST"),
        (Some(4), "KK_SCIENTIFIC_NOTATION"),
        (Some(4), "DATE_SPREADSHEET_SERIAL"),
        (Some(3), "VALUE_NULL_TOKEN"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    // The date cell and the decimal number read clean: no problem names
    // tgl_lahir on row 3 or luas_lantai on row 4.
    for p in &r.problems {
        let field = p.problem.get("field").unwrap_or_default();
        assert!(
            !(p.row == Some(3) && field == "tgl_lahir"),
            "{:?}",
            codes(&r)
        );
        assert!(
            !(p.row == Some(4) && field == "luas_lantai"),
            "{:?}",
            codes(&r)
        );
    }
}

#[test]
fn a_decimal_comma_run_reads_number_cells_as_the_same_numbers() {
    // Both members of the first household (a household field: the same on
    // every row).
    let mut rows = text_rows(&clean());
    rows[1][col("luas_lantai")] = Cell::Number(36.5);
    rows[2][col("luas_lantai")] = Cell::Number(36.5);
    let bytes = book(&[("Data", 0, 0, rows)]);
    for comma in [true, false] {
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = 1;
        if comma {
            opts.mapping.decimal = Some(",".into());
        }
        let r = run_opts(&bytes, &opts);
        assert_eq!(tally(&r), (3, 3, 0, 2), "comma={comma}");
        assert!(r.problems.is_empty(), "{:?}", codes(&r));
        // Written as the run reads it: `36,5` (quoted at the comma) or `36.5`.
        let want = if comma { ",\"36,5\"," } else { ",36.5," };
        let valid = String::from_utf8(r.valid).unwrap();
        assert_eq!(valid.matches(want).count(), 2, "{valid}");
    }
}

#[test]
fn a_sheet_by_name_or_number_and_one_that_is_not_there() {
    let second = clean().replacen("Budi Santoso", "Budi", 1);
    let mut bad = text_rows(&second);
    bad[2][col("jenis_kelamin")] = Cell::Text("9".into());
    let bytes = book(&[
        (
            "Catatan",
            0,
            0,
            vec![vec![Cell::Text("dibuat 2026".into())]],
        ),
        ("Data RT", 0, 0, bad),
    ]);
    let mut l: Vec<Vec<String>> = second
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    l[2][col("jenis_kelamin")] = "9".into();
    let want = run_text(&l.iter().map(|x| x.join(",") + "\n").collect::<String>());
    assert!(shifted(&want, 1).contains(&(Some(3), "VALUE_INVALID")));
    for asked in ["Data RT", "data rt", "2"] {
        let r = run_book(&bytes, Some(asked), 1);
        assert_eq!(r.summary.sheet.as_deref(), Some("Data RT"), "{asked}");
        assert_eq!(tally(&r), tally(&want), "{asked}");
        assert_eq!(codes(&r), shifted(&want, 1), "{asked}");
    }
    // The first sheet by default: one cell, which names no column.
    let r = run_book(&bytes, None, 1);
    assert_eq!(r.summary.sheet.as_deref(), Some("Catatan"));
    assert_eq!(r.summary.rows_read, 1);
    for asked in ["Sheet1", "3", "0"] {
        let r = run_book(&bytes, Some(asked), 1);
        assert_eq!(tally(&r), (0, 0, 0, 0));
        assert_eq!(codes(&r), vec![(None, "SHEET_UNKNOWN")]);
        let p = &r.problems[0].problem;
        assert_eq!(p.get("sheets"), Some("\"Catatan\", \"Data RT\""));
        let en = p.message(crate::problem::Lang::En);
        assert!(
            en.contains(&format!("\"{asked}\"")) && en.contains("--sheet"),
            "{en}"
        );
        assert_eq!(r.summary.input_bytes, bytes.len() as u64);
        assert_eq!(r.summary.sheet, None);
    }
}

#[test]
fn data_that_starts_lower_keeps_its_sheet_row_numbers() {
    let mut rows = text_rows(&clean());
    rows[3][col("hub_keluarga")] = Cell::Text("77".into());
    // Header at C3: the records are sheet rows 4 to 7; a blank row between
    // the two households (sheet row 6) is no record and moves nothing.
    let width = rows[0].len();
    rows.insert(3, vec![Cell::Text(String::new()); width]);
    let bytes = book(&[("Data", 2, 2, rows)]);
    for threads in [1, 2] {
        let r = run_book(&bytes, None, threads);
        assert_eq!(tally(&r), (3, 2, 1, 2));
        // CSV record 3 (the 77) is sheet row 3 (header) + 1 (blank) + 3 = 7.
        let mut l: Vec<Vec<String>> = clean()
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        l[3][col("hub_keluarga")] = "77".into();
        let want = run_text(&l.iter().map(|x| x.join(",") + "\n").collect::<String>());
        assert_eq!(codes(&r), shifted(&want, 4), "threads={threads}");
        assert!(
            codes(&r).contains(&(Some(7), "VALUE_INVALID")),
            "{:?}",
            codes(&r)
        );
    }
}

#[test]
fn an_empty_sheet_is_an_empty_file() {
    let bytes = book(&[
        ("Kosong", 0, 0, vec![]),
        ("Data", 0, 0, text_rows(&clean())),
    ]);
    let r = run_book(&bytes, None, 1);
    assert_eq!(tally(&r), (0, 0, 0, 0));
    assert_eq!(codes(&r), vec![(None, "FILE_EMPTY")]);
    assert_eq!(r.summary.sheet.as_deref(), Some("Kosong"));
}

#[test]
fn a_damaged_workbook_is_one_problem_never_records() {
    let bytes = book(&[("Data", 0, 0, text_rows(&clean()))]);
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        let r = run_book(&bytes[..cut], None, 1);
        assert_eq!(tally(&r), (0, 0, 0, 0), "cut at {cut}");
        assert_eq!(
            codes(&r),
            vec![(None, "WORKBOOK_UNREADABLE")],
            "cut at {cut}"
        );
        assert_eq!(r.problems[0].problem.get("container"), Some("xlsx/zip"));
        assert_eq!(r.summary.input_bytes, cut as u64);
    }
    // JSON Lines never opens a workbook.
    let mut opts = Options::new(Format::Jsonl, as_of());
    opts.threads = 1;
    let r = run_opts(&bytes, &opts);
    assert_eq!(codes(&r), vec![(None, "FILE_CONTAINER_UNSUPPORTED")]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// Whatever is changed in a workbook's bytes, the run ends with an
    /// answer that accounts for every record it read, and never panics.
    #[test]
    fn changed_workbook_bytes_never_panic(at in 0usize..4096, with in any::<u8>(), cut in 0usize..4096) {
        let bytes = book(&[("Data", 0, 0, text_rows(&clean()))]);
        let mut b = bytes.clone();
        let n = b.len();
        b[4 + at % (n - 4)] = with;
        b.truncate(4 + cut.max(n / 2) % (n - 3));
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = 1;
        let mut out = Outputs::default();
        if let Ok(s) = validate(&b[..], &opts, &mut out) {
            prop_assert_eq!(s.rows_read, s.rows_valid + s.rows_invalid);
        }
    }
}
