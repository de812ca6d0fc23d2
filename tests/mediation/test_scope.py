"""Who sees what: cases in scope, parties only inside the team's commune, 404 outside."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404

from danvan.core.errors import PermissionDenied
from danvan.mediation import permissions, selectors, services
from danvan.mediation.inputs import SessionInput
from danvan.mediation.models import Case
from tests.mediation.conftest import World, days

pytestmark = pytest.mark.django_db


def test_case_visibility_by_scope(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    for user in (world.officer_a, world.front_user_a, world.leader):
        assert selectors.case_get(user=user, pk=case.pk).pk == case.pk
        assert list(selectors.case_list(user=user)) == [case]
    for user in (world.officer_b, world.outsider):
        with pytest.raises(Http404):
            selectors.case_get(user=user, pk=case.pk)
        assert list(selectors.case_list(user=user)) == []


def test_parties_only_for_the_teams_commune(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    parties = selectors.case_parties(user=world.officer_a, case=case)
    assert parties is not None
    assert [p.full_name for p in parties] == ["Hồ Văn Ái", "Hồ Văn Bốn"]
    front_view = selectors.case_parties(user=world.front_user_a, case=case)
    assert front_view is not None and len(front_view) == 2
    # The province leader sees the case (and manages it) but not the personal data.
    assert selectors.case_parties(user=world.leader, case=case) is None
    assert permissions.can_manage_case(world.leader, case)


def test_front_of_the_commune_reads_but_does_not_manage(
    world: World, new_case: Callable[..., Case]
) -> None:
    case = new_case()
    assert not permissions.can_manage_case(world.front_user_a, case)
    with pytest.raises(PermissionDenied):
        services.session_add(
            case=case,
            actor=world.front_user_a,
            data=SessionInput(held_on=days(-1), place="Nhà", content="Nội dung"),
        )


def test_team_visibility(world: World, new_case: Callable[..., Case]) -> None:
    case = new_case()
    assert [t.pk for t in selectors.team_list(user=world.officer_a)] == [case.team_id]
    assert list(selectors.team_list(user=world.officer_b)) == []
    with pytest.raises(Http404):
        selectors.team_get(user=world.outsider, pk=case.team_id)
