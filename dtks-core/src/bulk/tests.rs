//! Scenario and property tests of the bulk pipeline, written from the rules of
//! issue 4 and docs/domain/export-layout.md.

use super::*;
use crate::problem::Severity;
use proptest::prelude::*;

const HEADER: &str = "id_rt,kode_desa,alamat,rt,rw,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,status_kawin,hamil,disabilitas,disabilitas_berat,sekolah,pendidikan,bekerja,luas_lantai,jenis_lantai,jenis_dinding,jenis_atap,sumber_air,penerangan,bahan_bakar,jamban,status_rumah,penghasilan,desil,terdaftar";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// A reference-layout row. `hamil` etc. empty.
#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    village: &str,
    kk: &str,
    nik: &str,
    name: &str,
    birth: &str,
    sex: u8,
    rel: u8,
) -> String {
    format!("{id},{village},Jl. Mawar 1,001,002,{kk},{nik},{name},{birth},{sex},{rel},2,,0,0,,3,1,36,4,4,2,5,4,3,3,1,2100000,2,1")
}

/// Budi (head, male 17-08-1980) and Sri (spouse, female 05-03-1982) of KK ...0007.
fn family(id: &str) -> String {
    [
        row(
            id,
            "3171011001",
            "3171011503150007",
            "3171011708800001",
            "Budi Santoso",
            "1980-08-17",
            1,
            1,
        ),
        row(
            id,
            "3171011001",
            "3171011503150007",
            "3171014503820002",
            "Sri Wahyuni",
            "1982-03-05",
            2,
            2,
        ),
    ]
    .join("\n")
}

struct Run {
    summary: Summary,
    problems: Vec<RowProblem>,
    valid: Vec<u8>,
    invalid: Vec<u8>,
}

fn run_with(input: &[u8], format: Format, mapping: Mapping, threads: usize) -> Run {
    run_chunked(input, format, mapping, threads, 3)
}

fn run_chunked(
    input: &[u8],
    format: Format,
    mapping: Mapping,
    threads: usize,
    chunk: usize,
) -> Run {
    let mut opts = Options::new(format, as_of());
    opts.mapping = mapping;
    opts.threads = threads;
    opts.chunk_rows = chunk;
    run_opts(input, &opts)
}

/// Runs with every output collected; checks the accounting.
fn run_opts(input: &[u8], opts: &Options<'_>) -> Run {
    let mut report = Collect::default();
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    let summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut report);
        out.valid = Some(&mut valid);
        out.invalid = Some(&mut invalid);
        validate(input, opts, &mut out).unwrap()
    };
    assert_eq!(report.summary.as_ref(), Some(&summary));
    assert_eq!(summary.rows_read, summary.rows_valid + summary.rows_invalid);
    Run {
        summary,
        problems: report.problems,
        valid,
        invalid,
    }
}

fn run_csv(input: &str) -> Run {
    run_with(input.as_bytes(), Format::Csv, Mapping::reference(), 1)
}

fn codes(r: &Run) -> Vec<(Option<u64>, &'static str)> {
    r.problems
        .iter()
        .map(|p| (p.row, p.problem.code.as_str()))
        .collect()
}

fn lines(b: &[u8]) -> usize {
    String::from_utf8_lossy(b).lines().count()
}

#[test]
fn a_clean_file_is_all_valid() {
    let csv = format!("{HEADER}\n{}\n{}\n", family("RT-1"), family_b("RT-2"));
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![]);
    assert_eq!(
        (
            r.summary.rows_read,
            r.summary.rows_valid,
            r.summary.households
        ),
        (3, 3, 2)
    );
    assert_eq!(r.summary.members, 3);
    assert_eq!(lines(&r.valid), 4, "header + 3 rows");
    assert_eq!(lines(&r.invalid), 1, "header only");
    assert_eq!(r.summary.per_province["31"].rows, 3);
    assert_eq!(
        r.summary.per_regency["31.71"]
            .name
            .as_deref()
            .map(str::is_empty),
        Some(false)
    );
    assert_eq!(r.summary.input_sha256.len(), 64);
    assert_eq!(r.summary.region_table, crate::region::table_version());
}

/// A second household: one head, female, born 1990-01-01, KK ...0008.
fn family_b(id: &str) -> String {
    row(
        id,
        "3171011001",
        "3171011503150008",
        "3171014101900001",
        "Siti Aminah",
        "1990-01-01",
        2,
        1,
    )
}

#[test]
fn member_problems_point_at_their_row_and_household_problems_at_all() {
    // Row 2: sex 1 but the NIK says female (warning); desil 11 on every row (error).
    let mut b = family("RT-1").replace("1982-03-05,2,2", "1982-03-05,1,2");
    b = b.replace(",2100000,2,1", ",2100000,11,1");
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    let sex = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "NIK_SEX_MISMATCH")
        .unwrap();
    assert_eq!(
        (sex.row, sex.rows.clone(), sex.field.as_str()),
        (Some(2), vec![2], "nik")
    );
    let desil = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "VALUE_OUT_OF_RANGE")
        .unwrap();
    assert_eq!(
        (desil.rows.clone(), desil.field.as_str()),
        (vec![1, 2], "desil")
    );
    assert_eq!(r.summary.rows_invalid, 2);
}

#[test]
fn a_family_without_a_head_invalidates_its_rows_only() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        row(
            "RT-1",
            "3171011001",
            "3171011503150007",
            "3171011708800001",
            "Budi",
            "1980-08-17",
            1,
            1
        ),
        row(
            "RT-1",
            "3171011001",
            "3171011503150008",
            "3171014101900001",
            "Siti",
            "1990-01-01",
            2,
            2
        ),
    );
    let r = run_csv(&csv);
    let p = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "FAMILY_NO_HEAD")
        .unwrap();
    assert_eq!(p.rows, vec![2]);
    assert_eq!((r.summary.rows_valid, r.summary.rows_invalid), (1, 1));
}

#[test]
fn row_level_parse_problems_name_the_column() {
    let b = family("RT-1")
        .replace("1982-03-05", "05/03/1982")
        .replace(",36,4,4", ",abc,4,4");
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    let date = r.problems.iter().find(|p| p.field == "tgl_lahir").unwrap();
    assert_eq!(
        (date.problem.code.as_str(), date.row),
        ("VALUE_INVALID", Some(2))
    );
    assert_eq!(date.problem.path, "families[0].members[1].birth_date");
    let area = r
        .problems
        .iter()
        .find(|p| p.field == "luas_lantai")
        .unwrap();
    assert_eq!(
        (area.problem.code.as_str(), area.rows.clone()),
        ("VALUE_INVALID", vec![1, 2])
    );
    // A code not in its list.
    let b = family("RT-1").replacen(",2,,0,0,", ",9,,0,0,", 1);
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    let p = r
        .problems
        .iter()
        .find(|p| p.field == "status_kawin")
        .unwrap();
    assert_eq!((p.problem.code.as_str(), p.row), ("VALUE_INVALID", Some(1)));
}

