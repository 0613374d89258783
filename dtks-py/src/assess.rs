//! `dtks.RuleSet`, `dtks.assess`, `dtks.Assessment` and `dtks.Decision`:
//! programme assessment by the core's engine (`dtks_core::{rules, assess}`),
//! with its trace and its texts. Nothing is decided here.

use crate::household::PyHousehold;
use crate::{errors, util};
use chrono::NaiveDate;
use dtks_core::assess::{assess_with, AssessmentAnswer, DecisionAnswer, Options, Outcome};
use dtks_core::problem::{Lang, Problem};
use dtks_core::rules::{Format, RuleSets};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use std::sync::Arc;

/// An exception of class `class` whose `problems` lists every problem
/// ([`errors::with_problems`]).
pub fn invalid_with(py: Python<'_>, class: &str, problems: &[Problem]) -> PyErr {
    errors::with_problems(py, class, problems)
}

/// A `str`, `bytes` or JSON-able object (dict, list) as JSON text.
pub fn json_text(py: Python<'_>, data: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if data.is_instance_of::<pyo3::types::PyBytes>() {
        let b: Vec<u8> = data.extract()?;
        return String::from_utf8(b)
            .map_err(|_| errors::invalid_argument(py, format!("{what} JSON is not UTF-8")));
    }
    util::to_json(py, data)
}

/// A path argument (`str` or `os.PathLike`) as a string.
pub fn path_text(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<String> {
    py.import("os")?
        .call_method1("fspath", (path,))?
        .extract()
        .map_err(|_| errors::invalid_argument(py, "path: expected a str or os.PathLike"))
}

fn read_file(py: Python<'_>, path: &str) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| errors::io_error(py, path, &e))
}

fn format_of(py: Python<'_>, format: &str) -> PyResult<Format> {
    match format.trim().to_ascii_lowercase().as_str() {
        "toml" => Ok(Format::Toml),
        "json" => Ok(Format::Json),
        _ => Err(errors::invalid_argument(
            py,
            "format: expected \"toml\" or \"json\"",
        )),
    }
}

fn format_name(f: Format) -> &'static str {
    if f == Format::Toml {
        "toml"
    } else {
        "json"
    }
}

/// One document added on top of the base: its text, format and name.
#[derive(Debug, Clone)]
struct Source {
    text: String,
    format: Format,
    name: String,
}

/// Rule documents loaded and checked together: the programmes (PKH,
/// Sembako, PBI-JK, …), the criteria sets and the PMT models the engine
/// assesses against. `RuleSet.builtin()` is what ships with dtks; documents
/// of your own (TOML or JSON, the format of `docs/eligibility.md`) are added
/// with every check of the core, or `InvalidRules` lists the problems.
///
/// >>> from dtks import RuleSet
/// >>> rules = RuleSet.builtin()
/// >>> "PKH" in [p["id"] for p in rules.in_force("2025-06-01")]
/// True
/// >>> rules.show("PKH")["version"]
/// '2025'
/// >>> try:
/// ...     RuleSet.from_text("kind = 'programme'", format="toml")
/// ... except dtks.InvalidRules as e:
/// ...     print(e.code)
/// RULE_FIELD_MISSING
#[pyclass(module = "dtks", name = "RuleSet", frozen)]
#[derive(Debug, Clone)]
pub struct PyRuleSet {
    pub sets: Arc<RuleSets>,
    /// True: built on the built-in programmes; false: on the built-in
    /// criteria sets and PMT models only.
    base_programmes: bool,
    sources: Vec<Source>,
}

impl PyRuleSet {
    fn builtin_set() -> PyRuleSet {
        PyRuleSet {
            sets: Arc::new(RuleSets::builtin().clone()),
            base_programmes: true,
            sources: Vec::new(),
        }
    }

    /// The base plus `sources`, or every problem of every document.
    fn build(py: Python<'_>, base_programmes: bool, sources: Vec<Source>) -> PyResult<PyRuleSet> {
        let documents: Vec<(&str, Format, &str)> = sources
            .iter()
            .map(|s| (s.text.as_str(), s.format, s.name.as_str()))
            .collect();
        let sets = RuleSets::with_documents(base_programmes, &documents)
            .map_err(|problems| invalid_with(py, "InvalidRules", &problems))?;
        Ok(PyRuleSet {
            sets: Arc::new(sets),
            base_programmes,
            sources,
        })
    }

