//! Arrow record batches (a pyarrow or polars table, a Parquet or Arrow IPC
//! file) validated as the rows of the export they hold (feature `arrow`).
//!
//! Each batch's columns are written, a few thousand rows at a time, as the
//! reference layout's CSV records, which the bulk pipeline then reads with
//! the same mapping and judges with the same checks as a CSV file: the
//! report of a table is the report of the CSV of the same rows. The column
//! types reach the checks: a column held as floating point is among
//! [`Options::float_columns`], so a NIK or KK stored as a float is judged
//! (`ID_COLUMN_FLOAT`, `NIK_FLOAT_PRECISION`) instead of being read as the
//! digits it became. Rows are numbered as in a CSV file: the table's first
//! row is row 1.
//!
//! How a cell becomes a field: text as it is (quoted where CSV needs it),
//! integers in decimal, floats as [`put_float`] writes them, booleans as
//! `1`/`0`, dates and timestamps as `YYYY-MM-DD`, dictionary columns as
//! their values, nulls as empty fields.

use super::{
    put_text, validate, BulkError, Delimiter, Format, Options, Outputs, Summary, TableInput,
};
use crate::problem::Lang;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Schema, TimeUnit};
use chrono::NaiveDate;
use std::io::{self, Read};

/// Why a table cannot be validated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// A column of a type that holds no export value (a list, a struct, a
    /// binary column).
    #[error("TABLE_COLUMN_TYPE: column {column:?} has the Arrow type {data_type}, which holds no value of an export")]
    ColumnType {
        /// The column's name.
        column: String,
        /// Its Arrow type.
        data_type: String,
    },
    /// The mapping asks for a decimal comma: a table's number columns carry
    /// no decimal mark.
    #[error("TABLE_DECIMAL_COMMA: a table's number columns carry no decimal mark; convert text columns such as \"36,5\" before validating")]
    DecimalComma,
    /// An encoding was asked for: a table's text is UTF-8 by its format.
    #[error(
        "TABLE_ENCODING: a table's text is UTF-8 by its format: there is no encoding to choose"
    )]
    Encoding,
    /// The file's reader failed (a damaged Parquet or IPC file): its reason.
    #[error("TABLE_READ: the table could not be read: {0}")]
    Read(String),
    /// A keys table of a partitioned run ([`super::partition`]) without
    /// one of its integer columns `kind`, `key`, `row`, `value`, or with a
    /// kind number that is no kind's.
    #[error("TABLE_KEYS: a keys table needs the integer columns kind, key, row and value (column {column:?})")]
    Keys {
        /// The column missing, of another type, or out of range.
        column: String,
    },
}

impl TableError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TableError::ColumnType { .. } => "TABLE_COLUMN_TYPE",
            TableError::DecimalComma => "TABLE_DECIMAL_COMMA",
            TableError::Encoding => "TABLE_ENCODING",
            TableError::Read(_) => "TABLE_READ",
            TableError::Keys { .. } => "TABLE_KEYS",
        }
    }

    /// The message in `lang` (the reader's own reason is quoted as it is).
    ///
    /// ```
    /// use dtks_core::bulk::TableError;
    /// use dtks_core::problem::Lang;
    /// let e = TableError::DecimalComma;
    /// assert!(e.message(Lang::Id).starts_with("kolom angka sebuah tabel"));
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TableError::ColumnType { column, data_type }, Lang::En) => format!(
                "column {column:?} has the Arrow type {data_type}, which holds no value of an export"
            ),
            (TableError::ColumnType { column, data_type }, _) => format!(
                "kolom {column:?} bertipe Arrow {data_type}, yang tidak dapat memuat nilai ekspor"
            ),
            (TableError::DecimalComma, Lang::En) => "a table's number columns carry no decimal \
                 mark; convert text columns such as \"36,5\" before validating"
                .to_owned(),
            (TableError::DecimalComma, _) => "kolom angka sebuah tabel tidak memakai tanda \
                 desimal; ubah dulu kolom teks seperti \"36,5\" sebelum validasi"
                .to_owned(),
            (TableError::Encoding, Lang::En) => {
                "a table's text is UTF-8 by its format: there is no encoding to choose".to_owned()
            }
            (TableError::Encoding, _) => {
                "teks sebuah tabel berformat UTF-8: tidak ada pengodean yang dapat dipilih"
                    .to_owned()
            }
            (TableError::Read(reason), Lang::En) => {
                format!("the table could not be read: {reason}")
            }
            (TableError::Read(reason), _) => format!("tabel tidak dapat dibaca: {reason}"),
            (TableError::Keys { column }, Lang::En) => format!(
                "a keys table needs the integer columns kind, key, row and value; \
                 column {column:?} is missing, not integers, or out of range"
            ),
            (TableError::Keys { column }, _) => format!(
                "tabel kunci memerlukan kolom bilangan bulat kind, key, row, dan value; \
                 kolom {column:?} tidak ada, bukan bilangan bulat, atau di luar rentang"
            ),
        }
    }
}

