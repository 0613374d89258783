"""The partitioned run against one run (issue 17): the same generated rows
validated by `dtks validate` on one machine and by `dtks.dask.validate` on
a LocalCluster of worker processes, with the two reports compared.

    python benches/scale.py --rows 10000000 --workers 2 --partitions 20

Needs a release build of the command (`cargo build --release -p dtks-cli`)
and the module (`maturin develop --release`), dask[dataframe], distributed.
The rows are written once into --dir: the CSV from `dtks generate` (fixed
seed), then Parquet files of whole households, one per partition.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = pathlib.Path(__file__).resolve().parents[1]
AS_OF = "2026-11-24"


def generate(dtks: str, rows: int, out: pathlib.Path) -> None:
    if out.exists():
        return
    subprocess.run([dtks, "generate", "--rows", str(rows), "--seed", "7", "--fault-rate", "0.05",
                    "--as-of", AS_OF, "--out", str(out), "--quiet"], check=True)


def write_partitions(csv: pathlib.Path, parts: int, rows: int, out: pathlib.Path) -> None:
    """Parquet files of about rows/parts rows each, cut where the household changes."""
    if out.exists() and any(out.iterdir()):
        return
    out.mkdir(parents=True, exist_ok=True)
    names = csv.open().readline().strip().split(",")
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                   strings_can_be_null=False)
    reader = pacsv.open_csv(csv, convert_options=convert,
                            read_options=pacsv.ReadOptions(block_size=64 << 20))
    per = max(1, rows // parts)
    pending = None
    number = 0
    for batch in reader:
        t = pa.Table.from_batches([batch])
        pending = t if pending is None else pa.concat_tables([pending, t])
        while pending.num_rows > per:
            ids = pending.column("id_rt")
            at = per
            while at < pending.num_rows and ids[at] == ids[at - 1]:
                at += 1
            if at >= pending.num_rows:
                break
            pq.write_table(pending.slice(0, at), out / f"part-{number:05d}.parquet")
            number += 1
            pending = pending.slice(at)
    if pending is not None and pending.num_rows:
        pq.write_table(pending, out / f"part-{number:05d}.parquet")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--dir", default="/tmp/dtks-scale")
    ap.add_argument("--dtks", default=str(ROOT / "target" / "release" / "dtks"))
    a = ap.parse_args()
    d = pathlib.Path(a.dir)
    d.mkdir(parents=True, exist_ok=True)
    csv = d / f"rows-{a.rows}.csv"
    generate(a.dtks, a.rows, csv)
    parts = d / f"parts-{a.rows}-{a.partitions}"
    write_partitions(csv, a.partitions, a.rows, parts)

    # One machine: the command over the CSV (every core).
    report = d / "one.json"
    t = time.perf_counter()
    subprocess.run([a.dtks, "validate", str(csv), "--as-of", AS_OF, "--report", str(report)],
                   stdout=subprocess.DEVNULL, check=False)
    one_s = time.perf_counter() - t
    one = json.loads(report.read_text())

    import dask.dataframe as dd
    import distributed

    import dtks.dask

    frame = dd.read_parquet(str(parts), dtype_backend="pyarrow")
    with distributed.LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        t = time.perf_counter()
        split = dtks.dask.validate(frame, as_of=AS_OF)
        dask_s = time.perf_counter() - t

    keep = lambda s: {k: v for k, v in s.items()  # noqa: E731
                      if k not in ("input_sha256", "input_bytes", "index", "format", "delimiter",
                                   "encoding", "encoding_by")}
    same_problems = split.problems == one["problems"]
    same_counts = keep(split.summary) == keep(one["summary"])
    rows = one["summary"]["rows_read"]
    print(json.dumps({
        "rows": rows,
        "partitions": frame.npartitions,
        "workers": a.workers,
        "problems": len(one["problems"]),
        "one_machine_csv_s": round(one_s, 2),
        "dask_s": round(dask_s, 2),
        "dask_rows_per_s": round(rows / dask_s),
        "same_problems": same_problems,
        "same_counts": same_counts,
    }, indent=1))
    return 0 if same_problems and same_counts else 1


if __name__ == "__main__":
    sys.exit(main())
