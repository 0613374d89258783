//! Reading rule files — programmes, criteria sets and PMT models — into
//! their models, every fault a [`Problem`](crate::problem::Problem) at its
//! path: the formats (JSON, TOML), the reader that collects problems, the
//! texts in two languages, and the exact name of a loaded document
//! ([`RuleRef`]). Below `criteria`, `pmt` and `rules`, which all read
//! through it; it knows none of them (`tests/layers.rs` keeps it so).

pub(crate) mod reader;

pub use reader::Format;
pub(crate) use reader::{index, join, Reader};

use crate::problem::Lang;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Names a rule document exactly: id, version and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleRef {
    /// Document id (`PKH`).
    pub id: String,
    /// Document version (`2025`).
    pub version: String,
    /// `sha256:` + 64 hex digits of the canonical serialization.
    pub content_hash: String,
}

/// A text in Indonesian and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            _ => &self.id,
        }
    }
}

/// Reads `{"id": …, "en": …}`, or one string used for both.
pub(crate) fn read_text(r: &mut Reader<'_>, v: &Value, path: &str) -> Option<Text> {
    if let Value::String(s) = v {
        return r.string(v, path).map(|_| Text {
            id: s.clone(),
            en: s.clone(),
        });
    }
    let m = r.object(v, path)?;
    r.only_keys(m, &["id", "en"], path);
    let id = r.req_string(m, "id", path);
    let en = r.req_string(m, "en", path);
    Some(Text { id: id?, en: en? })
}
