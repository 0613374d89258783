"""Programme assessment: RuleSet (built-in, from text, from files, in force on
a date), dtks.assess, Assessment and Decision.

The expectations come from tests/scenarios/*.json, written from the rule
documents and their sources (docs/domain/programmes.md), not from the engine's output:
every check of every scenario file is replayed through Python."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
from typing import Any, Dict, List, Tuple

import pytest

import dtks
from dtks import Assessment, Decision, Household, RuleSet

from conftest import BASE, ROOT

SCENARIOS = ROOT / "tests" / "scenarios"
RULES_DIR = ROOT / "dtks-core" / "data" / "rules"


def _checks() -> List[Tuple[str, Dict[str, Any], Dict[str, Any]]]:
    out = []
    for path in sorted(SCENARIOS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            for k, check in enumerate(case["checks"]):
                out.append((f"{path.stem}/{case['name']}/{k}", case["household"], check))
    return out


CHECKS = _checks()


def test_scenario_files_are_there_and_cover_both_outcomes() -> None:
    assert len(CHECKS) >= 40
    per_file: Dict[str, set[str]] = {}
    for name, _, check in CHECKS:
        per_file.setdefault(name.split("/")[0], set()).add(check["outcome"])
    assert len(per_file) >= 8
    for f, outcomes in per_file.items():
        assert {"eligible", "not_eligible"} <= outcomes, f


@pytest.mark.parametrize("name,household,check", CHECKS, ids=[c[0] for c in CHECKS])
def test_scenario_expectation(name: str, household: Dict[str, Any], check: Dict[str, Any]) -> None:
    a = dtks.assess(household, check["as_of"])
    found = a.find(check["programme"], check["unit"])
    assert len(found) == 1, f"{name}: no single decision for {check['programme']} {check['unit']}"
    d = found[0]
    assert d.outcome == check["outcome"]
    assert d.eligible == (check["outcome"] == "eligible")
    if "amount_per_year" in check:
        assert d.per_year == check["amount_per_year"]
        assert d.amount is not None and d.amount["per_year"] == check["amount_per_year"]
    if "amount_per_period" in check:
        assert d.per_period == check["amount_per_period"]
    if check["outcome"] != "eligible":
        assert d.per_year is None and d.amount is None
    if "rule_version" in check:
        assert d.rule_version == check["rule_version"]
    assert d.rule_id == d.programme == check["programme"]
    assert d.rule_hash.startswith("sha256:") or len(d.rule_hash) >= 32
    if "counted" in check:
        counted = sorted(f"{c['component']} {c['member']}" for c in d.components if c["counted"])
        assert counted == sorted(check["counted"])
    if "not_counted" in check:
        nc = {f"{c['component']} {c['member']}": c.get("not_counted")
              for c in d.components if not c["counted"] and "not_counted" in c}
        for k, v in check["not_counted"].items():
            assert nc.get(k) == v, k


def _case(file: str, case_name: str) -> Dict[str, Any]:
    doc = json.loads((SCENARIOS / file).read_text(encoding="utf-8"))
    return next(c for c in doc["cases"] if c["name"] == case_name)


def test_pkh_large_family_by_hand() -> None:
    # pkh.json: 2 x early childhood (3,000,000) + SD 900,000 + SMP 1,500,000 = 8,400,000 a year.
    case = _case("pkh.json", "large family above the cap of 4 components")
    d = dtks.assess(case["household"], "2025-06-01").find("pkh", "families[0]")[0]
    assert (d.outcome, d.per_year, d.per_period, d.period) == ("eligible", 8_400_000, 2_100_000, "quarter")
    assert d.unit == "family" and d.path == "families[0]" and d.rule_version == "2025"
    assert d.programme_name("en") != "" and d.programme_name("id") != ""


def test_pkh_desil_6_either_side_of_2025() -> None:
    case = _case("pkh.json", "desil 6 either side of 1 Jan 2025")
    before = dtks.assess(case["household"], "2024-12-31").find("PKH")[0]
    after = dtks.assess(case["household"], "2025-01-01").find("PKH")[0]
    assert (before.outcome, before.rule_version, before.per_year) == ("eligible", "2022", 3_000_000)
    assert (after.outcome, after.rule_version, after.per_year) == ("not_eligible", "2025", None)
    # The failing condition is in the trace, with the path it read.
    failing = [s for s in after.trace if s["result"] == "fail"]
    assert any(s["path"] == "desil" for s in failing), after.trace
    assert before.rule_hash != after.rule_hash


def test_sembako_undecidable_when_membership_unknown() -> None:
    case = _case("sembako.json", "membership unknown")
    d = dtks.assess(case["household"], "2023-05-01").find("SEMBAKO", "families[0]")[0]
    assert d.outcome == "undecidable" and not d.eligible
    assert any(s["result"] == "undecidable" for s in d.trace)


# ---- assess: inputs, outputs, errors ------------------------------------------------


def test_household_forms_agree() -> None:
    h = Household(BASE)
    a = dtks.assess(h, "2025-06-01")
    assert dtks.assess(BASE, "2025-06-01") == a
    assert dtks.assess(json.dumps(BASE), "2025-06-01") == a
    assert dtks.assess(json.dumps(BASE).encode(), "2025-06-01") == a
    assert RuleSet.builtin().assess(h, "2025-06-01") == a
    assert h.assess("2025-06-01") == a
    assert a.household == "RT-0001" and a.village_code == "3171011001"
    import datetime
    assert a.as_of == datetime.date(2025, 6, 1)
    assert len(a) == len(a.decisions) > 0


def test_texts_and_dicts() -> None:
    case = _case("pkh.json", "large family above the cap of 4 components")
    a = dtks.assess(case["household"], "2025-06-01")
    assert "LAYAK" in a.to_text() and a.to_text() == a.to_text("id")
    assert "ELIGIBLE" in a.to_text("en").upper() and a.to_text("en") != a.to_text("id")
    with pytest.raises(dtks.InvalidArgument):
        a.to_text("fr")  # type: ignore[arg-type]
    d = a.to_dict()
    assert d == json.loads(a.to_json())
    assert d["household"] == "PKH-1" and d["as_of"] == "2025-06-01"
    assert [x.to_dict() for x in a.decisions] == d["decisions"]
    assert isinstance(a.criteria, list) and a.criteria  # criteria sets in force, evaluated


def test_trace_off_is_faster_form_with_same_decisions() -> None:
    case = _case("pkh.json", "large family above the cap of 4 components")
    full = dtks.assess(case["household"], "2025-06-01")
    fast = dtks.assess(case["household"], "2025-06-01", trace=False)
    assert [(d.programme, d.path, d.outcome, d.per_year) for d in fast.decisions] == \
           [(d.programme, d.path, d.outcome, d.per_year) for d in full.decisions]
    assert all(d.trace == [] for d in fast.decisions)
    assert any(d.trace for d in full.decisions)
    assert fast.criteria == []


def test_bad_inputs_raise() -> None:
    with pytest.raises(dtks.InvalidHousehold) as e:
        dtks.assess("{not json", "2025-06-01")
    assert e.value.code == "JSON_INVALID"
    with pytest.raises(dtks.InvalidArgument):
        dtks.assess(BASE, "01/06/2025")
    with pytest.raises(TypeError):
        dtks.assess(BASE, "2025-06-01", rules="PKH")  # type: ignore[arg-type]


def test_repr_masks_and_pickles() -> None:
    a = dtks.assess(BASE, "2025-06-01")
    assert repr(a) == f"Assessment(household='RT-0001', as_of='2025-06-01', decisions={len(a)})"
    everything = repr(a) + "".join(repr(d) for d in a.decisions)
    for secret in ("3171011708800001", "Budi", "Sri Wahyuni"):
        assert secret not in everything
    d = a.decisions[0]
    assert repr(d).startswith(f"Decision(programme='{d.programme}', unit='{d.unit}'")
    assert pickle.loads(pickle.dumps(a)) == a
    assert pickle.loads(pickle.dumps(a)).to_text("en") == a.to_text("en")
    assert pickle.loads(pickle.dumps(d)) == d
    with pytest.raises(dtks.InvalidArgument):
        Assessment._restore("{}", "", "")
    with pytest.raises(dtks.InvalidArgument):
        Decision._restore("[1]")


# ---- rule sets -------------------------------------------------------------------------

PROGRAMME = """
kind = "programme"
id = "TEST_CHILD"
version = "1"
name = { id = "Bantuan uji", en = "Test grant" }
unit = "member"
effective_from = 2025-01-01
payment_period = "month"
sources = ["synthetic test document"]
eligibility = { all = [ { registered = true }, { age = { min = 0, max = 6 } } ] }
components = [ { id = "base", name = { id = "Dasar", en = "Base" }, amount = 100000, per = "month" } ]
"""

BOUNDED = PROGRAMME.replace("effective_from = 2025-01-01", "effective_from = 2025-01-01\neffective_until = 2025-12-31")

CHILD = {"id": "T-1", "address": {"village_code": "3201012001"}, "registered": True, "desil": 1,
         "families": [{"members": [{"relationship": "head", "birth_date": "1990-01-01"},
                                   {"relationship": "child", "birth_date": "2023-01-01"}]}]}


def test_builtin_documents_and_programmes_in_force() -> None:
    rules = RuleSet.builtin()
    docs = rules.documents()
    kinds = {d["kind"] for d in docs}
    assert kinds == {"programme", "criteria", "pmt"}
    assert any(d["id"] == "PKH" and d["version"] == "2025" for d in docs)
    ids_2025 = [p["id"] for p in rules.in_force("2025-06-01")]
    assert ids_2025 == sorted(ids_2025) and "PKH" in ids_2025 and "SEMBAKO" in ids_2025
    pkh_2024 = next(p for p in rules.in_force("2024-06-01") if p["id"] == "PKH")
    assert pkh_2024["version"] == "2022" and pkh_2024["unit"] == "family"
    # KJMU's 2024-desil version held only until 6 March 2024.
    kjmu = {p["id"]: p["version"] for p in rules.in_force("2024-02-01")}
    assert kjmu.get("KJMU") == "2024-desil"
    assert repr(rules).startswith("RuleSet(programmes=")
    shown = rules.show("PKH", "2022")
    assert shown is not None and shown["version"] == "2022" and shown["document"]["id"] == "PKH"
    assert rules.show("NO_SUCH") is None


def test_from_text_replaces_the_builtin_programmes() -> None:
    rules = RuleSet.from_text(PROGRAMME, format="toml", name="test.toml")
    assert [p["id"] for p in rules.in_force("2025-06-01")] == ["TEST_CHILD"]
    assert rules.in_force("2024-06-01") == []
    a = dtks.assess(CHILD, "2025-06-01", rules)
    assert Household(CHILD).assess("2025-06-01", rules) == a
    assert Household(CHILD).assess("2025-06-01", rules=rules, trace=False).decisions[1].per_year == 1_200_000
    assert [d.programme for d in a.decisions] == ["TEST_CHILD", "TEST_CHILD"]
    head, child = a.decisions
    assert (head.outcome, child.outcome) == ("not_eligible", "eligible")
    assert (child.per_period, child.per_year, child.period) == (100_000, 1_200_000, "month")
    assert child.rule_id == "TEST_CHILD" and child.rule_version == "1"
    both = RuleSet.from_text(PROGRAMME, builtin_programmes=True)
    assert {"TEST_CHILD", "PKH"} <= {p["id"] for p in both.in_force("2025-06-01")}
    # JSON works too.
    as_json = json.dumps({"kind": "programme", "id": "J", "version": "1",
                          "name": {"id": "J", "en": "J"}, "unit": "household",
                          "effective_from": "2025-01-01", "sources": ["test"], "eligibility": {"registered": True}})
    assert [p["id"] for p in RuleSet.from_text(as_json, format="json").in_force("2025-02-01")] == ["J"]


def test_bad_documents_raise_invalid_rules_with_every_problem() -> None:
    with pytest.raises(dtks.InvalidRules) as e:
        RuleSet.from_text("kind = 'programme'\nid = 'X'", name="bad.toml")
    assert e.value.code == "RULE_FIELD_MISSING"
    assert len(e.value.problems) >= 2 and all(p.code.startswith("RULE_") for p in e.value.problems)
    assert isinstance(e.value, ValueError) and isinstance(e.value, dtks.DtksError)
    with pytest.raises(dtks.InvalidRules) as e:
        RuleSet.from_text("kind = [", name="broken.toml")
    assert e.value.code == "RULE_PARSE"
    with pytest.raises(dtks.InvalidRules) as e:
        RuleSet.from_text(PROGRAMME.replace("amount = 100000", "amount = -5"))
    assert "RULE_NEGATIVE_AMOUNT" in [p.code for p in e.value.problems]
    with pytest.raises(dtks.InvalidArgument):
        RuleSet.from_text(PROGRAMME, format="yaml")  # type: ignore[arg-type]


def test_add_text_checks_overlapping_periods_and_keeps_the_original() -> None:
    v2 = (PROGRAMME.replace('version = "1"', 'version = "2"')
          .replace("effective_from = 2025-01-01", "effective_from = 2026-01-01"))
    # Version 1 has no end date: a later version supersedes it from its start.
    sup = RuleSet.from_text(PROGRAMME).add_text(v2)
    assert [p["version"] for p in sup.in_force("2025-06-01")] == ["1"]
    assert [p["version"] for p in sup.in_force("2026-06-01")] == ["2"]
    # Two versions starting the same day overlap.
    with pytest.raises(dtks.InvalidRules) as e:
        RuleSet.from_text(PROGRAMME).add_text(PROGRAMME.replace('version = "1"', 'version = "1b"'))
    assert e.value.code == "RULE_OVERLAPPING_PERIOD"
    base = RuleSet.from_text(BOUNDED)
    nxt = base.add_text(v2, name="v2.toml")
    assert [p["version"] for p in nxt.in_force("2025-06-01")] == ["1"]
    assert [p["version"] for p in nxt.in_force("2026-06-01")] == ["2"]
    assert base.in_force("2026-06-01") == []  # unchanged
    with pytest.raises(dtks.InvalidRules) as e:
        nxt.add_text(v2.replace('version = "2"', 'version = "3"'))
    assert e.value.code == "RULE_OVERLAPPING_PERIOD"


def test_from_files_and_errors(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "child.toml"
    f.write_text(PROGRAMME, encoding="utf-8")
    rules = RuleSet.from_files(f)
    assert [d["file"] for d in rules.documents() if d["kind"] == "programme"] == [str(f)]
    assert RuleSet.from_files(str(f)).in_force("2025-06-01") == rules.in_force("2025-06-01")
    pkh = RuleSet.from_files(RULES_DIR / "pkh-2025.toml")
    assert [p["id"] for p in pkh.in_force("2025-06-01")] == ["PKH"]
    with pytest.raises(dtks.DtksIOError):
        RuleSet.from_files(tmp_path / "missing.toml")
    with pytest.raises(dtks.InvalidArgument):
        RuleSet.from_files()
    with pytest.raises(dtks.InvalidRules):
        RuleSet.from_files(RULES_DIR / "pkh-2025.toml", builtin_programmes=True)  # overlaps itself
    assert rules.add_file(RULES_DIR / "pkh-2025.toml").show("PKH") is not None


def test_rule_sets_pickle() -> None:
    custom = RuleSet.from_text(BOUNDED).add_text(
        PROGRAMME.replace('version = "1"', 'version = "2"').replace("2025-01-01", "2027-01-01"))
    assert [p["version"] for p in custom.in_force("2027-06-01")] == ["2"]
    back = pickle.loads(pickle.dumps(custom))
    assert back.documents() == custom.documents()
    assert pickle.loads(pickle.dumps(RuleSet.builtin())).documents() == RuleSet.builtin().documents()
    assert dtks.assess(CHILD, "2025-06-01", back) == dtks.assess(CHILD, "2025-06-01", custom)


def test_builtin_programme_ids_match_scenarios() -> None:
    # Every scenario file names a built-in programme.
    ids = {d["id"] for d in RuleSet.builtin().documents() if d["kind"] == "programme"}
    for _, _, check in CHECKS:
        assert check["programme"] in ids


def test_household_copy_is_not_mutated() -> None:
    h = copy.deepcopy(BASE)
    dtks.assess(h, "2025-06-01")
    assert h == BASE


@pytest.mark.parametrize("obj", [RuleSet, Assessment, Decision], ids=lambda o: o.__name__)
def test_docstring_examples_of_assessment(obj: Any) -> None:
    import doctest
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(obj, obj.__name__, globs={"dtks": dtks}) if t.examples]
    assert tests, f"{obj} has no example"
    for t in tests:
        runner.run(t)
    assert runner.failures == 0
