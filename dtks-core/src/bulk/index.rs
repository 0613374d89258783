//! The cross-record index: what the run must remember of earlier households
//! to check later ones.
//!
//! Streaming rule: a cross-record problem is reported on the **later** row
//! and names the earlier one, so the first occurrence stays valid and a
//! report can be produced in one pass.
//!
//! Memory, per entry (payload; a hash table adds one control byte and keeps
//! at most 7/8 of its slots full, growing by doubling):
//! - per person with a valid NIK: NIK → (first row, household) = 8 + 4 + 4 = 16 bytes;
//! - per person with a valid NIK, name and birth date: duplicate key → (row,
//!   NIK fingerprint) = 8 + 4 + 4 = 16 bytes;
//! - per family with a valid KK: KK → (village, row) = 8 + 8 + 4 (+4 padding) = 24 bytes;
//! - per household: id hash → first row = 8 + 4 (+4) = 16 bytes.
//!
//! That is ≈ 32 bytes of payload per person plus ≈ 11 per person for families
//! and households (3.5 people each), 43 bytes in all, 49–98 bytes with the
//! tables' slack. Row numbers and household ordinals are kept as `u32`
//! (saturating past 4,294,967,295 records).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;

/// What the households of a block contribute to the index, end to end (one
/// set of buffers per block, reused, rather than a few per household).
#[derive(Debug, Clone, Default)]
pub(crate) struct Keys {
    /// Members: (row, NIK, duplicate key, (family index, member index)).
    pub people: Vec<(u64, u64, Option<u64>, Who)>,
    /// Families: (KK, village code as a number, rows of the family in
    /// `family_rows`, family index).
    pub families: Vec<(u64, Option<u64>, Range<usize>, u32)>,
    /// The rows of every family, end to end.
    pub family_rows: Vec<u64>,
}

impl Keys {
    /// Empties it for the next block.
    pub fn clear(&mut self) {
        self.people.clear();
        self.families.clear();
        self.family_rows.clear();
    }

    /// One household's part: its key hash and its ranges in `people` and
    /// `families`.
    pub fn of(
        &self,
        household: Option<u64>,
        people: Range<usize>,
        families: Range<usize>,
    ) -> HouseholdKeys<'_> {
        HouseholdKeys {
            household,
            people: self.people.get(people).unwrap_or(&[]),
            families: self.families.get(families).unwrap_or(&[]),
            family_rows: &self.family_rows,
        }
    }
}

/// One household's keys, borrowed from a block's [`Keys`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct HouseholdKeys<'a> {
    /// Household key hash (None without an id).
    pub household: Option<u64>,
    pub people: &'a [(u64, u64, Option<u64>, Who)],
    pub families: &'a [(u64, Option<u64>, Range<usize>, u32)],
    pub family_rows: &'a [u64],
}

/// Where a person sits in their household: (family index, member index), so a
/// finding can name the same path as every other problem.
pub(crate) type Who = (u32, u32);

/// A cross-record finding, before it becomes a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// The household id was seen before, at `first_row`.
    NotContiguous { first_row: u64 },
    /// A NIK seen in another household.
    NikInTwoHouseholds {
        row: u64,
        nik: u64,
        other_row: u64,
        who: Who,
    },
    /// A KK number in two villages.
    KkInTwoVillages {
        family: u32,
        rows: Vec<u64>,
        kk: u64,
        village: u64,
        other_village: u64,
        other_row: u64,
    },
    /// Same name, birth date and district with another NIK.
    ProbableDuplicate { row: u64, other_row: u64, who: Who },
}

/// The index itself.
#[derive(Debug, Default)]
pub(crate) struct Index {
    niks: HashMap<u64, (u32, u32), Mix>,
    dups: HashMap<u64, (u32, u32), Mix>,
    kks: HashMap<u64, (u64, u32), Mix>,
    households: HashMap<u64, u32, Mix>,
    ordinal: u32,
}

