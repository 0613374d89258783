use super::*;
use crate::personal::Personal;
use crate::problem::{Code, Problem};
use chrono::NaiveDate;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A valid muskel in Kelurahan 31.71.01.1001 (Jakarta Pusat) with three households.
fn muskel() -> Session {
    Session {
        kind: SessionKind::Muskel,
        village_code: "31.71.01.1001".into(),
        date: d(2024, 3, 5),
        place: "Aula Kelurahan".into(),
        participants: vec![
            Participant {
                name: Personal::from("Rahmat Hidayat"),
                role: Role::Lurah,
            },
            Participant {
                name: Personal::from("Budi Santoso"),
                role: Role::VillageOfficial,
            },
            Participant {
                name: Personal::from("Sri Wahyuni"),
                role: Role::SocialFacilitator,
            },
            Participant {
                name: Personal::from("Ahmad Fauzi"),
                role: Role::RtRwHead,
            },
        ],
        agenda: vec![
            AgendaEntry {
                household_id: "RT-1".into(),
                source: EntrySource::PrelistAwal,
            },
            AgendaEntry {
                household_id: "RT-2".into(),
                source: EntrySource::NewProposal,
            },
            AgendaEntry {
                household_id: "RT-3".into(),
                source: EntrySource::NewProposal,
            },
        ],
        decisions: vec![
            Decision {
                household_id: "RT-1".into(),
                outcome: Outcome::Eligible,
                reason: None,
            },
            Decision {
                household_id: "RT-2".into(),
                outcome: Outcome::NotEligible,
                reason: Some("memiliki mobil".into()),
            },
            Decision {
                household_id: "RT-3".into(),
                outcome: Outcome::Eligible,
                reason: None,
            },
        ],
        berita_acara: Some(BeritaAcara {
            number: "005/BA-MUSKEL/III/2024".into(),
            date: d(2024, 3, 5),
            signatories: vec![
                Signatory {
                    name: Personal::from("Rahmat Hidayat"),
                    role: Role::Lurah,
                },
                Signatory {
                    name: Personal::from("Budi Santoso"),
                    role: Role::VillageOfficial,
                },
            ],
        }),
    }
}

fn codes(ps: &[Problem]) -> Vec<Code> {
    ps.iter().map(|p| p.code).collect()
}

fn check(s: &Session) -> Vec<Problem> {
    validate(s, &QuorumRule::default())
}

#[test]
fn a_valid_muskel_has_no_problem_and_yields_its_eligible_households() {
    let s = muskel();
    assert_eq!(check(&s), vec![]);
    let list = prelist_akhir(&s, &QuorumRule::default()).unwrap();
    let ids: Vec<&str> = list
        .entries
        .iter()
        .map(|e| e.household_id.as_str())
        .collect();
    assert_eq!(ids, ["RT-1", "RT-3"]);
    assert_eq!(list.village_code, "3171011001");
    assert_eq!(list.format, PRELIST_FORMAT);
    assert!(list
        .hash
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
}

#[test]
fn kind_must_fit_the_village_kind() {
    // A musdes in a kelurahan.
    let mut s = muskel();
    s.kind = SessionKind::Musdes;
    let ps = check(&s);
    assert!(codes(&ps).contains(&Code::MusyawarahKindMismatch));
    let p = ps
        .iter()
        .find(|p| p.code == Code::MusyawarahKindMismatch)
        .unwrap();
    assert_eq!(p.path, "kind");
    assert_eq!(p.get("expected"), Some("muskel"));
    // ... and the head it then needs is a Kepala Desa, who did not sign.
    assert!(codes(&ps).contains(&Code::MusyawarahHeadSignatureMissing));

    // A muskel in a desa (33.02.01.2001 Cirahab, Banyumas).
    let mut s = muskel();
    s.village_code = "3302012001".into();
    assert_eq!(codes(&check(&s)), vec![Code::MusyawarahKindMismatch]);

    // A desa adat (91.03.01.3007 Desa Adat Yoboi) holds a musdes, signed by its Kepala Desa.
    let mut s = muskel();
    s.village_code = "91.03.01.3007".into();
    s.kind = SessionKind::Musdes;
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories[0].role = Role::KepalaDesa;
    }
    s.participants[0].role = Role::KepalaDesa;
    assert_eq!(check(&s), vec![]);
}

