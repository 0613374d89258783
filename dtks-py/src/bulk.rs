//! Bulk validation: a CSV or JSON Lines file, or any table speaking the
//! Arrow PyCapsule interface (`__arrow_c_stream__`: pyarrow, polars, pandas).
//!
//! Every rule stays in `dtks_core::bulk::validate`: a file is handed to it as
//! it is; a table is handed to it as the reference CSV layout, serialised
//! column by column from the Arrow buffers on the fly ([`ArrowCsv`]), so the
//! core's grouping, row accounting and cross-record index run unchanged and
//! no value passes through a Python object. The GIL is released for the whole
//! run.
//!
//! Arrow import/export uses the `arrow-array` crate's C stream interface
//! (`ffi_stream`) directly rather than `pyo3-arrow`: arrow-rs is the Apache
//! reference implementation and all this needs is its C stream import and
//! export; `pyo3-arrow` 0.20 would add numpy, arrow-cast and chrono-tz, and
//! its default buffer-protocol feature is not available under abi3-py39.

use crate::assess::PyRuleSet;
use crate::{errors, util};
use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchIterator};
use arrow_schema::{ArrowError, DataType, TimeUnit};
use chrono::NaiveDate;
use dtks_core::bulk::eligibility::{AssessStage, StageTotals};
use dtks_core::bulk::{
    self, Collect, Delimiter, Encoding, Format, HtmlReport, Mapping, Options, Outputs, RowProblem,
    RowVerdict, Summary,
};
use dtks_core::problem::Lang;
use dtks_core::rules::RuleSets;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The outcome of a bulk run: every problem placed on its rows, and the summary.
///
/// >>> import dtks.bulk
/// >>> r = dtks.bulk.validate_csv_text("id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n"
/// ...     "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n", as_of="2026-01-01")
/// >>> r.summary["rows_read"], r.summary["rows_valid"], r.valid
/// (1, 1, True)
#[pyclass(module = "dtks", name = "Report", frozen)]
#[derive(Debug)]
pub struct PyReport {
    problems: Vec<RowProblem>,
    summary: Summary,
    /// The core's verdict on every record (`rows[i]` for record `i + 1`).
    rows: Vec<RowVerdict>,
    /// The totals of the HTML page (`html()`, `_repr_html_()`).
    html: HtmlReport,
}

