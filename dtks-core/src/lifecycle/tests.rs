use super::*;
use crate::problem::Code;
use crate::usulan::tests::at;
use chrono::NaiveDateTime;
use proptest::prelude::*;

const MOVES: [Move; 6] = [
    Move::Save,
    Move::Finalise,
    Move::StartVerification,
    Move::Verify,
    Move::Reject {
        reason: RejectReason::IdentityNotMatched,
    },
    Move::Deactivate {
        reason: DeactivationReason::Died,
    },
];

/// The legal edges, written from the issue text (not from `Move::edge`).
const LEGAL: [(Status, &str, Status); 6] = [
    (Status::Draft, "save", Status::Saved),
    (Status::Saved, "finalise", Status::Finalised),
    (
        Status::Finalised,
        "start_verification",
        Status::UnderVerification,
    ),
    (Status::UnderVerification, "verify", Status::Verified),
    (Status::UnderVerification, "reject", Status::Rejected),
    (Status::Verified, "deactivate", Status::Deactivated),
];

#[test]
fn every_illegal_move_is_refused_with_expected_and_got() {
    let mut legal = 0;
    for from in Status::ALL {
        for mv in MOVES {
            let want = LEGAL.iter().find(|(f, n, _)| *f == from && *n == mv.name());
            match (next(from, mv), want) {
                (Ok(to), Some((_, _, t))) => {
                    assert_eq!(to, *t);
                    legal += 1;
                }
                (
                    Err(LifecycleError::IllegalMove {
                        event,
                        got,
                        expected,
                    }),
                    None,
                ) => {
                    assert_eq!(event, mv.name());
                    assert_eq!(got, from);
                    let (exp, _) = LEGAL
                        .iter()
                        .find(|(_, n, _)| *n == mv.name())
                        .map(|(f, _, t)| (*f, *t))
                        .unwrap();
                    assert_eq!(expected, exp);
                    let p = next(from, mv).unwrap_err().to_problem("trail");
                    assert_eq!(p.code, Code::LifecycleIllegalMove);
                    assert_eq!(p.get("got"), Some(from.as_str()));
                }
                (r, w) => panic!("{from:?} {mv:?}: got {r:?}, want {w:?}"),
            }
        }
    }
    assert_eq!(legal, 6);
    // Final states have no way out.
    for mv in MOVES {
        assert!(next(Status::Rejected, mv).is_err());
        assert!(next(Status::Deactivated, mv).is_err());
    }
}

fn t(h: u32) -> NaiveDateTime {
    at(h)
}

fn verified_trail() -> AuditTrail {
    let mut tr = AuditTrail::new();
    tr.record_move(Move::Save, "op-1", t(8), None).unwrap();
    tr.record_move(Move::Finalise, "op-1", t(9), None).unwrap();
    tr.record_move(Move::StartVerification, "dinsos-3171", t(10), None)
        .unwrap();
    tr.record_move(
        Move::Verify,
        "kemensos",
        t(11),
        Some("padan; layak pada kunjungan rumah"),
    )
    .unwrap();
    tr
}

#[test]
fn the_trail_refuses_illegal_moves_without_changing() {
    let mut tr = verified_trail();
    let before = tr.clone();
    let e = tr
        .record_move(Move::Finalise, "op", t(12), None)
        .unwrap_err();
    assert_eq!(
        e,
        LifecycleError::IllegalMove {
            event: "finalise",
            got: Status::Verified,
            expected: Status::Saved
        }
    );
    assert_eq!(
        e.to_string(),
        "cannot finalise a proposal that is verified; expected saved"
    );
    // Time must not run backwards.
    let e = tr
        .record_move(
            Move::Deactivate {
                reason: DeactivationReason::Died,
            },
            "op",
            t(10),
            None,
        )
        .unwrap_err();
    assert_eq!(e.code(), Code::LifecycleTimeBackwards);
    // `other` needs a note.
    let e = tr
        .record_move(
            Move::Deactivate {
                reason: DeactivationReason::Other,
            },
            "op",
            t(12),
            Some("  "),
        )
        .unwrap_err();
    assert_eq!(
        e,
        LifecycleError::ReasonRequired {
            event: "deactivate"
        }
    );
    assert_eq!(tr, before);
    assert_eq!(
        tr.record_move(
            Move::Deactivate {
                reason: DeactivationReason::MovedAway
            },
            "op",
            t(12),
            None
        ),
        Ok(Status::Deactivated)
    );
    assert_eq!(tr.verify(), Ok(()));
}

