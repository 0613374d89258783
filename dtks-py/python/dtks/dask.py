"""A Dask DataFrame validated partition by partition on Dask's own workers,
with the report of one run over the whole table (``dtks.scale`` tells how).

Dask does the distribution and the group-by; dtks only checks partitions::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    import dtks.dask

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    frame = dd.read_parquet("export/", dtype_backend="pyarrow")  # one household per partition
    report = dtks.dask.validate(frame, as_of="2026-12-01")
    print(report.table())

The frame's partitions must be consecutive parts of the table in its order,
with no household split between two: write the export as files of whole
households (one per village, or sorted by ``id_rt`` and cut where it
changes) and ``read_parquet`` them. ``id_rt`` and the other columns must be
columns: a DataFrame's index is not read (``set_index("id_rt")`` would hide
the household id; ``reset_index()`` brings it back). A cut household is
``HOUSEHOLD_SPLIT_BY_PARTITION``.

The work: one pass to emit each partition's keys (and count its rows),
Dask's group-by on the keys, one pass to validate; the two passes read the
partitions again unless the frame is persisted (``frame.persist()``).
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

from . import scale as _scale

__all__ = ["validate"]

if _typing.TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple

    from ._dtks import BulkOptions
    from .scale import DateLike, PartitionedReport


def validate(
    frame: Any,
    *,
    mapping: Optional[str] = None,
    as_of: DateLike = None,
    assess: bool = False,
    date_formats: Optional[List[str]] = None,
    nulls: Optional[List[str]] = None,
    accept_repaired: bool = False,
    threads: int = 1,
) -> PartitionedReport:
    """Validates a ``dask.dataframe.DataFrame`` in the reference layout (or
    through ``mapping``), on the current Dask scheduler (a distributed
    ``Client`` when one is active). The keywords are ``validate_table``'s;
    ``threads`` is per partition.

    Returns:
        a ``dtks.scale.PartitionedReport``: the problems and counts one
        ``dtks.bulk.validate_table`` over the whole frame gives.
    """
    # Imported here (dtks needs neither) and untyped to mypy.
    dask: Any = _importlib.import_module("dask")
    dd: Any = _importlib.import_module("dask.dataframe")
    pandas: Any = _importlib.import_module("pandas")
    numpy: Any = _importlib.import_module("numpy")

    opts = _scale.options(
        mapping=mapping,
        as_of=as_of,
        threads=threads,
        assess=assess,
        date_formats=date_formats,
        nulls=nulls,
        accept_repaired=accept_repaired,
    )
    meta = pandas.DataFrame(
        {
            "kind": pandas.Series([], dtype="uint8"),
            "key": pandas.Series([], dtype="uint64"),
            "row": pandas.Series([], dtype="uint64"),
            "value": pandas.Series([], dtype="uint64"),
            "order": pandas.Series([], dtype="uint64"),
            "part": pandas.Series([], dtype="int64"),
        }
    )
    # First pass: each partition's keys, numbered within it, and its length
    # (so the partitions are read once for both), kept on the workers.
    firsts = dask.persist(
        *[dask.delayed(_keys_of)(part, i, opts) for i, part in enumerate(frame.to_delayed())]
    )
    lengths = dask.compute(*[f[1] for f in firsts])
    before = [0]
    for n in lengths[:-1]:
        before.append(before[-1] + int(n))
    keys = dd.from_delayed([f[0] for f in firsts], meta=meta, verify_meta=False)
    # The engine's group-by: the key values met more than once (few: faults
    # are rare), then every occurrence of them, each partition filtered
    # where it lies (no second shuffle). Counted by value alone, whatever
    # its kind: 2.5 times faster than by (kind, key) here, and a value that
    # two kinds share only adds a key the core finds is met once.
    counts = keys["key"].value_counts()
    repeated = counts[counts > 1].compute().index.to_numpy()
    occurrences = keys.map_partitions(_occurrences, repeated, meta=meta).compute()
    del keys, firsts
    offsets = numpy.asarray(before, dtype="int64")
    occurrences["rows_before"] = offsets[occurrences["part"].to_numpy(dtype="int64")]
    columns = [*_scale.KEY_COLUMNS, "rows_before"]
    seen = dask.delayed(_scale._pandas_to_arrow(occurrences[columns]), pure=True)
    tasks = [
        dask.delayed(_validate_part)(part, i, before[i], seen, opts)
        for i, part in enumerate(frame.to_delayed())
    ]
    parts = dask.compute(*tasks)
    return _scale.merge(parts)


def _keys_of(part: Any, number: int, opts: BulkOptions) -> Tuple[Any, int]:
    keys = _scale.partition_keys(part, options=opts).to_pandas()
    keys["part"] = number
    return keys, len(part)


def _occurrences(keys: Any, repeated: Any) -> Any:
    return keys[keys["key"].isin(repeated)]


def _validate_part(
    part: Any, number: int, rows_before: int, seen: Any, opts: BulkOptions
) -> _scale.Part:
    return _scale.validate_partition(part, number, rows_before, seen=seen, options=opts)
