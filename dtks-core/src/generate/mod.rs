//! Synthetic national-scale data: a seeded, deterministic writer of
//! realistic DTKS exports with injected faults of known kinds and the
//! ground truth of what was injected.
//!
//! - Households are drawn village by village from the embedded Kemendagri
//!   table ([`crate::region`]): a head (18–85), usually a spouse, children
//!   born at least 16 years after both parents (and while the mother is at
//!   most 45), sometimes a grandparent, sometimes a second family (a married
//!   child with their own KK). Ages, sexes, schooling, education, work,
//!   disability, housing, income and desil are drawn from plausible weights.
//! - Every NIK and KK number is valid, agrees with the member's birth date
//!   and sex (day + 40 for women), is issued in the household's own district
//!   (so a clean file has **no errors and no warnings**: no
//!   `NIK_REGION_MISMATCH`, no `KK_REGION_MISMATCH`), and is unique in the
//!   whole file without being remembered (see the `world` module: per-district
//!   counters, 3 × 7,285 integers). Names are unique per district, so a
//!   clean file has no probable duplicates either.
//! - Output is streamed: memory does not grow with the number of rows.
//! - Output depends only on [`Options`]: the same options give the same bytes
//!   on every machine (integer-only SplitMix64, one stream per household).
//!
//! Faults: with `fault_rate` R, each household independently gets exactly
//! one fault with probability R (so R is a fraction of **households**); the
//! kind is drawn uniformly from [`Options::faults`] among those the
//! household can take. Each kind produces exactly one problem, with the code
//! [`FaultKind::code`]; [`generate`] writes one truth line per fault.
//!
//! ```
//! use dtks_core::generate::{generate, Format, Options};
//! use chrono::NaiveDate;
//! let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let opts = Options::new(50, 7, as_of).with_fault_rate(0.2);
//! let (mut data, mut truth) = (Vec::new(), Vec::new());
//! let summary = generate(&opts, &mut data, Some(&mut truth)).unwrap();
//! assert_eq!(summary.rows, 50);
//! let text = String::from_utf8(data).unwrap();
//! assert_eq!(text.lines().count(), 51); // the header and 50 member rows
//! assert_eq!(String::from_utf8(truth).unwrap().lines().count() as u64, summary.faults);
//! ```

mod build;
mod fault;
mod names;
mod rng;
mod world;
mod write;

#[cfg(test)]
mod tests;

pub use fault::FaultKind;
pub use write::CSV_HEADER;

use crate::household::Household;
use crate::problem::{Code, Severity};
use build::{Builder, GenHousehold};
use chrono::{Datelike, NaiveDate};
use fault::{Applied, Snapshot, Target};
use rng::Rng;
use std::collections::BTreeMap;
use std::io::Write;
use world::World;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// The reference CSV layout, one row per member, with a header.
    #[default]
    Csv,
    /// One household JSON per line ([`Household`]'s serde form).
    Jsonl,
}

impl Format {
    /// `csv` or `jsonl` (also `ndjson`), case-insensitive.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Member rows to write (CSV rows after the header; in JSON Lines, the
    /// members of all households).
    pub rows: u64,
    /// The seed.
    pub seed: u64,
    /// Fraction of households that get one fault, `0.0..=1.0`.
    pub fault_rate: f64,
    /// The reference date: nobody is born and no card recorded after it
    /// (except by a fault). Years 2001–2098.
    pub as_of: NaiveDate,
    /// CSV or JSON Lines.
    pub format: Format,
    /// The kinds to draw from (default: all).
    pub faults: Vec<FaultKind>,
}

impl Options {
    /// `rows` clean rows from `seed`, CSV, every fault kind available.
    pub fn new(rows: u64, seed: u64, as_of: NaiveDate) -> Options {
        Options {
            rows,
            seed,
            fault_rate: 0.0,
            as_of,
            format: Format::Csv,
            faults: FaultKind::ALL.to_vec(),
        }
    }

    /// With a fault rate.
    pub fn with_fault_rate(mut self, rate: f64) -> Options {
        self.fault_rate = rate;
        self
    }

    /// With a format.
    pub fn with_format(mut self, format: Format) -> Options {
        self.format = format;
        self
    }

    /// With only these fault kinds.
    pub fn with_faults(mut self, kinds: &[FaultKind]) -> Options {
        self.faults = kinds.to_vec();
        self
    }
}

