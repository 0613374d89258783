#!/usr/bin/env bash
# The HTML report in a real browser: builds `dtks` (debug), writes the report
# of the example dataset (Indonesian and English, with --assess) and of a
# small generated file with faults, opens each in headless Chromium
# (--dump-dom, after the page's scripts ran) and checks that
#   - the page's script ran to its end (data-report-ready="1" on <html>)
#     and window.onerror recorded nothing (no data-report-errors);
#   - the headline numbers are those of the JSON report of the same file;
#   - no 16-digit number (a NIK or KK) and no generated name is in the DOM.
# A page with a deliberate script error is checked to be caught, so that a
# silent harness cannot pass. UPDATE_SCREENSHOT=1 also rewrites
# docs/report-example.png (the example dataset's page, Indonesian).
# Installs Debian's chromium when run as root and missing. The last line is
# `N passed, M failed`; exit status non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

need() { # need <command> <apt package>
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then echo "missing $2 (install it: apt-get install $2)"; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need chromium chromium || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok   $*"; }
bad()  { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check <description> <command...>
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

cargo build -q -p dtks-cli || { echo "0 passed, 1 failed"; exit 1; }
DTKS="$CARGO_TARGET_DIR/debug/dtks"

browser() { # browser <args...>: headless Chromium, quiet, bounded in time
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-extensions \
    --no-first-run --user-data-dir="$WORK/profile" "$@" 2>/dev/null
}

# The summary value of a key in dtks's pretty-printed JSON report.
json_num() { grep -m1 -oE "\"$1\": [0-9]+" "$2" | grep -oE '[0-9]+$'; }

# Thousands grouping as the page writes numbers: id `.`, en `,`.
grouped() { # grouped <n> <sep>
  local n=$1 sep=$2 out=""
  while [ ${#n} -gt 3 ]; do out="$sep${n: -3}$out"; n=${n:0:${#n}-3}; done
  echo "$n$out"
}

page_checks() { # page_checks <name> <input> <lang> <names file or "">
  local name=$1 input=$2 lang=$3 names=$4
  local sep="."; [ "$lang" = en ] && sep=","
  "$DTKS" validate "$input" --as-of 2026-01-01 --quiet --assess --lang "$lang" \
    --report "$WORK/$name.html"
  "$DTKS" validate "$input" --as-of 2026-01-01 --quiet --assess --report "$WORK/$name.json"
  browser --dump-dom "file://$WORK/$name.html" > "$WORK/$name.dom"
  check "$name: the page rendered (DOM dumped)" test -s "$WORK/$name.dom"
  check "$name: its script ran to the end" grep -q 'data-report-ready="1"' "$WORK/$name.dom"
  check "$name: no script error" bash -c "! grep -q 'data-report-errors=' '$WORK/$name.dom'"
  check "$name: lang=$lang" grep -q "<html lang=\"$lang\"" "$WORK/$name.dom"
  for pair in rows-read:rows_read rows-valid:rows_valid rows-invalid:rows_invalid households:households; do
    local id=${pair%%:*} key=${pair#*:} n
    n=$(json_num "$key" "$WORK/$name.json")
    check "$name: $id = $n" grep -q "<b id=\"$id\">$(grouped "$n" "$sep")</b>" "$WORK/$name.dom"
  done
  local sha
  sha=$(grep -m1 -oE '"input_sha256": "[0-9a-f]{64}"' "$WORK/$name.json" | grep -oE '[0-9a-f]{64}')
  check "$name: input SHA-256 shown" grep -q "$sha" "$WORK/$name.dom"
  # A run of 16+ digits not inside a longer alphanumeric token (a hash).
  check "$name: no 16-digit number" bash -c \
    "! grep -qP '(?<![0-9A-Za-z])[0-9]{16,}(?![0-9A-Za-z])' '$WORK/$name.dom'"
  if [ -n "$names" ]; then
    check "$name: no generated name" bash -c "! grep -qFf '$names' '$WORK/$name.dom'"
  fi
}

# The example dataset, both languages; its names are every `nama` value.
col=$(head -1 examples/households.csv | tr ',' '\n' | grep -nx nama | cut -d: -f1)
tail -n +2 examples/households.csv | cut -d, -f"$col" | awk 'length($0) >= 4' | sort -u > "$WORK/example-names"
page_checks example-id examples/households.csv id "$WORK/example-names"
page_checks example-en examples/households.csv en "$WORK/example-names"

# A generated file with many faults.
"$DTKS" generate --rows 20000 --seed 3 --as-of 2026-01-01 --fault-rate 0.2 --quiet \
  --out "$WORK/gen.csv" 2>/dev/null || "$DTKS" generate --rows 20000 --seed 3 \
  --as-of 2026-01-01 --fault-rate 0.2 > "$WORK/gen.csv" 2>/dev/null
col=$(head -1 "$WORK/gen.csv" | tr ',' '\n' | grep -nx nama | cut -d: -f1)
tail -n +2 "$WORK/gen.csv" | cut -d, -f"$col" | tr -d '"' | awk 'length($0) >= 4' | sort -u > "$WORK/gen-names"
check "generated: names collected" test "$(wc -l < "$WORK/gen-names")" -gt 10
page_checks generated "$WORK/gen.csv" id "$WORK/gen-names"

# The harness catches a script error.
sed 's#</body>#<script>notDefinedAnywhere();</script></body>#' "$WORK/example-id.html" > "$WORK/broken.html"
browser --dump-dom "file://$WORK/broken.html" > "$WORK/broken.dom"
check "a script error is caught" grep -q 'data-report-errors="[^"]*notDefinedAnywhere' "$WORK/broken.dom"

if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  browser --hide-scrollbars --window-size=1200,1800 \
    --screenshot="$ROOT/docs/report-example.png" "file://$WORK/example-id.html" >/dev/null
  check "screenshot written" test -s "$ROOT/docs/report-example.png"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
