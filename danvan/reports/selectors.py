"""Reads of periodic reports, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import NotFound, ValidationFailed
from danvan.reports import permissions
from danvan.reports.models import Report, ReportRequest
from danvan.reports.periods import KINDS
from danvan.reports.states import Status

SENT = (Status.SUBMITTED, Status.ACCEPTED)


def reports_issued_count(organization_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """Reports the body issued with `symbol` in [start, end): the shared number sequence."""
    if symbol != "BC":
        return 0
    return (
        Report.objects.filter(
            organization_id=organization_id, issued_on__gte=start, issued_on__lt=end
        )
        .exclude(number="")
        .count()
    )


def _visible(user: Any) -> QuerySet[Report]:
    qs = Report.objects.select_related("organization", "request__organization")
    view_ids = permissions.viewing_organization_ids(user)
    if view_ids is None:
        return qs
    manage_ids = permissions.managing_organization_ids(user) or frozenset()
    return qs.filter(
        Q(organization_id__in=sorted(view_ids)) | Q(request__organization_id__in=sorted(manage_ids))
    )


def report_list(
    *,
    user: Any,
    kind: str = "",
    status: str = "",
    period: str = "",
    organization_code: str = "",
    year: int | None = None,
) -> QuerySet[Report]:
    if kind and kind not in KINDS:
        raise ValidationFailed(_("Loại báo cáo không hợp lệ."), fields={"kind": ", ".join(KINDS)})
    if status and status not in Status.values:
        raise ValidationFailed(
            _("Trạng thái không hợp lệ."), fields={"status": ", ".join(Status.values)}
        )
    qs = _visible(user)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if period:
        qs = qs.filter(period_code=period.strip())
    if organization_code:
        qs = qs.filter(organization__code=organization_code.strip())
    if year:
        qs = qs.filter(window_end__year=year)
    return qs.order_by("-window_end", "organization__code", "-id")


def report_get(*, user: Any, pk: int) -> Report:
    report = _visible(user).filter(pk=pk).first()
    if report is None:
        raise NotFound(_("Không tìm thấy báo cáo (hoặc bạn không có quyền xem)."))
    return report


def report_reviews(report: Report) -> QuerySet[Any]:
    return report.reviews.select_related("by").order_by("at", "id")


def request_list(*, user: Any) -> QuerySet[ReportRequest]:
    qs = ReportRequest.objects.select_related("organization")
    view_ids = permissions.viewing_organization_ids(user)
    if view_ids is not None:
        qs = qs.filter(organization_id__in=sorted(view_ids))
    return qs.order_by("-due_on", "-id")


def request_get(*, user: Any, pk: int) -> ReportRequest:
    request = request_list(user=user).filter(pk=pk).first()
    if request is None:
        raise NotFound(_("Không tìm thấy yêu cầu báo cáo (hoặc bạn không có quyền xem)."))
    return request


@dataclass(frozen=True)
class BoardRow:
    report: Report
    sent: bool
    late: bool  # sent after the due date, or not sent and the due date has passed
    days_late: int


@dataclass(frozen=True)
class Board:
    request: ReportRequest
    rows: list[BoardRow]
    total: int
    sent: int
    accepted: int
    returned: int
    missing: int  # not sent yet
    late: int  # sent late or overdue


def request_board(request: ReportRequest, *, today: dt.date | None = None) -> Board:
    """Who sent the report, who is late, who is missing: one query."""
    today = today or timezone.localdate()
    rows: list[BoardRow] = []
    for report in (
        request.reports.select_related("organization").order_by("organization__name").all()
    ):
        sent = report.status in SENT
        if sent and report.issued_on is not None:
            days = (report.issued_on - request.due_on).days
        else:
            days = (today - request.due_on).days
        rows.append(BoardRow(report, sent, days > 0, max(days, 0)))
    # Missing and late first, so the page opens on what needs chasing.
    rows.sort(key=lambda r: (r.sent, not r.late, r.report.organization.name))
    return Board(
        request=request,
        rows=rows,
        total=len(rows),
        sent=sum(1 for r in rows if r.sent),
        accepted=sum(1 for r in rows if r.report.status == Status.ACCEPTED),
        returned=sum(1 for r in rows if r.report.status == Status.RETURNED),
        missing=sum(1 for r in rows if not r.sent),
        late=sum(1 for r in rows if r.late),
    )
