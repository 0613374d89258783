//! Bulk validation: whole exports, streamed.
//!
//! bytes → records (row numbers kept) → households (grouped by `id_rt`) →
//! problems (per household, in parallel, then across households) → report.
//!
//! - Inputs: the reference CSV layout (docs/domain/export-layout.md; columns found by
//!   name through a [`Mapping`]) and JSON Lines (one [`Household`] JSON per
//!   line), from any `impl Read`.
//! - Every record is accounted for: `rows_read = rows_valid + rows_invalid`.
//!   A record is invalid when an error-severity problem points at it, or when
//!   the file has a file-level error (no header, a required column missing,
//!   empty).
//! - Cross-record checks ([`index`](self) module docs): a NIK in two
//!   households, a KK number in two villages, a household whose rows are not
//!   contiguous, probable duplicate people. They are reported on the **later**
//!   row, naming the earlier one: the first occurrence stays valid.
//! - Reports: [`JsonReport`], [`CsvReport`], [`HtmlReport`], [`Collect`], and
//!   [`Summary::table`]; `valid`/`invalid` row files in the input's format.
//!
//! See `docs/bulk.md` for the rules in full and the measured figures.
//!
//! ```
//! use dtks_core::bulk::{validate, Collect, Format, Options, Outputs};
//! let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
//!            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n";
//! let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let mut report = Collect::default();
//! let mut out = Outputs::default();
//! out.sinks.push(&mut report);
//! let summary = validate(csv.as_bytes(), &Options::new(Format::Csv, as_of), &mut out).unwrap();
//! assert_eq!((summary.rows_read, summary.rows_valid, summary.rows_invalid), (1, 1, 0));
//! ```

mod arrival;
#[cfg(feature = "arrow")]
mod batches;
mod block;
mod column;
#[cfg(feature = "rules")]
pub mod eligibility;
mod fields;
mod households;
mod html;
mod index;
mod layout;
mod lenient;
mod mapping;
pub mod partition;
mod pipeline;
mod placement;
mod records;
mod report;
mod row;
mod scan;
mod sink;
mod split;
mod stage;
#[cfg(feature = "arrow")]
mod table;
#[cfg(feature = "arrow")]
mod table_file;
mod unit;
#[cfg(feature = "xlsx")]
mod workbook;

pub use arrival::Encoding;
#[cfg(feature = "arrow")]
pub use batches::{put_float, read_households_from_batches, validate_batches, TableError};
pub use column::{Column, Level};
pub use households::{read_households, HouseholdsRead};
pub use html::{HtmlReport, DEFAULT_EXAMPLES_PER_CODE};
pub use mapping::{ColumnSpec, ConcatPart, Mapping, MappingError, VillageCodeSystem, BUILTIN};
pub use report::{
    CodeCount, Collect, CsvReport, IndexStats, JsonReport, ProblemSink, RegionCount, RowProblem,
    RowVerdict, RuleVersion, Summary, CSV_REPORT_COLUMNS,
};
pub use stage::{HouseholdStage, StageOutput};
#[cfg(feature = "arrow")]
pub use table::problems_table;
#[cfg(feature = "ipc")]
pub use table_file::validate_ipc;
#[cfg(feature = "arrow")]
pub use table_file::{validate_table_bytes, validate_table_file, TableFormat};

use crate::household::Household;
use chrono::NaiveDate;
use std::fmt;
use std::io::{Read, Write};

/// The input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// The reference CSV layout (one row per member), through a mapping.
    Csv,
    /// One household JSON per line.
    Jsonl,
}

impl Format {
    /// `csv` / `jsonl`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }

