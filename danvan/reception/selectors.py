"""Reads of the reception module, always scoped to what the user may see.

Staff reads (`session_list`, `entry_list`, `duty_report`, ...) see the organisations in the
user's scope for `permissions.VIEWER_ROLES`; anything else is answered as if it did not exist.
`public_schedule` is the one read without a user: published schedules and postponement or
cancellation notices, as plain records without any personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.core.models import AdminUnit, Obligation, Organization, Task
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.reception import permissions
from danvan.reception.models import ReceptionDocument, ReceptionEntry, ReceptionSession
from danvan.reception.reference import MONTH, WEEK, Duty, duty_for, duty_kinds
from danvan.reception.states import (
    PUBLIC_STATES,
    HostKind,
    SessionKind,
    SessionStatus,
    allowed_targets,
)
from danvan.text import fold


def _visible_orgs(user: Any) -> frozenset[int] | None:
    return permissions.viewing_organization_ids(user)


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    ids = _visible_orgs(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    return qs.filter(organization_id__in=sorted(ids))


def _area_org_ids(area_code: str) -> list[int] | None:
    """Organisations whose area lies in the unit `area_code` (None: no such unit)."""
    units = list(AdminUnit.objects.filter(code=area_code.strip()).values_list("id", flat=True)[:5])
    if not units:
        return None
    territory: set[int] = set()
    for unit_id in units:
        territory |= admin_unit_territory_ids(unit_id)
    return list(
        Organization.objects.filter(area_id__in=sorted(territory)).values_list("id", flat=True)
    )


# --- Sessions -------------------------------------------------------------------------------


@dataclass
class SessionFilters:
    status: str = ""
    kind: str = ""
    organization_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    area_code: str = ""


def session_list(*, user: Any, filters: SessionFilters | None = None) -> QuerySet[ReceptionSession]:
    f = filters or SessionFilters()
    qs = _scoped(ReceptionSession.objects.all(), user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    if f.start is not None:
        qs = qs.filter(date__gte=f.start)
    if f.end is not None:
        qs = qs.filter(date__lte=f.end)
    if f.area_code.strip():
        org_ids = _area_org_ids(f.area_code)
        if org_ids is None:
            return qs.none()
        qs = qs.filter(organization_id__in=org_ids)
    return (
        qs.select_related("organization")
        .annotate(entry_count=Count("entries"))
        .order_by("-date", "-id")
    )


def session_get(*, user: Any, pk: Any) -> ReceptionSession:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    session = (
        _scoped(ReceptionSession.objects.all(), user)
        .select_related("organization__area", "organization__parent", "host_user", "created_by")
        .filter(pk=key)
        .first()
    )
    if session is None:
        raise Http404
    return session


def session_get_or_none(*, user: Any, pk: Any) -> ReceptionSession | None:
    try:
        return session_get(user=user, pk=pk)
    except Http404:
        return None


def session_moves(*, session: ReceptionSession, user: Any) -> list[str]:
    """The moves the user may make on the session now."""
    if not permissions.can_handle(user, session):
        return []
    return allowed_targets(session.status, session.kind)


def session_entries(*, session: ReceptionSession) -> list[ReceptionEntry]:
    return list(
        session.entries.select_related("petition", "organization")
        .prefetch_related("representatives")
        .order_by("seq", "id")
    )


def record_obligations(record: Any) -> list[Obligation]:
    return list(
        Obligation.objects.filter(target_type=record._meta.label_lower, target_id=record.pk)
        .select_related("organization")
        .order_by("due", "id")
    )


def session_tasks(*, session: ReceptionSession) -> list[Task]:
    return list(
        Task.objects.filter(target_type=session._meta.label_lower, target_id=session.pk)
        .select_related("assignee")
        .order_by("due", "id")
    )


def session_documents(*, session: ReceptionSession) -> list[ReceptionDocument]:
    return list(session.documents.order_by("created_at", "id"))


def document_get(*, user: Any, pk: Any) -> ReceptionDocument:
    """A document of a session or entry in the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    document = (
        _scoped(ReceptionDocument.objects.all(), user)
        .select_related("organization", "session", "entry")
        .filter(pk=key)
        .first()
    )
    if document is None:
        raise Http404
    return document


# --- The register ---------------------------------------------------------------------------


@dataclass
class EntryFilters:
    q: str = ""  # visitor name (folded), serial number or petition case number
    start: dt.date | None = None
    end: dt.date | None = None
    organization_id: int | None = None
    outcome: str = ""
    session_id: int | None = None
    awaiting_reply: bool = False
    crowd: bool = False


