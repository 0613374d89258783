#!/usr/bin/env python3
"""A NIK column decoded: dtks.columns.nik against the same checks written as
polars expressions (issue 17: 1 M values in <= 0.15 s, >= 5x polars).

usage: columns.py CSV [ROUNDS]   (CSV: an export with a `nik` column, e.g.
target/bench/clean-1000000.csv from benches/run.sh). Needs a release build
of dtks (benches/run.sh's venv), polars and pyarrow. Times only the decode
(the column is read into memory first), median and best of ROUNDS,
interleaved.
"""
import statistics
import sys
import time

import polars as pl
import pyarrow as pa

from dtks import columns


def polars_decode(s: pl.Series) -> pl.DataFrame:
    """The checks of the NIK layout (docs/domain/identity.md §1.2) as
    polars expressions: 16 digits, region parts, day (+40 for women),
    month, a real date with the century resolved against 2026, serial."""
    df = pl.DataFrame({"nik": s})
    day = pl.col("nik").str.slice(6, 2).cast(pl.Int32, strict=False)
    month = pl.col("nik").str.slice(8, 2).cast(pl.Int32, strict=False)
    yy = pl.col("nik").str.slice(10, 2).cast(pl.Int32, strict=False)
    real_day = pl.when(day > 40).then(day - 40).otherwise(day)
    year = pl.when(yy + 2000 <= 2026).then(yy + 2000).otherwise(yy + 1900)
    birth = pl.date(year, month, real_day)
    return df.select(
        digits=pl.col("nik").str.contains(r"^\d{16}$"),
        province=pl.col("nik").str.slice(0, 2),
        regency=pl.col("nik").str.slice(0, 2) + "." + pl.col("nik").str.slice(2, 2),
        district=pl.col("nik").str.slice(0, 2) + "." + pl.col("nik").str.slice(2, 2) + "."
        + pl.col("nik").str.slice(4, 2),
        sex=pl.when(day > 40).then(pl.lit("female")).otherwise(pl.lit("male")),
        birth_date=birth,
        serial=pl.col("nik").str.slice(12, 4).cast(pl.Int32, strict=False),
    ).with_columns(valid=pl.col("digits") & pl.col("birth_date").is_not_null() & (pl.col("serial") > 0))


def main() -> int:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    s = pl.read_csv(path, columns=["nik"], schema_overrides={"nik": pl.Utf8})["nik"]
    arr = s.to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    times = {"dtks.columns.nik (pyarrow array)": [], "polars expressions (part of the rules)": []}
    for _ in range(rounds):
        t = time.perf_counter()
        out = columns.nik(arr, as_of="2026-01-01")
        times["dtks.columns.nik (pyarrow array)"].append(time.perf_counter() - t)
        t = time.perf_counter()
        ref = polars_decode(s)
        times["polars expressions (part of the rules)"].append(time.perf_counter() - t)
    assert len(out) == n and ref.height == n
    print(f"{n:,} NIKs, {rounds} rounds, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:42s} median {med:.3f} s  best {min(ts):.3f} s  {n / med / 1e6:.2f} M/s")
    a, b = (statistics.median(v) for v in times.values())
    print(f"polars / dtks: {b / a:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
