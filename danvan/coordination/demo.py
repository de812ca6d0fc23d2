"""Demo data of coordination, drawn from the seed articles: the Party's documents on mass
mobilisation (Nghị quyết 25-NQ/TW, Quyết định 290-QĐ/TW, Chỉ thị 43-CT/TW and the provinces'
plans, programmes and letters that implement them), the coordination programmes of each demo
province's Ban Tuyên giáo và Dân vận with the police, the military, the border guard, the
ethnic and religious affairs department, health, the state bank, the journalists' association,
the People's Council and the People's Committee, their 2025 and 2026 plans, and tasks in varied
states (done on time, done late, overdue and still open, in progress).

Idempotent: documents are looked up by organisation, number and date, programmes by
organisation and number, plans by programme and year; a second run adds nothing. Every record
is written through the services, acting as a demo leader of each province's Ban Tuyên giáo và
Dân vận (created here if missing; password of the demo accounts).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from danvan.coordination import services
from danvan.coordination.inputs import (
    DocumentInput,
    DutyInput,
    ObligationInput,
    PlanInput,
    PlanItemInput,
    ProgrammeInput,
    SupportInput,
)
from danvan.coordination.models import LegalDocument, Plan, Programme
from danvan.coordination.states import LinkKind, PlanStatus
from danvan.core.models import Membership, Organization, Role, Task, TaskStatus, User
from danvan.core.services.tasks import task_complete, task_update_progress

D = dt.date

# --- Documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    key: str
    kind: str
    reference: str
    issued_on: dt.date
    issuer: str
    title: str
    summary: str = ""
    implements: str = ""  # key of the document this one implements


CENTRAL: list[Doc] = [
    Doc(
        "nq25",
        "resolution",
        "25-NQ/TW",
        D(2013, 6, 3),
        "Ban Chấp hành Trung ương Đảng (khóa XI)",
        "Nghị quyết về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận "
        "trong tình hình mới",
        "Tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận nhằm củng cố vững "
        "chắc lòng tin của nhân dân đối với Đảng; tăng cường khối đại đoàn kết toàn dân tộc và "
        "mối quan hệ máu thịt giữa Đảng với nhân dân; tập hợp, vận động nhân dân thực hiện tốt "
        "các chủ trương của Đảng và chính sách, pháp luật của Nhà nước.",
    ),
    Doc(
        "qd290",
        "decision",
        "290-QĐ/TW",
        D(2010, 2, 25),
        "Bộ Chính trị (khóa X)",
        "Quyết định ban hành Quy chế công tác dân vận của hệ thống chính trị",
        "Quy chế xác định trách nhiệm công tác dân vận của cấp ủy, chính quyền, Mặt trận Tổ "
        "quốc, các đoàn thể và lực lượng vũ trang; các chương trình phối hợp công tác dân vận.",
    ),
    Doc(
        "ct43",
        "directive",
        "43-CT/TW",
        D(2010, 6, 8),
        "Ban Bí thư (khóa X)",
        "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác Hội Chữ thập đỏ Việt Nam",
    ),
]

PROVINCE_DOCS: dict[str, list[Doc]] = {
    "44": [
        Doc(
            "kh59",
            "plan",
            "59-KH/TU",
            D(2010, 5, 24),
            "Ban Thường vụ Tỉnh ủy Quảng Trị",
            "Kế hoạch chỉ đạo, triển khai Quyết định số 290-QĐ/TW về Quy chế công tác dân vận "
            "của hệ thống chính trị",
            implements="qd290",
        ),
        Doc(
            "ctr53",
            "action_programme",
            "53-CTr/HU",
            D(2013, 10, 14),
            "Huyện ủy Đakrông (khóa IV)",
            "Chương trình hành động thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung "
            "ương Đảng về công tác dân vận trong tình hình mới",
            "Chỉ đạo các đảng bộ, chi bộ trực thuộc triển khai học tập Nghị quyết và xây dựng "
            "chương trình hành động, kế hoạch thực hiện phù hợp với từng địa phương, đơn vị.",
            implements="nq25",
        ),
    ],
    "68": [
        Doc(
            "cv755",
            "letter",
            "755-CV/TU",
            D(2023, 5, 5),
            "Tỉnh ủy Bình Thuận (nay thuộc tỉnh Lâm Đồng)",
            "Công văn về tăng cường công tác dân vận, nắm tình hình nhân dân ở cơ sở",
        ),
    ],
    "52": [
        Doc(
            "ct12",
            "directive",
            "12-CT/TU",
            D(2018, 3, 12),
            "Ban Thường vụ Tỉnh ủy Gia Lai",
            "Chỉ thị về tăng cường sự lãnh đạo của cấp ủy các cấp về xây dựng nông thôn mới "
            "trong đồng bào dân tộc thiểu số trên địa bàn tỉnh",
        ),
        Doc(
            "cv2824",
            "letter",
            "2824-CV/TU",
            D(2019, 11, 4),
            "Ban Thường vụ Tỉnh ủy Gia Lai",
            "Công văn chỉ đạo triển khai thực hiện mô hình Nông hội trên địa bàn tỉnh",
        ),
    ],
}

# Historic obligations of the seed provinces' documents, done long ago: (doc key, content,
# lead suffix, supporting suffixes, due, completed on).
HISTORIC: list[tuple[str, str, str, str, list[str], dt.date, dt.date]] = [
    (
        "52",
        "ct12",
        "Tổ chức quán triệt Chỉ thị 12-CT/TU đến cấp ủy cơ sở vùng đồng bào dân tộc thiểu số",
        "SDTTG",
        ["MTTQ"],
        D(2018, 6, 30),
        D(2018, 6, 20),
    ),
    (
        "52",
        "cv2824",
        "Triển khai thí điểm mô hình Nông hội tại các xã",
        "HND",
        ["SNNMT"],
        D(2020, 6, 30),
        D(2020, 7, 28),
    ),
    (
        "44",
        "kh59",
        "Ban hành quy chế công tác dân vận của các cơ quan, đơn vị cấp tỉnh",
        "UBND",
        ["MTTQ"],
        D(2010, 12, 31),
        D(2010, 12, 15),
    ),
]

# The 2026 plan of each province's Standing Committee on mass mobilisation work and what it
# gives to whom: (content, lead suffix, supporting suffixes with their part, due).
YEAR_PLAN_2026: list[tuple[str, str, list[tuple[str, str]], dt.date]] = [
    (
        "Tổng kết 5 năm phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025",
        "BTGDV",
        [("MTTQ", "tổng hợp mô hình của Mặt trận, đoàn thể"), ("HND", "")],
        D(2026, 3, 31),
    ),
    (
        "Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân",
        "UBND",
        [("MTTQ", "tập hợp kiến nghị của cử tri"), ("BTCD", "")],
        D(2026, 6, 30),
    ),
    (
        "Nắm tình hình nhân dân sau sắp xếp đơn vị hành chính cấp xã, báo cáo Ban Thường vụ",
        "CA",
        [("SNV", "số liệu về tổ chức bộ máy cấp xã")],
        D(2026, 9, 30),
    ),
    (
        "Kiểm tra việc thực hiện dân chủ ở cơ sở tại các xã vùng đồng bào dân tộc thiểu số",
        "SDTTG",
        [("TTRA", "cử cán bộ tham gia đoàn kiểm tra")],
        D(2026, 12, 15),
    ),
]

KH_NUMBERS = {"44": 215, "68": 38, "19": 126, "52": 307}
CV_NUMBERS = {"44": 1874, "68": 212, "19": 905, "52": 1420}


# --- Programmes ------------------------------------------------------------------------------

PARTNERS: list[tuple[str, str, list[tuple[str, str]]]] = [
    # (suffix, subject of the programme, the partner's own duties (text, recurrence))
    (
        "CA",
        "thực hiện công tác dân vận và phong trào toàn dân bảo vệ an ninh Tổ quốc",
        [
            (
                "Trao đổi thông tin tình hình an ninh trật tự, vụ việc phức tạp, đông người "
                "liên quan đến Nhân dân",
                "quarterly",
            ),
            (
                "Xây dựng, nhân rộng mô hình “Dân vận khéo” trong lực lượng Công an nhân dân",
                "",
            ),
        ],
    ),
    (
        "BCHQS",
        "thực hiện công tác dân vận của lực lượng vũ trang tỉnh",
        [
            (
                "Giúp Nhân dân phòng, chống thiên tai, xây dựng nông thôn mới ở các xã khó khăn",
                "",
            ),
        ],
    ),
    (
        "BDBP",
        "vận động đồng bào khu vực biên giới",
        [
            (
                "Vận động đồng bào khu vực biên giới tham gia tự quản đường biên, mốc quốc giới "
                "và an ninh trật tự thôn, bản",
                "",
            ),
        ],
    ),
    (
        "SDTTG",
        "công tác dân vận trong đồng bào dân tộc thiểu số và tôn giáo",
        [
            (
                "Nắm tình hình đồng bào dân tộc thiểu số, tôn giáo; phối hợp giải quyết vấn đề "
                "nhạy cảm",
                "quarterly",
            ),
            ("Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số", ""),
        ],
    ),
    (
        "SYT",
        "tuyên truyền, vận động Nhân dân chăm sóc sức khỏe, phòng, chống dịch bệnh",
        [("Vận động Nhân dân tham gia bảo hiểm y tế toàn dân, phòng, chống dịch bệnh", "")],
    ),
    (
        "NHNN",
        "công tác dân vận trong thực hiện chính sách tín dụng",
        [
            (
                "Chỉ đạo các tổ chức tín dụng tuyên truyền phòng, chống tín dụng đen và thực "
                "hiện tín dụng chính sách cho hộ nghèo",
                "",
            ),
        ],
    ),
    (
        "HNB",
        "tuyên truyền công tác dân vận trên báo chí",
        [
            (
                "Tuyên truyền mô hình “Dân vận khéo”, gương điển hình tiên tiến trên báo chí",
                "quarterly",
            ),
        ],
    ),
    (
        "HDND",
        "giám sát việc giải quyết kiến nghị của cử tri và thực hiện dân chủ ở cơ sở",
        [("Giám sát việc giải quyết kiến nghị cử tri sau các kỳ họp", "half_yearly")],
    ),
    (
        "UBND",
        "thực hiện công tác dân vận chính quyền",
        [
            (
                "Chỉ đạo tiếp công dân, đối thoại với Nhân dân, giải quyết kịp thời kiến nghị, "
                "khiếu nại, tố cáo",
                "",
            ),
            ("Công khai, minh bạch các dự án có thu hồi đất và bồi thường, hỗ trợ tái định cư", ""),
        ],
    ),
]
REPORT_DUTY = (
    "Báo cáo kết quả thực hiện chương trình phối hợp 6 tháng, năm gửi Ban Tuyên giáo và Dân vận",
    "half_yearly",
)
LEAD_DUTY = ("Chủ trì sơ kết, đánh giá kết quả thực hiện chương trình phối hợp năm", "yearly")
# Partners that also had a short 2025 plan (the programmes were signed after 1/7/2025).
PLAN_2025 = ("CA", "BCHQS", "UBND", "HDND", "SDTTG")
PROGRAMME_START = D(2025, 8, 15)
PROGRAMME_END = D(2030, 12, 31)


# --- Helpers ---------------------------------------------------------------------------------


# The demo leader of each province's Ban Tuyên giáo và Dân vận (the same accounts as the
# conferences demo, so a second module finds them instead of creating look-alikes).
LEADERS: dict[str, tuple[str, str, str]] = {
    "44": ("dvan.quangtri", "Hồ Sỹ Phùng", "Phó Trưởng Ban Tuyên giáo và Dân vận"),
    "68": ("dvan.lamdong", "Lê Thị Thu Hà", "Phó Trưởng Ban Tuyên giáo và Dân vận"),
    "19": ("dvan.thainguyen", "Triệu Thị Lộc", "Trưởng Ban Tuyên giáo và Dân vận"),
    "52": ("dvan.gialai", "Ksor H'Bia", "Phó Trưởng Ban Tuyên giáo và Dân vận"),
}


def _leader(pcode: str, orgs: dict[str, Organization]) -> User | None:
    """The demo leader of the province's Ban Tuyên giáo và Dân vận (created if missing)."""
    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    org = orgs.get(f"{pcode}-BTGDV")
    if org is None or pcode not in LEADERS:
        return None
    username, full_name, position = LEADERS[pcode]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            position=position,
        )
    if not Membership.objects.filter(user=user, organization=org, role=Role.LEADER).exists():
        membership_grant(actor=None, user=user, organization=org, role=Role.LEADER)
    return user


