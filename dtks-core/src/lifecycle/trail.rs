//! The append-only, hash-chained audit trail of one proposal.

use super::machine::{next, Event, LifecycleError, Move, Status};
use super::seal::TrailKey;
use crate::digest::sha256_hex;
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
/// `{format, index, prev_hash, from, to, action, actor, at, note, checked}`
/// (`checked` only on the finalisation entry), so it covers the previous
/// entry's hash and all of its own content. `seal`, when the host keeps a
/// key, is HMAC-SHA-256 of `hash` under that key ([`TrailKey`]): without the
/// key nobody can write an entry that verifies with it.
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
    /// On the `finalise` entry only: what the finalisation checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<FinaliseCheck>,
    /// HMAC-SHA-256 (lowercase hex) of `hash` under the host's key, when the
    /// entry was recorded with one ([`AuditTrail::record_keyed`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

/// What [`crate::usulan::finalise`] checked, recorded in the `finalise`
/// entry of each trail (and covered by its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinaliseCheck {
    /// The reference of the Berita Acara Usulan attached to the batch.
    pub berita_acara_usulan: String,
    /// The statement as typed (trimmed).
    pub statement: String,
    /// The batch's content hash at finalisation ([`crate::usulan::batch_hash`]).
    pub batch_hash: String,
}

impl FinaliseCheck {
    /// True when the record is one the finalisation could have written: a
    /// Berita Acara Usulan reference, the required statement, a SHA-256 hex.
    fn well_formed(&self) -> bool {
        !self.berita_acara_usulan.trim().is_empty()
            && super::statement_matches(&self.statement).is_ok()
            && self.batch_hash.len() == 64
            && self.batch_hash.bytes().all(|b| b.is_ascii_hexdigit())
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<&'a FinaliseCheck>,
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
            checked: self.checked.as_ref(),
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
    /// A `finalise` entry without the record of what finalisation checked
    /// (or such a record on another move): not written by the finalisation.
    FinaliseUnchecked,
    /// A key was given but the entry carries no seal.
    Unsealed,
    /// The entry's seal is not the key's seal of its hash: written without the key.
    SealMismatch,
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
            TrailBreak::FinaliseUnchecked => "finalise_unchecked",
            TrailBreak::Unsealed => "unsealed",
            TrailBreak::SealMismatch => "seal_mismatch",
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
            .with_int("index", self.index)
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
/// use dtks_core::lifecycle::{AuditTrail, Event, Status};
/// use chrono::NaiveDate;
/// let t0 = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let mut trail = AuditTrail::new();
/// trail.record(Event::Save, "op-3171011001", t0, None).unwrap();
/// assert_eq!(trail.status(), Status::Saved);
/// assert!(trail.record(Event::Verify, "kemensos", t0, None).is_err());
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

    /// Makes a move, appending its entry, and returns the new status.
    ///
    /// The trail is verified first ([`AuditTrail::verify`]; a broken one is
    /// refused, [`LifecycleError::Broken`]). Refuses an illegal move, a
    /// reason `other` without a note, and a time before the previous
    /// entry's. `finalise` is not an [`Event`]: only
    /// [`crate::usulan::finalise`] makes it. The entry is unsealed; a host
    /// that keeps a key uses [`AuditTrail::record_keyed`].
    pub fn record(
        &mut self,
        ev: Event,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
    ) -> Result<Status, LifecycleError> {
        self.record_keyed(ev, actor, at, note, None)
    }

    /// [`AuditTrail::record`] for a host that keeps a key: the trail is
    /// verified with the key first (every earlier entry sealed by it), and
    /// the new entry is sealed.
    pub fn record_keyed(
        &mut self,
        ev: Event,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
        key: Option<&TrailKey>,
    ) -> Result<Status, LifecycleError> {
        self.append(ev.to_move(), actor, at, note, None, key)
    }

    /// One move as every face makes it: the trail verified against what the
    /// host kept ([`AuditTrail::verify_anchored`]: its key's seal on every
    /// entry, and no entry removed after the `head` it kept), then the move
    /// recorded and sealed with the key. A broken trail is never recorded
    /// onto. The problem (`AUDIT_TRAIL_BROKEN`, `LIFECYCLE_*`) has the path
    /// `trail`.
    ///
    /// ```
    /// use dtks_core::lifecycle::{Anchor, AuditTrail, Event};
    /// let t0 = chrono::NaiveDate::from_ymd_opt(2024, 3, 6).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut trail = AuditTrail::new();
    /// let kept = trail.head().to_owned();
    /// trail.record_anchored(Event::Save, "op-1", t0, None,
    ///     &Anchor { key: None, head: Some(&kept) }).unwrap();
    /// // A head the trail does not have (an entry removed, or another trail):
    /// // refused before the move is looked at, and nothing is recorded.
    /// let err = trail.record_anchored(Event::Save, "op-1", t0, None,
    ///     &Anchor { key: None, head: Some("0000") }).unwrap_err();
    /// assert_eq!(trail.entries().len(), 1);
    /// assert_eq!(err.code.as_str(), "AUDIT_TRAIL_BROKEN");
    /// ```
    pub fn record_anchored(
        &mut self,
        ev: Event,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
        anchor: &Anchor<'_>,
    ) -> Result<Status, Problem> {
        self.verify_anchored(anchor)
            .map_err(|e| e.to_problem("trail"))?;
        self.record_keyed(ev, actor, at, note, anchor.key)
            .map_err(|e| e.to_problem("trail"))
    }

    /// The finalisation's entry (only [`crate::usulan::finalise`] calls it).
    pub(crate) fn record_finalise(
        &mut self,
        actor: &str,
        at: NaiveDateTime,
        checked: FinaliseCheck,
        key: Option<&TrailKey>,
    ) -> Result<Status, LifecycleError> {
        self.append(Move::Finalise, actor, at, None, Some(checked), key)
    }

    /// Any move, `finalise` with a stand-in record of its checks (unit tests of the machine).
    #[cfg(test)]
    pub(crate) fn record_move(
        &mut self,
        mv: Move,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
    ) -> Result<Status, LifecycleError> {
        let checked = (mv == Move::Finalise).then(|| FinaliseCheck {
            berita_acara_usulan: "BA-USULAN-1".into(),
            statement: super::STATEMENT.into(),
            batch_hash: "a".repeat(64),
        });
        self.append(mv, actor, at, note, checked, None)
    }

    fn append(
        &mut self,
        mv: Move,
        actor: &str,
        at: NaiveDateTime,
        note: Option<&str>,
        checked: Option<FinaliseCheck>,
        key: Option<&TrailKey>,
    ) -> Result<Status, LifecycleError> {
        self.verify_anchored(&Anchor { key, head: None })
            .map_err(LifecycleError::Broken)?;
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
            checked,
            seal: None,
        };
        entry.hash = entry.compute_hash();
        entry.seal = key.map(|k| k.seal(&entry.hash));
        self.entries.push(entry);
        Ok(to)
    }

