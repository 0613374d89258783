"""Shared fixtures: the conformance directory and a consistent household."""

from __future__ import annotations

import copy
import pathlib
from typing import Any, Dict

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "conformance"
AS_OF = "2026-01-01"

# The base household of tests/conformance/household.json (consistent: no problem).
BASE: Dict[str, Any] = {
    "id": "RT-0001",
    "address": {"village_code": "31.71.01.1001", "rt": "001", "rw": "002", "street": "Jl. Contoh 1"},
    "families": [
        {
            "kk": "3171011503150007",
            "members": [
                {"nik": "3171011708800001", "name": "Budi Santoso", "birth_date": "1980-08-17",
                 "sex": "male", "relationship": "head", "marital_status": "married"},
                {"nik": "3171014503820002", "name": "Sri Wahyuni", "birth_date": "1982-03-05",
                 "sex": "female", "relationship": "spouse", "marital_status": "married"},
                {"nik": "3171011206100003", "name": "Agus", "birth_date": "2010-06-12",
                 "sex": "male", "relationship": "child", "marital_status": "never_married",
                 "schooling": "junior_secondary"},
            ],
        }
    ],
}


@pytest.fixture
def household() -> Dict[str, Any]:
    return copy.deepcopy(BASE)


HEADER = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga"
ROWS = [
    "RT-1,3171011001,3171011503150007,3171011708800001,Budi Santoso,1980-08-17,1,1",
    "RT-1,3171011001,3171011503150007,3171014503820002,Sri Wahyuni,1982-03-05,2,2",
    "RT-2,3171011001,3171011503150008,3171011206100003,Agus,2010-06-12,1,1",
]


@pytest.fixture
def csv_text() -> str:
    return HEADER + "\n" + "\n".join(ROWS) + "\n"
