//! Assessments as text in Indonesian or English, and as JSON.

use super::{Assessment, ComponentLine, Decision, NotCounted, Outcome, Seen, TraceStep, Tri};
use crate::criteria::{CriteriaResult, Met};
use crate::household::codes::CodeList;
use crate::problem::Lang;
use crate::rules::{Condition, Unit};
use std::fmt::Write;

/// `Rp6.000.000` (Indonesian) or `Rp6,000,000` (English).
pub fn rupiah(amount: i64, lang: Lang) -> String {
    let sep = if lang == Lang::En { ',' } else { '.' };
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if amount < 0 {
        out.push('-');
    }
    out.push_str("Rp");
    let n = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn labels<T: CodeList>(v: &[T], lang: Lang) -> String {
    v.iter()
        .map(|x| x.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A condition in words (its parts are rendered as their own lines).
pub fn describe(c: &Condition, lang: Lang) -> String {
    let en = lang == Lang::En;
    match c {
        Condition::All(_) => (if en { "all of" } else { "semua syarat berikut" }).to_owned(),
        Condition::Any(_) => (if en {
            "any of"
        } else {
            "salah satu syarat berikut"
        })
        .to_owned(),
        Condition::Not(_) => (if en { "not" } else { "tidak" }).to_owned(),
        Condition::AnyMember(_) => (if en {
            "some member of the family"
        } else {
            "ada anggota keluarga yang"
        })
        .to_owned(),
        Condition::Age { min, max } => match (min, max, en) {
            (Some(a), Some(b), true) => format!("age {a}–{b}"),
            (Some(a), Some(b), false) => format!("umur {a}–{b} tahun"),
            (Some(a), None, true) => format!("age {a} or over"),
            (Some(a), None, false) => format!("umur {a} tahun ke atas"),
            (None, Some(b), true) => format!("age at most {b}"),
            (None, Some(b), false) => format!("umur paling tinggi {b} tahun"),
            (None, None, _) => String::new(),
        },
        Condition::Sex(s) => match (s, en) {
            (crate::id::Sex::Male, true) => "male".to_owned(),
            (crate::id::Sex::Female, true) => "female".to_owned(),
            (crate::id::Sex::Male, false) => "laki-laki".to_owned(),
            (crate::id::Sex::Female, false) => "perempuan".to_owned(),
        },
        Condition::Relationship(v) => {
            format!(
                "{}: {}",
                if en {
                    "relationship"
                } else {
                    "hubungan keluarga"
                },
                labels(v, lang)
            )
        }
        Condition::HasDisability(b) => match (b, en) {
            (true, true) => "has a disability".to_owned(),
            (false, true) => "has no disability".to_owned(),
            (true, false) => "penyandang disabilitas".to_owned(),
            (false, false) => "bukan penyandang disabilitas".to_owned(),
        },
        Condition::SevereDisability(b) => match (b, en) {
            (true, true) => "severe disability".to_owned(),
            (false, true) => "no severe disability".to_owned(),
            (true, false) => "disabilitas berat".to_owned(),
            (false, false) => "bukan disabilitas berat".to_owned(),
        },
        Condition::Pregnant(b) => match (b, en) {
            (true, true) => "pregnant".to_owned(),
            (false, true) => "not pregnant".to_owned(),
            (true, false) => "sedang hamil".to_owned(),
            (false, false) => "tidak sedang hamil".to_owned(),
        },
        Condition::Schooling(v) => {
            format!(
                "{}: {}",
                if en {
                    "in school at"
                } else {
                    "sedang bersekolah di"
                },
                labels(v, lang)
            )
        }
        Condition::Education(v) => {
            format!(
                "{}: {}",
                if en {
                    "highest education"
                } else {
                    "pendidikan tertinggi"
                },
                labels(v, lang)
            )
        }
        Condition::Working(b) => match (b, en) {
            (true, true) => "working".to_owned(),
            (false, true) => "not working".to_owned(),
            (true, false) => "bekerja".to_owned(),
            (false, false) => "tidak bekerja".to_owned(),
        },
        Condition::ResidesIn(p) => {
            if en {
                format!(
                    "lives in region code {} (village code prefix)",
                    p.join(" or ")
                )
            } else {
                format!(
                    "berdomisili di wilayah berkode {} (awalan kode desa)",
                    p.join(" atau ")
                )
            }
        }
        Condition::Registered(b) => match (b, en) {
            (true, true) => "registered in DTKS/DTSEN".to_owned(),
            (false, true) => "not registered in DTKS/DTSEN".to_owned(),
            (true, false) => "terdaftar di DTKS/DTSEN".to_owned(),
            (false, false) => "tidak terdaftar di DTKS/DTSEN".to_owned(),
        },
        Condition::DesilAtMost(n) => {
            if en {
                format!("desil 1–{n} (official desil from the data)")
            } else {
                format!("desil 1–{n} (desil resmi dari data)")
            }
        }
        Condition::IncomeBelow(x) => {
            if en {
                format!("household income below {} a month", rupiah(*x, lang))
            } else {
                format!(
                    "penghasilan rumah tangga di bawah {} per bulan",
                    rupiah(*x, lang)
                )
            }
        }
        Condition::CriteriaMetAtLeast { set, count } => {
            if en {
                format!("at least {count} criteria of {set} met")
            } else {
                format!("memenuhi sedikitnya {count} kriteria {set}")
            }
        }
        Condition::CriteriaPass(set) => {
            if en {
                format!("passes the threshold of criteria set {set}")
            } else {
                format!("lolos ambang set kriteria {set}")
            }
        }
    }
}

/// The value seen, in words.
pub fn seen_text(s: &Seen, lang: Lang) -> String {
    let en = lang == Lang::En;
    match s {
        Seen::Missing => (if en { "missing" } else { "tidak diisi" }).to_owned(),
        Seen::NotInData => (if en {
            "not in the data"
        } else {
            "tidak ada dalam data"
        })
        .to_owned(),
        Seen::Int(i) => i.to_string(),
        Seen::Num(x) => format!("{x:.2}"),
        Seen::Bool(b) => match (b, en) {
            (true, true) => "yes".to_owned(),
            (false, true) => "no".to_owned(),
            (true, false) => "ya".to_owned(),
            (false, false) => "tidak".to_owned(),
        },
        Seen::Code { id, en: e, .. } => (if en { *e } else { *id }).to_owned(),
        Seen::BornAfter(d) => {
            if en {
                format!("born {d}, after the assessment date")
            } else {
                format!("lahir {d}, setelah tanggal penilaian")
            }
        }
        Seen::Text(t) => t.clone(),
    }
}

fn mark(t: Tri) -> &'static str {
    match t {
        Tri::Pass => "[v]",
        Tri::Fail => "[x]",
        Tri::Undecidable => "[?]",
    }
}

fn outcome_text(o: Outcome, lang: Lang) -> &'static str {
    match (o, lang) {
        (Outcome::Eligible, Lang::En) => "ELIGIBLE",
        (Outcome::NotEligible, Lang::En) => "NOT ELIGIBLE",
        (Outcome::Undecidable, Lang::En) => "UNDECIDABLE (data missing)",
        (Outcome::Eligible, _) => "LAYAK",
        (Outcome::NotEligible, _) => "TIDAK LAYAK",
        (Outcome::Undecidable, _) => "BELUM DAPAT DIPUTUSKAN (data kurang)",
    }
}

fn unit_text(path: &str, unit: Unit, lang: Lang) -> String {
    if path.is_empty() || unit == Unit::Household {
        return (if lang == Lang::En {
            "household"
        } else {
            "rumah tangga"
        })
        .to_owned();
    }
    path.to_owned()
}

fn is_composite(c: &Condition) -> bool {
    c.is_composite()
}

fn write_trace(out: &mut String, steps: &[TraceStep<'_>], indent: usize, lang: Lang) {
    // An empty `all` (a component without a condition) says nothing.
    if let [only] = steps {
        if matches!(only.condition, Condition::All(v) if v.is_empty()) {
            return;
        }
    }
    for s in steps {
        let pad = " ".repeat(indent + 2 * usize::from(s.depth));
        let composite = s.condition.is_composite();
        let _ = write!(
            out,
            "{pad}{} {}",
            mark(s.result),
            describe(s.condition, lang)
        );
        if !composite {
            let label = if lang == Lang::En { "seen" } else { "nilai" };
            let _ = write!(out, " — {label}: {}", seen_text(&s.seen, lang));
            if !s.path.is_empty() {
                let _ = write!(out, " ({})", s.path);
            }
        }
        out.push('\n');
    }
}

fn write_line(out: &mut String, l: &ComponentLine<'_>, lang: Lang) {
    let en = lang == Lang::En;
    let status = match (l.result, l.counted, l.not_counted) {
        (Tri::Undecidable, _, _) => (if en {
            "undecidable"
        } else {
            "belum dapat diputuskan"
        })
        .to_owned(),
        (_, true, _) => (if en { "counted" } else { "dihitung" }).to_owned(),
        (_, false, Some(NotCounted::NotHighestForMember)) => (if en {
            "not counted: a higher component applies to this member"
        } else {
            "tidak dihitung: komponen lain bernilai lebih tinggi untuk anggota ini"
        })
        .to_owned(),
        (_, false, Some(NotCounted::ComponentLimit)) => (if en {
            "not counted: the component's limit is reached"
        } else {
            "tidak dihitung: batas komponen tercapai"
        })
        .to_owned(),
        (_, false, Some(NotCounted::GroupLimit)) => (if en {
            "not counted: the group's limit is reached"
        } else {
            "tidak dihitung: batas kelompok tercapai"
        })
        .to_owned(),
        (_, false, _) => (if en {
            "not counted: the cap on components is reached"
        } else {
            "tidak dihitung: batas jumlah komponen tercapai"
        })
        .to_owned(),
    };
    let per_year = if en { "a year" } else { "per tahun" };
    let _ = writeln!(
        out,
        "      {} {} — {} {} {per_year} — {status}",
        l.member,
        l.name.get(lang),
        mark(l.result),
        rupiah(l.amount_per_year, lang)
    );
    write_trace(out, &l.trace, 8, lang);
}

fn write_decision(out: &mut String, d: &Decision<'_>, lang: Lang) {
    let en = lang == Lang::En;
    let _ = write!(
        out,
        "  {}: {}",
        unit_text(&d.path, d.unit, lang),
        outcome_text(d.outcome, lang)
    );
    if let Some(a) = &d.amount {
        let per = if en { "a" } else { "per" };
        let _ = write!(
            out,
            " — {} {per} {} ({} {per} {})",
            rupiah(a.per_year, lang),
            crate::rules::Period::Year.label(lang),
            rupiah(a.per_period, lang),
            a.period.label(lang)
        );
        if d.amount_uncertain {
            out.push_str(if en {
                " (could be more: some components undecidable)"
            } else {
                " (bisa lebih: sebagian komponen belum dapat diputuskan)"
            });
        }
    }
    out.push('\n');
    if d.outcome == Outcome::NotEligible {
        // Why not: the conditions that failed (or could not be decided).
        let failing: Vec<TraceStep<'_>> = d
            .trace
            .iter()
            .filter(|s| s.result != Tri::Pass && !is_composite(s.condition))
            .map(|s| TraceStep {
                depth: 0,
                ..s.clone()
            })
            .collect();
        write_trace(out, &failing, 4, lang);
        if failing.is_empty() {
            let _ = writeln!(
                out,
                "    [x] {}",
                if en {
                    "no benefit component applies"
                } else {
                    "tidak ada komponen bantuan yang berlaku"
                }
            );
        }
        return;
    }
    write_trace(out, &d.trace, 4, lang);
    if !d.components.is_empty() {
        let _ = writeln!(out, "    {}:", if en { "components" } else { "komponen" });
        for l in &d.components {
            write_line(out, l, lang);
        }
    }
    if d.outcome != Outcome::NotEligible && !d.manual_checks.is_empty() {
        let _ = writeln!(
            out,
            "    {}:",
            if en {
                "to verify by hand (not in the data)"
            } else {
                "perlu diverifikasi manual (tidak ada dalam data)"
            }
        );
        for m in d.manual_checks {
            let _ = writeln!(out, "      - {}", m.get(lang));
        }
    }
}

fn write_criteria(out: &mut String, c: &CriteriaResult, lang: Lang) {
    let en = lang == Lang::En;
    let verdict = match (c.threshold, en) {
        (Tri::Pass, true) => "threshold passed",
        (Tri::Fail, true) => "threshold not passed",
        (Tri::Undecidable, true) => "threshold undecidable",
        (Tri::Pass, false) => "memenuhi ambang",
        (Tri::Fail, false) => "tidak memenuhi ambang",
        (Tri::Undecidable, false) => "ambang belum dapat diputuskan",
    };
    let _ = writeln!(
        out,
        "{} {} [{} · {}]: {} {}, {} {}, {} {} — {verdict}",
        if en { "Criteria" } else { "Kriteria" },
        c.set.id,
        c.set.version,
        short_hash(&c.set.content_hash),
        c.met,
        if en { "met" } else { "terpenuhi" },
        c.not_met,
        if en { "not met" } else { "tidak terpenuhi" },
        c.undecidable,
        if en {
            "undecidable"
        } else {
            "belum dapat diputuskan"
        },
    );
    for r in &c.results {
        let m = match r.result {
            Met::Met => "[v]",
            Met::NotMet => "[x]",
            Met::Undecidable => "[?]",
        };
        let _ = write!(out, "  {m} {} — {}", r.id, seen_text(&r.seen, lang));
        if !r.path.is_empty() {
            let _ = write!(out, " ({})", r.path);
        }
        if r.proxy {
            out.push_str(if en { " [proxy]" } else { " [pendekatan]" });
        }
        out.push('\n');
    }
}

fn short_hash(h: &str) -> &str {
    h.get(..19).unwrap_or(h)
}

impl Assessment<'_> {
    /// The assessment as text for an operator, in Indonesian or English.
    pub fn to_text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut out = String::with_capacity(4096);
        let _ = writeln!(
            out,
            "{} {} — {} {} — {} {}",
            if en { "Household" } else { "Rumah tangga" },
            self.household,
            if en { "assessed on" } else { "dinilai per" },
            self.as_of,
            if en { "village code" } else { "kode desa" },
            self.village_code
        );
        let mut last: Option<&str> = None;
        for d in &self.decisions {
            if last != Some(d.programme) {
                let _ = writeln!(
                    out,
                    "\n{} — {} [{} {} · {}]",
                    d.programme,
                    d.name.get(lang),
                    if en { "rules" } else { "aturan" },
                    d.rule_set.version,
                    short_hash(&d.rule_set.content_hash)
                );
                last = Some(d.programme);
            }
            write_decision(&mut out, d, lang);
        }
        if !self.criteria.is_empty() {
            out.push('\n');
            for c in &self.criteria {
                write_criteria(&mut out, c, lang);
            }
        }
        out
    }

    /// The assessment as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_groups_by_language() {
        assert_eq!(rupiah(3_000_000, Lang::Id), "Rp3.000.000");
        assert_eq!(rupiah(3_000_000, Lang::En), "Rp3,000,000");
        assert_eq!(rupiah(900, Lang::Id), "Rp900");
        assert_eq!(rupiah(0, Lang::Id), "Rp0");
        assert_eq!(rupiah(-1500, Lang::En), "-Rp1,500");
    }
}
