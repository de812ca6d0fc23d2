"""Fixtures for the mediation tests: a province with two communes (A keeps the team), another
province, people at each level, and helpers that build a team and run a case through the real
services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.mediation import services
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    TeamInput,
)
from danvan.mediation.models import Case, Team
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


@pytest.fixture(autouse=True)
def _rules(db: Any) -> None:
    """The shipped deadline rules and calendar overrides (petitions need them)."""
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    ubnd: Organization
    org_a: Organization
    front_a: Organization
    org_b: Organization
    other_org: Organization
    officer_a: User  # officer of commune A's People's Committee
    front_user_a: User  # Front of commune A (sees, does not manage the UBND's teams)
    leader: User  # leader at the province People's Committee (manages; no party names)
    officer_b: User  # officer of commune B
    outsider: User  # officer of another province


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a = CommuneFactory(
        code="19564", name="Đakrông", full_name="Xã Đakrông", parent=province
    )
    commune_b = CommuneFactory(
        code="19555", name="Hướng Hiệp", full_name="Xã Hướng Hiệp", parent=province
    )
    other_province = ProvinceFactory(code="68", name="Lâm Đồng Thử", full_name="Tỉnh Lâm Đồng Thử")
    ubnd = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province)
    front = OrganizationFactory(code="44-MTTQ", name="MTTQ tỉnh Thử", area=province, kind="mttq")
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
        code="19555-UBND", name="UBND xã Hướng Hiệp", area=commune_b, level="commune", parent=ubnd
    )
    other = OrganizationFactory(code="68-UBND", name="UBND tỉnh Lâm Đồng Thử", area=other_province)

    def member(org: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        ubnd=ubnd,
        org_a=org_a,
        front_a=front_a,
        org_b=org_b,
        other_org=other,
        officer_a=member(org_a, Role.OFFICER, "canbo.dakrong"),
        front_user_a=member(front_a, Role.FRONT, "mattran.dakrong"),
        leader=member(ubnd, Role.LEADER, "lanhdao.tinh"),
        officer_b=member(org_b, Role.OFFICER, "canbo.huonghiep"),
        outsider=member(other, Role.OFFICER, "canbo.lamdong"),
    )


@pytest.fixture
def team(world: World) -> Team:
    t = services.team_create(
        actor=world.officer_a,
        data=TeamInput(
            organization_id=world.org_a.pk,
            name="Tổ hòa giải thôn A Vao",
            residential_area="Thôn A Vao",
        ),
    )
    for name, role, gender in (
        ("Hồ Văn Thanh", "leader", "male"),
        ("Hồ Thị Liên", "mediator", "female"),
        ("Lê Văn Hải", "mediator", "male"),
    ):
        services.member_add(
            team=t,
            actor=world.officer_a,
            data=MemberInput(full_name=name, role=role, gender=gender, from_on=days(-400)),
        )
    return t


@pytest.fixture
def new_case(world: World, team: Team) -> Callable[..., Case]:
    def make(*, received: int = -5, assign: bool = True, **kw: Any) -> Case:
        ids = list(team.members.values_list("pk", flat=True)[:2]) if assign else []
        data = CaseInput(
            team_id=team.pk,
            received_on=days(received),
            source=kw.pop("source", "party_request"),
            dispute_kind=kw.pop("dispute_kind", "land"),
            summary=kw.pop("summary", "Tranh chấp ranh giới nương rẫy giữa hai hộ liền kề."),
            parties=[
                PartyInput(full_name="Hồ Văn Ái", side="first", address="Thôn A Vao"),
                PartyInput(full_name="Hồ Văn Bốn", side="second", address="Thôn A Vao"),
            ],
            mediator_ids=ids,
            **kw,
        )
        return services.case_create(actor=world.officer_a, data=data)

    return make


@pytest.fixture
def failed_case(world: World, new_case: Callable[..., Case]) -> Case:
    case = new_case(received=-10)
    services.session_add(
        case=case,
        actor=world.officer_a,
        data=SessionInput(held_on=days(-8), place="Nhà văn hóa thôn", content="Nghe hai bên."),
    )
    case.refresh_from_db()
    services.case_transition(
        case=case,
        actor=world.officer_a,
        data=OutcomeInput(
            to="failed",
            expected_version=case.version,
            on=days(-2),
            note="Hai bên không thống nhất ranh giới.",
        ),
    )
    case.refresh_from_db()
    return case
