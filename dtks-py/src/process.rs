//! The village and SIKS-NG process: `dtks.Session` (Musyawarah Desa /
//! Kelurahan) and its `PrelistAkhir`, `dtks.Batch` of proposals (check,
//! finalisation, status, lifecycle moves) and `dtks.AuditTrail`. Every rule
//! is the core's (`dtks_core::{musyawarah, usulan, lifecycle}`).

use crate::assess::{invalid_with, json_text, PyRuleSet};
use crate::problem::PyProblem;
use crate::{errors, util};
use chrono::{NaiveDate, NaiveDateTime};
use dtks_core::document::{self, Document};
use dtks_core::id::Nik;
use dtks_core::lifecycle::{self, AuditTrail, Event, EventNameError, Status};
use dtks_core::musyawarah::{self, PrelistAkhir, QuorumRule, Session};
use dtks_core::problem::{one_of, Headline, Lang, Problem};
use dtks_core::rules::RuleSets;
use dtks_core::usulan::{self, Anchors, Batch, CheckContext, Query};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use std::collections::HashSet;
use std::sync::Arc;

fn runtime(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("dtks: {e}"))
}

/// Parses JSON text into `T`, or `class` coded `DOCUMENT_INVALID` whose
/// message names the field and never quotes a value (the command's and the
/// C ABI's problem for the same text).
fn parse<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    text: &str,
    class: &str,
    doc: Document,
) -> PyResult<T> {
    document::parse(text, "-", doc).map_err(|p| invalid_with(py, class, &[p]))
}

fn to_json_text<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(runtime)
}

/// `quorum`: `None` (no rule: none is documented) or a dict
/// `{"min_participants": int, "required_roles": [role, …]}`.
fn quorum_of(py: Python<'_>, quorum: Option<&Bound<'_, PyAny>>) -> PyResult<QuorumRule> {
    match quorum {
        None => Ok(QuorumRule::default()),
        Some(q) if q.is_none() => Ok(QuorumRule::default()),
        Some(q) => {
            let text = util::to_json(py, q)?;
            QuorumRule::from_json(&text).map_err(|reason| {
                errors::invalid_argument(
                    py,
                    format!(
                        "quorum: expected {{\"min_participants\": int, \"required_roles\": [role, ...]}}: {reason}"
                    ),
                )
            })
        }
    }
}

