//! `dtks musyawarah …` and `dtks usulan …`: the village deliberation and the
//! SIKS-NG proposal path. Parses, calls dtks-core, renders; decides nothing.

use crate::identity::parse_lang;
use crate::{parse_date, today};
use clap::{Args, Subcommand};
use dtks_core::document::{self, Document};
use dtks_core::id::Nik;
use dtks_core::lifecycle::{self, Event, EventNameError, TrailKey};
use dtks_core::musyawarah::{self, PrelistAkhir, QuorumRule, Role, Session};
use dtks_core::problem::{word, Lang, Problem};
use dtks_core::usulan::Query;
use dtks_core::usulan::{self, Anchors, Batch, CheckContext, Heads, MoveRequest, ProgrammeCheck};
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
    /// Save proposals (draft → saved; SIKS-NG "Simpan"), writing the batch back.
    Save(MoveArgs),
    /// Start verifying finalised proposals (finalised → under verification).
    StartVerification(MoveArgs),
    /// Record that proposals were verified (under verification → verified).
    Verify(MoveArgs),
    /// Reject proposals under verification, with a reason (→ rejected).
    Reject(ReasonMoveArgs),
    /// Take verified households out of the registry, with a reason (→ deactivated).
    Deactivate(ReasonMoveArgs),
}

/// Arguments of the lifecycle moves (`usulan save|start-verification|verify`).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["proposal", "all"])))]
pub struct MoveArgs {
    /// The batch, as JSON. It is written back in place (atomically) unless --out is given.
    pub batch: PathBuf,
    /// The proposal's id (repeatable).
    #[arg(long)]
    pub proposal: Vec<String>,
    /// Every proposal of the batch.
    #[arg(long)]
    pub all: bool,
    /// Who makes the move (operator or office account id, not a citizen's name).
    #[arg(long)]
    pub actor: String,
    /// When (YYYY-MM-DDTHH:MM:SS; default now).
    #[arg(long, value_parser = parse_datetime)]
    pub at: Option<chrono::NaiveDateTime>,
    /// Why, in words (required with --reason other).
    #[arg(long)]
    pub note: Option<String>,
    /// Write the batch here instead of back to BATCH.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write the new heads (a dtks-heads/1 file) for the host to keep.
    #[arg(long)]
    pub write_heads: Option<PathBuf>,
    #[command(flatten)]
    pub anchors: TrailAnchorArgs,
    #[command(flatten)]
    pub output: Output,
}

/// Arguments of `usulan reject|deactivate`: a move with its reason.
#[derive(Debug, Args)]
pub struct ReasonMoveArgs {
    /// Why: reject: identity_not_matched, not_eligible_at_visit, duplicate, other;
    /// deactivate: died, moved_away, duplicate, graduated, other.
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub common: MoveArgs,
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
    /// The batches, as JSON (one or more: a village's year of batches).
    #[arg(required = true)]
    pub batch: Vec<PathBuf>,
    /// A member's NIK.
    #[arg(long)]
    pub nik: Option<String>,
    /// A member's whole name (letter case, accents and spaces ignored).
    #[arg(long)]
    pub name: Option<String>,
    /// With --name: words that begin the name's words, in any order
    /// ("siti am" finds "Siti Aminah"), instead of the whole name.
    #[arg(long, requires = "name")]
    pub partial: bool,
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
    Role::from_name(s).ok_or_else(|| {
        format!(
            "unknown role {s:?} ({})",
            dtks_core::problem::one_of(&Role::names(), dtks_core::problem::Lang::En)
        )
    })
}

fn parse_datetime(s: &str) -> Result<chrono::NaiveDateTime, String> {
    dtks_core::answer::parse_time(s).ok_or_else(|| "expected YYYY-MM-DDTHH:MM:SS".to_owned())
}

/// A usage or I/O failure: message for stderr, exit 2.
struct Fail(String);

/// Why a command ends without its answer: a failure (exit 2), or input
/// files whose content is invalid (their problems are the answer, exit 1).
enum Stop {
    Fail(String),
    Invalid(Vec<Problem>),
}

impl From<Fail> for Stop {
    fn from(f: Fail) -> Stop {
        Stop::Fail(f.0)
    }
}

