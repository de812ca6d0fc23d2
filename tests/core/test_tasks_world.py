"""Shared set-up of the task tests (no tests here): a province, two communes, a supporting
unit (commune A's Fatherland Front) and people with roles.

`tasks_world`: the province People's Committee with its leader (an oversight role: sees the
whole province) and a viewer; commune A's People's Committee with an officer and a leader;
commune A's Fatherland Front (MTTQ, no parent) with an officer; commune B with an officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import pytest

from danvan.core.models import AdminUnit, Organization, Role, Task, User
from danvan.core.services.tasks import task_create
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)


@dataclass
class TasksWorld:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    province_org: Organization
    org_a: Organization
    front_a: Organization
    org_b: Organization
    province_leader: User
    viewer: User
    officer_a: User
    leader_a: User
    front_officer: User
    officer_b: User


def member(org: Organization, role: str, username: str) -> User:
    user = cast(User, UserFactory(username=username, full_name=username.replace(".", " ").title()))
    MembershipFactory(user=user, organization=org, role=role)
    return user


def new_org(**values: Any) -> Organization:
    return cast(Organization, OrganizationFactory(**values))


def new_unit(factory: Any, **values: Any) -> AdminUnit:
    return cast(AdminUnit, factory(**values))


@pytest.fixture
def tasks_world(db: Any, settings: Any, tmp_path: Any) -> TasksWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    province = new_unit(ProvinceFactory, code="46", name="Sông Lam", full_name="Tỉnh Sông Lam")
    commune_a = new_unit(
        CommuneFactory, code="46001", name="Lam An", full_name="Xã Lam An", parent=province
    )
    commune_b = new_unit(
        CommuneFactory, code="46002", name="Lam Bình", full_name="Xã Lam Bình", parent=province
    )
    province_org = new_org(
        code="46-UBND", name="Ủy ban nhân dân tỉnh Sông Lam", level="province", area=province
    )
    org_a = new_org(
        code="46001-UBND",
        name="Ủy ban nhân dân xã Lam An",
        level="commune",
        area=commune_a,
        parent=province_org,
    )
    front_a = new_org(
        code="46001-MTTQ",
        name="Ủy ban MTTQ Việt Nam xã Lam An",
        kind="mttq",
        level="commune",
        area=commune_a,
    )
    org_b = new_org(
        code="46002-UBND",
        name="Ủy ban nhân dân xã Lam Bình",
        level="commune",
        area=commune_b,
        parent=province_org,
    )
    return TasksWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        province_org=province_org,
        org_a=org_a,
        front_a=front_a,
        org_b=org_b,
        province_leader=member(province_org, Role.LEADER, "lanhdao.tinh"),
        viewer=member(province_org, Role.VIEWER, "xem.tinh"),
        officer_a=member(org_a, Role.OFFICER, "canbo.a"),
        leader_a=member(org_a, Role.LEADER, "lanhdao.a"),
        front_officer=member(front_a, Role.OFFICER, "mattran.a"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b"),
    )


def fresh(user: User) -> User:
    """The user as the next request sees it (no cached scope)."""
    return User.objects.get(pk=user.pk)


def give(w: TasksWorld, title: str, due: dt.date, **kwargs: Any) -> Task:
    """A task given by commune A's leader (for commune A) or else by the province leader."""
    kwargs.setdefault("organization", w.org_a)
    default = w.leader_a if kwargs["organization"] == w.org_a else w.province_leader
    actor = kwargs.pop("actor", default)
    return task_create(actor=actor, title=title, due=due, **kwargs)
