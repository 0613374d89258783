//! The answers a face hands over for a batch, built once here: the command,
//! the C ABI and the Python module serialise them as they are.

use super::check::{batch_problems, AwaitingRanking, CheckContext};
use super::finalise::{finalisation_problems, finalise};
use super::integrity::{verify_batch, Anchors, Heads};
use super::model::Batch;
use crate::answer::Verdict;
use crate::musyawarah::{self, PrelistAkhir, QuorumRule, Session};
use crate::problem::{Code, Problem};
use chrono::NaiveDateTime;
use serde::Serialize;

/// The answer of a batch check: the verdict, every problem, and the
/// proposals whose programmes wait for the household's ranking.
///
/// ```
/// use dtks_core::usulan::{check_answer, Anchors, Batch, CheckContext, NoEngine};
/// let b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001", "proposals": []}"#).unwrap();
/// let none = Default::default();
/// let anchors = Anchors::default();
/// let ctx = CheckContext { as_of: chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(),
///     registered: &none, prelist: None, programmes: &NoEngine, anchors: &anchors };
/// let a = check_answer(&b, &ctx, Vec::new());
/// assert!(!a.verdict.valid);
/// assert_eq!(a.verdict.problems[0].code.as_str(), "USULAN_BATCH_EMPTY");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BatchAnswer {
    /// The verdict and every problem: the session's (under `session`), then the batch's.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Proposals whose programmes are decided only once the household is
    /// ranked (no problem: the proposal is the request for that ranking).
    pub awaiting_ranking: Vec<AwaitingRanking>,
}

/// Checks a batch ([`check_batch`]) after the problems of its session
/// (already under `session`), and lists what awaits ranking.
pub fn check_answer(
    batch: &Batch,
    ctx: &CheckContext<'_>,
    session_problems: Vec<Problem>,
) -> BatchAnswer {
    let mut problems = session_problems;
    let (found, awaiting_ranking) = batch_problems(batch, ctx);
    problems.extend(after_session(&problems, found));
    BatchAnswer {
        verdict: Verdict::of(problems),
        awaiting_ranking,
    }
}

/// The batch's problems after its session's: when the session given does
/// not hold, its problems say why there is no prelist akhir, so the batch's
/// `USULAN_PRELIST_NOT_GIVEN` would repeat them (one problem per fault).
fn after_session(session: &[Problem], found: Vec<Problem>) -> Vec<Problem> {
    if session.iter().any(Problem::is_error) {
        found
            .into_iter()
            .filter(|p| p.code != Code::UsulanPrelistNotGiven)
            .collect()
    } else {
        found
    }
}

/// The prelist akhir a batch cites, built from its session under the
/// quorum rule the host configured: the list, or, when the session does not
/// hold, no list and the session's problems under `session` (they come
/// first in the batch's answer: [`check_answer`], [`finalise_answer`]).
///
/// ```
/// use dtks_core::musyawarah::{QuorumRule, Session};
/// use dtks_core::usulan::cited_prelist;
/// let s: Session = serde_json::from_str(r#"{"kind": "musdes", "village_code": "3302012001",
///     "date": "2024-03-01", "place": "Balai Desa", "participants": [], "agenda": [],
///     "decisions": []}"#).unwrap();
/// let (list, problems) = cited_prelist(&s, &QuorumRule::default());
/// assert!(list.is_none());
/// assert!(problems.iter().all(|p| p.path.starts_with("session")));
/// ```
pub fn cited_prelist(
    session: &Session,
    quorum: &QuorumRule,
) -> (Option<PrelistAkhir>, Vec<Problem>) {
    match musyawarah::prelist_akhir(session, quorum) {
        Ok(list) => (Some(list), Vec::new()),
        Err(ps) => (None, ps.into_iter().map(|p| p.under("session")).collect()),
    }
}

/// Why the prelist a batch check is given cannot be used as given (a
/// usage error of the caller, said the same by every face).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CitedPrelistError {
    /// A quorum rule without the session it applies to.
    #[error("a quorum rule applies to the session given: give the session")]
    QuorumWithoutSession,
    /// Both a session and a prelist: the list would be built twice.
    #[error("give the session or its prelist, not both")]
    SessionAndPrelist,
}

impl CitedPrelistError {
    /// The message in a language.
    pub const fn message(self, lang: crate::problem::Lang) -> &'static str {
        match (self, lang) {
            (CitedPrelistError::QuorumWithoutSession, crate::problem::Lang::Id) => {
                "aturan kuorum berlaku untuk sesi yang diberikan: berikan sesinya"
            }
            (CitedPrelistError::SessionAndPrelist, crate::problem::Lang::Id) => {
                "berikan sesi atau prelist-nya, tidak keduanya"
            }
            (CitedPrelistError::QuorumWithoutSession, _) => {
                "a quorum rule applies to the session given: give the session"
            }
            (CitedPrelistError::SessionAndPrelist, _) => {
                "give the session or its prelist, not both"
            }
        }
    }
}

