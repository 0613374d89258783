//! Tests of the generator, written from the rules it must satisfy
//! (docs/domain/identity.md §1.2 and §2.1 for the numbers; the household validator's
//! table of checks for "clean"; the fault table for the faults).

use super::*;
use crate::household::codes::Relationship;
use crate::household::{validate, IdField};
use crate::id::{Nik, NoKk, Sex};
use crate::problem::Problem;
use std::collections::HashSet;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn bytes(opts: &Options) -> (Vec<u8>, Vec<u8>) {
    let (mut d, mut t) = (Vec::new(), Vec::new());
    generate(opts, &mut d, Some(&mut t)).unwrap();
    (d, t)
}

fn households(opts: &Options) -> Vec<Generated> {
    let mut g = Generator::new(opts).unwrap();
    let mut v = Vec::new();
    while let Some(h) = g.next_household().unwrap() {
        v.push(h);
    }
    v
}

#[test]
fn same_options_same_bytes_other_seed_other_bytes() {
    for format in [Format::Csv, Format::Jsonl] {
        let o = Options::new(3_000, 42, as_of())
            .with_fault_rate(0.3)
            .with_format(format);
        let a = bytes(&o);
        assert_eq!(a, bytes(&o), "{format:?}");
        let mut other = o.clone();
        other.seed = 43;
        let b = bytes(&other);
        assert_ne!(a.0, b.0);
        assert!(!a.1.is_empty());
    }
    // A pinned digest: the bytes must not change between machines or runs.
    // It changes, deliberately, when the generator or the embedded region
    // table changes: update it then, and say so in the change.
    use sha2::{Digest, Sha256};
    let (csv, truth) = bytes(&Options::new(200, 1, as_of()).with_fault_rate(0.1));
    let digest = format!("{:x}", Sha256::digest([csv, truth].concat()));
    assert_eq!(
        digest,
        "5b1a115ed67577a33410e886da8d0bbeea64a858de2e58a1485055e3cc92e2fe"
    );
}

#[test]
fn exactly_the_requested_rows() {
    for rows in [0u64, 1, 2, 3, 17, 1_000] {
        for rate in [0.0, 1.0] {
            let o = Options::new(rows, 5, as_of()).with_fault_rate(rate);
            let (csv, _) = bytes(&o);
            let text = String::from_utf8(csv).unwrap();
            assert_eq!(
                text.lines().count() as u64,
                rows + 1,
                "rows {rows} rate {rate}"
            );
            let got: u64 = households(&o).iter().map(Generated::rows).sum();
            assert_eq!(got, rows);
        }
    }
}

#[test]
fn csv_rows_have_every_column_and_parse() {
    let (csv, _) = bytes(&Options::new(5_000, 9, as_of()));
    let mut r = csv::Reader::from_reader(&csv[..]);
    assert_eq!(r.headers().unwrap().len(), 30);
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), 30);
        assert!(Nik::parse(&rec[6]).is_ok());
        assert!(NoKk::parse(&rec[5]).is_ok());
        assert!(crate::region::village(&rec[1]).is_some());
        n += 1;
    }
    assert_eq!(n, 5_000);
}

#[test]
fn niks_and_kks_are_unique_over_200k_rows() {
    let o = Options::new(200_000, 3, as_of());
    let mut niks = HashSet::new();
    let mut kks = HashSet::new();
    let mut g = Generator::new(&o).unwrap();
    while let Some(x) = g.next_household().unwrap() {
        for f in &x.household().families {
            let kk = f.kk.as_ref().and_then(IdField::valid).unwrap();
            assert!(kks.insert(kk.as_u64()), "a KK number repeats");
            for m in &f.members {
                let nik = m.nik.as_ref().and_then(IdField::valid).unwrap();
                assert!(niks.insert(nik.as_u64()), "a NIK repeats");
            }
        }
    }
    assert_eq!(niks.len(), 200_000);
}

#[test]
fn numbers_agree_with_birth_date_sex_and_district() {
    for x in households(&Options::new(30_000, 11, as_of())) {
        let h = x.household();
        let district = &h.address.village_code[..6];
        for f in &h.families {
            let kk = f.kk.as_ref().and_then(IdField::valid).unwrap();
            assert_eq!(&kk.raw()[..6], district);
            let recorded = kk.recorded_on(as_of()).unwrap();
            assert!(recorded <= as_of());
            let head = f
                .members
                .iter()
                .find(|m| m.relationship == Some(Relationship::Head));
            assert!(recorded > head.unwrap().birth_date.unwrap());
            for m in &f.members {
                let nik = m.nik.as_ref().and_then(IdField::valid).unwrap();
                let birth = m.birth_date.unwrap();
                assert!(nik.matches_birth_date(birth));
                assert_eq!(Some(nik.sex()), m.sex);
                assert_eq!(&nik.raw()[..6], district);
                // Women: day + 40 (docs/domain/identity.md §1.2).
                let day: u32 = nik.raw()[6..8].parse().unwrap();
                let expected = birth.day() + if m.sex == Some(Sex::Female) { 40 } else { 0 };
                assert_eq!(day, expected);
                assert!(birth <= as_of());
                assert!(birth.year() > 1900);
            }
        }
    }
}

