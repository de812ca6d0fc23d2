"""What the home page shows a signed-in user: their roles, their scope, the coming days off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from danvan.core.deadlines import DayInfo, DayKind
from danvan.core.models import AdminUnit, Membership, Organization, UnitLevel
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.scope import kept_for_generation, user_scope


@dataclass(frozen=True)
class ScopeSummary:
    memberships: list[Membership]
    organization_count: int
    provinces: list[AdminUnit]
    commune_count: int
    sample_organizations: list[Organization]
    everything: bool


def home_scope_summary(*, user: Any, sample: int = 8) -> ScopeSummary:
    """What the home page says of the user's scope. Made of memberships, organisations and
    units only, so kept by the process under the scope generation token (their triggers:
    migrations core/0007, core/0011) for the user's next visits."""
    if user is None or not getattr(user, "is_authenticated", False):
        return _scope_summary(user, sample)
    name = f"core.home_scope_summary:{user.pk}:{int(user.is_superuser)}:{sample}"
    return kept_for_generation(name, lambda: _scope_summary(user, sample))


def _scope_summary(user: Any, sample: int) -> ScopeSummary:
    scope = user_scope(user)
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organization", "organization__area")
        .order_by("organization__code", "role")
    )
    if scope.is_superuser:
        return ScopeSummary(
            memberships,
            Organization.objects.count(),
            list(AdminUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True)),
            AdminUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).count(),
            [],
            True,
        )
    org_ids = scope.organizations_for()
    area_ids = scope.areas_for()
    areas = AdminUnit.objects.filter(id__in=area_ids)
    return ScopeSummary(
        memberships=memberships,
        organization_count=len(org_ids),
        provinces=list(areas.filter(level=UnitLevel.PROVINCE).order_by("code")),
        commune_count=areas.filter(level=UnitLevel.COMMUNE).count(),
        sample_organizations=list(
            Organization.objects.filter(id__in=org_ids).order_by("level", "code")[:sample]
        ),
        everything=False,
    )


def upcoming_days_off(*, today: dt.date | None = None, limit: int = 6) -> list[DayInfo]:
    """The next holidays and government days off (not plain weekends), and make-up working days."""
    today = today or timezone.localdate()
    calendar = work_calendar()
    wanted = {DayKind.HOLIDAY, DayKind.OVERRIDE_OFF, DayKind.MAKEUP, DayKind.OVERRIDE_WORK}
    days: list[DayInfo] = []
    for year in (today.year, today.year + 1):
        days += [d for d in calendar.special_days(year) if d.day >= today and d.kind in wanted]
        if len(days) >= limit:
            break
    return days[:limit]
