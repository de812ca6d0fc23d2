"""Database faults people can act on: a read-only database, a full disk, a database out of reach.

`db_fault_of` reads an exception (Django's wrapper and the driver's error behind it, SQLite or
PostgreSQL) and names the fault, or None for any other error (a bug stays a 500 with its
traceback). The pages answer a fault with a Vietnamese 503 page, the API with its one JSON error
shape, the command line with one Vietnamese line and a non-zero exit
(`danvan.core.middleware.DatabaseFaultMiddleware`, `db_fault_exit`).

Every write runs in one transaction (conventions §1, §7), so a write refused for one of these
reasons leaves nothing half-written; only a connection lost during COMMIT leaves the outcome
unknown, which the "unavailable" message says.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import Error as DjangoDatabaseError
from django.db import InterfaceError as DjangoInterfaceError
from django.utils.translation import gettext as _

logger = logging.getLogger("danvan.db")


class DbFault(enum.StrEnum):
    """The kind of fault; the value is the API's error code."""

    READ_ONLY = "database_read_only"
    FULL = "database_full"
    UNAVAILABLE = "database_unavailable"


# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in
# their low byte.
_SQLITE_CODES: dict[int, DbFault] = {
    5: DbFault.UNAVAILABLE,  # SQLITE_BUSY: another writer held the lock past the busy timeout
    6: DbFault.UNAVAILABLE,  # SQLITE_LOCKED
    8: DbFault.READ_ONLY,  # SQLITE_READONLY: read-only file, directory or mount, query_only
    10: DbFault.UNAVAILABLE,  # SQLITE_IOERR: the disk answered with an error
    13: DbFault.FULL,  # SQLITE_FULL: disk full (or the page limit reached)
    14: DbFault.UNAVAILABLE,  # SQLITE_CANTOPEN: the file or its folder is gone
}
# The same faults by message, for an error that carries no code.
_SQLITE_MESSAGES: tuple[tuple[str, DbFault], ...] = (
    ("readonly database", DbFault.READ_ONLY),
    ("database or disk is full", DbFault.FULL),
    ("database is locked", DbFault.UNAVAILABLE),
    ("unable to open database file", DbFault.UNAVAILABLE),
    ("disk i/o error", DbFault.UNAVAILABLE),
)
# PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_STATES: dict[str, DbFault] = {
    "25006": DbFault.READ_ONLY,  # read_only_sql_transaction (default_transaction_read_only)
    "53100": DbFault.FULL,  # disk_full
    "53300": DbFault.UNAVAILABLE,  # too_many_connections
    "57P01": DbFault.UNAVAILABLE,  # admin_shutdown: the server is stopping or restarting
    "57P02": DbFault.UNAVAILABLE,  # crash_shutdown
    "57P03": DbFault.UNAVAILABLE,  # cannot_connect_now: starting up or shutting down
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those behind it (Django re-raises the driver's error `from` it)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 10:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _from_driver(error: BaseException) -> DbFault | None:
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
            return _SQLITE_CODES[code & 0xFF]
        text = str(error).lower()
        return next((fault for part, fault in _SQLITE_MESSAGES if part in text), None)
    module = type(error).__module__ or ""
    if module.startswith("psycopg"):  # psycopg 3 (and psycopg2, same attributes)
        state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if state:
            state = str(state)
            if state in _PG_STATES:
                return _PG_STATES[state]
            if state.startswith("08"):  # connection_exception and its kind
                return DbFault.UNAVAILABLE
            return None
        # No SQLSTATE: the client library's own error, i.e. the server could not be reached
        # or the connection was lost (refused, closed, reset, timed out).
        name = type(error).__name__
        if name in ("OperationalError", "InterfaceError"):
            return DbFault.UNAVAILABLE
    return None


def _is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, DjangoDatabaseError | sqlite3.Error) or (
        type(exc).__module__ or ""
    ).startswith("psycopg")


def db_fault_of(exc: BaseException | None) -> DbFault | None:
    """The database fault behind `exc`, or None when it is another kind of error."""
    # Only a database error is read down its chain: another error raised while handling one
    # (its __context__) is a bug of its own.
    if exc is None or not _is_database_error(exc):
        return None
    for error in _chain(exc):
        fault = _from_driver(error)
        if fault is not None:
            return fault
    if isinstance(exc, DjangoInterfaceError):  # "connection already closed"
        return DbFault.UNAVAILABLE
    return None


def db_fault_title(fault: DbFault) -> str:
    titles = {
        DbFault.READ_ONLY: _("Cơ sở dữ liệu đang ở chế độ chỉ đọc"),
        DbFault.FULL: _("Cơ sở dữ liệu đã hết dung lượng lưu trữ"),
        DbFault.UNAVAILABLE: _("Tạm thời không kết nối được cơ sở dữ liệu"),
    }
    return titles[fault]


def db_fault_message(fault: DbFault) -> str:
    """What happened and what to do, in the active language (Vietnamese by default)."""
    messages = {
        DbFault.READ_ONLY: _(
            "Cơ sở dữ liệu đang ở chế độ chỉ đọc nên không ghi được thay đổi: thao tác chưa được "
            "thực hiện, không có dữ liệu nào bị ghi dở. Vẫn xem được thông tin; hãy liên hệ quản "
            "trị viên hệ thống để mở lại quyền ghi."
        ),
        DbFault.FULL: _(
            "Ổ đĩa chứa cơ sở dữ liệu đã đầy nên không ghi được thay đổi: thao tác chưa được thực "
            "hiện, không có dữ liệu nào bị ghi dở. Hãy liên hệ quản trị viên hệ thống để giải "
            "phóng dung lượng rồi làm lại."
        ),
        DbFault.UNAVAILABLE: _(
            "Tạm thời không kết nối được cơ sở dữ liệu (máy chủ cơ sở dữ liệu đang khởi động lại "
            "hoặc bận). Hãy thử lại sau ít phút; trước khi làm lại, tải lại trang để xem thao "
            "tác vừa rồi đã được ghi hay chưa. Nếu lỗi kéo dài, hãy liên hệ quản trị viên hệ "
            "thống."
        ),
    }
    return messages[fault]


def db_fault_log(fault: DbFault, exc: BaseException, where: str) -> None:
    """Log the fault with its traceback for the operator (the person sees the message)."""
    logger.error("Database fault (%s) during %s: %s", fault.value, where, exc, exc_info=exc)


@contextmanager
def db_fault_exit(stderr: Any) -> Iterator[None]:
    """For the command line: a database fault becomes one Vietnamese line and exit status 1."""
    try:
        yield
    except Exception as exc:
        fault = db_fault_of(exc)
        if fault is None:
            raise
        # One line for the operator, no traceback: the fault and what to do are known.
        print(f"Lỗi cơ sở dữ liệu: {db_fault_message(fault)}", file=stderr)
        raise SystemExit(1) from None
