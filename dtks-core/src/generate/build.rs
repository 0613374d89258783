//! Building one clean household: structure, people, numbers, housing.
//!
//! The internal model ([`GenHousehold`]) is lean on purpose: names are pool
//! indexes and identity numbers `u64`s, so a CSV row is written without
//! allocating. [`GenHousehold::to_household`] gives the library's
//! [`Household`] for JSON Lines and for validation.

use super::names::{name_of, Name, STREETS};
use super::rng::Rng;
use super::world::{back_to_round, coded_date, id_number, World};
use super::GenerateError;
use crate::household::codes::{
    CodeList, CookingFuel, Disability, Education, FloorMaterial, Lighting, MaritalStatus,
    Relationship, RoofMaterial, Schooling, Tenure, Toilet, WallMaterial, WaterSource,
};
use crate::household::{Address, Family, Household, Housing, IdField, Member};
use crate::id::{Nik, NoKk, Sex};
use crate::personal::Personal;
use chrono::{Datelike, NaiveDate};

/// Days that make sure of "at least 16 years" (16 × 366).
const SIXTEEN_YEARS: i64 = 16 * 366;
/// Slack kept above every lower bound: the walk back to a round moves a date
/// back by at most 92 days.
const SLACK: i64 = 120;
const YEAR: i64 = 365;

/// An identity number as it will be written: a number, or damaged text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdText {
    /// 16 digits.
    Num(u64),
    /// Anything else (a fault).
    Text(String),
}

impl IdText {
    pub(crate) fn number(&self) -> Option<u64> {
        match self {
            IdText::Num(n) => Some(*n),
            IdText::Text(_) => None,
        }
    }

    /// The digits or the text.
    pub(crate) fn text(&self) -> String {
        match self {
            IdText::Num(n) => format!("{n:016}"),
            IdText::Text(s) => s.clone(),
        }
    }
}

/// One generated member.
#[derive(Debug, Clone)]
pub(crate) struct GenMember {
    pub(crate) nik: IdText,
    /// `None`: the name was blanked by a fault.
    pub(crate) name: Option<Name>,
    pub(crate) birth: NaiveDate,
    pub(crate) sex: Sex,
    /// A `jenis_kelamin` code outside the code list (a CSV-only fault).
    pub(crate) sex_code_override: Option<u8>,
    pub(crate) relationship: Relationship,
    pub(crate) marital: MaritalStatus,
    pub(crate) pregnant: bool,
    pub(crate) disability: Disability,
    pub(crate) severe: bool,
    pub(crate) schooling: Schooling,
    pub(crate) education: Education,
    pub(crate) working: bool,
}

/// One generated family.
#[derive(Debug, Clone)]
pub(crate) struct GenFamily {
    pub(crate) kk: IdText,
    pub(crate) members: Vec<GenMember>,
}

/// The housing columns.
#[derive(Debug, Clone)]
pub(crate) struct GenHousing {
    /// Floor area in half square metres (`73` = 36.5 m²).
    pub(crate) floor_halves: i64,
    pub(crate) floor: FloorMaterial,
    pub(crate) wall: WallMaterial,
    pub(crate) roof: RoofMaterial,
    pub(crate) water: WaterSource,
    pub(crate) lighting: Lighting,
    pub(crate) fuel: CookingFuel,
    pub(crate) toilet: Toilet,
    pub(crate) tenure: Tenure,
}

/// One generated household.
#[derive(Debug, Clone)]
pub(crate) struct GenHousehold {
    /// 0-based position in the file.
    pub(crate) index: u64,
    /// Index into [`World::villages`].
    pub(crate) village: usize,
    /// The village code as written (a fault may replace it).
    pub(crate) village_code: u64,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) street: (u8, u16),
    pub(crate) families: Vec<GenFamily>,
    pub(crate) housing: GenHousing,
    pub(crate) income: Option<i64>,
    pub(crate) desil: Option<i64>,
    pub(crate) registered: bool,
}

impl GenHousehold {
    /// `RT00000001`-style id (1-based, at least 8 digits).
    pub(crate) fn id(&self) -> String {
        format!("RT{:08}", self.index + 1)
    }

    /// The number of member rows.
    pub(crate) fn rows(&self) -> usize {
        self.families.iter().map(|f| f.members.len()).sum()
    }

    pub(crate) fn member_mut(&mut self, f: usize, m: usize) -> Option<&mut GenMember> {
        self.families.get_mut(f)?.members.get_mut(m)
    }

    pub(crate) fn member(&self, f: usize, m: usize) -> Option<&GenMember> {
        self.families.get(f)?.members.get(m)
    }

