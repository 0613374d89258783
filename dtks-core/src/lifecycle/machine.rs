//! The status machine: statuses, moves, and which move is legal from where.

use crate::problem::{one_of, Code, Lang, Problem};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a proposal stands.
///
/// ```text
/// draft ──save──▶ saved ──finalise──▶ finalised ──start_verification──▶ under_verification
///                                                                        │          │
///                                                                     verify      reject(reason)
///                                                                        ▼          ▼
///                                                                    verified    rejected
///                                                                        │
///                                                               deactivate(reason)
///                                                                        ▼
///                                                                   deactivated
/// ```
///
/// `rejected` and `deactivated` are final: a corrected proposal (say, after
/// Dukcapil reported "tidak padan") is a new proposal with its own trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Being entered (the SIKS-NG screens before "Simpan").
    Draft,
    /// Saved ("Simpan"): shown on the operator's dashboard, still editable.
    Saved,
    /// Finalised with its batch ("Finalisasi Usulan").
    Finalised,
    /// Being verified (Dukcapil matching, household visit).
    UnderVerification,
    /// Verified and entered into the registry.
    Verified,
    /// Rejected, with a reason.
    Rejected,
    /// A registered household taken out of the registry, with a reason.
    Deactivated,
}

impl Status {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Saved => "saved",
            Status::Finalised => "finalised",
            Status::UnderVerification => "under_verification",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
            Status::Deactivated => "deactivated",
        }
    }

    /// The status named `name` ([`Status::as_str`], surrounding space ignored).
    ///
    /// ```
    /// use dtks_core::lifecycle::Status;
    /// assert_eq!(Status::from_name("under_verification"), Some(Status::UnderVerification));
    /// assert_eq!(Status::from_name("done"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Status> {
        let name = name.trim();
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The names [`Status::from_name`] accepts, in the order of the machine.
    pub fn names() -> [&'static str; 7] {
        Status::ALL.map(Status::as_str)
    }

    /// Every status, in the order of the machine.
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Saved,
        Status::Finalised,
        Status::UnderVerification,
        Status::Verified,
        Status::Rejected,
        Status::Deactivated,
    ];
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why verification rejected a proposal (docs/domain/process.md §2, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// "Tidak padan": the NIK did not match Dukcapil's population database.
    IdentityNotMatched,
    /// Found not eligible at the household visit (verivali).
    NotEligibleAtVisit,
    /// Already in the registry (duplicate).
    Duplicate,
    /// Anything else: the note must say what.
    Other,
}

impl RejectReason {
    /// Every reason, in the order of the process rules.
    pub const ALL: [RejectReason; 4] = [
        RejectReason::IdentityNotMatched,
        RejectReason::NotEligibleAtVisit,
        RejectReason::Duplicate,
        RejectReason::Other,
    ];

    /// The JSON name: `identity_not_matched`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            RejectReason::IdentityNotMatched => "identity_not_matched",
            RejectReason::NotEligibleAtVisit => "not_eligible_at_visit",
            RejectReason::Duplicate => "duplicate",
            RejectReason::Other => "other",
        }
    }

    /// The reason named `name` ([`RejectReason::as_str`]).
    pub fn from_name(name: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Why a registered household was deactivated (docs/domain/process.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeactivationReason {
    /// The person/family head died.
    Died,
    /// Moved out of the village.
    MovedAway,
    /// A duplicate record.
    Duplicate,
    /// Graduated: became able, or left voluntarily.
    Graduated,
    /// Anything else: the note must say what.
    Other,
}

impl DeactivationReason {
    /// Every reason, in the order of the process rules.
    pub const ALL: [DeactivationReason; 5] = [
        DeactivationReason::Died,
        DeactivationReason::MovedAway,
        DeactivationReason::Duplicate,
        DeactivationReason::Graduated,
        DeactivationReason::Other,
    ];

    /// The JSON name: `died`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            DeactivationReason::Died => "died",
            DeactivationReason::MovedAway => "moved_away",
            DeactivationReason::Duplicate => "duplicate",
            DeactivationReason::Graduated => "graduated",
            DeactivationReason::Other => "other",
        }
    }

    /// The reason named `name` ([`DeactivationReason::as_str`]).
    pub fn from_name(name: &str) -> Option<DeactivationReason> {
        DeactivationReason::ALL
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}

/// One move of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Move {
    /// draft → saved.
    Save,
    /// saved → finalised.
    Finalise,
    /// finalised → under verification.
    StartVerification,
    /// under verification → verified.
    Verify,
    /// under verification → rejected.
    Reject {
        /// Why.
        reason: RejectReason,
    },
    /// verified → deactivated.
    Deactivate {
        /// Why.
        reason: DeactivationReason,
    },
}

