//! The words an operator reads for the machine values of the process
//! vocabulary (statuses, moves, reasons, roles, outcomes), in each language.
//!
//! A problem's context keeps the machine value (`under_verification`), which
//! is what a host compares; its message shows the word (`dalam verifikasi`,
//! `under verification`). A template asks for the word with a typed
//! placeholder: `{got:status}`. A value the table does not know is shown as
//! it is, so a template never loses a value.

use super::Lang;

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
}
