//! A context value of a problem: text, a number, a list, an object, or a
//! text given in each language; written to JSON as what it is.

use super::words::word;
use super::Lang;
use serde::Serialize;

/// One value of a problem's context, already masked.
///
/// A host reads it from JSON as a string, a number, an array or an object
/// (never a string of JSON fragments); a message shows it as text.
///
/// ```
/// use dtks_core::problem::{Lang, Value};
/// let v = Value::List(vec![Value::Int(2), Value::Int(3)]);
/// assert_eq!(serde_json::to_string(&v).unwrap(), "[2,3]");
/// assert_eq!(v.to_text(Lang::Id), "2; 3");
/// let t = Value::Lang { id: "desil 4 ke bawah".into(), en: "desil 4 or lower".into() };
/// assert_eq!(t.to_text(Lang::En), "desil 4 or lower");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Value {
    /// Text (a code, a masked NIK, a column name, a date).
    Text(String),
    /// A whole number (a count, a length, a row, a year).
    Int(i64),
    /// A list; shown in a message as its items joined by `; `.
    List(Vec<Value>),
    /// An object (keys in order); shown in a message by its `text` entry
    /// when it has one, else as `key: value` pairs.
    Map(Vec<(String, Value)>),
    /// A text written in each language (a rule explained): JSON
    /// `{"id": …, "en": …}`, shown in the message's language.
    Lang {
        /// Bahasa Indonesia.
        id: String,
        /// English.
        en: String,
    },
    /// A place in the household model (`families[0].members[1].nik`): JSON
    /// the path as a string. A reader that built the model from another
    /// layout shows it as its user knows it: the bulk reader of CSV files
    /// names the column (`nik`) or the row (`baris 12` / `row 12`).
    Path(String),
}

impl Value {
    /// The text, when the value is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::Path(s) => Some(s),
            _ => None,
        }
    }

    /// A JSON value as a context value (a number that is not whole stays text).
    ///
    /// ```
    /// use dtks_core::problem::Value;
    /// let v = Value::from_json(&serde_json::json!({"desil_at_most": 4}));
    /// assert_eq!(v, Value::Map(vec![("desil_at_most".into(), Value::Int(4))]));
    /// ```
    pub fn from_json(v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Text(String::new()),
            J::Bool(b) => Value::Text(b.to_string()),
            J::Number(n) => n
                .as_i64()
                .map_or_else(|| Value::Text(n.to_string()), Value::Int),
            J::String(s) => Value::Text(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as message text in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut s = String::new();
        self.render_into(&mut s, "", lang);
        s
    }

    /// Writes the value as message text; `kind` names a vocabulary
    /// ([`word`]) that text values are shown through.
    pub(crate) fn render_into(&self, out: &mut String, kind: &str, lang: Lang) {
        match self {
            Value::Text(s) => match (kind.is_empty(), word(kind, s, lang)) {
                (false, Some(w)) => out.push_str(w),
                _ => out.push_str(s),
            },
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::List(items) => {
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    v.render_into(out, kind, lang);
                }
            }
            Value::Map(entries) => {
                if let Some((_, t)) = entries.iter().find(|(k, _)| k == "text") {
                    t.render_into(out, kind, lang);
                    return;
                }
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    v.render_into(out, kind, lang);
                }
            }
            Value::Lang { id, en } => out.push_str(if lang == Lang::En { en } else { id }),
            Value::Path(p) => out.push_str(p),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Text(t) | Value::Path(t) => s.serialize_str(t),
            Value::Int(n) => s.serialize_i64(*n),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut m = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Value::Lang { id, en } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("id", id)?;
                m.serialize_entry("en", en)?;
                m.end()
            }
        }
    }
}

impl std::fmt::Display for Value {
    /// The value as message text (a text in each language: the English one).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text(Lang::En))
    }
}
