//! A run split into partitions, for a distributed engine (Dask, Spark): the
//! same report as one run over the whole table, made from runs over its
//! parts.
//!
//! One run over a table checks every household alone, then checks each
//! household's identity numbers against everything earlier in the table
//! (the cross-record index, `index.rs`): a NIK in two households, a KK
//! number in two villages, a probable duplicate person, a household whose
//! rows come back later. The per-household checks need only the
//! household's rows; the cross-record ones need the keys of every earlier
//! row. A partitioned run gets them in two passes:
//!
//! 1. **Keys.** Each partition is run with [`Outputs::keys`] set: the keys
//!    it meets, in the order the index meets them ([`Key`]).
//! 2. **The engine's group-by.** The keys of every partition that occur
//!    more than once (a group-by on `(kind, key)` with a count, then a
//!    semi-join back) are the only keys that can cross partitions. They are
//!    a small table whatever the data's size (faults are rare), sent to
//!    every partition.
//! 3. **Validation.** Each partition is run again with
//!    [`Options::partition`]: its rows numbered after the rows before it,
//!    the index loaded with the first occurrence of every key of those
//!    earlier rows ([`Seen`]). The index then holds, for every key the
//!    partition probes, what one run's index would hold at that point, so
//!    its findings are the same, on the same rows, naming the same rows.
//! 4. **Merge.** [`merge`] adds up the partitions' summaries and makes the
//!    problems of the whole table that one run makes at its end
//!    (`FILE_NOT_GROUPED`, `DATE_FORM_DETECTED`, …) from their counts. The
//!    report's problems are the partitions' problems in partition order,
//!    then [`Merged::closing`].
//!
//! Partitions must be consecutive parts of the table (partition `n + 1`
//! starts where `n` ends) and must not split a household: partition by the
//! household id or the village code. A household that runs from the end of
//! one partition into the next is [`Code::HouseholdSplitByPartition`] on
//! its later piece. The problems of the table's columns (a missing column,
//! an identity column held as floats) are said by partition 0 only: the
//! partitions of one table share its columns.
//!
//! The keys table holds NIK and KK numbers in full (the index's own keys):
//! it is the data's own, to be kept where the data is, never written to a
//! report.
//!
//! [`Outputs::keys`]: super::Outputs::keys
//! [`Options::partition`]: super::Options::partition

use super::mapping::DateCounts;
use super::report::{RowProblem, Summary};
use crate::problem::{Code, Problem, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What a [`Key`] is a key of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KeyKind {
    /// A household id (its stable hash); value: the row after its last row.
    Household,
    /// A valid NIK; value: 0.
    Nik,
    /// The duplicate-person key (name, birth date, district; a stable
    /// hash); value: a fingerprint of the person's NIK.
    Person,
    /// A valid KK number of a family with a village code; value: the
    /// village code as a number.
    Kk,
}

impl KeyKind {
    /// Every kind, in the order of their numbers.
    pub const ALL: [KeyKind; 4] = [
        KeyKind::Household,
        KeyKind::Nik,
        KeyKind::Person,
        KeyKind::Kk,
    ];

    /// The kind's number in a keys table (`kind` column).
    ///
    /// ```
    /// use dtks_core::bulk::partition::KeyKind;
    /// assert_eq!(KeyKind::from_number(KeyKind::Kk.number()), Some(KeyKind::Kk));
    /// ```
    pub fn number(self) -> u8 {
        match self {
            KeyKind::Household => 0,
            KeyKind::Nik => 1,
            KeyKind::Person => 2,
            KeyKind::Kk => 3,
        }
    }

    /// The kind numbered `n`, if any.
    pub fn from_number(n: u8) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|k| k.number() == n)
    }
}

/// One key the cross-record index met: its kind, the key, the row it was
/// met on (the table's row number), the value the index keeps with it, and
/// when the index met it. `Debug` masks the key: it can be a NIK or a KK
/// number in full.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// What it is a key of.
    pub kind: KeyKind,
    /// The key: a NIK or KK number, or a stable hash.
    pub key: u64,
    /// The row it was met on.
    pub row: u64,
    /// What the index keeps with it (see [`KeyKind`]).
    pub value: u64,
    /// When the index met it: the first row of its household × 2^16 plus
    /// its place among that household's keys. The index meets a household's
    /// people family by family, not row by row, so of two occurrences in
    /// one household the first met is not always the lower row; this orders
    /// them as the index does.
    pub order: u64,
}