/// `at`: a `datetime.datetime`, an ISO `YYYY-MM-DDTHH:MM:SS` string, or
/// `None` for now (the clock is read here, at the edge).
fn at_of(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDateTime> {
    match value {
        Some(v) if !v.is_none() => {
            if let Ok(s) = v.cast::<PyString>() {
                let s = s.to_cow()?;
                dtks_core::answer::parse_time(&s)
                    .ok_or_else(|| errors::invalid_argument(py, "at: expected YYYY-MM-DDTHH:MM:SS"))
            } else {
                v.extract::<NaiveDateTime>().map_err(|_| {
                    errors::invalid_argument(
                        py,
                        "at: expected a naive datetime.datetime or a YYYY-MM-DDTHH:MM:SS string",
                    )
                })
            }
        }
        _ => {
            let now: NaiveDateTime = py
                .import("datetime")?
                .getattr("datetime")?
                .call_method0("now")?
                .extract()?;
            Ok(lifecycle::moment(now))
        }
    }
}

// ---- musyawarah -------------------------------------------------------------

/// A Musyawarah Desa / Kelurahan session: kind, village, date, participants,
/// agenda, decisions and Berita Acara, from a dict or JSON (the format of
/// `examples/process/session.json`). `validate()` gives every problem;
/// `prelist()` the prelist akhir of a valid session. `repr` shows no name.
///
/// >>> from dtks import Session
/// >>> s = Session({"kind": "muskel", "village_code": "31.71.01.1001", "date": "2024-03-05",
/// ...              "place": "Aula Kelurahan", "agenda": [{"household_id": "RT-1", "source": "prelist_awal"}]})
/// >>> s
/// Session(kind='muskel', village_code='31.71.01.1001', date='2024-03-05', participants=0, agenda=1)
/// >>> sorted({p.code for p in s.validate()})
/// ['MUSYAWARAH_BERITA_ACARA_MISSING', 'MUSYAWARAH_DECISION_MISSING']
#[pyclass(module = "dtks", name = "Session", frozen)]
#[derive(Debug, Clone)]
pub struct PySession(pub Session);

#[pymethods]
impl PySession {
    /// From a dict, JSON text or bytes. Raises `InvalidSession` (`DOCUMENT_INVALID`).
    #[new]
    fn new(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(py, data, "session")?;
        Ok(PySession(parse(
            py,
            &text,
            "InvalidSession",
            Document::Session,
        )?))
    }

    /// From a dict.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::new(py, data)
    }

    /// From JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PySession(parse(
            py,
            text,
            "InvalidSession",
            Document::Session,
        )?))
    }

    /// `"musdes"` or `"muskel"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    /// The village code as given.
    #[getter]
    fn village_code(&self) -> &str {
        &self.0.village_code
    }

    /// The session date.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }

    /// Number of participants.
    #[getter]
    fn participant_count(&self) -> usize {
        self.0.participants.len()
    }

    /// The agenda: `[{"household_id", "source"}]`.
    #[getter]
    fn agenda<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.agenda)
    }

    /// The decisions: `[{"household_id", "outcome", "reason"?}]`.
    #[getter]
    fn decisions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.decisions)
    }

    /// Every problem (errors and warnings) under a quorum rule (`None`: no
    /// rule; or `{"min_participants": n, "required_roles": [...]}`). Never
    /// raises for a bad session.
    #[pyo3(signature = (quorum = None))]
    fn validate(
        &self,
        py: Python<'_>,
        quorum: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyProblem>> {
        let q = quorum_of(py, quorum)?;
        Ok(musyawarah::validate(&self.0, &q)
            .into_iter()
            .map(PyProblem)
            .collect())
    }

    /// True when `validate(quorum)` finds no error.
    #[pyo3(signature = (quorum = None))]
    fn is_valid(&self, py: Python<'_>, quorum: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let q = quorum_of(py, quorum)?;
        Ok(!musyawarah::validate(&self.0, &q)
            .iter()
            .any(Problem::is_error))
    }

    /// The prelist akhir (eligible households by id, with its hash), or
    /// `InvalidSession` whose `problems` lists every problem.
    #[pyo3(signature = (quorum = None))]
    fn prelist(&self, py: Python<'_>, quorum: Option<&Bound<'_, PyAny>>) -> PyResult<PyPrelist> {
        let q = quorum_of(py, quorum)?;
        musyawarah::prelist_akhir(&self.0, &q)
            .map(PyPrelist)
            .map_err(|ps| invalid_with(py, "InvalidSession", &ps))
    }

    /// The session as a dict (participants' names unmasked).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// The session as JSON (participants' names unmasked).
    fn to_json(&self) -> PyResult<String> {
        to_json_text(&self.0)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PySession>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Session(kind='{}', village_code={:?}, date='{}', participants={}, agenda={})",
            self.0.kind.as_str(),
            self.0.village_code,
            self.0.date,
            self.0.participants.len(),
            self.0.agenda.len()
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

/// The prelist akhir of a valid session: the eligible households in
/// household-id order and the SHA-256 hash a batch cites (`prelist_hash`).
///
/// >>> import dtks
/// >>> lurah = {"name": "Rahmat", "role": "lurah"}
/// >>> sekretaris = {"name": "Wati", "role": "village_official"}
/// >>> s = dtks.Session({"kind": "muskel", "village_code": "31.71.01.1001", "date": "2024-03-05",
/// ...     "place": "Aula", "participants": [lurah, sekretaris],
/// ...     "agenda": [{"household_id": "RT-2", "source": "new_proposal"},
/// ...                {"household_id": "RT-1", "source": "prelist_awal"}],
/// ...     "decisions": [{"household_id": "RT-1", "outcome": "eligible"},
/// ...                   {"household_id": "RT-2", "outcome": "eligible"}],
/// ...     "berita_acara": {"number": "1/BA", "date": "2024-03-05", "signatories": [lurah, sekretaris]}})
/// >>> pl = s.prelist()
/// >>> pl.household_ids, "RT-2" in pl, len(pl.hash)
/// (['RT-1', 'RT-2'], True, 64)
#[pyclass(module = "dtks", name = "PrelistAkhir", frozen)]
#[derive(Debug, Clone)]
pub struct PyPrelist(pub PrelistAkhir);

#[pymethods]
impl PyPrelist {
    /// From a dict or JSON text (as `to_dict`/`to_json` give). Raises `InvalidSession`.
    #[new]
    fn new(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(py, data, "prelist")?;
        Ok(PyPrelist(parse(
            py,
            &text,
            "InvalidSession",
            Document::Session,
        )?))
    }

    /// From JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PyPrelist(parse(
            py,
            text,
            "InvalidSession",
            Document::Session,
        )?))
    }

    /// The SHA-256 content hash (hex).
    #[getter]
    fn hash(&self) -> &str {
        &self.0.hash
    }

    /// The village code, digits only.
    #[getter]
    fn village_code(&self) -> &str {
        &self.0.village_code
    }

    /// The session date.
    #[getter]
    fn session_date(&self) -> NaiveDate {
        self.0.session_date
    }

    /// The Berita Acara number.
    #[getter]
    fn berita_acara_number(&self) -> &str {
        &self.0.berita_acara_number
    }

    /// The household ids, in order.
    #[getter]
    fn household_ids(&self) -> Vec<String> {
        self.0
            .entries
            .iter()
            .map(|e| e.household_id.clone())
            .collect()
    }

    /// The entries: `[{"household_id", "source"}]`.
    #[getter]
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0.entries)
    }

    /// As a dict (the `prelist_akhir` of `dtks musyawarah check --json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// As JSON.
    fn to_json(&self) -> PyResult<String> {
        to_json_text(&self.0)
    }

    fn __contains__(&self, household_id: &str) -> bool {
        self.0.contains(household_id)
    }

    fn __len__(&self) -> usize {
        self.0.entries.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPrelist>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "PrelistAkhir(village_code='{}', households={}, hash='{}…')",
            self.0.village_code,
            self.0.entries.len(),
            self.0.hash.get(..12).unwrap_or(&self.0.hash)
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = slf.get_type().getattr("from_json")?;
        let args = PyTuple::new(py, [slf.get().to_json()?])?;
        PyTuple::new(py, [ctor, args.into_any()])
    }
}

