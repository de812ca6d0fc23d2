"""Hotspot statistic: is this week's count of signals unusually high for this area and topic?

Pure Python (no Django): weekly counts in, a decision with its numbers and a Vietnamese
sentence out. The method is **a simplified Farrington method: a quasi-Poisson upper-tail test
against a seasonal baseline** (Farrington et al. 1996, "A statistical algorithm for the early
detection of outbreaks of infectious disease", JRSS A 159:547–563), as public-health
surveillance uses it for weekly counts:

1. Baseline. With at least one year of the area's own history: the same week ± `w` weeks of
   each of the last `b` years (up to `seasonal_years`), so a rise that comes every year (before
   Tết, at harvest, at the land-price review) is the norm, not an alert; the ± 3 weeks absorb
   Tết moving by up to three weeks between years. Otherwise: the `recent_weeks` weeks before,
   leaving out the `guard_weeks` just before (a rise already under way must not raise its own
   baseline). With a seasonal baseline the recent one still counts as a floor: expected =
   max(seasonal mean, recent mean), so a lasting level shift stops alerting once it is in the
   recent weeks (Farrington fits a trend instead; this is the simplification).
2. Expected count `mu` = the mean of the baseline weeks (never below `min_expected`, so a
   topic never seen before can still alert); dispersion `phi` = max(1, variance / mean) of the
   same weeks (quasi-Poisson: an erratic series needs a bigger jump).
3. The count is unusual when its upper-tail probability P(X >= observed) is below `alpha`,
   X ~ Poisson(mu) when phi = 1, else the negative binomial with mean mu and variance phi·mu;
   and at least `min_count` signals were counted (1–2 petitions in a quiet commune are never a
   hotspot, however improbable). `threshold` is the smallest count that would alert.
4. `score` = (observed − mu) / sqrt(phi·mu), the number of standard deviations above normal.

The parameters are dated data (`danvan/data/monitoring/early_warning.json`), read by
`parameters_on(day)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "monitoring" / "early_warning.json"

WEEK = dt.timedelta(days=7)
YEAR_WEEKS = 52

SEASONAL = "seasonal"
RECENT = "recent"
UNTESTED = "untested"


# --- Parameters (dated data) ------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    """One version of the early-warning parameters (see the JSON file for why each value)."""

    valid_from: dt.date
    valid_to: dt.date | None
    note: str
    alpha: float = 0.01
    min_count: int = 5
    seasonal_years: int = 3
    seasonal_half_width_weeks: int = 3
    recent_weeks: int = 10
    guard_weeks: int = 2
    min_baseline_weeks: int = 6
    min_expected: float = 0.2
    overdispersion: bool = True
    series_weeks: int = 16

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def history_weeks(self) -> int:
        """How many weeks before the evaluated week a detection run must read."""
        seasonal = self.seasonal_years * YEAR_WEEKS + self.seasonal_half_width_weeks
        return max(seasonal, self.recent_weeks + self.guard_weeks, self.series_weeks)


def _parse(row: Mapping[str, Any]) -> Parameters:
    valid_to = row.get("valid_to")
    params = Parameters(
        valid_from=dt.date.fromisoformat(row["valid_from"]),
        valid_to=dt.date.fromisoformat(valid_to) if valid_to else None,
        note=str(row.get("note", "")),
        alpha=float(row["alpha"]),
        min_count=int(row["min_count"]),
        seasonal_years=int(row["seasonal_years"]),
        seasonal_half_width_weeks=int(row["seasonal_half_width_weeks"]),
        recent_weeks=int(row["recent_weeks"]),
        guard_weeks=int(row["guard_weeks"]),
        min_baseline_weeks=int(row["min_baseline_weeks"]),
        min_expected=float(row["min_expected"]),
        overdispersion=bool(row.get("overdispersion", True)),
        series_weeks=int(row.get("series_weeks", 16)),
    )
    if not 0 < params.alpha < 0.5:
        raise ValueError("early_warning.json: alpha must be between 0 and 0.5")
    if params.min_count < 1 or params.recent_weeks < 1 or params.min_baseline_weeks < 1:
        raise ValueError("early_warning.json: min_count, recent_weeks, min_baseline_weeks >= 1")
    if params.seasonal_years < 0 or params.seasonal_half_width_weeks < 0 or params.guard_weeks < 0:
        raise ValueError("early_warning.json: seasonal_years, half width, guard_weeks >= 0")
    if params.min_expected <= 0:
        raise ValueError("early_warning.json: min_expected must be positive")
    return params


def parameters_load(path: Path | str = DATA_FILE) -> tuple[Parameters, ...]:
    """Every version in the file, oldest first."""
    with Path(path).open(encoding="utf-8") as fh:
        rows = json.load(fh)["versions"]
    return tuple(sorted((_parse(row) for row in rows), key=lambda p: p.valid_from))


@cache
def _shipped() -> tuple[Parameters, ...]:
    return parameters_load(DATA_FILE)


def parameters_on(day: dt.date) -> Parameters:
    """The version in force on `day` (the shipped file)."""
    for params in reversed(_shipped()):
        if params.in_force_on(day):
            return params
    raise LookupError(f"early_warning.json: no version in force on {day.isoformat()}")


# --- Weeks ----------------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def week_end(day: dt.date) -> dt.date:
    """The Sunday of `day`'s ISO week."""
    return week_start(day) + dt.timedelta(days=6)