class _Loader:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.counts: Counter[str] = Counter()

    def document(
        self, actor: User, org: Organization, doc: Doc, docs: dict[str, LegalDocument]
    ) -> LegalDocument:
        existing = LegalDocument.objects.filter(
            organization=org, reference=doc.reference, issued_on=doc.issued_on
        ).first()
        if existing is not None:
            docs[doc.key] = existing
            return existing
        created = services.document_register(
            actor=actor,
            data=DocumentInput(
                kind=doc.kind,
                reference=doc.reference,
                issuer_name=doc.issuer,
                issued_on=doc.issued_on,
                title=doc.title,
                summary=doc.summary,
                organization_id=org.pk,
            ),
        )
        self.counts["documents"] += 1
        docs[doc.key] = created
        if doc.implements and doc.implements in docs:
            services.document_link_add(
                actor=actor, source=created, target=docs[doc.implements], kind=LinkKind.IMPLEMENTS
            )
        return created

    def settle(self, actor: User, task: Task, *, force: str = "") -> None:
        """Move a task to a realistic state for today: done on time, done late, open overdue,
        in progress; `force` picks one."""
        due = task.due
        roll = self.rng.random()
        if due < self.today:
            outcome = force or ("on_time" if roll < 0.6 else "late" if roll < 0.8 else "overdue")
        else:
            outcome = force or ("early" if roll < 0.1 else "progress" if roll < 0.45 else "open")
        if outcome in ("on_time", "early"):
            day = min(due - dt.timedelta(days=self.rng.randint(1, 20)), self.today)
            task_complete(task=task, actor=actor, expected_version=task.version, on=day)
            self.counts["done"] += 1
        elif outcome == "late":
            day = min(due + dt.timedelta(days=self.rng.randint(3, 40)), self.today)
            task_complete(task=task, actor=actor, expected_version=task.version, on=day)
            self.counts["late"] += 1
        elif outcome in ("overdue", "progress"):
            task_update_progress(
                task=task,
                actor=actor,
                progress=self.rng.choice([20, 30, 50, 60, 70, 80]),
                note="Đang triển khai tại các đơn vị, địa phương.",
                expected_version=task.version,
            )
            self.counts["overdue" if outcome == "overdue" else "in_progress"] += 1


