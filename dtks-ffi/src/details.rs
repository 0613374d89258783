//! The decoded fields of a NIK or a KK number in structs that carry their
//! size, so they can grow: `dtks_nik_details` and `dtks_kk_details`, the
//! extensible successors of the frozen `dtks_nik_info` and `dtks_kk_info`.

use crate::error::{boundary, dtks_status, Error};
use crate::id::{dtks_kk, dtks_nik, dtks_sex, retired, DTKS_SEX_FEMALE, DTKS_SEX_MALE};
use crate::sized::{write_sized, Sized32};
use crate::strings::{arg_date, check_out};
use chrono::Datelike;
use chrono::NaiveDate;
use dtks_core::id::{BirthDateConvention, Nik, NoKk, Recording, Sex};
use std::ffi::c_char;

/// What the birth day and month of a NIK say about the date: `0` an
/// ordinary date; `1` 1 July, `2` 31 December, `3` the 15th of a month —
/// the stand-ins registries wrote when the real date was unknown
/// (docs/domain/identity.md §1.4); `255` another stand-in. Such NIKs are
/// valid; the date is probably estimated.
pub type dtks_birth_convention = u8;
/// An ordinary birth date.
pub const DTKS_BIRTH_ORDINARY: dtks_birth_convention = 0;
/// 1 July, the SIAK stand-in for an unknown date.
pub const DTKS_BIRTH_FIRST_OF_JULY: dtks_birth_convention = 1;
/// 31 December, the SIMDUK stand-in for an unknown date.
pub const DTKS_BIRTH_DECEMBER_31: dtks_birth_convention = 2;
/// The 15th of a month, used when only the month was known.
pub const DTKS_BIRTH_FIFTEENTH: dtks_birth_convention = 3;
/// A stand-in date this list does not name (a later core may know more).
pub const DTKS_BIRTH_OTHER_STAND_IN: dtks_birth_convention = 255;

/// What a KK number's recording date says on `as_of`: `1` a possible date;
/// `2` after `as_of` (`KK_ISSUED_FUTURE`); `3` impossible in either century
/// (`KK_ISSUED_BEFORE_REGISTRY`: after `as_of` as 20YY, before 1995 as
/// 19YY); `255` impossible for another reason.
pub type dtks_kk_recording = u8;
/// A possible recording date.
pub const DTKS_KK_RECORDING_POSSIBLE: dtks_kk_recording = 1;
/// The recording date is after `as_of`.
pub const DTKS_KK_RECORDING_FUTURE: dtks_kk_recording = 2;
/// The recording date fits no century.
pub const DTKS_KK_RECORDING_BEFORE_REGISTRY: dtks_kk_recording = 3;
/// Impossible for a reason this list does not name (a later core may know
/// more); `dtks_kk_check` gives the code.
pub const DTKS_KK_RECORDING_OTHER: dtks_kk_recording = 255;

/// The decoded fields of a NIK, filled by `dtks_nik_decode_details`.
/// `size` must be set by the caller to `sizeof(dtks_nik_details)`; new
/// fields are only ever added at the end (docs/c-api.md, "ABI stability").
///
/// ```c
/// dtks_nik_details d = { .size = sizeof d };
/// if (dtks_nik_decode_details(nik, "2026-01-01", &d) == DTKS_OK) { … d.birth_year … }
/// ```
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_nik_details {
    /// Set by the caller: `sizeof(dtks_nik_details)`.
    pub size: u32,
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
    /// A `DTKS_BIRTH_*` value: whether the date is a stand-in for an
    /// unknown one.
    pub birth_convention: dtks_birth_convention,
}

impl Sized32 for dtks_nik_details {
    const AT_LEAST: (&'static str, &'static str) = (
        "paling sedikit sizeof(dtks_nik_details)",
        "at least sizeof(dtks_nik_details)",
    );
    fn with_size(self, size: u32) -> Self {
        Self { size, ..self }
    }
}

