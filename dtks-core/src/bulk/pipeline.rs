//! The driver: bytes → blocks → records → households → problems → report.
//!
//! With more than one thread the stages overlap: a reader thread reads,
//! hashes and cuts the input into blocks that end where a household ends
//! ([`super::block`]); worker threads each take a whole block, parse its
//! records, group them into households and validate them; the calling thread
//! puts the blocks' results back in input order and runs the cross-record
//! index, the accounting, the reports and the row files. Blocks travel
//! through bounded channels and their buffers are reused, so memory is
//! bounded by a few blocks plus the index, and the results are the same
//! whatever the thread count.

use super::arrival::{arrive_for, Arrival, Arrived, Handed};
use super::block::{Anywhere, Block, BlockReader, Broken, Cutter, Rec, Records, Texts};
use super::column::Column;
use super::index::{duplicate_key, stable_hash, Finding, Index, Keys};
use super::records::Shaped;
use super::report::{ProblemSink, RowProblem, Summary};
use super::row::{build, drop_consequential, household_label, place, Layout, RawRow, Spare};
use super::{BulkError, Delimiter, Encoding, Format, Options, Outputs, Progress};
use crate::household::{validate as validate_household, Household};
use crate::personal::mask_digits;
use crate::problem::{Code, Problem, Severity};
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::Range;
use std::sync::{mpsc, Arc, Mutex};

/// A unit of work for a worker: the rows of one household (CSV) or one
/// JSON Lines line.
#[derive(Clone, Copy)]
pub(crate) enum Unit<'a> {
    Group(&'a [RawRow<'a>]),
    Line { row: u64, bytes: &'a [u8] },
}

/// A unit as the sink takes it: its records in a worked block (a
/// household's rows, or rows that cannot be read at all in a file without a
/// header; the sink reads no field, so it needs no row views), or its line.
#[derive(Clone, Copy)]
enum Taken<'a> {
    Rows {
        recs: &'a Records,
        start: usize,
        end: usize,
    },
    Line {
        row: u64,
        bytes: &'a [u8],
    },
}

impl Taken<'_> {
    fn first_row(&self) -> u64 {
        match self {
            Taken::Rows { recs, start, .. } => recs.metas.get(*start).map_or(0, |m| m.row),
            Taken::Line { row, .. } => *row,
        }
    }

    fn len(&self) -> usize {
        match self {
            Taken::Rows { start, end, .. } => end.saturating_sub(*start),
            Taken::Line { .. } => 1,
        }
    }

    /// The row numbers of its readable rows.
    fn good_rows(&self) -> Vec<u64> {
        match self {
            Taken::Rows { recs, start, end } => recs
                .metas
                .get(*start..*end)
                .unwrap_or(&[])
                .iter()
                .filter(|m| m.broken.is_none())
                .map(|m| m.row)
                .collect(),
            Taken::Line { row, .. } => vec![*row],
        }
    }
}

/// A unit as the worker hands it on: which rows (CSV) or which line.
#[derive(Debug, Clone)]
enum Span {
    Group(Range<usize>),
    Unread(Range<usize>),
    Line(usize),
}

/// What processing one unit found.
#[derive(Debug, Default)]
pub(crate) struct UnitResult {
    problems: Vec<RowProblem>,
    /// The household id's hash (None without an id).
    household_key: Option<u64>,
    /// This household's entries in the block's [`Keys`].
    people: Range<usize>,
    families: Range<usize>,
    /// Its label (id, masked when it looks like an identity number) in the
    /// block's label text.
    label: Option<Range<usize>>,
    /// Village digits (10) of the household, when well formed.
    village: Option<[u8; 10]>,
    households: u64,
    members: u64,
    /// Blank records and repeated headers among its rows (skipped).
    blank: u64,
    header: u64,
    stage_counts: Vec<(usize, String, u64)>,
    /// `(stage, key, n)`: [`StageOutput::tallies`](super::StageOutput::tallies).
    stage_tallies: Vec<(usize, u64, u64)>,
}

/// What the reader learned by the end.
#[derive(Debug, Default)]
pub(crate) struct InputInfo {
    sha256: String,
    bytes: u64,
    rows: u64,
}

/// A block, worked: its parsed records and each unit's result.
struct Worked {
    block: Block,
    recs: Records,
    spans: Vec<Span>,
    results: Vec<UnitResult>,
    acc: Acc,
}

/// What a block's households collect for the sink, in one set of buffers.
#[derive(Default)]
pub(crate) struct Acc {
    keys: Keys,
    labels: String,
    /// Allocations reused from household to household.
    spare: Spare,
}

impl Acc {
    fn clear(&mut self) {
        self.keys.clear();
        self.labels.clear();
    }

    fn label(&self, r: &UnitResult) -> Option<&str> {
        self.labels.get(r.label.clone()?)
    }
}

/// A worked block's input buffer, for the reader to reuse.
fn spent_bytes(w: &mut Worked) -> Vec<u8> {
    let b = std::mem::take(&mut w.block.bytes);
    if b.capacity() > 0 {
        b
    } else {
        w.recs.take_input()
    }
}

/// Cuts CSV blocks between two well-formed records with different keys,
/// neither of them empty: a blank record (`,,,,`) or one without an id is
/// never at the edge of a block, so it cannot split a household in two.
struct ByKey<'a>(&'a Layout);

impl Cutter for ByKey<'_> {
    fn boundary(&self, a: Rec<'_>, b: Rec<'_>) -> bool {
        if a.len() != self.0.width || b.len() != self.0.width {
            return false;
        }
        let (ka, kb) = (self.0.key(&a), self.0.key(&b));
        !ka.is_empty() && !kb.is_empty() && ka != kb
    }
}

/// The rows of a parsed block.
fn rows_of<'a>(recs: &'a Records, whole: Texts<'a>) -> Vec<RawRow<'a>> {
    recs.metas
        .iter()
        .enumerate()
        .map(|(i, m)| RawRow {
            row: m.row,
            rec: recs.rec(i, whole),
            broken: m.broken,
        })
        .collect()
}

