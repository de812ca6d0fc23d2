"""`GET /api/v1/audit?target_type=&target_id=`: the audit trail of one record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.selectors.audit import audit_entries, audit_for_target

router = Router(tags=["audit"])

MAX_LIMIT = 1000


class TrailQuery(Schema):
    target_type: str
    target_id: str
    after_seq: int = 0
    limit: int = 200


class ChangeOut(Schema):
    field: str
    label: str
    old: Any = None
    new: Any = None


class AuditEventOut(Schema):
    seq: int
    created_at: dt.datetime
    actor: str
    verb: str
    verb_label: str
    target_type: str
    target_id: str
    target_label: str
    changes: list[ChangeOut]


class TrailOut(Schema):
    target_type: str
    target_id: str
    items: list[AuditEventOut]
    next_after_seq: int | None


@router.get("", response=TrailOut, summary="Nhật ký thao tác của một bản ghi")
def trail(request: HttpRequest, filters: Query[TrailQuery]) -> Any:
    """Events oldest first. Page with `after_seq` (the `next_after_seq` of the previous page).

    Readable by leaders, inspectors and administrators for the records in their scope; anything
    else answers 404, as if the record did not exist.
    """
    limit = max(1, min(filters.limit, MAX_LIMIT))
    qs = audit_for_target(
        user=api_user(request), target_type=filters.target_type, target_id=filters.target_id
    )
    events = list(qs.filter(seq__gt=filters.after_seq)[: limit + 1])
    more = len(events) > limit
    events = events[:limit]
    return {
        "target_type": filters.target_type.strip().lower(),
        "target_id": filters.target_id.strip(),
        "items": [
            {
                "seq": e.seq,
                "created_at": e.created_at,
                "actor": e.actor_label,
                "verb": e.verb,
                "verb_label": e.verb_label,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "target_label": e.target_label,
                "changes": [
                    {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                    for c in e.changes
                ],
            }
            for e in audit_entries(events)
        ],
        "next_after_seq": events[-1].seq if more else None,
    }