#[pymethods]
impl PyReport {
    /// The summary: rows read/valid/invalid, households, members, counts per
    /// code and per region, the input's sha256, the region table and as_of.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.summary)
    }

    /// Every problem as a dict (row, rows, household, field, path, code,
    /// severity, context, message_id, message_en), in input order.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let l = PyList::empty(py);
        for p in &self.problems {
            l.append(util::answer(py, p)?)?;
        }
        Ok(l)
    }

    /// With `assess=`: households assessed and skipped (errors), and per
    /// programme, province and regency the eligible / not eligible /
    /// undecidable counts and yearly amounts; `None` without it.
    #[getter]
    fn assessment<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        StageTotals::of(&self.summary)
            .map(|t| util::answer(py, &t))
            .transpose()
    }

    /// True when no record has an error.
    #[getter]
    fn valid(&self) -> bool {
        self.summary.valid()
    }

    fn __len__(&self) -> usize {
        self.problems.len()
    }

    /// One flag per input record, in input order (record 1 first): `True`
    /// where the record has no error. The accounting's own verdict, so
    /// `sum(report.valid_mask()) == report.summary["rows_valid"]`; a
    /// table's rows filtered by it are the valid rows (`df.filter(mask)`,
    /// `table.filter(pyarrow.array(mask))`, `frame[mask]`).
    fn valid_mask(&self) -> Vec<bool> {
        self.rows.iter().map(|v| *v == RowVerdict::Valid).collect()
    }

    /// One flag per input record: `True` where the record has an error (its
    /// own, its household's, or the file's); `sum(...) == rows_invalid`.
    fn invalid_mask(&self) -> Vec<bool> {
        self.rows
            .iter()
            .map(|v| *v == RowVerdict::Invalid)
            .collect()
    }

    /// The problems as an Arrow C stream (PyCapsule interface): `pyarrow.table(report)`,
    /// `polars.DataFrame(report)`. Columns: row (the first record), rows (every
    /// record it points at: a household problem points at all its rows),
    /// household, field, path, code, severity, context (a struct with one
    /// nullable text field per context key of the report), message_id,
    /// message_en.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The schema is fixed; a requested one is a hint consumers may send.
        let _ = requested_schema;
        let batch = bulk::problems_table(&self.problems).map_err(|e| arrow_err(py, &e))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __repr__(&self) -> String {
        format!(
            "Report(rows_read={}, rows_valid={}, rows_invalid={}, problems={})",
            self.summary.rows_read,
            self.summary.rows_valid,
            self.summary.rows_invalid,
            self.problems.len()
        )
    }

    /// The problems as a `pyarrow.Table` (needs pyarrow; `polars.DataFrame(report)`
    /// works without it).
    fn problems_table<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pa = slf.py().import("pyarrow")?;
        pa.call_method1("table", (slf,))
    }

    /// The terminal summary table, as `dtks validate` prints it.
    fn table(&self) -> String {
        self.summary.table()
    }

    /// The report as one self-contained HTML page, the one `dtks validate
    /// --report out.html` writes: `lang` `"id"` (default) or `"en"`.
    #[pyo3(signature = (lang = "id"))]
    fn html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let lang = Lang::parse(lang)
            .ok_or_else(|| errors::invalid_argument(py, "lang: \"id\" or \"en\""))?;
        Ok(self.html.html(lang))
    }

    /// Jupyter's rich display: the headline and the problems per code, in
    /// Indonesian (`html("en")` gives the whole page in English).
    fn _repr_html_(&self) -> String {
        self.html.fragment(Lang::Id)
    }
}

fn arrow_err(py: Python<'_>, e: &ArrowError) -> PyErr {
    errors::invalid_argument(py, format!("arrow: {e}"))
}

/// A mapping by builtin name (`reference`, `bdt2015`) or a `.toml`/`.json` file.
pub(crate) fn mapping(py: Python<'_>, spec: Option<&str>) -> PyResult<Mapping> {
    let Some(spec) = spec else {
        return Ok(Mapping::reference());
    };
    let m = if let Some(m) = Mapping::builtin(spec) {
        m
    } else {
        let text = std::fs::read_to_string(spec).map_err(|e| errors::io_error(py, spec, &e))?;
        Mapping::from_file_text(&text, spec)
            .map_err(|e| errors::invalid_mapping(py, e.to_string()))?
    };
    m.check()
        .map_err(|e| errors::invalid_mapping(py, e.to_string()))?;
    Ok(m)
}

/// What to run, as the Python functions were asked: the one place where
/// Python keyword arguments become the core's [`Options`].
struct Job {
    format: Option<Format>,
    mapping: Mapping,
    as_of: NaiveDate,
    threads: usize,
    /// The input's size in bytes, when known ([`Options::size_hint`]).
    size_hint: Option<u64>,
    /// CSV: the byte between fields; `None`: detected ([`Options::delimiter`]).
    delimiter: Option<Delimiter>,
    /// Where the valid / invalid records go, in the input's format.
    valid_out: Option<PathBuf>,
    invalid_out: Option<PathBuf>,
    /// Assess every valid household under these rule sets (`--assess`).
    assess: Option<RuleSets>,
    /// Keep the repaired value of a spreadsheet artefact
    /// ([`Options::accept_repaired`]).
    accept_repaired: bool,
    /// The text encoding of a file ([`Options::encoding`]).
    encoding: Encoding,
    /// Household by household whatever the order ([`Options::group`]).
    group: bool,
    /// A workbook's sheet ([`Options::sheet`]).
    sheet: Option<String>,
    /// A table's columns of floating-point type ([`Options::float_columns`]).
    float_columns: Vec<String>,
}

