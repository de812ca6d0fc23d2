"""Vietnamese figures: dots for thousands, a comma for decimals, “đ” after money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danvan.projects.formatting import money_vi, number_vi


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1.234.567 đ"),
        (0, "0 đ"),
        (999, "999 đ"),
        (-1500, "-1.500 đ"),
        (None, ""),
    ],
)
def test_money(value: object, text: str) -> None:
    assert money_vi(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1.200"), "1,2"),
        (Decimal("12500.50"), "12.500,5"),
        (Decimal("320"), "320"),
        (Decimal("1234567.25"), "1.234.567,25"),
    ],
)
def test_number(value: Decimal, text: str) -> None:
    assert number_vi(value) == text
