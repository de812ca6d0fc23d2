"""Report indicators of the dialogues module (contract: `danvan.reports.indicators`; the
definitions in `danvan/data/reports/indicators.json`).

A dialogue belongs to a report when its organiser (`Dialogue.organization`) is covered.

- `dialogues.held`: dialogues of every kind (complaint, annual commune, leader–citizen) that took
  place (status held, minutes signed or closed) on a day in the window (`held_on`, the day the
  dialogue was held; a cancelled or postponed one never counts).
- `commitments.done`: commitments made at those organisers' dialogues (`Commitment`, each a core
  task) whose task was completed (status done) on a day in the window (`Task.completed_on`).

Two queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.core.indicators import record_list, url_or_blank
from danvan.core.models import TaskStatus
from danvan.dialogues.models import Commitment, Dialogue
from danvan.dialogues.states import HELD_STATES, Kind
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    window_filter,
)

HELD = "dialogues.held"
COMMITMENTS_DONE = "commitments.done"


def held_queryset(coverage: Coverage, window: Window) -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(
        **org_filter(coverage),
        **window_filter("held_on", window),
        status__in=sorted(HELD_STATES),
    )


def commitments_queryset(coverage: Coverage, window: Window) -> QuerySet[Commitment]:
    return Commitment.objects.filter(
        **org_filter(coverage, "dialogue__organization_id"),
        **window_filter("task__completed_on", window),
        task__status=TaskStatus.DONE,
    )


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    return {
        HELD: held_queryset(coverage, window).count(),
        COMMITMENTS_DONE: commitments_queryset(coverage, window).count(),
    }


def _kind(dialogue: Dialogue) -> str:
    return str(Kind(dialogue.kind).label) if dialogue.kind in Kind.values else dialogue.kind


def _dialogue_row(dialogue: Dialogue) -> RecordRow:
    return RecordRow(
        reference=f"{dialogue.held_on or dialogue.date:%d/%m/%Y}",
        title=f"{_kind(dialogue)}: {dialogue.topic} ({dialogue.organization.name})",
        on=dialogue.held_on,
        url=url_or_blank("dialogues:detail", dialogue.pk),
    )


def _commitment_row(commitment: Commitment) -> RecordRow:
    task = commitment.task
    return RecordRow(
        reference=f"#{task.pk}",
        title=f"{task.title} ({task.organization.name})",
        on=task.completed_on,
        url=url_or_blank("core:task", task.pk),
        note=_("Đối thoại: %(topic)s") % {"topic": commitment.dialogue.topic[:120]},
    )


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    from danvan.dialogues.selectors import dialogue_list

    visible_dialogues = None if user is None else dialogue_list(user=user)
    if code == HELD:
        return record_list(
            held_queryset(coverage, window).select_related("organization"),
            visible_dialogues,
            _dialogue_row,
            order=("held_on", "id"),
        )
    if code == COMMITMENTS_DONE:
        visible = (
            None
            if visible_dialogues is None
            else Commitment.objects.filter(dialogue__in=visible_dialogues.values("pk"))
        )
        return record_list(
            commitments_queryset(coverage, window).select_related("task__organization", "dialogue"),
            visible,
            _commitment_row,
            order=("task__completed_on", "id"),
        )
    raise KeyError(code)
