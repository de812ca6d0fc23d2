"""Recurring tasks (`TaskSeries`): create, change, stop, and the generation of occurrences.

A series says what recurs (a monthly, quarterly, half-yearly or yearly task of a lead unit,
with its supporting units) and how each occurrence's due date follows from its period: either
`due_offset_days` calendar days after the period's last day, or day `due_day` of the month
after the period. Each occurrence is an ordinary `Task` (so it shows on the task list, the
overdue board and the scoreboard) with `series`, `period_start` and a Vietnamese
`period_label` ("Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026"), unique
per (series, period start).

`task_series_generate` creates the missing occurrences of every active series, from its first
period up to the current one, plus the next one when its due date is within the look-ahead
(`danvan/data/tasks/rules.json`); it is idempotent and runs at series creation and every day
(`core.tasks.task_series_task`). Stopping a series creates nothing more; the occurrences
already given stay as they are (cancel them one by one if needed).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import Conflict
from danvan.core.models import (
    Organization,
    Task,
    TaskDueRule,
    TaskRecurrence,
    TaskSeries,
    TaskSeriesStatus,
    TaskSeriesSupport,
)
from danvan.core.selectors.audit import audit_verbs_register
from danvan.core.selectors.scoreboard import task_rules_for
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.tasks import (
    UNSET,
    _check_assignee,
    _check_writer,
    _clean_supporting,
    _clean_title,
    _person,
    _target_fields,
    task_insert,
)
from danvan.core.services.versioning import versioned_update

audit_verbs_register(
    {
        "task_series.create": gettext_lazy("Tạo nhiệm vụ định kỳ"),
        "task_series.update": gettext_lazy("Sửa nhiệm vụ định kỳ"),
        "task_series.stop": gettext_lazy("Dừng nhiệm vụ định kỳ"),
    },
    {
        "recurrence": gettext_lazy("lặp lại"),
        "starts_on": gettext_lazy("kỳ đầu tiên bắt đầu ngày"),
        "until": gettext_lazy("đến ngày"),
        "due_rule": gettext_lazy("cách tính hạn"),
        "due_offset_days": gettext_lazy("số ngày sau cuối kỳ"),
        "due_day": gettext_lazy("ngày trong tháng sau kỳ"),
        "reason": gettext_lazy("lý do"),
    },
)

# A series changes state only from active to stopped.
TRANSITIONS: dict[str, set[str]] = {
    TaskSeriesStatus.ACTIVE: {TaskSeriesStatus.STOPPED},
    TaskSeriesStatus.STOPPED: set(),
}
MONTHS: dict[str, int] = {
    TaskRecurrence.MONTHLY: 1,
    TaskRecurrence.QUARTERLY: 3,
    TaskRecurrence.HALF_YEARLY: 6,
    TaskRecurrence.YEARLY: 12,
}
DUE_OFFSET_MAX = 180
ROMAN = ("I", "II", "III", "IV")
TITLE_MAX = Task._meta.get_field("title").max_length or 300


# --- Periods (pure) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(recurrence: str, day: dt.date) -> Period:
    """The period of `recurrence` that contains `day`, with its Vietnamese label."""
    step = MONTHS[recurrence]
    first_month = (day.month - 1) // step * step + 1
    start = dt.date(day.year, first_month, 1)
    end = _add_months(start, step) - dt.timedelta(days=1)
    if recurrence == TaskRecurrence.MONTHLY:
        label = _("Tháng %(m)d/%(y)d") % {"m": start.month, "y": start.year}
    elif recurrence == TaskRecurrence.QUARTERLY:
        label = _("Quý %(q)s/%(y)d") % {"q": ROMAN[(start.month - 1) // 3], "y": start.year}
    elif recurrence == TaskRecurrence.HALF_YEARLY:
        if start.month == 1:
            label = _("6 tháng đầu năm %(y)d") % {"y": start.year}
        else:
            label = _("6 tháng cuối năm %(y)d") % {"y": start.year}
    else:
        label = _("Năm %(y)d") % {"y": start.year}
    return Period(start=start, end=end, label=label)


def period_next(recurrence: str, period: Period) -> Period:
    return period_of(recurrence, period.end + dt.timedelta(days=1))


def periods_between(recurrence: str, first: dt.date, last: dt.date) -> Iterator[Period]:
    """Every period from the one containing `first` to the one containing `last`."""
    period = period_of(recurrence, first)
    while period.start <= last:
        yield period
        period = period_next(recurrence, period)


def due_of(
    period: Period, *, due_rule: str, due_offset_days: int = 0, due_day: int | None = None
) -> dt.date:
    """The due date of the occurrence of `period` under the series' rule."""
    if due_rule == TaskDueRule.DAY_OF_NEXT_MONTH:
        month = period.end + dt.timedelta(days=1)
        last = calendar.monthrange(month.year, month.month)[1]
        return month.replace(day=min(due_day or 1, last))
    return period.end + dt.timedelta(days=due_offset_days)


