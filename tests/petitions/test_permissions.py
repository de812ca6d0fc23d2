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
