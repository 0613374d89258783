//! A table gets the report of the CSV of the same rows (issue 17): one
//! generated dataset, with faults of every kind, written as CSV, as Parquet
//! (several row groups) and as Arrow IPC (file and stream), each validated
//! by the core; the problems, in order, and the counts must be the same.
//! Only what describes the input differs: its format, hash and size.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
use chrono::NaiveDate;
use dtks_core::bulk::{self, Collect, Format, Options, Outputs, Summary, TableFormat};
use dtks_core::generate;
use std::sync::Arc;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn dataset(rows: u64, fault_rate: f64) -> Vec<u8> {
    let opts = generate::Options::new(rows, 17, as_of()).with_fault_rate(fault_rate);
    let mut out = Vec::new();
    generate::generate(&opts, &mut out, None::<Vec<u8>>).unwrap();
    out
}

/// The CSV as record batches of `per_batch` rows: every column as text, or
/// (`typed`) the numbers and dates in their own Arrow types.
fn batches(csv: &[u8], per_batch: usize, typed: bool) -> Vec<RecordBatch> {
    let mut r = csv::ReaderBuilder::new().from_reader(csv);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    records
        .chunks(per_batch)
        .map(|chunk| {
            let cols: Vec<(String, ArrayRef)> = header
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let cells: Vec<&str> = chunk.iter().map(|rec| &rec[i]).collect();
                    let col: ArrayRef = match name.as_str() {
                        "nik" | "no_kk" | "jenis_kelamin" if typed => Arc::new(
                            cells
                                .iter()
                                .map(|c| c.parse::<i64>().ok())
                                .collect::<Int64Array>(),
                        ),
                        "tgl_lahir" if typed => {
                            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
                            Arc::new(
                                cells
                                    .iter()
                                    .map(|c| {
                                        NaiveDate::parse_from_str(c, "%Y-%m-%d")
                                            .ok()
                                            .map(|d| i32::try_from((d - epoch).num_days()).unwrap())
                                    })
                                    .collect::<Date32Array>(),
                            )
                        }
                        _ => Arc::new(StringArray::from(cells)),
                    };
                    (name.clone(), col)
                })
                .collect();
            RecordBatch::try_from_iter(cols).unwrap()
        })
        .collect()
}

fn write_parquet(batches: &[RecordBatch], path: &std::path::Path) {
    let file = std::fs::File::create(path).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(700))
        .build();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(file, batches[0].schema(), Some(props)).unwrap();
    for b in batches {
        w.write(b).unwrap();
    }
    w.close().unwrap();
}

fn write_ipc(batches: &[RecordBatch], path: &std::path::Path, stream: bool) {
    let file = std::fs::File::create(path).unwrap();
    let schema = batches[0].schema();
    if stream {
        let mut w = arrow_ipc::writer::StreamWriter::try_new(file, &schema).unwrap();
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
    } else {
        let mut w = arrow_ipc::writer::FileWriter::try_new(file, &schema).unwrap();
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
    }
}

fn run(f: impl FnOnce(&Options<'_>, &mut Outputs<'_>) -> Summary) -> (Summary, Collect) {
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = 2;
    let mut collect = Collect::default();
    let summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut collect);
        f(&opts, &mut out)
    };
    (summary, collect)
}

