//! The words an operator reads for the machine values of the process
//! vocabulary (statuses, moves, reasons, roles, outcomes), in each language.
//!
//! A problem's context keeps the machine value (`under_verification`), which
//! is what a host compares; its message shows the word (`dalam verifikasi`,
//! `under verification`). A template asks for the word with a typed
//! placeholder: `{got:status}`. A value the table does not know is shown as
//! it is, so a template never loses a value.

use super::Lang;

/// The machine names a face accepts, as one phrase of `lang`: `a, b atau c`
/// / `a, b or c` (each name as it is typed; one name alone; nothing for none).
/// Every face says what it expected with this, from the core's own list of
/// names, so the list in a message cannot drift from the names accepted.
///
/// ```
/// use dtks_core::problem::{one_of, Lang};
/// assert_eq!(one_of(&["csv", "jsonl"], Lang::Id), "csv atau jsonl");
/// assert_eq!(one_of(&["a", "b", "c"], Lang::En), "a, b or c");
/// assert_eq!(one_of(&["save"], Lang::En), "save");
/// ```
pub fn one_of(names: &[&str], lang: Lang) -> String {
    let or = match lang {
        Lang::En => " or ",
        _ => " atau ",
    };
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{}{or}{last}", rest.join(", ")),
    }
}

/// The word for `value` of the vocabulary `kind` in `lang`, if the table has one.
///
/// ```
/// use dtks_core::problem::{word, Lang};
/// assert_eq!(word("status", "under_verification", Lang::Id), Some("dalam verifikasi"));
/// assert_eq!(word("outcome", "not_eligible", Lang::Id), Some("tidak layak"));
/// assert_eq!(word("status", "no_such_status", Lang::Id), None);
/// ```
pub fn word(kind: &str, value: &str, lang: Lang) -> Option<&'static str> {
    let table: &[(&str, &str, &str)] = match kind {
        "status" => STATUS,
        "move" => MOVE,
        "reason" => REASON,
        "trail_break" => TRAIL_BREAK,
        "outcome" => OUTCOME,
        "role" => ROLE,
        "session_kind" => SESSION_KIND,
        "village_kind" => VILLAGE_KIND,
        "sex" => SEX,
        "statement_hint" => STATEMENT_HINT,
        "entry_source" => ENTRY_SOURCE,
        "severity" => SEVERITY,
        "expected" => EXPECTED,
        "relation" => RELATION,
        _ => return None,
    };
    table
        .iter()
        .find(|(v, _, _)| *v == value)
        .map(|(_, id, en)| if lang == Lang::En { *en } else { *id })
}

/// Every vocabulary kind a template may name (`{key:kind}`).
pub const KINDS: &[&str] = &[
    "status",
    "move",
    "reason",
    "trail_break",
    "outcome",
    "role",
    "session_kind",
    "village_kind",
    "sex",
    "statement_hint",
    "entry_source",
    "severity",
    "expected",
    "relation",
];

