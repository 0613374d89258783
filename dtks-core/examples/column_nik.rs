//! Times `columns::nik_column` on a column of NIKs read from a CSV's `nik`
//! column (default: target/bench/clean-1000000.csv from benches/run.sh):
//! `cargo run --release -p dtks-core --features arrow --example column_nik [CSV] [ROUNDS]`.
// An example: a failed unwrap is a usage error, said at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use arrow_array::{Array, StringArray};
use chrono::NaiveDate;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench/clean-1000000.csv".into());
    let rounds: usize = args.next().map_or(7, |r| r.parse().unwrap());
    let mut rdr = csv::Reader::from_path(&path).expect("a CSV with a nik column");
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "nik")
        .expect("a nik column");
    let niks: Vec<String> = rdr.records().map(|r| r.unwrap()[col].to_owned()).collect();
    let arr = StringArray::from(niks);
    let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let out = dtks_core::columns::nik_column(&arr, as_of, false).unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(out.len(), arr.len());
    }
    times.sort_by(f64::total_cmp);
    let med = times[times.len() / 2];
    println!(
        "{} NIKs: median {med:.3} s, best {:.3} s, {:.2} M/s (one thread)",
        arr.len(),
        times[0],
        arr.len() as f64 / med / 1e6
    );
}