    /// `csv`, `jsonl` or `ndjson` (case-insensitive).
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// The format of input that has no name (standard input, a buffer, a
    /// string) and no format given, from its first bytes: JSON Lines when
    /// the first thing in it (after a byte-order mark and white space, in
    /// UTF-8 or UTF-16, inside gzip too) is `{`, which no CSV header starts
    /// with; CSV otherwise. Every face decides unnamed input with this.
    ///
    /// ```
    /// use dtks_core::bulk::Format;
    /// assert_eq!(Format::sniff(b"\xEF\xBB\xBF {\"id\": \"R1\"}"), Format::Jsonl);
    /// assert_eq!(Format::sniff(b"id_rt,nik\n"), Format::Csv);
    /// assert_eq!(Format::sniff(b"\xFF\xFE{\x00"), Format::Jsonl);
    /// assert_eq!(Format::sniff(b""), Format::Csv);
    /// // gzipped JSON Lines, of which only the first bytes were read:
    /// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    /// std::io::Write::write_all(&mut gz, "{\"id\": \"R1\"}\n".repeat(100).as_bytes()).unwrap();
    /// let gz = gz.finish().unwrap();
    /// assert_eq!(Format::sniff(&gz[..24]), Format::Jsonl);
    /// ```
    pub fn sniff(head: &[u8]) -> Format {
        if head.starts_with(&[0x1f, 0x8b]) {
            // The first bytes inside, as far as the head holds them (a
            // truncated stream gives what it decoded before its end).
            let mut inner = Vec::new();
            let _ = flate2::read::GzDecoder::new(head)
                .take(64)
                .read_to_end(&mut inner);
            if inner.first() == Some(&0x1f) {
                return Format::Csv; // gzip in gzip: not looked into again
            }
            return Format::sniff(&inner);
        }
        let body = head
            .strip_prefix(b"\xEF\xBB\xBF")
            .or_else(|| head.strip_prefix(b"\xFF\xFE"))
            .or_else(|| head.strip_prefix(b"\xFE\xFF"))
            .unwrap_or(head);
        // UTF-16 puts a zero byte beside each ASCII one: skip zeros too.
        let first = body
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0));
        match first {
            Some(b'{') => Format::Jsonl,
            _ => Format::Csv,
        }
    }

    /// From a file name's extension, under a `.gz`; delimited text
    /// (`.tsv`, `.txt`) and workbooks read as CSV (a workbook is then
    /// refused by its content, with a problem that says what to do).
    ///
    /// ```
    /// use dtks_core::bulk::Format;
    /// assert_eq!(Format::from_path("DTKS_3302.CSV.gz"), Some(Format::Csv));
    /// assert_eq!(Format::from_path("export.tsv"), Some(Format::Csv));
    /// assert_eq!(Format::from_path("rt.jsonl.gz"), Some(Format::Jsonl));
    /// assert_eq!(Format::from_path("notes.pdf"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<Format> {
        // `export.csv.gz`: the format is the name under the compression's
        // (the compression itself is read from the content).
        let lower = path.to_ascii_lowercase();
        let name = lower
            .strip_suffix(".gz")
            .or_else(|| lower.strip_suffix(".gzip"))
            .unwrap_or(&lower);
        match name.rsplit_once('.')?.1 {
            // Delimited text: the delimiter is detected from the header.
            "tsv" | "tab" | "txt" | "psv" => Some(Format::Csv),
            // Workbooks are recognised by their content: one sheet read as
            // CSV (feature `xlsx`), else refused with
            // FILE_CONTAINER_UNSUPPORTED, which says what to do.
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Csv),
            ext => Format::parse(ext),
        }
    }
}

/// How far the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read, as handed over (before unpacking or decoding).
    pub bytes: u64,
    /// Records read.
    pub rows: u64,
}

/// The byte between the fields of a CSV file: `,` in the reference layout;
/// `;` in files saved by spreadsheets set up for Indonesia (whose decimal
/// separator is the comma); a tab or `|` in some database exports.
///
/// Always an ASCII byte that cannot be read as part of a field's quoting or
/// as a line end: not `"`, CR or LF, nor a letter or a digit.
///
/// ```
/// use dtks_core::bulk::Delimiter;
/// assert_eq!(Delimiter::parse(";"), Some(Delimiter::SEMICOLON));
/// assert_eq!(Delimiter::parse("tab").map(Delimiter::byte), Some(b'\t'));
/// assert_eq!(Delimiter::parse("\""), None);
/// assert_eq!(Delimiter::SEMICOLON.to_string(), ";");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiter(u8);

impl Delimiter {
    /// `,`, the reference layout's.
    pub const COMMA: Delimiter = Delimiter(b',');
    /// `;`.
    pub const SEMICOLON: Delimiter = Delimiter(b';');
    /// A tab.
    pub const TAB: Delimiter = Delimiter(b'\t');
    /// `|`.
    pub const PIPE: Delimiter = Delimiter(b'|');
    /// Tried in this order when none is given and the first line, split at
    /// commas, names no column of the mapping.
    pub const DETECTED: [Delimiter; 3] = [Delimiter::SEMICOLON, Delimiter::TAB, Delimiter::PIPE];

    /// A delimiter from its byte, if it can be one.
    pub const fn new(b: u8) -> Option<Delimiter> {
        match b {
            b'"' | b'\n' | b'\r' => None,
            b if b.is_ascii_alphanumeric() => None,
            b'\t' | b' '..=b'~' => Some(Delimiter(b)),
            _ => None,
        }
    }

