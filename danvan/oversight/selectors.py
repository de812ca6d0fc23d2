"""Reads of oversight, scoped to what the user may see (a record outside scope is a 404).

A supervision is visible to the viewer roles in scope of its supervising body, of a supervised
body or of an addressee of a recommendation it sent; an inspection to those in scope of its
inspecting body or of an inspected unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.core.models import Task, TaskStatus, TaskSupport
from danvan.oversight.models import ConclusionItem, Finding, Inspection, Recommendation, Supervision
from danvan.oversight.permissions import viewer_organization_ids
from danvan.oversight.states import RecommendationStatus
from danvan.text import fold

SENT_STATUSES = (
    RecommendationStatus.AWAITING,
    RecommendationStatus.ANSWERED,
    RecommendationStatus.SATISFACTORY,
    RecommendationStatus.FOLLOWED_UP,
)


@dataclass(frozen=True)
class SupervisionFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None
    organization_id: int | None = None
    q: str = ""


@dataclass(frozen=True)
class InspectionFilters:
    status: str = ""
    year: int | None = None
    organization_id: int | None = None
    q: str = ""


def partner_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations a supervision or inspection of the user may name (supervised, addressed,
    inspected, supporting): every organisation of the provinces where the user works (the
    province itself and its communes); None = all (superuser). A body of another province is
    neither offered nor accepted."""
    from danvan.core.models import Organization
    from danvan.core.models.units import UnitLevel
    from danvan.core.selectors.scope import user_scope, visible_organization_ids

    scope = user_scope(user)
    if scope.is_superuser:
        return None
    visible = sorted(visible_organization_ids(user))
    if not visible:
        return frozenset()
    areas = (
        Organization.objects.filter(pk__in=visible, area__isnull=False)
        .values_list("area_id", "area__level", "area__parent_id")
        .distinct()
    )
    provinces: set[int] = set()
    for area_id, level, parent_id in areas:
        if area_id is None:
            continue
        if level == UnitLevel.PROVINCE:
            provinces.add(int(area_id))
        elif parent_id is not None:
            provinces.add(int(parent_id))
    wanted = sorted(provinces)
    in_provinces = Organization.objects.filter(
        Q(area_id__in=wanted) | Q(area__parent_id__in=wanted)
    ).values_list("id", flat=True)
    return frozenset(visible) | frozenset(int(i) for i in in_provinces)


def _scoped_supervisions(user: Any) -> QuerySet[Supervision]:
    qs = Supervision.objects.all()
    ids = viewer_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    supervised = Supervision.supervised.through.objects.filter(
        supervision_id=OuterRef("pk"), organization_id__in=wanted
    )
    # Only a recommendation that was sent: a draft is not yet the addressee's business.
    addressed = Recommendation.objects.filter(
        supervision_id=OuterRef("pk"), addressee_id__in=wanted, sent_on__isnull=False
    )
    return qs.filter(Q(organization_id__in=wanted) | Exists(supervised) | Exists(addressed))


def _scoped_inspections(user: Any) -> QuerySet[Inspection]:
    qs = Inspection.objects.all()
    ids = viewer_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    inspected = Inspection.inspected.through.objects.filter(
        inspection_id=OuterRef("pk"), organization_id__in=wanted
    )
    return qs.filter(Q(organization_id__in=wanted) | Exists(inspected))


def supervision_list(
    *, user: Any, filters: SupervisionFilters | None = None
) -> QuerySet[Supervision]:
    """Supervisions in scope, latest first, with their counts of recommendations."""
    f = filters or SupervisionFilters()
    qs = _scoped_supervisions(user)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(period_from__year=f.year)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.q.strip():
        qs = qs.filter(search_text__contains=fold(f.q.strip()))
    today = timezone.localdate()
    return (
        qs.select_related("organization")
        .annotate(
            rec_sent=Count("recommendations", filter=Q(recommendations__status__in=SENT_STATUSES)),
            rec_awaiting=Count(
                "recommendations",
                filter=Q(recommendations__status=RecommendationStatus.AWAITING),
            ),
            rec_overdue=Count(
                "recommendations",
                filter=Q(
                    recommendations__status=RecommendationStatus.AWAITING,
                    recommendations__answer_due__lt=today,
                ),
            ),
        )
        .order_by("-period_from", "-id")
    )


