"""Reads behind the monitoring dashboard and map, scoped to what the user may see.

A user counts the issue reports of the organisations they may read (`permissions.
viewer_organization_ids`) and those escalated to them; the alerts addressed to those
organisations or to the area's leading organisation. Superusers see everything.

- `dashboard_kpis`: open issues, open alerts, open sensitive issues, open issues of severity 4.
- `dashboard_province_counts` / `dashboard_commune_counts`: open reports and open alerts per
  unit in force today. A record keeps the unit of its own date; a unit closed since (the 2025
  merge, a later reclassification) is followed to the unit(s) that took it over: it counts for a
  province when all of them lie in one province, for a commune when there is exactly one.
- `dashboard_trends`: monthly issue reports and petitions received per topic (petitions through
  `petitions.selectors.petitions_counted`, duplicates and transfers not counted twice).
- `dashboard_pressing`: the open reports that need attention first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from danvan.core.models import AdminUnit, AdminUnitSuccession, UnitLevel
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.core.topics import topic_label
from danvan.monitoring.models import Alert, IssueReport
from danvan.monitoring.permissions import viewer_organization_ids
from danvan.monitoring.states import ALERT_OPEN_STATES, OPEN_STATES, Severity

MAX_MONTHS = 24
MAX_SUCCESSION_STEPS = 6


# --- Scope ------------------------------------------------------------------------------------


def reports_visible(user: Any) -> QuerySet[IssueReport]:
    """Every issue report the user may read (any state)."""
    ids = viewer_organization_ids(user)
    qs = IssueReport.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    keys = sorted(ids)
    return qs.filter(Q(organization_id__in=keys) | Q(escalated_to_id__in=keys))


def alerts_visible(user: Any) -> QuerySet[Alert]:
    """Every alert the user may read (any state)."""
    ids = viewer_organization_ids(user)
    qs = Alert.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    keys = sorted(ids)
    return qs.filter(Q(organization_id__in=keys) | Q(area_organization_id__in=keys))


def _open_reports(user: Any) -> QuerySet[IssueReport]:
    return reports_visible(user).filter(status__in=sorted(OPEN_STATES))


def _open_alerts(user: Any) -> QuerySet[Alert]:
    return alerts_visible(user).filter(status__in=sorted(ALERT_OPEN_STATES))


_SENSITIVE = Q(flag_ethnic=True) | Q(flag_religious=True) | Q(flag_security=True)


# --- KPIs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    open_reports: int
    open_alerts: int
    sensitive: int
    severity_4: int


def dashboard_kpis(
    *, user: Any, province_code: str | None = None, territory: list[int] | None = None
) -> Kpis:
    """The four figures at the top of the dashboard (two queries), for one province if given."""
    reports = _open_reports(user)
    alerts = _open_alerts(user)
    if province_code:
        area_ids = _territory(province_code, territory)
        reports = reports.filter(area_id__in=area_ids)
        alerts = alerts.filter(area_id__in=area_ids)
    figures = reports.aggregate(
        total=Count("id"),
        sensitive=Count("id", filter=_SENSITIVE),
        critical=Count("id", filter=Q(severity=Severity.CRITICAL)),
    )
    return Kpis(
        open_reports=figures["total"],
        open_alerts=alerts.count(),
        sensitive=figures["sensitive"],
        severity_4=figures["critical"],
    )


# --- Where a record belongs today -------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The province and commune (codes in force today) a unit belongs to; None if unknown."""

    province: str | None
    commune: str | None


def _province_code_of(unit: AdminUnit) -> str | None:
    if unit.level == UnitLevel.PROVINCE:
        return unit.code
    parent = unit.parent
    if parent is not None and parent.level == UnitLevel.PROVINCE:
        return parent.code
    return None


def _place_of_current(unit: AdminUnit) -> Place:
    commune = unit.code if unit.level == UnitLevel.COMMUNE else None
    return Place(_province_code_of(unit), commune)