def series_due_of(series: TaskSeries, period: Period) -> dt.date:
    return due_of(
        period,
        due_rule=series.due_rule,
        due_offset_days=series.due_offset_days,
        due_day=series.due_day,
    )


def series_periods_due(series: TaskSeries, *, today: dt.date) -> list[Period]:
    """The periods that should have an occurrence on `today` (oldest first).

    From the first period to the one containing `today`, plus the following ones while their
    due date is within the look-ahead; never past `until`, nor starting after the day the
    series was stopped.
    """
    rules = task_rules_for(today)
    horizon = today + dt.timedelta(days=rules.series_lookahead_days)
    last_start = series.until
    if series.status == TaskSeriesStatus.STOPPED and series.stopped_on is not None:
        last_start = min(last_start or series.stopped_on, series.stopped_on)
    found: list[Period] = []
    for period in periods_between(series.recurrence, series.starts_on, dt.date.max):
        if last_start is not None and period.start > last_start:
            break
        if period.start > today and series_due_of(series, period) > horizon:
            break
        found.append(period)
    return found


# --- Checks ----------------------------------------------------------------------------------


def _check_rule(
    recurrence: Any, due_rule: Any, due_offset_days: Any, due_day: Any
) -> tuple[str, str, int, int | None]:
    if recurrence not in TaskRecurrence.values:
        raise _fail("recurrence", _("Chọn chu kỳ lặp lại: hằng tháng, quý, 6 tháng hoặc năm."))
    if due_rule not in TaskDueRule.values:
        raise _fail("due_rule", _("Chọn cách tính hạn của mỗi kỳ."))
    if due_rule == TaskDueRule.DAY_OF_NEXT_MONTH:
        if isinstance(due_day, bool) or not isinstance(due_day, int) or not 1 <= due_day <= 28:
            raise _fail("due_day", _("Ngày trong tháng sau kỳ là một số từ 1 đến 28."))
        return recurrence, due_rule, 0, due_day
    if (
        isinstance(due_offset_days, bool)
        or not isinstance(due_offset_days, int)
        or not 0 <= due_offset_days <= DUE_OFFSET_MAX
    ):
        raise _fail(
            "due_offset_days",
            _("Số ngày sau cuối kỳ là một số từ 0 đến %(n)d.") % {"n": DUE_OFFSET_MAX},
        )
    return recurrence, due_rule, due_offset_days, None


