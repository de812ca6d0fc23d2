"""Units named by a conference (co-organisers, invited units, supporting units of a conclusion)
are those its pages offer (`selectors.invitable_organizations`): a body of another province is
refused by the services, as the API passes codes straight to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from danvan.conferences import selectors, services
from danvan.conferences.inputs import ConclusionItemInput, InviteeInput, SupportInput
from danvan.conferences.models import Conclusion, Conference, Invitee
from danvan.core.errors import ValidationFailed
from tests.conferences.conftest import World, conclusion_input, days

pytestmark = pytest.mark.django_db


def test_the_picker_leaves_out_other_provinces(world: World) -> None:
    ids = {pk for pk, _name in selectors.invitable_organizations(user=world.officer)}
    assert {world.mttq.pk, world.snv.pk, world.hnd.pk} <= ids
    assert world.other_ubnd.pk not in ids


def test_officer_cannot_invite_another_provinces_body_at_scheduling(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        make_conference(invited_organization_ids=[world.snv.pk, world.other_ubnd.pk])
    assert "invited" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        make_conference(co_organizer_ids=[world.other_ubnd.pk])
    assert "co_organizers" in exc.value.fields
    assert not Conference.objects.exists()


def test_officer_cannot_add_another_provinces_body_as_invitee(
    world: World, make_conference: Callable[..., Conference]
) -> None:
    c = make_conference()
    before = Invitee.objects.filter(conference=c).count()
    with pytest.raises(ValidationFailed) as exc:
        services.invitee_add(
            conference=c,
            actor=world.officer,
            data=InviteeInput(organization_id=world.other_ubnd.pk),
        )
    assert "organization" in exc.value.fields
    assert Invitee.objects.filter(conference=c).count() == before


def test_a_supporting_unit_of_another_province_refuses_the_conclusion(
    world: World, held_conference: Conference, issue: Any
) -> None:
    data = conclusion_input(
        world,
        held_conference,
        items=[
            ConclusionItemInput(
                content="Tăng cường đối thoại với Nhân dân",
                lead_id=world.snv.pk,
                due=days(30),
                supporting=[SupportInput(world.other_ubnd.pk, "phối hợp")],
            )
        ],
    )
    with pytest.raises(ValidationFailed):
        services.conclusion_issue(conference=held_conference, actor=world.officer, data=data)
    assert not Conclusion.objects.exists()
