"""/api/v1/reports: catalogue and values of indicators, reports (create, write, submit, review,
409 on a stale version), records behind a figure, files, requests and their board, scope."""

from __future__ import annotations

import io
import json
import typing
from typing import Any

import pytest
from django.test import Client
from docx import Document

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.reports import api
from danvan.reports.indicators import indicators_all
from danvan.reports.periods import KINDS
from danvan.reports.states import Status
from tests.reports.fixtures import RESULTS, RWorld, register

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports"


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


def test_the_schema_codes_follow_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(KINDS)
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)


def test_catalogue_lists_every_indicator(client: Client, rworld: RWorld) -> None:
    response = client.get(f"{BASE}/indicators", **auth(rworld.viewer))
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert codes == [i.code for i in indicators_all()]
    assert "petitions.received.topic.dat_dai" in codes


def test_values_for_a_period(client: Client, rworld: RWorld) -> None:
    import datetime as dt

    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    headers = auth(rworld.officer)
    response = client.get(
        f"{BASE}/indicators/values", {"organization": "44-UBND", "period": "2026-H1"}, **headers
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["kind"] == "six-month"
    assert data["window_start"] == "2025-12-15"
    assert data["values"]["petitions.received"] == 1
    bad = client.get(
        f"{BASE}/indicators/values",
        {"organization": "44-UBND", "period": "2026-H1", "kind": "year"},
        **headers,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"]["period"]
    # Another province's unit is outside the caller's reach.
    other = client.get(
        f"{BASE}/indicators/values", {"organization": "68-UBND", "period": "2026-H1"}, **headers
    )
    assert other.status_code == 422


def test_request_write_submit_review(client: Client, rworld: RWorld) -> None:
    import datetime as dt

    register(rworld.officer_a, on=dt.date(2026, 3, 2))
    province = auth(rworld.officer)
    commune = auth(rworld.officer_a)
    created = send(
        client,
        "post",
        f"{BASE}/requests",
        {
            "organization_code": "44-UBND",
            "kind": "six-month",
            "period": "2026-H1",
            "due_on": "2026-06-20",
        },
        province,
    )
    assert created.status_code == 201, created.content
    board = created.json()
    assert (board["total"], board["sent"], board["missing"]) == (2, 0, 2)
    report_id = next(
        r["report_id"] for r in board["rows"] if r["organization_code"] == "19001-UBND"
    )

    detail = client.get(f"{BASE}/{report_id}", **commune).json()
    assert detail["status"] == "draft" and detail["can_edit"] and not detail["figures_frozen"]
    received = next(f for f in detail["figures"] if f["code"] == "petitions.received")
    assert received["value"] == 1

    stale = send(
        client,
        "patch",
        f"{BASE}/{report_id}",
        {"expected_version": 99, "results": RESULTS},
        commune,
    )
    assert stale.status_code == 409
    written = send(
        client,
        "patch",
        f"{BASE}/{report_id}",
        {
            "expected_version": detail["version"],
            "results": RESULTS,
            "recipients": ["UBND tỉnh", "Lưu: VT"],
        },
        commune,
    )
    assert written.status_code == 200, written.content
    assert written.json()["recipients"] == ["UBND tỉnh", "Lưu: VT"]
    sent = send(
        client,
        "post",
        f"{BASE}/{report_id}/submit",
        {"expected_version": written.json()["version"], "issued_on": "2026-06-19"},
        commune,
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["number"] == "01/BC-UBND"
    assert sent.json()["figures_frozen"]

    # The commune cannot accept its own report; the province can.
    refused = send(
        client,
        "post",
        f"{BASE}/{report_id}/review",
        {"expected_version": sent.json()["version"], "action": "accept"},
        commune,
    )
    assert refused.status_code == 403
    accepted = send(
        client,
        "post",
        f"{BASE}/{report_id}/review",
        {"expected_version": sent.json()["version"], "action": "accept"},
        province,
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    board = client.get(f"{BASE}/requests/{board['id']}", **province).json()
    assert (board["sent"], board["accepted"], board["missing"]) == (1, 1, 1)

    records = client.get(f"{BASE}/{report_id}/figures/petitions.received/records", **province)
    assert records.status_code == 200
    assert records.json()["total"] == 1
    assert client.get(f"{BASE}/{report_id}/figures/nope/records", **province).status_code == 404

    docx = client.get(f"{BASE}/{report_id}/file", {"format": "docx"}, **province)
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BÁO CÁO" in text


def test_scope(client: Client, rworld: RWorld) -> None:
    created = send(
        client,
        "post",
        BASE,
        {"organization_code": "19001-UBND", "kind": "year", "period": "2025"},
        auth(rworld.officer_a),
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert client.get(f"{BASE}/{rid}", **auth(rworld.officer_b)).status_code == 404
    assert client.get(f"{BASE}/{rid}", **auth(rworld.outsider)).status_code == 404
    assert client.get(f"{BASE}/{rid}", **auth(rworld.viewer)).status_code == 200
    listed = client.get(BASE, **auth(rworld.officer_b)).json()
    assert listed["count"] == 0
    mismatch = send(
        client,
        "post",
        BASE,
        {"organization_code": "19001-UBND", "kind": "year", "period": "2025-H1"},
        auth(rworld.officer_a),
    )
    assert mismatch.status_code == 422
