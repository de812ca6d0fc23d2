"""Who may do what in grassroots democracy: small predicates for views, the API and services.

- Disclosures and community decisions belong to a commune People's Committee (or another
  commune-level body for a disclosure); its officers and leaders, or those of a body above it,
  record and edit them (scope flows down the tree).
- Recognising or refusing a community decision is the People's Committee's act: leaders at the
  commune body or above.
- Reading: the roles of `VIEWER_ROLES` see the records of the bodies in their scope. The public
  sees published disclosures only, without an account.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, OrgLevel, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
RECOGNISER_ROLES: tuple[str, ...] = (Role.LEADER,)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
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


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    return _subtree_ids(user, MANAGER_ROLES)


def can_manage_at(user: Any, org: Organization | int) -> bool:
    ids = managing_organization_ids(user)
    return ids is None or _org_id(org) in ids


def can_manage(user: Any, record: Any) -> bool:
    """May record, edit, publish or move the disclosure or community decision."""
    return can_manage_at(user, int(record.organization_id))


def can_recognise(user: Any, decision: Any) -> bool:
    """May recognise or refuse the community decision (the commune People's Committee)."""
    ids = _subtree_ids(user, RECOGNISER_ROLES)
    return ids is None or int(decision.organization_id) in ids


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def managing_organizations(user: Any) -> list[Organization]:
    """Commune-level bodies where the user may record disclosures and decisions."""
    ids = managing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True, level=OrgLevel.COMMUNE)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("name")[:500])
