"""/api/v1/boards: the same rules as the pages, in JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from danvan.boards.models import Recommendation
from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from tests.boards.conftest import World, inspection_board, record_with_recommendation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/boards"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any, user: User) -> Any:
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **auth(user)
    )


def test_front_sets_up_a_board_records_and_recommends(client: Client, world: World) -> None:
    r = send(
        client,
        "post",
        f"{BASE}/boards",
        {"kind": "people_inspection", "front_code": "A-MTTQ", "term_from": "2024-10-01"},
        world.front_a_user,
    )
    assert r.status_code == 201, r.content
    board = r.json()
    assert board["term_to"] == "2029-09-30" and board["commune"]["code"] == "A-UBND"
    bid = board["id"]
    r = send(
        client,
        "post",
        f"{BASE}/boards/{bid}/members",
        {"full_name": "Hồ Văn Tư", "role": "head", "from_on": "2024-10-01"},
        world.front_a_user,
    )
    assert r.status_code == 201
    r = send(
        client,
        "post",
        f"{BASE}/boards/{bid}/plans",
        {"kind": "yearly", "year": 2026, "title": "KH 2026"},
        world.front_a_user,
    )
    assert r.status_code == 201
    plan_id = r.json()["id"]
    r = send(
        client,
        "post",
        f"{BASE}/plans/{plan_id}/items",
        {"content": "Giám sát một cửa", "starts_on": "2026-03-01"},
        world.front_a_user,
    )
    assert r.status_code == 201 and len(r.json()["items"]) == 1
    r = send(
        client,
        "post",
        f"{BASE}/boards/{bid}/records",
        {"held_on": "2026-11-02", "subject": "Một cửa", "content": "Kiểm tra."},
        world.front_a_user,
    )
    assert r.status_code == 201
    rid = r.json()["id"]
    r = send(
        client,
        "post",
        f"{BASE}/records/{rid}/recommendations",
        {"addressee_code": "A-UBND", "content": "Đề nghị niêm yết.", "sent_on": "2026-11-02"},
        world.front_a_user,
    )
    assert r.status_code == 201
    assert r.json()["answer_due"] == "2026-11-17"
    # An officer of the commune cannot write records.
    r = send(
        client,
        "post",
        f"{BASE}/boards/{bid}/records",
        {"held_on": "2026-11-02", "subject": "X", "content": "Y"},
        world.officer_a,
    )
    assert r.status_code == 403


def test_addressee_answers_with_version_guard(client: Client, world: World) -> None:
    board = inspection_board(world)
    rec = Recommendation.objects.get(record=record_with_recommendation(world, board))
    path = f"{BASE}/recommendations/{rec.pk}/answer"
    stale = send(
        client,
        "post",
        path,
        {"expected_version": rec.version + 5, "text": "Đã làm"},
        world.officer_a,
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    r = send(
        client,
        "post",
        path,
        {
            "expected_version": rec.version,
            "text": "Đã làm",
            "answered_on": "2026-11-10",
            "signer": "Chủ tịch",
        },
        world.officer_a,
    )
    assert (
        r.status_code == 200 and r.json()["status"] == "answered" and not r.json()["answered_late"]
    )
    detail = client.get(f"{BASE}/boards/{board.pk}", **auth(world.viewer_a)).json()
    assert detail["records"][0]["recommendations"][0]["answer_text"] == "Đã làm"
    stats = client.get(f"{BASE}/statistics", **auth(world.province_front_user)).json()
    assert stats[0]["answered_on_time"] == 1


def test_outside_scope_is_404(client: Client, world: World) -> None:
    board = inspection_board(world)
    rec = Recommendation.objects.get(record=record_with_recommendation(world, board))
    assert client.get(f"{BASE}/boards/{board.pk}", **auth(world.outsider)).status_code == 404
    assert (
        client.get(f"{BASE}/recommendations/{rec.pk}", **auth(world.officer_b)).status_code == 404
    )
    r = send(
        client,
        "post",
        f"{BASE}/recommendations/{rec.pk}/answer",
        {"expected_version": 1, "text": "x"},
        world.outsider,
    )
    assert r.status_code == 404
    assert client.get(f"{BASE}/boards", **auth(world.outsider)).json()["count"] == 0
