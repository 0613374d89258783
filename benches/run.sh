#!/usr/bin/env bash
# The end-to-end benchmark in one command (issue 16): builds the command, the
# C library and the Python wheel, writes the data with fixed seeds, and runs
# every face of dtks against the read-only csv pass and a polars
# implementation, interleaved (benches/run.py says how each is timed).
#
#   benches/run.sh [ROWS] [ROUNDS]      # defaults: 1000000 5
#
# Needs cargo, cc, python3 (with venv), /usr/bin/time; fetches maturin,
# polars and pyarrow from PyPI into $CARGO_TARGET_DIR/bench/venv the first
# time (or set DTKS_BENCH_PYTHON to an interpreter that has dtks and polars).
# Results: stdout and $CARGO_TARGET_DIR/bench/results-ROWS.{txt,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
ROUNDS=${2:-5}
AS_OF=2026-01-01
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=$CARGO_TARGET_DIR/bench
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

cargo build --release -q -p dtks-cli
cargo build --release -q -p dtks-core --example csv_count
make -s install PREFIX="$OUT/prefix" >/dev/null
cc -O2 -std=c11 -I"$OUT/prefix/include" benches/c_validate.c -L"$OUT/prefix/lib" -ldtks \
  -Wl,-rpath,"$OUT/prefix/lib" -o "$OUT/c_validate"

PY=${DTKS_BENCH_PYTHON:-}
if [ -z "$PY" ]; then
  if [ ! -x "$OUT/venv/bin/python" ]; then
    python3 -m venv "$OUT/venv"
    "$OUT/venv/bin/python" -m pip install -q maturin polars pyarrow
  fi
  "$OUT/venv/bin/maturin" build -q --release --strip -m dtks-py/Cargo.toml --out "$OUT/wheels" >/dev/null
  "$OUT/venv/bin/python" -m pip install -q --force-reinstall --no-deps "$OUT"/wheels/dtks-*.whl
  PY=$OUT/venv/bin/python
fi

DTKS=$CARGO_TARGET_DIR/release/dtks
CLEAN=$OUT/clean-$ROWS.csv
FAULTY=$OUT/faulty-$ROWS.csv
JL=$OUT/clean-$ROWS.jsonl
[ -s "$CLEAN" ] || "$DTKS" generate --rows "$ROWS" --seed 1 --as-of "$AS_OF" --fault-rate 0 --out "$CLEAN" --quiet
[ -s "$JL" ] || "$DTKS" generate --rows "$ROWS" --seed 1 --as-of "$AS_OF" --fault-rate 0 --format jsonl --out "$JL" --quiet
[ -s "$FAULTY" ] || "$PY" benches/damage.py "$CLEAN" "$FAULTY" 0.02 3

"$PY" benches/run.py --dtks "$DTKS" --count "$CARGO_TARGET_DIR/release/examples/csv_count" \
  --c "$OUT/c_validate" --python "$PY" --csv "clean=$CLEAN" --csv "faulty (2 % of rows, 18 kinds)=$FAULTY" \
  --jsonl "$JL" --as-of "$AS_OF" --rounds "$ROUNDS" --json-out "$OUT/results-$ROWS.json" | tee "$OUT/results-$ROWS.txt"
