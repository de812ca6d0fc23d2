"""Background tasks of the core (Django Tasks API; `danvan worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def ping() -> str:
    """A no-op task, enqueued by health checks and tests to prove the queue runs."""
    return "pong"


@task()
def audit_chain_verify_task(verification_id: int) -> str:
    """Check the audit log's hash chain end to end and record the outcome."""
    from danvan.core.services.audit import audit_verification_run

    return audit_verification_run(verification_id=verification_id).status


@task()
def obligation_reminders_task(day: str | None = None) -> dict[str, object]:
    """Send the deadline reminders of `day` (ISO date; default today); safe to run twice.

    `danvan worker` enqueues it when it starts and then once a day.
    """
    import datetime as dt

    from danvan.core.services.obligations import obligation_reminders_send

    today = dt.date.fromisoformat(day) if day else None
    return obligation_reminders_send(today=today).as_dict()


@task()
def retention_task() -> dict[str, int]:
    """Anonymise the personal data whose retention period has ended; safe to run twice.

    `danvan worker` enqueues it once a day with the reminders.
    """
    from django.utils import timezone

    from danvan.core.services.retention import retention_run

    return retention_run(today=timezone.localdate())
