"""A process killed with SIGKILL in the middle of a write leaves no partial record.

The writer is frozen inside the transaction of its n-th registration (a random n and a random
step of `petition_register`: `scripts/pause.py`), then killed; a fresh process then checks every
invariant (`scripts/check.py`): each case with its event, audit entries, receipt, senders and
deadlines, nothing pointing to a missing case, case counters without gap, the audit chain
verified by `danvan audit verify`, SQLite's integrity and foreign-key checks.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from tests.resilience.scripts.pause import STAGES
from tests.resilience.support import (
    GUNICORN,
    REPO,
    SCRIPTS,
    Database,
    Server,
    check_database,
    complaint_body,
    kill_group,
    wait_for_file,
)

# django_db: the session's test database is the template's source (conftest.py).
pytestmark = [pytest.mark.fault, pytest.mark.django_db]


def assert_consistent(report: dict[str, Any]) -> None:
    assert report["problems"] == [], "\n".join(report["problems"])
    assert report["audit_verify"]["code"] == 0, report["audit_verify"]
    assert "OK" in report["audit_verify"]["out"]
    assert report["integrity"]["integrity_check"] in ("ok", "n/a")
    assert report["integrity"]["foreign_key_violations"] == 0


def test_writer_killed_inside_a_registration_leaves_no_partial_case(scratch: Database) -> None:
    # given a process registering petitions one after another through the service
    rng = random.Random()
    at = rng.randint(3, 8)
    stage = rng.choice(STAGES)
    marker = scratch.root / "paused"
    env = scratch.env(
        DANVAN_FAULT_PAUSE_AT=str(at),
        DANVAN_FAULT_PAUSE_STAGE=stage,
        DANVAN_FAULT_MARKER=str(marker),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            f"{SCRIPTS}.register_loop",
            scratch.seed["officer"],
            scratch.seed["area_code"],
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        # when it is killed with SIGKILL inside the transaction of registration number `at`
        wait_for_file(marker, proc)
        time.sleep(rng.uniform(0, 0.2))
        kill_group(proc)
    finally:
        kill_group(proc)
    out, err = proc.communicate(timeout=60)
    committed = [line.split() for line in out.splitlines() if line.startswith("committed ")]

    # then every registration that returned is there, complete, and the frozen one is not
    assert proc.returncode == -9, err
    assert [int(n) for _word, _pk, n in committed] == list(range(1, at)), (stage, out, err)
    report = check_database(scratch)
    assert_consistent(report)
    assert report["petitions"] == [int(pk) for _word, pk, _n in committed], (stage, report)


def _post_until_killed(server: Server, token: str, area_code: str, results: list[Any]) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    for n in range(1, 10_000):
        try:
            response = session.post(
                f"{server.base}/api/v1/petitions", json=complaint_body(n, area_code), timeout=600
            )
        except requests.RequestException as exc:
            results.append((n, "dropped", repr(exc)))
            return
        results.append((n, response.status_code, response.json()))
        if response.status_code != 201:
            return


@pytest.mark.parametrize("kind", ["waitress", "gunicorn"])
def test_web_server_killed_during_a_post_leaves_no_partial_case(
    scratch: Database, kind: str
) -> None:
    pytest.importorskip("requests")
    if kind == "gunicorn" and not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    # given a web server and a client posting petitions to the API, one after another
    rng = random.Random()
    at = rng.randint(3, 8)
    stage = rng.choice(STAGES)
    marker = scratch.root / "paused"
    server = Server(
        kind,
        scratch,
        env_extra={
            "DANVAN_FAULT_PAUSE_AT": str(at),
            "DANVAN_FAULT_PAUSE_STAGE": stage,
            "DANVAN_FAULT_MARKER": str(marker),
        },
    )
    results: list[Any] = []
    try:
        server.start()
        client = threading.Thread(
            target=_post_until_killed,
            args=(server, scratch.seed["token"], scratch.seed["area_code"], results),
        )
        client.start()
        # when the server is killed with SIGKILL while request number `at` is half-written
        assert server.proc is not None
        wait_for_file(marker, server.proc)
        time.sleep(rng.uniform(0, 0.2))
        server.kill()
        client.join(timeout=120)
        assert not client.is_alive()
    finally:
        server.kill()

    # then each petition the client was told about is there and complete, and no other
    created = [body["id"] for _n, status, body in results if status == 201]
    assert len(created) == at - 1, (kind, stage, results, server.log())
    assert results[-1][1] == "dropped", results[-1]
    report = check_database(scratch)
    assert_consistent(report)
    assert report["petitions"] == created
