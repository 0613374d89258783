//! Decisions that explain themselves: a household, a date and rule sets in;
//! for every programme in force and every unit it targets, eligible / not
//! eligible / undecidable, the amount, and the trace of every condition.
//!
//! # Three-valued logic
//! A condition whose data is missing is **undecidable**, never false.
//! - `all`: fail if any part fails; else undecidable if any part is; else pass.
//! - `any`: pass if any part passes; else undecidable if any part is; else fail.
//! - `not`: swaps pass and fail; undecidable stays undecidable.
//! - `any_member`: like `any` over the members in scope.
//!
//! A programme with components is eligible when its eligibility passes and at
//! least one component is counted; the amount is the sum of the counted
//! components after the per-member, per-component, per-group and cap limits.
//!
//! # Determinism
//! The same household, date and rule sets always give the same assessment:
//! programmes in id order, units in input order, no clock, no hash maps.
//!
//! ```
//! use dtks_core::assess::{assess, Outcome};
//! use dtks_core::household::Household;
//! use dtks_core::rules::RuleSets;
//! let h: Household = serde_json::from_str(r#"{"id": "R1",
//!   "address": {"village_code": "3201012001"}, "desil": 2, "registered": true,
//!   "families": [{"members": [
//!     {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
//!     {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}"#).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let a = assess(&h, as_of, RuleSets::builtin());
//! let pkh = a.decisions.iter().find(|d| d.programme == "PKH").unwrap();
//! assert_eq!(pkh.outcome, Outcome::Eligible);
//! assert_eq!(pkh.amount.as_ref().unwrap().per_year, 3_000_000); // one child aged 0–6
//! assert!(a.to_text(dtks_core::problem::Lang::Id).contains("LAYAK"));
//! ```

mod render;
#[cfg(feature = "process")]
pub(crate) use render::describe as describe_condition;
#[cfg(feature = "bulk")]
pub mod stage;
mod summary;

pub use summary::{ProgrammeTotals, Summary};

use crate::criteria::{self, CriteriaResult};
use crate::household::codes::{CodeList, Disability, Relationship};
use crate::household::{Household, Member};
use crate::id::Sex;
use crate::problem::Lang;
use crate::rules::{Component, Condition, Period, Programme, RuleRef, RuleSets, Text, Unit};
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// Pass, fail, or undecidable for lack of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    /// Holds.
    Pass,
    /// Does not hold.
    Fail,
    /// The data does not say.
    Undecidable,
}

impl Tri {
    fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Pass
        } else {
            Tri::Fail
        }
    }

    fn not(self) -> Tri {
        match self {
            Tri::Pass => Tri::Fail,
            Tri::Fail => Tri::Pass,
            Tri::Undecidable => Tri::Undecidable,
        }
    }

    /// Three-valued and.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Fail, _) | (_, Tri::Fail) => Tri::Fail,
            (Tri::Undecidable, _) | (_, Tri::Undecidable) => Tri::Undecidable,
            _ => Tri::Pass,
        }
    }

    /// Three-valued or.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Pass, _) | (_, Tri::Pass) => Tri::Pass,
            (Tri::Undecidable, _) | (_, Tri::Undecidable) => Tri::Undecidable,
            _ => Tri::Fail,
        }
    }
}

impl fmt::Display for Tri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tri::Pass => "pass",
            Tri::Fail => "fail",
            Tri::Undecidable => "undecidable",
        })
    }
}

/// The value a condition or criterion saw.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Seen {
    /// The field is empty.
    Missing,
    /// The data layout does not carry this at all.
    NotInData,
    /// A whole number (age, desil, rupiah, count).
    Int(i64),
    /// A measure (m² per person).
    Num(f64),
    /// A yes/no field.
    Bool(bool),
    /// A coded value: its JSON name and its labels.
    Code {
        /// JSON name (`senior_secondary`).
        name: &'static str,
        /// Indonesian label.
        id: &'static str,
        /// English label.
        en: &'static str,
    },
    /// A birth date after the assessment date.
    BornAfter(NaiveDate),
    /// Text (a village code).
    Text(String),
}

