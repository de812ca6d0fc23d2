"""The append-only audit log: `audit_record` is called inside every write's transaction.

Inside a transaction the event is chained just before COMMIT (danvan.core.db.audit_buffer), so
it commits or rolls back with the write it describes while the head lock is held only briefly.

Each event carries the SHA-256 of its own content and of the previous event (`prev_hash`), so
changing, removing or inserting a row anywhere breaks the chain; `audit_chain_verify` walks the
chain and names the first broken link. Writers serialise on the `AuditChainHead` row (row lock on
PostgreSQL; the database write lock taken by SQLite's IMMEDIATE transactions), so the chain stays
linear under concurrent writers; unique `seq` and `prev_hash` columns make a fork impossible even
if that serialisation were ever bypassed.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import logging
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.models import AuditChainHead, AuditEvent, AuditVerification

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
REDACTED = "[đã ẩn]"
SYSTEM_LABEL = "system"
ANONYMOUS_LABEL = "anonymous"

_VERB_MAX = AuditEvent._meta.get_field("verb").max_length or 60
_TYPE_MAX = AuditEvent._meta.get_field("target_type").max_length or 60
_ID_MAX = AuditEvent._meta.get_field("target_id").max_length or 60
_LABEL_MAX = AuditEvent._meta.get_field("target_label").max_length or 250
_ACTOR_MAX = AuditEvent._meta.get_field("actor_label").max_length or 200


class AuditChainError(RuntimeError):
    """The chain head moved under a writer that believed it held the lock: never expected."""


def _clean_text(value: str) -> str:
    # PostgreSQL's jsonb and text columns refuse NUL; keep the row writable and hashable.
    return str.__str__(value).replace("\x00", "\ufffd")


def _jsonable(value: Any) -> Any:
    """A JSON value that survives a round trip through JSONField on SQLite and PostgreSQL.

    The hash is computed over this form, so it must read back exactly as written.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        if isinstance(value, set | frozenset):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return items
    if isinstance(value, Mapping):
        return {_clean_text(str(k)): _jsonable(v) for k, v in value.items()}
    return _clean_text(str(value))


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