    /// Checks the whole chain: positions, links, hashes, that the moves
    /// replay legally from draft in time order, and that a `finalise` entry
    /// carries the record of what finalisation checked. Names the first bad
    /// entry. Seals are not checked (that needs the key:
    /// [`AuditTrail::verify_anchored`]); entries removed at the end are not
    /// seen (that needs the kept head).
    pub fn verify(&self) -> Result<(), TrailError> {
        self.verify_anchored(&Anchor::default())
    }

    /// [`AuditTrail::verify`], then checks that the trail ends at `head`, a
    /// hash the caller kept earlier: if `head` is an entry of this trail
    /// other than the last, the trail has grown (fine); if it is not in the
    /// trail at all, entries were removed at the end.
    pub fn verify_head(&self, head: &str) -> Result<(), TrailError> {
        self.verify_anchored(&Anchor {
            key: None,
            head: Some(head),
        })
    }

    /// The full check with what the host keeps ([`Anchor`]): the chain
    /// ([`AuditTrail::verify`]); with a key, every entry's seal
    /// (`unsealed`, `seal_mismatch`: an entry written or rewritten without
    /// the key); with a head, that the trail still contains it
    /// (`truncated`).
    ///
    /// ```
    /// use dtks_core::lifecycle::{Anchor, AuditTrail, Event, TrailBreak, TrailKey};
    /// let key = TrailKey::from_hex(&"ab".repeat(32)).unwrap();
    /// let t0 = chrono::NaiveDate::from_ymd_opt(2024, 3, 6).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut trail = AuditTrail::new();
    /// trail.record_keyed(Event::Save, "op-1", t0, None, Some(&key)).unwrap();
    /// let anchor = Anchor { key: Some(&key), head: Some(trail.head()) };
    /// assert_eq!(trail.verify_anchored(&anchor), Ok(()));
    /// // Rebuilt without the key: the chain holds, the seal does not.
    /// let mut forged = AuditTrail::new();
    /// forged.record(Event::Save, "op-1", t0, None).unwrap();
    /// let err = forged.verify_anchored(&Anchor { key: Some(&key), head: None }).unwrap_err();
    /// assert_eq!(err.kind, TrailBreak::Unsealed);
    /// ```
    pub fn verify_anchored(&self, anchor: &Anchor<'_>) -> Result<(), TrailError> {
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
            if let Some(key) = anchor.key {
                match &e.seal {
                    None => return fail(TrailBreak::Unsealed),
                    Some(seal) if !key.verify(&e.hash, seal) => {
                        return fail(TrailBreak::SealMismatch)
                    }
                    Some(_) => {}
                }
            }
            if e.from != status || next(status, e.action) != Ok(e.to) {
                return fail(TrailBreak::StatusMismatch);
            }
            let finalise = e.action == Move::Finalise;
            if finalise != e.checked.as_ref().is_some_and(FinaliseCheck::well_formed)
                || (!finalise && e.checked.is_some())
            {
                return fail(TrailBreak::FinaliseUnchecked);
            }
            if prev_at.is_some_and(|p| e.at < p) {
                return fail(TrailBreak::TimeBackwards);
            }
            prev_hash = &e.hash;
            status = e.to;
            prev_at = Some(e.at);
        }
        if let Some(head) = anchor.head.map(str::trim) {
            if head != GENESIS
                && !self
                    .entries
                    .iter()
                    .any(|e| e.hash.eq_ignore_ascii_case(head))
            {
                return Err(TrailError {
                    index: self.entries.len(),
                    kind: TrailBreak::Truncated,
                });
            }
        }
        Ok(())
    }
}

