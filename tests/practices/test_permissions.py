"""Who registers, who sets up and scores a council, who recognises at which level."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.practices import permissions, services
from danvan.practices.inputs import CouncilInput, MemberInput, ScoreInput
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.practices.conftest import (
    GOOD,
    World,
    evaluate,
    launch,
    open_council,
    recognise,
    register,
)

pytestmark = pytest.mark.django_db


def test_council_must_be_set_up_by_ban_tgdv_or_ubnd_of_the_level(world: World) -> None:
    model = register(world, org=world.org_a, actor=world.officer_a)
    launch(world, model, actor=world.officer_a)
    # A department is not a council body.
    assert not permissions.council_covers(world.stp, model)
    # The province bodies cover a commune model; commune B's People's Committee does not.
    assert permissions.council_covers(world.btgdv, model)
    assert permissions.council_covers(world.ubnd, model)
    assert not permissions.council_covers(world.org_b, model)
    with pytest.raises(ValidationFailed):
        services.evaluation_open(
            model=model,
            actor=world.officer_b,
            data=CouncilInput(
                council_org_id=world.org_b.pk,
                held_on=dt.date(2025, 11, 1),
                members=[MemberInput(full_name="A")],
                expected_version=model.version,
            ),
        )


def test_officer_of_the_registering_unit_cannot_set_up_the_council(world: World) -> None:
    model = register(world)
    launch(world, model)
    with pytest.raises(PermissionDenied):
        services.evaluation_open(
            model=model,
            actor=world.officer_stp,
            data=CouncilInput(
                council_org_id=world.btgdv.pk,
                held_on=dt.date(2025, 11, 1),
                members=[MemberInput(full_name="A")],
                expected_version=model.version,
            ),
        )


def test_member_with_an_account_scores_only_their_own_sheet(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluation = open_council(world, model, juror=True)
    juror_member = evaluation.members.get(user=world.juror)
    paper_member = evaluation.members.order_by("position").first()
    assert paper_member is not None
    # The runner may not fill in the sheet of a member who has an account ...
    with pytest.raises(PermissionDenied):
        services.score_record(
            evaluation=evaluation,
            actor=world.runner,
            data=ScoreInput(member_id=juror_member.pk, points=GOOD, expected_version=1),
        )
    # ... nor may the juror fill in someone else's.
    with pytest.raises(PermissionDenied):
        services.score_record(
            evaluation=evaluation,
            actor=world.juror,
            data=ScoreInput(member_id=paper_member.pk, points=GOOD, expected_version=1),
        )
    evaluation.refresh_from_db()
    services.score_record(
        evaluation=evaluation,
        actor=world.juror,
        data=ScoreInput(
            member_id=juror_member.pk, points=GOOD, expected_version=evaluation.version
        ),
    )
    assert juror_member.scores.count() == 5
    # The juror does not run the council: closing is not theirs.
    evaluation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.evaluation_close(
            evaluation=evaluation, actor=world.juror, expected_version=evaluation.version
        )


def test_only_a_leader_of_the_level_recognises(world: World) -> None:
    model = register(world)
    launch(world, model)
    evaluate(world, model, [GOOD, GOOD])
    model.refresh_from_db()
    assert permissions.recognising_levels(world.officer_stp, model) == []
    assert permissions.recognising_levels(world.runner, model) == []
    assert permissions.recognising_levels(world.leader, model) == ["province"]
    # The commune leader has no say over a province department's model.
    assert permissions.recognising_levels(world.leader_a, model) == []
    with pytest.raises(PermissionDenied):
        recognise(world, model, level="national")
    model.refresh_from_db()
    assert model.status == "evaluated"


def test_commune_leader_recognises_any_model_of_the_commune_at_commune_level(world: World) -> None:
    front = UserFactory(username="mattran.a")
    MembershipFactory(user=front, organization=world.mttq_a, role="front")
    model = register(world, org=world.mttq_a, actor=front, registrant_kind="front")
    assert permissions.recognising_levels(world.leader_a, model) == ["commune"]
    other = register(world, org=world.org_b, actor=world.officer_b)
    assert permissions.recognising_levels(world.leader_a, other) == []


def test_viewer_reads_but_cannot_register(world: World) -> None:
    assert permissions.registering_organization_ids(world.viewer) == frozenset()
    model = register(world)
    assert permissions.can_view(world.viewer, model)
    assert not permissions.can_manage(world.viewer, model)


def test_commune_council_covers_only_its_commune(world: World) -> None:
    btgdv_a: Any = OrganizationFactory(
        code="22945-BTGDV", kind="ban_tgdv", level="commune", area=world.commune_a
    )
    model_a = register(world, org=world.org_a, actor=world.officer_a)
    model_b = register(world, org=world.org_b, actor=world.officer_b)
    assert permissions.council_covers(btgdv_a, model_a)
    assert not permissions.council_covers(btgdv_a, model_b)
