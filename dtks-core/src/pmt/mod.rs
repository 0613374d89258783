//! A configurable proxy-means-test (PMT) score and the ranking of a
//! population into deciles (desil 1–10) within a region.
//!
//! **The built-in weights are ILLUSTRATIVE** (`pmt-illustrative-v1`,
//! docs/domain/pmt-desil.md §5): the government PMT's coefficients are not public. The
//! variables and the direction of each effect are sourced; the magnitudes are
//! judgement. An estimated desil is a decile *of the dataset* (person-weighted,
//! within a region), not a national DTSEN desil, and must be labelled so.
//!
//! [`score`] gives the score with every indicator's contribution, or no score
//! (undecidable) with the list of missing fields. [`rank`] assigns deciles by
//! docs/domain/pmt-desil.md §5.3: sort by score (ties by household id, bytewise), then
//! `desil = min(10, floor(10 · (B + n/2) / P) + 1)` where `B` is the persons
//! ranked before and `P` all persons of the region. [`agreement`] compares
//! estimated and official deciles.
//!
//! ```
//! use dtks_core::household::Household;
//! use dtks_core::pmt::{score, PmtModel};
//! use dtks_core::rules::RuleSets;
//! let (model, reference) = RuleSets::builtin().pmt_models().next().unwrap();
//! assert!(model.illustrative);
//! let h: Household = serde_json::from_str(r#"{"id": "A", "address": {"village_code": "3201012001"},
//!   "families": [{"members": [{"relationship": "head", "birth_date": "1980-01-01",
//!      "education": "senior_secondary", "working": true, "severe_disability": false}]}],
//!   "housing": {"floor_area": 40, "floor": "cement", "wall": "plastered_brick", "roof": "tile",
//!     "water": "pump", "lighting": "pln_900", "cooking_fuel": "lpg_3kg", "toilet": "own"}}"#).unwrap();
//! let s = score(model, reference, &h, chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
//! // 0.18 (SMA head) + 0.15 · ln(40/8)
//! assert!((s.score.unwrap() - (0.18 + 0.15 * 5f64.ln())).abs() < 1e-9);
//! ```

use crate::criteria::head;
use crate::household::codes::{
    CodeList, CookingFuel, Education, FloorMaterial, Lighting, RoofMaterial, Toilet, WallMaterial,
    WaterSource,
};
use crate::household::Household;
use crate::logic::{age_on, Seen};
use crate::rulefile::{join, read_text, Reader, RuleRef, Text};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The share of members in an age band, with its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareTerm {
    /// Weight of the share (0–1).
    pub weight: f64,
    /// Lower age bound (inclusive), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Upper age bound (inclusive), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
}

/// `weight · ln(clamp(area / n, min, max) / reference)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaTerm {
    /// Weight.
    pub weight: f64,
    /// Reference m² per person.
    pub reference: f64,
    /// Clamp low.
    pub min: f64,
    /// Clamp high.
    pub max: f64,
}

/// A proxy-means-test model document (`kind = "pmt"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PmtModel {
    /// Id (`pmt-illustrative-v1`).
    pub id: String,
    /// Version.
    pub version: String,
    /// Name.
    pub name: Text,
    /// True for weights that are not an official model (label every output).
    pub illustrative: bool,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<NaiveDate>,
    /// Sources.
    pub sources: Vec<String>,
    /// Notes and limits.
    pub notes: Vec<String>,
    /// Weight of ln(household size).
    pub household_size_log: f64,
    /// Added when the head did not work.
    pub head_not_working: f64,
    /// Added when any member has a severe disability.
    pub any_severe_disability: f64,
    /// Treat a member's missing severe-disability / education as "not present".
    pub missing_member_flags_as_absent: bool,
    /// Children share.
    pub child_share: ShareTerm,
    /// Elderly share.
    pub elder_share: ShareTerm,
    /// Floor area per person.
    pub floor_area_per_person: AreaTerm,
    /// By head's education (JSON names).
    pub head_education: BTreeMap<String, f64>,
    /// By the highest education of any member when above the head's.
    pub member_higher_education: BTreeMap<String, f64>,
    /// By floor.
    pub floor: BTreeMap<String, f64>,
    /// By wall.
    pub wall: BTreeMap<String, f64>,
    /// By roof.
    pub roof: BTreeMap<String, f64>,
    /// By water.
    pub water: BTreeMap<String, f64>,
    /// By lighting.
    pub lighting: BTreeMap<String, f64>,
    /// By cooking fuel.
    pub cooking_fuel: BTreeMap<String, f64>,
    /// By toilet.
    pub toilet: BTreeMap<String, f64>,
}