/// Validates the record batches of a table with `schema`, streaming: one
/// batch is held at a time (a Parquet row group, an IPC batch), so memory
/// stays bounded as for a CSV file. `opts.format`, `delimiter` and
/// `encoding` are set for the bridge; `float_columns` gains the schema's
/// floating-point columns. A batch the reader fails on ends the run with
/// [`BulkError::Io`] carrying the reader's reason.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, RecordBatch, StringArray};
/// use dtks_core::bulk::{validate_batches, Format, Options, Outputs};
/// let col = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
/// let batch = RecordBatch::try_from_iter([
///     ("id_rt", col("RT-1")), ("kode_desa", col("3171011001")),
///     ("no_kk", col("3171011503150007")), ("nik", col("3171011708800001")),
///     ("nama", col("Budi")), ("tgl_lahir", col("1980-08-17")),
///     ("jenis_kelamin", col("1")), ("hub_keluarga", col("1")),
/// ]).unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let opts = Options::new(Format::Csv, as_of);
/// let schema = batch.schema();
/// let s = validate_batches(&schema, [Ok(batch)].into_iter(), &opts, &mut Outputs::default()).unwrap();
/// assert_eq!((s.rows_read, s.rows_valid), (1, 1));
/// ```
pub fn validate_batches<I>(
    schema: &Schema,
    batches: I,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
) -> Result<Summary, BulkError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    const IN_MEMORY: TableInput = TableInput {
        format: "table",
        raw: None,
    };
    validate_batches_as(schema, batches, opts, out, &IN_MEMORY)
}

/// [`validate_batches`] of a table that came as `input` (a file's kind and hash).
pub(crate) fn validate_batches_as<I>(
    schema: &Schema,
    batches: I,
    opts: &Options<'_>,
    out: &mut Outputs<'_>,
    input: &TableInput,
) -> Result<Summary, BulkError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    let rows = BatchRows::new(schema, batches)?;
    let mut bridged = bridged(opts, &rows.float_columns)?;
    bridged.table = Some(input);
    validate(rows, &bridged, out).map_err(|e| match e {
        // A batch the reader failed on: the table's error, not an I/O one.
        BulkError::Io(io) if io.get_ref().is_some_and(|r| r.is::<TableError>()) => {
            match io.into_inner().map(|r| r.downcast::<TableError>()) {
                Some(Ok(t)) => BulkError::Table(*t),
                _ => BulkError::Table(TableError::Read("the reader failed".to_owned())),
            }
        }
        e => e,
    })
}

/// Reads the households the rows of a table describe, as
/// [`super::read_households`] reads them from CSV: the same bridge as
/// [`validate_batches`].
pub fn read_households_from_batches<I>(
    schema: &Schema,
    batches: I,
    opts: Options<'_>,
) -> Result<super::HouseholdsRead, BulkError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    let rows = BatchRows::new(schema, batches)?;
    let bridged = bridged(&opts, &rows.float_columns)?;
    super::read_households(rows, bridged)
}

/// The options of a run over the bridge's text.
fn bridged<'a>(opts: &Options<'a>, float_columns: &[String]) -> Result<Options<'a>, TableError> {
    if opts.mapping.decimal.as_deref() == Some(",") {
        return Err(TableError::DecimalComma);
    }
    if !matches!(opts.encoding, super::Encoding::Auto | super::Encoding::Utf8) {
        return Err(TableError::Encoding);
    }
    let mut floats = opts.float_columns.clone();
    floats.extend(float_columns.iter().cloned());
    Ok(Options {
        format: Format::Csv,
        mapping: opts.mapping.clone(),
        stages: opts.stages.clone(),
        // The bridge writes commas and UTF-8: nothing to detect.
        delimiter: Some(Delimiter::COMMA),
        encoding: super::Encoding::Utf8,
        sheet: None,
        float_columns: floats,
        ..*opts
    })
}

