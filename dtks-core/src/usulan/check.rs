//! Proposal and batch validation.

use super::integrity::{verify_batch, Anchors};
use super::model::{Batch, Proposal};
use super::programme::{ProgrammeCheck, ProgrammeVerdict};
use crate::household::{self, IdField};
use crate::musyawarah::PrelistAkhir;
use crate::problem::{Code, Problem};
use crate::region;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What a check needs besides the batch.
pub struct CheckContext<'a> {
    /// The reference date (ages, KK recording dates, programme rules).
    pub as_of: NaiveDate,
    /// NIKs already registered, as [`crate::id::Nik::as_u64`].
    pub registered: &'a HashSet<u64>,
    /// The prelist akhir of the session the batch cites, if the caller has it.
    pub prelist: Option<&'a PrelistAkhir>,
    /// The programme check (the eligibility engine, or a stand-in).
    pub programmes: &'a dyn ProgrammeCheck,
    /// What the host keeps to anchor the trails (its key, the kept heads);
    /// `&Anchors::default()` when it keeps nothing.
    pub anchors: &'a Anchors,
}

impl std::fmt::Debug for CheckContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckContext")
            .field("as_of", &self.as_of)
            .field("registered", &self.registered.len())
            .field("prelist", &self.prelist.map(|p| &p.hash))
            .finish_non_exhaustive()
    }
}

/// A village code as 10 digits when it is in the region table, else as typed without dots.
fn village_digits(code: &str) -> String {
    region::village(code.trim())
        .map(|r| r.code_digits())
        .unwrap_or_else(|| code.trim().replace('.', ""))
}

/// Validates one proposal; paths are relative to the proposal.
///
/// | check | code |
/// |---|---|
/// | proposal id not blank | `FIELD_REQUIRED` |
/// | the household: identity numbers, member data complete, … | every code of [`crate::household::validate`] under `household` |
/// | the KK typed is valid and a family of the household | `KK_*`, `USULAN_KK_NOT_IN_HOUSEHOLD` |
/// | the NIK typed is valid and a member of that family | `NIK_*`, `USULAN_NIK_NOT_IN_FAMILY` |
/// | the survey answered, every question | `USULAN_SURVEY_MISSING`, `USULAN_SURVEY_UNANSWERED` |
/// | at least one programme, each once, each possible | `USULAN_NO_PROGRAMME`, `USULAN_PROGRAMME_TWICE`, `USULAN_PROGRAMME_NOT_POSSIBLE`, `USULAN_PROGRAMME_UNKNOWN`, `USULAN_PROGRAMME_UNDECIDABLE` (warning) |
/// | KTP photo and front-of-house photo attached | `USULAN_DOCUMENT_MISSING` |
/// | the household lives in the operator's village | `USULAN_VILLAGE_MISMATCH` |
/// | no member's NIK already registered | `USULAN_NIK_REGISTERED` |
/// | the trail holds: chain, seals with the host's key, the kept head | `AUDIT_TRAIL_BROKEN` |
pub fn check_proposal(
    p: &Proposal,
    operator_village: &str,
    ctx: &CheckContext<'_>,
) -> Vec<Problem> {
    proposal_problems(p, operator_village, ctx, &mut Vec::new())
}

/// [`check_proposal`], also collecting the programmes that await the
/// household's ranking into `awaiting` (one programme check per programme).
fn proposal_problems(
    p: &Proposal,
    operator_village: &str,
    ctx: &CheckContext<'_>,
    awaiting: &mut Vec<String>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    if p.id.trim().is_empty() {
        out.push(Problem::new(Code::FieldRequired, "id").with("field", "id"));
    }
    out.extend(
        household::validate(&p.household, ctx.as_of)
            .into_iter()
            .map(|q| q.under("household")),
    );
    identity(p, &mut out);
    survey(p, &mut out);
    programmes(p, ctx, &mut out, awaiting);
    let docs = &p.household.documents;
    // The document as the SIKS-NG screen names it, in each language.
    for (doc, id, en, path) in [
        (
            &docs.ktp_photo,
            "Foto KTP",
            "KTP photo",
            "household.documents.ktp_photo",
        ),
        (
            &docs.house_photo,
            "Foto rumah tampak depan",
            "front-of-house photo",
            "household.documents.house_photo",
        ),
    ] {
        if match doc.as_deref() {
            Some(d) => d.trim().is_empty(),
            None => true,
        } {
            out.push(Problem::new(Code::UsulanDocumentMissing, path).with_value(
                "document",
                crate::problem::Value::Lang {
                    id: id.to_owned(),
                    en: en.to_owned(),
                },
            ));
        }
    }
    let home = p.household.address.village_code.trim();
    if !home.is_empty() && village_digits(home) != village_digits(operator_village) {
        out.push(
            Problem::new(
                Code::UsulanVillageMismatch,
                "household.address.village_code",
            )
            .with("village", village_digits(home))
            .with("operator_village", village_digits(operator_village)),
        );
    }
    for (f, fam) in p.household.families.iter().enumerate() {
        for (m, member) in fam.members.iter().enumerate() {
            let Some(nik) = member.nik.as_ref().and_then(IdField::valid) else {
                continue;
            };
            if ctx.registered.contains(&nik.as_u64()) {
                out.push(
                    Problem::new(
                        Code::UsulanNikRegistered,
                        format!("household.families[{f}].members[{m}].nik"),
                    )
                    .with("nik", nik.masked()),
                );
            }
        }
    }
    if let Err(e) = p.trail.verify_anchored(&ctx.anchors.for_proposal(&p.id)) {
        out.push(e.to_problem("trail"));
    }
    out
}

