#!/usr/bin/env bash
# Compile time and binary size of a NIK-only service as a Rust service author
# gets them: a crate of its own (dtks-core/examples/nik_service.rs as its
# main.rs) depending on dtks-core with `default-features = false`, and, to
# compare, with the default features; each built with `cargo build --release`
# (cargo's default release profile, not the workspace's fat LTO) from an
# empty target directory, offline, with the workspace's Cargo.lock. Unlike
# `cargo build --example nik_service`, this compiles none of dtks-core's
# dev-dependencies (criterion, proptest, jsonschema, …).
#
#   CARGO_BUILD_JOBS=1 scripts/measure-nik-service.sh
#
# Prints one line per build: features, wall and user seconds, binary size
# and size after `strip`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for variant in nik-only default; do
  dir="$work/$variant"
  mkdir -p "$dir/src"
  cp "$root/dtks-core/examples/nik_service.rs" "$dir/src/main.rs"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  if [ "$variant" = nik-only ]; then
    dep="dtks-core = { path = \"$root/dtks-core\", default-features = false }"
  else
    dep="dtks-core = { path = \"$root/dtks-core\" }"
  fi
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "nik-service"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$dep

[workspace]
TOML
  start=$(date +%s.%N)
  t0=$( { /usr/bin/time -f "%U" cargo build -q --release --offline \
          --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target" >/dev/null; } 2>&1 | tail -n 1)
  end=$(date +%s.%N)
  bin="$dir/target/release/nik-service"
  strip -o "$dir/stripped" "$bin"
  printf '%-9s %6.1f s wall, %6.1f s user, binary %s bytes, stripped %s bytes, %s crates\n' \
    "$variant" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$t0" "$(stat -c %s "$bin")" "$(stat -c %s "$dir/stripped")" \
    "$(ls "$dir/target/release/deps/"*.rlib 2>/dev/null | wc -l)"
  printf '3171014101900001\n317101410190000\n' | "$bin" | sed 's/^/    /'
done
