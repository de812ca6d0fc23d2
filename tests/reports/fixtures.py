"""Fixtures of the report workflow tests (imported by the test modules that use them): a
province People's Committee with two commune committees, a Ban Tuyên giáo và Dân vận, another
province, their officers, and petitions registered through the real intake service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.petitions.inputs import PersonInput, PetitionInput
from danvan.petitions.models import Petition
from danvan.petitions.services.intake import petition_register
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)


@dataclass
class RWorld:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    ubnd: Organization
    ubnd_a: Organization
    ubnd_b: Organization
    btgdv: Organization
    other_ubnd: Organization
    officer: User  # province UBND officer (asks, reviews)
    officer_a: User
    officer_b: User
    party: User  # leader at the Ban Tuyên giáo và Dân vận
    viewer: User  # viewer at the province UBND
    outsider: User  # officer of another province


@pytest.fixture
def rworld(db: Any) -> RWorld:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a = CommuneFactory(code="19001", name="An", full_name="Xã An", parent=province)
    commune_b = CommuneFactory(code="19002", name="Bình", full_name="Xã Bình", parent=province)
    other = ProvinceFactory(code="68", name="Lâm Đồng Thử", full_name="Tỉnh Lâm Đồng Thử")
    ubnd = OrganizationFactory(
        code="44-UBND", name="Ủy ban nhân dân tỉnh Quảng Trị Thử", area=province
    )
    ubnd_a = OrganizationFactory(
        code="19001-UBND",
        name="Ủy ban nhân dân xã An",
        area=commune_a,
        level="commune",
        parent=ubnd,
    )
    ubnd_b = OrganizationFactory(
        code="19002-UBND",
        name="Ủy ban nhân dân xã Bình",
        area=commune_b,
        level="commune",
        parent=ubnd,
    )
    btgdv = OrganizationFactory(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị Thử",
        area=province,
        kind="ban_tgdv",
    )
    other_ubnd = OrganizationFactory(
        code="68-UBND", name="Ủy ban nhân dân tỉnh Lâm Đồng Thử", area=other
    )

    def member(org: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return RWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        ubnd=ubnd,
        ubnd_a=ubnd_a,
        ubnd_b=ubnd_b,
        btgdv=btgdv,
        other_ubnd=other_ubnd,
        officer=member(ubnd, Role.OFFICER, "canbo.tinh"),
        officer_a=member(ubnd_a, Role.OFFICER, "canbo.an"),
        officer_b=member(ubnd_b, Role.OFFICER, "canbo.binh"),
        party=member(btgdv, Role.LEADER, "dvan"),
        viewer=member(ubnd, Role.VIEWER, "xem.tinh"),
        outsider=member(other_ubnd, Role.OFFICER, "canbo.khac"),
    )


def register(actor: User, *, on: dt.date, area: str = "19001", topic: str = "dat_dai") -> Petition:
    """A complaint received on `on` by the actor's organisation."""
    return petition_register(
        actor=actor,
        data=PetitionInput(
            kind="complaint",
            channel="in_person",
            received_on=on,
            content="Khiếu nại việc thu hồi đất của gia đình tôi tại thôn Đông, bồi thường thấp "
            "hơn giá thị trường, đề nghị xem xét lại.",
            area_code=area,
            topic=topic,
            petitioners=[PersonInput(full_name="Nguyễn Văn Hùng", id_number="044085001234")],
        ),
    )


RESULTS = (
    "Trong kỳ, đơn vị đã tiếp công dân đầy đủ, giải quyết kịp thời các vụ việc phát sinh, "
    "không để hình thành điểm nóng."
)
