//! JSON Lines read leniently: a household line whose values do not all fit
//! the model is read without them, one problem per value at its path, so
//! every other check still runs (docs/bulk.md, "JSON Lines as they arrive").

use super::report::RowProblem;
use crate::household::Household;
use crate::problem::{Code, Problem};

/// Most values a JSON Lines household may carry wrongly.
const JSON_FAULTS_MAX: usize = 32;

/// Reads a line that is not a [`Household`] as it stands: one problem per
/// value that does not fit its field (at its path), and the household read
/// without those values, so that every other check still runs on it, as for
/// a CSV row. A value is taken out by making it `null` (every field of the
/// model that may be wrong is optional) or, if `null` does not fit either,
/// by removing it (an unknown field). Text that is not JSON, a field that is
/// missing, or a fault at the top level leaves no household: one
/// `JSON_INVALID` says why.
pub(super) fn read_leniently(
    text: &str,
    first: &serde_json::Error,
) -> (Option<Household>, Vec<Problem>) {
    use crate::document::explain;
    let whole = |e: &serde_json::Error, path: &str| {
        let p = Problem::new(Code::JsonInvalid, path).with_value("detail", explain(e));
        if e.line() > 0 {
            p.with_int("line", e.line()).with_int("column", e.column())
        } else {
            p
        }
    };
    let mut v = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) if v.is_object() => v,
        _ => return (None, vec![whole(first, "")]),
    };
    let mut faults: Vec<Problem> = Vec::new();
    let mut nulled: Vec<String> = Vec::new();
    loop {
        let err = match serde_path_to_error::deserialize::<_, Household>(&v) {
            Ok(h) => return (Some(h), faults),
            Err(err) => err,
        };
        let path = err.path().to_string();
        let inner = err.into_inner();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let missing = inner.to_string().starts_with("missing field");
        let again = nulled.contains(&path);
        if path.is_empty() || missing || faults.len() >= JSON_FAULTS_MAX {
            faults.push(whole(&inner, &path));
            return (None, faults);
        }
        let taken = if again {
            remove_at(&mut v, &path)
        } else {
            faults.push(
                Problem::new(Code::JsonFieldInvalid, path.clone())
                    .with_path("field", path.clone())
                    .with_value("detail", explain(&inner)),
            );
            nulled.push(path.clone());
            null_at(&mut v, &path)
        };
        if !taken {
            faults.push(whole(&inner, &path));
            return (None, faults);
        }
    }
}

/// The segments of a serde path: `families[0].members[1].nik`.
fn segments(path: &str) -> Vec<Result<usize, &str>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Err(key));
        }
        while let Some(close) = rest.find(']') {
            if let Ok(n) = rest.get(1..close).unwrap_or("").parse() {
                out.push(Ok(n));
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
    }
    out
}

fn parent_of<'v>(
    v: &'v mut serde_json::Value,
    path: &str,
) -> Option<(&'v mut serde_json::Value, String, Option<usize>)> {
    let segs = segments(path);
    let (last, up) = segs.split_last()?;
    let mut at = v;
    for s in up {
        at = match s {
            Ok(i) => at.get_mut(*i)?,
            Err(k) => at.get_mut(*k)?,
        };
    }
    Some(match last {
        Ok(i) => (at, String::new(), Some(*i)),
        Err(k) => (at, (*k).to_owned(), None),
    })
}

fn null_at(v: &mut serde_json::Value, path: &str) -> bool {
    let Some((parent, key, index)) = parent_of(v, path) else {
        return false;
    };
    let slot = match index {
        Some(i) => parent.get_mut(i),
        None => parent.get_mut(key.as_str()),
    };
    match slot {
        Some(x) if !x.is_null() => {
            *x = serde_json::Value::Null;
            true
        }
        _ => false,
    }
}

fn remove_at(v: &mut serde_json::Value, path: &str) -> bool {
    match parent_of(v, path) {
        Some((serde_json::Value::Object(m), key, None)) => m.remove(&key).is_some(),
        _ => false,
    }
}

/// JSON Lines: a value taken out while reading (`problems[..read]`) leaves
/// its field unknown; validation's `FIELD_REQUIRED` for that field, and
/// `FAMILY_NO_HEAD` for the family whose member's `relationship` it was,
/// only repeat it. One fault, one problem.
pub(super) fn drop_consequential_json(problems: &mut Vec<RowProblem>, read: usize) {
    if read == 0 || problems.len() == read {
        return;
    }
    let tail = problems.split_off(read);
    let taken: Vec<String> = problems.iter().map(|p| p.problem.path.clone()).collect();
    let repeats = |p: &RowProblem| match p.problem.code {
        Code::FieldRequired => taken.contains(&p.problem.path),
        Code::FamilyNoHead => taken.iter().any(|t| {
            t.strip_prefix(p.problem.path.as_str()).is_some_and(|rest| {
                rest.starts_with(".members[") && rest.ends_with(".relationship")
            })
        }),
        _ => false,
    };
    problems.extend(tail.into_iter().filter(|p| !repeats(p)));
}
