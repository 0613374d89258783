//! `python -m dtks` and the `dtks` console script: the Rust command line itself.

use pyo3::prelude::*;
use std::process::ExitCode;

/// Runs the `dtks` command line with `argv` (the first item is the program
/// name) and returns its exit status: 0 ok, 1 findings, 2 usage or I/O. The
/// GIL is released while it runs.
#[pyfunction]
pub fn run_cli(py: Python<'_>, argv: Vec<String>) -> u8 {
    let code = py.detach(|| dtks_cli::run(argv));
    exit_status(code)
}

/// `ExitCode` keeps its number private; compare against each possible value.
fn exit_status(code: ExitCode) -> u8 {
    (0..=u8::MAX)
        .find(|n| ExitCode::from(*n) == code)
        .unwrap_or(2)
}
