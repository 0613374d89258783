//! An assessment as an owned, serialisable record: what a face keeps and hands over.
//!
//! [`Assessment`] borrows its rule documents (names, references, manual
//! checks, the conditions of its trace), so it lives no longer than the
//! [`RuleSets`](crate::rules::RuleSets) it was decided under. A face that
//! keeps an answer (a Python object, a cached reply) takes
//! [`Assessment::answer`]: the same content, owned, typed where a caller
//! reads it field by field, and serialised exactly as the assessment is
//! (`dtks assess --json`), so it reads back with serde.
//!
//! ```
//! use dtks_core::assess::{assess, AssessmentAnswer, Outcome};
//! use dtks_core::household::Household;
//! use dtks_core::rules::RuleSets;
//! let h: Household = serde_json::from_str(r#"{"id": "R1",
//!   "address": {"village_code": "3201012001"}, "desil": 2, "registered": true,
//!   "families": [{"members": [
//!     {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
//!     {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}"#).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let a = assess(&h, as_of, RuleSets::builtin());
//! let answer = a.answer();
//! let pkh = answer.find("pkh", None).next().unwrap();
//! assert_eq!(pkh.outcome, Outcome::Eligible);
//! assert_eq!(pkh.amount.map(|m| m.per_year), Some(3_000_000));
//! // Serialised as the assessment itself, and read back whole.
//! let json = serde_json::to_string(&answer).unwrap();
//! assert_eq!(json, serde_json::to_string(&a).unwrap());
//! assert_eq!(serde_json::from_str::<AssessmentAnswer>(&json).unwrap(), answer);
//! ```

use super::{Amount, Assessment, Decision, Outcome};
use crate::rules::{RuleRef, Text, Unit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
#[cfg(test)]
use serde_json::Value;

/// A part of an assessment kept as the JSON text the assessment writes
/// (a trace step, a component line, an evaluated criteria set): their
/// conditions are rule-document values, so they stay in that form, with
/// their keys in the assessment's own order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Written(Box<RawValue>);

impl Written {
    fn of<T: Serialize>(v: &T) -> Written {
        // The assessment's parts always serialise (no map has a key that is
        // not text), so the `null` is never written.
        Written(serde_json::value::to_raw_value(v).unwrap_or_else(|_| RawValue::NULL.to_owned()))
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for Written {
    fn eq(&self, other: &Written) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Everything decided about one household on one date, owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentAnswer {
    /// Household id.
    pub household: String,
    /// The assessment date.
    pub as_of: NaiveDate,
    /// The village code, digits only.
    pub village_code: String,
    /// Per programme in force (id order), per unit (input order).
    pub decisions: Vec<DecisionAnswer>,
    /// Each criteria set in force, evaluated, as the assessment writes it
    /// (`set`, `met`, `not_met`, `undecidable`, `threshold`, `results`).
    pub criteria: Vec<Written>,
}

/// One programme × one unit, owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionAnswer {
    /// Programme id (`PKH`).
    pub programme: String,
    /// Programme name in Indonesian and English.
    pub name: Text,
    /// The rule document it was decided under.
    pub rule_set: RuleRef,
    /// The unit kind.
    pub unit: Unit,
    /// The unit: `families[0].members[2]`, `families[0]`, or `` (household).
    pub path: String,
    /// The decision.
    pub outcome: Outcome,
    /// The amount when eligible and the programme pays one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// True when undecidable components could change the amount.
    pub amount_uncertain: bool,
    /// Every condition evaluated, in order, as the assessment writes it
    /// (`depth`, `condition`, `path`, `seen`, `result`): the conditions are
    /// rule-document values, so a step stays in their document form.
    pub trace: Vec<Written>,
    /// The component lines (member × component), as the assessment writes them.
    pub components: Vec<Written>,
    /// What the operator must still verify by hand.
    pub manual_checks: Vec<Text>,
}

impl AssessmentAnswer {
    /// The decisions of a programme (id, letter case and surrounding spaces
    /// ignored), of one unit path when `unit` is given (`"families[0]"`,
    /// `"families[0].members[2]"`, `""` for the household).
    pub fn find<'a>(
        &'a self,
        programme: &'a str,
        unit: Option<&'a str>,
    ) -> impl Iterator<Item = &'a DecisionAnswer> + 'a {
        let programme = programme.trim();
        self.decisions.iter().filter(move |d| {
            d.programme.eq_ignore_ascii_case(programme) && unit.is_none_or(|u| d.path == u)
        })
    }
}

impl Decision<'_> {
    /// The decision as an owned record ([`DecisionAnswer`]).
    pub fn answer(&self) -> DecisionAnswer {
        DecisionAnswer {
            programme: self.programme.to_owned(),
            name: self.name.clone(),
            rule_set: self.rule_set.clone(),
            unit: self.unit,
            path: self.path.clone(),
            outcome: self.outcome,
            amount: self.amount,
            amount_uncertain: self.amount_uncertain,
            trace: self.trace.iter().map(Written::of).collect(),
            components: self.components.iter().map(Written::of).collect(),
            manual_checks: self.manual_checks.to_vec(),
        }
    }
}

impl Assessment<'_> {
    /// The assessment as an owned record ([`AssessmentAnswer`]), serialised
    /// exactly as the assessment is.
    pub fn answer(&self) -> AssessmentAnswer {
        AssessmentAnswer {
            household: self.household.clone(),
            as_of: self.as_of,
            village_code: self.village_code.clone(),
            decisions: self.decisions.iter().map(Decision::answer).collect(),
            criteria: self.criteria.iter().map(Written::of).collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn json<T: Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }
    use crate::household::Household;
    use crate::rules::RuleSets;

    /// The names the faces give are the JSON names.
    #[test]
    fn names_are_the_json_names() {
        use crate::rules::Period;
        for o in [
            Outcome::Eligible,
            Outcome::NotEligible,
            Outcome::Undecidable,
        ] {
            assert_eq!(json(&o), Value::from(o.as_str()));
        }
        for u in [Unit::Member, Unit::Family, Unit::Household] {
            assert_eq!(json(&u), Value::from(u.as_str()));
        }
        for p in [
            Period::Month,
            Period::Quarter,
            Period::Semester,
            Period::Year,
        ] {
            assert_eq!(json(&p), Value::from(p.as_str()));
        }
    }

    #[test]
    fn find_ignores_case_and_filters_by_unit() {
        let h: Household = serde_json::from_str(
            r#"{"id": "R1", "address": {"village_code": "3201012001"}, "desil": 2,
              "registered": true, "families": [{"members": [
                {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
                {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}"#,
        )
        .unwrap();
        let a = crate::assess::assess(
            &h,
            NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            RuleSets::builtin(),
        )
        .answer();
        let members: Vec<_> = a.find(" pbi_jk ", None).collect();
        assert_eq!(members.len(), 2);
        let second: Vec<_> = a.find("PBI_JK", Some("families[0].members[1]")).collect();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].unit, Unit::Member);
        assert_eq!(a.find("NO_SUCH", None).count(), 0);
    }
}
