//! Parquet files and Arrow IPC files and streams validated as the exports
//! they hold (features `parquet`, `ipc`): read batch by batch (a Parquet
//! row group, an IPC record batch) and judged by [`super::validate_batches`],
//! so the report is the report of the CSV of the same rows, except that
//! the summary names the format (`parquet`, `arrow`) and the file's own
//! SHA-256 and size.

use super::{BulkError, Options, Outputs, Summary, TableError, TableInput};
use sha2::{Digest, Sha256};
use std::io::{self, Read};

/// A file of columns rather than text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableFormat {
    /// Apache Parquet (`.parquet`, `.pq`).
    Parquet,
    /// Arrow IPC: the file format (`.arrow`, `.feather`, `.ipc`) or the
    /// stream format (`.arrows`).
    ArrowIpc,
}

impl TableFormat {
    /// `parquet` or `arrow`: the summary's `format`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::ArrowIpc => "arrow",
        }
    }

    /// From a file name's extension (any letter case). Every face asks this
    /// before [`super::Format::from_path`]: a table file is read by its
    /// columns, never as text.
    ///
    /// ```
    /// use dtks_core::bulk::TableFormat;
    /// assert_eq!(TableFormat::from_path("DTKS_3302.PARQUET"), Some(TableFormat::Parquet));
    /// assert_eq!(TableFormat::from_path("export.feather"), Some(TableFormat::ArrowIpc));
    /// assert_eq!(TableFormat::from_path("export.csv"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<TableFormat> {
        let lower = path.to_ascii_lowercase();
        match lower.rsplit_once('.')?.1 {
            "parquet" | "pq" => Some(TableFormat::Parquet),
            "arrow" | "feather" | "ipc" | "arrows" => Some(TableFormat::ArrowIpc),
            _ => None,
        }
    }

    /// Whether this build reads the format (features `parquet`, `ipc`).
    pub const fn available(self) -> bool {
        match self {
            TableFormat::Parquet => cfg!(feature = "parquet"),
            TableFormat::ArrowIpc => cfg!(feature = "ipc"),
        }
    }
}

/// SHA-256 (hex) and size of everything `r` yields.
fn digest(mut r: impl Read) -> io::Result<(String, u64)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(buf.get(..k).unwrap_or(&[]));
        n += k as u64;
    }
    Ok((crate::digest::hex(&h.finalize()), n))
}

/// Validates a Parquet or Arrow IPC file handed over open, streaming batch
/// by batch. The file is read once through for its hash, then by its
/// reader; a file the reader refuses is [`TableError::Read`].
///
/// ```no_run
/// use dtks_core::bulk::{validate_table_file, Format, Options, Outputs, TableFormat};
/// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let file = std::fs::File::open("export.parquet").unwrap();
/// let opts = Options::new(Format::Csv, as_of);
/// let s = validate_table_file(file, TableFormat::Parquet, &opts, &mut Outputs::default()).unwrap();
/// println!("{} rows, {} valid", s.rows_read, s.rows_valid);
/// ```
pub fn validate_table_file(
    file: std::fs::File,
    format: TableFormat,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    use std::io::Seek;
    let mut file = file;
    let raw = digest(&file)?;
    file.rewind()?;
    let input = TableInput {
        format: format.as_str(),
        raw: Some(raw),
    };
    match format {
        TableFormat::Parquet => parquet_file(file, &input, opts, out),
        TableFormat::ArrowIpc => ipc_file(file, &input, opts, out),
    }
}

#[cfg(any(not(feature = "parquet"), not(feature = "ipc")))]
fn unavailable(format: TableFormat) -> BulkError {
    TableError::Read(format!(
        "this build of dtks reads no {} files (cargo feature `{}`)",
        format.as_str(),
        match format {
            TableFormat::Parquet => "parquet",
            TableFormat::ArrowIpc => "ipc",
        }
    ))
    .into()
}

#[cfg(feature = "parquet")]
fn parquet_file(
    file: std::fs::File,
    input: &TableInput,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let read = |e: parquet::errors::ParquetError| TableError::Read(e.to_string());
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(read)?
        .with_batch_size(4096)
        .build()
        .map_err(read)?;
    let schema = arrow_array::RecordBatchReader::schema(&reader);
    super::batches::validate_batches_as(&schema, reader, opts, out, input)
}

#[cfg(not(feature = "parquet"))]
fn parquet_file(
    _: std::fs::File,
    _: &TableInput,
    _: &Options<'_>,
    _: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    Err(unavailable(TableFormat::Parquet))
}

/// The first bytes of an Arrow IPC file (the stream format has none).
#[cfg(feature = "ipc")]
const IPC_FILE_MAGIC: &[u8; 6] = b"ARROW1";

#[cfg(feature = "ipc")]
fn ipc_file(
    file: std::fs::File,
    input: &TableInput,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    use std::io::Seek;
    let mut file = file;
    let mut magic = [0u8; 6];
    let is_file = file.read_exact(&mut magic).is_ok() && &magic == IPC_FILE_MAGIC;
    file.rewind()?;
    if is_file {
        let read = |e: arrow_schema::ArrowError| TableError::Read(e.to_string());
        let reader =
            arrow_ipc::reader::FileReader::try_new(io::BufReader::new(file), None).map_err(read)?;
        let schema = arrow_array::RecordBatchReader::schema(&reader);
        super::batches::validate_batches_as(&schema, reader, opts, out, input)
    } else {
        ipc_stream(io::BufReader::new(file), input, opts, out)
    }
}

#[cfg(feature = "ipc")]
fn ipc_stream<R: Read + Send>(
    r: R,
    input: &TableInput,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    let reader = arrow_ipc::reader::StreamReader::try_new(r, None)
        .map_err(|e| TableError::Read(e.to_string()))?;
    let schema = arrow_array::RecordBatchReader::schema(&reader);
    super::batches::validate_batches_as(&schema, reader, opts, out, input)
}

#[cfg(not(feature = "ipc"))]
fn ipc_file(
    _: std::fs::File,
    _: &TableInput,
    _: &Options<'_>,
    _: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    Err(unavailable(TableFormat::ArrowIpc))
}

/// Validates Arrow IPC data from any reader (a buffer, standard input): the
/// stream format, or the file format (then held in memory whole, since its
/// index is at the end). The summary's hash and size are those of the bytes
/// read.
#[cfg(feature = "ipc")]
pub fn validate_ipc<R: Read + Send>(
    input: R,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    let mut bytes = Vec::new();
    let mut input = input;
    input.read_to_end(&mut bytes)?;
    let raw = (crate::digest::sha256_hex(&bytes), bytes.len() as u64);
    let table = TableInput {
        format: TableFormat::ArrowIpc.as_str(),
        raw: Some(raw),
    };
    if bytes.starts_with(IPC_FILE_MAGIC) {
        let reader = arrow_ipc::reader::FileReader::try_new(io::Cursor::new(bytes), None)
            .map_err(|e| TableError::Read(e.to_string()))?;
        let schema = arrow_array::RecordBatchReader::schema(&reader);
        super::batches::validate_batches_as(&schema, reader, opts, out, &table)
    } else {
        ipc_stream(io::Cursor::new(bytes), &table, opts, out)
    }
}
