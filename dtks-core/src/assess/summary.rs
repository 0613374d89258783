//! A mergeable summary of many assessments, for bulk runs: per programme and
//! per province / regency, the units eligible, not eligible and undecidable
//! and the yearly amount of the eligible ones.
//!
//! Summaries of disjoint parts merge into the summary of the whole, in any
//! order (`merge` is associative and commutative), so a parallel run can
//! summarise per thread and combine.
//!
//! ```
//! use dtks_core::assess::{assess_with, Options, Summary};
//! use dtks_core::household::Household;
//! use dtks_core::rules::RuleSets;
//! let h: Household = serde_json::from_str(r#"{"id": "R1",
//!   "address": {"village_code": "3171011001"}, "registered": true, "desil": 1,
//!   "families": [{"members": [{"relationship": "head", "birth_date": "1950-01-01"}]}]}"#).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let (mut a, mut b) = (Summary::default(), Summary::default());
//! a.add(&assess_with(&h, as_of, RuleSets::builtin(), Options::FAST));
//! b.add(&assess_with(&h, as_of, RuleSets::builtin(), Options::FAST));
//! a.merge(b);
//! assert_eq!(a.households, 2);
//! assert_eq!(a.programmes["KLJ"].eligible, 2);
//! assert_eq!(a.by_province["31"]["KLJ"].amount_per_year, 2 * 3_600_000);
//! ```

use super::{Assessment, Outcome};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts and amounts of one programme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeTotals {
    /// Units decided eligible.
    pub eligible: u64,
    /// Units decided not eligible.
    pub not_eligible: u64,
    /// Units that could not be decided.
    pub undecidable: u64,
    /// Sum of the eligible units' yearly amounts, rupiah.
    pub amount_per_year: i64,
}

impl ProgrammeTotals {
    fn merge(&mut self, o: &ProgrammeTotals) {
        self.eligible = self.eligible.saturating_add(o.eligible);
        self.not_eligible = self.not_eligible.saturating_add(o.not_eligible);
        self.undecidable = self.undecidable.saturating_add(o.undecidable);
        self.amount_per_year = self.amount_per_year.saturating_add(o.amount_per_year);
    }
}

/// Totals over many households.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Households added.
    pub households: u64,
    /// Per programme id.
    pub programmes: BTreeMap<String, ProgrammeTotals>,
    /// Per province code (2 digits), per programme id.
    pub by_province: BTreeMap<String, BTreeMap<String, ProgrammeTotals>>,
    /// Per regency code (4 digits), per programme id.
    pub by_regency: BTreeMap<String, BTreeMap<String, ProgrammeTotals>>,
}

impl Summary {
    /// Adds one household's assessment.
    pub fn add(&mut self, a: &Assessment<'_>) {
        self.households = self.households.saturating_add(1);
        let province = a.village_code.get(..2).unwrap_or("unknown");
        let regency = a.village_code.get(..4).unwrap_or("unknown");
        for d in &a.decisions {
            let mut t = ProgrammeTotals::default();
            match d.outcome {
                Outcome::Eligible => {
                    t.eligible = 1;
                    t.amount_per_year = d.amount.map_or(0, |x| x.per_year);
                }
                Outcome::NotEligible => t.not_eligible = 1,
                Outcome::Undecidable => t.undecidable = 1,
            }
            bump(&mut self.programmes, d.programme, &t);
            bump(
                self.by_province.entry(province.to_owned()).or_default(),
                d.programme,
                &t,
            );
            bump(
                self.by_regency.entry(regency.to_owned()).or_default(),
                d.programme,
                &t,
            );
        }
    }

    /// The regencies ranked by units decided eligible (every programme
    /// together), then by their yearly amount, then by code: the order in
    /// which a report lists where assistance goes, with each regency's totals.
    ///
    /// ```
    /// use dtks_core::assess::{ProgrammeTotals, Summary};
    /// let mut s = Summary::default();
    /// let t = |eligible, amount_per_year| ProgrammeTotals { eligible, amount_per_year, ..Default::default() };
    /// s.by_regency.entry("3171".into()).or_default().insert("PKH".into(), t(1, 900));
    /// s.by_regency.entry("3172".into()).or_default().insert("PKH".into(), t(1, 500));
    /// s.by_regency.entry("3172".into()).or_default().insert("KLJ".into(), t(1, 100));
    /// let ranked: Vec<_> = s.regencies_ranked().into_iter().map(|(c, t)| (c, t.eligible)).collect();
    /// assert_eq!(ranked, [("3172", 2), ("3171", 1)]);
    /// ```
    pub fn regencies_ranked(&self) -> Vec<(&str, ProgrammeTotals)> {
        let mut ranked: Vec<(&str, ProgrammeTotals)> = self
            .by_regency
            .iter()
            .map(|(code, m)| {
                let mut sum = ProgrammeTotals::default();
                for p in m.values() {
                    sum.merge(p);
                }
                (code.as_str(), sum)
            })
            .collect();
        ranked.sort_by(|a, b| {
            (b.1.eligible, b.1.amount_per_year)
                .cmp(&(a.1.eligible, a.1.amount_per_year))
                .then(a.0.cmp(b.0))
        });
        ranked
    }

    /// Adds another summary into this one.
    pub fn merge(&mut self, other: Summary) {
        self.households = self.households.saturating_add(other.households);
        for (k, t) in &other.programmes {
            bump(&mut self.programmes, k, t);
        }
        for (region, m) in other.by_province {
            let mine = self.by_province.entry(region).or_default();
            for (k, t) in &m {
                bump(mine, k, t);
            }
        }
        for (region, m) in other.by_regency {
            let mine = self.by_regency.entry(region).or_default();
            for (k, t) in &m {
                bump(mine, k, t);
            }
        }
    }
}

fn bump(map: &mut BTreeMap<String, ProgrammeTotals>, key: &str, t: &ProgrammeTotals) {
    match map.get_mut(key) {
        Some(x) => x.merge(t),
        None => {
            map.insert(key.to_owned(), *t);
        }
    }
}
