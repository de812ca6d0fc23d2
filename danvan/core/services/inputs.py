"""Checks of free text the services share: trimmed, on one line unless it may hold several,
within a length, present when required, and a reason that says something. Each failure is a
`ValidationFailed` on the field it concerns, with a Vietnamese message."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

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
