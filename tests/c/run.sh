#!/usr/bin/env bash
# The C ABI tests: builds libdtks with cargo, installs it into a scratch
# prefix with `make install` (header, libraries, dtks.pc), then compiles the
# programs of tests/c against it with pkg-config and runs them:
#   test_api      every function and error path, threads   (shared library)
#   symbols       every export a dtks_* function with its DTKS_* version
#   test_api      again under AddressSanitizer + UBSan      (static library)
#   test_api      again under valgrind --leak-check=full    (shared library)
#   test_process  musyawarah, usulan, lifecycle: the same three runs
#   conformance   tests/conformance/*.json through the ABI  (jansson reads the JSON)
#   cpp_smoke     the header from C++ (g++)
#   app           `cc app.c $(pkg-config --cflags --libs dtks)`, as docs/c-api.md says
#   php_ffi.php   PHP's FFI extension: the example dataset and a NIK
# Installs its Debian packages itself when missing (apt-get update once).
# Exit status non-zero on any failure; the last line is `N passed, M failed`
# (checks of every program, plus one failure per step that could not run).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BUILD="$CARGO_TARGET_DIR/c-tests"
PREFIX="$BUILD/prefix"
mkdir -p "$BUILD"

# ---- packages --------------------------------------------------------------
updated=0
need() { # need <command-or-dpkg-package> <apt package>
  if command -v "$1" >/dev/null 2>&1 || dpkg -s "$1" >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then echo "missing $2 (install it: apt-get install $2)"; return 1; fi
  if [ $updated -eq 0 ]; then apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
for pair in cc:gcc g++:g++ make:make pkg-config:pkg-config valgrind:valgrind \
            libjansson-dev:libjansson-dev php:php-cli; do
  need "${pair%%:*}" "${pair#*:}" || true
done

passed=0
failed=0
step() { # step <name> <command...>: runs it, adds up its RESULT lines
  local name=$1; shift
  echo "--- $name"
  local log="$BUILD/$name.log"
  "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(awk '/^RESULT /{s+=$2} END{print s+0}' "$log")
  f=$(awk '/^RESULT /{s+=$3} END{print s+0}' "$log")
  passed=$((passed + p)); failed=$((failed + f))
  if [ $rc -ne 0 ]; then
    sed -n '1,60p' "$log" | grep -v '^RESULT '
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    echo "FAILED: $name (exit $rc)"
  else
    grep -v '^RESULT ' "$log" | tail -n 3
    if [ "$p" -eq 0 ]; then passed=$((passed + 1)); fi
  fi
  return $rc
}

# ---- build and install -------------------------------------------------------
step build make lib || { echo "$passed passed, $((failed)) failed"; exit 1; }
rm -rf "$PREFIX"
step install make install PREFIX="$PREFIX" || { echo "$passed passed, $failed failed"; exit 1; }
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
CFLAGS="-std=c11 -Wall -Wextra -Werror -pedantic -g"
RPATH="-Wl,-rpath,$PREFIX/lib"
# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
DTKS_CFLAGS=$(pkg-config --cflags dtks)
DTKS_LIBS=$(pkg-config --libs dtks)
STATIC_LIBS="$PREFIX/lib/libdtks.a $(pkg-config --static --libs-only-l dtks | sed 's/-ldtks//')"
T=tests/c

# ---- programs ----------------------------------------------------------------
step compile-api cc $CFLAGS -I$T $T/test_api.c $DTKS_CFLAGS $DTKS_LIBS $RPATH -lpthread \
  -o "$BUILD/test_api" && step test_api "$BUILD/test_api"

step symbols bash $T/symbols.sh "$PREFIX/lib/libdtks.so" "$BUILD/test_api"

step compile-asan cc $CFLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -I$T \
  $T/test_api.c $DTKS_CFLAGS $STATIC_LIBS -o "$BUILD/test_api_asan" &&
  step asan env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$BUILD/test_api_asan"

if command -v valgrind >/dev/null 2>&1; then
  step valgrind valgrind --suppressions=tests/c/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "$BUILD/test_api"
  grep -E 'ERROR SUMMARY|definitely lost|in use at exit' "$BUILD/valgrind.log" || true
else
  echo "valgrind missing"; failed=$((failed + 1))
fi

# The process functions (musyawarah, usulan, lifecycle): the same three runs.
step compile-process cc $CFLAGS -I$T $T/test_process.c $DTKS_CFLAGS $DTKS_LIBS $RPATH -lpthread \
  -o "$BUILD/test_process" && step test_process "$BUILD/test_process"

step compile-process-asan cc $CFLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -I$T \
  $T/test_process.c $DTKS_CFLAGS $STATIC_LIBS -o "$BUILD/test_process_asan" &&
  step process-asan env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$BUILD/test_process_asan"

if command -v valgrind >/dev/null 2>&1; then
  step process-valgrind valgrind --suppressions=tests/c/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "$BUILD/test_process"
  grep -E 'ERROR SUMMARY|definitely lost|in use at exit' "$BUILD/process-valgrind.log" || true
else
  echo "valgrind missing"; failed=$((failed + 1))
fi

step compile-conformance cc $CFLAGS -I$T $T/conformance.c $DTKS_CFLAGS \
  $(pkg-config --cflags --libs jansson) $DTKS_LIBS $RPATH -o "$BUILD/conformance" &&
  step conformance "$BUILD/conformance" tests/conformance/*.json

step compile-cpp g++ -std=c++17 -Wall -Wextra -Werror -pedantic $T/cpp_smoke.cpp \
  $DTKS_CFLAGS $DTKS_LIBS $RPATH -o "$BUILD/cpp_smoke" && step cpp_smoke "$BUILD/cpp_smoke"

# Exactly the documented command (no rpath: the loader is told where to look).
step compile-app sh -c "cc $T/app.c \$(pkg-config --cflags --libs dtks) -o '$BUILD/app'" &&
  step app env LD_LIBRARY_PATH="$PREFIX/lib" "$BUILD/app" 3171014101900001

if command -v php >/dev/null 2>&1; then
  step php php -d ffi.enable=1 $T/php_ffi.php "$PREFIX/include/dtks.h" "$PREFIX/lib/libdtks.so"
else
  echo "php missing"; failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
