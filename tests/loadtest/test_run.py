"""The load test's choice of the server's interpreter (loadtest/run.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from loadtest import run


def test_this_interpreter_is_described() -> None:
    described = run.describe_python(sys.executable)
    assert described is not None
    assert described["version_info"] == list(sys.version_info[:2])
    assert described["version"] == sys.version.split()[0]
    assert isinstance(described["config_args"], str)


def test_a_missing_interpreter_is_not_described(tmp_path: Path) -> None:
    assert run.describe_python(str(tmp_path / "no-python")) is None


def test_dev_keeps_the_development_environment(tmp_path: Path) -> None:
    for choice in ("dev", ""):
        bin_dir, why = run.server_bin(choice, tmp_path / "env")
        assert bin_dir == run.BIN
        assert ".venv" in why
    assert not (tmp_path / "env").exists()


def test_missing_interpreter_falls_back_without_building(tmp_path: Path) -> None:
    bin_dir, why = run.server_bin(str(tmp_path / "python9"), tmp_path / "env")
    assert bin_dir == run.BIN
    assert "không chạy được" in why
    assert not (tmp_path / "env").exists()


def test_too_old_interpreter_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "describe_python", lambda python: {"version_info": [3, 9]})
    bin_dir, why = run.server_bin("/usr/bin/python3", tmp_path / "env")
    assert bin_dir == run.BIN
    assert "3.9" in why
    assert not (tmp_path / "env").exists()


def test_failed_build_falls_back_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_uv = tmp_path / "uv"
    fake_uv.write_text("#!/bin/sh\necho 'không tải được gói' >&2\nexit 3\n")
    fake_uv.chmod(0o755)
    monkeypatch.setattr(run.shutil, "which", lambda name: str(fake_uv))
    bin_dir, why = run.server_bin(sys.executable, tmp_path / "env")
    assert bin_dir == run.BIN
    assert "không tải được gói" in why


def test_the_development_environment_is_described() -> None:
    described = run.describe_python(str(run.BIN / "python"))
    assert described is not None
    assert described["version"] == sys.version.split()[0]
    assert Path(described["executable"]).name.startswith("python")


def test_built_environment_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for uv that records its arguments and environment and makes the bin directory.
    fake_uv = tmp_path / "uv"
    record = tmp_path / "uv-args"
    fake_uv.write_text(
        "#!/bin/sh\n"
        f'echo "$@ | $UV_PROJECT_ENVIRONMENT | $UV_PYTHON_DOWNLOADS" > {record}\n'
        'mkdir -p "$UV_PROJECT_ENVIRONMENT/bin" && touch "$UV_PROJECT_ENVIRONMENT/bin/danvan"\n'
    )
    fake_uv.chmod(0o755)
    monkeypatch.setattr(run.shutil, "which", lambda name: str(fake_uv))
    bin_dir, why = run.server_bin(sys.executable, tmp_path / "env")
    assert bin_dir == tmp_path / "env" / "bin"
    assert f"Python {sys.version_info[0]}.{sys.version_info[1]}" in why
    args = record.read_text()
    assert "sync --frozen --no-dev --compile-bytecode" in args
    assert f"--python {sys.executable} | {tmp_path / 'env'} | never" in args
