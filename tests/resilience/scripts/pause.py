"""Freeze a process in the middle of a petition's registration, so a test can kill it there.

`install()` reads:

- DANVAN_FAULT_PAUSE_AT: the registration (1, 2, ...) to freeze during; unset or 0: never.
- DANVAN_FAULT_PAUSE_STAGE: after which step of `petition_register`'s transaction —
  "indexed" (case row, senders and duplicate bands written), "deadlines" (its obligations
  too), "audited" (its event and audit entry too) or "receipt" (the receipt document too, i.e.
  everything but the COMMIT).
- DANVAN_FAULT_MARKER: a file written once the process is frozen there; the registrations are
  counted in "<marker>.count", shared by every process of a server (gunicorn's workers).

The step runs for real first; then the process sleeps inside the open transaction until killed.
Nothing else of the product changes.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("indexed", "deadlines", "audited", "receipt")


def install() -> None:
    at = int(os.environ.get("DANVAN_FAULT_PAUSE_AT") or 0)
    if at <= 0:
        return
    stage = os.environ.get("DANVAN_FAULT_PAUSE_STAGE", "audited")
    marker = Path(os.environ["DANVAN_FAULT_MARKER"])
    from danvan.petitions import duplicates
    from danvan.petitions.services import intake

    # Each of these is called exactly once per registration, inside its transaction.
    owner, name = {
        "indexed": (duplicates, "duplicate_index"),
        "deadlines": (intake, "petition_deadlines_sync"),
        "audited": (intake, "audit_record"),
        "receipt": (intake, "_issue_receipt"),
    }[stage]
    original: Callable[..., Any] = getattr(owner, name)
    counter = marker.with_name(marker.name + ".count")

    def count() -> int:
        with counter.open("a+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # across threads and processes; released on close
            fh.seek(0)
            now = int(fh.read().strip() or 0) + 1
            fh.seek(0)
            fh.truncate()
            fh.write(str(now))
            return now

    def frozen(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if count() == at:
            marker.write_text(f"{stage} {at}\n", encoding="utf-8")
            time.sleep(3600)  # inside the transaction, until the test kills the process
        return result

    setattr(owner, name, frozen)
