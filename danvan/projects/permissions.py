"""Who may do what with projects: small predicates used by views, the API, services, selectors.

- Managing a project (create, edit, move it, record contributions, expenditures and progress)
  needs the role officer or leader at the managing unit (the commune's People's Committee) or
  above it.
- Reading is open to every role whose scope covers the managing unit or the commune
  (`core.selectors.scope`): the commune's Fatherland Front and its community investment
  oversight board follow the accounts.
- The public account (`/cong-dan/cung-lam/`) needs no account and never shows the name of a
  contributor who did not agree to be listed.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose projects the user may manage; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in MANAGER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_manage_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = managing_organization_ids(user)
    return ids is None or org_id in ids


def can_manage(user: Any, project: Any) -> bool:
    return can_manage_at(user, int(project.organization_id))


def can_view(user: Any, project: Any) -> bool:
    """The managing unit is in the user's scope, or the commune is (the Front of the commune)."""
    scope = user_scope(user)
    return (
        scope.is_superuser
        or int(project.organization_id) in scope.organizations_for()
        or int(project.area_id) in scope.areas_for()
    )


def managing_organizations(user: Any) -> list[Organization]:
    """Active commune bodies where the user may run projects, by name."""
    ids = managing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True, level="commune", area__isnull=False)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("name")[:500])
