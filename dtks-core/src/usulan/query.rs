//! The status question: where does a proposal stand, and since when?

use super::integrity::{verify_batch, Anchors};
use super::model::Batch;
use crate::household::IdField;
use crate::id::Nik;
use crate::lifecycle::{Move, Status};
use crate::personal::{fold_name, normalise_name};
use crate::problem::Problem;
use chrono::NaiveDateTime;
use serde::Serialize;

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Query<'a> {
    /// A member's NIK (the proposed person or any member of the family).
    Nik(Nik),
    /// A member's name, compared after [`normalise_name`](crate::personal::normalise_name).
    Name(&'a str),
    /// Part of a member's name: every word given must begin a word of the
    /// name, in any order, after [`fold_name`](crate::personal::fold_name) (letter case, accents,
    /// spaces and punctuation ignored): `"siti am"` finds "Siti Aminah" and
    /// "Aminah Siti", `"rene"` finds "René".
    NamePart(&'a str),
}

impl<'a> Query<'a> {
    /// A search by name, the same on every face: the whole name
    /// ([`Query::Name`]) unless `partial` asks for words that begin the
    /// name's words ([`Query::NamePart`]). The whole name is the default
    /// everywhere (the command's `--partial`, C's `partial` option, Python's
    /// `partial=`), so that a short word does not list other people's proposals.
    ///
    /// ```
    /// use dtks_core::usulan::Query;
    /// assert!(matches!(Query::by_name("Siti", false), Query::Name("Siti")));
    /// assert!(matches!(Query::by_name("Siti", true), Query::NamePart("Siti")));
    /// ```
    pub fn by_name(name: &'a str, partial: bool) -> Query<'a> {
        if partial {
            Query::NamePart(name)
        } else {
            Query::Name(name)
        }
    }
}

/// Where one matching proposal stands. Holds no personal data: the member
/// is named by its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusAnswer {
    /// Index in the batch.
    pub proposal_index: usize,
    /// The proposal's id.
    pub proposal_id: String,
    /// The matching member: `proposals[i].household.families[f].members[m]`.
    pub member: String,
    /// The member's name, masked (`S*** A*****`): enough to tell two
    /// matches apart, never the name.
    pub name_masked: Option<String>,
    /// The current status.
    pub status: Status,
    /// Since when (`None`: a draft never moved).
    pub since: Option<NaiveDateTime>,
    /// The move that led there, with its reason.
    pub last_move: Option<Move>,
    /// The note of that move.
    pub note: Option<String>,
}

/// True when every word of `part` (folded) begins some word of `name` (folded).
fn name_has_part(name: &str, part_words: &[String]) -> bool {
    let folded = fold_name(name);
    let words: Vec<&str> = folded.split(' ').collect();
    part_words
        .iter()
        .all(|p| words.iter().any(|w| w.starts_with(p.as_str())))
}

/// A status look-up in one batch, as every face hands it over: `found`
/// when some proposal matched; the answers; and, when the batch's trails do
/// not verify, their problems instead of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLookup {
    /// Some proposal matched.
    pub found: bool,
    /// One answer per matching proposal, in batch order.
    pub answers: Vec<StatusAnswer>,
    /// Why nothing is answered from the batch (its trails do not verify).
    pub problems: Vec<Problem>,
}

/// [`find`] as a [`StatusLookup`].
///
/// ```
/// use dtks_core::usulan::{status_answer, Anchors, Batch, Query};
/// let b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001", "proposals": []}"#).unwrap();
/// let a = status_answer(&b, Query::by_name("Siti", false), &Anchors::default());
/// assert!(!a.found && a.answers.is_empty() && a.problems.is_empty());
/// ```
pub fn status_answer(batch: &Batch, query: Query<'_>, anchors: &Anchors) -> StatusLookup {
    match find(batch, query, anchors) {
        Ok(answers) => StatusLookup {
            found: !answers.is_empty(),
            answers,
            problems: Vec::new(),
        },
        Err(problems) => StatusLookup {
            found: false,
            answers: Vec::new(),
            problems,
        },
    }
}

/// One batch's answers to a status look-up over several batches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchStatus {
    /// The file (or other name) the host read the batch from.
    pub batch_file: String,
    /// The batch's id.
    pub batch_id: String,
    /// Its answers (none when its trails do not verify).
    pub answers: Vec<StatusAnswer>,
    /// Its problems when its trails do not verify.
    pub problems: Vec<Problem>,
}

/// A status look-up over several batches (`dtks usulan status A.json
/// B.json …`): found in any, every answer with the batch it is from,
/// every problem of a batch not answered from, and the batches one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// The batches, in the order given.
    pub batches: Vec<BatchStatus>,
}

impl StatusReport {
    /// Whether any batch answered.
    pub fn found(&self) -> bool {
        self.batches.iter().any(|b| !b.answers.is_empty())
    }
}

