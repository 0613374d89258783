//! The village deliberation and the proposal path (docs/process.md): a
//! musyawarah session and its prelist akhir, a batch of proposals (usulan)
//! checked and finalised, a proposal's status moved along its audit trail,
//! the trail verified, and a proposal's status found by NIK or name.
//!
//! Every function takes JSON (the serde models of `dtks_core::musyawarah`,
//! `dtks_core::usulan`, `dtks_core::lifecycle`) and answers with JSON. The
//! verdict on a well-formed document is the answer (`DTKS_OK`); a text that
//! is not the document at all is `DTKS_INVALID_INPUT` with `DOCUMENT_INVALID`
//! (the command answers the same text with the same problem, exit 1), since
//! there is nothing to judge.

use crate::assess::dtks_rules;
use crate::error::{boundary, dtks_status, Error};
use crate::process_options::dtks_process_options;
use crate::strings::{arg_date, arg_str, check_out, owned, write_out};
use chrono::NaiveDateTime;
use dtks_core::document::{self, Document};
use dtks_core::id::Nik;
use dtks_core::musyawarah::{self, PrelistAkhir, QuorumRule, Session};
use dtks_core::problem::{Headline, Lang, Problem};
use dtks_core::rules::RuleSets;
use dtks_core::usulan::{self, Batch, CheckContext, Query};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashSet;
use std::ffi::c_char;

/// An optional NUL-terminated UTF-8 argument: NULL is `None`.
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_opt<'a>(
    p: *const c_char,
    name: &'static str,
) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(p, name) }.map(Some)
    }
}

/// A time argument: `YYYY-MM-DDTHH:MM:SS` (as `dtks usulan finalise --at`).
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_time(
    p: *const c_char,
    name: &'static str,
) -> Result<NaiveDateTime, Error> {
    // SAFETY: forwarded contract.
    let s = unsafe { arg_str(p, name) }?;
    dtks_core::answer::parse_time(s).ok_or_else(|| {
        Error::argument(
            name,
            "waktu YYYY-MM-DDTHH:MM:SS",
            "a time YYYY-MM-DDTHH:MM:SS",
        )
    })
}

/// A document of the model `T` (a session, a batch, a proposal, a trail),
/// or the failure `DOCUMENT_INVALID`: the field by its path, what is wrong
/// in both languages, never a quoted value (the command's problem for the
/// same text).
pub(crate) fn parse_doc<T: DeserializeOwned>(text: &str, doc: Document) -> Result<T, Error> {
    document::parse(text, "-", doc).map_err(|p| problem_error(&p))
}

/// A core problem as the failure of a call (its code and both messages).
pub(crate) fn problem_error(p: &Problem) -> Error {
    Error::Invalid {
        code: p.code.as_str(),
        id: p.message(Lang::Id),
        en: p.message(Lang::En),
    }
}

/// Several core problems as the failure of a call, named by their
/// [`Headline`]: the first error's code, and messages that say how many
/// problems there are in all.
pub(crate) fn problems_error(problems: &[Problem]) -> Error {
    let Some(h) = Headline::of(problems) else {
        return Error::Internal;
    };
    Error::Invalid {
        code: h.lead.code.as_str(),
        id: h.message(Lang::Id),
        en: h.message(Lang::En),
    }
}

/// Writes an answer as JSON through a checked out-pointer.
///
/// # Safety
/// `out` was checked by [`check_out`].
pub(crate) unsafe fn answer<T: Serialize>(out: *mut *mut c_char, v: &T) -> Result<(), Error> {
    let json = crate::to_json(v)?;
    // SAFETY: checked non-NULL by the caller.
    unsafe { write_out(out, owned(&json)) };
    Ok(())
}

/// The registered NIKs: a JSON array of NIK strings (strict parse).
fn registered(text: Option<&str>) -> Result<HashSet<u64>, Error> {
    let Some(text) = text else {
        return Ok(HashSet::new());
    };
    let list: Vec<String> = serde_json::from_str(text).map_err(|_| {
        Error::argument(
            "registered_niks",
            "larik JSON berisi teks NIK",
            "a JSON array of NIK strings",
        )
    })?;
    usulan::registered_niks(list.iter().map(String::as_str), |i| {
        format!("registered_niks[{i}]")
    })
    .map_err(|problems| problems_error(&problems))
}

