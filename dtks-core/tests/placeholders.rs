//! Every message template's placeholders are filled where a problem is
//! made: for each `Problem::new(Code::X, …)` in the core's source, the
//! `.with…("key", …)` calls chained onto it must give every `{key}` of X's
//! Indonesian and English templates. Problems whose context is added later
//! (in a loop, behind a condition) are listed in `LATER` with the reason; a
//! listed site that no longer needs it fails too, so the list only shrinks.
//! The runtime side of the same promise is `tests/messages.rs`.
// Test code: a failing unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use dtks_core::problem::{Code, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `(file under src/, code, why)`: sites whose missing keys are added after
/// the chain, by design.
const LATER: &[(&str, &str, &str)] = &[];

/// `(folder under src/, keys, why)`: keys that every problem made there gets
/// from the one function that hands problems on.
const ADDED_BY: &[(&str, &[&str], &str)] = &[
    (
        "rules/",
        &["file", "at"],
        "rulefile::Reader::push adds the file and the place to every problem",
    ),
    ("rulefile/", &["file", "at"], "as above: the reader itself"),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `{key}` / `{key:kind}` names of a template.
fn placeholders(t: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = t;
    while let Some(a) = rest.find('{') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('}') else { break };
        let inner = &after[..b];
        let key = inner.split(':').next().unwrap_or("");
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.insert(key.to_owned());
        }
        rest = &after[b + 1..];
    }
    out
}

/// From `s[open]` == '(' to just after its matching ')', skipping string
/// and char literals and comments.
fn close_of(s: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < s.len() {
        match s[i] {
            b'"' => {
                i += 1;
                while i < s.len() && s[i] != b'"' {
                    if s[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'\'' if i + 2 < s.len() && (s[i + 2] == b'\'' || s[i + 1] == b'\\') => {
                i += if s[i + 1] == b'\\' { 3 } else { 2 };
            }
            b'/' if s.get(i + 1) == Some(&b'/') => {
                while i < s.len() && s[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn skip_space(s: &[u8], mut i: usize) -> usize {
    loop {
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        if s[i..].starts_with(b"//") {
            while i < s.len() && s[i] != b'\n' {
                i += 1;
            }
        } else {
            return i;
        }
    }
}

/// The keys chained onto the problem made at `at` (the `P` of `Problem::new(`).
fn chained_keys(s: &[u8], open: usize) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let Some(mut i) = close_of(s, open) else {
        return keys;
    };
    loop {
        i = skip_space(s, i);
        if !s[i..].starts_with(b".with") {
            return keys;
        }
        let Some(p) = s[i..].iter().position(|&b| b == b'(').map(|p| i + p) else {
            return keys;
        };
        let arg = skip_space(s, p + 1);
        if s.get(arg) == Some(&b'"') {
            let end = s[arg + 1..].iter().position(|&b| b == b'"').unwrap() + arg + 1;
            keys.insert(String::from_utf8_lossy(&s[arg + 1..end]).into_owned());
        }
        match close_of(s, p) {
            Some(e) => i = e,
            None => return keys,
        }
    }
}

#[test]
fn every_problem_made_gives_the_keys_of_its_templates() {
    let by_name: BTreeMap<String, Code> =
        Code::ALL.iter().map(|c| (format!("{c:?}"), *c)).collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut sites = 0;
    let mut missing = Vec::new();
    let mut later_used = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let s = text.as_bytes();
        // Unit tests and doc examples make problems to test with, not to report.
        let tests_from = text
            .find("\nmod tests {")
            .filter(|&m| text[..m].rfind("#[cfg(test)]").is_some_and(|c| m - c < 200))
            .unwrap_or(text.len());
        let added: BTreeSet<String> = ADDED_BY
            .iter()
            .filter(|(dir, _, _)| rel.starts_with(dir))
            .flat_map(|(_, keys, _)| keys.iter().map(|k| (*k).to_owned()))
            .collect();
        let mut from = 0;
        while let Some(at) = text[from..].find("Problem::new(").map(|a| a + from) {
            from = at + 1;
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            if at >= tests_from || text[line_start..at].trim_start().starts_with("//") {
                continue;
            }
            let open = at + "Problem::new".len();
            let arg = skip_space(s, open + 1);
            if !text[arg..].starts_with("Code::") {
                continue; // a code chosen at run time
            }
            let name: String = text[arg + 6..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let Some(code) = by_name.get(&name) else {
                panic!("{rel}: Code::{name} is not a code");
            };
            sites += 1;
            let mut keys = chained_keys(s, open);
            keys.extend(added.iter().cloned());
            let mut want = placeholders(code.template(Lang::Id));
            want.extend(placeholders(code.template(Lang::En)));
            let lacking: Vec<_> = want.difference(&keys).cloned().collect();
            if lacking.is_empty() {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            if let Some(l) = LATER
                .iter()
                .find(|(file, c, _)| *file == rel && *c == code.as_str())
            {
                later_used.insert(*l);
                continue;
            }
            missing.push(format!("{rel}:{line}: {} lacks {lacking:?}", code.as_str()));
        }
    }
    assert!(sites > 100, "only {sites} sites found");
    let unused: Vec<_> = LATER.iter().filter(|l| !later_used.contains(*l)).collect();
    assert!(
        unused.is_empty(),
        "LATER entries no longer needed: {unused:?}"
    );
    assert!(
        missing.is_empty(),
        "{} sites:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
