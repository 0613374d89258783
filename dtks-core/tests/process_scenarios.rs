//! Scenarios of the village path and the SIKS-NG proposal path, written from
//! the source texts (the TribunnewsWiki 2022 and SerayuNews 2025 guides: the
//! kelurahan path "Musdes/Muskel → Berita Acara → Prelist Akhir → verifikasi
//! dan validasi", and the SIKS-NG steps "Usulan Baru → Simpan → Finalisasi
//! Usulan → unggah Berita Acara Usulan → ketik pernyataan → verifikasi
//! Kementerian Sosial"; docs/domain/process.md §1.1, §2, §4) and run on the
//! example files in examples/process/.

// Test code: a failing unwrap is a failing test (clippy.toml allows it
// inside #[test] functions; these helpers are outside them).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use chrono::{NaiveDate, NaiveDateTime};
use dtks_core::household::{Household, IdField};
use dtks_core::id::Nik;
use dtks_core::lifecycle::{
    next, DeactivationReason, Event, EventNameError, LifecycleError, Move, RejectReason, Status,
    TrailBreak,
};
use dtks_core::musyawarah::{self, QuorumRule, Session};
use dtks_core::problem::{Code, Problem};
use dtks_core::rules::RuleSets;
use dtks_core::usulan::{
    check_batch, finalisation_problems, finalise, find, Anchors, Batch, CheckContext,
    ProgrammeVerdict, Query, STATEMENT,
};
use std::collections::HashSet;

const SESSION: &str = include_str!("../../examples/process/session.json");
const BATCH: &str = include_str!("../../examples/process/batch.json");

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 7).unwrap()
}

fn at(day: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 3, day)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// Everything possible: the scenarios below are about the process, not the rules.
fn all_possible(_: &Household, _: &str, _: NaiveDate) -> ProgrammeVerdict {
    ProgrammeVerdict::Possible
}

fn errors(ps: &[Problem]) -> Vec<Code> {
    ps.iter().filter(|p| p.is_error()).map(|p| p.code).collect()
}

#[test]
fn full_village_path_from_agenda_to_verified_proposals() {
    // Muskel: prelist awal + new proposals decided; BA signed by the Lurah.
    let session: Session = serde_json::from_str(SESSION).unwrap();
    let list = musyawarah::prelist_akhir(&session, &QuorumRule::default()).unwrap();
    let ids: Vec<&str> = list
        .entries
        .iter()
        .map(|e| e.household_id.as_str())
        .collect();
    assert_eq!(ids, ["RT-001", "RT-003"], "eligible only, by household id");

    // The operator's batch cites that list.
    let mut batch: Batch = serde_json::from_str(BATCH).unwrap();
    assert_eq!(batch.prelist_hash.as_deref(), Some(list.hash.as_str()));
    let none = HashSet::new();
    let ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: Some(&list),
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    assert_eq!(check_batch(&batch, &ctx), vec![]);

    // Finalisation with the typed statement.
    finalise(&mut batch, STATEMENT, &ctx, "op-3171011001", at(7, 10)).unwrap();
    // Verification: Dukcapil matching and the household visit.
    for p in &mut batch.proposals {
        p.trail
            .record(Event::StartVerification, "dinsos-3171", at(11, 8), None)
            .unwrap();
    }
    batch.proposals[0]
        .trail
        .record(Event::Verify, "kemensos", at(20, 9), Some("padan; layak"))
        .unwrap();
    batch.proposals[1]
        .trail
        .record(
            Event::Reject {
                reason: RejectReason::IdentityNotMatched,
            },
            "kemensos",
            at(20, 9),
            Some("tidak padan"),
        )
        .unwrap();

    // The status question, by name and by NIK.
    let a = find(&batch, Query::Name("budi  SANTOSO"), &Anchors::default()).unwrap();
    assert_eq!(
        (a.len(), a[0].status, a[0].since),
        (1, Status::Verified, Some(at(20, 9)))
    );
    let a = find(
        &batch,
        Query::Nik(Nik::parse("3171012312050006").unwrap()),
        &Anchors::default(),
    )
    .unwrap();
    assert_eq!(
        (a[0].proposal_id.as_str(), a[0].status),
        ("U-002", Status::Rejected)
    );
    assert_eq!(a[0].note.as_deref(), Some("tidak padan"));

    // Later the registered household moves away and is deactivated.
    batch.proposals[0]
        .trail
        .record(
            Event::Deactivate {
                reason: DeactivationReason::MovedAway,
            },
            "dinsos-3171",
            at(28, 9),
            None,
        )
        .unwrap();
    for p in &batch.proposals {
        assert_eq!(p.trail.verify(), Ok(()));
    }
    // The whole batch round-trips through JSON and still checks out.
    let back: Batch = serde_json::from_str(&serde_json::to_string(&batch).unwrap()).unwrap();
    assert_eq!(back, batch);
    assert!(check_batch(&back, &ctx)
        .iter()
        .all(|p| p.code != Code::AuditTrailBroken));
}

