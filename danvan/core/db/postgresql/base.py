"""Django's PostgreSQL backend with the audit buffer (see danvan.core.db.audit_buffer)."""

from django.db.backends.postgresql import base

from danvan.core.db.audit_buffer import AuditBufferMixin


class DatabaseWrapper(AuditBufferMixin, base.DatabaseWrapper):
    pass
