"""Who may do what with campaigns: small predicates used by views, the API, services, selectors.

- Managing a campaign (plan, targets, moves, evaluation, follow-up tasks) needs the role officer
  or leader at the organising unit or above it.
- Recording activities needs that, or the role officer, leader or front (Mặt trận, đoàn thể) at
  a participating unit or above it; an activity is reported in the name of such a unit.
- Reading is open to the roles of `VIEWER_ROLES` whose scope covers the organiser or one of the
  participating units (province-wide for the oversight roles, `core.selectors.scope`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from danvan.core.models import Organization, Role
from danvan.core.selectors.scope import user_scope

MANAGER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER)
RECORDER_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.FRONT)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def _subtrees(user: Any, roles: Iterable[str]) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in roles:
        ids |= scope.subtree_for(role)
    return ids


def managing_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose campaigns the user may manage; None = all (superuser)."""
    return _subtrees(user, MANAGER_ROLES)


def recording_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations in whose name the user may record activities; None = all (superuser)."""
    return _subtrees(user, RECORDER_ROLES)


def viewing_organization_ids(user: Any) -> frozenset[int] | None:
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return scope.organizations_for(VIEWER_ROLES)


def can_manage_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = managing_organization_ids(user)
    return ids is None or org_id in ids


def can_manage(user: Any, campaign: Any) -> bool:
    """May change the plan, targets and status, evaluate and give follow-up tasks."""
    return can_manage_at(user, int(campaign.organization_id))


def campaign_unit_ids(campaign: Any) -> list[int]:
    """The organiser first, then the participating units."""
    ids = [int(campaign.organization_id)]
    cached = getattr(campaign, "_unit_ids", None)
    if cached is None:
        cached = [int(i) for i in campaign.units.values_list("organization_id", flat=True)]
        campaign._unit_ids = cached
    return ids + [i for i in cached if i not in ids]


def recording_units(user: Any, campaign: Any) -> list[int]:
    """The campaign's units (organiser, participants) in whose name the user may record."""
    units = campaign_unit_ids(campaign)
    if can_manage(user, campaign):
        return units
    ids = recording_organization_ids(user)
    return [u for u in units if ids is None or u in ids]


def can_record(user: Any, campaign: Any) -> bool:
    """May record activities (and their results and evidence) for the campaign."""
    return bool(recording_units(user, campaign))


def can_view(user: Any, campaign: Any) -> bool:
    ids = viewing_organization_ids(user)
    return ids is None or any(u in ids for u in campaign_unit_ids(campaign))


def managing_organizations(user: Any) -> list[Organization]:
    """Active organisations where the user may organise campaigns, by level and name."""
    ids = managing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.select_related("area").order_by("level", "name")[:500])
