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

use super::scan::{scan, Found};
use super::Format;
use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::ops::Range;

// The paths the rest of `bulk` reads these by.
pub(crate) use super::split::{Broken, Rec, Records, Texts};

/// Bytes asked of the input per read.
const READ: usize = 1 << 20;

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
    /// `None` when the input's hash is known apart (a table file's own).
    hasher: Option<Sha256>,
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
            hasher: Some(Sha256::new()),
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

    /// Reads without hashing: the input's hash is known apart (the bridge's
    /// text of a table file, whose summary carries the file's own hash).
    pub fn without_hash(mut self) -> BlockReader<R> {
        self.hasher = None;
        self
    }

    /// The SHA-256 of everything read, hex (empty when not hashed).
    pub fn sha256_hex(&self) -> String {
        self.hasher
            .as_ref()
            .map(|h| crate::digest::hex(&h.clone().finalize()))
            .unwrap_or_default()
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
        if let Some(h) = self.hasher.as_mut() {
            h.update(got);
        }
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
