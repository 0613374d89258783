//! Every message a bulk run gives is whole: each placeholder of its template
//! filled, and the Indonesian one Indonesian from start to end (no English
//! word, field names as the CSV user knows them: the column, not the model
//! path). Run over generated files with every kind of fault, in CSV and in
//! JSON Lines.

// Test code: a failing unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use chrono::NaiveDate;
use dtks_core::bulk::{self, Collect, Outputs, RowProblem};
use dtks_core::generate::{generate, Format, Options};
use dtks_core::problem::Lang;

/// Words that are English and never Indonesian. Option names (`--x`),
/// machine names (`a_b`) and codes are not words of the sentence.
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "is",
    "are",
    "was",
    "has",
    "have",
    "not",
    "or",
    "with",
    "digits",
    "number",
    "expected",
    "found",
    "head",
    "spouse",
    "male",
    "female",
    "day",
    "month",
    "year",
    "row",
    "rows",
    "column",
    "field",
    "required",
    "missing",
    "invalid",
    "value",
    "must",
    "should",
    "only",
    "also",
    "at",
    "in",
    "on",
    "by",
    "from",
    "to",
    "for",
    "which",
    "this",
    "that",
    "household",
    "family",
    "members",
    "member",
    "families",
    "address",
    "housing",
    "name",
    "birth",
    "date",
    "sex",
    "relationship",
    "floor",
    "area",
    "income",
    "photo",
    "front-of-house",
    "proposal",
    "proposals",
    "statement",
    "finalised",
    "saved",
    "rejected",
    "since",
    "error",
    "errors",
    "warning",
    "warnings",
];

fn english_words(msg: &str) -> Vec<String> {
    msg.split(|c: char| c.is_whitespace() || ",;:()[]{}\"'“”=".contains(c))
        .filter(|t| !t.starts_with('-') && !t.contains('_'))
        .flat_map(|t| t.split('.'))
        .map(str::to_lowercase)
        .filter(|t| ENGLISH.contains(&t.as_str()))
        .collect()
}

fn unfilled(msg: &str) -> bool {
    // `{key}` or `{key:kind}`: a template placeholder left as it was.
    let mut rest = msg;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let inner = &after[..close];
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == ':')
            {
                return true;
            }
        }
        rest = after;
    }
    false
}

fn problems(format: Format, seed: u64) -> Vec<RowProblem> {
    let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut opts = Options::new(6000, seed, as_of).with_fault_rate(0.3);
    opts.format = format;
    let mut data = Vec::new();
    generate(&opts, &mut data, None::<Vec<u8>>).unwrap();
    let bformat = match format {
        Format::Csv => bulk::Format::Csv,
        _ => bulk::Format::Jsonl,
    };
    let mut report = Collect::default();
    let mut out = Outputs::default();
    out.sinks.push(&mut report);
    let summary = bulk::validate(&data[..], &bulk::Options::new(bformat, as_of), &mut out).unwrap();
    assert_eq!(summary.rows_valid + summary.rows_invalid, summary.rows_read);
    drop(out);
    report.problems
}

#[test]
fn csv_messages_are_whole_and_indonesian_messages_have_no_english() {
    let ps = problems(Format::Csv, 11);
    let codes: std::collections::BTreeSet<&str> =
        ps.iter().map(|p| p.problem.code.as_str()).collect();
    assert!(codes.len() >= 20, "only {} codes: {codes:?}", codes.len());
    for p in &ps {
        let (id, en) = (p.problem.message(Lang::Id), p.problem.message(Lang::En));
        assert!(!unfilled(&id) && !unfilled(&en), "{id} | {en}");
        assert_eq!(english_words(&id), Vec::<String>::new(), "{id}");
        // CSV: a place is its column or row, never a model path.
        assert!(
            !id.contains("families[") && !en.contains("families["),
            "{id} | {en}"
        );
        assert!(!id.contains("address.") && !id.contains("housing."), "{id}");
    }
}

