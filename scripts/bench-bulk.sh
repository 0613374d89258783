#!/usr/bin/env bash
# End-to-end benchmark of `dtks validate` (issue 4, "Performance").
#
#   scripts/bench-bulk.sh [ROWS] [BIG_ROWS]     # defaults: 1000000 10000000
#
# 1. builds target/release/dtks and the read-only csv pass (dtks-core example csv_count);
# 2. writes a synthetic ROWS-member CSV (reference layout, real region codes, NIKs
#    consistent with birth date, sex and district, ~0.5% injected faults) and the same
#    households as JSON Lines (own minimal writer below: `dtks generate` is not there yet);
# 3. measures with /usr/bin/time -v, at 1 thread and at all threads: wall time,
#    member rows/s, MB/s, peak RSS; and the read-only csv pass on the same file;
# 4. peak RSS at BIG_ROWS (set BIG_ROWS=0 to skip).
# Results go to stdout and to target/bench-bulk/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
BIG=${2:-10000000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=$CARGO_TARGET_DIR/bench-bulk
mkdir -p "$OUT"
cargo build --release -p dtks-cli >&2
cargo build --release -p dtks-core --example csv_count >&2
DTKS=$CARGO_TARGET_DIR/release/dtks
COUNT=$CARGO_TARGET_DIR/release/examples/csv_count

# Real village codes from the embedded table (a few regencies in several provinces).
villages() {
  for reg in 31.71 31.74 32.73 33.74 35.78 11.01 51.71 73.71 64.72 91.71; do
    "$DTKS" regions get "$reg" --children --json || true
  done | python3 -c '
import json, sys, subprocess
dec = json.JSONDecoder(); s = sys.stdin.read(); i = 0; districts = []
while i < len(s):
    while i < len(s) and s[i].isspace(): i += 1
    if i >= len(s): break
    o, i = dec.raw_decode(s, i)
    districts += [c["code"] for c in o.get("children", [])]
out = []
for d in districts[:60]:
    o = json.loads(subprocess.run([sys.argv[1], "regions", "get", d, "--children", "--json"], capture_output=True, text=True).stdout)
    out += [c["code"].replace(".", "") for c in o.get("children", [])]
print("\n".join(out))' "$DTKS"
}

gen() { # ROWS CSV JSONL
  python3 - "$1" "$2" "$3" "$OUT/villages.txt" <<'PY'
import json, random, sys
rows, csv_path, jsonl_path, vfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
villages = [v for v in open(vfile).read().split() if len(v) == 10]
rnd = random.Random(42)
HEADER = "id_rt,kode_desa,alamat,rt,rw,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,status_kawin,hamil,disabilitas,disabilitas_berat,sekolah,pendidikan,bekerja,luas_lantai,jenis_lantai,jenis_dinding,jenis_atap,sumber_air,penerangan,bahan_bakar,jamban,status_rumah,penghasilan,desil,terdaftar"
FIRST = ["Budi","Siti","Agus","Dewi","Sri","Joko","Rina","Andi","Wati","Eko","Nur","Ahmad","Yuni","Dian","Hadi","Lestari","Putu","Made","Ketut","Wayan"]
LAST = ["Santoso","Wahyuni","Saputra","Lestari","Hidayat","Rahayu","Pratama","Susanti","Kurniawan","Sari","Nugroho","Utami","Siregar","Nasution","Simanjuntak","Sitompul"]
serial = {}
def nik(district, d, female):
    day = d[2] + (40 if female else 0)
    key = (district, d, female)
    s = serial.get(key, 0) + 1
    serial[key] = s
    if s > 9999: return None
    return "%s%02d%02d%02d%04d" % (district, day, d[1], d[0] % 100, s)
def date():
    return None
kk_serial = {}
csv = open(csv_path, "w"); jl = open(jsonl_path, "w")
csv.write(HEADER + "\n")
n = 0; h = 0
while n < rows:
    h += 1
    v = rnd.choice(villages); district = v[:6]
    hid = "RT%08d" % h
    area = rnd.randint(12, 120)
    hh = [str(area), str(rnd.randint(1,7)), str(rnd.randint(1,5)), str(rnd.randint(1,5)), str(rnd.randint(1,7)), str(rnd.randint(1,6)), str(rnd.randint(1,5)), str(rnd.randint(1,4)), str(rnd.randint(1,5)), str(rnd.randint(0, 6000000)), str(rnd.randint(1,10)), "1"]
    street = "Jl. %s No. %d" % (rnd.choice(LAST), rnd.randint(1, 200))
    rt, rw = "%03d" % rnd.randint(1, 20), "%03d" % rnd.randint(1, 10)
    families = []
    for f in range(1 if rnd.random() < 0.9 else 2):
        rd = (rnd.randint(2005, 2024), rnd.randint(1, 12), rnd.randint(1, 28))
        k = (district, rd); kk_serial[k] = kk_serial.get(k, 0) + 1
        kk = "%s%02d%02d%02d%04d" % (district, rd[2], rd[1], rd[0] % 100, kk_serial[k])
        hb = (rnd.randint(1950, 1995), rnd.randint(1, 12), rnd.randint(1, 28))
        members = [(hb, False, 1, 2)]
        size = rnd.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6])
        if size >= 2:
            members.append(((hb[0] + rnd.randint(-3, 5), rnd.randint(1, 12), rnd.randint(1, 28)), True, 2, 2))
        for c in range(size - 2):
            members.append(((hb[0] + 20 + rnd.randint(0, 15), rnd.randint(1, 12), rnd.randint(1, 28)), rnd.random() < 0.5, 3, 1))
        fam = []
        for (b, female, rel, kawin) in members:
            if b[0] > 2025: b = (2025, b[1], b[2])
            nk = nik(district, b, female)
            if nk is None: continue
            name = rnd.choice(FIRST) + " " + rnd.choice(LAST)
            if rnd.random() < 0.005: nk = nk[:15]           # injected: lost digit
            age = 2026 - b[0]
            sekolah = "2" if 7 <= age <= 12 else ("3" if 13 <= age <= 15 else ("0" if age > 18 else ""))
            fam.append((nk, name, "%04d-%02d-%02d" % b, "2" if female else "1", str(rel), str(kawin), sekolah))
        families.append((kk, fam))
    jfam = []
    for kk, fam in families:
        jm = []
        for (nk, name, bd, sex, rel, kawin, sek) in fam:
            csv.write(",".join([hid, v, street, rt, rw, kk, nk, name, bd, sex, rel, kawin, "0" if sex == "2" else "", "0", "0", sek, "3", "1"] + hh) + "\n")
            m = {"nik": nk, "name": name, "birth_date": bd, "sex": "female" if sex == "2" else "male", "relationship": int(rel), "marital_status": int(kawin), "disability": 0, "severe_disability": False, "education": 3, "working": True}
            if sek: m["schooling"] = int(sek)
            jm.append(m)
            n += 1
        jfam.append({"kk": kk, "members": jm})
    jl.write(json.dumps({"id": hid, "address": {"village_code": v, "rt": rt, "rw": rw, "street": street}, "families": jfam,
        "housing": {"floor_area": float(area), "floor": int(hh[1]), "wall": int(hh[2]), "roof": int(hh[3]), "water": int(hh[4]), "lighting": int(hh[5]), "cooking_fuel": int(hh[6]), "toilet": int(hh[7]), "tenure": int(hh[8])},
        "income_monthly": int(hh[9]), "desil": int(hh[10]), "registered": True}, separators=(",", ":")) + "\n")
