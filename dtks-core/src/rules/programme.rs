//! A programme rule document: who it targets, under which conditions, what it
//! pays, from when to when, and on whose authority.

use super::condition::{read_condition, Condition};
use crate::problem::{Code, Lang, Problem};
use crate::rulefile::{index, join, read_text, Reader, Text};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Who a programme decides about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Unit {
    /// Each person (PBI-JK, KLJ, KJP Plus, …).
    Member,
    /// Each family card (KK): PKH, Sembako.
    Family,
    /// The household (`id_rt`) as a whole.
    Household,
}

impl Unit {
    /// The name in rule documents and JSON: `member`, `family`, `household`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Unit::Member => "member",
            Unit::Family => "family",
            Unit::Household => "household",
        }
    }

    fn parse(s: &str) -> Option<Unit> {
        match s {
            "member" => Some(Unit::Member),
            "family" => Some(Unit::Family),
            "household" => Some(Unit::Household),
            _ => None,
        }
    }
}

/// A payment period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Period {
    /// A month.
    Month,
    /// Three months (a *tahap* of PKH and Sembako).
    Quarter,
    /// Six months.
    Semester,
    /// A year.
    Year,
}

impl Period {
    /// The name in rule documents and JSON: `month`, `quarter`, `semester`, `year`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Semester => "semester",
            Period::Year => "year",
        }
    }

    /// How many of this period make a year.
    pub const fn per_year(self) -> i64 {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Semester => 2,
            Period::Year => 1,
        }
    }

    /// The name in a language: `bulan` / `month`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Period::Month, Lang::En) => "month",
            (Period::Quarter, Lang::En) => "quarter",
            (Period::Semester, Lang::En) => "semester",
            (Period::Year, Lang::En) => "year",
            (Period::Month, _) => "bulan",
            (Period::Quarter, _) => "triwulan",
            (Period::Semester, _) => "semester",
            (Period::Year, _) => "tahun",
        }
    }

    fn parse(s: &str) -> Option<Period> {
        match s {
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "semester" => Some(Period::Semester),
            "year" => Some(Period::Year),
            _ => None,
        }
    }
}

/// One benefit component: a condition on a member (or on the member unit
/// itself) and the amount it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    /// Stable id inside the programme (`early_childhood`).
    pub id: String,
    /// Name for people.
    pub name: Text,
    /// The condition a member must pass to count (`all: []` = everyone).
    pub when: Condition,
    /// Rupiah per `per`.
    pub amount: i64,
    /// The period the amount is given for.
    pub per: Period,
    /// At most this many members counted for this component per unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_count: Option<u32>,
    /// A group whose members share a limit in `group_limits`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Component {
    /// The amount for a year.
    pub fn per_year(&self) -> i64 {
        self.amount.saturating_mul(self.per.per_year())
    }
}

/// The cap on the number of counted components per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cap {
    /// At most this many member-components are paid per unit.
    pub max_components: u32,
    /// Which components are kept first when there are more (component ids;
    /// components not listed come after, in document order).
    pub priority: Vec<String>,
}

/// A programme rule document (one version, one period of effect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// Stable programme id (`PKH`, `KJP_PLUS`).
    pub id: String,
    /// Version of this document (`2025`, `2023-1`).
    pub version: String,
    /// Name for people.
    pub name: Text,
    /// Who is decided about.
    pub unit: Unit,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force (inclusive); open-ended when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<NaiveDate>,
    /// Legal and factual sources, as citations.
    pub sources: Vec<String>,
    /// Notes on encoding choices and uncertain figures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The period payments are presented in.
    pub payment_period: Period,
    /// The unit-level condition.
    pub eligibility: Condition,
    /// Benefit components (empty: a programme without an amount).
    pub components: Vec<Component>,
    /// Limits shared by the components of one group.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub group_limits: BTreeMap<String, u32>,
    /// The cap on counted components per unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    /// A member who fits several components counts once, for the highest.
    pub one_component_per_member: bool,
    /// Conditions the data cannot decide, which the operator must verify.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub manual_checks: Vec<Text>,
}

impl Programme {
    /// In force on `as_of`?
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.effective_from <= as_of && !matches!(self.effective_until, Some(u) if as_of > u)
    }
}

const PROGRAMME_KEYS: &[&str] = &[
    "kind",
    "id",
    "version",
    "name",
    "unit",
    "effective_from",
    "effective_until",
    "sources",
    "notes",
    "payment_period",
    "eligibility",
    "components",
    "group_limits",
    "cap",
    "one_component_per_member",
    "manual_checks",
];

