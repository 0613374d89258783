"""The end-to-end benchmark's runner (benches/run.sh builds everything and
calls it): every face of dtks and two baselines on the same files, in one
run and interleaved (each round runs every contender once, in turn), so a
machine that gets slower or busier affects all of them alike.

Contenders, on each file (a clean generated export and the same export
damaged by damage.py, 2 % of rows with a fault of 18 kinds; JSON Lines of
the same households):
  read-only      the csv crate reading every record and nothing else (the floor)
  dtks (Rust)    `dtks validate FILE --quiet`, 1 thread and every core
  dtks (C)       benches/c_validate.c through libdtks (dtks_bulk_run_file)
  dtks (Python)  dtks.bulk.validate_file, and validate_table on a polars DataFrame
  polars         benches/polars_checks.py: part of the same checks by hand
Rust, C and the read-only pass are timed as whole processes (wall clock,
peak RSS from /usr/bin/time); Python contenders time their call inside the
interpreter (start-up and imports excluded; the DataFrame is read before).
Each line prints the median and best of the rounds and the ratio of the
median to the read-only pass and to dtks (Rust, every core).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))

PY_FILE = """
import sys, time, dtks
t = time.perf_counter()
r = dtks.bulk.validate_file(sys.argv[1], as_of=sys.argv[2], threads=int(sys.argv[3]))
print(time.perf_counter() - t, r.summary["rows_valid"])
"""

PY_TABLE = """
import sys, time, dtks, polars as pl
df = pl.read_csv(sys.argv[1], infer_schema=False, truncate_ragged_lines=True)
t = time.perf_counter()
r = dtks.bulk.validate_table(df, as_of=sys.argv[2], threads=int(sys.argv[3]))
print(time.perf_counter() - t, r.summary["rows_valid"])
"""

PY_POLARS = """
import sys, time
sys.path.insert(0, sys.argv[3])
import polars_checks as pc
ds, vs = pc.region_sets()
t = time.perf_counter()
n, valid, invalid = pc.check(sys.argv[1], sys.argv[2], ds, vs)
print(time.perf_counter() - t, valid)
"""


def timed(cmd: List[str]) -> Tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a whole process."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def inner(python: str, script: str, args: List[str]) -> Tuple[float, float]:
    """Seconds of the call as the Python process measured it (RSS of the whole process)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", python, "-c", script, *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    secs = float(out.stdout.split()[0])
    rss = int(out.stderr.strip().splitlines()[-1]) / 1024
    return secs, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dtks", required=True)
    ap.add_argument("--count", required=True, help="the read-only csv pass (csv_count)")
    ap.add_argument("--c", required=True, help="benches/c_validate built against libdtks")
    ap.add_argument("--python", required=True, help="an interpreter with dtks and polars")
    ap.add_argument("--csv", action="append", required=True, help="LABEL=PATH (repeatable)")
    ap.add_argument("--jsonl", help="JSON Lines of the first CSV's households")
    ap.add_argument("--as-of", default="2026-01-01")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json-out")
    a = ap.parse_args()

    results: Dict[str, Dict[str, object]] = {}
    files = [tuple(s.split("=", 1)) for s in a.csv]
    for label, path in files:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            rows = sum(1 for _ in f) - 1
        runs: Dict[str, Callable[[], Tuple[float, float]]] = {
            "read-only (csv crate)": lambda p=path: timed([a.count, p]),
            "dtks (Rust) 1 thread": lambda p=path: timed([a.dtks, "validate", p, "--as-of", a.as_of, "--quiet", "--threads", "1"]),
            "dtks (Rust)": lambda p=path: timed([a.dtks, "validate", p, "--as-of", a.as_of, "--quiet"]),
            "dtks (Rust) --assess": lambda p=path: timed([a.dtks, "validate", p, "--as-of", a.as_of, "--quiet", "--assess"]),
            "dtks (C)": lambda p=path: timed([a.c, p, a.as_of]),
            "dtks (Python) file": lambda p=path: inner(a.python, PY_FILE, [p, a.as_of, "0"]),
            "dtks (Python) polars DataFrame": lambda p=path: inner(a.python, PY_TABLE, [p, a.as_of, "0"]),
            "polars checks (part of the rules)": lambda p=path: inner(a.python, PY_POLARS, [p, a.as_of, HERE]),
        }
        if a.jsonl and (label, path) == files[0]:
            runs["dtks (Rust) JSON Lines 1 thread"] = lambda: timed(
                [a.dtks, "validate", a.jsonl, "--as-of", a.as_of, "--quiet", "--threads", "1"])
            runs["dtks (Rust) JSON Lines"] = lambda: timed([a.dtks, "validate", a.jsonl, "--as-of", a.as_of, "--quiet"])
        times: Dict[str, List[float]] = {k: [] for k in runs}
        rss: Dict[str, float] = {k: 0.0 for k in runs}
        for _ in range(a.rounds):
            for name, run in runs.items():
                s, m = run()
                times[name].append(s)
                rss[name] = max(rss[name], m)
        floor = statistics.median(times["read-only (csv crate)"])
        rust = statistics.median(times["dtks (Rust)"])
        print(f"\n## {label}: {rows:,} rows, {size / 1e6:.1f} MB, {a.rounds} rounds, {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.2f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
        print(f"{'contender':36s} {'median':>8s} {'best':>8s} {'rows/s':>10s} {'MB/s':>7s} {'RSS MiB':>8s} {'×floor':>7s} {'×Rust':>6s}")
        for name in runs:
            med, best = statistics.median(times[name]), min(times[name])
            # JSON Lines holds the same member rows as the first CSV, in a file of its own size
            n_bytes = os.path.getsize(a.jsonl) if "JSON" in name else size
            print(f"{name:36s} {med:8.3f} {best:8.3f} {rows / med / 1e6:8.2f} M {n_bytes / med / 1e6:7.1f} "
                  f"{rss[name]:8.1f} {med / floor:7.2f} {med / rust:6.2f}")
            results.setdefault(label, {})[name] = {"median_s": med, "best_s": best, "rss_mib": rss[name],
                                                   "x_floor": med / floor, "x_rust": med / rust}
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
