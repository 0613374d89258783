"""dtks.regions: lookups in the embedded Kemendagri table (docs/domain/regions.md)."""

from __future__ import annotations

import datetime
import pickle

import pytest

import dtks
from dtks import regions


def test_get_and_navigate() -> None:
    v = regions.get("3171011001")
    assert v is not None
    assert (v.code, v.code_digits, v.name, v.level, v.village_kind) == (
        "31.71.01.1001", "3171011001", "Gambir", "village", "kelurahan")
    d = v.parent()
    assert d is not None and d.code == "31.71.01" and d.level == "district"
    assert v.province().code == "31"
    k = regions.get("31.71")
    assert k is not None and k.regency_kind == "kota" and k.village_kind is None
    assert [c.code for c in regions.get("31").children()] == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]  # type: ignore[union-attr]
    assert regions.get("31").parent() is None  # type: ignore[union-attr]


def test_unknown_and_retired() -> None:
    assert regions.get("99") is None
    assert regions.get("64.04") is None  # retired in 2012
    a = regions.alias("64.04")
    assert a is not None and a["new_code"] == "65.01" and a["level"] == "regency"
    assert isinstance(a["since"], datetime.date)
    assert regions.alias("31.71") is None
    with pytest.raises(KeyError):
        dtks.Region("99.99")


def test_search() -> None:
    hits = regions.search("jakarta pusat", level="regency")
    assert [r.code for r in hits] == ["31.71"]
    assert len(regions.search("bakongan", limit=3)) == 3
    with pytest.raises(dtks.InvalidArgument):
        regions.search("x", level="kampung")


def test_lookup_info_provinces() -> None:
    assert regions.lookup("31.71.01")["parent"] == "31.71"
    assert regions.lookup("nope") == {
        "found": False, "level": None, "code": None, "name": None, "parent": None,
        "regency_kind": None, "village_kind": None}
    info = regions.info()
    assert info["counts"]["provinces"] == len(regions.provinces()) == 38
    assert info["provenance"]["data_licence"] == "ODbL-1.0"
    assert info["table_version"] == regions.TABLE_VERSION


def test_region_value_semantics() -> None:
    r = dtks.Region("31.71")
    assert r == regions.get("3171") and hash(r) == hash(regions.get("3171"))
    assert pickle.loads(pickle.dumps(r)) == r
    assert repr(r) == "Region('31.71', 'Kota Administrasi Jakarta Pusat')"
    assert r.to_dict()["regency_kind"] == "kota"
