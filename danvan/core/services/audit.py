"""The append-only audit log: `audit_record` is called inside every write's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from danvan.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
REDACTED = "[đã ẩn]"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def event_digest(
    *,
    prev_hash: str,
    seq: int,
    created_at: str,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    target_label: str,
    changes: Any,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            seq,
            created_at,
            actor_id,
            actor_label,
            verb,
            target_type,
            target_id,
            target_label,
            changes,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    redact: Iterable[str] = (),
) -> AuditEvent:
    """Append one event, chained to the previous one, in the caller's transaction.

    `changes` maps field -> (old, new). Fields named in `redact` (personal data of protected
    people) are recorded as changed, with both values replaced by a marker.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:250]
    redacted = set(redact)
    recorded: dict[str, list[Any]] = {}
    for field, (old, new) in (changes or {}).items():
        if field in redacted:
            recorded[field] = [REDACTED, REDACTED]
        else:
            recorded[field] = [_jsonable(old), _jsonable(new)]
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = getattr(actor, "username", "") if actor is not None else "system"
    with transaction.atomic():
        # The head row is locked (PostgreSQL) or the write lock is already held (SQLite,
        # IMMEDIATE transactions), so concurrent writers queue and the chain stays linear.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        seq = head.seq + 1
        created_at = timezone.now()
        digest = event_digest(
            prev_hash=head.hash,
            seq=seq,
            created_at=created_at.isoformat(),
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            changes=recorded,
        )
        event = AuditEvent.objects.create(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            changes=recorded,
            prev_hash=head.hash,
            hash=digest,
        )
        AuditChainHead.objects.filter(id=1).update(seq=seq, hash=digest)
    return event
