//! The problems of a validation, walked by index.

use crate::error::{boundary, boundary_or, dtks_lang, dtks_status};
use crate::strings::{check_out, cstring_lossy, owned, write_out};
use dtks_core::answer::Verdict;
use dtks_core::problem::{Lang, Problem, Severity};
use std::ffi::{c_char, CString};

/// A problem's severity: `DTKS_SEVERITY_WARNING` (1: worth a look, the
/// record stays valid) or `DTKS_SEVERITY_ERROR` (2: the record is invalid).
pub type dtks_severity = u32;
/// A warning.
pub const DTKS_SEVERITY_WARNING: dtks_severity = 1;
/// An error.
pub const DTKS_SEVERITY_ERROR: dtks_severity = 2;

/// The answer of a validation: whether the input is valid and every problem
/// found (code, path, severity, message in Indonesian and English).
///
/// Created by the validation functions (`dtks_household_validate`, …),
/// freed by `dtks_problems_free`. Immutable: may be read from several
/// threads at once. Strings returned by its accessors are borrowed from it
/// and live until it is freed.
#[derive(Debug)]
pub struct dtks_problems {
    /// The core's verdict (its JSON is the answer).
    report: Verdict,
    rows: Vec<Row>,
}

/// One problem's strings, ready for C.
#[derive(Debug)]
struct Row {
    code: CString,
    path: CString,
    severity: dtks_severity,
    message_id: CString,
    message_en: CString,
}

impl dtks_problems {
    /// A handle from a list of problems ([`Verdict::of`]).
    pub(crate) fn new(problems: Vec<Problem>) -> dtks_problems {
        let rows = problems
            .iter()
            .map(|p| Row {
                code: cstring_lossy(p.code.as_str()),
                path: cstring_lossy(&p.path),
                severity: match p.severity {
                    Severity::Error => DTKS_SEVERITY_ERROR,
                    Severity::Warning => DTKS_SEVERITY_WARNING,
                },
                message_id: cstring_lossy(&p.message(Lang::Id)),
                message_en: cstring_lossy(&p.message(Lang::En)),
            })
            .collect();
        dtks_problems {
            report: Verdict::of(problems),
            rows,
        }
    }

    pub(crate) fn into_raw(self) -> *mut dtks_problems {
        Box::into_raw(Box::new(self))
    }
}

/// Frees a problems handle. NULL is a no-op. No thread may use the handle,
/// or a string borrowed from it, during or after the call.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_free(problems: *mut dtks_problems) {
    boundary_or((), || {
        if !problems.is_null() {
            // SAFETY: came from `dtks_problems::into_raw`.
            drop(unsafe { Box::from_raw(problems) });
        }
    })
}

fn with<T: Copy>(
    problems: *const dtks_problems,
    default: T,
    f: impl FnOnce(&dtks_problems) -> T,
) -> T {
    boundary_or(default, || {
        // SAFETY: NULL or a live handle per the caller's contract.
        match unsafe { problems.as_ref() } {
            Some(p) => f(p),
            None => default,
        }
    })
}

/// True when the input is valid: no problem of severity error (warnings
/// allowed). False for a NULL handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_valid(problems: *const dtks_problems) -> bool {
    with(problems, false, |p| p.report.valid)
}

/// The number of problems (errors and warnings); 0 for a NULL handle.
/// Valid indexes for the accessors are `0 .. count-1`.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_count(problems: *const dtks_problems) -> usize {
    with(problems, 0, |p| p.rows.len())
}

/// The number of problems of severity error; 0 for a NULL handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_error_count(problems: *const dtks_problems) -> usize {
    with(problems, 0, |p| p.report.errors)
}

/// The stable code of problem `index` (`"FAMILY_NO_HEAD"`, …; the catalogue
/// is `docs/codes.md`). NULL for a NULL handle or an index out of range.
/// Memory: borrowed from the handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_code(
    problems: *const dtks_problems,
    index: usize,
) -> *const c_char {
    with(problems, std::ptr::null(), |p| {
        p.rows
            .get(index)
            .map_or(std::ptr::null(), |r| r.code.as_ptr())
    })
}

/// Where problem `index` is in the input (`"families[0].members[2].nik"`;
/// `""` for the whole document). NULL for a NULL handle or an index out of
/// range. Memory: borrowed from the handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_path(
    problems: *const dtks_problems,
    index: usize,
) -> *const c_char {
    with(problems, std::ptr::null(), |p| {
        p.rows
            .get(index)
            .map_or(std::ptr::null(), |r| r.path.as_ptr())
    })
}

/// The severity of problem `index` (`DTKS_SEVERITY_*`); 0 for a NULL handle
/// or an index out of range.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_severity(
    problems: *const dtks_problems,
    index: usize,
) -> dtks_severity {
    with(problems, 0, |p| p.rows.get(index).map_or(0, |r| r.severity))
}

/// The message of problem `index` in `lang` (`DTKS_LANG_ID`,
/// `DTKS_LANG_EN`), UTF-8, personal data masked. NULL for a NULL handle, an
/// index out of range or an unknown language. Memory: borrowed from the
/// handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_message(
    problems: *const dtks_problems,
    index: usize,
    lang: dtks_lang,
) -> *const c_char {
    with(problems, std::ptr::null(), |p| {
        match (p.rows.get(index), crate::error::lang(lang)) {
            (Some(r), Some(Lang::En)) => r.message_en.as_ptr(),
            (Some(r), Some(_)) => r.message_id.as_ptr(),
            _ => std::ptr::null(),
        }
    })
}

/// The whole answer as JSON: `{"valid", "errors", "warnings", "problems":
/// [{"code", "severity", "path", "context", "message_id", "message_en"}]}`.
///
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`. Memory: the caller owns
/// `*out` and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_problems_json(
    problems: *const dtks_problems,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the caller's contract.
        let p = unsafe { problems.as_ref() }.ok_or(crate::error::Error::Null("problems"))?;
        let json = crate::to_json(&p.report)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&json)) };
        Ok(())
    })
}
