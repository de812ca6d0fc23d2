"""Who may do what with Dân vận khéo models: small predicates used by views, API, services and
selectors.

- register, launch, stop, add evidence, record replication: officer, leader (or the front role,
  for the Front and mass organisations) at the registering organisation or above it;
- set up an evaluation council: officer, leader or party-committee role at a Ban Tuyên giáo và
  Dân vận (`ban_tgdv`) or People's Committee (`ubnd`) whose level covers the model (a commune body
  the models of its commune, a province body those of its province, a national body all);
- score: a council member with an account scores on their own sheet; the people who may set up
  the council record paper score sheets of members without an account, and close the council;
- recognise at a level: a leader at an organisation of that level whose scope covers the model
  (at commune level also the leader of the commune's People's Committee or Ban Tuyên giáo và
  Dân vận for any model of the commune);
- read: every role in its scope (`VIEWER_ROLES`), plus, for the people who may set up councils,
  the models their council body covers, and for council members, the models they evaluate.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from danvan.core.models import Organization, OrgKind, OrgLevel, Role
from danvan.core.selectors.scope import user_scope

REGISTRAR_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.FRONT)
COUNCIL_ROLES: tuple[str, ...] = (Role.OFFICER, Role.LEADER, Role.PARTY_COMMITTEE)
COUNCIL_KINDS: frozenset[str] = frozenset(
    {OrgKind.PROPAGANDA_MOBILISATION, OrgKind.PEOPLES_COMMITTEE}
)
VIEWER_ROLES: tuple[str, ...] = (
    Role.OFFICER,
    Role.LEADER,
    Role.PARTY_COMMITTEE,
    Role.FRONT,
    Role.INSPECTOR,
    Role.VIEWER,
)


def registering_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations for which the user may register models; None = all (superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in REGISTRAR_ROLES:
        ids |= scope.subtree_for(role)
    return ids


def can_register_at(user: Any, org: Organization | int) -> bool:
    org_id = org if isinstance(org, int) else org.pk
    ids = registering_organization_ids(user)
    return ids is None or org_id in ids


def can_manage(user: Any, model: Any) -> bool:
    """May launch, stop, add evidence and record replication of the model."""
    return can_register_at(user, model.organization_id)


def can_view(user: Any, model: Any) -> bool:
    scope = user_scope(user)
    if scope.is_superuser or model.organization_id in scope.organizations_for(VIEWER_ROLES):
        return True
    reach = council_reach_q(user)
    return reach is not None and type(model)._default_manager.filter(reach, pk=model.pk).exists()


def council_reach_q(user: Any, prefix: str = "") -> Q | None:
    """Models a council body the user works at may evaluate (so may read), and models of the
    councils the user sits on; None when there is none. `prefix` is the path to the model."""
    scope = user_scope(user)
    grants = [g for g in scope.grants if g.role in COUNCIL_ROLES]
    q = Q(**{f"{prefix}evaluations__members__user_id": getattr(user, "pk", None)})
    if grants:
        bodies = Organization.objects.filter(
            pk__in=sorted({g.organization_id for g in grants}), kind__in=sorted(COUNCIL_KINDS)
        ).values_list("level", "area_id")
        for level, area_id in bodies:
            if level == OrgLevel.NATIONAL:
                return Q()
            if area_id is None:
                continue
            q |= Q(**{f"{prefix}organization__area_id": area_id})
            if level == OrgLevel.PROVINCE:
                q |= Q(**{f"{prefix}organization__area__parent_id": area_id})
    return q


def council_covers(council_org: Organization, model: Any) -> bool:
    """Whether a council set up by `council_org` may evaluate `model` (same level and area)."""
    if council_org.kind not in COUNCIL_KINDS:
        return False
    if council_org.level == OrgLevel.NATIONAL:
        return True
    org = model.organization
    area = org.area
    if area is None or council_org.area_id is None:
        return False
    if council_org.level == OrgLevel.COMMUNE:
        return bool(area.pk == council_org.area_id)
    return bool(area.pk == council_org.area_id or area.parent_id == council_org.area_id)


def council_organization_ids(user: Any) -> frozenset[int] | None:
    """Organisations at which the user may set up councils (before the kind check)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    ids: frozenset[int] = frozenset()
    for role in COUNCIL_ROLES:
        ids |= frozenset(g.organization_id for g in scope.grants if g.role == role)
    return ids


def council_organizations(user: Any, model: Any) -> list[Organization]:
    """The bodies through which the user may set up a council for `model`."""
    ids = council_organization_ids(user)
    qs = Organization.objects.filter(is_active=True, kind__in=sorted(COUNCIL_KINDS))
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [
        o
        for o in qs.select_related("area").order_by("level", "name")[:200]
        if council_covers(o, model)
    ]


def can_set_up_council(user: Any, model: Any, council_org: Organization) -> bool:
    if not council_covers(council_org, model):
        return False
    ids = council_organization_ids(user)
    return ids is None or council_org.pk in ids


def can_run_council(user: Any, evaluation: Any) -> bool:
    """May record members' paper score sheets, add evidence to and close the council."""
    ids = council_organization_ids(user)
    return ids is None or evaluation.council_org_id in ids


def can_score(user: Any, evaluation: Any, member: Any) -> bool:
    """The member themselves, or whoever runs the council (for a member without an account)."""
    if member.user_id is not None and member.user_id == getattr(user, "pk", None):
        return True
    if member.user_id is not None and not user_scope(user).is_superuser:
        return False
    return can_run_council(user, evaluation)


def recognising_levels(user: Any, model: Any) -> list[str]:
    """The levels at which the user may recognise the model: a leader of that level whose scope
    covers the model's organisation, or a leader of the People's Committee or Ban Tuyên giáo và
    Dân vận of the model's own commune (which recognises every model of the commune, Front and
    mass organisations included)."""
    scope = user_scope(user)
    order: list[str] = [OrgLevel.COMMUNE, OrgLevel.PROVINCE, OrgLevel.NATIONAL]
    if scope.is_superuser:
        return order
    leader_grants = [g for g in scope.grants if g.role == Role.LEADER]
    levels: set[str] = set()
    commune_grants = []
    for g in leader_grants:
        if g.level == OrgLevel.NATIONAL or model.organization_id in g.organizations:
            levels.add(g.level)
        elif g.level == OrgLevel.COMMUNE and g.area_id is not None:
            commune_grants.append(g)
    if commune_grants and OrgLevel.COMMUNE not in levels:
        area_id = model.organization.area_id
        if Organization.objects.filter(
            pk__in=[g.organization_id for g in commune_grants if g.area_id == area_id],
            kind__in=sorted(COUNCIL_KINDS),
        ).exists():
            levels.add(OrgLevel.COMMUNE)
    return [lvl for lvl in order if lvl in levels]


def can_recognise(user: Any, model: Any, level: str) -> bool:
    return level in recognising_levels(user, model)
