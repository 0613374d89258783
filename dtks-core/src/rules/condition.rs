//! The fixed vocabulary of conditions a programme rule is written in.
//!
//! A condition is a one-key object: the key names the condition, the value is
//! its argument — `{"age": {"min": 0, "max": 6}}`, `{"desil_at_most": 4}`,
//! `{"all": [ … ]}`. The vocabulary is closed: a name outside it is the load
//! error `RULE_UNKNOWN_CONDITION`, never silently false. See
//! `docs/eligibility.md` for the table of names, arguments and data fields.

use super::reader::{index, join, Reader};
use crate::household::codes::{CodeList, Education, Relationship, Schooling};
use crate::id::Sex;
use crate::problem::{Code, Problem};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

/// Every condition name, in documentation order.
pub const CONDITION_NAMES: &[&str] = &[
    "all",
    "any",
    "not",
    "any_member",
    "age",
    "sex",
    "relationship",
    "has_disability",
    "severe_disability",
    "pregnant",
    "schooling",
    "education",
    "working",
    "resides_in",
    "registered",
    "desil_at_most",
    "income_below",
    "criteria_met_at_least",
    "criteria_pass",
];

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// Every one passes (an empty list passes).
    All(Vec<Condition>),
    /// At least one passes (an empty list fails).
    Any(Vec<Condition>),
    /// The inner condition fails.
    Not(Box<Condition>),
    /// Some member of the unit's family (household for a household unit)
    /// passes the inner, member-level condition.
    AnyMember(Box<Condition>),
    /// Member: age in completed years on the assessment date, bounds inclusive.
    Age {
        /// Lowest age allowed.
        min: Option<u32>,
        /// Highest age allowed.
        max: Option<u32>,
    },
    /// Member: sex.
    Sex(Sex),
    /// Member: relationship to the head of the family is one of these.
    Relationship(Vec<Relationship>),
    /// Member: has (true) or has not (false) a disability of any kind.
    HasDisability(bool),
    /// Member: severe disability flag (`disabilitas_berat`) equals this.
    SevereDisability(bool),
    /// Member: pregnancy flag (`hamil`) equals this.
    Pregnant(bool),
    /// Member: current schooling is one of these.
    Schooling(Vec<Schooling>),
    /// Member: highest completed education is one of these.
    Education(Vec<Education>),
    /// Member: worked in the last week (`bekerja`) equals this.
    Working(bool),
    /// Household: the village code starts with one of these digit prefixes.
    ResidesIn(Vec<String>),
    /// Household: registry membership (`terdaftar`) equals this.
    Registered(bool),
    /// Household: desil 1..=N.
    DesilAtMost(u8),
    /// Household: monthly income strictly below this many rupiah.
    IncomeBelow(i64),
    /// Household: at least `count` criteria of the set are met.
    CriteriaMetAtLeast {
        /// Criteria set id.
        set: String,
        /// How many must be met.
        count: u32,
    },
    /// Household: passes the threshold of the criteria set.
    CriteriaPass(String),
}

impl Condition {
    /// True for the conditions read from one member.
    pub fn is_member_level(&self) -> bool {
        matches!(
            self,
            Condition::Age { .. }
                | Condition::Sex(_)
                | Condition::Relationship(_)
                | Condition::HasDisability(_)
                | Condition::SevereDisability(_)
                | Condition::Pregnant(_)
                | Condition::Schooling(_)
                | Condition::Education(_)
                | Condition::Working(_)
        )
    }

