//! A table validated in partitions gets the report of one run over the
//! whole table (issue 17, `bulk::partition`): one generated dataset with
//! faults of every kind, cut into partitions at household boundaries, run
//! in the two passes with the keys grouped as an engine would group them;
//! the problems, in order, the row verdicts and the counts must be one
//! run's. A partitioning that splits a household says so on the later piece.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use chrono::NaiveDate;
use dtks_core::bulk::partition::{self, keys_table, Key, Partition, Seen};
use dtks_core::bulk::{self, Collect, Format, Options, Outputs, RowProblem, RowVerdict, Summary};
use dtks_core::generate;
use dtks_core::problem::Code;
use std::collections::HashMap;
use std::sync::Arc;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The generated CSV's header and records.
fn dataset(rows: u64, fault_rate: f64, seed: u64) -> (Vec<String>, Vec<Vec<String>>) {
    let opts = generate::Options::new(rows, seed, as_of()).with_fault_rate(fault_rate);
    let mut out = Vec::new();
    generate::generate(&opts, &mut out, None::<Vec<u8>>).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(out.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let records = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (0..header.len())
                .map(|i| rec.get(i).unwrap_or("").to_owned())
                .collect()
        })
        .collect();
    (header, records)
}

/// Records as one record batch of text columns.
fn batch(header: &[String], records: &[Vec<String>]) -> RecordBatch {
    let cols: Vec<(String, ArrayRef)> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let cells: Vec<&str> = records.iter().map(|r| r[i].as_str()).collect();
            (name.clone(), Arc::new(StringArray::from(cells)) as ArrayRef)
        })
        .collect();
    RecordBatch::try_from_iter(cols).unwrap()
}

struct Run {
    summary: Summary,
    problems: Vec<RowProblem>,
    rows: Vec<RowVerdict>,
}

fn run(batch: RecordBatch, part: Option<&Partition>, keys: Option<&mut Vec<Key>>) -> Run {
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = 2;
    opts.chunk_rows = 97;
    opts.partition = part;
    let mut collect = Collect::default();
    collect.rows_before = part.map_or(0, Partition::rows_before);
    let summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut collect);
        out.keys = keys;
        let schema = batch.schema();
        bulk::validate_batches(&schema, [Ok(batch)].into_iter(), &opts, &mut out).unwrap()
    };
    Run {
        summary,
        problems: collect.problems,
        rows: collect.rows,
    }
}

/// Cuts `n` records into about `parts` consecutive partitions, each cut
/// where the household id changes (or anywhere, when `split`).
fn cuts(header: &[String], records: &[Vec<String>], parts: usize, split: bool) -> Vec<usize> {
    let id = header.iter().position(|h| h == "id_rt").unwrap();
    let mut out = vec![0];
    for p in 1..parts {
        let mut at = records.len() * p / parts;
        while !split && at < records.len() && records[at][id] == records[at - 1][id] {
            at += 1;
        }
        if at > *out.last().unwrap() {
            out.push(at);
        }
    }
    out.push(records.len());
    out
}

/// The two passes and the merge, with the keys grouped as an engine's
/// group-by groups them: only keys met more than once, with all their
/// occurrences, go back to the partitions (through an Arrow table).
fn partitioned(header: &[String], records: &[Vec<String>], cuts: &[usize]) -> Run {
    partitioned_as(header, records, cuts, false)
}

/// [`partitioned`]; `local`: the first pass runs each partition as a table
/// of its own (rows from 1), and the keys carry a `rows_before` column.
fn partitioned_as(header: &[String], records: &[Vec<String>], cuts: &[usize], local: bool) -> Run {
    let parts: Vec<(u64, &[Vec<String>])> = cuts
        .windows(2)
        .map(|w| (w[0] as u64, &records[w[0]..w[1]]))
        .collect();
    let mut all: Vec<(Key, u64)> = Vec::new();
    for (i, (before, rows)) in parts.iter().enumerate() {
        let numbered = if local { 0 } else { *before };
        let p = Partition::new(i as u64, numbered, Seen::default());
        let mut keys = Vec::new();
        run(batch(header, rows), Some(&p), Some(&mut keys));
        all.extend(keys.into_iter().map(|k| (k, *before - numbered)));
    }
    let mut count: HashMap<(u8, u64), usize> = HashMap::new();
    for (k, _) in &all {
        *count.entry((k.kind.number(), k.key)).or_default() += 1;
    }
    let (repeated, shifts): (Vec<Key>, Vec<u64>) = all
        .into_iter()
        .filter(|(k, _)| count[&(k.kind.number(), k.key)] > 1)
        .unzip();
    let mut table = keys_table(&repeated).unwrap();
    if local {
        let mut cols: Vec<(String, ArrayRef)> = table
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .zip(table.columns().iter().cloned())
            .collect();
        cols.push((
            "rows_before".to_owned(),
            Arc::new(arrow_array::Int64Array::from_iter_values(
                shifts.iter().map(|s| *s as i64),
            )),
        ));
        table = RecordBatch::try_from_iter(cols).unwrap();
    }
    let seen = Seen::from_batches([&table]).unwrap();
    let mut summaries = Vec::new();
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    // In reverse: the merge puts them in order.
    for (i, (before, part)) in parts.iter().enumerate().rev() {
        let p = Partition::new(i as u64, *before, seen.clone());
        let r = run(batch(header, part), Some(&p), None);
        summaries.push(r.summary);
        problems.insert(0, r.problems);
        rows.insert(0, r.rows);
    }
    let merged = partition::merge(summaries).unwrap();
    let mut problems: Vec<RowProblem> = problems.into_iter().flatten().collect();
    problems.extend(merged.closing);
    Run {
        summary: merged.summary,
        problems,
        rows: rows.into_iter().flatten().collect(),
    }
}