    fn source_from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Source> {
        let name = path_text(py, path)?;
        let text = read_file(py, &name)?;
        Ok(Source {
            text,
            format: Format::from_file_name(&name),
            name,
        })
    }
}

#[pymethods]
impl PyRuleSet {
    /// The built-in documents (`dtks rules list`).
    #[staticmethod]
    fn builtin() -> Self {
        Self::builtin_set()
    }

    /// One document from its text, on top of the built-in criteria sets and
    /// PMT models; with `builtin_programmes=True` on top of the built-in
    /// programmes too (a new version must then not overlap the built-in
    /// one's period). `format` is `"toml"` or `"json"`; `name` names the
    /// document in problems. Raises `InvalidRules` (`.problems`).
    #[staticmethod]
    #[pyo3(signature = (text, format = "toml", name = "<text>", builtin_programmes = false))]
    fn from_text(
        py: Python<'_>,
        text: String,
        format: &str,
        name: &str,
        builtin_programmes: bool,
    ) -> PyResult<Self> {
        let source = Source {
            text,
            format: format_of(py, format)?,
            name: name.to_owned(),
        };
        Self::build(py, builtin_programmes, vec![source])
    }

    /// Documents from files (`.toml` is TOML, anything else JSON), like
    /// `dtks assess --rules FILE…`: they replace the built-in programmes
    /// unless `builtin_programmes=True`. Raises `InvalidRules` (every
    /// problem of every file) or `DtksIOError`.
    #[staticmethod]
    #[pyo3(signature = (*paths, builtin_programmes = false))]
    fn from_files(
        py: Python<'_>,
        paths: &Bound<'_, PyTuple>,
        builtin_programmes: bool,
    ) -> PyResult<Self> {
        let mut sources = Vec::new();
        for p in paths.iter() {
            sources.push(Self::source_from_file(py, &p)?);
        }
        if sources.is_empty() {
            return Err(errors::invalid_argument(
                py,
                "from_files: give at least one path",
            ));
        }
        Self::build(py, builtin_programmes, sources)
    }

    /// A new rule set: this one plus a document from its text. Raises
    /// `InvalidRules` (e.g. `RULE_OVERLAPPING_PERIOD`); this set is unchanged.
    #[pyo3(signature = (text, format = "toml", name = "<text>"))]
    fn add_text(&self, py: Python<'_>, text: String, format: &str, name: &str) -> PyResult<Self> {
        let mut sources = self.sources.clone();
        sources.push(Source {
            text,
            format: format_of(py, format)?,
            name: name.to_owned(),
        });
        Self::build(py, self.base_programmes, sources)
    }

    /// A new rule set: this one plus a document from a file.
    fn add_file(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut sources = self.sources.clone();
        sources.push(Self::source_from_file(py, path)?);
        Self::build(py, self.base_programmes, sources)
    }

