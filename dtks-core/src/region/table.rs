//! Access to the generated static tables: the only module that touches them.
//!
//! Layout (see `generated/`): each level has its codes in ascending order as
//! integers, a names blob with byte offsets, and (except villages) the index
//! of each entry's first child in the next level's table. Children are
//! contiguous because every table is sorted by code. A village stores only
//! its last four digits; its district is found from the districts' child
//! ranges.

use std::ops::Range;

#[cfg(feature = "villages")]
use super::generated::villages;
use super::generated::{districts, provinces, regencies};
use super::Level;

/// Without the `villages` feature: no village at all (every village lookup
/// finds nothing, and `region::village` does not exist).
#[cfg(not(feature = "villages"))]
mod villages {
    pub(crate) static VILLAGES_CODES: [u16; 0] = [];
    pub(crate) static VILLAGES_NAME_OFFSETS: [u32; 1] = [0];
    pub(crate) static VILLAGES_NAMES: &str = "";
}

/// Number of entries at `level`.
pub(super) fn len(level: Level) -> usize {
    match level {
        Level::Province => provinces::PROVINCES_CODES.len(),
        Level::Regency => regencies::REGENCIES_CODES.len(),
        Level::District => districts::DISTRICTS_CODES.len(),
        Level::Village => villages::VILLAGES_CODES.len(),
    }
}

/// Name of entry `idx` at `level` ("" if out of range, which the callers
/// never ask for).
pub(super) fn name(level: Level, idx: usize) -> &'static str {
    let (offsets, blob): (&'static [u32], &'static str) = match level {
        Level::Province => (
            &provinces::PROVINCES_NAME_OFFSETS,
            provinces::PROVINCES_NAMES,
        ),
        Level::Regency => (
            &regencies::REGENCIES_NAME_OFFSETS,
            regencies::REGENCIES_NAMES,
        ),
        Level::District => (
            &districts::DISTRICTS_NAME_OFFSETS,
            districts::DISTRICTS_NAMES,
        ),
        Level::Village => (&villages::VILLAGES_NAME_OFFSETS, villages::VILLAGES_NAMES),
    };
    let (Some(&start), Some(&end)) = (offsets.get(idx), offsets.get(idx.wrapping_add(1))) else {
        return "";
    };
    blob.get(start as usize..end as usize).unwrap_or("")
}

/// `starts[idx]..starts[idx + 1]`, or an empty range.
fn range_of<T: Copy + Into<u32>>(starts: &[T], idx: usize) -> Range<usize> {
    match (starts.get(idx), starts.get(idx.wrapping_add(1))) {
        (Some(&a), Some(&b)) => a.into() as usize..b.into() as usize,
        _ => 0..0,
    }
}

/// Index of the entry whose child range (in `starts`) contains `child`.
fn owner_of<T: Copy + Into<u32>>(starts: &[T], child: usize) -> Option<usize> {
    let last = starts.last().map_or(0, |&t| t.into() as usize);
    if child >= last {
        return None;
    }
    starts
        .partition_point(|&s| s.into() as usize <= child)
        .checked_sub(1)
}

/// Indices (in the next level's table) of the children of entry `idx`.
pub(super) fn children(level: Level, idx: usize) -> Range<usize> {
    match level {
        Level::Province => range_of(&provinces::PROVINCES_CHILD_START, idx),
        Level::Regency => range_of(&regencies::REGENCIES_CHILD_START, idx),
        Level::District => range_of(&districts::DISTRICTS_CHILD_START, idx),
        Level::Village => 0..0,
    }
}

/// Index (in the previous level's table) of the parent of entry `idx`.
pub(super) fn parent(level: Level, idx: usize) -> Option<usize> {
    match level {
        Level::Province => None,
        Level::Regency => owner_of(&provinces::PROVINCES_CHILD_START, idx),
        Level::District => owner_of(&regencies::REGENCIES_CHILD_START, idx),
        Level::Village => owner_of(&districts::DISTRICTS_CHILD_START, idx),
    }
}

