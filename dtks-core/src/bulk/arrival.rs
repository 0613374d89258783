//! How a file arrived: its container (plain or gzip) and its text encoding
//! (UTF-8, UTF-16 as Excel's "Unicode Text" writes it, Windows-1252 as
//! Indonesian Excel and old village systems write it).
//!
//! Everything downstream reads UTF-8. This module looks at the first bytes
//! (never at the file name), unpacks and decodes on the way in, and keeps the
//! SHA-256 and size of the bytes *as handed over*, so a report still names
//! the file the user holds. A clean UTF-8 file goes through untouched: one
//! four-byte peek, no second hash.
//!
//! What is detected and how (docs/bulk.md, "Files as they arrive"):
//! - gzip: the magic bytes `1f 8b` (RFC 1952 §2.3.1); members concatenated
//!   (`cat a.gz b.gz`) are read as one stream.
//! - UTF-16: a byte-order mark (`FF FE` little-endian, `FE FF` big-endian),
//!   or, without one, a zero byte in every other position of the first four
//!   (text whose first characters are ASCII, as every header is).
//! - Windows-1252: never guessed (every byte sequence is valid cp1252, so the
//!   guess would be wrong on UTF-8); asked for with [`Encoding::Windows1252`].
//!   A file read as UTF-8 whose rows are not UTF-8 gets one file-level
//!   `FILE_NOT_UTF8` naming the option (the pipeline counts them).
//! - zip (an `.xlsx`/`.ods` workbook, `PK 03 04`) and OLE (an `.xls`
//!   workbook, `D0 CF 11 E0`): with the `xlsx` feature and CSV asked, read
//!   whole and one sheet handed on as CSV text ([`super::workbook`]); else
//!   not text: one file-level `FILE_CONTAINER_UNSUPPORTED` instead of
//!   reading their bytes as records. Nothing is looked at (no cost) unless
//!   the first four bytes are one of these two magics.

use super::Options;
use crate::problem::{Code, Problem};
use sha2::{Digest, Sha256};
use std::io::{self, Chain, Cursor, Read};
use std::sync::{Arc, Mutex};

/// The text encoding of an input.
///
/// ```
/// use dtks_core::bulk::Encoding;
/// assert_eq!(Encoding::parse("cp1252"), Some(Encoding::Windows1252));
/// assert_eq!(Encoding::parse("UTF-16LE").map(Encoding::as_str), Some("utf-16le"));
/// assert_eq!(Encoding::default(), Encoding::Auto);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, or UTF-16 when its first bytes say so (the default).
    #[default]
    Auto,
    /// UTF-8 (a byte-order mark is dropped).
    Utf8,
    /// UTF-16, little-endian (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (cp1252): Excel's "CSV" on Windows set up for Indonesia.
    /// ISO-8859-1 names are read as this too, as the WHATWG Encoding
    /// Standard does: the two differ only in bytes 0x80–0x9F, control
    /// characters that no export holds.
    Windows1252,
}

impl Encoding {
    /// The canonical name (`auto`, `utf-8`, `utf-16le`, `utf-16be`, `cp1252`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "cp1252",
        }
    }

    /// The name as people write it in prose (`UTF-16LE`, `Windows-1252`).
    pub const fn label(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// Reads a name as users write it (case, `-` and `_` ignored):
    /// `utf8`, `utf-16le`, `cp1252`, `windows-1252`, `latin1`, `iso-8859-1`, …
    pub fn parse(s: &str) -> Option<Encoding> {
        let k: String = s
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(match k.as_str() {
            "auto" => Encoding::Auto,
            "utf8" => Encoding::Utf8,
            "utf16" | "utf16le" | "unicode" => Encoding::Utf16Le,
            "utf16be" => Encoding::Utf16Be,
            "cp1252" | "windows1252" | "win1252" | "latin1" | "iso88591" | "ansi" => {
                Encoding::Windows1252
            }
            _ => return None,
        })
    }

    fn decoder(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Auto | Encoding::Utf8 => None,
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
        }
    }
}

/// What the first bytes said about the input.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Arrival {
    /// `gzip`, a workbook's kind (`xlsx`, `xlsb`, `xls`, `ods`), or `None`
    /// for plain bytes.
    pub container: Option<&'static str>,
    /// The encoding read (never `Auto`).
    pub encoding: Encoding,
    /// How the encoding was decided: `bom`, `detected`, `option`,
    /// `default`, or `container` (a workbook's cells are Unicode).
    pub decided_by: &'static str,
    /// Why nothing is read (a container that cannot be read as text, a
    /// sheet that is not there): the one file-level problem to report.
    pub refusal: Option<Problem>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// For a workbook, the sheet row (1-based) of the text's first line:
    /// records are numbered by sheet row. `None`: the CSV rule (the first
    /// record after the header is 1).
    pub first_row: Option<u64>,
}

