"""Request-level guards shared by the pages and the API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from danvan.core.dberrors import (
    DbFault,
    db_fault_log,
    db_fault_message,
    db_fault_of,
    db_fault_title,
)
from danvan.core.errors import http_error_text
from danvan.core.selectors.scope import token_memo

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


# --- Database faults ------------------------------------------------------------------------

_DB_FAULT = "_danvan_db_fault"
_DB_FAULT_ANSWER = "_danvan_db_fault_answer"
# Seconds after which a client may try again when the database is out of reach (a restart).
DB_RETRY_AFTER = 30


def db_fault_response(request: HttpRequest, fault: DbFault) -> HttpResponse:
    """503: the API's JSON error, or a plain Vietnamese page that needs no database."""
    message = db_fault_message(fault)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": {"code": fault.value, "message": message, "fields": {}}}, status=503
        )
    else:
        # Rendered without the request: no context processor, no user, no session, so the
        # page needs nothing from the database that just failed.
        html = render_to_string(
            "core/db_fault.html",
            {"title": db_fault_title(fault), "message": message, "code": fault.value},
        )
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    if fault == DbFault.UNAVAILABLE:
        response["Retry-After"] = str(DB_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    setattr(response, _DB_FAULT_ANSWER, True)
    return response


def _remember_db_fault(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Note a database fault raised outside a view (e.g. the session saved by its middleware),
    which Django has already turned into a 500 before the outer middleware sees it."""
    if request is None:
        return
    fault = db_fault_of(sys.exc_info()[1])
    if fault is not None:
        setattr(request, _DB_FAULT, fault)


class DatabaseFaultMiddleware:
    """A read-only database, a full disk or a database out of reach answers 503 with a message
    people can act on (a Vietnamese page, or the API's JSON error), never a traceback.

    Faults raised by a view come through `process_exception`; those raised by middleware further
    in (sessions, messages) reach here as a 500 already, marked on the request by the
    `got_request_exception` signal, and are answered the same way. Any other error is left
    alone. The exception is logged with its traceback for the operator.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_remember_db_fault, dispatch_uid="danvan.db_fault")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        fault: DbFault | None = getattr(request, _DB_FAULT, None)
        if (
            fault is not None
            and response.status_code >= 500
            and not getattr(response, _DB_FAULT_ANSWER, False)
        ):
            return db_fault_response(request, fault)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        fault = db_fault_of(exception)
        if fault is None:
            return None
        db_fault_log(fault, exception, f"{request.method} {request.path}")
        return db_fault_response(request, fault)


class ScopeTokenMiddleware:
    """The scope generation token read once per request, not at each use
    (`core.selectors.scope.token_memo`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with token_memo():
            return self.get_response(request)