#[test]
fn unknown_village_is_reported() {
    let mut s = muskel();
    s.village_code = "31.71.01.1999".into();
    let ps = check(&s);
    assert_eq!(codes(&ps), vec![Code::VillageUnknown]);
    assert_eq!(ps[0].path, "village_code");
    s.village_code = " ".into();
    assert_eq!(codes(&check(&s)), vec![Code::FieldRequired]);
}

#[test]
fn every_agenda_and_decision_problem_is_reported_at_once() {
    let mut s = muskel();
    // RT-3 twice on the agenda, RT-2 decided twice, RT-9 decided but not on the agenda,
    // RT-4 on the agenda without decision, RT-2's second decision deferred without reason.
    s.agenda.push(AgendaEntry {
        household_id: "RT-3".into(),
        source: EntrySource::NewProposal,
    });
    s.agenda.push(AgendaEntry {
        household_id: "RT-4".into(),
        source: EntrySource::NewProposal,
    });
    s.decisions.push(Decision {
        household_id: "RT-2".into(),
        outcome: Outcome::Deferred,
        reason: Some("  ".into()),
    });
    s.decisions.push(Decision {
        household_id: "RT-9".into(),
        outcome: Outcome::Eligible,
        reason: None,
    });
    let ps = check(&s);
    let got: Vec<(Code, &str)> = ps.iter().map(|p| (p.code, p.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (Code::MusyawarahHouseholdTwice, "agenda[3]"),
            (Code::MusyawarahHouseholdTwice, "decisions[3]"),
            (Code::MusyawarahReasonRequired, "decisions[3].reason"),
            (Code::MusyawarahDecisionNotOnAgenda, "decisions[4]"),
            (Code::MusyawarahDecisionMissing, "agenda[4]"),
        ]
    );
    assert_eq!(ps[0].get("other"), Some("agenda[2]"));
    assert!(prelist_akhir(&s, &QuorumRule::default()).is_err());
}

#[test]
fn berita_acara_problems() {
    let mut s = muskel();
    s.berita_acara = None;
    assert_eq!(codes(&check(&s)), vec![Code::MusyawarahBeritaAcaraMissing]);

    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.date = d(2024, 3, 4);
        ba.signatories.retain(|x| x.role != Role::Lurah);
        ba.number = String::new();
    }
    let ps = check(&s);
    assert_eq!(
        codes(&ps),
        vec![
            Code::FieldRequired,
            Code::MusyawarahBeritaAcaraBeforeSession,
            Code::MusyawarahHeadSignatureMissing
        ]
    );
    assert_eq!(ps[2].get("head"), Some("Lurah"));
    // Dated later than the session is fine (minutes are often signed afterwards).
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.date = d(2024, 3, 8);
    }
    assert_eq!(check(&s), vec![]);
    // A Lurah's signature with a blank name does not count.
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories[0].name = Personal::from(" ");
    }
    assert_eq!(
        codes(&check(&s)),
        vec![Code::FieldRequired, Code::MusyawarahHeadSignatureMissing]
    );
}

#[test]
fn no_quorum_by_default_and_a_configured_one_is_enforced() {
    let mut s = muskel();
    s.participants.clear();
    assert_eq!(
        check(&s),
        vec![],
        "the default requires nothing (docs/domain/process.md §1.1 step 3)"
    );
    let q = QuorumRule {
        min_participants: Some(2),
        required_roles: vec![Role::Bpd, Role::Lurah, Role::Bpd],
    };
    let ps = validate(&s, &q);
    assert_eq!(
        codes(&ps),
        vec![
            Code::MusyawarahQuorumParticipants,
            Code::MusyawarahQuorumRole,
            Code::MusyawarahQuorumRole
        ]
    );
    assert_eq!(ps[0].get("count"), Some("0"));
    let s = muskel();
    let ps = validate(&s, &q);
    assert_eq!(codes(&ps), vec![Code::MusyawarahQuorumRole]);
    assert_eq!(ps[0].get("role"), Some("bpd"));
}

#[test]
fn reasons_and_place_required() {
    let mut s = muskel();
    s.place = String::new();
    s.decisions[1].reason = None;
    assert_eq!(
        codes(&check(&s)),
        vec![Code::FieldRequired, Code::MusyawarahReasonRequired]
    );
}

#[test]
fn json_round_trip_rejects_unknown_fields_and_masks_names() {
    let s = muskel();
    let json = serde_json::to_string(&s).unwrap();
    let back: Session = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert!(serde_json::from_str::<Session>(&json.replacen("\"place\"", "\"plaec\"", 1)).is_err());
    let dbg = format!("{s:?}");
    assert!(!dbg.contains("Rahmat") && !dbg.contains("Wahyuni"), "{dbg}");
}

