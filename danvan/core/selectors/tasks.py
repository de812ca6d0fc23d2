"""Reads of the generic `Task`: the scoped list (filters, pages, traffic light) and one task.

A task is visible to whoever may see its lead organisation (`core.selectors.scope`), like its
row on the overdue board, and to whoever may see one of its supporting units (đơn vị phối hợp:
they read it and report on their part); a task outside the scope is answered as if it did not
exist (404). The traffic
light of an unfinished task is the board's (`rag_of` with the same `amber_cutoff`), so a task is
the same colour on both pages; a done or cancelled task has none. The linked record is linked
through the board's registry of record pages (`obligation_target_url`), without a query.

A page runs a fixed number of queries whatever the number of rows (scope, calendar overrides,
count, the page with its organisation and assignee joined).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.db.fixed import rows_where
from danvan.core.deadlines import WorkCalendar
from danvan.core.errors import ValidationFailed
from danvan.core.models import (
    AdminUnit,
    Obligation,
    ObligationStatus,
    Organization,
    Task,
    TaskEvidence,
    TaskProgressUpdate,
    TaskSeries,
    TaskStatus,
    TaskSupport,
    User,
)
from danvan.core.pagination import KEYS_UP_TO, DeferredPaginator
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import (
    RAG_LABELS,
    amber_cutoff,
    days_left_text,
    rag_of,
)
from danvan.core.selectors.orgs import organization_descendant_ids
from danvan.core.selectors.scope import (
    get_visible_or_404,
    organization_ids_for_roles,
    row_in_scope,
    scope_queryset,
    user_scope,
    visible_area_ids,
)
from danvan.core.selectors.scoreboard import (
    OUTCOME_VALUES,
    outcome_q,
    scoreboard_unit_ids,
)
from danvan.core.services.obligations import obligation_target_url
from danvan.text.normalize import normalize

PAGE_SIZE = 50
Q_MAX = 100

WHO_ME = "me"  # assigned to me
WHO_MY_ORGS = "orgs"  # of the organisations where I hold a role myself
WHO_SUPPORT = "support"  # supported by an organisation where I hold a role (đơn vị phối hợp)
WHO_VALUES = ("", WHO_ME, WHO_MY_ORGS, WHO_SUPPORT)
STATUS_ACTIVE = "active"  # not started or in progress
STATUS_VALUES = ("", STATUS_ACTIVE, *TaskStatus.values)
ACTIVE_STATUSES: tuple[str, ...] = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


@dataclass(frozen=True)
class TaskFilters:
    who: str = ""  # "" (everything in scope) | "me" | "orgs"
    status: str = ""  # "" | "active" | a TaskStatus value
    overdue: bool = False  # unfinished and past its due date
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""  # words of the title
    # The scoreboard's links: one lead unit, a unit and those below it, one class of tasks
    # (`selectors.scoreboard.outcome_q`: on_time | late | pending | overdue | missed | counted;
    # it keeps the tasks led by units in the user's scope, exactly as the scoreboard counts).
    lead: int | None = None
    under: int | None = None
    outcome: str = ""
    series: int | None = None


@dataclass(frozen=True)
class TaskRow:
    task: Task
    rag: str  # red | amber | green; "" for a done or cancelled task
    rag_label: str
    days_left: int | None
    days_text: str
    target_url: str

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.task.status).label)

    @property
    def is_active(self) -> bool:
        return self.task.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class TaskPage:
    rows: list[TaskRow]
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


# --- Filters --------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: message})


def _printable(text: str | None) -> str:
    """Input without control characters (PostgreSQL refuses NUL in a query parameter)."""
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()


def _words(q: str) -> list[str]:
    return normalize(_printable(q)[:Q_MAX]).split()[:8]


def _filtered(
    qs: QuerySet[Task], *, user: Any, filters: TaskFilters, today: dt.date
) -> QuerySet[Task]:
    who = (filters.who or "").strip()
    if who not in WHO_VALUES:
        raise _invalid("who", _("Phạm vi phải là «me» (việc của tôi) hoặc «orgs» (cơ quan tôi)."))
    if who == WHO_ME:
        qs = qs.filter(assignee_id=getattr(user, "pk", None))
    elif who == WHO_MY_ORGS:
        own = sorted({g.organization_id for g in user_scope(user).grants})
        qs = qs.filter(organization_id__in=own) if own else qs.none()
    elif who == WHO_SUPPORT:
        own = sorted({g.organization_id for g in user_scope(user).grants})
        supported = TaskSupport.objects.filter(task_id=OuterRef("pk"), organization_id__in=own)
        qs = qs.filter(Exists(supported)) if own else qs.none()
    if filters.lead is not None:
        qs = qs.filter(organization_id=filters.lead)
    if filters.under is not None:
        qs = qs.filter(organization_id__in=sorted(organization_descendant_ids(filters.under)))
    if filters.series is not None:
        qs = qs.filter(series_id=filters.series)
    outcome = (filters.outcome or "").strip()
    if outcome not in OUTCOME_VALUES:
        raise _invalid(
            "outcome",
            _("Nhóm việc phải là một trong: %(values)s.")
            % {"values": ", ".join(v for v in OUTCOME_VALUES if v)},
        )
    if outcome:
        units = scoreboard_unit_ids(user=user, root=None)
        if units is not None:
            qs = qs.filter(organization_id__in=sorted(units)) if units else qs.none()
        qs = qs.filter(outcome_q(outcome, today=today))
    status = (filters.status or "").strip()
    if status not in STATUS_VALUES:
        raise _invalid(
            "status",
            _("Trạng thái phải là một trong: %(values)s.")
            % {"values": ", ".join(v for v in STATUS_VALUES if v)},
        )
    if status == STATUS_ACTIVE:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if filters.overdue:
        qs = qs.filter(status__in=ACTIVE_STATUSES, due__lt=today)
    if filters.due_from and filters.due_to and filters.due_from > filters.due_to:
        raise _invalid("due_to", _("Ngày cuối của khoảng hạn phải sau ngày đầu."))
    if filters.due_from:
        qs = qs.filter(due__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due__lte=filters.due_to)
    for word in _words(filters.q):
        # SQLite folds case for ASCII letters only: also try the usual casings of the word
        # ("kiểm", "Kiểm", "KIỂM"), so a Vietnamese word matches on both databases.
        match = Q()
        for variant in sorted({word, word.lower(), word.capitalize(), word.upper()}):
            match |= Q(title__icontains=variant)
        qs = qs.filter(match)
    return qs


def task_visible(qs: QuerySet[Task], user: Any) -> QuerySet[Task]:
    """`qs` narrowed to the tasks whose lead or one of whose supporting units the user sees."""
    scope = user_scope(user)
    if scope.is_superuser:
        return qs
    ids = sorted(scope.organizations_for())
    if not ids:
        return qs.none()
    supported = TaskSupport.objects.filter(task_id=OuterRef("pk"), organization_id__in=ids)
    return qs.filter(Q(organization_id__in=ids) | Q(Exists(supported)))


def task_list(
    *, user: Any, filters: TaskFilters | None = None, today: dt.date | None = None
) -> QuerySet[Task]:
    """The tasks the user may see, filtered: unfinished ones first, each by due date.

    Raises ValidationFailed (with the field) for a filter value that makes no sense.
    """
    day = today or timezone.localdate()
    qs = task_visible(Task.objects.all(), user)
    qs = _filtered(qs, user=user, filters=filters or TaskFilters(), today=day)
    finished = Case(
        When(status__in=ACTIVE_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        qs.select_related("organization", "assignee")
        .annotate(finished=finished)
        .order_by("finished", "due", "id")
    )


# --- Rows and pages -------------------------------------------------------------------------


def task_target_url(task: Task) -> str:
    """The page of the task's linked record, when its module registered one (no query)."""
    if not task.target_type or task.target_id is None:
        return ""
    return obligation_target_url(Obligation(target_type=task.target_type, target_id=task.target_id))


