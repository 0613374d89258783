//! `dtks regions …`.

use clap::Subcommand;
use dtks_core::answer::{self, RegionGet};
use dtks_core::problem::{one_of, Lang};
use dtks_core::region::{self, Level, Region};
use std::process::ExitCode;

/// `dtks regions` subcommands.
#[derive(Debug, Subcommand)]
pub enum RegionsCmd {
    /// Provenance and counts of the embedded table.
    Info {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Look a code up (any level, dots optional), with its parents and, for a
    /// retired code, its successor.
    Get {
        /// The code, e.g. 31.71.01.1001 or 9101.
        code: String,
        /// List its children too.
        #[arg(long)]
        children: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search by name (case-insensitive substring).
    Search {
        /// Part of a name.
        name: String,
        /// Restrict to a level: province, regency, district, village.
        #[arg(long)]
        level: Option<String>,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn describe(r: &Region) -> String {
    let mut s = format!("{:<16} {:<9} {}", r.code(), r.level().as_str(), r.name());
    if let Some(k) = r.village_kind() {
        s.push_str(&format!(" ({k:?})"));
    }
    if let Some(k) = r.regency_kind() {
        s.push_str(&format!(" ({k:?})"));
    }
    s
}

fn print_json<T: serde::Serialize + ?Sized>(v: &T) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            outln!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dtks: cannot write JSON: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs a `dtks regions` subcommand.
pub fn run(cmd: &RegionsCmd) -> ExitCode {
    match cmd {
        RegionsCmd::Info { json } => {
            let info = answer::region_info();
            if *json {
                return print_json(&info);
            }
            let (p, c) = (info.provenance, info.counts);
            outln!("Region table  {}", region::table_version());
            outln!("  source       {} {}", p.source_package, p.source_version);
            outln!("  sha256       {}", p.source_sha256);
            outln!("  decree       {}", p.decree);
            outln!("  generated    {}", p.generated);
            outln!("  licence      {} (data)", p.data_licence);
            outln!("  aliases      {}", p.aliases_basis);
            outln!(
                "  counts       {} provinces, {} regencies ({} kabupaten, {} kota), {} districts, {} villages ({} kelurahan, {} desa, {} desa adat), {} retired codes",
                c.provinces, c.regencies, c.kabupaten, c.kota, c.districts, c.villages,
                c.kelurahan, c.desa, c.desa_adat, c.aliases
            );
            outln!("  attribution  {}", p.attribution);
            ExitCode::SUCCESS
        }
        RegionsCmd::Get {
            code,
            children,
            json,
        } => {
            let got = answer::region_get(code, *children);
            if *json {
                let written = print_json(&got);
                return match got {
                    RegionGet::NotFound { .. } => ExitCode::from(1),
                    _ => written,
                };
            }
            match got {
                RegionGet::Found {
                    region: r,
                    parents,
                    children,
                    ..
                } => {
                    outln!("{}", describe(&r));
                    for p in &parents {
                        outln!("  in {}", describe(p));
                    }
                    for k in &children {
                        outln!("  - {}", describe(k));
                    }
                    ExitCode::SUCCESS
                }
                RegionGet::Retired {
                    alias: a,
                    successor,
                    ..
                } => {
                    outln!(
                        "{} retired on {} by {}; now {}",
                        a.old_code(),
                        a.since(),
                        a.basis(),
                        successor.map_or_else(|| a.new_code().to_owned(), |s| describe(&s))
                    );
                    ExitCode::SUCCESS
                }
                _ => {
                    outln!(
                        "{code}: not in the region table ({})",
                        region::table_version()
                    );
                    ExitCode::from(1)
                }
            }
        }
        RegionsCmd::Search {
            name,
            level,
            limit,
            json,
        } => {
            let level = match level.as_deref() {
                None => None,
                Some(l) => match Level::from_name(l) {
                    Some(l) => Some(l),
                    None => {
                        eprintln!(
                            "dtks: unknown level {l:?} ({})",
                            one_of(&Level::names(), Lang::En)
                        );
                        return ExitCode::from(2);
                    }
                },
            };
            let found = region::search(name, level, *limit);
            if *json {
                return print_json(&serde_json::json!(found));
            }
            for r in &found {
                outln!("{}", describe(r));
            }
            if found.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
