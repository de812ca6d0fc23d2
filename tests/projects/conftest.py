"""Fixtures for the projects tests: a province with two communes (their People's Committees and
the Front of the first), another province, and helpers that build projects through the real
services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.projects import services
from danvan.projects.inputs import ContributionInput, ProjectInput, TransitionInput
from danvan.projects.models import Project
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

PASSWORD = "mat-khau-thu-123"


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    other_province: AdminUnit
    ubnd: Organization
    commune_a_org: Organization
    commune_a_front: Organization
    commune_b_org: Organization
    other_org: Organization
    officer_a: User  # officer of commune A (manages its projects)
    front_a: User  # Front of commune A (reads)
    leader: User  # leader at the province People's Committee (manages every commune below)
    officer_b: User  # officer of commune B
    outsider: User  # officer of another province


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a = CommuneFactory(
        code="19564", name="Đakrông", full_name="Xã Đakrông", parent=province
    )
    commune_b = CommuneFactory(code="19588", name="Tà Rụt", full_name="Xã Tà Rụt", parent=province)
    other_province = ProvinceFactory(code="52", name="Gia Lai Thử", full_name="Tỉnh Gia Lai Thử")
    ubnd = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province)
    front = OrganizationFactory(
        code="44-MTTQ", name="Ủy ban MTTQ tỉnh Quảng Trị Thử", area=province, kind="mttq"
    )
    org_a = OrganizationFactory(
        code="19564-UBND", name="UBND xã Đakrông", area=commune_a, level="commune", parent=ubnd
    )
    front_a = OrganizationFactory(
        code="19564-MTTQ",
        name="Ủy ban MTTQ xã Đakrông",
        area=commune_a,
        level="commune",
        kind="mttq",
        parent=front,
    )
    org_b = OrganizationFactory(
        code="19588-UBND", name="UBND xã Tà Rụt", area=commune_b, level="commune", parent=ubnd
    )
    other = OrganizationFactory(code="52-UBND", name="UBND tỉnh Gia Lai Thử", area=other_province)

    def member(org: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other_province,
        ubnd=ubnd,
        commune_a_org=org_a,
        commune_a_front=front_a,
        commune_b_org=org_b,
        other_org=other,
        officer_a=member(org_a, Role.OFFICER, "canbo.dakrong"),
        front_a=member(front_a, Role.FRONT, "mattran.dakrong"),
        leader=member(ubnd, Role.LEADER, "lanhdao"),
        officer_b=member(org_b, Role.OFFICER, "canbo.tarut"),
        outsider=member(other, Role.OFFICER, "canbo.gialai"),
    )


def project_input(world: World, **overrides: Any) -> ProjectInput:
    values: dict[str, Any] = {
        "organization_id": world.commune_a_org.pk,
        "name": "Bê tông hóa đường giao thông nông thôn thôn Khe Ngài",
        "kind": "road",
        "residential_areas": "thôn Khe Ngài",
        "planned_cost": 1_450_000_000,
        "starts_on": days(-60),
        "ends_on": days(120),
        "length_km": "1,2",
        "decision_ref": "Biên bản Hội nghị thôn Khe Ngài",
    }
    values.update(overrides)
    return ProjectInput(**values)


@pytest.fixture
def make_project(world: World) -> Callable[..., Project]:
    def make(*, status: str = "planned", actor: User | None = None, **overrides: Any) -> Project:
        who = actor or world.officer_a
        project = services.project_create(actor=who, data=project_input(world, **overrides))
        if status in ("in_progress", "completed"):
            services.project_transition(
                actor=who,
                project=project,
                data=TransitionInput(
                    to="in_progress", expected_version=project.version, on=days(-30)
                ),
            )
        if status == "completed":
            services.project_transition(
                actor=who,
                project=project,
                data=TransitionInput(to="completed", expected_version=project.version),
            )
        project.refresh_from_db()
        return project

    return make


def money(project: Project, actor: User, amount: int, source: str = "central", **kw: Any) -> Any:
    return services.contribution_record(
        actor=actor,
        project=project,
        data=ContributionInput(source=source, kind="money", amount=amount, **kw),
    )