impl Key {
    /// The key met in a partition run as a table of its own, placed in the
    /// whole table after `rows_before` rows: its row moves, and so does a
    /// household's value (the row after its last).
    ///
    /// ```
    /// use dtks_core::bulk::partition::{Key, KeyKind};
    /// let h = Key { kind: KeyKind::Household, key: 7, row: 1, value: 4, order: 1 << 16 };
    /// assert_eq!((h.after(10).row, h.after(10).value), (11, 14));
    /// let k = Key { kind: KeyKind::Kk, key: 3171011503150007, row: 1, value: 3171011001, order: 1 << 16 };
    /// assert_eq!(k.after(10).value, 3171011001);
    /// ```
    pub fn after(self, rows_before: u64) -> Key {
        let value = match self.kind {
            KeyKind::Household => self.value.saturating_add(rows_before),
            _ => self.value,
        };
        Key {
            row: self.row.saturating_add(rows_before),
            value,
            order: self.order.saturating_add(rows_before << 16),
            ..self
        }
    }
}

impl std::fmt::Debug for Key {
    /// The key masked: a NIK or KK number is personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = match self.kind {
            KeyKind::Nik | KeyKind::Kk => {
                crate::personal::mask_digits(&format!("{:016}", self.key))
            }
            _ => "•".repeat(4),
        };
        f.debug_struct("Key")
            .field("kind", &self.kind)
            .field("key", &key)
            .field("row", &self.row)
            .field("value", &self.value)
            .finish()
    }
}

/// The keys of earlier partitions that a partition must know: the first
/// occurrence of each `(kind, key)`, made from any set of keys that holds
/// every occurrence of the keys that occur more than once.
///
/// ```
/// use dtks_core::bulk::partition::{Key, KeyKind, Seen};
/// let k = |row| Key { kind: KeyKind::Nik, key: 3171011708800001, row, value: 0, order: row << 16 };
/// let seen = Seen::from_keys([k(9), k(4)]);
/// assert_eq!(seen.len(), 1);
/// ```
#[derive(Clone, Default)]
pub struct Seen {
    first: HashMap<(KeyKind, u64), Key>,
}

impl Seen {
    /// The first occurrence of each key among `keys`: the one the index met
    /// first ([`Key::order`]).
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> Seen {
        let mut first: HashMap<(KeyKind, u64), Key> = HashMap::new();
        for k in keys {
            let e = first.entry((k.kind, k.key)).or_insert(k);
            if k.order < e.order {
                *e = k;
            }
        }
        Seen { first }
    }

    /// Keys held.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// The first occurrences on rows up to `last_row`: `(kind, key, row, value)`.
    pub(crate) fn before(&self, last_row: u64) -> impl Iterator<Item = Key> + '_ {
        self.first
            .values()
            .filter(move |k| k.row <= last_row)
            .copied()
    }
}

impl std::fmt::Debug for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seen").field("keys", &self.len()).finish()
    }
}

/// The keys as an Arrow table: `kind` (UInt8, [`KeyKind::number`]), `key`,
/// `row`, `value`, `order` (UInt64), for the engine's group-by.
///
/// ```
/// use dtks_core::bulk::partition::{keys_table, Key, KeyKind};
/// let k = Key { kind: KeyKind::Nik, key: 3171011708800001, row: 1, value: 0, order: 1 << 16 };
/// let t = keys_table(&[k]).unwrap();
/// assert_eq!(t.num_rows(), 1);
/// ```
#[cfg(feature = "arrow")]
pub fn keys_table(keys: &[Key]) -> Result<arrow_array::RecordBatch, arrow_schema::ArrowError> {
    use arrow_array::{ArrayRef, UInt64Array, UInt8Array};
    use std::sync::Arc;
    let u64s =
        |f: fn(&Key) -> u64| Arc::new(keys.iter().map(f).collect::<UInt64Array>()) as ArrayRef;
    arrow_array::RecordBatch::try_from_iter([
        (
            "kind",
            Arc::new(keys.iter().map(|k| k.kind.number()).collect::<UInt8Array>()) as ArrayRef,
        ),
        ("key", u64s(|k| k.key)),
        ("row", u64s(|k| k.row)),
        ("value", u64s(|k| k.value)),
        ("order", u64s(|k| k.order)),
    ])
}

