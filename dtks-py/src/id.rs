//! `dtks.Nik` and `dtks.NoKk`: identity numbers that are always valid, mask
//! themselves in `repr`/`str`, and give their digits only through `raw()`.
//! What the two share is written once ([`identity_class!`], over the core's
//! [`IdentityNumber`]); each class adds only what is its own.

use crate::{errors, util};
use chrono::NaiveDate;
use dtks_core::answer;
use dtks_core::id::{self, IdentityNumber, RegionOfIssue};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

fn parse<T: IdentityNumber>(py: Python<'_>, value: &str, lenient: bool) -> PyResult<T> {
    T::parse_as(value, lenient).map_err(|e| errors::from_id_error(py, &e, ""))
}

fn decoded<'py, T: IdentityNumber>(
    py: Python<'py>,
    n: T,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    util::answer(py, &T::decode(&n.raw(), false, util::as_of(py, as_of)?))
}

/// Pickles as the class and the digits (the pickle holds the raw number).
fn reduce<'py, C: pyo3::PyClass>(
    slf: &Bound<'py, C>,
    raw: String,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = slf.py();
    let args = PyTuple::new(py, [raw])?;
    PyTuple::new(py, [slf.as_any().get_type().into_any(), args.into_any()])
}

/// The methods a NIK and a KK number share, and the class's own ones.
macro_rules! identity_class {
    ($class:ident, $py_name:literal, $error:literal, { $($own:tt)* }) => {
        #[pymethods]
        impl $class {
            #[doc = concat!("Strict parse: exactly 16 ASCII digits. Raises `", $error, "`.")]
            #[new]
            fn new(py: Python<'_>, value: &str) -> PyResult<Self> {
                parse(py, value, false).map($class)
            }

            #[doc = concat!("Strict parse: exactly 16 ASCII digits. Raises `", $error, "`.")]
            #[staticmethod]
            fn parse(py: Python<'_>, value: &str) -> PyResult<Self> {
                parse(py, value, false).map($class)
            }

            #[doc = concat!("Lenient parse: trims, and accepts spaces, dots and dashes between digits. Raises `", $error, "`.")]
            #[staticmethod]
            fn parse_lenient(py: Python<'_>, value: &str) -> PyResult<Self> {
                parse(py, value, true).map($class)
            }

            /// The 16 digits. Personal data: call it only where raw output is wanted.
            fn raw(&self) -> String {
                self.0.raw()
            }

            /// The number masked: `3171••••••••0001`.
            #[getter]
            fn masked(&self) -> String {
                self.0.masked()
            }

            /// Province code `PP`.
            #[getter]
            fn province(&self) -> String {
                self.0.province_dotted()
            }

            /// Regency code `PP.KK`.
            #[getter]
            fn regency(&self) -> String {
                IdentityNumber::regency_dotted(self.0)
            }

            /// District code `PP.KK.CC` as written.
            #[getter]
            fn district(&self) -> String {
                self.0.district_dotted()
            }

            /// `"current"`, or `"retired"` for a code retired by a later split.
            #[getter]
            fn region_status(&self) -> &'static str {
                RegionOfIssue::as_str(self.0.region_of_issue())
            }

            /// Serial 1–9999.
            #[getter]
            fn serial(&self) -> u16 {
                self.0.serial()
            }

            #[doc = concat!("Every decoded field as a dict (the shape of `dtks ", $py_name, " --json`).")]
            #[pyo3(signature = (as_of = None))]
            fn decode<'py>(
                &self,
                py: Python<'py>,
                as_of: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                decoded(py, self.0, as_of)
            }

            fn __repr__(&self) -> String {
                format!("{}('{}')", stringify!($class).trim_start_matches("Py"), self.0.masked())
            }

            fn __str__(&self) -> String {
                self.0.masked()
            }

            /// Pickles as the class and the digits (the pickle holds the raw number).
            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
                reduce(slf, slf.get().0.raw())
            }

            $($own)*
        }
    };
}

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

identity_class!(PyNik, "nik", "InvalidNik", {
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
});

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

identity_class!(PyNoKk, "kk", "InvalidKk", {
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
});

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
