"""The council's score, checked against sums done by hand and an independent Fraction version."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from danvan.practices.scoring import CriterionSpec, council_score

CRITERIA = [
    CriterionSpec("a", Decimal(2), Decimal(20)),
    CriterionSpec("b", Decimal(3), Decimal(30)),
    CriterionSpec("c", Decimal(1), Decimal(10)),
]


def test_two_members_score_matches_the_hand_computation() -> None:
    # a: mean (16 + 18) / 2 = 17 -> 17/20 = 0.85, weight 2 -> 1.70
    # b: mean (21 + 24) / 2 = 22.5 -> 0.75, weight 3 -> 2.25
    # c: mean (7 + 10) / 2 = 8.5 -> 0.85, weight 1 -> 0.85
    # total = 100 * (1.70 + 2.25 + 0.85) / 6 = 80.00
    sheets = [
        {"a": Decimal(16), "b": Decimal(21), "c": Decimal(7)},
        {"a": Decimal(18), "b": Decimal(24), "c": Decimal(10)},
    ]
    result = council_score(CRITERIA, sheets, Decimal(80))
    assert result.total == Decimal("80.00")
    assert result.passed is True  # the threshold itself passes
    assert result.means == {"a": Decimal("17.00"), "b": Decimal("22.50"), "c": Decimal("8.50")}


def test_just_below_the_threshold_fails_and_rounding_is_half_up() -> None:
    # Three members: a mean 40/3, b mean 61/3, c mean 20/3.
    # total = 100 * (2*(40/3)/20 + 3*(61/3)/30 + 1*(20/3)/10) / 6 = 100 * (4/3 + 61/30 + 2/3) / 6
    #       = 100 * (121/30) / 6 = 67.2222... -> 67.22
    sheets = [
        {"a": Decimal(13), "b": Decimal(20), "c": Decimal(6)},
        {"a": Decimal(14), "b": Decimal(20), "c": Decimal(7)},
        {"a": Decimal(13), "b": Decimal(21), "c": Decimal(7)},
    ]
    result = council_score(CRITERIA, sheets, Decimal("67.23"))
    assert result.total == Decimal("67.22")
    assert result.passed is False


def _independent(criteria: list[CriterionSpec], sheets: list[dict[str, Decimal]]) -> Fraction:
    num = Fraction(0)
    for c in criteria:
        mean = sum((Fraction(s[c.code]) for s in sheets), Fraction(0)) / len(sheets)
        num += Fraction(c.weight) * mean / Fraction(c.max_points)
    return 100 * num / sum(Fraction(c.weight) for c in criteria)


def test_random_sheets_agree_with_an_exact_fraction_computation() -> None:
    rng = random.Random(5)
    for _ in range(200):
        criteria = [
            CriterionSpec(
                f"k{i}", Decimal(rng.randint(1, 5)), Decimal(rng.choice([10, 15, 20, 30]))
            )
            for i in range(rng.randint(1, 6))
        ]
        sheets = [
            {c.code: Decimal(rng.randint(0, int(c.max_points) * 2)) / 2 for c in criteria}
            for _ in range(rng.randint(1, 7))
        ]
        exact = _independent(criteria, sheets)
        total = council_score(criteria, sheets, Decimal(70)).total
        assert abs(Fraction(total) - exact) <= Fraction(1, 200)
        assert Decimal(0) <= total <= Decimal(100)


def test_no_sheet_is_an_error() -> None:
    with pytest.raises(ValueError):
        council_score(CRITERIA, [], Decimal(70))
