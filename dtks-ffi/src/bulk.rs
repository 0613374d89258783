//! Bulk validation of a whole export (CSV in the reference layout, or JSON
//! Lines) into a report.

use crate::error::{boundary, boundary_or, dtks_status, Error};
use crate::strings::{arg_bytes, arg_date, arg_str, check_out, owned, write_out};
use dtks_core::bulk::eligibility::{AssessStage, StageTotals};
use dtks_core::bulk::{
    self, BulkError, Collect, Delimiter, Encoding, Format, HtmlReport, JsonReport, Mapping,
    Options, Outputs, RowProblem, Summary, TableFormat,
};
use dtks_core::problem::Lang;
use std::ffi::{c_char, c_void};
use std::io::Read;

/// The counts of a bulk run, filled by the `dtks_bulk_*` functions when
/// asked. A plain value.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_bulk_summary {
    /// Records read (CSV: member rows; JSON Lines: non-blank lines).
    pub rows_read: u64,
    /// Records without an error.
    pub rows_valid: u64,
    /// Records with at least one error.
    pub rows_invalid: u64,
    /// Households built.
    pub households: u64,
    /// Problems reported (errors + warnings).
    pub problems: u64,
    /// Of which errors.
    pub errors: u64,
    /// Of which warnings.
    pub warnings: u64,
}

impl From<&Summary> for dtks_bulk_summary {
    fn from(s: &Summary) -> dtks_bulk_summary {
        dtks_bulk_summary {
            rows_read: s.rows_read,
            rows_valid: s.rows_valid,
            rows_invalid: s.rows_invalid,
            households: s.households,
            problems: s.problems,
            errors: s.errors,
            warnings: s.warnings,
        }
    }
}

fn format_arg(s: &str) -> Result<Format, Error> {
    Format::parse(s).ok_or(Error::argument(
        "format",
        "\"csv\" atau \"jsonl\"",
        "\"csv\" or \"jsonl\"",
    ))
}

/// Runs the pipeline and returns the JSON report with its counts.
fn run<R: Read + Send>(
    input: R,
    format: Format,
    as_of: chrono::NaiveDate,
    size_hint: Option<u64>,
) -> Result<(String, dtks_bulk_summary), Error> {
    let mut opts = Options::new(format, as_of);
    opts.size_hint = size_hint;
    let mut buf = Vec::new();
    let summary = {
        let mut report = JsonReport::new(&mut buf);
        let mut out = Outputs::default();
        out.sinks.push(&mut report);
        bulk::validate(input, &opts, &mut out).map_err(|e| match e {
            BulkError::Io(e) => Error::io(&e),
            _ => Error::Internal,
        })?
    };
    let text = String::from_utf8(buf).map_err(|_| Error::Internal)?;
    Ok((text, dtks_bulk_summary::from(&summary)))
}

/// Validates a whole file: the reference CSV layout (one row per member,
/// columns found by name) or JSON Lines (one household per line), with the
/// cross-record checks (a NIK in two households, …).
///
/// Parameters:
/// - `path`: NUL-terminated UTF-8 file path, read by the library.
/// - `format`: `"csv"` or `"jsonl"`, or NULL to take it from the file
///   name's extension.
/// - `as_of`: `YYYY-MM-DD`.
/// - `report_out`: receives the report as JSON, `{"problems": [...],
///   "summary": {...}}` (the shape of `dtks validate --report json`); may
///   be NULL when only the counts are wanted.
/// - `summary_out`: receives the counts; may be NULL.
///
/// Returns: `DTKS_OK` (problems in the data are the report, not a
/// failure); `DTKS_IO` (the file cannot be read; the message gives the
/// system's reason); `DTKS_INVALID_ARGUMENT` (unknown format, malformed
/// `as_of`); `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the caller owns `*report_out` and frees it with
/// `dtks_string_free`. The whole report is held in memory.
///
/// Thread safety: any thread. The run uses worker threads of its own.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_validate_file(
    path: *const c_char,
    format: *const c_char,
    as_of: *const c_char,
    report_out: *mut *mut c_char,
    summary_out: *mut dtks_bulk_summary,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract on the string arguments.
        let path = unsafe { arg_str(path, "path") }?;
        let format = if format.is_null() {
            Format::from_path(path).ok_or(Error::argument(
                "format",
                "\"csv\" atau \"jsonl\"",
                "\"csv\" or \"jsonl\"",
            ))?
        } else {
            // SAFETY: as above.
            format_arg(unsafe { arg_str(format, "format") }?)?
        };
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let file = std::fs::File::open(path).map_err(|e| Error::io(&e))?;
        let size = file.metadata().ok().map(|m| m.len());
        let (report, summary) = run(std::io::BufReader::new(file), format, as_of, size)?;
        // SAFETY: each out-pointer is written only if non-NULL.
        unsafe { write_results(report_out, summary_out, &report, summary) };
        Ok(())
    })
}

