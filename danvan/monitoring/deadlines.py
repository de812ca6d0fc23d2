"""An issue report's obligations on the core overdue board (`core.services.obligations`).

- `monitoring.issue_update` (key `update`): while the report is open (`states.OPEN_STATES`) and
  has a period (`update_every_days` > 0), the next periodic update is due `update_every_days`
  calendar days after the last update (a periodic update or a move, both of which carry a text
  about the situation), or after the day the information was received when there is none yet.
  It belongs to the reporting organisation (and its officer in charge). Once the issue is
  resolved or monitored it is done; an unfounded report cancels it.
- `monitoring.escalation_answer` (key `answer`): after an escalation, the organisation it was
  escalated to owes an answer within `ESCALATION_ANSWER_WORKING_DAYS` working days of the
  escalation day (counted on the work calendar: holidays and the government's day swaps). Done
  when answered; cancelled when the issue was closed without an answer.

The answer period is a constant, not a rule of `data/calendar/rules.json`: no law sets a time
for a higher level to answer a lower level's recommendation on a pressing issue (it is a matter
of each body's working rules), and adding a rule to the shipped table changes the reference
set other modules' tests count. It is the same ten working days as the shipped rules for
answering citizens (`reception.reply`, `petition.triage`); move it to the rule table, as a
`verified: false` danvan default like `proposal.resolve`, when the rule table is next revised.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import WorkCalendar
from danvan.core.models import ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.monitoring.models import IssueReport
from danvan.monitoring.permissions import VIEWER_ROLES
from danvan.monitoring.states import OPEN_STATES, Status

UPDATE_KIND = "monitoring.issue_update"
ANSWER_KIND = "monitoring.escalation_answer"
# Working days the level above has to answer an escalation (see the module docstring).
ESCALATION_ANSWER_WORKING_DAYS = 10

KIND_LABELS = {
    UPDATE_KIND: gettext_noop("Cập nhật tình hình vấn đề bức xúc"),
    ANSWER_KIND: gettext_noop("Trả lời kiến nghị của cấp dưới về vấn đề bức xúc"),
}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(IssueReport._meta.label_lower, VIEWER_ROLES)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def next_update_due(report: IssueReport) -> dt.date | None:
    """When the next periodic update is due (None: no period, or the issue is not open)."""
    if report.status not in OPEN_STATES or not report.update_every_days:
        return None
    last = report.last_update_on or report.reported_on
    return last + dt.timedelta(days=int(report.update_every_days))


def escalation_answer_due(
    report: IssueReport, *, calendar: WorkCalendar | None = None
) -> dt.date | None:
    """The day the level above should have answered by (None: not escalated)."""
    if report.escalated_on is None or not report.escalated_to_id:
        return None
    calendar = calendar or work_calendar()
    return calendar.add_working_days(report.escalated_on, ESCALATION_ANSWER_WORKING_DAYS)


def report_obligation_specs(
    report: IssueReport, *, calendar: WorkCalendar | None = None
) -> list[ObligationSpec]:
    specs: list[ObligationSpec] = []
    org_id = int(report.organization_id)
    if report.update_every_days:
        last = report.last_update_on or report.reported_on
        due = last + dt.timedelta(days=int(report.update_every_days))
        if report.status in OPEN_STATES:
            status, completed = ObligationStatus.OPEN, None
        elif report.status == Status.UNFOUNDED:
            status, completed = ObligationStatus.CANCELLED, None
        else:
            status = ObligationStatus.DONE
            completed = report.status_changed_on or report.last_update_on
        explanation = [
            _("Lần cập nhật gần nhất: {day}.").format(day=_fmt(report.last_update_on))
            if report.last_update_on
            else _("Chưa có lần cập nhật nào; tính từ ngày nhận thông tin {day}.").format(
                day=_fmt(report.reported_on)
            ),
            _("Cập nhật định kỳ mỗi {n} ngày: hạn cập nhật tiếp theo là {due}.").format(
                n=report.update_every_days, due=_fmt(due)
            ),
        ]
        specs.append(
            ObligationSpec(
                key="update",
                kind=UPDATE_KIND,
                title=_(KIND_LABELS[UPDATE_KIND]),
                started_on=min(last, due),
                due=due,
                organization_id=org_id,
                assignee_id=report.assignee_id,
                area_id=report.area_id,
                explanation=explanation,
                status=status,
                completed_on=completed,
                topic=report.topic,
            )
        )
    if report.escalated_to_id and report.escalated_on is not None:
        calendar = calendar or work_calendar()
        due = calendar.add_working_days(report.escalated_on, ESCALATION_ANSWER_WORKING_DAYS)
        if report.answered_on is not None:
            status, completed = ObligationStatus.DONE, report.answered_on
        elif report.status in OPEN_STATES:
            status, completed = ObligationStatus.OPEN, None
        else:
            status, completed = ObligationStatus.CANCELLED, None
        specs.append(
            ObligationSpec(
                key="answer",
                kind=ANSWER_KIND,
                title=_(KIND_LABELS[ANSWER_KIND]),
                started_on=report.escalated_on,
                due=due,
                organization_id=int(report.escalated_to_id),
                area_id=report.area_id,
                explanation=[
                    _("Báo cáo, kiến nghị gửi lên ngày {day}.").format(
                        day=_fmt(report.escalated_on)
                    ),
                    _(
                        "Trả lời trong {n} ngày làm việc (mặc định của danvan, không tính ngày "
                        "nghỉ, ngày lễ): hạn {due}."
                    ).format(n=ESCALATION_ANSWER_WORKING_DAYS, due=_fmt(due)),
                ],
                status=status,
                completed_on=completed,
                topic=report.topic,
            )
        )
    return specs


def report_deadlines_sync(report: IssueReport) -> None:
    """Write the report's obligations to the registry (in the caller's transaction).

    Called by every service that changes the status, the period, the last update or the
    escalation of a report.
    """
    with translation.override("vi"):
        specs = report_obligation_specs(report)
    obligation_sync(
        target=report,
        specs=specs,
        target_label=str(report),
        target_status=report.status,
    )
