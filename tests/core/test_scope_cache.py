"""The scopes a server process keeps between requests, and the triggers that retire them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core.models import AdminUnit, Membership, Organization, Role, ScopeGeneration
from danvan.core.selectors import scope as scope_module
from danvan.core.selectors.scope import (
    scope_generation,
    shared_scopes_clear,
    token_memo,
    user_scope,
    visible_organization_ids,
)
from tests.core.test_accounts_support import (
    World,
    fast_password_hashing,
    fresh,
    grant,
    make_user,
    world,
)

__all__ = ["fast_password_hashing", "world"]

pytestmark = pytest.mark.django_db

WATCHED_TABLES = (
    "core_membership",
    "core_organization",
    "core_adminunit",
    "core_calendaroverride",  # migration core/0010: the kept work calendar and rules
    "core_deadlinerule",
    "core_user",  # migration core/0011: the kept assignee choices (names, active flags)
)


def _trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_every_watched_table_has_its_triggers() -> None:
    # A later migration that rebuilds one of these tables on SQLite (Django copies the table
    # and drops the old one) would drop its triggers silently: this test then fails.
    if connection.vendor == "postgresql":
        expected = {f"{t}_scope_gen{s}" for t in WATCHED_TABLES for s in ("", "_upd")}
    else:
        expected = {f"{t}_scope_gen_{s}" for t in WATCHED_TABLES for s in ("ins", "del", "upd")}
    assert expected <= _trigger_names()
    assert ScopeGeneration.objects.filter(pk=1).exists()


def test_a_role_granted_or_revoked_changes_the_token(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    before = scope_generation()

    grant(officer, world.ubnd_c2, Role.VIEWER)
    after_grant = scope_generation()
    Membership.objects.filter(user=officer, organization=world.ubnd_c2).delete()
    after_revoke = scope_generation()
    Membership.objects.filter(user=officer).update(role=Role.LEADER)  # a bulk update too

    assert len({before, after_grant, after_revoke, scope_generation()}) == 4


def test_the_tree_and_the_units_change_the_token_but_other_columns_do_not(world: World) -> None:
    token = scope_generation()
    Organization.objects.filter(pk=world.tcd_c1.pk).update(search_name="khac")
    AdminUnit.objects.filter(pk=world.c1.pk).update(name_en="Commune One")
    assert scope_generation() == token  # not something a scope is made of

    Organization.objects.filter(pk=world.tcd_c1.pk).update(parent=world.ubnd_c2)
    moved = scope_generation()
    Organization.objects.filter(pk=world.tcd_c1.pk).update(name="Ban Tiếp công dân mới")
    renamed = scope_generation()
    AdminUnit.objects.filter(pk=world.c3.pk).update(parent=world.p2)
    assert len({token, moved, renamed, scope_generation()}) == 4


def test_the_next_request_takes_the_kept_scope_with_one_query(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    first = user_scope(fresh(officer))

    user = fresh(officer)  # the next request's user object
    with CaptureQueriesContext(connection) as captured:
        again = user_scope(user)

    assert again is first
    assert [q["sql"] for q in captured.captured_queries] == [
        "SELECT token FROM core_scopegeneration WHERE id = 1"
    ]


def test_a_change_made_elsewhere_is_seen_at_the_next_request(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    assert world.ubnd_c2.pk not in visible_organization_ids(fresh(officer))

    # Written straight to the table, as another process or a bulk load would.
    Membership.objects.bulk_create(
        [Membership(user=officer, organization=world.ubnd_c2, role=Role.OFFICER)]
    )
    assert world.ubnd_c2.pk in visible_organization_ids(fresh(officer))

    # A child organisation moved under the commune shows up in the scope too.
    Organization.objects.filter(pk=world.ubnd_c3.pk).update(parent=world.ubnd_c1)
    assert world.ubnd_c3.pk in visible_organization_ids(fresh(officer))

    Membership.objects.filter(user=officer).exclude(organization=world.ubnd_c1).delete()
    Organization.objects.filter(pk=world.ubnd_c3.pk).update(parent=None)
    seen = visible_organization_ids(fresh(officer))
    assert world.ubnd_c2.pk not in seen
    assert world.ubnd_c3.pk not in seen


def test_superuser_flag_is_part_of_the_key(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    assert not user_scope(fresh(officer)).is_superuser

    type(officer).objects.filter(pk=officer.pk).update(is_superuser=True)  # no watched table

    assert user_scope(fresh(officer)).is_superuser


def test_without_the_token_row_nothing_is_kept(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    ScopeGeneration.objects.all().delete()
    shared_scopes_clear()

    first = user_scope(fresh(officer))
    second = user_scope(fresh(officer))

    assert scope_generation() is None
    assert first is not second
    assert first.grants == second.grants
    assert len(scope_module._SHARED) == 0


def test_the_kept_scopes_are_bounded(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(scope_module, "SHARED_MAX", 2)
    shared_scopes_clear()
    users = [make_user(f"canbo.{i}", world.ubnd_c1, Role.OFFICER) for i in range(3)]
    for user in users:
        user_scope(fresh(user))

    kept_users = {key[0] for key in scope_module._SHARED}
    assert kept_users == {users[1].pk, users[2].pk}  # the least recently used went first


def test_the_header_shows_the_role_and_the_organisation_renamed(
    world: World, client: Client
) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("core:home")).content.decode()
    assert f"Cán bộ, chuyên viên · {world.ubnd_c1.name}" in page

    Organization.objects.filter(pk=world.ubnd_c1.pk).update(name="UBND xã Mới Đổi Tên")

    page = client.get(reverse("core:home")).content.decode()
    assert "Cán bộ, chuyên viên · UBND xã Mới Đổi Tên" in page


def test_a_request_reads_the_token_once_until_it_writes(world: World) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    other = make_user("canbo.c2", world.ubnd_c2, Role.OFFICER)
    seen: list[Any] = []

    with token_memo(), CaptureQueriesContext(connection) as captured:
        first = scope_generation()
        assert user_scope(fresh(officer)).organizations_for()  # the scope and the calendar
        assert scope_generation() == first
        reads_before = _token_reads(captured)
        # A write in the request (here a role granted) is followed by a fresh read.
        grant(other, world.ubnd_c1, Role.VIEWER)
        seen.append(scope_generation())
        seen.append(scope_generation())
        with token_memo():  # nested: the same memo
            seen.append(scope_generation())
    assert reads_before == 1
    assert seen[0] != first and seen[0] == seen[1] == seen[2]
    assert _token_reads(captured) == 2

    # Outside a request, every call reads it.
    with CaptureQueriesContext(connection) as captured:
        scope_generation()
        scope_generation()
    assert _token_reads(captured) == 2


def _token_reads(captured: CaptureQueriesContext) -> int:
    return sum("core_scopegeneration" in q["sql"] for q in captured.captured_queries)


def test_a_page_reads_the_token_once(world: World, client: Client) -> None:
    officer = make_user("canbo.c1", world.ubnd_c1, Role.OFFICER)
    client.force_login(officer)
    for path in ("/", "/han-xu-ly/", "/don-thu/", "/nhiem-vu/", "/api/v1/tasks"):
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, secure=True).status_code == 200
        assert _token_reads(captured) == 1, path


def test_the_home_summary_is_kept_and_follows_renames(world: World) -> None:
    from danvan.core.selectors.home import home_scope_summary

    officer = make_user("canbo.p1", world.ubnd_p1, Role.LEADER)
    first = home_scope_summary(user=fresh(officer))
    assert [m.organization.code for m in first.memberships] == [world.ubnd_p1.code]
    user = fresh(officer)
    with CaptureQueriesContext(connection) as captured:
        again = home_scope_summary(user=user)
    assert again is first
    assert _token_reads(captured) == len(captured.captured_queries) == 1

    Organization.objects.filter(pk=world.ubnd_p1.pk).update(code="UBND-MOI")
    renamed = home_scope_summary(user=fresh(officer))
    assert [m.organization.code for m in renamed.memberships] == ["UBND-MOI"]
    AdminUnit.objects.filter(pk=world.p1.pk).update(full_name="Tỉnh Đổi Tên")
    summary = home_scope_summary(user=fresh(officer))
    assert [str(p) for p in summary.provinces] == ["Tỉnh Đổi Tên"]
    grant(officer, world.ubnd_p2, Role.VIEWER)
    assert len(home_scope_summary(user=fresh(officer)).memberships) == 2
    # Another user's summary is their own.
    other = make_user("canbo.c2", world.ubnd_c2, Role.OFFICER)
    assert [m.organization_id for m in home_scope_summary(user=fresh(other)).memberships] == [
        world.ubnd_c2.pk
    ]
