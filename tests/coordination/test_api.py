"""/api/v1/coordination: documents, obligations, programmes, plans; scoped; errors."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danvan.coordination import api
from danvan.coordination.models import DocumentKind, LegalDocument
from danvan.coordination.states import PlanStatus, ProgrammeStatus, Recurrence
from danvan.core.models import Task, User
from danvan.core.services.accounts import api_token_issue
from tests.coordination.conftest import World, days

pytestmark = pytest.mark.django_db
BASE = "/api/v1/coordination"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def post(client: Client, path: str, body: Any, user: User) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=auth(user))


def get(client: Client, path: str, user: User, data: dict[str, Any] | None = None) -> Any:
    return client.get(path, data, headers=auth(user))


def test_schema_codes_match_the_models() -> None:
    assert set(typing.get_args(api.KindCode)) == set(DocumentKind.values)
    assert set(typing.get_args(api.ProgrammeStatusCode)) == set(ProgrammeStatus.values)
    assert set(typing.get_args(api.PlanStatusCode)) == set(PlanStatus.values)
    assert set(typing.get_args(api.RecurrenceCode)) == set(Recurrence.values)


def test_register_document_then_obligation_then_read(world: World) -> None:
    client = Client()
    response = post(
        client,
        f"{BASE}/documents",
        {
            "kind": "directive",
            "reference": "05-CT/UBND",
            "issued_on": days(-2).isoformat(),
            "issuer_name": "UBND tỉnh Quảng Trị",
            "title": "Chỉ thị về công tác dân vận chính quyền",
            "organization_code": "44-UBND",
        },
        world.officer,
    )
    assert response.status_code == 201, response.content
    doc_id = response.json()["id"]
    response = post(
        client,
        f"{BASE}/documents/{doc_id}/obligations",
        {
            "content": "Đối thoại với Nhân dân",
            "lead_code": "44-SDTTG",
            "due": days(30).isoformat(),
            "supporting": [{"organization_code": "44-MTTQ", "part": "tập hợp kiến nghị"}],
        },
        world.officer,
    )
    assert response.status_code == 201, response.content
    assert response.json()["task"]["status"] == "open"
    assert response.json()["supporting"][0]["part"] == "tập hợp kiến nghị"
    detail = get(client, f"{BASE}/documents/{doc_id}", world.officer).json()
    assert detail["completion"]["total"] == 1
    listed = get(client, f"{BASE}/documents", world.officer, {"q": "dan van"}).json()
    assert listed["count"] == 1
    # Another province: 404 for the detail, nothing in the list.
    assert get(client, f"{BASE}/documents/{doc_id}", world.outsider).status_code == 404
    assert get(client, f"{BASE}/documents", world.outsider).json()["count"] == 0


def test_duplicate_and_malformed_references_are_422(
    world: World, register: Callable[..., LegalDocument]
) -> None:
    first = register()
    body = {
        "kind": "directive",
        "reference": first.reference,
        "issued_on": first.issued_on.isoformat(),
        "issuer_name": "UBND",
        "title": "Trùng",
        "organization_code": "44-UBND",
    }
    response = post(Client(), f"{BASE}/documents", body, world.officer)
    assert response.status_code == 422
    assert "reference" in response.json()["error"]["fields"]
    body["reference"] = "abc"
    assert post(Client(), f"{BASE}/documents", body, world.officer).status_code == 422


def test_programme_and_plan_endpoints(world: World) -> None:
    client = Client()
    response = post(
        client,
        f"{BASE}/programmes",
        {
            "title": "Chương trình phối hợp công tác dân vận",
            "reference": "01-CTr/BTGDV-CA",
            "organization_code": "44-BTGDV",
            "party_codes": ["44-BTGDV", "44-CA"],
            "lead_codes": ["44-BTGDV", "44-CA"],
            "starts_on": "2025-08-15",
            "signed_on": "2025-08-15",
            "duties": [
                {"party_code": "44-CA", "text": "Báo cáo 6 tháng", "recurrence": "half_yearly"}
            ],
        },
        world.leader,
    )
    assert response.status_code == 201, response.content
    programme = response.json()
    assert programme["status"] == "signed"
    response = post(
        client,
        f"{BASE}/plans",
        {
            "title": "Kế hoạch năm 2027",
            "year": 2027,
            "organization_code": "44-BTGDV",
            "programme_id": programme["id"],
            "items": [{"content": "Báo cáo 6 tháng", "lead_code": "44-CA", "due": "2027-06-15"}],
        },
        world.leader,
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    response = post(
        client, f"{BASE}/plans/{plan['id']}/issue", {"expected_version": 1}, world.leader
    )
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["task"]["status"] == "open"
    assert Task.objects.count() == 1
    # Issuing again: 422 (not a draft any more); stale version elsewhere is 409.
    again = post(client, f"{BASE}/plans/{plan['id']}/issue", {"expected_version": 2}, world.leader)
    assert again.status_code == 422
    detail = get(client, f"{BASE}/programmes/{programme['id']}", world.ca_officer)
    assert detail.status_code == 200
    assert detail.json()["plans"][0]["completion"]["total"] == 1
    assert get(client, f"{BASE}/programmes/{programme['id']}", world.outsider).status_code == 404
    assert get(client, f"{BASE}/plans", world.ca_officer).json()["count"] == 1


def test_anonymous_is_refused() -> None:
    assert Client().get(f"{BASE}/documents").status_code == 401