impl std::fmt::Debug for Arrival {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrival")
            .field("container", &self.container)
            .field("encoding", &self.encoding)
            .field("decided_by", &self.decided_by)
            .field("refusal", &self.refusal.as_ref().map(|p| p.code))
            .field("sheet", &self.sheet)
            .field("first_row", &self.first_row)
            .finish()
    }
}

/// The bytes as handed over: their hash and size, kept while a decoder reads them.
#[derive(Default)]
struct Tapped {
    hasher: Sha256,
    bytes: u64,
}

/// Hashes and counts what passes through.
struct Tap<R> {
    inner: R,
    seen: Arc<Mutex<Tapped>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let (Ok(mut t), Some(got)) = (self.seen.lock(), buf.get(..n)) {
            t.hasher.update(got);
            t.bytes += n as u64;
        }
        Ok(n)
    }
}

type Peeked<R> = Chain<Cursor<Vec<u8>>, R>;

/// A tapped input, unpacked when it was gzip.
enum Unpacked<R: Read> {
    Plain(Tap<Peeked<R>>),
    Gzip(Box<flate2::read::MultiGzDecoder<Tap<Peeked<R>>>>),
}

impl<R: Read> Read for Unpacked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Unpacked::Plain(r) => r.read(buf),
            Unpacked::Gzip(r) => r.read(buf).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the gzip stream is damaged: {e}"),
                )
            }),
        }
    }
}

/// Text in another encoding, handed on as UTF-8.
struct Transcode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    raw_at: usize,
    out: Vec<u8>,
    out_at: usize,
    done: bool,
    replaced: Arc<Mutex<bool>>,
}

const RAW: usize = 64 * 1024;

impl<R: Read> Transcode<R> {
    fn refill(&mut self) -> io::Result<()> {
        while self.out_at >= self.out.len() && !self.done {
            self.out.clear();
            self.out_at = 0;
            if self.raw_at >= self.raw.len() {
                self.raw.resize(RAW, 0);
                let n = loop {
                    match self.inner.read(&mut self.raw) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        r => break r?,
                    }
                };
                self.raw.truncate(n);
                self.raw_at = 0;
            }
            let last = self.raw.is_empty();
            let rest = self.raw.get(self.raw_at..).unwrap_or(&[]);
            let room = self
                .decoder
                .max_utf8_buffer_length(rest.len())
                .unwrap_or(4 * RAW)
                .max(16);
            self.out.resize(room, 0);
            let (res, read, written, replaced) =
                self.decoder.decode_to_utf8(rest, &mut self.out, last);
            self.raw_at += read;
            self.out.truncate(written);
            if replaced {
                if let Ok(mut r) = self.replaced.lock() {
                    *r = true;
                }
            }
            if last && res == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.refill()?;
        let avail = self.out.get(self.out_at..).unwrap_or(&[]);
        let n = avail.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.out_at += n;
        Ok(n)
    }
}

/// The input, ready to be read as UTF-8 text.
pub(crate) struct Arrived<R: Read>(Inner<R>);

enum Inner<R: Read> {
    /// Untouched bytes (the reader hashes them itself).
    Plain(Peeked<R>),
    /// Unpacked, already UTF-8.
    Unpacked(Peeked<Unpacked<R>>),
    /// Decoded from another encoding.
    Decoded(Box<Transcode<Peeked<Unpacked<R>>>>),
    /// A workbook's sheet, as CSV text.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Sheet(Cursor<Vec<u8>>),
    /// Nothing to read (an unsupported container).
    Refused,
}

impl<R: Read> Read for Arrived<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Inner::Plain(r) => r.read(buf),
            Inner::Unpacked(r) => r.read(buf),
            Inner::Decoded(r) => r.read(buf),
            Inner::Sheet(r) => r.read(buf),
            Inner::Refused => Ok(0),
        }
    }
}

/// What the pipeline keeps to describe the bytes as handed over.
pub(crate) struct Handed {
    seen: Option<Arc<Mutex<Tapped>>>,
    replaced: Arc<Mutex<bool>>,
}