#[test]
fn rejected_values_never_show_a_nik_or_a_birth_date() {
    // A birth date in another form, and a row shifted so that a NIK sits
    // where the marital-status code belongs.
    let b = family("RT-1").replace("1982-03-05", "05/03/1982").replacen(
        ",1,1,2,,",
        ",1,1,3171011708800009,,",
        1,
    );
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    let date = r.problems.iter().find(|p| p.field == "tgl_lahir").unwrap();
    assert_eq!(date.problem.get("value"), Some("99/99/9999"));
    let status = r
        .problems
        .iter()
        .find(|p| p.field == "status_kawin")
        .unwrap();
    assert_eq!(status.problem.code.as_str(), "VALUE_INVALID");
    assert_eq!(status.problem.get("value"), Some("3171••••••••0009"));
    for p in &r.problems {
        for (_, v) in &p.problem.context {
            assert!(
                !v.to_string().contains("05/03/1982")
                    && !v.to_string().contains("3171011708800009"),
                "{v}"
            );
        }
    }
}

#[test]
fn household_columns_must_agree_between_rows() {
    let b = family("RT-1");
    let mut lines: Vec<String> = b.lines().map(str::to_owned).collect();
    lines[1] = lines[1].replace(",36,4,", ",40,4,");
    let r = run_csv(&format!("{HEADER}\n{}\n", lines.join("\n")));
    assert_eq!(codes(&r), vec![(Some(2), "HOUSEHOLD_FIELD_INCONSISTENT")]);
    assert_eq!(r.problems[0].field, "luas_lantai");
}

#[test]
fn the_row_that_differs_from_most_is_the_inconsistent_one() {
    // Three rows; the first has a typo in the street: the first row is the
    // one marked, against row 2, and the other two stay valid.
    let third = row(
        "RT-1",
        "3171011001",
        "3171011503150007",
        "3171010501100003",
        "Andi",
        "2010-01-05",
        1,
        3,
    );
    let mut lines: Vec<String> = family("RT-1").lines().map(str::to_owned).collect();
    lines.push(third);
    lines[0] = lines[0].replace("Jl. Mawar 1", "Jl. Mawar 11");
    let r = run_csv(&format!("{HEADER}\n{}\n", lines.join("\n")));
    assert_eq!(codes(&r), vec![(Some(1), "HOUSEHOLD_FIELD_INCONSISTENT")]);
    assert_eq!(r.problems[0].field, "alamat");
    assert!(r.problems[0]
        .problem
        .context
        .contains(&("first_row", crate::problem::Value::Text("2".to_owned()))));
    assert_eq!(r.summary.rows_valid, 2);
    // Two rows that disagree: the first is the reference, as before.
    let mut two: Vec<String> = family("RT-1").lines().map(str::to_owned).collect();
    two[0] = two[0].replace("Jl. Mawar 1", "Jl. Mawar 11");
    let r = run_csv(&format!("{HEADER}\n{}\n", two.join("\n")));
    assert_eq!(codes(&r), vec![(Some(2), "HOUSEHOLD_FIELD_INCONSISTENT")]);
}

// ---- the edge cases the issue lists ----------------------------------------

#[test]
fn a_row_that_is_not_utf8_is_invalid_and_counted() {
    let mut input = format!("{HEADER}\n{}\n", family("RT-1")).into_bytes();
    let pos = input.windows(4).position(|w| w == b"Sri ").unwrap();
    input[pos + 1] = 0xff;
    let r = run_with(&input, Format::Csv, Mapping::reference(), 1);
    let p = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "ROW_NOT_UTF8")
        .unwrap();
    assert_eq!((p.row, p.field.as_str()), (Some(2), "nama"));
    assert_eq!((r.summary.rows_read, r.summary.rows_invalid), (2, 1));
    // The invalid row is written as read.
    assert!(r.invalid.windows(3).any(|w| w == b"S\xffi"));
}

#[test]
fn a_row_with_the_wrong_column_count_is_invalid_and_kept_out_of_its_household() {
    let csv = format!("{HEADER}\n{}\nRT-1,3171011001,x\n", family("RT-1"));
    let r = run_csv(&csv);
    // The household's family checks could not run in full: one warning on
    // its readable rows (issue 12), which stay valid.
    assert_eq!(
        codes(&r),
        vec![
            (Some(1), "FAMILY_CHECKS_SKIPPED"),
            (Some(3), "ROW_COLUMN_COUNT")
        ]
    );
    assert_eq!(r.problems[0].rows, vec![1, 2]);
    assert_eq!(
        (
            r.summary.rows_read,
            r.summary.rows_valid,
            r.summary.households
        ),
        (3, 2, 1)
    );
    assert_eq!(lines(&r.invalid), 2);
}

#[test]
fn an_empty_file_is_a_file_level_error() {
    for format in [Format::Csv, Format::Jsonl] {
        // Nothing, blank lines, a byte-order mark alone: one problem, empty.
        for input in [&b""[..], b"\n", b"\r\n\n", b"\xef\xbb\xbf", b"  \n"] {
            if format == Format::Csv && input == b"  \n" {
                continue; // a CSV record of one blank field
            }
            let r = run_with(input, format, Mapping::reference(), 1);
            assert_eq!(
                codes(&r),
                vec![(None, "FILE_EMPTY")],
                "{format:?} {input:?}"
            );
            assert_eq!(r.summary.rows_read, 0);
            assert!(r.summary.has_at_least(Severity::Error));
        }
    }
}

#[test]
fn a_header_only_file_is_a_warning() {
    let r = run_csv(&format!("{HEADER}\n"));
    assert_eq!(codes(&r), vec![(None, "FILE_NO_RECORDS")]);
    assert!(!r.summary.has_at_least(Severity::Error));
    assert!(r.summary.has_at_least(Severity::Warning));
}

#[test]
fn a_file_without_a_header_counts_every_line_as_an_invalid_record() {
    let csv = format!("{}\n", family("RT-1"));
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![(None, "HEADER_MISSING")]);
    assert_eq!((r.summary.rows_read, r.summary.rows_invalid), (2, 2));
    assert_eq!(lines(&r.invalid), 2);
    assert!(r.valid.is_empty());
}

#[test]
fn a_missing_required_column_invalidates_the_file() {
    let csv = format!("{HEADER}\n{}\n", family("RT-1")).replace("jenis_kelamin", "jk");
    let r = run_csv(&csv);
    assert_eq!(r.problems[0].problem.code.as_str(), "COLUMN_MISSING");
    assert_eq!(r.problems[0].problem.get("column"), Some("jenis_kelamin"));
    assert_eq!(r.summary.rows_invalid, 2);
}

#[test]
fn a_last_line_cut_inside_quotes_is_truncated_but_no_newline_is_fine() {
    let ok = format!("{HEADER}\n{}", family("RT-1"));
    assert_eq!(codes(&run_csv(&ok)), vec![]);
    let cut = format!(
        "{HEADER}\n{}\n{}",
        family("RT-1"),
        family_b("RT-2").replace("Siti Aminah", "\"Siti Ami")
    );
    // The cut row keeps its field count only by chance: here it is one field.
    let r = run_csv(&cut);
    assert_eq!(
        r.problems.last().map(|p| (p.row, p.problem.code.as_str())),
        Some((Some(3), "ROW_TRUNCATED"))
    );
    assert_eq!((r.summary.rows_read, r.summary.rows_invalid), (3, 1));
}

#[test]
fn quoted_fields_with_commas_and_newlines_are_one_record() {
    let b = family("RT-1").replace("Jl. Mawar 1", "\"Jl. Mawar, Gg. 1\n(belakang)\"");
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    assert_eq!(codes(&r), vec![]);
    assert_eq!(r.summary.rows_read, 2);
}

