//! Lifecycle moves on the proposals of a batch: the one operation the
//! command, the C ABI and the Python module call to save, start
//! verification, verify, reject or deactivate proposals.

use super::integrity::{verify_batch, Anchors, Heads};
use super::model::Batch;
use crate::lifecycle::{Event, Status};
use crate::problem::{Code, Problem};
use chrono::NaiveDateTime;
use serde::Serialize;

/// One move asked for: which proposals, which event, who, when, why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MoveRequest {
    /// The proposal ids (trimmed); empty means every proposal of the batch.
    pub proposals: Vec<String>,
    /// The move (finalisation is not one: [`super::finalise`]).
    pub event: Event,
    /// Who makes it (an operator or office account id, never a citizen's name).
    pub actor: String,
    /// When (given by the caller: the library reads no clock).
    pub at: NaiveDateTime,
    /// Why, in words (required when the reason is `other`).
    pub note: Option<String>,
}

impl MoveRequest {
    /// A request for `event` by `actor` at `at` on the given proposals (empty: all).
    pub fn new(
        proposals: Vec<String>,
        event: Event,
        actor: impl Into<String>,
        at: NaiveDateTime,
    ) -> MoveRequest {
        MoveRequest {
            proposals,
            event,
            actor: actor.into(),
            at,
            note: None,
        }
    }
}

/// One move made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveDone {
    /// Index in the batch.
    pub proposal_index: usize,
    /// The proposal's id.
    pub proposal_id: String,
    /// The status before.
    pub from: Status,
    /// The status after.
    pub to: Status,
    /// The trail's new head (keep it: [`Heads`]).
    pub head: String,
}

/// The answer of [`move_proposals`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MoveAnswer {
    /// Every move was made (all or nothing).
    pub moved: bool,
    /// Number of errors.
    pub errors: usize,
    /// Why nothing was moved (empty when moved).
    pub problems: Vec<Problem>,
    /// The moves made, in batch order (empty when refused).
    pub moves: Vec<MoveDone>,
    /// The batch's heads after the moves, for the host to keep (when moved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heads: Option<Heads>,
}

/// Makes one move on several proposals of a batch, all or nothing.
///
/// The batch is verified first ([`verify_batch`] with the host's key and
/// kept heads): a broken trail, a removed proposal or a batch changed after
/// finalisation refuses every move. Then each named proposal (every one
/// when none is named) must exist (`USULAN_PROPOSAL_UNKNOWN`), be unique
/// (`USULAN_ID_DUPLICATE`) and allow the move (`LIFECYCLE_ILLEGAL_MOVE`,
/// `LIFECYCLE_REASON_REQUIRED`, `LIFECYCLE_TIME_BACKWARDS`); the actor
/// must be named (`FIELD_REQUIRED`). On any error the batch is unchanged
/// and the answer lists every error; otherwise each trail gets its entry
/// (sealed with the key when one is held).
///
/// ```
/// use dtks_core::lifecycle::Event;
/// use dtks_core::usulan::{move_proposals, Anchors, Batch, MoveRequest};
/// let mut b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001",
///   "proposals": [{"id": "U-1", "kk": "3302011503150007", "nik": "3302011708800001",
///     "household": {"id": "R-1", "address": {"village_code": "3302012001"}, "families": []}, "survey": [], "programmes": []}]}"#).unwrap();
/// let at = chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let a = move_proposals(&mut b, &MoveRequest::new(vec![], Event::Save, "op-1", at), &Anchors::default());
/// assert!(a.moved);
/// assert_eq!(a.moves[0].to.as_str(), "saved");
/// let again = move_proposals(&mut b, &MoveRequest::new(vec!["U-1".into()], Event::Verify, "op-1", at), &Anchors::default());
/// assert_eq!(again.problems[0].code.as_str(), "LIFECYCLE_ILLEGAL_MOVE");
/// ```
pub fn move_proposals(batch: &mut Batch, req: &MoveRequest, anchors: &Anchors) -> MoveAnswer {
    let refuse = |problems: Vec<Problem>| MoveAnswer {
        moved: false,
        errors: problems.iter().filter(|p| p.is_error()).count(),
        problems,
        moves: Vec::new(),
        heads: None,
    };
    let broken = verify_batch(batch, anchors);
    if !broken.is_empty() {
        return refuse(broken);
    }
    let mut problems = Vec::new();
    if req.actor.trim().is_empty() {
        problems.push(Problem::new(Code::FieldRequired, "actor").with("field", "actor"));
    }
    // Which proposals, by index.
    let mut targets: Vec<usize> = Vec::new();
    if req.proposals.is_empty() {
        targets.extend(0..batch.proposals.len());
        if targets.is_empty() {
            problems.push(Problem::new(Code::UsulanBatchEmpty, "proposals"));
        }
    }
    for id in &req.proposals {
        let id = id.trim();
        let found: Vec<usize> = batch
            .proposals
            .iter()
            .enumerate()
            .filter(|(_, p)| p.id.trim() == id)
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [] => problems.push(
                Problem::new(Code::UsulanProposalUnknown, "proposals").with_input("proposal", id),
            ),
            [i] => {
                if !targets.contains(i) {
                    targets.push(*i);
                }
            }
            [first, rest @ ..] => {
                for i in rest {
                    problems.push(
                        Problem::new(Code::UsulanIdDuplicate, format!("proposals[{i}].id"))
                            .with_input("id", id)
                            .with("other", format!("proposals[{first}]")),
                    );
                }
            }
        }
    }
    targets.sort_unstable();
    let mut next = batch.clone();
    let mut moves = Vec::new();
    for &i in &targets {
        let Some(p) = next.proposals.get_mut(i) else {
            continue;
        };
        let from = p.trail.status();
        match p.trail.record_keyed(
            req.event,
            req.actor.trim(),
            req.at,
            req.note.as_deref(),
            anchors.key.as_ref(),
        ) {
            Ok(to) => moves.push(MoveDone {
                proposal_index: i,
                proposal_id: p.id.trim().to_owned(),
                from,
                to,
                head: p.trail.head().to_owned(),
            }),
            Err(e) => problems.push(e.to_problem(format!("proposals[{i}].trail"))),
        }
    }
    if problems.iter().any(Problem::is_error) {
        return refuse(problems);
    }
    *batch = next;
    MoveAnswer {
        moved: true,
        errors: 0,
        problems,
        moves,
        heads: Some(Heads::of(batch)),
    }
}
