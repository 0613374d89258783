"""The shapes of the dicts dtks hands back, as ``TypedDict``\ s, so that a
type checker (``mypy --strict``) checks the code that reads them::

    from dtks.records import Summary
    s: Summary = report.summary
    s["rows_read"] == s["rows_valid"] + s["rows_invalid"]

They are plain dicts at run time.
"""

from __future__ import annotations

from typing import Dict, List, Literal, Optional, TypedDict


__all__ = ["CodeCount", "RegionCount", "RuleVersion", "IndexStats", "Summary", "RowProblem"]


class CodeCount(TypedDict):
    """Problems of one code in a bulk run."""

    severity: Optional[Literal["error", "warning"]]
    count: int


class RegionCount(TypedDict):
    """Records of one province or regency in a bulk run."""

    name: Optional[str]
    rows: int
    invalid: int


class RuleVersion(TypedDict):
    """A rule set applied by an extra stage."""

    id: str
    version: str


class IndexStats(TypedDict):
    """The cross-record index at the end of a run."""

    people: int
    families: int
    households: int
    duplicate_keys: int
    bytes: int


class _SummaryBase(TypedDict):
    dtks_version: str
    format: str
    mapping: str
    input_sha256: str
    input_bytes: int
    as_of: str
    region_table: str
    rules: List[RuleVersion]
    rows_read: int
    rows_valid: int
    rows_invalid: int
    households: int
    members: int
    problems: int
    errors: int
    warnings: int
    per_code: Dict[str, CodeCount]
    per_province: Dict[str, RegionCount]
    per_regency: Dict[str, RegionCount]
    stages: Dict[str, Dict[str, int]]
    index: IndexStats



class Summary(_SummaryBase, total=False):
    """``Report.summary``: the accounting (``rows_read == rows_valid + rows_invalid``),
    counts per code and region, and what was read. Keys that only some runs
    have are optional."""

    #: CSV only: the byte between fields, as given or detected.
    delimiter: str
    #: What the input was unpacked from: ``gzip``, or a workbook's kind
    #: (``xlsx``, ``xlsb``, ``xls``, ``ods``).
    container: str
    #: A workbook: the name of the sheet read.
    sheet: str


class RowProblem(TypedDict):
    """One item of ``Report.problems``: a problem placed on its records."""

    row: Optional[int]
    rows: List[int]
    household: Optional[str]
    field: str
    path: str
    code: str
    severity: Literal["error", "warning"]
    context: Dict[str, str]
    message_id: str
    message_en: str
