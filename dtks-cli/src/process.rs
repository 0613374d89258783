//! `dtks musyawarah …` and `dtks usulan …`: the village deliberation and the
//! SIKS-NG proposal path. Parses, calls dtks-core, renders; decides nothing.

use crate::identity::parse_lang;
use crate::{parse_date, today};
use clap::{Args, Subcommand};
use dtks_core::id::Nik;
use dtks_core::lifecycle::{find, Query, StatusAnswer, TrailKey};
use dtks_core::musyawarah::{self, PrelistAkhir, QuorumRule, Role, Session};
use dtks_core::problem::{Lang, Problem};
use dtks_core::usulan::{self, Anchors, Batch, CheckContext, Heads, ProgrammeCheck};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `dtks musyawarah …`.
#[derive(Debug, Subcommand)]
pub enum MusyawarahCmd {
    /// Validate a Musyawarah Desa/Kelurahan session; when valid, print its prelist akhir and hash.
    Check(MusyawarahCheckArgs),
}

/// Arguments of `dtks musyawarah check`.
#[derive(Debug, Args)]
pub struct MusyawarahCheckArgs {
    /// The session, as JSON.
    pub session: PathBuf,
    /// Quorum: at least this many participants (default: no quorum rule, none is documented).
    #[arg(long)]
    pub quorum_min: Option<usize>,
    /// Quorum: a role that must attend (repeatable), e.g. bpd, kepala_desa, social_facilitator.
    #[arg(long = "quorum-role", value_parser = parse_role)]
    pub quorum_roles: Vec<Role>,
    #[command(flatten)]
    pub out: Output,
}

/// `dtks usulan …`.
#[derive(Debug, Subcommand)]
pub enum UsulanCmd {
    /// Validate a batch of SIKS-NG proposals.
    Check(UsulanCheckArgs),
    /// Check that a batch can be finalised; with --write, record the finalisation.
    Finalise(UsulanFinaliseArgs),
    /// Where a proposal stands, found by NIK or by name.
    Status(UsulanStatusArgs),
    /// Verify every trail of a batch and print its heads (a dtks-heads/1 file) for the host to keep.
    Heads(UsulanHeadsArgs),
}

/// What the host keeps to anchor the audit trails (docs/process.md, "Trust model").
#[derive(Debug, Args)]
pub struct TrailAnchorArgs {
    /// A file holding the host's trail key (hex, at least 32 digits). Without it the key
    /// is read from the environment variable DTKS_AUDIT_KEY, if set. Never on the command line.
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// The heads the host kept for this batch (a dtks-heads/1 file, from `usulan heads`
    /// or `finalise --write-heads`): entries removed at the end, and removed proposals, are caught.
    #[arg(long)]
    pub heads: Option<PathBuf>,
}

/// What a batch check needs besides the batch.
#[derive(Debug, Args)]
pub struct BatchInputs {
    /// The batch, as JSON.
    pub batch: PathBuf,
    /// The musyawarah session whose prelist akhir the batch cites.
    #[arg(long)]
    pub session: Option<PathBuf>,
    /// The session's quorum: at least this many participants (as `musyawarah check`).
    #[arg(long, requires = "session")]
    pub quorum_min: Option<usize>,
    /// The session's quorum: a role that must attend (repeatable).
    #[arg(long = "quorum-role", value_parser = parse_role, requires = "session")]
    pub quorum_roles: Vec<Role>,
    /// A file of registered NIKs, one per line.
    #[arg(long)]
    pub registered: Option<PathBuf>,
    /// Reference date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub anchors: TrailAnchorArgs,
}