/// Why a run could not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// Writing the output or the truth failed.
    #[error("GENERATE_IO: {0}")]
    Io(#[from] std::io::Error),
    /// The fault rate is not a number in `0..=1`.
    #[error("GENERATE_FAULT_RATE: the fault rate must be between 0 and 1, got {0}")]
    FaultRate(f64),
    /// `as_of` outside 2001–2098 (two-digit years must resolve).
    #[error("GENERATE_AS_OF: as_of must lie in the years 2001–2098, got {0}")]
    AsOf(NaiveDate),
    /// A fault rate above 0 with no fault kind to draw from.
    #[error("GENERATE_NO_FAULT_KINDS: a fault rate was given but no fault kind")]
    NoFaultKinds,
    /// A district has handed out every NIK or KK the uniqueness scheme allows
    /// (288,000 people or families).
    #[error("GENERATE_DISTRICT_FULL: district #{district} has no unique numbers left")]
    DistrictFull {
        /// Index of the district in the flattened table.
        district: u32,
    },
    /// The embedded region table has no village.
    #[error("GENERATE_REGION_TABLE_EMPTY: the region table has no village")]
    RegionTableEmpty,
}

impl GenerateError {
    /// The stable code (`GENERATE_IO`, …).
    pub fn code(&self) -> &'static str {
        match self {
            GenerateError::Io(_) => "GENERATE_IO",
            GenerateError::FaultRate(_) => "GENERATE_FAULT_RATE",
            GenerateError::AsOf(_) => "GENERATE_AS_OF",
            GenerateError::NoFaultKinds => "GENERATE_NO_FAULT_KINDS",
            GenerateError::DistrictFull { .. } => "GENERATE_DISTRICT_FULL",
            GenerateError::RegionTableEmpty => "GENERATE_REGION_TABLE_EMPTY",
        }
    }
}

/// One injected fault, placed in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    /// The record the validator reports it on: the data row (first after the
    /// header = 1) in CSV, the line number in JSON Lines.
    pub row: u64,
    /// The household id.
    pub household: String,
    /// The field as the bulk report names it: the CSV column (`nik`,
    /// `no_kk`, `hub_keluarga`, …), or in JSON Lines the model path.
    pub field: String,
    /// The model path of the problem (`families[0].members[1].nik`; `nik`,
    /// `kk`, `name` for the cross-record kinds).
    pub path: String,
    /// The kind of fault.
    pub kind: FaultKind,
    /// The code the validator must report.
    pub code: Code,
    /// Its severity.
    pub severity: Severity,
}

/// One generated household with its faults.
#[derive(Debug, Clone)]
pub struct Generated {
    inner: GenHousehold,
    applied: Vec<Applied>,
    first_row: u64,
    format: Format,
}

impl Generated {
    /// The household in the library's model.
    pub fn household(&self) -> Household {
        self.inner.to_household()
    }

    /// Its number of member rows.
    pub fn rows(&self) -> u64 {
        self.inner.rows() as u64
    }

    /// Its first data row (CSV) or its line number (JSON Lines).
    pub fn first_row(&self) -> u64 {
        self.first_row
    }

    /// The faults injected into it, placed.
    pub fn faults(&self) -> Vec<Injected> {
        self.applied.iter().map(|a| self.place(a)).collect()
    }

    fn place(&self, a: &Applied) -> Injected {
        let h = &self.inner;
        let before = |f: usize| -> u64 {
            h.families
                .iter()
                .take(f)
                .map(|x| x.members.len() as u64)
                .sum()
        };
        let row = match self.format {
            Format::Jsonl => self.first_row,
            Format::Csv => match a.target {
                Target::Household => self.first_row,
                Target::Family(f) => self.first_row + before(f),
                Target::Member(f, m) => self.first_row + before(f) + m as u64,
            },
        };
        let path = a.path();
        let field = match self.format {
            Format::Csv => a.column().to_owned(),
            Format::Jsonl => path.clone(),
        };
        let code = a.kind.code();
        Injected {
            row,
            household: h.id(),
            field,
            path,
            kind: a.kind,
            code,
            severity: code.severity(),
        }
    }
}

/// The generator as an iterator of households (for tests and for callers
/// that want the model rather than bytes). [`generate`] drives it.
#[derive(Debug)]
pub struct Generator {
    opts: Options,
    world: World,
    index: u64,
    rows_done: u64,
    prev: Option<Snapshot>,
}

impl Generator {
    /// Checks the options and flattens the region table.
    pub fn new(opts: &Options) -> Result<Generator, GenerateError> {
        if !(0.0..=1.0).contains(&opts.fault_rate) {
            return Err(GenerateError::FaultRate(opts.fault_rate));
        }
        if !(2001..=2098).contains(&opts.as_of.year()) {
            return Err(GenerateError::AsOf(opts.as_of));
        }
        if opts.fault_rate > 0.0 && opts.faults.is_empty() {
            return Err(GenerateError::NoFaultKinds);
        }
        Ok(Generator {
            opts: opts.clone(),
            world: World::new()?,
            index: 0,
            rows_done: 0,
            prev: None,
        })
    }

