//! NIK/KK parsing (per second) and whole-household validation (households
//! per second).
//!
//! `cargo bench -p dtks-core --bench identity`
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dtks_core::household::{validate, Household};
use dtks_core::id::{Nik, NoKk};

/// A spread of valid NIKs over real districts, dates and serials.
fn niks() -> Vec<String> {
    let prefixes = [
        "317101", "110101", "320101", "357301", "910101", "640412", "960101", "537101",
    ];
    (0..1024u32)
        .map(|i| {
            let p = prefixes[(i % 8) as usize];
            let day = 1 + i % 28 + if i % 2 == 0 { 40 } else { 0 };
            format!("{p}{day:02}{:02}{:02}{:04}", 1 + i % 12, i % 100, 1 + i)
        })
        .collect()
}

fn bench_ids(c: &mut Criterion) {
    let valid = niks();
    assert!(valid.iter().all(|s| Nik::parse(s).is_ok()));
    let mut g = c.benchmark_group("nik");
    g.throughput(Throughput::Elements(valid.len() as u64));
    g.bench_function("parse_strict_valid", |b| {
        b.iter(|| {
            for s in &valid {
                black_box(Nik::parse(black_box(s)).ok());
            }
        })
    });
    let spaced: Vec<String> = valid
        .iter()
        .map(|s| format!("{} {} {}", &s[..6], &s[6..12], &s[12..]))
        .collect();
    g.bench_function("parse_lenient_spaced", |b| {
        b.iter(|| {
            for s in &spaced {
                black_box(Nik::parse_lenient(black_box(s)).ok());
            }
        })
    });
    let invalid: Vec<String> = valid
        .iter()
        .enumerate()
        .map(|(i, s)| match i % 4 {
            0 => format!("99{}", &s[2..]),
            1 => s[..15].to_owned(),
            2 => "3.57301E+15".to_owned(),
            _ => format!("{}0000", &s[..12]),
        })
        .collect();
    g.bench_function("parse_strict_invalid", |b| {
        b.iter(|| {
            for s in &invalid {
                black_box(Nik::parse(black_box(s)).err());
            }
        })
    });
    g.finish();
    // The same digits as KK numbers: day without the +40, always valid.
    let kks: Vec<String> = valid
        .iter()
        .map(|s| {
            let day: u32 = s[6..8].parse().unwrap();
            format!("{}{:02}{}", &s[..6], day % 40, &s[8..])
        })
        .collect();
    assert!(kks.iter().all(|s| NoKk::parse(s).is_ok()));
    let mut g = c.benchmark_group("kk");
    g.throughput(Throughput::Elements(kks.len() as u64));
    g.bench_function("parse_strict", |b| {
        b.iter(|| {
            for s in &kks {
                black_box(NoKk::parse(black_box(s)).ok());
            }
        })
    });
    g.finish();
}

fn bench_household(c: &mut Criterion) {
    let text = include_str!("../../examples/households.jsonl");
    let households: Vec<Household> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut g = c.benchmark_group("household");
    g.throughput(Throughput::Elements(households.len() as u64));
    g.bench_function("validate_examples", |b| {
        b.iter(|| {
            for h in &households {
                black_box(validate(black_box(h), as_of));
            }
        })
    });
    let clean: Vec<&Household> = households
        .iter()
        .filter(|h| validate(h, as_of).is_empty())
        .collect();
    g.throughput(Throughput::Elements(clean.len() as u64));
    g.bench_function("validate_clean", |b| {
        b.iter(|| {
            for h in &clean {
                black_box(validate(black_box(h), as_of));
            }
        })
    });
    g.throughput(Throughput::Elements(households.len() as u64));
    g.bench_function("parse_json_and_validate", |b| {
        b.iter(|| {
            for l in text.lines() {
                let h: Household = serde_json::from_str(black_box(l)).unwrap();
                black_box(validate(&h, as_of));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench_ids, bench_household);
criterion_main!(benches);
