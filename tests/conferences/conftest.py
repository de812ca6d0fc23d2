"""Fixtures for the conferences tests: a province with its People's Committee, departments,
Fatherland Front and Ban Tuyên giáo và Dân vận, a commune, another province, and helpers that
schedule, hold and conclude conferences through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.conferences import services
from danvan.conferences.inputs import (
    ChairInput,
    ConclusionInput,
    ConclusionItemInput,
    ConferenceInput,
    SupportInput,
    TransitionInput,
)
from danvan.conferences.models import Conclusion, Conference
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
    commune: AdminUnit
    ubnd: Organization
    snv: Organization
    stp: Organization
    mttq: Organization
    hnd: Organization
    btgdv: Organization
    commune_org: Organization
    other_ubnd: Organization
    officer: User  # UBND officer: organises, assigns to the departments below the UBND
    leader: User  # UBND leader: province-wide oversight
    front: User  # Front officer (role front at the MTTQ)
    snv_officer: User
    commune_officer: User
    outsider: User  # officer of another province


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="19", name="Thái Nguyên Thử", full_name="Tỉnh Thái Nguyên Thử")
    commune = CommuneFactory(
        code="01843", name="Bắc Kạn", full_name="Phường Bắc Kạn", parent=province
    )
    other = ProvinceFactory(code="52", name="Gia Lai Thử", full_name="Tỉnh Gia Lai Thử")

    def org(
        code: str, name: str, kind: str, parent: Organization | None = None, **kw: Any
    ) -> Organization:
        return OrganizationFactory(
            code=code,
            name=name,
            kind=kind,
            level=kw.get("level", "province"),
            area=kw.get("area", province),
            parent=parent,
        )

    ubnd = org("19-UBND", "Ủy ban nhân dân tỉnh Thái Nguyên Thử", "ubnd")
    snv = org("19-SNV", "Sở Nội vụ tỉnh Thái Nguyên Thử", "so_nganh", ubnd)
    stp = org("19-STP", "Sở Tư pháp tỉnh Thái Nguyên Thử", "so_nganh", ubnd)
    mttq = org("19-MTTQ", "Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên Thử", "mttq")
    hnd = org("19-HND", "Hội Nông dân tỉnh Thái Nguyên Thử", "doan_the", mttq)
    btgdv = org("19-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên Thử", "ban_tgdv")
    commune_org = org(
        "01843-UBND", "Ủy ban nhân dân phường Bắc Kạn", "ubnd", ubnd, level="commune", area=commune
    )
    other_ubnd = org("52-UBND", "Ủy ban nhân dân tỉnh Gia Lai Thử", "ubnd", area=other)

    def member(o: Organization, role: str, name: str) -> User:
        user = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=o, role=role)
        return user

    return World(
        province=province,
        commune=commune,
        ubnd=ubnd,
        snv=snv,
        stp=stp,
        mttq=mttq,
        hnd=hnd,
        btgdv=btgdv,
        commune_org=commune_org,
        other_ubnd=other_ubnd,
        officer=member(ubnd, Role.OFFICER, "canbo"),
        leader=member(ubnd, Role.LEADER, "lanhdao"),
        front=member(mttq, Role.FRONT, "mattran"),
        snv_officer=member(snv, Role.OFFICER, "canbo.snv"),
        commune_officer=member(commune_org, Role.OFFICER, "canbo.phuong"),
        outsider=member(other_ubnd, Role.OFFICER, "canbo.gialai"),
    )


def conference_input(world: World, **overrides: Any) -> ConferenceInput:
    values: dict[str, Any] = {
        "kind": "interim",
        "organization_id": world.ubnd.pk,
        "title": "Hội nghị đánh giá công tác dân vận chính quyền 6 tháng đầu năm, triển khai "
        "nhiệm vụ 6 tháng cuối năm",
        "date": days(14),
        "start_time": dt.time(8, 0),
        "end_time": dt.time(11, 30),
        "place": "Hội trường UBND tỉnh",
        "chairs": [
            ChairInput("Lý Quang Vịnh", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
            ChairInput("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh"),
        ],
        "period_label": "6 tháng đầu năm",
        "co_organizer_ids": [world.mttq.pk],
        "invited_organization_ids": [world.snv.pk, world.stp.pk, world.hnd.pk],
    }
    values.update(overrides)
    return ConferenceInput(**values)


@pytest.fixture
def make_conference(world: World) -> Callable[..., Conference]:
    def make(*, actor: Any = None, **overrides: Any) -> Conference:
        return services.conference_create(
            actor=actor or world.officer, data=conference_input(world, **overrides)
        )

    return make


def move(conference: Conference, actor: Any, to: str, **kw: Any) -> Conference:
    conference.refresh_from_db()
    return services.conference_transition(
        conference=conference,
        actor=actor,
        data=TransitionInput(to=to, expected_version=conference.version, **kw),
    )


@pytest.fixture
def held_conference(world: World, make_conference: Callable[..., Conference]) -> Conference:
    """A conference held 3 days ago (invitations sent 10 days before)."""
    c = make_conference(date=days(-3))
    move(c, world.officer, "invited", on=days(-10))
    move(c, world.officer, "held", summary="Hội nghị đánh giá kết quả và thống nhất nhiệm vụ.")
    c.refresh_from_db()
    return c


def conclusion_input(world: World, conference: Conference, **overrides: Any) -> ConclusionInput:
    values: dict[str, Any] = {
        "expected_version": conference.version,
        "concluded_by": "Phạm Duy Hưng",
        "concluded_by_title": "Phó Chủ tịch UBND tỉnh",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "assessment": "Công tác dân vận chính quyền 6 tháng đầu năm đạt nhiều kết quả tích cực.",
        "items": [
            ConclusionItemInput(
                content="Xây dựng kế hoạch dân vận chính quyền 6 tháng cuối năm, gắn với cải "
                "cách thủ tục hành chính",
                lead_id=world.snv.pk,
                due=days(30),
                supporting=[SupportInput(world.stp.pk, "rà soát thủ tục hành chính")],
            ),
            ConclusionItemInput(
                content="Tăng cường đối thoại, tiếp thu ý kiến của Nhân dân; nâng cao chất lượng "
                "Ban thanh tra nhân dân",
                lead_id=world.stp.pk,
                due=days(60),
                supporting=[SupportInput(world.mttq.pk, "giám sát"), SupportInput(world.hnd.pk)],
            ),
        ],
    }
    values.update(overrides)
    return ConclusionInput(**values)


@pytest.fixture
def issue(world: World) -> Callable[..., Conclusion]:
    def make(conference: Conference, *, actor: Any = None, **overrides: Any) -> Conclusion:
        conference.refresh_from_db()
        return services.conclusion_issue(
            conference=conference,
            actor=actor or world.officer,
            data=conclusion_input(world, conference, **overrides),
        )

    return make
