"""Reads of grassroots democracy, scoped to what the user may see (a record outside the scope
is a 404 like a missing one), the statistics per commune, and the public disclosure pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import NotFound
from danvan.core.models import AdminUnit, Organization, OrgLevel
from danvan.core.selectors.scope import scope_queryset
from danvan.democracy import legal, permissions
from danvan.democracy.models import CommunityDecision, Disclosure
from danvan.democracy.states import PUBLIC_STATES, DecisionStatus, DisclosureStatus

LATE = Q(published_on__isnull=False, publish_due__isnull=False, published_on__gt=F("publish_due"))
ON_TIME = Q(published_on__isnull=False) & ~LATE


def today() -> dt.date:
    return timezone.localdate()


def overdue_q(on: dt.date | None = None) -> Q:
    """Drafts past their publication deadline."""
    return Q(status=DisclosureStatus.DRAFT, publish_due__lt=on or today())


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    ids = permissions.viewer_organization_ids(user)
    if ids is None:
        return qs
    return scope_queryset(qs, user).filter(organization_id__in=sorted(ids))


@dataclass
class DisclosureFilters:
    status: str = ""
    group: str = ""
    organization_id: int | None = None
    timeliness: str = ""  # "late" | "on_time" | "overdue"
    year: int | None = None
    q: str = ""


def disclosure_list(*, user: Any, filters: DisclosureFilters | None = None) -> QuerySet[Disclosure]:
    f = filters or DisclosureFilters()
    qs = _scoped(Disclosure.objects.select_related("organization"), user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.group:
        qs = qs.filter(group=f.group)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.timeliness == "late":
        qs = qs.filter(LATE)
    elif f.timeliness == "on_time":
        qs = qs.filter(ON_TIME)
    elif f.timeliness == "overdue":
        qs = qs.filter(overdue_q())
    if f.year:
        qs = qs.filter(decision_date__year=f.year)
    if f.q.strip():
        qs = qs.filter(Q(title__icontains=f.q.strip()) | Q(document_number__icontains=f.q.strip()))
    return qs.order_by("-decision_date", "-id")


def disclosure_get(*, user: Any, pk: int) -> Disclosure:
    found = disclosure_list(user=user).filter(pk=pk).first()
    if found is None:
        message = _("Không có nội dung công khai này (hoặc bạn không có quyền xem).")
        raise NotFound(message)
    return found


@dataclass
class DecisionFilters:
    status: str = ""
    matter: str = ""
    organization_id: int | None = None
    outcome: str = ""  # "passed" | "failed"
    year: int | None = None


def decision_list(
    *, user: Any, filters: DecisionFilters | None = None
) -> QuerySet[CommunityDecision]:
    f = filters or DecisionFilters()
    qs = _scoped(CommunityDecision.objects.select_related("organization"), user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.matter:
        qs = qs.filter(matter=f.matter)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.outcome == "passed":
        qs = qs.filter(passed=True)
    elif f.outcome == "failed":
        qs = qs.filter(passed=False)
    if f.year:
        qs = qs.filter(held_on__year=f.year)
    return qs.order_by("-held_on", "-id")


def decision_get(*, user: Any, pk: int) -> CommunityDecision:
    found = decision_list(user=user).filter(pk=pk).first()
    if found is None:
        message = _("Không có biên bản này (hoặc bạn không có quyền xem).")
        raise NotFound(message)
    return found


def decision_tally(decision: CommunityDecision) -> legal.Tally:
    return legal.tally(
        matter_code=decision.matter,
        total=decision.total_households,
        participating=decision.participating,
        agreeing=decision.agreeing,
        against=decision.against,
    )


def visible_organizations(user: Any) -> list[Organization]:
    """Commune-level bodies the user sees (for filters)."""
    qs = Organization.objects.filter(level=OrgLevel.COMMUNE, is_active=True)
    ids = permissions.viewer_organization_ids(user)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("name")[:500])


# --- Statistics -----------------------------------------------------------------------------------


@dataclass
class CommuneStats:
    organization_id: int
    name: str
    code: str
    disclosures: int = 0
    published: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    decisions: int = 0
    passed: int = 0
    failed: int = 0
    recognised: int = 0
    refused: int = 0


@dataclass
class Statistics:
    rows: list[CommuneStats] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.rows)


def statistics(*, user: Any, year: int | None = None) -> Statistics:
    """Per commune body: disclosures published on time / late and drafts overdue; community
    decisions passed / failed, recognised / refused. Two grouped queries."""
    now = today()
    disclosures = disclosure_list(user=user, filters=DisclosureFilters(year=year))
    decisions = decision_list(user=user, filters=DecisionFilters(year=year))
    rows: dict[int, CommuneStats] = {}

    def row(values: Any) -> CommuneStats:
        pk = int(values["organization_id"])
        if pk not in rows:
            rows[pk] = CommuneStats(
                organization_id=pk,
                name=str(values["organization__name"]),
                code=str(values["organization__code"]),
            )
        return rows[pk]

    live = ~Q(status=DisclosureStatus.WITHDRAWN)
    values: Any
    for values in (
        disclosures.order_by()
        .values("organization_id", "organization__name", "organization__code")
        .annotate(
            n=Count("id", filter=live),
            n_published=Count("id", filter=Q(published_on__isnull=False) & live),
            n_on_time=Count("id", filter=ON_TIME & live),
            n_late=Count("id", filter=LATE & live),
            n_overdue=Count("id", filter=overdue_q(now)),
        )
    ):
        r = row(values)
        r.disclosures, r.published = values["n"], values["n_published"]
        r.on_time, r.late, r.overdue = values["n_on_time"], values["n_late"], values["n_overdue"]
    counted = ~Q(status=DecisionStatus.CANCELLED)
    for values in (
        decisions.order_by()
        .values("organization_id", "organization__name", "organization__code")
        .annotate(
            n=Count("id", filter=counted),
            n_passed=Count("id", filter=Q(passed=True) & counted),
            n_failed=Count("id", filter=Q(passed=False) & counted),
            n_recognised=Count("id", filter=Q(status=DecisionStatus.RECOGNISED)),
            n_refused=Count("id", filter=Q(status=DecisionStatus.REFUSED)),
        )
    ):
        r = row(values)
        r.decisions, r.passed, r.failed = values["n"], values["n_passed"], values["n_failed"]
        r.recognised, r.refused = values["n_recognised"], values["n_refused"]
    return Statistics(rows=sorted(rows.values(), key=lambda r: r.name))


# --- Public pages (no account) --------------------------------------------------------------------

PUBLIC_FIELDS = (
    "id",
    "group",
    "title",
    "content",
    "residential_area",
    "document_number",
    "document_date",
    "decision_date",
    "published_on",
    "channels",
    "display_from",
    "display_to",
    "organization__name",
)


def _public_disclosures() -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(status__in=sorted(PUBLIC_STATES))


@dataclass
class PublicCommune:
    code: str
    name: str
    province: str
    count: int


def public_communes(*, province: str = "") -> list[PublicCommune]:
    """Communes with at least one published disclosure, by province (for the index page)."""
    qs = _public_disclosures().filter(organization__area__isnull=False)
    if province:
        qs = qs.filter(organization__area__parent__code=province)
    rows = (
        qs.order_by()
        .values(
            "organization__area__code",
            "organization__area__full_name",
            "organization__area__parent__name",
        )
        .annotate(n=Count("id"))
    )
    found = [
        PublicCommune(
            code=str(r["organization__area__code"]),
            name=str(r["organization__area__full_name"]),
            province=str(r["organization__area__parent__name"] or ""),
            count=int(r["n"]),
        )
        for r in rows
    ]
    return sorted(found, key=lambda c: (c.province, c.name))


def public_provinces() -> list[tuple[str, str]]:
    rows = (
        _public_disclosures()
        .filter(organization__area__parent__isnull=False)
        .order_by()
        .values_list("organization__area__parent__code", "organization__area__parent__name")
        .distinct()
    )
    return sorted({(str(c), str(n)) for c, n in rows}, key=lambda p: p[1])


def public_commune(code: str) -> AdminUnit:
    """The commune (the unit in force today with this code); NotFound otherwise."""
    unit = (
        AdminUnit.objects.filter(code=code)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today()))
        .select_related("parent")
        .order_by("-valid_from")
        .first()
    )
    if unit is None:
        raise NotFound(_("Không có xã, phường này."))
    return unit


@dataclass
class PublicPage:
    current: list[dict[str, Any]]
    archive: list[dict[str, Any]]


def public_commune_disclosures(*, code: str, on: dt.date | None = None) -> PublicPage:
    """What the commune has on display now, and the archive (display ended). Public fields
    only."""
    day = on or today()
    qs = _public_disclosures().filter(organization__area__code=code)
    current_q = Q(status=DisclosureStatus.PUBLISHED) & (
        Q(display_to__isnull=True) | Q(display_to__gte=day)
    )
    current = list(
        qs.filter(current_q).order_by("-published_on", "-id").values(*PUBLIC_FIELDS)[:200]
    )
    archive = list(
        qs.exclude(current_q).order_by("-published_on", "-id").values(*PUBLIC_FIELDS)[:200]
    )
    for row in (*current, *archive):
        row["group_label"] = legal.group_label(row["group"])
        row["channel_labels"] = [legal.channel_label(c) for c in row["channels"] or []]
    return PublicPage(current=current, archive=archive)
