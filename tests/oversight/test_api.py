"""/api/v1/oversight: the same rules as the pages, in JSON."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import Task, User
from danvan.core.services.accounts import api_token_issue
from tests.oversight.conftest import World, days, inspection_in_progress, supervision_with_sent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/oversight"


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


def test_front_runs_a_supervision_through_the_api(client: Client, world: World) -> None:
    created = send(
        client,
        "post",
        f"{BASE}/supervisions",
        {
            "kind": "thematic",
            "organization_code": world.front.code,
            "title": "Giám sát công tác tiếp công dân",
            "period_from": days(-30).isoformat(),
            "period_to": days(-20).isoformat(),
            "supervised_codes": [world.ubnd.code],
        },
        world.front_user,
    )
    assert created.status_code == 201, created.content
    data = created.json()
    sid = data["id"]
    assert data["allowed_moves"] == ["in_progress", "cancelled"]
    moved = send(
        client,
        "post",
        f"{BASE}/supervisions/{sid}/transitions",
        {"to": "in_progress", "expected_version": data["version"]},
        world.front_user,
    )
    assert moved.status_code == 200
    send(
        client,
        "post",
        f"{BASE}/supervisions/{sid}/findings",
        {"content": "Chưa công khai lịch tiếp"},
        world.front_user,
    )
    rec = send(
        client,
        "post",
        f"{BASE}/supervisions/{sid}/recommendations",
        {"addressee_code": world.ubnd.code, "content": "Đề nghị công khai lịch tiếp công dân"},
        world.front_user,
    ).json()
    assert rec["recommendations"][0]["status"] == "draft"
    illegal = send(
        client,
        "post",
        f"{BASE}/supervisions/{sid}/transitions",
        {"to": "closed", "expected_version": rec["version"]},
        world.front_user,
    )
    assert illegal.status_code == 422
    assert illegal.json()["error"]["code"] == "illegal_transition"
    stale = send(
        client,
        "post",
        f"{BASE}/supervisions/{sid}/transitions",
        {"to": "findings_reported", "expected_version": 1},
        world.front_user,
    )
    assert stale.status_code == 409


def test_the_addressee_answers_through_the_api_and_the_summary_follows(
    client: Client, world: World
) -> None:
    s, recs = supervision_with_sent(world, sent_on=days(-60))
    rec = recs[0]
    answered = send(
        client,
        "post",
        f"{BASE}/recommendations/{rec.pk}/answer",
        {
            "expected_version": rec.version,
            "text": "Đã tiếp thu",
            "result": "partly",
            "file_name": "tra-loi.txt",
            "file_base64": base64.b64encode("Văn bản".encode()).decode(),
        },
        world.ubnd_officer,
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["answered_late"] is True
    assert answered.json()["has_file"] is True
    detail = client.get(f"{BASE}/supervisions/{s.pk}", **auth(world.front_user)).json()
    assert detail["summary"]["answered_late"] == 1
    forbidden = send(
        client,
        "post",
        f"{BASE}/recommendations/{rec.pk}/answer",
        {"expected_version": 99, "text": "x", "result": "accepted"},
        world.commune_b_officer,
    )
    assert forbidden.status_code == 404  # commune B does not even see the supervision


def test_inspection_conclusion_through_the_api(client: Client, world: World) -> None:
    i = inspection_in_progress(world)
    response = send(
        client,
        "post",
        f"{BASE}/inspections/{i.pk}/transitions",
        {
            "to": "concluded",
            "expected_version": i.version,
            "conclusion": "Kết luận kiểm tra",
            "items": [
                {
                    "content": "Ban hành quy chế",
                    "lead_code": world.commune_a.code,
                    "due": days(20).isoformat(),
                    "supporting_codes": [world.front.code],
                },
                {"content": "Việc sai", "lead_code": "KHONG-CO", "due": days(20).isoformat()},
            ],
        },
        world.btgdv_leader,
    )
    assert response.status_code == 422
    assert not Task.objects.exists()
    i.refresh_from_db()
    response = send(
        client,
        "post",
        f"{BASE}/inspections/{i.pk}/transitions",
        {
            "to": "concluded",
            "expected_version": i.version,
            "conclusion": "Kết luận kiểm tra",
            "items": [
                {
                    "content": "Ban hành quy chế",
                    "lead_code": world.commune_a.code,
                    "due": days(20).isoformat(),
                    "supporting_codes": [world.front.code],
                }
            ],
        },
        world.btgdv_leader,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "concluded"
    task = body["conclusion_items"][0]["task"]
    assert task["organization"]["code"] == world.commune_a.code
    assert task["supporting"] == [{"code": world.front.code, "name": world.front.name}]
    listed = client.get(f"{BASE}/inspections", **auth(world.commune_a_officer)).json()
    assert [row["id"] for row in listed["items"]] == [i.pk]
    assert client.get(f"{BASE}/inspections/{i.pk}", **auth(world.outsider)).status_code == 404
