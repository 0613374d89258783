"""Damages a clean export the way files arrive from village offices, for the
end-to-end benchmark (benches/run.sh): a share of rows (default 2 %) gets one
fault each, of 18 kinds: NIK cut short, in Excel's scientific form, with a
letter O for a zero, KK cut short, birth date as DD/MM/YYYY or impossible,
name blank, sex as a letter, unknown relationship code, unknown village,
decimal comma, text in a number column, an extra or a missing column, a NIK
repeated from the row above, negative income, RT of five digits, "ya" for 1.
Seeded, so the same input gives the same file.

    python benches/damage.py CLEAN.csv OUT.csv [RATE] [SEED]
"""

from __future__ import annotations

import csv
import random
import sys


def damage(src: str, dst: str, rate: float = 0.02, seed: int = 3) -> int:
    rng = random.Random(seed)
    kinds = ["nik_short", "nik_sci", "nik_letter", "kk_short", "date_dmy", "date_bad", "blank_name",
             "sex_letter", "rel_unknown", "desa_unknown", "decimal_comma", "area_text", "extra_col",
             "missing_col", "nik_repeated", "income_negative", "rt_long", "yes_word"]
    damaged = 0
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
        r = csv.reader(f)
        w = csv.writer(g, lineterminator="\n")
        head = next(r)
        w.writerow(head)
        ix = {n: i for i, n in enumerate(head)}
        last_nik = None
        for row in r:
            if rng.random() < rate:
                damaged += 1
                k = rng.choice(kinds)
                nik = row[ix["nik"]]
                if k == "nik_short":
                    row[ix["nik"]] = nik[:15]
                elif k == "nik_sci":
                    row[ix["nik"]] = "%.5E" % int(nik)
                elif k == "nik_letter":
                    row[ix["nik"]] = nik[:10] + "O" + nik[11:]
                elif k == "kk_short":
                    row[ix["no_kk"]] = row[ix["no_kk"]][:14]
                elif k == "date_dmy":
                    y, m, d = row[ix["tgl_lahir"]].split("-")
                    row[ix["tgl_lahir"]] = f"{d}/{m}/{y}"
                elif k == "date_bad":
                    row[ix["tgl_lahir"]] = "2021-02-30"
                elif k == "blank_name":
                    row[ix["nama"]] = ""
                elif k == "sex_letter":
                    row[ix["jenis_kelamin"]] = "L"
                elif k == "rel_unknown":
                    row[ix["hub_keluarga"]] = "9"
                elif k == "desa_unknown":
                    row[ix["kode_desa"]] = "9999999999"
                elif k == "decimal_comma":
                    row[ix["luas_lantai"]] = row[ix["luas_lantai"]].replace(".", ",")
                elif k == "area_text":
                    row[ix["luas_lantai"]] = "luas"
                elif k == "extra_col":
                    row.append("x")
                elif k == "missing_col":
                    row = row[:-2]
                elif k == "nik_repeated" and last_nik:
                    row[ix["nik"]] = last_nik
                elif k == "income_negative":
                    row[ix["penghasilan"]] = "-5"
                elif k == "rt_long":
                    row[ix["rt"]] = "00042"
                elif k == "yes_word":
                    row[ix["bekerja"]] = "ya"
            if len(row) > ix["nik"]:
                last_nik = row[ix["nik"]]
            w.writerow(row)
    return damaged


if __name__ == "__main__":
    a = sys.argv
    n = damage(a[1], a[2], float(a[3]) if len(a) > 3 else 0.02, int(a[4]) if len(a) > 4 else 3)
    print(f"{n} rows damaged", file=sys.stderr)
