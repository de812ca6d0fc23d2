"""The hotspot statistic (a simplified Farrington method) on series built by hand: a flat
series never alerts, a rise that comes every year before Tết does not alert once a year of
history shows it, a real spike alerts, a tiny count never alerts; the numbers and the sentence
that explain a decision."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path

import pytest

from danvan.monitoring import hotspots as h

P = h.parameters_on(dt.date(2026, 11, 18))
FIRST = dt.date(2023, 1, 2)  # a Monday: three years and more of history
LAST = dt.date(2026, 12, 28)
# Tết Nguyên đán: the rise comes in the three weeks before it, and Tết moves every year.
TET = [dt.date(2023, 1, 22), dt.date(2024, 2, 10), dt.date(2025, 1, 29), dt.date(2026, 2, 17)]


def mondays(first: dt.date = FIRST, last: dt.date = LAST) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day += h.WEEK
    return days


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's sampler: a deterministic, realistic count for a seeded generator."""
    limit, k, product = math.exp(-lam), 0, 1.0
    while True:
        product *= rng.random()
        if product <= limit:
            return k
        k += 1


def before_tet(week: dt.date) -> bool:
    return any(t - dt.timedelta(days=21) <= week < t for t in TET)


def alerts_in(counts: dict[dt.date, int], weeks: list[dt.date], **kw: object) -> list[dt.date]:
    return [w for w in weeks if h.evaluate(counts, w, P, history_start=FIRST, **kw).alert]  # type: ignore[arg-type]


# --- The parameters are dated data ------------------------------------------------------------


def test_shipped_parameters_are_dated_and_explained() -> None:
    raw = json.loads(h.DATA_FILE.read_text(encoding="utf-8"))
    assert raw["versions"][0]["valid_from"]
    assert "Farrington" in raw["versions"][0]["note"]
    assert (P.alpha, P.min_count, P.seasonal_years, P.seasonal_half_width_weeks) == (
        0.01,
        5,
        3,
        3,
    )
    assert (P.recent_weeks, P.guard_weeks) == (10, 2)


def test_the_version_in_force_on_the_day_applies(tmp_path: Path) -> None:
    file = tmp_path / "ew.json"
    base = json.loads(h.DATA_FILE.read_text(encoding="utf-8"))["versions"][0]
    newer = {**base, "valid_from": "2027-01-01", "alpha": 0.005}
    old = {**base, "valid_to": "2026-12-31"}
    file.write_text(json.dumps({"versions": [newer, old]}), encoding="utf-8")

    versions = h.parameters_load(file)

    assert [v.alpha for v in versions] == [0.01, 0.005]
    assert versions[0].in_force_on(dt.date(2026, 12, 31))
    assert not versions[0].in_force_on(dt.date(2027, 1, 1))


