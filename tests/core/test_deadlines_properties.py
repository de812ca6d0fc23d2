"""Properties of the deadline engine that hold for every rule, variant, start date and calendar."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from danvan.core.deadlines import (
    BACKWARD,
    CALENDAR_DAYS,
    FORWARD,
    VARIANT_KEYS,
    WORKING_DAYS,
    DeadlineEngine,
    Override,
    RuleVersion,
    WorkCalendar,
    load_overrides_file,
    load_rules_file,
)

D = dt.date
RULES = load_rules_file()
CALENDAR = WorkCalendar(load_overrides_file())
ENGINE = DeadlineEngine(RULES, CALENDAR)
LAST_START = D(2099, 9, 30)  # the lunar calendar of the holidays package ends in 2100

# Every (rule version, variant) pair the shipped data allows; "" is the plain rule.
CASES = [(rule, key) for rule in RULES for key in ("", *rule.variants)]


def _flags(key: str) -> dict[str, bool]:
    return {flag: True for flag in VARIANT_KEYS.get(key, ())}


def _version_end(rule: RuleVersion) -> dt.date:
    return min(rule.valid_to - dt.timedelta(days=1), LAST_START) if rule.valid_to else LAST_START


@st.composite
def case_and_start(draw: st.DrawFn) -> tuple[RuleVersion, str, dt.date]:
    rule, key = draw(st.sampled_from(CASES))
    start = draw(st.dates(min_value=rule.valid_from, max_value=_version_end(rule)))
    return rule, key, start


@st.composite
def random_calendar(draw: st.DrawFn) -> WorkCalendar:
    """The real holidays plus arbitrary overrides around 2026."""
    days = draw(
        st.lists(
            st.dates(min_value=D(2025, 10, 1), max_value=D(2027, 6, 30)), unique=True, max_size=40
        )
    )
    kinds = draw(st.lists(st.sampled_from(["off", "work"]), min_size=len(days), max_size=len(days)))
    return WorkCalendar(
        Override(day, kind, "thử", "thử") for day, kind in zip(days, kinds, strict=True)
    )


@settings(max_examples=400, deadline=None)
@given(case_and_start())
def test_every_deadline_lands_on_a_working_day(case: tuple[RuleVersion, str, dt.date]) -> None:
    rule, key, start = case
    result = ENGINE.compute(rule_id=rule.rule_id, start=start, **_flags(key))
    assert CALENDAR.is_working_day(result.due)
    assert result.rule == rule
    assert result.length == (rule.variants[key] if key else rule.length)


@settings(max_examples=400, deadline=None)
@given(case_and_start())
def test_deadline_is_where_the_counting_rules_put_it(
    case: tuple[RuleVersion, str, dt.date],
) -> None:
    rule, key, start = case
    result = ENGINE.compute(rule_id=rule.rule_id, start=start, **_flags(key))
    n = result.length
    if rule.unit == WORKING_DAYS:
        sign = 1 if rule.direction == FORWARD else -1
        assert result.due == CALENDAR.add_working_days(start, sign * n)
        between = _working_days_strictly_between(start, result.due)
        assert between == n - 1  # the n-th working day: n - 1 others lie in between
    elif rule.direction == FORWARD:
        assert result.last_counted_day == start + dt.timedelta(days=n)
        assert result.due >= result.last_counted_day
        # Only non-working days are jumped over.
        day = result.last_counted_day
        while day < result.due:
            assert not CALENDAR.is_working_day(day)
            day += dt.timedelta(days=1)
    else:
        assert rule.direction == BACKWARD and rule.unit == CALENDAR_DAYS
        assert result.last_counted_day == start - dt.timedelta(days=n)
        assert result.due <= result.last_counted_day


def _working_days_strictly_between(a: dt.date, b: dt.date) -> int:
    low, high = min(a, b), max(a, b)
    count = 0
    day = low + dt.timedelta(days=1)
    while day < high:
        count += CALENDAR.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


@settings(max_examples=300, deadline=None)
@given(
    random_calendar(),
    st.dates(min_value=D(2025, 10, 1), max_value=D(2027, 3, 31)),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(
    calendar: WorkCalendar, start: dt.date, n: int, m: int
) -> None:
    after_n = calendar.add_working_days(start, n)
    assert calendar.add_working_days(after_n, m) == calendar.add_working_days(start, n + m)
    if n:
        assert calendar.is_working_day(after_n)


@settings(max_examples=300, deadline=None)
@given(random_calendar(), st.dates(min_value=D(2025, 10, 1), max_value=D(2027, 3, 31)))
def test_working_day_rules_land_on_working_days_of_any_calendar(
    calendar: WorkCalendar, start: dt.date
) -> None:
    engine = DeadlineEngine(RULES, calendar)
    for rule_id in ("reception.reply", "denunciation.initial", "reception.schedule_publish"):
        assert calendar.is_working_day(engine.compute(rule_id=rule_id, start=start).due)
    for rule_id in ("complaint.first.resolve", "complaint.dialogue_notice"):
        if start >= engine.versions(rule_id)[0].valid_from:
            assert calendar.is_working_day(engine.compute(rule_id=rule_id, start=start).due)


@settings(max_examples=400, deadline=None)
@given(case_and_start(), st.integers(min_value=1, max_value=60))
def test_a_later_start_never_gives_an_earlier_due_date_within_a_rule_version(
    case: tuple[RuleVersion, str, dt.date], gap: int
) -> None:
    # Across a change of version the law itself may shorten the period (complaint.accept on
    # 1/7/2026: 10 -> 7 working days), so the property holds within one version.
    rule, key, start = case
    later = start + dt.timedelta(days=gap)
    assume(later <= _version_end(rule))
    first = ENGINE.compute(rule_id=rule.rule_id, start=start, **_flags(key))
    second = ENGINE.compute(rule_id=rule.rule_id, start=later, **_flags(key))
    assert second.due >= first.due


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([r for r in RULES if r.direction == FORWARD and r.valid_to is None]),
    st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=20),
)
def test_a_suspension_never_makes_the_deadline_earlier(
    rule: RuleVersion, start: dt.date, offset: int, length: int
) -> None:
    assume(start >= rule.valid_from)
    begin = start + dt.timedelta(days=offset)
    end = begin + dt.timedelta(days=length)
    plain = ENGINE.compute(rule_id=rule.rule_id, start=start)
    suspended = ENGINE.compute(rule_id=rule.rule_id, start=start, suspensions=[(begin, end)])
    assert suspended.due >= plain.due
    assert CALENDAR.is_working_day(suspended.due)
    if rule.unit == CALENDAR_DAYS and begin <= plain.last_counted_day:
        # Every suspended day pushes the last counted day by one.
        expected_last = plain.last_counted_day + dt.timedelta(days=suspended.suspended_days)
        assert suspended.last_counted_day == expected_last
