"""Django's SQLite backend with the audit buffer (see danvan.core.db.audit_buffer) and the
cheaper ORDER BY compilation (danvan.core.db.compiler)."""

from django.db.backends.sqlite3 import base, operations

from danvan.core.db.audit_buffer import AuditBufferMixin


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "danvan.core.db.sqlite3.compiler"


class DatabaseWrapper(AuditBufferMixin, base.DatabaseWrapper):
    ops_class = DatabaseOperations
