//! The driver: bytes → records → households → problems → report.
//!
//! With more than one thread the stages overlap: a reader thread parses
//! records and groups them into households, chunk by chunk; the households of
//! a chunk are built and validated in parallel (rayon); a sink thread runs
//! the cross-record index and writes the reports and row files. Chunks travel
//! through bounded channels, so memory is bounded by a few chunks plus the
//! index, and results are written in input order whatever the thread count.

use super::column::Column;
use super::index::{duplicate_key, stable_hash, Finding, Index, Keys};
use super::input::{ends_in_quotes, Tee};
use super::report::{ProblemSink, RowProblem, Summary};
use super::row::{build, household_label, place, Layout, RawRow};
use super::{BulkError, Format, Options, Outputs, Progress};
use crate::household::{validate as validate_household, Household};
use crate::personal::mask_digits;
use crate::problem::{Code, Problem, Severity};
use csv::ByteRecord;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};

/// A unit of work: the rows of one household (CSV), rows that cannot be
/// read at all (a file without a header), or one JSON Lines line.
#[derive(Debug)]
pub(crate) enum Unit {
    Group(Vec<RawRow>),
    Unread(Vec<RawRow>),
    Line { row: u64, bytes: Vec<u8> },
}

impl Unit {
    fn first_row(&self) -> u64 {
        match self {
            Unit::Group(r) | Unit::Unread(r) => r.first().map_or(0, |r| r.row),
            Unit::Line { row, .. } => *row,
        }
    }
    fn len(&self) -> usize {
        match self {
            Unit::Group(r) | Unit::Unread(r) => r.len(),
            Unit::Line { .. } => 1,
        }
    }
}

/// What processing one unit found.
#[derive(Debug, Default)]
pub(crate) struct UnitResult {
    problems: Vec<RowProblem>,
    keys: Keys,
    label: Option<String>,
    /// Village digits (10) of the household, when well formed.
    village: Option<[u8; 10]>,
    households: u64,
    members: u64,
    stage_counts: Vec<(usize, String, u64)>,
}

/// What the reader learned by the end.
#[derive(Debug, Default)]
pub(crate) struct InputInfo {
    sha256: String,
    bytes: u64,
    rows: u64,
}

/// Spent `ByteRecord`s on their way back from the sink to the reader.
///
/// A `ByteRecord` is three heap blocks; allocating them for every record and
/// freeing them on another thread (the sink's) cost more than parsing the
/// record. Records travel reader → workers → sink and come back here, so
/// the number alive stays what the pipeline holds at once (a few chunks),
/// and reading allocates only while the pipeline fills.
#[derive(Default)]
struct Recycler {
    spare: Vec<ByteRecord>,
    /// Batches sent back by the sink thread (multi-threaded runs).
    returned: Option<std::sync::mpsc::Receiver<Vec<ByteRecord>>>,
}

impl Recycler {
    /// A cleared record: a spent one if there is one, else a new one sized
    /// like the header so that reading does not reallocate.
    fn take(&mut self, width: usize) -> ByteRecord {
        if self.spare.is_empty() {
            if let Some(rx) = &self.returned {
                while let Ok(mut batch) = rx.try_recv() {
                    self.spare.append(&mut batch);
                }
            }
        }
        self.spare
            .pop()
            .unwrap_or_else(|| ByteRecord::with_capacity(width * 16, width))
    }

    /// Keeps a record for reuse (`read_byte_record` clears it before use).
    fn put(&mut self, rec: ByteRecord) {
        self.spare.push(rec);
    }

    /// Keeps a batch of spent records.
    fn put_all(&mut self, mut recs: Vec<ByteRecord>) {
        if self.spare.is_empty() {
            self.spare = recs;
        } else {
            self.spare.append(&mut recs);
        }
    }
}

