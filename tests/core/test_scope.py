"""Scope: which organisations and areas a user sees, from the roles held at organisations."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.core.models import Membership, Organization, Role, User
from danvan.core.selectors.scope import (
    get_visible_or_404,
    organization_ids_for_roles,
    scope_area_queryset,
    scope_queryset,
    user_has_role,
    user_roles,
    visible_area_ids,
    visible_organization_ids,
)
from danvan.core.services import accounts as account_services
from tests.core.test_accounts_support import (
    World,
    fast_password_hashing,
    fresh,
    grant,
    make_user,
    world,
)
from tests.factories import OrganizationFactory, UserFactory

__all__ = ["fast_password_hashing", "world"]


def ids(*orgs: Organization) -> set[int]:
    return {o.pk for o in orgs}


@pytest.mark.django_db
def test_commune_officer_sees_own_org_and_its_children_only(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)

    assert visible_organization_ids(officer) == ids(world.ubnd_c1, world.tcd_c1)


@pytest.mark.django_db
def test_commune_officer_cannot_see_other_commune_org(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)

    visible = visible_organization_ids(officer)

    assert world.ubnd_c2.pk not in visible
    assert world.ubnd_c3.pk not in visible
    with pytest.raises(Http404):
        get_visible_or_404(Organization.objects.all(), officer, org_field="pk", pk=world.ubnd_c2.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.PARTY_COMMITTEE])
def test_commune_leader_does_not_oversee_other_communes(world: World, role: str) -> None:
    # The province-wide rule applies to province-level organisations only.
    user = make_user("lanhdao.c1", world.ubnd_c1, role)

    assert visible_organization_ids(user) == ids(world.ubnd_c1, world.tcd_c1)
    assert visible_area_ids(user) == {world.c1.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("org_name", ["ubnd_p1", "tt_p1", "tgdv_p1"])
@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.PARTY_COMMITTEE])
def test_province_oversight_role_sees_everything_in_the_province(
    world: World, org_name: str, role: str
) -> None:
    user = make_user("lanhdao.p1", getattr(world, org_name), role)

    visible = visible_organization_ids(user)

    in_province = ids(
        world.ubnd_p1,
        world.so_p1,
        world.tt_p1,
        world.tgdv_p1,
        world.ubnd_c1,
        world.tcd_c1,
        world.ubnd_c2,
    )
    assert in_province <= visible
    assert not visible & ids(world.ubnd_p2, world.ubnd_c3, world.national)
    assert visible_area_ids(user) == {world.p1.pk, world.c1.pk, world.c2.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER, Role.FRONT, Role.ADMINISTRATOR])
def test_province_non_oversight_role_sees_only_its_subtree(world: World, role: str) -> None:
    user = make_user("canbo.p1", world.ubnd_p1, role)

    assert visible_organization_ids(user) == ids(world.ubnd_p1, world.so_p1)
    assert visible_area_ids(user) == {world.p1.pk}


@pytest.mark.django_db
def test_oversight_role_at_province_department_is_subtree_only(world: World) -> None:
    # A Sở is not one of the oversight kinds (UBND, Thanh tra, Ban Tuyên giáo và Dân vận).
    user = make_user("lanhdao.so", world.so_p1, Role.LEADER)

    assert visible_organization_ids(user) == ids(world.so_p1)


@pytest.mark.django_db
def test_national_officer_sees_the_tree_below(world: World) -> None:
    user = make_user("canbo.tw", world.national, Role.OFFICER)

    assert visible_organization_ids(user) == ids(
        world.national, world.ubnd_p1, world.so_p1, world.ubnd_p2
    )
    assert visible_area_ids(user) == {world.p1.pk, world.p2.pk}


@pytest.mark.django_db
def test_superuser_sees_everything(world: World) -> None:
    root = UserFactory(is_superuser=True)

    assert visible_organization_ids(root) == {o.pk for o in Organization.objects.all()}
    assert scope_queryset(Organization.objects.all(), root, org_field="pk").count() == len(
        world.all_orgs()
    )


@pytest.mark.django_db
def test_deactivated_user_sees_nothing(world: World) -> None:
    user = make_user("cu", world.ubnd_p1, Role.LEADER)
    account_services.user_deactivate(actor=None, user=user)

    user = fresh(user)

    assert visible_organization_ids(user) == set()
    assert scope_queryset(Organization.objects.all(), user, org_field="pk").count() == 0


@pytest.mark.django_db
def test_user_without_roles_sees_nothing(world: World) -> None:
    user = make_user("chua.co.vai.tro")

    assert visible_organization_ids(user) == set()
    assert visible_area_ids(user) == set()
    assert user_roles(user) == set()


@pytest.mark.django_db
def test_scope_is_the_union_of_memberships(world: World) -> None:
    user = make_user("hai.noi", world.ubnd_c1, Role.OFFICER)
    grant(user, world.ubnd_c3, Role.VIEWER)

    user = fresh(user)

    assert visible_organization_ids(user) == ids(world.ubnd_c1, world.tcd_c1, world.ubnd_c3)
    assert user_roles(user) == {Role.OFFICER, Role.VIEWER}
    assert organization_ids_for_roles(user, [Role.VIEWER]) == ids(world.ubnd_c3)


@pytest.mark.django_db
def test_user_has_role_at_org_or_an_ancestor(world: World) -> None:
    user = make_user("lanhdao.ubnd", world.ubnd_p1, Role.LEADER)

    assert user_has_role(user, Role.LEADER)
    assert user_has_role(user, Role.LEADER, org=world.ubnd_p1)
    assert user_has_role(user, Role.LEADER, org=world.so_p1)  # child: held at an ancestor
    assert not user_has_role(user, Role.LEADER, org=world.national)  # parent
    # Oversight widens what the leader sees, not where the role is held.
    assert not user_has_role(user, Role.LEADER, org=world.ubnd_c1)
    assert not user_has_role(user, Role.OFFICER, org=world.ubnd_p1)
    assert not user_has_role(user, Role.OFFICER)


@pytest.mark.django_db
def test_scope_queryset_filters_any_model_with_an_org_fk(world: World) -> None:
    viewer = make_user("xem.c1", world.ubnd_c1, Role.VIEWER)
    make_user("khac.c2", world.ubnd_c2, Role.OFFICER)
    make_user("khac.tcd", world.tcd_c1, Role.OFFICER)

    seen = scope_queryset(Membership.objects.all(), viewer)

    assert {m.organization_id for m in seen} == ids(world.ubnd_c1, world.tcd_c1)


@pytest.mark.django_db
def test_scope_queryset_follows_a_related_path(world: World) -> None:
    viewer = make_user("xem.c1", world.ubnd_c1, Role.VIEWER)
    other = make_user("khac.c2", world.ubnd_c2, Role.OFFICER)

    seen = scope_queryset(
        Membership.objects.filter(user=other), viewer, org_field="organization__parent"
    )

    assert list(seen) == []
    assert (
        scope_queryset(
            Membership.objects.filter(organization=world.tcd_c1),
            viewer,
            org_field="organization__parent",
        ).count()
        == Membership.objects.filter(organization=world.tcd_c1).count()
    )


@pytest.mark.django_db
def test_scope_area_queryset_filters_by_area(world: World) -> None:
    inspector = make_user("thanhtra.p1", world.tt_p1, Role.INSPECTOR)

    seen = scope_area_queryset(Organization.objects.all(), inspector, area_field="area")

    assert {o.area_id for o in seen} <= {world.p1.pk, world.c1.pk, world.c2.pk}
    assert world.ubnd_c3 not in seen


@pytest.mark.django_db
def test_get_visible_or_404_returns_visible_record(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)

    found = get_visible_or_404(
        Organization.objects.all(), officer, org_field="pk", pk=world.tcd_c1.pk
    )

    assert found == world.tcd_c1


@pytest.mark.django_db
def test_get_visible_or_404_treats_bad_lookup_value_as_missing(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(Http404):
        get_visible_or_404(Organization.objects.all(), officer, org_field="pk", pk="not-a-number")


@pytest.mark.django_db
def test_scope_is_cached_on_the_user_object(world: World, django_assert_num_queries: Any) -> None:
    user = make_user("lanhdao.p1", world.ubnd_p1, Role.LEADER)
    user = fresh(user)
    visible_organization_ids(user)

    with django_assert_num_queries(0):
        visible_organization_ids(user)
        visible_area_ids(user)
        user_roles(user)
        user_has_role(user, Role.LEADER, org=world.so_p1)


@pytest.mark.django_db
def test_scope_query_count_is_bounded_by_tree_depth_not_size(
    world: World, django_assert_max_num_queries: Any
) -> None:
    # Many more organisations and memberships must not mean more queries.
    for n in range(30):
        parent = OrganizationFactory(
            code=f"X{n}", kind="khac", level="commune", area=world.c1, parent=world.ubnd_c1
        )
        OrganizationFactory(
            code=f"Y{n}", kind="khac", level="commune", area=world.c1, parent=parent
        )
    user = make_user("nhieu.vai.tro", world.ubnd_p1, Role.LEADER)
    grant(user, world.tt_p1, Role.INSPECTOR)
    grant(user, world.ubnd_c1, Role.OFFICER)
    grant(user, world.national, Role.VIEWER)
    user = fresh(user)

    # memberships + 4 tree levels (+1 empty) + communes + province orgs
    with django_assert_max_num_queries(8):
        visible = visible_organization_ids(user)
        visible_area_ids(user)

    # Everything but the other province's commune (no parent, outside the oversight).
    assert len(visible) == len(world.all_orgs()) - 1 + 60
    assert world.ubnd_c3.pk not in visible


@pytest.mark.django_db
def test_membership_change_is_seen_by_a_fresh_user_object(world: World) -> None:
    user = make_user("doi.vai.tro", world.ubnd_c1, Role.OFFICER)
    assert world.ubnd_c2.pk not in visible_organization_ids(user)

    grant(user, world.ubnd_c2, Role.OFFICER)

    assert world.ubnd_c2.pk in visible_organization_ids(user)  # same object: cache reset
    assert world.ubnd_c2.pk in visible_organization_ids(fresh(user))


# --- Property: the scope is exactly "the org or one of its ancestors holds the role" ---------


@st.composite
def forests(draw: Any) -> list[int | None]:
    """parents[i] is the index of node i's parent (always an earlier node) or None."""
    size = draw(st.integers(min_value=1, max_value=14))
    parents: list[int | None] = []
    for i in range(size):
        parents.append(draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None)
    return parents


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(parents=forests(), data=st.data())
def test_visible_orgs_are_exactly_the_descendants_of_member_orgs(
    parents: list[int | None], data: Any
) -> None:
    with transaction.atomic():
        orgs: list[Organization] = []
        for i, parent in enumerate(parents):
            orgs.append(
                OrganizationFactory(
                    code=f"H{i}",
                    kind="khac",
                    level="commune",
                    area=None,
                    parent=orgs[parent] if parent is not None else None,
                )
            )
        member_of = data.draw(st.sets(st.integers(0, len(orgs) - 1), min_size=1, max_size=3))
        user = User.objects.create(username="nguoi.thu")
        for i in member_of:
            Membership.objects.create(user=user, organization=orgs[i], role=Role.OFFICER)

        def ancestors_or_self(i: int) -> set[int]:
            found = {i}
            while parents[i] is not None:
                i = parents[i]  # type: ignore[assignment]
                found.add(i)
            return found

        expected = {orgs[i].pk for i in range(len(orgs)) if ancestors_or_self(i) & member_of}
        assert visible_organization_ids(user) == expected
        for i in range(len(orgs)):
            assert user_has_role(user, Role.OFFICER, org=orgs[i]) == (orgs[i].pk in expected)
        transaction.set_rollback(True)