#[cfg(feature = "arrow")]
impl Seen {
    /// The first occurrences among the keys of record batches with the
    /// columns of [`keys_table`] (any integer type: an engine's group-by may
    /// widen them; other columns are ignored). With a `rows_before` column,
    /// each key was met in a partition run as a table of its own (rows from
    /// 1) and is moved to its place in the whole table: [`Key::after`].
    ///
    /// ```
    /// use dtks_core::bulk::partition::{keys_table, Key, KeyKind, Seen};
    /// let k = Key { kind: KeyKind::Nik, key: 3171011708800001, row: 3, value: 0, order: 3 << 16 };
    /// let t = keys_table(&[k, Key { row: 9, order: 9 << 16, ..k }]).unwrap();
    /// assert_eq!(Seen::from_batches([&t]).unwrap().len(), 1);
    /// ```
    pub fn from_batches<'b>(
        batches: impl IntoIterator<Item = &'b arrow_array::RecordBatch>,
    ) -> Result<Seen, super::TableError> {
        let mut keys = Vec::new();
        for b in batches {
            let col = |name: &str| -> Result<Vec<u64>, super::TableError> {
                let bad = || super::TableError::Keys {
                    column: name.to_owned(),
                };
                let a = b.column_by_name(name).ok_or_else(bad)?;
                integers(a.as_ref()).ok_or_else(bad)
            };
            let (kind, key, row, value) = (col("kind")?, col("key")?, col("row")?, col("value")?);
            let order = col("order")?;
            let before = match b.column_by_name("rows_before") {
                Some(_) => col("rows_before")?,
                None => vec![0; kind.len()],
            };
            for (((((k, key), row), value), order), before) in kind
                .into_iter()
                .zip(key)
                .zip(row)
                .zip(value)
                .zip(order)
                .zip(before)
            {
                let kind = u8::try_from(k)
                    .ok()
                    .and_then(KeyKind::from_number)
                    .ok_or_else(|| super::TableError::Keys {
                        column: "kind".to_owned(),
                    })?;
                keys.push(
                    Key {
                        kind,
                        key,
                        row,
                        value,
                        order,
                    }
                    .after(before),
                );
            }
        }
        Ok(Seen::from_keys(keys))
    }
}

/// An integer column's values as `u64` (a negative or null value: `None`).
#[cfg(feature = "arrow")]
fn integers(a: &dyn arrow_array::Array) -> Option<Vec<u64>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    use arrow_schema::DataType as T;
    if a.null_count() > 0 {
        return None;
    }
    fn all<I: Iterator<Item = Option<u64>>>(i: I) -> Option<Vec<u64>> {
        i.collect()
    }
    match a.data_type() {
        T::UInt8 => all(a
            .as_primitive::<UInt8Type>()
            .values()
            .iter()
            .map(|v| Some(u64::from(*v)))),
        T::UInt16 => all(a
            .as_primitive::<UInt16Type>()
            .values()
            .iter()
            .map(|v| Some(u64::from(*v)))),
        T::UInt32 => all(a
            .as_primitive::<UInt32Type>()
            .values()
            .iter()
            .map(|v| Some(u64::from(*v)))),
        T::UInt64 => Some(a.as_primitive::<UInt64Type>().values().to_vec()),
        T::Int8 => all(a
            .as_primitive::<Int8Type>()
            .values()
            .iter()
            .map(|v| u64::try_from(*v).ok())),
        T::Int16 => all(a
            .as_primitive::<Int16Type>()
            .values()
            .iter()
            .map(|v| u64::try_from(*v).ok())),
        T::Int32 => all(a
            .as_primitive::<Int32Type>()
            .values()
            .iter()
            .map(|v| u64::try_from(*v).ok())),
        // Keys are 64-bit hashes: an engine without unsigned integers
        // (Spark) holds them as the same bits in an int64.
        T::Int64 => Some(
            a.as_primitive::<Int64Type>()
                .values()
                .iter()
                .map(|v| *v as u64)
                .collect(),
        ),
        _ => None,
    }
}