// ---- cross-record checks -----------------------------------------------------

#[test]
fn a_nik_in_two_households_is_reported_on_the_later_row() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        family("RT-1"),
        row(
            "RT-2",
            "3171011001",
            "3171011503150008",
            "3171011708800001",
            "Budi Santoso",
            "1980-08-17",
            1,
            1
        )
    );
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![(Some(3), "NIK_IN_TWO_HOUSEHOLDS")]);
    assert_eq!(
        r.problems[0].problem.value("other_row"),
        Some(&crate::problem::Value::Int(1))
    );
    assert_eq!(r.summary.rows_valid, 2);
}

#[test]
fn a_kk_in_two_villages_is_reported_on_the_later_family() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        family("RT-1"),
        family("RT-2")
            .replace("3171011001", "3171011002")
            .replace("3171011708800001", "3171011708800011")
            .replace("3171014503820002", "3171014503820012")
    );
    let r = run_csv(&csv);
    let p = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "KK_IN_TWO_VILLAGES")
        .unwrap();
    assert_eq!(p.rows, vec![3, 4]);
    assert_eq!(
        p.problem.value("other_row"),
        Some(&crate::problem::Value::Int(1))
    );
    assert!(r.problems.iter().all(|p| p.row >= Some(3)));
}

#[test]
fn a_household_seen_again_is_not_contiguous() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row(
            "RT-1",
            "3171011001",
            "3171011503150007",
            "3171011708800001",
            "Budi",
            "1980-08-17",
            1,
            1
        ),
        family_b("RT-2"),
        row(
            "RT-1",
            "3171011001",
            "3171011503150007",
            "3171014503820002",
            "Sri",
            "1982-03-05",
            2,
            2
        ),
    );
    let r = run_csv(&csv);
    let p = r
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "HOUSEHOLD_NOT_CONTIGUOUS")
        .unwrap();
    assert_eq!(
        (p.rows.clone(), p.problem.value("first_row")),
        (vec![3], Some(&crate::problem::Value::Int(1)))
    );
    assert!(r.summary.rows_invalid >= 1);
}

#[test]
fn a_probable_duplicate_person_is_a_warning_pairing_the_rows() {
    // Same name (other spelling of spaces/case), birth date and district, another NIK.
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        family_b("RT-1"),
        row(
            "RT-2",
            "3171011001",
            "3171011503150009",
            "3171014101900002",
            "SITI  AMINAH",
            "1990-01-01",
            2,
            1
        )
    );
    let r = run_csv(&csv);
    assert_eq!(codes(&r), vec![(Some(2), "PROBABLE_DUPLICATE_PERSON")]);
    assert_eq!(r.problems[0].problem.severity, Severity::Warning);
    assert_eq!(
        r.problems[0].problem.value("other_row"),
        Some(&crate::problem::Value::Int(1))
    );
    assert_eq!(r.summary.rows_valid, 2);
}

#[test]
fn spreadsheet_mangled_numbers_get_their_own_codes() {
    let b = family("RT-1").replace("3171014503820002", "3.17101E+15");
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    assert!(codes(&r).contains(&(Some(2), "NIK_SCIENTIFIC_NOTATION")));
    let b = family("RT-1").replace("3171014503820002", "317101450382000");
    let r = run_csv(&format!("{HEADER}\n{b}\n"));
    assert!(codes(&r).contains(&(Some(2), "NIK_DIGITS_LOST")));
}

// ---- JSON Lines -------------------------------------------------------------

fn jsonl_household(id: &str, nik: &str) -> String {
    format!(
        r#"{{"id":"{id}","address":{{"village_code":"3171011001"}},"families":[{{"kk":"3171011503150007","members":[{{"nik":"{nik}","name":"Budi","birth_date":"1980-08-17","sex":"male","relationship":"head"}}]}}]}}"#
    )
}

#[test]
fn json_lines_are_numbered_by_line_and_bad_lines_kept() {
    let input = format!(
        "{}\n\n{{not json\n{}\n",
        jsonl_household("A", "3171011708800001"),
        jsonl_household("B", "3171011708800001")
    );
    let r = run_with(input.as_bytes(), Format::Jsonl, Mapping::reference(), 1);
    assert_eq!(
        codes(&r),
        vec![
            (Some(3), "JSON_INVALID"),
            (Some(4), "NIK_IN_TWO_HOUSEHOLDS")
        ]
    );
    // The field of a JSON Lines problem is its model path (docs/bulk.md).
    assert_eq!(r.problems[1].field, "families[0].members[0].nik");
    assert_eq!((r.summary.rows_read, r.summary.rows_valid), (3, 1));
    assert_eq!(lines(&r.valid), 1);
    assert_eq!(
        String::from_utf8_lossy(&r.invalid).lines().next(),
        Some("{not json")
    );
    let mut bad = jsonl_household("A", "3171011708800001").into_bytes();
    bad.push(b'\n');
    bad.extend_from_slice(b"{\"id\":\"\xff\"}\n");
    let r = run_with(&bad, Format::Jsonl, Mapping::reference(), 1);
    assert_eq!(
        codes(&r),
        vec![(Some(2), "ROW_NOT_UTF8"), (None, "FILE_NOT_UTF8")]
    );
}

#[test]
fn json_lines_problems_carry_paths() {
    let h = jsonl_household("A", "3171011708800001").replace("\"male\"", "\"female\"");
    let r = run_with(h.as_bytes(), Format::Jsonl, Mapping::reference(), 1);
    assert_eq!(codes(&r), vec![(Some(1), "NIK_SEX_MISMATCH")]);
    assert_eq!(r.problems[0].field, "families[0].members[0].nik");
}

/// A JSON Lines household with values that do not fit their fields: each is
/// one problem at its path, and every other check still runs on the rest of
/// the household (issue 12): the sex mismatch of the second member is found,
/// the unreadable `relationship` of the head gives no `FAMILY_NO_HEAD`, the
/// unreadable date no `FIELD_REQUIRED`.
#[test]
fn json_lines_values_that_do_not_fit_are_reported_at_their_path_and_the_rest_is_checked() {
    use crate::problem::Lang;
    let h = r#"{"id":"A","address":{"village_code":"3171011001","rt":"003"},"housing":{"floor":"keramik","floor_area":36},"families":[{"kk":"3171011503150007","members":[{"nik":"3171011708800001","name":"Budi","birth_date":"1980-08-17","sex":"male","relationship":"kepala"},{"nik":"3171014503820002","name":"Sri","birth_date":"05/03/1982","sex":"male","relationship":"spouse"}]}],"catatan":"x"}"#;
    for threads in [1, 2] {
        let r = run_with(h.as_bytes(), Format::Jsonl, Mapping::reference(), threads);
        let got: Vec<(&str, &str)> = r
            .problems
            .iter()
            .map(|p| (p.problem.code.as_str(), p.field.as_str()))
            .collect();
        assert_eq!(
            got,
            // In the order of the fields' names (as serde_json reads an object).
            vec![
                ("JSON_FIELD_INVALID", "catatan"),
                ("JSON_FIELD_INVALID", "families[0].members[0].relationship"),
                ("JSON_FIELD_INVALID", "families[0].members[1].birth_date"),
                ("JSON_FIELD_INVALID", "housing.floor"),
                ("NIK_SEX_MISMATCH", "families[0].members[1].nik"),
            ],
            "{:#?}",
            r.problems
        );
        let date = &r.problems[2].problem;
        assert_eq!(date.path, "families[0].members[1].birth_date");
        assert_eq!(
            date.message(Lang::Id),
            "families[0].members[1].birth_date: bukan tanggal yang sah dalam bentuk YYYY-MM-DD; bagian lain rumah tangga tetap diperiksa tanpa nilai ini"
        );
        assert!(r.problems.iter().all(|p| p.row == Some(1)));
        assert_eq!(
            (
                r.summary.rows_read,
                r.summary.rows_valid,
                r.summary.rows_invalid
            ),
            (1, 0, 1)
        );
    }
}