impl Move {
    /// The move named `name` with its reason: the names of
    /// [`Event::from_name`] and `finalise`, for questions about the machine
    /// ([`next`]) rather than moves a face makes.
    ///
    /// ```
    /// use dtks_core::lifecycle::{Move, EventNameError};
    /// assert_eq!(Move::from_name("finalise", None), Ok(Move::Finalise));
    /// assert_eq!(Move::from_name("finalise", Some("other")), Err(EventNameError::ReasonNotTaken));
    /// assert_eq!(Move::from_name("save", None), Ok(Move::Save));
    /// ```
    pub fn from_name(name: &str, reason: Option<&str>) -> Result<Move, EventNameError> {
        match Event::from_name(name, reason) {
            Err(EventNameError::FinaliseReserved) if reason.is_none() => Ok(Move::Finalise),
            Err(EventNameError::FinaliseReserved) => Err(EventNameError::ReasonNotTaken),
            other => other.map(Event::to_move),
        }
    }

    /// The move's name: `save`, `finalise`, …
    pub fn name(self) -> &'static str {
        match self {
            Move::Save => "save",
            Move::Finalise => "finalise",
            Move::StartVerification => "start_verification",
            Move::Verify => "verify",
            Move::Reject { .. } => "reject",
            Move::Deactivate { .. } => "deactivate",
        }
    }

    /// The one status the move starts from, and where it leads.
    pub fn edge(self) -> (Status, Status) {
        match self {
            Move::Save => (Status::Draft, Status::Saved),
            Move::Finalise => (Status::Saved, Status::Finalised),
            Move::StartVerification => (Status::Finalised, Status::UnderVerification),
            Move::Verify => (Status::UnderVerification, Status::Verified),
            Move::Reject { .. } => (Status::UnderVerification, Status::Rejected),
            Move::Deactivate { .. } => (Status::Verified, Status::Deactivated),
        }
    }

    /// True for a move whose reason is `other`, which then needs a note.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Move::Reject {
                reason: RejectReason::Other
            } | Move::Deactivate {
                reason: DeactivationReason::Other
            }
        )
    }
}

/// A move that a caller may record directly ([`crate::lifecycle::AuditTrail::record`]):
/// every [`Move`] except `finalise`.
///
/// **Finalisation is not an event.** Only [`crate::usulan::finalise`] moves a
/// proposal to `finalised`, after checking the batch, the Berita Acara Usulan
/// and the typed statement, and its trail entry records what it checked. So
/// the generic move cannot name it: a host cannot mark a proposal finalised
/// without the checks, whatever face it calls.
///
/// ```
/// use dtks_core::lifecycle::{Event, EventNameError};
/// assert!(Event::from_name("save", None).is_ok());
/// assert_eq!(Event::from_name("finalise", None), Err(EventNameError::FinaliseReserved));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Event {
    /// draft → saved.
    Save,
    /// finalised → under verification.
    StartVerification,
    /// under verification → verified.
    Verify,
    /// under verification → rejected.
    Reject {
        /// Why.
        reason: RejectReason,
    },
    /// verified → deactivated.
    Deactivate {
        /// Why.
        reason: DeactivationReason,
    },
}

