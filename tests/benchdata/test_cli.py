"""`danvan bench generate` (per kind, presets, errors) and `danvan bench run`."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.benchdata import generate as generate_module
from danvan.benchdata.generate import NATIONAL, PRESETS, Step


@pytest.fixture
def captured(monkeypatch: Any) -> dict[str, Any]:
    """The counts `generate` is called with (nothing is generated)."""
    seen: dict[str, Any] = {}

    def fake(counts: dict[str, int], **kwargs: Any) -> list[Step]:
        seen["counts"] = counts
        seen.update(kwargs)
        steps = [Step(kind, n, 2.0) for kind, n in counts.items()]
        for step in steps:
            kwargs["step_done"](step)
        return steps

    monkeypatch.setattr(generate_module, "generate", fake)
    return seen


def test_national_preset_asks_for_the_issue_targets(captured: dict[str, Any]) -> None:
    out = StringIO()

    call_command("bench", "generate", "--preset", "national", "--workers", "1", stdout=out)

    counts = captured["counts"]
    assert counts["petitions"] == 1_000_000
    assert counts["reception"] == 200_000
    assert counts["issues"] == 100_000
    assert set(counts) == set(generate_module.KINDS)
    text = out.getvalue()
    assert "Dòng/giây" in text and "Tổng cộng" in text
    assert "500.000" in text  # 1,000,000 rows in 2 s


def test_province_preset_is_a_twentieth_and_an_option_overrides_its_kind(
    captured: dict[str, Any],
) -> None:
    call_command("bench", "generate", "--preset", "province", "--issues", "7", stdout=StringIO())

    assert captured["counts"]["petitions"] == NATIONAL["petitions"] // 20 == 50_000
    assert captured["counts"]["issues"] == 7
    assert captured["counts"]["alerts"] == PRESETS["province"]["alerts"]


def test_per_kind_options_generate_only_those_kinds(captured: dict[str, Any]) -> None:
    call_command("bench", "generate", "--tasks", "5", "--alerts", "0", stdout=StringIO())

    assert captured["counts"] == {"tasks": 5, "alerts": 0}


def test_generate_without_any_count_is_a_usage_error() -> None:
    with pytest.raises(CommandError) as info:
        call_command("bench", "generate", stdout=StringIO())
    assert info.value.returncode == 2
    assert "--preset" in str(info.value)


def test_generate_refuses_a_negative_count() -> None:
    with pytest.raises(CommandError) as info:
        call_command("bench", "generate", "--models", "-3", stdout=StringIO())
    assert info.value.returncode == 2
    assert "--models" in str(info.value)


def test_generate_refuses_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as info:
        call_command("bench", "generate", "--tasks", "1", stdout=StringIO())
    assert info.value.returncode == 2


def test_generator_errors_become_usage_errors(monkeypatch: Any) -> None:
    def fail(counts: dict[str, int], **kwargs: Any) -> list[Step]:
        raise ValueError("Chưa có đơn vị hành chính cấp xã: chạy `danvan install`.")

    monkeypatch.setattr(generate_module, "generate", fail)
    with pytest.raises(CommandError, match="danvan install") as info:
        call_command("bench", "generate", "--tasks", "1", stdout=StringIO())
    assert info.value.returncode == 2


def test_run_without_a_source_checkout_says_so(settings: Any, tmp_path: Path) -> None:
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError) as info:
        call_command("bench", "run", "--quick")

    assert info.value.returncode == 2
    assert "mã nguồn" in str(info.value)


def test_run_passes_its_arguments_to_the_suite_and_exits_with_its_code(
    settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "bench").mkdir()
    seen = tmp_path / "args.txt"
    (tmp_path / "bench" / "run.py").write_text(
        "import sys\n"
        f"open({str(seen)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        "sys.exit(3 if '--fail' in sys.argv else 0)\n"
    )
    settings.BASE_DIR = tmp_path

    call_command("bench", "run", "--quick", "--only", "intake")
    assert seen.read_text() == "--quick --only intake"

    with pytest.raises(SystemExit) as info:
        call_command("bench", "run", "--fail")
    assert info.value.code == 3


def test_run_uses_this_python(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "bench").mkdir()
    seen = tmp_path / "exe.txt"
    (tmp_path / "bench" / "run.py").write_text(
        f"import sys\nopen({str(seen)!r}, 'w').write(sys.executable)\n"
    )
    settings.BASE_DIR = tmp_path

    call_command("bench", "run")

    assert Path(seen.read_text()).resolve() == Path(sys.executable).resolve()
