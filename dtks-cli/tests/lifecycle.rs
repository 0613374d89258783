//! The operator's whole path on the command line (issue 13): save, finalise,
//! start verification, verify, reject, deactivate, each with actor, time and
//! reason, the batch written back atomically, the heads kept, and the trail
//! verified before every move. Expected results are written from
//! docs/process.md (the status machine and "Trust model"), not from the
//! command's output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
use common::{dtks, root, Run, Tmp, BATCH, SESSION, STATEMENT};
use serde_json::Value;

fn statuses(path: &str) -> Vec<String> {
    let b: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    b["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["trail"]
                .as_array()
                .and_then(|t| t.last())
                .map_or("draft", |e| e["to"].as_str().unwrap())
                .to_owned()
        })
        .collect()
}

fn codes(r: &Run) -> Vec<String> {
    r.json()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_whole_path_from_saved_to_deactivated() {
    let tmp = Tmp::new("lifecycle", "path");
    let batch = tmp.path("batch.json");
    let heads = tmp.path("heads.json");
    std::fs::copy(root().join(BATCH), &batch).unwrap();
    let before = std::fs::read(&batch).unwrap();

    // The example's proposals are saved: saving again is refused, in
    // Indonesian words, and the file is untouched.
    let r = dtks(&[
        "usulan",
        "save",
        &batch,
        "--all",
        "--actor",
        "op-3171011001",
    ]);
    r.code(1);
    assert!(r.stdout.contains("LIFECYCLE_ILLEGAL_MOVE"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "tidak dapat menyimpan usulan yang berstatus tersimpan; statusnya harus draf"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("tidak ada yang diubah"), "{}", r.stdout);
    assert_eq!(std::fs::read(&batch).unwrap(), before);

    // Verification cannot start before the batch is finalised.
    let r = dtks(&[
        "usulan",
        "start-verification",
        &batch,
        "--all",
        "--actor",
        "dinsos",
        "--json",
    ]);
    r.code(1);
    assert_eq!(
        codes(&r),
        ["LIFECYCLE_ILLEGAL_MOVE", "LIFECYCLE_ILLEGAL_MOVE"]
    );

    // Finalisation (only `usulan finalise` makes it).
    dtks(&[
        "usulan",
        "finalise",
        &batch,
        "--session",
        SESSION,
        "--as-of",
        "2024-03-07",
        "--at",
        "2024-03-08T10:30:00",
        "--actor",
        "op-3171011001",
        "--statement",
        STATEMENT,
        "--write",
        &batch,
        "--write-heads",
        &heads,
        "--json",
    ])
    .code(0);
    assert_eq!(statuses(&batch), ["finalised", "finalised"]);

    // The social office starts verification of both, checked against the kept heads.
    let r = dtks(&[
        "usulan",
        "start-verification",
        &batch,
        "--all",
        "--actor",
        "dinsos-3171",
        "--at",
        "2024-03-11T08:00:00",
        "--heads",
        &heads,
        "--write-heads",
        &heads,
        "--json",
    ]);
    r.code(0);
    let j = r.json();
    assert_eq!(j["moved"], true);
    assert_eq!(j["moves"][0]["from"], "finalised");
    assert_eq!(j["moves"][1]["to"], "under_verification");
    assert_eq!(
        statuses(&batch),
        ["under_verification", "under_verification"]
    );

    // A reject for "other" reasons without a note is refused; nothing changes.
    let r = dtks(&[
        "usulan",
        "reject",
        &batch,
        "--proposal",
        "U-002",
        "--reason",
        "other",
        "--actor",
        "kemensos",
        "--at",
        "2024-03-15T09:00:00",
        "--json",
    ]);
    r.code(1);
    assert_eq!(codes(&r), ["LIFECYCLE_REASON_REQUIRED"]);
    assert_eq!(
        statuses(&batch),
        ["under_verification", "under_verification"]
    );

    // An id that is not in the batch refuses the whole request.
    let r = dtks(&[
        "usulan",
        "verify",
        &batch,
        "--proposal",
        "U-001",
        "--proposal",
        "U-009",
        "--actor",
        "kemensos",
        "--at",
        "2024-03-15T09:00:00",
        "--json",
    ]);
    r.code(1);
    assert_eq!(codes(&r), ["USULAN_PROPOSAL_UNKNOWN"]);
    assert_eq!(
        statuses(&batch),
        ["under_verification", "under_verification"]
    );

    // U-001 verified; U-002 rejected: Dukcapil did not match the NIK.
    dtks(&[
        "usulan",
        "verify",
        &batch,
        "--proposal",
        "U-001",
        "--actor",
        "kemensos",
        "--at",
        "2024-03-15T09:00:00",
        "--heads",
        &heads,
        "--write-heads",
        &heads,
    ])
    .code(0);
    let r = dtks(&[
        "usulan",
        "reject",
        &batch,
        "--proposal",
        "U-002",
        "--reason",
        "identity_not_matched",
        "--note",
        "tidak padan (Dukcapil)",
        "--actor",
        "kemensos",
        "--at",
        "2024-03-15T09:05:00",
        "--heads",
        &heads,
        "--write-heads",
        &heads,
    ]);
    r.code(0);
    assert!(
        r.stdout.contains("U-002: dalam verifikasi → ditolak"),
        "{}",
        r.stdout
    );
    assert_eq!(statuses(&batch), ["verified", "rejected"]);

    // A move dated before the previous one is refused.
    let r = dtks(&[
        "usulan",
        "deactivate",
        &batch,
        "--proposal",
        "U-001",
        "--reason",
        "died",
        "--actor",
        "dinsos-3171",
        "--at",
        "2024-03-01T00:00:00",
        "--json",
    ]);
    r.code(1);
    assert_eq!(codes(&r), ["LIFECYCLE_TIME_BACKWARDS"]);

    // Deactivated a year later; written to another file, the input kept.
    let out = tmp.path("batch-2025.json");
    let r = dtks(&[
        "usulan",
        "deactivate",
        &batch,
        "--proposal",
        "U-001",
        "--reason",
        "moved_away",
        "--actor",
        "dinsos-3171",
        "--at",
        "2025-02-01T10:00:00",
        "--out",
        &out,
        "--lang",
        "en",
    ]);
    r.code(0);
    assert!(
        r.stdout.contains("U-001: verified → deactivated"),
        "{}",
        r.stdout
    );
    assert_eq!(statuses(&batch), ["verified", "rejected"]);
    assert_eq!(statuses(&out), ["deactivated", "rejected"]);

    // The status look-up reads the words, with the reason's note.
    let r = dtks(&[
        "usulan",
        "status",
        &batch,
        &out,
        "--nik",
        &first_nik(&batch),
    ]);
    r.code(0);
    assert!(
        r.stdout.contains("terverifikasi sejak 2024-03-15 09:00:00"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("dinonaktifkan sejak 2025-02-01 10:00:00"),
        "{}",
        r.stdout
    );
}

fn first_nik(batch: &str) -> String {
    let b: Value = serde_json::from_str(&std::fs::read_to_string(batch).unwrap()).unwrap();
    b["proposals"][0]["nik"].as_str().unwrap().to_owned()
}

#[test]
fn a_truncated_trail_refuses_every_move_with_the_kept_heads() {
    let tmp = Tmp::new("lifecycle", "cut");
    let batch = tmp.path("batch.json");
    let heads = tmp.path("heads.json");
    std::fs::copy(root().join(BATCH), &batch).unwrap();
    let h = dtks(&["usulan", "heads", &batch]);
    h.code(0);
    std::fs::write(&heads, &h.stdout).unwrap();
    // Someone drops U-002's last entry (its save): a draft again.
    let mut b: Value = serde_json::from_str(&std::fs::read_to_string(&batch).unwrap()).unwrap();
    b["proposals"][1]["trail"] = Value::Array(Vec::new());
    std::fs::write(&batch, serde_json::to_string(&b).unwrap()).unwrap();
    let before = std::fs::read(&batch).unwrap();
    let r = dtks(&[
        "usulan",
        "save",
        &batch,
        "--proposal",
        "U-002",
        "--actor",
        "op-x",
        "--heads",
        &heads,
        "--json",
    ]);
    r.code(1);
    assert_eq!(codes(&r), ["AUDIT_TRAIL_BROKEN"]);
    assert_eq!(std::fs::read(&batch).unwrap(), before);
    // Without the heads the removal cannot be seen (docs/process.md, "Trust model").
    dtks(&[
        "usulan",
        "save",
        &batch,
        "--proposal",
        "U-002",
        "--actor",
        "op-x",
    ])
    .code(0);
}

#[test]
fn jakarta_accounts_are_checked_together_and_against_the_registry() {
    // Account 2 registers account 1's family again, and a family that gives
    // branded bottled water, owns a car, and has a person already registered.
    let r = dtks(&[
        "jakarta",
        "check",
        "examples/jakarta/account-1.json",
        "examples/jakarta/account-2.json",
        "--registry",
        "examples/jakarta/registry.json",
        "--as-of",
        "2022-05-10",
        "--json",
    ]);
    r.code(1);
    let mut got = codes(&r);
    got.sort();
    assert_eq!(
        got,
        [
            "JAKARTA_EXCLUDED_BOTTLED_WATER",
            "JAKARTA_EXCLUDED_CAR",
            "JAKARTA_FAMILY_OTHER_ACCOUNT",
            "JAKARTA_NIK_REGISTERED"
        ]
    );
    // One account alone is clean; the text answer is Indonesian throughout.
    let r = dtks(&[
        "jakarta",
        "check",
        "examples/jakarta/account-1.json",
        "--as-of",
        "2022-05-10",
    ]);
    r.code(0);
    assert_eq!(r.stdout.trim(), "0 kesalahan, 0 peringatan");
    // Personal data never shown: the masked KK only.
    let r = dtks(&[
        "jakarta",
        "check",
        "examples/jakarta/account-1.json",
        "examples/jakarta/account-2.json",
        "--as-of",
        "2022-05-10",
    ]);
    assert!(r.stdout.contains("3171••••••••0007"), "{}", r.stdout);
    assert!(!r.stdout.contains("3171011503150007"));
    assert!(!r.stdout.contains("Budi"));
}
