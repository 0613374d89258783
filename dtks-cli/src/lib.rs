//! `dtks`: the command line over dtks-core, as a library so that other
//! front ends (the Python module's `python -m dtks`) run the very same command.
//!
//! The command parses arguments, calls the core and renders; it never decides
//! anything itself. Exit status: 0 ok, 1 findings (invalid input, errors in a
//! dataset), 2 usage or I/O failure.

/// `println!` that never panics: when stdout is closed (`dtks … | head`),
/// the rest of the output is dropped quietly instead of aborting the command,
/// or, under `python -m dtks`, raising in the host.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod eligibility;
pub mod generate;
pub mod identity;
pub mod process;
pub mod regions;
pub mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Validate DTKS/DTSEN registry data, decode identity numbers, look up regions.
#[derive(Debug, Parser)]
#[command(name = "dtks", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode one NIK, or name the code that rejects it.
    Nik(identity::NikArgs),
    /// Decode one KK (family-card) number, or name the code that rejects it.
    Kk(identity::KkArgs),
    /// The embedded Kemendagri region table.
    #[command(subcommand)]
    Regions(regions::RegionsCmd),
    /// List every problem code with its severity and messages.
    Codes(identity::CodesArgs),
    /// Musyawarah Desa/Kelurahan sessions and their prelist akhir.
    #[command(subcommand)]
    Musyawarah(process::MusyawarahCmd),
    /// SIKS-NG proposal batches: check, finalise, status.
    #[command(subcommand)]
    Usulan(process::UsulanCmd),
    /// Assess one household against the programmes in force.
    Assess(eligibility::AssessArgs),
    /// Programme rule documents: list, show, check.
    #[command(subcommand)]
    Rules(eligibility::RulesCmd),
    /// Proxy-means-test scores and estimated desil for a JSON Lines file.
    Desil(eligibility::DesilArgs),
    /// Validate a whole CSV or JSON Lines export: every row, every household, across households.
    Validate(validate::ValidateArgs),
    /// Write a synthetic dataset (seeded, deterministic) with injected faults and their truth.
    Generate(generate::GenerateArgs),
}

/// Runs the command line with these arguments (the first is the program
/// name) and returns the exit status: 0 ok, 1 findings, 2 usage or I/O.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Nik(a) => identity::run_nik(&a),
        Command::Kk(a) => identity::run_kk(&a),
        Command::Regions(c) => regions::run(&c),
        Command::Codes(a) => identity::run_codes(&a),
        Command::Musyawarah(c) => process::run_musyawarah(&c),
        Command::Usulan(c) => process::run_usulan(&c),
        Command::Assess(a) => eligibility::run_assess(&a),
        Command::Rules(c) => eligibility::run_rules(&c),
        Command::Desil(a) => eligibility::run_desil(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Generate(a) => generate::run(&a),
    }
}

/// Parses `YYYY-MM-DD` for `--as-of`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("expected a date YYYY-MM-DD: {e}"))
}

/// The reference date when `--as-of` is not given: today, read here at the
/// edge (the core never reads the clock).
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
