//! The criteria survey (*survei kriteria*): poverty criteria sets as data,
//! evaluated on a household.
//!
//! A [`CriteriaSet`] is a rule document (`kind = "criteria"`): the criteria,
//! each with a stable id (`FLOOR_AREA_PER_PERSON`, `HEAD_NOT_WORKING`, …, as
//! `docs/domain/criteria.md` names them), a test on the household's data, and the set's
//! threshold. The built-in sets are the BPS 14 criteria (≥ 9 of 14), Kepmensos
//! 146/HUK/2013 (11 criteria, in force until 30 Dec 2022, no threshold found)
//! and Kepmensos 262/HUK/2022 (no shelter ⇒ fakir miskin; otherwise a count of
//! eight criteria with no default threshold).
//!
//! [`evaluate`] gives, per criterion, met / not met / undecidable with the
//! value seen and where it was read, and whether the threshold is passed:
//! pass when enough are met (or a sufficient criterion is met), fail when even
//! counting every undecidable criterion as met cannot reach the threshold,
//! undecidable otherwise.
//!
//! ```
//! use dtks_core::criteria::{evaluate, Met};
//! use dtks_core::household::Household;
//! use dtks_core::rules::RuleSets;
//! let h: Household = serde_json::from_str(r#"{"id": "R1",
//!   "address": {"village_code": "3201012001"},
//!   "families": [{"members": [{"relationship": "head", "education": "none", "working": false}]}],
//!   "housing": {"floor_area": 6.0, "floor": "soil", "wall": "bamboo", "toilet": "none",
//!               "lighting": "none", "water": "unprotected", "cooking_fuel": "wood"}}"#).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
//! let (set, reference) = RuleSets::builtin().criteria_set("BPS_14", as_of).unwrap();
//! let r = evaluate(set, reference, &h);
//! assert_eq!(r.met, 8); // 8 decidable criteria met, 6 not in the data
//! assert_eq!(r.threshold.to_string(), "undecidable");
//! assert_eq!(r.results[0].result, Met::Met);
//! ```

use crate::household::codes::CodeList;
use crate::household::{Household, Member};
use crate::logic::{Seen, Tri};
use crate::rulefile::{index, join, read_text, Reader, RuleRef, Text};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// A data field a criterion reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Field {
    /// `housing.floor` (`jenis_lantai`).
    #[serde(rename = "housing.floor")]
    Floor,
    /// `housing.wall` (`jenis_dinding`).
    #[serde(rename = "housing.wall")]
    Wall,
    /// `housing.roof` (`jenis_atap`).
    #[serde(rename = "housing.roof")]
    Roof,
    /// `housing.water` (`sumber_air`).
    #[serde(rename = "housing.water")]
    Water,
    /// `housing.lighting` (`penerangan`).
    #[serde(rename = "housing.lighting")]
    Lighting,
    /// `housing.cooking_fuel` (`bahan_bakar`).
    #[serde(rename = "housing.cooking_fuel")]
    CookingFuel,
    /// `housing.toilet` (`jamban`).
    #[serde(rename = "housing.toilet")]
    Toilet,
    /// `housing.tenure` (`status_rumah`).
    #[serde(rename = "housing.tenure")]
    Tenure,
    /// The head's `education` (`pendidikan`).
    #[serde(rename = "head.education")]
    HeadEducation,
    /// The head's `working` (`bekerja`, 0/1).
    #[serde(rename = "head.working")]
    HeadWorking,
}

impl Field {
    const ALL: &'static [(&'static str, Field)] = &[
        ("housing.floor", Field::Floor),
        ("housing.wall", Field::Wall),
        ("housing.roof", Field::Roof),
        ("housing.water", Field::Water),
        ("housing.lighting", Field::Lighting),
        ("housing.cooking_fuel", Field::CookingFuel),
        ("housing.toilet", Field::Toilet),
        ("housing.tenure", Field::Tenure),
        ("head.education", Field::HeadEducation),
        ("head.working", Field::HeadWorking),
    ];
}