/// Output options.
#[derive(Debug, Args)]
pub struct Output {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of messages: id or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Arguments of `dtks usulan check`.
#[derive(Debug, Args)]
pub struct UsulanCheckArgs {
    #[command(flatten)]
    pub input: BatchInputs,
    #[command(flatten)]
    pub out: Output,
}

/// Arguments of `dtks usulan finalise`.
#[derive(Debug, Args)]
pub struct UsulanFinaliseArgs {
    #[command(flatten)]
    pub input: BatchInputs,
    /// The statement, typed: "Saya bertanggung jawab terhadap data usulan tersebut".
    #[arg(long)]
    pub statement: String,
    /// Who finalises (operator account id), recorded in each proposal's trail.
    #[arg(long, default_value = "operator")]
    pub actor: String,
    /// When (YYYY-MM-DDTHH:MM:SS; default now).
    #[arg(long, value_parser = parse_datetime)]
    pub at: Option<chrono::NaiveDateTime>,
    /// Write the finalised batch (with the new trail entries) to this file.
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// With --write: also write the new heads (a dtks-heads/1 file) for the host to keep.
    #[arg(long, requires = "write")]
    pub write_heads: Option<PathBuf>,
    #[command(flatten)]
    pub out: Output,
}

/// Arguments of `dtks usulan status`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["nik", "name"])))]
pub struct UsulanStatusArgs {
    /// The batch, as JSON.
    pub batch: PathBuf,
    /// A member's NIK.
    #[arg(long)]
    pub nik: Option<String>,
    /// A member's name (case and spaces ignored).
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub anchors: TrailAnchorArgs,
    #[command(flatten)]
    pub out: Output,
}

/// Arguments of `dtks usulan heads`.
#[derive(Debug, Args)]
pub struct UsulanHeadsArgs {
    /// The batch, as JSON.
    pub batch: PathBuf,
    #[command(flatten)]
    pub anchors: TrailAnchorArgs,
    #[command(flatten)]
    pub out: Output,
}

fn parse_role(s: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_owned()))
        .map_err(|_| format!("unknown role {s:?}"))
}

fn parse_datetime(s: &str) -> Result<chrono::NaiveDateTime, String> {
    chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| format!("expected YYYY-MM-DDTHH:MM:SS: {e}"))
}

/// A usage or I/O failure: message for stderr, exit 2.
struct Fail(String);

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Fail> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fail(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Fail(format!("{}: {e}", path.display())))
}

fn read_registered(path: &Path) -> Result<HashSet<u64>, Fail> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fail(format!("cannot read {}: {e}", path.display())))?;
    let mut set = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let nik = Nik::parse(line).map_err(|e| {
            Fail(format!(
                "{} line {}: {}",
                path.display(),
                i + 1,
                e.message(Lang::En)
            ))
        })?;
        set.insert(nik.as_u64());
    }
    Ok(set)
}

/// The environment variable that may hold the host's trail key (hex).
pub const KEY_ENV: &str = "DTKS_AUDIT_KEY";

fn read_anchors(a: &TrailAnchorArgs) -> Result<Anchors, Fail> {
    let key_text = match &a.key_file {
        Some(p) => Some(
            std::fs::read_to_string(p)
                .map_err(|e| Fail(format!("cannot read {}: {e}", p.display())))?,
        ),
        None => std::env::var(KEY_ENV).ok().filter(|k| !k.trim().is_empty()),
    };
    let key = match key_text {
        Some(t) => Some(TrailKey::from_hex(&t).map_err(|e| {
            let from = a
                .key_file
                .as_ref()
                .map_or_else(|| KEY_ENV.to_owned(), |p| p.display().to_string());
            Fail(format!("{from}: {e}"))
        })?),
        None => None,
    };
    let heads = match &a.heads {
        Some(p) => {
            let h: Heads = read_json(p)?;
            if h.format != usulan::HEADS_FORMAT {
                return Err(Fail(format!(
                    "{}: format {:?}, expected {:?}",
                    p.display(),
                    h.format,
                    usulan::HEADS_FORMAT
                )));
            }
            h.heads
        }
        None => Default::default(),
    };
    Ok(Anchors { key, heads })
}

fn write_json<T: Serialize>(path: &Path, v: &T) -> Result<(), Fail> {
    let text =
        serde_json::to_string_pretty(v).map_err(|e| Fail(format!("cannot write JSON: {e}")))?;
    // Written beside the target and renamed: a reader never sees half a file.
    let tmp = path.with_extension("tmp-dtks");
    std::fs::write(&tmp, text + "\n")
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Fail(format!("cannot write {}: {e}", path.display())))
}

fn print_problems(problems: &[Problem], lang: Lang) {
    for p in problems {
        let at = if p.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", p.path)
        };
        outln!("{} {}{}: {}", p.severity, p.code, at, p.message(lang));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    outln!("{errors} error(s), {} warning(s)", problems.len() - errors);
}

fn emit<T: Serialize>(v: &T) -> Result<(), Fail> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Fail(format!("cannot write JSON: {e}")))?;
    outln!("{s}");
    Ok(())
}

