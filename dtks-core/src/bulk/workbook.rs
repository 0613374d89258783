//! Spreadsheet workbooks (feature `xlsx`): one sheet of an `.xlsx`, `.xlsm`,
//! `.xlsb`, `.xls` or `.ods` file, opened with calamine and handed on as CSV
//! text, so that every check of the CSV path applies to it unchanged.
//!
//! The rendering of a cell is the contract (docs/bulk.md, "Workbooks"); it
//! is what Excel's own "Save as CSV" of a cell in the General format writes,
//! except where that would lose what the cell holds:
//!
//! - text: as it is (quoted as RFC 4180 asks when it holds the delimiter, a
//!   quote or a line end);
//! - a number whose integer part has at most 15 digits: integral, its digits
//!   (no `.0`: `317101170880000` stays 15 digits, so `NIK_DIGITS_LOST`);
//!   otherwise the shortest decimal that reads back as the same number
//!   (`36.5`, never an exponent);
//! - a number whose integer part has 16 digits or more: Excel's General form,
//!   six significant digits, `3.17101E+15`. Excel keeps 15 significant
//!   digits, so the 16th digit of a NIK typed into a number cell is already
//!   gone; the scientific form makes the existing `NIK_SCIENTIFIC_NOTATION`
//!   / `KK_SCIENTIFIC_NOTATION` say so, instead of a plausible 16-digit
//!   number ending in `0`;
//! - under a decimal comma (`--decimal-comma`, `decimal = ","`), the decimal
//!   mark of the two forms above is a comma (`36,5`, `3,17101E+15`): number
//!   cells are locale-free, so they are written in the convention the run
//!   reads, and read back as the same number whichever was declared (the
//!   declaration still governs numbers typed into text cells);
//! - a date cell (a number in a date format, the 1904 system of old Mac
//!   workbooks respected, or an ISO date of an `.ods` file): `YYYY-MM-DD`
//!   (when the mapping's date formats do not include `%Y-%m-%d`, the first of
//!   them); a time of day other than midnight is kept after a space,
//!   `1980-08-17 10:30:00`, so that a birth date holding a time is an error
//!   that shows it, not a silent cut; a duration (`[h]:mm`) is its number;
//! - a number in a date column that is not formatted as a date (`33970`)
//!   is a number like any other: `DATE_SPREADSHEET_SERIAL` then names it;
//! - a boolean: `1` / `0`;
//! - an error: its Excel text (`#N/A`, `#DIV/0!`, `#VALUE!`, …), so the null
//!   tokens (`VALUE_NULL_TOKEN`, `--null`) apply;
//! - an empty cell: an empty field. A row whose cells are all empty is a
//!   record of empty fields (`,,,`), skipped as a blank record is, so that
//!   the records after it keep their row numbers.
//!
//! The sheet is the cells' bounding box as calamine reads it: the first line
//! of the text is the sheet row `first_row` (1-based), and the pipeline
//! numbers records by sheet row, so a problem names the row the user sees.

use super::Delimiter;
use crate::problem::{Code, Problem};
use calamine::{Data, Reader, SheetType};
use std::io::Cursor;

/// How cells become text: what the CSV reader will expect.
#[derive(Debug, Clone)]
pub(crate) struct Render {
    /// The byte between fields.
    pub delimiter: Delimiter,
    /// Numbers are written with a decimal comma.
    pub decimal_comma: bool,
    /// The chrono format of date cells (`%Y-%m-%d` unless the mapping reads
    /// no such date).
    pub date_format: String,
}

/// One sheet, as CSV text.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// `xlsx` (also `.xlsm`), `xlsb`, `xls` or `ods`.
    pub kind: &'static str,
    /// The sheet's name.
    pub name: String,
    /// The text (UTF-8, `\n` between records).
    pub csv: Vec<u8>,
    /// The sheet row (1-based) of the first line of `csv`.
    pub first_row: u64,
}

type Book<'a> = calamine::Sheets<Cursor<&'a [u8]>>;

