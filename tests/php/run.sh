#!/usr/bin/env bash
# The PHP package's test command (php/): builds libdtks and the dtks command
# (cargo, release), then runs the package's PHPUnit suite twice, once
# through FFI (libdtks in the process) and once through the command (the
# fallback when FFI is disabled): the same tests must pass both ways, and
# php/tests/RuntimeTest.php also checks that both give identical answers,
# the ffi.preload set-up PHP-FPM needs and the automatic fallback.
# Installs php-cli, phpunit and composer from Debian when missing (as root).
# Exit status non-zero on any failure.
#
#   tests/php/run.sh            # from the repository root
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

updated=0
need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then echo "missing $1 (apt-get install $2)"; return 1; fi
  if [ $updated -eq 0 ]; then apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need php php-cli
need phpunit phpunit
need composer composer || true   # only for `composer validate`

php -r 'exit(extension_loaded("ffi") ? 0 : 1);' || { echo "php has no FFI extension"; exit 1; }

if command -v composer >/dev/null 2>&1; then
  echo "== composer validate"
  COMPOSER_ALLOW_SUPERUSER=1 composer validate --no-interaction --no-check-publish --no-check-lock --strict -d php
fi

# One package at a time, as tests/c/run.sh builds dtks-ffi: built together,
# cargo would unify their dependencies' features and build everything again.
echo "== cargo build --release -p dtks-ffi; cargo build --release -p dtks-cli"
cargo build --release -q -p dtks-ffi
cargo build --release -q -p dtks-cli
lib="$CARGO_TARGET_DIR/release/libdtks.so"
cmd="$CARGO_TARGET_DIR/release/dtks"

status=0
for backend in ffi command; do
  echo "== phpunit, backend $backend"
  (cd php && DTKS_BACKEND=$backend DTKS_EXPECT_BACKEND=$backend DTKS_LIB="$lib" DTKS_COMMAND="$cmd" \
      phpunit --do-not-cache-result) || status=1
done
exit $status
