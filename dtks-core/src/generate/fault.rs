//! Fault injection: the kinds of damage, each tied to the one problem code
//! the validator must report for it.
//!
//! Every kind is applied so that it causes **exactly one** problem: e.g. a
//! damaged NIK also switches off the NIK's sex, birth-date and region checks
//! (an invalid number is not compared), so nothing else fires; a child made
//! older than a parent gets a new NIK that agrees with the new birth date
//! and is older than only one of the two parents. The tests of this module
//! validate every kind with [`crate::household::validate`].

use super::build::{Builder, GenFamily, GenHousehold, GenMember, IdText};
use super::rng::Rng;
use super::GenerateError;
use crate::household::codes::{MaritalStatus, Relationship};
use crate::id::Sex;
use crate::problem::Code;
use chrono::{Days, NaiveDate};

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal => $code:ident, $field:literal; )*) => {
        /// A kind of injected fault.
        ///
        /// Each names the problem code the validator reports for it
        /// ([`FaultKind::code`]) and the model field it damages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FaultKind { $( $(#[$doc])* $variant, )* }

        impl FaultKind {
            /// Every kind, in a fixed order (the order faults are drawn from).
            pub const ALL: &'static [FaultKind] = &[ $( FaultKind::$variant, )* ];

            /// The kind's stable name (`nik_length`), as `--faults` takes it.
            pub const fn name(self) -> &'static str {
                match self { $( FaultKind::$variant => $name, )* }
            }

            /// The problem code the validator must report for this fault.
            pub const fn code(self) -> Code {
                match self { $( FaultKind::$variant => Code::$code, )* }
            }

            /// The last segment of the model path the fault damages.
            pub const fn field(self) -> &'static str {
                match self { $( FaultKind::$variant => $field, )* }
            }
        }
    };
}

kinds! {
    /// A NIK with 17 digits.
    NikLength = "nik_length" => NikLength, "nik";
    /// A letter O in place of a digit of a NIK.
    NikNonDigit = "nik_non_digit" => NikNonDigit, "nik";
    /// A NIK written by a spreadsheet as `3.17101E+15`.
    NikScientificNotation = "nik_scientific_notation" => NikScientificNotation, "nik";
    /// A NIK whose last digit was lost (15 digits).
    NikDigitsLost = "nik_digits_lost" => NikDigitsLost, "nik";
    /// A NIK whose province is 99 (no such province).
    NikProvinceUnknown = "nik_province_unknown" => NikProvinceUnknown, "nik";
    /// A NIK whose month is 13.
    NikDateInvalid = "nik_date_invalid" => NikDateInvalid, "nik";
    /// A NIK with serial 0000.
    NikSerialZero = "nik_serial_zero" => NikSerialZero, "nik";
    /// A KK number with 17 digits.
    KkLength = "kk_length" => KkLength, "kk";
    /// A letter O in a KK number.
    KkNonDigit = "kk_non_digit" => KkNonDigit, "kk";
    /// A KK number in scientific notation.
    KkScientificNotation = "kk_scientific_notation" => KkScientificNotation, "kk";
    /// A KK number with 15 digits.
    KkDigitsLost = "kk_digits_lost" => KkDigitsLost, "kk";
    /// A KK number in province 99.
    KkProvinceUnknown = "kk_province_unknown" => KkProvinceUnknown, "kk";
    /// A KK number recorded in month 13.
    KkDateInvalid = "kk_date_invalid" => KkDateInvalid, "kk";
    /// A KK number with serial 0000.
    KkSerialZero = "kk_serial_zero" => KkSerialZero, "kk";
    /// The head of a family recorded as "other" (8).
    FamilyNoHead = "family_no_head" => FamilyNoHead, "";
    /// A second member of a family recorded as head.
    FamilyManyHeads = "family_many_heads" => FamilyManyHeads, "";
    /// A member carrying another member's NIK (and its birth date and sex).
    NikDuplicateInHousehold = "nik_duplicate_in_household" => NikDuplicateInHousehold, "nik";
    /// A child born on or before one parent (with a NIK that agrees).
    ChildOlderThanParent = "child_older_than_parent" => ChildOlderThanParent, "birth_date";
    /// A member born after `as_of` (with a NIK that agrees).
    BirthDateFuture = "birth_date_future" => BirthDateFuture, "birth_date";
    /// Desil 11.
    DesilOutOfRange = "desil_out_of_range" => ValueOutOfRange, "desil";
    /// A negative floor area.
    FloorAreaNegative = "floor_area_negative" => ValueOutOfRange, "housing.floor_area";
    /// A village code of a real district with village number 9999 (none exists).
    VillageUnknown = "village_unknown" => VillageUnknown, "address.village_code";
    /// An empty name.
    NameEmpty = "name_empty" => FieldRequired, "name";
    /// An RT of four digits.
    RtInvalid = "rt_invalid" => ValueInvalid, "address.rt";
    /// The declared sex of a child (or of a head without a spouse) flipped.
    NikSexMismatch = "nik_sex_mismatch" => NikSexMismatch, "nik";
    /// A person of the previous clean household (same village) again, under
    /// the same NIK with another name (cross-record).
    NikInTwoHouseholds = "nik_in_two_households" => NikInTwoHouseholds, "nik";
    /// The previous clean household's KK number on a one-member family in
    /// another village of the same district (cross-record).
    KkInTwoVillages = "kk_in_two_villages" => KkInTwoVillages, "kk";
    /// A person of the previous clean household again (same name, birth date
    /// and village) under another NIK (cross-record).
    ProbableDuplicatePerson = "probable_duplicate_person" => ProbableDuplicatePerson, "name";
}