/// What the host keeps to anchor a trail: its key and the head it saw last.
/// Both optional; see docs/process.md "Trust model" for what each detects.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anchor<'a> {
    /// The host's key: every entry must carry its seal.
    pub key: Option<&'a TrailKey>,
    /// The last hash the host kept for this trail.
    pub head: Option<&'a str>,
}

/// The time a move is recorded at when the host gives none and a face reads
/// its clock: to the whole second, as the C face requires and the trail's
/// times are read by people. Every face's "now" goes through this, so the
/// same move gets the same entry whichever face recorded it.
///
/// ```
/// use chrono::NaiveDateTime;
/// let t = NaiveDateTime::parse_from_str("2026-12-07T09:30:15.123456", "%Y-%m-%dT%H:%M:%S%.f").unwrap();
/// assert_eq!(dtks_core::lifecycle::moment(t).to_string(), "2026-12-07 09:30:15");
/// ```
pub fn moment(at: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    at.with_nanosecond(0).unwrap_or(at)
}

/// A trail's verification as one answer: the verdict (one
/// `AUDIT_TRAIL_BROKEN` problem when broken), where and how it breaks, the
/// status it replays to, its length and its head. What C's
/// `dtks_lifecycle_verify_json` hands over; a broken trail is an answer,
/// not a failure.
///
/// ```
/// use dtks_core::lifecycle::{Anchor, AuditTrail, VerifyAnswer};
/// let a = VerifyAnswer::of(&AuditTrail::new(), &Anchor::default());
/// assert!(a.verdict.valid && a.broken_at.is_none() && a.entries == 0);
/// ```
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct VerifyAnswer {
    /// `valid`, `errors`, `warnings`, `problems`.
    #[serde(flatten)]
    pub verdict: crate::answer::Verdict,
    /// The first bad entry (0-based), when broken.
    pub broken_at: Option<usize>,
    /// How it is bad, when broken.
    pub kind: Option<TrailBreak>,
    /// The status the trail replays to.
    pub status: Status,
    /// Its entries.
    pub entries: usize,
    /// Its last hash.
    pub head: String,
}

impl VerifyAnswer {
    /// Verifies `trail` against `anchor` ([`AuditTrail::verify_anchored`]).
    pub fn of(trail: &AuditTrail, anchor: &Anchor<'_>) -> VerifyAnswer {
        let err = trail.verify_anchored(anchor).err();
        VerifyAnswer {
            verdict: crate::answer::Verdict::of(
                err.iter().map(|e| e.to_problem("trail")).collect(),
            ),
            broken_at: err.map(|e| e.index),
            kind: err.map(|e| e.kind),
            status: trail.status(),
            entries: trail.entries().len(),
            head: trail.head().to_owned(),
        }
    }
}