#[test]
fn json_lines_lines_that_are_no_household_are_one_problem_each() {
    use crate::problem::Lang;
    // Not JSON; a required field missing; the top level not an object.
    let input = format!(
        "{{\"id\": \"A\", \"address\":\n{}\n[1, 2]\n{}\n",
        r#"{"id":"B","families":[]}"#,
        jsonl_household("C", "3171011708800001"),
    );
    let r = run_with(input.as_bytes(), Format::Jsonl, Mapping::reference(), 1);
    assert_eq!(
        codes(&r),
        vec![
            (Some(1), "JSON_INVALID"),
            (Some(2), "JSON_INVALID"),
            (Some(3), "JSON_INVALID"),
        ]
    );
    assert_eq!(r.problems[0].problem.message(Lang::Id), "baris ini bukan data rumah tangga: teks JSON terpotong: berakhir sebelum dokumennya selesai");
    assert!(
        r.problems[1]
            .problem
            .message(Lang::Id)
            .contains("kolom `address` wajib ada"),
        "{}",
        r.problems[1].problem.message(Lang::Id)
    );
    assert_eq!(
        (
            r.summary.rows_read,
            r.summary.rows_valid,
            r.summary.rows_invalid
        ),
        (4, 1, 3)
    );
}

proptest::proptest! {
    /// Any value in any field of a household: never a panic, every line
    /// accounted for, and a value that does not fit is named by a path.
    #[test]
    fn json_lines_any_value_anywhere_is_accounted_for(
        field in proptest::sample::select(vec!["\"birth_date\":\"1980-08-17\"", "\"sex\":\"male\"", "\"relationship\":\"head\"", "\"village_code\":\"3171011001\"", "\"name\":\"Budi\""]),
        value in proptest::prop_oneof![
            proptest::strategy::Just("null".to_owned()),
            "-?[0-9]{1,6}".prop_map(|s| s),
            "\"[a-z0-9/ -]{0,12}\"".prop_map(|s| s),
            proptest::strategy::Just("[]".to_owned()),
            proptest::strategy::Just("{}".to_owned()),
            proptest::strategy::Just("true".to_owned()),
        ],
    ) {
        let key = field.split(':').next().unwrap_or("");
        let line = jsonl_household("A", "3171011708800001").replace(field, &format!("{key}:{value}"));
        let r = run_with(line.as_bytes(), Format::Jsonl, Mapping::reference(), 1);
        proptest::prop_assert_eq!(r.summary.rows_read, 1);
        proptest::prop_assert_eq!(r.summary.rows_valid + r.summary.rows_invalid, 1);
        for p in &r.problems {
            if p.problem.code == crate::problem::Code::JsonFieldInvalid {
                proptest::prop_assert!(!p.field.is_empty());
            }
        }
    }
}