def _actor_identity(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, SYSTEM_LABEL
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "pk", None) is None:
        return None, ANONYMOUS_LABEL
    return int(actor.pk), _clean_text(str(actor.get_username()))[:_ACTOR_MAX]


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

    `actor` is the user acting (None for the system, e.g. a command run by the operator).
    `target` is the record changed (or pass `target_type` + `target_id`, e.g. for a row that
    is being deleted); `target_type` defaults to the model's `app_label.modelname`.
    `changes` maps field -> (old, new). Fields named in `redact` (personal data of protected
    people, secrets such as passwords) are recorded as changed, with both values replaced by
    a marker; never pass a protected person's data in `target_label`.
    """
    if target is not None:
        if target.pk is None:
            raise ValueError("audit_record: the target must be saved before it is audited.")
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        if not target_label:
            target_label = str(target)
    verb = verb.strip()
    target_type = target_type.strip()
    target_id = str(target_id).strip()
    if not verb or not target_type or not target_id:
        raise ValueError("audit_record needs a verb and a target (target, or target_type + id).")
    if len(verb) > _VERB_MAX or len(target_type) > _TYPE_MAX or len(target_id) > _ID_MAX:
        raise ValueError("audit_record: verb, target_type or target_id is too long.")
    target_label = _clean_text(target_label)[:_LABEL_MAX]

    redacted = set(redact)
    recorded: dict[str, list[Any]] = {}
    for field, pair in (changes or {}).items():
        old, new = pair
        key = _clean_text(str(field))
        if field in redacted:
            recorded[key] = [REDACTED, REDACTED]
        else:
            recorded[key] = [_jsonable(old), _jsonable(new)]
    actor_id, actor_label = _actor_identity(actor)

    event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        changes=recorded,
    )
    connection = transaction.get_connection()
    buffering = getattr(connection, "audit_buffering", None)
    if buffering is not None and buffering():
        # Chained just before this transaction commits (danvan.core.db.audit_buffer), so the
        # head lock is held for a few statements, not for the rest of the business write.
        connection.audit_defer(event)
        return event
    with transaction.atomic():
        audit_chain_append([event])
    return event


def audit_chain_append(events: list[AuditEvent]) -> None:
    """Chain unsaved events, in order, after the current head; the caller holds a transaction.

    The head row is locked (PostgreSQL) or the write lock is already held (SQLite, IMMEDIATE
    transactions), so concurrent writers queue and the chain stays linear.
    """
    if not events:
        return
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    first_seq, first_hash = head.seq, head.hash
    seq, prev_hash = head.seq, head.hash
    created_at = timezone.now()
    for event in events:
        seq += 1
        event.seq = seq
        event.created_at = created_at
        event.prev_hash = prev_hash
        event.hash = event_digest(
            prev_hash=prev_hash,
            seq=seq,
            created_at=created_at.isoformat(),
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            verb=event.verb,
            target_type=event.target_type,
            target_id=event.target_id,
            target_label=event.target_label,
            changes=event.changes,
        )
        event._chain_write = True
        event.save()
        prev_hash = event.hash
    # Conditional on the tip we read: if anything moved it meanwhile, fail loudly rather than
    # fork the chain (the unique prev_hash would refuse a fork as well).
    moved = AuditChainHead.objects.filter(id=1, seq=first_seq, hash=first_hash).update(
        seq=seq, hash=prev_hash
    )
    if moved != 1:
        raise AuditChainError("The audit chain head moved during a locked write.")


# --- Verification ---------------------------------------------------------------------------


class BreakKind(enum.StrEnum):
    HASH_MISMATCH = "hash_mismatch"
    PREV_HASH_MISMATCH = "prev_hash_mismatch"
    SEQ_GAP = "seq_gap"
    HEAD_MISMATCH = "head_mismatch"


BREAK_KIND_TEXT = {
    BreakKind.HASH_MISMATCH: gettext_lazy("mã băm không khớp nội dung (dòng đã bị sửa)"),
    BreakKind.PREV_HASH_MISMATCH: gettext_lazy("prev_hash không khớp mã băm của dòng trước"),
    BreakKind.SEQ_GAP: gettext_lazy("đứt số thứ tự (dòng bị xóa hoặc chèn)"),
    BreakKind.HEAD_MISMATCH: gettext_lazy(
        "đầu chuỗi không khớp dòng cuối (dòng cuối bị xóa hoặc đầu chuỗi bị sửa)"
    ),
}


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    kind: BreakKind
    detail: str

    def describe(self) -> str:
        return f"{BREAK_KIND_TEXT[self.kind]} [{self.kind.value}]: {self.detail}"


@dataclass(frozen=True)
class ChainVerification:
    events: int
    last_seq: int
    head_hash: str
    problem: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def event_recompute_digest(event: AuditEvent) -> str:
    """The hash an event should carry, recomputed from its stored fields."""
    return event_digest(
        prev_hash=event.prev_hash,
        seq=event.seq,
        created_at=event.created_at.astimezone(dt.UTC).isoformat(),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        target_label=event.target_label,
        changes=event.changes,
    )


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainVerification:
    """Walk the whole chain in seq order (streaming) and report the first broken link.

    The head is read first: events appended while the walk runs lie beyond it and are not
    checked, so a busy system does not produce a false alarm.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    head_seq = head.seq if head is not None else 0
    expected_seq = 1
    expected_prev = GENESIS_HASH
    count = 0
    events = (
        AuditEvent.objects.filter(seq__lte=head_seq)
        if head is not None
        else AuditEvent.objects.all()
    )
    for event in events.order_by("seq").iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            return _broken(
                count,
                expected_prev,
                ChainBreak(
                    expected_seq,
                    BreakKind.SEQ_GAP,
                    _("cần seq %(want)s, gặp seq %(got)s")
                    % {"want": expected_seq, "got": event.seq},
                ),
            )
        if event.prev_hash != expected_prev:
            return _broken(
                count,
                expected_prev,
                ChainBreak(
                    event.seq,
                    BreakKind.PREV_HASH_MISMATCH,
                    _("prev_hash %(prev)s… khác mã băm của seq %(seq)s (%(hash)s…)")
                    % {
                        "prev": event.prev_hash[:16],
                        "seq": event.seq - 1,
                        "hash": expected_prev[:16],
                    },
                ),
            )
        recomputed = event_recompute_digest(event)
        if recomputed != event.hash:
            return _broken(
                count,
                expected_prev,
                ChainBreak(
                    event.seq,
                    BreakKind.HASH_MISMATCH,
                    _("mã băm lưu %(stored)s… nhưng nội dung cho %(actual)s…")
                    % {"stored": event.hash[:16], "actual": recomputed[:16]},
                ),
            )
        count += 1
        expected_seq += 1
        expected_prev = event.hash
    last_seq = expected_seq - 1
    if head is None:
        if count:
            return _broken(
                count,
                expected_prev,
                ChainBreak(last_seq, BreakKind.HEAD_MISMATCH, _("mất dòng đầu chuỗi")),
            )
        return ChainVerification(events=0, last_seq=0, head_hash=GENESIS_HASH, problem=None)
    if head.seq != last_seq or head.hash != expected_prev:
        return _broken(
            count,
            expected_prev,
            ChainBreak(
                head.seq,
                BreakKind.HEAD_MISMATCH,
                _(
                    "đầu chuỗi trỏ tới seq %(head)s (%(head_hash)s…) "
                    "nhưng chuỗi dừng ở seq %(last)s (%(last_hash)s…)"
                )
                % {
                    "head": head.seq,
                    "head_hash": head.hash[:16],
                    "last": last_seq,
                    "last_hash": expected_prev[:16],
                },
            ),
        )
    return ChainVerification(events=count, last_seq=last_seq, head_hash=head.hash, problem=None)


