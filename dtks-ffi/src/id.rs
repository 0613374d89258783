//! NIK and KK numbers: parse into a handle, read its decoded fields, or get
//! the whole decoded answer as JSON.

use crate::error::{boundary, boundary_or, dtks_status, invalid_id, Error};
use crate::strings::{arg_date, arg_str, check_out, owned, write_out};
use dtks_core::id::{IdentityNumber, Nik, NoKk, RegionOfIssue};
use std::ffi::c_char;

/// Sex as coded in a NIK and in the export layout: `DTKS_SEX_MALE` (1) or
/// `DTKS_SEX_FEMALE` (2).
pub type dtks_sex = u8;
/// Laki-laki.
pub const DTKS_SEX_MALE: dtks_sex = 1;
/// Perempuan (a NIK codes her birth day + 40).
pub const DTKS_SEX_FEMALE: dtks_sex = 2;

/// A parsed, valid NIK (Nomor Induk Kependudukan).
///
/// Created by `dtks_nik_parse`, freed by `dtks_nik_free`. Immutable: may be
/// read from several threads at once. Its digits come out only masked
/// (`dtks_nik_masked`) unless asked for explicitly (`dtks_nik_raw`).
#[derive(Debug)]
pub struct dtks_nik {
    pub(crate) nik: Nik,
}

/// A parsed, valid KK number (Nomor Kartu Keluarga).
///
/// Created by `dtks_kk_parse`, freed by `dtks_kk_free`. Immutable: may be
/// read from several threads at once.
#[derive(Debug)]
pub struct dtks_kk {
    pub(crate) kk: NoKk,
}

/// The decoded fields of a NIK, filled by `dtks_nik_decode`. A plain value:
/// nothing in it is allocated or needs freeing.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_nik_info {
    /// Province code, digits 1–2 (`31` for DKI Jakarta).
    pub province: u8,
    /// Regency/city code within the province, digits 3–4.
    pub regency: u8,
    /// District code within the regency, digits 5–6.
    pub district: u8,
    /// `DTKS_SEX_MALE` or `DTKS_SEX_FEMALE` (day + 40 in the NIK for women).
    pub sex: dtks_sex,
    /// Birth year with the century resolved against `as_of` (the latest
    /// year not after `as_of`); 0 if the date cannot be resolved.
    pub birth_year: i32,
    /// Birth month 1–12.
    pub birth_month: u8,
    /// Birth day 1–31 (the 40 of women already removed).
    pub birth_day: u8,
    /// Serial number 1–9999.
    pub serial: u16,
    /// True when the district code was retired by a later province split
    /// (2012, 2022): the NIK stays valid, the region has a successor.
    pub region_retired: bool,
}

/// The decoded fields of a KK number, filled by `dtks_kk_decode`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_kk_info {
    /// Province code, digits 1–2.
    pub province: u8,
    /// Regency/city code, digits 3–4.
    pub regency: u8,
    /// District code, digits 5–6.
    pub district: u8,
    /// Year the card was recorded, century resolved against `as_of`; 0 if
    /// the date cannot be resolved.
    pub recorded_year: i32,
    /// Recording month 1–12.
    pub recorded_month: u8,
    /// Recording day 1–31.
    pub recorded_day: u8,
    /// True when the recording date is after `as_of` (the card cannot
    /// exist yet).
    pub recorded_after_as_of: bool,
    /// Serial number 1–9999.
    pub serial: u16,
    /// True when the district code was retired by a later province split.
    pub region_retired: bool,
}

pub(crate) fn retired(r: RegionOfIssue) -> bool {
    matches!(r, RegionOfIssue::Retired(_))
}

// ---- what the NIK and KK calls share, written once ---------------------------
// (cbindgen reads only what is written out, so each exported function stays a
// one-line call into these.)

/// A handle holding one identity number.
pub(crate) trait Handle: Sized {
    /// The number it holds.
    type Number: IdentityNumber;
    /// The parameter's name in errors (`nik`, `kk`).
    const ARG: &'static str;
    fn wrap(n: Self::Number) -> Self;
    fn number(&self) -> Self::Number;
}

