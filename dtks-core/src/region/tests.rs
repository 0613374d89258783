use super::*;
use proptest::prelude::*;

fn r(code: &str) -> Region {
    lookup(code).unwrap_or_else(|| panic!("{code} not found"))
}

#[test]
fn counts_match_pinned_source() {
    let c = counts();
    assert_eq!(
        c,
        Counts {
            provinces: 38,
            regencies: 514,
            kabupaten: 416,
            kota: 98,
            districts: 7285,
            villages: 83_762,
            kelurahan: 8496,
            // docs/domain/regions.md gives 75,266 desa; idn-area-data 4.0.1 has 75,252
            // desa (2xxx) + 14 desa adat (3xxx, all in Kabupaten Jayapura).
            desa: 75_252,
            desa_adat: 14,
            aliases: 663,
        }
    );
    assert_eq!(c.desa + c.desa_adat, 75_266);
}

/// docs/domain/regions.md §1.2: code, kab, kota, kec, kel, desa (desa includes desa adat).
const PER_PROVINCE: [(&str, usize, usize, usize, usize, usize); 38] = [
    ("11", 18, 5, 290, 0, 6500),
    ("12", 25, 8, 455, 693, 5417),
    ("13", 12, 7, 179, 230, 1035),
    ("14", 10, 2, 172, 271, 1591),
    ("15", 9, 2, 144, 171, 1414),
    ("16", 13, 4, 241, 403, 2856),
    ("17", 9, 1, 129, 172, 1341),
    ("18", 13, 2, 229, 205, 2446),
    ("19", 6, 1, 47, 84, 309),
    ("21", 5, 2, 80, 144, 275),
    ("31", 1, 5, 44, 267, 0),
    ("32", 18, 9, 627, 646, 5311),
    ("33", 29, 6, 576, 753, 7810),
    ("34", 4, 1, 78, 46, 392),
    ("35", 29, 9, 666, 773, 7721),
    ("36", 4, 4, 155, 314, 1238),
    ("51", 8, 1, 57, 80, 636),
    ("52", 8, 2, 117, 145, 1021),
    ("53", 21, 1, 315, 305, 3137),
    ("61", 12, 2, 174, 99, 2046),
    ("62", 13, 1, 136, 139, 1432),
    ("63", 11, 2, 156, 144, 1872),
    ("64", 7, 3, 105, 197, 841),
    ("65", 4, 1, 55, 35, 447),
    ("71", 11, 4, 171, 332, 1507),
    ("72", 12, 1, 177, 175, 1842),
    ("73", 21, 3, 313, 793, 2266),
    ("74", 15, 2, 221, 377, 1908),
    ("75", 5, 1, 77, 72, 657),
    ("76", 6, 0, 69, 73, 575),
    ("81", 9, 2, 119, 35, 1200),
    ("82", 8, 2, 118, 118, 1067),
    ("91", 8, 1, 105, 51, 948),
    ("92", 7, 0, 91, 21, 803),
    ("93", 4, 0, 82, 13, 677),
    ("94", 8, 0, 131, 36, 1172),
    ("95", 8, 0, 252, 10, 2617),
    ("96", 5, 1, 132, 74, 939),
];

