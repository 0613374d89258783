//! Column mappings: how a real export with other column names, other code
//! lists and other date forms is read as the reference layout.
//!
//! A mapping is a small TOML (or JSON) document:
//!
//! ```toml
//! name = "my-export"
//! description = "SIKS-NG download, 2024"
//! # Tried in order (chrono strftime syntax); the first that parses wins.
//! date_formats = ["%d-%m-%Y", "%Y-%m-%d"]
//! # With no id_rt column (or an empty one) the KK number is the household id.
//! household_id_fallback = "no_kk"
//! # Whole-file terdaftar: a registry export is registered, a file of proposals is not.
//! registered = true
//! # "kemendagri" (the default) or "bps" (see regions.md §4: BDT files carry BPS codes).
//! village_code_system = "kemendagri"
//!
//! [columns.nik]
//! names = ["NIK", "NO_NIK"]          # aliases, matched ignoring case, `_` and spaces
//!
//! [columns.hamil]
//! names = ["STA_HAMIL"]
//! values = { "1" = "1", "2" = "0" }  # source code -> reference code; "" = unknown
//!
//! [columns.kode_desa]                # built from several columns, zero-padded
//! concat = [{ name = "KDPROP", width = 2 }, { name = "KDKAB", width = 2 },
//!           { name = "KDKEC", width = 2 }, { name = "KDDESA", width = 4 }]
//! ```
//!
//! The reference name of a column (`nik`, `tgl_lahir`) is always accepted
//! besides its aliases. A column with a `values` table accepts only the listed
//! source values: anything else is `VALUE_INVALID`, never passed through.
//! Numeric source values are compared without leading zeros (`"01"` = `"1"`).
//!
//! ```
//! use dtks_core::bulk::Mapping;
//! let m = Mapping::builtin("bdt2015").unwrap();
//! assert_eq!(m.name, "bdt2015");
//! let m = Mapping::from_toml("name = \"x\"\n[columns.nik]\nnames = [\"NO_NIK\"]\n").unwrap();
//! assert_eq!(m.columns["nik"].names, ["NO_NIK"]);
//! ```

use super::column::{Column, COUNT};
use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The mapping for BDT 2015 / DTKS member files (process.md §5.1), embedded.
pub const BDT2015_TOML: &str = include_str!("../../data/mappings/bdt2015.toml");

/// The names [`Mapping::builtin`] knows.
pub const BUILTIN: &[&str] = &["reference", "bdt2015"];

/// A column mapping (see the module documentation for the file format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Short name, shown in reports.
    pub name: String,
    /// What the mapping is for.
    #[serde(default)]
    pub description: String,
    /// Date formats tried in order (chrono strftime syntax).
    #[serde(default = "default_date_formats")]
    pub date_formats: Vec<String>,
    /// `"no_kk"`: the KK number is the household id when `id_rt` is absent or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_id_fallback: Option<String>,
    /// Whole-file `terdaftar` (overrides the column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<bool>,
    /// The code system of the village codes.
    #[serde(default)]
    pub village_code_system: VillageCodeSystem,
    /// Per reference column (`nik`, `hamil`, …): names and value translations.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
}

/// The code system of a file's village codes (regions.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum VillageCodeSystem {
    /// Kemendagri codes, `PPKKCCDDDD` (the reference layout).
    #[default]
    Kemendagri,
    /// BPS codes (`PPKKCCCDDD`): checked as they are, with a file-level warning.
    Bps,
}

/// How one reference column is found and translated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// Header names accepted for the column (besides its reference name).
    #[serde(default)]
    pub names: Vec<String>,
    /// Build the value from several columns, each zero-padded to a width.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concat: Vec<ConcatPart>,
    /// Source value → reference value; `""` means unknown.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
}

/// One part of a concatenated column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcatPart {
    /// The header name.
    pub name: String,
    /// Digits after zero-padding.
    pub width: u8,
}

fn default_date_formats() -> Vec<String> {
    vec!["%Y-%m-%d".to_owned()]
}

/// A mapping that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("MAPPING_INVALID: {0}")]
pub struct MappingError(pub String);

impl Mapping {
    /// The reference layout itself: reference names, `YYYY-MM-DD` dates.
    pub fn reference() -> Mapping {
        Mapping {
            name: "reference".to_owned(),
            description: "the reference export layout (export-layout.md)".to_owned(),
            date_formats: default_date_formats(),
            household_id_fallback: None,
            registered: None,
            village_code_system: VillageCodeSystem::Kemendagri,
            columns: BTreeMap::new(),
        }
    }

    /// A mapping shipped with the library: `reference` or `bdt2015`.
    pub fn builtin(name: &str) -> Option<Mapping> {
        match name {
            "reference" => Some(Mapping::reference()),
            "bdt2015" => Mapping::from_toml(BDT2015_TOML).ok(),
            _ => None,
        }
    }

