"""/api/v1/monitoring/reports: issue reports (vấn đề bức xúc) — list, read, create, edit, move,
periodic updates, links and the answer to an escalation.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `monitoring.selectors.reports`, scoped to the caller: a report outside
  the caller's scope answers 404 exactly like a missing one; so does a petition, reception visit,
  dialogue or report the caller may not see when linking it.
- Edits, moves, updates and answers carry `expected_version` (the report's `version`): if
  someone changed the report since, the answer is 409 `conflict` and nothing changes.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of, scoped_record
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.core.models import User
from danvan.core.topics import topic_codes
from danvan.monitoring import deadlines, permissions
from danvan.monitoring.models import IssueReport, IssueUpdate
from danvan.monitoring.selectors import reports as selectors
from danvan.monitoring.services import reports as services

router = Router(tags=["monitoring"])

TEXT_MAX = services.TEXT_MAX

# The codes of `monitoring.states`, spelled out so the OpenAPI schema lists them
# (tests/monitoring/test_reports_api.py checks they stay equal to the state table).
StatusCode = Literal[
    "new", "verifying", "escalated", "being_resolved", "resolved", "monitoring", "unfounded"
]
SourceCode = Literal[
    "commune", "agency", "front", "press", "social", "petitions", "reception", "other"
]
LinkTypeCode = Literal[
    "petitions.petition", "reception.receptionentry", "dialogues.dialogue", "monitoring.issuereport"
]
TOPICS: list[str] = topic_codes()
_TOPIC_ENUM: dict[str, Any] = {"enum": TOPICS}
_TOPICS_ITEMS: dict[str, Any] = {"items": {"type": "string", "enum": TOPICS}}

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# --- Schemas ------------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class ReportCreateIn(Schema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX, description="Tiêu đề")
    description: str = Field(
        ..., min_length=1, max_length=TEXT_MAX, description="Nội dung: diễn biến, tâm trạng"
    )
    source: SourceCode = Field(..., description="Nguồn thông tin")
    topic: str = Field(
        ..., max_length=40, description="Mã lĩnh vực (core.topics)", json_schema_extra=_TOPIC_ENUM
    )
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Cơ quan theo dõi; mặc định: cơ quan duy nhất của người gọi",
    )
    area_code: str | None = Field(
        None,
        max_length=10,
        description="Mã tỉnh hoặc xã, phường có hiệu lực vào ngày nhận thông tin; mặc định: "
        "địa bàn của cơ quan theo dõi",
    )
    source_detail: str = Field("", max_length=services.DETAIL_MAX, description="Chi tiết nguồn")
    secondary_topics: list[str] = Field(
        default_factory=list,
        max_length=services.SECONDARY_MAX,
        json_schema_extra=_TOPICS_ITEMS,
    )
    flag_ethnic: bool = False
    flag_religious: bool = False
    flag_security: bool = False
    severity: int = Field(2, ge=1, le=4, description="Mức độ 1 (thấp) – 4 (nghiêm trọng)")
    people_affected: int = Field(0, ge=0, le=services.PEOPLE_MAX)
    reported_on: dt.date | None = Field(None, description="Ngày nhận thông tin; mặc định hôm nay")
    update_every_days: int = Field(
        7, ge=0, le=services.UPDATE_EVERY_MAX, description="Chu kỳ cập nhật (0: không theo dõi)"
    )
    assignee: str | None = Field(None, max_length=150, description="Tên đăng nhập cán bộ theo dõi")
    petition_ids: list[Id] = Field(
        default_factory=list,
        max_length=services.PETITIONS_MAX,
        description="Nhóm đơn thư cùng nội dung: được liên kết (bắt buộc khi source=petitions)",
    )


class ReportUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc; khác: 409")
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    description: str | None = Field(None, min_length=1, max_length=TEXT_MAX)
    source: SourceCode | None = None
    source_detail: str | None = Field(None, max_length=services.DETAIL_MAX)
    topic: str | None = Field(None, max_length=40, json_schema_extra=_TOPIC_ENUM)
    secondary_topics: list[str] | None = Field(
        None,
        max_length=services.SECONDARY_MAX,
        json_schema_extra=_TOPICS_ITEMS,
    )
    area_code: str | None = Field(None, max_length=10)
    flag_ethnic: bool | None = None
    flag_religious: bool | None = None
    flag_security: bool | None = None
    severity: int | None = Field(None, ge=1, le=4)
    people_affected: int | None = Field(None, ge=0, le=services.PEOPLE_MAX)
    reported_on: dt.date | None = None
    update_every_days: int | None = Field(None, ge=0, le=services.UPDATE_EVERY_MAX)
    assignee: str | None = Field(
        None, max_length=150, description="Tên đăng nhập; chuỗi rỗng: bỏ cán bộ theo dõi"
    )


class ReportTransitionIn(Schema):
    to: StatusCode = Field(..., description="Trạng thái mới")
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(
        "",
        max_length=TEXT_MAX,
        description="Diễn biến; bắt buộc: kết quả (resolved), lý do (unfounded)",
    )
    escalated_to_code: str | None = Field(
        None, max_length=40, description="to=escalated: mã cơ quan cấp trên của cơ quan theo dõi"
    )
    recommendation: str = Field(
        "", max_length=TEXT_MAX, description="to=escalated: kiến nghị, đề xuất (bắt buộc)"
    )
    on: dt.date | None = Field(None, description="Ngày; mặc định hôm nay")


class ReportUpdateAddIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(..., min_length=1, max_length=TEXT_MAX, description="Tình hình mới")
    on: dt.date | None = None
    people_affected: int | None = Field(None, ge=0, le=services.PEOPLE_MAX)
    severity: int | None = Field(None, ge=1, le=4)


class ReportAnswerIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    answer: str = Field(..., min_length=1, max_length=TEXT_MAX, description="Nội dung trả lời")
    on: dt.date | None = None


class ReportLinkIn(Schema):
    target_type: LinkTypeCode
    target_id: int = Field(..., ge=1, le=MAX_ID)
    note: str = Field("", max_length=services.NOTE_MAX)


class ReportUpdateOut(Schema):
    id: int
    on: dt.date
    text: str
    status_from: StatusCode | None
    status_to: StatusCode | None
    people_affected: int | None
    severity: int | None
    author: str | None


class ReportLinkOut(Schema):
    id: int
    target_type: str
    target_id: int
    kind_label: str
    label: str = Field(description="Rỗng khi người gọi không được xem hồ sơ đó")
    url: str
    status: str
    visible: bool
    note: str


class ReportItemOut(Schema):
    id: int
    title: str
    status: StatusCode
    source: SourceCode
    topic: str
    severity: int
    people_affected: int
    flag_ethnic: bool
    flag_religious: bool
    flag_security: bool
    sensitive: bool
    area: CodeName
    province_code: str | None
    organization: CodeName
    reported_on: dt.date
    escalated_to: CodeName | None
    version: int = Field(description="Gửi lại làm `expected_version` khi sửa, chuyển bước")


class ReportDetailOut(ReportItemOut):
    description: str
    source_detail: str
    secondary_topics: list[str]
    topic_suggested: str
    topic_confidence: float | None
    status_changed_on: dt.date | None
    assignee: str | None
    escalated_on: dt.date | None
    recommendation: str
    escalation_answer: str
    answered_on: dt.date | None
    answer_due: dt.date | None
    resolved_on: dt.date | None
    update_every_days: int
    last_update_on: dt.date | None
    next_update_due: dt.date | None
    allowed_moves: list[StatusCode]
    can_work: bool
    can_answer: bool
    updates: list[ReportUpdateOut]
    links: list[ReportLinkOut]


class ReportPage(Schema):
    items: list[ReportItemOut]
    count: int
    page: int
    page_size: int


class ReportListQuery(Schema):
    status: StatusCode | None = None
    topic: str | None = Field(None, max_length=40, json_schema_extra=_TOPIC_ENUM)
    area: str | None = Field(
        None, max_length=10, description="Mã tỉnh hoặc xã: vấn đề trong địa bàn đó"
    )
    severity: int | None = Field(None, ge=1, le=4)
    sensitive: bool | None = Field(None, description="Có yếu tố dân tộc, tôn giáo, an ninh")
    source: SourceCode | None = None
    q: str = Field("", max_length=200, description="Tìm trong tiêu đề, nội dung (không dấu)")
    reported_from: dt.date | None = None
    reported_to: dt.date | None = None
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan theo dõi")
    open_only: bool = Field(False, description="Chỉ vấn đề chưa giải quyết xong")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class AreaCountsQuery(Schema):
    topic: str | None = Field(None, max_length=40, json_schema_extra=_TOPIC_ENUM)
    province: str | None = Field(None, max_length=10, description="Mã tỉnh")


class AreaCountsOut(Schema):
    provinces: dict[str, int]
    communes: dict[str, int]
    sensitive: dict[str, int]
    severe: dict[str, int]
    total: int


# --- Output builders ------------------------------------------------------------------------------


def _code_name(org: Any) -> dict[str, str] | None:
    return {"code": org.code, "name": org.name} if org is not None else None


def item_out(r: IssueReport) -> dict[str, Any]:
    area = r.area
    province = (
        area.code if area.level == "province" else (area.parent.code if area.parent else None)
    )
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "source": r.source,
        "topic": r.topic,
        "severity": r.severity,
        "people_affected": r.people_affected,
        "flag_ethnic": r.flag_ethnic,
        "flag_religious": r.flag_religious,
        "flag_security": r.flag_security,
        "sensitive": r.sensitive,
        "area": {"code": area.code, "name": area.full_name},
        "province_code": province,
        "organization": _code_name(r.organization),
        "reported_on": r.reported_on,
        "escalated_to": _code_name(r.escalated_to),
        "version": r.version,
    }


def _person(user: Any) -> str | None:
    return (user.full_name or user.username) if user is not None else None


def update_out(u: IssueUpdate) -> dict[str, Any]:
    return {
        "id": u.pk,
        "on": u.on,
        "text": u.text,
        "status_from": u.status_from or None,
        "status_to": u.status_to or None,
        "people_affected": u.people_affected,
        "severity": u.severity,
        "author": _person(u.author),
    }


def link_out(row: selectors.LinkRow) -> dict[str, Any]:
    return {
        "id": row.link_id,
        "target_type": row.target_type,
        "target_id": row.target_id,
        "kind_label": row.kind_label,
        "label": row.label,
        "url": row.url,
        "status": row.status,
        "visible": row.visible,
        "note": row.note,
    }


def detail_out(r: IssueReport, user: Any) -> dict[str, Any]:
    body = item_out(r)
    body.update(
        description=r.description,
        source_detail=r.source_detail,
        secondary_topics=list(r.secondary_topics or []),
        topic_suggested=r.topic_suggested,
        topic_confidence=r.topic_confidence,
        status_changed_on=r.status_changed_on,
        assignee=_person(r.assignee),
        escalated_on=r.escalated_on,
        recommendation=r.recommendation,
        escalation_answer=r.escalation_answer,
        answered_on=r.answered_on,
        answer_due=deadlines.escalation_answer_due(r),
        resolved_on=r.resolved_on,
        update_every_days=r.update_every_days,
        last_update_on=r.last_update_on,
        next_update_due=deadlines.next_update_due(r),
        allowed_moves=selectors.report_allowed_moves(report=r, user=user),
        can_work=permissions.can_work(user, r),
        can_answer=permissions.can_answer(user, r) and r.answered_on is None,
        updates=[update_out(u) for u in selectors.report_updates(report=r)],
        links=[link_out(row) for row in selectors.report_links(report=r, user=user)],
    )
    return body


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.report_get(user=user, pk=pk), user)


def _assignee_id(username: str | None) -> int | None:
    """None: not given; 0: clear; else the user's id (422 if there is no such active user)."""
    if username is None:
        return None
    name = username.strip()
    if not name:
        return 0
    user = User.objects.filter(username=name.lower(), is_active=True).first()
    if user is None:
        message = _("Không có cán bộ với tên đăng nhập này.")
        raise ValidationFailed(message, fields={"assignee": message})
    return int(user.pk)


