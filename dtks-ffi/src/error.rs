//! Status codes, the thread-local last error and the panic boundary.
//!
//! Every exported function runs its body inside [`boundary`] (or
//! [`boundary_or`] for the few that return a value instead of a status):
//! a Rust panic is caught there and becomes `DTKS_PANIC`; it never unwinds
//! into the host and the library never aborts (the model is the
//! `ffi_panic_boundary!` of rustls-ffi, `librustls/src/panic.rs`, without its
//! macro).

use crate::strings::cstring_lossy;
use dtks_core::problem::Lang;
use std::borrow::Cow;
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The result of every fallible dtks function.
///
/// `DTKS_OK` is 0; every other value is a failure, and the thread's last
/// error (`dtks_last_error_code`, `dtks_last_error_message`) says which and
/// why. On failure no out-pointer has been written. Values are stable: new
/// ones are only ever appended.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum dtks_status {
    /// Success: the out-pointers hold the results.
    DTKS_OK = 0,
    /// The input was judged invalid (a NIK that is not a NIK, …): the last
    /// error carries the core's stable code (`NIK_LENGTH`, …) and message.
    DTKS_INVALID_INPUT = 1,
    /// A required pointer argument was NULL (last error code `NULL_POINTER`).
    DTKS_NULL_POINTER = 2,
    /// A string argument was not valid UTF-8 (last error code `INVALID_UTF8`).
    DTKS_INVALID_UTF8 = 3,
    /// A file could not be read (last error code `IO`).
    DTKS_IO = 4,
    /// An internal error was caught at the boundary (last error code
    /// `PANIC`); the library is still usable. Please report it.
    DTKS_PANIC = 5,
    /// Nothing matches the key (an unknown region code, …; last error code
    /// `NOT_FOUND`).
    DTKS_NOT_FOUND = 6,
    /// An argument is malformed: a date that is not `YYYY-MM-DD`, an index
    /// out of range, an unknown enum value (last error code
    /// `INVALID_ARGUMENT`).
    DTKS_INVALID_ARGUMENT = 7,
}

/// A language for messages: `DTKS_LANG_ID` (Bahasa Indonesia) or
/// `DTKS_LANG_EN` (English). Any other value is rejected.
#[allow(non_camel_case_types)]
pub type dtks_lang = u32;
/// Bahasa Indonesia.
pub const DTKS_LANG_ID: dtks_lang = 0;
/// English.
pub const DTKS_LANG_EN: dtks_lang = 1;

/// The core language of a `dtks_lang`, if it is one.
pub(crate) fn lang(l: dtks_lang) -> Option<Lang> {
    match l {
        DTKS_LANG_ID => Some(Lang::Id),
        DTKS_LANG_EN => Some(Lang::En),
        _ => None,
    }
}

