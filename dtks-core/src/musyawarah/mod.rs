//! Musyawarah Desa / Musyawarah Kelurahan: the village deliberation that
//! turns the prelist awal and the new proposals into the prelist akhir
//! (docs/domain/process.md §1.1 steps 2–3; the village path in the source texts).
//!
//! - [`Session`]: kind, village, date, place, participants, agenda,
//!   decisions, [`BeritaAcara`].
//! - [`validate`]: every problem of a session, with a configurable
//!   [`QuorumRule`] that by default requires nothing (no quorum rule was
//!   found in the sources, docs/domain/process.md §1.1 step 3).
//! - [`prelist_akhir`]: the eligible households of a valid session, in
//!   household-id order, with a SHA-256 content hash that later steps (a
//!   SIKS-NG batch, [`crate::usulan::Batch::prelist_hash`]) cite.
//!
//! A desa adat holds a **musdes** (see [`SessionKind::for_village`]).

mod prelist;
mod session;
mod validate;

pub use prelist::{
    check_answer, prelist_akhir, HashedDecision, HashedSignatory, PrelistAkhir, PrelistEntry,
    SessionAnswer, PRELIST_FORMAT,
};
pub use session::{
    AgendaEntry, BeritaAcara, Decision, EntrySource, Outcome, Participant, Role, Session,
    SessionKind, Signatory,
};
pub use validate::{validate, QuorumRule};

#[cfg(test)]
mod tests;
