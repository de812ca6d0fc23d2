"""In a real browser: a commune officer writes the report the province asked for and sends it;
the province officer sees it on the board, accepts it and downloads the DOCX; every report page
passes axe."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document

from danvan.reports import services
from danvan.reports.models import Report
from tests.e2e.conftest import axe_serious_violations, login
from tests.reports.fixtures import RWorld, register
from tests.reports.fixtures import rworld as rworld

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


def test_commune_sends_province_accepts_and_downloads(
    page: Any, live_server: Any, rworld: RWorld
) -> None:
    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    request = services.request_create(
        actor=rworld.officer,
        organization=rworld.ubnd,
        kind="six-month",
        period_code="2026-H1",
        unit_ids=[rworld.ubnd_a.pk, rworld.ubnd_b.pk],
        due_on=dt.date(2026, 6, 20),
    )
    report = request.reports.get(organization=rworld.ubnd_a)
    base = live_server.url

    login(page, base, "canbo.an", PASSWORD)
    page.goto(f"{base}/bao-cao/")
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name=report.title).click()
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Viết, sửa nội dung").click()
    assert axe_serious_violations(page) == []
    page.get_by_label("Kết quả đạt được").fill(
        "Trong 6 tháng đầu năm, xã đã tiếp công dân đầy đủ, giải quyết kịp thời các vụ việc."
    )
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu nội dung báo cáo.").wait_for()
    page.get_by_role("button", name="Ban hành và gửi").click()
    page.get_by_text("Đã ban hành và gửi báo cáo số 01/BC-UBND.").wait_for()
    assert Report.objects.get(pk=report.pk).status == "submitted"

    page.context.clear_cookies()
    login(page, base, "canbo.tinh", PASSWORD)
    page.goto(f"{base}/bao-cao/yeu-cau/{request.pk}/")
    page.get_by_text("Đã gửi 1/2 đơn vị").wait_for()
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Ủy ban nhân dân xã An").click()
    page.get_by_label("Tiếp nhận", exact=True).check()
    page.get_by_role("button", name="Ghi kết quả xem xét").click()
    page.get_by_text("Đã tiếp nhận báo cáo.").wait_for()
    page.get_by_role("link", name="Tải biểu mẫu thống kê (thanh tra)").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as fh:
        document = Document(io.BytesIO(fh.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    tables = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "01/BC-UBND" in tables
    page.get_by_role("link", name="1", exact=True).first.click()
    page.get_by_text("Các hồ sơ tạo nên số liệu", exact=False).first.wait_for(state="attached")
    assert axe_serious_violations(page) == []
