//! Measures the start-up cost of the first NIK parse in a fresh process
//! against the steady-state cost: the region table is static data, so the
//! first parse should cost no more than a page fault or two.
//!
//! `cargo run --release -p dtks-core --example first_parse`
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use dtks_core::id::Nik;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let first = Nik::parse(black_box("3171014101900001"));
    let first_ns = t.elapsed().as_nanos();
    assert!(first.is_ok());
    let n = 1_000_000u32;
    let inputs: Vec<String> = (1..=1000).map(|i| format!("317101410190{i:04}")).collect();
    let t = Instant::now();
    for i in 0..n {
        black_box(Nik::parse(black_box(&inputs[(i % 1000) as usize])).is_ok());
    }
    let steady_ns = t.elapsed().as_nanos() as f64 / f64::from(n);
    println!("first parse in a fresh process: {first_ns} ns");
    println!(
        "steady state: {steady_ns:.1} ns per parse ({:.1} M/s)",
        1e3 / steady_ns
    );
}