#[test]
fn hash_is_deterministic_covers_the_ba_but_not_participants() {
    // (The example batch pins a concrete value: examples/process/batch.json cites it.)
    let a = prelist_akhir(&muskel(), &QuorumRule::default()).unwrap();
    let b = prelist_akhir(&muskel(), &QuorumRule::default()).unwrap();
    assert_eq!(a.hash, b.hash);
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.number = "006/BA-MUSKEL/III/2024".into();
    }
    assert_ne!(
        prelist_akhir(&s, &QuorumRule::default()).unwrap().hash,
        a.hash
    );
    // Participants and place are not covered.
    let mut s = muskel();
    s.place = "Masjid".into();
    s.participants.pop();
    assert_eq!(
        prelist_akhir(&s, &QuorumRule::default()).unwrap().hash,
        a.hash
    );
}

#[test]
fn a_berita_acara_signed_by_the_head_alone_is_an_error() {
    // "Berita Acara yang ditandatangani oleh Kepala Desa/Lurah dan perangkat
    // desa lainnya" (source text): the Lurah's signature alone is not enough.
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.retain(|x| x.role == Role::Lurah);
    }
    let ps = check(&s);
    assert_eq!(
        ps.iter()
            .map(|p| (p.code, p.path.as_str()))
            .collect::<Vec<_>>(),
        vec![(
            Code::MusyawarahOfficialSignatureMissing,
            "berita_acara.signatories"
        )]
    );
    assert!(ps[0].is_error());
    assert!(prelist_akhir(&s, &QuorumRule::default()).is_err());
    // Head and a BPD member: the BPD is not a village official (perangkat).
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.push(Signatory {
            name: Personal::from("Ahmad Fauzi"),
            role: Role::RtRwHead,
        });
    }
    assert_eq!(
        codes(&check(&s)),
        vec![Code::MusyawarahOfficialSignatureMissing]
    );
    // Unsigned: one fault (the head's signature), not two.
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.clear();
    }
    assert_eq!(
        codes(&check(&s)),
        vec![Code::MusyawarahHeadSignatureMissing]
    );
}

#[test]
fn a_signatory_not_among_the_participants_is_a_warning() {
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        // A "Lurah" who did not attend signs instead of the one who did.
        ba.signatories[0].name = Personal::from("Joko Susilo");
    }
    let ps = check(&s);
    assert_eq!(
        ps.iter()
            .map(|p| (p.code, p.path.as_str(), p.is_error()))
            .collect::<Vec<_>>(),
        vec![(
            Code::MusyawarahSignatoryNotParticipant,
            "berita_acara.signatories[0]",
            false
        )]
    );
    // Masked, and the role says in which capacity.
    assert_eq!(ps[0].get("name"), Some("J••• S•••••"));
    assert_eq!(ps[0].get("role"), Some("lurah"));
    // Case and spacing of the name do not matter; the role does.
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories[0].name = Personal::from("  rahmat   HIDAYAT ");
    }
    assert_eq!(codes(&check(&s)), vec![]);
}