impl Handle for dtks_nik {
    type Number = Nik;
    const ARG: &'static str = "nik";
    fn wrap(nik: Nik) -> Self {
        dtks_nik { nik }
    }
    fn number(&self) -> Nik {
        self.nik
    }
}

impl Handle for dtks_kk {
    type Number = NoKk;
    const ARG: &'static str = "kk";
    fn wrap(kk: NoKk) -> Self {
        dtks_kk { kk }
    }
    fn number(&self) -> NoKk {
        self.kk
    }
}

/// Parses `input` into a new handle at `*out`.
///
/// # Safety
/// The exported parse functions' contract.
unsafe fn parse_into<H: Handle>(
    input: *const c_char,
    lenient: bool,
    out: *mut *mut H,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `input`.
        let s = unsafe { arg_str(input, "input") }?;
        let n = H::Number::parse_as(s, lenient).map_err(|e| invalid_id(&e))?;
        // SAFETY: `out` checked non-NULL above.
        unsafe { write_out(out, Box::into_raw(Box::new(H::wrap(n)))) };
        Ok(())
    })
}

/// Frees a handle made by `parse_into` (NULL is a no-op).
///
/// # Safety
/// The exported free functions' contract.
unsafe fn free_handle<H: Handle>(h: *mut H) {
    boundary_or((), || {
        if !h.is_null() {
            // SAFETY: came from `Box::into_raw` in `parse_into`.
            drop(unsafe { Box::from_raw(h) });
        }
    })
}

/// The number of a live handle.
///
/// # Safety
/// `h` is NULL or a live handle.
unsafe fn number_of<H: Handle>(h: *const H) -> Result<H::Number, Error> {
    // SAFETY: the caller's contract.
    unsafe { h.as_ref() }
        .map(H::number)
        .ok_or(Error::Null(H::ARG))
}

/// Writes a text made from the handle's number (masked or raw) to `*out`.
///
/// # Safety
/// The exported masked/raw functions' contract.
unsafe fn text_of<H: Handle>(
    h: *const H,
    out: *mut *mut c_char,
    text: fn(H::Number) -> String,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: a live handle per the caller's contract.
        let n = unsafe { number_of(h) }?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&text(n))) };
        Ok(())
    })
}

/// Decodes any text into the number's JSON answer at `*out`.
///
/// # Safety
/// The exported `_decode_json` functions' contract.
unsafe fn decode_json_of<T: IdentityNumber>(
    input: *const c_char,
    lenient: bool,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `input` and `as_of`.
        let s = unsafe { arg_str(input, "input") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let json = crate::to_json(&T::decode(s, lenient, as_of))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&json)) };
        Ok(())
    })
}

/// Parses a NIK.
///
/// Parameters:
/// - `input`: NUL-terminated UTF-8. Strict: exactly 16 digits. With
///   `lenient`, surrounding whitespace and single spaces, dots or dashes
///   between digits are accepted (`"3171 0141 0190 0001"`).
/// - `out`: receives the new handle on success.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when it is not a valid NIK (last
/// error code `NIK_LENGTH`, `NIK_NON_DIGIT`, `NIK_SCIENTIFIC_NOTATION`,
/// `NIK_DIGITS_LOST`, `NIK_PROVINCE_UNKNOWN`, `NIK_REGENCY_UNKNOWN`,
/// `NIK_DISTRICT_UNKNOWN`, `NIK_DATE_INVALID`, `NIK_LEAP_DAY` or
/// `NIK_SERIAL_ZERO`; the message never shows the digits);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: `input` is borrowed for the call. The caller owns `*out` and
/// frees it with `dtks_nik_free`. `*out` is untouched on failure.
///
/// Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_parse(
    input: *const c_char,
    lenient: bool,
    out: *mut *mut dtks_nik,
) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { parse_into(input, lenient, out) }
}

/// Frees a NIK handle. NULL is a no-op.
///
/// Memory: `nik` must come from `dtks_nik_parse` and not be freed twice; no
/// thread may use it during or after the call.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_free(nik: *mut dtks_nik) {
    // SAFETY: the caller's contract, passed on.
    unsafe { free_handle(nik) }
}

