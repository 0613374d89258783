//! `dtks.Household`: one household from a dict or JSON, validated by the core.

use crate::problem::PyProblem;
use crate::{errors, util};
use dtks_core::answer;
use dtks_core::household::{self, Household};
use dtks_core::problem::{Code, Problem};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

/// One DTKS household: an address, families (one KK each) with their
/// members, the housing. Built from a dict or JSON text; every rule is the
/// core's. `repr` shows the id and counts, never a NIK or a name.
///
/// >>> from dtks import Household
/// >>> h = Household.from_dict({"id": "RT-1", "address": {"village_code": "31.71.01.1001"},
/// ...                          "families": []})
/// >>> h
/// Household(id='RT-1', families=0, members=0)
/// >>> [p.code for p in h.validate("2026-01-01")]
/// ['HOUSEHOLD_NO_FAMILY']
#[pyclass(module = "dtks", name = "Household", frozen)]
#[derive(Debug, Clone)]
pub struct PyHousehold(pub Household);

/// Parses JSON text into a household, or `InvalidHousehold` (`JSON_INVALID`)
/// whose message names the place but never quotes a value.
fn parse(py: Python<'_>, json: &str) -> PyResult<Household> {
    serde_json::from_str::<Household>(json).map_err(|e| {
        let p = Problem::new(Code::JsonInvalid, "").with(
            "detail",
            format!(
                "line {}, column {}: {}",
                e.line(),
                e.column(),
                answer::json_reason(&e)
            ),
        );
        errors::household_invalid(py, &[p])
    })
}

/// A dict (or any JSON-able object) or a `str`/`bytes` of JSON, as JSON text.
fn json_of(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = data.extract::<Vec<u8>>() {
        if data.is_instance_of::<pyo3::types::PyBytes>() {
            return String::from_utf8(b)
                .map_err(|_| errors::invalid_argument(py, "household JSON is not UTF-8"));
        }
    }
    util::to_json(py, data)
}

#[pymethods]
impl PyHousehold {
    /// From a dict or a JSON string. Raises `InvalidHousehold` (code
    /// `JSON_INVALID`) when it is not a household.
    #[new]
    fn new(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let json = json_of(py, data)?;
        Ok(PyHousehold(parse(py, &json)?))
    }

    /// From a dict (the JSON model, see the README).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::new(py, data)
    }

    /// From JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PyHousehold(parse(py, text)?))
    }

    /// Household id (`id_rt`).
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Village code as given.
    #[getter]
    fn village_code(&self) -> &str {
        &self.0.address.village_code
    }

    /// Number of families.
    #[getter]
    fn family_count(&self) -> usize {
        self.0.families.len()
    }

    /// Number of members over all families.
    #[getter]
    fn member_count(&self) -> usize {
        self.0.families.iter().map(|f| f.members.len()).sum()
    }

    /// Every problem as of a date (`None` = today), errors and warnings, in
    /// validation order. Never raises for a bad household.
    #[pyo3(signature = (as_of = None))]
    fn validate(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyProblem>> {
        let as_of = util::as_of(py, as_of)?;
        Ok(household::validate(&self.0, as_of)
            .into_iter()
            .map(PyProblem)
            .collect())
    }

    /// True when validation finds no error (warnings allowed).
    #[pyo3(signature = (as_of = None))]
    fn is_valid(&self, py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let as_of = util::as_of(py, as_of)?;
        Ok(!household::has_errors(&household::validate(&self.0, as_of)))
    }

    /// Raises `InvalidHousehold` (its `problems` lists every problem) when
    /// validation finds an error; returns the warnings otherwise.
    #[pyo3(signature = (as_of = None))]
    fn check(&self, py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PyProblem>> {
        let as_of = util::as_of(py, as_of)?;
        let problems = household::validate(&self.0, as_of);
        if household::has_errors(&problems) {
            return Err(errors::household_invalid(py, &problems));
        }
        Ok(problems.into_iter().map(PyProblem).collect())
    }

    /// Assesses the household against every programme in force on `as_of`
    /// (`None` = today) under `rules` (`None` = the built-in documents): the
    /// same as `dtks.assess(self, as_of, rules, trace)`.
    #[pyo3(signature = (as_of = None, rules = None, trace = true))]
    fn assess(
        slf: &Bound<'_, Self>,
        as_of: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, crate::assess::PyRuleSet>>,
        trace: bool,
    ) -> PyResult<crate::assess::PyAssessment> {
        crate::assess::assess_household(
            slf.py(),
            slf.as_any(),
            as_of,
            rules.map(|r| r.get()),
            trace,
        )
    }

    /// The household as a dict. Holds personal data (NIKs, names) unmasked.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// The household as JSON text. Holds personal data unmasked.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.0)
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("dtks: {e}")))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyHousehold>() {
            Ok(o) => o.get().0 == self.0,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        // The id is an administrative key, not personal data.
        format!(
            "Household(id={:?}, families={}, members={})",
            self.0.id,
            self.family_count(),
            self.member_count()
        )
        .replace('"', "'")
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = slf.get_type().getattr("from_json")?;
        let args = PyTuple::new(py, [slf.get().to_json()?])?;
        PyTuple::new(py, [ctor, args.into_any()])
    }
}

/// Validates a household (dict, JSON text or `Household`) as a dict: `valid`,
/// `errors`, `warnings`, `problems` (each a dict). Never raises for a bad
/// household: unreadable input is one `JSON_INVALID` problem.
#[pyfunction]
#[pyo3(signature = (data, as_of = None))]
pub fn validate_household<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = util::as_of(py, as_of)?;
    let a = if let Ok(h) = data.cast::<PyHousehold>() {
        answer::validate_household(&h.get().0, as_of)
    } else {
        let json = json_of(py, data)?;
        answer::validate_household_json(&json, as_of)
    };
    util::answer(py, &a)
}