/// Opens the bytes as the kind of workbook their container holds: an OLE
/// file is an `.xls`; a zip is an `.xlsx`/`.xlsm`, an `.ods` or an `.xlsb`.
fn open(bytes: &[u8], ole: bool) -> Result<(Book<'_>, &'static str), String> {
    use calamine::Sheets;
    let c = || Cursor::new(bytes);
    if ole {
        return calamine::Xls::new(c())
            .map(|b| (Sheets::Xls(b), "xls"))
            .map_err(|e| e.to_string());
    }
    let first = match calamine::Xlsx::new(c()) {
        Ok(b) => return Ok((Sheets::Xlsx(b), "xlsx")),
        Err(e) => e.to_string(),
    };
    if let Ok(b) = calamine::Ods::new(c()) {
        return Ok((Sheets::Ods(b), "ods"));
    }
    if let Ok(b) = calamine::Xlsb::new(c()) {
        return Ok((Sheets::Xlsb(b), "xlsb"));
    }
    Err(first)
}

/// The sheet asked for: a name (exactly, else ignoring case), else a
/// 1-based number when the text is all digits; none asked, the first
/// worksheet (chart sheets hold no cells). `Err`: the names there are.
fn choose(sheets: &[calamine::Sheet], asked: Option<&str>) -> Result<String, Vec<String>> {
    let names = || sheets.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    let Some(asked) = asked else {
        return sheets
            .iter()
            .find(|s| s.typ == SheetType::WorkSheet)
            .or_else(|| sheets.first())
            .map(|s| s.name.clone())
            .ok_or_else(names);
    };
    if let Some(s) = sheets.iter().find(|s| s.name == asked) {
        return Ok(s.name.clone());
    }
    let lower = asked.to_lowercase();
    let mut folded = sheets.iter().filter(|s| s.name.to_lowercase() == lower);
    if let (Some(s), None) = (folded.next(), folded.next()) {
        return Ok(s.name.clone());
    }
    if !asked.is_empty() && asked.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(s) = asked
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| sheets.get(i))
        {
            return Ok(s.name.clone());
        }
    }
    Err(names())
}

/// Reads one sheet of a workbook as CSV text, or the one file-level problem
/// that says why nothing was read (`SHEET_UNKNOWN`, `WORKBOOK_UNREADABLE`).
/// Never panics on any bytes.
pub(crate) fn read(
    bytes: &[u8],
    ole: bool,
    asked: Option<&str>,
    how: &Render,
) -> Result<Sheet, Problem> {
    let container = if ole { "xls/OLE" } else { "xlsx/zip" };
    let unreadable = |detail: String| {
        Problem::new(Code::WorkbookUnreadable, "")
            .with("container", container)
            .with("detail", detail)
    };
    let (mut book, kind) = open(bytes, ole).map_err(unreadable)?;
    let name = choose(book.sheets_metadata(), asked).map_err(|names| {
        let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        Problem::new(Code::SheetUnknown, "")
            .with("sheet", format!("\"{}\"", asked.unwrap_or_default()))
            .with("sheets", list.join(", "))
    })?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(e.to_string()))?;
    let first_row = range.start().map_or(1, |(r, _)| u64::from(r) + 1);
    let mut w = csv::WriterBuilder::new()
        .delimiter(how.delimiter.byte())
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(range.get_size().0 * range.width() * 8));
    let mut field = String::new();
    for row in range.rows() {
        w.write_record(row.iter().map(|cell| {
            field.clear();
            cell_text(cell, how, &mut field);
            field.clone()
        }))
        .map_err(|e| unreadable(e.to_string()))?;
    }
    let csv = w
        .into_inner()
        .map_err(|e| unreadable(e.error().to_string()))?;
    Ok(Sheet {
        kind,
        name,
        csv,
        first_row,
    })
}

