"""Participating units are those the plan form offers (`selectors.unit_choices`: the active
organisations of the organiser's area); a body of another province is refused by the service,
since a participating unit sees the campaign and may record activities for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danvan.campaigns import selectors, services
from danvan.campaigns.inputs import CampaignChanges, UnitInput
from danvan.campaigns.models import Campaign, CampaignUnit
from danvan.core.errors import ValidationFailed
from tests.campaigns.conftest import World

pytestmark = pytest.mark.django_db


def test_the_form_does_not_offer_another_provinces_body(world: World) -> None:
    ids = {pk for pk, _name in selectors.unit_choices(organizations=[world.board])}
    assert world.commune_a_front.pk in ids
    assert world.other_org.pk not in ids


def test_manager_cannot_plan_with_a_unit_of_another_province(
    world: World, planned: Callable[..., Campaign]
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        planned(units=[UnitInput(world.other_org.pk, "Phối hợp")])
    assert "units" in exc.value.fields
    assert not Campaign.objects.exists()


def test_manager_cannot_add_a_unit_of_another_province_later(
    world: World, planned: Callable[..., Campaign]
) -> None:
    c = planned()
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_update(
            campaign=c,
            actor=world.manager,
            changes=CampaignChanges(
                units=[
                    UnitInput(world.commune_a_org.pk, "Chủ trì vận động tại địa bàn"),
                    UnitInput(world.other_org.pk, "Phối hợp"),
                ]
            ),
            expected_version=c.version,
        )
    assert "units" in exc.value.fields
    assert not CampaignUnit.objects.filter(campaign=c, organization=world.other_org).exists()
