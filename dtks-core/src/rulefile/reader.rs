//! Reading rule documents: JSON or TOML text to a tree of values, then typed
//! fields read from it with a path, so that every error names the file, the
//! place inside the document, what was expected and what was found.
//!
//! Serde's derive stops at the first error and does not say where inside the
//! document it was; rule files are written by people, so the reader here
//! collects every error it can, each with a stable code.

use crate::problem::{Code, Problem};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The text format of a rule document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON.
    Json,
    /// TOML.
    Toml,
}

impl Format {
    /// From a file name: `.toml` is TOML, everything else JSON.
    ///
    /// ```
    /// use dtks_core::rules::Format;
    /// assert_eq!(Format::from_file_name("pkh-2025.toml"), Format::Toml);
    /// assert_eq!(Format::from_file_name("pkh.json"), Format::Json);
    /// ```
    pub fn from_file_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(".toml") {
            Format::Toml
        } else {
            Format::Json
        }
    }
}

/// Parses the text into a value tree, or one `RULE_PARSE` problem with the
/// line and column.
pub(crate) fn parse_text(text: &str, format: Format, file: &str) -> Result<Value, Problem> {
    match format {
        Format::Json => serde_json::from_str::<Value>(text).map_err(|e| {
            Problem::new(Code::RuleParse, "")
                .with("file", file)
                .with("line", e.line())
                .with("column", e.column())
                .with("detail", first_line(&e.to_string()))
        }),
        Format::Toml => match toml::from_str::<toml::Value>(text) {
            Ok(v) => Ok(toml_to_json(v)),
            Err(e) => {
                let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
                Err(Problem::new(Code::RuleParse, "")
                    .with("file", file)
                    .with("line", line)
                    .with("column", column)
                    .with("detail", first_line(e.message())))
            }
        },
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(200).collect()
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// TOML dates become `YYYY-MM-DD` strings; everything else maps one to one.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Describes a value for "found …" in messages.
pub(crate) fn describe(v: &Value) -> crate::problem::Value {
    let (id, en) = match v {
        Value::Null => ("null".to_owned(), "null".to_owned()),
        Value::Bool(b) => (format!("nilai boolean {b}"), format!("boolean {b}")),
        Value::Number(n) => (format!("angka {n}"), format!("number {n}")),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            (format!("teks \"{short}\""), format!("text \"{short}\""))
        }
        Value::Array(a) => (
            format!("daftar berisi {}", a.len()),
            format!("a list of {}", a.len()),
        ),
        Value::Object(_) => ("objek".to_owned(), "an object".to_owned()),
    };
    crate::problem::Value::Lang { id, en }
}

/// Joins a path and a key: `components[2]` + `amount` → `components[2].amount`.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Joins a path and an index: `components` + 2 → `components[2]`.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Collects the problems of one document while it is read.
#[derive(Debug)]
pub(crate) struct Reader<'f> {
    pub(crate) file: &'f str,
    pub(crate) problems: Vec<Problem>,
}

