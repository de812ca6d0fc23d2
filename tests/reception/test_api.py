"""/api/v1/reception: sessions, transitions with 409, the register, replies, the public
schedule; scoping and the one error format."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danvan.core.services.accounts import api_token_issue
from danvan.reception.services import entry_register, session_create
from tests.petitions.conftest import World
from tests.reception.conftest import entry_input, session_input

BASE = "/api/v1/reception"


def api(user: Any) -> Client:
    _, raw = api_token_issue(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


SESSION = {
    "organization_code": "19001-UBND",
    "date": "2026-03-02",
    "kind": "scheduled",
    "place_kind": "hq",
    "host_kind": "head",
    "host_name": "Trần Văn Chủ",
    "host_position": "Chủ tịch UBND xã An",
    "agency_codes": ["44-UBND"],
}


def test_create_publish_and_conflict(world: World) -> None:
    client = api(world.officer_a)
    created = client.post(f"{BASE}/sessions", SESSION, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "planned" and body["publish_due"] == "2026-02-23"
    assert body["allowed_moves"] == ["published", "cancelled"]
    assert body["agencies"] == [{"code": "44-UBND", "name": "UBND tỉnh Quảng Trị Thử"}]
    assert body["deadlines"][0]["rule_id"] == "reception.schedule_publish"
    url = f"{BASE}/sessions/{body['id']}/transitions"

    moved = client.post(
        url,
        {"to": "published", "expected_version": 1, "on": "2026-02-20"},
        content_type="application/json",
    )
    stale = client.post(
        url,
        {"to": "cancelled", "expected_version": 1, "reason": "Trùng lịch"},
        content_type="application/json",
    )

    assert moved.status_code == 200 and moved.json()["status"] == "published"
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"


def test_illegal_move_is_a_structured_422(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    response = api(world.officer_a).post(
        f"{BASE}/sessions/{session.pk}/transitions",
        {"to": "held", "expected_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "illegal_transition" and "to" in error["fields"]


def test_session_outside_scope_is_404_and_missing_fields_422(world: World) -> None:
    session = session_create(actor=world.officer_a, data=session_input(world))
    assert api(world.officer_b).get(f"{BASE}/sessions/{session.pk}").status_code == 404
    response = api(world.officer_a).post(
        f"{BASE}/sessions",
        {**SESSION, "host_name": "", "host_position": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"host_name", "host_position"} <= set(response.json()["error"]["fields"])


def test_viewer_cannot_create(world: World) -> None:
    response = api(world.viewer).post(f"{BASE}/sessions", SESSION, content_type="application/json")
    assert response.status_code == 422  # the organisation is not one the viewer writes for
    assert (
        "organization_code" in response.json()["error"]["fields"]
        or "organization" in (response.json()["error"]["fields"])
    )


def test_entry_create_with_crowd_error_then_success(world: World) -> None:
    client = api(world.officer_a)
    payload = {
        "organization_code": "19001-UBND",
        "received_on": "2026-03-02",
        "visitor": {"full_name": "Nguyễn Văn A", "id_number": "044085001111"},
        "visitor_count": 12,
        "co_representatives": [{"full_name": f"Người {i}"} for i in range(4)],
        "content": "Kiến nghị về việc bồi thường giải phóng mặt bằng dự án đường tránh.",
        "outcome": "received",
        "petition_kind": "proposal",
        "area_code": "19001",
    }
    ok = client.post(f"{BASE}/entries", payload, content_type="application/json")
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["number"] == "1/2026/19001-UBND"
    assert body["petition_case_number"] and body["reply_due"] == "2026-03-16"

    too_many = client.post(
        f"{BASE}/entries",
        {**payload, "visitor_count": 8},
        content_type="application/json",
    )
    assert too_many.status_code == 422
    assert "Điều 30" in too_many.json()["error"]["fields"]["representatives"]


def test_entry_list_has_no_personal_data_and_detail_is_no_store(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    listing = api(world.leader).get(f"{BASE}/entries")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert "Nguyễn Thị Mai" not in listing.content.decode()

    viewer = api(world.viewer).get(f"{BASE}/entries/{entry.pk}")
    assert viewer.status_code == 200
    assert viewer["Cache-Control"] == "no-store"
    assert viewer.json()["visitor"] == {
        "full_name": "Nguyễn Thị Mai",
        "id_number": None,
        "address": None,
        "phone": None,
    }
    handler = api(world.officer_a).get(f"{BASE}/entries/{entry.pk}").json()
    assert handler["visitor"]["id_number"] == "044185001234"


def test_reply_endpoint_records_and_checks_the_version(world: World) -> None:
    entry = entry_register(actor=world.officer_a, data=entry_input())
    client = api(world.officer_a)
    url = f"{BASE}/entries/{entry.pk}/reply"
    ok = client.post(
        url,
        {"replied_on": "2026-03-05", "method": "direct", "expected_version": 1},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["replied_on"] == "2026-03-05"
    assert ok.json()["deadlines"][0]["status"] == "done"
    again = client.post(
        url,
        {"replied_on": "2026-03-06", "method": "direct", "expected_version": 1},
        content_type="application/json",
    )
    assert again.status_code == 422


def test_public_schedule_needs_no_token(world: World) -> None:
    day = dt.date.today() + dt.timedelta(days=9)
    session = session_create(actor=world.officer_a, data=session_input(world, date=day))
    from danvan.reception.inputs import SessionTransitionInput
    from danvan.reception.services import session_transition

    session_transition(
        session=session,
        actor=world.officer_a,
        data=SessionTransitionInput(to="published", expected_version=1),
    )
    response = Client().get(f"{BASE}/public/schedule", {"area": "44"})
    assert response.status_code == 200
    rows = response.json()
    assert [r["date"] for r in rows] == [day.isoformat()]
    assert rows[0]["host"] == "Chủ tịch UBND xã An — Trần Văn Chủ"
    assert Client().get(f"{BASE}/sessions").status_code == 401


def test_duty_endpoint_lists_periods_behind(world: World) -> None:
    response = api(world.leader).get(
        f"{BASE}/duty", {"start": "2026-03-02", "end": "2026-03-15", "organization": "19001-UBND"}
    )
    assert response.status_code == 200
    assert [r["period_start"] for r in response.json()["behind"]] == ["2026-03-02", "2026-03-09"]
    too_long = api(world.leader).get(f"{BASE}/duty", {"start": "2020-01-01", "end": "2026-01-01"})
    assert too_long.status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "/sessions/0",
        "/sessions/99999999999",
        "/entries/abc",
        "/sessions?start=1999-01-01",
        "/public/schedule?start=2100-12-31&end=2100-12-31",
    ],
)
def test_odd_input_never_breaks(world: World, path: str) -> None:
    response = api(world.officer_a).get(f"{BASE}{path}")
    assert response.status_code in (200, 404, 422)
    if response.status_code != 200:
        assert "error" in response.json()
