"""The implemented rows of docs/permissions.md: every role against every foundation action.

Each case gives a user exactly one role at one organisation and asks the predicate about a
target that is in the same organisation, elsewhere in the same province, or in another province.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from danvan.core import permissions
from danvan.core.models import Role, User
from danvan.core.services import accounts as account_services
from tests.core.test_accounts_support import World, fast_password_hashing, make_user, world
from tests.factories import UserFactory

__all__ = ["fast_password_hashing", "world"]

ROLES = [r.value for r in Role]
A, L, O, P, F, I, V = (  # noqa: E741 - one letter per role keeps the table readable
    "administrator",
    "leader",
    "officer",
    "party_committee",
    "front",
    "inspector",
    "viewer",
)


def _target_user(world: World, org_name: str) -> User:
    return make_user(f"dich.{org_name}", getattr(world, org_name), Role.OFFICER)


# action -> (predicate(user, world) -> bool, roles allowed)
# The role is held at the province People's Committee (ubnd_p1) unless the name says otherwise.
ACTIONS: dict[str, tuple[Callable[[User, World], bool], set[str]]] = {
    "view_reference_data": (lambda u, w: permissions.can_view_reference_data(u), set(ROLES)),
    "edit_admin_unit_remote_flag_in_province": (
        lambda u, w: permissions.can_edit_admin_unit(u, w.c1),
        {A},
    ),
    "edit_admin_unit_remote_flag_other_province": (
        lambda u, w: permissions.can_edit_admin_unit(u, w.c3),
        set(),
    ),
    "edit_calendar_overrides_and_rules": (lambda u, w: permissions.can_edit_calendar(u), {A}),
    "manage_users_own_org": (lambda u, w: permissions.can_manage_users(u, w.ubnd_p1), {A}),
    "manage_users_child_org": (lambda u, w: permissions.can_manage_users(u, w.so_p1), {A}),
    "manage_users_commune_of_province": (
        lambda u, w: permissions.can_manage_users(u, w.ubnd_c1),
        set(),
    ),
    "reset_password_of_own_org_user": (
        lambda u, w: permissions.can_manage_user(u, _target_user(w, "so_p1")),
        {A},
    ),
    "view_organization_own": (
        lambda u, w: permissions.can_view_organization(u, w.so_p1),
        set(ROLES),
    ),
    "view_organization_commune_of_province": (
        lambda u, w: permissions.can_view_organization(u, w.ubnd_c1),
        {L, P, I},
    ),
    "view_organization_other_province": (
        lambda u, w: permissions.can_view_organization(u, w.ubnd_c3),
        set(),
    ),
    "read_audit_own_org_record": (lambda u, w: permissions.can_read_audit(u, w.so_p1), {A, L, I}),
    "read_audit_commune_of_province": (
        lambda u, w: permissions.can_read_audit(u, w.ubnd_c1),
        {L, I},
    ),
    "read_audit_other_province": (lambda u, w: permissions.can_read_audit(u, w.ubnd_c3), set()),
    "read_audit_reference_data": (lambda u, w: permissions.can_read_audit(u, w.c3), {A, L, I}),
    "is_administrator": (lambda u, w: permissions.is_administrator(u), {A}),
    "ask_for_audit_chain_check": (lambda u, w: permissions.can_verify_audit_chain(u), {A, I}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_role_action_table(world: World, role: str, action: str) -> None:
    predicate, allowed = ACTIONS[action]
    user = make_user(f"u.{role}", world.ubnd_p1, role)

    assert predicate(user, world) is (role in allowed)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_superuser_may_do_every_action(world: World, action: str) -> None:
    predicate, _allowed = ACTIONS[action]
    root = UserFactory(is_superuser=True)

    assert predicate(root, world) is True


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_deactivated_administrator_may_do_nothing(world: World, action: str) -> None:
    predicate, _allowed = ACTIONS[action]
    user = make_user("u.cu", world.ubnd_p1, Role.ADMINISTRATOR)
    account_services.user_deactivate(actor=None, user=user)
    user.refresh_from_db()

    assert predicate(user, world) is False


@pytest.mark.django_db
def test_commune_administrator_cannot_edit_remote_flag_or_calendar(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)

    assert not permissions.can_edit_admin_unit(admin, world.c1)
    assert not permissions.can_edit_calendar(admin)
    assert permissions.can_manage_users(admin, world.tcd_c1)
    assert not permissions.can_manage_users(admin, world.ubnd_c2)


@pytest.mark.django_db
def test_national_administrator_edits_any_unit_and_manages_the_tree_below(world: World) -> None:
    admin = make_user("qt.tw", world.national, Role.ADMINISTRATOR)

    assert permissions.can_edit_admin_unit(admin, world.c3)
    assert permissions.can_edit_calendar(admin)
    assert permissions.can_manage_users(admin, world.so_p1)
    assert not permissions.can_manage_users(admin, world.ubnd_c1)  # not below it in the tree


@pytest.mark.django_db
def test_commune_administrator_cannot_manage_user_who_also_holds_a_province_role(
    world: World,
) -> None:
    # Granting a commune role to a province leader must not hand over their account.
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    leader = make_user("lanhdao.p1", world.ubnd_p1, Role.LEADER)
    account_services.membership_grant(
        actor=None, user=admin, organization=world.tcd_c1, role=Role.VIEWER
    )
    account_services.membership_grant(
        actor=None, user=leader, organization=world.tcd_c1, role=Role.VIEWER
    )

    assert permissions.can_view_user(admin, leader)
    assert not permissions.can_manage_user(admin, leader)


@pytest.mark.django_db
def test_administrators_of_the_same_org_cannot_take_over_each_other(world: World) -> None:
    first = make_user("qt1.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    second = make_user("qt2.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    below = make_user("qt.so", world.so_p1, Role.ADMINISTRATOR)
    national = make_user("qt.tw", world.national, Role.ADMINISTRATOR)

    assert permissions.can_view_user(first, second)
    assert not permissions.can_manage_user(first, second)
    assert permissions.can_manage_user(first, below)
    assert permissions.can_manage_user(national, first)
    assert not permissions.can_manage_user(below, first)


@pytest.mark.django_db
def test_administrator_cannot_manage_self_or_a_superuser(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    root = UserFactory(is_superuser=True)

    assert not permissions.can_manage_user(admin, admin)
    assert not permissions.can_view_user(admin, root)
    assert not permissions.can_manage_user(admin, root)


@pytest.mark.django_db
def test_audit_of_a_user_is_readable_where_one_of_their_roles_is(world: World) -> None:
    inspector = make_user("tt.p1", world.tt_p1, Role.INSPECTOR)
    commune_officer = make_user("cb.c2", world.ubnd_c2, Role.OFFICER)
    other_province = make_user("cb.c3", world.ubnd_c3, Role.OFFICER)

    assert permissions.can_read_audit(inspector, commune_officer)
    assert not permissions.can_read_audit(inspector, other_province)


@pytest.mark.django_db
def test_audit_of_a_record_of_unknown_ownership_is_superuser_only(world: World) -> None:
    leader = make_user("ld.tw", world.national, Role.LEADER)
    root = UserFactory(is_superuser=True)
    nobody = make_user("khong.vai.tro")  # a user with no role belongs to no organisation

    assert not permissions.can_read_audit(leader, nobody)
    assert permissions.can_read_audit(root, nobody)


def test_anonymous_user_may_do_nothing() -> None:
    from django.contrib.auth.models import AnonymousUser

    anonymous: Any = AnonymousUser()
    assert not permissions.can_view_reference_data(anonymous)
    assert not permissions.is_administrator(anonymous)
    assert not permissions.can_edit_calendar(anonymous)
    assert permissions.administered_organization_ids(anonymous) == set()
