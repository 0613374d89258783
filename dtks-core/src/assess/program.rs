//! Rule sets compiled for one date: the programmes in force as flat, typed nodes, evaluated with no string and no allocation per household.
//!
//! [`Program::new`] resolves, once, everything the old engine looked up per
//! household: the programmes in force and their order, each condition to a
//! typed node (code lists to bit sets, region prefixes to bytes, criteria
//! sets to slots), each component's yearly amount, group limit and cap rank.
//! Evaluating a household then reads fields and compares constants.
//!
//! One evaluation serves both uses: [`Program::decide`] gives decisions and
//! amounts only (what bulk runs count), [`Program::assess`] the full
//! [`Assessment`], and its trace (when [`Options::trace`] asks for it) is
//! recorded by the same evaluation, walking the rule documents alongside the
//! nodes they were compiled from.
//!
//! ```
//! use dtks_core::assess::{assess, Outcome, Program, Scratch};
//! use dtks_core::household::Household;
//! use dtks_core::rules::RuleSets;
//! let h: Household = serde_json::from_str(r#"{"id": "R1",
//!   "address": {"village_code": "3201012001"}, "desil": 2, "registered": true,
//!   "families": [{"members": [
//!     {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
//!     {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}"#).unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let program = Program::new(RuleSets::builtin(), as_of);
//! // The same assessment as `assess`, compiled once for many households.
//! assert_eq!(program.assess(&h, dtks_core::assess::Options::FULL), assess(&h, as_of, RuleSets::builtin()));
//! let mut scratch = Scratch::default();
//! let mut pkh = None;
//! program.decide(&h, &mut scratch, |i, outcome, amount| {
//!     if program.programmes()[i].0.id == "PKH" {
//!         pkh = Some((outcome, amount.map(|a| a.per_year)));
//!     }
//! });
//! assert_eq!(pkh, Some((Outcome::Eligible, Some(3_000_000))));
//! ```

use super::{
    age_on, Amount, Assessment, ComponentLine, Decision, NotCounted, Options, Outcome, Seen,
    TraceStep, Tri,
};
use crate::criteria::{self, CriteriaSet};
use crate::household::codes::{CodeList, Disability};
use crate::household::{Household, Member};
use crate::id::Sex;
use crate::rules::{Condition, Period, Programme, RuleRef, RuleSets, Unit};
use chrono::NaiveDate;
use std::borrow::Cow;

/// A set of export-layout codes (0–255), one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Codes([u64; 4]);

impl Codes {
    fn of<T: CodeList>(list: &[T]) -> Codes {
        let mut s = [0u64; 4];
        for x in list {
            let c = x.code();
            if let Some(w) = s.get_mut(usize::from(c >> 6)) {
                *w |= 1 << (c & 63);
            }
        }
        Codes(s)
    }

    fn has(self, c: u8) -> bool {
        self.0
            .get(usize::from(c >> 6))
            .is_some_and(|w| (w >> (c & 63)) & 1 == 1)
    }

    fn test<T: CodeList>(self, v: Option<T>) -> (Seen, Tri) {
        match v {
            Some(x) => (Seen::code(x), Tri::from_bool(self.has(x.code()))),
            None => (Seen::Missing, Tri::Undecidable),
        }
    }
}

/// One compiled condition. Composites name their parts by node index
/// (`All`, `Any`: a range of `Plan::kids`); `ResidesIn` a range of
/// `Plan::prefixes`; criteria conditions a slot of `Plan::criteria`
/// (`None`: no set of that id in force, undecidable).
#[derive(Debug, Clone, Copy)]
enum Op {
    All(u32, u32),
    Any(u32, u32),
    Not(u32),
    AnyMember(u32),
    Age(Option<u32>, Option<u32>),
    Sex(Sex),
    Relationship(Codes),
    HasDisability(bool),
    SevereDisability(bool),
    Pregnant(bool),
    Schooling(Codes),
    Education(Codes),
    Working(bool),
    ResidesIn(u32, u32),
    Registered(bool),
    DesilAtMost(i64),
    IncomeBelow(i64),
    CriteriaAtLeast(Option<u16>, u32),
    CriteriaPass(Option<u16>),
}

/// A component, resolved.
#[derive(Debug, Clone)]
struct Comp {
    when: u32,
    per_year: i64,
    max_count: Option<u32>,
    /// (group slot, limit) when the component's group has a limit.
    group: Option<(usize, u32)>,
    /// Its place in the cap's priority order.
    rank: usize,
}

/// A programme, resolved.
#[derive(Debug, Clone)]
struct Compiled {
    unit: Unit,
    eligibility: u32,
    components: Vec<Comp>,
    one_per_member: bool,
    groups: usize,
    cap: Option<usize>,
    period: Period,
}

/// The compiled form of the programmes in force on a date, without borrowing
/// them: evaluation is handed the documents it was compiled from.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    as_of: NaiveDate,
    progs: Vec<Compiled>,
    nodes: Vec<Op>,
    kids: Vec<u32>,
    prefixes: Vec<String>,
    criteria: Vec<(CriteriaSet, RuleRef)>,
}

