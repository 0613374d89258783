"""The exception hierarchy: one root, ValueError where the input is at fault,
the core's stable codes on every exception."""

from __future__ import annotations

import pickle

import pytest

import dtks

INPUT_CLASSES = [
    dtks.InvalidNik, dtks.InvalidKk, dtks.InvalidHousehold, dtks.InvalidArgument,
    dtks.InvalidMapping, dtks.InvalidRules, dtks.InvalidSession, dtks.InvalidProposal,
    dtks.InvalidTransition,
]


@pytest.mark.parametrize("cls", INPUT_CLASSES)
def test_input_errors_are_value_errors(cls: type) -> None:
    assert issubclass(cls, dtks.InvalidInput)
    assert issubclass(cls, dtks.DtksError)
    assert issubclass(cls, ValueError)
    assert cls.__module__ == "dtks"
    assert cls.__doc__


def test_io_error_is_os_error() -> None:
    assert issubclass(dtks.DtksIOError, dtks.DtksError)
    assert issubclass(dtks.DtksIOError, OSError)
    assert not issubclass(dtks.DtksIOError, ValueError)


def test_every_code_maps_to_a_class() -> None:
    seen = set()
    for c in dtks.codes():
        cls = dtks.exception_for(c["code"])
        assert cls is not None and issubclass(cls, dtks.DtksError), c
        assert cls.__name__ == c["exception"]
        assert c["severity"] in ("error", "warning")
        assert c["template_en"] != c["template_id"]
        seen.add(c["code"])
    assert {"NIK_LENGTH", "KK_SERIAL_ZERO", "JSON_INVALID", "FAMILY_NO_HEAD"} <= seen
    assert dtks.exception_for("NOT_A_CODE") is None


def test_mapping_of_families() -> None:
    assert dtks.exception_for("NIK_SERIAL_ZERO") is dtks.InvalidNik
    assert dtks.exception_for("NIK_SEX_MISMATCH") is dtks.InvalidHousehold  # a household rule
    assert dtks.exception_for("KK_LEAP_DAY") is dtks.InvalidKk
    # The class a parse raises is the class the code maps to, spreadsheet
    # artefacts and the card's date check included.
    for code in ["NIK_APOSTROPHE", "NIK_FORMULA_TEXT", "NIK_FLOAT_SUFFIX", "NIK_FLOAT_PRECISION"]:
        assert dtks.exception_for(code) is dtks.InvalidNik, code
    for code in ["KK_APOSTROPHE", "KK_FLOAT_SUFFIX", "KK_ISSUED_FUTURE"]:
        assert dtks.exception_for(code) is dtks.InvalidKk, code
    with pytest.raises(dtks.InvalidNik) as e:
        dtks.Nik("'3171011708800001")
    assert dtks.exception_for(e.value.code) is dtks.InvalidNik
    assert dtks.exception_for("JSON_INVALID") is dtks.InvalidHousehold
    assert dtks.exception_for("RULE_PARSE") is dtks.InvalidRules
    assert dtks.exception_for("MUSYAWARAH_AGENDA_EMPTY") is dtks.InvalidSession
    assert dtks.exception_for("USULAN_BATCH_EMPTY") is dtks.InvalidProposal
    assert dtks.exception_for("LIFECYCLE_ILLEGAL_MOVE") is dtks.InvalidTransition


def test_exception_attributes_and_pickle() -> None:
    with pytest.raises(dtks.DtksError) as e:
        dtks.Nik("123")
    err = e.value
    assert (err.code, err.path, err.context) == ("NIK_LENGTH", "", {"len": 3})
    assert "3" in err.message and "3" in err.message_id
    assert str(err).startswith("NIK_LENGTH: ")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is dtks.InvalidNik and back.code == "NIK_LENGTH"


def test_except_value_error_catches_input_errors() -> None:
    with pytest.raises(ValueError):
        dtks.NoKk("x")
    with pytest.raises(ValueError):
        dtks.Household("{not json")


def test_problem_to_exception() -> None:
    p = dtks.Problem("NIK_LENGTH", "families[0].members[0].nik", context=[("len", "3")])
    exc = p.to_exception()
    assert isinstance(exc, dtks.InvalidNik)
    assert exc.path == "families[0].members[0].nik"
    with pytest.raises(dtks.InvalidNik):
        raise exc


def test_problem_location_is_keys_and_indices() -> None:
    # pydantic-core's `loc`: the path a host walks its own document with.
    p = dtks.Problem("NIK_LENGTH", "families[0].members[12].nik", context=[("len", "3")])
    assert p.loc == ("families", 0, "members", 12, "nik")
    assert dtks.Problem("HEADER_MISSING", "").loc == ()
    assert dtks.Problem("VALUE_INVALID", "proposals[P-1].programmes").loc == ("proposals", "P-1", "programmes")