fn finish(r: Result<bool, Fail>) -> ExitCode {
    match r {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Fail(msg)) => {
            eprintln!("dtks: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Runs `dtks musyawarah …`.
pub fn run_musyawarah(cmd: &MusyawarahCmd) -> ExitCode {
    match cmd {
        MusyawarahCmd::Check(a) => finish(musyawarah_check(a)),
    }
}

#[derive(Serialize)]
struct SessionReport<'a> {
    valid: bool,
    problems: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    prelist_akhir: Option<&'a PrelistAkhir>,
}

fn musyawarah_check(a: &MusyawarahCheckArgs) -> Result<bool, Fail> {
    let session: Session = read_json(&a.session)?;
    let quorum = QuorumRule {
        min_participants: a.quorum_min,
        required_roles: a.quorum_roles.clone(),
    };
    let problems = musyawarah::validate(&session, &quorum);
    let list = musyawarah::prelist_akhir(&session, &quorum).ok();
    let valid = list.is_some();
    if a.out.json {
        emit(&SessionReport {
            valid,
            problems: &problems,
            prelist_akhir: list.as_ref(),
        })?;
    } else {
        print_problems(&problems, a.out.lang);
        if let Some(l) = &list {
            outln!(
                "prelist akhir: {} household(s) to verification",
                l.entries.len()
            );
            for e in &l.entries {
                outln!("  {} ({})", e.household_id, e.source.as_str());
            }
            outln!("hash: {}", l.hash);
        }
    }
    Ok(valid)
}

/// Runs `dtks usulan …`.
pub fn run_usulan(cmd: &UsulanCmd) -> ExitCode {
    match cmd {
        UsulanCmd::Check(a) => finish(usulan_check(a)),
        UsulanCmd::Finalise(a) => finish(usulan_finalise(a)),
        UsulanCmd::Status(a) => finish(usulan_status(a)),
        UsulanCmd::Heads(a) => finish(usulan_heads(a)),
    }
}

struct Loaded {
    batch: Batch,
    registered: HashSet<u64>,
    prelist: Option<PrelistAkhir>,
    session_problems: Vec<Problem>,
    as_of: chrono::NaiveDate,
    anchors: Anchors,
}

fn load(i: &BatchInputs) -> Result<Loaded, Fail> {
    let batch: Batch = read_json(&i.batch)?;
    let registered = match &i.registered {
        Some(p) => read_registered(p)?,
        None => HashSet::new(),
    };
    let (prelist, session_problems) = match &i.session {
        Some(p) => {
            let s: Session = read_json(p)?;
            let quorum = QuorumRule {
                min_participants: i.quorum_min,
                required_roles: i.quorum_roles.clone(),
            };
            match musyawarah::prelist_akhir(&s, &quorum) {
                Ok(l) => (Some(l), Vec::new()),
                Err(ps) => (None, ps.into_iter().map(|q| q.under("session")).collect()),
            }
        }
        None => (None, Vec::new()),
    };
    Ok(Loaded {
        batch,
        registered,
        prelist,
        session_problems,
        as_of: i.as_of.unwrap_or_else(today),
        anchors: read_anchors(&i.anchors)?,
    })
}

/// The programme check the CLI uses: the eligibility engine with the built-in rule sets.
fn programme_check() -> Box<dyn ProgrammeCheck> {
    Box::new(dtks_core::rules::RuleSets::builtin().clone())
}

#[derive(Serialize)]
struct BatchReport<'a> {
    valid: bool,
    problems: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    finalised: Option<bool>,
    /// After a finalisation: the new heads, for the host to keep.
    #[serde(skip_serializing_if = "Option::is_none")]
    heads: Option<Heads>,
}

fn usulan_check(a: &UsulanCheckArgs) -> Result<bool, Fail> {
    let l = load(&a.input)?;
    let engine = programme_check();
    let ctx = CheckContext {
        as_of: l.as_of,
        registered: &l.registered,
        prelist: l.prelist.as_ref(),
        programmes: engine.as_ref(),
        anchors: &l.anchors,
    };
    let mut problems = l.session_problems.clone();
    problems.extend(usulan::check_batch(&l.batch, &ctx));
    let valid = !problems.iter().any(Problem::is_error);
    if a.out.json {
        emit(&BatchReport {
            valid,
            problems: &problems,
            finalised: None,
            heads: None,
        })?;
    } else {
        print_problems(&problems, a.out.lang);
    }
    Ok(valid)
}

fn usulan_finalise(a: &UsulanFinaliseArgs) -> Result<bool, Fail> {
    let l = load(&a.input)?;
    let engine = programme_check();
    let ctx = CheckContext {
        as_of: l.as_of,
        registered: &l.registered,
        prelist: l.prelist.as_ref(),
        programmes: engine.as_ref(),
        anchors: &l.anchors,
    };
    let at = a.at.unwrap_or_else(|| chrono::Local::now().naive_local());
    let mut batch = l.batch;
    let mut problems = l.session_problems.clone();
    let ok = if problems.iter().any(Problem::is_error) {
        problems.extend(usulan::finalisation_problems(&batch, &a.statement, &ctx));
        false
    } else {
        match usulan::finalise(&mut batch, &a.statement, &ctx, &a.actor, at) {
            Ok(warnings) => {
                problems.extend(warnings);
                true
            }
            Err(ps) => {
                problems.extend(ps);
                false
            }
        }
    };
    if ok {
        if let Some(path) = &a.write {
            write_json(path, &batch)?;
            if let Some(hp) = &a.write_heads {
                write_json(hp, &Heads::of(&batch))?;
            }
        }
    }
    if a.out.json {
        emit(&BatchReport {
            valid: ok,
            problems: &problems,
            finalised: Some(ok),
            heads: ok.then(|| Heads::of(&batch)),
        })?;
    } else {
        print_problems(&problems, a.out.lang);
        match (ok, &a.write) {
            (true, Some(p)) => outln!(
                "finalised: {} proposal(s), written to {}",
                batch.proposals.len(),
                p.display()
            ),
            (true, None) => outln!(
                "can be finalised: {} proposal(s) (use --write to record it)",
                batch.proposals.len()
            ),
            (false, _) => outln!("cannot be finalised"),
        }
    }
    Ok(ok)
}

#[derive(Serialize)]
struct StatusReport<'a> {
    found: bool,
    answers: &'a [StatusAnswer],
    problems: &'a [Problem],
}