// What a field takes, as the readers say it in English (the context keeps
// this text; the message shows it through `{expected:expected}`). Every
// literal a reader passes is listed; a test reads the sources to hold that.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("1–3 digits", "1–3 angka", "1–3 digits"),
    ("1–10", "1–10", "1–10"),
    ("0 or 1", "0 atau 1", "0 or 1"),
    (
        "1 (male) or 2 (female)",
        "1 (laki-laki) atau 2 (perempuan)",
        "1 (male) or 2 (female)",
    ),
    ("a number of m²", "angka dalam m²", "a number of m²"),
    (
        "a number of m², decimal comma",
        "angka dalam m² dengan koma desimal",
        "a number of m², decimal comma",
    ),
    (
        "a whole number of rupiah",
        "bilangan bulat rupiah",
        "a whole number of rupiah",
    ),
    (
        "a whole number ≥ 0",
        "bilangan bulat ≥ 0",
        "a whole number ≥ 0",
    ),
    ("a number", "angka", "a number"),
    ("a date", "tanggal", "a date"),
    (
        "a date YYYY-MM-DD",
        "tanggal YYYY-MM-DD",
        "a date YYYY-MM-DD",
    ),
    ("true or false", "true atau false", "true or false"),
    ("non-empty text", "teks yang tidak kosong", "non-empty text"),
    ("{id, en} text", "teks {id, en}", "{id, en} text"),
    ("a list", "daftar", "a list"),
    (
        "a non-empty list",
        "daftar yang tidak kosong",
        "a non-empty list",
    ),
    (
        "a list of citations",
        "daftar rujukan",
        "a list of citations",
    ),
    (
        "a list of criteria",
        "daftar kriteria",
        "a list of criteria",
    ),
    ("an object (table)", "objek (tabel)", "an object (table)"),
    (
        "an object with min and/or max",
        "objek dengan min dan/atau max",
        "an object with min and/or max",
    ),
    (
        "an object with exactly one condition name as key",
        "objek dengan tepat satu nama syarat sebagai kunci",
        "an object with exactly one condition name as key",
    ),
    (
        "a table of weights by value name",
        "tabel bobot menurut nama nilai",
        "a table of weights by value name",
    ),
    (
        "{weight, min_age, max_age}",
        "{weight, min_age, max_age}",
        "{weight, min_age, max_age}",
    ),
    (
        "{sufficient, met_at_least}",
        "{sufficient, met_at_least}",
        "{sufficient, met_at_least}",
    ),
    (
        "programme, criteria or pmt",
        "programme, criteria atau pmt",
        "programme, criteria or pmt",
    ),
    (
        "member, family or household",
        "member, family atau household",
        "member, family or household",
    ),
    (
        "month, quarter, semester or year",
        "month, quarter, semester atau year",
        "month, quarter, semester or year",
    ),
    ("min ≤ max", "min ≤ max", "min ≤ max"),
    (
        "at least one region-code prefix",
        "sekurang-kurangnya satu awalan kode wilayah",
        "at least one region-code prefix",
    ),
    (
        "an export code (0–255)",
        "kode ekspor (0–255)",
        "an export code (0–255)",
    ),
    ("a desil 1–10", "desil 1–10", "a desil 1–10"),
    ("a test", "sebuah uji", "a test"),
    (
        "at least one citation",
        "sekurang-kurangnya satu rujukan",
        "at least one citation",
    ),
    (
        "a component id not used before",
        "id komponen yang belum dipakai",
        "a component id not used before",
    ),
    (
        "the name of a group used by a component",
        "nama kelompok yang dipakai oleh sebuah komponen",
        "the name of a group used by a component",
    ),
    (
        "the id of a component of this programme",
        "id komponen program ini",
        "the id of a component of this programme",
    ),
    (
        "\"male\" or \"female\"",
        "\"male\" atau \"female\"",
        "\"male\" or \"female\"",
    ),
    (
        "a region-code prefix of 1–10 digits (dots allowed)",
        "awalan kode wilayah 1–10 angka (titik boleh)",
        "a region-code prefix of 1–10 digits (dots allowed)",
    ),
    (
        "the id of a criterion of this set",
        "id kriteria dalam set ini",
        "the id of a criterion of this set",
    ),
    (
        "one of field, floor_area_per_person_below, income_below, not_in_data",
        "salah satu dari field, floor_area_per_person_below, income_below, not_in_data",
        "one of field, floor_area_per_person_below, income_below, not_in_data",
    ),
    (
        "reference > 0 and 0 < min ≤ max",
        "reference > 0 dan 0 < min ≤ max",
        "reference > 0 and 0 < min ≤ max",
    ),
    (
        "{weight, reference, min, max}",
        "{weight, reference, min, max}",
        "{weight, reference, min, max}",
    ),
];

// A member of the family named by their relationship to its head.
const RELATION: &[(&str, &str, &str)] = &[
    ("head", "kepala keluarga", "the head"),
    ("spouse", "pasangan kepala keluarga", "the head's spouse"),
];

const ENTRY_SOURCE: &[(&str, &str, &str)] = &[
    (
        "prelist_awal",
        "prelist awal",
        "prelist awal (existing list)",
    ),
    ("new_proposal", "usulan baru", "new proposal"),
];

const SEVERITY: &[(&str, &str, &str)] = &[
    ("error", "kesalahan", "error"),
    ("warning", "peringatan", "warning"),
];

// (machine value, Indonesian, English). The Indonesian words follow the
// SIKS-NG screens where the source texts name them ("Simpan", "Finalisasi
// Usulan", "verifikasi dan validasi"); docs/process.md lists them.
const STATUS: &[(&str, &str, &str)] = &[
    ("draft", "draf", "draft"),
    ("saved", "tersimpan", "saved"),
    ("finalised", "sudah difinalisasi", "finalised"),
    (
        "under_verification",
        "dalam verifikasi",
        "under verification",
    ),
    ("verified", "terverifikasi", "verified"),
    ("rejected", "ditolak", "rejected"),
    ("deactivated", "dinonaktifkan", "deactivated"),
];