/// The keywords [`Job::from_options`] knows.
const OPTION_NAMES: &[&str] = &[
    "format",
    "mapping",
    "as_of",
    "threads",
    "delimiter",
    "valid_out",
    "invalid_out",
    "assess",
    "decimal_comma",
    "date_formats",
    "nulls",
    "accept_repaired",
    "encoding",
    "group",
    "sheet",
];

impl Job {
    /// From the options dict the Python face (`dtks.bulk`) passes. Every
    /// key is a keyword of the public functions; `None` values are the
    /// defaults. An unknown key is `InvalidArgument` (never ignored).
    fn from_options(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Job> {
        let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
            match options {
                Some(d) => Ok(d.get_item(k)?.filter(|v| !v.is_none())),
                None => Ok(None),
            }
        };
        if let Some(d) = options {
            for k in d.keys() {
                let k: String = k.extract()?;
                if !OPTION_NAMES.contains(&k.as_str()) {
                    return Err(errors::invalid_argument(
                        py,
                        format!("unknown option {k:?} (known: {})", OPTION_NAMES.join(", ")),
                    ));
                }
            }
        }
        let text = |k: &str| -> PyResult<Option<String>> {
            get(k)?.map(|v| v.extract::<String>()).transpose()
        };
        let path = |k: &str| -> PyResult<Option<PathBuf>> {
            get(k)?.map(|v| v.extract::<PathBuf>()).transpose()
        };
        let format = text("format")?
            .map(|f| {
                Format::parse(&f).ok_or_else(|| {
                    errors::invalid_argument(py, "format: expected \"csv\" or \"jsonl\"")
                })
            })
            .transpose()?;
        let mapping = self::mapping(py, text("mapping")?.as_deref())?;
        // How fields are read, laid over the mapping (the command's
        // --decimal-comma, --date-format and --null).
        let flag = |k: &str| -> PyResult<bool> {
            Ok(get(k)?
                .map(|v| v.extract::<bool>())
                .transpose()?
                .unwrap_or(false))
        };
        let list = |k: &str| -> PyResult<Vec<String>> {
            Ok(get(k)?
                .map(|v| v.extract::<Vec<String>>())
                .transpose()?
                .unwrap_or_default())
        };
        let mapping = mapping
            .with_overrides(
                flag("decimal_comma")?,
                &list("date_formats")?,
                &list("nulls")?,
            )
            .map_err(|e| errors::invalid_mapping(py, e.to_string()))?;
        let accept_repaired = flag("accept_repaired")?;
        let group = flag("group")?;
        let encoding = match text("encoding")? {
            None => Encoding::Auto,
            Some(e) => Encoding::parse(&e).ok_or_else(|| {
                errors::invalid_argument(
                    py,
                    format!("encoding: unknown {e:?} (auto, utf-8, utf-16le, utf-16be or cp1252)"),
                )
            })?,
        };
        let as_of = util::as_of(py, get("as_of")?.as_ref())?;
        let threads = get("threads")?
            .map(|v| v.extract::<usize>())
            .transpose()?
            .unwrap_or(0);
        let delimiter = parse_delimiter(py, text("delimiter")?.as_deref())?;
        // `assess`: True (the built-in rule sets), False/None, or a RuleSet.
        let assess = match get("assess")? {
            None => None,
            Some(v) => {
                if let Ok(r) = v.cast::<PyRuleSet>() {
                    Some(RuleSets::clone(&r.get().sets))
                } else if v.extract::<bool>()? {
                    Some(RuleSets::builtin().clone())
                } else {
                    None
                }
            }
        };
        Ok(Job {
            format,
            mapping,
            as_of,
            threads,
            size_hint: None,
            delimiter,
            valid_out: path("valid_out")?,
            invalid_out: path("invalid_out")?,
            assess,
            accept_repaired,
            encoding,
            group,
            sheet: text("sheet")?,
            float_columns: Vec::new(),
        })
    }
}

