#!/usr/bin/env bash
# Regenerate dtks-core's embedded region table from the pinned npm package
# idn-area-data (data: ODbL 1.0).
#
# Usage:
#   scripts/regen-regions.sh [--generated YYYY-MM-DD] [--tarball FILE] [ALIASES_CSV]
#
#   ALIASES_CSV    the alias table to copy into the crate; default
#                  ../shared/domain/region-aliases.csv, relative to the
#                  repository root. If it is missing, the committed copy in
#                  dtks-core/data/regions/region-aliases.csv is used as is.
#   --generated    the date recorded as "generated" in the provenance
#                  (default: $DTKS_REGIONS_GENERATED, else the fixed date below,
#                  which is the date of the committed table). The date is an
#                  input, never the clock, so a re-run is byte-identical.
#   --tarball      use an already downloaded idn-area-data-<version>.tgz
#                  instead of running `npm pack` (its SHA-256 is still checked).
#
# Steps: `npm pack idn-area-data@$VERSION` in a temporary directory (the only
# network access; the crate's build never touches the network), check the
# tarball's SHA-256 against the pinned value, unpack, and run
# scripts/regen_regions.py (Python 3 standard library only) which validates
# the CSVs and writes:
#   dtks-core/src/region/generated/*.rs     static tables (generated Rust)
#   dtks-core/data/regions/LICENSE-ODbL.md  the package's data/LICENSE.md
#   dtks-core/data/regions/ATTRIBUTION.md
#   dtks-core/data/regions/region-aliases.csv
#   dtks-core/data/regions/provenance.toml
#
# To move to a new package version: change VERSION, SHA256 and DECREE, run
# with --generated set to the day of the change, and update the fixed default.
set -euo pipefail

VERSION="4.0.1"
SHA256="8d47ffb2be39c08aacb0a2dd43193a1edb5754edb1022d57158341c702acc32d"
DECREE="Kepmendagri 300.2.2-2138/2025"
DEFAULT_GENERATED="2026-11-24"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
crate="$root/dtks-core"

generated="${DTKS_REGIONS_GENERATED:-$DEFAULT_GENERATED}"
tarball=""
aliases=""
while [ $# -gt 0 ]; do
    case "$1" in
        --generated) generated="${2:?--generated needs a date}"; shift 2 ;;
        --generated=*) generated="${1#*=}"; shift ;;
        --tarball) tarball="${2:?--tarball needs a file}"; shift 2 ;;
        --tarball=*) tarball="${1#*=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "regen-regions.sh: unknown option $1" >&2; exit 2 ;;
        *) if [ -n "$aliases" ]; then echo "regen-regions.sh: too many arguments" >&2; exit 2; fi
           aliases="$1"; shift ;;
    esac
done

if [ -z "$aliases" ]; then
    aliases="$root/../shared/domain/region-aliases.csv"
    if [ ! -f "$aliases" ]; then
        aliases="$crate/data/regions/region-aliases.csv"
        echo "regen-regions.sh: default alias table not found; using the committed copy" >&2
    fi
fi
[ -f "$aliases" ] || { echo "regen-regions.sh: no such file: $aliases" >&2; exit 1; }
aliases="$(cd "$(dirname "$aliases")" && pwd)/$(basename "$aliases")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ -n "$tarball" ]; then
    cp "$tarball" "$tmp/idn-area-data-$VERSION.tgz"
else
    (cd "$tmp" && npm pack --silent --ignore-scripts "idn-area-data@$VERSION" >/dev/null)
fi
tgz="$tmp/idn-area-data-$VERSION.tgz"
[ -f "$tgz" ] || { echo "regen-regions.sh: npm pack did not produce $(basename "$tgz")" >&2; exit 1; }

if command -v sha256sum >/dev/null 2>&1; then
    actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
else
    actual="$(shasum -a 256 "$tgz" | cut -d' ' -f1)"
fi
if [ "$actual" != "$SHA256" ]; then
    echo "regen-regions.sh: SHA-256 mismatch for idn-area-data-$VERSION.tgz" >&2
    echo "  expected $SHA256" >&2
    echo "  actual   $actual" >&2
    exit 1
fi

tar -xzf "$tgz" -C "$tmp"

python3 "$here/regen_regions.py" \
    --package "$tmp/package" \
    --aliases "$aliases" \
    --crate "$crate" \
    --version "$VERSION" \
    --sha256 "$SHA256" \
    --decree "$DECREE" \
    --generated "$generated"
