"""Reads of the projects module, scoped to what the user may see (`core.selectors.scope`: the
managing organisation in the user's scope, or the commune in the areas it covers): a project
outside the caller's scope is a 404 exactly like a missing one.

`project_account` computes the ledgers' totals (by source and kind, pledged and received), the
residents' share of the value received, the money received, spent and the balance; the public
pages read `public_*`, which need no user and never name a contributor who did not agree to be
listed. `statistics` groups per commune in two grouped queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from danvan.core.api.common import MAX_ID
from danvan.core.selectors.scope import user_scope
from danvan.projects.models import Contribution, Expenditure, ProgressReport, Project
from danvan.projects.states import (
    STATE_SOURCES,
    ContributionKind,
    ContributionState,
    Kind,
    Source,
    Status,
)
from danvan.text import fold

ZERO = Decimal(0)


@dataclass
class ProjectFilters:
    status: str = ""
    kind: str = ""
    area_id: int | None = None
    year: int | None = None
    q: str = ""


def _filtered(qs: QuerySet[Project], filters: ProjectFilters | None) -> QuerySet[Project]:
    if filters is None:
        return qs
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.year:
        qs = qs.filter(starts_on__year__lte=filters.year, ends_on__year__gte=filters.year)
    if filters.q.strip():
        for word in fold(filters.q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return qs


def _scoped(user: Any, qs: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects of an organisation in the user's scope, or in a commune the scope covers (the
    commune's Front and its community investment oversight board follow the works)."""
    base = Project.objects.all() if qs is None else qs
    scope = user_scope(user)
    if scope.is_superuser:
        return base
    orgs, areas = scope.organizations_for(), scope.areas_for()
    if not orgs and not areas:
        return base.none()
    return base.filter(Q(organization_id__in=sorted(orgs)) | Q(area_id__in=sorted(areas)))


