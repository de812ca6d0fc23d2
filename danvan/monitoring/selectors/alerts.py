"""Reads of the alerts, scoped to what the user may see.

An alert is seen by the holders of `permissions.VIEWER_ROLES` (in their scope, province-wide for
the oversight roles) at the organisation it is addressed to (the Ban Tuyên giáo và Dân vận) or
at the area's People's Committee; anything else is answered as if it did not exist (Http404).
`alerts_open_by_area` gives the map its figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from danvan.core.models import AdminUnit, Membership
from danvan.core.models.units import UnitLevel
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.core.services.obligations import obligation_target_url
from danvan.monitoring import permissions
from danvan.monitoring.models import Alert, AlertEvidence, IssueReport
from danvan.monitoring.states import (
    ALERT_OPEN_STATES,
    ALERT_TRANSITIONS,
    AlertStatus,
    LinkKind,
    Status,
)

MAX_ID = 2**63 - 1
OPEN = "open_any"  # status filter: every open state


@dataclass
class AlertFilters:
    status: str = ""  # an AlertStatus, or OPEN for every state but closed
    kind: str = ""
    area_code: str = ""  # a province or commune: its alerts and those of the units inside it
    topic: str = ""
    organization_id: int | None = None  # addressed to, or leading the area


def _scoped(user: Any) -> QuerySet[Alert]:
    ids = permissions.viewer_organization_ids(user)
    qs = Alert.objects.all()
    if ids is None:
        return qs
    if not ids:
        return qs.none()
    keys = sorted(ids)
    return qs.filter(Q(organization_id__in=keys) | Q(area_organization_id__in=keys))


def alert_list(*, user: Any, filters: AlertFilters | None = None) -> QuerySet[Alert]:
    """The alerts the user may see, filtered; latest week first, most severe first."""
    f = filters or AlertFilters()
    qs = _scoped(user)
    if f.status == OPEN:
        qs = qs.filter(status__in=sorted(ALERT_OPEN_STATES))
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.topic:
        qs = qs.filter(topic=f.topic)
    if f.organization_id is not None:
        qs = qs.filter(
            Q(organization_id=f.organization_id) | Q(area_organization_id=f.organization_id)
        )
    if f.area_code.strip():
        units = list(
            AdminUnit.objects.filter(code=f.area_code.strip()[:10]).values_list("id", flat=True)[:5]
        )
        if not units:
            return qs.none()
        territory: set[int] = set()
        for unit_id in units:
            territory |= admin_unit_territory_ids(unit_id)
        qs = qs.filter(area_id__in=sorted(territory))
    return qs.select_related("area", "organization", "area_organization", "assignee").order_by(
        "-window_end", "-severity", "-id"
    )


def alert_get(*, user: Any, pk: Any) -> Alert:
    """One alert inside the user's scope, or Http404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= key <= MAX_ID:
        raise Http404
    alert = (
        _scoped(user)
        .select_related(
            "area__parent",
            "organization",
            "area_organization",
            "assignee",
            "acknowledged_by",
            "closed_by",
            "issue_report",
        )
        .filter(pk=key)
        .first()
    )
    if alert is None:
        raise Http404
    return alert


@dataclass(frozen=True)
class EvidenceRow:
    target_type: str
    target_id: int
    type_label: str
    label: str
    occurred_on: dt.date
    url: str  # the record's page ("" when its module registered none)


_TYPE_LABELS = dict(LinkKind.choices)


def evidence_url(target_type: str, target_id: int) -> str:
    """The page of a record, from the links modules register with core (no query)."""
    ref = SimpleNamespace(target_type=target_type, target_id=target_id)
    return obligation_target_url(cast(Any, ref))


def alert_evidence(*, alert: Alert) -> list[EvidenceRow]:
    """The records behind the alert with their pages, newest first."""
    rows: list[AlertEvidence] = list(alert.evidence.order_by("-occurred_on", "pk"))
    return [
        EvidenceRow(
            target_type=e.target_type,
            target_id=int(e.target_id),
            type_label=str(_TYPE_LABELS.get(e.target_type, e.target_type)),
            label=e.label,
            occurred_on=e.occurred_on,
            url=evidence_url(e.target_type, int(e.target_id)),
        )
        for e in rows
    ]


