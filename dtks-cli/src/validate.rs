//! `dtks validate FILE`: bulk validation of a CSV (reference layout, or any
//! layout through `--mapping`) or JSON Lines file. Every rule is in
//! `dtks_core::bulk`; this file parses arguments, opens files and renders.

use clap::Args;
use dtks_core::bulk::eligibility::{AssessStage, StageTotals};
use dtks_core::bulk::{
    self, CsvReport, Delimiter, Encoding, Format, HtmlReport, JsonReport, Mapping, Options,
    Outputs, ProblemSink, Progress, RowProblem, Summary, TableFormat,
};
use dtks_core::problem::{Lang, Severity};
use dtks_core::rules::{self, RuleSets};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    Delimiter::parse(s).ok_or_else(|| {
        format!("{s:?} cannot separate fields: use , ; | tab or another ASCII punctuation mark")
    })
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| {
        format!("unknown encoding {s:?}: use auto, utf-8, utf-16le, utf-16be or cp1252")
    })
}

/// Arguments of `dtks validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The input: `.csv`, `.tsv`, `.txt`, `.jsonl` or `.ndjson`, gzip-compressed
    /// or not (`.csv.gz`); `-` reads standard input (JSON Lines when its first character is `{`, else CSV; or give `--format`). UTF-16
    /// and gzip are recognised by their first bytes.
    pub file: String,
    /// Force the format: csv or jsonl.
    #[arg(long)]
    pub format: Option<String>,
    /// Write the full report: `out.json` (problems and summary), `out.csv`
    /// (problems) or `out.html` (one self-contained page for people, in the
    /// language of --lang).
    #[arg(long)]
    pub report: Option<String>,
    /// Write the valid records here, in the input's format.
    #[arg(long)]
    pub valid_out: Option<String>,
    /// Write the invalid records here, in the input's format.
    #[arg(long)]
    pub invalid_out: Option<String>,
    /// Column mapping for CSV: a built-in name (reference, bdt2015) or a TOML/JSON file.
    #[arg(long)]
    pub mapping: Option<String>,
    /// CSV: the byte between fields: , ; | tab (or the character). Default:
    /// a comma, or `;`, a tab or `|` when the header names columns only with that.
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<Delimiter>,
    /// The text encoding: auto (UTF-8, or UTF-16 by its first bytes), utf-8,
    /// utf-16le, utf-16be, or cp1252 (Windows-1252: Excel's CSV on Windows).
    #[arg(long, value_parser = parse_encoding, default_value = "auto")]
    pub encoding: Encoding,
    /// A spreadsheet workbook (xlsx, xlsm, xlsb, xls, ods): the sheet to
    /// read, by name, or by number (1 = the first) when no sheet has that
    /// name. Default: the first worksheet.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// CSV: numbers use a decimal comma (`36,5`; rupiah may group thousands
    /// with dots), as spreadsheets set up for Indonesia write them. The same
    /// as `decimal = ","` in a mapping.
    #[arg(long)]
    pub decimal_comma: bool,
    /// CSV: the form of dates (strftime, e.g. %d/%m/%Y); repeat to accept
    /// several. Replaces the mapping's `date_formats`.
    #[arg(long = "date-format", value_name = "FORMAT")]
    pub date_formats: Vec<String>,
    /// CSV: a token that means unknown in every column (NULL, -, N/A, …);
    /// repeat for several. Added to the mapping's `nulls`.
    #[arg(long = "null", value_name = "TOKEN")]
    pub nulls: Vec<String>,
    /// Read a NIK or KK number that a spreadsheet marked as text ('3171…,
    /// ="3171…") or wrote as a decimal (3171….0), 16 digits intact, with a
    /// warning instead of an error.
    #[arg(long)]
    pub accept_repaired: bool,
    /// CSV: validate household by household whatever the order of the rows
    /// (a file sorted by NIK, exports appended). Holds the whole file in
    /// memory (about 5 times its size) and uses one worker.
    #[arg(long)]
    pub group: bool,
    /// Reference date for every date check (default: today).
    #[arg(long, value_parser = crate::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Worker threads (0 = every core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Exit 1 when a problem at or above this severity is found: error or warning.
    #[arg(long, default_value = "error", value_parser = ["error", "warning"])]
    pub fail_on: String,
    /// List at most this many problems on the terminal (the report has them all).
    #[arg(long, default_value_t = 50)]
    pub max_problems: usize,
    /// Print nothing but failures; no progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Language of the messages on the terminal and of an HTML report: id or en.
    #[arg(long, default_value = "id", value_parser = ["id", "en"])]
    pub lang: String,
    /// Assess every valid household against the programmes in force on the
    /// date: counts and amounts per programme, province and regency.
    #[arg(long)]
    pub assess: bool,
    /// Programme rule files (JSON or TOML) to assess with instead of the
    /// built-in programmes (built-in criteria sets stay); implies --assess.
    /// Give them after FILE.
    #[arg(long, num_args = 1..)]
    pub rules: Vec<String>,
}

