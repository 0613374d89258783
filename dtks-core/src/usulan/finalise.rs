//! Finalisation of a batch ("Finalisasi Usulan").

use super::check::{check_batch, CheckContext};
use super::integrity::batch_hash;
use super::model::Batch;
use crate::lifecycle::{statement_matches, FinaliseCheck, Status};
use crate::problem::{Code, Problem, Severity};
use chrono::NaiveDateTime;

/// Every reason the batch cannot be finalised now, without changing it:
/// every problem of [`check_batch`] (errors block, warnings do not), the
/// Berita Acara Usulan not attached, the statement not the required one, and
/// a proposal not in status `saved` (only a saved proposal is finalised; the
/// source: "Simpan", then "Finalisasi Usulan").
pub fn finalisation_problems(
    batch: &Batch,
    statement: &str,
    ctx: &CheckContext<'_>,
) -> Vec<Problem> {
    let mut out = check_batch(batch, ctx);
    if match batch.berita_acara_usulan.as_deref() {
        Some(b) => b.trim().is_empty(),
        None => true,
    } {
        out.push(Problem::new(
            Code::UsulanBeritaAcaraMissing,
            "berita_acara_usulan",
        ));
    }
    if let Err(m) = statement_matches(statement) {
        out.push(Problem::new(Code::UsulanStatementMismatch, "statement").with("hint", m.hint()));
    }
    for (i, p) in batch.proposals.iter().enumerate() {
        let status = p.trail.status();
        if status != Status::Saved {
            out.push(
                Problem::new(Code::UsulanStatusWrong, format!("proposals[{i}].trail"))
                    .with("status", status)
                    .with("expected", Status::Saved),
            );
        }
    }
    out
}

/// Finalises the batch: when [`finalisation_problems`] has no error, records
/// the move `finalise` by `actor` at `at` in every proposal's trail and
/// returns the warnings; otherwise changes nothing and returns every problem.
///
/// This is the only way to the status `finalised` (the generic move,
/// [`crate::lifecycle::Event`], cannot name it). Each `finalise` entry
/// records what was checked ([`FinaliseCheck`]: the Berita Acara Usulan
/// reference, the statement as typed, [`crate::usulan::batch_hash`]) and is
/// sealed with `ctx.anchors.key` when the host keeps one.
///
/// ```
/// use dtks_core::usulan::{finalise, Batch, CheckContext, NoEngine};
/// use std::collections::HashSet;
/// let batch: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3171011001"}"#).unwrap();
/// let registered = HashSet::new();
/// let ctx = CheckContext { as_of: chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(),
///     registered: &registered, prelist: None, programmes: &NoEngine, anchors: &Default::default() };
/// let at = chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// let mut b = batch.clone();
/// let problems = finalise(&mut b, "Saya bertanggung jawab terhadap data usulan tersebut", &ctx, "op-1", at).unwrap_err();
/// assert!(problems.iter().any(|p| p.code.as_str() == "USULAN_BATCH_EMPTY"));
/// assert_eq!(b, batch);
/// ```
pub fn finalise(
    batch: &mut Batch,
    statement: &str,
    ctx: &CheckContext<'_>,
    actor: &str,
    at: NaiveDateTime,
) -> Result<Vec<Problem>, Vec<Problem>> {
    let problems = finalisation_problems(batch, statement, ctx);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(problems);
    }
    // Every trail is `saved` and verified, so each move is legal; a refused
    // one (a time before the save) is reported and nothing is kept.
    let checked = FinaliseCheck {
        berita_acara_usulan: batch
            .berita_acara_usulan
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        statement: statement.trim().to_owned(),
        batch_hash: batch_hash(batch),
    };
    let mut next = batch.clone();
    let mut refused = Vec::new();
    for (i, p) in next.proposals.iter_mut().enumerate() {
        if let Err(e) =
            p.trail
                .record_finalise(actor, at, checked.clone(), ctx.anchors.key.as_ref())
        {
            refused.push(e.to_problem(format!("proposals[{i}].trail")));
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    *batch = next;
    Ok(problems)
}
