"""Report indicators of the monitoring module (contract: `danvan.reports.indicators`; the
definitions in `danvan/data/reports/indicators.json`).

- `issues.reported` (+ per topic): issue reports (vấn đề bức xúc) whose following organisation
  (`IssueReport.organization`) is covered and whose information date (`reported_on`, the day the
  information was received) lies in the window, whatever became of them since (an escalated
  report stays one report of the organisation that recorded it). Per topic by the main topic
  (`topic`); a code no longer in the taxonomy counts as «Khác», so the topics add up to the total.
- `alerts.raised`: early-warning alerts about an area of the report (`Alert.area` in the
  coverage's provinces and communes: alerts are addressed to the province's Ban Tuyên giáo và
  Dân vận whatever the area, so the area is what places them), raised on a day in the window
  (`created_at`, local date), of every kind and status.

Two queries (the topic breakdown is one GROUP BY).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from danvan.core.indicators import (
    record_list,
    topic_figures,
    topic_fold,
    topic_q,
    topic_split,
    url_or_blank,
)
from danvan.core.topics import topic_label
from danvan.monitoring.models import Alert, IssueReport
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    window_filter,
)

ISSUES = "issues.reported"
ALERTS = "alerts.raised"


def issues_queryset(coverage: Coverage, window: Window) -> QuerySet[IssueReport]:
    return IssueReport.objects.filter(
        **org_filter(coverage), **window_filter("reported_on", window)
    )


def alerts_queryset(coverage: Coverage, window: Window) -> QuerySet[Alert]:
    qs = Alert.objects.filter(**window_filter("created_at__date", window))
    if coverage.everything:
        return qs
    return qs.filter(area_id__in=sorted(coverage.area_ids))


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    per_topic = topic_fold(
        (row["topic"], row["n"])
        for row in issues_queryset(coverage, window)
        .values("topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    values: dict[str, Number | None] = {ISSUES: sum(per_topic.values())}
    values.update(topic_figures(ISSUES, per_topic))
    values[ALERTS] = alerts_queryset(coverage, window).count()
    return values


def _issue_row(report: IssueReport) -> RecordRow:
    return RecordRow(
        reference=f"#{report.pk}",
        title=report.title,
        on=report.reported_on,
        url=url_or_blank("monitoring:report", report.pk),
        note=f"{topic_label(report.topic)} — {report.area.name}",
    )


def _alert_row(alert: Alert) -> RecordRow:
    return RecordRow(
        reference=f"#{alert.pk}",
        title=alert.title,
        on=timezone.localdate(alert.created_at),
        url=url_or_blank("monitoring:alert", alert.pk),
        note=alert.get_kind_display(),
    )


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    base, topic = topic_split(code)
    if base == ISSUES:
        from danvan.monitoring.selectors.reports import report_list

        counted = issues_queryset(coverage, window)
        if topic:
            counted = counted.filter(topic_q("topic", topic))
        return record_list(
            counted.select_related("area"),
            None if user is None else report_list(user=user),
            _issue_row,
            order=("reported_on", "id"),
        )
    if code == ALERTS:
        from danvan.monitoring.selectors.alerts import alert_list

        return record_list(
            alerts_queryset(coverage, window),
            None if user is None else alert_list(user=user),
            _alert_row,
            order=("created_at", "id"),
        )
    raise KeyError(code)
