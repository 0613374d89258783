//! The one place where core errors become Python exceptions.
//!
//! Every exception is a subclass of `dtks.DtksError`; those caused by the
//! input also subclass `ValueError`, and file failures subclass `OSError`, so
//! `except ValueError` keeps working for callers that do not know dtks. Each
//! carries `code` (the core's stable code, `None` for a bad argument that no
//! core code describes), `path`, `message` (English), `message_id`
//! (Indonesian) and `context` (masked values).
//!
//! The classes are built at import with `type(name, bases, namespace)`:
//! PyO3's `create_exception!` takes one base, and `InvalidNik` needs two
//! (`DtksError` through `InvalidInput`, and `ValueError`). Same idea as
//! polars' `crates/polars-python/src/error.rs`: one table, one mapping.

use dtks_core::id::{IdError, IdKind};
use dtks_core::problem::{Code, Headline, Lang, Problem, Value};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use std::collections::HashMap;

/// One exception class: its name, its dtks parent, an extra builtin base, doc.
struct Spec {
    name: &'static str,
    parent: Option<&'static str>,
    builtin: Option<&'static str>,
    doc: &'static str,
}

/// Every exception class, parents before children.
const SPECS: &[Spec] = &[
    Spec {
        name: "DtksError",
        parent: None,
        builtin: Some("Exception"),
        doc: "Root of every dtks exception.\n\nAttributes: code (stable core code or None), \
              path (where in the input), message (English), message_id (Indonesian), \
              context (dict of masked values).",
    },
    Spec {
        name: "InvalidInput",
        parent: Some("DtksError"),
        builtin: Some("ValueError"),
        doc: "The input is at fault (also a ValueError).",
    },
    Spec {
        name: "InvalidNik",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "Not a valid NIK; code is one of the NIK_* parse codes.",
    },
    Spec {
        name: "InvalidKk",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "Not a valid KK (family-card) number; code is one of the KK_* parse codes.",
    },
    Spec {
        name: "InvalidHousehold",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A household that cannot be read (JSON_INVALID) or, from Household.check(), \
              one with errors (`problems` lists them all).",
    },
    Spec {
        name: "InvalidArgument",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "An argument no core code describes (a date, a language, a level): code is None.",
    },
    Spec {
        name: "InvalidMapping",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A column mapping document that cannot be used.",
    },
    Spec {
        name: "InvalidRules",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A rule document that fails its checks (RULE_* codes).",
    },
    Spec {
        name: "InvalidSession",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A musyawarah session with errors (MUSYAWARAH_* codes).",
    },
    Spec {
        name: "InvalidProposal",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A proposal or batch with errors (USULAN_* codes).",
    },
    Spec {
        name: "InvalidTransition",
        parent: Some("InvalidInput"),
        builtin: None,
        doc: "A status move the lifecycle does not allow, or a broken audit trail \
              (LIFECYCLE_*, AUDIT_TRAIL_BROKEN, AUDIT_TRAIL_MISSING).",
    },
    Spec {
        name: "DtksIOError",
        parent: Some("DtksError"),
        builtin: Some("OSError"),
        doc: "A file could not be read or written (also an OSError).",
    },
];

/// The exception class for a core code: the mapping, in one place.
pub fn class_for_code(code: Code) -> &'static str {
    let s = code.as_str();
    if s == "JSON_INVALID" {
        "InvalidHousehold"
    } else if s.starts_with("RULE_") {
        "InvalidRules"
    } else if s.starts_with("MUSYAWARAH_") {
        "InvalidSession"
    } else if s.starts_with("USULAN_") {
        "InvalidProposal"
    } else if s.starts_with("LIFECYCLE_") || s == "AUDIT_TRAIL_BROKEN" || s == "AUDIT_TRAIL_MISSING"
    {
        "InvalidTransition"
    } else {
        match IdKind::of_code(code) {
            Some(IdKind::Nik) => "InvalidNik",
            Some(IdKind::Kk) => "InvalidKk",
            // Household, bulk and programme checks: the household is at fault.
            _ => "InvalidHousehold",
        }
    }
}

static CLASSES: PyOnceLock<HashMap<&'static str, Py<PyType>>> = PyOnceLock::new();

