"""Shared fixtures for the monitoring tests: a small province with two communes, their People's
Committees and Front committees, the province's Ban Tuyên giáo và Dân vận, a second province,
their people, and helpers that file and move issue reports through the real services.

Other parts of monitoring keep their own fixtures in their own modules (`*_fixtures.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.monitoring.models import IssueReport
from danvan.monitoring.services import reports as services
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)


def province_unit(**kw: Any) -> AdminUnit:
    return cast(AdminUnit, ProvinceFactory(**kw))


def commune_unit(**kw: Any) -> AdminUnit:
    return cast(AdminUnit, CommuneFactory(**kw))


def organization(**kw: Any) -> Organization:
    return cast(Organization, OrganizationFactory(**kw))


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@dataclass
class MonitoringWorld:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    other_province: AdminUnit
    other_commune: AdminUnit
    province_org: Organization  # UBND tỉnh
    btgdv: Organization  # Ban Tuyên giáo và Dân vận (province-wide oversight)
    province_front: Organization  # UBMTTQ tỉnh
    commune_a_org: Organization  # UBND xã A, under UBND tỉnh
    commune_b_org: Organization
    front_a_org: Organization  # UBMTTQ xã A, under UBMTTQ tỉnh
    other_org: Organization  # UBND of the other province
    officer_a: User
    officer_b: User
    front_a: User
    officer: User  # UBND tỉnh officer
    leader: User  # UBND tỉnh leader
    viewer: User  # UBND tỉnh viewer
    party: User  # party committee at the BTGDV (sees the whole province)
    inspector_a: User  # inspector at commune A (reads, does not work)
    outsider: User  # officer of the other province


@pytest.fixture
def stub_classifier(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheap stand-in for the trained classifier (its own tests cover it): always suggests
    `kinh_te_do_thi` with confidence 0.5. Tests that need another suggestion patch it again."""
    from danvan.monitoring.classifier import TopicSuggestion

    monkeypatch.setattr(
        "danvan.monitoring.classifier.topic_suggest",
        lambda text: TopicSuggestion("kinh_te_do_thi", "Kinh tế, chợ, quy hoạch đô thị", 0.5),
    )


@pytest.fixture
def reference_rules(db: Any) -> None:
    """The shipped deadline rules and calendar overrides (petitions need them)."""
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()


@pytest.fixture
def mw(db: Any, reference_rules: None) -> MonitoringWorld:
    province = province_unit(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a = commune_unit(code="19001", name="An", full_name="Xã An", parent=province)
    commune_b = commune_unit(code="19002", name="Bình", full_name="Xã Bình", parent=province)
    other = province_unit(code="68", name="Lâm Đồng Thử", full_name="Tỉnh Lâm Đồng Thử")
    other_commune = commune_unit(
        code="23149", name="Tánh Linh", full_name="Xã Tánh Linh", parent=other
    )
    province_org = organization(
        code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province, level="province"
    )
    btgdv = organization(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        kind="ban_tgdv",
        area=province,
        level="province",
    )
    province_front = organization(
        code="44-MTTQ", name="UBMTTQ tỉnh", kind="mttq", area=province, level="province"
    )
    org_a = organization(
        code="19001-UBND", name="UBND xã An", area=commune_a, level="commune", parent=province_org
    )
    org_b = organization(
        code="19002-UBND", name="UBND xã Bình", area=commune_b, level="commune", parent=province_org
    )
    front_a = organization(
        code="19001-MTTQ",
        name="UBMTTQ xã An",
        kind="mttq",
        area=commune_a,
        level="commune",
        parent=province_front,
    )
    other_org = organization(
        code="68-UBND", name="UBND tỉnh Lâm Đồng Thử", area=other, level="province"
    )

    def member(org: Organization, role: str, name: str) -> User:
        user = cast(User, UserFactory(username=name, full_name=name.title()))
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return MonitoringWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other,
        other_commune=other_commune,
        province_org=province_org,
        btgdv=btgdv,
        province_front=province_front,
        commune_a_org=org_a,
        commune_b_org=org_b,
        front_a_org=front_a,
        other_org=other_org,
        officer_a=member(org_a, Role.OFFICER, "canbo.a"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b"),
        front_a=member(front_a, Role.FRONT, "mattran.a"),
        officer=member(province_org, Role.OFFICER, "canbo.tinh"),
        leader=member(province_org, Role.LEADER, "lanhdao.tinh"),
        viewer=member(province_org, Role.VIEWER, "xem.tinh"),
        party=member(btgdv, Role.PARTY_COMMITTEE, "capuy"),
        inspector_a=member(org_a, Role.INSPECTOR, "thanhtra.a"),
        outsider=member(other_org, Role.OFFICER, "canbo.lamdong"),
    )


def report_input(**overrides: Any) -> services.ReportInput:
    """A valid report of a pressing issue in commune A (override anything)."""
    values: dict[str, Any] = {
        "title": "Người dân thôn Đông phản đối việc di dời chợ",
        "description": "Khoảng 60 hộ tiểu thương chợ thôn Đông không đồng ý di dời chợ về vị trí "
        "mới vì xa khu dân cư; nhiều hộ tụ tập tại trụ sở UBND xã.",
        "source": "commune",
        "topic": "kinh_te_do_thi",
        "severity": 3,
        "people_affected": 60,
        "reported_on": days(-10),
    }
    values.update(overrides)
    return services.ReportInput(**values)


@pytest.fixture
def make_report(mw: MonitoringWorld) -> Callable[..., IssueReport]:
    def make(*, actor: Any = None, **overrides: Any) -> IssueReport:
        actor = actor or mw.officer_a
        overrides.setdefault("organization_id", mw.commune_a_org.pk)
        return services.report_create(actor=actor, data=report_input(**overrides))

    return make


def move(report: IssueReport, actor: Any, to: str, **kw: Any) -> IssueReport:
    report.refresh_from_db()
    return services.report_transition(
        report=report,
        actor=actor,
        data=services.MoveInput(to=to, expected_version=report.version, **kw),
    )


def escalate(report: IssueReport, actor: Any, to_org: Organization, **kw: Any) -> IssueReport:
    kw.setdefault("recommendation", "Đề nghị UBND tỉnh chỉ đạo bố trí vị trí kinh doanh tạm.")
    return move(report, actor, "escalated", escalated_to_id=to_org.pk, **kw)