/// A floating-point cell as text, the same for a table column and a row
/// dict's value: nothing for NaN, an integral value as an integer (pandas
/// turns an integer column with a missing value into float64, 1 -> 1.0),
/// anything else as Rust writes it. The column is then among
/// [`Options::float_columns`], so the core judges an identity number held
/// as a float.
///
/// ```
/// let mut out = Vec::new();
/// dtks_core::bulk::put_float(&mut out, 1.0);
/// assert_eq!(out, b"1");
/// ```
pub fn put_float(out: &mut Vec<u8>, v: f64) {
    if v.is_nan() {
    } else if v.fract() == 0.0 && v.abs() < 1e17 {
        put_display(out, v as i64);
    } else {
        put_display(out, v);
    }
}

fn put_display(out: &mut Vec<u8>, v: impl std::fmt::Display) {
    use std::io::Write;
    let _ = write!(out, "{v}");
}

fn put_date(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    if let Some(d) = d {
        put_display(out, d.format("%Y-%m-%d"));
    }
}

/// One column, ready to write row `i` as a CSV field.
enum Col {
    Utf8(arrow_array::StringArray),
    LargeUtf8(arrow_array::LargeStringArray),
    View(arrow_array::StringViewArray),
    Int(ArrayRef),
    Float(ArrayRef),
    Bool(arrow_array::BooleanArray),
    Date(ArrayRef),
    Dict(ArrayRef, Box<Col>),
    Null,
}

/// Whether a column of type `t` can be written as export fields.
fn supported(t: &DataType) -> bool {
    match t {
        DataType::Dictionary(k, v) => k.is_integer() && supported(v),
        _ => {
            matches!(
                t,
                DataType::Utf8
                    | DataType::LargeUtf8
                    | DataType::Utf8View
                    | DataType::Boolean
                    | DataType::Date32
                    | DataType::Date64
                    | DataType::Timestamp(_, _)
                    | DataType::Null
                    | DataType::Float32
                    | DataType::Float64
            ) || t.is_integer()
        }
    }
}