#[test]
fn a_batch_that_cannot_be_finalised_for_each_reason() {
    let session: Session = serde_json::from_str(SESSION).unwrap();
    let list = musyawarah::prelist_akhir(&session, &QuorumRule::default()).unwrap();
    let base: Batch = serde_json::from_str(BATCH).unwrap();
    let registered: HashSet<u64> = [Nik::parse("3171010501100003").unwrap().as_u64()].into();
    let none = HashSet::new();
    let ok_ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: Some(&list),
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    // Control: the unchanged batch can be finalised.
    assert_eq!(
        errors(&finalisation_problems(&base, STATEMENT, &ok_ctx)),
        vec![]
    );

    type Case = (&'static str, fn(&mut Batch), &'static str, Code);
    let cases: Vec<Case> = vec![
        (
            "invalid NIK",
            |b| {
                b.proposals[1].household.families[0].members[1].nik =
                    Some(IdField::from_text("317101231205000"))
            },
            STATEMENT,
            Code::NikDigitsLost,
        ),
        (
            "member data incomplete",
            |b| b.proposals[0].household.families[0].members[2].birth_date = None,
            STATEMENT,
            Code::FieldRequired,
        ),
        (
            "survey not answered",
            |b| b.proposals[0].survey.clear(),
            STATEMENT,
            Code::UsulanSurveyMissing,
        ),
        (
            "no programme",
            |b| b.proposals[0].programmes.clear(),
            STATEMENT,
            Code::UsulanNoProgramme,
        ),
        (
            "KTP photo missing",
            |b| b.proposals[0].household.documents.ktp_photo = None,
            STATEMENT,
            Code::UsulanDocumentMissing,
        ),
        (
            "house in another village",
            |b| b.proposals[0].household.address.village_code = "31.71.01.1002".into(),
            STATEMENT,
            Code::UsulanVillageMismatch,
        ),
        (
            "NIK in two proposals",
            |b| {
                let m = b.proposals[0].household.families[0].members[1].clone();
                b.proposals[1].household.families[0].members.push(m);
            },
            STATEMENT,
            Code::UsulanNikInBatch,
        ),
        (
            "not on the prelist akhir",
            |b| b.proposals[1].household.id = "RT-004".into(),
            STATEMENT,
            Code::UsulanNotOnPrelist,
        ),
        (
            "cites another prelist",
            |b| b.prelist_hash = Some("0".repeat(64)),
            STATEMENT,
            Code::UsulanPrelistHashMismatch,
        ),
        (
            "Berita Acara Usulan not attached",
            |b| b.berita_acara_usulan = None,
            STATEMENT,
            Code::UsulanBeritaAcaraMissing,
        ),
        (
            "statement lower case",
            |_| {},
            "saya bertanggung jawab terhadap data usulan tersebut",
            Code::UsulanStatementMismatch,
        ),
        (
            "statement with a full stop",
            |_| {},
            "Saya bertanggung jawab terhadap data usulan tersebut.",
            Code::UsulanStatementMismatch,
        ),
        (
            "statement empty",
            |_| {},
            "  ",
            Code::UsulanStatementMismatch,
        ),
        (
            "a proposal still a draft",
            |b| b.proposals[1].trail = Default::default(),
            STATEMENT,
            Code::UsulanStatusWrong,
        ),
        (
            "empty batch",
            |b| b.proposals.clear(),
            STATEMENT,
            Code::UsulanBatchEmpty,
        ),
        (
            "duplicate proposal id",
            |b| b.proposals[1].id = b.proposals[0].id.clone(),
            STATEMENT,
            Code::UsulanIdDuplicate,
        ),
    ];
    for (name, mutate, statement, want) in cases {
        let mut b = base.clone();
        mutate(&mut b);
        let before = b.clone();
        let errs = errors(&finalise(&mut b, statement, &ok_ctx, "op", at(7, 10)).unwrap_err());
        assert!(errs.contains(&want), "{name}: {want:?} not in {errs:?}");
        assert_eq!(b, before, "{name}: a refused finalisation changes nothing");
    }

    // A NIK already registered (caller-given set).
    let ctx = CheckContext {
        registered: &registered,
        ..ok_ctx
    };
    let errs = errors(&finalisation_problems(&base, STATEMENT, &ctx));
    assert_eq!(errs, vec![Code::UsulanNikRegistered]);

    // The batch cites a prelist but the session was not given.
    let ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: None,
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    assert_eq!(
        errors(&finalisation_problems(&base, STATEMENT, &ctx)),
        vec![Code::UsulanPrelistNotGiven]
    );
}

