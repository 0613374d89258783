"""The shapes of the dicts dtks hands back, as ``TypedDict`` classes, so that a
type checker (``mypy --strict``) checks the code that reads them::

    from dtks.records import Summary
    s: Summary = report.summary
    s["rows_read"] == s["rows_valid"] + s["rows_invalid"]

They are plain dicts at run time.
"""

# No `from __future__ import annotations` and the typing names under `_t`:
# `dir(dtks.records)` is its `__all__`, and `typing.get_type_hints` works.
import typing as _t


__all__ = ["ContextValue", "CodeCount", "RegionCount", "RuleVersion", "IndexStats", "Summary", "RowProblem"]


#: A value of a problem's ``context``.
ContextValue = _t.Union[str, int, float, bool, None, _t.List[_t.Any], _t.Dict[str, _t.Any]]


class CodeCount(_t.TypedDict):
    """Problems of one code in a bulk run."""

    severity: _t.Optional[_t.Literal["error", "warning"]]
    count: int


class RegionCount(_t.TypedDict):
    """Records of one province or regency in a bulk run."""

    name: _t.Optional[str]
    rows: int
    invalid: int


class RuleVersion(_t.TypedDict):
    """A rule set applied by an extra stage."""

    id: str
    version: str


class IndexStats(_t.TypedDict):
    """The cross-record index at the end of a run."""

    people: int
    families: int
    households: int
    duplicate_keys: int
    bytes: int


class _SummaryBase(_t.TypedDict):
    dtks_version: str
    format: str
    mapping: str
    input_sha256: str
    input_bytes: int
    #: The text encoding read: ``utf-8``, ``utf-16le``, ``utf-16be``, ``cp1252``.
    encoding: str
    #: How it was decided: ``default``, ``bom``, ``detected``, ``option``.
    encoding_by: str
    as_of: str
    region_table: str
    rules: _t.List[RuleVersion]
    rows_read: int
    rows_valid: int
    rows_invalid: int
    #: CSV records whose every field is empty: skipped, outside ``rows_read``.
    rows_blank: int
    #: CSV records that repeat the header mid-file: skipped, outside ``rows_read``.
    rows_header: int
    households: int
    members: int
    problems: int
    errors: int
    warnings: int
    per_code: _t.Dict[str, CodeCount]
    per_province: _t.Dict[str, RegionCount]
    per_regency: _t.Dict[str, RegionCount]
    stages: _t.Dict[str, _t.Dict[str, int]]
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
    #: JSON Lines of export-layout records (not households): ``records``.
    shape: str
    #: One partition's run (``dtks.scale.validate_partition``): what the merge
    #: needs of it (its number, its rows before, the counts behind the
    #: problems of the table's end). Absent from a merged summary.
    partition: _t.Dict[str, _t.Any]


class RowProblem(_t.TypedDict):
    """One item of ``Report.problems``: a problem placed on its records."""

    row: _t.Optional[int]
    rows: _t.List[int]
    household: _t.Optional[str]
    field: str
    path: str
    code: str
    severity: _t.Literal["error", "warning"]
    #: The values that fill the message: texts, numbers (lengths, counts,
    #: row numbers), lists and objects (a text in each language, a place).
    context: _t.Dict[str, ContextValue]
    message_id: str
    message_en: str