#[test]
fn per_province_counts_match_regions_md() {
    let codes: Vec<String> = provinces().map(|p| p.code()).collect();
    let expected: Vec<&str> = PER_PROVINCE.iter().map(|t| t.0).collect();
    assert_eq!(codes, expected);
    for &(code, kab, kota, kec, kel, desa) in &PER_PROVINCE {
        let p = province(code).unwrap();
        let regs: Vec<Region> = p.children().collect();
        let n_kab = regs
            .iter()
            .filter(|r| r.regency_kind() == Some(RegencyKind::Kabupaten))
            .count();
        let n_kota = regs
            .iter()
            .filter(|r| r.regency_kind() == Some(RegencyKind::Kota))
            .count();
        let dists: Vec<Region> = regs.iter().flat_map(|r| r.children()).collect();
        let vills: Vec<Region> = dists.iter().flat_map(|d| d.children()).collect();
        let n_kel = vills
            .iter()
            .filter(|v| v.village_kind() == Some(VillageKind::Kelurahan))
            .count();
        let n_desa = vills
            .iter()
            .filter(|v| {
                matches!(
                    v.village_kind(),
                    Some(VillageKind::Desa | VillageKind::DesaAdat)
                )
            })
            .count();
        assert_eq!(
            (n_kab, n_kota, dists.len(), n_kel, n_desa),
            (kab, kota, kec, kel, desa),
            "province {code}"
        );
    }
    // The facts called out in the brief.
    let aceh = &PER_PROVINCE[0];
    assert_eq!(aceh.4, 0);
    let desa_adat: Vec<String> = search("", Some(Level::Village), usize::MAX)
        .into_iter()
        .filter(|v| v.village_kind() == Some(VillageKind::DesaAdat))
        .map(|v| v.code())
        .collect();
    assert_eq!(desa_adat.len(), 14);
    assert!(
        desa_adat.iter().all(|c| c.starts_with("91.03.")),
        "{desa_adat:?}"
    );
}

