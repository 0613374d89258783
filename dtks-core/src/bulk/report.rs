//! The report: every problem with the rows it points at, and the summary.
//!
//! Sinks receive problems one at a time, in input order, and the summary at
//! the end, so memory stays bounded whatever the file's size:
//! [`JsonReport`] (`{"problems": [...], "summary": {...}}`, written as it
//! goes), [`CsvReport`] (one line per problem) and [`Collect`] (in memory,
//! for tests and small files). [`Summary::table`] renders the terminal table.

use crate::problem::{Lang, Problem, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One problem placed in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The first record it points at (first record after the header = 1; for
    /// JSON Lines the line number); `None` for a problem of the whole file.
    pub row: Option<u64>,
    /// Every record it points at (a household problem points at all its rows).
    pub rows: Vec<u64>,
    /// The household id (masked when it is a KK number or looks like one).
    pub household: Option<String>,
    /// The column as the input names it (CSV), or the model path (JSON Lines).
    pub field: String,
    /// The problem itself: code, severity, model path, context (masked).
    pub problem: Problem,
}

impl RowProblem {
    /// A problem of one record.
    pub fn at(row: u64, field: &str, problem: Problem) -> RowProblem {
        RowProblem {
            row: Some(row),
            rows: vec![row],
            household: None,
            field: field.to_owned(),
            problem,
        }
    }

    /// A problem of the whole file.
    pub fn file(problem: Problem) -> RowProblem {
        RowProblem {
            row: None,
            rows: Vec::new(),
            household: None,
            field: problem.path.clone(),
            problem,
        }
    }
}

impl Serialize for RowProblem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let p = &self.problem;
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("row", &self.row)?;
        m.serialize_entry("rows", &self.rows)?;
        m.serialize_entry("household", &self.household)?;
        m.serialize_entry("field", &self.field)?;
        m.serialize_entry("path", &p.path)?;
        m.serialize_entry("code", p.code.as_str())?;
        m.serialize_entry("severity", &p.severity)?;
        let ctx: BTreeMap<&str, &crate::problem::Value> =
            p.context.iter().map(|(k, v)| (*k, v)).collect();
        m.serialize_entry("context", &ctx)?;
        m.serialize_entry("message_id", &p.message(Lang::Id))?;
        m.serialize_entry("message_en", &p.message(Lang::En))?;
        m.end()
    }
}

/// Counts for one code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    /// The code's severity.
    pub severity: Option<Severity>,
    /// Problems with this code.
    pub count: u64,
}

/// Counts for one province or regency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionCount {
    /// Name from the region table, when the code is in it.
    pub name: Option<String>,
    /// Records read.
    pub rows: u64,
    /// Records with an error.
    pub invalid: u64,
}

/// The rule sets an extra stage applied (filled by the eligibility stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVersion {
    /// Rule-set id.
    pub id: String,
    /// Its version or content hash.
    pub version: String,
}