def task_row(task: Task, *, today: dt.date, amber_until: dt.date) -> TaskRow:
    if task.status not in ACTIVE_STATUSES:
        return TaskRow(task, "", "", None, "", task_target_url(task))
    rag = rag_of(task.due, status=ObligationStatus.OPEN, today=today, amber_until=amber_until)
    days = (task.due - today).days
    return TaskRow(
        task=task,
        rag=rag,
        rag_label=str(RAG_LABELS[rag]),
        days_left=days,
        days_text=days_left_text(days),
        target_url=task_target_url(task),
    )


def task_page(
    *,
    user: Any,
    filters: TaskFilters | None = None,
    page: int | str | None = 1,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    page_size: int = PAGE_SIZE,
) -> TaskPage:
    """One page of the task list, each row with its traffic light and record link."""
    day = today or timezone.localdate()
    until = amber_cutoff(day, calendar or work_calendar())
    qs = task_list(user=user, filters=filters, today=day)
    # The page's keys on the tasks alone, then their rows with their relations.
    current = DeferredPaginator(qs, page_size, keys_up_to=KEYS_UP_TO).get_page(page)
    return TaskPage(
        rows=[task_row(t, today=day, amber_until=until) for t in current.object_list],
        number=current.number,
        num_pages=current.paginator.num_pages,
        count=current.paginator.count,
        page_size=page_size,
        today=day,
        amber_until=until,
    )


