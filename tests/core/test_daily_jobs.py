from __future__ import annotations

from typing import Any

import pytest

from danvan.core import tasks as core_tasks
from danvan.core.management.commands import worker


def test_registered_job_joins_the_daily_jobs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_tasks, "_DAILY_JOBS", [])
    core_tasks.daily_job_register(core_tasks.ping)
    core_tasks.daily_job_register(core_tasks.ping)
    jobs = core_tasks.daily_jobs()
    assert jobs == [
        core_tasks.obligation_reminders_task,
        core_tasks.retention_task,
        core_tasks.task_series_task,
        core_tasks.ping,
        core_tasks.mail_outbox_send_task,
    ]


@pytest.mark.django_db
def test_worker_enqueues_every_daily_job(monkeypatch: pytest.MonkeyPatch) -> None:
    enqueued: list[str] = []

    class _Job:
        def __init__(self, name: str) -> None:
            self.name = name

        def enqueue(self) -> Any:
            enqueued.append(self.name)

    monkeypatch.setattr(core_tasks, "daily_jobs", lambda: [_Job("a"), _Job("b"), _Job("c")])
    worker._enqueue_reminders()
    assert enqueued == ["a", "b", "c"]


def test_monitoring_registers_detection_and_entity_indexing() -> None:
    names = [job.name for job in core_tasks.daily_jobs()]
    assert "alerts_detect_task" in names
    assert "entities_index_task" in names
