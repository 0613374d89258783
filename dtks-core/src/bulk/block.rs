//! Blocks: the input cut into pieces that workers parse and validate on
//! their own, so that the one sequential reader does as little as it can.
//!
//! The reader reads, hashes (SHA-256), and finds record boundaries with a
//! scanner that follows the csv crate's reading of a record exactly (the
//! default dialect: `,` — or the file's [`Delimiter`](super::Delimiter) —
//! between fields, `"` around them, `""` for a quote, and CR, LF or CRLF
//! ending a record) but looks only at quotes and line ends
//! (`memchr`). It cuts a CSV block where one household ends and the next
//! begins — two well-formed records with different household keys — so no
//! household spans two blocks and every block can be grouped and validated
//! without the others. The workers then read each block's fields
//! ([`Records`]): a record in which no field starts with a quote is split at
//! its commas where it lies; one that has a quoted field is unquoted into a
//! separate buffer. Both are checked against the csv crate by proptests.
//! A UTF-8 byte-order mark at the start of the file is dropped, as the csv
//! crate drops it.
//!
//! Record numbers are assigned by the reader (the scanner counts what the
//! csv crate would read as a record, blank lines excepted), so a worker knows
//! the number of every row it reads.

use super::Format;
use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::ops::Range;

/// Bytes asked of the input per read.
const READ: usize = 1 << 20;

/// Where a scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stop {
    /// Where scanning resumes: the start of an unfinished record, or the end.
    resume: usize,
    /// The input ended inside a quoted field (the last record is cut off).
    in_quotes: bool,
}

/// A complete record found by the scanner: `start..end` in the buffer (`end`
/// just past its first terminator byte, or the end of the input), and
/// whether a field of it starts with a quote (then it must be unquoted;
/// otherwise its fields are the bytes between its delimiters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    start: usize,
    end: usize,
    quoted: bool,
}

/// Finds the complete records of `buf` from `pos` (a point between records),
/// pushing `(start, end)` of each (`end` just past its first terminator byte,
/// or the end of the input for a last record without one). With `eof`, an
/// unfinished last record is complete. `delim` separates fields.
fn scan(buf: &[u8], mut pos: usize, eof: bool, delim: u8, out: &mut Vec<Found>) -> Stop {
    let len = buf.len();
    let at = |i: usize| buf.get(i).copied();
    let rest = |i: usize| buf.get(i..).unwrap_or(&[]);
    // The input ran out inside the record begun at `start`: at the end of the
    // input it is complete (cut off, if inside quotes); otherwise scanning
    // resumes at its start once more is read.
    let ran_out = |out: &mut Vec<Found>, start: usize, quoted: bool, in_quotes: bool| {
        if eof {
            out.push(Found {
                start,
                end: len,
                quoted,
            });
            Stop {
                resume: len,
                in_quotes,
            }
        } else {
            Stop {
                resume: start,
                in_quotes: false,
            }
        }
    };
    'records: loop {
        // Between records: CR and LF are skipped (blank lines are no records).
        while matches!(at(pos), Some(b'\n' | b'\r')) {
            pos += 1;
        }
        if pos >= len {
            return Stop {
                resume: len,
                in_quotes: false,
            };
        }
        let start = pos;
        let mut quoted = false;
        // `pos` is at the start of a field.
        let mut field_start = true;
        loop {
            if field_start && at(pos) == Some(b'"') {
                // A quoted field: only `"` matters until it closes.
                quoted = true;
                pos += 1;
                loop {
                    match memchr::memchr(b'"', rest(pos)) {
                        None => return ran_out(out, start, quoted, true),
                        Some(i) => {
                            let q = pos + i;
                            match at(q + 1) {
                                Some(b'"') => pos = q + 2,
                                // Closed; whatever follows is read unquoted.
                                Some(_) => {
                                    pos = q + 1;
                                    break;
                                }
                                // `"` is the last byte read: a doubled quote
                                // may follow in the next read.
                                None => return ran_out(out, start, quoted, false),
                            }
                        }
                    }
                }
            }
            // Unquoted: a `"` matters only at the start of a field (after a
            // delimiter); CR or LF ends the record.
            match memchr::memchr3(b'"', b'\n', b'\r', rest(pos)) {
                None => return ran_out(out, start, quoted, false),
                Some(i) => {
                    let p = pos + i;
                    if at(p) == Some(b'"') {
                        if p > start && at(p - 1) == Some(delim) {
                            pos = p;
                            field_start = true;
                        } else {
                            pos = p + 1;
                            field_start = false;
                        }
                        continue;
                    }
                    out.push(Found {
                        start,
                        end: p + 1,
                        quoted,
                    });
                    pos = p + 1;
                    continue 'records;
                }
            }
        }
    }
}