def _org_map() -> dict[str, Organization]:
    return {o.code: o for o in Organization.objects.filter(is_active=True).select_related("area")}


def demo_coordination_load(*, seed: int = 25) -> dict[str, int]:
    """Create the missing demo documents, programmes and plans; return what was added."""
    from danvan.core.services.demo import PROVINCES

    load = _Loader(seed)
    orgs = _org_map()
    for pcode, (pname, _communes) in PROVINCES.items():
        actor = _leader(pcode, orgs)
        home = orgs.get(f"{pcode}-BTGDV")
        if actor is None or home is None:
            continue
        docs: dict[str, LegalDocument] = {}
        for doc in CENTRAL:
            load.document(actor, home, doc, docs)
        for doc in PROVINCE_DOCS.get(pcode, []):
            load.document(actor, home, doc, docs)
        _historic(load, actor, pcode, orgs, docs)
        _recent_documents(load, actor, pcode, pname, orgs, docs)
        _programmes(load, actor, pcode, pname, orgs, docs)
    return {
        "documents": load.counts["documents"],
        "obligations": load.counts["obligations"],
        "programmes": load.counts["programmes"],
        "plans": load.counts["plans"],
        "tasks": load.counts["tasks"],
    }


def _obligation(
    load: _Loader,
    actor: User,
    document: LegalDocument,
    content: str,
    lead: Organization,
    supports: list[tuple[Organization, str]],
    due: dt.date,
) -> Task | None:
    obligation = services.document_obligation_create(
        actor=actor,
        document=document,
        data=ObligationInput(
            content=content,
            lead_id=lead.pk,
            due=due,
            supporting=[SupportInput(o.pk, part) for o, part in supports],
        ),
    )
    load.counts["obligations"] += 1
    return obligation.task