fn small(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A 32-bit fingerprint of a NIK.
fn fingerprint(nik: u64) -> u32 {
    (mix64(nik ^ 0x9e37_79b9_7f4a_7c15) >> 32) as u32
}

impl Index {
    /// An index with room for about `people` people (and their families and
    /// households, about 3.5 people each) before it grows.
    pub fn with_capacity(people: usize) -> Index {
        let mix = Mix::default();
        let families = people / 3;
        Index {
            niks: HashMap::with_capacity_and_hasher(people, mix),
            dups: HashMap::with_capacity_and_hasher(people, mix),
            kks: HashMap::with_capacity_and_hasher(families, mix),
            households: HashMap::with_capacity_and_hasher(families, mix),
            ordinal: 0,
        }
    }

    /// Checks one household's keys against everything earlier, then adds them.
    pub fn check_and_add(
        &mut self,
        first_row: u64,
        keys: HouseholdKeys<'_>,
        out: &mut Vec<Finding>,
    ) {
        self.ordinal = self.ordinal.saturating_add(1);
        let me = self.ordinal;
        // One probe per key (the entry API): in a table of millions of entries
        // each probe is a likely cache miss, so a `get` then `insert` costs twice.
        if let Some(h) = keys.household {
            match self.households.entry(h) {
                Entry::Occupied(o) => out.push(Finding::NotContiguous {
                    first_row: u64::from(*o.get()),
                }),
                Entry::Vacant(v) => {
                    v.insert(small(first_row));
                }
            }
        }
        for &(row, nik, dup, who) in keys.people {
            match self.niks.entry(nik) {
                Entry::Occupied(o) => {
                    let (r, hh) = *o.get();
                    if hh != me {
                        out.push(Finding::NikInTwoHouseholds {
                            row,
                            nik,
                            other_row: u64::from(r),
                            who,
                        });
                    }
                }
                Entry::Vacant(v) => {
                    v.insert((small(row), me));
                }
            }
            if let Some(key) = dup {
                let fp = fingerprint(nik);
                match self.dups.entry(key) {
                    Entry::Occupied(o) => {
                        let (r, other_fp) = *o.get();
                        if other_fp != fp {
                            out.push(Finding::ProbableDuplicate {
                                row,
                                other_row: u64::from(r),
                                who,
                            });
                        }
                    }
                    Entry::Vacant(v) => {
                        v.insert((small(row), fp));
                    }
                }
            }
        }
        for (kk, village, rows, family) in keys.families {
            let Some(village) = village else { continue };
            let rows = keys.family_rows.get(rows.clone()).unwrap_or(&[]);
            let row = rows.first().copied().unwrap_or(first_row);
            match self.kks.entry(*kk) {
                Entry::Occupied(o) => {
                    let (v, r) = *o.get();
                    if v != *village {
                        out.push(Finding::KkInTwoVillages {
                            family: *family,
                            rows: rows.to_vec(),
                            kk: *kk,
                            village: *village,
                            other_village: v,
                            other_row: u64::from(r),
                        });
                    }
                }
                Entry::Vacant(e) => {
                    e.insert((*village, small(row)));
                }
            }
        }
    }

    /// Entries and bytes held.
    pub fn stats(&self) -> super::report::IndexStats {
        fn bytes<K, V, S>(m: &HashMap<K, V, S>) -> u64 {
            let slot = std::mem::size_of::<(K, V)>() + 1;
            (m.capacity() as u64 * 8 / 7 + 1) * slot as u64
        }
        super::report::IndexStats {
            people: self.niks.len() as u64,
            families: self.kks.len() as u64,
            households: self.households.len() as u64,
            duplicate_keys: self.dups.len() as u64,
            bytes: bytes(&self.niks)
                + bytes(&self.dups)
                + bytes(&self.kks)
                + bytes(&self.households),
        }
    }
}

/// splitmix64's finaliser: a fast, well-mixing hash for keys that are
/// already numbers. Keyed per process so crafted inputs cannot aim at it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mix(u64);

impl Default for Mix {
    fn default() -> Mix {
        // A per-process random key from std's RandomState.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x5eed);
        Mix(h.finish())
    }
}

impl BuildHasher for Mix {
    type Hasher = MixHasher;
    fn build_hasher(&self) -> MixHasher {
        MixHasher(self.0)
    }
}

/// The hasher of [`Mix`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        mix64(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = mix64(self.0 ^ u64::from(*b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = self.0.rotate_left(29) ^ v;
    }
}