/// An output file, opened for writing (after the paths were checked).
fn create(py: Python<'_>, path: &Path) -> PyResult<io::BufWriter<std::fs::File>> {
    std::fs::File::create(path)
        .map(|f| io::BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| errors::io_error(py, &path.to_string_lossy(), &e))
}

/// Runs the core over `input` with the GIL released; progress (if any) is
/// reported to a Python callable `progress(rows, bytes)`. `input_path` is
/// the file read, if any: no output may be it (or another output).
fn run<R: Read + Send>(
    py: Python<'_>,
    input: R,
    input_path: Option<&Path>,
    job: Job,
    progress: Option<Py<PyAny>>,
) -> PyResult<PyReport> {
    let Job {
        format,
        mapping,
        as_of,
        threads,
        size_hint,
        delimiter,
        valid_out,
        invalid_out,
        assess,
        accept_repaired,
        encoding,
        group,
        sheet,
        float_columns,
    } = job;
    let stage = assess.map(AssessStage::new);
    let format = format.unwrap_or(Format::Csv);
    let shown = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
    let (valid_name, invalid_name) = (shown(&valid_out), shown(&invalid_out));
    let input_name = input_path.map(|p| p.to_string_lossy().into_owned());
    dtks_cli::distinct_outputs(
        input_name.as_deref(),
        &[
            ("valid_out", valid_name.as_deref()),
            ("invalid_out", invalid_name.as_deref()),
        ],
    )
    .map_err(|e| errors::invalid_argument(py, e))?;
    let mut valid = valid_out.as_deref().map(|p| create(py, p)).transpose()?;
    let mut invalid = invalid_out.as_deref().map(|p| create(py, p)).transpose()?;
    let result = util::without_gil(py, move || {
        let callback = move |p: bulk::Progress| {
            if let Some(cb) = &progress {
                Python::attach(|py| {
                    // A failing progress callback must not stop the run.
                    if let Err(e) = cb.call1(py, (p.rows, p.bytes)) {
                        e.write_unraisable(py, None);
                    }
                });
            }
        };
        let mut opts = Options::new(format, as_of);
        opts.mapping = mapping;
        opts.threads = threads;
        opts.progress = Some(&callback);
        opts.size_hint = size_hint;
        opts.delimiter = delimiter;
        opts.accept_repaired = accept_repaired;
        opts.encoding = encoding;
        opts.group = group;
        opts.sheet = sheet;
        opts.float_columns = float_columns;
        if let Some(s) = &stage {
            opts.stages.push(s);
        }
        let mut collect = Collect::default();
        let mut html = HtmlReport::new(input_name.as_deref().unwrap_or("-"));
        let summary = {
            let mut out = Outputs::default();
            out.sinks.push(&mut collect);
            out.sinks.push(&mut html);
            if let Some(w) = valid.as_mut() {
                out.valid = Some(w);
            }
            if let Some(w) = invalid.as_mut() {
                out.invalid = Some(w);
            }
            bulk::validate(input, &opts, &mut out)
        };
        summary.map(|s| (s, collect, html))
    });
    match result {
        Ok((summary, c, html)) => Ok(PyReport {
            problems: c.problems,
            summary,
            rows: c.rows,
            html,
        }),
        Err(bulk::BulkError::Io(e)) => Err(errors::io_error(py, "", &e)),
        Err(bulk::BulkError::Mapping(e)) => Err(errors::invalid_mapping(py, e.to_string())),
        Err(e) => Err(pyo3::exceptions::PyRuntimeError::new_err(e.to_string())),
    }
}

fn parse_delimiter(py: Python<'_>, delimiter: Option<&str>) -> PyResult<Option<Delimiter>> {
    delimiter
        .map(|d| {
            Delimiter::parse(d).ok_or_else(|| {
                errors::invalid_argument(
                    py,
                    format!(
                        "delimiter: {d:?} cannot separate fields (\",\", \";\", \"|\", \"tab\", …)"
                    ),
                )
            })
        })
        .transpose()
}

