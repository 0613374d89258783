//! Record boundaries: where each CSV record of the input starts and ends,
//! found by looking only at quotes and line ends, as the csv crate reads
//! them.

/// Where a scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stop {
    /// Where scanning resumes: the start of an unfinished record, or the end.
    pub(super) resume: usize,
    /// The input ended inside a quoted field (the last record is cut off).
    pub(super) in_quotes: bool,
}

/// A complete record found by the scanner: `start..end` in the buffer (`end`
/// just past its first terminator byte, or the end of the input), and
/// whether a field of it starts with a quote (then it must be unquoted;
/// otherwise its fields are the bytes between its delimiters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) quoted: bool,
}

/// Finds the complete records of `buf` from `pos` (a point between records),
/// pushing `(start, end)` of each (`end` just past its first terminator byte,
/// or the end of the input for a last record without one). With `eof`, an
/// unfinished last record is complete. `delim` separates fields.
pub(super) fn scan(buf: &[u8], mut pos: usize, eof: bool, delim: u8, out: &mut Vec<Found>) -> Stop {
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