impl Handed {
    /// The SHA-256 (hex) and size of the bytes as handed over, when they were
    /// changed on the way in (`None`: the reader's own figures hold).
    pub fn raw(&self) -> Option<(String, u64)> {
        let seen = self.seen.as_ref()?;
        let t = seen.lock().ok()?;
        let d = t.hasher.clone().finalize();
        Some((crate::digest::hex(&d), t.bytes))
    }

    /// Bytes taken from the input as handed over so far, when they are
    /// changed on the way in (progress is measured against the file's size).
    pub fn bytes(&self) -> Option<u64> {
        Some(self.seen.as_ref()?.lock().ok()?.bytes)
    }

    /// Some bytes were not valid in the encoding and became U+FFFD.
    pub fn replaced(&self) -> bool {
        self.replaced.lock().map(|r| *r).unwrap_or(false)
    }
}

/// Reads up to four bytes (fewer only at the end) and puts them back in front.
fn peek<R: Read>(mut r: R) -> io::Result<([u8; 4], usize, Peeked<R>)> {
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < head.len() {
        let got = match r.read(head.get_mut(n..).unwrap_or(&mut [])) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => r?,
        };
        if got == 0 {
            break;
        }
        n += got;
    }
    let kept = head.get(..n).unwrap_or(&[]).to_vec();
    Ok((head, n, Cursor::new(kept).chain(r)))
}

/// The encoding the first bytes of text show, or `None` for UTF-8.
fn sniff(head: &[u8]) -> Option<(Encoding, &'static str)> {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => Some((Encoding::Utf8, "bom")),
        [0xFF, 0xFE, ..] => Some((Encoding::Utf16Le, "bom")),
        [0xFE, 0xFF, ..] => Some((Encoding::Utf16Be, "bom")),
        [a, 0, b, 0] if *a != 0 && *b != 0 => Some((Encoding::Utf16Le, "detected")),
        [0, a, 0, b] if *a != 0 && *b != 0 => Some((Encoding::Utf16Be, "detected")),
        _ => None,
    }
}

/// How a workbook's sheet is to be read (feature `xlsx`).
#[cfg(feature = "xlsx")]
pub(crate) struct SheetAsk<'a> {
    /// The sheet: a name or a 1-based number; `None`, the first worksheet.
    pub sheet: Option<&'a str>,
    /// How cells become text.
    pub render: super::workbook::Render,
}

/// Without the `xlsx` feature a workbook is never read.
#[cfg(not(feature = "xlsx"))]
pub(crate) type SheetAsk<'a> = std::marker::PhantomData<&'a ()>;

/// What the run asks: the encoding, and for a CSV run with the `xlsx`
/// feature, how to read a workbook.
pub(crate) fn arrive_for<R: Read>(
    input: R,
    opts: &Options<'_>,
) -> io::Result<(Arrived<R>, Arrival, Handed)> {
    #[cfg(feature = "xlsx")]
    let sheet = (opts.format == super::Format::Csv).then(|| {
        let m = &opts.mapping;
        let iso = "%Y-%m-%d";
        let date_format = if m.date_formats.iter().any(|f| f == iso) {
            iso
        } else {
            m.date_formats.first().map_or(iso, String::as_str)
        };
        SheetAsk {
            sheet: opts.sheet.as_deref(),
            render: super::workbook::Render {
                delimiter: opts.delimiter.unwrap_or_default(),
                decimal_comma: m.decimal.as_deref() == Some(","),
                date_format: date_format.to_owned(),
            },
        }
    });
    #[cfg(not(feature = "xlsx"))]
    let sheet = None;
    arrive_as(input, opts.encoding, sheet)
}

/// Looks at the first bytes and sets up the reading (a workbook is refused).
#[cfg(test)]
pub(crate) fn arrive<R: Read>(
    input: R,
    asked: Encoding,
) -> io::Result<(Arrived<R>, Arrival, Handed)> {
    arrive_as(input, asked, None)
}

