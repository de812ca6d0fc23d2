"""Reads of the dialogues module, always scoped to what the user may see.

A user sees the dialogues of the organisations their roles in `permissions.VIEWER_ROLES` cover
(`core.selectors.scope`); anything else is answered as if it did not exist (Http404). Complaints
are read only through `danvan.petitions.selectors`, with the user, so the panel of complaints
needing a dialogue follows the petitions module's own scoping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from danvan.core.models import Obligation, Task
from danvan.core.selectors.scope import user_scope
from danvan.dialogues import permissions
from danvan.dialogues.models import Commitment, Dialogue, Participant, Statement
from danvan.dialogues.states import HELD_STATES, UPCOMING_STATES, Kind, allowed_targets

MAX_ID = 2**63 - 1


@dataclass
class DialogueFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None
    organization_id: int | None = None
    petition_id: int | None = None
    q: str = ""


def _scoped(user: Any) -> QuerySet[Dialogue]:
    scope = user_scope(user)
    qs = Dialogue.objects.all()
    if scope.is_superuser:
        return qs
    ids = sorted(scope.organizations_for(permissions.VIEWER_ROLES))
    if not ids:
        return qs.none()
    return qs.filter(organization_id__in=ids)


def dialogue_list(*, user: Any, filters: DialogueFilters | None = None) -> QuerySet[Dialogue]:
    """The dialogues the user may see, filtered; latest date first."""
    f = filters or DialogueFilters()
    qs = _scoped(user)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    if f.petition_id is not None:
        qs = qs.filter(petition_id=f.petition_id)
    if f.q.strip():
        qs = qs.filter(topic__icontains=f.q.strip()[:200])
    return qs.select_related("organization", "area", "petition").order_by("-date", "-id")


def dialogue_get(*, user: Any, pk: Any) -> Dialogue:
    """One dialogue inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    dialogue = (
        _scoped(user)
        .select_related("organization__area", "organization__parent", "area", "petition")
        .filter(pk=key)
        .first()
    )
    if dialogue is None:
        raise Http404
    return dialogue


def dialogue_years(*, user: Any) -> list[int]:
    return sorted(set(_scoped(user).values_list("year", flat=True).distinct()), reverse=True)


def dialogue_participants(*, dialogue: Dialogue) -> list[Participant]:
    return list(dialogue.participants.order_by("position", "id"))


def dialogue_statements(*, dialogue: Dialogue) -> list[Statement]:
    return list(
        dialogue.statements.select_related("participant", "agenda_item").order_by("position", "id")
    )


def dialogue_commitments(*, dialogue: Dialogue) -> list[Commitment]:
    return list(
        dialogue.commitments.select_related("task__organization", "task__assignee").order_by(
            "position", "id"
        )
    )


def commitment_get(*, dialogue: Dialogue, pk: Any) -> Commitment:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    commitment = (
        Commitment.objects.select_related("task__organization", "dialogue")
        .filter(dialogue=dialogue, pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if commitment is None:
        raise Http404
    return commitment


def participant_get(*, dialogue: Dialogue, pk: Any) -> Participant:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    participant = (
        dialogue.participants.select_related("dialogue")
        .filter(pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def dialogue_notice_obligation(*, dialogue: Dialogue) -> Obligation | None:
    return (
        Obligation.objects.filter(
            target_type=dialogue._meta.label_lower, target_id=dialogue.pk, key="notice"
        )
        .order_by("id")
        .first()
    )


def dialogue_allowed_moves(*, dialogue: Dialogue, user: Any) -> list[str]:
    """The legal next states the user may move the dialogue to (none without the right)."""
    if not permissions.can_organise(user, dialogue):
        return []
    return allowed_targets(dialogue.status)


def open_commitments_count(*, dialogue: Dialogue) -> int:
    return Task.objects.filter(
        dialogue_commitment__dialogue=dialogue, status__in=["open", "in_progress"]
    ).count()


# --- Complaints needing a dialogue ----------------------------------------------------------


@dataclass(frozen=True)
class ComplaintRow:
    petition_id: int
    case_number: str
    summary: str
    organization_id: int
    organization_name: str
    accepted_on: dt.date | None
    status: str
    next_deadline: dt.date | None
    scheduled: Dialogue | None  # an upcoming dialogue (planned, notified, postponed)


def complaints_needing_dialogue(*, user: Any, limit: int = 50) -> list[ComplaintRow]:
    """Accepted second-time complaints (accepted or verifying) the user may see that have no
    held dialogue yet (NĐ 124/2020 Đ.28: a dialogue is mandatory for them), oldest first, with
    the dialogue already scheduled for each, if any."""
    from danvan.petitions.selectors import PetitionFilters, petition_list

    held = Dialogue.objects.filter(
        kind=Kind.COMPLAINT, status__in=sorted(HELD_STATES), petition_id__isnull=False
    ).values("petition_id")
    petitions = list(
        petition_list(user=user, filters=PetitionFilters(kind="complaint"))
        .filter(complaint_round=2, status__in=["accepted", "verifying"])
        .exclude(pk__in=held)
        .order_by("accepted_on", "id")[:limit]
    )
    ids = [p.pk for p in petitions]
    upcoming: dict[int, Dialogue] = {}
    for d in (
        Dialogue.objects.filter(
            petition_id__in=ids, kind=Kind.COMPLAINT, status__in=sorted(UPCOMING_STATES)
        )
        .order_by("date", "id")
        .only("id", "petition_id", "date", "status", "version")
    ):
        upcoming.setdefault(int(d.petition_id or 0), d)
    return [
        ComplaintRow(
            petition_id=p.pk,
            case_number=p.case_number,
            summary=p.summary or p.content[:160],
            organization_id=p.organization_id,
            organization_name=p.organization.name,
            accepted_on=p.accepted_on,
            status=p.status,
            next_deadline=p.next_deadline,
            scheduled=upcoming.get(p.pk),
        )
        for p in petitions
    ]


def petition_dialogues(*, user: Any, petition_id: int) -> list[Dialogue]:
    """The dialogues of one complaint the user may see (for a link from the case page)."""
    return list(_scoped(user).filter(petition_id=petition_id).order_by("date", "id"))


def petition_has_held_dialogue(*, petition_id: int) -> bool:
    """Whether a complaint dialogue of the case has been held (held, minutes signed or closed)."""
    return Dialogue.objects.filter(
        petition_id=petition_id,
        kind="complaint",
        status__in=HELD_STATES,
    ).exists()