enum Source<R: Read> {
    Csv {
        rdr: csv::Reader<Tee<R>>,
        pending: Option<(Option<Vec<u8>>, Vec<RawRow>)>,
        next_row: u64,
        headerless: bool,
        width: usize,
        last_start: Option<u64>,
        first: Option<ByteRecord>,
        /// Boxed: the variant is large enough already.
        records: Box<Recycler>,
    },
    Jsonl {
        rdr: BufReader<Tee<R>>,
        line_no: u64,
        rows: u64,
    },
}

impl<R: Read> Source<R> {
    fn next_chunk(
        &mut self,
        layout: Option<&Layout>,
        max: usize,
    ) -> Result<Option<Vec<Unit>>, BulkError> {
        match self {
            Source::Csv {
                rdr,
                pending,
                next_row,
                headerless,
                width,
                last_start,
                first,
                records,
            } => {
                let mut units = Vec::new();
                let mut rows = 0usize;
                if *headerless {
                    let mut batch = Vec::new();
                    if let Some(rec) = first.take() {
                        batch.push(RawRow {
                            row: *next_row,
                            rec,
                            broken: None,
                        });
                        *next_row += 1;
                    }
                    loop {
                        if batch.len() >= max {
                            break;
                        }
                        let mut rec = records.take(0);
                        if !rdr
                            .read_byte_record(&mut rec)
                            .map_err(std::io::Error::from)?
                        {
                            break;
                        }
                        batch.push(RawRow {
                            row: *next_row,
                            rec,
                            broken: None,
                        });
                        *next_row += 1;
                    }
                    return Ok((!batch.is_empty()).then(|| vec![Unit::Unread(batch)]));
                }
                let Some(layout) = layout else {
                    return Ok(None);
                };
                loop {
                    if rows >= max && !units.is_empty() {
                        return Ok(Some(units));
                    }
                    let mut rec = records.take(*width);
                    if !rdr
                        .read_byte_record(&mut rec)
                        .map_err(std::io::Error::from)?
                    {
                        records.put(rec);
                        break;
                    }
                    *last_start = rec.position().map(csv::Position::byte);
                    let row = *next_row;
                    *next_row += 1;
                    rows += 1;
                    let broken = (rec.len() != *width).then(|| {
                        Problem::new(Code::RowColumnCount, "")
                            .with("found", rec.len())
                            .with("expected", *width)
                    });
                    let raw = RawRow { row, rec, broken };
                    if raw.broken.is_some() {
                        match pending {
                            Some((_, rows)) => rows.push(raw),
                            None => *pending = Some((None, vec![raw])),
                        }
                        continue;
                    }
                    let key = layout.key(&raw.rec);
                    match pending {
                        Some((Some(k), rows)) if k.as_slice() == key => rows.push(raw),
                        Some((k @ None, rows)) => {
                            *k = Some(key.to_vec());
                            rows.push(raw);
                        }
                        _ => {
                            let k = key.to_vec();
                            if let Some((_, done)) = pending.replace((Some(k), vec![raw])) {
                                units.push(Unit::Group(done));
                            }
                        }
                    }
                }
                // End of input: is the last record cut inside a quoted field?
                if let (Some(start), Some((_, rows))) = (*last_start, pending.as_mut()) {
                    let tee = rdr.get_ref();
                    let len = tee.bytes.saturating_sub(start);
                    if tee.last(len).is_some_and(ends_in_quotes) {
                        if let Some(last) = rows.last_mut() {
                            last.broken = Some(Problem::new(Code::RowTruncated, ""));
                        }
                    }
                }
                if let Some((_, done)) = pending.take() {
                    units.push(Unit::Group(done));
                }
                Ok((!units.is_empty()).then_some(units))
            }
            Source::Jsonl { rdr, line_no, rows } => {
                let mut units = Vec::new();
                while units.len() < max {
                    let mut line = Vec::new();
                    if rdr.read_until(b'\n', &mut line)? == 0 {
                        break;
                    }
                    *line_no += 1;
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    *rows += 1;
                    units.push(Unit::Line {
                        row: *line_no,
                        bytes: line,
                    });
                }
                Ok((!units.is_empty()).then_some(units))
            }
        }
    }

