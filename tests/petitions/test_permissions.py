"""Who may read and handle petitions (docs/permissions.md, "Petitions"), role by role."""

from __future__ import annotations

import pytest
from django.http import Http404

from danvan.core.errors import PermissionDenied
from danvan.core.models import Role
from danvan.petitions import permissions
from danvan.petitions.selectors import petition_get
from danvan.petitions.services import petition_register
from tests.factories import MembershipFactory, UserFactory
from tests.petitions.conftest import World, petition_input

READERS = {Role.OFFICER, Role.LEADER, Role.PARTY_COMMITTEE, Role.INSPECTOR, Role.VIEWER}
HANDLERS = {Role.OFFICER, Role.LEADER}


@pytest.mark.parametrize("role", list(Role.values))
def test_each_role_at_the_commune_reads_and_handles_its_cases_as_documented(
    world: World, role: str
) -> None:
    user = UserFactory()
    MembershipFactory(user=user, organization=world.commune_a_org, role=role)
    petition = petition_register(actor=world.officer_a, data=petition_input())

    if role in READERS:
        assert petition_get(user=user, pk=petition.pk) == petition
    else:
        with pytest.raises(Http404):
            petition_get(user=user, pk=petition.pk)
    assert permissions.can_handle(user, petition) is (role in HANDLERS)
    if role in HANDLERS:
        assert petition_register(actor=user, data=petition_input()).organization == (
            world.commune_a_org
        )
    else:
        with pytest.raises(PermissionDenied):
            petition_register(actor=user, data=petition_input())


@pytest.mark.parametrize("role", list(Role.values))
def test_board_shows_a_cases_deadlines_only_to_roles_that_read_petitions(
    world: World, role: str
) -> None:
    # docs/permissions.md: a case's deadlines are part of the case. The Front and
    # administrators see the board of their organisation, but not the petitions on it.
    import datetime as dt

    from danvan.core.selectors.obligations import obligation_board
    from danvan.core.services.obligations import ObligationSpec, obligation_sync

    user = UserFactory()
    MembershipFactory(user=user, organization=world.commune_a_org, role=role)
    petition = petition_register(actor=world.officer_a, data=petition_input())
    obligation_sync(
        target=world.commune_a_org,
        specs=[
            ObligationSpec(
                key="k",
                kind="task",
                title="Việc chung của xã",
                started_on=dt.date(2026, 3, 2),
                due=dt.date(2026, 3, 20),
                organization_id=world.commune_a_org.pk,
            )
        ],
    )

    rows = obligation_board(user=user).rows
    targets = {(r.obligation.target_type, r.obligation.target_id) for r in rows}

    assert ("core.organization", world.commune_a_org.pk) in targets
    assert (("petitions.petition", petition.pk) in targets) is (role in READERS)


def test_who_is_late_panel_counts_case_deadlines_only_for_roles_that_read_petitions(
    world: World,
) -> None:
    import datetime as dt

    from danvan.core.selectors.obligations import obligation_lateness

    petition_register(actor=world.officer_a, data=petition_input())  # triage due 16/3/2026
    administrator = UserFactory()
    MembershipFactory(user=administrator, organization=world.commune_a_org, role=Role.ADMINISTRATOR)
    leader = UserFactory()
    MembershipFactory(user=leader, organization=world.commune_a_org, role=Role.LEADER)
    later = dt.date(2026, 6, 1)

    assert obligation_lateness(user=leader, on=later).late_total == 2  # triage and acceptance
    assert obligation_lateness(user=administrator, on=later).late_total == 0