#[test]
fn the_hash_covers_the_berita_acara_signatories_and_the_answer_carries_them() {
    let a = prelist_akhir(&muskel(), &QuorumRule::default()).unwrap();
    // A signatory removed (here a third one, so the session stays valid).
    let mut s = muskel();
    s.participants.push(Participant {
        name: Personal::from("Dewi Lestari"),
        role: Role::VillageOfficial,
    });
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.push(Signatory {
            name: Personal::from("Dewi Lestari"),
            role: Role::VillageOfficial,
        });
    }
    let three = prelist_akhir(&s, &QuorumRule::default()).unwrap();
    assert_ne!(three.hash, a.hash, "a signatory added changes the hash");
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.pop();
    }
    assert_eq!(
        prelist_akhir(&s, &QuorumRule::default()).unwrap().hash,
        a.hash,
        "and removing it again gives the two-signatory hash"
    );
    // A name changed, a role changed.
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories[1].name = Personal::from("Budi Santosa");
    }
    assert_ne!(
        prelist_akhir(&s, &QuorumRule::default()).unwrap().hash,
        a.hash
    );
    // Order of the signatures does not matter.
    let mut s = muskel();
    if let Some(ba) = s.berita_acara.as_mut() {
        ba.signatories.reverse();
    }
    assert_eq!(
        prelist_akhir(&s, &QuorumRule::default()).unwrap().hash,
        a.hash
    );
    // Everything hashed is in the answer: recompute the hash from it.
    let v = serde_json::to_value(&a).unwrap();
    // (Compact JSON, keys sorted at every level: serde_json's map sorts them.)
    let mut canonical = serde_json::Map::new();
    for k in [
        "format",
        "village_code",
        "session_date",
        "berita_acara_number",
        "berita_acara_date",
        "signatories",
        "decisions",
    ] {
        canonical.insert(k.into(), v[k].clone());
    }
    let canonical = serde_json::to_string(&canonical).unwrap();
    assert_eq!(a.format, "dtks-prelist-akhir/2");
    assert_eq!(crate::digest::sha256_hex(canonical.as_bytes()), a.hash);
    let mut want = vec![
        serde_json::json!({"name_sha256": crate::digest::sha256_hex(b"Rahmat Hidayat"), "role": "lurah"}),
        serde_json::json!({"name_sha256": crate::digest::sha256_hex(b"Budi Santoso"), "role": "village_official"}),
    ];
    want.sort_by_key(|v| v["name_sha256"].as_str().unwrap().to_owned());
    assert_eq!(v["signatories"], serde_json::Value::Array(want));
    // No name in what a host stores.
    assert!(!serde_json::to_string(&a).unwrap().contains("Hidayat"));
    assert!(!format!("{a:?}").contains("Hidayat"));
}

const OUTCOMES: [Outcome; 3] = [Outcome::Eligible, Outcome::NotEligible, Outcome::Deferred];

fn outcome() -> impl Strategy<Value = Outcome> {
    prop::sample::select(OUTCOMES.to_vec())
}

/// A valid session: `n` distinct households, each decided, inputs shuffled.
fn valid_session() -> impl Strategy<Value = Session> {
    prop::collection::vec((outcome(), "[a-z ]{1,12}", any::<bool>()), 1..12).prop_flat_map(|rows| {
        let agenda: Vec<AgendaEntry> = rows
            .iter()
            .enumerate()
            .map(|(i, (_, _, new))| AgendaEntry {
                household_id: format!("RT-{i:03}"),
                source: if *new {
                    EntrySource::NewProposal
                } else {
                    EntrySource::PrelistAwal
                },
            })
            .collect();
        let decisions: Vec<Decision> = rows
            .iter()
            .enumerate()
            .map(|(i, (o, r, _))| Decision {
                household_id: format!("RT-{i:03}"),
                outcome: *o,
                reason: Some(format!("alasan {r}")),
            })
            .collect();
        (Just(agenda).prop_shuffle(), Just(decisions).prop_shuffle()).prop_map(
            |(agenda, decisions)| {
                let mut s = muskel();
                s.agenda = agenda;
                s.decisions = decisions;
                s
            },
        )
    })
}

fn arbitrary_session() -> impl Strategy<Value = Session> {
    let id = prop::sample::select(vec!["RT-1", "RT-2", "RT-3", "", " RT-1 ", "x"]);
    let village = prop::sample::select(vec![
        "31.71.01.1001",
        "3302012001",
        "91.03.01.3007",
        "0000000000",
        "",
        "31.71",
        "abc",
    ]);
    let role = prop::sample::select(vec![
        Role::Lurah,
        Role::KepalaDesa,
        Role::VillageOfficial,
        Role::Bpd,
        Role::Other,
    ]);
    (
        any::<bool>(),
        village,
        (0u32..60),
        prop::collection::vec((id.clone(), any::<bool>()), 0..6),
        prop::collection::vec((id, outcome(), prop::option::of("\\PC{0,8}")), 0..6),
        prop::option::of((
            ".{0,6}",
            (0u32..60),
            prop::collection::vec((".{0,5}", role.clone()), 0..3),
        )),
        prop::collection::vec(role, 0..4),
        prop::option::of(0usize..5),
    )
        .prop_map(
            |(musdes, village, day, agenda, decisions, ba, roles, min)| {
                let base = d(2024, 1, 1);
                let s = Session {
                    kind: if musdes {
                        SessionKind::Musdes
                    } else {
                        SessionKind::Muskel
                    },
                    village_code: village.into(),
                    date: base + chrono::Days::new(day.into()),
                    place: String::new(),
                    participants: roles
                        .iter()
                        .map(|r| Participant {
                            name: Personal::from("P"),
                            role: *r,
                        })
                        .collect(),
                    agenda: agenda
                        .into_iter()
                        .map(|(h, n)| AgendaEntry {
                            household_id: h.into(),
                            source: if n {
                                EntrySource::NewProposal
                            } else {
                                EntrySource::PrelistAwal
                            },
                        })
                        .collect(),
                    decisions: decisions
                        .into_iter()
                        .map(|(h, o, r)| Decision {
                            household_id: h.into(),
                            outcome: o,
                            reason: r,
                        })
                        .collect(),
                    berita_acara: ba.map(|(number, day, sigs)| BeritaAcara {
                        number,
                        date: base + chrono::Days::new(day.into()),
                        signatories: sigs
                            .into_iter()
                            .map(|(n, r)| Signatory {
                                name: Personal::from(n),
                                role: r,
                            })
                            .collect(),
                    }),
                };
                (
                    s,
                    QuorumRule {
                        min_participants: min,
                        required_roles: roles.clone(),
                    },
                )
            },
        )
        .prop_map(|(s, _)| s)
}

