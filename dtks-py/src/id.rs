//! `dtks.Nik` and `dtks.NoKk`: identity numbers that are always valid, mask
//! themselves in `repr`/`str`, and give their digits only through `raw()`.

use crate::{errors, util};
use chrono::NaiveDate;
use dtks_core::answer;
use dtks_core::id::{self, RegionOfIssue};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// A valid NIK (Nomor Induk Kependudukan): 16 digits = district of first
/// registration, birth date (day + 40 for women), serial.
///
/// `repr` and `str` are masked; `raw()` gives the digits. Equal NIKs are
/// equal and hash alike; a NIK pickles.
///
/// >>> from dtks import Nik
/// >>> nik = Nik("3171014101900001")
/// >>> nik
/// Nik('3171••••••••0001')
/// >>> nik.sex, nik.district
/// ('female', '31.71.01')
#[pyclass(module = "dtks", name = "Nik", frozen, eq, hash, ord)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyNik(pub id::Nik);

fn region_status(r: RegionOfIssue) -> &'static str {
    match r {
        RegionOfIssue::Retired(_) => "retired",
        _ => "current",
    }
}

#[pymethods]
impl PyNik {
    /// Strict parse: exactly 16 ASCII digits. Raises `InvalidNik`.
    #[new]
    fn new(py: Python<'_>, value: &str) -> PyResult<Self> {
        Self::parse(py, value)
    }

    /// Strict parse: exactly 16 ASCII digits. Raises `InvalidNik`.
    #[staticmethod]
    fn parse(py: Python<'_>, value: &str) -> PyResult<Self> {
        id::Nik::parse(value)
            .map(PyNik)
            .map_err(|e| errors::from_id_error(py, &e, ""))
    }

    /// Lenient parse: trims, and accepts spaces, dots and dashes between
    /// digits. Raises `InvalidNik`.
    #[staticmethod]
    fn parse_lenient(py: Python<'_>, value: &str) -> PyResult<Self> {
        id::Nik::parse_lenient(value)
            .map(PyNik)
            .map_err(|e| errors::from_id_error(py, &e, ""))
    }

    /// The 16 digits. Personal data: call it only where raw output is wanted.
    fn raw(&self) -> String {
        self.0.raw()
    }

    /// `3171••••••••0001`.
    #[getter]
    fn masked(&self) -> String {
        self.0.masked()
    }

    /// Province code `PP`.
    #[getter]
    fn province(&self) -> String {
        format!("{:02}", self.0.province_code())
    }

    /// Regency code `PP.KK`.
    #[getter]
    fn regency(&self) -> String {
        self.0.regency_dotted()
    }

    /// District code `PP.KK.CC` as written.
    #[getter]
    fn district(&self) -> String {
        self.0.district_dotted()
    }

    /// `"current"`, or `"retired"` for a code retired by a later split.
    #[getter]
    fn region_status(&self) -> &'static str {
        region_status(self.0.region_of_issue())
    }

    /// `"male"` or `"female"` (day + 40 for women).
    #[getter]
    fn sex(&self) -> &'static str {
        self.0.sex().as_str()
    }

    /// Birth day 1–31 (the +40 removed).
    #[getter]
    fn birth_day(&self) -> u8 {
        self.0.birth_day()
    }

    /// Birth month 1–12.
    #[getter]
    fn birth_month(&self) -> u8 {
        self.0.birth_month()
    }

    /// Two-digit birth year.
    #[getter]
    fn birth_yy(&self) -> u8 {
        self.0.birth_yy()
    }

    /// Serial 1–9999.
    #[getter]
    fn serial(&self) -> u16 {
        self.0.serial()
    }

    /// The birth date with the century resolved against `as_of` (a date, a
    /// `YYYY-MM-DD` string, or `None` for today); `None` when impossible.
    #[pyo3(signature = (as_of = None))]
    fn birth_date(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<NaiveDate>> {
        Ok(self.0.birth_date(util::as_of(py, as_of)?))
    }

    /// Whether a full birth date agrees with the NIK's day, month and year digits.
    fn matches_birth_date(&self, date: NaiveDate) -> bool {
        self.0.matches_birth_date(date)
    }

    /// Every decoded field as a dict (the shape of `dtks nik --json`).
    #[pyo3(signature = (as_of = None))]
    fn decode<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = answer::decode_nik(&self.0.raw(), false, util::as_of(py, as_of)?);
        util::answer(py, &a)
    }

    fn __repr__(&self) -> String {
        format!("Nik('{}')", self.0.masked())
    }

    fn __str__(&self) -> String {
        self.0.masked()
    }

    /// Pickles as the class and the digits (the pickle holds the raw NIK).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let cls = slf.get_type();
        let args = PyTuple::new(py, [slf.get().0.raw()])?;
        PyTuple::new(py, [cls.into_any(), args.into_any()])
    }
}

