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
    "pyarrow>=14" "polars>=0.20" "pandas>=2.2" "tqdm>=4" \
    "dask[dataframe]>=2024.1" "distributed>=2024.1"

# PySpark in local mode for dtks.spark's test (tests/test_scale.py): it needs
# a Java runtime (17 or later), installed here when missing and we may.
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
        || echo "no Java runtime: the Spark test will be skipped"
fi
if command -v java >/dev/null 2>&1; then
    pip install --quiet "pyspark>=3.5" || echo "pyspark did not install: the Spark test will be skipped"
fi

# The licence texts ship inside the package: dtks-py keeps copies of the
# repository's (PEP 639 license-files cannot point outside the project).
for f in LICENSE-APACHE LICENSE-MIT NOTICE; do
    cmp -s "$f" "dtks-py/$f" || { echo "dtks-py/$f differs from $f: copy it again"; exit 1; }
done
cmp -s dtks-core/data/regions/LICENSE-ODbL.md dtks-py/LICENSE-ODbL.md \
    || { echo "dtks-py/LICENSE-ODbL.md differs from dtks-core/data/regions/LICENSE-ODbL.md"; exit 1; }

# The artefact a user installs: one stripped abi3 wheel, built once, then
# installed with pip exactly as on a machine without Rust.
wheels="${DTKS_WHEELS:-$root/target/wheels}"
rm -rf "$wheels"
echo "== building the wheel (maturin build --release, stripped) into $wheels"
"$venv/bin/maturin" build --quiet --release --strip -m dtks-py/Cargo.toml --out "$wheels"
wheel="$(ls "$wheels"/dtks-*.whl)"
echo "wheel: $(basename "$wheel"), $(du -k "$wheel" | cut -f1) KiB"
echo "== installing it (pip install $(basename "$wheel"))"
pip install --quiet --force-reinstall --no-deps "$wheel"
so="$("$venv/bin/python" -c 'import dtks._dtks as m; print(m.__file__)')"
echo "native module: $(du -k "$so" | cut -f1) KiB"
# Stripped: no debug sections left in the native module.
if command -v readelf >/dev/null && readelf -S "$so" | grep -q '\.debug_'; then
    echo "the wheel's native module carries debug info"; exit 1
fi
"$venv/bin/python" - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
text = zipfile.ZipFile(sys.argv[1]).read(meta).decode()
for want in ("License-Expression: Apache-2.0 OR MIT", "Classifier:", "Keywords:",
             "Description-Content-Type: text/markdown", "Requires-Python: >=3.9"):
    assert want in text, f"wheel METADATA lacks {want!r}"
for lic in ("LICENSE-APACHE", "LICENSE-MIT", "NOTICE", "LICENSE-ODbL.md"):
    assert any(n.endswith("/" + lic) for n in names), f"wheel lacks {lic}"
assert any(n.endswith(".pyi") for n in names) and any(n.endswith("py.typed") for n in names)
print("wheel metadata and licence files: ok")
PY

echo "== mypy (the package itself)"
# The stubs against user code (typed_usage.py passes, typed_misuse.py fails
# on each misreading) are pytest's tests/test_typing.py, run below against
# this installed wheel.
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