impl<'f> Reader<'f> {
    pub(crate) fn new(file: &'f str) -> Reader<'f> {
        Reader {
            file,
            problems: Vec::new(),
        }
    }

    /// Records `RULE_FIELD_INVALID`: expected this, found that.
    pub(crate) fn invalid(&mut self, path: &str, expected: &str, found: &Value) {
        self.problems.push(
            Problem::new(Code::RuleFieldInvalid, path)
                .with("file", self.file)
                .with("at", path)
                .with("expected", expected)
                .with_value("found", describe(found)),
        );
    }

    /// Records a problem of any code with the file and the place.
    pub(crate) fn push(&mut self, p: Problem) {
        let at = p.path.clone();
        self.problems.push(p.with("file", self.file).with("at", at));
    }

    /// The object at `path`, or a problem.
    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.invalid(path, "an object (table)", other);
                None
            }
        }
    }

    /// Reports every key of `m` not in `allowed` as `RULE_UNKNOWN_FIELD`.
    pub(crate) fn only_keys(&mut self, m: &Map<String, Value>, allowed: &[&str], path: &str) {
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                let at = join(path, k);
                self.push(
                    Problem::new(Code::RuleUnknownField, at)
                        .with("field", k)
                        .with("allowed", allowed.join(", ")),
                );
            }
        }
    }

    /// A required field.
    pub(crate) fn required<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
        expected: &str,
    ) -> Option<&'v Value> {
        let v = m.get(key);
        if v.is_none() {
            let at = join(path, key);
            self.push(
                Problem::new(Code::RuleFieldMissing, at)
                    .with("field", key)
                    .with("expected", expected),
            );
        }
        v
    }

    pub(crate) fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            other => {
                self.invalid(path, "non-empty text", other);
                None
            }
        }
    }

    pub(crate) fn req_string(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<String> {
        let v = self.required(m, key, path, "non-empty text")?;
        self.string(v, &join(path, key))
    }

    pub(crate) fn opt_string(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<String> {
        let v = m.get(key)?;
        self.string(v, &join(path, key))
    }

    pub(crate) fn date(&mut self, v: &Value, path: &str) -> Option<NaiveDate> {
        let parsed = v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok());
        if parsed.is_none() {
            self.invalid(path, "a date YYYY-MM-DD", v);
        }
        parsed
    }

    /// An integer amount of rupiah, ≥ 0 (`RULE_NEGATIVE_AMOUNT` otherwise).
    pub(crate) fn amount(&mut self, v: &Value, path: &str) -> Option<i64> {
        match v.as_i64() {
            Some(n) if n < 0 => {
                self.push(Problem::new(Code::RuleNegativeAmount, path).with("amount", n));
                None
            }
            Some(n) => Some(n),
            None => {
                if v.as_f64().is_some_and(|f| f < 0.0) {
                    self.push(
                        Problem::new(Code::RuleNegativeAmount, path)
                            .with_value("amount", describe(v)),
                    );
                } else {
                    self.invalid(path, "a whole number of rupiah", v);
                }
                None
            }
        }
    }

    /// A whole number ≥ 0 that fits `u32`.
    pub(crate) fn count(&mut self, v: &Value, path: &str) -> Option<u32> {
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.invalid(path, "a whole number ≥ 0", v);
        }
        n
    }

    pub(crate) fn number(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = v.as_f64().filter(|f| f.is_finite());
        if n.is_none() {
            self.invalid(path, "a number", v);
        }
        n
    }

    pub(crate) fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        let b = v.as_bool();
        if b.is_none() {
            self.invalid(path, "true or false", v);
        }
        b
    }

    pub(crate) fn list<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.invalid(path, "a list", other);
                None
            }
        }
    }

    /// A list of non-empty strings.
    pub(crate) fn strings(&mut self, v: &Value, path: &str) -> Option<Vec<String>> {
        let items = self.list(v, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.string(item, &index(path, i)) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_parse_errors_carry_line_and_column() {
        let e = parse_text("{\n  \"id\": ,\n}", Format::Json, "x.json").unwrap_err();
        assert_eq!(e.code, Code::RuleParse);
        assert_eq!(e.get("line"), Some("2"));
        assert_eq!(e.get("file"), Some("x.json"));
    }

    #[test]
    fn toml_parse_errors_carry_line_and_column() {
        let e = parse_text("id = \"a\"\nversion = = 3\n", Format::Toml, "x.toml").unwrap_err();
        assert_eq!(e.code, Code::RuleParse);
        assert_eq!(e.get("line"), Some("2"));
    }

    #[test]
    fn toml_dates_become_strings() {
        let v = parse_text("d = 2025-01-01\n", Format::Toml, "x.toml").unwrap();
        assert_eq!(v["d"], "2025-01-01");
    }

    #[test]
    fn negative_amounts_are_named() {
        let mut r = Reader::new("f");
        assert_eq!(r.amount(&Value::from(-5), "components[0].amount"), None);
        assert_eq!(r.problems[0].code, Code::RuleNegativeAmount);
        assert_eq!(r.problems[0].path, "components[0].amount");
    }
}