/// Pushes the position of every `delim` in `rec`, eight bytes at a time: a
/// record has a delimiter every few bytes, too often for a search to pay.
/// `delim` is ASCII ([`Delimiter`](super::Delimiter) ensures it): the
/// zero-byte test below needs its high bit clear.
fn push_delimiters(rec: &[u8], delim: u8, ends: &mut Vec<usize>) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let delims = u64::from_ne_bytes([delim; 8]);
    let mut words = rec.chunks_exact(8);
    let mut base = 0usize;
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let x = u64::from_le_bytes(b) ^ delims;
        // The high bit of each byte that is zero in `x` (a delimiter), exactly.
        let mut m = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        while m != 0 {
            ends.push(base + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        base += 8;
    }
    for (i, b) in words.remainder().iter().enumerate() {
        if *b == delim {
            ends.push(base + i);
        }
    }
}

/// Reads one record that starts at `rec[0]` (not a line end) the way the
/// csv crate does, writing its fields end to end to `out` and their ends
/// (from the record's start in `out`) to `ends`; returns the bytes consumed,
/// its first terminator byte included.
///
/// The csv crate's reading, field by field: a field that starts with `"`
/// runs to the next lone `"` (`""` is a quote), and whatever follows up to
/// the next delimiter or line end is kept as read; any other field runs to
/// the next delimiter or line end, quotes and all. A CR, an LF or the end of the input
/// ends the record. A byte-order mark is never dropped here: the reader
/// drops the one at the start of the file, as the csv crate does.
fn read_quoted(rec: &[u8], delim: u8, out: &mut Vec<u8>, ends: &mut Vec<usize>) -> usize {
    #[derive(PartialEq)]
    enum S {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let base = out.len();
    let mut s = S::Start;
    for (i, &b) in rec.iter().enumerate() {
        s = match (s, b) {
            (S::Start, b'"') => S::Quoted,
            (S::Start | S::Plain | S::QuoteInQuoted, d) if d == delim => {
                ends.push(out.len() - base);
                S::Start
            }
            (S::Start | S::Plain | S::QuoteInQuoted, b'\n' | b'\r') => {
                ends.push(out.len() - base);
                return i + 1;
            }
            (S::Quoted, b'"') => S::QuoteInQuoted,
            (S::QuoteInQuoted, b'"') => {
                out.push(b'"');
                S::Quoted
            }
            (S::Quoted, _) => {
                out.push(b);
                S::Quoted
            }
            (_, _) => {
                out.push(b);
                S::Plain
            }
        };
    }
    ends.push(out.len() - base);
    rec.len()
}

/// One record's fields, parsed: a view into a [`Records`] arena (or any
/// field bytes with their ends).
#[derive(Clone, Copy)]
pub(crate) struct Rec<'a> {
    bytes: &'a [u8],
    /// End of each field in `bytes`.
    ends: &'a [usize],
    /// Bytes between fields in `bytes`: 1 when they are kept as read (the
    /// delimiters), 0 when the fields were written end to end.
    sep: usize,
    /// `bytes` as text, when the whole block was UTF-8 and this record can be
    /// sliced from it.
    text: Option<&'a str>,
}

impl<'a> Rec<'a> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The byte range of field `i` in [`Rec::as_slice`].
    pub fn range(&self, i: usize) -> Option<Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(j) => *self.ends.get(j)? + self.sep,
            None => 0,
        };
        Some(start..end)
    }

    /// Field `i`.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.bytes.get(self.range(i)?)
    }

    /// True when [`Rec::as_slice`] is the record as read, commas included
    /// (no field was quoted).
    pub fn commas_kept(&self) -> bool {
        self.sep == 1
    }

    /// The fields' bytes (with the commas between them when read as they were).
    pub fn as_slice(&self) -> &'a [u8] {
        self.bytes
    }

    /// The fields' bytes as text, when known to be UTF-8 (else `None`: check
    /// field by field).
    pub fn text(&self) -> Option<&'a str> {
        self.text
    }

    /// Every field.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(&[]))
    }

    /// An owned copy, for the header.
    pub fn to_byte_record(self) -> csv::ByteRecord {
        let mut r = csv::ByteRecord::new();
        for f in self.iter() {
            r.push_field(f);
        }
        r
    }
}