def project_list(*, user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    qs = _scoped(user).select_related("organization", "area")
    return _filtered(qs, filters).order_by("-starts_on", "-id")


def _key(pk: Any) -> int:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    return key


def project_get(*, user: Any, pk: Any) -> Project:
    """One project inside the user's scope, or Http404."""
    project = (
        _scoped(user).select_related("organization", "area__parent").filter(pk=_key(pk)).first()
    )
    if project is None:
        raise Http404
    return project


def contribution_get(*, project: Project, pk: Any) -> Contribution:
    row = Contribution.objects.filter(project=project, pk=_key(pk)).first()
    if row is None:
        raise Http404
    row.project = project
    return row


def expenditure_get(*, project: Project, pk: Any) -> Expenditure:
    row = Expenditure.objects.filter(project=project, pk=_key(pk)).first()
    if row is None:
        raise Http404
    row.project = project
    return row


def project_contributions(*, project: Project) -> list[Contribution]:
    return list(Contribution.objects.filter(project=project).order_by("pledged_on", "id"))


def project_expenditures(*, project: Project) -> list[Expenditure]:
    return list(Expenditure.objects.filter(project=project).order_by("date", "id"))


def project_reports(*, project: Project) -> list[ProgressReport]:
    return list(ProgressReport.objects.filter(project=project).order_by("-date", "-id"))


def report_get(*, project: Project, pk: Any) -> ProgressReport:
    row = ProgressReport.objects.filter(project=project, pk=_key(pk)).first()
    if row is None or not row.file:
        raise Http404
    return row


# --- The account -----------------------------------------------------------------------------


@dataclass
class SourceTotals:
    """What one source gave (received) and still owes (pledged, not yet received)."""

    source: str
    label: str
    money: int = 0
    labour_days: Decimal = ZERO
    land_m2: Decimal = ZERO
    materials_value: int = 0
    value: int = 0  # value received, every kind
    pledged_value: int = 0  # value pledged and not yet received
    pledged_money: int = 0

    @property
    def is_state(self) -> bool:
        return self.source in STATE_SOURCES


@dataclass
class Account:
    sources: list[SourceTotals]
    value_received: int
    value_pledged: int  # still to come
    state_value: int
    residents_value: int
    residents_share: Decimal  # percent of the value received, one decimal
    labour_days: Decimal
    land_m2: Decimal
    money_received: int
    money_pledged: int
    spent: int
    balance: int
    planned_cost: int
    funded_percent: Decimal  # value received against the planned cost


def _percent(part: int, whole: int) -> Decimal:
    if whole <= 0:
        return ZERO
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _source_rows(rows: list[Any]) -> dict[str, SourceTotals]:
    out = {s: SourceTotals(source=s, label=str(Source(s).label)) for s in Source.values}
    for r in rows:
        t = out[r["source"]]
        value = int(r["value"] or 0)
        if r["state"] == ContributionState.PLEDGED:
            t.pledged_value += value
            if r["kind"] == ContributionKind.MONEY:
                t.pledged_money += value
            continue
        t.value += value
        if r["kind"] == ContributionKind.MONEY:
            t.money += value
        elif r["kind"] == ContributionKind.LABOUR:
            t.labour_days += r["amount"] or ZERO
        elif r["kind"] == ContributionKind.LAND:
            t.land_m2 += r["amount"] or ZERO
        else:
            t.materials_value += value
    return out


def project_account(*, project: Project) -> Account:
    rows: list[Any] = list(
        Contribution.objects.filter(project=project, voided=False)
        .values("source", "kind", "state")
        .annotate(amount=Sum("amount"), value=Sum("value"))
        .order_by()
    )
    spent = (
        Expenditure.objects.filter(project=project, voided=False).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    by_source = _source_rows(rows)
    sources = [
        t for t in by_source.values() if t.value or t.pledged_value or t.labour_days or t.land_m2
    ]
    received = sum(t.value for t in sources)
    state_value = sum(t.value for t in sources if t.is_state)
    residents = by_source[Source.RESIDENTS].value
    money = sum(t.money for t in sources)
    return Account(
        sources=sources,
        value_received=received,
        value_pledged=sum(t.pledged_value for t in sources),
        state_value=state_value,
        residents_value=residents,
        residents_share=_percent(residents, received),
        labour_days=sum((t.labour_days for t in sources), ZERO),
        land_m2=sum((t.land_m2 for t in sources), ZERO),
        money_received=money,
        money_pledged=sum(t.pledged_money for t in sources),
        spent=int(spent),
        balance=money - int(spent),
        planned_cost=int(project.planned_cost),
        funded_percent=_percent(received, int(project.planned_cost)),
    )


# --- The public side -------------------------------------------------------------------------


@dataclass
class PublicContributor:
    """A line of the public list: a named contributor, or the others of a source together."""

    source_label: str
    name: str
    kind_label: str
    amount: Decimal
    unit: str
    value: int | None
    received: bool
    count: int = 1
    grouped: bool = False


def public_projects(*, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """Every project but the cancelled ones: the account of a works is public by law."""
    qs = Project.objects.exclude(status=Status.CANCELLED).select_related("area__parent")
    return _filtered(qs, filters).order_by("-starts_on", "-id")


def public_get(*, pk: Any) -> Project:
    project = public_projects().filter(pk=_key(pk)).first()
    if project is None:
        raise Http404
    return project


def public_contributors(*, project: Project) -> list[PublicContributor]:
    """The state by budget level; residents, enterprises and donors by name when they agreed,
    the others counted together per source and kind (no name, no receipt number)."""
    lines: list[PublicContributor] = []
    grouped: dict[tuple[str, str, str, bool], PublicContributor] = {}
    for c in Contribution.objects.filter(project=project, voided=False).order_by(
        "source", "pledged_on", "id"
    ):
        received = c.state == ContributionState.RECEIVED
        source_label = str(Source(c.source).label)
        kind_label = str(ContributionKind(c.kind).label)
        if c.source in STATE_SOURCES or c.listed:
            name = source_label if c.source in STATE_SOURCES else c.contributor
            lines.append(
                PublicContributor(
                    source_label, name, kind_label, c.amount, c.unit, c.value, received
                )
            )
            continue
        key = (c.source, c.kind, c.unit, received)
        row = grouped.get(key)
        if row is None:
            grouped[key] = PublicContributor(
                source_label,
                "",
                kind_label,
                c.amount,
                c.unit,
                c.value,
                received,
                count=1,
                grouped=True,
            )
        else:
            row.amount += c.amount
            row.value = (row.value or 0) + (c.value or 0) if (row.value or c.value) else None
            row.count += 1
    return lines + list(grouped.values())


def public_expenditures(*, project: Project) -> list[Expenditure]:
    return list(Expenditure.objects.filter(project=project, voided=False).order_by("date", "id"))


def public_reports(*, project: Project) -> list[ProgressReport]:
    return project_reports(project=project)


def accounts_for(projects: list[Project]) -> dict[int, Account]:
    """The account of each project of a page (a list page shows at most a few dozen)."""
    return {p.pk: project_account(project=p) for p in projects}


# --- Statistics ------------------------------------------------------------------------------


@dataclass
class StatRow:
    area_id: int
    area_name: str
    province_name: str
    projects: int = 0
    completed: int = 0
    in_progress: int = 0
    road_km: Decimal = ZERO
    land_m2: Decimal = ZERO
    labour_days: Decimal = ZERO
    money: dict[str, int] = field(default_factory=lambda: {s: 0 for s in Source.values})
    value: int = 0
    residents_value: int = 0

    @property
    def residents_share(self) -> Decimal:
        return _percent(self.residents_value, self.value)

    @property
    def state_money(self) -> int:
        return sum(v for s, v in self.money.items() if s in STATE_SOURCES)

    @property
    def other_money(self) -> int:
        return self.money[Source.ENTERPRISE] + self.money[Source.DONOR]


def statistics(
    *,
    user: Any,
    year: int | None = None,
    province_id: int | None = None,
) -> list[StatRow]:
    """Per commune: projects (cancelled left out), road km, land donated, working days and
    money received by source, value received and the residents' share."""
    qs = _scoped(user, Project.objects.exclude(status=Status.CANCELLED))
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    if province_id:
        qs = qs.filter(area__parent_id=province_id)
    rows: dict[int, StatRow] = {}
    for r in (
        qs.values("area_id", "area__full_name", "area__parent__name")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(status__in=[Status.COMPLETED, Status.HANDED_OVER])),
            running=Count("id", filter=Q(status=Status.IN_PROGRESS)),
            km=Sum("length_km", filter=Q(kind=Kind.ROAD)),
        )
        .order_by()
    ):
        rows[r["area_id"]] = StatRow(
            area_id=r["area_id"],
            area_name=r["area__full_name"],
            province_name=r["area__parent__name"] or "",
            projects=r["n"],
            completed=r["done"],
            in_progress=r["running"],
            road_km=r["km"] or ZERO,
        )
    sums: dict[tuple[int, str, str], tuple[Decimal, int]] = defaultdict(lambda: (ZERO, 0))
    for c in (
        Contribution.objects.filter(project__in=qs, voided=False, state=ContributionState.RECEIVED)
        .values("project__area_id", "source", "kind")
        .annotate(amount=Sum("amount"), value=Sum("value"))
        .order_by()
    ):
        sums[(c["project__area_id"], c["source"], c["kind"])] = (
            c["amount"] or ZERO,
            int(c["value"] or 0),
        )
    for (area_id, source, kind), (amount, value) in sums.items():
        row = rows.get(area_id)
        if row is None:
            continue
        row.value += value
        if source == Source.RESIDENTS:
            row.residents_value += value
        if kind == ContributionKind.MONEY:
            row.money[source] += value
        elif kind == ContributionKind.LAND:
            row.land_m2 += amount
        elif kind == ContributionKind.LABOUR:
            row.labour_days += amount
    return sorted(rows.values(), key=lambda r: (r.province_name, r.area_name))


def statistics_total(rows: list[StatRow]) -> StatRow:
    total = StatRow(area_id=0, area_name="", province_name="")
    for r in rows:
        total.projects += r.projects
        total.completed += r.completed
        total.in_progress += r.in_progress
        total.road_km += r.road_km
        total.land_m2 += r.land_m2
        total.labour_days += r.labour_days
        total.value += r.value
        total.residents_value += r.residents_value
        for s, v in r.money.items():
            total.money[s] += v
    return total


def project_years(*, user: Any) -> list[int]:
    years = {d.year for d in _scoped(user).dates("starts_on", "year")}
    return sorted(years, reverse=True)


def area_choices(*, user: Any) -> list[tuple[int, str]]:
    """The communes of the projects the user may see."""
    pairs = (
        _scoped(user)
        .values_list("area_id", "area__full_name")
        .distinct()
        .order_by("area__full_name")
    )
    return [(int(a), str(n)) for a, n in pairs]


def province_choices(*, user: Any) -> list[tuple[int, str]]:
    pairs = (
        _scoped(user)
        .values_list("area__parent_id", "area__parent__full_name")
        .distinct()
        .order_by("area__parent__full_name")
    )
    return [(int(a), str(n)) for a, n in pairs if a is not None]


def public_area_choices() -> list[tuple[int, str]]:
    pairs = (
        public_projects()
        .values_list("area_id", "area__full_name")
        .distinct()
        .order_by("area__full_name")
    )
    return [(int(a), str(n)) for a, n in pairs]
