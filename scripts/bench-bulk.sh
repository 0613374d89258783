#!/usr/bin/env bash
# End-to-end benchmark of `dtks validate` (issue 4, "Performance").
#
#   scripts/bench-bulk.sh [ROWS] [BIG_ROWS] [RUNS]   # defaults: 1000000 10000000 3
#
# 1. builds the release `dtks` and the read-only csv pass (dtks-core example csv_count);
# 2. writes ROWS synthetic member rows with `dtks generate` (seed 1, 1 % of households
#    with one injected fault), as CSV and as JSON Lines (the same households);
# 3. measures with /usr/bin/time, at 1 thread and at all threads, the best wall time of
#    RUNS runs (the machine may be shared): wall, user+sys CPU, member rows/s, MB/s,
#    peak RSS, and the ratio to the read-only csv pass over the same file;
# 4. peak RSS at BIG_ROWS (set BIG_ROWS=0 to skip).
# Results go to stdout and to $CARGO_TARGET_DIR/bench-bulk/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
BIG=${2:-10000000}
RUNS=${3:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=$CARGO_TARGET_DIR/bench-bulk
mkdir -p "$OUT"
cargo build --release -p dtks-cli >&2
cargo build --release -p dtks-core --example csv_count >&2
DTKS=$CARGO_TARGET_DIR/release/dtks
COUNT=$CARGO_TARGET_DIR/release/examples/csv_count
AS_OF=2026-01-01

gen() { # ROWS FORMAT FILE
  [ -s "$3" ] || "$DTKS" generate --rows "$1" --seed 1 --as-of "$AS_OF" --fault-rate 0.01 \
    --format "$2" --out "$3" --quiet
}

# best of RUNS: prints "wall user sys rss_kib" of the run with the least wall time
measure() {
  local log=$OUT/time.log
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > /dev/null 2>&1 || true
    tail -1 "$log"
  done | sort -n | head -1
}

report() { # label rows bytes wall user sys rss [read-only wall]
  python3 -c '
import sys
l, n, b, w, u, s, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:8])
line = f"{l:<30} {w:6.2f} s (cpu {u + s:5.2f} s) {n / w / 1e6:5.2f} M rows/s {b / w / 1e6:6.1f} MB/s  peak RSS {r / 1024:7.1f} MiB"
if len(sys.argv) > 8:
    line += f"  {w / float(sys.argv[8]):.2f}x read-only"
print(line)' "$@"
}

CSV=$OUT/members-$ROWS.csv
JL=$OUT/households-$ROWS.jsonl
gen "$ROWS" csv "$CSV"
gen "$ROWS" jsonl "$JL"
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $ROWS member rows, best of $RUNS"
  CSVB=$(stat -c %s "$CSV")
  JLB=$(stat -c %s "$JL")
  read -r w u s r < <(measure "$COUNT" "$CSV")
  report "read-only csv pass (csv crate)" "$ROWS" "$CSVB" "$w" "$u" "$s" "$r"
  RO=$w
  for t in 1 0; do
    read -r w u s r < <(measure "$DTKS" validate "$CSV" --as-of "$AS_OF" --threads $t --quiet --report "$OUT/report.json")
    report "validate csv threads=$t" "$ROWS" "$CSVB" "$w" "$u" "$s" "$r" "$RO"
  done
  for t in 1 0; do
    read -r w u s r < <(measure "$DTKS" validate "$JL" --as-of "$AS_OF" --threads $t --quiet --report "$OUT/report-jl.json")
    report "validate jsonl threads=$t" "$ROWS" "$JLB" "$w" "$u" "$s" "$r"
  done
  if [ "$BIG" -gt 0 ]; then
    BCSV=$OUT/members-$BIG.csv
    gen "$BIG" csv "$BCSV"
    RUNS=1
    read -r w u s r < <(measure "$DTKS" validate "$BCSV" --as-of "$AS_OF" --quiet --report "$OUT/report-big.json")
    report "validate csv $BIG rows, all threads" "$BIG" "$(stat -c %s "$BCSV")" "$w" "$u" "$s" "$r"
  fi
} | tee "$OUT/results.txt"
