"""Reads of coordination, always scoped to what the user may see.

A document is visible when the user's scope (roles of `permissions.VIEWER_ROLES`) covers its
managing organisation, or the lead unit of one of its obligations. A programme: its keeping
organisation or one of its parties. A plan: its issuing unit, a party of its programme, or the
lead unit of one of its items. Anything else is answered as if it did not exist (Http404).
Task status and progress are read from the core `Task` (read-only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.coordination import permissions
from danvan.coordination.models import (
    DocumentLink,
    DocumentObligation,
    LegalDocument,
    Plan,
    PlanItem,
    Programme,
    ProgrammeParty,
)
from danvan.core.models import Task, TaskStatus
from danvan.text.normalize import fold

MAX_ID = 2**63 - 1
ACTIVE = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


# --- Documents -------------------------------------------------------------------------------


@dataclass
class DocumentFilters:
    q: str = ""
    kind: str = ""
    issuer: str = ""  # words of the issuer's name, folded
    year: int | None = None
    organization_id: int | None = None


def _documents_scoped(user: Any) -> QuerySet[LegalDocument]:
    ids = permissions.viewable_organization_ids(user)
    qs = LegalDocument.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    led = DocumentObligation.objects.filter(document=OuterRef("pk"), lead_id__in=wanted)
    return qs.filter(Q(organization_id__in=wanted) | Exists(led))


def document_choices(*, user: Any, limit: int = 300) -> list[tuple[int, str]]:
    """(id, "reference — title") of the documents the user may see, newest first: what other
    modules offer when a record cites a directive, resolution or plan."""
    qs = _documents_scoped(user).order_by("-issued_on", "-id")[:limit]
    return [(int(d.pk), f"{d.reference} — {d.title}"[:200]) for d in qs]


def documents_visible(*, user: Any, ids: Any) -> dict[int, LegalDocument]:
    """The documents among `ids` the user may see, by id (another module checks a citation)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    return {int(d.pk): d for d in _documents_scoped(user).filter(pk__in=wanted)}


def _words(q: str) -> list[str]:
    printable = "".join(ch for ch in (q or "") if ch.isprintable())[:200]
    return fold(printable).split()[:8]


def document_list(*, user: Any, filters: DocumentFilters | None = None) -> QuerySet[LegalDocument]:
    """The documents the user may see, filtered; the latest issued first."""
    f = filters or DocumentFilters()
    qs = _documents_scoped(user)
    for word in _words(f.q):
        qs = qs.filter(search_text__contains=word)
    for word in _words(f.issuer):
        qs = qs.filter(search_text__contains=word)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.year is not None:
        qs = qs.filter(issued_on__year=f.year)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    return qs.select_related("organization", "issuer").order_by("-issued_on", "-id")


def document_years(*, user: Any) -> list[int]:
    dates = _documents_scoped(user).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]


def document_issuers(*, user: Any, limit: int = 100) -> list[str]:
    """Distinct issuer names of the visible documents (for the filter's suggestions)."""
    names = (
        _documents_scoped(user)
        .order_by("issuer_name")
        .values_list("issuer_name", flat=True)
        .distinct()[:limit]
    )
    return list(names)


def document_get(*, user: Any, pk: int | str) -> LegalDocument:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    document = (
        _documents_scoped(user).select_related("organization", "issuer").filter(pk=key).first()
    )
    if document is None:
        raise Http404
    return document


@dataclass(frozen=True)
class ObligationRow:
    obligation: DocumentObligation
    task: Task | None
    supports: list[tuple[str, str]]
    late: bool  # done after the due date, or still open past it
    overdue: bool  # still open past the due date

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.task.status).label) if self.task else ""


@dataclass(frozen=True)
class Summary:
    total: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    cancelled: int = 0

    @property
    def percent(self) -> int:
        counted = self.total - self.cancelled
        return round(100 * self.done / counted) if counted else 0


