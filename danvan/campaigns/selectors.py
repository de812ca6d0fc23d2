"""Reads of the campaigns module, always scoped to what the user may see.

A user sees the campaigns whose organiser or one of whose participating units is covered by
their roles in `permissions.VIEWER_ROLES` (`core.selectors.scope`); anything else is answered as
if it did not exist (Http404).

Target figures are derived here, never stored: for each target, one query adds up the results
recorded with the activities (`Tally.SUM`) or takes the latest measurement (`Tally.LATEST`, by
activity date then recording order); the achieved value is the baseline plus that sum, or the
latest measurement (the baseline while nothing was measured). Progress is the share of the way
from the baseline to the target; a target is met when the achieved value reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from danvan.campaigns import permissions
from danvan.campaigns.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    Activity,
    ActivityFile,
    ActivityResult,
    Campaign,
    CampaignEvent,
    CampaignUnit,
    Target,
)
from danvan.campaigns.states import Status, Tally, allowed_targets
from danvan.core.models import AdminUnit, Organization, Task
from danvan.core.models.units import UnitLevel
from danvan.text import fold

MAX_ID = 2**63 - 1
TARGET_TYPE = "campaigns.campaign"
_VALUE = DecimalField(max_digits=VALUE_DIGITS + 6, decimal_places=VALUE_PLACES)


@dataclass
class CampaignFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None  # campaigns whose period overlaps the year
    organization_id: int | None = None  # organiser or participating unit
    q: str = ""


def _scoped(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.all()
    ids = permissions.viewing_organization_ids(user)
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    wanted = sorted(ids)
    takes_part = CampaignUnit.objects.filter(campaign=OuterRef("pk"), organization_id__in=wanted)
    return qs.filter(Q(organization_id__in=wanted) | Q(Exists(takes_part)))


def _year_q(year: int) -> Q:
    return Q(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))


def _people_reached() -> Subquery:
    return Subquery(
        Activity.objects.filter(campaign=OuterRef("pk"))
        .values("campaign")
        .annotate(total=Sum("people_reached"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def campaign_list(*, user: Any, filters: CampaignFilters | None = None) -> QuerySet[Campaign]:
    """The campaigns the user may see, filtered; latest start first, with people reached."""
    f = filters or CampaignFilters()
    qs = _scoped(user)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year is not None:
        qs = qs.filter(_year_q(f.year))
    if f.organization_id is not None:
        part = CampaignUnit.objects.filter(
            campaign=OuterRef("pk"), organization_id=f.organization_id
        )
        qs = qs.filter(Q(organization_id=f.organization_id) | Q(Exists(part)))
    words = fold(f.q.strip()[:200]).split()
    for word in words[:8]:
        qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("organization")
        .annotate(people=Coalesce(_people_reached(), Value(0)))
        .order_by("-starts_on", "-id")
    )


def campaign_get(*, user: Any, pk: Any) -> Campaign:
    """One campaign inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    campaign = (
        _scoped(user).select_related("organization__area", "basis_document").filter(pk=key).first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_people_reached(*, campaign: Campaign) -> int:
    """People reached by all the campaign's activities."""
    total = Activity.objects.filter(campaign=campaign).aggregate(n=Sum("people_reached"))["n"]
    return int(total or 0)


def campaign_years(*, user: Any) -> list[int]:
    rows = _scoped(user).values_list("starts_on", "ends_on")
    years: set[int] = set()
    for start, end in rows[:5000]:
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def campaign_allowed_moves(*, campaign: Campaign, user: Any) -> list[str]:
    """The legal next states the user may move the campaign to (none without the right)."""
    if not permissions.can_manage(user, campaign):
        return []
    return allowed_targets(campaign.status)


# --- Targets and their progress ------------------------------------------------------------

_HUNDRED = Decimal(100)


def _ratio(achieved: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    span = target - baseline
    if span <= 0:
        return Decimal(1) if achieved >= target else Decimal(0)
    return (achieved - baseline) / span


@dataclass(frozen=True)
class TargetProgress:
    target_id: int
    campaign_id: int
    position: int
    label: str
    unit: str
    tally: str
    baseline: Decimal
    target_value: Decimal
    achieved: Decimal
    results: int  # how many results were recorded against it

    @property
    def ratio(self) -> Decimal:
        """Share of the way from the baseline to the target (may be < 0 or > 1)."""
        return _ratio(self.achieved, self.baseline, self.target_value)

    @property
    def percent(self) -> int:
        """The ratio in whole percent, rounded half up, for the progress bar (0 to 100)."""
        raw = (self.ratio * _HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return int(min(max(raw, Decimal(0)), _HUNDRED))

    @property
    def met(self) -> bool:
        return self.achieved >= self.target_value

    @property
    def remaining(self) -> Decimal:
        return max(self.target_value - self.achieved, Decimal(0))

    def as_snapshot(self) -> dict[str, Any]:
        return {
            "target_id": self.target_id,
            "label": self.label,
            "unit": self.unit,
            "tally": self.tally,
            "baseline": str(self.baseline),
            "target_value": str(self.target_value),
            "achieved": str(self.achieved),
            "percent": self.percent,
            "met": self.met,
        }


def targets_progress(campaign_ids: list[int]) -> dict[int, list[TargetProgress]]:
    """Every target of the campaigns with its achieved value, in one query."""
    if not campaign_ids:
        return {}
    latest = Subquery(
        ActivityResult.objects.filter(target=OuterRef("pk"))
        .order_by("-activity__date", "-activity_id", "-id")
        .values("value")[:1],
        output_field=_VALUE,
    )
    rows = (
        Target.objects.filter(campaign_id__in=sorted(set(campaign_ids)))
        .annotate(total=Sum("results__value"), n=Count("results"), latest=latest)
        .order_by("campaign_id", "position", "id")
    )
    found: dict[int, list[TargetProgress]] = defaultdict(list)
    for t in rows:
        total = Decimal(t.total or 0)
        if t.tally == Tally.LATEST:
            achieved = Decimal(t.latest) if t.n and t.latest is not None else t.baseline
        else:
            achieved = t.baseline + total
        found[int(t.campaign_id)].append(
            TargetProgress(
                target_id=t.pk,
                campaign_id=int(t.campaign_id),
                position=t.position,
                label=t.label,
                unit=t.unit,
                tally=t.tally,
                baseline=Decimal(t.baseline),
                target_value=Decimal(t.target_value),
                achieved=achieved.quantize(Decimal(1).scaleb(-VALUE_PLACES)),
                results=int(t.n or 0),
            )
        )
    return dict(found)


@dataclass(frozen=True)
class Completion:
    met: int
    total: int
    mean_percent: int  # average of the targets' progress bars

    @property
    def rate(self) -> int:
        """Targets met, in whole percent of the targets."""
        if not self.total:
            return 0
        return int(
            (Decimal(self.met) * _HUNDRED / Decimal(self.total)).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        )


def completion_of(progress: list[TargetProgress]) -> Completion:
    if not progress:
        return Completion(met=0, total=0, mean_percent=0)
    mean = (Decimal(sum(p.percent for p in progress)) / Decimal(len(progress))).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return Completion(
        met=sum(1 for p in progress if p.met), total=len(progress), mean_percent=int(mean)
    )


def target_get(*, campaign: Campaign, pk: Any) -> Target:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    target = (
        Target.objects.select_related("campaign__organization")
        .filter(campaign=campaign, pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if target is None:
        raise Http404
    return target


# --- Activities, units, timeline, tasks ----------------------------------------------------


def campaign_activities(*, campaign: Campaign, limit: int = 500) -> list[Activity]:
    return list(
        Activity.objects.filter(campaign=campaign)
        .select_related("area", "organization")
        .prefetch_related("results__target", "files", "units")
        .order_by("-date", "-id")[:limit]
    )


def activity_get(*, campaign: Campaign, pk: Any) -> Activity:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    activity = (
        Activity.objects.select_related("campaign__organization", "area", "organization")
        .filter(campaign=campaign, pk=key if 1 <= key <= MAX_ID else 0)
        .first()
    )
    if activity is None:
        raise Http404
    activity.campaign = campaign
    return activity


def evidence_get(*, activity: Activity, pk: Any) -> ActivityFile:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    evidence = activity.files.filter(pk=key if 1 <= key <= MAX_ID else 0).first()
    if evidence is None:
        raise Http404
    return evidence


def campaign_units(*, campaign: Campaign) -> list[CampaignUnit]:
    return list(campaign.units.select_related("organization").order_by("id"))


def campaign_areas(*, campaign: Campaign) -> list[AdminUnit]:
    return list(campaign.areas.order_by("code"))


def campaign_timeline(*, campaign: Campaign) -> list[CampaignEvent]:
    return list(campaign.events.select_related("actor").order_by("on", "at", "id"))


def campaign_tasks(*, campaign: Campaign) -> list[Task]:
    """Follow-up tasks given for the campaign (core tasks whose target it is)."""
    return list(
        Task.objects.filter(target_type=TARGET_TYPE, target_id=campaign.pk)
        .select_related("organization", "assignee")
        .order_by("due", "id")
    )


def activity_area_choices(*, campaign: Campaign) -> list[tuple[int, str]]:
    """Communes where an activity may take place: the campaign's areas (and the communes of a
    province among them)."""
    areas = campaign_areas(campaign=campaign)
    provinces = [a.pk for a in areas if a.level == UnitLevel.PROVINCE]
    rows = [(a.pk, a.full_name) for a in areas]
    if provinces:
        seen = {a.pk for a in areas}
        for unit in AdminUnit.objects.filter(
            parent_id__in=provinces, level=UnitLevel.COMMUNE, valid_to__isnull=True
        ).order_by("name")[:2000]:
            if unit.pk not in seen:
                rows.append((unit.pk, unit.full_name))
    return rows


def area_choices(*, organizations: list[Organization]) -> list[tuple[int, str]]:
    """The areas organisers may pick: their own area and, for a province, its communes."""
    ids = {o.area_id for o in organizations if o.area_id is not None}
    if not ids:
        return []
    qs = AdminUnit.objects.filter(Q(pk__in=sorted(ids)) | Q(parent_id__in=sorted(ids))).filter(
        valid_to__isnull=True
    )
    return [(a.pk, a.full_name) for a in qs.order_by("level", "name")[:3000]]


def unit_choices(*, organizations: list[Organization], limit: int = 800) -> list[tuple[int, str]]:
    """Units that may take part: the active organisations of the organisers' areas (a
    province-level organiser: the province and its communes)."""
    areas = [pk for pk, _name in area_choices(organizations=organizations)]
    qs = Organization.objects.filter(is_active=True)
    if not any(o.level == "national" for o in organizations):
        qs = qs.filter(area_id__in=areas)
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]


def basis_document_choices(*, user: Any, limit: int = 300) -> list[tuple[int, str]]:
    """Legal documents the user may cite as the basis of a campaign (newest first)."""
    from danvan.coordination.selectors import document_choices

    return document_choices(user=user, limit=limit)


# --- Summary per unit and year ------------------------------------------------------------


@dataclass
class SummaryRow:
    organization_id: int
    organization_name: str
    campaigns: int = 0
    running: int = 0
    finished: int = 0  # ended or evaluated
    people_reached: int = 0
    targets_total: int = 0
    targets_met: int = 0

    @property
    def met_rate(self) -> int:
        if not self.targets_total:
            return 0
        return int(
            (Decimal(self.targets_met) * _HUNDRED / Decimal(self.targets_total)).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        )


def campaign_summary(
    *, user: Any, year: int, organization_id: int | None = None
) -> list[SummaryRow]:
    """Per organising unit, the campaigns whose period overlaps `year` (cancelled ones left out):
    how many, how many running or finished, people reached, targets met. Three queries."""
    qs = campaign_list(
        user=user, filters=CampaignFilters(year=year, organization_id=organization_id)
    ).exclude(status=Status.CANCELLED)
    campaigns = list(
        qs.values("id", "organization_id", "organization__name", "status", "people")  # type: ignore[misc]
    )
    progress = targets_progress([c["id"] for c in campaigns])
    rows: dict[int, SummaryRow] = {}
    for c in campaigns:
        org_id = int(c["organization_id"])
        row = rows.setdefault(org_id, SummaryRow(org_id, c["organization__name"]))
        row.campaigns += 1
        if c["status"] == Status.RUNNING:
            row.running += 1
        if c["status"] in (Status.ENDED, Status.EVALUATED):
            row.finished += 1
        row.people_reached += int(c["people"] or 0)
        targets = progress.get(int(c["id"]), [])
        row.targets_total += len(targets)
        row.targets_met += sum(1 for t in targets if t.met)
    return sorted(rows.values(), key=lambda r: (-r.campaigns, r.organization_name))
