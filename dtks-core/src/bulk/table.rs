//! The problems of a report as an Arrow table (feature `arrow`), for hosts
//! that hold their data as DataFrames.

use super::RowProblem;
use crate::problem::Lang;
use arrow_array::builder::{ListBuilder, UInt64Builder};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, StructArray, UInt64Array};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use std::sync::Arc;

/// The problems of a report as one Arrow record batch, one row per problem:
/// the columns of the CSV report (`row`, `rows`, `household`, `field`,
/// `path`, `code`, `severity`, `message_id`, `message_en`; `row` 1-based as
/// there) with `context` before the messages, a struct column of a nullable
/// text field per context key any problem has (null where a problem's code
/// has no such key; the masked values the messages show).
///
/// ```
/// use dtks_core::bulk::{problems_table, RowProblem};
/// use dtks_core::problem::{Code, Problem};
/// let p = RowProblem::at(3, "nik", Problem::new(Code::NikLength, "nik").with("len", 3));
/// let t = problems_table(&[p]).unwrap();
/// assert_eq!(t.num_rows(), 1);
/// assert_eq!(t.schema().field(7).name(), "context");
/// ```
pub fn problems_table(problems: &[RowProblem]) -> Result<RecordBatch, ArrowError> {
    let row: UInt64Array = problems.iter().map(|p| p.row).collect();
    let mut rows = ListBuilder::new(UInt64Builder::new()).with_field(Arc::new(Field::new(
        "item",
        DataType::UInt64,
        false,
    )));
    for p in problems {
        rows.values().append_slice(&p.rows);
        rows.append(true);
    }
    let rows = rows.finish();
    let household: StringArray = problems.iter().map(|p| p.household.as_deref()).collect();
    let text = |f: &dyn Fn(&RowProblem) -> String| -> StringArray {
        problems.iter().map(|p| Some(f(p))).collect()
    };
    let field = text(&|p| p.field.clone());
    let path = text(&|p| p.problem.path.clone());
    let code = text(&|p| p.problem.code.as_str().to_owned());
    let severity = text(&|p| p.problem.severity.as_str().to_owned());
    let message_id = text(&|p| p.problem.message(Lang::Id));
    let message_en = text(&|p| p.problem.message(Lang::En));
    let context = context_struct(problems)?;
    let s = |n: &str, nullable: bool| Field::new(n, DataType::Utf8, nullable);
    let schema = Schema::new(vec![
        Field::new("row", DataType::UInt64, true),
        Field::new("rows", rows.data_type().clone(), false),
        s("household", true),
        s("field", false),
        s("path", false),
        s("code", false),
        s("severity", false),
        Field::new("context", context.data_type().clone(), false),
        s("message_id", false),
        s("message_en", false),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(row),
        Arc::new(rows),
        Arc::new(household),
        Arc::new(field),
        Arc::new(path),
        Arc::new(code),
        Arc::new(severity),
        Arc::new(context),
        Arc::new(message_id),
        Arc::new(message_en),
    ];
    RecordBatch::try_new(Arc::new(schema), cols)
}

/// The context of every problem as one struct column: a nullable text field
/// per key any problem of the report has (in order of first use), null where
/// a problem's code has no such key. The values are the masked values the
/// messages show.
fn context_struct(problems: &[RowProblem]) -> Result<StructArray, ArrowError> {
    let mut keys: Vec<&'static str> = Vec::new();
    for p in problems {
        for (k, _) in &p.problem.context {
            if !keys.contains(k) {
                keys.push(k);
            }
        }
    }
    if keys.is_empty() {
        return Ok(StructArray::new_empty_fields(problems.len(), None));
    }
    let fields: Vec<Field> = keys
        .iter()
        .map(|k| Field::new(*k, DataType::Utf8, true))
        .collect();
    let arrays: Vec<ArrayRef> = keys
        .iter()
        .map(|k| {
            let col: StringArray = problems
                .iter()
                .map(|p| {
                    p.problem
                        .context
                        .iter()
                        .find(|(key, _)| key == k)
                        .map(|(_, v)| match v.as_text() {
                            Some(t) => t.to_owned(),
                            None => serde_json::to_string(v).unwrap_or_default(),
                        })
                })
                .collect();
            Arc::new(col) as ArrayRef
        })
        .collect();
    StructArray::try_new(fields.into(), arrays, None)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::bulk::CSV_REPORT_COLUMNS;
    use crate::problem::{Code, Problem};

    /// The table has the CSV report's columns, in its order, with `context`
    /// before the messages.
    #[test]
    fn columns_are_the_csv_reports() {
        let t = problems_table(&[]).unwrap();
        let names: Vec<String> = t
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let mut want: Vec<String> = CSV_REPORT_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
        want.insert(7, "context".to_owned());
        assert_eq!(names, want);
    }

    #[test]
    fn context_keys_are_a_union_and_null_where_absent() {
        let ps = [
            RowProblem::at(
                1,
                "nik",
                Problem::new(Code::NikLength, "nik").with("len", 3),
            ),
            RowProblem::at(2, "kk", Problem::new(Code::KkLength, "kk").with("len", 4)),
            RowProblem::at(3, "nama", Problem::new(Code::HeaderMissing, "")),
        ];
        let t = problems_table(&ps).unwrap();
        assert_eq!(t.num_rows(), 3);
        let ctx = t.column(7).as_any().downcast_ref::<StructArray>().unwrap();
        let len = ctx
            .column_by_name("len")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(len.value(0), "3");
        assert_eq!(len.value(1), "4");
        assert!(len.is_null(2));
    }
}
