//! The list of rule documents a set holds, as records: what `dtks rules
//! list` prints and every face hands over, built here once.
//!
//! ```
//! use dtks_core::rules::{DocumentKind, RuleSets};
//! let docs = RuleSets::builtin().documents();
//! assert!(docs.iter().any(|d| d.kind == DocumentKind::Programme && d.id == "PKH"));
//! assert!(docs.iter().any(|d| d.kind == DocumentKind::Pmt));
//! let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let pkh = RuleSets::builtin().programmes_listed(on).into_iter().find(|p| p.document.id == "PKH").unwrap();
//! assert_eq!(pkh.unit.as_str(), "family");
//! ```

use super::{RuleRef, RuleSets, Unit};
use chrono::NaiveDate;
use serde::Serialize;

/// What a rule document decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DocumentKind {
    /// A programme (who is eligible, for how much).
    Programme,
    /// A criteria set (the deprivation criteria).
    Criteria,
    /// A PMT model (the desil estimate).
    Pmt,
}

/// One rule document of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentEntry {
    /// What it decides.
    pub kind: DocumentKind,
    /// Its id (`PKH`).
    pub id: String,
    /// Its version (`2025`).
    pub version: String,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force, if it ends.
    pub effective_until: Option<NaiveDate>,
    /// `sha256:` of its canonical form.
    pub content_hash: String,
    /// The file it was read from (`data/rules/pkh-2025.toml`), if any.
    pub file: Option<String>,
}

/// A programme in force, with its names and unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeEntry {
    /// The document.
    #[serde(flatten)]
    pub document: DocumentEntry,
    /// Its name in Indonesian.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// Who it decides about.
    pub unit: Unit,
}

impl RuleSets {
    fn entry(
        &self,
        kind: DocumentKind,
        r: &RuleRef,
        effective_from: NaiveDate,
        effective_until: Option<NaiveDate>,
    ) -> DocumentEntry {
        DocumentEntry {
            kind,
            id: r.id.clone(),
            version: r.version.clone(),
            effective_from,
            effective_until,
            content_hash: r.content_hash.clone(),
            file: self.file_of(r).map(str::to_owned),
        }
    }

    /// Every document: programmes, then criteria sets, then PMT models, each
    /// in the set's order.
    pub fn documents(&self) -> Vec<DocumentEntry> {
        let programmes = self.programmes().map(|(p, r)| {
            self.entry(
                DocumentKind::Programme,
                r,
                p.effective_from,
                p.effective_until,
            )
        });
        let criteria = self.criteria_sets().map(|(c, r)| {
            self.entry(
                DocumentKind::Criteria,
                r,
                c.effective_from,
                c.effective_until,
            )
        });
        let pmt = self
            .pmt_models()
            .map(|(m, r)| self.entry(DocumentKind::Pmt, r, m.effective_from, m.effective_until));
        programmes.chain(criteria).chain(pmt).collect()
    }

    /// The programmes in force on `as_of`, by id, with their names and unit.
    pub fn programmes_listed(&self, as_of: NaiveDate) -> Vec<ProgrammeEntry> {
        self.programmes_in_force(as_of)
            .into_iter()
            .map(|(p, r)| ProgrammeEntry {
                document: self.entry(
                    DocumentKind::Programme,
                    r,
                    p.effective_from,
                    p.effective_until,
                ),
                name: p.name.id.clone(),
                name_en: p.name.en.clone(),
                unit: p.unit,
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_document_listed_once_in_kind_order() {
        let s = RuleSets::builtin();
        let docs = s.documents();
        let n = s.programmes().count() + s.criteria_sets().count() + s.pmt_models().count();
        assert_eq!(docs.len(), n);
        let kinds: Vec<DocumentKind> = docs.iter().map(|d| d.kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort_by_key(|k| *k as u8);
        assert_eq!(kinds, sorted);
        assert!(docs.iter().all(|d| d.content_hash.starts_with("sha256:")));
        let json = serde_json::to_value(&docs[0]).unwrap();
        assert_eq!(json["kind"], "programme");
    }
}
