"""A table validated in partitions, on an engine that distributes them
(Dask: ``dtks.dask``; Spark and others through these functions), with the
report one run over the whole table gives: the same problems in the same
order, the same counts.

Every partition is checked alone (all per-household checks) in the Rust
core; what crosses partitions (a NIK in two households, a KK number in two
villages, a probable duplicate person, a household out of place) is found
from the keys each partition emits, grouped by the engine:

1. ``validate_partition(part, n, rows_before, keys=True)`` on each partition
   gives its keys (``kind``, ``key``, ``row``, ``value``);
2. the engine's group-by keeps the keys met more than once, with every
   occurrence (``repeated_keys`` does it for one machine);
3. ``validate_partition(part, n, rows_before, seen=repeated)`` on each
   partition again gives its part of the report;
4. ``merge(parts)`` adds the parts up into one report.

Partitions are consecutive parts of the table in its order (``rows_before``
is the number of rows of the partitions before), and each household must be
in one partition: partition by ``id_rt`` (or the village code), with
``id_rt`` a column (a DataFrame's index is not read: ``reset_index()``
first). A household
cut by the partitioning is ``HOUSEHOLD_SPLIT_BY_PARTITION`` on its later
piece. Each pass validates the partition once: a partitioned run does twice
the work of one run, spread over the engine's workers.

The keys table holds NIK and KK numbers in full (the data's own): keep it
in the engine, never in a report.

>>> import pyarrow as pa
>>> from dtks import scale
>>> rows = {"id_rt": ["RT-1", "RT-2"], "kode_desa": ["3171011001"] * 2,
...         "no_kk": ["3171011503150007", "3171011503150008"],
...         "nik": ["3171011708800001"] * 2, "nama": ["Budi", "Budi"],
...         "tgl_lahir": ["1980-08-17"] * 2, "jenis_kelamin": ["1", "1"],
...         "hub_keluarga": ["1", "1"]}
>>> table = pa.table(rows)
>>> parts = [table.slice(0, 1), table.slice(1, 1)]
>>> keys = pa.concat_tables(scale.validate_partition(p, i, i, keys=True, as_of="2026-01-01").keys
...                         for i, p in enumerate(parts))
>>> seen = scale.repeated_keys(keys)
>>> report = scale.merge([scale.validate_partition(p, i, i, seen=seen, as_of="2026-01-01")
...                       for i, p in enumerate(parts)])
>>> [(p["row"], p["code"]) for p in report.problems]
[(2, 'NIK_IN_TWO_HOUSEHOLDS')]
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import typing as _typing

from . import _dtks

__all__ = [
    "KEY_COLUMNS",
    "Part",
    "PartitionedReport",
    "merge",
    "options",
    "partition_keys",
    "repeated_keys",
    "validate_partition",
]

#: The columns of a keys table: ``kind`` (0 household, 1 NIK, 2 person,
#: 3 KK), ``key``, ``row`` (the table's row number), ``value``, ``order``
#: (when the index met it: of a key's occurrences the core takes the first
#: met, which inside a household is not always the lowest row). A keys table
#: given as ``seen`` may also have ``rows_before``: its keys were met by
#: ``partition_keys`` (rows numbered within their partition), and the core
#: moves them after that many rows of the table.
KEY_COLUMNS = ("kind", "key", "row", "value", "order")

if _typing.TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Union

    from ._dtks import BulkOptions
    from .records import RowProblem, Summary

    DateLike = Union[_datetime.date, str, None]


def options(
    *,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 1,
    assess: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
) -> BulkOptions:
    """The options of every partition's run, as ``dtks.bulk.validate_table``
    takes them, made once for the whole table: ``as_of`` ``None`` is today
    *here*, so that no two workers judge on different days. ``threads``: per
    partition (1: the engine's workers are the parallelism). ``assess``:
    ``True`` for the built-in rule sets (a ``RuleSet`` does not travel to
    other processes).
    """
    if as_of is None:
        as_of = _datetime.date.today().isoformat()
    elif isinstance(as_of, _datetime.date):
        as_of = as_of.isoformat()
    return {
        "mapping": mapping,
        "as_of": as_of,
        "threads": threads,
        "assess": assess,
        "date_formats": date_formats,
        "nulls": nulls,
        "accept_repaired": accept_repaired,
    }


class Part:
    """One partition's part of the report: plain data (it travels back from
    the engine's workers by pickle).

    Attributes:
        number: the partition's number.
        summary: its summary (with a ``partition`` entry for the merge).
        problems: its problems, as ``Report.problems`` gives them.
        valid_mask, invalid_mask: one flag per row of the partition.
        keys: the keys it met (a ``pyarrow.Table``), when asked; else ``None``.
    """

    __slots__ = ("number", "summary", "problems", "valid_mask", "invalid_mask", "keys")

    def __init__(
        self,
        number: int,
        summary: Summary,
        problems: List[RowProblem],
        valid_mask: List[bool],
        invalid_mask: List[bool],
        keys: Any = None,
    ) -> None:
        self.number = number
        self.summary = summary
        self.problems = problems
        self.valid_mask = valid_mask
        self.invalid_mask = invalid_mask
        self.keys = keys

    def __getstate__(self) -> Dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        for k in self.__slots__:
            setattr(self, k, state[k])

    def __repr__(self) -> str:
        return f"Part(number={self.number}, rows={len(self.valid_mask)}, problems={len(self.problems)})"


def validate_partition(
    part: Any,
    number: int,
    rows_before: int,
    *,
    seen: Any = None,
    keys: bool = False,
    **opts: Any,
) -> Part:
    """Validates partition ``number`` of a table (anything with
    ``__arrow_c_stream__``: a pyarrow Table, a polars or pandas DataFrame),
    whose first row is row ``rows_before + 1`` of the table.

    Arguments:
        seen: the keys of the whole table met more than once (the engine's
            group-by, or ``repeated_keys``); ``None`` on the first pass.
        keys: also return the keys the partition meets (``Part.keys``).
        opts: ``options(...)``'s keywords, or ``options=`` a dict it made.

    Raises:
        InvalidArgument: not an Arrow table, a keys table without its columns.
    """
    given = opts.pop("options", None)
    run_opts = given if given is not None else options(**opts)
    if _is_pandas(part):
        part = _pandas_to_arrow(part)
    if seen is not None and _is_pandas(seen):
        seen = _pandas_to_arrow(seen[_key_columns(seen.columns)])
    report, met = _dtks.validate_partition(part, number, rows_before, seen, keys, run_opts)
    table = None
    if met is not None:
        import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

        table = pyarrow.Table.from_struct_array(pyarrow.array(met))
    return Part(
        number,
        report.summary,
        report.problems,
        report.valid_mask(),
        report.invalid_mask(),
        table,
    )


def partition_keys(part: Any, **opts: Any) -> Any:
    """The first pass over one partition, run as a table of its own (rows
    numbered from 1, so that it needs no other partition's length): the
    keys it meets, as a ``pyarrow.Table`` of ``KEY_COLUMNS``. Give their
    occurrences to ``validate_partition`` with a ``rows_before`` column.
    """
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    given = opts.pop("options", None)
    run_opts = given if given is not None else options(**opts)
    if _is_pandas(part):
        part = _pandas_to_arrow(part)
    _report, met = _dtks.validate_partition(part, 0, 0, None, True, run_opts)
    return pyarrow.Table.from_struct_array(pyarrow.array(met))


def repeated_keys(keys: Any) -> Any:
    """The keys met more than once, with every occurrence: what an engine's
    group-by on ``(kind, key)`` keeps, done here with pyarrow on one machine.
    """
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    if not isinstance(keys, pyarrow.Table):
        keys = pyarrow.table(keys)
    counts = keys.group_by(["kind", "key"]).aggregate([("row", "count")])
    many = counts.filter(pyarrow.compute.greater(counts["row_count"], 1))
    return keys.join(many.select(["kind", "key"]), ["kind", "key"], join_type="inner").select(
        _key_columns(keys.column_names)
    )


class PartitionedReport:
    """The report of a table validated in partitions: what ``Report`` says
    of one run over the whole table.

    Attributes:
        summary: the whole table's summary. ``index`` is the sum of the
            partitions' indexes; ``input_sha256`` the SHA-256 of the
            partitions' hashes, ``input_bytes`` their sum.
        problems: every problem, in table order (each as ``Report.problems``).
    """

    def __init__(
        self,
        summary: Summary,
        problems: List[RowProblem],
        valid_mask: List[bool],
        invalid_mask: List[bool],
        valid: bool,
    ) -> None:
        self.summary = summary
        self.problems = problems
        self._valid = valid_mask
        self._invalid = invalid_mask
        self._verdict = valid

    @property
    def valid(self) -> bool:
        """True when no record and no file-level problem has an error."""
        return self._verdict

    def valid_mask(self) -> List[bool]:
        """One flag per row of the table, in table order: ``True`` where valid."""
        return list(self._valid)

    def invalid_mask(self) -> List[bool]:
        """One flag per row: ``True`` where the row has an error."""
        return list(self._invalid)

    def table(self) -> str:
        """The terminal summary table, as ``dtks validate`` prints it."""
        return str(_dtks.summary_table(_json.dumps(self.summary)))

    def __len__(self) -> int:
        return len(self.problems)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"PartitionedReport(rows_read={s['rows_read']}, rows_valid={s['rows_valid']}, "
            f"rows_invalid={s['rows_invalid']}, problems={len(self.problems)})"
        )


def merge(parts: Iterable[Part]) -> PartitionedReport:
    """One report from every partition's ``Part`` (second pass), in any
    order: the counts added up by the core, the problems in table order,
    then those of the table's end (``FILE_NOT_GROUPED``, …).

    Raises:
        InvalidArgument: a part missing or given twice (``PARTITION_NUMBERS``),
            partitions that do not follow each other (``PARTITION_ROWS``), a
            first pass's part (``PARTITION_FIRST_PASS``), partitions whose
            columns differ (``PARTITION_COLUMNS``: their column problems are not
            partition 0's) or that were run with other options
            (``PARTITION_OPTIONS``), a whole run's report
            (``PARTITION_NOT_A_PARTITION``).
    """
    ordered = sorted(parts, key=lambda p: p.number)
    summary, closing, verdict = _dtks.merge_partitions([_json.dumps(p.summary) for p in ordered])
    problems: List[RowProblem] = []
    valid: List[bool] = []
    invalid: List[bool] = []
    for p in ordered:
        problems.extend(p.problems)
        valid.extend(p.valid_mask)
        invalid.extend(p.invalid_mask)
    problems.extend(closing)
    return PartitionedReport(summary, problems, valid, invalid, verdict)


def _is_pandas(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] == "pandas"


def _key_columns(names: Iterable[str]) -> List[str]:
    """The keys table's columns among ``names``, ``rows_before`` included."""
    have = set(names)
    return [c for c in (*KEY_COLUMNS, "rows_before") if c in have]


def _pandas_to_arrow(frame: Any) -> Any:
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return pyarrow.Table.from_pandas(frame, preserve_index=False)
