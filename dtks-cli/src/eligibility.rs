//! `dtks assess`, `dtks rules list|show|check` and `dtks desil`.
//!
//! Parses arguments, reads files, calls `dtks_core::{rules, assess, pmt}` and
//! renders. No rule lives here.

use crate::{parse_date, today};
use clap::{Args, Subcommand};
use dtks_core::assess::assess;
use dtks_core::pmt::{agreement, rank, score, DesilRow};
use dtks_core::problem::{Lang, Problem};
use dtks_core::rules::{Format, RuleSets};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("expected id or en, got {s:?}"))
}

/// Arguments of `dtks assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The household, as JSON (the dtks household model).
    pub household: PathBuf,
    /// Assessment date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Programme rule files (JSON or TOML) to use instead of the built-in
    /// programmes (built-in criteria sets stay available).
    #[arg(long, num_args = 1..)]
    pub rules: Vec<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the text: id or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: Lang,
}

/// `dtks rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCmd {
    /// List the built-in rule documents (id, version, period, hash).
    List(RulesListArgs),
    /// Show one document (latest version unless --version) as canonical JSON.
    Show(RulesShowArgs),
    /// Check rule files: parse, vocabulary, amounts, overlapping periods.
    Check(RulesCheckArgs),
}

/// Arguments of `dtks rules list`.
#[derive(Debug, Args)]
pub struct RulesListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `dtks rules show`.
#[derive(Debug, Args)]
pub struct RulesShowArgs {
    /// Document id (PKH, KJP_PLUS, BPS_14, pmt-illustrative-v1).
    pub id: String,
    /// A version (default: the latest effective one).
    #[arg(long)]
    pub version: Option<String>,
}

/// Arguments of `dtks rules check`.
#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    /// Rule files (JSON or TOML), checked together with the built-in criteria sets.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Also check them against the built-in programmes (overlapping periods).
    #[arg(long)]
    pub with_builtin: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of messages: id or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Output format of `dtks desil`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DesilFormat {
    /// JSON Lines.
    Jsonl,
    /// CSV.
    Csv,
}

/// Arguments of `dtks desil`.
#[derive(Debug, Args)]
pub struct DesilArgs {
    /// JSON Lines file of households, one per line.
    pub file: PathBuf,
    /// Reference date for ages (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Rank within regions of this many village-code digits (2 province, 4 regency, 0 all).
    #[arg(long, default_value_t = 4)]
    pub region_digits: usize,
    /// A PMT model file (JSON or TOML) instead of the built-in illustrative one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DesilFormat::Jsonl)]
    pub format: DesilFormat,
    /// Write here instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Writes to stdout, ignoring a closed pipe (`dtks rules list | head`).
fn out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(s.as_bytes());
    let _ = o.flush();
}

fn file_name(p: &std::path::Path) -> String {
    p.display().to_string()
}

fn print_problems(problems: &[Problem], lang: Lang) {
    for p in problems {
        eprintln!("{} {} {}: {}", p.severity, p.code, p.path, p.message(lang));
    }
}

/// Loads programme files on top of the built-in criteria sets and PMT models.
fn load_rules(files: &[PathBuf], lang: Lang) -> Result<RuleSets, ExitCode> {
    if files.is_empty() {
        return Ok(RuleSets::builtin().clone());
    }
    let mut texts = Vec::new();
    for f in files {
        let name = file_name(f);
        match std::fs::read_to_string(f) {
            Ok(t) => texts.push((t, name)),
            Err(e) => {
                eprintln!("dtks: cannot read {name}: {e}");
                return Err(ExitCode::from(2));
            }
        }
    }
    let documents: Vec<(&str, Format, &str)> = texts
        .iter()
        .map(|(t, n)| (t.as_str(), Format::from_file_name(n), n.as_str()))
        .collect();
    RuleSets::with_documents(false, &documents).map_err(|p| {
        print_problems(&p, lang);
        ExitCode::from(1)
    })
}

/// Runs `dtks assess`.
pub fn run_assess(a: &AssessArgs) -> ExitCode {
    let rules = match load_rules(&a.rules, a.lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let name = file_name(&a.household);
    let text = match std::fs::read_to_string(&a.household) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("dtks: cannot read {name}: {e}");
            return ExitCode::from(2);
        }
    };
    // The core's reading (JSON_INVALID, values scrubbed), as every face reads a household.
    let h = match dtks_core::answer::parse_household(&text) {
        Ok(h) => h,
        Err(p) => {
            eprintln!("dtks: {name}:");
            print_problems(&[p], a.lang);
            return ExitCode::from(2);
        }
    };
    let result = assess(&h, a.as_of.unwrap_or_else(today), &rules);
    if a.json {
        out(&format!("{}\n", result.to_json()));
    } else {
        out(&result.to_text(a.lang));
    }
    ExitCode::SUCCESS
}