/// JSON Lines converted from a CSV export (one record per line with the
/// layout's column names, or one household per line with a member list)
/// validate as the CSV does: the same problems on the same rows, the same
/// counts (issue 12).
#[test]
fn json_lines_of_layout_records_validate_as_the_csv_they_came_from() {
    let text = include_str!("../../../examples/households.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_owned).collect();
    let recs: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let object = |r: &[String], keep: &dyn Fn(&str) -> bool| {
        let m: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(r)
            .filter(|(h, _)| keep(h))
            .map(|(h, v)| (h.clone(), serde_json::Value::String(v.clone())))
            .collect();
        m
    };
    let flat: String = recs
        .iter()
        .map(|r| format!("{}\n", serde_json::Value::Object(object(r, &|_| true))))
        .collect();
    // One household per line, members under "anggota".
    let household_cols = [
        "id_rt",
        "kode_desa",
        "alamat",
        "rt",
        "rw",
        "penghasilan",
        "desil",
    ];
    let mut nested = String::new();
    let mut i = 0;
    while i < recs.len() {
        let id = &recs[i][0];
        let mut j = i;
        while j < recs.len() && &recs[j][0] == id {
            j += 1;
        }
        let mut top = object(&recs[i], &|h| household_cols.contains(&h));
        let members: Vec<serde_json::Value> = recs[i..j]
            .iter()
            .map(|r| serde_json::Value::Object(object(r, &|h| !household_cols.contains(&h))))
            .collect();
        top.insert("anggota".to_owned(), serde_json::Value::Array(members));
        nested.push_str(&format!("{}\n", serde_json::Value::Object(top)));
        i = j;
    }
    let at = |input: &str, format: Format| {
        let mut opts = Options::new(format, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        opts.threads = 2;
        run_opts(input.as_bytes(), &opts)
    };
    let pointed = |r: &Run| {
        let mut v: Vec<(Vec<u64>, &str, String)> = r
            .problems
            .iter()
            .map(|p| (p.rows.clone(), p.problem.code.as_str(), p.field.clone()))
            .collect();
        v.sort();
        v
    };
    let want = at(text, Format::Csv);
    for input in [&flat, &nested] {
        let got = at(input, Format::Jsonl);
        assert_eq!(pointed(&got), pointed(&want));
        assert_eq!(
            (
                got.summary.rows_read,
                got.summary.rows_valid,
                got.summary.rows_invalid
            ),
            (186, 92, 94)
        );
        assert_eq!(
            (got.summary.format.as_str(), got.summary.shape.as_deref()),
            ("jsonl", Some("records"))
        );
    }
    // Records one member per line sorted by NIK, with `group`: the
    // households are read whole (blocks of 7 records would cut them).
    let mut lines: Vec<&str> = flat.lines().collect();
    lines.sort_by_key(|l| {
        serde_json::from_str::<serde_json::Value>(l).unwrap()["nik"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    });
    let reversed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut opts = Options::new(
        Format::Jsonl,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    );
    opts.chunk_rows = 7;
    opts.group = true;
    let got = run_opts(reversed.as_bytes(), &opts);
    assert!(got
        .problems
        .iter()
        .all(|p| p.problem.code.as_str() != "HOUSEHOLD_NOT_CONTIGUOUS"));
    assert_eq!(got.summary.households, want.summary.households);
    assert_eq!(got.summary.rows_read, 186);
}

// ---- mapping ----------------------------------------------------------------

const BDT_HEADER: &str = "IDBDT,KDPROP,KDKAB,KDKEC,KDDESA,Alamat,NoKK,NIK,Nama,TglLahir,JnsKel,Hubkel,Sta_kawin,Sta_hamil,Jenis_cacat,Partisipasi_sekolah,Ijazah_tertinggi,Sta_Bekerja";
const TWIN_HEADER: &str = "id_rt,kode_desa,alamat,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,status_kawin,hamil,disabilitas,sekolah,pendidikan,bekerja,terdaftar";

#[test]
fn a_bdt_file_validates_like_its_reference_twin() {
    // (BDT row, reference row): BDT codes translated by hand from docs/domain/process.md.
    let pairs = [
        (
            "B1,31,71,011,001,Jl. A,3171011503150007,3171011708800001,Budi,17-08-1980,1,1,2,2,00,2,3,1",
            "B1,3171011001,Jl. A,3171011503150007,3171011708800001,Budi,1980-08-17,1,1,2,0,0,0,3,1,1",
        ),
        (
            // Pregnant (1), blind (02 -> sensory 4), in school (level unknown).
            "B1,31,71,011,001,Jl. A,3171011503150007,3171014503820002,Sri,05-03-1982,2,2,2,1,02,1,6,2",
            "B1,3171011001,Jl. A,3171011503150007,3171014503820002,Sri,1982-03-05,2,2,2,1,4,,5,0,1",
        ),
        (
            // A child older than the head, former mental illness (11 -> 3).
            "B1,31,71,011,001,Jl. A,3171011503150007,3171011708700003,Agus,17-08-1970,1,3,1,2,11,0,1,2",
            "B1,3171011001,Jl. A,3171011503150007,3171011708700003,Agus,1970-08-17,1,3,1,0,3,0,1,0,1",
        ),
        (
            // A BDT code outside the mapping (Sta_hamil 3) and an unmapped date form.
            "B2,31,71,011,001,Jl. B,3171011503150008,3171014101900001,Siti,1990/01/01,2,1,1,3,12,0,0,2",
            "B2,3171011001,Jl. B,3171011503150008,3171014101900001,Siti,1990/01/01,2,1,1,3,5,0,0,0,1",
        ),
    ];
    let bdt: Vec<&str> = pairs.iter().map(|p| p.0).collect();
    let twin: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    let bdt = format!("{BDT_HEADER}\n{}\n", bdt.join("\n"));
    let twin = format!("{TWIN_HEADER}\n{}\n", twin.join("\n"));
    let a = run_with(
        bdt.as_bytes(),
        Format::Csv,
        Mapping::builtin("bdt2015").unwrap(),
        1,
    );
    let b = run_with(twin.as_bytes(), Format::Csv, Mapping::reference(), 1);
    let key = |r: &Run| -> Vec<(Option<u64>, &'static str, String)> {
        r.problems
            .iter()
            .filter(|p| p.row.is_some())
            .map(|p| {
                let col = Column::from_path(&p.problem.path).map_or("", |c| c.name());
                (p.row, p.problem.code.as_str(), col.to_owned())
            })
            .collect()
    };
    assert_eq!(key(&a), key(&b));
    assert!(key(&a).iter().any(|k| k.1 == "CHILD_OLDER_THAN_PARENT"));
    assert_eq!(key(&a).iter().filter(|k| k.1 == "VALUE_INVALID").count(), 2);
    assert_eq!(
        (a.summary.rows_valid, a.summary.rows_invalid),
        (b.summary.rows_valid, b.summary.rows_invalid)
    );
    // The BDT file says what its village codes are.
    assert!(a
        .problems
        .iter()
        .any(|p| p.row.is_none() && p.problem.code.as_str() == "VILLAGE_CODE_SYSTEM_BPS"));
    // Fields are reported under the file's own column names.
    let f = a
        .problems
        .iter()
        .find(|p| p.problem.code.as_str() == "VALUE_INVALID")
        .unwrap();
    assert!(
        ["Sta_hamil", "TglLahir"].contains(&f.field.as_str()),
        "{}",
        f.field
    );
}

#[test]
fn aliases_match_ignoring_case_and_underscores() {
    let m = Mapping::from_toml(
        "name = \"t\"\n[columns.nik]\nnames = [\"NO_NIK\"]\n[columns.jenis_kelamin]\nnames = [\"JNS_KEL\"]\n",
    )
    .unwrap();
    let csv = format!("{HEADER}\n{}\n", family("RT-1"))
        .replace(",nik,", ",No_Nik,")
        .replace("jenis_kelamin", "jnskel");
    let r = run_with(csv.as_bytes(), Format::Csv, m, 1);
    assert_eq!(codes(&r), vec![]);
}

#[test]
fn a_household_id_falls_back_to_the_kk_and_is_masked() {
    let m = Mapping::from_toml("name = \"t\"\nhousehold_id_fallback = \"no_kk\"\n").unwrap();
    let csv = format!(
        "{HEADER}\n{}\n",
        family("").replace("Sri Wahyuni,1982-03-05,2,2", "Sri Wahyuni,1982-03-05,1,2")
    );
    let r = run_with(csv.as_bytes(), Format::Csv, m, 1);
    assert_eq!(r.summary.households, 1);
    assert_eq!(r.problems[0].household.as_deref(), Some("3171••••••••0007"));
}

// ---- reports ----------------------------------------------------------------

fn messy_file() -> String {
    format!(
        "{HEADER}\n{}\n{}\n{}\nRT-9,x\n",
        family("RT-1").replace("1982-03-05,2,2", "1982-03-05,1,2"),
        row(
            "RT-2",
            "3171011001",
            "3171011503150008",
            "3171011708800001",
            "Budi Santoso",
            "1980-08-17",
            1,
            1
        ),
        row(
            "RT-3",
            "9999999999",
            "3171011503150009",
            "3171014101900002",
            "Siti",
            "1990-01-01",
            2,
            3
        ),
    )
}

#[test]
fn reports_parse_and_never_show_a_full_nik() {
    let input = messy_file();
    let (json, csv_out, summary, _) = reports(input.as_bytes(), Format::Csv);
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len() as u64, summary.problems);
    assert!(summary.problems >= 4);
    assert_eq!(v["summary"]["rows_read"], 5);
    assert!(problems[0]["code"].as_str().is_some());
    let csv_text = String::from_utf8(csv_out).unwrap();
    assert!(
        csv_text.starts_with("row,rows,household,field,path,code,severity,message_id,message_en\n")
    );
    assert_eq!(csv_text.lines().count() as u64, summary.problems + 1);
    let json_text = String::from_utf8(json).unwrap();
    let table = summary.table();
    for text in [&json_text, &csv_text, &table] {
        assert_no_identity_run(text);
        assert!(!text.contains("Budi"));
    }
    assert!(table.contains("NIK_IN_TWO_HOUSEHOLDS"));
}

#[test]
fn an_empty_report_is_still_valid_json_and_csv() {
    let mut json = Vec::new();
    let mut csv_out = Vec::new();
    {
        let mut j = JsonReport::new(&mut json);
        let mut c = CsvReport::new(&mut csv_out);
        let mut out = Outputs::default();
        out.sinks.push(&mut j);
        out.sinks.push(&mut c);
        let csv = format!("{HEADER}\n{}\n", family("RT-1"));
        validate(
            csv.as_bytes(),
            &Options::new(Format::Csv, as_of()),
            &mut out,
        )
        .unwrap();
    }
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0));
    assert_eq!(String::from_utf8(csv_out).unwrap().lines().count(), 1);
}