impl Serialize for StatusReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct FoundIn<'a> {
            batch_id: &'a str,
            batch_file: &'a str,
            #[serde(flatten)]
            answer: &'a StatusAnswer,
        }
        let answers: Vec<FoundIn<'_>> = self
            .batches
            .iter()
            .flat_map(|b| {
                b.answers.iter().map(|a| FoundIn {
                    batch_id: &b.batch_id,
                    batch_file: &b.batch_file,
                    answer: a,
                })
            })
            .collect();
        let problems: Vec<&Problem> = self.batches.iter().flat_map(|b| &b.problems).collect();
        let mut s = serializer.serialize_struct("StatusReport", 4)?;
        s.serialize_field("found", &self.found())?;
        s.serialize_field("answers", &answers)?;
        s.serialize_field("problems", &problems)?;
        s.serialize_field("batches", &self.batches)?;
        s.end()
    }
}

/// Looks `query` up in each of `batches` (`(name, batch)`), as
/// [`status_answer`] does in one.
///
/// ```
/// use dtks_core::usulan::{status_report, Anchors, Batch, Query};
/// let b: Batch = serde_json::from_str(r#"{"id": "B-1", "operator_village": "3302012001", "proposals": []}"#).unwrap();
/// let r = status_report(&[("b.json", &b)], Query::by_name("Siti", false), &Anchors::default());
/// assert!(!r.found());
/// assert_eq!(serde_json::to_value(&r).unwrap()["batches"][0]["batch_id"], "B-1");
/// ```
pub fn status_report(
    batches: &[(&str, &Batch)],
    query: Query<'_>,
    anchors: &Anchors,
) -> StatusReport {
    StatusReport {
        batches: batches
            .iter()
            .map(|(name, batch)| {
                let StatusLookup {
                    answers, problems, ..
                } = status_answer(batch, query, anchors);
                BatchStatus {
                    batch_file: (*name).to_owned(),
                    batch_id: batch.id.clone(),
                    answers,
                    problems,
                }
            })
            .collect(),
    }
}

/// Every proposal of the batch with a member matching the query (one
/// answer per proposal, at its first matching member), in batch order.
/// A blank name matches nothing.
///
/// **The batch's trails are verified first** ([`verify_batch`] with what the
/// host keeps): a broken trail, a removed proposal or a batch changed after
/// finalisation is `Err` with those problems, and nothing is answered from
/// the batch (a forged note is never shown).
pub fn find(
    batch: &Batch,
    query: Query<'_>,
    anchors: &Anchors,
) -> Result<Vec<StatusAnswer>, Vec<Problem>> {
    let broken = verify_batch(batch, anchors);
    if !broken.is_empty() {
        return Err(broken);
    }
    let wanted = match query {
        Query::Name(n) => Some(normalise_name(n)),
        Query::NamePart(n) => Some(fold_name(n)),
        Query::Nik(_) => None,
    };
    if wanted.as_deref() == Some("") {
        return Ok(Vec::new());
    }
    let part_words: Vec<String> = match (query, &wanted) {
        (Query::NamePart(_), Some(w)) => w.split(' ').map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, p) in batch.proposals.iter().enumerate() {
        let hit = p
            .household
            .families
            .iter()
            .enumerate()
            .find_map(|(f, fam)| {
                fam.members.iter().enumerate().find_map(|(m, member)| {
                    let matches = match (query, &wanted) {
                        (Query::Nik(nik), _) => {
                            member.nik.as_ref().and_then(IdField::valid) == Some(nik)
                        }
                        (Query::Name(_), Some(w)) => member
                            .name
                            .as_ref()
                            .is_some_and(|n| normalise_name(n.expose()) == *w),
                        (Query::NamePart(_), _) => member
                            .name
                            .as_ref()
                            .is_some_and(|n| name_has_part(n.expose(), &part_words)),
                        _ => false,
                    };
                    matches.then(|| {
                        (
                            format!("proposals[{i}].household.families[{f}].members[{m}]"),
                            member.name.as_ref().map(|n| n.masked()),
                        )
                    })
                })
            });
        // The typed NIK of the first screen counts too.
        let hit = hit.or_else(|| match query {
            Query::Nik(nik) if p.nik.valid() == Some(nik) => {
                Some((format!("proposals[{i}].nik"), None))
            }
            _ => None,
        });
        if let Some((member, name_masked)) = hit {
            let last = p.trail.entries().last();
            out.push(StatusAnswer {
                proposal_index: i,
                proposal_id: p.id.clone(),
                member,
                name_masked,
                status: p.trail.status(),
                since: p.trail.since(),
                last_move: last.map(|e| e.action),
                note: last.and_then(|e| e.note.clone()),
            });
        }
    }
    Ok(out)
}
