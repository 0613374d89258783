//! Jakarta's online DTKS registration (dtks.jakarta.go.id, 2022; docs/domain/process.md §3).
//!
//! One [`Account`] registers several families ([`Registration`]): the
//! registrant's personal data, the family members and the household
//! information (a [`Household`]). [`validate_account`] reports every problem,
//! reusing [`crate::household::validate`].
//!
//! **The Jakarta KTP test.** A KTP is a Jakarta KTP when the **village of
//! the address printed on it** is a village of province 31 (DKI Jakarta) in
//! the region table. The NIK's province digits are *not* the test: they are
//! the place of first registration and never change when a person moves
//! (docs/domain/identity.md §1.4), so a Jakarta resident born in Bandung holds NIK 32…
//! on a Jakarta KTP, and a NIK 31… can sit on a KTP issued elsewhere. The
//! test applies to the registrant ("pendaftar merupakan warga DKI Jakarta
//! yang memiliki KTP Jakarta", the source text) and to each registered
//! family (non-DKI KTP households cannot be proposed, docs/domain/process.md §3).
//!
//! **The 2022 exclusions** (docs/domain/process.md §3: suara.com 2022-05-10,
//! smartcity.jakarta.go.id, tirto.id) are errors, because the sources say
//! such households *cannot be proposed*: non-DKI KTP; not living in Jakarta
//! (household address outside province 31); branded bottled water as main
//! drinking water (refill water does not count); a member who is a civil
//! servant, TNI/Polri, permanent state-company employee or DPR/DPRD member;
//! owning a car; land/buildings with NJOP above Rp 1 billion. The last three
//! are not in the household model, so the form carries them as
//! [`ExclusionAnswers`]; unknown stays unknown (no problem). "Judged not
//! poor by the community" is decided later, at the musyawarah kelurahan, and
//! is not a registration check.

use crate::household::codes::WaterSource;
use crate::household::{self, Household, IdField};
use crate::id::Nik;
use crate::personal::Personal;
use crate::problem::{Code, Problem};
use crate::region;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The Kemendagri province code of DKI Jakarta.
pub const DKI_PROVINCE: &str = "31";

/// One account on dtks.jakarta.go.id and the families it registered.
///
/// ```
/// use dtks_core::jakarta::{validate_account, Account};
/// let a: Account = serde_json::from_str(r#"{"account_id": "acc-1", "registrations": []}"#).unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2022, 2, 10).unwrap();
/// assert_eq!(validate_account(&a, day)[0].code.as_str(), "JAKARTA_ACCOUNT_EMPTY");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The account's id (not personal data by itself).
    pub account_id: String,
    /// The families registered from this account.
    #[serde(default)]
    pub registrations: Vec<Registration>,
}

/// One family registered ("Pendaftaran" → personal data, family members,
/// household information → "Kirim").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Who fills in the form.
    pub registrant: Registrant,
    /// The village on the KTP of the family's head (Kemendagri code).
    pub ktp_village_code: String,
    /// Family members and household information.
    pub household: Household,
    /// The 2022 exclusion questions the household model cannot express.
    #[serde(default)]
    pub exclusions: ExclusionAnswers,
}

/// The registrant's personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registrant {
    /// Full name.
    pub name: Personal,
    /// NIK.
    pub nik: IdField<Nik>,
    /// The village on the registrant's KTP.
    pub ktp_village_code: String,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Personal>,
}

/// Answers to the 2022 exclusion rules not in the household model; `None` = not asked/unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionAnswers {
    /// A member is a civil servant, TNI/Polri, permanent BUMN/BUMD employee or DPR/DPRD member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_excluded_occupation: Option<bool>,
    /// The household owns a car.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owns_car: Option<bool>,
    /// Land or buildings with NJOP above Rp 1 billion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_njop_above_1bn: Option<bool>,
}

/// Whether a village code is a village of DKI Jakarta; `None` when it is not in the table.
///
/// ```
/// use dtks_core::jakarta::is_dki_village;
/// assert_eq!(is_dki_village("31.71.01.1001"), Some(true));
/// assert_eq!(is_dki_village("3302012001"), Some(false));
/// assert_eq!(is_dki_village("31.71.01.9999"), None);
/// ```
pub fn is_dki_village(code: &str) -> Option<bool> {
    region::village(code.trim()).map(|r| r.code_digits().starts_with(DKI_PROVINCE))
}