def entry_list(*, user: Any, filters: EntryFilters | None = None) -> QuerySet[ReceptionEntry]:
    f = filters or EntryFilters()
    qs = _scoped(ReceptionEntry.objects.all(), user)
    if f.start is not None:
        qs = qs.filter(received_on__gte=f.start)
    if f.end is not None:
        qs = qs.filter(received_on__lte=f.end)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.session_id is not None:
        qs = qs.filter(session_id=f.session_id)
    if f.awaiting_reply:
        qs = qs.filter(reply_due__isnull=False, replied_on__isnull=True)
    if f.crowd:
        from danvan.reception.states import CROWD_MIN

        qs = qs.filter(visitor_count__gte=CROWD_MIN)
    q = (f.q or "").strip()[:200]
    if q:
        folded = fold(q)
        cond = Q(number__icontains=q) | Q(petition__case_number__icontains=q)
        if folded:
            cond |= Q(search_name__contains=folded)
        qs = qs.filter(cond)
    return qs.select_related("organization", "session", "petition").order_by("-received_on", "-seq")


def entry_get(*, user: Any, pk: Any) -> ReceptionEntry:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    entry = (
        _scoped(ReceptionEntry.objects.all(), user)
        .select_related("organization__area", "session", "petition", "created_by")
        .prefetch_related("representatives")
        .filter(pk=key)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


# --- The public schedule --------------------------------------------------------------------


@dataclass(frozen=True)
class PublicSession:
    """What the portal shows of a session: the organisation, when, where, who receives."""

    id: int
    organization_name: str
    organization_code: str
    area_name: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place_kind: str
    place_label: str
    place: str
    kind: str
    kind_label: str
    host: str  # "Chủ tịch UBND xã — Nguyễn Văn A": the official receiving, by office
    status: str
    status_label: str
    published_on: dt.date | None
    postponed_from: dt.date | None
    postponement_reason: str
    cancel_reason: str


def public_schedule(
    *,
    area_code: str = "",
    organization_id: int | None = None,
    start: dt.date,
    end: dt.date,
    limit: int = 500,
) -> list[PublicSession]:
    """Published sessions between `start` and `end` (and postponement or cancellation notices
    of published sessions), by date; no account needed, nothing personal."""
    qs = ReceptionSession.objects.filter(
        status__in=sorted(PUBLIC_STATES),
        published_on__isnull=False,
        organization__is_active=True,
    ).filter(
        Q(date__gte=start, date__lte=end) | Q(postponed_from__gte=start, postponed_from__lte=end)
    )
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if area_code.strip():
        org_ids = _area_org_ids(area_code)
        if org_ids is None:
            return []
        qs = qs.filter(organization_id__in=org_ids)
    rows = qs.select_related("organization__area").order_by("date", "start_time", "id")[:limit]
    result = []
    for s in rows:
        org = s.organization
        host = s.host_position.strip()
        if s.host_name.strip():
            host = f"{host} — {s.host_name.strip()}" if host else s.host_name.strip()
        result.append(
            PublicSession(
                id=s.pk,
                organization_name=org.name,
                organization_code=org.code,
                area_name=org.area.full_name if org.area else "",
                date=s.date,
                start_time=s.start_time,
                end_time=s.end_time,
                place_kind=s.place_kind,
                place_label=str(s.get_place_kind_display()),
                place=s.place,
                kind=s.kind,
                kind_label=str(s.get_kind_display()),
                host=host,
                status=s.status,
                status_label=str(s.get_status_display()),
                published_on=s.published_on,
                postponed_from=s.postponed_from,
                postponement_reason=s.postponement_reason
                if s.status == SessionStatus.POSTPONED
                else "",
                cancel_reason=s.cancel_reason if s.status == SessionStatus.CANCELLED else "",
            )
        )
    return result


def public_organizations(*, area_code: str = "") -> list[Organization]:
    """Organisations that have published a schedule (for the portal's filter)."""
    ids = ReceptionSession.objects.filter(published_on__isnull=False).values("organization_id")
    qs = Organization.objects.filter(pk__in=ids, is_active=True)
    if area_code.strip():
        org_ids = _area_org_ids(area_code)
        if org_ids is None:
            return []
        qs = qs.filter(pk__in=org_ids)
    return list(qs.select_related("area").order_by("level", "name")[:500])


def public_areas() -> list[AdminUnit]:
    """Provinces and communes where some organisation has published a schedule."""
    area_ids = set(
        Organization.objects.filter(
            pk__in=ReceptionSession.objects.filter(published_on__isnull=False).values(
                "organization_id"
            )
        ).values_list("area_id", flat=True)
    )
    area_ids.discard(None)
    units = list(AdminUnit.objects.filter(pk__in=sorted(area_ids)).select_related("parent"))
    provinces = {u.parent for u in units if u.parent is not None and u.level == "commune"}
    every = {u.pk: u for u in [*units, *provinces]}
    return sorted(every.values(), key=lambda u: (u.level != "province", u.name))


# --- Who is behind on the head's reception duty ---------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str  # week | month

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            week = self.start.isocalendar().week
            return (
                f"Tuần {week}/{self.start.isocalendar().year} ({self.start:%d/%m}–{self.end:%d/%m})"
            )
        return f"Tháng {self.start.month}/{self.start.year}"


def duty_default_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The duty page's default period: the last 13 weeks (a quarter), from a Monday."""
    start = today - dt.timedelta(weeks=13)
    return start - dt.timedelta(days=start.weekday()), today


def periods_between(kind: str, start: dt.date, end: dt.date) -> list[Period]:
    """The weeks (Monday–Sunday) or calendar months that overlap [start, end]."""
    result = []
    if kind == WEEK:
        day = start - dt.timedelta(days=start.weekday())
        while day <= end:
            result.append(Period(day, day + dt.timedelta(days=6), WEEK))
            day += dt.timedelta(days=7)
        return result
    day = start.replace(day=1)
    while day <= end:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        result.append(Period(day, following - dt.timedelta(days=1), MONTH))
        day = following
    return result


@dataclass
class DutyRow:
    organization: Organization
    duty: Duty
    period: Period
    required: int
    held: int
    finished: bool  # the period is over (an unfinished period is never "behind")

    @property
    def behind(self) -> bool:
        return self.finished and self.held < self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)


