"""/api/v1/calendar: deadline, holidays of a year, rule versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja import NinjaAPI

from danvan.api.main import api as main_api
from danvan.config import urls as project_urls
from danvan.core.api import calendar as calendar_api
from danvan.core.services.calendar import calendar_load_reference
from tests.core.test_deadlines import RULE_IDS_OF_RULES_MD as RULE_IDS
from tests.factories import MembershipFactory


def _router_mounted() -> bool:
    return any(reg[1] is calendar_api.router for reg in main_api._router_registrations)


# Until the router is mounted in danvan/api/main.py, serve it from an API configured like the
# main one (same error handlers and default auth), at the same address.
if _router_mounted():
    urlpatterns = list(project_urls.urlpatterns)
else:
    _api = NinjaAPI(urls_namespace="calendar_test_api", auth=main_api.auth)
    _api._exception_handlers.update(main_api._exception_handlers)
    _api.add_router("/calendar", calendar_api.router)
    urlpatterns = [path("api/v1/", _api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/api/v1/calendar"


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client() -> Client:
    calendar_load_reference()
    user = MembershipFactory().user
    client = Client()
    client.force_login(user)
    return client


def test_deadline_returns_due_date_rule_version_and_explanation(client: Client) -> None:
    response = client.get(
        f"{URL}/deadline", {"rule": "complaint.first.resolve", "start": "2026-03-06"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due"] == "2026-04-06"
    assert body["rule"] == {
        "id": "complaint.first.resolve",
        "title": "Giải quyết khiếu nại lần đầu",
        "version_valid_from": "2012-07-01",
        "version_valid_to": None,
        "citation": "Luật Khiếu nại 02/2011/QH13, Điều 28",
        "verified": True,
    }
    assert (body["length"], body["unit"], body["direction"]) == (30, "calendar_days", "forward")
    kinds = [step["kind"] for step in body["explanation"]]
    assert kinds[0] == "rule" and "moved" in kinds and kinds[-1] == "due"
    moved = next(step for step in body["explanation"] if step["kind"] == "moved")
    assert moved["date"] == "2026-04-06"


def test_deadline_with_variants_and_suspension(client: Client) -> None:
    response = client.get(
        f"{URL}/deadline",
        {
            "rule": "complaint.first.resolve",
            "start": "2026-01-01",
            "remote": "true",
            "complex": "true",
            "suspend": ["2026-01-05/2026-01-20"],
        },
    )
    body = response.json()
    assert response.status_code == 200, body
    # 60 days + 16 suspended from 1/1: day 76 is 18/3 (a Wednesday).
    assert (body["variant"], body["length"], body["base_length"]) == ("remote_complex", 60, 30)
    assert (body["suspended_days"], body["due"]) == (16, "2026-03-18")


def test_deadline_shows_an_unverified_source(client: Client) -> None:
    body = client.get(f"{URL}/deadline", {"rule": "petition.triage", "start": "2026-04-20"}).json()
    assert body["rule"]["verified"] is False
    assert body["due"] == "2026-05-07"


def test_unknown_rule_is_404_in_the_api_error_format(client: Client) -> None:
    response = client.get(f"{URL}/deadline", {"rule": "x.y", "start": "2026-03-06"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "x.y" in error["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rule": "complaint.accept", "start": "2026-03-06", "complex": "true"}, "variant"),
        ({"rule": "denunciation.resolve", "start": "2018-06-01"}, "start"),
        (
            {
                "rule": "denunciation.resolve",
                "start": "2026-07-01",
                "complex": "true",
                "especially_complex": "true",
            },
            "variant",
        ),
        ({"rule": "reception.reply", "start": "2026-03-06", "suspend": ["2026-03-09"]}, "suspend"),
        ({"rule": "reception.reply", "start": "2026-02-30"}, "start"),
        ({"rule": "reception.reply"}, "start"),
        ({"rule": "complaint.filing_limit", "start": "9999-12-31"}, "start"),
        (
            {
                "rule": "complaint.filing_limit",
                "start": "2026-01-05",
                "suspend": ["2026-01-06/9999-12-31"],
            },
            "suspend",
        ),
    ],
)
def test_bad_deadline_input_is_422_naming_the_field(
    client: Client, params: dict[str, Any], field: str
) -> None:
    response = client.get(f"{URL}/deadline", params)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert field in error["fields"]
    assert error["message"]


def test_holidays_of_2026_list_holidays_and_swaps(client: Client) -> None:
    response = client.get(f"{URL}/holidays", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026 and body["working_days"] == 249
    days = {day["date"]: day for day in body["days"]}
    assert days["2026-11-24"]["kind"] == "holiday" and not days["2026-11-24"]["working"]
    assert days["2026-01-10"] == {
        "date": "2026-01-10",
        "weekday": "Thứ Bảy",
        "working": True,
        "kind": "override_work",
        "kind_label": "Ngày làm việc bù (điều chỉnh lịch)",
        "name": "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026 (hoán đổi dịp Tết Dương lịch 2026)",
        "source": "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
        "override": True,
    }
    assert days["2026-02-17"]["override"] is False


def test_holidays_of_a_year_out_of_range_is_422(client: Client) -> None:
    assert client.get(f"{URL}/holidays", {"year": 2500}).status_code == 422


def test_rules_lists_every_version_or_those_in_force_on_a_date(client: Client) -> None:
    every = client.get(f"{URL}/rules").json()
    assert len(every) == 21
    on = client.get(f"{URL}/rules", {"on": "2026-07-01"}).json()
    accept = [rule for rule in on if rule["id"] == "complaint.accept"]
    assert [(r["length"], r["valid_from"]) for r in accept] == [(7, "2026-07-01")]
    resolve = next(rule for rule in on if rule["id"] == "denunciation.resolve")
    assert resolve["variants"] == {"complex": 60, "especially_complex": 90}


_DATES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.text(max_size=12),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rule=st.one_of(st.sampled_from(sorted(RULE_IDS)), st.text(max_size=20)),
    start=_DATES,
    flags=st.fixed_dictionaries(
        {},
        optional={
            name: st.sampled_from(["true", "false", "1", "x"])
            for name in ("complex", "especially_complex", "remote", "extended")
        },
    ),
    suspend=st.lists(st.tuples(_DATES, _DATES).map("/".join), max_size=2),
)
def test_deadline_never_answers_with_a_server_error(
    client: Client, rule: str, start: str, flags: dict[str, str], suspend: list[str]
) -> None:
    response = client.get(
        f"{URL}/deadline", {"rule": rule, "start": start, "suspend": suspend, **flags}
    )
    assert response.status_code in {200, 400, 404, 422}, response.content
    if response.status_code == 200:
        assert response.json()["due"]
    else:
        assert response.json()["error"]["message"]
