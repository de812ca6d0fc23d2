"""`{% load projects_format %}`: `|vnd` (1.234.567 đ) and `|num_vi` (1.234,5)."""

from __future__ import annotations

from typing import Any

from django import template

from danvan.projects.formatting import money_vi, number_vi

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    return money_vi(value)


@register.filter
def num_vi(value: Any) -> str:
    return number_vi(value)