@dataclass
class DutyOrgSummary:
    organization: Organization
    duty: Duty
    periods: int = 0
    behind: int = 0
    held_days: int = 0
    current: DutyRow | None = None


@dataclass
class DutyReport:
    start: dt.date
    end: dt.date
    rows: list[DutyRow] = field(default_factory=list)  # only the periods behind
    summaries: list[DutyOrgSummary] = field(default_factory=list)

    @property
    def behind_organizations(self) -> list[DutyOrgSummary]:
        return [s for s in self.summaries if s.behind]


def duty_report(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    organization_id: int | None = None,
    today: dt.date | None = None,
) -> DutyReport:
    """For each organisation in scope whose head has a minimum reception duty, and each week
    (communes' people's committees) or month of [start, end]: the days with a held scheduled
    session hosted by the head, against the minimum in force at the period's start."""
    today = today or timezone.localdate()
    report = DutyReport(start=start, end=end)
    orgs_qs = Organization.objects.filter(is_active=True, kind__in=sorted(duty_kinds()))
    ids = _visible_orgs(user)
    if ids is not None:
        orgs_qs = orgs_qs.filter(pk__in=sorted(ids))
    if organization_id is not None:
        orgs_qs = orgs_qs.filter(pk=organization_id)
    orgs = list(orgs_qs.order_by("level", "name")[:5000])
    if not orgs:
        return report
    week_periods = periods_between(WEEK, start, end)
    month_periods = periods_between(MONTH, start, end)
    first = min(p.start for p in [*week_periods, *month_periods])
    last = max(p.end for p in [*week_periods, *month_periods])
    held: dict[int, set[dt.date]] = {}
    org_ids = [o.pk for o in orgs]
    for chunk in range(0, len(org_ids), 500):
        for org_id, day in (
            ReceptionSession.objects.filter(
                organization_id__in=org_ids[chunk : chunk + 500],
                kind=SessionKind.SCHEDULED,
                host_kind=HostKind.HEAD,
                status=SessionStatus.HELD,
                date__gte=first,
                date__lte=last,
            )
            .values_list("organization_id", "date")
            .distinct()
        ):
            held.setdefault(org_id, set()).add(day)
    for org in orgs:
        sample = duty_for(org.kind, org.level, min(end, today))
        if sample is None:
            continue
        periods = week_periods if sample.period == WEEK else month_periods
        summary = DutyOrgSummary(organization=org, duty=sample)
        days = held.get(org.pk, set())
        for period in periods:
            duty = duty_for(org.kind, org.level, period.start) or sample
            count = sum(1 for d in days if period.start <= d <= period.end)
            row = DutyRow(
                organization=org,
                duty=duty,
                period=period,
                required=duty.days,
                held=count,
                finished=period.end < today,
            )
            if not row.finished:
                if period.start <= today:
                    summary.current = row
                continue
            summary.periods += 1
            summary.held_days += count
            if row.behind:
                summary.behind += 1
                report.rows.append(row)
        report.summaries.append(summary)
    report.summaries.sort(key=lambda s: (-s.behind, s.organization.name))
    report.rows.sort(key=lambda r: (r.organization.name, r.period.start))
    return report