/// Why a record cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Broken {
    /// Not the header's field count.
    Count { found: usize, expected: usize },
    /// Cut off inside a quoted field at the end of the input.
    Truncated,
    /// Every field is empty (`,,,,`): skipped, no member, not read.
    Blank,
    /// The header again (two exports joined): skipped, not read;
    /// `reordered` when its columns differ from the first header's.
    Header { reordered: bool },
}

impl Broken {
    /// True for a record that is no member at all (blank, a repeated
    /// header): outside the row count, written to no row file.
    pub fn skipped(self) -> bool {
        matches!(self, Broken::Blank | Broken::Header { .. })
    }
}

/// Where one record sits in its block.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    /// Its record number (the first after the header is 1).
    pub row: u64,
    /// Its bytes: in the block as read, or (quoted) its fields in `out`.
    bytes: Range<usize>,
    quoted: bool,
    ends: Range<usize>,
    pub broken: Option<Broken>,
}

/// The parsed records of a block, reused from block to block. A record
/// without quotes is read where it lies in the block (its fields are the
/// bytes between its commas); a record with a quoted field is unquoted into
/// `out`, its fields end to end.
#[derive(Default)]
pub(crate) struct Records {
    input: Vec<u8>,
    out: Vec<u8>,
    ends: Vec<usize>,
    pub metas: Vec<Meta>,
}

/// A block's bytes as text, where they are UTF-8 (checked once per block).
#[derive(Clone, Copy, Default)]
pub(crate) struct Texts<'a> {
    input: Option<&'a str>,
    out: Option<&'a str>,
}

impl Records {
    /// Parses a block of whole records (the csv crate's default dialect,
    /// with `delim` between fields), keeping the block; `width` is the
    /// header's field count (0: none).
    ///
    /// `known`: where the scanner found each record (a block from the
    /// reader); without it, records are found here.
    pub fn parse(
        &mut self,
        input: Vec<u8>,
        first_row: u64,
        width: usize,
        known: Option<&[Found]>,
        delim: u8,
    ) {
        self.input = input;
        self.metas.clear();
        self.out.clear();
        self.ends.clear();
        let input = &self.input;
        let mut pos = 0usize;
        let mut row = first_row;
        let mut known = known.map(<[Found]>::iter);
        loop {
            // Between records: CR and LF are skipped (blank lines are no records).
            let next = match known.as_mut() {
                Some(it) => match it.next() {
                    Some(f) => {
                        pos = f.start;
                        Some(*f)
                    }
                    None => break,
                },
                None => {
                    while matches!(input.get(pos), Some(b'\n' | b'\r')) {
                        pos += 1;
                    }
                    None
                }
            };
            let rest = input.get(pos..).unwrap_or(&[]);
            if rest.is_empty() {
                break;
            }
            let rec_ends = self.ends.len();
            // The end of the record's bytes when no field starts with a quote.
            let plain = match next {
                Some(f) if !f.quoted => {
                    let mut end = f.end;
                    if end > f.start && matches!(input.get(end - 1), Some(b'\n' | b'\r')) {
                        end -= 1;
                    }
                    Some(end - f.start)
                }
                Some(_) => None,
                None => match memchr::memchr3(b'"', b'\n', b'\r', rest) {
                    Some(i) if rest.get(i) == Some(&b'"') => None,
                    found => Some(found.unwrap_or(rest.len())),
                },
            };
            let (bytes, quoted) = match plain {
                // No field starts with a quote: its fields are the bytes
                // between delimiters, where they lie.
                Some(end) => {
                    let rec = rest.get(..end).unwrap_or(&[]);
                    push_delimiters(rec, delim, &mut self.ends);
                    self.ends.push(end);
                    let start = pos;
                    pos += end + 1;
                    (start..start + end, false)
                }
                // A field starts with a quote: read as the csv crate reads it.
                None => {
                    let rec_out = self.out.len();
                    pos += read_quoted(rest, delim, &mut self.out, &mut self.ends);
                    (rec_out..self.out.len(), true)
                }
            };
            let found = self.ends.len() - rec_ends;
            let broken = (found != width).then_some(Broken::Count {
                found,
                expected: width,
            });
            self.metas.push(Meta {
                row,
                bytes,
                quoted,
                ends: rec_ends..self.ends.len(),
                broken,
            });
            row += 1;
        }
    }