    /// The next household, `None` once `rows` rows were produced.
    pub fn next_household(&mut self) -> Result<Option<Generated>, GenerateError> {
        let left = self.opts.rows.saturating_sub(self.rows_done);
        if left == 0 {
            return Ok(None);
        }
        let index = self.index;
        let mut rng = Rng::for_item(self.opts.seed, index);
        // The faults to try, in order, from a uniformly drawn start.
        let mut order: Vec<FaultKind> = Vec::new();
        if self.opts.fault_rate > 0.0 && rng.chance(self.opts.fault_rate) {
            let kinds = &self.opts.faults;
            let start = rng.below(kinds.len() as u64) as usize;
            order.extend(kinds.iter().cycle().skip(start).take(kinds.len()).copied());
        }
        // A cross-record fault only when drawn first and possible here.
        let cross = order
            .first()
            .copied()
            .filter(|k| k.cross_record() && left >= 2)
            .and_then(|k| self.cross_village(k, &mut rng).map(|v| (k, v)));
        order.retain(|k| !k.cross_record());
        let village = match cross {
            Some((_, v)) => v,
            None => rng.below(self.world.villages.len() as u64) as usize,
        };
        let extra = u64::from(cross.is_some());
        let max_rows = usize::try_from(left - extra).unwrap_or(usize::MAX);
        let district = self.world.district_of(village);
        let mut b = Builder {
            world: &mut self.world,
            as_of: self.opts.as_of,
            district,
        };
        let mut h = b.household(&mut rng, index, village, max_rows)?;
        let mut applied = Vec::new();
        match (cross, &self.prev) {
            (Some((k, _)), Some(prev)) => {
                if let Some(a) = fault::apply_cross(k, &mut h, &mut rng, &mut b, prev)? {
                    applied.push(a);
                }
            }
            _ => {
                for k in order {
                    if let Some(a) = fault::apply(k, &mut h, &mut rng, &mut b)? {
                        applied.push(a);
                        break;
                    }
                }
            }
        }
        if applied.is_empty() {
            self.prev = snapshot(&h, district);
        }
        let first_row = match self.opts.format {
            Format::Csv => self.rows_done + 1,
            Format::Jsonl => index + 1,
        };
        self.rows_done += h.rows() as u64;
        self.index += 1;
        Ok(Some(Generated {
            inner: h,
            applied,
            first_row,
            format: self.opts.format,
        }))
    }

    /// The village for a cross-record fault of kind `k`, if one is possible.
    fn cross_village(&self, k: FaultKind, rng: &mut Rng) -> Option<usize> {
        let prev = self.prev.as_ref()?;
        match k {
            FaultKind::NikInTwoHouseholds => Some(prev.village),
            FaultKind::ProbableDuplicatePerson => self
                .world
                .fault_nik_left(prev.district)
                .then_some(prev.village),
            FaultKind::KkInTwoVillages => {
                let d = self.world.districts.get(prev.district)?;
                if d.villages < 2 {
                    return None;
                }
                let first = d.first_village as usize;
                let mut v = first + rng.below(u64::from(d.villages - 1)) as usize;
                if v >= prev.village {
                    v += 1;
                }
                Some(v)
            }
            _ => None,
        }
    }
}

/// What cross-record faults may reuse from a clean household.
fn snapshot(h: &GenHousehold, district: usize) -> Option<Snapshot> {
    let fam = h.families.first()?;
    Some(Snapshot {
        village: h.village,
        district,
        kk: fam.kk.number()?,
        member: fam.members.last()?.clone(),
    })
}

/// What a run produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Member rows written.
    pub rows: u64,
    /// Households written.
    pub households: u64,
    /// Faults injected (= truth lines).
    pub faults: u64,
    /// Faults per kind name.
    pub by_kind: BTreeMap<&'static str, u64>,
}

/// Writes a whole dataset to `out` (and the truth, one JSON object per
/// fault, to `truth`), streaming. Output is buffered by the caller.
pub fn generate<W: Write, T: Write>(
    opts: &Options,
    mut out: W,
    mut truth: Option<T>,
) -> Result<Summary, GenerateError> {
    let mut g = Generator::new(opts)?;
    let mut csv = write::CsvWriter::default();
    let mut summary = Summary::default();
    if opts.format == Format::Csv {
        out.write_all(CSV_HEADER.as_bytes())?;
        out.write_all(b"\n")?;
    }
    while let Some(x) = g.next_household()? {
        match opts.format {
            Format::Csv => csv.household(&mut out, &x.inner)?,
            Format::Jsonl => write::jsonl(&mut out, &x.inner)?,
        }
        summary.rows += x.rows();
        summary.households += 1;
        for a in &x.applied {
            summary.faults += 1;
            *summary.by_kind.entry(a.kind.name()).or_insert(0) += 1;
            if let Some(t) = truth.as_mut() {
                let p = x.place(a);
                write::truth_line(t, p.row, &p.household, &p.field, a)?;
            }
        }
    }
    out.flush()?;
    if let Some(t) = truth.as_mut() {
        t.flush()?;
    }
    Ok(summary)
}