/// Validates an export held in memory. As `dtks_bulk_validate_file`, with
/// `data`/`len` the bytes (no NUL needed; `len` 0 allows `data` NULL) and
/// `format` required.
///
/// Memory: `data` is borrowed for the call; free `*report_out` with
/// `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_validate_buffer(
    data: *const u8,
    len: usize,
    format: *const c_char,
    as_of: *const c_char,
    report_out: *mut *mut c_char,
    summary_out: *mut dtks_bulk_summary,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract on `data`/`len` and the strings.
        let bytes = unsafe { arg_bytes(data, len, "data") }?;
        // SAFETY: as above.
        let format = format_arg(unsafe { arg_str(format, "format") }?)?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let (report, summary) = run(bytes, format, as_of, Some(bytes.len() as u64))?;
        // SAFETY: each out-pointer is written only if non-NULL.
        unsafe { write_results(report_out, summary_out, &report, summary) };
        Ok(())
    })
}

/// # Safety
/// Each pointer is NULL or valid for a write.
unsafe fn write_results(
    report_out: *mut *mut c_char,
    summary_out: *mut dtks_bulk_summary,
    report: &str,
    summary: dtks_bulk_summary,
) {
    if check_out(report_out, "report_out").is_ok() {
        // SAFETY: non-NULL per the check.
        unsafe { write_out(report_out, owned(report)) };
    }
    if check_out(summary_out, "summary_out").is_ok() {
        // SAFETY: non-NULL per the check.
        unsafe { write_out(summary_out, summary) };
    }
}

// ---- options and report handles ---------------------------------------------

/// A progress callback: called with the records and bytes read so far.
/// `user` is the pointer given to `dtks_bulk_options_set_progress`.
pub type dtks_progress_fn = Option<unsafe extern "C" fn(rows: u64, bytes: u64, user: *mut c_void)>;

/// The host's callback and its pointer. The run calls it from its reader
/// thread, one call at a time, and never after the run returns, so moving
/// the pair to that thread is sound under the contract documented on
/// `dtks_bulk_options_set_progress`.
#[derive(Debug, Clone, Copy)]
struct HostProgress {
    f: unsafe extern "C" fn(u64, u64, *mut c_void),
    user: *mut c_void,
}

// SAFETY: see the type's comment: the host promised (by the function's
// contract) that the callback may be called from another thread, never
// concurrently.
unsafe impl Send for HostProgress {}
// SAFETY: the run never calls it from two threads at once (one reader).
unsafe impl Sync for HostProgress {}

/// The options of a bulk run (`dtks_bulk_run_file`, `dtks_bulk_run_buffer`):
/// an opaque handle, set key by key with `dtks_bulk_options_set`, so that a
/// new option never changes the ABI.
///
/// Created by `dtks_bulk_options_new`, freed by `dtks_bulk_options_free`.
/// Not for concurrent writes: set it on one thread, then any number of runs
/// (on any threads) may read it.
#[derive(Debug, Clone)]
pub struct dtks_bulk_options {
    format: Option<Format>,
    mapping: Mapping,
    as_of: Option<chrono::NaiveDate>,
    threads: usize,
    delimiter: Option<Delimiter>,
    progress: Option<HostProgress>,
    encoding: Encoding,
    sheet: Option<String>,
    /// Laid over whichever mapping is chosen, when a run starts.
    decimal_comma: bool,
    date_formats: Vec<String>,
    nulls: Vec<String>,
    accept_repaired: bool,
    group: bool,
    /// Every valid household assessed by this stage too (`--assess`).
    assess: Option<std::sync::Arc<AssessStage>>,
}