/// How a criterion is tested on the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Test {
    /// A coded field: export codes in `met` meet it, codes in `not_met` do
    /// not, any other code (or a missing value) is undecidable.
    Field {
        /// The field.
        field: Field,
        /// Export codes that meet the criterion.
        met: Vec<u8>,
        /// Export codes that do not.
        not_met: Vec<u8>,
    },
    /// Floor area ÷ members strictly below this many m².
    FloorAreaPerPersonBelow(f64),
    /// Household monthly income strictly below this many rupiah.
    IncomeBelow(i64),
    /// The data does not carry it: always undecidable.
    NotInData(bool),
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Stable id (`FLOOR_MATERIAL`).
    pub id: String,
    /// The criterion in words.
    pub text: Text,
    /// The test.
    pub test: Test,
    /// True when the test is only a proxy for the criterion (docs/domain/criteria.md "P").
    pub proxy: bool,
}

/// When a household passes a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Threshold {
    /// Criteria that are sufficient alone (Kepmensos 262: `NO_SHELTER`).
    pub sufficient: Vec<String>,
    /// How many criteria must be met; `None`: no count threshold.
    pub met_at_least: Option<u32>,
}

/// A criteria set document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaSet {
    /// Stable id (`BPS_14`).
    pub id: String,
    /// Version.
    pub version: String,
    /// Name.
    pub name: Text,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<NaiveDate>,
    /// Sources.
    pub sources: Vec<String>,
    /// Notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The criteria.
    pub criteria: Vec<Criterion>,
    /// The threshold.
    pub threshold: Threshold,
}

impl CriteriaSet {
    /// In force on `as_of`?
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.effective_from <= as_of && !matches!(self.effective_until, Some(u) if as_of > u)
    }
}

/// Met, not met, or undecidable for lack of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Met {
    /// The criterion holds.
    Met,
    /// It does not.
    NotMet,
    /// The data does not say.
    Undecidable,
}

/// One criterion evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    /// Criterion id.
    pub id: String,
    /// The result.
    pub result: Met,
    /// Where the value was read (`housing.floor`, `families[0].members[0].education`).
    pub path: String,
    /// The value seen.
    pub seen: Seen,
    /// A proxy test?
    pub proxy: bool,
}

/// A criteria set evaluated on a household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaResult {
    /// The set, exactly.
    pub set: RuleRef,
    /// Criteria met.
    pub met: u32,
    /// Criteria not met.
    pub not_met: u32,
    /// Criteria undecidable.
    pub undecidable: u32,
    /// Whether the threshold is passed.
    pub threshold: Tri,
    /// Per criterion, in the set's order.
    pub results: Vec<CriterionResult>,
}

/// The head of the household for the criteria: the member with relationship
/// `head` in the first family (docs/domain/criteria.md: several families → the head of
/// the family listed first). Returns the path and the member.
pub(crate) fn head(h: &Household) -> Option<(usize, &Member)> {
    let f = h.families.first()?;
    f.members
        .iter()
        .enumerate()
        .find(|(_, m)| m.relationship == Some(crate::household::codes::Relationship::Head))
}

fn code_seen<T: CodeList>(v: Option<T>) -> (Option<u8>, Seen) {
    match v {
        Some(x) => (Some(x.code()), Seen::code(x)),
        None => (None, Seen::Missing),
    }
}