/// Buffers reused from household to household by [`Program::decide`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    lines: Vec<Line>,
    order: Vec<usize>,
    per_component: Vec<u32>,
    per_group: Vec<u32>,
}

/// One member × component that did not fail.
#[derive(Debug, Clone, Copy)]
struct Line {
    ci: usize,
    result: Tri,
    counted: bool,
    not_counted: Option<NotCounted>,
}

#[derive(Debug, Clone, Copy)]
struct Scope {
    family: Option<usize>,
    member: Option<(usize, usize)>,
}

impl Scope {
    const HOUSEHOLD: Scope = Scope {
        family: None,
        member: None,
    };

    fn member(fi: usize, mi: usize) -> Scope {
        Scope {
            family: Some(fi),
            member: Some((fi, mi)),
        }
    }

    fn path(self) -> String {
        match (self.member, self.family) {
            (Some((f, m)), _) => member_path(f, m, ""),
            (None, Some(f)) => {
                let mut s = String::with_capacity(16);
                s.push_str("families[");
                push_index(&mut s, f);
                s.push(']');
                s
            }
            (None, None) => String::new(),
        }
    }

    /// The path of a step read from the unit itself.
    fn step_path(self) -> Cow<'static, str> {
        match (self.member, self.family) {
            (None, None) => Cow::Borrowed(""),
            _ => Cow::Owned(self.path()),
        }
    }
}

/// `families[F].members[M]`, then `.field` unless `field` is empty: written
/// without the formatting machinery (traces make thousands of them).
fn member_path(fi: usize, mi: usize, field: &str) -> String {
    let mut s = String::with_capacity(28 + field.len());
    s.push_str("families[");
    push_index(&mut s, fi);
    s.push_str("].members[");
    push_index(&mut s, mi);
    s.push(']');
    if !field.is_empty() {
        s.push('.');
        s.push_str(field);
    }
    s
}

/// Appends `n` in decimal.
fn push_index(s: &mut String, n: usize) {
    if n < 10 {
        s.push(char::from(b'0' + n as u8));
        return;
    }
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = n;
    while n > 0 && at > 0 {
        at -= 1;
        if let Some(b) = buf.get_mut(at) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    s.extend(
        buf.get(at..)
            .unwrap_or_default()
            .iter()
            .map(|b| char::from(*b)),
    );
}

/// How many digits of the village code are kept for prefix tests; a longer
/// prefix is compared against the whole code.
const VILLAGE_DIGITS: usize = 24;
/// Criteria results cached per household (more sets are evaluated per use).
const CRITERIA_CACHE: usize = 8;

/// The first `N` digits of a text (its other characters skipped) and how
/// many digits it has in all.
pub(crate) fn leading_digits<const N: usize>(s: &str) -> ([u8; N], usize) {
    let mut buf = [0u8; N];
    let mut n = 0usize;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        if let Some(slot) = buf.get_mut(n) {
            *slot = b;
        }
        n += 1;
    }
    (buf, n)
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// One household being evaluated.
struct Env<'h> {
    h: &'h Household,
    as_of: NaiveDate,
    village: [u8; VILLAGE_DIGITS],
    village_len: usize,
    criteria: [Option<(u32, u32, Tri)>; CRITERIA_CACHE],
}

impl<'h> Env<'h> {
    fn new(h: &'h Household, as_of: NaiveDate) -> Env<'h> {
        let (village, village_len) = leading_digits(&h.address.village_code);
        Env {
            h,
            as_of,
            village,
            village_len,
            criteria: [None; CRITERIA_CACHE],
        }
    }

    fn member(&self, fi: usize, mi: usize) -> Option<&'h Member> {
        self.h.families.get(fi).and_then(|f| f.members.get(mi))
    }

    fn family_len(&self, fi: usize) -> usize {
        self.h.families.get(fi).map_or(0, |f| f.members.len())
    }

    /// Does the village code (digits only) start with `p`?
    fn village_starts_with(&self, p: &str) -> bool {
        let p = p.as_bytes();
        if p.len() > self.village_len {
            return false;
        }
        match self.village.get(..p.len()) {
            Some(head) if p.len() <= VILLAGE_DIGITS => head == p,
            _ => digits_of(&self.h.address.village_code)
                .as_bytes()
                .starts_with(p),
        }
    }

    /// The members a unit's components are read from, in input order.
    fn members(&self, scope: Scope) -> impl Iterator<Item = (usize, usize)> + 'h {
        let h = self.h;
        let families = match (scope.member, scope.family) {
            (Some(_), _) => 0..0,
            (None, Some(f)) => f..f.saturating_add(1),
            (None, None) => 0..h.families.len(),
        };
        scope.member.into_iter().chain(families.flat_map(move |fi| {
            (0..h.families.get(fi).map_or(0, |f| f.members.len())).map(move |mi| (fi, mi))
        }))
    }
}

