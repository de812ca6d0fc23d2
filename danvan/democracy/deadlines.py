"""The democracy deadlines, derived by the core engine and written to the overdue board.

- `disclosure.publish`: a disclosure must be published within the rule's working days of the
  decision it discloses (core rule table, Đ.12). Open until published; withdrawn cancels it.
- `community_decision.report`: the meeting or ballot record goes to the commune People's
  Committee within the rule's working days of the meeting (core rule table, Đ.20). Held by the
  commune body; open until the record is sent.
- `community_decision.recognise`: the People's Committee recognises or refuses the result,
  counted from the day the record was sent (this app's `data/rules.json`, unverified wording,
  kept out of the core table so the core reference set stays as it is).

A record dated before the first version of its rule is in force has no obligation.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine, DeadlineResult
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import ObligationStatus
from danvan.core.selectors.calendar import deadline_engine, work_calendar
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.democracy import legal
from danvan.democracy.models import CommunityDecision, Disclosure
from danvan.democracy.permissions import VIEWER_ROLES
from danvan.democracy.states import DecisionStatus, DisclosureStatus

PUBLISH_KIND = "disclosure.publish"
REPORT_KIND = "community_decision.report"
RECOGNISE_KIND = "community_decision.recognise"
KIND_LABELS = {
    PUBLISH_KIND: gettext_noop("Công khai thông tin ở xã"),
    REPORT_KIND: gettext_noop("Gửi biên bản Nhân dân bàn và quyết định lên UBND xã"),
    RECOGNISE_KIND: gettext_noop("Công nhận kết quả Nhân dân bàn và quyết định"),
}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(Disclosure._meta.label_lower, VIEWER_ROLES)
obligation_target_readers_register(CommunityDecision._meta.label_lower, VIEWER_ROLES)


def _compute(engine: DeadlineEngine, rule_id: str, start: dt.date) -> DeadlineResult | None:
    try:
        return engine.compute(rule_id=rule_id, start=start)
    except (ValidationFailed, NotFound):
        return None


def publish_deadline(
    decision_date: dt.date, *, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    """The last day to publish a disclosure of a decision dated `decision_date`."""
    return _compute(engine or deadline_engine(), legal.PUBLISH_RULE, decision_date)


def report_deadline(
    held_on: dt.date, *, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    return _compute(engine or deadline_engine(), legal.REPORT_RULE, held_on)


def recognise_deadline(sent_on: dt.date) -> DeadlineResult | None:
    engine = DeadlineEngine(legal.recognise_rules(), work_calendar())
    return _compute(engine, legal.RECOGNISE_RULE, sent_on)


def _unverified(result: DeadlineResult) -> list[str]:
    if result.rule.verified:
        return []
    return [_("Căn cứ chưa được kiểm chứng: {c}.").format(c=result.rule.citation)]


def disclosure_deadlines_sync(
    disclosure: Disclosure, *, engine: DeadlineEngine | None = None
) -> None:
    """Recompute the publication deadline, cache it on the row and write the obligation (in the
    caller's transaction). Called by every service that changes the date or the status."""
    with translation.override("vi"):
        result = publish_deadline(disclosure.decision_date, engine=engine)
        specs: list[ObligationSpec] = []
        if result is not None:
            if disclosure.published_on is not None:
                status, completed = ObligationStatus.DONE, disclosure.published_on
            elif disclosure.status == DisclosureStatus.DRAFT:
                status, completed = ObligationStatus.OPEN, None
            else:
                status, completed = ObligationStatus.CANCELLED, None
            specs.append(
                ObligationSpec(
                    key="publish",
                    kind=PUBLISH_KIND,
                    title=_(KIND_LABELS[PUBLISH_KIND]),
                    started_on=disclosure.decision_date,
                    due=result.due,
                    rule_id=result.rule.rule_id,
                    explanation=[*result.explanation, *_unverified(result)],
                    status=status,
                    completed_on=completed,
                    organization_id=int(disclosure.organization_id),
                )
            )
        obligation_sync(
            target=disclosure,
            specs=specs,
            target_label=str(disclosure),
            target_status=disclosure.status,
        )
    due = result.due if result is not None else None
    rule_id = result.rule.rule_id if result is not None else ""
    if (disclosure.publish_due, disclosure.publish_rule) != (due, rule_id):
        Disclosure.objects.filter(pk=disclosure.pk).update(publish_due=due, publish_rule=rule_id)
        disclosure.publish_due, disclosure.publish_rule = due, rule_id


def decision_deadlines_sync(
    decision: CommunityDecision, *, engine: DeadlineEngine | None = None
) -> None:
    """Recompute the report and recognition deadlines, cache them, write the obligations."""
    specs: list[ObligationSpec] = []
    with translation.override("vi"):
        report = report_deadline(decision.held_on, engine=engine)
        if report is not None:
            if decision.sent_on is not None:
                status, completed = ObligationStatus.DONE, decision.sent_on
            elif decision.status == DecisionStatus.RECORDED:
                status, completed = ObligationStatus.OPEN, None
            else:
                status, completed = ObligationStatus.CANCELLED, None
            specs.append(
                ObligationSpec(
                    key="report",
                    kind=REPORT_KIND,
                    title=_(KIND_LABELS[REPORT_KIND]),
                    started_on=decision.held_on,
                    due=report.due,
                    rule_id=report.rule.rule_id,
                    explanation=[
                        _("Thôn, tổ dân phố: {area}.").format(area=decision.residential_area),
                        *report.explanation,
                        *_unverified(report),
                    ],
                    status=status,
                    completed_on=completed,
                    organization_id=int(decision.organization_id),
                )
            )
        recognise = recognise_deadline(decision.sent_on) if decision.sent_on else None
        if recognise is not None and decision.sent_on is not None:
            if decision.decided_on is not None:
                status, completed = ObligationStatus.DONE, decision.decided_on
            elif decision.status == DecisionStatus.SENT:
                status, completed = ObligationStatus.OPEN, None
            else:
                status, completed = ObligationStatus.CANCELLED, None
            specs.append(
                ObligationSpec(
                    key="recognise",
                    kind=RECOGNISE_KIND,
                    title=_(KIND_LABELS[RECOGNISE_KIND]),
                    started_on=decision.sent_on,
                    due=recognise.due,
                    rule_id=recognise.rule.rule_id,
                    explanation=[*recognise.explanation, *_unverified(recognise)],
                    status=status,
                    completed_on=completed,
                    organization_id=int(decision.organization_id),
                )
            )
        obligation_sync(
            target=decision,
            specs=specs,
            target_label=str(decision),
            target_status=decision.status,
        )
    values = {
        "report_due": report.due if report is not None else None,
        "recognise_due": recognise.due if recognise is not None else None,
    }
    if any(getattr(decision, k) != v for k, v in values.items()):
        CommunityDecision.objects.filter(pk=decision.pk).update(**values)
        for k, v in values.items():
            setattr(decision, k, v)
