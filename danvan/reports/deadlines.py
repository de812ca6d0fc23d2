"""Reports on the overdue board: a report asked for with a due date is an obligation of the
reporting unit until it is sent (returned reports are due again)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from danvan.core.models import ObligationStatus
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.reports.permissions import VIEWER_ROLES

SUBMIT_KIND = "report.submit"
obligation_kinds_register(SUBMIT_KIND, gettext_noop("Gửi báo cáo định kỳ"))
obligation_target_readers_register("reports.report", VIEWER_ROLES)


def report_obligations_sync(report: Any) -> None:
    if report.due_on is None:
        obligation_sync(target=report, specs=[], target_status=report.status)
        return
    sent = report.status in ("submitted", "accepted")
    started = report.window_end
    spec = ObligationSpec(
        key="submit",
        kind=SUBMIT_KIND,
        title=f"{report.title} ({report.period_label})",
        started_on=min(started, report.due_on),
        due=report.due_on,
        organization_id=int(report.organization_id),
        explanation=[f"Hạn gửi báo cáo {report.period_label}: {report.due_on:%d/%m/%Y}."],
        status=ObligationStatus.DONE if sent else ObligationStatus.OPEN,
        completed_on=report.issued_on if sent else None,
    )
    obligation_sync(
        target=report, specs=[spec], target_label=str(report), target_status=report.status
    )