// The move as a verb: "tidak dapat {event:move} usulan …" / "cannot {event:move} a proposal …".
const MOVE: &[(&str, &str, &str)] = &[
    ("save", "menyimpan", "save"),
    ("finalise", "memfinalisasi", "finalise"),
    (
        "start_verification",
        "memulai verifikasi",
        "start verifying",
    ),
    ("verify", "memverifikasi", "verify"),
    ("reject", "menolak", "reject"),
    ("deactivate", "menonaktifkan", "deactivate"),
];

const REASON: &[(&str, &str, &str)] = &[
    (
        "identity_not_matched",
        "NIK tidak padan dengan data Dukcapil",
        "NIK not matched by Dukcapil",
    ),
    (
        "not_eligible_at_visit",
        "tidak layak menurut kunjungan rumah",
        "not eligible at the household visit",
    ),
    ("duplicate", "data ganda", "duplicate"),
    ("died", "meninggal dunia", "died"),
    ("moved_away", "pindah domisili", "moved away"),
    ("graduated", "graduasi (sudah mampu)", "graduated"),
    ("other", "alasan lain", "other reason"),
];

const TRAIL_BREAK: &[(&str, &str, &str)] = &[
    (
        "index_mismatch",
        "nomor urut entri tidak sesuai posisinya (entri sebelumnya dihapus atau dipindah)",
        "the entry's number is not its position (an earlier entry was removed or moved)",
    ),
    (
        "prev_hash_mismatch",
        "entri tidak tersambung dengan entri sebelumnya (entri dihapus atau diubah urutannya)",
        "the entry does not link to the previous one (entries removed or reordered)",
    ),
    (
        "hash_mismatch",
        "isi entri tidak sesuai hash-nya (entri diubah)",
        "the entry's content does not match its hash (the entry was edited)",
    ),
    (
        "status_mismatch",
        "status entri tidak sesuai urutan perubahan sebelumnya",
        "the entry's status does not follow from the earlier moves",
    ),
    (
        "time_backwards",
        "waktu entri lebih awal dari entri sebelumnya",
        "the entry is dated before the previous one",
    ),
    (
        "truncated",
        "jejak berakhir sebelum kepala yang disimpan (entri terakhir dihapus)",
        "the trail ends before the kept head (entries removed at the end)",
    ),
    (
        "finalise_unchecked",
        "entri finalisasi tanpa catatan pemeriksaan finalisasi batch",
        "a finalisation entry without the record of the batch finalisation's checks",
    ),
    (
        "unsealed",
        "entri tidak bersegel padahal kunci diberikan",
        "the entry carries no seal although a key was given",
    ),
    (
        "seal_mismatch",
        "segel entri bukan segel dari kunci ini (ditulis tanpa kunci)",
        "the entry's seal is not this key's (written without the key)",
    ),
];

const OUTCOME: &[(&str, &str, &str)] = &[
    ("eligible", "layak", "eligible"),
    ("not_eligible", "tidak layak", "not eligible"),
    ("deferred", "ditunda", "deferred"),
];

const ROLE: &[(&str, &str, &str)] = &[
    ("kepala_desa", "Kepala Desa", "village head (Kepala Desa)"),
    ("lurah", "Lurah", "village head (Lurah)"),
    (
        "village_official",
        "perangkat desa/kelurahan",
        "village official",
    ),
    ("bpd", "BPD", "village council (BPD)"),
    ("lpm", "LPM", "community empowerment council (LPM)"),
    ("rt_rw_head", "Ketua RT/RW", "RT/RW head"),
    ("community_figure", "tokoh masyarakat", "community figure"),
    ("religious_figure", "tokoh agama", "religious figure"),
    (
        "social_facilitator",
        "pendamping sosial",
        "social facilitator",
    ),
    (
        "security_officer",
        "Babinsa/Bhabinkamtibmas",
        "security officer",
    ),
    ("social_office", "dinas sosial", "social office"),
    ("district_official", "aparat kecamatan", "district official"),
    ("other", "peserta lain", "other participant"),
];