/// Runs `dtks rules …`.
pub fn run_rules(c: &RulesCmd) -> ExitCode {
    match c {
        RulesCmd::List(a) => {
            // Through a JSON value: the keys in the order `dtks rules list --json` has
            // always written them.
            let rows = serde_json::to_value(RuleSets::builtin().documents())
                .ok()
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default();
            if a.json {
                out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                ));
            } else {
                for r in &rows {
                    let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("…").to_owned();
                    out(&format!(
                        "{:<10} {:<20} {:<14} {} → {:<10} {}\n",
                        s("kind"),
                        s("id"),
                        s("version"),
                        s("effective_from"),
                        s("effective_until"),
                        s("content_hash").get(..19).unwrap_or("")
                    ));
                }
            }
            ExitCode::SUCCESS
        }
        RulesCmd::Show(a) => match RuleSets::builtin().show(&a.id, a.version.as_deref()) {
            Some((r, json)) => {
                out(&format!(
                    "// {} {} {}\n{json}\n",
                    r.id, r.version, r.content_hash
                ));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("dtks: no built-in rule document {}", a.id);
                ExitCode::from(1)
            }
        },
        RulesCmd::Check(a) => {
            let mut texts = Vec::new();
            for f in &a.files {
                let name = file_name(f);
                match std::fs::read_to_string(f) {
                    Ok(t) => texts.push((t, name)),
                    Err(e) => {
                        eprintln!("dtks: cannot read {name}: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            let documents: Vec<(&str, Format, &str)> = texts
                .iter()
                .map(|(t, n)| (t.as_str(), Format::from_file_name(n), n.as_str()))
                .collect();
            let check = RuleSets::check_documents(a.with_builtin, &documents);
            if a.json {
                // Through a JSON value: its keys in the order this command
                // has always written them.
                let v = serde_json::to_value(&check).unwrap_or_default();
                outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                for r in &check.ok {
                    outln!("ok {} {} {}", r.id, r.version, r.content_hash);
                }
                print_problems(&check.problems, a.lang);
            }
            let all = check.problems;
            if all.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Runs `dtks desil`.
pub fn run_desil(a: &DesilArgs) -> ExitCode {
    let as_of = a.as_of.unwrap_or_else(today);
    let mut custom = RuleSets::new();
    let (model, reference) = match &a.model {
        None => match RuleSets::builtin().pmt_models().next() {
            Some((m, r)) => (m.clone(), r.clone()),
            None => {
                eprintln!("dtks: no built-in PMT model");
                return ExitCode::from(2);
            }
        },
        Some(path) => {
            let name = file_name(path);
            let Ok(text) = std::fs::read_to_string(path) else {
                eprintln!("dtks: cannot read {name}");
                return ExitCode::from(2);
            };
            if let Err(p) = custom.load_str(&text, Format::from_file_name(&name), &name) {
                print_problems(&p, Lang::En);
                return ExitCode::from(1);
            }
            match custom.pmt_models().next() {
                Some((m, r)) => (m.clone(), r.clone()),
                None => {
                    eprintln!("dtks: {name} is not a PMT model (kind = \"pmt\")");
                    return ExitCode::from(1);
                }
            }
        }
    };
    let name = file_name(&a.file);
    let file = match std::fs::File::open(&a.file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dtks: cannot read {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut scores = Vec::new();
    let mut official = Vec::new();
    let mut bad = 0u64;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("dtks: cannot read {name}");
            return ExitCode::from(2);
        };
        if line.trim().is_empty() {
            continue;
        }
        match dtks_core::answer::parse_household(&line) {
            Ok(h) => {
                official.push(h.desil);
                scores.push(score(&model, &reference, &h, as_of));
            }
            Err(p) => {
                bad += 1;
                eprintln!("dtks: {name} line {}:", i + 1);
                print_problems(&[p], Lang::En);
            }
        }
    }
    let deciles = rank(&scores, a.region_digits);
    let mut sink: Box<dyn Write> = match &a.out {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("dtks: cannot write {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let label = format!("estimated desil ({})", reference.id);
    let mut write_ok = true;
    if a.format == DesilFormat::Csv {
        write_ok &= writeln!(sink, "{}", DesilRow::CSV_HEADER).is_ok();
    }
    for ((s, d), o) in scores.iter().zip(&deciles).zip(&official) {
        let row = DesilRow::new(s, *d, *o);
        let r = match a.format {
            // Through a JSON value: its keys in the order this command has
            // always written them.
            DesilFormat::Jsonl => match serde_json::to_value(&row) {
                Ok(v) => writeln!(sink, "{v}"),
                Err(e) => Err(std::io::Error::other(e)),
            },
            DesilFormat::Csv => writeln!(sink, "{}", row.csv_record()),
        };
        write_ok &= r.is_ok();
    }
    write_ok &= sink.flush().is_ok();
    if !write_ok {
        eprintln!("dtks: cannot write the output");
        return ExitCode::from(2);
    }
    let ag = agreement(&deciles, &official);
    let scored = scores.iter().filter(|s| s.score.is_some()).count();
    eprintln!(
        "{} households read, {} scored, {} undecidable, {} unreadable; {label}: deciles of this dataset within regions of {} digits, NOT national DTSEN desil{}",
        scores.len(),
        scored,
        scores.len() - scored,
        bad,
        a.region_digits,
        if model.illustrative { "; ILLUSTRATIVE weights" } else { "" }
    );
    if ag.compared > 0 {
        eprintln!(
            "agreement with official desil: {} compared, {} exact, {} within one, mean absolute difference {:.2}",
            ag.compared, ag.exact, ag.within_one, ag.mean_abs_diff
        );
    }
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
