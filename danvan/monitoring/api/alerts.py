"""/api/v1/monitoring/alerts: early warnings — list, detail (with the statistic and the
evidence), acknowledge, assign, close.

- Reads go through `monitoring.selectors.alerts`, scoped to the caller: an alert the caller may
  not see answers 404 exactly like a missing one.
- Moves carry `expected_version` (the alert's `version`): if someone moved it since, the answer
  is 409 `conflict`; a move the alert's state does not allow is 422 `illegal_move`; a caller
  without the right at the addressed organisation or the area's People's Committee gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS, MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of
from danvan.core.api.throttling import write_throttle
from danvan.monitoring.models import Alert
from danvan.monitoring.selectors import alerts as selectors
from danvan.monitoring.services import alerts as services

router = Router()

# The codes of `monitoring.states`, spelled out so the OpenAPI schema lists them
# (tests/monitoring/test_alerts_api.py checks they stay equal to the state table).
KindCode = Literal["spike", "crowd", "sensitive", "severity"]
StatusCode = Literal["open", "acknowledged", "assigned", "closed"]
ActionCode = Literal["acknowledge", "assign", "close", "link"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 429: ErrorOut}


class CodeName(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    username: str
    full_name: str


class AlertItemOut(Schema):
    id: int
    kind: KindCode
    status: StatusCode
    title: str
    area: CodeName
    topic: str
    window_start: dt.date
    window_end: dt.date
    observed: int
    expected: float | None
    score: float | None
    severity: int
    organization: CodeName
    area_organization: CodeName | None
    assignee: PersonOut | None
    issue_report_id: int | None
    version: int = Field(description="Gửi lại làm `expected_version` khi xử lý")


class AlertEvidenceOut(Schema):
    target_type: str
    target_id: int
    label: str
    occurred_on: dt.date
    url: str


class AlertDetailOut(AlertItemOut):
    explanation: dict[str, Any] = Field(
        description="Cách tính: text (một câu), observed, expected, threshold, p_value, score, "
        "dispersion, method (seasonal|recent), baseline_weeks, series [[thứ Hai, số lượt]]; "
        "với cảnh báo theo quy tắc: rule, text"
    )
    close_note: str
    acknowledged_at: dt.datetime | None
    closed_at: dt.datetime | None
    allowed_actions: list[ActionCode]
    evidence: list[AlertEvidenceOut]


class AlertPage(Schema):
    items: list[AlertItemOut]
    count: int
    page: int
    page_size: int


class AlertListQuery(Schema):
    status: StatusCode | Literal["open_any"] | None = Field(
        None, description="Một trạng thái, hoặc open_any: mọi cảnh báo chưa đóng"
    )
    kind: KindCode | None = None
    topic: str = Field("", max_length=40, description="Mã lĩnh vực")
    area: str = Field("", max_length=10, description="Mã tỉnh hoặc xã: cảnh báo của địa bàn đó")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class VersionIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc")


class AssignIn(VersionIn):
    assignee_id: int = Field(
        ..., ge=1, le=MAX_ID, description="Cán bộ của cơ quan nhận cảnh báo hoặc lãnh đạo địa bàn"
    )


class CloseIn(VersionIn):
    note: str = Field(..., min_length=1, max_length=services.NOTE_MAX, description="Kết quả xử lý")


class LinkReportIn(VersionIn):
    report_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Vấn đề bức xúc đã có (bỏ trống khi `create` = true)"
    )
    create: bool = Field(
        False, description="Lập vấn đề bức xúc mới từ cảnh báo (tiêu đề, địa bàn, căn cứ)"
    )


def _code_name(obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"code": obj.code, "name": getattr(obj, "full_name", "") or obj.name}


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "full_name": user.full_name}


def item_out(a: Alert) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "status": a.status,
        "title": a.title,
        "area": _code_name(a.area),
        "topic": a.topic,
        "window_start": a.window_start,
        "window_end": a.window_end,
        "observed": a.observed,
        "expected": a.expected,
        "score": a.score,
        "severity": a.severity,
        "organization": _code_name(a.organization),
        "area_organization": _code_name(a.area_organization),
        "assignee": _person(a.assignee),
        "issue_report_id": a.issue_report_id,
        "version": a.version,
    }


def detail_out(a: Alert, user: Any) -> dict[str, Any]:
    body = item_out(a)
    body.update(
        explanation=dict(a.explanation or {}),
        close_note=a.close_note,
        acknowledged_at=a.acknowledged_at,
        closed_at=a.closed_at,
        allowed_actions=selectors.alert_allowed_actions(alert=a, user=user),
        evidence=[
            {
                "target_type": e.target_type,
                "target_id": e.target_id,
                "label": e.label,
                "occurred_on": e.occurred_on,
                "url": e.url,
            }
            for e in selectors.alert_evidence(alert=a)
        ],
    )
    return body


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.alert_get(user=user, pk=pk), user)


@router.get("", response={200: AlertPage, **ERRORS}, summary="Danh sách cảnh báo sớm")
def alert_list(request: HttpRequest, query: Query[AlertListQuery]) -> Any:
    """Latest week first, then the most severe, within the caller's scope."""
    filters = selectors.AlertFilters(
        status=query.status or "",
        kind=query.kind or "",
        topic=query.topic.strip(),
        area_code=query.area.strip(),
    )
    qs = selectors.alert_list(user=api_user(request), filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.get(
    "/{id}",
    response={200: AlertDetailOut, **ERRORS},
    summary="Chi tiết cảnh báo: cách tính, căn cứ, các thao tác được phép",
)
def alert_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _fresh(request, id)


@router.post(
    "/{id}/acknowledge",
    response={200: AlertDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tiếp nhận cảnh báo",
)
def alert_acknowledge(
    request: HttpRequest, payload: VersionIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """open → acknowledged."""
    user = api_user(request)
    alert = selectors.alert_get(user=user, pk=id)
    services.alert_acknowledge(alert=alert, actor=user, expected_version=payload.expected_version)
    return _fresh(request, id)


@router.post(
    "/{id}/assign",
    response={200: AlertDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Giao xử lý cảnh báo",
)
def alert_assign(
    request: HttpRequest, payload: AssignIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """open, acknowledged or assigned → assigned. The assignee must hold the officer, leader or
    party-committee role at the addressed organisation or the area's People's Committee (422
    otherwise)."""
    user = api_user(request)
    alert = selectors.alert_get(user=user, pk=id)
    services.alert_assign(
        alert=alert,
        actor=user,
        assignee_id=payload.assignee_id,
        expected_version=payload.expected_version,
    )
    return _fresh(request, id)


@router.post(
    "/{id}/close",
    response={200: AlertDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Đóng cảnh báo (ghi kết quả xử lý)",
)
def alert_close(
    request: HttpRequest, payload: CloseIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Any open state → closed; `note` (at least 3 characters) is required."""
    user = api_user(request)
    alert = selectors.alert_get(user=user, pk=id)
    services.alert_close(
        alert=alert, actor=user, note=payload.note, expected_version=payload.expected_version
    )
    return _fresh(request, id)


@router.post(
    "/{id}/report",
    response={200: AlertDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Gắn cảnh báo với vấn đề bức xúc (hoặc lập vấn đề mới từ cảnh báo)",
)
def alert_link_report(
    request: HttpRequest, payload: LinkReportIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Link the alert to an issue report the user may see (`report_id`), or open one from the
    alert with its evidence (`create`: true). A closed alert is refused (422)."""
    user = api_user(request)
    alert = selectors.alert_get(user=user, pk=id)
    services.alert_link_report(
        alert=alert,
        actor=user,
        expected_version=payload.expected_version,
        report_id=payload.report_id,
        create=payload.create,
    )
    return _fresh(request, id)
