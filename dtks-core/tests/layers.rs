//! The core's modules depend on each other in one direction (issue 18;
//! ../shared/DESIGN.md "Rules in three layers, one direction"): this test
//! reads every `crate::<module>` reference in `src/` (code only: comments,
//! doc comments and `#[cfg(test)]` modules are left out), builds the graph of
//! top-level modules, and fails when a circle appears that is not in
//! [`KNOWN`]. A circle in `KNOWN` that no longer exists fails too, so the
//! list only shrinks: remove its line when the circle is cut.
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Circles that exist today and are being removed, each as its sorted
/// members joined by " ↔ ". Nothing may be added here.
const KNOWN: &[&str] = &[];

/// Edges that must not exist, whatever circle they would or would not make:
/// the layers of deciding run one way. `logic` (three-valued results, the
/// value seen, ages) at the bottom; `rulefile` (reading rule documents)
/// beside it; criteria sets and PMT models on those; `rules` (the loaded
/// documents) above; `assess` (evaluation) above that; `bulk` on top, with
/// its own adapter for eligibility (`bulk::eligibility`).
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "logic",
        &["rulefile", "criteria", "pmt", "rules", "assess", "bulk"],
    ),
    (
        "rulefile",
        &["logic", "criteria", "pmt", "rules", "assess", "bulk"],
    ),
    ("criteria", &["rules", "assess", "bulk"]),
    ("pmt", &["rules", "assess", "bulk"]),
    ("rules", &["assess", "bulk"]),
    ("assess", &["bulk"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/bulk/row.rs` → `bulk`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// The code of a file without comments and without its `#[cfg(test)]`
/// test module. A `#[cfg(test)]` on any other item (a test-only method in
/// the middle of a file) ends nothing: what follows it is still read (the
/// item itself too, which can only add an edge, never hide one).
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let t = line.trim_start();
        i += 1;
        if is_test_cfg(t) {
            // The item it guards, past further attributes and comments.
            let Some(at) = (i..lines.len()).find(|&j| {
                let l = lines[j].trim_start();
                !l.starts_with("#[") && !l.starts_with("//")
            }) else {
                break;
            };
            let item = lines[at].trim_start();
            if item.starts_with("mod ") || item.starts_with("pub(crate) mod ") {
                // Skip the module to its closing brace; code after it is read.
                let mut depth = 0i64;
                let mut j = at;
                while let Some(l) = lines.get(j) {
                    depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
                    j += 1;
                    if depth <= 0 && (l.contains('}') || l.trim_end().ends_with(';')) {
                        break;
                    }
                }
                i = j;
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        // A trailing comment (code never holds " // " outside strings here).
        let line = line.split(" // ").next().unwrap_or_default();
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `#[cfg(test)]`, `#[cfg(all(test, …))]`: code compiled for tests only.
fn is_test_cfg(attr: &str) -> bool {
    attr.starts_with("#[cfg(test)]") || attr.starts_with("#[cfg(all(test,")
}

/// `crate::x` references of a piece of code.
fn references(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let before = rest[..i].chars().last();
        // `dtks_core::` paths in doc tests are excluded above; `$crate` in macros counts.
        if !name.is_empty() && before.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_') {
            out.insert(name);
        }
        rest = after;
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let modules: BTreeSet<String> = all.iter().filter_map(|p| module_of(p)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &all {
        let Some(m) = module_of(p) else { continue };
        if p.file_name().is_some_and(|n| n == "tests.rs")
            || p.components().any(|c| c.as_os_str() == "tests")
        {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let to = g.entry(m.clone()).or_default();
        for r in references(&code(&text)) {
            if r != m && modules.contains(&r) {
                to.insert(r);
            }
        }
    }
    g
}

/// The strongly connected components with more than one module (Tarjan).
fn circles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        let g = s.g;
        for w in g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn the_reader_sees_references_and_skips_comments_and_tests() {
    let c = code("use crate::region;\n/// [`crate::bulk`]\n// crate::rules\nlet x = crate::id::Nik::parse(s); // crate::pmt\n#[cfg(test)]\nmod tests { use crate::assess; }\n");
    let r: Vec<_> = references(&c).into_iter().collect();
    assert_eq!(r, ["id", "region"]);
}

/// A test-only method mid-file hides nothing after it; a test module is
/// left out to its closing brace, and what follows it is read.
#[test]
fn only_the_test_module_is_left_out() {
    let text = "use crate::a;\n#[cfg(test)]\nfn helper() {}\nuse crate::b;\n#[cfg(all(test, feature = \"x\"))]\n#[allow(unused)]\nmod tests {\nuse crate::c;\nfn f() {\n}\n}\nuse crate::d;\n#[cfg(test)]\nmod more;\nuse crate::e;\n";
    let refs = references(&code(text));
    assert_eq!(
        refs.into_iter().collect::<Vec<_>>(),
        [
            "a".to_owned(),
            "b".to_owned(),
            "d".to_owned(),
            "e".to_owned()
        ]
    );
}

#[test]
fn the_finder_finds_a_circle_of_three() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into());
        g.entry(b.into()).or_default();
    }
    assert_eq!(
        circles(&g),
        vec![vec!["a".to_owned(), "b".into(), "c".into()]]
    );
}

#[test]
fn no_new_import_circle_between_core_modules() {
    let g = graph();
    let found: BTreeSet<String> = circles(&g).iter().map(|c| c.join(" ↔ ")).collect();
    let known: BTreeSet<String> = KNOWN.iter().map(|s| (*s).to_owned()).collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    let edges: Vec<String> = g
        .iter()
        .map(|(m, to)| {
            format!(
                "  {m} → {}",
                to.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "import circles between core modules:\n  new (cut them): {new:?}\n  no longer there (remove from KNOWN): {gone:?}\nthe graph:\n{}",
        edges.join("\n")
    );
}

#[test]
fn the_layers_of_deciding_run_one_way() {
    let g = graph();
    if std::env::var_os("DTKS_PRINT_GRAPH").is_some() {
        for (m, deps) in &g {
            let list: Vec<&str> = deps.iter().map(String::as_str).collect();
            println!("{m} -> {}", list.join(", "));
        }
    }
    let mut wrong = Vec::new();
    for (from, tos) in FORBIDDEN {
        for to in *tos {
            if g.get(*from).is_some_and(|d| d.contains(*to)) {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "edges against the layering: {wrong:?}");
}