/// What a batch check needs besides the rules: as `dtks usulan check`
/// loads it (the session's problems under `session`, under the quorum rule
/// of the options).
struct BatchInputs {
    batch: Batch,
    registered: HashSet<u64>,
    prelist: Option<PrelistAkhir>,
    session_problems: Vec<Problem>,
}

fn batch_inputs(
    batch: &str,
    session: Option<&str>,
    registered_niks: Option<&str>,
    quorum: &QuorumRule,
) -> Result<BatchInputs, Error> {
    let batch: Batch = parse_doc(batch, Document::Batch)?;
    let session: Option<Session> = session
        .map(|text| parse_doc(text, Document::Session))
        .transpose()?;
    let (prelist, session_problems) = usulan::prelist_of(session.as_ref(), None, quorum)
        .map_err(|e| Error::argument("quorum", e.message(Lang::Id), e.message(Lang::En)))?;
    Ok(BatchInputs {
        batch,
        registered: registered(registered_niks)?,
        prelist,
        session_problems,
    })
}

/// The rule sets of a handle, or the built-in ones for NULL.
///
/// # Safety
/// `rules` is NULL or a live handle not being loaded into.
pub(crate) unsafe fn rule_sets<'a>(rules: *const dtks_rules) -> &'a RuleSets {
    // SAFETY: per the caller's contract.
    match unsafe { rules.as_ref() } {
        Some(r) => &r.sets,
        None => RuleSets::builtin(),
    }
}

/// Validates a Musyawarah Desa/Kelurahan session (JSON, the model of
/// `dtks_core::musyawarah::Session`: `kind`, `village_code`, `date`,
/// `place`, `participants`, `agenda`, `decisions`, `berita_acara`) and,
/// when it has no error, builds its prelist akhir (the same as `dtks
/// musyawarah check --json`).
///
/// The answer: `{"valid", "errors", "warnings", "problems": [{"code",
/// "severity", "path", "context", "message_id", "message_en"}],
/// "prelist_akhir"}`; `prelist_akhir` (only when valid) holds `format`,
/// `village_code`, `session_date`, `berita_acara_number`, `entries`
/// (`household_id`, `source`; by household id) and `hash` (SHA-256, hex,
/// which a batch cites as `prelist_hash`). An invalid session is an answer
/// (`DTKS_OK`, `"valid": false`), not a failure.
///
/// Parameters: `session_json`, NUL-terminated UTF-8; `quorum_json`, NULL
/// for no quorum rule (the default: none is documented) or
/// `{"min_participants": N, "required_roles": ["bpd", …]}`; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `session_json` is not a
/// session at all (last error `DOCUMENT_INVALID`); `DTKS_INVALID_ARGUMENT` for a
/// malformed `quorum_json`; `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the strings are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_musyawarah_check_json(
    session_json: *const c_char,
    quorum_json: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on the strings.
        let text = unsafe { arg_str(session_json, "session_json") }?;
        // SAFETY: as above.
        let quorum = match unsafe { arg_opt(quorum_json, "quorum_json") }? {
            None => QuorumRule::default(),
            Some(q) => QuorumRule::from_json(q).map_err(|_| {
                Error::argument(
                    "quorum_json",
                    "{\"min_participants\": N, \"required_roles\": [peran, ...]}",
                    "{\"min_participants\": N, \"required_roles\": [role, ...]}",
                )
            })?,
        };
        let session: Session = parse_doc(text, Document::Session)?;
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &musyawarah::check_answer(&session, &quorum)) }
    })
}