def supervision_get(*, user: Any, pk: int) -> Supervision:
    try:
        return (
            _scoped_supervisions(user).select_related("organization", "draft_document").get(pk=pk)
        )
    except (Supervision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def supervision_parts(supervision: Supervision) -> tuple[list[Finding], list[Recommendation]]:
    findings = list(Finding.objects.filter(supervision=supervision).select_related("organization"))
    recs = list(
        Recommendation.objects.filter(supervision=supervision).select_related(
            "addressee", "follow_up_of"
        )
    )
    return findings, recs


@dataclass(frozen=True)
class RecommendationSummary:
    sent: int
    answered: int
    answered_late: int
    unanswered: int
    overdue: int
    satisfactory: int
    followed_up: int


def recommendation_summary(
    recs: list[Recommendation], *, today: dt.date | None = None
) -> RecommendationSummary:
    """Recommendations sent / answered / answered late / unanswered (and of those, overdue)."""
    day = today or timezone.localdate()
    sent = [r for r in recs if r.sent_on is not None and r.status != RecommendationStatus.DRAFT]
    answered = [r for r in sent if r.answered_on is not None]
    unanswered = [r for r in sent if r.answered_on is None]
    return RecommendationSummary(
        sent=len(sent),
        answered=len(answered),
        answered_late=sum(1 for r in answered if r.answered_late),
        unanswered=len(unanswered),
        overdue=sum(1 for r in unanswered if r.answer_due is not None and r.answer_due < day),
        satisfactory=sum(1 for r in sent if r.status == RecommendationStatus.SATISFACTORY),
        followed_up=sum(1 for r in sent if r.status == RecommendationStatus.FOLLOWED_UP),
    )


def recommendation_get(*, user: Any, pk: int) -> Recommendation:
    """A recommendation of a supervision the user may see."""
    rec = (
        Recommendation.objects.select_related("addressee", "supervision")
        .filter(pk=pk, supervision__in=_scoped_supervisions(user))
        .first()
    )
    if rec is None:
        raise Http404
    return rec


def supervision_years(*, user: Any) -> list[int]:
    return sorted(
        {d.year for d in _scoped_supervisions(user).dates("period_from", "year")}, reverse=True
    )


def inspection_list(*, user: Any, filters: InspectionFilters | None = None) -> QuerySet[Inspection]:
    f = filters or InspectionFilters()
    qs = _scoped_inspections(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(scheduled_from__year=f.year)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.q.strip():
        qs = qs.filter(search_text__contains=fold(f.q.strip()))
    return (
        qs.select_related("organization")
        .annotate(
            items=Count("conclusion_items"),
            items_done=Count(
                "conclusion_items",
                filter=Q(conclusion_items__task__status=TaskStatus.DONE),
            ),
        )
        .order_by("-scheduled_from", "-id")
    )


def inspection_get(*, user: Any, pk: int) -> Inspection:
    try:
        return _scoped_inspections(user).select_related("organization").get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def inspection_years(*, user: Any) -> list[int]:
    return sorted(
        {d.year for d in _scoped_inspections(user).dates("scheduled_from", "year")}, reverse=True
    )


def conclusion_items(inspection: Inspection) -> list[ConclusionItem]:
    """The conclusion's items with their tasks, leads and supporting units (3 queries)."""
    return list(
        ConclusionItem.objects.filter(inspection=inspection)
        .select_related("task__organization")
        .prefetch_related(
            Prefetch(
                "task__supports",
                queryset=TaskSupport.objects.select_related("organization").order_by("id"),
            )
        )
    )


@dataclass(frozen=True)
class ConclusionSummary:
    items: int
    done: int
    cancelled: int
    in_progress: int
    not_started: int
    overdue: int
    average_progress: int

    @property
    def finished(self) -> bool:
        return self.items == self.done + self.cancelled


def conclusion_summary(
    items: list[ConclusionItem], *, today: dt.date | None = None
) -> ConclusionSummary:
    day = today or timezone.localdate()
    tasks: list[Task] = [i.task for i in items if i.task is not None]
    live = [t for t in tasks if t.status not in (TaskStatus.DONE, TaskStatus.CANCELLED)]
    counted = [t for t in tasks if t.status != TaskStatus.CANCELLED]
    return ConclusionSummary(
        items=len(tasks),
        done=sum(1 for t in tasks if t.status == TaskStatus.DONE),
        cancelled=sum(1 for t in tasks if t.status == TaskStatus.CANCELLED),
        in_progress=sum(1 for t in tasks if t.status == TaskStatus.IN_PROGRESS),
        not_started=sum(1 for t in tasks if t.status == TaskStatus.OPEN),
        overdue=sum(1 for t in live if t.due < day),
        average_progress=round(sum(t.progress for t in counted) / len(counted)) if counted else 0,
    )
