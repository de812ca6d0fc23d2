"""The campaign pages: list, summary, planning, the campaign page, moves, targets, recording an
activity (plain and htmx), evidence download, follow-up tasks, scope."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.campaigns.models import Activity, ActivityFile, Campaign
from danvan.core.models import Task
from tests.campaigns.conftest import World, days, record

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_pages_need_a_login(client: Client) -> None:
    r = client.get(reverse("campaigns:list"))
    assert r.status_code == 302 and "/dang-nhap/" in r["Location"]


def test_the_list_and_summary_show_the_campaigns_in_scope(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.officer_a, values=(45, 12500, 100), people=37)
    login(client, world.viewer)
    page = client.get(reverse("campaigns:list")).content.decode()
    assert campaign.title in page and "3/3" in page and "37" in page
    page = client.get(reverse("campaigns:list"), {"status": "planned"}).content.decode()
    assert campaign.title not in page
    summary = client.get(reverse("campaigns:summary"), {"year": campaign.starts_on.year})
    assert summary.status_code == 200
    html = summary.content.decode()
    assert world.board.name in html and "3/3 (100%)" in html
    login(client, world.officer_b)
    assert campaign.title not in client.get(reverse("campaigns:list")).content.decode()
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


def test_planning_through_the_page_then_adding_a_target_and_starting(
    client: Client, world: World
) -> None:
    login(client, world.manager)
    form = client.get(reverse("campaigns:create"))
    assert form.status_code == 200
    r = client.post(
        reverse("campaigns:create"),
        {
            "kind": "mobilisation",
            "organization": world.board.pk,
            "title": "Vận động hiến đất làm đường khu phố 3",
            "target_group": "Các hộ ven tuyến đường",
            "areas": [world.commune_a.pk],
            "starts_on": days(-2).isoformat(),
            "ends_on": days(60).isoformat(),
            "units": [world.commune_a_org.pk],
            "unit_parts": "Chủ trì tại địa bàn",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.units.get().part == "Chủ trì tại địa bàn"
    r = client.post(
        reverse("campaigns:target_add", args=[campaign.pk]),
        {
            "label": "Số hộ hiến đất",
            "unit": "hộ",
            "baseline": "0",
            "target_value": "20",
            "tally": "sum",
        },
    )
    assert r.status_code == 302
    r = client.post(
        reverse("campaigns:move", args=[campaign.pk, "running"]),
        {"mv-running-expected_version": 2, "mv-running-on": days(-1).isoformat()},
    )
    assert r.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "running" and campaign.started_on == days(-1)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Ghi hoạt động" in page and "Số hộ hiến đất" in page


def test_a_bad_plan_is_shown_again_with_the_error(client: Client, world: World) -> None:
    login(client, world.manager)
    r = client.post(
        reverse("campaigns:create"),
        {
            "kind": "mobilisation",
            "organization": world.board.pk,
            "title": "Thử",
            "target_group": "Hộ dân",
            "areas": [world.commune_a.pk],
            "starts_on": days(5).isoformat(),
            "ends_on": days(1).isoformat(),
        },
    )
    assert r.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in r.content.decode()
    assert not Campaign.objects.exists()


def test_a_participant_records_an_activity_with_htmx_and_sees_the_progress(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    targets = list(campaign.targets.order_by("position"))
    login(client, world.officer_a)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'hx-post="' in page and "Bước tiếp theo" not in page
    r = client.post(
        reverse("campaigns:activity_record", args=[campaign.pk]),
        {
            "date": days(-1).isoformat(),
            "kind": "visit",
            "area": world.commune_a.pk,
            "organization": world.commune_a_org.pk,
            "people_reached": "46",
            "description": "Tổ vận động đến từng hộ; 12 hộ đồng ý bàn giao.",
            f"result_{targets[0].pk}": "12",
            f"result_{targets[1].pk}": "3400",
            "evidence": SimpleUploadedFile("bien-ban.txt", "Biên bản họp".encode()),
        },
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="campaign-record"' in html and "<html" not in html
    assert "Đã ghi hoạt động và kết quả." in html
    assert "12 hộ" in html and 'value="27"' in html  # 12/45 -> 27 %
    activity = Activity.objects.get()
    assert activity.organization_id == world.commune_a_org.pk
    evidence = ActivityFile.objects.get()
    d = client.get(reverse("campaigns:evidence", args=[campaign.pk, activity.pk, evidence.pk]))
    assert d.status_code == 200 and d["Content-Disposition"].startswith("attachment")
    login(client, world.officer_b)
    assert (
        client.get(
            reverse("campaigns:evidence", args=[campaign.pk, activity.pk, evidence.pk])
        ).status_code
        == 404
    )


def test_htmx_errors_come_back_in_the_form(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    login(client, world.officer_a)
    r = client.post(
        reverse("campaigns:activity_record", args=[campaign.pk]),
        {
            "date": days(-40).isoformat(),
            "kind": "visit",
            "area": world.commune_a.pk,
            "organization": world.commune_a_org.pk,
            "people_reached": "1",
            "description": "Thử",
        },
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert "hoạt động không được trước ngày" in r.content.decode()
    assert not Activity.objects.exists()


def test_viewers_cannot_act(client: Client, world: World, running: Callable[..., Campaign]) -> None:
    campaign = running()
    login(client, world.viewer)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Ghi hoạt động" not in page and "Bước tiếp theo" not in page
    r = client.post(
        reverse("campaigns:move", args=[campaign.pk, "ended"]), {"mv-ended-expected_version": 2}
    )
    assert r.status_code == 403
    r = client.post(reverse("campaigns:activity_record", args=[campaign.pk]), {})
    assert r.status_code == 403


def test_a_stale_move_through_the_page_is_a_conflict(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    login(client, world.manager)
    r = client.post(
        reverse("campaigns:move", args=[campaign.pk, "ended"]), {"mv-ended-expected_version": 1}
    )
    assert r.status_code == 409
    assert "vừa được người khác cập nhật" in r.content.decode()


def test_evaluation_and_follow_up_through_the_page(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    record(campaign, world.manager, values=(45, 12500, 100))
    login(client, world.manager)
    client.post(
        reverse("campaigns:move", args=[campaign.pk, "ended"]), {"mv-ended-expected_version": 2}
    )
    r = client.post(
        reverse("campaigns:move", args=[campaign.pk, "evaluated"]),
        {
            "mv-evaluated-expected_version": 3,
            "mv-evaluated-assessment": "Hoàn thành toàn bộ chỉ tiêu, không có khiếu kiện.",
            "mv-evaluated-lessons": "Công khai, minh bạch.",
        },
    )
    assert r.status_code == 302
    r = client.post(
        reverse("campaigns:followup_add", args=[campaign.pk]),
        {
            "title": "Đề nghị công nhận mô hình Dân vận khéo",
            "organization": world.board.pk,
            "due": days(20).isoformat(),
            "supporting": [world.commune_a_org.pk],
        },
    )
    assert r.status_code == 302
    assert Task.objects.get().target_id == campaign.pk
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "Đánh giá, tổng kết" in page and "Công khai, minh bạch." in page
    assert "Đề nghị công nhận mô hình Dân vận khéo" in page


def test_the_campaign_page_does_not_grow_queries_with_activities(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = running()
    login(client, world.manager)
    url = reverse("campaigns:detail", args=[campaign.pk])
    record(campaign, world.officer_a, values=(1, 2, 3))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        record(campaign, world.officer_a, values=(1, 2, 50 + i), people=i)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
