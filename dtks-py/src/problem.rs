//! `dtks.Problem`: the one record every check answers with.

use crate::{errors, util};
use dtks_core::problem::{Code, Problem, Severity, Value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::collections::HashSet;
use std::sync::Mutex;

/// One problem: a stable `code`, a `severity` (`"error"` / `"warning"`), a
/// `path` into the input and the masked `context` that fills its message.
///
/// >>> from dtks import Household
/// >>> p = Household.from_dict({"id": "x", "address": {"village_code": "31.71.01.1001"}}).validate("2026-01-01")[0]
/// >>> p.code, p.severity
/// ('HOUSEHOLD_NO_FAMILY', 'error')
/// >>> p.message("en")
/// 'the household has no family'
#[pyclass(module = "dtks", name = "Problem", frozen)]
#[derive(Debug, Clone)]
pub struct PyProblem(pub Problem);

impl From<Problem> for PyProblem {
    fn from(p: Problem) -> Self {
        PyProblem(p)
    }
}

/// Context keys are `&'static str` in the core; an unpickled problem's keys
/// are interned here (a handful of distinct keys exist).
fn intern(key: &str) -> &'static str {
    static KEYS: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let Ok(mut guard) = KEYS.lock() else {
        return "";
    };
    let set = guard.get_or_insert_with(HashSet::new);
    if let Some(k) = set.get(key) {
        return k;
    }
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    set.insert(leaked);
    leaked
}

#[pymethods]
impl PyProblem {
    /// Rebuilds a problem (used by pickle): a known `code`, its `path`,
    /// `severity` and masked `context`.
    #[new]
    #[pyo3(signature = (code, path = String::new(), severity = None, context = None))]
    fn new(
        py: Python<'_>,
        code: &str,
        path: String,
        severity: Option<&str>,
        context: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let Some(c) = Code::from_str_code(code) else {
            return Err(errors::invalid_argument(
                py,
                "code: not a dtks problem code",
            ));
        };
        let mut p = Problem::new(c, path);
        if let Some(s) = severity {
            let s = Severity::from_name(s).ok_or_else(|| {
                errors::invalid_argument(py, "severity: expected \"error\" or \"warning\"")
            })?;
            p = p.with_severity(s);
        }
        if let Some(ctx) = context.filter(|c| !c.is_none()) {
            let pairs: Vec<(String, Bound<'_, PyAny>)> = match ctx.cast::<PyDict>() {
                Ok(d) => d
                    .iter()
                    .map(|(k, v)| Ok((k.extract::<String>()?, v)))
                    .collect::<PyResult<_>>()?,
                Err(_) => ctx.extract()?,
            };
            for (k, v) in pairs {
                p = p.with_value(intern(&k), value_of(py, &v)?);
            }
        }
        Ok(PyProblem(p))
    }

    /// The stable code, e.g. `"NIK_LENGTH"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }

    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// Where in the input: `families[0].members[2].nik`.
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }

    /// The path as a tuple of keys (str) and indices (int), as pydantic's
    /// ``loc``: ``("families", 0, "members", 2, "nik")``.
    #[getter]
    fn loc<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut parts: Vec<Bound<'py, PyAny>> = Vec::new();
        for p in self.0.location() {
            parts.push(match p {
                dtks_core::problem::PathPart::Index(i) => i.into_pyobject(py)?.into_any(),
                dtks_core::problem::PathPart::Key(k) => k.into_pyobject(py)?.into_any(),
                _ => "".into_pyobject(py)?.into_any(),
            });
        }
        PyTuple::new(py, parts)
    }

    /// True for an error.
    #[getter]
    fn is_error(&self) -> bool {
        self.0.is_error()
    }

    /// The masked values that fill the message.
    #[getter]
    fn context<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.0.context {
            d.set_item(k, util::answer(py, v)?)?;
        }
        Ok(d)
    }

    /// The message in `"id"` (Indonesian, default) or `"en"` (English).
    #[pyo3(signature = (lang = "id"))]
    fn message(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Ok(self.0.message(util::lang(py, lang)?))
    }

    /// As a dict: code, severity, path, context, message_id, message_en.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// This problem as its exception (`InvalidNik`, `InvalidHousehold`, …),
    /// ready to `raise`.
    fn to_exception<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::exceptions::PyBaseException> {
        errors::from_problem(py, &self.0)
            .into_value(py)
            .into_bound(py)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyProblem>() {
            Ok(o) => o.get().0 == self.0,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.code.hash(&mut h);
        self.0.path.hash(&mut h);
        self.0.context.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "Problem(code='{}', severity='{}', path='{}')",
            self.0.code.as_str(),
            self.0.severity.as_str(),
            self.0.path
        )
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let p = &slf.get().0;
        let ctx = PyDict::new(py);
        for (k, v) in &p.context {
            ctx.set_item(k, util::answer(py, v)?)?;
        }
        let args =
            (p.code.as_str(), p.path.as_str(), p.severity.as_str(), ctx).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// A context value from Python: `str`, `int`, a list of values, a dict of
/// values (a dict of exactly `id` and `en` texts is a text in each language).
fn value_of(py: Python<'_>, v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(s) = v.extract::<String>() {
        return Ok(Value::Text(s));
    }
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(Value::Text(v.str()?.to_string().to_lowercase()));
    }
    if let Ok(n) = v.extract::<i64>() {
        return Ok(Value::Int(n));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut entries = Vec::new();
        for (k, x) in d.iter() {
            entries.push((k.extract::<String>()?, value_of(py, &x)?));
        }
        if let [(a, Value::Text(id)), (b, Value::Text(en))] = entries.as_slice() {
            if a == "id" && b == "en" {
                return Ok(Value::Lang {
                    id: id.clone(),
                    en: en.clone(),
                });
            }
        }
        return Ok(Value::Map(entries));
    }
    if let Ok(items) = v.extract::<Vec<Bound<'_, PyAny>>>() {
        return items
            .iter()
            .map(|x| value_of(py, x))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::List);
    }
    Err(errors::invalid_argument(
        py,
        "context: values are str, int, lists and dicts of them",
    ))
}

/// Every problem code with its severity and both message templates.
#[pyfunction]
pub fn codes<'py>(py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    Code::ALL
        .iter()
        .map(|&c| {
            let d = util::answer(py, &dtks_core::problem::CodeEntry::from(c))?;
            d.set_item("exception", errors::class_for_code(c))?;
            Ok(d)
        })
        .collect()
}