    /// The condition's name in the vocabulary.
    pub fn name(&self) -> &'static str {
        match self {
            Condition::All(_) => "all",
            Condition::Any(_) => "any",
            Condition::Not(_) => "not",
            Condition::AnyMember(_) => "any_member",
            Condition::Age { .. } => "age",
            Condition::Sex(_) => "sex",
            Condition::Relationship(_) => "relationship",
            Condition::HasDisability(_) => "has_disability",
            Condition::SevereDisability(_) => "severe_disability",
            Condition::Pregnant(_) => "pregnant",
            Condition::Schooling(_) => "schooling",
            Condition::Education(_) => "education",
            Condition::Working(_) => "working",
            Condition::ResidesIn(_) => "resides_in",
            Condition::Registered(_) => "registered",
            Condition::DesilAtMost(_) => "desil_at_most",
            Condition::IncomeBelow(_) => "income_below",
            Condition::CriteriaMetAtLeast { .. } => "criteria_met_at_least",
            Condition::CriteriaPass(_) => "criteria_pass",
        }
    }

    /// The criteria-set ids this condition refers to (for load-time checks).
    pub fn criteria_sets<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(v) | Condition::Any(v) => v.iter().for_each(|c| c.criteria_sets(out)),
            Condition::Not(c) | Condition::AnyMember(c) => c.criteria_sets(out),
            Condition::CriteriaMetAtLeast { set, .. } | Condition::CriteriaPass(set) => {
                out.push(set)
            }
            _ => {}
        }
    }

    /// The condition as its document form.
    pub fn to_json(&self) -> Value {
        fn names<T: CodeList>(v: &[T]) -> Value {
            Value::Array(v.iter().map(|x| Value::from(x.name())).collect())
        }
        let arg = match self {
            Condition::All(v) | Condition::Any(v) => {
                Value::Array(v.iter().map(Condition::to_json).collect())
            }
            Condition::Not(c) | Condition::AnyMember(c) => c.to_json(),
            Condition::Age { min, max } => {
                let mut m = Map::new();
                if let Some(x) = min {
                    m.insert("min".into(), Value::from(*x));
                }
                if let Some(x) = max {
                    m.insert("max".into(), Value::from(*x));
                }
                Value::Object(m)
            }
            Condition::Sex(s) => Value::from(match s {
                Sex::Male => "male",
                Sex::Female => "female",
            }),
            Condition::Relationship(v) => names(v),
            Condition::Schooling(v) => names(v),
            Condition::Education(v) => names(v),
            Condition::HasDisability(b)
            | Condition::SevereDisability(b)
            | Condition::Pregnant(b)
            | Condition::Working(b)
            | Condition::Registered(b) => Value::Bool(*b),
            Condition::ResidesIn(v) => json!(v),
            Condition::DesilAtMost(n) => Value::from(*n),
            Condition::IncomeBelow(n) => Value::from(*n),
            Condition::CriteriaMetAtLeast { set, count } => json!({"set": set, "count": count}),
            Condition::CriteriaPass(s) => Value::from(s.as_str()),
        };
        let mut m = Map::new();
        m.insert(self.name().to_owned(), arg);
        Value::Object(m)
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Reads a condition at `path`. `member_scope` is true where a member is in
/// scope (a member unit, a component, inside `any_member`); a member-level
/// condition elsewhere is `RULE_CONDITION_SCOPE`.
pub(crate) fn read_condition(
    r: &mut Reader<'_>,
    v: &Value,
    path: &str,
    member_scope: bool,
) -> Option<Condition> {
    let m = r.object(v, path)?;
    let mut keys = m.iter();
    let (Some((name, arg)), None) = (keys.next(), keys.next()) else {
        r.invalid(path, "an object with exactly one condition name as key", v);
        return None;
    };
    let at = join(path, name);
    let c = match name.as_str() {
        "all" | "any" => {
            let items = r.list(arg, &at)?;
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                match read_condition(r, item, &index(&at, i), member_scope) {
                    Some(c) => out.push(c),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            if name == "all" {
                Condition::All(out)
            } else {
                Condition::Any(out)
            }
        }
        "not" => Condition::Not(Box::new(read_condition(r, arg, &at, member_scope)?)),
        "any_member" => Condition::AnyMember(Box::new(read_condition(r, arg, &at, true)?)),
        "age" => {
            let am = r.object(arg, &at)?;
            r.only_keys(am, &["min", "max"], &at);
            let min = match am.get("min") {
                Some(x) => Some(r.count(x, &join(&at, "min"))?),
                None => None,
            };
            let max = match am.get("max") {
                Some(x) => Some(r.count(x, &join(&at, "max"))?),
                None => None,
            };
            if min.is_none() && max.is_none() {
                r.invalid(&at, "an object with min and/or max", arg);
                return None;
            }
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    r.invalid(&at, "min ≤ max", arg);
                    return None;
                }
            }
            Condition::Age { min, max }
        }
        "sex" => match arg.as_str() {
            Some("male") | Some("1") => Condition::Sex(Sex::Male),
            Some("female") | Some("2") => Condition::Sex(Sex::Female),
            _ => {
                r.invalid(&at, "\"male\" or \"female\"", arg);
                return None;
            }
        },
        "relationship" => Condition::Relationship(read_codes(r, arg, &at)?),
        "schooling" => Condition::Schooling(read_codes(r, arg, &at)?),
        "education" => Condition::Education(read_codes(r, arg, &at)?),
        "has_disability" => Condition::HasDisability(r.boolean(arg, &at)?),
        "severe_disability" => Condition::SevereDisability(r.boolean(arg, &at)?),
        "pregnant" => Condition::Pregnant(r.boolean(arg, &at)?),
        "working" => Condition::Working(r.boolean(arg, &at)?),
        "registered" => Condition::Registered(r.boolean(arg, &at)?),
        "resides_in" => {
            let list = r.strings(arg, &at)?;
            let mut out = Vec::with_capacity(list.len());
            for (i, p) in list.iter().enumerate() {
                let digits: String = p.chars().filter(|c| *c != '.').collect();
                if digits.is_empty()
                    || digits.len() > 10
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    r.invalid(
                        &index(&at, i),
                        "a region-code prefix of 1–10 digits (dots allowed)",
                        &Value::from(p.as_str()),
                    );
                    return None;
                }
                out.push(digits);
            }
            if out.is_empty() {
                r.invalid(&at, "at least one region-code prefix", arg);
                return None;
            }
            Condition::ResidesIn(out)
        }
        "desil_at_most" => {
            let n = arg.as_u64().filter(|n| (1..=10).contains(n));
            match n.and_then(|n| u8::try_from(n).ok()) {
                Some(n) => Condition::DesilAtMost(n),
                None => {
                    r.invalid(&at, "a desil 1–10", arg);
                    return None;
                }
            }
        }
        "income_below" => Condition::IncomeBelow(r.amount(arg, &at)?),
        "criteria_met_at_least" => {
            let cm = r.object(arg, &at)?;
            r.only_keys(cm, &["set", "count"], &at);
            let set = r.req_string(cm, "set", &at)?;
            let cv = r.required(cm, "count", &at, "a whole number ≥ 0")?;
            let count = r.count(cv, &join(&at, "count"))?;
            Condition::CriteriaMetAtLeast { set, count }
        }
        "criteria_pass" => Condition::CriteriaPass(r.string(arg, &at)?),
        other => {
            r.push(
                Problem::new(Code::RuleUnknownCondition, at.clone())
                    .with("name", other)
                    .with("known", CONDITION_NAMES.join(", ")),
            );
            return None;
        }
    };
    if c.is_member_level() && !member_scope {
        r.push(Problem::new(Code::RuleConditionScope, at).with("name", name));
        return None;
    }
    Some(c)
}