/// The keys `dtks_bulk_options_set` knows, in an Indonesian and an English
/// sentence.
const OPTION_KEYS_ID: &str = "format, as_of, threads, delimiter, encoding, sheet, decimal_comma, \
     date_format, null, accept_repaired, group, mapping, mapping_file, mapping_toml atau mapping_json";
const OPTION_KEYS_EN: &str = "format, as_of, threads, delimiter, encoding, sheet, decimal_comma, \
     date_format, null, accept_repaired, group, mapping, mapping_file, mapping_toml or mapping_json";

fn flag(key: &'static str, value: &str) -> Result<bool, Error> {
    match value {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(Error::argument(
            key,
            "true atau false (1 atau 0)",
            "true or false (1 or 0)",
        )),
    }
}

impl dtks_bulk_options {
    fn set(&mut self, key: &str, value: &str) -> Result<(), Error> {
        match key {
            "format" => self.format = Some(format_arg(value)?),
            "as_of" => {
                let d = dtks_core::answer::parse_date(value).ok_or_else(|| {
                    Error::argument("as_of", "tanggal YYYY-MM-DD", "a date YYYY-MM-DD")
                })?;
                self.as_of = Some(d);
            }
            "threads" => {
                self.threads = value.parse().map_err(|_| {
                    Error::argument(
                        "threads",
                        "bilangan bulat (0 = semua inti)",
                        "a whole number (0 = every core)",
                    )
                })?;
            }
            "delimiter" => {
                self.delimiter = Some(Delimiter::parse(value).ok_or(Error::argument(
                    "delimiter",
                    "\",\", \";\", \"|\", \"tab\" atau tanda baca ASCII lain",
                    "\",\", \";\", \"|\", \"tab\" or another ASCII punctuation mark",
                ))?);
            }
            "encoding" => {
                self.encoding = Encoding::parse(value).ok_or(Error::argument(
                    "encoding",
                    "auto, utf-8, utf-16le, utf-16be atau cp1252",
                    "auto, utf-8, utf-16le, utf-16be or cp1252",
                ))?;
            }
            // A workbook's sheet: a name or a 1-based number; "" is the first.
            "sheet" => self.sheet = (!value.is_empty()).then(|| value.to_owned()),
            "decimal_comma" => self.decimal_comma = flag("decimal_comma", value)?,
            "accept_repaired" => self.accept_repaired = flag("accept_repaired", value)?,
            "group" => self.group = flag("group", value)?,
            // Each call adds one form (an empty value clears them).
            "date_format" => {
                if value.is_empty() {
                    self.date_formats.clear();
                } else {
                    self.date_formats.push(value.to_owned());
                }
            }
            "null" => {
                if value.is_empty() {
                    self.nulls.clear();
                } else {
                    self.nulls.push(value.to_owned());
                }
            }
            "mapping" => {
                self.mapping = Mapping::builtin(value).ok_or(Error::argument(
                    "mapping",
                    "nama pemetaan bawaan",
                    "a built-in mapping name",
                ))?;
            }
            "mapping_file" => {
                let text = std::fs::read_to_string(value).map_err(|e| Error::io(&e))?;
                self.mapping = Mapping::from_file_text(&text, value)
                    .map_err(|e| Error::Mapping(e.to_string()))?;
            }
            "mapping_toml" => self.mapping = mapping_text(value, false)?,
            "mapping_json" => self.mapping = mapping_text(value, true)?,
            _ => return Err(Error::argument("key", OPTION_KEYS_ID, OPTION_KEYS_EN)),
        }
        Ok(())
    }