impl FaultKind {
    /// From [`FaultKind::name`].
    ///
    /// ```
    /// use dtks_core::generate::FaultKind;
    /// assert_eq!(FaultKind::from_name("nik_length"), Some(FaultKind::NikLength));
    /// assert_eq!(FaultKind::NikLength.code().as_str(), "NIK_LENGTH");
    /// ```
    pub fn from_name(name: &str) -> Option<FaultKind> {
        FaultKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name.trim())
    }

    /// Whether the fault involves an earlier household (checked across the file).
    pub const fn cross_record(self) -> bool {
        matches!(
            self,
            FaultKind::NikInTwoHouseholds
                | FaultKind::KkInTwoVillages
                | FaultKind::ProbableDuplicatePerson
        )
    }
}

/// Where in the household a fault sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Household,
    Family(usize),
    Member(usize, usize),
}

/// An applied fault.
#[derive(Debug, Clone)]
pub(crate) struct Applied {
    pub(crate) kind: FaultKind,
    pub(crate) target: Target,
}

impl Applied {
    /// The model path the validator reports (`families[0].members[1].nik`).
    pub(crate) fn path(&self) -> String {
        let field = self.kind.field();
        // Cross-record problems carry the member's or family's path like every other.
        match self.target {
            Target::Household => field.to_owned(),
            Target::Family(f) if field.is_empty() => format!("families[{f}]"),
            Target::Family(f) => format!("families[{f}].{field}"),
            Target::Member(f, m) => format!("families[{f}].members[{m}].{field}"),
        }
    }

    /// The reference-layout column the bulk report names for this fault.
    pub(crate) fn column(&self) -> &'static str {
        match self.kind.field() {
            "nik" => "nik",
            "kk" => "no_kk",
            "" => "hub_keluarga",
            "birth_date" => "tgl_lahir",
            "desil" => "desil",
            "housing.floor_area" => "luas_lantai",
            "address.village_code" => "kode_desa",
            "address.rt" => "rt",
            "name" => "nama",
            _ => "",
        }
    }
}

/// What cross-record faults reuse from the last clean household.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) village: usize,
    pub(crate) district: usize,
    pub(crate) kk: u64,
    pub(crate) member: GenMember,
}

