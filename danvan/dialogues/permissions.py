"""Who may do what with dialogues: small predicates used by views, the API, services, selectors.

Organising a dialogue (scheduling, notice, participants, statements, minutes) needs the role
officer or leader at the organising body or above it. Reading is open to the roles of
`VIEWER_ROLES` in their scope (province-wide for the oversight roles). Commitments are core
tasks: writing them follows `core.services.tasks.can_write_task` at the owner organisation.
"""

from __future__ import annotations

from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

ORGANISER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def organising_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose dialogues the user may organise; None = all (superuser)."""
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


def can_organise(user: Any, dialogue: Any) -> bool:
    """May change the dialogue: schedule, notify, record, sign the minutes, close."""
    return can_organise_at(user, dialogue.organization_id)


def can_view(user: Any, dialogue: Any) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or dialogue.organization_id in scope.organizations_for(VIEWER_ROLES)


def organising_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may organise dialogues, by level and name."""
    ids = organising_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])


def can_write_commitment(user: Any, task: Any) -> bool:
    from danvan.core.services.tasks import can_write_task

    return can_write_task(user, task.organization_id)