def _filters(user: Any, query: ReportListQuery) -> selectors.ReportFilters:
    return selectors.ReportFilters(
        status=query.status or "",
        topic=query.topic or "",
        area_code=query.area or "",
        severity=query.severity,
        sensitive=query.sensitive,
        source=query.source or "",
        q=query.q,
        reported_from=query.reported_from,
        reported_to=query.reported_to,
        organization_id=_organization_id(user, query.organization, "organization"),
        open_only=query.open_only,
    )


# --- Endpoints ------------------------------------------------------------------------------------


@router.get("", response={200: ReportPage, **_ERRORS}, summary="Danh sách vấn đề bức xúc")
def report_list(request: HttpRequest, response: HttpResponse, query: Query[ReportListQuery]) -> Any:
    """Latest information first, within the caller's scope (and the reports escalated to an
    organisation in it)."""
    user = api_user(request)
    qs = selectors.report_list(user=user, filters=_filters(user, query))
    _no_store(response)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.get(
    "/counts",
    response={200: dict[str, int], **_ERRORS},
    summary="Số vấn đề theo trạng thái (cùng bộ lọc với danh sách)",
)
def report_counts(request: HttpRequest, query: Query[ReportListQuery]) -> Any:
    user = api_user(request)
    return selectors.report_counts_by_status(user=user, filters=_filters(user, query))


