"""A dialogue's notice deadline, derived from its date and the rule table, written to the registry.

The notice must reach the participants at least N days before the dialogue: the rule named for
the dialogue's kind in `data/legal_bases.json` (`complaint.dialogue_notice` for every kind for
now), counted **backwards** from the dialogue date by the deadline engine, gives the latest
allowed notice day. It is an open obligation on the overdue board until the notice is recorded;
postponing or cancelling the dialogue cancels it; re-planning opens it again for the new date.

A dialogue dated before the first version of its rule is in force has no notice obligation
(the engine says which versions exist; nothing is invented).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.deadlines import DeadlineEngine, DeadlineResult
from danvan.core.errors import NotFound, ValidationFailed
from danvan.core.models import ObligationStatus
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services.obligations import (
    ObligationSpec,
    obligation_kinds_register,
    obligation_sync,
    obligation_target_readers_register,
)
from danvan.dialogues import legal
from danvan.dialogues.models import Dialogue
from danvan.dialogues.permissions import VIEWER_ROLES
from danvan.dialogues.states import Status

NOTICE_KIND = "dialogue.notice"
KIND_LABELS = {NOTICE_KIND: gettext_noop("Thông báo đối thoại")}
for _kind, _label in KIND_LABELS.items():
    obligation_kinds_register(_kind, _label)
obligation_target_readers_register(Dialogue._meta.label_lower, VIEWER_ROLES)


def notice_deadline(
    dialogue: Dialogue, *, engine: DeadlineEngine | None = None
) -> DeadlineResult | None:
    """The latest allowed notice day of the dialogue, explained; None when no rule is in force."""
    engine = engine or deadline_engine()
    try:
        return engine.compute(rule_id=legal.notice_rule(dialogue.kind), start=dialogue.date)
    except (ValidationFailed, NotFound):
        return None


def dialogue_obligation_specs(
    dialogue: Dialogue, result: DeadlineResult | None
) -> list[ObligationSpec]:
    if result is None:
        return []
    if dialogue.notice_on is not None:
        status, completed = ObligationStatus.DONE, dialogue.notice_on
    elif dialogue.status == Status.PLANNED:
        status, completed = ObligationStatus.OPEN, None
    else:
        status, completed = ObligationStatus.CANCELLED, None
    created = timezone.localtime(dialogue.created_at).date() if dialogue.created_at else None
    started = min(d for d in (created, result.due) if d is not None)
    return [
        ObligationSpec(
            key="notice",
            kind=NOTICE_KIND,
            title=_(KIND_LABELS[NOTICE_KIND]),
            started_on=started,
            due=result.due,
            rule_id=result.rule.rule_id,
            explanation=result.explanation,
            status=status,
            completed_on=completed,
            organization_id=int(dialogue.organization_id),
            area_id=dialogue.area_id,
        )
    ]


def dialogue_deadlines_sync(dialogue: Dialogue, *, engine: DeadlineEngine | None = None) -> None:
    """Recompute the notice deadline, write it to the registry and cache it on the dialogue.

    Called by every service that changes the date, the notice or the status, in its transaction.
    """
    with translation.override("vi"):
        result = notice_deadline(dialogue, engine=engine)
        specs = dialogue_obligation_specs(dialogue, result)
    obligation_sync(
        target=dialogue,
        specs=specs,
        target_label=str(dialogue),
        target_status=dialogue.status,
    )
    due = result.due if result is not None else None
    rule_id = result.rule.rule_id if result is not None else ""
    if (dialogue.notice_due, dialogue.notice_rule) != (due, rule_id):
        Dialogue.objects.filter(pk=dialogue.pk).update(notice_due=due, notice_rule=rule_id)
        dialogue.notice_due, dialogue.notice_rule = due, rule_id
