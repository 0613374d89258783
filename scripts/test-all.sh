#!/usr/bin/env bash
# Runs every test suite of dtks: formatting and lints, the Rust workspace
# (unit, property, conformance, scenario and doc tests), the C ABI (tests/c,
# with AddressSanitizer, valgrind, C++ and PHP), and the Python module
# (tests/python). Installs what each needs (Debian packages, a Python venv).
# Exit status 0 only when every suite passed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check || failed+=("fmt")

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings || failed+=("clippy")

step "Rust tests (cargo test --workspace)"
cargo test --workspace || failed+=("rust")

if [ -x tests/c/run.sh ]; then
  step "C ABI tests (tests/c/run.sh)"
  tests/c/run.sh || failed+=("c")
else
  echo "tests/c/run.sh missing"; failed+=("c-missing")
fi

if [ -x tests/python/run.sh ]; then
  step "Python tests (tests/python/run.sh)"
  tests/python/run.sh || failed+=("python")
else
  echo "tests/python/run.sh missing"; failed+=("python-missing")
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "all suites passed"
  exit 0
fi
echo "FAILED suites: ${failed[*]}"
exit 1
