//! A proposal's status moved along its audit trail, one trail at a time
//! (`dtks_lifecycle_*`) or on proposals of a batch (`dtks_usulan_move_json`),
//! the trail verified, and the heads a host keeps (`dtks_usulan_heads_json`).
//! Every reader verifies the trail first (with the host's key and kept head
//! when the options carry them) and refuses a broken one.

use crate::error::{boundary, dtks_status, Error};
use crate::process::{answer, arg_opt, arg_time, parse_doc, problem_error};
use crate::process_options::dtks_process_options;
use crate::strings::{arg_str, check_out};
use dtks_core::document::Document;
use dtks_core::lifecycle::{AuditTrail, Event, EventNameError, VerifyAnswer};
use dtks_core::problem::Lang;
use dtks_core::usulan::{self, Batch, MoveAnswer, MoveRequest, Proposal};
use serde::Serialize;
use std::ffi::c_char;

/// A trail, alone or in its proposal.
enum Subject {
    Trail(AuditTrail),
    Proposal(Box<Proposal>),
}

impl Subject {
    /// `[…]` is a trail, anything else a proposal.
    fn parse(text: &str) -> Result<Subject, Error> {
        if text.trim_start().starts_with('[') {
            parse_doc(text, Document::Trail).map(Subject::Trail)
        } else {
            parse_doc(text, Document::Proposal).map(|p| Subject::Proposal(Box::new(p)))
        }
    }

    fn trail(&self) -> &AuditTrail {
        match self {
            Subject::Trail(t) => t,
            Subject::Proposal(p) => &p.trail,
        }
    }

    fn trail_mut(&mut self) -> &mut AuditTrail {
        match self {
            Subject::Trail(t) => t,
            Subject::Proposal(p) => &mut p.trail,
        }
    }
}

/// The move named `event`, with its reason. `finalise` is refused with
/// `LIFECYCLE_FINALISE_RESERVED`: only `dtks_usulan_finalise_json` makes it.
fn parse_move(event: &str, reason: Option<&str>) -> Result<Event, Error> {
    Event::from_name(event, reason).map_err(|e| match e {
        EventNameError::FinaliseReserved => match e.to_problem("event") {
            Some(p) => problem_error(&p),
            None => Error::Internal,
        },
        EventNameError::Unknown => Error::argument(
            "event",
            format!(
                "{} (finalise: dtks_usulan_finalise_json)",
                e.expected(Lang::Id)
            ),
            format!(
                "{} (finalise: dtks_usulan_finalise_json)",
                e.expected(Lang::En)
            ),
        ),
        EventNameError::ReasonNotTaken => Error::argument(
            "reason",
            "NULL: langkah ini tanpa alasan",
            "NULL: this move takes no reason",
        ),
        _ => Error::argument("reason", e.expected(Lang::Id), e.expected(Lang::En)),
    })
}

#[derive(Serialize)]
struct MoveReport<'a> {
    status: dtks_core::lifecycle::Status,
    head: &'a str,
    trail: &'a AuditTrail,
    #[serde(skip_serializing_if = "Option::is_none")]
    proposal: Option<&'a Proposal>,
}

