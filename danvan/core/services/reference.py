"""Loads every piece of reference data (units, rules, holidays overrides); idempotent."""

from __future__ import annotations

from django.db import transaction


def reference_data_load() -> dict[str, int]:
    from danvan.core.services.calendar import calendar_load_reference
    from danvan.core.services.units import admin_units_load_reference

    counts: dict[str, int] = {}
    with transaction.atomic():
        counts.update(admin_units_load_reference())
        counts.update(calendar_load_reference())
    return counts
