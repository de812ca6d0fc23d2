"""/api/v1/democracy: create and publish, 409 on a stale version, 404 out of scope, computed
outcome, statistics, and the public commune endpoint without an account."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.democracy import legal
from danvan.democracy.models import CommunityDecision, Disclosure
from tests.democracy.conftest import World, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/democracy"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, path: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_create_publish_and_stale_version_409(world: World, client: Client) -> None:
    h = auth(world.officer_a)
    r = post(
        client,
        f"{BASE}/disclosures",
        {
            "organization_code": "19564-UBND",
            "group": "dau_tu_dat_dai",
            "title": "Kế hoạch sử dụng đất",
            "decision_date": "2024-03-01",
        },
        h,
    )
    assert r.status_code == 201, r.content
    assert r["Cache-Control"] == "no-store"  # the answer holds the record: never cached
    out = r.json()
    assert out["publish_due"] == "2024-03-08" and out["overdue"] is True
    pk, version = out["id"], out["version"]
    publish = {
        "published_on": "2024-03-11",
        "channels": ["niem_yet"],
        "display_to": "2024-04-30",
        "expected_version": version,
    }
    r = post(client, f"{BASE}/disclosures/{pk}/publish", publish, h)
    assert r.status_code == 200 and r.json()["late"] is True
    assert r["Cache-Control"] == "no-store"
    r = post(client, f"{BASE}/disclosures/{pk}/publish", publish, h)
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_record_out_of_scope_is_404(
    world: World,
    client: Client,
    make_disclosure: Callable[..., Disclosure],
    make_decision: Callable[..., CommunityDecision],
) -> None:
    d = make_disclosure()
    dec = make_decision()
    h = auth(world.outsider)
    assert client.get(f"{BASE}/disclosures/{d.pk}", **h).status_code == 404
    assert client.get(f"{BASE}/decisions/{dec.pk}", **h).status_code == 404
    assert client.get(f"{BASE}/disclosures", **h).json()["count"] == 0
    assert client.get(f"{BASE}/disclosures/{d.pk}", **auth(world.viewer)).status_code == 200


def test_decision_outcome_and_thresholds_in_the_answer(world: World, client: Client) -> None:
    h = auth(world.officer_a)
    r = post(
        client,
        f"{BASE}/decisions",
        {
            "organization_code": "19564-UBND",
            "residential_area": "Thôn Tà Mẻ",
            "matter": "dong_gop_cong_trinh",
            "title": "Đường bê tông thôn Tà Mẻ",
            "form": "ballot",
            "held_on": days(-1).isoformat(),
            "total_households": 96,
            "participating": 70,
            "agreeing": 58,
            "against": 10,
        },
        h,
    )
    assert r.status_code == 201, r.content
    assert r["Cache-Control"] == "no-store"
    out = r.json()
    assert out["passed"] is False
    assert out["approval"]["minimum_households"] == 64 and out["approval"]["met"] is False
    assert out["quorum"]["minimum_households"] == 49 and out["quorum"]["met"] is True
    stats = client.get(f"{BASE}/statistics", **h).json()
    assert [(s["organization_code"], s["failed"]) for s in stats] == [("19564-UBND", 1)]


def test_public_endpoint_needs_no_account_and_hides_drafts(
    world: World, client: Client, make_disclosure: Callable[..., Disclosure]
) -> None:
    make_disclosure(title="Bản nháp")
    r = client.get(f"{BASE}/public/19564")
    assert r.status_code == 200
    assert r.json()["current"] == [] and r.json()["commune_name"] == "Xã Đakrông"
    ref = client.get(f"{BASE}/reference", **auth(world.viewer)).json()
    assert [g["code"] for g in ref["disclosure_groups"]] == [
        g["code"] for g in legal.disclosure_groups()
    ]
