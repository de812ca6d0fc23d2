"""/api/v1/dialogues: schedule, read, move (409 on a stale version), participants, signatures,
statements, commitments, and the complaints needing a dialogue."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.dialogues import api
from danvan.dialogues.states import Audience, Kind, Role, Signature, Status
from danvan.petitions.models import Petition
from tests.dialogues.conftest import days, today
from tests.petitions.conftest import World

pytestmark = pytest.mark.django_db
BASE = "/api/v1/dialogues"


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
        "kind": "leader",
        "topic": "Chủ tịch UBND xã đối thoại với doanh nghiệp, hợp tác xã",
        "date": days(-3).isoformat(),
        "place": "Hội trường UBND xã An",
        "chair_name": "Hồ Văn Kiên",
        "chair_position": "Chủ tịch UBND xã",
        "audience": "businesses",
        "organization_code": "19001-UBND",
        "start_time": "08:00",
    }
    values.update(overrides)
    return values


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(Kind.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.RoleCode)) == set(Role.values)
    assert set(typing.get_args(api.AudienceCode)) == set(Audience.values)
    assert set(typing.get_args(api.SignatureCode)) == set(Signature.values)


def test_a_dialogue_goes_from_scheduling_to_closed_through_the_api(
    client: Client, world: World
) -> None:
    h = auth(world.officer_a)
    r = send(client, "post", BASE, body(), h)
    assert r.status_code == 201, r.content
    d = r.json()
    pk, version = d["id"], d["version"]
    assert d["status"] == "planned" and d["allowed_moves"] == ["notified", "postponed", "cancelled"]
    assert r["Cache-Control"] == "no-store"

    r = send(
        client,
        "post",
        f"{BASE}/{pk}/transitions",
        {"to": "notified", "expected_version": version, "notice_on": days(-12).isoformat()},
        h,
    )
    assert r.status_code == 200, r.content
    version = r.json()["version"]
    # A stale version: 409 and nothing changes.
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/transitions",
        {"to": "held", "expected_version": version - 1},
        h,
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "held", "expected_version": version}, h
    )
    assert r.status_code == 200 and r.json()["status"] == "held"

    r = send(
        client,
        "post",
        f"{BASE}/{pk}/participants",
        {"role": "recorder", "full_name": "Lê Thị Thư", "title": "Công chức Văn phòng"},
        h,
    )
    assert r.status_code == 201
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/participants",
        {"role": "other", "full_name": "Giám đốc HTX Đông Thành", "unit": "HTX Đông Thành"},
        h,
    )
    speaker = r.json()["id"]
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/statements",
        {"participant_id": speaker, "content": "Đề nghị hỗ trợ vốn vay mở rộng sản xuất."},
        h,
    )
    assert r.status_code == 201 and r.json()["position"] == 1
    people = client.get(f"{BASE}/{pk}/participants", **h).json()
    for p in people:
        sig = {"signature": "signed"}
        if p["id"] == speaker:
            sig = {"signature": "refused", "refusal_reason": ""}
            r = send(client, "post", f"{BASE}/{pk}/participants/{p['id']}/signature", sig, h)
            assert r.status_code == 422 and "refusal_reason" in r.json()["error"]["fields"]
            sig = {"signature": "refused", "refusal_reason": "Chưa đồng ý mức hỗ trợ"}
        r = send(client, "post", f"{BASE}/{pk}/participants/{p['id']}/signature", sig, h)
        assert r.status_code == 200, r.content

    r = send(
        client,
        "post",
        f"{BASE}/{pk}/commitments",
        {
            "title": "Làm việc với ngân hàng chính sách về vốn vay",
            "due": days(30).isoformat(),
            "made_by": "Chủ tịch UBND xã",
            "assignee": "canbo.a",
        },
        h,
    )
    assert r.status_code == 201, r.content
    commitment = r.json()
    assert commitment["organization"]["code"] == "19001-UBND"
    assert commitment["assignee"] == "Canbo.A"

    detail = client.get(f"{BASE}/{pk}", **h).json()
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/transitions",
        {
            "to": "minutes_signed",
            "expected_version": detail["version"],
            "outcome": "UBND xã làm việc với ngân hàng trong tháng.",
        },
        h,
    )
    assert r.status_code == 200, r.content
    assert r.json()["minutes_number"].startswith("01/BB-")
    version = r.json()["version"]
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "closed", "expected_version": version}, h
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "commitments_open"

    cid = commitment["id"]
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/commitments/{cid}/progress",
        {"expected_version": commitment["version"], "progress": 50},
        h,
    )
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/commitments/{cid}/complete",
        {"expected_version": commitment["version"], "note": "Đã làm việc"},
        h,
    )
    assert r.status_code == 409  # the version moved with the progress update
    r = send(
        client,
        "post",
        f"{BASE}/{pk}/commitments/{cid}/complete",
        {"expected_version": commitment["version"] + 1},
        h,
    )
    assert r.status_code == 200 and r.json()["status"] == "done"
    r = send(
        client, "post", f"{BASE}/{pk}/transitions", {"to": "closed", "expected_version": version}, h
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert r.json()["closed_on"] == today().isoformat()


def test_a_late_notice_is_a_422_naming_the_field(client: Client, world: World) -> None:
    h = auth(world.officer_a)
    d = send(client, "post", BASE, body(date=days(2).isoformat()), h).json()
    r = send(
        client,
        "post",
        f"{BASE}/{d['id']}/transitions",
        {"to": "notified", "expected_version": d["version"], "notice_on": today().isoformat()},
        h,
    )
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "notice_too_late" and "notice_on" in error["fields"]


def test_outside_the_scope_is_404_and_viewers_may_not_write(client: Client, world: World) -> None:
    d = send(client, "post", BASE, body(), auth(world.officer_a)).json()
    assert client.get(f"{BASE}/{d['id']}", **auth(world.officer_b)).status_code == 404
    viewer = auth(world.viewer)
    assert client.get(f"{BASE}/{d['id']}", **viewer).status_code == 200
    r = send(
        client,
        "post",
        f"{BASE}/{d['id']}/transitions",
        {"to": "cancelled", "expected_version": d["version"], "reason": "Thử"},
        viewer,
    )
    assert r.status_code == 403
    page = client.get(BASE, {"kind": "leader"}, **auth(world.officer_b)).json()
    assert page["count"] == 0
    page = client.get(BASE, {"kind": "leader", "year": days(-3).year}, **viewer).json()
    assert page["count"] == 1


def test_complaints_needing_dialogue_endpoint(
    client: Client, world: World, accepted_complaint: Callable[..., Petition]
) -> None:
    petition = accepted_complaint(round_=2)
    rows = client.get(f"{BASE}/complaints-needing-dialogue", **auth(world.officer_a)).json()
    assert [r["petition_id"] for r in rows] == [petition.pk]
    r = send(
        client,
        "post",
        BASE,
        body(kind="complaint", petition_id=petition.pk, organization_code=None, audience=None),
        auth(world.officer_a),
    )
    assert r.status_code == 201, r.content
    assert {p["role"] for p in r.json()["participants"]} == {"chair", "citizen", "respondent"}
    rows = client.get(f"{BASE}/complaints-needing-dialogue", **auth(world.officer_a)).json()
    assert rows[0]["scheduled_dialogue_id"] == r.json()["id"]


def test_bad_input_is_a_structured_error_never_a_500(client: Client, world: World) -> None:
    h = auth(world.officer_a)
    for bad in (
        body(topic=""),
        body(kind="annual", organization_code="44-UBND"),
        body(legal_bases=["khong_co"]),
        body(organization_code="KHONG-CO"),
        body(start_time="10:00", end_time="09:00"),
        body(date="1900-01-01"),
    ):
        r = send(client, "post", BASE, bad, h)
        assert r.status_code in (400, 403, 422), (bad, r.content)
        assert "error" in r.json()
    assert client.get(f"{BASE}/999999", **h).status_code == 404