// ---- usulan -------------------------------------------------------------------

/// What a batch check needs besides the batch, owned.
struct Inputs {
    as_of: NaiveDate,
    registered: HashSet<u64>,
    prelist: Option<PrelistAkhir>,
    /// Problems of the session given, under `session` (the CLI's `--session`).
    session_problems: Vec<Problem>,
    rules: Arc<RuleSets>,
    anchors: Anchors,
}

fn registered_of(py: Python<'_>, niks: Option<&Bound<'_, PyAny>>) -> PyResult<HashSet<u64>> {
    let Some(niks) = niks.filter(|n| !n.is_none()) else {
        return Ok(HashSet::new());
    };
    if niks.is_instance_of::<PyString>() {
        return Err(errors::invalid_argument(
            py,
            "registered_niks: expected an iterable of NIKs, not one string",
        ));
    }
    // A `Nik` is written out and read again: one reading for every entry.
    let mut texts = Vec::new();
    for item in niks.try_iter()? {
        let item = item?;
        texts.push(if let Ok(n) = item.cast::<crate::id::PyNik>() {
            n.get().0.raw()
        } else {
            item.extract::<String>().map_err(|_| {
                errors::invalid_argument(py, "registered_niks: expected str or dtks.Nik items")
            })?
        });
    }
    usulan::registered_niks(texts.iter().map(String::as_str), |i| {
        format!("registered_niks[{i}]")
    })
    .map_err(|problems| crate::assess::invalid_with(py, "InvalidNik", &problems))
}

#[allow(clippy::too_many_arguments)]
fn inputs(
    py: Python<'_>,
    as_of: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyRuleSet>>,
    registered_niks: Option<&Bound<'_, PyAny>>,
    session: Option<&Bound<'_, PySession>>,
    prelist: Option<&Bound<'_, PyPrelist>>,
    quorum: Option<&Bound<'_, PyAny>>,
    anchors: Anchors,
) -> PyResult<Inputs> {
    let as_of = util::as_of(py, as_of)?;
    let registered = registered_of(py, registered_niks)?;
    let quorum = quorum_of(py, quorum)?;
    let (list, session_problems) = usulan::prelist_of(
        session.map(|s| &s.get().0),
        prelist.map(|p| p.get().0.clone()),
        &quorum,
    )
    .map_err(|e| errors::invalid_argument(py, e.to_string()))?;
    let rules = match rules {
        Some(r) => Arc::clone(&r.get().sets),
        None => Arc::new(RuleSets::builtin().clone()),
    };
    Ok(Inputs {
        as_of,
        registered,
        prelist: list,
        session_problems,
        rules,
        anchors,
    })
}

impl Inputs {
    fn ctx(&self) -> CheckContext<'_> {
        CheckContext {
            as_of: self.as_of,
            registered: &self.registered,
            prelist: self.prelist.as_ref(),
            programmes: self.rules.as_ref(),
            anchors: &self.anchors,
        }
    }
}

