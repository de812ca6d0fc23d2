"""`danvan report build|indicators`: the stable command-line interface."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from danvan.reports.indicators import Window, coverage_for, figures_compute
from tests.reports.fixtures import RWorld, register

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_indicators_prints_code_tab_value(rworld: RWorld) -> None:
    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    register(rworld.officer_b, on=dt.date(2026, 6, 14), area="19002")
    lines = run("indicators", "--org", "44-UBND", "--period", "2026-H1").splitlines()
    values = dict(line.split("\t") for line in lines)
    expected = figures_compute(
        coverage_for(rworld.ubnd), Window(dt.date(2025, 12, 15), dt.date(2026, 6, 14))
    )
    assert list(values) == list(expected)
    assert values["petitions.received"] == "2"
    assert values == {k: "" if v is None else str(v) for k, v in expected.items()}
    commune = dict(
        line.split("\t")
        for line in run("indicators", "--org", "19001-UBND", "--period", "2026-H1").splitlines()
    )
    assert commune["petitions.received"] == "1"


@pytest.mark.parametrize(
    "args",
    [
        ("indicators", "--org", "44-UBND", "--period", "2026-H3"),
        ("indicators", "--org", "44-UBND", "--period", "2026-H1", "--kind", "year"),
        ("indicators", "--org", "KHONG-CO", "--period", "2026-H1"),
        (
            "build",
            "--kind",
            "year",
            "--org",
            "44-UBND",
            "--period",
            "2026-H1",
            "--format",
            "docx",
            "--out",
            "/tmp/x.docx",
        ),
        (
            "build",
            "--kind",
            "multi-year",
            "--org",
            "44-UBND",
            "--period",
            "2026",
            "--format",
            "docx",
            "--out",
            "/tmp/x.docx",
        ),
        (
            "build",
            "--kind",
            "year",
            "--org",
            "44-UBND",
            "--period",
            "2026",
            "--format",
            "docx",
            "--out",
            "/khong/co/thu-muc/x.docx",
        ),
    ],
)
def test_bad_input_exits_2(rworld: RWorld, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    assert str(info.value)


@pytest.mark.parametrize(
    ("kind", "period"),
    [
        ("month", "2026-03"),
        ("quarter", "2026-Q1"),
        ("six-month", "2026-H1"),
        ("nine-month", "2026-9M"),
        ("year", "2026"),
        ("multi-year", "2016..2025"),
        ("ad-hoc", "2026-03-01..2026-04-15"),
    ],
)
def test_build_writes_every_kind(rworld: RWorld, tmp_path: Path, kind: str, period: str) -> None:
    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    out = tmp_path / f"{kind}.docx"
    printed = run(
        "build",
        "--kind",
        kind,
        "--org",
        "44-UBND",
        "--period",
        period,
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert printed.strip() == str(out)
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert not list(tmp_path.glob("*.part"))


def test_build_xlsx_and_pdf(rworld: RWorld, tmp_path: Path) -> None:
    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    xlsx = tmp_path / "bc.xlsx"
    run(
        "build",
        "--kind",
        "six-month",
        "--org",
        "44-UBND",
        "--period",
        "2026-H1",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
    )
    book = load_workbook(str(xlsx))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "petitions.received" in cells
    pdf = tmp_path / "bc.pdf"
    run(
        "build",
        "--kind",
        "six-month",
        "--org",
        "44-UBND",
        "--period",
        "2026-H1",
        "--format",
        "pdf",
        "--out",
        str(pdf),
    )
    assert pdf.read_bytes()[:5] == b"%PDF-"
