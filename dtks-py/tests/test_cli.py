"""`python -m dtks` and the `dtks` console script run the Rust command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from dtks.__main__ import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dtks", *args], capture_output=True, text=True)


def test_python_m_dtks_nik_json() -> None:
    p = run("nik", "3171014101900001", "--json", "--as-of", "2026-01-01")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["sex"] == "female" and out["birth_date"] == "1990-01-01"
    assert "3171014101900001" not in p.stdout


def test_exit_codes() -> None:
    assert run("nik", "123").returncode == 1  # a finding
    assert run("no-such-command").returncode == 2  # usage
    assert run("--version").returncode == 0


def test_console_script_is_the_same_command() -> None:
    exe = shutil.which("dtks", path=str(__import__("pathlib").Path(sys.executable).parent))
    if exe is None:
        pytest.skip("console script not on this venv's bin")
    a = subprocess.run([exe, "kk", "3171011503150007", "--json", "--as-of", "2026-01-01"],
                       capture_output=True, text=True)
    b = run("kk", "3171011503150007", "--json", "--as-of", "2026-01-01")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


def test_main_returns_status(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["nik", "317101410190001"]) == 1
    out = capfd.readouterr()
    assert "NIK_DIGITS_LOST" in out.out + out.err
