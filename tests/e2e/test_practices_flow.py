"""Dân vận khéo in a real browser: an officer of Sở Tư pháp registers a model and launches it;
the Ban Tuyên giáo và Dân vận sets up a council that scores it against the criteria in force,
with an evidence file; the province leader recognises it with a decision number; a citizen
finds it on the public showcase, without the non-public fields — with accessibility checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import Role
from tests.e2e.conftest import axe_serious_violations, login
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"
NAME = "Nâng cao chất lượng phổ biến, giáo dục pháp luật cho Nhân dân"
PHONE = "0912 345 678"
RESOURCES = "Kinh phí 45 triệu đồng từ nguồn chi thường xuyên"
DECISION = "2150/QĐ-UBND"
MARKS = {
    "Tính mới, sáng tạo của cách làm": "18",
    "Kết quả cụ thể, đo đếm được": "27",
    "Sự tham gia, đồng thuận của Nhân dân": "18",
    "Khả năng duy trì và nhân rộng": "13.5",
    "Ứng dụng công nghệ số, chính quyền số trong vận động Nhân dân": "13",
}


@pytest.fixture
def world() -> None:
    from danvan.practices.services import practice_reference_load

    province = ProvinceFactory(code="68", name="Lâm Đồng", full_name="Tỉnh Lâm Đồng")
    ubnd = OrganizationFactory(
        code="68-UBND", name="UBND tỉnh Lâm Đồng", area=province, level="province"
    )
    btgdv = OrganizationFactory(
        code="68-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
        kind="ban_tgdv",
        area=province,
        level="province",
    )
    stp = OrganizationFactory(
        code="68-STP",
        name="Sở Tư pháp tỉnh Lâm Đồng",
        kind="so_nganh",
        area=province,
        level="province",
        parent=ubnd,
    )
    for username, name, org, role in (
        ("canbo.stp", "Nguyễn Thị Tư", stp, Role.OFFICER),
        ("dvk", "Phạm Thị Dân", btgdv, Role.OFFICER),
        ("lanhdao", "Hồ Văn Lãnh", ubnd, Role.LEADER),
    ):
        user = UserFactory(username=username, full_name=name)
        MembershipFactory(user=user, organization=org, role=role)
    practice_reference_load()


def _context_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def council_page(browser: Any) -> Iterator[Any]:
    yield from _context_page(browser)


@pytest.fixture
def leader_page(browser: Any) -> Iterator[Any]:
    yield from _context_page(browser)


@pytest.fixture
def citizen_page(browser: Any) -> Iterator[Any]:
    yield from _context_page(browser)


def test_register_launch_score_recognise_and_showcase(
    page: Any,
    council_page: Any,
    leader_page: Any,
    citizen_page: Any,
    live_server: Any,
    world: None,
    tmp_path: Path,
) -> None:
    base = live_server.url

    # 1. The Sở Tư pháp officer registers the model.
    login(page, base, "canbo.stp", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/dan-van-kheo/")
    page.get_by_role("link", name="Đăng ký mô hình").click()
    page.get_by_role("heading", name="Đăng ký mô hình “Dân vận khéo”").wait_for()
    assert axe_serious_violations(page) == []
    page.get_by_label("Lĩnh vực", exact=True).select_option(label="Xây dựng hệ thống chính trị")
    page.get_by_label("Tên mô hình", exact=True).fill(NAME)
    page.get_by_label("Mục tiêu", exact=True).fill("Cán bộ và Nhân dân hiểu, chấp hành pháp luật.")
    page.get_by_label("Nội dung, cách làm", exact=True).fill(
        "Tuyên truyền lưu động tại thôn, khu phố; tài liệu song ngữ cho đồng bào dân tộc."
    )
    page.get_by_label("Thời gian bắt đầu", exact=True).fill("2026-01-05")
    page.get_by_label("Kết quả, sản phẩm kiểm chứng được", exact=True).fill(
        "120 buổi tuyên truyền, 9.000 lượt người nghe."
    )
    page.get_by_label("Nguồn lực", exact=True).fill(RESOURCES)
    page.get_by_label("Điện thoại liên hệ", exact=True).fill(PHONE)
    page.get_by_role("button", name="Đăng ký mô hình").click()
    page.wait_for_url(re.compile(r".*/dan-van-kheo/\d+/$"))
    model_url = page.url
    status = page.locator("#practice-status")
    assert status.inner_text() == "Đã đăng ký"
    assert axe_serious_violations(page) == []

    # 2. It is launched.
    move = page.locator("#move-launched")
    move.locator("summary").click()
    move.get_by_role("button", name="Xác nhận: Triển khai thực hiện").click()
    status.filter(has_text="Đang triển khai").wait_for()

    # 3. The Ban Tuyên giáo và Dân vận sets up the council; two members score on paper sheets.
    cp = council_page
    login(cp, base, "dvk", PASSWORD)
    cp.wait_for_url(f"{base}/")
    cp.goto(model_url)
    cp.locator("#hoi-dong-moi summary").click()
    cp.get_by_label("Cơ quan thành lập hội đồng").select_option(
        label="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
    )
    cp.get_by_label("Quyết định thành lập hội đồng").fill("125-QĐ/BTGDVTU")
    cp.get_by_label("Thành viên hội đồng").fill(
        "Phạm Văn Thành; Phó Trưởng Ban; chủ tịch\nNguyễn Thị Ngân; Trưởng phòng Dân vận"
    )
    cp.get_by_role("button", name="Thành lập hội đồng").click()
    cp.wait_for_url(re.compile(r".*/dan-van-kheo/hoi-dong/\d+/$"))
    cp.get_by_role("heading", name="Hội đồng đánh giá lần 1").wait_for()
    assert "2026 - 2030" in cp.locator("header.case-header").inner_text()
    assert axe_serious_violations(cp) == []
    for member in ("Phạm Văn Thành", "Nguyễn Thị Ngân"):
        sheet = cp.locator("details", has=cp.locator("summary", has_text=member))
        sheet.locator("summary").click()
        for label, mark in MARKS.items():
            sheet.get_by_label(re.compile("^" + re.escape(label))).fill(mark)
        sheet.get_by_role("button", name="Ghi phiếu chấm").click()
        cp.wait_for_url(re.compile(r".*/dan-van-kheo/hoi-dong/\d+/$"))
        cp.locator("#score-table").filter(has_text=member).wait_for()
    # Set 2026: weights 2, 3, 2, 2, 1 (sum 10); 100 * (2*18/20 + 3*27/30 + 2*18/20 +
    # 2*13.5/15 + 1*13/15) / 10 = 89.666... -> 89.67 (shown with the Vietnamese decimal comma)
    assert "89,67/100" in cp.locator("#council-preview").inner_text()

    evidence = tmp_path / "bao-cao-ket-qua.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    cp.locator("#minh-chung").get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    cp.locator("#minh-chung").get_by_label("Mô tả").fill("Báo cáo kết quả 6 tháng")
    cp.get_by_role("button", name="Tải lên minh chứng").click()
    cp.locator("#minh-chung").get_by_role("link", name="bao-cao-ket-qua.pdf").wait_for()

    cp.get_by_role("textbox", name="Kết luận của hội đồng").fill(
        "Mô hình có kết quả rõ, đề nghị công nhận."
    )
    cp.get_by_role("button", name="Kết luận hội đồng").click()
    cp.wait_for_url(model_url)
    assert "89,67 điểm · đạt" in cp.locator("#practice-score").inner_text()

    # 4. The province leader recognises it.
    lp = leader_page
    login(lp, base, "lanhdao", PASSWORD)
    lp.wait_for_url(f"{base}/")
    lp.goto(model_url)
    box = lp.locator("#cong-nhan")
    box.get_by_label("Cấp công nhận").select_option(label="Cấp tỉnh")
    box.get_by_label("Số, ký hiệu quyết định").fill(DECISION)
    box.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    box.get_by_label("Cơ quan ban hành quyết định").fill("Ủy ban nhân dân tỉnh Lâm Đồng")
    box.get_by_role("button", name="Công nhận").click()
    lp.locator("#practice-status").filter(has_text="Đã công nhận").wait_for()
    assert DECISION in lp.locator("#practice-decision").inner_text()
    assert axe_serious_violations(lp) == []

    # 5. A citizen, without an account, finds it on the showcase.
    cz = citizen_page
    cz.goto(f"{base}/cong-dan/dan-van-kheo/")
    assert axe_serious_violations(cz) == []
    cz.get_by_role("link", name=NAME).click()
    cz.get_by_role("heading", name=NAME, level=1).wait_for()
    text = cz.locator("main").inner_text()
    assert DECISION in text and "Sở Tư pháp tỉnh Lâm Đồng" in text
    for private in (PHONE, RESOURCES, "89,67", "Phạm Văn Thành", "bao-cao-ket-qua.pdf"):
        assert private not in text
    assert axe_serious_violations(cz) == []
