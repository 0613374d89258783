#!/usr/bin/env python3
"""Writes the example dataset in both forms and the expected problems.

examples/households.jsonl  one household per line (the JSON form)
examples/households.csv    the same households in the reference export layout
examples/expected.json     for each household id, the problems each form must report

The people are synthetic; region codes are real (Kemendagri). Each broken
household breaks the rules named beside it, and its expected problems are
written here from those rules (docs/domain/identity.md, docs/domain/export-layout.md
and the validation table in dtks-core/src/household/validate.rs), not taken
from the tool's output. Run: python3 scripts/make-examples.py
"""
import copy, csv, io, json, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
GAMBIR = "31.71.01.1001"        # Kelurahan Gambir, Kota Jakarta Pusat (kelurahan)
BAKONGAN = "11.01.01.2001"      # Keude Bakongan, Kab. Aceh Selatan (desa)
MERAUKE = "93.01.01.2001"       # Nasem, Kab. Merauke (Papua Selatan since 2022)

def person(nik, name, birth, sex, rel, **kw):
    d = {"nik": nik, "name": name, "birth_date": birth, "sex": sex, "relationship": rel}
    d.update(kw)
    return d

SURNAMES = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Nugroho", "Siregar", "Harahap", "Lubis", "Simanjuntak",
            "Pratama", "Kurniawan", "Setiawan", "Gunawan", "Halim", "Tanjung", "Nasution", "Hutapea", "Sitompul",
            "Permana", "Ramadhan", "Firmansyah", "Hakim", "Rahman", "Syahputra", "Maulana", "Putra", "Susanto",
            "Wibowo", "Purnomo", "Utomo", "Hartono", "Budiman", "Darmawan", "Iskandar", "Kusuma", "Lesmana",
            "Mahendra", "Nurdin", "Prasetyo", "Rusdi", "Sulistyo", "Tarigan", "Usman", "Wahyudi", "Yulianto",
            "Zulkarnain", "Anwar", "Baskoro", "Cahyono", "Effendi", "Fauzi", "Ginting", "Hasibuan", "Irawan",
            "Junaedi", "Kartika", "Lukman", "Munandar", "Nainggolan", "Oktaviani", "Panjaitan", "Rangkuti"]
_next = [0]
def family_gambir():
    """The same shape of family for every Gambir household, but its own people:
    a household number k gives the serials (k*10 + i) and the surname, so NIKs,
    KK numbers and names never repeat across households by accident."""
    k = _next[0]; _next[0] += 1
    sur = SURNAMES[k]
    ser = lambda i: f"{k * 10 + i:04d}"
    return {"kk": "3171011503150" + f"{k + 7:03d}", "members": [
        person("317101170880" + ser(1), "Budi " + sur, "1980-08-17", "male", "head", marital_status="married", education="senior_secondary", working=True),
        person("317101450382" + ser(2), "Sri Wahyuni " + sur, "1982-03-05", "female", "spouse", marital_status="married", education="junior_secondary", working=False),
        person("317101120610" + ser(3), "Agus " + sur, "2010-06-12", "male", "child", marital_status="never_married", schooling="junior_secondary", education="primary"),
        person("317101510918" + ser(4), "Dewi " + sur, "2018-09-11", "female", "child", marital_status="never_married", schooling="primary", education="none"),
    ]}

HOUSING = {"floor_area": 36, "floor": "cement", "wall": "plastered_brick", "roof": "zinc", "water": "refill",
           "lighting": "pln_900", "cooking_fuel": "lpg_3kg", "toilet": "own", "tenure": "rent"}

def hh(id, village, families, **kw):
    d = {"id": id, "address": {"village_code": village, "rt": "003", "rw": "005", "street": "Jl. Contoh No. " + id[-2:]},
         "families": copy.deepcopy(families), "housing": copy.deepcopy(HOUSING), "income_monthly": 2100000, "desil": 2, "registered": True,
         "documents": {"ktp_photo": f"dok/{id}/ktp.jpg", "kk": f"dok/{id}/kk.jpg", "house_photo": f"dok/{id}/rumah.jpg"}}
    d.update(kw)
    return d