/// A move by name (`save`, `start_verification`, `verify`, `reject`,
/// `deactivate`), with its reason for `reject`/`deactivate`. `finalise` is
/// refused (`LIFECYCLE_FINALISE_RESERVED`): only `Batch.finalise()` makes it.
fn move_of(py: Python<'_>, name: &str, reason: Option<&str>) -> PyResult<Event> {
    Event::from_name(name, reason).map_err(|e| move_error(py, e))
}

/// A move name or reason refused, as the exception the core's reason names.
fn move_error(py: Python<'_>, e: EventNameError) -> PyErr {
    match e.to_problem("move") {
        Some(p) => errors::from_problem(py, &p),
        None => {
            let expected = e.expected(Lang::En);
            errors::invalid_argument(
                py,
                match e {
                    EventNameError::Unknown => {
                        format!("move: expected {expected}; finalise: Batch.finalise()")
                    }
                    _ => format!("reason: expected {expected}"),
                },
            )
        }
    }
}

/// The host's anchors: `key` (hex text, at least 32 digits) and `heads`
/// (proposal id → the head hash kept), both optional.
fn anchors_of(
    py: Python<'_>,
    key: Option<&str>,
    heads: Option<std::collections::BTreeMap<String, String>>,
) -> PyResult<Anchors> {
    let key = match key {
        Some(k) => Some(
            lifecycle::TrailKey::from_hex(k)
                .map_err(|e| errors::invalid_argument(py, format!("key: {e}")))?,
        ),
        None => None,
    };
    Ok(Anchors {
        key,
        heads: heads.unwrap_or_default(),
    })
}

fn status_of(py: Python<'_>, name: &str) -> PyResult<Status> {
    Status::from_name(name).ok_or_else(|| {
        errors::invalid_argument(
            py,
            format!("status: expected {}", one_of(&Status::names(), Lang::En)),
        )
    })
}

/// A batch of SIKS-NG proposals (usulan) from a dict or JSON (the format of
/// `examples/process/batch.json`): `check()` gives every problem,
/// `finalise()` the finalised batch, `status()` where a person's proposal
/// stands, `record()` a lifecycle move. Values: methods return new batches.
/// `repr` shows no NIK or name.
///
/// >>> from dtks import Batch
/// >>> b = Batch({"id": "B-1", "operator_village": "31.71.01.1001"})
/// >>> b
/// Batch(id='B-1', operator_village='31.71.01.1001', proposals=0)
/// >>> [p.code for p in b.check("2024-03-07")]
/// ['USULAN_BATCH_EMPTY']
/// >>> try:
/// ...     b.finalise(dtks.STATEMENT, as_of="2024-03-07", at="2024-03-07T10:00:00")
/// ... except dtks.InvalidProposal as e:
/// ...     print(e.code, [p.code for p in e.problems])
/// USULAN_BATCH_EMPTY ['USULAN_BATCH_EMPTY', 'USULAN_BERITA_ACARA_MISSING']
#[pyclass(module = "dtks", name = "Batch", frozen)]
#[derive(Debug, Clone)]
pub struct PyBatch(pub Batch);

impl PyBatch {
    fn index_of(&self, py: Python<'_>, proposal: &Bound<'_, PyAny>) -> PyResult<usize> {
        if let Ok(i) = proposal.extract::<usize>() {
            if i < self.0.proposals.len() {
                return Ok(i);
            }
        } else if let Ok(id) = proposal.extract::<String>() {
            if let Some(i) = self.0.proposals.iter().position(|p| p.id == id.trim()) {
                return Ok(i);
            }
        }
        Err(errors::invalid_argument(
            py,
            "proposal: expected the index or id of a proposal of this batch",
        ))
    }
}

#[pymethods]
impl PyBatch {
    /// From a dict, JSON text or bytes. Raises `InvalidProposal` (`DOCUMENT_INVALID`).
    #[new]
    fn new(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(py, data, "batch")?;
        Ok(PyBatch(parse(
            py,
            &text,
            "InvalidProposal",
            Document::Batch,
        )?))
    }

