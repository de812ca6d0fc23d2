"""/api/v1/monitoring/reports: list, create, read, edit (409 on a stale version), move, periodic
updates, the answer, links — scoped to the caller, with structured errors."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danvan.core.models import User
from danvan.core.services.accounts import api_token_issue
from danvan.monitoring.api import reports as api
from danvan.monitoring.models import IssueLink, IssueReport
from danvan.monitoring.states import LinkKind, Source, Status
from danvan.petitions.services import petition_register
from tests.monitoring.conftest import MonitoringWorld, days, today
from tests.petitions.conftest import petition_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stub_classifier")]
BASE = "/api/v1/monitoring/reports"

Make = Callable[..., IssueReport]


@pytest.fixture(autouse=True)
def _api_setup(settings: Any) -> None:
    settings.DANVAN_API_WRITE_RATE = "1000/min"


def auth(user: User) -> dict[str, Any]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client: Client, method: str, path: str, body: Any, user: User) -> Any:
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **auth(user)
    )


def new_report(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Xe chở rác từ tỉnh khác về bãi rác gây ô nhiễm",
        "description": "Hằng đêm hàng chục lượt xe tải chở rác về đổ tại bãi rác của xã, "
        "người dân phản ứng vì mùi hôi.",
        "source": "press",
        "topic": "moi_truong",
        "severity": 3,
        "people_affected": 400,
        "organization_code": "19001-UBND",
        "area_code": "19001",
        "reported_on": days(-4).isoformat(),
    }
    values.update(overrides)
    return values


def test_the_schema_codes_match_the_state_tables() -> None:
    assert set(typing.get_args(api.StatusCode)) == set(Status.values)
    assert set(typing.get_args(api.SourceCode)) == set(Source.values)
    assert set(typing.get_args(api.LinkTypeCode)) == set(LinkKind.values)


def test_create_read_and_list(mw: MonitoringWorld, client: Client) -> None:
    response = send(client, "post", BASE, new_report(flag_security=True), mw.officer_a)
    assert response.status_code == 201, response.content
    data = response.json()
    assert response["Location"].endswith(f"/{data['id']}")
    assert response["Cache-Control"] == "no-store"
    assert (data["status"], data["area"]["code"], data["province_code"]) == ("new", "19001", "44")
    assert data["sensitive"] is True
    assert data["allowed_moves"] == ["verifying", "escalated", "being_resolved", "unfounded"]
    assert data["topic_suggested"] == "kinh_te_do_thi"  # the stub classifier
    assert data["next_update_due"] == days(3).isoformat()
    listing = client.get(BASE, {"q": "bai rac"}, **auth(mw.officer_a)).json()
    assert (listing["count"], listing["items"][0]["id"]) == (1, data["id"])
    assert client.get(BASE, **auth(mw.officer_b)).json()["count"] == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "khong_co"}, "topic"),
        ({"area_code": "19002"}, "area"),
        ({"organization_code": "19002-UBND"}, "organization_code"),
        ({"source": "petitions"}, "petitions"),
        ({"reported_on": days(2).isoformat()}, "reported_on"),
    ],
)
def test_create_refusals_name_the_field(
    mw: MonitoringWorld, client: Client, overrides: dict[str, Any], field: str
) -> None:
    response = send(client, "post", BASE, new_report(**overrides), mw.officer_a)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert not IssueReport.objects.exists()


def test_bounds_are_checked_before_the_service(mw: MonitoringWorld, client: Client) -> None:
    for overrides in ({"severity": 9}, {"people_affected": -3}, {"title": "x" * 301}):
        response = send(client, "post", BASE, new_report(**overrides), mw.officer_a)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"


def test_reader_cannot_create(mw: MonitoringWorld, client: Client) -> None:
    response = send(client, "post", BASE, new_report(organization_code=None), mw.viewer)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_out_of_scope_report_is_404(mw: MonitoringWorld, client: Client, make_report: Make) -> None:
    report = make_report()
    for path in (f"{BASE}/{report.pk}", f"{BASE}/{report.pk}/updates", f"{BASE}/{report.pk}/links"):
        response = client.get(path, **auth(mw.officer_b))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    response = send(
        client, "patch", f"{BASE}/{report.pk}", {"expected_version": 1, "severity": 1}, mw.outsider
    )
    assert response.status_code == 404


def test_stale_version_is_409(mw: MonitoringWorld, client: Client, make_report: Make) -> None:
    report = make_report()
    path = f"{BASE}/{report.pk}"
    ok = send(client, "patch", path, {"expected_version": 1, "severity": 4}, mw.officer_a)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = send(client, "patch", path, {"expected_version": 1, "severity": 1}, mw.officer_a)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert IssueReport.objects.get(pk=report.pk).severity == 4


def test_escalate_answer_and_move_on(
    mw: MonitoringWorld, client: Client, make_report: Make
) -> None:
    report = make_report()
    path = f"{BASE}/{report.pk}"
    wrong = send(
        client,
        "post",
        f"{path}/transitions",
        {
            "to": "escalated",
            "expected_version": 1,
            "escalated_to_code": "19002-UBND",
            "recommendation": "Đề nghị tỉnh chỉ đạo.",
        },
        mw.officer_a,
    )
    assert wrong.status_code == 422
    assert "escalated_to" in wrong.json()["error"]["fields"]
    response = send(
        client,
        "post",
        f"{path}/transitions",
        {
            "to": "escalated",
            "expected_version": 1,
            "escalated_to_code": "44-UBND",
            "recommendation": "Đề nghị tỉnh chỉ đạo xử lý dứt điểm.",
        },
        mw.officer_a,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["escalated_to"]["code"] == "44-UBND"
    assert data["answer_due"] is not None
    answer = {"expected_version": data["version"], "answer": "Giao Sở Nông nghiệp và Môi trường."}
    assert send(client, "post", f"{path}/answer", answer, mw.officer_a).status_code == 403
    as_province = client.get(path, **auth(mw.officer)).json()
    assert as_province["can_answer"] is True and as_province["can_work"] is True
    response = send(client, "post", f"{path}/answer", answer, mw.officer)
    assert response.status_code == 200
    assert response.json()["answered_on"] == today().isoformat()
    illegal = send(
        client,
        "post",
        f"{path}/transitions",
        {"to": "monitoring", "expected_version": response.json()["version"]},
        mw.officer_a,
    )
    assert illegal.status_code == 422
    assert illegal.json()["error"]["code"] == "illegal_transition"


def test_periodic_update_and_timeline(
    mw: MonitoringWorld, client: Client, make_report: Make
) -> None:
    report = make_report()
    path = f"{BASE}/{report.pk}/updates"
    response = send(
        client,
        "post",
        path,
        {"expected_version": 1, "text": "Đã làm việc với đơn vị vận chuyển rác.", "severity": 2},
        mw.officer_a,
    )
    assert response.status_code == 201
    assert response.json()["severity"] == 2
    timeline = client.get(path, **auth(mw.officer_a)).json()
    assert [u["text"] for u in timeline] == ["Đã làm việc với đơn vị vận chuyển rác."]
    assert IssueReport.objects.get(pk=report.pk).severity == 2


def test_links_follow_the_callers_scope(
    mw: MonitoringWorld, client: Client, make_report: Make
) -> None:
    report = make_report()
    mine = petition_register(actor=mw.officer_a, data=petition_input())
    theirs = petition_register(actor=mw.officer_b, data=petition_input(area_code="19002"))
    path = f"{BASE}/{report.pk}/links"
    hidden = send(
        client,
        "post",
        path,
        {"target_type": "petitions.petition", "target_id": theirs.pk},
        mw.officer_a,
    )
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"
    response = send(
        client,
        "post",
        path,
        {"target_type": "petitions.petition", "target_id": mine.pk},
        mw.officer_a,
    )
    assert response.status_code == 201
    link = response.json()
    assert (link["visible"], link["url"]) == (True, f"/don-thu/{mine.pk}/")
    again = send(
        client,
        "post",
        path,
        {"target_type": "petitions.petition", "target_id": mine.pk},
        mw.officer_a,
    )
    assert again.status_code == 422
    deleted = client.delete(f"{path}/{link['id']}", **auth(mw.officer_a))
    assert deleted.status_code == 204
    assert not IssueLink.objects.exists()
    assert client.delete(f"{path}/{link['id']}", **auth(mw.officer_a)).status_code == 404


def test_counts_and_open_by_area(mw: MonitoringWorld, client: Client, make_report: Make) -> None:
    make_report()
    make_report(severity=4)
    counts = client.get(f"{BASE}/counts", **auth(mw.party)).json()
    assert counts["new"] == 2 and counts["resolved"] == 0
    areas = client.get(f"{BASE}/open-by-area", **auth(mw.party)).json()
    assert areas == {
        "provinces": {"44": 2},
        "communes": {"19001": 2},
        "sensitive": {},
        "severe": {"44": 1},
        "total": 2,
    }
    assert client.get(f"{BASE}/open-by-area", **auth(mw.outsider)).json()["total"] == 0


def test_anonymous_is_401(client: Client) -> None:
    response = client.get(BASE)
    assert response.status_code == 401
