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

    /// From the first bytes of data that has no name (a host's buffer):
    /// Parquet's `PAR1`, the Arrow IPC file's `ARROW1`, or an IPC stream's
    /// first message (its continuation marker, which no text starts with).
    ///
    /// ```
    /// use dtks_core::bulk::TableFormat;
    /// assert_eq!(TableFormat::of_bytes(b"PAR1\x15\x04"), Some(TableFormat::Parquet));
    /// assert_eq!(TableFormat::of_bytes(b"\xFF\xFF\xFF\xFF\x10\x01"), Some(TableFormat::ArrowIpc));
    /// assert_eq!(TableFormat::of_bytes(b"id_rt,nik"), None);
    /// ```
    pub fn of_bytes(head: &[u8]) -> Option<TableFormat> {
        if head.starts_with(b"PAR1") {
            Some(TableFormat::Parquet)
        } else if head.starts_with(b"ARROW1") || head.starts_with(&[0xFF; 4]) {
            Some(TableFormat::ArrowIpc)
        } else {
            None
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

/// Validates Arrow IPC data from any reader (standard input): the stream
/// format or the file format, held in memory whole (the file format's index
/// is at its end). The summary's hash and size are those of the bytes read.
#[cfg(feature = "ipc")]
pub fn validate_ipc<R: Read + Send>(
    input: R,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    let mut bytes = Vec::new();
    let mut input = input;
    input.read_to_end(&mut bytes)?;
    validate_table_bytes(&bytes, TableFormat::ArrowIpc, opts, out)
}

/// Validates a Parquet or Arrow IPC table held in memory (a host's buffer;
/// [`TableFormat::of_bytes`] tells which): as [`validate_table_file`], the
/// summary's hash and size those of `data`. Parquet is copied once into
/// the reader's buffer; IPC is read in place.
pub fn validate_table_bytes(
    data: &[u8],
    format: TableFormat,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    let input = TableInput {
        format: format.as_str(),
        raw: Some((crate::digest::sha256_hex(data), data.len() as u64)),
    };
    match format {
        TableFormat::Parquet => parquet_bytes(data, &input, opts, out),
        TableFormat::ArrowIpc => ipc_bytes(data, &input, opts, out),
    }
}

#[cfg(feature = "parquet")]
fn parquet_bytes(
    data: &[u8],
    input: &TableInput,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let read = |e: parquet::errors::ParquetError| TableError::Read(e.to_string());
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::copy_from_slice(data))
        .map_err(read)?
        .with_batch_size(4096)
        .build()
        .map_err(read)?;
    let schema = arrow_array::RecordBatchReader::schema(&reader);
    super::batches::validate_batches_as(&schema, reader, opts, out, input)
}

#[cfg(not(feature = "parquet"))]
fn parquet_bytes(
    _: &[u8],
    _: &TableInput,
    _: &Options<'_>,
    _: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    Err(unavailable(TableFormat::Parquet))
}

#[cfg(feature = "ipc")]
fn ipc_bytes(
    data: &[u8],
    input: &TableInput,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    if data.starts_with(IPC_FILE_MAGIC) {
        let reader = arrow_ipc::reader::FileReader::try_new(io::Cursor::new(data), None)
            .map_err(|e| TableError::Read(e.to_string()))?;
        let schema = arrow_array::RecordBatchReader::schema(&reader);
        super::batches::validate_batches_as(&schema, reader, opts, out, input)
    } else {
        ipc_stream(data, input, opts, out)
    }
}

#[cfg(not(feature = "ipc"))]
fn ipc_bytes(
    _: &[u8],
    _: &TableInput,
    _: &Options<'_>,
    _: &mut Outputs<'_>,
) -> Result<Summary, BulkError> {
    Err(unavailable(TableFormat::ArrowIpc))
}