/// Validates a CSV (reference layout, or through `mapping`) or JSON Lines
/// file. Raises `DtksIOError` when the file cannot be read, `InvalidMapping`
/// for an unusable mapping; findings in the data are in the report.
#[pyfunction]
#[pyo3(signature = (path, progress = None, options = None))]
pub fn validate_file(
    py: Python<'_>,
    path: PathBuf,
    progress: Option<Py<PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyReport> {
    let shown = path.to_string_lossy().into_owned();
    let mut job = Job::from_options(py, options)?;
    if job.format.is_none() {
        // As `dtks validate` decides: a name that says neither CSV nor JSON
        // Lines (a Parquet file, `export.gz`) is refused, never read as CSV.
        match Format::from_path(&shown) {
            Some(f) => job.format = Some(f),
            None => return Err(errors::unknown_format(py, &shown)),
        }
    }
    let file = std::fs::File::open(&path).map_err(|e| errors::io_error(py, &shown, &e))?;
    job.size_hint = file.metadata().ok().map(|m| m.len());
    let reader = io::BufReader::with_capacity(1 << 20, file);
    run(py, reader, Some(&path), job, progress)
}

/// Validates text (CSV or JSON Lines) held in memory.
#[pyfunction]
#[pyo3(signature = (text, options = None))]
pub fn validate_text(
    py: Python<'_>,
    text: String,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyReport> {
    let mut job = Job::from_options(py, options)?;
    decoded_already(py, job.encoding, "a str")?;
    job.size_hint = Some(text.len() as u64);
    run(py, io::Cursor::new(text.into_bytes()), None, job, None)
}

/// Text that Python already holds as characters has no encoding to choose:
/// asking for one is a mistake said, not ignored.
fn decoded_already(py: Python<'_>, encoding: Encoding, what: &str) -> PyResult<()> {
    if matches!(encoding, Encoding::Auto | Encoding::Utf8) {
        return Ok(());
    }
    Err(errors::invalid_argument(
        py,
        format!(
            "encoding: {what} is already decoded text; pass encoding to validate_file, \
             or decode the bytes with .decode(\"{}\") first",
            encoding.as_str()
        ),
    ))
}

/// Imports an object's Arrow C stream (`__arrow_c_stream__`) as record batches.
pub(crate) fn import_stream(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
) -> PyResult<Vec<RecordBatch>> {
    if !table.hasattr("__arrow_c_stream__")? {
        return Err(errors::invalid_argument(
            py,
            "expected a table with __arrow_c_stream__ (pyarrow Table, polars or pandas DataFrame)",
        ));
    }
    let capsule = table.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let name_ok = capsule
        .name()?
        .map(|n| {
            // SAFETY: the name pointer comes from a live capsule and is NUL-terminated.
            unsafe { n.as_cstr() }.to_bytes() == b"arrow_array_stream"
        })
        .unwrap_or(false);
    if !name_ok {
        return Err(errors::invalid_argument(
            py,
            "__arrow_c_stream__ did not return an \"arrow_array_stream\" capsule",
        ));
    }
    let ptr = capsule
        .pointer_checked(Some(c"arrow_array_stream"))?
        .as_ptr()
        .cast::<FFI_ArrowArrayStream>();
    // SAFETY: the capsule protocol guarantees a valid, initialised
    // ArrowArrayStream behind a capsule of this name; `from_raw` moves it out
    // and leaves a released stream behind, which the capsule's destructor
    // then skips (Arrow PyCapsule interface, "lifetime semantics").
    let reader =
        unsafe { RecordBatchStreamReader::from_raw(ptr) }.map_err(|e| arrow_err(py, &e))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| arrow_err(py, &e))
}

/// Validates a table in the reference layout (or through `mapping`): any
/// object with `__arrow_c_stream__`. Column names are matched as a CSV
/// header is; rows are numbered from 1 in table order.
#[pyfunction]
#[pyo3(signature = (table, progress = None, options = None))]
pub fn validate_arrow(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    progress: Option<Py<PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyReport> {
    let mut job = Job::from_options(py, options)?;
    decoded_already(py, job.encoding, "a table")?;
    if job.mapping.decimal.as_deref() == Some(",") {
        // Number columns reach the bridge as numbers and leave it with a
        // dot: a decimal comma would make every one of them invalid.
        return Err(errors::invalid_argument(
            py,
            "decimal_comma: a table's number columns carry no decimal mark; \
             convert text columns such as \"36,5\" before validating",
        ));
    }
    let batches = import_stream(py, table)?;
    let csv = ArrowCsv::new(batches).map_err(|e| errors::invalid_argument(py, e))?;
    // The column types go to the core, which judges an identity number
    // held as a float (the bridge writes a float's digits as they are).
    job.float_columns = csv.float_columns.clone();
    job.format = Some(Format::Csv);
    // The bridge writes commas: nothing to detect.
    job.delimiter = Some(Delimiter::COMMA);
    run(py, csv, None, job, progress)
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

/// Writes a string field, quoted when it must be (RFC 4180).
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
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

/// A floating-point cell as text, the same for a table column and a row
/// dict's value: nothing for NaN, an integral value as an integer (pandas
/// turns an integer column with a missing value into float64, 1 -> 1.0),
/// anything else as Rust writes it. The column is then among
/// `Options::float_columns`, so the core judges an identity number held
/// as a float (`ID_COLUMN_FLOAT`, `NIK_FLOAT_PRECISION`).
pub(crate) fn put_float(out: &mut Vec<u8>, v: f64) {
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

impl Col {
    fn of(array: &ArrayRef, name: &str) -> Result<Col, String> {
        let a = array.as_ref();
        Ok(match a.data_type() {
            DataType::Utf8 => Col::Utf8(a.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Col::LargeUtf8(a.as_string::<i64>().clone()),
            DataType::Utf8View => Col::View(a.as_string_view().clone()),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => Col::Int(array.clone()),
            DataType::Float32 | DataType::Float64 => Col::Float(array.clone()),
            DataType::Boolean => Col::Bool(a.as_boolean().clone()),
            DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => {
                Col::Date(array.clone())
            }
            DataType::Null => Col::Null,
            DataType::Dictionary(_, _) => {
                let values = match a.data_type() {
                    DataType::Dictionary(k, _) => match k.as_ref() {
                        DataType::Int8 => a.as_dictionary::<Int8Type>().values().clone(),
                        DataType::Int16 => a.as_dictionary::<Int16Type>().values().clone(),
                        DataType::Int32 => a.as_dictionary::<Int32Type>().values().clone(),
                        DataType::Int64 => a.as_dictionary::<Int64Type>().values().clone(),
                        DataType::UInt8 => a.as_dictionary::<UInt8Type>().values().clone(),
                        DataType::UInt16 => a.as_dictionary::<UInt16Type>().values().clone(),
                        DataType::UInt32 => a.as_dictionary::<UInt32Type>().values().clone(),
                        DataType::UInt64 => a.as_dictionary::<UInt64Type>().values().clone(),
                        t => return Err(format!("column {name}: dictionary key type {t}")),
                    },
                    _ => return Err(format!("column {name}: not a dictionary")),
                };
                let inner = Col::of(&values, name)?;
                Col::Dict(array.clone(), Box::new(inner))
            }
            t => return Err(format!("column {name}: unsupported Arrow type {t}")),
        })
    }

    /// Writes row `i` (nothing for a null).
    fn put(&self, i: usize, out: &mut Vec<u8>) {
        match self {
            Col::Utf8(a) => {
                if a.is_valid(i) {
                    put_str(out, a.value(i));
                }
            }
            Col::LargeUtf8(a) => {
                if a.is_valid(i) {
                    put_str(out, a.value(i));
                }
            }
            Col::View(a) => {
                if a.is_valid(i) {
                    put_str(out, a.value(i));
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
                if !a.is_valid(i) {
                    return;
                }
                let key = match a.data_type() {
                    DataType::Dictionary(k, _) => match k.as_ref() {
                        DataType::Int8 => a.as_dictionary::<Int8Type>().keys().value(i) as usize,
                        DataType::Int16 => a.as_dictionary::<Int16Type>().keys().value(i) as usize,
                        DataType::Int32 => a.as_dictionary::<Int32Type>().keys().value(i) as usize,
                        DataType::Int64 => a.as_dictionary::<Int64Type>().keys().value(i) as usize,
                        DataType::UInt8 => a.as_dictionary::<UInt8Type>().keys().value(i) as usize,
                        DataType::UInt16 => {
                            a.as_dictionary::<UInt16Type>().keys().value(i) as usize
                        }
                        DataType::UInt32 => {
                            a.as_dictionary::<UInt32Type>().keys().value(i) as usize
                        }
                        DataType::UInt64 => {
                            a.as_dictionary::<UInt64Type>().keys().value(i) as usize
                        }
                        _ => return,
                    },
                    _ => return,
                };
                values.put(key, out);
            }
            Col::Null => {}
        }
    }
}

/// The batches of a table read as reference-layout CSV text, a few thousand
/// rows at a time (header first).
pub(crate) struct ArrowCsv {
    /// The columns of floating-point type, by name.
    pub(crate) float_columns: Vec<String>,
    batches: std::vec::IntoIter<RecordBatch>,
    cols: Vec<Col>,
    rows: usize,
    row: usize,
    buf: Vec<u8>,
    pos: usize,
}

impl ArrowCsv {
    pub(crate) fn new(batches: Vec<RecordBatch>) -> Result<ArrowCsv, String> {
        let Some(first) = batches.first() else {
            return Ok(ArrowCsv {
                float_columns: Vec::new(),
                batches: Vec::new().into_iter(),
                cols: Vec::new(),
                rows: 0,
                row: 0,
                buf: Vec::new(),
                pos: 0,
            });
        };
        let mut buf = Vec::with_capacity(1 << 16);
        for (i, f) in first.schema().fields().iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            put_str(&mut buf, f.name());
        }
        buf.push(b'\n');
        // Check every column type up front, so a bad type is an error now
        // rather than a half-validated table.
        for b in &batches {
            for (a, f) in b.columns().iter().zip(b.schema().fields()) {
                Col::of(a, f.name())?;
            }
        }
        let float_columns = first
            .schema()
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
        Ok(ArrowCsv {
            float_columns,
            batches: batches.into_iter(),
            cols: Vec::new(),
            rows: 0,
            row: 0,
            buf,
            pos: 0,
        })
    }

    /// Refills `buf` with the next rows; false at the end.
    fn refill(&mut self) -> bool {
        self.buf.clear();
        self.pos = 0;
        while self.row >= self.rows {
            let Some(b) = self.batches.next() else {
                return false;
            };
            let schema = b.schema();
            self.cols = b
                .columns()
                .iter()
                .zip(schema.fields())
                .filter_map(|(a, f)| Col::of(a, f.name()).ok())
                .collect();
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
        true
    }
}

impl Read for ArrowCsv {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.buf.len() && !self.refill() {
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

/// Registers the bulk functions and the report class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyReport>()?;
    m.add_function(wrap_pyfunction!(validate_file, m)?)?;
    m.add_function(wrap_pyfunction!(validate_text, m)?)?;
    m.add_function(wrap_pyfunction!(validate_arrow, m)?)?;
    let formats = PyDict::new(m.py());
    formats.set_item("csv", "reference CSV layout (docs/domain/export-layout.md)")?;
    formats.set_item("jsonl", "one household JSON per line")?;
    m.add("FORMATS", formats)?;
    m.add("MAPPINGS", bulk::BUILTIN.to_vec())?;
    Ok(())
}