def _historic(
    load: _Loader,
    actor: User,
    pcode: str,
    orgs: dict[str, Organization],
    docs: dict[str, LegalDocument],
) -> None:
    for province, key, content, lead, supports, due, done in HISTORIC:
        document = docs.get(key)
        if province != pcode or document is None or document.obligations.exists():
            continue
        lead_org = orgs.get(f"{pcode}-{lead}")
        if lead_org is None:
            continue
        sup = [(orgs[f"{pcode}-{s}"], "") for s in supports if f"{pcode}-{s}" in orgs]
        task = _obligation(load, actor, document, content, lead_org, sup, due)
        if task is not None:
            task_complete(task=task, actor=actor, expected_version=task.version, on=done)


def _recent_documents(
    load: _Loader,
    actor: User,
    pcode: str,
    pname: str,
    orgs: dict[str, Organization],
    docs: dict[str, LegalDocument],
) -> None:
    home = orgs[f"{pcode}-BTGDV"]
    letter = Doc(
        "cv2025",
        "letter",
        f"{CV_NUMBERS[pcode]}-CV/TU",
        D(2025, 8, 20),
        f"Ban Thường vụ Tỉnh ủy {pname}",
        "Công văn về tăng cường công tác dân vận, nắm tình hình nhân dân khi vận hành chính "
        "quyền địa phương hai cấp",
    )
    load.document(actor, home, letter, docs)
    plan_doc = Doc(
        "kh2026",
        "plan",
        f"{KH_NUMBERS[pcode]}-KH/TU",
        D(2026, 1, 12),
        f"Ban Thường vụ Tỉnh ủy {pname}",
        "Kế hoạch thực hiện công tác dân vận năm 2026",
        "Cụ thể hóa Nghị quyết số 25-NQ/TW và Quy chế công tác dân vận của hệ thống chính trị "
        "trong năm 2026: đối thoại với Nhân dân, tổng kết phong trào “Dân vận khéo”, nắm tình "
        "hình nhân dân sau sắp xếp đơn vị hành chính, kiểm tra thực hiện dân chủ ở cơ sở.",
        implements="nq25",
    )
    document = load.document(actor, home, plan_doc, docs)
    if document.obligations.exists():
        return
    outcomes = ["late", "on_time", "overdue", "progress"]
    for (content, lead, supports, due), outcome in zip(YEAR_PLAN_2026, outcomes, strict=True):
        lead_org = orgs.get(f"{pcode}-{lead}")
        if lead_org is None:
            continue
        sup = [(orgs[f"{pcode}-{s}"], part) for s, part in supports if f"{pcode}-{s}" in orgs]
        task = _obligation(load, actor, document, content, lead_org, sup, due)
        if task is not None:
            if due >= load.today and outcome in ("late", "on_time", "overdue"):
                outcome = "progress"
            load.settle(actor, task, force=outcome)


