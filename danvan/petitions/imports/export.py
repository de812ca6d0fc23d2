"""The register written back to XLSX, in the layout the import reads, and the blank template.

One row per petition, streamed (openpyxl write-only: rows go to the file as they are made, the
petitions are read in chunks). Dates are date cells. A denouncer's identity is never written:
the sender columns of a denunciation stay empty (the identity is in the vault), so the file
holds nothing the list page would not show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.petitions.imports import columns as cols
from danvan.petitions.models import Petition, Petitioner
from danvan.petitions.states import Outcome, Status
from danvan.petitions.topics import topic_label

# (header, field): the columns of the exported register and of the template, in order.
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("STT", "stt"),
    ("Số hồ sơ", "case_number"),
    ("Ngày nhận đơn", "received_on"),
    ("Họ tên người gửi", "full_name"),
    ("Địa chỉ", "address"),
    ("Số CCCD", "id_number"),
    ("Số điện thoại", "phone"),
    ("Nội dung đơn", "content"),
    ("Người bị khiếu nại, tố cáo", "respondent"),
    ("Phân loại", "kind"),
    ("Lĩnh vực", "topic"),
    ("Nguồn đơn", "channel"),
    ("Nơi chuyển đơn", "forwarder"),
    ("Số văn bản chuyển", "forwarder_reference"),
    ("Mã PAKN", "pakn_code"),
    ("Địa bàn", "area"),
    ("Kết quả xử lý", "outcome"),
    ("Ngày xử lý", "handled_on"),
    ("Ghi chú", "note"),
)
WIDTHS = {
    "stt": 6,
    "case_number": 18,
    "received_on": 12,
    "full_name": 24,
    "address": 28,
    "id_number": 15,
    "phone": 13,
    "content": 60,
    "respondent": 24,
    "kind": 12,
    "topic": 22,
    "channel": 20,
    "forwarder": 24,
    "forwarder_reference": 16,
    "pakn_code": 14,
    "area": 20,
    "outcome": 16,
    "handled_on": 12,
    "note": 30,
}
DATE_FORMAT = "DD/MM/YYYY"
TITLE_ROWS = 3  # title, organisation / date, blank: the header is on row 4
CHUNK = 2000


def result_text(p: Petition) -> str:
    """The "Kết quả xử lý" cell: the words the import reads back to the same status."""
    if p.status == Status.WITHDRAWN:
        return "Rút đơn"
    if p.status in (Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED):
        return "Thụ lý"
    if p.triage_outcome == Outcome.ACCEPT:
        return "Đã giải quyết" if p.status in (Status.RESOLVED, Status.CLOSED) else "Thụ lý"
    if p.triage_outcome:
        return str(Outcome(p.triage_outcome).label)
    return ""


def handled_on(p: Petition) -> dt.date | None:
    if p.status == Status.WITHDRAWN:
        return p.withdrawn_on
    if p.status in (Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED):
        return p.accepted_on
    return p.closed_on or p.resolved_on or p.accepted_on or p.triaged_on


def _row(index: int, p: Petition) -> dict[str, Any]:
    people: list[Petitioner] = list(p.petitioners.all())
    protected = p.kind == "denunciation"
    if protected:
        people = []  # never the vault's identity
    return {
        "stt": index,
        "case_number": p.case_number,
        "received_on": p.received_on,
        "full_name": "; ".join(x.full_name for x in people),
        "address": "; ".join(x.address for x in people)
        if len(people) > 1
        else (people[0].address if people else ""),
        "id_number": "; ".join(x.id_number for x in people if x.id_number),
        "phone": "; ".join(x.phone for x in people if x.phone),
        "content": p.content,
        "respondent": p.respondent,
        "kind": str(p.get_kind_display()),
        "topic": topic_label(p.topic),
        "channel": str(p.get_channel_display()),
        "forwarder": p.forwarder,
        "forwarder_reference": p.forwarder_reference,
        "pakn_code": p.pakn_code,
        "area": f"{p.area.code} - {p.area.full_name}" if p.area_id else "",
        "outcome": result_text(p),
        "handled_on": handled_on(p),
        "note": p.result_summary if p.status in (Status.CLOSED, Status.WITHDRAWN) else "",
    }


def _sheet_start(ws: Any, title: str, subtitle: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    for i, (_h, code) in enumerate(REGISTER_COLUMNS):
        ws.column_dimensions[cols.column_letter(i)].width = WIDTHS.get(code, 14)
    cell = WriteOnlyCell(ws, value=title)
    cell.font = Font(bold=True, size=13)
    ws.append([cell])
    ws.append([subtitle])
    ws.append([])
    headers = []
    for header, _code in REGISTER_COLUMNS:
        c = WriteOnlyCell(ws, value=header)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        headers.append(c)
    ws.append(headers)


def _date_cell(ws: Any, value: dt.date | None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.number_format = DATE_FORMAT
    return cell


def export_queryset(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    """What the writer reads, in register order (received date, then case number)."""
    return (
        qs.select_related("area")
        .prefetch_related(
            Prefetch("petitioners", queryset=Petitioner.objects.order_by("position", "id"))
        )
        .order_by("received_on", "year", "seq", "id")
    )


def register_write(
    petitions: Iterable[Petition], out: IO[bytes], *, title: str = "", subtitle: str = ""
) -> int:
    """Write the register (one row per petition) to `out`; returns the number of rows."""
    from openpyxl import Workbook

    with translation.override("vi"):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Sổ đơn"))
        _sheet_start(
            ws,
            title or _("SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN THƯ"),
            subtitle or _("Xuất ngày {day}").format(day=timezone.localdate().strftime("%d/%m/%Y")),
        )
        count = 0
        for count, p in enumerate(petitions, start=1):
            values = _row(count, p)
            ws.append(
                [
                    _date_cell(ws, values[code])
                    if code in ("received_on", "handled_on")
                    else values[code]
                    for _h, code in REGISTER_COLUMNS
                ]
            )
        wb.save(out)
    return count


def petitions_export(qs: QuerySet[Petition], out: IO[bytes], *, subtitle: str = "") -> int:
    """Export an already scoped queryset (a selector's) as a register."""
    return register_write(export_queryset(qs).iterator(chunk_size=CHUNK), out, subtitle=subtitle)


def template_write(out: IO[bytes]) -> None:
    """The blank register: the title rows, the headers, and a sheet explaining the columns."""
    from openpyxl import Workbook

    with translation.override("vi"):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Sổ đơn"))
        _sheet_start(
            ws,
            _("SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN THƯ"),
            _("Cơ quan: ……………… Năm: ……"),
        )
        guide = wb.create_sheet(_("Hướng dẫn"))
        guide.column_dimensions["A"].width = 28
        guide.column_dimensions["B"].width = 100
        guide.append([_("Cột"), _("Cách ghi")])
        for header, code in REGISTER_COLUMNS:
            guide.append([header, str(GUIDE.get(code, ""))])
        wb.save(out)


GUIDE: dict[str, str] = {
    "stt": "Số thứ tự trong sổ (không nhập vào hệ thống).",
    "case_number": "Để trống khi nhập sổ cũ; hệ thống cấp số hồ sơ mới. Dòng có số hồ sơ đã có "
    "ở cơ quan được bỏ qua.",
    "received_on": "Bắt buộc. Ngày/tháng/năm, ví dụ 05/03/2024 hoặc ô kiểu ngày của Excel.",
    "full_name": "Họ tên người gửi; nhiều người ngăn cách bằng dấu chấm phẩy. Để trống hoặc ghi "
    "«nặc danh» với đơn nặc danh. Danh tính người tố cáo được mã hóa trong kho bảo mật.",
    "address": "Địa chỉ người gửi.",
    "id_number": "Số CCCD 12 chữ số (hoặc CMND 9 chữ số).",
    "phone": "Số điện thoại.",
    "content": "Bắt buộc. Nội dung hoặc tóm tắt nội dung đơn (ít nhất 10 ký tự).",
    "respondent": "Người, cơ quan bị khiếu nại, tố cáo (nếu có).",
    "kind": "Khiếu nại, Tố cáo, Kiến nghị, Phản ánh, hoặc Đơn có nhiều nội dung. Để trống: "
    "hệ thống đọc loại đơn từ nội dung.",
    "topic": "Lĩnh vực theo danh mục (Đất đai, Môi trường, ...); không khớp thì xếp «Khác».",
    "channel": "Qua bưu chính, Trực tiếp, Hòm thư góp ý, Trực tuyến, PAKN, hoặc nơi chuyển "
    "(Đại biểu dân cử, Mặt trận Tổ quốc, Cơ quan báo chí, Cơ quan khác chuyển đến). Để trống: "
    "qua bưu chính (hoặc chuyển đến khi có nơi chuyển).",
    "forwarder": "Cơ quan, người chuyển đơn đến (bắt buộc với đơn được chuyển đến).",
    "forwarder_reference": "Số văn bản, phiếu chuyển đơn.",
    "pakn_code": "Mã phản ánh, kiến nghị trên hệ thống PAKN (bắt buộc với nguồn PAKN).",
    "area": "Mã đơn vị hành chính (xã hoặc tỉnh) hoặc tên xã trong tỉnh, ví dụ «19001» hoặc "
    "«Xã An». Để trống: địa bàn của cơ quan.",
    "outcome": "Để trống nếu chưa xử lý. Thụ lý, Đã giải quyết, Chuyển đơn, Hướng dẫn, Trả "
    "lời, Lưu đơn, Không thụ lý, Rút đơn: đơn đã có kết quả được nhập ở trạng thái đã kết thúc.",
    "handled_on": "Ngày của kết quả xử lý (để trống: ngày nhận đơn).",
    "note": "Ghi chú về kết quả (lưu vào kết quả giải quyết).",
}
