"""/api/v1/projects: register, read (404 out of scope), move (409 on a stale version),
contributions, expenditures (422 above the balance), progress, statistics, the XLSX account;
the Literal codes of the schema equal the state tables."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.projects import api
from danvan.projects.models import Project
from danvan.projects.states import ContributionKind, Kind, Source, Status
from tests.projects.conftest import World, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/projects"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(
    client: Client, path: str, body: Any, headers: dict[str, str], method: str = "post"
) -> Any:
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


def test_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(Kind.values)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.SourceCode)) == set(Source.values)
    assert set(typing.get_args(api.ContributionKindCode)) == set(ContributionKind.values)


def test_full_flow(world: World, client: Client) -> None:
    h = auth(world.officer_a)
    created = send(
        client,
        BASE,
        {
            "organization_code": "19564-UBND",
            "name": "Đường bê tông liên thôn Tà Mẻ – Ba Ngày",
            "kind": "road",
            "residential_areas": "thôn Tà Mẻ, thôn Ba Ngày",
            "length_km": "2.4",
            "planned_cost": 3_200_000_000,
            "starts_on": days(-30).isoformat(),
            "ends_on": days(150).isoformat(),
        },
        h,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    pk, version = body["id"], body["version"]
    assert body["allowed_moves"] == ["in_progress", "suspended", "cancelled"]
    moved = send(
        client,
        f"{BASE}/{pk}/transitions",
        {"to": "in_progress", "expected_version": version, "on": days(-20).isoformat()},
        h,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    stale = send(
        client, f"{BASE}/{pk}/transitions", {"to": "completed", "expected_version": version}, h
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    c = send(
        client,
        f"{BASE}/{pk}/contributions",
        {"source": "central", "kind": "money", "amount": "2000000000"},
        h,
    )
    assert c.status_code == 201 and c.json()["value"] == 2_000_000_000
    pledge = send(
        client,
        f"{BASE}/{pk}/contributions",
        {
            "source": "residents",
            "kind": "labour",
            "amount": "480",
            "contributor": "Các hộ thôn Ba Ngày",
            "value": 96_000_000,
            "received": False,
        },
        h,
    )
    assert pledge.status_code == 201 and pledge.json()["state"] == "pledged"
    received = send(
        client, f"{BASE}/{pk}/contributions/{pledge.json()['id']}/receive", {"receipt": "BN 1"}, h
    )
    assert received.status_code == 200 and received.json()["state"] == "received"
    over = send(
        client,
        f"{BASE}/{pk}/expenditures",
        {
            "date": days(0).isoformat(),
            "item": "Tạm ứng",
            "amount": 2_000_000_001,
            "voucher": "PC 1",
        },
        h,
    )
    assert over.status_code == 422 and over.json()["error"]["code"] == "over_balance"
    spent = send(
        client,
        f"{BASE}/{pk}/expenditures",
        {"date": days(0).isoformat(), "item": "Tạm ứng", "amount": 900_000_000, "voucher": "PC 1"},
        h,
    )
    assert spent.status_code == 201
    progress = send(
        client, f"{BASE}/{pk}/progress", {"date": days(0).isoformat(), "percent": 25}, h
    )
    assert progress.status_code == 201
    detail = client.get(f"{BASE}/{pk}", **h).json()
    account = detail["account"]
    assert account["money_received"] == 2_000_000_000
    assert account["spent"] == 900_000_000 and account["balance"] == 1_100_000_000
    assert account["value_received"] == 2_096_000_000
    assert detail["progress"] == 25
    assert len(client.get(f"{BASE}/{pk}/contributions", **h).json()) == 2
    assert len(client.get(f"{BASE}/{pk}/expenditures", **h).json()) == 1
    xlsx = client.get(f"{BASE}/{pk}/account.xlsx", **h)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    stats = client.get(f"{BASE}/statistics", **h).json()
    assert Decimal(str(stats[0]["road_km"])) == Decimal("2.4")
    assert Decimal(str(stats[0]["labour_days"])) == Decimal(480)
    assert stats[0]["money_by_source"]["central"] == 2_000_000_000


def test_out_of_scope_is_404_and_front_cannot_write(
    world: World, client: Client, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    assert client.get(f"{BASE}/{project.pk}", **auth(world.officer_b)).status_code == 404
    assert client.get(f"{BASE}/{project.pk}", **auth(world.outsider)).status_code == 404
    assert client.get(f"{BASE}", **auth(world.outsider)).json()["count"] == 0
    front = auth(world.front_a)
    assert client.get(f"{BASE}/{project.pk}", **front).json()["can_manage"] is False
    denied = send(
        client,
        f"{BASE}/{project.pk}/contributions",
        {"source": "central", "kind": "money", "amount": "100"},
        front,
    )
    assert denied.status_code == 403


def test_update_with_stale_version(
    world: World, client: Client, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    h = auth(world.officer_a)
    body = {
        "name": "Đường thôn Khe Ngài",
        "kind": "road",
        "residential_areas": "thôn Khe Ngài",
        "length_km": "1.3",
        "planned_cost": 1_500_000_000,
        "starts_on": days(-60).isoformat(),
        "ends_on": days(120).isoformat(),
        "expected_version": project.version,
    }
    ok = send(client, f"{BASE}/{project.pk}", body, h, method="put")
    assert ok.status_code == 200 and ok.json()["planned_cost"] == 1_500_000_000
    again = send(client, f"{BASE}/{project.pk}", {**body, "name": "Khác"}, h, method="put")
    assert again.status_code == 409
