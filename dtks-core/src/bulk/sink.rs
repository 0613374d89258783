//! The sequential end of a bulk run: the cross-record index, the
//! accounting `read = valid + invalid`, the problem sinks, the valid and
//! invalid row files, and the summary.

use super::arrival::{Arrival, Handed};
use super::block::{Broken, Texts};
use super::column::Column;
use super::index::{Finding, Index};
use super::partition::{Key, KeyKind, Partition, PartitionTail};
use super::report::{ProblemSink, RowProblem, Summary};
use super::unit::{Acc, InputInfo, Span, Taken, UnitResult, Worked};
use super::{BulkError, Delimiter, Encoding, Format, Options, Outputs};
use crate::personal::mask_digits;
use crate::problem::{Code, Problem, Severity};
use csv::ByteRecord;
use std::io::Write;

/// Where the rows go: re-encoded CSV (same header) or the lines as read.
pub(super) enum RowOut<'a> {
    Csv(Box<csv::Writer<&'a mut (dyn Write + Send)>>),
    Raw(&'a mut (dyn Write + Send)),
}

impl RowOut<'_> {
    pub(super) fn flush(&mut self) -> std::io::Result<()> {
        match self {
            RowOut::Csv(w) => w.flush(),
            RowOut::Raw(w) => w.flush(),
        }
    }
}

/// The slot of households whose village code is not ten digits.
pub(super) const UNKNOWN_REGENCY: usize = 10_000;

/// The sequential end: cross-record index, accounting, reports, row files.
pub(super) struct Sink<'o, 'a> {
    pub(super) index: Index,
    /// People the index is to be sized for (from the input's size), until
    /// [`Sink::size_index`] sizes it.
    pub(super) people_hint: usize,
    pub(super) summary: Summary,
    /// CSV: the byte between fields (given or detected).
    pub(super) delimiter: Delimiter,
    pub(super) file_error: bool,
    pub(super) sinks: &'o mut Vec<&'a mut (dyn ProblemSink + Send)>,
    pub(super) valid: Option<RowOut<'a>>,
    pub(super) invalid: Option<RowOut<'a>>,
    pub(super) format: Format,
    pub(super) stage_names: Vec<String>,
    pub(super) findings: Vec<Finding>,
    /// Scratch for [`Sink::accept`]: which rows of a household are invalid.
    pub(super) bad: Vec<bool>,
    /// Rows and invalid rows per regency, indexed by its number `PPKK`
    /// (0..10,000; the last slot is "unknown"): a direct index, not a hash,
    /// for every household.
    pub(super) regions: Vec<(u64, u64)>,
    /// Stage tallies of valid households by `(stage, key)`, named at the end.
    pub(super) tallies: TallyMap,
    /// Records with `ROW_NOT_UTF8`: how many, the first, the last counted.
    pub(super) not_utf8: NotUtf8,
    /// Households seen again after another: how many, and the first
    /// (label, its first row, the row it came back at).
    pub(super) scattered: (u64, Option<(String, u64, u64)>),
    /// The household id's column as the input names it.
    pub(super) key_column: String,
    /// JSON Lines of layout records, read as CSV.
    pub(super) records: bool,
    /// A partition's first pass: the keys the index meets.
    pub(super) keys: Option<&'a mut Vec<Key>>,
    /// A partition's run: which, and what it knows of earlier rows.
    pub(super) part: Option<PartState>,
    /// The counts behind the late problems: the unread birth dates, the
    /// column's name, the declared formats.
    pub(super) late: Option<(super::mapping::DateCounts, String, String)>,
}

/// What the sink of a partition's run keeps ([`super::partition`]).
pub(super) struct PartState {
    number: u64,
    rows_before: u64,
    /// The earlier rows' keys, loaded into the index once it is sized.
    preload: Vec<Key>,
    /// Households of earlier rows (id hash → the row after their last).
    ends: std::collections::HashMap<u64, u64>,
    /// A unit has been taken: the table's column problems have been said.
    started: bool,
    /// The table's column problems (code and English message).
    columns: Vec<String>,
}