/// Why a move name given by a face is not an [`Event`]. Each says what
/// was expected ([`EventNameError::expected`]) from the core's own lists,
/// so a face's message cannot drift from the names accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventNameError {
    /// `finalise`: only the batch finalisation makes that move (`LIFECYCLE_FINALISE_RESERVED`).
    FinaliseReserved,
    /// Not a move name.
    Unknown,
    /// `reject` or `deactivate` (the move named) without one of its reasons.
    Reason(&'static str),
    /// A reason given to a move that takes none.
    ReasonNotTaken,
}

impl EventNameError {
    /// As a [`Problem`] at `path` for [`EventNameError::FinaliseReserved`] (the
    /// others are usage errors of the face, not findings).
    pub fn to_problem(self, path: impl Into<String>) -> Option<Problem> {
        match self {
            EventNameError::FinaliseReserved => {
                Some(Problem::new(Code::LifecycleFinaliseReserved, path).with("event", "finalise"))
            }
            _ => None,
        }
    }

    /// What was expected, wholly in `lang`: the move names, the reasons of
    /// the move, or no reason.
    ///
    /// ```
    /// use dtks_core::lifecycle::Event;
    /// use dtks_core::problem::Lang;
    /// let e = Event::from_name("reject", Some("lazy")).unwrap_err();
    /// assert_eq!(e.expected(Lang::Id), "identity_not_matched, not_eligible_at_visit, duplicate atau other");
    /// let e = Event::from_name("verify", Some("duplicate")).unwrap_err();
    /// assert_eq!(e.expected(Lang::En), "no reason");
    /// ```
    pub fn expected(self, lang: Lang) -> String {
        match self {
            EventNameError::FinaliseReserved | EventNameError::Unknown => {
                one_of(&Event::NAMES, lang)
            }
            EventNameError::Reason("deactivate") => one_of(
                &DeactivationReason::ALL.map(DeactivationReason::as_str),
                lang,
            ),
            EventNameError::Reason(_) => one_of(&RejectReason::ALL.map(RejectReason::as_str), lang),
            EventNameError::ReasonNotTaken => match lang {
                Lang::En => "no reason".to_owned(),
                _ => "tanpa alasan".to_owned(),
            },
        }
    }
}

impl Event {
    /// The names [`Event::from_name`] accepts (`finalise` is not among them).
    pub const NAMES: [&'static str; 5] = [
        "save",
        "start_verification",
        "verify",
        "reject",
        "deactivate",
    ];

    /// The event named `name` (one of [`Event::NAMES`], as in a trail's
    /// `action.move`) with its reason (`reject`: a [`RejectReason`];
    /// `deactivate`: a [`DeactivationReason`]); surrounding space ignored.
    /// `finalise` is refused ([`EventNameError::FinaliseReserved`]).
    pub fn from_name(name: &str, reason: Option<&str>) -> Result<Event, EventNameError> {
        let reason = reason.map(str::trim);
        let ev = match (name.trim(), reason) {
            ("finalise", _) => return Err(EventNameError::FinaliseReserved),
            ("save", None) => Event::Save,
            ("start_verification", None) => Event::StartVerification,
            ("verify", None) => Event::Verify,
            ("save" | "start_verification" | "verify", Some(_)) => {
                return Err(EventNameError::ReasonNotTaken)
            }
            ("reject", r) => Event::Reject {
                reason: r
                    .and_then(RejectReason::from_name)
                    .ok_or(EventNameError::Reason("reject"))?,
            },
            ("deactivate", r) => Event::Deactivate {
                reason: r
                    .and_then(DeactivationReason::from_name)
                    .ok_or(EventNameError::Reason("deactivate"))?,
            },
            _ => return Err(EventNameError::Unknown),
        };
        Ok(ev)
    }

    /// The move this event records.
    pub fn to_move(self) -> Move {
        match self {
            Event::Save => Move::Save,
            Event::StartVerification => Move::StartVerification,
            Event::Verify => Move::Verify,
            Event::Reject { reason } => Move::Reject { reason },
            Event::Deactivate { reason } => Move::Deactivate { reason },
        }
    }

    /// The move's name.
    pub fn name(self) -> &'static str {
        self.to_move().name()
    }
}

