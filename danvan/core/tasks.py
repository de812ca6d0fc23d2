"""Background tasks of the core (Django Tasks API; `danvan worker` runs them)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

# Daily jobs other apps add (in `AppConfig.ready()`); `danvan worker` enqueues each of them once a
# day with the core's own. Each must be safe to run twice.
_DAILY_JOBS: list[Any] = []


def daily_job_register(job: Any) -> None:
    """Have the worker enqueue `job` (a django_tasks task without arguments) every day."""
    if job not in _DAILY_JOBS:
        _DAILY_JOBS.append(job)


def daily_jobs() -> list[Any]:
    """The core's daily jobs, then those the apps registered."""
    return [
        obligation_reminders_task,
        retention_task,
        task_series_task,
        *_DAILY_JOBS,
        mail_outbox_send_task,  # last: sweeps what the others queued and anything left over
    ]


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


@task()
def task_series_task(day: str | None = None) -> dict[str, int]:
    """Give the occurrences of the recurring tasks that are due by `day` (ISO; default today).

    Idempotent: an occurrence already given is never given twice.
    """
    import datetime as dt

    from danvan.core.services.task_series import task_series_generate

    today = dt.date.fromisoformat(day) if day else None
    return task_series_generate(today=today)


@task()
def mail_outbox_send_task() -> dict[str, int]:
    """Send the e-mails of the outbox that are due (`core.services.mail`); safe to run twice.

    Enqueued after each commit that stores e-mails, for each retry, and once a day.
    """
    from danvan.core.services.mail import mail_outbox_send

    return mail_outbox_send().as_dict()
