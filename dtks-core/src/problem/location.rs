//! A problem's place in the input as parts (keys and indices), the way
//! pydantic-core gives a location: `families[0].members[2].nik` is
//! `["families", 0, "members", 2, "nik"]`.

use serde::Serialize;

/// One step of a [`location`]: a key of an object or an index of a list.
///
/// In JSON a key is a string and an index a number, so a location is the
/// array a host walks its own document with.
///
/// ```
/// use dtks_core::problem::{location, PathPart};
/// let loc = location("families[0].members[2].nik");
/// assert_eq!(loc[1], PathPart::Index(0));
/// assert_eq!(serde_json::to_string(&loc).unwrap(), r#"["families",0,"members",2,"nik"]"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PathPart {
    /// A key of an object (a field, a column name).
    Key(String),
    /// A position in a list, from 0.
    Index(usize),
}

/// The parts of a dotted path with `[i]` indices: keys split at dots
/// outside brackets, `[n]` an index, a bracketed text that is not a number
/// (`proposals[P-1]`) a key. An empty path is an empty location (the whole
/// input). A path that is one column name of a table stays one key.
///
/// ```
/// use dtks_core::problem::{location, PathPart};
/// assert_eq!(location(""), vec![]);
/// assert_eq!(location("[3].nik"), vec![PathPart::Index(3), PathPart::Key("nik".into())]);
/// assert_eq!(location("no_kk"), vec![PathPart::Key("no_kk".into())]);
/// ```
pub fn location(path: &str) -> Vec<PathPart> {
    let mut out = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars();
    let flush = |key: &mut String, out: &mut Vec<PathPart>| {
        if !key.is_empty() {
            out.push(PathPart::Key(std::mem::take(key)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut key, &mut out),
            '[' => {
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == ']' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    // An unclosed bracket is text of the key.
                    key.push('[');
                    key.push_str(&inner);
                    continue;
                }
                flush(&mut key, &mut out);
                out.push(match inner.parse::<usize>() {
                    Ok(i) => PathPart::Index(i),
                    Err(_) => PathPart::Key(inner),
                });
            }
            c => key.push(c),
        }
    }
    flush(&mut key, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(s: &str) -> PathPart {
        PathPart::Key(s.to_owned())
    }

    #[test]
    fn paths_of_every_kind() {
        assert_eq!(
            location("eligibility.any[1].age_between"),
            vec![
                k("eligibility"),
                k("any"),
                PathPart::Index(1),
                k("age_between")
            ]
        );
        assert_eq!(
            location("proposals[P-1].programmes"),
            vec![k("proposals"), k("P-1"), k("programmes")]
        );
        assert_eq!(
            location("a[2][3]"),
            vec![k("a"), PathPart::Index(2), PathPart::Index(3)]
        );
        assert_eq!(location("a[x"), vec![k("a[x")]);
    }

    proptest! {
        /// Any path made of keys and indices comes back as those parts.
        #[test]
        fn parts_come_back(parts in proptest::collection::vec(
            prop_oneof![
                "[a-z_]{1,8}".prop_map(PathPart::Key),
                (0usize..1000).prop_map(PathPart::Index),
            ], 0..6)) {
            let mut path = String::new();
            for p in &parts {
                match p {
                    PathPart::Key(s) => {
                        if !path.is_empty() { path.push('.'); }
                        path.push_str(s);
                    }
                    PathPart::Index(i) => path.push_str(&format!("[{i}]")),
                }
            }
            prop_assert_eq!(location(&path), parts);
        }

        /// Never panics, whatever the text.
        #[test]
        fn any_text(s in ".{0,40}") {
            let _ = location(&s);
        }
    }
}