/// Looks at the first bytes and sets up the reading; a workbook is read
/// when `sheet` says how, refused otherwise.
fn arrive_as<R: Read>(
    input: R,
    asked: Encoding,
    sheet: Option<SheetAsk<'_>>,
) -> io::Result<(Arrived<R>, Arrival, Handed)> {
    let replaced = Arc::new(Mutex::new(false));
    let (head, n, peeked) = peek(input)?;
    let head = head.get(..n).unwrap_or(&[]);
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    // zip (`PK 03 04`: .xlsx, .ods) and OLE compound files (`D0 CF 11 E0`:
    // .xls) are workbooks, not text.
    let workbook = match head {
        [b'P', b'K', 3, 4] => Some("xlsx/zip"),
        [0xD0, 0xCF, 0x11, 0xE0] => Some("xls/OLE"),
        _ => None,
    };
    if let Some(container) = workbook {
        // Hash the file all the same, so the report names it (and keep it,
        // when it is to be opened: a workbook is read whole).
        let seen = Arc::new(Mutex::new(Tapped::default()));
        let mut tap = Tap {
            inner: peeked,
            seen: Arc::clone(&seen),
        };
        let h = Handed {
            seen: Some(seen),
            replaced,
        };
        let refused = Arrival {
            refusal: Some(
                Problem::new(Code::FileContainerUnsupported, "").with("container", container),
            ),
            encoding: Encoding::Utf8,
            decided_by: "default",
            ..Arrival::default()
        };
        #[cfg(feature = "xlsx")]
        if let Some(ask) = sheet {
            let mut bytes = Vec::new();
            tap.read_to_end(&mut bytes)?;
            let ole = container == "xls/OLE";
            return Ok(
                match super::workbook::read(&bytes, ole, ask.sheet, &ask.render) {
                    Ok(s) => {
                        let a = Arrival {
                            container: Some(s.kind),
                            encoding: Encoding::Utf8,
                            decided_by: "container",
                            refusal: None,
                            sheet: Some(s.name),
                            first_row: Some(s.first_row),
                        };
                        (Arrived(Inner::Sheet(Cursor::new(s.csv))), a, h)
                    }
                    Err(p) => {
                        let a = Arrival {
                            refusal: Some(p),
                            ..refused
                        };
                        (Arrived(Inner::Refused), a, h)
                    }
                },
            );
        }
        #[cfg(not(feature = "xlsx"))]
        let _: Option<SheetAsk<'_>> = sheet;
        io::copy(&mut tap, &mut io::sink())?;
        return Ok((Arrived(Inner::Refused), refused, h));
    }
    let sniffed = sniff(head);
    let plain_utf8 = !gzip
        && match sniffed {
            Some((e, _)) => e == Encoding::Utf8,
            None => matches!(asked, Encoding::Auto | Encoding::Utf8),
        };
    if plain_utf8 {
        let decided_by = match (sniffed, asked) {
            (Some(_), _) => "bom",
            (None, Encoding::Auto) => "default",
            (None, _) => "option",
        };
        let a = Arrival {
            container: None,
            encoding: Encoding::Utf8,
            decided_by,
            ..Arrival::default()
        };
        return Ok((
            Arrived(Inner::Plain(peeked)),
            a,
            Handed {
                seen: None,
                replaced,
            },
        ));
    }
    let seen = Arc::new(Mutex::new(Tapped::default()));
    let tap = Tap {
        inner: peeked,
        seen: Arc::clone(&seen),
    };
    let unpacked = if gzip {
        Unpacked::Gzip(Box::new(flate2::read::MultiGzDecoder::new(tap)))
    } else {
        Unpacked::Plain(tap)
    };
    let (head2, n2, text) = peek(unpacked)?;
    let head2 = head2.get(..n2).unwrap_or(&[]);
    let (encoding, decided_by) = match (asked, sniff(head2)) {
        // A byte-order mark outweighs the option: it cannot be wrong.
        (_, Some((e, "bom"))) => (e, "bom"),
        (Encoding::Auto, Some(found)) => found,
        (Encoding::Auto, None) => (Encoding::Utf8, "default"),
        (e, _) => (e, "option"),
    };
    let a = Arrival {
        container: gzip.then_some("gzip"),
        encoding,
        decided_by,
        ..Arrival::default()
    };
    let handed = Handed {
        seen: Some(seen),
        replaced: Arc::clone(&replaced),
    };
    // UTF-8 (a mark, if any, is dropped by the block reader).
    let Some(enc) = encoding.decoder() else {
        return Ok((Arrived(Inner::Unpacked(text)), a, handed));
    };
    // The mark of the encoding read is dropped; without one nothing is.
    let decoder = enc.new_decoder_with_bom_removal();
    Ok((
        Arrived(Inner::Decoded(Box::new(Transcode {
            inner: text,
            decoder,
            raw: Vec::new(),
            raw_at: 0,
            out: Vec::new(),
            out_at: 0,
            done: false,
            replaced,
        }))),
        a,
        handed,
    ))
}