def _late(task: Task | None, today: dt.date) -> tuple[bool, bool]:
    if task is None:
        return False, False
    if task.status == TaskStatus.DONE:
        return bool(task.completed_on and task.completed_on > task.due), False
    overdue = task.status in ACTIVE and task.due < today
    return overdue, overdue


def summarize(tasks: list[Task | None], today: dt.date) -> Summary:
    done = done_late = overdue = cancelled = 0
    for t in tasks:
        if t is None:
            continue
        if t.status == TaskStatus.DONE:
            done += 1
            done_late += int(bool(t.completed_on and t.completed_on > t.due))
        elif t.status == TaskStatus.CANCELLED:
            cancelled += 1
        elif t.due < today:
            overdue += 1
    return Summary(
        total=len(tasks), done=done, done_late=done_late, overdue=overdue, cancelled=cancelled
    )


def document_obligations(
    *, document: LegalDocument, today: dt.date | None = None
) -> tuple[list[ObligationRow], Summary]:
    """The document's obligations with their tasks and supporting units; the summary."""
    day = today or timezone.localdate()
    obligations = list(
        document.obligations.select_related("lead", "task").prefetch_related(
            "task__supports__organization"
        )
    )
    rows = []
    for o in obligations:
        late, overdue = _late(o.task, day)
        supports = [(s.organization.name, s.duty) for s in o.task.supports.all()] if o.task else []
        rows.append(ObligationRow(o, o.task, supports, late, overdue))
    return rows, summarize([o.task for o in obligations], day)


def obligation_get(*, user: Any, pk: int) -> DocumentObligation:
    obligation = DocumentObligation.objects.filter(pk=pk).select_related("document").first()
    if obligation is None:
        raise Http404
    document_get(user=user, pk=obligation.document_id)
    return obligation


@dataclass(frozen=True)
class LinkRow:
    link: DocumentLink
    other: LegalDocument
    outgoing: bool


def document_links(*, user: Any, document: LegalDocument) -> list[LinkRow]:
    """Documents this one links to and that link to it, only those the user may see."""
    visible = _documents_scoped(user)
    rows: list[LinkRow] = []
    for link in DocumentLink.objects.filter(source=document, target__in=visible).select_related(
        "target"
    ):
        rows.append(LinkRow(link, link.target, True))
    for link in DocumentLink.objects.filter(target=document, source__in=visible).select_related(
        "source"
    ):
        rows.append(LinkRow(link, link.source, False))
    return rows


# --- Programmes ------------------------------------------------------------------------------


@dataclass
class ProgrammeFilters:
    q: str = ""
    status: str = ""
    party_id: int | None = None
    year: int | None = None  # in force at some time of that year


def _programmes_scoped(user: Any) -> QuerySet[Programme]:
    ids = permissions.viewable_organization_ids(user)
    qs = Programme.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    party = ProgrammeParty.objects.filter(programme=OuterRef("pk"), organization_id__in=wanted)
    return qs.filter(Q(organization_id__in=wanted) | Exists(party))


def programme_visible(*, user: Any, pk: int) -> Programme | None:
    """The programme `pk` when the user may see it (a plan cites it), else None."""
    return _programmes_scoped(user).filter(pk=pk).first()


def programme_list(*, user: Any, filters: ProgrammeFilters | None = None) -> QuerySet[Programme]:
    f = filters or ProgrammeFilters()
    qs = _programmes_scoped(user)
    for word in _words(f.q):
        qs = qs.filter(search_text__contains=word)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.party_id is not None:
        qs = qs.filter(parties__organization_id=f.party_id)
    if f.year is not None:
        qs = qs.filter(starts_on__year__lte=f.year).filter(
            Q(ends_on__isnull=True) | Q(ends_on__year__gte=f.year)
        )
    return (
        qs.select_related("organization", "document")
        .prefetch_related("parties__organization")
        .order_by("-starts_on", "-id")
    )