/// Which partition a run is, and what it must know of the ones before it.
///
/// ```
/// use dtks_core::bulk::partition::{Partition, Seen};
/// let p = Partition::new(1, 5_000, Seen::default());
/// assert_eq!((p.number(), p.rows_before()), (1, 5_000));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Partition {
    number: u64,
    rows_before: u64,
    seen: Seen,
}

impl Partition {
    /// Partition `number` (0 first), after `rows_before` records of the
    /// table (its first record is row `rows_before + 1`), knowing `seen`.
    pub fn new(number: u64, rows_before: u64, seen: Seen) -> Partition {
        Partition {
            number,
            rows_before,
            seen,
        }
    }

    /// Its number.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Records of the table before it.
    pub fn rows_before(&self) -> u64 {
        self.rows_before
    }

    /// The keys of earlier partitions it knows.
    pub fn seen(&self) -> &Seen {
        &self.seen
    }
}

/// What a partition's summary carries for [`merge`]: the counts behind the
/// problems one run makes at the end of the table. Read with the summary
/// (`Summary::partition`); its contents are the merge's business.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionTail {
    pub(crate) number: u64,
    pub(crate) rows_before: u64,
    /// Bytes and records the reader read (of the bridge's text, for a table).
    pub(crate) bytes: u64,
    pub(crate) records: u64,
    /// The input had not even a header.
    pub(crate) empty: bool,
    /// JSON Lines.
    pub(crate) jsonl: bool,
    /// Birth dates no declared format read, by form; the column's name and
    /// the declared formats.
    pub(crate) dates: DateCounts,
    pub(crate) date_field: String,
    pub(crate) date_formats: String,
    /// Records that were not UTF-8: how many, the first.
    pub(crate) not_utf8: (u64, Option<u64>),
    /// Households seen again after another: how many, and the first
    /// (household, its first row, the row it came back at); the id column.
    pub(crate) scattered: (u64, Option<(String, u64, u64)>),
    pub(crate) key_column: String,
    /// The encoding whose undecodable bytes were replaced, if any.
    pub(crate) replaced: Option<String>,
    /// A first pass (the keys were asked for): no part of a report.
    pub(crate) keys_pass: bool,
    /// The problems of the table's columns (code and English message), said
    /// by partition 0 only: every partition's must be the same.
    pub(crate) columns: Vec<String>,
}

impl PartitionTail {
    /// The partition's number.
    pub fn number(&self) -> u64 {
        self.number
    }
}

/// Why partitions' summaries cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// A summary of a run that was not a partition's.
    #[error("summary {0} is not a partition's (the run had no Options::partition)")]
    NotAPartition(usize),
    /// Partition numbers that are not 0, 1, 2, … once each.
    #[error("partitions must be numbered 0 to {count} once each; {number} is {what}")]
    Numbers {
        /// Summaries given.
        count: usize,
        /// The first number out of place.
        number: u64,
        /// `missing` or `repeated`.
        what: &'static str,
    },
    /// A part of the first pass (run for its keys), not of the second.
    #[error("partition {0} is a first pass's part (keys): merge the parts of the second pass")]
    FirstPass(u64),
    /// A partition whose columns' problems are not partition 0's: its
    /// columns differ, and its rows are judged without what partition 0 said.
    #[error("partition {number}'s columns are not partition 0's: {problems}")]
    Columns {
        /// The partition.
        number: u64,
        /// Its column problems (or none), as codes and English messages.
        problems: String,
    },
    /// Partitions run with different options (another `as_of`, mapping,
    /// rule sets, library or region table).
    #[error("partition {number} was run with another {field} than partition 0")]
    Options {
        /// The partition.
        number: u64,
        /// The summary field that differs.
        field: &'static str,
    },
    /// A partition whose rows do not start where the one before ends.
    #[error("partition {number} starts after {rows_before} rows, but the partitions before it hold {expected}")]
    Rows {
        /// The partition.
        number: u64,
        /// Its rows before.
        rows_before: u64,
        /// The records of the partitions before it.
        expected: u64,
    },
}

