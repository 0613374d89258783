//! The append-only, hash-chained audit trail of one proposal.

use super::machine::{next, LifecycleError, Move, Status};
use crate::musyawarah::sha256_hex;
use crate::problem::{Code, Problem};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The tag of the canonical serialization each entry's hash covers.
pub const TRAIL_FORMAT: &str = "dtks-audit/1";

/// The `prev_hash` of the first entry: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One recorded move: who, when (a caller-given time; the core never reads
/// the clock), why, and the hash chain.
///
/// `hash` = SHA-256 (lowercase hex) of the canonical JSON of
/// `{format, index, prev_hash, from, to, action, actor, at, note}`, so it
/// covers the previous entry's hash and all of its own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Position in the trail, from 0.
    pub index: u64,
    /// Status before the move.
    pub from: Status,
    /// Status after the move.
    pub to: Status,
    /// The move, with its reason where it has one.
    pub action: Move,
    /// Who made it: an operator account or office id (not a person's name).
    pub actor: String,
    /// When, as given by the caller.
    pub at: NaiveDateTime,
    /// Free-text detail (required for a reason `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The previous entry's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

#[derive(Serialize)]
struct Canonical<'a> {
    format: &'static str,
    index: u64,
    prev_hash: &'a str,
    from: Status,
    to: Status,
    action: Move,
    actor: &'a str,
    at: String,
    note: Option<&'a str>,
}

impl AuditEntry {
    /// The hash this entry's content gives (what `hash` must equal).
    pub fn compute_hash(&self) -> String {
        let c = Canonical {
            format: TRAIL_FORMAT,
            index: self.index,
            prev_hash: &self.prev_hash,
            from: self.from,
            to: self.to,
            action: self.action,
            actor: &self.actor,
            at: self.at.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
            note: self.note.as_deref(),
        };
        sha256_hex(&serde_json::to_vec(&c).unwrap_or_default())
    }
}

/// What is wrong with a trail, at which entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("audit trail broken at entry {index}: {kind}")]
pub struct TrailError {
    /// The first entry (0-based) where the chain does not hold.
    pub index: usize,
    /// What does not hold there.
    pub kind: TrailBreak,
}

/// How a trail is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrailBreak {
    /// The entry's `index` is not its position: an entry before it was removed or moved.
    IndexMismatch,
    /// `prev_hash` is not the previous entry's hash: entries removed or reordered.
    PrevHashMismatch,
    /// `hash` does not cover the content: the entry was edited.
    HashMismatch,
    /// `from` is not the status the earlier entries lead to, or the move is illegal.
    StatusMismatch,
    /// Dated before the previous entry.
    TimeBackwards,
    /// The trail ends before the head the caller knew: entries removed at the end.
    Truncated,
}

impl TrailBreak {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrailBreak::IndexMismatch => "index_mismatch",
            TrailBreak::PrevHashMismatch => "prev_hash_mismatch",
            TrailBreak::HashMismatch => "hash_mismatch",
            TrailBreak::StatusMismatch => "status_mismatch",
            TrailBreak::TimeBackwards => "time_backwards",
            TrailBreak::Truncated => "truncated",
        }
    }
}

impl fmt::Display for TrailBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TrailError {
    /// As a [`Problem`] (`AUDIT_TRAIL_BROKEN`) under `path` (the trail's path).
    pub fn to_problem(&self, path: &str) -> Problem {
        Problem::new(Code::AuditTrailBroken, format!("{path}[{}]", self.index))
            .with("index", self.index)
            .with("kind", self.kind)
    }
}

/// The append-only record of a proposal's moves; the proposal's status is
/// the `to` of its last entry ([`Status::Draft`] when empty).
///
/// Only [`AuditTrail::record`] appends, and only legal moves; a trail read
/// from a file is checked with [`AuditTrail::verify`].
///
/// ```
/// use dtks_core::lifecycle::{AuditTrail, Move, Status, RejectReason};
/// use chrono::NaiveDate;
/// let t0 = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let mut trail = AuditTrail::new();
/// trail.record(Move::Save, "op-3171011001", t0, None).unwrap();
/// assert_eq!(trail.status(), Status::Saved);
/// assert!(trail.record(Move::Verify, "kemensos", t0, None).is_err());
/// assert_eq!(trail.verify(), Ok(()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuditTrail {
    entries: Vec<AuditEntry>,
}

impl AuditTrail {
    /// An empty trail (status draft).
    pub fn new() -> AuditTrail {
        AuditTrail::default()
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The current status.
    pub fn status(&self) -> Status {
        self.entries.last().map_or(Status::Draft, |e| e.to)
    }

    /// Since when the current status holds (`None` for a draft never moved).
    pub fn since(&self) -> Option<NaiveDateTime> {
        self.entries.last().map(|e| e.at)
    }

    /// The last entry's hash ([`GENESIS`] when empty): keep it to detect
    /// entries removed at the end ([`AuditTrail::verify_head`]).
    pub fn head(&self) -> &str {
        self.entries.last().map_or(GENESIS, |e| e.hash.as_str())
    }

    /// Makes a move, appending its entry, and returns the new status. Refuses an illegal move, a reason
    /// `other` without a note, and a time before the previous entry's.
    pub fn record(
        &mut self,
        mv: Move,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
    ) -> Result<Status, LifecycleError> {
        let from = self.status();
        let to = next(from, mv)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if mv.needs_note() && note.is_none() {
            return Err(LifecycleError::ReasonRequired { event: mv.name() });
        }
        if let Some(prev) = self.entries.last() {
            if at < prev.at {
                return Err(LifecycleError::TimeBackwards {
                    at,
                    previous: prev.at,
                });
            }
        }
        let mut entry = AuditEntry {
            index: self.entries.len() as u64,
            from,
            to,
            action: mv,
            actor: actor.to_owned(),
            at,
            note: note.map(str::to_owned),
            prev_hash: self.head().to_owned(),
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        self.entries.push(entry);
        Ok(to)
    }

    /// Checks the whole chain: positions, links, hashes, and that the moves
    /// replay legally from draft in time order. Names the first bad entry.
    pub fn verify(&self) -> Result<(), TrailError> {
        let mut prev_hash = GENESIS;
        let mut status = Status::Draft;
        let mut prev_at: Option<NaiveDateTime> = None;
        for (index, e) in self.entries.iter().enumerate() {
            let fail = |kind| Err(TrailError { index, kind });
            if e.index != index as u64 {
                return fail(TrailBreak::IndexMismatch);
            }
            if e.prev_hash != prev_hash {
                return fail(TrailBreak::PrevHashMismatch);
            }
            if e.hash != e.compute_hash() {
                return fail(TrailBreak::HashMismatch);
            }
            if e.from != status || next(status, e.action) != Ok(e.to) {
                return fail(TrailBreak::StatusMismatch);
            }
            if prev_at.is_some_and(|p| e.at < p) {
                return fail(TrailBreak::TimeBackwards);
            }
            prev_hash = &e.hash;
            status = e.to;
            prev_at = Some(e.at);
        }
        Ok(())
    }

    /// [`AuditTrail::verify`], then checks that the trail ends at `head`, a
    /// hash the caller kept earlier: if `head` is an entry of this trail
    /// other than the last, the trail has grown (fine); if it is not in the
    /// trail at all, entries were removed at the end.
    pub fn verify_head(&self, head: &str) -> Result<(), TrailError> {
        self.verify()?;
        if head == GENESIS || self.entries.iter().any(|e| e.hash == head) {
            Ok(())
        } else {
            Err(TrailError {
                index: self.entries.len(),
                kind: TrailBreak::Truncated,
            })
        }
    }
}