fn usulan_status(a: &UsulanStatusArgs) -> Result<bool, Fail> {
    let batch: Batch = read_json(&a.batch)?;
    let anchors = read_anchors(&a.anchors)?;
    let found = match (&a.nik, &a.name) {
        (Some(n), _) => {
            let nik = Nik::parse(n.trim())
                .map_err(|e| Fail(format!("--nik: {}", e.message(a.out.lang))))?;
            find(&batch, Query::Nik(nik), &anchors)
        }
        (None, Some(name)) => find(&batch, Query::Name(name), &anchors),
        (None, None) => return Err(Fail("give --nik or --name".into())),
    };
    // A batch whose trails do not verify is not answered from: its problems instead.
    let (answers, problems) = match found {
        Ok(a) => (a, Vec::new()),
        Err(ps) => (Vec::new(), ps),
    };
    if a.out.json {
        emit(&StatusReport {
            found: !answers.is_empty(),
            answers: &answers,
            problems: &problems,
        })?;
    } else if !problems.is_empty() {
        print_problems(&problems, a.out.lang);
    } else if answers.is_empty() {
        outln!("not found in batch {}", batch.id);
    } else {
        for s in &answers {
            let since = s.since.map_or_else(|| "-".to_owned(), |t| t.to_string());
            let why = s
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            outln!(
                "{} {}: {} since {}{}",
                s.proposal_id,
                s.member,
                s.status,
                since,
                why
            );
        }
    }
    // Found = 0; not found or not answerable = 1 (a finding, not a failure).
    Ok(!answers.is_empty())
}

#[derive(Serialize)]
struct HeadsReport<'a> {
    valid: bool,
    problems: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    heads: Option<Heads>,
}

fn usulan_heads(a: &UsulanHeadsArgs) -> Result<bool, Fail> {
    let batch: Batch = read_json(&a.batch)?;
    let anchors = read_anchors(&a.anchors)?;
    let problems = usulan::verify_batch(&batch, &anchors);
    let valid = problems.is_empty();
    let heads = valid.then(|| Heads::of(&batch));
    if a.out.json {
        emit(&HeadsReport {
            valid,
            problems: &problems,
            heads,
        })?;
    } else if let Some(h) = heads {
        emit(&h)?;
    } else {
        print_problems(&problems, a.out.lang);
    }
    Ok(valid)
}