/// Moves a proposal's status one step along the machine draft → saved,
/// finalised → under_verification → verified | rejected, verified →
/// deactivated, appending the move to its hash-chained audit trail.
/// saved → finalised is not a move here: only `dtks_usulan_finalise_json`
/// makes it, after its checks (`event` `finalise` is refused with
/// `LIFECYCLE_FINALISE_RESERVED`).
///
/// The trail is verified first: a broken one is refused. The answer:
/// `{"status", "head", "trail", "proposal"}`: the new status, the new
/// last hash (keep it for `dtks_lifecycle_verify_json`), the trail with
/// the new entry, and — when a proposal was given — the proposal with it.
///
/// Parameters: `trail_or_proposal_json`, a trail (a JSON array of entries;
/// `[]` for a draft) or a proposal (a JSON object with its `trail`);
/// `event`, the move: `save`, `start_verification`, `verify`, `reject`,
/// `deactivate`; `reason`, NULL except for `reject`
/// (`identity_not_matched`, `not_eligible_at_visit`, `duplicate`, `other`)
/// and `deactivate` (`died`, `moved_away`, `duplicate`, `graduated`,
/// `other`); `actor`, an account or office id; `at`,
/// `YYYY-MM-DDTHH:MM:SS`; `note`, free text or NULL (required for the
/// reason `other`); `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when the move is refused (last
/// error `LIFECYCLE_FINALISE_RESERVED` for `finalise`;
/// `LIFECYCLE_ILLEGAL_MOVE`, whose message says the status expected
/// and the status found; `LIFECYCLE_REASON_REQUIRED`;
/// `LIFECYCLE_TIME_BACKWARDS`), the trail is broken (`AUDIT_TRAIL_BROKEN`)
/// or the JSON is not a trail or proposal (`DOCUMENT_INVALID`);
/// `DTKS_INVALID_ARGUMENT` (an unknown `event` or `reason`, a reason for a
/// move without one, a malformed `at`); `DTKS_NULL_POINTER`;
/// `DTKS_INVALID_UTF8`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_lifecycle_move_json(
    trail_or_proposal_json: *const c_char,
    event: *const c_char,
    reason: *const c_char,
    actor: *const c_char,
    at: *const c_char,
    note: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    // SAFETY: the caller's contract, forwarded; no options.
    unsafe {
        dtks_lifecycle_move_ex_json(
            trail_or_proposal_json,
            event,
            reason,
            actor,
            at,
            note,
            std::ptr::null(),
            out,
        )
    }
}

/// `dtks_lifecycle_move_json` with options (`dtks_process_options_new`):
/// the trail is verified with the host's `key` (every entry sealed by it)
/// and the `head` it kept for this trail, and the new entry is sealed with
/// the key. Keep the answer's `head` for the next call.
///
/// Returns, memory and thread safety: as `dtks_lifecycle_move_json`; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_lifecycle_move_ex_json(
    trail_or_proposal_json: *const c_char,
    event: *const c_char,
    reason: *const c_char,
    actor: *const c_char,
    at: *const c_char,
    note: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract on the strings.
        let text = unsafe { arg_str(trail_or_proposal_json, "trail_or_proposal_json") }?;
        // SAFETY: as above.
        let event = unsafe { arg_str(event, "event") }?;
        // SAFETY: as above.
        let reason = unsafe { arg_opt(reason, "reason") }?;
        // SAFETY: as above.
        let actor = unsafe { arg_str(actor, "actor") }?;
        // SAFETY: as above.
        let at = unsafe { arg_time(at, "at") }?;
        // SAFETY: as above.
        let note = unsafe { arg_opt(note, "note") }?;
        let mv = parse_move(event, reason)?;
        let mut subject = Subject::parse(text)?;
        let status = subject
            .trail_mut()
            .record_anchored(mv, actor, at, note, &o.trail_anchor())
            .map_err(|p| problem_error(&p))?;
        let trail = subject.trail();
        let report = MoveReport {
            status,
            head: trail.head(),
            trail,
            proposal: match &subject {
                Subject::Proposal(p) => Some(p),
                Subject::Trail(_) => None,
            },
        };
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &report) }
    })
}

/// Verifies an audit trail: positions, hash links, each entry's hash, and
/// that the moves replay legally from draft in time order; with `head`, also
/// that no entry was removed at the end.
///
/// The answer: `{"valid", "errors", "warnings", "problems", "broken_at",
/// "kind", "status", "entries", "head"}`: when broken, `broken_at` is the
/// index of the first bad entry and `kind` how it is bad
/// (`index_mismatch`, `prev_hash_mismatch`, `hash_mismatch`,
/// `status_mismatch`, `time_backwards`, `truncated`), with one problem
/// `AUDIT_TRAIL_BROKEN`; otherwise both are null. A broken trail is an
/// answer (`DTKS_OK`), not a failure.
///
/// Parameters: `trail_or_proposal_json`, a trail (JSON array) or a proposal
/// (JSON object with its `trail`); `head`, the last hash the caller kept
/// (`"head"` of `dtks_lifecycle_move_json`), or NULL; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when the JSON is not a trail or
/// proposal (`DOCUMENT_INVALID`); `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_lifecycle_verify_json(
    trail_or_proposal_json: *const c_char,
    head: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract on the string.
        let head = unsafe { arg_opt(head, "head") }?;
        let mut o = dtks_process_options::default();
        if let Some(h) = head {
            o.set_head(h);
        }
        // SAFETY: the caller's contract, forwarded.
        unsafe { verify(trail_or_proposal_json, &o, out) }
    })
}

