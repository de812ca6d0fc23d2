"""Demo petitions: about 3,000 cases over 2025-2026 in the demo provinces, through the services.

Owns `demo_petitions_load`, called by the core demo data after the organisations and accounts
exist. Every case is registered and moved with the real services (`petition_register`,
`petition_transition`, `petition_extend`, `petition_mark_duplicate`, ...), acting as a demo
officer of the receiving organisation, with the legal dates in the past: deadlines, documents,
the vault, search and the audit log are exactly what real use would produce.

Each case first draws where it ends (a "plan": closed on time, closed late, still verifying,
suspended, overdue, withdrawn, transferred, ...) and a received date that fits the plan (open
cases are recent, overdue ones old enough to have missed a deadline), then walks the lifecycle
forward; a step that would fall after today is not taken. The first cases take every plan in
turn, so even a small load shows every state.

Idempotent: nothing is added when the demo organisations already have petitions.
Organisations that receive petitions but have no officer of their own get one (a demo account
with the demo password), so each case is handled by someone of its own organisation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.petitions import permissions
from danvan.petitions.demo_text import (
    DEMO_PLACES,
    PROVINCE_NAMES,
    PROVINCE_PLACES,
    PetitionText,
    Place,
    TextGenerator,
)
from danvan.petitions.inputs import FileInput, PersonInput, PetitionInput, TransitionInput
from danvan.petitions.models import ExtensionKind, Petition
from danvan.petitions.states import FORWARDED_CHANNELS, OPEN_STATES, Channel, Kind, Outcome, Status
from danvan.text.normalize import fold

logger = logging.getLogger(__name__)

START = dt.date(2025, 1, 1)
DEMO_PROVINCES: tuple[str, ...] = ("44", "68", "19", "52")
PROVINCE_WEIGHTS = {"44": 30, "68": 35, "19": 20, "52": 15}

KIND_WEIGHTS = {
    Kind.COMPLAINT: 30,
    Kind.DENUNCIATION: 14,
    Kind.PROPOSAL: 26,
    Kind.REPORT: 25,
    Kind.MIXED: 5,
}
CHANNEL_WEIGHTS = {
    Channel.POST: 24,
    Channel.IN_PERSON: 24,
    Channel.BOX: 4,
    Channel.ONLINE: 17,
    Channel.FORWARDED_DEPUTY: 7,
    Channel.FORWARDED_MTTQ: 6,
    Channel.FORWARDED_PRESS: 3,
    Channel.FORWARDED_AGENCY: 6,
    Channel.PAKN: 9,
}

# Where a case ends: (plan, weight). The first `len(PLANS)` cases take each plan once.
PLANS: tuple[tuple[str, int], ...] = (
    ("closed", 46),
    ("closed_other", 15),
    ("transferred", 7),
    ("closed_late", 5),
    ("withdrawn", 3),
    ("received", 4),
    ("triaged", 2),
    ("accepted", 3),
    ("verifying", 4),
    ("suspended", 2),
    ("resolved", 3),
    ("overdue_triage", 2),
    ("overdue_resolve", 3),
    ("duplicate", 4),
)
# Plans whose case stays open: received at most this many days ago (min, max).
OPEN_AGE = {
    "received": (0, 9),
    "triaged": (3, 9),
    "accepted": (6, 22),
    "verifying": (12, 40),
    "resolved": (16, 45),
    "suspended": (35, 220),
    "overdue_triage": (22, 160),
    "overdue_resolve": (75, 320),
}

SATISFACTION_WEIGHTS = {"satisfied": 56, "partly": 27, "unsatisfied": 17}

_REASONS = {
    Outcome.ACCEPT: (
        "Đơn đủ điều kiện, thuộc thẩm quyền giải quyết; đề xuất thụ lý.",
        "Nội dung đơn rõ ràng, người gửi có quyền và lợi ích liên quan; đề xuất thụ lý giải quyết.",
    ),
    Outcome.GUIDE: (
        "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết.",
        "Đơn có nhiều nội dung: hướng dẫn công dân tách riêng nội dung khiếu nại và tố cáo.",
        "Vụ việc là tranh chấp dân sự: hướng dẫn công dân khởi kiện tại Tòa án nhân dân.",
    ),
    Outcome.ANSWER: (
        "Đã có văn bản trả lời, giải thích chính sách cho công dân.",
        "Nội dung kiến nghị đã được giải quyết trước đó; trả lời để công dân biết.",
    ),
    Outcome.FILE: (
        "Đơn trùng nội dung với đơn đã xử lý; lưu đơn theo quy định.",
        "Đơn không rõ người gửi, nội dung không cụ thể; lưu đơn.",
    ),
}


@dataclass
class Desk:
    """A receiving organisation, its officers and the places its petitions come from."""

    org: Organization
    province: str
    places: tuple[Place, ...]
    officers: list[User]
    weight: int

    @property
    def actor(self) -> User:
        return self.officers[0]


@dataclass
class Load:
    """What one run did (returned to the demo command)."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def result(self) -> dict[str, int]:
        data = dict(sorted(self.counts.items()))
        data["seconds"] = int(time.perf_counter() - self.started)
        return data