    fn options(&self, size_hint: Option<u64>) -> Result<Options<'static>, Error> {
        let as_of = self.as_of.ok_or(Error::argument(
            "as_of",
            "diisi dengan dtks_bulk_options_set",
            "set with dtks_bulk_options_set",
        ))?;
        let mut opts = Options::new(self.format.unwrap_or(Format::Csv), as_of);
        // As the command's --decimal-comma, --date-format and --null do.
        opts.mapping = self
            .mapping
            .clone()
            .with_overrides(self.decimal_comma, &self.date_formats, &self.nulls)
            .map_err(|e| Error::Mapping(e.to_string()))?;
        opts.threads = self.threads;
        opts.delimiter = self.delimiter;
        opts.size_hint = size_hint;
        opts.encoding = self.encoding;
        opts.sheet.clone_from(&self.sheet);
        opts.accept_repaired = self.accept_repaired;
        opts.group = self.group;
        Ok(opts)
    }
}

fn mapping_text(text: &str, json: bool) -> Result<Mapping, Error> {
    let m = if json {
        Mapping::from_json(text)
    } else {
        Mapping::from_toml(text)
    };
    let m = m.map_err(|e| Error::Mapping(e.to_string()))?;
    m.check().map_err(|e| Error::Mapping(e.to_string()))?;
    Ok(m)
}

/// Makes an options handle with the defaults: CSV, the reference mapping, the
/// delimiter detected, every core, no progress, and no `as_of` (a run needs
/// one: set it).
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER`. Memory: free `*out` with
/// `dtks_bulk_options_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_options_new(out: *mut *mut dtks_bulk_options) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        let o = dtks_bulk_options {
            format: None,
            mapping: Mapping::reference(),
            as_of: None,
            threads: 0,
            delimiter: None,
            progress: None,
            encoding: Encoding::Auto,
            sheet: None,
            decimal_comma: false,
            date_formats: Vec::new(),
            nulls: Vec::new(),
            accept_repaired: false,
            group: false,
            assess: None,
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(o))) };
        Ok(())
    })
}

/// Sets one option by name (NUL-terminated UTF-8 key and value):
///
/// | key | value |
/// |---|---|
/// | `format` | `csv` or `jsonl` (default: from the file name, as `dtks validate` tells it; a name that tells neither is refused by `dtks_bulk_run_file`; a buffer is `csv`) |
/// | `as_of` | `YYYY-MM-DD`, the reference date of every date check (required) |
/// | `threads` | worker threads, `0` = every core (default) |
/// | `delimiter` | CSV: `,` `;` `\|` `tab` or another ASCII punctuation mark (default: detected from the header) |
/// | `encoding` | `auto` (default: UTF-8, or UTF-16 by its first bytes), `utf-8`, `utf-16le`, `utf-16be`, `cp1252` (gzip is read by its content whatever this says) |
/// | `sheet` | a spreadsheet workbook (xlsx, xlsm, xlsb, xls, ods): the sheet to read, by name, or by number (`1` = the first) when no sheet has that name; `""` (default) the first worksheet |
/// | `decimal_comma` | `true`/`false`: numbers written `36,5` (default false) |
/// | `date_format` | a date form (strftime, e.g. `%d/%m/%Y`); each call adds one, `""` clears; replaces the mapping's |
/// | `null` | a token for unknown (`NULL`, `-`); each call adds one, `""` clears; added to the mapping's |
/// | `accept_repaired` | `true`/`false`: a NIK or KK number a spreadsheet marked (`'3171…`) read with a warning (default false) |
/// | `group` | `true`/`false`: CSV rows validated household by household whatever their order (whole file in memory; default false) |
/// | `mapping` | a built-in column mapping: `reference` (default), `bdt2015` |
/// | `mapping_file` | a mapping document read by the library (`.json` JSON, else TOML) |
/// | `mapping_toml`, `mapping_json` | a mapping document given as text |
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_ARGUMENT` (an unknown key or a bad
/// value; the options are unchanged); `DTKS_INVALID_INPUT` with code
/// `MAPPING_INVALID` for a mapping that cannot be used; `DTKS_IO`;
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Thread safety: not while another thread reads or sets the same handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_options_set(
    options: *mut dtks_bulk_options,
    key: *const c_char,
    value: *const c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle, not shared for the call.
        let o = unsafe { options.as_mut() }.ok_or(Error::Null("options"))?;
        // SAFETY: the caller's contract on the strings.
        let key = unsafe { arg_str(key, "key") }?;
        // SAFETY: as above.
        let value = unsafe { arg_str(value, "value") }?;
        let mut next = o.clone();
        next.set(key, value)?;
        *o = next;
        Ok(())
    })
}

/// Sets (or with `f` NULL, removes) the progress callback of the runs made
/// with these options: `f(rows, bytes, user)` after every chunk read.
///
/// Contract: `f` may be called from a thread of the run other than the
/// caller's (its reader thread), one call at a time, and never after the run
/// returns; `user` must stay valid for the run. `f` must not unwind (a C++
/// exception thrown through it is undefined behaviour) and should return
/// quickly.
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER` (no options).
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_options_set_progress(
    options: *mut dtks_bulk_options,
    f: dtks_progress_fn,
    user: *mut c_void,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle, not shared for the call.
        let o = unsafe { options.as_mut() }.ok_or(Error::Null("options"))?;
        o.progress = f.map(|f| HostProgress { f, user });
        Ok(())
    })
}