/// What the run read and found. Read back from its JSON (a partition's,
/// for [`super::partition::merge`]) as it was written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Summary {
    /// The library version.
    pub dtks_version: String,
    /// `csv` or `jsonl`.
    pub format: String,
    /// The mapping used.
    pub mapping: String,
    /// CSV: the byte between fields, as given or detected (`None` for JSON
    /// Lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// SHA-256 of the input bytes as handed over (before any unpacking or
    /// decoding), hex.
    pub input_sha256: String,
    /// Input size as handed over.
    pub input_bytes: u64,
    /// The text encoding read: `utf-8`, `utf-16le`, `utf-16be`, `cp1252`.
    pub encoding: String,
    /// How the encoding was decided: `default`, `bom`, `detected`, `option`;
    /// `format` for a table (Arrow text is UTF-8 by its format).
    pub encoding_by: String,
    /// JSON Lines: `records` when its objects are records of the export
    /// layout (one member per line, or a household with a member list)
    /// rather than households of the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// The container unpacked (`gzip`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The sheet read, when the input is a spreadsheet workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The reference date.
    pub as_of: String,
    /// The region table used (`region::table_version()`).
    pub region_table: String,
    /// Rule sets applied by extra stages (empty without `--assess`).
    pub rules: Vec<RuleVersion>,
    /// Records read (CSV: member rows; JSON Lines: non-blank lines).
    pub rows_read: u64,
    /// Records without an error.
    pub rows_valid: u64,
    /// Records with at least one error (or in a file with a file-level error).
    pub rows_invalid: u64,
    /// CSV records whose every field is empty (`,,,,`): skipped, not read.
    /// They are outside `rows_read`: the file's records are `rows_read +
    /// rows_blank + rows_header` (blank lines are no records at all).
    pub rows_blank: u64,
    /// CSV records that repeat the header mid-file (`HEADER_REPEATED`):
    /// skipped, not read, outside `rows_read`.
    pub rows_header: u64,
    /// Households built.
    pub households: u64,
    /// Members read into households.
    pub members: u64,
    /// Problems reported.
    pub problems: u64,
    /// Of which errors.
    pub errors: u64,
    /// Of which warnings.
    pub warnings: u64,
    /// Problems per code.
    pub per_code: BTreeMap<String, CodeCount>,
    /// Records per province (`31`), from the village code; `unknown` without one.
    pub per_province: BTreeMap<String, RegionCount>,
    /// Records per regency (`31.71`).
    pub per_regency: BTreeMap<String, RegionCount>,
    /// Counters of extra stages, by stage name.
    pub stages: BTreeMap<String, BTreeMap<String, u64>>,
    /// Entries kept by the cross-record index.
    pub index: IndexStats,
    /// A partition's run ([`super::Options::partition`]): what the merge
    /// needs of it. Absent otherwise (and from a merged summary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<super::partition::PartitionTail>,
}

/// Size of the cross-record index at the end of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    /// NIKs remembered.
    pub people: u64,
    /// KK numbers remembered.
    pub families: u64,
    /// Household ids remembered.
    pub households: u64,
    /// Name/birth/district keys remembered.
    pub duplicate_keys: u64,
    /// Bytes the tables hold (capacity × entry size, control bytes included).
    pub bytes: u64,
}