/// Groups rows into households: consecutive rows sharing a key.
///
/// Rows that are no member (blank records, a repeated header: marked here,
/// [`Layout::skipped`]) join the household they sit in, so they neither
/// split it nor count. A row that cannot be read (wrong field count) is
/// grouped by the key its field at the key column's place reads: it joins
/// the household before it when that key is the same or cannot be read, and
/// starts the next one when the row after it carries its key (the head of a
/// family whose row has a stray comma belongs to its own household). Returns
/// true when it marked a row.
fn group(layout: &Layout, rows: &mut [RawRow<'_>], spans: &mut Vec<Span>) -> bool {
    let mut key: Option<&[u8]> = None;
    let mut start: Option<usize> = None;
    let mut marked = false;
    for i in 0..rows.len() {
        let Some(r) = rows.get(i).copied() else { break };
        let k = layout.key(&r.rec);
        if r.broken.is_some() || k.is_empty() || key != Some(k) {
            if let Some(m) = layout.skipped(&r.rec) {
                if let Some(row) = rows.get_mut(i) {
                    row.broken = Some(m);
                }
                marked = true;
                start.get_or_insert(i);
                continue;
            }
        }
        if r.broken.is_some() {
            let starts_next = !k.is_empty()
                && key != Some(k)
                && rows
                    .get(i + 1)
                    .is_some_and(|n| n.broken.is_none() && layout.key(&n.rec) == k);
            if !starts_next {
                start.get_or_insert(i);
                continue;
            }
        }
        match (start, key) {
            (Some(_), Some(g)) if g == k => {}
            (Some(_), None) => key = Some(k),
            (Some(s), Some(_)) => {
                spans.push(Span::Group(s..i));
                start = Some(i);
                key = Some(k);
            }
            (None, _) => {
                start = Some(i);
                key = Some(k);
            }
        }
    }
    if let Some(s) = start {
        spans.push(Span::Group(s..rows.len()));
    }
    marked
}

/// `--group`: puts the records of a household together, households in the
/// order each first appears. A record without a household id, a blank
/// record and a repeated header keep their place between households.
fn household_order(layout: &Layout, recs: &mut Records) {
    let whole = Texts::default();
    let mut first: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
    let mut rank = Vec::with_capacity(recs.len());
    for i in 0..recs.len() {
        let r = recs.rec(i, whole);
        let k = layout.key(&r);
        if k.is_empty() || layout.skipped(&r).is_some() {
            rank.push(i);
        } else {
            rank.push(*first.entry(k).or_insert(i));
        }
    }
    drop(first);
    // `rank` borrows nothing from `recs` now.
    recs.reorder_by(&rank);
}

/// A worker's job: parse, group and check one block.
fn work(mut block: Block, mut recs: Records, mut acc: Acc, ctx: &Ctx<'_>) -> Worked {
    acc.clear();
    let mut spans = Vec::new();
    let mut results = Vec::new();
    match ctx.opts.format {
        Format::Csv => {
            let Some(layout) = ctx.layout else {
                return Worked {
                    block,
                    recs,
                    spans,
                    results,
                    acc,
                };
            };
            let bytes = std::mem::take(&mut block.bytes);
            recs.parse(
                bytes,
                block.first_row,
                layout.width,
                Some(&block.records),
                block.delim,
            );
            if layout.headerless {
                // Flexible: a file without a header has no field count to hold to.
                recs.clear_broken();
                spans.push(Span::Unread(0..recs.len()));
                results.push(UnitResult::default());
            } else {
                if ctx.opts.group {
                    household_order(layout, &mut recs);
                }
                let whole = recs.whole();
                let mut rows = rows_of(&recs, whole);
                let marked = group(layout, &mut rows, &mut spans);
                // The marks (blank, header) for the sink, which reads the metas.
                let marks: Vec<(usize, Broken)> = if marked {
                    rows.iter()
                        .enumerate()
                        .filter_map(|(i, r)| Some((i, r.broken.filter(|b| b.skipped())?)))
                        .collect()
                } else {
                    Vec::new()
                };
                // A last record cut inside quotes is grouped by what it
                // reads as, then reported as cut off.
                if block.truncated_last {
                    if let Some(r) = rows.last_mut() {
                        r.broken = Some(Broken::Truncated);
                    }
                }
                for s in &spans {
                    let unit = match s {
                        Span::Group(r) => Unit::Group(rows.get(r.clone()).unwrap_or(&[])),
                        _ => continue,
                    };
                    results.push(process(&unit, ctx, &mut acc));
                }
                drop(rows);
                for (i, b) in marks {
                    recs.mark(i, b);
                }
                if block.truncated_last {
                    recs.truncate_last();
                }
            }
        }
        Format::Jsonl => {
            for (i, (row, range)) in block.lines.iter().enumerate() {
                let unit = Unit::Line {
                    row: *row,
                    bytes: block.bytes.get(range.clone()).unwrap_or(&[]),
                };
                spans.push(Span::Line(i));
                results.push(process(&unit, ctx, &mut acc));
            }
        }
    }
    Worked {
        block,
        recs,
        spans,
        results,
        acc,
    }
}

struct Ctx<'a> {
    layout: Option<&'a Layout>,
    opts: &'a Options<'a>,
}

fn village_digits(code: &str) -> Option<[u8; 10]> {
    let mut out = [0u8; 10];
    let mut n = 0usize;
    for b in code.bytes() {
        if b == b'.' {
            continue;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        *out.get_mut(n)? = b;
        n += 1;
    }
    (n == 10).then_some(out)
}

fn village_number(d: &[u8; 10]) -> u64 {
    d.iter().fold(0u64, |a, b| a * 10 + u64::from(b - b'0'))
}

/// Where a household's problems go: its rows, its label, its field names.
struct Rows<'a> {
    /// Row of each member: `member_rows[f][m]`.
    member_rows: &'a [Vec<u64>],
    /// Every row of the household.
    rows: &'a [u64],
    /// Rows of the household that cannot be read.
    unreadable: &'a [u64],
    label: &'a str,
    field_name: &'a dyn Fn(Column) -> String,
    /// CSV: places in messages are named by column and row.
    by_row: bool,
}