/// Province code (e.g. 31) of province `idx`.
pub(super) fn province_code(idx: usize) -> Option<u8> {
    provinces::PROVINCES_CODES.get(idx).copied()
}

/// Regency code as four digits (e.g. 3171) of regency `idx`.
pub(super) fn regency_code(idx: usize) -> Option<u16> {
    regencies::REGENCIES_CODES.get(idx).copied()
}

/// District code as six digits (e.g. 317101) of district `idx`.
pub(super) fn district_code(idx: usize) -> Option<u32> {
    districts::DISTRICTS_CODES.get(idx).copied()
}

/// Last four digits (e.g. 1001) of village `idx`.
pub(super) fn village_suffix(idx: usize) -> Option<u16> {
    villages::VILLAGES_CODES.get(idx).copied()
}

/// All digits of the code of entry `idx` at `level`, as an integer.
pub(super) fn code_value(level: Level, idx: usize) -> Option<u64> {
    match level {
        Level::Province => province_code(idx).map(u64::from),
        Level::Regency => regency_code(idx).map(u64::from),
        Level::District => district_code(idx).map(u64::from),
        Level::Village => {
            let district = district_code(parent(Level::Village, idx)?)?;
            let suffix = village_suffix(idx)?;
            Some(u64::from(district) * 10_000 + u64::from(suffix))
        }
    }
}

/// Index of province `code` (two digits).
pub(super) fn find_province(code: u8) -> Option<usize> {
    provinces::PROVINCES_CODES.binary_search(&code).ok()
}

/// Index of regency `code` (four digits).
pub(super) fn find_regency(code: u16) -> Option<usize> {
    regencies::REGENCIES_CODES.binary_search(&code).ok()
}

/// One bit per six-digit code 000000–999999, set for each current district:
/// built at compile time from the district table (125 KiB, read-only), so
/// that the check every identity number needs is one load, not a binary
/// search over 7,285 codes.
static CURRENT_DISTRICTS: [u64; 15_625] = current_district_bits();

#[allow(clippy::indexing_slicing)]
const fn current_district_bits() -> [u64; 15_625] {
    let mut bits = [0u64; 15_625];
    let mut i = 0;
    while i < districts::DISTRICTS_CODES.len() {
        // PANIC SAFETY: evaluated at compile time; codes are six digits, so
        // `c / 64` < 15,625 (a bad table would fail the build, not a run).
        let c = districts::DISTRICTS_CODES[i] as usize;
        bits[c / 64] |= 1 << (c % 64);
        i += 1;
    }
    bits
}

/// True when `code` (six digits) is a current district.
pub(super) fn is_current_district(code: u32) -> bool {
    usize::try_from(code / 64)
        .ok()
        .and_then(|w| CURRENT_DISTRICTS.get(w))
        .is_some_and(|w| (w >> (code % 64)) & 1 == 1)
}

/// Index of district `code` (six digits).
pub(super) fn find_district(code: u32) -> Option<usize> {
    districts::DISTRICTS_CODES.binary_search(&code).ok()
}

/// Index of the village with last four digits `suffix` in district `district`.
pub(super) fn find_village(district: usize, suffix: u16) -> Option<usize> {
    let range = children(Level::District, district);
    let start = range.start;
    let pos = villages::VILLAGES_CODES
        .get(range)?
        .binary_search(&suffix)
        .ok()?;
    start.checked_add(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_district_bits_are_the_district_table() {
        let mut n = 0;
        for code in 0..1_000_000u32 {
            let current = is_current_district(code);
            assert_eq!(current, find_district(code).is_some(), "{code}");
            n += usize::from(current);
        }
        assert_eq!(n, districts::DISTRICTS_CODES.len());
        assert!(!is_current_district(u32::MAX));
    }
}