/// `dtks_lifecycle_verify_json` with options (`dtks_process_options_new`):
/// with `key`, every entry must carry the host's seal (a chain rebuilt
/// without the key is caught); with `head`, no entry may be missing at the
/// end.
///
/// Returns, memory and thread safety: as `dtks_lifecycle_verify_json`; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_lifecycle_verify_ex_json(
    trail_or_proposal_json: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract, forwarded.
        unsafe { verify(trail_or_proposal_json, &o, out) }
    })
}

/// The verification answer of one trail.
///
/// # Safety
/// As `dtks_lifecycle_verify_json`.
unsafe fn verify(
    trail_or_proposal_json: *const c_char,
    o: &dtks_process_options,
    out: *mut *mut c_char,
) -> Result<(), Error> {
    check_out(out, "out")?;
    // SAFETY: the caller's contract on the string.
    let text = unsafe { arg_str(trail_or_proposal_json, "trail_or_proposal_json") }?;
    let subject = Subject::parse(text)?;
    let report = VerifyAnswer::of(subject.trail(), &o.trail_anchor());
    // SAFETY: checked non-NULL.
    unsafe { answer(out, &report) }
}

#[derive(Serialize)]
struct BatchMoveReport<'a> {
    #[serde(flatten)]
    answer: &'a MoveAnswer,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<&'a Batch>,
}

/// Makes one move on proposals of a batch, all or nothing (as `dtks usulan
/// save | start-verification | verify | reject | deactivate`): the batch is
/// verified first (with the options' `key` and `heads`); then each proposal
/// named must exist once and allow the move. On any error nothing moves.
/// New entries are sealed with the key.
///
/// The answer: `{"moved", "errors", "problems", "moves": [{"proposal_index",
/// "proposal_id", "from", "to"}], "heads", "batch"}`: when moved, `batch`
/// is the batch with the new entries (store it; it replaces the input) and
/// `heads` its new heads (a `dtks-heads/1` document, to keep); otherwise
/// `problems` says why. A refusal is an answer (`DTKS_OK`, `"moved":
/// false`), not a failure.
///
/// Parameters: `batch_json`; `proposals_json`, a JSON array of proposal
/// ids, or NULL for every proposal of the batch; `event`, `reason`,
/// `actor`, `at`, `note` as for `dtks_lifecycle_move_json`; `options`
/// (`dtks_process_options_new`) or NULL; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `batch_json` is not a
/// batch (`DOCUMENT_INVALID`) or `event` is `finalise`
/// (`LIFECYCLE_FINALISE_RESERVED`: `dtks_usulan_finalise_ex_json`);
/// `DTKS_INVALID_ARGUMENT` (an unknown `event` or `reason`, a malformed
/// `at`, a `proposals_json` that is not an array of strings);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the arguments are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread; the
/// options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_move_json(
    batch_json: *const c_char,
    proposals_json: *const c_char,
    event: *const c_char,
    reason: *const c_char,
    actor: *const c_char,
    at: *const c_char,
    note: *const c_char,
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
        let ids = unsafe { arg_opt(proposals_json, "proposals_json") }?;
        // SAFETY: as above.
        let event = unsafe { arg_str(event, "event") }?;
        // SAFETY: as above.
        let reason = unsafe { arg_opt(reason, "reason") }?;
        // SAFETY: as above.
        let actor = unsafe { arg_str(actor, "actor") }?;
        // SAFETY: as above.
        let at = unsafe { arg_time(at, "at") }?;
        // SAFETY: as above.
        let note = unsafe { arg_opt(note, "note") }?;
        let mv = parse_move(event, reason)?;
        let ids: Vec<String> = match ids {
            Some(t) => serde_json::from_str(t).map_err(|_| {
                Error::argument(
                    "proposals_json",
                    "larik JSON berisi id usulan, atau NULL untuk semua",
                    "a JSON array of proposal ids, or NULL for all",
                )
            })?,
            None => Vec::new(),
        };
        let mut batch: Batch = parse_doc(text, Document::Batch)?;
        let mut req = MoveRequest::new(ids, mv, actor, at);
        req.note = note.map(str::to_owned);
        let a = usulan::move_proposals(&mut batch, &req, o.anchors());
        let report = BatchMoveReport {
            answer: &a,
            batch: a.moved.then_some(&batch),
        };
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &report) }
    })
}

