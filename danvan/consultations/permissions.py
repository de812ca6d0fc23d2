"""Who may do what with consultations: small predicates used by views, the API, services and
selectors.

- Managing a draft (the text and structure, the period, moves, moderation, organisations'
  comments, groups, responses, the synthesis) needs the role officer or leader at the consulting
  organisation or above it.
- Reading is open to the roles of `VIEWER_ROLES` whose scope covers the consulting organisation
  (province-wide for the oversight roles, `core.selectors.scope`).
- Citizens need no account: the portal shows open and synthesised drafts, published comments
  without names, and a comment's own state to whoever holds its tracking code.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose drafts the user may manage; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in MANAGER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def viewing_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_manage_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = managing_organization_ids(user)
    return ids is None or org_id in ids


def can_manage(user: Any, draft: Any) -> bool:
    return can_manage_at(user, int(draft.organization_id))


def can_view(user: Any, draft: Any) -> bool:
    ids = viewing_organization_ids(user)
    return ids is None or int(draft.organization_id) in ids


def managing_organizations(user: Any) -> list[Organization]:
    """Active organisations in whose name the user may consult on drafts, by level and name."""
    ids = managing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])
