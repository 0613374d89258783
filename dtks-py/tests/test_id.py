"""Nik and NoKk: parse, decode, masking, raw on request, equality, pickling.

Expectations from docs/domain/identity.md (NIK = district + date with
day + 40 for women + serial; KK = district + DDMMYY recording date + serial).
"""

from __future__ import annotations

import copy
import datetime
import pickle

import pytest

import dtks
from dtks import InvalidKk, InvalidNik, Nik, NoKk

AS_OF = "2026-01-01"

# One input per parse code, in the order of checks (docs/domain/identity.md §1).
NIK_CASES = [
    ("123", "NIK_LENGTH"),
    ("317101410190000a", "NIK_NON_DIGIT"),
    ("3.57301E+15", "NIK_SCIENTIFIC_NOTATION"),
    ("317101410190001", "NIK_DIGITS_LOST"),
    ("9971014101900001", "NIK_PROVINCE_UNKNOWN"),
    ("3199014101900001", "NIK_REGENCY_UNKNOWN"),
    ("3171994101900001", "NIK_DISTRICT_UNKNOWN"),
    ("3171017104900001", "NIK_DATE_INVALID"),  # 31 April (female)
    ("3171012902010001", "NIK_LEAP_DAY"),  # 29 Feb '01
    ("3171014101900000", "NIK_SERIAL_ZERO"),
]
KK_CASES = [
    ("123", "KK_LENGTH"),
    ("3.57301E+15", "KK_SCIENTIFIC_NOTATION"),
    ("317101150315000", "KK_DIGITS_LOST"),
    ("3171014103150007", "KK_DATE_INVALID"),  # day 41 is never a KK day
    ("3171011503150000", "KK_SERIAL_ZERO"),
]


def test_decode_female_nik() -> None:
    nik = Nik("3171014101900001")
    assert nik.sex == "female"
    assert (nik.birth_day, nik.birth_month, nik.birth_yy) == (1, 1, 90)
    assert nik.birth_date(AS_OF) == datetime.date(1990, 1, 1)
    assert nik.birth_date(datetime.date(2026, 1, 1)) == datetime.date(1990, 1, 1)
    assert (nik.province, nik.regency, nik.district) == ("31", "31.71", "31.71.01")
    assert nik.serial == 1
    assert nik.region_status == "current"
    assert nik.matches_birth_date(datetime.date(1990, 1, 1))
    assert not nik.matches_birth_date(datetime.date(1991, 1, 1))


def test_century_resolved_against_as_of() -> None:
    nik = Nik("3171011708100001")  # 17-08-10
    assert nik.birth_date("2026-01-01") == datetime.date(2010, 8, 17)
    assert nik.birth_date("2009-01-01") == datetime.date(1910, 8, 17)


def test_masked_everywhere_raw_on_request() -> None:
    nik = Nik("3171014101900001")
    assert repr(nik) == "Nik('3171••••••••0001')"
    assert str(nik) == nik.masked == "3171••••••••0001"
    assert "3171014101900001" not in repr([nik]) + f"{nik}" + str({"n": nik})
    assert nik.raw() == "3171014101900001"
    kk = NoKk("3171011503150007")
    assert repr(kk) == "NoKk('3171••••••••0007')"
    assert kk.raw() == "3171011503150007"


def test_lenient_parse() -> None:
    assert Nik.parse_lenient(" 3171 0141-0190.0001 ") == Nik("3171014101900001")
    with pytest.raises(InvalidNik) as e:
        Nik.parse("3171 0141 0190 0001")
    assert e.value.code == "NIK_NON_DIGIT"
    assert NoKk.parse_lenient("3171-0115-0315-0007") == NoKk("3171011503150007")


def test_equality_hash_order_pickle() -> None:
    a, b = Nik("3171014101900001"), Nik.parse("3171014101900001")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Nik("3171014101900002") and a < Nik("3171014101900002")
    assert a != "3171014101900001"
    for v in (a, NoKk("3171011503150007")):
        assert pickle.loads(pickle.dumps(v)) == v
        assert copy.deepcopy(v) == v


@pytest.mark.parametrize("text,code", NIK_CASES)
def test_every_nik_code(text: str, code: str) -> None:
    with pytest.raises(InvalidNik) as e:
        Nik(text)
    err = e.value
    assert err.code == code
    assert isinstance(err, dtks.DtksError) and isinstance(err, ValueError)
    assert err.path == ""
    assert err.message and err.message_id and err.message != err.message_id
    assert text not in str(err) or len(text) < 8  # never the full number
    assert dtks.decode_nik(text, as_of=AS_OF)["code"] == code


@pytest.mark.parametrize("text,code", KK_CASES)
def test_every_kk_code(text: str, code: str) -> None:
    with pytest.raises(InvalidKk) as e:
        NoKk(text)
    assert e.value.code == code
    assert dtks.decode_kk(text, as_of=AS_OF)["code"] == code


def test_kk_decode() -> None:
    kk = NoKk("3171011503150007")
    assert kk.recorded_on(AS_OF) == datetime.date(2015, 3, 15)
    assert (kk.province, kk.regency, kk.district, kk.serial) == ("31", "31.71", "31.71.01", 7)
    d = kk.decode(AS_OF)
    assert d["valid"] and d["recorded_on"] == "2015-03-15" and d["recorded_after_as_of"] is False


def test_retired_region_prefix() -> None:
    nik = Nik("9102030101900001")  # 91.02 moved to 95.01 by UU 16/2022
    assert nik.region_status == "retired"
    d = nik.decode(AS_OF)
    assert d["successor"] == "95.01.02" and d["retired_by"] == "UU 16/2022"


def test_decode_dict_masks() -> None:
    d = Nik("3171014101900001").decode(AS_OF)
    assert d["masked"] == "3171••••••••0001"
    assert "3171014101900001" not in repr(d)


def test_bad_as_of_is_invalid_argument() -> None:
    nik = Nik("3171014101900001")
    with pytest.raises(dtks.InvalidArgument) as e:
        nik.birth_date("01/01/2026")
    assert e.value.code is None and isinstance(e.value, ValueError)
    with pytest.raises(dtks.InvalidArgument):
        nik.birth_date(42)  # type: ignore[arg-type]


def test_as_of_defaults_to_today() -> None:
    assert Nik("3171014101900001").birth_date() == datetime.date(1990, 1, 1)


def test_wrong_type_is_type_error() -> None:
    with pytest.raises(TypeError):
        Nik(3171014101900001)  # type: ignore[arg-type]
