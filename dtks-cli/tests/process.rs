//! `dtks musyawarah check` and `dtks usulan check|finalise|status` end to
//! end, on `examples/process/` and on mutations of it written to a temporary
//! directory. The expectations come from docs/process.md, docs/codes.md and
//! the rules in `dtks-core/src/{musyawarah,usulan,lifecycle}`, computed from
//! the input files where they can be: the prelist akhir from the session's
//! decisions, the status answers from the batch's trails. Every command's
//! stdout and stderr is checked never to show a full NIK or KK number of the
//! inputs (only the `--write` file may hold them: it is the batch itself).
// Tests: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The statement the operator types to finalise (docs/process.md §2).
const STATEMENT: &str = "Saya bertanggung jawab terhadap data usulan tersebut";
const SESSION: &str = "examples/process/session.json";
const BATCH: &str = "examples/process/batch.json";
const AS_OF: &str = "2024-03-07";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(rel)).unwrap()).unwrap()
}

/// A per-test temporary directory, removed when the test ends (pass or fail).
struct Tmp(PathBuf);

impl Tmp {
    fn new(tag: &str) -> Tmp {
        let dir = std::env::temp_dir().join(format!("dtks-process-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Tmp(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write_json(&self, name: &str, v: &Value) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
        p
    }

    fn write_text(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every 16-digit number (NIK, KK) in a JSON value, as text.
fn numbers_in(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            for t in s.split(|c: char| !c.is_ascii_digit()) {
                if t.len() == 16 {
                    out.insert(t.to_owned());
                }
            }
        }
        Value::Number(n) => {
            let s = n.to_string();
            if s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit()) {
                out.insert(s);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| numbers_in(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers_in(x, out)),
        _ => {}
    }
}

/// The personal numbers no output may show: every NIK and KK of the example
/// batch (the mutated batches reuse them) and any 16-digit argument.
fn personal_numbers(args: &[&OsStr]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    numbers_in(&example(BATCH), &mut out);
    assert!(out.len() >= 7, "the example batch holds 5 NIKs and 2 KKs");
    for a in args {
        let a = a.to_string_lossy();
        let t = a.trim();
        if t.len() == 16 && t.bytes().all(|b| b.is_ascii_digit()) {
            out.insert(t.to_owned());
        }
    }
    out
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "{self:#?}");
        self
    }

    /// A usage or I/O failure: exit 2, a message on stderr, nothing on stdout.
    fn expect_usage_failure(&self) {
        self.expect_code(2);
        assert!(!self.stderr.trim().is_empty(), "no message: {self:#?}");
        assert!(self.stdout.trim().is_empty(), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
    }
}

/// Runs `dtks ARGS…` from the workspace root (so the example paths of
/// docs/process.md work as written) and checks that neither stdout nor
/// stderr shows a full NIK or KK number.
fn dtks<S: AsRef<OsStr>>(args: &[S]) -> Run {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .current_dir(root())
        .args(&args)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for n in personal_numbers(&args) {
        assert!(
            !run.stdout.contains(&n) && !run.stderr.contains(&n),
            "dtks {args:?} shows the personal number {n}:\n{run:#?}"
        );
    }
    run
}

/// `(code, path)` of every error of a JSON report.
fn errors(report: &Value) -> BTreeSet<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems array: {report}"))
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect()
}

/// The problem of a report with this code (the first).
fn problem<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report}"))
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The prelist akhir as docs/process.md §1 defines it, from the session
/// file itself: the households decided `eligible`, ordered by household id,
/// each with its agenda source.
fn eligible_from(session: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = session["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["outcome"] == "eligible")
        .map(|d| {
            let id = d["household_id"].as_str().unwrap().trim().to_owned();
            let source = session["agenda"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["household_id"].as_str().unwrap().trim() == id)
                .map(|a| a["source"].as_str().unwrap().to_owned())
                .unwrap();
            (id, source)
        })
        .collect();
    out.sort();
    out
}

fn entries_of(report: &Value) -> Vec<(String, String)> {
    report["prelist_akhir"]["entries"]
        .as_array()
        .unwrap_or_else(|| panic!("no prelist_akhir entries: {report}"))
        .iter()
        .map(|e| {
            (
                e["household_id"].as_str().unwrap().to_owned(),
                e["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn cited_hash() -> String {
    example(BATCH)["prelist_hash"].as_str().unwrap().to_owned()
}

/// `musyawarah check SESSION --json`: must be valid (exit 0); returns the report.
fn valid_session(session: &Path) -> Value {
    let r = dtks(&["musyawarah", "check", path_str(session), "--json"]);
    r.expect_code(0);
    let j = r.json();
    assert_eq!(j["valid"], true, "{j}");
    assert!(errors(&j).is_empty(), "{j}");
    j
}

// ---------------------------------------------------------------- musyawarah

#[test]
fn musyawarah_example_is_valid_and_its_prelist_is_the_one_the_batch_cites() {
    let session = example(SESSION);
    let r = dtks(&["musyawarah", "check", SESSION, "--json"]);
    r.expect_code(0);
    let j = r.json();
    assert_eq!(j["valid"], true, "{j}");
    assert!(errors(&j).is_empty(), "{j}");
    let list = &j["prelist_akhir"];
    // Exactly the households decided eligible, by household id.
    let want = eligible_from(&session);
    assert!(!want.is_empty());
    assert_eq!(entries_of(&j), want);
    // The not-eligible and deferred households are not on it.
    for d in session["decisions"].as_array().unwrap() {
        if d["outcome"] != "eligible" {
            assert!(
                !entries_of(&j)
                    .iter()
                    .any(|(id, _)| d["household_id"] == *id),
                "{d} is on the list"
            );
        }
    }
    // The canonical header of §1: format tag, 10-digit village, dates, BA number.
    assert_eq!(list["format"], "dtks-prelist-akhir/2");
    let digits: String = session["village_code"]
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(list["village_code"], digits.as_str());
    assert_eq!(list["session_date"], session["date"]);
    assert_eq!(
        list["berita_acara_number"],
        session["berita_acara"]["number"]
    );
    // SHA-256, lowercase hex, and the hash the example batch cites.
    let hash = list["hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(hash, cited_hash());
}

#[test]
fn musyawarah_example_as_text_names_the_eligible_households_and_the_hash() {
    let session = example(SESSION);
    let r = dtks(&["musyawarah", "check", SESSION]);
    r.expect_code(0);
    assert!(r.stdout.contains(&cited_hash()), "{r:#?}");
    for d in session["decisions"].as_array().unwrap() {
        let id = d["household_id"].as_str().unwrap();
        assert_eq!(
            r.stdout.contains(id),
            d["outcome"] == "eligible",
            "{id} ({}) in:\n{}",
            d["outcome"],
            r.stdout
        );
    }
}

type Mutation = fn(&mut Value);

/// A named mutation and exactly the `(code, path)` errors it must give.
type Case = (
    &'static str,
    Mutation,
    &'static [(&'static str, &'static str)],
);

/// Each mutation of the example session and exactly the errors it must give
/// (codes and paths from docs/process.md §1 and musyawarah/validate.rs).
#[test]
fn musyawarah_broken_sessions_are_invalid_with_the_documented_codes() {
    let cases: Vec<Case> = vec![
        (
            "no Berita Acara",
            |s| {
                s.as_object_mut().unwrap().remove("berita_acara");
            },
            &[("MUSYAWARAH_BERITA_ACARA_MISSING", "berita_acara")],
        ),
        (
            "no signatories",
            |s| s["berita_acara"]["signatories"] = json!([]),
            &[(
                "MUSYAWARAH_HEAD_SIGNATURE_MISSING",
                "berita_acara.signatories",
            )],
        ),
        (
            "signed by officials but not the lurah",
            |s| {
                s["berita_acara"]["signatories"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|g| g["role"] != "lurah");
            },
            &[(
                "MUSYAWARAH_HEAD_SIGNATURE_MISSING",
                "berita_acara.signatories",
            )],
        ),
        (
            "a muskel signed by a kepala desa",
            |s| {
                for g in s["berita_acara"]["signatories"].as_array_mut().unwrap() {
                    if g["role"] == "lurah" {
                        g["role"] = json!("kepala_desa");
                    }
                }
            },
            &[(
                "MUSYAWARAH_HEAD_SIGNATURE_MISSING",
                "berita_acara.signatories",
            )],
        ),
        (
            "Berita Acara dated before the session",
            |s| s["berita_acara"]["date"] = json!("2024-03-04"),
            &[(
                "MUSYAWARAH_BERITA_ACARA_BEFORE_SESSION",
                "berita_acara.date",
            )],
        ),
        (
            "a decision for a household not on the agenda",
            |s| {
                s["decisions"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"household_id": "RT-099", "outcome": "eligible"}));
            },
            &[("MUSYAWARAH_DECISION_NOT_ON_AGENDA", "decisions[4]")],
        ),
        (
            "an agenda household with no decision",
            |s| {
                s["agenda"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"household_id": "RT-099", "source": "new_proposal"}));
            },
            &[("MUSYAWARAH_DECISION_MISSING", "agenda[4]")],
        ),
        (
            "the decision on an agenda household removed",
            |s| {
                s["decisions"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|d| d["household_id"] != "RT-003");
            },
            &[("MUSYAWARAH_DECISION_MISSING", "agenda[2]")],
        ),
        (
            "a household twice on the agenda",
            |s| {
                s["agenda"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"household_id": "RT-001", "source": "new_proposal"}));
            },
            &[("MUSYAWARAH_HOUSEHOLD_TWICE", "agenda[4]")],
        ),
        (
            "a household decided twice",
            |s| {
                s["decisions"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"household_id": "RT-001", "outcome": "eligible"}));
            },
            &[("MUSYAWARAH_HOUSEHOLD_TWICE", "decisions[4]")],
        ),
        (
            "the lurah's signature with a blank name",
            |s| {
                for g in s["berita_acara"]["signatories"].as_array_mut().unwrap() {
                    if g["role"] == "lurah" {
                        g["name"] = json!("  ");
                    }
                }
            },
            // The example lists the lurah first.
            &[
                ("FIELD_REQUIRED", "berita_acara.signatories[0].name"),
                (
                    "MUSYAWARAH_HEAD_SIGNATURE_MISSING",
                    "berita_acara.signatories",
                ),
            ],
        ),
        (
            "not eligible without a reason",
            |s| {
                s["decisions"][1].as_object_mut().unwrap().remove("reason");
            },
            &[("MUSYAWARAH_REASON_REQUIRED", "decisions[1].reason")],
        ),
        (
            "deferred with a blank reason",
            |s| s["decisions"][3]["reason"] = json!("   "),
            &[("MUSYAWARAH_REASON_REQUIRED", "decisions[3].reason")],
        ),
        (
            "a village code that is not a real village",
            |s| s["village_code"] = json!("31.71.01.1999"),
            &[("VILLAGE_UNKNOWN", "village_code")],
        ),
        (
            "a musdes in a kelurahan",
            |s| s["kind"] = json!("musdes"),
            // The head a musdes needs is a Kepala Desa, and the example has a lurah.
            &[
                ("MUSYAWARAH_KIND_MISMATCH", "kind"),
                (
                    "MUSYAWARAH_HEAD_SIGNATURE_MISSING",
                    "berita_acara.signatories",
                ),
            ],
        ),
        (
            "a blank place",
            |s| s["place"] = json!(" "),
            &[("FIELD_REQUIRED", "place")],
        ),
        (
            "a blank Berita Acara number",
            |s| s["berita_acara"]["number"] = json!(""),
            &[("FIELD_REQUIRED", "berita_acara.number")],
        ),
    ];
    let tmp = Tmp::new("musyawarah-broken");
    let mut fails = Vec::new();
    for (i, (name, mutate, want)) in cases.iter().enumerate() {
        let mut s = example(SESSION);
        mutate(&mut s);
        let file = tmp.write_json(&format!("session-{i}.json"), &s);
        let r = dtks(&["musyawarah", "check", path_str(&file), "--json"]);
        if r.code != Some(1) {
            fails.push(format!("{name}: exit {:?}, want 1\n{r:#?}", r.code));
            continue;
        }
        let j = r.json();
        let got = errors(&j);
        if got != set(want) || j["valid"] != false || j.get("prelist_akhir").is_some() {
            fails.push(format!("{name}:\n  want {want:?}\n  got  {j}"));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

#[test]
fn musyawarah_broken_session_as_text_has_no_prelist() {
    let tmp = Tmp::new("musyawarah-text");
    let mut s = example(SESSION);
    s.as_object_mut().unwrap().remove("berita_acara");
    let file = tmp.write_json("session.json", &s);
    let r = dtks(&["musyawarah", "check", path_str(&file), "--lang", "en"]);
    r.expect_code(1);
    assert!(
        r.stdout.contains("MUSYAWARAH_BERITA_ACARA_MISSING"),
        "{r:#?}"
    );
    // No list is sent on: no eligible household is printed.
    for (id, _) in eligible_from(&s) {
        assert!(!r.stdout.contains(&id), "{id} printed:\n{}", r.stdout);
    }
}

#[test]
fn musyawarah_hash_ignores_input_order_place_participants_and_code_dots() {
    let tmp = Tmp::new("musyawarah-order");
    let hash = cited_hash();

    // Agenda and decisions reversed, another place, fewer participants.
    let mut s = example(SESSION);
    for key in ["agenda", "decisions", "participants"] {
        s[key].as_array_mut().unwrap().reverse();
    }
    s["participants"].as_array_mut().unwrap().truncate(2);
    s["place"] = json!("Balai Warga RW 03");
    let j = valid_session(&tmp.write_json("reordered.json", &s));
    assert_eq!(entries_of(&j), eligible_from(&example(SESSION)));
    assert_eq!(j["prelist_akhir"]["hash"], hash.as_str());

    // The village code without dots is the same village (hashed as 10 digits).
    let mut s = example(SESSION);
    let dotless = s["village_code"].as_str().unwrap().replace('.', "");
    s["village_code"] = json!(dotless);
    let j = valid_session(&tmp.write_json("dotless.json", &s));
    assert_eq!(j["prelist_akhir"]["hash"], hash.as_str());
}

#[test]
fn musyawarah_hash_covers_every_decision_and_the_berita_acara() {
    let tmp = Tmp::new("musyawarah-covers");
    let hash = cited_hash();
    let want = eligible_from(&example(SESSION));
    let cases: Vec<(&str, Mutation)> = vec![
        // A decision that keeps a household off the list: same list, new hash.
        ("deferred reason", |s| {
            s["decisions"][3]["reason"] = json!("KK sudah diperbarui, menunggu KTP");
        }),
        ("not eligible -> deferred", |s| {
            s["decisions"][1]["outcome"] = json!("deferred");
        }),
        // A later Berita Acara is fine (§1) but it is a different BA.
        ("later Berita Acara", |s| {
            s["berita_acara"]["date"] = json!("2024-03-06");
        }),
        ("Berita Acara number", |s| {
            s["berita_acara"]["number"] = json!("006/BA-MUSKEL/III/2024");
        }),
    ];
    for (i, (name, mutate)) in cases.iter().enumerate() {
        let mut s = example(SESSION);
        mutate(&mut s);
        let j = valid_session(&tmp.write_json(&format!("s-{i}.json"), &s));
        assert_eq!(entries_of(&j), want, "{name}");
        let h = j["prelist_akhir"]["hash"].as_str().unwrap();
        assert_eq!(h.len(), 64, "{name}");
        assert_ne!(h, hash, "{name}: the hash did not change");
    }
}

#[test]
fn musyawarah_empty_agenda_is_only_a_warning() {
    let tmp = Tmp::new("musyawarah-empty");
    let mut s = example(SESSION);
    s["agenda"] = json!([]);
    s["decisions"] = json!([]);
    let j = valid_session(&tmp.write_json("empty.json", &s));
    let w = problem(&j, "MUSYAWARAH_AGENDA_EMPTY");
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["path"], "agenda");
    assert_eq!(entries_of(&j), Vec::<(String, String)>::new());
}

#[test]
fn musyawarah_quorum_options() {
    let session = example(SESSION);
    let participants = session["participants"].as_array().unwrap();
    let n = participants.len();
    let present: BTreeSet<&str> = participants
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    // Roles of docs/process.md §1 that nobody at the example session holds.
    let absent: Vec<&str> = ["kepala_desa", "bpd", "lpm", "security_officer"]
        .into_iter()
        .filter(|r| !present.contains(r))
        .collect();
    assert!(absent.len() >= 2 && present.contains("lurah"));
    let (more, exactly) = ((n + 1).to_string(), n.to_string());

    let check = |extra: &[&str], code: i32, want: &[(&str, &str)]| {
        let mut args = vec!["musyawarah", "check", SESSION, "--json"];
        args.extend_from_slice(extra);
        let r = dtks(&args);
        r.expect_code(code);
        let j = r.json();
        assert_eq!(errors(&j), set(want), "{extra:?}: {j}");
        assert_eq!(j["valid"], code == 0, "{extra:?}: {j}");
        assert_eq!(j.get("prelist_akhir").is_some(), code == 0, "{extra:?}");
    };
    // More participants required than attended.
    check(
        &["--quorum-min", &more],
        1,
        &[("MUSYAWARAH_QUORUM_PARTICIPANTS", "participants")],
    );
    // Exactly as many: the quorum is met.
    check(&["--quorum-min", &exactly], 0, &[]);
    // A role nobody holds.
    check(
        &["--quorum-role", absent[0]],
        1,
        &[("MUSYAWARAH_QUORUM_ROLE", "participants")],
    );
    // Roles that attended.
    let mut roles = Vec::new();
    for r in &present {
        roles.extend(["--quorum-role", *r]);
    }
    check(&roles, 0, &[]);
    // Everything at once: one error for the count, one per missing role
    // (same code and path: told apart by the role they name).
    let r = dtks(&[
        "musyawarah",
        "check",
        SESSION,
        "--json",
        "--quorum-min",
        &more,
        "--quorum-role",
        absent[0],
        "--quorum-role",
        "lurah",
        "--quorum-role",
        absent[1],
    ]);
    r.expect_code(1);
    let j = r.json();
    let mut got: Vec<(&str, &str)> = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let code = p["code"].as_str().unwrap();
            let role = p["context"]["role"].as_str().unwrap_or("");
            (code, role)
        })
        .collect();
    got.sort_unstable();
    let mut want = vec![
        ("MUSYAWARAH_QUORUM_PARTICIPANTS", ""),
        ("MUSYAWARAH_QUORUM_ROLE", absent[0]),
        ("MUSYAWARAH_QUORUM_ROLE", absent[1]),
    ];
    want.sort_unstable();
    assert_eq!(got, want, "{j}");
    // An unknown role is a usage error.
    dtks(&["musyawarah", "check", SESSION, "--quorum-role", "mayor"]).expect_usage_failure();
}

