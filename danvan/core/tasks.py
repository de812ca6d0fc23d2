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
