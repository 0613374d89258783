//! A plan evaluated on one household: the nodes read against its fields,
//! each unit's components counted under their limits and cap, and the trace
//! recorded by the same walk when asked for.

use super::{leading_digits, Compiled, Line, Op, Plan, Scratch};
use crate::assess::{
    age_on, Amount, ComponentLine, Decision, NotCounted, Outcome, Seen, TraceStep, Tri,
};
use crate::criteria;
use crate::household::codes::Disability;
use crate::household::{Household, Member};
use crate::id::Sex;
use crate::rules::{Condition, Programme, RuleRef, Unit};
use chrono::NaiveDate;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    pub(super) family: Option<usize>,
    pub(super) member: Option<(usize, usize)>,
}

impl Scope {
    pub(super) const HOUSEHOLD: Scope = Scope {
        family: None,
        member: None,
    };

    pub(super) fn member(fi: usize, mi: usize) -> Scope {
        Scope {
            family: Some(fi),
            member: Some((fi, mi)),
        }
    }

    pub(super) fn path(self) -> String {
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

pub(super) fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// One household being evaluated.
pub(super) struct Env<'h> {
    h: &'h Household,
    as_of: NaiveDate,
    village: [u8; VILLAGE_DIGITS],
    village_len: usize,
    criteria: [Option<(u32, u32, Tri)>; CRITERIA_CACHE],
}

impl<'h> Env<'h> {
    pub(super) fn new(h: &'h Household, as_of: NaiveDate) -> Env<'h> {
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

    pub(super) fn family_len(&self, fi: usize) -> usize {
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

impl Plan {
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
    /// `trace` is set: what [`Program::assess`](super::Program::assess) gives.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn decide_full<'c>(
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
