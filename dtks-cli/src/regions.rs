//! `dtks regions …`.

use clap::Subcommand;
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
    let mut s = format!("{:<16} {:<9} {}", r.code(), level_word(r.level()), r.name());
    if let Some(k) = r.village_kind() {
        s.push_str(&format!(" ({k:?})"));
    }
    if let Some(k) = r.regency_kind() {
        s.push_str(&format!(" ({k:?})"));
    }
    s
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Province => "province",
        Level::Regency => "regency",
        Level::District => "district",
        _ => "village",
    }
}

fn print_json(v: &serde_json::Value) -> ExitCode {
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
            let p = region::provenance();
            let c = region::counts();
            if *json {
                return print_json(&serde_json::json!({
                    "provenance": p,
                    "version": region::table_version(),
                    "counts": {
                        "provinces": c.provinces, "regencies": c.regencies,
                        "kabupaten": c.kabupaten, "kota": c.kota,
                        "districts": c.districts, "villages": c.villages,
                        "kelurahan": c.kelurahan, "desa": c.desa, "desa_adat": c.desa_adat,
                        "aliases": c.aliases,
                    },
                }));
            }
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
            if let Some(r) = region::lookup(code) {
                let mut chain = Vec::new();
                let mut cur = r.parent();
                while let Some(p) = cur {
                    chain.push(p);
                    cur = p.parent();
                }
                let kids: Vec<Region> = if *children {
                    r.children().collect()
                } else {
                    Vec::new()
                };
                if *json {
                    return print_json(&serde_json::json!({
                        "found": true, "region": r, "parents": chain, "children": kids,
                    }));
                }
                outln!("{}", describe(&r));
                for p in &chain {
                    outln!("  in {}", describe(p));
                }
                for k in &kids {
                    outln!("  - {}", describe(k));
                }
                ExitCode::SUCCESS
            } else if let Some(a) = region::alias(code) {
                let succ = a.successor();
                if *json {
                    return print_json(&serde_json::json!({
                        "found": true, "retired": true, "old_code": a.old_code(),
                        "new_code": a.new_code(), "since": a.since().to_string(),
                        "basis": a.basis(), "successor": succ,
                    }));
                }
                outln!(
                    "{} retired on {} by {}; now {}",
                    a.old_code(),
                    a.since(),
                    a.basis(),
                    succ.map_or_else(|| a.new_code().to_owned(), |s| describe(&s))
                );
                ExitCode::SUCCESS
            } else {
                if *json {
                    let _ = print_json(&serde_json::json!({"found": false}));
                } else {
                    outln!(
                        "{code}: not in the region table ({})",
                        region::table_version()
                    );
                }
                ExitCode::from(1)
            }
        }
        RegionsCmd::Search {
            name,
            level,
            limit,
            json,
        } => {
            let level = match level.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None => None,
                Some("province") => Some(Level::Province),
                Some("regency") => Some(Level::Regency),
                Some("district") => Some(Level::District),
                Some("village") => Some(Level::Village),
                Some(other) => {
                    eprintln!(
                        "dtks: unknown level {other:?} (province, regency, district, village)"
                    );
                    return ExitCode::from(2);
                }
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
