//! A block's records split into fields: a record without quotes at its
//! delimiters where it lies, one with a quoted field unquoted into a
//! separate buffer, each as the csv crate reads it.

use super::scan::Found;
use std::ops::Range;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    }
}