def _programmes(
    load: _Loader,
    actor: User,
    pcode: str,
    pname: str,
    orgs: dict[str, Organization],
    docs: dict[str, LegalDocument],
) -> None:
    home = orgs[f"{pcode}-BTGDV"]
    for n, (suffix, subject, own) in enumerate(PARTNERS, start=1):
        partner = orgs.get(f"{pcode}-{suffix}")
        if partner is None:
            continue
        reference = f"{n:02d}-CTr/BTGDV-{suffix}"
        programme = Programme.objects.filter(organization=home, reference=reference).first()
        if programme is None:
            duties = [DutyInput(partner.pk, text, rec) for text, rec in own]
            duties.append(DutyInput(partner.pk, *REPORT_DUTY))
            duties.append(DutyInput(home.pk, *LEAD_DUTY))
            signed = PROGRAMME_START + dt.timedelta(days=n * 3)
            programme = services.programme_create(
                actor=actor,
                data=ProgrammeInput(
                    title=f"Chương trình phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy và "
                    f"{partner.name} về {subject} giai đoạn 2025–2030",
                    reference=reference,
                    organization_id=home.pk,
                    party_ids=[home.pk, partner.pk],
                    lead_ids=[home.pk, partner.pk],
                    scope=f"Phối hợp {subject} trên địa bàn tỉnh {pname}; trao đổi thông tin, "
                    "nắm tình hình nhân dân; sơ kết, tổng kết định kỳ.",
                    starts_on=signed,
                    ends_on=PROGRAMME_END,
                    signed_on=signed,
                    document_id=docs["qd290"].pk if "qd290" in docs else None,
                    duties=duties,
                ),
            )
            load.counts["programmes"] += 1
        if suffix in PLAN_2025:
            _plan_2025(load, actor, programme, home)
        _plan_2026(load, actor, programme, home)


