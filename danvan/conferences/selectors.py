"""Reads of the conferences module, always scoped to what the user may see.

A user sees a conference when one of their roles in `permissions.VIEWER_ROLES` covers the
organising body, a co-organiser or an invited unit (`core.selectors.scope`, down the
hierarchy); anything else is answered as if it did not exist (Http404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.conferences import permissions
from danvan.conferences.models import Chair, ConclusionItem, Conference, Invitee
from danvan.conferences.states import HELD_STATES, UPCOMING_STATES, Status, allowed_targets
from danvan.core.models import Task, TaskStatus, TaskSupport

MAX_ID = 2**63 - 1
OPEN_TASK = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


@dataclass
class ConferenceFilters:
    kind: str = ""
    status: str = ""
    organization_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    # "upcoming": still to take place; "past": held, concluded or cancelled; "": all.
    when: str = ""


def _scoped(user: Any) -> QuerySet[Conference]:
    ids = permissions.viewer_organization_ids(user)
    qs = Conference.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    through = Conference.co_organizers.through.objects.filter(organization_id__in=wanted)
    invited = Invitee.objects.filter(organization_id__in=wanted)
    return qs.filter(
        Q(organization_id__in=wanted)
        | Q(pk__in=through.values("conference_id"))
        | Q(pk__in=invited.values("conference_id"))
    )


def conference_list(*, user: Any, filters: ConferenceFilters | None = None) -> QuerySet[Conference]:
    """The conferences the user may see, filtered; upcoming ones soonest first, else latest."""
    f = filters or ConferenceFilters()
    qs = _scoped(user)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.organization_id is not None:
        through = Conference.co_organizers.through.objects.filter(organization_id=f.organization_id)
        qs = qs.filter(
            Q(organization_id=f.organization_id) | Q(pk__in=through.values("conference_id"))
        )
    if f.date_from is not None:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(date__lte=f.date_to)
    if f.q.strip():
        qs = qs.filter(title__icontains=f.q.strip()[:200])
    qs = qs.select_related("organization")
    if f.when == "upcoming":
        return qs.filter(status__in=sorted(UPCOMING_STATES)).order_by("date", "start_time", "id")
    if f.when == "past":
        return qs.filter(Q(status__in=sorted(HELD_STATES)) | Q(status=Status.CANCELLED)).order_by(
            "-date", "-id"
        )
    return qs.order_by("-date", "-id")


def conference_get(*, user: Any, pk: Any) -> Conference:
    """One conference inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    conference = (
        _scoped(user)
        .select_related("organization__area", "organization__parent")
        .filter(pk=key)
        .first()
    )
    if conference is None:
        raise Http404
    return conference


# --- The schedule ------------------------------------------------------------------------------


@dataclass
class ScheduleGroup:
    start: dt.date
    end: dt.date
    conferences: list[Conference] = field(default_factory=list)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def schedule_groups(conferences: list[Conference], *, by: str = "week") -> list[ScheduleGroup]:
    """Upcoming conferences grouped by calendar week (Monday–Sunday) or month, in date order."""
    groups: dict[dt.date, ScheduleGroup] = {}
    for c in conferences:
        day = c.postponed_to if c.status == Status.POSTPONED and c.postponed_to else c.date
        if by == "month":
            start = day.replace(day=1)
            following = (start + dt.timedelta(days=32)).replace(day=1)
            end = following - dt.timedelta(days=1)
        else:
            start = week_start(day)
            end = start + dt.timedelta(days=6)
        groups.setdefault(start, ScheduleGroup(start=start, end=end)).conferences.append(c)
    return [groups[k] for k in sorted(groups)]


def schedule(
    *, user: Any, filters: ConferenceFilters, weeks: int = 8, limit: int = 300
) -> list[Conference]:
    """Conferences still to take place within the next `weeks` weeks (overdue ones included),
    with their chairs."""
    today = timezone.localdate()
    f = ConferenceFilters(
        kind=filters.kind,
        organization_id=filters.organization_id,
        q=filters.q,
        when="upcoming",
        date_to=today + dt.timedelta(weeks=weeks),
    )
    qs = conference_list(user=user, filters=f).prefetch_related(
        Prefetch("chairs", queryset=Chair.objects.order_by("position", "id"))
    )
    return list(qs[:limit])


# --- Parts of one conference ------------------------------------------------------------------


def conference_chairs(*, conference: Conference) -> list[Chair]:
    return list(conference.chairs.select_related("user").order_by("position", "id"))


def conference_invitees(*, conference: Conference) -> list[Invitee]:
    return list(conference.invitees.select_related("organization").order_by("position", "id"))


