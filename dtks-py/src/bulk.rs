//! Bulk validation: a CSV or JSON Lines file, or any table speaking the
//! Arrow PyCapsule interface (`__arrow_c_stream__`: pyarrow, polars, pandas).
//!
//! Every rule stays in the core: a file is handed to `bulk::validate` as it
//! is, a table's record batches to `bulk::validate_batches`, so no value
//! passes through a Python object. The GIL is released for the whole run.
//!
//! Arrow import/export uses the `arrow-array` crate's C stream interface
//! (`ffi_stream`) directly rather than `pyo3-arrow`: arrow-rs is the Apache
//! reference implementation and all this needs is its C stream import and
//! export; `pyo3-arrow` 0.20 would add numpy, arrow-cast and chrono-tz, and
//! its default buffer-protocol feature is not available under abi3-py39.

use crate::assess::PyRuleSet;
use crate::{errors, util};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use chrono::NaiveDate;
use dtks_core::bulk::eligibility::{AssessStage, StageTotals};
use dtks_core::bulk::{
    self, Collect, Delimiter, Encoding, Format, HtmlReport, Mapping, Options, Outputs, RowProblem,
    RowVerdict, Summary, TableFormat,
};
use dtks_core::problem::Lang;
use dtks_core::rules::RuleSets;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use std::io;
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
pub(crate) struct Job {
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
    /// One partition of a table validated in parts ([`Options::partition`]).
    pub(crate) partition: Option<bulk::partition::Partition>,
    /// Keep the keys the cross-record index meets ([`Outputs::keys`]).
    pub(crate) keys: bool,
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
    pub(crate) fn from_options(
        py: Python<'_>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Job> {
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
            partition: None,
            keys: false,
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
fn run<F>(
    py: Python<'_>,
    input: F,
    input_path: Option<&Path>,
    job: Job,
    progress: Option<Py<PyAny>>,
) -> PyResult<PyReport>
where
    F: FnOnce(&Options<'_>, &mut Outputs<'_>) -> Result<bulk::Summary, bulk::BulkError> + Send,
{
    run_with_keys(py, input, input_path, job, progress).map(|(r, _)| r)
}

/// [`run`], and the keys the index met when the job asks for them
/// ([`Job::keys`]). A partition's verdicts start at its own first row.
pub(crate) fn run_with_keys<F>(
    py: Python<'_>,
    input: F,
    input_path: Option<&Path>,
    job: Job,
    progress: Option<Py<PyAny>>,
) -> PyResult<(PyReport, Vec<bulk::partition::Key>)>
where
    F: FnOnce(&Options<'_>, &mut Outputs<'_>) -> Result<bulk::Summary, bulk::BulkError> + Send,
{
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
        partition,
        keys: want_keys,
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
        opts.partition = partition.as_ref();
        if let Some(s) = &stage {
            opts.stages.push(s);
        }
        let mut collect = Collect::default();
        // A partition keeps the verdicts of its own rows.
        collect.rows_before = partition.as_ref().map_or(0, |p| p.rows_before());
        let mut html = HtmlReport::new(input_name.as_deref().unwrap_or("-"));
        let mut keys = Vec::new();
        let summary = {
            let mut out = Outputs::default();
            if want_keys {
                out.keys = Some(&mut keys);
            }
            out.sinks.push(&mut collect);
            out.sinks.push(&mut html);
            if let Some(w) = valid.as_mut() {
                out.valid = Some(w);
            }
            if let Some(w) = invalid.as_mut() {
                out.invalid = Some(w);
            }
            input(&opts, &mut out)
        };
        summary.map(|s| (s, collect, html, keys))
    });
    match result {
        Ok((summary, c, html, keys)) => Ok((
            PyReport {
                problems: c.problems,
                summary,
                rows: c.rows,
                html,
            },
            keys,
        )),
        Err(bulk::BulkError::Io(e)) => Err(errors::io_error(py, "", &e)),
        Err(bulk::BulkError::Mapping(e)) => Err(errors::invalid_mapping(py, e.to_string())),
        Err(bulk::BulkError::Table(e)) => Err(errors::table_error(py, &e)),
        Err(e @ bulk::BulkError::PartitionGroup) => {
            Err(errors::invalid_argument(py, e.to_string()))
        }
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
    // As `dtks validate` decides: a Parquet or Arrow IPC file is read by its
    // columns.
    if let Some(t) = TableFormat::from_path(&shown).filter(|_| job.format.is_none()) {
        let file = std::fs::File::open(&path).map_err(|e| errors::io_error(py, &shown, &e))?;
        let input = move |o: &Options<'_>, out: &mut Outputs<'_>| {
            bulk::validate_table_file(file, t, o, out)
        };
        return run(py, input, Some(&path), job, progress);
    }
    if job.format.is_none() {
        // As `dtks validate` decides: a name that says neither CSV nor JSON
        // Lines (`export.gz`, `notes.pdf`) is refused, never read as CSV.
        match Format::from_path(&shown) {
            Some(f) => job.format = Some(f),
            None => return Err(errors::unknown_format(py, &shown)),
        }
    }
    let file = std::fs::File::open(&path).map_err(|e| errors::io_error(py, &shown, &e))?;
    job.size_hint = file.metadata().ok().map(|m| m.len());
    let reader = io::BufReader::with_capacity(1 << 20, file);
    let input = move |o: &Options<'_>, out: &mut Outputs<'_>| bulk::validate(reader, o, out);
    run(py, input, Some(&path), job, progress)
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
    // As the command decides standard input: the first characters tell.
    job.format = job.format.or(Some(Format::sniff(text.as_bytes())));
    let input = move |o: &Options<'_>, out: &mut Outputs<'_>| {
        bulk::validate(io::Cursor::new(text.into_bytes()), o, out)
    };
    run(py, input, None, job, None)
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
) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
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
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| arrow_err(py, &e))?;
    Ok((schema, batches))
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
    // An encoding asked for a table is refused by the core (TABLE_ENCODING).
    let job = Job::from_options(py, options)?;
    let (schema, batches) = import_stream(py, table)?;
    let input = move |o: &Options<'_>, out: &mut Outputs<'_>| {
        bulk::validate_batches(&schema, batches.into_iter().map(Ok), o, out)
    };
    run(py, input, None, job, progress)
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
