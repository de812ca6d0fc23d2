"""The `danvan` console command, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

DANVAN = [sys.executable, "-m", "danvan.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # The browser tests' session fixture may have set this; a deployment never has it.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [*DANVAN, *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_fold_prints_folded_arguments_joined_by_one_space() -> None:
    result = run("fold", "Đường", "  Hoà Bình ", "Số 05/BC")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "duong hoa binh so 05/bc\n"


def test_fold_through_call_command(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("fold", "THỦY", "Lợi")
    assert capsys.readouterr().out == "thuy loi\n"


def test_help_lists_danvan_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("serve", "demo", "worker", "deadline", "fold", "org", "user", "audit"):
        assert f"  {command} " in result.stdout


def test_production_mode_refuses_the_demo_secret() -> None:
    result = run("check", env={"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DANVAN_SECRET_KEY" in result.stderr


def test_production_mode_starts_with_a_real_secret() -> None:
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "ERROR",
        env={"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": "x" * 20 + "Y7#kq" * 8},
    )
    assert result.returncode == 0, result.stderr


def test_configuration_error_is_one_line_on_stderr_with_exit_2() -> None:
    result = run("check", env={"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": "short"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "DANVAN_SECRET_KEY" in result.stderr


def test_demo_refuses_to_create_public_accounts_in_production_mode() -> None:
    result = run(
        "demo",
        "--no-serve",
        env={"DANVAN_PRODUCTION": "1", "DANVAN_SECRET_KEY": "x" * 20 + "Y7#kq" * 8},
    )
    assert result.returncode == 2
    assert "DANVAN_PRODUCTION" in result.stderr
    assert result.stdout == ""


def test_insecure_cookie_switch_is_ignored_in_production_mode() -> None:
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE)"
    env = {
        "DANVAN_PRODUCTION": "1",
        "DANVAN_SECRET_KEY": "x" * 20 + "Y7#kq" * 8,
        "DANVAN_INSECURE_COOKIES": "1",
        "DJANGO_SETTINGS_MODULE": "danvan.config.settings",
    }
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
    )
    assert result.stdout.strip() == "True", result.stderr