fn identity(p: &Proposal, out: &mut Vec<Problem>) {
    let kk = match &p.kk {
        IdField::Valid(kk) => Some(*kk),
        IdField::Invalid { error, .. } => {
            out.push(error.to_problem("kk"));
            None
        }
    };
    let nik = match &p.nik {
        IdField::Valid(nik) => Some(*nik),
        IdField::Invalid { error, .. } => {
            out.push(error.to_problem("nik"));
            None
        }
    };
    let Some(kk) = kk else { return };
    let family = p
        .household
        .families
        .iter()
        .find(|f| f.kk.as_ref().and_then(IdField::valid) == Some(kk));
    let Some(family) = family else {
        out.push(Problem::new(Code::UsulanKkNotInHousehold, "kk").with("kk", kk.masked()));
        return;
    };
    let Some(nik) = nik else { return };
    if !family
        .members
        .iter()
        .any(|m| m.nik.as_ref().and_then(IdField::valid) == Some(nik))
    {
        out.push(
            Problem::new(Code::UsulanNikNotInFamily, "nik")
                .with("nik", nik.masked())
                .with("kk", kk.masked()),
        );
    }
}

fn survey(p: &Proposal, out: &mut Vec<Problem>) {
    if p.survey.is_empty() {
        out.push(Problem::new(Code::UsulanSurveyMissing, "survey"));
        return;
    }
    for (i, a) in p.survey.iter().enumerate() {
        if a.question.trim().is_empty() {
            let path = format!("survey[{i}].question");
            out.push(Problem::new(Code::FieldRequired, path.clone()).with("field", path));
        }
        if match &a.answer {
            Some(x) => x.is_blank(),
            None => true,
        } {
            out.push(
                Problem::new(Code::UsulanSurveyUnanswered, format!("survey[{i}].answer"))
                    .with("question", a.question.trim()),
            );
        }
    }
}

fn reason_list(v: &[super::ProgrammeReason]) -> crate::problem::Value {
    crate::problem::Value::List(v.iter().map(super::ProgrammeReason::to_value).collect())
}

fn programmes(
    p: &Proposal,
    ctx: &CheckContext<'_>,
    out: &mut Vec<Problem>,
    awaiting: &mut Vec<String>,
) {
    if p.programmes.is_empty() {
        out.push(Problem::new(Code::UsulanNoProgramme, "programmes"));
    }
    let mut seen = HashSet::new();
    for (i, prog) in p.programmes.iter().enumerate() {
        let id = prog.trim();
        let path = format!("programmes[{i}]");
        if id.is_empty() {
            out.push(Problem::new(Code::FieldRequired, path.clone()).with("field", path));
            continue;
        }
        if !seen.insert(id) {
            out.push(Problem::new(Code::UsulanProgrammeTwice, path).with("programme", id));
            continue;
        }
        match ctx.programmes.check(&p.household, id, ctx.as_of) {
            ProgrammeVerdict::Possible => {}
            ProgrammeVerdict::NotPossible { reasons } => out.push(
                Problem::new(Code::UsulanProgrammeNotPossible, path)
                    .with("programme", id)
                    .with_value("reasons", reason_list(&reasons)),
            ),
            ProgrammeVerdict::Undecidable { missing } => out.push(
                Problem::new(Code::UsulanProgrammeUndecidable, path)
                    .with("programme", id)
                    .with_value("missing", reason_list(&missing)),
            ),
            // The proposal is the request for the ranking: not a problem of
            // it (the batch answer lists it once: `awaiting_ranking`).
            ProgrammeVerdict::AwaitsRanking { .. } => awaiting.push(id.to_owned()),
            ProgrammeVerdict::UnknownProgramme => {
                out.push(Problem::new(Code::UsulanProgrammeUnknown, path).with("programme", id))
            }
        }
    }
}

/// Validates a batch: every proposal ([`check_proposal`], under
/// `proposals[i]`), plus what only the batch can tell.
///
/// | check | code |
/// |---|---|
/// | batch id, operator village | `FIELD_REQUIRED`, `VILLAGE_UNKNOWN` |
/// | at least one proposal | `USULAN_BATCH_EMPTY` |
/// | proposal ids unique | `USULAN_ID_DUPLICATE` |
/// | no NIK in two proposals of the batch | `USULAN_NIK_IN_BATCH` |
/// | a cited prelist is given, its hash matches, each household is on it | `USULAN_PRELIST_NOT_GIVEN`, `USULAN_PRELIST_HASH_MISMATCH`, `USULAN_NOT_ON_PRELIST` |
/// | every proposal with a kept head still in the batch; a finalised batch unchanged since | `AUDIT_TRAIL_MISSING`, `USULAN_CHANGED_AFTER_FINALISATION` |
///
/// Order: batch-wide problems, then proposal by proposal (its cross-batch
/// problems, then its own).
pub fn check_batch(batch: &Batch, ctx: &CheckContext<'_>) -> Vec<Problem> {
    batch_problems(batch, ctx).0
}