    /// Gives the block's bytes back (for reuse).
    pub fn take_input(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.input)
    }

    /// Forgets field-count problems (a file without a header has no count).
    pub fn clear_broken(&mut self) {
        for m in &mut self.metas {
            m.broken = None;
        }
    }

    /// Puts the records in the order of `rank` (stable: records of the same
    /// rank keep their order). Each keeps its own record number.
    pub fn reorder_by(&mut self, rank: &[usize]) {
        let mut order: Vec<usize> = (0..self.metas.len()).collect();
        order.sort_by_key(|&i| rank.get(i).copied().unwrap_or(usize::MAX));
        let old = std::mem::take(&mut self.metas);
        self.metas = order.iter().filter_map(|&i| old.get(i).cloned()).collect();
    }

    /// Marks record `i` (a blank record, a repeated header).
    pub fn mark(&mut self, i: usize, b: Broken) {
        if let Some(m) = self.metas.get_mut(i) {
            m.broken = Some(b);
        }
    }

    /// Marks the last record as cut off.
    pub fn truncate_last(&mut self) {
        if let Some(m) = self.metas.last_mut() {
            m.broken = Some(Broken::Truncated);
        }
    }

    /// The records.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// The block as text, where it is UTF-8: one check per block rather
    /// than one per field.
    pub fn whole(&self) -> Texts<'_> {
        Texts {
            input: std::str::from_utf8(&self.input).ok(),
            out: std::str::from_utf8(&self.out).ok(),
        }
    }

    /// Record `i`; `whole` is [`Records::whole`], or the default to read
    /// bytes only.
    pub fn rec<'a>(&'a self, i: usize, whole: Texts<'a>) -> Rec<'a> {
        let Some(m) = self.metas.get(i) else {
            return Rec {
                bytes: &[],
                ends: &[],
                sep: 0,
                text: None,
            };
        };
        let (buf, text) = if m.quoted {
            (&self.out, whole.out)
        } else {
            (&self.input, whole.input)
        };
        Rec {
            bytes: buf.get(m.bytes.clone()).unwrap_or(&[]),
            ends: self.ends.get(m.ends.clone()).unwrap_or(&[]),
            sep: usize::from(!m.quoted),
            text: text.and_then(|w| w.get(m.bytes.clone())),
        }
    }
}

/// A block of input, cut between households (CSV) or lines (JSON Lines).
#[derive(Default)]
pub(crate) struct Block {
    /// Whole records (CSV) or lines (JSON Lines).
    pub bytes: Vec<u8>,
    /// The record number of the first record (CSV).
    pub first_row: u64,
    /// Records in the block (CSV), as the scanner counted them.
    pub rows: u64,
    /// The last record of the input is in this block, cut off inside quotes.
    pub truncated_last: bool,
    /// JSON Lines: each line's number and its bytes in `bytes` (blank lines
    /// left out).
    pub lines: Vec<(u64, Range<usize>)>,
    /// CSV: where each record is in `bytes`, as the scanner found it.
    pub records: Vec<Found>,
    /// CSV: the byte between fields.
    pub delim: u8,
}

/// How a CSV block may be cut.
pub(crate) trait Cutter {
    /// True when record `b` certainly starts a new household after record
    /// `a` (both well formed, with different keys).
    fn boundary(&self, a: Rec<'_>, b: Rec<'_>) -> bool;
}

/// Cuts anywhere (a file without a header: nothing is grouped).
pub(crate) struct Anywhere;

impl Cutter for Anywhere {
    fn boundary(&self, _: Rec<'_>, _: Rec<'_>) -> bool {
        true
    }
}

