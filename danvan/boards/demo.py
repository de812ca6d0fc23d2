"""Demo boards in the demo communes, built through the services (idempotent: a board that
already exists by its Front committee and name is left alone).

Each province gets a people's inspection board with members, a yearly plan and supervision
records, and an investment supervision board for a rural road built under "Nhà nước và nhân
dân cùng làm"; their recommendations were answered on time, late, or not yet (overdue or still
within the period). One people's inspection board elected under the old two-year term was never
renewed, so the statistics show an expired term.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from danvan.boards import services
from danvan.boards.inputs import BoardInput, MemberInput, PlanInput, PlanItemInput, RecordInput
from danvan.boards.models import Board
from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommuneSeed:
    commune: str  # commune code
    hamlets: tuple[str, ...]
    members: tuple[str, ...]
    road: str
    investor: str


SEEDS: tuple[CommuneSeed, ...] = (
    CommuneSeed(
        "19564",
        ("thôn A Vao", "thôn Tà Lang", "thôn Ba Ngày", "thôn Khe Ngài", "thôn Pa Ling"),
        ("Hồ Văn Tư", "Hồ Thị Nhung", "Hồ Văn Hạnh", "Lê Văn Sơn", "Hồ Thị Xuân"),
        "Đường bê tông liên thôn A Vao – Tà Lang (1,2 km)",
        "Ủy ban nhân dân xã Đakrông",
    ),
    CommuneSeed(
        "23149",
        ("thôn 1", "thôn 2", "thôn 3", "thôn 4", "thôn 5"),
        ("Nguyễn Văn Lộc", "Trần Thị Hoa", "Phạm Văn Được", "Lê Thị Mai", "Võ Văn Hùng"),
        "Đường giao thông nông thôn thôn 3 – thôn 5 (800 m)",
        "Ủy ban nhân dân xã Tánh Linh",
    ),
    CommuneSeed(
        "02020",
        ("thôn Bản Duồng", "thôn Nà Pết", "thôn Bản Tàn", "thôn Nà Làng", "thôn Khuổi Khe"),
        ("Hoàng Văn Đức", "Ma Thị Hằng", "Nông Văn Tám", "Triệu Thị Lan", "Lục Văn Pảo"),
        "Đường bê tông nội thôn Bản Duồng (650 m)",
        "Ủy ban nhân dân xã Chợ Đồn",
    ),
    CommuneSeed(
        "23764",
        ("làng Dơk", "làng Kép", "làng Bồ", "làng Sơr", "làng Yam"),
        ("Rơ Lan Thiêm", "Ksor H'Nhi", "Siu Blơi", "Rơ Châm Phun", "Nay Y Ngọc"),
        "Đường nội làng Dơk – làng Kép (1 km)",
        "Ủy ban nhân dân xã Ia Grai",
    ),
)
# This commune's people's inspection board was elected for two years under the Inspection Law
# 2010 and has not been renewed: it shows as an expired term.
EXPIRED = "23764"


@dataclass
class _Load:
    counts: Counter[str] = field(default_factory=Counter)
    hashed: str = ""


def _ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _account(load: _Load, org: Organization, role: str, username: str, position: str) -> User:
    """A demo account holding `role` at `org` (an existing one, or created)."""
    m = (
        Membership.objects.filter(organization=org, role=role, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if m is not None:
        return m.user
    from django.test.utils import override_settings

    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    user = User.objects.filter(username=username).first()
    if user is not None:
        membership_grant(actor=None, user=user, organization=org, role=role)
        return user
    fields: dict[str, Any] = {
        "actor": None,
        "username": username,
        "password": DEMO_PASSWORD,
        "full_name": f"Cán bộ {org.name}"[:150],
        "position": position,
        "organization": org,
        "role": role,
    }
    if not load.hashed:
        user = user_create(**fields)
        load.hashed = user.password
        return user
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        user = user_create(**fields)
    User.objects.filter(pk=user.pk).update(password=load.hashed)
    return user


def _answer(rec: Any, answerer: User, *, after: int, text: str) -> None:
    day = min(rec.sent_on + dt.timedelta(days=after), timezone.localdate())
    services.recommendation_answer(
        recommendation=rec,
        actor=answerer,
        text=text,
        answered_on=day,
        signer="Chủ tịch Ủy ban nhân dân xã",
        expected_version=rec.version,
    )


def _inspection_board(
    load: _Load, seed: CommuneSeed, front: Organization, ubnd: Organization
) -> None:
    actor = _account(load, front, "front", f"mattran.{seed.commune}", "Phó Chủ tịch UBMTTQ xã")
    answerer = _account(load, ubnd, "officer", f"canbo.ubnd.{seed.commune}", "Công chức xã")
    expired = seed.commune == EXPIRED
    term_from = dt.date(2022, 9, 1) if expired else dt.date(2024, 10, 1)
    name = f"Ban thanh tra nhân dân {front.area.name if front.area else ''}".strip()
    if Board.objects.filter(front=front, name=name).exists():
        return
    board = services.board_create(
        actor=actor,
        data=BoardInput(
            kind="people_inspection",
            front_id=front.pk,
            term_from=term_from,
            name=name,
            decision_number=f"{12 if expired else 35}/NQ-MTTQ",
            decision_date=term_from + dt.timedelta(days=4),
        ),
    )
    load.counts["boards"] += 1
    for i, (person, hamlet) in enumerate(zip(seed.members, seed.hamlets, strict=True)):
        role = "head" if i == 0 else "deputy" if i == 1 else "member"
        services.member_add(
            board=board,
            actor=actor,
            data=MemberInput(full_name=person, role=role, from_on=term_from, representing=hamlet),
        )
    if expired:
        return
    year = timezone.localdate().year
    plan = services.plan_create(
        board=board,
        actor=actor,
        data=PlanInput(
            kind="yearly",
            year=year,
            title=f"Kế hoạch giám sát năm {year} của Ban thanh tra nhân dân",
            approved_on=dt.date(year, 1, 10),
        ),
    )
    item = services.plan_item_add(
        plan=plan,
        actor=actor,
        data=PlanItemInput(
            content="Giám sát việc công khai, giải quyết thủ tục hành chính tại bộ phận một cửa",
            place=ubnd.name,
            starts_on=dt.date(year, 1, 15),
        ),
    )
    services.plan_item_add(
        plan=plan,
        actor=actor,
        data=PlanItemInput(
            content="Giám sát việc thu, chi các khoản đóng góp của Nhân dân",
            place=ubnd.name,
            starts_on=dt.date(year, 6, 1),
        ),
    )
    held = _ago(70)
    record = services.record_create(
        board=board,
        actor=actor,
        data=RecordInput(
            held_on=held,
            subject="Bộ phận tiếp nhận và trả kết quả thủ tục hành chính",
            subject_org_id=ubnd.pk,
            plan_item_id=item.pk if item.starts_on <= held else None,
            content="Kiểm tra việc niêm yết công khai thủ tục hành chính, sổ theo dõi hồ sơ.",
            findings=(
                "Niêm yết đủ thủ tục; còn 4 hồ sơ chứng thực trả chậm 1–2 ngày không có "
                "phiếu xin lỗi; sổ theo dõi ghi chưa đầy đủ."
            ),
        ),
    )
    on_time = services.recommendation_add(
        record=record,
        actor=actor,
        addressee_id=ubnd.pk,
        content="Đề nghị gửi phiếu xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ trả chậm.",
        sent_on=_ago(60),
    )
    _answer(on_time, answerer, after=8, text="Đã gửi phiếu xin lỗi cho 4 công dân; đã chấn chỉnh.")
    late = services.recommendation_add(
        record=record,
        actor=actor,
        addressee_id=ubnd.pk,
        content="Đề nghị ghi sổ theo dõi hồ sơ đầy đủ, đúng mẫu.",
        sent_on=_ago(55),
    )
    _answer(late, answerer, after=28, text="Đã giao công chức văn phòng ghi lại sổ theo mẫu.")
    load.counts["recommendations"] += 2


def _investment_board(
    load: _Load, seed: CommuneSeed, front: Organization, ubnd: Organization
) -> None:
    actor = _account(load, front, "front", f"mattran.{seed.commune}", "Phó Chủ tịch UBMTTQ xã")
    name = f"Ban giám sát đầu tư của cộng đồng — {seed.road}"[:300]
    if Board.objects.filter(front=front, name=name).exists():
        return
    start = _ago(120)
    board = services.board_create(
        actor=actor,
        data=BoardInput(
            kind="investment",
            front_id=front.pk,
            term_from=start,
            term_to=start + dt.timedelta(days=270),
            name=name,
            project=f"{seed.road} — Nhà nước và nhân dân cùng làm",
            project_investor=seed.investor,
            decision_number="08/QĐ-MTTQ",
            decision_date=start,
        ),
    )
    load.counts["boards"] += 1
    for i, person in enumerate(seed.members[:3]):
        services.member_add(
            board=board,
            actor=actor,
            data=MemberInput(
                full_name=person,
                role="head" if i == 0 else "member",
                from_on=start,
                representing=seed.hamlets[i],
            ),
        )
    record = services.record_create(
        board=board,
        actor=actor,
        data=RecordInput(
            held_on=_ago(45),
            subject=seed.road,
            content="Giám sát khối lượng, chất lượng bê tông mặt đường và việc sử dụng ngày công "
            "đóng góp của Nhân dân.",
            findings="Một đoạn 40 m mặt đường mỏng hơn thiết kế; sổ theo dõi ngày công chưa "
            "công khai tại nhà văn hóa thôn.",
        ),
    )
    services.recommendation_add(
        record=record,
        actor=actor,
        addressee_id=ubnd.pk,
        content="Đề nghị chủ đầu tư kiểm tra, yêu cầu nhà thầu làm lại đoạn 40 m mặt đường.",
        sent_on=_ago(40),
    )
    services.recommendation_add(
        record=record,
        actor=actor,
        addressee_id=ubnd.pk,
        content="Đề nghị công khai sổ theo dõi ngày công, vật liệu Nhân dân đóng góp.",
        sent_on=_ago(5),
    )
    load.counts["recommendations"] += 2


def demo_boards_load() -> dict[str, int]:
    """Create the missing demo boards; return what was created."""
    load = _Load()
    codes = [f"{s.commune}-{k}" for s in SEEDS for k in ("MTTQ", "UBND")]
    orgs = {
        o.code: o
        for o in Organization.objects.filter(code__in=codes, is_active=True).select_related("area")
    }
    for seed in SEEDS:
        front, ubnd = orgs.get(f"{seed.commune}-MTTQ"), orgs.get(f"{seed.commune}-UBND")
        if front is None or ubnd is None:
            continue
        for make in (_inspection_board, _investment_board):
            try:
                make(load, seed, front, ubnd)
            except DomainError as exc:  # a demo record that no longer fits the rules is skipped
                logger.warning("boards demo: %s: %s", seed.commune, exc.message)
    return dict(load.counts)
