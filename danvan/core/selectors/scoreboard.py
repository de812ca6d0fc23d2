"""The scoreboard of units ("chậm việc, sót việc, quên việc"): per lead unit, how its tasks due
in a period stand today.

Every task that is not cancelled, led by a unit the user may see (optionally: one chosen unit
and the units below it), and due within the period, falls in exactly one class:

| class | vi | rule (on `today`) |
|---|---|---|
| `on_time` | hoàn thành đúng hạn | done, completed on or before the due date |
| `late` | hoàn thành trễ hạn | done, completed after the due date |
| `pending` | chưa đến hạn | not done, due today or later |
| `overdue` | chậm | not done, past due by at most `missed_after_days` days |
| `missed` | sót, quên | not done, past due by more than `missed_after_days` days, or a |
| | | recurring occurrence whose series' next occurrence is already due |

`missed_after_days` is dated data (`danvan/data/tasks/rules.json`). The on-time rate is
on_time / (on_time + late + overdue + missed): tasks not yet due are left out. Rows are
sorted worst first: most missed, then most overdue, then lowest on-time rate, then most late.

The counts come from one grouped query (`GROUP BY` the lead unit, conditional counts over a
`CASE` that classifies each task); the same classification is the task list's `outcome`
filter (`outcome_q`), so every number links to exactly the tasks it counts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization, Task, TaskStatus
from danvan.core.selectors.orgs import organization_descendant_ids
from danvan.core.selectors.scope import get_visible_or_404, user_scope

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "tasks" / "rules.json"

ON_TIME, LATE, PENDING, OVERDUE, MISSED = "on_time", "late", "pending", "overdue", "missed"
COUNTED = "counted"  # every class: the tasks of the period
OUTCOMES: tuple[str, ...] = (ON_TIME, LATE, PENDING, OVERDUE, MISSED)
OUTCOME_VALUES: tuple[str, ...] = ("", COUNTED, *OUTCOMES)
OUTCOME_LABELS: dict[str, Any] = {
    COUNTED: gettext_lazy("Tất cả việc đến hạn trong kỳ"),
    ON_TIME: gettext_lazy("Hoàn thành đúng hạn"),
    LATE: gettext_lazy("Hoàn thành trễ hạn"),
    PENDING: gettext_lazy("Chưa đến hạn"),
    OVERDUE: gettext_lazy("Chậm (quá hạn, chưa xong)"),
    MISSED: gettext_lazy("Sót, quên"),
}
ROMAN = ("I", "II", "III", "IV")


# --- Rules (dated data) ----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRules:
    valid_from: dt.date
    valid_to: dt.date | None
    missed_after_days: int
    series_lookahead_days: int
    series_max_backfill_periods: int
    source: str


@lru_cache(maxsize=1)
def _versions() -> tuple[TaskRules, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    versions = []
    for item in raw["versions"]:
        rules = TaskRules(
            valid_from=dt.date.fromisoformat(item["valid_from"]),
            valid_to=dt.date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None,
            missed_after_days=int(item["missed_after_days"]),
            series_lookahead_days=int(item["series_lookahead_days"]),
            series_max_backfill_periods=int(item["series_max_backfill_periods"]),
            source=str(item.get("source", "")),
        )
        if rules.missed_after_days < 0 or rules.series_lookahead_days < 0:
            raise ValueError("rules.json: day counts must not be negative")
        versions.append(rules)
    return tuple(sorted(versions, key=lambda r: r.valid_from))


def task_rules_for(day: dt.date) -> TaskRules:
    """The version of the task rules in force on `day`."""
    for rules in reversed(_versions()):
        if rules.valid_from <= day and (rules.valid_to is None or day <= rules.valid_to):
            return rules
    raise ValueError(f"danvan/data/tasks/rules.json has no version in force on {day}")


# --- Classification --------------------------------------------------------------------------


def _superseded(today: dt.date) -> Exists:
    """An occurrence whose series has a later occurrence already due (not cancelled)."""
    later = Task.objects.filter(
        series_id=OuterRef("series_id"),
        period_start__gt=OuterRef("period_start"),
        due__lte=today,
    ).exclude(status=TaskStatus.CANCELLED)
    return Exists(later)


def _missed_cutoff(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=task_rules_for(today).missed_after_days)


def outcome_q(outcome: str, *, today: dt.date) -> Q:
    """The tasks of one class on `today` (`counted`: every class, cancelled ones excluded)."""
    active = Q(status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
    cutoff = _missed_cutoff(today)
    missed = active & Q(due__lt=today) & (Q(due__lt=cutoff) | Q(_superseded(today)))
    if outcome == COUNTED:
        return ~Q(status=TaskStatus.CANCELLED)
    if outcome == ON_TIME:
        return Q(status=TaskStatus.DONE) & ~Q(completed_on__gt=F("due"))
    if outcome == LATE:
        return Q(status=TaskStatus.DONE, completed_on__gt=F("due"))
    if outcome == PENDING:
        return active & Q(due__gte=today)
    if outcome == OVERDUE:
        return active & Q(due__lt=today) & ~Q(due__lt=cutoff) & ~Q(_superseded(today))
    if outcome == MISSED:
        return missed
    raise ValueError(outcome)


def _outcome_case(today: dt.date) -> Case:
    cutoff = _missed_cutoff(today)
    return Case(
        When(status=TaskStatus.DONE, completed_on__gt=F("due"), then=Value(LATE)),
        When(status=TaskStatus.DONE, then=Value(ON_TIME)),
        When(due__gte=today, then=Value(PENDING)),
        When(Q(due__lt=cutoff) | Q(_superseded(today)), then=Value(MISSED)),
        default=Value(OVERDUE),
        output_field=CharField(),
    )


# --- Periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePeriod:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def start(self) -> dt.date:
        if self.month:
            return dt.date(self.year, self.month, 1)
        if self.quarter:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.month:
            first_next = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        elif self.quarter:
            m = 3 * self.quarter + 1
            first_next = dt.date(self.year + m // 13, (m - 1) % 12 + 1, 1)
        else:
            first_next = dt.date(self.year + 1, 1, 1)
        return first_next - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.month:
            return _("Tháng %(m)d/%(y)d") % {"m": self.month, "y": self.year}
        if self.quarter:
            return _("Quý %(q)s/%(y)d") % {"q": ROMAN[self.quarter - 1], "y": self.year}
        return _("Năm %(y)d") % {"y": self.year}


def score_period(
    *, year: int | None = None, quarter: int | None = None, month: int | None = None
) -> ScorePeriod:
    """A checked period (default: this year); a quarter or a month of the year, not both."""
    y = year or timezone.localdate().year
    if not 2000 <= y <= 2100:
        raise ValidationFailed(
            _("Năm phải từ 2000 đến 2100."), fields={"year": _("Năm phải từ 2000 đến 2100.")}
        )
    if quarter and month:
        message = _("Chọn quý hoặc tháng, không chọn cả hai.")
        raise ValidationFailed(message, fields={"month": message})
    if quarter is not None and quarter and not 1 <= quarter <= 4:
        message = _("Quý là số từ 1 đến 4.")
        raise ValidationFailed(message, fields={"quarter": message})
    if month is not None and month and not 1 <= month <= 12:
        message = _("Tháng là số từ 1 đến 12.")
        raise ValidationFailed(message, fields={"month": message})
    return ScorePeriod(year=y, quarter=quarter or None, month=month or None)


# --- The scoreboard --------------------------------------------------------------------------


@dataclass
class ScoreRow:
    organization_id: int | None  # None for the totals row
    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.get(k, 0) for k in OUTCOMES)

    @property
    def rated(self) -> int:
        return self.total - self.counts.get(PENDING, 0)

    @property
    def on_time_rate(self) -> float | None:
        """Share of the tasks already due (or done) that were done on time; None if none."""
        return self.counts.get(ON_TIME, 0) / self.rated if self.rated else None

    @property
    def on_time_percent(self) -> int | None:
        rate = self.on_time_rate
        return None if rate is None else round(rate * 100)

    def __getattr__(self, name: str) -> int:  # row.on_time, row.missed … in templates
        if name in OUTCOMES:
            return self.counts.get(name, 0)
        raise AttributeError(name)


@dataclass
class Scoreboard:
    period: ScorePeriod
    today: dt.date
    root: Organization | None
    rows: list[ScoreRow]
    totals: ScoreRow
    missed_after_days: int
    rules_source: str


def _sort_key(row: ScoreRow) -> tuple[Any, ...]:
    rate = row.on_time_rate
    return (
        -row.counts.get(MISSED, 0),
        -row.counts.get(OVERDUE, 0),
        rate if rate is not None else 2.0,
        -row.counts.get(LATE, 0),
        row.name,
    )


def scoreboard_unit_ids(*, user: Any, root: Organization | None) -> set[int] | None:
    """Lead units counted: those the user may see, under `root` when given (None: all)."""
    scope = user_scope(user)
    ids: set[int] | None = None if scope.is_superuser else set(scope.organizations_for())
    if root is not None:
        below = organization_descendant_ids(root)
        ids = below if ids is None else ids & below
    return ids


def scoreboard_root(*, user: Any, root_id: int | str | None) -> Organization | None:
    """The chosen unit, if the user may see it (404 otherwise)."""
    if root_id in (None, ""):
        return None
    return get_visible_or_404(Organization.objects.all(), user, org_field="pk", pk=root_id)


def scoreboard_tasks(*, unit_ids: set[int] | None, period: ScorePeriod) -> QuerySet[Task]:
    qs = Task.objects.filter(due__gte=period.start, due__lte=period.end).exclude(
        status=TaskStatus.CANCELLED
    )
    if unit_ids is not None:
        qs = qs.filter(organization_id__in=sorted(unit_ids)) if unit_ids else qs.none()
    return qs


def task_scoreboard(
    *,
    user: Any,
    period: ScorePeriod | None = None,
    root: Organization | None = None,
    today: dt.date | None = None,
) -> Scoreboard:
    """Per lead unit, its tasks due in `period` by class on `today`, worst first, with totals."""
    day = today or timezone.localdate()
    period = period or score_period()
    unit_ids = scoreboard_unit_ids(user=user, root=root)
    grouped = (
        scoreboard_tasks(unit_ids=unit_ids, period=period)
        .annotate(outcome=_outcome_case(day))
        .values("organization_id", "organization__code", "organization__name")
        .annotate(**{k: Count("id", filter=Q(outcome=k)) for k in OUTCOMES})
        .order_by()
    )
    rows: list[ScoreRow] = []
    for g in grouped:
        values: dict[str, Any] = dict(g)
        rows.append(
            ScoreRow(
                organization_id=values["organization_id"],
                code=values["organization__code"],
                name=values["organization__name"],
                counts={k: int(values[k]) for k in OUTCOMES},
            )
        )
    rows.sort(key=_sort_key)
    totals = ScoreRow(
        organization_id=None,
        code="",
        name=str(_("Tổng cộng")),
        counts={k: sum(r.counts[k] for r in rows) for k in OUTCOMES},
    )
    rules = task_rules_for(day)
    return Scoreboard(
        period=period,
        today=day,
        root=root,
        rows=rows,
        totals=totals,
        missed_after_days=rules.missed_after_days,
        rules_source=rules.source,
    )
