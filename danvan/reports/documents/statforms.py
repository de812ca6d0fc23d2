"""The inspectorate's statistical forms (Thanh tra Chính phủ) as an XLSX workbook, one sheet
per form: 01/TCD (tiếp công dân), 01/XLD (xử lý đơn), 01/KQGQ (giải quyết khiếu nại thuộc thẩm
quyền). The forms, their columns and what each column counts are data
(`danvan/data/reports/statforms.json`); the figures come from grouped queries of the modules
(`danvan.reception.statforms`, `danvan.petitions.statforms`), one row per organisation the report
speaks for, then the total. A column the system does not record stays empty (the unit fills it
in by hand) and the note under the table says why. Which parts are verified against the circular
is in the data file and in docs/reports-documents.md.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from danvan.reports.indicators import Coverage, Window

STATFORMS_FILE = (
    Path(__file__).resolve().parent.parent.parent / "data" / "reports" / "statforms.json"
)
FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
FIRST_COLUMN = 2  # column A: STT, column B: the unit, then the form's columns
TOTAL_LABEL = "Tổng cộng"

Rows = dict[int, dict[str, int]]


@dataclass(frozen=True)
class Column:
    n: int
    head: tuple[str, ...]
    key: str | None
    formula: str = ""
    note: str = ""


@dataclass(frozen=True)
class Form:
    code: str
    sheet: str
    source: str
    title: str
    columns: tuple[Column, ...]
    verification: dict[str, str]


@cache
def statforms_data() -> dict[str, Any]:
    with STATFORMS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def forms() -> list[Form]:
    return [
        Form(
            code=f["code"],
            sheet=f["sheet"],
            source=f["source"],
            title=f["title"],
            columns=tuple(
                Column(
                    n=c["n"],
                    head=tuple(c["head"]),
                    key=c.get("key"),
                    formula=c.get("formula", ""),
                    note=c.get("note", ""),
                )
                for c in f["columns"]
            ),
            verification=f.get("verification", {}),
        )
        for f in statforms_data()["forms"]
    ]


def _sources() -> dict[str, Callable[[Coverage, Window], Rows]]:
    from danvan.petitions.statforms import handling_rows, resolution_rows
    from danvan.reception.statforms import reception_rows

    return {"reception": reception_rows, "handling": handling_rows, "resolution": resolution_rows}


def form_rows(form: Form, coverage: Coverage, window: Window) -> Rows:
    """The form's figures per organisation id (only the columns the system records)."""
    return _sources()[form.source](coverage, window)


def _names(ids: set[int]) -> dict[int, tuple[str, str]]:
    from danvan.core.models import Organization

    return {
        pk: (code, name)
        for pk, code, name in Organization.objects.filter(pk__in=sorted(ids)).values_list(
            "pk", "code", "name"
        )
    }


def _style(cell: Any, *, bold: bool = False, size: int = 10, italic: bool = False) -> None:
    cell.font = Font(name=FONT, bold=bold, size=size, italic=italic)


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    if bottom > top or right > left:
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _header(sheet: Worksheet, form: Form, top: int) -> int:
    """The form's header rows (merged as the levels of `head` say) and the row of column
    numbers; returns the row of column numbers."""
    depth = max(len(c.head) for c in form.columns)
    bottom = top + depth - 1
    for label, column in (("STT", 1), ("Đơn vị", FIRST_COLUMN)):
        sheet.cell(row=top, column=column, value=label)
        _merge(sheet, top, column, bottom, column)
    columns = list(form.columns)
    for level in range(depth):
        i = 0
        while i < len(columns):
            col = columns[i]
            if len(col.head) <= level:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(columns)
                and len(columns[j + 1].head) > level
                and columns[j + 1].head[: level + 1] == col.head[: level + 1]
            ):
                j += 1
            first = FIRST_COLUMN + 1 + i
            last = FIRST_COLUMN + 1 + j
            row = top + level
            sheet.cell(row=row, column=first, value=col.head[level])
            leaf = all(len(c.head) == level + 1 for c in columns[i : j + 1])
            _merge(sheet, row, first, bottom if leaf else row, last)
            i = j + 1
    numbers = bottom + 1
    sheet.cell(row=numbers, column=1, value="A")
    sheet.cell(row=numbers, column=FIRST_COLUMN, value="B")
    for i, col in enumerate(columns):
        sheet.cell(row=numbers, column=FIRST_COLUMN + 1 + i, value=col.formula or str(col.n))
    for row in sheet.iter_rows(
        min_row=top, max_row=numbers, min_col=1, max_col=FIRST_COLUMN + len(columns)
    ):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.fill = HEAD_FILL
            _style(cell, bold=cell.row < numbers, size=9)
    return numbers


