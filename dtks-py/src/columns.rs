//! `dtks.columns`: NIK and KK columns decoded a whole Arrow array at a time
//! (`dtks_core::columns`), for pyarrow arrays and, through them, polars
//! and pandas columns. The array comes in and goes out through the Arrow
//! PyCapsule interface (`__arrow_c_array__`): no Python object per value.

use crate::{errors, util};
use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{make_array, Array, StructArray};
use chrono::NaiveDate;
use dtks_core::columns::{kk_column as core_kk, nik_column as core_nik};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

/// A decoded column, handed to pyarrow (`pyarrow.array(column)`) through
/// `__arrow_c_array__`.
#[pyclass(module = "dtks", name = "_Column", frozen)]
#[derive(Debug)]
pub struct PyColumn(pub(crate) StructArray);

#[pymethods]
impl PyColumn {
    /// The Arrow PyCapsule interface: `(schema, array)` capsules.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema; // the struct is given as it is
        let (array, schema) = to_ffi(&self.0.to_data())
            .map_err(|e| errors::invalid_argument(py, format!("arrow: {e}")))?;
        let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// Imports an object's `__arrow_c_array__` (a pyarrow Array).
fn import(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<arrow_array::ArrayRef> {
    if !values.hasattr("__arrow_c_array__")? {
        return Err(errors::invalid_argument(
            py,
            "expected an Arrow array (__arrow_c_array__): a pyarrow Array; dtks.columns converts polars and pandas columns",
        ));
    }
    let pair = values.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
    let schema_ptr = schema
        .pointer_checked(Some(c"arrow_schema"))?
        .as_ptr()
        .cast::<FFI_ArrowSchema>();
    let array_ptr = array
        .pointer_checked(Some(c"arrow_array"))?
        .as_ptr()
        .cast::<FFI_ArrowArray>();
    // SAFETY: capsules of these names hold an initialised ArrowSchema and
    // ArrowArray (Arrow PyCapsule interface). The array is moved out
    // (`from_raw` leaves a released struct behind, which the capsule's
    // destructor skips); the schema is only borrowed while both live.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr);
        from_ffi(array, &*schema_ptr)
    }
    .map_err(|e| errors::invalid_argument(py, format!("arrow: {e}")))?;
    Ok(make_array(data))
}

fn run(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    f: fn(&dyn Array, NaiveDate, bool) -> Result<StructArray, dtks_core::columns::ColumnError>,
    lenient: bool,
) -> PyResult<PyColumn> {
    let as_of = util::as_of(py, as_of)?;
    let array = import(py, values)?;
    let out = util::without_gil(py, || f(array.as_ref(), as_of, lenient))
        .map_err(|e| errors::column_error(py, &e))?;
    Ok(PyColumn(out))
}

/// Decodes an Arrow array of NIKs (string, integer or float): a struct
/// column of `valid`, `code`, `masked`, `province`, `regency`, `district`,
/// `region_retired`, `birth_date`, `sex`, `serial`.
#[pyfunction]
#[pyo3(signature = (values, as_of = None, lenient = false))]
pub fn nik_column(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    lenient: bool,
) -> PyResult<PyColumn> {
    run(py, values, as_of, core_nik, lenient)
}

/// Decodes an Arrow array of KK numbers: `valid`, `code`, `masked`, the
/// region fields, `recorded_on`, `serial`.
#[pyfunction]
#[pyo3(signature = (values, as_of = None, lenient = false))]
pub fn kk_column(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    lenient: bool,
) -> PyResult<PyColumn> {
    run(py, values, as_of, core_kk, lenient)
}