    /// From a dict.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::new(py, data)
    }

    /// From JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PyBatch(parse(
            py,
            text,
            "InvalidProposal",
            Document::Batch,
        )?))
    }

    /// Batch id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The operator's village code.
    #[getter]
    fn operator_village(&self) -> &str {
        &self.0.operator_village
    }

    /// The prelist akhir hash the batch cites, if any.
    #[getter]
    fn prelist_hash(&self) -> Option<&str> {
        self.0.prelist_hash.as_deref()
    }

    /// The proposal ids, in order.
    #[getter]
    fn proposal_ids(&self) -> Vec<String> {
        self.0.proposals.iter().map(|p| p.id.clone()).collect()
    }

    /// Each proposal's current status (`{"U-001": "saved", …}`).
    #[getter]
    fn statuses<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for p in &self.0.proposals {
            d.set_item(&p.id, p.trail.status().as_str())?;
        }
        Ok(d)
    }

    /// Every problem of the batch as of `as_of` (`None` = today): the
    /// household rules, KK/NIK, survey, documents, village, programmes
    /// (judged by `rules`, default the built-in `RuleSet`), NIKs already in
    /// `registered_niks` (str or `Nik`), the prelist cited (give the
    /// `session`, or its `prelist`), the audit trails — with the host's
    /// `key` (hex text) every entry must carry its seal, with `heads` (proposal
    /// id → the head kept) none may be missing at the end. Never raises for a
    /// bad batch.
    #[pyo3(signature = (as_of = None, rules = None, registered_niks = None, session = None, prelist = None, key = None, heads = None, quorum = None))]
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyRuleSet>>,
        registered_niks: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PySession>>,
        prelist: Option<&Bound<'_, PyPrelist>>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
        quorum: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyProblem>> {
        let anchors = anchors_of(py, key, heads)?;
        let i = inputs(
            py,
            as_of,
            rules,
            registered_niks,
            session,
            prelist,
            quorum,
            anchors,
        )?;
        let batch = &self.0;
        let a = util::without_gil(py, || {
            usulan::check_answer(batch, &i.ctx(), i.session_problems.clone())
        });
        Ok(a.verdict.problems.into_iter().map(PyProblem).collect())
    }

    /// The proposals whose programmes are decided only once the household is
    /// ranked (from 2025 PKH and Sembako need a DTSEN desil a household new to
    /// the registry does not have): dicts with `proposal_index`,
    /// `proposal_id`, `programmes`. Not problems: the proposal is the request
    /// for that ranking. Programmes judged by `rules` (default the built-in
    /// `RuleSet`) as of `as_of` (`None` = today).
    #[pyo3(signature = (as_of = None, rules = None))]
    fn awaiting_ranking<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyRuleSet>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let i = inputs(py, as_of, rules, None, None, None, None, Anchors::default())?;
        let batch = &self.0;
        let list = util::without_gil(py, || usulan::awaiting_ranking(batch, &i.ctx()));
        util::answer(py, &list)
    }

    /// Every reason the batch cannot be finalised now (the problems of
    /// `check`, the Berita Acara Usulan, the statement, proposals not
    /// `saved`); warnings included. Changes nothing.
    #[pyo3(signature = (statement, as_of = None, rules = None, registered_niks = None, session = None, prelist = None, key = None, heads = None, quorum = None))]
    #[allow(clippy::too_many_arguments)]
    fn finalisation_problems(
        &self,
        py: Python<'_>,
        statement: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyRuleSet>>,
        registered_niks: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PySession>>,
        prelist: Option<&Bound<'_, PyPrelist>>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
        quorum: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyProblem>> {
        let anchors = anchors_of(py, key, heads)?;
        let i = inputs(
            py,
            as_of,
            rules,
            registered_niks,
            session,
            prelist,
            quorum,
            anchors,
        )?;
        let batch = &self.0;
        let v = util::without_gil(py, || {
            usulan::finalisation_verdict(batch, statement, &i.ctx(), i.session_problems.clone())
        });
        Ok(v.problems.into_iter().map(PyProblem).collect())
    }

    /// The batch finalised: every proposal moved `saved` → `finalised` by
    /// `actor` at `at` (a `datetime`, `YYYY-MM-DDTHH:MM:SS`, or `None` =
    /// now), recorded in its trail. `statement` must be `dtks.STATEMENT`
    /// as typed by the operator. Raises `InvalidProposal` whose `problems`
    /// lists every problem when anything blocks; this batch is unchanged.
    #[pyo3(signature = (statement, as_of = None, actor = "operator", at = None, rules = None, registered_niks = None, session = None, prelist = None, key = None, heads = None, quorum = None))]
    #[allow(clippy::too_many_arguments)]
    fn finalise(
        &self,
        py: Python<'_>,
        statement: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        actor: &str,
        at: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyRuleSet>>,
        registered_niks: Option<&Bound<'_, PyAny>>,
        session: Option<&Bound<'_, PySession>>,
        prelist: Option<&Bound<'_, PyPrelist>>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
        quorum: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyBatch> {
        let anchors = anchors_of(py, key, heads)?;
        let i = inputs(
            py,
            as_of,
            rules,
            registered_niks,
            session,
            prelist,
            quorum,
            anchors,
        )?;
        let at = at_of(py, at)?;
        let mut batch = self.0.clone();
        let a = util::without_gil(py, || {
            usulan::finalise_answer(
                &mut batch,
                statement,
                &i.ctx(),
                i.session_problems.clone(),
                actor,
                at,
            )
        });
        if a.finalised {
            Ok(PyBatch(batch))
        } else {
            Err(invalid_with(py, "InvalidProposal", &a.verdict.problems))
        }
    }

    /// Where each proposal with a member matching `nik` (str or `Nik`) or
    /// `name` (case and spaces ignored; with `partial`, each word given
    /// begins a word of the name, any order, accents ignored) stands: dicts
    /// with `proposal_index`, `proposal_id`, `member` (a path),
    /// `name_masked`,
    /// `status`, `since`, `last_move`, `note`. Give exactly one of the two.
    /// The trails are verified first (with `key` and `heads` when given):
    /// a broken one raises `InvalidTransition` (`AUDIT_TRAIL_BROKEN`,
    /// `AUDIT_TRAIL_MISSING`) or `InvalidProposal`
    /// (`USULAN_CHANGED_AFTER_FINALISATION`) instead of answering.
    #[pyo3(signature = (nik = None, name = None, key = None, heads = None, partial = false))]
    fn status<'py>(
        &self,
        py: Python<'py>,
        nik: Option<&Bound<'py, PyAny>>,
        name: Option<&str>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
        partial: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let anchors = anchors_of(py, key, heads)?;
        let answers = match (nik.filter(|n| !n.is_none()), name) {
            (Some(n), None) => {
                let nik = if let Ok(x) = n.cast::<crate::id::PyNik>() {
                    x.get().0
                } else {
                    let s: String = n.extract().map_err(|_| {
                        errors::invalid_argument(py, "nik: expected a str or dtks.Nik")
                    })?;
                    Nik::parse(s.trim()).map_err(|e| errors::from_id_error(py, &e, "nik"))?
                };
                usulan::find(&self.0, Query::Nik(nik), &anchors)
            }
            (None, Some(n)) => usulan::find(&self.0, Query::by_name(n, partial), &anchors),
            _ => {
                return Err(errors::invalid_argument(
                    py,
                    "status: give nik or name (one of them)",
                ))
            }
        };
        // The trails are verified first: a broken one raises with every
        // problem, nothing is answered from it.
        let answers = answers.map_err(|ps| match Headline::of(&ps) {
            Some(h) => errors::with_problems(py, errors::class_for_code(h.lead.code), &ps),
            None => errors::invalid_argument(py, "batch"),
        })?;
        util::answer(py, &answers)
    }

    /// The audit trail of a proposal (its index or id).
    fn trail(&self, py: Python<'_>, proposal: &Bound<'_, PyAny>) -> PyResult<PyAuditTrail> {
        let i = self.index_of(py, proposal)?;
        Ok(PyAuditTrail(
            self.0
                .proposals
                .get(i)
                .map(|p| p.trail.clone())
                .unwrap_or_default(),
        ))
    }

    /// A new batch where one proposal (index or id) made a lifecycle move
    /// (see `AuditTrail.record`). The batch is verified first, with the
    /// host's `key` (hex; the new entry is sealed with it) and the `heads`
    /// it kept (proposal id → head): a broken trail, a removed proposal or
    /// a batch changed after finalisation refuses the move. Raises
    /// `InvalidTransition` carrying every problem.
    #[pyo3(signature = (proposal, move_, actor, at = None, note = None, reason = None, key = None, heads = None))]
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        py: Python<'_>,
        proposal: &Bound<'_, PyAny>,
        move_: &str,
        actor: &str,
        at: Option<&Bound<'_, PyAny>>,
        note: Option<&str>,
        reason: Option<&str>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
    ) -> PyResult<PyBatch> {
        let i = self.index_of(py, proposal)?;
        let mv = move_of(py, move_, reason)?;
        let at = at_of(py, at)?;
        let anchors = anchors_of(py, key, heads)?;
        let mut batch = self.0.clone();
        // By index: the request names the proposal's id, which `index_of`
        // found once (a duplicated id is the batch check's problem).
        let id = batch
            .proposals
            .get(i)
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let mut req = usulan::MoveRequest::new(vec![id], mv, actor, at);
        req.note = note.map(str::to_owned);
        let a = usulan::move_proposals(&mut batch, &req, &anchors);
        if a.moved {
            Ok(PyBatch(batch))
        } else {
            Err(invalid_with(py, "InvalidTransition", &a.problems))
        }
    }

    /// The heads to keep for this batch (a `dtks-heads/1` dict: `format`,
    /// `batch`, `heads` = proposal id → hash), given only when every trail
    /// verifies with the host's `key` and its earlier `heads`. Store it apart
    /// from the batch (docs/process.md, trust model) and pass its `heads`
    /// back to `check`, `finalise`, `status` and `record`. Raises
    /// `InvalidTransition` carrying every problem otherwise.
    #[pyo3(signature = (key = None, heads = None))]
    fn heads<'py>(
        &self,
        py: Python<'py>,
        key: Option<&str>,
        heads: Option<std::collections::BTreeMap<String, String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let anchors = anchors_of(py, key, heads)?;
        let a = usulan::heads_answer(&self.0, &anchors);
        match &a.heads {
            Some(h) => util::answer(py, h),
            None => Err(invalid_with(py, "InvalidTransition", &a.verdict.problems)),
        }
    }

    /// The batch as a dict (personal data unmasked).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// The batch as JSON (personal data unmasked).
    fn to_json(&self) -> PyResult<String> {
        to_json_text(&self.0)
    }

    fn __len__(&self) -> usize {
        self.0.proposals.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyBatch>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Batch(id={:?}, operator_village={:?}, proposals={})",
            self.0.id,
            self.0.operator_village,
            self.0.proposals.len()
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

// ---- lifecycle ------------------------------------------------------------------

/// A proposal's audit trail: every status move with who, when and why,
/// hash-chained. `record()` returns a new trail; `verify()` raises
/// `InvalidTransition` (`AUDIT_TRAIL_BROKEN`) naming the first bad entry.
///
/// >>> from dtks import AuditTrail
/// >>> t = AuditTrail().record("save", "op-1", "2024-03-07T09:00:00")
/// >>> t.status, len(t)
/// ('saved', 1)
/// >>> t.verify()
/// >>> try:
/// ...     t.record("verify", "op-1", "2024-03-07T10:00:00")
/// ... except dtks.InvalidTransition as e:
/// ...     print(e.code)
/// LIFECYCLE_ILLEGAL_MOVE
#[pyclass(module = "dtks", name = "AuditTrail", frozen)]
#[derive(Debug, Clone)]
pub struct PyAuditTrail(pub AuditTrail);

#[pymethods]
impl PyAuditTrail {
    /// An empty trail (status `draft`), or one from its entries (a list of
    /// dicts or JSON text). Raises `InvalidTransition` (`DOCUMENT_INVALID`)
    /// for what is not a trail; use `verify()` to check its chain.
    #[new]
    #[pyo3(signature = (entries = None))]
    fn new(py: Python<'_>, entries: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match entries.filter(|e| !e.is_none()) {
            None => Ok(PyAuditTrail(AuditTrail::new())),
            Some(e) => {
                let text = json_text(py, e, "trail")?;
                Ok(PyAuditTrail(parse(
                    py,
                    &text,
                    "InvalidTransition",
                    Document::Trail,
                )?))
            }
        }
    }

    /// The current status (`"draft"` when nothing was recorded).
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status().as_str()
    }

    /// Since when the status holds (`None` for a draft never moved).
    #[getter]
    fn since(&self) -> Option<NaiveDateTime> {
        self.0.since()
    }

    /// The last entry's hash (the genesis hash when empty): keep it to
    /// detect entries removed at the end (`verify(head)`).
    #[getter]
    fn head(&self) -> &str {
        self.0.head()
    }

    /// The entries as dicts, oldest first.
    #[getter]
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        util::answer(py, &self.0)
    }

    /// A new trail with the move made (`save`, `start_verification`,
    /// `verify`, `reject`, `deactivate`; `reason` for the last two; a
    /// `note` when the reason is `other`) by `actor` at `at` (`None` =
    /// now). `finalise` is refused: only `Batch.finalise()` makes it. The
    /// trail is verified first, with the host's `key` (hex; the new entry is
    /// sealed with it) and the `head` it kept. Raises `InvalidTransition`
    /// (`AUDIT_TRAIL_BROKEN`, `LIFECYCLE_ILLEGAL_MOVE`,
    /// `LIFECYCLE_REASON_REQUIRED`, `LIFECYCLE_TIME_BACKWARDS`,
    /// `LIFECYCLE_FINALISE_RESERVED`).
    #[pyo3(signature = (move_, actor, at = None, note = None, reason = None, key = None, head = None))]
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        py: Python<'_>,
        move_: &str,
        actor: &str,
        at: Option<&Bound<'_, PyAny>>,
        note: Option<&str>,
        reason: Option<&str>,
        key: Option<&str>,
        head: Option<&str>,
    ) -> PyResult<PyAuditTrail> {
        let mv = move_of(py, move_, reason)?;
        let at = at_of(py, at)?;
        let anchors = anchors_of(py, key, None)?;
        let anchor = lifecycle::Anchor {
            key: anchors.key.as_ref(),
            head: head.map(str::trim),
        };
        let mut t = self.0.clone();
        t.record_anchored(mv, actor, at, note, &anchor)
            .map_err(|p| errors::from_problem(py, &p))?;
        Ok(PyAuditTrail(t))
    }

    /// Checks the chain (positions, links, hashes, legal moves in time
    /// order); with the host's `key` (hex), that every entry carries its
    /// seal (a chain rebuilt without the key is caught); given a `head`
    /// kept earlier, that no entry was removed at the end. Raises
    /// `InvalidTransition` (`AUDIT_TRAIL_BROKEN`).
    #[pyo3(signature = (head = None, key = None))]
    fn verify(&self, py: Python<'_>, head: Option<&str>, key: Option<&str>) -> PyResult<()> {
        let anchors = anchors_of(py, key, None)?;
        let anchor = lifecycle::Anchor {
            key: anchors.key.as_ref(),
            head: head.map(str::trim),
        };
        self.0
            .verify_anchored(&anchor)
            .map_err(|e| errors::from_problem(py, &e.to_problem("trail")))
    }

    /// True when `verify(head, key)` would not raise (a malformed `key`
    /// still raises `ValueError`).
    #[pyo3(signature = (head = None, key = None))]
    fn is_intact(&self, py: Python<'_>, head: Option<&str>, key: Option<&str>) -> PyResult<bool> {
        let anchors = anchors_of(py, key, None)?;
        let anchor = lifecycle::Anchor {
            key: anchors.key.as_ref(),
            head: head.map(str::trim),
        };
        Ok(self.0.verify_anchored(&anchor).is_ok())
    }

    /// The entries as JSON.
    fn to_json(&self) -> PyResult<String> {
        to_json_text(&self.0)
    }

    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAuditTrail>()
            .is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "AuditTrail(status='{}', entries={})",
            self.0.status().as_str(),
            self.0.entries().len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = PyTuple::new(py, [slf.get().to_json()?])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// The status a move leads to from `status` (`"draft"` … `"deactivated"`),
