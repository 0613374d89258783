"""dtks.columns: a whole column decoded in Rust. Expected values come from
the NIK and KK layouts (docs/domain/identity.md §1.2, §2.1): the same
verdicts as one number at a time, for every kind of column analysts hold."""

from __future__ import annotations

import pyarrow as pa
import pytest

import dtks
from dtks import columns

AS_OF = "2026-06-30"


def test_fields_of_a_nik() -> None:
    out = columns.nik(pa.array(["3171014101900001"]), as_of=AS_OF)
    row = out.to_pylist()[0]
    assert tuple(row) == columns.NIK_FIELDS
    assert row["valid"] is True and row["code"] is None
    assert (row["province"], row["regency"], row["district"]) == ("31", "31.71", "31.71.01")
    assert (row["sex"], str(row["birth_date"]), row["serial"]) == ("female", "1990-01-01", 1)
    assert row["masked"] == "3171\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220001"


@pytest.mark.parametrize("lenient", [False, True])
def test_the_same_verdict_as_one_at_a_time(lenient: bool) -> None:
    values = ["3171014101900001", "3171 0141 0190 0001", "123", "31710141019000x1",
              "3171019901900001", "", "9171031708800003", "3171017104900001"]
    out = columns.nik(values, as_of=AS_OF, lenient=lenient).field("code").to_pylist()
    for v, code in zip(values, out):
        try:
            (dtks.Nik.parse_lenient if lenient else dtks.Nik.parse)(v)
            want = None
        except dtks.DtksError as e:
            want = e.code
        assert code == want, v


def test_a_float_column_loses_the_digits_of_a_papua_nik() -> None:
    pd = pytest.importorskip("pandas")
    # pandas makes the column float64 because one value is missing.
    s = pd.Series(["9171031708800003", "3171014101900001", None]).astype("float64")
    out = columns.nik(s, as_of=AS_OF)
    assert out.field("code").to_pylist() == ["NIK_FLOAT_PRECISION", None, None]
    assert out.field("valid").to_pylist() == [False, True, None]


def test_polars_and_chunked_columns() -> None:
    pl = pytest.importorskip("polars")
    s = pl.Series("nik", ["3171014101900001", "123"])
    assert columns.nik(s, as_of=AS_OF).field("valid").to_pylist() == [True, False]
    chunked = pa.chunked_array([["3171014101900001"], ["123"]])
    assert columns.nik(chunked, as_of=AS_OF).field("code").to_pylist() == [None, "NIK_LENGTH"]
    frame = pl.from_arrow(columns.nik(s, as_of=AS_OF))
    assert frame.struct.field("district").to_list() == ["31.71.01", None]


def test_kk_recording_dates_on_as_of() -> None:
    out = columns.kk(pa.array(["3171011503150007", "3171010107260001", "3218010509380001"]), as_of=AS_OF)
    assert out.field("code").to_pylist() == [None, "KK_ISSUED_FUTURE", "KK_ISSUED_BEFORE_REGISTRY"]
    assert str(out.field("recorded_on")[0]) == "2015-03-15"


def test_integer_columns_and_types_it_cannot_read() -> None:
    out = columns.nik(pa.array([3171014101900001, 123], type=pa.int64()), as_of=AS_OF)
    assert out.field("code").to_pylist() == [None, "NIK_LENGTH"]
    with pytest.raises(dtks.DtksError) as e:
        columns.nik(pa.array([True, False]), as_of=AS_OF)
    assert e.value.code == "COLUMN_TYPE_UNSUPPORTED"