def alert_allowed_actions(*, alert: Alert, user: Any) -> list[str]:
    """What the user may do now: acknowledge, assign, close, link (none without the right)."""
    if not permissions.can_act_on_alert(user, alert):
        return []
    moves = ALERT_TRANSITIONS.get(alert.status, frozenset())
    actions = []
    if AlertStatus.ACKNOWLEDGED in moves:
        actions.append("acknowledge")
    if AlertStatus.ASSIGNED in moves:
        actions.append("assign")
    if AlertStatus.CLOSED in moves:
        actions.append("close")
    if alert.status != AlertStatus.CLOSED:
        actions.append("link")
    return actions


def alert_recipients(alert: Alert) -> list[Any]:
    """The people of an alert: active holders of `permissions.ALERT_ROLES` at the addressed
    organisation and at the area's People's Committee (who are e-mailed, who may be assigned)."""
    org_ids = [i for i in (alert.organization_id, alert.area_organization_id) if i]
    people: dict[int, Any] = {}
    for membership in (
        Membership.objects.filter(
            organization_id__in=org_ids,
            role__in=list(permissions.ALERT_ROLES),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        people.setdefault(membership.user_id, membership.user)
    return list(people.values())


def alert_assignable_people(alert: Alert) -> list[tuple[int, str]]:
    """(user id, "name — position") of the people the alert may be assigned to, by name."""
    people = sorted(alert_recipients(alert), key=lambda u: (u.full_name or u.username).lower())
    return [
        (u.pk, f"{u.full_name or u.username}{' — ' + u.position if u.position else ''}")
        for u in people
    ]


def alert_report_choices(*, alert: Alert, user: Any, limit: int = 50) -> list[tuple[int, str]]:
    """Issue reports of the alert's area (and the units inside it) the user may see, newest
    first: the ones the alert may be linked to."""
    ids = permissions.viewer_organization_ids(user)
    qs = IssueReport.objects.filter(area_id__in=sorted(admin_unit_territory_ids(alert.area_id)))
    if ids is not None:
        keys = sorted(ids)
        qs = qs.filter(Q(organization_id__in=keys) | Q(escalated_to_id__in=keys))
    qs = qs.exclude(status=Status.UNFOUNDED).order_by("-reported_on", "-id")
    return [
        (r.pk, f"{r.title} ({r.reported_on:%d/%m/%Y})")
        for r in qs.only("id", "title", "reported_on")[:limit]
    ]


def alert_status_counts(*, user: Any) -> dict[str, int]:
    """status -> number of alerts the user may see."""
    rows = _scoped(user).values("status").annotate(n=Count("id")).order_by()
    return {r["status"]: r["n"] for r in rows}


@dataclass
class OpenAlertCounts:
    """Open alerts (new, acknowledged, assigned) the user may see, per unit code. A province's
    figure counts its own alerts and those of its communes."""

    provinces: dict[str, int] = field(default_factory=dict)
    communes: dict[str, int] = field(default_factory=dict)
    total: int = 0


def alerts_open_by_area(user: Any) -> OpenAlertCounts:
    """The map's figures: open alerts by province code and by commune code (one query)."""
    rows = (
        _scoped(user)
        .filter(status__in=sorted(ALERT_OPEN_STATES))
        .values("area__code", "area__level", "area__parent__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = OpenAlertCounts()
    for row in rows:
        n = int(row["n"])
        result.total += n
        code, level, parent = row["area__code"], row["area__level"], row["area__parent__code"]
        if level == UnitLevel.PROVINCE:
            result.provinces[code] = result.provinces.get(code, 0) + n
            continue
        result.communes[code] = result.communes.get(code, 0) + n
        if parent:
            result.provinces[parent] = result.provinces.get(parent, 0) + n
    return result
