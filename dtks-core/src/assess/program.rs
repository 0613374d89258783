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

mod compile;
mod eval;

use super::{Amount, Assessment, NotCounted, Options, Outcome, Seen, Tri};
use crate::criteria::{self, CriteriaSet};
use crate::household::codes::CodeList;
use crate::household::Household;
use crate::id::Sex;
use crate::rules::{Period, Programme, RuleRef, RuleSets, Unit};
use chrono::NaiveDate;
use eval::{digits_of, Env, Scope};

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