/// What describes the input rather than the verdict: blanked.
fn verdict(mut s: Summary) -> Summary {
    s.input_sha256.clear();
    s.input_bytes = 0;
    s.index = Default::default();
    s
}

/// Faults across the table, far apart (the generator's are near their
/// source): a NIK, a KK number (in another village) and a person (name
/// and birth date, another NIK, the same district) met again near the end.
fn inject_far_faults(header: &[String], records: &mut [Vec<String>]) {
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (id, nik, kk, desa, nama, lahir) = (
        col("id_rt"),
        col("nik"),
        col("no_kk"),
        col("kode_desa"),
        col("nama"),
        col("tgl_lahir"),
    );
    let n = records.len();
    for k in 0..6 {
        let (from, to) = (10 + 37 * k, n - 20 - 41 * k);
        records[to][nik] = records[from][nik].clone();
    }
    // The whole last household takes an early family's KK number.
    let last = records[n - 1][id].clone();
    let early_kk = records[30][kk].clone();
    for r in records.iter_mut().filter(|r| r[id] == last) {
        r[kk] = early_kk.clone();
    }
    // A person of the middle again in a later household of the same district.
    let from = n / 3;
    let district = records[from][desa][..6].to_owned();
    if let Some(to) = (n * 2 / 3..n - 300).find(|&i| records[i][desa].starts_with(&district)) {
        records[to][nama] = records[from][nama].clone();
        records[to][lahir] = records[from][lahir].clone();
    }
}

#[test]
fn partitions_give_the_report_of_one_run() {
    let (header, mut records) = dataset(6_000, 0.3, 23);
    inject_far_faults(&header, &mut records);
    let whole = run(batch(&header, &records), None, None);
    // The dataset has cross-record faults for the partitions to find.
    let crossing =
        |r: &Run, code: Code| r.problems.iter().filter(|p| p.problem.code == code).count();
    assert!(crossing(&whole, Code::NikInTwoHouseholds) > 5);
    assert!(crossing(&whole, Code::KkInTwoVillages) > 0);
    for parts in [1, 2, 5, 11] {
        let cuts = cuts(&header, &records, parts, false);
        let split = partitioned(&header, &records, &cuts);
        assert_eq!(
            split.problems.len(),
            whole.problems.len(),
            "{parts} partitions"
        );
        for (a, b) in split.problems.iter().zip(&whole.problems) {
            assert_eq!(a, b, "{parts} partitions");
        }
        assert_eq!(split.rows, whole.rows, "{parts} partitions");
        assert_eq!(
            verdict(split.summary),
            verdict(whole.summary.clone()),
            "{parts} partitions"
        );
    }
    // The first pass may number each partition from 1: the keys then say
    // how many rows came before.
    let local = partitioned_as(&header, &records, &cuts(&header, &records, 5, false), true);
    assert_eq!(local.problems, whole.problems);
    assert_eq!(verdict(local.summary), verdict(whole.summary.clone()));
    // Some NIK is met again in a later partition than its first row's.
    let cuts = cuts(&header, &records, 5, false);
    let across = whole.problems.iter().any(|p| {
        p.problem.code == Code::NikInTwoHouseholds
            && p.problem.context.iter().any(|(k, v)| {
                *k == "other_row"
                    && matches!(v, dtks_core::problem::Value::Int(o)
                        if cuts.iter().any(|c| (*o as usize) <= *c && *c < p.row.unwrap() as usize))
            })
    });
    assert!(
        across,
        "no NIK crosses a partition: the test proves nothing"
    );
}

