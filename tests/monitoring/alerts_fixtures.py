"""Fixtures of the alert tests: the petitions test province (44, communes A and B) with its
Ban Tuyên giáo và Dân vận and people, and builders that record signals through the real
services of each module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.core.models import Organization, Role, User
from danvan.monitoring.models import IssueReport
from danvan.petitions.inputs import PersonInput
from danvan.petitions.models import Petition
from danvan.petitions.services import petition_register
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.petitions.conftest import World, _rules, petition_input, world  # noqa: F401

# A Wednesday: the running week is 16–22/11/2026, the week before 9–15/11/2026.
AS_OF = dt.date(2026, 11, 18)
WEEK = dt.timedelta(days=7)
MONDAY = dt.date(2026, 11, 16)


@dataclass
class AlertWorld:
    w: World
    ban: Organization  # Ban Tuyên giáo và Dân vận of the province
    ban_officer: User
    ban_leader: User
    ban_viewer: User
    leader_a: User  # leader of commune A's People's Committee
    front_a: User  # the Front's officer at commune A's People's Committee (reads only)


def member(org: Organization, role: str, name: str, email: bool = True) -> User:
    user = UserFactory(
        username=name, full_name=name.title(), email=f"{name}@example.vn" if email else ""
    )
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def aw(world: World) -> AlertWorld:  # noqa: F811
    ban = OrganizationFactory(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị Thử",
        kind="ban_tgdv",
        level="province",
        area=world.province,
    )
    return AlertWorld(
        w=world,
        ban=ban,
        ban_officer=member(ban, Role.OFFICER, "ban.canbo"),
        ban_leader=member(ban, Role.LEADER, "ban.lanhdao"),
        ban_viewer=member(ban, Role.VIEWER, "ban.xem"),
        leader_a=member(world.commune_a_org, Role.LEADER, "lanhdao.a"),
        front_a=member(world.commune_a_org, Role.FRONT, "mattran.a"),
    )


_SEQ = [0]


def petitions(
    w: World,
    day: dt.date,
    n: int,
    *,
    topic: str = "dat_dai",
    area_code: str = "19001",
    actor: Any = None,
) -> list[Petition]:
    """`n` complaints received on `day` in the commune, each from another person."""
    made = []
    for _i in range(n):
        _SEQ[0] += 1
        k = _SEQ[0]
        made.append(
            petition_register(
                actor=actor or (w.officer_a if area_code == "19001" else w.officer),
                data=petition_input(
                    received_on=day,
                    area_code=area_code,
                    topic=topic,
                    content=f"Đơn số {k}: khiếu nại việc bồi thường khi thu hồi đất ở thửa "
                    f"{k * 7}, tờ bản đồ {k % 13 + 1}, giá bồi thường thấp.",
                    petitioners=[PersonInput(full_name=f"Người Gửi {k}", id_number="")],
                ),
            )
        )
    return made


def weekly_history(w: World, *, first: dt.date, last: dt.date, per_week: int = 1) -> None:
    """`per_week` petitions on the Tuesday of every week from `first` to `last` (Mondays)."""
    day = first
    while day <= last:
        petitions(w, day + dt.timedelta(days=1), per_week)
        day += WEEK


def spike_world(w: World, *, spike: int = 7) -> list[Petition]:
    """One petition a week from 31/8/2026 to 9/11/2026, then `spike` this week (16–18/11)."""
    weekly_history(w, first=dt.date(2026, 8, 31), last=dt.date(2026, 11, 9))
    made = []
    for i in range(spike):
        made += petitions(w, MONDAY + dt.timedelta(days=i % 3), 1)
    return made


def report(
    w: World,
    *,
    org: Organization | None = None,
    severity: int = 2,
    flag_ethnic: bool = False,
    flag_religious: bool = False,
    flag_security: bool = False,
    reported_on: dt.date = AS_OF,
    area: Any = None,
    title: str = "Tranh chấp đất rừng giữa hai thôn",
) -> IssueReport:
    """An issue report written straight to the table (the reports service is another
    helper's; the rules are what is tested here)."""
    return IssueReport.objects.create(
        organization=org or w.commune_a_org,
        source="commune",
        title=title,
        description="Hai thôn tranh chấp ranh giới đất rừng, có nguy cơ xô xát.",
        area=area or w.commune_a,
        topic="dat_dai",
        severity=severity,
        flag_ethnic=flag_ethnic,
        flag_religious=flag_religious,
        flag_security=flag_security,
        reported_on=reported_on,
    )


def sensitive_alert(aw: AlertWorld) -> Any:
    """An open alert of commune A (an issue report flagged as touching religion)."""
    from danvan.monitoring.services.alerts import alert_rules_check_report

    (alert,) = alert_rules_check_report(report(aw.w, flag_religious=True))
    return alert