fn ktp_check(code: &str, path: &str, out: &mut Vec<Problem>) {
    let code = code.trim();
    if code.is_empty() {
        out.push(Problem::new(Code::FieldRequired, path).with("field", path));
        return;
    }
    match is_dki_village(code) {
        None => out.push(
            Problem::new(Code::VillageUnknown, path)
                .with_input("value", code)
                .with("table", region::table_version()),
        ),
        Some(false) => out.push(Problem::new(Code::JakartaKtpNotDki, path).with("village", code)),
        Some(true) => {}
    }
}

/// Validates one registration; paths are relative to it.
pub fn validate_registration(reg: &Registration, as_of: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if reg.registrant.name.is_blank() {
        out.push(
            Problem::new(Code::FieldRequired, "registrant.name").with("field", "registrant.name"),
        );
    }
    if let Some(e) = reg.registrant.nik.error() {
        out.push(e.to_problem("registrant.nik"));
    }
    ktp_check(
        &reg.registrant.ktp_village_code,
        "registrant.ktp_village_code",
        &mut out,
    );
    ktp_check(&reg.ktp_village_code, "ktp_village_code", &mut out);
    out.extend(
        household::validate(&reg.household, as_of)
            .into_iter()
            .map(|p| p.under("household")),
    );
    let home = reg.household.address.village_code.trim();
    if is_dki_village(home) == Some(false) {
        out.push(
            Problem::new(Code::JakartaNotResident, "household.address.village_code")
                .with("village", home),
        );
    }
    if reg.household.housing.water == Some(WaterSource::BottledBranded) {
        out.push(Problem::new(
            Code::JakartaExcludedBottledWater,
            "household.housing.water",
        ));
    }
    let x = &reg.exclusions;
    for (answer, code, path) in [
        (
            x.member_excluded_occupation,
            Code::JakartaExcludedOccupation,
            "exclusions.member_excluded_occupation",
        ),
        (x.owns_car, Code::JakartaExcludedCar, "exclusions.owns_car"),
        (
            x.property_njop_above_1bn,
            Code::JakartaExcludedProperty,
            "exclusions.property_njop_above_1bn",
        ),
    ] {
        if answer == Some(true) {
            out.push(Problem::new(code, path));
        }
    }
    out
}

/// Validates an account: each registration (under `registrations[i]`), and
/// no family (KK) or person (NIK) registered twice from the account.
///
/// An account without any family is an error (`JAKARTA_ACCOUNT_EMPTY`): the
/// registration *is* the families it enters ("Pendaftaran" → personal data,
/// family members, household information → send; docs/domain/process.md §3), so an
/// account that entered none has registered nothing. To check across
/// accounts and against the registry, use [`validate_accounts`].
pub fn validate_account(account: &Account, as_of: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if account.account_id.trim().is_empty() {
        out.push(Problem::new(Code::FieldRequired, "account_id").with("field", "account_id"));
    }
    if account.registrations.is_empty() {
        out.push(Problem::new(Code::JakartaAccountEmpty, "registrations"));
    }
    let mut kks: HashMap<u64, String> = HashMap::new();
    let mut niks: HashMap<u64, String> = HashMap::new();
    for (i, reg) in account.registrations.iter().enumerate() {
        let base = format!("registrations[{i}]");
        for (f, fam) in reg.household.families.iter().enumerate() {
            let fpath = format!("{base}.household.families[{f}]");
            if let Some(kk) = fam.kk.as_ref().and_then(IdField::valid) {
                match kks.get(&kk.as_u64()) {
                    Some(other) if !other.starts_with(&format!("{base}.")) => out.push(
                        Problem::new(Code::JakartaFamilyTwice, format!("{fpath}.kk"))
                            .with("kk", kk.masked())
                            .with("other", other),
                    ),
                    Some(_) => {}
                    None => {
                        kks.insert(kk.as_u64(), format!("{fpath}.kk"));
                    }
                }
            }
            for (m, member) in fam.members.iter().enumerate() {
                let Some(nik) = member.nik.as_ref().and_then(IdField::valid) else {
                    continue;
                };
                let path = format!("{fpath}.members[{m}].nik");
                match niks.get(&nik.as_u64()) {
                    Some(other) if !other.starts_with(&format!("{base}.")) => out.push(
                        Problem::new(Code::UsulanNikInBatch, path)
                            .with("nik", nik.masked())
                            .with("other", other),
                    ),
                    Some(_) => {}
                    None => {
                        niks.insert(nik.as_u64(), path);
                    }
                }
            }
        }
        out.extend(
            validate_registration(reg, as_of)
                .into_iter()
                .map(|p| p.under(&base)),
        );
    }
    out
}

