"""A supervision recommendation's answer deadline, derived and written to the overdue board.

The addressee of a recommendation (kiến nghị giám sát, or the drafting body for a social
criticism) owes an answer counted from the day the recommendation was sent, under the rule of
`data/answer_rules.json` in force that day (a dated rule with its legal source, in the same
format as the core rule table, counted by the core engine on the work calendar: holidays and
the government's day swaps). Each sent recommendation is one obligation of the supervision
(key `answer-<id>`) held by the addressee: open until answered, done on the answer day,
cancelled when the supervision closes without it.

The rules live in this app's data file rather than in `danvan/data/calendar/rules.json` so that
adding them does not change the core reference set other modules count.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine, DeadlineResult, RuleVersion, WorkCalendar
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import ObligationStatus
from danvan.core.selectors.calendar import work_calendar
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.oversight.models import Recommendation, Supervision
from danvan.oversight.permissions import VIEWER_ROLES
from danvan.oversight.states import RecommendationStatus, SupervisionStatus

RULES_FILE = Path(__file__).resolve().parent / "data" / "answer_rules.json"
ANSWER_KIND = "oversight.recommendation_answer"
KIND_LABELS = {ANSWER_KIND: gettext_noop("Trả lời kiến nghị giám sát, phản biện xã hội")}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(Supervision._meta.label_lower, VIEWER_ROLES)


@lru_cache(maxsize=1)
def _rules_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


def answer_rules() -> list[RuleVersion]:
    """Every version of the answer rules (ValidationFailed if the data file is broken)."""
    return [RuleVersion.from_mapping(row) for row in _rules_data()["rules"]]


def answer_rule_id(kind: str) -> str:
    return str(_rules_data()["by_kind"][kind])


def answer_engine(calendar: WorkCalendar | None = None) -> DeadlineEngine:
    """The core engine over this app's rules and the work calendar (one query)."""
    return DeadlineEngine(answer_rules(), calendar or work_calendar())


def answer_deadline(
    *, kind: str, sent_on: dt.date, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    """The day the answer is due, explained; None when no rule version is in force."""
    engine = engine or answer_engine()
    try:
        return engine.compute(rule_id=answer_rule_id(kind), start=sent_on)
    except (ValidationFailed, NotFound):
        return None


def _status_of(rec: Recommendation, supervision: Supervision) -> tuple[str, dt.date | None]:
    if rec.answered_on is not None:
        return ObligationStatus.DONE, rec.answered_on
    if rec.status == RecommendationStatus.AWAITING and supervision.status not in (
        SupervisionStatus.CLOSED,
        SupervisionStatus.CANCELLED,
    ):
        return ObligationStatus.OPEN, None
    return ObligationStatus.CANCELLED, None


def supervision_deadlines_sync(
    supervision: Supervision, *, engine: DeadlineEngine | None = None
) -> None:
    """Recompute every sent recommendation's answer deadline, cache it on the row and write the
    obligations to the registry (in the caller's transaction).

    Called by every service that sends, answers, withdraws a recommendation or moves the
    supervision.
    """
    recs = list(
        Recommendation.objects.filter(supervision=supervision, sent_on__isnull=False).order_by("id")
    )
    specs: list[ObligationSpec] = []
    if recs:
        engine = engine or answer_engine()
    with translation.override("vi"):
        for rec in recs:
            assert rec.sent_on is not None
            result = answer_deadline(kind=supervision.kind, sent_on=rec.sent_on, engine=engine)
            due = result.due if result is not None else None
            rule_id = result.rule.rule_id if result is not None else ""
            if (rec.answer_due, rec.answer_rule) != (due, rule_id):
                Recommendation.objects.filter(pk=rec.pk).update(answer_due=due, answer_rule=rule_id)
                rec.answer_due, rec.answer_rule = due, rule_id
            if result is None:
                continue
            status, completed = _status_of(rec, supervision)
            explanation = [
                _("Kiến nghị gửi ngày {day}.").format(day=rec.sent_on.strftime("%d/%m/%Y")),
                *result.explanation,
            ]
            if not result.rule.verified:
                explanation.append(
                    _("Căn cứ chưa được kiểm chứng: {c}.").format(c=result.rule.citation)
                )
            specs.append(
                ObligationSpec(
                    key=f"answer-{rec.pk}",
                    kind=ANSWER_KIND,
                    title=_(KIND_LABELS[ANSWER_KIND]),
                    started_on=rec.sent_on,
                    due=due,
                    rule_id=rule_id,
                    explanation=explanation,
                    status=status,
                    completed_on=completed,
                    organization_id=int(rec.addressee_id),
                )
            )
    obligation_sync(
        target=supervision,
        specs=specs,
        target_label=str(supervision),
        target_status=supervision.status,
    )