/// Checks a batch of proposals (JSON, the model of
/// `dtks_core::usulan::Batch`: `id`, `operator_village`, `prelist_hash`,
/// `berita_acara_usulan`, `proposals[]`) with every check of the core: each
/// household, the KK and NIK typed, the survey, the documents, the village,
/// NIKs twice or already registered, the cited prelist akhir, each
/// programme against the eligibility rules, the trails (the same as `dtks
/// usulan check --json`).
///
/// The answer: `{"valid", "errors", "warnings", "problems": […],
/// "awaiting_ranking": […]}` (`dtks_core::usulan::BatchAnswer`, as `dtks
/// usulan check --json`); the session's own problems, if any, come first
/// under the path `session`; `awaiting_ranking` lists the proposals whose
/// programmes are decided once the household is ranked (`{"proposal_index",
/// "proposal_id", "programmes"}`: no problem, the proposal is that request).
/// An invalid batch is an answer (`DTKS_OK`), not a failure.
///
/// Parameters: `rules`, a set from `dtks_rules_new` for the programme
/// check, or NULL for the built-in documents; `batch_json`; `session_json`,
/// the musyawarah session whose prelist akhir the batch cites, or NULL (a
/// batch citing a `prelist_hash` then has `USULAN_PRELIST_NOT_GIVEN`);
/// `registered_niks_json`, a JSON array of NIK strings already in the
/// registry, or NULL for none; `as_of`, `YYYY-MM-DD`; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `batch_json` or
/// `session_json` is not a batch / session at all (`DOCUMENT_INVALID`) or a
/// registered NIK is invalid (its `NIK_*` code, the message names its
/// index); `DTKS_INVALID_ARGUMENT` (a malformed `as_of`, a
/// `registered_niks_json` that is not an array of strings);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread;
/// `rules` may be shared (not during a `dtks_rules_load`).
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_check_json(
    rules: *const dtks_rules,
    batch_json: *const c_char,
    session_json: *const c_char,
    registered_niks_json: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded; no options.
    unsafe {
        dtks_usulan_check_ex_json(
            rules,
            batch_json,
            session_json,
            registered_niks_json,
            as_of,
            std::ptr::null(),
            out,
        )
    }
}

/// `dtks_usulan_check_json` with options (`dtks_process_options_new`):
/// the host's `key` (every trail entry must carry its seal), the `heads`
/// it kept (entries removed at the end, removed proposals), and the
/// `quorum_min` / `quorum_role` rule of the session (as `dtks usulan check
/// --key --heads --quorum-min --quorum-role`). `options` NULL is the
/// defaults (nothing kept, no quorum rule): `dtks_usulan_check_json`.
///
/// Returns, memory and thread safety: as `dtks_usulan_check_json`; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_check_ex_json(
    rules: *const dtks_rules,
    batch_json: *const c_char,
    session_json: *const c_char,
    registered_niks_json: *const c_char,
    as_of: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract on the strings.
        let batch = unsafe { arg_str(batch_json, "batch_json") }?;
        // SAFETY: as above.
        let session = unsafe { arg_opt(session_json, "session_json") }?;
        // SAFETY: as above.
        let niks = unsafe { arg_opt(registered_niks_json, "registered_niks_json") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let input = batch_inputs(batch, session, niks, o.quorum())?;
        let ctx = CheckContext {
            as_of,
            registered: &input.registered,
            prelist: input.prelist.as_ref(),
            // SAFETY: NULL or a live handle per the contract.
            programmes: unsafe { rule_sets(rules) },
            anchors: o.anchors(),
        };
        let a = usulan::check_answer(&input.batch, &ctx, input.session_problems);
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &a) }
    })
}

#[derive(Serialize)]
struct FinaliseReport<'a> {
    #[serde(flatten)]
    answer: usulan::FinaliseAnswer,
    /// The finalised batch, which the host writes back (C cannot change the
    /// caller's text in place).
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<&'a Batch>,
}

/// Finalises a batch ("Finalisasi Usulan"): when every check of
/// `dtks_usulan_check_json` passes, the Berita Acara Usulan is attached,
/// every proposal is `saved` and `statement` is "Saya bertanggung jawab
/// terhadap data usulan tersebut" (surrounding whitespace ignored, inner
/// runs of whitespace as one space, letter case and punctuation exact),
/// records the move `finalise` by `actor` at `at` in every proposal's
/// trail.
///
/// The answer: `{"finalised", "valid", "errors", "warnings", "problems",
/// "batch"}`: when finalised, `batch` is the batch with the new trail
/// entries (store it; it replaces the input) and `problems` holds the
/// warnings; otherwise `batch` is absent and `problems` says what blocks
/// it (`USULAN_STATEMENT_MISMATCH`, `USULAN_STATUS_WRONG`, …). A refusal is
/// an answer (`DTKS_OK`, `"finalised": false`), not a failure.
///
/// Parameters: `rules`, `batch_json`, `session_json`,
/// `registered_niks_json`, `as_of` as for `dtks_usulan_check_json`;
/// `statement`, as the operator typed it; `actor`, the operator's account
/// id (recorded in the trails; not a person's name); `at`, the time of the
/// finalisation, `YYYY-MM-DDTHH:MM:SS` (the library never reads the
/// clock); `out`.
///
/// Returns: as `dtks_usulan_check_json`; also `DTKS_INVALID_ARGUMENT` for
/// a malformed `at`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread;
/// `rules` may be shared (not during a `dtks_rules_load`).
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_finalise_json(
    rules: *const dtks_rules,
    batch_json: *const c_char,
    session_json: *const c_char,
    registered_niks_json: *const c_char,
    as_of: *const c_char,
    statement: *const c_char,
    actor: *const c_char,
    at: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded; no options.
    unsafe {
        dtks_usulan_finalise_ex_json(
            rules,
            batch_json,
            session_json,
            registered_niks_json,
            as_of,
            statement,
            actor,
            at,
            std::ptr::null(),
            out,
        )
    }
}