def _check_dates(
    recurrence: str, starts_on: Any, until: Any, *, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    if not isinstance(starts_on, dt.date) or isinstance(starts_on, dt.datetime):
        raise _fail("starts_on", _("Nhập ngày bắt đầu của kỳ đầu tiên (ngày/tháng/năm)."))
    start = period_of(recurrence, starts_on).start
    backfill = task_rules_for(today).series_max_backfill_periods
    earliest = period_of(recurrence, today)
    for _i in range(backfill):
        earliest = period_of(recurrence, earliest.start - dt.timedelta(days=1))
    if start < earliest.start:
        raise _fail(
            "starts_on",
            _(
                "Kỳ đầu tiên quá xa trong quá khứ: chỉ được bắt đầu từ %(day)s (tối đa %(n)d kỳ "
                "trước kỳ hiện tại)."
            )
            % {"day": earliest.start.strftime("%d/%m/%Y"), "n": backfill},
        )
    if until is not None:
        if not isinstance(until, dt.date) or isinstance(until, dt.datetime):
            raise _fail("until", _("Nhập ngày kết thúc dạng ngày/tháng/năm."))
        if until < start:
            raise _fail("until", _("Ngày kết thúc phải sau ngày bắt đầu của kỳ đầu tiên."))
    return start, until


# --- Services --------------------------------------------------------------------------------


def task_series_create(
    *,
    actor: Any,
    title: str,
    organization: Organization,
    recurrence: str,
    starts_on: dt.date,
    until: dt.date | None = None,
    due_offset_days: int = 5,
    due_rule: str = TaskDueRule.AFTER_PERIOD_END,
    due_day: int | None = None,
    supporting: Iterable[Organization | tuple[Organization, str]] = (),
    assignee: Any = None,
    description: str = "",
    target: models.Model | None = None,
    today: dt.date | None = None,
) -> TaskSeries:
    """Create a recurring task and give its occurrences up to now (and the next one if due soon).

    `starts_on` is any day of the first period (it is moved to the period's first day).
    """
    day = today or timezone.localdate()
    _check_writer(actor, organization)
    title = _clean_title(title)
    recurrence, due_rule, due_offset_days, due_day = _check_rule(
        recurrence, due_rule, due_offset_days, due_day
    )
    start, until = _check_dates(recurrence, starts_on, until, today=day)
    _check_assignee(assignee, organization)
    supports = _clean_supporting(supporting, organization)
    target_type, target_id, target_label = _target_fields(target)
    with transaction.atomic():
        series = TaskSeries.objects.create(
            title=title,
            description=(description or "").strip(),
            organization=organization,
            assignee=assignee,
            recurrence=recurrence,
            starts_on=start,
            until=until,
            due_rule=due_rule,
            due_offset_days=due_offset_days,
            due_day=due_day,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        TaskSeriesSupport.objects.bulk_create(
            TaskSeriesSupport(series=series, organization=org, duty=duty) for org, duty in supports
        )
        audit_record(
            actor=actor,
            verb="task_series.create",
            target=series,
            changes={
                "title": (None, title),
                "organization": (None, organization.code),
                "recurrence": (None, recurrence),
                "starts_on": (None, start),
                "until": (None, until),
                "due_rule": (None, due_rule),
                "due_offset_days": (None, due_offset_days),
                "due_day": (None, due_day),
                "assignee": (None, _person(assignee) or None),
                "supporting": (None, [org.code for org, _duty in supports] or None),
            },
        )
        _generate_one(series, today=day, actor=actor)
    return series


def _save_versioned(series: TaskSeries, *, expected_version: int, **values: Any) -> TaskSeries:
    if not versioned_update(series, expected_version=expected_version, **values):
        raise Conflict(
            _(
                "Nhiệm vụ định kỳ vừa được người khác cập nhật: tải lại trang để xem thay đổi "
                "rồi thực hiện lại."
            ),
            fields={"expected_version": _("Phiên bản đã cũ.")},
        )
    series.refresh_from_db()
    return series


def _check_active(series: TaskSeries) -> None:
    if series.status != TaskSeriesStatus.ACTIVE:
        raise _fail("status", _("Nhiệm vụ định kỳ đã dừng: không thay đổi được nữa."))


def task_series_update(
    *,
    series: TaskSeries,
    actor: Any,
    expected_version: int,
    title: str | None = None,
    description: str | None = None,
    assignee: Any = UNSET,
    until: Any = UNSET,
    due_rule: str | None = None,
    due_offset_days: int | None = None,
    due_day: int | None = None,
    supporting: Any = UNSET,
    today: dt.date | None = None,
) -> TaskSeries:
    """Change an active series; only occurrences created from now on follow the change."""
    day = today or timezone.localdate()
    _check_writer(actor, series.organization_id)
    _check_active(series)
    values: dict[str, Any] = {}
    changes: dict[str, tuple[Any, Any]] = {}
    if title is not None and (title := _clean_title(title)) != series.title:
        values["title"], changes["title"] = title, (series.title, title)
    if description is not None and description.strip() != series.description:
        values["description"] = description.strip()
        changes["description"] = (series.description, values["description"])
    if assignee is not UNSET and getattr(assignee, "pk", None) != series.assignee_id:
        _check_assignee(assignee, series.organization)
        values["assignee"] = assignee
        changes["assignee"] = (_person(series.assignee) or None, _person(assignee) or None)
    if until is not UNSET and until != series.until:
        if until is not None and (not isinstance(until, dt.date) or isinstance(until, dt.datetime)):
            raise _fail("until", _("Nhập ngày kết thúc dạng ngày/tháng/năm."))
        if until is not None and until < series.starts_on:
            raise _fail("until", _("Ngày kết thúc phải sau ngày bắt đầu của kỳ đầu tiên."))
        values["until"], changes["until"] = until, (series.until, until)
    if due_rule is not None or due_offset_days is not None or due_day is not None:
        rule = due_rule if due_rule is not None else series.due_rule
        offset = due_offset_days if due_offset_days is not None else series.due_offset_days
        dday = due_day if due_day is not None else series.due_day
        _r, rule, offset, dday = _check_rule(series.recurrence, rule, offset, dday)
        for name, old, new in (
            ("due_rule", series.due_rule, rule),
            ("due_offset_days", series.due_offset_days, offset),
            ("due_day", series.due_day, dday),
        ):
            if old != new:
                values[name], changes[name] = new, (old, new)
    supports = None
    if supporting is not UNSET:
        supports = _clean_supporting(supporting, series.organization)
        old_pairs = sorted((int(s.organization_id), s.duty) for s in series.supports.all())
        if old_pairs == sorted((int(o.pk), d) for o, d in supports):
            supports = None
    if not values and supports is None:
        return series
    with transaction.atomic():
        series = _save_versioned(series, expected_version=expected_version, **values)
        if supports is not None:
            before = [s.organization.code for s in series.supports.select_related("organization")]
            series.supports.all().delete()
            TaskSeriesSupport.objects.bulk_create(
                TaskSeriesSupport(series=series, organization=o, duty=d) for o, d in supports
            )
            changes["supporting"] = (before or None, [o.code for o, _d in supports] or None)
        audit_record(actor=actor, verb="task_series.update", target=series, changes=changes)
        _generate_one(series, today=day, actor=actor)
    return series


def task_series_stop(
    *,
    series: TaskSeries,
    actor: Any,
    expected_version: int,
    reason: str = "",
    today: dt.date | None = None,
) -> TaskSeries:
    """Stop the series: no occurrence of a later period is created; existing ones stay."""
    day = today or timezone.localdate()
    _check_writer(actor, series.organization_id)
    if TaskSeriesStatus.STOPPED not in TRANSITIONS[TaskSeriesStatus(series.status)]:
        raise _fail("status", _("Nhiệm vụ định kỳ đã dừng từ trước."))
    reason = " ".join((reason or "").split())
    with transaction.atomic():
        series = _save_versioned(
            series,
            expected_version=expected_version,
            status=TaskSeriesStatus.STOPPED,
            stopped_on=day,
        )
        changes: dict[str, tuple[Any, Any]] = {
            "status": (TaskSeriesStatus.ACTIVE, TaskSeriesStatus.STOPPED)
        }
        if reason:
            changes["reason"] = (None, reason)
        audit_record(actor=actor, verb="task_series.stop", target=series, changes=changes)
    return series


# --- Generation ------------------------------------------------------------------------------


def _occurrence_title(title: str, label: str) -> str:
    room = TITLE_MAX - len(label) - 3
    return f"{title[:room].rstrip()} — {label}"


def _generate_one(series: TaskSeries, *, today: dt.date, actor: Any = None) -> list[Task]:
    """Create the missing occurrences of one series (call inside a transaction or not)."""
    # Labels are stored in the site's language whoever's request created the occurrence.
    with translation.override(settings.LANGUAGE_CODE):
        periods = series_periods_due(series, today=today)
    if not periods:
        return []
    have = set(
        Task.objects.filter(series=series, period_start__gte=periods[0].start).values_list(
            "period_start", flat=True
        )
    )
    missing = [p for p in periods if p.start not in have]
    if not missing:
        return []
    supports = [(s.organization, s.duty) for s in series.supports.select_related("organization")]
    assignee = series.assignee
    if assignee is not None and not assignee.is_active:
        assignee = None
    created: list[Task] = []
    for period in missing:
        try:
            with transaction.atomic():  # a savepoint: a concurrent run's row is skipped
                created.append(
                    task_insert(
                        actor=actor,
                        title=_occurrence_title(series.title, period.label),
                        organization=series.organization,
                        due=series_due_of(series, period),
                        assignee=assignee,
                        description=series.description,
                        target_type=series.target_type,
                        target_id=series.target_id,
                        target_label=series.target_label,
                        supports=supports,
                        series=series,
                        period_start=period.start,
                        period_label=period.label,
                    )
                )
        except IntegrityError:
            continue
    return created


def task_series_generate(
    *, today: dt.date | None = None, series: TaskSeries | None = None
) -> dict[str, int]:
    """Create every missing occurrence of the active series (or of `series`); safe to rerun.

    Returns how many series were looked at and how many tasks were created.
    """
    day = today or timezone.localdate()
    if series is not None:
        chosen: Iterable[TaskSeries] = [series]
    else:
        chosen = TaskSeries.objects.filter(status=TaskSeriesStatus.ACTIVE).select_related(
            "organization", "assignee"
        )
    looked = created = 0
    for one in chosen:
        looked += 1
        created += len(_generate_one(one, today=day))
    return {"series": looked, "created": created}
