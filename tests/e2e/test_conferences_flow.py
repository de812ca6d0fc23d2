"""In a real browser: the schedule, a held conference, issuing its conclusions (one task per
item), the conference page with the tasks' summary and the printable invitation list — each
page checked with axe. (Uses the browser fixtures of tests/e2e.)"""

from __future__ import annotations

from typing import Any

import pytest

from danvan.conferences.models import Conference
from danvan.core.models import Task
from tests.conferences.conftest import conference_input, days, move
from tests.conferences.conftest import world as world
from tests.e2e.conftest import axe_serious_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-123"


def test_officer_issues_conclusions_in_the_browser(
    page: Any,
    live_server: Any,
    world: Any,
) -> None:
    from danvan.conferences import services

    upcoming = services.conference_create(
        actor=world.officer,
        data=conference_input(
            world, title="Hội nghị giao ban khối dân vận quý IV", kind="briefing"
        ),
    )
    held = services.conference_create(
        actor=world.officer, data=conference_input(world, date=days(-2))
    )
    move(held, world.officer, "invited", on=days(-9))
    move(held, world.officer, "held")
    base = live_server.url
    login(page, base, "canbo", PASSWORD)
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/hoi-nghi/")
    page.get_by_role("heading", level=1).wait_for()
    assert upcoming.title in page.locator("main").inner_text()
    assert axe_serious_violations(page) == []

    page.goto(f"{base}/hoi-nghi/{held.pk}/")
    assert "Đã tổ chức" in page.locator("#conference-status").inner_text()
    assert axe_serious_violations(page) == []
    page.locator("#ket-luan").get_by_role(
        "link", name="Ghi kết luận, ban hành thông báo kết luận"
    ).click()
    page.get_by_role("heading", name="Ghi kết luận, ban hành thông báo kết luận").wait_for()
    assert axe_serious_violations(page) == []
    page.get_by_label("Nội dung kết luận 1", exact=True).fill(
        "Xây dựng kế hoạch dân vận chính quyền 6 tháng cuối năm"
    )
    page.get_by_label("Đơn vị chủ trì (kết luận 1)").select_option(label=world.snv.name)
    page.get_by_label("Thời hạn (kết luận 1)").fill(days(30).isoformat())
    page.get_by_label("Đơn vị phối hợp 1 (kết luận 1)").select_option(label=world.mttq.name)
    page.get_by_label("Phần việc phối hợp 1 (kết luận 1)").fill("tổng hợp ý kiến Nhân dân")
    page.get_by_role("button", name="Ban hành thông báo kết luận").click()
    page.wait_for_url(f"{base}/hoi-nghi/{held.pk}/#ket-luan")
    summary = page.locator("#conclusion-summary").inner_text()
    assert "0/1 nội dung đã hoàn thành" in summary
    assert Task.objects.filter(organization=world.snv).count() == 1
    assert axe_serious_violations(page) == []

    page.goto(f"{base}/hoi-nghi/{held.pk}/giay-moi/")
    page.get_by_role("heading", name="Danh sách thành phần mời dự hội nghị").wait_for()
    assert axe_serious_violations(page) == []
    page.goto(f"{base}/hoi-nghi/da-to-chuc/")
    assert "0/1 hoàn thành" in page.locator("main").inner_text()
    assert axe_serious_violations(page) == []
    assert Conference.objects.count() == 2
