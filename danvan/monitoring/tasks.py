"""Background tasks of monitoring (Django Tasks API; `danvan worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def alerts_detect_task(day: str | None = None) -> dict[str, object]:
    """Detect hotspots and crowd delegations as of `day` (ISO date; default today) and e-mail
    the new alerts; safe to run twice (alerts are keyed).

    `danvan worker` enqueues it once a day with the reminders.
    """
    import datetime as dt

    from danvan.monitoring.services.alerts import alerts_detect_all

    return alerts_detect_all(dt.date.fromisoformat(day) if day else None)
