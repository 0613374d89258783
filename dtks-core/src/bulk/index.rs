//! The cross-record index: what the run must remember of earlier households
//! to check later ones.
//!
//! Streaming rule: a cross-record problem is reported on the **later** row
//! and names the earlier one, so the first occurrence stays valid and a
//! report can be produced in one pass.
//!
//! The tables are flat open-addressing tables (one array of `[key, value]`
//! words, linear probing, between 3/8 and 3/4 full), so a probe is one cache
//! line, and the sink prefetches the slots of the next households while it
//! checks the current one. Memory, per entry (slot size):
//! - per person with a valid NIK: NIK → (first row, household) = 8 + 4 + 4 = 16 bytes;
//! - per person with a valid NIK, name and birth date: duplicate key → (row,
//!   NIK fingerprint) = 8 + 4 + 4 = 16 bytes;
//! - per family with a valid KK: KK → (village, row) = 8 + 8 + 8 = 24 bytes;
//! - per household: id hash → first row = 8 + 8 = 16 bytes.
//!
//! That is 32 bytes per person plus ≈ 12 per person for families and
//! households (3.5 people each), 44 bytes in all, 59–117 bytes with the
//! empty slots (≈ 88 bytes measured at 1 M people with the table sized from
//! the file). Row numbers and household ordinals are kept as `u32`
//! (saturating past 4,294,967,295 records).

use std::hash::{BuildHasher, Hasher};
use std::ops::Range;

/// What the households of a block contribute to the index, end to end (one
/// set of buffers per block, reused, rather than a few per household).
#[derive(Clone, Default)]
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
#[derive(Clone, Copy)]
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
// No `Debug` outside tests: a finding holds a NIK and a KK number in full.
#[cfg_attr(test, derive(Debug))]
#[derive(Clone, PartialEq, Eq)]
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

/// A flat open-addressing table of `u64` words: slot `[key, value…]`, one
/// array, linear probing, doubled when 3/4 full. One probe is one cache line
/// (a hash table with separate control bytes costs two), and the home slot
/// of a key can be prefetched ahead of its probe ([`Index::prefetch`]).
///
/// Key 0 marks an empty slot, so a key of 0 is stored as 1: NIK and KK
/// numbers are never 0 or 1, and the other keys are 64-bit hashes, where 0
/// and 1 colliding is one more collision among 2^64.
struct Flat<const N: usize> {
    slots: Vec<[u64; N]>,
    len: usize,
    seed: u64,
}

/// Empty slots: written out rather than asked of the allocator as zeroed
/// memory, so that the pages are mapped here, once, and not one by one by
/// the first probes that land on them.
fn empty_slots<const N: usize>(n: usize) -> Vec<[u64; N]> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, [0; N]);
    v
}

impl<const N: usize> Flat<N> {
    fn new(seed: u64, capacity: usize) -> Flat<N> {
        let mut f = Flat {
            slots: Vec::new(),
            len: 0,
            seed,
        };
        if capacity > 0 {
            // Room for `capacity` at most 3/4 full.
            f.slots = empty_slots((capacity.saturating_mul(4) / 3 + 1).next_power_of_two());
        }
        f
    }

    fn home(&self, key: u64) -> usize {
        // `as usize` keeps the low bits, which is all the mask wants.
        (mix64(key ^ self.seed) as usize) & self.slots.len().wrapping_sub(1)
    }

