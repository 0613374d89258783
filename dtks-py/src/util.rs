//! Argument conversions shared by every class, and the one helper that
//! releases the GIL around long calls (as polars'
//! `crates/polars-python/src/utils.rs` does for its own).

use crate::errors;
use chrono::NaiveDate;
use dtks_core::problem::Lang;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// `as_of`: a `datetime.date`, an ISO `YYYY-MM-DD` string, or `None` for
/// today. Reading the clock happens here, at the edge: the core never does.
pub fn as_of(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    match value {
        None => today(py),
        Some(v) if v.is_none() => today(py),
        Some(v) => {
            if let Ok(s) = v.cast::<PyString>() {
                let s = s.to_cow()?;
                dtks_core::answer::parse_date(&s).ok_or_else(|| {
                    errors::invalid_argument(py, "as_of: expected a date YYYY-MM-DD")
                })
            } else {
                v.extract::<NaiveDate>().map_err(|_| {
                    errors::invalid_argument(
                        py,
                        "as_of: expected a datetime.date or a YYYY-MM-DD string",
                    )
                })
            }
        }
    }
}

fn today(py: Python<'_>) -> PyResult<NaiveDate> {
    py.import("datetime")?
        .getattr("date")?
        .call_method0("today")?
        .extract()
}

/// `lang`: `"id"` (default) or `"en"`.
pub fn lang(py: Python<'_>, value: &str) -> PyResult<Lang> {
    Lang::parse(value)
        .ok_or_else(|| errors::invalid_argument(py, "lang: expected \"id\" or \"en\""))
}

/// Runs `f` with the GIL released. Every long call goes through here so
/// that other Python threads run meanwhile (PyO3 guide, "parallelism").
pub fn without_gil<T, F>(py: Python<'_>, f: F) -> T
where
    F: Send + FnOnce() -> T,
    T: Send,
{
    py.detach(f)
}

/// A serde value as Python objects (dicts, lists, str, int, float, bool, None).
pub fn to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::types::{PyDict, PyList};
    use pyo3::IntoPyObjectExt;
    Ok(match v {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => b.into_bound_py_any(py)?,
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        serde_json::Value::String(s) => s.into_bound_py_any(py)?,
        serde_json::Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(to_py(py, x)?)?;
            }
            l.into_any()
        }
        serde_json::Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// Any serializable answer as Python objects.
pub fn answer<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("dtks: {e}")))?;
    to_py(py, &value)
}

/// A Python object (dict, list, …) as JSON text, through the `json` module.
pub fn to_json(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let json = py.import("json")?;
    json.call_method1("dumps", (obj,))?.extract()
}
