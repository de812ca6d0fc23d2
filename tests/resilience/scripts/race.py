"""Two officers make the same move on the same case at the same moment, through the service.

Usage: python -m tests.resilience.scripts.race USERNAME1 USERNAME2 AREA_CODE ROUNDS
Each round registers a case, then two threads (two database connections) read it, meet at a
barrier and call the same service with the version they read: rounds alternate between the
triage move (`petition_transition` to "triaged", outcome accept) and the assignment
(`petition_assign`, each officer to themself). Prints one JSON line: per round the two outcomes
(ok, or the Conflict's code and message), and the case's audit entries and timeline events of
that move, its status and version afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
django.setup()

from django.db import connections  # noqa: E402

from danvan.core.errors import Conflict  # noqa: E402
from danvan.core.models import AuditEvent, User  # noqa: E402
from danvan.petitions.inputs import TransitionInput  # noqa: E402
from danvan.petitions.models import Petition, PetitionEvent  # noqa: E402
from danvan.petitions.services import (  # noqa: E402
    petition_assign,
    petition_register,
    petition_transition,
)
from tests.resilience.scripts.register_loop import petition_data  # noqa: E402

MOVES = {
    "triage": ("petition.transition", "transition"),
    "assign": ("petition.assign", "assigned"),
}


def _attempt(kind: str, petition_id: int, user: User, barrier: threading.Barrier) -> dict[str, Any]:
    try:
        petition = Petition.objects.get(pk=petition_id)
        expected = petition.version
        barrier.wait(timeout=120)
        if kind == "triage":
            petition_transition(
                petition=petition,
                actor=user,
                data=TransitionInput(
                    to="triaged",
                    outcome="accept",
                    reason=f"Thụ lý đơn ({user.username})",
                    on=dt.date(2026, 3, 5),
                    expected_version=expected,
                ),
            )
        else:
            petition_assign(petition=petition, actor=user, assignee=user, expected_version=expected)
        return {"ok": True, "user": user.username}
    except Conflict as exc:
        return {"ok": False, "user": user.username, "code": exc.code, "message": exc.message}
    except Exception as exc:  # reported to the test, which fails on it
        return {"ok": False, "user": user.username, "error": repr(exc)}
    finally:
        connections.close_all()


def _run(
    out: list[dict[str, Any]],
    i: int,
    kind: str,
    petition_id: int,
    user: User,
    barrier: threading.Barrier,
) -> None:
    out[i] = _attempt(kind, petition_id, user, barrier)


def main() -> None:
    first, second, area_code, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    users = [User.objects.get(username=first), User.objects.get(username=second)]
    report = []
    for n in range(1, rounds + 1):
        kind = "triage" if n % 2 else "assign"
        petition = petition_register(actor=users[0], data=petition_data(1000 + n, area_code))
        connections.close_all()
        barrier = threading.Barrier(2)
        outcomes: list[dict[str, Any]] = [{}, {}]

        threads = [
            threading.Thread(
                target=_run,
                args=(outcomes, i, kind, petition.pk, users[(i + n) % 2], barrier),
            )
            for i in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        verb, event = MOVES[kind]
        after = Petition.objects.get(pk=petition.pk)
        report.append(
            {
                "kind": kind,
                "petition": petition.pk,
                "outcomes": outcomes,
                "audit": AuditEvent.objects.filter(
                    target_type="petitions.petition", target_id=str(petition.pk), verb=verb
                ).count(),
                "events": PetitionEvent.objects.filter(petition=after, verb=event).count(),
                "status": after.status,
                "version": after.version,
                "assignee": getattr(after.assignee, "username", None),
            }
        )
    print(json.dumps({"rounds": report}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
