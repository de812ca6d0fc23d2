"""/api/v1/reports: periodic reports, the requests to units and who answered, the indicator
catalogue and values, the records behind each figure, and the report's files.

- Authentication is the API-wide default (bearer token or the browser session).
- Reads go through `reports.selectors`, scoped to the caller: a report outside the caller's
  scope answers 404 exactly like a missing one.
- Writes carry `expected_version` (the report's `version`): a report changed since answers 409.
- Figures are computed by the server, never sent by the client: a draft's are live, a sent
  report's were frozen when it was sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of
from danvan.core.api.common import active_organization_ids as _org_ids
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import Organization
from danvan.reports import permissions, selectors, services
from danvan.reports.build import FORMATS, report_file, snapshot_rows
from danvan.reports.indicators import (
    Window,
    coverage_for,
    figures_compute,
    indicator_get,
    indicators_all,
    records_for,
)
from danvan.reports.models import Report, ReportRequest
from danvan.reports.periods import period_kind_of
from danvan.reports.states import EDITABLE

router = Router(tags=["reports"])

# The codes of `reports.states` / `periods.KINDS`, spelled out for the OpenAPI schema
# (tests/reports/test_api.py checks they stay equal).
KindCode = Literal["month", "quarter", "six-month", "nine-month", "year", "multi-year", "ad-hoc"]
StatusCode = Literal["draft", "submitted", "returned", "accepted"]
FormatCode = Literal["docx", "xlsx", "pdf", "forms"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}
TEXT_MAX = services.TEXT_MAX


# --- Schemas --------------------------------------------------------------------------------


class ReportsIndicatorOut(Schema):
    code: str
    label: str
    unit: str
    kind: str
    group: str
    definition: str
    date_basis: str
    parent: str


class ReportsFigureOut(Schema):
    code: str
    label: str
    unit: str
    group: str
    kind: str
    parent: str
    value: int | float | None
    previous: int | float | None
    change: int | float | None


class ReportsValuesOut(Schema):
    organization_code: str
    kind: str
    period: str
    period_label: str
    window_start: dt.date
    window_end: dt.date
    values: dict[str, int | float | None]


class ReportsReviewOut(Schema):
    action: str
    edition: int
    comment: str
    at: dt.datetime
    by: str


class ReportsReportOut(Schema):
    id: int
    organization_code: str
    organization_name: str
    request_id: int | None
    kind: str
    period: str
    period_label: str
    window_start: dt.date
    window_end: dt.date
    title: str
    doc_format: str
    status: str
    due_on: dt.date | None
    number: str
    issued_on: dt.date | None
    edition: int
    version: int


class ReportsReportDetailOut(ReportsReportOut):
    results: str
    shortcomings: str
    causes: str
    tasks_ahead: str
    recommendations: str
    recipients: list[str]
    signer_name: str
    signer_title: str
    previous_label: str
    figures_frozen: bool
    figures: list[ReportsFigureOut]
    reviews: list[ReportsReviewOut]
    can_edit: bool
    can_review: bool


class ReportsReportPage(Schema):
    items: list[ReportsReportOut]
    count: int
    page: int
    page_size: int


class ReportsListQuery(Schema):
    kind: KindCode | None = None
    status: StatusCode | None = None
    period: str | None = Field(None, max_length=40)
    organization: str | None = Field(None, max_length=40, description="Mã đơn vị báo cáo")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ReportsCreateIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40)
    kind: KindCode
    period: str = Field(..., min_length=4, max_length=40, description="2026-H1, 2026-Q3, ...")
    title: str = Field("", max_length=300)
    due_on: dt.date | None = None


class ReportsUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    title: str | None = Field(None, min_length=1, max_length=300)
    results: str | None = Field(None, max_length=TEXT_MAX)
    shortcomings: str | None = Field(None, max_length=TEXT_MAX)
    causes: str | None = Field(None, max_length=TEXT_MAX)
    tasks_ahead: str | None = Field(None, max_length=TEXT_MAX)
    recommendations: str | None = Field(None, max_length=TEXT_MAX)
    recipients: list[str] | None = Field(None, max_length=30)
    signer_name: str | None = Field(None, max_length=200)
    signer_title: str | None = Field(None, max_length=200)


class ReportsSubmitIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    issued_on: dt.date | None = None


class ReportsReviewIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    action: Literal["accept", "return"]
    comment: str = Field("", max_length=2000)


class ReportsRecordOut(Schema):
    reference: str
    title: str
    on: dt.date | None
    url: str
    note: str
    counted: bool


class ReportsRecordsOut(Schema):
    code: str
    label: str
    definition: str
    date_basis: str
    total: int
    hidden: int
    rows: list[ReportsRecordOut]


class ReportsRequestIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40)
    kind: KindCode
    period: str = Field(..., min_length=4, max_length=40)
    unit_codes: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="Mã các đơn vị phải báo cáo; để trống: các đơn vị cấp dưới thường lệ",
    )
    title: str = Field("", max_length=300)
    due_on: dt.date | None = None
    note: str = Field("", max_length=2000)


class ReportsBoardRowOut(Schema):
    report_id: int
    organization_code: str
    organization_name: str
    status: str
    number: str
    issued_on: dt.date | None
    sent: bool
    late: bool
    days_late: int


class ReportsRequestOut(Schema):
    id: int
    organization_code: str
    kind: str
    period: str
    period_label: str
    window_start: dt.date
    window_end: dt.date
    title: str
    due_on: dt.date
    total: int
    sent: int
    accepted: int
    returned: int
    missing: int
    late: int


class ReportsRequestDetailOut(ReportsRequestOut):
    note: str
    rows: list[ReportsBoardRowOut]


class ReportsValuesQuery(Schema):
    organization: str = Field(..., min_length=1, max_length=40, description="Mã đơn vị")
    period: str = Field(..., min_length=4, max_length=40)
    kind: KindCode | None = None


class ReportsFileQuery(Schema):
    format: FormatCode = "docx"


# --- Helpers --------------------------------------------------------------------------------


def _report(request: HttpRequest, pk: int) -> Report:
    return selectors.report_get(user=api_user(request), pk=pk)


def _summary(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "organization_code": r.organization.code,
        "organization_name": r.organization.name,
        "request_id": r.request_id,
        "kind": r.kind,
        "period": r.period_code,
        "period_label": r.period_label,
        "window_start": r.window_start,
        "window_end": r.window_end,
        "title": r.title,
        "doc_format": r.doc_format,
        "status": r.status,
        "due_on": r.due_on,
        "number": r.number,
        "issued_on": r.issued_on,
        "edition": r.edition,
        "version": r.version,
    }


def _json_number(value: Any) -> int | float | None:
    """Counts as integers, rates as numbers with one decimal (not strings)."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


