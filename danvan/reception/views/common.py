"""Small helpers shared by the reception pages: choices for selects, deadline colours."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from danvan.core.models import AdminUnit, Membership, Organization
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import RAG_LABELS, amber_cutoff, days_left_text, rag_of
from danvan.core.selectors.units import admin_unit_territory_ids
from danvan.reception import permissions


class Deadlines:
    """The board's traffic light for due dates, with one read of the work calendar."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self._amber_until: dt.date | None = None

    @property
    def amber_until(self) -> dt.date:
        if self._amber_until is None:
            self._amber_until = amber_cutoff(self.today, work_calendar())
        return self._amber_until

    def colour(self, due: dt.date | None, status: str = "open") -> str:
        if due is None:
            return ""
        return rag_of(due, status=status, today=self.today, amber_until=self.amber_until)

    def row(self, due: dt.date | None, status: str = "open") -> dict[str, Any]:
        colour = self.colour(due, status) if status in ("open", "paused") else ""
        return {
            "rag": colour,
            "rag_label": str(RAG_LABELS.get(colour, "")),
            "days_text": days_left_text((due - self.today).days)
            if due is not None and status == "open"
            else "",
        }


def handling_choices(user: Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in permissions.handling_organizations(user)]


def visible_choices(user: Any) -> list[tuple[int, str]]:
    ids = permissions.viewing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:500]]


def people_choices(org_ids: list[int]) -> list[tuple[int, str]]:
    """Active people holding a role at these organisations (hosts, assignees)."""
    if not org_ids:
        return []
    seen: dict[int, str] = {}
    for m in (
        Membership.objects.filter(organization_id__in=sorted(set(org_ids)), user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    ):
        label = m.user.full_name or m.user.username
        if m.user.position:
            label = f"{label} — {m.user.position}"
        seen.setdefault(m.user.pk, label)
    return list(seen.items())


def agency_choices(user: Any) -> list[tuple[int, str]]:
    """Organisations of the provinces where the user works (the agencies that may attend)."""
    orgs = permissions.handling_organizations(user)
    provinces: set[int] = set()
    for org in orgs:
        area = org.area
        if area is None:
            continue
        provinces.add(area.parent_id if area.level == "commune" and area.parent_id else area.pk)
    territory: set[int] = set()
    for unit in AdminUnit.objects.filter(pk__in=sorted(provinces)):
        territory |= admin_unit_territory_ids(unit)
    qs = Organization.objects.filter(is_active=True)
    if permissions.handling_organization_ids(user) is not None:
        qs = qs.filter(area_id__in=sorted(territory))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:400]]


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def querystring_without_page(request: HttpRequest) -> str:
    return urlencode({k: str(v) for k, v in request.GET.items() if k != "page" and v != ""})