const SESSION_KIND: &[(&str, &str, &str)] = &[
    (
        "musdes",
        "Musyawarah Desa",
        "Musyawarah Desa (village deliberation)",
    ),
    (
        "muskel",
        "Musyawarah Kelurahan",
        "Musyawarah Kelurahan (urban village deliberation)",
    ),
];

const VILLAGE_KIND: &[(&str, &str, &str)] = &[
    ("kelurahan", "kelurahan", "kelurahan (urban village)"),
    ("desa", "desa", "desa (rural village)"),
    ("desa adat", "desa adat", "desa adat (customary village)"),
];

const SEX: &[(&str, &str, &str)] = &[
    ("male", "laki-laki", "male"),
    ("female", "perempuan", "female"),
];

const STATEMENT_HINT: &[(&str, &str, &str)] = &[
    ("empty", "pernyataan kosong", "nothing was typed"),
    (
        "letter_case",
        "huruf besar/kecilnya berbeda",
        "the letter case differs",
    ),
    ("text", "kata-katanya berbeda", "the words differ"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_both_languages_and_differs_from_the_machine_value_in_indonesian() {
        for kind in KINDS {
            assert!(word(kind, "\u{0}", Lang::Id).is_none());
        }
        for (v, id, en) in STATUS.iter().chain(MOVE).chain(OUTCOME).chain(REASON) {
            assert!(!id.is_empty() && !en.is_empty());
            assert!(!id.contains('_') && !en.contains('_'), "{v}");
        }
    }

    /// The text a reader passes as `expected` at each call in the sources.
    fn expected_literals(src: &str, call: &str, arg: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = src;
        while let Some(at) = rest.find(call) {
            rest = &rest[at + call.len()..];
            // A definition (`fn invalid(`) is not a call.
            let (mut depth, mut args, mut cur, mut in_str) =
                (0usize, Vec::new(), String::new(), false);
            let mut escaped = false;
            for c in rest.chars() {
                if escaped {
                    escaped = false;
                    cur.push(c);
                    continue;
                }
                match c {
                    '\\' if in_str => {
                        escaped = true;
                        continue;
                    }
                    '"' => in_str = !in_str,
                    '(' | '[' | '{' if !in_str => depth += 1,
                    ')' | ']' | '}' if !in_str && depth == 0 => break,
                    ')' | ']' | '}' if !in_str => depth -= 1,
                    ',' if !in_str && depth == 0 => {
                        args.push(std::mem::take(&mut cur));
                        continue;
                    }
                    _ => {}
                }
                cur.push(c);
            }
            args.push(cur);
            if let Some(a) = args.get(arg).map(|a| a.trim()) {
                if let Some(lit) = a.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                    out.push(lit.to_owned());
                }
            }
        }
        out
    }

    #[test]
    fn every_expected_text_a_reader_passes_has_its_indonesian_words() {
        let rules = [
            include_str!("../rulefile/reader.rs"),
            include_str!("../rules/mod.rs"),
            include_str!("../rules/programme.rs"),
            include_str!("../rules/condition.rs"),
            include_str!("../criteria/mod.rs"),
            include_str!("../pmt/mod.rs"),
        ];
        let mut seen = Vec::new();
        for src in rules {
            seen.extend(expected_literals(src, ".invalid(", 1));
            seen.extend(expected_literals(src, ".required(", 3));
        }
        // The bulk field readers' texts: if they move, this must follow them.
        let before = seen.len();
        seen.extend(expected_literals(
            include_str!("../bulk/fields.rs"),
            " invalid(",
            2,
        ));
        assert!(
            seen.len() > before,
            "no invalid(…) text found in bulk/fields.rs"
        );
        seen.extend(expected_literals(
            include_str!("../bulk/fields.rs"),
            "(invalid(",
            2,
        ));
        assert!(seen.len() > 30, "{seen:?}");
        let missing: Vec<&String> = seen
            .iter()
            .filter(|lit| word("expected", lit, Lang::Id).is_none())
            .collect();
        assert!(missing.is_empty(), "no Indonesian for {missing:?}");
        for (v, id, en) in EXPECTED.iter().chain(RELATION) {
            assert!(!id.is_empty() && !en.is_empty(), "{v}");
            for w in ["or", "a", "an", "of", "the", "with", "number", "digits"] {
                assert!(!id.split_whitespace().any(|t| t == w), "{id}");
            }
        }
    }
}
