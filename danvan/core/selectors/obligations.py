"""Reads of the deadline registry: the overdue board, who is late, and the traffic light.

The board lists the live (open or paused) obligations the user may see, most urgent first:
open ones by due date, then the paused ones (their clock is stopped). Each row carries the days
left (calendar days; negative when late) and a traffic light:

- red: the due date has passed (due < today);
- amber: due today or within the next `AMBER_WORKING_DAYS` working days (work calendar);
- green: later than that.

The working-day cutoff is computed once per request (`amber_cutoff`), so a row's colour is a
plain date comparison and filtering by colour is a date range in SQL. Every read is scoped with
the obligation's organisation (and, for records only some roles read, such as petitions, by
the roles that read them), and runs a fixed number of queries whatever
the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from danvan.core.deadlines import WorkCalendar
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import Obligation, ObligationStatus, Role
from danvan.core.pagination import KEYS_UP_TO, DeferredPaginator
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.scope import organization_ids_for_roles, user_scope
from danvan.core.selectors.units import admin_unit_on, admin_unit_territory_ids
from danvan.core.services.obligations import (
    LIVE_STATUSES,
    obligation_kind_label,
    obligation_target_readers,
    obligation_target_url,
)

PAGE_SIZE = 50
# "Amber" starts this many working days before the due date, and so does the reminder.
AMBER_WORKING_DAYS = 3

RED = "red"
AMBER = "amber"
GREEN = "green"
PAUSED = "paused"
RAG_VALUES = (RED, AMBER, GREEN)
RAG_LABELS = {
    RED: gettext_lazy("Quá hạn"),
    AMBER: gettext_lazy("Sắp đến hạn"),
    GREEN: gettext_lazy("Trong hạn"),
    PAUSED: gettext_lazy("Tạm dừng tính hạn"),
}
# Roles that see "who is late" across the organisations they hold them in.
LATENESS_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.ADMINISTRATOR})
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"


@dataclass(frozen=True)
class BoardFilters:
    kind: str = ""
    topic: str = ""
    target_status: str = ""
    area: str = ""  # an administrative unit code: the unit and every unit below it
    assignee: str = ""  # a user id, "me", or "none" (not assigned to anyone)
    organization: str = ""  # an organisation code
    rag: str = ""  # red | amber | green


@dataclass(frozen=True)
class BoardRow:
    obligation: Obligation
    rag: str
    rag_label: str
    days_left: int | None
    days_text: str
    kind_label: str
    target_url: str


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardRow]
    number: int
    num_pages: int
    count: int
    page_size: int
    today: dt.date
    amber_until: dt.date

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class LatenessRow:
    id: int | None
    label: str
    late: int
    amber: int
    code: str = ""  # the organisation's code (rows by organisation)


@dataclass(frozen=True)
class Lateness:
    today: dt.date
    amber_until: dt.date
    late_total: int
    amber_total: int
    by_organization: list[LatenessRow]
    by_assignee: list[LatenessRow]


# --- The traffic light ---------------------------------------------------------------------


def amber_cutoff(today: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last due date that is amber today: `AMBER_WORKING_DAYS` working days ahead."""
    return calendar.add_working_days(today, AMBER_WORKING_DAYS)


def rag_of(due: dt.date | None, *, status: str, today: dt.date, amber_until: dt.date) -> str:
    if status == ObligationStatus.PAUSED or due is None:
        return PAUSED
    if due < today:
        return RED
    if due <= amber_until:
        return AMBER
    return GREEN


def days_left_text(days: int | None) -> str:
    """ "còn 3 ngày", "đến hạn hôm nay", "quá hạn 5 ngày"."""
    if days is None:
        return ""
    if days == 0:
        return _("đến hạn hôm nay")
    if days > 0:
        return ngettext("còn %(n)d ngày", "còn %(n)d ngày", days) % {"n": days}
    late = -days
    return ngettext("quá hạn %(n)d ngày", "quá hạn %(n)d ngày", late) % {"n": late}