@router.get(
    "/open-by-area",
    response={200: AreaCountsOut, **_ERRORS},
    summary="Số vấn đề chưa giải quyết xong theo tỉnh và theo xã",
)
def report_open_by_area(request: HttpRequest, query: Query[AreaCountsQuery]) -> Any:
    """Open = new, verifying, escalated, being resolved. A commune's reports count for its
    province too; `sensitive` and `severe` (severity 4) are by province code."""
    counts = selectors.reports_open_by_area(
        user=api_user(request), topic=query.topic or "", province_code=query.province or ""
    )
    return {
        "provinces": counts.provinces,
        "communes": counts.communes,
        "sensitive": counts.sensitive,
        "severe": counts.severe,
        "total": counts.total,
    }


@router.post(
    "",
    response={201: ReportDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Báo cáo một vấn đề bức xúc",
)
def report_create(request: HttpRequest, payload: ReportCreateIn, response: HttpResponse) -> Any:
    """Records the issue (status `new`) with the classifier's topic suggestion kept beside the
    chosen topic; `petition_ids` (a cluster of petitions the caller may see) are linked."""
    user = api_user(request)
    assignee = _assignee_id(payload.assignee)
    data = services.ReportInput(
        organization_id=_organization_id(user, payload.organization_code),
        title=payload.title,
        description=payload.description,
        source=payload.source,
        topic=payload.topic,
        area_code=payload.area_code or "",
        source_detail=payload.source_detail,
        secondary_topics=list(payload.secondary_topics),
        flag_ethnic=payload.flag_ethnic,
        flag_religious=payload.flag_religious,
        flag_security=payload.flag_security,
        severity=payload.severity,
        people_affected=payload.people_affected,
        reported_on=payload.reported_on,
        update_every_days=payload.update_every_days,
        assignee_id=assignee or None,
        petition_ids=list(payload.petition_ids),
    )
    report = services.report_create(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{report.pk}"
    _no_store(response)
    return Status(201, _fresh(request, report.pk))


@router.get(
    "/{id}",
    response={200: ReportDetailOut, **_ERRORS},
    summary="Chi tiết vấn đề: diễn biến, hồ sơ liên quan, kiến nghị, các bước được phép",
)
def report_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.patch(
    "/{id}",
    response={200: ReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin vấn đề",
)
def report_update(
    request: HttpRequest,
    payload: ReportUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only the fields sent change. Choosing another topic than the suggested one is kept as a
    correction for the classifier."""
    user, report = scoped_record(request, response, selectors.report_get, id)
    changes = services.ReportChanges(
        title=payload.title,
        description=payload.description,
        source=payload.source,
        source_detail=payload.source_detail,
        topic=payload.topic,
        secondary_topics=list(payload.secondary_topics)
        if payload.secondary_topics is not None
        else None,
        area_code=payload.area_code,
        flag_ethnic=payload.flag_ethnic,
        flag_religious=payload.flag_religious,
        flag_security=payload.flag_security,
        severity=payload.severity,
        people_affected=payload.people_affected,
        reported_on=payload.reported_on,
        update_every_days=payload.update_every_days,
        assignee_id=_assignee_id(payload.assignee),
    )
    services.report_update(
        report=report, actor=user, changes=changes, expected_version=payload.expected_version
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: ReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển vấn đề sang bước tiếp theo",
)
def report_transition(
    request: HttpRequest,
    payload: ReportTransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """new → verifying → escalated (`escalated_to_code`: an organisation above the reporting
    one; `recommendation`) → being_resolved → resolved (`text`: the result) → monitoring;
    new/verifying → unfounded (`text`: the reason); resolved/monitoring → being_resolved when
    the issue flares up. An illegal move is 422 `illegal_transition`; a stale
    `expected_version` is 409 and nothing changes."""
    user, report = scoped_record(request, response, selectors.report_get, id)
    target: int | None = None
    if payload.escalated_to_code:
        code = payload.escalated_to_code.strip()
        target = next(
            (o.pk for o in selectors.report_escalation_targets(report=report) if o.code == code),
            0,
        )
    services.report_transition(
        report=report,
        actor=user,
        data=services.MoveInput(
            to=payload.to,
            expected_version=payload.expected_version,
            text=payload.text,
            escalated_to_id=target,
            recommendation=payload.recommendation,
            on=payload.on,
        ),
    )
    return _fresh(request, id)


@router.get(
    "/{id}/updates",
    response={200: list[ReportUpdateOut], **_ERRORS},
    summary="Diễn biến: cập nhật định kỳ, các bước, trả lời kiến nghị (mới nhất trước)",
)
def report_updates(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    report = selectors.report_get(user=api_user(request), pk=id)
    _no_store(response)
    return [update_out(u) for u in selectors.report_updates(report=report)]


@router.post(
    "/{id}/updates",
    response={201: ReportUpdateOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cập nhật tình hình định kỳ",
)
def report_update_add(
    request: HttpRequest,
    payload: ReportUpdateAddIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Moves the next update's due date on the overdue board; `people_affected` and
    `severity` change the report when given."""
    user, report = scoped_record(request, response, selectors.report_get, id)
    update = services.report_update_add(
        report=report,
        actor=user,
        text=payload.text,
        expected_version=payload.expected_version,
        on=payload.on,
        people_affected=payload.people_affected,
        severity=payload.severity,
    )
    return Status(201, update_out(update))


@router.post(
    "/{id}/answer",
    response={200: ReportDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cấp trên trả lời kiến nghị",
)
def report_answer(
    request: HttpRequest,
    payload: ReportAnswerIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """By an officer, leader or party committee member of the organisation the issue was
    escalated to (or above it): 403 otherwise. One answer per escalation."""
    user, report = scoped_record(request, response, selectors.report_get, id)
    services.report_escalation_answer(
        report=report,
        actor=user,
        answer=payload.answer,
        expected_version=payload.expected_version,
        on=payload.on,
    )
    return _fresh(request, id)


@router.get(
    "/{id}/links",
    response={200: list[ReportLinkOut], **_ERRORS},
    summary="Hồ sơ liên quan (đơn thư, lượt tiếp công dân, đối thoại, vấn đề khác)",
)
def report_links(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user, report = scoped_record(request, response, selectors.report_get, id)
    return [link_out(row) for row in selectors.report_links(report=report, user=user)]


@router.post(
    "/{id}/links",
    response={201: ReportLinkOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Liên kết một hồ sơ với vấn đề",
)
def report_link_add(
    request: HttpRequest,
    payload: ReportLinkIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """A record the caller may not see answers 404, as if it did not exist."""
    user, report = scoped_record(request, response, selectors.report_get, id)
    link = services.report_link_add(
        report=report,
        actor=user,
        target_type=payload.target_type,
        target_id=payload.target_id,
        note=payload.note,
    )
    rows = selectors.report_links(report=report, user=user)
    return Status(201, link_out(next(r for r in rows if r.link_id == link.pk)))


@router.delete(
    "/{id}/links/{link_id}",
    response={204: None, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bỏ liên kết",
)
def report_link_remove(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=MAX_ID),
    link_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    report = selectors.report_get(user=user, pk=id)
    link = report.links.filter(pk=link_id).select_related("report").first()
    if link is None:
        raise Http404
    services.report_link_remove(link=link, actor=user)
    return Status(204, None)
