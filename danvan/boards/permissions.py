"""Who may do what with the oversight boards: small predicates used by views, API, services
and selectors.

- Boards, members, plans, supervision records, recommendations and assessments are managed by
  the Front role, officers and leaders held at the board's commune Front committee or above
  it (scope flows down the organisation tree: the province Front covers its communes).
- A recommendation is answered by the addressee's officers and leaders (or above them).
- Reading: every role in `VIEWER_ROLES` in scope of the board's Front committee, its commune
  People's Committee, or an addressee of one of its recommendations.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, OrgKind, OrgLevel, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.FRONT, Role.OFFICER, Role.LEADER)
ANSWER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations at or below where the user holds a managing role; None = all."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in MANAGER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_manage_at(user: Any, front: Organization | int) -> bool:
    ids = managing_organization_ids(user)
    front_id = front if isinstance(front, int) else int(front.pk)
    return ids is None or front_id in ids


def can_manage(user: Any, board: Any) -> bool:
    """May change the board: members, plans, records, recommendations, assessments, end it."""
    return can_manage_at(user, int(board.front_id))


def answering_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(ANSWER_ROLES)


def can_answer(user: Any, recommendation: Any) -> bool:
    """May record the addressee's answer to the recommendation."""
    ids = answering_organization_ids(user)
    return ids is None or int(recommendation.addressee_id) in ids


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def managed_fronts(user: Any) -> list[Organization]:
    """Commune Front committees where the user may set up boards."""
    qs = Organization.objects.filter(
        is_active=True, kind=OrgKind.FRONT, level=OrgLevel.COMMUNE, area__isnull=False
    )
    ids = managing_organization_ids(user)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("name")[:1000])