fn read_text(path: &Path) -> Result<String, Fail> {
    std::fs::read_to_string(path).map_err(|e| Fail(format!("cannot read {}: {e}", path.display())))
}

/// A JSON document: unreadable is a failure; not fitting its model is a
/// problem (`DOCUMENT_INVALID`, in both languages), the command's answer.
fn read_doc<T: serde::de::DeserializeOwned>(path: &Path, doc: Document) -> Result<T, Stop> {
    let text = read_text(path)?;
    document::parse(&text, &path.display().to_string(), doc).map_err(|p| Stop::Invalid(vec![p]))
}

/// A file of registered NIKs, one per line; every bad line is a problem at
/// `FILE:LINE`.
fn read_registered(path: &Path) -> Result<HashSet<u64>, Stop> {
    let text = read_text(path)?;
    // Blank lines and `#` comments are not entries; the rest keep their line numbers.
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    usulan::registered_niks(lines.iter().map(|(_, l)| *l), |i| {
        let line = lines.get(i).map_or(0, |(n, _)| n + 1);
        format!("{}:{line}", path.display())
    })
    .map_err(Stop::Invalid)
}

/// One text in the output's language.
fn tr<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::En {
        en
    } else {
        id
    }
}

/// A machine value of the process vocabulary as the operator's word.
fn says(kind: &str, value: &str, lang: Lang) -> String {
    word(kind, value, lang).unwrap_or(value).to_owned()
}

/// The environment variable that may hold the host's trail key (hex).
pub const KEY_ENV: &str = "DTKS_AUDIT_KEY";

fn read_anchors(a: &TrailAnchorArgs) -> Result<Anchors, Stop> {
    let key_text = match &a.key_file {
        Some(p) => Some(read_text(p)?),
        None => std::env::var(KEY_ENV).ok().filter(|k| !k.trim().is_empty()),
    };
    let key = match key_text {
        Some(t) => Some(TrailKey::from_hex(&t).map_err(|e| {
            let from = a
                .key_file
                .as_ref()
                .map_or_else(|| KEY_ENV.to_owned(), |p| p.display().to_string());
            Stop::Fail(format!("{from}: {e}"))
        })?),
        None => None,
    };
    let heads = match &a.heads {
        Some(p) => {
            let h: Heads = read_doc(p, Document::Heads)?;
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
            format!(" {} {}", tr(lang, "pada", "at"), p.path)
        };
        let sev = says("severity", p.severity.as_str(), lang);
        outln!("{} {}{}: {}", sev, p.code, at, p.message(lang));
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match lang {
        Lang::En => outln!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
        _ => outln!("{errors} kesalahan, {warnings} peringatan"),
    }
}

fn emit<T: Serialize>(v: &T) -> Result<(), Fail> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Fail(format!("cannot write JSON: {e}")))?;
    outln!("{s}");
    Ok(())
}