    /// Parses and checks a TOML mapping.
    pub fn from_toml(s: &str) -> Result<Mapping, MappingError> {
        let m: Mapping = toml::from_str(s).map_err(|e| MappingError(e.to_string()))?;
        m.check()?;
        Ok(m)
    }

    /// Parses and checks a JSON mapping.
    pub fn from_json(s: &str) -> Result<Mapping, MappingError> {
        let m: Mapping = serde_json::from_str(s).map_err(|e| MappingError(e.to_string()))?;
        m.check()?;
        Ok(m)
    }

    /// Checks the mapping: known columns, a known fallback, usable date
    /// formats, and translation targets the reference layout accepts.
    pub fn check(&self) -> Result<(), MappingError> {
        if self.date_formats.is_empty() {
            return Err(MappingError("date_formats is empty".to_owned()));
        }
        for f in &self.date_formats {
            if StrftimeItems::new(f).any(|i| matches!(i, Item::Error)) {
                return Err(MappingError(format!("date format {f:?} is not valid")));
            }
        }
        if let Some(fb) = &self.household_id_fallback {
            if fb != "no_kk" {
                return Err(MappingError(format!(
                    "household_id_fallback must be \"no_kk\", found {fb:?}"
                )));
            }
        }
        for (key, spec) in &self.columns {
            let Some(column) = Column::ALL.iter().copied().find(|c| c.name() == key) else {
                let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
                return Err(MappingError(format!(
                    "unknown column {key:?} (known: {})",
                    known.join(", ")
                )));
            };
            if !spec.concat.is_empty() && column != Column::KodeDesa {
                return Err(MappingError(format!("{key}: concat is only for kode_desa")));
            }
            for (from, to) in &spec.values {
                if to.is_empty() {
                    continue;
                }
                if !super::row::target_is_valid(column, to) {
                    return Err(MappingError(format!(
                        "{key}: value {from:?} maps to {to:?}, which the reference layout does not accept"
                    )));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn compile(&self) -> Compiled {
        let mut aliases: HashMap<String, Column> = HashMap::new();
        let mut values: Vec<Option<HashMap<String, String>>> = vec![None; COUNT];
        let mut concat: Vec<(String, u8)> = Vec::new();
        for c in Column::ALL {
            aliases.insert(normalise_name(c.name()), *c);
        }
        for (key, spec) in &self.columns {
            let Some(c) = Column::ALL.iter().copied().find(|c| c.name() == key) else {
                continue;
            };
            for n in &spec.names {
                aliases.insert(normalise_name(n), c);
            }
            if !spec.values.is_empty() {
                if let Some(slot) = values.get_mut(c.index()) {
                    *slot = Some(
                        spec.values
                            .iter()
                            .map(|(k, v)| (normalise_value(k).to_owned(), v.clone()))
                            .collect(),
                    );
                }
            }
            if c == Column::KodeDesa {
                concat = spec
                    .concat
                    .iter()
                    .map(|p| (normalise_name(&p.name), p.width))
                    .collect();
            }
        }
        let dates = self
            .date_formats
            .iter()
            .map(|f| match f.as_str() {
                "%Y-%m-%d" => DateFormat::Ymd(b'-'),
                "%d-%m-%Y" => DateFormat::Dmy(b'-'),
                "%d/%m/%Y" => DateFormat::Dmy(b'/'),
                other => DateFormat::Other(other.to_owned()),
            })
            .collect();
        Compiled {
            aliases,
            values,
            concat,
            dates,
            fallback_kk: self.household_id_fallback.is_some(),
            registered: self.registered,
        }
    }
}

/// A mapping prepared for reading.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub aliases: HashMap<String, Column>,
    pub values: Vec<Option<HashMap<String, String>>>,
    pub concat: Vec<(String, u8)>,
    pub dates: Vec<DateFormat>,
    pub fallback_kk: bool,
    pub registered: Option<bool>,
}

#[derive(Debug, Clone)]
pub(crate) enum DateFormat {
    Ymd(u8),
    Dmy(u8),
    Other(String),
}

impl Compiled {
    /// Parses a date with the mapping's formats, in order.
    pub fn date(&self, s: &str) -> Option<NaiveDate> {
        self.dates.iter().find_map(|f| match f {
            DateFormat::Ymd(sep) => fast_date(s.as_bytes(), *sep, true),
            DateFormat::Dmy(sep) => fast_date(s.as_bytes(), *sep, false),
            DateFormat::Other(f) => NaiveDate::parse_from_str(s, f).ok(),
        })
    }

    /// The formats, for messages.
    pub fn date_formats_text(&self) -> String {
        let names: Vec<String> = self
            .dates
            .iter()
            .map(|f| match f {
                DateFormat::Ymd(s) => format!("YYYY{0}MM{0}DD", *s as char),
                DateFormat::Dmy(s) => format!("DD{0}MM{0}YYYY", *s as char),
                DateFormat::Other(f) => f.clone(),
            })
            .collect();
        names.join(" or ")
    }
}

/// `YYYY-MM-DD` or `DD-MM-YYYY` (one or two digit day and month allowed in
/// the second form, as chrono's `%d`/`%m` do).
fn fast_date(b: &[u8], sep: u8, ymd: bool) -> Option<NaiveDate> {
    let mut parts = b.split(|c| *c == sep);
    let (p1, p2, p3) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &[u8], max_len: usize| -> Option<u32> {
        if p.is_empty() || p.len() > max_len || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(p.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')))
    };
    let (y, m, d) = if ymd {
        if p1.len() != 4 {
            return None;
        }
        (num(p1, 4)?, num(p2, 2)?, num(p3, 2)?)
    } else {
        if p3.len() != 4 {
            return None;
        }
        (num(p3, 4)?, num(p2, 2)?, num(p1, 2)?)
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Header names are compared lower-cased, without `_`, spaces, `-` or a BOM.
pub(crate) fn normalise_name(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '-' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Source values are compared trimmed; all-digit values without leading zeros.
pub(crate) fn normalise_value(s: &str) -> &str {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let t = s.trim_start_matches('0');
        if t.is_empty() {
            "0"
        } else {
            t
        }
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_mappings_load() {
        for name in BUILTIN {
            let m = Mapping::builtin(name);
            assert!(m.is_some(), "{name}");
        }
        assert!(Mapping::builtin("nope").is_none());
        // The embedded file must itself be valid (builtin() hides the error).
        Mapping::from_toml(BDT2015_TOML).unwrap();
    }

    #[test]
    fn bad_mappings_are_rejected() {
        assert!(Mapping::from_toml("name = \"x\"\n[columns.nope]\n").is_err());
        assert!(Mapping::from_toml("name = \"x\"\ndate_formats = []\n").is_err());
        assert!(Mapping::from_toml("name = \"x\"\nhousehold_id_fallback = \"nik\"\n").is_err());
        // hamil accepts 0/1 only: a translation to 2 is a mapping error.
        assert!(
            Mapping::from_toml("name = \"x\"\n[columns.hamil]\nvalues = { \"1\" = \"2\" }\n")
                .is_err()
        );
        assert!(
            Mapping::from_toml("name = \"x\"\n[columns.nik]\nconcat = []\nbogus = 1\n").is_err()
        );
        // Targets outside a column's range or form (export-layout.md): desil
        // 1–10, rt and rw 1–3 digits, a floor area that is not negative.
        for (column, to, loads) in [
            ("desil", "99", false),
            ("desil", "0", false),
            ("rt", "12345", false),
            ("rw", "x", false),
            ("luas_lantai", "-5", false),
            ("desil", "10", true),
            ("rt", "007", true),
            ("luas_lantai", "36", true),
            ("hamil", "1", true),
        ] {
            let toml =
                format!("name = \"x\"\n[columns.{column}]\nvalues = {{ \"1\" = \"{to}\" }}\n");
            assert_eq!(Mapping::from_toml(&toml).is_ok(), loads, "{column} -> {to}");
        }
        let j = r#"{"name":"j","columns":{"nik":{"names":["NO_NIK"]}}}"#;
        assert_eq!(
            Mapping::from_json(j).unwrap().columns["nik"].names,
            ["NO_NIK"]
        );
    }

    #[test]
    fn names_and_values_normalise() {
        assert_eq!(normalise_name("\u{feff}Tgl_Lahir"), "tgllahir");
        assert_eq!(normalise_name("JNS_KEL"), normalise_name("JnsKel"));
        assert_eq!(normalise_value(" 01 "), "1");
        assert_eq!(normalise_value("00"), "0");
        assert_eq!(normalise_value("x1"), "x1");
    }

    #[test]
    fn dates_parse_in_every_declared_form() {
        let mut m = Mapping::reference();
        m.date_formats = vec!["%Y-%m-%d".into(), "%d-%m-%Y".into(), "%d/%m/%Y".into()];
        let c = m.compile();
        let d = NaiveDate::from_ymd_opt(1980, 8, 17);
        assert_eq!(c.date("1980-08-17"), d);
        assert_eq!(c.date("17-08-1980"), d);
        assert_eq!(c.date("17/08/1980"), d);
        assert_eq!(c.date("1980-02-30"), None);
        assert_eq!(c.date("80-08-17"), None);
        let r = Mapping::reference().compile();
        assert_eq!(r.date("17-08-1980"), None);
        let mut m = Mapping::reference();
        m.date_formats = vec!["%Y%m%d".into()];
        assert_eq!(m.compile().date("19800817"), d);
    }
}
