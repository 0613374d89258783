//! No false cascades (issue 12): one problem per fault for unreadable rows,
//! blank records skipped and counted, a repeated header named, files not
//! grouped by household. Written from the issue text: each test asserts the
//! exact problems and the accounting (`run_opts` checks
//! `rows_read = rows_valid + rows_invalid` on every run).

use super::*;
use std::collections::BTreeMap;

/// Every thread count and a few block sizes give this run.
fn each_way(input: &str, check: impl Fn(&Run)) {
    for threads in [1, 2] {
        for chunk in [1, 2, 3, 4096] {
            let r = run_chunked(
                input.as_bytes(),
                Format::Csv,
                Mapping::reference(),
                threads,
                chunk,
            );
            check(&r);
        }
    }
}

fn accounting(r: &Run) -> (u64, u64, u64, u64, u64, u64) {
    let s = &r.summary;
    (
        s.rows_read,
        s.rows_valid,
        s.rows_invalid,
        s.rows_blank,
        s.rows_header,
        s.households,
    )
}

/// The two rows of a family like [`family`]'s as separate lines, with its
/// own KK and NIKs when `id` is not `RT-1` (so no cross-record finding).
fn family_rows(id: &str) -> (String, String) {
    let mut f = family(id);
    if id != "RT-1" {
        f = f
            .replace("3171011503150007", "3171011503150009")
            .replace("3171011708800001", "3171011708800003")
            .replace("3171014503820002", "3171014503820004")
            .replace("Budi Santoso", "Agus Salim")
            .replace("Sri Wahyuni", "Dewi Lestari");
    }
    let mut it = f.lines().map(str::to_owned);
    (it.next().unwrap(), it.next().unwrap())
}

#[test]
fn a_head_with_a_stray_comma_gives_its_own_error_and_one_warning_not_family_no_head() {
    // RT-2's head row has an unquoted comma in the name: 31 fields.
    let (head, spouse) = family_rows("RT-2");
    let head = head.replace("Agus Salim", "Agus, Salim");
    let csv = format!("{HEADER}\n{}\n{head}\n{spouse}\n", family("RT-1"));
    each_way(&csv, |r| {
        assert_eq!(
            codes(r),
            vec![
                (Some(3), "ROW_COLUMN_COUNT"),
                (Some(4), "FAMILY_CHECKS_SKIPPED")
            ]
        );
        let skipped = &r.problems[1];
        assert_eq!(skipped.rows, vec![4]);
        assert_eq!(skipped.problem.get("rows"), Some("3"));
        assert_eq!(skipped.problem.severity, Severity::Warning);
        assert_eq!(skipped.household.as_deref(), Some("RT-2"));
        // The spouse stays valid: only the unreadable row is invalid.
        assert_eq!(accounting(r), (4, 3, 1, 0, 0, 2));
        assert_eq!(lines(&r.invalid), 2);
        assert_eq!(lines(&r.valid), 4);
    });
}

#[test]
fn an_unreadable_row_without_a_readable_key_joins_the_household_before_it() {
    // A row of three fields whose id is not either neighbour's.
    let csv = format!(
        "{HEADER}\n{}\nx,y,z\n{}\n",
        family("RT-1"),
        family_b("RT-2")
    );
    each_way(&csv, |r| {
        assert_eq!(
            codes(r),
            vec![
                (Some(1), "FAMILY_CHECKS_SKIPPED"),
                (Some(3), "ROW_COLUMN_COUNT")
            ]
        );
        assert_eq!(r.problems[0].rows, vec![1, 2]);
        assert_eq!(accounting(r), (4, 3, 1, 0, 0, 2));
    });
}

#[test]
fn a_household_of_unreadable_rows_only_gets_their_errors_alone() {
    let head = family_b("RT-2").replace("Siti Aminah", "Siti, Aminah");
    let csv = format!("{HEADER}\n{}\n{head}\n", family("RT-1"));
    let r = run_csv(&csv);
    // Its key (RT-2) is neither the household before nor the row after's:
    // it joins RT-1, whose checks then did not run in full.
    assert_eq!(
        codes(&r),
        vec![
            (Some(1), "FAMILY_CHECKS_SKIPPED"),
            (Some(3), "ROW_COLUMN_COUNT")
        ]
    );
    assert_eq!(accounting(&r), (3, 2, 1, 0, 0, 1));
}

