"""Who may do what in coordination: small predicates used by views, the API, services, selectors.

- Registering or editing a document, its files, links and obligations: officer, leader or
  administrator at the document's managing organisation (or above it; a province leader of an
  oversight body covers the province). Creating an obligation's task also needs the task
  writer's right at the lead unit (`core.services.tasks.can_write_task`).
- Programmes: officer, leader or administrator at the keeping organisation or at one of the
  parties.
- Plans: officer, leader or administrator at the issuing unit; issuing also needs the task
  writer's right at every item's lead unit.
- Reading: any role whose scope covers the record's organisation, one of a programme's parties,
  or the lead unit of one of the record's obligations / items.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

WRITER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.ADMINISTRATOR)
VIEWER_ROLES: tuple[str, ...] = (
    Role.ADMINISTRATOR,
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def _org_id(org: Organization | int) -> int:
    return org if isinstance(org, int) else int(org.pk)


def writable_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations where the user may write coordination records; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(WRITER_ROLES)


def viewable_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose coordination records the user may read; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_write_at(user: Any, org: Organization | int) -> bool:
    ids = writable_organization_ids(user)
    return ids is None or _org_id(org) in ids


def can_register_document(user: Any, organization: Organization | int) -> bool:
    """May register a document kept by `organization`."""
    return can_write_at(user, organization)


def can_edit_document(user: Any, document: Any) -> bool:
    return can_write_at(user, document.organization_id)


def can_write_programme(user: Any, programme: Any, party_ids: Iterable[int] = ()) -> bool:
    """May edit the programme: writer at its keeping organisation or at one of its parties."""
    ids = writable_organization_ids(user)
    if ids is None:
        return True
    return programme.organization_id in ids or any(p in ids for p in party_ids)


def can_write_plan(user: Any, plan: Any) -> bool:
    return can_write_at(user, plan.organization_id)


def can_view_any(user: Any, org_ids: Iterable[int]) -> bool:
    ids = viewable_organization_ids(user)
    return ids is None or any(o in ids for o in org_ids)


def writable_organizations(user: Any, limit: int = 500) -> list[Organization]:
    """Active organisations where the user may register records, by level and name."""
    ids = writable_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("level", "name")[:limit])