#[test]
fn threads_do_not_change_the_answer() {
    let mut input = format!("{HEADER}\n");
    for i in 0..40 {
        input.push_str(
            &messy_file()
                .lines()
                .skip(1)
                .map(|l| l.replace("RT-", &format!("R{i}-")))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        input.push('\n');
    }
    let a = run_with(input.as_bytes(), Format::Csv, Mapping::reference(), 1);
    let b = run_with(input.as_bytes(), Format::Csv, Mapping::reference(), 2);
    assert_eq!(a.problems, b.problems);
    assert_eq!(a.summary, b.summary);
    assert_eq!((a.valid, a.invalid), (b.valid, b.invalid));
}

struct Counter;
impl HouseholdStage for Counter {
    fn name(&self) -> &str {
        "counter"
    }
    fn run(&self, h: &Household, _: &[crate::problem::Problem], _: NaiveDate) -> StageOutput {
        let n = h.families.iter().map(|f| f.members.len() as u64).sum();
        StageOutput {
            problems: vec![crate::problem::Problem::new(
                crate::problem::Code::FamilyNoHead,
                "families[0].members[0].nik",
            )
            .with_severity(Severity::Warning)],
            counts: vec![("members".to_owned(), n)],
            ..StageOutput::default()
        }
    }
}

#[test]
fn a_stage_adds_problems_on_rows_and_counts() {
    let csv = format!("{HEADER}\n{}\n{}\n", family("RT-1"), family_b("RT-2"));
    let mut report = Collect::default();
    let stage = Counter;
    let mut opts = Options::new(Format::Csv, as_of());
    opts.stages.push(&stage);
    let mut out = Outputs::default();
    out.sinks.push(&mut report);
    let s = validate(csv.as_bytes(), &opts, &mut out).unwrap();
    assert_eq!(s.stages["counter"]["members"], 3);
    assert_eq!(
        report.problems.iter().map(|p| p.row).collect::<Vec<_>>(),
        vec![Some(1), Some(3)]
    );
}

// ---- properties -------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any bytes: no panic, every record accounted for, in both formats.
    #[test]
    fn any_bytes_are_accounted_for(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for format in [Format::Csv, Format::Jsonl] {
            let r = run_with(&bytes, format, Mapping::reference(), 1);
            prop_assert_eq!(r.summary.rows_read, r.summary.rows_valid + r.summary.rows_invalid);
        }
    }

    /// Header plus arbitrary rows built from plausible pieces: the row count
    /// is the record count, every problem row exists, and invalid rows are
    /// exactly the rows an error points at.
    #[test]
    fn grouping_and_accounting_hold(
        rows in prop::collection::vec(
            (0usize..3, prop_oneof![Just("3171011708800001"), Just("3171014503820002"), Just("x"), Just("")],
             0u8..4, prop_oneof![Just(""), Just(",extra"), Just("\u{ff}")]),
            0..25),
        threads in 1usize..3,
    ) {
        let mut input = format!("{HEADER}\n");
        for (h, nik, rel, tail) in &rows {
            let r = row(&format!("H{h}"), "3171011001", "3171011503150007", nik, "Nama", "1980-08-17", 1, *rel);
            input.push_str(&r);
            input.push_str(tail);
            input.push('\n');
        }
        let r = run_with(input.as_bytes(), Format::Csv, Mapping::reference(), threads);
        prop_assert_eq!(r.summary.rows_read, rows.len() as u64);
        let mut bad = std::collections::BTreeSet::new();
        for p in &r.problems {
            for row in &p.rows {
                prop_assert!(*row >= 1 && *row <= rows.len() as u64);
                if p.problem.is_error() { bad.insert(*row); }
            }
        }
        prop_assert_eq!(r.summary.rows_invalid, bad.len() as u64);
        // Every record lands in exactly one output (plus the two headers).
        let out_rows = lines(&r.valid) + lines(&r.invalid);
        prop_assert_eq!(out_rows as u64, rows.len() as u64 + 2);
    }

    /// Blocks end where households end, whatever their size and however
    /// many workers take them: the answer is the answer of one block read by
    /// one thread, including rows that span lines, rows of the wrong width
    /// and a last row cut inside quotes.
    #[test]
    fn block_size_and_threads_do_not_change_the_answer(
        rows in prop::collection::vec(
            (0usize..4, prop_oneof![Just("3171011708800001"), Just("3171014503820002"), Just("x")],
             0u8..4, prop_oneof![Just(""), Just(""), Just(",extra"), Just(",\"a\nb\""), Just("\r")]),
            0..30),
        cut in prop_oneof![Just(""), Just(",\"open\nend")],
        chunk in 1usize..7,
        threads in 1usize..4,
        format in prop_oneof![Just(Format::Csv), Just(Format::Jsonl)],
    ) {
        let input = match format {
            Format::Csv => {
                let mut input = format!("{HEADER}\n");
                for (h, nik, rel, tail) in &rows {
                    let r = row(&format!("H{h}"), "3171011001", "3171011503150007", nik, "Nama", "1980-08-17", 1, *rel);
                    input.push_str(&r);
                    input.push_str(tail);
                    input.push('\n');
                }
                input.push_str(cut);
                input
            }
            _ => {
                let mut input = String::new();
                for (h, nik, _, tail) in &rows {
                    input.push_str(&format!(
                        r#"{{"id":"H{h}","address":{{"village_code":"3171011001"}},"families":[{{"kk":"3171011503150007","members":[{{"nik":"{nik}","name":"N","birth_date":"1980-08-17","sex":"male","relationship":"head"}}]}}]}}"#
                    ));
                    input.push_str(if tail.is_empty() { "\n" } else { "\n\n" });
                }
                // Sometimes no newline after the last line.
                if !cut.is_empty() {
                    while input.ends_with('\n') {
                        input.pop();
                    }
                }
                input
            }
        };
        let one = run_chunked(input.as_bytes(), format, Mapping::reference(), 1, 100_000);
        let many = run_chunked(input.as_bytes(), format, Mapping::reference(), threads, chunk);
        prop_assert_eq!(&one.problems, &many.problems);
        prop_assert_eq!(&one.summary, &many.summary);
        prop_assert_eq!((&one.valid, &one.invalid), (&many.valid, &many.invalid));
    }
}

/// Found by the fuzzer: a last JSON Lines line without a newline was lost
/// when the block before it ended exactly at the last complete line.
#[test]
fn a_last_line_without_a_newline_is_read_whatever_the_block_size() {
    let input = "{}\n{}\n\n{}\n[1]";
    for chunk in [1, 2, 3, 100] {
        let r = run_chunked(
            input.as_bytes(),
            Format::Jsonl,
            Mapping::reference(),
            1,
            chunk,
        );
        assert_eq!(r.summary.rows_read, 4, "chunk {chunk}");
        let rows: Vec<Option<u64>> = r.problems.iter().map(|p| p.row).collect();
        assert_eq!(
            rows,
            vec![Some(1), Some(2), Some(4), Some(5)],
            "chunk {chunk}"
        );
    }
}

/// A writer that fails after `left` bytes.
struct Failing {
    left: usize,
}

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left < buf.len() {
            return Err(std::io::Error::other("disk full"));
        }
        self.left -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A reader that fails after `left` bytes.
struct FailingRead<'a> {
    data: &'a [u8],
    left: usize,
}