/// The reader: input → hashed bytes → blocks.
pub(crate) struct BlockReader<R> {
    src: R,
    format: Format,
    hasher: Sha256,
    /// Bytes read.
    pub bytes: u64,
    buf: Vec<u8>,
    /// Complete records (CSV) or lines (JSON Lines) found in `buf`: (start, end).
    recs: Vec<Found>,
    /// Where scanning resumes in `buf`.
    resume: usize,
    eof: bool,
    in_quotes: bool,
    /// The record number of the next record (CSV); lines read (JSON Lines).
    next_row: u64,
    /// Records (CSV) or non-blank lines (JSON Lines) handed out.
    pub rows: u64,
    /// Pairs `(i - 1, i)` for `i` below this are known not to be boundaries.
    no_cut_below: usize,
    /// Scratch for parsing the records around a cut.
    one: [Records; 2],
    /// Spent buffers to reuse.
    spare: Vec<Vec<u8>>,
    /// The start of the input was checked for a UTF-8 byte-order mark.
    bom_checked: bool,
    /// Bytes at the front of `buf` already handed out in blocks (dropped
    /// when they are half the buffer, so that handing out a block costs its
    /// own size, not the size of what was read after it).
    head: usize,
    /// CSV: the byte between fields.
    delim: u8,
    /// The first record was dropped as the header.
    header_skipped: bool,
}

impl<R: Read> BlockReader<R> {
    pub fn new(src: R, format: Format) -> BlockReader<R> {
        BlockReader {
            src,
            format,
            hasher: Sha256::new(),
            bytes: 0,
            buf: Vec::with_capacity(2 * READ),
            recs: Vec::new(),
            resume: 0,
            eof: false,
            in_quotes: false,
            next_row: 1,
            rows: 0,
            no_cut_below: 1,
            one: Default::default(),
            spare: Vec::new(),
            bom_checked: false,
            head: 0,
            delim: b',',
            header_skipped: false,
        }
    }

    /// Reads fields separated by `delim` from now on, finding the records
    /// read so far again. Only before the first block or skipped header:
    /// afterwards it changes nothing (and says so).
    pub fn set_delimiter(&mut self, delim: u8) -> bool {
        if self.head > 0 || self.next_row != 1 || self.rows != 0 || self.header_skipped {
            return false;
        }
        self.delim = delim;
        self.recs.clear();
        self.resume = 0;
        self.in_quotes = false;
        self.no_cut_below = 1;
        true
    }

    /// Numbers the next record `first` instead of 1 (a workbook's records
    /// carry their sheet row numbers). Only before the first block: later it
    /// changes nothing.
    pub fn number_from(&mut self, first: u64) {
        if self.head == 0 && self.rows == 0 {
            self.next_row = first;
        }
    }

    /// The SHA-256 of everything read, hex.
    pub fn sha256_hex(&self) -> String {
        let d = self.hasher.clone().finalize();
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Takes back a spent block's buffer.
    pub fn recycle(&mut self, mut buf: Vec<u8>) {
        if self.spare.len() < 64 {
            buf.clear();
            self.spare.push(buf);
        }
    }

    /// Reads more input; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        // Drop what was handed out once it is half the buffer.
        if self.head > 0 && self.head * 2 >= self.buf.len() {
            let h = self.head;
            self.buf.drain(..h);
            for r in &mut self.recs {
                r.start -= h;
                r.end -= h;
            }
            self.resume = self.resume.saturating_sub(h);
            self.head = 0;
        }
        // Read at least as much as is waiting: a record that runs on for
        // megabytes (a stray quote) is then scanned again only a logarithmic
        // number of times, not once per megabyte.
        let want = READ.max(self.buf.len() - self.head);
        let old = self.buf.len();
        let n = (&mut self.src)
            .take(want as u64)
            .read_to_end(&mut self.buf)?;
        if n == 0 {
            self.eof = true;
        }
        let got = self.buf.get(old..).unwrap_or(&[]);
        self.hasher.update(got);
        self.bytes += got.len() as u64;
        Ok(n > 0)
    }

