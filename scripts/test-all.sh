#!/usr/bin/env bash
# Runs every test suite of dtks: formatting and lints, the Rust workspace
# (unit, property, conformance, scenario and doc tests), the C ABI (tests/c,
# with AddressSanitizer, valgrind, C++ and PHP), the HTML report in headless
# Chromium (tests/html), the PHP package (tests/php: PHPUnit), and the Python
# module (tests/python). Installs what each needs (Debian packages, a Python venv).
# Exit status 0 only when every suite passed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check || failed+=("fmt")

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings || failed+=("clippy")

step "dtks-core feature combinations (each built and linted alone)"
# A service that needs only NIK parsing builds with no default features; each
# feature must build on its own and with its neighbours (Cargo.toml [features]).
for f in "" villages household bulk xlsx generate rules process "rules,bulk" arrow; do
  echo "--- features: [${f}]"
  cargo clippy -q -p dtks-core --no-default-features ${f:+--features "$f"} --all-targets -- -D warnings \
    || failed+=("features[${f}]")
done
cargo test -q -p dtks-core --no-default-features --lib || failed+=("features-test[]")

step "crates as published (cargo package: metadata, README, licence texts)"
for f in LICENSE-APACHE LICENSE-MIT NOTICE; do
  for c in dtks-core dtks-cli dtks-ffi; do
    cmp -s "$f" "$c/$f" || { echo "$c/$f is not the repository's $f"; failed+=("licence-$c"); }
  done
done
cargo package -q --workspace --no-verify --allow-dirty --exclude dtks-py >/dev/null \
  && for c in dtks-core dtks-cli dtks-ffi; do
       list=$(cargo package -q -p "$c" --list --allow-dirty)
       for want in README.md LICENSE-APACHE LICENSE-MIT NOTICE; do
         grep -qx "$want" <<<"$list" || { echo "$c: the package lacks $want"; failed+=("package-$c"); }
       done
     done \
  || failed+=("package")

step "Rust tests (cargo test --workspace)"
cargo test --workspace || failed+=("rust")

if [ -x tests/c/run.sh ]; then
  step "C ABI tests (tests/c/run.sh)"
  tests/c/run.sh || failed+=("c")
else
  echo "tests/c/run.sh missing"; failed+=("c-missing")
fi

if [ -x tests/html/run.sh ]; then
  step "HTML report in headless Chromium (tests/html/run.sh)"
  tests/html/run.sh || failed+=("html")
else
  echo "tests/html/run.sh missing"; failed+=("html-missing")
fi

if [ -x tests/php/run.sh ]; then
  step "PHP package (tests/php/run.sh: PHPUnit through FFI and through the command)"
  for f in LICENSE-APACHE LICENSE-MIT NOTICE; do
    cmp -s "$f" "php/$f" || { echo "php/$f is not the repository's $f"; failed+=("licence-php"); }
  done
  tests/php/run.sh || failed+=("php")
else
  echo "tests/php/run.sh missing"; failed+=("php-missing")
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
