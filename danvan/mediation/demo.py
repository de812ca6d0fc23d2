"""Demo mediation teams and cases in the demo communes, through the real services.

Grassroots mediation as the seed articles describe it (seed 004: the provincial Ban Dân vận's
conference on "công tác dân vận trong hoạt động hòa giải ở cơ sở"): teams in the villages and
residential groups of Đakrông and Tà Rụt (Quảng Trị), Phan Thiết (Lâm Đồng), Chợ Đồn (Thái
Nguyên) and Ia Grai, Pleiku (Gia Lai), with women and ethnic-minority mediators; land boundary
disputes, family conflicts, debts and neighbours' quarrels, mostly reconciled, some failed (half
of those turned into petitions of the commune), one withdrawn, one still mediating and one
received but not started (overdue on the board).

Idempotent: a team is looked up by its commune and name, a case by its team and summary. The
communes' officers act; a demo account `hoagiai.<commune code>` is added where the commune has no
officer yet (password of the demo accounts).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.mediation import services
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    TeamInput,
    ToPetitionInput,
)
from danvan.mediation.models import Case, Member, Team

logger = logging.getLogger(__name__)

# (commune code, team name, residential area, members: (name, role, gender, ethnicity))
M = tuple[str, str, str, str]
TEAMS: tuple[tuple[str, str, str, tuple[M, ...]], ...] = (
    (
        "19564",
        "Tổ hòa giải thôn A Vao",
        "Thôn A Vao",
        (
            ("Hồ Văn Thanh", "leader", "male", "Vân Kiều"),
            ("Hồ Thị Liên", "mediator", "female", "Vân Kiều"),
            ("Lê Văn Hải", "mediator", "male", "Kinh"),
            ("Căn Thị Hoa", "mediator", "female", "Pa Kô"),
        ),
    ),
    (
        "19564",
        "Tổ hòa giải thôn Ba Ngào",
        "Thôn Ba Ngào",
        (
            ("Hồ Văn Pêng", "leader", "male", "Vân Kiều"),
            ("Nguyễn Thị Mai", "mediator", "female", "Kinh"),
            ("Hồ Văn Hùng", "mediator", "male", "Vân Kiều"),
        ),
    ),
    (
        "19588",
        "Tổ hòa giải thôn Vực Leng",
        "Thôn Vực Leng",
        (
            ("Kê Văn Sơn", "leader", "male", "Pa Kô"),
            ("Hồ Thị Tâm", "mediator", "female", "Pa Kô"),
            ("Trần Văn Lợi", "mediator", "male", "Kinh"),
        ),
    ),
    (
        "22945",
        "Tổ hòa giải khu phố 3",
        "Khu phố 3",
        (
            ("Nguyễn Văn Tám", "leader", "male", ""),
            ("Trần Thị Thu", "mediator", "female", ""),
            ("Lê Minh Quang", "mediator", "male", ""),
            ("Phạm Thị Hồng", "mediator", "female", ""),
        ),
    ),
    (
        "02020",
        "Tổ hòa giải thôn Bản Tàn",
        "Thôn Bản Tàn",
        (
            ("Hoàng Văn Pấu", "leader", "male", "Tày"),
            ("Triệu Thị Mây", "mediator", "female", "Dao"),
            ("Ma Văn Thắng", "mediator", "male", "Tày"),
        ),
    ),
    (
        "23764",
        "Tổ hòa giải làng Dơ Keo",
        "Làng Dơ Keo",
        (
            ("Rơ Châm Hyuh", "leader", "male", "Jrai"),
            ("Ksor H'Nhi", "mediator", "female", "Jrai"),
            ("Puih Thơm", "mediator", "male", "Jrai"),
            ("Nguyễn Văn Đức", "mediator", "male", "Kinh"),
        ),
    ),
    (
        "23575",
        "Tổ hòa giải tổ dân phố 5",
        "Tổ dân phố 5",
        (
            ("Lê Văn Cường", "leader", "male", ""),
            ("Đinh Thị Lan", "mediator", "female", "Bahnar"),
            ("Võ Văn Phúc", "mediator", "male", ""),
        ),
    ),
)


@dataclass(frozen=True)
class CaseSeed:
    team: str
    ago: int  # received that many days ago
    kind: str
    source: str
    summary: str
    parties: tuple[tuple[str, str, str], ...]  # (side, name, address)
    outcome: str  # reconciled / failed / withdrawn / mediating / received
    text: str = ""  # agreement or reason
    petition: str = ""  # "proposal" / "complaint": a failed case turned into a petition
    referrer: str = ""


CASES: tuple[CaseSeed, ...] = (
    CaseSeed(
        "Tổ hòa giải thôn A Vao",
        160,
        "land",
        "party_request",
        "Hai hộ liền kề tranh chấp ranh giới nương rẫy khoảng 300 m² sau khi một hộ phát dọn, "
        "trồng keo lấn sang phần đất hộ kia canh tác nhiều năm.",
        (("first", "Hồ Văn Ái", "Thôn A Vao"), ("second", "Hồ Văn Bốn", "Thôn A Vao")),
        "reconciled",
        "Hai hộ thống nhất lấy con suối cạn làm ranh giới; hộ ông Bốn được thu hoạch lứa keo đã "
        "trồng rồi trả lại phần đất lấn; cắm mốc có sự chứng kiến của trưởng thôn.",
    ),
    CaseSeed(
        "Tổ hòa giải thôn A Vao",
        95,
        "family",
        "witnessed",
        "Mâu thuẫn vợ chồng do chồng uống rượu, không lo làm ăn; người vợ về nhà bố mẹ đẻ, có ý "
        "định ly hôn.",
        (("first", "Hồ Thị Nhung", "Thôn A Vao"), ("second", "Hồ Văn Tường", "Thôn A Vao")),
        "reconciled",
        "Người chồng cam kết bỏ rượu, cùng vợ chăm sóc rẫy cà phê; gia đình hai bên và già làng "
        "theo dõi, động viên.",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Ba Ngào",
        70,
        "land",
        "referred",
        "Tranh chấp quyền sử dụng thửa đất vườn thừa kế giữa hai anh em sau khi cha mất, không có "
        "di chúc; người em đã xây chuồng trại trên phần đất tranh chấp.",
        (("first", "Hồ Văn Kiên", "Thôn Ba Ngào"), ("second", "Hồ Văn Kiệt", "Thôn Ba Ngào")),
        "failed",
        "Hai bên không thống nhất cách chia; người anh đề nghị Ủy ban nhân dân xã giải quyết.",
        petition="proposal",
        referrer="Ban công tác Mặt trận thôn Ba Ngào",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Ba Ngào",
        6,
        "neighbour",
        "party_request",
        "Hộ chăn nuôi thả rông bò phá hoại ruộng lúa của hộ bên cạnh, hai bên lời qua tiếng lại.",
        (("first", "Lê Thị Hà", "Thôn Ba Ngào"), ("second", "Hồ Văn Đạt", "Thôn Ba Ngào")),
        "received",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Vực Leng",
        120,
        "civil",
        "party_request",
        "Tranh chấp khoản vay 15 triệu đồng mua giống, người vay chậm trả do mất mùa.",
        (("first", "Kê Thị Nga", "Thôn Vực Leng"), ("second", "Hồ Văn Nam", "Thôn Vực Leng")),
        "reconciled",
        "Người vay trả 5 triệu đồng sau vụ thu hoạch sắn, số còn lại trả trong năm sau, không "
        "tính lãi.",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Vực Leng",
        40,
        "land",
        "party_request",
        "Tranh chấp lối đi chung ra đường liên thôn giữa ba hộ.",
        (
            ("first", "Trần Văn Bình", "Thôn Vực Leng"),
            ("second", "Kê Văn Lâm", "Thôn Vực Leng"),
            ("second", "Hồ Thị Gái", "Thôn Vực Leng"),
        ),
        "failed",
        "Một hộ không đồng ý mở lối đi; các bên được hướng dẫn đề nghị Ủy ban nhân dân xã giải "
        "quyết theo pháp luật đất đai.",
    ),
    CaseSeed(
        "Tổ hòa giải khu phố 3",
        130,
        "neighbour",
        "party_request",
        "Hộ kinh doanh karaoke gia đình gây ồn sau 22 giờ, hàng xóm phản ánh nhiều lần.",
        (
            ("first", "Nguyễn Thị Yến", "Khu phố 3, phường Phan Thiết"),
            ("second", "Trần Văn Hùng", "Khu phố 3, phường Phan Thiết"),
        ),
        "reconciled",
        "Hộ kinh doanh cam kết không hát sau 22 giờ, lắp cách âm trong 30 ngày.",
    ),
    CaseSeed(
        "Tổ hòa giải khu phố 3",
        50,
        "family",
        "party_request",
        "Anh chị em tranh chấp việc chăm sóc mẹ già và sử dụng căn nhà của cha mẹ.",
        (
            ("first", "Lê Thị Sương", "Khu phố 3, phường Phan Thiết"),
            ("second", "Lê Văn Tâm", "Khu phố 3, phường Phan Thiết"),
        ),
        "withdrawn",
        "Các bên tự thỏa thuận được trong gia đình, rút yêu cầu hòa giải.",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Bản Tàn",
        100,
        "land",
        "party_request",
        "Tranh chấp ranh giới đồi chè giữa hai hộ, mốc giới cũ bị mất sau mưa lũ.",
        (("first", "Hoàng Văn Dũng", "Thôn Bản Tàn"), ("second", "Ma Thị Hạnh", "Thôn Bản Tàn")),
        "reconciled",
        "Hai hộ đồng ý đo đạc lại theo bản đồ địa chính, chia đôi phần chênh lệch; cắm mốc bê "
        "tông.",
    ),
    CaseSeed(
        "Tổ hòa giải thôn Bản Tàn",
        20,
        "civil",
        "witnessed",
        "Xô xát giữa hai thanh niên trong đám cưới do say rượu, một người bị thương nhẹ.",
        (("first", "Triệu Văn Phú", "Thôn Bản Tàn"), ("second", "Hoàng Văn Long", "Thôn Bản Tàn")),
        "mediating",
    ),
    CaseSeed(
        "Tổ hòa giải làng Dơ Keo",
        140,
        "land",
        "party_request",
        "Tranh chấp đất rẫy cà phê giữa hai gia đình theo tập quán chia đất của dòng họ mẹ.",
        (("first", "Ksor H'Lan", "Làng Dơ Keo"), ("second", "Rơ Mah Blơng", "Làng Dơ Keo")),
        "reconciled",
        "Với sự chứng kiến của già làng, hai gia đình thống nhất ranh giới theo hàng cây muồng "
        "và cùng ký biên bản.",
    ),
    CaseSeed(
        "Tổ hòa giải làng Dơ Keo",
        60,
        "family",
        "party_request",
        "Vợ chồng mâu thuẫn về việc bán rẫy cà phê để trả nợ, chồng tự ý đặt cọc bán đất.",
        (("first", "Ksor H'Bơ", "Làng Dơ Keo"), ("second", "Puih Dơn", "Làng Dơ Keo")),
        "failed",
        "Người chồng không hủy việc đặt cọc; người vợ đề nghị Ủy ban nhân dân xã xem xét.",
        petition="complaint",
    ),
    CaseSeed(
        "Tổ hòa giải tổ dân phố 5",
        80,
        "neighbour",
        "party_request",
        "Nước thải sinh hoạt của hộ phía trên chảy tràn sang sân hộ phía dưới.",
        (
            ("first", "Võ Thị Hằng", "Tổ dân phố 5, phường Pleiku"),
            ("second", "Đinh Văn Tuấn", "Tổ dân phố 5, phường Pleiku"),
        ),
        "reconciled",
        "Hộ phía trên làm rãnh thoát nước vào cống chung trong 15 ngày; hai hộ chia đôi chi phí.",
    ),
)


@dataclass
class _Load:
    counts: Counter[str] = field(default_factory=Counter)
    hashed: str = ""


def _ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _actor(load: _Load, org: Organization) -> User:
    """An officer or leader of the commune People's Committee (a demo account when none)."""
    m = (
        Membership.objects.filter(
            organization=org, role__in=(Role.OFFICER, Role.LEADER), user__is_active=True
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    if m is not None:
        return m.user
    from django.test.utils import override_settings

    from danvan.core.services.accounts import membership_grant, user_create
    from danvan.core.services.demo import DEMO_PASSWORD

    username = f"hoagiai.{org.area.code if org.area else org.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        fields: dict[str, Any] = {
            "actor": None,
            "username": username,
            "password": DEMO_PASSWORD,
            "full_name": f"Công chức tư pháp {org.name}"[:150],
            "position": "Công chức Tư pháp - Hộ tịch",
        }
        if not load.hashed:
            user = user_create(**fields)
            load.hashed = user.password
        else:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                user = user_create(**fields)
            User.objects.filter(pk=user.pk).update(password=load.hashed)
        load.counts["accounts"] += 1
    membership_grant(actor=None, user=user, organization=org, role=Role.OFFICER)
    return user


def _team(load: _Load, org: Organization, actor: User, seed: Any) -> Team:
    _code, name, area, members = seed
    team = Team.objects.filter(organization=org, name=name).first()
    if team is not None:
        return team
    recognised = _ago(700)
    team = services.team_create(
        actor=actor,
        data=TeamInput(
            organization_id=org.pk,
            name=name,
            residential_area=area,
            established_on=recognised,
            decision_number=f"{10 + len(name) % 30}/QĐ-UBND",
        ),
    )
    for i, (full_name, role, gender, ethnicity) in enumerate(members, start=1):
        services.member_add(
            team=team,
            actor=actor,
            data=MemberInput(
                full_name=full_name,
                role=role,
                gender=gender,
                ethnicity=ethnicity,
                from_on=recognised,
                decision_number=f"{20 + i}/QĐ-UBND",
                decision_date=recognised,
            ),
        )
    load.counts["teams"] += 1
    return team


def _case(load: _Load, team: Team, actor: User, seed: CaseSeed) -> None:
    if Case.objects.filter(team=team, summary=seed.summary).exists():
        return
    members = list(Member.objects.filter(team=team, to_on__isnull=True).order_by("-role", "id"))
    received = _ago(seed.ago)
    case = services.case_create(
        actor=actor,
        data=CaseInput(
            team_id=team.pk,
            received_on=received,
            source=seed.source,
            dispute_kind=seed.kind,
            summary=seed.summary,
            referrer=seed.referrer,
            parties=[PartyInput(full_name=n, side=s, address=a) for s, n, a in seed.parties],
            mediator_ids=[m.pk for m in members[:2]] if seed.outcome != "received" else [],
        ),
    )
    load.counts["cases"] += 1
    if seed.outcome == "received":
        return
    first = received + dt.timedelta(days=2)
    services.session_add(
        case=case,
        actor=actor,
        data=SessionInput(
            held_on=first,
            place=f"Nhà văn hóa {team.residential_area.lower()}",
            attendees="Hòa giải viên được phân công; các bên; trưởng thôn, người có uy tín.",
            content="Nghe các bên trình bày; hòa giải viên phân tích quy định pháp luật, phong tục "
            "tập quán tốt đẹp; các bên hẹn gặp lại sau khi bàn với gia đình.",
        ),
    )
    if seed.outcome == "mediating":
        return
    if seed.outcome in ("reconciled", "failed"):
        services.session_add(
            case=case,
            actor=actor,
            data=SessionInput(
                held_on=first + dt.timedelta(days=7),
                place=f"Nhà văn hóa {team.residential_area.lower()}",
                content="Các bên trao đổi lại trên cơ sở ý kiến của hòa giải viên.",
            ),
        )
    case.refresh_from_db()
    closed = first + dt.timedelta(days=7)
    services.case_transition(
        case=case,
        actor=actor,
        data=OutcomeInput(
            to=seed.outcome,
            expected_version=case.version,
            on=closed,
            agreement=seed.text if seed.outcome == "reconciled" else "",
            note=seed.text if seed.outcome != "reconciled" else "",
        ),
    )
    if seed.petition:
        case.refresh_from_db()
        services.case_to_petition(
            case=case,
            actor=actor,
            data=ToPetitionInput(
                kind=seed.petition,
                expected_version=case.version,
                received_on=closed + dt.timedelta(days=3),
            ),
        )
        load.counts["petitions"] += 1


def demo_mediation_load() -> dict[str, int]:
    """Create the missing demo teams and cases; return what was created."""
    load = _Load()
    codes = sorted({f"{t[0]}-UBND" for t in TEAMS})
    orgs = {
        o.code: o
        for o in Organization.objects.filter(code__in=codes, is_active=True).select_related("area")
    }
    teams: dict[str, tuple[Team, User]] = {}
    for seed in TEAMS:
        org = orgs.get(f"{seed[0]}-UBND")
        if org is None:
            continue
        try:
            actor = _actor(load, org)
            teams[seed[1]] = (_team(load, org, actor, seed), actor)
        except DomainError as exc:  # a demo record that no longer fits the rules is skipped
            logger.warning("mediation demo: %s: %s", seed[1], exc.message)
    for case_seed in CASES:
        found = teams.get(case_seed.team)
        if found is None:
            continue
        try:
            _case(load, found[0], found[1], case_seed)
        except DomainError as exc:
            logger.warning("mediation demo: %s: %s", case_seed.summary[:40], exc.message)
    return dict(load.counts)
