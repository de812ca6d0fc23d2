"""`danvan dedup FILE` and `danvan dedup evaluate`: the stable interface and its errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.monitoring.management.commands.dedup import pair_scores
from danvan.text import fold

WAGES = (
    "Tôi tên là Nguyễn Văn An, trú tại thôn 2, xã Thông Thuận. Công ty TNHH Hải Phong nợ lương "
    "tôi 3 tháng với số tiền 15.000.000 đồng. Đề nghị Ủy ban nhân dân xã xem xét."
)
OTHER_PERSON = WAGES.replace("Nguyễn Văn An", "Trần Thị Bình")
CLINIC = "Trạm y tế xã Phước Dinh xuống cấp nghiêm trọng, mái dột, đề nghị tỉnh sửa chữa."


def run(*args: str, stdin: bytes | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "dedup",
        *args,
        stdout=out,
        stderr=err,
        **({"stdin": io.BytesIO(stdin)} if stdin is not None else {}),
    )
    return out.getvalue(), err.getvalue()


def test_each_input_line_gets_its_id_and_its_cluster_id_in_order(tmp_path: Path) -> None:
    path = tmp_path / "texts.tsv"
    lines = [
        f"101\t{WAGES}",
        f"102\t{CLINIC}",
        f"103\t{fold(WAGES)}",
        f"104\t{OTHER_PERSON}",
        f"105\tKính gửi UBND xã. {WAGES.upper()} Xin chân thành cảm ơn!",
        f"106\t{fold(OTHER_PERSON).lower()}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = run(str(path))
    assert out.splitlines() == [
        "101\t101",
        "102\t102",
        "103\t101",
        "104\t104",
        "105\t101",
        "106\t104",
    ]
    assert err == ""


def test_standard_input_with_dash_and_windows_line_ends() -> None:
    data = f"a\t{WAGES}\r\nb\t{fold(WAGES)}\r\n".encode()
    out, _ = run("-", stdin=data)
    assert out == "a\ta\nb\ta\n"


def test_lenient_lines_keep_the_output_aligned_and_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "messy.tsv"
    path.write_bytes(
        f"x\t{WAGES}\n".encode()
        + b"no-tab-here\n"
        + b"\n"
        + f"x\t{CLINIC}\n".encode()
        + b"y\tXin ch\xe0o\n"  # a byte that is not UTF-8
    )
    out, err = run(str(path), "--stats")
    assert out.splitlines() == ["x\tx", "no-tab-here\tno-tab-here", "\t#3", "x\tx#4", "y\ty"]
    assert "dòng 2" in err
    assert "UTF-8" in err
    assert "xuất hiện nhiều lần" in err
    assert "5 dòng" in err  # the summary


def test_a_missing_file_is_one_error_line_and_exit_status_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path / "nope.tsv"))
    assert raised.value.returncode == 2
    assert "nope.tsv" in str(raised.value)


@pytest.mark.parametrize("args", [["x.tsv", "--json"], ["x.tsv", "--workers", "0"]])
def test_bad_options_exit_with_status_2(args: list[str]) -> None:
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2


def test_evaluate_reports_precision_and_recall_on_the_committed_set() -> None:
    out, _ = run("evaluate", "--json")
    scores = json.loads(out)
    assert scores["texts"] >= 300
    assert scores["precision"] >= 0.9
    assert scores["recall"] >= 0.9
    assert scores["true_pairs"] > 100


def test_evaluate_reads_another_labelled_file_and_lists_errors(tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(
        "# a comment\n"
        f"1\tA\t{WAGES}\n"
        f"2\tA\t{fold(WAGES)}\n"
        f"3\tB\t{OTHER_PERSON}\n"
        f"4\tB\t{CLINIC}\n",  # labelled with 3 on purpose: a missed pair
        encoding="utf-8",
    )
    out, _ = run("evaluate", "--pairs", str(path), "--show-errors", "5")
    assert "precision 1.000" in out
    assert "recall 0.500" in out
    assert "bỏ sót: 3 — 4" in out


def test_evaluate_refuses_a_malformed_labelled_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("1\tonly two columns\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run("evaluate", "--pairs", str(path))
    assert raised.value.returncode == 2
    assert "dòng 1" in str(raised.value)


def test_pair_scores_count_pairs_within_clusters() -> None:
    scores = pair_scores(["a", "a", "a", "b"], [0, 0, 3, 3])
    assert (scores["true_pairs"], scores["predicted_pairs"], scores["correct_pairs"]) == (3, 2, 1)
    assert scores["precision"] == 0.5
    assert scores["recall"] == round(1 / 3, 4)


def test_the_installed_command_writes_utf8_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "ids.tsv"
    path.write_text(f"Đơn-1\t{WAGES}\nĐơn-2\t{fold(WAGES)}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "dedup", str(path)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == "Đơn-1\tĐơn-1\nĐơn-2\tĐơn-1\n"
    failed = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "dedup", str(tmp_path / "missing.tsv")],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert failed.returncode == 2
    assert len(failed.stderr.decode("utf-8").strip().splitlines()) == 1
