"""Typed usage of dtks, checked by `mypy --strict` against the installed stubs."""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

import dtks
from dtks import bulk, regions
from dtks.records import Summary


def birth(nik_text: str) -> Optional[datetime.date]:
    try:
        nik = dtks.Nik(nik_text)
    except dtks.InvalidNik as e:
        code: Optional[str] = e.code
        print(code, e.path, e.message, e.context)
        return None
    masked: str = nik.masked
    print(masked, nik.sex, nik.serial + 1)
    return nik.birth_date(datetime.date(2026, 1, 1))


def household_codes(data: Dict[str, Any]) -> List[str]:
    h = dtks.Household(data)
    problems: List[dtks.Problem] = h.validate("2026-01-01")
    return [p.code + p.message("en") for p in problems]


def household_outcomes(data: Dict[str, Any], rules: Optional[dtks.RuleSet]) -> List[str]:
    a: dtks.Assessment = dtks.Household(data).assess("2026-01-01", rules, trace=False)
    return [d.outcome for d in a.decisions]


def region_name(code: str) -> str:
    r = regions.get(code)
    return r.name if r is not None else ""


def run(path: str) -> int:
    report: dtks.Report = bulk.validate_file(path, as_of="2026-01-01", threads=1)
    s: Summary = report.summary
    rows: int = s["rows_read"]
    lost: int = s["per_code"]["NIK_DIGITS_LOST"]["count"] if "NIK_DIGITS_LOST" in s["per_code"] else 0
    first: List[int] = [p["rows"][0] for p in report.problems if p["rows"]]
    mask: List[bool] = report.valid_mask()
    # Context values are typed as they arrive: a length is a number.
    lengths: List[int] = [v for p in report.problems for v in [p["context"].get("len")] if isinstance(v, int)]
    read_enc: str = s["encoding"] + s["encoding_by"]
    skipped: int = s["rows_blank"] + s["rows_header"]
    page: str = report.html("en")
    shown: str = report._repr_html_()
    return rows + len(first) + lost + sum(mask) + sum(lengths) + skipped + len(read_enc)


kk: dtks.NoKk = dtks.NoKk.parse_lenient("3171-0115-0315-0007")
cls: Optional[type] = dtks.exception_for("NIK_LENGTH")
