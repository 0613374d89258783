//! Reading the JSON documents a host hands over (a session, a batch, an
//! account, a heads file): a document that does not fit its model is one
//! [`Problem`] (`DOCUMENT_INVALID`) that names the field by its path, says
//! what is wrong in Indonesian and in English (each wholly in its
//! language), and never quotes a personal value.
//!
//! serde's own messages are English; [`explain`] reads the common ones
//! (missing and unknown fields, unknown values, wrong types, syntax) and
//! writes both languages, keeping serde's text only on the English side
//! when it does not recognise it.

use crate::personal::scrub_message;
use crate::problem::{Code, Problem, Value};
use serde::de::DeserializeOwned;

/// A kind of document, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document {
    /// A Musyawarah Desa/Kelurahan session.
    Session,
    /// A batch of proposals.
    Batch,
    /// A proposal.
    Proposal,
    /// An audit trail.
    Trail,
    /// A file of kept trail heads (`dtks-heads/1`).
    Heads,
    /// A Jakarta online-registration account.
    Account,
    /// A list of Jakarta online-registration accounts.
    Accounts,
    /// A household.
    Household,
    /// A list of registered NIKs and KK numbers.
    Registry,
}

impl Document {
    /// The document's name in each language.
    pub fn name(self) -> Value {
        let (id, en) = match self {
            Document::Session => ("sesi musyawarah", "musyawarah session"),
            Document::Batch => ("batch usulan", "proposal batch"),
            Document::Proposal => ("usulan", "proposal"),
            Document::Trail => ("jejak audit", "audit trail"),
            Document::Heads => (
                "berkas kepala jejak (dtks-heads/1)",
                "heads file (dtks-heads/1)",
            ),
            Document::Account => (
                "akun pendaftaran DTKS Jakarta",
                "Jakarta DTKS registration account",
            ),
            Document::Accounts => (
                "daftar akun pendaftaran DTKS Jakarta",
                "list of Jakarta DTKS registration accounts",
            ),
            Document::Household => ("data rumah tangga", "household"),
            Document::Registry => (
                "daftar NIK dan KK terdaftar",
                "list of registered NIKs and KK numbers",
            ),
        };
        Value::Lang {
            id: id.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// Parses a document of the model `T` from JSON text; `file` names it in
/// the message (a file name, or `"-"`).
///
/// ```
/// use dtks_core::document::{parse, Document};
/// use dtks_core::problem::Lang;
/// let e = parse::<dtks_core::musyawarah::Session>(r#"{"village_code": 5}"#, "sesi.json", Document::Session)
///     .unwrap_err();
/// assert_eq!(e.code.as_str(), "DOCUMENT_INVALID");
/// assert_eq!(e.path, "village_code");
/// assert!(e.message(Lang::Id).contains("seharusnya teks"), "{}", e.message(Lang::Id));
/// assert!(!e.message(Lang::Id).contains("expected"));
/// ```
pub fn parse<T: DeserializeOwned>(text: &str, file: &str, doc: Document) -> Result<T, Problem> {
    // serde would read a struct from an array of its fields in order, which
    // no host means: every document but a trail is a JSON object.
    let first = text.trim_start().chars().next();
    let list = matches!(doc, Document::Trail | Document::Accounts);
    if !list && first.is_some_and(|c| c != '{') {
        let found = match first {
            Some('[') => ("daftar", "a list"),
            Some('"') => ("teks", "a text"),
            _ => ("nilai lain", "another value"),
        };
        return Err(Problem::new(Code::DocumentInvalid, "")
            .with_input("file", file)
            .with_value("document", doc.name())
            .with_value(
                "at",
                Value::Lang {
                    id: "tingkat teratas".to_owned(),
                    en: "the top level".to_owned(),
                },
            )
            .with_int("line", 1)
            .with_int("column", 1)
            .with_value(
                "detail",
                Value::Lang {
                    id: format!("ditemukan {}, padahal seharusnya objek", found.0),
                    en: format!("found {}, expected a JSON object", found.1),
                },
            ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(de);
    let v = parsed.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        problem(&inner, &path, file, doc)
    })?;
    // serde_json accepts trailing whitespace only; `end` reports anything else.
    Ok(v)
}

/// The problem for a serde error at `path` (`.` or empty: the top level).
pub fn problem(e: &serde_json::Error, path: &str, file: &str, doc: Document) -> Problem {
    let path = if path == "." || path == "?" { "" } else { path };
    let at = if path.is_empty() {
        Value::Lang {
            id: "tingkat teratas".to_owned(),
            en: "the top level".to_owned(),
        }
    } else {
        Value::Text(path.to_owned())
    };
    Problem::new(Code::DocumentInvalid, path)
        .with_input("file", file)
        .with_value("document", doc.name())
        .with_value("at", at)
        .with_int("line", e.line())
        .with_int("column", e.column())
        .with_value("detail", explain(e))
}

/// serde's message for `e` in both languages (see the module text).
///
/// ```
/// use dtks_core::document::explain;
/// use dtks_core::problem::Lang;
/// #[derive(serde::Deserialize, Debug)]
/// #[serde(rename_all = "snake_case")]
/// enum Outcome { Eligible, NotEligible }
/// let e = serde_json::from_str::<Outcome>(r#""layak""#).unwrap_err();
/// assert_eq!(explain(&e).to_text(Lang::Id), "nilai `layak` tidak dikenal; yang sah: `eligible`, `not_eligible`");
/// ```
pub fn explain(e: &serde_json::Error) -> Value {
    let full = e.to_string();
    let msg = full.split(" at line ").next().unwrap_or("");
    // Both sides from the same scrubbed text: a NIK typed into a code
    // field ("unknown variant `3171…`") is masked in either language.
    let scrubbed = scrub_message(&unquote(msg));
    let en = scrubbed.clone();
    let id = indonesian(&scrubbed).unwrap_or_else(|| match e.classify() {
        serde_json::error::Category::Syntax => "teks ini bukan JSON yang sah".to_owned(),
        serde_json::error::Category::Eof => {
            "teks JSON terpotong: berakhir sebelum dokumennya selesai".to_owned()
        }
        serde_json::error::Category::Io => "teks tidak dapat dibaca".to_owned(),
        _ => "nilainya tidak sesuai dengan yang diharapkan di tempat ini".to_owned(),
    });
    Value::Lang { id, en }
}

/// serde's message with every double-quoted text replaced by `"…"`: a
/// text value of the input may be a name.
fn unquote(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut inside = false;
    for c in msg.chars() {
        if c == '"' {
            if inside {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// The backticked names after `prefix` up to the end (`` `a`, `b` ``).
fn names(s: &str) -> String {
    s.split(", ")
        .flat_map(|part| part.split(" or "))
        .map(str::trim)
        .filter(|p| p.starts_with('`'))
        .collect::<Vec<_>>()
        .join(", ")
}

fn indonesian(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return Some(format!("kolom {rest} wajib ada tetapi tidak ditemukan"));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        return Some(format!("kolom {rest} ditulis dua kali"));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return Some(match rest.split_once(", expected ") {
            Some((f, known)) => {
                let known = known.strip_prefix("one of ").unwrap_or(known);
                format!("kolom {f} tidak dikenal; yang dikenal: {}", names(known))
            }
            None => format!(
                "kolom {} tidak dikenal",
                rest.split(',').next().unwrap_or(rest)
            ),
        });
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return Some(match rest.split_once(", expected ") {
            Some((v, known)) => {
                let known = known.strip_prefix("one of ").unwrap_or(known);
                format!("nilai {v} tidak dikenal; yang sah: {}", names(known))
            }
            None => format!(
                "nilai {} tidak dikenal",
                rest.split(',').next().unwrap_or(rest)
            ),
        });
    }
    if let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "ditemukan {}, padahal seharusnya {}",
            kind_of_found(found),
            kind_of_expected(expected)
        ));
    }
    // The model's own code lists: `jenis_lantai: expected one of soil, … or
    // a code 1–7`, `jenis_kelamin: expected male, female or a code 1–2`.
    if let Some((column, rest)) = msg.split_once(": expected ") {
        if let Some((names, range)) = rest.rsplit_once(" or a code ") {
            let names = names.strip_prefix("one of ").unwrap_or(names);
            let names = names.replace(" or ", ", ");
            return Some(format!(
                "{column}: seharusnya salah satu dari {names} atau kode {range}"
            ));
        }
    }
    // chrono's reading of a date (`YYYY-MM-DD` in the model).
    let date = [
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is out of range",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ];
    if date.iter().any(|d| msg.starts_with(d)) {
        return Some("bukan tanggal yang sah dalam bentuk YYYY-MM-DD".to_owned());
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or("").trim();
        return Some(format!("jumlah unsurnya ({n}) tidak sesuai"));
    }
    let fixed = [
        (
            "EOF while parsing",
            "teks JSON terpotong: berakhir sebelum dokumennya selesai",
        ),
        ("expected value", "di sini seharusnya ada nilai JSON"),
        (
            "expected `,` or `}`",
            "di sini seharusnya ada tanda `,` atau `}`",
        ),
        (
            "expected `,` or `]`",
            "di sini seharusnya ada tanda `,` atau `]`",
        ),
        ("expected `:`", "di sini seharusnya ada tanda `:`"),
        (
            "expected ident",
            "di sini seharusnya ada true, false atau null",
        ),
        ("trailing comma", "ada koma berlebih sebelum penutup"),
        (
            "trailing characters",
            "ada teks lain setelah akhir dokumen JSON",
        ),
        (
            "key must be a string",
            "nama kolom harus berupa teks dalam tanda kutip",
        ),
        ("control character", "ada karakter kendali di dalam teks"),
        (
            "invalid escape",
            "ada urutan escape yang tidak sah di dalam teks",
        ),
        ("invalid number", "ada angka yang tidak sah"),
        ("number out of range", "ada angka di luar rentang"),
        (
            "invalid unicode code point",
            "ada kode Unicode yang tidak sah",
        ),
        (
            "lone leading surrogate",
            "ada kode Unicode yang tidak lengkap",
        ),
        (
            "unexpected end of hex escape",
            "ada urutan escape yang terpotong",
        ),
        (
            "recursion limit exceeded",
            "dokumen bersarang terlalu dalam",
        ),
    ];
    fixed
        .iter()
        .find(|(en, _)| msg.starts_with(en))
        .map(|(_, id)| (*id).to_owned())
}

/// serde's "found" side (`string "x"`, `integer `5``, `map`) in Indonesian,
/// without quoting a text value (it may be a name).
fn kind_of_found(found: &str) -> String {
    let f = found.trim();
    let word = if f.starts_with("string") || f.starts_with("character") {
        "teks"
    } else if f.starts_with("integer") {
        "bilangan bulat"
    } else if f.starts_with("floating point") {
        "bilangan pecahan"
    } else if f.starts_with("boolean") {
        "nilai benar/salah"
    } else if f == "null" || f.starts_with("unit") {
        "null"
    } else if f == "map" {
        "objek"
    } else if f == "sequence" {
        "daftar"
    } else {
        "nilai lain"
    };
    word.to_owned()
}

/// serde's "expected" side in Indonesian (what a model field takes).
fn kind_of_expected(expected: &str) -> String {
    let e = expected.trim();
    let lower = e.to_ascii_lowercase();
    if e.starts_with("struct ") || e.contains(" map") || e == "a map" {
        "objek".to_owned()
    } else if e.contains("sequence") || e.starts_with("a list") || e.starts_with("an array") {
        "daftar".to_owned()
    } else if lower.contains("date") {
        "tanggal (YYYY-MM-DD)".to_owned()
    } else if e.contains("string") || e.starts_with("a text") {
        "teks".to_owned()
    } else if lower.contains("bool") {
        "nilai benar/salah (true atau false)".to_owned()
    } else if [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "integer",
    ]
    .iter()
    .any(|t| e.contains(t))
    {
        "bilangan bulat".to_owned()
    } else if e.contains("f64") || e.contains("f32") || e.contains("number") {
        "bilangan".to_owned()
    } else if let Some(rest) = e.strip_prefix("one of ") {
        format!("salah satu dari {}", names(rest))
    } else if e.starts_with('`') {
        format!("salah satu dari {}", names(e))
    } else {
        "nilai lain yang sesuai dengan model".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Lang;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        n: u32,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Item {
        Eligible,
        NotEligible,
    }

    fn err(text: &str) -> Problem {
        match parse::<Doc>(text, "d.json", Document::Batch) {
            Err(p) => p,
            Ok(d) => panic!("parsed {d:?}"),
        }
    }

    #[test]
    fn each_fault_is_named_by_its_path_in_both_languages_without_english_in_indonesian() {
        let cases = [
            (r#"{"n": 1}"#, "", "kolom `name` wajib ada"),
            (
                r#"{"name": "x", "n": 1, "extra": 2}"#,
                "extra",
                "kolom `extra` tidak dikenal",
            ),
            (
                r#"{"name": "x", "n": "5"}"#,
                "n",
                "ditemukan teks, padahal seharusnya bilangan bulat",
            ),
            (
                r#"{"name": "x", "n": 1, "items": ["layak"]}"#,
                "items[0]",
                "nilai `layak` tidak dikenal",
            ),
            (r#"{"name": "x", "n": 1"#, "", "terpotong"),
            (r#"{"name": "x", "n": 1,}"#, "", "koma berlebih"),
            (
                r#"[1, 2]"#,
                "",
                "ditemukan daftar, padahal seharusnya objek",
            ),
        ];
        for (text, path, want) in cases {
            let p = err(text);
            assert_eq!(p.code, Code::DocumentInvalid);
            assert_eq!(p.path, path, "{text}");
            let id = p.message(Lang::Id);
            assert!(id.contains(want), "{text}: {id}");
            for english in [
                "expected", "missing", "unknown", "found", "line", "column", "invalid",
            ] {
                assert!(!id.contains(english), "{text}: {id}");
            }
            assert!(!p.message(Lang::En).contains("baris"), "{text}");
        }
    }

    #[test]
    fn a_text_value_is_never_quoted_in_indonesian_and_identity_runs_are_masked_in_english() {
        let p = err(r#"{"name": 3171011708800001, "n": 1}"#);
        assert!(!p.message(Lang::En).contains("3171011708800001"));
        assert!(!p.message(Lang::Id).contains("3171011708800001"));
        let p = err(r#"{"name": "x", "n": "Budi Santoso"}"#);
        assert!(!p.message(Lang::Id).contains("Budi"));
        assert!(
            !p.message(Lang::En).contains("Budi"),
            "{}",
            p.message(Lang::En)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_document_or_one_problem(s in ".{0,80}") {
            match parse::<Doc>(&s, "d.json", Document::Batch) {
                Ok(_) => {}
                Err(p) => {
                    proptest::prop_assert_eq!(p.code, Code::DocumentInvalid);
                    proptest::prop_assert!(!p.message(Lang::Id).is_empty());
                }
            }
        }
    }
}