# --- Distributions --------------------------------------------------------------------------


# Below this excess dispersion the negative binomial is the Poisson to many digits, and its
# size parameter mu / (phi - 1) grows so large that lgamma differences lose their precision.
_POISSON_BELOW = 1e-6


def _poisson(phi: float) -> bool:
    return phi - 1.0 < _POISSON_BELOW


def _log_pmf(k: int, mu: float, phi: float) -> float:
    if _poisson(phi):
        return k * math.log(mu) - mu - math.lgamma(k + 1)
    r = mu / (phi - 1.0)
    p = 1.0 / phi
    return (
        math.lgamma(k + r)
        - math.lgamma(r)
        - math.lgamma(k + 1)
        + r * math.log(p)
        + k * math.log1p(-p)
    )


def _step(k: int, mu: float, phi: float) -> float:
    """pmf(k + 1) / pmf(k)."""
    if _poisson(phi):
        return mu / (k + 1)
    r = mu / (phi - 1.0)
    return (k + r) / (k + 1) * (1.0 - 1.0 / phi)


_MAX_TERMS = 200_000
_EPS = 1e-17


def upper_tail(x: int, mu: float, phi: float = 1.0) -> float:
    """P(X >= x) for X ~ Poisson(mu) (phi <= 1) or the negative binomial with mean mu and
    variance phi·mu. Summed from the side where the terms shrink, in log space to start, so
    it stays accurate for tiny tails and large means."""
    if x <= 0:
        return 1.0
    if mu <= 0:
        return 0.0
    if x > mu:
        # Above the mean (and so above the mode): terms decrease from x upwards.
        term = math.exp(_log_pmf(x, mu, phi))
        total = 0.0
        k = x
        for _ in range(_MAX_TERMS):
            total += term
            term *= _step(k, mu, phi)
            k += 1
            if term <= total * _EPS:
                break
        return min(1.0, total)
    # At or below the mean: 1 - P(X <= x - 1), summed downwards from x - 1.
    k = x - 1
    term = math.exp(_log_pmf(k, mu, phi))
    lower = 0.0
    while k >= 0:
        lower += term
        if k == 0:
            break
        term /= _step(k - 1, mu, phi)
        k -= 1
        if term <= lower * _EPS:
            break
    return max(0.0, 1.0 - lower)


