//! Jakarta's online DTKS registration (dtks.jakarta.go.id): accounts and the
//! families they register, checked together and against the registry.

use crate::error::{boundary, dtks_status};
use crate::strings::{arg_date, arg_str, check_out, owned, write_out};
use std::ffi::c_char;

/// Checks registration accounts (`dtks jakarta check --json`,
/// `dtks_core::jakarta::check_json`): each registration (the Jakarta KTP
/// test, residence, the 2022 exclusions, each household's own rules), no
/// family or person registered twice in an account, from two accounts
/// (`JAKARTA_FAMILY_OTHER_ACCOUNT`, `JAKARTA_NIK_OTHER_ACCOUNT`), or
/// already in the registry (`JAKARTA_FAMILY_REGISTERED`,
/// `JAKARTA_NIK_REGISTERED`).
///
/// The answer: `{"valid", "errors", "warnings", "problems": […]}`, paths
/// under `accounts[a]` (also for one account). A text that is not an
/// account is one problem `DOCUMENT_INVALID` in the answer, and a registry
/// entry that is not a number its `NIK_*`/`KK_*` problem at
/// `registry.niks[i]`: the verdict is the answer (`DTKS_OK`), as for
/// `dtks_household_validate`.
///
/// Parameters: `accounts_json`, one account (`{"account_id",
/// "registrations": […]}`) or a JSON list of accounts; `registry_json`,
/// `{"niks": ["…"], "kks": ["…"]}` or NULL for none; `as_of`,
/// `YYYY-MM-DD`; `out`.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_ARGUMENT` (a malformed `as_of`);
/// `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Memory: the strings are borrowed for the call; the caller owns `*out`
/// and frees it with `dtks_string_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_jakarta_check_json(
    accounts_json: *const c_char,
    registry_json: *const c_char,
    as_of: *const c_char,
    out: *mut *mut c_char,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        // SAFETY: the caller's contract on the strings.
        let accounts = unsafe { arg_str(accounts_json, "accounts_json") }?;
        let registry = if registry_json.is_null() {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { arg_str(registry_json, "registry_json") }?)
        };
        // SAFETY: as above.
        let as_of = unsafe { arg_date(as_of, "as_of") }?;
        let answer = dtks_core::jakarta::check_json(accounts, registry, as_of);
        let json = crate::to_json(&answer)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, owned(&json)) };
        Ok(())
    })
}
