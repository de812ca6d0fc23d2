"""A PostgreSQL restart is survived: danvan reconnects by itself, and nothing is half-written.

The machine's shared PostgreSQL is never restarted: each test starts a private cluster (initdb
and pg_ctl on a free port, as the `postgres` OS user when run as root), loads it with a dump of
the migrated and seeded template database, and runs `danvan serve` against it. Persistent
connections (CONN_MAX_AGE) with health checks (CONN_HEALTH_CHECKS) are what let the server
carry on: a connection found dead at the start of a request is replaced.

Runs in the PostgreSQL pass (DATABASE_URL=postgres://…); skipped on SQLite, and where the
PostgreSQL server binaries are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.resilience.support import (
    Cluster,
    Database,
    Server,
    check_database,
    complaint_body,
    login,
    pg_bin_dir,
)

# django_db: the session's test database is the template's source (conftest.py).
pytestmark = [pytest.mark.fault, pytest.mark.django_db]

UNAVAILABLE_TITLE = "Tạm thời không kết nối được cơ sở dữ liệu"
RECOVERY_TIMEOUT = 180.0


def _can_run_as_postgres() -> str:
    """Why a cluster cannot be made here, or "" when it can."""
    if os.geteuid() != 0:
        return ""
    if shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses root"
    done = subprocess.run(
        ["runuser", "-u", "postgres", "--", "true"], capture_output=True, timeout=60
    )
    if done.returncode != 0:
        return "running as root and cannot run commands as the postgres user (initdb refuses root)"
    return ""


@pytest.fixture
def private_db(fault_template: Database) -> Iterator[tuple[Cluster, Database]]:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if fault_template.vendor != "postgresql":
        pytest.skip(
            "runs in the PostgreSQL pass (DATABASE_URL=postgres://…): the private cluster gets "
            "its schema from the migrated PostgreSQL test database"
        )
    reason = _can_run_as_postgres()
    if reason:
        pytest.skip(reason)
    cluster = Cluster(bin_dir)
    try:
        cluster.init()
        cluster.ctl("start")
        cluster.server.execute('CREATE DATABASE "danvan"')
        dump = subprocess.run(
            [
                str(bin_dir / "pg_dump"),
                "--no-owner",
                "--no-privileges",
                "--dbname",
                fault_template.url.replace("postgres://", "postgresql://", 1),
            ],
            capture_output=True,
            timeout=600,
            check=True,
        )
        subprocess.run(
            [
                str(bin_dir / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--dbname",
                cluster.server.url("danvan").replace("postgres://", "postgresql://", 1),
            ],
            input=dump.stdout,
            capture_output=True,
            timeout=600,
            check=True,
        )
        root = fault_template.root.parent / f"pg-restart-{cluster.port}"
        root.mkdir(parents=True, exist_ok=True)
        yield (
            cluster,
            Database(
                vendor="postgresql",
                url=cluster.server.url("danvan"),
                root=root,
                seed=fault_template.seed,
                vault_key=fault_template.vault_key,
                pg=cluster.server,
                name="danvan",
            ),
        )
    finally:
        cluster.destroy()


def _writer(
    server: Server, token: str, area: str, first: int, stop: threading.Event, out: list[Any]
) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    n = first
    while not stop.is_set():
        try:
            response = session.post(
                f"{server.base}/api/v1/petitions", json=complaint_body(n, area), timeout=300
            )
            out.append((n, response.status_code, response.json()))
        except Exception as exc:  # the test fails on any answer that is not 201 or 503
            out.append((n, "error", repr(exc)))
        n += 1
        time.sleep(0.05)


def _assert_unavailable_page(response: Any) -> None:
    assert response.status_code == 503, response.text[:2000]
    assert UNAVAILABLE_TITLE in response.text
    assert "Traceback" not in response.text
    assert response.headers.get("Retry-After")


def _assert_unavailable_api(response: Any) -> None:
    assert response.status_code == 503, response.text[:2000]
    assert response.json()["error"]["code"] == "database_unavailable"


def _until_created(api: Any, server: Server, n: int, area: str) -> dict[str, Any]:
    """Post petition n until it is created: the answers meanwhile are clear 503s."""
    deadline = time.monotonic() + RECOVERY_TIMEOUT
    while True:
        response = api.post(
            f"{server.base}/api/v1/petitions", json=complaint_body(n, area), timeout=300
        )
        if response.status_code == 201:
            created: dict[str, Any] = response.json()
            return created
        _assert_unavailable_api(response)
        assert time.monotonic() < deadline, "no write succeeded after the database came back"
        time.sleep(0.5)


def test_web_server_survives_a_stopped_then_restarted_postgresql(
    private_db: tuple[Cluster, Database],
) -> None:
    requests = pytest.importorskip("requests")
    cluster, db = private_db
    seed, area = db.seed, db.seed["area_code"]
    server = Server("waitress", db)
    created: list[int] = []
    writes: list[Any] = []
    try:
        server.start()
        web = requests.Session()
        login(web, server.base, seed["officer"], seed["password"])
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {seed['token']}"
        first = api.post(f"{server.base}/api/v1/petitions", json=complaint_body(1, area))
        assert first.status_code == 201, first.text
        created.append(first.json()["id"])
        assert web.get(f"{server.base}/don-thu/", timeout=120).status_code == 200

        # when the database stops, pages and API answer a clear 503
        cluster.ctl("stop", "-m", "fast")
        _assert_unavailable_page(web.get(f"{server.base}/don-thu/", timeout=120))
        _assert_unavailable_api(
            api.post(f"{server.base}/api/v1/petitions", json=complaint_body(2, area), timeout=120)
        )

        # and once it is back, requests succeed again without restarting danvan
        cluster.ctl("start")
        created.append(_until_created(api, server, 3, area)["id"])
        assert web.get(f"{server.base}/don-thu/", timeout=120).status_code == 200

        # when it restarts while a client keeps writing
        stop = threading.Event()
        writer = threading.Thread(
            target=_writer, args=(server, seed["token"], area, 100, stop, writes)
        )
        writer.start()
        while not any(status == 201 for _n, status, _b in writes):
            assert writer.is_alive()
            time.sleep(0.1)
        cluster.ctl("restart", "-m", "fast")
        before = len(writes)
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while sum(1 for _n, status, _b in writes[before:] if status == 201) < 3:
            assert time.monotonic() < deadline, writes[before:]
            time.sleep(0.2)
        stop.set()
        writer.join(timeout=300)
        assert web.get(f"{server.base}/don-thu/", timeout=120).status_code == 200
    finally:
        server.stop()

    # then every answer was a success or a clear 503, and no write is half-done
    for n, status, body in writes:
        assert status in (201, 503), (n, status, body)
        if status == 503:
            assert body["error"]["code"] == "database_unavailable", body
    created += [body["id"] for _n, status, body in writes if status == 201]
    refused = sum(1 for _n, status, _b in writes if status == 503)
    report = check_database(db)
    assert report["problems"] == [], report["problems"]
    assert report["audit_verify"]["code"] == 0, report["audit_verify"]
    assert set(created) <= set(report["petitions"])
    # a COMMIT cut by the restart may have landed although its client was told 503
    assert len(report["petitions"]) - len(created) <= refused
