"""The conference pages: schedule, past list, create, detail, moves, invitations, conclusions."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from danvan.conferences.models import Conclusion, Conference
from danvan.core.models import Task
from tests.conferences.conftest import World, days, move

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_schedule_groups_upcoming_by_week_and_filters_by_kind(
    client: Client, world: World, make_conference: Callable[..., Conference]
) -> None:
    make_conference(title="Hội nghị giao ban khối Đảng quý IV", kind="briefing", date=days(3))
    make_conference(title="Hội nghị tổng kết 10 năm Nghị quyết 25", kind="final", date=days(20))
    login(client, world.officer)
    page = client.get(reverse("conferences:list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Hội nghị giao ban khối Đảng quý IV" in body and "tổng kết 10 năm" in body
    assert body.count('class="card schedule-week') >= 2
    only = client.get(
        reverse("conferences:list"), {"kind": "final", "by": "month"}
    ).content.decode()
    assert "tổng kết 10 năm" in only and "giao ban khối Đảng" not in only


def test_outsider_sees_nothing_and_gets_404(
    client: Client, world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    login(client, world.outsider)
    assert c.title not in client.get(reverse("conferences:list")).content.decode()
    assert client.get(reverse("conferences:detail", args=[c.pk])).status_code == 404


def test_invited_unit_sees_the_conference_but_cannot_move_it(
    client: Client, world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    login(client, world.snv_officer)
    page = client.get(reverse("conferences:detail", args=[c.pk]))
    assert page.status_code == 200
    assert "Bạn chỉ có quyền xem hội nghị này." in page.content.decode()
    response = client.post(
        reverse("conferences:move", args=[c.pk, "invited"]), {"mv-invited-expected_version": 1}
    )
    assert response.status_code == 403


def test_officer_creates_a_conference_through_the_form(client: Client, world: World) -> None:
    login(client, world.officer)
    assert client.get(reverse("conferences:create")).status_code == 200
    response = client.post(
        reverse("conferences:create"),
        {
            "kind": "interim",
            "organization": world.ubnd.pk,
            "title": "Hội nghị sơ kết công tác xây dựng mô hình Nông hội",
            "date": days(10).isoformat(),
            "start_time": "08:00",
            "place": "Hội trường Tỉnh ủy",
            "chairs": "Trần Thị Lộc — Trưởng ban Dân vận Tỉnh ủy\n"
            "Phạm Duy Hưng, Phó Chủ tịch UBND tỉnh",
            "invited": [world.snv.pk, world.hnd.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Conference.objects.get()
    assert [(x.full_name, x.title) for x in c.chairs.order_by("position")] == [
        ("Trần Thị Lộc", "Trưởng ban Dân vận Tỉnh ủy"),
        ("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh"),
    ]
    assert c.invitees.count() == 2


def test_create_form_shows_service_errors_next_to_the_field(client: Client, world: World) -> None:
    login(client, world.officer)
    response = client.post(
        reverse("conferences:create"),
        {
            "kind": "other",
            "organization": world.ubnd.pk,
            "title": "Hội nghị",
            "date": days(5).isoformat(),
            "place": "Hội trường",
            "chairs": "   ",
        },
    )
    assert response.status_code == 400
    assert not Conference.objects.exists()


def test_moves_conflict_and_print_view(
    client: Client, world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(date=days(3))
    login(client, world.officer)
    url = reverse("conferences:move", args=[c.pk, "invited"])
    assert client.post(url, {"mv-invited-expected_version": 1}).status_code == 302
    c.refresh_from_db()
    assert c.status == "invited"
    stale = client.post(
        reverse("conferences:move", args=[c.pk, "cancelled"]),
        {"mv-cancelled-expected_version": 1, "mv-cancelled-reason": "Trùng lịch"},
    )
    assert stale.status_code == 409
    sheet = client.get(reverse("conferences:invitations", args=[c.pk])).content.decode()
    assert "Danh sách thành phần mời dự hội nghị" in sheet and "Sở Nội vụ" in sheet


def test_conclusion_form_issues_tasks_and_notice_downloads(
    client: Client, world: World, held_conference: Conference
) -> None:
    login(client, world.officer)
    url = reverse("conferences:conclude", args=[held_conference.pk])
    assert client.get(url).status_code == 200
    data = {
        "kl-expected_version": held_conference.version,
        "kl-concluded_by": "Phạm Duy Hưng",
        "kl-concluded_by_title": "Phó Chủ tịch UBND tỉnh",
        "kl-content_1": "Xây dựng kế hoạch dân vận chính quyền năm 2027",
        "kl-lead_1": world.snv.pk,
        "kl-due_1": days(30).isoformat(),
        "kl-support_1_1": world.mttq.pk,
        "kl-duty_1_1": "tổng hợp ý kiến Nhân dân",
        "kl-content_2": "Việc thiếu thời hạn",
        "kl-lead_2": world.stp.pk,
    }
    bad = client.post(url, data)
    assert bad.status_code == 422
    assert not Task.objects.exists()
    data["kl-due_2"] = days(45).isoformat()
    assert client.post(url, data).status_code == 302
    assert Task.objects.count() == 2
    page = client.get(reverse("conferences:detail", args=[held_conference.pk])).content.decode()
    assert "0/2 nội dung đã hoàn thành" in page
    doc = client.get(reverse("conferences:notice", args=[held_conference.pk]))
    assert doc.status_code == 200
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(doc.streaming_content))).paragraphs
    )  # type: ignore[attr-defined]
    assert "tổng hợp ý kiến Nhân dân" in text
    move(held_conference, world.officer, "concluded")
    assert Conclusion.objects.count() == 1


def test_past_list_shows_progress_of_conclusions(
    client: Client, world: World, held_conference: Conference, issue: Callable[..., Conclusion]
) -> None:
    issue(held_conference)
    login(client, world.leader)
    body = client.get(reverse("conferences:past")).content.decode()
    assert held_conference.title[:30] in body and "0/2 hoàn thành" in body


def test_officer_edits_a_conference(
    client: Client, world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    login(client, world.officer)
    url = reverse("conferences:edit", args=[c.pk])
    assert "Lý Quang Vịnh — Chủ tịch" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": c.title,
            "place": "Hội trường Tỉnh ủy",
            "chairs": "Lý Quang Vịnh — Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
            "expected_version": c.version,
        },
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.place == "Hội trường Tỉnh ủy" and c.chairs.count() == 1
    login(client, world.snv_officer)
    assert client.get(url).status_code == 403
