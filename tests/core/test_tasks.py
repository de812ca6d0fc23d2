"""Background tasks go through the database queue and `danvan worker` runs them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from danvan.core.tasks import ping


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_task_waiting_in_the_database_queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = ping.enqueue()
    assert result.status == TaskResultStatus.READY

    call_command("worker", "--batch", "--interval", "0.1", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "pong"
