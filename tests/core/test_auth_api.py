"""API authentication: POST /api/v1/auth/token, bearer tokens, the browser session, CSRF."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from danvan.core.models import ApiToken, AuditEvent, Role, User
from danvan.core.services import accounts as account_services
from danvan.core.services.accounts import token_digest
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

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def ask_token(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(
        TOKEN_URL,
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
        **extra,
    )


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def officer(world: World) -> User:
    return make_user("cb.c1", world.ubnd_c1, Role.OFFICER, full_name="Hà Văn Sơn")


@pytest.mark.django_db
def test_token_is_issued_for_right_credentials_and_only_its_digest_stored(
    client: Client, officer: User, settings: Any
) -> None:
    settings.DANVAN_API_TOKEN_DAYS = 7

    response = ask_token(client, "cb.c1", PASSWORD)

    assert response.status_code == 200
    body = response.json()
    raw = body["token"]
    assert raw.startswith("dv_") and len(raw) > 40
    assert body["token_type"] == "Bearer"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=6, hours=23) < expires - timezone.now() <= dt.timedelta(days=7)
    stored = ApiToken.objects.get(user=officer)
    assert stored.digest == token_digest(raw) and raw not in (stored.digest, stored.prefix)
    assert response["Cache-Control"] == "no-store"
    issued = AuditEvent.objects.get(verb="api_token.issue")
    assert raw not in json.dumps(issued.changes)


@pytest.mark.django_db
def test_bearer_token_authenticates_api_calls(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]

    response = Client().get(ME_URL, **bearer(raw))

    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "cb.c1" and me["full_name"] == "Hà Văn Sơn"
    assert me["roles"] == [
        {
            "organization_id": officer.memberships.get().organization_id,
            "organization_code": "UBND-C1",
            "organization_name": "Cơ quan UBND-C1",
            "role": "officer",
            "role_label": "Cán bộ, chuyên viên",
        }
    ]
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password"),
    [("cb.c1", "sai-mat-khau"), ("khong.co", PASSWORD), ("cb.c1", " ")],
)
def test_wrong_credentials_get_structured_401(
    client: Client, officer: User, username: str, password: str
) -> None:
    response = ask_token(client, username, password)

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_credentials"
    assert "không đúng" in error["message"]
    assert error["fields"] == {}
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_missing_fields_get_structured_422(client: Client, db: Any) -> None:
    response = client.post(
        TOKEN_URL, json.dumps({"username": "x"}), content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert "password" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_token_endpoint_is_throttled_with_retry_after(
    client: Client, officer: User, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 3
    settings.DANVAN_LOGIN_WINDOW_SECONDS = 300
    for _ in range(3):
        assert ask_token(client, "cb.c1", "sai").status_code == 401

    response = ask_token(client, "cb.c1", PASSWORD)

    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert "thử lại sau 5 phút" in error["message"]
    assert 0 < int(response["Retry-After"]) <= 300
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_look_alike_username_gets_401_and_no_token(client: Client, world: World) -> None:
    make_user("canbo.thainguyen", world.ubnd_c1, Role.OFFICER)

    response = ask_token(client, "canbo.thaınguyen", PASSWORD)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_success_after_failures_resets_the_username_for_the_api(
    client: Client, officer: User, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    ask_token(client, "cb.c1", "sai", REMOTE_ADDR="10.0.0.1")
    assert ask_token(client, "cb.c1", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 200

    outcomes = [
        ask_token(client, "cb.c1", "sai", REMOTE_ADDR=f"10.0.1.{n}").status_code for n in range(3)
    ]

    assert outcomes == [401, 401, 429]


@pytest.mark.django_db
def test_web_and_api_failures_share_the_same_count(
    client: Client, officer: User, settings: Any
) -> None:
    settings.DANVAN_LOGIN_MAX_FAILURES = 2
    client.post("/dang-nhap/", {"username": "cb.c1", "password": "sai"})
    ask_token(client, "cb.c1", "sai")

    assert ask_token(client, "cb.c1", PASSWORD).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Bearer dv_khong-ton-tai", "Bearer ", "Token abc", "Basic YTpi", "Bearer x" * 3],
)
def test_bad_authorization_header_gets_401(officer: User, header: str) -> None:
    response = Client().get(ME_URL, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_no_credentials_get_401(client: Client, db: Any) -> None:
    response = client.get(ME_URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_expired_token_is_refused(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert Client().get(ME_URL, **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_token_of_deactivated_user_is_refused(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]
    User.objects.filter(pk=officer.pk).update(is_active=False)  # even without the service

    assert Client().get(ME_URL, **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_delete_revokes_the_current_token_only(client: Client, officer: User) -> None:
    first = ask_token(client, "cb.c1", PASSWORD).json()["token"]
    second = ask_token(client, "cb.c1", PASSWORD).json()["token"]

    response = Client().delete(TOKEN_URL, **bearer(first))

    assert response.status_code == 204
    assert Client().get(ME_URL, **bearer(first)).status_code == 401
    assert Client().get(ME_URL, **bearer(second)).status_code == 200
    assert AuditEvent.objects.filter(verb="api_token.revoke").count() == 1


@pytest.mark.django_db
def test_browser_session_authenticates_safe_api_calls(officer: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    response = client.get(ME_URL)

    assert response.status_code == 200 and response.json()["username"] == "cb.c1"


@pytest.mark.django_db
def test_browser_session_needs_csrf_for_unsafe_api_calls(officer: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    client.get("/doi-mat-khau/")  # a page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value

    without = client.delete(TOKEN_URL)
    with_token = client.delete(TOKEN_URL, HTTP_X_CSRFTOKEN=csrf)

    assert without.status_code == 403
    assert without.json()["error"]["code"] == "csrf_failed"
    # With CSRF the session is accepted; there is simply no token to revoke.
    assert with_token.status_code == 400
    assert with_token.json()["error"]["code"] == "no_token"


@pytest.mark.django_db
def test_bearer_calls_do_not_need_csrf(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]

    response = Client(enforce_csrf_checks=True).delete(TOKEN_URL, **bearer(raw))

    assert response.status_code == 204


@pytest.mark.django_db
def test_token_endpoint_needs_no_csrf_and_no_session(officer: User) -> None:
    response = ask_token(Client(enforce_csrf_checks=True), "cb.c1", PASSWORD)

    assert response.status_code == 200


@pytest.mark.django_db
def test_password_reset_revokes_existing_tokens(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]

    account_services.user_set_password(actor=None, user=officer, password="Mat-khau-khac-2026")

    assert Client().get(ME_URL, **bearer(raw)).status_code == 401


@pytest.mark.django_db
def test_last_used_is_not_rewritten_on_every_call(client: Client, officer: User) -> None:
    raw = ask_token(client, "cb.c1", PASSWORD).json()["token"]
    Client().get(ME_URL, **bearer(raw))
    first = ApiToken.objects.get().last_used_at

    Client().get(ME_URL, **bearer(raw))

    assert ApiToken.objects.get().last_used_at == first


@pytest.mark.django_db
def test_openapi_declares_bearer_auth_and_the_token_endpoint_as_public(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
    assert schema["paths"]["/api/v1/auth/me"]["get"]["security"]