/// Reads a programme document from its object.
pub(crate) fn read_programme(r: &mut Reader<'_>, m: &Map<String, Value>) -> Option<Programme> {
    r.only_keys(m, PROGRAMME_KEYS, "");
    let id = r.req_string(m, "id", "");
    let version = r.req_string(m, "version", "");
    let name = r
        .required(m, "name", "", "{id, en} text")
        .and_then(|v| read_text(r, v, "name"));
    let unit = r
        .required(m, "unit", "", "member, family or household")
        .and_then(|v| {
            let u = v.as_str().and_then(Unit::parse);
            if u.is_none() {
                r.invalid("unit", "member, family or household", v);
            }
            u
        });
    let from = r
        .required(m, "effective_from", "", "a date YYYY-MM-DD")
        .and_then(|v| r.date(v, "effective_from"));
    let until = match m.get("effective_until") {
        Some(v) => Some(r.date(v, "effective_until")?),
        None => None,
    };
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            r.push(
                Problem::new(Code::RulePeriodReversed, "effective_until")
                    .with("from", f)
                    .with("until", u),
            );
        }
    }
    let sources = r
        .required(m, "sources", "", "a list of citations")
        .and_then(|v| r.strings(v, "sources"));
    if sources.as_ref().is_some_and(Vec::is_empty) {
        r.invalid(
            "sources",
            "at least one citation",
            &Value::Array(Vec::new()),
        );
    }
    let notes = match m.get("notes") {
        Some(v) => r.strings(v, "notes").unwrap_or_default(),
        None => Vec::new(),
    };
    let payment_period = match m.get("payment_period") {
        Some(v) => read_period(r, v, "payment_period"),
        None => Some(Period::Year),
    };
    let member_unit = unit == Some(Unit::Member);
    let eligibility = match m.get("eligibility") {
        Some(v) => read_condition(r, v, "eligibility", member_unit),
        None => Some(Condition::All(Vec::new())),
    };
    let mut components = Vec::new();
    if let Some(v) = m.get("components") {
        if let Some(items) = r.list(v, "components") {
            for (i, item) in items.iter().enumerate() {
                if let Some(c) = read_component(r, item, &index("components", i)) {
                    if components.iter().any(|x: &Component| x.id == c.id) {
                        r.invalid(
                            &index("components", i),
                            "a component id not used before",
                            &Value::from(c.id.as_str()),
                        );
                    }
                    components.push(c);
                }
            }
        }
    }
    let mut group_limits = BTreeMap::new();
    if let Some(v) = m.get("group_limits") {
        if let Some(gm) = r.object(v, "group_limits") {
            for (k, gv) in gm {
                let at = join("group_limits", k);
                if let Some(n) = r.count(gv, &at) {
                    if !components
                        .iter()
                        .any(|c| c.group.as_deref() == Some(k.as_str()))
                    {
                        r.invalid(
                            &at,
                            "the name of a group used by a component",
                            &Value::from(k.as_str()),
                        );
                    }
                    group_limits.insert(k.clone(), n);
                }
            }
        }
    }
    let cap = match m.get("cap") {
        Some(v) => read_cap(r, v, &components),
        None => None,
    };
    let one = match m.get("one_component_per_member") {
        Some(v) => r.boolean(v, "one_component_per_member").unwrap_or(true),
        None => true,
    };
    let mut manual_checks = Vec::new();
    if let Some(v) = m.get("manual_checks") {
        if let Some(items) = r.list(v, "manual_checks") {
            for (i, item) in items.iter().enumerate() {
                if let Some(t) = read_text(r, item, &index("manual_checks", i)) {
                    manual_checks.push(t);
                }
            }
        }
    }
    Some(Programme {
        id: id?,
        version: version?,
        name: name?,
        unit: unit?,
        effective_from: from?,
        effective_until: until,
        sources: sources?,
        notes,
        payment_period: payment_period?,
        eligibility: eligibility?,
        components,
        group_limits,
        cap,
        one_component_per_member: one,
        manual_checks,
    })
}

fn read_period(r: &mut Reader<'_>, v: &Value, path: &str) -> Option<Period> {
    let p = v.as_str().and_then(Period::parse);
    if p.is_none() {
        r.invalid(path, "month, quarter, semester or year", v);
    }
    p
}

fn read_component(r: &mut Reader<'_>, v: &Value, path: &str) -> Option<Component> {
    let m = r.object(v, path)?;
    r.only_keys(
        m,
        &["id", "name", "when", "amount", "per", "max_count", "group"],
        path,
    );
    let id = r.req_string(m, "id", path);
    let name = r
        .required(m, "name", path, "{id, en} text")
        .and_then(|v| read_text(r, v, &join(path, "name")));
    let when = match m.get("when") {
        Some(w) => read_condition(r, w, &join(path, "when"), true),
        None => Some(Condition::All(Vec::new())),
    };
    let amount = r
        .required(m, "amount", path, "a whole number of rupiah")
        .and_then(|a| r.amount(a, &join(path, "amount")));
    let per = r
        .required(m, "per", path, "month, quarter, semester or year")
        .and_then(|p| read_period(r, p, &join(path, "per")));
    let max_count = match m.get("max_count") {
        Some(x) => Some(r.count(x, &join(path, "max_count"))?),
        None => None,
    };
    let group = r.opt_string(m, "group", path);
    Some(Component {
        id: id?,
        name: name?,
        when: when?,
        amount: amount?,
        per: per?,
        max_count,
        group,
    })
}

fn read_cap(r: &mut Reader<'_>, v: &Value, components: &[Component]) -> Option<Cap> {
    let m = r.object(v, "cap")?;
    r.only_keys(m, &["max_components", "priority"], "cap");
    let max = r
        .required(m, "max_components", "cap", "a whole number ≥ 0")
        .and_then(|x| r.count(x, "cap.max_components"));
    let priority = match m.get("priority") {
        Some(p) => r.strings(p, "cap.priority")?,
        None => Vec::new(),
    };
    for (i, p) in priority.iter().enumerate() {
        if !components.iter().any(|c| &c.id == p) {
            r.invalid(
                &index("cap.priority", i),
                "the id of a component of this programme",
                &Value::from(p.as_str()),
            );
        }
    }
    Some(Cap {
        max_components: max?,
        priority,
    })
}
