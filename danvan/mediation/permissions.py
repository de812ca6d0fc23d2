"""Who may do what in grassroots mediation: small predicates used by views, the API, services
and selectors.

- Teams and cases are kept by the commune organisation that set the team up (its officers,
  leaders and the Front role held there or above it: scope flows down the tree).
- Reading: the roles of `VIEWER_ROLES` see teams and cases of the organisations in their scope
  (a province-wide oversight role sees the province's communes), and of any organisation of the
  commune where they hold such a role (the commune's Front committee sees its teams).
- The parties' names and addresses are personal data: only people holding a role at an
  organisation of the team's commune itself (not above it) see them, and a superuser.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, OrgKind, OrgLevel, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.FRONT)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def _org_id(org: Organization | int) -> int:
    return org if isinstance(org, int) else int(org.pk)


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations at or below where the user holds a managing role; None = all."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in MANAGER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_manage_at(user: Any, org: Organization | int) -> bool:
    ids = managing_organization_ids(user)
    return ids is None or _org_id(org) in ids


def can_manage_team(user: Any, team: Any) -> bool:
    return can_manage_at(user, int(team.organization_id))


def can_manage_case(user: Any, case: Any) -> bool:
    return can_manage_at(user, int(case.organization_id))


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def commune_area_ids(user: Any) -> frozenset[int]:
    """Communes where the user holds a viewer role at a commune-level organisation (the commune's
    People's Committee, its Front committee, ...): they see the teams and cases kept there."""
    scope = user_scope(user)
    return frozenset(
        int(g.area_id)
        for g in scope.grants
        if g.role in VIEWER_ROLES and g.level == OrgLevel.COMMUNE and g.area_id is not None
    )


def can_see_parties(user: Any, case: Any) -> bool:
    """Whether the user may read the parties' names and addresses of `case`: a role held at
    an organisation of the team's own commune (not a province-level scope), or a superuser."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    org = case.organization if hasattr(case, "organization") else None
    area_id = getattr(org, "area_id", None)
    return area_id is not None and int(area_id) in commune_area_ids(user)


def managing_organizations(user: Any) -> list[Organization]:
    """Commune organisations where the user may set up teams and record cases."""
    qs = Organization.objects.filter(
        is_active=True, level=OrgLevel.COMMUNE, kind=OrgKind.PEOPLES_COMMITTEE
    )
    ids = managing_organization_ids(user)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("name")[:500])
