"""/api/v1/practices: register, move (409 on a stale version), councils and score sheets,
recognition, counts, and the public showcase."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.practices import api
from danvan.practices.models import PracticeModel
from danvan.practices.states import Field, Level, MemberRole, RegistrantKind, Status
from tests.practices.conftest import GOOD, World, launch, recognised_model, register

pytestmark = pytest.mark.django_db
BASE = "/api/v1/practices"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(client, method)(
        path, json.dumps(body, default=str), content_type="application/json", headers=headers
    )


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.FieldCode)) == set(Field.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.LevelCode)) == set(Level.values)
    assert set(typing.get_args(api.RegistrantCode)) == set(RegistrantKind.values)
    assert set(typing.get_args(api.MemberRoleCode)) == set(MemberRole.values)


def test_register_launch_and_conflict(world: World, client: Client) -> None:
    h = auth(world.officer_stp)
    created = send(
        client,
        "post",
        BASE,
        {
            "organization_code": "68-STP",
            "registrant_kind": "agency",
            "field": "political_system",
            "name": "4 không, 2 biết",
            "objectives": "Phục vụ Nhân dân tốt hơn.",
            "content_method": "Bốn không, hai biết.",
            "outputs": "Không có hồ sơ trễ hạn.",
            "start_on": "2025-02-01",
        },
        h,
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "registered" and data["allowed_moves"] == ["launched", "stopped"]
    moved = send(
        client,
        "post",
        f"{BASE}/{data['id']}/transitions",
        {"to": "launched", "expected_version": data["version"]},
        h,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "launched"
    stale = send(
        client,
        "post",
        f"{BASE}/{data['id']}/transitions",
        {"to": "stopped", "expected_version": data["version"], "note": "Dừng"},
        h,
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"


def test_council_scores_and_close_through_the_api(world: World, client: Client) -> None:
    model = register(world)
    launch(world, model)
    model.refresh_from_db()
    h = auth(world.runner)
    opened = send(
        client,
        "post",
        f"{BASE}/{model.pk}/councils",
        {
            "council_organization_code": "68-BTGDV",
            "held_on": "2025-11-20",
            "members": [{"full_name": "Phạm Văn Thành", "role": "chair"}],
            "expected_version": model.version,
        },
        h,
    )
    assert opened.status_code == 201, opened.content
    council = opened.json()
    assert council["criteria_set"]["version"] == 1
    member = council["members"][0]["id"]
    scored = send(
        client,
        "post",
        f"{BASE}/councils/{council['id']}/scores",
        {"member_id": member, "points": GOOD, "expected_version": council["version"]},
        h,
    )
    assert scored.status_code == 200, scored.content
    closed = send(
        client,
        "post",
        f"{BASE}/councils/{council['id']}/close",
        {"expected_version": scored.json()["version"], "on": "2025-11-20"},
        h,
    )
    assert closed.status_code == 200
    assert closed.json()["score"] == "89.00" and closed.json()["passed"] is True


def test_over_the_maximum_is_a_422_naming_the_criterion(world: World, client: Client) -> None:
    model = register(world)
    launch(world, model)
    from tests.practices.conftest import open_council

    evaluation = open_council(world, model)
    member = evaluation.members.first()
    assert member is not None
    r = send(
        client,
        "post",
        f"{BASE}/councils/{evaluation.pk}/scores",
        {
            "member_id": member.pk,
            "points": {**GOOD, "theme": 50},
            "expected_version": evaluation.version,
        },
        auth(world.runner),
    )
    assert r.status_code == 422
    assert "points_theme" in r.json()["error"]["fields"]


def test_counts_and_scope(world: World, client: Client) -> None:
    recognised_model(world)
    register(world, org=world.org_b, actor=world.officer_b, name="Hiến đất làm đường")
    everything = client.get(f"{BASE}/counts", headers=auth(world.leader)).json()
    assert everything["total"]["total"] == 2 and everything["total"]["recognised"] == 1
    only_b = client.get(f"{BASE}/counts", headers=auth(world.officer_b)).json()
    assert only_b["total"]["total"] == 1
    other = PracticeModel.objects.exclude(organization=world.org_b).get()
    assert client.get(f"{BASE}/{other.pk}", headers=auth(world.officer_b)).status_code == 404


def test_showcase_needs_no_account_and_hides_private_fields(world: World, client: Client) -> None:
    shown = recognised_model(world)
    register(world, name="Chưa công nhận")
    page = client.get(f"{BASE}/showcase").json()
    assert [i["name"] for i in page["items"]] == [shown.name]
    item = page["items"][0]
    for private in ("contact_phone", "contact_name", "resources", "score", "status", "version"):
        assert private not in item
    assert client.get(f"{BASE}/showcase/{shown.pk}").status_code == 200
    assert client.get(f"{BASE}").status_code == 401


def test_criteria_sets_in_force(world: World, client: Client) -> None:
    h = auth(world.viewer)
    assert [s["version"] for s in client.get(f"{BASE}/criteria-sets", headers=h).json()] == [1, 2]
    one = client.get(f"{BASE}/criteria-sets", {"on": "2026-05-01"}, headers=h).json()
    assert [s["version"] for s in one] == [2]


def test_put_replaces_the_description_and_checks_the_version(world: World, client: Client) -> None:
    model = register(world)
    payload = {
        "registrant_kind": "agency",
        "field": "culture_society",
        "name": "4 không, 2 biết — bản sửa",
        "objectives": "Mục tiêu mới.",
        "content_method": "Cách làm mới.",
        "outputs": "Kết quả mới.",
        "start_on": "2025-02-01",
        "expected_version": model.version,
    }
    h = auth(world.officer_stp)
    ok = send(client, "put", f"{BASE}/{model.pk}", payload, h)
    assert ok.status_code == 200, ok.content
    assert ok.json()["field"] == "culture_society" and ok.json()["organization_id"] == world.stp.pk
    again = send(client, "put", f"{BASE}/{model.pk}", {**payload, "name": "Khác"}, h)
    assert again.status_code == 409