fn build(py: Python<'_>) -> PyResult<HashMap<&'static str, Py<PyType>>> {
    let builtins = py.import("builtins")?;
    let type_ = builtins.getattr("type")?;
    let mut made: HashMap<&'static str, Py<PyType>> = HashMap::new();
    for spec in SPECS {
        let mut bases: Vec<Bound<'_, PyAny>> = Vec::new();
        if let Some(parent) = spec.parent {
            if let Some(p) = made.get(parent) {
                bases.push(p.bind(py).clone().into_any());
            }
        }
        if let Some(b) = spec.builtin {
            bases.push(builtins.getattr(b)?);
        }
        let ns = PyDict::new(py);
        ns.set_item("__module__", "dtks")?;
        ns.set_item("__doc__", spec.doc)?;
        ns.set_item("code", py.None())?;
        ns.set_item("path", "")?;
        ns.set_item("message", "")?;
        ns.set_item("message_id", "")?;
        let cls = type_.call1((spec.name, PyTuple::new(py, bases)?, ns))?;
        made.insert(spec.name, cls.cast_into::<PyType>()?.unbind());
    }
    Ok(made)
}

/// Adds every exception class to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = CLASSES.get_or_try_init(py, || build(py))?;
    for spec in SPECS {
        if let Some(c) = classes.get(spec.name) {
            m.add(spec.name, c.bind(py))?;
        }
    }
    m.add_function(wrap_pyfunction!(exception_for, m)?)?;
    Ok(())
}

/// A class by name.
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || build(py))?;
    match classes.get(name) {
        Some(c) => Ok(c.bind(py).clone()),
        None => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
            "dtks: no exception class {name}"
        ))),
    }
}

/// The exception class dtks raises for a core code (`exception_for("NIK_LENGTH")`
/// is `InvalidNik`); `None` for a string that is not a code.
#[pyfunction]
pub fn exception_for<'py>(py: Python<'py>, code: &str) -> PyResult<Option<Bound<'py, PyType>>> {
    match Code::from_str_code(code) {
        Some(c) => class(py, class_for_code(c)).map(Some),
        None => Ok(None),
    }
}

