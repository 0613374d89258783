//! The fixed vocabulary of conditions a programme rule is written in.
//!
//! A condition is a one-key object: the key names the condition, the value is
//! its argument — `{"age": {"min": 0, "max": 6}}`, `{"desil_at_most": 4}`,
//! `{"all": [ … ]}`. The vocabulary is closed: a name outside it is the load
//! error `RULE_UNKNOWN_CONDITION`, never silently false. See
//! `docs/eligibility.md` for the table of names, arguments and data fields.

use crate::household::codes::{CodeList, Education, Relationship, Schooling};
use crate::id::Sex;
use crate::problem::{Code, Problem};
use crate::rulefile::{index, join, Reader};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

/// What a condition reads, and so where it may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Combines other conditions (`all`, `any`, `not`, `any_member`).
    Composite,
    /// Reads one member: only where a member is in scope.
    Member,
    /// Reads the household (or the unit): anywhere.
    Household,
}

/// The name of each condition of the vocabulary, without its argument.
///
/// [`Condition::kind`] is the one place a condition maps to its kind, and
/// every use of the vocabulary matches on it without a catch-all, so a new
/// condition does not compile until it is read, written, evaluated and
/// rendered everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConditionKind {
    /// `all`
    All,
    /// `any`
    Any,
    /// `not`
    Not,
    /// `any_member`
    AnyMember,
    /// `age`
    Age,
    /// `sex`
    Sex,
    /// `relationship`
    Relationship,
    /// `has_disability`
    HasDisability,
    /// `severe_disability`
    SevereDisability,
    /// `pregnant`
    Pregnant,
    /// `schooling`
    Schooling,
    /// `education`
    Education,
    /// `working`
    Working,
    /// `resides_in`
    ResidesIn,
    /// `registered`
    Registered,
    /// `desil_at_most`
    DesilAtMost,
    /// `income_below`
    IncomeBelow,
    /// `criteria_met_at_least`
    CriteriaMetAtLeast,
    /// `criteria_pass`
    CriteriaPass,
}

/// One entry of the vocabulary: the table the reader, the writer, the
/// scope check, the error for an unknown name and `docs/eligibility.md`
/// ("The condition vocabulary", generated from it) all take their words
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConditionSpec {
    /// Which condition.
    pub kind: ConditionKind,
    /// Its name in a rule document.
    pub name: &'static str,
    /// Where it may stand.
    pub scope: Scope,
    /// Its argument, for the documentation.
    pub argument: &'static str,
    /// The data it reads, for the documentation.
    pub reads: &'static str,
}

const fn spec(
    kind: ConditionKind,
    name: &'static str,
    scope: Scope,
    argument: &'static str,
    reads: &'static str,
) -> ConditionSpec {
    ConditionSpec {
        kind,
        name,
        scope,
        argument,
        reads,
    }
}

