//! The status lifecycle of a proposal and its audit trail.
//!
//! - [`Status`], [`Move`], [`next`]: the state machine draft → saved →
//!   finalised → under verification → verified | rejected, and verified →
//!   deactivated. An illegal move is a [`LifecycleError::IllegalMove`] that
//!   says the status expected and the status found.
//! - [`AuditTrail`]: every move with who, when (caller-given) and why,
//!   append-only and hash-chained; [`AuditTrail::verify`] names the first
//!   removed, reordered or edited entry.
//! - [`find`]: the status question of the source texts (SIKS-NG menu
//!   "DTKS", type the name): where a proposal in a batch stands, and since when.

mod machine;
mod query;
mod seal;
mod trail;

pub use machine::{
    next, DeactivationReason, Event, EventNameError, LifecycleError, Move, RejectReason, Status,
};
pub use query::{find, fold_name, normalise_name, Query, StatusAnswer};
pub use seal::{KeyError, TrailKey, MIN_KEY_BYTES, SEAL_FORMAT};
pub use trail::{
    Anchor, AuditEntry, AuditTrail, FinaliseCheck, TrailBreak, TrailError, GENESIS, TRAIL_FORMAT,
};

#[cfg(test)]
mod tests;