def _rag_q(rag: str, today: dt.date, amber_until: dt.date) -> Q:
    open_ = Q(status=ObligationStatus.OPEN)
    if rag == RED:
        return open_ & Q(due__lt=today)
    if rag == AMBER:
        return open_ & Q(due__gte=today, due__lte=amber_until)
    return open_ & Q(due__gt=amber_until)


# --- Filters --------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: message})


def _area_ids(code: str) -> set[int]:
    try:
        unit = admin_unit_on(code=code)
    except NotFound:
        raise _invalid(
            "area",
            _("Không có đơn vị hành chính mã «%(code)s» đang có hiệu lực: kiểm tra lại mã.")
            % {"code": code},
        ) from None
    return admin_unit_territory_ids(unit)


def _filtered(
    qs: QuerySet[Obligation],
    *,
    user: Any,
    filters: BoardFilters,
    today: dt.date,
    amber_until: dt.date,
) -> QuerySet[Obligation]:
    if filters.kind:
        qs = qs.filter(kind=filters.kind.strip())
    if filters.topic:
        qs = qs.filter(topic=filters.topic.strip())
    if filters.target_status:
        qs = qs.filter(target_status=filters.target_status.strip())
    if filters.organization:
        qs = qs.filter(organization__code=filters.organization.strip())
    assignee = (filters.assignee or "").strip()
    if assignee == ASSIGNEE_ME:
        qs = qs.filter(assignee_id=getattr(user, "pk", None))
    elif assignee == ASSIGNEE_NONE:
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        if not (assignee.isascii() and assignee.isdigit() and len(assignee) <= 18):
            raise _invalid(
                "assignee",
                _("Người được giao phải là mã số người dùng, «me» (tôi) hoặc «none» (chưa giao)."),
            )
        qs = qs.filter(assignee_id=int(assignee))
    if filters.rag:
        if filters.rag not in RAG_VALUES:
            raise _invalid("rag", _("Mức cảnh báo phải là red, amber hoặc green."))
        qs = qs.filter(_rag_q(filters.rag, today, amber_until))
    if filters.area:
        ids = sorted(_area_ids(filters.area.strip()))
        # A record without an area of its own (a task) is placed by its organisation's area.
        qs = qs.filter(Q(area_id__in=ids) | Q(area__isnull=True, organization__area_id__in=ids))
    return qs


def _scoped(qs: QuerySet[Obligation], user: Any) -> QuerySet[Obligation]:
    """`qs` narrowed to the obligations of organisations in the user's scope, and, for a type
    of record only some roles may read (`obligation_target_readers_register`), to the
    organisations where the user holds one of those roles."""
    scope = user_scope(user)
    if scope.is_superuser:
        return qs
    every = scope.organizations_for()
    if not every:
        return qs.none()
    readers = obligation_target_readers()
    if not readers:
        return qs.filter(organization_id__in=sorted(every))
    visible = Q(organization_id__in=sorted(every)) & ~Q(target_type__in=sorted(readers))
    for target_type, roles in sorted(readers.items()):
        ids = scope.organizations_for(roles)
        if ids:
            visible |= Q(target_type=target_type, organization_id__in=sorted(ids))
    return qs.filter(visible)


def obligation_queryset(
    *,
    user: Any,
    filters: BoardFilters | None = None,
    today: dt.date | None = None,
    amber_until: dt.date | None = None,
) -> QuerySet[Obligation]:
    """The live obligations the user may see, filtered, most urgent first.

    Open obligations by due date, then paused ones ("open" sorts before "paused", which lets
    the database walk the (status, due) index instead of sorting a computed expression).
    """
    day = today or timezone.localdate()
    until = amber_until or amber_cutoff(day, work_calendar())
    qs = _scoped(Obligation.objects.filter(status__in=sorted(LIVE_STATUSES)), user)
    qs = _filtered(qs, user=user, filters=filters or BoardFilters(), today=day, amber_until=until)
    return qs.select_related("assignee", "organization", "area").order_by(
        "status", F("due").asc(nulls_last=True), "id"
    )