/// Why a call failed, before it becomes a status and a last error.
#[derive(Debug)]
pub(crate) enum Error {
    /// An argument that must not be NULL was.
    Null(&'static str),
    /// An argument that is not UTF-8; byte offset of the first bad byte.
    Utf8(&'static str, usize),
    /// The core judged the input invalid: its code and both messages.
    Invalid {
        code: &'static str,
        id: String,
        en: String,
    },
    /// A file could not be read: the kind of failure (said in Indonesian
    /// from it) and the system's own reason (English).
    Io(std::io::ErrorKind, String),
    /// Nothing found: what was looked for, in Indonesian and in English.
    NotFound(&'static str, &'static str),
    /// A malformed argument: its name and what it should be, in Indonesian
    /// and in English (each message wholly in its language).
    Argument(&'static str, Cow<'static, str>, Cow<'static, str>),
    /// A column mapping that cannot be used (the mapping's own reason).
    Mapping(String),
    /// A failure of dtks itself (reported like a caught panic).
    Internal,
}

impl Error {
    /// A malformed argument `arg`: what it should be, in Indonesian and in English.
    pub(crate) fn argument(
        arg: &'static str,
        id: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Error {
        Error::Argument(arg, id.into(), en.into())
    }

    /// An I/O failure, kept with its kind so the Indonesian message can say it.
    pub(crate) fn io(e: &std::io::Error) -> Error {
        Error::Io(e.kind(), e.to_string())
    }

    fn status(&self) -> dtks_status {
        match self {
            Error::Null(_) => dtks_status::DTKS_NULL_POINTER,
            Error::Utf8(..) => dtks_status::DTKS_INVALID_UTF8,
            Error::Invalid { .. } => dtks_status::DTKS_INVALID_INPUT,
            Error::Io(..) => dtks_status::DTKS_IO,
            Error::NotFound(..) => dtks_status::DTKS_NOT_FOUND,
            Error::Argument(..) => dtks_status::DTKS_INVALID_ARGUMENT,
            Error::Mapping(_) => dtks_status::DTKS_INVALID_INPUT,
            Error::Internal => dtks_status::DTKS_PANIC,
        }
    }

    fn into_last(self) -> LastError {
        let (code, id, en) = match self {
            Error::Null(arg) => (
                "NULL_POINTER",
                format!("argumen `{arg}` bernilai NULL"),
                format!("argument `{arg}` is NULL"),
            ),
            Error::Utf8(arg, at) => (
                "INVALID_UTF8",
                format!("argumen `{arg}` bukan UTF-8 yang sah (byte {at})"),
                format!("argument `{arg}` is not valid UTF-8 (byte {at})"),
            ),
            Error::Invalid { code, id, en } => (code, id, en),
            Error::Io(kind, reason) => (
                "IO",
                format!("berkas tidak dapat dibaca: {}", io_reason_id(kind)),
                format!("file cannot be read: {reason}"),
            ),
            Error::NotFound(id, en) => (
                "NOT_FOUND",
                format!("{id} tidak ditemukan"),
                format!("{en} not found"),
            ),
            Error::Argument(arg, id, en) => (
                "INVALID_ARGUMENT",
                format!("argumen `{arg}` tidak sah: harus {id}"),
                format!("argument `{arg}` is invalid: expected {en}"),
            ),
            Error::Mapping(reason) => (
                "MAPPING_INVALID",
                format!("pemetaan kolom tidak dapat dipakai: {reason}"),
                format!("the column mapping cannot be used: {reason}"),
            ),
            Error::Internal => return internal(),
        };
        LastError::new(code, &id, &en)
    }
}

/// The last error of a thread, kept as C strings so that the pointers handed
/// out stay valid until the thread's next fallible call.
struct LastError {
    code: CString,
    id: CString,
    en: CString,
}

impl LastError {
    fn new(code: &str, id: &str, en: &str) -> LastError {
        LastError {
            code: cstring_lossy(code),
            id: cstring_lossy(id),
            en: cstring_lossy(en),
        }
    }
}

thread_local! {
    static LAST: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

fn set_last(e: Option<LastError>) {
    // `try_with` fails only while the thread is being torn down; then there
    // is nobody left to read the error.
    let _ = LAST.try_with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = e;
        }
    });
}

fn clear_last() {
    let _ = LAST.try_with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            if l.is_some() {
                *l = None;
            }
        }
    });
}

/// A pointer into the thread's last error, or NULL when there is none.
pub(crate) fn last_ptr(pick: impl Fn(&LastErrorView<'_>) -> *const c_char) -> *const c_char {
    LAST.try_with(|l| match l.try_borrow() {
        Ok(l) => match l.as_ref() {
            Some(e) => pick(&LastErrorView(e)),
            None => std::ptr::null(),
        },
        Err(_) => std::ptr::null(),
    })
    .unwrap_or(std::ptr::null())
}

/// Read access to a [`LastError`] for [`last_ptr`].
pub(crate) struct LastErrorView<'a>(&'a LastError);

impl LastErrorView<'_> {
    pub(crate) fn code(&self) -> *const c_char {
        self.0.code.as_ptr()
    }
    pub(crate) fn message(&self, lang: Lang) -> *const c_char {
        match lang {
            Lang::En => self.0.en.as_ptr(),
            _ => self.0.id.as_ptr(),
        }
    }
}