#[test]
fn a_split_household_is_said_on_its_later_piece() {
    let (header, records) = dataset(600, 0.0, 5);
    let id = header.iter().position(|h| h == "id_rt").unwrap();
    // Cut inside a household of several rows.
    let at = (1..records.len())
        .find(|&i| i > 250 && records[i][id] == records[i - 1][id])
        .unwrap();
    let r = partitioned(&header, &records, &[0, at, records.len()]);
    let split: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.problem.code == Code::HouseholdSplitByPartition)
        .collect();
    assert_eq!(split.len(), 1, "{:?}", r.problems);
    assert_eq!(split[0].row, Some(at as u64 + 1));
    let msg = split[0].problem.message(dtks_core::problem::Lang::En);
    assert!(msg.contains("partition the table by id_rt"), "{msg}");
    // Not a household out of place, and no FILE_NOT_GROUPED for it.
    assert!(!r.problems.iter().any(|p| matches!(
        p.problem.code,
        Code::HouseholdNotContiguous | Code::FileNotGrouped
    )));
}

#[test]
fn column_problems_are_said_once() {
    let (mut header, records) = dataset(300, 0.0, 9);
    // A column the mapping does not know: one problem for the table.
    header[2] = "kolom_lain".to_owned();
    let whole = run(batch(&header, &records), None, None);
    let cuts = cuts(&header, &records, 3, false);
    let split = partitioned(&header, &records, &cuts);
    assert_eq!(split.problems, whole.problems);
    assert_eq!(verdict(split.summary), verdict(whole.summary));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Wherever the household boundaries are cut, the report is one run's.
    #[test]
    fn any_cut_at_household_boundaries_gives_one_runs_report(
        fractions in proptest::collection::vec(0.0f64..1.0, 1..6),
        local in proptest::bool::ANY,
    ) {
        let (header, mut records) = dataset(1_500, 0.3, 31);
        inject_far_faults(&header, &mut records);
        let whole = run(batch(&header, &records), None, None);
        let id = header.iter().position(|h| h == "id_rt").unwrap();
        let mut cuts: Vec<usize> = fractions
            .iter()
            .map(|f| {
                let mut at = (f * records.len() as f64) as usize;
                while at > 0 && at < records.len() && records[at][id] == records[at - 1][id] {
                    at += 1;
                }
                at
            })
            .collect();
        cuts.push(0);
        cuts.push(records.len());
        cuts.sort_unstable();
        cuts.dedup();
        let split = partitioned_as(&header, &records, &cuts, local);
        proptest::prop_assert_eq!(&split.problems, &whole.problems);
        proptest::prop_assert_eq!(&split.rows, &whole.rows);
        proptest::prop_assert_eq!(verdict(split.summary), verdict(whole.summary));
    }

    /// A keys table of any integers is read or refused, never a panic.
    #[test]
    fn any_keys_table_is_read_or_refused(
        rows in proptest::collection::vec((0i64..6, proptest::num::i64::ANY, -3i64..1_000, proptest::num::i64::ANY), 0..40),
    ) {
        use arrow_array::Int64Array;
        let col = |f: fn(&(i64, i64, i64, i64)) -> i64| {
            Arc::new(Int64Array::from_iter_values(rows.iter().map(f))) as ArrayRef
        };
        let t = RecordBatch::try_from_iter([
            ("kind", col(|r| r.0)),
            ("key", col(|r| r.1)),
            ("row", col(|r| r.2)),
            ("value", col(|r| r.3)),
            ("order", col(|r| r.2)),
        ])
        .unwrap();
        match Seen::from_batches([&t]) {
            Ok(seen) => proptest::prop_assert!(seen.len() <= rows.len()),
            Err(e) => proptest::prop_assert_eq!(e.code(), "TABLE_KEYS"),
        }
    }
}

#[test]
fn the_first_occurrence_is_the_one_the_index_met_first() {
    // A household whose families' rows interleave (A, B, A): the index meets
    // its people family by family, so the second A row comes before the B
    // row. Give both the same NIK, and a household of a later partition too.
    let (header, mut records) = dataset(800, 0.0, 11);
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (id, kk, nik) = (col("id_rt"), col("no_kk"), col("nik"));
    let start = (1..records.len() - 3)
        .find(|&i| {
            records[i][id] != records[i - 1][id]
                && records[i + 1][id] == records[i][id]
                && records[i + 2][id] == records[i][id]
                && records[i][kk] == records[i + 1][kk]
                && records[i + 2][kk] != records[i][kk]
                && i < 200
        })
        .expect("a household of two families, the first of two rows or more");
    records.swap(start + 1, start + 2);
    let shared = records[start + 1][nik].clone();
    records[start + 2][nik] = shared.clone();
    let n = records.len();
    records[n - 5][nik] = shared;
    let whole = run(batch(&header, &records), None, None);
    let cuts = cuts(&header, &records, 2, false);
    for local in [false, true] {
        let split = partitioned_as(&header, &records, &cuts, local);
        assert_eq!(split.problems, whole.problems);
    }
}