def board_row(obligation: Obligation, *, today: dt.date, amber_until: dt.date) -> BoardRow:
    rag = rag_of(obligation.due, status=obligation.status, today=today, amber_until=amber_until)
    days = None
    if obligation.due is not None and obligation.status == ObligationStatus.OPEN:
        days = (obligation.due - today).days
    return BoardRow(
        obligation=obligation,
        rag=rag,
        rag_label=str(RAG_LABELS[rag]),
        days_left=days,
        days_text=days_left_text(days),
        kind_label=obligation_kind_label(obligation.kind),
        target_url=obligation_target_url(obligation),
    )


def obligation_board(
    *,
    user: Any,
    filters: BoardFilters | None = None,
    page: int | str | None = 1,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    page_size: int = PAGE_SIZE,
) -> BoardPage:
    """One page of the overdue board: the user's live obligations, most urgent first.

    Raises ValidationFailed (with the field) for a filter value that makes no sense.
    """
    day = today or timezone.localdate()
    until = amber_cutoff(day, calendar or work_calendar())
    qs = obligation_queryset(user=user, filters=filters, today=day, amber_until=until)
    # The page's keys on the obligations alone, then their rows with their relations
    # (core/pagination.py).
    current = DeferredPaginator(qs, page_size, keys_up_to=KEYS_UP_TO).get_page(page)
    rows = [board_row(o, today=day, amber_until=until) for o in current.object_list]
    return BoardPage(
        rows=rows,
        number=current.number,
        num_pages=current.paginator.num_pages,
        count=current.paginator.count,
        page_size=page_size,
        today=day,
        amber_until=until,
    )


# --- Who is late ----------------------------------------------------------------------------


def can_see_lateness(user: Any) -> bool:
    """Leaders and administrators (and superusers) see who is late in their organisations."""
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.roles & LATENESS_ROLES)


def _person_label(full_name: str | None, username: str | None) -> str:
    return full_name or username or _("(chưa giao cho ai)")


def obligation_lateness(
    *,
    user: Any,
    on: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    limit: int = 50,
) -> Lateness:
    """Late (red) and amber open obligations counted by organisation and by person.

    Covers the organisations where the user is a leader or an administrator (with what those
    roles cover below and, for oversight roles, across the province); everything for a
    superuser; nothing for anyone else. Counted in SQL (three queries); the `limit` worst
    organisations and people, the most late first.
    """
    day = on or timezone.localdate()
    until = amber_cutoff(day, calendar or work_calendar())
    # What the user may read at all (the board's scoping, reader roles included), then only
    # where they lead or administer.
    qs = _scoped(Obligation.objects.filter(status=ObligationStatus.OPEN, due__lte=until), user)
    scope = user_scope(user)
    if not scope.is_superuser:
        ids = organization_ids_for_roles(user, LATENESS_ROLES)
        qs = qs.filter(organization_id__in=sorted(ids)) if ids else qs.none()
    late = Count("id", filter=Q(due__lt=day))
    amber = Count("id", filter=Q(due__gte=day))
    totals = qs.aggregate(late=late, amber=amber)
    by_org = (
        qs.values("organization_id", "organization__code", "organization__name")
        .annotate(late=late, amber=amber)
        .order_by("-late", "-amber", "organization__name")[:limit]
    )
    by_person = (
        qs.values("assignee_id", "assignee__full_name", "assignee__username")
        .annotate(late=late, amber=amber)
        .order_by("-late", "-amber", "assignee__full_name", "assignee_id")[:limit]
    )
    return Lateness(
        today=day,
        amber_until=until,
        late_total=int(totals["late"] or 0),
        amber_total=int(totals["amber"] or 0),
        by_organization=[
            LatenessRow(
                id=row["organization_id"],
                label=row["organization__name"],
                code=row["organization__code"],
                late=row["late"],
                amber=row["amber"],
            )
            for row in by_org
        ],
        by_assignee=[
            LatenessRow(
                id=row["assignee_id"],
                label=_person_label(row["assignee__full_name"], row["assignee__username"]),
                late=row["late"],
                amber=row["amber"],
            )
            for row in by_person
        ],
    )