fn flag(v: Option<bool>, want: bool) -> (Seen, Tri) {
    match v {
        Some(b) => (Seen::Bool(b), Tri::from_bool(b == want)),
        None => (Seen::Missing, Tri::Undecidable),
    }
}

fn outcome_of(t: Tri) -> Outcome {
    match t {
        Tri::Pass => Outcome::Eligible,
        Tri::Fail => Outcome::NotEligible,
        Tri::Undecidable => Outcome::Undecidable,
    }
}

/// A composite's step, its result filled in after its parts.
fn open<'c>(depth: u16, c: &'c Condition, scope: Scope) -> TraceStep<'c> {
    TraceStep {
        depth,
        condition: c,
        path: scope.step_path(),
        seen: Seen::Missing,
        result: Tri::Undecidable,
    }
}

fn u32_index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Plan {
    /// Compiles `in_force` (the programmes in force on `as_of`, in id order).
    pub(crate) fn compile(
        in_force: &[(&Programme, &RuleRef)],
        rules: &RuleSets,
        as_of: NaiveDate,
    ) -> Plan {
        let mut plan = Plan {
            as_of,
            progs: Vec::with_capacity(in_force.len()),
            nodes: Vec::new(),
            kids: Vec::new(),
            prefixes: Vec::new(),
            criteria: Vec::new(),
        };
        for (p, _) in in_force {
            let eligibility = plan.node(&p.eligibility, rules);
            let mut groups: Vec<&str> = Vec::new();
            let mut components = Vec::with_capacity(p.components.len());
            for (ci, c) in p.components.iter().enumerate() {
                let when = plan.node(&c.when, rules);
                let group = c.group.as_deref().and_then(|g| {
                    let limit = *p.group_limits.get(g)?;
                    let slot = match groups.iter().position(|x| *x == g) {
                        Some(k) => k,
                        None => {
                            groups.push(g);
                            groups.len() - 1
                        }
                    };
                    Some((slot, limit))
                });
                let rank = p.cap.as_ref().map_or(ci, |cap| {
                    cap.priority
                        .iter()
                        .position(|x| *x == c.id)
                        .unwrap_or(cap.priority.len().saturating_add(ci))
                });
                components.push(Comp {
                    when,
                    per_year: c.per_year(),
                    max_count: c.max_count,
                    group,
                    rank,
                });
            }
            plan.progs.push(Compiled {
                unit: p.unit,
                eligibility,
                components,
                one_per_member: p.one_component_per_member,
                groups: groups.len(),
                cap: p
                    .cap
                    .as_ref()
                    .map(|c| usize::try_from(c.max_components).unwrap_or(usize::MAX)),
                period: p.payment_period,
            });
        }
        plan
    }

    /// Compiles one condition (its parts first); returns its node.
    fn node(&mut self, c: &Condition, rules: &RuleSets) -> u32 {
        let op = match c {
            Condition::All(parts) | Condition::Any(parts) => {
                let kids: Vec<u32> = parts.iter().map(|p| self.node(p, rules)).collect();
                let first = u32_index(self.kids.len());
                self.kids.extend(&kids);
                let len = u32_index(kids.len());
                if matches!(c, Condition::All(_)) {
                    Op::All(first, len)
                } else {
                    Op::Any(first, len)
                }
            }
            Condition::Not(inner) => Op::Not(self.node(inner, rules)),
            Condition::AnyMember(inner) => Op::AnyMember(self.node(inner, rules)),
            Condition::Age { min, max } => Op::Age(*min, *max),
            Condition::Sex(s) => Op::Sex(*s),
            Condition::Relationship(v) => Op::Relationship(Codes::of(v)),
            Condition::HasDisability(b) => Op::HasDisability(*b),
            Condition::SevereDisability(b) => Op::SevereDisability(*b),
            Condition::Pregnant(b) => Op::Pregnant(*b),
            Condition::Schooling(v) => Op::Schooling(Codes::of(v)),
            Condition::Education(v) => Op::Education(Codes::of(v)),
            Condition::Working(b) => Op::Working(*b),
            Condition::ResidesIn(v) => {
                let first = u32_index(self.prefixes.len());
                self.prefixes.extend(v.iter().cloned());
                Op::ResidesIn(first, u32_index(v.len()))
            }
            Condition::Registered(b) => Op::Registered(*b),
            Condition::DesilAtMost(n) => Op::DesilAtMost(i64::from(*n)),
            Condition::IncomeBelow(x) => Op::IncomeBelow(*x),
            Condition::CriteriaMetAtLeast { set, count } => {
                Op::CriteriaAtLeast(self.criteria_slot(set, rules), *count)
            }
            Condition::CriteriaPass(set) => Op::CriteriaPass(self.criteria_slot(set, rules)),
        };
        self.nodes.push(op);
        u32_index(self.nodes.len() - 1)
    }

    /// The slot of the criteria set of this id in force on the plan's date.
    fn criteria_slot(&mut self, id: &str, rules: &RuleSets) -> Option<u16> {
        let (set, r) = rules.criteria_set(id, self.as_of)?;
        let k = match self.criteria.iter().position(|(s, _)| s.id == set.id) {
            Some(k) => k,
            None => {
                self.criteria.push((set.clone(), r.clone()));
                self.criteria.len() - 1
            }
        };
        u16::try_from(k).ok()
    }

    /// (met, undecidable, threshold) of a criteria slot, once per household.
    fn criteria(&self, env: &mut Env<'_>, slot: Option<u16>) -> Option<(u32, u32, Tri)> {
        let k = usize::from(slot?);
        if let Some(Some(r)) = env.criteria.get(k) {
            return Some(*r);
        }
        let (set, reference) = self.criteria.get(k)?;
        let r = criteria::evaluate(set, reference, env.h);
        let out = (r.met, r.undecidable, r.threshold);
        if let Some(cell) = env.criteria.get_mut(k) {
            *cell = Some(out);
        }
        Some(out)
    }

    /// Evaluates node `n`, compiled from `c`. With `T`, every step is pushed
    /// onto `trace` (and no composite stops early); without, nothing is.
    #[allow(clippy::too_many_arguments)]
    fn eval<'c, const T: bool>(
        &self,
        n: u32,
        c: &'c Condition,
        env: &mut Env<'_>,
        scope: Scope,
        depth: u16,
        trace: &mut Vec<TraceStep<'c>>,
    ) -> Tri {
        let Some(op) = self.nodes.get(n as usize).copied() else {
            return Tri::Undecidable;
        };
        let next = depth.saturating_add(1);
        match op {
            Op::All(first, len) | Op::Any(first, len) => {
                let is_all = matches!(op, Op::All(..));
                let parts: &'c [Condition] = match c {
                    Condition::All(p) | Condition::Any(p) => p,
                    _ => &[],
                };
                let at = trace.len();
                if T {
                    trace.push(open(depth, c, scope));
                }
                let kids = self
                    .kids
                    .get(first as usize..(first as usize).saturating_add(len as usize))
                    .unwrap_or_default();
                let mut acc = if is_all { Tri::Pass } else { Tri::Fail };
                for (&k, part) in kids.iter().zip(parts) {
                    let t = self.eval::<T>(k, part, env, scope, next, trace);
                    acc = if is_all { acc.and(t) } else { acc.or(t) };
                    // Without a trace, stop as soon as the answer is known.
                    if !T && ((is_all && acc == Tri::Fail) || (!is_all && acc == Tri::Pass)) {
                        break;
                    }
                }
                if let (true, Some(step)) = (T, trace.get_mut(at)) {
                    step.result = acc;
                }
                acc
            }
            Op::Not(k) => {
                let inner = match c {
                    Condition::Not(i) => &**i,
                    other => other,
                };
                let at = trace.len();
                if T {
                    trace.push(open(depth, c, scope));
                }
                let t = self.eval::<T>(k, inner, env, scope, next, trace).not();
                if let (true, Some(step)) = (T, trace.get_mut(at)) {
                    step.result = t;
                }
                t
            }
            Op::AnyMember(k) => {
                let inner = match c {
                    Condition::AnyMember(i) => &**i,
                    other => other,
                };
                let at = trace.len();
                if T {
                    trace.push(open(depth, c, scope));
                }
                let families = match scope.family {
                    Some(f) => f..f.saturating_add(1),
                    None => 0..env.h.families.len(),
                };
                let mut acc = Tri::Fail;
                let mut count = 0i64;
                'outer: for fi in families {
                    for mi in 0..env.family_len(fi) {
                        let t = self.eval::<T>(k, inner, env, Scope::member(fi, mi), next, trace);
                        if t == Tri::Pass {
                            count += 1;
                        }
                        acc = acc.or(t);
                        if !T && acc == Tri::Pass {
                            break 'outer;
                        }
                    }
                }
                if let (true, Some(step)) = (T, trace.get_mut(at)) {
                    step.result = acc;
                    step.seen = Seen::Int(count);
                }
                acc
            }
            Op::Age(..)
            | Op::Sex(_)
            | Op::Relationship(_)
            | Op::HasDisability(_)
            | Op::SevereDisability(_)
            | Op::Pregnant(_)
            | Op::Schooling(_)
            | Op::Education(_)
            | Op::Working(_) => {
                let found = scope
                    .member
                    .and_then(|(fi, mi)| Some((fi, mi, env.member(fi, mi)?)));
                let Some((fi, mi, m)) = found else {
                    // The loader refuses member conditions outside a member scope.
                    if T {
                        trace.push(TraceStep {
                            depth,
                            condition: c,
                            path: scope.step_path(),
                            seen: Seen::Missing,
                            result: Tri::Undecidable,
                        });
                    }
                    return Tri::Undecidable;
                };
                let (field, seen, t) = member_leaf(op, m, env.as_of);
                if T {
                    trace.push(TraceStep {
                        depth,
                        condition: c,
                        path: Cow::Owned(member_path(fi, mi, field)),
                        seen,
                        result: t,
                    });
                }
                t
            }
            Op::ResidesIn(..)
            | Op::Registered(_)
            | Op::DesilAtMost(_)
            | Op::IncomeBelow(_)
            | Op::CriteriaAtLeast(..)
            | Op::CriteriaPass(_) => {
                let (seen, t) = self.household_leaf::<T>(op, env);
                if T {
                    let path = match (op, c) {
                        (Op::ResidesIn(..), _) => Cow::Borrowed("address.village_code"),
                        (Op::Registered(_), _) => Cow::Borrowed("registered"),
                        (Op::DesilAtMost(_), _) => Cow::Borrowed("desil"),
                        (Op::IncomeBelow(_), _) => Cow::Borrowed("income_monthly"),
                        (
                            _,
                            Condition::CriteriaMetAtLeast { set, .. }
                            | Condition::CriteriaPass(set),
                        ) => Cow::Owned(["criteria.", set].concat()),
                        _ => scope.step_path(),
                    };
                    trace.push(TraceStep {
                        depth,
                        condition: c,
                        path,
                        seen,
                        result: t,
                    });
                }
                t
            }
        }
    }

    /// A household-level condition: the value seen (only kept with `T`:
    /// the village code is text) and the result.
    fn household_leaf<const T: bool>(&self, op: Op, env: &mut Env<'_>) -> (Seen, Tri) {
        let h = env.h;
        match op {
            Op::ResidesIn(first, len) => {
                if env.village_len == 0 {
                    return (Seen::Missing, Tri::Undecidable);
                }
                let prefixes = self
                    .prefixes
                    .get(first as usize..(first as usize).saturating_add(len as usize))
                    .unwrap_or_default();
                let ok = prefixes.iter().any(|p| env.village_starts_with(p));
                let seen = if T {
                    Seen::Text(digits_of(&h.address.village_code))
                } else {
                    Seen::Missing
                };
                (seen, Tri::from_bool(ok))
            }
            Op::Registered(want) => flag(h.registered, want),
            Op::DesilAtMost(n) => match h.desil {
                Some(d) if (1..=10).contains(&d) => (Seen::Int(d), Tri::from_bool(d <= n)),
                Some(d) => (Seen::Int(d), Tri::Undecidable),
                None => (Seen::Missing, Tri::Undecidable),
            },
            Op::IncomeBelow(x) => match h.income_monthly {
                Some(i) => (Seen::Int(i), Tri::from_bool(i < x)),
                None => (Seen::Missing, Tri::Undecidable),
            },
            Op::CriteriaAtLeast(slot, count) => match self.criteria(env, slot) {
                Some((met, und, _)) => {
                    let t = if met >= count {
                        Tri::Pass
                    } else if met.saturating_add(und) < count {
                        Tri::Fail
                    } else {
                        Tri::Undecidable
                    };
                    (Seen::Int(i64::from(met)), t)
                }
                None => (Seen::Missing, Tri::Undecidable),
            },
            Op::CriteriaPass(slot) => match self.criteria(env, slot) {
                Some((met, _, t)) => (Seen::Int(i64::from(met)), t),
                None => (Seen::Missing, Tri::Undecidable),
            },
            // Not household conditions: composites are evaluated by `eval`,
            // member conditions by `member_leaf` (the reader puts them only
            // where a member is in scope). Listed, not caught, so that a new
            // condition must be placed here or there.
            Op::All(..)
            | Op::Any(..)
            | Op::Not(_)
            | Op::AnyMember(_)
            | Op::Age(..)
            | Op::Sex(_)
            | Op::Relationship(_)
            | Op::HasDisability(_)
            | Op::SevereDisability(_)
            | Op::Pregnant(_)
            | Op::Schooling(_)
            | Op::Education(_)
            | Op::Working(_) => (Seen::Missing, Tri::Undecidable),
        }
    }

    /// One unit's decision and amount, without lines or trace.
    fn decide_fast(
        &self,
        cp: &Compiled,
        p: &Programme,
        env: &mut Env<'_>,
        scope: Scope,
        s: &mut Scratch,
    ) -> (Outcome, Option<Amount>) {
        let mut none = Vec::new();
        let elig = self.eval::<false>(cp.eligibility, &p.eligibility, env, scope, 0, &mut none);
        // Failing eligibility decides, whatever the components say.
        if elig == Tri::Fail || cp.components.is_empty() {
            return (outcome_of(elig), None);
        }
        s.lines.clear();
        for (fi, mi) in env.members(scope) {
            let start = s.lines.len();
            for (ci, (comp, c)) in cp.components.iter().zip(&p.components).enumerate() {
                let ms = Scope::member(fi, mi);
                let t = self.eval::<false>(comp.when, &c.when, env, ms, 0, &mut none);
                if t != Tri::Fail {
                    s.lines.push(Line {
                        ci,
                        result: t,
                        counted: t == Tri::Pass,
                        not_counted: None,
                    });
                }
            }
            if cp.one_per_member {
                one_per_member(cp, s.lines.get_mut(start..).unwrap_or_default());
            }
        }
        limits(cp, s);
        let (outcome, total) = settle(cp, elig, &s.lines);
        let amount = (outcome == Outcome::Eligible).then(|| Amount::from_year(total, cp.period));
        (outcome, amount)
    }

    /// One unit's decision with its component lines, and its traces when
    /// `trace` is set: what [`Program::assess`] gives.
    #[allow(clippy::too_many_arguments)]
    fn decide_full<'c>(
        &self,
        cp: &Compiled,
        (p, r): (&'c Programme, &'c RuleRef),
        env: &mut Env<'_>,
        scope: Scope,
        path: String,
        trace: bool,
        s: &mut Scratch,
    ) -> Decision<'c> {
        let mut steps = Vec::new();
        let elig = if trace {
            self.eval::<true>(cp.eligibility, &p.eligibility, env, scope, 0, &mut steps)
        } else {
            self.eval::<false>(cp.eligibility, &p.eligibility, env, scope, 0, &mut steps)
        };
        let mut lines: Vec<ComponentLine<'c>> = Vec::new();
        let mut outcome = outcome_of(elig);
        let mut amount = None;
        let mut uncertain = false;
        if !cp.components.is_empty() {
            s.lines.clear();
            for (fi, mi) in env.members(scope) {
                let start = s.lines.len();
                for (ci, (comp, c)) in cp.components.iter().zip(&p.components).enumerate() {
                    let ms = Scope::member(fi, mi);
                    let mut ctrace = Vec::new();
                    // A failing line is dropped with its trace: the trace is
                    // recorded only once the line is known to stay (the same
                    // evaluation again, now recording).
                    let t = self.eval::<false>(comp.when, &c.when, env, ms, 0, &mut ctrace);
                    if t == Tri::Fail {
                        continue;
                    }
                    if trace {
                        self.eval::<true>(comp.when, &c.when, env, ms, 0, &mut ctrace);
                    }
                    s.lines.push(Line {
                        ci,
                        result: t,
                        counted: t == Tri::Pass,
                        not_counted: None,
                    });
                    lines.push(ComponentLine {
                        component: &c.id,
                        name: &c.name,
                        member: member_path(fi, mi, ""),
                        result: t,
                        counted: t == Tri::Pass,
                        not_counted: None,
                        amount_per_year: comp.per_year,
                        trace: ctrace,
                    });
                }
                if cp.one_per_member {
                    one_per_member(cp, s.lines.get_mut(start..).unwrap_or_default());
                }
            }
            limits(cp, s);
            for (l, x) in lines.iter_mut().zip(&s.lines) {
                l.counted = x.counted;
                l.not_counted = x.not_counted;
            }
            let total;
            (outcome, total) = settle(cp, elig, &s.lines);
            uncertain = s.lines.iter().any(|l| l.result == Tri::Undecidable);
            if outcome == Outcome::Eligible {
                amount = Some(Amount::from_year(total, cp.period));
            }
        }
        if outcome != Outcome::Eligible {
            // Nothing is paid to a unit that is not eligible.
            lines.iter_mut().for_each(|l| l.counted = false);
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
            trace: steps,
            components: lines,
            manual_checks: &p.manual_checks,
        }
    }

    /// Every unit's decision of every programme, in order: `f(programme
    /// index, outcome, amount)`. `programme(i)` is the document programme
    /// `i` was compiled from.
    pub(crate) fn each<'c>(
        &self,
        programme: impl Fn(usize) -> Option<&'c Programme>,
        h: &Household,
        s: &mut Scratch,
        mut f: impl FnMut(usize, Outcome, Option<Amount>),
    ) {
        let mut env = Env::new(h, self.as_of);
        for (i, cp) in self.progs.iter().enumerate() {
            let Some(p) = programme(i) else {
                continue;
            };
            match cp.unit {
                Unit::Member => {
                    for fi in 0..h.families.len() {
                        for mi in 0..env.family_len(fi) {
                            let (o, a) =
                                self.decide_fast(cp, p, &mut env, Scope::member(fi, mi), s);
                            f(i, o, a);
                        }
                    }
                }
                Unit::Family => {
                    for fi in 0..h.families.len() {
                        let scope = Scope {
                            family: Some(fi),
                            member: None,
                        };
                        let (o, a) = self.decide_fast(cp, p, &mut env, scope, s);
                        f(i, o, a);
                    }
                }
                Unit::Household => {
                    let (o, a) = self.decide_fast(cp, p, &mut env, Scope::HOUSEHOLD, s);
                    f(i, o, a);
                }
            }
        }
    }
}