    /// Every document: `kind` (`programme`, `criteria`, `pmt`), `id`,
    /// `version`, `effective_from`, `effective_until`, `content_hash`, `file`.
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.sets.documents())
    }

    /// The programmes in force on `as_of` (`None` = today), by id: each a
    /// dict with `id`, `version`, `name` (Indonesian), `name_en`, `unit`,
    /// `effective_from`, `effective_until`, `content_hash`, `file`.
    #[pyo3(signature = (as_of = None))]
    fn in_force<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.sets.programmes_listed(util::as_of(py, as_of)?))
    }

    /// One document by id (the latest effective version unless `version`)
    /// as a dict: `id`, `version`, `content_hash`, `document` (its canonical
    /// form); `None` when there is none.
    #[pyo3(signature = (id, version = None))]
    fn show<'py>(
        &self,
        py: Python<'py>,
        id: &str,
        version: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.sets
            .shown(id, version)
            .map(|d| util::answer(py, &d))
            .transpose()
    }

    /// Assesses a household (a `Household`, a dict or JSON text) on
    /// `as_of` (`None` = today): the same as `dtks.assess(household, as_of, self)`.
    #[pyo3(signature = (household, as_of = None, trace = true))]
    fn assess(
        slf: &Bound<'_, Self>,
        household: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        trace: bool,
    ) -> PyResult<PyAssessment> {
        assess_household(slf.py(), household, as_of, Some(slf.get()), trace)
    }

    fn __repr__(&self) -> String {
        format!(
            "RuleSet(programmes={}, criteria={}, pmt={})",
            self.sets.programmes().count(),
            self.sets.criteria_sets().count(),
            self.sets.pmt_models().count()
        )
    }

    /// Pickles as its documents' texts (rebuilt and re-checked on load).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let sources: Vec<(String, &'static str, String)> = me
            .sources
            .iter()
            .map(|s| (s.text.clone(), format_name(s.format), s.name.clone()))
            .collect();
        let ctor = slf.get_type().getattr("_restore")?;
        let args = (me.base_programmes, sources).into_pyobject(py)?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    /// Used by pickle.
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        builtin_programmes: bool,
        sources: Vec<(String, String, String)>,
    ) -> PyResult<Self> {
        let mut v = Vec::new();
        for (text, format, name) in sources {
            v.push(Source {
                text,
                format: format_of(py, &format)?,
                name,
            });
        }
        Self::build(py, builtin_programmes, v)
    }
}

/// The household argument of `assess`: a `Household`, or what `Household()` takes.
fn household_of(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyHousehold>> {
    if let Ok(h) = data.cast::<PyHousehold>() {
        return Ok(h.clone().unbind());
    }
    let obj = py.get_type::<PyHousehold>().call1((data,))?;
    Ok(obj.cast_into::<PyHousehold>()?.unbind())
}

/// Runs the engine with the GIL released and keeps the answer as data.
pub(crate) fn assess_household(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    rules: Option<&PyRuleSet>,
    trace: bool,
) -> PyResult<PyAssessment> {
    let as_of = util::as_of(py, as_of)?;
    let h = household_of(py, household)?;
    let sets: Arc<RuleSets> = match rules {
        Some(r) => Arc::clone(&r.sets),
        None => Arc::new(RuleSets::builtin().clone()),
    };
    let hh = h.bind(py).get();
    let (answer, text_id, text_en) = util::without_gil(py, || {
        let opts = Options {
            trace,
            criteria: trace,
        };
        let a = assess_with(&hh.0, as_of, &sets, opts);
        (a.answer(), a.to_text(Lang::Id), a.to_text(Lang::En))
    });
    Ok(PyAssessment {
        answer,
        text_id,
        text_en,
    })
}

/// Assesses a household against every programme in force on `as_of`
/// (`None` = today) under `rules` (a `RuleSet`; `None` = the built-in
/// documents): per programme and unit, eligible / not_eligible /
/// undecidable, the amount, and the trace of every condition. `household`
/// is a `Household`, a dict or JSON text (`InvalidHousehold` when it is not
/// one). `trace=False` is faster: decisions and amounts only, no traces and
/// no criteria sets.
#[pyfunction]
#[pyo3(signature = (household, as_of = None, rules = None, trace = true))]
pub fn assess(
    py: Python<'_>,
    household: &Bound<'_, PyAny>,
    as_of: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyRuleSet>>,
    trace: bool,
) -> PyResult<PyAssessment> {
    assess_household(py, household, as_of, rules.map(|r| r.get()), trace)
}

/// Everything decided about one household on one date: one `Decision` per
/// programme in force and unit it targets, the criteria sets evaluated, and
/// the explanation as text in Indonesian or English. A value: it compares
/// and pickles; `repr` shows the household id, never a NIK or a name.
///
/// >>> import dtks
/// >>> h = {"id": "R1", "address": {"village_code": "3201012001"}, "desil": 2, "registered": True,
/// ...      "families": [{"members": [
/// ...          {"relationship": "head", "birth_date": "1980-01-01", "sex": "male"},
/// ...          {"relationship": "child", "birth_date": "2021-03-01", "sex": "female"}]}]}
/// >>> a = dtks.assess(h, "2025-06-01")
/// >>> pkh = a.find("PKH")[0]
/// >>> pkh.outcome, pkh.per_year, pkh.per_period, pkh.period
/// ('eligible', 3000000, 750000, 'quarter')
/// >>> "LAYAK" in a.to_text("id")
/// True
#[pyclass(module = "dtks", name = "Assessment", frozen)]
#[derive(Debug, Clone)]
pub struct PyAssessment {
    answer: AssessmentAnswer,
    text_id: String,
    text_en: String,
}

fn runtime(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("dtks: {e}"))
}

