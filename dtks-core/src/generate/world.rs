//! The fixed part of a run: every village of the embedded region table, and
//! the per-district counters that make identity numbers unique.
//!
//! # Unique NIK and KK numbers without remembering them
//! A NIK is `district · coded birth date · serial`; two people collide only
//! if all three agree. Each district keeps a counter `c` of the people given
//! a NIK there. Person `c` gets serial `1 + c mod 9000` and *round*
//! `r = (c / 9000) mod 32`; their birth date is moved back (by at most three
//! months; usually under a month) to the nearest date whose coded-date index
//! `yy·372 + (mm−1)·31 + (dd−1)` is `≡ r (mod 32)`. Two people of one
//! district with the same NIK would have the same serial (so `c ≡ c' mod
//! 9000`) and the same coded date (so the same round), hence `c ≡ c' mod
//! 288 000`: NIKs are unique while a district holds fewer than 288 000
//! people. KK numbers use the same scheme with a per-district family
//! counter and the recording date. Serials 9001–9999 are kept for the NIKs
//! the fault injector must make for a chosen birth date (a per-district
//! counter, at most 999 per district), so they never meet a regular NIK.
//! Memory: three counters per district (7,285 districts), whatever the
//! number of rows.

use super::GenerateError;
use crate::region;
use chrono::{Datelike, NaiveDate};

/// Serials handed out by the regular counters: `1..=REGULAR_SERIALS`.
pub(crate) const REGULAR_SERIALS: u32 = 9000;
/// Rounds told apart by the coded birth/recording date.
pub(crate) const ROUNDS: u32 = 32;
/// Serials kept for fault-injected NIKs: `9001..=9999`.
pub(crate) const FAULT_SERIALS: u16 = 999;

/// The region table flattened, plus the counters.
#[derive(Debug)]
pub(crate) struct World {
    /// Every village code (10 digits as a number), in code order.
    pub(crate) villages: Vec<u64>,
    /// For each village, the index of its district in `districts`.
    pub(crate) village_district: Vec<u32>,
    /// For each district: its 6-digit code, the index of its first village
    /// and its number of villages.
    pub(crate) districts: Vec<District>,
    people: Vec<u32>,
    families: Vec<u32>,
    fault_niks: Vec<u16>,
}

/// One district of the table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct District {
    pub(crate) code: u32,
    pub(crate) first_village: u32,
    pub(crate) villages: u32,
}

/// The coded-date index used for rounds: `yy·372 + (mm−1)·31 + (dd−1)`.
/// The same for dates a century apart (the NIK has two year digits).
fn coded_index(d: NaiveDate) -> u32 {
    let yy = d.year().rem_euclid(100) as u32;
    yy * 372 + (d.month0()) * 31 + d.day0()
}

/// The latest date on or before `d` whose coded index is `≡ round (mod
/// ROUNDS)`. Within any two consecutive months the indexes cover more than
/// 32 consecutive values, so the walk ends within about 92 days.
pub(crate) fn back_to_round(d: NaiveDate, round: u32) -> NaiveDate {
    let mut day = d;
    for _ in 0..400 {
        let delta = (coded_index(day) + ROUNDS - round % ROUNDS) % ROUNDS;
        if delta == 0 {
            return day;
        }
        // Inside the month the index falls by one a day: jump straight there.
        if day.day0() >= delta {
            if let Some(x) = day.with_day0(day.day0() - delta) {
                return x;
            }
        }
        match day.with_day0(0).and_then(|x| x.pred_opt()) {
            Some(prev) => day = prev,
            None => return day,
        }
    }
    day
}

impl World {
    /// Flattens the embedded region table (about 84 000 villages).
    pub(crate) fn new() -> Result<World, GenerateError> {
        let mut villages = Vec::with_capacity(84_000);
        let mut village_district = Vec::with_capacity(84_000);
        let mut districts = Vec::with_capacity(7_300);
        for p in region::provinces() {
            for k in p.children() {
                for c in k.children() {
                    let code: u32 = c.code_digits().parse().unwrap_or(0);
                    let first = villages.len() as u32;
                    let di = districts.len() as u32;
                    for v in c.children() {
                        if let Ok(n) = v.code_digits().parse::<u64>() {
                            villages.push(n);
                            village_district.push(di);
                        }
                    }
                    let count = villages.len() as u32 - first;
                    if count > 0 && code > 0 {
                        districts.push(District {
                            code,
                            first_village: first,
                            villages: count,
                        });
                    } else {
                        // A district without villages: drop what was pushed.
                        villages.truncate(first as usize);
                        village_district.truncate(first as usize);
                    }
                }
            }
        }
        if villages.is_empty() {
            return Err(GenerateError::RegionTableEmpty);
        }
        let n = districts.len();
        Ok(World {
            villages,
            village_district,
            districts,
            people: vec![0; n],
            families: vec![0; n],
            fault_niks: vec![0; n],
        })
    }