def _figures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**row, **{k: _json_number(row[k]) for k in ("value", "previous", "change")}}
        for row in rows
    ]


def _detail(request: HttpRequest, r: Report) -> dict[str, Any]:
    user = api_user(request)
    snapshot = services.live_values(r)
    from danvan.reports.periods import period_previous

    previous = snapshot.get("previous_label") or period_previous(services.report_period(r)).label
    return {
        **_summary(r),
        "results": r.results,
        "shortcomings": r.shortcomings,
        "causes": r.causes,
        "tasks_ahead": r.tasks_ahead,
        "recommendations": r.recommendations,
        "recipients": [line for line in r.recipients.splitlines() if line.strip()],
        "signer_name": r.signer_name,
        "signer_title": r.signer_title,
        "previous_label": previous,
        "figures_frozen": r.status not in EDITABLE,
        "figures": _figures(snapshot_rows(r, snapshot)),
        "reviews": [
            {
                "action": v.action,
                "edition": v.edition,
                "comment": v.comment,
                "at": v.at,
                "by": (v.by.get_full_name() or v.by.username) if v.by else "",
            }
            for v in selectors.report_reviews(r)
        ],
        "can_edit": permissions.can_write(user, r) and r.status in EDITABLE,
        "can_review": permissions.can_review(user, r) and r.status == "submitted",
    }


