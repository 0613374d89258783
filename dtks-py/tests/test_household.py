"""Household: from a dict or JSON, validate() returning Problems, check(),
masking, pickling. Rules come from dtks_core::household::validate; these
tests break one rule each on the consistent base household (conftest.BASE)."""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict, List

import pytest

import dtks
from dtks import Household, Problem

AS_OF = "2026-01-01"


def test_consistent_household_has_no_problem(household: Dict[str, Any]) -> None:
    h = Household(household)
    assert h.validate(AS_OF) == []
    assert h.is_valid(AS_OF)
    assert h.check(AS_OF) == []
    assert (h.id, h.village_code, h.family_count, h.member_count) == ("RT-0001", "31.71.01.1001", 1, 3)


def test_from_json_bytes_and_dict_agree(household: Dict[str, Any]) -> None:
    text = json.dumps(household)
    assert Household.from_json(text) == Household.from_dict(household) == Household(text.encode())
    assert Household(text) == Household(household)


def test_two_heads(household: Dict[str, Any]) -> None:
    household["families"][0]["members"][1]["relationship"] = "head"
    problems = Household(household).validate(AS_OF)
    codes = [(p.code, p.path, p.severity) for p in problems]
    assert ("FAMILY_MANY_HEADS", "families[0]", "error") in codes


def test_nik_sex_mismatch_masks_the_nik(household: Dict[str, Any]) -> None:
    household["families"][0]["members"][0]["sex"] = "female"  # NIK says male
    problems = Household(household).validate(AS_OF)
    p = next(p for p in problems if p.code == "NIK_SEX_MISMATCH")
    assert p.path == "families[0].members[0].sex" or p.path.startswith("families[0].members[0]")
    everything = repr(p) + str(p) + p.message("en") + p.message("id") + repr(p.context) + repr(p.to_dict())
    assert "3171011708800001" not in everything
    assert "Budi" not in everything


def test_invalid_nik_in_household(household: Dict[str, Any]) -> None:
    household["families"][0]["members"][2]["nik"] = "317101120610003"
    problems = Household(household).validate(AS_OF)
    p = next(p for p in problems if p.code == "NIK_DIGITS_LOST")
    assert p.path == "families[0].members[2].nik"
    assert p.is_error and p.severity == "error"


def test_check_raises_with_every_problem(household: Dict[str, Any]) -> None:
    household["families"][0]["members"][0]["relationship"] = "other"
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household(household).check(AS_OF)
    assert e.value.code == "FAMILY_NO_HEAD"
    assert e.value.path == "families[0]"
    assert [p.code for p in e.value.problems] == [p.code for p in Household(household).validate(AS_OF)]


def test_check_raises_invalid_household_whatever_the_first_code(household: Dict[str, Any]) -> None:
    # The first error is a NIK parse code: still one InvalidHousehold, never InvalidNik.
    household["families"][0]["members"][2]["nik"] = "317101120610003"
    household["families"][0]["members"][0]["relationship"] = "other"
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household(household).check(AS_OF)
    assert type(e.value) is dtks.InvalidHousehold
    codes = [p.code for p in e.value.problems]
    assert "NIK_DIGITS_LOST" in codes and "FAMILY_NO_HEAD" in codes
    assert codes == [p.code for p in Household(household).validate(AS_OF)]
    assert e.value.code == codes[0]
    assert f"({len(codes)} problems in all)" in e.value.message
    assert f"({len(codes)} masalah seluruhnya)" in e.value.message_id


def test_unreadable_household_carries_its_problem() -> None:
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household("{not json")
    assert [p.code for p in e.value.problems] == ["JSON_INVALID"]


def test_messages_in_two_languages(household: Dict[str, Any]) -> None:
    del household["families"][0]["members"]
    household["families"][0]["members"] = []
    p = Household(household).validate(AS_OF)[0]
    assert p.code == "FAMILY_NO_MEMBERS"
    assert p.message() == p.message("id") != p.message("en")
    with pytest.raises(dtks.InvalidArgument):
        p.message("fr")


def test_unreadable_household_is_json_invalid() -> None:
    for bad in ("{not json", '{"id": 1}', "[]"):
        with pytest.raises(dtks.InvalidHousehold) as e:
            Household(bad)
        assert e.value.code == "JSON_INVALID"
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household({"id": "x", "address": {"village_code": "31.71.01.1001"}, "nama": "Siti Aminah"})
    assert "Siti" not in str(e.value)  # serde messages never quote values


def test_validate_household_answer(household: Dict[str, Any]) -> None:
    a = dtks.validate_household(household, AS_OF)
    assert a == {"valid": True, "errors": 0, "warnings": 0, "problems": []}
    a = dtks.validate_household("{", AS_OF)
    assert not a["valid"] and a["problems"][0]["code"] == "JSON_INVALID"
    assert dtks.validate_household(Household(household), AS_OF)["valid"]