def _broken(count: int, last_hash: str, problem: ChainBreak) -> ChainVerification:
    return ChainVerification(events=count, last_seq=count, head_hash=last_hash, problem=problem)


# --- Integrity checks run in the background ---------------------------------------------------


def audit_verification_request(*, actor: Any) -> AuditVerification:
    """Queue a check of the whole chain; the worker runs it (`danvan.core.tasks`)."""
    from danvan.core import permissions
    from danvan.core.errors import PermissionDenied

    if not permissions.can_verify_audit_chain(actor):
        raise PermissionDenied(
            _("Chỉ quản trị viên hoặc thanh tra mới được yêu cầu kiểm tra toàn vẹn nhật ký.")
        )
    with transaction.atomic():
        verification = AuditVerification.objects.create(requested_by=actor)
        audit_record(actor=actor, verb="audit.verify_request", target=verification)
        transaction.on_commit(lambda: _verification_enqueue(verification.pk))
    return verification


def _verification_enqueue(verification_id: int) -> None:
    """Queue the check; when the queue cannot be reached (Redis down) the request is closed as
    "could not run" with the reason, instead of waiting forever with no task behind it."""
    from danvan.core.tasks import audit_chain_verify_task

    try:
        audit_chain_verify_task.enqueue(verification_id)
    except Exception as exc:
        logger.exception("Audit verification %s could not be queued", verification_id)
        AuditVerification.objects.filter(
            pk=verification_id, status=AuditVerification.Status.QUEUED
        ).update(
            status=AuditVerification.Status.FAILED,
            finished_at=timezone.now(),
            problem=_(
                "Chưa đưa được việc kiểm tra vào hàng đợi xử lý nền (máy chủ hàng đợi không trả "
                "lời: {error}). Hãy yêu cầu kiểm tra lại sau ít phút."
            ).format(error=f"{type(exc).__name__}: {exc}"[:200]),
        )


def audit_verification_run(*, verification_id: int) -> AuditVerification:
    """Do a queued check and store its outcome (called by the background task)."""
    verification = AuditVerification.objects.get(pk=verification_id)
    try:
        result = audit_chain_verify()
    except Exception as exc:  # the outcome is recorded for the person who asked
        verification.status = AuditVerification.Status.FAILED
        verification.problem = f"{type(exc).__name__}: {exc}"
    else:
        verification.events = result.events
        verification.last_seq = result.last_seq
        verification.head_hash = result.head_hash
        if result.problem is None:
            verification.status = AuditVerification.Status.OK
        else:
            verification.status = AuditVerification.Status.BROKEN
            verification.problem = f"seq {result.problem.seq}: {result.problem.describe()}"
    verification.finished_at = timezone.now()
    verification.save()
    return verification