/// One indicator's part of a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// Indicator name (`floor`, `household_size`).
    pub indicator: &'static str,
    /// Where it was read.
    pub path: String,
    /// What was seen.
    pub seen: Seen,
    /// Its contribution in log points.
    pub contribution: f64,
}

/// A household's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PmtScore {
    /// Household id.
    pub household: String,
    /// The model, exactly.
    pub model: RuleRef,
    /// True when the model is illustrative.
    pub illustrative: bool,
    /// The score (higher = better off); `None` when undecidable.
    pub score: Option<f64>,
    /// Persons in the household.
    pub persons: u32,
    /// Village code digits.
    pub village_code: String,
    /// Every indicator's contribution (also when the score is undecidable).
    pub contributions: Vec<Contribution>,
    /// Paths of the missing fields that make the score undecidable.
    pub missing: Vec<String>,
}

/// One household's line of a desil estimate (`dtks desil`): its score, the
/// decile it ranks in within its region ([`rank`]) and the official desil
/// beside it, with the label that says what the estimate is.
///
/// ```
/// use dtks_core::pmt::{DesilRow, PmtScore};
/// # let s: PmtScore = dtks_core::pmt::score(
/// #     dtks_core::rules::RuleSets::builtin().pmt_models().next().unwrap().0,
/// #     dtks_core::rules::RuleSets::builtin().pmt_models().next().unwrap().1,
/// #     &serde_json::from_str(r#"{"id": "R1", "address": {"village_code": "3171011001"},
/// #       "families": [{"members": [{"relationship": "head"}]}]}"#).unwrap(),
/// #     chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// let row = DesilRow::new(&s, Some(3), Some(2));
/// assert!(row.label.starts_with("estimated desil ("));
/// assert_eq!(DesilRow::CSV_HEADER.split(',').count(), row.csv_record().split(',').count());
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct DesilRow<'a> {
    /// Household id.
    pub household: &'a str,
    /// Village code digits.
    pub village_code: &'a str,
    /// Persons in the household.
    pub persons: u32,
    /// The score; `None` when undecidable.
    pub score: Option<f64>,
    /// The decile within the household's region in this dataset.
    pub estimated_desil: Option<u8>,
    /// `estimated desil (MODEL)`: not the national DTSEN desil.
    pub label: String,
    /// True when the model's weights are illustrative.
    pub illustrative: bool,
    /// The desil the household carries, if any.
    pub official_desil: Option<i64>,
    /// The model, exactly.
    pub model: &'a RuleRef,
    /// Every indicator's contribution.
    pub contributions: &'a [Contribution],
    /// Paths of the missing fields that make the score undecidable.
    pub missing: &'a [String],
}

impl<'a> DesilRow<'a> {
    /// The header of [`DesilRow::csv_record`].
    pub const CSV_HEADER: &'static str =
        "household,village_code,persons,score,estimated_desil,official_desil,model,missing";

