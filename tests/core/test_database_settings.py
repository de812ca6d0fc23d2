"""Database settings read from `DATABASE_URL`: PostgreSQL connections run without JIT, cost random
reads as on SSD and prepare the statements they run again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

PRINT_OPTIONS = """
import json
from danvan.config import settings as s
print(json.dumps(s.DATABASES["default"].get("OPTIONS", {})))
"""


def _options(url: str, **extra: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": url}
    env |= extra
    done = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def test_postgresql_urls_turn_jit_off_and_cost_random_reads_as_ssd_unless_they_set_it() -> None:
    ours = "-c jit=off -c random_page_cost=1.1"
    assert _options("postgres://u@127.0.0.1:5432/x")["options"] == ours
    # The URL's own options are kept, with ours added; a URL that sets one itself wins.
    kept = _options("postgres://u@127.0.0.1:5432/x?options=-c%20statement_timeout%3D5000")
    assert kept["options"] == f"-c statement_timeout=5000 {ours}"
    own = _options("postgres://u@127.0.0.1:5432/x?options=-c%20jit%3Don")
    assert own["options"] == "-c jit=on -c random_page_cost=1.1"
    cost = _options("postgres://u@127.0.0.1:5432/x?options=-c%20random_page_cost%3D2")
    assert cost["options"] == "-c random_page_cost=2 -c jit=off"
    assert "options" not in _options("sqlite:////tmp/x.sqlite3")


@pytest.mark.django_db
def test_the_postgresql_connection_runs_without_jit_and_with_ssd_costs() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_postgresql_connections_prepare_their_statements_unless_told_not_to() -> None:
    opts = _options("postgres://u@127.0.0.1:5432/x")
    assert opts["server_side_binding"] is True
    assert opts["prepare_threshold"] == 2
    off = _options("postgres://u@127.0.0.1:5432/x", DANVAN_DB_PREPARED="0")
    assert "server_side_binding" not in off
    assert "prepare_threshold" not in off
    sqlite = _options("sqlite:////tmp/x.sqlite3")
    assert "server_side_binding" not in sqlite


@pytest.mark.django_db
def test_a_statement_run_twice_is_prepared_on_the_server() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    from danvan.core.models import User

    sql = "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s"
    pattern = '%FROM "core_user" WHERE "core_user"."username" = $%'
    with connection.cursor() as cursor:
        cursor.execute(sql, [pattern])
        before = cursor.fetchone()[0]
    for name in ("prepared-a", "prepared-b", "prepared-c"):
        assert not User.objects.filter(username=name).exists()
    with connection.cursor() as cursor:
        cursor.execute(sql, [pattern])
        # One statement for the three lookups: the values travel apart from the SQL text.
        assert cursor.fetchone()[0] == before + 1


@pytest.mark.django_db
def test_a_statement_with_more_parameters_than_the_protocol_carries_still_runs() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    from danvan.core.db.postgresql.base import MAX_BOUND_PARAMS, BoundOrInlinedCursor
    from danvan.core.models import User

    user = User.objects.create(username="many-params")
    ids = [user.pk, *range(10**9, 10**9 + MAX_BOUND_PARAMS + 10)]
    # Bound on the server, 65,546 values would be refused by the protocol; they are written into
    # the SQL text instead, as Django's default cursor writes them.
    assert list(User.objects.filter(pk__in=ids).values_list("username", flat=True)) == [
        "many-params"
    ]
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, BoundOrInlinedCursor)
        cursor.execute("SELECT %s + %s", [2, 3])  # a small statement stays bound
        assert cursor.fetchone()[0] == 5
