"""The create and edit pages of disclosures and community decisions: what each answer is when
the form does not validate, the service refuses, another person saved first, or all is well."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.democracy.models import CommunityDecision, Disclosure
from tests.democracy.conftest import World, days

pytestmark = pytest.mark.django_db

CONFLICT = "Bản ghi vừa được người khác cập nhật"


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _disclosure_post(world: World, d: Disclosure, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization": world.org_a.pk,
        "group": d.group,
        "title": "Dự toán ngân sách xã (đã sửa)",
        "decision_date": d.decision_date.isoformat(),
        "channels": ["niem_yet"],
        "expected_version": d.version,
    }
    values.update(overrides)
    return values


def _decision_post(world: World, dec: CommunityDecision, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization": world.org_a.pk,
        "residential_area": dec.residential_area,
        "matter": dec.matter,
        "title": "Làm đường bê tông thôn Khe Ngài (đã sửa)",
        "form": dec.form,
        "held_on": dec.held_on.isoformat(),
        "total_households": 120,
        "participating": 104,
        "agreeing": 92,
        "against": 8,
        "expected_version": dec.version,
    }
    values.update(overrides)
    return values


def test_disclosure_edit_saves_and_goes_to_the_record(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    c = _client(world.officer_a)
    url = reverse("democracy:disclosure_edit", args=[d.pk])
    r = c.post(url, _disclosure_post(world, d))
    assert r.status_code == 302
    assert r["Location"] == reverse("democracy:disclosure", args=[d.pk])
    assert "Đã lưu nội dung công khai." in c.get(r["Location"]).content.decode()
    d.refresh_from_db()
    assert d.title == "Dự toán ngân sách xã (đã sửa)"


def test_disclosure_edit_with_a_stale_version_keeps_the_form_and_answers_409(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_edit", args=[d.pk]),
        _disclosure_post(world, d, expected_version=d.version + 3),
    )
    page = r.content.decode()
    assert r.status_code == 409
    assert CONFLICT in page  # the message on top of the page
    assert "Dự toán ngân sách xã (đã sửa)" in page  # the form as sent
    d.refresh_from_db()
    assert d.title != "Dự toán ngân sách xã (đã sửa)"


def test_disclosure_edit_shows_the_service_error_with_its_status(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_edit", args=[d.pk]),
        _disclosure_post(
            world, d, display_from=days(5).isoformat(), display_to=days(1).isoformat()
        ),
    )
    assert r.status_code == 422
    assert "không được trước ngày bắt đầu" in r.content.decode()


def test_disclosure_edit_with_an_invalid_form_is_400(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_edit", args=[d.pk]), _disclosure_post(world, d, title="")
    )
    assert r.status_code == 400


def test_disclosure_create_answers_400_on_a_service_error(world: World) -> None:
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_create"),
        {
            "organization": world.org_a.pk,
            "group": "an_sinh",
            "title": "Danh sách hộ nghèo",
            "decision_date": days(-2).isoformat(),
            "channels": ["niem_yet"],
            "display_from": days(5).isoformat(),
            "display_to": days(1).isoformat(),
        },
    )
    assert r.status_code == 400
    assert "không được trước ngày bắt đầu" in r.content.decode()
    assert not Disclosure.objects.exists()


def test_decision_edit_saves_and_goes_to_the_record(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    dec = make_decision()
    c = _client(world.officer_a)
    r = c.post(reverse("democracy:decision_edit", args=[dec.pk]), _decision_post(world, dec))
    assert r.status_code == 302
    assert r["Location"] == reverse("democracy:decision", args=[dec.pk])
    assert "Đã lưu biên bản." in c.get(r["Location"]).content.decode()


def test_decision_edit_with_a_stale_version_keeps_the_form_and_answers_409(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    dec = make_decision()
    r = _client(world.officer_a).post(
        reverse("democracy:decision_edit", args=[dec.pk]),
        _decision_post(world, dec, expected_version=dec.version + 2),
    )
    page = r.content.decode()
    assert r.status_code == 409
    assert CONFLICT in page and "Khe Ngài (đã sửa)" in page


def test_decision_edit_shows_the_service_error_with_its_status(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    dec = make_decision()
    r = _client(world.officer_a).post(
        reverse("democracy:decision_edit", args=[dec.pk]),
        _decision_post(world, dec, participating=130),
    )
    assert r.status_code == 422


def test_decision_create_answers_400_on_a_service_error(world: World) -> None:
    r = _client(world.officer_a).post(
        reverse("democracy:decision_create"),
        {
            "organization": world.org_a.pk,
            "residential_area": "Thôn Khe Ngài",
            "matter": "dong_gop_cong_trinh",
            "title": "Làm đường",
            "form": "meeting",
            "held_on": days(-2).isoformat(),
            "total_households": 100,
            "participating": 130,
            "agreeing": 90,
            "against": 0,
        },
    )
    assert r.status_code == 400
    assert not CommunityDecision.objects.exists()
