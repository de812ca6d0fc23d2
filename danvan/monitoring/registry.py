"""What the monitoring app registers with core at start-up (audit labels, record links)."""

from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from danvan.core.services.obligations import obligation_target_url_register

    obligation_target_url_register(
        "monitoring.issuereport", lambda pk: reverse("monitoring:report", args=[pk])
    )
    _register_reports()
    obligation_target_url_register(
        "monitoring.alert", lambda pk: reverse("monitoring:alert", args=[pk])
    )


def _register_reports() -> None:
    """Issue reports: the board's kind labels and readers (importing `deadlines` registers
    them), the report statuses for the board's filter, the audit trail's labels."""
    from danvan.core.services.obligations import obligation_target_statuses_register
    from danvan.monitoring import deadlines  # noqa: F401
    from danvan.monitoring.services.reports import audit_labels_register
    from danvan.monitoring.states import Status

    for code, label in Status.choices:
        obligation_target_statuses_register(code, label)
    audit_labels_register()