/// The condition vocabulary, in documentation order and in the order of
/// [`ConditionKind`] (`VOCABULARY[kind as usize].kind == kind`).
///
/// ```
/// use dtks_core::rules::{ConditionKind, Scope, VOCABULARY};
/// let age = ConditionKind::from_name("age").unwrap();
/// assert_eq!(age.spec().scope, Scope::Member);
/// assert!(VOCABULARY.iter().any(|s| s.name == "desil_at_most"));
/// assert_eq!(ConditionKind::from_name("age_between"), None);
/// ```
pub const VOCABULARY: &[ConditionSpec] = {
    use ConditionKind as K;
    use Scope::{Composite as C, Household as H, Member as M};
    &[
        spec(K::All, "all", C, "list of conditions", "—"),
        spec(K::Any, "any", C, "list of conditions", "—"),
        spec(K::Not, "not", C, "a condition", "—"),
        spec(
            K::AnyMember,
            "any_member",
            C,
            "a member condition",
            "the members of the unit's family (of the household for a household unit; \
             of the member's own family in a member programme)",
        ),
        spec(
            K::Age,
            "age",
            M,
            "`{min, max}` (either may be absent), inclusive",
            "`birth_date`, completed years on `as_of`",
        ),
        spec(K::Sex, "sex", M, "`\"male\"` / `\"female\"`", "`sex`"),
        spec(
            K::Relationship,
            "relationship",
            M,
            "list of `head`, `spouse`, `child`, `child_in_law`, `grandchild`, `parent`, \
             `household_help`, `other` (or codes 1–8)",
            "`relationship`",
        ),
        spec(
            K::HasDisability,
            "has_disability",
            M,
            "`true` / `false`",
            "`disability` (≠ `none`)",
        ),
        spec(
            K::SevereDisability,
            "severe_disability",
            M,
            "`true` / `false`",
            "`severe_disability`; a member with `disability = none` has none",
        ),
        spec(
            K::Pregnant,
            "pregnant",
            M,
            "`true` / `false`",
            "`pregnant`; a male member is not pregnant",
        ),
        spec(
            K::Schooling,
            "schooling",
            M,
            "list of `not_in_school`, `early_childhood`, `primary`, `junior_secondary`, \
             `senior_secondary`, `vocational`, `university` (or codes 0–6)",
            "`schooling`",
        ),
        spec(
            K::Education,
            "education",
            M,
            "list of `none`, `primary`, `junior_secondary`, `senior_secondary`, `diploma`, \
             `degree` (or 0–5)",
            "`education`",
        ),
        spec(K::Working, "working", M, "`true` / `false`", "`working`"),
        spec(
            K::ResidesIn,
            "resides_in",
            H,
            "list of region-code prefixes (digits, dots allowed)",
            "`address.village_code`",
        ),
        spec(
            K::Registered,
            "registered",
            H,
            "`true` / `false`",
            "`registered` (DTKS/DTSEN membership)",
        ),
        spec(
            K::DesilAtMost,
            "desil_at_most",
            H,
            "1–10",
            "`desil` (official; outside 1–10 is undecidable)",
        ),
        spec(
            K::IncomeBelow,
            "income_below",
            H,
            "rupiah",
            "`income_monthly` (strictly below)",
        ),
        spec(
            K::CriteriaMetAtLeast,
            "criteria_met_at_least",
            H,
            "`{set, count}`",
            "the criteria set of that id in force on `as_of`",
        ),
        spec(
            K::CriteriaPass,
            "criteria_pass",
            H,
            "set id",
            "that set's threshold",
        ),
    ]
};

impl ConditionKind {
    /// Its entry in [`VOCABULARY`].
    pub fn spec(self) -> &'static ConditionSpec {
        // The order is checked by a test; the search is the fallback that
        // cannot be out of step.
        match VOCABULARY.get(self as usize) {
            Some(s) if s.kind == self => s,
            _ => VOCABULARY
                .iter()
                .find(|s| s.kind == self)
                .unwrap_or(&VOCABULARY_ALL),
        }
    }

    /// The kind of a name in a rule document; `None` outside the vocabulary.
    pub fn from_name(name: &str) -> Option<ConditionKind> {
        VOCABULARY.iter().find(|s| s.name == name).map(|s| s.kind)
    }

    /// Its name in a rule document.
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

/// Never reached (every kind is in the table, a test says so): what
/// [`ConditionKind::spec`] gives rather than panic.
const VOCABULARY_ALL: ConditionSpec = spec(ConditionKind::All, "all", Scope::Composite, "", "");

/// The vocabulary's names, comma-separated (the `known` of
/// `RULE_UNKNOWN_CONDITION`).
pub fn condition_names() -> String {
    let names: Vec<&str> = VOCABULARY.iter().map(|s| s.name).collect();
    names.join(", ")
}