#[pymethods]
impl PyAssessment {
    /// Household id.
    #[getter]
    fn household(&self) -> String {
        self.answer.household.clone()
    }

    /// The assessment date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.answer.as_of
    }

    /// The village code, digits only.
    #[getter]
    fn village_code(&self) -> String {
        self.answer.village_code.clone()
    }

    /// Per programme in force (id order), per unit (input order).
    #[getter]
    fn decisions(&self) -> Vec<PyDecision> {
        self.answer
            .decisions
            .iter()
            .cloned()
            .map(PyDecision)
            .collect()
    }

    /// Each criteria set in force, evaluated (dicts; empty with `trace=False`).
    #[getter]
    fn criteria<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.answer.criteria)
    }

    /// The decisions of a programme (id, case-insensitive), optionally for
    /// one unit path (`"families[0]"`, `"families[0].members[2]"`, `""`).
    #[pyo3(signature = (programme, unit = None))]
    fn find(&self, programme: &str, unit: Option<&str>) -> Vec<PyDecision> {
        self.answer
            .find(programme, unit)
            .cloned()
            .map(PyDecision)
            .collect()
    }

    /// The explanation for an operator, in `"id"` (default) or `"en"`.
    #[pyo3(signature = (lang = "id"))]
    fn to_text(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Ok(match util::lang(py, lang)? {
            Lang::En => self.text_en.clone(),
            _ => self.text_id.clone(),
        })
    }

    /// The assessment as a dict (the shape of `dtks assess --json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.answer)
    }

    /// The assessment as pretty JSON (the text of `dtks assess --json`).
    fn to_json(&self) -> PyResult<String> {
        // Through a value, so that every part is indented alike.
        serde_json::to_value(&self.answer)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .map_err(runtime)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyAssessment>() {
            Ok(o) => o.get().answer == self.answer,
            Err(_) => false,
        }
    }

    fn __len__(&self) -> usize {
        self.answer.decisions.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Assessment(household={:?}, as_of='{}', decisions={})",
            self.answer.household,
            self.answer.as_of,
            self.answer.decisions.len()
        )
        .replace('"', "'")
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let json = serde_json::to_string(&me.answer).map_err(runtime)?;
        let ctor = slf.get_type().getattr("_restore")?;
        let args = (json, me.text_id.clone(), me.text_en.clone()).into_pyobject(py)?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    /// Used by pickle.
    #[staticmethod]
    fn _restore(py: Python<'_>, json: &str, text_id: String, text_en: String) -> PyResult<Self> {
        let answer: AssessmentAnswer = serde_json::from_str(json)
            .map_err(|_| errors::invalid_argument(py, "not a pickled assessment"))?;
        Ok(PyAssessment {
            answer,
            text_id,
            text_en,
        })
    }
}

/// The decision for one programme and one unit: `outcome` (`"eligible"`,
/// `"not_eligible"`, `"undecidable"`), the amount per period and per year,
/// the rule document it was decided under (`rule_id`, `rule_version`,
/// `rule_hash`) and the `trace` of every condition evaluated.
///
/// >>> import dtks
/// >>> h = {"id": "R2", "address": {"village_code": "3201012001"}, "desil": 9, "registered": True,
/// ...      "families": [{"members": [{"relationship": "head", "birth_date": "1980-01-01"}]}]}
/// >>> d = dtks.assess(h, "2025-06-01").find("PKH")[0]
/// >>> d
/// Decision(programme='PKH', unit='family', path='families[0]', outcome='not_eligible')
/// >>> d.eligible, d.per_year, d.rule_version
/// (False, None, '2025')
/// >>> [s["result"] for s in d.trace][:1]
/// ['fail']
#[pyclass(module = "dtks", name = "Decision", frozen)]
#[derive(Debug, Clone)]
pub struct PyDecision(DecisionAnswer);