/// A member-level condition on one member: the field read, the value seen
/// and the result.
fn member_leaf(op: Op, m: &Member, as_of: NaiveDate) -> (&'static str, Seen, Tri) {
    match op {
        Op::Age(min, max) => match m.birth_date {
            None => ("birth_date", Seen::Missing, Tri::Undecidable),
            Some(b) => match age_on(b, as_of) {
                Some(a) => {
                    let ok = min.is_none_or(|x| x <= a) && max.is_none_or(|x| x >= a);
                    ("birth_date", Seen::Int(i64::from(a)), Tri::from_bool(ok))
                }
                None => ("birth_date", Seen::BornAfter(b), Tri::Undecidable),
            },
        },
        Op::Sex(s) => match m.sex {
            Some(x) => {
                let male = x == Sex::Male;
                let seen = Seen::Code {
                    name: if male { "male" } else { "female" },
                    id: if male { "laki-laki" } else { "perempuan" },
                    en: if male { "male" } else { "female" },
                };
                ("sex", seen, Tri::from_bool(x == s))
            }
            None => ("sex", Seen::Missing, Tri::Undecidable),
        },
        Op::Relationship(set) => {
            let (s, t) = set.test(m.relationship);
            ("relationship", s, t)
        }
        Op::HasDisability(want) => match m.disability {
            Some(d) => (
                "disability",
                Seen::code(d),
                Tri::from_bool((d != Disability::None) == want),
            ),
            None => ("disability", Seen::Missing, Tri::Undecidable),
        },
        Op::SevereDisability(want) => {
            // No disability at all means no severe disability.
            let v = m.severe_disability.or(match m.disability {
                Some(Disability::None) => Some(false),
                _ => None,
            });
            let (s, t) = flag(v, want);
            ("severe_disability", s, t)
        }
        Op::Pregnant(want) => {
            // A man is not pregnant, whatever the field says is missing.
            let v = m.pregnant.or(match m.sex {
                Some(Sex::Male) => Some(false),
                _ => None,
            });
            let (s, t) = flag(v, want);
            ("pregnant", s, t)
        }
        Op::Schooling(set) => {
            let (s, t) = set.test(m.schooling);
            ("schooling", s, t)
        }
        Op::Education(set) => {
            let (s, t) = set.test(m.education);
            ("education", s, t)
        }
        Op::Working(want) => {
            let (s, t) = flag(m.working, want);
            ("working", s, t)
        }
        // Not member conditions (see `household_leaf`): listed, not caught.
        Op::All(..)
        | Op::Any(..)
        | Op::Not(_)
        | Op::AnyMember(_)
        | Op::ResidesIn(..)
        | Op::Registered(_)
        | Op::DesilAtMost(_)
        | Op::IncomeBelow(_)
        | Op::CriteriaAtLeast(..)
        | Op::CriteriaPass(_) => ("", Seen::Missing, Tri::Undecidable),
    }
}