impl MergeError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            MergeError::NotAPartition(_) => "PARTITION_NOT_A_PARTITION",
            MergeError::Numbers { .. } => "PARTITION_NUMBERS",
            MergeError::Rows { .. } => "PARTITION_ROWS",
            MergeError::FirstPass(_) => "PARTITION_FIRST_PASS",
            MergeError::Columns { .. } => "PARTITION_COLUMNS",
            MergeError::Options { .. } => "PARTITION_OPTIONS",
        }
    }
}

/// The report of the whole table, from its partitions'.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Merged {
    /// The summary of the whole table.
    pub summary: Summary,
    /// The problems one run makes at the end of the table, to follow the
    /// partitions' problems (in partition order).
    pub closing: Vec<RowProblem>,
}

/// Merges the summaries of every partition of a table (in any order) into
/// the summary of the whole, and the problems of its end.
///
/// The counts add up (records, households, problems per code, per region,
/// the stages' counters); the summary's `index` is the sum of what each
/// partition's index held; `input_sha256` is the SHA-256 of the partitions'
/// hashes (hex, one per line, in partition order) and `input_bytes` their
/// sum, since no one byte stream was read.
///
/// ```
/// use dtks_core::bulk::partition::merge;
/// assert!(merge(Vec::new()).is_ok());
/// ```
pub fn merge(mut parts: Vec<Summary>) -> Result<Merged, MergeError> {
    for (i, p) in parts.iter().enumerate() {
        if p.partition.is_none() {
            return Err(MergeError::NotAPartition(i));
        }
    }
    parts.sort_by_key(|p| p.partition.as_ref().map_or(0, |t| t.number));
    let count = parts.len();
    let mut expected_rows = 0u64;
    for (i, p) in parts.iter().enumerate() {
        let Some(t) = &p.partition else { continue };
        if t.number != i as u64 {
            let what = if t.number < i as u64 {
                "repeated"
            } else {
                "missing"
            };
            let number = if what == "missing" {
                i as u64
            } else {
                t.number
            };
            return Err(MergeError::Numbers {
                count: count.saturating_sub(1),
                number,
                what,
            });
        }
        if t.keys_pass {
            return Err(MergeError::FirstPass(t.number));
        }
        if let (Some(first), Some(t0)) = (
            parts.first(),
            parts.first().and_then(|f| f.partition.as_ref()),
        ) {
            if t.columns != t0.columns {
                return Err(MergeError::Columns {
                    number: t.number,
                    problems: if t.columns.is_empty() {
                        "none".to_owned()
                    } else {
                        t.columns.join("; ")
                    },
                });
            }
            let same: [(&'static str, bool); 5] = [
                ("as_of", p.as_of == first.as_of),
                ("mapping", p.mapping == first.mapping),
                ("rules", p.rules == first.rules),
                ("dtks_version", p.dtks_version == first.dtks_version),
                ("region_table", p.region_table == first.region_table),
            ];
            if let Some((field, _)) = same.iter().find(|(_, ok)| !ok) {
                return Err(MergeError::Options {
                    number: t.number,
                    field,
                });
            }
        }
        if t.rows_before != expected_rows {
            return Err(MergeError::Rows {
                number: t.number,
                rows_before: t.rows_before,
                expected: expected_rows,
            });
        }
        expected_rows += p.rows_read + p.rows_blank + p.rows_header;
    }
    let mut it = parts.into_iter();
    let Some(mut s) = it.next() else {
        return Ok(Merged {
            summary: Summary::default(),
            closing: Vec::new(),
        });
    };
    let mut tail = s.partition.take().unwrap_or_default();
    let mut hashes = format!("{}\n", s.input_sha256);
    for mut p in it {
        let t = p.partition.take().unwrap_or_default();
        hashes.push_str(&p.input_sha256);
        hashes.push('\n');
        add(&mut s, p);
        tail.bytes += t.bytes;
        tail.records += t.records;
        tail.dates.add(&t.dates);
        tail.not_utf8.0 += t.not_utf8.0;
        tail.not_utf8.1 = tail.not_utf8.1.or(t.not_utf8.1);
        tail.scattered.0 += t.scattered.0;
        if tail.scattered.1.is_none() {
            tail.scattered.1 = t.scattered.1;
        }
        tail.replaced = tail.replaced.or(t.replaced);
    }
    s.input_sha256 = crate::digest::sha256_hex(hashes.as_bytes());
    let mut closing = Vec::new();
    for p in closing_problems(&tail, s.rows_read) {
        s.problems += 1;
        match p.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
        }
        let c = s.per_code.entry(p.code.as_str().to_owned()).or_default();
        c.severity = Some(p.code.severity());
        c.count += 1;
        closing.push(RowProblem::file(p));
    }
    Ok(Merged {
        summary: s,
        closing,
    })
}

