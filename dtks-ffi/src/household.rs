//! Household validation.

use crate::error::{boundary, dtks_status};
use crate::problems::dtks_problems;
use crate::strings::{arg_date, arg_str, check_out, owned, write_out};
use dtks_core::answer::validate_household_json;
use std::ffi::c_char;

/// Validates a household given as JSON (the model of
/// `dtks_core::household::Household`: `id`, `address`, `families[]` of
/// `members[]`, `housing`, …) as of a date.
///
/// The validity of the household is the answer, not the status: a household
/// with problems — also a document that is not a household, reported as one
/// problem `JSON_INVALID` — returns `DTKS_OK` and a handle whose
/// `dtks_problems_valid` is false.
///
/// Parameters: `json`, NUL-terminated UTF-8; `as_of`, `YYYY-MM-DD` (ages,
/// dates in the future); `out`, receives the handle.
///
/// Returns: `DTKS_OK`, `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`,
/// `DTKS_INVALID_ARGUMENT` (a malformed `as_of`).
///
/// Memory: `json` is borrowed for the call; the caller owns `*out` and
/// frees it with `dtks_problems_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_household_validate(
    json: *const c_char,
    as_of: *const c_char,
    out: *mut *mut dtks_problems,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `json` and `as_of`.
        let text = unsafe { arg_str(json, "json") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let answer = validate_household_json(text, as_of);
        let handle = dtks_problems::new(answer.problems).into_raw();
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, handle) };
        Ok(())
    })
}

/// Validates a household given as JSON and returns the answer as JSON
/// (`{"valid", "errors", "warnings", "problems": [...]}`, the shape of
/// `dtks validate --json` for one household). Parameters and statuses as
/// `dtks_household_validate`.
///
/// Memory: the caller owns `*out` and frees it with `dtks_string_free`.
/// Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_household_validate_json(
    json: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `json` and `as_of`.
        let text = unsafe { arg_str(json, "json") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let answer = crate::to_json(&validate_household_json(text, as_of))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&answer)) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::*;
    use std::ffi::{CStr, CString};
    use std::ptr;

    #[test]
    fn empty_object_is_an_invalid_answer_not_a_failure() {
        let json = CString::new("{}").unwrap();
        let as_of = CString::new("2026-01-01").unwrap();
        let mut p = ptr::null_mut();
        let s = unsafe { dtks_household_validate(json.as_ptr(), as_of.as_ptr(), &mut p) };
        assert_eq!(s, dtks_status::DTKS_OK);
        unsafe {
            assert!(!dtks_problems_valid(p));
            assert_eq!(dtks_problems_count(p), 1);
            let code = CStr::from_ptr(dtks_problems_code(p, 0));
            assert_eq!(code.to_str().unwrap(), "JSON_INVALID");
            assert_eq!(dtks_problems_severity(p, 0), DTKS_SEVERITY_ERROR);
            assert!(dtks_problems_code(p, 1).is_null());
            assert!(dtks_problems_message(p, 0, 9).is_null());
            let mut j = ptr::null_mut();
            assert_eq!(dtks_problems_json(p, &mut j), dtks_status::DTKS_OK);
            let v: serde_json::Value =
                serde_json::from_str(CStr::from_ptr(j).to_str().unwrap()).unwrap();
            assert_eq!(v["valid"], false);
            assert_eq!(v["problems"][0]["code"], "JSON_INVALID");
            crate::dtks_string_free(j);
            dtks_problems_free(p);
        }
    }

    #[test]
    fn bad_as_of_is_an_argument_error() {
        let json = CString::new("{}").unwrap();
        let as_of = CString::new("1 Jan 2026").unwrap();
        let mut p = ptr::null_mut();
        let s = unsafe { dtks_household_validate(json.as_ptr(), as_of.as_ptr(), &mut p) };
        assert_eq!(s, dtks_status::DTKS_INVALID_ARGUMENT);
        assert!(p.is_null());
    }
}
