//! Proposals (usulan) as SIKS-NG takes them, batches, and finalisation
//! (docs/domain/process.md §2; the SIKS-NG flow of the source texts).
//!
//! - [`Proposal`], [`Batch`]: the data of the proposal screens.
//! - [`check_proposal`], [`check_batch`]: every problem, reusing
//!   [`crate::household::validate`] and a [`ProgrammeCheck`] (the
//!   eligibility engine or a stand-in such as [`NoEngine`]).
//! - [`finalise`]: every proposal valid, the Berita Acara Usulan attached,
//!   the statement [`STATEMENT`] typed (see [`statement_matches`] for how
//!   whitespace and case are treated); records the move in each trail.

mod answer;
mod check;
mod engine;
mod finalise;
mod integrity;
mod model;
mod moves;
mod programme;
mod query;
mod registered;

pub use crate::lifecycle::{statement_matches, StatementMismatch, STATEMENT};
pub use answer::{
    check_answer, cited_prelist, finalisation_verdict, finalise_answer, heads_answer, prelist_of,
    BatchAnswer, CitedPrelistError, FinaliseAnswer, HeadsAnswer,
};
pub use check::{awaiting_ranking, check_batch, check_proposal, AwaitingRanking, CheckContext};
pub use finalise::{finalisation_problems, finalise};
pub use integrity::{
    batch_hash, verify_batch, Anchors, Heads, HeadsFormat, BATCH_FORMAT, HEADS_FORMAT,
};
pub use model::{Answer, Batch, Proposal, SurveyAnswer};
pub use moves::{move_proposals, MoveAnswer, MoveDone, MoveRequest};
pub use programme::{NoEngine, ProgrammeCheck, ProgrammeReason, ProgrammeVerdict};
pub use query::{
    find, status_answer, status_report, BatchStatus, Query, StatusAnswer, StatusLookup,
    StatusReport,
};
pub use registered::registered_niks;

#[cfg(test)]
pub(crate) mod tests;
