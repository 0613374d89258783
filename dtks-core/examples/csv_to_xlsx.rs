//! Writes a CSV file as an `.xlsx` workbook, as a clerk's spreadsheet holds
//! it: one sheet "DTKS", every field a text cell except `tgl_lahir`, which
//! is a real date cell (format `dd/mm/yyyy`) wherever the field is a
//! `YYYY-MM-DD` date; empty fields are empty cells. The workbook's bytes
//! depend on the CSV only (fixed creation date), so a test can keep
//! `examples/households.xlsx` current.
//!
//! ```text
//! cargo run --release -p dtks-core --features xlsx --example csv_to_xlsx -- IN.csv OUT.xlsx
//! ```
//!
//! `examples/households.xlsx` is made by `UPDATE_XLSX=1 cargo test -p
//! dtks-core --features xlsx --test workbook_example`.
// An example: a failed unwrap is a message to the person running it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The workbook for `csv` (UTF-8, comma-separated, a header first).
pub fn convert(csv: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 12, 7)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("DTKS")?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut date_col = None;
    for (r, rec) in rd.records().enumerate() {
        let rec = rec?;
        let r = u32::try_from(r)?;
        for (c, field) in rec.iter().enumerate() {
            let c = u16::try_from(c)?;
            if r == 0 && field == "tgl_lahir" {
                date_col = Some(c);
            }
            if field.is_empty() {
                continue;
            }
            let day = (r > 0 && date_col == Some(c))
                .then(|| iso_date(field))
                .flatten();
            match day {
                Some((y, m, d)) => {
                    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(y, m, d)?, &date)?;
                }
                None => {
                    ws.write_string(r, c, field)?;
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// `YYYY-MM-DD` exactly (zero-padded) and a real day of the calendar.
fn iso_date(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    // Excel's dates start in 1900.
    let year = u16::try_from(d.year()).ok().filter(|y| *y >= 1900)?;
    Some((
        year,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    ))
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: csv_to_xlsx IN.csv OUT.xlsx");
        std::process::exit(2);
    };
    let csv = std::fs::read(input).expect("read the CSV file");
    let xlsx = convert(&csv).expect("convert");
    std::fs::write(output, xlsx).expect("write the workbook");
}