households = []   # (household, {form: [ (code, path, severity) ]}, note)
def add(h, expect, note, forms=("jsonl", "csv")):
    households.append((h, {f: expect for f in forms}, note))

M = lambda f, m, field: f"families[{f}].members[{m}].{field}"

# ---- valid households --------------------------------------------------------
add(hh("EX-01", GAMBIR, [family_gambir()]), [], "valid: a couple and two children in Gambir")
add(hh("EX-02", BAKONGAN, [{"kk": "1101012007120031", "members": [
    person("1101014402550001", "Cut Nyak Rohani", "1955-02-04", "female", "head", marital_status="widowed", disability="physical", severe_disability=True),
    person("1101011009880002", "Teuku Ilham", "1988-09-10", "male", "child", marital_status="never_married", working=True)]}],
    housing={"floor_area": 24, "floor": "soil", "wall": "bamboo", "roof": "thatch", "water": "unprotected",
             "lighting": "none", "cooking_fuel": "wood", "toilet": "none", "tenure": "own"}, income_monthly=600000, desil=1),
    [], "valid: a widow with a severe disability and her son, in an Aceh desa")
add(hh("EX-03", MERAUKE, [{"kk": "9301010202230011", "members": [
    person("9101012505750001", "Yohanes Gebze", "1975-05-25", "male", "head", marital_status="married"),
    person("9101016111790002", "Maria Kaize", "1979-11-21", "female", "spouse", marital_status="married", pregnant=True)]}]),
    [], "valid: NIKs issued in 91.01.01 before the 2022 split, living in its successor 93.01.01")
two = [family_gambir(), {"kk": "3171012201200901", "members": [
    person("3171014107450005", "Siti Aminah", "1945-07-01", "female", "head", marital_status="widowed")]}]
add(hh("EX-04", GAMBIR, two), [], "valid: two families (grandmother with her own KK) in one household")

# ---- identity numbers ------------------------------------------------------------
def with_member(id, field, value, f=0, m=2, village=GAMBIR):
    h = hh(id, village, [family_gambir()])
    h["families"][f]["members"][m][field] = value
    return h
add(with_member("EX-10", "nik", "317101120610003"), [("NIK_DIGITS_LOST", M(0,2,"nik"), "error")], "a NIK with 15 digits")
add(with_member("EX-11", "nik", "3.17101E+15"), [("NIK_SCIENTIFIC_NOTATION", M(0,2,"nik"), "error")], "a NIK a spreadsheet wrote in scientific notation")
add(with_member("EX-12", "nik", "31710112061O0003"), [("NIK_NON_DIGIT", M(0,2,"nik"), "error")], "letter O typed for a zero")
add(with_member("EX-13", "nik", "31710112061000031"), [("NIK_LENGTH", M(0,2,"nik"), "error")], "17 digits")
add(with_member("EX-14", "nik", "9971011206100003"), [("NIK_PROVINCE_UNKNOWN", M(0,2,"nik"), "error")], "province 99 does not exist")
add(with_member("EX-15", "nik", "3170011206100003"), [("NIK_REGENCY_UNKNOWN", M(0,2,"nik"), "error")], "regency 70 is never assigned")
add(with_member("EX-16", "nik", "3171001206100003"), [("NIK_DISTRICT_UNKNOWN", M(0,2,"nik"), "error")], "district 00")
add(with_member("EX-17", "nik", "3171013206100003"), [("NIK_DATE_INVALID", M(0,2,"nik"), "error")], "day 32 in a NIK")
add(with_member("EX-18", "nik", "3171012902100003", m=2) if False else
    (lambda h: (h["families"][0]["members"][2].update(nik="3171012902110003", birth_date="2011-02-28"), h)[1])(hh("EX-18", GAMBIR, [family_gambir()])),
    [("NIK_LEAP_DAY", M(0,2,"nik"), "error")], "29 February 2011 coded in a NIK")
