//! Households assessed per second against every built-in programme.
//!
//! `cargo bench -p dtks-core --bench assess -- --measurement-time 5`
//!
//! - `program_decide_*`: the rules compiled once ([`Program`]), decisions
//!   and amounts summed per programme (what `validate --assess` counts);
//!   issue 16 asks ≥ 250 k households/s on one core.
//! - `program_full_trace_*`: compiled once, every trace and criteria set
//!   ([`Options::FULL`]); issue 16 asks ≥ 50 k households/s.
//! - `fast_with_summary_*`, `full_trace_and_criteria_*`: the one-household
//!   API (`assess_with`, `assess`), which compiles the rules on every call.
//!
//! The households are synthetic and fixed (a deterministic mix of sizes,
//! ages, schooling, regions and registry data), so runs are comparable.
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dtks_core::assess::{assess, assess_with, Options, Outcome, Program, Scratch, Summary};
use dtks_core::household::Household;
use dtks_core::rules::RuleSets;

fn households(n: usize) -> Vec<Household> {
    let schooling = [
        "not_in_school",
        "early_childhood",
        "primary",
        "junior_secondary",
        "senior_secondary",
        "vocational",
        "university",
    ];
    let villages = ["3171011001", "3201012001", "3578011001", "3273011001"];
    (0..n)
        .map(|i| {
            let size = 1 + i % 7;
            let members: Vec<String> = (0..size)
                .map(|k| {
                    let year = if k == 0 { 1950 + (i % 40) } else { 2000 + (i * 7 + k * 3) % 25 };
                    let rel = if k == 0 { "head" } else if k == 1 { "spouse" } else { "child" };
                    format!(
                        r#"{{"relationship": "{rel}", "birth_date": "{year}-{:02}-{:02}", "sex": "{}", "schooling": "{}", "disability": "{}", "pregnant": false, "working": {}, "education": "primary"}}"#,
                        1 + (i + k) % 12,
                        1 + (i * 3 + k) % 28,
                        if k % 2 == 0 { "male" } else { "female" },
                        schooling[(i + k) % schooling.len()],
                        if (i + k) % 13 == 0 { "physical" } else { "none" },
                        k == 0 && i % 3 != 0
                    )
                })
                .collect();
            let json = format!(
                r#"{{"id": "B{i}", "address": {{"village_code": "{}"}}, "registered": {}, "desil": {},
                   "housing": {{"floor_area": {}, "floor": "cement", "wall": "plastered_brick", "toilet": "own", "lighting": "pln_450", "water": "pump", "cooking_fuel": "lpg_3kg", "roof": "tile"}},
                   "families": [{{"members": [{}]}}]}}"#,
                villages[i % villages.len()],
                i % 5 != 0,
                1 + i % 10,
                20 + i % 60,
                members.join(",")
            );
            serde_json::from_str(&json).unwrap_or_default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = RuleSets::builtin();
    let hs = households(1000);
    let as_of = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    let mut g = c.benchmark_group("assess");
    g.throughput(Throughput::Elements(hs.len() as u64));
    let program = Program::new(rules, as_of);
    g.bench_function("program_decide_1000_households", |b| {
        let mut scratch = Scratch::default();
        let mut totals = vec![[0u64; 4]; program.programmes().len()];
        b.iter(|| {
            for h in &hs {
                program.decide(black_box(h), &mut scratch, |i, outcome, amount| {
                    let t = &mut totals[i];
                    match outcome {
                        Outcome::Eligible => {
                            t[0] += 1;
                            t[3] += amount.map_or(0, |a| a.per_year.max(0) as u64);
                        }
                        Outcome::NotEligible => t[1] += 1,
                        _ => t[2] += 1,
                    }
                });
            }
            totals[0][0]
        })
    });
    g.bench_function("program_full_trace_1000_households", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for h in &hs {
                n += program.assess(black_box(h), Options::FULL).decisions.len();
            }
            n
        })
    });
    g.bench_function("fast_with_summary_1000_households", |b| {
        b.iter(|| {
            let mut s = Summary::default();
            for h in &hs {
                s.add(&assess_with(black_box(h), as_of, rules, Options::FAST));
            }
            s
        })
    });
    g.bench_function("full_trace_and_criteria_1000_households", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for h in &hs {
                n += assess(black_box(h), as_of, rules).decisions.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