impl Summary {
    /// True when some problem is at or above `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        match threshold {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
        }
    }

    /// True when no record and no file-level problem has an error: the run's
    /// verdict, which Python's `Report.valid` hands over.
    pub fn valid(&self) -> bool {
        !self.has_at_least(Severity::Error) && self.rows_invalid == 0
    }

    /// The terminal summary table.
    pub fn table(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(s, "rows read      {:>12}", self.rows_read);
        let _ = writeln!(s, "  valid        {:>12}", self.rows_valid);
        let _ = writeln!(s, "  invalid      {:>12}", self.rows_invalid);
        if self.rows_blank > 0 {
            let _ = writeln!(s, "blank records  {:>12}  (skipped)", self.rows_blank);
        }
        if self.rows_header > 0 {
            let _ = writeln!(s, "header repeats {:>12}  (skipped)", self.rows_header);
        }
        let _ = writeln!(s, "households     {:>12}", self.households);
        let _ = writeln!(
            s,
            "problems       {:>12}  ({} errors, {} warnings)",
            self.problems, self.errors, self.warnings
        );
        if !self.per_code.is_empty() {
            let _ = writeln!(s, "\n{:<40} {:<8} {:>10}", "code", "severity", "count");
            let mut codes: Vec<(&String, &CodeCount)> = self.per_code.iter().collect();
            codes.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
            for (code, c) in codes {
                let sev = c.severity.map_or("", Severity::as_str);
                let _ = writeln!(s, "{code:<40} {sev:<8} {:>10}", c.count);
            }
        }
        let regions = |s: &mut String, title: &str, m: &BTreeMap<String, RegionCount>| {
            if m.is_empty() {
                return;
            }
            // Wide enough for the longest name in the table ("Kabupaten
            // Kepulauan Siau Tagulandang Biaro", 42 characters): names are
            // not cut.
            let _ = writeln!(
                s,
                "\n{:<8} {:<42} {:>10} {:>10}",
                title, "name", "rows", "invalid"
            );
            for (code, c) in m {
                let name = c.name.as_deref().unwrap_or("");
                let _ = writeln!(s, "{code:<8} {name:<42} {:>10} {:>10}", c.rows, c.invalid);
            }
        };
        regions(&mut s, "province", &self.per_province);
        if self.per_regency.len() <= 40 {
            regions(&mut s, "regency", &self.per_regency);
        } else {
            let _ = writeln!(
                s,
                "\n({} regencies: see the report for the per-regency counts)",
                self.per_regency.len()
            );
        }
        // A delimiter other than the comma is worth saying (a tab as `\t`).
        let delim = match self.delimiter.as_deref() {
            None | Some(",") => String::new(),
            Some(d) => format!(" delimited by {:?}", d),
        };
        // The encoding and container, when they are not plain UTF-8.
        let mut arrived = String::new();
        if let Some(c) = &self.container {
            arrived.push_str(&format!(", {c}"));
        }
        if let Some(sheet) = &self.sheet {
            arrived.push_str(&format!(" sheet {sheet:?}"));
        }
        if !self.encoding.is_empty() && self.encoding != "utf-8" {
            arrived.push_str(&format!(", {} ({})", self.encoding, self.encoding_by));
        }
        let _ = writeln!(
            s,
            "\ninput sha256 {}  ({} bytes{arrived}, {}{delim}, mapping {})",
            self.input_sha256, self.input_bytes, self.format, self.mapping
        );
        let _ = writeln!(
            s,
            "as of {}, region table {}, dtks {}",
            self.as_of, self.region_table, self.dtks_version
        );
        s
    }
}

/// Receives the problems in input order, then the summary.
pub trait ProblemSink {
    /// One problem.
    fn problem(&mut self, p: &RowProblem) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
    /// The verdict on a run of consecutive records, in input order, after
    /// their problems: `invalid[i]` for record `first + i` (the accounting's
    /// own decision, so a sink never re-derives which rows are invalid).
    /// Records that are not counted (none today) are never given. The
    /// default ignores it.
    fn rows(&mut self, first: u64, invalid: &[bool]) -> io::Result<()> {
        let _ = (first, invalid);
        Ok(())
    }
    /// Where the records of one unit (a household, or a run of records
    /// that could not be read into one) are: its village code (ten digits;
    /// `None` without a well-formed one), the records read and, of them,
    /// the invalid ones. Given once per unit, after the unit's problems and
    /// before [`ProblemSink::rows`], so a sink can count problems and
    /// records per village. The default ignores it.
    fn place(&mut self, village: Option<&str>, read: u64, invalid: u64) -> io::Result<()> {
        let _ = (village, read, invalid);
        Ok(())
    }
}

/// The verdict on one input record, as [`Collect::rows`] keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowVerdict {
    /// Not a record of the accounting (a number no record had).
    NotCounted,
    /// A record without an error.
    Valid,
    /// A record with an error (its own, its household's, or the file's).
    Invalid,
}

/// Keeps everything in memory (tests, small files).
///
/// ```
/// use dtks_core::bulk::{validate, Collect, Format, Options, Outputs, RowVerdict};
/// let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
///            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n\
///            RT-2,3171011001,3171011503150008,3171011708800002,Ani,1980-08-17,1,3\n";
/// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let mut c = Collect::default();
/// let mut out = Outputs::default();
/// out.sinks.push(&mut c);
/// validate(csv.as_bytes(), &Options::new(Format::Csv, as_of), &mut out).unwrap();
/// assert_eq!(c.rows, [RowVerdict::Valid, RowVerdict::Invalid]);
/// ```
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Collect {
    /// The problems, in input order.
    pub problems: Vec<RowProblem>,
    /// The summary, once finished.
    pub summary: Option<Summary>,
    /// The verdict on every record: `rows[i]` for record `rows_before + i +
    /// 1` (the first record after a CSV header, or the first line of JSON
    /// Lines, is 1).
    pub rows: Vec<RowVerdict>,
    /// Records before `rows[0]`: 0, or a partition's rows before
    /// ([`super::partition::Partition::rows_before`]), so that a partition
    /// keeps the verdicts of its own rows only.
    pub rows_before: u64,
}

