"""Who may do what in oversight: small predicates used by views, the API, services, selectors.

- Supervisions are run by the supervising body's people: the Front role, officers and leaders
  held at that MTTQ committee or mass organisation, or above it (scope flows down the tree).
- A recommendation is answered by the addressee's officers and leaders (or above them, or a
  province-wide oversight role over it).
- Inspections are run by the inspecting body's officers, leaders, Party-committee members and
  inspectors (at it or above it).
- Reading: the roles of `VIEWER_ROLES` see a supervision when it is in their scope by its
  supervising body, a supervised body or an addressee; an inspection by its inspecting body or
  an inspected unit (so the inspected see their inspection and its tasks).
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, OrgKind, Role
from danvan.core.selectors.scope import user_scope

SUPERVISOR_ROLES: tuple[str, ...] = (Role.FRONT, Role.OFFICER, Role.LEADER)
ANSWER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
INSPECTOR_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.INSPECTOR,
)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)
SUPERVISING_KINDS: frozenset[str] = frozenset({OrgKind.FRONT, OrgKind.MASS_ORGANISATION})
INSPECTING_KINDS: frozenset[str] = frozenset(
    {
        OrgKind.PROPAGANDA_MOBILISATION,
        OrgKind.PARTY_COMMITTEE,
        OrgKind.INSPECTORATE,
        OrgKind.FRONT,
        OrgKind.PEOPLES_COMMITTEE,
    }
)


def _subtree_ids(user: Any, roles: tuple[str, ...]) -> frozenset[int] | None:
    """Organisations at or below where the user holds one of `roles`; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in roles:
        ids |= scope.subtree_for(role)
    return ids


def _org_id(org: Organization | int) -> int:
    return org if isinstance(org, int) else int(org.pk)


def supervising_organization_ids(user: Any) -> frozenset[int] | None:
    return _subtree_ids(user, SUPERVISOR_ROLES)


def can_supervise_at(user: Any, org: Organization | int) -> bool:
    ids = supervising_organization_ids(user)
    return ids is None or _org_id(org) in ids


def can_manage_supervision(user: Any, supervision: Any) -> bool:
    """May change the supervision: plan, move, findings, recommendations, assess answers."""
    return can_supervise_at(user, supervision.organization_id)


def answering_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(ANSWER_ROLES)


def can_answer(user: Any, recommendation: Any) -> bool:
    """May record the addressee's answer to the recommendation."""
    ids = answering_organization_ids(user)
    return ids is None or int(recommendation.addressee_id) in ids


def inspecting_organization_ids(user: Any) -> frozenset[int] | None:
    return _subtree_ids(user, INSPECTOR_ROLES)


def can_inspect_at(user: Any, org: Organization | int) -> bool:
    ids = inspecting_organization_ids(user)
    return ids is None or _org_id(org) in ids


def can_manage_inspection(user: Any, inspection: Any) -> bool:
    return can_inspect_at(user, inspection.organization_id)


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def _active_orgs(ids: frozenset[int] | None, kinds: frozenset[str]) -> list[Organization]:
    qs = Organization.objects.filter(is_active=True, kind__in=sorted(kinds))
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])


def supervising_organizations(user: Any) -> list[Organization]:
    """Fronts and mass organisations where the user may run supervisions."""
    return _active_orgs(supervising_organization_ids(user), SUPERVISING_KINDS)


def inspecting_organizations(user: Any) -> list[Organization]:
    """Bodies where the user may run inspections."""
    return _active_orgs(inspecting_organization_ids(user), INSPECTING_KINDS)