/// `dtks_usulan_finalise_json` with options (`dtks_process_options_new`):
/// the trails are verified with the host's `key` and kept `heads`, the
/// session under the `quorum_min` / `quorum_role` rule, and the new
/// `finalise` entries are sealed with the key. When finalised the answer
/// also holds `heads`, a `dtks-heads/1` document of the batch's new heads:
/// store it where the host keeps heads (docs/process.md, "Trust model").
///
/// Returns, memory and thread safety: as `dtks_usulan_finalise_json`; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_finalise_ex_json(
    rules: *const dtks_rules,
    batch_json: *const c_char,
    session_json: *const c_char,
    registered_niks_json: *const c_char,
    as_of: *const c_char,
    statement: *const c_char,
    actor: *const c_char,
    at: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract on the strings.
        let batch = unsafe { arg_str(batch_json, "batch_json") }?;
        // SAFETY: as above.
        let session = unsafe { arg_opt(session_json, "session_json") }?;
        // SAFETY: as above.
        let niks = unsafe { arg_opt(registered_niks_json, "registered_niks_json") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        // SAFETY: as above.
        let statement = unsafe { arg_str(statement, "statement") }?;
        // SAFETY: as above.
        let actor = unsafe { arg_str(actor, "actor") }?;
        // SAFETY: as above.
        let at = unsafe { arg_time(at, "at") }?;
        let input = batch_inputs(batch, session, niks, o.quorum())?;
        let ctx = CheckContext {
            as_of,
            registered: &input.registered,
            prelist: input.prelist.as_ref(),
            // SAFETY: NULL or a live handle per the contract.
            programmes: unsafe { rule_sets(rules) },
            anchors: o.anchors(),
        };
        let mut batch = input.batch;
        let a = usulan::finalise_answer(
            &mut batch,
            statement,
            &ctx,
            input.session_problems,
            actor,
            at,
        );
        let done = a.finalised;
        let report = FinaliseReport {
            answer: a,
            batch: done.then_some(&batch),
        };
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &report) }
    })
}

/// Where a proposal stands (the SIKS-NG "DTKS" menu: type the citizen's
/// name): every proposal of the batch with a member matching the NIK or the
/// name, its status, since when, and the last move with its reason and note.
///
/// The batch's trails are verified first: when one is broken
/// (`AUDIT_TRAIL_BROKEN`) or the batch changed after finalisation
/// (`USULAN_CHANGED_AFTER_FINALISATION`), nothing is answered from it:
/// `"found": false`, no answers, and the problems in `"problems"`.
///
/// The answer: `{"found", "answers": [{"proposal_index", "proposal_id",
/// "member", "status", "since", "last_move", "note"}], "problems"}`; `member`
/// is a path (`proposals[1].household.families[0].members[0]`), never a
/// name or NIK. Nothing found is an answer (`"found": false`).
///
/// Parameters: `batch_json`; exactly one of `nik` (16 digits, strict) and
/// `name` (compared after trimming, collapsing whitespace and lowercasing;
/// whole names only), the other NULL; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `nik` is not a valid NIK
/// (its `NIK_*` code) or `batch_json` is not a batch (`DOCUMENT_INVALID`);
/// `DTKS_INVALID_ARGUMENT` when both or neither of `nik` and `name` are
/// given; `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_status_json(
    batch_json: *const c_char,
    nik: *const c_char,
    name: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded; no options.
    unsafe { dtks_usulan_status_ex_json(batch_json, nik, name, std::ptr::null(), out) }
}