/// Adds `p`'s counts to `s`.
fn add(s: &mut Summary, p: Summary) {
    s.input_bytes += p.input_bytes;
    s.rows_read += p.rows_read;
    s.rows_valid += p.rows_valid;
    s.rows_invalid += p.rows_invalid;
    s.rows_blank += p.rows_blank;
    s.rows_header += p.rows_header;
    s.households += p.households;
    s.members += p.members;
    s.problems += p.problems;
    s.errors += p.errors;
    s.warnings += p.warnings;
    for (code, c) in p.per_code {
        let e = s.per_code.entry(code).or_default();
        e.severity = e.severity.or(c.severity);
        e.count += c.count;
    }
    for (mine, theirs) in [
        (&mut s.per_province, p.per_province),
        (&mut s.per_regency, p.per_regency),
    ] {
        for (code, c) in theirs {
            let e = mine.entry(code).or_default();
            e.name = e.name.take().or(c.name);
            e.rows += c.rows;
            e.invalid += c.invalid;
        }
    }
    for (stage, counters) in p.stages {
        let e: &mut BTreeMap<String, u64> = s.stages.entry(stage).or_default();
        for (k, v) in counters {
            *e.entry(k).or_default() += v;
        }
    }
    let i = &mut s.index;
    i.people += p.index.people;
    i.families += p.index.families;
    i.households += p.index.households;
    i.duplicate_keys += p.index.duplicate_keys;
    i.bytes += p.index.bytes;
}

