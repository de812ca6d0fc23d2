"""Fixtures for the consultations tests: a province (Gia Lai) with its People's Committee
(the consulting body), its Front committee, two communes with their committees, another
province, users in every role that matters, and helpers that prepare, open and close drafts
through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.consultations import services
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftInput,
    ModerationInput,
    TransitionInput,
)
from danvan.consultations.models import Comment, Draft, Section
from danvan.core.models import AdminUnit, Organization, Role, User
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

DRAFT_TEXT = """Căn cứ Luật Tổ chức chính quyền địa phương;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định chính sách hỗ trợ nhà ở cho hộ nghèo.
Điều 2. Đối tượng áp dụng
Hộ nghèo chưa có nhà ở.
Chương II
CHÍNH SÁCH HỖ TRỢ
Điều 3. Mức hỗ trợ
Xây mới nhà ở: 40 triệu đồng/hộ.
"""


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
    front: Organization
    commune_a_org: Organization
    other_org: Organization
    officer: User  # officer at the province People's Committee (manages)
    leader: User  # leader at the province People's Committee
    viewer: User  # viewer at the province People's Committee
    front_user: User  # Front (reads, does not manage)
    commune_officer: User  # officer of commune A (below the province: cannot manage)
    outsider: User  # officer of another province


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="52", name="Gia Lai Thử", full_name="Tỉnh Gia Lai Thử")
    commune_a = CommuneFactory(
        code="23575", name="Pleiku", full_name="Phường Pleiku", parent=province
    )
    commune_b = CommuneFactory(
        code="23764", name="Ia Grai", full_name="Xã Ia Grai", parent=province
    )
    other_province = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    other_commune = CommuneFactory(
        code="19564", name="Đakrông", full_name="Xã Đakrông", parent=other_province
    )
    ubnd = OrganizationFactory(code="52-UBND", name="UBND tỉnh Gia Lai Thử", area=province)
    front = OrganizationFactory(
        code="52-MTTQ", name="Ủy ban MTTQ tỉnh Gia Lai Thử", area=province, kind="mttq"
    )
    org_a = OrganizationFactory(
        code="23575-UBND", name="UBND phường Pleiku", area=commune_a, level="commune", parent=ubnd
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
        front=front,
        commune_a_org=org_a,
        other_org=other,
        officer=member(ubnd, Role.OFFICER, "canbo.gialai"),
        leader=member(ubnd, Role.LEADER, "lanhdao.gialai"),
        viewer=member(ubnd, Role.VIEWER, "xem.gialai"),
        front_user=member(front, Role.FRONT, "mattran.gialai"),
        commune_officer=member(org_a, Role.OFFICER, "canbo.pleiku"),
        outsider=member(other, Role.OFFICER, "canbo.quangtri"),
    )


def draft_input(world: World, **overrides: Any) -> DraftInput:
    values: dict[str, Any] = {
        "kind": "resolution",
        "title": "Nghị quyết quy định chính sách hỗ trợ nhà ở cho hộ nghèo giai đoạn 2026 - 2030",
        "summary": "Mức hỗ trợ, đối tượng, thủ tục.",
        "opens_on": days(-5),
        "closes_on": days(25),
        "organization_id": world.ubnd.pk,
    }
    values.update(overrides)
    return DraftInput(**values)


def article(draft: Draft, number: str) -> Section:
    return Section.objects.get(draft=draft, kind="article", number=number)


@pytest.fixture
def prepared(world: World) -> Callable[..., Draft]:
    """A draft (status draft) with the three articles of DRAFT_TEXT."""

    def make(**overrides: Any) -> Draft:
        draft = services.draft_create(actor=world.officer, data=draft_input(world, **overrides))
        services.sections_import(
            draft=draft, actor=world.officer, text=DRAFT_TEXT, expected_version=draft.version
        )
        draft.refresh_from_db()
        return draft

    return make


@pytest.fixture
def opened(world: World, prepared: Callable[..., Draft]) -> Callable[..., Draft]:
    def make(**overrides: Any) -> Draft:
        draft = prepared(**overrides)
        return services.draft_transition(
            draft=draft,
            actor=world.officer,
            data=TransitionInput(to="open", expected_version=draft.version),
        )

    return make


def comment(
    draft: Draft,
    text: str = "Đề nghị nâng mức hỗ trợ lên 50 triệu đồng/hộ.",
    *,
    number: str | None = "3",
    area: AdminUnit | None = None,
    name: str = "Nguyễn Văn An",
) -> Comment:
    return services.comment_submit_public(
        draft=draft,
        data=CitizenCommentInput(
            text=text,
            name=name,
            section_id=article(draft, number).pk if number else None,
            area_id=area.pk if area else None,
            contact="0905123456",
        ),
        ip_hash="test",
    )


def publish(c: Comment, actor: User) -> Comment:
    c.refresh_from_db()
    return services.comment_moderate(
        comment=c, actor=actor, data=ModerationInput(to="published", expected_version=c.version)
    )


def close(draft: Draft, actor: User) -> Draft:
    draft.refresh_from_db()
    return services.draft_transition(
        draft=draft, actor=actor, data=TransitionInput(to="closed", expected_version=draft.version)
    )
