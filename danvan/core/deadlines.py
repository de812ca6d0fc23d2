"""The deadline engine: the work calendar and the counting of legal deadlines.

Pure computation, no database: the caller passes the rule versions and the calendar overrides in
(`danvan.core.selectors.calendar.deadline_engine()` reads them from the database; tests build them
from the shipped data files), so the engine is fast and can be tested exhaustively.

Counting follows Bộ luật Dân sự 2015 Điều 147–148 (see docs/calendar.md):
- the start day is not counted, counting begins the next day;
- working days skip weekends, public holidays and government days off, and count make-up days;
- calendar days count every day; a last day that is not a working day moves to the next one;
- suspended time is not counted: from the suspension decision to the decision to continue;
- "at least N days before" rules count backwards from the event and give the latest allowed
  day, moved earlier to a working day when needed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import NotFound, ValidationFailed

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "calendar"
RULES_FILE = REFERENCE_DIR / "rules.json"
OVERRIDES_FILE = REFERENCE_DIR / "overrides.csv"

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
UNITS = (WORKING_DAYS, CALENDAR_DAYS)
FORWARD = "forward"
BACKWARD = "backward"
DIRECTIONS = (FORWARD, BACKWARD)
OFF = "off"
WORK = "work"

# The lunar calendar of the `holidays` package covers the years up to 2100.
MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_LENGTH = 3650

ONE_DAY = dt.timedelta(days=1)
RULE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Variant flags in the order they are joined into a variant key ("remote_complex").
VARIANT_FLAGS = ("remote", "complex", "especially_complex", "extended")
VARIANT_FLAG_LABELS = {
    "remote": gettext_lazy("vùng sâu, vùng xa, đi lại khó khăn"),
    "complex": gettext_lazy("vụ việc phức tạp"),
    "especially_complex": gettext_lazy("vụ việc đặc biệt phức tạp"),
    "extended": gettext_lazy("gia hạn"),
}
VARIANT_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "_".join(combo): combo
        for size in range(1, len(VARIANT_FLAGS) + 1)
        for combo in combinations(VARIANT_FLAGS, size)
        if not {"complex", "especially_complex"} <= set(combo)
    }
)

LIBRARY_SOURCE = f"Bộ luật Lao động 2019, Điều 112 (dữ liệu gói holidays {holidays.__version__})"


# --- Small helpers ---------------------------------------------------------------------------


def fmt(day: dt.date) -> str:
    """A date as Vietnamese users write it: 05/02/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def weekday_name(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def unit_label(unit: str) -> str:
    return _("ngày làm việc") if unit == WORKING_DAYS else _("ngày")


def variant_label(key: str) -> str:
    flags = VARIANT_KEYS.get(key, ())
    return ", ".join(str(VARIANT_FLAG_LABELS[flag]) for flag in flags) or key


def variant_key(
    *,
    remote: bool = False,
    complex: bool = False,
    especially_complex: bool = False,
    extended: bool = False,
) -> str:
    chosen = {
        "remote": remote,
        "complex": complex,
        "especially_complex": especially_complex,
        "extended": extended,
    }
    return "_".join(flag for flag in VARIANT_FLAGS if chosen[flag])


def parse_iso_date(value: str, *, field: str = "start") -> dt.date:
    """Parse YYYY-MM-DD strictly; a bad value is a ValidationFailed with a Vietnamese message."""
    text = (value or "").strip()
    try:
        if not ISO_DATE_RE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        message = _(
            "Ngày “{value}” không hợp lệ: viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-02-10."
        ).format(value=text)
        raise ValidationFailed(message, fields={field: message}) from None


# --- The work calendar -----------------------------------------------------------------------


class DayKind:
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # public holiday or substitute day off (holidays package)
    MAKEUP = "makeup"  # a weekend made a working day (holidays package)
    OVERRIDE_OFF = "override_off"
    OVERRIDE_WORK = "override_work"


DAY_KIND_LABELS = {
    DayKind.WORKING: gettext_lazy("Ngày làm việc"),
    DayKind.WEEKEND: gettext_lazy("Nghỉ cuối tuần"),
    DayKind.HOLIDAY: gettext_lazy("Nghỉ lễ, Tết"),
    DayKind.MAKEUP: gettext_lazy("Ngày làm việc bù"),
    DayKind.OVERRIDE_OFF: gettext_lazy("Ngày nghỉ (điều chỉnh lịch)"),
    DayKind.OVERRIDE_WORK: gettext_lazy("Ngày làm việc bù (điều chỉnh lịch)"),
}


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: dt.date
    working: bool
    kind: str
    name: str = ""
    source: str = ""

    @property
    def weekday(self) -> str:
        return weekday_name(self.day)

    @property
    def kind_label(self) -> str:
        return str(DAY_KIND_LABELS[self.kind])

    @property
    def is_override(self) -> bool:
        return self.kind in (DayKind.OVERRIDE_OFF, DayKind.OVERRIDE_WORK)

    def reason(self) -> str:
        """Why the day is (not) a working day, in Vietnamese."""
        if self.kind == DayKind.WEEKEND:
            return _("nghỉ cuối tuần")
        if self.kind == DayKind.HOLIDAY:
            return _("nghỉ lễ, Tết — {name}").format(name=self.name)
        if self.kind == DayKind.MAKEUP:
            return _("ngày làm việc bù — {name}").format(name=self.name)
        if self.is_override:
            return _("{name} (căn cứ: {source})").format(name=self.name, source=self.source)
        return _("ngày làm việc")


@dataclass(frozen=True, slots=True)
class Override:
    """One row of the override table: a day made a day off or a working day."""

    day: dt.date
    kind: str
    reason: str
    source: str


HolidayProvider = Callable[[int], Mapping[dt.date, DayInfo]]


@lru_cache(maxsize=256)
def vietnam_public_days(year: int) -> Mapping[dt.date, DayInfo]:
    """Vietnam's public holidays and substitute days off of `year`, plus the weekend days the
    `holidays` package knows were made working days by a government swap."""
    lib = holidays.country_holidays("VN", years=year, language="vi")
    days: dict[dt.date, DayInfo] = {
        day: DayInfo(day, False, DayKind.HOLIDAY, str(name), LIBRARY_SOURCE)
        for day, name in sorted(lib.items())
    }
    for day in sorted(getattr(lib, "weekend_workdays", ())):
        if day.year == year and day not in days:
            days[day] = DayInfo(day, True, DayKind.MAKEUP, _("hoán đổi ngày nghỉ"), LIBRARY_SOURCE)
    return MappingProxyType(days)


def weekends_only(year: int) -> Mapping[dt.date, DayInfo]:
    """A holiday provider with no holidays at all (for tests and what-if computations)."""
    return MappingProxyType({})


class WorkCalendar:
    """Which days are working days: weekends, public holidays, then the override table.

    The day exceptions of each year are merged once and cached, so a lookup is a dict access.
    """

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        *,
        public_days: HolidayProvider = vietnam_public_days,
    ) -> None:
        self._public_days = public_days
        self._overrides: dict[int, dict[dt.date, Override]] = {}
        for override in overrides:
            if override.kind not in (OFF, WORK):
                raise ValueError(f"override kind must be 'off' or 'work': {override!r}")
            self._overrides.setdefault(override.day.year, {})[override.day] = override
        self._years: dict[int, dict[dt.date, DayInfo]] = {}

    def _year(self, year: int) -> dict[dt.date, DayInfo]:
        days = self._years.get(year)
        if days is None:
            if not MIN_YEAR <= year <= MAX_YEAR:
                message = _("Lịch làm việc chỉ tính được cho các năm từ {low} đến {high}.").format(
                    low=MIN_YEAR, high=MAX_YEAR
                )
                raise ValidationFailed(message, fields={"start": message})
            days = dict(self._public_days(year))
            for override in self._overrides.get(year, {}).values():
                kind = DayKind.OVERRIDE_WORK if override.kind == WORK else DayKind.OVERRIDE_OFF
                days[override.day] = DayInfo(
                    override.day, override.kind == WORK, kind, override.reason, override.source
                )
            self._years[year] = days
        return days

    def info(self, day: dt.date) -> DayInfo:
        special = self._year(day.year).get(day)
        if special is not None:
            return special
        if day.weekday() >= 5:
            return DayInfo(day, False, DayKind.WEEKEND, weekday_name(day))
        return DayInfo(day, True, DayKind.WORKING)

    def is_working_day(self, day: dt.date) -> bool:
        special = self._year(day.year).get(day)
        if special is not None:
            return special.working
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (before it when `count` is negative);
        `day` itself is not counted."""
        for _i in range(abs(count)):
            day = self.next_working_day(day) if count > 0 else self.previous_working_day(day)
        return day

    def special_days(self, year: int) -> list[DayInfo]:
        """Every day of `year` that differs from the plain Monday–Friday week, by date."""
        return [self._year(year)[day] for day in sorted(self._year(year))]

    def working_days_in_year(self, year: int) -> int:
        day = dt.date(year, 1, 1)
        count = 0
        while day.year == year:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count


# --- Rule versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleVersion:
    rule_id: str
    title: str
    starts_from: str
    length: int
    unit: str
    direction: str
    variants: Mapping[str, int]
    citation: str
    verified: bool
    valid_from: dt.date
    valid_to: dt.date | None = None
    note: str = ""
    pk: int | None = field(default=None, compare=False)

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RuleVersion:
        """Build from a `rules.json` entry; raises ValidationFailed naming the bad fields."""

        def as_date(name: str, *, required: bool) -> dt.date | None:
            value = data.get(name)
            if value in (None, ""):
                if required:
                    raise ValidationFailed(
                        _("Thiếu {name}.").format(name=name), fields={name: _("Bắt buộc.")}
                    )
                return None
            if isinstance(value, dt.date):
                return value
            return parse_iso_date(str(value), field=name)

        valid_from = as_date("valid_from", required=True)
        assert valid_from is not None
        rule = cls(
            rule_id=str(data.get("rule_id", "")).strip(),
            title=str(data.get("title", "")).strip(),
            starts_from=str(data.get("starts_from", "")).strip(),
            length=data.get("length", 0),
            unit=str(data.get("unit", "")),
            direction=str(data.get("direction", FORWARD)),
            variants=MappingProxyType(dict(data.get("variants") or {})),
            citation=str(data.get("citation", "")).strip(),
            verified=bool(data.get("verified", True)),
            valid_from=valid_from,
            valid_to=as_date("valid_to", required=False),
            note=str(data.get("note", "") or "").strip(),
        )
        errors = rule_errors(rule)
        if errors:
            raise ValidationFailed(
                _("Quy tắc “{rule_id}” không hợp lệ: {details}").format(
                    rule_id=rule.rule_id, details="; ".join(f"{k}: {v}" for k, v in errors.items())
                ),
                fields=errors,
            )
        return rule


def rule_errors(rule: RuleVersion) -> dict[str, str]:
    """Field -> Vietnamese message for everything wrong with one rule version."""
    errors: dict[str, str] = {}
    if not RULE_ID_RE.match(rule.rule_id or ""):
        errors["rule_id"] = _("Mã quy tắc chỉ gồm chữ thường không dấu, số, “_” và “.”.")
    if not rule.title:
        errors["title"] = _("Cần nhập tên quy tắc.")
    if not rule.citation:
        errors["citation"] = _("Cần nhập căn cứ pháp lý.")
    if isinstance(rule.length, bool) or not isinstance(rule.length, int):
        errors["length"] = _("Thời hạn phải là số nguyên.")
    elif not 1 <= rule.length <= MAX_LENGTH:
        errors["length"] = _("Thời hạn phải từ 1 đến {max} ngày.").format(max=MAX_LENGTH)
    if rule.unit not in UNITS:
        errors["unit"] = _("Đơn vị phải là “working_days” hoặc “calendar_days”.")
    if rule.direction not in DIRECTIONS:
        errors["direction"] = _("Chiều tính phải là “forward” hoặc “backward”.")
    variant_problems: list[str] = []
    if rule.direction == BACKWARD and rule.variants:
        variant_problems.append(_("quy tắc tính lùi không có biến thể"))
    for key, total in rule.variants.items():
        if key not in VARIANT_KEYS:
            variant_problems.append(_("biến thể “{key}” không được hỗ trợ").format(key=key))
        elif isinstance(total, bool) or not isinstance(total, int):
            variant_problems.append(_("“{key}” phải là số nguyên").format(key=key))
        elif isinstance(rule.length, int) and not rule.length <= total <= MAX_LENGTH:
            variant_problems.append(
                _("“{key}” phải từ {low} đến {high} (tổng thời hạn)").format(
                    key=key, low=rule.length, high=MAX_LENGTH
                )
            )
    if variant_problems:
        joined = "; ".join(variant_problems)
        errors["variants"] = joined[:1].upper() + joined[1:] + "."
    if rule.valid_to is not None and rule.valid_to <= rule.valid_from:
        errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    return errors


def overlap_error(versions: Iterable[RuleVersion]) -> str:
    """A Vietnamese message if two versions of the same rule are in force on the same day."""
    by_rule: dict[str, list[RuleVersion]] = {}
    for version in versions:
        by_rule.setdefault(version.rule_id, []).append(version)
    for rule_id, items in by_rule.items():
        items.sort(key=lambda v: v.valid_from)
        for earlier, later in pairwise(items):
            if earlier.valid_to is None or earlier.valid_to > later.valid_from:
                return _(
                    "Hai phiên bản của quy tắc “{rule_id}” chồng lên nhau: phiên bản từ {a} "
                    "còn hiệu lực khi phiên bản từ {b} bắt đầu."
                ).format(rule_id=rule_id, a=fmt(earlier.valid_from), b=fmt(later.valid_from))
    return ""


# --- Results ---------------------------------------------------------------------------------


class StepKind:
    RULE = "rule"
    START = "start"
    LENGTH = "length"
    SKIP = "skip"
    MAKEUP = "makeup"
    SUSPENSION = "suspension"
    LAST_DAY = "last_day"
    MOVED = "moved"
    DUE = "due"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Step:
    kind: str
    text: str
    day: dt.date | None = None


@dataclass(frozen=True)
class DeadlineResult:
    rule: RuleVersion
    start: dt.date
    due: dt.date
    length: int  # total length applied, variant included
    base_length: int
    unit: str
    direction: str
    variant: str  # "" or a key of VARIANT_KEYS
    last_counted_day: dt.date  # before moving to a working day
    suspended_days: int  # days (in the rule's unit) not counted because of suspensions
    steps: tuple[Step, ...]

    @property
    def explanation(self) -> list[str]:
        return [step.text for step in self.steps]

    @property
    def skipped(self) -> list[Step]:
        return [step for step in self.steps if step.kind == StepKind.SKIP]


Suspension = tuple[dt.date, dt.date]


# --- The engine ------------------------------------------------------------------------------


class DeadlineEngine:
    """Rule versions + a work calendar: computes due dates and explains them."""

    def __init__(self, rules: Iterable[RuleVersion], calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._rules: dict[str, list[RuleVersion]] = {}
        for rule in rules:
            self._rules.setdefault(rule.rule_id, []).append(rule)
        for versions in self._rules.values():
            versions.sort(key=lambda v: v.valid_from)

    def rule_ids(self) -> list[str]:
        return sorted(self._rules)

    def versions(self, rule_id: str) -> list[RuleVersion]:
        versions = self._rules.get(rule_id)
        if not versions:
            if not self._rules:
                message = _(
                    "Chưa có quy tắc thời hạn nào trong cơ sở dữ liệu: chạy “danvan install” "
                    "để nạp dữ liệu tham chiếu."
                )
            else:
                message = _("Không có quy tắc thời hạn “{rule_id}”. Các mã quy tắc: {ids}.").format(
                    rule_id=rule_id, ids=", ".join(self.rule_ids())
                )
            raise NotFound(message, fields={"rule": message})
        return list(versions)

    def version_on(self, rule_id: str, day: dt.date) -> RuleVersion:
        """The version of `rule_id` in force on `day` (the rule's start date)."""
        versions = self.versions(rule_id)
        for version in versions:
            if version.in_force_on(day):
                return version
        first = versions[0]
        if day < first.valid_from:
            message = _(
                "Quy tắc “{rule_id}” chỉ có hiệu lực từ ngày {valid_from}; ngày bắt đầu tính "
                "{day} sớm hơn ngày đó."
            ).format(rule_id=rule_id, valid_from=fmt(first.valid_from), day=fmt(day))
        else:
            message = _(
                "Không có phiên bản nào của quy tắc “{rule_id}” có hiệu lực vào ngày {day}."
            ).format(rule_id=rule_id, day=fmt(day))
        raise ValidationFailed(message, fields={"start": message})

    def compute(
        self,
        *,
        rule_id: str,
        start: dt.date,
        complex: bool = False,
        especially_complex: bool = False,
        remote: bool = False,
        extended: bool = False,
        suspensions: Sequence[Suspension] = (),
    ) -> DeadlineResult:
        if complex and especially_complex:
            message = _("Chỉ chọn một trong hai: vụ việc phức tạp hoặc vụ việc đặc biệt phức tạp.")
            raise ValidationFailed(message, fields={"variant": message})
        rule = self.version_on(rule_id, start)
        if not MIN_YEAR <= start.year <= MAX_YEAR:
            message = _("Lịch làm việc chỉ tính được cho các năm từ {low} đến {high}.").format(
                low=MIN_YEAR, high=MAX_YEAR
            )
            raise ValidationFailed(message, fields={"start": message})
        key = variant_key(
            remote=remote,
            complex=complex,
            especially_complex=especially_complex,
            extended=extended,
        )
        if key and key not in rule.variants:
            available = ", ".join(f"{variant_label(k)} ({k})" for k in rule.variants)
            message = _(
                "Quy tắc “{rule_id}” không có biến thể “{label}”. "
                "Biến thể có thể chọn: {available}."
            ).format(
                rule_id=rule_id, label=variant_label(key), available=available or _("không có")
            )
            raise ValidationFailed(message, fields={"variant": message})
        length = rule.variants[key] if key else rule.length
        if suspensions and rule.direction == BACKWARD:
            message = _("Quy tắc tính lùi “{rule_id}” không có thời gian tạm đình chỉ.").format(
                rule_id=rule_id
            )
            raise ValidationFailed(message, fields={"suspensions": message})
        spans = _check_suspensions(suspensions, start)

        steps: list[Step] = [_rule_step(rule)]
        if rule.direction == FORWARD:
            steps.append(
                Step(
                    StepKind.START,
                    _(
                        "Tính từ ngày {day} ({weekday}) — {event}; ngày này không tính, bắt đầu "
                        "đếm từ ngày hôm sau."
                    ).format(
                        day=fmt(start),
                        weekday=weekday_name(start),
                        event=_lower_first(rule.starts_from),
                    ),
                    start,
                )
            )
        else:
            steps.append(
                Step(
                    StepKind.START,
                    _("Tính lùi từ ngày {day} ({weekday}) — {event}; ngày này không tính.").format(
                        day=fmt(start),
                        weekday=weekday_name(start),
                        event=_lower_first(rule.starts_from),
                    ),
                    start,
                )
            )
        steps.append(Step(StepKind.LENGTH, _length_text(rule, length, key)))

        counter = _Counter(self.calendar, steps)
        if rule.direction == FORWARD:
            last = counter.forward(start, length, rule.unit == WORKING_DAYS, spans)
        else:
            last = counter.backward(start, length, rule.unit == WORKING_DAYS)
        steps.append(
            Step(
                StepKind.LAST_DAY,
                _("Ngày thứ {n} của thời hạn: {day} ({weekday}).").format(
                    n=length, day=fmt(last), weekday=weekday_name(last)
                ),
                last,
            )
        )
        due = last
        if rule.unit == CALENDAR_DAYS and not self.calendar.is_working_day(last):
            info = self.calendar.info(last)
            if rule.direction == FORWARD:
                due = self.calendar.next_working_day(last)
                text = _(
                    "Ngày {day} không phải ngày làm việc ({reason}): hạn chuyển sang ngày làm việc "
                    "tiếp theo, {due} ({weekday})."
                )
            else:
                due = self.calendar.previous_working_day(last)
                text = _(
                    "Ngày {day} không phải ngày làm việc ({reason}): lùi về ngày làm việc liền "
                    "trước, {due} ({weekday})."
                )
            steps.append(
                Step(
                    StepKind.MOVED,
                    text.format(
                        day=fmt(last),
                        reason=info.reason(),
                        due=fmt(due),
                        weekday=weekday_name(due),
                    ),
                    due,
                )
            )
        if rule.direction == FORWARD:
            steps.append(
                Step(
                    StepKind.DUE,
                    _("Hạn: {due} ({weekday}), hết 24 giờ ngày này.").format(
                        due=fmt(due), weekday=weekday_name(due)
                    ),
                    due,
                )
            )
        else:
            steps.append(
                Step(
                    StepKind.DUE,
                    _(
                        "Chậm nhất ngày {due} ({weekday}): trước ngày {event} ít nhất {n} {unit}."
                    ).format(
                        due=fmt(due),
                        weekday=weekday_name(due),
                        event=fmt(start),
                        n=length,
                        unit=unit_label(rule.unit),
                    ),
                    due,
                )
            )
        if rule.note:
            steps.append(Step(StepKind.NOTE, _("Ghi chú: {note}").format(note=rule.note)))
        return DeadlineResult(
            rule=rule,
            start=start,
            due=due,
            length=length,
            base_length=rule.length,
            unit=rule.unit,
            direction=rule.direction,
            variant=key,
            last_counted_day=last,
            suspended_days=counter.suspended_days,
            steps=tuple(steps),
        )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _rule_step(rule: RuleVersion) -> Step:
    text = _(
        "Quy tắc {rule_id} — {title} (phiên bản có hiệu lực từ {valid_from}); căn cứ: {citation}"
    ).format(
        rule_id=rule.rule_id,
        title=rule.title,
        valid_from=fmt(rule.valid_from),
        citation=rule.citation,
    )
    if not rule.verified:
        text += _(" (nguồn chưa được kiểm chứng)")
    return Step(StepKind.RULE, text + ".")


def _length_text(rule: RuleVersion, length: int, key: str) -> str:
    text = _("Thời hạn: {n} {unit}").format(n=length, unit=unit_label(rule.unit))
    if key:
        text += _(" ({variant}; thời hạn cơ bản {base} {unit})").format(
            variant=variant_label(key), base=rule.length, unit=unit_label(rule.unit)
        )
    if rule.unit == CALENDAR_DAYS:
        text += _(
            ". Đếm cả ngày nghỉ, ngày lễ; nếu ngày cuối cùng không phải ngày làm việc thì "
            "chuyển sang ngày làm việc {which}."
        ).format(which=_("tiếp theo") if rule.direction == FORWARD else _("liền trước"))
    else:
        text += _(". Không tính ngày nghỉ cuối tuần, ngày nghỉ lễ, Tết và ngày nghỉ hoán đổi.")
    return text


def _check_suspensions(suspensions: Sequence[Suspension], start: dt.date) -> list[Suspension]:
    spans = sorted(((begin, end) for begin, end in suspensions), key=lambda span: span[0])
    previous_end: dt.date | None = None
    for begin, end in spans:
        problem = ""
        if end < begin:
            problem = _(
                "Khoảng tạm đình chỉ {begin} – {end}: ngày tiếp tục phải từ ngày tạm đình chỉ "
                "trở về sau."
            )
        elif begin < start or end.year > MAX_YEAR:
            problem = _(
                "Khoảng tạm đình chỉ {begin} – {end} phải bắt đầu từ ngày bắt đầu tính thời hạn "
                "và kết thúc trước năm {limit}."
            )
        elif previous_end is not None and begin <= previous_end:
            problem = _("Khoảng tạm đình chỉ {begin} – {end} chồng lên khoảng trước đó.")
        if problem:
            message = problem.format(begin=fmt(begin), end=fmt(end), limit=MAX_YEAR + 1)
            raise ValidationFailed(message, fields={"suspensions": message})
        previous_end = end
    return spans


class _Counter:
    """Walks the calendar day by day, recording each skipped day in `steps`."""

    def __init__(self, calendar: WorkCalendar, steps: list[Step]) -> None:
        self.calendar = calendar
        self.steps = steps
        self.suspended_days = 0

    def _skip(self, info: DayInfo) -> None:
        self.steps.append(
            Step(
                StepKind.SKIP,
                _("Không tính {day} ({weekday}): {reason}.").format(
                    day=fmt(info.day), weekday=weekday_name(info.day), reason=info.reason()
                ),
                info.day,
            )
        )

    def forward(
        self, start: dt.date, length: int, working_only: bool, spans: list[Suspension]
    ) -> dt.date:
        day = start
        counted = 0
        pending = list(spans)
        while counted < length:
            day += ONE_DAY
            if pending and pending[0][0] <= day:
                begin, end = pending.pop(0)
                first = max(begin, start + ONE_DAY)
                excluded = _days_between(self.calendar, first, end, working_only)
                self.suspended_days += excluded
                self.steps.append(
                    Step(
                        StepKind.SUSPENSION,
                        _(
                            "Tạm đình chỉ từ {begin} đến {end}: {n} {unit} không tính; thời hạn "
                            "tính tiếp từ ngày hôm sau ngày có quyết định tiếp tục ({end})."
                        ).format(
                            begin=fmt(begin),
                            end=fmt(end),
                            n=excluded,
                            unit=unit_label(WORKING_DAYS if working_only else CALENDAR_DAYS),
                        ),
                        begin,
                    )
                )
                day = end
                continue
            if working_only:
                info = self.calendar.info(day)
                if not info.working:
                    self._skip(info)
                    continue
                if info.kind in (DayKind.MAKEUP, DayKind.OVERRIDE_WORK):
                    self.steps.append(
                        Step(
                            StepKind.MAKEUP,
                            _("Có tính {day} ({weekday}): {reason}.").format(
                                day=fmt(day), weekday=weekday_name(day), reason=info.reason()
                            ),
                            day,
                        )
                    )
            counted += 1
        for begin, end in pending:
            self.steps.append(
                Step(
                    StepKind.SUSPENSION,
                    _(
                        "Tạm đình chỉ từ {begin} đến {end} bắt đầu sau ngày cuối của thời hạn: "
                        "không làm thay đổi hạn."
                    ).format(begin=fmt(begin), end=fmt(end)),
                    begin,
                )
            )
        return day

    def backward(self, start: dt.date, length: int, working_only: bool) -> dt.date:
        if not working_only:
            return start - dt.timedelta(days=length)
        day = start
        counted = 0
        while counted < length:
            day -= ONE_DAY
            info = self.calendar.info(day)
            if not info.working:
                self._skip(info)
                continue
            counted += 1
        return day


def _days_between(calendar: WorkCalendar, first: dt.date, last: dt.date, working: bool) -> int:
    if last < first:
        return 0
    if not working:
        return (last - first).days + 1
    count = 0
    day = first
    while day <= last:
        count += calendar.is_working_day(day)
        day += ONE_DAY
    return count


# --- Reference data files --------------------------------------------------------------------


def load_rules_file(path: Path = RULES_FILE) -> list[RuleVersion]:
    """The rule versions shipped in `rules.json`, validated (ValidationFailed if not)."""
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    rules = [RuleVersion.from_mapping(item) for item in data["rules"]]
    problem = overlap_error(rules)
    if problem:
        raise ValidationFailed(problem)
    return rules


def load_overrides_file(path: Path = OVERRIDES_FILE) -> list[Override]:
    """The day swaps shipped in `overrides.csv`, validated (ValidationFailed if not)."""
    overrides: list[Override] = []
    seen: set[dt.date] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            day = parse_iso_date(row.get("date") or "", field="date")
            kind = (row.get("kind") or "").strip()
            reason = (row.get("reason") or "").strip()
            source = (row.get("source") or "").strip()
            if kind not in (OFF, WORK) or not reason or not source or day in seen:
                raise ValidationFailed(
                    _(
                        "{path}, dòng {line}: cần ngày chưa trùng, loại off/work, lý do và căn cứ."
                    ).format(path=path.name, line=line)
                )
            seen.add(day)
            overrides.append(Override(day, kind, reason, source))
    return overrides


def reference_engine() -> DeadlineEngine:
    """An engine built from the shipped files only (no database): for tests and tools."""
    return DeadlineEngine(load_rules_file(), WorkCalendar(load_overrides_file()))