def test_repr_masks_and_round_trips(household: Dict[str, Any]) -> None:
    h = Household(household)
    assert repr(h) == "Household(id='RT-0001', families=1, members=3)"
    assert pickle.loads(pickle.dumps(h)) == h
    assert Household(h.to_dict()) == h
    assert Household.from_json(h.to_json()) == h


def test_problem_value_object() -> None:
    p = Problem("NIK_LENGTH", "families[0].members[1].nik", "error", [("len", "15")])
    assert p.code == "NIK_LENGTH" and p.context == {"len": "15"}
    assert "15" in p.message("en")
    assert repr(p) == "Problem(code='NIK_LENGTH', severity='error', path='families[0].members[1].nik')"
    assert pickle.loads(pickle.dumps(p)) == p and hash(pickle.loads(pickle.dumps(p))) == hash(p)
    d = p.to_dict()
    assert d["code"] == "NIK_LENGTH" and d["message_en"] == p.message("en")
    assert Problem("NIK_LENGTH", severity="warning").severity == "warning"
    with pytest.raises(dtks.InvalidArgument):
        Problem("NOPE")
    with pytest.raises(dtks.InvalidArgument):
        Problem("NIK_LENGTH", severity="fatal")  # type: ignore[arg-type]


ROW_HEADER = ["id_rt", "kode_desa", "no_kk", "nik", "nama", "tgl_lahir", "jenis_kelamin", "hub_keluarga"]
ROW_VALUES = [
    ["RT-1", "3171011001", "3171011503150007", "3171011708800001", "Budi Santoso", "1980-08-17", "1", "1"],
    ["RT-1", "3171011001", "3171011503150007", "3171014503820002", "Sri Wahyuni", "1982-03-05", "2", "2"],
]


def _rows() -> List[Dict[str, Any]]:
    return [dict(zip(ROW_HEADER, v)) for v in ROW_VALUES]


def test_household_from_row_dicts_and_a_dataframe_group() -> None:
    h = Household.from_rows(_rows(), as_of=AS_OF)
    assert h.id == "RT-1" and h.family_count == 1 and h.member_count == 2
    d = h.to_dict()
    member = d["families"][0]["members"][1]
    assert member["nik"] == "3171014503820002" and member["sex"] == "female"
    assert member["relationship"] == "spouse" and member["birth_date"] == "1982-03-05"
    assert h.validate(AS_OF) == []
    import polars as pl

    df = pl.DataFrame([dict(zip(ROW_HEADER, v)) for v in ROW_VALUES + [["RT-2"] + ROW_VALUES[0][1:]]])
    groups = {k[0]: g for k, g in df.group_by("id_rt", maintain_order=True)}
    assert Household.from_rows(groups["RT-1"]) == h
    # RT-2 repeats a NIK of RT-1: a finding about the dataset, not a reading problem.
    both = Household.all_from_rows(df)
    assert [x.id for x in both] == ["RT-1", "RT-2"]
    with pytest.raises(dtks.InvalidArgument):
        Household.from_rows(df)
    one = Household.from_rows(_rows()[0])
    assert one.member_count == 1


def test_rows_that_cannot_be_read_raise_with_their_problems() -> None:
    rows = _rows()
    rows[0]["tgl_lahir"] = "31/31/1980"  # not a date: left unknown by the reader
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household.from_rows(rows, as_of=AS_OF)
    assert any(p.path.endswith("birth_date") for p in e.value.problems)
    # A household that reads fine but breaks a rule is returned: validate() says why.
    rows = _rows()
    rows[1]["hub_keluarga"] = 1  # two heads; an int cell is written as it is
    h = Household.from_rows(rows, as_of=AS_OF)
    assert "FAMILY_MANY_HEADS" in [p.code for p in h.validate(AS_OF)]
    # A NIK held as a float is never read as the digits it became: the column
    # is named as held in floats, as for a table's float64 column.
    rows = _rows()
    rows[0]["nik"] = 3.171011708800001e15
    with pytest.raises(dtks.InvalidHousehold) as e:
        Household.from_rows(rows, as_of=AS_OF)
    assert [p.code for p in e.value.problems] == ["ID_COLUMN_FLOAT"]


def test_a_float_cell_gets_the_same_verdict_from_a_dict_and_from_a_table() -> None:
    """A NIK held as a float (pandas float64) is judged by the core the same
    way whether the rows come as dicts or as a table: the column is named as
    held in floats, and its values are not read as the digits they became."""
    pa = pytest.importorskip("pyarrow")
    row = {"id_rt": "RT-9", "kode_desa": "3171011001", "no_kk": "3171011503150007",
           "nik": 9171031708800003.0, "nama": "Budi", "tgl_lahir": "1980-08-17",
           "jenis_kelamin": 1.0, "hub_keluarga": 1}
    codes = []
    for rows in ([row], pa.Table.from_pylist([row])):
        try:
            Household.from_rows(rows, as_of=AS_OF)
            codes.append(None)
        except dtks.InvalidHousehold as e:
            codes.append(sorted(p.code for p in e.problems))
    assert codes[0] == codes[1], codes
    assert codes[0] is not None and "ID_COLUMN_FLOAT" in codes[0], codes