proptest! {
    #[test]
    fn validation_never_panics_and_prelist_only_for_error_free_sessions(s in arbitrary_session(), min in prop::option::of(0usize..6)) {
        let q = QuorumRule { min_participants: min, required_roles: vec![Role::Bpd] };
        let ps = validate(&s, &q);
        let has_error = ps.iter().any(Problem::is_error);
        match prelist_akhir(&s, &q) {
            Ok(list) => {
                prop_assert!(!has_error);
                // Every listed household was decided eligible.
                for e in &list.entries {
                    prop_assert!(s.decisions.iter().any(|d| d.household_id.trim() == e.household_id && d.outcome == Outcome::Eligible));
                }
            }
            Err(all) => prop_assert_eq!(all, ps),
        }
    }

    #[test]
    fn hash_is_stable_under_reordering(s in valid_session(), seed in any::<u64>()) {
        let a = prelist_akhir(&s, &QuorumRule::default()).unwrap();
        let mut t = s.clone();
        // Rotate both lists by a seed-dependent amount and reverse the decisions.
        let k = (seed as usize) % t.agenda.len().max(1);
        t.agenda.rotate_left(k);
        t.decisions.reverse();
        let b = prelist_akhir(&t, &QuorumRule::default()).unwrap();
        prop_assert_eq!(&a.hash, &b.hash);
        prop_assert_eq!(&a.entries, &b.entries);
        let ids: Vec<&String> = a.entries.iter().map(|e| &e.household_id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        prop_assert_eq!(ids, sorted);
    }

    #[test]
    fn hash_changes_whenever_any_decision_changes(s in valid_session(), which in any::<prop::sample::Index>(), change_reason in any::<bool>()) {
        let a = prelist_akhir(&s, &QuorumRule::default()).unwrap();
        let mut t = s.clone();
        let i = which.index(t.decisions.len());
        let dec = &mut t.decisions[i];
        if change_reason {
            dec.reason = dec.reason.as_ref().map(|r| format!("{r} (revisi)"));
        } else {
            let pos = OUTCOMES.iter().position(|o| *o == dec.outcome).unwrap_or(0);
            dec.outcome = OUTCOMES[(pos + 1) % 3];
        }
        let b = prelist_akhir(&t, &QuorumRule::default()).unwrap();
        prop_assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn hash_changes_when_any_signatory_is_removed_and_not_when_they_are_reordered(
        s in valid_session(), extra in "[A-Z][a-z]{2,8}", which in any::<prop::sample::Index>(),
    ) {
        let mut s = s;
        if let Some(ba) = s.berita_acara.as_mut() {
            ba.signatories.push(Signatory { name: Personal::from(extra.as_str()), role: Role::VillageOfficial });
        }
        let a = prelist_akhir(&s, &QuorumRule::default()).unwrap();
        let mut t = s.clone();
        if let Some(ba) = t.berita_acara.as_mut() {
            ba.signatories.reverse();
        }
        prop_assert_eq!(&prelist_akhir(&t, &QuorumRule::default()).unwrap().hash, &a.hash);
        let mut t = s.clone();
        if let Some(ba) = t.berita_acara.as_mut() {
            let i = which.index(ba.signatories.len());
            ba.signatories.remove(i);
        }
        // Whether or not the session stays valid, the old hash is never reproduced.
        if let Ok(b) = prelist_akhir(&t, &QuorumRule::default()) {
            prop_assert_ne!(b.hash, a.hash);
        }
    }
}