print(f"{n} member rows, {h} households", file=sys.stderr)
PY
}

[ -s "$OUT/villages.txt" ] || villages > "$OUT/villages.txt"
CSV=$OUT/members-$ROWS.csv; JL=$OUT/households-$ROWS.jsonl
[ -s "$CSV" ] || gen "$ROWS" "$CSV" "$JL"

measure() { # label cmd...
  local log=$OUT/time.log
  /usr/bin/time -v "${@:2}" > /dev/null 2> "$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$1 $wall $rss"
}
report() { # label wall rss rows bytes
  python3 -c 'import sys; l,w,r,n,b=sys.argv[1],float(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]); print(f"{l:<34} {w:7.2f} s {n/w/1e6:6.2f} M rows/s {b/w/1e6:7.1f} MB/s  peak RSS {r/1024:7.1f} MiB")' "$@"
}
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $ROWS member rows"
  CSVB=$(stat -c %s "$CSV"); JLB=$(stat -c %s "$JL")
  NR=$ROWS
  read -r l w r < <(measure csv-read-only "$COUNT" "$CSV"); report "read-only csv pass (csv crate)" "$w" "$r" "$NR" "$CSVB"; RO=$w
  for t in 1 0; do
    read -r l w r < <(measure v "$DTKS" validate "$CSV" --as-of 2026-01-01 --threads $t --quiet --report "$OUT/report.json")
    report "validate csv threads=$t" "$w" "$r" "$NR" "$CSVB"
    python3 -c "import sys; print(f'  ratio to read-only: {float(sys.argv[1])/float(sys.argv[2]):.2f}x')" "$w" "$RO"
  done
  for t in 1 0; do
    read -r l w r < <(measure v "$DTKS" validate "$JL" --as-of 2026-01-01 --threads $t --quiet --report "$OUT/report-jl.json")
    report "validate jsonl threads=$t" "$w" "$r" "$NR" "$JLB"
  done
  if [ "$BIG" -gt 0 ]; then
    BCSV=$OUT/members-$BIG.csv; BJL=$OUT/households-$BIG.jsonl
    [ -s "$BCSV" ] || gen "$BIG" "$BCSV" "$BJL"
    rm -f "$BJL"
    read -r l w r < <(measure v "$DTKS" validate "$BCSV" --as-of 2026-01-01 --quiet --report "$OUT/report-big.csv")
    report "validate csv $BIG rows, all threads" "$w" "$r" "$BIG" "$(stat -c %s "$BCSV")"
  fi
} | tee "$OUT/results.txt"