def test_a_bad_alpha_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "ew.json"
    base = json.loads(h.DATA_FILE.read_text(encoding="utf-8"))["versions"][0]
    file.write_text(json.dumps({"versions": [{**base, "alpha": 1.5}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="alpha"):
        h.parameters_load(file)


# --- The distribution -------------------------------------------------------------------------


def test_poisson_upper_tail_matches_the_sum_of_the_probabilities() -> None:
    mu = 3.2
    exact = sum(math.exp(-mu) * mu**k / math.factorial(k) for k in range(14, 80))
    assert h.upper_tail(14, mu) == pytest.approx(exact, rel=1e-9)
    assert h.upper_tail(2, mu) == pytest.approx(1 - math.exp(-mu) * (1 + mu), rel=1e-12)
    assert h.upper_tail(0, mu) == 1.0


def test_negative_binomial_tail_is_wider_than_poisson_for_the_same_mean() -> None:
    # Mean 4, variance 3 × 4: P(X >= 10), checked against the sum of the pmf.
    mu, phi = 4.0, 3.0
    r, p = mu / (phi - 1), 1 / phi
    pmf = [
        math.exp(math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1)) * p**r * (1 - p) ** k
        for k in range(10)
    ]
    assert h.upper_tail(10, mu, phi) == pytest.approx(1 - sum(pmf), rel=1e-9)
    assert h.upper_tail(10, mu, phi) > 5 * h.upper_tail(10, mu, 1.0)


def test_a_dispersion_a_rounding_error_above_one_is_poisson() -> None:
    # Variance / mean of a real baseline came out as 1.0000000000000002: the negative binomial
    # of that size is the Poisson, not a broken tail of 0.
    assert h.upper_tail(51, 57.6, 1.0000000000000002) == pytest.approx(h.upper_tail(51, 57.6))
    assert h.upper_tail(51, 57.6, 1.0 + 1e-9) == pytest.approx(0.8247, abs=1e-4)
    assert h.alert_threshold(57.6, 1.0000000000000002, 0.01) == 77
    counts = (52, 55, 53, 47, 68, 56, 52, 71, 60, 62)
    base = h.Baseline(h.RECENT, tuple(dt.date(2026, 1, 5) + i * h.WEEK for i in range(10)), counts)
    assert base.dispersion == 1.0


def test_tails_stay_accurate_for_large_means() -> None:
    # A province: about a thousand signals a week; 1,200 is a 6-sigma excess.
    assert 0 < h.upper_tail(1200, 1000.0) < 1e-8
    assert h.upper_tail(900, 1000.0) == pytest.approx(0.99938, abs=1e-4)


def test_threshold_is_the_smallest_count_below_alpha() -> None:
    t = h.alert_threshold(3.2, 1.0, 0.01)
    assert h.upper_tail(t, 3.2) < 0.01 <= h.upper_tail(t - 1, 3.2)
    assert t == 9


# --- Flat, seasonal, spike --------------------------------------------------------------------


def test_flat_series_never_alerts() -> None:
    weeks = mondays()
    counts = {w: 4 for w in weeks}
    assert alerts_in(counts, weeks[12:]) == []


@pytest.mark.parametrize("lam", [2.0, 3.0, 8.0])
def test_flat_series_with_poisson_noise_alerts_less_often_than_alpha(lam: float) -> None:
    # Twenty random flat series of three years, each week tested once its baseline exists:
    # the false-alarm rate stays under alpha (the discrete test is conservative).
    tested = alerts = 0
    for seed in range(20):
        rng = random.Random(seed)
        weeks = mondays()
        counts = {w: poisson(rng, lam) for w in weeks}
        tested += len(weeks[60:])
        alerts += len(alerts_in(counts, weeks[60:]))
    assert alerts / tested < P.alpha


def test_seasonal_rise_before_tet_does_not_alert_once_a_year_of_history_shows_it() -> None:
    rng = random.Random(7)
    weeks = mondays()
    counts = {w: poisson(rng, 12.0 if before_tet(w) else 3.0) for w in weeks}
    rise_2026 = [w for w in weeks if w.year == 2026 and before_tet(w)]
    assert len(rise_2026) == 3 and min(counts[w] for w in rise_2026) >= 8

    results = [h.evaluate(counts, w, P, history_start=FIRST) for w in rise_2026]

    assert [r.alert for r in results] == [False, False, False]
    assert {r.method for r in results} == {h.SEASONAL}
    assert all(r.years == 3 for r in results)
    # The same weeks judged only against the weeks before (no year of history yet) do alert:
    # the seasonal baseline is what makes the yearly rise normal.
    recent_only = [h.evaluate(counts, w, P, history_start=dt.date(2025, 9, 1)) for w in rise_2026]
    assert {r.method for r in recent_only} == {h.RECENT}
    assert sum(r.alert for r in recent_only) >= 2


def test_real_spike_alerts_even_in_a_seasonal_series() -> None:
    rng = random.Random(7)
    weeks = mondays()
    counts = {w: poisson(rng, 12.0 if before_tet(w) else 3.0) for w in weeks}
    spike = dt.date(2026, 6, 15)
    counts[spike] = 16

    result = h.evaluate(counts, spike, P, history_start=FIRST)

    assert result.alert
    assert result.p_value is not None and result.p_value < P.alpha
    assert result.threshold is not None and result.observed >= result.threshold
    assert result.score is not None and result.score > 3


def test_spike_without_a_year_of_history_uses_the_weeks_before_minus_the_guard_band() -> None:
    week = dt.date(2026, 11, 16)
    counts = {week - i * h.WEEK: 2 for i in range(1, 13)}
    counts[week - h.WEEK] = 9  # the rise began last week: inside the guard band
    counts[week] = 14

    result = h.evaluate(counts, week, P, history_start=week - 12 * h.WEEK)

    assert result.alert
    assert result.method == h.RECENT
    assert result.expected == pytest.approx(2.0)  # last week's 9 is not in the baseline
    assert week - h.WEEK not in result.baseline_weeks
    assert week - 2 * h.WEEK not in result.baseline_weeks
    assert len(result.baseline_weeks) == 10
    assert result.baseline_weeks[-1] == week - 3 * h.WEEK


def test_below_the_minimum_count_never_alerts_however_improbable() -> None:
    week = dt.date(2026, 11, 16)
    counts = {week - i * h.WEEK: 0 for i in range(1, 13)}
    counts[week] = 4  # from nothing: p is tiny, but four petitions are not a hotspot

    result = h.evaluate(counts, week, P, history_start=week - 12 * h.WEEK)

    assert result.p_value is not None and result.p_value < 1e-3
    assert not result.alert
    assert result.threshold == P.min_count
    counts[week] = 5
    assert h.evaluate(counts, week, P, history_start=week - 12 * h.WEEK).alert


def test_too_little_history_is_not_tested() -> None:
    week = dt.date(2026, 11, 16)
    counts = {week - i * h.WEEK: 1 for i in range(1, 6)}
    counts[week] = 30

    result = h.evaluate(counts, week, P, history_start=week - 5 * h.WEEK)

    assert not result.tested and not result.alert
    assert result.explanation == (
        "Tuần 16/11–22/11/2026 30 lượt; chưa đủ số liệu của địa bàn (cần ít nhất 6 tuần) để "
        "so sánh."
    )


def test_a_lasting_level_shift_stops_alerting_once_it_is_in_the_recent_weeks() -> None:
    weeks = mondays()
    shift = dt.date(2026, 6, 1)
    counts = {w: (9 if w >= shift else 3) for w in weeks}
    first_weeks = [shift, shift + h.WEEK]
    later = [w for w in weeks if w >= shift + 8 * h.WEEK and w <= dt.date(2026, 11, 30)]

    assert all(h.evaluate(counts, w, P, history_start=FIRST).alert for w in first_weeks)
    assert alerts_in(counts, later) == []


# --- The explanation --------------------------------------------------------------------------


def test_explanation_names_the_count_the_usual_level_its_source_and_the_threshold() -> None:
    # Earlier years a little busier than this one: the seasonal level (the higher) applies.
    weeks = mondays(last=dt.date(2026, 11, 16))
    counts = {w: (3 if w.year < 2026 else 2) + w.isocalendar()[1] % 2 for w in weeks}
    week = dt.date(2026, 11, 16)
    counts[week] = 14

    result = h.evaluate(counts, week, P, history_start=FIRST, current=True)

    assert result.alert and result.method == h.SEASONAL
    assert result.explanation.startswith("Tuần này 14 lượt, mức thường lệ 3,")
    assert "(trung bình cùng kỳ 3 năm trước), ngưỡng " in result.explanation
    assert result.explanation.endswith(": tăng bất thường.")
    data = result.as_dict()
    assert data["statistic"] == "farrington_simplified"
    assert data["observed"] == 14 and data["threshold"] == result.threshold
    assert len(data["baseline_weeks"]) == 3 * 7
    assert data["text"] == result.explanation


def test_explanation_of_a_normal_week_names_the_recent_baseline() -> None:
    week = dt.date(2026, 11, 16)
    counts = {week - i * h.WEEK: 3 for i in range(1, 13)}
    counts[week] = 4

    result = h.evaluate(counts, week, P, history_start=week - 12 * h.WEEK)

    assert result.explanation == (
        "Tuần 16/11–22/11/2026 4 lượt, mức thường lệ 3 (trung bình 10 tuần trước đó, không "
        "tính 2 tuần liền trước), ngưỡng 9: trong mức bình thường."
    )


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert h.number_vi(3.2) == "3,2"
    assert h.number_vi(3.0) == "3"
    assert h.number_vi(12.25, 2) == "12,25"


def test_chart_series_ends_with_the_week() -> None:
    week = dt.date(2026, 11, 18)
    counts = {dt.date(2026, 11, 16): 7, dt.date(2026, 11, 9): 1}
    series = h.series_for_chart(counts, week, 4)
    assert series == [
        (dt.date(2026, 10, 26), 0),
        (dt.date(2026, 11, 2), 0),
        (dt.date(2026, 11, 9), 1),
        (dt.date(2026, 11, 16), 7),
    ]