def _request_out(req: ReportRequest, *, rows: bool = False) -> dict[str, Any]:
    board = selectors.request_board(req)
    out: dict[str, Any] = {
        "id": req.pk,
        "organization_code": req.organization.code,
        "kind": req.kind,
        "period": req.period_code,
        "period_label": req.period_label,
        "window_start": req.window_start,
        "window_end": req.window_end,
        "title": req.title,
        "due_on": req.due_on,
        "total": board.total,
        "sent": board.sent,
        "accepted": board.accepted,
        "returned": board.returned,
        "missing": board.missing,
        "late": board.late,
    }
    if rows:
        out["note"] = req.note
        out["rows"] = [
            {
                "report_id": row.report.pk,
                "organization_code": row.report.organization.code,
                "organization_name": row.report.organization.name,
                "status": row.report.status,
                "number": row.report.number,
                "issued_on": row.report.issued_on,
                "sent": row.sent,
                "late": row.late,
                "days_late": row.days_late,
            }
            for row in board.rows
        ]
    return out


def _organization(user: Any, code: str, field: str = "organization_code") -> Organization:
    pk = _organization_id(user, code, field)
    if pk is None:
        message = _("Ghi mã đơn vị.")
        raise ValidationFailed(message, fields={field: message})
    return Organization.objects.select_related("area", "parent").get(pk=pk)


# --- Indicators -----------------------------------------------------------------------------


@router.get(
    "/indicators",
    response={200: list[ReportsIndicatorOut], **_ERRORS},
    summary="Danh mục chỉ tiêu báo cáo",
)
def indicator_catalogue(request: HttpRequest) -> Any:
    """Every indicator: code, label, unit, definition, the date that places a record in a
    window, and (for a topic breakdown) the code it breaks down."""
    api_user(request)
    return [
        {
            "code": i.code,
            "label": i.label,
            "unit": i.unit,
            "kind": i.kind,
            "group": i.group,
            "definition": i.definition,
            "date_basis": i.date_basis,
            "parent": i.parent,
        }
        for i in indicators_all()
    ]


@router.get(
    "/indicators/values",
    response={200: ReportsValuesOut, **_ERRORS},
    summary="Giá trị các chỉ tiêu của một đơn vị trong một kỳ",
)
def indicator_values(
    request: HttpRequest, response: HttpResponse, query: Query[ReportsValuesQuery]
) -> Any:
    """Computed now over the unit's records (a province includes its communes); the kind
    follows from the period's shape unless given; a period that does not fit it is a 422."""
    user = api_user(request)
    org = _organization(user, query.organization, "organization")
    try:
        kind = query.kind or period_kind_of(query.period)
    except ValueError as exc:
        raise ValidationFailed(str(exc), fields={"period": str(exc)}) from None
    period = services.period_for(org, kind, query.period)
    _no_store(response)
    return {
        "organization_code": org.code,
        "kind": kind,
        "period": period.code,
        "period_label": period.label,
        "window_start": period.start,
        "window_end": period.end,
        "values": {
            code: _json_number(v)
            for code, v in figures_compute(
                coverage_for(org), Window(period.start, period.end)
            ).items()
        },
    }


# --- Reports --------------------------------------------------------------------------------


@router.get("", response={200: ReportsReportPage, **_ERRORS}, summary="Danh sách báo cáo")
def report_list(
    request: HttpRequest, response: HttpResponse, query: Query[ReportsListQuery]
) -> Any:
    user = api_user(request)
    qs = selectors.report_list(
        user=user,
        kind=query.kind or "",
        status=query.status or "",
        period=query.period or "",
        organization_code=query.organization or "",
    )
    _no_store(response)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_summary)