/// A list of code-list values given by name or export code.
fn read_codes<T: CodeList>(r: &mut Reader<'_>, v: &Value, path: &str) -> Option<Vec<T>> {
    let items = r.list(v, path)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let found = match item {
            Value::String(s) => T::from_name(s),
            Value::Number(n) => n
                .as_u64()
                .and_then(|n| u8::try_from(n).ok())
                .and_then(T::from_code),
            _ => None,
        };
        match found {
            Some(x) => out.push(x),
            None => {
                let names: Vec<&str> = T::ALL.iter().map(|x| x.name()).collect();
                r.invalid(
                    &index(path, i),
                    &format!(
                        "one of {} (or a code {})",
                        names.join(", "),
                        T::code_range()
                    ),
                    item,
                );
                return None;
            }
        }
    }
    if out.is_empty() {
        r.invalid(path, "a non-empty list", v);
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(v: Value, member: bool) -> (Option<Condition>, Vec<Problem>) {
        let mut r = Reader::new("t.json");
        let c = read_condition(&mut r, &v, "eligibility", member);
        (c, r.problems)
    }

    #[test]
    fn reads_and_writes_the_same_shape() {
        let v = json!({"all": [
            {"age": {"min": 6, "max": 21}},
            {"schooling": ["primary", 3]},
            {"not": {"pregnant": true}},
            {"resides_in": ["31"]},
            {"criteria_met_at_least": {"set": "BPS_14", "count": 9}}
        ]});
        let (c, p) = read(v, true);
        assert!(p.is_empty(), "{p:?}");
        let c = c.unwrap();
        let back = c.to_json();
        assert_eq!(back["all"][1]["schooling"][1], "junior_secondary");
        let (c2, _) = read(back, true);
        assert_eq!(c2.unwrap(), c);
    }

    #[test]
    fn unknown_names_are_named_with_their_path() {
        let (c, p) = read(
            json!({"any": [{"registered": true}, {"age_between": [1, 2]}]}),
            false,
        );
        assert!(c.is_none());
        assert_eq!(p[0].code, Code::RuleUnknownCondition);
        assert_eq!(p[0].path, "eligibility.any[1].age_between");
        assert_eq!(p[0].get("file"), Some("t.json"));
    }

    #[test]
    fn member_conditions_need_a_member_in_scope() {
        let (c, p) = read(json!({"age": {"min": 60}}), false);
        assert!(c.is_none());
        assert_eq!(p[0].code, Code::RuleConditionScope);
        let (c, p) = read(json!({"any_member": {"age": {"min": 60}}}), false);
        assert!(c.is_some(), "{p:?}");
    }

    #[test]
    fn bad_arguments_say_what_was_expected() {
        let (_, p) = read(json!({"desil_at_most": 11}), false);
        assert_eq!(p[0].code, Code::RuleFieldInvalid);
        assert_eq!(p[0].get("expected"), Some("a desil 1–10"));
        let (_, p) = read(json!({"schooling": ["college"]}), true);
        assert_eq!(p[0].path, "eligibility.schooling[0]");
        let (_, p) = read(json!({"age": {"min": 10, "max": 2}}), true);
        assert_eq!(p[0].code, Code::RuleFieldInvalid);
        let (_, p) = read(json!({"registered": true, "desil_at_most": 3}), true);
        assert_eq!(p[0].code, Code::RuleFieldInvalid);
    }
}