impl Seen {
    /// A coded value.
    pub fn code<T: CodeList>(v: T) -> Seen {
        Seen::Code {
            name: v.name(),
            id: v.label(Lang::Id),
            en: v.label(Lang::En),
        }
    }
}

impl Serialize for Seen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Seen::Missing => s.serialize_none(),
            Seen::NotInData => s.serialize_str("not_in_data"),
            Seen::Int(i) => s.serialize_i64(*i),
            Seen::Num(x) => s.serialize_f64((x * 1000.0).round() / 1000.0),
            Seen::Bool(b) => s.serialize_bool(*b),
            Seen::Code { name, .. } => s.serialize_str(name),
            Seen::BornAfter(d) => s.serialize_str(&format!("born after the assessment date: {d}")),
            Seen::Text(t) => s.serialize_str(t),
        }
    }
}

/// One evaluated condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceStep<'r> {
    /// Nesting depth (0 = the programme's top condition).
    pub depth: u16,
    /// The condition (its document form in JSON).
    #[serde(serialize_with = "condition_head")]
    pub condition: &'r Condition,
    /// Where the value was read: `families[0].members[2].birth_date`,
    /// `desil`, `address.village_code`; the unit's path for composites.
    pub path: String,
    /// The value seen (null for composites and missing values).
    pub seen: Seen,
    /// The result.
    pub result: Tri,
}

/// Composites are written by name only (their parts follow as steps).
fn condition_head<S: Serializer>(c: &&Condition, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::AnyMember(_) => {
            s.serialize_str(c.name())
        }
        other => other.serialize(s),
    }
}

/// An amount of money, per payment period and per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// Rupiah per payment period (the year's amount divided evenly, rounded down).
    pub per_period: i64,
    /// The payment period.
    pub period: Period,
    /// Rupiah per year.
    pub per_year: i64,
}

impl Amount {
    fn from_year(per_year: i64, period: Period) -> Amount {
        Amount {
            per_period: per_year / period.per_year(),
            period,
            per_year,
        }
    }
}

/// Why a passing component was not paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotCounted {
    /// The member fits a component of higher value.
    NotHighestForMember,
    /// The component's `max_count` was reached.
    ComponentLimit,
    /// The group's limit was reached.
    GroupLimit,
    /// The unit's cap on components was reached.
    Cap,
}

/// One member × component that passed or could not be decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentLine<'r> {
    /// Component id.
    pub component: &'r str,
    /// The component's name.
    pub name: &'r Text,
    /// The member: `families[0].members[2]`.
    pub member: String,
    /// Pass or undecidable (failing lines are left out).
    pub result: Tri,
    /// Paid?
    pub counted: bool,
    /// Why not, when it passed but is not paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_counted: Option<NotCounted>,
    /// Rupiah per year for this line.
    pub amount_per_year: i64,
    /// The component condition's trace.
    pub trace: Vec<TraceStep<'r>>,
}

/// The decision for one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Eligible.
    Eligible,
    /// Not eligible.
    NotEligible,
    /// The data does not decide it.
    Undecidable,
}

/// One programme × one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision<'r> {
    /// Programme id.
    pub programme: &'r str,
    /// Programme name.
    pub name: &'r Text,
    /// The rule set it was decided under.
    pub rule_set: &'r RuleRef,
    /// The unit kind.
    pub unit: Unit,
    /// The unit: `families[0].members[2]`, `families[0]`, or `` (household).
    pub path: String,
    /// The decision.
    pub outcome: Outcome,
    /// The amount when eligible and the programme pays one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// True when undecidable components could change the amount.
    pub amount_uncertain: bool,
    /// The eligibility condition's trace.
    pub trace: Vec<TraceStep<'r>>,
    /// Component lines (passing or undecidable).
    pub components: Vec<ComponentLine<'r>>,
    /// What the operator must still verify by hand.
    pub manual_checks: &'r [Text],
}

