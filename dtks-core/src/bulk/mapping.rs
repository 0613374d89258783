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
//! # "kemendagri" (the default) or "bps" (see docs/domain/regions.md §4: BDT files carry BPS codes).
//! village_code_system = "kemendagri"
//! # Numbers with a decimal comma (36,5), as spreadsheets set up for Indonesia write them.
//! decimal = ","
//! # Tokens read as unknown in every column (ASCII case ignored).
//! nulls = ["NULL", "-"]
//!
//! [columns.luas_lantai]
//! nulls = ["?"]                      # unknown in this column only; other values still read
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

/// The mapping for BDT 2015 / DTKS member files (docs/domain/process.md §5.1), embedded.
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
    /// The decimal mark of number columns (`luas_lantai`): `"."` (the
    /// reference layout, the default) or `","` (spreadsheets set up for
    /// Indonesia: `36,5`; then `penghasilan` may also group thousands with
    /// dots, `1.500.000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal: Option<String>,
    /// Tokens that mean "unknown" in every column of the file (`NULL`, `-`,
    /// `N/A`): read as an empty field. Compared trimmed, ignoring ASCII case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nulls: Vec<String>,
    /// Per reference column (`nik`, `hamil`, …): names and value translations.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
}

/// The code system of a file's village codes (docs/domain/regions.md §4).
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
    /// Source value → reference value; `""` means unknown. A table closes
    /// the column: values it does not list are invalid.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// Tokens that mean "unknown" in this column only (besides the file's
    /// [`Mapping::nulls`]); unlike a `values` table, every other value is
    /// still read as it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nulls: Vec<String>,
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
            description: "the reference export layout (docs/domain/export-layout.md)".to_owned(),
            date_formats: default_date_formats(),
            household_id_fallback: None,
            registered: None,
            village_code_system: VillageCodeSystem::Kemendagri,
            decimal: None,
            nulls: Vec::new(),
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

    /// A mapping document read from a file named `name`: JSON when the name
    /// ends `.json` (any letter case), TOML otherwise; parsed and checked.
    /// The same reading for every face (`--mapping FILE`, C's
    /// `mapping_file`, Python's `mapping=`).
    ///
    /// ```
    /// use dtks_core::bulk::Mapping;
    /// assert!(Mapping::from_file_text(r#"{"name": "x"}"#, "MAP.JSON").is_ok());
    /// assert!(Mapping::from_file_text(r#"{"name": "x"}"#, "map.toml").is_err());
    /// assert!(Mapping::from_file_text("name = 'x'", "map.toml").is_ok());
    /// ```
    pub fn from_file_text(text: &str, name: &str) -> Result<Mapping, MappingError> {
        if name.to_ascii_lowercase().ends_with(".json") {
            Mapping::from_json(text)
        } else {
            Mapping::from_toml(text)
        }
    }

    /// This mapping with how fields are read laid over it, as the command's
    /// `--decimal-comma`, `--date-format` (each replaces the mapping's list
    /// when any is given) and `--null` (added) set it, and C's and Python's
    /// options of the same names; checked again.
    ///
    /// ```
    /// use dtks_core::bulk::Mapping;
    /// let m = Mapping::reference()
    ///     .with_overrides(true, &["%d/%m/%Y".to_owned()], &["NULL".to_owned()])
    ///     .unwrap();
    /// assert_eq!(m.decimal.as_deref(), Some(","));
    /// assert_eq!(m.date_formats, ["%d/%m/%Y"]);
    /// assert!(Mapping::reference().with_overrides(false, &["%Q".to_owned()], &[]).is_err());
    /// ```
    pub fn with_overrides(
        mut self,
        decimal_comma: bool,
        date_formats: &[String],
        nulls: &[String],
    ) -> Result<Mapping, MappingError> {
        if decimal_comma {
            self.decimal = Some(",".to_owned());
        }
        if !date_formats.is_empty() {
            self.date_formats = date_formats.to_vec();
        }
        self.nulls.extend(nulls.iter().cloned());
        self.check()?;
        Ok(self)
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
        if let Some(d) = &self.decimal {
            if d != "," && d != "." {
                return Err(MappingError(format!(
                    "decimal must be \",\" or \".\", found {d:?}"
                )));
            }
        }
        if let Some(n) = self
            .nulls
            .iter()
            .chain(self.columns.values().flat_map(|c| c.nulls.iter()))
            .find(|n| n.trim().is_empty())
        {
            return Err(MappingError(format!(
                "null token {n:?} is empty (an empty field is already unknown)"
            )));
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
        // Left empty when no token is declared: the check per field is then
        // one bounds test.
        let declared = !self.nulls.is_empty() || self.columns.values().any(|c| !c.nulls.is_empty());
        let mut nulls: Vec<Vec<String>> = if declared {
            vec![Vec::new(); COUNT]
        } else {
            Vec::new()
        };
        let file_nulls: Vec<String> = self.nulls.iter().map(|n| n.trim().to_owned()).collect();
        for n in &mut nulls {
            n.clone_from(&file_nulls);
        }
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
            if let Some(slot) = nulls.get_mut(c.index()) {
                slot.extend(spec.nulls.iter().map(|n| n.trim().to_owned()));
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
            decimal_comma: self.decimal.as_deref() == Some(","),
            nulls,
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
    /// `decimal = ","`.
    pub decimal_comma: bool,
    /// Per column: the tokens read as unknown (the file's and the column's).
    pub nulls: Vec<Vec<String>>,
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

    /// True when `s` is a declared token for unknown in column `c`.
    pub fn is_null(&self, c: Column, s: &str) -> bool {
        self.nulls
            .get(c.index())
            .is_some_and(|n| n.iter().any(|t| t.eq_ignore_ascii_case(s)))
    }

    /// True when column `c` has tokens for unknown.
    pub fn has_nulls(&self, c: Column) -> bool {
        self.nulls.get(c.index()).is_some_and(|n| !n.is_empty())
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
        names.join(", ")
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

/// Date forms other than the mapping's that a file may be written in, for
/// the hint when the dates that fail are consistently in one of them: the
/// strftime format (as `date_formats` takes it) and the form as shown.
/// Day-first before month-first: Indonesia writes the day first, and a
/// file whose days are all 12 or less fits both (the hint then names the
/// day-first form; nothing is read from it either way).
pub(crate) const OTHER_DATE_FORMS: [(&str, &str); 7] = [
    ("%d/%m/%Y", "DD/MM/YYYY"),
    ("%m/%d/%Y", "MM/DD/YYYY"),
    ("%d-%m-%Y", "DD-MM-YYYY"),
    ("%m-%d-%Y", "MM-DD-YYYY"),
    ("%d.%m.%Y", "DD.MM.YYYY"),
    ("%Y/%m/%d", "YYYY/MM/DD"),
    ("%Y%m%d", "YYYYMMDD"),
];

/// Counts, over a run, the dates no declared format reads and which of
/// [`OTHER_DATE_FORMS`] each fits (shared by the workers).
#[derive(Debug, Default)]
pub(crate) struct DateTally {
    unread: std::sync::atomic::AtomicU64,
    fits: [std::sync::atomic::AtomicU64; OTHER_DATE_FORMS.len()],
}

impl DateTally {
    /// Notes a date that no declared format reads.
    pub fn note(&self, s: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        self.unread.fetch_add(1, Relaxed);
        for (i, slot) in self.fits.iter().enumerate() {
            if fits_form(s, i) {
                slot.fetch_add(1, Relaxed);
            }
        }
    }

    /// The counts so far, as plain numbers (a partition's, to be added).
    pub fn counts(&self) -> DateCounts {
        use std::sync::atomic::Ordering::Relaxed;
        DateCounts {
            unread: self.unread.load(Relaxed),
            fits: self.fits.iter().map(|n| n.load(Relaxed)).collect(),
        }
    }
}

/// A [`DateTally`]'s counts as plain numbers, which partitions add up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DateCounts {
    /// Dates that no declared format reads.
    pub unread: u64,
    /// Of which fitting each of [`OTHER_DATE_FORMS`], in its order.
    pub fits: Vec<u64>,
}

impl DateCounts {
    /// Adds another partition's counts.
    pub fn add(&mut self, other: &DateCounts) {
        self.unread += other.unread;
        if self.fits.len() < other.fits.len() {
            self.fits.resize(other.fits.len(), 0);
        }
        for (a, b) in self.fits.iter_mut().zip(&other.fits) {
            *a += b;
        }
    }

    /// The form that at least nine in ten unread dates fit (the first such),
    /// with how many fit it: `(format, form, count)`.
    pub fn consistent(&self) -> Option<(&'static str, &'static str, u64)> {
        if self.unread == 0 {
            return None;
        }
        self.fits
            .iter()
            .zip(OTHER_DATE_FORMS)
            .map(|(n, (f, shown))| (f, shown, *n))
            .find(|(_, _, n)| *n > 0 && n * 10 >= self.unread * 9)
    }
}

/// True when `s` is a date in [`OTHER_DATE_FORMS`]`[i]` (two-digit day and
/// month, or one digit, as chrono's `%d`/`%m` read them).
fn fits_form(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    match i {
        0 => fast_date(b, b'/', false).is_some(),
        1 => month_first(b, b'/'),
        2 => fast_date(b, b'-', false).is_some(),
        3 => month_first(b, b'-'),
        4 => fast_date(b, b'.', false).is_some(),
        5 => fast_date(b, b'/', true).is_some(),
        6 => NaiveDate::parse_from_str(s, "%Y%m%d").is_ok() && b.len() == 8,
        _ => false,
    }
}

/// `MM?DD?YYYY`: the day-first parse with the first two parts swapped.
fn month_first(b: &[u8], sep: u8) -> bool {
    let mut parts = b.split(|c| *c == sep);
    let (Some(m), Some(d), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let mut swapped = Vec::with_capacity(b.len());
    swapped.extend_from_slice(d);
    swapped.push(sep);
    swapped.extend_from_slice(m);
    swapped.push(sep);
    swapped.extend_from_slice(y);
    fast_date(&swapped, sep, false).is_some()
}

/// The date a spreadsheet's date serial stands for, in the 1900 system
/// (Excel, LibreOffice): serial 1 is 1900-01-01; Excel counts a 29 February
/// 1900 that never was (serial 60, which stands for no date), so from 61 on
/// a serial is days after 1899-12-30. Only 1–5 digits are taken as a serial
/// (up to 2173), and not a four-digit number from 1800 to 2100, which reads
/// as a year.
///
/// ```ignore
/// assert_eq!(spreadsheet_serial("33970"), NaiveDate::from_ymd_opt(1993, 1, 1));
/// ```
pub(crate) fn spreadsheet_serial(s: &str) -> Option<NaiveDate> {
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    if n == 0 || n == 60 || (s.len() == 4 && (1800..=2100).contains(&n)) {
        return None;
    }
    let (base, days) = if n < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, n)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, n)
    };
    base.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

/// True for a `YYYY-MM-DD` date written with a one-digit month or day.
pub(crate) fn unpadded_ymd(s: &str) -> bool {
    s.len() < 10 && s.len() >= 8 && fast_date(s.as_bytes(), b'-', true).is_some()
}

/// Tokens that spreadsheets and databases write for "unknown": named in a
/// problem when a file holds one it did not declare.
pub(crate) const COMMON_NULLS: &[&str] = &[
    "NULL",
    "-",
    "--",
    "N/A",
    "#N/A",
    "NA",
    "NONE",
    "NIL",
    "?",
    "#NULL!",
    "(NULL)",
    "TIDAK ADA",
];

/// True when `s` is one of [`COMMON_NULLS`] (ASCII case ignored).
pub(crate) fn is_common_null(s: &str) -> bool {
    COMMON_NULLS.iter().any(|t| t.eq_ignore_ascii_case(s))
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
    use proptest::prelude::*;

    #[test]
    fn spreadsheet_serials_in_the_1900_system() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(spreadsheet_serial("1"), d(1900, 1, 1));
        assert_eq!(spreadsheet_serial("59"), d(1900, 2, 28));
        // Excel's 29 February 1900, a day that never was.
        assert_eq!(spreadsheet_serial("60"), None);
        assert_eq!(spreadsheet_serial("61"), d(1900, 3, 1));
        assert_eq!(spreadsheet_serial("33970"), d(1993, 1, 1));
        assert_eq!(spreadsheet_serial("0"), None);
        assert_eq!(spreadsheet_serial("1980"), None); // a year
        assert_eq!(spreadsheet_serial("123456"), None);
        assert_eq!(spreadsheet_serial("3.5"), None);
        assert_eq!(spreadsheet_serial(""), None);
    }

    #[test]
    fn other_date_forms_are_recognised() {
        let t = DateTally::default();
        for s in ["17/08/1980", "05/03/1982", "31/12/1999"] {
            t.note(s);
        }
        assert_eq!(t.counts().consistent(), Some(("%d/%m/%Y", "DD/MM/YYYY", 3)));
        let t = DateTally::default();
        t.note("08/17/1980");
        t.note("12/31/1980");
        assert_eq!(t.counts().consistent().map(|c| c.0), Some("%m/%d/%Y"));
        let t = DateTally::default();
        t.note("19800817");
        assert_eq!(t.counts().consistent().map(|c| c.0), Some("%Y%m%d"));
        // Nothing in one form: no hint.
        let t = DateTally::default();
        t.note("17 Agustus 1980");
        t.note("kemarin");
        assert_eq!(t.counts().consistent(), None);
        assert_eq!(DateTally::default().counts().consistent(), None);
    }

    proptest! {
        /// Every date written in a form of `OTHER_DATE_FORMS` is counted for
        /// that form, and the tally never panics on any text.
        #[test]
        fn each_other_form_reads_its_own_dates(days in 0i64..60_000, any in ".{0,20}") {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::TimeDelta::days(days);
            for (i, (f, _)) in OTHER_DATE_FORMS.iter().enumerate() {
                prop_assert!(fits_form(&d.format(f).to_string(), i), "{f} {d}");
            }
            DateTally::default().note(&any);
            let _ = spreadsheet_serial(&any);
            let _ = unpadded_ymd(&any);
        }

        /// A serial from 61 on is one day after the serial before it; every
        /// serial of 1–5 digits but 60 and the years names a date in 1900–2173.
        #[test]
        fn serials_count_days(n in 1u32..99_999) {
            let s = n.to_string();
            let year_like = s.len() == 4 && (1800..=2100).contains(&n);
            match spreadsheet_serial(&s) {
                None => prop_assert!(n == 60 || year_like),
                Some(d) => {
                    prop_assert!(!year_like && n != 60);
                    prop_assert!((1900..=2173).contains(&chrono::Datelike::year(&d)));
                    if n > 61 && !(1801..=2101).contains(&n) {
                        if let Some(prev) = spreadsheet_serial(&(n - 1).to_string()) {
                            prop_assert_eq!(d - prev, chrono::TimeDelta::days(1));
                        }
                    }
                }
            }
        }

        /// `YYYY-M-D`: unpadded exactly when the month or the day has one digit.
        #[test]
        fn unpadded_is_a_one_digit_month_or_day(days in 0i64..60_000) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::TimeDelta::days(days);
            use chrono::Datelike;
            let loose = format!("{}-{}-{}", d.year(), d.month(), d.day());
            prop_assert_eq!(unpadded_ymd(&loose), d.month() < 10 || d.day() < 10);
            prop_assert!(!unpadded_ymd(&d.format("%Y-%m-%d").to_string()));
            prop_assert_eq!(Mapping::reference().compile().date(&loose), Some(d));
        }
    }

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
        // Targets outside a column's range or form (docs/domain/export-layout.md): desil
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
