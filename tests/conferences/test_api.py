"""/api/v1/conferences: create, list, detail, moves (409 on a stale version), invitations,
attendance and conclusions (tasks, all or nothing)."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from django.test import Client

from danvan.conferences import api
from danvan.conferences.states import Attendance, Kind, Status
from danvan.core.models import Task, User
from danvan.core.services.accounts import api_token_issue
from tests.conferences.conftest import World, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conferences"


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


def create_body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "briefing",
        "title": "Hội nghị giao ban khối dân vận quý IV/2026",
        "date": days(-2).isoformat(),
        "place": "Phòng họp Ban Tuyên giáo và Dân vận",
        "chairs": [{"full_name": "Trần Thị Lộc", "title": "Trưởng ban"}],
        "organization_code": "19-UBND",
        "invited_codes": ["19-SNV", "19-MTTQ"],
        "period_label": "quý IV/2026",
    }
    values.update(overrides)
    return values


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(Kind.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.AttendanceCode)) == set(Attendance.values)


def test_api_full_flow(client: Client, world: World) -> None:
    h = auth(world.officer)
    created = send(client, "post", BASE, create_body(), h)
    assert created.status_code == 201, created.content
    c = created.json()
    assert c["status"] == "planned" and c["allowed_moves"] == ["invited", "postponed", "cancelled"]
    cid = c["id"]
    moved = send(
        client,
        "post",
        f"{BASE}/{cid}/transitions",
        {"to": "invited", "expected_version": c["version"], "on": days(-9).isoformat()},
        h,
    )
    assert moved.status_code == 200
    stale = send(
        client,
        "post",
        f"{BASE}/{cid}/transitions",
        {"to": "held", "expected_version": c["version"]},
        h,
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    held = send(
        client,
        "post",
        f"{BASE}/{cid}/transitions",
        {"to": "held", "expected_version": moved.json()["version"]},
        h,
    ).json()
    assert held["status"] == "held"
    invitee = held["invitees"][1]
    att = send(
        client,
        "post",
        f"{BASE}/{cid}/invitees/{invitee['id']}/attendance",
        {"attendance": "represented", "represented_by": "Hồ Văn A, Phó Chủ tịch"},
        h,
    )
    assert att.status_code == 200 and att.json()["attendance"] == "represented"
    version = client.get(f"{BASE}/{cid}", **h).json()["version"]
    conclusions = {
        "expected_version": version,
        "concluded_by": "Trần Thị Lộc",
        "concluded_by_title": "Trưởng ban",
        "items": [
            {
                "content": "Rà soát quy chế dân vận",
                "lead_code": "19-SNV",
                "due": days(20).isoformat(),
                "supporting": [{"organization_code": "19-MTTQ", "duty": "góp ý"}],
            },
            {
                "content": "Việc giao cho Mặt trận",
                "lead_code": "19-MTTQ",
                "due": days(20).isoformat(),
            },
        ],
    }
    refused = send(client, "post", f"{BASE}/{cid}/conclusions", conclusions, h)
    assert refused.status_code == 422 and "items.1.lead" in refused.json()["error"]["fields"]
    assert not Task.objects.exists()
    conclusions["items"] = conclusions["items"][:1]
    issued = send(client, "post", f"{BASE}/{cid}/conclusions", conclusions, h)
    assert issued.status_code == 201, issued.content
    detail = issued.json()
    item = detail["conclusion"]["items"][0]
    assert item["lead"]["code"] == "19-SNV" and item["supporting"][0]["duty"] == "góp ý"
    assert detail["conclusion"]["summary"]["total"] == 1
    done = send(
        client,
        "post",
        f"{BASE}/{cid}/conclusions/{item['id']}/complete",
        {"expected_version": item["version"]},
        h,
    )
    assert done.status_code == 200 and done.json()["conclusion"]["summary"]["done"] == 1
    concluded = send(
        client,
        "post",
        f"{BASE}/{cid}/transitions",
        {"to": "concluded", "expected_version": done.json()["version"]},
        h,
    )
    assert concluded.status_code == 200 and concluded.json()["status"] == "concluded"


def test_api_list_is_scoped_and_filters(client: Client, world: World) -> None:
    h = auth(world.officer)
    send(client, "post", BASE, create_body(date=days(5).isoformat()), h)
    send(
        client,
        "post",
        BASE,
        create_body(
            kind="final", title="Tổng kết 10 năm Quyết định 290-QĐ/TW", date=days(9).isoformat()
        ),
        h,
    )
    listed = client.get(BASE, {"when": "upcoming"}, **h).json()
    assert [i["kind"] for i in listed["items"]] == ["briefing", "final"]
    assert client.get(BASE, {"kind": "final"}, **h).json()["count"] == 1
    outsider = auth(world.outsider)
    assert client.get(BASE, **outsider).json()["count"] == 0
    cid = listed["items"][0]["id"]
    assert client.get(f"{BASE}/{cid}", **outsider).status_code == 404
    front = auth(world.front)  # the Front is invited: it sees the conference
    assert client.get(f"{BASE}/{cid}", **front).status_code == 200
    assert client.get(BASE, **{}).status_code == 401


def test_api_patch_changes_place_and_refuses_stale_version(client: Client, world: World) -> None:
    h = auth(world.officer)
    c = send(client, "post", BASE, create_body(date=days(6).isoformat()), h).json()
    ok = send(
        client,
        "patch",
        f"{BASE}/{c['id']}",
        {"expected_version": c["version"], "place": "Hội trường Tỉnh ủy"},
        h,
    )
    assert ok.status_code == 200 and ok.json()["place"] == "Hội trường Tỉnh ủy"
    stale = send(
        client, "patch", f"{BASE}/{c['id']}", {"expected_version": c["version"], "title": "X"}, h
    )
    assert stale.status_code == 409
