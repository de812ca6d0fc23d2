"""Demo disclosures and community decisions in the demo communes, through the real services.

Xã Đakrông and Ba Lòng (Quảng Trị), Tánh Linh (Lâm Đồng), Chợ Đồn (Thái Nguyên) and Ia Grai
(Gia Lai): disclosures of each group of Đ.11 (budget estimate, land use plan, lists of support
beneficiaries, investment projects...), published on time, published late, and drafts past
their deadline (on the overdue board); community decisions on concrete village roads under
“Nhà nước và nhân dân cùng làm”, hương ước, electing a trưởng thôn, a community fund, with
counts that pass and fail their thresholds, sent, recognised, refused, or not yet sent.

Dates are relative to today. Idempotent: each record is looked up by its body and title.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.democracy import services
from danvan.democracy.inputs import DecisionInput, DisclosureInput, PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure

logger = logging.getLogger(__name__)

EXTRA_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "canbo.balong",
        "Nguyễn Thị Hoa",
        "Công chức Văn phòng - Thống kê xã Ba Lòng",
        "officer",
        "19567-UBND",
    ),
    (
        "canbo.tanhlinh",
        "Trần Văn Sơn",
        "Công chức Văn phòng - Thống kê xã Tánh Linh",
        "officer",
        "23149-UBND",
    ),
    ("lanhdao.tanhlinh", "Lê Thị Mai", "Chủ tịch UBND xã Tánh Linh", "leader", "23149-UBND"),
)


@dataclass(frozen=True)
class Disc:
    org: str
    group: str
    title: str
    content: str
    number: str
    decided_ago: int
    # None: not published yet; otherwise calendar days after the decision.
    published_after: int | None
    channels: tuple[str, ...] = ("niem_yet", "truyen_thanh")
    display_days: int = 30
    area: str = ""


DISCLOSURES: tuple[Disc, ...] = (
    Disc(
        "19564-UBND",
        "ngan_sach",
        "Dự toán ngân sách xã Đakrông năm nay đã được HĐND xã quyết định",
        "Tổng thu ngân sách trên địa bàn, tổng chi ngân sách xã; chi đầu tư phát triển, chi "
        "thường xuyên theo từng lĩnh vực; thuyết minh dự toán.",
        "15/NQ-HĐND",
        60,
        2,
        ("niem_yet", "cong_thong_tin", "truyen_thanh"),
        60,
    ),
    Disc(
        "19564-UBND",
        "an_sinh",
        "Danh sách hộ nghèo, hộ cận nghèo được bình xét",
        "Kết quả bình xét hộ nghèo, hộ cận nghèo tại các thôn Ba Ngăn, Khe Ngài, Tà Mẻ.",
        "87/QĐ-UBND",
        40,
        16,
        ("niem_yet", "hop_thon"),
        30,
    ),
    Disc(
        "19564-UBND",
        "dau_tu_dat_dai",
        "Kế hoạch sử dụng đất của xã và danh mục công trình thu hồi đất",
        "Danh mục công trình, dự án thu hồi đất; diện tích, vị trí; kế hoạch bồi thường, hỗ trợ.",
        "112/QĐ-UBND",
        25,
        None,
    ),
    Disc(
        "19564-UBND",
        "quy_dong_gop",
        "Kết quả huy động Nhân dân đóng góp làm đường bê tông thôn Khe Ngài",
        "Số tiền, ngày công Nhân dân đóng góp; phần Nhà nước hỗ trợ xi măng.",
        "09/BC-UBND",
        3,
        None,
        ("niem_yet", "hop_thon"),
        30,
        "Thôn Khe Ngài",
    ),
    Disc(
        "19567-UBND",
        "ktxh",
        "Kế hoạch phát triển kinh tế - xã hội năm nay của xã Ba Lòng",
        "Chỉ tiêu trồng rừng, chăn nuôi, giảm nghèo; công trình nông thôn mới.",
        "20/NQ-HĐND",
        90,
        3,
        ("niem_yet", "cong_thong_tin"),
        45,
    ),
    Disc(
        "19567-UBND",
        "an_sinh",
        "Danh sách hộ được hỗ trợ nhà ở theo chương trình xóa nhà tạm, nhà dột nát",
        "Danh sách 14 hộ được hỗ trợ, mức hỗ trợ từng hộ.",
        "64/QĐ-UBND",
        50,
        21,
        ("niem_yet", "truyen_thanh", "hop_thon"),
        30,
    ),
    Disc(
        "19567-UBND",
        "thu_tuc_hanh_chinh",
        "Bộ thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã",
        "Danh mục thủ tục hành chính, thành phần hồ sơ, thời hạn, lệ phí.",
        "05/QĐ-UBND",
        18,
        None,
    ),
    Disc(
        "23149-UBND",
        "ngan_sach",
        "Quyết toán ngân sách xã Tánh Linh năm trước",
        "Quyết toán thu, chi ngân sách đã được HĐND xã phê chuẩn.",
        "08/NQ-HĐND",
        70,
        4,
        ("niem_yet", "cong_thong_tin"),
        30,
    ),
    Disc(
        "23149-UBND",
        "dau_tu_dat_dai",
        "Dự án nâng cấp kênh mương nội đồng và tiến độ thực hiện",
        "Tổng mức đầu tư, nguồn vốn, thời gian thi công, đơn vị thi công.",
        "131/QĐ-UBND",
        35,
        3,
        ("niem_yet", "hop_thon"),
        40,
    ),
    Disc(
        "23149-UBND",
        "an_sinh",
        "Danh sách đối tượng được hưởng trợ cấp xã hội hằng tháng bổ sung",
        "Danh sách người cao tuổi, người khuyết tật được hưởng trợ cấp từ tháng này.",
        "145/QĐ-UBND",
        14,
        None,
    ),
    Disc(
        "02020-UBND",
        "khieu_nai_to_cao",
        "Kết quả giải quyết khiếu nại về bồi thường đường giao thông liên thôn",
        "Tóm tắt nội dung khiếu nại, kết quả giải quyết.",
        "33/QĐ-UBND",
        30,
        12,
        ("niem_yet", "truyen_thanh"),
        30,
    ),
    Disc(
        "23764-UBND",
        "lay_y_kien",
        "Kết quả lấy ý kiến Nhân dân về phương án sắp xếp thôn, làng",
        "Số hộ được lấy ý kiến, số hộ đồng ý theo từng làng.",
        "41/BC-UBND",
        20,
        2,
        ("niem_yet", "hop_thon", "tin_nhan"),
        30,
    ),
)


@dataclass(frozen=True)
class Dec:
    org: str
    area: str
    matter: str
    title: str
    form: str
    held_ago: int
    total: int
    participating: int
    agreeing: int
    against: int
    # "recorded" (not sent), "sent", "recognised", "refused"
    stage: str
    sent_after: int = 3
    reason: str = ""
    content: str = ""


DECISIONS: tuple[Dec, ...] = (
    Dec(
        "19564-UBND",
        "Thôn Khe Ngài",
        "dong_gop_cong_trinh",
        "Làm đường bê tông thôn Khe Ngài theo phương châm “Nhà nước và nhân dân cùng làm”",
        "meeting",
        45,
        120,
        104,
        92,
        8,
        "recognised",
        content="Nhà nước hỗ trợ xi măng; mỗi hộ góp 5 ngày công và 300.000 đồng.",
    ),
    Dec(
        "19564-UBND",
        "Thôn Tà Mẻ",
        "dong_gop_cong_trinh",
        "Làm đường bê tông nội thôn Tà Mẻ, mức đóng góp 500.000 đồng/hộ",
        "meeting",
        30,
        96,
        70,
        58,
        10,
        "refused",
        reason="Số hộ tán thành chưa đạt 2/3 tổng số hộ; đề nghị thôn vận "
        "động, tổ chức họp lại với mức đóng góp phù hợp.",
    ),
    Dec(
        "19564-UBND",
        "Thôn Ba Ngăn",
        "huong_uoc",
        "Sửa đổi, bổ sung hương ước thôn Ba Ngăn",
        "meeting",
        12,
        85,
        61,
        55,
        3,
        "sent",
        sent_after=4,
    ),
    Dec(
        "19567-UBND",
        "Thôn Ba Lòng",
        "truong_thon",
        "Bầu Trưởng thôn Ba Lòng nhiệm kỳ mới",
        "meeting",
        20,
        140,
        118,
        97,
        15,
        "recognised",
    ),
    Dec(
        "19567-UBND",
        "Thôn Hà Xá",
        "quy_cong_dong",
        "Thành lập quỹ khuyến học của thôn Hà Xá",
        "ballot",
        15,
        110,
        90,
        71,
        12,
        "recorded",
    ),
    Dec(
        "23149-UBND",
        "Thôn 3",
        "dong_gop_cong_trinh",
        "Bê tông hóa đường nội đồng thôn 3, Nhà nước và nhân dân cùng làm",
        "ballot",
        40,
        210,
        180,
        150,
        20,
        "recognised",
    ),
    Dec(
        "23149-UBND",
        "Thôn 5",
        "huong_uoc",
        "Quy ước thôn 5 về giữ gìn vệ sinh môi trường",
        "meeting",
        9,
        160,
        72,
        70,
        0,
        "recorded",
    ),
    Dec(
        "23149-UBND",
        "Thôn 1",
        "ban_thanh_tra_giam_sat",
        "Bầu thành viên Ban giám sát đầu tư của cộng đồng thôn 1",
        "meeting",
        25,
        130,
        99,
        88,
        6,
        "sent",
        sent_after=9,
    ),
)


def _today() -> dt.date:
    return timezone.localdate()


def _ensure_accounts() -> None:
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    for username, full_name, position, role, org_code in EXTRA_ACCOUNTS:
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                position=position,
            )
        if not Membership.objects.filter(user=user, organization=org, role=role).exists():
            membership_grant(actor=None, user=user, organization=org, role=role)


def _actor_at(org: Organization, roles: tuple[str, ...]) -> User | None:
    """An active member of `org` (or of its parent) holding one of `roles`."""
    for org_id in (org.pk, org.parent_id):
        if org_id is None:
            continue
        m = (
            Membership.objects.filter(organization_id=org_id, role__in=roles, user__is_active=True)
            .select_related("user")
            .order_by("role", "id")
            .first()
        )
        if m is not None:
            return m.user
    return None


def _disclosure(seed: Disc, org: Organization, actor: User) -> bool:
    if Disclosure.objects.filter(organization=org, title=seed.title).exists():
        return False
    today = _today()
    decided = today - dt.timedelta(days=seed.decided_ago)
    d = services.disclosure_create(
        actor=actor,
        data=DisclosureInput(
            organization_id=org.pk,
            group=seed.group,
            title=seed.title,
            decision_date=decided,
            content=seed.content,
            residential_area=seed.area,
            document_number=seed.number,
            document_date=decided,
            channels=list(seed.channels),
        ),
    )
    if seed.published_after is not None:
        published = min(decided + dt.timedelta(days=seed.published_after), today)
        services.disclosure_publish(
            disclosure=d,
            actor=actor,
            data=PublishInput(
                published_on=published,
                channels=list(seed.channels),
                display_from=published,
                display_to=published + dt.timedelta(days=seed.display_days - 1),
            ),
            expected_version=d.version,
        )
    return True


def _decision(seed: Dec, org: Organization, actor: User, leader: User | None) -> bool:
    if CommunityDecision.objects.filter(organization=org, title=seed.title).exists():
        return False
    today = _today()
    held = today - dt.timedelta(days=seed.held_ago)
    d = services.decision_create(
        actor=actor,
        data=DecisionInput(
            organization_id=org.pk,
            residential_area=seed.area,
            matter=seed.matter,
            title=seed.title,
            form=seed.form,
            held_on=held,
            total_households=seed.total,
            participating=seed.participating,
            agreeing=seed.agreeing,
            against=seed.against,
            content=seed.content,
        ),
    )
    if seed.stage == "recorded":
        return True
    sent = min(held + dt.timedelta(days=seed.sent_after), today)
    d = services.decision_send(decision=d, actor=actor, sent_on=sent, expected_version=d.version)
    if seed.stage in ("recognised", "refused") and leader is not None:
        services.decision_recognise(
            decision=d,
            actor=leader,
            recognised=seed.stage == "recognised",
            decided_on=min(sent + dt.timedelta(days=2), today),
            decision_number="" if seed.stage == "refused" else f"{seed.held_ago}/QĐ-UBND",
            reason=seed.reason,
            expected_version=d.version,
        )
    return True


def demo_democracy_load() -> dict[str, int]:
    """Create what is missing; return how many disclosures and decisions were created."""
    _ensure_accounts()
    codes = {s.org for s in DISCLOSURES} | {s.org for s in DECISIONS}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=sorted(codes))}
    created = {"disclosures": 0, "decisions": 0}
    for disc in DISCLOSURES:
        org = orgs.get(disc.org)
        actor = _actor_at(org, (Role.OFFICER, Role.LEADER)) if org else None
        if org is None or actor is None:
            continue
        try:
            created["disclosures"] += int(_disclosure(disc, org, actor))
        except DomainError as exc:
            logger.warning("demo disclosure %r skipped: %s", disc.title, exc.message)
    for dec in DECISIONS:
        org = orgs.get(dec.org)
        actor = _actor_at(org, (Role.OFFICER, Role.LEADER)) if org else None
        if org is None or actor is None:
            continue
        leader = _actor_at(org, (Role.LEADER,))
        try:
            created["decisions"] += int(_decision(dec, org, actor, leader))
        except DomainError as exc:
            logger.warning("demo decision %r skipped: %s", dec.title, exc.message)
    return created
