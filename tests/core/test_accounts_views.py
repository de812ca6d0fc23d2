"""Sign-in, sign-out, throttling and the user administration pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.models import AuditEvent, Membership, Role, User
from danvan.core.services import accounts as account_services
from tests.core.test_accounts_support import (
    PASSWORD,
    World,
    fast_password_hashing,
    locmem_cache,
    make_user,
    world,
)

__all__ = ["fast_password_hashing", "locmem_cache", "world"]

pytestmark = pytest.mark.usefixtures("locmem_cache")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password}, **extra)


# --- Sign-in --------------------------------------------------------------------------------


def test_login_page_is_in_vietnamese_at_dang_nhap(client: Client, db: Any) -> None:
    response = client.get("/dang-nhap/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body
    assert "csrfmiddlewaretoken" in body


def test_protected_page_redirects_to_login(client: Client, db: Any) -> None:
    response = client.get(reverse("core:users"))

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.django_db
def test_user_signs_in_and_the_login_is_audited(client: Client, world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    response = login(client, "CB.C1", PASSWORD, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.filter(verb="user.login").get()
    assert event.actor_id == user.pk
    assert event.changes["client_address"] == [None, "10.1.2.3"]


@pytest.mark.django_db
def test_login_follows_a_safe_next_and_ignores_an_outside_one(client: Client, world: World) -> None:
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    inside = client.post(
        "/dang-nhap/?next=/nguoi-dung/", {"username": "cb.c1", "password": PASSWORD}
    )
    client.logout()
    outside = client.post(
        "/dang-nhap/?next=https://evil.example/", {"username": "cb.c1", "password": PASSWORD}
    )

    assert inside["Location"] == "/nguoi-dung/"
    assert outside["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_wrong_password_shows_vietnamese_error(client: Client, world: World) -> None:
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)

    response = login(client, "cb.c1", "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_look_alike_username_with_the_right_password_does_not_sign_in(
    client: Client, world: World
) -> None:
    make_user("canbo.thainguyen", world.ubnd_c1, Role.OFFICER)

    response = login(client, "canbo.thaınguyen", PASSWORD)

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(verb="user.login").exists()


@pytest.mark.django_db
def test_username_is_locked_after_too_many_failures_even_with_right_password(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 3
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    for n in range(3):
        login(client, "cb.c1", "sai", REMOTE_ADDR=f"10.0.0.{n}")

    response = login(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_address_is_locked_after_too_many_failures_across_usernames(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 3
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    for name in ("a", "b", "c"):
        login(client, name, "sai", REMOTE_ADDR="10.0.0.7")

    from_same = login(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.0.0.7")
    from_other = login(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.0.0.8")

    assert from_same.status_code == 429
    assert from_other.status_code == 302


@pytest.mark.django_db
def test_lock_lifts_when_the_window_passes(
    client: Client, world: World, settings: Any, monkeypatch: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    settings.DANVAN_LOGIN_WINDOW_SECONDS = 600
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    now = [1_000_000.0]
    monkeypatch.setattr(account_services.time, "time", lambda: now[0])
    login(client, "cb.c1", "sai")
    now[0] += 100
    login(client, "cb.c1", "sai")

    now[0] += 499  # 599 s after the first failure: still locked
    assert login(client, "cb.c1", PASSWORD).status_code == 429
    assert account_services.login_throttle_wait(username="cb.c1", client_ip="") == 1

    now[0] += 2  # the first failure has left the window
    assert login(client, "cb.c1", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_success_clears_the_username_count(client: Client, world: World, settings: Any) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 3
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    login(client, "cb.c1", "sai", REMOTE_ADDR="10.0.0.1")
    login(client, "cb.c1", "sai", REMOTE_ADDR="10.0.0.2")
    assert login(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.0.0.3").status_code == 302
    client.logout()

    login(client, "cb.c1", "sai", REMOTE_ADDR="10.0.0.4")
    login(client, "cb.c1", "sai", REMOTE_ADDR="10.0.0.5")

    assert login(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.0.0.6").status_code == 302


@pytest.mark.django_db
def test_trusted_proxy_setting_throttles_the_forwarded_client(
    client: Client, world: World, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    settings.DANVAN_TRUSTED_PROXIES = 1
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    behind_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for name in ("a", "b"):
        login(client, name, "sai", HTTP_X_FORWARDED_FOR="203.0.113.5", **behind_proxy)

    other_client = login(
        client, "cb.c1", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **behind_proxy
    )

    assert other_client.status_code == 302  # the proxy's own address is not what was counted


@pytest.mark.django_db
def test_deactivated_user_cannot_sign_in(client: Client, world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    account_services.user_deactivate(actor=None, user=user)

    response = login(client, "cb.c1", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_needs_post(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    client = signed_in(user)

    assert client.get("/dang-xuat/").status_code == 405
    response = client.post("/dang-xuat/")

    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_form_without_csrf_token_is_refused(world: World) -> None:
    make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    client = Client(enforce_csrf_checks=True)

    response = login(client, "cb.c1", PASSWORD)

    assert response.status_code == 403


@pytest.mark.django_db
def test_user_changes_own_password_and_stays_signed_in(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    client = signed_in(user)

    response = client.post(
        reverse("core:password_change"),
        {
            "current_password": PASSWORD,
            "password1": "Mat-khau-moi-2026!",
            "password2": "Mat-khau-moi-2026!",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")
    assert client.get(reverse("core:password_change")).status_code == 200  # session kept


@pytest.mark.django_db
def test_own_password_form_explains_mismatch_and_wrong_current(world: World) -> None:
    user = make_user("cb.c1", world.ubnd_c1, Role.OFFICER)
    client = signed_in(user)

    mismatch = client.post(
        reverse("core:password_change"),
        {"current_password": PASSWORD, "password1": "Mot-hai-ba-2026", "password2": "Khac-2026-x"},
    )
    wrong = client.post(
        reverse("core:password_change"),
        {"current_password": "sai", "password1": "Mot-hai-ba-2026", "password2": "Mot-hai-ba-2026"},
    )

    assert "Hai lần nhập mật khẩu không khớp" in mismatch.content.decode()
    assert "Mật khẩu hiện tại không đúng" in wrong.content.decode()


# --- User administration --------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_lists_only_users_of_own_subtree(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    make_user("trong.cay", world.tcd_c1, Role.OFFICER, full_name="Đỗ Thị Hoà")
    make_user("ngoai.cay", world.ubnd_c2, Role.OFFICER)

    response = signed_in(admin).get("/nguoi-dung/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "trong.cay" in body and "Đỗ Thị Hoà" in body
    assert "ngoai.cay" not in body


@pytest.mark.django_db
def test_user_search_ignores_diacritics(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    make_user("hoa", world.tcd_c1, Role.OFFICER, full_name="Đỗ Thị Hoà")
    make_user("lan", world.tcd_c1, Role.OFFICER, full_name="Trần Lan")

    body = signed_in(admin).get("/nguoi-dung/", {"q": "do thi hoa"}).content.decode()

    assert "Đỗ Thị Hoà" in body and "Trần Lan" not in body


@pytest.mark.django_db
def test_user_list_filters_by_organisation_role_and_status(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    make_user("o.tcd", world.tcd_c1, Role.OFFICER)
    make_user("l.tcd", world.tcd_c1, Role.LEADER)
    locked = make_user("k.tcd", world.tcd_c1, Role.LEADER)
    account_services.user_deactivate(actor=None, user=locked)
    client = signed_in(admin)

    def names(**params: Any) -> set[str]:
        page = client.get("/nguoi-dung/", params).context["page"]
        return {u.username for u in page.object_list}

    assert names(organization=world.tcd_c1.pk) == {"o.tcd", "l.tcd", "k.tcd"}
    assert names(organization=world.tcd_c1.pk, role="leader", active="1") == {"l.tcd"}
    assert names(active="0") == {"k.tcd"}
    assert names(organization=world.ubnd_c2.pk) == {"qt.c1", "o.tcd", "l.tcd", "k.tcd"}


@pytest.mark.django_db
def test_non_administrator_cannot_open_user_pages(world: World) -> None:
    leader = make_user("ld.p1", world.ubnd_p1, Role.LEADER)

    assert signed_in(leader).get("/nguoi-dung/").status_code == 403


@pytest.mark.django_db
def test_user_outside_scope_is_not_found(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    other = make_user("ngoai", world.ubnd_c2, Role.OFFICER)
    client = signed_in(admin)

    assert client.get(reverse("core:user_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("core:user_deactivate", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active


@pytest.mark.django_db
def test_administrator_creates_user_through_the_form(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    client = signed_in(admin)
    form = client.get(reverse("core:user_create")).content.decode()
    assert world.tcd_c1.name in form and world.ubnd_c2.name not in form

    response = client.post(
        reverse("core:user_create"),
        {
            "username": "moi.tao",
            "full_name": "Phạm Minh Khôi",
            "organization": world.tcd_c1.pk,
            "role": Role.OFFICER,
            "password1": "Mat-khau-rat-dai-99",
            "password2": "Mat-khau-rat-dai-99",
        },
    )

    created = User.objects.get(username="moi.tao")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:user_detail", args=[created.pk])
    assert created.memberships.get().organization == world.tcd_c1


@pytest.mark.django_db
def test_create_form_shows_vietnamese_errors_and_creates_nothing(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    make_user("da.co", world.tcd_c1, Role.OFFICER)
    client = signed_in(admin)

    weak = client.post(
        reverse("core:user_create"),
        {
            "username": "moi",
            "organization": world.tcd_c1.pk,
            "role": Role.OFFICER,
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    taken = client.post(
        reverse("core:user_create"),
        {
            "username": "Da.Co",
            "organization": world.tcd_c1.pk,
            "role": Role.OFFICER,
            "password1": "Mat-khau-rat-dai-99",
            "password2": "Mat-khau-rat-dai-99",
        },
    )
    outside = client.post(
        reverse("core:user_create"),
        {
            "username": "moi2",
            "organization": world.ubnd_c2.pk,
            "role": Role.OFFICER,
            "password1": "Mat-khau-rat-dai-99",
            "password2": "Mat-khau-rat-dai-99",
        },
    )

    assert "Mật khẩu chưa đạt yêu cầu" in weak.content.decode() or "chỉ gồm chữ số" in (
        weak.content.decode()
    )
    assert "đã có người dùng" in taken.content.decode()
    assert outside.status_code == 200  # the organisation is not a valid choice
    assert not User.objects.filter(username__in=["moi", "moi2"]).exists()


@pytest.mark.django_db
def test_administrator_grants_and_revokes_a_role(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)
    client = signed_in(admin)

    granted = client.post(
        reverse("core:user_grant", args=[officer.pk]),
        {"organization": world.tcd_c1.pk, "role": Role.LEADER},
    )
    membership = Membership.objects.get(user=officer, organization=world.tcd_c1)
    revoked = client.post(reverse("core:user_revoke", args=[officer.pk, membership.pk]))

    assert granted.status_code == 302 and revoked.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    detail = client.get(reverse("core:user_detail", args=[officer.pk])).content.decode()
    assert "Đã thu hồi vai trò" in detail
    assert "Thu hồi vai trò" in detail  # the audit trail on the page


@pytest.mark.django_db
def test_granting_a_duplicate_role_shows_the_reason(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)

    response = signed_in(admin).post(
        reverse("core:user_grant", args=[officer.pk]),
        {"organization": world.ubnd_c1.pk, "role": Role.OFFICER},
    )

    assert response.status_code == 422
    assert "đã có vai trò" in response.content.decode()


@pytest.mark.django_db
def test_administrator_granting_themselves_a_role_sees_the_reason(world: World) -> None:
    admin = make_user("qt.p1", world.ubnd_p1, Role.ADMINISTRATOR)

    response = signed_in(admin).post(
        reverse("core:user_grant", args=[admin.pk]),
        {"organization": world.ubnd_p1.pk, "role": Role.LEADER},
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Không thể tự giao vai trò cho chính mình" in body
    assert 'role="alert"' in body
    assert not Membership.objects.filter(user=admin, role=Role.LEADER).exists()


@pytest.mark.django_db
def test_administrator_deactivates_and_reactivates(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)
    client = signed_in(admin)

    client.post(reverse("core:user_deactivate", args=[officer.pk]))
    officer.refresh_from_db()
    assert not officer.is_active

    client.post(reverse("core:user_activate", args=[officer.pk]))
    officer.refresh_from_db()
    assert officer.is_active


@pytest.mark.django_db
def test_deactivated_users_session_ends(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)
    officer_client = signed_in(officer)
    assert officer_client.get(reverse("core:password_change")).status_code == 200

    signed_in(admin).post(reverse("core:user_deactivate", args=[officer.pk]))

    assert officer_client.get(reverse("core:password_change")).status_code == 302


@pytest.mark.django_db
def test_administrator_resets_password_through_the_form(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)

    response = signed_in(admin).post(
        reverse("core:user_password", args=[officer.pk]),
        {"password1": "Dat-lai-moi-2026", "password2": "Dat-lai-moi-2026"},
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Dat-lai-moi-2026")


@pytest.mark.django_db
def test_reset_password_page_is_refused_for_user_with_roles_outside_scope(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    leader = make_user("ld.p1", world.ubnd_p1, Role.LEADER)
    account_services.membership_grant(
        actor=None, user=leader, organization=world.tcd_c1, role=Role.VIEWER
    )
    client = signed_in(admin)

    assert client.get(reverse("core:user_detail", args=[leader.pk])).status_code == 200
    response = client.post(
        reverse("core:user_password", args=[leader.pk]),
        {"password1": "Dat-lai-moi-2026", "password2": "Dat-lai-moi-2026"},
    )

    assert response.status_code == 403
    leader.refresh_from_db()
    assert leader.check_password(PASSWORD)


@pytest.mark.django_db
def test_administrator_edits_profile(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)

    response = signed_in(admin).post(
        reverse("core:user_edit", args=[officer.pk]),
        {"full_name": "Vũ Thị Mai", "position": "Chuyên viên", "phone": "", "email": "mai@x.vn"},
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.full_name, officer.email) == ("Vũ Thị Mai", "mai@x.vn")


@pytest.mark.django_db
def test_every_admin_form_carries_a_csrf_token(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)
    client = signed_in(admin)

    for url in (
        reverse("core:user_create"),
        reverse("core:user_detail", args=[officer.pk]),
        reverse("core:user_password", args=[officer.pk]),
        reverse("core:user_edit", args=[officer.pk]),
        reverse("core:password_change"),
    ):
        body = client.get(url).content.decode()
        assert body.count("<form") == body.count("csrfmiddlewaretoken") + body.count(
            'method="get"'
        ), url


@pytest.mark.django_db
def test_admin_post_without_csrf_token_is_refused(world: World) -> None:
    admin = make_user("qt.c1", world.ubnd_c1, Role.ADMINISTRATOR)
    officer = make_user("cb", world.ubnd_c1, Role.OFFICER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    response = client.post(reverse("core:user_deactivate", args=[officer.pk]))

    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.is_active
