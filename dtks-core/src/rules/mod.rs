//! Programme rules as dated data: documents, their vocabulary, the loader
//! and its checks, and the built-in rule sets.
//!
//! A rule document is JSON or TOML with a `kind`:
//! - `programme` ([`Programme`]): target unit, conditions, components and
//!   amounts, caps, effective dates, sources;
//! - `criteria` ([`CriteriaSet`](crate::criteria::CriteriaSet)): a poverty
//!   criteria set and its threshold;
//! - `pmt` ([`PmtModel`](crate::pmt::PmtModel)): proxy-means-test weights.
//!
//! Every loaded document gets a [`RuleRef`]: its id, version and a SHA-256
//! content hash of a canonical serialization (independent of JSON vs TOML,
//! key order, whitespace and comments), so a decision names exactly the rules
//! it was made under.
//!
//! Loading never panics: a malformed document gives [`Problem`]s with the
//! file, the path inside the document, what was expected, what was found and
//! a stable code (`RULE_PARSE`, `RULE_FIELD_INVALID`, `RULE_UNKNOWN_CONDITION`,
//! `RULE_OVERLAPPING_PERIOD`, `RULE_NEGATIVE_AMOUNT`, …).
//!
//! ```
//! use dtks_core::rules::{Format, RuleSets};
//! let mut sets = RuleSets::builtin().without_programmes();
//! let doc = r#"
//! kind = "programme"
//! id = "BANSOS_LANSIA_3273"
//! version = "2025"
//! name = { id = "Bantuan lansia Kota Bandung", en = "Bandung elderly aid" }
//! unit = "member"
//! effective_from = 2025-01-01
//! sources = ["Perwal (example)"]
//! payment_period = "month"
//! eligibility = { all = [ { resides_in = ["3273"] }, { age = { min = 60 } }, { registered = true } ] }
//! components = [ { id = "base", name = "bantuan", amount = 250000, per = "month" } ]
//! "#;
//! sets.load_str(doc, Format::Toml, "bandung.toml").unwrap();
//! assert_eq!(sets.programmes().count(), 1);
//! let bad = r#"{"kind": "programme", "id": "X", "version": "1", "name": "x", "unit": "member",
//!   "effective_from": "2025-01-01", "sources": ["s"], "eligibility": {"age_over": 60}}"#;
//! let problems = sets.load_str(bad, Format::Json, "x.json").unwrap_err();
//! assert_eq!(problems[0].code.as_str(), "RULE_UNKNOWN_CONDITION");
//! assert_eq!(problems[0].path, "eligibility.age_over");
//! ```

mod builtin;
mod catalogue;
mod condition;
mod programme;

pub use crate::rulefile::{Format, RuleRef, Text};
pub use builtin::BUILTIN_FILES;
pub use catalogue::{DocumentEntry, DocumentKind, ProgrammeEntry};
pub use condition::{
    condition_names, vocabulary_table, Condition, ConditionKind, ConditionSpec, Scope, VOCABULARY,
};
pub use programme::{Cap, Component, Period, Programme, Unit};

use crate::rulefile::{reader, Reader};

use crate::criteria::CriteriaSet;
use crate::pmt::PmtModel;
use crate::problem::{Code, Problem};
use chrono::NaiveDate;

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// One loaded document.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Document {
    /// A programme.
    Programme(Programme),
    /// A criteria set.
    Criteria(CriteriaSet),
    /// A proxy-means-test model.
    Pmt(PmtModel),
}