#[test]
fn clean_households_have_no_problem_at_all() {
    let mut shapes = HashSet::new();
    for x in households(&Options::new(60_000, 2026, as_of())) {
        let h = x.household();
        let problems = validate(&h, as_of());
        assert!(problems.is_empty(), "{}: {problems:?}", h.id);
        assert!(x.faults().is_empty());
        shapes.insert((
            h.families.len(),
            h.families[0]
                .members
                .iter()
                .any(|m| m.relationship == Some(Relationship::Parent)),
        ));
    }
    // Grandparents and second families do occur.
    assert!(shapes.contains(&(2, false)) || shapes.contains(&(2, true)));
    assert!(shapes.contains(&(1, true)));
}

#[test]
fn a_clean_file_has_plausible_families() {
    let hs = households(&Options::new(50_000, 8, as_of()));
    let mut members = 0usize;
    let mut women = 0usize;
    for x in &hs {
        for f in &x.household().families {
            let head = &f.members[0];
            assert_eq!(head.relationship, Some(Relationship::Head));
            let hb = head.birth_date.unwrap();
            assert!((as_of() - hb).num_days() >= 18 * 365);
            for m in &f.members {
                members += 1;
                women += usize::from(m.sex == Some(Sex::Female));
                if m.relationship == Some(Relationship::Child) {
                    // Younger than the head by at least 15 years.
                    assert!((m.birth_date.unwrap() - hb).num_days() >= 15 * 365);
                }
            }
        }
    }
    let avg = members as f64 / hs.len() as f64;
    assert!((2.5..5.0).contains(&avg), "average household size {avg}");
    let share = women as f64 / members as f64;
    assert!((0.4..0.6).contains(&share), "share of women {share}");
}

fn codes_paths(ps: &[Problem]) -> Vec<(Code, String)> {
    ps.iter().map(|p| (p.code, p.path.clone())).collect()
}

#[test]
fn each_household_fault_gives_exactly_its_problem() {
    for kind in FaultKind::ALL.iter().copied().filter(|k| !k.cross_record()) {
        let o = Options::new(4_000, 77, as_of())
            .with_fault_rate(1.0)
            .with_faults(&[kind]);
        let mut injected = 0;
        for x in households(&o) {
            let faults = x.faults();
            let problems = validate(&x.household(), as_of());
            match faults.as_slice() {
                [] => assert!(problems.is_empty(), "{kind:?}: {problems:?}"),
                [f] => {
                    injected += 1;
                    assert_eq!(
                        codes_paths(&problems),
                        vec![(kind.code(), f.path.clone())],
                        "{kind:?} in {}",
                        f.household
                    );
                    assert_eq!(f.code, kind.code());
                    assert_eq!(f.severity, kind.code().severity());
                }
                _ => panic!("two faults in one household"),
            }
        }
        assert!(injected > 500, "{kind:?}: only {injected} faults");
    }
}

#[test]
fn cross_record_faults_leave_each_household_clean_on_its_own() {
    for kind in FaultKind::ALL.iter().copied().filter(|k| k.cross_record()) {
        let o = Options::new(3_000, 5, as_of())
            .with_fault_rate(0.5)
            .with_faults(&[kind]);
        let hs = households(&o);
        let n: usize = hs.iter().map(|x| x.faults().len()).sum();
        assert!(n > 100, "{kind:?}: {n}");
        for x in &hs {
            let problems = validate(&x.household(), as_of());
            assert!(problems.is_empty(), "{kind:?}: {problems:?}");
        }
    }
}

#[test]
fn fault_rate_is_a_fraction_of_households() {
    let o = Options::new(100_000, 1, as_of()).with_fault_rate(0.1);
    let hs = households(&o);
    let faulty = hs.iter().filter(|x| !x.faults().is_empty()).count();
    let share = faulty as f64 / hs.len() as f64;
    assert!((0.09..0.11).contains(&share), "{share}");
    let (_, truth) = bytes(&o);
    let lines: Vec<serde_json::Value> = String::from_utf8(truth)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), faulty);
    let kinds: HashSet<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), FaultKind::ALL.len(), "every kind occurs");
}

#[test]
fn bad_options_are_refused_with_their_codes() {
    let e = Generator::new(&Options::new(1, 1, as_of()).with_fault_rate(1.5)).unwrap_err();
    assert_eq!(e.code(), "GENERATE_FAULT_RATE");
    let e = Generator::new(&Options::new(
        1,
        1,
        NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(),
    ))
    .unwrap_err();
    assert_eq!(e.code(), "GENERATE_AS_OF");
    let e = Generator::new(
        &Options::new(1, 1, as_of())
            .with_fault_rate(0.5)
            .with_faults(&[]),
    )
    .unwrap_err();
    assert_eq!(e.code(), "GENERATE_NO_FAULT_KINDS");
    assert!(Generator::new(&Options::new(1, 1, as_of()).with_fault_rate(f64::NAN)).is_err());
}

#[test]
fn fault_kind_names_round_trip() {
    for k in FaultKind::ALL {
        assert_eq!(FaultKind::from_name(k.name()), Some(*k));
    }
    assert_eq!(FaultKind::from_name("nope"), None);
}
