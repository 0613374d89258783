"""Bulk validation benchmark: the module on a file, on a polars DataFrame, the
Rust command, and an equivalent pydantic v2 model, on one generated file.

    python dtks-py/bench/bench_bulk.py --rows 1000000 --seed 1 \
        --dtks-bin target/release/dtks [--repeat 3] [--pydantic-rows 100000]

The file is written by `dtks generate` (run through `python -m dtks`, the
same command line). Each timing is the best of --repeat runs, wall clock.
The pydantic model is timed on the first --pydantic-rows rows (by default
all) and its rate scaled to the whole file; say so when reporting.

The pydantic model is written to do the same *field* checks as the core's
row-level rules: NIK/KK 16 digits, region prefix in the set of current or
retired districts, day (+40) / month / leap day, serial not 0000; village
code 10 digits and in the village set; date parse and not in the future; every
code list of docs/domain/export-layout.md; sex in the NIK vs declared. It does NOT
group households, check heads, duplicates or cross-record keys, all of
which the core does: the comparison favours pydantic.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, FrozenSet, Optional

AS_OF = "2026-01-01"


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def region_sets() -> Dict[str, FrozenSet[str]]:
    import dtks

    districts, villages = set(), set()
    for p in dtks.regions.provinces():
        for k in p.children():
            for d in k.children():
                districts.add(d.code_digits)
                for v in d.children():
                    villages.add(v.code_digits)
    # Retired regency and district codes (still valid in a NIK): probed once
    # through the alias table, at set-up, outside the timing.
    retired = set()
    for p in dtks.regions.provinces():
        for k in range(1, 100):
            reg = f"{p.code}{k:02d}"
            if dtks.regions.alias(reg) is not None:
                retired.add(reg)
            for c in range(1, 100):
                if dtks.regions.alias(f"{reg}{c:02d}") is not None:
                    retired.add(f"{reg}{c:02d}")
    return {"districts": frozenset(districts), "villages": frozenset(villages), "retired": frozenset(retired)}


def pydantic_model(sets: Dict[str, FrozenSet[str]]) -> Any:
    from pydantic import BaseModel, field_validator, model_validator

    districts, villages, retired = sets["districts"], sets["villages"], sets["retired"]
    as_of = datetime.date.fromisoformat(AS_OF)

    def leap(y: int) -> bool:
        return (y % 4 == 0 and y % 100 != 0) or y % 400 == 0

    def id_number(v: str, kind: str) -> str:
        if len(v) != 16 or not v.isdigit():
            raise ValueError(f"{kind}_LENGTH")
        pre = v[:6]
        if pre not in districts and pre not in retired and pre[:4] not in retired:
            raise ValueError(f"{kind}_DISTRICT_UNKNOWN")
        day, month, yy = int(v[6:8]), int(v[8:10]), int(v[10:12])
        if kind == "NIK" and day > 40:
            day -= 40
        mdays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if not (1 <= month <= 12) or not (1 <= day <= mdays[month - 1]):
            raise ValueError(f"{kind}_DATE_INVALID")
        if month == 2 and day == 29 and not leap(2000 + yy):
            raise ValueError(f"{kind}_LEAP_DAY")
        if v[12:] == "0000":
            raise ValueError(f"{kind}_SERIAL_ZERO")
        return v

    def code(v: Optional[str], allowed: FrozenSet[str], required: bool = False) -> Optional[str]:
        if v is None or v == "":
            if required:
                raise ValueError("FIELD_REQUIRED")
            return None
        if v not in allowed:
            raise ValueError("VALUE_INVALID")
        return v

    def rng(a: int, b: int) -> FrozenSet[str]:
        return frozenset(str(i) for i in range(a, b + 1))

    class Row(BaseModel):
        id_rt: str
        kode_desa: str
        alamat: Optional[str] = None
        rt: Optional[str] = None
        rw: Optional[str] = None
        no_kk: str
        nik: str
        nama: str
        tgl_lahir: datetime.date
        jenis_kelamin: str
        hub_keluarga: str
        status_kawin: Optional[str] = None
        hamil: Optional[str] = None
        disabilitas: Optional[str] = None
        disabilitas_berat: Optional[str] = None
        sekolah: Optional[str] = None
        pendidikan: Optional[str] = None
        bekerja: Optional[str] = None
        luas_lantai: Optional[float] = None
        jenis_lantai: Optional[str] = None
        jenis_dinding: Optional[str] = None
        jenis_atap: Optional[str] = None
        sumber_air: Optional[str] = None
        penerangan: Optional[str] = None
        bahan_bakar: Optional[str] = None
        jamban: Optional[str] = None
        status_rumah: Optional[str] = None
        penghasilan: Optional[int] = None
        desil: Optional[int] = None
        terdaftar: Optional[str] = None

        @field_validator("*", mode="before")
        @classmethod
        def empty_is_none(cls, v: Any) -> Any:
            return None if v == "" else v

        @field_validator("id_rt")
        @classmethod
        def _id(cls, v: str) -> str:
            if not (1 <= len(v) <= 32) or not all(c.isalnum() or c in "_-" for c in v) or not v.isascii():
                raise ValueError("HOUSEHOLD_ID_INVALID")
            return v

        @field_validator("kode_desa")
        @classmethod
        def _desa(cls, v: str) -> str:
            d = v.replace(".", "")
            if len(d) != 10 or not d.isdigit():
                raise ValueError("VILLAGE_CODE_INVALID")
            if d not in villages:
                raise ValueError("VILLAGE_UNKNOWN")
            return d

        @field_validator("rt", "rw")
        @classmethod
        def _rtrw(cls, v: Optional[str]) -> Optional[str]:
            if v is not None and not (1 <= len(v) <= 3 and v.isdigit()):
                raise ValueError("VALUE_INVALID")
            return v

        @field_validator("nik")
        @classmethod
        def _nik(cls, v: str) -> str:
            return id_number(v, "NIK")

        @field_validator("no_kk")
        @classmethod
        def _kk(cls, v: str) -> str:
            return id_number(v, "KK")

        @field_validator("nama")
        @classmethod
        def _nama(cls, v: str) -> str:
            if not v.strip():
                raise ValueError("FIELD_REQUIRED")
            return v

        @field_validator("tgl_lahir")
        @classmethod
        def _born(cls, v: datetime.date) -> datetime.date:
            if v > as_of:
                raise ValueError("BIRTH_DATE_FUTURE")
            return v

        @field_validator("jenis_kelamin")
        @classmethod
        def _sex(cls, v: str) -> str:
            return code(v, rng(1, 2), True) or ""

        @field_validator("hub_keluarga")
        @classmethod
        def _hub(cls, v: str) -> str:
            return code(v, rng(1, 8), True) or ""

        @field_validator("status_kawin", "disabilitas", "sekolah", "pendidikan", "jenis_lantai",
                         "jenis_dinding", "jenis_atap", "sumber_air", "penerangan", "bahan_bakar",
                         "jamban", "status_rumah", "hamil", "disabilitas_berat", "bekerja", "terdaftar")
        @classmethod
        def _codes(cls, v: Optional[str], info: Any) -> Optional[str]:
            lists = {
                "status_kawin": rng(1, 4), "disabilitas": rng(0, 5), "sekolah": rng(0, 6),
                "pendidikan": rng(0, 5), "jenis_lantai": rng(1, 7), "jenis_dinding": rng(1, 5),
                "jenis_atap": rng(1, 5), "sumber_air": rng(1, 7), "penerangan": rng(1, 6),
                "bahan_bakar": rng(1, 5), "jamban": rng(1, 4), "status_rumah": rng(1, 5),
            }
            return code(v, lists.get(info.field_name, rng(0, 1)))

        @field_validator("luas_lantai")
        @classmethod
        def _area(cls, v: Optional[float]) -> Optional[float]:
            if v is not None and v < 0:
                raise ValueError("VALUE_OUT_OF_RANGE")
            return v

        @field_validator("penghasilan")
        @classmethod
        def _income(cls, v: Optional[int]) -> Optional[int]:
            if v is not None and v < 0:
                raise ValueError("VALUE_OUT_OF_RANGE")
            return v

        @field_validator("desil")
        @classmethod
        def _desil(cls, v: Optional[int]) -> Optional[int]:
            if v is not None and not (1 <= v <= 10):
                raise ValueError("VALUE_OUT_OF_RANGE")
            return v

        @model_validator(mode="after")
        def _sex_matches_nik(self) -> "Row":
            female = int(self.nik[6:8]) > 40
            if (self.jenis_kelamin == "2") != female:
                raise ValueError("NIK_SEX_MISMATCH")
            return self

    return Row


def run_pydantic(path: str, limit: Optional[int], sets: Dict[str, FrozenSet[str]]) -> Dict[str, int]:
    from pydantic import ValidationError

    Row = pydantic_model(sets)
    ok = bad = 0
    with open(path, newline="", encoding="utf-8") as f:
        for i, rec in enumerate(csv.DictReader(f)):
            if limit is not None and i >= limit:
                break
            try:
                Row.model_validate(rec)
                ok += 1
            except ValidationError:
                bad += 1
    return {"valid": ok, "invalid": bad}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--file", help="use this file instead of generating one")
    ap.add_argument("--dtks-bin", default=str(pathlib.Path(__file__).resolve().parents[2] / "target" / "release" / "dtks"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pydantic-rows", type=int, default=None)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()

    import dtks
    import polars as pl

    tmp = tempfile.mkdtemp(prefix="dtks-bench-")
    path = args.file or os.path.join(tmp, f"gen-{args.rows}-{args.seed}.csv")
    if not args.file:
        t = time.perf_counter()
        status = dtks.__main__.main(["generate", "--rows", str(args.rows), "--seed", str(args.seed),
                                     "--as-of", AS_OF, "--fault-rate", "0.02", "--out", path, "--quiet"])
        if status != 0:
            print("dtks generate failed", file=sys.stderr)
            return 1
        print(f"generated {path} ({os.path.getsize(path):,} bytes) in {time.perf_counter() - t:.1f}s")
    size = os.path.getsize(path)

    results: Dict[str, float] = {}
    r = dtks.bulk.validate_file(path, as_of=AS_OF, threads=args.threads)
    rows = r.summary["rows_read"]
    print(f"rows: {rows:,}; invalid: {r.summary['rows_invalid']:,}; problems: {r.summary['problems']:,}")
    results["python: file"] = best(lambda: dtks.bulk.validate_file(path, as_of=AS_OF, threads=args.threads), args.repeat)

    df = pl.read_csv(path, infer_schema=False)
    r2 = dtks.bulk.validate_table(df, as_of=AS_OF, threads=args.threads)
    assert r2.summary["rows_invalid"] == r.summary["rows_invalid"], (r2.summary["rows_invalid"], r.summary["rows_invalid"])
    results["python: polars DataFrame"] = best(lambda: dtks.bulk.validate_table(df, as_of=AS_OF, threads=args.threads), args.repeat)

    if os.path.exists(args.dtks_bin):
        cmd = [args.dtks_bin, "validate", path, "--quiet", "--as-of", AS_OF, "--threads", str(args.threads)]
        results["rust: dtks validate --quiet"] = best(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), args.repeat)
        print("rust command:", " ".join(cmd))
    else:
        print(f"no Rust binary at {args.dtks_bin}: build it with cargo build --release -p dtks-cli")

    sets = region_sets()
    limit = args.pydantic_rows
    t = time.perf_counter()
    counts = run_pydantic(path, limit, sets)
    elapsed = time.perf_counter() - t
    done = counts["valid"] + counts["invalid"]
    results["pydantic v2 model (scaled)" if limit else "pydantic v2 model"] = elapsed * rows / max(done, 1)
    print(f"pydantic: {done:,} rows in {elapsed:.2f}s (invalid {counts['invalid']:,})")

    print(f"\nfile: {size:,} bytes, {rows:,} rows; cores: {os.cpu_count()}; threads option: {args.threads}")
    base = results.get("rust: dtks validate --quiet")
    for name, secs in results.items():
        extra = f"  {secs / base:.2f}x Rust" if base else ""
        print(f"{name:32s} {secs:8.3f}s  {rows / secs:12,.0f} rows/s{extra}")
    pyd = [v for k, v in results.items() if k.startswith("pydantic")][0]
    print(f"pydantic / python file: {pyd / results['python: file']:.1f}x; "
          f"pydantic / polars: {pyd / results['python: polars DataFrame']:.1f}x")
    return 0


if __name__ == "__main__":
    import dtks.__main__  # noqa: F401  (generate runs through the command line)

    sys.exit(main())
