"""Shared fixtures of tests/reports: the workflow tests' `rworld` (from fixtures.py) and the
indicator tests' fixtures (`ind_` prefix).

The indicator tests' world: two provinces, the records every
indicator counts, spread over the window's edges, and the people who drill down.

Province 44 (in scope) has communes An and Bình, each with its People's Committee below the
province's, a department (Sở Tư pháp) with an office below it, and the province's Ban Tuyên
giáo và Dân vận; province 45 (out of scope) has commune Cồn with its People's Committee. The
records are written straight to the tables (the services are tested in their own modules):
varied statuses, dates on both sides of each edge of the window, topics including one that is
no longer in the taxonomy, duplicates and transfers inside and across the coverage. Petitions'
deadlines are written to the registry by `petition_deadlines_sync`, as the services do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from danvan.core.models import AdminUnit, Organization, Role, Task, TaskStatus, User
from danvan.core.topics import topic_codes
from danvan.reports.indicators import Window
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganizationFactory,
    ProvinceFactory,
    UserFactory,
)

# The report workflow tests' world (defined in fixtures.py).
from tests.reports.fixtures import rworld  # noqa: F401

D = dt.date
# The window of the tests: a whole six-month report window (15/12/2025 – 14/6/2026).
WINDOW = Window(D(2025, 12, 15), D(2026, 6, 14))
OLD_TOPIC = "cu_da_bo"  # a topic code no longer in the taxonomy: counted as «Khác»


def edge_days(window: Window) -> list[dt.date]:
    """Days on both sides of both edges of `window`, and a few inside it."""
    one = dt.timedelta(days=1)
    return [
        window.start - one,
        window.start,
        window.start + one,
        window.end - one,
        window.end,
        window.end + one,
        window.start + (window.end - window.start) / 2,
    ]


def some_day(rng: random.Random, window: Window, margin: int = 40) -> dt.date:
    """An edge day half of the time, else any day from `margin` days before to after."""
    if rng.random() < 0.5:
        return rng.choice(edge_days(window))
    span = (window.end - window.start).days + 2 * margin
    return window.start - dt.timedelta(days=margin) + dt.timedelta(days=rng.randrange(span))


def local_at(day: dt.date, hour: int) -> dt.datetime:
    """An aware datetime at `hour` local time on `day` (23h local is the previous UTC day...)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


@dataclass
class IndWorld:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    other_province: AdminUnit
    commune_c: AdminUnit
    province_org: Organization  # UBND tỉnh 44
    org_a: Organization  # UBND xã An
    org_b: Organization  # UBND xã Bình
    department: Organization  # Sở Tư pháp tỉnh 44 (below the UBND tỉnh)
    department_office: Organization  # an office below the department
    btgdv: Organization  # Ban Tuyên giáo và Dân vận tỉnh 44
    other_org: Organization  # UBND tỉnh 45
    org_c: Organization  # UBND xã Cồn (tỉnh 45)
    officer_a: User  # officer of UBND xã An
    leader: User  # leader of UBND tỉnh 44 (province-wide)
    outsider: User  # officer of UBND tỉnh 45
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def in_scope_orgs(self) -> list[Organization]:
        return [
            self.province_org,
            self.org_a,
            self.org_b,
            self.department,
            self.department_office,
            self.btgdv,
        ]

    @property
    def all_orgs(self) -> list[Organization]:
        return [*self.in_scope_orgs, self.other_org, self.org_c]