/// Runs validation and the stages on a built household and collects its keys.
fn check_household(
    h: &Household,
    at: &Rows<'_>,
    ctx: &Ctx<'_>,
    res: &mut UnitResult,
    acc: &mut Acc,
) {
    let Rows {
        member_rows,
        rows,
        unreadable,
        label,
        field_name,
        by_row,
    } = *at;
    let mut problems = validate_household(h, ctx.opts.as_of);
    // A household with a row that cannot be read: what it lacks may be on
    // that row, so the checks that conclude from absence say nothing, and one
    // warning says so (the row's own error says what to correct). Stages do
    // not run on it: they describe whole households.
    let whole = unreadable.is_empty();
    if !whole {
        problems.retain(|p| {
            !matches!(
                p.code,
                Code::FamilyNoHead | Code::FamilyNoMembers | Code::HouseholdNoFamily
            )
        });
        let list: Vec<String> = unreadable.iter().map(u64::to_string).collect();
        res.problems.push(RowProblem {
            row: rows.first().copied(),
            rows: rows.to_vec(),
            household: Some(label.to_owned()),
            field: String::new(),
            problem: Problem::new(Code::FamilyChecksSkipped, "families")
                .with("household", label)
                .with("rows", list.join(", ")),
        });
    }
    for (si, stage) in ctx.opts.stages.iter().enumerate().filter(|_| whole) {
        let out = stage.run(h, &problems, ctx.opts.as_of);
        place(
            out.problems,
            member_rows,
            rows,
            label,
            field_name,
            by_row,
            &mut res.problems,
        );
        for (k, v) in out.counts {
            res.stage_counts.push((si, k, v));
        }
        res.stage_tallies
            .extend(out.tallies.into_iter().map(|(k, v)| (si, k, v)));
    }
    place(
        problems,
        member_rows,
        rows,
        label,
        field_name,
        by_row,
        &mut res.problems,
    );
    res.village = village_digits(&h.address.village_code);
    let district = res.village.as_ref().and_then(|d| d.get(..6));
    if !h.id.is_empty() {
        res.household_key = Some(stable_hash(&[h.id.as_bytes()]));
    }
    let label_start = acc.labels.len();
    acc.labels.push_str(label);
    res.label = Some(label_start..acc.labels.len());
    let keys = &mut acc.keys;
    let (people_start, families_start) = (keys.people.len(), keys.families.len());
    for (fi, f) in h.families.iter().enumerate() {
        let frows = member_rows.get(fi).map_or(&[][..], Vec::as_slice);
        if let Some(kk) = f.kk.as_ref().and_then(|k| k.valid()) {
            let v = res.village.as_ref().map(village_number);
            let start = keys.family_rows.len();
            keys.family_rows.extend_from_slice(frows);
            keys.families.push((
                kk.as_u64(),
                v,
                start..keys.family_rows.len(),
                small_index(fi),
            ));
        }
        for (mi, m) in f.members.iter().enumerate() {
            let row = frows.get(mi).copied().unwrap_or(0);
            let Some(nik) = m.nik.as_ref().and_then(|n| n.valid()) else {
                continue;
            };
            let dup = match (&m.name, m.birth_date, district) {
                (Some(n), Some(b), Some(d)) => duplicate_key(n.expose(), b, d),
                _ => None,
            };
            keys.people
                .push((row, nik.as_u64(), dup, (small_index(fi), small_index(mi))));
        }
        res.members += f.members.len() as u64;
    }
    res.people = people_start..keys.people.len();
    res.families = families_start..keys.families.len();
    res.households = 1;
}

fn process(unit: &Unit<'_>, ctx: &Ctx<'_>, acc: &mut Acc) -> UnitResult {
    let mut res = UnitResult::default();
    match unit {
        Unit::Group(rows) => {
            let Some(layout) = ctx.layout else { return res };
            let mut built = build(layout, rows, &mut acc.spare);
            res.problems = std::mem::take(&mut built.problems);
            let read = res.problems.len();
            res.blank = built.blank;
            res.header = built.header;
            if let Some(h) = built.household.take() {
                let label = &built.label;
                let names = |c: Column| layout.name(c).to_owned();
                let at = Rows {
                    member_rows: &built.member_rows,
                    rows: &built.rows,
                    unreadable: &built.unreadable,
                    label,
                    field_name: &names,
                    by_row: true,
                };
                check_household(&h, &at, ctx, &mut res, acc);
                drop_consequential(&mut res.problems, read);
                acc.spare.recycle(h, built);
            }
        }
        Unit::Line { row, bytes } => {
            // Checked once here: `from_str` then skips serde_json's own
            // UTF-8 checks of every string.
            let Ok(text) = std::str::from_utf8(bytes) else {
                res.problems.push(RowProblem::at(
                    *row,
                    "",
                    Problem::new(Code::RowNotUtf8, "").with("field", "line"),
                ));
                return res;
            };
            let (parsed, faults) = match serde_json::from_str::<Household>(text) {
                Ok(h) => (Some(h), Vec::new()),
                Err(e) => read_leniently(text, &e),
            };
            let read = faults.len();
            res.problems.extend(
                faults
                    .into_iter()
                    .map(|p| RowProblem::at(*row, &p.path.clone(), p)),
            );
            match parsed {
                None => {}
                Some(h) => {
                    let label = household_label(&h.id, false);
                    let member_rows: Vec<Vec<u64>> = h
                        .families
                        .iter()
                        .map(|f| vec![*row; f.members.len()])
                        .collect();
                    let path = |c: Column| c.name().to_owned();
                    let at = Rows {
                        member_rows: &member_rows,
                        rows: &[*row],
                        unreadable: &[],
                        label: &label,
                        field_name: &path,
                        by_row: false,
                    };
                    check_household(&h, &at, ctx, &mut res, acc);
                    // JSON Lines: the field is the model path.
                    for p in &mut res.problems {
                        p.field.clone_from(&p.problem.path);
                    }
                    drop_consequential_json(&mut res.problems, read);
                }
            }
        }
    }
    res
}

/// Most values a JSON Lines household may carry wrongly.
const JSON_FAULTS_MAX: usize = 32;

/// Reads a line that is not a [`Household`] as it stands: one problem per
/// value that does not fit its field (at its path), and the household read
/// without those values, so that every other check still runs on it, as for
/// a CSV row. A value is taken out by making it `null` (every field of the
/// model that may be wrong is optional) or, if `null` does not fit either,
/// by removing it (an unknown field). Text that is not JSON, a field that is
/// missing, or a fault at the top level leaves no household: one
/// `JSON_INVALID` says why.
fn read_leniently(text: &str, first: &serde_json::Error) -> (Option<Household>, Vec<Problem>) {
    use crate::document::explain;
    let whole = |e: &serde_json::Error, path: &str| {
        let p = Problem::new(Code::JsonInvalid, path).with_value("detail", explain(e));
        if e.line() > 0 {
            p.with_int("line", e.line()).with_int("column", e.column())
        } else {
            p
        }
    };
    let mut v = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) if v.is_object() => v,
        _ => return (None, vec![whole(first, "")]),
    };
    let mut faults: Vec<Problem> = Vec::new();
    let mut nulled: Vec<String> = Vec::new();
    loop {
        let err = match serde_path_to_error::deserialize::<_, Household>(&v) {
            Ok(h) => return (Some(h), faults),
            Err(err) => err,
        };
        let path = err.path().to_string();
        let inner = err.into_inner();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let missing = inner.to_string().starts_with("missing field");
        let again = nulled.contains(&path);
        if path.is_empty() || missing || faults.len() >= JSON_FAULTS_MAX {
            faults.push(whole(&inner, &path));
            return (None, faults);
        }
        let taken = if again {
            remove_at(&mut v, &path)
        } else {
            faults.push(
                Problem::new(Code::JsonFieldInvalid, path.clone())
                    .with_path("field", path.clone())
                    .with_value("detail", explain(&inner)),
            );
            nulled.push(path.clone());
            null_at(&mut v, &path)
        };
        if !taken {
            faults.push(whole(&inner, &path));
            return (None, faults);
        }
    }
}