#[test]
fn a_rejection_carries_its_reason() {
    let mut tr = AuditTrail::new();
    tr.record_move(Move::Save, "op", t(8), None).unwrap();
    tr.record_move(Move::Finalise, "op", t(8), None).unwrap();
    tr.record_move(Move::StartVerification, "op", t(9), None)
        .unwrap();
    tr.record_move(
        Move::Reject {
            reason: RejectReason::IdentityNotMatched,
        },
        "kemensos",
        t(10),
        Some("tidak padan"),
    )
    .unwrap();
    assert_eq!(tr.status(), Status::Rejected);
    let json = serde_json::to_string(&tr).unwrap();
    assert!(
        json.contains(r#""action":{"move":"reject","reason":"identity_not_matched"}"#),
        "{json}"
    );
    let back: AuditTrail = serde_json::from_str(&json).unwrap();
    assert_eq!(back.verify(), Ok(()));
    assert!(serde_json::from_str::<AuditTrail>(&json.replace("\"note\"", "\"nota\"")).is_err());
}

#[test]
fn tampering_is_detected_at_the_right_index() {
    let tr = verified_trail();
    let e = |entries: Vec<AuditEntry>| {
        let v = serde_json::to_value(&entries).unwrap();
        serde_json::from_value::<AuditTrail>(v).unwrap().verify()
    };
    // Removed (middle).
    let mut v = tr.entries().to_vec();
    v.remove(1);
    assert_eq!(
        e(v),
        Err(TrailError {
            index: 1,
            kind: TrailBreak::IndexMismatch
        })
    );
    // Removed, and the indexes renumbered to hide it.
    let mut v = tr.entries().to_vec();
    v.remove(1);
    for (i, x) in v.iter_mut().enumerate() {
        x.index = i as u64;
    }
    assert_eq!(
        e(v),
        Err(TrailError {
            index: 1,
            kind: TrailBreak::PrevHashMismatch
        })
    );
    // Reordered.
    let mut v = tr.entries().to_vec();
    v.swap(2, 3);
    assert_eq!(e(v).map_err(|x| x.index), Err(2));
    // Edited.
    let mut v = tr.entries().to_vec();
    v[2].actor = "someone-else".into();
    assert_eq!(
        e(v),
        Err(TrailError {
            index: 2,
            kind: TrailBreak::HashMismatch
        })
    );
    // Edited with its own hash recomputed: the next link breaks.
    let mut v = tr.entries().to_vec();
    v[2].note = Some("edited".into());
    v[2].hash = v[2].compute_hash();
    assert_eq!(
        e(v),
        Err(TrailError {
            index: 3,
            kind: TrailBreak::PrevHashMismatch
        })
    );
    // Rewritten from scratch with a reason changed: the chain holds, the head does not.
    let head = tr.head().to_owned();
    let mut forged = AuditTrail::new();
    forged.record_move(Move::Save, "op-1", t(8), None).unwrap();
    assert_eq!(
        forged.verify_head(&head),
        Err(TrailError {
            index: 1,
            kind: TrailBreak::Truncated
        })
    );
    // Removed at the end: only the head kept earlier shows it.
    let mut v = tr.entries().to_vec();
    v.pop();
    let short: AuditTrail = serde_json::from_value(serde_json::to_value(&v).unwrap()).unwrap();
    assert_eq!(short.verify(), Ok(()));
    assert_eq!(
        short.verify_head(&head),
        Err(TrailError {
            index: 3,
            kind: TrailBreak::Truncated
        })
    );
    assert_eq!(tr.verify_head(&head), Ok(()));
    // The problem form names the entry.
    let p = TrailError {
        index: 2,
        kind: TrailBreak::HashMismatch,
    }
    .to_problem("proposals[0].trail");
    assert_eq!(
        (p.code, p.path.as_str(), p.get("kind")),
        (
            Code::AuditTrailBroken,
            "proposals[0].trail[2]",
            Some("hash_mismatch")
        )
    );
}

#[test]
fn a_forged_illegal_move_with_a_valid_chain_is_detected() {
    // Someone builds a chain by hand that jumps draft → verified.
    let mut e = AuditEntry {
        index: 0,
        from: Status::Draft,
        to: Status::Verified,
        action: Move::Verify,
        actor: "x".into(),
        at: t(8),
        note: None,
        prev_hash: GENESIS.into(),
        hash: String::new(),
        checked: None,
        seal: None,
    };
    e.hash = e.compute_hash();
    let tr: AuditTrail = serde_json::from_value(serde_json::to_value(vec![e]).unwrap()).unwrap();
    assert_eq!(
        tr.verify(),
        Err(TrailError {
            index: 0,
            kind: TrailBreak::StatusMismatch
        })
    );
}

proptest! {
    #[test]
    fn random_moves_keep_a_verifiable_trail_and_any_edit_is_found(
        picks in prop::collection::vec(0usize..6, 0..20),
        victim in any::<prop::sample::Index>(),
    ) {
        let mut tr = AuditTrail::new();
        for (k, i) in picks.iter().enumerate() {
            let before = tr.status();
            let r = tr.record_move(MOVES[*i], "op", t(1) + chrono::Duration::minutes(k as i64), None);
            prop_assert_eq!(r.is_ok(), MOVES[*i].edge().0 == before);
        }
        prop_assert_eq!(tr.verify(), Ok(()));
        if !tr.is_empty() {
            let i = victim.index(tr.entries().len());
            let mut v = tr.entries().to_vec();
            v[i].actor.push('!');
            let edited: AuditTrail = serde_json::from_value(serde_json::to_value(&v).unwrap()).unwrap();
            prop_assert_eq!(edited.verify(), Err(TrailError { index: i, kind: TrailBreak::HashMismatch }));
            let mut v = tr.entries().to_vec();
            v.remove(i);
            let cut: AuditTrail = serde_json::from_value(serde_json::to_value(&v).unwrap()).unwrap();
            prop_assert!(cut.verify_head(tr.head()).is_err());
        }
    }
}