#[pymethods]
impl PyDecision {
    /// Programme id (`"PKH"`).
    #[getter]
    fn programme(&self) -> String {
        self.0.programme.clone()
    }

    /// The programme's name in `"id"` (default) or `"en"`.
    #[pyo3(signature = (lang = "id"))]
    fn programme_name(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        Ok(self.0.name.get(util::lang(py, lang)?).to_owned())
    }

    /// The unit kind: `"household"`, `"family"` or `"member"`.
    #[getter]
    fn unit(&self) -> &'static str {
        self.0.unit.as_str()
    }

    /// The unit: `"families[0].members[2]"`, `"families[0]"`, `""` (household).
    #[getter]
    fn path(&self) -> String {
        self.0.path.clone()
    }

    /// `"eligible"`, `"not_eligible"` or `"undecidable"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome.as_str()
    }

    /// True when the outcome is `"eligible"`.
    #[getter]
    fn eligible(&self) -> bool {
        self.0.outcome == Outcome::Eligible
    }

    /// `{"per_period", "period", "per_year"}` when eligible with an amount, else `None`.
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.amount)
    }

    /// Rupiah per payment period, or `None`.
    #[getter]
    fn per_period(&self) -> Option<i64> {
        self.0.amount.map(|a| a.per_period)
    }

    /// Rupiah per year, or `None`.
    #[getter]
    fn per_year(&self) -> Option<i64> {
        self.0.amount.map(|a| a.per_year)
    }

    /// The payment period (`"month"`, `"quarter"`, `"semester"`, `"year"`), or `None`.
    #[getter]
    fn period(&self) -> Option<&'static str> {
        self.0.amount.map(|a| a.period.as_str())
    }

    /// True when undecidable components could change the amount.
    #[getter]
    fn amount_uncertain(&self) -> bool {
        self.0.amount_uncertain
    }

    /// The rule document's id.
    #[getter]
    fn rule_id(&self) -> String {
        self.0.rule_set.id.clone()
    }

    /// The rule document's version (`"2025"`).
    #[getter]
    fn rule_version(&self) -> String {
        self.0.rule_set.version.clone()
    }

    /// The rule document's content hash (`"sha256:…"`).
    #[getter]
    fn rule_hash(&self) -> String {
        self.0.rule_set.content_hash.clone()
    }

    /// Every condition evaluated, in order: dicts with `depth`, `condition`,
    /// `path` (where the value was read), `seen`, `result` (`pass`/`fail`/
    /// `undecidable`). Empty when assessed with `trace=False`.
    #[getter]
    fn trace<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.trace)
    }

    /// The component lines (member × component), each with `counted` and,
    /// when not paid, `not_counted`.
    #[getter]
    fn components<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.components)
    }

    /// What the operator must still verify by hand (dicts `{"id", "en"}`).
    #[getter]
    fn manual_checks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.manual_checks)
    }

    /// The decision as a dict (as in `Assessment.to_dict()["decisions"]`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyDecision>() {
            Ok(o) => o.get().0 == self.0,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        let amount = self
            .per_year()
            .map(|y| format!(", per_year={y}"))
            .unwrap_or_default();
        format!(
            "Decision(programme={:?}, unit={:?}, path={:?}, outcome={:?}{amount})",
            self.0.programme,
            self.unit(),
            self.0.path,
            self.outcome()
        )
        .replace('"', "'")
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let json = serde_json::to_string(&slf.get().0).map_err(runtime)?;
        let ctor = slf.get_type().getattr("_restore")?;
        let args = PyTuple::new(py, [json])?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    /// Used by pickle.
    #[staticmethod]
    fn _restore(py: Python<'_>, json: &str) -> PyResult<Self> {
        let d: DecisionAnswer = serde_json::from_str(json)
            .map_err(|_| errors::invalid_argument(py, "not a pickled decision"))?;
        Ok(PyDecision(d))
    }
}
