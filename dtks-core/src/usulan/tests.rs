use super::*;
use crate::household::Household;
use crate::lifecycle::Status;
use crate::musyawarah::{self, QuorumRule};
use crate::problem::{Code, Problem};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use std::collections::HashSet;

pub(crate) fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 7).unwrap()
}

pub(crate) fn at(h: u32) -> NaiveDateTime {
    as_of().and_hms_opt(h, 0, 0).unwrap()
}

/// Two proposals from Kelurahan 31.71.01.1001, both saved.
pub(crate) fn batch_json() -> &'static str {
    r#"{
  "id": "B-3171011001-2024-03",
  "operator_village": "31.71.01.1001",
  "berita_acara_usulan": "ba-usulan-2024-03.pdf",
  "proposals": [
    {"id": "U-1", "kk": "3171011503150007", "nik": "3171011708800001",
     "household": {"id": "RT-1", "address": {"village_code": "3171011001", "rt": "001", "rw": "002"},
       "families": [{"kk": "3171011503150007", "members": [
         {"nik": "3171011708800001", "name": "Budi Santoso", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"},
         {"nik": "3171015204850002", "name": "Siti  Aminah", "birth_date": "1985-04-12", "sex": "female", "relationship": "spouse"},
         {"nik": "3171010501100003", "name": "Andi Santoso", "birth_date": "2010-01-05", "sex": "male", "relationship": "child"}]}],
       "housing": {"floor": "soil", "water": "unprotected"},
       "documents": {"ktp_photo": "ktp-u1.jpg", "house_photo": "rumah-u1.jpg"}},
     "survey": [{"question": "jenis_lantai", "answer": "tanah"}, {"question": "makan_2x_sehari", "answer": false}],
     "programmes": ["pkh", "bpnt"]},
    {"id": "U-2", "kk": "3171012006180004", "nik": "3171014107750005",
     "household": {"id": "RT-3", "address": {"village_code": "3171011001"},
       "families": [{"kk": "3171012006180004", "members": [
         {"nik": "3171014107750005", "name": "Wati", "birth_date": "1975-07-01", "sex": "female", "relationship": "head"},
         {"nik": "3171012312050006", "name": "Dedi", "birth_date": "2005-12-23", "sex": "male", "relationship": "child"}]}],
       "documents": {"ktp_photo": "ktp-u2.jpg", "house_photo": "rumah-u2.jpg"}},
     "survey": [{"question": "jenis_lantai", "answer": 4}],
     "programmes": ["bpnt"]}
  ]
}"#
}

pub(crate) fn saved_batch() -> Batch {
    let mut b: Batch = serde_json::from_str(batch_json()).unwrap();
    for p in &mut b.proposals {
        p.trail
            .record(crate::lifecycle::Event::Save, "op-3171011001", at(8), None)
            .unwrap();
    }
    b
}

/// A stand-in engine: pkh needs a child; bpnt always possible; pbi_jk undecidable.
pub(crate) fn engine(h: &Household, prog: &str, _: NaiveDate) -> ProgrammeVerdict {
    match prog {
        "pkh" => {
            let child = h.families.iter().flat_map(|f| &f.members).any(|m| {
                m.relationship == Some(crate::household::codes::Relationship::Child)
                    && m.birth_date
                        .is_some_and(|b| b > NaiveDate::from_ymd_opt(2006, 3, 7).unwrap())
            });
            if child {
                ProgrammeVerdict::Possible
            } else {
                ProgrammeVerdict::NotPossible {
                    reasons: vec![super::ProgrammeReason::text(
                        "tidak ada anak di bawah 18 tahun",
                        "no child under 18",
                    )],
                }
            }
        }
        "bpnt" => ProgrammeVerdict::Possible,
        "pbi_jk" => ProgrammeVerdict::Undecidable {
            missing: vec![super::ProgrammeReason::text("desil", "desil")],
        },
        _ => ProgrammeVerdict::UnknownProgramme,
    }
}

static NO_ANCHORS: std::sync::LazyLock<Anchors> = std::sync::LazyLock::new(Anchors::default);

fn ctx<'a>(
    registered: &'a HashSet<u64>,
    prelist: Option<&'a musyawarah::PrelistAkhir>,
) -> CheckContext<'a> {
    CheckContext {
        as_of: as_of(),
        registered,
        prelist,
        programmes: &engine,
        anchors: &NO_ANCHORS,
    }
}

