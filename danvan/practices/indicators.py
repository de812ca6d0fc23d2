"""Report indicators of the "Dân vận khéo" movement (contract: `danvan.reports.indicators`; the
definitions in `danvan/data/reports/indicators.json`).

A model belongs to a report when its registering organisation (`PracticeModel.organization`)
is covered.

- `models.registered`: models registered on a day in the window (`registered_on`), whatever
  their status since (a model stopped later was still registered).
- `models.recognised`: models recognised (status recognised or replicated: a replicated model
  was recognised first) by a decision dated in the window (`decision_date`), at any level.

One query (conditional counts over the models registered or recognised in the window).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from danvan.core.indicators import record_list, url_or_blank
from danvan.practices.models import PracticeModel
from danvan.practices.states import RECOGNISED_STATES, Level
from danvan.reports.indicators import (
    Coverage,
    Number,
    RecordList,
    RecordRow,
    Window,
    org_filter,
    window_filter,
)

REGISTERED = "models.registered"
RECOGNISED = "models.recognised"


def _registered_q(window: Window) -> Q:
    return Q(**window_filter("registered_on", window))


def _recognised_q(window: Window) -> Q:
    return Q(**window_filter("decision_date", window)) & Q(status__in=sorted(RECOGNISED_STATES))


def figures(coverage: Coverage, window: Window) -> dict[str, Number | None]:
    registered, recognised = _registered_q(window), _recognised_q(window)
    totals = (
        PracticeModel.objects.filter(**org_filter(coverage))
        .filter(registered | recognised)
        .aggregate(
            registered=Count("id", filter=registered), recognised=Count("id", filter=recognised)
        )
    )
    return {REGISTERED: int(totals["registered"]), RECOGNISED: int(totals["recognised"])}


def _row_registered(model: PracticeModel) -> RecordRow:
    return RecordRow(
        reference=f"#{model.pk}",
        title=f"{model.name} ({model.organization.name})",
        on=model.registered_on,
        url=url_or_blank("practices:detail", model.pk),
        note=model.get_status_display(),
    )


def _row_recognised(model: PracticeModel) -> RecordRow:
    level = (
        str(Level(model.recognition_level).label) if model.recognition_level in Level.values else ""
    )
    return RecordRow(
        reference=model.decision_number or f"#{model.pk}",
        title=f"{model.name} ({model.organization.name})",
        on=model.decision_date,
        url=url_or_blank("practices:detail", model.pk),
        note=level,
    )


def records(code: str, coverage: Coverage, window: Window, user: Any) -> RecordList:
    from danvan.practices.selectors import practice_list

    base: QuerySet[PracticeModel] = PracticeModel.objects.filter(
        **org_filter(coverage)
    ).select_related("organization")
    visible = None if user is None else practice_list(user=user)
    if code == REGISTERED:
        return record_list(
            base.filter(_registered_q(window)),
            visible,
            _row_registered,
            order=("registered_on", "id"),
        )
    if code == RECOGNISED:
        return record_list(
            base.filter(_recognised_q(window)),
            visible,
            _row_recognised,
            order=("decision_date", "id"),
        )
    raise KeyError(code)
