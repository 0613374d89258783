//! `dtks generate`: synthetic datasets with injected faults and their truth.

use crate::{parse_date, today};
use clap::Args;
use dtks_core::generate::{generate, FaultKind, Format, Options};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dtks generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Member rows to write.
    #[arg(long)]
    pub rows: u64,
    /// The seed: the same seed and arguments give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fraction of households (0–1) that get exactly one fault.
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Only these fault kinds (comma-separated names, e.g. nik_length,desil_out_of_range).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
    pub faults: Vec<FaultKind>,
    /// Write the ground truth (JSON Lines, one object per fault) here.
    #[arg(long)]
    pub truth: Option<String>,
    /// csv (the reference layout) or jsonl (one household per line).
    #[arg(long, default_value = "csv", value_parser = parse_format)]
    pub format: Format,
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<String>,
    /// Reference date (YYYY-MM-DD). Defaults to today: pass it for output
    /// that depends only on the arguments.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// No summary on standard error.
    #[arg(long)]
    pub quiet: bool,
}

fn parse_kind(s: &str) -> Result<FaultKind, String> {
    FaultKind::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = FaultKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown fault kind {s:?}; known: {}", names.join(", "))
    })
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("expected csv or jsonl, got {s:?}"))
}

fn create(path: &str) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path)?))
}

/// Runs `dtks generate`.
pub fn run(a: &GenerateArgs) -> ExitCode {
    let mut opts = Options::new(a.rows, a.seed, a.as_of.unwrap_or_else(today))
        .with_fault_rate(a.fault_rate)
        .with_format(a.format);
    if !a.faults.is_empty() {
        opts = opts.with_faults(&a.faults);
    }
    if let Err(e) = crate::distinct_outputs(
        None,
        &[("--out", a.out.as_deref()), ("--truth", a.truth.as_deref())],
    ) {
        eprintln!("dtks generate: {e}");
        return ExitCode::from(2);
    }
    let truth = match a.truth.as_deref().map(create).transpose() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("GENERATE_IO: cannot create the truth file: {e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let result = match a.out.as_deref() {
        Some(path) => match create(path) {
            Ok(w) => generate(&opts, w, truth),
            Err(e) => {
                eprintln!("GENERATE_IO: cannot create {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            let stdout = io::stdout();
            generate(
                &opts,
                BufWriter::with_capacity(1 << 20, stdout.lock()),
                truth,
            )
        }
    };
    match result {
        Ok(s) => {
            if !a.quiet {
                let secs = start.elapsed().as_secs_f64();
                let mut err = io::stderr().lock();
                let _ = writeln!(
                    err,
                    "{} rows, {} households, {} faults in {secs:.2} s ({:.0} rows/s)",
                    s.rows,
                    s.households,
                    s.faults,
                    s.rows as f64 / secs.max(1e-9)
                );
                for (k, n) in &s.by_kind {
                    let _ = writeln!(err, "  {k:<28} {n}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
