"""`danvan deadline`: due date on the first line, explanation after; exit 2 + one line on errors."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core.services.calendar import calendar_load_reference

DANVAN = Path(sys.executable).with_name("danvan")


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def reference(db: Any) -> None:
    calendar_load_reference()


def test_prints_the_due_date_alone_on_the_first_line(reference: None) -> None:
    lines = _run("complaint.first.resolve", "2026-02-10", "--remote")
    assert lines[0] == "2026-03-27"
    assert any("vùng sâu, vùng xa" in line for line in lines[1:])
    assert lines[-1].startswith("Hạn: 27/03/2026")


def test_complaint_accept_uses_the_version_in_force_on_the_start_date(reference: None) -> None:
    assert _run("complaint.accept", "2026-06-30")[0] == "2026-07-14"
    assert _run("complaint.accept", "2026-07-01")[0] == "2026-07-10"


def test_especially_complex_denunciation_and_suspension(reference: None) -> None:
    assert _run("denunciation.resolve", "2026-07-01", "--especially-complex")[0] == "2026-09-29"
    lines = _run("complaint.first.resolve", "2026-01-01", "--suspend", "2026-01-05:2026-01-20")
    assert lines[0] == "2026-02-23"
    assert any(line.startswith("Tạm đình chỉ từ 05/01/2026") for line in lines)


def test_backward_rule_prints_the_latest_allowed_date(reference: None) -> None:
    lines = _run("reception.schedule_publish", "2026-02-24")
    assert lines[0] == "2026-02-10"
    assert lines[-1].startswith("Chậm nhất ngày 10/02/2026")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["no.such.rule", "2026-02-10"], "Không có quy tắc thời hạn “no.such.rule”"),
        (["complaint.accept", "2026-02-30"], "không hợp lệ"),
        (["complaint.accept", "10/02/2026"], "NĂM-THÁNG-NGÀY"),
        (["complaint.accept", "2026-02-10", "--complex"], "không có biến thể"),
        (["denunciation.resolve", "2018-12-31"], "chỉ có hiệu lực từ ngày 01/01/2019"),
        (
            ["denunciation.resolve", "2026-07-01", "--complex", "--especially-complex"],
            "một trong hai",
        ),
        (["complaint.accept"], "Thiếu tham số bắt buộc"),
        (["complaint.accept", "2026-02-10", "--suspend", "2026-03-01"], "TỪ:ĐẾN"),
    ],
)
def test_bad_input_is_a_command_error_with_exit_code_2(
    reference: None, args: list[str], text: str
) -> None:
    with pytest.raises(CommandError) as caught:
        _run(*args)
    assert caught.value.returncode == 2
    assert text in str(caught.value)
    assert "\n" not in str(caught.value)


def test_flags_passed_as_options_are_checked_too(reference: None) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(
            "deadline",
            "denunciation.resolve",
            "2026-07-01",
            complex=True,
            especially_complex=True,
            stdout=StringIO(),
        )
    assert caught.value.returncode == 2


# --- The real console command, in a subprocess -----------------------------------------------


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite database with the reference data, for `.venv/bin/danvan`.

    Built with the real migrations, as `danvan install` does.
    """
    root = tmp_path_factory.mktemp("cli")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "DANVAN_VAR_DIR": str(root / "var"),
    }
    subprocess.run([str(DANVAN), "migrate", "-v", "0"], env=env, check=True, timeout=300)
    subprocess.run(
        [
            str(DANVAN),
            "shell",
            "-c",
            "from danvan.core.services.calendar import calendar_load_reference as load; load()",
        ],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DANVAN), "deadline", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_console_command_prints_the_due_date_and_exits_0(cli_env: dict[str, str]) -> None:
    done = _cli(cli_env, "reception.reply", "2026-02-13")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2026-03-06"
    assert done.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["no.such.rule", "2026-02-10"],
        ["complaint.accept", "2026-02-31"],
        ["complaint.accept", "2026-02-10", "--remote"],
        ["complaint.accept", "2011-01-01"],
        ["denunciation.resolve", "2026-07-01", "--complex", "--especially-complex"],
    ],
)
def test_console_command_bad_input_exits_2_with_one_line_on_stderr(
    cli_env: dict[str, str], args: list[str]
) -> None:
    done = _cli(cli_env, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("CommandError: ")
