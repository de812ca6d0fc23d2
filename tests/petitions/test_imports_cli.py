"""`danvan import petitions` and `danvan export petitions`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danvan.petitions.models import Petition
from tests.petitions.imports_helpers import good_row, xlsx


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def register(tmp_path: Path) -> Path:
    rows = [good_row(1), good_row(2, **{"Số CCCD": "12345"}), good_row(3)]
    path = tmp_path / "so-don.xlsx"
    path.write_bytes(xlsx(rows))
    return path


def test_dry_run_prints_every_problem_and_a_summary_and_writes_nothing(
    world: Any, register: Path
) -> None:
    out = _run("import", "petitions", str(register), "--org", "44-UBND", "--dry-run")
    assert "Dòng 5, cột «Số CCCD»: Số định danh cá nhân gồm 12 chữ số" in out
    assert "Tổng cộng 3 dòng: 1 dòng lỗi, 0 dòng đã có hoặc trùng (bỏ qua), 2 dòng hợp lệ" in out
    assert "B  Ngày nhận đơn -> Ngày nhận đơn" in out
    assert not Petition.objects.exists()


def test_import_refused_with_bad_rows_then_only_good_then_nothing_twice(
    world: Any, register: Path
) -> None:
    with pytest.raises(CommandError) as exc:
        _run("import", "petitions", str(register), "--org", "44-UBND")
    assert exc.value.returncode == 2
    assert "Còn 1 dòng lỗi" in str(exc.value) and "\n" not in str(exc.value)
    out = _run("import", "petitions", str(register), "--org", "44-UBND", "--only-good")
    assert "Đã nhập 2 đơn" in out
    out = _run("import", "petitions", str(register), "--org", "44-UBND", "--only-good")
    assert "2 dòng đã có hoặc trùng" in out
    assert "Không còn dòng hợp lệ nào chưa nhập" in out
    assert Petition.objects.count() == 2


def test_map_overrides_a_column_by_header_letter_or_number(world: Any, register: Path) -> None:
    out = _run(
        "import",
        "petitions",
        str(register),
        "--org",
        "44-UBND",
        "--map",
        "Số CCCD=-",
        "--map",
        "O=summary",
        "--by",
        "canbo",
    )
    assert "E  Số CCCD -> (bỏ qua)" in out
    assert "Đã nhập 3 đơn" in out
    p = Petition.objects.order_by("seq").first()
    assert p is not None and p.registered_by == world.officer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "KHONG-CO"], "Không có cơ quan mã «KHONG-CO»"),
        (["--org", "44-UBND", "--map", "Cột lạ=received_on"], "tệp không có cột «Cột lạ»"),
        (["--org", "44-UBND", "--map", "B=ngay_sinh"], "không có trường «ngay_sinh»"),
        (["--org", "44-UBND", "--map", "Ngày nhận đơn"], 'viết "Cột=trường"'),
        (["--org", "44-UBND", "--map", "Ghi chú=content"], "cùng ghép vào «Nội dung đơn»"),
        (["--org", "44-UBND", "--by", "ai-do"], "Không có người dùng «ai-do»"),
    ],
)
def test_bad_usage_is_one_line_with_exit_status_2(
    world: Any, register: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as exc:
        _run("import", "petitions", str(register), *args)
    assert exc.value.returncode == 2
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_a_missing_or_wrong_file(world: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as missing:
        _run("import", "petitions", str(tmp_path / "nope.xlsx"), "--org", "44-UBND")
    assert missing.value.returncode == 2
    text = tmp_path / "so.xlsx"
    text.write_text("STT,Ngày nhận\n")
    with pytest.raises(CommandError) as wrong:
        _run("import", "petitions", str(text), "--org", "44-UBND")
    assert "không phải là bảng tính Excel" in str(wrong.value)


def test_export_writes_the_register_the_import_reads_back(
    world: Any, register: Path, tmp_path: Path
) -> None:
    _run("import", "petitions", str(register), "--org", "44-UBND", "--only-good")
    out_file = tmp_path / "xuat.xlsx"
    out = _run("export", "petitions", "--org", "44-UBND", "--year", "2026", str(out_file))
    assert "Đã xuất 2 đơn thư" in out
    with pytest.raises(CommandError) as exists:
        _run("export", "petitions", "--org", "44-UBND", str(out_file))
    assert exists.value.returncode == 2
    assert "2 dòng đã có" in _run(
        "import", "petitions", str(out_file), "--org", "44-UBND", "--dry-run"
    )
    empty = tmp_path / "nam-2025.xlsx"
    assert "Đã xuất 0 đơn thư" in _run(
        "export", "petitions", "--org", "44-UBND", "--year", "2025", str(empty)
    )