/// `dtks_usulan_status_json` with options (`dtks_process_options_new`):
/// the trails are verified with the host's `key` and kept `heads` before
/// anything is answered, and with `partial` a `name` matches part of a
/// name (each word given begins a word of the name, in any order; letter
/// case, accents and punctuation ignored: `"siti am"` finds "Siti
/// Aminah"). Answers name no one: `member` is a path.
///
/// Returns, memory and thread safety: as `dtks_usulan_status_json`; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_status_ex_json(
    batch_json: *const c_char,
    nik: *const c_char,
    name: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract on the strings.
        let text = unsafe { arg_str(batch_json, "batch_json") }?;
        // SAFETY: as above.
        let nik = unsafe { arg_opt(nik, "nik") }?;
        // SAFETY: as above.
        let name = unsafe { arg_opt(name, "name") }?;
        let query = match (nik, name) {
            (Some(n), None) => {
                Query::Nik(Nik::parse(n.trim()).map_err(|e| crate::error::invalid_id(&e))?)
            }
            (None, Some(n)) => Query::by_name(n, o.partial()),
            _ => {
                return Err(Error::argument(
                    "nik",
                    "tepat satu dari `nik` dan `name`",
                    "exactly one of `nik` and `name`",
                ))
            }
        };
        let batch: Batch = parse_doc(text, Document::Batch)?;
        // The trails are verified first: a broken one is reported, not answered from.
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &usulan::status_answer(&batch, query, o.anchors())) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};
    use std::ptr;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap()
    }

    fn example(name: &str) -> CString {
        let path = format!("{}/../examples/process/{name}", env!("CARGO_MANIFEST_DIR"));
        c(&std::fs::read_to_string(path).unwrap())
    }

    fn take(p: *mut c_char) -> serde_json::Value {
        assert!(!p.is_null());
        let v = serde_json::from_str(unsafe { CStr::from_ptr(p) }.to_str().unwrap()).unwrap();
        unsafe { crate::dtks_string_free(p) };
        v
    }

    fn last_code() -> String {
        let p = crate::dtks_last_error_code();
        assert!(!p.is_null());
        unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn example_session_lists_rt001_and_rt003() {
        let s = example("session.json");
        let mut out = ptr::null_mut();
        let st = unsafe { dtks_musyawarah_check_json(s.as_ptr(), ptr::null(), &mut out) };
        assert_eq!(st, dtks_status::DTKS_OK);
        let v = take(out);
        assert_eq!(v["valid"], true);
        let ids: Vec<_> = v["prelist_akhir"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["household_id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids, ["RT-001", "RT-003"]);
        // A quorum of BPD (none attended) makes it invalid, without a list.
        let q = c(r#"{"required_roles": ["bpd"]}"#);
        let mut out = ptr::null_mut();
        let st = unsafe { dtks_musyawarah_check_json(s.as_ptr(), q.as_ptr(), &mut out) };
        assert_eq!(st, dtks_status::DTKS_OK);
        let v = take(out);
        assert_eq!(v["valid"], false);
        assert!(v.get("prelist_akhir").is_none());
        assert_eq!(v["problems"][0]["code"], "MUSYAWARAH_QUORUM_ROLE");
    }

    fn finalise(statement: &str) -> serde_json::Value {
        let (b, s) = (example("batch.json"), example("session.json"));
        let mut out = ptr::null_mut();
        let st = unsafe {
            dtks_usulan_finalise_json(
                ptr::null(),
                b.as_ptr(),
                s.as_ptr(),
                ptr::null(),
                c("2024-03-07").as_ptr(),
                c(statement).as_ptr(),
                c("op-3171011001").as_ptr(),
                c("2024-03-07T10:00:00").as_ptr(),
                &mut out,
            )
        };
        assert_eq!(st, dtks_status::DTKS_OK);
        take(out)
    }

    #[test]
    fn example_batch_checks_and_finalises_with_the_exact_statement() {
        let (b, s) = (example("batch.json"), example("session.json"));
        let mut out = ptr::null_mut();
        let st = unsafe {
            dtks_usulan_check_json(
                ptr::null(),
                b.as_ptr(),
                s.as_ptr(),
                ptr::null(),
                c("2024-03-07").as_ptr(),
                &mut out,
            )
        };
        assert_eq!(st, dtks_status::DTKS_OK);
        let v = take(out);
        assert_eq!(v["valid"], true, "{v}");

        let v = finalise("Saya bertanggung jawab terhadap data usulan tersebut");
        assert_eq!(v["finalised"], true, "{v}");
        let trail = &v["batch"]["proposals"][0]["trail"];
        assert_eq!(trail[1]["to"], "finalised");

        let v = finalise("saya bertanggung jawab terhadap data usulan tersebut");
        assert_eq!(v["finalised"], false);
        assert!(v.get("batch").is_none());
        let codes: Vec<_> = v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, ["USULAN_STATEMENT_MISMATCH"]);
    }

    struct Opts(*mut dtks_process_options);

    impl Opts {
        fn new(pairs: &[(&str, &str)]) -> Opts {
            let mut o = ptr::null_mut();
            assert_eq!(
                unsafe { crate::dtks_process_options_new(&mut o) },
                dtks_status::DTKS_OK
            );
            for (k, v) in pairs {
                let st =
                    unsafe { crate::dtks_process_options_set(o, c(k).as_ptr(), c(v).as_ptr()) };
                assert_eq!(st, dtks_status::DTKS_OK, "{k}");
            }
            Opts(o)
        }
    }

    impl Drop for Opts {
        fn drop(&mut self) {
            unsafe { crate::dtks_process_options_free(self.0) };
        }
    }

    fn check_ex(batch: &str, o: &Opts) -> serde_json::Value {
        let s = example("session.json");
        let b = c(batch);
        let mut out = ptr::null_mut();
        let st = unsafe {
            dtks_usulan_check_ex_json(
                ptr::null(),
                b.as_ptr(),
                s.as_ptr(),
                ptr::null(),
                c("2024-03-07").as_ptr(),
                o.0,
                &mut out,
            )
        };
        assert_eq!(st, dtks_status::DTKS_OK);
        take(out)
    }

    fn codes(v: &serde_json::Value) -> Vec<String> {
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect()
    }

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn anchored_finalise_then_check_catches_truncation_and_unsealed_entries() {
        let (b, s) = (example("batch.json"), example("session.json"));
        // The example's `save` entries are unsealed: with the key, finalising is refused.
        let keyed = Opts::new(&[("key", KEY)]);
        let v = check_ex(b.to_str().unwrap(), &keyed);
        assert!(codes(&v).contains(&"AUDIT_TRAIL_BROKEN".to_owned()), "{v}");

        // Without the key: finalise, and keep the heads it gives.
        let none = Opts::new(&[]);
        let mut out = ptr::null_mut();
        let st = unsafe {
            dtks_usulan_finalise_ex_json(
                ptr::null(),
                b.as_ptr(),
                s.as_ptr(),
                ptr::null(),
                c("2024-03-07").as_ptr(),
                c(usulan::STATEMENT).as_ptr(),
                c("op-1").as_ptr(),
                c("2024-03-07T10:00:00").as_ptr(),
                none.0,
                &mut out,
            )
        };
        assert_eq!(st, dtks_status::DTKS_OK);
        let v = take(out);
        assert_eq!(v["finalised"], true, "{v}");
        assert_eq!(v["heads"]["format"], "dtks-heads/1");
        let heads = v["heads"].to_string();
        let mut batch = v["batch"].clone();
        let kept = Opts::new(&[("heads", &heads)]);
        assert_eq!(check_ex(&batch.to_string(), &kept)["valid"], true);

        // The finalise entry dropped: the chain still links, the kept head catches it.
        batch["proposals"][0]["trail"].as_array_mut().unwrap().pop();
        assert_eq!(check_ex(&batch.to_string(), &none)["valid"], true);
        let v = check_ex(&batch.to_string(), &kept);
        assert!(codes(&v).contains(&"AUDIT_TRAIL_BROKEN".to_owned()), "{v}");
    }

    #[test]
    fn options_refuse_bad_values_with_codes() {
        let mut o = ptr::null_mut();
        unsafe { crate::dtks_process_options_new(&mut o) };
        let st =
            unsafe { crate::dtks_process_options_set(o, c("heads").as_ptr(), c("[1]").as_ptr()) };
        assert_eq!(st, dtks_status::DTKS_INVALID_INPUT);
        assert_eq!(last_code(), "DOCUMENT_INVALID");
        let st =
            unsafe { crate::dtks_process_options_set(o, c("colour").as_ptr(), c("1").as_ptr()) };
        assert_eq!(st, dtks_status::DTKS_INVALID_ARGUMENT);
        unsafe { crate::dtks_process_options_free(o) };
        unsafe { crate::dtks_process_options_free(ptr::null_mut()) };
    }
}
