"""/api/v1/mediation: teams, members, cases, sessions, outcome, to-petition; 409 and 404."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danvan.mediation.models import Case, Team
from danvan.petitions.models import Petition
from tests.mediation.conftest import World, days

pytestmark = pytest.mark.django_db

BASE = "/api/v1/mediation"


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _post(c: Client, url: str, body: dict[str, Any]) -> Any:
    return c.post(url, data=json.dumps(body), content_type="application/json")


def test_team_and_member_api(world: World) -> None:
    c = _client(world.officer_a)
    r = _post(
        c,
        f"{BASE}/teams",
        {"organization_code": "19564-UBND", "name": "Tổ 1", "residential_area": "Thôn 1"},
    )
    assert r.status_code == 201, r.content
    team_id = r.json()["id"]
    assert len(r.json()["composition_problems"]) == 3
    r = _post(
        c,
        f"{BASE}/teams/{team_id}/members",
        {"full_name": "Hồ Thị Liên", "role": "leader", "gender": "female", "from_on": "2025-01-02"},
    )
    assert r.status_code == 201
    assert [m["full_name"] for m in r.json()["members"]] == ["Hồ Thị Liên"]
    assert _client(world.outsider).get(f"{BASE}/teams/{team_id}").status_code == 404


def test_case_flow_api(world: World, team: Team) -> None:
    c = _client(world.officer_a)
    mediators = list(team.members.values_list("pk", flat=True)[:1])
    r = _post(
        c,
        f"{BASE}/cases",
        {
            "team_id": team.pk,
            "received_on": days(-4).isoformat(),
            "source": "party_request",
            "dispute_kind": "land",
            "summary": "Tranh chấp ranh giới vườn.",
            "parties": [
                {"full_name": "Hồ Văn Ái", "side": "first"},
                {"full_name": "Hồ Văn Bốn", "side": "second"},
            ],
            "mediator_ids": mediators,
        },
    )
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["status"] == "received" and case["start_due"] is not None
    assert [p["full_name"] for p in case["parties"]] == ["Hồ Văn Ái", "Hồ Văn Bốn"]
    cid = case["id"]
    r = _post(
        c,
        f"{BASE}/cases/{cid}/sessions",
        {"held_on": days(-3).isoformat(), "place": "Nhà văn hóa", "content": "Nghe hai bên."},
    )
    assert r.status_code == 201 and r.json()["status"] == "mediating"
    version = r.json()["version"]
    r = _post(
        c,
        f"{BASE}/cases/{cid}/outcome",
        {"to": "failed", "expected_version": version - 1, "note": "Không thống nhất"},
    )
    assert r.status_code == 409
    r = _post(
        c,
        f"{BASE}/cases/{cid}/outcome",
        {"to": "failed", "expected_version": version, "note": "Không thống nhất"},
    )
    assert r.status_code == 200 and r.json()["status"] == "failed"
    r = _post(
        c,
        f"{BASE}/cases/{cid}/to-petition",
        {"kind": "proposal", "expected_version": r.json()["version"]},
    )
    assert r.status_code == 201, r.content
    link = r.json()["petition"]
    petition = Petition.objects.get()
    assert link["id"] == petition.pk and link["case_number"] == petition.case_number
    assert link["url"] == f"/don-thu/{petition.pk}/"
    # The province leader reads the case without the parties.
    leader_view = _client(world.leader).get(f"{BASE}/cases/{cid}").json()
    assert leader_view["parties"] is None and leader_view["number"] == case["number"]
    stats = _client(world.leader).get(f"{BASE}/statistics").json()
    assert stats[0]["failed"] == 1 and stats[0]["petitions"] == 1


def test_case_out_of_scope_is_404(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    c = _client(world.officer_b)
    assert c.get(f"{BASE}/cases/{case.pk}").status_code == 404
    r = _post(c, f"{BASE}/cases/{case.pk}/outcome", {"to": "withdrawn", "expected_version": 1})
    assert r.status_code == 404
    assert c.get(f"{BASE}/cases").json()["count"] == 0
