//! The one record every check answers with.
//!
//! A [`Problem`] has a stable [`Code`] (`NIK_LENGTH`, `HOUSEHOLD_NO_HEAD`, …),
//! a [`Severity`], a path into the input (`families[0].members[2].nik`), the
//! context values that fill its message, and a message rendered in Indonesian
//! or English from a per-code template. Parsers return their own error types,
//! which convert into a `Problem`; validators return every problem at once.
//!
//! Context values are stored already masked: a `Problem` never holds a full
//! NIK, KK number or name, so it can be logged, printed and written to a
//! report as it is.
//!
//! ```
//! use dtks_core::problem::{Code, Lang, Problem};
//! let p = Problem::new(Code::NikLength, "families[0].members[1].nik").with("len", 15);
//! assert_eq!(p.code.as_str(), "NIK_LENGTH");
//! assert!(p.message(Lang::En).contains("15"));
//! assert!(p.message(Lang::Id).contains("15"));
//! ```

mod codes;
mod location;
mod value;
mod words;

pub use codes::Code;
pub use location::{location, PathPart};
pub use value::Value;
pub use words::{one_of, word, KINDS as WORD_KINDS};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a problem is.
///
/// An **error** makes the record invalid; a **warning** is worth a look (people
/// move, dates get corrected) but the record stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the record stays valid.
    Warning,
    /// The record is invalid.
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The severity named `name` (`error` or `warning`; case and
    /// surrounding space ignored).
    ///
    /// ```
    /// use dtks_core::problem::Severity;
    /// assert_eq!(Severity::from_name("Warning"), Some(Severity::Warning));
    /// assert_eq!(Severity::from_name("fatal"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Severity> {
        let name = name.trim();
        [Severity::Error, Severity::Warning]
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language a message is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// Bahasa Indonesia (the default: operators and citizens read it).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Parses `id` / `en` (case-insensitive).
    ///
    /// ```
    /// assert_eq!(dtks_core::problem::Lang::parse("EN"), Some(dtks_core::problem::Lang::En));
    /// ```
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "ind" | "indonesian" => Some(Lang::Id),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One problem found in the input.
#[derive(Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stable machine code.
    pub code: Code,
    /// Error or warning (the code's default unless a caller overrides it).
    pub severity: Severity,
    /// Where in the input: `families[0].members[2].nik`, or a column name.
    pub path: String,
    /// The values that fill the message template, already masked: text,
    /// numbers, lists and objects ([`Value`]), written to JSON as such.
    pub context: Vec<(&'static str, Value)>,
}

impl Problem {
    /// A problem with the code's default severity and no context.
    pub fn new(code: Code, path: impl Into<String>) -> Problem {
        Problem {
            code,
            severity: code.severity(),
            path: path.into(),
            context: Vec::new(),
        }
    }

    /// Adds a context value (which must already be masked if it is personal).
    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl fmt::Display) -> Problem {
        self.context.push((key, Value::Text(value.to_string())));
        self
    }

    /// Adds a number (a count, a length, a row): a JSON number in reports.
    ///
    /// ```
    /// use dtks_core::problem::{Code, Problem, Value};
    /// let p = Problem::new(Code::NikLength, "nik").with_int("len", 15usize);
    /// assert_eq!(p.value("len"), Some(&Value::Int(15)));
    /// assert_eq!(serde_json::to_value(&p).unwrap()["context"]["len"], 15);
    /// ```
    #[must_use]
    pub fn with_int<T>(mut self, key: &'static str, value: T) -> Problem
    where
        T: TryInto<i64> + fmt::Display + Copy,
    {
        let v = match value.try_into() {
            Ok(n) => Value::Int(n),
            Err(_) => Value::Text(value.to_string()),
        };
        self.context.push((key, v));
        self
    }

    /// Adds a typed value (a list, an object, a text in each language).
    #[must_use]
    pub fn with_value(mut self, key: &'static str, value: Value) -> Problem {
        self.context.push((key, value));
        self
    }

    /// Adds a place in the household model (a field, a member), which a
    /// reader of another layout may name as its user knows it ([`Value::Path`]).
    ///
    /// ```
    /// use dtks_core::problem::{Code, Problem, Value};
    /// let p = Problem::new(Code::FieldRequired, "families[0].members[0].name")
    ///     .with_path("field", "families[0].members[0].name");
    /// assert_eq!(p.value("field"), Some(&Value::Path("families[0].members[0].name".into())));
    /// ```
    pub fn with_path(mut self, key: &'static str, path: impl Into<String>) -> Problem {
        self.context.push((key, Value::Path(path.into())));
        self
    }

    /// Adds a value read from the input (a field as written), with every run
    /// of twelve or more digits masked: a NIK or KK number in the wrong column
    /// is never shown whole ([`mask_identity_runs`](crate::personal::mask_identity_runs)).
    ///
    /// ```
    /// use dtks_core::problem::{Code, Problem};
    /// let p = Problem::new(Code::ValueInvalid, "address.rt").with_input("value", "3171011503150007");
    /// assert_eq!(p.get("value"), Some("3171••••••••0007"));
    /// ```
    #[must_use]
    pub fn with_input(self, key: &'static str, value: impl fmt::Display) -> Problem {
        let text = value.to_string();
        let shown = crate::personal::mask_identity_runs(&text).into_owned();
        self.with(key, shown)
    }

    /// Overrides the severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Problem {
        self.severity = severity;
        self
    }

    /// Prefixes the path: `members[2]` + `nik` → `members[2].nik`.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Problem {
        if prefix.is_empty() {
            return self;
        }
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }

    /// The path as parts, keys and indices ([`location`]):
    /// `families[0].members[2].nik` → `["families", 0, "members", 2, "nik"]`.
    ///
    /// ```
    /// use dtks_core::problem::{Code, PathPart, Problem};
    /// let p = Problem::new(Code::NikLength, "families[0].members[2].nik").with("len", 15);
    /// assert_eq!(p.location()[3], PathPart::Index(2));
    /// ```
    pub fn location(&self) -> Vec<PathPart> {
        location(&self.path)
    }

    /// A context value by key, when it is text (a number or list: [`Problem::value`]).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.value(key).and_then(Value::as_text)
    }

    /// A context value by key.
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.context.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The message in the given language, rendered from the code's template.
    pub fn message(&self, lang: Lang) -> String {
        render(self.code.template(lang), &self.context, lang)
    }

    /// True for an error, false for a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Context is masked on construction, so it is safe to show.
        f.debug_struct("Problem")
            .field("code", &self.code.as_str())
            .field("severity", &self.severity)
            .field("path", &self.path)
            .field("context", &self.context)
            .finish()
    }
}

