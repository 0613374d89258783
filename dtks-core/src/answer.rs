//! One serializable answer per question a host asks: the shapes that
//! `dtks … --json` prints, that the C ABI and the Python module return as
//! JSON, and that the shared conformance cases in `tests/conformance/`
//! compare. Faces translate these; they never compute their own.

use crate::household::{self, Household};
use crate::problem::{Lang, Problem};
use crate::region;
use chrono::NaiveDate;
use serde::Serialize;

pub use crate::id::answer::{decode_kk, decode_nik, KkAnswer, NikAnswer};

/// A region looked up by code.
///
/// ```
/// let a = dtks_core::answer::region_lookup("31.71.01.1001");
/// assert!(a.found);
/// assert_eq!(a.village_kind, Some("kelurahan"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionAnswer {
    /// Whether the code is a current region.
    pub found: bool,
    /// `province`, `regency`, `district` or `village`.
    pub level: Option<region::Level>,
    /// The dotted code.
    pub code: Option<String>,
    /// The name.
    pub name: Option<&'static str>,
    /// The parent's dotted code.
    pub parent: Option<String>,
    /// `kabupaten` / `kota` for a regency.
    pub regency_kind: Option<&'static str>,
    /// `kelurahan` / `desa` / `desa_adat` for a village.
    pub village_kind: Option<&'static str>,
}

/// Looks a code up at any level (dots optional).
pub fn region_lookup(code: &str) -> RegionAnswer {
    let Some(r) = region::lookup(code) else {
        return RegionAnswer {
            found: false,
            level: None,
            code: None,
            name: None,
            parent: None,
            regency_kind: None,
            village_kind: None,
        };
    };
    RegionAnswer {
        found: true,
        level: Some(r.level()),
        code: Some(r.code()),
        name: Some(r.name()),
        parent: r.parent().map(|p| p.code()),
        regency_kind: r.regency_kind().map(region::RegencyKind::as_str),
        village_kind: r.village_kind().map(region::VillageKind::as_str),
    }
}

/// The embedded region table: its version, where it came from, and its counts.
///
/// ```
/// let i = dtks_core::answer::region_info();
/// assert_eq!(i.counts.provinces, 38);
/// assert_eq!(i.table_version, dtks_core::region::table_version());
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct RegionInfo {
    /// [`region::table_version`].
    pub table_version: &'static str,
    /// Source package, decree, licence, attribution.
    pub provenance: &'static region::Provenance,
    /// Regions at each level and of each kind.
    pub counts: region::Counts,
}

/// The region table's description, the one shape of `dtks regions info
/// --json`, `dtks.regions.info()` and the C answer.
pub fn region_info() -> RegionInfo {
    RegionInfo {
        table_version: region::table_version(),
        provenance: region::provenance(),
        counts: region::counts(),
    }
}

/// A code looked up with its surroundings: the region with its parents (and
/// its children when asked), or the retired code with its successor, or
/// nothing.
///
/// ```
/// use dtks_core::answer::{region_get, RegionGet};
/// assert!(matches!(region_get("31.71", false), RegionGet::Found { .. }));
/// let RegionGet::Retired { alias, successor, .. } = region_get("64.04", false) else { panic!() };
/// assert_eq!((alias.new_code(), successor.map(|r| r.code())), ("65.01", Some("65.01".into())));
/// assert!(matches!(region_get("99", false), RegionGet::NotFound { found: false }));
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum RegionGet {
    /// A current region.
    Found {
        /// Always `true`.
        found: bool,
        /// The region.
        region: region::Region,
        /// Its parents, nearest first.
        parents: Vec<region::Region>,
        /// Its children in code order (empty unless asked for).
        children: Vec<region::Region>,
    },
    /// A retired regency or district code.
    Retired {
        /// Always `true`.
        found: bool,
        /// Always `true`.
        retired: bool,
        /// The old code, its successor's code, since when, the law, the level.
        #[serde(flatten)]
        alias: &'static region::Alias,
        /// The current region that replaced it.
        successor: Option<region::Region>,
    },
    /// Neither.
    NotFound {
        /// Always `false`.
        found: bool,
    },
}

