//! Bulk assessment: the eligibility engine as a [`HouseholdStage`] of bulk
//! validation (`dtks validate --assess`). The adapter lives here, in bulk,
//! which defines the stage: the engine (`assess`) decides for one household
//! and knows nothing of files.
//!
//! # What is assessed
//! Only **valid** households: a household for which validation found an
//! error-severity problem is skipped (counted in `households.skipped`);
//! warnings do not stop it. The stage itself sees the problems of the
//! household (what [`validate`](crate::household::validate) finds); a
//! household that the bulk run finds invalid only later (a NIK in two
//! households, a KK number in two villages, CSV grouping problems) has its
//! counters replaced by `households.skipped` by the pipeline
//! ([`HouseholdStage`](crate::bulk::HouseholdStage)), so the counts describe
//! valid households only.
//!
//! Each household is assessed with [`Options::FAST`] (decisions and amounts,
//! no trace) against every programme in force on the run's date.
//!
//! # Counter keys
//! Summed over the run into `summary.stages["assess"]` (the stage's name is
//! [`STAGE_NAME`]); a counter that would add 0 is not emitted, so an absent
//! key reads as 0.
//!
//! | key | counts |
//! |---|---|
//! | `households.assessed` | valid households assessed |
//! | `households.skipped` | households skipped for an error |
//! | `programme.<ID>.eligible` | units (member, family or household, as the programme targets) decided eligible |
//! | `programme.<ID>.not_eligible` | units decided not eligible |
//! | `programme.<ID>.undecidable` | units the data could not decide |
//! | `programme.<ID>.amount_per_year` | rupiah per year of the eligible units, summed |
//! | `province.<PP>.<ID>.<field>` | the same four fields, per province (`31`) |
//! | `regency.<PP.KK>.<ID>.<field>` | the same four fields, per regency (`31.71`) |
//!
//! `<PP>` and `<PP.KK>` come from the household's village code, written as in
//! the bulk summary's `per_province` / `per_regency`; `unknown` when the code
//! has fewer than 4 digits. [`StageTotals::from_counters`] reads the keys back.
//!
//! ```
//! use dtks_core::bulk::eligibility::{AssessStage, StageTotals, STAGE_NAME};
//! use dtks_core::bulk::{validate, Collect, Format, Options, Outputs};
//! let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
//!            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n";
//! let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let stage = AssessStage::builtin();
//! let mut opts = Options::new(Format::Csv, as_of);
//! opts.stages.push(&stage);
//! let mut report = Collect::default();
//! let mut out = Outputs::default();
//! out.sinks.push(&mut report);
//! let summary = validate(csv.as_bytes(), &opts, &mut out).unwrap();
//! let totals = StageTotals::from_counters(&summary.stages[STAGE_NAME]);
//! assert_eq!(totals.assessed, 1);
//! // One decision per member for a member-unit programme such as PBI-JK.
//! let pbi = &totals.summary.programmes["PBI_JK"];
//! assert_eq!(pbi.eligible + pbi.not_eligible + pbi.undecidable, 1);
//! ```

use super::{HouseholdStage, RuleVersion, StageOutput};
use crate::assess::{
    assess_with, leading_digits, Options, Outcome, Plan, ProgrammeTotals, Scratch, Summary,
};
use crate::household::Household;
use crate::problem::{Problem, Severity};
use crate::rules::{Programme, RuleSets, Unit};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The stage's name: the key of its counters in `summary.stages`.
pub const STAGE_NAME: &str = "assess";

/// Assesses every valid household against a set of rules.
///
/// The rules are compiled ([`Program`](crate::assess::Program)) on the first
/// household, for the run's date, and kept: change `rules` before a run,
/// not between runs of one stage.
#[derive(Debug, Clone)]
pub struct AssessStage {
    /// The rule sets applied.
    pub rules: RuleSets,
    /// Every programme id of `rules`, sorted: a tally names its programme by
    /// index into this list (see [`AssessStage::tallies`]).
    ids: Vec<String>,
    /// The rules compiled for the first date a household was assessed on.
    compiled: OnceLock<Compiled>,
}

