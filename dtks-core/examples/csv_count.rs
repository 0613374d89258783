//! The read-only baseline of `scripts/bench-bulk.sh`: counts the records of a
//! CSV file with the csv crate (reusing one `ByteRecord`), nothing else.
//!
//! `cargo run --release -p dtks-core --example csv_count -- FILE.csv`
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: csv_count FILE")?;
    let file: Box<dyn Read> = Box::new(std::fs::File::open(path)?);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0u64;
    while rdr.read_byte_record(&mut rec)? {
        n += 1;
    }
    println!("{n}");
    Ok(())
}