/// The segments of a serde path: `families[0].members[1].nik`.
fn segments(path: &str) -> Vec<Result<usize, &str>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Err(key));
        }
        while let Some(close) = rest.find(']') {
            if let Ok(n) = rest.get(1..close).unwrap_or("").parse() {
                out.push(Ok(n));
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
    }
    out
}

fn parent_of<'v>(
    v: &'v mut serde_json::Value,
    path: &str,
) -> Option<(&'v mut serde_json::Value, String, Option<usize>)> {
    let segs = segments(path);
    let (last, up) = segs.split_last()?;
    let mut at = v;
    for s in up {
        at = match s {
            Ok(i) => at.get_mut(*i)?,
            Err(k) => at.get_mut(*k)?,
        };
    }
    Some(match last {
        Ok(i) => (at, String::new(), Some(*i)),
        Err(k) => (at, (*k).to_owned(), None),
    })
}

fn null_at(v: &mut serde_json::Value, path: &str) -> bool {
    let Some((parent, key, index)) = parent_of(v, path) else {
        return false;
    };
    let slot = match index {
        Some(i) => parent.get_mut(i),
        None => parent.get_mut(key.as_str()),
    };
    match slot {
        Some(x) if !x.is_null() => {
            *x = serde_json::Value::Null;
            true
        }
        _ => false,
    }
}

fn remove_at(v: &mut serde_json::Value, path: &str) -> bool {
    match parent_of(v, path) {
        Some((serde_json::Value::Object(m), key, None)) => m.remove(&key).is_some(),
        _ => false,
    }
}

/// JSON Lines: a value taken out while reading (`problems[..read]`) leaves
/// its field unknown; validation's `FIELD_REQUIRED` for that field, and
/// `FAMILY_NO_HEAD` for the family whose member's `relationship` it was,
/// only repeat it. One fault, one problem.
fn drop_consequential_json(problems: &mut Vec<RowProblem>, read: usize) {
    if read == 0 || problems.len() == read {
        return;
    }
    let tail = problems.split_off(read);
    let taken: Vec<String> = problems.iter().map(|p| p.problem.path.clone()).collect();
    let repeats = |p: &RowProblem| match p.problem.code {
        Code::FieldRequired => taken.contains(&p.problem.path),
        Code::FamilyNoHead => taken.iter().any(|t| {
            t.strip_prefix(p.problem.path.as_str()).is_some_and(|rest| {
                rest.starts_with(".members[") && rest.ends_with(".relationship")
            })
        }),
        _ => false,
    };
    problems.extend(tail.into_iter().filter(|p| !repeats(p)));
}

/// Where the rows go: re-encoded CSV (same header) or the lines as read.
enum RowOut<'a> {
    Csv(Box<csv::Writer<&'a mut (dyn Write + Send)>>),
    Raw(&'a mut (dyn Write + Send)),
}

impl RowOut<'_> {
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            RowOut::Csv(w) => w.flush(),
            RowOut::Raw(w) => w.flush(),
        }
    }
}

/// The slot of households whose village code is not ten digits.
const UNKNOWN_REGENCY: usize = 10_000;

/// The sequential end: cross-record index, accounting, reports, row files.
struct Sink<'o, 'a> {
    index: Index,
    /// People the index is to be sized for (from the input's size), until
    /// [`Sink::size_index`] sizes it.
    people_hint: usize,
    summary: Summary,
    /// CSV: the byte between fields (given or detected).
    delimiter: Delimiter,
    file_error: bool,
    sinks: &'o mut Vec<&'a mut (dyn ProblemSink + Send)>,
    valid: Option<RowOut<'a>>,
    invalid: Option<RowOut<'a>>,
    format: Format,
    stage_names: Vec<String>,
    findings: Vec<Finding>,
    /// Scratch for [`Sink::accept`]: which rows of a household are invalid.
    bad: Vec<bool>,
    /// Rows and invalid rows per regency, indexed by its number `PPKK`
    /// (0..10,000; the last slot is "unknown"): a direct index, not a hash,
    /// for every household.
    regions: Vec<(u64, u64)>,
    /// Stage tallies of valid households by `(stage, key)`, named at the end.
    tallies: TallyMap,
    /// Records with `ROW_NOT_UTF8`: how many, the first, the last counted.
    not_utf8: NotUtf8,
    /// Households seen again after another: how many, and the first
    /// (label, its first row, the row it came back at).
    scattered: (u64, Option<(String, u64, u64)>),
    /// The household id's column as the input names it.
    key_column: String,
    /// JSON Lines of layout records, read as CSV.
    records: bool,
}

/// Records that were not UTF-8, for one `FILE_NOT_UTF8` at the end.
#[derive(Default)]
struct NotUtf8 {
    rows: u64,
    first: Option<u64>,
    last: Option<u64>,
}

/// A hasher for the integer tally keys: one multiply (Fibonacci hashing),
/// against SipHash's rounds, for the dozens of tallies of every household.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type TallyMap =
    std::collections::HashMap<(usize, u64), u64, std::hash::BuildHasherDefault<KeyHasher>>;

