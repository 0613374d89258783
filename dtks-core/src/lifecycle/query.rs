//! The status question: where does a proposal stand, and since when?

use super::machine::{Move, Status};
use crate::household::IdField;
use crate::id::Nik;
use crate::problem::Problem;
use crate::usulan::{verify_batch, Anchors, Batch};
use chrono::NaiveDateTime;
use serde::Serialize;

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Query<'a> {
    /// A member's NIK (the proposed person or any member of the family).
    Nik(Nik),
    /// A member's name, compared after [`normalise_name`].
    Name(&'a str),
}

/// Where one matching proposal stands. Holds no personal data: the member
/// is named by its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusAnswer {
    /// Index in the batch.
    pub proposal_index: usize,
    /// The proposal's id.
    pub proposal_id: String,
    /// The matching member: `proposals[i].household.families[f].members[m]`.
    pub member: String,
    /// The current status.
    pub status: Status,
    /// Since when (`None`: a draft never moved).
    pub since: Option<NaiveDateTime>,
    /// The move that led there, with its reason.
    pub last_move: Option<Move>,
    /// The note of that move.
    pub note: Option<String>,
}

/// Trims, collapses inner whitespace to one space and lowercases: how names
/// are compared (the source text: type the citizen's name in the "DTKS" menu).
///
/// ```
/// assert_eq!(dtks_core::lifecycle::normalise_name("  SITI   aminah "), "siti aminah");
/// ```
pub fn normalise_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every proposal of the batch with a member matching the query (one
/// answer per proposal, at its first matching member), in batch order.
/// A blank name matches nothing.
///
/// **The batch's trails are verified first** ([`verify_batch`] with what the
/// host keeps): a broken trail, a removed proposal or a batch changed after
/// finalisation is `Err` with those problems, and nothing is answered from
/// the batch (a forged note is never shown).
pub fn find(
    batch: &Batch,
    query: Query<'_>,
    anchors: &Anchors,
) -> Result<Vec<StatusAnswer>, Vec<Problem>> {
    let broken = verify_batch(batch, anchors);
    if !broken.is_empty() {
        return Err(broken);
    }
    let wanted = match query {
        Query::Name(n) => Some(normalise_name(n)),
        Query::Nik(_) => None,
    };
    if wanted.as_deref() == Some("") {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (i, p) in batch.proposals.iter().enumerate() {
        let hit = p
            .household
            .families
            .iter()
            .enumerate()
            .find_map(|(f, fam)| {
                fam.members.iter().enumerate().find_map(|(m, member)| {
                    let matches = match (query, &wanted) {
                        (Query::Nik(nik), _) => {
                            member.nik.as_ref().and_then(IdField::valid) == Some(nik)
                        }
                        (Query::Name(_), Some(w)) => member
                            .name
                            .as_ref()
                            .is_some_and(|n| normalise_name(n.expose()) == *w),
                        _ => false,
                    };
                    matches.then(|| format!("proposals[{i}].household.families[{f}].members[{m}]"))
                })
            });
        // The typed NIK of the first screen counts too.
        let hit = hit.or_else(|| match query {
            Query::Nik(nik) if p.nik.valid() == Some(nik) => Some(format!("proposals[{i}].nik")),
            _ => None,
        });
        if let Some(member) = hit {
            let last = p.trail.entries().last();
            out.push(StatusAnswer {
                proposal_index: i,
                proposal_id: p.id.clone(),
                member,
                status: p.trail.status(),
                since: p.trail.since(),
                last_move: last.map(|e| e.action),
                note: last.and_then(|e| e.note.clone()),
            });
        }
    }
    Ok(out)
}