def _issue_and_settle(load: _Loader, actor: User, plan: Plan, issued_on: dt.date) -> None:
    services.plan_issue(actor=actor, plan=plan, expected_version=plan.version, on=issued_on)
    for item in plan.items.select_related("task"):
        if item.task is not None:
            load.counts["tasks"] += 1
            load.settle(actor, item.task)


def _plan_2025(load: _Loader, actor: User, programme: Programme, home: Organization) -> None:
    if Plan.objects.filter(programme=programme, year=2025).exists():
        return
    items = [
        PlanItemInput(
            content=d.text[:300],
            lead_id=d.party_id,
            due=D(2025, 12, 15) if d.recurrence != "quarterly" else D(2025, 12, 10),
            duty_id=d.pk,
            indicator="Báo cáo gửi đúng hạn" if "Báo cáo" in d.text else "",
        )
        for d in programme.duties.order_by("id")
    ]
    plan = services.plan_create(
        actor=actor,
        data=PlanInput(
            title=f"Kế hoạch thực hiện {programme.reference} những tháng cuối năm 2025",
            reference=f"{programme.pk:02d}-KH/BTGDV",
            year=2025,
            organization_id=home.pk,
            programme_id=programme.pk,
            items=items,
        ),
    )
    load.counts["plans"] += 1
    _issue_and_settle(load, actor, plan, D(2025, 9, 25))


def _plan_2026(load: _Loader, actor: User, programme: Programme, home: Organization) -> None:
    if Plan.objects.filter(programme=programme, year=2026).exists():
        return
    plan = services.plan_prefill_from_programme(
        actor=actor, programme=programme, year=2026, organization_id=home.pk
    )
    load.counts["plans"] += 1
    if plan.status == PlanStatus.DRAFT:
        _issue_and_settle(load, actor, plan, D(2026, 1, 15))


def demo_summary() -> dict[str, Any]:
    """Counts of the demo's task states (for the demo command's and the tests' checks)."""
    tasks = Task.objects.filter(target_type__startswith="coordination.")
    return {
        "tasks": tasks.count(),
        "done": tasks.filter(status=TaskStatus.DONE).count(),
        "open": tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]).count(),
    }