#[test]
fn a_cut_off_last_row_skips_the_family_checks_of_its_household_only() {
    let (head, spouse) = family_rows("RT-2");
    let spouse = spouse.replace("Dewi Lestari", "\"Dewi Les");
    let csv = format!("{HEADER}\n{}\n{head}\n{spouse}", family("RT-1"));
    each_way(&csv, |r| {
        assert_eq!(
            codes(r),
            vec![
                (Some(3), "FAMILY_CHECKS_SKIPPED"),
                (Some(4), "ROW_TRUNCATED")
            ]
        );
        assert_eq!(r.problems[0].rows, vec![3]);
        assert_eq!(accounting(r), (4, 3, 1, 0, 0, 2));
    });
}

#[test]
fn blank_records_inside_and_between_households_are_counted_and_skipped() {
    let (head, spouse) = family_rows("RT-1");
    let full_blank = ",".repeat(29);
    for blank in [full_blank.as_str(), ",,,,", " , ,", ","] {
        let csv = format!(
            "{HEADER}\n{head}\n{blank}\n{spouse}\n{blank}\n{}\n{blank}\n",
            family_b("RT-2")
        );
        each_way(&csv, |r| {
            assert_eq!(codes(r), vec![], "{blank:?}");
            assert_eq!(accounting(r), (3, 3, 0, 3, 0, 2), "{blank:?}");
            assert_eq!(r.summary.members, 3);
            // Neither row file gets them.
            assert_eq!(lines(&r.valid), 4);
            assert_eq!(lines(&r.invalid), 1);
            assert!(!String::from_utf8_lossy(&r.valid).contains(&format!("\n{blank}\n")));
        });
    }
}

#[test]
fn a_file_of_blank_records_has_no_records() {
    let csv = format!("{HEADER}\n,,,\n,,,,,\n");
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![(None, "FILE_NO_RECORDS")]);
    assert_eq!(accounting(&r), (0, 0, 0, 2, 0, 0));
}

#[test]
fn two_exports_joined_give_one_warning_for_the_repeated_header() {
    for header in [
        HEADER.to_owned(),
        HEADER.to_uppercase(),
        HEADER.replace('_', " "),
    ] {
        let csv = format!(
            "{HEADER}\n{}\n{header}\n{}\n",
            family("RT-1"),
            family_b("RT-2")
        );
        each_way(&csv, |r| {
            assert_eq!(codes(r), vec![(Some(3), "HEADER_REPEATED")], "{header}");
            assert_eq!(r.problems[0].rows, vec![3]);
            assert_eq!(accounting(r), (3, 3, 0, 0, 1, 2));
            assert_eq!(lines(&r.valid), 4);
            assert_eq!(lines(&r.invalid), 1);
        });
    }
}

#[test]
fn a_repeated_header_in_another_column_order_is_an_error_naming_the_split() {
    let mut cols: Vec<&str> = HEADER.split(',').collect();
    cols.swap(0, 1);
    let reordered = cols.join(",");
    let csv = format!("{HEADER}\n{}\n{reordered}\n", family("RT-1"));
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![(Some(3), "HEADER_REPEATED_REORDERED")]);
    assert_eq!(r.problems[0].problem.severity, Severity::Error);
    // Not a record: the two member rows are read and valid.
    assert_eq!(accounting(&r), (2, 2, 0, 0, 1, 1));
    // Fewer columns (another export's header) is the same fault.
    let short = cols[..20].join(",");
    let r = run_csv(&format!("{HEADER}\n{}\n{short}\n", family("RT-1")));
    assert_eq!(codes(&r), vec![(Some(3), "HEADER_REPEATED_REORDERED")]);
    assert_eq!(accounting(&r), (2, 2, 0, 0, 1, 1));
}

#[test]
fn a_household_id_that_looks_like_a_column_name_is_still_a_household() {
    // One known name is not a header: ids without digits are data.
    let csv = format!("{HEADER}\n{}\n", family("nama"));
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![]);
    assert_eq!(accounting(&r), (2, 2, 0, 0, 0, 1));
}

