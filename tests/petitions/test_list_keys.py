"""The list's keys (`selectors.petition_list_and_keys`): the same cases as `petition_list`, in the
same order, counted the same, for every kind of user and filter, and the list page's
paginator reads its count and page keys from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from danvan.core.pagination import DeferredPaginator
from danvan.petitions import selectors
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_agency_set, petition_register
from tests.factories import UserFactory
from tests.petitions.conftest import World, petition_input

SCHOOL = "Phòng học của trường tiểu học thôn Đông xuống cấp, mái dột khi mưa lớn."


def _cases(world: World) -> list[Petition]:
    """Own cases of both communes and of the province on several dates (two on one date, so
    the id breaks the tie), and province cases that commune A coordinates."""
    today = timezone.localdate()
    made: list[Petition] = []
    for days, actor, extra in [
        (3, world.officer_a, {}),
        (3, world.officer_a, {"content": SCHOOL}),
        (1, world.officer_a, {"kind": "proposal"}),
        (5, world.officer_b, {"area_code": "19002"}),
        (2, world.officer, {"content": SCHOOL}),
        (2, world.officer, {}),
        (8, world.officer, {"kind": "proposal"}),
    ]:
        data = petition_input(received_on=today - dt.timedelta(days=days), **extra)
        made.append(petition_register(actor=actor, data=data))
    for provincial in made[4:6]:
        petition_agency_set(
            petition=provincial,
            actor=world.officer,
            organization=world.commune_a_org,
            role="coordinating",
            part="Xác minh hiện trạng",
            assignee=world.officer_a,
            due=today + dt.timedelta(days=10),
        )
    return made


# Each filter, and whether the cases of `_cases` hold a match for it (none is in an inbox).
FILTERS = [
    (selectors.PetitionFilters(), True),
    (selectors.PetitionFilters(kind="proposal"), True),
    (selectors.PetitionFilters(status="received"), True),
    (selectors.PetitionFilters(q="phòng học trường"), True),
    (selectors.PetitionFilters(area_code="19002"), True),
    (selectors.PetitionFilters(area_code="không-có"), False),
    (selectors.PetitionFilters(inbox=True), False),
]


def _users(world: World) -> list[Any]:
    superuser = UserFactory(username="quan.tri.khoa", is_superuser=True)
    outsider = UserFactory(username="ngoai.pham.vi.khoa")
    return [world.officer, world.officer_a, world.officer_b, world.viewer, superuser, outsider]


@pytest.mark.parametrize(("filters", "matches"), FILTERS, ids=[str(i) for i in range(len(FILTERS))])
def test_keys_are_the_lists_cases_in_its_order(
    world: World, filters: selectors.PetitionFilters, matches: bool
) -> None:
    made = _cases(world)
    seen_any = False
    for user in _users(world):
        listed = [p.pk for p in selectors.petition_list(user=user, filters=filters)]
        keys = selectors.petition_list_and_keys(user=user, filters=filters)[1]
        assert [row[0] for row in keys] == listed
        assert keys.count() == len(listed)
        seen_any = seen_any or bool(listed)
    assert seen_any is matches
    assert len(made) == 7


def test_commune_keys_hold_own_and_coordinated_cases_newest_first(world: World) -> None:
    made = _cases(world)
    keys = selectors.petition_list_and_keys(user=world.officer_a)[1]
    by_pk = {p.pk: p for p in made}
    got = [pk for pk, _ in keys]
    assert set(got) == {made[0].pk, made[1].pk, made[2].pk, made[4].pk, made[5].pk}
    dates = [by_pk[pk].received_on for pk in got]
    assert dates == sorted(dates, reverse=True)
    # two cases of the same day: the newer id first
    assert got.index(made[1].pk) < got.index(made[0].pk)


def test_anonymous_user_has_no_keys(world: World) -> None:
    _cases(world)
    assert selectors.petition_list_and_keys(user=AnonymousUser())[1].count() == 0


def test_paginator_pages_from_keys_match_pages_from_the_list(world: World) -> None:
    _cases(world)
    for user in (world.officer, world.officer_a):
        qs = selectors.petition_list(user=user)
        keys = selectors.petition_list_and_keys(user=user)[1]
        plain = DeferredPaginator(qs, 2)
        keyed = DeferredPaginator(qs, 2, keys=keys)
        searched = DeferredPaginator(qs, 2, keys=keys, keys_up_to=3)
        assert keyed.count == plain.count == searched.count
        for number in plain.page_range:
            expected = [p.pk for p in plain.page(number).object_list]
            assert [p.pk for p in keyed.page(number).object_list] == expected
            assert [p.pk for p in searched.page(number).object_list] == expected


def test_list_page_counts_and_shows_the_scoped_cases(world: World, client: Any) -> None:
    made = _cases(world)
    client.force_login(world.officer_a)
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 200
    shown = [p.pk for p in response.context["page"].object_list]
    assert shown == [p.pk for p in selectors.petition_list(user=world.officer_a)]
    assert response.context["page"].paginator.count == 5
    assert made[3].pk not in shown  # commune B's case
    inbox = client.get(reverse("petitions:inbox"))
    assert inbox.status_code == 200
    assert [p.pk for p in inbox.context["page"].object_list] == [
        p.pk
        for p in selectors.petition_list(
            user=world.officer_a, filters=selectors.PetitionFilters(inbox=True)
        )
    ]


def test_api_list_pages_from_the_keys(world: World, client: Any) -> None:
    _cases(world)
    client.force_login(world.officer_a)
    expected = [p.pk for p in selectors.petition_list(user=world.officer_a)]
    first = client.get("/api/v1/petitions", {"page_size": 2}).json()
    second = client.get("/api/v1/petitions", {"page_size": 2, "page": 2}).json()
    third = client.get("/api/v1/petitions", {"page_size": 2, "page": 3}).json()
    assert first["count"] == second["count"] == 5
    got = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert got == expected
    kind = client.get("/api/v1/petitions", {"kind": "proposal"}).json()
    assert [item["id"] for item in kind["items"]] == [
        p.pk
        for p in selectors.petition_list(
            user=world.officer_a, filters=selectors.PetitionFilters(kind="proposal")
        )
    ]


@pytest.mark.parametrize("up_to", [2, 3, 4, 5, 6])
def test_api_pages_are_the_same_below_at_and_above_the_keys_read_at_once(
    world: World, client: Any, monkeypatch: pytest.MonkeyPatch, up_to: int
) -> None:
    """`page_of(keys=...)` reads up to KEYS_UP_TO keys at once: fewer matches give the count
    and the page from that one statement; more are counted apart, and a page beyond them is
    read on its own. Every way gives the list's cases, in order, with the right count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.core.api import common

    _cases(world)
    monkeypatch.setattr(common, "KEYS_UP_TO", up_to)
    client.force_login(world.officer_a)
    client.get("/api/v1/petitions", {"page_size": 2})  # the session and scope, kept
    expected = [p.pk for p in selectors.petition_list(user=world.officer_a)]
    got = []
    for number in (1, 2, 3, 4):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/api/v1/petitions", {"page_size": 2, "page": number}).json()
        assert page["count"] == len(expected) == 5
        got += [item["id"] for item in page["items"]]
        counted = sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        assert counted == (0 if up_to >= 5 and number * 2 <= up_to else 1), number
    assert got == expected