    /// Finds the complete records (or lines) read so far.
    fn scan_more(&mut self) {
        // A UTF-8 byte-order mark at the start of the file is not data (the
        // csv crate drops it too; JSON forbids it; it hashes all the same).
        if !self.bom_checked {
            if self.buf.len() < 3 && !self.eof {
                return;
            }
            self.bom_checked = true;
            if self.buf.starts_with(b"\xef\xbb\xbf") && self.resume == 0 {
                self.buf.drain(..3);
            }
        }
        match self.format {
            Format::Csv => {
                let stop = scan(&self.buf, self.resume, self.eof, self.delim, &mut self.recs);
                self.resume = stop.resume;
                self.in_quotes |= stop.in_quotes;
            }
            Format::Jsonl => {
                let mut pos = self.resume;
                let rest = |p: usize| self.buf.get(p..).unwrap_or(&[]);
                while let Some(i) = memchr::memchr(b'\n', rest(pos)) {
                    self.recs.push(Found {
                        start: pos,
                        end: pos + i + 1,
                        quoted: false,
                    });
                    pos += i + 1;
                }
                if self.eof && pos < self.buf.len() {
                    self.recs.push(Found {
                        start: pos,
                        end: self.buf.len(),
                        quoted: false,
                    });
                    pos = self.buf.len();
                }
                self.resume = pos;
            }
        }
    }

    /// All input read and every record found.
    fn done(&self) -> bool {
        self.eof && self.resume >= self.buf.len()
    }

