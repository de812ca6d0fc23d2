"""Background tasks of the core (Django Tasks API; `danvan worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def ping() -> str:
    """A no-op task, enqueued by health checks and tests to prove the queue runs."""
    return "pong"
