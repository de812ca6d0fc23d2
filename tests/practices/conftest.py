"""The practices tests' world: province 68 with two communes, its People's Committee, Ban
Tuyên giáo và Dân vận, Sở Tư pháp and commune bodies, and people in each role; helpers that
move a model through its lifecycle with the real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from danvan.core.models import AdminUnit, Organization, Role, User
from danvan.practices import services
from danvan.practices.inputs import (
    CouncilInput,
    MemberInput,
    PracticeInput,
    RecognitionInput,
    ScoreInput,
)
from danvan.practices.models import Evaluation, PracticeModel
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

LAUNCH_DAY = dt.date(2025, 3, 1)
COUNCIL_DAY = dt.date(2025, 11, 20)


@dataclass
class World:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    ubnd: Organization
    btgdv: Organization
    stp: Organization
    org_a: Organization
    org_b: Organization
    mttq_a: Organization
    officer_stp: User  # officer of Sở Tư pháp
    officer_a: User  # officer of commune A's People's Committee
    officer_b: User  # officer of commune B's People's Committee
    runner: User  # officer of the province Ban Tuyên giáo và Dân vận (runs councils)
    leader: User  # leader of the province People's Committee
    leader_a: User  # chair of commune A's People's Committee
    juror: User  # a council member with an account (Sở Nội vụ)
    viewer: User  # viewer at the province People's Committee


@pytest.fixture
def world(db: Any) -> World:
    province: Any = ProvinceFactory(code="68", name="Lâm Đồng", full_name="Tỉnh Lâm Đồng")
    commune_a: Any = CommuneFactory(
        code="22945", name="Phan Thiết", full_name="Phường Phan Thiết", parent=province
    )
    commune_b: Any = CommuneFactory(
        code="23149", name="Tánh Linh", full_name="Xã Tánh Linh", parent=province
    )
    ubnd: Any = OrganizationFactory(
        code="68-UBND", name="UBND tỉnh Lâm Đồng", area=province, level="province"
    )
    btgdv: Any = OrganizationFactory(
        code="68-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
        kind="ban_tgdv",
        area=province,
        level="province",
    )
    stp: Any = OrganizationFactory(
        code="68-STP",
        name="Sở Tư pháp tỉnh Lâm Đồng",
        kind="so_nganh",
        area=province,
        level="province",
        parent=ubnd,
    )
    snv: Any = OrganizationFactory(
        code="68-SNV", name="Sở Nội vụ tỉnh Lâm Đồng", kind="so_nganh", area=province, parent=ubnd
    )
    org_a: Any = OrganizationFactory(
        code="22945-UBND",
        name="UBND phường Phan Thiết",
        area=commune_a,
        level="commune",
        parent=ubnd,
    )
    org_b: Any = OrganizationFactory(
        code="23149-UBND", name="UBND xã Tánh Linh", area=commune_b, level="commune", parent=ubnd
    )
    mttq_a: Any = OrganizationFactory(
        code="22945-MTTQ",
        name="Ủy ban MTTQ phường Phan Thiết",
        kind="mttq",
        area=commune_a,
        level="commune",
    )

    def member(org: Organization, role: str, username: str, name: str) -> User:
        user: Any = UserFactory(username=username, full_name=name)
        MembershipFactory(user=user, organization=org, role=role)
        return user

    services.practice_reference_load()
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        ubnd=ubnd,
        btgdv=btgdv,
        stp=stp,
        org_a=org_a,
        org_b=org_b,
        mttq_a=mttq_a,
        officer_stp=member(stp, Role.OFFICER, "canbo.stp", "Nguyễn Thị Tư"),
        officer_a=member(org_a, Role.OFFICER, "canbo.a", "Lê Văn An"),
        officer_b=member(org_b, Role.OFFICER, "canbo.b", "Trần Thị Bình"),
        runner=member(btgdv, Role.OFFICER, "dvk", "Phạm Thị Dân"),
        leader=member(ubnd, Role.LEADER, "lanhdao", "Hồ Văn Lãnh"),
        leader_a=member(org_a, Role.LEADER, "lanhdao.a", "Võ Thị Phường"),
        juror=member(snv, Role.OFFICER, "giamkhao", "Đặng Văn Giám"),
        viewer=member(ubnd, Role.VIEWER, "xem", "Mai Thị Xem"),
    )


def practice_input(org: Organization, **kw: Any) -> PracticeInput:
    values: dict[str, Any] = {
        "organization_id": org.pk,
        "registrant_kind": "agency",
        "field": "political_system",
        "name": "4 không, 2 biết",
        "objectives": "Nâng cao thái độ phục vụ Nhân dân của công chức.",
        "content_method": "Không hách dịch, không gây phiền hà, không nhận quà, không trễ hẹn; "
        "biết lắng nghe, biết giải thích.",
        "outputs": "100% hồ sơ trả đúng hạn; không có phản ánh về thái độ phục vụ.",
        "start_on": dt.date(2025, 2, 1),
        "registered_on": dt.date(2025, 2, 1),
        "resources": "Kinh phí thường xuyên: 20 triệu đồng",
        "contact_name": "Nguyễn Thị Tư",
        "contact_phone": "0912345678",
    }
    values.update(kw)
    return PracticeInput(**values)


def register(w: World, **kw: Any) -> PracticeModel:
    org = kw.pop("org", w.stp)
    actor = kw.pop("actor", w.officer_stp)
    return services.practice_register(actor=actor, data=practice_input(org, **kw))


def launch(w: World, model: PracticeModel, actor: Any = None) -> PracticeModel:
    return services.practice_transition(
        model=model,
        actor=actor or w.officer_stp,
        to="launched",
        expected_version=model.version,
        on=LAUNCH_DAY,
    )


def open_council(
    w: World, model: PracticeModel, *, held_on: dt.date = COUNCIL_DAY, juror: bool = False
) -> Evaluation:
    members = [
        MemberInput(full_name="Phạm Văn Thành", title="Phó Trưởng Ban", role="chair"),
        MemberInput(full_name="Nguyễn Thị Ngân", title="Trưởng phòng Dân vận", role="member"),
    ]
    if juror:
        members.append(MemberInput(full_name="", role="member", user_id=w.juror.pk))
    model.refresh_from_db()
    return services.evaluation_open(
        model=model,
        actor=w.runner,
        data=CouncilInput(
            council_org_id=w.btgdv.pk,
            held_on=held_on,
            members=members,
            expected_version=model.version,
        ),
    )


def score(w: World, evaluation: Evaluation, member_index: int, points: dict[str, Any]) -> None:
    evaluation.refresh_from_db()
    member = evaluation.members.order_by("position")[member_index]
    actor = w.juror if member.user_id == w.juror.pk else w.runner
    services.score_record(
        evaluation=evaluation,
        actor=actor,
        data=ScoreInput(
            member_id=member.pk,
            points={k: Decimal(str(v)) for k, v in points.items()},
            expected_version=evaluation.version,
        ),
    )


GOOD: dict[str, Decimal] = {
    k: Decimal(v)
    for k, v in {
        "novelty": 18,
        "results": 27,
        "participation": 18,
        "replicability": 17,
        "theme": 9,
    }.items()
}
POOR: dict[str, Decimal] = {
    k: Decimal(v)
    for k, v in {
        "novelty": 10,
        "results": 12,
        "participation": 10,
        "replicability": 8,
        "theme": 5,
    }.items()
}


def evaluate(w: World, model: PracticeModel, sheets: list[dict[str, Any]]) -> Evaluation:
    evaluation = open_council(w, model)
    for i, sheet in enumerate(sheets):
        score(w, evaluation, i, sheet)
    evaluation.refresh_from_db()
    return services.evaluation_close(
        evaluation=evaluation,
        actor=w.runner,
        expected_version=evaluation.version,
        conclusion="Kết luận của hội đồng.",
        on=COUNCIL_DAY,
    )


def recognise(w: World, model: PracticeModel, *, level: str = "province") -> PracticeModel:
    model.refresh_from_db()
    return services.practice_recognise(
        model=model,
        actor=w.leader,
        data=RecognitionInput(
            level=level,
            decision_number="2150/QĐ-UBND",
            decision_date=dt.date(2025, 12, 10),
            decision_issuer="UBND tỉnh Lâm Đồng",
            expected_version=model.version,
        ),
    )


def recognised_model(w: World, **kw: Any) -> PracticeModel:
    model = register(w, **kw)
    launch(w, model)
    evaluate(w, model, [GOOD, GOOD])
    return recognise(w, model)