def _slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _demo_orgs() -> dict[str, Organization]:
    codes = [f"{p}-{s}" for p in DEMO_PROVINCES for s in ("UBND", "BTCD", "SNNMT", "SXD", "TTRA")]
    communes = _demo_communes()
    codes += [f"{c}-UBND" for p in DEMO_PROVINCES for c in PROVINCE_PLACES[p] if c in communes]
    return {o.code: o for o in Organization.objects.filter(code__in=codes, is_active=True)}


def _demo_communes() -> frozenset[str]:
    """The demo communes that have their own People's Committee (core demo data)."""
    from danvan.core.services.demo import PROVINCES

    return frozenset(code for _name, communes in PROVINCES.values() for code, _ in communes)


def _officers_at(org: Organization) -> list[User]:
    ids = Membership.objects.filter(organization=org, role=Role.OFFICER).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("id"))


class _Officers:
    """Creates the missing demo officers through `user_create`, hashing the password once.

    Every demo account has the same public password: hashing costs CPU (Argon2id about 32 ms,
    the former PBKDF2 most of a second), so the first account is hashed properly and the others
    get a copy of its hash (a cheap hasher is used only for the throwaway hash that is
    overwritten in the same transaction).
    """

    def __init__(self, gen: TextGenerator) -> None:
        self.gen = gen
        self.hashed = ""

    def create(self, org: Organization, username: str, position: str) -> User:
        from django.test.utils import override_settings

        from danvan.core.services.accounts import user_create
        from danvan.core.services.demo import DEMO_PASSWORD

        base, n = username, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        name, _gender = self.gen.name()
        fields: dict[str, Any] = {
            "actor": None,
            "username": username,
            "password": DEMO_PASSWORD,
            "full_name": name,
            "position": position,
            "organization": org,
            "role": Role.OFFICER,
        }
        if not self.hashed:
            user = user_create(**fields)
            self.hashed = user.password
            return user
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            user = user_create(**fields)
        User.objects.filter(pk=user.pk).update(password=self.hashed)
        user.password = self.hashed
        return user


def _desks(gen: TextGenerator, load: Load) -> tuple[list[Desk], dict[str, Organization]]:
    """The receiving organisations with an officer each (created when missing)."""
    orgs = _demo_orgs()
    officers_new = _Officers(gen)
    desks: list[Desk] = []
    for p in DEMO_PROVINCES:
        province = PROVINCE_NAMES[p]
        pslug = _slug(province)
        for suffix, weight, username, position in (
            ("UBND", 9, f"chuyenvien.{pslug}", "Chuyên viên Văn phòng UBND tỉnh"),
            ("BTCD", 12, f"tiepdan.{pslug}", "Chuyên viên Ban Tiếp công dân tỉnh"),
        ):
            org = orgs.get(f"{p}-{suffix}")
            if org is None:
                continue
            officers = _officers_at(org)
            if not officers:
                officers = [officers_new.create(org, username, position)]
                load.counts["officers_created"] += 1
            places = tuple(DEMO_PLACES[c] for c in PROVINCE_PLACES[p])
            desks.append(Desk(org, p, places, officers, weight * PROVINCE_WEIGHTS[p]))
        for code in PROVINCE_PLACES[p]:
            org = orgs.get(f"{code}-UBND")
            if org is None:
                continue
            place = DEMO_PLACES[code]
            officers = _officers_at(org)
            if not officers:
                officers = [
                    officers_new.create(
                        org,
                        f"canbo.{_slug(place.name)}",
                        f"Công chức Văn phòng – Thống kê {place.label}",
                    )
                ]
                load.counts["officers_created"] += 1
            weight = 20 * PROVINCE_WEIGHTS[p] // max(1, len(PROVINCE_PLACES[p]) // 2)
            desks.append(Desk(org, p, (place,), officers, weight))
    return desks, orgs


def _recipient(org: Organization) -> str:
    if org.kind == "ubnd":
        return f"Chủ tịch {org.name}"
    return org.name


