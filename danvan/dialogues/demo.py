"""Demo dialogues in the demo provinces, through the real services (`danvan demo`).

- Annual commune dialogues (Luật Thực hiện dân chủ ở cơ sở 2022): last year's, held and closed
  with their commitments done; this year's, held with commitments (some overdue) or scheduled
  with the notice still to send (on the overdue board when late).
- Leader–citizen dialogues from the seed articles: the heads of provinces and communes with
  residents, businesses and workers, youth, farmers, ethnic minority elders, religious leaders
  (Quảng Trị, Lâm Đồng — the former Bình Thuận —, Thái Nguyên — the former Bắc Kạn —, Gia Lai).
- Complaint dialogues for second-time complaints: the petitions demo is used when it has
  accepted second-time complaints; otherwise a few are registered and accepted here through the
  petitions services. One is held and closed, one held with an open commitment, one notified,
  and one left without a dialogue so the "needs a dialogue" panel has something to show.

Idempotent: nothing is added when any dialogue exists. Runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, Task, User
from danvan.dialogues import services
from danvan.dialogues.inputs import CommitmentInput, DialogueInput, ParticipantInput
from danvan.dialogues.models import Dialogue, Participant

logger = logging.getLogger(__name__)

ORGANISER_ROLES = (Role.OFFICER, Role.LEADER)


@dataclass(frozen=True)
class Seed:
    org: str  # organisation code
    audience: str
    topic: str
    chair: str
    chair_position: str
    place: str
    voices: tuple[tuple[str, str, str, str], ...]  # (role, name, title/unit, statement)
    outcome: str
    commitments: tuple[tuple[str, str, int], ...]  # (title, owner org code suffix or "", due days)
    days_ago: int  # held this many days ago; negative = scheduled ahead


LEADER_SEEDS: tuple[Seed, ...] = (
    Seed(
        "44-UBND",
        "residents",
        "Lãnh đạo UBND tỉnh đối thoại trực tiếp với cán bộ, đảng viên và Nhân dân về các vấn đề "
        "bức xúc, vướng mắc trong giải phóng mặt bằng",
        "Hồ Thị Lan",
        "Phó Chủ tịch UBND tỉnh",
        "Hội trường UBND tỉnh Quảng Trị",
        (
            (
                "citizen",
                "Lê Văn Tư",
                "thôn Tân Hiệp",
                "Đề nghị công khai phương án bồi thường "
                "trước khi kiểm đếm, để người dân được góp ý.",
            ),
            (
                "agency",
                "Nguyễn Hữu Phước",
                "Sở Xây dựng",
                "Sở sẽ rà soát đơn giá bồi thường vật kiến trúc, trình UBND tỉnh trong quý.",
            ),
        ),
        "Thống nhất công khai phương án bồi thường tại nhà văn hóa thôn ít nhất 20 ngày; "
        "giao Sở Xây dựng rà soát đơn giá vật kiến trúc.",
        (("Rà soát đơn giá bồi thường vật kiến trúc, trình UBND tỉnh", "SXD", 45),),
        70,
    ),
    Seed(
        "19564-UBND",
        "ethnic",
        "Bí thư Đảng ủy xã Đakrông đối thoại với đồng bào dân tộc thiểu số và người có uy tín về "
        "xây dựng nông thôn mới, giảm nghèo bền vững",
        "Căn Thị Nga",
        "Chủ tịch UBND xã Đakrông",
        "Nhà văn hóa thôn Ba Ngào, xã Đakrông",
        (
            (
                "citizen",
                "Hồ Văn Lợi",
                "người có uy tín thôn Ba Ngào",
                "Bà con cần nước sạch cho mùa khô và đường vào khu sản xuất.",
            ),
            (
                "citizen",
                "Căn Văn Thiên",
                "thôn Khe Ngài",
                "Đề nghị hỗ trợ giống keo và vốn vay ưu đãi cho hộ nghèo.",
            ),
        ),
        "Xã cam kết sửa đường vào khu sản xuất trước mùa mưa; phối hợp ngân hàng chính sách "
        "giải ngân vốn vay cho hộ nghèo.",
        (
            ("Sửa chữa đường vào khu sản xuất thôn Ba Ngào", "", 40),
            ("Phối hợp Ngân hàng Chính sách xã hội giải ngân vốn vay cho hộ nghèo", "", -10),
        ),
        35,
    ),
    Seed(
        "23149-UBND",
        "residents",
        "Chủ tịch UBND xã Tánh Linh đối thoại với Nhân dân về tình trạng khai thác khoáng sản "
        "trái phép ven sông La Ngà",
        "Nguyễn Văn Sáu",
        "Chủ tịch UBND xã Tánh Linh",
        "Hội trường UBND xã Tánh Linh",
        (
            (
                "citizen",
                "Trần Thị Hoa",
                "thôn 3",
                "Ghe hút cát hoạt động ban đêm làm sạt lở đất vườn của gia đình tôi.",
            ),
            (
                "agency",
                "Đại úy Lê Minh Trí",
                "Công an xã",
                "Công an xã đã lập biên bản hai trường hợp, sẽ tuần tra ban đêm.",
            ),
        ),
        "Tổ chức tuần tra ban đêm, xử lý nghiêm các ghe hút cát trái phép; khảo sát điểm sạt lở.",
        (
            ("Tuần tra, xử lý khai thác cát trái phép trên sông La Ngà", "", -5),
            ("Khảo sát, báo cáo điểm sạt lở đất vườn thôn 3", "", 20),
        ),
        50,
    ),
    Seed(
        "68-UBND",
        "workers",
        "Lãnh đạo UBND tỉnh đối thoại với doanh nghiệp và người lao động về giải quyết nợ lương, "
        "cắt giảm lao động",
        "Phạm Văn Đông",
        "Phó Chủ tịch UBND tỉnh Lâm Đồng",
        "Trung tâm Hội nghị tỉnh",
        (
            (
                "other",
                "Nguyễn Thị Mai",
                "công nhân may, phường Phan Thiết",
                "Công ty nợ lương ba tháng, chưa đóng bảo hiểm xã hội cho người lao động.",
            ),
            (
                "agency",
                "Trần Quốc Bảo",
                "Sở Nông nghiệp và Môi trường",
                "Đề nghị doanh nghiệp lập lộ trình trả nợ lương có cam kết bằng văn bản.",
            ),
        ),
        "Doanh nghiệp cam kết trả nợ lương trong hai tháng; tỉnh kiểm tra việc đóng bảo hiểm.",
        (("Kiểm tra việc đóng bảo hiểm xã hội của doanh nghiệp nợ lương", "", 30),),
        25,
    ),
    Seed(
        "22945-UBND",
        "youth",
        "Bí thư Đảng ủy phường Phan Thiết đối thoại với đoàn viên, thanh niên về chỉnh trang đô "
        "thị, giữ gìn môi trường xanh, sạch, đẹp",
        "Lê Thanh Tùng",
        "Bí thư Đảng ủy phường Phan Thiết",
        "Nhà Văn hóa Thanh niên phường Phan Thiết",
        (
            (
                "other",
                "Võ Thị Ngọc",
                "Bí thư Chi đoàn khu phố 5",
                "Đề nghị phường bố trí điểm "
                "tập kết rác và hỗ trợ dụng cụ cho đội thanh niên tình nguyện.",
            ),
        ),
        "Phường bố trí ba điểm tập kết rác mới; Đoàn phường ra quân vệ sinh hằng tháng.",
        (("Bố trí ba điểm tập kết rác mới tại các khu phố ven biển", "", 60),),
        15,
    ),
    Seed(
        "01843-UBND",
        "residents",
        "Chủ tịch UBND phường Bắc Kạn đối thoại với Nhân dân về cải cách thủ tục hành chính, "
        "thái độ phục vụ của cán bộ",
        "Hoàng Văn Minh",
        "Chủ tịch UBND phường Bắc Kạn",
        "Trung tâm phục vụ hành chính công phường Bắc Kạn",
        (
            (
                "citizen",
                "Ma Thị Lụa",
                "tổ 7",
                "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất bị "
                "trả lại nhiều lần, mỗi lần một yêu cầu khác.",
            ),
        ),
        "Niêm yết đầy đủ thành phần hồ sơ; hướng dẫn một lần, đầy đủ bằng văn bản.",
        (("Niêm yết thành phần hồ sơ đất đai tại bộ phận một cửa", "", -20),),
        60,
    ),
    Seed(
        "23764-UBND",
        "ethnic",
        "Bí thư Đảng ủy xã Ia Grai đối thoại với đồng bào Jrai về xây dựng nông thôn mới và mô "
        "hình Nông hội",
        "Rơ Châm Hyưk",
        "Bí thư Đảng ủy xã Ia Grai",
        "Nhà rông làng Dơ Nâu",
        (
            (
                "citizen",
                "Rơ Mah Thuk",
                "già làng Dơ Nâu",
                "Bà con mong có người của Nông hội hướng dẫn chăm sóc cà phê, hồ tiêu.",
            ),
        ),
        "Thành lập tổ Nông hội làng Dơ Nâu; Hội Nông dân xã cử cán bộ hướng dẫn kỹ thuật.",
        (("Thành lập tổ Nông hội làng Dơ Nâu", "", 25),),
        -12,
    ),
    Seed(
        "23575-UBND",
        "religious",
        "Chủ tịch UBND phường Pleiku gặp mặt, đối thoại với chức sắc các tôn giáo trên địa bàn",
        "Nguyễn Văn Hòa",
        "Chủ tịch UBND phường Pleiku",
        "Hội trường UBND phường Pleiku",
        (),
        "",
        (),
        -20,
    ),
)

CHAIR_NAMES = (
    "Nguyễn Văn Hùng",
    "Lê Thị Hương",
    "Trần Minh Tuấn",
    "Phạm Văn Lâm",
    "Hoàng Thị Yến",
    "Đỗ Văn Quang",
    "Vũ Thị Thanh",
    "Bùi Văn Khánh",
)
ANNUAL_TOPIC = "Hội nghị đối thoại giữa UBND {unit} với Nhân dân năm {year}"
ANNUAL_VOICES = (
    (
        "citizen",
        "Nguyễn Văn Bình",
        "thôn 1",
        "Đường liên thôn xuống cấp, trời mưa trẻ em đi học rất khó khăn.",
    ),
    ("citizen", "Trần Thị Lý", "thôn 2", "Đề nghị công khai danh sách hộ nghèo được hỗ trợ nhà ở."),
    (
        "agency",
        "Lê Văn Phong",
        "Ủy ban MTTQ Việt Nam",
        "Mặt trận sẽ giám sát việc bình xét hộ nghèo, báo cáo tại kỳ họp tới.",
    ),
)
ANNUAL_COMMITMENTS = (
    ("Sửa chữa đường liên thôn 1 – thôn 2", 50),
    ("Niêm yết công khai danh sách hộ nghèo được hỗ trợ nhà ở", 15),
)
COMPLAINTS = (
    (
        "Khiếu nại lần hai Quyết định giải quyết khiếu nại lần đầu về bồi thường khi thu hồi đất "
        "nông nghiệp làm đường tránh; giá bồi thường thấp hơn giá thị trường.",
        "Chủ tịch UBND xã",
        "Lê Văn Thành",
    ),
    (
        "Khiếu nại lần hai việc không được bố trí tái định cư khi thu hồi đất ở tại khu dân cư "
        "dọc tuyến đường ven biển.",
        "Chủ tịch UBND xã",
        "Phạm Thị Sen",
    ),
    (
        "Khiếu nại lần hai Quyết định xử phạt vi phạm hành chính về xây dựng nhà ở không phép "
        "trên đất vườn liền kề.",
        "Chủ tịch UBND phường",
        "Hoàng Văn Thái",
    ),
    (
        "Khiếu nại lần hai về việc thu hồi giấy chứng nhận quyền sử dụng đất cấp sai đối tượng.",
        "Chủ tịch UBND xã",
        "Rơ Mah Blơi",
    ),
)


@dataclass
class _Load:
    counts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)


def _actor(org: Organization) -> User | None:
    """An officer or leader of the organisation (or of its parent) to act as."""
    for org_id in (org.pk, org.parent_id):
        if org_id is None:
            continue
        m = (
            Membership.objects.filter(
                organization_id=org_id, role__in=ORGANISER_ROLES, user__is_active=True
            )
            .select_related("user")
            .order_by("role", "id")
            .first()
        )
        if m is not None:
            return m.user
    return None


def _demo_orgs() -> dict[str, Organization]:
    from danvan.core.services.demo import PROVINCES

    codes = [f"{p}-UBND" for p in PROVINCES] + [
        f"{c}-UBND" for _name, communes in PROVINCES.values() for c, _n in communes
    ]
    codes += [f"{p}-{s}" for p in PROVINCES for s in ("SXD", "SNNMT")]
    return {
        o.code: o
        for o in Organization.objects.filter(code__in=codes, is_active=True).select_related(
            "area", "parent"
        )
    }


class _Builder:
    def __init__(self, load: _Load, seed: int) -> None:
        self.load = load
        self.rng = random.Random(seed)
        self.today = timezone.localdate()

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def schedule(self, actor: User, data: DialogueInput) -> Dialogue | None:
        try:
            dialogue = services.dialogue_create(actor=actor, data=data)
        except DomainError as exc:
            logger.info("demo dialogue skipped: %s", exc.message)
            self.load.counts["skipped"] += 1
            return None
        self.load.counts["dialogues"] += 1
        self.load.counts[f"kind_{data.kind}"] += 1
        return dialogue

    def move(self, d: Dialogue, actor: User, to: str, **kw: Any) -> None:
        from danvan.dialogues.inputs import TransitionInput

        d.refresh_from_db()
        services.dialogue_transition(
            dialogue=d, actor=actor, data=TransitionInput(to=to, expected_version=d.version, **kw)
        )

    def notify(self, d: Dialogue, actor: User) -> None:
        latest = d.notice_due or (d.date - dt.timedelta(days=7))
        notice = min(latest - dt.timedelta(days=self.rng.randint(0, 4)), self.today)
        self.move(d, actor, "notified", notice_on=notice)

    def hold(
        self,
        d: Dialogue,
        actor: User,
        *,
        voices: tuple[tuple[str, str, str, str], ...],
        outcome: str,
        commitments: list[tuple[str, Organization, int]],
        close: bool,
        refuse: bool = False,
    ) -> None:
        """Notice, hold, record the people and what they said, sign, commit, maybe close."""
        self.notify(d, actor)
        self.move(d, actor, "held")
        services.agenda_item_add(
            dialogue=d, actor=actor, title="Báo cáo tình hình, kết quả giải quyết kiến nghị"
        )
        services.agenda_item_add(dialogue=d, actor=actor, title="Ý kiến của Nhân dân và giải đáp")
        services.participant_add(
            dialogue=d,
            actor=actor,
            data=ParticipantInput(role="recorder", full_name="Nguyễn Thị Thu", title="Công chức"),
        )
        chair = Participant.objects.get(dialogue=d, role="chair")
        services.statement_add(
            dialogue=d,
            actor=actor,
            participant_id=chair.pk,
            content="Khai mạc, nêu mục đích, yêu cầu của buổi đối thoại.",
        )
        for role, name, where, said in voices:
            p = services.participant_add(
                dialogue=d,
                actor=actor,
                data=ParticipantInput(
                    role=role,
                    full_name=name,
                    address=where if role == "citizen" else "",
                    unit=where if role != "citizen" else "",
                ),
            )
            services.statement_add(dialogue=d, actor=actor, participant_id=p.pk, content=said)
        services.statement_add(
            dialogue=d,
            actor=actor,
            participant_id=chair.pk,
            content="Kết luận: " + outcome,
        )
        people = list(Participant.objects.filter(dialogue=d, attended=True).order_by("position"))
        refuser = next((p for p in people if p.role == "citizen"), None) if refuse else None
        for p in people:
            if p == refuser:
                services.participant_sign(
                    participant=p,
                    actor=actor,
                    signature="refused",
                    reason="Chưa đồng ý với kết quả giải quyết, sẽ tiếp tục khiếu kiện",
                )
                self.load.counts["refusals"] += 1
            else:
                services.participant_sign(participant=p, actor=actor, signature="signed")
        signed_on = min(d.date + dt.timedelta(days=self.rng.randint(0, 2)), self.today)
        for title, owner, due_days in commitments:
            due = d.date + dt.timedelta(days=due_days if due_days > 0 else 10)
            if due_days < 0:  # overdue: the due date is already behind us
                due = min(due, self.today + dt.timedelta(days=due_days))
                due = max(due, d.date)
            c = services.commitment_add(
                dialogue=d,
                actor=actor,
                data=CommitmentInput(
                    title=title,
                    organization_id=owner.pk,
                    due=due,
                    made_by=d.chair_position or d.chair_name,
                ),
            )
            self.load.counts["commitments"] += 1
            task = Task.objects.get(pk=c.task_id)
            done = close or (due_days > 0 and self.rng.random() < 0.3)
            if done:
                finished = min(max(d.date, due - dt.timedelta(days=3)), self.today)
                services.commitment_complete(
                    commitment=c, actor=actor, expected_version=task.version, on=finished
                )
                self.load.counts["commitments_done"] += 1
            elif due < self.today:
                self.load.counts["commitments_overdue"] += 1
            elif self.rng.random() < 0.6:
                services.commitment_progress(
                    commitment=c,
                    actor=actor,
                    progress=self.rng.choice([20, 40, 60, 80]),
                    note="Đang triển khai",
                    expected_version=task.version,
                )
        self.move(d, actor, "minutes_signed", outcome=outcome, on=signed_on)
        self.load.counts["minutes"] += 1
        if close:
            self.move(d, actor, "closed", on=self.today)


def _second_round_complaints(orgs: dict[str, Organization], b: _Builder) -> list[Any]:
    """Accepted second-time complaints of the demo communes: the petitions demo's, or a few
    registered and accepted here through the petitions services."""
    from danvan.petitions.inputs import PersonInput, PetitionInput, TransitionInput
    from danvan.petitions.selectors import PetitionFilters, petition_list
    from danvan.petitions.services import petition_register, petition_transition

    communes = ["23149-UBND", "01843-UBND", "23764-UBND", "19564-UBND"]
    found: list[Any] = []
    for i, code in enumerate(communes):
        org = orgs.get(code)
        actor = _actor(org) if org is not None else None
        if org is None or actor is None or org.area is None:
            continue
        existing = (
            petition_list(user=actor, filters=PetitionFilters(kind="complaint"))
            .filter(complaint_round=2, status__in=["accepted", "verifying"], organization=org)
            .order_by("id")
            .first()
        )
        if existing is not None:
            found.append((existing, org, actor))
            continue
        content, respondent, name = COMPLAINTS[i % len(COMPLAINTS)]
        received = b.day(30 + 3 * i)
        try:
            petition = petition_register(
                actor=actor,
                data=PetitionInput(
                    kind="complaint",
                    channel="in_person",
                    received_on=received,
                    content=content,
                    area_code=org.area.code,
                    topic="dat_dai",
                    respondent=respondent,
                    summary=content[:120],
                    complaint_round=2,
                    petitioners=[PersonInput(full_name=name, address=f"{org.area.full_name}")],
                    organization_id=org.pk,
                ),
            )
            for to, days_after, outcome in (("triaged", 2, "accept"), ("accepted", 4, "")):
                petition.refresh_from_db()
                petition_transition(
                    petition=petition,
                    actor=actor,
                    data=TransitionInput(
                        to=to,
                        reason="Đủ điều kiện thụ lý giải quyết khiếu nại lần hai",
                        expected_version=petition.version,
                        on=received + dt.timedelta(days=days_after),
                        outcome=outcome,
                    ),
                )
        except DomainError as exc:
            logger.info("demo complaint skipped: %s", exc.message)
            continue
        b.load.counts["complaints_registered"] += 1
        petition.refresh_from_db()
        found.append((petition, org, actor))
    return found


def demo_dialogues_load(*, seed: int = 11) -> dict[str, int]:
    """Create the demo dialogues (nothing when any dialogue exists); returns what was done."""
    if Dialogue.objects.exists():
        return {}
    load = _Load()
    b = _Builder(load, seed)
    orgs = _demo_orgs()
    with transaction.atomic():
        # 1. Leader–citizen dialogues from the seed articles.
        for s in LEADER_SEEDS:
            org = orgs.get(s.org)
            actor = _actor(org) if org is not None else None
            if org is None or actor is None:
                continue
            province = s.org.split("-")[0][:2] if org.level == "province" else ""
            d = b.schedule(
                actor,
                DialogueInput(
                    kind="leader",
                    organization_id=org.pk,
                    topic=s.topic,
                    date=b.day(s.days_ago),
                    start_time=dt.time(8, 0),
                    end_time=dt.time(11, 0),
                    place=s.place,
                    chair_name=s.chair,
                    chair_position=s.chair_position,
                    audience=s.audience,
                    description="Theo Quy định số 11-QĐi/TW và chương trình công tác dân vận năm.",
                ),
            )
            if d is None:
                continue
            if s.days_ago < 0:
                if s.days_ago < -15:
                    b.notify(d, actor)
                continue
            owners = []
            for title, suffix, due_days in s.commitments:
                owner = orgs.get(f"{province}-{suffix}") if suffix and province else None
                owners.append((title, owner or org, due_days))
            b.hold(
                d,
                actor,
                voices=s.voices,
                outcome=s.outcome,
                commitments=owners,
                close=False,
            )
        # 2. Annual commune dialogues: last year's (closed) and this year's.
        communes = [o for o in orgs.values() if o.level == "commune" and o.area is not None]
        for i, org in enumerate(sorted(communes, key=lambda o: o.code)):
            actor = _actor(org)
            if actor is None or org.area is None:
                continue
            unit = org.area.full_name
            for year_back in (1, 0):
                year = b.today.year - year_back
                if year_back:
                    day = dt.date(year, 11, 10) + dt.timedelta(days=i % 15)
                elif i % 7 == 3:
                    day = b.today + dt.timedelta(days=3)  # the notice is already late
                elif i % 3 == 2:
                    day = b.today + dt.timedelta(days=8 + i % 10)  # scheduled, notice pending
                else:
                    day = b.today - dt.timedelta(days=20 + 7 * (i % 8))
                if day.year != year:
                    continue
                d = b.schedule(
                    actor,
                    DialogueInput(
                        kind="annual",
                        organization_id=org.pk,
                        topic=ANNUAL_TOPIC.format(unit=unit, year=year),
                        date=day,
                        start_time=dt.time(7, 30),
                        place=f"Hội trường UBND {unit}",
                        chair_name=CHAIR_NAMES[i % len(CHAIR_NAMES)],
                        chair_position=f"Chủ tịch UBND {unit}",
                        audience="residents",
                    ),
                )
                if d is None or day > b.today:
                    continue
                b.hold(
                    d,
                    actor,
                    voices=ANNUAL_VOICES,
                    outcome="UBND xã tiếp thu, giao các bộ phận chuyên môn giải quyết các kiến "
                    "nghị trong phạm vi thẩm quyền; kiến nghị vượt thẩm quyền được tổng hợp "
                    "báo cáo cấp trên.",
                    commitments=[
                        (t, org, due if year_back or i % 2 else -due)
                        for t, due in ANNUAL_COMMITMENTS
                    ],
                    close=bool(year_back),
                )
        # 3. Complaint dialogues for second-time complaints.
        for j, (petition, org, actor) in enumerate(_second_round_complaints(orgs, b)):
            if j == 3:
                continue  # left without a dialogue: shown on the panel
            day = b.day(8) if j < 2 else b.today + dt.timedelta(days=12)
            d = b.schedule(
                actor,
                DialogueInput(
                    kind="complaint",
                    organization_id=org.pk,
                    petition_id=petition.pk,
                    topic=f"Đối thoại giải quyết khiếu nại lần hai — hồ sơ {petition.case_number}",
                    date=day,
                    start_time=dt.time(14, 0),
                    place=f"Phòng tiếp công dân {org.name}",
                    chair_name=CHAIR_NAMES[(j + 3) % len(CHAIR_NAMES)],
                    chair_position=f"Chủ tịch {org.name}",
                    description=petition.summary,
                ),
            )
            if d is None:
                continue
            if day > b.today:
                b.notify(d, actor)
                continue
            services.participant_add(
                dialogue=d,
                actor=actor,
                data=ParticipantInput(
                    role="agency", full_name="Trần Văn Hải", unit="Công chức địa chính – xây dựng"
                ),
            )
            b.hold(
                d,
                actor,
                voices=(),
                outcome="Người khiếu nại giữ nguyên yêu cầu; cơ quan giải quyết tiếp tục xác "
                "minh giá đất thị trường trước khi ban hành quyết định giải quyết lần hai.",
                commitments=[("Xác minh giá đất thị trường tại thời điểm thu hồi", org, 15)],
                close=j == 0,
                refuse=j == 1,
            )
    result = dict(sorted(load.counts.items()))
    result["seconds"] = int(time.perf_counter() - load.started)
    return result
