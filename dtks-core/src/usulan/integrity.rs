//! Integrity of a batch: its content hash, and every trail verified against
//! what the host keeps (its key, the heads it saw last).

use super::model::{Batch, Proposal};
use crate::digest::sha256_hex;
use crate::lifecycle::{Anchor, Move, TrailKey};
use crate::problem::{Code, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tag of the canonical serialization [`batch_hash`] covers.
pub const BATCH_FORMAT: &str = "dtks-batch/1";

#[derive(Serialize)]
struct CanonicalBatch<'a> {
    format: &'static str,
    id: &'a str,
    operator_village: &'a str,
    prelist_hash: Option<&'a str>,
    berita_acara_usulan: Option<&'a str>,
    proposals: Vec<CanonicalProposal<'a>>,
}

#[derive(Serialize)]
struct CanonicalProposal<'a> {
    id: &'a str,
    kk: &'a crate::household::IdField<crate::id::NoKk>,
    nik: &'a crate::household::IdField<crate::id::Nik>,
    household: &'a crate::household::Household,
    survey: &'a [super::model::SurveyAnswer],
    programmes: &'a [String],
}

impl<'a> From<&'a Proposal> for CanonicalProposal<'a> {
    fn from(p: &'a Proposal) -> Self {
        CanonicalProposal {
            id: &p.id,
            kk: &p.kk,
            nik: &p.nik,
            household: &p.household,
            survey: &p.survey,
            programmes: &p.programmes,
        }
    }
}

/// The batch's content hash: SHA-256 (lowercase hex) of the compact JSON of
/// `{format: "dtks-batch/1", id, operator_village, prelist_hash,
/// berita_acara_usulan, proposals: [{id, kk, nik, household, survey,
/// programmes}]}` in batch order — everything finalisation checks, without
/// the trails (which finalisation itself extends). The finalisation records
/// it in each `finalise` entry; [`verify_batch`] recomputes it, so a proposal
/// edited, added or removed after finalisation is caught
/// (`USULAN_CHANGED_AFTER_FINALISATION`).
pub fn batch_hash(batch: &Batch) -> String {
    let c = CanonicalBatch {
        format: BATCH_FORMAT,
        id: &batch.id,
        operator_village: &batch.operator_village,
        prelist_hash: batch.prelist_hash.as_deref(),
        berita_acara_usulan: batch.berita_acara_usulan.as_deref(),
        proposals: batch
            .proposals
            .iter()
            .map(CanonicalProposal::from)
            .collect(),
    };
    sha256_hex(&serde_json::to_vec(&c).unwrap_or_default())
}

/// What the host keeps to anchor a batch's trails: its key (optional) and
/// the last head it saw of each proposal, by proposal id (the
/// `dtks-heads/1` file of the command: [`Heads`]).
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// The host's key: every entry must be sealed with it.
    pub key: Option<TrailKey>,
    /// Proposal id → the head hash the host kept.
    pub heads: BTreeMap<String, String>,
}

impl Anchors {
    /// The anchor of one proposal's trail.
    pub fn for_proposal(&self, id: &str) -> Anchor<'_> {
        Anchor {
            key: self.key.as_ref(),
            head: self.heads.get(id.trim()).map(String::as_str),
        }
    }
}

/// The heads a host keeps for a batch, as the command reads and writes them:
/// `{"format": "dtks-heads/1", "batch": <batch id>, "heads": {<proposal id>: <hash>}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heads {
    /// The file's format tag, [`HEADS_FORMAT`] (any other is refused when read).
    pub format: HeadsFormat,
    /// The batch's id.
    pub batch: String,
    /// Proposal id → the last hash of its trail.
    pub heads: BTreeMap<String, String>,
}

/// The tag of a heads file.
pub const HEADS_FORMAT: &str = "dtks-heads/1";

/// The format tags of a heads file this library reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum HeadsFormat {
    /// `dtks-heads/1` ([`HEADS_FORMAT`]).
    #[default]
    #[serde(rename = "dtks-heads/1")]
    V1,
}

impl Heads {
    /// A heads file as the host kept it (JSON text; `file` names it in the
    /// problem): one `DOCUMENT_INVALID` when it is not a `dtks-heads/1` file.
    ///
    /// ```
    /// use dtks_core::usulan::Heads;
    /// let h = Heads::parse(r#"{"format": "dtks-heads/1", "batch": "B-1", "heads": {"U-1": "ab"}}"#, "heads.json").unwrap();
    /// assert_eq!(h.heads["U-1"], "ab");
    /// let e = Heads::parse(r#"{"format": "dtks-heads/9", "batch": "B-1", "heads": {}}"#, "heads.json").unwrap_err();
    /// assert_eq!((e.code.as_str(), e.path.as_str()), ("DOCUMENT_INVALID", "format"));
    /// ```
    pub fn parse(text: &str, file: &str) -> Result<Heads, Problem> {
        crate::document::parse(text, file, crate::document::Document::Heads)
    }

    /// The heads of every proposal of the batch now (store them after each write).
    pub fn of(batch: &Batch) -> Heads {
        Heads {
            format: HeadsFormat::V1,
            batch: batch.id.clone(),
            heads: batch
                .proposals
                .iter()
                .map(|p| (p.id.trim().to_owned(), p.trail.head().to_owned()))
                .collect(),
        }
    }
}

/// Every integrity problem of a batch, checked before anything is answered
/// from its trails:
///
/// | check | code |
/// |---|---|
/// | each trail's chain, seals (with a key) and kept head (when kept) | `AUDIT_TRAIL_BROKEN` at `proposals[i].trail[k]` |
/// | every proposal with a kept head still in the batch | `AUDIT_TRAIL_MISSING` |
/// | a finalised batch's content is what its finalisation recorded | `USULAN_CHANGED_AFTER_FINALISATION` |
pub fn verify_batch(batch: &Batch, anchors: &Anchors) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    // One problem per recorded hash: a proposal removed after finalisation
    // changes the hash for every proposal, and is one fault.
    let mut reported: Vec<&str> = Vec::new();
    for (i, p) in batch.proposals.iter().enumerate() {
        let path = format!("proposals[{i}].trail");
        if let Err(e) = p.trail.verify_anchored(&anchors.for_proposal(&p.id)) {
            out.push(e.to_problem(&path));
            continue;
        }
        let recorded = p.trail.entries().iter().rev().find_map(|e| {
            (e.action == Move::Finalise)
                .then_some(e.checked.as_ref())
                .flatten()
                .map(|c| (e.index, c.batch_hash.as_str()))
        });
        if let Some((k, recorded)) = recorded {
            let actual = current.get_or_insert_with(|| batch_hash(batch));
            if !recorded.eq_ignore_ascii_case(actual) && !reported.contains(&recorded) {
                reported.push(recorded);
                out.push(
                    Problem::new(
                        Code::UsulanChangedAfterFinalisation,
                        format!("{path}[{k}].checked.batch_hash"),
                    )
                    .with("recorded", recorded)
                    .with("actual", actual.as_str()),
                );
            }
        }
    }
    for id in anchors.heads.keys() {
        if !batch.proposals.iter().any(|p| p.id.trim() == id) {
            out.push(Problem::new(Code::AuditTrailMissing, "proposals").with_input("proposal", id));
        }
    }
    out
}
