//! The options of the process calls (`dtks_usulan_*_ex_json`,
//! `dtks_usulan_move_json`, `dtks_usulan_heads_json`,
//! `dtks_lifecycle_*_ex_json`): the host's anchors of the audit trails (its
//! key, the heads it kept), the quorum rule of the session a batch cites,
//! and the name search. One opaque handle set key by key, so a new option is
//! a new key, never a new parameter (docs/c-api.md, "ABI stability").

use crate::error::{boundary, dtks_status, Error};
use crate::process::problem_error;
use crate::strings::{arg_str, check_out, write_out};
use dtks_core::lifecycle::{Anchor, TrailKey};
use dtks_core::musyawarah::{QuorumRule, Role};
use dtks_core::problem::{one_of, Lang};
use dtks_core::usulan::{Anchors, Heads};
use std::ffi::c_char;

/// The options of the process calls: an opaque handle, set key by key with
/// `dtks_process_options_set`. Created by `dtks_process_options_new`, freed
/// by `dtks_process_options_free`. Not for concurrent writes: set it on one
/// thread, then any number of calls (on any threads) may read it.
#[derive(Debug, Clone, Default)]
pub struct dtks_process_options {
    anchors: Anchors,
    /// One trail's kept head (the lifecycle calls on a single trail).
    head: Option<String>,
    quorum: QuorumRule,
    partial: bool,
}

impl dtks_process_options {
    /// The options a call without a handle uses: nothing kept, no quorum,
    /// whole names.
    pub(crate) fn or_default(o: Option<&dtks_process_options>) -> dtks_process_options {
        o.cloned().unwrap_or_default()
    }

    pub(crate) fn anchors(&self) -> &Anchors {
        &self.anchors
    }

    /// The anchor of one trail given alone: the key and the `head` option.
    pub(crate) fn trail_anchor(&self) -> Anchor<'_> {
        Anchor {
            key: self.anchors.key.as_ref(),
            head: self.head.as_deref(),
        }
    }

    /// Sets the `head` option (as `dtks_lifecycle_verify_json`'s argument).
    pub(crate) fn set_head(&mut self, head: &str) {
        self.head = Some(head.trim().to_owned());
    }

    pub(crate) fn quorum(&self) -> &QuorumRule {
        &self.quorum
    }

    pub(crate) fn partial(&self) -> bool {
        self.partial
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), Error> {
        let v = value.trim();
        match key {
            "key" => {
                self.anchors.key = if v.is_empty() {
                    None
                } else {
                    Some(TrailKey::from_hex(v).map_err(|_| {
                        Error::argument(
                            "key",
                            "teks heksadesimal paling sedikit 16 bita (32 digit; dianjurkan 64)",
                            "hexadecimal text of at least 16 bytes (32 digits; 64 recommended)",
                        )
                    })?)
                };
            }
            "heads" => {
                self.anchors.heads = if v.is_empty() {
                    Default::default()
                } else {
                    Heads::parse(v, "heads")
                        .map_err(|p| problem_error(&p))?
                        .heads
                };
            }
            "head" => self.head = (!v.is_empty()).then(|| v.to_owned()),
            "quorum_min" => {
                self.quorum.min_participants = if v.is_empty() {
                    None
                } else {
                    Some(v.parse().map_err(|_| {
                        Error::argument(
                            "quorum_min",
                            "bilangan bulat jumlah peserta",
                            "a whole number of participants",
                        )
                    })?)
                };
            }
            "quorum_role" => {
                if v.is_empty() {
                    self.quorum.required_roles.clear();
                } else {
                    let role = Role::from_name(v).ok_or_else(|| {
                        Error::argument(
                            "quorum_role",
                            one_of(&Role::names(), Lang::Id),
                            one_of(&Role::names(), Lang::En),
                        )
                    })?;
                    if !self.quorum.required_roles.contains(&role) {
                        self.quorum.required_roles.push(role);
                    }
                }
            }
            "partial" => {
                self.partial = match v {
                    "1" | "true" | "yes" => true,
                    "0" | "false" | "no" | "" => false,
                    _ => {
                        return Err(Error::argument(
                            "partial",
                            "true atau false (1 atau 0)",
                            "true or false (1 or 0)",
                        ))
                    }
                };
            }
            _ => {
                return Err(Error::argument(
                    "key",
                    "key, heads, head, quorum_min, quorum_role atau partial",
                    "key, heads, head, quorum_min, quorum_role or partial",
                ))
            }
        }
        Ok(())
    }
}