#[test]
fn jsonl_messages_are_whole_and_indonesian_messages_have_no_english_words() {
    for p in &problems(Format::Jsonl, 12) {
        let (id, en) = (p.problem.message(Lang::Id), p.problem.message(Lang::En));
        assert!(!unfilled(&id) && !unfilled(&en), "{id} | {en}");
        // JSON Lines names a field by its path, as the JSON user wrote it;
        // the words around it are Indonesian.
        let prose: String = id
            .split_whitespace()
            .filter(|t| !t.contains('[') && !t.contains("]."))
            .map(|t| {
                // A path such as `address.rt` or `housing.floor_area`.
                if t.contains('.') && t.chars().any(|c| c.is_ascii_lowercase()) && !t.ends_with('.')
                {
                    ""
                } else {
                    t
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(english_words(&prose), Vec::<String>::new(), "{id}");
    }
}

#[test]
fn a_child_older_than_the_head_names_the_head_in_each_language() {
    let ps = problems(Format::Csv, 13);
    let p = ps
        .iter()
        .find(|p| p.problem.code.as_str() == "CHILD_OLDER_THAN_PARENT")
        .expect("the generator makes a child older than a parent");
    let (id, en) = (p.problem.message(Lang::Id), p.problem.message(Lang::En));
    assert!(
        id.contains("kepala keluarga (baris ") || id.contains("pasangan kepala keluarga (baris "),
        "{id}"
    );
    assert!(en.contains("(row "), "{en}");
}

/// Every message of the proposal-batch answers (the shared `usulan` cases:
/// documents, programmes, prelist, trails, statement, status) is whole, and
/// the Indonesian one has no English word.
#[cfg(feature = "process")]
#[test]
fn process_messages_are_whole_and_indonesian() {
    use dtks_core::musyawarah::{QuorumRule, Session};
    use dtks_core::usulan::{self, Anchors, Batch, CheckContext, Heads};
    use serde_json::Value;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/conformance/usulan.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut seen = 0;
    let mut fails = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let input = &case["input"];
        let mut batch: Batch = serde_json::from_value(input["batch"].clone()).unwrap();
        let quorum: QuorumRule = input
            .get("quorum")
            .map(|q| serde_json::from_value(q.clone()).unwrap())
            .unwrap_or_default();
        let (prelist, session_problems) = match input.get("session") {
            Some(s) => usulan::cited_prelist(
                &serde_json::from_value::<Session>(s.clone()).unwrap(),
                &quorum,
            ),
            None => (None, Vec::new()),
        };
        let anchors = Anchors {
            key: input
                .get("key")
                .map(|k| dtks_core::lifecycle::TrailKey::from_hex(k.as_str().unwrap()).unwrap()),
            heads: input
                .get("heads")
                .map(|h| Heads::parse(&h.to_string(), "heads").unwrap().heads)
                .unwrap_or_default(),
        };
        let registered = Default::default();
        let ctx = CheckContext {
            as_of: NaiveDate::parse_from_str(case["as_of"].as_str().unwrap(), "%Y-%m-%d").unwrap(),
            registered: &registered,
            prelist: prelist.as_ref(),
            programmes: dtks_core::rules::RuleSets::builtin(),
            anchors: &anchors,
        };
        let statement = input
            .get("statement")
            .and_then(Value::as_str)
            .unwrap_or("x");
        let at = ctx.as_of.and_hms_opt(10, 0, 0).unwrap();
        let mut problems = usulan::check_answer(&batch, &ctx, session_problems.clone())
            .verdict
            .problems;
        problems.extend(
            usulan::finalise_answer(&mut batch, statement, &ctx, session_problems, "op-1", at)
                .verdict
                .problems,
        );
        for p in &problems {
            seen += 1;
            let (id, en) = (p.message(Lang::Id), p.message(Lang::En));
            // A place in a JSON document is named by its path, as the
            // host's own keys (`proposals[0]`): not a word of the sentence.
            let sentence: Vec<&str> = id.split_whitespace().filter(|t| !t.contains('[')).collect();
            let words = english_words(&sentence.join(" "));
            if !words.is_empty() || unfilled(&id) || unfilled(&en) {
                fails.push(format!(
                    "{}: {id} | {en} (English: {words:?})",
                    p.code.as_str()
                ));
            }
        }
    }
    assert!(seen > 30, "only {seen} problems");
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}
