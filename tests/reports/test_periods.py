"""Report periods and their data windows (Nghị định 09/2019: cut on the 15th)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.reports.periods import (
    KINDS,
    PeriodError,
    period_kind_of,
    period_parse,
    period_previous,
)

D = dt.date


@pytest.mark.parametrize(
    ("kind", "code", "start", "end", "label"),
    [
        ("six-month", "2026-H1", D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026"),
        ("nine-month", "2026-9M", D(2025, 12, 15), D(2026, 9, 14), "9 tháng đầu năm 2026"),
        ("year", "2026", D(2025, 12, 15), D(2026, 12, 14), "năm 2026"),
        ("quarter", "2026-Q3", D(2026, 6, 15), D(2026, 9, 14), "quý III năm 2026"),
        ("quarter", "2026-Q1", D(2025, 12, 15), D(2026, 3, 14), "quý I năm 2026"),
        ("month", "2026-09", D(2026, 8, 15), D(2026, 9, 14), "tháng 9 năm 2026"),
        ("month", "2026-01", D(2025, 12, 15), D(2026, 1, 14), "tháng 1 năm 2026"),
        ("six-month", "2026-H2", D(2026, 6, 15), D(2026, 12, 14), "6 tháng cuối năm 2026"),
        ("multi-year", "2016..2025", D(2015, 12, 15), D(2025, 12, 14), "giai đoạn 2016 - 2025"),
        (
            "ad-hoc",
            "2026-03-01..2026-04-15",
            D(2026, 3, 1),
            D(2026, 4, 15),
            "từ ngày 01/03/2026 đến ngày 15/04/2026",
        ),
    ],
)
def test_windows_cut_on_the_15th(kind: str, code: str, start: D, end: D, label: str) -> None:
    period = period_parse(kind, code)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period_kind_of(code) == kind


def test_calendar_windows_with_cut_day_1() -> None:
    assert period_parse("month", "2026-02", 1).end == D(2026, 2, 28)
    assert period_parse("month", "2028-02", 1).end == D(2028, 2, 29)
    h1 = period_parse("six-month", "2026-H1", 1)
    assert (h1.start, h1.end) == (D(2026, 1, 1), D(2026, 6, 30))
    year = period_parse("year", "2026", 1)
    assert (year.start, year.end) == (D(2026, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("year", "2026-H1"),
        ("six-month", "2026"),
        ("month", "2026-Q3"),
        ("quarter", "2026-9M"),
        ("multi-year", "2026"),
        ("ad-hoc", "2026-H1"),
        ("month", "2026-13"),
        ("multi-year", "2025..2016"),
        ("ad-hoc", "2026-04-15..2026-03-01"),
        ("ad-hoc", "2026-02-30..2026-03-01"),
        ("year", "H1-2026"),
        ("six-month", ""),
        ("fortnight", "2026-H1"),
    ],
)
def test_a_period_that_does_not_fit_the_kind_is_refused(kind: str, code: str) -> None:
    with pytest.raises(PeriodError) as info:
        period_parse(kind, code)
    assert str(info.value)  # a Vietnamese message, not an empty error


def test_previous_period() -> None:
    assert period_previous(period_parse("six-month", "2026-H1")).code == "2025-H1"
    assert period_previous(period_parse("year", "2026")).code == "2025"
    assert period_previous(period_parse("quarter", "2026-Q1")).code == "2025-Q4"
    assert period_previous(period_parse("month", "2026-01")).code == "2025-12"
    assert period_previous(period_parse("multi-year", "2016..2025")).code == "2006..2015"
    adhoc = period_previous(period_parse("ad-hoc", "2026-03-01..2026-03-10"))
    assert (adhoc.start, adhoc.end) == (D(2026, 2, 19), D(2026, 2, 28))


@given(
    year=st.integers(min_value=2000, max_value=2090),
    cut=st.integers(min_value=1, max_value=28),
)
def test_months_tile_the_year_without_gap_or_overlap(year: int, cut: int) -> None:
    months = [period_parse("month", f"{year}-{m:02d}", cut) for m in range(1, 13)]
    whole = period_parse("year", str(year), cut)
    assert months[0].start == whole.start
    assert months[-1].end == whole.end
    for before, after in itertools.pairwise(months):
        assert after.start == before.end + dt.timedelta(days=1)
    assert sum(m.days for m in months) == whole.days
    quarters = [period_parse("quarter", f"{year}-Q{q}", cut) for q in range(1, 5)]
    assert sum(q.days for q in quarters) == whole.days
    h1 = period_parse("six-month", f"{year}-H1", cut)
    assert h1.end == quarters[1].end
    assert period_parse("nine-month", f"{year}-9M", cut).end == quarters[2].end


@given(kind=st.sampled_from(KINDS), text=st.text(max_size=30))
def test_any_text_parses_or_gives_a_period_error(kind: str, text: str) -> None:
    try:
        period = period_parse(kind, text)
    except PeriodError:
        return
    assert period.start <= period.end
    assert period.kind == kind
