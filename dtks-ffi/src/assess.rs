//! Assessing a household against the programmes: the built-in rule documents
//! and any loaded by the host.

use crate::error::{boundary, boundary_or, dtks_status, Error};
use crate::strings::{arg_date, arg_str, check_out, owned, write_out};
use dtks_core::rules::{Format, RuleSets};
use std::ffi::c_char;

/// A set of rule documents (programmes, criteria sets, PMT models).
///
/// Created by `dtks_rules_new` (with the built-in documents), extended by
/// `dtks_rules_load`, freed by `dtks_rules_free`.
///
/// Thread safety: loading mutates the set: no other thread may use it
/// during `dtks_rules_load`. Otherwise any number of threads may assess
/// with it at once.
#[derive(Debug)]
pub struct dtks_rules {
    pub(crate) sets: RuleSets,
}

/// A new rule set holding the built-in documents (`dtks-core/data/rules/`).
///
/// Memory: the caller owns `*out` and frees it with `dtks_rules_free`.
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_rules_new(out: *mut *mut dtks_rules) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        let sets = RuleSets::builtin().clone();
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(dtks_rules { sets }))) };
        Ok(())
    })
}

/// A new rule set on the built-in documents with (`builtin_programmes`
/// true: the same as `dtks_rules_new`) or without the built-in programmes
/// (false: only the built-in criteria sets and PMT models, so that the
/// programmes loaded with `dtks_rules_load` *replace* the built-in ones, as
/// `dtks assess --rules FILE…` and Python's `RuleSet.from_files` do; a new
/// version of PKH then needs no end date on the built-in one).
///
/// Memory: the caller owns `*out` and frees it with `dtks_rules_free`.
/// Returns: `DTKS_OK` or `DTKS_NULL_POINTER`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_rules_new_base(
    builtin_programmes: bool,
    out: *mut *mut dtks_rules,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        let sets = RuleSets::with_documents(builtin_programmes, &[]).map_err(|p| {
            p.first()
                .map_or(Error::Internal, crate::process::problem_error)
        })?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(Box::new(dtks_rules { sets }))) };
        Ok(())
    })
}

/// Frees a rule set. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn dtks_rules_free(rules: *mut dtks_rules) {
    boundary_or((), || {
        if !rules.is_null() {
            // SAFETY: came from `Box::into_raw` in `dtks_rules_new`.
            drop(unsafe { Box::from_raw(rules) });
        }
    })
}

/// Loads a rule document (a programme, criteria set or PMT model) into a
/// set, with every check of the core (schema, overlapping periods, …).
///
/// Parameters: `rules` (mutated); `text`, the document, NUL-terminated
/// UTF-8; `file_name`, its name (`"pkh-2026.toml"`): `.toml` is read as
/// TOML, anything else as JSON, and the name appears in messages.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when the document is rejected
/// (the set is unchanged; the last error holds the first problem's code,
/// e.g. `RULE_PARSE`, and its message, which says how many more there
/// are); `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Thread safety: no other thread may use `rules` during the call.
#[no_mangle]
pub unsafe extern "C" fn dtks_rules_load(
    rules: *mut dtks_rules,
    text: *const c_char,
    file_name: *const c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: a live handle, not shared during the call, per the contract.
        let r = unsafe { rules.as_mut() }.ok_or(Error::Null("rules"))?;
        // SAFETY: the caller's contract on the strings.
        let text = unsafe { arg_str(text, "text") }?;
        // SAFETY: as above.
        let file = unsafe { arg_str(file_name, "file_name") }?;
        let mut candidate = r.sets.clone();
        match candidate.load_str(text, Format::from_file_name(file), file) {
            Ok(_) => {
                r.sets = candidate;
                Ok(())
            }
            Err(problems) => Err(crate::process::problems_error(&problems)),
        }
    })
}

/// Assesses a household (JSON, as for `dtks_household_validate`) against
/// every programme in force on `as_of`: for each, the decision, the rules
/// that decided it and the amounts, as JSON (the shape of `dtks assess
/// --json`).
///
/// Parameters: `rules`, a set from `dtks_rules_new`, or NULL for the
/// built-in documents; `json`; `as_of` (`YYYY-MM-DD`); `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_INPUT` when `json` is not a household
/// (last error `JSON_INVALID`; validate it first to get every problem);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`; `DTKS_INVALID_ARGUMENT`.
///
/// Memory: the caller owns `*out` and frees it with `dtks_string_free`.
/// Thread safety: any thread; `rules` may be shared (not during a load).
#[no_mangle]
pub unsafe extern "C" fn dtks_household_assess_json(
    rules: *const dtks_rules,
    json: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on the strings.
        let text = unsafe { arg_str(json, "json") }?;
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        // The core's reading, as every face reads a household.
        let h = dtks_core::answer::parse_household(text)
            .map_err(|p| crate::process::problem_error(&p))?;
        // SAFETY: NULL or a live handle per the contract.
        let sets = match unsafe { rules.as_ref() } {
            Some(r) => &r.sets,
            None => RuleSets::builtin(),
        };
        let answer = dtks_core::assess::assess(&h, as_of, sets).to_json();
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&answer)) };
        Ok(())
    })
}