/// The programmes in force on a date, compiled, with their own copy of the
/// documents (the plan is evaluated alongside them) and each one's index
/// into `AssessStage::ids`.
#[derive(Debug, Clone)]
struct Compiled {
    as_of: NaiveDate,
    plan: Plan,
    programmes: Vec<Programme>,
    ids: Vec<Option<u64>>,
}

thread_local! {
    /// The buffers of the households assessed on this thread.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The four totals of a programme, in tally-key order.
const FIELDS: [&str; 4] = ["eligible", "not_eligible", "undecidable", "amount_per_year"];
/// The tally key of `households.assessed`.
const ASSESSED: u64 = 1 << 40;
/// The regency number of a household whose village code has no region.
const NO_REGENCY: u64 = 0xFFFF;

impl AssessStage {
    /// A stage applying these rule sets.
    pub fn new(rules: RuleSets) -> AssessStage {
        let mut ids: Vec<String> = rules.programmes().map(|(p, _)| p.id.clone()).collect();
        ids.sort();
        ids.dedup();
        AssessStage {
            rules,
            ids,
            compiled: OnceLock::new(),
        }
    }

    fn compile(&self, as_of: NaiveDate) -> Compiled {
        let in_force = self.rules.programmes_in_force(as_of);
        let plan = Plan::compile(&in_force, &self.rules, as_of);
        let ids = in_force
            .iter()
            .map(|(p, _)| {
                let i = self.ids.binary_search_by(|x| x.as_str().cmp(&p.id)).ok()?;
                u64::try_from(i).ok()
            })
            .collect();
        Compiled {
            as_of,
            plan,
            programmes: in_force.into_iter().map(|(p, _)| p.clone()).collect(),
            ids,
        }
    }

    /// A stage applying the built-in rule sets.
    pub fn builtin() -> AssessStage {
        AssessStage::new(RuleSets::builtin().clone())
    }

    /// Totals per programme of one household's assessment, in decision
    /// order (decisions come grouped by programme).
    fn totals<'a>(a: &crate::assess::Assessment<'a>) -> Vec<(&'a str, ProgrammeTotals)> {
        let mut per: Vec<(&str, ProgrammeTotals)> = Vec::new();
        for d in &a.decisions {
            let t = match per.last_mut() {
                Some((id, t)) if *id == d.programme => t,
                _ => {
                    per.push((d.programme, ProgrammeTotals::default()));
                    match per.last_mut() {
                        Some((_, t)) => t,
                        None => continue,
                    }
                }
            };
            match d.outcome {
                Outcome::Eligible => {
                    t.eligible += 1;
                    let amount = d.amount.map_or(0, |x| x.per_year.max(0));
                    t.amount_per_year = t.amount_per_year.saturating_add(amount);
                }
                Outcome::NotEligible => t.not_eligible += 1,
                Outcome::Undecidable => t.undecidable += 1,
            }
        }
        per
    }

    /// The counters of one household (see the module docs for the keys).
    pub fn counts(
        &self,
        h: &Household,
        problems: &[Problem],
        as_of: NaiveDate,
    ) -> Vec<(String, u64)> {
        if problems.iter().any(|p| p.severity == Severity::Error) {
            return vec![("households.skipped".to_owned(), 1)];
        }
        let a = assess_with(h, as_of, &self.rules, Options::FAST);
        let per = Self::totals(&a);
        let (province, regency) = region_keys(&a.village_code);
        let mut out = Vec::with_capacity(1 + per.len() * 6);
        out.push(("households.assessed".to_owned(), 1));
        for (id, t) in &per {
            for prefix in [
                format!("programme.{id}"),
                format!("province.{province}.{id}"),
                format!("regency.{regency}.{id}"),
            ] {
                push_totals(&mut out, &prefix, t);
            }
        }
        out
    }

    /// The same counters as [`AssessStage::counts`], as integer tallies
    /// (named by [`HouseholdStage::tally_names`] once, at the end of a run):
    /// the bulk stage's hot path makes no string per household. `None` for
    /// a household whose counters cannot be keyed so (a programme id the
    /// list does not have, a village code without two-digit province and
    /// regency parts): [`AssessStage::counts`] then counts it.
    fn tallies(&self, h: &Household, as_of: NaiveDate) -> Option<Vec<(u64, u64)>> {
        let fresh;
        let c = match self.compiled.get_or_init(|| self.compile(as_of)) {
            c if c.as_of == as_of => c,
            // Another date than the run's first: compiled for this household.
            _ => {
                fresh = self.compile(as_of);
                &fresh
            }
        };
        let (digits, n) = leading_digits::<4>(&h.address.village_code);
        let regency = match digits {
            [p1, p2, k1, k2] if n >= 4 => {
                let d = |b: u8| u64::from(b - b'0');
                (d(p1) * 10 + d(p2)) * 100 + d(k1) * 10 + d(k2)
            }
            _ => NO_REGENCY,
        };
        let mut out = Vec::with_capacity(1 + c.programmes.len() * 4);
        out.push((ASSESSED, 1));
        let mut ok = true;
        // The programme being summed and its totals so far.
        let mut cur: Option<(usize, ProgrammeTotals)> = None;
        let mut flush = |out: &mut Vec<(u64, u64)>, cur: Option<(usize, ProgrammeTotals)>| {
            let Some((i, t)) = cur else {
                return;
            };
            let Some(idx) = c.ids.get(i).copied().flatten() else {
                ok = false;
                return;
            };
            let amount = u64::try_from(t.amount_per_year).unwrap_or(0);
            for (f, n) in [t.eligible, t.not_eligible, t.undecidable, amount]
                .into_iter()
                .enumerate()
            {
                if n > 0 {
                    out.push(((regency << 18) | (idx << 2) | f as u64, n));
                }
            }
        };
        let mut count = |s: &mut Scratch| {
            c.plan.each(
                |i| c.programmes.get(i),
                h,
                s,
                |i, outcome, amount| {
                    if cur.as_ref().is_some_and(|(j, _)| *j != i) {
                        flush(&mut out, cur.take());
                    }
                    let t = &mut cur.get_or_insert((i, ProgrammeTotals::default())).1;
                    match outcome {
                        Outcome::Eligible => {
                            t.eligible += 1;
                            let a = amount.map_or(0, |x| x.per_year.max(0));
                            t.amount_per_year = t.amount_per_year.saturating_add(a);
                        }
                        Outcome::NotEligible => t.not_eligible += 1,
                        Outcome::Undecidable => t.undecidable += 1,
                    }
                },
            );
        };
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => count(&mut s),
            Err(_) => count(&mut Scratch::default()),
        });
        flush(&mut out, cur.take());
        ok.then_some(out)
    }

    /// The programmes in force on `as_of` (id order) and the unit each counts.
    pub fn programmes(&self, as_of: NaiveDate) -> Vec<(String, Unit)> {
        self.rules
            .programmes_in_force(as_of)
            .into_iter()
            .map(|(p, _)| (p.id.clone(), p.unit))
            .collect()
    }
}