add(with_member("EX-19", "nik", "3171011206100000"), [("NIK_SERIAL_ZERO", M(0,2,"nik"), "error")], "serial 0000")
def kk(id, value):
    """A household whose KK is `value`; `{s}` in it stands for the family's own serial."""
    h = hh(id, GAMBIR, [family_gambir()])
    own = h["families"][0]["kk"][-3:]
    h["families"][0]["kk"] = value.replace("{s}", own); return h
add(kk("EX-20", "317101150315{s}"), [("KK_DIGITS_LOST", "families[0].kk", "error")], "a KK number with 15 digits")
add(kk("EX-21", "3.17101E+15"), [("KK_SCIENTIFIC_NOTATION", "families[0].kk", "error")], "a KK number in scientific notation")
add(kk("EX-22", "3171-01150315-0{s}x"), [("KK_NON_DIGIT", "families[0].kk", "error")], "separators and a stray letter")
add(kk("EX-23", "31710115031500{s}1"), [("KK_LENGTH", "families[0].kk", "error")], "17 digits")
add(kk("EX-24", "9971011503150{s}"), [("KK_PROVINCE_UNKNOWN", "families[0].kk", "error")], "province 99")
add(kk("EX-25", "3170011503150{s}"), [("KK_REGENCY_UNKNOWN", "families[0].kk", "error")], "regency 70")
add(kk("EX-26", "3171001503150{s}"), [("KK_DISTRICT_UNKNOWN", "families[0].kk", "error")], "district 00")
add(kk("EX-27", "3171014503150{s}"), [("KK_DATE_INVALID", "families[0].kk", "error")], "day 45: the +40 rule is for women's NIKs, never for a KK")
add(kk("EX-28", "3171012902150{s}"), [("KK_LEAP_DAY", "families[0].kk", "error")], "29 February 2015")
add(kk("EX-29", "3171011503150000"), [("KK_SERIAL_ZERO", "families[0].kk", "error")], "serial 0000")
add(kk("EX-30", "3171013112260{s}"), [("KK_ISSUED_FUTURE", "families[0].kk", "error")], "recorded 31 Dec 2026, after as_of 2026-11-24")
add(kk("EX-31", "3171021503150{s}"), [("KK_REGION_MISMATCH", "families[0].kk", "warning")], "KK issued in Sawah Besar, address in Gambir (a warning: families move)")
h = hh("EX-32", GAMBIR, [family_gambir()]); h["families"][0]["kk"] = h["families"][0]["members"][0]["nik"]
add(h, [("KK_EQUALS_NIK", "families[0].kk", "warning")], "the KK number is the head's NIK")

# ---- members and families ---------------------------------------------------------
h = hh("EX-40", GAMBIR, [family_gambir()]); h["families"][0]["members"][0]["relationship"] = "other"
add(h, [("FAMILY_NO_HEAD", "families[0]", "error")], "nobody is the head")
h = hh("EX-41", GAMBIR, [family_gambir()]); h["families"][0]["members"][1]["relationship"] = "head"
add(h, [("FAMILY_MANY_HEADS", "families[0]", "error")], "two heads")
h = hh("EX-42", GAMBIR, [family_gambir()]); h["families"][0]["members"][3]["nik"] = h["families"][0]["members"][1]["nik"]
add(h, [("NIK_DUPLICATE_IN_HOUSEHOLD", M(0,3,"nik"), "error"), ("NIK_BIRTH_DATE_MISMATCH", M(0,3,"nik"), "warning")],
    "the younger child carries the mother's NIK (whose coded birth date is not the child's)")