/// Damages 16 digits the way `kind` says (an identity-number kind).
fn damage(kind: FaultKind, digits: &str, rng: &mut Rng) -> Option<String> {
    let get = |r: std::ops::Range<usize>| digits.get(r);
    Some(match kind {
        FaultKind::NikLength | FaultKind::KkLength => {
            format!("{digits}{}", rng.below(10))
        }
        FaultKind::NikNonDigit | FaultKind::KkNonDigit => {
            let at = rng.below(16) as usize;
            format!("{}O{}", get(0..at)?, get(at + 1..16)?)
        }
        FaultKind::NikScientificNotation | FaultKind::KkScientificNotation => {
            format!("{}.{}E+15", get(0..1)?, get(1..6)?)
        }
        FaultKind::NikDigitsLost | FaultKind::KkDigitsLost => get(0..15)?.to_owned(),
        FaultKind::NikProvinceUnknown | FaultKind::KkProvinceUnknown => {
            format!("99{}", get(2..16)?)
        }
        FaultKind::NikDateInvalid | FaultKind::KkDateInvalid => {
            format!("{}13{}", get(0..8)?, get(10..16)?)
        }
        FaultKind::NikSerialZero | FaultKind::KkSerialZero => format!("{}0000", get(0..12)?),
        _ => return None,
    })
}

fn is_nik_damage(kind: FaultKind) -> bool {
    matches!(
        kind,
        FaultKind::NikLength
            | FaultKind::NikNonDigit
            | FaultKind::NikScientificNotation
            | FaultKind::NikDigitsLost
            | FaultKind::NikProvinceUnknown
            | FaultKind::NikDateInvalid
            | FaultKind::NikSerialZero
    )
}

fn is_kk_damage(kind: FaultKind) -> bool {
    matches!(
        kind,
        FaultKind::KkLength
            | FaultKind::KkNonDigit
            | FaultKind::KkScientificNotation
            | FaultKind::KkDigitsLost
            | FaultKind::KkProvinceUnknown
            | FaultKind::KkDateInvalid
            | FaultKind::KkSerialZero
    )
}

/// Every (family, member) position of the household.
fn positions(h: &GenHousehold) -> Vec<(usize, usize)> {
    h.families
        .iter()
        .enumerate()
        .flat_map(|(f, fam)| (0..fam.members.len()).map(move |m| (f, m)))
        .collect()
}

fn pick<T: Copy>(rng: &mut Rng, v: &[T]) -> Option<T> {
    rng.pick(v).copied()
}

