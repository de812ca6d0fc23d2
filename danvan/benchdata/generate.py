"""One entry point for a whole synthetic data set: `generate(counts)`.

Runs, in this order and only for the kinds asked: the petitions (`danvan.petitions.demo_bulk`),
the reception sessions, the reception register (which may add in-person petitions of its own),
the completion passes over the petitions (`danvan.benchdata.complete`), the issue reports, the
tasks, the "Dân vận khéo" models, the dialogues and the alerts (`danvan.benchdata.others`);
then, on PostgreSQL, `VACUUM (ANALYZE)` of the tables written, so the planner knows their new
sizes and index-only scans need not read the tables (`demo_bulk.analyze`).
Returns one `Step` per stage: what it wrote and how long it took.

Presets (`PRESETS`), chosen for the shape of one country-wide installation over the generator's
span (1 January 2025 to today, 34 provinces, 3,321 communes):

| kind | national | province (1/20) | why that many |
|---|---:|---:|---|
| petitions | 1,000,000 | 50,000 | the issue's target |
| reception entries | 200,000 | 10,000 | the target; a fifth of the petitions come in person |
| issue reports | 100,000 | 5,000 | the issue's target |
| reception sessions | 50,000 | 2,500 | 4 visitors a session; ~15 sessions per People's Committee |
| tasks | 100,000 | 5,000 | ~30 programme and plan tasks per People's Committee |
| models | 20,000 | 1,000 | ~6 "Dân vận khéo" models per commune |
| dialogues | 10,000 | 500 | one annual dialogue per commune and year, and leader / complaint ones |
| alerts | 5,000 | 250 | one in twenty issue reports is sensitive or level 4; crowds; rises |
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

KINDS: tuple[str, ...] = (
    "petitions",
    "sessions",
    "reception",
    "issues",
    "tasks",
    "models",
    "dialogues",
    "alerts",
)

# What each kind's main row is, for messages (Vietnamese, the CLI's language).
LABELS: dict[str, str] = {
    "petitions": "đơn thư",
    "sessions": "buổi tiếp công dân",
    "reception": "lượt tiếp công dân",
    "complete": "bổ sung cho đơn thư",
    "issues": "vấn đề bức xúc",
    "tasks": "nhiệm vụ",
    "models": "mô hình “Dân vận khéo”",
    "dialogues": "cuộc đối thoại",
    "alerts": "cảnh báo sớm",
    "finish": "VACUUM (ANALYZE)",
}

NATIONAL: dict[str, int] = {
    "petitions": 1_000_000,
    "sessions": 50_000,
    "reception": 200_000,
    "issues": 100_000,
    "tasks": 100_000,
    "models": 20_000,
    "dialogues": 10_000,
    "alerts": 5_000,
}
PRESETS: dict[str, dict[str, int]] = {
    "national": NATIONAL,
    "province": {kind: n // 20 for kind, n in NATIONAL.items()},
}

# The row each step counts as "its" rows (the others go to `details`).
_MAIN: dict[str, str] = {
    "sessions": "reception_sessions",
    "reception": "reception_entries",
    "issues": "issue_reports",
    "tasks": "tasks",
    "models": "practice_models",
    "dialogues": "dialogues",
    "alerts": "alerts",
}

ProgressFn = Callable[[str, int, int], None]  # (kind, done, total)


@dataclass
class Step:
    kind: str
    rows: int
    seconds: float
    details: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def generate(
    counts: dict[str, int],
    *,
    seed: int = 1,
    workers: int = 1,
    chunk: int = 5000,
    today: dt.date | None = None,
    progress: ProgressFn | None = None,
    step_done: Callable[[Step], None] | None = None,
) -> list[Step]:
    """Generate `counts[kind]` rows of each kind (missing kinds: none); see the module doc."""
    from danvan.benchdata import others
    from danvan.benchdata.context import Context
    from danvan.core.bulk import sqlite_bulk_mode
    from danvan.petitions.demo_bulk import analyze, bulk_generate

    unknown = set(counts) - set(KINDS)
    if unknown:
        raise ValueError(f"Loại dữ liệu không có: {', '.join(sorted(unknown))}.")
    if any(n < 0 for n in counts.values()):
        raise ValueError("Số lượng phải từ 0 trở lên.")
    day = today or timezone.localdate()
    steps: list[Step] = []

    def done(step: Step) -> None:
        steps.append(step)
        if step_done is not None:
            step_done(step)

    def tick(kind: str, total: int) -> Callable[[int], None]:
        state = {"done": 0}
        if progress is not None:
            progress(kind, 0, total)

        def advance(n: int) -> None:
            state["done"] += n
            if progress is not None:
                progress(kind, state["done"], total)

        return advance

    if counts.get("petitions"):
        started = time.perf_counter()
        total = counts["petitions"]

        def petitions_progress(state: Any) -> None:
            if progress is not None:
                progress("petitions", state.done, state.total)

        if progress is not None:
            progress("petitions", 0, total)

        result = bulk_generate(
            petitions=total,
            seed=seed,
            chunk=chunk,
            workers=workers,
            today=day,
            progress=petitions_progress,
        )
        details = {k: int(v) for k, v in result.items() if k not in ("petitions", "seconds")}
        done(Step("petitions", int(result["petitions"]), time.perf_counter() - started, details))

    rest = [k for k in KINDS[1:] if counts.get(k)]
    if not rest and not counts.get("petitions"):
        return steps
    ctx = Context(seed=seed + 7, today=day) if rest else None
    with sqlite_bulk_mode():
        for kind in rest:
            if kind == "issues" and (counts.get("petitions") or counts.get("reception")):
                _complete_step(done, progress)
            assert ctx is not None
            started = time.perf_counter()
            builder = others.BUILDERS[kind]
            extra: dict[str, Any] = {}
            if kind == "reception":
                extra = {"workers": workers, "seed": seed + 1_000_003}
            written = builder(ctx, counts[kind], tick(kind, counts[kind]), **extra)
            main = written.pop(_MAIN[kind], 0)
            done(Step(kind, main, time.perf_counter() - started, written))
        if not any(s.kind == "complete" for s in steps) and (
            counts.get("petitions") or counts.get("reception")
        ):
            _complete_step(done, progress)
    if connection.vendor == "postgresql" and rest:
        started = time.perf_counter()
        analyze(_written_models())
        done(Step("finish", 0, time.perf_counter() - started))
    return steps


def _written_models() -> list[type[Any]]:
    """The tables the builders of `danvan.benchdata.others` write (for `VACUUM (ANALYZE)`)."""
    from danvan.core.models import Obligation, Task
    from danvan.core.models.obligations import TaskSupport
    from danvan.dialogues.models import Commitment, Dialogue, Participant
    from danvan.monitoring.models import Alert, AlertEvidence, IssueReport, IssueUpdate
    from danvan.petitions.models import Petition
    from danvan.practices.models import PracticeModel
    from danvan.reception.models import (
        EntryCounter,
        ReceptionEntry,
        ReceptionRepresentative,
        ReceptionSession,
    )

    return [
        Petition, Obligation, Task, TaskSupport, ReceptionSession, ReceptionEntry,
        ReceptionRepresentative, EntryCounter, IssueReport, IssueUpdate, PracticeModel,
        Dialogue, Participant, Commitment, Alert, AlertEvidence,
    ]  # fmt: skip


def _complete_step(done: Callable[[Step], None], progress: ProgressFn | None) -> None:
    from danvan.benchdata import complete

    started = time.perf_counter()
    changed = complete.petitions_complete()

    def registry_progress(n: int, total: int) -> None:
        if progress is not None:
            progress("complete", n, total)

    changed["obligations"] = complete.registry_complete(registry_progress)
    done(Step("complete", sum(changed.values()), time.perf_counter() - started, changed))