impl<'o, 'a> Sink<'o, 'a> {
    fn new(
        out: &'o mut Outputs<'a>,
        format: Format,
        delimiter: Delimiter,
        stage_names: Vec<String>,
        size_hint: Option<u64>,
    ) -> Sink<'o, 'a> {
        let wrap = |w: &'a mut (dyn Write + Send)| match format {
            // Rows go out with the input's delimiter: its own format.
            // A 1 MiB buffer, not the default 8 KiB: csv_core searches the
            // whole rest of a quoted field for quotes each time it fills the
            // buffer, so a field of n bytes (a stray quote can make one of
            // the rest of the file) costs n²/buffer: 4.7 s for 32 MB at 8 KiB.
            Format::Csv => RowOut::Csv(Box::new(
                csv::WriterBuilder::new()
                    .flexible(true)
                    .delimiter(delimiter.byte())
                    .buffer_capacity(1 << 20)
                    .from_writer(w),
            )),
            Format::Jsonl => RowOut::Raw(w),
        };
        let valid = out.valid.take().map(wrap);
        let invalid = out.invalid.take().map(wrap);
        // About one person per 160 bytes of CSV (the reference layout's rows
        // run 150–200 bytes) or 250 bytes of JSON Lines; capped, since it is
        // only a hint.
        let per_person = match format {
            Format::Csv => 160,
            Format::Jsonl => 250,
        };
        // Capped at 16 M people (≈ 1.4 GB of tables): beyond, the index
        // grows as it fills, so a huge file that turns out to be unreadable
        // (no header, all invalid) does not reserve gigabytes up front.
        let people = size_hint.map_or(0, |b| (b / per_person).min(1 << 24));
        Sink {
            index: Index::default(),
            people_hint: usize::try_from(people).unwrap_or(0),
            summary: Summary::default(),
            delimiter,
            file_error: false,
            sinks: &mut out.sinks,
            valid,
            invalid,
            format,
            stage_names,
            findings: Vec::new(),
            bad: Vec::new(),
            regions: vec![(0, 0); UNKNOWN_REGENCY + 1],
            tallies: TallyMap::default(),
            not_utf8: NotUtf8::default(),
            scattered: (0, None),
            key_column: String::new(),
            records: false,
        }
    }

    fn emit(&mut self, p: &RowProblem) -> Result<(), BulkError> {
        self.summary.problems += 1;
        match p.problem.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        let c = self
            .summary
            .per_code
            .entry(p.problem.code.as_str().to_owned())
            .or_default();
        c.severity = Some(p.problem.code.severity());
        c.count += 1;
        if p.problem.code == Code::RowNotUtf8 && p.row.is_some() && p.row != self.not_utf8.last {
            self.not_utf8.rows += 1;
            self.not_utf8.last = p.row;
            self.not_utf8.first = self.not_utf8.first.or(p.row);
        }
        for s in self.sinks.iter_mut() {
            s.problem(p)?;
        }
        Ok(())
    }

    fn file_problem(&mut self, p: Problem) -> Result<(), BulkError> {
        if p.is_error() {
            self.file_error = true;
        }
        self.emit(&RowProblem::file(p))
    }

    fn header(&mut self, header: &ByteRecord) -> Result<(), BulkError> {
        for w in [&mut self.valid, &mut self.invalid].into_iter().flatten() {
            if let RowOut::Csv(w) = w {
                w.write_byte_record(header).map_err(std::io::Error::from)?;
            }
        }
        Ok(())
    }

    /// Makes the index at its expected size: on the sink's own thread, once
    /// the others are running, since writing out tables of millions of slots
    /// takes a while.
    fn size_index(&mut self) {
        if self.people_hint > 0 {
            self.index = Index::with_capacity(std::mem::take(&mut self.people_hint));
        }
    }

    /// Takes a worked block's units in order.
    fn accept_block(&mut self, w: &mut Worked) -> Result<(), BulkError> {
        // The index slots of the household a few ahead are prefetched: a
        // probe in a table of millions otherwise waits for memory.
        const AHEAD: usize = 4;
        for r in w.results.iter().take(AHEAD) {
            self.index.prefetch(w.acc.keys.of(
                r.household_key,
                r.people.clone(),
                r.families.clone(),
            ));
        }
        let mut results = std::mem::take(&mut w.results);
        for (i, span) in w.spans.iter().enumerate() {
            let unit = match span {
                Span::Group(r) | Span::Unread(r) => Taken::Rows {
                    recs: &w.recs,
                    start: r.start,
                    end: r.end,
                },
                Span::Line(i) => {
                    let Some((row, range)) = w.block.lines.get(*i) else {
                        continue;
                    };
                    Taken::Line {
                        row: *row,
                        bytes: w.block.bytes.get(range.clone()).unwrap_or(&[]),
                    }
                }
            };
            if let Some(r) = results.get(i + AHEAD) {
                self.index.prefetch(w.acc.keys.of(
                    r.household_key,
                    r.people.clone(),
                    r.families.clone(),
                ));
            }
            let res = results.get_mut(i).map(std::mem::take).unwrap_or_default();
            self.accept(unit, res, &w.acc)?;
        }
        Ok(())
    }

    fn accept(&mut self, unit: Taken<'_>, mut res: UnitResult, acc: &Acc) -> Result<(), BulkError> {
        let first = unit.first_row();
        let n = unit.len();
        self.findings.clear();
        self.index.check_and_add(
            first,
            acc.keys
                .of(res.household_key, res.people.clone(), res.families.clone()),
            &mut self.findings,
        );
        // Borrowed from the block: a household's label is copied only into
        // the cross-record problems it gets (rare).
        let label = acc.label(&res);
        let good_rows = || unit.good_rows();
        for f in self.findings.drain(..) {
            let (rows, column, p) = match f {
                Finding::NotContiguous { first_row } => {
                    self.scattered.0 += 1;
                    if self.scattered.1.is_none() {
                        self.scattered.1 = Some((label.unwrap_or("").to_owned(), first_row, first));
                    }
                    (
                        good_rows(),
                        Column::IdRt,
                        Problem::new(Code::HouseholdNotContiguous, "id")
                            .with("household", label.unwrap_or(""))
                            .with_int("first_row", first_row),
                    )
                }
                Finding::NikInTwoHouseholds {
                    row,
                    nik,
                    other_row,
                    who: (f, m),
                } => (
                    vec![row],
                    Column::Nik,
                    Problem::new(
                        Code::NikInTwoHouseholds,
                        format!("families[{f}].members[{m}].nik"),
                    )
                    .with("nik", mask_digits(&format!("{nik:016}")))
                    .with_int("other_row", other_row),
                ),
                Finding::KkInTwoVillages {
                    family,
                    rows,
                    kk,
                    village,
                    other_village,
                    other_row,
                } => (
                    rows,
                    Column::NoKk,
                    Problem::new(Code::KkInTwoVillages, format!("families[{family}].kk"))
                        .with("kk", mask_digits(&format!("{kk:016}")))
                        .with("village", format!("{village:010}"))
                        .with("other_village", format!("{other_village:010}"))
                        .with_int("other_row", other_row),
                ),
                Finding::ProbableDuplicate {
                    row,
                    other_row,
                    who: (f, m),
                } => (
                    vec![row],
                    Column::Nama,
                    Problem::new(
                        Code::ProbableDuplicatePerson,
                        format!("families[{f}].members[{m}].name"),
                    )
                    .with_int("other_row", other_row),
                ),
            };
            // CSV: the column; JSON Lines: the model path, as for every
            // other problem of a line.
            let field = match self.format {
                Format::Csv => column.name().to_owned(),
                Format::Jsonl => p.path.clone(),
            };
            res.problems.push(RowProblem {
                row: rows.first().copied(),
                rows,
                household: label.map(str::to_owned),
                field,
                problem: p,
            });
        }
        res.problems.sort_by_key(|p| p.row);
        // Which rows are invalid; the buffer is reused from household to household.
        let mut bad = std::mem::take(&mut self.bad);
        bad.clear();
        bad.resize(n, self.file_error);
        // The rows of a household are consecutive records, except under
        // `--group` (then each is looked up among the household's rows).
        let metas = match unit {
            Taken::Rows { recs, start, end } => recs.metas.get(start..end).unwrap_or(&[]),
            Taken::Line { .. } => &[],
        };
        let consecutive = metas
            .last()
            .is_none_or(|m| m.row.saturating_sub(first) + 1 == metas.len() as u64);
        for p in &res.problems {
            if p.problem.is_error() {
                for r in &p.rows {
                    let i = if consecutive {
                        usize::try_from(r.saturating_sub(first)).ok()
                    } else {
                        metas.iter().position(|m| m.row == *r)
                    };
                    if let Some(b) = i.and_then(|i| bad.get_mut(i)) {
                        *b = true;
                    }
                }
            }
        }
        for p in &res.problems {
            self.emit(p)?;
        }
        // Blank records and repeated headers: no rows, in no row file.
        let skipped = res.blank + res.header;
        if skipped > 0 {
            if let Taken::Rows { recs, start, end } = unit {
                let metas = recs.metas.get(start..end).unwrap_or(&[]);
                for (b, m) in bad.iter_mut().zip(metas) {
                    if m.broken.is_some_and(Broken::skipped) {
                        *b = false;
                    }
                }
            }
        }
        let read = (n as u64).saturating_sub(skipped);
        let invalid = bad.iter().filter(|b| **b).count() as u64;
        let s = &mut self.summary;
        s.rows_read += read;
        s.rows_invalid += invalid;
        s.rows_valid += read - invalid;
        s.rows_blank += res.blank;
        s.rows_header += res.header;
        s.households += res.households;
        s.members += res.members;
        // Regency as a number (PPKK; u32::MAX = unknown), named at the end.
        let reg = res.village.as_ref().map_or(UNKNOWN_REGENCY, |d| {
            d.iter()
                .take(4)
                .fold(0usize, |a, b| a * 10 + usize::from(b - b'0'))
        });
        if let Some(e) = self.regions.get_mut(reg) {
            e.0 += read;
            e.1 += invalid;
        }
        // A household that ends invalid (its own errors, or a cross-record
        // error found only here, after the stages ran) counts for every stage
        // as one skipped household and nothing else: stages such as `--assess`
        // describe valid households only.
        if invalid > 0 && res.households > 0 {
            for name in &self.stage_names {
                *s.stages
                    .entry(name.clone())
                    .or_default()
                    .entry("households.skipped".to_owned())
                    .or_default() += 1;
            }
        } else {
            for (si, k, v) in res.stage_counts {
                let name = self.stage_names.get(si).cloned().unwrap_or_default();
                *s.stages.entry(name).or_default().entry(k).or_default() += v;
            }
            for (si, k, v) in res.stage_tallies {
                *self.tallies.entry((si, k)).or_default() += v;
            }
        }
        let village = res
            .village
            .as_ref()
            .and_then(|d| std::str::from_utf8(d).ok());
        for sink in self.sinks.iter_mut() {
            sink.place(village, read, invalid)?;
            sink.rows(first, &bad)?;
        }
        let written = self.write_rows(unit, &bad, skipped > 0);
        self.bad = bad;
        written
    }

    /// Writes a unit's rows to the row files; `skipped`: it has rows that
    /// are no member (blank, a repeated header), which go to neither.
    fn write_rows(
        &mut self,
        unit: Taken<'_>,
        bad: &[bool],
        skipped: bool,
    ) -> Result<(), BulkError> {
        match unit {
            Taken::Rows { recs, start, end } => {
                for (i, b) in (start..end).zip(bad) {
                    if skipped
                        && recs
                            .metas
                            .get(i)
                            .and_then(|m| m.broken)
                            .is_some_and(Broken::skipped)
                    {
                        continue;
                    }
                    let w = if *b {
                        &mut self.invalid
                    } else {
                        &mut self.valid
                    };
                    if let Some(RowOut::Csv(w)) = w {
                        w.write_record(recs.rec(i, Texts::default()).iter())
                            .map_err(std::io::Error::from)?;
                    }
                }
            }
            Taken::Line { bytes, .. } => {
                let b = bad.first().copied().unwrap_or(true);
                let w = if b {
                    &mut self.invalid
                } else {
                    &mut self.valid
                };
                if let Some(RowOut::Raw(w)) = w {
                    w.write_all(bytes)?;
                    w.write_all(b"\n")?;
                }
            }
        }
        Ok(())
    }

    fn finish(
        mut self,
        info: InputInfo,
        opts: &Options<'_>,
        empty: bool,
        arrived: &(Arrival, Handed),
    ) -> Result<Summary, BulkError> {
        let (arrival, handed) = arrived;
        if arrival.encoding == Encoding::Utf8 && self.not_utf8.rows > 0 {
            let first = self.not_utf8.first.unwrap_or(0);
            let rows = self.not_utf8.rows;
            self.file_problem(
                Problem::new(Code::FileNotUtf8, "")
                    .with_int("rows", rows)
                    .with_int("first_row", first),
            )?;
        }
        if let (n, Some((household, first_row, row))) = std::mem::take(&mut self.scattered) {
            let column = std::mem::take(&mut self.key_column);
            self.file_problem(
                Problem::new(Code::FileNotGrouped, "")
                    .with_int("households", n)
                    .with("household", household)
                    .with_int("first_row", first_row)
                    .with_int("row", row)
                    .with("column", column),
            )?;
        }
        if handed.replaced() {
            self.file_problem(
                Problem::new(Code::FileEncodingReplaced, "")
                    .with("encoding", arrival.encoding.label()),
            )?;
        }
        // One problem for a file without records: FILE_EMPTY when there is
        // nothing but blank lines (CSV: no header either, said at the start;
        // JSON Lines has no header), FILE_NO_RECORDS for a header alone.
        if info.bytes == 0 || (opts.format == Format::Jsonl && info.rows == 0) {
            if !empty {
                self.file_problem(Problem::new(Code::FileEmpty, ""))?;
            }
        } else if self.summary.rows_read == 0 && !empty {
            self.file_problem(Problem::new(Code::FileNoRecords, ""))?;
        }
        for w in [&mut self.valid, &mut self.invalid].into_iter().flatten() {
            w.flush()?;
        }
        let mut s = self.summary;
        for ((si, key), n) in self.tallies {
            let (Some(stage), Some(name)) = (opts.stages.get(si), self.stage_names.get(si)) else {
                continue;
            };
            let counters = s.stages.entry(name.clone()).or_default();
            for counter in stage.tally_names(key) {
                *counters.entry(counter).or_default() += n;
            }
        }
        s.dtks_version = crate::VERSION.to_owned();
        s.format = opts.format.as_str().to_owned();
        s.mapping.clone_from(&opts.mapping.name);
        s.delimiter = (opts.format == Format::Csv).then(|| self.delimiter.to_string());
        s = as_records(s, self.records);
        (s.input_sha256, s.input_bytes) = handed.raw().unwrap_or((info.sha256, info.bytes));
        s.encoding = arrival.encoding.as_str().to_owned();
        s.encoding_by = arrival.decided_by.to_owned();
        s.container = arrival.container.map(str::to_owned);
        s.sheet.clone_from(&arrival.sheet);
        s.as_of = opts.as_of.to_string();
        s.region_table = crate::region::table_version().to_owned();
        s.index = self.index.stats();
        for (reg, (rows, invalid)) in self.regions.iter().enumerate() {
            if *rows == 0 {
                continue;
            }
            let (prov, regency) = if reg == UNKNOWN_REGENCY {
                ("unknown".to_owned(), "unknown".to_owned())
            } else {
                (
                    format!("{:02}", reg / 100),
                    format!("{:02}.{:02}", reg / 100, reg % 100),
                )
            };
            for (map, key) in [(&mut s.per_province, prov), (&mut s.per_regency, regency)] {
                let e = map.entry(key).or_default();
                e.rows += rows;
                e.invalid += invalid;
            }
        }
        for (code, c) in &mut s.per_province {
            c.name = crate::region::province(code).map(|r| r.name().to_owned());
        }
        for (code, c) in &mut s.per_regency {
            c.name = crate::region::regency(code).map(|r| r.name().to_owned());
        }
        for sink in self.sinks.iter_mut() {
            sink.finish(&s)?;
        }
        Ok(s)
    }
}