/// The decoded fields of a NIK.
///
/// Parameters: `nik` (borrowed); `as_of`, the date `YYYY-MM-DD` against
/// which the two-digit birth year is resolved (the library never reads the
/// clock); `out`, a caller-owned struct filled on success.
///
/// Returns: `DTKS_OK`, `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`,
/// `DTKS_INVALID_ARGUMENT` (a malformed `as_of`).
///
/// Thread safety: any thread, also on a shared handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_decode(
    nik: *const dtks_nik,
    as_of: *const c_char,
    out: *mut dtks_nik_info,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: a live handle per the caller's contract.
        let n = unsafe { number_of(nik) }?;
        // SAFETY: the caller's contract on `as_of`.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, nik_info(n, as_of)) };
        Ok(())
    })
}

/// The NIK masked, as in every dtks message: `"3171••••••••0001"` (the
/// middle eight digits as U+2022, UTF-8).
///
/// Memory: the caller owns `*out` and frees it with `dtks_string_free`.
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_masked(
    nik: *const dtks_nik,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { text_of(nik, out, Nik::masked) }
}

/// The NIK's 16 digits, unmasked: personal data, asked for explicitly. Do
/// not log it.
///
/// Memory: the caller owns `*out` and frees it with `dtks_string_free`.
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_raw(nik: *const dtks_nik, out: *mut *mut c_char) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { text_of(nik, out, Nik::raw) }
}

/// Decodes a NIK into the JSON answer that `dtks nik --json` prints
/// (`valid`, `code`, `message_id`, `message_en`, `masked`, `province`,
/// `province_name`, `regency`, …, `birth_date`, `sex`, `serial`).
///
/// An invalid NIK is an answer, not a failure: the call returns `DTKS_OK`
/// with `"valid": false` and the code in the JSON.
///
/// Parameters: `input` (NUL-terminated UTF-8), `lenient` (as in
/// `dtks_nik_parse`), `as_of` (`YYYY-MM-DD`), `out`.
///
/// Returns: `DTKS_OK`, `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`,
/// `DTKS_INVALID_ARGUMENT`.
///
/// Memory: the caller owns `*out` (UTF-8 JSON) and frees it with
/// `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_decode_json(
    input: *const c_char,
    lenient: bool,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { decode_json_of::<Nik>(input, lenient, as_of, out) }
}

/// Parses a KK number (Nomor Kartu Keluarga).
///
/// Parameters: as `dtks_nik_parse`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` with a `KK_*` code
/// (`KK_LENGTH`, `KK_NON_DIGIT`, `KK_DATE_INVALID`, …);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the caller owns `*out` and frees it with `dtks_kk_free`.
/// Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_parse(
    input: *const c_char,
    lenient: bool,
    out: *mut *mut dtks_kk,
) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { parse_into(input, lenient, out) }
}

/// Frees a KK handle. NULL is a no-op. Memory: as `dtks_nik_free`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_free(kk: *mut dtks_kk) {
    // SAFETY: the caller's contract, passed on.
    unsafe { free_handle(kk) }
}

/// The decoded fields of a KK number; `as_of` (`YYYY-MM-DD`) resolves the
/// century of the recording date.
///
/// Returns: `DTKS_OK`, `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`,
/// `DTKS_INVALID_ARGUMENT`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_decode(
    kk: *const dtks_kk,
    as_of: *const c_char,
    out: *mut dtks_kk_info,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: a live handle per the caller's contract.
        let k = unsafe { number_of(kk) }?;
        // SAFETY: the caller's contract on `as_of`.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, kk_info(k, as_of)) };
        Ok(())
    })
}