impl std::io::Read for FailingRead<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("read error"));
        }
        let n = buf.len().min(self.left).min(self.data.len()).min(1000);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.left -= n;
        Ok(n)
    }
}

/// A failing row file or a failing input ends the run with the error, on
/// any number of threads, without waiting forever for the other threads.
#[test]
fn io_errors_end_the_run_without_hanging() {
    let mut input = format!("{HEADER}\n");
    for i in 0..300 {
        input.push_str(&family(&format!("RT-{i}")));
        input.push('\n');
    }
    for threads in [1, 2, 3] {
        let mut bad = Failing { left: 5_000 };
        let mut out = Outputs {
            invalid: Some(&mut bad),
            ..Outputs::default()
        };
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = threads;
        opts.chunk_rows = 2;
        let r = validate(input.as_bytes(), &opts, &mut out);
        assert!(
            matches!(r, Err(BulkError::Io(_))),
            "threads {threads}: {r:?}"
        );

        let reader = FailingRead {
            data: input.as_bytes(),
            left: 20_000,
        };
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = threads;
        opts.chunk_rows = 2;
        let r = validate(reader, &opts, &mut Outputs::default());
        assert!(
            matches!(r, Err(BulkError::Io(_))),
            "threads {threads}: {r:?}"
        );
    }
}

struct Panics;
impl HouseholdStage for Panics {
    fn name(&self) -> &str {
        "panics"
    }
    fn run(&self, h: &Household, _: &[crate::problem::Problem], _: NaiveDate) -> StageOutput {
        assert!(h.id != "RT-5", "a stage that fails on RT-5");
        StageOutput::default()
    }
}

/// A panic on a worker (here a caller's stage) ends the run with an error,
/// not a hang; any thread count, even an absurd one, is served.
#[test]
fn a_panicking_worker_is_an_error_and_threads_are_capped() {
    let mut input = format!("{HEADER}\n");
    for i in 0..300 {
        input.push_str(&family(&format!("RT-{i}")));
        input.push('\n');
    }
    let stage = Panics;
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = 2;
    opts.chunk_rows = 2;
    opts.stages.push(&stage);
    let r = validate(input.as_bytes(), &opts, &mut Outputs::default());
    assert!(matches!(r, Err(BulkError::Threads(_))), "{r:?}");

    let one = run_chunked(input.as_bytes(), Format::Csv, Mapping::reference(), 1, 2);
    let many = run_chunked(
        input.as_bytes(),
        Format::Csv,
        Mapping::reference(),
        100_000,
        2,
    );
    assert_eq!(one.summary, many.summary);
}

#[test]
fn the_summary_table_shows_region_names_whole() {
    // The name column is 42 wide: the longest province and regency names
    // of the embedded table must fit.
    let longest = crate::region::provinces()
        .flat_map(|p| std::iter::once(p).chain(p.children()))
        .map(|r| r.name().chars().count())
        .max()
        .unwrap();
    assert!(longest <= 42, "a region name of {longest} characters");
    // A Jakarta Pusat row: its regency name (31 characters) whole in the table.
    let input = format!("{HEADER}\n{}\n", family("R1"));
    let r = run_with(input.as_bytes(), Format::Csv, Mapping::reference(), 1);
    let table = r.summary.table();
    assert!(
        table.contains("Kota Administrasi Jakarta Pusat "),
        "{table}"
    );
}

/// Runs with a given (or detected) delimiter, on 1 and 2 threads; the two agree.
fn run_delimited(input: &str, delimiter: Option<Delimiter>) -> Run {
    let mut runs = [1, 2].map(|threads| {
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = threads;
        opts.chunk_rows = 2;
        opts.delimiter = delimiter;
        run_opts(input.as_bytes(), &opts)
    });
    let [one, two] = &mut runs;
    assert_eq!(codes(one), codes(two));
    assert_eq!(one.valid, two.valid);
    let [one, _] = runs;
    one
}

/// Problems as (row, field, code), for comparing runs on differently delimited files.
fn found(r: &Run) -> Vec<(Option<u64>, String, &'static str)> {
    r.problems
        .iter()
        .map(|p| (p.row, p.field.clone(), p.problem.code.as_str()))
        .collect()
}

/// The same data as `comma`, with `delim` between fields (no field holds a
/// comma or the delimiter, so a plain swap is the re-encoding).
fn redelimit(comma: &str, delim: char) -> String {
    comma.replace(',', &delim.to_string())
}

#[test]
fn semicolon_and_tab_files_are_detected_and_read_like_the_comma_file() {
    // Two households; the second has a NIK in the first's too (an error),
    // and an invalid birth date.
    let comma = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        family("R1"),
        row(
            "R2",
            "3171011001",
            "3171011503150008",
            "3171011708800001",
            "Joko",
            "1980-08-17",
            1,
            1
        ),
        row(
            "R3",
            "3171011001",
            "3171011503150009",
            "3171011708800003",
            "Eko",
            "1980-02-30",
            1,
            1
        ),
    );
    let want = run_delimited(&comma, None);
    assert!(!want.problems.is_empty());
    assert_eq!(want.summary.delimiter.as_deref(), Some(","));
    for d in [';', '\t', '|'] {
        let text = redelimit(&comma, d);
        let got = run_delimited(&text, None);
        assert_eq!(found(&got), found(&want), "delimiter {d:?}");
        assert_eq!(got.summary.rows_valid, want.summary.rows_valid);
        assert_eq!(got.summary.delimiter, Some(d.to_string()));
        // Rows go out in the input's own format: its delimiter.
        assert_eq!(
            String::from_utf8(got.valid).unwrap(),
            redelimit(&String::from_utf8(want.valid.clone()).unwrap(), d)
        );
        // Given, not detected: the same.
        let given = run_delimited(&text, Delimiter::parse(&d.to_string()));
        assert_eq!(found(&given), found(&want));
        // Said to be commas: no column is found, and none is guessed.
        let wrong = run_delimited(&text, Some(Delimiter::COMMA));
        assert_eq!(codes(&wrong)[0], (None, "HEADER_MISSING"));
        assert_eq!(wrong.summary.rows_valid, 0);
    }
    let table = run_delimited(&redelimit(&comma, ';'), None).summary.table();
    assert!(table.contains("csv delimited by \";\""), "{table}");
}