def _sheet(
    sheet: Worksheet,
    form: Form,
    rows: Rows,
    names: dict[int, tuple[str, str]],
    *,
    org_name: str,
    period_label: str,
    window: Window,
    circular: str,
) -> None:
    width = FIRST_COLUMN + len(form.columns)
    sheet.cell(row=1, column=1, value=org_name.upper())
    _style(sheet.cell(row=1, column=1), bold=True, size=11)
    _merge(sheet, 1, 1, 1, 8)
    code_cell = sheet.cell(row=1, column=width - 4, value=f"Biểu số: {form.code}")
    _style(code_cell, bold=True, size=11)
    _merge(sheet, 1, width - 4, 1, width)
    basis = sheet.cell(row=2, column=width - 4, value=f"(Theo {circular})")
    _style(basis, italic=True, size=9)
    _merge(sheet, 2, width - 4, 2, width)
    title = sheet.cell(row=3, column=1, value=form.title)
    _style(title, bold=True, size=13)
    title.alignment = Alignment(horizontal="center")
    _merge(sheet, 3, 1, 3, width)
    period = sheet.cell(
        row=4,
        column=1,
        value=(
            f"Kỳ báo cáo: {period_label} (số liệu tính từ ngày {window.start:%d/%m/%Y} "
            f"đến ngày {window.end:%d/%m/%Y})"
        ),
    )
    _style(period, italic=True, size=11)
    period.alignment = Alignment(horizontal="center")
    _merge(sheet, 4, 1, 4, width)

    numbers = _header(sheet, form, 6)
    order = sorted(rows, key=lambda pk: (names.get(pk, ("", ""))[0], pk))
    totals = dict.fromkeys((c.key for c in form.columns if c.key), 0)
    r = numbers
    for i, pk in enumerate(order, start=1):
        r += 1
        values = rows[pk]
        sheet.cell(row=r, column=1, value=i)
        sheet.cell(row=r, column=FIRST_COLUMN, value=names.get(pk, ("", f"#{pk}"))[1])
        for j, col in enumerate(form.columns):
            if col.key is None:
                continue
            value = values[col.key]
            totals[col.key] += value
            sheet.cell(row=r, column=FIRST_COLUMN + 1 + j, value=value)
    r += 1
    total_row = r
    sheet.cell(row=r, column=FIRST_COLUMN, value=TOTAL_LABEL)
    for j, col in enumerate(form.columns):
        if col.key is not None:
            sheet.cell(row=r, column=FIRST_COLUMN + 1 + j, value=totals[col.key])
    for row in sheet.iter_rows(min_row=numbers + 1, max_row=total_row, min_col=1, max_col=width):
        for cell in row:
            cell.border = BOX
            _style(cell, size=10, bold=cell.row == total_row)
            if cell.column > FIRST_COLUMN:
                cell.number_format = "#,##0"
                cell.alignment = Alignment(horizontal="right")
    notes = _notes(form)
    r = total_row + 2
    for text in notes:
        cell = sheet.cell(row=r, column=1, value=text)
        _style(cell, italic=True, size=9)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _merge(sheet, r, 1, r, width)
        sheet.row_dimensions[r].height = 15 * (1 + len(text) // 220)
        r += 1

    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions[get_column_letter(FIRST_COLUMN)].width = 32
    for j in range(len(form.columns)):
        sheet.column_dimensions[get_column_letter(FIRST_COLUMN + 1 + j)].width = 9
    sheet.freeze_panes = sheet.cell(row=numbers + 1, column=FIRST_COLUMN + 1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"6:{numbers}"


def _notes(form: Form) -> list[str]:
    by_note: dict[str, list[int]] = {}
    for col in form.columns:
        if col.key is None:
            by_note.setdefault(col.note or "Hệ thống không có số liệu.", []).append(col.n)
    notes = [
        f"Cột {', '.join(f'({n})' for n in numbers)}: {note} Đơn vị tự điền."
        for note, numbers in by_note.items()
    ]
    if "unverified" in form.verification.values():
        notes.append(
            "Mẫu biểu dựng theo nguồn chưa đối chiếu được với phụ lục của Thông tư; đề nghị "
            "kiểm tra lại tên và thứ tự cột trước khi gửi (xem docs/reports-documents.md)."
        )
    return notes


def statforms_build(
    coverage: Coverage, window: Window, *, org_name: str, period_label: str
) -> bytes:
    """The workbook of every form, with one row per organisation and the total."""
    data = statforms_data()
    circular = data["circular"]["short"]
    book = Workbook()
    first = True
    for form in forms():
        rows = form_rows(form, coverage, window)
        names = _names(set(rows))
        if first:
            sheet = book.active
            assert sheet is not None
            sheet.title = form.sheet
            first = False
        else:
            sheet = book.create_sheet(form.sheet)
        _sheet(
            sheet,
            form,
            rows,
            names,
            org_name=org_name,
            period_label=period_label,
            window=window,
            circular=circular,
        )
    book.properties.title = f"Biểu số liệu thống kê - {org_name} - {period_label}"
    book.properties.creator = org_name
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