fn other(sex: Sex) -> Sex {
    match sex {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

/// Applies a household-level fault (not cross-record). `None` when the
/// household offers no place for it (nothing was changed then).
pub(crate) fn apply(
    kind: FaultKind,
    h: &mut GenHousehold,
    rng: &mut Rng,
    b: &mut Builder<'_>,
) -> Result<Option<Applied>, GenerateError> {
    let done = |target| Ok(Some(Applied { kind, target }));
    if is_nik_damage(kind) {
        let Some((f, m)) = pick(rng, &positions(h)) else {
            return Ok(None);
        };
        let Some(member) = h.member_mut(f, m) else {
            return Ok(None);
        };
        let Some(text) = damage(kind, &member.nik.text(), rng) else {
            return Ok(None);
        };
        member.nik = IdText::Text(text);
        return done(Target::Member(f, m));
    }
    if is_kk_damage(kind) {
        let f = rng.below(h.families.len() as u64) as usize;
        let Some(fam) = h.families.get_mut(f) else {
            return Ok(None);
        };
        let Some(text) = damage(kind, &fam.kk.text(), rng) else {
            return Ok(None);
        };
        fam.kk = IdText::Text(text);
        return done(Target::Family(f));
    }
    match kind {
        FaultKind::FamilyNoHead => {
            let f = rng.below(h.families.len() as u64) as usize;
            let Some(head) = h.member_mut(f, 0) else {
                return Ok(None);
            };
            head.relationship = Relationship::Other;
            done(Target::Family(f))
        }
        FaultKind::FamilyManyHeads => {
            let with_two: Vec<usize> = (0..h.families.len())
                .filter(|f| h.families.get(*f).is_some_and(|x| x.members.len() >= 2))
                .collect();
            let Some(f) = pick(rng, &with_two) else {
                return Ok(None);
            };
            let Some(m) = h.member_mut(f, 1) else {
                return Ok(None);
            };
            m.relationship = Relationship::Head;
            done(Target::Family(f))
        }
        FaultKind::NikDuplicateInHousehold => {
            // Member m of a family takes its head's NIK, birth date and sex
            // (so the NIK agrees with what is declared) and becomes "other".
            let cands: Vec<(usize, usize)> =
                positions(h).into_iter().filter(|(_, m)| *m > 0).collect();
            let Some((f, m)) = pick(rng, &cands) else {
                return Ok(None);
            };
            let Some(head) = h.member(f, 0).cloned() else {
                return Ok(None);
            };
            let Some(x) = h.member_mut(f, m) else {
                return Ok(None);
            };
            x.nik = head.nik.clone();
            x.birth = head.birth;
            x.sex = head.sex;
            x.pregnant = false;
            x.relationship = Relationship::Other;
            done(Target::Member(f, m))
        }
        FaultKind::ChildOlderThanParent => {
            if !b.world.fault_nik_left(b.district) {
                return Ok(None);
            }
            // A child of a family with one head; older than exactly one parent.
            let mut cands = Vec::new();
            for (f, fam) in h.families.iter().enumerate() {
                let heads = fam
                    .members
                    .iter()
                    .filter(|m| m.relationship == Relationship::Head)
                    .count();
                if heads != 1 {
                    continue;
                }
                let parents: Vec<NaiveDate> = fam
                    .members
                    .iter()
                    .filter(|m| matches!(m.relationship, Relationship::Head | Relationship::Spouse))
                    .map(|m| m.birth)
                    .collect();
                let target = match parents.as_slice() {
                    [only] => only.checked_sub_days(Days::new(1 + rng.below(3650))),
                    [a, b] if a != b => Some(*a.max(b)),
                    _ => None,
                };
                let Some(target) = target else { continue };
                for (m, x) in fam.members.iter().enumerate() {
                    if x.relationship == Relationship::Child {
                        cands.push((f, m, target));
                    }
                }
            }
            let Some((f, m, birth)) = pick(rng, &cands) else {
                return Ok(None);
            };
            let Some(sex) = h.member(f, m).map(|x| x.sex) else {
                return Ok(None);
            };
            let Some(nik) = b.fault_nik(birth, sex) else {
                return Ok(None);
            };
            let Some(x) = h.member_mut(f, m) else {
                return Ok(None);
            };
            x.birth = birth;
            x.nik = IdText::Num(nik);
            done(Target::Member(f, m))
        }
        FaultKind::BirthDateFuture => {
            if !b.world.fault_nik_left(b.district) {
                return Ok(None);
            }
            // A child (younger than its parents whatever its date), or a
            // non-head member of a family without children.
            let mut cands = Vec::new();
            for (f, fam) in h.families.iter().enumerate() {
                let has_children = fam
                    .members
                    .iter()
                    .any(|m| m.relationship == Relationship::Child);
                for (m, x) in fam.members.iter().enumerate() {
                    let ok = match x.relationship {
                        Relationship::Child => true,
                        Relationship::Head => false,
                        _ => !has_children,
                    };
                    if ok {
                        cands.push((f, m));
                    }
                }
            }
            let Some((f, m)) = pick(rng, &cands) else {
                return Ok(None);
            };
            let Some(birth) = b.as_of.checked_add_days(Days::new(1 + rng.below(300))) else {
                return Ok(None);
            };
            let Some(sex) = h.member(f, m).map(|x| x.sex) else {
                return Ok(None);
            };
            let Some(nik) = b.fault_nik(birth, sex) else {
                return Ok(None);
            };
            let Some(x) = h.member_mut(f, m) else {
                return Ok(None);
            };
            x.birth = birth;
            x.nik = IdText::Num(nik);
            x.pregnant = false;
            done(Target::Member(f, m))
        }
        FaultKind::DesilOutOfRange => {
            h.desil = Some(11);
            done(Target::Household)
        }
        FaultKind::FloorAreaNegative => {
            h.housing.floor_halves = -(2 * (1 + rng.below(20) as i64));
            done(Target::Household)
        }
        FaultKind::VillageUnknown => {
            let district = b.world.district_code(b.district);
            h.village_code = district * 10_000 + 9_999;
            done(Target::Household)
        }
        FaultKind::NameEmpty => {
            let Some((f, m)) = pick(rng, &positions(h)) else {
                return Ok(None);
            };
            let Some(x) = h.member_mut(f, m) else {
                return Ok(None);
            };
            x.name = None;
            done(Target::Member(f, m))
        }
        FaultKind::RtInvalid => {
            h.rt = format!("{}", 1000 + rng.below(9000));
            done(Target::Household)
        }
        FaultKind::NikSexMismatch => {
            // Not a spouse, nor a head with a spouse: no same-sex-spouse warning.
            let mut cands = Vec::new();
            for (f, fam) in h.families.iter().enumerate() {
                let has_spouse = fam
                    .members
                    .iter()
                    .any(|m| m.relationship == Relationship::Spouse);
                for (m, x) in fam.members.iter().enumerate() {
                    let ok = match x.relationship {
                        Relationship::Spouse => false,
                        Relationship::Head => !has_spouse,
                        _ => true,
                    };
                    if ok {
                        cands.push((f, m));
                    }
                }
            }
            let Some((f, m)) = pick(rng, &cands) else {
                return Ok(None);
            };
            let Some(x) = h.member_mut(f, m) else {
                return Ok(None);
            };
            x.sex = other(x.sex);
            x.pregnant = false;
            done(Target::Member(f, m))
        }
        _ => Ok(None),
    }
}

/// Applies a cross-record fault with the previous clean household. The
/// caller has put the household in the right village (the snapshot's for
/// NIK and probable-duplicate faults, another village of the same district
/// for KK faults) and left room for one more row.
pub(crate) fn apply_cross(
    kind: FaultKind,
    h: &mut GenHousehold,
    rng: &mut Rng,
    b: &mut Builder<'_>,
    prev: &Snapshot,
) -> Result<Option<Applied>, GenerateError> {
    match kind {
        FaultKind::NikInTwoHouseholds => {
            let mut x = prev.member.clone();
            x.name = Some(b.fresh_name(x.sex == Sex::Female)?);
            x.relationship = Relationship::Other;
            x.pregnant = false;
            let Some(fam) = h.families.first_mut() else {
                return Ok(None);
            };
            fam.members.push(x);
            let m = fam.members.len() - 1;
            Ok(Some(Applied {
                kind,
                target: Target::Member(0, m),
            }))
        }
        FaultKind::ProbableDuplicatePerson => {
            let mut x = prev.member.clone();
            let Some(nik) = b.fault_nik(x.birth, x.sex) else {
                return Ok(None);
            };
            x.nik = IdText::Num(nik);
            x.relationship = Relationship::Other;
            x.pregnant = false;
            let Some(fam) = h.families.first_mut() else {
                return Ok(None);
            };
            fam.members.push(x);
            let m = fam.members.len() - 1;
            Ok(Some(Applied {
                kind,
                target: Target::Member(0, m),
            }))
        }
        FaultKind::KkInTwoVillages => {
            // The card must not equal a NIK here (that would be KK_EQUALS_NIK).
            let clash = h
                .families
                .iter()
                .flat_map(|f| f.members.iter())
                .any(|m| m.nik.number() == Some(prev.kk));
            if clash {
                return Ok(None);
            }
            // A lodger family of one: an adult head carrying the earlier card,
            // born before that card was recorded (a card is recorded for a
            // living head: KK_ISSUED_BEFORE_HEAD_BORN otherwise).
            let recorded = crate::id::NoKk::from_u64(prev.kk)
                .ok()
                .and_then(|k| k.recorded_on(b.as_of));
            let Some(adult) = b.as_of.checked_sub_days(Days::new(20 * 365)) else {
                return Ok(None);
            };
            let latest = recorded.map_or(adult, |r| r.min(adult));
            let Some(birth) = latest.checked_sub_days(Days::new(rng.below(40 * 365))) else {
                return Ok(None);
            };
            let sex = if rng.per_mille(500) {
                Sex::Male
            } else {
                Sex::Female
            };
            let mut head = b.person(rng, birth, sex, Relationship::Head)?;
            if head.nik.number() == Some(prev.kk) {
                return Ok(None);
            }
            head.marital = MaritalStatus::Divorced;
            head.pregnant = false;
            h.families.push(GenFamily {
                kk: IdText::Num(prev.kk),
                members: vec![head],
            });
            Ok(Some(Applied {
                kind,
                target: Target::Family(h.families.len() - 1),
            }))
        }
        _ => Ok(None),
    }
}
