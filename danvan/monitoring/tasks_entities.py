"""Background task of the entity index (Django Tasks API; `danvan worker` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def entities_index_task(limit: int = 5000) -> dict[str, object]:
    """Index the records written since the last run (up to `limit` of each kind); safe to run
    twice. Meant for the worker's daily jobs (`core.tasks.daily_job_register`)."""
    from danvan.monitoring.services.entities import entities_index_pending

    return entities_index_pending(limit=limit).as_dict()
