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

import os as _os
import sys as _sys
import typing as _typing


from . import _dtks
from ._dtks import Report

__all__ = [
    "Report",
    "validate_file",
    "validate_table",
    "validate_csv_text",
    "validate_jsonl_text",
    "valid_rows",
    "invalid_rows",
    "MAPPINGS",
]

#: The builtin column mappings (``reference``, ``bdt2015``).
MAPPINGS = tuple(_dtks.MAPPINGS)

if _typing.TYPE_CHECKING:  # names for the annotations only: `dir(dtks.bulk)` is the API
    import datetime
    import os
    from typing import Any, Callable, List, Optional, Union

    from ._dtks import BulkOptions, RuleSet

    DateLike = Union[datetime.date, str, None]
    #: ``True`` (a tqdm bar when tqdm is installed, else a line on stderr), a
    #: tqdm-like object (anything with ``update(n)``), or ``f(rows, bytes)``.
    Progress = Union[bool, Callable[[int, int], Any], Any, None]


class _Ticker:
    """The ``progress`` option adapted to the native ``f(rows, bytes)``, and
    closed once the run ends (a bar is closed, a status line gets its final
    newline), whether the run succeeded or raised."""

    def __init__(self, progress: Progress, total: Optional[int], unit: str) -> None:
        self.callback: Optional[Callable[[int, int], Any]] = None
        self._close: Optional[Callable[[], Any]] = None
        if progress is None or progress is False:
            return
        if progress is True:
            try:
                # tqdm.auto: a notebook widget under Jupyter, a text bar elsewhere.
                from tqdm.auto import tqdm  # type: ignore[import-not-found, import-untyped, unused-ignore]
            except ImportError:
                self._line()
                return
            progress = tqdm(total=total, unit=unit, unit_scale=True, desc="dtks")
        update = getattr(progress, "update", None)
        if callable(update):
            seen = [0]

            def tick(rows: int, nbytes: int) -> None:
                now = nbytes if unit == "B" else rows
                update(now - seen[0])
                seen[0] = now

            self.callback = tick
            close = getattr(progress, "close", None)
            self._close = close if callable(close) else None
        elif callable(progress):
            self.callback = progress
        else:
            raise TypeError("progress: expected True, a tqdm-like object or a callable(rows, bytes)")

    def _line(self) -> None:
        shown = [False]

        def line(rows: int, nbytes: int) -> None:
            shown[0] = True
            print(f"\rdtks: {rows:,} rows, {nbytes:,} bytes", end="", file=_sys.stderr, flush=True)

        def end() -> None:
            if shown[0]:
                print(file=_sys.stderr, flush=True)

        self.callback = line
        self._close = end

    def __enter__(self) -> "_Ticker":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._close is not None:
            self._close()


def validate_file(
    path: Union[str, "os.PathLike[str]"],
    *,
    format: Optional[str] = None,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 0,
    progress: Progress = None,
    delimiter: Optional[str] = None,
    valid_out: Union[str, "os.PathLike[str]", None] = None,
    invalid_out: Union[str, "os.PathLike[str]", None] = None,
    assess: Union[bool, RuleSet] = False,
    decimal_comma: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
    encoding: Optional[str] = None,
    group: bool = False,
    sheet: Optional[str] = None,
) -> Report:
    """Validates a CSV or JSON Lines file (gzip-compressed or not), a
    spreadsheet workbook (xlsx, xlsm, xlsb, xls, ods: one sheet, read as CSV),
    or a table file: Parquet (``.parquet``, ``.pq``) or Arrow IPC (``.arrow``,
    ``.feather``, ``.arrows``), read by its columns with the report of the CSV
    of the same rows (the summary names the format and the file's hash).

    Arguments:
        path: the file.
        format: ``"csv"`` or ``"jsonl"``; by default from the name, as ``dtks validate``
            decides (``.csv``, ``.tsv``, ``.txt``, ``.psv``, ``.jsonl``, ``.ndjson``, the
            workbooks, each also under ``.gz``; the table files above): a name that says
            none of them (``export.gz``, ``notes.pdf``) raises ``InvalidArgument``, never
            read as CSV.
        mapping: a builtin mapping name (``MAPPINGS``) or a ``.toml``/``.json`` mapping file.
        as_of: the reference date (``None`` = today).
        threads: worker threads; 0 = every core.
        progress: see ``Progress``.
        delimiter: CSV: ``","``, ``";"``, ``"|"``, ``"tab"`` (or the character). ``None``:
            a comma, or ``;``, a tab or ``|`` when the header names columns only with
            that one (``report.summary["delimiter"]`` says which).
        valid_out: write the valid records to this file, in the input's format
            (CSV with the input's header), as ``dtks validate --valid-out`` does.
        invalid_out: likewise for the invalid records.
        assess: ``True`` (the built-in rule sets) or a ``RuleSet``: assess every
            valid household against the programmes in force on ``as_of``, as
            ``dtks validate --assess`` does; ``report.assessment`` has the counts
            and yearly amounts per programme, province and regency, and
            ``summary["rules"]`` the rule sets applied.
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
        encoding: ``None``/``"auto"`` reads UTF-8, or UTF-16 when the file's first
            bytes say so (Excel's "Unicode Text"); ``"cp1252"`` reads Windows-1252
            (Excel's CSV on Windows); also ``"utf-8"``, ``"utf-16le"``, ``"utf-16be"``.
            gzip is recognised by its content. ``summary["encoding"]`` says what was read.
        group: CSV: validate household by household whatever the order of the rows
            (a file sorted by NIK, exports appended); the whole file is held in memory
            (about 5 times its size). Without it such a file gets
            ``HOUSEHOLD_NOT_CONTIGUOUS`` per row and one ``FILE_NOT_GROUPED``.
        sheet: a workbook's sheet, by name, or by number (``"1"`` = the first) when no
            sheet has that name; ``None``: the first worksheet. ``summary["sheet"]``
            names the sheet read; one not there is a ``SHEET_UNKNOWN`` problem.

    Returns:
        a ``Report``.

    Raises:
        DtksIOError: the file cannot be read, or an output cannot be written.
        InvalidMapping: the mapping is unusable.
        InvalidArgument: a bad format or date, a name that tells no format (and
            no ``format``), or an output that is the input (or the other output):
            refused before anything is written.
    """
    total = _os.path.getsize(path) if progress is not None and _os.path.exists(path) else None
    options: BulkOptions = {
        "format": format,
        "mapping": mapping,
        "as_of": as_of,
        "threads": threads,
        "delimiter": delimiter,
        "valid_out": _path(valid_out),
        "invalid_out": _path(invalid_out),
        "assess": assess,
        "decimal_comma": decimal_comma,
        "date_formats": date_formats,
        "nulls": nulls,
        "accept_repaired": accept_repaired,
        "encoding": encoding,
        "group": group,
        "sheet": sheet,
    }
    with _Ticker(progress, total, "B") as t:
        return _dtks.validate_file(_os.fspath(path), t.callback, options)