    /// The line of `score`, ranked `estimated`, beside `official`.
    pub fn new(score: &'a PmtScore, estimated: Option<u8>, official: Option<i64>) -> DesilRow<'a> {
        DesilRow {
            household: &score.household,
            village_code: &score.village_code,
            persons: score.persons,
            score: score.score,
            estimated_desil: estimated,
            label: format!("estimated desil ({})", score.model.id),
            illustrative: score.illustrative,
            official_desil: official,
            model: &score.model,
            contributions: &score.contributions,
            missing: &score.missing,
        }
    }

    /// The line as a CSV record (no line end): the household quoted, the
    /// score to four decimals, the missing paths joined with `;`.
    pub fn csv_record(&self) -> String {
        format!(
            "\"{}\",{},{},{},{},{},{},\"{}\"",
            self.household.replace('"', "\"\""),
            self.village_code,
            self.persons,
            self.score.map_or(String::new(), |x| format!("{x:.4}")),
            self.estimated_desil
                .map_or(String::new(), |x| x.to_string()),
            self.official_desil.map_or(String::new(), |x| x.to_string()),
            self.model.id,
            self.missing.join(";")
        )
    }
}

fn weight_of<T: CodeList>(map: &BTreeMap<String, f64>, v: T) -> f64 {
    map.get(v.name()).copied().unwrap_or(0.0)
}

/// Scores a household.
pub fn score(model: &PmtModel, reference: &RuleRef, h: &Household, as_of: NaiveDate) -> PmtScore {
    let mut c = Vec::new();
    let mut missing = Vec::new();
    let n: usize = h.families.iter().map(|f| f.members.len()).sum();
    let persons = u32::try_from(n).unwrap_or(u32::MAX);
    #[allow(clippy::cast_precision_loss)]
    let nf = n as f64;
    if n == 0 {
        missing.push("families".to_owned());
    } else {
        c.push(Contribution {
            indicator: "household_size",
            path: "families".to_owned(),
            seen: Seen::Int(i64::from(persons)),
            contribution: model.household_size_log * nf.ln(),
        });
    }
    // Age shares.
    let mut children = 0u32;
    let mut elders = 0u32;
    let in_band = |a: u32, t: &ShareTerm| t.min_age.is_none_or_le(a) && t.max_age.is_none_or_ge(a);
    for (fi, f) in h.families.iter().enumerate() {
        for (mi, m) in f.members.iter().enumerate() {
            match m.birth_date.and_then(|b| age_on(b, as_of)) {
                Some(a) => {
                    children += u32::from(in_band(a, &model.child_share));
                    elders += u32::from(in_band(a, &model.elder_share));
                }
                None => missing.push(format!("families[{fi}].members[{mi}].birth_date")),
            }
        }
    }
    if n > 0 {
        c.push(Contribution {
            indicator: "child_share",
            path: "families".to_owned(),
            seen: Seen::Int(i64::from(children)),
            contribution: model.child_share.weight * f64::from(children) / nf,
        });
        c.push(Contribution {
            indicator: "elder_share",
            path: "families".to_owned(),
            seen: Seen::Int(i64::from(elders)),
            contribution: model.elder_share.weight * f64::from(elders) / nf,
        });
    }
    // Head.
    let head = head(h);
    match head {
        None => missing.push("families[0] (head)".to_owned()),
        Some((i, m)) => {
            let base = format!("families[0].members[{i}]");
            match m.education {
                Some(e) => c.push(Contribution {
                    indicator: "head_education",
                    path: join(&base, "education"),
                    seen: Seen::code(e),
                    contribution: weight_of(&model.head_education, e),
                }),
                None => missing.push(join(&base, "education")),
            }
            match m.working {
                Some(w) => c.push(Contribution {
                    indicator: "head_not_working",
                    path: join(&base, "working"),
                    seen: Seen::Bool(w),
                    contribution: if w { 0.0 } else { model.head_not_working },
                }),
                None => missing.push(join(&base, "working")),
            }
        }
    }
    // Highest member education above the head's; severe disability.
    let mut highest: Option<Education> = None;
    let mut severe = false;
    let mut flags_missing = false;
    for (fi, f) in h.families.iter().enumerate() {
        for (mi, m) in f.members.iter().enumerate() {
            let is_head = fi == 0 && head.is_some_and(|(i, _)| i == mi);
            match m.education {
                Some(e) => highest = highest.max(Some(e)),
                None if !is_head && !model.missing_member_flags_as_absent => {
                    flags_missing = true;
                    missing.push(format!("families[{fi}].members[{mi}].education"));
                }
                None => {}
            }
            let sev = m.severe_disability.or(match m.disability {
                Some(crate::household::codes::Disability::None) => Some(false),
                _ => None,
            });
            match sev {
                Some(true) => severe = true,
                Some(false) => {}
                None if model.missing_member_flags_as_absent => {}
                None => {
                    flags_missing = true;
                    missing.push(format!("families[{fi}].members[{mi}].severe_disability"));
                }
            }
        }
    }
    let head_edu = head.and_then(|(_, m)| m.education);
    let higher = match (highest, head_edu) {
        (Some(top), Some(he)) if top > he => weight_of(&model.member_higher_education, top),
        _ => 0.0,
    };
    if !flags_missing || higher != 0.0 {
        c.push(Contribution {
            indicator: "member_higher_education",
            path: "families".to_owned(),
            seen: highest.map_or(Seen::Missing, Seen::code),
            contribution: higher,
        });
    }
    c.push(Contribution {
        indicator: "any_severe_disability",
        path: "families".to_owned(),
        seen: Seen::Bool(severe),
        contribution: if severe {
            model.any_severe_disability
        } else {
            0.0
        },
    });
    // Housing.
    let hs = &h.housing;
    match (hs.floor_area, n) {
        (Some(a), n) if n > 0 && a.is_finite() => {
            let t = &model.floor_area_per_person;
            let per = (a / nf).clamp(t.min, t.max);
            c.push(Contribution {
                indicator: "floor_area_per_person",
                path: "housing.floor_area".to_owned(),
                seen: Seen::Num(a / nf),
                contribution: t.weight * (per / t.reference).ln(),
            });
        }
        _ => missing.push("housing.floor_area".to_owned()),
    }
    fn cat<T: CodeList>(
        c: &mut Vec<Contribution>,
        missing: &mut Vec<String>,
        name: &'static str,
        path: &str,
        v: Option<T>,
        map: &BTreeMap<String, f64>,
    ) {
        match v {
            Some(x) => c.push(Contribution {
                indicator: name,
                path: path.to_owned(),
                seen: Seen::code(x),
                contribution: weight_of(map, x),
            }),
            None => missing.push(path.to_owned()),
        }
    }
    cat::<FloorMaterial>(
        &mut c,
        &mut missing,
        "floor",
        "housing.floor",
        hs.floor,
        &model.floor,
    );
    cat::<WallMaterial>(
        &mut c,
        &mut missing,
        "wall",
        "housing.wall",
        hs.wall,
        &model.wall,
    );
    cat::<RoofMaterial>(
        &mut c,
        &mut missing,
        "roof",
        "housing.roof",
        hs.roof,
        &model.roof,
    );
    cat::<WaterSource>(
        &mut c,
        &mut missing,
        "water",
        "housing.water",
        hs.water,
        &model.water,
    );
    cat::<Lighting>(
        &mut c,
        &mut missing,
        "lighting",
        "housing.lighting",
        hs.lighting,
        &model.lighting,
    );
    cat::<CookingFuel>(
        &mut c,
        &mut missing,
        "cooking_fuel",
        "housing.cooking_fuel",
        hs.cooking_fuel,
        &model.cooking_fuel,
    );
    cat::<Toilet>(
        &mut c,
        &mut missing,
        "toilet",
        "housing.toilet",
        hs.toilet,
        &model.toilet,
    );
    let score = missing
        .is_empty()
        .then(|| c.iter().map(|x| x.contribution).sum::<f64>());
    PmtScore {
        household: h.id.clone(),
        model: reference.clone(),
        illustrative: model.illustrative,
        score,
        persons,
        village_code: h
            .address
            .village_code
            .chars()
            .filter(char::is_ascii_digit)
            .collect(),
        contributions: c,
        missing,
    }
}

trait Bound {
    fn is_none_or_le(&self, a: u32) -> bool;
    fn is_none_or_ge(&self, a: u32) -> bool;
}

impl Bound for Option<u32> {
    fn is_none_or_le(&self, a: u32) -> bool {
        self.is_none() || self.is_some_and(|m| m <= a)
    }
    fn is_none_or_ge(&self, a: u32) -> bool {
        self.is_none() || self.is_some_and(|m| m >= a)
    }
}

/// Ranks scored households into estimated deciles within regions: the region
/// is the first `region_digits` digits of the village code (0 = one national
/// ranking, 2 = province, 4 = regency). Returns one entry per input, `None`
/// for an undecidable score.
///
/// ```
/// use dtks_core::pmt::rank_scores;
/// // Ten one-person households, scores 0..9: deciles 1..10.
/// let scores: Vec<(Option<f64>, u32, &str, &str)> =
///     (0..10).map(|i| (Some(f64::from(i)), 1, "31", ["a","b","c","d","e","f","g","h","i","j"][i as usize])).collect();
/// let d = rank_scores(&scores, 2);
/// assert_eq!(d, (1..=10).map(Some).collect::<Vec<_>>());
/// ```
pub fn rank_scores(
    items: &[(Option<f64>, u32, &str, &str)],
    region_digits: usize,
) -> Vec<Option<u8>> {
    let mut out = vec![None; items.len()];
    let region = |code: &str| -> String { code.get(..region_digits).unwrap_or(code).to_owned() };
    let mut by_region: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (s, _, code, _)) in items.iter().enumerate() {
        if s.is_some() {
            by_region.entry(region(code)).or_default().push(i);
        }
    }
    for idx in by_region.values_mut() {
        idx.sort_by(|&a, &b| {
            let (sa, _, _, ia) = items.get(a).copied().unwrap_or((None, 0, "", ""));
            let (sb, _, _, ib) = items.get(b).copied().unwrap_or((None, 0, "", ""));
            sa.unwrap_or(0.0)
                .total_cmp(&sb.unwrap_or(0.0))
                .then_with(|| ia.as_bytes().cmp(ib.as_bytes()))
        });
        let total: u64 = idx
            .iter()
            .map(|&i| u64::from(items.get(i).map_or(0, |x| x.1)))
            .sum();
        if total == 0 {
            continue;
        }
        let mut before = 0u64;
        for &i in idx.iter() {
            let n = u64::from(items.get(i).map_or(0, |x| x.1));
            // floor(10 · (B + n/2) / P) + 1, in integers: (20B + 10n) / 2P.
            let d = ((20 * before + 10 * n) / (2 * total) + 1).min(10);
            if let Some(slot) = out.get_mut(i) {
                *slot = u8::try_from(d).ok();
            }
            before += n;
        }
    }
    out
}

