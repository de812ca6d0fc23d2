"""Fixtures for the campaigns tests: a province with a project board (the organiser), a
participating commune with its Front committee, a commune outside the campaign, another province,
and helpers that plan and run campaigns through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.campaigns import services
from danvan.campaigns.inputs import (
    ActivityInput,
    CampaignInput,
    ResultInput,
    TargetInput,
    TransitionInput,
    UnitInput,
)
from danvan.campaigns.models import Activity, Campaign
from danvan.core.models import AdminUnit, Organization, Role, User
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
    other_province: AdminUnit
    other_commune: AdminUnit
    ubnd: Organization
    board: Organization  # Ban Quản lý dự án (organiser)
    commune_a_org: Organization
    commune_a_front: Organization
    commune_b_org: Organization
    other_org: Organization
    manager: User  # officer at the board
    leader: User  # leader at the province UBND (above the board)
    viewer: User  # viewer at the province UBND
    officer_a: User  # officer of the participating commune
    front_a: User  # Front of the participating commune
    officer_b: User  # officer of a commune outside the campaign
    outsider: User  # officer of another province


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="68", name="Lâm Đồng Thử", full_name="Tỉnh Lâm Đồng Thử")
    commune_a = CommuneFactory(
        code="22945", name="Phan Thiết", full_name="Phường Phan Thiết", parent=province
    )
    commune_b = CommuneFactory(
        code="23149", name="Tánh Linh", full_name="Xã Tánh Linh", parent=province
    )
    other_province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    other_commune = CommuneFactory(
        code="19564", name="Đakrông", full_name="Xã Đakrông", parent=other_province
    )
    ubnd = OrganizationFactory(code="68-UBND", name="UBND tỉnh Lâm Đồng Thử", area=province)
    front = OrganizationFactory(
        code="68-MTTQ", name="Ủy ban MTTQ tỉnh Lâm Đồng Thử", area=province, kind="mttq"
    )
    board = OrganizationFactory(
        code="68-BQLDA",
        name="Ban Quản lý dự án tỉnh Lâm Đồng Thử",
        area=province,
        kind="so_nganh",
        parent=ubnd,
    )
    org_a = OrganizationFactory(
        code="22945-UBND",
        name="UBND phường Phan Thiết",
        area=commune_a,
        level="commune",
        parent=ubnd,
    )
    front_a = OrganizationFactory(
        code="22945-MTTQ",
        name="Ủy ban MTTQ phường Phan Thiết",
        area=commune_a,
        level="commune",
        kind="mttq",
        parent=front,
    )
    org_b = OrganizationFactory(
        code="23149-UBND", name="UBND xã Tánh Linh", area=commune_b, level="commune", parent=ubnd
    )
    other = OrganizationFactory(code="44-UBND", name="UBND tỉnh Quảng Trị", area=other_province)

    def member(org: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other_province,
        other_commune=other_commune,
        ubnd=ubnd,
        board=board,
        commune_a_org=org_a,
        commune_a_front=front_a,
        commune_b_org=org_b,
        other_org=other,
        manager=member(board, Role.OFFICER, "canbo.bqlda"),
        leader=member(ubnd, Role.LEADER, "lanhdao"),
        viewer=member(ubnd, Role.VIEWER, "xem"),
        officer_a=member(org_a, Role.OFFICER, "canbo.a"),
        front_a=member(front_a, Role.FRONT, "mattran.a"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b"),
        outsider=member(other, Role.OFFICER, "canbo.qt"),
    )


def campaign_input(world: World, **overrides: Any) -> CampaignInput:
    values: dict[str, Any] = {
        "kind": "mobilisation",
        "organization_id": world.board.pk,
        "title": "Vận động người dân bàn giao mặt bằng Dự án khu nhà ở xã hội Tiến Lợi",
        "target_group": "Các hộ có đất trong phạm vi Dự án",
        "area_ids": [world.commune_a.pk],
        "starts_on": days(-30),
        "ends_on": days(60),
        "purpose": "Bàn giao mặt bằng đúng tiến độ, không phát sinh khiếu kiện.",
        "units": [
            UnitInput(world.commune_a_org.pk, "Chủ trì vận động tại địa bàn"),
            UnitInput(world.commune_a_front.pk, "Vận động người có uy tín"),
        ],
        "targets": [
            TargetInput("Số hộ đồng ý bàn giao mặt bằng", "hộ", 45),
            TargetInput("Diện tích mặt bằng đã bàn giao", "m²", "12500"),
            TargetInput("Tỷ lệ hộ đồng thuận", "%", 100, baseline=40, tally="latest"),
        ],
    }
    values.update(overrides)
    return CampaignInput(**values)


@pytest.fixture
def planned(world: World) -> Callable[..., Campaign]:
    def make(**overrides: Any) -> Campaign:
        return services.campaign_create(
            actor=world.manager, data=campaign_input(world, **overrides)
        )

    return make


@pytest.fixture
def running(world: World, planned: Callable[..., Campaign]) -> Callable[..., Campaign]:
    def make(**overrides: Any) -> Campaign:
        campaign = planned(**overrides)
        return services.campaign_transition(
            campaign=campaign,
            actor=world.manager,
            data=TransitionInput(to="running", expected_version=campaign.version, on=days(-20)),
        )

    return make


def record(
    campaign: Campaign,
    actor: User,
    *,
    values: tuple[Any, ...] = (),
    on: dt.date | None = None,
    area: AdminUnit | None = None,
    people: int = 10,
    organization: Organization | None = None,
    kind: str = "visit",
    files: list[Any] | None = None,
) -> Activity:
    """Record an activity whose results are `values`, in the order of the campaign's targets."""
    targets = list(campaign.targets.order_by("position", "id").values_list("id", flat=True))
    area_id = area.pk if area is not None else campaign.areas.values_list("id", flat=True)[0]
    return services.activity_record(
        campaign=campaign,
        actor=actor,
        data=ActivityInput(
            date=on or days(-1),
            kind=kind,
            area_id=area_id,
            description="Tổ vận động đến từng hộ giải thích chính sách bồi thường.",
            people_reached=people,
            organization_id=organization.pk if organization is not None else None,
            results=[
                ResultInput(target_id=t, value=v)
                for t, v in zip(targets, values, strict=False)
                if v is not None
            ],
            files=files or [],
        ),
    )
