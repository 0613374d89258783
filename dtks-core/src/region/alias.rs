//! Retired regency and district codes (`data/regions/region-aliases.csv`).

use chrono::NaiveDate;

use super::{generated::aliases as gen, Level, Region};

/// A regency or district code retired by a province split, with its successor.
///
/// The embedded table (`data/regions/region-aliases.csv`, 663 rows) covers the
/// creation of Kalimantan Utara (UU 20/2012) and of the Papua provinces
/// (UU 14, 15, 16/2022 and UU 29/2022). An identity number (NIK, KK) whose
/// first six digits use the old code was validly issued before [`since`](Alias::since).
///
/// ```
/// use dtks_core::region;
/// let a = region::alias("91.02.03").unwrap();
/// assert_eq!(a.new_code(), "95.01.02");
/// assert_eq!(a.basis(), "UU 16/2022");
/// assert_eq!(a.since().to_string(), "2022-07-25");
/// assert_eq!(a.successor().unwrap().code(), "95.01.02");
/// ```
#[derive(Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Alias {
    old_code: &'static str,
    new_code: &'static str,
    since: NaiveDate,
    basis: &'static str,
    level: Level,
}

impl Alias {
    /// Used by the generated table only.
    pub(crate) const fn new(
        level: Level,
        old_code: &'static str,
        new_code: &'static str,
        year: i32,
        month: u32,
        day: u32,
        basis: &'static str,
    ) -> Self {
        let since = match NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) => d,
            // Unreachable: the generator validates the dates and a test
            // checks every entry against the CSV.
            None => NaiveDate::MIN,
        };
        Alias {
            old_code,
            new_code,
            since,
            basis,
            level,
        }
    }

    /// The retired code, dotted: `"64.04"` or `"64.04.12"`.
    pub fn old_code(&self) -> &'static str {
        self.old_code
    }

    /// The code that replaced it, dotted, at the same level: `"65.01.10"`.
    pub fn new_code(&self) -> &'static str {
        self.new_code
    }

    /// The day the old code stopped being issued (the law's entry into force).
    pub fn since(&self) -> NaiveDate {
        self.since
    }

    /// The legal basis of the change, e.g. `"UU 20/2012"`.
    pub fn basis(&self) -> &'static str {
        self.basis
    }

    /// [`Level::Regency`] or [`Level::District`].
    pub fn level(&self) -> Level {
        self.level
    }

    /// The current region that replaced the old code (always `Some` for the
    /// embedded table, which the tests check).
    pub fn successor(&self) -> Option<Region> {
        super::lookup(self.new_code)
    }
}

/// Alias of the retired regency `code` (four digits, e.g. 6404).
pub(super) fn find_regency(code: u16) -> Option<&'static Alias> {
    let pos = gen::REGENCY_ALIASES
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()?;
    let &(_, idx) = gen::REGENCY_ALIASES.get(pos)?;
    gen::ALIASES.get(usize::from(idx))
}

/// Alias of the retired district `code` (six digits, e.g. 640412).
pub(super) fn find_district(code: u32) -> Option<&'static Alias> {
    let pos = gen::DISTRICT_ALIASES
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()?;
    let &(_, idx) = gen::DISTRICT_ALIASES.get(pos)?;
    gen::ALIASES.get(usize::from(idx))
}

/// All aliases in the order of the CSV (ascending old code).
pub(super) fn all() -> &'static [Alias] {
    &gen::ALIASES
}