/// A member who fits several components counts once, for the passing one of
/// highest yearly value (first in document order on ties).
fn one_per_member(cp: &Compiled, mine: &mut [Line]) {
    let mut best: Option<(usize, i64, usize)> = None;
    for (k, l) in mine.iter().enumerate() {
        if l.result != Tri::Pass {
            continue;
        }
        let v = cp.components.get(l.ci).map_or(0, |c| c.per_year);
        let better = match best {
            None => true,
            Some((_, bv, bci)) => v > bv || (v == bv && l.ci < bci),
        };
        if better {
            best = Some((k, v, l.ci));
        }
    }
    let best = best.map(|(k, _, _)| k);
    for (k, l) in mine.iter_mut().enumerate() {
        if l.result == Tri::Pass && Some(k) != best {
            l.counted = false;
            l.not_counted = Some(NotCounted::NotHighestForMember);
        }
    }
}

/// Component max_count, group limits, then the cap by priority.
fn limits(cp: &Compiled, s: &mut Scratch) {
    s.per_component.clear();
    s.per_component.resize(cp.components.len(), 0);
    s.per_group.clear();
    s.per_group.resize(cp.groups, 0);
    for line in &mut s.lines {
        if !line.counted {
            continue;
        }
        let (Some(c), Some(n)) = (cp.components.get(line.ci), s.per_component.get_mut(line.ci))
        else {
            continue;
        };
        if c.max_count.is_some_and(|max| *n >= max) {
            line.counted = false;
            line.not_counted = Some(NotCounted::ComponentLimit);
            continue;
        }
        if let Some((g, limit)) = c.group {
            if let Some(used) = s.per_group.get_mut(g) {
                if *used >= limit {
                    line.counted = false;
                    line.not_counted = Some(NotCounted::GroupLimit);
                    continue;
                }
                *used += 1;
            }
        }
        *n += 1;
    }
    let Some(max) = cp.cap else {
        return;
    };
    s.order.clear();
    s.order
        .extend((0..s.lines.len()).filter(|k| s.lines.get(*k).is_some_and(|l| l.counted)));
    if s.order.len() <= max {
        return;
    }
    let rank = |k: usize| {
        s.lines
            .get(k)
            .and_then(|l| cp.components.get(l.ci))
            .map_or(usize::MAX, |c| c.rank)
    };
    // Keys are unique (the line's index breaks ties): unstable is stable here.
    s.order.sort_unstable_by_key(|k| (rank(*k), *k));
    for &k in s.order.get(max..).unwrap_or_default() {
        if let Some(l) = s.lines.get_mut(k) {
            l.counted = false;
            l.not_counted = Some(NotCounted::Cap);
        }
    }
}