#[test]
fn sample_names() {
    for (code, name) in [
        ("11", "Aceh"),
        ("31", "Daerah Khusus Ibukota Jakarta"),
        ("34", "Daerah Istimewa Yogyakarta"),
        ("96", "Papua Barat Daya"),
        ("11.01", "Kabupaten Aceh Selatan"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu"),
        ("31.71", "Kota Administrasi Jakarta Pusat"),
        ("65.01", "Kabupaten Bulungan"),
        ("11.01.01", "Bakongan"),
        ("35.29.22", "Ra\"as"),
        ("11.01.01.2001", "Keude Bakongan"),
        ("12.07.28.1007", "Lubuk Pakam I,II"),
        ("14.02.09.2010", "Lambang Sari I, II, III"),
        ("53.07.01.2021", "Regapu\u{2019}u"),
        ("91.03.01.3007", "Desa Adat Yoboi"),
    ] {
        assert_eq!(r(code).name(), name, "{code}");
        assert_eq!(r(code).code(), code);
    }
    assert_eq!(r("31.71").regency_kind(), Some(RegencyKind::Kota));
    assert_eq!(r("31.01").regency_kind(), Some(RegencyKind::Kabupaten));
    assert_eq!(r("31").regency_kind(), None);
    assert_eq!(r("11.01.01.2001").village_kind(), Some(VillageKind::Desa));
    assert_eq!(
        r("12.07.28.1007").village_kind(),
        Some(VillageKind::Kelurahan)
    );
    assert_eq!(
        r("91.03.01.3007").village_kind(),
        Some(VillageKind::DesaAdat)
    );
    assert_eq!(r("11.01").village_kind(), None);
}

#[test]
fn region_formatting_and_serde() {
    let v = r("11.01.01.2001");
    assert_eq!(v.code_digits(), "1101012001");
    assert_eq!(
        format!("{v:?}"),
        r#"Region { level: Village, code: "11.01.01.2001", name: "Keude Bakongan" }"#
    );
    assert_eq!(v.to_string(), "11.01.01.2001 Keude Bakongan");
    assert_eq!(
        serde_json::to_string(&r("31.71")).unwrap(),
        r#"{"level":"regency","code":"31.71","name":"Kota Administrasi Jakarta Pusat"}"#
    );
    assert_eq!(
        serde_json::to_string(&r("35.29.22")).unwrap(),
        r#"{"level":"district","code":"35.29.22","name":"Ra\"as"}"#
    );
    let a = alias("64.04.12").unwrap();
    assert_eq!(
        serde_json::to_string(a).unwrap(),
        r#"{"old_code":"64.04.12","new_code":"65.01.10","since":"2012-11-17","basis":"UU 20/2012","level":"district"}"#
    );
    let p = serde_json::to_value(provenance()).unwrap();
    assert_eq!(p["source_version"], "4.0.1");
}

#[test]
fn aliases_are_consistent_with_the_current_table() {
    assert_eq!(aliases().len(), 663);
    let mut prev = "";
    for a in aliases() {
        assert!(
            a.old_code() > prev,
            "aliases not ascending at {}",
            a.old_code()
        );
        prev = a.old_code();
        assert!(
            lookup(a.old_code()).is_none(),
            "{} is current",
            a.old_code()
        );
        let s = a
            .successor()
            .unwrap_or_else(|| panic!("{} missing", a.new_code()));
        assert_eq!(s.code(), a.new_code());
        assert_eq!(s.level(), a.level());
        assert!(matches!(a.level(), Level::Regency | Level::District));
        assert_eq!(alias(a.old_code()), Some(a));
        assert_eq!(alias(&a.old_code().replace('.', "")), Some(a));
        assert!(a.since() < chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert!(a.basis().starts_with("UU "));
        // The province of the old code is current (retired province codes don't exist).
        assert!(province(&a.old_code()[..2]).is_some());
    }
    assert_eq!(
        aliases()
            .iter()
            .filter(|a| a.level() == Level::Regency)
            .count(),
        31
    );
    assert!(alias("31.71").is_none());
    assert!(alias("64").is_none());
    assert!(alias("64.04.12.2001").is_none());
    assert!(alias("xx").is_none());
}

/// The generated alias table is exactly the committed CSV.
#[test]
fn aliases_match_committed_csv() {
    let csv = include_str!("../../data/regions/region-aliases.csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("old_code,new_code,since,basis"));
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), aliases().len());
    for (row, a) in rows.iter().zip(aliases()) {
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!(f.len(), 4, "{row}");
        assert_eq!(f[0], a.old_code());
        assert_eq!(f[1], a.new_code());
        assert_eq!(f[2], a.since().format("%Y-%m-%d").to_string());
        assert_eq!(f[3], a.basis());
    }
}

/// The generated provenance agrees with the committed provenance record.
#[test]
fn provenance_matches_committed_record() {
    let toml = include_str!("../../data/regions/provenance.toml");
    let p = provenance();
    for (k, v) in [
        ("source_package", p.source_package),
        ("source_version", p.source_version),
        ("source_sha256", p.source_sha256),
        ("decree", p.decree),
        ("generated", p.generated),
        ("data_licence", p.data_licence),
        ("aliases_basis", p.aliases_basis),
    ] {
        let line = format!("{k} = \"{v}\"");
        assert!(toml.lines().any(|l| l == line), "missing {line}");
    }
    let c = counts();
    for (k, v) in [
        ("provinces", c.provinces),
        ("regencies", c.regencies),
        ("kabupaten", c.kabupaten),
        ("kota", c.kota),
        ("districts", c.districts),
        ("villages", c.villages),
        ("kelurahan", c.kelurahan),
        ("desa", c.desa),
        ("desa_adat", c.desa_adat),
        ("aliases", c.aliases),
    ] {
        let line = format!("{k} = {v}");
        assert!(toml.lines().any(|l| l == line), "missing {line}");
    }
    assert_eq!(p.source_package, "idn-area-data");
    assert_eq!(p.source_version, "4.0.1");
    assert_eq!(
        p.source_sha256,
        "8d47ffb2be39c08aacb0a2dd43193a1edb5754edb1022d57158341c702acc32d"
    );
    assert_eq!(p.decree, "Kepmendagri 300.2.2-2138/2025");
    assert_eq!(p.data_licence, "ODbL-1.0");
    assert!(p
        .attribution
        .contains("https://github.com/fityannugroho/idn-area-data"));
    assert!(p.attribution.contains("Open Database License"));
    for law in [
        "UU 20/2012",
        "UU 14/2022",
        "UU 15/2022",
        "UU 16/2022",
        "UU 29/2022",
    ] {
        assert!(p.aliases_basis.contains(law), "{law}");
    }
    assert!(chrono::NaiveDate::parse_from_str(p.generated, "%Y-%m-%d").is_ok());
    assert_eq!(
        table_version(),
        "idn-area-data@4.0.1 (Kepmendagri 300.2.2-2138/2025)"
    );
}

#[test]
fn check_prefix_examples() {
    assert_eq!(check_prefix(31, 71, 1), PrefixCheck::Current);
    assert_eq!(check_prefix(11, 1, 1), PrefixCheck::Current);
    assert_eq!(check_prefix(65, 1, 10), PrefixCheck::Current);
    assert_eq!(
        check_prefix(64, 4, 12),
        PrefixCheck::Retired(alias("64.04.12").unwrap())
    );
    let PrefixCheck::Retired(a) = check_prefix(64, 4, 12) else {
        panic!()
    };
    assert_eq!(
        (a.old_code(), a.new_code(), a.basis()),
        ("64.04.12", "65.01.10", "UU 20/2012")
    );
    assert_eq!(
        a.since(),
        chrono::NaiveDate::from_ymd_opt(2012, 11, 17).unwrap()
    );
    let PrefixCheck::Retired(a) = check_prefix(91, 2, 3) else {
        panic!()
    };
    assert_eq!(
        (a.old_code(), a.new_code(), a.basis()),
        ("91.02.03", "95.01.02", "UU 16/2022")
    );
    assert_eq!(
        a.since(),
        chrono::NaiveDate::from_ymd_opt(2022, 7, 25).unwrap()
    );
    let PrefixCheck::Retired(a) = check_prefix(92, 5, 5) else {
        panic!()
    };
    assert_eq!((a.new_code(), a.basis()), ("96.03.23", "UU 29/2022"));
    assert_eq!(
        a.since(),
        chrono::NaiveDate::from_ymd_opt(2022, 12, 8).unwrap()
    );
    // 64, 91 and 92 are still current provinces with current regencies.
    assert_eq!(check_prefix(64, 1, 1), PrefixCheck::Current);
    assert_eq!(check_prefix(91, 3, 1), PrefixCheck::Current);
    assert_eq!(check_prefix(92, 2, 3), PrefixCheck::Current);
    // Manokwari's districts 01 and 02 went to regencies carved out inside
    // Papua Barat; such intra-province moves are not in the alias table.
    assert_eq!(check_prefix(92, 2, 1), PrefixCheck::UnknownDistrict);
    // Unknown province.
    for p in [0, 10, 20, 37, 39, 99, 100, 255] {
        assert_eq!(check_prefix(p, 1, 1), PrefixCheck::UnknownProvince, "{p}");
    }
    // Unknown regency.
    assert_eq!(check_prefix(31, 0, 1), PrefixCheck::UnknownRegency);
    assert_eq!(check_prefix(31, 70, 1), PrefixCheck::UnknownRegency);
    assert_eq!(check_prefix(31, 2, 1), PrefixCheck::UnknownRegency);
    assert_eq!(check_prefix(64, 20, 1), PrefixCheck::UnknownRegency);
    assert_eq!(check_prefix(31, 255, 1), PrefixCheck::UnknownRegency);
    // Unknown district (current and retired regency).
    assert_eq!(check_prefix(31, 71, 0), PrefixCheck::UnknownDistrict);
    assert_eq!(check_prefix(31, 71, 99), PrefixCheck::UnknownDistrict);
    assert_eq!(check_prefix(31, 71, 255), PrefixCheck::UnknownDistrict);
    assert_eq!(check_prefix(64, 4, 0), PrefixCheck::UnknownDistrict);
    assert!(alias("64.04.10").is_none());
    assert_eq!(check_prefix(64, 4, 10), PrefixCheck::UnknownDistrict);
    assert!(check_prefix(64, 4, 12).is_known());
    assert!(!check_prefix(64, 4, 10).is_known());
}

/// `check_prefix` agrees with `lookup`/`alias` over every two-digit triple.
#[test]
fn check_prefix_exhaustive_against_lookup() {
    let mut current = 0usize;
    let mut retired = 0usize;
    for p in 0..=99u8 {
        for k in 0..=99u8 {
            for c in 0..=99u8 {
                let got = check_prefix(p, k, c);
                let pp = format!("{p:02}");
                let kk = format!("{p:02}{k:02}");
                let cc = format!("{p:02}{k:02}{c:02}");
                let expected = if province(&pp).is_none() {
                    PrefixCheck::UnknownProvince
                } else if regency(&kk).is_none() && alias(&kk).is_none() {
                    PrefixCheck::UnknownRegency
                } else if district(&cc).is_some() {
                    PrefixCheck::Current
                } else if let Some(a) = alias(&cc) {
                    PrefixCheck::Retired(a)
                } else {
                    PrefixCheck::UnknownDistrict
                };
                assert_eq!(got, expected, "{cc}");
                match got {
                    PrefixCheck::Current => current += 1,
                    PrefixCheck::Retired(_) => retired += 1,
                    _ => {}
                }
            }
        }
    }
    assert_eq!(current, 7285);
    assert_eq!(retired, 632);
}

#[test]
fn lookup_accepts_dotted_undotted_and_whitespace() {
    let v = r("31.71.01.1001");
    for s in [
        "31.71.01.1001",
        "3171011001",
        " 3171011001 ",
        "\t31.71.01.1001\n",
        "\u{a0}3171011001",
    ] {
        assert_eq!(lookup(s), Some(v), "{s:?}");
        assert_eq!(village(s), Some(v), "{s:?}");
        assert_eq!(district(s), None);
    }
    assert_eq!(regency(" 31.71 "), Some(r("3171")));
    assert_eq!(province("31"), lookup("31"));
    assert_eq!(district("317101"), Some(r("31.71.01")));
    assert_eq!(regency("31"), None);
    assert_eq!(village("31.71.01"), None);
}

#[test]
fn lookup_rejects_malformed() {
    for s in [
        "",
        " ",
        "3",
        "31.",
        "31.7",
        "3171.01",
        "31.7101",
        "317101100",
        "31710110011",
        "31.71.01.1001.",
        "3l",
        "ab",
        "٣١",
        "３１",
        "31 71",
        "31_71",
        "+31",
        "-31",
        "31.71.01.01001",
        "99",
        "00",
        "31.70",
        "31.71.00",
        "31.71.01.0000",
        "64.04",
    ] {
        assert_eq!(lookup(s), None, "{s:?}");
        assert_eq!(province(s), None, "{s:?}");
        assert_eq!(regency(s), None, "{s:?}");
        assert_eq!(district(s), None, "{s:?}");
        assert_eq!(village(s), None, "{s:?}");
    }
}

#[test]
fn parent_children_consistency() {
    let dki = province("31").unwrap();
    let kids: Vec<String> = dki.children().map(|c| c.code()).collect();
    assert_eq!(kids, ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]);
    assert_eq!(dki.parent(), None);
    assert_eq!(dki.province(), dki);
    assert_eq!(r("11.01.01.2001").children().count(), 0);

    let mut seen = [0usize; 4];
    for p in provinces() {
        assert_eq!(p.level(), Level::Province);
        seen[0] += 1;
        for rg in p.children() {
            seen[1] += 1;
            assert_eq!(rg.level(), Level::Regency);
            assert_eq!(rg.parent(), Some(p));
            assert!(rg.code().starts_with(&p.code()));
            assert!(rg.regency_kind().is_some());
            for d in rg.children() {
                seen[2] += 1;
                assert_eq!(d.parent(), Some(rg));
                assert!(d.code().starts_with(&rg.code()));
                assert!(d.children().next().is_some(), "{d:?} has no villages");
                let mut prev = 0u64;
                for v in d.children() {
                    seen[3] += 1;
                    assert_eq!(v.parent(), Some(d));
                    assert_eq!(v.province(), p);
                    let code = v.code();
                    assert!(code.starts_with(&d.code()));
                    assert!(v.village_kind().is_some());
                    let n: u64 = v.code_digits().parse().unwrap();
                    assert!(n > prev);
                    prev = n;
                    assert!(!v.name().is_empty());
                }
            }
        }
    }
    let c = counts();
    assert_eq!(seen, [c.provinces, c.regencies, c.districts, c.villages]);
}

