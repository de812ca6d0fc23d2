"""Request-level guards shared by the pages and the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from danvan.core.errors import http_error_text

NUL = "\x00"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class RejectNulCharactersMiddleware:
    """Refuse input holding the NUL character, on every database alike.

    No Vietnamese text contains it; PostgreSQL cannot store it in text columns (it would fail
    mid-transaction) while SQLite would store it silently. Refusing it at the door keeps both
    databases behaving the same and answers with a clear error instead of a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            message = _("Dữ liệu gửi lên chứa ký tự NUL (\\0) không hợp lệ; hãy bỏ ký tự đó.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "invalid_characters", "message": message, "fields": {}}},
                    status=400,
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def _carries_nul(self, request: HttpRequest) -> bool:
        if NUL in request.path:
            return True
        if any(_has_nul(values) for values in request.GET.lists()):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any(_has_nul(values) for values in request.POST.lists())
        # Any other body may be read as JSON (django-ninja parses JSON whatever the declared
        # content type), so look at it both raw and decoded.
        body = request.body or b""
        if b"\x00" in body:
            return True
        if b"\\u0000" not in body:
            return False
        try:
            return _has_nul(json.loads(body))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return False  # the endpoint reports malformed JSON itself


class ApiErrorFormatMiddleware:
    """Every error under /api/ answers in the API's one format, JSON, never an HTML page.

    Services' errors already do (danvan.api.main); this covers what happens before an endpoint
    runs: an unknown path (404), a wrong method (405), Django's own refusals.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = http_error_text(response.status_code)
            converted = JsonResponse(
                {"error": {"code": code, "message": message, "fields": {}}},
                status=response.status_code,
            )
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    converted[header] = response[header]
            return converted
        return response