// ---------------------------------------------------------------- usulan check

#[test]
fn usulan_check_example_is_clean() {
    // docs/process.md §5: the batch cites the session's prelist hash and its
    // proposals are saved; no deliberate problem is documented.
    let r = dtks(&[
        "usulan",
        "check",
        BATCH,
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(0);
    let j = r.json();
    assert_eq!(j["valid"], true, "{j}");
    assert!(errors(&j).is_empty(), "{j}");
    assert!(j.get("finalised").is_none(), "{j}");
}

#[test]
fn usulan_check_without_the_session_cannot_check_the_cited_prelist() {
    let r = dtks(&["usulan", "check", BATCH, "--as-of", AS_OF, "--json"]);
    r.expect_code(1);
    let j = r.json();
    assert_eq!(
        errors(&j),
        set(&[("USULAN_PRELIST_NOT_GIVEN", "prelist_hash")]),
        "{j}"
    );
}

#[test]
fn usulan_check_flags_a_tampered_prelist_hash() {
    let tmp = Tmp::new("usulan-hash");
    let original = cited_hash();
    let mut tampered: Vec<char> = original.chars().collect();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == '0' { '1' } else { '0' };
    let tampered: String = tampered.into_iter().collect();
    let mut b = example(BATCH);
    b["prelist_hash"] = json!(tampered);
    let file = tmp.write_json("batch.json", &b);
    let r = dtks(&[
        "usulan",
        "check",
        path_str(&file),
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(1);
    let j = r.json();
    assert_eq!(j["valid"], false);
    assert_eq!(
        errors(&j),
        set(&[("USULAN_PRELIST_HASH_MISMATCH", "prelist_hash")]),
        "{j}"
    );
    let p = problem(&j, "USULAN_PRELIST_HASH_MISMATCH");
    assert_eq!(p["context"]["cited"], tampered.as_str());
    assert_eq!(p["context"]["actual"], original.as_str());
}

#[test]
fn usulan_check_flags_a_session_changed_after_the_batch_cited_it() {
    let tmp = Tmp::new("usulan-session-changed");
    let mut s = example(SESSION);
    s["decisions"][3]["reason"] = json!("alasan diubah setelah Berita Acara");
    let file = tmp.write_json("session.json", &s);
    let r = dtks(&[
        "usulan",
        "check",
        BATCH,
        "--session",
        path_str(&file),
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(1);
    assert_eq!(
        errors(&r.json()),
        set(&[("USULAN_PRELIST_HASH_MISMATCH", "prelist_hash")])
    );
}

#[test]
fn usulan_check_flags_a_household_not_on_the_prelist_akhir() {
    let tmp = Tmp::new("usulan-not-on-prelist");
    let session = example(SESSION);
    let on_list: Vec<String> = eligible_from(&session).into_iter().map(|e| e.0).collect();
    // Decided not eligible, deferred, and never on the agenda.
    let mut off: Vec<String> = session["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["outcome"] != "eligible")
        .map(|d| d["household_id"].as_str().unwrap().to_owned())
        .collect();
    off.push("RT-999".to_owned());
    assert!(off.len() >= 3);
    for id in off {
        assert!(!on_list.contains(&id));
        let mut b = example(BATCH);
        b["proposals"][1]["household"]["id"] = json!(id);
        let file = tmp.write_json(&format!("batch-{id}.json"), &b);
        let r = dtks(&[
            "usulan",
            "check",
            path_str(&file),
            "--session",
            SESSION,
            "--as-of",
            AS_OF,
            "--json",
        ]);
        r.expect_code(1);
        let j = r.json();
        assert_eq!(
            errors(&j),
            set(&[("USULAN_NOT_ON_PRELIST", "proposals[1].household.id")]),
            "{id}: {j}"
        );
        assert_eq!(
            problem(&j, "USULAN_NOT_ON_PRELIST")["context"]["household"],
            id.as_str()
        );
    }
}

#[test]
fn usulan_check_flags_an_edited_trail() {
    let tmp = Tmp::new("usulan-trail");
    let mut b = example(BATCH);
    b["proposals"][0]["trail"][0]["actor"] = json!("someone-else");
    let file = tmp.write_json("batch.json", &b);
    let r = dtks(&[
        "usulan",
        "check",
        path_str(&file),
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(1);
    let j = r.json();
    assert_eq!(
        errors(&j),
        set(&[("AUDIT_TRAIL_BROKEN", "proposals[0].trail[0]")]),
        "{j}"
    );
    assert_eq!(
        problem(&j, "AUDIT_TRAIL_BROKEN")["context"]["kind"],
        "hash_mismatch"
    );
}

#[test]
fn usulan_check_reports_an_invalid_session_under_session() {
    let tmp = Tmp::new("usulan-bad-session");
    let mut s = example(SESSION);
    s.as_object_mut().unwrap().remove("berita_acara");
    let file = tmp.write_json("session.json", &s);
    let r = dtks(&[
        "usulan",
        "check",
        BATCH,
        "--session",
        path_str(&file),
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(1);
    let j = r.json();
    assert!(
        errors(&j).contains(&(
            "MUSYAWARAH_BERITA_ACARA_MISSING".to_owned(),
            "session.berita_acara".to_owned()
        )),
        "{j}"
    );
    // No prelist can be checked against an invalid session: nothing passes silently.
    assert_eq!(j["valid"], false);
}

#[test]
fn usulan_check_applies_the_quorum_given_to_the_session() {
    let participants = example(SESSION)["participants"].as_array().unwrap().len();
    let base = [
        "usulan",
        "check",
        BATCH,
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--json",
    ];
    let enough = participants.to_string();
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--quorum-min", &enough, "--quorum-role", "lurah"]);
    dtks(&args).expect_code(0);
    // One participant short: the session is invalid, so is the batch.
    let more = (participants + 1).to_string();
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--quorum-min", &more]);
    let r = dtks(&args);
    r.expect_code(1);
    let codes: Vec<String> = errors(&r.json()).into_iter().map(|(c, _)| c).collect();
    assert!(
        codes.contains(&"MUSYAWARAH_QUORUM_PARTICIPANTS".to_owned()),
        "{codes:?}"
    );
    // A role nobody in the example holds.
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--quorum-role", "bpd"]);
    let r = dtks(&args);
    r.expect_code(1);
    let codes: Vec<String> = errors(&r.json()).into_iter().map(|(c, _)| c).collect();
    assert!(
        codes.contains(&"MUSYAWARAH_QUORUM_ROLE".to_owned()),
        "{codes:?}"
    );
    // A quorum without a session is a usage error.
    dtks(&["usulan", "check", BATCH, "--quorum-min", "3"]).expect_code(2);
}

/// A batch whose problems carry NIKs and KKs in their context: the typed NIK
/// of another family, the typed KK of another household, a proposal copied
/// (its members' NIKs twice in the batch), a member already registered.
#[test]
fn usulan_problems_about_personal_numbers_mask_them() {
    let tmp = Tmp::new("usulan-masking");
    let original = example(BATCH);
    let mut b = original.clone();
    let other_nik = original["proposals"][1]["nik"].clone();
    let other_kk = original["proposals"][0]["kk"].clone();
    b["proposals"][0]["nik"] = other_nik;
    b["proposals"][1]["kk"] = other_kk;
    let mut copy = original["proposals"][0].clone();
    copy["id"] = json!("U-COPY");
    b["proposals"].as_array_mut().unwrap().push(copy);
    let registered = original["proposals"][1]["household"]["families"][0]["members"][1]["nik"]
        .as_str()
        .unwrap()
        .to_owned();
    let batch = tmp.write_json("batch.json", &b);
    let reg = tmp.write_text("registered.txt", &format!("# registered\n{registered}\n"));

    let members = original["proposals"][0]["household"]["families"][0]["members"]
        .as_array()
        .unwrap()
        .len();
    let mut want = set(&[
        ("USULAN_NIK_NOT_IN_FAMILY", "proposals[0].nik"),
        ("USULAN_KK_NOT_IN_HOUSEHOLD", "proposals[1].kk"),
        (
            "USULAN_NIK_REGISTERED",
            "proposals[1].household.families[0].members[1].nik",
        ),
    ]);
    for m in 0..members {
        want.insert((
            "USULAN_NIK_IN_BATCH".to_owned(),
            format!("proposals[2].household.families[0].members[{m}].nik"),
        ));
    }

    let base = [
        "usulan",
        "check",
        path_str(&batch),
        "--session",
        SESSION,
        "--registered",
        path_str(&reg),
        "--as-of",
        AS_OF,
    ];
    let j = {
        let mut args = base.to_vec();
        args.push("--json");
        let r = dtks(&args);
        r.expect_code(1);
        r.json()
    };
    assert_eq!(errors(&j), want, "{j}");
    // The context shows the masked form: the first and last four digits only.
    let masked = problem(&j, "USULAN_NIK_REGISTERED")["context"]["nik"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(masked.chars().count(), 16, "{masked}");
    assert!(masked.starts_with(&registered[..4]) && masked.ends_with(&registered[12..]));
    assert!(!masked[4..].chars().take(8).any(|c| c.is_ascii_digit()));
    // The same in text, in both languages (the run helper checks for numbers).
    for lang in ["id", "en"] {
        let mut args = base.to_vec();
        args.extend(["--lang", lang]);
        let r = dtks(&args);
        r.expect_code(1);
        for (code, path) in &want {
            assert!(
                r.stdout.contains(code.as_str()) && r.stdout.contains(path.as_str()),
                "{lang}: {code} at {path} missing:\n{}",
                r.stdout
            );
        }
        assert!(r.stdout.contains(&masked), "{lang}:\n{}", r.stdout);
    }
    // finalise reports the same problems, and refuses.
    let mut args = vec!["usulan", "finalise"];
    args.extend_from_slice(&base[2..]);
    args.extend(["--statement", STATEMENT, "--json"]);
    let r = dtks(&args);
    r.expect_code(1);
    assert_eq!(errors(&r.json()), want);
}

// ---------------------------------------------------------------- usulan finalise

fn finalise_args<'a>(batch: &'a str, statement: &'a str) -> Vec<&'a str> {
    vec![
        "usulan",
        "finalise",
        batch,
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--statement",
        statement,
        "--json",
    ]
}

#[test]
fn usulan_finalise_refuses_a_wrong_statement_and_writes_nothing() {
    let tmp = Tmp::new("finalise-statement");
    let out = tmp.path("out.json");
    // docs/process.md §2: case, punctuation, spelling and missing spaces are exact.
    let wrong = [
        ("case", STATEMENT.to_lowercase()),
        ("full stop", format!("{STATEMENT}.")),
        (
            "spelling",
            STATEMENT.replace("bertanggung jawab", "bertanggungjawab"),
        ),
        ("quoted", format!("\"{STATEMENT}\"")),
        ("empty", String::new()),
        ("blank", "   ".to_owned()),
        ("other", "Ya, Lanjutkan".to_owned()),
    ];
    let mut hints = std::collections::BTreeMap::new();
    for (name, statement) in &wrong {
        let mut args = finalise_args(BATCH, statement);
        args.extend(["--write", path_str(&out)]);
        let r = dtks(&args);
        r.expect_code(1);
        let j = r.json();
        assert_eq!(
            errors(&j),
            set(&[("USULAN_STATEMENT_MISMATCH", "statement")]),
            "{name}: {j}"
        );
        assert_eq!(j["valid"], false, "{name}");
        assert_eq!(j["finalised"], false, "{name}");
        assert!(!out.exists(), "{name}: the refused batch was written");
        let hint = problem(&j, "USULAN_STATEMENT_MISMATCH")["context"]["hint"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(!hint.is_empty(), "{name}");
        hints.insert(*name, hint);
    }
    // The hint tells apart: only the case differs, the text differs, nothing typed.
    assert_ne!(hints["case"], hints["full stop"]);
    assert_ne!(hints["case"], hints["empty"]);
    assert_ne!(hints["full stop"], hints["empty"]);
    assert_eq!(hints["full stop"], hints["spelling"]);
    assert_eq!(hints["empty"], hints["blank"]);
}

#[test]
fn usulan_finalise_accepts_the_statement_with_whitespace_differences() {
    // docs/process.md §2: surrounding whitespace trimmed, inner runs collapsed,
    // no-break spaces included.
    let variants = [
        STATEMENT.to_owned(),
        format!("  {STATEMENT}\n"),
        STATEMENT.replace(' ', "  "),
        STATEMENT.replace("usulan ", "usulan\t"),
        STATEMENT.replacen(' ', "\u{a0}", 1),
    ];
    for statement in &variants {
        let r = dtks(&finalise_args(BATCH, statement));
        r.expect_code(0);
        let j = r.json();
        assert_eq!(j["valid"], true, "{statement:?}: {j}");
        assert_eq!(j["finalised"], true, "{statement:?}: {j}");
        assert!(errors(&j).is_empty(), "{statement:?}: {j}");
    }
    // Without --write the example file is untouched.
    assert_eq!(
        example(BATCH)["proposals"][0]["trail"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn usulan_finalise_writes_the_batch_with_a_finalise_entry_in_every_trail() {
    let tmp = Tmp::new("finalise-write");
    let input = example(BATCH);
    let out = tmp.path("finalised.json");
    let at = "2024-03-08T10:30:00";
    let actor = "op-3171011001-b";
    let mut args = finalise_args(BATCH, STATEMENT);
    args.extend(["--actor", actor, "--at", at, "--write", path_str(&out)]);
    let r = dtks(&args);
    r.expect_code(0);
    let j = r.json();
    assert_eq!(j["finalised"], true, "{j}");
    assert!(errors(&j).is_empty(), "{j}");

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for key in [
        "id",
        "operator_village",
        "prelist_hash",
        "berita_acara_usulan",
    ] {
        assert_eq!(written[key], input[key], "{key}");
    }
    let (before, after) = (
        input["proposals"].as_array().unwrap(),
        written["proposals"].as_array().unwrap(),
    );
    assert_eq!(before.len(), after.len());
    for (p, q) in before.iter().zip(after) {
        // The batch written back is the batch: same proposals, same numbers.
        for key in ["id", "kk", "nik", "programmes"] {
            assert_eq!(q[key], p[key], "{}: {key}", p["id"]);
        }
        assert_eq!(q["household"]["id"], p["household"]["id"]);
        let mut nums = (BTreeSet::new(), BTreeSet::new());
        numbers_in(&p["household"], &mut nums.0);
        numbers_in(&q["household"], &mut nums.1);
        assert_eq!(nums.0, nums.1, "{}: the NIKs/KKs changed", p["id"]);
        // The old trail kept, one entry appended (docs/process.md §3).
        let (old, new) = (
            p["trail"].as_array().unwrap(),
            q["trail"].as_array().unwrap(),
        );
        assert_eq!(new.len(), old.len() + 1, "{}", p["id"]);
        assert_eq!(&new[..old.len()], &old[..], "{}", p["id"]);
        let prev = &old[old.len() - 1];
        let e = &new[old.len()];
        assert_eq!(e["index"], old.len(), "{e}");
        assert_eq!(e["from"], "saved", "{e}");
        assert_eq!(e["to"], "finalised", "{e}");
        assert_eq!(e["action"], json!({"move": "finalise"}), "{e}");
        assert_eq!(e["actor"], actor, "{e}");
        assert_eq!(e["at"], at, "{e}");
        assert_eq!(e["prev_hash"], prev["hash"], "{e}");
        let h = e["hash"].as_str().unwrap();
        assert_eq!(h.len(), 64);
        assert_ne!(e["hash"], prev["hash"]);
    }

    // The written batch is consistent: its trails check out…
    let out_s = path_str(&out);
    let r = dtks(&[
        "usulan",
        "check",
        out_s,
        "--session",
        SESSION,
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(0);
    assert!(errors(&r.json()).is_empty());
    // …status answers "finalised" since the time given…
    let name = input["proposals"][0]["household"]["families"][0]["members"][0]["name"]
        .as_str()
        .unwrap();
    let r = dtks(&["usulan", "status", out_s, "--name", name, "--json"]);
    r.expect_code(0);
    let s = r.json()["answers"].clone();
    assert_eq!(s[0]["status"], "finalised", "{s}");
    assert_eq!(s[0]["since"], at, "{s}");
    assert_eq!(s[0]["last_move"], json!({"move": "finalise"}), "{s}");
    // …and it cannot be finalised twice: only a saved proposal is finalised.
    let r = dtks(&finalise_args(out_s, STATEMENT));
    r.expect_code(1);
    assert_eq!(
        errors(&r.json()),
        set(&[
            ("USULAN_STATUS_WRONG", "proposals[0].trail"),
            ("USULAN_STATUS_WRONG", "proposals[1].trail"),
        ])
    );
}

#[test]
fn usulan_finalise_refusals_write_nothing() {
    let tmp = Tmp::new("finalise-refused");
    let input = example(BATCH);
    let cases: Vec<Case> = vec![
        (
            "no Berita Acara Usulan",
            |b| {
                b.as_object_mut().unwrap().remove("berita_acara_usulan");
            },
            &[("USULAN_BERITA_ACARA_MISSING", "berita_acara_usulan")],
        ),
        (
            "a draft proposal",
            |b| {
                b["proposals"][0].as_object_mut().unwrap().remove("trail");
            },
            &[("USULAN_STATUS_WRONG", "proposals[0].trail")],
        ),
        (
            "no house photo",
            |b| {
                b["proposals"][1]["household"]["documents"]
                    .as_object_mut()
                    .unwrap()
                    .remove("house_photo");
            },
            &[(
                "USULAN_DOCUMENT_MISSING",
                "proposals[1].household.documents.house_photo",
            )],
        ),
    ];
    for (i, (name, mutate, want)) in cases.iter().enumerate() {
        let mut b = input.clone();
        mutate(&mut b);
        let file = tmp.write_json(&format!("batch-{i}.json"), &b);
        let out = tmp.path(&format!("out-{i}.json"));
        let mut args = finalise_args(path_str(&file), STATEMENT);
        args.extend(["--at", "2024-03-08T10:00:00", "--write", path_str(&out)]);
        let r = dtks(&args);
        r.expect_code(1);
        let j = r.json();
        assert_eq!(errors(&j), set(want), "{name}: {j}");
        assert_eq!(j["finalised"], false, "{name}");
        assert!(!out.exists(), "{name}: written");
    }

    // A finalisation dated before a proposal was saved is refused
    // (LIFECYCLE_TIME_BACKWARDS) for that proposal, and nothing is kept.
    let saved_at: Vec<&str> = input["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["trail"].as_array().unwrap().last().unwrap()["at"]
                .as_str()
                .unwrap()
        })
        .collect();
    let (first, last) = (
        *saved_at.iter().min().unwrap(),
        *saved_at.iter().max().unwrap(),
    );
    assert!(first < last, "the example's saves differ in time");
    // One second after the first save: before the others.
    let at = {
        let t = chrono_like_plus_one_second(first);
        assert!(t.as_str() < last);
        t
    };
    let want: BTreeSet<(String, String)> = saved_at
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > at.as_str())
        .map(|(i, _)| {
            (
                "LIFECYCLE_TIME_BACKWARDS".to_owned(),
                format!("proposals[{i}].trail"),
            )
        })
        .collect();
    assert!(!want.is_empty());
    let out = tmp.path("out-early.json");
    let mut args = finalise_args(BATCH, STATEMENT);
    args.extend(["--at", &at, "--write", path_str(&out)]);
    let r = dtks(&args);
    r.expect_code(1);
    let j = r.json();
    assert_eq!(errors(&j), want, "{j}");
    assert_eq!(j["finalised"], false);
    assert!(!out.exists());
}

/// `YYYY-MM-DDTHH:MM:SS` plus one second (no carry past the minute needed:
/// the example's times end in `:00`).
fn chrono_like_plus_one_second(t: &str) -> String {
    let (head, sec) = t.split_at(t.len() - 2);
    let s: u32 = sec.parse().unwrap();
    assert!(s < 59, "{t}");
    format!("{head}{:02}", s + 1)
}

// ---------------------------------------------------------------- usulan status

/// Every member of the batch: (NIK, name, proposal index, member path).
fn members(batch: &Value) -> Vec<(String, String, usize, String)> {
    let mut out = Vec::new();
    for (i, p) in batch["proposals"].as_array().unwrap().iter().enumerate() {
        for (f, fam) in p["household"]["families"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            for (m, mem) in fam["members"].as_array().unwrap().iter().enumerate() {
                out.push((
                    mem["nik"].as_str().unwrap().to_owned(),
                    mem["name"].as_str().unwrap().to_owned(),
                    i,
                    format!("proposals[{i}].household.families[{f}].members[{m}]"),
                ));
            }
        }
    }
    out
}

/// The answer docs/process.md §3 promises for a member: the proposal, the
/// member path, the status and since when, the last move (from the trail).
fn check_answer(report: &Value, batch: &Value, i: usize, path: &str) {
    assert_eq!(report["found"], true, "{report}");
    assert_eq!(report["problems"], json!([]), "{report}");
    let answers = &report["answers"];
    let a = answers.as_array().unwrap();
    assert_eq!(a.len(), 1, "{answers}");
    let p = &batch["proposals"][i];
    let last = p["trail"].as_array().unwrap().last().unwrap();
    assert_eq!(a[0]["proposal_id"], p["id"], "{answers}");
    assert_eq!(a[0]["member"], path, "{answers}");
    assert_eq!(a[0]["status"], last["to"], "{answers}");
    assert_eq!(a[0]["since"], last["at"], "{answers}");
    assert_eq!(a[0]["last_move"], last["action"], "{answers}");
}

#[test]
fn usulan_status_by_nik_finds_every_member() {
    let batch = example(BATCH);
    let all = members(&batch);
    assert!(all.len() >= 4);
    for (nik, _, i, path) in &all {
        let r = dtks(&["usulan", "status", BATCH, "--nik", nik, "--json"]);
        r.expect_code(0);
        check_answer(&r.json(), &batch, *i, path);
    }
    // In text, too, without the NIK (the run helper checks that).
    let (nik, _, i, _) = &all[all.len() - 1];
    let r = dtks(&["usulan", "status", BATCH, "--nik", nik]);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains(batch["proposals"][*i]["id"].as_str().unwrap()),
        "{r:#?}"
    );
}

#[test]
fn usulan_status_by_name_ignores_case_and_spacing() {
    let batch = example(BATCH);
    let all = members(&batch);
    let (_, name, i, path) = &all[all.len() - 1];
    let words: Vec<&str> = name.split_whitespace().collect();
    assert!(words.len() >= 2, "{name}");
    let spelled = [
        name.to_lowercase(),
        format!("  {}  ", words.join("   ").to_uppercase()),
        format!("{}\t{}", words[0].to_lowercase(), words[1..].join(" ")),
    ];
    for n in &spelled {
        let r = dtks(&["usulan", "status", BATCH, "--name", n, "--json"]);
        r.expect_code(0);
        check_answer(&r.json(), &batch, *i, path);
    }
    // Part of a name: each word given begins a word of the name, in any order.
    let first = words[0].to_lowercase();
    let last = words[words.len() - 1];
    let part = format!("{} {}", &last[..2.min(last.len())], first);
    let r = dtks(&["usulan", "status", BATCH, "--name", &part, "--json"]);
    // Without --partial only the whole name is searched, as in C and Python.
    assert!(
        !r.json()["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["member"] == path.as_str()),
        "{part} without --partial"
    );
    let r = dtks(&[
        "usulan",
        "status",
        BATCH,
        "--name",
        &part,
        "--partial",
        "--json",
    ]);
    r.expect_code(0);
    let j = r.json();
    assert!(
        j["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["member"] == path.as_str()),
        "{j}"
    );
    // Masked: the answer shows the name's initials, never the name.
    assert!(!r.stdout.contains(name.as_str()));
    // A piece from the middle of a word is not a word's beginning.
    let inner = &words[0][1..];
    let r = dtks(&[
        "usulan",
        "status",
        BATCH,
        "--name",
        inner,
        "--partial",
        "--json",
    ]);
    assert!(
        !r.json()["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["member"] == path.as_str()),
        "{inner}"
    );
}

#[test]
fn usulan_status_of_an_unknown_nik_is_not_found() {
    let batch = example(BATCH);
    let known: BTreeSet<String> = members(&batch).into_iter().map(|m| m.0).collect();
    // A well-formed NIK of the same village and birth date, another serial number.
    let first = known.iter().next().unwrap();
    let unknown = format!("{}0099", &first[..12]);
    assert!(!known.contains(&unknown));
    let r = dtks(&["usulan", "status", BATCH, "--nik", &unknown, "--json"]);
    r.expect_code(1);
    let j = r.json();
    assert_eq!(
        (&j["found"], &j["answers"], &j["problems"]),
        (&json!(false), &json!([]), &json!([]))
    );
    let r = dtks(&["usulan", "status", BATCH, "--nik", &unknown]);
    r.expect_code(1);
    assert!(!r.stdout.trim().is_empty(), "{r:#?}");
}

#[test]
fn usulan_status_with_a_malformed_nik_is_a_usage_error() {
    let batch = example(BATCH);
    let nik = members(&batch)[0].0.clone();
    let malformed = [
        nik[..15].to_owned(),                   // a digit lost
        format!("{nik}1"),                      // 17 digits
        format!("{}O{}", &nik[..7], &nik[8..]), // a letter
        "12345".to_owned(),
        format!("99{}", &nik[2..]), // no such province
    ];
    for m in &malformed {
        dtks(&["usulan", "status", BATCH, "--nik", m]).expect_usage_failure();
        dtks(&["usulan", "status", BATCH, "--nik", m, "--json"]).expect_usage_failure();
    }
}

// ---------------------------------------------------------------- usage failures

#[test]
fn missing_files_are_usage_failures() {
    let tmp = Tmp::new("missing");
    let gone = tmp.path("no-such-file.json");
    let g = path_str(&gone);
    let cases: Vec<Vec<&str>> = vec![
        vec!["musyawarah", "check", g],
        vec!["musyawarah", "check", g, "--json"],
        vec!["usulan", "check", g, "--as-of", AS_OF],
        vec!["usulan", "check", BATCH, "--session", g, "--as-of", AS_OF],
        vec![
            "usulan",
            "check",
            BATCH,
            "--session",
            SESSION,
            "--registered",
            g,
            "--as-of",
            AS_OF,
        ],
        vec!["usulan", "finalise", g, "--statement", STATEMENT],
        vec!["usulan", "status", g, "--name", "wati rahayu"],
    ];
    for args in &cases {
        dtks(args).expect_usage_failure();
    }
}

#[test]
fn files_that_are_not_their_documents_are_answered_with_document_invalid() {
    // Issue 13: an invalid input file is a problem in the answer (exit 1),
    // in both languages, never serde's English on stderr.
    let tmp = Tmp::new("not-json");
    let text = tmp.write_text("notes.json", "Berita Acara Musyawarah Kelurahan\n");
    let cut = {
        // A truncated copy of the example batch.
        let full = std::fs::read_to_string(root().join(BATCH)).unwrap();
        tmp.write_text("cut.json", &full[..full.len() / 2])
    };
    // JSON, but not a session (nor a batch).
    let other = tmp.write_json("other.json", &json!({"hello": "world"}));
    for f in [&text, &cut, &other] {
        let f = path_str(f);
        let cases: Vec<Vec<&str>> = vec![
            vec!["musyawarah", "check", f, "--json"],
            vec!["usulan", "check", f, "--as-of", AS_OF, "--json"],
            vec![
                "usulan",
                "check",
                BATCH,
                "--session",
                f,
                "--as-of",
                AS_OF,
                "--json",
            ],
            vec!["usulan", "finalise", f, "--statement", STATEMENT, "--json"],
            vec!["usulan", "status", f, "--name", "wati rahayu", "--json"],
            vec![
                "usulan", "verify", f, "--all", "--actor", "kemensos", "--json",
            ],
        ];
        for args in &cases {
            let r = dtks(args);
            r.expect_code(1);
            let j = r.json();
            assert_eq!(j["valid"], false, "{args:?}");
            let p = &j["problems"][0];
            assert_eq!(p["code"], "DOCUMENT_INVALID", "{args:?}");
            assert!(p["context"]["line"].is_u64(), "{p}");
            let id = p["message_id"].as_str().unwrap_or("");
            for english in [
                "expected",
                "missing",
                "unknown field",
                "line ",
                "column",
                "EOF",
            ] {
                assert!(!id.contains(english), "{args:?}: {id}");
            }
        }
    }
    // An outcome spelt in Indonesian in a session: the field is named, the
    // accepted values are listed, and the answer is a problem (exit 1).
    let mut session = example(SESSION);
    session["decisions"][0]["outcome"] = json!("layak");
    let s = tmp.write_json("layak.json", &session);
    let r = dtks(&["musyawarah", "check", path_str(&s), "--json"]);
    r.expect_code(1);
    let p = &r.json()["problems"][0];
    assert_eq!(p["path"], "decisions[0].outcome");
    let id = p["message_id"].as_str().unwrap_or("");
    assert!(id.contains("nilai `layak` tidak dikenal"), "{id}");
    assert!(id.contains("`not_eligible`"), "{id}");
    // The text answer is Indonesian throughout.
    let r = dtks(&["musyawarah", "check", path_str(&s)]);
    r.expect_code(1);
    assert!(
        r.stdout
            .starts_with("kesalahan DOCUMENT_INVALID pada decisions[0].outcome"),
        "{}",
        r.stdout
    );
    // A registered-NIK file with a line that is not a NIK: that line's problem.
    let reg = tmp.write_text("registered.txt", "3171011708800001\nnot a nik\n");
    let r = dtks(&[
        "usulan",
        "check",
        BATCH,
        "--session",
        SESSION,
        "--registered",
        path_str(&reg),
        "--as-of",
        AS_OF,
        "--json",
    ]);
    r.expect_code(1);
    let p = &r.json()["problems"][0];
    assert!(
        p["path"]
            .as_str()
            .unwrap_or("")
            .ends_with("registered.txt:2"),
        "{p}"
    );
    // A file that cannot be read at all is a usage failure.
    dtks(&["usulan", "check", "no/such/batch.json"]).expect_usage_failure();
}

#[test]
fn bad_options_are_usage_failures() {
    let cases: Vec<Vec<&str>> = vec![
        vec!["usulan", "check", BATCH, "--as-of", "07-03-2024"],
        vec!["usulan", "status", BATCH],
        vec![
            "usulan",
            "finalise",
            BATCH,
            "--statement",
            STATEMENT,
            "--at",
            "2024-03-08",
        ],
        vec!["usulan", "finalise", BATCH],
        vec!["musyawarah", "check", SESSION, "--quorum-min", "many"],
        vec!["musyawarah", "check", SESSION, "--lang", "fr"],
    ];
    for args in &cases {
        dtks(args).expect_usage_failure();
    }
}