/// Every village of the table round-trips through `lookup`.
#[test]
fn every_village_round_trips() {
    for v in search("", Some(Level::Village), usize::MAX) {
        let parent = v.parent().unwrap();
        assert_eq!(parent.level(), Level::District);
        assert_eq!(lookup(&v.code()), Some(v));
        assert_eq!(lookup(&v.code_digits()), Some(v));
    }
}

#[test]
fn search_by_name() {
    let hits = search("JAKARTA", None, 100);
    let codes: Vec<String> = hits.iter().map(|h| h.code()).collect();
    assert_eq!(
        &codes[..6],
        ["31", "31.71", "31.72", "31.73", "31.74", "31.75"]
    );
    // Code order: sorted by digits within the result.
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);

    assert_eq!(search("jakarta", Some(Level::Province), 10), vec![r("31")]);
    assert_eq!(search("jakarta", None, 2), vec![r("31"), r("31.71")]);
    assert!(search("jakarta", None, 0).is_empty());
    assert!(search("no such place xyz", None, 10).is_empty());
    assert_eq!(
        search("  keude bakongan ", Some(Level::Village), 5),
        vec![r("11.01.01.2001")]
    );
    // Non-ASCII names and needles.
    assert_eq!(search("PU\u{2019}U", Some(Level::Village), 10).len(), 2);
    assert_eq!(
        search("ra\"as", None, 10),
        vec![r("35.29.18.2015"), r("35.29.22")]
    );
    assert_eq!(search("", Some(Level::Province), 100).len(), 38);
    assert_eq!(
        search("", None, 3),
        vec![r("11"), r("11.01"), r("11.01.01")]
    );
}

