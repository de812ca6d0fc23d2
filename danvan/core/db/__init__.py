"""danvan's database backends: Django's SQLite and PostgreSQL backends plus the audit buffer.

`settings.DATABASES` names `danvan.core.db.sqlite3` or `danvan.core.db.postgresql`; both behave
exactly like Django's own, except that audit events recorded inside a transaction are chained
just before it commits (see `audit_buffer.AuditBufferMixin`).
"""

ENGINES = {
    "django.db.backends.sqlite3": "danvan.core.db.sqlite3",
    "django.db.backends.postgresql": "danvan.core.db.postgresql",
}


def is_sqlite(engine: str) -> bool:
    """True for Django's SQLite engine and for danvan's wrapper of it."""
    return engine in ("django.db.backends.sqlite3", ENGINES["django.db.backends.sqlite3"])


def is_postgresql(engine: str) -> bool:
    return engine in ("django.db.backends.postgresql", ENGINES["django.db.backends.postgresql"])