/// Evaluates one criterion.
pub fn evaluate_criterion(c: &Criterion, h: &Household) -> CriterionResult {
    let (result, path, seen) = match &c.test {
        Test::NotInData(_) => (Met::Undecidable, String::new(), Seen::NotInData),
        Test::IncomeBelow(x) => match h.income_monthly {
            Some(i) => (
                if i < *x { Met::Met } else { Met::NotMet },
                "income_monthly".to_owned(),
                Seen::Int(i),
            ),
            None => (Met::Undecidable, "income_monthly".to_owned(), Seen::Missing),
        },
        Test::FloorAreaPerPersonBelow(x) => {
            let n: usize = h.families.iter().map(|f| f.members.len()).sum();
            match (h.housing.floor_area, n) {
                (Some(a), n) if n > 0 && a.is_finite() => {
                    #[allow(clippy::cast_precision_loss)]
                    let per = a / n as f64;
                    (
                        if per < *x { Met::Met } else { Met::NotMet },
                        "housing.floor_area".to_owned(),
                        Seen::Num(per),
                    )
                }
                _ => (
                    Met::Undecidable,
                    "housing.floor_area".to_owned(),
                    Seen::Missing,
                ),
            }
        }
        Test::Field {
            field,
            met,
            not_met,
        } => {
            let hs = &h.housing;
            let (code, seen, path) = match field {
                Field::Floor => with_path(code_seen(hs.floor), "housing.floor"),
                Field::Wall => with_path(code_seen(hs.wall), "housing.wall"),
                Field::Roof => with_path(code_seen(hs.roof), "housing.roof"),
                Field::Water => with_path(code_seen(hs.water), "housing.water"),
                Field::Lighting => with_path(code_seen(hs.lighting), "housing.lighting"),
                Field::CookingFuel => with_path(code_seen(hs.cooking_fuel), "housing.cooking_fuel"),
                Field::Toilet => with_path(code_seen(hs.toilet), "housing.toilet"),
                Field::Tenure => with_path(code_seen(hs.tenure), "housing.tenure"),
                Field::HeadEducation | Field::HeadWorking => match head(h) {
                    None => (None, Seen::Missing, "families[0]".to_owned()),
                    Some((i, m)) => {
                        let base = format!("families[0].members[{i}]");
                        if *field == Field::HeadEducation {
                            let (c, s) = code_seen(m.education);
                            (c, s, format!("{base}.education"))
                        } else {
                            match m.working {
                                Some(w) => {
                                    (Some(u8::from(w)), Seen::Bool(w), format!("{base}.working"))
                                }
                                None => (None, Seen::Missing, format!("{base}.working")),
                            }
                        }
                    }
                },
            };
            let result = match code {
                Some(c) if met.contains(&c) => Met::Met,
                Some(c) if not_met.contains(&c) => Met::NotMet,
                _ => Met::Undecidable,
            };
            (result, path, seen)
        }
    };
    CriterionResult {
        id: c.id.clone(),
        result,
        path,
        seen,
        proxy: c.proxy,
    }
}

fn with_path((c, s): (Option<u8>, Seen), path: &str) -> (Option<u8>, Seen, String) {
    (c, s, path.to_owned())
}

/// Evaluates a criteria set on a household.
pub fn evaluate(set: &CriteriaSet, reference: &RuleRef, h: &Household) -> CriteriaResult {
    let results: Vec<CriterionResult> = set
        .criteria
        .iter()
        .map(|c| evaluate_criterion(c, h))
        .collect();
    let count = |m: Met| {
        u32::try_from(results.iter().filter(|r| r.result == m).count()).unwrap_or(u32::MAX)
    };
    let (met, not_met, undecidable) =
        (count(Met::Met), count(Met::NotMet), count(Met::Undecidable));
    let suff = |m: Met| {
        results
            .iter()
            .filter(|r| set.threshold.sufficient.contains(&r.id))
            .any(|r| r.result == m)
    };
    let threshold = if suff(Met::Met) {
        Tri::Pass
    } else {
        match set.threshold.met_at_least {
            Some(k) if met >= k => Tri::Pass,
            Some(k) if met.saturating_add(undecidable) < k && !suff(Met::Undecidable) => Tri::Fail,
            _ => Tri::Undecidable,
        }
    };
    CriteriaResult {
        set: reference.clone(),
        met,
        not_met,
        undecidable,
        threshold,
        results,
    }
}

