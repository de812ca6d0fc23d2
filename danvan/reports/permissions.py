"""Who may do what with periodic reports (predicates used by views, the API and services).

- Writing a unit's report (narrative, submit) needs the role officer, leader, party committee or
  front at that unit or above it; so does changing the unit's report settings.
- Asking units for reports and reviewing what they sent (accept, return) needs one of those roles
  at the asking unit or above it.
- `user=None` is the system (the demo loader, the command line): no limit.
- Reading: the roles of `VIEWER_ROLES` whose scope covers the reporting unit (province-wide for
  the oversight roles), and whoever may review the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

# Officers draft and send (the signed report), leaders sign; the Party committee role prepares
# the Party bodies' reports, the Front role the Front's.
MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.PARTY_COMMITTEE, Role.FRONT)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def _subtrees(user: Any, roles: Iterable[str]) -> frozenset[int] | None:
    if user is None:  # the system: the demo loader, the command line
        return None
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in roles:
        ids |= scope.subtree_for(role)
    return ids


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Units whose reports (and requests) the user may write; None = all (superuser)."""
    return _subtrees(user, MANAGER_ROLES)


def viewing_organization_ids(user: Any) -> frozenset[int] | None:
    if user is None:
        return None
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_manage_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = managing_organization_ids(user)
    return ids is None or org_id in ids


def can_write(user: Any, report: Any) -> bool:
    return can_manage_at(user, int(report.organization_id))


def can_review(user: Any, report: Any) -> bool:
    """The asking unit's officers and leaders review what its units sent."""
    if report.request_id is None:
        return False
    return can_manage_at(user, int(report.request.organization_id))


def can_view(user: Any, report: Any) -> bool:
    ids = viewing_organization_ids(user)
    if ids is None or int(report.organization_id) in ids:
        return True
    return can_review(user, report)
