"""The Front's supervision and an inspection in a real browser: the addressee answers a
recommendation on the supervision page; the inspecting body issues a conclusion whose items
become tasks; an accessibility check of every oversight page on the way."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.oversight.models import Recommendation
from tests.e2e.conftest import axe_serious_violations, login
from tests.oversight.conftest import (  # noqa: F401  (the world fixture)
    World,
    days,
    inspection_in_progress,
    supervision_with_sent,
    world,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-123"


def _check(browser_page: Any) -> None:
    assert axe_serious_violations(browser_page) == []


def test_addressee_answers_and_inspector_concludes(
    page: Any,
    live_server: Any,
    world: World,  # noqa: F811
) -> None:
    base = live_server.url
    s, recs = supervision_with_sent(world, sent_on=days(-40))
    inspection = inspection_in_progress(world)

    login(page, base, world.front_user.username, PASSWORD)
    page.goto(f"{base}/giam-sat/")
    _check(page)
    page.goto(f"{base}/giam-sat/moi/")
    _check(page)
    page.goto(f"{base}/giam-sat/{s.pk}/")
    _check(page)

    page.context.clear_cookies()
    login(page, base, world.ubnd_officer.username, PASSWORD)
    page.goto(f"{base}/giam-sat/{s.pk}/")
    page.get_by_text("Ghi nội dung trả lời").click()
    page.get_by_label("Nội dung trả lời").fill("UBND tỉnh tiếp thu, đã chỉ đạo công khai.")
    page.get_by_label("Tiếp thu", exact=True).check()
    page.get_by_role("button", name="Lưu trả lời").click()
    page.wait_for_url(f"**/giam-sat/{s.pk}/**")
    assert "Đã ghi nội dung trả lời" in page.content()
    _check(page)
    assert Recommendation.objects.get(pk=recs[0].pk).status == "answered"

    page.context.clear_cookies()
    login(page, base, world.btgdv_leader.username, PASSWORD)
    page.goto(f"{base}/kiem-tra/")
    _check(page)
    page.goto(f"{base}/kiem-tra/{inspection.pk}/")
    _check(page)
    page.get_by_role("link", name="Ban hành kết luận kiểm tra").click()
    _check(page)
    page.get_by_label("Kết luận kiểm tra").fill("Các xã cần kiện toàn quy chế dân vận.")
    page.locator("#id_item-1-content").fill("Ban hành quy chế công tác dân vận của xã")
    page.locator("#id_item-1-lead").select_option(str(world.commune_a.pk))
    page.locator("#id_item-1-due").fill(days(30).isoformat())
    page.get_by_role("button", name="Ban hành kết luận và giao nhiệm vụ").click()
    page.wait_for_url(f"**/kiem-tra/{inspection.pk}/")
    assert "Ban hành quy chế công tác dân vận của xã" in page.content()
    _check(page)