/// Reads a criteria-set document.
pub(crate) fn read_criteria_set(r: &mut Reader<'_>, m: &Map<String, Value>) -> Option<CriteriaSet> {
    r.only_keys(
        m,
        &[
            "kind",
            "id",
            "version",
            "name",
            "effective_from",
            "effective_until",
            "sources",
            "notes",
            "criteria",
            "threshold",
        ],
        "",
    );
    let id = r.req_string(m, "id", "");
    let version = r.req_string(m, "version", "");
    let name = r
        .required(m, "name", "", "{id, en} text")
        .and_then(|v| read_text(r, v, "name"));
    let from = r
        .required(m, "effective_from", "", "a date YYYY-MM-DD")
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
    let mut criteria = Vec::new();
    if let Some(items) = r
        .required(m, "criteria", "", "a list of criteria")
        .and_then(|v| r.list(v, "criteria"))
    {
        for (i, item) in items.iter().enumerate() {
            if let Some(c) = read_criterion(r, item, &index("criteria", i)) {
                criteria.push(c);
            }
        }
    }
    let threshold = r
        .required(m, "threshold", "", "{sufficient, met_at_least}")
        .and_then(|v| {
            let tm = r.object(v, "threshold")?;
            r.only_keys(tm, &["sufficient", "met_at_least"], "threshold");
            let sufficient = match tm.get("sufficient") {
                Some(s) => r.strings(s, "threshold.sufficient")?,
                None => Vec::new(),
            };
            for (i, s) in sufficient.iter().enumerate() {
                if !criteria.iter().any(|c: &Criterion| &c.id == s) {
                    r.invalid(
                        &index("threshold.sufficient", i),
                        "the id of a criterion of this set",
                        &Value::from(s.as_str()),
                    );
                }
            }
            let met_at_least = match tm.get("met_at_least") {
                Some(k) => Some(r.count(k, "threshold.met_at_least")?),
                None => None,
            };
            Some(Threshold {
                sufficient,
                met_at_least,
            })
        });
    Some(CriteriaSet {
        id: id?,
        version: version?,
        name: name?,
        effective_from: from?,
        effective_until: until,
        sources: sources?,
        notes,
        criteria,
        threshold: threshold?,
    })
}

fn read_criterion(r: &mut Reader<'_>, v: &Value, path: &str) -> Option<Criterion> {
    let m = r.object(v, path)?;
    r.only_keys(m, &["id", "text", "test", "proxy"], path);
    let id = r.req_string(m, "id", path);
    let text = r
        .required(m, "text", path, "{id, en} text")
        .and_then(|t| read_text(r, t, &join(path, "text")));
    let proxy = match m.get("proxy") {
        Some(p) => r.boolean(p, &join(path, "proxy"))?,
        None => false,
    };
    let tpath = join(path, "test");
    let test = r.required(m, "test", path, "a test").and_then(|t| {
        let tm = r.object(t, &tpath)?;
        if let Some(f) = tm.get("field") {
            r.only_keys(tm, &["field", "met", "not_met"], &tpath);
            let field = f
                .as_str()
                .and_then(|s| Field::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f));
            if field.is_none() {
                let names: Vec<&str> = Field::ALL.iter().map(|(n, _)| *n).collect();
                r.invalid(
                    &join(&tpath, "field"),
                    &format!("one of {}", names.join(", ")),
                    f,
                );
            }
            let codes = |r: &mut Reader<'_>, key: &str| -> Option<Vec<u8>> {
                let Some(list) = tm.get(key) else {
                    return Some(Vec::new());
                };
                let items = r.list(list, &join(&tpath, key))?;
                let mut out = Vec::new();
                for (i, x) in items.iter().enumerate() {
                    let c = x.as_u64().and_then(|n| u8::try_from(n).ok());
                    match c {
                        Some(c) => out.push(c),
                        None => {
                            r.invalid(&index(&join(&tpath, key), i), "an export code (0–255)", x)
                        }
                    }
                }
                Some(out)
            };
            let met = codes(r, "met")?;
            let not_met = codes(r, "not_met")?;
            Some(Test::Field {
                field: field?,
                met,
                not_met,
            })
        } else if let Some(x) = tm.get("floor_area_per_person_below") {
            r.only_keys(tm, &["floor_area_per_person_below"], &tpath);
            Some(Test::FloorAreaPerPersonBelow(
                r.number(x, &join(&tpath, "floor_area_per_person_below"))?,
            ))
        } else if let Some(x) = tm.get("income_below") {
            r.only_keys(tm, &["income_below"], &tpath);
            Some(Test::IncomeBelow(
                r.amount(x, &join(&tpath, "income_below"))?,
            ))
        } else if tm.get("not_in_data").is_some() {
            r.only_keys(tm, &["not_in_data"], &tpath);
            Some(Test::NotInData(true))
        } else {
            r.invalid(
                &tpath,
                "one of field, floor_area_per_person_below, income_below, not_in_data",
                t,
            );
            None
        }
    });
    Some(Criterion {
        id: id?,
        text: text?,
        test: test?,
        proxy,
    })
}

