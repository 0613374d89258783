"""The stubs and the TypedDicts of `dtks.records` check user code under
`mypy --strict` (issue 15): code that reads reports as documented passes,
code that misreads them fails, and the TypedDicts describe the dicts a run
really returns (so the two cannot drift apart)."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import typing
from typing import Any, Dict, List, Tuple

import pytest

import dtks
from dtks import bulk, records

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLES = HERE.parents[1] / "examples"
AS_OF = "2026-11-24"


def mypy(tmp_path: pathlib.Path, name: str) -> Tuple[int, str]:
    """`mypy --strict` on a copy of tests/NAME in a scratch directory, so
    that it reads the installed package (py.typed and stubs) as a user's
    type checker does."""
    pytest.importorskip("mypy")
    shutil.copy(HERE / name, tmp_path / name)
    p = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    return p.returncode, p.stdout + p.stderr


def test_documented_usage_passes_mypy_strict(tmp_path: pathlib.Path) -> None:
    status, out = mypy(tmp_path, "typed_usage.py")
    assert status == 0, out


def test_misreading_a_report_fails_mypy_strict(tmp_path: pathlib.Path) -> None:
    status, out = mypy(tmp_path, "typed_misuse.py")
    assert status == 1, out
    # Each misreading, on its own line: the unknown key and both wrong types.
    flagged = {int(line.split(":")[1]) for line in out.splitlines() if "typed_misuse.py:" in line}
    lines = (HERE / "typed_misuse.py").read_text().splitlines()
    want = {i + 1 for i, text in enumerate(lines) if "# " in text and ("not a str" in text or "number" in text or "no such key" in text)}
    assert len(want) == 3 and want <= flagged, out
    assert "rows_raed" in out


def reports() -> List[Tuple[str, dtks.Report]]:
    import gzip
    import tempfile

    out = [
        ("csv", bulk.validate_file(EXAMPLES / "households.csv", as_of=AS_OF)),
        ("jsonl", bulk.validate_file(EXAMPLES / "households.jsonl", as_of=AS_OF)),
        ("xlsx", bulk.validate_file(EXAMPLES / "households.xlsx", as_of=AS_OF)),
        ("assess", bulk.validate_file(EXAMPLES / "households.csv", as_of=AS_OF, assess=True)),
        ("empty", bulk.validate_csv_text("", as_of=AS_OF)),
    ]
    with tempfile.TemporaryDirectory() as d:
        gz = pathlib.Path(d) / "export.csv.gz"
        gz.write_bytes(gzip.compress((EXAMPLES / "households.csv").read_bytes()))
        out.append(("gzip", bulk.validate_file(gz, as_of=AS_OF)))
    return out


def conforms(value: Any, hint: Any, where: str) -> None:
    """`value` is of the type `hint` names (TypedDicts key by key)."""
    origin = typing.get_origin(hint)
    if typing.is_typeddict(hint):
        assert isinstance(value, dict), where
        hints = typing.get_type_hints(hint)
        unknown = set(value) - set(hints)
        assert not unknown, f"{where}: keys the TypedDict {hint.__name__} lacks: {sorted(unknown)}"
        missing = set(hint.__required_keys__) - set(value)
        assert not missing, f"{where}: required keys absent: {sorted(missing)}"
        for k, v in value.items():
            conforms(v, hints[k], f"{where}.{k}")
    elif hint is Any:
        return
    elif origin is typing.Union:
        errors = []
        for h in typing.get_args(hint):
            try:
                conforms(value, h, where)
                return
            except AssertionError as e:
                errors.append(str(e))
        raise AssertionError(f"{where}: {value!r} is none of {hint}: {errors}")
    elif origin is typing.Literal:
        assert value in typing.get_args(hint), f"{where}: {value!r} not in {hint}"
    elif origin is list:
        assert isinstance(value, list), where
        (item,) = typing.get_args(hint)
        for i, v in enumerate(value):
            conforms(v, item, f"{where}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), where
        _, item = typing.get_args(hint)
        for k, v in value.items():
            conforms(v, item, f"{where}[{k!r}]")
    elif hint is type(None):
        assert value is None, f"{where}: {value!r} is not None"
    elif hint is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
    elif hint is int:
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r} is not an int"
    else:
        assert isinstance(value, hint), f"{where}: {value!r} is not {hint}"


@pytest.mark.parametrize("kind,report", reports(), ids=lambda x: x if isinstance(x, str) else "")
def test_the_typeddicts_describe_what_a_run_returns(kind: str, report: dtks.Report) -> None:
    conforms(report.summary, records.Summary, f"{kind}.summary")
    for i, p in enumerate(report.problems):
        conforms(p, records.RowProblem, f"{kind}.problems[{i}]")


def test_the_checker_itself_fails_on_drift() -> None:
    # The check above must be able to fail: a key the TypedDict lacks, a
    # number where a text is declared.
    with pytest.raises(AssertionError, match="lacks"):
        conforms({"count": 1, "severity": "error", "extra": 1}, records.CodeCount, "x")
    with pytest.raises(AssertionError):
        conforms({"id": "PKH", "version": 2025}, records.RuleVersion, "x")
    ok: Dict[str, Any] = {"id": "PKH", "version": "2025"}
    conforms(ok, records.RuleVersion, "x")
