//! The programmes in force compiled into a plan: each condition to a typed
//! node, each component's yearly amount, group limit and cap rank resolved.

use super::{Codes, Comp, Compiled, Op, Plan};
use crate::rules::{Condition, Programme, RuleRef, RuleSets};
use chrono::NaiveDate;

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
}
