"""The public account of a project as an XLSX workbook (openpyxl): what the notice board of the
commune shows, the same figures and the same names as `/cong-dan/cung-lam/<id>/` — a
contributor who did not agree to be listed is counted with the others of their source.

Plain strings, not gettext: the workbook is a document in Vietnamese."""

from __future__ import annotations

import io

from django.utils import timezone

from danvan.projects import selectors
from danvan.projects.formatting import number_vi
from danvan.projects.models import Project
from danvan.projects.states import Kind, Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0"


def account_xlsx(project: Project) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    account = selectors.project_account(project=project)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Công khai tài chính"
    bold = Font(bold=True)

    def row(*values: object, strong: bool = False) -> None:
        sheet.append(list(values))
        if strong:
            for cell in sheet[sheet.max_row]:
                cell.font = bold

    row("CÔNG KHAI TÀI CHÍNH CÔNG TRÌNH “NHÀ NƯỚC VÀ NHÂN DÂN CÙNG LÀM”", strong=True)
    row("Công trình", project.name)
    row("Loại công trình", str(Kind(project.kind).label))
    row("Địa điểm", f"{project.residential_areas}, {project.area.full_name}")
    row("Quyết định của cộng đồng", project.decision_ref or "")
    row("Trạng thái", str(Status(project.status).label))
    row("Tiến độ (%)", project.progress)
    row("Tổng mức đầu tư dự kiến (đồng)", int(project.planned_cost))
    row("Ngày lập", timezone.localdate().strftime("%d/%m/%Y"))
    row()
    row("I. ĐÓNG GÓP THEO NGUỒN (đã nhận)", strong=True)
    row(
        "Nguồn",
        "Tiền (đồng)",
        "Ngày công",
        "Đất (m²)",
        "Vật liệu (đồng)",
        "Tổng giá trị (đồng)",
        "Còn đăng ký chưa nhận (đồng)",
        strong=True,
    )
    for s in account.sources:
        row(
            s.label,
            s.money,
            float(s.labour_days),
            float(s.land_m2),
            s.materials_value,
            s.value,
            s.pledged_value,
        )
    row(
        "Cộng",
        account.money_received,
        float(account.labour_days),
        float(account.land_m2),
        sum(s.materials_value for s in account.sources),
        account.value_received,
        account.value_pledged,
        strong=True,
    )
    row("Tỷ lệ đóng góp của Nhân dân (%)", float(account.residents_share))
    row()
    row("II. DANH SÁCH ĐÓNG GÓP", strong=True)
    row(
        "Nguồn",
        "Người, đơn vị đóng góp",
        "Hình thức",
        "Số lượng",
        "Đơn vị",
        "Giá trị (đồng)",
        "Tình trạng",
        strong=True,
    )
    for c in selectors.public_contributors(project=project):
        name = c.name or f"Các hộ, tổ chức khác ({c.count} lượt)"
        row(
            c.source_label,
            name,
            c.kind_label,
            number_vi(c.amount),
            c.unit,
            c.value if c.value is not None else "",
            "Đã nhận" if c.received else "Đăng ký, chưa nhận",
        )
    row()
    row("III. THU, CHI TIỀN", strong=True)
    row("Tiền đã nhận (đồng)", account.money_received)
    row("Ngày chi", "Nội dung chi", "Số chứng từ", "Số tiền (đồng)", strong=True)
    for e in selectors.public_expenditures(project=project):
        row(e.date.strftime("%d/%m/%Y"), e.item, e.voucher, int(e.amount))
    row("Tổng chi (đồng)", account.spent, strong=True)
    row("Số dư (đồng)", account.balance, strong=True)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = MONEY_FORMAT
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 40
    for col in "CDEFG":
        sheet.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def account_filename(project: Project) -> str:
    return f"cong-khai-tai-chinh-cong-trinh-{project.pk}.xlsx"