def area_places(area_ids: Iterable[int], *, today: dt.date | None = None) -> dict[int, Place]:
    """Where each unit (by id, any date) belongs today. One query for the units, then one per
    generation of succession links for those no longer in force (at most two since 2025)."""
    day = today or timezone.localdate()
    ids = sorted(set(area_ids))
    places: dict[int, Place] = {}
    closed: list[int] = []
    for unit in AdminUnit.objects.filter(pk__in=ids).select_related("parent"):
        if unit.in_force_on(day):
            places[unit.pk] = _place_of_current(unit)
        else:
            closed.append(unit.pk)
    if not closed:
        return places
    # origin id -> successors in force today
    found: dict[int, dict[int, AdminUnit]] = defaultdict(dict)
    frontier: dict[int, set[int]] = {pk: {pk} for pk in closed}
    visited: set[int] = set(closed)
    for _step in range(MAX_SUCCESSION_STEPS):
        if not frontier:
            break
        links = AdminUnitSuccession.objects.filter(
            predecessor_id__in=sorted(frontier)
        ).select_related("successor__parent")
        next_frontier: dict[int, set[int]] = defaultdict(set)
        for link in links:
            successor = link.successor
            origins = frontier[link.predecessor_id]
            if successor.in_force_on(day):
                for origin in origins:
                    found[origin][successor.pk] = successor
            elif (
                successor.valid_to is not None
                and successor.valid_to <= day
                and successor.pk not in visited
            ):
                next_frontier[successor.pk] |= origins
        visited |= set(next_frontier)
        frontier = dict(next_frontier)
    for origin in closed:
        successors = list(found.get(origin, {}).values())
        provinces = {_province_code_of(u) for u in successors} - {None}
        province = provinces.pop() if len(provinces) == 1 else None
        commune = None
        if len(successors) == 1 and successors[0].level == UnitLevel.COMMUNE:
            commune = successors[0].code
        places[origin] = Place(province, commune)
    return places


@dataclass
class UnitCount:
    code: str
    name: str
    open_reports: int = 0
    open_alerts: int = 0

    def value(self, measure: str) -> int:
        return self.open_alerts if measure == "alerts" else self.open_reports


def _by_area(qs: QuerySet[Any]) -> dict[int, int]:
    return {
        row["area_id"]: row["n"] for row in qs.order_by().values("area_id").annotate(n=Count("id"))
    }


def _units_in_force(**filters: Any) -> dict[str, str]:
    """code -> full name of the units in force today matching `filters`."""
    today = timezone.localdate()
    rows = AdminUnit.objects.in_force_on(today).filter(**filters).order_by("code", "-valid_from")
    names: dict[str, str] = {}
    for code, name in rows.values_list("code", "full_name"):
        names.setdefault(code, name)
    return names


def province_name(code: str) -> str | None:
    """The full name of the province with `code` in force today, or None."""
    if not code or not code.isdigit() or len(code) != 2:
        return None
    return _units_in_force(level=UnitLevel.PROVINCE, code=code).get(code)


def dashboard_province_counts(*, user: Any) -> dict[str, UnitCount]:
    """Open reports and open alerts per province code (every province in force today, zeros
    included; a province only known through records is added)."""
    names = _units_in_force(level=UnitLevel.PROVINCE)
    counts = {code: UnitCount(code, name) for code, name in names.items()}
    reports = _by_area(_open_reports(user))
    alerts = _by_area(_open_alerts(user))
    places = area_places([*reports, *alerts])
    for area_id, n in reports.items():
        code = places.get(area_id, Place(None, None)).province
        if code:
            counts.setdefault(code, UnitCount(code, code)).open_reports += n
    for area_id, n in alerts.items():
        code = places.get(area_id, Place(None, None)).province
        if code:
            counts.setdefault(code, UnitCount(code, code)).open_alerts += n
    return counts


def province_territory(province_code: str) -> list[int]:
    """Ids of every unit row, of any date, inside the province as it is now (its earlier
    versions, the provinces merged into it, the communes under any of them). Compute it once per
    page and pass it to the selectors below as `territory`."""
    if not province_code or not province_code.isdigit():
        return []
    rows = AdminUnit.objects.filter(level=UnitLevel.PROVINCE, code=province_code)
    current = list(rows.in_force_on(timezone.localdate()).values_list("id", flat=True)[:1])
    ids: set[int] = set()
    for pk in current or list(rows.values_list("id", flat=True)[:5]):
        ids |= admin_unit_territory_ids(int(pk))
    return sorted(ids)


def _territory(province_code: str, territory: list[int] | None) -> list[int]:
    return territory if territory is not None else province_territory(province_code)


@dataclass
class CommuneCounts:
    communes: dict[str, UnitCount]
    # Records of the province itself, or of an old unit split between several communes.
    unplaced: UnitCount = field(default_factory=lambda: UnitCount("", ""))


def dashboard_commune_counts(
    *, user: Any, province_code: str, territory: list[int] | None = None
) -> CommuneCounts:
    """Open reports and open alerts per commune of the province (every commune in force today,
    zeros included), and those of the province that belong to no single commune."""
    names = _units_in_force(level=UnitLevel.COMMUNE, parent__code=province_code)
    result = CommuneCounts({code: UnitCount(code, name) for code, name in names.items()})
    area_ids = _territory(province_code, territory)
    if not area_ids:
        return result
    reports = _by_area(_open_reports(user).filter(area_id__in=area_ids))
    alerts = _by_area(_open_alerts(user).filter(area_id__in=area_ids))
    places = area_places([*reports, *alerts])
    for source, attr in ((reports, "open_reports"), (alerts, "open_alerts")):
        for area_id, n in source.items():
            place = places.get(area_id, Place(None, None))
            if place.province not in (province_code, None):
                continue  # an old unit now wholly in another province
            target = result.unplaced
            if place.commune and place.commune in result.communes:
                target = result.communes[place.commune]
            setattr(target, attr, getattr(target, attr) + n)
    return result


