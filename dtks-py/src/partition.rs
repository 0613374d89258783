//! A table validated in partitions by a distributed engine
//! (`dtks_core::bulk::partition`): the two passes over one partition and
//! the merge of the partitions' summaries. `dtks.scale` (and `dtks.dask`)
//! drive them; the engine does the distribution and the group-by.

use crate::bulk::{import_stream, run_with_keys, Job, PyReport};
use crate::columns::PyColumn;
use crate::{errors, util};
use arrow_array::StructArray;
use dtks_core::bulk::partition::{self, keys_table, Partition, Seen};
use dtks_core::bulk::{self, Options, Outputs, Summary};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Validates partition `number` of a table, after `rows_before` rows of
/// the table (its rows are numbered from `rows_before + 1`). `seen`: the
/// keys of the earlier partitions met more than once (a keys table with
/// `kind`, `key`, `row`, `value`), `None` on the first pass. With `keys`,
/// also the keys the partition meets, as an Arrow struct column
/// (`pyarrow.array(...)`); else `None`.
#[pyfunction]
#[pyo3(signature = (table, number, rows_before, seen = None, keys = false, options = None))]
pub fn validate_partition(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    number: u64,
    rows_before: u64,
    seen: Option<&Bound<'_, PyAny>>,
    keys: bool,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(PyReport, Option<PyColumn>)> {
    let mut job = Job::from_options(py, options)?;
    let seen = match seen {
        None => Seen::default(),
        Some(t) => {
            let (_, batches) = import_stream(py, t)?;
            Seen::from_batches(&batches).map_err(|e| errors::table_error(py, &e))?
        }
    };
    job.partition = Some(Partition::new(number, rows_before, seen));
    job.keys = keys;
    let (schema, batches) = import_stream(py, table)?;
    let input = move |o: &Options<'_>, out: &mut Outputs<'_>| {
        bulk::validate_batches(&schema, batches.into_iter().map(Ok), o, out)
    };
    let (report, met) = run_with_keys(py, input, None, job, None)?;
    let column = if keys {
        let batch =
            keys_table(&met).map_err(|e| errors::invalid_argument(py, format!("arrow: {e}")))?;
        Some(PyColumn(StructArray::from(batch)))
    } else {
        None
    };
    Ok((report, column))
}

/// Merges the partitions' summaries (each as its JSON text) into the
/// summary of the whole table, and the problems of the table's end that
/// follow the partitions' problems, and the core's verdict on the whole:
/// `(summary, closing problems, valid)`.
#[pyfunction]
pub fn merge_partitions<'py>(
    py: Python<'py>,
    summaries: Vec<String>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyList>, bool)> {
    let parts = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::from_str::<Summary>(s).map_err(|e| {
                errors::invalid_argument(py, format!("summary {i} is not a report's summary: {e}"))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let merged = partition::merge(parts)
        .map_err(|e| errors::invalid_argument(py, format!("{}: {e}", e.code())))?;
    let closing = PyList::empty(py);
    for p in &merged.closing {
        closing.append(util::answer(py, p)?)?;
    }
    let valid = merged.summary.valid();
    Ok((util::answer(py, &merged.summary)?, closing, valid))
}

/// The terminal summary table of a summary given as its JSON text, as
/// `dtks validate` prints it.
#[pyfunction]
pub fn summary_table(py: Python<'_>, summary: &str) -> PyResult<String> {
    let s: Summary = serde_json::from_str(summary)
        .map_err(|e| errors::invalid_argument(py, format!("not a report's summary: {e}")))?;
    Ok(s.table())
}

/// Registers the partition functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate_partition, m)?)?;
    m.add_function(wrap_pyfunction!(merge_partitions, m)?)?;
    m.add_function(wrap_pyfunction!(summary_table, m)?)?;
    Ok(())
}
