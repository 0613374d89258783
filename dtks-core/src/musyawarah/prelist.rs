//! The prelist akhir: what a valid session sends on to verification, with a
//! content hash that later steps cite.

use super::session::{EntrySource, Outcome, Session};
use super::validate::{validate, QuorumRule};
use crate::digest::sha256_hex;
use crate::problem::{Problem, Severity};
use crate::region;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The tag of the canonical serialization the hash covers. A change of the
/// canonical form gets a new tag, so old hashes keep their meaning.
pub const PRELIST_FORMAT: &str = "dtks-prelist-akhir/2";

/// The prelist akhir (daftar usulan akhir): the households a valid session
/// found eligible, attached to its Berita Acara and sent to verification
/// (docs/domain/process.md §1.1 steps 3–4).
///
/// `entries` are ordered by household id (byte order), whatever the order of
/// the session's agenda and decisions. `hash` is the SHA-256 (lowercase hex)
/// of a canonical serialization of the session's **outcome** and the signed
/// **Berita Acara** that makes it authoritative: format tag, village code
/// (10 digits), session date, Berita Acara number, date and signatories
/// (SHA-256 of the name, whitespace collapsed, and role; sorted), and **every** decision
/// (eligible or not, with its source and trimmed reason), sorted by
/// household id. So the hash changes whenever any decision or signature
/// changes (a signatory removed after a batch cited the hash is caught) and
/// never when only the input order changes. Participants and place are not
/// covered: they do not change the list. The answer carries everything that
/// was hashed (`berita_acara_date`, `signatories`, `decisions`), so a host
/// can show it and check the hash again: the hashed text is the compact JSON
/// of `{berita_acara_date, berita_acara_number, decisions, format,
/// session_date, signatories, village_code}` with the keys sorted at every
/// level (`decisions`: `{household_id, outcome, reason, source}`;
/// `signatories`: `{name_sha256, role}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrelistAkhir {
    /// [`PRELIST_FORMAT`].
    pub format: String,
    /// The village, 10 digits.
    pub village_code: String,
    /// The session's date.
    pub session_date: NaiveDate,
    /// The Berita Acara's number.
    pub berita_acara_number: String,
    /// The Berita Acara's date.
    pub berita_acara_date: Option<NaiveDate>,
    /// Who signed the Berita Acara (as hashed: role, then name; sorted).
    pub signatories: Vec<HashedSignatory>,
    /// Every decision, as hashed (sorted by household id).
    pub decisions: Vec<HashedDecision>,
    /// The eligible households, by household id.
    pub entries: Vec<PrelistEntry>,
    /// SHA-256 of the canonical serialization, lowercase hex.
    pub hash: String,
}

/// One household on the prelist akhir.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrelistEntry {
    /// The household id.
    pub household_id: String,
    /// Prelist awal or new proposal.
    pub source: EntrySource,
}

impl PrelistAkhir {
    /// Whether a household is on the list.
    pub fn contains(&self, household_id: &str) -> bool {
        let id = household_id.trim();
        self.entries.iter().any(|e| e.household_id == id)
    }
}

/// A signature as the hash covers it. The name is personal data, so the
/// hash covers (and the answer carries) the SHA-256 of the name, not the
/// name: a host re-checks it from the session it holds, and the answer it
/// stores shows no name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashedSignatory {
    /// SHA-256 (lowercase hex) of the name, trimmed, inner whitespace collapsed.
    pub name_sha256: String,
    /// The role, as in the session (`kepala_desa`, `village_official`, …).
    pub role: String,
}

/// A decision as the hash covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashedDecision {
    /// The household id (trimmed).
    pub household_id: String,
    /// `prelist_awal` or `new_proposal` (empty when not on the agenda).
    pub source: String,
    /// `eligible`, `not_eligible` or `deferred`.
    pub outcome: String,
    /// The reason, trimmed ("" when none).
    pub reason: String,
}

/// Keys in byte order at every level (from `dtks-prelist-akhir/2`), so a
/// host re-checks the hash with any JSON encoder that sorts keys.
#[derive(Serialize)]
struct Canonical<'a> {
    berita_acara_date: String,
    berita_acara_number: &'a str,
    decisions: Vec<CanonicalDecision<'a>>,
    format: &'static str,
    session_date: String,
    signatories: &'a [HashedSignatory],
    village_code: &'a str,
}

#[derive(Serialize)]
struct CanonicalDecision<'a> {
    household_id: &'a str,
    outcome: &'a str,
    reason: &'a str,
    source: &'a str,
}

