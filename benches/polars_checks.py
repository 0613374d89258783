"""The polars baseline of the end-to-end benchmark (benches/run.sh): the
row-level checks of the reference layout written as polars expressions, the
way an analyst would write them by hand, plus the two household checks that
need the whole file (one head per family: per `id_rt` and KK; a NIK in two rows).

It does what dtks does for: NIK and KK (16 digits, district prefix known,
birth/recording date valid, serial not 0000), village code known, name
present, birth date a date not in the future, sex and relationship codes,
the NIK's sex against the declared one, one head per family, NIKs unique.
It does NOT do the rest (every other code list, KK ↔ household, ages against
relationships, retired codes, cross-household KKs, messages, paths, the
report): the comparison favours polars.

    python benches/polars_checks.py FILE AS_OF   # prints "read valid invalid"
"""

from __future__ import annotations

import sys
from typing import FrozenSet, Tuple

import polars as pl


def region_sets() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """Districts and villages of the library's embedded table (set-up, outside the timing)."""
    import dtks

    districts, villages = set(), set()
    for p in dtks.regions.provinces():
        for k in p.children():
            for d in k.children():
                districts.add(d.code_digits)
                for v in d.children():
                    villages.add(v.code_digits)
    return frozenset(districts), frozenset(villages)


def id_ok(col: str, districts: pl.Series, nik: bool) -> pl.Expr:
    c = pl.col(col).fill_null("")
    day = c.str.slice(6, 2).cast(pl.Int32, strict=False)
    day = pl.when(day > 40).then(day - 40).otherwise(day) if nik else day
    month = c.str.slice(8, 2).cast(pl.Int32, strict=False)
    yy = c.str.slice(10, 2).cast(pl.Int32, strict=False)
    year = pl.lit(2000) + yy
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    mdays = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    return (
        (c.str.len_bytes() == 16)
        & c.str.contains(r"^[0-9]{16}$")
        & c.str.slice(0, 6).is_in(districts.implode())
        & month.is_between(1, 12)
        & day.is_between(1, 31)
        & (day <= mdays)
        & (c.str.slice(12, 4) != "0000")
    )


def check(path: str, as_of: str, districts: FrozenSet[str], villages: FrozenSet[str]) -> Tuple[int, int, int]:
    d = pl.Series(sorted(districts))
    v = pl.Series(sorted(villages))
    df = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
    born = pl.col("tgl_lahir").str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    female = pl.col("nik").str.slice(6, 2).cast(pl.Int32, strict=False) > 40
    row_ok = (
        id_ok("nik", d, True)
        & id_ok("no_kk", d, False)
        & pl.col("kode_desa").fill_null("").str.replace_all(".", "", literal=True).is_in(v.implode())
        & (pl.col("nama").fill_null("").str.strip_chars() != "")
        & born.is_not_null()
        & (born <= pl.lit(as_of).str.strptime(pl.Date, "%Y-%m-%d"))
        & pl.col("jenis_kelamin").is_in(["1", "2"])
        & pl.col("hub_keluarga").is_in([str(i) for i in range(1, 9)])
        & ((pl.col("jenis_kelamin") == "2") == female)
    )
    heads = (pl.col("hub_keluarga") == "1").sum().over(["id_rt", "no_kk"])
    dup = pl.col("nik").is_duplicated()
    out = df.select((row_ok & (heads == 1) & ~dup).fill_null(False).alias("ok"))
    n = out.height
    valid = int(out["ok"].sum())
    return n, valid, n - valid


if __name__ == "__main__":
    ds, vs = region_sets()
    print(*check(sys.argv[1], sys.argv[2], ds, vs))
