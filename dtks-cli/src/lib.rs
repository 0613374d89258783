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
    /// SIKS-NG proposal batches: check, finalise, the lifecycle moves, status, heads.
    #[command(subcommand)]
    Usulan(process::UsulanCmd),
    /// Jakarta's online DTKS registration: check accounts and their families.
    #[command(subcommand)]
    Jakarta(process::JakartaCmd),
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
        Command::Jakarta(c) => process::run_jakarta(&c),
        Command::Assess(a) => eligibility::run_assess(&a),
        Command::Rules(c) => eligibility::run_rules(&c),
        Command::Desil(a) => eligibility::run_desil(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Generate(a) => generate::run(&a),
    }
}

/// Parses `YYYY-MM-DD` for `--as-of`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    dtks_core::answer::parse_date(s).ok_or_else(|| "expected a date YYYY-MM-DD".to_owned())
}

/// The reference date when `--as-of` is not given: today, read here at the
/// edge (the core never reads the clock).
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where a path leads, as far as can be told before it is written: the file
/// itself when it exists (symbolic links followed), else its canonical
/// folder and its name.
fn file_identity(path: &std::path::Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|p| p.join(name))
}

/// Whether two paths name the same file (the same path in other words, a
/// symbolic link to it, or on Unix a hard link).
pub(crate) fn same_file(a: &str, b: &str) -> bool {
    let (pa, pb) = (std::path::Path::new(a), std::path::Path::new(b));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(pa), std::fs::metadata(pb)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (file_identity(pa), file_identity(pb)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Refuses, before anything is opened for writing, an output that is the
/// input or another output: writing it would destroy what is read or what
/// was written. `input` is `None` for standard input.
pub fn distinct_outputs(
    input: Option<&str>,
    outputs: &[(&str, Option<&str>)],
) -> Result<(), String> {
    let named: Vec<(&str, &str)> = outputs
        .iter()
        .filter_map(|(flag, p)| p.map(|p| (*flag, p)))
        .collect();
    for (i, (flag, path)) in named.iter().enumerate() {
        if let Some(input) = input {
            if same_file(input, path) {
                return Err(format!(
                    "{flag} {path:?} is the input file: writing it would destroy the input"
                ));
            }
        }
        for (other_flag, other) in named.iter().skip(i + 1) {
            if same_file(path, other) {
                return Err(format!(
                    "{flag} and {other_flag} are the same file ({path:?}): give each its own"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn outputs_may_not_be_the_input_or_each_other() {
        let dir = std::env::temp_dir().join(format!("dtks-paths-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.csv");
        std::fs::write(&input, "x\n").unwrap();
        let input = input.to_str().unwrap();
        let other = dir.join("out.csv");
        let other = other.to_str().unwrap();
        let spelled = format!("{}/./in.csv", dir.display());
        assert!(distinct_outputs(Some(input), &[("--valid-out", Some(other))]).is_ok());
        assert!(distinct_outputs(Some(input), &[("--valid-out", Some(&spelled))]).is_err());
        #[cfg(unix)]
        {
            let link = dir.join("link.csv");
            std::os::unix::fs::symlink(input, &link).unwrap();
            let e = distinct_outputs(Some(input), &[("--report", link.to_str())]).unwrap_err();
            assert!(e.contains("--report"), "{e}");
        }
        // Two outputs that do not exist yet, spelled differently.
        let e = distinct_outputs(
            None,
            &[
                ("--valid-out", Some(other)),
                (
                    "--invalid-out",
                    Some(&format!(
                        "{}/../{}/out.csv",
                        dir.display(),
                        dir.file_name().unwrap().to_str().unwrap()
                    )),
                ),
            ],
        )
        .unwrap_err();
        assert!(e.contains("--valid-out and --invalid-out"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
