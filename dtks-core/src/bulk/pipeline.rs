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

use super::arrival::{arrive_for, Arrived};
use super::block::{Anywhere, Block, BlockReader, Broken, Cutter, Rec, Records, Texts};
use super::column::Column;
use super::index::{duplicate_key, stable_hash};
use super::lenient::{drop_consequential_json, read_leniently};
use super::records::Shaped;
use super::report::{RowProblem, Summary};
use super::row::{build, drop_consequential, household_label, place, Layout, RawRow};
use super::sink::Sink;
use super::unit::{spent_bytes, Acc, InputInfo, Span, Unit, UnitResult, Worked};
use super::{BulkError, Delimiter, Format, Options, Outputs, Progress};
use crate::household::{validate as validate_household, Household};
use crate::problem::{Code, Problem};
use csv::ByteRecord;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{mpsc, Arc, Mutex};

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

/// See [`super::validate`].
pub(crate) fn run<R: Read + Send>(
    input: R,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    opts.mapping.check()?;
    if opts.partition.is_some() && opts.group {
        return Err(BulkError::PartitionGroup);
    }
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
    if opts.table.is_some_and(|t| t.raw.is_some()) {
        // A table file: the summary carries the file's own hash.
        reader = reader.without_hash();
    }
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
    if let Some(p) = opts.partition {
        // A partition: numbered after the table's rows before it.
        reader.number_from(p.rows_before() + 1);
    }
    let mut sink = Sink::new(out, opts.format, delimiter, stage_names, opts.size_hint);
    sink.part = opts.partition.map(super::sink::PartState::of);
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
        sink.late(layout.as_ref());
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
    sink.late(layout.as_ref());
    sink.finish(info, opts, empty, &arrived)
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
