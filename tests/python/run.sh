#!/usr/bin/env bash
# The Python module's test command: builds and installs dtks-py into a venv
# exactly as a user would (`pip install ./dtks-py`, one release build), checks
# the stubs with mypy, then runs pytest. Exits non-zero on any failure
# (pytest's "no tests collected", exit 5, included).
#
#   tests/python/run.sh            # from the repository root
#   PYTHON=python3.12 tests/python/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
py="${PYTHON:-python3}"
venv="${DTKS_VENV:-$root/.venv}"

if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
pip() { "$venv/bin/python" -m pip "$@"; }
pip install --quiet --upgrade "pip>=23"
pip install --quiet "maturin>=1.9.4,<2" "pytest>=7" "mypy>=1.8" \
    "pyarrow>=14" "polars>=0.20" "pandas>=2.2" "tqdm>=4"

echo "== building and installing dtks (pip install ./dtks-py)"
pip install --quiet --force-reinstall --no-deps ./dtks-py

echo "== mypy (stubs + typed usage)"
# Checked from a scratch directory so that mypy reads the installed package
# (its py.typed and .pyi), as a user's type checker would.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp dtks-py/tests/typed_usage.py "$scratch/"
(cd "$scratch" && "$venv/bin/python" -m mypy --strict --no-incremental typed_usage.py)
"$venv/bin/python" -m mypy --strict --no-incremental dtks-py/python/dtks

echo "== pytest"
set +e
(cd dtks-py && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests)
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
fi
exit "$status"