impl Col {
    fn of(array: &ArrayRef) -> Col {
        let a = array.as_ref();
        match a.data_type() {
            DataType::Utf8 => Col::Utf8(a.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Col::LargeUtf8(a.as_string::<i64>().clone()),
            DataType::Utf8View => Col::View(a.as_string_view().clone()),
            t if t.is_integer() => Col::Int(array.clone()),
            DataType::Float32 | DataType::Float64 => Col::Float(array.clone()),
            DataType::Boolean => Col::Bool(a.as_boolean().clone()),
            DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => {
                Col::Date(array.clone())
            }
            DataType::Dictionary(k, _) => {
                let values = match k.as_ref() {
                    DataType::Int8 => a.as_dictionary::<Int8Type>().values().clone(),
                    DataType::Int16 => a.as_dictionary::<Int16Type>().values().clone(),
                    DataType::Int32 => a.as_dictionary::<Int32Type>().values().clone(),
                    DataType::Int64 => a.as_dictionary::<Int64Type>().values().clone(),
                    DataType::UInt8 => a.as_dictionary::<UInt8Type>().values().clone(),
                    DataType::UInt16 => a.as_dictionary::<UInt16Type>().values().clone(),
                    DataType::UInt32 => a.as_dictionary::<UInt32Type>().values().clone(),
                    DataType::UInt64 => a.as_dictionary::<UInt64Type>().values().clone(),
                    _ => return Col::Null,
                };
                Col::Dict(array.clone(), Box::new(Col::of(&values)))
            }
            _ => Col::Null,
        }
    }

    /// The dictionary key of row `i`.
    fn key(a: &ArrayRef, i: usize) -> Option<usize> {
        let DataType::Dictionary(k, _) = a.data_type() else {
            return None;
        };
        let key = match k.as_ref() {
            DataType::Int8 => usize::try_from(a.as_dictionary::<Int8Type>().keys().value(i)).ok(),
            DataType::Int16 => usize::try_from(a.as_dictionary::<Int16Type>().keys().value(i)).ok(),
            DataType::Int32 => usize::try_from(a.as_dictionary::<Int32Type>().keys().value(i)).ok(),
            DataType::Int64 => usize::try_from(a.as_dictionary::<Int64Type>().keys().value(i)).ok(),
            DataType::UInt8 => Some(usize::from(a.as_dictionary::<UInt8Type>().keys().value(i))),
            DataType::UInt16 => Some(usize::from(a.as_dictionary::<UInt16Type>().keys().value(i))),
            DataType::UInt32 => {
                usize::try_from(a.as_dictionary::<UInt32Type>().keys().value(i)).ok()
            }
            DataType::UInt64 => {
                usize::try_from(a.as_dictionary::<UInt64Type>().keys().value(i)).ok()
            }
            _ => None,
        };
        key
    }

    /// Writes row `i` (nothing for a null).
    fn put(&self, i: usize, out: &mut Vec<u8>) {
        match self {
            Col::Utf8(a) => {
                if a.is_valid(i) {
                    put_text(out, a.value(i));
                }
            }
            Col::LargeUtf8(a) => {
                if a.is_valid(i) {
                    put_text(out, a.value(i));
                }
            }
            Col::View(a) => {
                if a.is_valid(i) {
                    put_text(out, a.value(i));
                }
            }
            Col::Int(a) => {
                if !a.is_valid(i) {
                    return;
                }
                match a.data_type() {
                    DataType::Int8 => put_display(out, a.as_primitive::<Int8Type>().value(i)),
                    DataType::Int16 => put_display(out, a.as_primitive::<Int16Type>().value(i)),
                    DataType::Int32 => put_display(out, a.as_primitive::<Int32Type>().value(i)),
                    DataType::Int64 => put_display(out, a.as_primitive::<Int64Type>().value(i)),
                    DataType::UInt8 => put_display(out, a.as_primitive::<UInt8Type>().value(i)),
                    DataType::UInt16 => put_display(out, a.as_primitive::<UInt16Type>().value(i)),
                    DataType::UInt32 => put_display(out, a.as_primitive::<UInt32Type>().value(i)),
                    DataType::UInt64 => put_display(out, a.as_primitive::<UInt64Type>().value(i)),
                    _ => {}
                }
            }
            Col::Float(a) => {
                if !a.is_valid(i) {
                    return;
                }
                let v = match a.data_type() {
                    DataType::Float32 => f64::from(a.as_primitive::<Float32Type>().value(i)),
                    _ => a.as_primitive::<Float64Type>().value(i),
                };
                put_float(out, v);
            }
            Col::Bool(a) => {
                if a.is_valid(i) {
                    out.push(if a.value(i) { b'1' } else { b'0' });
                }
            }
            Col::Date(a) => {
                if !a.is_valid(i) {
                    return;
                }
                let d = match a.data_type() {
                    DataType::Date32 => a.as_primitive::<Date32Type>().value_as_date(i),
                    DataType::Date64 => a.as_primitive::<Date64Type>().value_as_date(i),
                    DataType::Timestamp(TimeUnit::Second, _) => a
                        .as_primitive::<TimestampSecondType>()
                        .value_as_datetime(i)
                        .map(|t| t.date()),
                    DataType::Timestamp(TimeUnit::Millisecond, _) => a
                        .as_primitive::<TimestampMillisecondType>()
                        .value_as_datetime(i)
                        .map(|t| t.date()),
                    DataType::Timestamp(TimeUnit::Microsecond, _) => a
                        .as_primitive::<TimestampMicrosecondType>()
                        .value_as_datetime(i)
                        .map(|t| t.date()),
                    DataType::Timestamp(TimeUnit::Nanosecond, _) => a
                        .as_primitive::<TimestampNanosecondType>()
                        .value_as_datetime(i)
                        .map(|t| t.date()),
                    _ => None,
                };
                put_date(out, d);
            }
            Col::Dict(a, values) => {
                if a.is_valid(i) {
                    if let Some(k) = Col::key(a, i) {
                        values.put(k, out);
                    }
                }
            }
            Col::Null => {}
        }
    }
}

/// The batches of a table read as reference-layout CSV text, a few
/// thousand rows at a time (header first): the input [`validate_batches`]
/// hands the pipeline.
struct BatchRows<I> {
    /// The columns of floating-point type, by name.
    float_columns: Vec<String>,
    batches: I,
    cols: Vec<Col>,
    rows: usize,
    row: usize,
    buf: Vec<u8>,
    pos: usize,
}

impl<I> BatchRows<I>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    /// Checks every column's type up front (a bad type is an error now, not
    /// a half-validated table) and writes the header.
    fn new(schema: &Schema, batches: I) -> Result<BatchRows<I>, TableError> {
        let mut buf = Vec::with_capacity(1 << 16);
        for (i, f) in schema.fields().iter().enumerate() {
            if !supported(f.data_type()) {
                return Err(TableError::ColumnType {
                    column: f.name().clone(),
                    data_type: f.data_type().to_string(),
                });
            }
            if i > 0 {
                buf.push(b',');
            }
            put_text(&mut buf, f.name());
        }
        buf.push(b'\n');
        let float_columns = schema
            .fields()
            .iter()
            .filter(|f| {
                matches!(
                    f.data_type(),
                    DataType::Float16 | DataType::Float32 | DataType::Float64
                )
            })
            .map(|f| f.name().clone())
            .collect();
        Ok(BatchRows {
            float_columns,
            batches,
            cols: Vec::new(),
            rows: 0,
            row: 0,
            buf,
            pos: 0,
        })
    }

