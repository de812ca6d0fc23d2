"""Demo receptions in the demo provinces, through the real services (idempotent).

Owns `demo_reception_load`, called by `ReceptionConfig.danvan_demo` after the petitions demo:

- the heads' scheduled sessions: a year of the province People's Committees' (monthly), half a
  year of the departments' and the inspectorate's (monthly), the last weeks of the communes'
  People's Committees' (weekly), each published
  on the portal ahead of the day (a few late) and held; some weeks and months are missed or
  hosted by a deputy so the "who is behind" page has something to show;
- the coming weeks: published sessions on the public schedule, a postponement and a cancellation
  notice, and sessions still to publish (their deadline is on the overdue board);
- daily desk days at the provinces' reception offices and at communes, whose register lines link
  the in-person petitions of the petitions demo (replies recorded, a few still awaited);
- at the heads' sessions: new petitions registered from the register, crowd delegations,
  refusals with their notices, conclusion notices and follow-up tasks.

Idempotent: nothing is added when the demo organisations already have reception sessions.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.core.selectors.calendar import work_calendar
from danvan.reception.deadlines import shared_engine
from danvan.reception.inputs import (
    EntryInput,
    ReplyInput,
    SessionInput,
    SessionTransitionInput,
    VisitorInput,
)
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.services import (
    entry_register,
    entry_reply_record,
    session_conclusion_issue,
    session_create,
    session_task_add,
    session_transition,
)

DEMO_PROVINCES: tuple[str, ...] = ("44", "68", "19", "52")
MONTHLY_SUFFIXES: tuple[str, ...] = ("UBND", "SNNMT", "SXD", "TTRA")
HANDLER_ROLES = (Role.OFFICER, Role.LEADER)

HOST_TITLES = {
    "UBND": ("Chủ tịch UBND tỉnh {p}", "Phó Chủ tịch UBND tỉnh {p}"),
    "SNNMT": ("Giám đốc Sở Nông nghiệp và Môi trường", "Phó Giám đốc Sở Nông nghiệp và Môi trường"),
    "SXD": ("Giám đốc Sở Xây dựng", "Phó Giám đốc Sở Xây dựng"),
    "TTRA": ("Chánh Thanh tra tỉnh", "Phó Chánh Thanh tra tỉnh"),
}

POSTPONE_REASONS = (
    "Đồng chí Chủ tịch dự họp đột xuất của Tỉnh ủy",
    "Trùng lịch kỳ họp chuyên đề của Hội đồng nhân dân",
    "Ảnh hưởng của bão, mưa lớn; bảo đảm an toàn cho công dân",
)
REFUSALS = (
    ("threatening", "Công dân có lời lẽ xúc phạm, đe dọa cán bộ tiếp công dân; đã lập biên bản."),
    ("already_resolved", "Vụ việc đã có Quyết định giải quyết khiếu nại lần hai có hiệu lực."),
    ("incapacitated", "Công dân trong tình trạng say rượu, không làm chủ được hành vi."),
)
CONCLUSIONS = (
    "Giao phòng chuyên môn kiểm tra, xác minh, báo cáo kết quả trong 15 ngày",
    "Nội dung đã được giải quyết đúng quy định; đề nghị công dân chấp hành",
    "Giao cơ quan chuyên môn phối hợp với UBND xã kiểm tra hiện trạng, đối thoại với công dân",
    "Hướng dẫn công dân gửi đơn đến Tòa án nhân dân để được giải quyết theo thẩm quyền",
)
TASKS = (
    "Kiểm tra hiện trạng, đo đạc lại diện tích đất theo kết luận buổi tiếp",
    "Rà soát hồ sơ bồi thường, hỗ trợ và báo cáo Chủ tịch",
    "Tổ chức đối thoại với các hộ dân về phương án tái định cư",
)


def _actor_for(org: Organization) -> User | None:
    """An officer (or leader) of `org`, else of the nearest organisation above it."""
    seen: set[int] = set()
    current: Organization | None = org
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        membership = (
            Membership.objects.filter(
                organization=current, role__in=HANDLER_ROLES, user__is_active=True
            )
            .select_related("user")
            .order_by("role", "id")
            .first()
        )
        if membership is not None:
            return membership.user
        current = current.parent
    return None


class _Run:
    def __init__(self, *, size: int, seed: int, today: dt.date) -> None:
        from danvan.petitions.demo_text import TextGenerator

        self.rng = random.Random(seed)
        self.gen = TextGenerator(seed + 7)
        self.today = today
        self.counts: Counter[str] = Counter()
        self.calendar = work_calendar()
        self.weeks = min(52, max(4, size // 230))
        self.months = 12 if size >= 300 else 4
        self.actors: dict[int, User | None] = {}
        self.hosts: dict[tuple[int, str], str] = {}

    # -- helpers -------------------------------------------------------------------------

    def actor(self, org: Organization) -> User | None:
        if org.pk not in self.actors:
            self.actors[org.pk] = _actor_for(org)
        return self.actors[org.pk]

    def host(self, org: Organization, kind: str) -> str:
        key = (org.pk, kind)
        if key not in self.hosts:
            self.hosts[key] = self.gen.name()[0]
        return self.hosts[key]

    def working_on_or_after(self, day: dt.date) -> dt.date:
        while not self.calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_before(self, day: dt.date, n: int) -> dt.date:
        count = 0
        while count < n:
            day -= dt.timedelta(days=1)
            if self.calendar.is_working_day(day):
                count += 1
        return day

    def move(self, session: ReceptionSession, actor: User, to: str, **kw: Any) -> None:
        session_transition(
            session=session,
            actor=actor,
            data=SessionTransitionInput(to=to, expected_version=session.version, **kw),
        )
        self.counts[f"moves_{to}"] += 1

    # -- sessions ------------------------------------------------------------------------

    def session(
        self,
        org: Organization,
        day: dt.date,
        *,
        kind: str = "scheduled",
        head_title: str,
        deputy_title: str,
        deputy: bool = False,
        place: str = "",
        late: bool = False,
        publish: bool = True,
    ) -> ReceptionSession | None:
        actor = self.actor(org)
        if actor is None:
            return None
        host_user = None
        name = self.host(org, "deputy" if deputy else "head")
        if org.code == "19564-UBND" and not deputy:
            host_user = User.objects.filter(username="lanhdao.dakrong").first()
            name = host_user.full_name if host_user else name
        data = SessionInput(
            organization_id=org.pk,
            date=day,
            kind=kind,
            place_kind="reception_office" if kind == "daily" else "hq",
            place=place,
            start_time=dt.time(7, 30) if org.level == "commune" else dt.time(8, 0),
            end_time=dt.time(11, 30),
            host_kind="delegate" if deputy else "head",
            host_user_id=host_user.pk if host_user else None,
            host_name=name,
            host_position=deputy_title if deputy else head_title,
        )
        session = session_create(actor=actor, data=data)
        self.counts["sessions"] += 1
        if kind == "scheduled" and publish:
            on = self.working_days_before(day, 2 if late else self.rng.choice((6, 7, 8, 10)))
            if on <= self.today:
                self.move(session, actor, "published", on=on)
        if day <= self.today and (kind != "scheduled" or session.status == "published"):
            self.move(session, actor, "held")
        return session

    def monthly(self, org: Organization, suffix: str, province: str) -> list[ReceptionSession]:
        head, deputy = (t.format(p=province) for t in HOST_TITLES[suffix])
        held: list[ReceptionSession] = []
        # A year for the province's People's Committee, half a year for the departments.
        months = self.months if suffix == "UBND" else max(2, self.months // 2)
        first = (self.today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
        month = first
        while month <= self.today + dt.timedelta(days=40):
            day = self.working_on_or_after(month.replace(day=15))
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            past = day < self.today
            # A missed month now and then (the duty page lists it), a deputy hosting another.
            if past and self.rng.random() < (0.25 if suffix != "UBND" else 0.1):
                self.counts["missed_months"] += 1
                continue
            deputy_hosts = past and self.rng.random() < 0.12
            session = self.session(
                org,
                day,
                head_title=head,
                deputy_title=deputy,
                deputy=deputy_hosts,
                place=f"Trụ sở {org.name}",
                late=self.rng.random() < 0.08,
                publish=past or self.rng.random() < 0.7,
            )
            if session is not None and session.status == "held":
                held.append(session)
        return held

    def weekly(self, org: Organization, commune: str, strict: bool) -> list[ReceptionSession]:
        head = f"Chủ tịch UBND {commune}"
        deputy = f"Phó Chủ tịch UBND {commune}"
        held: list[ReceptionSession] = []
        monday = self.today - dt.timedelta(days=self.today.weekday() + 7 * self.weeks)
        while monday <= self.today + dt.timedelta(days=21):
            thursday = monday + dt.timedelta(days=3)
            monday += dt.timedelta(days=7)
            if not self.calendar.is_working_day(thursday):
                continue
            past = thursday < self.today
            if past and self.rng.random() < (0.04 if strict else 0.3):
                self.counts["missed_weeks"] += 1
                continue
            session = self.session(
                org,
                thursday,
                head_title=head,
                deputy_title=deputy,
                deputy=past and self.rng.random() < 0.08,
                place=f"Trụ sở UBND {commune}",
                late=self.rng.random() < 0.06,
                publish=past or self.rng.random() < 0.75,
            )
            if session is not None and session.status == "held":
                held.append(session)
        return held

    def notices(self, orgs: list[Organization]) -> None:
        """A postponement and a cancellation among the upcoming published sessions."""
        upcoming = list(
            ReceptionSession.objects.filter(
                organization__in=orgs, status="published", date__gt=self.today
            ).order_by("date", "id")[:6]
        )
        for i, session in enumerate(upcoming[:2]):
            actor = self.actor(session.organization)
            if actor is None:
                continue
            new_date = self.working_on_or_after(session.date + dt.timedelta(days=7))
            self.move(
                session,
                actor,
                "postponed",
                new_date=new_date,
                reason=POSTPONE_REASONS[i % len(POSTPONE_REASONS)],
            )
        if len(upcoming) > 2:
            session = upcoming[2]
            actor = self.actor(session.organization)
            if actor is not None:
                self.move(
                    session,
                    actor,
                    "cancelled",
                    reason="Lãnh đạo bận công tác đột xuất; mời công dân đến buổi tiếp kế tiếp",
                )

    # -- the register --------------------------------------------------------------------

    def desk_entries(self, org: Organization, limit: int) -> None:
        """Daily desk days at `org`, linking its in-person petitions of the petitions demo."""
        from danvan.petitions.selectors import PetitionFilters, petition_list

        actor = self.actor(org)
        if actor is None or limit <= 0:
            return
        petitions = list(
            petition_list(user=actor, filters=PetitionFilters(organization_id=org.pk))
            .filter(channel="in_person")
            .prefetch_related("petitioners")
            .order_by("received_on", "id")
        )
        if len(petitions) > limit:
            petitions = sorted(self.rng.sample(petitions, limit), key=lambda p: p.received_on)
        sessions: dict[dt.date, ReceptionSession] = {}
        for petition in petitions:
            day = petition.received_on
            if day not in sessions:
                session = self.session(
                    org,
                    day,
                    kind="daily",
                    head_title=f"Trưởng {org.name}" if org.kind == "ban_tcd" else "Công chức",
                    deputy_title="Chuyên viên tiếp công dân",
                    deputy=True,
                    place="Trụ sở tiếp công dân",
                )
                if session is None:
                    return
                sessions[day] = session
            people = list(petition.petitioners.all())
            first = people[0] if people else None
            visitor = VisitorInput(
                full_name=first.full_name if first else self.gen.name()[0],
                id_number=first.id_number if first else "",
                address=first.address if first else "",
                phone=first.phone if first else "",
            )
            try:
                entry = entry_register(
                    actor=actor,
                    data=EntryInput(
                        received_on=day,
                        content=petition.summary or petition.content[:600],
                        outcome="received",
                        visitor=visitor,
                        session_id=sessions[day].pk,
                        request=petition.requests[:600],
                        petition_mode="link",
                        petition_id=petition.pk,
                    ),
                )
            except DomainError:
                self.counts["entry_errors"] += 1
                continue
            self.counts["entries"] += 1
            self.counts["entries_linked"] += 1
            self.reply(entry, actor)

    def reply(self, entry: ReceptionEntry, actor: User) -> None:
        if entry.reply_due is None:
            return
        # Most replies on time, some late, a few still awaited (overdue on the board).
        roll = self.rng.random()
        if roll < 0.08:
            return
        offset = self.rng.randint(2, 9) if roll < 0.85 else self.rng.randint(12, 20)
        day = entry.received_on + dt.timedelta(days=offset)
        if day > self.today:
            return
        entry_reply_record(
            entry=entry,
            actor=actor,
            data=ReplyInput(
                replied_on=day,
                method=self.rng.choice(("written", "written", "direct")),
                note="Thông báo về việc thụ lý, chuyển đơn hoặc hướng dẫn công dân.",
                expected_version=entry.version,
            ),
        )
        self.counts["replies"] += 1

    def head_entries(self, session: ReceptionSession, index: int) -> list[ReceptionEntry]:
        """One to three visitors at a head's session, registering their petitions."""
        from danvan.petitions.demo_text import DEMO_PLACES, PROVINCE_PLACES

        actor = self.actor(session.organization)
        area = session.organization.area
        if actor is None or area is None:
            return []
        codes = [area.code] if area.level == "commune" else list(PROVINCE_PLACES.get(area.code, ()))
        places = [DEMO_PLACES[c] for c in codes if c in DEMO_PLACES]
        if not places:
            return []
        entries = []
        for n in range(self.rng.randint(1, 3)):
            place = self.rng.choice(places)
            special = (index + n) % 9
            crowd = special == 4
            refused = special == 7
            kind = self.rng.choice(("complaint", "proposal", "report", "complaint", "proposal"))
            signers = self.rng.choice((8, 15, 32)) if crowd else 1
            text = self.gen.petition(
                place=place,
                day=session.date,
                kind=kind,
                signers=signers,
                recipient=session.host_position,
            )
            people = text.petitioners or [self.gen.person(place, session.date)]
            reps = [people[i] for i in (text.representatives or [0])] if crowd else [people[0]]
            first, others = reps[0], reps[1:]
            outcome, ground, note = "received", "", ""
            if refused:
                outcome, (ground, note) = "refused", REFUSALS[index % len(REFUSALS)]
            elif self.rng.random() < 0.25:
                outcome, note = "guided", "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền."
            try:
                entry = entry_register(
                    actor=actor,
                    data=EntryInput(
                        received_on=session.date,
                        content=text.content[:2000],
                        outcome=outcome,
                        visitor=VisitorInput(
                            full_name=first.full_name,
                            id_number=first.id_number,
                            address=first.address,
                            phone=first.phone,
                        ),
                        session_id=session.pk,
                        prior_handling=self.rng.choice(
                            (
                                "",
                                "Đã gửi đơn đến UBND xã nhưng chưa được trả lời.",
                                "Đã được UBND xã hòa giải, không thành.",
                            )
                        ),
                        request=text.requests[:600],
                        outcome_note=note,
                        refusal_ground=ground,
                        visitor_count=max(signers, 1),
                        co_representatives=[
                            VisitorInput(
                                full_name=p.full_name, id_number=p.id_number, phone=p.phone
                            )
                            for p in others[:4]
                        ],
                        representative_document="Biên bản họp cử người đại diện của các hộ dân"
                        if crowd
                        else "",
                        petition_mode="none" if refused else "new",
                        petition_kind=text.kind,
                        area_code=place.code,
                        topic=text.topic,
                        summary=text.summary,
                        respondent=text.respondent,
                    ),
                )
            except DomainError:
                self.counts["entry_errors"] += 1
                continue
            self.counts["entries"] += 1
            self.counts["entries_new_petition"] += int(entry.petition_created)
            self.counts["crowds"] += int(entry.is_crowd)
            self.counts["refusals"] += int(refused)
            self.reply(entry, actor)
            entries.append(entry)
        return entries

    def conclude(self, session: ReceptionSession, entries: list[ReceptionEntry], i: int) -> None:
        actor = self.actor(session.organization)
        if actor is None or not entries:
            return
        issued = min(self.working_on_or_after(session.date + dt.timedelta(days=3)), self.today)
        session_conclusion_issue(
            session=session,
            actor=actor,
            conclusions={e.pk: self.rng.choice(CONCLUSIONS) for e in entries},
            general="Các cơ quan, đơn vị được giao nhiệm vụ khẩn trương thực hiện, báo cáo kết "
            "quả về Văn phòng",
            tasks=[TASKS[i % len(TASKS)]],
            issued_on=issued,
        )
        self.counts["conclusions"] += 1
        if i % 2 == 0:
            session_task_add(
                session=session,
                actor=actor,
                title=TASKS[i % len(TASKS)],
                due=session.date + dt.timedelta(days=20),
            )
            self.counts["tasks"] += 1