/// or `InvalidTransition` (`LIFECYCLE_ILLEGAL_MOVE`).
///
/// >>> dtks.next_status("under_verification", "reject", reason="identity_not_matched")
/// 'rejected'
#[pyfunction]
#[pyo3(signature = (status, move_, reason = None))]
pub fn next_status(
    py: Python<'_>,
    status: &str,
    move_: &str,
    reason: Option<&str>,
) -> PyResult<&'static str> {
    let from = status_of(py, status)?;
    // A question about the machine, not a move: finalise may be named here.
    let mv = lifecycle::Move::from_name(move_, reason).map_err(|e| move_error(py, e))?;
    lifecycle::next(from, mv)
        .map(Status::as_str)
        .map_err(|e| errors::from_problem(py, &e.to_problem("")))
}

/// `None` when the typed statement is `dtks.STATEMENT` (surrounding and
/// repeated whitespace ignored, letter case and punctuation not), else why
/// not: `"empty"`, `"letter_case"` or `"text"`.
///
/// >>> dtks.statement_mismatch("  Saya bertanggung jawab terhadap data usulan tersebut ")
/// >>> dtks.statement_mismatch("saya bertanggung jawab terhadap data usulan tersebut")
/// 'letter_case'
#[pyfunction]
pub fn statement_mismatch(typed: &str) -> Option<&'static str> {
    usulan::statement_matches(typed).err().map(|m| m.hint())
}

/// Adds the classes, functions and constants of the process.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySession>()?;
    m.add_class::<PyPrelist>()?;
    m.add_class::<PyBatch>()?;
    m.add_class::<PyAuditTrail>()?;
    m.add_function(wrap_pyfunction!(next_status, m)?)?;
    m.add_function(wrap_pyfunction!(statement_mismatch, m)?)?;
    m.add("STATEMENT", usulan::STATEMENT)?;
    m.add("STATUSES", Status::names().to_vec())?;
    Ok(())
}
