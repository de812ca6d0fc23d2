"""Demo projects “Nhà nước và nhân dân cùng làm” in Quảng Trị's mountain communes (seed 003:
the Đakrông article on ten years of Nghị quyết 25 — infrastructure built “Nhà nước và nhân dân
cùng làm”, publicly and transparently), through the real services (`danvan demo`).

- Đakrông: the concrete road of thôn Khe Ngài (handed over, every line of its account) and the
  inter-village road Tà Mẻ – Ba Ngày (in progress, a provincial pledge not yet received).
- Tà Rụt: the cultural house of thôn Vực Leng (completed) and the inner road of thôn A Đeng
  (handed over).
- Hướng Hiệp: the canal of thôn Khe Hiên (handed over). La Lay: street lighting (planned, with
  pledges only).

Households are named only where the data says they agreed to be listed. The actor is the demo
leader of the province's People's Committee (`lanhdao`). Idempotent: nothing is added when any
project exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Organization, User
from danvan.projects import services
from danvan.projects.inputs import (
    ContributionInput,
    ExpenditureInput,
    ProgressInput,
    ProjectInput,
    TransitionInput,
)
from danvan.projects.models import Project

logger = logging.getLogger(__name__)
ACTOR = "lanhdao"


@dataclass(frozen=True)
class Gift:
    """source, kind, amount, who ("" for a budget), value, received on (None = pledged)."""

    source: str
    kind: str
    amount: float | int
    who: str = ""
    value: int | None = None
    on: dt.date | None = None
    pledged: dt.date | None = None
    listed: bool = False
    unit: str = ""
    receipt: str = ""


@dataclass(frozen=True)
class Plan:
    org: str
    name: str
    kind: str
    villages: str
    description: str
    cost: int
    starts_on: dt.date
    ends_on: dt.date
    decision: str
    length_km: float | None = None
    area_m2: float | None = None
    gifts: tuple[Gift, ...] = ()
    started_on: dt.date | None = None
    reports: tuple[tuple[dt.date, int, str], ...] = ()
    spending: tuple[tuple[dt.date, str, int, str], ...] = ()
    completed_on: dt.date | None = None
    handed_over_on: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _plans() -> list[Plan]:
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    d = dt.date
    return [
        Plan(
            org="19564-UBND",
            name="Bê tông hóa đường giao thông nông thôn thôn Khe Ngài",
            kind="road",
            villages="thôn Khe Ngài",
            description=(
                "Mặt đường bê tông xi măng rộng 3,5 m, dày 18 cm, dài 1,2 km từ trung tâm thôn "
                "đến khu sản xuất; rãnh thoát nước hai bên."
            ),
            length_km=1.2,
            cost=1_450_000_000,
            starts_on=d(2023, 3, 1),
            ends_on=d(2023, 8, 31),
            decision="Biên bản Hội nghị thôn Khe Ngài ngày 12/01/2023",
            gifts=(
                Gift("central", "money", 900_000_000, on=d(2023, 3, 20), receipt="GBC 0312/KBNN"),
                Gift("province", "money", 250_000_000, on=d(2023, 4, 5), receipt="GBC 0405/KBNN"),
                Gift("commune", "money", 100_000_000, on=d(2023, 4, 5), receipt="PT 15/2023"),
                Gift(
                    "residents",
                    "money",
                    120_000_000,
                    "Các hộ thôn Khe Ngài",
                    on=d(2023, 5, 30),
                    receipt="PT 21/2023",
                ),
                Gift(
                    "residents",
                    "labour",
                    640,
                    "Các hộ thôn Khe Ngài",
                    value=128_000_000,
                    on=d(2023, 8, 20),
                ),
                Gift("residents", "land", 320, "Hộ ông Hồ Văn Lâm", on=d(2023, 2, 20), listed=True),
                Gift("residents", "land", 180, "Hộ bà Căn Thị Hoa", on=d(2023, 2, 20), listed=True),
                Gift("residents", "land", 1150, "Các hộ thôn Khe Ngài", on=d(2023, 2, 25)),
                Gift(
                    "enterprise",
                    "materials",
                    20,
                    "Công ty TNHH Xây dựng Đakrông",
                    value=36_000_000,
                    on=d(2023, 4, 12),
                    listed=True,
                    unit="tấn xi măng",
                ),
            ),
            started_on=d(2023, 3, 15),
            reports=(
                (d(2023, 4, 30), 35, "Hoàn thành nền đường và rãnh thoát nước đoạn đầu."),
                (d(2023, 6, 15), 70, "Đổ bê tông được 850 m mặt đường."),
            ),
            spending=(
                (
                    d(2023, 4, 15),
                    "Tạm ứng hợp đồng thi công cho Tổ hợp tác xây dựng thôn",
                    650_000_000,
                    "PC 08/2023",
                ),
                (
                    d(2023, 7, 10),
                    "Thanh toán khối lượng hoàn thành đợt 2",
                    520_000_000,
                    "PC 19/2023",
                ),
                (d(2023, 8, 20), "Mua cát, đá dăm bổ sung", 12_500_000, "PC 23/2023"),
                (d(2023, 9, 5), "Thanh toán sau nghiệm thu, quyết toán", 185_000_000, "PC 27/2023"),
            ),
            completed_on=d(2023, 8, 25),
            handed_over_on=d(2023, 9, 10),
        ),
        Plan(
            org="19564-UBND",
            name="Đường bê tông liên thôn Tà Mẻ – Ba Ngày",
            kind="road",
            villages="thôn Tà Mẻ, thôn Ba Ngày",
            description="Đường bê tông xi măng rộng 4 m nối hai thôn, dài 2,4 km; 3 cống tròn.",
            length_km=2.4,
            cost=3_200_000_000,
            starts_on=ago(90),
            ends_on=ago(-150),
            decision=f"Nghị quyết Hội nghị liên thôn Tà Mẻ – Ba Ngày ngày {ago(120):%d/%m/%Y}",
            gifts=(
                Gift("central", "money", 2_000_000_000, on=ago(80), receipt="GBC 112/KBNN"),
                Gift("province", "money", 500_000_000, pledged=ago(85)),
                Gift("commune", "money", 150_000_000, on=ago(78), receipt="PT 04"),
                Gift(
                    "residents",
                    "money",
                    180_000_000,
                    "Các hộ thôn Tà Mẻ và thôn Ba Ngày",
                    on=ago(40),
                    receipt="PT 09",
                ),
                Gift("residents", "land", 450, "Hộ ông Hồ Văn Pả", on=ago(100), listed=True),
                Gift("residents", "land", 2300, "Các hộ thôn Tà Mẻ", on=ago(100)),
                Gift(
                    "residents",
                    "labour",
                    420,
                    "Đoàn viên thanh niên, hội viên các thôn",
                    value=84_000_000,
                    on=ago(20),
                ),
                Gift(
                    "residents",
                    "labour",
                    480,
                    "Các hộ thôn Ba Ngày",
                    value=96_000_000,
                    pledged=ago(60),
                ),
            ),
            started_on=ago(75),
            reports=(
                (ago(45), 25, "Hoàn thành san nền 1,1 km, thi công 2 cống."),
                (ago(10), 55, "Đổ bê tông được 1,3 km mặt đường."),
            ),
            spending=(
                (ago(70), "Tạm ứng hợp đồng thi công", 900_000_000, "PC 03"),
                (ago(30), "Mua xi măng, sắt thép đợt 1", 320_000_000, "PC 07"),
            ),
        ),
        Plan(
            org="19588-UBND",
            name="Nhà văn hóa thôn Vực Leng",
            kind="culture_house",
            villages="thôn Vực Leng",
            description="Nhà cấp 4, 120 chỗ ngồi, sân và tường rào; khuôn viên 600 m².",
            area_m2=600,
            cost=850_000_000,
            starts_on=d(2024, 4, 1),
            ends_on=d(2024, 10, 31),
            decision="Biên bản Hội nghị thôn Vực Leng ngày 05/03/2024",
            gifts=(
                Gift("province", "money", 500_000_000, on=d(2024, 4, 20), receipt="GBC 0420"),
                Gift("commune", "money", 150_000_000, on=d(2024, 4, 25), receipt="PT 11/2024"),
                Gift("residents", "money", 90_000_000, "Các hộ thôn Vực Leng", on=d(2024, 6, 1)),
                Gift(
                    "residents",
                    "labour",
                    300,
                    "Các hộ thôn Vực Leng",
                    value=60_000_000,
                    on=d(2024, 9, 30),
                ),
                Gift(
                    "residents", "land", 600, "Hộ ông Hồ Văn Thuận", on=d(2024, 3, 20), listed=True
                ),
                Gift(
                    "donor",
                    "money",
                    50_000_000,
                    "Hội đồng hương Tà Rụt tại thành phố Huế",
                    on=d(2024, 7, 2),
                    listed=True,
                ),
            ),
            started_on=d(2024, 4, 15),
            reports=((d(2024, 7, 15), 60, "Xong phần thô, đang lợp mái."),),
            spending=(
                (d(2024, 5, 2), "Tạm ứng hợp đồng xây dựng", 400_000_000, "PC 12/2024"),
                (d(2024, 8, 20), "Thanh toán đợt 2", 300_000_000, "PC 20/2024"),
                (d(2024, 10, 25), "Mua bàn ghế, âm thanh", 75_000_000, "PC 26/2024"),
            ),
            completed_on=d(2024, 10, 20),
        ),
        Plan(
            org="19588-UBND",
            name="Đường giao thông nội thôn A Đeng",
            kind="road",
            villages="thôn A Đeng",
            description="Bê tông hóa 850 m đường nội thôn, rộng 3 m.",
            length_km=0.85,
            cost=980_000_000,
            starts_on=d(2024, 2, 15),
            ends_on=d(2024, 7, 31),
            decision="Biên bản Hội nghị thôn A Đeng ngày 10/01/2024",
            gifts=(
                Gift("central", "money", 600_000_000, on=d(2024, 3, 1)),
                Gift(
                    "province",
                    "materials",
                    180,
                    "",
                    value=180_000_000,
                    on=d(2024, 3, 10),
                    unit="tấn xi măng",
                ),
                Gift("commune", "money", 80_000_000, on=d(2024, 3, 5)),
                Gift("residents", "money", 60_000_000, "Các hộ thôn A Đeng", on=d(2024, 4, 2)),
                Gift("residents", "land", 900, "Các hộ thôn A Đeng", on=d(2024, 2, 1)),
                Gift(
                    "residents",
                    "labour",
                    520,
                    "Các hộ thôn A Đeng",
                    value=104_000_000,
                    on=d(2024, 7, 10),
                ),
            ),
            started_on=d(2024, 3, 1),
            reports=((d(2024, 5, 10), 50, "Đổ bê tông 420 m."),),
            spending=(
                (d(2024, 3, 15), "Tạm ứng hợp đồng thi công", 400_000_000, "PC 05/2024"),
                (d(2024, 7, 25), "Thanh toán sau nghiệm thu", 335_000_000, "PC 18/2024"),
            ),
            completed_on=d(2024, 7, 20),
            handed_over_on=d(2024, 8, 2),
        ),
        Plan(
            org="19555-UBND",
            name="Kiên cố hóa kênh mương nội đồng thôn Khe Hiên",
            kind="canal",
            villages="thôn Khe Hiên",
            description="Kênh bê tông tiết diện 40 x 50 cm, dài 1,6 km, tưới cho 18 ha lúa nước.",
            length_km=1.6,
            cost=1_100_000_000,
            starts_on=d(2023, 10, 1),
            ends_on=d(2024, 3, 31),
            decision="Biên bản Hội nghị thôn Khe Hiên ngày 15/08/2023",
            gifts=(
                Gift("central", "money", 700_000_000, on=d(2023, 10, 10)),
                Gift("commune", "money", 120_000_000, on=d(2023, 10, 12)),
                Gift("residents", "money", 100_000_000, "Các hộ thôn Khe Hiên", on=d(2023, 12, 1)),
                Gift("residents", "land", 380, "Các hộ thôn Khe Hiên", on=d(2023, 9, 20)),
                Gift(
                    "residents",
                    "labour",
                    410,
                    "Các hộ thôn Khe Hiên",
                    value=82_000_000,
                    on=d(2024, 3, 1),
                ),
            ),
            started_on=d(2023, 10, 15),
            reports=((d(2024, 1, 10), 65, "Hoàn thành 1,05 km kênh."),),
            spending=(
                (d(2023, 10, 20), "Tạm ứng hợp đồng thi công", 450_000_000, "PC 31/2023"),
                (d(2024, 4, 5), "Thanh toán sau nghiệm thu", 460_000_000, "PC 09/2024"),
            ),
            completed_on=d(2024, 3, 25),
            handed_over_on=d(2024, 4, 10),
        ),
        Plan(
            org="19594-UBND",
            name="Điện chiếu sáng đường thôn A Ngo",
            kind="lighting",
            villages="thôn A Ngo",
            description="42 cột đèn LED năng lượng mặt trời dọc 1,5 km đường thôn.",
            length_km=1.5,
            cost=260_000_000,
            starts_on=today + dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=120),
            decision=f"Biên bản Hội nghị thôn A Ngo ngày {ago(20):%d/%m/%Y}",
            gifts=(
                Gift("commune", "money", 100_000_000, pledged=ago(15)),
                Gift("residents", "money", 84_000_000, "Các hộ thôn A Ngo", pledged=ago(15)),
                Gift(
                    "enterprise",
                    "money",
                    40_000_000,
                    "Hợp tác xã Nông nghiệp A Ngo",
                    pledged=ago(10),
                    listed=True,
                ),
            ),
        ),
    ]


def _load(plan: Plan, actor: User, org: Organization) -> int:
    project = services.project_create(
        actor=actor,
        data=ProjectInput(
            organization_id=org.pk,
            name=plan.name,
            kind=plan.kind,
            residential_areas=plan.villages,
            description=plan.description,
            length_km=plan.length_km,
            area_m2=plan.area_m2,
            planned_cost=plan.cost,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            decision_ref=plan.decision,
        ),
    )
    for g in plan.gifts:
        services.contribution_record(
            actor=actor,
            project=project,
            data=ContributionInput(
                source=g.source,
                kind=g.kind,
                amount=g.amount,
                contributor=g.who,
                listed=g.listed,
                unit=g.unit,
                value=g.value,
                received=g.on is not None,
                pledged_on=g.pledged or g.on,
                received_on=g.on,
                receipt=g.receipt,
            ),
        )
    project.refresh_from_db()
    if plan.started_on:
        services.project_transition(
            actor=actor,
            project=project,
            data=TransitionInput(
                to="in_progress", expected_version=project.version, on=plan.started_on
            ),
        )
    for on, percent, note in plan.reports:
        services.progress_report(
            actor=actor, project=project, data=ProgressInput(date=on, percent=percent, note=note)
        )
    for on, item, amount, voucher in plan.spending:
        services.expenditure_record(
            actor=actor,
            project=project,
            data=ExpenditureInput(date=on, item=item, amount=amount, voucher=voucher),
        )
    moves: tuple[tuple[str, dt.date | None], ...] = (
        ("completed", plan.completed_on),
        ("handed_over", plan.handed_over_on),
    )
    for to, when in moves:
        if when is None:
            continue
        project.refresh_from_db()
        services.project_transition(
            actor=actor,
            project=project,
            data=TransitionInput(to=to, expected_version=project.version, on=when),
        )
    return len(plan.gifts)


def demo_projects_load() -> dict[str, int]:
    """Create the demo projects unless any project exists; return what was created."""
    if Project.objects.exists():
        return {}
    actor = User.objects.filter(username=ACTOR, is_active=True).first()
    if actor is None:
        logger.warning("projects demo: the demo account %s is missing", ACTOR)
        return {}
    orgs = {o.code: o for o in Organization.objects.filter(code__endswith="-UBND")}
    created = contributions = 0
    with transaction.atomic():
        for plan in _plans():
            org = orgs.get(plan.org)
            if org is None:
                continue
            try:
                with transaction.atomic():
                    contributions += _load(plan, actor, org)
                    created += 1
            except DomainError as exc:
                logger.warning("projects demo: %s skipped: %s", plan.name, exc.message)
    return {"projects": created, "contributions": contributions}
