"""Reads of the work calendar and the deadline rules.

Both are national reference data, the same for every signed-in user (see
`danvan.core.permissions.can_view_reference_data`), so nothing here is scoped to an organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.core.deadlines import (
    DayInfo,
    DeadlineEngine,
    DeadlineResult,
    Override,
    RuleVersion,
    Suspension,
    WorkCalendar,
)
from danvan.core.errors import NotFound
from danvan.core.models import CalendarOverride, DeadlineRule
from danvan.core.permissions import can_edit_calendar
from danvan.core.selectors.scope import kept_for_generation


def can_manage_calendar(user: Any) -> bool:
    """May add or delete day swaps and edit deadline rules (administrators)."""
    return can_edit_calendar(user)


def rule_version_from_model(rule: DeadlineRule) -> RuleVersion:
    return RuleVersion(
        rule_id=rule.rule_id,
        title=rule.title,
        starts_from=rule.starts_from,
        length=rule.length,
        unit=rule.unit,
        direction=rule.direction,
        variants=MappingProxyType(dict(rule.variants or {})),
        citation=rule.citation,
        verified=rule.verified,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        note=rule.note,
        pk=rule.pk,
    )


def calendar_overrides() -> list[Override]:
    return [
        Override(row.date, row.kind, row.reason, row.source)
        for row in CalendarOverride.objects.order_by("date")
    ]


def work_calendar() -> WorkCalendar:
    """The work calendar: holidays package + the override table. Kept by the process until the
    scope generation token changes (a day swap added, changed or removed anywhere renews it), so
    a request reads the token, not the table (0.4 ms of CPU a page before)."""
    return kept_for_generation("work_calendar", lambda: WorkCalendar(calendar_overrides()))


def deadline_engine() -> DeadlineEngine:
    """Every rule version and the work calendar, kept like `work_calendar` (a rule version
    changed anywhere renews the token): 0.7 ms of CPU for each registration or move before.

    Build one engine per request or batch and call `engine.compute(...)` for each deadline.
    """

    def build() -> DeadlineEngine:
        rules = [rule_version_from_model(rule) for rule in DeadlineRule.objects.all()]
        return DeadlineEngine(rules, work_calendar())

    return kept_for_generation("deadline_engine", build)


def compute_deadline(
    *,
    rule_id: str,
    start: dt.date,
    complex: bool = False,
    especially_complex: bool = False,
    remote: bool = False,
    extended: bool = False,
    suspensions: Sequence[Suspension] = (),
    engine: DeadlineEngine | None = None,
) -> DeadlineResult:
    """Due date of `rule_id` counted from `start`, with its explanation.

    Without `engine`, the rules and overrides are read from the database; when computing many
    deadlines, build one engine with `deadline_engine()` and pass it (or call `engine.compute`).
    Raises NotFound (unknown rule) or ValidationFailed (a variant the rule does not have, a start
    before the rule's first version, bad suspensions), with Vietnamese messages.
    """
    return (engine or deadline_engine()).compute(
        rule_id=rule_id,
        start=start,
        complex=complex,
        especially_complex=especially_complex,
        remote=remote,
        extended=extended,
        suspensions=suspensions,
    )


def deadline_rule_list(*, on: dt.date | None = None) -> QuerySet[DeadlineRule]:
    """Every rule version by rule id and date; with `on`, only the versions in force that day."""
    rules = DeadlineRule.objects.order_by("rule_id", "valid_from")
    if on is not None:
        rules = rules.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on)
    return rules


def deadline_rule_get(*, pk: int) -> DeadlineRule:
    try:
        return DeadlineRule.objects.get(pk=pk)
    except DeadlineRule.DoesNotExist:
        raise NotFound("Không tìm thấy phiên bản quy tắc thời hạn này.") from None


def deadline_rule_choices(*, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(rule_id, "rule_id — title") for a select box; the title of the version in force `on`
    (today by default), else of the latest version."""
    day = on or timezone.localdate()
    titles: dict[str, str] = {}
    for rule in DeadlineRule.objects.order_by("rule_id", "valid_from").only(
        "rule_id", "title", "valid_from", "valid_to"
    ):
        if rule.rule_id not in titles or rule.valid_from <= day:
            titles[rule.rule_id] = rule.title
    return [(rule_id, f"{rule_id} — {title}") for rule_id, title in titles.items()]


@dataclass(frozen=True)
class YearDay:
    """A day of the year page: what the calendar says, plus the override row if any."""

    info: DayInfo
    override: CalendarOverride | None


@dataclass(frozen=True)
class CalendarYear:
    year: int
    days: list[YearDay]
    working_days: int


def calendar_year(*, year: int, calendar: WorkCalendar | None = None) -> CalendarYear:
    """Holidays, substitute days, swaps and overrides of `year` (ValidationFailed if the year
    is outside the supported range)."""
    calendar = calendar or work_calendar()
    overrides = {row.date: row for row in CalendarOverride.objects.filter(date__year=year)}
    days = [YearDay(info, overrides.get(info.day)) for info in calendar.special_days(year)]
    return CalendarYear(year=year, days=days, working_days=calendar.working_days_in_year(year))