/// Checks that the KK number's recording date is possible on `as_of`
/// (`YYYY-MM-DD`): not after it (`KK_ISSUED_FUTURE`) and, read in the last
/// century, not before 16-digit KK numbers existed (1995,
/// `KK_ISSUED_BEFORE_REGISTRY`). The same decision as `dtks_kk_decode_json`
/// and household validation; `dtks_kk_parse` alone cannot make it (it takes
/// no date).
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` with the code; `DTKS_NULL_POINTER`,
/// `DTKS_INVALID_UTF8`, `DTKS_INVALID_ARGUMENT`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_check(kk: *const dtks_kk, as_of: *const c_char) -> dtks_status {
    boundary(|| {
        // SAFETY: a live handle per the caller's contract.
        let k = unsafe { number_of(kk) }?;
        // SAFETY: the caller's contract on `as_of`.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        match k.recording(as_of).problem("", as_of) {
            None => Ok(()),
            Some(p) => Err(Error::Invalid {
                code: p.code.as_str(),
                id: p.message(dtks_core::problem::Lang::Id),
                en: p.message(dtks_core::problem::Lang::En),
            }),
        }
    })
}

/// The KK number masked (`"3171••••••••0007"`). Memory: free `*out` with
/// `dtks_string_free`. Returns: `DTKS_OK` or `DTKS_NULL_POINTER`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_masked(kk: *const dtks_kk, out: *mut *mut c_char) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { text_of(kk, out, NoKk::masked) }
}

/// The KK number's 16 digits, unmasked (personal data, asked for
/// explicitly). Memory: free `*out` with `dtks_string_free`.
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_raw(kk: *const dtks_kk, out: *mut *mut c_char) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { text_of(kk, out, NoKk::raw) }
}

/// Decodes a KK number into the JSON answer of `dtks kk --json` (`valid`,
/// `code`, `masked`, `district`, `recorded_on`, `recorded_after_as_of`, …).
/// An invalid number is an answer (`DTKS_OK`, `"valid": false`).
///
/// Memory: free `*out` with `dtks_string_free`. Returns: `DTKS_OK`,
/// `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`, `DTKS_INVALID_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_decode_json(
    input: *const c_char,
    lenient: bool,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, passed on.
    unsafe { decode_json_of::<NoKk>(input, lenient, as_of, out) }
}

/// A NIK's fields as `dtks_nik_info` (worked out once, for the sized
/// struct too).
fn nik_info(n: Nik, as_of: chrono::NaiveDate) -> dtks_nik_info {
    let d = crate::details::nik_details(n, as_of);
    dtks_nik_info {
        province: d.province,
        regency: d.regency,
        district: d.district,
        sex: d.sex,
        birth_year: d.birth_year,
        birth_month: d.birth_month,
        birth_day: d.birth_day,
        serial: d.serial,
        region_retired: d.region_retired,
    }
}

/// Each problem code as a NUL-terminated string, made once: what
/// the column functions point at.
fn code_cstr(code: dtks_core::problem::Code) -> *const c_char {
    use std::ffi::CString;
    use std::sync::OnceLock;
    static CODES: OnceLock<Vec<CString>> = OnceLock::new();
    let all = CODES.get_or_init(|| {
        dtks_core::problem::Code::ALL
            .iter()
            .map(|c| crate::strings::cstring_lossy(c.as_str()))
            .collect()
    });
    all.get(code.index())
        .map_or(std::ptr::null(), |c| c.as_ptr())
}

/// The code of an entry that is not text: NULL or not UTF-8.
static ENTRY_NULL: &std::ffi::CStr = c"NULL_POINTER";
static ENTRY_NOT_UTF8: &std::ffi::CStr = c"INVALID_UTF8";

