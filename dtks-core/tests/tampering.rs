//! The tampering suite (issue 13, "Integrity"): a batch file walked through
//! finalisation and verification, then edited the ways a careless or
//! dishonest host could edit it. Each case asserts what is detected with
//! each anchor the host may keep (nothing, the key, the heads, both), and
//! says so where the library cannot see it (docs/process.md, "Trust model").

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use chrono::{NaiveDate, NaiveDateTime};
use dtks_core::household::Household;
use dtks_core::lifecycle::{AuditTrail, Event, RejectReason, TrailKey};
use dtks_core::problem::Code;
use dtks_core::usulan::{
    check_batch, finalise, verify_batch, Anchors, Batch, CheckContext, Heads, ProgrammeVerdict,
    STATEMENT,
};
use dtks_core::usulan::{find, Query};
use serde_json::Value;
use std::collections::HashSet;

const BATCH: &str = include_str!("../../examples/process/batch.json");

fn at(day: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 3, day)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn all_possible(_: &Household, _: &str, _: NaiveDate) -> ProgrammeVerdict {
    ProgrammeVerdict::Possible
}

fn key() -> TrailKey {
    TrailKey::from_hex("5f1e0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f").unwrap()
}

/// The example batch finalised and verified with the host's key: U-001
/// verified, U-002 rejected ("tidak padan"). Returns it and its heads.
fn walked() -> (Batch, Heads) {
    let mut batch: Batch = serde_json::from_str(BATCH).unwrap();
    batch.prelist_hash = None; // the session is not the subject here
                               // The example's saved entries were written without a key: re-enter them sealed.
    for p in &mut batch.proposals {
        let save_at = p.trail.entries()[0].at;
        let actor = p.trail.entries()[0].actor.clone();
        p.trail = AuditTrail::new();
        p.trail
            .record_keyed(Event::Save, &actor, save_at, None, Some(&key()))
            .unwrap();
    }
    let none = HashSet::new();
    let anchors = Anchors {
        key: Some(key()),
        heads: Default::default(),
    };
    let ctx = CheckContext {
        as_of: NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(),
        registered: &none,
        prelist: None,
        programmes: &all_possible,
        anchors: &anchors,
    };
    finalise(&mut batch, STATEMENT, &ctx, "op-3171011001", at(7, 10)).unwrap();
    let k = Some(key());
    for p in &mut batch.proposals {
        p.trail
            .record_keyed(
                Event::StartVerification,
                "dinsos-3171",
                at(11, 8),
                None,
                k.as_ref(),
            )
            .unwrap();
    }
    batch.proposals[0]
        .trail
        .record_keyed(
            Event::Verify,
            "kemensos",
            at(20, 9),
            Some("padan"),
            k.as_ref(),
        )
        .unwrap();
    batch.proposals[1]
        .trail
        .record_keyed(
            Event::Reject {
                reason: RejectReason::IdentityNotMatched,
            },
            "kemensos",
            at(20, 9),
            Some("tidak padan"),
            k.as_ref(),
        )
        .unwrap();
    let heads = Heads::of(&batch);
    (batch, heads)
}

