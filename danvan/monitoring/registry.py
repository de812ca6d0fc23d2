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
    _register_alerts()
    _register_entities()


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


# --- Alerts (owner: alerts helper) ------------------------------------------------------------


def _register_alerts() -> None:
    """Alerts: the audit trail's labels of their verbs, and the daily detection job."""
    from django.utils.translation import gettext_lazy as _

    from danvan.core.selectors.audit import audit_verbs_register

    audit_verbs_register(
        {
            "alert.raise": _("Phát cảnh báo sớm"),
            "alert.acknowledge": _("Tiếp nhận cảnh báo"),
            "alert.assign": _("Giao xử lý cảnh báo"),
            "alert.close": _("Đóng cảnh báo"),
            "alert.link_report": _("Gắn cảnh báo với vấn đề bức xúc"),
        },
        {
            "observed": _("số ghi nhận"),
            "expected": _("mức thường lệ"),
            "area_organization": _("lãnh đạo địa bàn"),
            "close_note": _("kết quả xử lý"),
            "issue_report": _("vấn đề"),
        },
    )
    # The daily detection joins the worker's daily jobs.
    from danvan.core import tasks as core_tasks
    from danvan.monitoring.tasks import alerts_detect_task

    core_tasks.daily_job_register(alerts_detect_task)


def _register_entities() -> None:
    """Entities: the daily catch-up of the index (records not yet indexed or changed)."""
    from danvan.core.tasks import daily_job_register
    from danvan.monitoring.tasks_entities import entities_index_task

    daily_job_register(entities_index_task)
