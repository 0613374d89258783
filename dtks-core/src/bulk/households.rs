//! The households an input holds, as the bulk reader builds them: for callers
//! that want the model itself (an analyst turning the rows of one household
//! in a DataFrame into a `Household`), built by the very code that validates
//! files, through the same mapping.

use super::report::{Collect, RowProblem, Summary};
use super::stage::{HouseholdStage, StageOutput};
use super::{validate, BulkError, Options, Outputs};
use crate::household::Household;
use crate::problem::Problem;
use chrono::NaiveDate;
use std::io::Read;
use std::sync::Mutex;

/// What [`read_households`] found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct HouseholdsRead {
    /// Every household that could be built, valid or not, in input order.
    pub households: Vec<Household>,
    /// Every problem of the run (validation included), as a bulk run reports them.
    pub problems: Vec<RowProblem>,
    /// The run's summary.
    pub summary: Summary,
}

impl HouseholdsRead {
    /// The problems of reading, not of the households: those that validating
    /// the built households again (`household::validate` on each, as of
    /// `as_of`) does not give — a value that could not be read and was left
    /// unknown, a household column that differs between rows, a header
    /// fault, a record that could not be read. A household built despite
    /// one of these is not the input's whole truth. Findings about the
    /// dataset as a whole (a NIK in two households, a KK in two villages, a
    /// probable duplicate person) are not problems of reading and are left
    /// out.
    ///
    /// ```
    /// use dtks_core::bulk::{read_households, Format, Options};
    /// let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
    ///            RT-1,3171011001,3171011503150007,3171011708800001,Budi,17/08/1980,1,1\n";
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let read = read_households(csv.as_bytes(), Options::new(Format::Csv, as_of)).unwrap();
    /// let unread = read.unread(as_of);
    /// assert!(unread.iter().any(|p| p.field == "tgl_lahir"));
    /// ```
    pub fn unread(&self, as_of: NaiveDate) -> Vec<&RowProblem> {
        let again: Vec<(crate::problem::Code, String)> = self
            .households
            .iter()
            .flat_map(|h| crate::household::validate(h, as_of))
            .map(|p| (p.code, p.path))
            .collect();
        use crate::problem::Code;
        self.problems
            .iter()
            .filter(|p| {
                !matches!(
                    p.problem.code,
                    Code::NikInTwoHouseholds
                        | Code::KkInTwoVillages
                        | Code::ProbableDuplicatePerson
                )
            })
            .filter(|p| {
                !again
                    .iter()
                    .any(|(c, path)| *c == p.problem.code && *path == p.problem.path)
            })
            .collect()
    }
}

/// Keeps a copy of each household the pipeline builds.
struct Keep(Mutex<Vec<Household>>);

impl HouseholdStage for Keep {
    fn name(&self) -> &str {
        "households"
    }
    fn run(&self, h: &Household, _: &[Problem], _: NaiveDate) -> StageOutput {
        if let Ok(mut v) = self.0.lock() {
            v.push(h.clone());
        }
        StageOutput::default()
    }
}

/// Reads an input (CSV through `opts.mapping`, or JSON Lines) into its
/// households: the rows of each `id_rt` grouped into families by `no_kk`, every
/// field parsed as `validate` parses it (a value that cannot be read is left
/// unknown and reported among `problems`). Runs on the calling thread (the
/// order is the input's), whatever `opts.threads` says.
///
/// ```
/// use dtks_core::bulk::{read_households, Format, Options};
/// let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
///            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n\
///            RT-1,3171011001,3171011503150007,3171014503820002,Sri,1982-03-05,2,2\n";
/// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let read = read_households(csv.as_bytes(), Options::new(Format::Csv, as_of)).unwrap();
/// assert_eq!(read.households.len(), 1);
/// assert_eq!(read.households[0].families[0].members.len(), 2);
/// assert!(read.problems.is_empty());
/// ```
pub fn read_households<R: Read + Send>(
    input: R,
    opts: Options<'_>,
) -> Result<HouseholdsRead, BulkError> {
    let keep = Keep(Mutex::new(Vec::new()));
    let mut opts = opts;
    opts.threads = 1;
    opts.stages.clear();
    opts.stages.push(&keep);
    let mut collect = Collect::default();
    let mut summary = {
        let mut out = Outputs::default();
        out.sinks.push(&mut collect);
        validate(input, &opts, &mut out)?
    };
    // The capture is not a stage the caller asked for.
    summary.stages.remove("households");
    drop(opts);
    let households = keep.0.into_inner().unwrap_or_default();
    Ok(HouseholdsRead {
        households,
        problems: collect.problems,
        summary,
    })
}