    /// The library's model of this household.
    pub(crate) fn to_household(&self) -> Household {
        let code = self.village_code;
        let (si, no) = self.street;
        let street = format!(
            "{} No. {no}",
            STREETS.get(usize::from(si)).copied().unwrap_or("Jl. Raya")
        );
        Household {
            id: self.id(),
            address: Address {
                village_code: format!("{code:010}"),
                rt: Some(self.rt.clone()),
                rw: Some(self.rw.clone()),
                street: Some(Personal::new(street)),
            },
            families: self
                .families
                .iter()
                .map(|f| Family {
                    kk: Some(id_field::<NoKk>(&f.kk)),
                    members: f.members.iter().map(GenMember::to_member).collect(),
                })
                .collect(),
            housing: Housing {
                floor_area: Some(self.housing.floor_halves as f64 / 2.0),
                floor: Some(self.housing.floor),
                wall: Some(self.housing.wall),
                roof: Some(self.housing.roof),
                water: Some(self.housing.water),
                lighting: Some(self.housing.lighting),
                cooking_fuel: Some(self.housing.fuel),
                toilet: Some(self.housing.toilet),
                tenure: Some(self.housing.tenure),
            },
            income_monthly: self.income,
            desil: self.desil,
            registered: Some(self.registered),
            documents: Default::default(),
        }
    }
}

fn id_field<T: crate::household::IdNumber>(id: &IdText) -> IdField<T> {
    match id {
        IdText::Num(n) => IdField::from_text(&format!("{n:016}")),
        IdText::Text(s) => IdField::from_text(s),
    }
}

impl GenMember {
    fn to_member(&self) -> Member {
        Member {
            nik: Some(id_field::<Nik>(&self.nik)),
            name: Some(Personal::new(
                self.name.map(Name::to_text).unwrap_or_default(),
            )),
            birth_date: Some(self.birth),
            // An out-of-list sex code cannot be written in JSON: the sex stays.
            sex: Some(self.sex),
            relationship: Some(self.relationship),
            marital_status: Some(self.marital),
            pregnant: Some(self.pregnant),
            disability: Some(self.disability),
            severe_disability: Some(self.severe),
            schooling: Some(self.schooling),
            education: Some(self.education),
            working: Some(self.working),
        }
    }
}

/// Age in whole years (approximate: 365-day years, enough for code lists).
fn age_years(birth: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - birth).num_days() / YEAR
}

fn days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn date(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// The planned shape of a household before anyone is drawn.
#[derive(Debug, Clone, Copy)]
struct Plan {
    spouse: bool,
    children: usize,
    grandparent: bool,
    /// A second family: a married child's, with a spouse and children.
    second: Option<(bool, usize)>,
}

impl Plan {
    fn rows(&self) -> usize {
        1 + usize::from(self.spouse)
            + self.children
            + usize::from(self.grandparent)
            + self.second.map_or(0, |(s, k)| 1 + usize::from(s) + k)
    }

    /// Drops members from the end until the plan fits.
    fn fit(&mut self, max: usize) {
        while self.rows() > max {
            if let Some((s, k)) = self.second {
                self.second = if k > 0 {
                    Some((s, k - 1))
                } else if s {
                    Some((false, 0))
                } else {
                    None
                };
            } else if self.grandparent {
                self.grandparent = false;
            } else if self.children > 0 {
                self.children -= 1;
            } else if self.spouse {
                self.spouse = false;
            } else {
                break;
            }
        }
    }
}

/// The people of a household being drawn, with the district they belong to.
pub(crate) struct Builder<'w> {
    pub(crate) world: &'w mut World,
    pub(crate) as_of: NaiveDate,
    pub(crate) district: usize,
}