#[test]
fn a_programme_the_engine_says_is_impossible_is_an_error_with_its_reasons() {
    let session: Session = serde_json::from_str(SESSION).unwrap();
    let list = musyawarah::prelist_akhir(&session, &QuorumRule::default()).unwrap();
    let mut b: Batch = serde_json::from_str(BATCH).unwrap();
    // A widow living with her adult son: no PKH component (no child, no
    // pregnancy, no elderly or severely disabled member) under the built-in rules.
    b.proposals[1].programmes = vec!["PKH".into()];
    b.proposals[1].household.desil = Some(1);
    {
        use dtks_core::household::codes::{Disability, Schooling};
        let ms = &mut b.proposals[1].household.families[0].members;
        for m in ms.iter_mut() {
            m.pregnant = Some(false);
            m.disability = Some(Disability::None);
            m.severe_disability = Some(false);
        }
        ms[1].schooling = Some(Schooling::NotInSchool);
    }
    let none = HashSet::new();
    let engine = RuleSets::builtin();
    let ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: Some(&list),
        programmes: engine,
        anchors: &Anchors::default(),
    };
    let ps = finalisation_problems(&b, STATEMENT, &ctx);
    let p = ps
        .iter()
        .find(|p| p.path == "proposals[1].programmes[0]")
        .unwrap_or_else(|| panic!("no problem for PKH in {ps:#?}"));
    assert_eq!(p.code, Code::UsulanProgrammeNotPossible, "{p:?}");
    let reasons = serde_json::to_value(p).unwrap()["context"]["reasons"].clone();
    assert_eq!(
        reasons[0]["text"]["en"],
        "the conditions hold but no component applies to any member"
    );
    assert_eq!(
        p.message(dtks_core::problem::Lang::Id),
        "program PKH tidak mungkin untuk rumah tangga ini: syaratnya terpenuhi, tetapi tidak ada komponen yang berlaku bagi anggota mana pun"
    );
    assert!(p.is_error());
    // An id the rules do not know.
    b.proposals[1].programmes = vec!["BANSOS-X".into()];
    let ps = check_batch(&b, &ctx);
    assert!(ps.iter().any(|p| p.code == Code::UsulanProgrammeUnknown));
}

/// PKH and Sembako 2025 need desil 1–4 (docs/domain/programmes.md §2, §3). A household
/// proposed for the first time has no desil: the proposal asks for the
/// ranking (docs/process.md, "Awaiting ranking"), so it is no problem; the
/// answer lists it once, and only what an operator can enter is ever
/// reported as missing.
#[test]
fn a_proposal_without_a_ranking_awaits_it_and_raises_no_warning() {
    let session: Session = serde_json::from_str(SESSION).unwrap();
    let list = musyawarah::prelist_akhir(&session, &QuorumRule::default()).unwrap();
    let b: Batch = serde_json::from_str(BATCH).unwrap();
    assert!(b.proposals.iter().all(|p| p.household.desil.is_none()));
    let none = HashSet::new();
    let engine = RuleSets::builtin();
    let ctx = CheckContext {
        as_of: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        registered: &none,
        prelist: Some(&list),
        programmes: engine,
        anchors: &Anchors::default(),
    };
    let a = dtks_core::usulan::check_answer(&b, &ctx, Vec::new());
    // Sembako reads nothing but the registration and the desil: it awaits the ranking.
    let sembako: Vec<(usize, &Vec<String>)> = a
        .awaiting_ranking
        .iter()
        .map(|w| (w.proposal_index, &w.programmes))
        .collect();
    assert!(
        sembako.contains(&(1, &vec!["SEMBAKO".to_owned()])),
        "{:?}",
        a.awaiting_ranking
    );
    for p in &a.verdict.problems {
        let text = serde_json::to_string(p).unwrap();
        assert!(
            !(p.code == Code::UsulanProgrammeUndecidable && text.contains("\"path\":\"desil\"")),
            "the desil is reported as missing: {text}"
        );
    }
    // Once ranked (desil 3), nothing awaits.
    let mut ranked = b.clone();
    for p in &mut ranked.proposals {
        p.household.desil = Some(3);
    }
    let a = dtks_core::usulan::check_answer(&ranked, &ctx, Vec::new());
    assert!(a.awaiting_ranking.is_empty(), "{:?}", a.awaiting_ranking);
}

