"""Django's SQLite backend with the audit buffer (see danvan.core.db.audit_buffer)."""

from django.db.backends.sqlite3 import base

from danvan.core.db.audit_buffer import AuditBufferMixin


class DatabaseWrapper(AuditBufferMixin, base.DatabaseWrapper):
    pass
