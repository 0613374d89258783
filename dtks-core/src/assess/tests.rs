use super::*;
use crate::household::codes::CodeList;
use crate::household::Member;
use crate::id::Sex;
use crate::problem::Lang;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn hh(json: &str) -> Household {
    serde_json::from_str(json).unwrap()
}

#[test]
fn tri_logic_is_kleene() {
    use Tri::*;
    assert_eq!(Pass.and(Undecidable), Undecidable);
    assert_eq!(Fail.and(Undecidable), Fail);
    assert_eq!(Pass.or(Undecidable), Pass);
    assert_eq!(Fail.or(Undecidable), Undecidable);
    assert_eq!(Undecidable.not(), Undecidable);
}

#[test]
fn any_with_one_pass_passes_even_if_others_are_undecidable() {
    // KJP Plus: registered unknown, but the pupil has a disability.
    let h = hh(r#"{"id": "K", "address": {"village_code": "3171011001"},
        "families": [{"members": [
          {"relationship": "head", "birth_date": "1980-01-01"},
          {"relationship": "child", "birth_date": "2012-01-01", "schooling": "junior_secondary", "disability": "sensory"}]}]}"#);
    let a = assess(&h, d(2024, 6, 1), RuleSets::builtin());
    let k = a
        .decisions
        .iter()
        .find(|x| x.programme == "KJP_PLUS" && x.path == "families[0].members[1]")
        .unwrap();
    assert_eq!(k.outcome, Outcome::Eligible);
    assert_eq!(k.amount.unwrap().per_year, 300_000 * 12);
    assert_eq!(k.amount.unwrap().per_period, 300_000 * 6);
}

#[test]
fn fast_and_full_agree_on_decisions() {
    let h = hh(
        r#"{"id": "K", "address": {"village_code": "3171011001"}, "registered": true, "desil": 3,
        "families": [{"members": [
          {"relationship": "head", "birth_date": "1950-01-01", "severe_disability": true, "disability": "physical"},
          {"relationship": "child", "birth_date": "2020-01-01"}]}]}"#,
    );
    let full = assess(&h, d(2025, 6, 1), RuleSets::builtin());
    let fast = assess_with(&h, d(2025, 6, 1), RuleSets::builtin(), Options::FAST);
    assert_eq!(full.decisions.len(), fast.decisions.len());
    for (a, b) in full.decisions.iter().zip(&fast.decisions) {
        assert_eq!(
            (a.programme, &a.path, a.outcome, a.amount),
            (b.programme, &b.path, b.outcome, b.amount)
        );
    }
    assert!(fast.decisions.iter().all(|x| x.trace.is_empty()));
    assert!(!full.criteria.is_empty());
}

#[test]
fn text_names_the_rule_set_and_never_the_name() {
    let h = hh(
        r#"{"id": "K", "address": {"village_code": "3171011001"}, "registered": true, "desil": 3,
        "families": [{"members": [{"name": "Siti Aminah", "relationship": "head", "birth_date": "1950-01-01"}]}]}"#,
    );
    let a = assess(&h, d(2025, 6, 1), RuleSets::builtin());
    for lang in [Lang::Id, Lang::En] {
        let t = a.to_text(lang);
        assert!(!t.contains("Siti"), "{t}");
        assert!(t.contains("sha256:"), "{t}");
        assert!(t.contains("families[0].members[0]"), "{t}");
    }
    assert!(a.to_text(Lang::En).contains("ELIGIBLE"));
    let j: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert!(j["decisions"][0]["rule_set"]["content_hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert!(!a.to_json().contains("Siti"));
}

// ---- proptest: never panics, deterministic ---------------------------------

fn opt<T: Clone + std::fmt::Debug + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    prop_oneof![Just(None), s.prop_map(Some)].boxed()
}

fn code<T: CodeList + std::fmt::Debug>() -> BoxedStrategy<T> {
    (0..T::ALL.len()).prop_map(|i| T::ALL[i]).boxed()
}

fn member() -> impl Strategy<Value = Member> {
    use crate::household::codes::*;
    (
        (
            opt((1900i32..2030, 1u32..13, 1u32..32)),
            opt(any::<bool>()),
            opt(code::<Relationship>()),
        ),
        (
            opt(any::<bool>()),
            opt(code::<Disability>()),
            opt(any::<bool>()),
        ),
        (
            opt(code::<Schooling>()),
            opt(code::<Education>()),
            opt(any::<bool>()),
        ),
    )
        .prop_map(
            |((birth, male, rel), (preg, dis, sev), (sch, edu, work))| Member {
                birth_date: birth.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                sex: male.map(|m| if m { Sex::Male } else { Sex::Female }),
                relationship: rel,
                pregnant: preg,
                disability: dis,
                severe_disability: sev,
                schooling: sch,
                education: edu,
                working: work,
                ..Member::default()
            },
        )
}

fn household() -> impl Strategy<Value = Household> {
    use crate::household::codes::*;
    use crate::household::{Address, Family, Housing};
    (
        prop::collection::vec(prop::collection::vec(member(), 0..6), 0..3),
        prop_oneof![
            Just("3171011001".to_owned()),
            Just("32.01.01.2001".to_owned()),
            "[0-9.]{0,12}"
        ],
        (opt(-5i64..15), opt(any::<bool>()), opt(-10i64..10_000_000)),
        (
            opt(-1.0f64..300.0),
            opt(code::<FloorMaterial>()),
            opt(code::<WallMaterial>()),
            opt(code::<Toilet>()),
        ),
        (
            opt(code::<Lighting>()),
            opt(code::<WaterSource>()),
            opt(code::<CookingFuel>()),
            opt(code::<RoofMaterial>()),
        ),
    )
        .prop_map(
            |(
                fams,
                village,
                (desil, reg, income),
                (area, floor, wall, toilet),
                (light, water, fuel, roof),
            )| Household {
                id: "P".to_owned(),
                address: Address {
                    village_code: village,
                    ..Address::default()
                },
                families: fams
                    .into_iter()
                    .map(|members| Family { kk: None, members })
                    .collect(),
                housing: Housing {
                    floor_area: area,
                    floor,
                    wall,
                    toilet,
                    lighting: light,
                    water,
                    cooking_fuel: fuel,
                    roof,
                    ..Housing::default()
                },
                income_monthly: income,
                desil,
                registered: reg,
                ..Household::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn assessing_never_panics_and_is_deterministic(h in household(), y in 2015i32..2028, doy in 1u32..366) {
        let as_of = NaiveDate::from_yo_opt(y, doy).unwrap_or(d(2025, 1, 1));
        let a = assess(&h, as_of, RuleSets::builtin());
        let b = assess(&h, as_of, RuleSets::builtin());
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.to_json(), b.to_json());
        let _ = a.to_text(Lang::Id);
        let _ = a.to_text(Lang::En);
        for dec in &a.decisions {
            if let Some(x) = dec.amount {
                prop_assert!(x.per_year >= 0);
                prop_assert_eq!(dec.outcome, Outcome::Eligible);
            }
            let counted = dec.components.iter().filter(|l| l.counted).count();
            if dec.programme == "PKH" {
                prop_assert!(counted <= 4);
            }
        }
        let (m, r) = RuleSets::builtin().pmt_models().next().unwrap();
        let s1 = crate::pmt::score(m, r, &h, as_of);
        let s2 = crate::pmt::score(m, r, &h, as_of);
        prop_assert_eq!(s1, s2);
    }
}