/// A valid KK number (Nomor Kartu Keluarga): district, recording date
/// (DDMMYY, no +40), serial. Masked like a NIK.
///
/// >>> from dtks import NoKk
/// >>> kk = NoKk("3171011503150007")
/// >>> kk
/// NoKk('3171••••••••0007')
/// >>> kk.recorded_on("2026-01-01")
/// datetime.date(2015, 3, 15)
#[pyclass(module = "dtks", name = "NoKk", frozen, eq, hash, ord)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyNoKk(pub id::NoKk);

#[pymethods]
impl PyNoKk {
    /// Strict parse. Raises `InvalidKk`.
    #[new]
    fn new(py: Python<'_>, value: &str) -> PyResult<Self> {
        Self::parse(py, value)
    }

    /// Strict parse: exactly 16 ASCII digits. Raises `InvalidKk`.
    #[staticmethod]
    fn parse(py: Python<'_>, value: &str) -> PyResult<Self> {
        id::NoKk::parse(value)
            .map(PyNoKk)
            .map_err(|e| errors::from_id_error(py, &e, ""))
    }

    /// Lenient parse (spaces, dots, dashes between digits). Raises `InvalidKk`.
    #[staticmethod]
    fn parse_lenient(py: Python<'_>, value: &str) -> PyResult<Self> {
        id::NoKk::parse_lenient(value)
            .map(PyNoKk)
            .map_err(|e| errors::from_id_error(py, &e, ""))
    }

    /// The 16 digits. Personal data.
    fn raw(&self) -> String {
        self.0.raw()
    }

    /// `3171••••••••0007`.
    #[getter]
    fn masked(&self) -> String {
        self.0.masked()
    }

    /// Province code `PP`.
    #[getter]
    fn province(&self) -> String {
        format!("{:02}", self.0.province_code())
    }

    /// Regency code `PP.KK`.
    #[getter]
    fn regency(&self) -> String {
        format!("{:02}.{:02}", self.0.province_code(), self.0.regency_code())
    }

    /// District code `PP.KK.CC`.
    #[getter]
    fn district(&self) -> String {
        self.0.district_dotted()
    }

    /// `"current"` or `"retired"`.
    #[getter]
    fn region_status(&self) -> &'static str {
        region_status(self.0.region_of_issue())
    }

    /// Serial 1–9999.
    #[getter]
    fn serial(&self) -> u16 {
        self.0.serial()
    }

    /// The recording date, century resolved against `as_of` (`None` = today).
    #[pyo3(signature = (as_of = None))]
    fn recorded_on(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<NaiveDate>> {
        Ok(self.0.recorded_on(util::as_of(py, as_of)?))
    }

    /// Checks that the recording date is possible on `as_of` (`None` =
    /// today): not after it (`KK_ISSUED_FUTURE`), and, read in the last
    /// century, not before 16-digit KK numbers existed
    /// (`KK_ISSUED_BEFORE_REGISTRY`). Raises `InvalidKk`; the same decision
    /// as `decode_kk` and household validation.
    ///
    /// >>> import dtks
    /// >>> dtks.NoKk("3171011503150007").check("2026-01-01")
    /// >>> try:
    /// ...     dtks.NoKk("3171013012260007").check("2026-01-01")
    /// ... except dtks.InvalidKk as e:
    /// ...     print(e.code)
    /// KK_ISSUED_FUTURE
    #[pyo3(signature = (as_of = None))]
    fn check(&self, py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let as_of = util::as_of(py, as_of)?;
        match self.0.recording(as_of).problem("", as_of) {
            None => Ok(()),
            Some(p) => Err(errors::from_problem_as(py, "InvalidKk", &p)),
        }
    }

    /// Every decoded field as a dict (the shape of `dtks kk --json`).
    #[pyo3(signature = (as_of = None))]
    fn decode<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = answer::decode_kk(&self.0.raw(), false, util::as_of(py, as_of)?);
        util::answer(py, &a)
    }

    fn __repr__(&self) -> String {
        format!("NoKk('{}')", self.0.masked())
    }

    fn __str__(&self) -> String {
        self.0.masked()
    }

    /// Pickles as the class and the digits.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let cls = slf.get_type();
        let args = PyTuple::new(py, [slf.get().0.raw()])?;
        PyTuple::new(py, [cls.into_any(), args.into_any()])
    }
}

/// Decodes a NIK, or names the code that rejects it, as a dict (never raises
/// for a bad NIK: `valid` is False and `code` names the reason).
#[pyfunction]
#[pyo3(signature = (value, lenient = false, as_of = None))]
pub fn decode_nik<'py>(
    py: Python<'py>,
    value: &str,
    lenient: bool,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let a = answer::decode_nik(value, lenient, util::as_of(py, as_of)?);
    util::answer(py, &a)
}

/// Decodes a KK number as a dict (never raises for a bad number).
#[pyfunction]
#[pyo3(signature = (value, lenient = false, as_of = None))]
pub fn decode_kk<'py>(
    py: Python<'py>,
    value: &str,
    lenient: bool,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let a = answer::decode_kk(value, lenient, util::as_of(py, as_of)?);
    util::answer(py, &a)
}
