//! Bulk validation of a whole export (CSV in the reference layout, or JSON
//! Lines) into a report.

use crate::error::{boundary, dtks_status, Error};
use crate::strings::{arg_bytes, arg_date, arg_str, check_out, owned, write_out};
use dtks_core::bulk::{self, BulkError, Format, JsonReport, Options, Outputs, Summary};
use std::ffi::c_char;
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
    Format::parse(s).ok_or(Error::Argument("format", "\"csv\" or \"jsonl\""))
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
            BulkError::Io(e) => Error::Io(e.to_string()),
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
            Format::from_path(path).ok_or(Error::Argument("format", "\"csv\" or \"jsonl\""))?
        } else {
            // SAFETY: as above.
            format_arg(unsafe { arg_str(format, "format") }?)?
        };
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let file = std::fs::File::open(path).map_err(|e| Error::Io(e.to_string()))?;
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
