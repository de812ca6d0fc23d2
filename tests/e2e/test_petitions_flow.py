"""A reception officer registers a complaint with the keyboard only and follows it through
triage, acceptance, verification and resolution to closing, in a real browser."""

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

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.petitions.test_views_support"),
]

PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def officer() -> Any:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    commune = CommuneFactory(code="19001", name="Cam Lộ", full_name="Xã Cam Lộ", parent=province)
    org = OrganizationFactory(
        code="19001-UBND", name="UBND xã Cam Lộ", area=commune, level="commune"
    )
    user = UserFactory(username="tiepdan", full_name="Hoàng Thị Lan")
    MembershipFactory(user=user, organization=org, role=Role.OFFICER)
    return user


def report_registered(officer: Any, content: str) -> Any:
    """A report received today by post in Cam Lộ, registered by `officer`."""
    from django.utils import timezone

    from danvan.petitions.inputs import PersonInput, PetitionInput
    from danvan.petitions.services import petition_register

    return petition_register(
        actor=officer,
        data=PetitionInput(
            kind="report",
            channel="post",
            received_on=timezone.localdate(),
            content=content,
            area_code="19001",
            petitioners=[PersonInput(full_name="Phạm Văn Tư")],
        ),
    )


def focused_name(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.name"))


def tab_to(page: Any, name: str) -> None:
    page.keyboard.press("Tab")
    assert focused_name(page) == name


def confirm_move(page: Any, to: str, fields: dict[str, str]) -> None:
    """Open the move's form, fill its fields (by label) and confirm."""
    move = page.locator(f"#move-{to}")
    move.locator("summary").click()
    for label, value in fields.items():
        control = move.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    move.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state("domcontentloaded")


def test_officer_registers_with_the_keyboard_and_resolves_the_case(
    page: Any, live_server: Any, officer: Any
) -> None:
    login(page, live_server.url, "tiepdan", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/don-thu/moi/")
    page.locator("#add-person").wait_for(state="visible")  # the page's script has run
    assert axe_serious_violations(page) == []

    # Keyboard only: the kind has the focus; K picks "Khiếu nại"; Tab walks the form.
    assert focused_name(page) == "kind"
    page.keyboard.press("k")
    assert page.locator("input[name=kind][value=complaint]").is_checked()
    tab_to(page, "channel")  # default: in person
    tab_to(page, "received_on")  # default: today
    tab_to(page, "person-0-full_name")
    page.keyboard.type("Nguyễn Văn Hùng")
    tab_to(page, "person-0-id_number")
    page.keyboard.type("044085001234")
    tab_to(page, "person-0-address")
    page.keyboard.type("Thôn Đông, xã Cam Lộ")
    tab_to(page, "person-0-phone")
    page.keyboard.type("0912345678")
    tab_to(page, "person-0-is_representative")
    page.keyboard.press("Tab")  # "Thêm người gửi"
    tab_to(page, "anonymous")
    tab_to(page, "signer_count")
    tab_to(page, "area_code")
    page.keyboard.type("19001")
    tab_to(page, "topic")
    tab_to(page, "respondent")
    page.keyboard.type("Chủ tịch UBND xã Cam Lộ")
    tab_to(page, "content")
    # Typing the content asks for similar petitions (debounced); let that answer arrive first.
    with page.expect_response("**/don-thu/moi/don-trung/") as suggestions:
        page.keyboard.type(
            "Khiếu nại Quyết định thu hồi đất số 125/QĐ-UBND: giá bồi thường thấp hơn giá thị "
            "trường."
        )
    assert suggestions.value.status == 200
    page.keyboard.press("Control+Enter")

    # The case page, not the form's own URL (which "**/don-thu/*/" would match at once).
    page.wait_for_url(re.compile(r".*/don-thu/\d+/$"))
    main = page.locator("main")
    assert "Đã vào sổ đơn số 1/" in main.inner_text()
    assert "Mã tra cứu cho công dân" in main.inner_text()
    assert page.locator("#case-status").inner_text() == "Đã tiếp nhận"
    assert axe_serious_violations(page) == []

    # Triage: accept for resolution.
    move = page.locator("#move-triaged")
    move.locator("summary").click()
    move.get_by_label("Thụ lý giải quyết", exact=True).check()
    move.get_by_label("Lý do, ghi chú").fill("Đơn đủ điều kiện, thuộc thẩm quyền.")
    move.get_by_role("button", name="Xác nhận").click()
    page.locator("#case-status").filter(has_text="Đã xử lý đơn").wait_for()

    confirm_move(page, "accepted", {"Lý do, ghi chú": "Thụ lý giải quyết khiếu nại lần đầu."})
    page.locator("#case-status").filter(has_text="Đã thụ lý").wait_for()

    confirm_move(page, "verifying", {"Lý do, ghi chú": "Giao tổ xác minh, đối thoại."})
    page.locator("#case-status").filter(has_text="Đang xác minh").wait_for()

    confirm_move(
        page,
        "resolved",
        {
            "Lý do, ghi chú": "Ban hành quyết định giải quyết.",
            "Số quyết định, kết luận": "15/QĐ-UBND",
            "Kết quả giải quyết": "Giữ nguyên quyết định thu hồi, điều chỉnh đơn giá bồi thường.",
        },
    )
    page.locator("#case-status").filter(has_text="Đã giải quyết").wait_for()

    confirm_move(
        page,
        "closed",
        {
            "Lý do, ghi chú": "Đã thông báo kết quả cho công dân.",
            "Mức độ hài lòng của công dân": "Hài lòng",
            "Hình thức ghi nhận": "Khảo sát qua điện thoại",
        },
    )
    page.locator("#case-status").filter(has_text="Đã kết thúc").wait_for()

    timeline = page.locator("#dien-bien").inner_text()
    for step in ("Vào sổ đơn", "Đã xử lý đơn", "Đã thụ lý", "Đang xác minh", "Đã giải quyết"):
        assert step in timeline, step
    assert "15/QĐ-UBND" in page.locator("main").inner_text()
    assert "Hài lòng" in page.locator("#case-details").locator("..").inner_text()
    documents = page.locator("#van-ban li")
    assert documents.count() >= 5  # receipt + one per move
    with page.expect_download() as download:
        documents.first.locator("a").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert axe_serious_violations(page) == []


@pytest.mark.parametrize("path", ["/don-thu/", "/don-thu/hop-thu-den/"])
def test_petition_lists_have_no_serious_accessibility_violation(
    page: Any, live_server: Any, officer: Any, path: str
) -> None:
    report_registered(officer, "Phản ánh bãi rác tự phát gây ô nhiễm cạnh trường tiểu học.")
    login(page, live_server.url, "tiepdan", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    assert axe_serious_violations(page) == []


def test_officer_opens_an_action_its_form_loads_and_assigns_the_case(
    page: Any, live_server: Any, officer: Any
) -> None:
    from danvan.petitions.models import Petition

    petition = report_registered(officer, "Phản ánh đèn đường hỏng trên tuyến đường liên thôn.")
    login(page, live_server.url, "tiepdan", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/don-thu/{petition.pk}/")

    action = page.locator("#bieu-mau-assign")
    assert action.locator("select").count() == 0  # not built until opened
    action.locator("summary").click()
    assignee = action.get_by_label("Cán bộ xử lý")
    assignee.select_option(label=officer.full_name)  # waits for the form to arrive
    assert axe_serious_violations(page) == []
    action.get_by_role("button", name="Giao").click()
    page.wait_for_load_state("domcontentloaded")
    page.locator(".message").filter(has_text=officer.full_name).wait_for()

    petition.refresh_from_db()
    assert Petition.objects.get(pk=petition.pk).assignee_id == officer.pk