    /// Gives spent records back to the reader (single-threaded runs).
    fn recycle(&mut self, recs: Vec<ByteRecord>) {
        if let Source::Csv { records, .. } = self {
            records.put_all(recs);
        }
    }

    /// Where the sink thread sends spent records (multi-threaded runs).
    fn recycle_from(&mut self, rx: std::sync::mpsc::Receiver<Vec<ByteRecord>>) {
        if let Source::Csv { records, .. } = self {
            records.returned = Some(rx);
        }
    }

    fn info(&self) -> InputInfo {
        match self {
            Source::Csv { rdr, next_row, .. } => InputInfo {
                sha256: rdr.get_ref().sha256_hex(),
                bytes: rdr.get_ref().bytes,
                rows: next_row.saturating_sub(1),
            },
            Source::Jsonl { rdr, rows, .. } => InputInfo {
                sha256: rdr.get_ref().sha256_hex(),
                bytes: rdr.get_ref().bytes,
                rows: *rows,
            },
        }
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

/// Runs validation and the stages on a built household and collects its keys.
fn check_household(
    h: &Household,
    member_rows: &[Vec<u64>],
    rows: &[u64],
    label: &str,
    field_name: &dyn Fn(Column) -> String,
    ctx: &Ctx<'_>,
    res: &mut UnitResult,
) {
    let problems = validate_household(h, ctx.opts.as_of);
    for (si, stage) in ctx.opts.stages.iter().enumerate() {
        let out = stage.run(h, &problems, ctx.opts.as_of);
        place(
            out.problems,
            member_rows,
            rows,
            label,
            field_name,
            &mut res.problems,
        );
        for (k, v) in out.counts {
            res.stage_counts.push((si, k, v));
        }
    }
    place(
        problems,
        member_rows,
        rows,
        label,
        field_name,
        &mut res.problems,
    );
    res.village = village_digits(&h.address.village_code);
    let district = res.village.as_ref().and_then(|d| d.get(..6));
    if !h.id.is_empty() {
        res.keys.household = Some(stable_hash(&[h.id.as_bytes()]));
    }
    for (fi, f) in h.families.iter().enumerate() {
        let frows = member_rows.get(fi).map_or(&[][..], Vec::as_slice);
        if let Some(kk) = f.kk.as_ref().and_then(|k| k.valid()) {
            let v = res.village.as_ref().map(village_number);
            res.keys
                .families
                .push((kk.as_u64(), v, frows.to_vec(), small_index(fi)));
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
            res.keys
                .people
                .push((row, nik.as_u64(), dup, (small_index(fi), small_index(mi))));
        }
        res.members += f.members.len() as u64;
    }
    res.households = 1;
}

fn process(unit: &Unit, ctx: &Ctx<'_>) -> UnitResult {
    let mut res = UnitResult::default();
    match unit {
        Unit::Unread(_) => {}
        Unit::Group(rows) => {
            let Some(layout) = ctx.layout else { return res };
            let built = build(layout, rows);
            res.problems = built.problems;
            if let Some(h) = built.household {
                let label = household_label(&h.id, built.id_from_kk);
                let names = |c: Column| layout.name(c).to_owned();
                check_household(
                    &h,
                    &built.member_rows,
                    &built.rows,
                    &label,
                    &names,
                    ctx,
                    &mut res,
                );
                res.label = Some(label);
            }
        }
        Unit::Line { row, bytes } => {
            if std::str::from_utf8(bytes).is_err() {
                res.problems.push(RowProblem::at(
                    *row,
                    "",
                    Problem::new(Code::RowNotUtf8, "").with("field", "line"),
                ));
                return res;
            }
            match serde_json::from_slice::<Household>(bytes) {
                Err(e) => res.problems.push(RowProblem::at(
                    *row,
                    "",
                    Problem::new(Code::JsonInvalid, "")
                        .with("detail", crate::personal::scrub_message(&e.to_string())),
                )),
                Ok(h) => {
                    let label = household_label(&h.id, false);
                    let member_rows: Vec<Vec<u64>> = h
                        .families
                        .iter()
                        .map(|f| vec![*row; f.members.len()])
                        .collect();
                    let path = |c: Column| c.name().to_owned();
                    check_household(&h, &member_rows, &[*row], &label, &path, ctx, &mut res);
                    // JSON Lines: the field is the model path.
                    for p in &mut res.problems {
                        p.field.clone_from(&p.problem.path);
                    }
                    res.label = Some(label);
                }
            }
        }
    }
    res
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

/// The sequential end: cross-record index, accounting, reports, row files.
struct Sink<'o, 'a> {
    index: Index,
    summary: Summary,
    file_error: bool,
    sinks: &'o mut Vec<&'a mut (dyn ProblemSink + Send)>,
    valid: Option<RowOut<'a>>,
    invalid: Option<RowOut<'a>>,
    format: Format,
    stage_names: Vec<String>,
    findings: Vec<Finding>,
    /// Records written out, to go back to the reader ([`Recycler`]).
    spent: Vec<ByteRecord>,
    /// Scratch for [`Sink::accept`]: which rows of a household are invalid.
    bad: Vec<bool>,
    regions: std::collections::HashMap<u32, (u64, u64)>,
}

impl<'o, 'a> Sink<'o, 'a> {
    fn new(out: &'o mut Outputs<'a>, format: Format, stage_names: Vec<String>) -> Sink<'o, 'a> {
        let wrap = |w: &'a mut (dyn Write + Send)| match format {
            Format::Csv => RowOut::Csv(Box::new(
                csv::WriterBuilder::new().flexible(true).from_writer(w),
            )),
            Format::Jsonl => RowOut::Raw(w),
        };
        let valid = out.valid.take().map(wrap);
        let invalid = out.invalid.take().map(wrap);
        Sink {
            index: Index::default(),
            summary: Summary::default(),
            file_error: false,
            sinks: &mut out.sinks,
            valid,
            invalid,
            format,
            stage_names,
            findings: Vec::new(),
            spent: Vec::new(),
            bad: Vec::new(),
            regions: std::collections::HashMap::new(),
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

    fn accept(&mut self, unit: Unit, mut res: UnitResult) -> Result<(), BulkError> {
        let first = unit.first_row();
        let n = unit.len();
        self.findings.clear();
        self.index
            .check_and_add(first, &res.keys, &mut self.findings);
        let label = res.label.take();
        let good_rows = || -> Vec<u64> {
            match &unit {
                Unit::Group(rows) => rows
                    .iter()
                    .filter(|r| r.broken.is_none())
                    .map(|r| r.row)
                    .collect(),
                _ => vec![first],
            }
        };
        for f in self.findings.drain(..) {
            let field = |c: Column| -> String {
                match self.format {
                    Format::Csv => c.name().to_owned(),
                    Format::Jsonl => c.model_field().to_owned(),
                }
            };
            let (rows, field, p) = match f {
                Finding::NotContiguous { first_row } => (
                    good_rows(),
                    field(Column::IdRt),
                    Problem::new(Code::HouseholdNotContiguous, "id")
                        .with("household", label.as_deref().unwrap_or(""))
                        .with("first_row", first_row),
                ),
                Finding::NikInTwoHouseholds {
                    row,
                    nik,
                    other_row,
                    who: (f, m),
                } => (
                    vec![row],
                    field(Column::Nik),
                    Problem::new(
                        Code::NikInTwoHouseholds,
                        format!("families[{f}].members[{m}].nik"),
                    )
                    .with("nik", mask_digits(&format!("{nik:016}")))
                    .with("other_row", other_row),
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
                    field(Column::NoKk),
                    Problem::new(Code::KkInTwoVillages, format!("families[{family}].kk"))
                        .with("kk", mask_digits(&format!("{kk:016}")))
                        .with("village", format!("{village:010}"))
                        .with("other_village", format!("{other_village:010}"))
                        .with("other_row", other_row),
                ),
                Finding::ProbableDuplicate {
                    row,
                    other_row,
                    who: (f, m),
                } => (
                    vec![row],
                    field(Column::Nama),
                    Problem::new(
                        Code::ProbableDuplicatePerson,
                        format!("families[{f}].members[{m}].name"),
                    )
                    .with("other_row", other_row),
                ),
            };
            res.problems.push(RowProblem {
                row: rows.first().copied(),
                rows,
                household: label.clone(),
                field,
                problem: p,
            });
        }
        res.problems.sort_by_key(|p| p.row);
        // Which rows are invalid; the buffer is reused from household to household.
        let mut bad = std::mem::take(&mut self.bad);
        bad.clear();
        bad.resize(n, self.file_error);
        for p in &res.problems {
            if p.problem.is_error() {
                for r in &p.rows {
                    if let Some(b) = usize::try_from(r.saturating_sub(first))
                        .ok()
                        .and_then(|i| bad.get_mut(i))
                    {
                        *b = true;
                    }
                }
            }
        }
        for p in &res.problems {
            self.emit(p)?;
        }
        let invalid = bad.iter().filter(|b| **b).count() as u64;
        let s = &mut self.summary;
        s.rows_read += n as u64;
        s.rows_invalid += invalid;
        s.rows_valid += n as u64 - invalid;
        s.households += res.households;
        s.members += res.members;
        // Regency as a number (PPKK; u32::MAX = unknown), named at the end.
        let reg = res.village.as_ref().map_or(u32::MAX, |d| {
            d.iter()
                .take(4)
                .fold(0u32, |a, b| a * 10 + u32::from(b - b'0'))
        });
        let e = self.regions.entry(reg).or_default();
        e.0 += n as u64;
        e.1 += invalid;
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
        }
        let written = self.write_rows(unit, &bad);
        self.bad = bad;
        written
    }

    fn write_rows(&mut self, unit: Unit, bad: &[bool]) -> Result<(), BulkError> {
        match unit {
            Unit::Group(rows) | Unit::Unread(rows) => {
                for (r, b) in rows.into_iter().zip(bad) {
                    let w = if *b {
                        &mut self.invalid
                    } else {
                        &mut self.valid
                    };
                    if let Some(RowOut::Csv(w)) = w {
                        w.write_byte_record(&r.rec).map_err(std::io::Error::from)?;
                    }
                    self.spent.push(r.rec);
                }
            }
            Unit::Line { bytes, .. } => {
                let b = bad.first().copied().unwrap_or(true);
                let w = if b {
                    &mut self.invalid
                } else {
                    &mut self.valid
                };
                if let Some(RowOut::Raw(w)) = w {
                    w.write_all(&bytes)?;
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
    ) -> Result<Summary, BulkError> {
        if info.bytes == 0 {
            if !empty {
                self.file_problem(Problem::new(Code::FileEmpty, ""))?;
            }
        } else if info.rows == 0 {
            self.file_problem(Problem::new(Code::FileNoRecords, ""))?;
        }
        for w in [&mut self.valid, &mut self.invalid].into_iter().flatten() {
            w.flush()?;
        }
        let mut s = self.summary;
        s.dtks_version = crate::VERSION.to_owned();
        s.format = opts.format.as_str().to_owned();
        s.mapping.clone_from(&opts.mapping.name);
        s.input_sha256 = info.sha256;
        s.input_bytes = info.bytes;
        s.as_of = opts.as_of.to_string();
        s.region_table = crate::region::table_version().to_owned();
        s.index = self.index.stats();
        for (reg, (rows, invalid)) in &self.regions {
            let (prov, regency) = if *reg == u32::MAX {
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
    let tee = Tee::new(input);
    let chunk = opts.chunk_rows.max(1);
    let mut layout: Option<Layout> = None;
    let mut empty = false;
    let mut header: Option<ByteRecord> = None;
    let mut source = match opts.format {
        Format::Csv => {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(1 << 20)
                .from_reader(tee);
            let mut first = ByteRecord::new();
            let got = rdr
                .read_byte_record(&mut first)
                .map_err(std::io::Error::from)?;
            let mut headerless = false;
            let mut keep_first = None;
            if !got {
                empty = true;
            } else {
                let l = Layout::resolve(&first, &opts.mapping);
                headerless = l.headerless;
                if headerless {
                    keep_first = Some(first.clone());
                } else {
                    header = Some(first.clone());
                }
                layout = Some(l);
            }
            Source::Csv {
                rdr,
                pending: None,
                next_row: 1,
                headerless,
                width: layout.as_ref().map_or(0, |l| l.width),
                last_start: None,
                first: keep_first,
                records: Box::default(),
            }
        }
        Format::Jsonl => Source::Jsonl {
            rdr: BufReader::with_capacity(1 << 20, tee),
            line_no: 0,
            rows: 0,
        },
    };
    let mut sink = Sink::new(out, opts.format, stage_names);
    if empty {
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
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        opts.threads
    };
    let report = |src: &Source<R>| {
        if let Some(p) = opts.progress {
            let i = src.info();
            p(Progress {
                bytes: i.bytes,
                rows: i.rows,
            });
        }
    };
    if threads <= 1 {
        while let Some(units) = source.next_chunk(ctx.layout, chunk)? {
            for u in units {
                let r = process(&u, &ctx);
                sink.accept(u, r)?;
            }
            source.recycle(std::mem::take(&mut sink.spent));
            report(&source);
        }
        let info = source.info();
        return sink.finish(info, opts, empty);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BulkError::Threads(e.to_string()))?;
    let (info, sink) = std::thread::scope(|s| -> Result<(InputInfo, Sink<'_, '_>), BulkError> {
        let (tx1, rx1) = std::sync::mpsc::sync_channel::<Vec<Unit>>(2);
        // Spent records back to the reader: unbounded, but only records the
        // reader made travel on it.
        let (tx3, rx3) = std::sync::mpsc::channel::<Vec<ByteRecord>>();
        source.recycle_from(rx3);
        let (tx2, rx2) = std::sync::mpsc::sync_channel::<(Vec<Unit>, Vec<UnitResult>)>(2);
        let layout_ref = ctx.layout;
        let reader = s.spawn(move || -> Result<InputInfo, BulkError> {
            while let Some(units) = source.next_chunk(layout_ref, chunk)? {
                if tx1.send(units).is_err() {
                    break;
                }
                report(&source);
            }
            Ok(source.info())
        });
        let writer = s.spawn(move || -> Result<Sink<'_, '_>, BulkError> {
            for (units, results) in rx2 {
                for (u, r) in units.into_iter().zip(results) {
                    sink.accept(u, r)?;
                }
                // The reader may be done: then the records are simply dropped.
                let _ = tx3.send(std::mem::take(&mut sink.spent));
            }
            Ok(sink)
        });
        for units in rx1 {
            let results: Vec<UnitResult> =
                pool.install(|| units.par_iter().map(|u| process(u, &ctx)).collect());
            if tx2.send((units, results)).is_err() {
                break;
            }
        }
        drop(tx2);
        let sink = writer
            .join()
            .map_err(|_| BulkError::Threads("the sink thread panicked".to_owned()))??;
        let info = reader
            .join()
            .map_err(|_| BulkError::Threads("the reader thread panicked".to_owned()))??;
        Ok((info, sink))
    })?;
    sink.finish(info, opts, empty)
}

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
