//! `dtks.map` versions the shared library's symbols: every function of
//! `include/dtks.h` must sit in exactly one version node, and every name
//! in the map must still be exported. A new function goes into the node of
//! the release that adds it (the map's opening comment says how).
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

fn read(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The functions the header declares: top-level lines with `dtks_…(`.
fn header_functions() -> Vec<String> {
    let mut v = Vec::new();
    for line in read("../include/dtks.h").lines() {
        let top =
            line.starts_with(|c: char| c.is_ascii_alphabetic()) && !line.starts_with("typedef");
        if !top {
            continue;
        }
        if let Some(open) = line.find('(') {
            let head = &line[..open];
            let name = head
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next();
            if let Some(n) = name.filter(|n| n.starts_with("dtks_")) {
                v.push(n.to_string());
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

/// Name → node, from the map's `global:` lists (comments removed).
fn map_symbols() -> BTreeMap<String, Vec<String>> {
    let mut text = read("dtks.map");
    while let Some(a) = text.find("/*") {
        let b = text[a..].find("*/").map_or(text.len(), |b| a + b + 2);
        text.replace_range(a..b, " ");
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut node = String::new();
    let mut global = false;
    for tok in text.split(|c: char| c.is_whitespace() || c == ';') {
        match tok {
            "" | "{" => {}
            "global:" => global = true,
            "local:" => global = false,
            t if t.starts_with('}') => global = false,
            t if t.starts_with("DTKS_") => node = t.to_string(),
            t if global => out.entry(t.to_string()).or_default().push(node.clone()),
            _ => {}
        }
    }
    out
}

#[test]
fn every_function_has_one_version_and_the_map_names_only_functions() {
    let header = header_functions();
    let map = map_symbols();
    assert!(header.len() > 50, "header parsed: {header:?}");
    let missing: Vec<_> = header.iter().filter(|f| !map.contains_key(*f)).collect();
    assert!(
        missing.is_empty(),
        "functions not in dtks-ffi/dtks.map (add them to the node of the next release): {missing:?}"
    );
    let stale: Vec<_> = map.keys().filter(|s| !header.contains(s)).collect();
    assert!(
        stale.is_empty(),
        "names in dtks.map that the header no longer declares: {stale:?}"
    );
    let twice: Vec<_> = map.iter().filter(|(_, n)| n.len() > 1).collect();
    assert!(
        twice.is_empty(),
        "functions in more than one node: {twice:?}"
    );
    assert!(
        map.values().all(|n| n[0].starts_with("DTKS_0.")),
        "nodes: {map:?}"
    );
}