impl PartState {
    pub(super) fn of(p: &Partition) -> PartState {
        let preload: Vec<Key> = p.seen().before(p.rows_before()).collect();
        let ends = preload
            .iter()
            .filter(|k| k.kind == KeyKind::Household)
            .map(|k| (k.key, k.value))
            .collect();
        PartState {
            number: p.number(),
            rows_before: p.rows_before(),
            preload,
            ends,
            started: false,
            columns: Vec::new(),
        }
    }
}

/// Records that were not UTF-8, for one `FILE_NOT_UTF8` at the end.
#[derive(Default)]
pub(super) struct NotUtf8 {
    pub(super) rows: u64,
    pub(super) first: Option<u64>,
    pub(super) last: Option<u64>,
}

/// A hasher for the integer tally keys: one multiply (Fibonacci hashing),
/// against SipHash's rounds, for the dozens of tallies of every household.
/// A product's low bits depend only on the factors' low bits, and the
/// hash table picks its bucket from the low bits, so `finish` folds the
/// high half down: without it, keys that differ only in high bits (the
/// regency of `--assess` tallies) all probed one bucket chain, a third of
/// the sink's time.
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
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

pub(super) type TallyMap =
    std::collections::HashMap<(usize, u64), u64, std::hash::BuildHasherDefault<KeyHasher>>;