/// Sets (or with `rules` NULL, removes) the rule documents every valid
/// household of the runs made with these options is assessed against, as
/// `dtks validate --assess` (built-in documents: `dtks_rules_new`) or
/// `--rules FILE` (documents loaded with `dtks_rules_load`). The report's
/// summary then names the documents applied (`rules`), and
/// `dtks_bulk_report_assessment_json` gives the totals. The options keep
/// their own copy: `rules` may be freed or changed afterwards.
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER` (no options).
///
/// Thread safety: not while another thread reads or sets the same handle;
/// `rules` not while another thread loads into it.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_options_set_rules(
    options: *mut dtks_bulk_options,
    rules: *const crate::assess::dtks_rules,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle, not shared for the call.
        let o = unsafe { options.as_mut() }.ok_or(Error::Null("options"))?;
        // SAFETY: the caller's contract: NULL or a live rule set.
        let rules = unsafe { rules.as_ref() };
        o.assess = rules.map(|r| std::sync::Arc::new(AssessStage::new(r.sets.clone())));
        Ok(())
    })
}

/// Frees an options handle (NULL is a no-op). Thread safety: once, when no
/// thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_options_free(options: *mut dtks_bulk_options) {
    boundary_or((), || {
        if !options.is_null() {
            // SAFETY: from `Box::into_raw` in `dtks_bulk_options_new`.
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// The outcome of a bulk run: the summary and every problem placed on its
/// rows, read page by page (`dtks_bulk_report_problems_json`) so that a host
/// never needs the whole report as one string.
///
/// Created by `dtks_bulk_run_file`/`dtks_bulk_run_buffer`, freed by
/// `dtks_bulk_report_free`. Immutable: any number of threads may read it.
#[derive(Debug)]
pub struct dtks_bulk_report {
    summary: Summary,
    problems: Vec<RowProblem>,
    /// The totals of the HTML page (`dtks_bulk_report_html`).
    html: HtmlReport,
}

fn run_with<F>(
    input: F,
    o: &dtks_bulk_options,
    size_hint: Option<u64>,
    name: &str,
) -> Result<dtks_bulk_report, Error>
where
    F: FnOnce(&Options<'_>, &mut Outputs<'_>) -> Result<bulk::Summary, BulkError>,
{
    let mut opts = o.options(size_hint)?;
    let host = o.progress;
    let tick = move |p: bulk::Progress| {
        if let Some(h) = host {
            // SAFETY: the contract of `dtks_bulk_options_set_progress`.
            unsafe { (h.f)(p.rows, p.bytes, h.user) };
        }
    };
    if host.is_some() {
        opts.progress = Some(&tick);
    }
    if let Some(stage) = o.assess.as_deref() {
        opts.stages.push(stage);
    }
    let mut collect = Collect::default();
    let mut html = HtmlReport::new(name);
    let summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut collect);
        out.sinks.push(&mut html);
        input(&opts, &mut out).map_err(|e| match e {
            BulkError::Io(e) => Error::io(&e),
            BulkError::Mapping(e) => Error::Mapping(e.to_string()),
            BulkError::Table(e) => Error::Invalid {
                code: e.code(),
                id: e.message(Lang::Id),
                en: e.message(Lang::En),
            },
            _ => Error::Internal,
        })?
    };
    Ok(dtks_bulk_report {
        summary,
        problems: collect.problems,
        html,
    })
}

/// Validates a file with options (NULL options: the defaults, which have no
/// `as_of`, so NULL is refused): as `dtks_bulk_validate_file`, but the
/// mapping, delimiter, threads and progress come from `options`, and the
/// result is a report handle.
///
/// A Parquet (`.parquet`, `.pq`) or Arrow IPC (`.arrow`, `.feather`,
/// `.ipc`, `.arrows`) file, with no `format` set, is read by its columns,
/// with the report of the CSV of the same rows (the summary's `format` is
/// `parquet` or `arrow`, its hash the file's).
///
/// Returns: `DTKS_OK` (problems in the data are the report);
/// `DTKS_IO`; `DTKS_INVALID_ARGUMENT` (no `as_of` set; or no `format` set
/// and a file name that tells none of these formats, such as `export.gz`,
/// refused before the file is opened, as `dtks validate` refuses it);
/// `DTKS_INVALID_INPUT` (`MAPPING_INVALID`; `TABLE_READ` for a damaged
/// table file, `TABLE_COLUMN_TYPE` for a column that holds no value);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: free `*report_out` with `dtks_bulk_report_free`. Thread safety:
/// any thread; the run uses worker threads of its own.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_run_file(
    path: *const c_char,
    options: *const dtks_bulk_options,
    report_out: *mut *mut dtks_bulk_report,
) -> dtks_status {
    boundary(|| {
        check_out(report_out, "report_out")?;
        // SAFETY: the caller's contract on the strings and the handle.
        let path = unsafe { arg_str(path, "path") }?;
        // SAFETY: as above.
        let o = unsafe { options.as_ref() }.ok_or(Error::Null("options"))?;
        let mut o = o.clone();
        // As `dtks validate` decides: a Parquet or Arrow IPC file is read by
        // its columns.
        if let Some(t) = TableFormat::from_path(path).filter(|_| o.format.is_none()) {
            let file = std::fs::File::open(path).map_err(|e| Error::io(&e))?;
            let read = move |opts: &Options<'_>, out: &mut Outputs<'_>| {
                bulk::validate_table_file(file, t, opts, out)
            };
            let r = run_with(read, &o, None, path)?;
            // SAFETY: checked non-NULL.
            unsafe { write_out(report_out, Box::into_raw(Box::new(r))) };
            return Ok(());
        }
        if o.format.is_none() {
            // As `dtks validate` decides: a name that tells neither CSV nor
            // JSON Lines is refused before the file is opened.
            o.format = Some(Format::from_path(path).ok_or(Error::argument(
                "format",
                "\"csv\" atau \"jsonl\"",
                "\"csv\" or \"jsonl\"",
            ))?);
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(&e))?;
        let size = file.metadata().ok().map(|m| m.len());
        let reader = std::io::BufReader::new(file);
        let read =
            move |opts: &Options<'_>, out: &mut Outputs<'_>| bulk::validate(reader, opts, out);
        let r = run_with(read, &o, size, path)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(report_out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// Validates an export held in memory with options: `data`/`len` are the
/// bytes (a `const char*`, so PHP's FFI can pass a string without copying
/// it; no NUL needed; `len` 0 allows `data` NULL). Otherwise as
/// `dtks_bulk_run_file`. The format is the options'; when they set none,
/// a Parquet file or Arrow IPC (a file or a stream, as pyarrow and polars
/// write them) when the bytes are one, else JSON Lines if the data's first character (after
/// a byte-order mark and white space) is `{`, else CSV, as `dtks validate -`
/// decides. Table bytes are validated by their columns, with the report of
/// the CSV of the same rows (the summary's `format` is `parquet` or
/// `arrow`).
///
/// Memory: `data` is borrowed for the call; free `*report_out` with
/// `dtks_bulk_report_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_run_buffer(
    data: *const c_char,
    len: usize,
    options: *const dtks_bulk_options,
    report_out: *mut *mut dtks_bulk_report,
) -> dtks_status {
    boundary(|| {
        check_out(report_out, "report_out")?;
        // SAFETY: the caller's contract on `data`/`len`.
        let bytes = unsafe { arg_bytes(data.cast(), len, "data") }?;
        // SAFETY: the caller's contract on the handle.
        let o = unsafe { options.as_ref() }.ok_or(Error::Null("options"))?;
        let mut o = o.clone();
        let table = TableFormat::of_bytes(bytes).filter(|_| o.format.is_none());
        let r = if let Some(t) = table {
            let read = |opts: &Options<'_>, out: &mut Outputs<'_>| {
                bulk::validate_table_bytes(bytes, t, opts, out)
            };
            run_with(read, &o, None, "-")?
        } else {
            // As the command decides standard input: the first bytes tell.
            o.format = o.format.or(Some(Format::sniff(bytes)));
            let read = |opts: &Options<'_>, out: &mut Outputs<'_>| bulk::validate(bytes, opts, out);
            run_with(read, &o, Some(bytes.len() as u64), "-")?
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(report_out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// The counts of a report. `out->size` must be set by the caller to
/// `sizeof(dtks_bulk_counts)` (the size it was compiled with): the library
/// writes only the fields that fit, so a host built against an older header
/// keeps working when fields are added at the end.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_bulk_counts {
    /// Set by the caller: `sizeof(dtks_bulk_counts)`.
    pub size: u32,
    /// Records read (CSV: member rows; JSON Lines: non-blank lines).
    pub rows_read: u64,
    /// Records without an error.
    pub rows_valid: u64,
    /// Records with at least one error.
    pub rows_invalid: u64,
    /// Households built.
    pub households: u64,
    /// Members read into households.
    pub members: u64,
    /// Problems reported (errors + warnings).
    pub problems: u64,
    /// Of which errors.
    pub errors: u64,
    /// Of which warnings.
    pub warnings: u64,
}

/// Fills `out` with the report's counts (only the `out->size` bytes the
/// caller's struct has; `size` itself is left as given).
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER`; `DTKS_INVALID_ARGUMENT` when
/// `out->size` is smaller than the first version of the struct.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_counts(
    report: *const dtks_bulk_report,
    out: *mut dtks_bulk_counts,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle.
        let r = unsafe { report.as_ref() }.ok_or(Error::Null("report"))?;
        check_out(out, "out")?;
        let s = &r.summary;
        let c = dtks_bulk_counts {
            size: 0,
            rows_read: s.rows_read,
            rows_valid: s.rows_valid,
            rows_invalid: s.rows_invalid,
            households: s.households,
            members: s.members,
            problems: s.problems,
            errors: s.errors,
            warnings: s.warnings,
        };
        // SAFETY: non-NULL; the caller's struct holds `out->size` bytes.
        unsafe { crate::sized::write_sized(out, c, "out->size") }
    })
}

impl crate::sized::Sized32 for dtks_bulk_counts {
    const AT_LEAST: (&'static str, &'static str) = (
        "paling sedikit sizeof(dtks_bulk_counts)",
        "at least sizeof(dtks_bulk_counts)",
    );
    fn with_size(self, size: u32) -> Self {
        Self { size, ..self }
    }
}

/// The report's summary as JSON (the `summary` object of `dtks validate
/// --report out.json`).
///
/// Memory: free `*out` with `dtks_string_free`.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_summary_json(
    report: *const dtks_bulk_report,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle.
        let r = unsafe { report.as_ref() }.ok_or(Error::Null("report"))?;
        check_out(out, "out")?;
        let text = crate::to_json(&r.summary)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&text)) };
        Ok(())
    })
}

