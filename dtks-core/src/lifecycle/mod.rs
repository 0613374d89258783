//! The status lifecycle of a proposal and its audit trail.
//!
//! - [`Status`], [`Move`], [`next`]: the state machine draft → saved →
//!   finalised → under verification → verified | rejected, and verified →
//!   deactivated. An illegal move is a [`LifecycleError::IllegalMove`] that
//!   says the status expected and the status found.
//! - [`AuditTrail`]: every move with who, when (caller-given) and why,
//!   append-only and hash-chained; [`AuditTrail::verify`] names the first
//!   removed, reordered or edited entry.
//! - [`statement_matches`]: the statement a finalisation records, as the
//!   operator must type it ([`STATEMENT`]); the finalisation itself and the
//!   status question of a batch are in [`crate::usulan`], above this module.

mod machine;
mod seal;
mod statement;
mod trail;

pub use machine::{
    next, DeactivationReason, Event, EventNameError, LifecycleError, Move, RejectReason, Status,
};
pub use seal::{KeyError, TrailKey, MIN_KEY_BYTES, SEAL_FORMAT};
pub use statement::{statement_matches, StatementMismatch, STATEMENT};
pub use trail::{
    moment, Anchor, AuditEntry, AuditTrail, FinaliseCheck, TrailBreak, TrailError, VerifyAnswer,
    GENESIS, TRAIL_FORMAT,
};

#[cfg(test)]
mod tests;
