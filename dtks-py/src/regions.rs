//! `dtks.Region` and the lookups behind `dtks.regions`.

use crate::{errors, util};
use dtks_core::answer;
use dtks_core::problem::{one_of, Lang};
use dtks_core::region::{self, Level, RegencyKind, VillageKind};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// A region of the embedded Kemendagri table: a province, a regency or city,
/// a district or a village. Compare by code; names differ between data sets.
///
/// >>> from dtks import regions
/// >>> r = regions.get("31.71.01.1001")
/// >>> r.name, r.level, r.village_kind
/// ('Gambir', 'village', 'kelurahan')
/// >>> r.parent().code
/// '31.71.01'
#[pyclass(module = "dtks", name = "Region", frozen, eq, hash)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyRegion(pub region::Region);

fn parse_level(py: Python<'_>, s: &str) -> PyResult<Level> {
    Level::from_name(s).ok_or_else(|| {
        errors::invalid_argument(
            py,
            format!("level: expected {}", one_of(&Level::names(), Lang::En)),
        )
    })
}

#[pymethods]
impl PyRegion {
    /// Looks a code up (dots optional). Raises `KeyError` when it is not a
    /// current region (see `regions.alias` for retired codes).
    #[new]
    fn new(code: &str) -> PyResult<Self> {
        region::lookup(code)
            .map(PyRegion)
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(code.to_owned()))
    }

    /// Dotted code: `"31.71.01.1001"`.
    #[getter]
    fn code(&self) -> String {
        self.0.code()
    }

    /// Code without dots: `"3171011001"`.
    #[getter]
    fn code_digits(&self) -> String {
        self.0.code_digits()
    }

    /// The name as in the source table.
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    /// `"province"`, `"regency"`, `"district"` or `"village"`.
    #[getter]
    fn level(&self) -> &'static str {
        self.0.level().as_str()
    }

    /// `"kabupaten"` / `"kota"` for a regency, else `None`.
    #[getter]
    fn regency_kind(&self) -> Option<&'static str> {
        self.0.regency_kind().map(RegencyKind::as_str)
    }

    /// `"kelurahan"` / `"desa"` / `"desa_adat"` for a village, else `None`.
    #[getter]
    fn village_kind(&self) -> Option<&'static str> {
        self.0.village_kind().map(VillageKind::as_str)
    }

    /// The region one level up (`None` for a province).
    fn parent(&self) -> Option<PyRegion> {
        self.0.parent().map(PyRegion)
    }

    /// The regions one level down, in code order.
    fn children(&self) -> Vec<PyRegion> {
        self.0.children().map(PyRegion).collect()
    }

    /// The province this region belongs to.
    fn province(&self) -> PyRegion {
        PyRegion(self.0.province())
    }

    /// As a dict (the shape of `regions.lookup`).
    // Python names it `to_dict`; a pymethod takes `&self` even on a Copy type.
    #[allow(clippy::wrong_self_convention)]
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &answer::region_lookup(&self.0.code()))
    }

    fn __repr__(&self) -> String {
        format!("Region('{}', '{}')", self.0.code(), self.0.name())
    }

    fn __str__(&self) -> String {
        format!("{} {}", self.0.code(), self.0.name())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = PyTuple::new(py, [slf.get().0.code()])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// The region with this code (dots optional), or `None`.
#[pyfunction]
pub fn region_get(code: &str) -> Option<PyRegion> {
    region::lookup(code).map(PyRegion)
}

/// Regions whose name contains `name` (case-insensitive), in code order.
#[pyfunction]
#[pyo3(signature = (name, level = None, limit = 20))]
pub fn region_search(
    py: Python<'_>,
    name: &str,
    level: Option<&str>,
    limit: usize,
) -> PyResult<Vec<PyRegion>> {
    let level = level.map(|l| parse_level(py, l)).transpose()?;
    Ok(region::search(name, level, limit)
        .into_iter()
        .map(PyRegion)
        .collect())
}

/// All provinces, in code order.
#[pyfunction]
pub fn region_provinces() -> Vec<PyRegion> {
    region::provinces().map(PyRegion).collect()
}

/// The lookup answer as a dict (the shape of the conformance cases).
#[pyfunction]
pub fn region_lookup<'py>(py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
    util::answer(py, &answer::region_lookup(code))
}

/// A retired regency or district code: its successor and the law, or `None`.
#[pyfunction]
pub fn region_alias<'py>(py: Python<'py>, code: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Some(a) = region::alias(code) else {
        return Ok(None);
    };
    let d = util::answer(py, a)?;
    // `since` as a `datetime.date`, not its text.
    d.set_item("since", a.since())?;
    Ok(Some(d))
}

/// Counts, provenance and version of the embedded table.
#[pyfunction]
pub fn region_info<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    util::answer(py, &answer::region_info())
}
