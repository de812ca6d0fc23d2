"""Who may do what with petitions: small predicates used by views, the API and services.

Handling a case (registering, triaging, moving it, assigning) needs the role officer or leader
at the case's organisation or above it. Reading cases is open to the roles of
`VIEWER_ROLES` (the Front and administrators do not read petitions through those roles; see
docs/permissions.md). Granting access to a denouncer's identity belongs to the case's leader
(`vault.can_grant_identity`).
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

HANDLER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.INSPECTOR,
    Role.VIEWER,
)


def handling_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose cases the user may handle; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in HANDLER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_register_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = handling_organization_ids(user)
    return ids is None or org_id in ids


def can_handle(user: Any, petition: Any) -> bool:
    """May move the case, assign it, record decisions on it."""
    return can_register_at(user, petition.organization_id)


def can_lead(user: Any, petition: Any) -> bool:
    """Holds the leader role over the case's organisation (or is a superuser)."""
    scope = user_scope(user)
    return scope.is_superuser or petition.organization_id in scope.subtree_for(Role.LEADER)


def registering_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may register petitions, by name."""
    ids = handling_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("level", "name")[:500])


def home_organizations(user: Any) -> list[Organization]:
    """The active organisations where the user holds a handling role directly (not below)."""
    scope = user_scope(user)
    ids = sorted({g.organization_id for g in scope.grants if g.role in HANDLER_ROLES})
    return list(Organization.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def can_view_identity(user: Any, petition: Any) -> bool:
    from danvan.petitions import vault

    return vault.can_view_identity(user, petition)


def can_grant_identity(user: Any, petition: Any) -> bool:
    from danvan.petitions import vault

    return vault.can_grant_identity(user, petition)
