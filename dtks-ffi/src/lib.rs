//! # dtks-ffi: the C ABI of dtks
//!
//! The functions of `include/dtks.h` (generated from this crate by cbindgen;
//! `UPDATE_HEADER=1 cargo test -p dtks-ffi --test header` rewrites it). The
//! conventions, which every function follows, are in `docs/c-api.md`:
//!
//! - a fallible function returns a [`dtks_status`] and writes its results
//!   through out-pointers, only on success;
//! - on failure the thread's last error holds a stable code (the core's, e.g.
//!   `NIK_LENGTH`, or the status name for a call error) and a message in
//!   Indonesian and English ([`dtks_last_error_code`],
//!   [`dtks_last_error_message`]); personal data in it is masked;
//! - every export runs behind a panic boundary: a panic becomes `DTKS_PANIC`,
//!   nothing unwinds into the host and nothing aborts it;
//! - NULL and non-UTF-8 arguments are errors; each allocation has one free
//!   function, which accepts NULL.
//!
//! Handles (`dtks_nik`, `dtks_kk`, `dtks_region`, `dtks_problems`, …) are
//! immutable once returned: any number of threads may read one at a time;
//! it must be freed once, when no thread uses it any more.
//!
//! The crate is also an `rlib`, so the Rust benchmark and tests can call the
//! same functions the C host calls.

// The C names are the interface: `dtks_status`, `DTKS_OK`, …
#![allow(non_camel_case_types)]
// Each export's safety contract is its doc comment (Parameters / Memory /
// Thread safety), written for the C caller and copied into the header; the
// rules common to all (valid NUL-terminated strings, live handles, one free)
// are in docs/c-api.md.
#![allow(clippy::missing_safety_doc)]

mod assess;
mod bulk;
mod details;
mod error;
mod household;
mod id;
mod jakarta;
mod lifecycle;
mod problems;
mod process;
mod process_options;
mod region;
mod sized;
mod strings;

pub use assess::*;
pub use bulk::*;
pub use details::*;
pub use error::{dtks_lang, dtks_status, DTKS_LANG_EN, DTKS_LANG_ID};
pub use household::*;
pub use id::*;
pub use lifecycle::*;
pub use problems::*;
pub use process::*;
pub use process_options::*;
pub use region::*;
pub use strings::dtks_string_free;

use error::{boundary_or, last_ptr, Error};
use std::ffi::c_char;

/// An answer as JSON text.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|_| Error::Internal)
}

/// The library version, `MAJOR.MINOR.PATCH` (the same as the
/// `DTKS_VERSION_STRING` macro of the header the host compiled against;
/// compare the two to detect a mismatched shared library).
///
/// Returns: a static string. Memory: owned by the library, never freed.
/// Thread safety: any thread.
#[no_mangle]
pub extern "C" fn dtks_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The stable code of the calling thread's last error: a core code such as
/// `NIK_LENGTH` or `JSON_INVALID` after `DTKS_INVALID_INPUT`, otherwise the
/// name of the status without its prefix (`NULL_POINTER`, `INVALID_UTF8`,
/// `IO`, `PANIC`, `NOT_FOUND`, `INVALID_ARGUMENT`).
///
/// Returns: NULL when the thread's last fallible call succeeded (each
/// fallible call clears the last error on entry).
///
/// Memory: owned by the library; valid until the next fallible dtks call on
/// the same thread. Copy it to keep it. Never free it.
///
/// Thread safety: the last error is per thread.
#[no_mangle]
pub extern "C" fn dtks_last_error_code() -> *const c_char {
    boundary_or(std::ptr::null(), || last_ptr(|e| e.code()))
}

/// The message of the calling thread's last error in a language
/// (`DTKS_LANG_ID` or `DTKS_LANG_EN`). Personal data (NIK, KK numbers,
/// names) is masked in it.
///
/// Returns: NULL when there is no last error or `lang` is not a language.
///
/// Memory: as `dtks_last_error_code`: borrowed, valid until the next
/// fallible call on the same thread, never freed.
///
/// Thread safety: the last error is per thread.
#[no_mangle]
pub extern "C" fn dtks_last_error_message(lang: dtks_lang) -> *const c_char {
    boundary_or(std::ptr::null(), || match error::lang(lang) {
        Some(l) => last_ptr(|e| e.message(l)),
        None => std::ptr::null(),
    })
}

/// The name of a status value (`"DTKS_OK"`, `"DTKS_NULL_POINTER"`, …), for
/// logs.
///
/// Parameters: `status`, a `dtks_status` value (taken as an integer so that
/// any value is safe to pass).
///
/// Returns: a static string; `"DTKS_UNKNOWN_STATUS"` for a value that is
/// not a status. Memory: never freed. Thread safety: any thread.
#[no_mangle]
pub extern "C" fn dtks_status_name(status: i32) -> *const c_char {
    let s: &'static str = match status {
        0 => "DTKS_OK\0",
        1 => "DTKS_INVALID_INPUT\0",
        2 => "DTKS_NULL_POINTER\0",
        3 => "DTKS_INVALID_UTF8\0",
        4 => "DTKS_IO\0",
        5 => "DTKS_PANIC\0",
        6 => "DTKS_NOT_FOUND\0",
        7 => "DTKS_INVALID_ARGUMENT\0",
        _ => "DTKS_UNKNOWN_STATUS\0",
    };
    s.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn version_matches_cargo_and_core() {
        let v = unsafe { CStr::from_ptr(dtks_version()) }.to_str().unwrap();
        assert_eq!(v, env!("CARGO_PKG_VERSION"));
        assert_eq!(v, dtks_core::VERSION);
    }

    #[test]
    fn status_names_follow_the_enum() {
        for (s, name) in [
            (dtks_status::DTKS_OK, "DTKS_OK"),
            (dtks_status::DTKS_INVALID_INPUT, "DTKS_INVALID_INPUT"),
            (dtks_status::DTKS_NULL_POINTER, "DTKS_NULL_POINTER"),
            (dtks_status::DTKS_INVALID_UTF8, "DTKS_INVALID_UTF8"),
            (dtks_status::DTKS_IO, "DTKS_IO"),
            (dtks_status::DTKS_PANIC, "DTKS_PANIC"),
            (dtks_status::DTKS_NOT_FOUND, "DTKS_NOT_FOUND"),
            (dtks_status::DTKS_INVALID_ARGUMENT, "DTKS_INVALID_ARGUMENT"),
        ] {
            let got = unsafe { CStr::from_ptr(dtks_status_name(s as i32)) };
            assert_eq!(got.to_str().unwrap(), name);
            assert_eq!(format!("{s:?}"), name);
        }
        let got = unsafe { CStr::from_ptr(dtks_status_name(99)) };
        assert_eq!(got.to_str().unwrap(), "DTKS_UNKNOWN_STATUS");
    }
}
