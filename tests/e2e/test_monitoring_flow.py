"""A commune officer reports a pressing issue (the topic suggested while typing), verifies it and
escalates it to the province People's Committee; a province officer answers the escalation,
handles the severity-4 alert it raised and finds the commune on the monitoring map — in a real
browser, with an accessibility check of the report form, the report, the alert and the
dashboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
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
# Codes of the boundary files shipped in danvan/data/geo (province 44, commune 19597), so the
# maps draw them.
PROVINCE_CODE = "44"
COMMUNE_CODE = "19597"
COMMUNE_NAME = "Xã Cam Lộ"
TITLE = "Xe chở rác đổ trộm ven suối thôn 3"
DESCRIPTION = (
    "Nhiều hộ dân thôn 3 phản ánh xe chở rác đổ trộm ra bãi đất trống ven suối, bốc mùi hôi "
    "thối, ruồi nhặng bu kín, nước rỉ từ rác chảy xuống suối mà bà con dùng để tưới rau. Người "
    "dân bức xúc, đã chặn xe chở rác hai lần."
)
RECOMMENDATION = (
    "Đề nghị UBND tỉnh chỉ đạo Sở Nông nghiệp và Môi trường kiểm tra, xử lý đơn vị thu gom rác "
    "đổ trộm và bố trí kinh phí khắc phục ô nhiễm bãi đất ven suối."
)
ANSWER = (
    "UBND tỉnh giao Sở Nông nghiệp và Môi trường chủ trì kiểm tra trong 7 ngày, xử phạt đơn vị "
    "vi phạm và buộc khôi phục hiện trạng."
)
CLOSE_NOTE = "Đã nắm tình hình tại thôn 3; UBND tỉnh đã chỉ đạo xử lý, tiếp tục theo dõi."
# The classifier builds its model under var/classifier/ on first use (about 10 s).
SUGGEST_TIMEOUT = 90_000


@dataclass
class World:
    commune_officer: Any
    province_officer: Any


@pytest.fixture
def world() -> World:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code=PROVINCE_CODE, name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    commune = CommuneFactory(
        code=COMMUNE_CODE, name="Cam Lộ", full_name=COMMUNE_NAME, parent=province
    )
    CommuneFactory(code="19603", name="Hiếu Giang", full_name="Xã Hiếu Giang", parent=province)
    province_org = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị", area=province, level="province"
    )
    OrganizationFactory(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
        kind="ban_tgdv",
        area=province,
        level="province",
    )
    commune_org = OrganizationFactory(
        code=f"{COMMUNE_CODE}-UBND",
        name="UBND xã Cam Lộ",
        area=commune,
        level="commune",
        parent=province_org,
    )
    commune_officer = UserFactory(username="canbo-xa", full_name="Lê Văn Minh")
    MembershipFactory(user=commune_officer, organization=commune_org, role=Role.OFFICER)
    province_officer = UserFactory(username="canbo-tinh", full_name="Trần Thị Hạnh")
    MembershipFactory(user=province_officer, organization=province_org, role=Role.OFFICER)
    return World(commune_officer=commune_officer, province_officer=province_officer)


@pytest.fixture
def province_page(browser: Any) -> Iterator[Any]:
    """The province officer's own browser context (own session)."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def confirm_move(
    page: Any,
    to: str,
    fields: dict[str, str],
    button: str,
    choices: dict[str, str] | None = None,
) -> None:
    """Open the move `<details id="move-<to>">`, pick its options and fill its fields by label,
    confirm."""
    move = page.locator(f"#move-{to}")
    move.locator("summary").click()
    for label, option in (choices or {}).items():
        move.get_by_label(label, exact=True).select_option(label=option)
    for label, value in fields.items():
        move.get_by_label(label, exact=True).fill(value)
    move.get_by_role("button", name=button).click()