/// The problems one run makes once every record is read, in its order.
pub(crate) fn closing_problems(t: &PartitionTail, rows_read: u64) -> Vec<Problem> {
    let mut out = Vec::new();
    out.extend(super::layout::date_form_problem(
        &t.dates,
        &t.date_field,
        &t.date_formats,
    ));
    if t.not_utf8.0 > 0 {
        out.push(
            Problem::new(Code::FileNotUtf8, "")
                .with_int("rows", t.not_utf8.0)
                .with_int("first_row", t.not_utf8.1.unwrap_or(0)),
        );
    }
    if let (n, Some((household, first_row, row))) = &t.scattered {
        out.push(
            Problem::new(Code::FileNotGrouped, "")
                .with_int("households", *n)
                .with("household", household.clone())
                .with_int("first_row", *first_row)
                .with_int("row", *row)
                .with("column", t.key_column.clone()),
        );
    }
    if let Some(encoding) = &t.replaced {
        out.push(Problem::new(Code::FileEncodingReplaced, "").with("encoding", encoding.clone()));
    }
    if t.bytes == 0 || (t.jsonl && t.records == 0) {
        if !t.empty {
            out.push(Problem::new(Code::FileEmpty, ""));
        }
    } else if rows_read == 0 && !t.empty {
        out.push(Problem::new(Code::FileNoRecords, ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_keeps_the_first_occurrence() {
        let k = |kind, key, row: u64, value| Key {
            kind,
            key,
            row,
            value,
            order: row << 16,
        };
        let seen = Seen::from_keys([
            k(KeyKind::Kk, 7, 30, 3171011001),
            k(KeyKind::Kk, 7, 12, 3171011002),
            k(KeyKind::Nik, 7, 50, 0),
        ]);
        assert_eq!(seen.len(), 2);
        let mut before: Vec<_> = seen
            .before(40)
            .map(|k| (k.kind, k.key, k.row, k.value))
            .collect();
        before.sort();
        assert_eq!(before, vec![(KeyKind::Kk, 7, 12, 3171011002)]);
        assert_eq!(seen.before(50).count(), 2);
    }

    #[test]
    fn numbers_round_trip() {
        for k in KeyKind::ALL {
            assert_eq!(KeyKind::from_number(k.number()), Some(k));
        }
        assert_eq!(KeyKind::from_number(4), None);
    }

    fn part(number: u64, rows_before: u64, rows: u64) -> Summary {
        Summary {
            rows_read: rows,
            partition: Some(PartitionTail {
                number,
                rows_before,
                bytes: 10,
                ..PartitionTail::default()
            }),
            ..Summary::default()
        }
    }

    #[test]
    fn merge_checks_the_partitions() {
        assert_eq!(
            merge(vec![Summary::default()]).map(|_| ()),
            Err(MergeError::NotAPartition(0))
        );
        let e = merge(vec![part(0, 0, 5), part(2, 5, 5)]).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err("PARTITION_NUMBERS"));
        let e = merge(vec![part(0, 0, 5), part(0, 0, 5)]).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err("PARTITION_NUMBERS"));
        let e = merge(vec![part(1, 4, 5), part(0, 0, 5)]).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err("PARTITION_ROWS"));
        let m = merge(vec![part(1, 5, 7), part(0, 0, 5)]).expect("merged");
        assert_eq!(m.summary.rows_read, 12);
        assert!(m.closing.is_empty());
        assert!(m.summary.partition.is_none());
    }

    #[test]
    fn merge_refuses_parts_that_are_not_one_tables() {
        let mut first = part(1, 5, 5);
        if let Some(t) = first.partition.as_mut() {
            t.keys_pass = true;
        }
        let e = merge(vec![part(0, 0, 5), first]).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err("PARTITION_FIRST_PASS"));
        let mut other = part(1, 5, 5);
        if let Some(t) = other.partition.as_mut() {
            t.columns = vec!["ID_COLUMN_FLOAT: …".to_owned()];
        }
        let e = merge(vec![part(0, 0, 5), other]).map(|_| ());
        assert_eq!(e.map_err(|e| e.code()), Err("PARTITION_COLUMNS"));
        let mut later = part(1, 5, 5);
        later.as_of = "2027-01-01".to_owned();
        let e = merge(vec![part(0, 0, 5), later]);
        assert_eq!(
            e.map(|_| ()).map_err(|e| e.to_string()),
            Err("partition 1 was run with another as_of than partition 0".to_owned())
        );
    }

    #[test]
    fn the_end_problems_come_from_the_added_counts() {
        // Two partitions each with one household seen again: one
        // FILE_NOT_GROUPED for the table, naming the first.
        let mut a = part(0, 0, 5);
        let mut b = part(1, 5, 5);
        if let Some(t) = a.partition.as_mut() {
            t.scattered = (1, Some(("RT-1".to_owned(), 1, 4)));
            t.key_column = "id_rt".to_owned();
        }
        if let Some(t) = b.partition.as_mut() {
            t.scattered = (2, Some(("RT-9".to_owned(), 6, 9)));
        }
        let m = merge(vec![a, b]).expect("merged");
        assert_eq!(m.closing.len(), 1);
        let p = &m.closing[0].problem;
        assert_eq!(p.code, Code::FileNotGrouped);
        assert_eq!(m.summary.per_code["FILE_NOT_GROUPED"].count, 1);
        assert_eq!(m.summary.errors, 1);
        let msg = p.message(crate::problem::Lang::En);
        assert!(msg.starts_with("3 households"), "{msg}");
        assert!(msg.contains("RT-1, rows 1 and 4"), "{msg}");
        // No records in any partition: one FILE_NO_RECORDS.
        let m = merge(vec![part(0, 0, 0), part(1, 0, 0)]).expect("merged");
        let codes: Vec<_> = m.closing.iter().map(|p| p.problem.code).collect();
        assert_eq!(codes, vec![Code::FileNoRecords]);
    }
}
