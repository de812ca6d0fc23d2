"""Template helpers of the democracy pages: labels from the law's data, timeliness tags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from danvan.democracy import legal

register = template.Library()


@register.filter
def group_label(code: str) -> str:
    return legal.group_label(code)


@register.filter
def matter_label(code: str) -> str:
    return legal.matter_label(code)


@register.filter
def channel_label(code: str) -> str:
    return legal.channel_label(code)


@register.filter
def percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".", ",")


@register.simple_tag
def timeliness(disclosure: Any, today: dt.date) -> SafeString | str:
    """ " Muộn" when published after the deadline; " Quá hạn" for a draft past it."""
    if disclosure.is_late:
        return format_html(' <span class="tag tag-warn">{}</span>', _("Công khai muộn"))
    if disclosure.status == "draft" and disclosure.publish_due and disclosure.publish_due < today:
        return format_html(' <span class="tag tag-warn">{}</span>', _("Quá hạn"))
    return ""