/// [`check_batch`] and [`awaiting_ranking`] from one pass: each programme
/// of each proposal is judged once.
pub(super) fn batch_problems(
    batch: &Batch,
    ctx: &CheckContext<'_>,
) -> (Vec<Problem>, Vec<AwaitingRanking>) {
    let mut out = Vec::new();
    let mut waiting = Vec::new();
    if batch.id.trim().is_empty() {
        out.push(Problem::new(Code::FieldRequired, "id").with("field", "id"));
    }
    let ov = batch.operator_village.trim();
    if ov.is_empty() {
        out.push(
            Problem::new(Code::FieldRequired, "operator_village").with("field", "operator_village"),
        );
    } else if region::village(ov).is_none() {
        out.push(
            Problem::new(Code::VillageUnknown, "operator_village")
                .with_input("value", ov)
                .with("table", region::table_version()),
        );
    }
    if batch.proposals.is_empty() {
        out.push(Problem::new(Code::UsulanBatchEmpty, "proposals"));
    }
    // The prelist the batch cites, when it checks out.
    let mut prelist = None;
    if let Some(cited) = batch.prelist_hash.as_deref().map(str::trim) {
        match ctx.prelist {
            None => out.push(
                Problem::new(Code::UsulanPrelistNotGiven, "prelist_hash").with("hash", cited),
            ),
            Some(list) if !list.hash.eq_ignore_ascii_case(cited) => out.push(
                Problem::new(Code::UsulanPrelistHashMismatch, "prelist_hash")
                    .with("cited", cited)
                    .with("actual", &list.hash),
            ),
            Some(list) => prelist = Some(list),
        }
    }
    // Trail breaks are reported by each proposal's check; here what only the batch shows.
    out.extend(
        verify_batch(batch, ctx.anchors)
            .into_iter()
            .filter(|p| p.code != Code::AuditTrailBroken),
    );
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut niks: HashMap<u64, String> = HashMap::new();
    for (i, p) in batch.proposals.iter().enumerate() {
        let base = format!("proposals[{i}]");
        let id = p.id.trim();
        if !id.is_empty() {
            if let Some(first) = ids.get(id) {
                out.push(
                    Problem::new(Code::UsulanIdDuplicate, format!("{base}.id"))
                        .with_input("id", id)
                        .with("other", format!("proposals[{first}]")),
                );
            } else {
                ids.insert(id, i);
            }
        }
        if let Some(list) = prelist {
            if !list.contains(&p.household.id) {
                out.push(
                    Problem::new(Code::UsulanNotOnPrelist, format!("{base}.household.id"))
                        .with_input("household", p.household.id.trim()),
                );
            }
        }
        for (f, fam) in p.household.families.iter().enumerate() {
            for (m, member) in fam.members.iter().enumerate() {
                let Some(nik) = member.nik.as_ref().and_then(IdField::valid) else {
                    continue;
                };
                let path = format!("{base}.household.families[{f}].members[{m}].nik");
                match niks.get(&nik.as_u64()) {
                    // Twice inside one proposal is the household check's NIK_DUPLICATE_IN_HOUSEHOLD.
                    Some(other) if !other.starts_with(&format!("{base}.")) => out.push(
                        Problem::new(Code::UsulanNikInBatch, path)
                            .with("nik", nik.masked())
                            .with("other", other),
                    ),
                    Some(_) => {}
                    None => {
                        niks.insert(nik.as_u64(), path);
                    }
                }
            }
        }
        let mut awaiting = Vec::new();
        out.extend(
            proposal_problems(p, &batch.operator_village, ctx, &mut awaiting)
                .into_iter()
                .map(|q| q.under(&base)),
        );
        if !awaiting.is_empty() {
            waiting.push(AwaitingRanking {
                proposal_index: i,
                proposal_id: id.to_owned(),
                programmes: awaiting,
            });
        }
    }
    (out, waiting)
}

/// The programmes of one proposal that wait for the household's welfare
/// ranking ([`ProgrammeVerdict::AwaitsRanking`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AwaitingRanking {
    /// Index in the batch.
    pub proposal_index: usize,
    /// The proposal's id.
    pub proposal_id: String,
    /// The programme ids, as proposed.
    pub programmes: Vec<String>,
}

/// Every proposal whose programmes can only be decided once the household
/// is ranked (a household not yet in the registry has no desil; the
/// proposal asks for that ranking). These are not problems: no operator
/// can clear them, so [`check_batch`] does not warn about them; an answer
/// lists them once ([`super::BatchAnswer::awaiting_ranking`]).
pub fn awaiting_ranking(batch: &Batch, ctx: &CheckContext<'_>) -> Vec<AwaitingRanking> {
    // One source for both answers: the programme judgements of the check.
    batch_problems(batch, ctx).1
}