impl std::fmt::Display for Met {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Met::Met => "met",
            Met::NotMet => "not_met",
            Met::Undecidable => "undecidable",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSets;

    fn hh(json: &str) -> Household {
        serde_json::from_str(json).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sets_in_force_follow_the_decrees() {
        let b = RuleSets::builtin();
        // Kepmensos 262/HUK/2022 replaced 146/HUK/2013 on 31 Dec 2022.
        assert!(b
            .criteria_set("KEPMENSOS_146_2013", d(2022, 12, 30))
            .is_some());
        assert!(b
            .criteria_set("KEPMENSOS_146_2013", d(2022, 12, 31))
            .is_none());
        assert!(b
            .criteria_set("KEPMENSOS_262_2022", d(2022, 12, 31))
            .is_some());
        assert!(b
            .criteria_set("KEPMENSOS_262_2022", d(2022, 12, 30))
            .is_none());
    }

    #[test]
    fn bps_14_fails_only_when_nine_cannot_be_reached() {
        let b = RuleSets::builtin();
        let (set, r) = b.criteria_set("BPS_14", d(2024, 1, 1)).unwrap();
        // A good house: every decidable criterion not met. 8 decidable + 1 proxy
        // (income) not met leaves 5 undecidable < 9: fail.
        let good = hh(r#"{"id": "a", "address": {"village_code": "3171011001"},
            "families": [{"members": [{"relationship": "head", "education": "degree", "working": true}]}],
            "income_monthly": 9000000,
            "housing": {"floor_area": 120, "floor": "tile", "wall": "plastered_brick", "toilet": "own",
                        "lighting": "pln_900", "water": "piped", "cooking_fuel": "lpg_3kg"}}"#);
        let e = evaluate(set, r, &good);
        assert_eq!((e.met, e.not_met, e.undecidable), (0, 9, 5));
        assert_eq!(e.threshold, Tri::Fail);
        // Same house with nothing known: 0 met, 14 undecidable: undecidable.
        let unknown = hh(r#"{"id": "b", "address": {"village_code": "3171011001"}}"#);
        let e = evaluate(set, r, &unknown);
        assert_eq!(e.undecidable, 14);
        assert_eq!(e.threshold, Tri::Undecidable);
        assert!(e
            .results
            .iter()
            .all(|x| x.seen == Seen::Missing || x.seen == Seen::NotInData));
    }

    #[test]
    fn codes_outside_both_lists_are_undecidable() {
        let b = RuleSets::builtin();
        let (set, _) = b.criteria_set("BPS_14", d(2024, 1, 1)).unwrap();
        let floor = set
            .criteria
            .iter()
            .find(|c| c.id == "FLOOR_MATERIAL")
            .unwrap();
        let other =
            hh(r#"{"id": "a", "address": {"village_code": "1"}, "housing": {"floor": "other"}}"#);
        assert_eq!(evaluate_criterion(floor, &other).result, Met::Undecidable);
        let soil = hh(r#"{"id": "a", "address": {"village_code": "1"}, "housing": {"floor": 1}}"#);
        let r = evaluate_criterion(floor, &soil);
        assert_eq!(r.result, Met::Met);
        assert_eq!(r.path, "housing.floor");
    }

    #[test]
    fn kepmensos_262_has_no_default_verdict() {
        let b = RuleSets::builtin();
        let (set, r) = b.criteria_set("KEPMENSOS_262_2022", d(2024, 1, 1)).unwrap();
        let poor = hh(r#"{"id": "a", "address": {"village_code": "3201012001"},
            "families": [{"members": [{"relationship": "head", "working": false}]}],
            "housing": {"floor": "soil", "wall": "bamboo", "toilet": "none", "lighting": "none"}}"#);
        let e = evaluate(set, r, &poor);
        assert_eq!(e.met, 5);
        assert_eq!(e.threshold, Tri::Undecidable);
    }
}