#[test]
fn a_quoted_field_may_hold_the_delimiter_and_commas() {
    let text = format!(
        "{}\n{}\n",
        redelimit(HEADER, ';'),
        redelimit(
            &row(
                "R1",
                "3171011001",
                "3171011503150007",
                "3171011708800001",
                "NAME",
                "1980-08-17",
                1,
                1
            ),
            ';'
        )
        .replace("NAME", "\"Budi; S.Kom, M.T.\"")
    );
    let r = run_delimited(&text, None);
    assert_eq!(r.summary.delimiter.as_deref(), Some(";"));
    assert_eq!(r.summary.rows_read, 1);
    assert!(
        !r.problems
            .iter()
            .any(|p| p.problem.code == crate::problem::Code::RowColumnCount),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_file_without_a_header_stays_one_without_a_header() {
    // Data only, commas: no delimiter names a column, so commas stay.
    let text = format!("{}\n", family("R1"));
    let r = run_delimited(&text, None);
    assert_eq!(r.summary.delimiter.as_deref(), Some(","));
    assert_eq!(codes(&r)[0], (None, "HEADER_MISSING"));
    assert_eq!(r.summary.rows_read, 2);
}

#[test]
fn delimiters_that_cannot_be_are_refused() {
    for b in [b'"', b'\n', b'\r', b'a', b'7', 0xac, 0] {
        assert_eq!(Delimiter::new(b), None, "{b}");
    }
    for s in [
        ",",
        ";",
        "\t",
        "|",
        "tab",
        "TAB",
        "\\t",
        "semicolon",
        "comma",
        "pipe",
        ":",
    ] {
        assert!(Delimiter::parse(s).is_some(), "{s:?}");
    }
    for s in ["", ";;", "x", "\"", "é"] {
        assert_eq!(Delimiter::parse(s), None, "{s:?}");
    }
}

/// A run's JSON and CSV reports, summary and problems.
fn reports(input: &[u8], format: Format) -> (Vec<u8>, Vec<u8>, Summary, Vec<RowProblem>) {
    let mut json = Vec::new();
    let mut csv_out = Vec::new();
    let mut collect = Collect::default();
    let summary = {
        let mut j = JsonReport::new(&mut json);
        let mut c = CsvReport::new(&mut csv_out);
        let mut out = Outputs::default();
        out.sinks.push(&mut j);
        out.sinks.push(&mut c);
        out.sinks.push(&mut collect);
        validate(input, &Options::new(format, as_of()), &mut out).unwrap()
    };
    (json, csv_out, summary, collect.problems)
}

/// Reports (JSON, CSV, terminal table) and every problem's messages of a run.
fn all_report_text(input: &[u8], format: Format) -> String {
    let (json, csv_out, summary, problems) = reports(input, format);
    let mut text = String::from_utf8(json).unwrap() + &String::from_utf8(csv_out).unwrap();
    text += &summary.table();
    for p in &problems {
        text += &p.problem.message(crate::problem::Lang::Id);
        text += &p.problem.message(crate::problem::Lang::En);
        text += p.household.as_deref().unwrap_or("");
    }
    assert!(!problems.is_empty());
    text
}

fn assert_no_identity_run(text: &str) {
    for w in text.as_bytes().windows(16) {
        assert!(
            !w.iter().all(u8::is_ascii_digit),
            "a 16-digit run in a report: {}",
            String::from_utf8_lossy(w)
        );
    }
}

#[test]
fn numbers_in_the_wrong_columns_or_in_ids_are_masked() {
    // The header names rt, rw before no_kk, nik while the data has them
    // after: every row's KK and NIK land in rt and rw. The household id
    // holds a KK number after a prefix.
    let header = HEADER.replace("rt,rw,no_kk,nik", "no_kk,nik,rt,rw");
    let body = family("KK-3171011503150007");
    let text = all_report_text(format!("{header}\n{body}\n").as_bytes(), Format::Csv);
    assert_no_identity_run(&text);
    assert!(text.contains("KK-3171••••••••0007"), "{text}");
    // desil and kode_desa holding a NIK.
    let body = family("R1")
        .replace(",3171011001,", ",3171011708800001,")
        .replace(",2,1\n", ",3171011708800001,1\n");
    assert_no_identity_run(&all_report_text(
        format!("{HEADER}\n{body}\n").as_bytes(),
        Format::Csv,
    ));
    // JSON Lines: the same in address.rt, the village code, desil and the id.
    let line = r#"{"id":"RT3171011503150007","address":{"village_code":"3171011708800001","rt":"3171011708800002"},"desil":3171011708800003,"families":[{"kk":"3171011503150007","members":[{"nik":"3171011708800001","name":"Budi","birth_date":"1980-08-17","sex":"male","relationship":"head"}]}]}"#;
    let text = all_report_text(format!("{line}\n").as_bytes(), Format::Jsonl);
    assert_no_identity_run(&text);
    for code in [
        "VILLAGE_CODE_INVALID",
        "VALUE_INVALID",
        "VALUE_OUT_OF_RANGE",
    ] {
        assert!(text.contains(code), "{code}: {text}");
    }
}

#[test]
fn a_byte_order_mark_opening_a_json_lines_file_is_not_data() {
    let line = jsonl_household("A", "3171011708800001");
    let plain = run_with(
        format!("{line}\n").as_bytes(),
        Format::Jsonl,
        Mapping::reference(),
        1,
    );
    let with_bom = format!("\u{feff}{line}\n");
    for threads in [1, 2] {
        let r = run_with(
            with_bom.as_bytes(),
            Format::Jsonl,
            Mapping::reference(),
            threads,
        );
        assert_eq!(codes(&r), codes(&plain));
        assert_eq!(r.summary.rows_valid, plain.summary.rows_valid);
        // Hashed as read, mark and all.
        assert_ne!(r.summary.input_sha256, plain.summary.input_sha256);
        assert_eq!(r.summary.input_bytes, plain.summary.input_bytes + 3);
    }
    // Only at the start of the file.
    let r = run_with(
        format!("{line}\n\u{feff}{line}\n").as_bytes(),
        Format::Jsonl,
        Mapping::reference(),
        1,
    );
    assert!(
        codes(&r).contains(&(Some(2), "JSON_INVALID")),
        "{:?}",
        codes(&r)
    );
}

/// No false cascades, repeated headers, files not grouped by household (issue 12).
mod arrival;
mod cascade;
mod fields;
#[cfg(feature = "xlsx")]
mod workbook;

#[test]
fn identity_numbers_from_a_float_column_are_judged_by_what_a_float_can_hold() {
    // Sri's NIK as if she were registered in Kota Jayapura (91.71.03): above
    // 2^53, so a float64 column cannot be trusted to hold its digits.
    let b = family("RT-1").replace("3171014503820002", "9171034503820004");
    let input = format!("{HEADER}\n{b}\n");
    // Read as text (a CSV file): the digits are what was typed (a NIK first
    // registered in Jayapura, living in Jakarta: the usual warning only).
    assert_eq!(
        codes(&run_csv(&input)),
        vec![(Some(2), "NIK_REGION_MISMATCH")]
    );
    // The same rows from a table whose NIK column was float64.
    let mut opts = Options::new(Format::Csv, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    opts.threads = 1;
    opts.float_columns = vec!["NIK".into()];
    let r = run_opts(input.as_bytes(), &opts);
    assert_eq!(
        codes(&r),
        vec![(None, "ID_COLUMN_FLOAT"), (Some(2), "NIK_FLOAT_PRECISION")]
    );
    // Budi's NIK (31…, below 2^53) is exact in a float: his row stays valid.
    assert_eq!((r.summary.rows_valid, r.summary.rows_invalid), (1, 1));
    let msg = r.problems[1].problem.message(crate::problem::Lang::Id);
    assert!(
        msg.contains("9171••••••••0004") && !msg.contains("9171034503820004"),
        "{msg}"
    );
    // A KK column held as float: every KK here is below 2^53, so only the
    // column's warning (and the NIK's region warning, as for text).
    opts.float_columns = vec!["no_kk".into()];
    let r = run_opts(input.as_bytes(), &opts);
    assert_eq!(
        codes(&r),
        vec![(None, "ID_COLUMN_FLOAT"), (Some(2), "NIK_REGION_MISMATCH")]
    );
}