/// Validates the session and, when it has no error, builds its prelist akhir.
///
/// `Err` carries every problem (errors and warnings) when at least one is
/// an error; warnings alone do not stop the list.
///
/// ```
/// use dtks_core::musyawarah::{prelist_akhir, QuorumRule, Session};
/// let s: Session = serde_json::from_str(r#"{
///   "kind": "muskel", "village_code": "3171011001", "date": "2024-03-05", "place": "Aula",
///   "agenda": [{"household_id": "RT-2", "source": "new_proposal"},
///              {"household_id": "RT-1", "source": "prelist_awal"}],
///   "decisions": [{"household_id": "RT-1", "outcome": "eligible"},
///                 {"household_id": "RT-2", "outcome": "deferred", "reason": "data KK belum lengkap"}],
///   "berita_acara": {"number": "1/2024", "date": "2024-03-05",
///                    "signatories": [{"name": "R. Hidayat", "role": "lurah"},
///                                    {"name": "S. Lestari", "role": "village_official"}]}
/// }"#).unwrap();
/// let list = prelist_akhir(&s, &QuorumRule::default()).unwrap();
/// assert!(list.contains("RT-1") && !list.contains("RT-2"));
/// assert_eq!(list.hash.len(), 64);
/// ```
pub fn prelist_akhir(session: &Session, quorum: &QuorumRule) -> Result<PrelistAkhir, Vec<Problem>> {
    let problems = validate(session, quorum);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(problems);
    }
    Ok(build(session))
}

/// The check of a session, as every face hands it over (`dtks musyawarah
/// check --json`, C's `dtks_musyawarah_check_json`): the verdict on every
/// problem under the quorum rule and, when there is no error, the prelist
/// akhir with its hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionAnswer {
    /// `valid`, `errors`, `warnings`, `problems`.
    #[serde(flatten)]
    pub verdict: crate::answer::Verdict,
    /// The prelist akhir, when the session has no error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prelist_akhir: Option<PrelistAkhir>,
}

/// Checks a session under a quorum rule: one validation, the verdict and,
/// when valid, the prelist akhir.
///
/// ```
/// use dtks_core::musyawarah::{check_answer, QuorumRule, Session};
/// let s: Session = serde_json::from_str(r#"{"kind": "musdes", "village_code": "3201012001",
///   "date": "2024-03-01", "place": "Balai Desa", "participants": [], "agenda": [],
///   "decisions": []}"#).unwrap();
/// let a = check_answer(&s, &QuorumRule::default());
/// assert!(!a.verdict.valid && a.prelist_akhir.is_none());
/// assert_eq!(a.verdict.errors, a.verdict.problems.iter().filter(|p| p.is_error()).count());
/// ```
pub fn check_answer(session: &Session, quorum: &QuorumRule) -> SessionAnswer {
    let verdict = crate::answer::Verdict::of(validate(session, quorum));
    let prelist_akhir = verdict.valid.then(|| build(session));
    SessionAnswer {
        verdict,
        prelist_akhir,
    }
}

/// Builds the list of a session assumed valid (ids unique, every entry decided).
fn build(session: &Session) -> PrelistAkhir {
    let village_code = region::village(session.village_code.trim())
        .map(|r| r.code_digits())
        .unwrap_or_else(|| session.village_code.trim().replace('.', ""));
    let (ba_number, ba_date) = session
        .berita_acara
        .as_ref()
        .map(|b| (b.number.trim(), b.date.to_string()))
        .unwrap_or(("", String::new()));
    let source_of = |id: &str| {
        session
            .agenda
            .iter()
            .find(|e| e.household_id.trim() == id)
            .map(|e| e.source)
    };
    let mut decisions: Vec<CanonicalDecision<'_>> = session
        .decisions
        .iter()
        .map(|d| {
            let id = d.household_id.trim();
            CanonicalDecision {
                household_id: id,
                source: source_of(id).map_or("", EntrySource::as_str),
                outcome: d.outcome.as_str(),
                reason: d.reason.as_deref().map_or("", str::trim),
            }
        })
        .collect();
    decisions.sort_by(|a, b| {
        (a.household_id, a.outcome, a.reason, a.source).cmp(&(
            b.household_id,
            b.outcome,
            b.reason,
            b.source,
        ))
    });
    let entries = decisions
        .iter()
        .filter(|d| d.outcome == Outcome::Eligible.as_str())
        .filter_map(|d| {
            Some(PrelistEntry {
                household_id: d.household_id.to_owned(),
                source: source_of(d.household_id)?,
            })
        })
        .collect();
    let mut signatories: Vec<HashedSignatory> = session
        .berita_acara
        .iter()
        .flat_map(|b| &b.signatories)
        .map(|s| HashedSignatory {
            name_sha256: sha256_hex(
                s.name
                    .expose()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_bytes(),
            ),
            role: s.role.as_str().to_owned(),
        })
        .collect();
    signatories.sort();
    let hashed: Vec<HashedDecision> = decisions
        .iter()
        .map(|d| HashedDecision {
            household_id: d.household_id.to_owned(),
            source: d.source.to_owned(),
            outcome: d.outcome.to_owned(),
            reason: d.reason.to_owned(),
        })
        .collect();
    let canonical = Canonical {
        format: PRELIST_FORMAT,
        village_code: &village_code,
        session_date: session.date.to_string(),
        berita_acara_number: ba_number,
        berita_acara_date: ba_date,
        signatories: &signatories,
        decisions,
    };
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    PrelistAkhir {
        format: PRELIST_FORMAT.to_owned(),
        village_code: village_code.clone(),
        session_date: session.date,
        berita_acara_number: ba_number.to_owned(),
        berita_acara_date: session.berita_acara.as_ref().map(|b| b.date),
        signatories,
        decisions: hashed,
        entries,
        hash: sha256_hex(&bytes),
    }
}