def validate_table(
    table: Any,
    *,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    threads: int = 0,
    progress: Progress = None,
    valid_out: Union[str, "os.PathLike[str]", None] = None,
    invalid_out: Union[str, "os.PathLike[str]", None] = None,
    assess: Union[bool, RuleSet] = False,
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
    ``valid_out``/``invalid_out`` write the valid/invalid rows as CSV; to keep
    them as tables, filter the table with ``report.valid_mask()`` (see
    ``valid_rows``/``invalid_rows``). ``assess``,
    ``date_formats``, ``nulls`` and ``accept_repaired``: as for
    ``validate_file`` (numbers come from Arrow with a dot: no ``decimal_comma``).

    Raises:
        InvalidArgument: not an Arrow table, or a column of an unsupported type.
        InvalidMapping: the mapping is unusable.
    """
    total = None
    if progress is not None:
        total = _rows(table)
    options: BulkOptions = {
        "mapping": mapping,
        "as_of": as_of,
        "threads": threads,
        "valid_out": _path(valid_out),
        "invalid_out": _path(invalid_out),
        "assess": assess,
        "date_formats": date_formats,
        "nulls": nulls,
        "accept_repaired": accept_repaired,
    }
    with _Ticker(progress, total, "rows") as t:
        return _dtks.validate_arrow(table, t.callback, options)


def valid_rows(table: Any, report: Report) -> Any:
    """The rows of ``table`` that ``report`` (made from that very table, in
    its order) found valid, as a table of the same kind: polars and pandas
    DataFrames and pyarrow Tables are filtered with ``report.valid_mask()``.

    Raises:
        InvalidArgument: the table's row count is not the report's.
    """
    return _filter(table, report.valid_mask(), report)


def invalid_rows(table: Any, report: Report) -> Any:
    """The rows of ``table`` that ``report`` found invalid (see ``valid_rows``)."""
    return _filter(table, report.invalid_mask(), report)


def _filter(table: Any, mask: List[bool], report: Report) -> Any:
    n = _rows(table)
    if n is not None and n != len(mask):
        raise _dtks.InvalidArgument(
            f"the table has {n} rows but the report has {len(mask)}: "
            "give the table the report was made from"
        )
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return table[mask]
    if module == "pyarrow":
        import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

        return table.filter(pyarrow.array(mask, type=pyarrow.bool_()))
    if hasattr(table, "filter"):
        import polars  # type: ignore[import-not-found, import-untyped, unused-ignore]

        return table.filter(polars.Series(mask, dtype=polars.Boolean))
    raise _dtks.InvalidArgument("expected a polars or pandas DataFrame or a pyarrow Table")


def _path(p: Union[str, "os.PathLike[str]", None]) -> Optional[str]:
    return None if p is None else _os.fspath(p)


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
    assess: Union[bool, RuleSet] = False,
    decimal_comma: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
    group: bool = False,
) -> Report:
    """Validates CSV text held in memory (see ``validate_file``)."""
    options: BulkOptions = {
        "format": "csv",
        "mapping": mapping,
        "as_of": as_of,
        "threads": threads,
        "delimiter": delimiter,
        "assess": assess,
        "decimal_comma": decimal_comma,
        "date_formats": date_formats,
        "nulls": nulls,
        "accept_repaired": accept_repaired,
        "group": group,
    }
    return _dtks.validate_text(text, options)


def validate_jsonl_text(
    text: str, *, as_of: DateLike = None, threads: int = 0, assess: Union[bool, RuleSet] = False
) -> Report:
    """Validates JSON Lines text held in memory (one household JSON per line)."""
    options: BulkOptions = {"format": "jsonl", "as_of": as_of, "threads": threads, "assess": assess}
    return _dtks.validate_text(text, options)


# The `__future__` import binds the name `annotations` in the module: not API.
del annotations
