//! Problems of a validated household placed back on the rows they concern:
//! model paths mapped to row numbers and column names, and the problems that
//! only repeat a fault already reported while reading dropped.

use super::column::{path_indexes, Column};
use super::report::RowProblem;
use crate::problem::{Code, Problem};

/// Drops the problems of household validation that only repeat a fault
/// already reported while reading (`problems[..read]`): a value present but
/// unreadable (an unparseable date, a name that is not UTF-8, a code out of
/// its list) leaves its field unknown, and validation would add
/// `FIELD_REQUIRED` for it, or `FAMILY_NO_HEAD` for a family whose
/// unreadable `hub_keluarga` may be its head's. One fault, one problem.
/// Nothing to do (and nothing done) for a household read without a problem.
pub(crate) fn drop_consequential(problems: &mut Vec<RowProblem>, read: usize) {
    if read == 0 || problems.len() == read {
        return;
    }
    let tail = problems.split_off(read);
    let repeats = |p: &RowProblem| {
        matches!(p.problem.code, Code::FieldRequired | Code::FamilyNoHead)
            && !p.field.is_empty()
            && problems.iter().any(|r| {
                r.field == p.field
                    && r.problem.is_error()
                    && r.row.is_some_and(|x| p.rows.contains(&x))
            })
    };
    let kept: Vec<RowProblem> = tail.into_iter().filter(|p| !repeats(p)).collect();
    problems.extend(kept);
}

/// Maps problems of a validated household (model paths) to its rows.
pub(crate) fn place(
    problems: Vec<Problem>,
    member_rows: &[Vec<u64>],
    all_rows: &[u64],
    label: &str,
    field_name: &dyn Fn(Column) -> String,
    by_row: bool,
    out: &mut Vec<RowProblem>,
) {
    for mut p in problems {
        if by_row {
            name_paths(&mut p, member_rows, field_name);
        }
        let rows: Vec<u64> = match path_indexes(&p.path) {
            (Some(f), Some(m)) => member_rows
                .get(f)
                .and_then(|r| r.get(m))
                .map_or_else(|| all_rows.to_vec(), |r| vec![*r]),
            // A family without rows (no members) is the household's problem:
            // every problem must point at a row, or its row would count as valid.
            (Some(f), None) => member_rows
                .get(f)
                .filter(|r| !r.is_empty())
                .cloned()
                .unwrap_or_else(|| all_rows.to_vec()),
            _ => all_rows.to_vec(),
        };
        let field = Column::from_path(&p.path).map_or_else(String::new, field_name);
        out.push(RowProblem {
            row: rows.first().copied(),
            rows,
            household: Some(label.to_owned()),
            field,
            problem: p,
        });
    }
}

/// Names the model places in a problem's context as a CSV user knows them:
/// the problem's own field (and any `field`) by its column, another member
/// or family by its row (`{"row": 12, "text": {"id": "baris 12", "en": "row 12"}}`).
fn name_paths(p: &mut Problem, member_rows: &[Vec<u64>], field_name: &dyn Fn(Column) -> String) {
    use crate::problem::Value;
    let own = &p.path;
    for (key, v) in &mut p.context {
        let Value::Path(path) = v else { continue };
        let row = match path_indexes(path) {
            _ if *key == "field" || path == own => None,
            (Some(f), Some(m)) => member_rows.get(f).and_then(|r| r.get(m)).copied(),
            (Some(f), None) => member_rows.get(f).and_then(|r| r.first()).copied(),
            _ => None,
        };
        *v = match (row, Column::from_path(path)) {
            (Some(r), _) => Value::Map(vec![
                (
                    "row".to_owned(),
                    Value::Int(i64::try_from(r).unwrap_or(i64::MAX)),
                ),
                (
                    "text".to_owned(),
                    Value::Lang {
                        id: format!("baris {r}"),
                        en: format!("row {r}"),
                    },
                ),
            ]),
            (None, Some(c)) => Value::Text(field_name(c)),
            (None, None) => continue,
        };
    }
}