/// Everything decided about one household on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'r> {
    /// Household id.
    pub household: String,
    /// The assessment date.
    pub as_of: NaiveDate,
    /// The village code, digits only.
    pub village_code: String,
    /// Per programme in force (id order), per unit (input order).
    pub decisions: Vec<Decision<'r>>,
    /// Each criteria set in force, evaluated.
    pub criteria: Vec<CriteriaResult>,
}

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Record traces (off: faster, decisions and amounts only).
    pub trace: bool,
    /// Evaluate every criteria set in force into [`Assessment::criteria`].
    pub criteria: bool,
}

impl Options {
    /// Everything (what [`assess`] uses).
    pub const FULL: Options = Options {
        trace: true,
        criteria: true,
    };
    /// Decisions and amounts only: for bulk runs.
    pub const FAST: Options = Options {
        trace: false,
        criteria: false,
    };
}

/// Assesses a household against every programme in force on `as_of`, with
/// traces and criteria.
pub fn assess<'r>(h: &Household, as_of: NaiveDate, rules: &'r RuleSets) -> Assessment<'r> {
    assess_with(h, as_of, rules, Options::FULL)
}

/// Age in completed years on `as_of`: a person is N on the day of their Nth
/// birthday. Someone born on 29 February turns N on 1 March in common years
/// (28 February is still the day before the birthday). `None` when born after
/// `as_of`.
///
/// ```
/// use chrono::NaiveDate;
/// use dtks_core::assess::age_on;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(age_on(d(2019, 6, 1), d(2025, 6, 1)), Some(6));
/// assert_eq!(age_on(d(2019, 6, 1), d(2025, 5, 31)), Some(5));
/// assert_eq!(age_on(d(2016, 2, 29), d(2017, 2, 28)), Some(0));
/// assert_eq!(age_on(d(2016, 2, 29), d(2017, 3, 1)), Some(1));
/// assert_eq!(age_on(d(2016, 2, 29), d(2020, 2, 29)), Some(4));
/// ```
pub fn age_on(birth: NaiveDate, as_of: NaiveDate) -> Option<u32> {
    if birth > as_of {
        return None;
    }
    let years = as_of.year() - birth.year();
    let before_birthday = (as_of.month(), as_of.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}

/// What a member's age is on the date.
#[derive(Debug, Clone, Copy)]
enum AgeFact {
    Known(u32),
    Missing,
    BornAfter(NaiveDate),
}

struct Ctx<'h, 'r> {
    h: &'h Household,
    as_of: NaiveDate,
    rules: &'r RuleSets,
    ages: Vec<Vec<AgeFact>>,
    village: String,
    criteria: Vec<(&'r str, Option<CriteriaResult>)>,
    trace: bool,
}

#[derive(Debug, Clone, Copy)]
struct Scope {
    family: Option<usize>,
    member: Option<(usize, usize)>,
}

/// Assesses with [`Options`].
pub fn assess_with<'r>(
    h: &Household,
    as_of: NaiveDate,
    rules: &'r RuleSets,
    opts: Options,
) -> Assessment<'r> {
    let ages = h
        .families
        .iter()
        .map(|f| {
            f.members
                .iter()
                .map(|m| match m.birth_date {
                    None => AgeFact::Missing,
                    Some(b) => age_on(b, as_of).map_or(AgeFact::BornAfter(b), AgeFact::Known),
                })
                .collect()
        })
        .collect();
    let village: String = h
        .address
        .village_code
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let mut ctx = Ctx {
        h,
        as_of,
        rules,
        ages,
        village,
        criteria: Vec::new(),
        trace: opts.trace,
    };
    let mut decisions = Vec::new();
    for (p, r) in rules.programmes_in_force(as_of) {
        match p.unit {
            Unit::Member => {
                for (fi, f) in h.families.iter().enumerate() {
                    for mi in 0..f.members.len() {
                        let scope = Scope {
                            family: Some(fi),
                            member: Some((fi, mi)),
                        };
                        decisions.push(decide(
                            &mut ctx,
                            p,
                            r,
                            scope,
                            format!("families[{fi}].members[{mi}]"),
                        ));
                    }
                }
            }
            Unit::Family => {
                for fi in 0..h.families.len() {
                    let scope = Scope {
                        family: Some(fi),
                        member: None,
                    };
                    decisions.push(decide(&mut ctx, p, r, scope, format!("families[{fi}]")));
                }
            }
            Unit::Household => {
                let scope = Scope {
                    family: None,
                    member: None,
                };
                decisions.push(decide(&mut ctx, p, r, scope, String::new()));
            }
        }
    }
    let criteria = if opts.criteria {
        rules
            .criteria_in_force(as_of)
            .into_iter()
            .map(|(set, r)| criteria::evaluate(set, r, h))
            .collect()
    } else {
        Vec::new()
    };
    Assessment {
        household: h.id.clone(),
        as_of,
        village_code: ctx.village,
        decisions,
        criteria,
    }
}