/// Builds an exception of class `name` with its attributes.
fn make(
    py: Python<'_>,
    name: &str,
    code: Option<&str>,
    path: &str,
    message: &str,
    message_id: &str,
    context: &[(&'static str, Value)],
) -> PyErr {
    let result = (|| -> PyResult<PyErr> {
        let cls = class(py, name)?;
        let text = match code {
            Some(c) if path.is_empty() => format!("{c}: {message}"),
            Some(c) => format!("{c} at {path}: {message}"),
            None => message.to_owned(),
        };
        let exc = cls.call1((text,))?;
        exc.setattr("code", code)?;
        exc.setattr("path", path)?;
        exc.setattr("message", message)?;
        exc.setattr("message_id", message_id)?;
        let ctx = PyDict::new(py);
        for (k, v) in context {
            ctx.set_item(k, crate::util::answer(py, v)?)?;
        }
        exc.setattr("context", ctx)?;
        Ok(PyErr::from_value(exc))
    })();
    result.unwrap_or_else(|e| e)
}

/// The exception for one core problem, with the class its code maps to.
pub fn from_problem(py: Python<'_>, p: &Problem) -> PyErr {
    let ctx = &p.context;
    make(
        py,
        class_for_code(p.code),
        Some(p.code.as_str()),
        &p.path,
        &p.message(Lang::En),
        &p.message(Lang::Id),
        ctx,
    )
}

/// The exception for a problem the caller asked about one class, raised as
/// that class whatever the code's usual mapping (`NoKk.check` raises its
/// date codes as `InvalidKk`).
pub fn from_problem_as(py: Python<'_>, class: &str, p: &Problem) -> PyErr {
    let ctx = &p.context;
    make(
        py,
        class,
        Some(p.code.as_str()),
        &p.path,
        &p.message(Lang::En),
        &p.message(Lang::Id),
        ctx,
    )
}

/// The exception for an identity-number parse error.
pub fn from_id_error(py: Python<'_>, e: &IdError, path: &str) -> PyErr {
    let p = e.to_problem(path);
    let name = match e.id_kind() {
        IdKind::Kk => "InvalidKk",
        _ => "InvalidNik",
    };
    let ctx = &p.context;
    make(
        py,
        name,
        Some(p.code.as_str()),
        &p.path,
        &p.message(Lang::En),
        &p.message(Lang::Id),
        ctx,
    )
}

/// An exception of class `class` (`"InvalidHousehold"`, `"InvalidRules"`,
/// `"InvalidSession"`, …) whatever the codes of `problems`: one exception per
/// call, coded by the first error (`code`, `path`, `context` are its), whose
/// `problems` attribute lists every problem (as `dtks.Problem`) and whose
/// messages say how many there are in all.
pub fn with_problems(py: Python<'_>, class: &str, problems: &[Problem]) -> PyErr {
    let Some(h) = Headline::of(problems) else {
        return invalid_argument(py, "no problem to report");
    };
    let first = h.lead;
    let ctx = &first.context;
    let (en, id) = (h.message(Lang::En), h.message(Lang::Id));
    let err = make(
        py,
        class,
        Some(first.code.as_str()),
        &first.path,
        &en,
        &id,
        ctx,
    );
    let list = PyList::new(
        py,
        problems
            .iter()
            .map(|p| crate::problem::PyProblem::from(p.clone())),
    );
    match list {
        Ok(list) => match err.value(py).setattr("problems", list) {
            Ok(()) => err,
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// A household with errors, or one that cannot be read: always
/// `InvalidHousehold` (never the class of its first code, so `except
/// dtks.InvalidHousehold` catches every household failure), with `problems`.
pub fn household_invalid(py: Python<'_>, problems: &[Problem]) -> PyErr {
    with_problems(py, "InvalidHousehold", problems)
}

/// A bad argument no core code describes (`code` is `None`).
pub fn invalid_argument(py: Python<'_>, message: impl AsRef<str>) -> PyErr {
    let m = message.as_ref();
    make(py, "InvalidArgument", None, "", m, m, &[])
}

/// A table the core cannot validate (a column type, a damaged Parquet or
/// IPC file): `InvalidArgument` with the core's code and both messages.
pub fn table_error(py: Python<'_>, e: &dtks_core::bulk::TableError) -> PyErr {
    coded_argument(py, e.code(), &e.message(Lang::En), &e.message(Lang::Id))
}

/// `InvalidArgument` with a core code and its two messages.
fn coded_argument(py: Python<'_>, code: &str, en: &str, id: &str) -> PyErr {
    make(py, "InvalidArgument", Some(code), "", en, id, &[])
}

/// A file whose name tells neither CSV nor JSON Lines, and no `format`
/// given: refused as `dtks validate` refuses it.
pub fn unknown_format(py: Python<'_>, path: &str) -> PyErr {
    let en = format!(
        "cannot tell the format of {path:?} from its name: give format=\"csv\" or format=\"jsonl\""
    );
    let id = format!(
        "format berkas {path:?} tidak dapat diketahui dari namanya: berikan format=\"csv\" atau format=\"jsonl\""
    );
    make(py, "InvalidArgument", None, "", &en, &id, &[])
}

/// A column `dtks.columns` cannot read, with its code and both messages.
pub fn column_error(py: Python<'_>, e: &dtks_core::columns::ColumnError) -> PyErr {
    coded_argument(py, e.code(), &e.message(Lang::En), &e.message(Lang::Id))
}

/// A mapping document that cannot be used.
pub fn invalid_mapping(py: Python<'_>, message: impl AsRef<str>) -> PyErr {
    let m = message.as_ref();
    make(py, "InvalidMapping", None, "", m, m, &[])
}

/// A file failure (`OSError` too), with the path.
pub fn io_error(py: Python<'_>, path: &str, e: &std::io::Error) -> PyErr {
    let m = format!("{path}: {e}");
    make(py, "DtksIOError", None, path, &m, &m, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_a_declared_class() {
        for code in Code::ALL {
            let name = class_for_code(*code);
            assert!(SPECS.iter().any(|s| s.name == name), "{code}");
        }
        assert_eq!(class_for_code(Code::NikLength), "InvalidNik");
        assert_eq!(class_for_code(Code::NikSexMismatch), "InvalidHousehold");
        assert_eq!(class_for_code(Code::KkSerialZero), "InvalidKk");
    }
}