/// The decoded fields of a KK number, filled by `dtks_kk_decode_details`.
/// `size` must be set by the caller to `sizeof(dtks_kk_details)`; new fields
/// are only ever added at the end.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct dtks_kk_details {
    /// Set by the caller: `sizeof(dtks_kk_details)`.
    pub size: u32,
    /// Province code, digits 1–2.
    pub province: u8,
    /// Regency/city code, digits 3–4.
    pub regency: u8,
    /// District code, digits 5–6.
    pub district: u8,
    /// A `DTKS_KK_RECORDING_*` value: whether the recording date is
    /// possible on `as_of`, the decision household validation makes.
    pub recording: dtks_kk_recording,
    /// Year the card was recorded, century resolved against `as_of`; 0 if
    /// the date cannot be resolved.
    pub recorded_year: i32,
    /// Recording month 1–12 (0 with a year of 0).
    pub recorded_month: u8,
    /// Recording day 1–31 (0 with a year of 0).
    pub recorded_day: u8,
    /// Serial number 1–9999.
    pub serial: u16,
    /// True when the district code was retired by a later province split.
    pub region_retired: bool,
}

impl Sized32 for dtks_kk_details {
    const AT_LEAST: (&'static str, &'static str) = (
        "paling sedikit sizeof(dtks_kk_details)",
        "at least sizeof(dtks_kk_details)",
    );
    fn with_size(self, size: u32) -> Self {
        Self { size, ..self }
    }
}

/// The decoded fields of a NIK on `as_of` (`size` left 0): the one place
/// they are worked out, for `dtks_nik_decode_details` and the frozen
/// `dtks_nik_decode`.
pub(crate) fn nik_details(n: Nik, as_of: NaiveDate) -> dtks_nik_details {
    dtks_nik_details {
        size: 0,
        province: n.province_code(),
        regency: n.regency_code(),
        district: n.district_code(),
        sex: match n.sex() {
            Sex::Male => DTKS_SEX_MALE,
            Sex::Female => DTKS_SEX_FEMALE,
        },
        birth_year: n.birth_date(as_of).map_or(0, |d| d.year()),
        birth_month: n.birth_month(),
        birth_day: n.birth_day(),
        serial: n.serial(),
        region_retired: retired(n.region_of_issue()),
        birth_convention: match n.birth_date_convention() {
            None => DTKS_BIRTH_ORDINARY,
            Some(BirthDateConvention::FirstOfJuly) => DTKS_BIRTH_FIRST_OF_JULY,
            Some(BirthDateConvention::ThirtyFirstOfDecember) => DTKS_BIRTH_DECEMBER_31,
            Some(BirthDateConvention::Fifteenth) => DTKS_BIRTH_FIFTEENTH,
            Some(_) => DTKS_BIRTH_OTHER_STAND_IN,
        },
    }
}

/// The decoded fields of a KK number on `as_of` (`size` left 0), for
/// `dtks_kk_decode_details` and the frozen `dtks_kk_decode`.
pub(crate) fn kk_details(k: NoKk, as_of: NaiveDate) -> dtks_kk_details {
    let date = k.recorded_on(as_of);
    dtks_kk_details {
        size: 0,
        province: k.province_code(),
        regency: k.regency_code(),
        district: k.district_code(),
        recording: match k.recording(as_of) {
            Recording::Possible(_) => DTKS_KK_RECORDING_POSSIBLE,
            Recording::Future(_) => DTKS_KK_RECORDING_FUTURE,
            Recording::BeforeRegistry { .. } => DTKS_KK_RECORDING_BEFORE_REGISTRY,
            _ => DTKS_KK_RECORDING_OTHER,
        },
        recorded_year: date.map_or(0, |d| d.year()),
        recorded_month: date.map_or(0, |d| d.month() as u8),
        recorded_day: date.map_or(0, |d| d.day() as u8),
        serial: k.serial(),
        region_retired: retired(k.region_of_issue()),
    }
}