fn decide<'r>(
    ctx: &mut Ctx<'_, 'r>,
    p: &'r Programme,
    r: &'r RuleRef,
    scope: Scope,
    path: String,
) -> Decision<'r> {
    let mut trace = Vec::new();
    let elig = eval(ctx, &p.eligibility, scope, 0, &mut trace);
    let mut lines: Vec<ComponentLine<'r>> = Vec::new();
    let mut outcome_components = Tri::Pass;
    let mut amount = None;
    let mut uncertain = false;
    if !p.components.is_empty() {
        // Members the components are read from.
        let members: Vec<(usize, usize)> = match (scope.member, scope.family) {
            (Some(m), _) => vec![m],
            (None, Some(fi)) => (0..ctx.h.families.get(fi).map_or(0, |f| f.members.len()))
                .map(|mi| (fi, mi))
                .collect(),
            (None, None) => ctx
                .h
                .families
                .iter()
                .enumerate()
                .flat_map(|(fi, f)| (0..f.members.len()).map(move |mi| (fi, mi)))
                .collect(),
        };
        // (component index, line)
        let mut passing: Vec<(usize, ComponentLine<'r>)> = Vec::new();
        for (fi, mi) in members {
            let mscope = Scope {
                family: Some(fi),
                member: Some((fi, mi)),
            };
            let start = passing.len();
            for (ci, c) in p.components.iter().enumerate() {
                let mut ctrace = Vec::new();
                let t = eval(ctx, &c.when, mscope, 0, &mut ctrace);
                if t == Tri::Fail {
                    continue;
                }
                passing.push((
                    ci,
                    ComponentLine {
                        component: &c.id,
                        name: &c.name,
                        member: format!("families[{fi}].members[{mi}]"),
                        result: t,
                        counted: t == Tri::Pass,
                        not_counted: None,
                        amount_per_year: c.per_year(),
                        trace: ctrace,
                    },
                ));
            }
            if p.one_component_per_member {
                let mine = passing.get_mut(start..).unwrap_or_default();
                let best = best_component(mine, &p.components);
                for (k, (_, line)) in mine.iter_mut().enumerate() {
                    if line.result == Tri::Pass && Some(k) != best {
                        line.counted = false;
                        line.not_counted = Some(NotCounted::NotHighestForMember);
                    }
                }
            }
        }
        apply_limits(p, &mut passing);
        let total: i64 = passing
            .iter()
            .filter(|(_, l)| l.counted)
            .map(|(_, l)| l.amount_per_year)
            .fold(0i64, i64::saturating_add);
        let any_counted = passing.iter().any(|(_, l)| l.counted);
        uncertain = passing.iter().any(|(_, l)| l.result == Tri::Undecidable);
        outcome_components = if any_counted {
            Tri::Pass
        } else if uncertain {
            Tri::Undecidable
        } else {
            Tri::Fail
        };
        if any_counted {
            amount = Some(Amount::from_year(total, p.payment_period));
        }
        lines = passing.into_iter().map(|(_, l)| l).collect();
    }
    let overall = elig.and(outcome_components);
    let outcome = match overall {
        Tri::Pass => Outcome::Eligible,
        Tri::Fail => Outcome::NotEligible,
        Tri::Undecidable => Outcome::Undecidable,
    };
    if outcome != Outcome::Eligible {
        // Nothing is paid to a unit that is not eligible.
        amount = None;
        lines.iter_mut().for_each(|l| l.counted = false);
    }
    if !ctx.trace {
        lines.iter_mut().for_each(|l| l.trace.clear());
    }
    Decision {
        programme: &p.id,
        name: &p.name,
        rule_set: r,
        unit: p.unit,
        path,
        outcome,
        amount,
        amount_uncertain: outcome == Outcome::Eligible && uncertain,
        trace,
        components: lines,
        manual_checks: &p.manual_checks,
    }
}

