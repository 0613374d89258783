//! Any bytes into the CSV (reference and bdt2015 mappings; the delimiter
//! detected, and given as `;`) and JSON Lines readers: no panic, every record accounted for, and the same answer
//! whether the input is cut into blocks of one record or read as one block.
#![no_main]

use dtks_core::bulk::{validate, Collect, Delimiter, Format, Mapping, Options, Outputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mappings = [
        Mapping::reference(),
        Mapping::builtin("bdt2015").unwrap_or_else(Mapping::reference),
    ];
    for (format, mapping, delimiter) in [
        (Format::Csv, mappings[0].clone(), None),
        (Format::Csv, mappings[1].clone(), None),
        (Format::Csv, mappings[0].clone(), Some(Delimiter::SEMICOLON)),
        (Format::Jsonl, mappings[0].clone(), None),
    ] {
        let run = |chunk: usize, threads: usize| {
            let mut report = Collect::default();
            let mut valid = Vec::new();
            let mut invalid = Vec::new();
            let mut opts = Options::new(format, as_of);
            opts.mapping = mapping.clone();
            opts.threads = threads;
            opts.chunk_rows = chunk;
            opts.delimiter = delimiter;
            let mut out = Outputs::default();
            out.sinks.push(&mut report);
            out.valid = Some(&mut valid);
            out.invalid = Some(&mut invalid);
            let s = validate(data, &opts, &mut out).expect("in-memory I/O cannot fail");
            (s, report, valid, invalid)
        };
        let (s, report, valid, invalid) = run(1, 1);
        let (s1, report1, valid1, invalid1) = run(1 << 20, 2);
        assert_eq!(s, s1, "block size changed the summary");
        assert_eq!(report.problems, report1.problems, "block size changed the problems");
        assert_eq!((valid, invalid), (valid1, invalid1), "block size changed the row files");
        assert_eq!(s.rows_read, s.rows_valid + s.rows_invalid);
        // CSV rows are record numbers; JSON Lines rows are line numbers
        // (blank lines are not records but keep their number).
        let max = match format {
            Format::Jsonl => data.split(|b| *b == b'\n').count() as u64,
            _ => s.rows_read,
        };
        for p in &report.problems {
            for r in &p.rows {
                assert!(*r >= 1 && *r <= max, "row {r} of {max}");
            }
        }
    }
});
