"""Django's PostgreSQL backend with the audit buffer (see danvan.core.db.audit_buffer), the
cheaper ORDER BY compilation (danvan.core.db.compiler), and a cursor that binds parameters on the
server unless a statement has more than the protocol allows."""

from typing import Any

import psycopg
from django.db.backends.postgresql import base, operations

from danvan.core.db.audit_buffer import AuditBufferMixin


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "danvan.core.db.postgresql.compiler"


# PostgreSQL's protocol carries at most 65,535 parameters with a statement.
MAX_BOUND_PARAMS = 65_535


class BoundOrInlinedCursor(base.ServerBindingCursor):
    """The cursor of `server_side_binding` (prepared statements, danvan/config/settings.py), except
    for a statement with more parameters than the protocol carries (an `IN` of 70,000 ids, a
    large bulk update or prefetch): its values are written into the SQL text, as Django's default
    client-side cursor writes them, instead of failing."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if params is not None and hasattr(params, "__len__") and len(params) > MAX_BOUND_PARAMS:
            query = psycopg.ClientCursor(self.connection).mogrify(query, params)  # type: ignore[attr-defined]
            params = None
        return super().execute(query, params, **kwargs)  # type: ignore[misc]


class DatabaseWrapper(AuditBufferMixin, base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = BoundOrInlinedCursor
        return params

    def _audit_before_commit_flush(self) -> None:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: left alone, their checks run
        # at COMMIT, after the chain head is locked, and take KEY SHARE locks on the rows they
        # reference (an organisation whose counter another writer holds while it waits for the
        # head: a deadlock). Checked now, the head is the last lock a transaction takes, and a
        # transaction holding it waits for nothing else.
        self.check_constraints()
