"""Bulk validation of files, text and Arrow tables (pyarrow, polars, pandas)."""

from __future__ import annotations

import io
import json
import pathlib
import threading
import time
from typing import Any, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import dtks
from dtks import bulk

from conftest import BASE, HEADER, ROWS

AS_OF = "2026-01-01"
EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def codes(report: dtks.Report) -> List[Any]:
    return [(p["row"], p["code"]) for p in report.problems]


def test_clean_csv(csv_text: str, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "data.csv"
    f.write_text(csv_text)
    r = bulk.validate_file(f, as_of=AS_OF)
    s = r.summary
    assert (s["rows_read"], s["rows_valid"], s["rows_invalid"]) == (3, 3, 0)
    assert s["households"] == 2 and s["members"] == 3
    assert r.valid and len(r) == 0 and r.problems == []
    assert "rows" in r.table() or r.table()


def test_problems_placed_on_rows(tmp_path: pathlib.Path) -> None:
    rows = ROWS + [ROWS[0].replace("RT-1", "RT-3")]  # the same NIK in another household
    f = tmp_path / "dup.csv"
    f.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    r = bulk.validate_file(str(f), as_of=AS_OF)
    assert (4, "NIK_IN_TWO_HOUSEHOLDS") in codes(r)
    s = r.summary
    assert s["rows_read"] == s["rows_valid"] + s["rows_invalid"] == 4
    p = next(p for p in r.problems if p["code"] == "NIK_IN_TWO_HOUSEHOLDS")
    assert "3171011708800001" not in json.dumps(p)


def test_semicolon_files_are_detected_or_given(tmp_path: pathlib.Path) -> None:
    rows = ROWS + [ROWS[0].replace("RT-1", "RT-3")]  # the same NIK in another household
    text = HEADER + "\n" + "\n".join(rows) + "\n"
    want = codes(bulk.validate_csv_text(text, as_of=AS_OF))
    assert (4, "NIK_IN_TWO_HOUSEHOLDS") in want
    semi = text.replace(",", ";")
    f = tmp_path / "semi.csv"
    f.write_text(semi)
    r = bulk.validate_file(f, as_of=AS_OF)
    assert codes(r) == want and r.summary["delimiter"] == ";"
    assert codes(bulk.validate_file(f, as_of=AS_OF, delimiter=";")) == want
    assert codes(bulk.validate_csv_text(semi.replace(";", "\t"), as_of=AS_OF, delimiter="tab")) == want
    # Said to be commas: the header is not found, and nothing is guessed.
    wrong = bulk.validate_file(f, as_of=AS_OF, delimiter=",")
    assert codes(wrong)[0] == (None, "HEADER_MISSING") and wrong.summary["rows_valid"] == 0
    with pytest.raises(dtks.InvalidArgument):
        bulk.validate_file(f, as_of=AS_OF, delimiter='"')


def test_jsonl_file(tmp_path: pathlib.Path) -> None:
    bad = json.loads(json.dumps(BASE))
    bad["id"] = "RT-0002"
    bad["families"][0]["members"][0]["relationship"] = "other"
    f = tmp_path / "h.jsonl"
    f.write_text(json.dumps(BASE) + "\n" + json.dumps(bad) + "\n")
    r = bulk.validate_file(f, as_of=AS_OF)
    assert r.summary["format"] == "jsonl"
    # The second line reuses the first one's NIKs: the core also reports them
    # (NIK_IN_TWO_HOUSEHOLDS, on the later line).
    found = {(p["row"], p["code"]) for p in r.problems}
    assert (2, "FAMILY_NO_HEAD") in found and (2, "NIK_IN_TWO_HOUSEHOLDS") in found
    assert all(p["row"] == 2 for p in r.problems)
    assert bulk.validate_jsonl_text(f.read_text(), as_of=AS_OF).summary["rows_invalid"] == 1


def test_file_errors(tmp_path: pathlib.Path) -> None:
    with pytest.raises(dtks.DtksIOError) as e:
        bulk.validate_file(tmp_path / "missing.csv")
    assert isinstance(e.value, OSError)
    with pytest.raises(dtks.InvalidArgument):
        bulk.validate_file(tmp_path / "x.csv", format="xlsx")
    with pytest.raises(dtks.InvalidMapping):
        bad = tmp_path / "m.toml"
        bad.write_text("this is = not [toml")
        bulk.validate_csv_text("a\n", mapping=str(bad))


def test_a_name_that_tells_no_format_is_refused_as_the_command_refuses_it(
    csv_text: str, tmp_path: pathlib.Path
) -> None:
    """Issue 15: a Parquet or bare gzip file was read as CSV (a "report" of one
    HEADER_MISSING); `dtks validate` refuses it, and so does validate_file.
    Issue 17: a Parquet file is read by its columns; a damaged one is refused
    with TABLE_READ, by both."""
    import gzip

    from dtks.__main__ import main as command

    parquet = tmp_path / "export.parquet"
    pq_bytes = b"PAR1" + bytes(range(256)) * 4 + b"PAR1"
    parquet.write_bytes(pq_bytes)
    with pytest.raises(dtks.InvalidArgument) as e:
        bulk.validate_file(parquet, as_of=AS_OF)
    assert e.value.code == "TABLE_READ" and e.value.message_id.startswith("tabel tidak dapat dibaca")
    assert command(["validate", str(parquet), "--as-of", AS_OF, "--quiet"]) == 2
    bare = tmp_path / "export.gz"
    bare.write_bytes(gzip.compress(csv_text.encode()))
    for f in (bare,):
        with pytest.raises(dtks.InvalidArgument) as e:
            bulk.validate_file(f, as_of=AS_OF)
        assert e.value.code is None and "format" in str(e.value) and e.value.message_id != e.value.message
        # The command decides the same (exit 2, a usage failure, no report).
        assert command(["validate", str(f), "--as-of", AS_OF, "--quiet"]) == 2
    # Named, the same bytes are read: the refusal is about the name only.
    r = bulk.validate_file(bare, as_of=AS_OF, format="csv")
    assert r.summary["rows_read"] == 3 and r.summary["container"] == "gzip"
    # A name that does tell is read as before, also under .gz.
    named = tmp_path / "export.csv.gz"
    named.write_bytes(bare.read_bytes())
    assert bulk.validate_file(named, as_of=AS_OF).summary["rows_read"] == 3


def test_file_level_problem() -> None:
    r = bulk.validate_csv_text("", as_of=AS_OF)
    assert [p["code"] for p in r.problems] == ["FILE_EMPTY"]
    assert r.problems[0]["row"] is None


def test_builtin_mapping_names() -> None:
    assert "reference" in bulk.MAPPINGS and "bdt2015" in bulk.MAPPINGS


def test_report_as_arrow_polars_pandas(csv_text: str) -> None:
    r = bulk.validate_csv_text(csv_text.replace("3171014503820002", "317101450382000"), as_of=AS_OF)
    t = r.problems_table()
    assert isinstance(t, pa.Table)
    assert t.column_names == ["row", "rows", "household", "field", "path", "code", "severity",
                              "context", "message_id", "message_en"]
    assert t.column("code").to_pylist() == [p["code"] for p in r.problems] == ["NIK_DIGITS_LOST"]
    df = pl.DataFrame(r)
    assert df["row"].to_list() == [2]
    assert df["rows"].to_list() == [[2]]
    # context is a struct with the report's keys, not a JSON string.
    assert df["context"].dtype == pl.Struct
    assert {k: v for k, v in df["context"][0].items() if v is not None} == r.problems[0]["context"]
    assert t.to_pandas()["code"].tolist() == ["NIK_DIGITS_LOST"]


def test_problems_table_keeps_every_row_of_a_problem(csv_text: str) -> None:
    # Two heads in RT-1: FAMILY_MANY_HEADS points at both rows; joining the
    # problems back to the data by `rows` gives the summary's valid rows.
    text = csv_text.replace("Sri Wahyuni,1982-03-05,2,2", "Sri Wahyuni,1982-03-05,2,1")
    r = bulk.validate_csv_text(text, as_of=AS_OF)
    df = pl.DataFrame(r)
    heads = df.filter(pl.col("code") == "FAMILY_MANY_HEADS")
    assert heads["rows"].to_list() == [[1, 2]] and heads["row"].to_list() == [1]
    errors = df.filter(pl.col("severity") == "error").explode("rows")["rows"].unique().to_list()
    s = r.summary
    assert s["rows_read"] - len(errors) == s["rows_valid"] == 1
    # Keys only some codes have are null elsewhere.
    empty = bulk.validate_csv_text("", as_of=AS_OF)
    assert pl.DataFrame(empty)["rows"].to_list() == [[]]


def test_validity_masks_and_row_sets(csv_text: str, tmp_path: pathlib.Path) -> None:
    text = csv_text.replace("Sri Wahyuni,1982-03-05,2,2", "Sri Wahyuni,1982-03-05,2,1")
    r = bulk.validate_csv_text(text, as_of=AS_OF)
    s = r.summary
    assert r.valid_mask() == [False, False, True]
    assert r.invalid_mask() == [True, True, False]
    assert sum(r.valid_mask()) == s["rows_valid"] and sum(r.invalid_mask()) == s["rows_invalid"]
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    r = bulk.validate_table(frame, as_of=AS_OF)
    assert bulk.valid_rows(frame, r)["id_rt"].to_list() == ["RT-2"]
    assert bulk.invalid_rows(frame, r)["id_rt"].to_list() == ["RT-1", "RT-1"]
    table = frame.to_arrow()
    assert bulk.valid_rows(table, r).column("id_rt").to_pylist() == ["RT-2"]
    pdf = frame.to_pandas()
    assert bulk.invalid_rows(pdf, r)["id_rt"].tolist() == ["RT-1", "RT-1"]
    with pytest.raises(dtks.InvalidArgument):
        bulk.valid_rows(frame.head(2), r)


def test_valid_and_invalid_row_files(csv_text: str, tmp_path: pathlib.Path) -> None:
    text = csv_text.replace("Sri Wahyuni,1982-03-05,2,2", "Sri Wahyuni,1982-03-05,2,1")
    f = tmp_path / "in.csv"
    f.write_text(text)
    ok, bad = tmp_path / "ok.csv", tmp_path / "bad.csv"
    r = bulk.validate_file(f, as_of=AS_OF, valid_out=ok, invalid_out=str(bad))
    lines = text.splitlines()
    assert ok.read_text().splitlines() == [lines[0], lines[3]]
    assert bad.read_text().splitlines() == lines[:3]
    assert r.summary["rows_valid"] == 1
    # An output that is the input is refused before anything is written.
    with pytest.raises(dtks.InvalidArgument):
        bulk.validate_file(f, as_of=AS_OF, valid_out=f)
    assert f.read_text() == text
    with pytest.raises(dtks.InvalidArgument):
        bulk.validate_file(f, as_of=AS_OF, valid_out=ok, invalid_out=ok)
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    bulk.validate_table(frame, as_of=AS_OF, valid_out=ok)
    assert ok.read_text().splitlines() == [lines[0], lines[3]]


def test_assess_in_bulk_as_the_command_does(csv_text: str) -> None:
    plain = bulk.validate_csv_text(csv_text, as_of=AS_OF)
    assert plain.assessment is None and plain.summary["rules"] == []
    r = bulk.validate_csv_text(csv_text, as_of=AS_OF, assess=True)
    a = r.assessment
    assert a is not None
    # Two valid households, each assessed once against every programme in force.
    assert (a["assessed"], a["skipped"]) == (2, 0)
    ids = {v["id"] for v in r.summary["rules"]}
    assert "PKH" in ids and set(a["summary"]["programmes"]) <= ids
    for t in a["summary"]["programmes"].values():
        assert t["eligible"] + t["not_eligible"] + t["undecidable"] >= 1
    # The same counters the command writes (summary.stages.assess).
    assert r.summary["stages"]["assess"]["households.assessed"] == 2
    rules = dtks.RuleSet.builtin()
    assert bulk.validate_csv_text(csv_text, as_of=AS_OF, assess=rules).assessment == a
    bad = csv_text.replace("Sri Wahyuni,1982-03-05,2,2", "Sri Wahyuni,1982-03-05,2,1")
    skipped = bulk.validate_csv_text(bad, as_of=AS_OF, assess=True).assessment
    assert skipped is not None and (skipped["assessed"], skipped["skipped"]) == (1, 1)


def test_native_options_are_checked() -> None:
    with pytest.raises(dtks.InvalidArgument) as e:
        dtks._dtks.validate_text("", {"format": "csv", "treads": 2})
    assert "treads" in str(e.value)


def test_the_module_exports_its_api_only() -> None:
    public = {n for n in dir(bulk) if not n.startswith("_")}
    assert not public & {"os", "sys", "Any", "Optional", "Union", "Callable", "datetime", "typing"}
    assert set(bulk.__all__) <= public
    # Every module of the package: its public names are its __all__, nothing
    # borrowed (typing names, `annotations` from the __future__ import).
    import dtks.records
    import dtks.regions

    for m in (dtks, dtks.bulk, dtks.records, dtks.regions):
        names = {n for n in dir(m) if not n.startswith("_")}
        assert names == set(m.__all__) - {"__version__"}, m.__name__


@pytest.mark.parametrize("kind", ["pyarrow", "polars_str", "polars_typed", "pandas", "pandas_typed", "pyarrow_reader"])
def test_tables_agree_with_the_file(kind: str, csv_text: str) -> None:
    text = csv_text + ROWS[0].replace("RT-1", "RT-3") + "\n"
    want = codes(bulk.validate_csv_text(text, as_of=AS_OF))
    assert want == [(4, "NIK_IN_TWO_HOUSEHOLDS")]
    raw = io.BytesIO(text.encode())
    all_str = pacsv.ConvertOptions(column_types={n: pa.string() for n in HEADER.split(",")})
    table: Any
    if kind == "pyarrow":
        table = pacsv.read_csv(raw, convert_options=all_str)
    elif kind == "pyarrow_reader":
        table = pacsv.read_csv(raw, convert_options=all_str).to_reader(max_chunksize=2)
    elif kind == "polars_str":
        table = pl.read_csv(raw, infer_schema=False)
    elif kind == "polars_typed":
        table = pl.read_csv(raw, try_parse_dates=True)  # ints, dates
    elif kind == "pandas":
        table = pd.read_csv(raw, dtype=str)
    else:
        table = pd.read_csv(raw, dtype={"nik": str, "no_kk": str, "kode_desa": str},
                            parse_dates=["tgl_lahir"])
    assert codes(bulk.validate_table(table, as_of=AS_OF)) == want


def test_polars_categorical_and_nulls() -> None:
    df = pl.DataFrame({n: [v] for n, v in zip(HEADER.split(","), ROWS[0].split(","))})
    # A typed all-null column (an untyped polars Null column is rejected by
    # arrow-rs' C data import: it exports a buffer the format does not have).
    df = df.with_columns(pl.col("id_rt").cast(pl.Categorical), pl.lit(None, dtype=pl.Utf8).alias("hamil"))
    r = bulk.validate_table(df, as_of=AS_OF)
    assert r.valid, r.problems


def test_typed_nik_lost_digits_still_reported() -> None:
    # A NIK column that became an integer keeps its 16 digits; one that lost a digit is flagged.
    df = pl.DataFrame({n: [v] for n, v in zip(HEADER.split(","), ROWS[0].split(","))})
    df = df.with_columns(pl.lit(317101170880000).cast(pl.Int64).alias("nik"))
    assert [p["code"] for p in bulk.validate_table(df, as_of=AS_OF).problems] == ["NIK_DIGITS_LOST"]


def test_an_identity_column_pandas_made_float_is_judged_by_the_core() -> None:
    # pandas makes a NIK column float64 when a value is missing; a Papua NIK
    # (province 91) is above 2^53 and comes back rounded: 9171034503820004
    # cannot be told from the NIK typed, so the core refuses it.
    frame = pd.read_csv(io.StringIO("\n".join([HEADER, *ROWS])), dtype=str)
    papua = "9171034503820005"
    frame.loc[1, "nik"] = papua
    frame["nik"] = frame["nik"].astype("float64")
    assert f"{frame.loc[1, 'nik']:.0f}" != papua  # the float lost the last digit
    r = bulk.validate_table(frame, as_of=AS_OF)
    got = [(p["code"], p["row"]) for p in r.problems]
    assert ("ID_COLUMN_FLOAT", None) in got
    assert ("NIK_FLOAT_PRECISION", 2) in got
    # The NIKs below 2^53 are exact in a float: their rows stay valid.
    assert r.summary["rows_valid"] == 2
    # The same column as text: no float problem at all.
    text = pd.read_csv(io.StringIO("\n".join([HEADER, *ROWS])), dtype=str)
    assert not [p for p in bulk.validate_table(text, as_of=AS_OF).problems if "FLOAT" in p["code"]]


def test_not_a_table_and_unsupported_types() -> None:
    with pytest.raises(dtks.InvalidArgument):
        bulk.validate_table([1, 2, 3])
    t = pa.table({"id_rt": [["a"]]})
    with pytest.raises(dtks.InvalidArgument) as e:
        bulk.validate_table(t)
    assert "id_rt" in str(e.value)


def test_progress_callable_and_tqdm_like(csv_text: str, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(csv_text)
    seen: List[Any] = []
    bulk.validate_file(f, as_of=AS_OF, progress=lambda rows, nbytes: seen.append((rows, nbytes)))
    assert seen and seen[-1] == (3, f.stat().st_size)

    class Bar:
        def __init__(self) -> None:
            self.n = 0

        def update(self, k: int) -> None:
            self.n += k

    bar = Bar()
    bulk.validate_table(pl.read_csv(f, infer_schema=False), as_of=AS_OF, progress=bar)
    assert bar.n == 3
    with pytest.raises(TypeError):
        bulk.validate_file(f, progress=42)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_raising_progress_callback_does_not_stop_the_run(csv_text: str) -> None:
    def boom(rows: int, nbytes: int) -> None:
        raise RuntimeError("x")

    r = bulk.validate_table(pl.read_csv(io.StringIO(csv_text), infer_schema=False), as_of=AS_OF, progress=boom)
    assert r.summary["rows_read"] == 3


def test_progress_line_without_tqdm_ends_with_a_newline(
    csv_text: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # `import tqdm.auto` now fails
    f = tmp_path / "p.csv"
    f.write_text(csv_text)
    bulk.validate_file(f, as_of=AS_OF, progress=True)
    err = capsys.readouterr().err
    assert err.startswith("\rdtks: 3 rows") and err.endswith("\n") and err.count("\n") == 1


def test_progress_true_uses_tqdm_auto(csv_text: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    made: List[Any] = []

    class Bar:
        def __init__(self, **kw: Any) -> None:
            self.n, self.closed = 0, False
            made.append(self)

        def update(self, k: int) -> None:
            self.n += k

        def close(self) -> None:
            self.closed = True

    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = Bar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    f = tmp_path / "p.csv"
    f.write_text(csv_text)
    bulk.validate_file(f, as_of=AS_OF, progress=True)
    assert len(made) == 1 and made[0].n == f.stat().st_size and made[0].closed


def test_gil_released_during_bulk_work(tmp_path: pathlib.Path) -> None:
    # A big enough file keeps the core busy; a Python thread must keep running meanwhile.
    lines = [HEADER]
    for i in range(60_000):
        lines.append(f"RT-{i},3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1")
    f = tmp_path / "big.csv"
    f.write_text("\n".join(lines) + "\n")
    ticks = [0]
    done = threading.Event()

    def spin() -> None:
        while not done.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    start = time.perf_counter()
    bulk.validate_file(f, as_of=AS_OF, threads=1)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    assert elapsed > 0.02
    assert ticks[0] >= 5, (ticks[0], elapsed)


# ---- files as spreadsheets write them (issue 12) ------------------------------


def _excel_id(text: str) -> str:
    """The file as Excel set up for Indonesia saves it: ``;``, CRLF, ``DD/MM/YYYY``."""
    import re

    semi = text.replace(",", ";")
    semi = re.sub(r"(\d{4})-(\d{2})-(\d{2})", lambda m: f"{m[3]}/{m[2]}/{m[1]}", semi)
    return semi.replace("\n", "\r\n")


def test_locale_keywords_read_an_indonesian_excel_file(csv_text: str, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "excel.csv"
    f.write_text(_excel_id(csv_text), newline="")
    plain = bulk.validate_file(f, as_of=AS_OF)
    got = codes(plain)
    # One problem per unreadable date (no FIELD_REQUIRED), and one hint for the file.
    assert (None, "DATE_FORM_DETECTED") in got
    assert [c for _, c in got if c != "DATE_FORM_DETECTED"] == ["VALUE_INVALID"] * 3
    s = plain.summary
    assert s["rows_read"] == s["rows_valid"] + s["rows_invalid"] == 3
    r = bulk.validate_file(f, as_of=AS_OF, date_formats=["%d/%m/%Y"], decimal_comma=True)
    assert r.problems == [] and r.summary["rows_valid"] == 3


def test_accept_repaired_reads_an_apostrophe_nik(csv_text: str) -> None:
    nik = ROWS[0].split(",")[3]
    text = csv_text.replace("," + nik + ",", ",'" + nik + ",", 1)
    strict = bulk.validate_csv_text(text, as_of=AS_OF)
    assert codes(strict) == [(1, "NIK_APOSTROPHE")]
    assert strict.problems[0]["severity"] == "error"
    assert nik not in json.dumps(strict.problems)
    lenient = bulk.validate_csv_text(text, as_of=AS_OF, accept_repaired=True)
    assert codes(lenient) == [(1, "NIK_APOSTROPHE")]
    assert lenient.problems[0]["severity"] == "warning" and lenient.summary["rows_valid"] == 3


def test_group_validates_a_file_sorted_by_nik_household_by_household() -> None:
    # The example export sorted by NIK: rows of a household scattered.
    text = (EXAMPLES / "households.csv").read_text()
    header, *rows = text.splitlines()
    rows.sort(key=lambda r: r.split(",")[6])
    scattered = header + "\n" + "\n".join(rows) + "\n"
    plain = bulk.validate_csv_text(scattered, as_of="2026-11-24")
    file_level = [p for p in plain.problems if p["code"] == "FILE_NOT_GROUPED"]
    assert len(file_level) == 1 and "--group" in file_level[0]["message_id"]
    grouped = bulk.validate_csv_text(scattered, as_of="2026-11-24", group=True)
    want = bulk.validate_csv_text(text, as_of="2026-11-24")
    assert [grouped.summary[k] for k in ("rows_read", "rows_valid", "rows_invalid")] == [
        want.summary[k] for k in ("rows_read", "rows_valid", "rows_invalid")
    ]
    assert sorted(p["code"] for p in grouped.problems) == sorted(p["code"] for p in want.problems)
    assert all(p["code"] != "HOUSEHOLD_NOT_CONTIGUOUS" for p in grouped.problems)


def test_null_tokens_keyword() -> None:
    # An optional column (status_kawin) with NULL on the first row.
    text = HEADER + ",status_kawin\n" + "\n".join(
        r + ("," + ("NULL" if i == 0 else "2")) for i, r in enumerate(ROWS)
    ) + "\n"
    assert codes(bulk.validate_csv_text(text, as_of=AS_OF)) == [(1, "VALUE_NULL_TOKEN")]
    assert codes(bulk.validate_csv_text(text, as_of=AS_OF, nulls=["null"])) == []
    with pytest.raises(dtks.InvalidMapping):
        bulk.validate_csv_text(text, as_of=AS_OF, nulls=[" "])


def test_files_as_they_arrive(csv_text: str, tmp_path: pathlib.Path) -> None:
    """Windows-1252, UTF-16 and gzip (issue 12): the same answer as the UTF-8 file."""
    import gzip

    text = csv_text.replace("Budi Santoso", "José Santoso")
    clean = bulk.validate_csv_text(text, as_of=AS_OF)
    assert clean.problems == [] and clean.summary["rows_valid"] == 3

    cp = tmp_path / "excel.csv"
    cp.write_bytes(text.encode("cp1252"))
    plain = bulk.validate_file(cp, as_of=AS_OF)
    assert codes(plain) == [(1, "ROW_NOT_UTF8"), (None, "FILE_NOT_UTF8")]
    hint = plain.problems[-1]
    assert hint["severity"] == "warning" and "cp1252" in hint["message_id"]
    s = plain.summary
    assert (s["rows_read"], s["rows_valid"], s["rows_invalid"]) == (3, 2, 1)
    r = bulk.validate_file(cp, as_of=AS_OF, encoding="cp1252")
    assert r.problems == [] and r.summary["rows_valid"] == 3
    assert (r.summary["encoding"], r.summary["encoding_by"]) == ("cp1252", "option")

    u16 = tmp_path / "unicode.txt"
    u16.write_bytes(text.replace(",", "\t").encode("utf-16"))  # with its mark
    r = bulk.validate_file(u16, as_of=AS_OF)
    assert r.problems == [] and r.summary["rows_valid"] == 3
    assert r.summary["encoding"] in ("utf-16le", "utf-16be") and r.summary["delimiter"] == "\t"
    assert r.summary["input_bytes"] == u16.stat().st_size

    gz = tmp_path / "export.csv.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    r = bulk.validate_file(gz, as_of=AS_OF)
    assert r.problems == [] and r.summary["container"] == "gzip"

    with pytest.raises(dtks.InvalidArgument, match="encoding"):
        bulk.validate_file(cp, as_of=AS_OF, encoding="ebcdic")
    # Text Python holds is decoded already: the native layer says so.
    from dtks import _dtks

    with pytest.raises(dtks.InvalidArgument, match="already decoded"):
        _dtks.validate_text(text, {"format": "csv", "as_of": AS_OF, "encoding": "cp1252"})


EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def test_repr_html_shows_the_summary() -> None:
    """Jupyter's rich display: the headline numbers of the example dataset, no
    full NIK, no script; ``html()`` is the whole page in either language."""
    r = bulk.validate_file(EXAMPLES / "households.csv", as_of="2026-01-01", assess=True)
    s = r.summary
    frag = r._repr_html_()
    assert f'<b id="rows-read">{s["rows_read"]}</b>' in frag
    assert f'<b id="rows-invalid">{s["rows_invalid"]}</b>' in frag
    assert f'<b id="households">{s["households"]}</b>' in frag
    assert "households.csv" in frag and s["input_sha256"] in frag
    assert "Baris dibaca" in frag and "Masalah per kode" in frag
    assert "<script" not in frag
    page = r.html()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id"' in page
    assert "Penilaian program" in page  # assess=True
    en = r.html("en")
    assert '<html lang="en"' in en and "Rows read" in en and "Programme assessment" in en
    import re

    for text in (frag, page, en):
        assert not re.search(r"(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])", text)
        assert "Budi Santoso" not in text
    with pytest.raises(dtks.InvalidArgument):
        r.html("fr")


def test_a_workbook_reads_as_the_csv_it_holds() -> None:
    """examples/households.xlsx is examples/households.csv as a clerk's
    workbook (dates as date cells): the same counts and, problem for problem,
    the same codes, each on its sheet row (the CSV record number + 1)."""
    as_of = "2026-11-24"
    csv = bulk.validate_file(EXAMPLES / "households.csv", as_of=as_of)
    xlsx = bulk.validate_file(EXAMPLES / "households.xlsx", as_of=as_of)

    def head(r: dtks.Report) -> Any:
        return tuple(r.summary[k] for k in ("rows_read", "rows_valid", "rows_invalid"))

    assert head(xlsx) == head(csv) == (186, 92, 94)
    assert (xlsx.summary["container"], xlsx.summary["sheet"]) == ("xlsx", "DTKS")
    assert xlsx.summary["input_bytes"] == (EXAMPLES / "households.xlsx").stat().st_size
    shifted = [(None if r is None else r + 1, c) for r, c in codes(csv)]
    assert codes(xlsx) == shifted
    assert codes(bulk.validate_file(EXAMPLES / "households.xlsx", as_of=as_of, sheet="1")) == shifted
    missing = bulk.validate_file(EXAMPLES / "households.xlsx", as_of=as_of, sheet="Data")
    assert codes(missing) == [(None, "SHEET_UNKNOWN")]
    assert missing.summary["rows_read"] == 0
    assert '"DTKS"' in missing.problems[0]["message_en"]


def test_table_files_get_the_report_of_their_csv(tmp_path: pathlib.Path) -> None:
    """Issue 17: Parquet (written by polars and by pyarrow, row groups) and
    Arrow IPC (Feather with lz4, a stream) of the example's rows validate with
    the CSV's problems and counts; only the format, hash and size differ."""
    import polars as pl
    import pyarrow as pa
    import pyarrow.feather as pf
    import pyarrow.parquet as pq

    csv = pathlib.Path(__file__).resolve().parents[2] / "examples" / "households.csv"
    want = bulk.validate_file(csv, as_of=AS_OF)
    df = pl.read_csv(csv, infer_schema_length=0)  # every column as text
    table = df.to_arrow()
    files = {
        "polars.parquet": lambda p: df.write_parquet(p),
        "pyarrow.parquet": lambda p: pq.write_table(table, p, row_group_size=50),
        "export.feather": lambda p: pf.write_feather(table, p),
    }
    for name, write in files.items():
        path = tmp_path / name
        write(path)
        files[name] = path  # type: ignore[assignment]
    stream = tmp_path / "export.arrows"
    with pa.OSFile(str(stream), "wb") as f, pa.ipc.new_stream(f, table.schema) as w:
        w.write_table(table)
    for path in [*files.values(), stream]:
        got = bulk.validate_file(path, as_of=AS_OF)  # type: ignore[arg-type]
        assert got.problems == want.problems, path
        for k in ("rows_read", "rows_valid", "rows_invalid", "households", "per_code"):
            assert got.summary[k] == want.summary[k], (path, k)
        assert got.summary["format"] == ("parquet" if str(path).endswith("parquet") else "arrow")
        assert got.summary["input_bytes"] == pathlib.Path(str(path)).stat().st_size
    # A table's text is UTF-8 by its format: an encoding asked for is refused by the core.
    with pytest.raises(dtks.InvalidArgument) as e:
        bulk.validate_file(stream, as_of=AS_OF, encoding="cp1252")
    assert e.value.code == "TABLE_ENCODING"