impl Builder<'_> {
    /// A person with a fresh NIK: the birth date is moved back to the
    /// counter's round (see `world`), the name comes from the counter.
    pub(crate) fn person(
        &mut self,
        rng: &mut Rng,
        birth: NaiveDate,
        sex: Sex,
        relationship: Relationship,
    ) -> Result<GenMember, GenerateError> {
        let (serial, round, counter) = self.world.next_person(self.district)?;
        let birth = back_to_round(birth, round);
        let female = sex == Sex::Female;
        let nik = id_number(
            self.world.district_code(self.district),
            coded_date(birth, female),
            serial,
        );
        Ok(self.attributes(rng, nik, name_of(counter, female), birth, sex, relationship))
    }

    /// A fresh name from the district's person counter (uses one NIK slot).
    pub(crate) fn fresh_name(&mut self, female: bool) -> Result<Name, GenerateError> {
        let (_, _, counter) = self.world.next_person(self.district)?;
        Ok(name_of(counter, female))
    }

    /// A NIK from the fault serials (9001–9999) for an exact birth date.
    pub(crate) fn fault_nik(&mut self, birth: NaiveDate, sex: Sex) -> Option<u64> {
        let serial = self.world.next_fault_serial(self.district)?;
        Some(id_number(
            self.world.district_code(self.district),
            coded_date(birth, sex == Sex::Female),
            serial,
        ))
    }

    fn attributes(
        &self,
        rng: &mut Rng,
        nik: u64,
        name: Name,
        birth: NaiveDate,
        sex: Sex,
        relationship: Relationship,
    ) -> GenMember {
        let age = age_years(birth, self.as_of);
        let marital = match relationship {
            Relationship::Child | Relationship::Grandchild => MaritalStatus::NeverMarried,
            Relationship::Parent => {
                if rng.per_mille(700) {
                    MaritalStatus::Widowed
                } else {
                    MaritalStatus::Married
                }
            }
            _ => MaritalStatus::Married,
        };
        let pregnant = sex == Sex::Female
            && marital == MaritalStatus::Married
            && (18..=42).contains(&age)
            && rng.per_mille(50);
        let (disability, severe) = if rng.per_mille(30) {
            let kind = Disability::ALL
                .get(1 + rng.below(5) as usize)
                .copied()
                .unwrap_or(Disability::Physical);
            (kind, rng.per_mille(300))
        } else {
            (Disability::None, false)
        };
        let schooling = match age {
            5..=6 if rng.per_mille(700) => Schooling::EarlyChildhood,
            7..=12 if rng.per_mille(960) => Schooling::Primary,
            13..=15 if rng.per_mille(900) => Schooling::JuniorSecondary,
            16..=18 if rng.per_mille(750) => {
                if rng.per_mille(600) {
                    Schooling::SeniorSecondary
                } else {
                    Schooling::Vocational
                }
            }
            19..=22 if rng.per_mille(250) => Schooling::University,
            _ => Schooling::NotInSchool,
        };
        let education = match age {
            0..=12 => Education::None,
            13..=15 => Education::Primary,
            16..=18 => Education::JuniorSecondary,
            _ => [
                Education::None,
                Education::Primary,
                Education::JuniorSecondary,
                Education::SeniorSecondary,
                Education::Diploma,
                Education::Degree,
            ]
            .get(rng.weighted(&[10, 30, 20, 28, 5, 7]))
            .copied()
            .unwrap_or(Education::Primary),
        };
        let working = match age {
            15..=17 => rng.per_mille(100),
            18..=64 => rng.per_mille(650),
            65.. => rng.per_mille(250),
            _ => false,
        };
        GenMember {
            nik: IdText::Num(nik),
            name: Some(name),
            birth,
            sex,
            sex_code_override: None,
            relationship,
            marital,
            pregnant,
            disability,
            severe,
            schooling,
            education,
            working,
        }
    }

    /// A birth date uniformly in `[lo, hi]` (day numbers), `None` if empty.
    fn birth_between(&self, rng: &mut Rng, lo: i64, hi: i64) -> Option<NaiveDate> {
        if lo > hi {
            return None;
        }
        date(rng.between(lo, hi))
    }

    /// Children born after both parents by at least 16 years, while the
    /// mother is at most 45, not after `as_of`.
    fn children(
        &mut self,
        rng: &mut Rng,
        n: usize,
        parents: &[&GenMember],
        out: &mut Vec<GenMember>,
    ) -> Result<(), GenerateError> {
        let today = days(self.as_of);
        let youngest_parent = parents.iter().map(|p| days(p.birth)).max().unwrap_or(today);
        let mut hi = today;
        for p in parents.iter().filter(|p| p.sex == Sex::Female) {
            hi = hi.min(days(p.birth) + 45 * YEAR);
        }
        let lo = youngest_parent + SIXTEEN_YEARS + SLACK;
        // No room between the parents' 16th birthdays and today: no children.
        let n = if lo <= hi { n } else { 0 };
        let mut births: Vec<i64> = (0..n).map(|_| rng.between(lo, hi)).collect();
        // Eldest first, as on a family card.
        births.sort_unstable();
        for b in births {
            let Some(b) = date(b) else { continue };
            let sex = if rng.per_mille(510) {
                Sex::Male
            } else {
                Sex::Female
            };
            out.push(self.person(rng, b, sex, Relationship::Child)?);
        }
        Ok(())
    }

    /// A fresh KK number for a family whose head was born on `head_birth`:
    /// recorded between the head's 17th birthday (and 2000) and `as_of`, and
    /// never equal to a NIK of the household (`avoid`).
    pub(crate) fn kk(
        &mut self,
        rng: &mut Rng,
        head_birth: NaiveDate,
        avoid: &[u64],
    ) -> Result<u64, GenerateError> {
        let (serial, round, _) = self.world.next_family(self.district)?;
        let floor = NaiveDate::from_ymd_opt(2000, 1, 1).map_or(0, days);
        let lo = floor.max(days(head_birth) + 17 * YEAR + 5) + SLACK;
        let hi = days(self.as_of);
        let start = date(rng.between(lo, hi.max(lo))).unwrap_or(self.as_of);
        let mut recorded = back_to_round(start, round);
        let district = self.world.district_code(self.district);
        loop {
            let n = id_number(district, coded_date(recorded, false), serial);
            if !avoid.contains(&n) {
                return Ok(n);
            }
            // Equal to a member's NIK (same date and serial): the previous
            // date of the same round keeps the number unique.
            let Some(prev) = recorded.pred_opt() else {
                return Ok(n);
            };
            recorded = back_to_round(prev, round);
        }
    }

    /// One clean household in village `village`, at most `limits.max_rows` rows.
    pub(crate) fn household(
        &mut self,
        rng: &mut Rng,
        index: u64,
        village: usize,
        max_rows: usize,
    ) -> Result<GenHousehold, GenerateError> {
        let today = days(self.as_of);
        let single = rng.per_mille(70);
        let mut plan = Plan {
            spouse: !single,
            children: [0usize, 1, 2, 3, 4, 5]
                .get(rng.weighted(&[18, 20, 30, 18, 9, 5]))
                .copied()
                .unwrap_or(0),
            grandparent: rng.per_mille(80),
            second: rng
                .per_mille(70)
                .then(|| (rng.per_mille(850), rng.below(3) as usize)),
        };
        plan.fit(max_rows.max(1));

        // The head: 18–85, most between 30 and 60.
        let band = rng.weighted(&[15, 35, 30, 20]);
        let (a0, a1) = match band {
            0 => (18, 29),
            1 => (30, 44),
            2 => (45, 59),
            _ => (60, 85),
        };
        let head_age_days = rng.between(a0 * YEAR + 200, a1 * YEAR + 300);
        let head_sex = if single {
            if rng.per_mille(550) {
                Sex::Female
            } else {
                Sex::Male
            }
        } else if rng.per_mille(900) {
            Sex::Male
        } else {
            Sex::Female
        };
        let head_birth = date(today - head_age_days).unwrap_or(self.as_of);
        let mut first: Vec<GenMember> = Vec::with_capacity(plan.rows());
        let mut head = self.person(rng, head_birth, head_sex, Relationship::Head)?;
        if !plan.spouse {
            head.marital = if age_years(head.birth, self.as_of) < 30 && rng.per_mille(600) {
                MaritalStatus::NeverMarried
            } else if rng.per_mille(600) {
                MaritalStatus::Widowed
            } else {
                MaritalStatus::Divorced
            };
            head.pregnant = false;
        }
        first.push(head);
        if plan.spouse {
            let h = days(head_birth);
            // Wives a little younger, husbands a little older; at least 18.
            let offset = if head_sex == Sex::Male {
                rng.between(-3 * YEAR, 8 * YEAR)
            } else {
                rng.between(-8 * YEAR, 3 * YEAR)
            };
            let b = (h + offset).min(today - 18 * YEAR - 10);
            let sex = if head_sex == Sex::Male {
                Sex::Female
            } else {
                Sex::Male
            };
            if let Some(b) = date(b) {
                first.push(self.person(rng, b, sex, Relationship::Spouse)?);
            }
        }
        let mut kids = Vec::with_capacity(plan.children);
        {
            let refs: Vec<&GenMember> = first.iter().collect();
            let parents: Vec<GenMember> = refs.into_iter().cloned().collect();
            let refs: Vec<&GenMember> = parents.iter().collect();
            self.children(rng, plan.children, &refs, &mut kids)?;
        }
        first.append(&mut kids);
        if plan.grandparent {
            let eldest = first.iter().map(|m| days(m.birth)).min().unwrap_or(today);
            let lo = (today - 99 * YEAR).max(eldest - 40 * YEAR);
            let hi = eldest - SIXTEEN_YEARS - SLACK;
            if let Some(b) = self.birth_between(rng, lo, hi) {
                let sex = if rng.per_mille(650) {
                    Sex::Female
                } else {
                    Sex::Male
                };
                first.push(self.person(rng, b, sex, Relationship::Parent)?);
            }
        }
        // The second family: a married child of the first head, with their own card.
        let mut second: Vec<GenMember> = Vec::new();
        if let Some((spouse2, kids2)) = plan.second {
            let parents = first
                .iter()
                .take(2)
                .map(|m| days(m.birth))
                .max()
                .unwrap_or(today);
            let lo = parents + SIXTEEN_YEARS + SLACK;
            let hi = today - 20 * YEAR;
            if let Some(b) = self.birth_between(rng, lo, hi) {
                let sex = if rng.per_mille(600) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                second.push(self.person(rng, b, sex, Relationship::Head)?);
                if spouse2 {
                    let sb =
                        (days(b) + rng.between(-3 * YEAR, 3 * YEAR)).min(today - 18 * YEAR - 10);
                    let ssex = if sex == Sex::Male {
                        Sex::Female
                    } else {
                        Sex::Male
                    };
                    if let Some(sb) = date(sb) {
                        second.push(self.person(rng, sb, ssex, Relationship::Spouse)?);
                    }
                }
                let parents: Vec<GenMember> = second.clone();
                let refs: Vec<&GenMember> = parents.iter().collect();
                let mut k2 = Vec::new();
                self.children(rng, kids2, &refs, &mut k2)?;
                second.append(&mut k2);
            }
        }
        // Cards last: a KK number must differ from every NIK of the household.
        let niks: Vec<u64> = first
            .iter()
            .chain(second.iter())
            .filter_map(|m| m.nik.number())
            .collect();
        let mut families = Vec::with_capacity(2);
        let head_birth = first.first().map_or(head_birth, |m| m.birth);
        let kk1 = self.kk(rng, head_birth, &niks)?;
        families.push(GenFamily {
            kk: IdText::Num(kk1),
            members: first,
        });
        if let Some(h2) = second.first().map(|m| m.birth) {
            let kk2 = self.kk(rng, h2, &niks)?;
            families.push(GenFamily {
                kk: IdText::Num(kk2),
                members: second,
            });
        }

        let housing = housing(rng);
        let desil_draw = 1 + rng.weighted(&[16, 15, 14, 12, 10, 9, 8, 7, 5, 4]) as i64;
        let income = if rng.per_mille(100) {
            None
        } else {
            // Rupiah a month by decile (bases in thousands), rounded to 10 000.
            let base = [
                400, 900, 1_300, 1_800, 2_400, 3_100, 4_000, 5_500, 8_000, 12_000,
            ];
            let b = base.get(desil_draw as usize - 1).copied().unwrap_or(1_000);
            Some(rng.between(b * 7 / 10, b * 13 / 10) / 10 * 10_000)
        };
        let desil = (!rng.per_mille(200)).then_some(desil_draw);
        Ok(GenHousehold {
            index,
            village,
            village_code: self.world.village_code(village),
            rt: format!("{:03}", rng.between(1, 25)),
            rw: format!("{:03}", rng.between(1, 12)),
            street: (
                rng.below(STREETS.len() as u64) as u8,
                rng.between(1, 250) as u16,
            ),
            families,
            housing,
            income,
            desil,
            registered: rng.per_mille(850),
        })
    }
}

fn housing(rng: &mut Rng) -> GenHousing {
    fn pick<T: CodeList>(rng: &mut Rng, weights: &[u32], default: T) -> T {
        T::ALL
            .get(rng.weighted(weights))
            .copied()
            .unwrap_or(default)
    }
    GenHousing {
        floor_halves: rng.between(36, 300),
        floor: pick(rng, &[8, 3, 10, 40, 33, 2, 4], FloorMaterial::Cement),
        wall: pick(rng, &[8, 12, 15, 62, 3], WallMaterial::PlasteredBrick),
        roof: pick(rng, &[5, 40, 45, 8, 2], RoofMaterial::Tile),
        water: pick(rng, &[10, 25, 15, 15, 28, 5, 2], WaterSource::Refill),
        lighting: pick(rng, &[2, 5, 38, 35, 15, 5], Lighting::Pln450),
        fuel: pick(rng, &[15, 3, 70, 10, 2], CookingFuel::Lpg3kg),
        toilet: pick(rng, &[8, 12, 75, 5], Toilet::Own),
        tenure: pick(rng, &[80, 10, 7, 2, 1], Tenure::Own),
    }
}
