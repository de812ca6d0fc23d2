"""Reception deadlines, derived from the records and the rule table, written to the core registry.

- publish (`reception.schedule_publish`, counted backwards from the reception day): a scheduled
  session's schedule must be on the portal at least 5 working days before the day (Luật TCD
  Đ.24 k4). Open while the session is planned; done on the day it was published; cancelled when
  the session is cancelled before publication. Daily desk days have no schedule to publish.
- reply (`reception.reply`, 10 working days from the reception, Luật TCD Đ.28 k1): a visitor
  whose petition was received or transferred is told in writing or in person what became of it.
  Open until the reply is recorded.

Nothing stores a due date as truth: `*_sync` recomputes from the record with the rule version in
force on the start date and caches the result on the record for list pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine
from danvan.core.errors import DomainError
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.permissions import VIEWER_ROLES
from danvan.reception.states import REPLY_OUTCOMES, SessionKind, SessionStatus

PUBLISH_RULE = "reception.schedule_publish"
REPLY_RULE = "reception.reply"

KIND_LABELS = {
    "reception.schedule_publish": gettext_noop("Công khai lịch tiếp công dân"),
    "reception.reply": gettext_noop("Trả lời người được tiếp công dân"),
}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(ReceptionSession._meta.label_lower, VIEWER_ROLES)
obligation_target_readers_register(ReceptionEntry._meta.label_lower, VIEWER_ROLES)

OPEN, DONE, CANCELLED = "open", "done", "cancelled"

# One engine (rules + work calendar) reused by a batch of writes (the demo, imports); None:
# each write reads the rules afresh, so an administrator's change applies at once.
_SHARED_ENGINE: ContextVar[DeadlineEngine | None] = ContextVar("reception_engine", default=None)


@contextmanager
def shared_engine() -> Iterator[DeadlineEngine]:
    """Within the block, every reception deadline is computed with one engine read once."""
    engine = deadline_engine()
    token = _SHARED_ENGINE.set(engine)
    try:
        yield engine
    finally:
        _SHARED_ENGINE.reset(token)


def _engine(engine: DeadlineEngine | None) -> DeadlineEngine:
    return engine or _SHARED_ENGINE.get() or deadline_engine()


def publish_due(session: ReceptionSession, *, engine: DeadlineEngine | None = None) -> dt.date:
    """The latest day to publish the session's schedule (ValidationFailed if uncomputable)."""
    return _engine(engine).compute(rule_id=PUBLISH_RULE, start=session.date).due


def reply_due(entry: ReceptionEntry, *, engine: DeadlineEngine | None = None) -> dt.date:
    return _engine(engine).compute(rule_id=REPLY_RULE, start=entry.received_on).due


def session_obligation_specs(
    session: ReceptionSession, *, engine: DeadlineEngine | None = None
) -> list[ObligationSpec]:
    if session.kind != SessionKind.SCHEDULED:
        return []
    result = _engine(engine).compute(rule_id=PUBLISH_RULE, start=session.date)
    completed: dt.date | None = None
    if session.published_on is not None:
        status, completed = DONE, session.published_on
    elif session.status == SessionStatus.CANCELLED:
        status, completed = CANCELLED, session.cancelled_on
    elif session.status == SessionStatus.PLANNED:
        status = OPEN
    else:
        status = CANCELLED
    return [
        ObligationSpec(
            key="publish",
            kind="reception.schedule_publish",
            title=_(KIND_LABELS["reception.schedule_publish"]),
            started_on=session.date,
            due=result.due,
            rule_id=PUBLISH_RULE,
            explanation=result.explanation,
            status=status,
            completed_on=completed,
            organization_id=session.organization_id,
            assignee_id=session.created_by_id,
            area_id=session.organization.area_id,
        )
    ]


def session_deadlines_sync(
    session: ReceptionSession, *, engine: DeadlineEngine | None = None
) -> None:
    """Recompute the session's publication deadline, write it, cache it on the session."""
    with translation.override("vi"):
        specs = session_obligation_specs(session, engine=engine)
    obligation_sync(
        target=session, specs=specs, target_label=session.label, target_status=session.status
    )
    due = specs[0].due if specs else None
    if session.publish_due != due:
        ReceptionSession.objects.filter(pk=session.pk).update(publish_due=due)
        session.publish_due = due


def entry_obligation_specs(
    entry: ReceptionEntry, *, engine: DeadlineEngine | None = None
) -> list[ObligationSpec]:
    if entry.outcome not in REPLY_OUTCOMES:
        return []
    result = _engine(engine).compute(rule_id=REPLY_RULE, start=entry.received_on)
    done = entry.replied_on is not None
    return [
        ObligationSpec(
            key="reply",
            kind="reception.reply",
            title=_(KIND_LABELS["reception.reply"]),
            started_on=entry.received_on,
            due=result.due,
            rule_id=REPLY_RULE,
            explanation=result.explanation,
            status=DONE if done else OPEN,
            completed_on=entry.replied_on,
            organization_id=entry.organization_id,
            assignee_id=entry.created_by_id,
            area_id=entry.organization.area_id,
            topic=getattr(entry.petition, "topic", "") if entry.petition_id else "",
        )
    ]


def entry_deadlines_sync(entry: ReceptionEntry, *, engine: DeadlineEngine | None = None) -> None:
    with translation.override("vi"):
        specs = entry_obligation_specs(entry, engine=engine)
    obligation_sync(
        target=entry, specs=specs, target_label=entry.label, target_status=entry.outcome
    )
    due = specs[0].due if specs else None
    if entry.reply_due != due:
        ReceptionEntry.objects.filter(pk=entry.pk).update(reply_due=due)
        entry.reply_due = due


def rule_check(rule_id: str, day: dt.date, *, field: str) -> dt.date:
    """The due date of `rule_id` from `day`, or a ValidationFailed naming `field`."""
    try:
        return _engine(None).compute(rule_id=rule_id, start=day).due
    except DomainError as exc:
        exc.fields = {field: exc.message}
        raise