    /// The slot stored for `key`, or `None` after storing `slot` (its first
    /// word replaced by the key).
    fn get_or_insert(&mut self, key: u64, mut slot: [u64; N]) -> Option<[u64; N]> {
        let key = key.max(1);
        if let Some(k) = slot.first_mut() {
            *k = key;
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while let Some(s) = self.slots.get_mut(i) {
            match s.first() {
                Some(&k) if k == key => return Some(*s),
                Some(0) => {
                    *s = slot;
                    self.len += 1;
                    return None;
                }
                _ => i = (i + 1) & mask,
            }
        }
        None
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, empty_slots(n));
        let mask = n - 1;
        for s in old.into_iter().filter(|s| s.first() != Some(&0)) {
            let mut i = self.home(s.first().copied().unwrap_or(1));
            while let Some(t) = self.slots.get_mut(i) {
                if t.first() == Some(&0) {
                    *t = s;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /// Asks the processor to fetch the home slot of `key` into cache.
    fn prefetch(&self, key: u64) {
        if let Some(s) = self.slots.get(self.home(key.max(1))) {
            prefetch(s);
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn bytes(&self) -> u64 {
        (self.slots.len() * N * 8) as u64
    }
}

/// A hint to the processor to bring `v` into cache (no effect on the
/// program's meaning; nothing on other architectures).
#[inline(always)]
fn prefetch<T>(v: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCHT0 never faults and never reads into the program: it
    // is a hint, and `v` is a valid reference anyway. SSE is part of the
    // x86_64 baseline, so the instruction always exists.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            std::ptr::from_ref(v).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = v;
}

fn pack(hi: u32, lo: u32) -> u64 {
    (u64::from(hi) << 32) | u64::from(lo)
}

fn unpack(w: u64) -> (u32, u32) {
    ((w >> 32) as u32, w as u32)
}

/// The index itself.
pub(crate) struct Index {
    /// NIK → [nik, (first row, household ordinal)].
    niks: Flat<2>,
    /// Duplicate key → [key, (row, NIK fingerprint)].
    dups: Flat<2>,
    /// KK → [kk, village, row].
    kks: Flat<3>,
    /// Household id hash → [hash, first row].
    households: Flat<2>,
    ordinal: u32,
}

impl Default for Index {
    fn default() -> Index {
        Index::with_capacity(0)
    }
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
        let seed = random_seed();
        let families = people / 3;
        Index {
            niks: Flat::new(seed, people),
            dups: Flat::new(seed ^ 0x5555, people),
            kks: Flat::new(seed ^ 0xaaaa, families),
            households: Flat::new(seed ^ 0xffff, families),
            ordinal: 0,
        }
    }

    /// Prefetches the slots a household's keys will probe, so that checking
    /// it a little later does not wait for memory.
    pub fn prefetch(&self, keys: HouseholdKeys<'_>) {
        if let Some(h) = keys.household {
            self.households.prefetch(h);
        }
        for &(_, nik, dup, _) in keys.people {
            self.niks.prefetch(nik);
            if let Some(d) = dup {
                self.dups.prefetch(d);
            }
        }
        for (kk, ..) in keys.families {
            self.kks.prefetch(*kk);
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
            if let Some([_, r]) = self.households.get_or_insert(h, [0, first_row]) {
                out.push(Finding::NotContiguous { first_row: r });
            }
        }
        for &(row, nik, dup, who) in keys.people {
            if let Some([_, w]) = self.niks.get_or_insert(nik, [0, pack(small(row), me)]) {
                let (r, hh) = unpack(w);
                if hh != me {
                    out.push(Finding::NikInTwoHouseholds {
                        row,
                        nik,
                        other_row: u64::from(r),
                        who,
                    });
                }
            }
            if let Some(key) = dup {
                let fp = fingerprint(nik);
                if let Some([_, w]) = self.dups.get_or_insert(key, [0, pack(small(row), fp)]) {
                    let (r, other_fp) = unpack(w);
                    if other_fp != fp {
                        out.push(Finding::ProbableDuplicate {
                            row,
                            other_row: u64::from(r),
                            who,
                        });
                    }
                }
            }
        }
        for (kk, village, rows, family) in keys.families {
            let Some(village) = village else { continue };
            let rows = keys.family_rows.get(rows.clone()).unwrap_or(&[]);
            let row = rows.first().copied().unwrap_or(first_row);
            if let Some([_, v, r]) = self.kks.get_or_insert(*kk, [0, *village, row]) {
                if v != *village {
                    out.push(Finding::KkInTwoVillages {
                        family: *family,
                        rows: rows.to_vec(),
                        kk: *kk,
                        village: *village,
                        other_village: v,
                        other_row: r,
                    });
                }
            }
        }
    }

    /// Stores what a run over earlier rows would have stored for `k` (a
    /// partition's run: [`super::partition`]), unless the key is held. A
    /// NIK's household is none of this run's (ordinal 0: the run's
    /// households count from 1).
    pub fn preload(&mut self, k: &super::partition::Key) {
        use super::partition::KeyKind;
        let row = small(k.row);
        match k.kind {
            KeyKind::Household => {
                self.households.get_or_insert(k.key, [0, k.row]);
            }
            KeyKind::Nik => {
                self.niks.get_or_insert(k.key, [0, pack(row, 0)]);
            }
            KeyKind::Person => {
                self.dups
                    .get_or_insert(k.key, [0, pack(row, k.value as u32)]);
            }
            KeyKind::Kk => {
                self.kks.get_or_insert(k.key, [0, k.value, k.row]);
            }
        }
    }

    /// Appends one household's keys to `out`, as [`Index::check_and_add`]
    /// takes them: the household's (its first row; the row after its last,
    /// `end`), each NIK's and duplicate key's, each family's KK.
    pub fn record(
        first_row: u64,
        end: u64,
        keys: HouseholdKeys<'_>,
        out: &mut Vec<super::partition::Key>,
    ) {
        use super::partition::{Key, KeyKind};
        // In the order `check_and_add` meets them.
        let mut seq = 0u64;
        let mut push = |kind, key, row, value| {
            out.push(Key {
                kind,
                key,
                row,
                value,
                order: (first_row << 16) | seq.min(0xffff),
            });
            seq += 1;
        };
        if let Some(h) = keys.household {
            push(KeyKind::Household, h, first_row, end);
        }
        for &(row, nik, dup, _) in keys.people {
            push(KeyKind::Nik, nik, row, 0);
            if let Some(d) = dup {
                push(KeyKind::Person, d, row, u64::from(fingerprint(nik)));
            }
        }
        for (kk, village, rows, _) in keys.families {
            let Some(village) = village else { continue };
            let row = keys
                .family_rows
                .get(rows.clone())
                .and_then(|r| r.first().copied())
                .unwrap_or(first_row);
            push(KeyKind::Kk, *kk, row, *village);
        }
    }

    /// Entries and bytes held.
    pub fn stats(&self) -> super::report::IndexStats {
        super::report::IndexStats {
            people: self.niks.len() as u64,
            families: self.kks.len() as u64,
            households: self.households.len() as u64,
            duplicate_keys: self.dups.len() as u64,
            bytes: self.niks.bytes()
                + self.dups.bytes()
                + self.kks.bytes()
                + self.households.bytes(),
        }
    }
}

/// A per-process random seed (from std's `RandomState`) for the tables'
/// hash, so that crafted inputs cannot aim at one slot.
fn random_seed() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x5eed);
    h.finish()
}

/// splitmix64's finaliser: a fast, well-mixing hash for keys that are
/// already numbers.
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
    // i64: chrono allows years from -262,143, which `as u32` arithmetic
    // would overflow.
    let date = i64::from(birth.year()) * 10_000 + i64::from(birth.month() * 100 + birth.day());
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
        // Any year chrono can hold, BCE included, without overflow.
        let bce = chrono::NaiveDate::from_ymd_opt(-5, 1, 1).unwrap();
        assert!(duplicate_key("A", bce, b"317101").is_some());
        assert_ne!(
            duplicate_key("A", bce, b"317101"),
            duplicate_key("A", d(), b"317101")
        );
        // Accented and plain spellings are different names; case is not.
        assert_eq!(
            duplicate_key("ÉLIA  putri", d(), b"317101"),
            duplicate_key("élia Putri", d(), b"317101")
        );
        assert_ne!(
            duplicate_key("Elia Putri", d(), b"317101"),
            duplicate_key("Élia Putri", d(), b"317101")
        );
    }

    proptest::proptest! {
        /// A separator that is not ASCII (a no-break space) normalises away
        /// like an ASCII one.
        #[test]
        fn non_ascii_separators_normalise_away(name in "[ -~]{0,30}") {
            let general = format!("{name}\u{00a0}");
            proptest::prop_assert_eq!(
                duplicate_key(&name, d(), b"317101"),
                duplicate_key(&general, d(), b"317101")
            );
        }

        /// The flat table answers like a map that keeps the first value of
        /// each key, through growth, with keys 0 and 1 folded together.
        #[test]
        fn flat_tables_keep_the_first_value(
            ops in proptest::collection::vec((0u64..3000, proptest::prelude::any::<u64>()), 0..4000),
            capacity in 0usize..50,
        ) {
            let mut t: Flat<2> = Flat::new(7, capacity);
            let mut model = std::collections::HashMap::new();
            for (k, v) in ops {
                let got = t.get_or_insert(k, [0, v]).map(|s| s[1]);
                let want = model.get(&k.max(1)).copied();
                proptest::prop_assert_eq!(got, want);
                model.entry(k.max(1)).or_insert(v);
            }
            proptest::prop_assert_eq!(t.len(), model.len());
        }
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
