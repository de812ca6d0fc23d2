"""Fixtures for the coordination tests: one province (44) with its agencies, a second province
(52), officers and a leader, and helpers that register documents and obligations through the
real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.utils import timezone

from danvan.coordination import services
from danvan.coordination.inputs import DocumentInput, ObligationInput, SupportInput
from danvan.coordination.models import DocumentObligation, LegalDocument
from danvan.core.models import Organization, Role, User
from tests.factories import MembershipFactory, OrganizationFactory, ProvinceFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@dataclass
class World:
    ubnd: Organization
    sdttg: Organization
    ca: Organization
    btgdv: Organization
    mttq: Organization
    other_ubnd: Organization
    officer: User  # officer at 44-UBND (covers its departments)
    dept_officer: User  # officer at 44-SDTTG
    ca_officer: User  # officer at 44-CA
    leader: User  # leader at 44-BTGDV: province-wide oversight
    outsider: User  # officer at 52-UBND
    viewer: User  # viewer at 44-UBND


def _org(**kw: Any) -> Organization:
    return cast(Organization, OrganizationFactory(**kw))


@pytest.fixture
def world() -> World:
    p44 = ProvinceFactory(code="44", name="Quảng Trị", full_name="Tỉnh Quảng Trị")
    p52 = ProvinceFactory(code="52", name="Gia Lai", full_name="Tỉnh Gia Lai")
    ubnd = _org(code="44-UBND", name="UBND tỉnh Quảng Trị", area=p44)
    sdttg = _org(
        code="44-SDTTG",
        name="Sở Dân tộc và Tôn giáo tỉnh Quảng Trị",
        kind="so_nganh",
        area=p44,
        parent=ubnd,
    )
    ca = _org(code="44-CA", name="Công an tỉnh Quảng Trị", kind="cong_an", area=p44)
    btgdv = _org(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
        kind="ban_tgdv",
        area=p44,
    )
    mttq = _org(code="44-MTTQ", name="Ủy ban MTTQ Việt Nam tỉnh Quảng Trị", kind="mttq", area=p44)
    other = _org(code="52-UBND", name="UBND tỉnh Gia Lai", area=p52)

    def person(username: str, org: Organization, role: str, name: str) -> User:
        user = cast(User, UserFactory(username=username, full_name=name))
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return World(
        ubnd=ubnd,
        sdttg=sdttg,
        ca=ca,
        btgdv=btgdv,
        mttq=mttq,
        other_ubnd=other,
        officer=person("canbo-tinh", ubnd, Role.OFFICER, "Trần Thị Hạnh"),
        dept_officer=person("canbo-so", sdttg, Role.OFFICER, "Hồ Văn Kiên"),
        ca_officer=person("canbo-ca", ca, Role.OFFICER, "Lê Văn Hùng"),
        leader=person("lanhdao-dv", btgdv, Role.LEADER, "Nguyễn Thị Lan"),
        outsider=person("canbo-gialai", other, Role.OFFICER, "Rơ Mah H'Linh"),
        viewer=person("xem-tinh", ubnd, Role.VIEWER, "Đặng Thu Hà"),
    )


def doc_input(org: Organization, **overrides: Any) -> DocumentInput:
    values: dict[str, Any] = {
        "kind": "directive",
        "reference": "05-CT/UBND",
        "issuer_name": "Ủy ban nhân dân tỉnh Quảng Trị",
        "issued_on": days(-30),
        "title": "Chỉ thị về tăng cường công tác dân vận chính quyền trong tình hình mới",
        "organization_id": org.pk,
        "summary": "Người đứng đầu chính quyền các cấp đối thoại trực tiếp với Nhân dân.",
    }
    values.update(overrides)
    return DocumentInput(**values)


@pytest.fixture
def register(world: World) -> Callable[..., LegalDocument]:
    def make(actor: User | None = None, **overrides: Any) -> LegalDocument:
        return services.document_register(
            actor=actor or world.officer, data=doc_input(world.ubnd, **overrides)
        )

    return make


@pytest.fixture
def oblige(world: World) -> Callable[..., DocumentObligation]:
    def make(
        document: LegalDocument,
        *,
        actor: User | None = None,
        lead: Organization | None = None,
        due: dt.date | None = None,
        content: str = "Tổ chức đối thoại với đồng bào dân tộc thiểu số",
    ) -> DocumentObligation:
        return services.document_obligation_create(
            actor=actor or world.officer,
            document=document,
            data=ObligationInput(
                content=content,
                lead_id=(lead or world.sdttg).pk,
                due=due or days(30),
                supporting=[SupportInput(world.ubnd.pk, "bố trí kinh phí")],
            ),
        )

    return make
