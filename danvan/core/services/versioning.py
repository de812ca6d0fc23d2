"""The optimistic version guard every lifecycle write uses (conventions §4).

`UPDATE … SET version = version + 1 WHERE id = ? AND version = ?`: the loser of a race updates
no row, on SQLite as on PostgreSQL (where `select_for_update` would not help SQLite). Callers
turn a False into their own `Conflict` message.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F


def versioned_update(obj: models.Model, *, expected_version: int, **values: Any) -> bool:
    """Save `values` on `obj` only if its row still has `expected_version`; False otherwise.

    On success the values and the new version are also set on `obj`.
    """
    manager = type(obj)._default_manager
    updated = manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        return False
    for name, value in values.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1  # type: ignore[attr-defined]
    return True