/// Looks `code` up as [`RegionGet`]; `children` adds the region's children.
pub fn region_get(code: &str, children: bool) -> RegionGet {
    if let Some(r) = region::lookup(code) {
        let parents = std::iter::successors(r.parent(), |p| p.parent()).collect();
        let children = if children {
            r.children().collect()
        } else {
            Vec::new()
        };
        RegionGet::Found {
            found: true,
            region: r,
            parents,
            children,
        }
    } else if let Some(alias) = region::alias(code) {
        RegionGet::Retired {
            found: true,
            retired: true,
            alias,
            successor: alias.successor(),
        }
    } else {
        RegionGet::NotFound { found: false }
    }
}

/// The validation of one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdAnswer {
    /// No error (warnings allowed).
    pub valid: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, in validation order.
    pub problems: Vec<Problem>,
}

/// The verdict of a check: no error, the counts, every problem.
///
/// ```
/// use dtks_core::answer::Verdict;
/// assert!(Verdict::of(Vec::new()).valid);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verdict {
    /// No error (warnings allowed).
    pub valid: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem.
    pub problems: Vec<Problem>,
}

impl Verdict {
    /// The verdict on a list of problems.
    pub fn of(problems: Vec<Problem>) -> Verdict {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        Verdict {
            valid: errors == 0,
            errors,
            warnings: problems.len() - errors,
            problems,
        }
    }
}

/// Validates a household given as JSON text. A document that is not a
/// household (bad JSON, wrong types) is one problem with code `JSON_INVALID`
/// and the serde message (which never quotes the input's values).
///
/// ```
/// use chrono::NaiveDate;
/// let a = dtks_core::answer::validate_household_json("{}", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// assert!(!a.valid);
/// assert_eq!(a.problems[0].code.as_str(), "JSON_INVALID");
/// ```
pub fn validate_household_json(json: &str, as_of: NaiveDate) -> HouseholdAnswer {
    match parse_household(json) {
        Ok(h) => validate_household(&h, as_of),
        Err(p) => HouseholdAnswer {
            valid: false,
            errors: 1,
            warnings: 0,
            problems: vec![p],
        },
    }
}

/// Reads a household's JSON, or the one `JSON_INVALID` problem that says
/// where it stops being one (its message names the place, never a value).
///
/// ```
/// use dtks_core::answer::parse_household;
/// let p = parse_household("{\"id\": 1}").unwrap_err();
/// assert_eq!(p.code.as_str(), "JSON_INVALID");
/// ```
pub fn parse_household(json: &str) -> Result<Household, Problem> {
    serde_json::from_str::<Household>(json).map_err(|e| {
        Problem::new(crate::problem::Code::JsonInvalid, "").with(
            "detail",
            format!(
                "line {}, column {}: {}",
                e.line(),
                e.column(),
                json_reason(&e)
            ),
        )
    })
}

/// A reference date as every face reads one: `YYYY-MM-DD`, surrounding
/// space ignored.
///
/// ```
/// use dtks_core::answer::parse_date;
/// assert_eq!(parse_date(" 2026-11-24 ").map(|d| d.to_string()), Some("2026-11-24".into()));
/// assert_eq!(parse_date("24/11/2026"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A moment as every face reads one: `YYYY-MM-DDTHH:MM:SS`, surrounding
/// space ignored.
///
/// ```
/// use dtks_core::answer::parse_time;
/// assert!(parse_time("2026-11-24T09:30:00").is_some());
/// assert!(parse_time("2026-11-24 09:30").is_none());
/// ```
pub fn parse_time(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S").ok()
}

/// A serde_json error's reason without its position (given apart) and
/// without the input's values ([`scrub_message`](crate::personal::scrub_message)).
pub fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or("");
    crate::personal::scrub_message(msg)
}

/// Validates a household.
pub fn validate_household(h: &Household, as_of: NaiveDate) -> HouseholdAnswer {
    let problems = household::validate(h, as_of);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    HouseholdAnswer {
        valid: errors == 0,
        errors,
        warnings: problems.len() - errors,
        problems,
    }
}

/// Renders problems as text lines, one per problem, in a language.
pub fn render_problems(problems: &[Problem], lang: Lang) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "{} {} {}: {}\n",
                p.severity,
                p.code,
                if p.path.is_empty() { "-" } else { &p.path },
                p.message(lang)
            )
        })
        .collect()
}
