"""A citizen sends a report on the portal from a phone, an officer takes it from the inbox,
answers it and closes it, and the citizen reads the answer with the tracking code and rates it —
in a real browser, with an accessibility check of every portal page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from danvan.core.models import Role
from tests.e2e.conftest import axe_serious_violations, login
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ANSWER = "UBND xã đã kiểm tra, giao Điện lực thay bóng đèn trên đường thôn Đông trong tuần này."


@pytest.fixture
def officer() -> Any:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    commune = CommuneFactory(code="19001", name="Cam Lộ", full_name="Xã Cam Lộ", parent=province)
    CommuneFactory(code="19002", name="Hiếu Giang", full_name="Xã Hiếu Giang", parent=province)
    province_org = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị", area=province, level="province"
    )
    org = OrganizationFactory(
        code="19001-UBND",
        name="UBND xã Cam Lộ",
        area=commune,
        level="commune",
        parent=province_org,
    )
    user = UserFactory(username="tiepdan", full_name="Hoàng Thị Lan")
    MembershipFactory(user=user, organization=org, role=Role.OFFICER)
    return user


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_citizen_submits_officer_answers_citizen_reads_and_rates(
    phone: Any, page: Any, live_server: Any, officer: Any
) -> None:
    base = live_server.url
    # 1. The citizen, on a phone: the home page, then the form.
    phone.goto(f"{base}/cong-dan/")
    assert axe_serious_violations(phone) == []
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Gửi ý kiến").first.click()
    phone.wait_for_url(f"{base}/cong-dan/gui-y-kien/")
    assert axe_serious_violations(phone) == []
    assert no_horizontal_scroll(phone)

    phone.get_by_role("radio", name=re.compile("Phản ánh")).check()
    # The note for reports appears; the anonymous denunciation option stays hidden.
    assert phone.get_by_text("Với kiến nghị, phản ánh, bạn có thể không ghi họ tên").is_visible()
    assert not phone.get_by_label("Gửi tố cáo nặc danh (không ghi họ tên)").is_visible()
    with phone.expect_response(re.compile(r".*/cong-dan/dia-ban/\?tinh=44$")):
        phone.get_by_label("Tỉnh, thành phố").select_option("44")
    phone.get_by_label("Xã, phường, đặc khu").select_option("19001")
    phone.locator("#destination").filter(has_text="UBND xã Cam Lộ").wait_for()
    phone.get_by_label("Nội dung", exact=True).fill(
        "Đèn chiếu sáng đường thôn Đông hỏng gần một tháng, buổi tối học sinh đi lại nguy hiểm."
    )
    phone.get_by_label("Bạn đề nghị cơ quan làm gì").fill("Đề nghị thay bóng đèn sớm.")
    phone.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    phone.get_by_label("Địa chỉ", exact=True).fill("Thôn Đông, xã Cam Lộ")
    phone.get_by_label("Điện thoại").fill("0912345678")
    phone.get_by_role("checkbox", name=re.compile("Tôi đã đọc thông báo")).check()
    phone.locator("#submit-button").click()

    code_box = phone.locator("#tracking-code")
    code_box.wait_for()
    code = code_box.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "UBND xã Cam Lộ" in phone.locator("main").inner_text()
    assert axe_serious_violations(phone) == []

    # 2. The officer takes it from the inbox, triages it (answer), answers publicly, closes.
    login(page, base, "tiepdan", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/don-thu/hop-thu-den/")
    page.get_by_role("button", name=re.compile("^Tiếp nhận")).click()
    page.wait_for_url(re.compile(r".*/don-thu/\d+/$"))
    assert page.locator("#case-status").inner_text() == "Đã tiếp nhận"
    assert "Nguyễn Thị Hoa" in page.locator("#nguoi-gui").inner_text()

    move = page.locator("#move-triaged")
    move.locator("summary").click()
    move.get_by_label("Trả lời", exact=True).check()
    move.get_by_label("Lý do, ghi chú").fill("Thuộc thẩm quyền; trả lời công dân.")
    move.get_by_role("button", name="Xác nhận").click()
    page.locator("#case-status").filter(has_text="Đã xử lý đơn").wait_for()

    answer = page.locator("#tra-loi")
    answer.locator("summary").click()
    answer.get_by_label(re.compile("Trả lời công dân")).fill(ANSWER)
    answer.get_by_role("button", name="Đăng trả lời").click()
    page.locator("#public-answer-text").filter(has_text="Điện lực").wait_for()

    closing = page.locator("#move-closed")
    closing.locator("summary").click()
    closing.get_by_label("Lý do, ghi chú").fill("Đã trả lời công dân trên Cổng công dân.")
    closing.get_by_role("button", name="Xác nhận").click()
    page.locator("#case-status").filter(has_text="Đã kết thúc").wait_for()

    # 3. The citizen looks the code up, reads the answer and rates it.
    phone.goto(f"{base}/cong-dan/tra-cuu/")
    assert axe_serious_violations(phone) == []
    phone.get_by_label("Mã tra cứu").fill(code.replace("-", "").lower())
    phone.get_by_role("button", name="Tra cứu").click()
    phone.locator("#answer").wait_for()
    main = phone.locator("main").inner_text()
    assert ANSWER in main
    assert phone.locator("#public-status").inner_text() == "Đã kết thúc"
    assert "Nguyễn Thị Hoa" not in main and "Hoàng Thị Lan" not in main
    assert axe_serious_violations(phone) == []
    assert no_horizontal_scroll(phone)

    phone.get_by_label("Hài lòng", exact=True).check()
    phone.get_by_label("Ý kiến thêm (không bắt buộc)").fill("Cảm ơn cán bộ xã.")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.get_by_text("Cảm ơn bạn đã đánh giá").wait_for()
    assert phone.locator("#rating-given").inner_text() == "Hài lòng"

    # The officer's case page shows the citizen's rating from the portal.
    page.reload()
    assert "Hài lòng (Cổng thông tin)" in page.locator("#case-details").locator("..").inner_text()


def test_privacy_notice_has_no_serious_accessibility_violation(
    phone: Any, live_server: Any, officer: Any
) -> None:
    response = phone.goto(f"{live_server.url}/cong-dan/bao-ve-du-lieu/")
    assert response is not None and response.status == 200
    assert axe_serious_violations(phone) == []
