//! The answers a face hands over for a batch, built once here: the command,
//! the C ABI and the Python module serialise them as they are.

use super::check::{awaiting_ranking, check_batch, AwaitingRanking, CheckContext};
use super::model::Batch;
use crate::answer::Verdict;
use crate::problem::Problem;
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
    problems.extend(check_batch(batch, ctx));
    BatchAnswer {
        verdict: Verdict::of(problems),
        awaiting_ranking: awaiting_ranking(batch, ctx),
    }
}
