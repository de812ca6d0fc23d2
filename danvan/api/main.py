"""The JSON API at /api/v1/: one router per app, one error format, bearer-token auth."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from danvan.core.api.auth import bearer
from danvan.core.errors import DomainError, http_error_text

api = NinjaAPI(
    title="danvan API",
    version="1",
    description="API của danvan — phần mềm công tác dân vận. Lỗi luôn có dạng "
    '`{"error": {"code": ..., "message": ..., "fields": {...}}}`.',
    urls_namespace="api",
    auth=bearer,
)


def error_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "fields": fields or {}}},
        status=status,
    )


def _location(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "header")]
    return ".".join(parts) or "request"


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for err in exc.errors:
        fields.setdefault(_location(list(err.get("loc", []))), str(err.get("msg", "")))
    return error_response(
        request,
        status=422,
        code="validation_error",
        message="Dữ liệu gửi lên không hợp lệ; xem chi tiết từng trường.",
        fields=fields,
    )


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(
        request, status=exc.status, code=exc.code, message=exc.message, fields=exc.fields
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request,
        status=401,
        code="unauthenticated",
        message="Cần đăng nhập: gửi header Authorization: Bearer <token>.",
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(
        request, status=404, code="not_found", message="Không tìm thấy đối tượng được yêu cầu."
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, message = http_error_text(exc.status_code)
    return error_response(request, status=exc.status_code, code=code, message=message)


def _register_routers() -> None:
    from danvan.core.api import routers

    for prefix, router in routers():
        api.add_router(prefix, router)
    # Module routers, one per app (conventions: api/ mounts one router per app).
    from danvan.petitions.api import router as petitions_router

    api.add_router("/petitions", petitions_router)
    from danvan.dialogues.api import router as dialogues_router
    from danvan.portal.api import router as portal_router
    from danvan.reception.api import router as reception_router

    api.add_router("/reception", reception_router)
    api.add_router("/dialogues", dialogues_router)
    api.add_router("/portal", portal_router)
    from danvan.monitoring.api import router as monitoring_router

    api.add_router("/monitoring", monitoring_router)
    from danvan.campaigns.api import router as campaigns_router
    from danvan.conferences.api import router as conferences_router
    from danvan.coordination.api import router as coordination_router
    from danvan.oversight.api import router as oversight_router
    from danvan.practices.api import router as practices_router

    api.add_router("/coordination", coordination_router)
    api.add_router("/practices", practices_router)
    api.add_router("/conferences", conferences_router)
    api.add_router("/campaigns", campaigns_router)
    api.add_router("/oversight", oversight_router)
    from danvan.reports.api import router as reports_router

    api.add_router("/reports", reports_router)
    from danvan.boards.api import router as boards_router
    from danvan.consultations.api import router as consultations_router
    from danvan.democracy.api import router as democracy_router
    from danvan.mediation.api import router as mediation_router
    from danvan.projects.api import router as projects_router

    api.add_router("/consultations", consultations_router)
    api.add_router("/democracy", democracy_router)
    api.add_router("/boards", boards_router)
    api.add_router("/mediation", mediation_router)
    api.add_router("/projects", projects_router)


_register_routers()
