#!/usr/bin/env bash
# The cost of `dtks validate --assess` (issue 5, "Bulk"): member rows per second
# with and without the eligibility stage, on the same synthetic file.
#
#   scripts/bench-assess.sh [ROWS]        # default 1000000
#
# 1. builds the release `dtks`;
# 2. writes ROWS member rows with `dtks generate --seed 1 --as-of 2026-01-01`
#    (reference CSV layout) to /tmp/assess-<ROWS>.csv, unless it is there;
# 3. times `dtks validate FILE --as-of 2026-01-01 --quiet` without and with
#    `--assess` (built-in programmes), best wall time of 3 runs each, with
#    /usr/bin/time -f "%e s %M KB", and prints rows/s for both.
# `dtks validate` exits 1 when the data has errors: that is not a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -p dtks-cli >&2
DTKS=$CARGO_TARGET_DIR/release/dtks
FILE=/tmp/assess-$((ROWS / 1000000))m.csv
[ "$ROWS" -eq 1000000 ] || FILE=/tmp/assess-$ROWS.csv
if [ ! -s "$FILE" ]; then
  "$DTKS" generate --rows "$ROWS" --seed 1 --as-of 2026-01-01 --out "$FILE" --quiet
fi
echo "file: $FILE ($(stat -c %s "$FILE") bytes, $ROWS member rows), $(nproc) cores"

TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT

# best_of3 LABEL ARGS...: prints "LABEL best_wall_s peak_kb"
best_of3() {
  local label=$1; shift
  local best="" kb=""
  for _ in 1 2 3; do
    local line
    /usr/bin/time -o "$TIMES" -f "%e s %M KB" "$DTKS" validate "$FILE" --as-of 2026-01-01 --quiet "$@" \
      >/dev/null 2>&1 || true
    line=$(tail -1 "$TIMES")
    local wall=${line%% s *}
    local mem=${line#* s }; mem=${mem%% KB}
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$wall; kb=$mem
    fi
  done
  echo "$label $best $kb"
}

report() {
  local label=$1 wall=$2 kb=$3
  awk -v l="$label" -v w="$wall" -v k="$kb" -v r="$ROWS" \
    'BEGIN{printf "%-18s %8.2f s %12.0f rows/s %8.0f MB peak RSS\n", l, w, r / w, k / 1024}'
}

read -r _ w0 k0 < <(best_of3 plain)
read -r _ w1 k1 < <(best_of3 assess --assess)
report "validate" "$w0" "$k0"
report "validate --assess" "$w1" "$k1"
awk -v a="$w0" -v b="$w1" 'BEGIN{printf "--assess costs %.0f%% more wall time (%.2fx)\n", (b / a - 1) * 100, b / a}'
