"""Writes tests/conformance/usulan.json: the proposal-batch cases (check and
finalise) that the Rust core, the C ABI and the Python module must answer
alike.

The inputs start from the example batch and session (examples/process/) and
change one thing each; trails that need real hashes or seals (a key, kept
heads, a finalised batch) are made with the dtks module itself, since a hash
is an input here, not an answer. Every expectation below is written by hand
from docs/process.md and the source texts it cites (SIKS-NG: Simpan, then
Finalisasi Usulan with the Berita Acara Usulan and the typed statement;
Musdes/Muskel prelist akhir), never from the library's output.

Run from the repository root with the module installed:
    python tests/conformance/make_usulan.py
"""

import copy
import json
import pathlib

import dtks

ROOT = pathlib.Path(__file__).resolve().parents[2]
BATCH = json.loads((ROOT / "examples/process/batch.json").read_text())
SESSION = json.loads((ROOT / "examples/process/session.json").read_text())
AS_OF = "2024-03-07"
AT = "2024-03-07T10:00:00"
KEY = "5a" * 32
STATEMENT = "Saya bertanggung jawab terhadap data usulan tersebut"

# Until 2024 PKH and Sembako need registration only (docs/domain/programmes.md §2, §3);
# from 2025 also DTSEN desil 1–4. The example's households are new to the
# registry and have no desil: from 2025 each proposal is the request for
# that ranking (docs/process.md §2), in 2024 nothing awaits it.
AWAITING = []
AWAITING_2025 = [[0, ["PKH", "SEMBAKO"]], [1, ["SEMBAKO"]]]


def batch(**changes):
    b = copy.deepcopy(BATCH)
    b.update(changes)
    return b


def err(code, path):
    return {"code": code, "path": path, "severity": "error"}


def warn(code, path):
    return {"code": code, "path": path, "severity": "warning"}


def finalised(key=None):
    """The example batch finalised (with the key, its saves sealed first)."""
    b = dtks.Batch(batch(proposals=[dict(p, trail=[]) for p in BATCH["proposals"]]))
    for i, p in enumerate(BATCH["proposals"]):
        b = b.record(i, "save", p["trail"][0]["actor"], p["trail"][0]["at"], key=key)
    b = b.finalise(STATEMENT, as_of=AS_OF, actor="op-3171011001", at=AT,
                   session=dtks.Session(SESSION), key=key)
    return b


cases = []


def case(name, op, b, expect, as_of=AS_OF, **extra):
    c = {"name": name, "as_of": as_of, "input": dict({"op": op, "batch": b, "session": SESSION}, **extra)}
    if extra.get("session", True) is None:
        del c["input"]["session"]
    if op == "finalise":
        c["input"].setdefault("statement", STATEMENT)
        c["input"].setdefault("actor", "op-3171011001")
        c["input"].setdefault("at", AT)
    c["expect"] = expect
    cases.append(c)


def ok(awaiting=AWAITING, problems=()):
    return {"valid": not any(p["severity"] == "error" for p in problems),
            "problems": list(problems), "awaiting_ranking": awaiting}


# ---- check --------------------------------------------------------------------------

case("docs/domain/process.md §2: the example batch citing its Muskel's prelist akhir, both proposals saved, "
     "documents attached (March 2024): valid", "check", batch(), ok())

case("docs/domain/programmes.md §2, §3: from 2025 PKH and Sembako also need DTSEN desil 1–4, which a household "
     "new to the registry does not have: no problem, each proposal awaits the ranking",
     "check", batch(), ok(awaiting=AWAITING_2025), as_of="2025-06-02")

case("a batch citing a prelist akhir with no session given cannot be checked against it",
     "check", batch(), ok(problems=[err("USULAN_PRELIST_NOT_GIVEN", "prelist_hash")]), session=None)

case("the batch cites another prelist akhir than its session yields",
     "check", batch(prelist_hash="ab" * 32),
     ok(problems=[err("USULAN_PRELIST_HASH_MISMATCH", "prelist_hash")]))

rt2 = batch()
rt2["proposals"][1]["household"]["id"] = "RT-002"
case("RT-002 was decided not eligible in the Muskel: it is not on the prelist akhir",
     "check", rt2, ok(problems=[err("USULAN_NOT_ON_PRELIST", "proposals[1].household.id")]))

bpd = {"required_roles": ["bpd"]}
case("the host's quorum needs the BPD, which did not attend: one problem, on the session "
     "(no second one saying the prelist could not be checked)",
     "check", batch(), ok(problems=[err("MUSYAWARAH_QUORUM_ROLE", "session.participants")]), quorum=bpd)

case("a member's NIK is already in the registry",
     "check", batch(), ok(problems=[err("USULAN_NIK_REGISTERED", "proposals[0].household.families[0].members[1].nik")]),
     registered_niks=["3171015204850002"])

twice = batch()
twice["proposals"][1]["programmes"] = ["SEMBAKO", "SEMBAKO"]
case("a programme proposed twice", "check", twice,
     ok(problems=[err("USULAN_PROGRAMME_TWICE", "proposals[1].programmes[1]")]))