/// Decodes a column of NIKs in one call: `values[i]` (NUL-terminated) for
/// `i < n`, each judged as `dtks_nik_parse` judges one. For each entry,
/// `codes_out[i]` is NULL when the NIK is valid and `info_out[i]` holds its
/// fields (as `dtks_nik_decode`); otherwise `codes_out[i]` is the code that
/// rejects it (`NIK_LENGTH`, …, `NULL_POINTER` for a NULL entry,
/// `INVALID_UTF8` for one that is not UTF-8) and `info_out[i]` is zeroed.
/// An invalid value is an answer, not a failure: the call succeeds.
///
/// Parameters: `values` and the two out-arrays of `n` elements each
/// (caller-owned; NULL allowed when `n` is 0); `as_of`, `YYYY-MM-DD`;
/// `lenient` as for `dtks_nik_parse`.
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER` (an array NULL with `n` > 0, or
/// `as_of` NULL); `DTKS_INVALID_ARGUMENT` (a malformed `as_of`). On a
/// failure nothing is written.
///
/// Memory: the code strings are static (never freed, valid for the life of
/// the process). Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_decode_column(
    values: *const *const c_char,
    n: usize,
    as_of: *const c_char,
    lenient: bool,
    info_out: *mut dtks_nik_info,
    codes_out: *mut *const c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded.
    boundary(|| unsafe {
        decode_column::<Nik, _>(values, n, as_of, lenient, info_out, codes_out, nik_info)
    })
}

/// A column of KK numbers in one call, as `dtks_nik_decode_column` for NIKs:
/// `info_out[i]` as `dtks_kk_decode` fills it, `codes_out[i]` NULL or the
/// code that rejects the number (`KK_LENGTH`, …, and, judged on `as_of` as
/// household validation and `dtks.columns.kk` judge it, `KK_ISSUED_FUTURE`
/// or `KK_ISSUED_BEFORE_REGISTRY`). Parameters, returns, memory and thread
/// safety as `dtks_nik_decode_column`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_decode_column(
    values: *const *const c_char,
    n: usize,
    as_of: *const c_char,
    lenient: bool,
    info_out: *mut dtks_kk_info,
    codes_out: *mut *const c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded.
    boundary(|| unsafe {
        decode_column::<NoKk, _>(values, n, as_of, lenient, info_out, codes_out, kk_info)
    })
}

/// The body of the column functions, over either number.
///
/// # Safety
/// `values`, `info_out` and `codes_out` hold `n` elements each when `n` > 0;
/// each non-NULL entry of `values` is NUL-terminated; `as_of` as for
/// [`arg_str`].
unsafe fn decode_column<T: IdentityNumber, I: Default>(
    values: *const *const c_char,
    n: usize,
    as_of: *const c_char,
    lenient: bool,
    info_out: *mut I,
    codes_out: *mut *const c_char,
    info_of: fn(T, chrono::NaiveDate) -> I,
) -> Result<(), Error> {
    // SAFETY: the caller's contract on `as_of`.
    let as_of = unsafe { arg_date(as_of, "as_of") }?;
    if n == 0 {
        return Ok(());
    }
    if values.is_null() {
        return Err(Error::Null("values"));
    }
    check_out(info_out, "info_out")?;
    check_out(codes_out, "codes_out")?;
    // SAFETY: three arrays of `n` elements per the caller's contract.
    let (values, infos, codes) = unsafe {
        (
            std::slice::from_raw_parts(values, n),
            std::slice::from_raw_parts_mut(info_out, n),
            std::slice::from_raw_parts_mut(codes_out, n),
        )
    };
    for ((v, info), code) in values.iter().zip(infos.iter_mut()).zip(codes.iter_mut()) {
        *info = I::default();
        if v.is_null() {
            *code = ENTRY_NULL.as_ptr();
            continue;
        }
        // SAFETY: a non-NULL entry is NUL-terminated per the contract.
        let Ok(text) = unsafe { std::ffi::CStr::from_ptr(*v) }.to_str() else {
            *code = ENTRY_NOT_UTF8.as_ptr();
            continue;
        };
        match T::parse_as(text, lenient)
            .map_err(|e| e.code())
            .and_then(|t| t.judged_on(as_of))
        {
            Ok(number) => {
                *info = info_of(number, as_of);
                *code = std::ptr::null();
            }
            Err(c) => *code = code_cstr(c),
        }
    }
    Ok(())
}

/// A KK number's fields as `dtks_kk_info`.
fn kk_info(k: NoKk, as_of: chrono::NaiveDate) -> dtks_kk_info {
    let d = crate::details::kk_details(k, as_of);
    dtks_kk_info {
        province: d.province,
        regency: d.regency,
        district: d.district,
        recorded_year: d.recorded_year,
        recorded_month: d.recorded_month,
        recorded_day: d.recorded_day,
        recorded_after_as_of: d.recording == crate::details::DTKS_KK_RECORDING_FUTURE,
        serial: d.serial,
        region_retired: d.region_retired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};
    use std::ptr;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap()
    }

    #[test]
    fn parse_info_masked_raw_free() {
        let mut n = ptr::null_mut();
        let s = unsafe { dtks_nik_parse(c("3171014101900001").as_ptr(), false, &mut n) };
        assert_eq!(s, dtks_status::DTKS_OK);
        let mut info = dtks_nik_info::default();
        let s = unsafe { dtks_nik_decode(n, c("2026-01-01").as_ptr(), &mut info) };
        assert_eq!(s, dtks_status::DTKS_OK);
        // 41 = day 1 + 40: a woman born 1 January 1990 (docs/domain/identity.md §1.2).
        assert_eq!(
            (info.sex, info.birth_year, info.birth_month, info.birth_day),
            (DTKS_SEX_FEMALE, 1990, 1, 1)
        );
        assert_eq!(
            (info.province, info.regency, info.district, info.serial),
            (31, 71, 1, 1)
        );
        let mut m = ptr::null_mut();
        assert_eq!(unsafe { dtks_nik_masked(n, &mut m) }, dtks_status::DTKS_OK);
        assert_eq!(
            unsafe { CStr::from_ptr(m) }.to_str().unwrap(),
            "3171••••••••0001"
        );
        let mut r = ptr::null_mut();
        assert_eq!(unsafe { dtks_nik_raw(n, &mut r) }, dtks_status::DTKS_OK);
        assert_eq!(
            unsafe { CStr::from_ptr(r) }.to_str().unwrap(),
            "3171014101900001"
        );
        unsafe {
            crate::dtks_string_free(m);
            crate::dtks_string_free(r);
            dtks_nik_free(n);
        }
    }

    #[test]
    fn invalid_leaves_out_untouched() {
        let sentinel = 0x1 as *mut dtks_nik;
        let mut n = sentinel;
        let s = unsafe { dtks_nik_parse(c("123").as_ptr(), false, &mut n) };
        assert_eq!(s, dtks_status::DTKS_INVALID_INPUT);
        assert_eq!(n, sentinel);
        let code = unsafe { CStr::from_ptr(crate::dtks_last_error_code()) };
        assert_eq!(code.to_str().unwrap(), "NIK_LENGTH");
    }

    #[test]
    fn null_and_bad_utf8_are_errors() {
        let mut n = ptr::null_mut();
        assert_eq!(
            unsafe { dtks_nik_parse(ptr::null(), false, &mut n) },
            dtks_status::DTKS_NULL_POINTER
        );
        assert_eq!(
            unsafe { dtks_nik_parse(c("1").as_ptr(), false, ptr::null_mut()) },
            dtks_status::DTKS_NULL_POINTER
        );
        let bad = [0x33u8, 0xff, 0];
        assert_eq!(
            unsafe { dtks_nik_parse(bad.as_ptr().cast(), false, &mut n) },
            dtks_status::DTKS_INVALID_UTF8
        );
        let mut info = dtks_nik_info::default();
        assert_eq!(
            unsafe { dtks_nik_decode(ptr::null(), c("2026-01-01").as_ptr(), &mut info) },
            dtks_status::DTKS_NULL_POINTER
        );
    }

    #[test]
    fn kk_info_reads_the_recording_date() {
        let mut k = ptr::null_mut();
        let s = unsafe { dtks_kk_parse(c("3171011503150007").as_ptr(), false, &mut k) };
        assert_eq!(s, dtks_status::DTKS_OK);
        let mut info = dtks_kk_info::default();
        let s = unsafe { dtks_kk_decode(k, c("2026-01-01").as_ptr(), &mut info) };
        assert_eq!(s, dtks_status::DTKS_OK);
        assert_eq!(
            (info.recorded_year, info.recorded_month, info.recorded_day),
            (2015, 3, 15)
        );
        assert!(!info.recorded_after_as_of);
        unsafe { dtks_kk_free(k) };
    }
}