#[test]
fn json_lines_have_no_blank_records_or_headers_to_skip() {
    let line = jsonl_household("H1", "3171011708800001");
    let r = run_with(
        format!("{line}\n\n{line}\n").replace("H1", "H1").as_bytes(),
        Format::Jsonl,
        Mapping::reference(),
        1,
    );
    assert_eq!(
        (
            r.summary.rows_read,
            r.summary.rows_blank,
            r.summary.rows_header
        ),
        (2, 0, 0)
    );
}

/// The example export, and the same records sorted by NIK (as a
/// spreadsheet's "sort" leaves a file) with the map from a record's row in
/// the first to its row in the second.
fn example_sorted_by_nik() -> (String, String, BTreeMap<u64, u64>) {
    let text = include_str!("../../../../examples/households.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let nik = |l: &str| l.split(',').nth(6).unwrap_or("").to_owned();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| nik(lines[i]));
    let mut sorted = format!("{header}\n");
    let mut moved = BTreeMap::new();
    for (new, &old) in order.iter().enumerate() {
        sorted.push_str(lines[old]);
        sorted.push('\n');
        moved.insert(old as u64 + 1, new as u64 + 1);
    }
    (text.to_owned(), sorted, moved)
}

fn run_grouped(input: &str, group: bool, threads: usize) -> Run {
    let mut opts = Options::new(Format::Csv, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    opts.threads = threads;
    opts.chunk_rows = 7;
    opts.group = group;
    run_opts(input.as_bytes(), &opts)
}

/// (the rows a problem points at, its code): what a problem says of which
/// records, whatever the order they were read in.
fn pointed(
    r: &Run,
    moved: Option<&BTreeMap<u64, u64>>,
) -> BTreeMap<(Vec<u64>, &'static str), usize> {
    let mut out = BTreeMap::new();
    for p in &r.problems {
        let mut rows: Vec<u64> = p
            .rows
            .iter()
            .map(|x| moved.and_then(|m| m.get(x)).copied().unwrap_or(*x))
            .collect();
        rows.sort_unstable();
        *out.entry((rows, p.problem.code.as_str())).or_default() += 1;
    }
    out
}

/// A file sorted by NIK instead of by household, validated with `group`:
/// the same problems on the same records as the file in household order,
/// and the same valid and invalid counts (issue 12, "False cascades").
#[test]
fn a_file_sorted_by_nik_validated_with_group_gives_what_the_grouped_file_gives() {
    let (grouped, sorted, moved) = example_sorted_by_nik();
    let want = run_grouped(&grouped, false, 1);
    for threads in [1, 2] {
        let got = run_grouped(&sorted, true, threads);
        assert_eq!(pointed(&got, None), pointed(&want, Some(&moved)));
        assert_eq!(
            (
                got.summary.rows_read,
                got.summary.rows_valid,
                got.summary.rows_invalid
            ),
            (
                want.summary.rows_read,
                want.summary.rows_valid,
                want.summary.rows_invalid
            )
        );
        assert_eq!(got.summary.households, want.summary.households);
        // The valid rows are written, household by household.
        assert_eq!(lines(&got.valid), lines(&want.valid));
    }
}

/// Without `group`, the same file gets one file-level problem that says so
/// and names the option, beside each row out of place.
#[test]
fn a_file_not_grouped_by_household_gets_one_file_problem_naming_the_option() {
    let (_, sorted, _) = example_sorted_by_nik();
    let r = run_grouped(&sorted, false, 1);
    let file: Vec<&RowProblem> = r
        .problems
        .iter()
        .filter(|p| p.problem.code.as_str() == "FILE_NOT_GROUPED")
        .collect();
    assert_eq!(file.len(), 1);
    let p = &file[0];
    assert_eq!(p.row, None);
    let scattered = r
        .problems
        .iter()
        .filter(|p| p.problem.code.as_str() == "HOUSEHOLD_NOT_CONTIGUOUS")
        .count() as i64;
    assert_eq!(
        p.problem.value("households"),
        Some(&crate::problem::Value::Int(scattered))
    );
    let id = p.problem.message(crate::problem::Lang::Id);
    assert!(id.contains("--group") && id.contains("id_rt"), "{id}");
    // A grouped file never gets it.
    let (grouped, _, _) = example_sorted_by_nik();
    assert!(run_grouped(&grouped, false, 1)
        .problems
        .iter()
        .all(|p| p.problem.code.as_str() != "FILE_NOT_GROUPED"));
}
