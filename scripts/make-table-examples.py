#!/usr/bin/env python3
"""Writes examples/households.parquet and examples/households.arrows (an
Arrow IPC stream): the rows of examples/households.csv, every column as
text, as an analyst's pyarrow would save them. The tests check that both
give the CSV's report (dtks-core/tests/tables.rs, tests/c/test_api.c).

Usage: python3 scripts/make-table-examples.py   (needs pyarrow)
"""
import pathlib

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

root = pathlib.Path(__file__).resolve().parents[1] / "examples"
src = root / "households.csv"
names = src.read_text(encoding="utf-8").splitlines()[0].split(",")
table = pcsv.read_csv(
    src,
    convert_options=pcsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=False
    ),
)
# Row groups of 50 rows: a reader must go from one to the next.
pq.write_table(table, root / "households.parquet", row_group_size=50, compression="zstd")
with pa.OSFile(str(root / "households.arrows"), "wb") as f, pa.ipc.new_stream(f, table.schema) as w:
    for batch in table.to_batches(max_chunksize=64):
        w.write_batch(batch)
print(f"{table.num_rows} rows written")