def test_commune_reports_province_answers_alert_closed_map_shows_commune(
    page: Any, province_page: Any, live_server: Any, world: World
) -> None:
    base = live_server.url

    # 1. The commune officer reports the issue; the topic is suggested while typing.
    login(page, base, "canbo-xa", PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/nam-tinh-hinh/van-de/moi/")
    page.get_by_role("heading", name="Báo cáo vấn đề bức xúc").wait_for()
    assert axe_serious_violations(page) == []

    page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
    page.get_by_label("Nội dung", exact=True).fill(DESCRIPTION)
    suggestion = page.locator("#topic-suggestion")
    suggestion.get_by_role("button", name="Chọn lĩnh vực này").wait_for(timeout=SUGGEST_TIMEOUT)
    assert "Gợi ý lĩnh vực: Môi trường" in suggestion.inner_text()
    topic = page.get_by_label("Lĩnh vực", exact=True)
    assert topic.input_value() != "moi_truong"
    suggestion.get_by_role("button", name="Chọn lĩnh vực này").click()
    assert topic.input_value() == "moi_truong"

    page.get_by_label("Địa bàn", exact=True).select_option(label=COMMUNE_NAME)
    page.get_by_label("Mức độ", exact=True).select_option("4")
    page.get_by_label("Số người bị ảnh hưởng (ước tính)").fill("120")
    page.get_by_role("button", name="Ghi nhận vấn đề").click()

    page.wait_for_url(re.compile(r".*/nam-tinh-hinh/van-de/\d+/$"))
    report_url = page.url
    status = page.locator("#report-status")
    assert status.inner_text() == "Mới tiếp nhận"
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    header = page.locator("header.case-header").inner_text()
    assert "4 — Nghiêm trọng" in header
    assert "Môi trường" in header
    assert f"{COMMUNE_NAME}, Tỉnh Quảng Trị" in header
    assert "120" in header
    assert "đúng như hệ thống gợi ý" in page.locator("#topic-suggested").inner_text()
    assert DESCRIPTION in page.locator("main").inner_text()
    assert axe_serious_violations(page) == []

    # 2. Verification, then escalation to the province People's Committee.
    confirm_move(
        page,
        "verifying",
        {"Ghi chú": "Cán bộ xã đã xuống thôn 3 kiểm tra hiện trường."},
        "Xác nhận: Xác minh, nắm tình hình",
    )
    status.filter(has_text="Đang xác minh").wait_for()

    confirm_move(
        page,
        "escalated",
        {"Kiến nghị, đề xuất": RECOMMENDATION},
        "Xác nhận: Báo cáo, kiến nghị cấp trên",
        choices={"Báo cáo, kiến nghị lên": "UBND tỉnh Quảng Trị"},
    )
    status.filter(has_text="Đã báo cáo, kiến nghị cấp trên").wait_for()
    box = page.locator("#kien-nghi").inner_text()
    assert "UBND tỉnh Quảng Trị" in box and RECOMMENDATION in box
    assert "chưa trả lời" in page.locator("#escalation-answer").inner_text()
    # The commune cannot answer its own recommendation.
    assert page.locator("#kien-nghi").get_by_text("Trả lời kiến nghị").count() == 0

    # 3. The province officer, in another browser, finds the escalation and answers it.
    prov = province_page
    login(prov, base, "canbo-tinh", PASSWORD)
    prov.wait_for_url(f"{base}/")
    prov.goto(f"{base}/nam-tinh-hinh/van-de/")
    row = prov.locator("table.petition-table tbody tr").filter(has_text=TITLE)
    assert "đến UBND tỉnh Quảng Trị" in row.inner_text()
    row.get_by_role("link", name=TITLE).click()
    prov.wait_for_url(report_url)
    assert RECOMMENDATION in prov.locator("#kien-nghi").inner_text()
    answer_box = prov.locator("#kien-nghi")
    answer_box.locator("summary", has_text="Trả lời kiến nghị").click()
    answer_box.get_by_label("Nội dung trả lời").fill(ANSWER)
    answer_box.get_by_role("button", name="Gửi trả lời").click()
    answered = prov.locator("#escalation-answer")
    answered.filter(has_text=ANSWER).wait_for()
    assert "Trần Thị Hạnh" in answered.inner_text()
    assert prov.locator("#kien-nghi").get_by_text("Trả lời kiến nghị").count() == 0

    # The commune sees the answer on its own page.
    page.reload()
    assert ANSWER in page.locator("#escalation-answer").inner_text()

    # 4. The severity-4 alert: addressed to the Ban Tuyên giáo và Dân vận and the commune's
    # People's Committee, with the report as its evidence; acknowledged, then closed.
    prov.goto(f"{base}/nam-tinh-hinh/canh-bao/")
    alert_row = prov.locator("#alert-table tbody tr").filter(has_text=TITLE)
    row_text = alert_row.inner_text()
    assert "Vấn đề nghiêm trọng (mức 4)" in row_text
    assert COMMUNE_NAME in row_text
    assert alert_row.locator(".status").inner_text() == "Mới"
    alert_row.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    prov.wait_for_url(re.compile(r".*/nam-tinh-hinh/canh-bao/\d+/$"))
    alert_status = prov.locator("#alert-status")
    assert alert_status.inner_text() == "Mới"
    keys = prov.locator("header.case-header").inner_text()
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị; UBND xã Cam Lộ" in keys
    assert "Mức độ 4" in keys
    assert "Vấn đề được đánh giá mức 4 — nghiêm trọng tại" in (
        prov.locator("#alert-explanation").inner_text()
    )
    evidence = prov.locator("#can-cu")
    assert "Căn cứ (1 hồ sơ)" in evidence.get_by_role("heading").inner_text()
    evidence_link = evidence.get_by_role("link", name=TITLE)
    assert evidence_link.get_attribute("href") == report_url.removeprefix(base)
    assert axe_serious_violations(prov) == []

    prov.locator("#form-acknowledge").get_by_role("button", name="Tiếp nhận").click()
    alert_status.filter(has_text="Đã tiếp nhận").wait_for()
    closing = prov.locator("#move-close")
    closing.locator("summary").click()
    closing.get_by_label("Kết quả xử lý").fill(CLOSE_NOTE)
    closing.get_by_role("button", name="Đóng", exact=True).click()
    alert_status.filter(has_text="Đã đóng").wait_for()
    assert CLOSE_NOTE in prov.locator("header.case-header").inner_text()
    assert prov.locator("#xu-ly").count() == 0

    # 5. The dashboard: the province on the national map, the commune in the province's table.
    prov.goto(f"{base}/nam-tinh-hinh/")
    province_link = prov.locator(f'#map-provinces a[data-code="{PROVINCE_CODE}"]')
    assert province_link.get_attribute("aria-label") == (
        "Tỉnh Quảng Trị: 1 vấn đề đang mở, 0 cảnh báo"
    )
    assert province_link.get_attribute("href") == f"/nam-tinh-hinh/ban-do/{PROVINCE_CODE}/"
    kpis = prov.locator("dl.kpis").inner_text()
    assert re.search(r"Vấn đề đang mở\s+1\b", kpis)
    assert re.search(r"Vấn đề mức 4 — nghiêm trọng\s+1\b", kpis)
    assert axe_serious_violations(prov) == []

    province_link.click()
    prov.wait_for_url(f"{base}/nam-tinh-hinh/ban-do/{PROVINCE_CODE}/")
    assert prov.get_by_role("heading", level=1).inner_text() == "Tỉnh Quảng Trị"
    ranked = prov.locator("#communes-ranked tbody tr")
    first = ranked.first
    assert first.locator("th").inner_text() == COMMUNE_NAME
    assert [c.strip() for c in first.locator("td").all_inner_texts()] == ["1", "0"]
    other = ranked.filter(has_text="Xã Hiếu Giang")
    assert [c.strip() for c in other.locator("td").all_inner_texts()] == ["0", "0"]
    assert first.get_by_role("link", name=COMMUNE_NAME).get_attribute("href") == (
        f"/nam-tinh-hinh/van-de/?area={COMMUNE_CODE}"
    )
    commune_shape = prov.locator(f'#map-communes a[data-code="{COMMUNE_CODE}"]')
    assert commune_shape.get_attribute("aria-label") == (
        f"{COMMUNE_NAME}: 1 vấn đề đang mở, 0 cảnh báo"
    )