def alert_threshold(mu: float, phi: float, alpha: float) -> int:
    """The smallest count x with P(X >= x) < alpha."""
    if mu <= 0:
        return 1
    low, high = 0, max(2, int(mu + 40 * math.sqrt(max(phi, 1.0) * mu) + 40))
    while upper_tail(high, mu, phi) >= alpha:  # never expected; widen rather than lie
        high *= 2
    while low < high:
        mid = (low + high) // 2
        if upper_tail(mid, mu, phi) < alpha:
            high = mid
        else:
            low = mid + 1
    return low


# --- The test -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    method: str  # seasonal | recent
    weeks: tuple[dt.date, ...]
    counts: tuple[int, ...]
    years: int = 0  # seasonal: how many previous years

    @property
    def mean(self) -> float:
        return sum(self.counts) / len(self.counts) if self.counts else 0.0

    @property
    def dispersion(self) -> float:
        """max(1, sample variance / mean): 1 for a Poisson-like series."""
        n = len(self.counts)
        mean = self.mean
        if n < 2 or mean <= 0:
            return 1.0
        variance = sum((c - mean) ** 2 for c in self.counts) / (n - 1)
        ratio = variance / mean
        return 1.0 if _poisson(ratio) else ratio


@dataclass(frozen=True)
class Result:
    """The decision for one week of one series, with everything needed to explain it."""

    week_start: dt.date
    week_end: dt.date
    observed: int
    tested: bool
    alert: bool
    expected: float | None = None
    dispersion: float = 1.0
    threshold: int | None = None
    p_value: float | None = None
    score: float | None = None
    ratio: float | None = None
    method: str = UNTESTED
    years: int = 0
    baseline_weeks: tuple[dt.date, ...] = ()
    baseline_counts: tuple[int, ...] = ()
    alpha: float = 0.0
    min_count: int = 0
    explanation: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO strings) for `Alert.explanation`."""
        return {
            "statistic": "farrington_simplified",
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "observed": self.observed,
            "tested": self.tested,
            "alert": self.alert,
            "expected": None if self.expected is None else round(self.expected, 4),
            "dispersion": round(self.dispersion, 4),
            "threshold": self.threshold,
            "p_value": self.p_value,
            "score": None if self.score is None else round(self.score, 4),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "method": self.method,
            "years": self.years,
            "baseline_weeks": [w.isoformat() for w in self.baseline_weeks],
            "baseline_counts": list(self.baseline_counts),
            "alpha": self.alpha,
            "min_count": self.min_count,
            "text": self.explanation,
        }


def _known(week: dt.date, history_start: dt.date | None) -> bool:
    return history_start is None or week >= history_start


def seasonal_baseline(
    counts: Mapping[dt.date, int], start: dt.date, params: Parameters, history_start: dt.date | None
) -> Baseline | None:
    """The same week ± w weeks of each previous year whose whole window is known."""
    weeks: list[dt.date] = []
    years = 0
    w = params.seasonal_half_width_weeks
    for k in range(1, params.seasonal_years + 1):
        centre = start - YEAR_WEEKS * k * WEEK
        window = [centre + j * WEEK for j in range(-w, w + 1)]
        if not _known(window[0], history_start):
            break
        weeks += window
        years = k
    if not years:
        return None
    weeks.sort()
    return Baseline(SEASONAL, tuple(weeks), tuple(int(counts.get(d, 0)) for d in weeks), years)


def recent_baseline(
    counts: Mapping[dt.date, int], start: dt.date, params: Parameters, history_start: dt.date | None
) -> Baseline | None:
    """The `recent_weeks` weeks before the guard band, those that are known."""
    weeks = [
        start - (params.guard_weeks + i) * WEEK
        for i in range(params.recent_weeks, 0, -1)
        if _known(start - (params.guard_weeks + i) * WEEK, history_start)
    ]
    if len(weeks) < params.min_baseline_weeks:
        return None
    return Baseline(RECENT, tuple(weeks), tuple(int(counts.get(d, 0)) for d in weeks))


def evaluate(
    counts: Mapping[dt.date, int],
    week: dt.date,
    params: Parameters,
    *,
    history_start: dt.date | None = None,
    current: bool = False,
    unit: str = "lượt",
) -> Result:
    """Test the week containing `week` against the series' own history.

    `counts` maps the Monday of a week to its count (a missing known week counts 0); weeks
    before `history_start` (a Monday) are unknown, not zero. `current` words the sentence as
    "Tuần này" (the week still running) instead of naming its dates.
    """
    start = week_start(week)
    end = start + dt.timedelta(days=6)
    history = week_start(history_start) if history_start is not None else None
    observed = int(counts.get(start, 0))
    base = Result(
        week_start=start,
        week_end=end,
        observed=observed,
        tested=False,
        alert=False,
        alpha=params.alpha,
        min_count=params.min_count,
    )
    recent = recent_baseline(counts, start, params, history)
    seasonal = seasonal_baseline(counts, start, params, history)
    chosen: Baseline | None = seasonal
    if seasonal is None or (recent is not None and recent.mean > seasonal.mean):
        chosen = recent
    if chosen is None:
        return _explained(base, params, current=current, unit=unit)
    mu = max(chosen.mean, params.min_expected)
    phi = chosen.dispersion if params.overdispersion else 1.0
    p_value = upper_tail(observed, mu, phi)
    threshold = max(params.min_count, alert_threshold(mu, phi, params.alpha))
    alert = observed >= params.min_count and p_value < params.alpha
    result = dataclasses.replace(
        base,
        tested=True,
        alert=alert,
        expected=mu,
        dispersion=phi,
        threshold=threshold,
        p_value=p_value,
        score=(observed - mu) / math.sqrt(phi * mu),
        ratio=observed / mu,
        method=chosen.method,
        years=chosen.years,
        baseline_weeks=chosen.weeks,
        baseline_counts=chosen.counts,
    )
    return _explained(result, params, current=current, unit=unit)


# --- Words ----------------------------------------------------------------------------------


def number_vi(value: float, digits: int = 1) -> str:
    """3.25 -> "3,3" (Vietnamese decimal comma; whole numbers without decimals)."""
    if abs(value - round(value)) < 10 ** (-digits) / 2:
        return str(round(value))
    return f"{value:.{digits}f}".replace(".", ",")


def _week_words(result: Result, current: bool) -> str:
    if current:
        return "Tuần này"
    a, b = result.week_start, result.week_end
    return f"Tuần {a:%d/%m}–{b:%d/%m/%Y}"


def _baseline_words(result: Result, params: Parameters) -> str:
    if result.method == SEASONAL:
        return f"trung bình cùng kỳ {result.years} năm trước"
    return (
        f"trung bình {len(result.baseline_weeks)} tuần trước đó, "
        f"không tính {params.guard_weeks} tuần liền trước"
        if params.guard_weeks
        else f"trung bình {len(result.baseline_weeks)} tuần trước đó"
    )


def _explained(result: Result, params: Parameters, *, current: bool, unit: str) -> Result:
    head = f"{_week_words(result, current)} {result.observed} {unit}"
    if not result.tested:
        text = (
            f"{head}; chưa đủ số liệu của địa bàn (cần ít nhất {params.min_baseline_weeks} "
            "tuần) để so sánh."
        )
    else:
        assert result.expected is not None and result.threshold is not None
        numbers = (
            f"{head}, mức thường lệ {number_vi(result.expected)} "
            f"({_baseline_words(result, params)}), ngưỡng {result.threshold}"
        )
        # observed >= threshold is exactly "alert" (the threshold includes min_count).
        verdict = "tăng bất thường" if result.alert else "trong mức bình thường"
        text = f"{numbers}: {verdict}."
    return dataclasses.replace(result, explanation=text)


def series_for_chart(
    counts: Mapping[dt.date, int], week: dt.date, weeks: int
) -> list[tuple[dt.date, int]]:
    """The `weeks` weeks up to and including `week`'s, oldest first (for the alert's chart)."""
    start = week_start(week)
    days: Sequence[dt.date] = [start - i * WEEK for i in range(weeks - 1, -1, -1)]
    return [(d, int(counts.get(d, 0))) for d in days]