@router.post(
    "",
    response={201: ReportsReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập dự thảo báo cáo của một đơn vị",
)
def report_create(request: HttpRequest, payload: ReportsCreateIn) -> Any:
    user = api_user(request)
    org = _organization(user, payload.organization_code)
    report = services.report_create(
        actor=user,
        organization=org,
        kind=payload.kind,
        period_code=payload.period,
        title=payload.title,
        due_on=payload.due_on,
    )
    return Status(201, _detail(request, selectors.report_get(user=user, pk=report.pk)))


@router.get(
    "/requests",
    response={200: list[ReportsRequestOut], **_ERRORS},
    summary="Các yêu cầu báo cáo và tình hình gửi",
)
def request_list(request: HttpRequest, response: HttpResponse) -> Any:
    user = api_user(request)
    _no_store(response)
    return [_request_out(r) for r in selectors.request_list(user=user)[:200]]


@router.post(
    "/requests",
    response={201: ReportsRequestDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Yêu cầu các đơn vị cấp dưới báo cáo",
)
def request_create(request: HttpRequest, payload: ReportsRequestIn) -> Any:
    """One draft per unit, with the period's window and the due date (default: the days after
    the window set in `danvan/data/reports/windows.json`)."""
    user = api_user(request)
    org = _organization(user, payload.organization_code)
    if payload.unit_codes:
        unit_ids = list(_org_ids(payload.unit_codes, "unit_codes").values())
    else:
        unit_ids = [o.pk for o in services.request_candidates(org)]
    created = services.request_create(
        actor=user,
        organization=org,
        kind=payload.kind,
        period_code=payload.period,
        unit_ids=unit_ids,
        title=payload.title,
        due_on=payload.due_on,
        note=payload.note,
    )
    return Status(201, _request_out(selectors.request_get(user=user, pk=created.pk), rows=True))


@router.get(
    "/requests/{id}",
    response={200: ReportsRequestDetailOut, **_ERRORS},
    summary="Ai đã gửi, ai muộn, ai chưa gửi",
)
def request_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _request_out(selectors.request_get(user=api_user(request), pk=id), rows=True)


@router.get("/{id}", response={200: ReportsReportDetailOut, **_ERRORS}, summary="Chi tiết báo cáo")
def report_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _detail(request, _report(request, id))


@router.patch(
    "/{id}",
    response={200: ReportsReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa nội dung báo cáo (dự thảo hoặc bị trả lại)",
)
def report_update(
    request: HttpRequest, payload: ReportsUpdateIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    report = _report(request, id)
    data = payload.dict(exclude_unset=True, exclude={"expected_version"})
    data = {k: v for k, v in data.items() if v is not None}
    if "recipients" in data:
        data["recipients"] = "\n".join(str(x).strip() for x in data["recipients"] if str(x).strip())
    services.report_update(
        actor=user, report=report, expected_version=payload.expected_version, data=data
    )
    return _detail(request, _report(request, id))


@router.post(
    "/{id}/submit",
    response={200: ReportsReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ban hành và gửi báo cáo (chốt số liệu, cấp số)",
)
def report_submit(
    request: HttpRequest, payload: ReportsSubmitIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    services.report_submit(
        actor=user,
        report=_report(request, id),
        expected_version=payload.expected_version,
        issued_on=payload.issued_on,
    )
    return _detail(request, _report(request, id))


@router.post(
    "/{id}/review",
    response={200: ReportsReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tiếp nhận hoặc trả lại báo cáo",
)
def report_review(
    request: HttpRequest, payload: ReportsReviewIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    services.report_review(
        actor=user,
        report=_report(request, id),
        expected_version=payload.expected_version,
        action=payload.action,
        comment=payload.comment,
    )
    return _detail(request, _report(request, id))


@router.get(
    "/{id}/figures/{code}/records",
    response={200: ReportsRecordsOut, **_ERRORS},
    summary="Các hồ sơ tạo nên một số liệu",
)
def report_records(
    request: HttpRequest,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    code: str = Path(..., max_length=120),
) -> Any:
    report = _report(request, id)
    indicator = indicator_get(code)
    if indicator is None:
        raise NotFound(_("Không có chỉ tiêu mã này (xem /api/v1/reports/indicators)."))
    records = records_for(
        code,
        coverage_for(report.organization),
        Window(report.window_start, report.window_end),
        api_user(request),
    )
    _no_store(response)
    return {
        "code": indicator.code,
        "label": indicator.label,
        "definition": indicator.definition,
        "date_basis": indicator.date_basis,
        "total": records.total,
        "hidden": records.hidden,
        "rows": [vars(row) for row in records.rows],
    }


@router.get(
    "/{id}/file",
    response={200: None, **_ERRORS, 503: ErrorOut},
    summary="Tệp báo cáo: DOCX, XLSX (phụ lục), PDF hoặc biểu mẫu thống kê",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp báo cáo",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def report_download(
    request: HttpRequest, query: Query[ReportsFileQuery], id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    report = _report(request, id)
    if query.format not in (*FORMATS, "forms"):
        raise ValidationFailed(
            _("Định dạng không hợp lệ."), fields={"format": "docx, xlsx, pdf, forms"}
        )
    if not permissions.can_view(api_user(request), report):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo này."))
    rendered = report_file(report, query.format)
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    _no_store(response)
    return response