def task_get(*, user: Any, pk: int | str) -> Task:
    """One task the user may see; Http404 otherwise (the same whether missing or out of scope).

    Read with its relations by a fixed statement (core/db/fixed.py), then checked against the
    scope as `task_visible` filters: its lead, or one of its supporting units, is seen."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = rows_where(Task, "pk", key, related=_TASK_RELATIONS)
    if not found or not _task_seen(user, found[0]):
        raise Http404
    return found[0]


_TASK_RELATIONS = ("organization", "assignee", "created_by", "series")


def _task_seen(user: Any, task: Task) -> bool:
    """Whether `task_visible(user)` holds this task: its organisation, or one of its supporting
    units, is in the user's scope."""
    shared = TaskSupport.objects.filter(task_id=task.pk)
    return row_in_scope(user, task.organization_id, shared)


def task_supports(task: Task) -> list[TaskSupport]:
    """The task's supporting units with their part and their own progress."""
    return list(task.supports.select_related("organization").order_by("id"))


def task_updates(task: Task) -> list[TaskProgressUpdate]:
    """The task's progress reports, newest first, each with its unit, reporter and files."""
    return list(
        TaskProgressUpdate.objects.filter(task=task)
        .select_related("organization", "reported_by")
        .prefetch_related(Prefetch("evidence", queryset=TaskEvidence.objects.order_by("id")))
        .order_by("-at", "-id")
    )


def task_evidence_get(*, user: Any, task_pk: int, pk: int) -> TaskEvidence:
    """One evidence file of a task the user may see (404 otherwise)."""
    task = task_get(user=user, pk=task_pk)
    evidence = (
        TaskEvidence.objects.filter(pk=pk, update__task=task).select_related("update").first()
    )
    if evidence is None or not evidence.file:
        raise Http404
    return evidence


# --- Series ------------------------------------------------------------------------------------


def task_series_list(*, user: Any, status: str = "") -> QuerySet[TaskSeries]:
    """The recurring tasks of the units the user may see."""
    qs = scope_queryset(TaskSeries.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organization", "assignee").order_by("status", "title", "id")


def task_series_get(*, user: Any, pk: int | str) -> TaskSeries:
    qs = TaskSeries.objects.select_related("organization", "assignee", "created_by")
    return get_visible_or_404(qs, user, pk=pk)


def task_series_occurrences(series: TaskSeries, *, limit: int = 100) -> list[Task]:
    return list(series.occurrences.select_related("assignee").order_by("-period_start")[:limit])


def task_writable_organizations(user: Any) -> QuerySet[Organization]:
    """Units for which the user may give tasks (officer, leader, administrator there or above)."""
    from danvan.core.services.tasks import TASK_WRITER_ROLES

    qs = Organization.objects.all()
    if not user_scope(user).is_superuser:
        ids = sorted(organization_ids_for_roles(user, TASK_WRITER_ROLES))
        qs = qs.filter(pk__in=ids) if ids else qs.none()
    return qs.order_by("level", "name")


def task_people(organization_ids: list[int]) -> QuerySet[User]:
    """Active people holding a role at one of the units (who a task may be assigned to)."""
    return (
        User.objects.filter(
            is_active=True, memberships__organization_id__in=sorted(set(organization_ids))
        )
        .distinct()
        .order_by("full_name", "username")
    )


def task_support_candidates(user: Any, *, keep: Iterable[int] = ()) -> QuerySet[Organization]:
    """Units the user may name as supporting units (đơn vị phối hợp).

    The units in the user's scope, every unit of the same areas (the commune's Fatherland
    Front and mass organisations for a commune officer) and the units of those areas'
    provinces (the departments), since a task often asks them for help; plus `keep`, the
    units a task (or series) being edited already has, which someone else may have named:
    editing it must not drop them.
    """
    scope = user_scope(user)
    qs = Organization.objects.all()
    if not scope.is_superuser:
        areas = set(visible_area_ids(user))
        provinces = set(
            AdminUnit.objects.filter(pk__in=sorted(areas), parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        orgs = sorted(scope.organizations_for())
        qs = qs.filter(
            Q(pk__in=orgs)
            | Q(area_id__in=sorted(areas))
            | Q(area_id__in=sorted(provinces))
            | Q(pk__in=sorted({int(i) for i in keep}))
        )
    return qs.order_by("level", "name")


def organizations_for_choice(user: Any) -> QuerySet[Organization]:
    """Units the user may see (to pick supporting units or a scoreboard's unit)."""
    return scope_queryset(Organization.objects.all(), user, org_field="pk").order_by(
        "level", "name"
    )


def task_detail_row(
    task: Task, *, today: dt.date | None = None, calendar: WorkCalendar | None = None
) -> TaskRow:
    """The task with its traffic light, for its own page."""
    day = today or timezone.localdate()
    until = day
    if task.status in ACTIVE_STATUSES:  # a finished task has no light: no calendar to read
        until = amber_cutoff(day, calendar or work_calendar())
    return task_row(task, today=day, amber_until=until)
