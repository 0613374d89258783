//! Files as they arrive (issue 12): UTF-16 (Excel's "Unicode Text"),
//! Windows-1252 (Excel's CSV on Windows), gzip, a zip workbook. Each test
//! asserts the exact problems and the accounting, which must be the same as
//! for the clean UTF-8 file the variant was made from.

use super::*;
use crate::bulk::arrival::utf16;
use std::io::Write;

/// Two families, the second with accented names (Windows-1252 has them all).
fn clean() -> String {
    let second = family("RT-2")
        .replace("3171011503150007", "3171011503150009")
        .replace("3171011708800001", "3171011708800003")
        .replace("3171014503820002", "3171014503820004")
        .replace("Budi Santoso", "José Ramírez")
        .replace("Sri Wahyuni", "Andrée Müller");
    format!("{HEADER}\n{}\n{second}\n", family("RT-1"))
}

fn cp1252(s: &str) -> Vec<u8> {
    let (b, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    assert!(!unmappable);
    b.into_owned()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn run_enc(input: &[u8], encoding: Encoding, threads: usize) -> Run {
    let mut opts = Options::new(Format::Csv, as_of());
    opts.threads = threads;
    opts.chunk_rows = 1;
    opts.encoding = encoding;
    run_opts(input, &opts)
}

fn tally(r: &Run) -> (u64, u64, u64, u64) {
    let s = &r.summary;
    (s.rows_read, s.rows_valid, s.rows_invalid, s.households)
}

#[test]
fn the_clean_file_is_four_valid_rows() {
    let r = run_enc(clean().as_bytes(), Encoding::Auto, 1);
    assert_eq!(tally(&r), (4, 4, 0, 2));
    assert!(r.problems.is_empty(), "{:?}", codes(&r));
    assert_eq!(
        (r.summary.encoding.as_str(), r.summary.encoding_by.as_str()),
        ("utf-8", "default")
    );
}

#[test]
fn utf16_is_read_as_its_text_whatever_its_byte_order_and_mark() {
    let text = clean();
    // Excel's "Unicode Text" is tab-separated: the delimiter is detected too.
    let tabbed = text.replace(',', "\t");
    for t in [&text, &tabbed] {
        for (le, bom) in [(true, true), (true, false), (false, true), (false, false)] {
            let bytes = utf16(t, le, bom);
            for threads in [1, 2] {
                let r = run_enc(&bytes, Encoding::Auto, threads);
                assert_eq!(tally(&r), (4, 4, 0, 2), "le={le} bom={bom}");
                assert!(r.problems.is_empty(), "{:?}", codes(&r));
                let s = &r.summary;
                assert_eq!(s.encoding, if le { "utf-16le" } else { "utf-16be" });
                assert_eq!(s.encoding_by, if bom { "bom" } else { "detected" });
                // The report names the file as handed over.
                assert_eq!(s.input_bytes, bytes.len() as u64);
                assert_eq!(s.input_sha256, sha(&bytes));
                // The valid rows come out as UTF-8 text.
                assert_eq!(String::from_utf8(r.valid.clone()).unwrap(), *t);
            }
        }
    }
}

#[test]
fn windows_1252_read_as_utf8_gives_one_hint_and_read_as_cp1252_is_clean() {
    let bytes = cp1252(&clean());
    // Read as UTF-8: the two accented rows are not UTF-8, each once, and the
    // file gets one warning naming the option; no FIELD_REQUIRED.
    let r = run_enc(&bytes, Encoding::Auto, 1);
    assert_eq!(tally(&r), (4, 2, 2, 2));
    assert_eq!(
        codes(&r),
        vec![
            (Some(3), "ROW_NOT_UTF8"),
            (Some(4), "ROW_NOT_UTF8"),
            (None, "FILE_NOT_UTF8")
        ]
    );
    let hint = r.problems.last().unwrap();
    assert_eq!(hint.problem.severity, Severity::Warning);
    let en = hint.problem.message(crate::problem::Lang::En);
    assert!(en.contains("2 records") && en.contains("row 3"), "{en}");
    assert!(en.contains("--encoding cp1252"), "{en}");
    // Read as cp1252: as clean as the UTF-8 file, hashed as handed over.
    let r = run_enc(&bytes, Encoding::Windows1252, 2);
    assert_eq!(tally(&r), (4, 4, 0, 2));
    assert!(r.problems.is_empty(), "{:?}", codes(&r));
    assert_eq!(r.summary.input_sha256, sha(&bytes));
    assert_eq!(
        (r.summary.encoding.as_str(), r.summary.encoding_by.as_str()),
        ("cp1252", "option")
    );
    assert!(String::from_utf8(r.valid).unwrap().contains("José Ramírez"));
}

#[test]
fn a_byte_order_mark_outweighs_the_encoding_asked() {
    // A UTF-8 file with its mark, read with --encoding cp1252: still UTF-8.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(clean().as_bytes());
    let r = run_enc(&bytes, Encoding::Windows1252, 1);
    assert_eq!(tally(&r), (4, 4, 0, 2));
    assert_eq!(r.summary.encoding_by, "bom");
    let r = run_enc(&utf16(&clean(), true, true), Encoding::Windows1252, 1);
    assert_eq!(tally(&r), (4, 4, 0, 2));
}

#[test]
fn gzip_is_unpacked_whatever_it_holds() {
    for inner in [clean().into_bytes(), utf16(&clean(), true, true)] {
        let gz = gzip(&inner);
        let r = run_enc(&gz, Encoding::Auto, 2);
        assert_eq!(tally(&r), (4, 4, 0, 2));
        assert!(r.problems.is_empty(), "{:?}", codes(&r));
        assert_eq!(r.summary.container.as_deref(), Some("gzip"));
        assert_eq!(r.summary.input_bytes, gz.len() as u64);
        assert_eq!(r.summary.input_sha256, sha(&gz));
    }
    // JSON Lines too.
    let gz = gzip(
        format!(
            "{}\n{}\n",
            jsonl_household("A", "3171011708800001"),
            jsonl_household("B", "3171011708800003")
        )
        .as_bytes(),
    );
    let mut opts = Options::new(Format::Jsonl, as_of());
    opts.threads = 1;
    let r = run_opts(&gz, &opts);
    assert_eq!((r.summary.rows_read, r.summary.rows_valid), (2, 2));
    assert_eq!(r.summary.container.as_deref(), Some("gzip"));
}

#[test]
fn a_damaged_gzip_file_is_an_io_error_not_records() {
    let mut gz = gzip(clean().as_bytes());
    let n = gz.len();
    gz.truncate(n / 2);
    let opts = Options::new(Format::Csv, as_of());
    let mut out = Outputs::default();
    let e = validate(&gz[..], &opts, &mut out).unwrap_err();
    assert!(e.to_string().contains("gzip"), "{e}");
}

#[test]
fn a_zip_workbook_is_one_file_problem_and_no_records() {
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00 not a real workbook but its magic".to_vec();
    for format in [Format::Csv, Format::Jsonl] {
        let mut opts = Options::new(format, as_of());
        opts.threads = 1;
        let r = run_opts(&xlsx, &opts);
        assert_eq!(tally(&r), (0, 0, 0, 0));
        assert_eq!(r.summary.input_bytes, xlsx.len() as u64);
        // With the xlsx feature a CSV run opens the workbook (this one is
        // damaged); JSON Lines never does.
        if cfg!(feature = "xlsx") && format == Format::Csv {
            assert_eq!(codes(&r), vec![(None, "WORKBOOK_UNREADABLE")]);
            continue;
        }
        assert_eq!(codes(&r), vec![(None, "FILE_CONTAINER_UNSUPPORTED")]);
        let id = r.problems[0].problem.message(crate::problem::Lang::Id);
        assert!(id.contains("(xlsx/zip)") && id.contains("CSV"), "{id}");
    }
}

#[test]
fn an_old_xls_workbook_is_refused_too() {
    let xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and sectors".to_vec();
    let r = run_enc(&xls, Encoding::Auto, 1);
    let code = if cfg!(feature = "xlsx") {
        "WORKBOOK_UNREADABLE"
    } else {
        "FILE_CONTAINER_UNSUPPORTED"
    };
    assert_eq!(codes(&r), vec![(None, code)]);
    assert_eq!(r.problems[0].problem.get("container"), Some("xls/OLE"));
}

#[test]
fn invalid_utf16_is_replaced_and_said_once() {
    let mut bytes = utf16(&clean(), true, true);
    // A lone low surrogate inside Sri's name (row 2).
    let at = {
        let needle = utf16("Sri", true, false);
        bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    bytes[at + 2] = 0x00;
    bytes[at + 3] = 0xDC;
    let r = run_enc(&bytes, Encoding::Auto, 1);
    assert_eq!(r.summary.rows_read, 4);
    assert_eq!(codes(&r).last(), Some(&(None, "FILE_ENCODING_REPLACED")));
}

proptest! {
    /// Whatever the bytes, with whatever encoding asked, the run ends with
    /// an answer or an I/O error (a damaged gzip stream), and accounts for
    /// every record it read.
    #[test]
    fn any_bytes_any_encoding_are_accounted(
        b in proptest::collection::vec(any::<u8>(), 0..400),
        e in 0usize..5,
        head in 0usize..4,
    ) {
        let heads: [&[u8]; 4] = [b"", b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b"];
        let mut input = heads[head].to_vec();
        input.extend(&b);
        let mut opts = Options::new(Format::Csv, as_of());
        opts.threads = 1;
        opts.encoding = [Encoding::Auto, Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1252][e];
        let mut out = Outputs::default();
        if let Ok(s) = validate(&input[..], &opts, &mut out) {
            prop_assert_eq!(s.rows_read, s.rows_valid + s.rows_invalid);
        }
    }
}