/// The outcome of a unit with components and the yearly total of its
/// counted lines.
fn settle(cp: &Compiled, elig: Tri, lines: &[Line]) -> (Outcome, i64) {
    let mut total = 0i64;
    let mut any_counted = false;
    let mut uncertain = false;
    for l in lines {
        if l.counted {
            any_counted = true;
            let v = cp.components.get(l.ci).map_or(0, |c| c.per_year);
            total = total.saturating_add(v);
        }
        uncertain |= l.result == Tri::Undecidable;
    }
    let components = if any_counted {
        Tri::Pass
    } else if uncertain {
        Tri::Undecidable
    } else {
        Tri::Fail
    };
    (outcome_of(elig.and(components)), total)
}

/// Rule sets compiled for one date (see the module docs).
#[derive(Debug, Clone)]
pub struct Program<'r> {
    plan: Plan,
    programmes: Vec<(&'r Programme, &'r RuleRef)>,
    criteria: Vec<(&'r CriteriaSet, &'r RuleRef)>,
}

impl<'r> Program<'r> {
    /// Compiles the programmes of `rules` in force on `as_of`.
    pub fn new(rules: &'r RuleSets, as_of: NaiveDate) -> Program<'r> {
        let programmes = rules.programmes_in_force(as_of);
        let plan = Plan::compile(&programmes, rules, as_of);
        Program {
            plan,
            programmes,
            criteria: rules.criteria_in_force(as_of),
        }
    }

    /// The date compiled for.
    pub fn as_of(&self) -> NaiveDate {
        self.plan.as_of
    }

    /// The programmes in force (id order): [`Program::decide`] names them by
    /// index into this list.
    pub fn programmes(&self) -> &[(&'r Programme, &'r RuleRef)] {
        &self.programmes
    }

    /// Every unit's decision and amount, in the order of
    /// [`Assessment::decisions`]: `f(programme index, outcome, amount)`.
    /// Nothing is allocated once `scratch` has grown to the households seen.
    pub fn decide(
        &self,
        h: &Household,
        scratch: &mut Scratch,
        f: impl FnMut(usize, Outcome, Option<Amount>),
    ) {
        self.plan
            .each(|i| self.programmes.get(i).map(|(p, _)| *p), h, scratch, f);
    }

    /// The household's assessment: what [`assess_with`](super::assess_with)
    /// gives for the same rules and date.
    pub fn assess(&self, h: &Household, opts: Options) -> Assessment<'r> {
        let mut env = Env::new(h, self.plan.as_of);
        let mut s = Scratch::default();
        // Sized once: a growing vector of decisions is several large
        // allocations per household, each making the allocator tidy up.
        let members: usize = h.families.iter().map(|f| f.members.len()).sum();
        let units = self.plan.progs.iter().map(|cp| match cp.unit {
            Unit::Member => members,
            Unit::Family => h.families.len(),
            Unit::Household => 1,
        });
        let mut decisions = Vec::with_capacity(units.sum());
        for (&pr, cp) in self.programmes.iter().zip(&self.plan.progs) {
            match cp.unit {
                Unit::Member => {
                    for fi in 0..h.families.len() {
                        for mi in 0..env.family_len(fi) {
                            let scope = Scope::member(fi, mi);
                            let d = self.plan.decide_full(
                                cp,
                                pr,
                                &mut env,
                                scope,
                                scope.path(),
                                opts.trace,
                                &mut s,
                            );
                            decisions.push(d);
                        }
                    }
                }
                Unit::Family => {
                    for fi in 0..h.families.len() {
                        let scope = Scope {
                            family: Some(fi),
                            member: None,
                        };
                        let d = self.plan.decide_full(
                            cp,
                            pr,
                            &mut env,
                            scope,
                            scope.path(),
                            opts.trace,
                            &mut s,
                        );
                        decisions.push(d);
                    }
                }
                Unit::Household => {
                    let d = self.plan.decide_full(
                        cp,
                        pr,
                        &mut env,
                        Scope::HOUSEHOLD,
                        String::new(),
                        opts.trace,
                        &mut s,
                    );
                    decisions.push(d);
                }
            }
        }
        let criteria = if opts.criteria {
            self.criteria
                .iter()
                .map(|(set, r)| criteria::evaluate(set, r, h))
                .collect()
        } else {
            Vec::new()
        };
        Assessment {
            household: h.id.clone(),
            as_of: self.plan.as_of,
            village_code: digits_of(&h.address.village_code),
            decisions,
            criteria,
        }
    }
}
