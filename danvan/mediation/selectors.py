"""Reads of grassroots mediation, scoped to what the user may see (a record outside scope is a
404 like a missing one).

Teams and cases are visible to the viewer roles in scope of the team's commune organisation.
The parties (names, addresses) are read only through `case_parties`, which returns nothing to a
user outside the team's commune (`permissions.can_see_parties`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.mediation.deadlines import team_rule
from danvan.mediation.models import Case, Member, Party, Session, Team
from danvan.mediation.permissions import (
    can_see_parties,
    commune_area_ids,
    viewer_organization_ids,
)
from danvan.mediation.states import CaseStatus, Gender, MemberRole, TeamStatus


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    dispute_kind: str = ""
    year: int | None = None
    team_id: int | None = None
    organization_id: int | None = None
    overdue: bool = False


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Rows whose organisation is in the user's viewer scope or in a commune where the user
    holds a viewer role."""
    ids = viewer_organization_ids(user)
    if ids is None:
        return qs
    areas = commune_area_ids(user)
    if not ids and not areas:
        return qs.none()
    return qs.filter(
        Q(organization_id__in=sorted(ids)) | Q(organization__area_id__in=sorted(areas))
    )


def team_list(*, user: Any, organization_id: int | None = None) -> QuerySet[Team]:
    """Teams in scope, with their current members and open cases counted."""
    qs = _scoped(Team.objects.all(), user)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return (
        qs.select_related("organization__area")
        .annotate(
            current_members=Count("members", filter=Q(members__to_on__isnull=True), distinct=True),
            current_women=Count(
                "members",
                filter=Q(members__to_on__isnull=True, members__gender=Gender.FEMALE),
                distinct=True,
            ),
            open_cases=Count(
                "cases",
                filter=Q(cases__status__in=[CaseStatus.RECEIVED, CaseStatus.MEDIATING]),
                distinct=True,
            ),
        )
        .order_by("organization__name", "name", "id")
    )


def team_get(*, user: Any, pk: Any) -> Team:
    try:
        return _scoped(Team.objects.select_related("organization__area"), user).get(pk=int(pk))
    except (Team.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def team_members(team: Team) -> list[Member]:
    return list(Member.objects.filter(team=team).order_by("to_on", "-role", "full_name", "id"))


def current_members(team: Team, on: dt.date | None = None) -> list[Member]:
    day = on or timezone.localdate()
    return list(
        Member.objects.filter(team=team, from_on__lte=day)
        .exclude(to_on__lt=day)
        .order_by("-role", "full_name", "id")
    )


def team_compliance(team: Team, members: list[Member], *, on: dt.date | None = None) -> list[str]:
    """What the team's current membership lacks under the composition rule in force (Điều 12):
    messages, empty when it complies or no rule is in force. Members are those serving on `on`."""
    from django.utils.translation import gettext as _

    day = on or timezone.localdate()
    rule = team_rule(day)
    if rule is None or team.status != TeamStatus.ACTIVE:
        return []
    current = [m for m in members if m.from_on <= day and (m.to_on is None or m.to_on >= day)]
    problems: list[str] = []
    if len(current) < rule.min_mediators:
        problems.append(
            _("Tổ có {n} hòa giải viên đang làm nhiệm vụ; cần từ {min} người trở lên.").format(
                n=len(current), min=rule.min_mediators
            )
        )
    if rule.female_required and not any(m.gender == Gender.FEMALE for m in current):
        problems.append(_("Tổ chưa có hòa giải viên nữ."))
    if rule.leader_required and not any(m.role == MemberRole.LEADER for m in current):
        problems.append(_("Tổ chưa có tổ trưởng."))
    return problems


def case_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = _scoped(Case.objects.all(), user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.dispute_kind:
        qs = qs.filter(dispute_kind=f.dispute_kind)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.team_id:
        qs = qs.filter(team_id=f.team_id)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.overdue:
        qs = qs.filter(
            status=CaseStatus.RECEIVED, started_on__isnull=True, start_due__lt=timezone.localdate()
        )
    return qs.select_related("team", "organization").order_by("-received_on", "-id")


def case_get(*, user: Any, pk: Any) -> Case:
    try:
        return _scoped(Case.objects.select_related("team", "organization__area"), user).get(
            pk=int(pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def case_parties(*, user: Any, case: Case) -> list[Party] | None:
    """The parties, or None when the user may not see personal data of this case."""
    if not can_see_parties(user, case):
        return None
    return list(Party.objects.filter(case=case).order_by("position", "id"))


def case_sessions(case: Case) -> list[Session]:
    return list(Session.objects.filter(case=case).order_by("held_on", "id"))


def case_mediators(case: Case) -> list[Member]:
    return list(case.mediators.order_by("-role", "full_name"))


def case_years(*, user: Any) -> list[int]:
    return sorted(
        set(_scoped(Case.objects.all(), user).values_list("year", flat=True)), reverse=True
    )


@dataclass(frozen=True)
class StatRow:
    organization_id: int
    organization: str
    year: int
    received: int
    open: int
    reconciled: int
    failed: int
    withdrawn: int
    transferred: int
    petitions: int

    @property
    def mediated(self) -> int:
        """Cases the parties were actually mediated to an end: reconciled + failed."""
        return self.reconciled + self.failed

    @property
    def reconciled_rate(self) -> float | None:
        """Reconciled / (reconciled + failed), in percent, one decimal; None with none."""
        if not self.mediated:
            return None
        return round(100 * self.reconciled / self.mediated, 1)


def statistics(*, user: Any, year: int | None = None) -> list[StatRow]:
    """Per commune organisation and year of receipt: cases received, open, each outcome, and
    failed cases turned into petitions (one grouped query)."""
    qs = _scoped(Case.objects.all(), user)
    if year:
        qs = qs.filter(year=year)
    rows = (
        qs.values("organization_id", "organization__name", "year")
        .annotate(
            received=Count("id"),
            open=Count("id", filter=Q(status__in=[CaseStatus.RECEIVED, CaseStatus.MEDIATING])),
            reconciled=Count("id", filter=Q(status=CaseStatus.RECONCILED)),
            failed=Count("id", filter=Q(status=CaseStatus.FAILED)),
            withdrawn=Count("id", filter=Q(status=CaseStatus.WITHDRAWN)),
            transferred=Count("id", filter=Q(status=CaseStatus.TRANSFERRED)),
            petitions=Count("id", filter=Q(petition_id__isnull=False)),
        )
        .order_by("-year", "organization__name")
    )
    return [
        StatRow(
            organization_id=int(r["organization_id"]),
            organization=str(r["organization__name"]),
            year=int(r["year"]),
            received=r["received"],
            open=r["open"],
            reconciled=r["reconciled"],
            failed=r["failed"],
            withdrawn=r["withdrawn"],
            transferred=r["transferred"],
            petitions=r["petitions"],
        )
        for r in rows
    ]