impl Document {
    /// `programme`, `criteria` or `pmt`.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Programme(_) => "programme",
            Document::Criteria(_) => "criteria",
            Document::Pmt(_) => "pmt",
        }
    }

    /// The canonical serialization: compact JSON of `{"kind", "document"}`
    /// with fields in declaration order and every default made explicit.
    pub fn canonical_json(&self) -> String {
        let doc = match self {
            Document::Programme(p) => serde_json::to_value(p),
            Document::Criteria(c) => serde_json::to_value(c),
            Document::Pmt(m) => serde_json::to_value(m),
        }
        .unwrap_or(serde_json::Value::Null);
        serde_json::json!({"kind": self.kind(), "document": doc}).to_string()
    }

    /// The document's id, version and content hash.
    pub fn reference(&self) -> RuleRef {
        let (id, version) = match self {
            Document::Programme(p) => (&p.id, &p.version),
            Document::Criteria(c) => (&c.id, &c.version),
            Document::Pmt(m) => (&m.id, &m.version),
        };
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        let mut hex = String::with_capacity(71);
        hex.push_str("sha256:");
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        RuleRef {
            id: id.clone(),
            version: version.clone(),
            content_hash: hex,
        }
    }

    fn period(&self) -> (NaiveDate, Option<NaiveDate>) {
        match self {
            Document::Programme(p) => (p.effective_from, p.effective_until),
            Document::Criteria(c) => (c.effective_from, c.effective_until),
            Document::Pmt(m) => (m.effective_from, m.effective_until),
        }
    }
}

/// An open end closed the day before a later start of another version.
fn close_open_end(
    from: NaiveDate,
    until: Option<NaiveDate>,
    other_from: NaiveDate,
) -> Option<NaiveDate> {
    match until {
        None if other_from > from => other_from.pred_opt(),
        u => u,
    }
}

/// Whether an open-ended version has given way, on `as_of`, to a later
/// version of the same id that has begun.
fn superseded(
    id: &str,
    from: NaiveDate,
    until: Option<NaiveDate>,
    as_of: NaiveDate,
    starts: &[(&str, NaiveDate)],
) -> bool {
    until.is_none()
        && starts
            .iter()
            .any(|(other, start)| *other == id && *start > from && *start <= as_of)
}

/// Parses one document (any kind). All problems found are returned.
///
/// ```
/// use dtks_core::rules::{parse_document, Format};
/// let e = parse_document("{\"kind\": \"recipe\"}", Format::Json, "r.json").unwrap_err();
/// assert_eq!(e[0].code.as_str(), "RULE_FIELD_INVALID");
/// assert_eq!(e[0].path, "kind");
/// ```
pub fn parse_document(text: &str, format: Format, file: &str) -> Result<Document, Vec<Problem>> {
    let value = reader::parse_text(text, format, file).map_err(|p| vec![p])?;
    let mut r = Reader::new(file);
    let Some(m) = r.object(&value, "") else {
        return Err(r.problems);
    };
    let kind = r
        .required(m, "kind", "", "programme, criteria or pmt")
        .map(|v| (v, v.as_str()));
    let doc = match kind {
        Some((_, Some("programme"))) => {
            programme::read_programme(&mut r, m).map(Document::Programme)
        }
        Some((_, Some("criteria"))) => {
            crate::criteria::read_criteria_set(&mut r, m).map(Document::Criteria)
        }
        Some((_, Some("pmt"))) => crate::pmt::read_pmt(&mut r, m).map(Document::Pmt),
        Some((v, _)) => {
            r.invalid("kind", "programme, criteria or pmt", v);
            None
        }
        None => None,
    };
    match doc {
        Some(d) if r.problems.is_empty() => Ok(d),
        _ => {
            if r.problems.is_empty() {
                r.problems.push(
                    Problem::new(Code::RuleParse, "")
                        .with("file", file)
                        .with("line", 0)
                        .with("column", 0)
                        .with("detail", "document could not be read"),
                );
            }
            Err(r.problems)
        }
    }
}

/// A collection of loaded rule documents, checked together.
#[derive(Debug, Clone, Default)]
pub struct RuleSets {
    programmes: Vec<(Programme, RuleRef)>,
    criteria: Vec<(CriteriaSet, RuleRef)>,
    pmt: Vec<(PmtModel, RuleRef)>,
    files: Vec<(RuleRef, String)>,
}