/// `s` as UTF-16 bytes, little- or big-endian, with or without a mark
/// (for the tests here and the pipeline's).
#[cfg(test)]
pub(crate) fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut v = Vec::new();
    if bom {
        v.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in s.encode_utf16() {
        v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], asked: Encoding) -> (String, Arrival, Handed) {
        let (mut r, a, h) = arrive(bytes, asked).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, a, h)
    }

    #[test]
    fn utf16_with_and_without_mark() {
        let text = "nik\tnama\n3171011708800001\tSiti Aisyah Dé\n";
        for (le, bom) in [(true, true), (true, false), (false, true), (false, false)] {
            let (s, a, h) = read_all(&utf16(text, le, bom), Encoding::Auto);
            assert_eq!(s, text, "le={le} bom={bom}");
            assert_eq!(
                a.encoding,
                if le {
                    Encoding::Utf16Le
                } else {
                    Encoding::Utf16Be
                }
            );
            assert_eq!(a.decided_by, if bom { "bom" } else { "detected" });
            let (_, bytes) = h.raw().unwrap();
            assert_eq!(bytes as usize, utf16(text, le, bom).len());
            assert!(!h.replaced());
        }
    }

    #[test]
    fn cp1252_only_when_asked() {
        let bytes = b"nama\nJos\xe9 Mar\xeda\n";
        let (s, a, _) = read_all(bytes, Encoding::Windows1252);
        assert_eq!(s, "nama\nJosé María\n");
        assert_eq!(a.decided_by, "option");
        let (mut r, a, h) = arrive(&bytes[..], Encoding::Auto).unwrap();
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        assert_eq!(v, bytes);
        assert_eq!(a.encoding, Encoding::Utf8);
        assert!(h.raw().is_none(), "a plain file is hashed by the reader");
    }

    #[test]
    fn gzip_of_utf16_and_concatenated_members() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let text = "nik,nama\n1,A\n";
        let mut gz = Vec::new();
        for part in [&text[..9], &text[9..]] {
            let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part.as_bytes()).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let (s, a, h) = read_all(&gz, Encoding::Auto);
        assert_eq!((s.as_str(), a.container), (text, Some("gzip")));
        assert_eq!(h.raw().unwrap().1 as usize, gz.len());
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&utf16(text, true, true)).unwrap();
        let (s, a, _) = read_all(&e.finish().unwrap(), Encoding::Auto);
        assert_eq!((s.as_str(), a.encoding), (text, Encoding::Utf16Le));
    }

    #[test]
    fn unpaired_surrogate_is_replaced_and_said() {
        let mut v = utf16("ab", true, true);
        v.extend([0x00, 0xD8]); // a lone high surrogate at the end
        let (s, _, h) = read_all(&v, Encoding::Auto);
        assert_eq!(s, "ab\u{FFFD}");
        assert!(h.replaced());
    }

    #[test]
    fn zip_is_refused_but_hashed() {
        let (s, a, h) = read_all(b"PK\x03\x04rest of a workbook", Encoding::Auto);
        assert_eq!(s, "");
        let p = a.refusal.unwrap();
        assert_eq!(p.code, Code::FileContainerUnsupported);
        assert_eq!(p.get("container"), Some("xlsx/zip"));
        assert_eq!(h.raw().unwrap().1, 22);
    }

    #[test]
    fn short_inputs() {
        for b in [&b""[..], b"a", b"ab", b"\xff"] {
            let (mut r, _, _) = arrive(b, Encoding::Auto).unwrap();
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            if b != b"\xff" {
                assert_eq!(v, b);
            }
        }
    }

    #[test]
    fn names() {
        for e in [
            Encoding::Auto,
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1252,
        ] {
            assert_eq!(Encoding::parse(e.as_str()), Some(e));
        }
        assert_eq!(Encoding::parse("ISO-8859-1"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("ebcdic"), None);
    }

    proptest::proptest! {
        #[test]
        fn utf16_round_trip(s in "\\PC{0,200}", le: bool, bom: bool) {
            let (got, _, _) = read_all(&utf16(&s, le, bom), if le { Encoding::Utf16Le } else { Encoding::Utf16Be });
            proptest::prop_assert_eq!(got, s);
        }

        #[test]
        fn any_bytes_never_fail(b in proptest::collection::vec(proptest::num::u8::ANY, 0..300), e in 0usize..5) {
            let asked = [Encoding::Auto, Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1252][e];
            // gzip-looking garbage (1F 8B …) is a damaged stream: an error,
            // at once or while reading, never a panic.
            if let Ok((mut r, _, _)) = arrive(&b[..], asked) {
                let mut v = Vec::new();
                let _ = r.read_to_end(&mut v);
            }
        }
    }
}
