//! `dtks validate FILE`: bulk validation of a CSV (reference layout, or any
//! layout through `--mapping`) or JSON Lines file. Every rule is in
//! `dtks_core::bulk`; this file parses arguments, opens files and renders.

use clap::Args;
use dtks_core::bulk::{
    self, CsvReport, Format, JsonReport, Mapping, Options, Outputs, ProblemSink, Progress,
    RowProblem, Summary,
};
use dtks_core::problem::{Lang, Severity};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

/// Arguments of `dtks validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The input: `.csv`, `.jsonl` or `.ndjson`; `-` reads standard input (give `--format`).
    pub file: String,
    /// Force the format: csv or jsonl.
    #[arg(long)]
    pub format: Option<String>,
    /// Write the full report: `out.json` (problems and summary) or `out.csv` (problems).
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
    /// Language of the messages on the terminal: id or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
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
            writeln!(
                self.out,
                "{row}{hh}{field}: {} {}: {}",
                p.problem.severity,
                p.problem.code,
                p.problem.message(self.lang)
            )?;
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
    let m = if spec.ends_with(".json") {
        Mapping::from_json(&text)
    } else {
        Mapping::from_toml(&text)
    };
    m.map_err(|e| format!("{spec}: {e}"))
}

/// Runs `dtks validate`.
pub fn run(a: &ValidateArgs) -> ExitCode {
    let format = match (&a.format, a.file.as_str()) {
        (Some(f), _) => match Format::parse(f) {
            Some(f) => f,
            None => return fail(format!("unknown --format {f:?} (csv or jsonl)")),
        },
        (None, "-") => return fail("reading standard input needs --format csv|jsonl"),
        (None, path) => match Format::from_path(path) {
            Some(f) => f,
            None => {
                return fail(format!(
                    "cannot tell the format of {path:?}: use --format csv|jsonl"
                ))
            }
        },
    };
    let lang = Lang::parse(&a.lang).unwrap_or(Lang::En);
    let mut opts = Options::new(format, a.as_of.unwrap_or_else(crate::today));
    opts.threads = a.threads;
    if let Some(m) = &a.mapping {
        match load_mapping(m) {
            Ok(m) => opts.mapping = m,
            Err(e) => return fail(e),
        }
    }
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if a.file == "-" {
        (Box::new(io::stdin()), None)
    } else {
        match File::open(&a.file) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Box::new(f), size)
            }
            Err(e) => return fail(format!("cannot open {}: {e}", a.file)),
        }
    };
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
    if let Some(path) = &a.report {
        let w = match create(path) {
            Ok(w) => w,
            Err(e) => return fail(e),
        };
        if path.to_ascii_lowercase().ends_with(".json") {
            json = Some(JsonReport::new(w));
        } else if path.to_ascii_lowercase().ends_with(".csv") {
            csv = Some(CsvReport::new(w));
        } else {
            return fail(format!("--report {path:?}: use a .json or .csv file name"));
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
        if let Some(w) = valid.as_mut() {
            out.valid = Some(w);
        }
        if let Some(w) = invalid.as_mut() {
            out.invalid = Some(w);
        }
        bulk::validate(input, &opts, &mut out)
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if !a.quiet {
        // A closed pipe (`| head`) is not a failure of the validation.
        let _ = writeln!(io::stdout(), "\n{}", summary.table());
    }
    let threshold = if a.fail_on == "warning" {
        Severity::Warning
    } else {
        Severity::Error
    };
    if summary.has_at_least(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
