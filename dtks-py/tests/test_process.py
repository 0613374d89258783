"""The village and SIKS-NG process through Python: Session (validate,
prelist), Batch (check, finalise, status, lifecycle moves), AuditTrail.

Built on examples/process/session.json and batch.json (the batch cites the
session's prelist akhir; its two proposals are saved): the expectations are
those of docs/process.md and dtks-core/tests/process_scenarios.rs."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
from typing import Any, Dict

import pytest

import dtks
from dtks import AuditTrail, Batch, PrelistAkhir, Session

from conftest import ROOT

EXAMPLES = ROOT / "examples" / "process"
SESSION: Dict[str, Any] = json.loads((EXAMPLES / "session.json").read_text(encoding="utf-8"))
BATCH: Dict[str, Any] = json.loads((EXAMPLES / "batch.json").read_text(encoding="utf-8"))
AS_OF = "2024-03-07"
HASH = "f93ba8abee5fffbd88597e3b312574e01dc04fda55a575945c98512915d84ef5"
SECRETS = ("3171011708800001", "3171014107750005", "Budi", "Wati", "Rahmat")


def codes(problems: Any) -> list[str]:
    return [p.code for p in problems]


@pytest.fixture
def session() -> Session:
    return Session(copy.deepcopy(SESSION))


@pytest.fixture
def batch() -> Batch:
    return Batch(copy.deepcopy(BATCH))


# ---- musyawarah ----------------------------------------------------------------------


def test_example_session_is_valid_and_gives_its_prelist(session: Session) -> None:
    assert session.validate() == [] and session.is_valid()
    assert (session.kind, session.village_code, session.date) == ("muskel", "31.71.01.1001", datetime.date(2024, 3, 5))
    assert session.participant_count == 6 and len(session.agenda) == 4
    assert session.decisions[1] == {"household_id": "RT-002", "outcome": "not_eligible",
                                    "reason": "pindah domisili ke luar kelurahan"}
    pl = session.prelist()
    assert pl.household_ids == ["RT-001", "RT-003"]  # eligible only, by id; RT-004 deferred
    assert pl.hash == HASH == BATCH["prelist_hash"]
    assert pl.village_code == "3171011001" and pl.session_date == datetime.date(2024, 3, 5)
    assert pl.berita_acara_number == "005/BA-MUSKEL/III/2024"
    assert "RT-001" in pl and "RT-002" not in pl and len(pl) == 2
    assert pl.entries[1] == {"household_id": "RT-003", "source": "new_proposal"}
    assert PrelistAkhir(pl.to_dict()) == pl == PrelistAkhir.from_json(pl.to_json())
    assert pickle.loads(pickle.dumps(pl)) == pl
    assert repr(pl) == f"PrelistAkhir(village_code='3171011001', households=2, hash='{HASH[:12]}…')"


def test_quorum_rules(session: Session) -> None:
    assert codes(session.validate({"min_participants": 10})) == ["MUSYAWARAH_QUORUM_PARTICIPANTS"]
    assert codes(session.validate({"min_participants": 6})) == []
    assert codes(session.validate({"required_roles": ["bpd"]})) == ["MUSYAWARAH_QUORUM_ROLE"]
    assert codes(session.validate({"required_roles": ["lurah", "social_facilitator"]})) == []
    assert not session.is_valid({"min_participants": 10})
    with pytest.raises(dtks.InvalidSession) as e:
        session.prelist({"min_participants": 10})
    assert e.value.code == "MUSYAWARAH_QUORUM_PARTICIPANTS"
    assert codes(e.value.problems) == ["MUSYAWARAH_QUORUM_PARTICIPANTS"]
    # A list is not a rule (serde would read it as the fields in order; C refuses it too).
    bad_rules: list = [{"min_participants": "ten"}, {"required_roles": ["king"]}, {"quorum": 3},
                       [10, ["bpd"]]]
    for bad in bad_rules:
        with pytest.raises(dtks.InvalidArgument):
            session.validate(bad)


def test_session_errors() -> None:
    s = copy.deepcopy(SESSION)
    del s["berita_acara"]
    s["decisions"] = s["decisions"][:3]  # RT-004 not decided
    bad = Session(s)
    found = codes(bad.validate())
    assert "MUSYAWARAH_BERITA_ACARA_MISSING" in found and "MUSYAWARAH_DECISION_MISSING" in found
    with pytest.raises(dtks.InvalidSession) as e:
        bad.prelist()
    assert e.value.code in found and codes(e.value.problems) == found
    assert isinstance(e.value, ValueError)
    s = copy.deepcopy(SESSION)
    s["kind"] = "musdes"  # Gambir is a kelurahan
    assert "MUSYAWARAH_KIND_MISMATCH" in codes(Session(s).validate())
    for text in ("{", '{"kind": "muskel"}', json.dumps({**SESSION, "extra": 1})):
        with pytest.raises(dtks.InvalidSession) as e2:
            Session(text)
        assert e2.value.code == "DOCUMENT_INVALID"
        assert "expected" not in e2.value.message_id and "missing" not in e2.value.message_id
    with pytest.raises(dtks.InvalidSession):
        PrelistAkhir("{}")


def test_session_value_object(session: Session) -> None:
    assert Session.from_json(session.to_json()) == session == Session.from_dict(session.to_dict())
    assert Session(json.dumps(SESSION).encode()) == session
    assert pickle.loads(pickle.dumps(session)) == session
    r = repr(session)
    assert r == "Session(kind='muskel', village_code='31.71.01.1001', date='2024-03-05', participants=6, agenda=4)"
    assert not any(s in r for s in SECRETS)


# ---- usulan: check ----------------------------------------------------------------------


def test_example_batch_checks_clean_with_its_session(batch: Batch, session: Session) -> None:
    assert batch.check(AS_OF, session=session) == []
    assert batch.check(AS_OF, prelist=session.prelist()) == []
    assert batch.check(datetime.date(2024, 3, 7), rules=dtks.RuleSet.builtin(), session=session) == []
    assert (batch.id, batch.operator_village, batch.prelist_hash) == ("B-3171011001-2024-03", "31.71.01.1001", HASH)
    assert batch.proposal_ids == ["U-001", "U-002"] and len(batch) == 2
    assert batch.statuses == {"U-001": "saved", "U-002": "saved"}


def test_batch_check_problems(batch: Batch, session: Session) -> None:
    assert codes(batch.check(AS_OF)) == ["USULAN_PRELIST_NOT_GIVEN"]
    # Budi (U-001's head) is already registered.
    p = batch.check(AS_OF, session=session, registered_niks=["3171011708800001"])
    assert codes(p) == ["USULAN_NIK_REGISTERED"] and p[0].path.startswith("proposals[0]")
    assert not any(s in repr(p[0]) + p[0].message("en") + str(p[0].context) for s in SECRETS)
    assert codes(batch.check(AS_OF, session=session, registered_niks=[dtks.Nik("3171011708800001")])) == \
        ["USULAN_NIK_REGISTERED"]
    # Every entry that is not a NIK is said, at its place, as the command and C say it.
    with pytest.raises(dtks.InvalidNik) as e:
        batch.check(AS_OF, session=session, registered_niks=["31710117", "3171011708800001", "x"])
    assert [(p.code, p.path) for p in e.value.problems] == [
        ("NIK_LENGTH", "registered_niks[0]"), ("NIK_NON_DIGIT", "registered_niks[2]")]
    # A session with errors: its problems come first, under "session".
    s = copy.deepcopy(SESSION)
    del s["berita_acara"]
    found = batch.check(AS_OF, session=Session(s))
    assert found[0].code == "MUSYAWARAH_BERITA_ACARA_MISSING" and found[0].path.startswith("session")
    # A programme the rules say is not possible for the household.
    b = copy.deepcopy(BATCH)
    b["proposals"][0]["programmes"] = ["KAJ"]  # Jakarta children aged 0-6: none here
    assert "USULAN_PROGRAMME_NOT_POSSIBLE" in codes(Batch(b).check(AS_OF, session=session))
    b["proposals"][0]["programmes"] = ["NO_SUCH"]
    assert "USULAN_PROGRAMME_UNKNOWN" in codes(Batch(b).check(AS_OF, session=session))
    # With rules that know no programme at all, every one is unknown.
    only = dtks.RuleSet.from_text('kind = "programme"\nid = "X"\nversion = "1"\nname = { id = "X", en = "X" }\n'
                                  'unit = "household"\neffective_from = 2020-01-01\nsources = ["test"]\neligibility = { registered = true }\n')
    assert "USULAN_PROGRAMME_UNKNOWN" in codes(batch.check(AS_OF, rules=only, session=session))


def test_batch_check_bad_arguments(batch: Batch, session: Session) -> None:
    with pytest.raises(dtks.InvalidNik) as e:
        batch.check(AS_OF, registered_niks=["317101170880000"])
    assert e.value.path == "registered_niks[0]"
    with pytest.raises(dtks.InvalidArgument):
        batch.check(AS_OF, registered_niks="3171011708800001")  # type: ignore[arg-type]
    with pytest.raises(dtks.InvalidArgument):
        batch.check(AS_OF, session=session, prelist=session.prelist())
    with pytest.raises(dtks.InvalidArgument):
        batch.check("7 March 2024")
    for text in ("[]", json.dumps({**BATCH, "unknown_field": 1})):
        with pytest.raises(dtks.InvalidProposal) as e2:
            Batch(text)
        assert e2.value.code == "DOCUMENT_INVALID"


# ---- usulan: finalise ----------------------------------------------------------------------


def test_finalise_records_the_move_and_leaves_the_original(batch: Batch, session: Session) -> None:
    done = batch.finalise(dtks.STATEMENT, AS_OF, actor="op-3171011001", at="2024-03-07T10:00:00", session=session)
    assert done.statuses == {"U-001": "finalised", "U-002": "finalised"}
    assert batch.statuses == {"U-001": "saved", "U-002": "saved"}  # unchanged
    t = done.trail("U-001")
    assert t.status == "finalised" and len(t) == 2 and t.since == datetime.datetime(2024, 3, 7, 10, 0)
    assert t.entries[1]["actor"] == "op-3171011001" and t.entries[1]["action"] == {"move": "finalise"}
    t.verify()
    assert done.check(AS_OF, session=session) == []
    # Whitespace around the statement is ignored; a datetime works for `at`.
    at = datetime.datetime(2024, 3, 7, 11, 0)
    assert batch.finalise("  " + dtks.STATEMENT + "\n", AS_OF, at=at, session=session).statuses["U-002"] == "finalised"
    # Finalised once, not twice.
    with pytest.raises(dtks.InvalidProposal) as e:
        done.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T12:00:00", session=session)
    assert codes(e.value.problems) == ["USULAN_STATUS_WRONG", "USULAN_STATUS_WRONG"]
    assert pickle.loads(pickle.dumps(done)) == done
    assert Batch.from_json(done.to_json()) == done == Batch.from_dict(done.to_dict())


def test_finalise_blocked_for_each_reason(batch: Batch, session: Session) -> None:
    with pytest.raises(dtks.InvalidProposal) as e:
        batch.finalise(dtks.STATEMENT.lower(), AS_OF, at="2024-03-07T10:00:00", session=session)
    assert e.value.code == "USULAN_STATEMENT_MISMATCH" and e.value.context["hint"] == "letter_case"
    assert isinstance(e.value, ValueError)
    with pytest.raises(dtks.InvalidProposal) as e:
        batch.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00")  # the prelist is not given
    assert codes(e.value.problems) == ["USULAN_PRELIST_NOT_GIVEN"]
    b = copy.deepcopy(BATCH)
    del b["berita_acara_usulan"]
    b["proposals"][1]["household"]["documents"] = {}
    with pytest.raises(dtks.InvalidProposal) as e:
        Batch(b).finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=session)
    found = codes(e.value.problems)
    assert "USULAN_BERITA_ACARA_MISSING" in found and "USULAN_DOCUMENT_MISSING" in found
    assert e.value.code == found[0]
    assert codes(Batch(b).finalisation_problems(dtks.STATEMENT, AS_OF, session=session)) == found
    assert batch.finalisation_problems(dtks.STATEMENT, AS_OF, session=session) == []
    # A session with errors blocks too, with the InvalidProposal class and every problem.
    s = copy.deepcopy(SESSION)
    del s["berita_acara"]
    with pytest.raises(dtks.InvalidProposal) as e:
        batch.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=Session(s))
    assert e.value.code == "MUSYAWARAH_BERITA_ACARA_MISSING"
    with pytest.raises(dtks.InvalidArgument):
        batch.finalise(dtks.STATEMENT, AS_OF, at="7 March", session=session)


def test_statement_mismatch() -> None:
    assert dtks.STATEMENT == "Saya bertanggung jawab terhadap data usulan tersebut"
    assert dtks.statement_mismatch(dtks.STATEMENT) is None
    assert dtks.statement_mismatch("  ") == "empty"
    assert dtks.statement_mismatch(dtks.STATEMENT.upper()) == "letter_case"
    assert dtks.statement_mismatch(dtks.STATEMENT + ".") == "text"


# ---- status and lifecycle ---------------------------------------------------------------------


def test_status_by_name_and_nik(batch: Batch) -> None:
    a = batch.status(name="  WATI   rahayu ")
    assert a == [{"proposal_index": 1, "proposal_id": "U-002",
                  "member": "proposals[1].household.families[0].members[0]",
                  "name_masked": "W••• R•••••", "status": "saved",
                  "since": "2024-03-07T09:17:00", "last_move": {"move": "save"}, "note": None}]
    # Part of a name (issue 13): each word begins a word of the name, any order, accents ignored.
    assert [x["proposal_id"] for x in batch.status(name="rah wat", partial=True)] == ["U-002"]
    assert [x["proposal_id"] for x in batch.status(name="WÁTI", partial=True)] == ["U-002"]
    assert batch.status(name="ati", partial=True) == []
    assert batch.status(name="wati") == []  # whole names unless partial
    assert batch.status(nik="3171012312050006")[0]["proposal_id"] == "U-002"  # Dedi, a member
    assert batch.status(nik=dtks.Nik("3171011708800001"))[0]["proposal_id"] == "U-001"
    assert batch.status(name="nobody") == [] and batch.status(name="  ") == []
    with pytest.raises(dtks.InvalidArgument):
        batch.status()
    with pytest.raises(dtks.InvalidArgument):
        batch.status(nik="3171011708800001", name="Budi Santoso")
    with pytest.raises(dtks.InvalidNik):
        batch.status(nik="31710117088")


def test_the_whole_path_to_verified_and_rejected(batch: Batch, session: Session) -> None:
    b = batch.finalise(dtks.STATEMENT, AS_OF, actor="op", at="2024-03-07T10:00:00", session=session)
    for pid in b.proposal_ids:
        b = b.record(pid, "start_verification", "dinsos-3171", "2024-03-11T08:00:00")
    b = b.record(0, "verify", "kemensos", "2024-03-20T09:00:00", note="padan; layak")
    b = b.record("U-002", "reject", "kemensos", "2024-03-20T09:00:00", note="tidak padan",
                 reason="identity_not_matched")
    assert b.statuses == {"U-001": "verified", "U-002": "rejected"}
    a = b.status(nik="3171012312050006")[0]
    assert (a["status"], a["note"], a["last_move"]) == \
        ("rejected", "tidak padan", {"move": "reject", "reason": "identity_not_matched"})
    b = b.record(0, "deactivate", "dinsos-3171", "2024-03-28T09:00:00", reason="moved_away")
    assert b.statuses["U-001"] == "deactivated"
    for pid in b.proposal_ids:
        b.trail(pid).verify()
    # Illegal moves and the other refusals.
    with pytest.raises(dtks.InvalidTransition) as e:
        b.record("U-002", "verify", "x", "2024-03-29T09:00:00")
    assert e.value.code == "LIFECYCLE_ILLEGAL_MOVE" and e.value.path == "proposals[1].trail"
    assert e.value.context == {"event": "verify", "got": "rejected", "expected": "under_verification"}
    with pytest.raises(dtks.InvalidArgument):
        batch.record(0, "fly", "x")  # type: ignore[arg-type]
    with pytest.raises(dtks.InvalidArgument):
        batch.record(5, "finalise", "x")
    with pytest.raises(dtks.InvalidArgument):
        batch.record("U-999", "finalise", "x")  # type: ignore[arg-type]
    # Only Batch.finalise() finalises: the generic move cannot (issue 13).
    with pytest.raises(dtks.InvalidTransition) as e:
        batch.record("U-001", "finalise", "op", "2024-03-07T10:00:00")  # type: ignore[arg-type]
    assert e.value.code == "LIFECYCLE_FINALISE_RESERVED"


def test_the_finalise_entry_records_what_was_checked(batch: Batch, session: Session) -> None:
    done = batch.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=session)
    checked = done.trail(0).entries[1]["checked"]
    assert checked["berita_acara_usulan"] == BATCH["berita_acara_usulan"]
    assert checked["statement"] == dtks.STATEMENT
    assert len(checked["batch_hash"]) == 64


def test_status_does_not_answer_from_a_forged_trail(batch: Batch, session: Session) -> None:
    done = batch.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=session)
    d = json.loads(done.to_json())
    d["proposals"][1]["trail"][1]["actor"] = "op-lain"
    with pytest.raises(dtks.InvalidTransition) as e:
        Batch(d).status(name="Wati Rahayu")
    assert e.value.code == "AUDIT_TRAIL_BROKEN" and e.value.path == "proposals[1].trail[1]"


def test_audit_trail_moves_and_refusals(batch: Batch, session: Session) -> None:
    t = AuditTrail()
    assert (t.status, len(t), t.since, t.head) == ("draft", 0, None, "0" * 64)
    t = t.record("save", "op", "2024-03-07T09:00:00")
    with pytest.raises(dtks.InvalidTransition) as e:
        t.record("finalise", "op", datetime.datetime(2024, 3, 7, 10, 0))  # type: ignore[arg-type]
    assert e.value.code == "LIFECYCLE_FINALISE_RESERVED"
    # A finalised trail comes from the batch finalisation.
    t2 = batch.finalise(dtks.STATEMENT, AS_OF, at=datetime.datetime(2024, 3, 7, 10, 0), session=session).trail(0)
    t3 = t2.record("start_verification", "dinsos", "2024-03-08T08:00:00")
    assert (t.status, t2.status, t3.status) == ("saved", "finalised", "under_verification")
    with pytest.raises(dtks.InvalidTransition) as e:
        t3.record("reject", "k", "2024-03-09T08:00:00", reason="other")
    assert e.value.code == "LIFECYCLE_REASON_REQUIRED"
    assert t3.record("reject", "k", "2024-03-09T08:00:00", reason="other", note="alamat fiktif").status == "rejected"
    with pytest.raises(dtks.InvalidArgument):
        t3.record("reject", "k", "2024-03-09T08:00:00")  # reject needs a reason
    with pytest.raises(dtks.InvalidTransition) as e:
        t3.record("verify", "k", "2024-03-01T08:00:00")
    assert e.value.code == "LIFECYCLE_TIME_BACKWARDS"
    with pytest.raises(dtks.InvalidTransition) as e:
        t.record("verify", "k", "2024-03-09T08:00:00")
    assert e.value.code == "LIFECYCLE_ILLEGAL_MOVE"
    assert AuditTrail(t3.entries) == t3 == AuditTrail(t3.to_json())
    assert pickle.loads(pickle.dumps(t3)) == t3
    assert repr(t3) == "AuditTrail(status='under_verification', entries=3)"
    assert t.status == "saved"
    with pytest.raises(dtks.InvalidTransition) as e:
        AuditTrail('{"not": "a trail"}')
    assert e.value.code == "DOCUMENT_INVALID"


def test_tampered_and_truncated_trails_are_detected(batch: Batch, session: Session) -> None:
    done = batch.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=session)
    t = done.trail(1)
    head = t.head
    entries = t.entries
    entries[0]["actor"] = "someone-else"
    edited = AuditTrail(entries)
    assert not edited.is_intact()
    with pytest.raises(dtks.InvalidTransition) as e:
        edited.verify()
    assert e.value.code == "AUDIT_TRAIL_BROKEN" and e.value.context.get("index") == 0
    cut = AuditTrail(t.entries[:1])
    cut.verify()  # a shorter chain is still a chain ...
    assert not cut.is_intact(head)  # ... but not the one whose head was kept
    with pytest.raises(dtks.InvalidTransition):
        cut.verify(head)
    t.verify(head)
    # The batch check finds the edit too.
    d = done.to_dict()
    d["proposals"][1]["trail"][0]["actor"] = "someone-else"
    found = Batch(d).check(AS_OF, session=session)
    assert "AUDIT_TRAIL_BROKEN" in codes(found)


def test_next_status() -> None:
    assert dtks.next_status("draft", "save") == "saved"
    assert dtks.next_status("verified", "deactivate", reason="died") == "deactivated"
    with pytest.raises(dtks.InvalidTransition) as e:
        dtks.next_status("draft", "finalise")
    assert e.value.code == "LIFECYCLE_ILLEGAL_MOVE"
    with pytest.raises(dtks.InvalidArgument):
        dtks.next_status("lost", "save")  # type: ignore[arg-type]
    assert dtks.STATUSES[0] == "draft" and len(dtks.STATUSES) == 7


def test_batch_repr_masks(batch: Batch) -> None:
    r = repr(batch)
    assert r == "Batch(id='B-3171011001-2024-03', operator_village='31.71.01.1001', proposals=2)"
    assert not any(s in r + repr(batch.trail(0)) for s in SECRETS)


@pytest.mark.parametrize("obj", [Session, PrelistAkhir, Batch, AuditTrail, dtks.next_status,
                                 dtks.statement_mismatch], ids=lambda o: o.__name__)
def test_docstring_examples_of_the_process(obj: Any) -> None:
    import doctest
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(obj, obj.__name__, globs={"dtks": dtks}) if t.examples]
    assert tests, f"{obj} has no example"
    for t in tests:
        runner.run(t)
    assert runner.failures == 0


KEY = "5f1e0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f"


def test_key_and_heads_anchor_the_trails(session: Session) -> None:
    # A host keeping a key from the first move: drafts saved with it, then finalised with it.
    d = copy.deepcopy(BATCH)
    for p in d["proposals"]:
        p.pop("trail", None)
    b = Batch(d)
    for pid in ("U-001", "U-002"):
        b = b.record(pid, "save", "op-3171011001", "2024-03-06T09:00:00", key=KEY)
    done = b.finalise(dtks.STATEMENT, AS_OF, at="2024-03-07T10:00:00", session=session, key=KEY)
    assert all("seal" in e for e in done.trail(0).entries)
    assert [p.code for p in done.check(AS_OF, session=session, key=KEY) if p.severity == "error"] == []
    # Another key: every trail is caught at its first entry.
    other = "11" * 32
    broken = [(p.code, p.path, p.context["kind"]) for p in done.check(AS_OF, session=session, key=other)
              if p.code == "AUDIT_TRAIL_BROKEN"]
    assert broken == [("AUDIT_TRAIL_BROKEN", "proposals[0].trail[0]", "seal_mismatch"),
                      ("AUDIT_TRAIL_BROKEN", "proposals[1].trail[0]", "seal_mismatch")]
    # Truncated at the end: only the kept head shows it.
    heads = {"U-001": done.trail(0).head, "U-002": done.trail(1).head}
    cut = json.loads(done.to_json())
    cut["proposals"][1]["trail"].pop()
    assert Batch(cut).status(name="Wati Rahayu", key=KEY)[0]["status"] == "saved"
    with pytest.raises(dtks.InvalidTransition) as e:
        Batch(cut).status(name="Wati Rahayu", key=KEY, heads=heads)
    assert (e.value.code, e.value.path, e.value.context["kind"]) == (
        "AUDIT_TRAIL_BROKEN", "proposals[1].trail[1]", "truncated")
    with pytest.raises(dtks.InvalidArgument):
        done.check(AS_OF, key="abcd")
