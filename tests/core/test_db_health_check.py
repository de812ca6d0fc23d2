"""The PostgreSQL backend's health check (danvan/core/db/postgresql/base.py): no round trip for
an idle connection the server keeps; a connection the server closed is found unusable and
replaced at the start of the next request, as with Django's `SELECT 1`."""

from __future__ import annotations

import select
import time
from typing import Any

import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_pg

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend only"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _fresh_connection_after() -> Any:
    """A test that had the server close its connection leaves a fresh one for the teardown's
    flush."""
    yield
    connection.close()


def _spy_round_trip(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record each time Django's own check (the `SELECT 1` round trip) runs."""
    calls: list[int] = []
    original = django_pg.DatabaseWrapper.is_usable

    def spy(self: Any) -> bool:
        calls.append(1)
        return bool(original(self))

    monkeypatch.setattr(django_pg.DatabaseWrapper, "is_usable", spy)
    return calls


def _terminate_backend() -> None:
    """Close this test's connection from the server's side, as a restart does, and wait until
    its goodbye reaches the client's socket."""
    pid = connection.connection.info.backend_pid
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 10
    while not poller.poll(100) and time.monotonic() < deadline:
        pass


def test_idle_connection_is_usable_without_a_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    connection.ensure_connection()
    calls = _spy_round_trip(monkeypatch)
    assert connection.is_usable() is True
    assert calls == []


def test_connection_inside_a_transaction_gets_djangos_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection.ensure_connection()
    calls = _spy_round_trip(monkeypatch)
    connection.set_autocommit(False)
    try:
        connection.cursor().execute("SELECT 1")
        assert connection.is_usable() is True
        assert calls == [1]
    finally:
        connection.rollback()
        connection.set_autocommit(True)


def test_connection_closed_by_the_server_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    connection.ensure_connection()
    _terminate_backend()
    calls = _spy_round_trip(monkeypatch)
    assert connection.is_usable() is False
    assert calls == [1]  # something to read: Django's check ran and failed


def test_next_request_replaces_a_connection_the_server_closed() -> None:
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    _terminate_backend()
    # What Django does at the start of a request with CONN_HEALTH_CHECKS.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (new_pid,) = cursor.fetchone()
    assert new_pid != old_pid


def test_closed_connection_is_unusable() -> None:
    connection.ensure_connection()
    connection.connection.close()
    assert connection.is_usable() is False
    connection.close()