/// The prelist a batch check cites, from what the caller gave, the same on
/// every face: the session's list under the quorum rule ([`cited_prelist`],
/// the session's problems when it does not hold), or a prelist given as it
/// is, or none. A quorum rule without a session, or a session and a
/// prelist both, is refused (C ignored such a quorum silently).
///
/// ```
/// use dtks_core::musyawarah::QuorumRule;
/// use dtks_core::usulan::{prelist_of, CitedPrelistError};
/// let quorum = QuorumRule { min_participants: Some(5), ..QuorumRule::default() };
/// assert_eq!(prelist_of(None, None, &quorum).unwrap_err(), CitedPrelistError::QuorumWithoutSession);
/// assert_eq!(prelist_of(None, None, &QuorumRule::default()).unwrap(), (None, Vec::new()));
/// ```
pub fn prelist_of(
    session: Option<&Session>,
    prelist: Option<PrelistAkhir>,
    quorum: &QuorumRule,
) -> Result<(Option<PrelistAkhir>, Vec<Problem>), CitedPrelistError> {
    match (session, prelist) {
        (Some(_), Some(_)) => Err(CitedPrelistError::SessionAndPrelist),
        (Some(s), None) => Ok(cited_prelist(s, quorum)),
        (None, _) if *quorum != QuorumRule::default() => {
            Err(CitedPrelistError::QuorumWithoutSession)
        }
        (None, list) => Ok((list, Vec::new())),
    }
}

/// The answer of a finalisation: whether the batch was finalised, and the
/// verdict with every problem (the session's first, under `session`; when
/// finalised, only warnings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FinaliseAnswer {
    /// The batch was finalised (and changed in place).
    pub finalised: bool,
    /// The verdict and every problem.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// When finalised: the batch's heads now (a `dtks-heads/1` document),
    /// for the host to keep and give back on the next move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heads: Option<Heads>,
}

/// Every reason the batch cannot be finalised now, without changing it: the
/// session's problems (under `session`), then [`finalisation_problems`]
/// (less what only repeats a session that does not hold).
pub fn finalisation_verdict(
    batch: &Batch,
    statement: &str,
    ctx: &CheckContext<'_>,
    session_problems: Vec<Problem>,
) -> Verdict {
    let mut problems = session_problems;
    let found = finalisation_problems(batch, statement, ctx);
    problems.extend(after_session(&problems, found));
    Verdict::of(problems)
}

/// Finalises `batch` ([`finalise`]) unless its session has an error, in
/// which case nothing changes and the answer holds the session's problems
/// and every reason of [`finalisation_problems`]. The batch is changed only
/// when `finalised` is true.
///
/// ```
/// use dtks_core::usulan::{finalise_answer, Batch, CheckContext, NoEngine, STATEMENT};
/// let mut b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001"}"#).unwrap();
/// let none = Default::default();
/// let anchors = Default::default();
/// let ctx = CheckContext { as_of: chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(),
///     registered: &none, prelist: None, programmes: &NoEngine, anchors: &anchors };
/// let at = ctx.as_of.and_hms_opt(10, 0, 0).unwrap();
/// let a = finalise_answer(&mut b, STATEMENT, &ctx, Vec::new(), "op-1", at);
/// assert!(!a.finalised && a.heads.is_none());
/// assert_eq!(a.verdict.problems[0].code.as_str(), "USULAN_BATCH_EMPTY");
/// ```
pub fn finalise_answer(
    batch: &mut Batch,
    statement: &str,
    ctx: &CheckContext<'_>,
    session_problems: Vec<Problem>,
    actor: &str,
    at: NaiveDateTime,
) -> FinaliseAnswer {
    if session_problems.iter().any(Problem::is_error) {
        return FinaliseAnswer {
            finalised: false,
            verdict: finalisation_verdict(batch, statement, ctx, session_problems),
            heads: None,
        };
    }
    let mut problems = session_problems;
    let finalised = {
        match finalise(batch, statement, ctx, actor, at) {
            Ok(warnings) => {
                problems.extend(warnings);
                true
            }
            Err(found) => {
                problems.extend(found);
                false
            }
        }
    };
    FinaliseAnswer {
        finalised,
        verdict: Verdict::of(problems),
        heads: finalised.then(|| Heads::of(batch)),
    }
}

/// The heads a host keeps for a batch, given only when every trail holds
/// ([`verify_batch`] with the host's key and its earlier heads): otherwise
/// no heads and the problems (a host must not re-anchor a broken batch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HeadsAnswer {
    /// The verdict and every integrity problem.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The batch's heads now (a `dtks-heads/1` document), when it verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heads: Option<Heads>,
}

/// The [`HeadsAnswer`] of a batch.
///
/// ```
/// use dtks_core::usulan::{heads_answer, Anchors, Batch};
/// let b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001", "proposals": []}"#).unwrap();
/// let a = heads_answer(&b, &Anchors::default());
/// assert!(a.verdict.valid);
/// assert_eq!(a.heads.unwrap().batch, "B-1");
/// ```
pub fn heads_answer(batch: &Batch, anchors: &Anchors) -> HeadsAnswer {
    let verdict = Verdict::of(verify_batch(batch, anchors));
    let heads = verdict.valid.then(|| Heads::of(batch));
    HeadsAnswer { verdict, heads }
}
