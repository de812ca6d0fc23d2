"""Who may do what with conferences: small predicates used by views, the API, services, selectors.

- Organising (scheduling, invitations, moves, attendance, conclusions) needs the role officer
  or leader at the organising body or above it (`ORGANISER_ROLES`, down the hierarchy).
- Reading is open to the roles of `VIEWER_ROLES` over the organising body, a co-organiser or an
  invited unit (so the participants' units, and everyone above them, see the conference).
- Conclusion items are core tasks: giving one to a lead unit follows
  `core.services.tasks.can_write_task` at that unit; so does reporting progress on it.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

ORGANISER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
VIEWER_ROLES: tuple[str, ...] = (
    Role.ADMINISTRATOR,
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def organising_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose conferences the user may organise; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in ORGANISER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_organise_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = organising_organization_ids(user)
    return ids is None or org_id in ids


def can_organise(user: Any, conference: Any) -> bool:
    """May change the conference: invite, move, record attendance, issue the conclusions."""
    return can_organise_at(user, conference.organization_id)


def viewer_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose conferences (organised, co-organised or invited to) the user sees."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_view(user: Any, conference: Any) -> bool:
    ids = viewer_organization_ids(user)
    if ids is None or conference.organization_id in ids:
        return True
    if not ids:
        return False
    involved = set(conference.co_organizers.values_list("id", flat=True))
    involved |= {
        i for i in conference.invitees.values_list("organization_id", flat=True) if i is not None
    }
    return bool(involved & ids)


def organising_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may organise conferences, by level and name."""
    ids = organising_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])


def can_assign_to(user: Any, org: Organization | int) -> bool:
    """May give `org` a conclusion item as its lead unit (a core task of that unit)."""
    from danvan.core.services.tasks import can_write_task

    return can_write_task(user, org)


def can_write_item_task(user: Any, task: Any) -> bool:
    """May report progress on, complete or cancel the task of a conclusion item."""
    from danvan.core.services.tasks import can_write_task

    return can_write_task(user, task.organization_id)
