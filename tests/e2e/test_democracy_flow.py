"""In a real browser: a commune officer records a disclosure (công khai), publishes it, and the
public commune page shows it; every page on the way passes axe (serious/critical)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.democracy import services
from danvan.democracy.models import Disclosure
from tests.democracy.conftest import World, decision_input, disclosure_input
from tests.democracy.conftest import world as world
from tests.e2e.conftest import axe_serious_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"
TITLE = "Danh sách hộ được hỗ trợ nhà ở năm 2025"


def test_officer_records_and_publishes_a_disclosure_the_public_sees_it(
    page: object, live_server: object, world: World
) -> None:
    p: object = page
    base = live_server.url  # type: ignore[attr-defined]
    today = timezone.localdate()
    login(p, base, "canbo.dakrong", PASSWORD)
    p.goto(f"{base}/cong-khai/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name="Ghi nội dung công khai").click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_label("Nhóm nội dung công khai (Điều 11)").select_option("an_sinh")  # type: ignore[attr-defined]
    p.get_by_label("Tên nội dung công khai").fill(TITLE)  # type: ignore[attr-defined]
    p.get_by_label("Ngày ban hành quyết định, văn bản phải công khai").fill(  # type: ignore[attr-defined]
        (today - dt.timedelta(days=2)).isoformat()
    )
    p.get_by_label("Số văn bản").fill("64/QĐ-UBND")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Ghi nội dung").click()  # type: ignore[attr-defined]
    p.get_by_text("Đã ghi nội dung công khai").wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    section = p.locator("#cong-khai")  # type: ignore[attr-defined]
    section.get_by_label("Ngày công khai").fill(today.isoformat())
    section.get_by_label("Niêm yết tại trụ sở Hội đồng nhân dân, Ủy ban nhân dân cấp xã").check()
    section.get_by_label("Hệ thống truyền thanh (loa) của cấp xã").check()
    section.get_by_label("Công khai đến ngày").fill((today + dt.timedelta(days=40)).isoformat())
    section.get_by_role("button", name="Ghi nhận đã công khai").click()
    p.locator("#disclosure-status", has_text="Đang công khai").wait_for()  # type: ignore[attr-defined]
    assert Disclosure.objects.get(title=TITLE).status == "published"
    assert axe_serious_violations(p) == []
    decision = services.decision_create(actor=world.officer_a, data=decision_input(world))
    draft = services.disclosure_create(actor=world.officer_a, data=disclosure_input(world))
    for path in (
        "/nhan-dan-quyet-dinh/",
        "/nhan-dan-quyet-dinh/moi/",
        f"/nhan-dan-quyet-dinh/{decision.pk}/",
        f"/nhan-dan-quyet-dinh/{decision.pk}/sua/",
        f"/cong-khai/{draft.pk}/sua/",
        "/dan-chu-co-so/thong-ke/",
    ):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
    # The public, without an account.
    p.context.clear_cookies()  # type: ignore[attr-defined]
    p.goto(f"{base}/cong-dan/cong-khai/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name="Xã Đakrông").click()  # type: ignore[attr-defined]
    p.locator("#current", has_text=TITLE).wait_for()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
