"""Figures the Vietnamese way: 1.234 and 92,5 (a dot groups thousands, a comma is decimal)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


def figure_text(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        value = Decimal(value)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _dot, frac = f"{value:,.1f}".partition(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


@register.filter
def figure(value: Any) -> str:
    return figure_text(value)


@register.filter
def change(value: Any) -> str:
    if value is None:
        return "-"
    text = figure_text(value)
    return f"+{text}" if value > 0 else text