@pytest.fixture(scope="module")
def ind_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[IndWorld]:
    """Built once per test module inside a transaction that is rolled back after the module's
    last test (each test runs in a savepoint inside it, as with the `db` fixture, so what a
    test adds goes away after it). The test modules mark themselves `django_db`."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = _world_build()
        yield world
        transaction.set_rollback(True)


def _world_build() -> IndWorld:
    from danvan.core.services.calendar import calendar_load_reference

    calendar_load_reference()
    province: Any = ProvinceFactory(code="44", name="Quảng Trị Thử", full_name="Tỉnh Quảng Trị Thử")
    commune_a: Any = CommuneFactory(code="19001", name="An", full_name="Xã An", parent=province)
    commune_b: Any = CommuneFactory(code="19002", name="Bình", full_name="Xã Bình", parent=province)
    other: Any = ProvinceFactory(code="45", name="Huế Thử", full_name="Thành phố Huế Thử")
    commune_c: Any = CommuneFactory(code="19901", name="Cồn", full_name="Xã Cồn", parent=other)
    province_org: Any = OrganizationFactory(
        code="44-UBND", name="UBND tỉnh Quảng Trị Thử", area=province, level="province"
    )
    org_a: Any = OrganizationFactory(
        code="19001-UBND", name="UBND xã An", area=commune_a, level="commune", parent=province_org
    )
    org_b: Any = OrganizationFactory(
        code="19002-UBND", name="UBND xã Bình", area=commune_b, level="commune", parent=province_org
    )
    department: Any = OrganizationFactory(
        code="44-STP",
        name="Sở Tư pháp tỉnh Quảng Trị Thử",
        kind="so_nganh",
        area=province,
        level="province",
        parent=province_org,
    )
    office: Any = OrganizationFactory(
        code="44-STP-VP",
        name="Văn phòng Sở Tư pháp",
        kind="khac",
        area=None,
        level="province",
        parent=department,
    )
    btgdv: Any = OrganizationFactory(
        code="44-BTGDV",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị Thử",
        kind="ban_tgdv",
        area=province,
        level="province",
    )
    other_org: Any = OrganizationFactory(
        code="45-UBND", name="UBND thành phố Huế Thử", area=other, level="province"
    )
    org_c: Any = OrganizationFactory(
        code="19901-UBND", name="UBND xã Cồn", area=commune_c, level="commune", parent=other_org
    )

    def member(org: Organization, role: str, name: str) -> User:
        user: Any = UserFactory(username=name, full_name=name.title())
        MembershipFactory(user=user, organization=org, role=role)
        return user  # type: ignore[no-any-return]

    world = IndWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other,
        commune_c=commune_c,
        province_org=province_org,
        org_a=org_a,
        org_b=org_b,
        department=department,
        department_office=office,
        btgdv=btgdv,
        other_org=other_org,
        org_c=org_c,
        officer_a=member(org_a, Role.OFFICER, "ind.canbo.an"),
        leader=member(province_org, Role.LEADER, "ind.lanhdao.tinh"),
        outsider=member(other_org, Role.OFFICER, "ind.canbo.hue"),
    )
    rng = random.Random(20260614)
    world.counts["petitions"] = _petitions(world, rng)
    world.counts["reception"] = _reception(world, rng)
    world.counts["dialogues"] = _dialogues(world, rng)
    world.counts["monitoring"] = _monitoring(world, rng)
    world.counts["practices"] = _practices(world, rng)
    world.counts["tasks"] = _tasks(world, rng)
    return world


# --- Petitions ---------------------------------------------------------------------------------

OUTCOMES = ("accept", "transfer", "guide", "answer", "file", "ineligible")
KINDS = ("complaint", "denunciation", "proposal", "report", "mixed")
SATISFACTIONS = ("satisfied", "partly", "unsatisfied")


class _Numbers:
    """Case numbers per organisation, and one deadline engine for the whole fixture."""

    def __init__(self) -> None:
        from danvan.core.selectors.calendar import deadline_engine

        self.seq: dict[int, int] = {}
        self.engine = deadline_engine()

    def next(self, org: Organization, year: int) -> tuple[int, str, str]:
        # Far above the numbers the services give (their counter starts at 1).
        n = self.seq.get(org.pk, 90000) + 1
        self.seq[org.pk] = n
        return n, f"{n}/{year}/{org.code}", f"IND{org.pk:03d}{n:05d}"[-12:].rjust(12, "0")


def make_petition(
    org: Organization,
    area: AdminUnit,
    numbers: _Numbers,
    *,
    received: dt.date,
    kind: str = "complaint",
    topic: str = "dat_dai",
    summary: str = "Tóm tắt nội dung đơn",
    outcome: str = "",
    accepted_after: int | None = None,
    resolved_vs_due: int | None = None,
    suspended: bool = False,
    withdrawn_after: int | None = None,
    satisfaction: str = "",
    rated_at: dt.datetime | None = None,
    duplicate_of: Any = None,
    transferred_from: Any = None,
    inbox_pending: bool = False,
) -> Any:
    """One petition written as the services leave it; `resolved_vs_due` days after (negative:
    before) its resolution deadline, read from the registry after acceptance."""
    from danvan.petitions.deadlines import petition_deadlines_sync
    from danvan.petitions.models import Petition, Suspension

    seq, case_number, tracking = numbers.next(org, received.year)
    p = Petition.objects.create(
        organization=org,
        year=received.year,
        seq=seq,
        case_number=case_number,
        tracking_code=tracking,
        kind=kind,
        channel="in_person",
        received_on=received,
        summary=summary,
        content="Nội dung đơn thư dùng trong kiểm thử chỉ tiêu báo cáo.",
        topic=topic,
        area=area,
        status="received",
        duplicate_of=duplicate_of,
        transferred_from=transferred_from,
        inbox_pending=inbox_pending,
    )
    if outcome:
        p.triage_outcome = outcome
        p.triaged_on = received + dt.timedelta(days=2)
        p.status = "triaged"
        if outcome != "accept":
            p.status = "closed"
            p.closed_on = p.triaged_on + dt.timedelta(days=1)
        elif accepted_after is not None:
            p.accepted_on = p.triaged_on + dt.timedelta(days=accepted_after)
            p.status = "verifying"
    if withdrawn_after is not None and p.resolved_on is None:
        p.status = "withdrawn"
        p.withdrawn_on = received + dt.timedelta(days=withdrawn_after)
    p.save()
    if suspended and p.accepted_on is not None and p.status == "verifying":
        Suspension.objects.create(
            petition=p, start=p.accepted_on + dt.timedelta(days=3), reason="Chờ giám định."
        )
        p.status = "suspended"
        p.save()
    petition_deadlines_sync(p, engine=numbers.engine)
    if resolved_vs_due is not None and p.status == "verifying":
        from danvan.core.models import Obligation

        due = Obligation.objects.get(
            target_type="petitions.petition", target_id=p.pk, key="resolve"
        ).due
        p.resolved_on = due + dt.timedelta(days=resolved_vs_due)
        p.decision_number = f"{p.pk}/QĐ-UBND"
        p.status = "resolved"
        if satisfaction:
            p.status = "closed"
            p.closed_on = p.resolved_on + dt.timedelta(days=1)
        p.save()
        petition_deadlines_sync(p, engine=numbers.engine)
    if satisfaction:
        p.satisfaction = satisfaction
        p.satisfaction_channel = "phone"
        p.satisfaction_at = rated_at
        p.save(update_fields=["satisfaction", "satisfaction_channel", "satisfaction_at"])
    return p


def _petitions(world: IndWorld, rng: random.Random) -> int:
    numbers = _Numbers()
    places = [
        (world.org_a, world.commune_a),
        (world.org_b, world.commune_b),
        (world.province_org, world.commune_a),
        (world.department, world.province),
        (world.department_office, world.commune_b),
        (world.other_org, world.other_province),
        (world.org_c, world.commune_c),
    ]
    topics = [*topic_codes()[:5], "khac", OLD_TOPIC]
    made: list[Any] = []
    for i in range(140):
        org, area = places[i % len(places)]
        outcome = rng.choice(("", *OUTCOMES, "accept", "accept", "accept"))
        accepted = rng.choice((None, 0, 1, 2)) if outcome == "accept" else None
        if accepted is not None and rng.random() < 0.3:
            accepted = -rng.randint(30, 90)  # accepted long before: decided in the window
        resolved = rng.choice((None, -5, -1, 0, 1, 7, 40)) if accepted is not None else None
        satisfaction = rng.choice(("", *SATISFACTIONS)) if resolved is not None else ""
        made.append(
            make_petition(
                org,
                area,
                numbers,
                received=some_day(rng, WINDOW),
                kind=rng.choice(KINDS),
                topic=rng.choice(topics),
                summary="" if rng.random() < 0.2 else f"Tóm tắt đơn số {i}",
                outcome=outcome,
                accepted_after=accepted,
                resolved_vs_due=resolved,
                suspended=accepted is not None and resolved is None and rng.random() < 0.2,
                withdrawn_after=rng.choice((None, None, None, 5, 200))
                if resolved is None
                else None,
                satisfaction=satisfaction,
                rated_at=local_at(some_day(rng, WINDOW), rng.choice((0, 9, 23)))
                if satisfaction
                else None,
                inbox_pending=rng.random() < 0.05,
            )
        )
    # Duplicates and transfers, inside and across the coverage.
    for i in range(30):
        original = rng.choice(made)
        org, area = rng.choice(places)
        link = "duplicate_of" if i % 2 else "transferred_from"
        made.append(
            make_petition(
                org,
                area,
                numbers,
                received=some_day(rng, WINDOW),
                topic=original.topic,
                outcome=rng.choice(("", "accept", "guide")),
                accepted_after=rng.choice((None, 1)),
                resolved_vs_due=rng.choice((None, -2, 3)),
                **{link: original},
            )
        )
    return len(made)


# --- Reception -----------------------------------------------------------------------------


def _reception(world: IndWorld, rng: random.Random) -> int:
    from danvan.reception.models import ReceptionEntry, ReceptionSession

    orgs = world.all_orgs
    n = 0
    for i in range(60):
        org = orgs[i % len(orgs)]
        day = some_day(rng, WINDOW)
        ReceptionSession.objects.create(
            organization=org,
            level=org.level,
            date=day,
            place_kind="hq",
            kind=rng.choice(("scheduled", "daily", "extraordinary")),
            host_kind=rng.choice(("head", "head", "delegate")),
            host_name="Người chủ trì",
            host_position="Chủ tịch",
            status=rng.choice(("held", "held", "held", "planned", "published", "cancelled")),
        )
        n += 1
    seqs: dict[int, int] = {}
    for i in range(90):
        org = orgs[i % len(orgs)]
        day = some_day(rng, WINDOW)
        seq = seqs.get(org.pk, 0) + 1
        seqs[org.pk] = seq
        ReceptionEntry.objects.create(
            organization=org,
            year=day.year,
            seq=seq,
            number=f"{seq}/{day.year}",
            received_on=day,
            visitor_name="Trần Thị Bình",
            visitor_count=rng.choice((1, 1, 2, 4, 5, 6, 12)),
            content="Nội dung trình bày.",
            outcome=rng.choice(("received", "guided", "answered", "transferred", "refused")),
        )
        n += 1
    return n


# --- Dialogues -----------------------------------------------------------------------------


def _task(org: Organization, rng: random.Random, title: str) -> Task:
    due = some_day(rng, WINDOW)
    status = rng.choice(("open", "in_progress", "done", "done", "done", "cancelled"))
    completed = None
    if status == "done":
        completed = (
            None if rng.random() < 0.05 else due + dt.timedelta(days=rng.choice((-3, 0, 1, 20)))
        )
    return Task.objects.create(
        title=title, organization=org, due=due, status=status, completed_on=completed
    )


def _dialogues(world: IndWorld, rng: random.Random) -> int:
    from danvan.dialogues.models import Commitment, Dialogue

    orgs = world.all_orgs
    n = 0
    for i in range(40):
        org = orgs[i % len(orgs)]
        day = some_day(rng, WINDOW)
        status = rng.choice(("planned", "held", "minutes_signed", "closed", "cancelled"))
        dialogue = Dialogue.objects.create(
            organization=org,
            kind="leader",
            topic=f"Đối thoại số {i}",
            chair_name="Chủ tịch",
            date=day,
            year=day.year,
            place="Hội trường",
            status=status,
            held_on=day if status in ("held", "minutes_signed", "closed") else None,
        )
        n += 1
        for j in range(rng.randint(0, 3)):
            owner = rng.choice(orgs)
            task = _task(owner, rng, f"Cam kết {j} của đối thoại {i}")
            Commitment.objects.create(dialogue=dialogue, task=task, position=j)
            n += 1
    return n


# --- Monitoring ----------------------------------------------------------------------------


def _monitoring(world: IndWorld, rng: random.Random) -> int:
    from danvan.monitoring.models import Alert, IssueReport

    orgs = world.all_orgs
    areas = [
        world.province,
        world.commune_a,
        world.commune_b,
        world.other_province,
        world.commune_c,
    ]
    topics = [*topic_codes()[:4], "khac", OLD_TOPIC]
    n = 0
    for i in range(50):
        IssueReport.objects.create(
            organization=orgs[i % len(orgs)],
            source="commune",
            title=f"Vấn đề bức xúc số {i}",
            description="Mô tả vấn đề.",
            area=rng.choice(areas),
            topic=rng.choice(topics),
            reported_on=some_day(rng, WINDOW),
            status=rng.choice(("new", "verifying", "resolved", "unfounded")),
        )
        n += 1
    for i in range(30):
        alert = Alert.objects.create(
            kind=rng.choice(("spike", "crowd", "severity")),
            key=f"ind-{i}",
            title=f"Cảnh báo số {i}",
            area=areas[i % len(areas)],
            topic=rng.choice(topics),
            organization=world.btgdv if i % 5 < 3 else world.other_org,
            window_start=WINDOW.start,
            window_end=WINDOW.end,
        )
        at = local_at(some_day(rng, WINDOW), rng.choice((0, 10, 23)))
        Alert.objects.filter(pk=alert.pk).update(created_at=at)
        n += 1
    return n


# --- Practices -----------------------------------------------------------------------------


def _practices(world: IndWorld, rng: random.Random) -> int:
    from danvan.practices.models import Period, PracticeModel

    period = Period.objects.create(code="IND", name="2021–2026", start_year=2021, end_year=2026)
    orgs = world.all_orgs
    for i in range(40):
        registered = some_day(rng, WINDOW)
        status = rng.choice(("registered", "launched", "recognised", "replicated", "stopped"))
        recognised = status in ("recognised", "replicated")
        PracticeModel.objects.create(
            organization=orgs[i % len(orgs)],
            registrant_kind="agency",
            field="economy",
            name=f"Mô hình số {i}",
            objectives="Mục tiêu.",
            content_method="Cách làm.",
            start_on=registered,
            outputs="Kết quả.",
            year=registered.year,
            period=period,
            status=status,
            registered_on=registered,
            recognition_level="province" if recognised else "",
            decision_number=f"{i}/QĐ-UBND" if recognised else "",
            decision_date=some_day(rng, WINDOW) if recognised else None,
        )
    return 40


# --- Tasks ---------------------------------------------------------------------------------


def _tasks(world: IndWorld, rng: random.Random) -> int:
    orgs = world.all_orgs
    for i in range(60):
        _task(orgs[i % len(orgs)], rng, f"Nhiệm vụ số {i}")
    return 60


@pytest.fixture
def ind_window() -> Window:
    return WINDOW


__all__ = ["WINDOW", "IndWorld", "TaskStatus", "edge_days", "local_at", "make_petition"]
