"""Two small pieces the modules' services share: today's date where the project runs (every
deadline and date check counts local days), and the error that puts a message on one field."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danvan.core.errors import ValidationFailed


def today() -> dt.date:
    return timezone.localdate()


def field_error(field: str, message: str, code: str = "") -> ValidationFailed:
    """A `ValidationFailed` showing `message` on `field` (the caller raises it)."""
    return ValidationFailed(message, fields={field: message}, code=code)
