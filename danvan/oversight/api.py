"""/api/v1/oversight: supervisions and social criticism (findings, recommendations, answers)
and inspections (conclusions that become core tasks).

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `oversight.selectors`, scoped to the caller: a record outside the
  caller's scope answers 404 exactly like a missing one.
- Moves, answers and assessments carry `expected_version`: if the record changed since, the
  answer is 409 `conflict` and nothing changes.
- Organisations are named by their code (`44-MTTQ`, `19564-UBND`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import (
    ERRORS,
    MAX_ID,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    active_organization_ids,
    no_store,
    page_of,
    scoped_record,
)
from danvan.core.api.common import active_organization_id as _org_id
from danvan.core.api.common import organization_id_for as _own_organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import Organization
from danvan.oversight import permissions, selectors, services
from danvan.oversight.inputs import ConclusionItemInput, InspectionInput, SupervisionInput
from danvan.oversight.models import ConclusionItem, Inspection, Recommendation, Supervision
from danvan.oversight.states import inspection_targets, supervision_targets

router = Router(tags=["oversight"])

TEXT_MAX = 20_000
_WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 429: ErrorOut}

SupervisionKindCode = Literal["thematic", "regular", "criticism"]
SupervisionStatusCode = Literal[
    "planned", "in_progress", "findings_reported", "recommendations_sent", "closed", "cancelled"
]
InspectionStatusCode = Literal[
    "planned", "announced", "in_progress", "concluded", "closed", "cancelled"
]
AnswerResultCode = Literal["accepted", "partly", "not_accepted"]
AssessmentCode = Literal["satisfactory", "follow_up"]


def _org_ids(codes: list[str], field: str) -> list[int]:
    """Ids of active organisations by code (the bodies supervised, inspected or addressed may
    be outside the caller's own scope: the services decide)."""
    return list(active_organization_ids(codes, field).values())


# --- Schemas ----------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class SupervisionIn(Schema):
    kind: SupervisionKindCode
    organization_code: str = Field(..., max_length=40, description="Mã cơ quan giám sát")
    title: str = Field(..., min_length=1, max_length=300)
    period_from: dt.date
    period_to: dt.date
    content: str = Field("", max_length=TEXT_MAX)
    team: str = Field("", max_length=5000)
    supervised_codes: list[str] = Field(default_factory=list, max_length=100)
    draft_title: str = Field("", max_length=500, description="Phản biện xã hội: tên dự thảo")
    draft_document_id: int | None = Field(None, ge=1, le=MAX_ID)


class SupervisionUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=1, max_length=300)
    period_from: dt.date
    period_to: dt.date
    content: str = Field("", max_length=TEXT_MAX)
    team: str = Field("", max_length=5000)
    supervised_codes: list[str] = Field(default_factory=list, max_length=100)
    draft_title: str = Field("", max_length=500)
    draft_document_id: int | None = Field(None, ge=1, le=MAX_ID)


class SupervisionMoveIn(Schema):
    to: SupervisionStatusCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    on: dt.date | None = None
    reason: str = Field("", max_length=1000)
    report_summary: str = Field("", max_length=TEXT_MAX)


class FindingIn(Schema):
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    organization_code: str | None = Field(None, max_length=40)


class RecommendationIn(Schema):
    addressee_code: str = Field(..., max_length=40)
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    on: dt.date | None = Field(None, description="Ngày gửi (kiến nghị bổ sung)")


class AnswerIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    result: AnswerResultCode
    answered_on: dt.date | None = None
    file_name: str | None = Field(None, max_length=200)
    file_base64: str | None = Field(None, max_length=40_000_000)


class AssessIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    assessment: AssessmentCode
    note: str = Field("", max_length=1000)
    follow_up: str = Field("", max_length=TEXT_MAX)


class FindingOut(Schema):
    id: int
    position: int
    content: str
    organization: CodeName | None


class RecommendationOut(Schema):
    id: int
    position: int
    addressee: CodeName
    content: str
    status: str
    sent_on: dt.date | None
    answer_due: dt.date | None
    answer_rule: str
    answered_on: dt.date | None
    answered_late: bool
    answer_result: str
    answer_text: str
    has_file: bool
    assessment: str
    assessment_note: str
    follow_up_of: int | None
    version: int


class OversightSummaryOut(Schema):
    sent: int
    answered: int
    answered_late: int
    unanswered: int
    overdue: int
    satisfactory: int
    followed_up: int


class SupervisionItemOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    organization: CodeName
    period_from: dt.date
    period_to: dt.date
    recommendations_sent: int
    recommendations_awaiting: int
    recommendations_overdue: int


