"""A table validated in partitions gets the report of one run over it
(issue 17): on one machine through ``dtks.scale``, and on a Dask cluster of
two worker processes through ``dtks.dask``. One generated dataset with
faults of every kind, plus NIKs, a KK number and a person met again far
apart, so that they cross partitions."""

from __future__ import annotations

import pathlib
import pickle
from typing import Any, Dict, List

import pytest

import dtks
import dtks.bulk
import dtks.scale

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pacsv = pytest.importorskip("pyarrow.csv")

AS_OF = "2026-11-24"


def _dataset(tmp: pathlib.Path, rows: int, faults: float, seed: int) -> Any:
    out = tmp / f"data-{rows}-{seed}.csv"
    status = dtks._dtks.run_cli(
        ["dtks", "generate", "--rows", str(rows), "--seed", str(seed), "--fault-rate", str(faults),
         "--as-of", AS_OF, "--out", str(out), "--quiet"]
    )
    assert status == 0
    text = pa.string()
    names = out.read_text().split("\n", 1)[0].split(",")
    opts = pacsv.ConvertOptions(column_types={n: text for n in names}, strings_can_be_null=False)
    table = pacsv.read_csv(out, convert_options=opts)
    return _far_faults(table.to_pandas())


def _far_faults(df: Any) -> Any:
    """NIKs, a KK number (in another village) and a person (name and birth
    date, another NIK, same district) met again far from their first row."""
    n = len(df)
    nik, kk = df.columns.get_loc("nik"), df.columns.get_loc("no_kk")
    for k in range(6):
        df.iat[n - 20 - 41 * k, nik] = df.iat[10 + 37 * k, nik]
    last = df["id_rt"].iat[n - 1]
    df.loc[df["id_rt"] == last, "no_kk"] = df.iat[30, kk]
    src = n // 3
    district = df["kode_desa"].iat[src][:6]
    later = [i for i in range(2 * n // 3, n - 300) if df["kode_desa"].iat[i].startswith(district)]
    if later:
        for col in ("nama", "tgl_lahir"):
            df.iat[later[0], df.columns.get_loc(col)] = df[col].iat[src]
    return df


def _cuts(df: Any, parts: int) -> List[int]:
    """Partition starts at household boundaries, about ``parts`` of them."""
    ids = df["id_rt"].tolist()
    cuts = [0]
    for p in range(1, parts):
        at = len(ids) * p // parts
        while 0 < at < len(ids) and ids[at] == ids[at - 1]:
            at += 1
        if at > cuts[-1]:
            cuts.append(at)
    return cuts + [len(ids)]


def _verdict(summary: Dict[str, Any]) -> Dict[str, Any]:
    """What is not about the input's bytes."""
    return {k: v for k, v in summary.items() if k not in ("input_sha256", "input_bytes", "index")}


def _one_machine(df: Any, cuts: List[int]) -> dtks.scale.PartitionedReport:
    parts = [pa.Table.from_pandas(df.iloc[a:b], preserve_index=False) for a, b in zip(cuts, cuts[1:])]
    firsts = [dtks.scale.validate_partition(p, i, cuts[i], keys=True, as_of=AS_OF)
              for i, p in enumerate(parts)]
    seen = dtks.scale.repeated_keys(pa.concat_tables([f.keys for f in firsts]))
    seconds = [dtks.scale.validate_partition(p, i, cuts[i], seen=seen, as_of=AS_OF)
               for i, p in enumerate(parts)]
    # The parts travel back from workers by pickle.
    seconds = [pickle.loads(pickle.dumps(s)) for s in reversed(seconds)]
    return dtks.scale.merge(seconds)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _dataset(tmp_path_factory.mktemp("scale"), 4000, 0.3, 23)


def test_partitions_on_one_machine_give_one_runs_report(data: Any) -> None:
    whole = dtks.bulk.validate_table(pa.Table.from_pandas(data, preserve_index=False), as_of=AS_OF)
    codes = [p["code"] for p in whole.problems]
    assert codes.count("NIK_IN_TWO_HOUSEHOLDS") > 5 and "KK_IN_TWO_VILLAGES" in codes
    for parts in (1, 3, 7):
        cuts = _cuts(data, parts)
        split = _one_machine(data, cuts)
        assert split.problems == whole.problems, parts
        assert _verdict(split.summary) == _verdict(whole.summary), parts
        assert split.valid_mask() == whole.valid_mask()
        assert split.invalid_mask() == whole.invalid_mask()
        assert split.valid == whole.valid
        assert "rows read" in split.table() or "baris" in split.table()
    # Some NIK is met again in a later partition than its first row's.
    cuts = _cuts(data, 7)
    assert any(
        p["code"] == "NIK_IN_TWO_HOUSEHOLDS"
        and any(p["context"]["other_row"] <= c < p["row"] for c in cuts)
        for p in whole.problems
    )


def test_keys_numbered_within_their_partition_are_moved_by_the_core(data: Any) -> None:
    """partition_keys numbers each partition from 1; with a rows_before
    column the core places its keys in the table."""
    whole = dtks.bulk.validate_table(pa.Table.from_pandas(data, preserve_index=False), as_of=AS_OF)
    cuts = _cuts(data, 5)
    parts = [pa.Table.from_pandas(data.iloc[a:b], preserve_index=False) for a, b in zip(cuts, cuts[1:])]
    keys = []
    for i, p in enumerate(parts):
        k = dtks.scale.partition_keys(p, as_of=AS_OF)
        assert k.column_names == list(dtks.scale.KEY_COLUMNS)
        keys.append(k.append_column("rows_before", pa.array([cuts[i]] * k.num_rows, pa.int64())))
    seen = dtks.scale.repeated_keys(pa.concat_tables(keys))
    assert "rows_before" in seen.column_names
    report = dtks.scale.merge(dtks.scale.validate_partition(p, i, cuts[i], seen=seen, as_of=AS_OF)
                              for i, p in enumerate(parts))
    assert report.problems == whole.problems
    assert _verdict(report.summary) == _verdict(whole.summary)


def test_a_household_cut_by_the_partitioning_is_said(tmp_path: pathlib.Path) -> None:
    df = _dataset(tmp_path, 500, 0.0, 5)
    ids = df["id_rt"].tolist()
    at = next(i for i in range(200, len(ids)) if ids[i] == ids[i - 1])
    report = _one_machine(df, [0, at, len(ids)])
    split = [p for p in report.problems if p["code"] == "HOUSEHOLD_SPLIT_BY_PARTITION"]
    assert len(split) == 1 and split[0]["row"] == at + 1
    assert "partisi" in split[0]["message_id"] and "partition" in split[0]["message_en"]
    assert not report.valid


def test_merge_refuses_parts_that_do_not_make_a_table(data: Any) -> None:
    head = pa.Table.from_pandas(data.iloc[:100], preserve_index=False)
    a = dtks.scale.validate_partition(head, 0, 0, as_of=AS_OF)
    b = dtks.scale.validate_partition(head, 2, 100, as_of=AS_OF)
    with pytest.raises(dtks.InvalidArgument, match="PARTITION_NUMBERS"):
        dtks.scale.merge([a, b])
    c = dtks.scale.validate_partition(head, 1, 90, as_of=AS_OF)
    with pytest.raises(dtks.InvalidArgument, match="PARTITION_ROWS"):
        dtks.scale.merge([a, c])
    first = dtks.scale.validate_partition(head, 1, 100, keys=True, as_of=AS_OF)
    with pytest.raises(dtks.InvalidArgument, match="PARTITION_FIRST_PASS"):
        dtks.scale.merge([a, first])
    later = dtks.scale.validate_partition(head, 1, 100, as_of="2027-01-01")
    with pytest.raises(dtks.InvalidArgument, match="PARTITION_OPTIONS"):
        dtks.scale.merge([a, later])
    with pytest.raises(dtks.InvalidArgument, match="PARTITION_GROUP"):
        dtks.scale.validate_partition(head, 0, 0, options={"as_of": AS_OF, "group": True})
    with pytest.raises(dtks.InvalidArgument, match="TABLE_KEYS"):
        dtks.scale.validate_partition(head, 0, 0, seen=pa.table({"kind": [1]}), as_of=AS_OF)


def test_a_dask_cluster_gives_one_runs_report(data: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import dtks.dask

    whole = dtks.bulk.validate_table(pa.Table.from_pandas(data, preserve_index=False), as_of=AS_OF)
    cuts = _cuts(data, 4)
    frame = dd.from_pandas(data, npartitions=1).repartition(divisions=cuts[:-1] + [len(data) - 1])
    assert frame.npartitions == len(cuts) - 1
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        report = dtks.dask.validate(frame, as_of=AS_OF)
    assert report.problems == whole.problems
    assert _verdict(report.summary) == _verdict(whole.summary)
    assert report.valid_mask() == whole.valid_mask()


def test_a_spark_session_gives_one_runs_report(data: Any) -> None:
    """PySpark in local mode (two cores): one createDataFrame per partition,
    each of whole households, in order (union keeps the order)."""
    pytest.importorskip("pyspark")
    import functools
    import os
    import shutil
    import sys

    if shutil.which("java") is None:
        pytest.skip("PySpark needs Java: no java on this machine")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import dtks.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    try:
        cuts = _cuts(data, 4)
        pieces = [spark.createDataFrame(data.iloc[a:b].reset_index(drop=True))
                  for a, b in zip(cuts, cuts[1:])]
        frame = functools.reduce(lambda x, y: x.union(y), pieces)
        assert frame.rdd.getNumPartitions() == len(cuts) - 1
        report = dtks.spark.validate(frame, as_of=AS_OF)
    finally:
        spark.stop()
    whole = dtks.bulk.validate_table(pa.Table.from_pandas(data, preserve_index=False), as_of=AS_OF)
    assert report.problems == whole.problems
    assert _verdict(report.summary) == _verdict(whole.summary)
    assert report.valid_mask() == whole.valid_mask()


def test_the_first_occurrence_is_the_one_the_index_met_first(tmp_path: pathlib.Path) -> None:
    """A household whose families' rows interleave (A, B, A) shares a NIK
    between its B row and its second A row, and a later partition has it
    too: the index met the A row first, whatever the rows' order."""
    df = _dataset(tmp_path, 800, 0.0, 11)
    ids, kks = df["id_rt"].tolist(), df["no_kk"].tolist()
    start = next(i for i in range(1, 200)
                 if ids[i] != ids[i - 1] and ids[i] == ids[i + 1] == ids[i + 2]
                 and kks[i] == kks[i + 1] != kks[i + 2])
    order = list(range(len(df)))
    order[start + 1], order[start + 2] = order[start + 2], order[start + 1]
    df = df.iloc[order].reset_index(drop=True)
    nik = df.columns.get_loc("nik")
    df.iat[start + 2, nik] = df.iat[start + 1, nik]
    df.iat[len(df) - 5, nik] = df.iat[start + 1, nik]
    whole = dtks.bulk.validate_table(pa.Table.from_pandas(df, preserve_index=False), as_of=AS_OF)
    cuts = _cuts(df, 2)
    assert _one_machine(df, cuts).problems == whole.problems
    parts = [pa.Table.from_pandas(df.iloc[a:b], preserve_index=False) for a, b in zip(cuts, cuts[1:])]
    keys = [dtks.scale.partition_keys(p, as_of=AS_OF) for p in parts]
    keys = [k.append_column("rows_before", pa.array([cuts[i]] * k.num_rows, pa.int64()))
            for i, k in enumerate(keys)]
    seen = dtks.scale.repeated_keys(pa.concat_tables(keys))
    report = dtks.scale.merge(dtks.scale.validate_partition(p, i, cuts[i], seen=seen, as_of=AS_OF)
                              for i, p in enumerate(parts))
    assert report.problems == whole.problems