h = hh("EX-43", GAMBIR, [family_gambir()]); h["families"][0]["members"][0]["sex"] = "female"; h["families"][0]["members"][1]["relationship"] = "other"
add(h, [("NIK_SEX_MISMATCH", M(0,0,"nik"), "warning")], "the head's NIK codes a man (day 17), the record says female")
h = hh("EX-44", GAMBIR, [family_gambir()]); h["families"][0]["members"][2]["birth_date"] = "2010-06-21"
add(h, [("NIK_BIRTH_DATE_MISMATCH", M(0,2,"nik"), "warning")], "birth date corrected after the NIK was issued (PP 40/2019 Art. 30(2))")
h = hh("EX-45", GAMBIR, [family_gambir()]); h["families"][0]["members"][1]["nik"] = "320101" + h["families"][0]["members"][1]["nik"][6:]
add(h, [("NIK_REGION_MISMATCH", M(0,1,"nik"), "warning")], "the wife's NIK was first issued in Kab. Bogor (she moved)")
h = hh("EX-46", GAMBIR, [family_gambir()]); m2 = h["families"][0]["members"][2]; m2.update(birth_date="1978-06-12", nik=m2["nik"][:10] + "78" + m2["nik"][12:])
add(h, [("CHILD_OLDER_THAN_PARENT", M(0,2,"birth_date"), "error"), ("CHILD_OLDER_THAN_PARENT", M(0,2,"birth_date"), "error")],
    "a child born before both parents")
h = hh("EX-47", GAMBIR, [family_gambir()]); m1 = h["families"][0]["members"][1]; m1.update(sex="male", nik=m1["nik"][:6] + "05" + m1["nik"][8:])
add(h, [("SPOUSE_SAME_SEX", M(0,1,"sex"), "warning")], "a male spouse of a male head")
h = hh("EX-48", GAMBIR, [family_gambir()]); h["families"][0]["members"][0]["pregnant"] = True
add(h, [("PREGNANT_MALE", M(0,0,"pregnant"), "error")], "a man recorded as pregnant")
h = hh("EX-49", GAMBIR, [family_gambir()]); h["families"][0]["members"][3].update(disability="none", severe_disability=True)
add(h, [("DISABILITY_SEVERITY_WITHOUT_DISABILITY", M(0,3,"severe_disability"), "error")], "severe disability flagged without a disability")
h = hh("EX-50", GAMBIR, [family_gambir()]); m3 = h["families"][0]["members"][3]; m3.update(birth_date="2027-01-05", nik=m3["nik"][:6] + "450127" + m3["nik"][12:])
add(h, [("BIRTH_DATE_FUTURE", M(0,3,"birth_date"), "error")], "a birth date after as_of")
h = hh("EX-51", GAMBIR, [family_gambir()]); del h["families"][0]["members"][3]["name"]; del h["families"][0]["members"][3]["birth_date"]
add(h, [("FIELD_REQUIRED", M(0,3,"name"), "error"), ("FIELD_REQUIRED", M(0,3,"birth_date"), "error")], "name and birth date missing")
two = [family_gambir(), {"kk": "3171012201200902", "members": [
    person("3171014107450905", "Siti Aminah Rusdi", "1945-07-01", "female", "head", marital_status="widowed")]}]
h = hh("EX-52", GAMBIR, two); h["families"][1]["kk"] = h["families"][0]["kk"]
# In the CSV layout a family is its KK number: the rows of both families make one
# family with two heads, so the same fault shows as FAMILY_MANY_HEADS there.
households.append((h, {"jsonl": [("KK_DUPLICATE_IN_HOUSEHOLD", "families[1].kk", "error")],
                       "csv": [("FAMILY_MANY_HEADS", "families[0]", "error")]},
                   "two families, one KK number (in CSV: one family with two heads)"))