fn internal() -> LastError {
    LastError::new(
        "PANIC",
        "kesalahan internal di dtks (panic tertangkap); mohon laporkan",
        "internal error in dtks (panic caught); please report it",
    )
}

/// Runs the body of a fallible export: clears the thread's last error, runs
/// `f` behind a panic boundary, and turns its failure into a status and a
/// last error. `f` writes its out-pointers itself, last, on success only.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Error>) -> dtks_status {
    clear_last();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => dtks_status::DTKS_OK,
        Ok(Err(e)) => {
            let status = e.status();
            set_last(Some(e.into_last()));
            status
        }
        Err(_payload) => {
            // The payload may quote data: it is dropped, not shown.
            set_last(Some(internal()));
            dtks_status::DTKS_PANIC
        }
    }
}

/// Runs the body of an infallible export (an accessor, a free function)
/// behind a panic boundary, returning `default` if it panics.
pub(crate) fn boundary_or<T>(default: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

/// Short-hand for the `Invalid` error of a core [`IdError`].
pub(crate) fn invalid_id(e: &dtks_core::id::IdError) -> Error {
    Error::Invalid {
        code: e.code().as_str(),
        id: e.message(Lang::Id),
        en: e.message(Lang::En),
    }
}

/// The reason of an I/O failure in Indonesian, from its kind (the system's
/// own text is English).
fn io_reason_id(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => "berkas tidak ada",
        K::PermissionDenied => "akses ditolak",
        K::IsADirectory => "yang ditunjuk adalah folder",
        K::InvalidData => "isinya tidak sah",
        K::UnexpectedEof => "berkas berakhir sebelum waktunya",
        K::OutOfMemory => "memori tidak cukup",
        K::Interrupted => "terputus",
        K::StorageFull => "ruang penyimpanan penuh",
        _ => "galat sistem berkas",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn code() -> Option<String> {
        let p = last_ptr(|e| e.code());
        if p.is_null() {
            None
        } else {
            Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
        }
    }

    #[test]
    fn a_panic_becomes_dtks_panic_and_a_last_error() {
        let s = boundary(|| panic!("secret 3171014101900001"));
        assert_eq!(s, dtks_status::DTKS_PANIC);
        assert_eq!(code().as_deref(), Some("PANIC"));
        let msg = unsafe { CStr::from_ptr(last_ptr(|e| e.message(Lang::En))) };
        assert!(!msg.to_string_lossy().contains("3171014101900001"));
        // and the next successful call clears it
        assert_eq!(boundary(|| Ok(())), dtks_status::DTKS_OK);
        assert_eq!(code(), None);
    }

    #[test]
    fn boundary_or_returns_the_default_on_panic() {
        assert_eq!(boundary_or(7, || panic!("x")), 7);
        assert_eq!(boundary_or(7, || 3), 3);
    }

    #[test]
    fn errors_map_to_statuses_and_codes() {
        let cases = [
            (
                Error::Null("x"),
                dtks_status::DTKS_NULL_POINTER,
                "NULL_POINTER",
            ),
            (
                Error::Utf8("x", 1),
                dtks_status::DTKS_INVALID_UTF8,
                "INVALID_UTF8",
            ),
            (
                Error::io(&std::io::Error::other("e")),
                dtks_status::DTKS_IO,
                "IO",
            ),
            (
                Error::NotFound("wilayah", "region"),
                dtks_status::DTKS_NOT_FOUND,
                "NOT_FOUND",
            ),
            (
                Error::argument("as_of", "YYYY-MM-DD", "YYYY-MM-DD"),
                dtks_status::DTKS_INVALID_ARGUMENT,
                "INVALID_ARGUMENT",
            ),
        ];
        for (e, status, c) in cases {
            assert_eq!(boundary(|| Err(e)), status);
            assert_eq!(code().as_deref(), Some(c));
        }
    }

    #[test]
    fn last_error_is_per_thread() {
        let _ = boundary(|| Err(Error::Null("x")));
        let other = std::thread::spawn(code).join().unwrap();
        assert_eq!(other, None);
        assert_eq!(code().as_deref(), Some("NULL_POINTER"));
    }
}
