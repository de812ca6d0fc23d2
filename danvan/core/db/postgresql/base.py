"""Django's PostgreSQL backend with the audit buffer (see danvan.core.db.audit_buffer) and the
cheaper ORDER BY compilation (danvan.core.db.compiler)."""

from django.db.backends.postgresql import base, operations

from danvan.core.db.audit_buffer import AuditBufferMixin


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "danvan.core.db.postgresql.compiler"


class DatabaseWrapper(AuditBufferMixin, base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def _audit_before_commit_flush(self) -> None:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: left alone, their checks run
        # at COMMIT, after the chain head is locked, and take KEY SHARE locks on the rows they
        # reference (an organisation whose counter another writer holds while it waits for the
        # head: a deadlock). Checked now, the head is the last lock a transaction takes, and a
        # transaction holding it waits for nothing else.
        self.check_constraints()
