"""Who may do what with receptions: small predicates used by views, the API and services.

- Planning sessions, publishing and moving them, writing the register, recording replies,
  issuing documents and follow-up tasks: the roles officer or leader at the session's (entry's)
  organisation or above it (`HANDLER_ROLES`, as for petitions).
- Reading sessions and the register: `VIEWER_ROLES` in scope (the Front and administrators do
  not read the register: it holds citizens' personal data).
- A visitor's ID number, phone and address: only the handlers of the entry's organisation;
  viewers see the name and the matter (`can_view_personal`).
- The public schedule needs no account and shows no personal data (`selectors.public_schedule`).
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
    """Organisations whose receptions the user may write; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in HANDLER_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def viewing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose receptions the user may read; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_handle_at(user: Any, org: Organization | int | None) -> bool:
    if org is None:
        return False
    org_id = org if isinstance(org, int) else org.pk
    ids = handling_organization_ids(user)
    return ids is None or org_id in ids


def can_handle(user: Any, record: Any) -> bool:
    """May change the session or entry (anything with an `organization_id`)."""
    return can_handle_at(user, record.organization_id)


def can_write_anywhere(user: Any) -> bool:
    ids = handling_organization_ids(user)
    return ids is None or bool(ids)


def can_view_personal(user: Any, entry: Any) -> bool:
    """ID number, phone and address of a visitor: the entry's handlers only."""
    return can_handle(user, entry)


def handling_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may plan receptions and write the register."""
    ids = handling_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("level", "name")[:500])