    /// From text: the character itself, or `comma`, `semicolon`, `tab`,
    /// `pipe`, or `\t` (case-insensitive).
    pub fn parse(s: &str) -> Option<Delimiter> {
        match s.to_ascii_lowercase().as_str() {
            "comma" => Some(Delimiter::COMMA),
            "semicolon" => Some(Delimiter::SEMICOLON),
            "tab" | "\\t" => Some(Delimiter::TAB),
            "pipe" => Some(Delimiter::PIPE),
            _ => match s.as_bytes() {
                [b] => Delimiter::new(*b),
                _ => None,
            },
        }
    }

    /// The byte.
    pub const fn byte(self) -> u8 {
        self.0
    }
}

impl Default for Delimiter {
    fn default() -> Delimiter {
        Delimiter::COMMA
    }
}

impl fmt::Display for Delimiter {
    /// The character itself (a tab is a tab).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", char::from(self.0))
    }
}

/// What to run: made by [`Options::new`], then set field by field.
/// `#[non_exhaustive]`: a new option is a new field with a default, never a
/// break for callers (who cannot write the struct out whole).
#[non_exhaustive]
pub struct Options<'a> {
    /// CSV or JSON Lines.
    pub format: Format,
    /// The column mapping (CSV only).
    pub mapping: Mapping,
    /// The reference date of every date-dependent check.
    pub as_of: NaiveDate,
    /// Worker threads; 0 = every core; 1 = everything on the calling thread.
    pub threads: usize,
    /// Records per block handed to a worker (blocks end where a household
    /// ends, so a block can hold more).
    pub chunk_rows: usize,
    /// Extra per-household stages (the eligibility engine's `--assess`).
    pub stages: Vec<&'a dyn HouseholdStage>,
    /// Called after every chunk read.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// The input's size in bytes, when known (a file): the cross-record
    /// index is then sized for it at the start instead of growing, which
    /// rehashes every entry at each doubling. Only a hint: any size works.
    pub size_hint: Option<u64>,
    /// CSV: the byte between fields. `None` (the default): a comma, unless
    /// the first line split at commas names no column of the mapping and
    /// split at one of [`Delimiter::DETECTED`] does.
    pub delimiter: Option<Delimiter>,
    /// CSV: a NIK or KK number that a spreadsheet marked as text (`'3171…`,
    /// `="3171…"`) or wrote as a decimal (`3171…0001.0`) with its 16 digits
    /// intact is read, with a warning of its code (`NIK_APOSTROPHE`, …),
    /// instead of being an error of that code. Default `false`: a file
    /// prepared for submission should carry the numbers as they are.
    pub accept_repaired: bool,
    /// The text encoding. [`Encoding::Auto`] (the default) reads UTF-8, or
    /// UTF-16 when the first bytes say so; Windows-1252 only when asked.
    /// gzip is recognised by its first bytes whatever this says.
    pub encoding: Encoding,
    /// CSV: validate household by household whatever the order of the rows
    /// (a file sorted by NIK, two exports appended): the whole input is held
    /// in memory as one block and its rows are taken household by household,
    /// in the order each household first appears; problems keep the rows'
    /// own numbers, and the row files are written household by household.
    /// Memory: about 5 times the input's size (850 MB for 1 M rows); one worker.
    /// Default `false`: a file not grouped by household gets
    /// `HOUSEHOLD_NOT_CONTIGUOUS` on each row out of place and one
    /// `FILE_NOT_GROUPED` that names this option.
    pub group: bool,
    /// CSV, a spreadsheet workbook (feature `xlsx`): the sheet to read, by
    /// name (exact, else ignoring case), or by its 1-based number when the
    /// text is all digits and no sheet has that name. `None` (the default):
    /// the first worksheet. A sheet not there is one file-level
    /// `SHEET_UNKNOWN` listing the sheets. Ignored for any other input.
    pub sheet: Option<String>,
    /// The columns (by header name, letter case ignored) that the source
    /// held as floating-point numbers: a table's face sets it from the
    /// column types (a pandas float64 NIK column). A NIK or KK column among
    /// them gets one file-level `ID_COLUMN_FLOAT`, and each value above
    /// 2^53, which a float cannot hold exactly, `NIK_FLOAT_PRECISION` /
    /// `KK_FLOAT_PRECISION` instead of being read as the digits it became.
    pub float_columns: Vec<String>,
    /// One partition of a table validated in parts by a distributed engine
    /// ([`partition`]): its rows are numbered after the rows before it, the
    /// cross-record index knows the keys of those rows, and the problems of
    /// the table's end are left to [`partition::merge`]. `None` (the
    /// default): the input is the whole table.
    pub partition: Option<&'a partition::Partition>,
    /// Set by the table readers: the input was a table, not text.
    pub(crate) table: Option<&'a TableInput>,
}