impl ProblemSink for Collect {
    fn problem(&mut self, p: &RowProblem) -> io::Result<()> {
        self.problems.push(p.clone());
        Ok(())
    }
    fn rows(&mut self, first: u64, invalid: &[bool]) -> io::Result<()> {
        let start =
            usize::try_from(first.saturating_sub(1 + self.rows_before)).unwrap_or(usize::MAX);
        let end = start.saturating_add(invalid.len());
        if self.rows.len() < end {
            self.rows.resize(end, RowVerdict::NotCounted);
        }
        if let Some(slots) = self.rows.get_mut(start..end) {
            for (slot, bad) in slots.iter_mut().zip(invalid) {
                *slot = if *bad {
                    RowVerdict::Invalid
                } else {
                    RowVerdict::Valid
                };
            }
        }
        Ok(())
    }
    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.summary = Some(summary.clone());
        Ok(())
    }
}

/// `{"problems": [ ... ], "summary": { ... }}`, streamed.
#[derive(Debug)]
pub struct JsonReport<W: Write> {
    out: W,
    count: u64,
}

impl<W: Write> JsonReport<W> {
    /// Starts the document.
    pub fn new(out: W) -> JsonReport<W> {
        JsonReport { out, count: 0 }
    }
}

impl<W: Write> ProblemSink for JsonReport<W> {
    fn problem(&mut self, p: &RowProblem) -> io::Result<()> {
        self.out.write_all(if self.count == 0 {
            b"{\"problems\":[\n"
        } else {
            b",\n"
        })?;
        self.count += 1;
        serde_json::to_writer(&mut self.out, p).map_err(io::Error::other)
    }
    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.out.write_all(if self.count == 0 {
            b"{\"problems\":["
        } else {
            b"\n"
        })?;
        self.out.write_all(b"],\n\"summary\":")?;
        serde_json::to_writer_pretty(&mut self.out, summary).map_err(io::Error::other)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

/// The columns of the CSV problems report, in order.
pub const CSV_REPORT_COLUMNS: [&str; 9] = [
    "row",
    "rows",
    "household",
    "field",
    "path",
    "code",
    "severity",
    "message_id",
    "message_en",
];

/// One CSV line per problem: `row,rows,household,field,path,code,severity,message_id,message_en`.
#[derive(Debug)]
pub struct CsvReport<W: Write> {
    out: csv::Writer<W>,
    started: bool,
}

impl<W: Write> CsvReport<W> {
    /// Starts the file.
    pub fn new(out: W) -> CsvReport<W> {
        CsvReport {
            out: csv::Writer::from_writer(out),
            started: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_record(CSV_REPORT_COLUMNS)?;
        }
        Ok(())
    }
}

impl<W: Write> ProblemSink for CsvReport<W> {
    fn problem(&mut self, p: &RowProblem) -> io::Result<()> {
        self.header()?;
        let rows: Vec<String> = p.rows.iter().map(u64::to_string).collect();
        let row = p.row.map_or_else(String::new, |r| r.to_string());
        self.out.write_record([
            row.as_str(),
            rows.join(";").as_str(),
            p.household.as_deref().unwrap_or(""),
            p.field.as_str(),
            p.problem.path.as_str(),
            p.problem.code.as_str(),
            p.problem.severity.as_str(),
            p.problem.message(Lang::Id).as_str(),
            p.problem.message(Lang::En).as_str(),
        ])?;
        Ok(())
    }
    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}