fn codes(ps: &[Problem]) -> Vec<Code> {
    ps.iter().map(|p| p.code).collect()
}

fn errors(ps: &[Problem]) -> Vec<(Code, String)> {
    ps.iter()
        .filter(|p| p.is_error())
        .map(|p| (p.code, p.path.clone()))
        .collect()
}

#[test]
fn the_fixture_batch_is_valid() {
    let none = HashSet::new();
    let ps = check_batch(&saved_batch(), &ctx(&none, None));
    assert_eq!(errors(&ps), vec![], "{ps:#?}");
}

#[test]
fn each_proposal_check_reports_at_its_path() {
    let none = HashSet::new();
    let mut b = saved_batch();
    {
        let p = &mut b.proposals[0];
        p.nik = crate::household::IdField::from_text("3171011708800009"); // valid, not in the family
        p.survey[1].answer = None;
        p.programmes.push("pkh".into());
        p.programmes.push("kip".into());
        p.household.documents.house_photo = None;
        p.household.families[0].members[2].name = None;
    }
    {
        let p = &mut b.proposals[1];
        p.kk = crate::household::IdField::from_text("3171011503150007"); // the other family's KK
        p.survey.clear();
        p.programmes = vec!["pkh".into(), "pbi_jk".into()];
        p.household.address.village_code = "3302012001".into();
    }
    let ps = check_batch(&b, &ctx(&none, None));
    let got = errors(&ps);
    let want: Vec<(Code, &str)> = vec![
        (
            Code::FieldRequired,
            "proposals[0].household.families[0].members[2].name",
        ),
        (Code::UsulanNikNotInFamily, "proposals[0].nik"),
        (
            Code::UsulanSurveyUnanswered,
            "proposals[0].survey[1].answer",
        ),
        (Code::UsulanProgrammeTwice, "proposals[0].programmes[2]"),
        (Code::UsulanProgrammeUnknown, "proposals[0].programmes[3]"),
        (
            Code::UsulanDocumentMissing,
            "proposals[0].household.documents.house_photo",
        ),
        (Code::UsulanKkNotInHousehold, "proposals[1].kk"),
        (Code::UsulanSurveyMissing, "proposals[1].survey"),
        (
            Code::UsulanProgrammeNotPossible,
            "proposals[1].programmes[0]",
        ),
        (
            Code::UsulanVillageMismatch,
            "proposals[1].household.address.village_code",
        ),
    ];
    let got_codes: Vec<(Code, &str)> = got.iter().map(|(c, p)| (*c, p.as_str())).collect();
    for w in &want {
        assert!(got_codes.contains(w), "missing {w:?} in {got_codes:#?}");
    }
    let np = ps
        .iter()
        .find(|p| p.code == Code::UsulanProgrammeNotPossible)
        .unwrap();
    // The reasons are a list of objects with the text in each language.
    let reasons = serde_json::to_value(np).unwrap()["context"]["reasons"].clone();
    assert_eq!(reasons[0]["text"]["en"], "no child under 18");
    assert_eq!(reasons[0]["text"]["id"], "tidak ada anak di bawah 18 tahun");
    assert!(np
        .message(crate::problem::Lang::Id)
        .ends_with("tidak ada anak di bawah 18 tahun"));
    // Undecidable is a warning, not an error.
    let und = ps
        .iter()
        .find(|p| p.code == Code::UsulanProgrammeUndecidable)
        .unwrap();
    assert!(!und.is_error());
    // No raw NIK, KK or name in any problem.
    let dump = format!("{ps:?}");
    assert!(
        !dump.contains("1708800009") && !dump.contains("Santoso"),
        "{dump}"
    );
}

#[test]
fn niks_twice_in_batch_or_registered() {
    let mut b = saved_batch();
    let dup = b.proposals[0].household.families[0].members[1].clone();
    b.proposals[1].household.families[0].members.push(dup);
    let registered: HashSet<u64> =
        [crate::id::Nik::parse("3171012312050006").unwrap().as_u64()].into();
    let ps = check_batch(&b, &ctx(&registered, None));
    let e = errors(&ps);
    assert!(
        e.contains(&(
            Code::UsulanNikInBatch,
            "proposals[1].household.families[0].members[2].nik".into()
        )),
        "{e:?}"
    );
    assert!(
        e.contains(&(
            Code::UsulanNikRegistered,
            "proposals[1].household.families[0].members[1].nik".into()
        )),
        "{e:?}"
    );
    let p = ps
        .iter()
        .find(|p| p.code == Code::UsulanNikInBatch)
        .unwrap();
    assert_eq!(p.get("nik"), Some("3171••••••••0002"));
    assert_eq!(
        p.get("other"),
        Some("proposals[0].household.families[0].members[1].nik")
    );
}

