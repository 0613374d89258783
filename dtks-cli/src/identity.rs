//! `dtks nik`, `dtks kk` and `dtks codes`.

use crate::{parse_date, today};
use clap::Args;
use dtks_core::id::answer::{decode_kk, decode_nik};
use dtks_core::problem::Lang;
use std::process::ExitCode;

/// Arguments of `dtks nik`.
#[derive(Debug, Args)]
pub struct NikArgs {
    /// The NIK (16 digits), or `-` to read it from the first line of
    /// standard input (the digits then never show in the process list).
    pub nik: String,
    /// Reference date for the birth year's century (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Accept spaces, dots and dashes between the digits.
    #[arg(long)]
    pub lenient: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of messages: id or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Arguments of `dtks kk`.
#[derive(Debug, Args)]
pub struct KkArgs {
    /// The KK number (16 digits), or `-` to read it from the first line of
    /// standard input.
    pub kk: String,
    /// Reference date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Accept spaces, dots and dashes between the digits.
    #[arg(long)]
    pub lenient: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of messages: id or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Arguments of `dtks codes`.
#[derive(Debug, Args)]
pub struct CodesArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("expected id or en, got {s:?}"))
}

fn print_json<T: serde::Serialize>(v: &T) -> bool {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            outln!("{s}");
            true
        }
        Err(e) => {
            eprintln!("dtks: cannot write JSON: {e}");
            false
        }
    }
}

fn row(label: &str, value: Option<impl std::fmt::Display>) {
    if let Some(v) = value {
        outln!("  {label:<14} {v}");
    }
}

/// `CODE: message` in the chosen language, for a rejected number.
fn rejection(code: Option<&str>, id: &Option<String>, en: &Option<String>, lang: Lang) {
    let msg = match lang {
        Lang::En => en,
        _ => id,
    };
    outln!("{}: {}", code.unwrap_or(""), msg.as_deref().unwrap_or(""));
}

/// 0 for a valid number, 1 for a rejected one.
fn status(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The number as given, or for `-` the first line of standard input: a
/// caller that runs the command for someone else (the PHP package's
/// fallback) keeps the digits out of the process list, which every local
/// user can read.
fn number_arg(given: &str) -> Result<String, ExitCode> {
    if given != "-" {
        return Ok(given.to_owned());
    }
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
        Err(e) => {
            eprintln!("dtks: cannot read the number from standard input: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Runs `dtks nik`.
pub fn run_nik(a: &NikArgs) -> ExitCode {
    let nik = match number_arg(&a.nik) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let ans = decode_nik(&nik, a.lenient, a.as_of.unwrap_or_else(today));
    if a.json {
        return if print_json(&ans) {
            status(ans.valid)
        } else {
            ExitCode::from(2)
        };
    }
    if ans.valid {
        outln!("NIK {} valid", ans.masked.as_deref().unwrap_or(""));
        let name = |code: &Option<String>, name: Option<&str>| {
            code.as_ref()
                .map(|c| format!("{c} {}", name.unwrap_or("")).trim_end().to_owned())
        };
        row("province", name(&ans.province, ans.province_name));
        row("regency", name(&ans.regency, ans.regency_name));
        row("district", name(&ans.district, ans.district_name));
        if let Some(s) = ans.successor {
            row(
                "retired code",
                Some(format!("now {s} ({})", ans.retired_by.unwrap_or(""))),
            );
        }
        row("birth date", ans.birth_date.as_ref());
        row("sex", ans.sex);
        row("serial", ans.serial.map(|s| format!("{s:04}")));
    } else {
        rejection(ans.code, &ans.message_id, &ans.message_en, a.lang);
    }
    status(ans.valid)
}

/// Runs `dtks kk`.
pub fn run_kk(a: &KkArgs) -> ExitCode {
    let kk = match number_arg(&a.kk) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let ans = decode_kk(&kk, a.lenient, a.as_of.unwrap_or_else(today));
    if a.json {
        return if print_json(&ans) {
            status(ans.valid)
        } else {
            ExitCode::from(2)
        };
    }
    if ans.valid {
        outln!("KK {} valid", ans.masked.as_deref().unwrap_or(""));
        row(
            "district",
            ans.district
                .as_ref()
                .map(|d| format!("{d} {}", ans.district_name.unwrap_or(""))),
        );
        if let Some(s) = ans.successor {
            row("retired code", Some(format!("now {s}")));
        }
        row("recorded on", ans.recorded_on.as_ref());
        row("serial", ans.serial.map(|s| format!("{s:04}")));
    } else {
        rejection(ans.code, &ans.message_id, &ans.message_en, a.lang);
    }
    status(ans.valid)
}

/// Runs `dtks codes`.
pub fn run_codes(a: &CodesArgs) -> ExitCode {
    if a.json {
        let all: Vec<_> = dtks_core::problem::catalogue().collect();
        if !print_json(&all) {
            return ExitCode::from(2);
        }
    } else {
        for e in dtks_core::problem::catalogue() {
            outln!("{:<40} {:<8} {}", e.code, e.severity, e.template_en);
        }
    }
    ExitCode::SUCCESS
}
