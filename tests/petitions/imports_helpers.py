"""Helpers of the register import tests: XLSX files built in memory, jobs run inline."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from danvan.petitions.imports import run
from danvan.petitions.models import RegisterImport

HEADERS = [
    "STT",
    "Ngày nhận đơn",
    "Họ và tên người gửi",
    "Địa chỉ",
    "Số CCCD",
    "Tóm tắt nội dung",
    "Phân loại",
    "Lĩnh vực",
    "Nguồn đơn",
    "Nơi chuyển đơn",
    "Số văn bản chuyển",
    "Địa bàn",
    "Kết quả xử lý",
    "Ngày xử lý",
    "Ghi chú",
]

CONTENT = "Khiếu nại việc bồi thường khi thu hồi đất tại thôn Đông, giá thấp hơn thị trường"


def good_row(n: int, **overrides: Any) -> list[Any]:
    values: dict[str, Any] = {
        "STT": n,
        "Ngày nhận đơn": dt.datetime(2026, 1, 5) + dt.timedelta(days=n % 20),
        "Họ và tên người gửi": f"Nguyễn Văn Thử {n}",
        "Địa chỉ": "Thôn Đông, xã An",
        "Số CCCD": "044085001234",
        "Tóm tắt nội dung": f"{CONTENT} (hộ số {n}).",
        "Phân loại": "Khiếu nại",
        "Lĩnh vực": "Đất đai",
        "Nguồn đơn": "Trực tiếp",
        "Nơi chuyển đơn": "",
        "Số văn bản chuyển": "",
        "Địa bàn": "Xã An",
        "Kết quả xử lý": "",
        "Ngày xử lý": None,
        "Ghi chú": "",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def xlsx(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    *,
    title_rows: Sequence[Sequence[Any]] = (("SỔ THEO DÕI ĐƠN THƯ NĂM 2026",), ()),
    sheet: str = "Sổ đơn",
    extra_sheets: Sequence[str] = (),
) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in title_rows:
        ws.append(list(row) or [None])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    for name in extra_sheets:
        wb.create_sheet(name)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(
    actor: Any, data: bytes, *, org: Any = None, name: str = "so-don.xlsx"
) -> RegisterImport:
    return run.register_import_create(
        actor=actor,
        upload=io.BytesIO(data),
        file_name=name,
        size=len(data),
        organization_id=org.pk if org is not None else None,
    )


def check(actor: Any, job: RegisterImport) -> RegisterImport:
    """Start the dry run (the immediate backend runs it once the transaction commits)."""
    run.register_import_check_start(actor=actor, job=job)
    run.register_import_check_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def do_import(actor: Any, job: RegisterImport, *, only_good: bool = False) -> RegisterImport:
    run.register_import_start(actor=actor, job=job, only_good=only_good)
    run.register_import_run(job_id=job.pk)
    job.refresh_from_db()
    return job