class SupervisionPage(Schema):
    items: list[SupervisionItemOut]
    count: int
    page: int
    page_size: int


class SupervisionOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    content: str
    organization: CodeName
    supervised: list[CodeName]
    draft_title: str
    draft_document_id: int | None
    period_from: dt.date
    period_to: dt.date
    team: str
    started_on: dt.date | None
    reported_on: dt.date | None
    report_summary: str
    sent_on: dt.date | None
    closed_on: dt.date | None
    status_note: str
    version: int
    allowed_moves: list[str]
    can_manage: bool
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]
    summary: OversightSummaryOut


class SupervisionListQuery(Schema):
    kind: SupervisionKindCode | None = None
    status: SupervisionStatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    organization: str | None = Field(None, max_length=40)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class InspectionIn(Schema):
    organization_code: str = Field(..., max_length=40, description="Mã cơ quan kiểm tra")
    title: str = Field(..., min_length=1, max_length=300)
    scheduled_from: dt.date
    scheduled_to: dt.date
    inspected_codes: list[str] = Field(..., min_length=1, max_length=100)
    document_refs: str = Field("", max_length=500)
    document_ids: list[int] = Field(default_factory=list, max_length=20)
    content: str = Field("", max_length=TEXT_MAX)
    team: str = Field("", max_length=5000)
    period_from: dt.date | None = None
    period_to: dt.date | None = None


class InspectionUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=1, max_length=300)
    scheduled_from: dt.date
    scheduled_to: dt.date
    inspected_codes: list[str] = Field(..., min_length=1, max_length=100)
    document_refs: str = Field("", max_length=500)
    document_ids: list[int] = Field(default_factory=list, max_length=20)
    content: str = Field("", max_length=TEXT_MAX)
    team: str = Field("", max_length=5000)
    period_from: dt.date | None = None
    period_to: dt.date | None = None


class ItemIn(Schema):
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    lead_code: str = Field(..., max_length=40)
    due: dt.date
    supporting_codes: list[str] = Field(default_factory=list, max_length=30)


class InspectionMoveIn(Schema):
    to: InspectionStatusCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    on: dt.date | None = None
    reason: str = Field("", max_length=1000)
    conclusion: str = Field("", max_length=TEXT_MAX, description="Bắt buộc với to=concluded")
    items: list[ItemIn] = Field(default_factory=list, max_length=50)


class OversightTaskOut(Schema):
    id: int
    title: str
    organization: CodeName
    supporting: list[CodeName]
    due: dt.date
    status: str
    progress: int
    completed_on: dt.date | None


class ItemOut(Schema):
    id: int
    position: int
    content: str
    task: OversightTaskOut | None


class ConclusionSummaryOut(Schema):
    items: int
    done: int
    cancelled: int
    in_progress: int
    not_started: int
    overdue: int
    average_progress: int


class InspectionItemOut(Schema):
    id: int
    status: str
    title: str
    organization: CodeName
    document_refs: str
    scheduled_from: dt.date
    scheduled_to: dt.date
    items: int
    items_done: int


class InspectionPage(Schema):
    items: list[InspectionItemOut]
    count: int
    page: int
    page_size: int


class InspectionOut(Schema):
    id: int
    status: str
    title: str
    content: str
    organization: CodeName
    inspected: list[CodeName]
    document_refs: str
    document_ids: list[int]
    team: str
    period_from: dt.date | None
    period_to: dt.date | None
    scheduled_from: dt.date
    scheduled_to: dt.date
    announced_on: dt.date | None
    started_on: dt.date | None
    concluded_on: dt.date | None
    conclusion: str
    closed_on: dt.date | None
    status_note: str
    version: int
    allowed_moves: list[str]
    can_manage: bool
    conclusion_items: list[ItemOut]
    summary: ConclusionSummaryOut


class InspectionListQuery(Schema):
    status: InspectionStatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    organization: str | None = Field(None, max_length=40)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


# --- Output builders --------------------------------------------------------------------------


def _cn(org: Organization) -> dict[str, str]:
    return {"code": org.code, "name": org.name}


def _rec_out(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "position": r.position,
        "addressee": _cn(r.addressee),
        "content": r.content,
        "status": r.status,
        "sent_on": r.sent_on,
        "answer_due": r.answer_due,
        "answer_rule": r.answer_rule,
        "answered_on": r.answered_on,
        "answered_late": r.answered_late,
        "answer_result": r.answer_result,
        "answer_text": r.answer_text,
        "has_file": bool(r.answer_file),
        "assessment": r.assessment,
        "assessment_note": r.assessment_note,
        "follow_up_of": r.follow_up_of_id,
        "version": r.version,
    }


