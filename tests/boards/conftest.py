"""Fixtures for the boards tests: one province with its Front and People's Committee, two
communes with their own Front committees and People's Committees, another province, and
people with roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.boards import services
from danvan.boards.inputs import BoardInput, RecordInput
from danvan.boards.models import Board, SupervisionRecord
from danvan.core.models import Organization, Role, User
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

TERM_FROM = dt.date(2024, 10, 1)
# A Monday; fifteen calendar days later is Tuesday 17/11/2026, a working day.
SENT = dt.date(2026, 11, 2)
HELD = dt.date(2026, 10, 30)


@dataclass
class World:
    province_front: Organization
    province_ubnd: Organization
    front_a: Organization  # commune A's Front committee
    ubnd_a: Organization  # commune A's People's Committee
    front_b: Organization
    ubnd_b: Organization
    other_front: Organization  # another province's Front
    other_commune_front: Organization
    province_front_user: User  # role front at the province Front: covers every commune
    front_a_user: User  # role front at commune A's Front
    officer_a: User  # officer at commune A's People's Committee: answers, cannot manage
    officer_b: User
    viewer_a: User
    outsider: User  # front at another province


def _member(org: Organization, role: str, username: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="44", name="Quảng Trị Thử")
    other = ProvinceFactory(code="68", name="Lâm Đồng Thử")
    ca = CommuneFactory(parent=province, name="Đakrông Thử")
    cb = CommuneFactory(parent=province, name="Ba Lòng Thử")
    co = CommuneFactory(parent=other, name="Tánh Linh Thử")
    pfront = OrganizationFactory(code="T-MTTQ", name="Ủy ban MTTQ tỉnh", kind="mttq", area=province)
    pubnd = OrganizationFactory(code="T-UBND", name="UBND tỉnh", kind="ubnd", area=province)
    ofront = OrganizationFactory(
        code="O-MTTQ", name="Ủy ban MTTQ tỉnh khác", kind="mttq", area=other
    )

    def commune(
        code: str, area: Any, pf: Organization, pu: Organization
    ) -> tuple[Organization, Organization]:
        front = OrganizationFactory(
            code=f"{code}-MTTQ",
            name=f"Ủy ban MTTQ xã {area.name}",
            kind="mttq",
            level="commune",
            area=area,
            parent=pf,
        )
        ubnd = OrganizationFactory(
            code=f"{code}-UBND",
            name=f"UBND xã {area.name}",
            kind="ubnd",
            level="commune",
            area=area,
            parent=pu,
        )
        return front, ubnd

    front_a, ubnd_a = commune("A", ca, pfront, pubnd)
    front_b, ubnd_b = commune("B", cb, pfront, pubnd)
    other_commune_front, _ = commune("C", co, ofront, ofront)
    return World(
        province_front=pfront,
        province_ubnd=pubnd,
        front_a=front_a,
        ubnd_a=ubnd_a,
        front_b=front_b,
        ubnd_b=ubnd_b,
        other_front=ofront,
        other_commune_front=other_commune_front,
        province_front_user=_member(pfront, Role.FRONT, "mattran"),
        front_a_user=_member(front_a, Role.FRONT, "mattran.a"),
        officer_a=_member(ubnd_a, Role.OFFICER, "canbo.a"),
        officer_b=_member(ubnd_b, Role.OFFICER, "canbo.b"),
        viewer_a=_member(ubnd_a, Role.VIEWER, "xem.a"),
        outsider=_member(ofront, Role.FRONT, "mattran.khac"),
    )


def inspection_board(world: World, **kw: Any) -> Board:
    front_id = kw.pop("front_id", world.front_a.pk)
    actor = world.front_a_user if front_id == world.front_a.pk else world.province_front_user
    data = BoardInput(
        kind="people_inspection",
        front_id=front_id,
        term_from=kw.pop("term_from", TERM_FROM),
        decision_number=kw.pop("decision_number", "35/NQ-MTTQ"),
        **kw,
    )
    return services.board_create(actor=actor, data=data)


def record_with_recommendation(
    world: World, board: Board, *, addressee: Organization | None = None, sent: dt.date = SENT
) -> SupervisionRecord:
    record = services.record_create(
        board=board,
        actor=world.front_a_user,
        data=RecordInput(
            held_on=min(HELD, sent),
            subject="Bộ phận một cửa",
            content="Kiểm tra niêm yết thủ tục hành chính.",
            findings="Trả chậm 4 hồ sơ.",
        ),
    )
    services.recommendation_add(
        record=record,
        actor=world.front_a_user,
        addressee_id=(addressee or world.ubnd_a).pk,
        content="Đề nghị gửi phiếu xin lỗi công dân.",
        sent_on=sent,
    )
    return record