fn session_for(ids: &[(&str, musyawarah::Outcome)]) -> musyawarah::Session {
    let agenda: Vec<String> = ids
        .iter()
        .map(|(id, _)| format!(r#"{{"household_id": "{id}", "source": "new_proposal"}}"#))
        .collect();
    let decisions: Vec<String> = ids
        .iter()
        .map(|(id, o)| {
            format!(
                r#"{{"household_id": "{id}", "outcome": "{}", "reason": "x"}}"#,
                o.as_str()
            )
        })
        .collect();
    serde_json::from_str(&format!(
        r#"{{"kind": "muskel", "village_code": "3171011001", "date": "2024-03-05", "place": "Aula",
            "agenda": [{}], "decisions": [{}],
            "berita_acara": {{"number": "5/2024", "date": "2024-03-05",
              "signatories": [{{"name": "R. Hidayat", "role": "lurah"}},
                              {{"name": "S. Lestari", "role": "village_official"}}]}}}}"#,
        agenda.join(","),
        decisions.join(",")
    ))
    .unwrap()
}

#[test]
fn cited_prelist_must_be_given_match_and_contain_each_household() {
    use musyawarah::Outcome::*;
    let none = HashSet::new();
    let list = musyawarah::prelist_akhir(
        &session_for(&[("RT-1", Eligible), ("RT-3", NotEligible)]),
        &QuorumRule::default(),
    )
    .unwrap();
    let mut b = saved_batch();
    b.prelist_hash = Some(list.hash.clone());
    // Not given.
    assert_eq!(
        errors(&check_batch(&b, &ctx(&none, None))),
        vec![(Code::UsulanPrelistNotGiven, "prelist_hash".into())]
    );
    // Given: RT-3 was not eligible.
    assert_eq!(
        errors(&check_batch(&b, &ctx(&none, Some(&list)))),
        vec![(Code::UsulanNotOnPrelist, "proposals[1].household.id".into())]
    );
    // Another session's list.
    let other = musyawarah::prelist_akhir(
        &session_for(&[("RT-1", Eligible), ("RT-3", Eligible)]),
        &QuorumRule::default(),
    )
    .unwrap();
    assert_eq!(
        codes(&check_batch(&b, &ctx(&none, Some(&other)))),
        vec![Code::UsulanPrelistHashMismatch]
    );
    b.prelist_hash = Some(other.hash.to_uppercase());
    assert_eq!(errors(&check_batch(&b, &ctx(&none, Some(&other)))), vec![]);
}

#[test]
fn statement_normalisation_whitespace_case_punctuation() {
    // Surrounding whitespace: trimmed.
    assert_eq!(
        statement_matches("\t Saya bertanggung jawab terhadap data usulan tersebut \n"),
        Ok(())
    );
    assert_eq!(
        statement_matches("\u{a0}Saya bertanggung jawab terhadap data usulan tersebut\u{a0}"),
        Ok(())
    );
    // Inner runs of whitespace: collapsed.
    assert_eq!(
        statement_matches("Saya   bertanggung\tjawab terhadap\n data usulan  tersebut"),
        Ok(())
    );
    // But a missing space is another text.
    assert_eq!(
        statement_matches("Saya bertanggungjawab terhadap data usulan tersebut"),
        Err(StatementMismatch::Text)
    );
    // Letter case: exact.
    assert_eq!(
        statement_matches("saya bertanggung jawab terhadap data usulan tersebut"),
        Err(StatementMismatch::LetterCase)
    );
    assert_eq!(
        statement_matches("SAYA BERTANGGUNG JAWAB TERHADAP DATA USULAN TERSEBUT"),
        Err(StatementMismatch::LetterCase)
    );
    // Punctuation and words: exact.
    assert_eq!(
        statement_matches("Saya bertanggung jawab terhadap data usulan tersebut."),
        Err(StatementMismatch::Text)
    );
    assert_eq!(
        statement_matches("\"Saya bertanggung jawab terhadap data usulan tersebut\""),
        Err(StatementMismatch::Text)
    );
    assert_eq!(
        statement_matches("Saya bertanggung jawab"),
        Err(StatementMismatch::Text)
    );
    assert_eq!(statement_matches("   "), Err(StatementMismatch::Empty));
    assert_eq!(statement_matches(STATEMENT), Ok(()));
}

