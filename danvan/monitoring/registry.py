"""What the monitoring app registers with core at start-up (audit labels, record links)."""

from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from danvan.core.services.obligations import obligation_target_url_register

    obligation_target_url_register(
        "monitoring.issuereport", lambda pk: reverse("monitoring:report", args=[pk])
    )
    obligation_target_url_register(
        "monitoring.alert", lambda pk: reverse("monitoring:alert", args=[pk])
    )