    /// The first record (CSV), parsed, without taking it: the header, or
    /// the first data record of a file without one. `None` when there is no
    /// record at all.
    pub fn first_record(&mut self) -> io::Result<Option<csv::ByteRecord>> {
        loop {
            self.scan_more();
            if let Some(f) = self.recs.first() {
                let r = &mut self.one[0];
                r.parse(
                    self.buf.get(f.start..f.end).unwrap_or(&[]).to_vec(),
                    0,
                    0,
                    None,
                    self.delim,
                );
                let whole = r.whole();
                return Ok(Some(r.rec(0, whole).to_byte_record()));
            }
            if self.done() {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    /// Drops the first record (the header), as [`Self::first_record`] found it.
    pub fn skip_first(&mut self) {
        if self.recs.is_empty() {
            self.scan_more();
        }
        let Some(e) = self.recs.first().map(|f| f.end) else {
            return;
        };
        self.buf.drain(..e);
        self.header_skipped = true;
        self.recs.remove(0);
        for r in &mut self.recs {
            r.start -= e;
            r.end -= e;
        }
        self.resume -= e;
    }

    /// Whether records `i - 1` and `i` of `recs` sit on a boundary.
    fn boundary_at(&mut self, i: usize, cut: &dyn Cutter) -> bool {
        let (Some(&a), Some(&b)) = (self.recs.get(i - 1), self.recs.get(i)) else {
            return false;
        };
        let [ra, rb] = &mut self.one;
        ra.parse(
            self.buf.get(a.start..a.end).unwrap_or(&[]).to_vec(),
            0,
            0,
            None,
            self.delim,
        );
        rb.parse(
            self.buf.get(b.start..b.end).unwrap_or(&[]).to_vec(),
            0,
            0,
            None,
            self.delim,
        );
        let (wa, wb) = (ra.whole(), rb.whole());
        cut.boundary(ra.rec(0, wa), rb.rec(0, wb))
    }

    /// Where to cut among the records found, aiming at `target` records:
    /// the index of the first record of the next block, if a boundary is known.
    fn find_cut(&mut self, target: usize, cut: &dyn Cutter) -> Option<usize> {
        let n = self.recs.len();
        if n < 2 {
            return None;
        }
        let top = target.clamp(1, n - 1);
        let mut i = top;
        while i >= self.no_cut_below.max(1) {
            if self.boundary_at(i, cut) {
                return Some(i);
            }
            i -= 1;
        }
        self.no_cut_below = self.no_cut_below.max(top + 1);
        let mut i = self.no_cut_below;
        while i < n {
            if self.boundary_at(i, cut) {
                return Some(i);
            }
            i += 1;
        }
        self.no_cut_below = n;
        None
    }

    /// The next block of about `target` records (CSV: ending where a
    /// household ends, by `cut`) or lines; `None` at the end.
    pub fn next_block(&mut self, target: usize, cut: &dyn Cutter) -> io::Result<Option<Block>> {
        let target = target.max(1);
        loop {
            self.scan_more();
            let n = self.recs.len();
            let k = match self.format {
                Format::Jsonl if n >= target => Some(target),
                Format::Csv if n > target => self.find_cut(target, cut),
                _ => None,
            };
            let k = match k {
                Some(k) => k,
                None if self.done() => {
                    if n == 0 {
                        return Ok(None);
                    }
                    n
                }
                None => {
                    self.fill()?;
                    continue;
                }
            };
            return Ok(Some(self.cut_at(k)));
        }
    }

    /// Hands out the first `k` records as a block.
    fn cut_at(&mut self, k: usize) -> Block {
        let n = self.recs.len();
        // Everything found so far, but never the unfinished record or line
        // after it (`resume`): that belongs to the next block.
        let end = if k >= n {
            self.resume
        } else {
            self.recs.get(k).map_or(self.resume, |r| r.start)
        };
        let head = self.head;
        let mut bytes = self.spare.pop().unwrap_or_default();
        bytes.clear();
        bytes.extend_from_slice(self.buf.get(head..end).unwrap_or(&[]));
        self.head = end.max(head);
        let mut block = Block {
            first_row: self.next_row,
            delim: self.delim,
            ..Block::default()
        };
        // Positions in the block count from its start.
        let taken: Vec<Found> = self
            .recs
            .drain(..k.min(n))
            .map(|f| Found {
                start: f.start - head,
                end: f.end - head,
                quoted: f.quoted,
            })
            .collect();
        self.no_cut_below = 1;
        match self.format {
            Format::Csv => {
                block.rows = taken.len() as u64;
                block.records = taken;
                self.next_row += block.rows;
                self.rows += block.rows;
                block.truncated_last = self.in_quotes && self.done() && self.recs.is_empty();
            }
            Format::Jsonl => {
                for Found {
                    start: s, end: e, ..
                } in taken
                {
                    self.next_row += 1;
                    let mut e2 = e;
                    while e2 > s && matches!(bytes.get(e2 - 1), Some(b'\n' | b'\r')) {
                        e2 -= 1;
                    }
                    let line = bytes.get(s..e2).unwrap_or(&[]);
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.rows += 1;
                    block.lines.push((self.next_row - 1, s..e2));
                }
            }
        }
        block.bytes = bytes;
        block
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// What the csv crate reads: (fields) per record.
    fn csv_records(input: &[u8], delim: u8) -> Vec<Vec<Vec<u8>>> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(input);
        rdr.byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    type Numbered = Vec<(u64, Vec<Vec<u8>>)>;

    /// What the blocks give, read `chunk` bytes at a time.
    fn block_records(input: &[u8], target: usize, chunk: usize, delim: u8) -> (Numbered, bool) {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut rdr = BlockReader::new(Slow(input, chunk), Format::Csv);
        assert!(rdr.set_delimiter(delim));
        let mut out = Vec::new();
        let mut truncated = false;
        let mut recs = Records::default();
        let mut again = Records::default();
        while let Some(b) = rdr.next_block(target, &Anywhere).unwrap() {
            // With the scanner's record bounds, as the workers read blocks…
            assert_eq!(b.delim, delim);
            recs.parse(b.bytes.clone(), b.first_row, 0, Some(&b.records), delim);
            assert_eq!(recs.len() as u64, b.rows, "scanner and reader disagree");
            // …and finding them again, as the reader reads a header.
            again.parse(b.bytes.clone(), b.first_row, 0, None, delim);
            assert_eq!(again.len(), recs.len());
            let (whole, whole2) = (recs.whole(), again.whole());
            for i in 0..recs.len() {
                let r = recs.rec(i, whole);
                let fields: Vec<Vec<u8>> = r.iter().map(<[u8]>::to_vec).collect();
                let fields2: Vec<Vec<u8>> =
                    again.rec(i, whole2).iter().map(<[u8]>::to_vec).collect();
                assert_eq!(fields, fields2);
                out.push((recs.metas[i].row, fields));
            }
            truncated |= b.truncated_last;
        }
        assert_eq!(rdr.bytes, input.len() as u64);
        (out, truncated)
    }

    #[test]
    fn blocks_read_what_the_csv_crate_reads() {
        let cases: &[&[u8]] = &[
            b"",
            b"\n\n\r\n",
            b"a,b\nc,d",
            b"a,b\r\nc,d\r\n",
            b"a,b\rc,d\r",
            b"\"a\nb\",c\n\"x\"\"y\",z\n",
            b"a\"b,c\n\"q\"r,s\n",
            b"\"open\nand never closed",
            b"x,\"\"\n,,\n\"\",\"\"\"\"",
            b"\xef\xbb\xbf\"id\",b\n1,2\n",
            b"\xef\xbb\xbf\"i\nd\",b\n1,2\n",
            b"\xef\xbb\xbfid,b\n\xef\xbb\xbf\"x\",2\n",
            b"a,b\n\xef\xbb\xbf\"1\n\",2\n",
        ];
        for c in cases {
            for target in [1, 2, 100] {
                for chunk in [1, 2, 3, 7, 1000] {
                    let (got, _) = block_records(c, target, chunk, b',');
                    let want: Vec<_> = csv_records(c, b',')
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| (i as u64 + 1, r))
                        .collect();
                    assert_eq!(
                        got,
                        want,
                        "{:?} target {target} chunk {chunk}",
                        String::from_utf8_lossy(c)
                    );
                }
            }
        }
        assert!(block_records(b"a\n\"open\nx", 1, 2, b',').1);
        assert!(!block_records(b"a\n\"closed\"", 1, 2, b',').1);
    }

    #[test]
    fn other_delimiters_read_as_the_csv_crate_reads_them() {
        let cases: &[&[u8]] = &[
            b"a;b\nc;d",
            b"\"a;b\";c,d\n\"x\"\"y\";z\r\n",
            b"a,\"b;c\n",
            b"a;\"q\"r;s\n\"open;\nnever",
        ];
        for c in cases {
            for delim in [b';', b'\t', b'|'] {
                let (got, _) = block_records(c, 1, 3, delim);
                let want: Vec<_> = csv_records(c, delim)
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (i as u64 + 1, r))
                    .collect();
                assert_eq!(got, want, "{:?} {delim}", String::from_utf8_lossy(c));
            }
        }
        // Once the header is dropped, the delimiter stays.
        let mut rdr = BlockReader::new(&b"a;b\n1;2\n"[..], Format::Csv);
        assert!(rdr.set_delimiter(b';'));
        assert!(rdr.first_record().unwrap().is_some());
        rdr.skip_first();
        assert!(!rdr.set_delimiter(b','));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The word-at-a-time search finds every delimiter and nothing else
        /// (0xac and 0xbb are `,` and `;` with the high bit set).
        #[test]
        fn delimiters_are_found_exactly(
            delim in prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b'|')],
            rec in prop::collection::vec(prop_oneof![
                Just(b','), Just(b';'), Just(b'\t'), Just(b'|'), Just(0xacu8), Just(0xbbu8),
                Just(b'a'), Just(0x2du8), any::<u8>()
            ], 0..70),
        ) {
            let mut got = Vec::new();
            push_delimiters(&rec, delim, &mut got);
            let want: Vec<usize> = rec.iter().enumerate().filter(|(_, b)| **b == delim).map(|(i, _)| i).collect();
            prop_assert_eq!(got, want);
        }

        /// Any mix of the bytes that matter, read in any pieces and cut
        /// anywhere: the same records, numbered the same, as the csv crate.
        #[test]
        fn blocks_agree_with_the_csv_crate(
            tokens in prop::collection::vec(prop_oneof![
                Just(&b"\""[..]), Just(&b","[..]), Just(&b"\n"[..]), Just(&b"\r"[..]), Just(&b"a"[..]),
                Just(&b"\xc3"[..]), Just(&b"\xa9"[..]), Just(&b"\xef\xbb\xbf"[..]),
                Just(&b";"[..]), Just(&b"\t"[..])
            ], 0..200),
            target in 1usize..6,
            chunk in 1usize..40,
            delim in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        ) {
            let bytes: Vec<u8> = tokens.concat();
            let (got, _) = block_records(&bytes, target, chunk, delim);
            let want: Vec<_> = csv_records(&bytes, delim)
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i as u64 + 1, r))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
