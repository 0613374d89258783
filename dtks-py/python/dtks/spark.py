"""A Spark DataFrame validated partition by partition on Spark's executors
(``mapInArrow``), with the report of one run over the whole table
(``dtks.scale`` tells how).

Spark does the distribution and the group-by; dtks only checks partitions::

    from pyspark.sql import SparkSession
    import dtks.spark

    spark = SparkSession.builder.getOrCreate()
    frame = spark.read.parquet("export/")         # each household in one partition
    report = dtks.spark.validate(frame, as_of="2026-12-01")
    print(report.table())

The executors need the ``dtks`` wheel (and pyarrow) in their Python.

The table is the frame's rows in Spark's partition order (partition 0 first,
each in its own order): what ``frame.toPandas()`` gives. Each household
must be in one partition: ``frame.repartitionByRange("id_rt")
.sortWithinPartitions("id_rt", <a column that orders members>)`` makes it
so; a cut household is ``HOUSEHOLD_SPLIT_BY_PARTITION``. Spark has no
unsigned integers: the keys travel as ``long`` with the same 64 bits.

The work: one pass to count each partition's rows, one to emit its keys
(cached for the group-by and the join), Spark's group-by and join on the
keys, one pass to validate.
"""

from __future__ import annotations

import functools as _functools
import pickle as _pickle
import typing as _typing

from . import scale as _scale

__all__ = ["validate"]

if _typing.TYPE_CHECKING:
    from typing import Any, Dict, Iterator, List, Optional, Tuple

    from ._dtks import BulkOptions
    from .scale import DateLike, PartitionedReport

#: The keys table as Spark holds it.
KEYS_SCHEMA = "kind int, key long, row long, value long, order long, rows_before long"


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
    """Validates a ``pyspark.sql.DataFrame`` in the reference layout (or
    through ``mapping``). The keywords are ``validate_table``'s;
    ``threads`` is per partition.

    Returns:
        a ``dtks.scale.PartitionedReport``: the problems and counts one
        ``dtks.bulk.validate_table`` over ``frame.toPandas()`` gives.
    """
    opts = _scale.options(
        mapping=mapping,
        as_of=as_of,
        threads=threads,
        assess=assess,
        date_formats=date_formats,
        nulls=nulls,
        accept_repaired=accept_repaired,
    )
    lengths: Dict[int, int] = {}
    for r in frame.mapInArrow(_count, "p long, n long").collect():
        lengths[int(r["p"])] = lengths.get(int(r["p"]), 0) + int(r["n"])
    # Spark partition id -> (partition number, rows before): the numbers
    # count the partitions that hold rows, in order (an empty partition
    # is no part of the table).
    before: Dict[int, Tuple[int, int]] = {}
    total = 0
    for p in sorted(lengths):
        if lengths[p] > 0:
            before[p] = (len(before), total)
            total += lengths[p]
    if not before:
        # No rows at all: the report of the empty table (its columns).
        empty = _to_arrow(frame.limit(0))
        return _scale.merge([_scale.validate_partition(empty, 0, 0, options=opts)])
    keys = frame.mapInArrow(_functools.partial(_keys_of, before, opts), KEYS_SCHEMA).cache()
    try:
        # The engine's shuffle: keys met more than once, with every occurrence.
        repeated = keys.groupBy("kind", "key").count().filter("count > 1").select("kind", "key")
        occurrences = keys.join(repeated, ["kind", "key"]).select(
            "kind", "key", "row", "value", "order", "rows_before"
        )
        seen = _to_arrow(occurrences)
    finally:
        keys.unpersist()
    rows = frame.mapInArrow(
        _functools.partial(_validate_part, before, seen, opts), "number long, part binary"
    ).collect()
    return _scale.merge(_pickle.loads(r["part"]) for r in rows)


def _partition_id() -> int:
    from pyspark import TaskContext  # type: ignore[import-not-found, import-untyped, unused-ignore]

    ctx = TaskContext.get()
    return 0 if ctx is None else int(ctx.partitionId())


def _table(batches: Iterator[Any]) -> Any:
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    got = list(batches)
    if not got:
        return None
    return pyarrow.Table.from_batches(got)


def _count(batches: Iterator[Any]) -> Iterator[Any]:
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    n = sum(b.num_rows for b in batches)
    yield pyarrow.RecordBatch.from_pydict(
        {"p": [_partition_id()], "n": [n]}, schema=pyarrow.schema([("p", pyarrow.int64()), ("n", pyarrow.int64())])
    )


def _keys_of(
    before: Dict[int, Tuple[int, int]], opts: BulkOptions, batches: Iterator[Any]
) -> Iterator[Any]:
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-not-found, import-untyped, unused-ignore]

    table = _table(batches)
    if table is None or table.num_rows == 0:
        return
    _number, rows_before = before[_partition_id()]
    keys = _scale.partition_keys(table, options=opts)
    as_long = {
        name: pc.cast(keys[name], pyarrow.int64(), safe=False)
        for name in ("key", "row", "value", "order")
    }
    out = pyarrow.table(
        {
            "kind": pc.cast(keys["kind"], pyarrow.int32()),
            **as_long,
            "rows_before": pyarrow.array([rows_before] * keys.num_rows, pyarrow.int64()),
        }
    )
    yield from out.to_batches()


def _validate_part(
    before: Dict[int, Tuple[int, int]], seen: Any, opts: BulkOptions, batches: Iterator[Any]
) -> Iterator[Any]:
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    table = _table(batches)
    if table is None or table.num_rows == 0:
        return
    number, rows_before = before[_partition_id()]
    part = _scale.validate_partition(table, number, rows_before, seen=seen, options=opts)
    yield pyarrow.RecordBatch.from_pydict(
        {"number": [number], "part": [_pickle.dumps(part)]},
        schema=pyarrow.schema([("number", pyarrow.int64()), ("part", pyarrow.binary())]),
    )


def _to_arrow(frame: Any) -> Any:
    """A small Spark DataFrame on the driver as a pyarrow Table."""
    if hasattr(frame, "toArrow"):
        return frame.toArrow()
    import pyarrow  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return pyarrow.Table.from_pandas(frame.toPandas(), preserve_index=False)
