"""Who sees and who records: the organiser's people manage, participating units record in their
own name, everyone else in scope reads, and the rest get a 404. List selectors keep a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from danvan.campaigns import permissions, selectors
from danvan.campaigns.models import Campaign
from danvan.core.errors import PermissionDenied, ValidationFailed
from tests.campaigns.conftest import World, campaign_input, record

pytestmark = pytest.mark.django_db


def test_visibility_follows_the_organiser_and_participating_units(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    for user in (world.manager, world.leader, world.viewer, world.officer_a, world.front_a):
        assert selectors.campaign_get(user=user, pk=campaign.pk) == campaign
        assert list(selectors.campaign_list(user=user)) == [campaign]
    for user in (world.officer_b, world.outsider):
        with pytest.raises(Http404):
            selectors.campaign_get(user=user, pk=campaign.pk)
        assert list(selectors.campaign_list(user=user)) == []


def test_predicates_separate_managing_recording_and_reading(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    assert permissions.can_manage(world.manager, campaign)
    assert permissions.can_manage(world.leader, campaign)
    assert not permissions.can_manage(world.officer_a, campaign)
    assert permissions.recording_units(world.officer_a, campaign) == [world.commune_a_org.pk]
    assert permissions.recording_units(world.front_a, campaign) == [world.commune_a_front.pk]
    assert permissions.recording_units(world.viewer, campaign) == []
    assert permissions.can_view(world.viewer, campaign)
    assert not permissions.can_view(world.officer_b, campaign)


def test_a_participant_records_only_in_its_own_name(
    world: World, running: Callable[..., Campaign]
) -> None:
    campaign = running()
    activity = record(campaign, world.front_a, values=(2,))
    assert activity.organization_id == world.commune_a_front.pk
    with pytest.raises(ValidationFailed) as exc:
        record(campaign, world.front_a, values=(2,), organization=world.board)
    assert "organization" in exc.value.fields
    for user in (world.viewer, world.officer_b, world.outsider):
        with pytest.raises(PermissionDenied):
            record(campaign, user, values=(1,))


def test_a_commune_cannot_organise_outside_its_area(world: World) -> None:
    from danvan.campaigns import services

    with pytest.raises(ValidationFailed):
        services.campaign_create(
            actor=world.officer_a,
            data=campaign_input(
                world,
                organization_id=world.commune_a_org.pk,
                area_ids=[world.commune_b.pk],
                units=[],
            ),
        )
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_create(
            actor=world.officer_a, data=campaign_input(world, organization_id=world.board.pk)
        )
    assert "organization" in exc.value.fields
    own = services.campaign_create(
        actor=world.officer_a,
        data=campaign_input(world, organization_id=None, units=[]),
    )
    assert own.organization_id == world.commune_a_org.pk


def test_filters_by_kind_status_unit_year_and_words(
    world: World, running: Callable[..., Campaign], planned: Callable[..., Campaign]
) -> None:
    a = running()
    b = planned(kind="information", title="Tuyên truyền phòng, chống sốt xuất huyết", units=[])
    user = world.leader

    def ids(**kw: Any) -> set[int]:
        return {
            c.pk
            for c in selectors.campaign_list(user=user, filters=selectors.CampaignFilters(**kw))
        }

    assert ids(kind="information") == {b.pk}
    assert ids(status="running") == {a.pk}
    assert ids(organization_id=world.commune_a_org.pk) == {a.pk}
    assert ids(year=a.starts_on.year) >= {a.pk}
    assert ids(year=2001) == set()
    assert ids(q="sot xuat huyet") == {b.pk}


def test_list_and_summary_keep_a_fixed_number_of_queries(
    world: World, running: Callable[..., Campaign], django_assert_max_num_queries: Any
) -> None:
    for i in range(6):
        c = running(title=f"Cuộc vận động số {i}")
        record(c, world.manager, values=(i + 1, 100, 50))
    user = world.leader
    with django_assert_max_num_queries(8):
        rows = list(selectors.campaign_list(user=user))
        progress = selectors.targets_progress([c.pk for c in rows])
        assert len(rows) == 6 and len(progress) == 6
        assert all(r.people == 10 for r in rows)
    from danvan.core.selectors.scope import scope_reset

    scope_reset(user)
    year = rows[0].starts_on.year
    with django_assert_max_num_queries(8):
        summary = selectors.campaign_summary(user=user, year=year)
    assert [(r.organization_name, r.campaigns, r.running, r.people_reached) for r in summary] == [
        (world.board.name, 6, 6, 60)
    ]
    assert summary[0].targets_total == 18
    # 45 households: nobody met it; 100 m² of 12,500: no; latest 50 % of 100: no.
    assert summary[0].targets_met == 0