def invitee_get(*, conference: Conference, pk: Any) -> Invitee:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    invitee = (
        conference.invitees.select_related("organization", "conference")
        .filter(pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if invitee is None:
        raise Http404
    return invitee


@dataclass
class ItemRow:
    item: ConclusionItem
    task: Task
    supports: list[TaskSupport]
    late: bool  # open past its due date, or done after it


@dataclass
class ConclusionSummary:
    total: int = 0
    done: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    cancelled: int = 0

    @property
    def percent_done(self) -> int:
        counted = self.total - self.cancelled
        return round(100 * self.done / counted) if counted else 0


def conclusion_rows(*, conference: Conference) -> tuple[list[ItemRow], ConclusionSummary]:
    """Each conclusion item with its task (status, progress, supporting units) and the totals."""
    today = timezone.localdate()
    items = list(
        ConclusionItem.objects.filter(conference=conference, task__isnull=False)
        .select_related("task__organization", "task__assignee")
        .prefetch_related(
            Prefetch(
                "task__supports",
                queryset=TaskSupport.objects.select_related("organization").order_by("id"),
            )
        )
        .order_by("position", "id")
    )
    rows: list[ItemRow] = []
    summary = ConclusionSummary()
    for item in items:
        task = item.task
        assert task is not None
        summary.total += 1
        late = False
        if task.status == TaskStatus.DONE:
            summary.done += 1
            late = task.completed_on is not None and task.completed_on > task.due
            summary.done_late += int(late)
        elif task.status == TaskStatus.CANCELLED:
            summary.cancelled += 1
        else:
            summary.open += 1
            late = task.due < today
            summary.overdue += int(late)
        rows.append(ItemRow(item=item, task=task, supports=list(task.supports.all()), late=late))
    return rows, summary


def conclusion_summaries(*, conference_ids: list[int]) -> dict[int, ConclusionSummary]:
    """Totals per conference for a list page, in one query."""
    today = timezone.localdate()
    result: dict[int, ConclusionSummary] = {}
    for conference_id, status, due, completed in ConclusionItem.objects.filter(
        conference_id__in=conference_ids, task__isnull=False
    ).values_list("conference_id", "task__status", "task__due", "task__completed_on"):
        s = result.setdefault(int(conference_id), ConclusionSummary())
        s.total += 1
        if status == TaskStatus.DONE:
            s.done += 1
            s.done_late += int(completed is not None and completed > due)
        elif status == TaskStatus.CANCELLED:
            s.cancelled += 1
        else:
            s.open += 1
            s.overdue += int(due < today)
    return result


def item_get(*, conference: Conference, pk: Any) -> ConclusionItem:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    item = (
        ConclusionItem.objects.select_related("task__organization", "conference")
        .filter(conference=conference, pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if item is None or item.task_id is None:
        raise Http404
    return item


def conference_allowed_moves(*, conference: Conference, user: Any) -> list[str]:
    """The legal next states the user may move the conference to (none without the right)."""
    if not permissions.can_organise(user, conference):
        return []
    return allowed_targets(conference.status)


def legal_documents_visible(*, user: Any) -> QuerySet[Any]:
    """Directives, resolutions and plans a conference may cite: those kept by an organisation
    the user may see (`coordination.LegalDocument`, read-only here)."""
    from danvan.coordination.selectors import document_list

    return document_list(user=user).order_by("-issued_on", "-id")


def invitable_organization_ids(*, user: Any) -> frozenset[int] | None:
    """Ids of the units that may be invited, co-organise or support a conclusion (see
    `invitable_organizations`); None = all (superuser)."""
    from danvan.core.models import AdminUnit, Organization
    from danvan.core.selectors.scope import user_scope, visible_organization_ids

    if user_scope(user).is_superuser:
        return None
    visible = sorted(visible_organization_ids(user))
    areas = set(
        Organization.objects.filter(pk__in=visible, area__isnull=False).values_list(
            "area_id", flat=True
        )
    )
    provinces = set(
        AdminUnit.objects.filter(pk__in=areas, level="province").values_list("id", flat=True)
    ) | {
        p
        for p in AdminUnit.objects.filter(pk__in=areas, level="commune").values_list(
            "parent_id", flat=True
        )
        if p is not None
    }
    provincial = Organization.objects.filter(
        area_id__in=sorted(provinces), level="province"
    ).values_list("id", flat=True)
    return frozenset(visible) | frozenset(int(i) for i in provincial)


def invitable_organizations(*, user: Any, limit: int = 800) -> list[tuple[int, str]]:
    """Units that may be invited, co-organise or support a conclusion: every active
    organisation of the provinces where the user works (a conference of the People's Committee
    invites the Front and the mass organisations, which are outside its own tree)."""
    from danvan.core.models import Organization

    qs = Organization.objects.filter(is_active=True)
    ids = invitable_organization_ids(user=user)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]