impl HouseholdStage for AssessStage {
    fn name(&self) -> &str {
        STAGE_NAME
    }

    /// The rule sets a run on `as_of` applies, for `Summary::rules`: every
    /// programme in force (id order), then every criteria set in force. The
    /// version is written `<version>@<content hash>`
    /// (`2025@sha256:…`), since the summary's entry has no field of its own
    /// for the hash.
    fn rule_versions(&self, as_of: NaiveDate) -> Vec<RuleVersion> {
        let programmes = self.rules.programmes_in_force(as_of);
        let criteria = self.rules.criteria_in_force(as_of);
        programmes
            .into_iter()
            .map(|(_, r)| r)
            .chain(criteria.into_iter().map(|(_, r)| r))
            .map(|r| RuleVersion {
                id: r.id.clone(),
                version: format!("{}@{}", r.version, r.content_hash),
            })
            .collect()
    }

    fn run(&self, household: &Household, problems: &[Problem], as_of: NaiveDate) -> StageOutput {
        let skipped = problems.iter().any(|p| p.severity == Severity::Error);
        match (!skipped).then(|| self.tallies(household, as_of)).flatten() {
            Some(tallies) => StageOutput {
                tallies,
                ..StageOutput::default()
            },
            None => StageOutput {
                counts: self.counts(household, problems, as_of),
                ..StageOutput::default()
            },
        }
    }

