"""Two officers move the same case at the same moment: one wins, the other is told clearly.

Both read the case, meet at a barrier, then make the same move with the version they read. The
version guard (`UPDATE … WHERE id = ? AND version = ?`, conventions §4) lets exactly one
through, on SQLite (a real file in WAL mode, two connections queueing on the write lock) as on
PostgreSQL (two connections, the row lock): the other gets the Conflict with its Vietnamese
message, and the audit log holds one entry for the move.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.resilience.support import (
    Database,
    Server,
    check_database,
    complaint_body,
    last_json,
    login,
    run_module,
)

# django_db: the session's test database is the template's source (conftest.py).
pytestmark = [pytest.mark.fault, pytest.mark.django_db]

ROUNDS = 4  # triage, assign, triage, assign; the threads swap roles every round
CONFLICT_SERVICE = "vừa được người khác cập nhật"
CONFLICT_PAGE = "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác"


def test_two_officers_making_the_same_move_at_once_one_wins_one_gets_a_conflict(
    scratch: Database,
) -> None:
    # given two officers of the commune and, each round, a new case
    seed = scratch.seed
    # when both make the same move on it at the same moment (two threads, two connections)
    report = last_json(
        run_module(
            "race",
            seed["officer"],
            seed["officer2"],
            seed["area_code"],
            str(ROUNDS),
            env=scratch.env(),
        )
    )

    # then exactly one succeeds, the other gets the conflict, and the move is recorded once
    assert len(report["rounds"]) == ROUNDS
    for one in report["rounds"]:
        won = [o for o in one["outcomes"] if o.get("ok")]
        lost = [o for o in one["outcomes"] if not o.get("ok")]
        assert len(won) == 1 and len(lost) == 1, one
        assert lost[0].get("code") == "conflict", one
        assert CONFLICT_SERVICE in lost[0]["message"], one
        assert "Tải lại trang" in lost[0]["message"], one
        assert (one["audit"], one["events"], one["version"]) == (1, 1, 2), one
        if one["kind"] == "triage":
            assert one["status"] == "triaged"
        else:
            assert one["assignee"] == won[0]["user"]
    check = check_database(scratch)
    assert check["problems"] == [], check["problems"]
    assert check["audit_verify"]["code"] == 0


def _post_move(
    session: Any, url: str, version: int, barrier: threading.Barrier, out: list[Any], i: int
) -> None:
    data = {
        "mv-triaged-to": "triaged",
        "mv-triaged-expected_version": str(version),
        "mv-triaged-outcome": "accept",
        "mv-triaged-on": "05/03/2026",
        "mv-triaged-reason": "Đơn đủ điều kiện thụ lý",
        "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
    }
    try:
        barrier.wait(timeout=120)
        response = session.post(url, data=data, allow_redirects=False, timeout=300)
        out[i] = (response.status_code, response.headers.get("Location", ""), response.text)
    except Exception as exc:  # asserted on in the test
        out[i] = ("error", repr(exc), "")


def test_two_officers_posting_the_same_move_form_at_once_one_is_redirected_one_sees_a_conflict(
    scratch: Database,
) -> None:
    requests = pytest.importorskip("requests")
    seed = scratch.seed
    server = Server("waitress", scratch)
    try:
        server.start()
        # given two officers signed in with their own sessions, and a new case each round
        sessions = [requests.Session(), requests.Session()]
        login(sessions[0], server.base, seed["officer"], seed["password"])
        login(sessions[1], server.base, seed["officer2"], seed["password"])
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {seed['token']}"
        cases = []
        for n in range(1, 4):
            created = api.post(
                f"{server.base}/api/v1/petitions",
                json=complaint_body(2000 + n, seed["area_code"]),
                timeout=300,
            )
            assert created.status_code == 201, created.text
            case = created.json()
            url = f"{server.base}/don-thu/{case['id']}/chuyen-buoc/triaged/"
            # when both submit the triage form of the same page (version 1) at the same moment
            barrier = threading.Barrier(2)
            out: list[Any] = [None, None]
            threads = [
                threading.Thread(target=_post_move, args=(sessions[i], url, 1, barrier, out, i))
                for i in range(2)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=300)

            # then one is sent back to the case page, the other sees the conflict message
            statuses = sorted(str(o[0]) for o in out)
            assert statuses == ["302", "409"], [(o[0], o[1], o[2][:300]) for o in out]
            redirected = next(o for o in out if o[0] == 302)
            assert redirected[1].endswith(f"/don-thu/{case['id']}/")
            refused = next(o for o in out if o[0] == 409)
            assert CONFLICT_PAGE in refused[2]
            cases.append(case["id"])
    finally:
        server.stop()

    # and each case was moved once: one timeline event, one audit entry
    check = check_database(scratch)
    assert check["problems"] == [], check["problems"]
    for pk in cases:
        one = check["cases"][str(pk)]
        assert (one["status"], one["moves"], one["audit_moves"], one["version"]) == (
            "triaged",
            1,
            1,
            2,
        ), one