def demo_reception_load(
    *, size: int = 3000, seed: int = 2026, today: dt.date | None = None
) -> dict[str, int]:
    """Load the demo receptions (nothing when the demo organisations already have sessions)."""
    from danvan.core.services.demo import PROVINCES

    started = time.perf_counter()
    today = min(today or timezone.localdate(), timezone.localdate())
    codes = [f"{p}-{s}" for p in DEMO_PROVINCES for s in (*MONTHLY_SUFFIXES, "BTCD")]
    communes = {c: n for p in DEMO_PROVINCES for c, n in PROVINCES.get(p, ("", []))[1]}
    codes += [f"{c}-UBND" for c in communes]
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes, is_active=True)}
    if not orgs:
        return {"skipped_no_orgs": 1}
    if ReceptionSession.objects.filter(organization__in=list(orgs.values())).exists():
        return {"skipped_existing": 1}
    run = _Run(size=size, seed=seed, today=today)
    held: list[ReceptionSession] = []
    with shared_engine(), transaction.atomic():
        for p in DEMO_PROVINCES:
            province = PROVINCES[p][0] if p in PROVINCES else p
            for suffix in MONTHLY_SUFFIXES:
                org = orgs.get(f"{p}-{suffix}")
                if org is not None:
                    held += run.monthly(org, suffix, province)
        for i, (code, name) in enumerate(communes.items()):
            org = orgs.get(f"{code}-UBND")
            if org is not None:
                label = org.name.replace("Ủy ban nhân dân ", "")
                held += run.weekly(org, label or name, strict=i % 3 != 1)
        run.notices(list(orgs.values()))
        desks = [o for c, o in orgs.items() if c.endswith("-BTCD")]
        desks += [orgs[f"{c}-UBND"] for c in list(communes)[:4] if f"{c}-UBND" in orgs]
        for org in desks:
            run.desk_entries(org, limit=max(3, size // 300))
        recent = sorted(held, key=lambda s: s.date, reverse=True)
        chosen = recent[: max(4, min(len(recent), size // 100))]
        for i, session in enumerate(sorted(chosen, key=lambda s: s.date)):
            entries = run.head_entries(session, i)
            if i % 2 == 0 or any(e.is_crowd for e in entries):
                run.conclude(session, entries, i)
    result = dict(sorted(run.counts.items()))
    result["seconds"] = int(time.perf_counter() - started)
    return result