#[test]
fn finalise_records_the_move_in_every_trail() {
    let none = HashSet::new();
    let mut b = saved_batch();
    let warnings = finalise(&mut b, STATEMENT, &ctx(&none, None), "op-3171011001", at(9)).unwrap();
    assert!(warnings.iter().all(|p| !p.is_error()));
    for p in &b.proposals {
        assert_eq!(p.trail.status(), Status::Finalised);
        assert_eq!(p.trail.since(), Some(at(9)));
        assert_eq!(p.trail.verify(), Ok(()));
    }
    // A second finalisation is refused: they are no longer saved.
    let before = b.clone();
    let ps = finalise(&mut b, STATEMENT, &ctx(&none, None), "op", at(10)).unwrap_err();
    assert_eq!(
        codes(&ps),
        vec![Code::UsulanStatusWrong, Code::UsulanStatusWrong]
    );
    assert_eq!(b, before);
}

proptest! {
    #[test]
    fn check_never_panics_on_mangled_batches(
        nik in "[0-9]{0,17}", kk in "[0-9.E+]{0,17}", village in "[0-9.]{0,14}",
        progs in prop::collection::vec("[a-z_]{0,6}", 0..4), drop_docs in any::<bool>(),
        statement in "\\PC{0,60}", dup in any::<bool>(),
    ) {
        let mut b = saved_batch();
        let none = HashSet::new();
        if let Some(p) = b.proposals.get_mut(0) {
            p.nik = crate::household::IdField::from_text(&nik);
            p.kk = crate::household::IdField::from_text(&kk);
            p.household.address.village_code = village.clone();
            p.programmes = progs;
            if drop_docs { p.household.documents = Default::default(); }
        }
        if dup { let c = b.proposals[0].clone(); b.proposals.push(c); }
        b.operator_village = village;
        let ps = check_batch(&b, &ctx(&none, None));
        let fin = finalisation_problems(&b, &statement, &ctx(&none, None));
        // Finalisation reports at least what the check reports.
        prop_assert!(fin.len() >= ps.len());
        if dup { prop_assert!(codes(&ps).contains(&Code::UsulanIdDuplicate)); }
    }
}

#[test]
fn status_query_by_nik_and_by_name() {
    let mut b = saved_batch();
    let checked = crate::lifecycle::FinaliseCheck {
        berita_acara_usulan: "BA-USULAN-1".into(),
        statement: STATEMENT.into(),
        batch_hash: batch_hash(&b),
    };
    b.proposals[1]
        .trail
        .record_finalise("op", at(9), checked, None)
        .unwrap();
    // By the spouse's NIK.
    let nik = crate::id::Nik::parse("3171015204850002").unwrap();
    let none = Anchors::default();
    let a = find(&b, Query::Nik(nik), &none).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].proposal_id, "U-1");
    assert_eq!(a[0].member, "proposals[0].household.families[0].members[1]");
    assert_eq!((a[0].status, a[0].since), (Status::Saved, Some(at(8))));
    // By name: case and spaces do not matter ("Siti  Aminah" in the data).
    let a = find(&b, Query::Name("  siti AMINAH "), &none).unwrap();
    assert_eq!(a.len(), 1);
    let a = find(&b, Query::Name("wati"), &none).unwrap();
    assert_eq!(
        (a[0].proposal_id.as_str(), a[0].status, a[0].since),
        ("U-2", Status::Finalised, Some(at(9)))
    );
    assert_eq!(a[0].last_move, Some(crate::lifecycle::Move::Finalise));
    // No partial matches, no blank matches.
    assert!(find(&b, Query::Name("Siti"), &none).unwrap().is_empty());
    assert!(find(&b, Query::Name("   "), &none).unwrap().is_empty());
    assert!(find(
        &b,
        Query::Nik(crate::id::Nik::parse("3171011708800009").unwrap()),
        &none
    )
    .unwrap()
    .is_empty());
    // The answer holds no personal data.
    let dbg = format!("{:?}", find(&b, Query::Name("wati"), &none).unwrap());
    assert!(
        !dbg.contains("Wati") && !dbg.contains("4107750005"),
        "{dbg}"
    );
}
