"""Pages: staff lists, forms and actions; scope (another commune's record is a 404); the public
index and commune page show published items only, without an account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from danvan.democracy import services
from danvan.democracy.inputs import PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure
from tests.democracy.conftest import World, days

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _published(d: Disclosure, world: World, *, on: dt.date, length: int = 30) -> Disclosure:
    return services.disclosure_publish(
        disclosure=d,
        actor=world.officer_a,
        data=PublishInput(
            published_on=on,
            channels=["niem_yet"],
            display_from=on,
            display_to=on + dt.timedelta(days=length - 1),
        ),
        expected_version=d.version,
    )


def test_officer_records_and_publishes_through_the_pages(world: World) -> None:
    c = _client(world.officer_a)
    assert c.get(reverse("democracy:disclosures")).status_code == 200
    assert c.get(reverse("democracy:disclosure_create")).status_code == 200
    r = c.post(
        reverse("democracy:disclosure_create"),
        {
            "organization": world.org_a.pk,
            "group": "an_sinh",
            "title": "Danh sách hộ nghèo được bình xét",
            "decision_date": days(-2).isoformat(),
            "channels": ["niem_yet"],
        },
    )
    assert r.status_code == 302
    d = Disclosure.objects.get(title="Danh sách hộ nghèo được bình xét")
    assert c.get(reverse("democracy:disclosure", args=[d.pk])).status_code == 200
    r = c.post(
        reverse("democracy:disclosure_publish", args=[d.pk]),
        {
            "published_on": days(-1).isoformat(),
            "channels": ["niem_yet", "truyen_thanh"],
            "display_from": days(-1).isoformat(),
            "display_to": days(28).isoformat(),
            "expected_version": d.version,
        },
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == "published" and d.channels == ["niem_yet", "truyen_thanh"]


def test_publish_with_a_short_posting_period_shows_the_error(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    d = make_disclosure()
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_publish", args=[d.pk]),
        {
            "published_on": days(-1).isoformat(),
            "channels": ["niem_yet"],
            "display_from": days(-1).isoformat(),
            "display_to": days(5).isoformat(),
            "expected_version": d.version,
        },
    )
    assert r.status_code == 422
    assert "ít nhất 30 ngày" in r.content.decode()


def test_stale_publish_is_409(world: World, make_disclosure: Callable[..., Disclosure]) -> None:
    d = make_disclosure()
    r = _client(world.officer_a).post(
        reverse("democracy:disclosure_publish", args=[d.pk]),
        {
            "published_on": days(-1).isoformat(),
            "channels": ["niem_yet"],
            "display_to": days(40).isoformat(),
            "expected_version": d.version + 5,
        },
    )
    assert r.status_code == 409


def test_other_commune_cannot_see_the_records(
    world: World,
    make_disclosure: Callable[..., Disclosure],
    make_decision: Callable[..., CommunityDecision],
) -> None:
    d = make_disclosure()
    dec = make_decision()
    c = _client(world.outsider)
    assert c.get(reverse("democracy:disclosure", args=[d.pk])).status_code == 404
    assert c.get(reverse("democracy:decision", args=[dec.pk])).status_code == 404
    assert d.title not in c.get(reverse("democracy:disclosures")).content.decode()
    viewer = _client(world.viewer)
    assert viewer.get(reverse("democracy:disclosure", args=[d.pk])).status_code == 200
    # A viewer cannot record.
    assert viewer.get(reverse("democracy:disclosure_create")).status_code == 403


def test_decision_pages_show_ratio_and_threshold_and_leader_recognises(
    world: World, make_decision: Callable[..., CommunityDecision]
) -> None:
    c = _client(world.officer_a)
    r = c.post(
        reverse("democracy:decision_create"),
        {
            "organization": world.org_a.pk,
            "residential_area": "Thôn Ba Ngăn",
            "matter": "huong_uoc",
            "title": "Sửa đổi hương ước thôn Ba Ngăn",
            "form": "meeting",
            "held_on": days(-3).isoformat(),
            "total_households": 85,
            "participating": 61,
            "agreeing": 55,
            "against": 3,
        },
    )
    assert r.status_code == 302
    dec = CommunityDecision.objects.get(title="Sửa đổi hương ước thôn Ba Ngăn")
    page = c.get(reverse("democracy:decision", args=[dec.pk])).content.decode()
    assert "&gt; 1/2" in page and "64,7%" in page  # 55/85 = 64.7 %
    assert (
        c.post(
            reverse("democracy:decision_send", args=[dec.pk]),
            {"sent_on": days(-1).isoformat(), "expected_version": dec.version},
        ).status_code
        == 302
    )
    dec.refresh_from_db()
    leader = _client(world.leader_a)
    r = leader.post(
        reverse("democracy:decision_recognise", args=[dec.pk]),
        {"recognised": "1", "decided_on": days(0).isoformat(), "expected_version": dec.version},
    )
    assert r.status_code == 302
    dec.refresh_from_db()
    assert dec.status == "recognised"
    assert c.get(reverse("democracy:decisions")).status_code == 200
    assert c.get(reverse("democracy:statistics")).status_code == 200


def test_public_pages_show_published_items_only(
    world: World, make_disclosure: Callable[..., Disclosure]
) -> None:
    on_display = _published(make_disclosure(title="Đang niêm yết"), world, on=days(-2))
    ended = _published(
        make_disclosure(title="Đã hết hạn niêm yết", decision_date=days(-60)),
        world,
        on=days(-58),
    )
    make_disclosure(title="Bản nháp chưa công khai")
    anonymous = Client()
    index = anonymous.get(reverse("democracy:public_disclosures"))
    assert index.status_code == 200
    assert reverse("democracy:public_commune", args=["19564"]) in index.content.decode()
    page = anonymous.get(reverse("democracy:public_commune", args=["19564"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert on_display.title in body and ended.title in body
    assert "Bản nháp chưa công khai" not in body
    current = body.split('id="current"')[1].split('id="archive"')[0]
    assert on_display.title in current and ended.title not in current
    assert anonymous.get(reverse("democracy:public_commune", args=["99999"])).status_code == 404