/// What a table run says of its input: the summary's `format` and, for a
/// file, the file's own hash and size (not those of the bridge's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableInput {
    /// `table` (in memory), `parquet` or `arrow`.
    pub(crate) format: &'static str,
    /// SHA-256 (hex) and size of the file as handed over.
    pub(crate) raw: Option<(String, u64)>,
}

impl<'a> Options<'a> {
    /// Defaults: the reference mapping, every core, blocks of about 4,096 records
    /// (a block and its parsed fields then stay within a core's L2 cache: 16,384
    /// measured 8 % slower on 1 M rows).
    pub fn new(format: Format, as_of: NaiveDate) -> Options<'a> {
        Options {
            format,
            mapping: Mapping::reference(),
            as_of,
            threads: 0,
            chunk_rows: 4_096,
            stages: Vec::new(),
            progress: None,
            size_hint: None,
            delimiter: None,
            accept_repaired: false,
            encoding: Encoding::Auto,
            group: false,
            sheet: None,
            float_columns: Vec::new(),
            partition: None,
            table: None,
        }
    }
}

impl fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("format", &self.format)
            .field("mapping", &self.mapping.name)
            .field("as_of", &self.as_of)
            .field("threads", &self.threads)
            .field("chunk_rows", &self.chunk_rows)
            .field("stages", &self.stages.len())
            .field("size_hint", &self.size_hint)
            .field("delimiter", &self.delimiter)
            .field("accept_repaired", &self.accept_repaired)
            .field("group", &self.group)
            .field("encoding", &self.encoding)
            .field("sheet", &self.sheet)
            .field("float_columns", &self.float_columns)
            .field("partition", &self.partition)
            .field("table", &self.table)
            .finish()
    }
}

/// Where the results go. The row writers are taken (left `None`) by the run.
/// Made by `Outputs::default()`, then set field by field (`#[non_exhaustive]`).
#[derive(Default)]
#[non_exhaustive]
pub struct Outputs<'a> {
    /// Problem sinks (reports).
    pub sinks: Vec<&'a mut (dyn ProblemSink + Send)>,
    /// Valid records, in the input's format (CSV: with the input's header).
    pub valid: Option<&'a mut (dyn Write + Send)>,
    /// Invalid records, likewise.
    pub invalid: Option<&'a mut (dyn Write + Send)>,
    /// The keys the cross-record index meets, in its order: a partition's
    /// first pass ([`partition`]).
    pub keys: Option<&'a mut Vec<partition::Key>>,
}

impl fmt::Debug for Outputs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outputs")
            .field("sinks", &self.sinks.len())
            .field("valid", &self.valid.is_some())
            .field("invalid", &self.invalid.is_some())
            .field("keys", &self.keys.as_ref().map(|k| k.len()))
            .finish()
    }
}

/// A run that could not complete (not a finding in the data).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// Reading the input or writing an output failed.
    #[error("IO_ERROR: {0}")]
    Io(#[from] std::io::Error),
    /// The mapping is not usable.
    #[error("{0}")]
    Mapping(#[from] MappingError),
    /// The worker threads could not be started or failed.
    #[error("THREADS: {0}")]
    Threads(String),
    /// A table cannot be validated (feature `arrow`).
    #[cfg(feature = "arrow")]
    #[error("{0}")]
    Table(#[from] TableError),
    /// [`Options::group`] asked for a partition's run: households scattered
    /// over a table can be gathered only where the whole table is.
    #[error("PARTITION_GROUP: a partition cannot be validated household by household (group); sort the table by household before partitioning it")]
    PartitionGroup,
}

/// Writes a text field of a CSV record, quoted only when it must be (RFC
/// 4180): the table bridge and the dataset generator write fields with it.
///
/// ```
/// let mut out = Vec::new();
/// dtks_core::bulk::put_text(&mut out, "Jl. Mawar, 3");
/// assert_eq!(out, b"\"Jl. Mawar, 3\"");
/// ```
pub fn put_text(out: &mut Vec<u8>, s: &str) {
    // Without an early exit the compiler vectorises the scan: cells are
    // short, and memchr's calls measured slower on them (12.7 % against 7.4 %
    // of a Parquet run with `any`).
    let quote = s.bytes().fold(false, |q, b| {
        q | (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r')
    });
    if quote {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Validates a whole input, streaming: every problem goes to the sinks in
/// input order, then the summary; valid and invalid records to their writers.
pub fn validate<R: Read + Send>(
    input: R,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    pipeline::run(input, opts, out)
}

/// Reads a JSON Lines household (for callers that hold one line), or the
/// `JSON_INVALID` problem ([`crate::answer::parse_household`]): the public
/// API names no serde type.
pub fn parse_household_line(line: &str) -> Result<Household, crate::problem::Problem> {
    crate::answer::parse_household(line)
}

#[cfg(test)]
mod tests;
