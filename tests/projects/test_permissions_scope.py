"""Who sees and manages which project: commune officers their own commune, the province leader
every commune below, the Front reads only, nobody outside the province; the public side names
only the contributors who agreed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404

from danvan.core.errors import PermissionDenied
from danvan.projects import permissions, selectors, services
from danvan.projects.inputs import ContributionInput
from danvan.projects.models import Project
from tests.projects.conftest import World, money

pytestmark = pytest.mark.django_db


def test_other_commune_officer_sees_nothing(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    assert list(selectors.project_list(user=world.officer_b)) == []
    with pytest.raises(Http404):
        selectors.project_get(user=world.officer_b, pk=project.pk)
    with pytest.raises(Http404):
        selectors.project_get(user=world.outsider, pk=project.pk)


def test_front_reads_but_does_not_manage(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    assert selectors.project_get(user=world.front_a, pk=project.pk) == project
    assert not permissions.can_manage(world.front_a, project)
    with pytest.raises(PermissionDenied):
        money(project, world.front_a, 100)


def test_province_leader_manages_every_commune_below(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project(actor=world.leader)
    assert permissions.can_manage(world.leader, project)
    assert project in selectors.project_list(user=world.leader)
    assert not permissions.can_manage(world.officer_b, project)


def test_public_contributors_hide_unlisted_names(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    money(project, world.officer_a, 500, source="province")
    for name, listed, amount in (
        ("Hộ ông Hồ Văn Lâm", True, 320),
        ("Hộ bà Kín Tên", False, 100),
        ("Hộ ông Giấu Tên", False, 80),
    ):
        services.contribution_record(
            actor=world.officer_a,
            project=project,
            data=ContributionInput(
                source="residents", kind="land", amount=amount, contributor=name, listed=listed
            ),
        )
    rows = selectors.public_contributors(project=project)
    names = [r.name for r in rows]
    assert "Hộ ông Hồ Văn Lâm" in names and "Ngân sách tỉnh" in names
    assert not any("Tên" in n for n in names)
    grouped = [r for r in rows if r.grouped]
    assert len(grouped) == 1 and grouped[0].count == 2 and grouped[0].amount == 180


def test_cancelled_projects_are_not_public(
    world: World, make_project: Callable[..., Project]
) -> None:
    from danvan.projects.inputs import TransitionInput

    project = make_project()
    services.project_transition(
        actor=world.officer_a,
        project=project,
        data=TransitionInput(to="cancelled", expected_version=project.version, reason="Hết vốn"),
    )
    with pytest.raises(Http404):
        selectors.public_get(pk=project.pk)