#[test]
fn every_illegal_status_move_is_refused_along_the_path() {
    let moves = [
        Move::Save,
        Move::Finalise,
        Move::StartVerification,
        Move::Verify,
        Move::Reject {
            reason: RejectReason::NotEligibleAtVisit,
        },
        Move::Deactivate {
            reason: DeactivationReason::Graduated,
        },
    ];
    // The path of the source texts and the one legal move out of each status.
    let path = [
        (Status::Draft, "save", Status::Saved),
        (Status::Saved, "finalise", Status::Finalised),
        (
            Status::Finalised,
            "start_verification",
            Status::UnderVerification,
        ),
        (Status::UnderVerification, "verify", Status::Verified),
        (Status::Verified, "deactivate", Status::Deactivated),
    ];
    for (status, legal, to) in path {
        for mv in moves {
            let allowed = mv.name() == legal
                || (status == Status::UnderVerification && mv.name() == "reject");
            match next(status, mv) {
                Ok(t) if allowed && mv.name() == legal => assert_eq!(t, to),
                Ok(t) if allowed => assert_eq!(t, Status::Rejected),
                Err(LifecycleError::IllegalMove { got, .. }) if !allowed => {
                    assert_eq!(got, status)
                }
                other => panic!("{mv:?} from {status:?} gave {other:?}"),
            }
        }
    }
    // The recorded moves along a trail refuse the same, and leave it unchanged.
    let mut batch: Batch = serde_json::from_str(BATCH).unwrap();
    batch.prelist_hash = None;
    let none = HashSet::new();
    let ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: None,
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    let events = [
        Event::Save,
        Event::StartVerification,
        Event::Verify,
        Event::Deactivate {
            reason: DeactivationReason::Graduated,
        },
    ];
    let trail = &batch.proposals[0].trail;
    assert_eq!(trail.status(), Status::Saved);
    for ev in events {
        let mut t = trail.clone();
        match t.record(ev, "op", at(8, 1), None) {
            Err(LifecycleError::IllegalMove { got, .. }) => assert_eq!(got, Status::Saved),
            other => panic!("{ev:?} from saved gave {other:?}"),
        }
        assert_eq!(&t, trail);
    }
    // The only way to finalised is the batch finalisation; the generic move cannot name it.
    assert_eq!(
        Event::from_name("finalise", None),
        Err(EventNameError::FinaliseReserved)
    );
    finalise(&mut batch, STATEMENT, &ctx, "op", at(7, 10)).unwrap();
    assert_eq!(batch.proposals[0].trail.status(), Status::Finalised);
    // Final statuses refuse everything.
    for end in [Status::Rejected, Status::Deactivated] {
        for mv in moves {
            assert!(matches!(
                next(end, mv),
                Err(LifecycleError::IllegalMove { .. })
            ));
        }
    }
}

#[test]
fn a_tampered_audit_trail_in_a_batch_file_is_detected() {
    let mut batch: Batch = serde_json::from_str(BATCH).unwrap();
    let none = HashSet::new();
    let ctx = CheckContext {
        as_of: as_of(),
        registered: &none,
        prelist: None,
        programmes: &all_possible,
        anchors: &Anchors::default(),
    };
    batch.prelist_hash = None;
    finalise(&mut batch, STATEMENT, &ctx, "op-3171011001", at(7, 10)).unwrap();
    for p in &mut batch.proposals {
        p.trail
            .record(Event::StartVerification, "dinsos", at(11, 8), None)
            .unwrap();
    }
    let json = serde_json::to_string_pretty(&batch).unwrap();
    // Someone edits who finalised the first proposal, in the file.
    let edited = json.replacen(
        "\"actor\": \"op-3171011001\",\n          \"at\": \"2024-03-07T10:00:00\"",
        "\"actor\": \"op-other\",\n          \"at\": \"2024-03-07T10:00:00\"",
        1,
    );
    assert_ne!(edited, json, "the edit must hit the file");
    let tampered: Batch = serde_json::from_str(&edited).unwrap();
    let ps = check_batch(&tampered, &ctx);
    let broken: Vec<(&str, Option<&str>)> = ps
        .iter()
        .filter(|p| p.code == Code::AuditTrailBroken)
        .map(|p| (p.path.as_str(), p.get("kind")))
        .collect();
    assert_eq!(
        broken,
        vec![("proposals[0].trail[1]", Some("hash_mismatch"))]
    );
    // An entry removed from the second proposal's trail.
    let mut cut = batch.clone();
    let mut v: Vec<serde_json::Value> =
        serde_json::from_value(serde_json::to_value(&cut.proposals[1].trail).unwrap()).unwrap();
    v.remove(1);
    cut.proposals[1].trail = serde_json::from_value(serde_json::Value::Array(v)).unwrap();
    let e = cut.proposals[1].trail.verify().unwrap_err();
    assert_eq!((e.index, e.kind), (1, TrailBreak::IndexMismatch));
}
