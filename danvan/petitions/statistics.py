"""Petition statistics for a period, scoped to what the user may see.

Duplicates never count twice: a case linked to an earlier one (`duplicate_of`) is counted
only in `duplicates`, never in the received, status, kind, topic or satisfaction figures; a
case transferred between two organisations the user sees counts once (at the sender).
The period places a case by its received date. "On time" compares the day the resolution
deadline was met (`Obligation.completed_on`) with its due date, so it follows the rule table,
the variants and the suspensions exactly as the board does. Aggregations run in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from danvan.core.models import Obligation
from danvan.core.topics import topic_label
from danvan.petitions.models import Petition
from danvan.petitions.selectors import PetitionFilters, petition_list
from danvan.petitions.states import OPEN_STATES, Kind, Satisfaction, Status


@dataclass
class PetitionStats:
    start: dt.date
    end: dt.date
    received: int = 0
    duplicates: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, str, int]] = field(default_factory=list)
    multi_signer: int = 0
    anonymous: int = 0
    transferred_out: int = 0
    overdue_open: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    satisfaction: list[tuple[str, str, int]] = field(default_factory=list)
    rated: int = 0

    @property
    def resolved_on_time_pct(self) -> float | None:
        return round(100 * self.resolved_on_time / self.resolved, 1) if self.resolved else None

    @property
    def satisfied_pct(self) -> float | None:
        satisfied = sum(
            n for code, _label, n in self.satisfaction if code == Satisfaction.SATISFIED
        )
        return round(100 * satisfied / self.rated, 1) if self.rated else None


def _counts(qs: Any, field_name: str) -> dict[str, int]:
    return {
        row[field_name]: row["n"]
        for row in qs.values(field_name).annotate(n=Count("id")).order_by()
    }


def petition_statistics(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    filters: PetitionFilters | None = None,
    today: dt.date | None = None,
) -> PetitionStats:
    """Figures for cases received from `start` to `end` (inclusive) that the user may see."""
    today = today or dt.date.today()
    scoped = (
        petition_list(user=user, filters=filters)
        .filter(received_on__gte=start, received_on__lte=end)
        .order_by()
    )
    stats = PetitionStats(start=start, end=end)
    stats.duplicates = scoped.filter(duplicate_of__isnull=False).count()
    # A case transferred between two organisations the user sees is one case: the receiver's
    # copy is not counted again.
    cases = scoped.filter(duplicate_of__isnull=True).exclude(
        transferred_from__in=scoped.values("id")
    )
    totals = cases.aggregate(
        received=Count("id"),
        multi_signer=Count("id", filter=Q(signer_count__gte=5)),
        anonymous=Count("id", filter=Q(anonymous=True)),
        transferred_out=Count("id", filter=Q(triage_outcome="transfer")),
        overdue_open=Count("id", filter=Q(status__in=sorted(OPEN_STATES), next_deadline__lt=today)),
        resolved=Count("id", filter=Q(resolved_on__isnull=False)),
    )
    for name, value in totals.items():
        setattr(stats, name, value)
    status_counts = _counts(cases, "status")
    stats.by_status = [(s.value, str(s.label), status_counts.get(s.value, 0)) for s in Status]
    kind_counts = _counts(cases, "kind")
    stats.by_kind = [(k.value, str(k.label), kind_counts.get(k.value, 0)) for k in Kind]
    topic_counts = _counts(cases, "topic")
    stats.by_topic = sorted(
        ((code, topic_label(code), n) for code, n in topic_counts.items()),
        key=lambda row: (-row[2], row[0]),
    )
    stats.resolved_on_time = Obligation.objects.filter(
        target_type=Petition._meta.label_lower,
        target_id__in=cases.filter(resolved_on__isnull=False).values("id"),
        key="resolve",
        status="done",
        completed_on__lte=F("due"),
    ).count()
    satisfaction_counts = _counts(cases.exclude(satisfaction=""), "satisfaction")
    stats.satisfaction = [
        (s.value, str(s.label), satisfaction_counts.get(s.value, 0)) for s in Satisfaction
    ]
    stats.rated = sum(satisfaction_counts.values())
    return stats