/// [`rank_scores`] over [`PmtScore`]s.
pub fn rank(scores: &[PmtScore], region_digits: usize) -> Vec<Option<u8>> {
    let items: Vec<(Option<f64>, u32, &str, &str)> = scores
        .iter()
        .map(|s| {
            (
                s.score,
                s.persons,
                s.village_code.as_str(),
                s.household.as_str(),
            )
        })
        .collect();
    rank_scores(&items, region_digits)
}

/// How estimated deciles agree with official ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Households with both an estimated and an official desil.
    pub compared: u64,
    /// Equal.
    pub exact: u64,
    /// Differ by at most one.
    pub within_one: u64,
    /// Mean absolute difference.
    pub mean_abs_diff: f64,
}

/// Compares estimated and official deciles pairwise.
pub fn agreement(estimated: &[Option<u8>], official: &[Option<i64>]) -> Agreement {
    let mut a = Agreement::default();
    let mut sum = 0i64;
    for (e, o) in estimated.iter().zip(official) {
        if let (Some(e), Some(o)) = (e, o) {
            if !(1..=10).contains(o) {
                continue;
            }
            let d = (i64::from(*e) - o).abs();
            a.compared += 1;
            a.exact += u64::from(d == 0);
            a.within_one += u64::from(d <= 1);
            sum += d;
        }
    }
    if a.compared > 0 {
        #[allow(clippy::cast_precision_loss)]
        {
            a.mean_abs_diff = sum as f64 / a.compared as f64;
        }
    }
    a
}

