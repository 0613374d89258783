"""Identity numbers a whole column at a time, in Rust, without a Python
object per value: NIK and KK columns decoded into Arrow struct columns.

Needs pyarrow. A pyarrow Array or ChunkedArray, a polars Series, a pandas
Series or a list goes in (strings, integers, or floats — a float column is
judged as bulk validation judges it: above 2^53 the digits cannot be
trusted, ``NIK_FLOAT_PRECISION``); a ``pyarrow.StructArray`` comes out, one
row per value, a null value giving a null row. ``polars.from_arrow(...)`` or
``.to_pandas()`` make it a polars or pandas column.

>>> import pyarrow as pa
>>> from dtks import columns
>>> out = columns.nik(pa.array(["3171014101900001", "123", None]), as_of="2026-01-01")
>>> out.field("valid").to_pylist()
[True, False, None]
>>> out.field("code").to_pylist()
[None, 'NIK_LENGTH', None]
>>> out.field("district")[0].as_py(), out.field("sex")[0].as_py(), str(out.field("birth_date")[0])
('31.71.01', 'female', '1990-01-01')
"""

import datetime as _dt
import typing as _t

from . import _dtks

DateLike = _t.Union[_dt.date, str, None]

__all__ = ["nik", "kk", "NIK_FIELDS", "KK_FIELDS", "DateLike"]

#: The fields of :func:`nik`'s struct, in order.
NIK_FIELDS = ("valid", "code", "masked", "province", "regency", "district", "region_retired",
              "birth_date", "sex", "serial")
#: The fields of :func:`kk`'s struct, in order.
KK_FIELDS = ("valid", "code", "masked", "province", "regency", "district", "region_retired",
             "recorded_on", "serial")


def _pyarrow() -> _t.Any:
    """pyarrow, imported when a column function is first called. It ships no
    type stubs (mypy: import-untyped); the one import says so, whether or not
    the installed pyarrow has them."""
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pyarrow


def _array(values: _t.Any) -> _t.Any:
    """One contiguous pyarrow Array of the column."""
    pa = _pyarrow()

    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    module = type(values).__module__
    if module.startswith("polars"):
        arr = values.to_arrow()
        return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if module.startswith("pandas"):
        return pa.Array.from_pandas(values)
    return pa.array(values)


def nik(values: _t.Any, as_of: DateLike = None, lenient: bool = False) -> _t.Any:
    """Decodes a column of NIKs into a ``pyarrow.StructArray`` of
    :data:`NIK_FIELDS`: ``valid``, ``code`` (the problem's stable code, null
    when valid), ``masked``, ``province`` (``"31"``), ``regency``
    (``"31.71"``), ``district`` (``"31.71.01"``), ``region_retired``,
    ``birth_date`` (the century resolved against ``as_of``, default today),
    ``sex`` (``"male"``/``"female"``), ``serial``. ``lenient`` accepts
    spaces, dots and dashes between digits."""
    pa = _pyarrow()
    return pa.array(_dtks.nik_column(_array(values), as_of, lenient))


def kk(values: _t.Any, as_of: DateLike = None, lenient: bool = False) -> _t.Any:
    """Decodes a column of KK numbers into a ``pyarrow.StructArray`` of
    :data:`KK_FIELDS`; the recording date is judged on ``as_of`` as
    household validation judges it (``KK_ISSUED_FUTURE``,
    ``KK_ISSUED_BEFORE_REGISTRY``)."""
    pa = _pyarrow()
    return pa.array(_dtks.kk_column(_array(values), as_of, lenient))