/// Makes a process options handle with the defaults: no key, no kept heads,
/// no quorum rule, whole-name search.
///
/// Returns: `DTKS_OK`; `DTKS_NULL_POINTER`. Memory: free `*out` with
/// `dtks_process_options_free`. Thread safety: any thread.
#[no_mangle]
pub unsafe extern "C" fn dtks_process_options_new(
    out: *mut *mut dtks_process_options,
) -> dtks_status {
    boundary(|| {
        check_out(out, "out")?;
        let o = Box::new(dtks_process_options::default());
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, Box::into_raw(o)) };
        Ok(())
    })
}

/// Sets one option by name (NUL-terminated UTF-8 key and value; surrounding
/// whitespace of the value ignored):
///
/// | key | value |
/// |---|---|
/// | `key` | the host's trail key as hexadecimal text (at least 32 digits, 64 recommended): every entry of every trail read must carry its seal, and new entries are sealed with it; `""` clears |
/// | `heads` | the heads the host kept for a batch: a `dtks-heads/1` document (JSON, as `dtks_usulan_heads_json` and the finalise and move answers give it): entries removed at the end and removed proposals are caught; `""` clears |
/// | `head` | the head kept for one trail given alone (`dtks_lifecycle_*_ex_json`); `""` clears |
/// | `quorum_min` | the least number of participants the session a batch cites must have; `""` clears (default: none) |
/// | `quorum_role` | a role the session must have among its participants (`bpd`, `kepala_desa`, …); each call adds one, `""` clears |
/// | `partial` | `true`/`false`: the status look-up by name matches part of a name (each word given begins a word of the name, any order, case and accents ignored; default false: the whole name) |
///
/// Docs/process.md ("Trust model") says where a host keeps the key and the
/// heads, and what each detects.
///
/// Returns: `DTKS_OK`; `DTKS_INVALID_ARGUMENT` (an unknown key or a bad
/// value; the options are unchanged); `DTKS_INVALID_INPUT` with
/// `DOCUMENT_INVALID` for a `heads` text that is not a `dtks-heads/1`
/// document; `DTKS_NULL_POINTER`; `DTKS_INVALID_UTF8`.
///
/// Thread safety: not while another thread reads or sets the same handle.
#[no_mangle]
pub unsafe extern "C" fn dtks_process_options_set(
    options: *mut dtks_process_options,
    key: *const c_char,
    value: *const c_char,
) -> dtks_status {
    boundary(|| {
        // SAFETY: the caller's contract: a live handle, not shared for the call.
        let o = unsafe { options.as_mut() }.ok_or(Error::Null("options"))?;
        // SAFETY: the caller's contract on the strings.
        let key = unsafe { arg_str(key, "key") }?;
        // SAFETY: as above.
        let value = unsafe { arg_str(value, "value") }?;
        let mut next = o.clone();
        next.set(key, value)?;
        *o = next;
        Ok(())
    })
}

/// Frees an options handle (NULL is accepted). Thread safety: not while
/// another thread uses it.
#[no_mangle]
pub unsafe extern "C" fn dtks_process_options_free(options: *mut dtks_process_options) {
    if !options.is_null() {
        // SAFETY: a handle from `dtks_process_options_new`, freed once.
        drop(unsafe { Box::from_raw(options) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_set_and_refuse() {
        let mut o = dtks_process_options::default();
        o.set("key", &"ab".repeat(32)).unwrap();
        assert!(o.anchors().key.is_some());
        assert!(matches!(
            o.set("key", "abc"),
            Err(Error::Argument("key", ..))
        ));
        assert!(
            o.anchors().key.is_some(),
            "a refused value keeps the old one"
        );
        o.set("key", "").unwrap();
        assert!(o.anchors().key.is_none());
        o.set(
            "heads",
            r#"{"format": "dtks-heads/1", "batch": "B", "heads": {"U-1": "aa"}}"#,
        )
        .unwrap();
        assert_eq!(o.anchors().heads["U-1"], "aa");
        assert!(matches!(
            o.set(
                "heads",
                r#"{"format": "dtks-heads/2", "batch": "B", "heads": {}}"#
            ),
            Err(Error::Invalid {
                code: "DOCUMENT_INVALID",
                ..
            })
        ));
        o.set("quorum_min", "5").unwrap();
        o.set("quorum_role", "bpd").unwrap();
        o.set("quorum_role", "bpd").unwrap();
        assert_eq!(o.quorum().min_participants, Some(5));
        assert_eq!(o.quorum().required_roles.len(), 1);
        assert!(o.set("quorum_role", "raja").is_err());
        assert!(o.set("quorum_min", "lima").is_err());
        o.set("partial", "true").unwrap();
        assert!(o.partial());
        assert!(o.set("colour", "red").is_err());
    }
}
