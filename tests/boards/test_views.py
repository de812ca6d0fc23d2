"""The boards pages: list, statistics, board page, the forms that change it, and who may
use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danvan.boards.models import Board, BoardMember, Recommendation
from danvan.boards.states import RecommendationStatus
from tests.boards.conftest import World, inspection_board, record_with_recommendation

pytestmark = pytest.mark.django_db


def _login(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]


def test_front_creates_a_board_and_sees_it_listed(client: Client, world: World) -> None:
    _login(client, world.front_a_user)
    page = client.get(reverse("boards:create") + "?kind=people_inspection")
    assert (
        page.status_code == 200
        and "Nhiệm kỳ Ban thanh tra nhân dân: 5 năm" in page.content.decode()
    )
    response = client.post(
        reverse("boards:create"),
        {"front": world.front_a.pk, "kind": "people_inspection", "term_from": "2024-10-01"},
    )
    board = Board.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "boards:detail", args=[board.pk]
    )
    listed = client.get(reverse("boards:list")).content.decode()
    assert board.name in listed and "30/09/2029" in listed


def test_create_form_shows_the_service_error(client: Client, world: World) -> None:
    _login(client, world.front_a_user)
    response = client.post(
        reverse("boards:create"),
        {"front": world.front_a.pk, "kind": "investment", "term_from": "2024-10-01"},
    )
    assert response.status_code == 422
    assert "Nhập ngày kết thúc nhiệm kỳ" in response.content.decode()
    assert not Board.objects.exists()


def test_an_officer_cannot_create_or_record(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.officer_a)
    assert client.get(reverse("boards:create")).status_code == 403
    assert client.get(reverse("boards:record_create", args=[board.pk])).status_code == 403
    _login(client, world.officer_b)
    assert client.get(reverse("boards:detail", args=[board.pk])).status_code == 404


def test_member_plan_record_answer_assess_through_the_pages(client: Client, world: World) -> None:
    board = inspection_board(world)
    detail = reverse("boards:detail", args=[board.pk])
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:member_add", args=[board.pk]),
        {
            "m-full_name": "Hồ Văn Tư",
            "m-role": "head",
            "m-representing": "thôn A Vao",
            "m-from_on": "2024-10-01",
        },
    )
    assert r.status_code == 302 and BoardMember.objects.filter(board=board).count() == 1
    r = client.post(
        reverse("boards:plan_create", args=[board.pk]),
        {"p-kind": "yearly", "p-year": "2026", "p-title": "Kế hoạch giám sát năm 2026"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("boards:record_create", args=[board.pk]),
        {
            "held_on": "2026-11-02",
            "subject": "Bộ phận một cửa",
            "content": "Kiểm tra niêm yết.",
            "addressee": world.ubnd_a.pk,
            "recommendation": "Đề nghị niêm yết đủ thủ tục.",
        },
    )
    assert r.status_code == 302
    rec = Recommendation.objects.get()
    _login(client, world.officer_a)
    page = client.get(detail).content.decode()
    assert "Ghi nội dung trả lời" in page and "Đề nghị niêm yết đủ thủ tục." in page
    r = client.post(
        reverse("boards:answer", args=[rec.pk]),
        {
            f"a{rec.pk}-text": "Đã niêm yết bổ sung.",
            f"a{rec.pk}-answered_on": "2026-11-10",
            f"a{rec.pk}-expected_version": rec.version,
        },
    )
    assert r.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ANSWERED
    # A stale version is a conflict (409), nothing changes.
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:assess", args=[rec.pk]),
        {f"e{rec.pk}-assessment": "satisfied", f"e{rec.pk}-expected_version": rec.version - 1},
    )
    assert r.status_code == 409
    r = client.post(
        reverse("boards:assess", args=[rec.pk]),
        {f"e{rec.pk}-assessment": "satisfied", f"e{rec.pk}-expected_version": rec.version},
    )
    assert r.status_code == 302
    page = client.get(detail).content.decode()
    assert "Đã niêm yết bổ sung." in page and "Đồng ý với trả lời" in page


def test_statistics_page(client: Client, world: World) -> None:
    board = inspection_board(world)
    record_with_recommendation(world, board, sent=dt.date(2026, 9, 1))
    _login(client, world.province_front_user)
    page = client.get(reverse("boards:stats"))
    assert page.status_code == 200 and world.front_a.area.name in page.content.decode()
