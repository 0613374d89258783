use super::*;
use crate::problem::Code;
use proptest::prelude::*;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 2, 10).unwrap()
}

fn account() -> Account {
    serde_json::from_str(
        r#"{"account_id": "jaki-0001", "registrations": [
      {"registrant": {"name": "Dewi Lestari", "nik": "3273015507900003", "ktp_village_code": "31.71.01.1001"},
       "ktp_village_code": "31.71.01.1001",
       "household": {"id": "J-1", "address": {"village_code": "3171011001"},
         "families": [{"kk": "3171011503150007", "members": [
           {"nik": "3171011708800001", "name": "Budi Santoso", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"}]}],
         "housing": {"water": "refill"}},
       "exclusions": {"owns_car": false}},
      {"registrant": {"name": "Dewi Lestari", "nik": "3273015507900003", "ktp_village_code": "31.71.01.1001"},
       "ktp_village_code": "31.71.01.1001",
       "household": {"id": "J-2", "address": {"village_code": "3171011001"},
         "families": [{"kk": "3171012006180004", "members": [
           {"nik": "3171014107750005", "name": "Wati", "birth_date": "1975-07-01", "sex": "female", "relationship": "head"}]}]}}
    ]}"#,
    )
    .unwrap()
}

fn errs(ps: &[Problem]) -> Vec<(Code, &str)> {
    ps.iter()
        .filter(|p| p.is_error())
        .map(|p| (p.code, p.path.as_str()))
        .collect()
}

#[test]
fn one_account_registers_several_families() {
    // The registrant's NIK is from Bandung (32.73): the KTP address decides, not the NIK.
    let ps = validate_account(&account(), day());
    assert_eq!(errs(&ps), vec![]);
}

#[test]
fn ktp_test_uses_the_ktp_address_not_the_nik() {
    let mut a = account();
    a.registrations[0].registrant.ktp_village_code = "3302012001".into();
    a.registrations[1].ktp_village_code = "31.71.01.9999".into();
    let ps = validate_account(&a, day());
    assert_eq!(
        errs(&ps),
        vec![
            (
                Code::JakartaKtpNotDki,
                "registrations[0].registrant.ktp_village_code"
            ),
            (Code::VillageUnknown, "registrations[1].ktp_village_code"),
        ]
    );
}

#[test]
fn the_2022_exclusions() {
    let mut a = account();
    let r = &mut a.registrations[0];
    r.household.housing.water = Some(WaterSource::BottledBranded);
    r.exclusions = ExclusionAnswers {
        member_excluded_occupation: Some(true),
        owns_car: Some(true),
        property_njop_above_1bn: Some(true),
    };
    r.household.address.village_code = "3302012001".into();
    let ps = validate_account(&a, day());
    let codes: Vec<Code> = ps.iter().filter(|p| p.is_error()).map(|p| p.code).collect();
    for c in [
        Code::JakartaNotResident,
        Code::JakartaExcludedBottledWater,
        Code::JakartaExcludedOccupation,
        Code::JakartaExcludedCar,
        Code::JakartaExcludedProperty,
    ] {
        assert!(codes.contains(&c), "{c:?} missing from {codes:?}");
    }
    // Refill water is not excluded; unknown answers are not problems.
    let mut a = account();
    a.registrations[0].household.housing.water = Some(WaterSource::Refill);
    a.registrations[0].exclusions = ExclusionAnswers::default();
    assert_eq!(errs(&validate_account(&a, day())), vec![]);
}

#[test]
fn a_family_twice_from_one_account() {
    let mut a = account();
    let again = a.registrations[0].clone();
    a.registrations.push(again);
    let ps = validate_account(&a, day());
    assert_eq!(
        errs(&ps),
        vec![
            (
                Code::JakartaFamilyTwice,
                "registrations[2].household.families[0].kk"
            ),
            (
                Code::UsulanNikInBatch,
                "registrations[2].household.families[0].members[0].nik"
            ),
        ]
    );
    assert!(!format!("{ps:?}").contains("1503150007"));
}

#[test]
fn household_validation_is_reused_and_unknown_fields_refused() {
    let mut a = account();
    a.registrations[1].household.families[0].members[0].sex = None;
    assert_eq!(
        errs(&validate_account(&a, day())),
        vec![(
            Code::FieldRequired,
            "registrations[1].household.families[0].members[0].sex"
        )]
    );
    let json = serde_json::to_string(&account()).unwrap();
    assert!(
        serde_json::from_str::<Account>(&json.replacen("\"owns_car\"", "\"has_car\"", 1)).is_err()
    );
    assert!(!format!("{:?}", account()).contains("Lestari"));
}

proptest! {
    #[test]
    fn never_panics(v in "[0-9. ]{0,15}", k in "[0-9. ]{0,15}", nik in "[0-9]{0,16}", water in any::<bool>()) {
        let mut a = account();
        a.registrations[0].ktp_village_code = k;
        a.registrations[0].household.address.village_code = v;
        a.registrations[0].registrant.nik = IdField::from_text(&nik);
        if water { a.registrations[0].household.housing.water = Some(WaterSource::BottledBranded); }
        let ps = validate_account(&a, day());
        prop_assert_eq!(water, ps.iter().any(|p| p.code == Code::JakartaExcludedBottledWater));
    }
}