/// The four ways a host may anchor: nothing, key only, heads only, both.
fn anchorings(heads: &Heads) -> [(&'static str, Anchors); 4] {
    [
        ("nothing", Anchors::default()),
        (
            "key",
            Anchors {
                key: Some(key()),
                heads: Default::default(),
            },
        ),
        (
            "heads",
            Anchors {
                key: None,
                heads: heads.heads.clone(),
            },
        ),
        (
            "key+heads",
            Anchors {
                key: Some(key()),
                heads: heads.heads.clone(),
            },
        ),
    ]
}

/// What the verification reports: (code, path, kind).
fn found(batch: &Batch, anchors: &Anchors) -> Vec<(Code, String, Option<String>)> {
    verify_batch(batch, anchors)
        .into_iter()
        .map(|p| (p.code, p.path.clone(), p.get("kind").map(str::to_owned)))
        .collect()
}

fn broken(path: &str, kind: &str) -> (Code, String, Option<String>) {
    (Code::AuditTrailBroken, path.into(), Some(kind.into()))
}

/// The trail of proposal `i` as JSON entries, to edit as a file would be edited.
fn entries(batch: &Batch, i: usize) -> Vec<Value> {
    serde_json::from_value(serde_json::to_value(&batch.proposals[i].trail).unwrap()).unwrap()
}

fn set_entries(batch: &mut Batch, i: usize, v: Vec<Value>) {
    batch.proposals[i].trail = serde_json::from_value(Value::Array(v)).unwrap();
}

/// The entry hash an editor would recompute with the published format.
fn rehash(v: &mut [Value], from: usize) {
    for k in from..v.len() {
        if k > 0 {
            let prev = v[k - 1]["hash"].clone();
            v[k]["prev_hash"] = prev;
        }
        let e: dtks_core::lifecycle::AuditEntry = serde_json::from_value(v[k].clone()).unwrap();
        v[k]["hash"] = Value::String(e.compute_hash());
        // A forger without the key keeps (or drops) the old seal: neither fits.
    }
}

#[test]
fn the_untouched_batch_verifies_with_every_anchoring() {
    let (batch, heads) = walked();
    for (name, a) in anchorings(&heads) {
        assert_eq!(found(&batch, &a), vec![], "{name}");
    }
}

#[test]
fn an_edited_entry_is_always_detected() {
    let (mut batch, heads) = walked();
    let mut v = entries(&batch, 1);
    v[3]["note"] = "data lengkap, padan".into(); // the reject note, forged
    set_entries(&mut batch, 1, v);
    for (name, a) in anchorings(&heads) {
        assert_eq!(
            found(&batch, &a),
            vec![broken("proposals[1].trail[3]", "hash_mismatch")],
            "{name}"
        );
    }
    // And the status question is not answered from it.
    let ps = find(&batch, Query::Name("Wati Rahayu"), &Anchors::default()).unwrap_err();
    assert_eq!(ps[0].code, Code::AuditTrailBroken);
}

#[test]
fn an_edited_entry_with_its_hash_recomputed_breaks_the_next_link() {
    let (mut batch, heads) = walked();
    let mut v = entries(&batch, 0);
    v[1]["actor"] = "op-lain".into();
    let e: dtks_core::lifecycle::AuditEntry = serde_json::from_value(v[1].clone()).unwrap();
    v[1]["hash"] = Value::String(e.compute_hash());
    set_entries(&mut batch, 0, v);
    for (name, a) in anchorings(&heads) {
        let want = if a.key.is_some() {
            // The key sees it at the edited entry itself.
            broken("proposals[0].trail[1]", "seal_mismatch")
        } else {
            broken("proposals[0].trail[2]", "prev_hash_mismatch")
        };
        assert_eq!(found(&batch, &a), vec![want], "{name}");
    }
}

#[test]
fn the_last_entry_edited_and_rehashed_needs_an_anchor() {
    let (mut batch, heads) = walked();
    let mut v = entries(&batch, 1);
    v[3]["note"] = "padan".into();
    rehash(&mut v, 3);
    set_entries(&mut batch, 1, v);
    for (name, a) in anchorings(&heads) {
        let got = found(&batch, &a);
        match name {
            // UNDETECTABLE without an anchor: the chain is consistent.
            "nothing" => assert_eq!(got, vec![], "{name}"),
            "heads" => assert_eq!(got, vec![broken("proposals[1].trail[4]", "truncated")]),
            _ => assert_eq!(got, vec![broken("proposals[1].trail[3]", "seal_mismatch")]),
        }
    }
}

#[test]
fn a_deleted_or_reordered_entry_is_always_detected() {
    let (batch, heads) = walked();
    let mut cut = batch.clone();
    let mut v = entries(&cut, 0);
    v.remove(2);
    set_entries(&mut cut, 0, v);
    let mut swapped = batch.clone();
    let mut v = entries(&swapped, 1);
    v.swap(1, 2);
    set_entries(&mut swapped, 1, v);
    for (name, a) in anchorings(&heads) {
        assert_eq!(
            found(&cut, &a),
            vec![broken("proposals[0].trail[2]", "index_mismatch")],
            "{name}"
        );
        assert_eq!(
            found(&swapped, &a),
            vec![broken("proposals[1].trail[1]", "index_mismatch")],
            "{name}"
        );
    }
}

#[test]
fn truncation_is_seen_only_with_the_kept_head() {
    let (mut batch, heads) = walked();
    // The rejection removed: U-002 looks "under verification" again.
    let mut v = entries(&batch, 1);
    v.pop();
    set_entries(&mut batch, 1, v);
    for (name, a) in anchorings(&heads) {
        let got = found(&batch, &a);
        if a.heads.is_empty() {
            // UNDETECTABLE without the head: a shorter valid trail (sealed entries stay sealed).
            assert_eq!(got, vec![], "{name}");
        } else {
            assert_eq!(
                got,
                vec![broken("proposals[1].trail[3]", "truncated")],
                "{name}"
            );
        }
    }
}

#[test]
fn a_chain_rebuilt_without_the_key_is_seen_by_the_key_and_by_the_heads() {
    let (mut batch, heads) = walked();
    // A forger rewrites U-002's trail from scratch, "verified" instead of rejected.
    let mut v = entries(&batch, 1);
    v[3]["to"] = "verified".into();
    v[3]["action"] = serde_json::json!({"move": "verify"});
    v[3]["note"] = "padan".into();
    for e in v.iter_mut() {
        e.as_object_mut().unwrap().remove("seal");
    }
    rehash(&mut v, 0);
    set_entries(&mut batch, 1, v);
    for (name, a) in anchorings(&heads) {
        let got = found(&batch, &a);
        match name {
            // UNDETECTABLE without an anchor: anyone can compute SHA-256.
            "nothing" => assert_eq!(got, vec![]),
            "heads" => assert_eq!(got, vec![broken("proposals[1].trail[4]", "truncated")]),
            _ => assert_eq!(
                got,
                vec![broken("proposals[1].trail[0]", "unsealed")],
                "{name}"
            ),
        }
    }
}

#[test]
fn a_chain_rebuilt_with_the_key_is_seen_only_by_the_heads() {
    let (mut batch, heads) = walked();
    // An insider holding the key rebuilds U-002's trail with a different ending.
    let mut forged = AuditTrail::new();
    let k = Some(key());
    let old = batch.proposals[1].trail.clone();
    forged
        .record_keyed(
            Event::Save,
            &old.entries()[0].actor,
            old.entries()[0].at,
            None,
            k.as_ref(),
        )
        .unwrap();
    // It cannot record finalise itself; it copies the finalise entry's content, which is
    // the only way to get one, and re-links it (a new hash): the key seals it.
    let mut v: Vec<Value> = serde_json::from_value(serde_json::to_value(&forged).unwrap()).unwrap();
    let mut fin = entries(&batch, 1)[1].clone();
    fin["prev_hash"] = v[0]["hash"].clone();
    v.push(fin);
    rehash(&mut v, 1);
    v[1]["seal"] = Value::String(key().seal(v[1]["hash"].as_str().unwrap()));
    let mut forged: AuditTrail = serde_json::from_value(Value::Array(v)).unwrap();
    forged
        .record_keyed(
            Event::StartVerification,
            "dinsos-3171",
            at(11, 8),
            None,
            k.as_ref(),
        )
        .unwrap();
    forged
        .record_keyed(
            Event::Verify,
            "kemensos",
            at(20, 9),
            Some("padan"),
            k.as_ref(),
        )
        .unwrap();
    batch.proposals[1].trail = forged;
    for (name, a) in anchorings(&heads) {
        let got = found(&batch, &a);
        if a.heads.is_empty() {
            // UNDETECTABLE with the key alone: whoever holds the key can write anything.
            assert_eq!(got, vec![], "{name}");
        } else {
            assert_eq!(
                got,
                vec![broken("proposals[1].trail[4]", "truncated")],
                "{name}"
            );
        }
    }
}

#[test]
fn an_old_head_replayed_with_an_old_file_is_undetectable() {
    // The host keeps the heads after finalisation, then after verification. If
    // the old batch file and the old heads are both put back, everything agrees.
    let (batch, heads) = walked();
    let mut old = batch.clone();
    for i in 0..2 {
        let mut v = entries(&old, i);
        v.truncate(2); // back to "finalised"
        set_entries(&mut old, i, v);
    }
    let old_heads = Heads::of(&old);
    let replayed = Anchors {
        key: Some(key()),
        heads: old_heads.heads.clone(),
    };
    // UNDETECTABLE by the library: the host must never go back to an older head
    // (keep heads append-only, with the time they were stored; docs/process.md).
    assert_eq!(found(&old, &replayed), vec![]);
    // With the current heads the old file is caught.
    let current = Anchors {
        key: Some(key()),
        heads: heads.heads.clone(),
    };
    assert_eq!(
        found(&old, &current),
        vec![
            broken("proposals[0].trail[2]", "truncated"),
            broken("proposals[1].trail[2]", "truncated")
        ]
    );
}

#[test]
fn a_finalise_entry_written_by_hand_is_detected() {
    let mut batch: Batch = serde_json::from_str(BATCH).unwrap();
    // The old bypass: a "finalise" move appended with a valid hash, no checks recorded.
    let mut v = entries(&batch, 0);
    let mut fin = v[0].clone();
    fin["index"] = 1.into();
    fin["from"] = "saved".into();
    fin["to"] = "finalised".into();
    fin["action"] = serde_json::json!({"move": "finalise"});
    v.push(fin);
    rehash(&mut v, 1);
    set_entries(&mut batch, 0, v);
    assert_eq!(
        found(&batch, &Anchors::default()),
        vec![broken("proposals[0].trail[1]", "finalise_unchecked")]
    );
    // And the generic move cannot make it.
    assert!(Event::from_name("finalise", None).is_err());
}

#[test]
fn a_proposal_removed_or_edited_after_finalisation_is_detected() {
    let (batch, heads) = walked();
    // Removed: every remaining trail is intact, but the batch is not what was finalised.
    let mut removed = batch.clone();
    removed.proposals.pop();
    let recorded = batch.proposals[0].trail.entries()[1]
        .checked
        .as_ref()
        .unwrap()
        .batch_hash
        .clone();
    for (name, a) in anchorings(&heads) {
        let got: Vec<(Code, String)> = found(&removed, &a)
            .into_iter()
            .map(|(c, p, _)| (c, p))
            .collect();
        let mut want = vec![(
            Code::UsulanChangedAfterFinalisation,
            "proposals[0].trail[1].checked.batch_hash".to_owned(),
        )];
        if !a.heads.is_empty() {
            want.push((Code::AuditTrailMissing, "proposals".to_owned()));
        }
        assert_eq!(got, want, "{name}");
    }
    let p = verify_batch(&removed, &Anchors::default()).remove(0);
    assert_eq!(p.get("recorded"), Some(recorded.as_str()));
    // A household edited after finalisation (one problem, not one per proposal).
    let mut edited = batch.clone();
    edited.proposals[1].household.address.village_code = "3171011002".into();
    assert_eq!(
        found(&edited, &Anchors::default())
            .into_iter()
            .map(|(c, _, _)| c)
            .collect::<Vec<_>>(),
        vec![Code::UsulanChangedAfterFinalisation]
    );
    // check_batch reports the same, once.
    let none = HashSet::new();
    let ctx = CheckContext {
        as_of: NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(),
        registered: &none,
        prelist: None,
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    let n = check_batch(&edited, &ctx)
        .iter()
        .filter(|p| p.code == Code::UsulanChangedAfterFinalisation)
        .count();
    assert_eq!(n, 1);
}

#[test]
fn a_wrong_key_is_a_seal_mismatch_and_a_key_is_never_shown() {
    let (batch, _) = walked();
    let other = Anchors {
        key: Some(TrailKey::from_hex(&"11".repeat(32)).unwrap()),
        heads: Default::default(),
    };
    assert_eq!(
        found(&batch, &other),
        vec![
            broken("proposals[0].trail[0]", "seal_mismatch"),
            broken("proposals[1].trail[0]", "seal_mismatch")
        ]
    );
    assert!(!format!("{other:?}").contains("1111"));
}
