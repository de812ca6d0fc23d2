"""The council's score, a pure function (no database) so it can be checked by hand.

For each criterion c of the set (weight w_c > 0, maximum M_c > 0), with the points p_{m,c}
given by each of the n members m (0 <= p <= M_c, every member scores every criterion):

    mean_c  = (p_{1,c} + ... + p_{n,c}) / n                 (members count equally)
    total   = 100 * sum_c( w_c * mean_c / M_c ) / sum_c( w_c )

so the total is a weighted average, over the criteria, of each criterion's mean mark as a share
of its maximum, on a 0–100 scale. `total` is rounded half-up to 2 decimals (means are kept
exact until then); the model passes when `total >= pass_threshold` of the set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    weight: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class Result:
    total: Decimal
    passed: bool
    means: dict[str, Decimal]  # criterion code -> mean points (rounded to 2 decimals)


def council_score(
    criteria: Sequence[CriterionSpec],
    sheets: Sequence[Mapping[str, Decimal]],
    threshold: Decimal,
) -> Result:
    """The result from the members' sheets (criterion code -> points); see the module doc."""
    if not criteria:
        raise ValueError("no criteria")
    if not sheets:
        raise ValueError("no score sheets")
    weight_sum = sum((c.weight for c in criteria), Decimal(0))
    n = Decimal(len(sheets))
    acc = Decimal(0)
    means: dict[str, Decimal] = {}
    for c in criteria:
        points = sum((Decimal(sheet[c.code]) for sheet in sheets), Decimal(0))
        mean = points / n
        means[c.code] = mean.quantize(CENT, rounding=ROUND_HALF_UP)
        acc += c.weight * mean / c.max_points
    total = (Decimal(100) * acc / weight_sum).quantize(CENT, rounding=ROUND_HALF_UP)
    return Result(total=total, passed=total >= threshold, means=means)
