"""API authentication: bearer tokens (and the signed-in browser session), `/auth` endpoints.

`bearer` is the API-wide default auth. It accepts `Authorization: Bearer <token>` (a token from
`POST /api/v1/auth/token`) or, with no Authorization header, the Django session of a signed-in
user (the pages' htmx calls), in which case unsafe methods need the CSRF token as for any form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.models import ApiToken, User
from danvan.core.services import accounts as account_services

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerOrSession(HttpBearer):
    """A token in the Authorization header, or else the browser session (CSRF-checked)."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header:
            scheme, _sep, credentials = header.strip().partition(" ")
            if scheme.lower() != self.openapi_scheme:
                return None
            return self.authenticate(request, credentials.strip())
        return self._session_user(request)

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = account_services.api_token_authenticate(token)
        if api_token is None:
            return None
        user = api_token.user
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        return user

    def _session_user(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        needs_csrf = request.method not in _SAFE_METHODS and not getattr(
            request, "_ninja_csrf_exempt", False
        )
        if needs_csrf and check_csrf(request) is not None:
            raise PermissionDenied(
                _(
                    "Thiếu hoặc sai mã CSRF: gửi header X-CSRFToken như trang web, "
                    "hoặc dùng Authorization: Bearer <token>."
                ),
                code="csrf_failed",
            )
        return user


bearer = BearerOrSession()


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (after `bearer` ran)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        user = request.user
    return user  # type: ignore[return-value]


router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: dt.datetime


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    error: ErrorBody


class MembershipOut(Schema):
    organization_id: int
    organization_code: str
    organization_name: str
    role: str
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    position: str
    is_superuser: bool
    roles: list[MembershipOut]


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": {}}}


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Đổi tên đăng nhập và mật khẩu lấy khóa API",
)
def token_create(request: HttpRequest, payload: TokenIn, response: HttpResponse) -> Any:
    """Returns a bearer token to send as `Authorization: Bearer <token>` until `expires_at`.

    Wrong credentials give 401 `invalid_credentials`; too many failures for the username or
    the client address give 429 `throttled` with a `Retry-After` header.
    """
    if not payload.username.strip() or not payload.password:
        raise ValidationFailed(
            _("Cần nhập tên đăng nhập và mật khẩu."),
            fields={
                k: _("Cần nhập.")
                for k, v in (("username", payload.username.strip()), ("password", payload.password))
                if not v
            },
        )
    client_ip = account_services.client_address(request)
    try:
        user = account_services.login_authenticate(
            request=request,
            username=payload.username,
            password=payload.password,
            client_ip=client_ip,
        )
    except account_services.LoginThrottled as exc:
        response["Retry-After"] = str(exc.retry_after)
        return Status(429, _error(exc.code, exc.message))
    token, raw = account_services.api_token_issue(user=user, client_ip=client_ip)
    response["Cache-Control"] = "no-store"
    return Status(200, {"token": raw, "token_type": "Bearer", "expires_at": token.expires_at})


@router.delete(
    "/token",
    response={204: None, 400: ErrorOut},
    summary="Thu hồi khóa API đang dùng",
)
def token_revoke(request: HttpRequest) -> Any:
    """Revoke the token this request was authenticated with."""
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is None:
        return Status(
            400,
            _error(
                "no_token",
                _("Yêu cầu này không dùng khóa API (đăng nhập bằng phiên trình duyệt)."),
            ),
        )
    account_services.api_token_revoke(actor=api_user(request), token=token)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="Người dùng hiện tại và các vai trò")
def me(request: HttpRequest) -> Any:
    user = api_user(request)
    memberships = user.memberships.select_related("organization").order_by("id")
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "is_superuser": user.is_superuser,
        "roles": [
            {
                "organization_id": m.organization_id,
                "organization_code": m.organization.code,
                "organization_name": m.organization.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships
        ],
    }
