#!/usr/bin/env bash
# The cost of `dtks validate --assess` (issues 5 and 16): wall time with and
# without the eligibility stage, on the same synthetic file, runs interleaved.
#
#   scripts/bench-assess.sh [ROWS] [RUNS] [FAULT_RATE] [THREADS]
#                           # defaults: 1000000 7 0.02 0 (0 = every core)
#
# 1. builds the release `dtks`;
# 2. writes ROWS member rows with `dtks generate --seed 1 --as-of 2026-01-01
#    --fault-rate FAULT_RATE` (reference CSV layout) to
#    /tmp/assess-<ROWS>-<FAULT_RATE>.csv, unless it is there;
# 3. runs `dtks validate FILE --as-of 2026-01-01 --quiet --threads THREADS`
#    without and with `--assess` (built-in programmes) alternately, RUNS
#    times each (the machine is shared: interleaving spreads its load over
#    both), each timed with /usr/bin/time -f "%e %U %M";
# 4. prints best and median wall time, CPU time and peak RSS of both, and the
#    ratios --assess / plain of the bests and of the medians.
# `dtks validate` exits 1 when the data has errors: that is not a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
RUNS=${2:-7}
RATE=${3:-0.02}
THREADS=${4:-0}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -p dtks-cli >&2
DTKS=$CARGO_TARGET_DIR/release/dtks
FILE=/tmp/assess-$ROWS-$RATE.csv
if [ ! -s "$FILE" ]; then
  "$DTKS" generate --rows "$ROWS" --seed 1 --as-of 2026-01-01 --fault-rate "$RATE" \
    --out "$FILE" --quiet
fi
echo "file: $FILE ($(stat -c %s "$FILE") bytes, $ROWS member rows, fault rate $RATE)," \
  "$(nproc) cores, --threads $THREADS, $RUNS interleaved runs each, $(date -u +%FT%TZ)"

LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT

run() { # LABEL ARGS...: appends "wall user kb" to $LOG/LABEL
  local label=$1; shift
  /usr/bin/time -o "$LOG/t" -f "%e %U %M" "$DTKS" validate "$FILE" --as-of 2026-01-01 \
    --quiet --threads "$THREADS" "$@" >/dev/null 2>&1 || true
  tail -1 "$LOG/t" >> "$LOG/$label"
}

for _ in $(seq "$RUNS"); do
  run plain
  run assess --assess
done

# stats LABEL: prints "best median cpu_of_best kb_of_best"
stats() {
  sort -n "$LOG/$1" | awk '{w[NR]=$1; u[NR]=$2; k[NR]=$3}
    END {m = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2;
         print w[1], m, u[1], k[1]}'
}
read -r b0 m0 u0 k0 < <(stats plain)
read -r b1 m1 u1 k1 < <(stats assess)
awk -v r="$ROWS" -v b0="$b0" -v m0="$m0" -v u0="$u0" -v k0="$k0" \
  -v b1="$b1" -v m1="$m1" -v u1="$u1" -v k1="$k1" 'BEGIN {
  printf "%-18s %8s %8s %8s %14s %9s\n", "", "best s", "median s", "user s", "rows/s (best)", "peak MB"
  printf "%-18s %8.2f %8.2f %8.2f %14.0f %9.0f\n", "validate", b0, m0, u0, r / b0, k0 / 1024
  printf "%-18s %8.2f %8.2f %8.2f %14.0f %9.0f\n", "validate --assess", b1, m1, u1, r / b1, k1 / 1024
  printf "--assess / plain: %.2fx (best), %.2fx (median)\n", b1 / b0, m1 / m0
}'