static BUILTIN: OnceLock<(RuleSets, Vec<Problem>)> = OnceLock::new();

fn builtin_pair() -> &'static (RuleSets, Vec<Problem>) {
    BUILTIN.get_or_init(|| {
        let mut sets = RuleSets::default();
        let mut problems = Vec::new();
        for (file, text) in BUILTIN_FILES {
            if let Err(p) = sets.load_str(text, Format::from_file_name(file), file) {
                problems.extend(p);
            }
        }
        (sets, problems)
    })
}

impl RuleSets {
    /// No documents.
    pub fn new() -> RuleSets {
        RuleSets::default()
    }

    /// The built-in documents shipped in the crate (`dtks-core/data/rules/`).
    ///
    /// They are checked by the crate's tests; if one ever failed to load it
    /// would be left out and named by [`RuleSets::builtin_problems`].
    pub fn builtin() -> &'static RuleSets {
        &builtin_pair().0
    }

    /// The problems of the built-in documents (empty: a test keeps it so).
    pub fn builtin_problems() -> &'static [Problem] {
        &builtin_pair().1
    }

    /// A copy keeping the criteria sets and PMT models but no programme: the
    /// starting point for a run with its own programme files.
    #[must_use]
    pub fn without_programmes(&self) -> RuleSets {
        let mut s = self.clone();
        s.programmes.clear();
        s.files.retain(|(r, _)| {
            s.criteria.iter().any(|(_, c)| c == r) || s.pmt.iter().any(|(_, c)| c == r)
        });
        s
    }

    /// What a face builds when a user brings documents of their own, the same
    /// on every face: on the built-in programmes (`builtin_programmes`, so a
    /// document adds a programme or a version in another period) or on the
    /// built-in criteria sets and PMT models only (so the documents *replace*
    /// the built-in programmes: `dtks assess --rules FILE…`, Python's
    /// `RuleSet.from_files`, C's `dtks_rules_new_base(false, …)`), then each
    /// document `(text, format, name)` in order. Every problem of every
    /// document, or the set.
    ///
    /// ```
    /// use dtks_core::rules::{Format, RuleSets};
    /// let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let only_criteria = RuleSets::with_documents(false, &[]).unwrap();
    /// assert!(only_criteria.programmes_in_force(on).is_empty());
    /// let bad = RuleSets::with_documents(true, &[("kind = 'programme'", Format::Toml, "x.toml")]);
    /// assert_eq!(bad.unwrap_err()[0].code.as_str(), "RULE_FIELD_MISSING");
    /// ```
    pub fn with_documents(
        builtin_programmes: bool,
        documents: &[(&str, Format, &str)],
    ) -> Result<RuleSets, Vec<Problem>> {
        let mut sets = if builtin_programmes {
            RuleSets::builtin().clone()
        } else {
            RuleSets::builtin().without_programmes()
        };
        let mut problems = Vec::new();
        for (text, format, name) in documents {
            if let Err(p) = sets.load_str(text, *format, name) {
                problems.extend(p);
            }
        }
        if problems.is_empty() {
            Ok(sets)
        } else {
            Err(problems)
        }
    }

    /// Checks documents as [`RuleSets::with_documents`] loads them, keeping
    /// going: the reference of each document that loads and every problem
    /// of those that do not (`dtks rules check`).
    ///
    /// ```
    /// use dtks_core::rules::{Format, RuleSets};
    /// let c = RuleSets::check_documents(true, &[("kind = 'programme'", Format::Toml, "x.toml")]);
    /// assert!(c.ok.is_empty() && c.problems[0].code.as_str() == "RULE_FIELD_MISSING");
    /// ```
    pub fn check_documents(
        builtin_programmes: bool,
        documents: &[(&str, Format, &str)],
    ) -> RulesCheck {
        let mut sets = if builtin_programmes {
            RuleSets::builtin().clone()
        } else {
            RuleSets::builtin().without_programmes()
        };
        let mut check = RulesCheck::default();
        for (text, format, name) in documents {
            match sets.load_str(text, *format, name) {
                Ok(r) => check.ok.push(r),
                Err(p) => check.problems.extend(p),
            }
        }
        check
    }

    /// Parses a document and adds it, with every check: its own problems,
    /// an effective period overlapping another version of the same id
    /// (`RULE_OVERLAPPING_PERIOD`), a criteria set it names that is not
    /// loaded (`RULE_UNKNOWN_CRITERIA_SET`). Nothing is added on error.
    pub fn load_str(
        &mut self,
        text: &str,
        format: Format,
        file: &str,
    ) -> Result<RuleRef, Vec<Problem>> {
        let doc = parse_document(text, format, file)?;
        self.add(doc, file)
    }

    /// Adds a parsed document with the checks of [`RuleSets::load_str`].
    pub fn add(&mut self, doc: Document, file: &str) -> Result<RuleRef, Vec<Problem>> {
        let reference = doc.reference();
        let mut problems = Vec::new();
        let (from, until) = doc.period();
        for (other, other_file) in &self.files {
            if other.id != reference.id || !self.same_kind(other, &doc) {
                continue;
            }
            let Some((of, ou)) = self.period_of(other) else {
                continue;
            };
            // An open-ended version stays in force until the next version of
            // the same id begins: it is superseded, not overlapped.
            let until = close_open_end(from, until, of);
            let ou = close_open_end(of, ou, from);
            let overlap =
                from <= ou.unwrap_or(NaiveDate::MAX) && of <= until.unwrap_or(NaiveDate::MAX);
            if overlap {
                problems.push(
                    Problem::new(Code::RuleOverlappingPeriod, "effective_from")
                        .with("file", file)
                        .with("at", "effective_from")
                        .with("id", &reference.id)
                        .with("version", &reference.version)
                        .with("other_version", &other.version)
                        .with("other_file", other_file),
                );
            }
        }
        if let Document::Programme(p) = &doc {
            let mut sets = Vec::new();
            p.eligibility.criteria_sets(&mut sets);
            for c in &p.components {
                c.when.criteria_sets(&mut sets);
            }
            for s in sets {
                if !self.criteria.iter().any(|(c, _)| c.id == s) {
                    problems.push(
                        Problem::new(Code::RuleUnknownCriteriaSet, "eligibility")
                            .with("file", file)
                            .with("at", "eligibility")
                            .with("set", s),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        self.files.push((reference.clone(), file.to_owned()));
        match doc {
            Document::Programme(p) => self.programmes.push((p, reference.clone())),
            Document::Criteria(c) => self.criteria.push((c, reference.clone())),
            Document::Pmt(m) => self.pmt.push((m, reference.clone())),
        }
        Ok(reference)
    }

    fn same_kind(&self, r: &RuleRef, doc: &Document) -> bool {
        match doc {
            Document::Programme(_) => self.programmes.iter().any(|(_, x)| x == r),
            Document::Criteria(_) => self.criteria.iter().any(|(_, x)| x == r),
            Document::Pmt(_) => self.pmt.iter().any(|(_, x)| x == r),
        }
    }

    fn period_of(&self, r: &RuleRef) -> Option<(NaiveDate, Option<NaiveDate>)> {
        if let Some((p, _)) = self.programmes.iter().find(|(_, x)| x == r) {
            return Some((p.effective_from, p.effective_until));
        }
        if let Some((c, _)) = self.criteria.iter().find(|(_, x)| x == r) {
            return Some((c.effective_from, c.effective_until));
        }
        self.pmt
            .iter()
            .find(|(_, x)| x == r)
            .map(|(m, _)| (m.effective_from, m.effective_until))
    }

    /// Every programme document, with its reference, in load order.
    pub fn programmes(&self) -> impl Iterator<Item = (&Programme, &RuleRef)> {
        self.programmes.iter().map(|(p, r)| (p, r))
    }

    /// The programmes in force on `as_of`, sorted by id. An open-ended
    /// version gives way to a later version of the same id from that
    /// version's `effective_from` on.
    pub fn programmes_in_force(&self, as_of: NaiveDate) -> Vec<(&Programme, &RuleRef)> {
        let starts: Vec<(&str, NaiveDate)> = self
            .programmes
            .iter()
            .map(|(p, _)| (p.id.as_str(), p.effective_from))
            .collect();
        let mut v: Vec<_> = self
            .programmes()
            .filter(|(p, _)| {
                p.in_force(as_of)
                    && !superseded(&p.id, p.effective_from, p.effective_until, as_of, &starts)
            })
            .collect();
        v.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        v
    }

    /// Every criteria set, with its reference.
    pub fn criteria_sets(&self) -> impl Iterator<Item = (&CriteriaSet, &RuleRef)> {
        self.criteria.iter().map(|(c, r)| (c, r))
    }

    /// The criteria sets in force on `as_of`, sorted by id (open-ended
    /// versions give way to later ones, as for programmes).
    pub fn criteria_in_force(&self, as_of: NaiveDate) -> Vec<(&CriteriaSet, &RuleRef)> {
        let starts = self.criteria_starts();
        let mut v: Vec<_> = self
            .criteria_sets()
            .filter(|(c, _)| {
                c.in_force(as_of)
                    && !superseded(&c.id, c.effective_from, c.effective_until, as_of, &starts)
            })
            .collect();
        v.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        v
    }

    /// The criteria set of this id in force on `as_of`.
    pub fn criteria_set(&self, id: &str, as_of: NaiveDate) -> Option<(&CriteriaSet, &RuleRef)> {
        let starts = self.criteria_starts();
        self.criteria_sets().find(|(c, _)| {
            c.id == id
                && c.in_force(as_of)
                && !superseded(&c.id, c.effective_from, c.effective_until, as_of, &starts)
        })
    }

    fn criteria_starts(&self) -> Vec<(&str, NaiveDate)> {
        self.criteria
            .iter()
            .map(|(c, _)| (c.id.as_str(), c.effective_from))
            .collect()
    }

    /// Every PMT model, with its reference.
    pub fn pmt_models(&self) -> impl Iterator<Item = (&PmtModel, &RuleRef)> {
        self.pmt.iter().map(|(m, r)| (m, r))
    }

    /// The file each document came from.
    pub fn file_of(&self, r: &RuleRef) -> Option<&str> {
        self.files
            .iter()
            .find(|(x, _)| x == r)
            .map(|(_, f)| f.as_str())
    }

    /// Finds a document by id (and version if given; otherwise the latest
    /// effective one) as its canonical JSON, pretty-printed.
    pub fn show(&self, id: &str, version: Option<&str>) -> Option<(RuleRef, String)> {
        let (r, v) = self.find_document(id, version)?;
        Some((r, serde_json::to_string_pretty(&v).unwrap_or_default()))
    }

    /// The document [`RuleSets::show`] finds, as one record: its reference
    /// and its canonical form (what `dtks.RuleSet.show` returns).
    ///
    /// ```
    /// let d = dtks_core::rules::RuleSets::builtin().shown("PKH", None).unwrap();
    /// assert_eq!(d.id, "PKH");
    /// assert_eq!(d.document["id"], "PKH");
    /// ```
    pub fn shown(&self, id: &str, version: Option<&str>) -> Option<ShownDocument> {
        let (r, document) = self.find_document(id, version)?;
        Some(ShownDocument {
            id: r.id,
            version: r.version,
            content_hash: r.content_hash,
            document,
        })
    }

    fn find_document(
        &self,
        id: &str,
        version: Option<&str>,
    ) -> Option<(RuleRef, serde_json::Value)> {
        let pick = |r: &RuleRef| r.id == id && version.is_none_or_eq(&r.version);
        let mut found: Vec<(NaiveDate, RuleRef, serde_json::Value)> = Vec::new();
        for (p, r) in &self.programmes {
            if pick(r) {
                found.push((
                    p.effective_from,
                    r.clone(),
                    serde_json::to_value(p).unwrap_or_default(),
                ));
            }
        }
        for (c, r) in &self.criteria {
            if pick(r) {
                found.push((
                    c.effective_from,
                    r.clone(),
                    serde_json::to_value(c).unwrap_or_default(),
                ));
            }
        }
        for (m, r) in &self.pmt {
            if pick(r) {
                found.push((
                    m.effective_from,
                    r.clone(),
                    serde_json::to_value(m).unwrap_or_default(),
                ));
            }
        }
        found.sort_by_key(|a| a.0);
        let (_, r, v) = found.pop()?;
        Some((r, v))
    }
}

/// Documents checked by [`RuleSets::check_documents`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RulesCheck {
    /// The documents that load, in order.
    pub ok: Vec<RuleRef>,
    /// Every problem of those that do not.
    pub problems: Vec<Problem>,
}

/// A rule document found by [`RuleSets::shown`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShownDocument {
    /// The document's id (`PKH`).
    pub id: String,
    /// Its version.
    pub version: String,
    /// The hash of its canonical content.
    pub content_hash: String,
    /// Its canonical form.
    pub document: serde_json::Value,
}

trait OptEq {
    fn is_none_or_eq(&self, s: &str) -> bool;
}

impl OptEq for Option<&str> {
    fn is_none_or_eq(&self, s: &str) -> bool {
        match self {
            None => true,
            Some(x) => *x == s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_documents_load_without_problems() {
        assert!(
            RuleSets::builtin_problems().is_empty(),
            "{:#?}",
            RuleSets::builtin_problems()
        );
        let b = RuleSets::builtin();
        assert_eq!(b.files.len(), BUILTIN_FILES.len());
        for id in [
            "PBI_JK", "PKH", "SEMBAKO", "KLJ", "KPDJ", "KAJ", "KJMU", "KJP_PLUS",
        ] {
            assert!(b.programmes().any(|(p, _)| p.id == id), "{id} missing");
        }
    }

    #[test]
    fn hash_ignores_format_and_key_order() {
        let json = r#"{"version": "1", "kind": "programme", "id": "X", "name": "x", "unit": "family",
            "effective_from": "2025-01-01", "sources": ["s"]}"#;
        let toml = "kind = \"programme\"\nid = \"X\"\nversion = \"1\"\nname = \"x\"\nunit = \"family\"\n# a comment\neffective_from = 2025-01-01\nsources = [\"s\"]\n";
        let a = parse_document(json, Format::Json, "a.json")
            .unwrap()
            .reference();
        let b = parse_document(toml, Format::Toml, "b.toml")
            .unwrap()
            .reference();
        assert_eq!(a, b);
        assert!(a.content_hash.starts_with("sha256:") && a.content_hash.len() == 71);
        let c = parse_document(
            &json.replace("2025-01-01", "2025-01-02"),
            Format::Json,
            "c.json",
        )
        .unwrap()
        .reference();
        assert_ne!(a.content_hash, c.content_hash);
    }

    #[test]
    fn an_open_ended_version_gives_way_to_a_later_one() {
        let doc = |v: &str, from: &str| {
            format!(
                r#"{{"kind": "programme", "id": "X", "version": "{v}", "name": "x", "unit": "family",
                "effective_from": "{from}", "sources": ["s"]}}"#
            )
        };
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut s = RuleSets::new();
        s.load_str(&doc("2025", "2025-01-01"), Format::Json, "a.json")
            .unwrap();
        // A newer open-ended version is accepted: it supersedes, not overlaps.
        s.load_str(&doc("2026", "2026-07-01"), Format::Json, "b.json")
            .unwrap();
        let version = |on: &str| {
            let v: Vec<_> = s
                .programmes_in_force(d(on))
                .into_iter()
                .map(|(_, r)| r.version.clone())
                .collect();
            v
        };
        assert_eq!(version("2024-12-31"), Vec::<String>::new());
        assert_eq!(version("2026-06-30"), vec!["2025"]);
        assert_eq!(version("2026-07-01"), vec!["2026"]);
        // Two versions starting the same day do overlap.
        let e = s
            .load_str(&doc("other", "2026-07-01"), Format::Json, "c.json")
            .unwrap_err();
        assert_eq!(e[0].code, Code::RuleOverlappingPeriod);
        // So does a bounded version inside the newer open period.
        let bounded = r#"{"kind": "programme", "id": "X", "version": "b", "name": "x", "unit": "family",
            "effective_from": "2027-01-01", "effective_until": "2027-12-31", "sources": ["s"]}"#;
        // (it starts later, so it supersedes the open 2026 version from 2027 on)
        assert!(s.load_str(bounded, Format::Json, "d.json").is_ok());
    }

    #[test]
    fn overlapping_periods_of_one_id_are_refused() {
        let doc = |v: &str, from: &str, until: &str| {
            format!(
                r#"{{"kind": "programme", "id": "X", "version": "{v}", "name": "x", "unit": "family",
                "effective_from": "{from}", "effective_until": "{until}", "sources": ["s"]}}"#
            )
        };
        let mut s = RuleSets::new();
        s.load_str(
            &doc("1", "2024-01-01", "2024-12-31"),
            Format::Json,
            "1.json",
        )
        .unwrap();
        s.load_str(
            &doc("2", "2025-01-01", "2025-12-31"),
            Format::Json,
            "2.json",
        )
        .unwrap();
        let e = s
            .load_str(
                &doc("3", "2025-12-31", "2026-12-31"),
                Format::Json,
                "3.json",
            )
            .unwrap_err();
        assert_eq!(e[0].code, Code::RuleOverlappingPeriod);
        assert_eq!(e[0].get("other_version"), Some("2"));
        assert_eq!(s.programmes().count(), 2);
    }

    #[test]
    fn every_error_names_file_path_expected_and_code() {
        let doc = r#"{"kind": "programme", "id": "X", "version": "1", "name": "x", "unit": "village",
            "effective_from": "2025-13-01", "sources": ["s"], "colour": "red",
            "components": [{"id": "a", "name": "a", "amount": -10, "per": "month"}]}"#;
        let e = parse_document(doc, Format::Json, "x.json").unwrap_err();
        let codes: Vec<(&str, &str)> = e
            .iter()
            .map(|p| (p.code.as_str(), p.path.as_str()))
            .collect();
        assert!(codes.contains(&("RULE_FIELD_INVALID", "unit")), "{codes:?}");
        assert!(
            codes.contains(&("RULE_FIELD_INVALID", "effective_from")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("RULE_UNKNOWN_FIELD", "colour")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("RULE_NEGATIVE_AMOUNT", "components[0].amount")),
            "{codes:?}"
        );
        assert!(e.iter().all(|p| p.get("file") == Some("x.json")));
    }

    #[test]
    fn unknown_criteria_sets_are_refused() {
        let doc = r#"{"kind": "programme", "id": "X", "version": "1", "name": "x", "unit": "family",
            "effective_from": "2025-01-01", "sources": ["s"], "eligibility": {"criteria_pass": "NOPE"}}"#;
        let e = RuleSets::builtin()
            .clone()
            .load_str(doc, Format::Json, "x.json")
            .unwrap_err();
        assert_eq!(e[0].code, Code::RuleUnknownCriteriaSet);
    }
}