    fn tally_names(&self, key: u64) -> Vec<String> {
        if key == ASSESSED {
            return vec!["households.assessed".to_owned()];
        }
        let field = FIELDS.get((key & 3) as usize).copied().unwrap_or("");
        let Some(id) = usize::try_from((key >> 2) & 0xFFFF)
            .ok()
            .and_then(|i| self.ids.get(i))
        else {
            return Vec::new();
        };
        let regency = (key >> 18) & 0xFFFF;
        let (province, regency) = if regency == NO_REGENCY {
            ("unknown".to_owned(), "unknown".to_owned())
        } else {
            (
                format!("{:02}", regency / 100),
                format!("{:02}.{:02}", regency / 100, regency % 100),
            )
        };
        vec![
            format!("programme.{id}.{field}"),
            format!("province.{province}.{id}.{field}"),
            format!("regency.{regency}.{id}.{field}"),
        ]
    }
}

/// `(PP, PP.KK)` of a village code's digits, or `unknown`.
fn region_keys(digits: &str) -> (String, String) {
    match (digits.get(..2), digits.get(2..4)) {
        (Some(p), Some(k)) => (p.to_owned(), format!("{p}.{k}")),
        _ => ("unknown".to_owned(), "unknown".to_owned()),
    }
}

fn push_totals(out: &mut Vec<(String, u64)>, prefix: &str, t: &ProgrammeTotals) {
    let amount = u64::try_from(t.amount_per_year).unwrap_or(0);
    for (field, n) in [
        ("eligible", t.eligible),
        ("not_eligible", t.not_eligible),
        ("undecidable", t.undecidable),
        ("amount_per_year", amount),
    ] {
        if n > 0 {
            out.push((format!("{prefix}.{field}"), n));
        }
    }
}

/// The stage's counters read back into totals (serialised as the faces
/// hand it over: `{"assessed", "skipped", "summary": {...}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StageTotals {
    /// Households assessed.
    pub assessed: u64,
    /// Households skipped for an error.
    pub skipped: u64,
    /// Per programme, per province (`31`), per regency (`31.71`); its
    /// `households` is `assessed`.
    pub summary: Summary,
}

impl StageTotals {
    /// The totals of a run's summary, `None` when the run assessed nothing
    /// (no [`AssessStage`] among its stages): what every face hands over as
    /// the run's assessment.
    ///
    /// ```
    /// use dtks_core::bulk::eligibility::{AssessStage, StageTotals};
    /// use dtks_core::bulk::{validate, Format, Options, Outputs};
    /// let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
    ///            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n";
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let plain = validate(csv.as_bytes(), &Options::new(Format::Csv, as_of), &mut Outputs::default()).unwrap();
    /// assert_eq!(StageTotals::of(&plain), None);
    /// let stage = AssessStage::builtin();
    /// let mut opts = Options::new(Format::Csv, as_of);
    /// opts.stages.push(&stage);
    /// let summary = validate(csv.as_bytes(), &opts, &mut Outputs::default()).unwrap();
    /// assert_eq!(StageTotals::of(&summary).map(|t| t.assessed), Some(1));
    /// // The summary names the rule documents applied, whoever ran it.
    /// assert!(summary.rules.iter().any(|r| r.id == "PKH"));
    /// ```
    pub fn of(summary: &super::Summary) -> Option<StageTotals> {
        summary
            .stages
            .get(STAGE_NAME)
            .map(StageTotals::from_counters)
    }