impl fmt::Display for Problem {
    /// `error NIK_LENGTH at families[0].members[1].nik: …` (English message).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.severity, self.code.as_str())?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message(Lang::En))
    }
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("code", self.code.as_str())?;
        m.serialize_entry("severity", &self.severity)?;
        m.serialize_entry("path", &self.path)?;
        m.serialize_entry("context", &ContextMap(&self.context))?;
        m.serialize_entry("message_id", &self.message(Lang::Id))?;
        m.serialize_entry("message_en", &self.message(Lang::En))?;
        m.end()
    }
}

/// The context as a JSON object, in the order the values were added.
struct ContextMap<'a>(&'a [(&'static str, Value)]);

impl Serialize for ContextMap<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Fills `{key}` placeholders from the context, and `{key:kind}` with the
/// word for the value in the vocabulary `kind` ([`word`]); an unknown key
/// stays as written.
fn render(template: &str, context: &[(&'static str, Value)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let after = after.get(1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let inner = after.get(..close).unwrap_or("");
                let (key, kind) = inner.split_once(':').unwrap_or((inner, ""));
                match context.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.render_into(&mut out, kind, lang),
                    None => {
                        out.push('{');
                        out.push_str(inner);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// How a call that failed with several problems is named: by its first
/// error (its first problem when none is an error), with a message that
/// says how many problems there are in all. The C and Python faces raise
/// one failure per call from this, so both lead with the same problem and
/// say the same count.
///
/// ```
/// use dtks_core::problem::{Code, Headline, Lang, Problem};
/// let ps = [
///     Problem::new(Code::NikSexMismatch, "a"),
///     Problem::new(Code::NikLength, "b").with("len", 3),
/// ];
/// let h = Headline::of(&ps).unwrap();
/// assert_eq!(h.lead.path, "b"); // the first error, not the first warning
/// assert_eq!(h.message(Lang::En), "NIK must have 16 digits, found 3 (2 problems in all)");
/// assert_eq!(h.message(Lang::Id), format!("{} (2 masalah seluruhnya)", ps[1].message(Lang::Id)));
/// assert!(Headline::of(&[]).is_none());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Headline<'a> {
    /// The problem that names the failure.
    pub lead: &'a Problem,
    /// How many problems there are in all (at least 1).
    pub total: usize,
}

impl<'a> Headline<'a> {
    /// The headline of `problems`; `None` when there are none.
    pub fn of(problems: &'a [Problem]) -> Option<Headline<'a>> {
        let lead = problems
            .iter()
            .find(|p| p.is_error())
            .or(problems.first())?;
        Some(Headline {
            lead,
            total: problems.len(),
        })
    }

    /// The lead problem's message, with the count when there are several.
    pub fn message(&self, lang: Lang) -> String {
        let m = self.lead.message(lang);
        match (self.total, lang) {
            (0 | 1, _) => m,
            (n, Lang::En) => format!("{m} ({n} problems in all)"),
            (n, _) => format!("{m} ({n} masalah seluruhnya)"),
        }
    }
}

/// One problem code as the catalogue lists it: what `dtks codes --json`,
/// `dtks.codes()` and `docs/codes.md` show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeEntry {
    /// The stable machine code, `NIK_LENGTH`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The English message template.
    pub template_en: &'static str,
    /// The Indonesian message template.
    pub template_id: &'static str,
}

impl From<Code> for CodeEntry {
    fn from(c: Code) -> CodeEntry {
        CodeEntry {
            code: c.as_str(),
            severity: c.severity().as_str(),
            template_en: c.template(Lang::En),
            template_id: c.template(Lang::Id),
        }
    }
}

/// Every problem code, in catalogue order.
///
/// ```
/// let all: Vec<_> = dtks_core::problem::catalogue().collect();
/// assert!(all.iter().any(|e| e.code == "NIK_LENGTH" && e.severity == "error"));
/// ```
pub fn catalogue() -> impl Iterator<Item = CodeEntry> {
    Code::ALL.iter().map(|&c| CodeEntry::from(c))
}

/// The catalogue of every code as Markdown (the content of `docs/codes.md`).
///
/// ```
/// let md = dtks_core::problem::catalogue_markdown();
/// assert!(md.contains("`NIK_LENGTH`"));
/// ```
pub fn catalogue_markdown() -> String {
    let mut s = String::from(
        "# Problem codes\n\nGenerated from `dtks-core/src/problem/codes.rs` by \
         `UPDATE_CODES=1 cargo test -p dtks-core catalogue`; a test keeps it current.\n\
         Codes are stable: never renamed, never reused. Placeholders in braces are filled \
         from the problem's context (personal values masked).\n\n\
         | code | severity | English | Indonesian |\n|---|---|---|---|\n",
    );
    for e in catalogue() {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            e.code,
            e.severity,
            e.template_en.replace('|', "\\|"),
            e.template_id.replace('|', "\\|"),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_screaming_snake_and_round_trip() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{s} is not SCREAMING_SNAKE"
            );
            assert_eq!(Code::from_str_code(s), Some(*code));
            assert!(!code.template(Lang::En).is_empty());
            assert!(!code.template(Lang::Id).is_empty());
            assert_ne!(code.template(Lang::En), code.template(Lang::Id), "{s}");
        }
    }

    #[test]
    fn render_fills_placeholders_and_keeps_unknown_ones() {
        let ctx = vec![("a", Value::Text("1".to_owned()))];
        assert_eq!(render("x {a} {b} {", &ctx, Lang::En), "x 1 {b} {");
        let ctx = vec![("got", Value::Text("under_verification".to_owned()))];
        assert_eq!(
            render("is {got:status}", &ctx, Lang::Id),
            "is dalam verifikasi"
        );
        assert_eq!(
            render("is {got:status}", &ctx, Lang::En),
            "is under verification"
        );
    }

    #[test]
    fn under_builds_paths() {
        let p = Problem::new(Code::NikLength, "nik")
            .under("members[2]")
            .under("families[0]");
        assert_eq!(p.path, "families[0].members[2].nik");
        let p = Problem::new(Code::NikLength, "[3]").under("members");
        assert_eq!(p.path, "members[3]");
    }

    #[test]
    fn serializes_code_and_both_messages() {
        let p = Problem::new(Code::NikLength, "nik").with("len", 3);
        let v = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(v["code"], "NIK_LENGTH");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["context"]["len"], "3");
        let p = Problem::new(Code::NikLength, "nik").with_int("len", 3u8);
        let v = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(v["context"]["len"], 3);
        assert!(v["message_en"].as_str().unwrap_or("").contains('3'));
    }

    /// `docs/codes.md` is generated; this keeps it current
    /// (`UPDATE_CODES=1 cargo test -p dtks-core catalogue` rewrites it).
    #[test]
    fn catalogue_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/codes.md");
        let want = catalogue_markdown();
        if std::env::var_os("UPDATE_CODES").is_some() {
            std::fs::write(path, &want).unwrap_or_default();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/codes.md is stale: run UPDATE_CODES=1 cargo test -p dtks-core catalogue"
        );
    }
}