# --- Aggregates for the early warning (danvan.monitoring) ------------------------------------
# Unscoped on purpose: the detection job counts the visits of every area, with no user and no
# personal data; monitoring shows its alerts only to the people they are addressed to.


def _signal_entries(start: dt.date, end: dt.date) -> QuerySet[ReceptionEntry]:
    """Visits counted as signals: those that did not register a new petition (that petition
    is counted by `petitions.selectors.petition_weekly_counts`, not a second time here)."""
    return ReceptionEntry.objects.filter(
        received_on__gte=start, received_on__lte=end, petition_created=False
    )


def entry_weekly_counts(*, start: dt.date, end: dt.date) -> list[tuple[int, str, dt.date, int]]:
    """(area id, topic, Monday of the ISO week, number of visits) from `start` to `end`
    (inclusive), one aggregate query. A visit takes the area and topic of its linked petition;
    without one, the receiving organisation's area and the topic "" (no topic)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, TruncWeek

    rows = (
        _signal_entries(start, end)
        .annotate(
            signal_area=Coalesce("petition__area_id", "organization__area_id"),
            signal_topic=Coalesce("petition__topic", Value("")),
            signal_week=TruncWeek("received_on"),
        )
        .filter(signal_area__isnull=False)
        .values("signal_area", "signal_topic", "signal_week")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(r["signal_area"], r["signal_topic"], _as_date(r["signal_week"]), r["n"]) for r in rows]


def _entry_label(number: str, visitor_count: int) -> str:
    from django.utils.translation import gettext as _

    label = f"Sổ TCD {number}"
    if visitor_count > 1:
        label += " — " + _("%(n)d người") % {"n": visitor_count}
    return label


def entry_signals(
    *, area_ids: list[int], start: dt.date, end: dt.date, topic: str = "", limit: int = 50
) -> list[tuple[int, str, dt.date]]:
    """(id, label, received_on) of the visits counted by `entry_weekly_counts` in those areas
    and days (one topic, or every topic with ""), newest first: the evidence of an alert. The
    label is the register number (and the size of a crowd), never a name."""
    ids = sorted(area_ids)
    qs = _signal_entries(start, end).filter(
        Q(petition__area_id__in=ids) | Q(petition__isnull=True, organization__area_id__in=ids)
    )
    if topic:
        qs = qs.filter(petition__topic=topic)
    rows = qs.order_by("-received_on", "-id").values_list(
        "id", "number", "visitor_count", "received_on"
    )
    return [(pk, _entry_label(number, count), on) for pk, number, count, on in rows[:limit]]


@dataclass(frozen=True)
class CrowdVisit:
    """A crowd delegation (đoàn đông người) in the register, without any personal data."""

    id: int
    area_id: int
    topic: str
    received_on: dt.date
    visitor_count: int
    organization_id: int
    petition_id: int | None
    label: str


def crowd_visits(*, start: dt.date, end: dt.date, min_visitors: int) -> list[CrowdVisit]:
    """Visits of at least `min_visitors` people from `start` to `end`, oldest first, with the
    area and topic of their petition (else the receiving organisation's area, topic "")."""
    rows = (
        ReceptionEntry.objects.filter(
            received_on__gte=start, received_on__lte=end, visitor_count__gte=min_visitors
        )
        .order_by("received_on", "id")
        .values_list(
            "id",
            "petition__area_id",
            "organization__area_id",
            "petition__topic",
            "received_on",
            "visitor_count",
            "organization_id",
            "petition_id",
            "number",
        )
    )
    result = []
    for pk, p_area, o_area, topic, on, count, org_id, petition_id, number in rows:
        area = p_area or o_area
        if area is None:
            continue
        result.append(
            CrowdVisit(
                id=pk,
                area_id=area,
                topic=topic or "",
                received_on=on,
                visitor_count=count,
                organization_id=org_id,
                petition_id=petition_id,
                label=_entry_label(number, count),
            )
        )
    return result


def _as_date(value: Any) -> dt.date:
    # TruncWeek gives a date on PostgreSQL and SQLite alike; a datetime is tolerated all the same.
    return value.date() if isinstance(value, dt.datetime) else value
