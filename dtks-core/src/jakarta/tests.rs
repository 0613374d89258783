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

fn second_account(kk: &str, nik: &str) -> Account {
    serde_json::from_str(&format!(
        r#"{{"account_id": "jaki-0002", "registrations": [
      {{"registrant": {{"name": "Rina", "nik": "3171016001920004", "ktp_village_code": "31.71.01.1001"}},
       "ktp_village_code": "31.71.01.1001",
       "household": {{"id": "J-9", "address": {{"village_code": "3171011001"}},
         "families": [{{"kk": "{kk}", "members": [
           {{"nik": "{nik}", "name": "Budi Santoso", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"}}]}}]}}}}
    ]}}"#
    ))
    .unwrap()
}

#[test]
fn one_family_from_two_accounts_is_one_error_at_the_later_account() {
    // The same family (KK and head) as jaki-0001's first registration.
    let b = second_account("3171011503150007", "3171011708800001");
    let ps = validate_accounts(&[account(), b], &Registry::default(), day());
    assert_eq!(
        errs(&ps),
        vec![(
            Code::JakartaFamilyOtherAccount,
            "accounts[1].registrations[0].household.families[0].kk"
        )]
    );
    let p = ps.iter().find(|p| p.is_error()).unwrap();
    assert_eq!(p.get("account"), Some("jaki-0001"));
    assert_eq!(p.get("kk"), Some("3171••••••••0007"));
    // A person moved into another family, registered again from another account.
    let b = second_account("3171010101200009", "3171011708800001");
    let ps = validate_accounts(&[account(), b], &Registry::default(), day());
    assert_eq!(
        errs(&ps),
        vec![(
            Code::JakartaNikOtherAccount,
            "accounts[1].registrations[0].household.families[0].members[0].nik"
        )]
    );
}

#[test]
fn families_and_people_already_in_the_registry_are_errors() {
    let mut registry = Registry::default();
    registry.kks.insert(3171012006180004);
    registry.niks.insert(3171011708800001);
    let ps = validate_accounts(&[account()], &registry, day());
    assert_eq!(
        errs(&ps),
        vec![
            (
                Code::JakartaNikRegistered,
                "accounts[0].registrations[0].household.families[0].members[0].nik"
            ),
            (
                Code::JakartaFamilyRegistered,
                "accounts[0].registrations[1].household.families[0].kk"
            ),
        ]
    );
}

#[test]
fn an_account_without_families_is_an_error() {
    let a: Account = serde_json::from_str(r#"{"account_id": "acc-1"}"#).unwrap();
    assert_eq!(
        errs(&validate_account(&a, day())),
        vec![(Code::JakartaAccountEmpty, "registrations")]
    );
}

proptest! {
    #[test]
    fn k_copies_of_an_account_give_one_error_per_family_per_later_copy(k in 1usize..5, registered in any::<bool>()) {
        let accounts: Vec<Account> = (0..k)
            .map(|i| {
                let mut a = account();
                a.account_id = format!("jaki-{i}");
                a
            })
            .collect();
        let mut registry = Registry::default();
        if registered {
            registry.kks.insert(3171011503150007);
        }
        let ps = validate_accounts(&accounts, &registry, day());
        let count = |c: Code| ps.iter().filter(|p| p.code == c).count();
        // Two families per account; a registered family is reported as such in every copy.
        let (other, reg) = if registered { (k - 1, k) } else { (2 * (k - 1), 0) };
        prop_assert_eq!(count(Code::JakartaFamilyOtherAccount), other);
        prop_assert_eq!(count(Code::JakartaFamilyRegistered), reg);
        prop_assert_eq!(count(Code::JakartaNikOtherAccount), 0);
    }
}
