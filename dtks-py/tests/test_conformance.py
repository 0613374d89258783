"""The shared conformance cases (tests/conformance/*.json) through the Python
API; matching rules as in tests/conformance/README.md."""

from __future__ import annotations

import collections
import json
from typing import Any, Dict, List, Tuple

import pytest

import dtks

from conftest import CONFORMANCE


def load() -> List[Tuple[str, Dict[str, Any]]]:
    cases = []
    files = sorted(CONFORMANCE.glob("*.json"))
    assert files, f"no conformance files in {CONFORMANCE}"
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            cases.append((doc["kind"], case))
    return cases


CASES = load()


@pytest.mark.parametrize("kind,case", CASES, ids=[f"{k}: {c['name']}" for k, c in CASES])
def test_case(kind: str, case: Dict[str, Any]) -> None:
    as_of = case.get("as_of", "2026-01-01")
    lenient = bool(case.get("lenient", False))
    expect = case["expect"]
    if kind == "nik":
        answer = dtks.decode_nik(case["input"], lenient, as_of)
        # The class agrees with the answer.
        if answer["valid"]:
            nik = (dtks.Nik.parse_lenient if lenient else dtks.Nik.parse)(case["input"])
            assert nik.masked == answer["masked"]
        else:
            with pytest.raises(dtks.InvalidNik) as e:
                (dtks.Nik.parse_lenient if lenient else dtks.Nik.parse)(case["input"])
            assert e.value.code == answer["code"]
    elif kind == "kk":
        answer = dtks.decode_kk(case["input"], lenient, as_of)
        parse = dtks.NoKk.parse_lenient if lenient else dtks.NoKk.parse
        if answer["valid"]:
            parse(case["input"]).check(as_of)
        elif answer["code"] in ("KK_ISSUED_FUTURE", "KK_ISSUED_BEFORE_REGISTRY"):
            # Well formed, impossible on as_of: the number parses, the check says why.
            with pytest.raises(dtks.InvalidKk) as e:
                parse(case["input"]).check(as_of)
            assert e.value.code == answer["code"]
        else:
            with pytest.raises(dtks.InvalidKk) as e:
                parse(case["input"])
            assert e.value.code == answer["code"]
    elif kind == "region":
        answer = dtks.regions.lookup(case["input"])
    elif kind == "household":
        answer = dtks.validate_household(case["input"], as_of)
        got = collections.Counter((p["code"], p["path"], p["severity"]) for p in answer["problems"])
        want = collections.Counter((p["code"], p["path"], p["severity"]) for p in expect.get("problems", []))
        assert answer["valid"] == expect["valid"]
        assert got == want
        if isinstance(case["input"], dict):
            objs = dtks.Household(case["input"]).validate(as_of)
            assert collections.Counter((p.code, p.path, p.severity) for p in objs) == got
        return
    elif kind == "jakarta":
        inp = case["input"]
        answer = dtks.check_jakarta(inp["accounts"], inp.get("registry"), as_of)
        got = collections.Counter((p["code"], p["path"], p["severity"]) for p in answer["problems"])
        want = collections.Counter((p["code"], p["path"], p["severity"]) for p in expect.get("problems", []))
        assert answer["valid"] == expect["valid"]
        assert got == want
        # The same text as JSON gives the same answer.
        assert dtks.check_jakarta(json.dumps(inp["accounts"]), inp.get("registry"), as_of) == answer
        return
    elif kind == "usulan":
        inp = case["input"]
        batch = dtks.Batch(inp["batch"])
        given: Dict[str, Any] = dict(
            as_of=as_of,
            session=dtks.Session(inp["session"]) if "session" in inp else None,
            registered_niks=inp.get("registered_niks"),
            key=inp.get("key"),
            heads=inp["heads"]["heads"] if "heads" in inp else None,
            quorum=inp.get("quorum"),
        )
        if inp["op"] == "finalise":
            try:
                done = batch.finalise(inp["statement"], actor=inp["actor"], at=inp["at"], **given)
                # Finalised: what remains are the warnings the finalisation saw.
                problems = batch.finalisation_problems(inp["statement"], **given)
                assert done.statuses == {i: "finalised" for i in batch.proposal_ids}
                finalised = True
            except dtks.InvalidProposal as e:
                problems, finalised = e.problems, False
            assert finalised == expect["finalised"]
        else:
            problems = batch.check(**given)
            awaiting = batch.awaiting_ranking(as_of=as_of)
            assert [[a["proposal_index"], a["programmes"]] for a in awaiting] == expect["awaiting_ranking"]
        got = collections.Counter((p.code, p.path, p.severity) for p in problems)
        want = collections.Counter((p["code"], p["path"], p["severity"]) for p in expect["problems"])
        assert got == want
        assert (not any(p.severity == "error" for p in problems)) == expect["valid"]
        return
    else:
        pytest.fail(f"unknown kind {kind}")
    for key, value in expect.items():
        assert answer[key] == value, key