proptest! {
    #[test]
    fn lookups_never_panic(s in any::<String>()) {
        let _ = lookup(&s);
        let _ = province(&s);
        let _ = regency(&s);
        let _ = district(&s);
        let _ = village(&s);
        let _ = alias(&s);
        let _ = search(&s, Some(Level::District), 3);
    }

    #[test]
    fn code_like_strings_never_panic(s in "[0-9. \u{660}-\u{669}a]{0,16}") {
        if let Some(r) = lookup(&s) {
            prop_assert_eq!(r.code_digits(), s.trim().replace('.', ""));
        }
        let _ = alias(&s);
    }

    #[test]
    fn check_prefix_total(p in any::<u8>(), k in any::<u8>(), c in any::<u8>()) {
        let got = check_prefix(p, k, c);
        if p > 99 { prop_assert_eq!(got, PrefixCheck::UnknownProvince); }
        if got == PrefixCheck::Current {
            let code = format!("{p:02}.{k:02}.{c:02}");
            prop_assert!(district(&code).is_some());
        }
    }

    #[test]
    fn villages_round_trip(i in 0usize..83_762, pad in "[ \t]{0,2}") {
        let v = Region::new(Level::Village, i).unwrap();
        let dotted = format!("{pad}{}{pad}", v.code());
        let plain = format!("{pad}{}{pad}", v.code_digits());
        prop_assert_eq!(village(&dotted), Some(v));
        prop_assert_eq!(lookup(&plain), Some(v));
        let d = v.parent().unwrap();
        prop_assert!(d.children().any(|c| c == v));
        prop_assert_eq!(d.parent().and_then(|r| r.parent()), Some(v.province()));
    }
}
