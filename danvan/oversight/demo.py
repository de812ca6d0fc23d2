"""Demo supervisions and inspections in the demo provinces, through the real services.

- The Fatherland Front and the mass organisations of Quảng Trị, Lâm Đồng, Thái Nguyên and Gia
  Lai supervise the subjects of the seed articles (grassroots democracy, compensation and
  resettlement, social insurance for workers, the quality of citizen reception) and criticise a
  draft provincial resolution; their recommendations are answered on time, late, followed up,
  or not at all (overdue on the board).
- The Ban Tuyên giáo và Dân vận of each province inspects the implementation of Quyết định
  290-QĐ/TW, Chỉ thị 43-CT/TW and Nghị quyết 25-NQ/TW; conclusions become tasks done, in
  progress and overdue.

Documents of the coordination module are linked when its demo created them (looked up by
reference); nothing is created there. Idempotent: each record is looked up by its title first.
Demo accounts for the Front and the Ban of the provinces other than Quảng Trị are added when
missing (password of the demo accounts).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, Task, User
from danvan.core.services import tasks as task_services
from danvan.oversight import services
from danvan.oversight.inputs import ConclusionItemInput, InspectionInput, SupervisionInput
from danvan.oversight.models import Inspection, Recommendation, Supervision

logger = logging.getLogger(__name__)

PROVINCE_SLUGS = {"44": "quangtri", "68": "lamdong", "19": "thainguyen", "52": "gialai"}


@dataclass(frozen=True)
class Rec:
    to: str  # addressee code
    content: str
    # "on_time", "late", "none" (unanswered), "follow_up" (answered, judged not satisfactory)
    answer: str
    reply: str = ""


@dataclass(frozen=True)
class SupSeed:
    org: str
    kind: str
    title: str
    content: str
    supervised: tuple[str, ...]
    # Days ago: the period, and when the recommendations were sent (None: not that far).
    start_ago: int
    end_ago: int
    stage: str  # planned / in_progress / findings_reported / recommendations_sent / closed
    findings: tuple[tuple[str, str], ...] = ()  # (org code or "", text)
    recs: tuple[Rec, ...] = ()
    sent_ago: int = 0
    draft_title: str = ""
    team: str = ""


SUPERVISIONS: tuple[SupSeed, ...] = (
    SupSeed(
        "44-MTTQ",
        "thematic",
        "Giám sát việc thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022 tại xã Đakrông",
        "Giám sát việc công khai thông tin, lấy ý kiến Nhân dân và tổ chức hội nghị đối thoại "
        "hằng năm giữa Ủy ban nhân dân xã với Nhân dân theo Luật Thực hiện dân chủ ở cơ sở.",
        ("19564-UBND",),
        150,
        140,
        "closed",
        (
            (
                "19564-UBND",
                "Xã đã niêm yết công khai dự toán ngân sách và kết quả thu chi tại trụ sở và nhà "
                "văn hóa thôn; việc công khai trên hệ thống truyền thanh chưa thường xuyên.",
            ),
            (
                "19564-UBND",
                "Hội nghị đối thoại hằng năm được tổ chức đúng hạn, nhưng biên bản chưa ghi đầy "
                "đủ ý kiến của người có uy tín trong đồng bào dân tộc thiểu số.",
            ),
        ),
        (
            Rec(
                "19564-UBND",
                "Đề nghị Ủy ban nhân dân xã Đakrông công khai định kỳ trên hệ thống truyền thanh "
                "các nội dung phải công khai theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.",
                "on_time",
                "UBND xã tiếp thu, đã giao công chức văn hóa - xã hội phát thanh nội dung công "
                "khai vào sáng thứ Hai hằng tuần.",
            ),
            Rec(
                "44-UBND",
                "Đề nghị Ủy ban nhân dân tỉnh chỉ đạo hướng dẫn mẫu biên bản hội nghị đối thoại "
                "hằng năm ở cấp xã.",
                "late",
                "UBND tỉnh giao Sở Nội vụ xây dựng mẫu biên bản, ban hành trong quý tới.",
            ),
        ),
        sent_ago=135,
        team="Hồ Văn Thủy, Phó Chủ tịch UBMTTQ tỉnh, Trưởng đoàn\nĐại diện Hội Nông dân tỉnh\n"
        "Đại diện Hội Liên hiệp Phụ nữ tỉnh",
    ),
    SupSeed(
        "44-MTTQ",
        "thematic",
        "Giám sát công tác bồi thường, hỗ trợ, tái định cư dự án mở rộng đường Hùng Vương, "
        "phường Đông Hà",
        "Giám sát việc kiểm đếm, lập, công khai phương án bồi thường và bố trí tái định cư cho "
        "các hộ bị thu hồi đất.",
        ("44-SXD", "19333-UBND"),
        75,
        60,
        "recommendations_sent",
        (
            (
                "19333-UBND",
                "Phương án bồi thường được niêm yết 20 ngày tại nhà văn hóa khu phố nhưng chưa "
                "tổ chức đối thoại với các hộ không đồng ý đơn giá.",
            ),
            (
                "44-SXD",
                "Đơn giá bồi thường vật kiến trúc chưa được điều chỉnh theo giá vật liệu năm "
                "nay, là nguyên nhân chính của 14 đơn kiến nghị.",
            ),
        ),
        (
            Rec(
                "44-SXD",
                "Đề nghị Sở Xây dựng rà soát, trình điều chỉnh đơn giá bồi thường vật kiến trúc "
                "áp dụng cho dự án.",
                "none",
            ),
            Rec(
                "19333-UBND",
                "Đề nghị UBND phường Đông Hà tổ chức đối thoại với các hộ chưa đồng ý phương án "
                "bồi thường trước khi ban hành quyết định thu hồi đất.",
                "follow_up",
                "UBND phường đã gặp gỡ một số hộ; sẽ tổ chức đối thoại khi có đơn giá mới.",
            ),
        ),
        sent_ago=45,
    ),
    SupSeed(
        "19564-MTTQ",
        "regular",
        "Giám sát chất lượng tiếp công dân, giải quyết kiến nghị, phản ánh tại UBND xã Đakrông",
        "Giám sát thường xuyên việc tiếp công dân định kỳ của Chủ tịch UBND xã và thời hạn trả "
        "lời kiến nghị, phản ánh của Nhân dân.",
        ("19564-UBND",),
        70,
        55,
        "recommendations_sent",
        (
            (
                "19564-UBND",
                "Lịch tiếp công dân định kỳ có niêm yết; 3 kiến nghị về đất đai quá hạn trả lời.",
            ),
        ),
        (
            Rec(
                "19564-UBND",
                "Đề nghị UBND xã trả lời dứt điểm 3 kiến nghị về đất đai quá hạn và công khai kết "
                "quả tại buổi tiếp công dân tiếp theo.",
                "none",
            ),
        ),
        sent_ago=50,
    ),
    SupSeed(
        "68-HLHPN",
        "thematic",
        "Giám sát việc thực hiện chính sách bảo hiểm xã hội đối với lao động nữ tại các doanh "
        "nghiệp",
        "Giám sát việc đóng bảo hiểm xã hội, chế độ thai sản và điều kiện làm việc của lao động "
        "nữ tại các doanh nghiệp chế biến nông sản.",
        ("68-SNV", "68-SYT"),
        40,
        25,
        "recommendations_sent",
        (
            (
                "68-SNV",
                "Hai doanh nghiệp nợ đóng bảo hiểm xã hội trên 6 tháng, ảnh hưởng chế độ thai sản "
                "của 37 lao động nữ.",
            ),
        ),
        (
            Rec(
                "68-SNV",
                "Đề nghị Sở Nội vụ phối hợp Bảo hiểm xã hội tỉnh thanh tra việc nợ đóng bảo hiểm "
                "xã hội tại hai doanh nghiệp.",
                "on_time",
                "Sở Nội vụ đã đưa hai doanh nghiệp vào kế hoạch thanh tra quý này.",
            ),
            Rec(
                "68-SYT",
                "Đề nghị Sở Y tế tổ chức khám sức khỏe định kỳ cho lao động nữ tại các doanh "
                "nghiệp chế biến.",
                "none",
            ),
        ),
        sent_ago=12,
    ),
    SupSeed(
        "68-HND",
        "regular",
        "Giám sát thường xuyên việc giải quyết kiến nghị của hội viên nông dân về đất đai",
        "Theo dõi việc tiếp nhận, chuyển và trả lời kiến nghị của hội viên nông dân về tranh "
        "chấp, cấp giấy chứng nhận quyền sử dụng đất.",
        ("68-BTCD", "23149-UBND"),
        20,
        -40,
        "in_progress",
        (
            (
                "23149-UBND",
                "Kiến nghị cấp giấy chứng nhận của 5 hộ ở xã Tánh Linh đã quá 30 ngày chưa có "
                "văn bản trả lời.",
            ),
        ),
    ),
    SupSeed(
        "52-MTTQ",
        "criticism",
        "Phản biện xã hội dự thảo Nghị quyết HĐND tỉnh về chính sách hỗ trợ phát triển sản xuất "
        "vùng đồng bào dân tộc thiểu số",
        "Tổ chức hội nghị phản biện, lấy ý kiến người có uy tín, Hội Nông dân và các chuyên gia "
        "về đối tượng, mức hỗ trợ và thủ tục.",
        ("52-UBND",),
        30,
        15,
        "recommendations_sent",
        (
            (
                "52-UBND",
                "Đối tượng hỗ trợ chưa bao gồm hộ mới thoát nghèo; thủ tục đề nghị hỗ trợ còn "
                "nhiều giấy tờ so với điều kiện vùng sâu, vùng xa.",
            ),
        ),
        (
            Rec(
                "52-UBND",
                "Đề nghị cơ quan soạn thảo bổ sung hộ mới thoát nghèo vào đối tượng hỗ trợ và "
                "đơn giản hóa hồ sơ đề nghị.",
                "none",
            ),
        ),
        sent_ago=10,
        draft_title="Dự thảo Nghị quyết của Hội đồng nhân dân tỉnh Gia Lai quy định chính sách "
        "hỗ trợ phát triển sản xuất vùng đồng bào dân tộc thiểu số",
    ),
    SupSeed(
        "52-DTN",
        "thematic",
        "Giám sát việc thực hiện chính sách hỗ trợ thanh niên khởi nghiệp, lập nghiệp",
        "Giám sát việc tiếp cận vốn vay ưu đãi và đào tạo nghề của thanh niên nông thôn.",
        ("52-NHNN",),
        -20,
        -35,
        "planned",
    ),
    SupSeed(
        "19-MTTQ",
        "thematic",
        "Giám sát việc thực hiện dân chủ ở cơ sở trong xây dựng nông thôn mới tại xã Chợ Đồn",
        "Giám sát việc lấy ý kiến Nhân dân về các công trình nông thôn mới và công khai đóng "
        "góp của Nhân dân.",
        ("02020-UBND",),
        35,
        20,
        "findings_reported",
        (
            (
                "02020-UBND",
                "Việc công khai các khoản đóng góp xây dựng đường giao thông nông thôn được thực "
                "hiện đầy đủ tại các thôn.",
            ),
        ),
        (
            Rec(
                "02020-UBND",
                "Đề nghị UBND xã lấy ý kiến Nhân dân trước khi điều chỉnh quy mô công trình nhà "
                "văn hóa thôn.",
                "none",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ItemSeed:
    content: str
    lead: str
    supporting: tuple[str, ...]
    due_ago: int  # negative: ahead
    state: str  # done / progress / open
    done_ago: int = 0


@dataclass(frozen=True)
class InspSeed:
    org: str
    title: str
    refs: str
    doc_refs: tuple[str, ...]
    inspected: tuple[str, ...]
    start_ago: int
    end_ago: int
    stage: str  # planned / announced / in_progress / concluded / closed
    conclusion: str = ""
    items: tuple[ItemSeed, ...] = ()
    team: str = ""


INSPECTIONS: tuple[InspSeed, ...] = (
    InspSeed(
        "44-BTGDV",
        "Kiểm tra việc thực hiện Quyết định số 290-QĐ/TW của Bộ Chính trị về Quy chế công tác "
        "dân vận của hệ thống chính trị",
        "Quyết định 290-QĐ/TW ngày 25/02/2010",
        ("290-QĐ/TW",),
        ("19564-UBND", "19588-UBND"),
        80,
        75,
        "concluded",
        "Các xã đã quán triệt Quy chế công tác dân vận, ký chương trình phối hợp với Mặt trận; "
        "tuy nhiên việc sơ kết, kiểm tra thực hiện quy chế chưa thường xuyên, cán bộ làm công "
        "tác dân vận còn kiêm nhiệm.",
        (
            ItemSeed(
                "Ban hành quy chế công tác dân vận của xã theo Quyết định 23-QĐ/TW thay thế "
                "Quyết định 290-QĐ/TW.",
                "19564-UBND",
                ("19564-MTTQ",),
                40,
                "done",
                done_ago=45,
            ),
            ItemSeed(
                "Tổ chức sơ kết việc thực hiện chương trình phối hợp công tác dân vận giữa chính "
                "quyền và Mặt trận xã.",
                "19588-UBND",
                ("19588-MTTQ",),
                -20,
                "progress",
            ),
            ItemSeed(
                "Bố trí công chức phụ trách công tác dân vận chính quyền và báo cáo kết quả.",
                "19588-UBND",
                (),
                10,
                "open",
            ),
        ),
        team="Trần Thị Hoà, Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy, Trưởng đoàn",
    ),
    InspSeed(
        "52-BTGDV",
        "Kiểm tra việc thực hiện Chỉ thị số 43-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo "
        "của Đảng đối với công tác Hội Chữ thập đỏ Việt Nam",
        "Chỉ thị 43-CT/TW ngày 08/6/2010",
        ("43-CT/TW",),
        ("52-UBND", "23575-UBND"),
        200,
        195,
        "closed",
        "Công tác Hội Chữ thập đỏ được cấp ủy quan tâm; cần kiện toàn tổ chức hội ở cơ sở và "
        "tăng cường vận động nguồn lực nhân đạo.",
        (
            ItemSeed(
                "Kiện toàn tổ chức Hội Chữ thập đỏ phường sau sắp xếp đơn vị hành chính.",
                "23575-UBND",
                (),
                150,
                "done",
                done_ago=160,
            ),
            ItemSeed(
                "Chỉ đạo xây dựng kế hoạch vận động nguồn lực nhân đạo hằng năm.",
                "52-UBND",
                ("52-MTTQ",),
                130,
                "done",
                done_ago=135,
            ),
        ),
    ),
    InspSeed(
        "19-BTGDV",
        "Kiểm tra việc thực hiện Nghị quyết số 25-NQ/TW về tăng cường và đổi mới sự lãnh đạo của "
        "Đảng đối với công tác dân vận trong tình hình mới",
        "Nghị quyết 25-NQ/TW ngày 03/6/2013",
        ("25-NQ/TW",),
        ("01843-UBND", "02020-UBND"),
        5,
        -5,
        "in_progress",
    ),
    InspSeed(
        "68-BTGDV",
        "Kiểm tra việc thực hiện Nghị quyết số 25-NQ/TW về công tác dân vận trong tình hình mới "
        "tại phường Phan Thiết và xã Tánh Linh",
        "Nghị quyết 25-NQ/TW ngày 03/6/2013",
        ("25-NQ/TW",),
        ("22945-UBND", "23149-UBND"),
        -15,
        -20,
        "announced",
    ),
)


@dataclass
class _Load:
    counts: Counter[str] = field(default_factory=Counter)
    hashed: str = ""


def _ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _member(org: Organization, roles: tuple[str, ...]) -> User | None:
    m = (
        Membership.objects.filter(organization=org, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return m.user if m is not None else None


def _account(load: _Load, org: Organization, role: str, username: str, position: str) -> User:
    """A demo account holding `role` at `org` (created when missing)."""
    existing = _member(org, (role,))
    if existing is not None:
        return existing
    user = User.objects.filter(username=username).first()
    if user is not None:
        from danvan.core.services.accounts import membership_grant

        membership_grant(actor=None, user=user, organization=org, role=role)
        return user
    from django.test.utils import override_settings

    from danvan.core.services.accounts import user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    fields: dict[str, Any] = {
        "actor": None,
        "username": username,
        "password": DEMO_PASSWORD,
        "full_name": f"Cán bộ {org.name}"[:150],
        "position": position,
        "organization": org,
        "role": role,
    }
    load.counts["accounts"] += 1
    if not load.hashed:
        user = user_create(**fields)
        load.hashed = user.password
        return user
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        user = user_create(**fields)
    User.objects.filter(pk=user.pk).update(password=load.hashed)
    return user


def _documents(refs: tuple[str, ...], actor: User) -> list[int]:
    """The coordination module's documents with these references that the actor may cite (the
    first visible copy of each: one reference may be filed by several provinces)."""
    from danvan.coordination.models import LegalDocument
    from danvan.coordination.selectors import documents_visible

    ids = []
    for ref in refs:
        candidates = LegalDocument.objects.filter(reference=ref).values_list("id", flat=True)
        visible = documents_visible(user=actor, ids=list(candidates))
        if visible:
            ids.append(min(visible))
    return ids


def _supervision(load: _Load, orgs: dict[str, Organization], seed: SupSeed) -> None:
    org = orgs.get(seed.org)
    if org is None or org.area is None:
        return
    if Supervision.objects.filter(organization=org, title=seed.title).exists():
        return
    province = orgs.get(f"{seed.org.split('-')[0]}-MTTQ") or org
    if org.parent_id and org.level == "commune":
        province = Organization.objects.get(pk=org.parent_id)
    code = province.code.split("-")[0]
    actor = _account(
        load,
        orgs[f"{code}-MTTQ"],
        Role.FRONT,
        "mattran" if code == "44" else f"mattran.{PROVINCE_SLUGS.get(code, code)}",
        "Phó Chủ tịch UBMTTQ tỉnh",
    )
    answerer = _province_leader(load, orgs, code)
    supervised = [orgs[c].pk for c in seed.supervised if c in orgs]
    s = services.supervision_create(
        actor=actor,
        data=SupervisionInput(
            kind=seed.kind,
            organization_id=org.pk,
            title=seed.title,
            content=seed.content,
            team=seed.team,
            supervised_ids=supervised,
            period_from=_ago(seed.start_ago),
            period_to=_ago(seed.end_ago),
            draft_title=seed.draft_title,
        ),
    )
    load.counts["supervisions"] += 1
    if seed.stage == "planned":
        return
    started = _ago(max(seed.start_ago, 0))
    s = services.supervision_transition(
        supervision=s, actor=actor, to="in_progress", expected_version=s.version, on=started
    )
    for code_, text in seed.findings:
        target = orgs.get(code_)
        s = _refresh(s)
        services.finding_add(
            supervision=s,
            actor=actor,
            content=text,
            organization_id=target.pk if target else None,
        )
    if seed.stage == "in_progress":
        return
    s = _refresh(s)
    reported = _ago(max(seed.end_ago, 0))
    s = services.supervision_transition(
        supervision=s,
        actor=actor,
        to="findings_reported",
        expected_version=s.version,
        on=reported,
        report_summary=seed.content,
    )
    for rec_seed in seed.recs:
        target = orgs.get(rec_seed.to)
        if target is None:
            continue
        s = _refresh(s)
        services.recommendation_add(
            supervision=s, actor=actor, addressee_id=target.pk, content=rec_seed.content
        )
        load.counts["recommendations"] += 1
    if seed.stage == "findings_reported":
        return
    s = _refresh(s)
    sent = _ago(seed.sent_ago)
    s = services.supervision_transition(
        supervision=s, actor=actor, to="recommendations_sent", expected_version=s.version, on=sent
    )
    recs = list(Recommendation.objects.filter(supervision=s).order_by("position"))
    for rec_seed, rec in zip(seed.recs, recs, strict=False):
        if rec_seed.answer == "none" or rec.answer_due is None or rec.sent_on is None:
            continue
        if rec_seed.answer == "late":
            day = rec.answer_due + dt.timedelta(days=12)
        else:
            day = min(rec.sent_on + dt.timedelta(days=14), rec.answer_due)
        day = min(day, timezone.localdate())
        services.recommendation_answer(
            recommendation=rec,
            actor=answerer,
            text=rec_seed.reply,
            result="partly" if rec_seed.answer == "follow_up" else "accepted",
            answered_on=day,
            expected_version=rec.version,
        )
        rec.refresh_from_db()
        if rec_seed.answer == "follow_up":
            services.recommendation_assess(
                recommendation=rec,
                actor=actor,
                assessment="follow_up",
                note="Chưa tổ chức đối thoại như kiến nghị.",
                follow_up="Đề nghị tổ chức đối thoại với các hộ chưa đồng ý phương án bồi thường "
                "trong tháng này và gửi biên bản đối thoại cho Mặt trận.",
                on=day,
                expected_version=rec.version,
            )
            load.counts["recommendations"] += 1
        elif seed.stage == "closed":
            services.recommendation_assess(
                recommendation=rec,
                actor=actor,
                assessment="satisfactory",
                on=day,
                expected_version=rec.version,
            )
    if seed.stage == "closed":
        s = _refresh(s)
        services.supervision_transition(
            supervision=s,
            actor=actor,
            to="closed",
            expected_version=s.version,
            on=_ago(max(seed.sent_ago - 60, 0)),
        )


def _refresh(s: Supervision) -> Supervision:
    s.refresh_from_db()
    return s


def _province_leader(load: _Load, orgs: dict[str, Organization], code: str) -> User:
    """A leader at the province's Ban Tuyên giáo và Dân vận: runs its inspections and, as a
    province-wide oversight role, may assign tasks to (and answer for) the units inspected."""
    return _account(
        load,
        orgs[f"{code}-BTGDV"],
        Role.LEADER,
        f"lanhdao.btgdv.{PROVINCE_SLUGS.get(code, code)}",
        "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
    )


def _inspection(load: _Load, orgs: dict[str, Organization], seed: InspSeed) -> None:
    org = orgs.get(seed.org)
    if org is None:
        return
    if Inspection.objects.filter(organization=org, title=seed.title).exists():
        return
    code = seed.org.split("-")[0]
    actor = _province_leader(load, orgs, code)
    i = services.inspection_create(
        actor=actor,
        data=InspectionInput(
            organization_id=org.pk,
            title=seed.title,
            document_refs=seed.refs,
            document_ids=_documents(seed.doc_refs, actor),
            inspected_ids=[orgs[c].pk for c in seed.inspected if c in orgs],
            scheduled_from=_ago(seed.start_ago),
            scheduled_to=_ago(seed.end_ago),
            period_from=_ago(seed.start_ago + 365 * 3),
            period_to=_ago(seed.start_ago + 1),
            team=seed.team,
        ),
    )
    load.counts["inspections"] += 1
    if seed.stage == "planned":
        return
    announced = _ago(max(seed.start_ago + 10, 0))
    i = services.inspection_transition(
        inspection=i, actor=actor, to="announced", expected_version=i.version, on=announced
    )
    if seed.stage == "announced":
        return
    i = services.inspection_transition(
        inspection=i,
        actor=actor,
        to="in_progress",
        expected_version=i.version,
        on=_ago(max(seed.start_ago, 0)),
    )
    if seed.stage == "in_progress":
        return
    concluded = _ago(max(seed.end_ago - 5, 0))
    i = services.inspection_transition(
        inspection=i,
        actor=actor,
        to="concluded",
        expected_version=i.version,
        on=concluded,
        conclusion=seed.conclusion,
        items=[
            ConclusionItemInput(
                content=it.content,
                lead_id=orgs[it.lead].pk,
                due=max(_ago(it.due_ago), concluded),
                supporting_ids=[orgs[c].pk for c in it.supporting if c in orgs],
            )
            for it in seed.items
            if it.lead in orgs
        ],
    )
    for item_seed, item in zip(seed.items, i.conclusion_items.order_by("position"), strict=False):
        if item.task_id is None:
            continue
        task = Task.objects.get(pk=item.task_id)
        load.counts["tasks"] += 1
        if item_seed.state == "done":
            task_services.task_complete(
                task=task,
                actor=actor,
                expected_version=task.version,
                on=max(_ago(item_seed.done_ago), concluded),
                note="Đã báo cáo kết quả thực hiện kết luận kiểm tra.",
            )
        elif item_seed.state == "progress":
            task_services.task_update_progress(
                task=task,
                actor=actor,
                progress=50,
                note="Đã xây dựng dự thảo báo cáo sơ kết.",
                expected_version=task.version,
            )
    if seed.stage == "closed":
        i.refresh_from_db()
        services.inspection_transition(
            inspection=i,
            actor=actor,
            to="closed",
            expected_version=i.version,
            on=max(_ago(min(s.done_ago for s in seed.items) - 5), concluded),
        )


def demo_oversight_load() -> dict[str, int]:
    """Create the missing demo supervisions and inspections; return what was created."""
    from danvan.core.services.demo import PROVINCES

    load = _Load()
    codes = {s.org for s in SUPERVISIONS} | {s.org for s in INSPECTIONS}
    codes |= {c for s in SUPERVISIONS for c in s.supervised}
    codes |= {r.to for s in SUPERVISIONS for r in s.recs}
    codes |= {c for s in INSPECTIONS for c in s.inspected}
    codes |= {c for s in INSPECTIONS for it in s.items for c in (it.lead, *it.supporting)}
    codes |= {f"{p}-{suffix}" for p in PROVINCES for suffix in ("MTTQ", "BTGDV")}
    orgs = {
        o.code: o
        for o in Organization.objects.filter(code__in=sorted(codes), is_active=True).select_related(
            "area"
        )
    }
    for seed in SUPERVISIONS:
        try:
            _supervision(load, orgs, seed)
        except DomainError as exc:  # a demo record that no longer fits the rules is skipped
            logger.warning("oversight demo: %s: %s", seed.title, exc.message)
    for iseed in INSPECTIONS:
        try:
            _inspection(load, orgs, iseed)
        except DomainError as exc:
            logger.warning("oversight demo: %s: %s", iseed.title, exc.message)
    return dict(load.counts)
