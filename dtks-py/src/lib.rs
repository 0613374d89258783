//! The native part of the Python module `dtks` (imported as `dtks._dtks`;
//! `python/dtks/__init__.py` re-exports it with stubs in `_dtks.pyi`).
//!
//! The module translates, it never decides: every rule lives in dtks-core.
//! Errors map to Python exceptions in one place ([`errors`]); long calls
//! release the GIL ([`util::without_gil`]).

mod assess;
mod bulk;
mod cli;
mod columns;
mod errors;
mod household;
mod id;
mod partition;
mod problem;
mod process;
mod regions;
mod util;

use pyo3::prelude::*;

#[pymodule]
fn _dtks(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", dtks_core::VERSION)?;
    m.add("REGION_TABLE_VERSION", dtks_core::region::table_version())?;
    errors::register(m)?;
    m.add_class::<id::PyNik>()?;
    m.add_class::<id::PyNoKk>()?;
    m.add_class::<problem::PyProblem>()?;
    m.add_class::<household::PyHousehold>()?;
    m.add_class::<regions::PyRegion>()?;
    m.add_function(wrap_pyfunction!(id::decode_nik, m)?)?;
    m.add_function(wrap_pyfunction!(id::decode_kk, m)?)?;
    m.add_function(wrap_pyfunction!(household::validate_household, m)?)?;
    m.add_function(wrap_pyfunction!(household::check_jakarta, m)?)?;
    m.add_function(wrap_pyfunction!(problem::codes, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_get, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_search, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_provinces, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_lookup, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_alias, m)?)?;
    m.add_function(wrap_pyfunction!(regions::region_info, m)?)?;
    m.add_function(wrap_pyfunction!(cli::run_cli, m)?)?;
    m.add_class::<columns::PyColumn>()?;
    m.add_function(wrap_pyfunction!(columns::nik_column, m)?)?;
    m.add_function(wrap_pyfunction!(columns::kk_column, m)?)?;
    bulk::register(m)?;
    partition::register(m)?;
    m.add_class::<assess::PyRuleSet>()?;
    m.add_class::<assess::PyAssessment>()?;
    m.add_class::<assess::PyDecision>()?;
    m.add_function(wrap_pyfunction!(assess::assess, m)?)?;
    process::register(m)?;
    Ok(())
}