pub(crate) fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A stable 64-bit hash of bytes (FNV-1a then mixed): household ids and
/// duplicate keys. Deterministic across runs, unlike the table hasher.
pub(crate) fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Separator so ("ab","c") != ("a","bc").
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

/// The duplicate-person key: normalised name (letters and digits, lower
/// case, single spaces), birth date, district (first six digits of the
/// village code). Hashed as it is normalised: no allocation.
pub(crate) fn duplicate_key(name: &str, birth: chrono::NaiveDate, district: &[u8]) -> Option<u64> {
    use chrono::Datelike;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    let mut space = false;
    let mut any = false;
    let mut buf = [0u8; 4];
    for c in name.chars() {
        if c.is_alphanumeric() {
            if space && any {
                feed(b' ');
            }
            space = false;
            any = true;
            if c.is_ascii() {
                feed(c.to_ascii_lowercase() as u8);
            } else {
                for l in c.to_lowercase() {
                    for b in l.encode_utf8(&mut buf).bytes() {
                        feed(b);
                    }
                }
            }
        } else {
            space = true;
        }
    }
    if !any {
        return None;
    }
    feed(0xff);
    let date = (birth.year() as u32) * 10_000 + birth.month() * 100 + birth.day();
    for b in date.to_le_bytes().iter().chain(district) {
        feed(*b);
    }
    Some(mix64(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(1980, 8, 17).unwrap()
    }

    #[test]
    fn duplicate_keys_normalise_names() {
        let a = duplicate_key("Siti  Aminah", d(), b"317101");
        assert_eq!(a, duplicate_key(" siti aminah.", d(), b"317101"));
        assert_ne!(a, duplicate_key("Siti Aminah", d(), b"317102"));
        assert_ne!(a, duplicate_key("Siti Amina", d(), b"317101"));
        assert_eq!(duplicate_key("..", d(), b"317101"), None);
    }

    #[test]
    fn later_rows_get_the_finding() {
        let mut ix = Index::default();
        let mut out = Vec::new();
        let mut block = Keys::default();
        let mut k = |h: u64, nik: u64, dup: u64, row: u64| {
            block.clear();
            block.people.push((row, nik, Some(dup), (0, 1)));
            block.family_rows.push(row);
            block.families.push((row * 10, Some(3171011001), 0..1, 0));
            (h, block.clone())
        };
        let check = |ix: &mut Index, row: u64, (h, b): (u64, Keys), out: &mut Vec<Finding>| {
            ix.check_and_add(
                row,
                b.of(Some(h), 0..b.people.len(), 0..b.families.len()),
                out,
            );
        };
        check(&mut ix, 1, k(1, 100, 7, 1), &mut out);
        assert!(out.is_empty());
        // Same NIK in another household: reported on row 2 naming row 1.
        check(&mut ix, 2, k(2, 100, 8, 2), &mut out);
        assert_eq!(
            out,
            vec![Finding::NikInTwoHouseholds {
                row: 2,
                nik: 100,
                other_row: 1,
                who: (0, 1),
            }]
        );
        out.clear();
        // Another NIK, same duplicate key as row 1.
        check(&mut ix, 3, k(3, 101, 7, 3), &mut out);
        assert_eq!(
            out,
            vec![Finding::ProbableDuplicate {
                row: 3,
                other_row: 1,
                who: (0, 1),
            }]
        );
        out.clear();
        // Household 1 again.
        check(&mut ix, 4, k(1, 102, 9, 4), &mut out);
        assert_eq!(out, vec![Finding::NotContiguous { first_row: 1 }]);
        out.clear();
        // KK of row 1 (10) in another village.
        let keys = Keys {
            people: vec![],
            families: vec![(10, Some(3171011002), 0..2, 1)],
            family_rows: vec![5, 6],
        };
        ix.check_and_add(5, keys.of(Some(5), 0..0, 0..1), &mut out);
        assert_eq!(
            out,
            vec![Finding::KkInTwoVillages {
                family: 1,
                rows: vec![5, 6],
                kk: 10,
                village: 3171011002,
                other_village: 3171011001,
                other_row: 1
            }]
        );
        let s = ix.stats();
        assert_eq!((s.people, s.households), (3, 4));
        assert!(s.bytes > 0);
    }
}
