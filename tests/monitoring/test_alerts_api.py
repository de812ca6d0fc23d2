"""/api/v1/monitoring/alerts: list, detail with the statistic and the evidence, acknowledge,
assign, close; 404 outside the scope, 403 for readers, 409 on a stale version."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.monitoring.api import alerts as api
from danvan.monitoring.states import AlertKind, AlertStatus
from tests.monitoring.alerts_fixtures import (  # noqa: F401
    AlertWorld,
    _rules,
    aw,
    sensitive_alert,
    world,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/monitoring/alerts"


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, path: str, body: Any, user: User) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **auth(user))


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.KindCode)) == set(AlertKind.values)
    assert set(typing.get_args(api.StatusCode)) == set(AlertStatus.values)


def test_list_and_detail(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)

    page = client.get(BASE, {"status": "open_any", "area": "19001"}, **auth(aw.ban_officer))
    assert page.status_code == 200
    body = page.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == alert.pk and item["kind"] == "sensitive"
    assert item["area"] == {"code": "19001", "name": "Xã An"}
    assert item["organization"]["code"] == "44-BTGDV"

    detail = client.get(f"{BASE}/{alert.pk}", **auth(aw.ban_officer)).json()
    assert detail["allowed_actions"] == ["acknowledge", "assign", "close", "link"]
    assert detail["explanation"]["rule"] == "sensitive"
    (evidence,) = detail["evidence"]
    assert evidence["target_type"] == "monitoring.issuereport"
    assert evidence["url"] == f"/nam-tinh-hinh/van-de/{evidence['target_id']}/"


def test_outside_the_scope_is_404(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    assert client.get(f"{BASE}/{alert.pk}", **auth(aw.w.officer_b)).status_code == 404
    assert client.get(BASE, **auth(aw.w.officer_b)).json()["count"] == 0
    assert client.get(f"{BASE}/{2**63 - 1}", **auth(aw.ban_officer)).status_code == 404


def test_acknowledge_assign_close(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    officer = aw.ban_officer

    r = post(client, f"{BASE}/{alert.pk}/acknowledge", {"expected_version": 1}, officer)
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    stale = post(client, f"{BASE}/{alert.pk}/acknowledge", {"expected_version": 1}, officer)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"

    bad = post(
        client,
        f"{BASE}/{alert.pk}/assign",
        {"expected_version": 2, "assignee_id": aw.w.officer_b.pk},
        officer,
    )
    assert bad.status_code == 422 and "assignee" in bad.json()["error"]["fields"]
    r = post(
        client,
        f"{BASE}/{alert.pk}/assign",
        {"expected_version": 2, "assignee_id": aw.leader_a.pk},
        officer,
    )
    assert r.status_code == 200 and r.json()["assignee"]["username"] == "lanhdao.a"

    short = post(client, f"{BASE}/{alert.pk}/close", {"expected_version": 3, "note": "x"}, officer)
    assert short.status_code == 422
    r = post(
        client,
        f"{BASE}/{alert.pk}/close",
        {"expected_version": 3, "note": "Đã xác minh, ổn định"},
        aw.leader_a,
    )
    assert r.status_code == 200
    assert r.json()["status"] == "closed" and r.json()["allowed_actions"] == []
    again = post(
        client, f"{BASE}/{alert.pk}/close", {"expected_version": 4, "note": "Lần nữa"}, officer
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "illegal_move"


def test_readers_get_403(client: Client, aw: AlertWorld) -> None:  # noqa: F811
    alert = sensitive_alert(aw)
    r = post(client, f"{BASE}/{alert.pk}/acknowledge", {"expected_version": 1}, aw.front_a)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


def test_link_the_alert_to_a_report_or_open_one_from_it(
    client: Client,
    aw: AlertWorld,  # noqa: F811
) -> None:
    from danvan.monitoring.models import IssueReport

    alert = sensitive_alert(aw)
    officer = aw.leader_a  # the area's leader sees the commune's report
    source_id = alert.evidence.get().target_id
    reports_before = IssueReport.objects.count()

    missing = post(
        client, f"{BASE}/{alert.pk}/report", {"expected_version": 1, "report_id": 2**62}, officer
    )
    assert missing.status_code == 422 and "report" in missing.json()["error"]["fields"]

    linked = post(
        client,
        f"{BASE}/{alert.pk}/report",
        {"expected_version": 1, "report_id": source_id},
        officer,
    )
    assert linked.status_code == 200, linked.json()
    assert linked.json()["issue_report_id"] == source_id
    assert IssueReport.objects.count() == reports_before

    created = post(
        client, f"{BASE}/{alert.pk}/report", {"expected_version": 2, "create": True}, officer
    )
    assert created.status_code == 200
    new_id = created.json()["issue_report_id"]
    assert new_id != source_id
    report = IssueReport.objects.get(pk=new_id)
    assert report.title == alert.title[:300]
    assert report.area_id == alert.area_id
    assert IssueReport.objects.count() == reports_before + 1