/// The heads a host keeps for a batch (as `dtks usulan heads`): every trail
/// is verified first (with the options' `key` and earlier `heads`), and
/// the heads are given only when all hold.
///
/// The answer: `{"valid", "errors", "warnings", "problems", "heads"}`;
/// `heads` (a `dtks-heads/1` document: `{"format", "batch", "heads":
/// {proposal id: hash}}`) only when valid. Store it where the host keeps
/// heads, apart from the batch (docs/process.md, "Trust model"), and give
/// it back with the option `heads`.
///
/// Parameters: `batch_json`; `options` or NULL; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `batch_json` is not a
/// batch (`DOCUMENT_INVALID`); `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the caller owns `*out` and frees it with `dtks_string_free`.
/// Thread safety: any thread; the options are only read.
#[no_mangle]
pub unsafe extern "C" fn dtks_usulan_heads_json(
    batch_json: *const c_char,
    options: *const dtks_process_options,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: NULL or a live handle per the contract.
        let o = dtks_process_options::or_default(unsafe { options.as_ref() });
        // SAFETY: the caller's contract on the string.
        let text = unsafe { arg_str(batch_json, "batch_json") }?;
        let batch: Batch = parse_doc(text, Document::Batch)?;
        let a = usulan::heads_answer(&batch, o.anchors());
        // SAFETY: checked non-NULL.
        unsafe { answer(out, &a) }
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

    fn last_code() -> String {
        let p = crate::dtks_last_error_code();
        assert!(!p.is_null());
        unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn illegal_move_names_expected_and_got() {
        let t = c("[]");
        let mut out = ptr::null_mut();
        let st = unsafe {
            dtks_lifecycle_move_json(
                t.as_ptr(),
                c("verify").as_ptr(),
                ptr::null(),
                c("op").as_ptr(),
                c("2024-03-07T09:00:00").as_ptr(),
                ptr::null(),
                &mut out,
            )
        };
        assert_eq!(st, dtks_status::DTKS_INVALID_INPUT);
        assert!(out.is_null());
        assert_eq!(last_code(), "LIFECYCLE_ILLEGAL_MOVE");
        let en = unsafe { CStr::from_ptr(crate::dtks_last_error_message(crate::DTKS_LANG_EN)) };
        let en = en.to_str().unwrap();
        assert!(
            en.contains("that is draft") && en.contains("must be under verification"),
            "{en}"
        );
        let id = unsafe { CStr::from_ptr(crate::dtks_last_error_message(crate::DTKS_LANG_ID)) };
        let id = id.to_str().unwrap();
        assert!(
            id.contains("berstatus draf") && id.contains("harus dalam verifikasi"),
            "{id}"
        );
    }

    #[test]
    fn move_parsing() {
        assert_eq!(parse_move("save", None).unwrap(), Event::Save);
        assert!(matches!(
            parse_move("reject", Some("duplicate")).unwrap(),
            Event::Reject { .. }
        ));
        // Only the batch finalisation finalises: a problem with its code, not a usage error.
        assert!(matches!(
            parse_move("finalise", None),
            Err(Error::Invalid {
                code: "LIFECYCLE_FINALISE_RESERVED",
                ..
            })
        ));
        assert!(matches!(
            parse_move("reject", None),
            Err(Error::Argument("reason", ..))
        ));
        assert!(matches!(
            parse_move("save", Some("duplicate")),
            Err(Error::Argument("reason", ..))
        ));
        assert!(matches!(
            parse_move("fly", None),
            Err(Error::Argument("event", ..))
        ));
    }
}
