//! Proposals and batches as SIKS-NG takes them (serde types).

use crate::household::{Household, IdField};
use crate::id::{Nik, NoKk};
use crate::lifecycle::AuditTrail;
use serde::{Deserialize, Serialize};

/// One proposal (usulan baru), following the SIKS-NG screens of the source
/// text: KK and NIK → individual data → criteria survey → programme proposal
/// with the KTP and front-of-house photos (docs/domain/process.md §2; the screen names
/// are unconfirmed UI details).
///
/// The family's data is a [`Household`]: its families carry the KK numbers
/// and the members' data, `household.address.village_code` is where it
/// lives, and `household.documents` holds the KTP photo and the house photo.
///
/// ```
/// use dtks_core::usulan::Proposal;
/// let p: Proposal = serde_json::from_str(r#"{
///   "id": "U-1", "kk": "3171011503150007", "nik": "3171011708800001",
///   "household": {"id": "RT-1", "address": {"village_code": "3171011001"},
///     "families": [{"kk": "3171011503150007", "members": [{"nik": "3171011708800001",
///       "name": "Budi", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"}]}]},
///   "survey": [{"question": "lantai", "answer": "tanah"}],
///   "programmes": ["pkh"]
/// }"#).unwrap();
/// assert_eq!(p.programmes, ["pkh"]);
/// assert!(!format!("{p:?}").contains("1708800"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Proposal id, unique in its batch.
    pub id: String,
    /// The KK number typed on the first screen.
    pub kk: IdField<NoKk>,
    /// The NIK typed on the first screen: the proposed person, a member of that family.
    pub nik: IdField<Nik>,
    /// The family's data (members, address, housing, documents).
    pub household: Household,
    /// The criteria-survey answers.
    #[serde(default)]
    pub survey: Vec<SurveyAnswer>,
    /// The programme ids proposed (`pkh`, `bpnt`, `pbi_jk`, … as the eligibility rules name them).
    #[serde(default)]
    pub programmes: Vec<String>,
    /// The status trail (empty: a draft).
    #[serde(default, skip_serializing_if = "AuditTrail::is_empty")]
    pub trail: AuditTrail,
}

/// One answer of the criteria survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswer {
    /// The question's id.
    pub question: String,
    /// The answer; absent, `null` or blank text means unanswered.
    #[serde(default)]
    pub answer: Option<Answer>,
}

/// A survey answer value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// Yes/no.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A code or text.
    Text(String),
}

impl Answer {
    /// True for blank text.
    pub fn is_blank(&self) -> bool {
        matches!(self, Answer::Text(t) if t.trim().is_empty())
    }
}

/// A batch of proposals of one operator's village, finalised together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// Batch id.
    pub id: String,
    /// The operator's village (Kemendagri code): every household must live there.
    pub operator_village: String,
    /// The hash of the prelist akhir of the musyawarah the batch comes from
    /// ([`crate::musyawarah::PrelistAkhir::hash`]), when it cites one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prelist_hash: Option<String>,
    /// Reference to the uploaded Berita Acara Usulan (file name, URL or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub berita_acara_usulan: Option<String>,
    /// The proposals.
    #[serde(default)]
    pub proposals: Vec<Proposal>,
}
