"""Append-only audit log, each row chained to the previous row's hash.

Rows are written only by `danvan.core.services.audit.audit_record`; the model and its queryset
refuse every other write (update, delete, bulk operations, direct `create`), so application code
cannot rewrite history by accident. Deliberate tampering at the SQL level is what
`danvan audit verify` detects.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import connections, models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit row through the ORM."""


_APPEND_ONLY = "The audit log is append-only: rows are written by audit_record() and never changed."

# PostgreSQL: refuse UPDATE and DELETE of audit rows in the database itself, whoever connects
# with the application's role. Copy (do not import) into a migration, run on PostgreSQL only.
# TRUNCATE is left possible (test-database flushes use it); the head row is not protected
# because every writer advances it. An owner can still disable the trigger: `danvan audit
# verify` remains the check.
POSTGRES_APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION danvan_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION danvan_audit_append_only();
"""
POSTGRES_APPEND_ONLY_REVERSE_SQL = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS danvan_audit_append_only();
"""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly(_APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(_APPEND_ONLY)

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AuditLogIsAppendOnly(_APPEND_ONLY)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:  # type: ignore[override]
        raise AuditLogIsAppendOnly(_APPEND_ONLY)

    def update_or_create(self, *args: Any, **kwargs: Any) -> tuple[AuditEvent, bool]:  # type: ignore[override]
        raise AuditLogIsAppendOnly(_APPEND_ONLY)


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> AuditEventQuerySet:
        # Events recorded earlier in this transaction wait to be chained at its commit
        # (danvan.core.db.audit_buffer); a read of the log chains them first, so a transaction
        # always sees its own events.
        flush = getattr(connections[self.db], "audit_flush_pending", None)
        if flush is not None:
            flush()
        return super().get_queryset()


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(editable=False)
    # No database constraint and DO_NOTHING: removing a user must never rewrite audit rows
    # (actor_id is part of the hash). `actor_label` keeps the name for display.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=60)
    target_label = models.CharField(max_length=250, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventManager()
    # Set by audit_record() on the row it appends; save() refuses any other write.
    _chain_write: bool = False

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["seq"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["target_type", "target_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only audit_record() marks a fresh row as part of the chain; anything else is refused.
        if not self._state.adding or not self._chain_write:
            raise AuditLogIsAppendOnly(_APPEND_ONLY)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)
        self._chain_write = False

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(_APPEND_ONLY)


class AuditChainHead(models.Model):
    """Single row holding the chain's tip; locked by each writer so the chain stays linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(_APPEND_ONLY)


class AuditVerification(models.Model):
    """One run of the chain check, requested from the UI and done by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        OK = "ok", _("Nguyên vẹn")
        BROKEN = "broken", _("Phát hiện sai lệch")
        FAILED = "failed", _("Không chạy được")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    events = models.BigIntegerField(default=0)
    last_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lần kiểm tra toàn vẹn nhật ký")
        verbose_name_plural = _("các lần kiểm tra toàn vẹn nhật ký")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.requested_at:%d/%m/%Y %H:%M} {self.get_status_display()}"