# ---- household fields --------------------------------------------------------------
h = hh("EX-60", GAMBIR, [family_gambir()]); h["desil"] = 11; h["housing"]["floor_area"] = -4
add(h, [("VALUE_OUT_OF_RANGE", "desil", "error"), ("VALUE_OUT_OF_RANGE", "housing.floor_area", "error")], "desil 11 and a negative floor area")
add(hh("EX-61", "31.71.01.9999", [family_gambir()]), [("VILLAGE_UNKNOWN", "address.village_code", "error")], "a village code not in the table")
add(hh("EX-62", "317101", [family_gambir()]), [("VILLAGE_CODE_INVALID", "address.village_code", "error")], "a district code where the village code belongs")
h = hh("EX-63", GAMBIR, [family_gambir()]); h["address"]["rt"] = "0003"
add(h, [("VALUE_INVALID", "address.rt", "error")], "RT of four digits")
add(hh("EX-64 BAD", GAMBIR, [family_gambir()]), [("HOUSEHOLD_ID_INVALID", "id", "error")], "a household id with a space", forms=("jsonl",))
add(hh("EX-65", GAMBIR, []), [("HOUSEHOLD_NO_FAMILY", "families", "error")], "no family (expressible only in JSON: a CSV has no row for it)", forms=("jsonl",))
add(hh("EX-66", GAMBIR, [{"kk": "3171011503150007", "members": []}]), [("FAMILY_NO_MEMBERS", "families[0].members", "error")],
    "a family without members (JSON only)", forms=("jsonl",))

# ---- across households (bulk validation only: each household alone is valid) --------
# The streaming rule: a cross-record problem is reported on the later row, naming the earlier.
first = households[0][0]
h = hh("EX-70", GAMBIR, [family_gambir()]); h["families"][0]["members"][3]["nik"] = first["families"][0]["members"][3]["nik"]
add(h, [("NIK_IN_TWO_HOUSEHOLDS", M(0,3,"nik"), "error")], "the younger child's NIK is already EX-01's younger child's (data ganda)", forms=("csv",))
bak = households[1][0]
h = hh("EX-71", GAMBIR, [family_gambir()]); h["families"][0]["kk"] = bak["families"][0]["kk"]
add(h, [("KK_IN_TWO_VILLAGES", "families[0].kk", "error"), ("KK_REGION_MISMATCH", "families[0].kk", "warning")],
    "EX-02's KK number (Keude Bakongan, Aceh) again in Gambir; it was also issued in another district", forms=("csv",))
h = hh("EX-72", GAMBIR, [family_gambir()]); d = first["families"][0]["members"][2]
h["families"][0]["members"][2].update(name=d["name"].upper() + ".", birth_date=d["birth_date"])
add(h, [("PROBABLE_DUPLICATE_PERSON", M(0,2,"name"), "warning")],
    "same normalised name, birth date and district as EX-01's son, under another NIK", forms=("csv",))

# ---- the files ------------------------------------------------------------------------
COLUMNS = ["id_rt","kode_desa","alamat","rt","rw","no_kk","nik","nama","tgl_lahir","jenis_kelamin","hub_keluarga","status_kawin",
           "hamil","disabilitas","disabilitas_berat","sekolah","pendidikan","bekerja","luas_lantai","jenis_lantai","jenis_dinding",
           "jenis_atap","sumber_air","penerangan","bahan_bakar","jamban","status_rumah","penghasilan","desil","terdaftar"]
