"""Fixtures for the democracy tests: a province with two communes (an officer and a leader of
commune A, an officer of commune B), a viewer at the province, an officer of another province,
the core rule table loaded, and helpers that record through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.democracy import services
from danvan.democracy.inputs import DecisionInput, DisclosureInput
from danvan.democracy.models import CommunityDecision, Disclosure
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    ubnd: Organization
    org_a: Organization
    org_b: Organization
    other_org: Organization
    officer_a: User
    leader_a: User
    officer_b: User
    viewer: User
    outsider: User


@pytest.fixture
def world(db: Any) -> World:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    commune_a = CommuneFactory(
        code="19564", name="Đakrông", full_name="Xã Đakrông", parent=province
    )
    commune_b = CommuneFactory(
        code="19567", name="Ba Lòng", full_name="Xã Ba Lòng", parent=province
    )
    other_province = ProvinceFactory(code="68", name="Lâm Đồng", full_name="Tỉnh Lâm Đồng")
    ubnd = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị", area=province)
    org_a = OrganizationFactory(
        code="19564-UBND", name="UBND xã Đakrông", area=commune_a, level="commune", parent=ubnd
    )
    org_b = OrganizationFactory(
        code="19567-UBND", name="UBND xã Ba Lòng", area=commune_b, level="commune", parent=ubnd
    )
    other = OrganizationFactory(code="68-UBND", name="UBND tỉnh Lâm Đồng", area=other_province)

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
        org_b=org_b,
        other_org=other,
        officer_a=member(org_a, Role.OFFICER, "canbo.dakrong"),
        leader_a=member(org_a, Role.LEADER, "lanhdao.dakrong"),
        officer_b=member(org_b, Role.OFFICER, "canbo.balong"),
        viewer=member(ubnd, Role.VIEWER, "xem"),
        outsider=member(other, Role.OFFICER, "canbo.lamdong"),
    )


def disclosure_input(world: World, **overrides: Any) -> DisclosureInput:
    values: dict[str, Any] = {
        "organization_id": world.org_a.pk,
        "group": "ngan_sach",
        "title": "Dự toán ngân sách xã Đakrông năm 2025",
        "decision_date": days(-3),
        "content": "Tổng thu, tổng chi ngân sách xã; thuyết minh dự toán.",
        "document_number": "15/NQ-HĐND",
        "document_date": days(-3),
        "channels": ["niem_yet", "truyen_thanh"],
    }
    values.update(overrides)
    return DisclosureInput(**values)


def decision_input(world: World, **overrides: Any) -> DecisionInput:
    values: dict[str, Any] = {
        "organization_id": world.org_a.pk,
        "residential_area": "Thôn Khe Ngài",
        "matter": "dong_gop_cong_trinh",
        "title": "Làm đường bê tông thôn Khe Ngài, Nhà nước và nhân dân cùng làm",
        "form": "meeting",
        "held_on": days(-2),
        "total_households": 120,
        "participating": 104,
        "agreeing": 92,
        "against": 8,
    }
    values.update(overrides)
    return DecisionInput(**values)


@pytest.fixture
def make_disclosure(world: World) -> Callable[..., Disclosure]:
    def make(**overrides: Any) -> Disclosure:
        return services.disclosure_create(
            actor=world.officer_a, data=disclosure_input(world, **overrides)
        )

    return make


@pytest.fixture
def make_decision(world: World) -> Callable[..., CommunityDecision]:
    def make(**overrides: Any) -> CommunityDecision:
        return services.decision_create(
            actor=world.officer_a, data=decision_input(world, **overrides)
        )

    return make