def ranked(counts: Iterable[UnitCount], measure: str) -> list[UnitCount]:
    """Units by the measure (largest first), then the other measure, then code."""
    other = "reports" if measure == "alerts" else "alerts"
    return sorted(counts, key=lambda c: (-c.value(measure), -c.value(other), c.code))


# --- Trends -----------------------------------------------------------------------------------


def month_starts(months: int, *, today: dt.date | None = None) -> list[dt.date]:
    """The first days of the last `months` months, the current one last."""
    day = today or timezone.localdate()
    year, month = day.year, day.month
    starts = []
    for _i in range(max(1, min(months, MAX_MONTHS))):
        starts.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return starts[::-1]


@dataclass
class TopicTrend:
    code: str
    label: str
    reports: list[int]
    petitions: list[int]

    @property
    def total(self) -> int:
        return sum(self.reports) + sum(self.petitions)


@dataclass
class Trends:
    months: list[dt.date]
    topics: list[TopicTrend]  # the busiest first

    @property
    def reports_total(self) -> list[int]:
        return [sum(t.reports[i] for t in self.topics) for i in range(len(self.months))]

    @property
    def petitions_total(self) -> list[int]:
        return [sum(t.petitions[i] for t in self.topics) for i in range(len(self.months))]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def dashboard_trends(
    *,
    user: Any,
    months: int = 12,
    today: dt.date | None = None,
    province_code: str | None = None,
    territory: list[int] | None = None,
) -> Trends:
    """Issue reports (by reported date) and petitions received (by received date; duplicates
    and transfers counted once, as in the petition statistics) per topic and month over the
    last `months` months (two aggregate queries)."""
    from danvan.petitions.selectors import petitions_counted

    day = today or timezone.localdate()
    starts = month_starts(months, today=day)
    index = {start: i for i, start in enumerate(starts)}
    first = starts[0]
    reports = reports_visible(user).filter(reported_on__gte=first, reported_on__lte=day)
    if province_code:
        reports = reports.filter(area_id__in=_territory(province_code, territory))
    visible = petitions_counted(
        user=user, territory=_territory(province_code, territory) if province_code else None
    )
    window = visible.filter(received_on__gte=first, received_on__lte=day)
    # As the petition statistics count: a duplicate only once (its first case), a case
    # transferred between two organisations the user sees only once (at the sender). NOT
    # EXISTS rather than NOT IN: PostgreSQL probes the sender's row instead of first building
    # the set of every visible case (770 -> 590 ms for a province at 1 M petitions).
    petitions = window.filter(duplicate_of__isnull=True).exclude(
        Exists(visible.order_by().filter(pk=OuterRef("transferred_from")))
    )
    series: dict[str, TopicTrend] = {}

    def add(rows: Iterable[Any], attr: str) -> None:
        for row in rows:
            code = row["topic"] or "khac"
            i = index.get(_as_date(row["month"]))
            if i is None:
                continue
            trend = series.get(code)
            if trend is None:
                trend = series[code] = TopicTrend(
                    code, topic_label(code), [0] * len(starts), [0] * len(starts)
                )
            getattr(trend, attr)[i] += row["n"]

    add(
        reports.order_by()
        .annotate(month=TruncMonth("reported_on"))
        .values("month", "topic")
        .annotate(n=Count("id")),
        "reports",
    )
    add(
        petitions.order_by()
        .annotate(month=TruncMonth("received_on"))
        .values("month", "topic")
        .annotate(n=Count("id")),
        "petitions",
    )
    topics = sorted(series.values(), key=lambda t: (-t.total, -sum(t.reports), t.code))
    return Trends(months=starts, topics=topics)


# --- Pressing issues --------------------------------------------------------------------------


def dashboard_pressing(
    *,
    user: Any,
    limit: int = 10,
    province_code: str | None = None,
    territory: list[int] | None = None,
) -> list[IssueReport]:
    """Open reports by severity, then sensitive (ethnic, religious, security) first, then the
    people affected, then the most recent."""
    qs = _open_reports(user)
    if province_code:
        qs = qs.filter(area_id__in=_territory(province_code, territory))
    return list(
        qs.annotate(
            sensitive_rank=Case(
                When(_SENSITIVE, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .select_related("area", "area__parent", "organization")
        .order_by("-severity", "-sensitive_rank", "-people_affected", "-reported_on", "-pk")[
            : max(1, min(limit, 100))
        ]
    )
