"""Shared fixtures for the petitions tests: a small province, its agencies and people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.petitions.inputs import PersonInput, PetitionInput
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _rules(db: Any) -> None:
    """The shipped deadline rules and calendar overrides, as `danvan install` loads them."""
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    remote_commune: AdminUnit
    province_org: Organization
    commune_a_org: Organization
    commune_b_org: Organization
    officer: User  # province UBND officer
    leader: User  # province UBND leader
    officer_a: User  # commune A officer
    officer_b: User  # commune B officer
    viewer: User


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a = CommuneFactory(code="19001", name="Xã An", full_name="Xã An", parent=province)
    commune_b = CommuneFactory(code="19002", name="Xã Bình", full_name="Xã Bình", parent=province)
    remote = CommuneFactory(
        code="19003", name="Xã Núi", full_name="Xã Núi", parent=province, remote=True
    )
    province_org = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province, level="province"
    )
    org_a = OrganizationFactory(
        code="19001-UBND",
        name="UBND xã An",
        area=commune_a,
        level="commune",
        parent=province_org,
    )
    org_b = OrganizationFactory(
        code="19002-UBND",
        name="UBND xã Bình",
        area=commune_b,
        level="commune",
        parent=province_org,
    )

    def member(org: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title(), email=f"{name}@example.vn")
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        remote_commune=remote,
        province_org=province_org,
        commune_a_org=org_a,
        commune_b_org=org_b,
        officer=member(province_org, Role.OFFICER, "canbo"),
        leader=member(province_org, Role.LEADER, "lanhdao"),
        officer_a=member(org_a, Role.OFFICER, "canbo.a"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b"),
        viewer=member(province_org, Role.VIEWER, "xem"),
    )


def petition_input(**overrides: Any) -> PetitionInput:
    """A valid complaint received on 2 March 2026 in commune A (override anything)."""
    values: dict[str, Any] = {
        "kind": "complaint",
        "channel": "in_person",
        "received_on": dt.date(2026, 3, 2),
        "content": "Khiếu nại Quyết định số 125/QĐ-UBND về việc thu hồi đất của gia đình tôi "
        "tại thôn Đông, bồi thường thấp hơn giá thị trường.",
        "area_code": "19001",
        "topic": "dat_dai",
        "petitioners": [PersonInput(full_name="Nguyễn Văn Hùng", id_number="044085001234")],
    }
    values.update(overrides)
    return PetitionInput(**values)


@pytest.fixture
def make_input() -> Any:
    return petition_input