/// The parts of a run that do not describe the input.
fn verdict(s: &Summary, c: &Collect) -> String {
    let problems: Vec<String> = c
        .problems
        .iter()
        .map(|p| {
            format!(
                "{:?} {:?} {} {} {}",
                p.row,
                p.rows,
                p.field,
                p.problem.code.as_str(),
                p.problem.message(dtks_core::problem::Lang::En)
            )
        })
        .collect();
    format!(
        "read {} valid {} invalid {} households {} members {} per_code {:?}\n{}",
        s.rows_read,
        s.rows_valid,
        s.rows_invalid,
        s.households,
        s.members,
        s.per_code,
        problems.join("\n")
    )
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dtks-tables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn every_table_form_gets_the_report_of_its_csv() {
    let csv = dataset(3_000, 0.3);
    let (s, c) = run(|o, out| bulk::validate(&csv[..], o, out).unwrap());
    let want = verdict(&s, &c);
    assert!(s.rows_invalid > 0 && c.problems.len() > 100, "{want}");
    let text = batches(&csv, 1_000, false);
    let forms = [
        ("export.parquet", TableFormat::Parquet, false),
        ("export.arrow", TableFormat::ArrowIpc, false),
        ("export.arrows", TableFormat::ArrowIpc, true),
    ];
    for (name, format, stream) in forms {
        let path = tmp(name);
        match format {
            TableFormat::Parquet => write_parquet(&text, &path),
            _ => write_ipc(&text, &path, stream),
        }
        let (s, c) = run(|o, out| {
            let f = std::fs::File::open(&path).unwrap();
            bulk::validate_table_file(f, format, o, out).unwrap()
        });
        assert_eq!(verdict(&s, &c), want, "{name}");
        assert_eq!(s.format, format.as_str());
        assert_eq!(s.input_bytes, std::fs::metadata(&path).unwrap().len());
        assert_eq!(s.delimiter, None);
        // The same bytes held in memory (a C buffer), told by their first bytes.
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(TableFormat::of_bytes(&bytes), Some(format), "{name}");
        let (s3, c3) = run(|o, out| bulk::validate_table_bytes(&bytes, format, o, out).unwrap());
        assert_eq!(verdict(&s3, &c3), want, "{name} in memory");
        assert_eq!(s3.input_sha256, s.input_sha256, "{name} in memory");
        // The same bytes from a reader (standard input).
        if format == TableFormat::ArrowIpc {
            let bytes = std::fs::read(&path).unwrap();
            let (s2, c2) = run(|o, out| bulk::validate_ipc(&bytes[..], o, out).unwrap());
            assert_eq!(verdict(&s2, &c2), want, "{name} as bytes");
            assert_eq!(s2.input_sha256, s.input_sha256);
        }
    }
    // In memory, batch by batch.
    let schema = text[0].schema();
    let (s, c) = run(|o, out| {
        bulk::validate_batches(&schema, text.clone().into_iter().map(Ok), o, out).unwrap()
    });
    assert_eq!(verdict(&s, &c), want, "batches");
    assert_eq!(s.format, "table");
}

/// Numbers and dates in their own types: the verdict of the CSV of a
/// clean dataset (identity numbers as integers, birth dates as dates).
#[test]
fn typed_columns_get_the_verdict_of_their_text() {
    let csv = dataset(2_000, 0.0);
    let (s, c) = run(|o, out| bulk::validate(&csv[..], o, out).unwrap());
    let want = verdict(&s, &c);
    let path = tmp("typed.parquet");
    write_parquet(&batches(&csv, 500, true), &path);
    let (s, c) = run(|o, out| {
        let f = std::fs::File::open(&path).unwrap();
        bulk::validate_table_file(f, TableFormat::Parquet, o, out).unwrap()
    });
    assert_eq!(verdict(&s, &c), want);
}

#[test]
fn a_damaged_file_is_a_table_error() {
    let csv = dataset(200, 0.0);
    let path = tmp("damaged.parquet");
    write_parquet(&batches(&csv, 100, false), &path);
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes.truncate(n / 2);
    std::fs::write(&path, &bytes).unwrap();
    let opts = Options::new(Format::Csv, as_of());
    let f = std::fs::File::open(&path).unwrap();
    let e = bulk::validate_table_file(f, TableFormat::Parquet, &opts, &mut Outputs::default())
        .unwrap_err();
    let bulk::BulkError::Table(t) = e else {
        panic!("{e}")
    };
    assert_eq!(t.code(), "TABLE_READ");
    let e = bulk::validate_ipc(&b"not arrow"[..], &opts, &mut Outputs::default()).unwrap_err();
    assert!(matches!(e, bulk::BulkError::Table(_)), "{e}");
}

/// The committed example tables (scripts/make-table-examples.py: pyarrow's
/// Parquet with zstd and row groups of 50, an IPC stream of batches of 64)
/// give the example CSV's report.
#[test]
fn the_example_tables_give_the_example_report() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let csv = std::fs::read(root.join("households.csv")).unwrap();
    let (s, c) = run(|o, out| bulk::validate(&csv[..], o, out).unwrap());
    assert_eq!((s.rows_read, s.rows_valid, s.rows_invalid), (186, 92, 94));
    let want = verdict(&s, &c);
    for (name, format) in [
        ("households.parquet", TableFormat::Parquet),
        ("households.arrows", TableFormat::ArrowIpc),
    ] {
        let path = root.join(name);
        assert_eq!(TableFormat::from_path(name), Some(format));
        let (s, c) = run(|o, out| {
            let f = std::fs::File::open(&path).unwrap();
            bulk::validate_table_file(f, format, o, out).unwrap()
        });
        assert_eq!(verdict(&s, &c), want, "{name}");
    }
}
