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

mod answer;
mod program;
#[cfg(all(test, feature = "generate"))]
mod reference;
mod render;
#[cfg(feature = "process")]
pub(crate) use render::describe as describe_condition;
mod summary;

pub use answer::{AssessmentAnswer, DecisionAnswer};
#[cfg(feature = "bulk")]
pub(crate) use program::{leading_digits, Plan};
pub use program::{Program, Scratch};
pub use summary::{ProgrammeTotals, Summary};

use crate::criteria::CriteriaResult;
use crate::household::Household;
pub use crate::logic::{age_on, Seen, Tri};
use crate::rules::{Condition, Period, RuleRef, RuleSets, Text, Unit};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::borrow::Cow;

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
    /// (A fixed path is borrowed, not allocated: a trace has hundreds.)
    pub path: Cow<'static, str>,
    /// The value seen (null for composites and missing values).
    pub seen: Seen,
    /// The result.
    pub result: Tri,
}

/// Composites are written by name only (their parts follow as steps).
fn condition_head<S: Serializer>(c: &&Condition, s: S) -> Result<S::Ok, S::Error> {
    if c.is_composite() {
        s.serialize_str(c.name())
    } else {
        c.serialize(s)
    }
}

/// An amount of money, per payment period and per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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

impl Outcome {
    /// The name in JSON: `eligible`, `not_eligible`, `undecidable`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::Undecidable => "undecidable",
        }
    }
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

/// Assesses with [`Options`]: compiles the rules for `as_of`
/// ([`Program::new`]) and assesses the household with them. To assess many
/// households on one date, compile once and call [`Program::assess`] or
/// [`Program::decide`].
pub fn assess_with<'r>(
    h: &Household,
    as_of: NaiveDate,
    rules: &'r RuleSets,
    opts: Options,
) -> Assessment<'r> {
    Program::new(rules, as_of).assess(h, opts)
}

#[cfg(test)]
mod tests;
