//! Strings across the boundary: borrowed `const char*` in, owned `char*` out
//! (freed by `dtks_string_free`), and the checks on pointers.

use crate::error::{boundary_or, Error};
use chrono::NaiveDate;
use std::ffi::{c_char, CStr, CString};

/// A NUL-terminated UTF-8 argument, borrowed for the call.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn arg_str<'a>(p: *const c_char, name: &'static str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::Null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str().map_err(|e| Error::Utf8(name, e.valid_up_to()))
}

/// A pointer + length UTF-8 argument (no NUL needed; `len` 0 allows NULL).
///
/// # Safety
/// `p` points to `len` readable bytes valid for the call.
pub(crate) unsafe fn arg_bytes<'a>(
    p: *const u8,
    len: usize,
    name: &'static str,
) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Error::Null(name));
    }
    // SAFETY: non-NULL, `len` readable bytes per the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// An `as_of` argument: `YYYY-MM-DD`.
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_date(p: *const c_char, name: &'static str) -> Result<NaiveDate, Error> {
    // SAFETY: forwarded contract.
    let s = unsafe { arg_str(p, name) }?;
    dtks_core::answer::parse_date(s)
        .ok_or_else(|| Error::argument(name, "tanggal YYYY-MM-DD", "a date YYYY-MM-DD"))
}

/// Checks an out-pointer before any work is done.
pub(crate) fn check_out<T>(p: *mut T, name: &'static str) -> Result<(), Error> {
    if p.is_null() {
        Err(Error::Null(name))
    } else {
        Ok(())
    }
}

/// Writes a result through a checked out-pointer.
///
/// # Safety
/// `p` is non-NULL (checked by [`check_out`]) and valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(p: *mut T, v: T) {
    // SAFETY: per the caller's contract; `write` does not drop the old
    // (possibly uninitialised) value.
    unsafe { p.write(v) }
}

/// A Rust string as a C string; an interior NUL (possible only if the
/// input carried one) becomes U+FFFD so that nothing is cut short.
pub(crate) fn cstring_lossy(s: &str) -> CString {
    match CString::new(s) {
        Ok(c) => c,
        Err(_) => CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default(),
    }
}

/// An owned string for the host: free it with `dtks_string_free`.
pub(crate) fn owned(s: &str) -> *mut c_char {
    cstring_lossy(s).into_raw()
}

/// Frees a string returned by dtks (`char*` out-parameters: masked and raw
/// numbers, JSON answers and reports).
///
/// Parameters: `s`, a string returned by a dtks function, or NULL (a no-op).
///
/// Memory: after the call `s` is dangling. Never pass a string that dtks did
/// not allocate, nor a `const char*` that an accessor returned (those are
/// borrowed from their handle), nor the same string twice.
///
/// Thread safety: any thread may free a string, once.
#[no_mangle]
pub unsafe extern "C" fn dtks_string_free(s: *mut c_char) {
    boundary_or((), || {
        if !s.is_null() {
            // SAFETY: `s` came from `CString::into_raw` in `owned`.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}