none = batch()
none["proposals"][1]["programmes"] = []
case("no programme proposed", "check", none,
     ok(problems=[err("USULAN_NO_PROGRAMME", "proposals[1].programmes")]))

unknown = batch()
unknown["proposals"][1]["programmes"] = ["SEMBAKO", "BLT-DESA"]
case("a programme the eligibility check does not know", "check", unknown,
     ok(problems=[err("USULAN_PROGRAMME_UNKNOWN", "proposals[1].programmes[1]")]))

noktp = batch()
del noktp["proposals"][0]["household"]["documents"]["ktp_photo"]
case("the KTP photo is not uploaded", "check", noktp,
     ok(problems=[err("USULAN_DOCUMENT_MISSING", "proposals[0].household.documents.ktp_photo")]))

dupid = batch()
dupid["proposals"][1]["id"] = "U-001"
case("two proposals with one id", "check", dupid,
     ok(problems=[err("USULAN_ID_DUPLICATE", "proposals[1].id")]))

case("an empty batch", "check", batch(proposals=[]),
     ok(awaiting=[], problems=[err("USULAN_BATCH_EMPTY", "proposals")]))

# ---- the host's anchors ----------------------------------------------------------------

case("with the host's key, entries written without it are caught (each trail's first entry)",
     "check", batch(),
     ok(problems=[err("AUDIT_TRAIL_BROKEN", "proposals[0].trail[0]"),
                  err("AUDIT_TRAIL_BROKEN", "proposals[1].trail[0]")]), key=KEY)

sealed = finalised(KEY)
heads = sealed.heads(key=KEY)
case("a finalised batch, sealed with the host's key, checked with the key and its kept heads: valid",
     "check", sealed.to_dict(), ok(), key=KEY, heads=heads)

plain = finalised()
kept = plain.heads()
cut = plain.to_dict()
cut["proposals"][1]["trail"].pop()
case("the finalise entry of U-002 removed: the chain still links, the kept head catches it "
     "(without the heads nothing could)", "check", cut,
     ok(problems=[err("AUDIT_TRAIL_BROKEN", "proposals[1].trail[1]")]), heads=kept)

gone = plain.to_dict()
del gone["proposals"][1]
case("U-002 removed after finalisation: its kept head names it, and the batch's content hash changed",
     "check", gone,
     ok(problems=[err("AUDIT_TRAIL_MISSING", "proposals"),
                  err("USULAN_CHANGED_AFTER_FINALISATION", "proposals[0].trail[1].checked.batch_hash")]),
     heads=kept)

edited = plain.to_dict()
edited["proposals"][0]["survey"][2]["answer"] = 300000.0
case("a survey answer edited after finalisation", "check", edited,
     ok(problems=[err("USULAN_CHANGED_AFTER_FINALISATION", "proposals[0].trail[1].checked.batch_hash")]))

# ---- finalise ----------------------------------------------------------------------------

def refused(*problems):
    return {"finalised": False, "valid": False, "problems": list(problems)}


case("SIKS-NG Finalisasi Usulan: the statement typed exactly, the Berita Acara Usulan attached, "
     "every proposal saved: finalised", "finalise", batch(),
     {"finalised": True, "valid": True, "problems": []})

case("the statement typed in small letters is not the statement", "finalise", batch(),
     refused(err("USULAN_STATEMENT_MISMATCH", "statement")),
     statement="saya bertanggung jawab terhadap data usulan tersebut")

case("the Berita Acara Usulan is not uploaded", "finalise", batch(berita_acara_usulan=None),
     refused(err("USULAN_BERITA_ACARA_MISSING", "berita_acara_usulan")))

draft = batch()
draft["proposals"][1]["trail"] = []
case("a proposal never saved (still a draft) cannot be finalised", "finalise", draft,
     refused(err("USULAN_STATUS_WRONG", "proposals[1].trail")))

case("a session that does not hold blocks the finalisation", "finalise", batch(),
     refused(err("MUSYAWARAH_QUORUM_ROLE", "session.participants")), quorum=bpd)

case("an already finalised batch is not finalised again", "finalise", plain.to_dict(),
     refused(err("USULAN_STATUS_WRONG", "proposals[0].trail"),
             err("USULAN_STATUS_WRONG", "proposals[1].trail")))

doc = {
    "kind": "usulan",
    "about": "Proposal batches (docs/process.md §2; dtks_core::usulan::check_answer / finalise_answer = "
             "dtks usulan check|finalise --json, dtks_usulan_check_ex_json / dtks_usulan_finalise_ex_json, "
             "dtks.Batch.check / finalise). Input: {op: check|finalise, batch, session (absent: none), "
             "registered_niks, quorum {min_participants, required_roles}, key (hex), heads (a dtks-heads/1 "
             "document), statement, actor, at}. Compared: valid, problems as a multiset of (code, path, "
             "severity), for check awaiting_ranking as a list of [proposal_index, programmes], for finalise finalised. "
             "Written by make_usulan.py (inputs built from the examples; expectations by hand).",
    "cases": cases,
}
(ROOT / "tests/conformance/usulan.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"{len(cases)} cases")
