"""Who sees which conference (scope down the hierarchy, invited and co-organising units), and
the query counts of the list reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from danvan.conferences import permissions, selectors
from danvan.conferences.models import Conclusion, Conference
from tests.conferences.conftest import World, days, move

pytestmark = pytest.mark.django_db


def visible(user: object) -> set[int]:
    return set(selectors.conference_list(user=user).values_list("id", flat=True))


def test_scope_organiser_invited_co_organiser_and_outsider(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(co_organizer_ids=[world.btgdv.pk], invited_organization_ids=[world.snv.pk])
    assert c.pk in visible(world.officer)  # organiser
    assert c.pk in visible(world.snv_officer)  # invited unit
    assert c.pk not in visible(world.outsider)
    assert c.pk not in visible(world.front)  # the Front is neither invited nor co-organising
    with pytest.raises(Http404):
        selectors.conference_get(user=world.outsider, pk=c.pk)
    assert permissions.can_view(world.snv_officer, c) and not permissions.can_view(world.front, c)


def test_commune_officer_does_not_see_province_conference_unless_invited(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(invited_organization_ids=[world.snv.pk])
    assert c.pk not in visible(world.commune_officer)
    d = make_conference(invited_organization_ids=[world.commune_org.pk])
    assert d.pk in visible(world.commune_officer)


def test_province_leader_sees_conferences_of_the_whole_province(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference(
        actor=world.snv_officer, organization_id=world.snv.pk, invited_organization_ids=[]
    )
    assert c.pk in visible(world.leader)
    assert c.pk in visible(world.officer)  # the department is below the People's Committee
    assert not permissions.can_organise(world.front, c)
    assert permissions.can_organise(world.officer, c)


def test_schedule_only_lists_upcoming_within_the_window(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    soon = make_conference(date=days(6))
    far = make_conference(date=days(200))
    past = make_conference(date=days(-4))
    move(past, world.officer, "invited", on=days(-9))
    move(past, world.officer, "held")
    rows = selectors.schedule(user=world.officer, filters=selectors.ConferenceFilters(), weeks=8)
    ids = [c.pk for c in rows]
    assert soon.pk in ids and far.pk not in ids and past.pk not in ids
    groups = selectors.schedule_groups(rows, by="week")
    assert all(g.start.weekday() == 0 and (g.end - g.start).days == 6 for g in groups)


def test_list_selectors_query_counts(
    world: World,
    make_conference: Callable[..., Conference],
    issue: Callable[..., Conclusion],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(6):
        c = make_conference(date=days(-3 - n))
        move(c, world.officer, "invited", on=days(-12))
        move(c, world.officer, "held")
        issue(c)
    for n in range(6):
        make_conference(date=days(2 + n))
    user = world.officer
    selectors.conference_list(user=user).count()  # the scope is computed once per user
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        rows = selectors.schedule(user=user, filters=selectors.ConferenceFilters())
        assert len(rows) == 6 and all(len(r.chairs.all()) == 2 for r in rows)
        assert all(r.organization.name for r in rows)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        past = list(
            selectors.conference_list(user=user, filters=selectors.ConferenceFilters(when="past"))
        )
        summaries = selectors.conclusion_summaries(conference_ids=[c.pk for c in past])
        assert len(past) == 6 and all(s.total == 2 for s in summaries.values())
    one = past[0]
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        rows2, summary = selectors.conclusion_rows(conference=one)
        assert summary.total == 2 and all(r.supports for r in rows2)


def test_pages_query_counts_do_not_grow_with_rows(
    client: Client,
    world: World,
    make_conference: Callable[..., Conference],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(12):
        make_conference(date=days(2 + n))
    client.force_login(world.officer)
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get(reverse("conferences:list")).status_code == 200
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get(reverse("conferences:past")).status_code == 200
