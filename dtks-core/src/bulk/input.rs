//! The input as bytes: counted, hashed (SHA-256) and with its tail kept, so
//! that a last record cut inside a quoted field can be recognised.

use sha2::{Digest, Sha256};
use std::io::{self, Read};

/// How much of the end of the input is kept.
const TAIL: usize = 64 * 1024;

/// Wraps the input.
#[derive(Debug)]
pub(crate) struct Tee<R> {
    inner: R,
    hasher: Sha256,
    pub bytes: u64,
    tail: Vec<u8>,
}

impl<R: Read> Tee<R> {
    pub fn new(inner: R) -> Tee<R> {
        Tee {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            tail: Vec::with_capacity(2 * TAIL),
        }
    }

    /// The SHA-256 of everything read, hex.
    pub fn sha256_hex(&self) -> String {
        let d = self.hasher.clone().finalize();
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The last `n` bytes read, if still kept.
    pub fn last(&self, n: u64) -> Option<&[u8]> {
        let n = usize::try_from(n).ok()?;
        let start = self.tail.len().checked_sub(n)?;
        self.tail.get(start..)
    }
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or(&[]);
        self.hasher.update(got);
        self.bytes += n as u64;
        if got.len() >= TAIL {
            self.tail.clear();
            self.tail
                .extend_from_slice(got.get(got.len() - TAIL..).unwrap_or(got));
        } else {
            if self.tail.len() + got.len() > 2 * TAIL {
                let drop = self.tail.len() + got.len() - TAIL;
                self.tail.drain(..drop.min(self.tail.len()));
            }
            self.tail.extend_from_slice(got);
        }
        Ok(n)
    }
}

/// True when an RFC 4180 record (its bytes from its start to the end of the
/// input) ends inside a quoted field.
pub(crate) fn ends_in_quotes(record: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum S {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut s = S::Start;
    for &b in record {
        s = match (s, b) {
            (S::Start, b'"') => S::Quoted,
            (S::Start | S::Unquoted, b',') => S::Start,
            (S::Start | S::Unquoted, b'\n' | b'\r') => S::Start,
            (S::Start | S::Unquoted, _) => S::Unquoted,
            (S::Quoted, b'"') => S::QuoteInQuoted,
            (S::Quoted, _) => S::Quoted,
            (S::QuoteInQuoted, b'"') => S::Quoted,
            (S::QuoteInQuoted, b',' | b'\n' | b'\r') => S::Start,
            // The csv crate reads `"ab"c` as `abc`: the field goes on unquoted.
            (S::QuoteInQuoted, _) => S::Unquoted,
        };
    }
    s == S::Quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_tracked() {
        assert!(!ends_in_quotes(b"a,b,c"));
        assert!(!ends_in_quotes(b"a,\"b,\"\"x\"\"\",c\n"));
        assert!(ends_in_quotes(b"a,\"b,c"));
        assert!(ends_in_quotes(b"a,\"b\"\"c"));
        assert!(!ends_in_quotes(b"a,b\"c"));
    }

    #[test]
    fn tee_hashes_counts_and_keeps_the_tail() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut t = Tee::new(&data[..]);
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        assert_eq!(t.bytes, 200_000);
        assert_eq!(t.last(10), data.get(data.len() - 10..));
        assert_eq!(t.sha256_hex().len(), 64);
        assert!(t.last(10 * TAIL as u64).is_none());
    }
}
