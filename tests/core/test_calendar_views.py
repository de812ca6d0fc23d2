"""The calendar pages: a year's days off and swaps, the deadline calculator, rule versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, include, path, reverse
from django.utils import timezone

from danvan.config import urls as project_urls
from danvan.core import urls as core_urls
from danvan.core.models import AuditEvent, CalendarOverride, DeadlineRule, Role
from danvan.core.services.calendar import calendar_load_reference
from danvan.core.views import calendar as calendar_views
from tests.factories import MembershipFactory, OrganizationFactory


def _core_has_calendar() -> bool:
    return any(getattr(p, "name", None) == "calendar" for p in core_urls.urlpatterns)


# Until danvan/core/urls.py includes the calendar pages, add them to the "core" namespace here.
if _core_has_calendar():
    urlpatterns = list(project_urls.urlpatterns)
else:
    _core = [*core_urls.urlpatterns, *calendar_views.urlpatterns]
    urlpatterns = [
        path("", include((_core, "core")))
        if isinstance(p, URLResolver) and p.namespace == "core"
        else p
        for p in project_urls.urlpatterns
    ]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
D = dt.date


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference() -> None:
    calendar_load_reference()


def _client_for(role: str, level: str = "province") -> Client:
    user = MembershipFactory(role=role, organization=OrganizationFactory(level=level)).user
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer() -> Client:
    return _client_for(Role.OFFICER)


@pytest.fixture
def admin() -> Client:
    return _client_for(Role.ADMINISTRATOR)


def test_anonymous_visitor_is_sent_to_login() -> None:
    response = Client().get(reverse("core:calendar"))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_officer_sees_the_holidays_and_swaps_of_the_year(officer: Client) -> None:
    response = officer.get(reverse("core:calendar"), {"nam": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày nghỉ và ngày làm việc bù năm 2026" in page
    assert "Năm 2026 có 249 ngày làm việc." in page
    assert "Tết Nguyên Đán" in page
    assert "Ngày Văn hóa Việt Nam" in page
    assert "Công văn 12729/VPCP-KGVX" in page
    # Not an administrator: no swap form, no delete buttons.
    assert "Thêm điều chỉnh lịch" not in page
    assert reverse("core:calendar_override_add") not in page


def test_calculator_shows_the_due_date_and_its_explanation(officer: Client) -> None:
    response = officer.get(
        reverse("core:calendar"), {"rule": "reception.reply", "start": "2026-02-13", "nam": 2026}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2026-03-06">06/03/2026</time>' in page
    assert "Không tính 16/02/2026 (Thứ Hai): nghỉ lễ, Tết — Giao thừa Tết Nguyên Đán." in page


def test_calculator_marks_an_unverified_source(officer: Client) -> None:
    page = officer.get(
        reverse("core:calendar"), {"rule": "petition.triage", "start": "2026-04-20"}
    ).content.decode()
    assert "nguồn chưa được kiểm chứng" in page


def test_htmx_calculator_returns_only_the_result(officer: Client) -> None:
    response = officer.get(
        reverse("core:calendar_deadline"),
        {"rule": "complaint.first.resolve", "start": "2026-03-06", "remote": "on"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert '<time datetime="2026-04-20">20/04/2026</time>' in page
    assert "vùng sâu, vùng xa, đi lại khó khăn" in page


def test_calculator_without_htmx_falls_back_to_the_full_page(officer: Client) -> None:
    response = officer.get(
        reverse("core:calendar_deadline"), {"rule": "reception.reply", "start": "2026-02-13"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:calendar") + "?")
    assert "rule=reception.reply" in response["Location"]


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"rule": "complaint.accept", "start": "2026-03-06", "complex": "on"}, "không có biến thể"),
        ({"rule": "denunciation.resolve", "start": "2018-01-01"}, "chỉ có hiệu lực từ ngày"),
        (
            {
                "rule": "denunciation.resolve",
                "start": "2026-07-01",
                "complex": "on",
                "especially_complex": "on",
            },
            "Chỉ chọn một trong hai",
        ),
        ({"rule": "no.such", "start": "2026-03-06"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"rule": "reception.reply", "start": "hôm qua"}, "Nhập một ngày hợp lệ"),
    ],
)
def test_calculator_explains_bad_input_in_vietnamese(
    officer: Client, params: dict[str, str], text: str
) -> None:
    response = officer.get(reverse("core:calendar_deadline"), params, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa tính được hạn" in page
    assert text in page


def test_administrator_adds_a_swap(admin: Client) -> None:
    page = admin.get(reverse("core:calendar"), {"nam": 2026}).content.decode()
    assert "Thêm điều chỉnh lịch" in page
    response = admin.post(
        reverse("core:calendar_override_add"),
        {
            "date": "2026-12-31",
            "kind": "off",
            "reason": "Nghỉ hoán đổi dịp Tết Dương lịch 2027",
            "source": "Công văn thử số 1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:calendar')}?nam=2026#ngay-nghi"
    row = CalendarOverride.objects.get(date=D(2026, 12, 31))
    assert (row.kind, row.customized) == ("off", True)
    assert AuditEvent.objects.filter(
        verb="calendar_override.create", target_id=str(row.pk)
    ).exists()
    page = admin.get(response["Location"]).content.decode()
    assert "Đã ghi điều chỉnh lịch ngày 31/12/2026" in page


def test_bad_swap_is_shown_again_with_vietnamese_errors(admin: Client) -> None:
    response = admin.post(
        reverse("core:calendar_override_add"),
        {"date": "2026-03-11", "kind": "work", "reason": "Làm bù", "source": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in page
    assert not CalendarOverride.objects.filter(date=D(2026, 3, 11)).exists()
    response = admin.post(
        reverse("core:calendar_override_add"),
        {"date": "2026-03-11", "kind": "work", "reason": "Làm bù", "source": "Văn bản"},
    )
    assert response.status_code == 400
    assert "vốn là ngày làm việc" in response.content.decode()


def test_officer_cannot_post_a_swap(officer: Client) -> None:
    response = officer.post(
        reverse("core:calendar_override_add"),
        {"date": "2026-12-31", "kind": "off", "reason": "x", "source": "y"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(date=D(2026, 12, 31)).exists()


def test_administrator_deletes_a_swap(admin: Client) -> None:
    url = reverse("core:calendar_override_delete", args=["2026-08-31"])
    page = admin.get(reverse("core:calendar"), {"nam": 2026}).content.decode()
    assert url in page
    response = admin.post(url)
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(date=D(2026, 8, 31)).exists()
    assert AuditEvent.objects.filter(verb="calendar_override.delete").count() == 1


def test_officer_cannot_delete_a_swap(officer: Client) -> None:
    response = officer.post(reverse("core:calendar_override_delete", args=["2026-08-31"]))
    assert response.status_code == 403
    assert CalendarOverride.objects.filter(date=D(2026, 8, 31)).exists()


def test_deleting_with_a_malformed_date_is_404(admin: Client) -> None:
    assert (
        admin.post(reverse("core:calendar_override_delete", args=["31-08-2026"])).status_code == 404
    )


def test_rules_page_lists_versions_sources_and_what_applies_today(officer: Client) -> None:
    page = officer.get(reverse("core:deadline_rules")).content.decode()
    assert "complaint.accept" in page
    assert "hết hiệu lực từ 01/07/2026" in page
    assert "Thông tư 05/2021/TT-TTCP" in page and "nguồn chưa được kiểm chứng" in page
    assert "đang áp dụng" in page
    assert "/sua/" not in page  # officers cannot edit


def test_administrator_edits_a_rule_version(admin: Client) -> None:
    rule = DeadlineRule.objects.get(rule_id="denunciation.initial")
    url = reverse("core:deadline_rule_edit", args=[rule.pk])
    form = admin.get(url)
    assert form.status_code == 200
    assert 'value="extended=10"' in form.content.decode()
    response = admin.post(
        url,
        {
            "title": rule.title,
            "starts_from": rule.starts_from,
            "length": 7,
            "unit": "working_days",
            "direction": "forward",
            "variants_text": "extended=12",
            "citation": rule.citation,
            "verified": "on",
            "note": rule.note,
            "valid_from": "2019-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    rule.refresh_from_db()
    assert (rule.variants, rule.customized) == ({"extended": 12}, True)


def test_rule_edit_with_a_bad_variant_shows_the_error(admin: Client) -> None:
    rule = DeadlineRule.objects.get(rule_id="denunciation.initial")
    response = admin.post(
        reverse("core:deadline_rule_edit", args=[rule.pk]),
        {
            "title": rule.title,
            "starts_from": rule.starts_from,
            "length": 7,
            "unit": "working_days",
            "direction": "forward",
            "variants_text": "extended=5",
            "citation": rule.citation,
            "valid_from": "2019-01-01",
        },
    )
    assert response.status_code == 400
    assert "(tổng thời hạn)" in response.content.decode()
    rule.refresh_from_db()
    assert rule.variants == {"extended": 10}


def test_administrator_adds_a_new_rule_version(admin: Client) -> None:
    rule = DeadlineRule.objects.get(rule_id="reception.reply")
    response = admin.post(
        reverse("core:deadline_rule_new_version", args=[rule.pk]),
        {
            "title": rule.title,
            "starts_from": rule.starts_from,
            "length": 8,
            "unit": "working_days",
            "direction": "forward",
            "variants_text": "",
            "citation": "Luật thử, Điều 1",
            "verified": "on",
            "valid_from": "2027-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    versions = list(DeadlineRule.objects.filter(rule_id="reception.reply").order_by("valid_from"))
    assert [(v.length, v.valid_from, v.valid_to) for v in versions] == [
        (10, D(2014, 7, 1), D(2027, 1, 1)),
        (8, D(2027, 1, 1), None),
    ]


def test_officer_cannot_open_the_rule_editor(officer: Client) -> None:
    rule = DeadlineRule.objects.get(rule_id="reception.reply")
    assert officer.get(reverse("core:deadline_rule_edit", args=[rule.pk])).status_code == 403
    assert officer.get(reverse("core:deadline_rule_new_version", args=[rule.pk])).status_code == 403


def test_editing_a_missing_rule_is_404(admin: Client) -> None:
    assert admin.get(reverse("core:deadline_rule_edit", args=[999999])).status_code == 404


def test_calendar_page_clamps_or_ignores_a_bad_year(admin: Client) -> None:
    far = admin.get(reverse("core:calendar"), {"nam": "3000"})
    assert far.status_code == 200
    assert "Ngày nghỉ và ngày làm việc bù năm 2100" in far.content.decode()
    garbled = admin.get(reverse("core:calendar"), {"nam": "abc"})
    assert garbled.status_code == 200
    this_year = timezone.localdate().year
    assert f"Ngày nghỉ và ngày làm việc bù năm {this_year}" in garbled.content.decode()