def _supervision_out(user: Any, pk: int) -> dict[str, Any]:
    s = selectors.supervision_get(user=user, pk=pk)
    findings, recs = selectors.supervision_parts(s)
    manage = permissions.can_manage_supervision(user, s)
    return {
        "id": s.pk,
        "kind": s.kind,
        "status": s.status,
        "title": s.title,
        "content": s.content,
        "organization": _cn(s.organization),
        "supervised": [_cn(o) for o in s.supervised.order_by("code")],
        "draft_title": s.draft_title,
        "draft_document_id": s.draft_document_id,
        "period_from": s.period_from,
        "period_to": s.period_to,
        "team": s.team,
        "started_on": s.started_on,
        "reported_on": s.reported_on,
        "report_summary": s.report_summary,
        "sent_on": s.sent_on,
        "closed_on": s.closed_on,
        "status_note": s.status_note,
        "version": s.version,
        "allowed_moves": supervision_targets(s.status) if manage else [],
        "can_manage": manage,
        "findings": [
            {
                "id": f.pk,
                "position": f.position,
                "content": f.content,
                "organization": _cn(f.organization) if f.organization else None,
            }
            for f in findings
        ],
        "recommendations": [_rec_out(r) for r in recs],
        "summary": selectors.recommendation_summary(recs).__dict__,
    }


def _supervision_item(s: Supervision) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "status": s.status,
        "title": s.title,
        "organization": _cn(s.organization),
        "period_from": s.period_from,
        "period_to": s.period_to,
        "recommendations_sent": getattr(s, "rec_sent", 0),
        "recommendations_awaiting": getattr(s, "rec_awaiting", 0),
        "recommendations_overdue": getattr(s, "rec_overdue", 0),
    }


def _item_out(item: ConclusionItem) -> dict[str, Any]:
    t = item.task
    return {
        "id": item.pk,
        "position": item.position,
        "content": item.content,
        "task": None
        if t is None
        else {
            "id": t.pk,
            "title": t.title,
            "organization": _cn(t.organization),
            "supporting": [_cn(s.organization) for s in t.supports.all()],
            "due": t.due,
            "status": t.status,
            "progress": t.progress,
            "completed_on": t.completed_on,
        },
    }


def _inspection_out(user: Any, pk: int) -> dict[str, Any]:
    i = selectors.inspection_get(user=user, pk=pk)
    items = selectors.conclusion_items(i)
    manage = permissions.can_manage_inspection(user, i)
    return {
        "id": i.pk,
        "status": i.status,
        "title": i.title,
        "content": i.content,
        "organization": _cn(i.organization),
        "inspected": [_cn(o) for o in i.inspected.order_by("code")],
        "document_refs": i.document_refs,
        "document_ids": sorted(i.documents.values_list("pk", flat=True)),
        "team": i.team,
        "period_from": i.period_from,
        "period_to": i.period_to,
        "scheduled_from": i.scheduled_from,
        "scheduled_to": i.scheduled_to,
        "announced_on": i.announced_on,
        "started_on": i.started_on,
        "concluded_on": i.concluded_on,
        "conclusion": i.conclusion,
        "closed_on": i.closed_on,
        "status_note": i.status_note,
        "version": i.version,
        "allowed_moves": inspection_targets(i.status) if manage else [],
        "can_manage": manage,
        "conclusion_items": [_item_out(x) for x in items],
        "summary": selectors.conclusion_summary(items).__dict__,
    }


def _inspection_item(i: Inspection) -> dict[str, Any]:
    return {
        "id": i.pk,
        "status": i.status,
        "title": i.title,
        "organization": _cn(i.organization),
        "document_refs": i.document_refs,
        "scheduled_from": i.scheduled_from,
        "scheduled_to": i.scheduled_to,
        "items": getattr(i, "items", 0),
        "items_done": getattr(i, "items_done", 0),
    }


# --- Supervisions -----------------------------------------------------------------------------


@router.get(
    "/supervisions", response={200: SupervisionPage, **ERRORS}, summary="Danh sách giám sát"
)
def supervision_list(request: HttpRequest, query: Query[SupervisionListQuery]) -> Any:
    user = api_user(request)
    filters = selectors.SupervisionFilters(
        kind=query.kind or "",
        status=query.status or "",
        year=query.year,
        organization_id=_org_id(query.organization, "organization"),
        q=query.q,
    )
    qs = selectors.supervision_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_supervision_item)


