"""Report indicators of the core tasks (`tasks.*`), and the helpers every module's
`indicators.py` shares (topic breakdowns, the drill-down list).

The contract is in `danvan.reports.indicators`; the definitions in
`danvan/data/reports/indicators.json`.

Tasks: every core `Task` that is not cancelled, whose lead unit (`organization`) is covered by
the report and whose due date lies in the window, as the scoreboard (`core.selectors.scoreboard`)
classifies it:

- `tasks.on_time`: done, completed on or before the due date (a done task without a completion
  date counts as on time, as on the scoreboard);
- `tasks.late`: done after the due date, or not done by the end of the window: still open (or in
  progress) and due before the day after the window (before today while the window is still
  running, so a task not yet due is neither).

Tasks not yet due are in neither figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Count, F, Model, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.models import Task, TaskStatus
from danvan.core.topics import DEFAULT_TOPIC, topic_codes
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    window_filter,
)

M = TypeVar("M", bound=Model)

ROW_LIMIT = 500  # rows listed under one figure (the total is always given)
TOPIC_PART = ".topic."


# --- Shared helpers ----------------------------------------------------------------------------


def topic_split(code: str) -> tuple[str, str]:
    """`petitions.received.topic.dat_dai` -> (`petitions.received`, `dat_dai`); no topic: ""."""
    base, sep, topic = code.partition(TOPIC_PART)
    return (base, topic) if sep else (code, "")


def topic_fold(counts: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    """Counts per topic code of the taxonomy; a code no longer in it counts as «Khác»."""
    known = set(topic_codes())
    result: dict[str, int] = dict.fromkeys(topic_codes(), 0)
    for topic, n in counts:
        key = topic if topic in known else DEFAULT_TOPIC
        result[key] = result.get(key, 0) + int(n)
    return result


def topic_figures(code: str, per_topic: Mapping[str, int]) -> dict[str, Number | None]:
    """`<code>.topic.<topic>` for every topic of the taxonomy."""
    return {f"{code}{TOPIC_PART}{t}": int(per_topic.get(t, 0)) for t in topic_codes()}


def topic_q(field_name: str, topic: str) -> Q:
    """The records of one topic as `topic_fold` counts them («Khác» takes unknown codes)."""
    if topic == DEFAULT_TOPIC:
        return Q(**{field_name: topic}) | ~Q(**{f"{field_name}__in": topic_codes()})
    return Q(**{field_name: topic})


def covered(coverage: Coverage, field_name: str) -> Q:
    """`org_filter` as a Q (always true for a national body)."""
    return Q(**org_filter(coverage, field_name))


def record_list(
    counted: QuerySet[M],
    visible: QuerySet[M] | None,
    row: Callable[[M], RecordRow],
    *,
    order: Iterable[str],
    limit: int = ROW_LIMIT,
) -> RecordList:
    """The drill-down of one figure: `counted` are the records behind it (unscoped),
    `visible` what the user may see of that model (None: the system, everything). Rows are
    the visible counted records in `order`, at most `limit`; `total` counts all of them and
    `hidden` those the user may not see."""
    total = counted.count()
    shown = counted if visible is None else counted.filter(pk__in=visible.values("pk"))
    shown_total = total if visible is None else shown.count()
    rows = [row(obj) for obj in shown.order_by(*order)[:limit]]
    return RecordList(rows=rows, total=total, hidden=total - shown_total)


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high. The
    report's queries over a province's cases are estimated costly but run in a fraction of a
    second, and compiling them costs more than it saves (bench/bench_reports.py at 1 million
    petitions: the petitions' figures take 1.3 s with JIT, 0.45 s without). JIT is turned off
    for the transaction that runs them (`SET LOCAL`: nothing outlives it); other databases
    have nothing to turn off."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def url_or_blank(name: str, pk: Any) -> str:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:  # a page not mounted must not break a report
        return ""


# --- Tasks -------------------------------------------------------------------------------------

ON_TIME, LATE = "tasks.on_time", "tasks.late"
CODES: tuple[str, ...] = (ON_TIME, LATE)


def _late_before(window: Window, today: dt.date | None = None) -> dt.date:
    """A task not done and due before this day is late: the day after the window, or today
    while the window is still running."""
    day = today or timezone.localdate()
    return min(day, window.end + dt.timedelta(days=1))


def _on_time_q() -> Q:
    return Q(status=TaskStatus.DONE) & ~Q(completed_on__gt=F("due"))


def _late_q(window: Window) -> Q:
    active = Q(status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
    return Q(status=TaskStatus.DONE, completed_on__gt=F("due")) | (
        active & Q(due__lt=_late_before(window))
    )


def _tasks(coverage: Coverage, window: Window) -> QuerySet[Task]:
    return Task.objects.filter(**org_filter(coverage), **window_filter("due", window)).exclude(
        status=TaskStatus.CANCELLED
    )


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    totals = _tasks(coverage, window).aggregate(
        on_time=Count("id", filter=_on_time_q()), late=Count("id", filter=_late_q(window))
    )
    return {ON_TIME: int(totals["on_time"]), LATE: int(totals["late"])}


def _task_row(task: Task) -> RecordRow:
    if task.status == TaskStatus.DONE and task.completed_on is not None:
        note = _("Hoàn thành ngày %(day)s") % {"day": task.completed_on.strftime("%d/%m/%Y")}
    elif task.status == TaskStatus.DONE:
        note = _("Đã hoàn thành")
    else:
        note = _("Chưa hoàn thành")
    return RecordRow(
        reference=f"#{task.pk}",
        title=f"{task.title} ({task.organization.name})",
        on=task.due,
        url=url_or_blank("core:task", task.pk),
        note=note,
    )


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    from danvan.core.selectors.tasks import task_visible

    if code == ON_TIME:
        counted = _tasks(coverage, window).filter(_on_time_q())
    elif code == LATE:
        counted = _tasks(coverage, window).filter(_late_q(window))
    else:
        raise KeyError(code)
    visible = None if user is None else task_visible(Task.objects.all(), user)
    return record_list(
        counted.select_related("organization"), visible, _task_row, order=("due", "id")
    )