CODES = {  # JSON name -> export code (docs/domain/export-layout.md)
 "sex": {"male":1,"female":2},
 "relationship": {"head":1,"spouse":2,"child":3,"child_in_law":4,"grandchild":5,"parent":6,"household_help":7,"other":8},
 "marital_status": {"never_married":1,"married":2,"divorced":3,"widowed":4},
 "disability": {"none":0,"physical":1,"intellectual":2,"mental":3,"sensory":4,"multiple":5},
 "schooling": {"not_in_school":0,"early_childhood":1,"primary":2,"junior_secondary":3,"senior_secondary":4,"vocational":5,"university":6},
 "education": {"none":0,"primary":1,"junior_secondary":2,"senior_secondary":3,"diploma":4,"degree":5},
 "floor": {"soil":1,"bamboo":2,"cheap_wood":3,"cement":4,"tile":5,"other":6,"high_quality":7},
 "wall": {"bamboo":1,"cheap_wood":2,"unplastered_brick":3,"plastered_brick":4,"other":5},
 "roof": {"thatch":1,"zinc":2,"tile":3,"concrete":4,"other":5},
 "water": {"unprotected":1,"protected":2,"pump":3,"piped":4,"refill":5,"bottled_branded":6,"other":7},
 "lighting": {"none":1,"pln_no_meter":2,"pln_450":3,"pln_900":4,"pln_above_900":5,"non_pln":6},
 "cooking_fuel": {"wood":1,"kerosene":2,"lpg_3kg":3,"gas_or_electric":4,"does_not_cook":5},
 "toilet": {"none":1,"shared":2,"own":3,"public":4},
 "tenure": {"own":1,"rent":2,"rent_free":3,"other":4,"official":5},
}
def code(kind, v): return "" if v is None else str(CODES[kind][v])
def b(v): return "" if v is None else ("1" if v else "0")
def num(v): return "" if v is None else (str(int(v)) if float(v).is_integer() else str(v))
def rows(h):
    a, ho = h["address"], h.get("housing", {})
    for f in h["families"]:
        for m in f["members"]:
            yield {"id_rt": h["id"], "kode_desa": a["village_code"], "alamat": a.get("street",""), "rt": a.get("rt",""), "rw": a.get("rw",""),
                   "no_kk": f.get("kk",""), "nik": m.get("nik",""), "nama": m.get("name",""), "tgl_lahir": m.get("birth_date",""),
                   "jenis_kelamin": code("sex", m.get("sex")), "hub_keluarga": code("relationship", m.get("relationship")),
                   "status_kawin": code("marital_status", m.get("marital_status")), "hamil": b(m.get("pregnant")),
                   "disabilitas": code("disability", m.get("disability")), "disabilitas_berat": b(m.get("severe_disability")),
                   "sekolah": code("schooling", m.get("schooling")), "pendidikan": code("education", m.get("education")),
                   "bekerja": b(m.get("working")), "luas_lantai": num(ho.get("floor_area")),
                   "jenis_lantai": code("floor", ho.get("floor")), "jenis_dinding": code("wall", ho.get("wall")), "jenis_atap": code("roof", ho.get("roof")),
                   "sumber_air": code("water", ho.get("water")), "penerangan": code("lighting", ho.get("lighting")),
                   "bahan_bakar": code("cooking_fuel", ho.get("cooking_fuel")), "jamban": code("toilet", ho.get("toilet")),
                   "status_rumah": code("tenure", ho.get("tenure")), "penghasilan": num(h.get("income_monthly")), "desil": num(h.get("desil")),
                   "terdaftar": b(h.get("registered"))}

with open(os.path.join(ROOT, "examples/households.jsonl"), "w", encoding="utf-8") as out:
    for h, exp, _ in households:
        if "jsonl" in exp:
            out.write(json.dumps(h, ensure_ascii=False) + "\n")
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
w.writeheader()
for h, exp, _ in households:
    if "csv" in exp:
        for r in rows(h):
            w.writerow(r)
open(os.path.join(ROOT, "examples/households.csv"), "w", encoding="utf-8").write(buf.getvalue())
expected = {"as_of": "2026-11-24",
            "about": "Problems each household must produce, written from the rules (see scripts/make-examples.py); "
                     "paths are the JSON form's; the CSV form reports the same codes on the rows of the household.",
            "households": [dict({"id": h["id"], "note": note, "forms": sorted(exp),
                                 "problems": [{"code": c, "path": p, "severity": s} for c, p, s in exp.get("jsonl", exp.get("csv"))]},
                                **({"problems_csv": [{"code": c, "path": p, "severity": s} for c, p, s in exp["csv"]]}
                                   if "csv" in exp and "jsonl" in exp and exp["csv"] != exp["jsonl"] else {}))
                           for h, exp, note in households]}
json.dump(expected, open(os.path.join(ROOT, "examples/expected.json"), "w"), indent=1, ensure_ascii=False)
print(len(households), "households")