@router.post(
    "/supervisions",
    response={201: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập kế hoạch giám sát, phản biện xã hội",
)
def supervision_create(request: HttpRequest, payload: SupervisionIn, response: HttpResponse) -> Any:
    user = api_user(request)
    s = services.supervision_create(
        actor=user,
        data=SupervisionInput(
            kind=payload.kind,
            organization_id=_own_organization_id(user, payload.organization_code),
            title=payload.title,
            period_from=payload.period_from,
            period_to=payload.period_to,
            content=payload.content,
            team=payload.team,
            supervised_ids=_org_ids(payload.supervised_codes, "supervised_codes"),
            draft_title=payload.draft_title,
            draft_document_id=payload.draft_document_id,
        ),
    )
    response["Location"] = f"{request.path.rstrip('/')}/{s.pk}"
    no_store(response)
    return Status(201, _supervision_out(user, s.pk))


@router.get(
    "/supervisions/{id}", response={200: SupervisionOut, **ERRORS}, summary="Chi tiết cuộc giám sát"
)
def supervision_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    no_store(response)
    return _supervision_out(api_user(request), id)


@router.put(
    "/supervisions/{id}",
    response={200: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa kế hoạch giám sát",
)
def supervision_update(
    request: HttpRequest,
    payload: SupervisionUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, s = scoped_record(request, response, selectors.supervision_get, id)
    services.supervision_update(
        supervision=s,
        actor=user,
        expected_version=payload.expected_version,
        data=SupervisionInput(
            kind=s.kind,
            title=payload.title,
            period_from=payload.period_from,
            period_to=payload.period_to,
            content=payload.content,
            team=payload.team,
            supervised_ids=_org_ids(payload.supervised_codes, "supervised_codes"),
            draft_title=payload.draft_title,
            draft_document_id=payload.draft_document_id,
        ),
    )
    return _supervision_out(user, id)


@router.post(
    "/supervisions/{id}/transitions",
    response={200: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển cuộc giám sát sang bước tiếp theo",
)
def supervision_transition(
    request: HttpRequest,
    payload: SupervisionMoveIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """planned → in_progress → findings_reported (needs a finding) → recommendations_sent
    (sends the drafted recommendations: each answer deadline starts) → closed (a `reason` when
    answers are missing); cancelled (`reason`) before the recommendations go out."""
    user, s = scoped_record(request, response, selectors.supervision_get, id)
    services.supervision_transition(
        supervision=s,
        actor=user,
        to=payload.to,
        expected_version=payload.expected_version,
        on=payload.on,
        reason=payload.reason,
        report_summary=payload.report_summary,
    )
    return _supervision_out(user, id)


@router.post(
    "/supervisions/{id}/findings",
    response={201: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi kết quả giám sát",
)
def finding_add(
    request: HttpRequest,
    payload: FindingIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, s = scoped_record(request, response, selectors.supervision_get, id)
    services.finding_add(
        supervision=s,
        actor=user,
        content=payload.content,
        organization_id=_org_id(payload.organization_code, "organization_code"),
    )
    return Status(201, _supervision_out(user, id))


@router.post(
    "/supervisions/{id}/recommendations",
    response={201: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Soạn (hoặc gửi bổ sung) một kiến nghị",
)
def recommendation_add(
    request: HttpRequest,
    payload: RecommendationIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, s = scoped_record(request, response, selectors.supervision_get, id)
    services.recommendation_add(
        supervision=s,
        actor=user,
        addressee_id=_org_id(payload.addressee_code, "addressee_code"),
        content=payload.content,
        on=payload.on,
    )
    return Status(201, _supervision_out(user, id))


@router.post(
    "/recommendations/{id}/answer",
    response={200: RecommendationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cơ quan nhận kiến nghị ghi nội dung trả lời",
)
def recommendation_answer(
    request: HttpRequest,
    payload: AnswerIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """The answer leaves the overdue board (done on `answered_on`). An optional file comes as
    `file_name` + `file_base64` and is checked like every upload."""
    user, rec = scoped_record(request, response, selectors.recommendation_get, id)
    file = None
    if payload.file_base64:
        try:
            data = base64.b64decode(payload.file_base64, validate=True)
        except (binascii.Error, ValueError):
            message = _("Tệp không đúng mã base64.")
            raise ValidationFailed(message, fields={"file_base64": message}) from None
        file = UploadedFileInput(name=payload.file_name or "tra-loi", data=data)
    services.recommendation_answer(
        recommendation=rec,
        actor=user,
        text=payload.text,
        result=payload.result,
        answered_on=payload.answered_on,
        expected_version=payload.expected_version,
        file=file,
    )
    return _rec_out(selectors.recommendation_get(user=user, pk=id))


@router.post(
    "/recommendations/{id}/assessment",
    response={200: SupervisionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cơ quan giám sát đánh giá trả lời (đạt, hoặc kiến nghị lại)",
)
def recommendation_assess(
    request: HttpRequest,
    payload: AssessIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, rec = scoped_record(request, response, selectors.recommendation_get, id)
    services.recommendation_assess(
        recommendation=rec,
        actor=user,
        assessment=payload.assessment,
        note=payload.note,
        follow_up=payload.follow_up,
        expected_version=payload.expected_version,
    )
    return _supervision_out(user, int(rec.supervision_id))


# --- Inspections ------------------------------------------------------------------------------


def _inspection_input(
    payload: InspectionIn | InspectionUpdateIn, org_id: int | None
) -> InspectionInput:
    return InspectionInput(
        organization_id=org_id,
        title=payload.title,
        scheduled_from=payload.scheduled_from,
        scheduled_to=payload.scheduled_to,
        inspected_ids=_org_ids(payload.inspected_codes, "inspected_codes"),
        document_refs=payload.document_refs,
        document_ids=list(payload.document_ids),
        content=payload.content,
        team=payload.team,
        period_from=payload.period_from,
        period_to=payload.period_to,
    )


@router.get("/inspections", response={200: InspectionPage, **ERRORS}, summary="Danh sách kiểm tra")
def inspection_list(request: HttpRequest, query: Query[InspectionListQuery]) -> Any:
    user = api_user(request)
    filters = selectors.InspectionFilters(
        status=query.status or "",
        year=query.year,
        organization_id=_org_id(query.organization, "organization"),
        q=query.q,
    )
    qs = selectors.inspection_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_inspection_item)


@router.post(
    "/inspections",
    response={201: InspectionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập kế hoạch kiểm tra",
)
def inspection_create(request: HttpRequest, payload: InspectionIn, response: HttpResponse) -> Any:
    user = api_user(request)
    org_id = _own_organization_id(user, payload.organization_code)
    i = services.inspection_create(actor=user, data=_inspection_input(payload, org_id))
    response["Location"] = f"{request.path.rstrip('/')}/{i.pk}"
    no_store(response)
    return Status(201, _inspection_out(user, i.pk))


@router.get(
    "/inspections/{id}", response={200: InspectionOut, **ERRORS}, summary="Chi tiết cuộc kiểm tra"
)
def inspection_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    no_store(response)
    return _inspection_out(api_user(request), id)


@router.put(
    "/inspections/{id}",
    response={200: InspectionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa kế hoạch kiểm tra",
)
def inspection_update(
    request: HttpRequest,
    payload: InspectionUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, i = scoped_record(request, response, selectors.inspection_get, id)
    services.inspection_update(
        inspection=i,
        actor=user,
        data=_inspection_input(payload, None),
        expected_version=payload.expected_version,
    )
    return _inspection_out(user, id)


@router.post(
    "/inspections/{id}/transitions",
    response={200: InspectionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển cuộc kiểm tra sang bước tiếp theo",
)
def inspection_transition(
    request: HttpRequest,
    payload: InspectionMoveIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """planned → announced → in_progress → concluded (`conclusion` and `items`: each item becomes
    a task of its lead unit, all or nothing) → closed (every task done or cancelled, or a
    `reason`); cancelled (`reason`) before the conclusion."""
    user, i = scoped_record(request, response, selectors.inspection_get, id)
    items = [
        ConclusionItemInput(
            content=it.content,
            lead_id=_org_id(it.lead_code, f"items.{n}"),
            due=it.due,
            supporting_ids=_org_ids(it.supporting_codes, f"items.{n}"),
        )
        for n, it in enumerate(payload.items, start=1)
    ]
    services.inspection_transition(
        inspection=i,
        actor=user,
        to=payload.to,
        expected_version=payload.expected_version,
        on=payload.on,
        reason=payload.reason,
        conclusion=payload.conclusion,
        items=items,
    )
    return _inspection_out(user, id)


@router.post(
    "/inspections/{id}/conclusion-items",
    response={201: InspectionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bổ sung một nội dung kết luận (giao thêm nhiệm vụ)",
)
def conclusion_item_add(
    request: HttpRequest,
    payload: ItemIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, i = scoped_record(request, response, selectors.inspection_get, id)
    services.conclusion_item_add(
        inspection=i,
        actor=user,
        item=ConclusionItemInput(
            content=payload.content,
            lead_id=_org_id(payload.lead_code, "lead_code"),
            due=payload.due,
            supporting_ids=_org_ids(payload.supporting_codes, "supporting_codes"),
        ),
    )
    return Status(201, _inspection_out(user, id))