/// Writes one cell's text (the rules in the module docs).
pub(crate) fn cell_text(cell: &Data, how: &Render, out: &mut String) {
    use std::fmt::Write;
    match cell {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Bool(b) => out.push(if *b { '1' } else { '0' }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::Int(i) => {
            if i.unsigned_abs() >= 1_000_000_000_000_000 {
                number(*i as f64, how, out);
            } else {
                let _ = write!(out, "{i}");
            }
        }
        Data::Float(f) => number(*f, how, out),
        Data::DateTime(dt) => match dt.as_datetime().filter(|_| dt.is_datetime()) {
            Some(t) => datetime(t, how, out),
            None => number(dt.as_f64(), how, out),
        },
        Data::DateTimeIso(s) => match iso(s) {
            Some(t) => datetime(t, how, out),
            None => out.push_str(s),
        },
        Data::DurationIso(s) => out.push_str(s),
    }
}

/// An ISO 8601 date or date-time as `.ods` files and some `.xlsx` cells hold it.
fn iso(s: &str) -> Option<chrono::NaiveDateTime> {
    use chrono::{NaiveDate, NaiveDateTime};
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// A date, and its time of day when it is not midnight.
fn datetime(t: chrono::NaiveDateTime, how: &Render, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "{}", t.date().format(&how.date_format));
    if t.time() != chrono::NaiveTime::MIN {
        let _ = write!(out, " {}", t.time().format("%H:%M:%S"));
    }
}

/// A number (the rules in the module docs).
fn number(v: f64, how: &Render, out: &mut String) {
    use std::fmt::Write;
    let start = out.len();
    if !v.is_finite() {
        let _ = write!(out, "{v}");
        return;
    }
    if v.abs() >= 1e15 {
        // Excel's General form: six significant digits, trailing zeros of
        // the mantissa dropped, the exponent signed and of two digits at least.
        let s = format!("{v:.5e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        let _ = write!(out, "{mantissa}E{sign}{:02}", exp.unsigned_abs());
    } else if v.fract() == 0.0 {
        // |v| < 10^15: exact as an integer (and -0 is 0).
        let _ = write!(out, "{}", v as i64);
    } else {
        // Rust's shortest round-trip form, never with an exponent.
        let _ = write!(out, "{v}");
    }
    if how.decimal_comma {
        if let Some(i) = out.get(start..).and_then(|t| t.find('.')) {
            out.replace_range(start + i..=start + i, ",");
        }
    }
}

/// What a workbook test builds its expectations from.
#[cfg(test)]
pub(crate) fn render_reference() -> Render {
    Render {
        delimiter: Delimiter::COMMA,
        decimal_comma: false,
        date_format: "%Y-%m-%d".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn text(d: Data, how: &Render) -> String {
        let mut s = String::new();
        cell_text(&d, how, &mut s);
        s
    }

    #[test]
    fn numbers() {
        let r = render_reference();
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (33970.0, "33970"),
            (36.5, "36.5"),
            (0.1, "0.1"),
            (1e-7, "0.0000001"),
            (2_100_000.0, "2100000"),
            (317_101_170_880_000.0, "317101170880000"),
            (999_999_999_999_999.0, "999999999999999"),
            (1e15, "1E+15"),
            (3_171_011_708_800_001.0, "3.17101E+15"),
            (3_171_015_708_800_001.0, "3.17102E+15"),
            (9_999_999_999_999_998.0, "1E+16"),
            (1.5e20, "1.5E+20"),
            (-3_171_011_708_800_001.0, "-3.17101E+15"),
        ];
        for (v, want) in cases {
            assert_eq!(text(Data::Float(*v), &r), *want, "{v}");
        }
        assert_eq!(text(Data::Int(3_171_011_708_800_001), &r), "3.17101E+15");
        assert_eq!(text(Data::Int(317_101_170_880_000), &r), "317101170880000");
        assert_eq!(text(Data::Int(i64::MIN), &r), "-9.22337E+18");
        let comma = Render {
            decimal_comma: true,
            ..render_reference()
        };
        assert_eq!(text(Data::Float(36.5), &comma), "36,5");
        assert_eq!(
            text(Data::Float(3_171_011_708_800_001.0), &comma),
            "3,17101E+15"
        );
        assert_eq!(text(Data::Float(2_100_000.0), &comma), "2100000");
    }

    /// The scientific form is one the identity parser names as such.
    #[test]
    fn sixteen_digits_are_scientific_notation_to_the_id_parser() {
        use crate::id::{Nik, NoKk};
        for how in [
            render_reference(),
            Render {
                decimal_comma: true,
                ..render_reference()
            },
        ] {
            let s = text(Data::Float(3_171_011_708_800_001.0), &how);
            assert_eq!(
                Nik::parse(&s).unwrap_err().code(),
                Code::NikScientificNotation
            );
            assert_eq!(
                NoKk::parse(&s).unwrap_err().code(),
                Code::KkScientificNotation
            );
        }
        let s = text(Data::Float(317_101_170_880_000.0), &render_reference());
        assert_eq!(Nik::parse(&s).unwrap_err().code(), Code::NikDigitsLost);
    }

    #[test]
    fn dates_booleans_errors() {
        let r = render_reference();
        let date = |v: f64, is_1904: bool| {
            Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, is_1904))
        };
        // 1980-08-17 is serial 29450 in the 1900 system, 28 488 in the 1904 one.
        assert_eq!(text(date(29450.0, false), &r), "1980-08-17");
        assert_eq!(text(date(29450.0 - 1462.0, true), &r), "1980-08-17");
        assert_eq!(text(date(29450.4375, false), &r), "1980-08-17 10:30:00");
        let dmy = Render {
            date_format: "%d/%m/%Y".to_owned(),
            ..render_reference()
        };
        assert_eq!(text(date(29450.0, false), &dmy), "17/08/1980");
        let duration = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(duration, &r), "1.5");
        assert_eq!(
            text(Data::DateTimeIso("1980-08-17".into()), &r),
            "1980-08-17"
        );
        assert_eq!(
            text(Data::DateTimeIso("1980-08-17T00:00:00".into()), &r),
            "1980-08-17"
        );
        assert_eq!(text(Data::DateTimeIso("10:30:00".into()), &r), "10:30:00");
        assert_eq!(text(Data::Bool(true), &r), "1");
        assert_eq!(text(Data::Bool(false), &r), "0");
        assert_eq!(text(Data::Error(CellErrorType::NA), &r), "#N/A");
        assert_eq!(text(Data::Error(CellErrorType::Div0), &r), "#DIV/0!");
        assert_eq!(text(Data::Empty, &r), "");
        assert_eq!(text(Data::String("'3171".into()), &r), "'3171");
    }

    #[test]
    fn sheet_choice() {
        let sheet = |name: &str, typ| calamine::Sheet {
            name: name.to_owned(),
            typ,
            visible: calamine::SheetVisible::Visible,
        };
        let sheets = [
            sheet("Grafik", SheetType::ChartSheet),
            sheet("Data", SheetType::WorkSheet),
            sheet("2", SheetType::WorkSheet),
            sheet("Catatan", SheetType::WorkSheet),
        ];
        assert_eq!(choose(&sheets, None).as_deref(), Ok("Data"));
        assert_eq!(choose(&sheets, Some("Catatan")).as_deref(), Ok("Catatan"));
        assert_eq!(choose(&sheets, Some("catatan")).as_deref(), Ok("Catatan"));
        // A name wins over a number; a number counts every tab.
        assert_eq!(choose(&sheets, Some("2")).as_deref(), Ok("2"));
        assert_eq!(choose(&sheets, Some("4")).as_deref(), Ok("Catatan"));
        assert_eq!(choose(&sheets, Some("1")).as_deref(), Ok("Grafik"));
        for bad in ["0", "5", "Sheet1", ""] {
            assert_eq!(choose(&sheets, Some(bad)).unwrap_err().len(), 4, "{bad}");
        }
        assert!(choose(&[], None).is_err());
    }

    #[test]
    fn garbage_is_a_problem_not_a_panic() {
        for (b, ole) in [
            (&b"PK\x03\x04 not a zip"[..], false),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 sectors", true),
        ] {
            let e = read(b, ole, None, &render_reference()).unwrap_err();
            assert_eq!(e.code, Code::WorkbookUnreadable);
        }
    }
}
