"""Django's PostgreSQL backend with the audit buffer (see danvan.core.db.audit_buffer), the
cheaper ORDER BY compilation (danvan.core.db.compiler), a cursor that binds parameters on the
server unless a statement has more than the protocol allows, and a health check that makes no
round trip for an idle connection the server has not closed."""

import select
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

    def is_usable(self) -> bool:
        """Whether the persistent connection can serve the next request (CONN_HEALTH_CHECKS).

        Django's check sends `SELECT 1` and waits for the answer at the start of every request:
        a round trip and a statement for PostgreSQL, about 1 % of the server's CPU and of the
        database's under the load test. A server that closes a connection (a restart, an
        administrator's `pg_terminate_backend`, an idle timeout) sends its last message and
        closes the socket, so an idle connection with nothing to read is alive; one with
        something to read, or not idle, gets Django's check."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            quiet = not poller.poll(0)
        except (OSError, ValueError, psycopg.Error):
            quiet = False
        return quiet or bool(super().is_usable())

    def _audit_before_commit_flush(self) -> None:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: left alone, their checks run
        # at COMMIT, after the chain head is locked, and take KEY SHARE locks on the rows they
        # reference (an organisation whose counter another writer holds while it waits for the
        # head: a deadlock). Checked now, the head is the last lock a transaction takes, and a
        # transaction holding it waits for nothing else.
        self.check_constraints()
