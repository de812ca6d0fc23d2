"""Who may do what in the foundation: small predicates used by views, the API and services.

Every predicate takes the acting user first and answers a plain bool; scope (which
organisations and areas a role covers) comes from `danvan.core.selectors.scope`. The full role x
action table, including the modules still to come, is in `docs/permissions.md`.

A superuser (created with `danvan createsuperuser`) may do everything; a deactivated or
anonymous user nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from danvan.core.models import AdminUnit, Membership, Organization, OrgLevel, Role, User
from danvan.core.selectors.scope import organization_ids_for_roles, user_scope

# Roles that may read the audit log of the records in their scope.
AUDIT_READER_ROLES: frozenset[str] = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.INSPECTOR})
# Reference data shared by everybody: no organisation owns it. Their audit trail may be read by
# any audit reader, whatever the organisation.
GLOBAL_REFERENCE_TYPES: frozenset[str] = frozenset(
    {"core.adminunit", "core.adminunitsuccession", "core.calendaroverride", "core.deadlinerule"}
)


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def is_administrator(user: Any) -> bool:
    """Holds the administrator role somewhere, or is a superuser."""
    if not _active(user):
        return False
    return bool(user.is_superuser) or Role.ADMINISTRATOR in user_scope(user).roles


def _org_id(org: Organization | int) -> int:
    return org if isinstance(org, int) else int(org.pk)


# --- Reference data and organisations --------------------------------------------------------


def can_view_reference_data(user: Any) -> bool:
    """Administrative units, the work calendar, deadline rules: every signed-in user."""
    return _active(user)


def can_view_organization(user: Any, org: Organization | int) -> bool:
    if not _active(user):
        return False
    scope = user_scope(user)
    return scope.is_superuser or _org_id(org) in scope.organizations_for()


def _administrator_grants_at(user: Any, levels: set[str]) -> list[Any]:
    return [
        g for g in user_scope(user).grants if g.role == Role.ADMINISTRATOR and g.level in levels
    ]


def can_edit_admin_unit(user: Any, unit: AdminUnit) -> bool:
    """Set the remote flag (vùng sâu, vùng xa) of a unit: it lengthens legal deadlines.

    A national-level administrator for any unit; a province-level administrator for the
    province and its communes.
    """
    if not _active(user):
        return False
    if user.is_superuser or _administrator_grants_at(user, {OrgLevel.NATIONAL}):
        return True
    province_ids = {
        g.area_id for g in _administrator_grants_at(user, {OrgLevel.PROVINCE}) if g.area_id
    }
    return unit.pk in province_ids or (
        unit.parent_id is not None and unit.parent_id in province_ids
    )


def can_edit_calendar(user: Any) -> bool:
    """Edit the day-off / make-up working day overrides and the dated deadline rules.

    These are national decisions entered by an administrator at national or province level
    (a province-only deployment has no national organisation).
    """
    if not _active(user):
        return False
    return bool(user.is_superuser) or bool(
        _administrator_grants_at(user, {OrgLevel.NATIONAL, OrgLevel.PROVINCE})
    )


def can_manage_organization(user: Any, anchor: Organization | None) -> bool:
    """Create an organisation under `anchor`, or change `anchor` itself.

    `anchor` is the parent when creating (None: at the top of the tree, superusers only) and
    the organisation itself when changing it: an administrator of `anchor` or above.
    """
    administered = administered_organization_ids(user)
    if administered is None:
        return True
    return anchor is not None and anchor.pk in administered


# --- Users and roles ------------------------------------------------------------------------


def administered_organization_ids(user: Any) -> set[int] | None:
    """Organisations whose users the user administers; None means all (superuser)."""
    if not _active(user):
        return set()
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    return set(scope.subtree_for(Role.ADMINISTRATOR))


def can_manage_users(user: Any, org: Organization | int) -> bool:
    """Create users and grant or revoke roles at `org`: an administrator of `org` or above."""
    ids = administered_organization_ids(user)
    return ids is None or _org_id(org) in ids


def _memberships(target: User) -> list[tuple[int, str]]:
    """(organization id, role) of every role the target holds."""
    cached = getattr(target, "_prefetched_objects_cache", {}).get("memberships")
    if cached is not None:
        return [(m.organization_id, m.role) for m in cached]
    return list(Membership.objects.filter(user_id=target.pk).values_list("organization_id", "role"))


def _membership_org_ids(target: User) -> set[int]:
    return {org_id for org_id, _role in _memberships(target)}


def can_view_user(user: Any, target: User) -> bool:
    """See a user in the user administration pages: one of their roles is in the scope."""
    ids = administered_organization_ids(user)
    if ids is None:
        return True
    if target.is_superuser:
        return False
    return bool(_membership_org_ids(target) & ids)


def can_manage_user(user: Any, target: User) -> bool:
    """Reset the password of, deactivate or edit `target`.

    Every role the target holds must be inside the actor's administration scope: otherwise a
    commune administrator could take over a province leader's account by granting them a
    commune role and then resetting their password. An administrator role of the target must
    be strictly below one of the actor's: peers do not manage each other.
    """
    ids = administered_organization_ids(user)
    if ids is None:
        return True
    if target.is_superuser or target.pk == user.pk:
        return False
    held = _memberships(target)
    if not held or not {org_id for org_id, _role in held} <= ids:
        return False
    # Another administrator is managed from above: two administrators of the same
    # organisation cannot take over each other's accounts.
    strictly_below = _strictly_below_administered(user)
    return all(org_id in strictly_below for org_id, role in held if role == Role.ADMINISTRATOR)


def _strictly_below_administered(user: Any) -> frozenset[int]:
    return frozenset().union(
        *(
            g.subtree - {g.organization_id}
            for g in user_scope(user).grants
            if g.role == Role.ADMINISTRATOR
        )
    )


def can_revoke_membership(user: Any, membership: Membership) -> bool:
    """Take a role away: an administrator of its organisation or above; an administrator
    role only from above (a peer could otherwise strip it and then take over the account)."""
    ids = administered_organization_ids(user)
    if ids is None:
        return True
    if membership.organization_id not in ids:
        return False
    if membership.role == Role.ADMINISTRATOR:
        return membership.organization_id in _strictly_below_administered(user)
    return True


# --- Audit log ------------------------------------------------------------------------------


def audit_target_organization_ids(target: models.Model) -> set[int] | None:
    """The organisations a record belongs to, for deciding who may read its audit trail.

    None for shared reference data. A model may define `audit_organization_ids()` to say
    it; otherwise its `organization` foreign key is used. An empty set means "nobody's"
    (only a superuser may read it).
    """
    label = target._meta.label_lower
    if label in GLOBAL_REFERENCE_TYPES:
        return None
    if isinstance(target, Organization):
        return {int(target.pk)}
    if isinstance(target, User):
        return _membership_org_ids(target)
    resolver = getattr(target, "audit_organization_ids", None)
    if callable(resolver):
        return {int(i) for i in resolver()}
    org_id = getattr(target, "organization_id", None)
    if org_id is not None:
        return {int(org_id)}
    user_id = getattr(target, "user_id", None)
    if user_id is not None:  # e.g. ApiToken: belongs where its user belongs
        return set(
            Membership.objects.filter(user_id=user_id).values_list("organization_id", flat=True)
        )
    return set()


def can_read_audit(user: Any, target: models.Model) -> bool:
    """Read the audit trail of one record.

    Leaders, inspectors and administrators, for records of the organisations their role covers
    (province-wide for the oversight roles); any of them for shared reference data.
    """
    if not _active(user):
        return False
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    if not (scope.roles & AUDIT_READER_ROLES):
        return False
    orgs = audit_target_organization_ids(target)
    if orgs is None:
        return True
    return bool(orgs & organization_ids_for_roles(user, AUDIT_READER_ROLES))


def can_verify_audit_chain(user: Any) -> bool:
    """Ask for a check of the whole audit chain: administrators and inspectors (any level)."""
    if not _active(user):
        return False
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.roles & {Role.ADMINISTRATOR, Role.INSPECTOR})
