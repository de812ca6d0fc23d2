"""Account services: creating users, roles, passwords, deactivation, all audited."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import ApiToken, AuditEvent, Membership, Role, User
from danvan.core.services import accounts as account_services
from danvan.core.services.audit import REDACTED, audit_chain_verify
from tests.core.test_accounts_support import (
    PASSWORD,
    World,
    fast_password_hashing,
    locmem_cache,
    make_user,
    world,
)

__all__ = ["fast_password_hashing", "locmem_cache", "world"]

# The production default (settings.CACHES); its table is made with the test database.
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "danvan_cache",
    }
}


def events_for(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_type="core.user", target_id=str(user.pk)))


# --- user_create ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_operator_creates_user_with_first_role_audited(world: World) -> None:
    user = account_services.user_create(
        actor=None,
        username="  Nguyen.Van.A ",
        password=PASSWORD,
        full_name="Nguyễn  Văn   A",
        position="Chuyên viên",
        organization=world.ubnd_c1,
        role=Role.OFFICER,
    )

    assert user.username == "nguyen.van.a"
    assert user.full_name == "Nguyễn Văn A"
    assert user.search_name == "nguyen.van.a nguyen van a"
    assert user.check_password(PASSWORD)
    assert list(user.memberships.values_list("organization_id", "role")) == [
        (world.ubnd_c1.pk, Role.OFFICER)
    ]
    create, grant = events_for(user)
    assert create.verb == "user.create" and create.actor_label == "system"
    assert create.changes["username"] == [None, "nguyen.van.a"]
    assert create.changes["password"] == [REDACTED, REDACTED]
    assert grant.verb == "membership.grant"
    assert grant.changes["role"] == [None, "officer"]
    assert grant.changes["organization"] == [None, "UBND-C1"]


@pytest.mark.django_db
def test_password_hash_never_reaches_the_audit_log(world: World) -> None:
    user = make_user("bi.mat", world.ubnd_c1, Role.OFFICER)
    account_services.user_set_password(actor=None, user=user, password="Mot-mat-khau-moi-2026")
    user.refresh_from_db()

    everything = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    assert user.password not in everything
    assert "Mot-mat-khau-moi-2026" not in everything and PASSWORD not in everything


@pytest.mark.django_db
def test_administrator_creates_user_in_own_subtree(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)

    user = account_services.user_create(
        actor=admin, username="moi", password=PASSWORD, organization=world.so_p1, role=Role.LEADER
    )

    assert events_for(user)[0].actor_id == admin.pk


@pytest.mark.django_db
def test_administrator_cannot_create_user_outside_subtree(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        account_services.user_create(
            actor=admin,
            username="moi",
            password=PASSWORD,
            organization=world.ubnd_c2,
            role=Role.OFFICER,
        )
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.django_db
def test_non_administrator_cannot_create_users(world: World) -> None:
    leader = make_user("ld.p1", world.ubnd_p1, Role.LEADER)

    with pytest.raises(PermissionDenied):
        account_services.user_create(
            actor=leader,
            username="moi",
            password=PASSWORD,
            organization=world.so_p1,
            role=Role.OFFICER,
        )


@pytest.mark.django_db
def test_administrator_must_give_new_user_an_organisation_and_role(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)

    with pytest.raises(ValidationFailed) as caught:
        account_services.user_create(actor=admin, username="moi", password=PASSWORD)
    assert set(caught.value.fields) == {"organization", "role"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("", PASSWORD, "username"),
        ("có dấu", PASSWORD, "username"),
        ("códấu", PASSWORD, "username"),
        ("a" * 151, PASSWORD, "username"),
        ("hople", "12345678", "password"),
        ("hople", "matkhau", "password"),
        ("hople", "", "password"),
    ],
)
def test_invalid_username_or_password_is_refused_with_a_field_message(
    world: World, username: str, password: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        account_services.user_create(
            actor=None,
            username=username,
            password=password,
            organization=world.ubnd_c1,
            role=Role.OFFICER,
        )

    assert field in caught.value.fields
    assert caught.value.fields[field]
    assert not AuditEvent.objects.exists()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_short_numeric_password_is_explained_in_vietnamese(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_user("hople", world.ubnd_c1, Role.OFFICER, password="1234")

    message = caught.value.fields["password"]
    assert "ít nhất 8 ký tự" in message
    assert "chỉ gồm chữ số" in message
    assert "password" not in message.lower()


@pytest.mark.django_db
def test_duplicate_username_is_a_conflict_whatever_the_case(world: World) -> None:
    make_user("trung.ten", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(Conflict):
        account_services.user_create(actor=None, username="Trung.Ten", password=PASSWORD)


@pytest.mark.django_db
def test_invalid_email_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_user("thu", world.ubnd_c1, Role.OFFICER, email="khong-phai-email")

    assert "email" in caught.value.fields


@pytest.mark.django_db
def test_inactive_organisation_cannot_receive_users(world: World) -> None:
    world.ubnd_c2.is_active = False
    world.ubnd_c2.save()

    with pytest.raises(ValidationFailed):
        make_user("moi", world.ubnd_c2, Role.OFFICER)


@pytest.mark.django_db
def test_failed_audit_write_leaves_no_user_behind(world: World, monkeypatch: Any) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(account_services, "audit_record", broken)

    with pytest.raises(RuntimeError):
        make_user("khong.luu", world.ubnd_c1, Role.OFFICER)
    assert not User.objects.filter(username="khong.luu").exists()
    assert not Membership.objects.exists()


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_grants_and_revokes_role_in_subtree(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    membership = account_services.membership_grant(
        actor=admin, user=officer, organization=world.tcd_c1, role=Role.LEADER
    )
    account_services.membership_revoke(actor=admin, membership=membership)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    verbs = [(e.verb, e.actor_id) for e in events_for(officer)]
    assert verbs[-2:] == [("membership.grant", admin.pk), ("membership.revoke", admin.pk)]
    assert events_for(officer)[-1].changes["role"] == ["leader", None]


@pytest.mark.django_db
def test_administrator_cannot_grant_role_outside_subtree(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(PermissionDenied):
        account_services.membership_grant(
            actor=admin, user=officer, organization=world.ubnd_p1, role=Role.LEADER
        )


@pytest.mark.django_db
def test_administrator_cannot_grant_roles_to_a_user_they_cannot_see(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    stranger = make_user("la.c2", world.ubnd_c2, Role.OFFICER)

    with pytest.raises(PermissionDenied):
        account_services.membership_grant(
            actor=admin, user=stranger, organization=world.ubnd_c1, role=Role.OFFICER
        )


@pytest.mark.django_db
def test_granting_a_role_twice_is_a_conflict(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(Conflict):
        account_services.membership_grant(
            actor=None, user=user, organization=world.ubnd_c1, role=Role.OFFICER
        )


@pytest.mark.django_db
def test_unknown_role_is_refused(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(ValidationFailed):
        account_services.membership_grant(
            actor=None, user=user, organization=world.ubnd_c1, role="emperor"
        )


@pytest.mark.django_db
def test_administrator_cannot_revoke_own_administrator_role(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    membership = admin.memberships.get()

    with pytest.raises(Conflict):
        account_services.membership_revoke(actor=admin, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_administrator_cannot_strip_a_peer_administrator(world: World) -> None:
    first = make_user("qt1.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    second = make_user("qt2.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    national = make_user("qt.tw", world.national, Role.ADMINISTRATOR)
    peer_role = second.memberships.get()

    with pytest.raises(PermissionDenied):
        account_services.membership_revoke(actor=first, membership=peer_role)
    account_services.membership_revoke(actor=national, membership=peer_role)

    assert not Membership.objects.filter(pk=peer_role.pk).exists()


@pytest.mark.django_db
def test_revoking_an_already_revoked_role_is_a_conflict(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    membership = user.memberships.get()
    account_services.membership_revoke(actor=None, membership=membership)

    with pytest.raises(Conflict):
        account_services.membership_revoke(actor=None, membership=membership)


# --- Passwords, deactivation ----------------------------------------------------------------


@pytest.mark.django_db
def test_user_changes_own_password_with_current_password(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    account_services.user_set_password(
        actor=user, user=user, password="Mat-khau-moi-2026!", current_password=PASSWORD
    )

    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")
    event = events_for(user)[-1]
    assert event.verb == "user.password_change"
    assert event.changes == {"password": [REDACTED, REDACTED]}


@pytest.mark.django_db
def test_own_password_change_needs_the_current_password(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    with pytest.raises(ValidationFailed) as caught:
        account_services.user_set_password(
            actor=user, user=user, password="Mat-khau-moi-2026!", current_password="sai"
        )

    assert "current_password" in caught.value.fields
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_administrator_resets_password_and_tokens_are_revoked(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.tcd_c1, Role.OFFICER)
    account_services.api_token_issue(user=officer)

    account_services.user_set_password(actor=admin, user=officer, password="Dat-lai-2026-abc")

    officer.refresh_from_db()
    assert officer.check_password("Dat-lai-2026-abc")
    assert not ApiToken.objects.filter(user=officer, revoked_at__isnull=True).exists()
    verbs = [e.verb for e in events_for(officer)]
    assert verbs[-2:] == ["user.password_reset", "api_token.revoke"]


@pytest.mark.django_db
def test_administrator_cannot_reset_password_outside_scope(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    other = make_user("cb.c2", world.ubnd_c2, Role.OFFICER)

    with pytest.raises(PermissionDenied):
        account_services.user_set_password(actor=admin, user=other, password="Dat-lai-2026-abc")


@pytest.mark.django_db
@pytest.mark.usefixtures("locmem_cache")
def test_deactivated_user_cannot_sign_in_and_loses_tokens(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    _token, raw = account_services.api_token_issue(user=officer)

    account_services.user_deactivate(actor=admin, user=officer)

    assert account_services.api_token_authenticate(raw) is None
    with pytest.raises(account_services.InvalidCredentials):
        account_services.login_authenticate(
            request=None, username="cb.c1", password=PASSWORD, client_ip="10.0.0.1"
        )
    assert events_for(officer)[-2].changes == {"is_active": [True, False]}

    account_services.user_activate(actor=admin, user=officer)
    assert (
        account_services.login_authenticate(
            request=None, username="cb.c1", password=PASSWORD, client_ip="10.0.0.1"
        )
        == officer
    )


@pytest.mark.django_db
def test_administrator_cannot_deactivate_self(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)

    with pytest.raises((Conflict, PermissionDenied)):
        account_services.user_deactivate(actor=admin, user=admin)
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.django_db
def test_update_records_only_changed_fields(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER, position="Chuyên viên")

    account_services.user_update(actor=admin, user=officer, position="Phó Chủ tịch", phone="0912")

    event = events_for(officer)[-1]
    assert event.verb == "user.update"
    assert event.changes == {"position": ["Chuyên viên", "Phó Chủ tịch"], "phone": ["", "0912"]}
    officer.refresh_from_db()
    assert officer.position == "Phó Chủ tịch"


@pytest.mark.django_db
def test_every_account_change_keeps_the_chain_valid(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    account_services.user_update(actor=admin, user=officer, full_name="Lê Thị Đào")
    account_services.user_deactivate(actor=admin, user=officer)
    account_services.user_activate(actor=admin, user=officer)

    result = audit_chain_verify()

    assert result.ok and result.events == len(AuditEvent.objects.all())


# --- Selectors ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_list_query_count_does_not_grow_with_users(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from danvan.core.selectors.accounts import user_list

    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    for n in range(25):
        user = make_user(f"cb{n}", world.tcd_c1, Role.OFFICER)
        account_services.membership_grant(
            actor=None, user=user, organization=world.ubnd_c1, role=Role.VIEWER
        )
    admin = User.objects.get(pk=admin.pk)

    # scope (memberships + tree levels) + users + their memberships with organisations
    with django_assert_max_num_queries(6):
        rows = [
            (u.username, [m.organization.code for m in u.memberships.all()])
            for u in user_list(actor=admin)
        ]

    assert len(rows) == 26
    assert ("cb0", ["TCD-C1", "UBND-C1"]) in rows


# --- Self-grant -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_province_administrator_cannot_grant_themselves_leader(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as refused:
        account_services.membership_grant(
            actor=admin, user=admin, organization=world.ubnd_p1, role=Role.LEADER
        )

    assert "quản trị viên khác" in refused.value.message
    assert list(admin.memberships.values_list("role", flat=True)) == [Role.ADMINISTRATOR]
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_another_administrator_grants_the_role_instead(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)
    colleague = make_user("qt2.p1", world.ubnd_p1, Role.ADMINISTRATOR)

    account_services.membership_grant(
        actor=colleague, user=admin, organization=world.ubnd_p1, role=Role.LEADER
    )

    assert admin.memberships.filter(organization=world.ubnd_p1, role=Role.LEADER).exists()
    assert events_for(admin)[-1].actor_id == colleague.pk


@pytest.mark.django_db
def test_superuser_and_operator_may_grant_a_role_to_themselves(world: World) -> None:
    root = make_user("root")
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    root = User.objects.get(pk=root.pk)
    officer = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    account_services.membership_grant(
        actor=root, user=root, organization=world.ubnd_p1, role=Role.LEADER
    )
    account_services.membership_grant(
        actor=None, user=officer, organization=world.tcd_c1, role=Role.VIEWER
    )

    assert root.memberships.filter(role=Role.LEADER).exists()
    assert officer.memberships.filter(organization=world.tcd_c1).exists()


# --- Sign-in: throttling and usernames ------------------------------------------------------


def _attempt(username: str, password: str, client_ip: str) -> str:
    """Sign in through the service; "ok", "401" or "429"."""
    try:
        account_services.login_authenticate(
            request=None, username=username, password=password, client_ip=client_ip
        )
    except account_services.LoginThrottled:
        return "429"
    except account_services.InvalidCredentials:
        return "401"
    return "ok"


def _race(monkeypatch: Any, attempts: list[tuple[str, str]]) -> list[str]:
    """Run wrong-password sign-ins in parallel threads, all past the gate before any ends.

    Every attempt that gets past the throttle waits in the password check until each attempt
    has either arrived there or been refused, so none records its outcome before all others
    have passed the gate: the worst interleaving, every time.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    total = len(attempts)
    settled = [0]
    condition = threading.Condition()
    real_authenticate = account_services.authenticate

    def settle() -> None:
        with condition:
            settled[0] += 1
            condition.notify_all()

    def slow_authenticate(request: Any, **credentials: Any) -> Any:
        settle()
        with condition:
            condition.wait_for(lambda: settled[0] >= total, timeout=20)
        return real_authenticate(request, **credentials)

    def one(attempt: tuple[str, str]) -> str:
        username, client_ip = attempt
        try:
            outcome = _attempt(username, "sai-mat-khau", client_ip)
            if outcome == "429":
                settle()
            return outcome
        finally:
            connection.close()

    monkeypatch.setattr(account_services, "authenticate", slow_authenticate)
    with ThreadPoolExecutor(max_workers=total) as pool:
        return list(pool.map(one, attempts))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "attempts",
    [
        pytest.param([("cb.c1", f"10.0.{n}.1") for n in range(40)], id="one-user-many-addresses"),
        pytest.param([(f"doan.{n}", "10.0.0.9") for n in range(40)], id="one-address-many-users"),
    ],
)
def test_parallel_wrong_passwords_pass_the_gate_at_most_the_limit(
    monkeypatch: Any, settings: Any, attempts: list[tuple[str, str]]
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 5
    make_user("cb.c1")

    outcomes = _race(monkeypatch, attempts)

    assert outcomes.count("401") == 5
    assert outcomes.count("429") == 35
    username, client_ip = attempts[-1]
    assert account_services.login_throttle_wait(username=username, client_ip=client_ip) > 0


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_are_counted_atomically_in_the_database_cache(
    monkeypatch: Any, settings: Any
) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks its tables for parallel writers")
    settings.DANVAN_LOGIN_MAX_FAILURES = 5
    settings.CACHES = DATABASE_CACHE
    cache.clear()
    make_user("cb.c1")

    outcomes = _race(monkeypatch, [("cb.c1", f"10.0.{n}.1") for n in range(40)])

    assert outcomes.count("401") == 5
    assert outcomes.count("429") == 35


@pytest.mark.django_db
def test_database_cache_counts_attempts_and_resets_on_success(world: World, settings: Any) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 3
    settings.DANVAN_LOGIN_WINDOW_SECONDS = 300
    settings.CACHES = DATABASE_CACHE
    cache.clear()
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    first = [_attempt("cb.c1", "sai", f"10.0.0.{n}") for n in range(2)]
    success = _attempt("cb.c1", PASSWORD, "10.0.0.9")
    again = [_attempt("cb.c1", "sai", f"10.0.1.{n}") for n in range(4)]

    assert first == ["401", "401"]
    assert success == "ok"
    assert again == ["401", "401", "401", "429"]
    assert 290 <= account_services.login_throttle_wait(username="cb.c1", client_ip="") <= 300
    cache.clear()


@pytest.mark.django_db
def test_attempts_racing_across_a_window_boundary_stay_within_the_limit(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    # Window 100 s, limit 2. One failure at t=1150; attempt A at t=1199.99 reads the username's
    # counts, then attempt B at t=1200.01 (the next bucket) runs completely before A writes.
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    settings.DANVAN_LOGIN_WINDOW_SECONDS = 100
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    now = [1150.0]
    monkeypatch.setattr(account_services.time, "time", lambda: now[0])
    assert _attempt("cb.c1", "sai", "10.0.0.1") == "401"
    real_cache = account_services.cache
    outcomes: dict[str, str] = {}

    class InterleavingCache:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_cache, name)

        def add(self, key: str, value: Any, timeout: Any = None) -> bool:
            if "b" not in outcomes and now[0] == 1199.99 and ":user:" in key:
                now[0] = 1200.01
                outcomes["b"] = _attempt("cb.c1", "sai", "10.0.0.3")
                now[0] = 1200.02
            return bool(real_cache.add(key, value, timeout=timeout))

    monkeypatch.setattr(account_services, "cache", InterleavingCache())
    now[0] = 1199.99
    outcomes["a"] = _attempt("cb.c1", "sai", "10.0.0.2")

    assert sorted(outcomes.values()) == ["401", "429"]


@pytest.mark.django_db
def test_attempts_of_the_previous_window_still_count_until_they_leave_it(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    settings.DANVAN_LOGIN_WINDOW_SECONDS = 100
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    now = [1150.0]
    monkeypatch.setattr(account_services.time, "time", lambda: now[0])
    _attempt("cb.c1", "sai", "10.0.0.1")
    now[0] = 1190.0
    _attempt("cb.c1", "sai", "10.0.0.2")

    now[0] = 1210.0  # next bucket, both failures within the last 100 s
    locked = _attempt("cb.c1", PASSWORD, "10.0.0.3")
    wait = account_services.login_throttle_wait(username="cb.c1", client_ip="")
    now[0] = 1251.0  # the first failure has left the window
    allowed = _attempt("cb.c1", PASSWORD, "10.0.0.4")

    assert (locked, wait, allowed) == ("429", 40, "ok")


@pytest.mark.django_db
def test_successful_sign_ins_behind_one_address_do_not_lock_it(world: World, settings: Any) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    for n in range(5):
        make_user(f"cb{n}", world.ubnd_c1, Role.OFFICER)

    outcomes = [_attempt(f"cb{n}", PASSWORD, "203.0.113.7") for n in range(5)]
    outcomes.append(_attempt("cb0", "sai", "203.0.113.7"))
    outcomes.append(_attempt("cb1", PASSWORD, "203.0.113.7"))

    assert outcomes == ["ok"] * 5 + ["401", "ok"]


@pytest.mark.django_db
def test_attempts_refused_at_a_locked_address_do_not_use_up_the_username(
    world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    _attempt("a", "sai", "10.0.0.7")
    _attempt("b", "sai", "10.0.0.7")

    from_locked = [_attempt("cb.c1", "sai", "10.0.0.7") for _ in range(5)]
    from_elsewhere = [_attempt("cb.c1", "sai", "10.0.0.8"), _attempt("cb.c1", PASSWORD, "10.0.0.9")]

    assert from_locked == ["429"] * 5
    assert from_elsewhere == ["401", "ok"]


@pytest.mark.django_db
def test_typed_username_is_normalised_for_sign_in_and_throttling(
    world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    user = make_user("canbo.thainguyen", world.ubnd_c1, Role.OFFICER)

    assert (
        account_services.login_authenticate(
            request=None, username="  CanBo.ThaiNguyen ", password=PASSWORD, client_ip="10.0.0.1"
        )
        == user
    )
    _attempt("CANBO.THAINGUYEN", "sai", "10.0.0.2")
    _attempt(" canbo.thainguyen\t", "sai", "10.0.0.3")
    assert _attempt("canbo.thainguyen", PASSWORD, "10.0.0.4") == "429"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "look_alike",
    [
        "canbo.thaınguyen",  # dotless ı: PostgreSQL's UPPER gives I
        "canbo.thaİnguyen",  # dotted capital İ
        "canbo.thainguyen\u200b",  # zero-width space
        "сanbo.thainguyen",  # Cyrillic с
        "canbo.thai\uff4eguyen",  # fullwidth n
        "\u212aanbo",  # Kelvin sign, lower-cases to an ASCII k
    ],
)
def test_non_ascii_look_alike_username_is_refused_without_a_lookup(
    world: World, look_alike: str, django_assert_num_queries: Any
) -> None:
    make_user("canbo.thainguyen", world.ubnd_c1, Role.OFFICER)
    make_user("kanbo", world.ubnd_c1, Role.OFFICER)

    with django_assert_num_queries(0), pytest.raises(account_services.InvalidCredentials):
        account_services.login_authenticate(
            request=None, username=look_alike, password=PASSWORD, client_ip="10.0.0.1"
        )


@pytest.mark.django_db
def test_look_alike_username_attempts_still_count_against_the_address(
    world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    make_user("canbo.thainguyen", world.ubnd_c1, Role.OFFICER)

    outcomes = [
        _attempt("canbo.thaınguyen", PASSWORD, "10.0.0.5"),
        _attempt("canbo.thaİnguyen", PASSWORD, "10.0.0.5"),
        _attempt("canbo.thainguyen", PASSWORD, "10.0.0.5"),
    ]

    assert outcomes == ["401", "401", "429"]
