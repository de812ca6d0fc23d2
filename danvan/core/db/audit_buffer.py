"""Chain the audit events of a transaction at its commit, not when they are recorded.

Every audited write appends to one hash chain, so writers serialise on the chain's head row.
If `audit_record` took that lock where it is called, the lock would be held from the first
audited change of a transaction to its commit (deadline sync, document numbering, e-mails
queued ...): every write of the installation, sign-ins included, would queue behind it. Instead
the events of a transaction wait in a per-connection buffer and are chained in one short step
right before COMMIT, so the head lock is held for a few statements only. They still commit or
roll back with the business rows they describe: the buffer follows savepoints (an inner block
that rolls back drops its events) and is emptied by a rollback.

A read of the audit log inside the transaction (`AuditEvent.objects`) chains the waiting events
first, so a transaction always sees its own events.

Under Django's TestCase the test's own atomic blocks never commit, so the buffer is flushed when
the outermost block that is *not* a test's releases its savepoint: tests see the same rows at the
same moments as production does after COMMIT.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError


def _is_test_block(block: Any) -> bool:
    return bool(getattr(block, "_from_testcase", False))


class AuditBufferMixin:
    """Mixed into a Django DatabaseWrapper; see the module docstring."""

    in_atomic_block: bool
    atomic_blocks: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit_pending: list[Any] = []
        self._audit_marks: dict[str, int] = {}
        self._audit_flushing = False

    # --- what audit_record asks ------------------------------------------------------------

    def audit_buffering(self) -> bool:
        """True when an event recorded now should wait for the transaction's commit."""
        if not self.in_atomic_block or self._audit_flushing:
            return False
        return not all(_is_test_block(block) for block in self.atomic_blocks)

    def audit_defer(self, event: Any) -> None:
        self.audit_pending.append(event)

    # --- flushing ----------------------------------------------------------------------------

    def _audit_flush(self) -> None:
        if not self.audit_pending or self._audit_flushing:
            return
        from danvan.core.services.audit import audit_chain_append

        self._audit_flushing = True
        try:
            audit_chain_append(list(self.audit_pending))
        except DatabaseError:
            raise
        except Exception as exc:  # Atomic only rolls back on DatabaseError; keep that promise.
            raise DatabaseError(f"audit chain: {exc}") from exc
        finally:
            self._audit_flushing = False
        self.audit_pending.clear()
        # What was flushed is in the database now: a savepoint rolled back later undoes it there,
        # and only the events recorded after this flush remain to drop from the buffer.
        self._audit_marks = dict.fromkeys(self._audit_marks, 0)

    def audit_flush_pending(self) -> None:
        """Chain the waiting events now (a read of the audit log inside the transaction)."""
        if self.audit_pending and not self._audit_flushing:
            self._audit_flush()

    def _audit_reset(self) -> None:
        self.audit_pending.clear()
        self._audit_marks.clear()

    # --- Django's transaction hooks ----------------------------------------------------------

    def _audit_before_commit_flush(self) -> None:
        """Take every lock the commit still needs before the chain head (see PostgreSQL's)."""

    def _commit(self) -> None:
        if self.audit_pending:
            self._audit_before_commit_flush()
        self._audit_flush()
        super()._commit()  # type: ignore[misc]
        self._audit_reset()

    def _rollback(self) -> None:
        self._audit_reset()
        super()._rollback()  # type: ignore[misc]

    def _savepoint(self, sid: str) -> None:
        if not self._audit_flushing:
            self._audit_marks[sid] = len(self.audit_pending)
        super()._savepoint(sid)  # type: ignore[misc]

    def _savepoint_rollback(self, sid: str) -> None:
        super()._savepoint_rollback(sid)  # type: ignore[misc]
        mark = self._audit_marks.pop(sid, None)
        if mark is not None:
            del self.audit_pending[mark:]

    def _savepoint_commit(self, sid: str) -> None:
        if (
            self.audit_pending
            and not self._audit_flushing
            and self.atomic_blocks
            and all(_is_test_block(block) for block in self.atomic_blocks)
        ):
            # The outermost non-test block ends here: under TestCase this is its "commit".
            self._audit_flush()
        super()._savepoint_commit(sid)  # type: ignore[misc]
        self._audit_marks.pop(sid, None)

    def connect(self) -> None:
        self._audit_reset()
        super().connect()  # type: ignore[misc]

    def close(self) -> None:
        self._audit_reset()
        super().close()  # type: ignore[misc]
