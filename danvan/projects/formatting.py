"""Figures in Vietnamese format: 1.234.567 đ, 1,25 km, 12.500 m² (dot for thousands, comma for
decimals), for the pages and the XLSX account alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def number_vi(value: Any, places: int = 2) -> str:
    """1234567.5 -> "1.234.567,5"; trailing zero decimals dropped; "" for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    quantum = Decimal(1).scaleb(-places) if places else Decimal(1)
    number = number.quantize(quantum)
    sign = "-" if number < 0 else ""
    whole, _dot, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def money_vi(value: Any) -> str:
    """1234567 -> "1.234.567 đ"."""
    if value is None or value == "":
        return ""
    return f"{number_vi(value, 0)} đ"
