"""Account services: creating users, roles, passwords, deactivation, all audited."""

from __future__ import annotations

from typing import Any

import pytest

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