/// Reads a PMT document.
pub(crate) fn read_pmt(r: &mut Reader<'_>, m: &Map<String, Value>) -> Option<PmtModel> {
    const KEYS: &[&str] = &[
        "kind",
        "id",
        "version",
        "name",
        "illustrative",
        "effective_from",
        "effective_until",
        "sources",
        "notes",
        "household_size_log",
        "head_not_working",
        "any_severe_disability",
        "missing_member_flags_as_absent",
        "child_share",
        "elder_share",
        "floor_area_per_person",
        "head_education",
        "member_higher_education",
        "floor",
        "wall",
        "roof",
        "water",
        "lighting",
        "cooking_fuel",
        "toilet",
    ];
    r.only_keys(m, KEYS, "");
    let id = r.req_string(m, "id", "");
    let version = r.req_string(m, "version", "");
    let name = r
        .required(m, "name", "", "{id, en} text")
        .and_then(|v| read_text(r, v, "name"));
    let illustrative = match m.get("illustrative") {
        Some(v) => r.boolean(v, "illustrative"),
        None => Some(false),
    };
    let from = r
        .required(m, "effective_from", "", "a date")
        .and_then(|v| r.date(v, "effective_from"));
    let until = match m.get("effective_until") {
        Some(v) => Some(r.date(v, "effective_until")?),
        None => None,
    };
    let sources = r
        .required(m, "sources", "", "a list of citations")
        .and_then(|v| r.strings(v, "sources"));
    let notes = m
        .get("notes")
        .and_then(|v| r.strings(v, "notes"))
        .unwrap_or_default();
    let num = |r: &mut Reader<'_>, key: &str| -> Option<f64> {
        let v = r.required(m, key, "", "a number")?;
        r.number(v, key)
    };
    let hsl = num(r, "household_size_log");
    let hnw = num(r, "head_not_working");
    let asd = num(r, "any_severe_disability");
    let absent = match m.get("missing_member_flags_as_absent") {
        Some(v) => r.boolean(v, "missing_member_flags_as_absent"),
        None => Some(false),
    };
    let share = |r: &mut Reader<'_>, key: &str| -> Option<ShareTerm> {
        let v = r.required(m, key, "", "{weight, min_age, max_age}")?;
        let sm = r.object(v, key)?;
        r.only_keys(sm, &["weight", "min_age", "max_age"], key);
        let w = r
            .required(sm, "weight", key, "a number")
            .and_then(|w| r.number(w, &join(key, "weight")));
        let min_age = match sm.get("min_age") {
            Some(x) => Some(r.count(x, &join(key, "min_age"))?),
            None => None,
        };
        let max_age = match sm.get("max_age") {
            Some(x) => Some(r.count(x, &join(key, "max_age"))?),
            None => None,
        };
        Some(ShareTerm {
            weight: w?,
            min_age,
            max_age,
        })
    };
    let child = share(r, "child_share");
    let elder = share(r, "elder_share");
    let area = r
        .required(
            m,
            "floor_area_per_person",
            "",
            "{weight, reference, min, max}",
        )
        .and_then(|v| {
            let am = r.object(v, "floor_area_per_person")?;
            r.only_keys(
                am,
                &["weight", "reference", "min", "max"],
                "floor_area_per_person",
            );
            let mut get = |k: &str| {
                r.required(am, k, "floor_area_per_person", "a number")
                    .and_then(|x| r.number(x, &join("floor_area_per_person", k)))
            };
            let (w, rf, lo, hi) = (get("weight"), get("reference"), get("min"), get("max"));
            let t = AreaTerm {
                weight: w?,
                reference: rf?,
                min: lo?,
                max: hi?,
            };
            if !(t.reference > 0.0 && t.min > 0.0 && t.min <= t.max) {
                r.invalid(
                    "floor_area_per_person",
                    "reference > 0 and 0 < min ≤ max",
                    v,
                );
                return None;
            }
            Some(t)
        });
    fn table<T: CodeList>(
        r: &mut Reader<'_>,
        m: &Map<String, Value>,
        key: &str,
    ) -> Option<BTreeMap<String, f64>> {
        let v = r.required(m, key, "", "a table of weights by value name")?;
        let tm = r.object(v, key)?;
        let mut out = BTreeMap::new();
        for (k, x) in tm {
            let at = join(key, k);
            if T::from_name(k).is_none() {
                let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
                r.invalid(
                    &at,
                    &format!("a value name of {} ({})", T::COLUMN, names.join(", ")),
                    &Value::from(k.as_str()),
                );
                continue;
            }
            if let Some(w) = r.number(x, &at) {
                out.insert(k.clone(), w);
            }
        }
        Some(out)
    }
    let he = table::<Education>(r, m, "head_education");
    let mh = table::<Education>(r, m, "member_higher_education");
    let fl = table::<FloorMaterial>(r, m, "floor");
    let wa = table::<WallMaterial>(r, m, "wall");
    let ro = table::<RoofMaterial>(r, m, "roof");
    let wt = table::<WaterSource>(r, m, "water");
    let li = table::<Lighting>(r, m, "lighting");
    let cf = table::<CookingFuel>(r, m, "cooking_fuel");
    let to = table::<Toilet>(r, m, "toilet");
    Some(PmtModel {
        id: id?,
        version: version?,
        name: name?,
        illustrative: illustrative?,
        effective_from: from?,
        effective_until: until,
        sources: sources?,
        notes,
        household_size_log: hsl?,
        head_not_working: hnw?,
        any_severe_disability: asd?,
        missing_member_flags_as_absent: absent?,
        child_share: child?,
        elder_share: elder?,
        floor_area_per_person: area?,
        head_education: he?,
        member_higher_education: mh?,
        floor: fl?,
        wall: wa?,
        roof: ro?,
        water: wt?,
        lighting: li?,
        cooking_fuel: cf?,
        toilet: to?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSets;

    fn model() -> (&'static PmtModel, &'static RuleRef) {
        RuleSets::builtin().pmt_models().next().unwrap()
    }

    /// docs/domain/pmt-desil.md §5.5 worked example: −1.557.
    #[test]
    fn worked_example_scores_as_the_fact_sheet() {
        let (m, r) = model();
        let member = |rel: &str, birth: &str, edu: &str| {
            format!(
                r#"{{"relationship": "{rel}", "birth_date": "{birth}", "education": "{edu}", "working": true, "severe_disability": false}}"#
            )
        };
        let members = [
            member("head", "1985-01-01", "primary"),
            member("spouse", "1987-01-01", "primary"),
            member("child", "2012-01-01", "none"),
            member("child", "2015-01-01", "none"),
            member("child", "2018-01-01", "none"),
        ]
        .join(",");
        let json = format!(
            r#"{{"id": "W", "address": {{"village_code": "3201012001"}}, "families": [{{"members": [{members}]}}],
            "housing": {{"floor_area": 30, "floor": "soil", "wall": "bamboo", "roof": "zinc", "water": "unprotected",
            "lighting": "pln_450", "cooking_fuel": "wood", "toilet": "shared"}}}}"#
        );
        let h: Household = serde_json::from_str(&json).unwrap();
        let s = score(m, r, &h, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        let v = s.score.unwrap();
        assert!((v - (-1.557)).abs() < 0.0015, "{v}");
    }

    #[test]
    fn missing_fields_make_the_score_undecidable_and_are_listed() {
        let (m, r) = model();
        let h: Household =
            serde_json::from_str(r#"{"id": "X", "address": {"village_code": "31"}}"#).unwrap();
        let s = score(m, r, &h, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        assert!(s.score.is_none());
        assert!(s.missing.contains(&"housing.floor".to_owned()));
    }

    #[test]
    fn ranking_is_person_weighted_and_ties_break_by_id() {
        // One household of 9 persons and one of 1: the 9-person household's
        // middle member sits at 4.5/10 → desil 5; the single at 9.5/10 → desil 10.
        let items = [(Some(0.0), 9, "31", "b"), (Some(1.0), 1, "31", "a")];
        assert_eq!(rank_scores(&items, 2), vec![Some(5), Some(10)]);
        // Equal scores: "a" before "b".
        let items = [(Some(0.0), 1, "31", "b"), (Some(0.0), 1, "31", "a")];
        assert_eq!(rank_scores(&items, 2), vec![Some(8), Some(3)]);
        // Regions rank separately; undecidable stays None.
        let items = [
            (Some(0.0), 1, "31", "a"),
            (Some(5.0), 1, "32", "b"),
            (None, 1, "31", "c"),
        ];
        assert_eq!(rank_scores(&items, 2), vec![Some(6), Some(6), None]);
    }

    #[test]
    fn agreement_counts_exact_and_near() {
        let a = agreement(
            &[Some(1), Some(3), Some(5), None],
            &[Some(1), Some(4), Some(9), Some(2)],
        );
        assert_eq!((a.compared, a.exact, a.within_one), (3, 1, 2));
        assert!((a.mean_abs_diff - 5.0 / 3.0).abs() < 1e-9);
    }
}