/// Prints the first problems as they come.
struct Terminal {
    max: usize,
    seen: u64,
    lang: Lang,
    out: io::Stdout,
}

impl ProblemSink for Terminal {
    fn problem(&mut self, p: &RowProblem) -> io::Result<()> {
        self.seen += 1;
        if self.seen <= self.max as u64 {
            let row = p
                .row
                .map_or_else(|| "file".to_owned(), |r| format!("row {r}"));
            let hh = p
                .household
                .as_deref()
                .map(|h| format!(" [{h}]"))
                .unwrap_or_default();
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!(" {}", p.field)
            };
            let line = format!(
                "{row}{hh}{field}: {} {}: {}",
                p.problem.severity,
                p.problem.code,
                p.problem.message(self.lang)
            );
            writeln!(self.out, "{}", printable(&line))?;
        }
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> io::Result<()> {
        if self.max > 0 && self.seen > self.max as u64 {
            writeln!(
                self.out,
                "… and {} more problems (see --report for all of them)",
                self.seen - self.max as u64
            )?;
        }
        Ok(())
    }
}

/// A line for the terminal: control characters from the input (a line
/// break, an escape sequence that clears or recolours the screen) are shown
/// escaped (`\n`, `\u{1b}`), so a file can neither break the one problem a
/// line layout nor forge lines of its own.
fn printable(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(char::is_control) {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out.into()
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("dtks validate: {msg}");
    ExitCode::from(2)
}

fn create(path: &str) -> Result<BufWriter<File>, String> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| format!("cannot create {path}: {e}"))
}

fn load_mapping(spec: &str) -> Result<Mapping, String> {
    if let Some(m) = Mapping::builtin(spec) {
        return Ok(m);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| {
        format!(
            "mapping {spec:?} is neither built in ({}) nor a readable file: {e}",
            bulk::BUILTIN.join(", ")
        )
    })?;
    Mapping::from_file_text(&text, spec).map_err(|e| format!("{spec}: {e}"))
}

