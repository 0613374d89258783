//! The cost of the C boundary: one NIK parse through `dtks_nik_parse` (C
//! string in, checks, panic boundary, last-error reset, boxed handle out,
//! `dtks_nik_free`) against `Nik::parse` called from Rust.
//!
//!     cargo bench -p dtks-ffi --bench ffi
//!
//! The C side of the same measurement, from a C program through the shared
//! library, is `tests/c/bench_nik.c` (built and run by the note in
//! docs/c-api.md).

// A benchmark: a failed setup may panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dtks::{dtks_nik, dtks_nik_free, dtks_nik_parse, dtks_status};
use dtks_core::id::Nik;
use std::ffi::CString;

const NIK: &str = "3171014101900001";

fn nik_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("nik_parse");
    g.bench_function("rust Nik::parse", |b| {
        b.iter(|| Nik::parse(black_box(NIK)).unwrap())
    });
    let cnik = CString::new(NIK).unwrap();
    g.bench_function("c-abi dtks_nik_parse+free", |b| {
        b.iter(|| {
            let mut out: *mut dtks_nik = std::ptr::null_mut();
            // SAFETY: a valid C string and out-pointer.
            let s = unsafe { dtks_nik_parse(black_box(cnik.as_ptr()), false, &mut out) };
            assert_eq!(s, dtks_status::DTKS_OK);
            // SAFETY: the handle just returned.
            unsafe { dtks_nik_free(out) };
        })
    });
    let bad = CString::new("3171014101900000").unwrap();
    g.bench_function("c-abi dtks_nik_parse invalid (sets last error)", |b| {
        b.iter(|| {
            let mut out: *mut dtks_nik = std::ptr::null_mut();
            // SAFETY: a valid C string and out-pointer.
            unsafe { dtks_nik_parse(black_box(bad.as_ptr()), false, &mut out) }
        })
    });
    g.finish();
}

criterion_group!(benches, nik_parse);
criterion_main!(benches);