/// The passing line of highest yearly value (first in document order on ties).
fn best_component(lines: &[(usize, ComponentLine<'_>)], comps: &[Component]) -> Option<usize> {
    let mut best: Option<(usize, i64, usize)> = None;
    for (k, (ci, l)) in lines.iter().enumerate() {
        if l.result != Tri::Pass {
            continue;
        }
        let v = comps.get(*ci).map_or(0, Component::per_year);
        if best.is_none_or_lower(v, *ci) {
            best = Some((k, v, *ci));
        }
    }
    best.map(|(k, _, _)| k)
}

trait Better {
    fn is_none_or_lower(&self, v: i64, ci: usize) -> bool;
}

impl Better for Option<(usize, i64, usize)> {
    fn is_none_or_lower(&self, v: i64, ci: usize) -> bool {
        match self {
            None => true,
            Some((_, bv, bci)) => v > *bv || (v == *bv && ci < *bci),
        }
    }
}

/// Component max_count, group limits, then the cap by priority.
fn apply_limits(p: &Programme, lines: &mut [(usize, ComponentLine<'_>)]) {
    let mut per_component = vec![0u32; p.components.len()];
    let mut per_group: Vec<(&str, u32)> = Vec::new();
    for (ci, line) in lines.iter_mut() {
        if !line.counted {
            continue;
        }
        let Some(c) = p.components.get(*ci) else {
            continue;
        };
        let Some(n) = per_component.get_mut(*ci) else {
            continue;
        };
        if c.max_count.is_some_and(|max| *n >= max) {
            line.counted = false;
            line.not_counted = Some(NotCounted::ComponentLimit);
            continue;
        }
        if let Some(g) = c.group.as_deref() {
            if let Some(limit) = p.group_limits.get(g) {
                let used = match per_group.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, u)) => u,
                    None => {
                        per_group.push((g, 0));
                        match per_group.last_mut() {
                            Some((_, u)) => u,
                            None => continue,
                        }
                    }
                };
                if *used >= *limit {
                    line.counted = false;
                    line.not_counted = Some(NotCounted::GroupLimit);
                    continue;
                }
                *used += 1;
            }
        }
        *n += 1;
    }
    let Some(cap) = &p.cap else {
        return;
    };
    let rank = |ci: usize| -> usize {
        p.components
            .get(ci)
            .and_then(|c| cap.priority.iter().position(|x| *x == c.id))
            .unwrap_or(cap.priority.len() + ci)
    };
    let mut order: Vec<usize> = (0..lines.len())
        .filter(|k| lines.get(*k).is_some_and(|(_, l)| l.counted))
        .collect();
    order.sort_by_key(|k| (lines.get(*k).map_or(usize::MAX, |(ci, _)| rank(*ci)), *k));
    let max = usize::try_from(cap.max_components).unwrap_or(usize::MAX);
    for k in order.into_iter().skip(max) {
        if let Some((_, l)) = lines.get_mut(k) {
            l.counted = false;
            l.not_counted = Some(NotCounted::Cap);
        }
    }
}

fn member<'h>(ctx: &Ctx<'h, '_>, fi: usize, mi: usize) -> Option<&'h Member> {
    ctx.h.families.get(fi).and_then(|f| f.members.get(mi))
}

fn leaf<'r>(
    ctx: &Ctx<'_, 'r>,
    trace: &mut Vec<TraceStep<'r>>,
    depth: u16,
    c: &'r Condition,
    path: String,
    seen: Seen,
    result: Tri,
) -> Tri {
    if ctx.trace {
        trace.push(TraceStep {
            depth,
            condition: c,
            path,
            seen,
            result,
        });
    }
    result
}