/// The table of `docs/eligibility.md`, "The condition vocabulary", as
/// generated from [`VOCABULARY`].
pub fn vocabulary_table() -> String {
    let mut out = String::from("| name | argument | reads | scope |\n|---|---|---|---|\n");
    for s in VOCABULARY {
        let scope = match s.scope {
            Scope::Member => "member",
            Scope::Composite | Scope::Household => "any",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {scope} |\n",
            s.name, s.argument, s.reads
        ));
    }
    out
}

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
    /// Its kind: the one place a condition maps to the vocabulary.
    pub fn kind(&self) -> ConditionKind {
        use ConditionKind as K;
        match self {
            Condition::All(_) => K::All,
            Condition::Any(_) => K::Any,
            Condition::Not(_) => K::Not,
            Condition::AnyMember(_) => K::AnyMember,
            Condition::Age { .. } => K::Age,
            Condition::Sex(_) => K::Sex,
            Condition::Relationship(_) => K::Relationship,
            Condition::HasDisability(_) => K::HasDisability,
            Condition::SevereDisability(_) => K::SevereDisability,
            Condition::Pregnant(_) => K::Pregnant,
            Condition::Schooling(_) => K::Schooling,
            Condition::Education(_) => K::Education,
            Condition::Working(_) => K::Working,
            Condition::ResidesIn(_) => K::ResidesIn,
            Condition::Registered(_) => K::Registered,
            Condition::DesilAtMost(_) => K::DesilAtMost,
            Condition::IncomeBelow(_) => K::IncomeBelow,
            Condition::CriteriaMetAtLeast { .. } => K::CriteriaMetAtLeast,
            Condition::CriteriaPass(_) => K::CriteriaPass,
        }
    }

    /// True for the conditions read from one member.
    pub fn is_member_level(&self) -> bool {
        self.kind().spec().scope == Scope::Member
    }

    /// True for the conditions made of other conditions (`all`, `any`,
    /// `not`, `any_member`): traces write them by name, their parts follow.
    pub fn is_composite(&self) -> bool {
        self.kind().spec().scope == Scope::Composite
    }

    /// The condition's name in the vocabulary.
    pub fn name(&self) -> &'static str {
        self.kind().name()
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
    let Some(kind) = ConditionKind::from_name(name) else {
        r.push(
            Problem::new(Code::RuleUnknownCondition, at.clone())
                .with("name", name.as_str())
                .with("known", condition_names()),
        );
        return None;
    };
    use ConditionKind as K;
    let c = match kind {
        K::All | K::Any => {
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
            if kind == K::All {
                Condition::All(out)
            } else {
                Condition::Any(out)
            }
        }
        K::Not => Condition::Not(Box::new(read_condition(r, arg, &at, member_scope)?)),
        K::AnyMember => Condition::AnyMember(Box::new(read_condition(r, arg, &at, true)?)),
        K::Age => {
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
        K::Sex => match arg.as_str() {
            Some("male") | Some("1") => Condition::Sex(Sex::Male),
            Some("female") | Some("2") => Condition::Sex(Sex::Female),
            _ => {
                r.invalid(&at, "\"male\" or \"female\"", arg);
                return None;
            }
        },
        K::Relationship => Condition::Relationship(read_codes(r, arg, &at)?),
        K::Schooling => Condition::Schooling(read_codes(r, arg, &at)?),
        K::Education => Condition::Education(read_codes(r, arg, &at)?),
        K::HasDisability => Condition::HasDisability(r.boolean(arg, &at)?),
        K::SevereDisability => Condition::SevereDisability(r.boolean(arg, &at)?),
        K::Pregnant => Condition::Pregnant(r.boolean(arg, &at)?),
        K::Working => Condition::Working(r.boolean(arg, &at)?),
        K::Registered => Condition::Registered(r.boolean(arg, &at)?),
        K::ResidesIn => {
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
        K::DesilAtMost => {
            let n = arg.as_u64().filter(|n| (1..=10).contains(n));
            match n.and_then(|n| u8::try_from(n).ok()) {
                Some(n) => Condition::DesilAtMost(n),
                None => {
                    r.invalid(&at, "a desil 1–10", arg);
                    return None;
                }
            }
        }
        K::IncomeBelow => Condition::IncomeBelow(r.amount(arg, &at)?),
        K::CriteriaMetAtLeast => {
            let cm = r.object(arg, &at)?;
            r.only_keys(cm, &["set", "count"], &at);
            let set = r.req_string(cm, "set", &at)?;
            let cv = r.required(cm, "count", &at, "a whole number ≥ 0")?;
            let count = r.count(cv, &join(&at, "count"))?;
            Condition::CriteriaMetAtLeast { set, count }
        }
        K::CriteriaPass => Condition::CriteriaPass(r.string(arg, &at)?),
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
    fn the_vocabulary_is_in_kind_order_and_every_name_reads() {
        for (i, spec) in VOCABULARY.iter().enumerate() {
            assert_eq!(spec.kind as usize, i, "{}", spec.name);
            assert_eq!(ConditionKind::from_name(spec.name), Some(spec.kind));
            assert_eq!(spec.kind.spec(), spec);
        }
        assert_eq!(VOCABULARY.len(), ConditionKind::CriteriaPass as usize + 1);
    }

    /// docs/eligibility.md holds the table generated from the vocabulary
    /// (`UPDATE_VOCABULARY=1` rewrites it).
    #[test]
    fn the_documentation_table_is_the_vocabulary() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/eligibility.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let (a, b) = ("rewrites it) -->\n", "<!-- vocabulary: end -->");
        let start = doc.find(a).expect("begin marker") + a.len();
        let end = doc.find(b).expect("end marker");
        let want = vocabulary_table();
        if doc[start..end] != want {
            if std::env::var_os("UPDATE_VOCABULARY").is_some() {
                let new = format!("{}{want}{}", &doc[..start], &doc[end..]);
                std::fs::write(path, new).unwrap();
            } else {
                panic!("docs/eligibility.md: the condition table differs from VOCABULARY; run with UPDATE_VOCABULARY=1");
            }
        }
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