def _tiny_pdf(title: str) -> bytes:
    """A one-page PDF saying `title` (ASCII), standing in for a scanned copy."""
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


class _Stop(Exception):
    """The next step would fall after today: the case stays where it is."""


class _Clock:
    """The legal date of a case's latest act: every next act is on or after it, never later
    than today."""

    def __init__(self, start: dt.date, today: dt.date) -> None:
        self.day = start
        self.today = today

    def at_least(self, day: dt.date) -> dt.date:
        day = max(day, self.day)
        if day > self.today:
            raise _Stop
        self.day = day
        return day

    def after(self, delta: dt.timedelta) -> dt.date:
        return self.at_least(self.day + delta)


class DemoRunner:
    """Registers and moves the demo cases; one instance per load."""

    def __init__(
        self,
        *,
        desks: list[Desk],
        orgs: dict[str, Organization],
        gen: TextGenerator,
        rng: random.Random,
        today: dt.date,
        load: Load,
    ) -> None:
        self.desks = desks
        self.orgs = orgs
        self.gen = gen
        self.rng = rng
        self.today = today
        self.load = load
        self.numbers: Counter[tuple[int, int, str]] = Counter()
        self.pakn = 0

    # -- Small helpers -----------------------------------------------------------------------

    def _number(self, org: Organization, day: dt.date, kind: str) -> str:
        key = (int(org.pk), day.year, kind)
        self.numbers[key] += 1
        issuer = "UBND" if org.kind == "ubnd" else "BTCD" if org.kind == "ban_tcd" else "SN"
        return f"{self.numbers[key] + 40:02d}/{kind}-{issuer}"

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def _check(self, day: dt.date) -> dt.date:
        if day > self.today:
            raise _Stop
        return day

    def _move(self, p: Petition, actor: User, to: str, on: dt.date, reason: str, **kw: Any) -> None:
        from danvan.petitions.services import petition_transition

        self._check(on)
        data = TransitionInput(to=to, reason=reason, expected_version=p.version, on=on, **kw)
        petition_transition(petition=p, actor=actor, data=data)
        self.load.counts[f"move_{to}"] += 1

    # -- Choosing a case ---------------------------------------------------------------------

    def plan_for(self, index: int) -> str:
        if index < len(PLANS):
            return PLANS[index][0]
        names, weights = zip(*PLANS, strict=True)
        return self.rng.choices(names, weights=weights)[0]

    def received_for(self, plan: str) -> dt.date:
        r = self.rng
        if plan in OPEN_AGE or (plan == "transferred" and r.random() < 0.15):
            # A few transfers are recent enough to wait in the receiver's inbox.
            low, high = OPEN_AGE.get(plan, (2, 5))
            day = self.today - dt.timedelta(days=r.randint(low, high))
        else:
            # Closed cases: anywhere from the start to a few weeks ago, more in recent months.
            span = max(1, (self.today - START).days - 25)
            day = START + dt.timedelta(days=int(span * (r.random() ** 0.8)))
        while day.weekday() >= 5 and r.random() < 0.85:  # fewer petitions arrive at weekends
            day -= dt.timedelta(days=1)
        return max(START, min(day, self.today))

    def kind_for(self, plan: str, index: int) -> str:
        kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
        if index < len(PLANS):  # the first cases take every kind in turn
            kind = str(kinds[index % len(kinds)])
        else:
            kind = str(self.rng.choices(kinds, weights=weights)[0])
        if plan == "suspended" and kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
            kind = Kind.COMPLAINT
        return kind

    def channel_for(self, desk: Desk, kind: str) -> str:
        channels, weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        channel = str(self.rng.choices(channels, weights=weights)[0])
        if desk.org.level == "commune" and channel == Channel.FORWARDED_DEPUTY:
            channel = Channel.FORWARDED_MTTQ
        if kind == Kind.DENUNCIATION and channel in (Channel.PAKN, Channel.FORWARDED_PRESS):
            channel = Channel.POST
        return channel

    def desk_for(self) -> Desk:
        return self.rng.choices(self.desks, weights=[d.weight for d in self.desks])[0]

    # -- Registering -------------------------------------------------------------------------

    def register(
        self,
        *,
        desk: Desk,
        place: Place,
        day: dt.date,
        kind: str,
        channel: str,
        text: PetitionText,
        actor: User | None = None,
    ) -> Petition:
        from danvan.petitions.services import petition_register

        r = self.rng
        forwarder, reference = ("", "")
        if channel in FORWARDED_CHANNELS:
            forwarder, reference = self.gen.forwarder(channel, place, day)
        pakn = ""
        if channel == Channel.PAKN:
            self.pakn += 1
            pakn = f"PAKN-{day.year}-{r.randint(10000, 99999)}{self.pakn:04d}"
        people = [
            PersonInput(
                full_name=person.full_name,
                id_number=person.id_number if r.random() < 0.7 else "",
                address=person.address,
                phone=person.phone if r.random() < 0.8 else "",
                is_representative=i in text.representatives,
            )
            for i, person in enumerate(text.petitioners)
        ]
        files: list[FileInput] = []
        if kind == Kind.DENUNCIATION and people and r.random() < 0.35:
            files.append(
                FileInput(
                    name="don-to-cao-ban-goc.pdf",
                    data=_tiny_pdf(f"Don to cao - ban goc viet tay - {day.isoformat()}"),
                    is_original=True,
                    description="Bản gốc đơn tố cáo viết tay",
                )
            )
        elif kind in (Kind.COMPLAINT, Kind.MIXED) and r.random() < 0.25:
            files.append(
                FileInput(
                    name="ban-sao-quyet-dinh.pdf",
                    data=_tiny_pdf(f"Ban sao Quyet dinh so {text.decision_number}"),
                    description=f"Bản sao Quyết định số {text.decision_number}",
                )
            )
        data = PetitionInput(
            kind=kind,
            channel=channel,
            received_on=day,
            content=text.content,
            area_code=place.area_code_on(day),
            petitioners=people,
            anonymous=text.anonymous,
            topic=text.topic,
            respondent=text.respondent,
            summary=text.summary,
            requests=text.requests,
            forwarder=forwarder,
            forwarder_reference=reference,
            pakn_code=pakn,
            signer_count=text.signer_count if not text.anonymous else 0,
            secondary_topics=list(text.secondary_topics),
            organization_id=int(desk.org.pk),
        )
        petition = petition_register(actor=actor or desk.actor, data=data, files=files)
        self.load.counts["petitions"] += 1
        self.load.counts[f"kind_{kind}"] += 1
        if kind == Kind.DENUNCIATION and people:
            self.load.counts["vault_identities"] += 1
        if text.signer_count >= 5:
            self.load.counts["multi_signer"] += 1
        if text.seed_issue:
            self.load.counts["seed_issues"] += 1
        return petition

    # -- One case ----------------------------------------------------------------------------

    def case(self, index: int) -> None:
        r = self.rng
        plan = self.plan_for(index)
        desk = self.desk_for()
        place = r.choice(desk.places)
        kind = self.kind_for(plan, index)
        first = index < len(PLANS)
        day = self.received_for(plan)
        if plan == "duplicate":
            # The original must be old enough for the resend to come after it.
            day = min(day, self.today - dt.timedelta(days=30))
        channel = self.channel_for(desk, kind)
        anonymous = (
            not first
            and channel in (Channel.BOX, Channel.ONLINE, Channel.POST)
            and r.random() < (0.5 if channel == Channel.BOX else 0.04)
        )
        if anonymous and kind == Kind.COMPLAINT:
            kind = Kind.REPORT  # a complaint needs a signature (Luật Khiếu nại Đ.11)
        signers = 1
        if index == 0 or (not anonymous and kind != Kind.DENUNCIATION and r.random() < 0.07):
            signers = r.choice((5, 6, 8, 12, 17, 23, 40, 64))
        text = self.gen.petition(
            place=place,
            day=day,
            kind=kind,
            signers=signers,
            anonymous=anonymous,
            recipient=_recipient(desk.org),
        )
        kind = text.kind
        try:
            with transaction.atomic():
                petition = self.register(
                    desk=desk, place=place, day=day, kind=kind, channel=channel, text=text
                )
                self.load.counts[f"plan_{plan}"] += 1
                with contextlib.suppress(_Stop):
                    self.run(petition, desk, plan)
                if plan == "duplicate":
                    self.duplicate_of(petition, desk, place, text)
                self.finish(petition, desk)
        except DomainError as exc:
            # A refused step rolls the whole case back; the demo goes on without it (the
            # tests require none: a refusal here is a bug in the demo or in a service).
            self.load.counts["errors"] += 1
            self.load.errors.append(f"{plan} {kind}: {exc}")
            logger.warning("demo petition skipped (%s, %s): %s", plan, kind, exc)

    def run(self, p: Petition, desk: Desk, plan: str) -> None:
        """Walk the case to where its plan ends; `_Stop` when the next step is after today.

        Open plans (`OPEN_AGE`) use short delays so that their last step lands before today;
        the others take the usual time, and the late ones miss their deadline on purpose.
        """
        r = self.rng
        actor = desk.actor
        clock = _Clock(p.received_on, self.today)
        fast = plan in OPEN_AGE or (self.today - p.received_on).days < 12
        if plan in ("received", "overdue_triage"):
            if p.kind == Kind.DENUNCIATION and r.random() < 0.3:
                self.extend(p, actor, ExtensionKind.INITIAL, clock.after(self._days(1, 3)))
            return
        if plan == "withdrawn" and r.random() < 0.4:
            self._move(
                p,
                actor,
                Status.WITHDRAWN,
                clock.after(self._days(2, 12)),
                "Công dân có đơn xin rút toàn bộ nội dung đơn.",
            )
            return
        if p.kind == Kind.DENUNCIATION and not fast and r.random() < 0.1:
            self.extend(p, actor, ExtensionKind.INITIAL, clock.after(self._days(1, 4)))
        if fast:
            triaged = clock.after(self._days(0, 2))
        elif plan == "closed_late" and r.random() < 0.5:
            triaged = clock.after(self._days(12, 25))
        else:
            triaged = clock.after(self._days(1, 9))
        outcome = self.outcome_for(p, plan)
        if outcome != Outcome.ACCEPT:
            self.triage_other(p, desk, outcome, clock)
            return
        self._move(
            p,
            actor,
            Status.TRIAGED,
            triaged,
            r.choice(_REASONS[Outcome.ACCEPT]),
            outcome=Outcome.ACCEPT,
        )
        if r.random() < 0.3:  # the rest are assigned only if still open at the end (`finish`)
            self.assign(p, actor, r.choice(desk.officers))
        if plan == "triaged":
            return
        self.report_back(p, actor, triaged + self._days(1, 6))
        complex_ = p.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and r.random() < 0.12
        self._move(
            p,
            actor,
            Status.ACCEPTED,
            clock.after(self._days(0, 2 if fast else 3)),
            "Thụ lý giải quyết theo thẩm quyền; giao cơ quan chuyên môn tham mưu.",
            complex=complex_,
        )
        if plan == "accepted":
            return
        if plan == "withdrawn":
            self._move(
                p,
                actor,
                Status.WITHDRAWN,
                clock.after(self._days(3, 25)),
                "Người gửi đơn tự nguyện rút đơn sau khi được giải thích, đối thoại.",
            )
            return
        if plan != "overdue_resolve" or r.random() < 0.7:
            self._move(
                p,
                actor,
                Status.VERIFYING,
                clock.after(self._days(1, 3 if fast else 8)),
                r.choice(
                    (
                        "Thành lập Tổ xác minh; làm việc với người gửi đơn và các bên liên quan.",
                        "Giao công chức chuyên môn kiểm tra thực địa, thu thập tài liệu.",
                        "Tổ chức đối thoại với người gửi đơn và các bên có liên quan.",
                    )
                ),
            )
        if p.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and r.random() < 0.12:
            self.extend_resolution(p, actor, clock, fast=fast)
        suspend = plan == "suspended" or (
            plan == "closed" and p.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and r.random() < 0.06
        )
        if suspend:
            start = clock.after(self._days(2, 6 if fast else 12))
            self._move(
                p,
                actor,
                Status.SUSPENDED,
                start,
                r.choice(
                    (
                        "Chờ kết quả giám định chữ ký, tài liệu của cơ quan chuyên môn.",
                        "Chờ kết quả giải quyết vụ án dân sự có liên quan tại Tòa án.",
                        "Người khiếu nại ốm đau, điều trị dài ngày, đề nghị tạm dừng.",
                    )
                ),
                decision_number=self._number(desk.org, start, "QĐ"),
            )
            if plan == "suspended":
                return
            self._move(
                p,
                actor,
                Status.VERIFYING,
                clock.after(self._days(15, 45)),
                "Lý do tạm đình chỉ không còn; tiếp tục giải quyết.",
            )
        if plan in ("verifying", "overdue_resolve"):
            return
        due = self._due(p, "resolve") or clock.day + dt.timedelta(days=30)
        if plan == "resolved":
            resolved = clock.at_least(
                max(clock.day + dt.timedelta(days=1), self.today - self._days(0, 3))
            )
        elif plan == "closed_late":
            resolved = clock.at_least(due + self._days(3, 35))
        else:
            room = max(1, (due - clock.day).days - 1)
            resolved = clock.after(dt.timedelta(days=r.randint(min(room, max(1, room // 3)), room)))
        upheld = r.choices(("yes", "partly", "no"), weights=(30, 30, 40))[0]
        doc = {Kind.COMPLAINT: "QĐ", Kind.DENUNCIATION: "KL"}.get(Kind(p.kind), "TB")
        self._move(
            p,
            actor,
            Status.RESOLVED,
            resolved,
            "Ban hành văn bản giải quyết theo kết quả xác minh.",
            decision_number=self._number(desk.org, resolved, doc),
            result_summary=self.gen.result_summary(p.kind, upheld),
        )
        if plan == "resolved":
            return
        self.close(p, actor, clock.after(self._days(1, 5)))

    def _due(self, p: Petition, key: str) -> dt.date | None:
        from danvan.core.models import Obligation

        return (
            Obligation.objects.filter(
                target_type=Petition._meta.label_lower, target_id=p.pk, key=key
            )
            .values_list("due", flat=True)
            .first()
        )

    def outcome_for(self, p: Petition, plan: str) -> str:
        r = self.rng
        if plan == "transferred":
            return Outcome.TRANSFER
        if plan == "closed_other":
            if p.anonymous and p.kind == Kind.DENUNCIATION:
                return Outcome.FILE
            options = {
                Kind.COMPLAINT: (
                    (Outcome.GUIDE, 35),
                    (Outcome.INELIGIBLE, 40),
                    (Outcome.FILE, 10),
                    (Outcome.ANSWER, 15),
                ),
                Kind.DENUNCIATION: (
                    (Outcome.GUIDE, 30),
                    (Outcome.INELIGIBLE, 40),
                    (Outcome.FILE, 30),
                ),
                Kind.MIXED: ((Outcome.GUIDE, 80), (Outcome.ANSWER, 20)),
            }.get(Kind(p.kind), ((Outcome.ANSWER, 55), (Outcome.GUIDE, 25), (Outcome.FILE, 20)))
            names, weights = zip(*options, strict=True)
            return str(r.choices(names, weights=weights)[0])
        if p.anonymous and p.kind == Kind.DENUNCIATION:
            return Outcome.FILE
        return Outcome.ACCEPT

    def triage_other(self, p: Petition, desk: Desk, outcome: str, clock: _Clock) -> None:
        """Triage with an outcome other than acceptance, then close once answered."""
        r = self.rng
        actor = desk.actor
        day = clock.day
        extra: dict[str, Any] = {}
        reason = ""
        if outcome == Outcome.TRANSFER:
            target = self.transfer_target(p, desk)
            if target is None:
                outcome = Outcome.GUIDE
            else:
                extra["transfer_to"] = target.code
                reason = f"Nội dung đơn thuộc thẩm quyền giải quyết của {target.name}."
        if outcome == Outcome.INELIGIBLE:
            from danvan.petitions.services import ineligible_reasons

            codes = [
                c["code"]
                for c in ineligible_reasons(p.kind, day)
                if c["code"] not in ("any_duplicate", "tc_anonymous")
            ]
            if codes:
                extra["ineligible_reason"] = r.choice(codes)
                reason = "Đơn không đủ điều kiện thụ lý theo quy định."
            else:
                outcome = Outcome.ANSWER
        if not reason:
            reason = r.choice(_REASONS[Outcome(outcome)])
        self._move(p, actor, Status.TRIAGED, day, reason, outcome=outcome, **extra)
        self.load.counts[f"outcome_{outcome}"] += 1
        self.report_back(p, actor, day + self._days(1, 6))
        if outcome == Outcome.TRANSFER:
            self.receive_transfer(p, day)
        self.close(p, actor, clock.after(self._days(0, 4)), satisfaction=False)

    def transfer_target(self, p: Petition, desk: Desk) -> Organization | None:
        topic = p.topic
        prov = desk.province
        if topic in ("dat_dai", "moi_truong", "tai_nguyen"):
            suffix = "SNNMT"
        elif topic in ("xay_dung_ha_tang", "kinh_te_do_thi"):
            suffix = "SXD"
        elif topic == "can_bo":
            suffix = "TTRA"
        else:
            suffix = "BTCD"
        candidates = []
        if desk.org.level == "commune":
            candidates.append(f"{prov}-{suffix}")
        else:
            area_code = p.area.code if p.area_id else ""
            if area_code in _demo_communes():
                candidates.append(f"{area_code}-UBND")
            candidates.append(f"{prov}-{suffix}")
        for code in candidates:
            org = self.orgs.get(code)
            if org is not None and org.pk != desk.org.pk:
                return org
        return None

    def receive_transfer(self, source: Petition, day: dt.date) -> None:
        """The receiving organisation takes the case from its inbox and handles it."""
        from danvan.petitions.services import petition_inbox_acknowledge

        new = Petition.objects.filter(transferred_from=source).order_by("-id").first()
        if new is None:
            return
        self.load.counts["transfers"] += 1
        desk = next((d for d in self.desks if d.org.pk == new.organization_id), None)
        users = desk.officers if desk else _officers_at(new.organization)
        actor = next((u for u in users if permissions.can_handle(u, new)), None)
        if actor is None:
            actor = next(
                (u for d in self.desks for u in d.officers if permissions.can_handle(u, new)), None
            )
        if actor is None:
            return  # stays in the receiver's inbox
        if (self.today - day).days < 6 and self.rng.random() < 0.7:
            return  # still in the inbox
        petition_inbox_acknowledge(petition=new, actor=actor)
        receiver = Desk(new.organization, desk.province if desk else "", (), [actor], 1)
        plan = self.rng.choices(("closed", "closed_other", "verifying"), weights=(70, 20, 10))[0]
        with contextlib.suppress(_Stop):
            self.run(new, receiver, plan)
        self.finish(new, receiver)

    def close(self, p: Petition, actor: User, day: dt.date, *, satisfaction: bool = True) -> None:
        r = self.rng
        day = self._check(day)
        kw: dict[str, Any] = {}
        later = False
        if satisfaction and r.random() < 0.75:
            if r.random() < 0.8:
                names, weights = zip(*SATISFACTION_WEIGHTS.items(), strict=True)
                kw["satisfaction"] = r.choices(names, weights=weights)[0]
                kw["satisfaction_channel"] = r.choice(("phone", "phone", "in_person", "portal"))
            else:
                later = True
        self._move(
            p,
            actor,
            Status.CLOSED,
            day,
            r.choice(
                (
                    "Đã gửi văn bản cho người gửi đơn và các cơ quan liên quan; kết thúc hồ sơ.",
                    "Đã thông báo kết quả cho công dân; lưu hồ sơ.",
                )
            ),
            **kw,
        )
        if kw:
            self.load.counts["satisfaction"] += 1
        if p.reported_back_on is None and r.random() < 0.9:
            self.report_back(p, actor, day, always=True)
        if later:
            from danvan.petitions.services import petition_satisfaction_record

            names, weights = zip(*SATISFACTION_WEIGHTS.items(), strict=True)
            petition_satisfaction_record(
                petition=p,
                actor=actor,
                satisfaction=r.choices(names, weights=weights)[0],
                channel="phone",
                note="Khảo sát qua điện thoại sau khi kết thúc hồ sơ.",
            )
            self.load.counts["satisfaction"] += 1

    def report_back(self, p: Petition, actor: User, day: dt.date, *, always: bool = False) -> None:
        """Tell the forwarder how the petition was handled (most are told soon after triage)."""
        from danvan.petitions.services import petition_report_back_done

        if p.channel not in FORWARDED_CHANNELS or p.reported_back_on or day > self.today:
            return
        if not always and self.rng.random() < 0.3:
            return
        petition_report_back_done(
            petition=p,
            actor=actor,
            on=day,
            note=f"Đã có văn bản thông báo kết quả xử lý đơn gửi {p.forwarder}.",
        )
        self.load.counts["report_back"] += 1

    def assign(self, p: Petition, actor: User, assignee: User) -> None:
        from danvan.petitions.services import petition_assign

        if not permissions.can_handle(assignee, p):
            return
        petition_assign(petition=p, actor=actor, assignee=assignee, expected_version=p.version)

    def extend(self, p: Petition, actor: User, kind: str, day: dt.date) -> None:
        from danvan.petitions.services import petition_extend

        day = self._check(day)
        petition_extend(
            petition=p,
            actor=actor,
            kind=kind,
            decision_number=self._number(p.organization, day, "QĐ"),
            decided_on=day,
            reason=(
                "Vụ việc phức tạp, cần xác minh tại nhiều địa điểm."
                if kind == ExtensionKind.INITIAL
                else "Vụ việc phức tạp, liên quan nhiều hộ dân và nhiều cơ quan; cần thêm thời "
                "gian xác minh."
            ),
            expected_version=p.version,
        )
        self.load.counts["extensions"] += 1

    def extend_resolution(self, p: Petition, actor: User, clock: _Clock, *, fast: bool) -> None:
        """Written decisions lengthening the resolution deadline (complex cases)."""
        if p.kind == Kind.COMPLAINT and not p.complex:
            self.extend(
                p, actor, ExtensionKind.COMPLEX, clock.after(self._days(1, 4 if fast else 12))
            )
        elif p.kind == Kind.DENUNCIATION and not p.especially_complex:
            self.extend(
                p, actor, ExtensionKind.COMPLEX, clock.after(self._days(1, 4 if fast else 12))
            )
            if not fast and self.rng.random() < 0.35:
                self.extend(
                    p, actor, ExtensionKind.ESPECIALLY_COMPLEX, clock.after(self._days(20, 30))
                )

    def finish(self, p: Petition, desk: Desk) -> None:
        """Coordinating agencies on some open cases (their parts are due from today on)."""
        from danvan.petitions.services import petition_agency_set

        p.refresh_from_db()
        self.load.counts[f"status_{p.status}"] += 1
        if p.status in OPEN_STATES and p.assignee_id is None and self.rng.random() < 0.85:
            self.assign(p, desk.actor, self.rng.choice(desk.officers))
        if p.status not in (Status.ACCEPTED, Status.VERIFYING) or self.rng.random() > 0.25:
            return
        prov = desk.province or (p.organization.code.split("-")[0])
        partner = self.orgs.get(f"{prov}-SNNMT") or self.orgs.get(f"{prov}-SXD")
        if partner is None or partner.pk == p.organization_id:
            return
        petition_agency_set(
            petition=p,
            actor=desk.actor,
            organization=partner,
            role="coordinating",
            part="Cung cấp hồ sơ địa chính, kiểm tra hiện trạng và có ý kiến chuyên môn bằng văn "
            "bản.",
            assignee=None,
            due=self.today + self._days(0, 15),
        )
        self.load.counts["coordinating_agencies"] += 1

    def duplicate_of(
        self, original: Petition, desk: Desk, place: Place, text: PetitionText
    ) -> None:
        """The same sender writes again about the same matter; the officer links the copy."""
        from danvan.petitions.services import petition_mark_duplicate

        r = self.rng
        if original.anonymous or original.kind == Kind.DENUNCIATION:
            return
        day = original.received_on + self._days(15, 90)
        if day > self.today:
            return
        # Sent again to the same body, or up to the province's citizen reception office.
        target = desk
        if desk.org.level == "commune" and r.random() < 0.4:
            target = next((d for d in self.desks if d.org.code == f"{desk.province}-BTCD"), desk)
        resend = self.gen.resend(text, first_sent=original.received_on)
        channel = r.choice((Channel.POST, Channel.IN_PERSON, Channel.ONLINE))
        copy = self.register(
            desk=target, place=place, day=day, kind=original.kind, channel=channel, text=resend
        )
        root = Petition.objects.get(pk=original.pk)
        if not permissions.can_handle(target.actor, copy):
            return
        petition_mark_duplicate(
            petition=copy, actor=target.actor, duplicate_of=root, expected_version=copy.version
        )
        self.load.counts["duplicates"] += 1
        triage = day + self._days(1, 6)
        if triage > self.today or r.random() < 0.15:
            return
        try:
            self._move(
                copy,
                target.actor,
                Status.TRIAGED,
                triage,
                "Đơn trùng nội dung với đơn đã nhận trước đó; lưu đơn, theo dõi chung.",
                outcome=Outcome.FILE,
            )
            self.close(copy, target.actor, triage + self._days(0, 3), satisfaction=False)
        except _Stop:
            pass


def demo_petitions_load(
    *,
    count: int = 3000,
    seed: int = 2026,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Load `count` demo cases (idempotent: nothing when the demo organisations have cases).

    Returns counters (petitions, moves per state, final statuses, transfers, duplicates, ...)
    and the seconds it took. `progress(done, count)` is called every 100 cases.
    """
    load = Load()
    real_today = timezone.localdate()
    day = min(today or real_today, real_today)
    orgs = _demo_orgs()
    if not orgs:
        load.counts["skipped_no_orgs"] = 1
        return load.result()
    if Petition.objects.filter(organization__in=list(orgs.values())).exists():
        load.counts["skipped_existing"] = Petition.objects.filter(
            organization__in=list(orgs.values())
        ).count()
        return load.result()
    gen = TextGenerator(seed)
    rng = random.Random(seed + 1)
    with transaction.atomic():
        desks, orgs = _desks(gen, load)
    if not desks:
        load.counts["skipped_no_orgs"] = 1
        return load.result()
    runner = DemoRunner(desks=desks, orgs=orgs, gen=gen, rng=rng, today=day, load=load)
    for index in range(count):
        runner.case(index)
        if progress is not None and ((index + 1) % 100 == 0 or index + 1 == count):
            progress(index + 1, count)
    return load.result()


__all__ = ["DemoRunner", "demo_petitions_load"]
