"""Fixtures for the dashboard and map tests: two real provinces (codes with shipped boundaries),
communes of the first, their organisations and people, and a helper that files issue reports
and alerts straight into the tables (the dashboard only reads them)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.monitoring.models import Alert, IssueReport
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

# Real codes of danvan/data/geo: province 44 (Quảng Trị) and two of its communes, province 46.
PROVINCE_A, PROVINCE_B = "44", "46"
COMMUNE_1, COMMUNE_2 = "18859", "18871"


@dataclass
class Map:
    province_a: AdminUnit
    province_b: AdminUnit
    commune_1: AdminUnit
    commune_2: AdminUnit
    commune_b: AdminUnit
    org_a: Organization
    org_a1: Organization  # the commune 1 organisation, under org_a
    org_b: Organization
    officer_a: User
    officer_a1: User
    officer_b: User
    admin: User
    nobody: User


@pytest.fixture
def geo_world(db: Any) -> Map:
    since = dt.date(2025, 7, 1)
    province_a = ProvinceFactory(
        code=PROVINCE_A, name="Quảng Trị", full_name="Tỉnh Quảng Trị", valid_from=since
    )
    province_b = ProvinceFactory(
        code=PROVINCE_B, name="Huế", full_name="Thành phố Huế", unit_type="thanh_pho"
    )
    commune_1 = CommuneFactory(
        code=COMMUNE_1, name="Đồng Thuận", full_name="Phường Đồng Thuận", parent=province_a
    )
    commune_2 = CommuneFactory(
        code=COMMUNE_2, name="Đồng Sơn", full_name="Phường Đồng Sơn", parent=province_a
    )
    commune_b = CommuneFactory(
        code="19999", name="Thuận Hóa", full_name="Phường Thuận Hóa", parent=province_b
    )
    org_a = OrganizationFactory(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận tỉnh Quảng Trị",
        area=province_a,
        level="province",
    )
    org_a1 = OrganizationFactory(
        code="18859-UBND",
        name="UBND phường Đồng Thuận",
        area=commune_1,
        level="commune",
        parent=org_a,
    )
    org_b = OrganizationFactory(
        code="46-BTGDV",
        name="Ban Tuyên giáo và Dân vận thành phố Huế",
        area=province_b,
        level="province",
    )

    def member(org: Organization, name: str, role: str = Role.OFFICER) -> User:
        user = UserFactory(username=name)
        MembershipFactory(user=user, organization=org, role=role)
        return user

    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    return Map(
        province_a=province_a,
        province_b=province_b,
        commune_1=commune_1,
        commune_2=commune_2,
        commune_b=commune_b,
        org_a=org_a,
        org_a1=org_a1,
        org_b=org_b,
        officer_a=member(org_a, "canbo.quangtri"),
        officer_a1=member(org_a1, "canbo.dongthuan"),
        officer_b=member(org_b, "canbo.hue"),
        admin=admin,
        nobody=UserFactory(username="khongvaitro"),
    )


_keys = itertools.count(1)


@pytest.fixture
def report() -> Callable[..., IssueReport]:
    """An issue report of `org` on `area` (open, severity 2, reported today unless told)."""

    def make(org: Organization, area: AdminUnit, **fields: Any) -> IssueReport:
        values: dict[str, Any] = {
            "organization": org,
            "area": area,
            "source": "commune",
            "title": f"Vấn đề thử {next(_keys)}",
            "description": "Người dân phản ánh ô nhiễm từ cơ sở chăn nuôi.",
            "topic": "moi_truong",
            "reported_on": timezone.localdate(),
            "status": "new",
        }
        values.update(fields)
        return IssueReport.objects.create(**values)

    return make


@pytest.fixture
def alert() -> Callable[..., Alert]:
    """An open alert addressed to `org` about `area`."""

    def make(org: Organization, area: AdminUnit, **fields: Any) -> Alert:
        today = timezone.localdate()
        n = next(_keys)
        values: dict[str, Any] = {
            "kind": "spike",
            "key": f"test:{n}",
            "title": f"Cảnh báo thử {n}",
            "area": area,
            "organization": org,
            "window_start": today - dt.timedelta(days=7),
            "window_end": today,
            "status": "open",
        }
        values.update(fields)
        return Alert.objects.create(**values)

    return make