def programme_get(*, user: Any, pk: int | str) -> Programme:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    programme = (
        _programmes_scoped(user)
        .select_related("organization", "document")
        .prefetch_related("parties__organization", "duties__party")
        .filter(pk=key)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


# --- Plans -----------------------------------------------------------------------------------


@dataclass
class PlanFilters:
    year: int | None = None
    status: str = ""
    programme_id: int | None = None
    organization_id: int | None = None
    q: str = ""


def _plans_scoped(user: Any) -> QuerySet[Plan]:
    ids = permissions.viewable_organization_ids(user)
    qs = Plan.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    party = ProgrammeParty.objects.filter(
        programme=OuterRef("programme_id"), organization_id__in=wanted
    )
    led = PlanItem.objects.filter(plan=OuterRef("pk"), lead_id__in=wanted)
    return qs.filter(Q(organization_id__in=wanted) | Exists(party) | Exists(led))


def plan_list(*, user: Any, filters: PlanFilters | None = None) -> QuerySet[Plan]:
    f = filters or PlanFilters()
    qs = _plans_scoped(user)
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.programme_id is not None:
        qs = qs.filter(programme_id=f.programme_id)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    for word in _words(f.q):
        # Titles are short: match the word in any of its usual casings on both databases.
        match = Q()
        for variant in {word, word.capitalize(), word.upper()}:
            match |= Q(title__icontains=variant)
        qs = qs.filter(match | Q(reference__icontains=word))
    return qs.select_related("organization", "programme").order_by("-year", "-id")


def plan_years(*, user: Any) -> list[int]:
    return sorted(set(_plans_scoped(user).values_list("year", flat=True)), reverse=True)


def plan_get(*, user: Any, pk: int | str) -> Plan:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    plan = (
        _plans_scoped(user)
        .select_related("organization", "programme", "document")
        .filter(pk=key)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@dataclass(frozen=True)
class PlanItemRow:
    item: PlanItem
    task: Task | None
    supports: list[tuple[str, str]] = field(default_factory=list)
    late: bool = False
    overdue: bool = False

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.task.status).label) if self.task else ""


def plan_items(*, plan: Plan, today: dt.date | None = None) -> tuple[list[PlanItemRow], Summary]:
    """The plan's items with their tasks (once issued) and the progress summary."""
    day = today or timezone.localdate()
    items = list(
        plan.items.select_related("lead", "task").prefetch_related("supports__organization")
    )
    rows = []
    for i in items:
        late, overdue = _late(i.task, day)
        rows.append(
            PlanItemRow(
                i,
                i.task,
                [(s.organization.name, s.part) for s in i.supports.all()],
                late,
                overdue,
            )
        )
    summary = (
        summarize([i.task for i in items], day)
        if plan.status != "draft"
        else Summary(total=len(items))
    )
    return rows, summary


def plan_item_get(*, user: Any, pk: int) -> PlanItem:
    item = PlanItem.objects.filter(pk=pk).select_related("plan").first()
    if item is None:
        raise Http404
    plan_get(user=user, pk=item.plan_id)
    return item


def programme_plans(*, programme: Programme) -> list[tuple[Plan, Summary]]:
    """The programme's plans, each with its task summary (two queries)."""
    today = timezone.localdate()
    plans = list(programme.plans.select_related("organization").order_by("-year", "-id"))
    tasks: dict[int, list[Task | None]] = {p.pk: [] for p in plans}
    for item in PlanItem.objects.filter(plan__in=plans).select_related("task"):
        tasks[item.plan_id].append(item.task)
    return [(p, summarize(tasks[p.pk], today)) for p in plans]


def programmes_for_document(*, user: Any, document: LegalDocument) -> list[Programme]:
    return list(_programmes_scoped(user).filter(document=document).order_by("-starts_on"))


def plans_for_document(*, user: Any, document: LegalDocument) -> list[Plan]:
    return list(_plans_scoped(user).filter(document=document).order_by("-year"))
