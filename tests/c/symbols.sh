#!/usr/bin/env bash
# Checks the installed libdtks.so's symbols (dtks-ffi/dtks.map): every
# exported function is a dtks_* function with a DTKS_* version, nothing else
# is exported, and a program linked against the library records the version
# it needs. usage: symbols.sh LIBDTKS.so PROGRAM
set -uo pipefail
lib=$1 prog=$2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# Defined (not UND), global or weak, dynamic symbols: "name@@VERSION".
defined=$(readelf --dyn-syms --wide "$lib" | awk '$5 != "LOCAL" && $7 != "UND" && NR > 3 {print $8}')
functions=$(echo "$defined" | grep -c '^dtks_' || true)
[ "$functions" -gt 50 ] && ok || bad "only $functions dtks_* symbols exported"
unversioned=$(echo "$defined" | grep '^dtks_' | grep -v '@@DTKS_0\.' || true)
[ -z "$unversioned" ] && ok || bad "without a DTKS_0.x version: $unversioned"
others=$(echo "$defined" | grep -v '^dtks_' | grep -v '^DTKS_' | grep -v '^$' || true)
[ -z "$others" ] && ok || bad "exported but not part of the ABI: $(echo "$others" | head -5)"
readelf -V --wide "$prog" | grep -q 'Name: DTKS_0\.1' && ok || bad "$prog does not record DTKS_0.1"
echo "symbols: $functions functions, all versioned"
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