/// Loads `--rules` files on top of the built-in criteria sets and PMT models
/// (the built-in programmes when there are none). A file that cannot be read
/// or loaded is reported with the core's codes and messages.
fn load_rules(files: &[String], lang: Lang) -> Result<RuleSets, String> {
    if files.is_empty() {
        return Ok(RuleSets::builtin().clone());
    }
    let mut texts = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read {f}: {e}"))?;
        texts.push((text, f.as_str()));
    }
    let documents: Vec<(&str, rules::Format, &str)> = texts
        .iter()
        .map(|(t, f)| (t.as_str(), rules::Format::from_file_name(f), *f))
        .collect();
    RuleSets::with_documents(false, &documents).map_err(|ps| {
        ps.iter()
            // The core's message names the file and the path in it.
            .map(|p| format!("{} {} {}: {}", p.severity, p.code, p.path, p.message(lang)))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// `1234567` → `1,234,567` (en) or `1.234.567` (id).
fn thousands(n: i64, lang: Lang) -> String {
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The assessment table of the terminal summary.
fn assessment_table(summary: &Summary, stage: &AssessStage, lang: Lang) -> String {
    use std::fmt::Write as _;
    let as_of = chrono::NaiveDate::parse_from_str(&summary.as_of, "%Y-%m-%d").ok();
    let t = StageTotals::of(summary).unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "assessment as of {}: {} households assessed, {} skipped (errors)",
        summary.as_of, t.assessed, t.skipped
    );
    let _ = writeln!(
        s,
        "\n{:<14} {:<9} {:>10} {:>13} {:>12} {:>22}",
        "programme", "unit", "eligible", "not eligible", "undecidable", "amount per year (Rp)"
    );
    let units = as_of.map(|d| stage.programmes(d)).unwrap_or_default();
    let mut ids: Vec<&str> = units.iter().map(|(id, _)| id.as_str()).collect();
    for id in t.summary.programmes.keys() {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    for id in ids {
        let p = t.summary.programmes.get(id).copied().unwrap_or_default();
        let unit = units
            .iter()
            .find(|(u, _)| u == id)
            .map_or("", |(_, u)| u.as_str());
        let _ = writeln!(
            s,
            "{id:<14} {unit:<9} {:>10} {:>13} {:>12} {:>22}",
            p.eligible,
            p.not_eligible,
            p.undecidable,
            thousands(p.amount_per_year, lang)
        );
    }
    // Top regencies by eligible units (all programmes), then by amount.
    let regions = t.summary.regencies_ranked();
    if !regions.is_empty() {
        let _ = writeln!(
            s,
            "\n{:<8} {:<24} {:>10} {:>13} {:>12} {:>22}",
            "regency", "name", "eligible", "not eligible", "undecidable", "amount per year (Rp)"
        );
        for (code, p) in regions.iter().take(10) {
            let full = summary
                .per_regency
                .get(*code)
                .and_then(|r| r.name.as_deref())
                .unwrap_or("");
            // A cut name says so.
            let name: String = if full.chars().count() > 24 {
                full.chars().take(23).chain(['…']).collect()
            } else {
                full.to_owned()
            };
            let _ = writeln!(
                s,
                "{code:<8} {name:<24} {:>10} {:>13} {:>12} {:>22}",
                p.eligible,
                p.not_eligible,
                p.undecidable,
                thousands(p.amount_per_year, lang)
            );
        }
        if regions.len() > 10 {
            let _ = writeln!(
                s,
                "({} regencies: see the report for all of them, and per province)",
                regions.len()
            );
        }
    }
    let _ = writeln!(s, "\nrules applied:");
    for r in &summary.rules {
        let _ = writeln!(s, "  {:<12} {}", r.id, r.version);
    }
    s
}

/// What `dtks validate` reads.
enum Input {
    /// CSV or JSON Lines text (gzip, UTF-16, a workbook: the core tells).
    Text(Box<dyn Read + Send>),
    /// A Parquet or Arrow IPC file.
    Table(File, TableFormat),
}

/// Runs `dtks validate`.
pub fn run(a: &ValidateArgs) -> ExitCode {
    // A file of columns (Parquet, Arrow IPC) is read by its columns.
    let table = match a.format {
        None if a.file != "-" => TableFormat::from_path(&a.file),
        _ => None,
    };
    let format = match (&a.format, a.file.as_str()) {
        _ if table.is_some() => Format::Csv,
        (Some(f), _) => match Format::parse(f) {
            Some(f) => f,
            None => return fail(format!("unknown --format {f:?} (csv or jsonl)")),
        },
        // Standard input has no name: its first bytes decide (below).
        (None, "-") => Format::Csv,
        (None, path) => match Format::from_path(path) {
            Some(f) => f,
            None => {
                return fail(format!(
                    "cannot tell the format of {path:?} from its name: use --format csv|jsonl"
                ))
            }
        },
    };
    let lang = Lang::parse(&a.lang).unwrap_or(Lang::En);
    let as_of = a.as_of.unwrap_or_else(crate::today);
    let mut opts = Options::new(format, as_of);
    opts.threads = a.threads;
    opts.delimiter = a.delimiter;
    opts.encoding = a.encoding;
    opts.sheet.clone_from(&a.sheet);
    let stage = if a.assess || !a.rules.is_empty() {
        match load_rules(&a.rules, lang) {
            Ok(r) => Some(AssessStage::new(r)),
            Err(e) => return fail(e),
        }
    } else {
        None
    };
    if let Some(s) = &stage {
        opts.stages.push(s);
    }
    if let Some(m) = &a.mapping {
        match load_mapping(m) {
            Ok(m) => opts.mapping = m,
            Err(e) => return fail(e),
        }
    }
    match opts
        .mapping
        .clone()
        .with_overrides(a.decimal_comma, &a.date_formats, &a.nulls)
    {
        Ok(m) => opts.mapping = m,
        Err(e) => return fail(e.to_string()),
    }
    opts.accept_repaired = a.accept_repaired;
    opts.group = a.group;
    // Before anything is opened for writing: a wrong report name, or an
    // output that is the input or another output, is refused untouched.
    if let Some(path) = &a.report {
        let p = path.to_ascii_lowercase();
        if !(p.ends_with(".json") || p.ends_with(".csv") || p.ends_with(".html")) {
            return fail(format!(
                "--report {path:?}: use a .json, .csv or .html file name"
            ));
        }
    }
    if let Err(e) = crate::distinct_outputs(
        (a.file != "-").then_some(a.file.as_str()),
        &[
            ("--report", a.report.as_deref()),
            ("--valid-out", a.valid_out.as_deref()),
            ("--invalid-out", a.invalid_out.as_deref()),
        ],
    ) {
        return fail(e);
    }
    let (input, size): (Input, Option<u64>) = if let Some(t) = table {
        match File::open(&a.file) {
            // The progress counts the bridge's text, not the file's bytes.
            Ok(f) => (Input::Table(f, t), None),
            Err(e) => return fail(format!("cannot open {}: {e}", a.file)),
        }
    } else if a.file == "-" {
        let mut head = Vec::new();
        if let Err(e) = io::stdin().take(256).read_to_end(&mut head) {
            return fail(format!("cannot read standard input: {e}"));
        }
        if a.format.is_none() {
            opts.format = Format::sniff(&head);
        }
        (
            Input::Text(Box::new(io::Cursor::new(head).chain(io::stdin()))),
            None,
        )
    } else {
        match File::open(&a.file) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Input::Text(Box::new(f)), size)
            }
            Err(e) => return fail(format!("cannot open {}: {e}", a.file)),
        }
    };
    opts.size_hint = size;
    // Progress on a terminal only.
    let bar = (!a.quiet && io::stderr().is_terminal()).then(|| {
        let bar = match size {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let on_progress = |p: Progress| {
        if let Some(b) = &bar {
            b.set_position(p.bytes);
            b.set_message(format!("{} records", p.rows));
        }
    };
    if bar.is_some() {
        opts.progress = Some(&on_progress);
    }
    let mut terminal = Terminal {
        max: if a.quiet { 0 } else { a.max_problems },
        seen: 0,
        lang,
        out: io::stdout(),
    };
    let mut json: Option<JsonReport<BufWriter<File>>> = None;
    let mut csv: Option<CsvReport<BufWriter<File>>> = None;
    // The page is written once the run has finished (it is made of totals).
    let mut html: Option<(HtmlReport, BufWriter<File>)> = None;
    if let Some(path) = &a.report {
        let w = match create(path) {
            Ok(w) => w,
            Err(e) => return fail(e),
        };
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".json") {
            json = Some(JsonReport::new(w));
        } else if lower.ends_with(".html") {
            // Standard input is named `-`, as on the command line (a word
            // would be in one language only).
            html = Some((HtmlReport::new(&a.file), w));
        } else {
            csv = Some(CsvReport::new(w));
        }
    }
    let mut valid = match a.valid_out.as_deref().map(create).transpose() {
        Ok(w) => w,
        Err(e) => return fail(e),
    };
    let mut invalid = match a.invalid_out.as_deref().map(create).transpose() {
        Ok(w) => w,
        Err(e) => return fail(e),
    };
    let result = {
        let mut out = Outputs::default();
        out.sinks.push(&mut terminal);
        if let Some(j) = json.as_mut() {
            out.sinks.push(j);
        }
        if let Some(c) = csv.as_mut() {
            out.sinks.push(c);
        }
        if let Some((h, _)) = html.as_mut() {
            out.sinks.push(h);
        }
        if let Some(w) = valid.as_mut() {
            out.valid = Some(w);
        }
        if let Some(w) = invalid.as_mut() {
            out.invalid = Some(w);
        }
        match input {
            Input::Text(r) => bulk::validate(r, &opts, &mut out),
            Input::Table(f, t) => bulk::validate_table_file(f, t, &opts, &mut out),
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let (Some((page, mut w)), Some(path)) = (html, &a.report) {
        if let Err(e) = page.write_html(lang, &mut w) {
            return fail(format!("cannot write {path}: {e}"));
        }
    }
    let mut printed = Ok(());
    if !a.quiet {
        printed = writeln!(io::stdout(), "\n{}", summary.table());
        if let Some(s) = &stage {
            printed = printed
                .and_then(|()| writeln!(io::stdout(), "{}", assessment_table(&summary, s, lang)));
        }
    }
    // A closed pipe (`| head`) is not a failure of the validation; a full
    // disk or a failing device under standard output is.
    if let Err(e) = printed.and_then(|()| io::stdout().flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return fail(format!("cannot write to standard output: {e}"));
        }
    }
    let threshold = Severity::from_name(&a.fail_on).unwrap_or(Severity::Error);
    if summary.has_at_least(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(printable("row 1 [EX-01]: ok"), "row 1 [EX-01]: ok");
        assert_eq!(
            printable("row 1 [EX\n01\u{1b}[2J]: x\r"),
            "row 1 [EX\\n01\\u{1b}[2J]: x\\r"
        );
        assert_eq!(printable("Siti • é"), "Siti • é");
    }
}