impl<'o, 'a> Sink<'o, 'a> {
    pub(super) fn new(
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
            keys: out.keys.take(),
            part: None,
            late: None,
        }
    }

    pub(super) fn emit(&mut self, p: &RowProblem) -> Result<(), BulkError> {
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

    pub(super) fn file_problem(&mut self, p: Problem) -> Result<(), BulkError> {
        if p.is_error() {
            self.file_error = true;
        }
        // The table's column problems: said once, by partition 0; every
        // partition's are kept for the merge to compare.
        if let Some(s) = self.part.as_mut().filter(|s| !s.started) {
            s.columns.push(format!(
                "{}: {}",
                p.code.as_str(),
                p.message(crate::problem::Lang::En)
            ));
            if s.number > 0 {
                return Ok(());
            }
        }
        self.emit(&RowProblem::file(p))
    }

    pub(super) fn header(&mut self, header: &ByteRecord) -> Result<(), BulkError> {
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
    pub(super) fn size_index(&mut self) {
        if self.people_hint > 0 {
            self.index = Index::with_capacity(std::mem::take(&mut self.people_hint));
        }
        if let Some(p) = self.part.as_mut() {
            for k in std::mem::take(&mut p.preload) {
                self.index.preload(&k);
            }
        }
    }

    /// Keeps the counts behind the problems known once every record is
    /// read (said by [`Sink::finish`], or for a partition by the merge).
    pub(super) fn late(&mut self, layout: Option<&super::layout::Layout>) {
        if let Some(l) = layout {
            self.late = Some((
                l.dates.counts(),
                l.name(Column::TglLahir).to_owned(),
                l.mapping.date_formats_text(),
            ));
        }
    }

    /// Takes a worked block's units in order.
    pub(super) fn accept_block(&mut self, w: &mut Worked) -> Result<(), BulkError> {
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

    pub(super) fn accept(
        &mut self,
        unit: Taken<'_>,
        mut res: UnitResult,
        acc: &Acc,
    ) -> Result<(), BulkError> {
        let first = unit.first_row();
        let n = unit.len();
        self.findings.clear();
        let keys = acc
            .keys
            .of(res.household_key, res.people.clone(), res.families.clone());
        self.index.check_and_add(first, keys, &mut self.findings);
        if let Some(out) = self.keys.as_deref_mut() {
            Index::record(first, first + n as u64, keys, out);
        }
        // A partition's first household that began at the end of the
        // partition before: split by the partitioning, not out of place.
        let split = match self.part.as_mut() {
            Some(s) if !s.started => {
                s.started = true;
                res.household_key
                    .and_then(|h| s.ends.get(&h))
                    .is_some_and(|end| *end == s.rows_before + 1)
            }
            _ => false,
        };
        // Borrowed from the block: a household's label is copied only into
        // the cross-record problems it gets (rare).
        let label = acc.label(&res);
        let good_rows = || unit.good_rows();
        for f in self.findings.drain(..) {
            let (rows, column, p) = match f {
                Finding::NotContiguous { first_row } if split => (
                    good_rows(),
                    Column::IdRt,
                    Problem::new(Code::HouseholdSplitByPartition, "id")
                        .with("household", label.unwrap_or(""))
                        .with_int("first_row", first_row)
                        .with("column", self.key_column.clone()),
                ),
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
    pub(super) fn write_rows(
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

    pub(super) fn finish(
        mut self,
        info: InputInfo,
        opts: &Options<'_>,
        empty: bool,
        arrived: &(Arrival, Handed),
    ) -> Result<Summary, BulkError> {
        let (arrival, handed) = arrived;
        // What one run says once every record is read, from counts that
        // a partition's run keeps for the merge instead (`partition.rs`).
        let part = self.part.take();
        let (dates, date_field, date_formats) = self.late.take().unwrap_or_default();
        let tail = PartitionTail {
            number: part.as_ref().map_or(0, |p| p.number),
            rows_before: part.as_ref().map_or(0, |p| p.rows_before),
            bytes: info.bytes,
            records: info.rows,
            empty,
            jsonl: opts.format == Format::Jsonl,
            dates,
            date_field,
            date_formats,
            not_utf8: if arrival.encoding == Encoding::Utf8 {
                (self.not_utf8.rows, self.not_utf8.first)
            } else {
                (0, None)
            },
            scattered: std::mem::take(&mut self.scattered),
            key_column: std::mem::take(&mut self.key_column),
            replaced: handed
                .replaced()
                .then(|| arrival.encoding.label().to_owned()),
            keys_pass: self.keys.is_some(),
            columns: part.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
        };
        let tail = if part.is_some() {
            Some(tail)
        } else {
            for p in super::partition::closing_problems(&tail, self.summary.rows_read) {
                self.file_problem(p)?;
            }
            None
        };
        for w in [&mut self.valid, &mut self.invalid].into_iter().flatten() {
            w.flush()?;
        }
        let mut s = self.summary;
        s.partition = tail;
        for ((si, key), n) in self.tallies {
            let (Some(stage), Some(name)) = (opts.stages.get(si), self.stage_names.get(si)) else {
                continue;
            };
            let counters = s.stages.entry(name.clone()).or_default();
            for counter in stage.tally_names(key) {
                *counters.entry(counter).or_default() += n;
            }
        }
        s.rules = opts
            .stages
            .iter()
            .flat_map(|stage| stage.rule_versions(opts.as_of))
            .collect();
        s.dtks_version = crate::VERSION.to_owned();
        s.format = opts.format.as_str().to_owned();
        s.mapping.clone_from(&opts.mapping.name);
        s.delimiter = (opts.format == Format::Csv).then(|| self.delimiter.to_string());
        s = as_records(s, self.records);
        (s.input_sha256, s.input_bytes) = handed.raw().unwrap_or((info.sha256, info.bytes));
        if let Some(t) = opts.table {
            // A table: its kind, and the file's own hash when there is one.
            t.format.clone_into(&mut s.format);
            s.delimiter = None;
            // Arrow's text is UTF-8 by its format.
            "format".clone_into(&mut s.encoding_by);
            if let Some((sha, bytes)) = &t.raw {
                (s.input_sha256, s.input_bytes) = (sha.clone(), *bytes);
            }
        }
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

/// The summary of JSON Lines records read as CSV: it names the input's format.
pub(super) fn as_records(mut s: Summary, records: bool) -> Summary {
    if records {
        Format::Jsonl.as_str().clone_into(&mut s.format);
        s.shape = Some("records".to_owned());
        s.delimiter = None;
    }
    s
}