/// The assessment of a run made with rules (`dtks_bulk_options_set_rules`)
/// as JSON: `{"assessed", "skipped", "summary": {"households", "programmes",
/// "by_province", "by_regency"}}`, where each programme, province and
/// regency has its `eligible`, `not_eligible`, `undecidable` counts (units
/// of the programme: members, families or households) and
/// `amount_per_year` in rupiah. Only valid households are assessed; one
/// with an error counts in `skipped`. The same object as Python's
/// `Report.assessment`.
///
/// Returns: `DTKS_OK`; `DTKS_NOT_FOUND` when the run assessed nothing (no
/// rules were set; `*out` is left as it was); `DTKS_NULL_POINTER`.
///
/// Memory: free `*out` with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_assessment_json(
    report: *const dtks_bulk_report,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle.
        let r = unsafe { report.as_ref() }.ok_or(Error::Null("report"))?;
        check_out(out, "out")?;
        let totals = StageTotals::of(&r.summary)
            .ok_or(Error::NotFound("penilaian kelayakan", "assessment"))?;
        let text = crate::to_json(&totals)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&text)) };
        Ok(())
    })
}

/// The report as one self-contained HTML page (UTF-8, no NUL inside): the
/// page `dtks validate FILE --report out.html` writes, for a host to serve
/// as it is (`Content-Type: text/html; charset=utf-8`). Styles, charts
/// (inline SVG) and its few lines of script are inside it; nothing is
/// fetched. Only totals and at most five examples per code, every personal
/// value masked, so its size does not grow with the rows. The input is
/// named by its path's last part (`dtks_bulk_run_file`) or `-` (a buffer).
///
/// Parameters: `lang` the page's language (`DTKS_LANG_ID` or
/// `DTKS_LANG_EN`).
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER`; `DTKS_INVALID_ARGUMENT` (an
/// unknown `lang`).
///
/// Memory: free `*out` with `dtks_string_free`. Thread safety: any thread,
/// as for every reader of a report.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_html(
    report: *const dtks_bulk_report,
    lang: crate::error::dtks_lang,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle.
        let r = unsafe { report.as_ref() }.ok_or(Error::Null("report"))?;
        check_out(out, "out")?;
        let lang = crate::error::lang(lang).ok_or(Error::argument(
            "lang",
            "DTKS_LANG_ID atau DTKS_LANG_EN",
            "DTKS_LANG_ID or DTKS_LANG_EN",
        ))?;
        let text = r.html.html(lang);
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&text)) };
        Ok(())
    })
}

/// The number of problems in the report (0 for NULL).
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_problem_count(report: *const dtks_bulk_report) -> u64 {
    boundary_or(0, || {
        // SAFETY: the caller's contract: NULL or a live handle.
        unsafe { report.as_ref() }.map_or(0, |r| r.problems.len() as u64)
    })
}

/// A page of problems as a JSON array: those from index `start` (0-based, in
/// input order), at most `count` of them (fewer at the end; `[]` past it).
/// Each item is the shape of a problem in `dtks validate --report out.json`
/// (row, rows, household, field, path, code, severity, context, message_id,
/// message_en), every personal value masked.
///
/// Memory: free `*out` with `dtks_string_free`.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_problems_json(
    report: *const dtks_bulk_report,
    start: u64,
    count: u64,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle.
        let r = unsafe { report.as_ref() }.ok_or(Error::Null("report"))?;
        check_out(out, "out")?;
        let from = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(r.problems.len());
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        let page = r.problems.get(from..).unwrap_or(&[]);
        let page = page.get(..n.min(page.len())).unwrap_or(&[]);
        let text = crate::to_json(&page)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&text)) };
        Ok(())
    })
}

/// Frees a report (NULL is a no-op), once, when no thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dtks_bulk_report_free(report: *mut dtks_bulk_report) {
    boundary_or((), || {
        if !report.is_null() {
            // SAFETY: from `Box::into_raw` in a `dtks_bulk_run_*` function.
            drop(unsafe { Box::from_raw(report) });
        }
    })
}
