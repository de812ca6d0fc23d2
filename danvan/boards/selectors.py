"""Reads of the oversight boards, scoped to what the user may see (outside scope = 404).

A board is visible to the viewer roles in scope of its commune Front committee, its commune
People's Committee, or an addressee of one of its recommendations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.boards.models import (
    Board,
    BoardMember,
    Plan,
    PlanItem,
    Recommendation,
    RecordFile,
    SupervisionRecord,
)
from danvan.boards.permissions import viewer_organization_ids
from danvan.boards.states import BoardStatus, RecommendationStatus


@dataclass(frozen=True)
class BoardFilters:
    kind: str = ""
    status: str = ""
    area_id: int | None = None
    expired: bool = False


def _scoped_boards(user: Any) -> QuerySet[Board]:
    qs = Board.objects.all()
    ids = viewer_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    addressed = Recommendation.objects.filter(board_id=OuterRef("pk"), addressee_id__in=wanted)
    return qs.filter(Q(front_id__in=wanted) | Q(commune_id__in=wanted) | Exists(addressed))


def board_list(*, user: Any, filters: BoardFilters | None = None) -> QuerySet[Board]:
    """Boards in scope with their counts of members and recommendations (one query)."""
    f = filters or BoardFilters()
    today = timezone.localdate()
    qs = _scoped_boards(user).select_related("area", "front")
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.area_id:
        qs = qs.filter(area_id=f.area_id)
    if f.expired:
        qs = qs.filter(status=BoardStatus.ACTIVE, term_to__lt=today)
    return qs.annotate(
        member_count=Count("members", filter=Q(members__to_on__isnull=True), distinct=True),
        rec_total=Count("recommendations", distinct=True),
        rec_awaiting=Count(
            "recommendations",
            filter=Q(recommendations__status=RecommendationStatus.AWAITING),
            distinct=True,
        ),
        rec_overdue=Count(
            "recommendations",
            filter=Q(
                recommendations__status=RecommendationStatus.AWAITING,
                recommendations__answer_due__lt=today,
            ),
            distinct=True,
        ),
    ).order_by("area__name", "kind", "-term_from", "id")


def board_get(*, user: Any, pk: int) -> Board:
    try:
        return _scoped_boards(user).select_related("area", "front", "commune").get(pk=pk)
    except (Board.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class BoardPage:
    board: Board
    members: list[BoardMember]
    former_members: list[BoardMember]
    plans: list[Plan]
    records: list[SupervisionRecord]
    summary: dict[str, int] = field(default_factory=dict)


def board_page(*, user: Any, pk: int) -> BoardPage:
    """The board with its members, plans and items, records with files and recommendations."""
    board = board_get(user=user, pk=pk)
    members = list(board.members.select_related("replaces").order_by("role", "full_name", "id"))
    plans = list(
        Plan.objects.filter(board=board)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("position", "id")))
        .order_by("-year", "id")
    )
    records = list(
        SupervisionRecord.objects.filter(board=board)
        .select_related("subject_org", "plan_item")
        .prefetch_related(
            Prefetch("files", queryset=RecordFile.objects.order_by("id")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related(
                    "addressee", "follow_up_of"
                ).order_by("id"),
            ),
        )
        .order_by("-held_on", "-id")
    )
    return BoardPage(
        board=board,
        members=[m for m in members if m.to_on is None],
        former_members=[m for m in members if m.to_on is not None],
        plans=plans,
        records=records,
        summary=recommendation_summary([r for rec in records for r in rec.recommendations.all()]),
    )


def recommendation_summary(recs: list[Recommendation], on: dt.date | None = None) -> dict[str, int]:
    day = on or timezone.localdate()
    answered = [r for r in recs if r.answered_on is not None]
    awaiting = [r for r in recs if r.answered_on is None]
    return {
        "total": len(recs),
        "answered": len(answered),
        "answered_late": sum(1 for r in answered if r.answered_late),
        "unanswered": len(awaiting),
        "overdue": sum(1 for r in awaiting if r.answer_due is not None and r.answer_due < day),
    }


def recommendation_get(*, user: Any, pk: int) -> Recommendation:
    try:
        rec = Recommendation.objects.select_related("board", "addressee").get(pk=pk)
    except (Recommendation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    board_get(user=user, pk=int(rec.board_id))
    return rec


def record_get(*, user: Any, pk: int) -> SupervisionRecord:
    try:
        record = SupervisionRecord.objects.select_related("board").get(pk=pk)
    except (SupervisionRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    board_get(user=user, pk=int(record.board_id))
    return record


def member_get(*, user: Any, pk: int) -> BoardMember:
    try:
        member = BoardMember.objects.get(pk=pk)
    except (BoardMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    board_get(user=user, pk=int(member.board_id))
    return member


def plan_get(*, user: Any, pk: int) -> Plan:
    try:
        plan = Plan.objects.get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    board_get(user=user, pk=int(plan.board_id))
    return plan


def file_get(*, user: Any, pk: int) -> RecordFile:
    try:
        row = RecordFile.objects.select_related("record").get(pk=pk)
    except (RecordFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    board_get(user=user, pk=int(row.record.board_id))
    return row


@dataclass(frozen=True)
class CommuneStats:
    area_id: int
    area_name: str
    boards_active: int
    boards_expired: int
    recommendations: int
    answered_on_time: int
    answered_late: int
    unanswered: int
    overdue: int


def board_statistics(*, user: Any, on: dt.date | None = None) -> list[CommuneStats]:
    """Per commune of the boards in scope: active boards, active boards whose term has ended,
    and recommendations answered on time / late / unanswered / overdue (two grouped queries)."""
    day = on or timezone.localdate()
    boards = _scoped_boards(user)
    board_rows = (
        boards.values("area_id", "area__name")
        .annotate(
            active=Count("id", filter=Q(status=BoardStatus.ACTIVE)),
            expired=Count("id", filter=Q(status=BoardStatus.ACTIVE, term_to__lt=day)),
        )
        .order_by("area__name", "area_id")
    )
    rec_rows = {
        row["board__area_id"]: row
        for row in Recommendation.objects.filter(board__in=boards.values("pk"))
        .values("board__area_id")
        .annotate(
            total=Count("id"),
            on_time=Count(
                "id",
                filter=Q(answered_on__isnull=False)
                & (Q(answer_due__isnull=True) | Q(answered_on__lte=F("answer_due"))),
            ),
            late=Count("id", filter=Q(answered_on__isnull=False, answered_on__gt=F("answer_due"))),
            unanswered=Count("id", filter=Q(answered_on__isnull=True)),
            overdue=Count("id", filter=Q(answered_on__isnull=True, answer_due__lt=day)),
        )
    }
    result: list[CommuneStats] = []
    for row in board_rows:
        recs: dict[str, Any] = dict(rec_rows.get(row["area_id"], {}))
        result.append(
            CommuneStats(
                area_id=int(row["area_id"]),
                area_name=str(row["area__name"]),
                boards_active=int(row["active"]),
                boards_expired=int(row["expired"]),
                recommendations=int(recs.get("total", 0)),
                answered_on_time=int(recs.get("on_time", 0)),
                answered_late=int(recs.get("late", 0)),
                unanswered=int(recs.get("unanswered", 0)),
                overdue=int(recs.get("overdue", 0)),
            )
        )
    return result


def board_areas(*, user: Any) -> list[tuple[int, str]]:
    """Communes that have a board in scope (for the list filter)."""
    return [
        (int(a), str(n))
        for a, n in _scoped_boards(user)
        .values_list("area_id", "area__name")
        .distinct()
        .order_by("area__name")
    ]