    /// Reads the counters of `summary.stages["assess"]`; unknown keys are
    /// ignored.
    pub fn from_counters(counters: &BTreeMap<String, u64>) -> StageTotals {
        let mut t = StageTotals::default();
        for (key, &n) in counters {
            match key.as_str() {
                "households.assessed" => t.assessed = n,
                "households.skipped" => t.skipped = n,
                _ => read_key(&mut t.summary, key, n),
            }
        }
        t.summary.households = t.assessed;
        t
    }
}

fn read_key(s: &mut Summary, key: &str, n: u64) {
    let Some((rest, field)) = key.rsplit_once('.') else {
        return;
    };
    let (map, id) = if let Some(id) = rest.strip_prefix("programme.") {
        (&mut s.programmes, id)
    } else if let Some(r) = rest.strip_prefix("province.") {
        let Some((region, id)) = r.split_once('.') else {
            return;
        };
        (s.by_province.entry(region.to_owned()).or_default(), id)
    } else if let Some(r) = rest.strip_prefix("regency.") {
        // `unknown.<ID>` or `PP.KK.<ID>`.
        let cut = if r.starts_with("unknown.") { 7 } else { 5 };
        let (Some(region), Some(id)) = (r.get(..cut), r.get(cut + 1..)) else {
            return;
        };
        (s.by_regency.entry(region.to_owned()).or_default(), id)
    } else {
        return;
    };
    let t = map.entry(id.to_owned()).or_default();
    match field {
        "eligible" => t.eligible = n,
        "not_eligible" => t.not_eligible = n,
        "undecidable" => t.undecidable = n,
        "amount_per_year" => t.amount_per_year = i64::try_from(n).unwrap_or(i64::MAX),
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::problem::Code;
    use crate::rules::Format;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn household() -> Household {
        serde_json::from_str(
            r#"{"id": "R1", "address": {"village_code": "3171011001"},
              "registered": true, "desil": 1,
              "families": [{"members": [
                {"relationship": "head", "birth_date": "1950-01-01", "sex": "male"},
                {"relationship": "child", "birth_date": "2015-03-01", "sex": "female"}]}]}"#,
        )
        .unwrap()
    }

    fn map(v: Vec<(String, u64)>) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for (k, n) in v {
            *m.entry(k).or_default() += n;
        }
        m
    }

    #[test]
    fn a_household_with_an_error_gives_no_programme_counts() {
        let stage = AssessStage::builtin();
        let err = Problem::new(Code::NikLength, "families[0].members[0].nik");
        assert_eq!(err.severity, Severity::Error);
        let c = stage.counts(&household(), &[err], d(2026, 1, 1));
        assert_eq!(c, vec![("households.skipped".to_owned(), 1)]);
    }

    #[test]
    fn a_warning_does_not_stop_the_assessment() {
        let stage = AssessStage::builtin();
        let warn = Problem::new(Code::NikSexMismatch, "families[0].members[0].nik");
        assert_eq!(warn.severity, Severity::Warning);
        let c = map(stage.counts(&household(), &[warn], d(2026, 1, 1)));
        assert_eq!(c.get("households.assessed"), Some(&1));
    }

    #[test]
    fn a_clean_household_gives_one_decision_per_programme_unit() {
        let stage = AssessStage::builtin();
        let as_of = d(2026, 1, 1);
        let h = household();
        let t = StageTotals::from_counters(&map(stage.counts(&h, &[], as_of)));
        assert_eq!((t.assessed, t.skipped), (1, 0));
        let programmes = stage.programmes(as_of);
        assert!(!programmes.is_empty());
        for (id, unit) in &programmes {
            // Two members, one family, one household.
            let units = match unit {
                Unit::Member => 2,
                Unit::Family => 1,
                _ => 1,
            };
            let p = t.summary.programmes.get(id).copied().unwrap_or_default();
            assert_eq!(p.eligible + p.not_eligible + p.undecidable, units, "{id}");
            assert!(p.amount_per_year >= 0);
            // The same totals under the province and the regency of 3171011001.
            assert_eq!(
                t.summary.by_province["31"]
                    .get(id)
                    .copied()
                    .unwrap_or_default(),
                p
            );
            assert_eq!(
                t.summary.by_regency["31.71"]
                    .get(id)
                    .copied()
                    .unwrap_or_default(),
                p
            );
        }
        assert_eq!(t.summary.programmes.len(), programmes.len());
    }

    #[test]
    fn counts_match_the_engine_summary() {
        let stage = AssessStage::builtin();
        let as_of = d(2026, 1, 1);
        let h = household();
        let t = StageTotals::from_counters(&map(stage.counts(&h, &[], as_of)));
        let mut s = Summary::default();
        s.add(&assess_with(&h, as_of, &stage.rules, Options::FAST));
        assert_eq!(t.summary.programmes, s.programmes);
    }

    #[test]
    fn a_custom_programme_counts_by_hand() {
        let mut rules = RuleSets::builtin().without_programmes();
        let doc = r#"
kind = "programme"
id = "TEST.31"
version = "1"
name = "test"
unit = "member"
effective_from = 2025-01-01
sources = ["a test"]
payment_period = "month"
eligibility = { resides_in = ["31"] }
components = [ { id = "base", name = "base", amount = 100000, per = "month" } ]
"#;
        rules.load_str(doc, Format::Toml, "t.toml").unwrap();
        let stage = AssessStage::new(rules);
        let as_of = d(2026, 1, 1);
        let c = map(stage.counts(&household(), &[], as_of));
        assert_eq!(c["programme.TEST.31.eligible"], 2);
        assert_eq!(c["programme.TEST.31.amount_per_year"], 2 * 12 * 100_000);
        assert_eq!(c["regency.31.71.TEST.31.eligible"], 2);
        let t = StageTotals::from_counters(&c);
        assert_eq!(t.summary.by_regency["31.71"]["TEST.31"].eligible, 2);
        assert_eq!(
            t.summary.by_province["31"]["TEST.31"].amount_per_year,
            2_400_000
        );
        let mut elsewhere = household();
        elsewhere.address.village_code = "3201012001".into();
        let c = map(stage.counts(&elsewhere, &[], as_of));
        assert_eq!(c["programme.TEST.31.not_eligible"], 2);
        assert!(!c.contains_key("programme.TEST.31.eligible"));
        let v = stage.rule_versions(as_of);
        assert_eq!(v[0].id, "TEST.31");
        assert!(v[0].version.starts_with("1@sha256:"));
    }

    #[test]
    fn deterministic_and_unknown_region() {
        let stage = AssessStage::builtin();
        let mut h = household();
        h.address.village_code = String::new();
        let a = stage.counts(&h, &[], d(2026, 1, 1));
        assert_eq!(a, stage.counts(&h, &[], d(2026, 1, 1)));
        assert!(a.iter().any(|(k, _)| k.starts_with("regency.unknown.")));
        let t = StageTotals::from_counters(&map(a));
        assert!(t.summary.by_regency.contains_key("unknown"));
        assert!(t.summary.by_province.contains_key("unknown"));
    }

    /// The tallies the bulk stage counts with, named, are exactly the string
    /// counters `counts` gives, for a known region, an unknown one, and
    /// every built-in programme in force on several dates.
    #[test]
    fn tallies_name_the_same_counters_as_counts() {
        let stage = AssessStage::builtin();
        for date in [d(2024, 6, 1), d(2026, 1, 1), d(2026, 11, 24)] {
            for code in ["3171011001", "", "9471011001", "31", "3a71011001"] {
                let mut h = household();
                h.address.village_code = code.to_owned();
                // What the bulk stage hands over, named as the summary names it.
                let out = stage.run(&h, &[], date);
                let mut named = map(out.counts);
                for (key, n) in out.tallies {
                    for name in stage.tally_names(key) {
                        *named.entry(name).or_default() += n;
                    }
                }
                assert!(!named.is_empty(), "{code} {date}");
                assert_eq!(named, map(stage.counts(&h, &[], date)), "{code} {date}");
            }
        }
        // The usual case goes through tallies, not strings.
        let out = stage.run(&household(), &[], d(2026, 1, 1));
        assert!(out.counts.is_empty() && !out.tallies.is_empty());
    }
}
