"""The oversight pages: lists, detail, create, moves, findings, recommendations, answers,
conclusions; scope and permissions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.models import Task
from danvan.oversight.models import Inspection, Recommendation, Supervision
from tests.oversight.conftest import (
    World,
    days,
    inspection_in_progress,
    plan_supervision,
    supervision_with_sent,
)

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_menu_urls_resolve_and_lists_render(client: Client, world: World) -> None:
    supervision_with_sent(world, sent_on=days(-50))
    inspection_in_progress(world)
    login(client, world.front_user)
    page = client.get(reverse("oversight:supervisions"))
    assert page.status_code == 200
    assert "Giám sát việc thực hiện dân chủ ở cơ sở" in page.content.decode()
    assert "quá hạn" in page.content.decode()
    login(client, world.commune_a_officer)
    page = client.get(reverse("oversight:inspections"), {"q": "290"})
    assert page.status_code == 200
    assert "Quyết định 290-QĐ/TW" in page.content.decode()


def test_front_user_plans_a_supervision_through_the_form(client: Client, world: World) -> None:
    login(client, world.front_user)
    assert client.get(reverse("oversight:supervision_create")).status_code == 200
    response = client.post(
        reverse("oversight:supervision_create"),
        {
            "organization": world.front.pk,
            "kind": "thematic",
            "title": "Giám sát việc chi trả bảo hiểm xã hội cho người lao động",
            "supervised": [world.ubnd.pk],
            "period_from": days(1).isoformat(),
            "period_to": days(20).isoformat(),
        },
    )
    s = Supervision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:supervision", args=[s.pk])
    detail = client.get(response["Location"])
    assert "Bắt đầu giám sát" in detail.content.decode()


def test_form_errors_are_shown_next_to_the_field(client: Client, world: World) -> None:
    login(client, world.front_user)
    response = client.post(
        reverse("oversight:supervision_create"),
        {
            "organization": world.front.pk,
            "kind": "thematic",
            "title": "Giám sát",
            "period_from": days(1).isoformat(),
            "period_to": days(20).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Chọn ít nhất một cơ quan" in response.content.decode()
    assert not Supervision.objects.exists()


def test_a_commune_officer_cannot_open_the_create_page(client: Client, world: World) -> None:
    login(client, world.commune_a_officer)
    assert client.get(reverse("oversight:supervision_create")).status_code == 403


def test_moves_findings_and_recommendations_through_the_page(client: Client, world: World) -> None:
    s = plan_supervision(world)
    login(client, world.front_user)
    url = reverse("oversight:supervision_move", args=[s.pk, "in_progress"])
    assert client.post(url, {"mv-in_progress-expected_version": s.version}).status_code == 302
    s.refresh_from_db()
    response = client.post(
        reverse("oversight:finding_add", args=[s.pk]),
        {"finding-content": "Chưa công khai dự toán", "finding-organization": world.ubnd.pk},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("oversight:recommendation_add", args=[s.pk]),
        {"rec-addressee": world.ubnd.pk, "rec-content": "Đề nghị công khai dự toán"},
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().status == "draft"
    # A stale version: 409 with the conflict message, nothing moves.
    stale = client.post(
        reverse("oversight:supervision_move", args=[s.pk, "findings_reported"]),
        {"mv-findings_reported-expected_version": 1},
    )
    assert stale.status_code == 409
    assert Supervision.objects.get(pk=s.pk).status == "in_progress"


def test_the_addressee_answers_on_the_page_with_a_file(client: Client, world: World) -> None:
    s, recs = supervision_with_sent(world, sent_on=days(-10))
    rec = recs[0]
    login(client, world.ubnd_officer)
    page = client.get(reverse("oversight:supervision", args=[s.pk]))
    assert "Ghi nội dung trả lời" in page.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    prefix = f"answer-{rec.pk}"
    response = client.post(
        reverse("oversight:recommendation_answer", args=[rec.pk]),
        {
            f"{prefix}-expected_version": rec.version,
            f"{prefix}-text": "Đã tiếp thu và chỉ đạo thực hiện.",
            f"{prefix}-result": "accepted",
            f"{prefix}-file": SimpleUploadedFile("tra-loi.txt", "Trả lời".encode()),
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "answered"
    download = client.get(reverse("oversight:recommendation_file", args=[rec.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "Trả lời".encode()  # type: ignore[attr-defined]


def test_outsiders_get_404(client: Client, world: World) -> None:
    s = plan_supervision(world)
    i = inspection_in_progress(world)
    login(client, world.outsider)
    assert client.get(reverse("oversight:supervision", args=[s.pk])).status_code == 404
    assert client.get(reverse("oversight:inspection", args=[i.pk])).status_code == 404


def test_the_conclusion_page_creates_the_tasks(client: Client, world: World) -> None:
    i = inspection_in_progress(world)
    login(client, world.btgdv_leader)
    url = reverse("oversight:inspection_conclude", args=[i.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "expected_version": i.version,
            "conclusion": "Cần kiện toàn bộ phận dân vận chính quyền.",
            "item-1-content": "Ban hành quy chế công tác dân vận của xã",
            "item-1-lead": world.commune_a.pk,
            "item-1-supporting": [world.front.pk],
            "item-1-due": days(30).isoformat(),
            "item-2-content": "Sơ kết chương trình phối hợp",
            "item-2-lead": world.commune_b.pk,
            "item-2-due": days(40).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get(pk=i.pk).status == "concluded"
    assert Task.objects.count() == 2
    login(client, world.commune_a_officer)
    page = client.get(reverse("oversight:inspection", args=[i.pk])).content.decode()
    assert "Ban hành quy chế công tác dân vận của xã" in page
    assert "2 nhiệm vụ" in page


def test_a_conclusion_item_with_a_lead_not_inspected_shows_the_error(
    client: Client, world: World
) -> None:
    i = inspection_in_progress(world)
    login(client, world.btgdv_leader)
    response = client.post(
        reverse("oversight:inspection_conclude", args=[i.pk]),
        {
            "expected_version": i.version,
            "conclusion": "Kết luận",
            "item-1-content": "Việc của tỉnh",
            "item-1-lead": world.commune_a.pk,
            "item-1-due": days(-400).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Nội dung 1" in response.content.decode()
    assert not Task.objects.exists()


def test_drafts_and_findings_can_be_removed_before_sending(client: Client, world: World) -> None:
    from danvan.oversight import services
    from danvan.oversight.models import Finding

    s = plan_supervision(world)
    s = services.supervision_transition(
        supervision=s, actor=world.front_user, to="in_progress", expected_version=s.version
    )
    finding = services.finding_add(supervision=s, actor=world.front_user, content="Ghi nhầm")
    rec = services.recommendation_add(
        supervision=s, actor=world.front_user, addressee_id=world.ubnd.pk, content="Dự thảo"
    )
    login(client, world.front_user)
    assert client.post(reverse("oversight:finding_remove", args=[finding.pk])).status_code == 302
    assert client.post(reverse("oversight:recommendation_remove", args=[rec.pk])).status_code == 302
    assert not Finding.objects.exists() and not Recommendation.objects.exists()


def test_the_overdue_board_links_the_awaited_answer_to_the_supervision(
    client: Client, world: World
) -> None:
    s, _recs = supervision_with_sent(world, sent_on=days(-50))
    login(client, world.ubnd_officer)
    page = client.get("/han-xu-ly/").content.decode()
    assert "Trả lời kiến nghị giám sát, phản biện xã hội" in page
    assert reverse("oversight:supervision", args=[s.pk]) in page


def test_the_supervision_page_query_count_does_not_grow_with_recommendations(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    s, _recs = supervision_with_sent(
        world, sent_on=days(-20), addressees=[world.ubnd, world.commune_a, world.commune_b]
    )
    login(client, world.ubnd_officer)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        assert client.get(reverse("oversight:supervision", args=[s.pk])).status_code == 200
