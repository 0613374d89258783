//! Region lookups in the embedded Kemendagri table.

use crate::error::{boundary, boundary_or, dtks_status, Error};
use crate::strings::{arg_str, check_out, cstring_lossy, owned, write_out};
use dtks_core::answer::{region_lookup, RegionAnswer};
use dtks_core::region::Level;
use std::ffi::{c_char, CString};

/// The level of a region: `DTKS_LEVEL_PROVINCE` (1), `DTKS_LEVEL_REGENCY`
/// (2, kabupaten or kota), `DTKS_LEVEL_DISTRICT` (3, kecamatan),
/// `DTKS_LEVEL_VILLAGE` (4, kelurahan, desa or desa adat).
pub type dtks_level = u32;
/// Provinsi (`PP`).
pub const DTKS_LEVEL_PROVINCE: dtks_level = 1;
/// Kabupaten or kota (`PP.KK`).
pub const DTKS_LEVEL_REGENCY: dtks_level = 2;
/// Kecamatan (`PP.KK.CC`).
pub const DTKS_LEVEL_DISTRICT: dtks_level = 3;
/// Kelurahan, desa or desa adat (`PP.KK.CC.DDDD`).
pub const DTKS_LEVEL_VILLAGE: dtks_level = 4;

/// A region found in the embedded table (created by `dtks_region_lookup`,
/// freed by `dtks_region_free`).
///
/// Immutable: may be read from several threads at once. The strings its
/// accessors return are borrowed from it and live until it is freed.
#[derive(Debug)]
pub struct dtks_region {
    level: dtks_level,
    code: CString,
    name: CString,
    parent: Option<CString>,
    kind: Option<CString>,
}

fn level_of(a: &RegionAnswer) -> dtks_level {
    match a.level {
        Some(Level::Province) => DTKS_LEVEL_PROVINCE,
        Some(Level::Regency) => DTKS_LEVEL_REGENCY,
        Some(Level::District) => DTKS_LEVEL_DISTRICT,
        _ => DTKS_LEVEL_VILLAGE,
    }
}

/// Looks a region code up at any level (`"31"`, `"31.71"`, `"31.71.01"`,
/// `"31.71.01.1001"`; dots optional).
///
/// Returns: `DTKS_OK`; `DTKS_NOT_FOUND` when the code is not a current
/// region (malformed, unknown, or retired by a split: see
/// `dtks_nik_decode_json` for retired NIK prefixes); `DTKS_NULL_POINTER`;
/// `DTKS_INVALID_UTF8`.
///
/// Memory: the caller owns `*out` and frees it with `dtks_region_free`.
/// Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_lookup(
    code: *const c_char,
    out: *mut *mut dtks_region,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `code`.
        let s = unsafe { arg_str(code, "code") }?;
        let a = region_lookup(s);
        if !a.found {
            return Err(Error::NotFound("kode wilayah", "region code"));
        }
        let r = dtks_region {
            level: level_of(&a),
            code: cstring_lossy(a.code.as_deref().unwrap_or("")),
            name: cstring_lossy(a.name.unwrap_or("")),
            parent: a.parent.as_deref().map(cstring_lossy),
            kind: a.regency_kind.or(a.village_kind).map(cstring_lossy),
        };
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// Frees a region handle. NULL is a no-op. No thread may use the handle (or
/// a string borrowed from it) during or after the call.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_free(region: *mut dtks_region) {
    boundary_or((), || {
        if !region.is_null() {
            // SAFETY: came from `Box::into_raw` in `dtks_region_lookup`.
            drop(unsafe { Box::from_raw(region) });
        }
    })
}

fn borrowed(
    region: *const dtks_region,
    pick: impl Fn(&dtks_region) -> Option<&CString>,
) -> *const c_char {
    boundary_or(std::ptr::null(), || {
        // SAFETY: NULL or a live handle per the caller's contract.
        match unsafe { region.as_ref() } {
            Some(r) => pick(r).map_or(std::ptr::null(), |c| c.as_ptr()),
            None => std::ptr::null(),
        }
    })
}

/// The region's dotted code (`"31.71.01.1001"`). Returns NULL for a NULL
/// handle. Memory: borrowed from `region`; never freed by the caller.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_code(region: *const dtks_region) -> *const c_char {
    borrowed(region, |r| Some(&r.code))
}

/// The region's name (`"Gambir"`), UTF-8. Returns NULL for a NULL handle.
/// Memory: borrowed from `region`.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_name(region: *const dtks_region) -> *const c_char {
    borrowed(region, |r| Some(&r.name))
}

/// The parent's dotted code (`"31.71.01"` for a village); NULL for a
/// province or a NULL handle. Memory: borrowed from `region`.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_parent(region: *const dtks_region) -> *const c_char {
    borrowed(region, |r| r.parent.as_ref())
}

/// The kind of a regency (`"kabupaten"`, `"kota"`) or of a village
/// (`"kelurahan"`, `"desa"`, `"desa_adat"`); NULL for a province, a
/// district or a NULL handle. Memory: borrowed from `region`.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_kind(region: *const dtks_region) -> *const c_char {
    borrowed(region, |r| r.kind.as_ref())
}

/// The region's level (`DTKS_LEVEL_*`); 0 for a NULL handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_level(region: *const dtks_region) -> dtks_level {
    boundary_or(0, || {
        // SAFETY: NULL or a live handle per the caller's contract.
        unsafe { region.as_ref() }.map_or(0, |r| r.level)
    })
}

/// Looks a code up and returns the JSON answer (`found`, `level`, `code`,
/// `name`, `parent`, `regency_kind`, `village_kind`). A code that is not
/// found is an answer (`DTKS_OK`, `"found": false`).
///
/// Memory: free `*out` with `dtks_string_free`. Returns: `DTKS_OK`,
/// `DTKS_NULL_POINTER`, `DTKS_INVALID_UTF8`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_region_lookup_json(
    code: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on `code`.
        let s = unsafe { arg_str(code, "code") }?;
        let json = crate::to_json(&region_lookup(s))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&json)) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::ptr;

    fn s(p: *const c_char) -> Option<String> {
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }

    #[test]
    fn village_and_not_found() {
        let mut r = ptr::null_mut();
        let code = CString::new("3171011001").unwrap();
        assert_eq!(
            unsafe { dtks_region_lookup(code.as_ptr(), &mut r) },
            dtks_status::DTKS_OK
        );
        unsafe {
            assert_eq!(s(dtks_region_code(r)).as_deref(), Some("31.71.01.1001"));
            assert_eq!(s(dtks_region_name(r)).as_deref(), Some("Gambir"));
            assert_eq!(s(dtks_region_parent(r)).as_deref(), Some("31.71.01"));
            assert_eq!(s(dtks_region_kind(r)).as_deref(), Some("kelurahan"));
            assert_eq!(dtks_region_level(r), DTKS_LEVEL_VILLAGE);
            dtks_region_free(r);
        }
        let code = CString::new("99.99").unwrap();
        let mut r = ptr::null_mut();
        assert_eq!(
            unsafe { dtks_region_lookup(code.as_ptr(), &mut r) },
            dtks_status::DTKS_NOT_FOUND
        );
        assert!(r.is_null());
    }
}
