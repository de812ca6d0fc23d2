"""In a real browser: a commune officer receives a mediation case, records a session and a
failed outcome, turns the case into a petition ("Chuyển thành đơn") and follows the link to the
petition; every mediation page passes axe."""

from __future__ import annotations

import pytest

from danvan.mediation.models import Case, Team
from danvan.petitions.models import Petition
from tests.e2e.conftest import axe_serious_violations, login
from tests.mediation.conftest import World, days
from tests.mediation.conftest import _rules as _rules
from tests.mediation.conftest import team as team
from tests.mediation.conftest import world as world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


def test_officer_records_a_failed_case_and_turns_it_into_a_petition(
    page: object, live_server: object, world: World, team: Team
) -> None:
    p: object = page
    base = live_server.url  # type: ignore[attr-defined]
    login(p, base, "canbo.dakrong", PASSWORD)
    p.goto(f"{base}/hoa-giai/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name="Tiếp nhận vụ việc").click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_label("Ngày tiếp nhận").fill(days(-3).isoformat())  # type: ignore[attr-defined]
    p.get_by_label("Loại vụ việc").select_option("land")  # type: ignore[attr-defined]
    p.get_by_label("Tóm tắt vụ việc").fill(  # type: ignore[attr-defined]
        "Hai hộ tranh chấp ranh giới nương rẫy sau khi một hộ trồng keo lấn sang."
    )
    p.get_by_label("Hồ Văn Thanh (Tổ trưởng, Tổ hòa giải thôn A Vao)").check()  # type: ignore[attr-defined]
    p.get_by_label("Họ và tên (người 1)").fill("Hồ Văn Ái")  # type: ignore[attr-defined]
    p.get_by_label("Họ và tên (người 2)").fill("Hồ Văn Bốn")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Tiếp nhận").click()  # type: ignore[attr-defined]
    p.locator("#case-status", has_text="Đã tiếp nhận").wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    case = Case.objects.get()

    form = p.locator("#ghi-buoi")  # type: ignore[attr-defined]
    form.get_by_label("Ngày hòa giải").fill(days(-2).isoformat())
    form.get_by_label("Địa điểm").fill("Nhà văn hóa thôn A Vao")
    form.get_by_label("Nội dung, diễn biến").fill("Nghe hai bên trình bày; chưa thống nhất.")
    form.get_by_role("button", name="Ghi buổi hòa giải").click()
    p.locator("#case-status", has_text="Đang hòa giải").wait_for()  # type: ignore[attr-defined]

    move = p.locator("#move-failed")  # type: ignore[attr-defined]
    move.locator("summary").click()
    move.get_by_label("Lý do").fill("Hai hộ không thống nhất ranh giới.")
    move.get_by_role("button", name="Xác nhận: Hòa giải không thành").click()
    p.locator("#case-status", has_text="Hòa giải không thành").wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []

    petition_box = p.locator("#move-petition")  # type: ignore[attr-defined]
    petition_box.locator("summary").click()
    petition_box.get_by_label("Loại đơn").select_option("proposal")
    petition_box.get_by_role("button", name="Xác nhận: Chuyển thành đơn").click()
    link = p.locator("#petition-link a")  # type: ignore[attr-defined]
    link.wait_for()
    assert axe_serious_violations(p) == []
    petition = Petition.objects.get()
    case.refresh_from_db()
    assert case.petition_id == petition.pk
    link.click()
    p.wait_for_url(f"**/don-thu/{petition.pk}/")  # type: ignore[attr-defined]
    p.get_by_text(petition.case_number).first.wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []

    for path in (
        "/hoa-giai/to-hoa-giai/",
        f"/hoa-giai/to-hoa-giai/{team.pk}/",
        "/hoa-giai/to-hoa-giai/moi/",
        "/hoa-giai/thong-ke/",
    ):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
