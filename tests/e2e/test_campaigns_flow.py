"""In a real browser: the organiser starts a planned campaign, records an activity through the
htmx form and sees the target's progress bar move; every campaign page passes axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.campaigns.models import Activity, Campaign
from tests.campaigns.conftest import World
from tests.campaigns.conftest import planned as planned
from tests.campaigns.conftest import world as world
from tests.e2e.conftest import axe_serious_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"


def test_organiser_starts_a_campaign_and_records_an_activity(
    page: object,
    live_server: object,
    world: World,
    planned: Callable[..., Campaign],
) -> None:
    p: object = page
    campaign = planned()
    base = live_server.url  # type: ignore[attr-defined]
    login(p, base, "canbo.bqlda", PASSWORD)
    p.goto(f"{base}/van-dong/")  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    p.get_by_role("link", name=campaign.title).click()  # type: ignore[attr-defined]
    assert axe_serious_violations(p) == []
    move = p.locator("#move-running")  # type: ignore[attr-defined]
    move.locator("summary").click()
    move.get_by_role("button", name="Xác nhận: Triển khai").click()
    p.locator("#campaign-status", has_text="Đang triển khai").wait_for()  # type: ignore[attr-defined]
    form = p.locator("#ghi-hoat-dong")  # type: ignore[attr-defined]
    form.get_by_label("Số người được tiếp cận").fill("46")
    form.get_by_label("Nội dung, kết quả").fill("Đến từng hộ vận động; 12 hộ đồng ý bàn giao.")
    form.get_by_label("Kết quả: Số hộ đồng ý bàn giao mặt bằng (hộ)").fill("12")
    form.get_by_role("button", name="Ghi hoạt động").click()
    p.get_by_text("Đã ghi hoạt động và kết quả.").wait_for()  # type: ignore[attr-defined]
    assert Activity.objects.filter(campaign=campaign).count() == 1
    bar = p.locator("#chi-tieu progress").first  # type: ignore[attr-defined]
    assert bar.get_attribute("value") == "27"
    assert axe_serious_violations(p) == []
    for path in ("/van-dong/tong-hop/", "/van-dong/moi/", f"/van-dong/{campaign.pk}/sua/"):
        p.goto(f"{base}{path}")  # type: ignore[attr-defined]
        assert axe_serious_violations(p) == [], path