    /// The district index of a village index.
    pub(crate) fn district_of(&self, village: usize) -> usize {
        self.village_district.get(village).copied().unwrap_or(0) as usize
    }

    /// The 6-digit district code of a district index.
    pub(crate) fn district_code(&self, district: usize) -> u64 {
        self.districts
            .get(district)
            .map_or(0, |d| u64::from(d.code))
    }

    /// The village code of a village index.
    pub(crate) fn village_code(&self, village: usize) -> u64 {
        self.villages.get(village).copied().unwrap_or(0)
    }

    /// Takes the next person counter of a district: `(serial, round, counter)`.
    pub(crate) fn next_person(
        &mut self,
        district: usize,
    ) -> Result<(u32, u32, u32), GenerateError> {
        take(&mut self.people, district)
    }

    /// Takes the next family counter of a district: `(serial, round, counter)`.
    pub(crate) fn next_family(
        &mut self,
        district: usize,
    ) -> Result<(u32, u32, u32), GenerateError> {
        take(&mut self.families, district)
    }

    /// Whether a fault-injected NIK can still be made in a district.
    pub(crate) fn fault_nik_left(&self, district: usize) -> bool {
        self.fault_niks
            .get(district)
            .is_some_and(|n| *n < FAULT_SERIALS)
    }

    /// Takes the next fault serial of a district (9001–9999).
    pub(crate) fn next_fault_serial(&mut self, district: usize) -> Option<u32> {
        let slot = self.fault_niks.get_mut(district)?;
        if *slot >= FAULT_SERIALS {
            return None;
        }
        *slot += 1;
        Some(REGULAR_SERIALS + u32::from(*slot))
    }
}

fn take(counters: &mut [u32], district: usize) -> Result<(u32, u32, u32), GenerateError> {
    let slot = counters
        .get_mut(district)
        .ok_or(GenerateError::DistrictFull { district: 0 })?;
    let c = *slot;
    if c >= REGULAR_SERIALS * ROUNDS {
        return Err(GenerateError::DistrictFull {
            district: district as u32,
        });
    }
    *slot += 1;
    Ok((1 + c % REGULAR_SERIALS, c / REGULAR_SERIALS, c))
}

/// `DDMMYY` as a number, with `+40` on the day for women.
pub(crate) fn coded_date(d: NaiveDate, female: bool) -> u64 {
    let day = u64::from(d.day()) + if female { 40 } else { 0 };
    let yy = d.year().rem_euclid(100) as u64;
    day * 10_000 + u64::from(d.month()) * 100 + yy
}

/// `district · DDMMYY · serial` as a 16-digit number.
pub(crate) fn id_number(district: u64, coded: u64, serial: u32) -> u64 {
    district * 10_000_000_000 + coded * 10_000 + u64::from(serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_walk_back_reaches_every_round_within_three_months() {
        let mut day = d(1930, 1, 1);
        while day < d(2030, 12, 31) {
            for r in 0..ROUNDS {
                let x = back_to_round(day, r);
                assert!(x <= day);
                assert!((day - x).num_days() <= 92, "{day} round {r} -> {x}");
                assert_eq!(coded_index(x) % ROUNDS, r);
            }
            day = day + chrono::Days::new(13);
        }
    }

    #[test]
    fn the_table_flattens_to_every_village() {
        let w = World::new().unwrap();
        assert_eq!(w.villages.len(), region::counts().villages);
        assert!(w.villages.windows(2).all(|p| p[0] < p[1]));
        let total: u32 = w.districts.iter().map(|d| d.villages).sum();
        assert_eq!(total as usize, w.villages.len());
        for (i, v) in w.villages.iter().enumerate().step_by(997) {
            let di = w.district_of(i);
            assert_eq!(v / 10_000, w.district_code(di));
        }
    }

    #[test]
    fn numbers_are_laid_out_as_identity_md_says() {
        // docs/domain/identity.md §1.2: a woman born 17 Aug 1990 in 31.71.01, serial 1.
        let n = id_number(317101, coded_date(d(1990, 8, 17), true), 1);
        assert_eq!(format!("{n:016}"), "3171015708900001");
    }
}