impl From<Event> for Move {
    fn from(e: Event) -> Move {
        e.to_move()
    }
}

/// A refused move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// The move does not start from the current status.
    #[error("cannot {event} a proposal that is {got}; expected {expected}")]
    IllegalMove {
        /// The move's name.
        event: &'static str,
        /// The current status.
        got: Status,
        /// The status the move starts from.
        expected: Status,
    },
    /// A reason `other` without a note.
    #[error("{event} needs a reason")]
    ReasonRequired {
        /// The move's name.
        event: &'static str,
    },
    /// The trail the move would extend does not verify: nothing is appended to it.
    #[error("{0}")]
    Broken(crate::lifecycle::TrailError),
    /// The move is dated before the previous one.
    #[error("the move at {at} is before the previous move at {previous}")]
    TimeBackwards {
        /// The move's time.
        at: NaiveDateTime,
        /// The previous move's time.
        previous: NaiveDateTime,
    },
}

impl LifecycleError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            LifecycleError::IllegalMove { .. } => Code::LifecycleIllegalMove,
            LifecycleError::ReasonRequired { .. } => Code::LifecycleReasonRequired,
            LifecycleError::TimeBackwards { .. } => Code::LifecycleTimeBackwards,
            LifecycleError::Broken(_) => Code::AuditTrailBroken,
        }
    }

    /// As a [`Problem`] at `path`.
    pub fn to_problem(&self, path: impl Into<String>) -> Problem {
        let p = Problem::new(self.code(), path);
        match self {
            LifecycleError::IllegalMove {
                event,
                got,
                expected,
            } => p
                .with("event", event)
                .with("got", got)
                .with("expected", expected),
            LifecycleError::ReasonRequired { event } => p.with("event", event),
            LifecycleError::TimeBackwards { at, previous } => {
                p.with("at", at).with("previous", previous)
            }
            LifecycleError::Broken(e) => {
                let path = p.path.clone();
                e.to_problem(&path)
            }
        }
    }
}

/// The status a move leads to from `from`, or why it may not be made.
///
/// ```
/// use dtks_core::lifecycle::{next, LifecycleError, Move, Status};
/// assert_eq!(next(Status::Draft, Move::Save), Ok(Status::Saved));
/// assert_eq!(
///     next(Status::Draft, Move::Finalise),
///     Err(LifecycleError::IllegalMove { event: "finalise", got: Status::Draft, expected: Status::Saved })
/// );
/// ```
pub fn next(from: Status, mv: Move) -> Result<Status, LifecycleError> {
    let (expected, to) = mv.edge();
    if from == expected {
        Ok(to)
    } else {
        Err(LifecycleError::IllegalMove {
            event: mv.name(),
            got: from,
            expected,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The names faces accept are the names trails are written with.
    #[test]
    fn names_are_the_json_names() {
        for r in RejectReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
            assert_eq!(RejectReason::from_name(r.as_str()), Some(r));
        }
        for r in DeactivationReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
            assert_eq!(DeactivationReason::from_name(r.as_str()), Some(r));
        }
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for n in Event::NAMES {
            let reason = match n {
                "reject" => Some("duplicate"),
                "deactivate" => Some("died"),
                _ => None,
            };
            assert_eq!(Event::from_name(n, reason).unwrap().name(), n);
        }
    }

    #[test]
    fn each_refusal_says_what_was_expected() {
        let e = Event::from_name("deactivate", None).unwrap_err();
        assert_eq!(e, EventNameError::Reason("deactivate"));
        assert_eq!(
            e.expected(Lang::En),
            "died, moved_away, duplicate, graduated or other"
        );
        let e = Event::from_name("approve", None).unwrap_err();
        assert_eq!(
            e.expected(Lang::Id),
            "save, start_verification, verify, reject atau deactivate"
        );
        assert_eq!(
            Event::from_name(" save ", Some("x")),
            Err(EventNameError::ReasonNotTaken)
        );
        assert_eq!(
            Event::from_name("reject", Some(" other ")),
            Ok(Event::Reject {
                reason: RejectReason::Other
            })
        );
    }
}
