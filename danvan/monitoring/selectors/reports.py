"""Reads of the issue reports, always scoped to what the user may see.

A user sees the reports of the organisations their roles in `permissions.VIEWER_ROLES` cover
(province-wide for the oversight roles, `core.selectors.scope`) and the reports escalated to
one of those organisations. Anything else is answered as if it did not exist (Http404).

Linked records are resolved through their own module's selectors with the same user: a link
to a record the user may not see is shown without its label or address.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from danvan.core.models import AdminUnit, Organization
from danvan.core.selectors.scope import user_scope
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.monitoring import permissions
from danvan.monitoring.models import IssueLink, IssueReport, IssueUpdate
from danvan.monitoring.states import OPEN_STATES, TRANSITIONS, LinkKind, Status
from danvan.text.normalize import fold

MAX_ID = 2**63 - 1
SEARCH_TERMS_MAX = 8


@dataclass
class ReportFilters:
    status: str = ""
    topic: str = ""
    area_code: str = ""  # a province or commune: the unit and everything inside it
    severity: int | None = None
    sensitive: bool | None = None  # any of the ethnic, religious, security flags
    source: str = ""
    q: str = ""  # words of the title and description (diacritics optional)
    reported_from: dt.date | None = None
    reported_to: dt.date | None = None
    organization_id: int | None = None
    open_only: bool = False
    escalated_to_me: bool = False  # escalated to an organisation the user answers for


def _scoped(user: Any) -> QuerySet[IssueReport]:
    ids = permissions.viewer_organization_ids(user)
    qs = IssueReport.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    return qs.filter(Q(organization_id__in=wanted) | Q(escalated_to_id__in=wanted))


def _territory(area_code: str) -> set[int] | None:
    """Every unit row inside the unit(s) with `area_code` (None: no such code)."""
    code = "".join(ch for ch in area_code if ch.isdigit())[:10]
    units = (
        list(AdminUnit.objects.filter(code=code).values_list("id", flat=True)[:5]) if code else []
    )
    if not units:
        return None
    territory: set[int] = set()
    for unit_id in units:
        territory |= admin_unit_territory_ids(unit_id)
    return territory


def search_terms(q: str) -> list[str]:
    """The folded words of a search (every one must occur)."""
    return fold(q or "").split()[:SEARCH_TERMS_MAX]


def report_list(*, user: Any, filters: ReportFilters | None = None) -> QuerySet[IssueReport]:
    """The reports the user may see, filtered; latest information first."""
    f = filters or ReportFilters()
    qs = _scoped(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.open_only:
        qs = qs.filter(status__in=sorted(OPEN_STATES))
    if f.topic:
        # The JSON text of the list holds the code in quotes (works on SQLite and PostgreSQL).
        qs = qs.filter(Q(topic=f.topic) | Q(secondary_topics__icontains=f'"{f.topic}"'))
    if f.severity is not None:
        qs = qs.filter(severity=f.severity)
    if f.sensitive is True:
        qs = qs.filter(Q(flag_ethnic=True) | Q(flag_religious=True) | Q(flag_security=True))
    elif f.sensitive is False:
        qs = qs.filter(flag_ethnic=False, flag_religious=False, flag_security=False)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.organization_id is not None:
        qs = qs.filter(organization_id=f.organization_id)
    if f.reported_from is not None:
        qs = qs.filter(reported_on__gte=f.reported_from)
    if f.reported_to is not None:
        qs = qs.filter(reported_on__lte=f.reported_to)
    if f.escalated_to_me:
        qs = qs.filter(escalated_to_id__isnull=False)
        scope = user_scope(user)
        if not scope.is_superuser:
            answering: set[int] = set()
            for role in permissions.ANSWER_ROLES:
                answering |= scope.subtree_for(role)
            qs = qs.filter(escalated_to_id__in=sorted(answering))
    if f.area_code.strip():
        territory = _territory(f.area_code.strip())
        if territory is None:
            return qs.none()
        qs = qs.filter(area_id__in=sorted(territory))
    for term in search_terms(f.q):
        qs = qs.filter(search_text__contains=term)
    return qs.select_related("organization", "area", "area__parent", "escalated_to").order_by(
        "-reported_on", "-id"
    )


def report_get(*, user: Any, pk: Any) -> IssueReport:
    """One report inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    report = (
        _scoped(user)
        .select_related(
            "organization__area",
            "organization__parent",
            "area__parent",
            "escalated_to",
            "assignee",
            "answered_by",
            "created_by",
        )
        .filter(pk=key)
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_get_or_none(*, user: Any, pk: Any) -> IssueReport | None:
    try:
        return report_get(user=user, pk=pk)
    except Http404:
        return None


def report_updates(*, report: IssueReport) -> list[IssueUpdate]:
    """The timeline: periodic updates, moves and answers, latest first."""
    return list(report.updates.select_related("author").order_by("-on", "-id"))


def report_allowed_moves(*, report: IssueReport, user: Any) -> list[str]:
    """The legal next states the user may move the report to (none without the right)."""
    if not permissions.can_work(user, report):
        return []
    targets = TRANSITIONS.get(report.status, frozenset())
    return [s for s in Status.values if s in targets]


def report_counts_by_status(*, user: Any, filters: ReportFilters | None = None) -> dict[str, int]:
    """How many reports the user may see in each status (every status present, 0 if none)."""
    f = filters or ReportFilters()
    qs = report_list(user=user, filters=ReportFilters(**{**f.__dict__, "status": ""}))
    counts = {s: 0 for s in Status.values}
    for row in qs.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = int(row["n"])
    return counts


@dataclass(frozen=True)
class AreaCounts:
    """Open reports by area: `provinces` by province code (a commune's report counts for its
    province too), `communes` by commune code; `total` of all open reports counted."""

    provinces: dict[str, int] = field(default_factory=dict)
    communes: dict[str, int] = field(default_factory=dict)
    total: int = 0
    sensitive: dict[str, int] = field(default_factory=dict)  # by province code
    severe: dict[str, int] = field(default_factory=dict)  # severity 4, by province code


def reports_open_by_area(
    *,
    user: Any,
    topic: str = "",
    province_code: str = "",
    since: dt.date | None = None,
) -> AreaCounts:
    """Counts of the open reports (new, verifying, escalated, being resolved) the user may see,
    by province code and by commune code, for the map and the dashboard. One query.

    `topic` limits to a main or secondary topic; `province_code` to one province's territory;
    `since` to reports whose information was received on or after that day.
    """
    filters = ReportFilters(topic=topic, area_code=province_code, open_only=True)
    filters.reported_from = since
    qs = report_list(user=user, filters=filters).order_by()
    rows = qs.values(
        "area__code",
        "area__level",
        "area__parent__code",
        "flag_ethnic",
        "flag_religious",
        "flag_security",
        "severity",
    ).annotate(n=Count("id"))
    provinces: Counter[str] = Counter()
    communes: Counter[str] = Counter()
    sensitive: Counter[str] = Counter()
    severe: Counter[str] = Counter()
    total = 0
    for row in rows:
        n = int(row["n"])
        total += n
        if row["area__level"] == "province":
            province = row["area__code"]
        else:
            communes[row["area__code"]] += n
            province = row["area__parent__code"] or ""
        if province:
            provinces[province] += n
            if row["flag_ethnic"] or row["flag_religious"] or row["flag_security"]:
                sensitive[province] += n
            if row["severity"] == 4:
                severe[province] += n
    return AreaCounts(
        provinces=dict(provinces),
        communes=dict(communes),
        total=total,
        sensitive=dict(sensitive),
        severe=dict(severe),
    )


# --- Links ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    link_id: int
    target_type: str
    target_id: int
    kind_label: str
    label: str  # "" when the user may not see the record
    url: str
    note: str
    visible: bool
    status: str = ""


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def report_links(*, report: IssueReport, user: Any) -> list[LinkRow]:
    """The report's links with the label and address of each record the user may see; one
    query per kind of record."""
    links = list(IssueLink.objects.filter(report=report).order_by("target_type", "id"))
    by_type: dict[str, list[int]] = {}
    for link in links:
        by_type.setdefault(link.target_type, []).append(int(link.target_id))
    found: dict[tuple[str, int], tuple[str, str, str]] = {}
    ids = by_type.get(LinkKind.PETITION)
    if ids:
        from danvan.petitions.selectors import petition_list

        for p in petition_list(user=user).filter(pk__in=ids):
            found[(LinkKind.PETITION, p.pk)] = (
                f"{p.case_number}: {p.summary or p.content[:120]}",
                _url("petitions:detail", p.pk),
                str(p.get_status_display()),
            )
    ids = by_type.get(LinkKind.RECEPTION)
    if ids:
        from danvan.reception.selectors import entry_list

        for e in entry_list(user=user).filter(pk__in=ids):
            found[(LinkKind.RECEPTION, e.pk)] = (
                f"{e.label}: {e.content[:120]}",
                _url("reception:entry_detail", e.pk),
                str(e.get_outcome_display()),
            )
    ids = by_type.get(LinkKind.DIALOGUE)
    if ids:
        from danvan.dialogues.selectors import dialogue_list

        for d in dialogue_list(user=user).filter(pk__in=ids):
            found[(LinkKind.DIALOGUE, d.pk)] = (
                f"{d.date:%d/%m/%Y}: {d.topic}",
                _url("dialogues:detail", d.pk),
                str(d.get_status_display()),
            )
    ids = by_type.get(LinkKind.REPORT)
    if ids:
        for r in _scoped(user).filter(pk__in=ids):
            found[(LinkKind.REPORT, r.pk)] = (
                r.title,
                _url("monitoring:report", r.pk),
                str(r.get_status_display()),
            )
    rows: list[LinkRow] = []
    for link in links:
        key = (link.target_type, int(link.target_id))
        kind = (
            str(LinkKind(link.target_type).label)
            if link.target_type in LinkKind.values
            else link.target_type
        )
        label, url, status = found.get(key, ("", "", ""))
        rows.append(
            LinkRow(
                link_id=link.pk,
                target_type=link.target_type,
                target_id=int(link.target_id),
                kind_label=kind,
                label=label,
                url=url,
                note=link.note,
                visible=key in found,
                status=status,
            )
        )
    return rows


def reports_linked_to(*, user: Any, target_type: str, target_id: int) -> list[IssueReport]:
    """The reports the user may see that link a given record (for that record's page)."""
    if target_type not in LinkKind.values or not 1 <= int(target_id) <= MAX_ID:
        return []
    linked = IssueLink.objects.filter(target_type=target_type, target_id=target_id).values(
        "report_id"
    )
    return list(_scoped(user).filter(pk__in=linked).order_by("-reported_on", "-id")[:50])


def report_escalation_targets(*, report: IssueReport) -> list[Organization]:
    """Where the report may be escalated: the active organisations above the reporting one."""
    from danvan.monitoring.services.reports import escalation_targets

    return escalation_targets(report)


def petitions_for_prefill(*, user: Any, ids: list[int]) -> list[Any]:
    """The petitions among `ids` the user may see, in the given order (for ?petitions=...)."""
    from danvan.petitions.selectors import petition_list

    wanted = [i for i in dict.fromkeys(ids) if 1 <= i <= MAX_ID][:50]
    found = {p.pk: p for p in petition_list(user=user).filter(pk__in=wanted)}
    return [found[i] for i in wanted if i in found]
