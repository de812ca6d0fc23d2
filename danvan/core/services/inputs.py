"""Checks of input the services share: free text trimmed, on one line unless it may hold
several, within a length, present when required; a reason that says something; a day within a
range. Each failure is a `ValidationFailed` on the field it concerns, with a Vietnamese
message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.documents import short_date
from danvan.core.errors import ValidationFailed

REASON_MAX = 1_000
REASON_MIN = 3


def clean_text(
    value: Any, *, field: str, limit: int, required: str = "", multiline: bool = False
) -> str:
    """`value` trimmed (spaces collapsed unless `multiline`); `required` is the message shown
    when it is empty (empty is allowed when no message is given)."""
    text = str(value or "").strip()
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise ValidationFailed(required, fields={field: required})
    if len(text) > limit:
        message = _("Dài quá %(n)d ký tự.") % {"n": limit}
        raise ValidationFailed(message, fields={field: message})
    return text


def clean_reason(value: Any, *, field: str = "reason", limit: int = REASON_MAX) -> str:
    """A reason (for a postponement, a cancellation, a withdrawal): at least 3 characters."""
    text = clean_text(value, field=field, limit=limit)
    if len(text) < REASON_MIN:
        message = _("Ghi rõ lý do (ít nhất 3 ký tự).")
        raise ValidationFailed(message, fields={field: message})
    return text


def clean_day(
    value: Any, *, field: str, label: str, earliest: dt.date, years_ahead: int
) -> dt.date:
    """A date (not a datetime) from `earliest` to `years_ahead` years after today; `label`
    names it in the message ("ngày bắt đầu lấy ý kiến")."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        message = _("Nhập {what} (ngày/tháng/năm).").format(what=label)
        raise ValidationFailed(message, fields={field: message})
    today = timezone.localdate()
    latest = today.replace(year=today.year + years_ahead)
    if not earliest <= value <= latest:
        message = _("{what} phải trong khoảng từ {low} đến {high}.").format(
            what=label[:1].upper() + label[1:], low=short_date(earliest), high=short_date(latest)
        )
        raise ValidationFailed(message, fields={field: message})
    return value
