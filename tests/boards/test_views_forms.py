"""The boards' create and edit pages: the answer when the form does not validate, the service
refuses, another person saved first (back to the edit page), or all is well."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danvan.boards.models import Board, SupervisionRecord
from tests.boards.conftest import World, inspection_board

pytestmark = pytest.mark.django_db

CONFLICT = "Hồ sơ vừa được người khác cập nhật"


def _login(client: Client, user: object) -> None:
    client.force_login(user)  # type: ignore[arg-type]


def test_create_names_the_new_board_in_the_message(client: Client, world: World) -> None:
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:create"),
        {"front": world.front_a.pk, "kind": "people_inspection", "term_from": "2024-10-01"},
        follow=True,
    )
    board = Board.objects.get()
    assert r.redirect_chain == [(reverse("boards:detail", args=[board.pk]), 302)]
    assert f"Đã lập {board.name}." in r.content.decode()


def test_create_with_an_invalid_form_is_400(client: Client, world: World) -> None:
    _login(client, world.front_a_user)
    r = client.post(reverse("boards:create"), {"front": world.front_a.pk, "kind": "x"})
    assert r.status_code == 400 and not Board.objects.exists()


def test_edit_saves_and_goes_to_the_board(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:edit", args=[board.pk]),
        {"name": "Ban thanh tra nhân dân (đổi tên)", "expected_version": board.version},
        follow=True,
    )
    assert r.redirect_chain == [(reverse("boards:detail", args=[board.pk]), 302)]
    assert "Đã lưu thông tin ban." in r.content.decode()
    board.refresh_from_db()
    assert board.name == "Ban thanh tra nhân dân (đổi tên)"


def test_edit_with_a_stale_version_goes_back_to_the_edit_page(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    edit = reverse("boards:edit", args=[board.pk])
    r = client.post(edit, {"name": "Tên mới", "expected_version": board.version + 4})
    assert r.status_code == 302 and r["Location"] == edit
    page = client.get(edit).content.decode()
    assert CONFLICT in page
    board.refresh_from_db()
    assert board.name != "Tên mới"


def test_edit_shows_the_service_error_with_its_status(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:edit", args=[board.pk]),
        {"name": "Tên mới", "decision_date": "2099-01-01", "expected_version": board.version},
    )
    assert r.status_code == 422


def test_edit_with_an_invalid_form_is_400(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:edit", args=[board.pk]),
        {"decision_date": "không phải ngày", "expected_version": board.version},
    )
    assert r.status_code == 400


def test_record_create_saves_and_goes_to_the_records(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:record_create", args=[board.pk]),
        {"held_on": "2025-03-02", "subject": "Chợ xã", "content": "Kiểm tra thu phí chợ."},
        follow=True,
    )
    assert r.redirect_chain == [(reverse("boards:detail", args=[board.pk]) + "#giam-sat", 302)]
    assert "Đã ghi kết quả giám sát." in r.content.decode()
    assert SupervisionRecord.objects.filter(board=board).count() == 1


def test_record_create_shows_the_service_error_with_its_status(
    client: Client, world: World
) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(
        reverse("boards:record_create", args=[board.pk]),
        {"held_on": "2020-01-01", "subject": "Chợ xã", "content": "Kiểm tra thu phí chợ."},
    )
    assert r.status_code == 422 and not SupervisionRecord.objects.exists()


def test_record_create_with_an_invalid_form_is_400(client: Client, world: World) -> None:
    board = inspection_board(world)
    _login(client, world.front_a_user)
    r = client.post(reverse("boards:record_create", args=[board.pk]), {"subject": "Chợ xã"})
    assert r.status_code == 400