/// NIKs and KK numbers already in the registry (as [`Nik::as_u64`] /
/// [`crate::id::NoKk::as_u64`]), given by the caller.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// NIKs already registered.
    pub niks: HashSet<u64>,
    /// KK numbers already registered.
    pub kks: HashSet<u64>,
}

/// Validates several accounts together (a registration round, or one new
/// account with the accounts already received), against the registry:
/// every problem of [`validate_account`] under `accounts[a]`, then what only
/// the whole shows.
///
/// | check | code |
/// |---|---|
/// | a family (KK) registered from another account too (reported at the later one) | `JAKARTA_FAMILY_OTHER_ACCOUNT` |
/// | a person (NIK) registered from another account too | `JAKARTA_NIK_OTHER_ACCOUNT` |
/// | a family (KK) already in the registry | `JAKARTA_FAMILY_REGISTERED` |
/// | a person (NIK) already in the registry | `JAKARTA_NIK_REGISTERED` |
///
/// One fault, one problem: when a family is already reported (another
/// account, or the registry), its members' NIKs are not reported again.
///
/// ```
/// use dtks_core::jakarta::{validate_accounts, Account, Registry};
/// let reg = r#"{"registrant": {"name": "Dewi", "nik": "3273015507900003", "ktp_village_code": "3171011001"},
///   "ktp_village_code": "3171011001",
///   "household": {"id": "J-1", "address": {"village_code": "3171011001"},
///     "families": [{"kk": "3171011503150007", "members": [{"nik": "3171011708800001",
///       "name": "Budi", "birth_date": "1980-08-17", "sex": "male", "relationship": "head"}]}]}}"#;
/// let a: Account = serde_json::from_str(&format!(r#"{{"account_id": "a-1", "registrations": [{reg}]}}"#)).unwrap();
/// let b: Account = serde_json::from_str(&format!(r#"{{"account_id": "a-2", "registrations": [{reg}]}}"#)).unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2022, 2, 10).unwrap();
/// let ps = validate_accounts(&[a, b], &Registry::default(), day);
/// let codes: Vec<&str> = ps.iter().filter(|p| p.is_error()).map(|p| p.code.as_str()).collect();
/// assert_eq!(codes, ["JAKARTA_FAMILY_OTHER_ACCOUNT"]);
/// ```
pub fn validate_accounts(
    accounts: &[Account],
    registry: &Registry,
    as_of: NaiveDate,
) -> Vec<Problem> {
    let mut out = Vec::new();
    // First account (index, id) of each KK and NIK.
    let mut kks: HashMap<u64, usize> = HashMap::new();
    let mut niks: HashMap<u64, usize> = HashMap::new();
    for (a, account) in accounts.iter().enumerate() {
        let base = format!("accounts[{a}]");
        out.extend(
            validate_account(account, as_of)
                .into_iter()
                .map(|p| p.under(&base)),
        );
        let other_id = |first: usize| {
            accounts
                .get(first)
                .map_or_else(String::new, |o| o.account_id.trim().to_owned())
        };
        for (i, reg) in account.registrations.iter().enumerate() {
            for (f, fam) in reg.household.families.iter().enumerate() {
                let fpath = format!("{base}.registrations[{i}].household.families[{f}]");
                let mut reported = false;
                if let Some(kk) = fam.kk.as_ref().and_then(IdField::valid) {
                    if registry.kks.contains(&kk.as_u64()) {
                        out.push(
                            Problem::new(Code::JakartaFamilyRegistered, format!("{fpath}.kk"))
                                .with("kk", kk.masked()),
                        );
                        reported = true;
                    } else {
                        match kks.get(&kk.as_u64()) {
                            Some(&first) if first != a => {
                                out.push(
                                    Problem::new(
                                        Code::JakartaFamilyOtherAccount,
                                        format!("{fpath}.kk"),
                                    )
                                    .with("kk", kk.masked())
                                    .with_input("account", other_id(first)),
                                );
                                reported = true;
                            }
                            Some(_) => {}
                            None => {
                                kks.insert(kk.as_u64(), a);
                            }
                        }
                    }
                }
                if reported {
                    continue;
                }
                for (m, member) in fam.members.iter().enumerate() {
                    let Some(nik) = member.nik.as_ref().and_then(IdField::valid) else {
                        continue;
                    };
                    let path = format!("{fpath}.members[{m}].nik");
                    if registry.niks.contains(&nik.as_u64()) {
                        out.push(
                            Problem::new(Code::JakartaNikRegistered, path)
                                .with("nik", nik.masked()),
                        );
                        continue;
                    }
                    match niks.get(&nik.as_u64()) {
                        Some(&first) if first != a => out.push(
                            Problem::new(Code::JakartaNikOtherAccount, path)
                                .with("nik", nik.masked())
                                .with_input("account", other_id(first)),
                        ),
                        Some(_) => {}
                        None => {
                            niks.insert(nik.as_u64(), a);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Registered NIKs and KK numbers as a host hands them over: JSON
/// `{"niks": ["3171…", …], "kks": ["3171…", …]}` (either may be left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryList {
    /// NIKs already registered.
    #[serde(default)]
    pub niks: Vec<String>,
    /// KK numbers already registered.
    #[serde(default)]
    pub kks: Vec<String>,
}

impl RegistryList {
    /// The registry, or every entry that is not a valid number (its
    /// `NIK_*`/`KK_*` problem at `registry.niks[i]` / `registry.kks[i]`).
    pub fn to_registry(&self) -> Result<Registry, Vec<Problem>> {
        let mut r = Registry::default();
        let mut bad = Vec::new();
        for (i, n) in self.niks.iter().enumerate() {
            match Nik::parse(n.trim()) {
                Ok(nik) => {
                    r.niks.insert(nik.as_u64());
                }
                Err(e) => bad.push(e.to_problem(format!("registry.niks[{i}]"))),
            }
        }
        for (i, k) in self.kks.iter().enumerate() {
            match crate::id::NoKk::parse(k.trim()) {
                Ok(kk) => {
                    r.kks.insert(kk.as_u64());
                }
                Err(e) => bad.push(e.to_problem(format!("registry.kks[{i}]"))),
            }
        }
        if bad.is_empty() {
            Ok(r)
        } else {
            Err(bad)
        }
    }
}

/// The one check every face offers: accounts given as JSON (one account
/// object, or a list of them) against the registry (a [`RegistryList`] as
/// JSON, or none), as of a date; the answer every face returns.
///
/// A text that is not an account (or a list of them) is one
/// `DOCUMENT_INVALID` problem; a registry entry that is not a number is its
/// own problem; otherwise every problem of [`validate_accounts`] (paths
/// under `accounts[a]`, also for a single account).
///
/// ```
/// use dtks_core::jakarta::check_json;
/// let day = chrono::NaiveDate::from_ymd_opt(2022, 2, 10).unwrap();
/// let a = check_json(r#"{"account_id": "acc-1", "registrations": []}"#, None, day);
/// assert!(!a.valid);
/// assert_eq!(a.problems[0].code.as_str(), "JAKARTA_ACCOUNT_EMPTY");
/// assert_eq!(a.problems[0].path, "accounts[0].registrations");
/// ```
pub fn check_json(
    accounts: &str,
    registry: Option<&str>,
    as_of: NaiveDate,
) -> crate::answer::Verdict {
    check_documents(&[("-", accounts)], registry, as_of)
}

/// [`check_json`] over several documents (`(file name, text)`, each an
/// account or a list of accounts), checked together in the order given:
/// `accounts[a]` counts across the documents.
pub fn check_documents(
    docs: &[(&str, &str)],
    registry: Option<&str>,
    as_of: NaiveDate,
) -> crate::answer::Verdict {
    use crate::answer::Verdict;
    use crate::document::{parse, Document};
    let mut list: Vec<Account> = Vec::new();
    let mut bad = Vec::new();
    for (file, text) in docs {
        let parsed = if text.trim_start().starts_with('[') {
            parse::<Vec<Account>>(text, file, Document::Accounts)
        } else {
            parse::<Account>(text, file, Document::Account).map(|a| vec![a])
        };
        match parsed {
            Ok(l) => list.extend(l),
            Err(p) => bad.push(p),
        }
    }
    let registry = match registry.map(|r| parse::<RegistryList>(r, "registry", Document::Registry))
    {
        None => Registry::default(),
        Some(Err(p)) => {
            bad.push(p);
            Registry::default()
        }
        Some(Ok(r)) => r.to_registry().unwrap_or_else(|ps| {
            bad.extend(ps);
            Registry::default()
        }),
    };
    if !bad.is_empty() {
        return Verdict::of(bad);
    }
    Verdict::of(validate_accounts(&list, &registry, as_of))
}

#[cfg(test)]
mod tests;