fn finish(r: Result<bool, Stop>, out: &Output) -> ExitCode {
    match r {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Stop::Invalid(problems)) => {
            // The input's content is the finding: answered like any verdict.
            let shown = if out.json {
                emit(&dtks_core::answer::Verdict::of(problems))
            } else {
                print_problems(&problems, out.lang);
                Ok(())
            };
            match shown {
                Ok(()) => ExitCode::from(1),
                Err(Fail(msg)) => {
                    eprintln!("dtks: {msg}");
                    ExitCode::from(2)
                }
            }
        }
        Err(Stop::Fail(msg)) => {
            eprintln!("dtks: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Runs `dtks musyawarah …`.
pub fn run_musyawarah(cmd: &MusyawarahCmd) -> ExitCode {
    match cmd {
        MusyawarahCmd::Check(a) => finish(musyawarah_check(a), &a.out),
    }
}

fn musyawarah_check(a: &MusyawarahCheckArgs) -> Result<bool, Stop> {
    let session: Session = read_doc(&a.session, Document::Session)?;
    let quorum = QuorumRule {
        min_participants: a.quorum_min,
        required_roles: a.quorum_roles.clone(),
    };
    let answer = musyawarah::check_answer(&session, &quorum);
    let valid = answer.verdict.valid;
    if a.out.json {
        emit(&answer)?;
    } else {
        let lang = a.out.lang;
        print_problems(&answer.verdict.problems, lang);
        if let Some(l) = &answer.prelist_akhir {
            let n = l.entries.len();
            match lang {
                Lang::En => outln!(
                    "prelist akhir: {n} household{} go on to verification",
                    if n == 1 { "" } else { "s" }
                ),
                _ => outln!("prelist akhir: {n} rumah tangga diteruskan ke verifikasi"),
            }
            for e in &l.entries {
                outln!(
                    "  {} ({})",
                    e.household_id,
                    says("entry_source", e.source.as_str(), lang)
                );
            }
            outln!("hash: {}", l.hash);
        }
    }
    Ok(valid)
}

/// Runs `dtks usulan …`.
pub fn run_usulan(cmd: &UsulanCmd) -> ExitCode {
    match cmd {
        UsulanCmd::Check(a) => finish(usulan_check(a), &a.out),
        UsulanCmd::Finalise(a) => finish(usulan_finalise(a), &a.out),
        UsulanCmd::Status(a) => finish(usulan_status(a), &a.out),
        UsulanCmd::Heads(a) => finish(usulan_heads(a), &a.out),
        UsulanCmd::Save(a) => finish(usulan_move(a, "save", None), &a.output),
        UsulanCmd::StartVerification(a) => {
            finish(usulan_move(a, "start_verification", None), &a.output)
        }
        UsulanCmd::Verify(a) => finish(usulan_move(a, "verify", None), &a.output),
        UsulanCmd::Reject(a) => finish(
            usulan_move(&a.common, "reject", Some(&a.reason)),
            &a.common.output,
        ),
        UsulanCmd::Deactivate(a) => finish(
            usulan_move(&a.common, "deactivate", Some(&a.reason)),
            &a.common.output,
        ),
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

fn load(i: &BatchInputs) -> Result<Loaded, Stop> {
    let batch: Batch = read_doc(&i.batch, Document::Batch)?;
    let registered = match &i.registered {
        Some(p) => read_registered(p)?,
        None => HashSet::new(),
    };
    let session: Option<Session> = i
        .session
        .as_ref()
        .map(|p| read_doc(p, Document::Session))
        .transpose()?;
    let quorum = QuorumRule {
        min_participants: i.quorum_min,
        required_roles: i.quorum_roles.clone(),
    };
    let (prelist, session_problems) = usulan::prelist_of(session.as_ref(), None, &quorum)
        .map_err(|e| Stop::Fail(e.to_string()))?;
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

fn usulan_check(a: &UsulanCheckArgs) -> Result<bool, Stop> {
    let l = load(&a.input)?;
    let engine = programme_check();
    let ctx = CheckContext {
        as_of: l.as_of,
        registered: &l.registered,
        prelist: l.prelist.as_ref(),
        programmes: engine.as_ref(),
        anchors: &l.anchors,
    };
    let answer = usulan::check_answer(&l.batch, &ctx, l.session_problems.clone());
    if a.out.json {
        emit(&answer)?;
    } else {
        let lang = a.out.lang;
        print_problems(&answer.verdict.problems, lang);
        // Said once, as what it is: the ranking a proposal asks for.
        if !answer.awaiting_ranking.is_empty() {
            let n = answer.awaiting_ranking.len();
            match lang {
                Lang::En => outln!(
                    "note: {n} proposal{} ask for programmes that are decided once the household is ranked (desil); the proposal is that request, nothing needs fixing",
                    if n == 1 { "" } else { "s" }
                ),
                _ => outln!(
                    "catatan: {n} usulan mengajukan program yang baru dapat diputuskan setelah rumah tangganya diperingkat (desil); usulan itulah permintaannya, tidak ada yang perlu diperbaiki"
                ),
            }
        }
    }
    Ok(answer.verdict.valid)
}

fn usulan_finalise(a: &UsulanFinaliseArgs) -> Result<bool, Stop> {
    let l = load(&a.input)?;
    let engine = programme_check();
    let ctx = CheckContext {
        as_of: l.as_of,
        registered: &l.registered,
        prelist: l.prelist.as_ref(),
        programmes: engine.as_ref(),
        anchors: &l.anchors,
    };
    let at =
        a.at.unwrap_or_else(|| lifecycle::moment(chrono::Local::now().naive_local()));
    let mut batch = l.batch;
    let answer = usulan::finalise_answer(
        &mut batch,
        &a.statement,
        &ctx,
        l.session_problems.clone(),
        &a.actor,
        at,
    );
    let (ok, problems) = (answer.finalised, &answer.verdict.problems);
    if let (Some(path), Some(heads)) = (&a.write, &answer.heads) {
        write_json(path, &batch)?;
        if let Some(hp) = &a.write_heads {
            write_json(hp, heads)?;
        }
    }
    if a.out.json {
        emit(&answer)?;
    } else {
        let lang = a.out.lang;
        print_problems(problems, lang);
        let n = batch.proposals.len();
        let s = if n == 1 { "" } else { "s" };
        match (ok, &a.write, lang) {
            (true, Some(p), Lang::En) => {
                outln!("finalised: {n} proposal{s}, written to {}", p.display())
            }
            (true, Some(p), _) => {
                outln!("difinalisasi: {n} usulan, ditulis ke {}", p.display())
            }
            (true, None, Lang::En) => {
                outln!("can be finalised: {n} proposal{s} (use --write to record it)")
            }
            (true, None, _) => outln!(
                "dapat difinalisasi: {n} usulan (gunakan --write untuk mencatat finalisasinya)"
            ),
            (false, _, Lang::En) => outln!("cannot be finalised"),
            (false, _, _) => outln!("tidak dapat difinalisasi"),
        }
    }
    Ok(ok)
}

fn usulan_status(a: &UsulanStatusArgs) -> Result<bool, Stop> {
    let anchors = read_anchors(&a.anchors)?;
    if a.batch.len() > 1 && !anchors.heads.is_empty() {
        return Err(Stop::Fail(
            "--heads holds the heads of one batch: give one batch with it".into(),
        ));
    }
    let lang = a.out.lang;
    let nik = match &a.nik {
        // A malformed argument is a usage failure, not a finding.
        Some(n) => Some(
            Nik::parse(n.trim()).map_err(|e| Stop::Fail(format!("--nik: {}", e.message(lang))))?,
        ),
        None => None,
    };
    let query = match (nik, &a.name) {
        (Some(n), _) => Query::Nik(n),
        (None, Some(name)) => Query::by_name(name, a.partial),
        (None, None) => return Err(Stop::Fail("give --nik or --name".into())),
    };
    let mut read = Vec::new();
    for path in &a.batch {
        let batch: Batch = read_doc(path, Document::Batch)?;
        read.push((path.display().to_string(), batch));
    }
    let named: Vec<(&str, &Batch)> = read.iter().map(|(n, b)| (n.as_str(), b)).collect();
    // A batch whose trails do not verify is not answered from: its problems instead.
    let report = usulan::status_report(&named, query, &anchors);
    let found = report.found();
    if a.out.json {
        emit(&report)?;
        return Ok(found);
    }
    let batches = &report.batches;
    for b in batches {
        if !b.problems.is_empty() {
            outln!("{} {}:", tr(lang, "batch", "batch"), b.batch_id);
            print_problems(&b.problems, lang);
            continue;
        }
        for s in &b.answers {
            let since = s.since.map_or_else(|| "-".to_owned(), |t| t.to_string());
            let why = s
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let who = s.name_masked.as_deref().unwrap_or(&s.member);
            let status = says("status", s.status.as_str(), lang);
            match lang {
                Lang::En => outln!(
                    "{} {} {who}: {status} since {since}{why}",
                    b.batch_id,
                    s.proposal_id
                ),
                _ => outln!(
                    "{} {} {who}: {status} sejak {since}{why}",
                    b.batch_id,
                    s.proposal_id
                ),
            }
        }
    }
    if !found {
        match lang {
            Lang::En => outln!("not found in {} batch file(s)", batches.len()),
            _ => outln!("tidak ditemukan dalam {} berkas batch", batches.len()),
        }
    }
    // Found = 0; not found or not answerable = 1 (a finding, not a failure).
    Ok(found)
}

fn usulan_heads(a: &UsulanHeadsArgs) -> Result<bool, Stop> {
    let batch: Batch = read_doc(&a.batch, Document::Batch)?;
    let anchors = read_anchors(&a.anchors)?;
    let answer = usulan::heads_answer(&batch, &anchors);
    if a.out.json {
        emit(&answer)?;
    } else if let Some(h) = &answer.heads {
        emit(h)?;
    } else {
        print_problems(&answer.verdict.problems, a.out.lang);
    }
    Ok(answer.verdict.valid)
}

fn usulan_move(a: &MoveArgs, name: &str, reason: Option<&str>) -> Result<bool, Stop> {
    let event = Event::from_name(name, reason).map_err(|e| match e {
        EventNameError::FinaliseReserved => Stop::Fail("use `dtks usulan finalise`".into()),
        EventNameError::Unknown => Stop::Fail(format!(
            "{name:?}: not a move ({})",
            e.expected(dtks_core::problem::Lang::En)
        )),
        _ => Stop::Fail(format!(
            "--reason {:?}: not a reason of {name} (expected {})",
            reason.unwrap_or(""),
            e.expected(dtks_core::problem::Lang::En)
        )),
    })?;
    let mut batch: Batch = read_doc(&a.batch, Document::Batch)?;
    let anchors = read_anchors(&a.anchors)?;
    let at =
        a.at.unwrap_or_else(|| lifecycle::moment(chrono::Local::now().naive_local()));
    let ids = if a.all {
        Vec::new()
    } else {
        a.proposal.clone()
    };
    let mut req = MoveRequest::new(ids, event, a.actor.clone(), at);
    req.note = a.note.clone();
    let answer = usulan::move_proposals(&mut batch, &req, &anchors);
    let target = a.out.as_ref().unwrap_or(&a.batch);
    if let Some(heads) = answer.heads.as_ref().filter(|_| answer.moved) {
        write_json(target, &batch)?;
        if let Some(hp) = &a.write_heads {
            write_json(hp, heads)?;
        }
    }
    let lang = a.output.lang;
    if a.output.json {
        emit(&answer)?;
    } else if answer.moved {
        for m in &answer.moves {
            outln!(
                "{}: {} → {}",
                m.proposal_id,
                says("status", m.from.as_str(), lang),
                says("status", m.to.as_str(), lang)
            );
        }
        if !answer.problems.is_empty() {
            print_problems(&answer.problems, lang);
        }
        match lang {
            Lang::En => outln!("written to {}", target.display()),
            _ => outln!("ditulis ke {}", target.display()),
        }
    } else {
        print_problems(&answer.problems, lang);
        match lang {
            Lang::En => outln!("nothing was changed"),
            _ => outln!("tidak ada yang diubah"),
        }
    }
    Ok(answer.moved)
}

/// `dtks jakarta …`.
#[derive(Debug, Subcommand)]
pub enum JakartaCmd {
    /// Check registration accounts (dtks.jakarta.go.id): each family, and no
    /// family or person registered twice, from two accounts, or already registered.
    Check(JakartaCheckArgs),
}

/// Arguments of `dtks jakarta check`.
#[derive(Debug, Args)]
pub struct JakartaCheckArgs {
    /// Account files, as JSON (an account, or a list of accounts), checked together.
    #[arg(required = true)]
    pub accounts: Vec<PathBuf>,
    /// NIKs and KK numbers already in the registry: JSON {"niks": [...], "kks": [...]}.
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// Reference date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub out: Output,
}

/// Runs `dtks jakarta …`.
pub fn run_jakarta(cmd: &JakartaCmd) -> ExitCode {
    match cmd {
        JakartaCmd::Check(a) => finish(jakarta_check(a), &a.out),
    }
}

fn jakarta_check(a: &JakartaCheckArgs) -> Result<bool, Stop> {
    let mut texts = Vec::new();
    for p in &a.accounts {
        texts.push((p.display().to_string(), read_text(p)?));
    }
    let registry = match &a.registry {
        Some(p) => Some(read_text(p)?),
        None => None,
    };
    let docs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let answer = dtks_core::jakarta::check_documents(
        &docs,
        registry.as_deref(),
        a.as_of.unwrap_or_else(today),
    );
    if a.out.json {
        emit(&answer)?;
    } else {
        print_problems(&answer.problems, a.out.lang);
    }
    Ok(answer.valid)
}