fn in_codes<T: CodeList + PartialEq>(v: Option<T>, list: &[T]) -> (Seen, Tri) {
    match v {
        Some(x) => (Seen::code(x), Tri::from_bool(list.contains(&x))),
        None => (Seen::Missing, Tri::Undecidable),
    }
}

fn flag(v: Option<bool>, want: bool) -> (Seen, Tri) {
    match v {
        Some(b) => (Seen::Bool(b), Tri::from_bool(b == want)),
        None => (Seen::Missing, Tri::Undecidable),
    }
}

fn eval<'r>(
    ctx: &mut Ctx<'_, 'r>,
    c: &'r Condition,
    scope: Scope,
    depth: u16,
    trace: &mut Vec<TraceStep<'r>>,
) -> Tri {
    let unit_path = || match (scope.member, scope.family) {
        (Some((f, m)), _) => format!("families[{f}].members[{m}]"),
        (None, Some(f)) => format!("families[{f}]"),
        (None, None) => String::new(),
    };
    match c {
        Condition::All(parts) | Condition::Any(parts) => {
            let is_all = matches!(c, Condition::All(_));
            let at = trace.len();
            if ctx.trace {
                trace.push(TraceStep {
                    depth,
                    condition: c,
                    path: unit_path(),
                    seen: Seen::Missing,
                    result: Tri::Undecidable,
                });
            }
            let mut acc = if is_all { Tri::Pass } else { Tri::Fail };
            for part in parts {
                let t = eval(ctx, part, scope, depth.saturating_add(1), trace);
                acc = if is_all { acc.and(t) } else { acc.or(t) };
                // Without a trace, stop as soon as the answer is known.
                if !ctx.trace && ((is_all && acc == Tri::Fail) || (!is_all && acc == Tri::Pass)) {
                    break;
                }
            }
            if let Some(step) = trace.get_mut(at) {
                if ctx.trace {
                    step.result = acc;
                }
            }
            acc
        }
        Condition::Not(inner) => {
            let at = trace.len();
            if ctx.trace {
                trace.push(TraceStep {
                    depth,
                    condition: c,
                    path: unit_path(),
                    seen: Seen::Missing,
                    result: Tri::Undecidable,
                });
            }
            let t = eval(ctx, inner, scope, depth.saturating_add(1), trace).not();
            if let (true, Some(step)) = (ctx.trace, trace.get_mut(at)) {
                step.result = t;
            }
            t
        }
        Condition::AnyMember(inner) => {
            let at = trace.len();
            if ctx.trace {
                trace.push(TraceStep {
                    depth,
                    condition: c,
                    path: unit_path(),
                    seen: Seen::Missing,
                    result: Tri::Undecidable,
                });
            }
            let families: Vec<usize> = match scope.family {
                Some(f) => vec![f],
                None => (0..ctx.h.families.len()).collect(),
            };
            let mut acc = Tri::Fail;
            let mut count = 0i64;
            'outer: for fi in families {
                let n = ctx.h.families.get(fi).map_or(0, |f| f.members.len());
                for mi in 0..n {
                    let ms = Scope {
                        family: Some(fi),
                        member: Some((fi, mi)),
                    };
                    let t = eval(ctx, inner, ms, depth.saturating_add(1), trace);
                    if t == Tri::Pass {
                        count += 1;
                    }
                    acc = acc.or(t);
                    if !ctx.trace && acc == Tri::Pass {
                        break 'outer;
                    }
                }
            }
            if let (true, Some(step)) = (ctx.trace, trace.get_mut(at)) {
                step.result = acc;
                step.seen = Seen::Int(count);
            }
            acc
        }
        _ if c.is_member_level() => {
            let Some((fi, mi)) = scope.member else {
                // The loader refuses member conditions outside a member scope.
                return leaf(
                    ctx,
                    trace,
                    depth,
                    c,
                    unit_path(),
                    Seen::Missing,
                    Tri::Undecidable,
                );
            };
            let Some(m) = member(ctx, fi, mi) else {
                return leaf(
                    ctx,
                    trace,
                    depth,
                    c,
                    unit_path(),
                    Seen::Missing,
                    Tri::Undecidable,
                );
            };
            let (field, seen, t) = match c {
                Condition::Age { min, max } => {
                    let fact = ctx
                        .ages
                        .get(fi)
                        .and_then(|f| f.get(mi))
                        .copied()
                        .unwrap_or(AgeFact::Missing);
                    match fact {
                        AgeFact::Known(a) => {
                            let ok = min.is_none_or_le(a) && max.is_none_or_ge(a);
                            ("birth_date", Seen::Int(i64::from(a)), Tri::from_bool(ok))
                        }
                        AgeFact::Missing => ("birth_date", Seen::Missing, Tri::Undecidable),
                        AgeFact::BornAfter(b) => {
                            ("birth_date", Seen::BornAfter(b), Tri::Undecidable)
                        }
                    }
                }
                Condition::Sex(s) => match m.sex {
                    Some(x) => (
                        "sex",
                        Seen::Code {
                            name: if x == Sex::Male { "male" } else { "female" },
                            id: if x == Sex::Male {
                                "laki-laki"
                            } else {
                                "perempuan"
                            },
                            en: if x == Sex::Male { "male" } else { "female" },
                        },
                        Tri::from_bool(x == *s),
                    ),
                    None => ("sex", Seen::Missing, Tri::Undecidable),
                },
                Condition::Relationship(list) => {
                    let (s, t) = in_codes::<Relationship>(m.relationship, list);
                    ("relationship", s, t)
                }
                Condition::HasDisability(want) => {
                    let (s, t) = match m.disability {
                        Some(d) => (
                            Seen::code(d),
                            Tri::from_bool((d != Disability::None) == *want),
                        ),
                        None => (Seen::Missing, Tri::Undecidable),
                    };
                    ("disability", s, t)
                }
                Condition::SevereDisability(want) => {
                    // No disability at all means no severe disability.
                    let v = m.severe_disability.or(match m.disability {
                        Some(Disability::None) => Some(false),
                        _ => None,
                    });
                    let (s, t) = flag(v, *want);
                    ("severe_disability", s, t)
                }
                Condition::Pregnant(want) => {
                    // A man is not pregnant, whatever the field says is missing.
                    let v = m.pregnant.or(match m.sex {
                        Some(Sex::Male) => Some(false),
                        _ => None,
                    });
                    let (s, t) = flag(v, *want);
                    ("pregnant", s, t)
                }
                Condition::Schooling(list) => {
                    let (s, t) = in_codes(m.schooling, list);
                    ("schooling", s, t)
                }
                Condition::Education(list) => {
                    let (s, t) = in_codes(m.education, list);
                    ("education", s, t)
                }
                Condition::Working(want) => {
                    let (s, t) = flag(m.working, *want);
                    ("working", s, t)
                }
                _ => ("", Seen::Missing, Tri::Undecidable),
            };
            if !ctx.trace {
                return t;
            }
            let path = format!("families[{fi}].members[{mi}].{field}");
            leaf(ctx, trace, depth, c, path, seen, t)
        }
        Condition::ResidesIn(prefixes) => {
            let (seen, t) = if ctx.village.is_empty() {
                (Seen::Missing, Tri::Undecidable)
            } else {
                let ok = prefixes.iter().any(|p| ctx.village.starts_with(p.as_str()));
                (Seen::Text(ctx.village.clone()), Tri::from_bool(ok))
            };
            leaf(
                ctx,
                trace,
                depth,
                c,
                "address.village_code".to_owned(),
                seen,
                t,
            )
        }
        Condition::Registered(want) => {
            let (s, t) = flag(ctx.h.registered, *want);
            leaf(ctx, trace, depth, c, "registered".to_owned(), s, t)
        }
        Condition::DesilAtMost(n) => {
            let (s, t) = match ctx.h.desil {
                Some(d) if (1..=10).contains(&d) => {
                    (Seen::Int(d), Tri::from_bool(d <= i64::from(*n)))
                }
                Some(d) => (Seen::Int(d), Tri::Undecidable),
                None => (Seen::Missing, Tri::Undecidable),
            };
            leaf(ctx, trace, depth, c, "desil".to_owned(), s, t)
        }
        Condition::IncomeBelow(x) => {
            let (s, t) = match ctx.h.income_monthly {
                Some(i) => (Seen::Int(i), Tri::from_bool(i < *x)),
                None => (Seen::Missing, Tri::Undecidable),
            };
            leaf(ctx, trace, depth, c, "income_monthly".to_owned(), s, t)
        }
        Condition::CriteriaMetAtLeast { set, count } => {
            let (s, t) = match criteria_result(ctx, set) {
                Some((met, und, _)) => {
                    let t = if met >= *count {
                        Tri::Pass
                    } else if met.saturating_add(und) < *count {
                        Tri::Fail
                    } else {
                        Tri::Undecidable
                    };
                    (Seen::Int(i64::from(met)), t)
                }
                None => (Seen::Missing, Tri::Undecidable),
            };
            leaf(ctx, trace, depth, c, format!("criteria.{set}"), s, t)
        }
        Condition::CriteriaPass(set) => {
            let (s, t) = match criteria_result(ctx, set) {
                Some((met, _, t)) => (Seen::Int(i64::from(met)), t),
                None => (Seen::Missing, Tri::Undecidable),
            };
            leaf(ctx, trace, depth, c, format!("criteria.{set}"), s, t)
        }
        _ => leaf(
            ctx,
            trace,
            depth,
            c,
            unit_path(),
            Seen::Missing,
            Tri::Undecidable,
        ),
    }
}

/// (met, undecidable, threshold) of the set in force, computed once per household.
fn criteria_result<'r>(ctx: &mut Ctx<'_, 'r>, set: &str) -> Option<(u32, u32, Tri)> {
    if let Some((_, r)) = ctx.criteria.iter().find(|(id, _)| *id == set) {
        return r.as_ref().map(|r| (r.met, r.undecidable, r.threshold));
    }
    let found = ctx.rules.criteria_set(set, ctx.as_of);
    let result = found.map(|(s, r)| criteria::evaluate(s, r, ctx.h));
    let out = result.as_ref().map(|r| (r.met, r.undecidable, r.threshold));
    let key: &'r str = found.map_or("", |(s, _)| s.id.as_str());
    if !key.is_empty() {
        ctx.criteria.push((key, result));
    }
    out
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

#[cfg(test)]
mod tests;
