"""/api/v1/campaigns: plan, read, move (409 on a stale version), targets, activities with
results, evidence upload, follow-up tasks, summary, scope."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.campaigns import api
from danvan.campaigns.models import Campaign
from danvan.campaigns.states import ActivityKind, Kind, Status, Tally
from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from tests.campaigns.conftest import World, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/campaigns"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


def body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "mobilisation",
        "title": "Vận động bàn giao mặt bằng Dự án hạ tầng khu nhà ở xã hội",
        "target_group": "Các hộ có đất trong Dự án",
        "area_codes": ["22945"],
        "starts_on": days(-10).isoformat(),
        "ends_on": days(80).isoformat(),
        "organization_code": "68-BQLDA",
        "units": [{"organization_code": "22945-UBND", "part": "Chủ trì tại địa bàn"}],
        "targets": [
            {"label": "Số hộ đồng ý bàn giao", "unit": "hộ", "target_value": 45},
            {"label": "Diện tích bàn giao", "unit": "m²", "target_value": "12500.5"},
        ],
    }
    values.update(overrides)
    return values


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(Kind.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.ActivityKindCode)) == set(ActivityKind.values)
    assert set(typing.get_args(api.TallyCode)) == set(Tally.values)


def test_plan_run_record_and_read_the_progress(client: Client, world: World) -> None:
    h = auth(world.manager)
    r = send(client, "post", BASE, body(), h)
    assert r.status_code == 201, r.content
    data = r.json()
    cid = data["id"]
    assert data["status"] == "planned" and [t["target_value"] for t in data["targets"]] == [
        45.0,
        12500.5,
    ]
    r = send(
        client, "post", f"{BASE}/{cid}/transitions", {"to": "running", "expected_version": 1}, h
    )
    assert r.status_code == 200 and r.json()["status"] == "running"
    target_ids = [t["id"] for t in r.json()["targets"]]
    officer = auth(world.officer_a)
    r = send(
        client,
        "post",
        f"{BASE}/{cid}/activities",
        {
            "date": days(0).isoformat(),
            "kind": "meeting",
            "area_code": "22945",
            "description": "Họp dân công bố phương án bồi thường.",
            "people_reached": 120,
            "results": [{"target_id": target_ids[0], "value": 9}],
        },
        officer,
    )
    assert r.status_code == 201, r.content
    activity = r.json()
    assert activity["organization"]["code"] == "22945-UBND" and activity["results"][0]["value"] == 9
    up = client.post(
        f"{BASE}/{cid}/activities/{activity['id']}/files",
        {"files": [SimpleUploadedFile("bb.txt", "Biên bản".encode())]},
        **officer,
    )
    assert up.status_code == 201, up.content
    assert up.json()["files"][0]["content_type"] == "text/plain"
    bad = client.post(
        f"{BASE}/{cid}/activities/{activity['id']}/files",
        {"files": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00")]},
        **officer,
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    detail = client.get(f"{BASE}/{cid}", **h).json()
    assert detail["targets"][0]["achieved"] == 9 and detail["targets"][0]["percent"] == 20
    assert detail["completion"] == {"met": 0, "total": 2, "rate": 0, "mean_percent": 10}
    assert detail["people_reached"] == 120 and detail["can_record"] is True
    listing = client.get(BASE, {"status": "running"}, **h).json()
    assert listing["count"] == 1 and listing["items"][0]["people_reached"] == 120
    summary = client.get(f"{BASE}/summary", {"year": days(0).year}, **h).json()
    assert summary[0]["campaigns"] == 1 and summary[0]["people_reached"] == 120


def test_stale_version_is_409_and_illegal_move_is_422(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    h = auth(world.manager)
    r = send(
        client,
        "post",
        f"{BASE}/{campaign.pk}/transitions",
        {"to": "ended", "expected_version": 1},
        h,
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    r = send(
        client,
        "post",
        f"{BASE}/{campaign.pk}/transitions",
        {"to": "evaluated", "expected_version": campaign.version},
        h,
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "illegal_transition"


def test_outside_scope_is_404_and_participants_cannot_move(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    assert client.get(f"{BASE}/{campaign.pk}", **auth(world.outsider)).status_code == 404
    r = send(
        client,
        "post",
        f"{BASE}/{campaign.pk}/transitions",
        {"to": "ended", "expected_version": campaign.version},
        auth(world.officer_a),
    )
    assert r.status_code == 403


def test_targets_and_follow_up_tasks(
    client: Client, world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    h = auth(world.manager)
    r = send(
        client,
        "post",
        f"{BASE}/{campaign.pk}/targets",
        {
            "label": "Số buổi họp dân",
            "unit": "buổi",
            "target_value": 6,
            "expected_version": campaign.version,
        },
        h,
    )
    assert r.status_code == 201 and len(r.json()["targets"]) == 4
    new_id = r.json()["targets"][-1]["id"]
    r = client.delete(f"{BASE}/{campaign.pk}/targets/{new_id}", **h)
    assert r.status_code == 200 and len(r.json()["targets"]) == 3
    r = send(
        client,
        "post",
        f"{BASE}/{campaign.pk}/tasks",
        {"title": "Báo cáo kết quả vận động", "due": days(10).isoformat()},
        h,
    )
    assert r.status_code == 201 and r.json()["organization"]["code"] == "68-BQLDA"
    tasks = client.get(f"{BASE}/{campaign.pk}/tasks", **h).json()
    assert [t["title"] for t in tasks] == ["Báo cáo kết quả vận động"]
