"""Database settings read from `DATABASE_URL`: PostgreSQL connections run without JIT."""

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


def _options(url: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def test_postgresql_urls_turn_jit_off_unless_they_set_it() -> None:
    assert _options("postgres://u@127.0.0.1:5432/x")["options"] == "-c jit=off"
    # The URL's own options are kept, with JIT off added; a URL that sets JIT itself wins.
    kept = _options("postgres://u@127.0.0.1:5432/x?options=-c%20statement_timeout%3D5000")
    assert kept["options"] == "-c statement_timeout=5000 -c jit=off"
    own = _options("postgres://u@127.0.0.1:5432/x?options=-c%20jit%3Don")
    assert own["options"] == "-c jit=on"
    assert "options" not in _options("sqlite:////tmp/x.sqlite3")


@pytest.mark.django_db
def test_the_postgresql_connection_runs_without_jit() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
