"""Fixtures for the oversight tests: one province with its Front, a mass organisation, the
People's Committee, the Ban Tuyên giáo và Dân vận, two communes, and people with roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from danvan.core.models import Organization, Role, User
from danvan.oversight import services
from danvan.oversight.inputs import ConclusionItemInput, InspectionInput, SupervisionInput
from danvan.oversight.models import Inspection, Recommendation, Supervision
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
    front: Organization  # province MTTQ
    farmers: Organization  # Hội Nông dân (mass organisation under the Front)
    ubnd: Organization  # province People's Committee
    btgdv: Organization  # Ban Tuyên giáo và Dân vận
    commune_a: Organization  # commune People's Committee A
    commune_b: Organization  # commune People's Committee B
    other_front: Organization  # another province's Front
    front_user: User  # role front at the province MTTQ
    farmers_officer: User  # officer at the Hội Nông dân
    ubnd_officer: User  # officer at the province UBND (answers recommendations to it)
    commune_a_officer: User
    commune_b_officer: User
    btgdv_leader: User  # leader at the BTGDV: inspects and assigns tasks province-wide
    btgdv_officer: User  # officer at the BTGDV: inspects but cannot assign tasks to units
    outsider: User  # front at another province


def _member(org: Organization, role: str, username: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    province = ProvinceFactory(code="44", name="Quảng Trị Thử")
    other = ProvinceFactory(code="68", name="Lâm Đồng Thử")
    ca = CommuneFactory(parent=province)
    cb = CommuneFactory(parent=province)
    front = OrganizationFactory(code="T-MTTQ", name="Ủy ban MTTQ tỉnh", kind="mttq", area=province)
    farmers = OrganizationFactory(
        code="T-HND", name="Hội Nông dân tỉnh", kind="doan_the", area=province, parent=front
    )
    ubnd = OrganizationFactory(code="T-UBND", name="UBND tỉnh", kind="ubnd", area=province)
    btgdv = OrganizationFactory(
        code="T-BTGDV", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="ban_tgdv", area=province
    )
    commune_a = OrganizationFactory(
        code="A-UBND", name="UBND xã A", kind="ubnd", level="commune", area=ca, parent=ubnd
    )
    commune_b = OrganizationFactory(
        code="B-UBND", name="UBND xã B", kind="ubnd", level="commune", area=cb, parent=ubnd
    )
    other_front = OrganizationFactory(
        code="O-MTTQ", name="Ủy ban MTTQ tỉnh khác", kind="mttq", area=other
    )
    return World(
        front=front,
        farmers=farmers,
        ubnd=ubnd,
        btgdv=btgdv,
        commune_a=commune_a,
        commune_b=commune_b,
        other_front=other_front,
        front_user=_member(front, Role.FRONT, "mattran"),
        farmers_officer=_member(farmers, Role.OFFICER, "hoinongdan"),
        ubnd_officer=_member(ubnd, Role.OFFICER, "canbo.ubnd"),
        commune_a_officer=_member(commune_a, Role.OFFICER, "canbo.a"),
        commune_b_officer=_member(commune_b, Role.OFFICER, "canbo.b"),
        btgdv_leader=_member(btgdv, Role.LEADER, "lanhdao.btgdv"),
        btgdv_officer=_member(btgdv, Role.OFFICER, "canbo.btgdv"),
        outsider=_member(other_front, Role.FRONT, "mattran.khac"),
    )


def plan_supervision(world: World, **kw: Any) -> Supervision:
    data = SupervisionInput(
        kind=kw.pop("kind", "thematic"),
        organization_id=kw.pop("organization_id", world.front.pk),
        title=kw.pop("title", "Giám sát việc thực hiện dân chủ ở cơ sở"),
        period_from=kw.pop("period_from", days(-60)),
        period_to=kw.pop("period_to", days(-30)),
        supervised_ids=kw.pop("supervised_ids", [world.ubnd.pk, world.commune_a.pk]),
        **kw,
    )
    return services.supervision_create(actor=world.front_user, data=data)


def supervision_with_sent(
    world: World, *, sent_on: dt.date, addressees: list[Organization] | None = None
) -> tuple[Supervision, list[Recommendation]]:
    """A supervision whose recommendations (one per addressee) were sent on `sent_on`."""
    s = plan_supervision(world)
    actor = world.front_user
    s = services.supervision_transition(
        supervision=s, actor=actor, to="in_progress", expected_version=s.version, on=sent_on
    )
    services.finding_add(
        supervision=s,
        actor=actor,
        content="Việc công khai phương án bồi thường chưa đầy đủ.",
        organization_id=world.commune_a.pk,
    )
    s.refresh_from_db()
    s = services.supervision_transition(
        supervision=s, actor=actor, to="findings_reported", expected_version=s.version, on=sent_on
    )
    for org in addressees or [world.ubnd]:
        services.recommendation_add(
            supervision=s,
            actor=actor,
            addressee_id=org.pk,
            content=f"Đề nghị {org.name} chỉ đạo công khai đầy đủ phương án bồi thường.",
        )
    s.refresh_from_db()
    s = services.supervision_transition(
        supervision=s,
        actor=actor,
        to="recommendations_sent",
        expected_version=s.version,
        on=sent_on,
    )
    return s, list(Recommendation.objects.filter(supervision=s).order_by("id"))


def plan_inspection(world: World, **kw: Any) -> Inspection:
    data = InspectionInput(
        organization_id=kw.pop("organization_id", world.btgdv.pk),
        title=kw.pop("title", "Kiểm tra việc thực hiện Quyết định 290-QĐ/TW"),
        document_refs=kw.pop("document_refs", "290-QĐ/TW"),
        scheduled_from=kw.pop("scheduled_from", days(-20)),
        scheduled_to=kw.pop("scheduled_to", days(-10)),
        inspected_ids=kw.pop("inspected_ids", [world.commune_a.pk, world.commune_b.pk]),
        **kw,
    )
    return services.inspection_create(actor=kw.pop("actor", world.btgdv_leader), data=data)


def inspection_in_progress(world: World, actor: Any = None) -> Inspection:
    actor = actor or world.btgdv_leader
    i = plan_inspection(world)
    i = services.inspection_transition(
        inspection=i, actor=actor, to="announced", expected_version=i.version, on=days(-20)
    )
    return services.inspection_transition(
        inspection=i, actor=actor, to="in_progress", expected_version=i.version, on=days(-19)
    )


def items_for(world: World) -> list[ConclusionItemInput]:
    return [
        ConclusionItemInput(
            content="Ban hành quy chế công tác dân vận của xã theo Quyết định 290-QĐ/TW.",
            lead_id=world.commune_a.pk,
            due=days(30),
            supporting_ids=[world.front.pk],
        ),
        ConclusionItemInput(
            content="Tổ chức hội nghị đối thoại định kỳ với Nhân dân.",
            lead_id=world.commune_b.pk,
            due=days(45),
        ),
    ]
