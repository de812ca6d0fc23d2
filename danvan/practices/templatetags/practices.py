"""Labels of the practices codes for templates that get plain values (the public showcase)."""

from __future__ import annotations

from django import template

from danvan.practices.states import Field, Level

register = template.Library()


@register.filter
def field_label(code: str) -> str:
    try:
        return str(Field(code).label)
    except ValueError:
        return ""


@register.filter
def level_label(code: str) -> str:
    try:
        return str(Level(code).label)
    except ValueError:
        return ""