    /// Refills `buf` with the next rows; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.buf.clear();
        self.pos = 0;
        while self.row >= self.rows {
            let Some(b) = self.batches.next() else {
                return Ok(false);
            };
            let b = b.map_err(|e| io::Error::other(TableError::Read(e.to_string())))?;
            self.cols = b.columns().iter().map(Col::of).collect();
            self.rows = b.num_rows();
            self.row = 0;
        }
        let end = (self.row + 4096).min(self.rows);
        for i in self.row..end {
            for (c, col) in self.cols.iter().enumerate() {
                if c > 0 {
                    self.buf.push(b',');
                }
                col.put(i, &mut self.buf);
            }
            self.buf.push(b'\n');
        }
        self.row = end;
        Ok(true)
    }
}

impl<I> Read for BatchRows<I>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.buf.len() && !self.refill()? {
            return Ok(0);
        }
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        let n = rest.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::bulk::Collect;
    use arrow_array::{
        BooleanArray, Date32Array, DictionaryArray, Float64Array, Int64Array, ListArray,
        StringArray,
    };
    use proptest::prelude::*;
    use std::sync::Arc;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    fn text(b: &RecordBatch) -> String {
        let mut r = BatchRows::new(&b.schema(), [Ok(b.clone())].into_iter()).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        s
    }

    fn run(b: &RecordBatch) -> (Summary, Vec<String>) {
        let opts = Options::new(Format::Csv, as_of());
        let mut collect = Collect::default();
        let summary = {
            let mut out = Outputs::default();
            out.sinks.push(&mut collect);
            validate_batches(&b.schema(), [Ok(b.clone())].into_iter(), &opts, &mut out).unwrap()
        };
        let codes = collect
            .problems
            .iter()
            .map(|p| p.problem.code.as_str().to_owned())
            .collect();
        (summary, codes)
    }

    /// One member in the reference layout, `nik` and `tgl_lahir` as given.
    fn member(nik: ArrayRef, birth: ArrayRef) -> RecordBatch {
        let s = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
        RecordBatch::try_from_iter([
            ("id_rt", s("RT-1")),
            ("kode_desa", s("3171011001")),
            ("no_kk", s("3171011503150007")),
            ("nik", nik),
            ("nama", s("Budi, S.Pd.")),
            ("tgl_lahir", birth),
            (
                "jenis_kelamin",
                Arc::new(Int64Array::from(vec![1])) as ArrayRef,
            ),
            ("hub_keluarga", s("1")),
        ])
        .unwrap()
    }

    #[test]
    fn each_type_is_written_as_the_export_writes_it() {
        let b = RecordBatch::try_from_iter([
            (
                "t",
                Arc::new(StringArray::from(vec![Some("a,\"b\""), None])) as ArrayRef,
            ),
            (
                "i",
                Arc::new(Int64Array::from(vec![Some(-7), None])) as ArrayRef,
            ),
            (
                "f",
                Arc::new(Float64Array::from(vec![Some(1.0), Some(36.5)])) as ArrayRef,
            ),
            (
                "b",
                Arc::new(BooleanArray::from(vec![Some(true), Some(false)])) as ArrayRef,
            ),
            (
                "d",
                Arc::new(Date32Array::from(vec![Some(0), None])) as ArrayRef,
            ),
            (
                "k",
                Arc::new(DictionaryArray::<arrow_array::types::Int8Type>::from_iter(
                    [Some("x"), None],
                )) as ArrayRef,
            ),
        ])
        .unwrap();
        assert_eq!(
            text(&b),
            "t,i,f,b,d,k\n\"a,\"\"b\"\"\",-7,1,1,1970-01-01,x\n,,36.5,0,,\n"
        );
    }

    #[test]
    fn a_typed_table_gets_the_verdict_of_its_csv() {
        let nik = Arc::new(Int64Array::from(vec![3171011708800001])) as ArrayRef;
        let birth = Arc::new(Date32Array::from(vec![3881])) as ArrayRef; // 1980-08-17
        let (s, codes) = run(&member(nik, birth));
        assert_eq!((s.rows_read, s.rows_valid), (1, 1), "{codes:?}");
    }

    /// A NIK held as a float has lost its last digits: judged, not read.
    #[test]
    fn a_float_identity_column_is_judged() {
        let nik = Arc::new(Float64Array::from(vec![9171031708800003.0])) as ArrayRef;
        let birth = Arc::new(StringArray::from(vec!["1980-08-17"])) as ArrayRef;
        let (s, codes) = run(&member(nik, birth));
        assert_eq!(s.rows_valid, 0);
        assert!(codes.iter().any(|c| c == "ID_COLUMN_FLOAT"), "{codes:?}");
    }

    #[test]
    fn a_column_that_holds_no_value_is_refused_up_front() {
        let list =
            ListArray::from_iter_primitive::<arrow_array::types::Int32Type, _, _>([Some(vec![
                Some(1),
            ])]);
        let b = RecordBatch::try_from_iter([("nik", Arc::new(list) as ArrayRef)]).unwrap();
        let opts = Options::new(Format::Csv, as_of());
        let e = validate_batches(
            &b.schema(),
            [Ok(b.clone())].into_iter(),
            &opts,
            &mut Outputs::default(),
        )
        .unwrap_err();
        let BulkError::Table(e) = e else {
            panic!("{e}")
        };
        assert_eq!(e.code(), "TABLE_COLUMN_TYPE");
        assert!(e.message(Lang::Id).starts_with("kolom \"nik\" bertipe"));
    }

    #[test]
    fn a_decimal_comma_and_a_failing_reader_are_named() {
        let b = member(
            Arc::new(StringArray::from(vec!["3171011708800001"])),
            Arc::new(StringArray::from(vec!["1980-08-17"])),
        );
        let mut opts = Options::new(Format::Csv, as_of());
        opts.mapping.decimal = Some(",".into());
        let e = validate_batches(
            &b.schema(),
            std::iter::empty(),
            &opts,
            &mut Outputs::default(),
        );
        assert!(matches!(e, Err(BulkError::Table(TableError::DecimalComma))));
        let mut opts = Options::new(Format::Csv, as_of());
        opts.encoding = crate::bulk::Encoding::Windows1252;
        let e = validate_batches(
            &b.schema(),
            std::iter::empty(),
            &opts,
            &mut Outputs::default(),
        );
        assert!(matches!(e, Err(BulkError::Table(TableError::Encoding))));
        let opts = Options::new(Format::Csv, as_of());
        let failing = [Ok(b.clone()), Err(ArrowError::ParseError("page 3".into()))];
        let e = validate_batches(
            &b.schema(),
            failing.into_iter(),
            &opts,
            &mut Outputs::default(),
        )
        .unwrap_err();
        assert!(
            matches!(e, BulkError::Table(TableError::Read(ref r)) if r.contains("page 3")),
            "{e}"
        );
    }

    proptest! {
        /// Any text cell reaches the CSV reader as the same text (two cells
        /// at least: an export has columns, and one empty cell alone is a
        /// blank line to any CSV reader).
        #[test]
        fn text_cells_survive_the_bridge(cells in proptest::collection::vec(any::<String>(), 2..8)) {
            let mut line = Vec::new();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    line.push(b',');
                }
                put_text(&mut line, c);
            }
            line.push(b'\n');
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&line[..]);
            let rec = r.records().next().unwrap().unwrap();
            let got: Vec<&str> = rec.iter().collect();
            prop_assert_eq!(got, cells.iter().map(String::as_str).collect::<Vec<_>>());
        }

        /// An integral float is written as the integer; any other as Rust writes it.
        #[test]
        fn floats_are_written_exactly(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
            let mut out = Vec::new();
            put_float(&mut out, v);
            let s = String::from_utf8(out).unwrap();
            prop_assert_eq!(s.parse::<f64>().unwrap(), v);
        }
    }
}