/// The decoded fields of a NIK into a sized struct: as `dtks_nik_decode`,
/// and whether the birth date is a stand-in for an unknown one.
///
/// Parameters: `nik` (borrowed); `as_of` (`YYYY-MM-DD`) resolves the
/// century; `out`, caller-owned, with `out->size` set.
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`;
/// `DTKS_INVALID_ARGUMENT` for a malformed `as_of` or an `out->size`
/// smaller than this library's struct. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_nik_decode_details(
    nik: *const dtks_nik,
    as_of: *const c_char,
    out: *mut dtks_nik_details,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: a live handle per the caller's contract.
        let n = unsafe { nik.as_ref() }.ok_or(Error::Null("nik"))?.nik;
        // SAFETY: the caller's contract on `as_of`.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let d = nik_details(n, as_of);
        // SAFETY: non-NULL; the caller's struct holds `out->size` bytes.
        unsafe { write_sized(out, d, "out->size") }
    })
}

/// The decoded fields of a KK number into a sized struct: as
/// `dtks_kk_decode`, with the recording date judged as household
/// validation and `dtks_kk_check` judge it.
///
/// Parameters and returns: as `dtks_nik_decode_details`.
#[no_mangle]
pub unsafe extern "C" fn dtks_kk_decode_details(
    kk: *const dtks_kk,
    as_of: *const c_char,
    out: *mut dtks_kk_details,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: a live handle per the caller's contract.
        let k = unsafe { kk.as_ref() }.ok_or(Error::Null("kk"))?.kk;
        // SAFETY: the caller's contract on `as_of`.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let d = kk_details(k, as_of);
        // SAFETY: non-NULL; the caller's struct holds `out->size` bytes.
        unsafe { write_sized(out, d, "out->size") }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::{dtks_kk_free, dtks_kk_parse, dtks_nik_free, dtks_nik_parse};
    use std::ffi::CString;
    use std::ptr;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap()
    }

    #[test]
    fn nik_details_with_the_convention() {
        let mut n = ptr::null_mut();
        // 410790: a woman (1 + 40) born 1 July 1990, the SIAK stand-in.
        let s = unsafe { dtks_nik_parse(c("3171014107900001").as_ptr(), false, &mut n) };
        assert_eq!(s, dtks_status::DTKS_OK);
        let mut d = dtks_nik_details {
            size: std::mem::size_of::<dtks_nik_details>() as u32,
            ..Default::default()
        };
        let s = unsafe { dtks_nik_decode_details(n, c("2026-01-01").as_ptr(), &mut d) };
        assert_eq!(s, dtks_status::DTKS_OK);
        assert_eq!(
            (
                d.sex,
                d.birth_year,
                d.birth_month,
                d.birth_day,
                d.birth_convention
            ),
            (DTKS_SEX_FEMALE, 1990, 7, 1, DTKS_BIRTH_FIRST_OF_JULY)
        );
        assert_eq!(d.size as usize, std::mem::size_of::<dtks_nik_details>());
        // A caller that forgot the size gets an argument error, nothing written.
        let mut z = dtks_nik_details::default();
        let s = unsafe { dtks_nik_decode_details(n, c("2026-01-01").as_ptr(), &mut z) };
        assert_eq!(s, dtks_status::DTKS_INVALID_ARGUMENT);
        assert_eq!(z, dtks_nik_details::default());
        unsafe { dtks_nik_free(n) };
    }

    #[test]
    fn kk_details_judge_the_recording_date() {
        let as_of = c("2026-06-30");
        let size = std::mem::size_of::<dtks_kk_details>() as u32;
        for (kk, want, year) in [
            ("3171011503150007", DTKS_KK_RECORDING_POSSIBLE, 2015),
            ("3171010107260001", DTKS_KK_RECORDING_FUTURE, 2026),
            // 05-09-38: 2038 is after as_of, 1938 before any KK number.
            ("3218010509380001", DTKS_KK_RECORDING_BEFORE_REGISTRY, 1938),
        ] {
            let mut k = ptr::null_mut();
            assert_eq!(
                unsafe { dtks_kk_parse(c(kk).as_ptr(), false, &mut k) },
                dtks_status::DTKS_OK
            );
            let mut d = dtks_kk_details {
                size,
                ..Default::default()
            };
            let s = unsafe { dtks_kk_decode_details(k, as_of.as_ptr(), &mut d) };
            assert_eq!(s, dtks_status::DTKS_OK, "{kk}");
            assert_eq!((d.recording, d.recorded_year), (want, year), "{kk}");
            unsafe { dtks_kk_free(k) };
        }
    }
}
