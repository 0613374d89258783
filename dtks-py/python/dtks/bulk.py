"""Bulk validation of whole exports: CSV or JSON Lines files, and tables.

Every rule runs in the Rust core, with the GIL released: grouping rows into
households by ``id_rt``, per-household validation, and the cross-record
checks (a NIK in two households, a KK in two villages, ...). Nothing is
dropped: ``summary["rows_read"] == rows_valid + rows_invalid``.

>>> from dtks import bulk
>>> text = ("id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\\n"
...         "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\\n"
...         "RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\\n")
>>> report = bulk.validate_csv_text(text, as_of="2026-01-01")
>>> report.valid
False
>>> [p["code"] for p in report.problems]
['FAMILY_MANY_HEADS', 'NIK_DUPLICATE_IN_HOUSEHOLD']

Tables: anything with ``__arrow_c_stream__`` (pyarrow Table, polars or
pandas>=2.2 DataFrame), column names as in the reference layout; the Arrow
buffers are read directly, never through Python objects::

    report = bulk.validate_table(polars.read_csv("data.csv", infer_schema=False))
    problems = polars.DataFrame(report)      # or report.problems_table()
"""

from __future__ import annotations

import datetime
import os
import sys
from typing import Any, Callable, List, Optional, Union

from . import _dtks
from ._dtks import Report

__all__ = [
    "Report",
    "validate_file",
    "validate_table",
    "validate_csv_text",
    "validate_jsonl_text",
    "MAPPINGS",
]

#: The builtin column mappings (``reference``, ``bdt2015``).
MAPPINGS = tuple(_dtks.MAPPINGS)

DateLike = Union[datetime.date, str, None]
#: ``True`` (a tqdm bar when tqdm is installed, else a line on stderr), a
#: tqdm-like object (anything with ``update(n)``), or ``f(rows, bytes)``.
Progress = Union[bool, Callable[[int, int], Any], Any, None]


def _progress(progress: Progress, total: Optional[int], unit: str) -> Optional[Callable[[int, int], None]]:
    """Adapts the ``progress`` option to the native ``f(rows, bytes)``."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm import tqdm  # type: ignore[import-not-found, import-untyped, unused-ignore]

            progress = tqdm(total=total, unit=unit, unit_scale=True, desc="dtks")
        except ImportError:

            def line(rows: int, nbytes: int) -> None:
                print(f"\rdtks: {rows:,} rows, {nbytes:,} bytes", end="", file=sys.stderr)

            return line
    update = getattr(progress, "update", None)
    if callable(update):
        bar = progress
        seen = [0]

        def tick(rows: int, nbytes: int) -> None:
            now = nbytes if unit == "B" else rows
            update(now - seen[0])
            seen[0] = now
            if total is not None and now >= total and hasattr(bar, "close"):
                bar.close()

        return tick
    if callable(progress):
        return progress  # type: ignore[no-any-return, unused-ignore]
    raise TypeError("progress: expected True, a tqdm-like object or a callable(rows, bytes)")


def validate_file(
    path: Union[str, "os.PathLike[str]"],
    *,
    format: Optional[str] = None,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 0,
    progress: Progress = None,
    delimiter: Optional[str] = None,
    decimal_comma: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
) -> Report:
    """Validates a CSV or JSON Lines file.

    Arguments:
        path: the file.
        format: ``"csv"`` or ``"jsonl"``; by default from the extension (CSV otherwise).
        mapping: a builtin mapping name (``MAPPINGS``) or a ``.toml``/``.json`` mapping file.
        as_of: the reference date (``None`` = today).
        threads: worker threads; 0 = every core.
        progress: see ``Progress``.
        delimiter: CSV: ``","``, ``";"``, ``"|"``, ``"tab"`` (or the character). ``None``:
            a comma, or ``;``, a tab or ``|`` when the header names columns only with
            that one (``report.summary["delimiter"]`` says which).
        decimal_comma: CSV: numbers use a decimal comma (``36,5``; rupiah may group
            thousands with dots), as spreadsheets set up for Indonesia write them; the
            same as ``decimal = ","`` in a mapping.
        date_formats: dates in these forms (strftime, e.g. ``["%d/%m/%Y"]``), replacing
            the mapping's ``date_formats``.
        nulls: tokens that mean unknown in every column (``["NULL", "-"]``), added to
            the mapping's ``nulls``.
        accept_repaired: read a NIK or KK number that a spreadsheet marked as text
            (``'3171…``, ``="3171…"``) or wrote as a decimal (``3171….0``), 16 digits
            intact, with a warning of its code instead of an error.

    Returns:
        a ``Report``.

    Raises:
        DtksIOError: the file cannot be read.
        InvalidMapping: the mapping is unusable.
        InvalidArgument: a bad format or date.
    """
    total = os.path.getsize(path) if progress is not None and os.path.exists(path) else None
    cb = _progress(progress, total, "B")
    return _dtks.validate_file(
        os.fspath(path),
        format,
        mapping,
        as_of,
        threads,
        cb,
        delimiter,
        decimal_comma,
        date_formats,
        nulls,
        accept_repaired,
    )


def validate_table(
    table: Any,
    *,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 0,
    progress: Progress = None,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
) -> Report:
    """Validates a table: any object with ``__arrow_c_stream__`` (pyarrow
    Table or RecordBatchReader, polars DataFrame, pandas>=2.2 DataFrame).

    Columns are matched by name as a CSV header is (the reference layout, or
    through ``mapping``). Strings, integers, floats (integral values written
    as integers), booleans (1/0), dates, timestamps (their date) and
    dictionary-encoded strings are accepted. Rows are numbered from 1.
    ``date_formats``, ``nulls`` and ``accept_repaired`` as for ``validate_file``
    (numbers come with a dot from Arrow: no ``decimal_comma``).

    Raises:
        InvalidArgument: not an Arrow table, or a column of an unsupported type.
        InvalidMapping: the mapping is unusable.
    """
    total = None
    if progress is not None:
        total = _rows(table)
    cb = _progress(progress, total, "rows")
    return _dtks.validate_arrow(
        table, mapping, as_of, threads, cb, date_formats, nulls, accept_repaired
    )


def _rows(table: Any) -> Optional[int]:
    for attr in ("num_rows", "height"):
        n = getattr(table, attr, None)
        if isinstance(n, int):
            return n
    try:
        return len(table)
    except TypeError:
        return None


def validate_csv_text(
    text: str,
    *,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 0,
    delimiter: Optional[str] = None,
    decimal_comma: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
) -> Report:
    """Validates CSV text held in memory (see ``validate_file``)."""
    return _dtks.validate_text(
        text,
        "csv",
        mapping,
        as_of,
        threads,
        delimiter,
        decimal_comma,
        date_formats,
        nulls,
        accept_repaired,
    )


def validate_jsonl_text(text: str, *, as_of: DateLike = None, threads: int = 0) -> Report:
    """Validates JSON Lines text held in memory (one household JSON per line)."""
    return _dtks.validate_text(text, "jsonl", None, as_of, threads)
