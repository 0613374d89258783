//! `dtks.Household`: one household from a dict or JSON, validated by the core.

use crate::problem::PyProblem;
use crate::{errors, util};
use dtks_core::answer;
use dtks_core::bulk;
use dtks_core::household::{self, Household};
use dtks_core::problem::Problem;
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
    answer::parse_household(json).map_err(|p| errors::household_invalid(py, &[p]))
}

/// A dict (or any JSON-able object) or a `str`/`bytes` of JSON, as JSON text.
pub(crate) fn json_of(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
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

/// One cell of a row dict as CSV text: `None` is empty, a bool 1/0, a date
/// ISO, a float as a table's float column is written (and its column marked
/// as held in floats, so the same value gets the same verdict from a dict
/// and from a table), anything else `str()`.
fn cell_text(v: &Bound<'_, PyAny>, is_float: &mut bool) -> PyResult<String> {
    if v.is_none() {
        return Ok(String::new());
    }
    if let Ok(b) = v.cast::<pyo3::types::PyBool>() {
        return Ok(if b.is_true() { "1" } else { "0" }.to_owned());
    }
    if v.is_instance_of::<pyo3::types::PyDate>() {
        return v.call_method0("isoformat")?.extract();
    }
    if let Ok(f) = v.cast::<pyo3::types::PyFloat>() {
        *is_float = true;
        let mut out = Vec::new();
        bulk::put_float(&mut out, f.value());
        return Ok(String::from_utf8_lossy(&out).into_owned());
    }
    v.str()?.extract()
}

/// Row dicts as CSV text (the header: every key, in order of first use),
/// and the keys that held a float.
fn dicts_to_csv(rows: &[Bound<'_, pyo3::types::PyDict>]) -> PyResult<(Vec<u8>, Vec<String>)> {
    let mut keys: Vec<String> = Vec::new();
    for r in rows {
        for k in r.keys() {
            let k: String = k.str()?.extract()?;
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let mut out = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        bulk::put_text(&mut out, k);
    }
    out.push(b'\n');
    let mut floats = vec![false; keys.len()];
    for r in rows {
        for (i, (k, is_float)) in keys.iter().zip(floats.iter_mut()).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if let Some(v) = r.get_item(k)? {
                let text = cell_text(&v, is_float)?;
                bulk::put_text(&mut out, &text);
            }
        }
        out.push(b'\n');
    }
    let float_columns = keys
        .into_iter()
        .zip(floats)
        .filter_map(|(k, f)| f.then_some(k))
        .collect();
    Ok((out, float_columns))
}

/// The households rows describe, through the core's bulk reader.
fn read_rows(
    py: Python<'_>,
    rows: &Bound<'_, PyAny>,
    mapping: Option<&str>,
    as_of: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyHousehold>> {
    let m = crate::bulk::mapping(py, mapping)?;
    let as_of = util::as_of(py, as_of)?;
    let mut opts = bulk::Options::new(bulk::Format::Csv, as_of);
    opts.mapping = m;
    opts.delimiter = Some(bulk::Delimiter::COMMA);
    let read = if rows.hasattr("__arrow_c_stream__")? {
        let (schema, batches) = crate::bulk::import_stream(py, rows)?;
        bulk::read_households_from_batches(&schema, batches.into_iter().map(Ok), opts)
    } else {
        let dicts: Vec<Bound<'_, pyo3::types::PyDict>> =
            if let Ok(d) = rows.cast::<pyo3::types::PyDict>() {
                vec![d.clone()]
            } else {
                rows.try_iter()?
                    .map(|r| {
                        r?.cast_into::<pyo3::types::PyDict>().map_err(|_| {
                            errors::invalid_argument(
                                py,
                                "rows: expected dicts (one per member) or a table",
                            )
                        })
                    })
                    .collect::<PyResult<_>>()?
            };
        let (csv, float_columns) = dicts_to_csv(&dicts)?;
        opts.float_columns = float_columns;
        bulk::read_households(std::io::Cursor::new(csv), opts)
    };
    let read = read.map_err(|e| match e {
        bulk::BulkError::Table(e) => errors::table_error(py, &e),
        e => errors::invalid_argument(py, e.to_string()),
    })?;
    let unread: Vec<Problem> = read
        .unread(as_of)
        .into_iter()
        .map(|p| p.problem.clone())
        .collect();
    if !unread.is_empty() {
        return Err(errors::household_invalid(py, &unread));
    }
    Ok(read.households.into_iter().map(PyHousehold).collect())
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

    /// The household that rows of the reference layout describe (CSV column
    /// names: `id_rt`, `kode_desa`, `no_kk`, `nik`, `nama`, `tgl_lahir`, …, or
    /// another layout through `mapping`), built by the core's bulk reader, the
    /// very code that reads files: `rows` is a list of dicts (one per member;
    /// `None` for an empty cell), one dict, or a table (pyarrow, polars or
    /// pandas: a DataFrame group). Raises `InvalidHousehold` with the
    /// problems when a value cannot be read (the household would not be the
    /// rows' whole truth), and `InvalidArgument` unless the rows are exactly
    /// one household (see `all_from_rows`). A float value (a dict's `float`,
    /// a table's float column) is judged alike either way: an identity
    /// number held as a float is `ID_COLUMN_FLOAT`.
    #[staticmethod]
    #[pyo3(signature = (rows, mapping = None, as_of = None))]
    fn from_rows(
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
        mapping: Option<&str>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut all = read_rows(py, rows, mapping, as_of)?;
        if all.len() != 1 {
            return Err(errors::invalid_argument(
                py,
                format!(
                    "the rows hold {} households (by id_rt); give the rows of one, or use Household.all_from_rows",
                    all.len()
                ),
            ));
        }
        Ok(all.remove(0))
    }

    /// Every household that the rows describe, in order (see `from_rows`).
    #[staticmethod]
    #[pyo3(signature = (rows, mapping = None, as_of = None))]
    fn all_from_rows(
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
        mapping: Option<&str>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Self>> {
        read_rows(py, rows, mapping, as_of)
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

/// Checks Jakarta online-registration accounts (dtks.jakarta.go.id) as a
/// dict: `valid`, `errors`, `warnings`, `problems`, the same answer as
/// `dtks jakarta check --json` and `dtks_jakarta_check_json`. `accounts` is
/// one account or a list of them (dicts, or JSON text); `registry` the NIKs
/// and KK numbers already registered (`{"niks": [...], "kks": [...]}`), or
/// `None`. Never raises for bad accounts: a text that is not an account is
/// one `DOCUMENT_INVALID` problem.
///
/// >>> a = dtks.check_jakarta({"account_id": "acc-1", "registrations": []}, as_of="2022-05-10")
/// >>> a["valid"], a["problems"][0]["code"]
/// (False, 'JAKARTA_ACCOUNT_EMPTY')
#[pyfunction]
#[pyo3(signature = (accounts, registry = None, as_of = None))]
pub fn check_jakarta<'py>(
    py: Python<'py>,
    accounts: &Bound<'py, PyAny>,
    registry: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = util::as_of(py, as_of)?;
    let accounts = json_of(py, accounts)?;
    let registry = match registry.filter(|r| !r.is_none()) {
        Some(r) => Some(json_of(py, r)?),
        None => None,
    };
    let a = util::without_gil(py, || {
        dtks_core::jakarta::check_json(&accounts, registry.as_deref(), as_of)
    });
    util::answer(py, &a)
}