/// See [`super::validate`].
pub(crate) fn run<R: Read + Send>(
    input: R,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    opts.mapping.check()?;
    let stage_names: Vec<String> = opts.stages.iter().map(|s| s.name().to_owned()).collect();
    let (input, arrival, handed) = arrive_for(input, opts)?;
    // JSON Lines of layout records (`{"id_rt": …, "nik": …}`): read as the
    // CSV records they are (`records.rs`).
    let (input, records) = if opts.format == Format::Jsonl && arrival.refusal.is_none() {
        super::records::shape(input, &opts.mapping)?
    } else {
        (
            super::records::Shaped::Plain(std::io::Cursor::new(Vec::new()).chain(input)),
            false,
        )
    };
    let as_csv;
    let opts = if records {
        as_csv = Options {
            format: Format::Csv,
            mapping: opts.mapping.clone(),
            stages: opts.stages.clone(),
            sheet: opts.sheet.clone(),
            float_columns: opts.float_columns.clone(),
            ..*opts
        };
        &as_csv
    } else {
        opts
    };
    // `--group`: the whole file is one block (rows of a household may be
    // anywhere in it).
    let chunk = if opts.group && opts.format == Format::Csv {
        usize::MAX
    } else {
        opts.chunk_rows.max(1)
    };
    let refused = arrival.refusal.clone();
    let arrived = (arrival, handed);
    let mut reader = BlockReader::new(input, opts.format);
    let mut layout: Option<Layout> = None;
    // A refused container has been said; nothing more about its emptiness.
    let mut empty = refused.is_some();
    let mut header: Option<ByteRecord> = None;
    let mut delimiter = opts.delimiter.unwrap_or_default();
    if opts.format == Format::Csv && refused.is_none() {
        reader.set_delimiter(delimiter.byte());
        match reader.first_record()? {
            None => empty = true,
            Some(mut first) => {
                let mut l = Layout::resolve(&first, &opts.mapping);
                if l.headerless && opts.delimiter.is_none() {
                    // No column named at commas: a file saved with another
                    // delimiter? Taken only if its first line then names one.
                    for d in Delimiter::DETECTED {
                        reader.set_delimiter(d.byte());
                        let Some(f) = reader.first_record()? else {
                            break;
                        };
                        let l2 = Layout::resolve(&f, &opts.mapping);
                        if !l2.headerless {
                            (l, first, delimiter) = (l2, f, d);
                            break;
                        }
                    }
                    if delimiter == Delimiter::COMMA {
                        // None named a column: back to commas (a file
                        // without a header).
                        reader.set_delimiter(b',');
                    }
                }
                if !l.headerless {
                    reader.skip_first();
                    header = Some(first);
                }
                l.accept_repaired = opts.accept_repaired;
                l.note_float_columns(&opts.float_columns);
                layout = Some(l);
            }
        }
    }
    if let Some(first) = arrived.0.first_row {
        // A workbook's sheet: records are numbered by sheet row.
        reader.number_from(first + u64::from(header.is_some()));
    }
    let mut sink = Sink::new(out, opts.format, delimiter, stage_names, opts.size_hint);
    if let Some(l) = &layout {
        l.name(Column::IdRt).clone_into(&mut sink.key_column);
    }
    sink.records = records;
    if let Some(p) = refused.clone() {
        sink.file_problem(p)?;
    } else if empty {
        sink.file_problem(Problem::new(Code::FileEmpty, ""))?;
    }
    if let Some(l) = &layout {
        for p in l.problems.clone() {
            sink.file_problem(p)?;
        }
    }
    if let Some(h) = &header {
        sink.header(h)?;
    }
    let ctx = Ctx {
        layout: layout.as_ref(),
        opts,
    };
    // No blocks for a CSV file without a single record.
    let reading = refused.is_none() && (opts.format == Format::Jsonl || layout.is_some());
    let by_key = layout.as_ref().filter(|l| !l.headerless).map(ByKey);
    let cutter: &(dyn Cutter + Sync) = match &by_key {
        Some(k) => k,
        None => &Anywhere,
    };
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        opts.threads
    }
    .min(MAX_THREADS);
    let report = |r: &BlockReader<Shaped<Arrived<R>>>| {
        if let Some(p) = opts.progress {
            p(Progress {
                bytes: arrived.1.bytes().unwrap_or(r.bytes),
                rows: r.rows,
            });
        }
    };
    let info = |r: &BlockReader<Shaped<Arrived<R>>>| InputInfo {
        sha256: r.sha256_hex(),
        bytes: r.bytes,
        rows: r.rows,
    };
    if threads <= 1 || !reading {
        sink.size_index();
        let mut recs = Records::default();
        let mut acc = Acc::default();
        while let Some(block) = reading
            .then(|| reader.next_block(chunk, cutter))
            .transpose()?
            .flatten()
        {
            let mut worked = work(block, recs, acc, &ctx);
            sink.accept_block(&mut worked)?;
            reader.recycle(spent_bytes(&mut worked));
            recs = worked.recs;
            acc = worked.acc;
            report(&reader);
        }
        let info = info(&reader);
        for p in layout.iter().flat_map(Layout::late_problems) {
            sink.file_problem(p)?;
        }
        return sink.finish(info, opts, empty, &arrived);
    }
    let arenas: Mutex<Vec<(Records, Acc)>> = Mutex::new(Vec::new());
    let arenas = &arenas;
    let (info, sink) = std::thread::scope(|s| -> Result<(InputInfo, Sink<'_, '_>), BulkError> {
        let depth = threads * 2;
        let (block_tx, block_rx) = mpsc::sync_channel::<(u64, Block)>(depth);
        let block_rx = Arc::new(Mutex::new(block_rx));
        // `None`: the worker panicked on that block.
        let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Option<Worked>)>(depth);
        // Spent buffers back to the reader, parsed-record arenas back to the workers.
        let (spent_tx, spent_rx) = mpsc::channel::<Vec<u8>>();
        let ctx = &ctx;
        // Blocks read but not yet taken by the sink, at most: the sink hands
        // back one spent buffer per block it takes, and the reader waits for
        // one before it reads beyond this. Without the bound, one slow block
        // (a huge household) would let the other workers run ahead and the
        // sink hold everything they finished in the meantime.
        let window = 4 * threads;
        let reader = std::thread::Builder::new()
            .name("dtks-reader".to_owned())
            .spawn_scoped(s, move || -> Result<InputInfo, BulkError> {
                let mut seq = 0u64;
                let mut returned = 0u64;
                loop {
                    while seq >= returned + window as u64 {
                        match spent_rx.recv() {
                            Ok(buf) => {
                                returned += 1;
                                reader.recycle(buf);
                            }
                            // The sink stopped (an error): stop reading too.
                            Err(_) => return Ok(info(&reader)),
                        }
                    }
                    let Some(block) = reader.next_block(chunk, cutter)? else {
                        break;
                    };
                    if block_tx.send((seq, block)).is_err() {
                        break;
                    }
                    seq += 1;
                    while let Ok(buf) = spent_rx.try_recv() {
                        returned += 1;
                        reader.recycle(buf);
                    }
                    report(&reader);
                }
                Ok(info(&reader))
            })
            .map_err(|e| BulkError::Threads(format!("cannot start the reader thread: {e}")))?;
        let mut workers = Vec::with_capacity(threads);
        let mut spawn_error = None;
        for _ in 0..threads {
            let block_rx = Arc::clone(&block_rx);
            let done_tx = done_tx.clone();
            let worker = std::thread::Builder::new()
                .name("dtks-worker".to_owned())
                .spawn_scoped(s, move || loop {
                    let next = match block_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, block)) = next else { break };
                    let (recs, acc) = arenas
                        .lock()
                        .ok()
                        .and_then(|mut a| a.pop())
                        .unwrap_or_default();
                    // A panic (a bug, or a caller's stage) must reach the sink,
                    // which would otherwise wait for this block for ever.
                    let worked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        work(block, recs, acc, ctx)
                    }))
                    .ok();
                    let failed = worked.is_none();
                    if done_tx.send((seq, worked)).is_err() || failed {
                        break;
                    }
                });
            match worker {
                Ok(w) => workers.push(w),
                // Fewer workers than asked still give the whole answer.
                Err(e) => {
                    spawn_error = Some(e.to_string());
                    break;
                }
            }
        }
        drop((block_rx, done_tx));
        // In input order, whatever order the workers finish in. On an error
        // the channel is dropped, the workers stop, and so does the reader.
        let sunk = (move || -> Result<Sink<'_, '_>, BulkError> {
            sink.size_index();
            let mut waiting: BTreeMap<u64, Worked> = BTreeMap::new();
            let mut next = 0u64;
            for (seq, worked) in done_rx {
                let Some(worked) = worked else {
                    return Err(BulkError::Threads(
                        "a worker thread panicked; the run is incomplete".to_owned(),
                    ));
                };
                waiting.insert(seq, worked);
                while let Some(mut w) = waiting.remove(&next) {
                    sink.accept_block(&mut w)?;
                    // The reader may be done: then the buffer is simply dropped.
                    let _ = spent_tx.send(spent_bytes(&mut w));
                    if let Ok(mut a) = arenas.lock() {
                        a.push((w.recs, std::mem::take(&mut w.acc)));
                    }
                    next += 1;
                }
            }
            Ok(sink)
        })();
        let workers_started = workers.len();
        let mut panicked = false;
        for w in workers {
            panicked |= w.join().is_err();
        }
        let read = reader
            .join()
            .map_err(|_| BulkError::Threads("the reader thread panicked".to_owned()))?;
        let sink = sunk?;
        let info = read?;
        if panicked {
            return Err(BulkError::Threads("a worker thread panicked".to_owned()));
        }
        if let (Some(e), true) = (spawn_error, workers_started == 0) {
            return Err(BulkError::Threads(format!(
                "cannot start a worker thread: {e}"
            )));
        }
        Ok((info, sink))
    })?;
    let mut sink = sink;
    for p in layout.iter().flat_map(Layout::late_problems) {
        sink.file_problem(p)?;
    }
    sink.finish(info, opts, empty, &arrived)
}

/// The summary of JSON Lines records read as CSV: it names the input's format.
fn as_records(mut s: Summary, records: bool) -> Summary {
    if records {
        Format::Jsonl.as_str().clone_into(&mut s.format);
        s.shape = Some("records".to_owned());
        s.delimiter = None;
    }
    s
}

/// Worker threads at most, whatever is asked: a block is the unit of work,
/// and thousands of threads would only hold thousands of blocks.
const MAX_THREADS: usize = 256;

/// An index into a household's families or members as `u32` (households are small).
fn small_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitise_drops_values() {
        let s = crate::personal::scrub_message(
            "invalid type: string \"Siti Aminah\", expected u8 at line 1 column 30",
        );
        assert!(!s.contains("Siti"), "{s}");
        assert!(s.contains("line 1 column 30"), "{s}");
        let s =
            crate::personal::scrub_message("invalid value: integer 3171014101900001, expected x");
        assert!(!s.contains("3171014101900001"), "{s}");
        assert_eq!(village_digits("31.71.01.1001"), Some(*b"3171011001"));
        assert_eq!(village_digits("31710110011"), None);
    }
}
