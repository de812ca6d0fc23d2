"""/api/v1/boards: people's inspection boards and community investment supervision boards,
their members, plans, supervision records, recommendations and answers.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `boards.selectors`, scoped to the caller: a record outside the
  caller's scope answers 404 exactly like a missing one.
- Edits, answers and assessments carry `expected_version`: if the record changed since, the
  answer is 409 `conflict` and nothing changes.
- Organisations are named by their code (`19564-MTTQ`, `19564-UBND`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.boards import permissions, selectors, services
from danvan.boards.inputs import BoardInput, MemberInput, PlanInput, PlanItemInput, RecordInput
from danvan.boards.models import Board, BoardMember, Plan, Recommendation, SupervisionRecord
from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS, MAX_ID, active_organization_id, no_store, scoped_record
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import Organization

router = Router(tags=["boards"])

TEXT_MAX = 20_000
_WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 429: ErrorOut}

BoardKindCode = Literal["people_inspection", "investment"]
BoardStatusCode = Literal["active", "ended"]
MemberRoleCode = Literal["head", "deputy", "member"]
PlanKindCode = Literal["yearly", "ad_hoc"]
AssessmentCode = Literal["satisfied", "partly", "not_satisfied"]


# --- Schemas ----------------------------------------------------------------------------------


class BoardsOrgOut(Schema):
    code: str
    name: str


class BoardsBoardIn(Schema):
    kind: BoardKindCode
    front_code: str = Field(..., max_length=40, description="Mã Ủy ban MTTQ cấp xã")
    term_from: dt.date
    term_to: dt.date | None = Field(None, description="Chỉ Ban giám sát đầu tư")
    name: str = Field("", max_length=300)
    project: str = Field("", max_length=500)
    project_investor: str = Field("", max_length=300)
    decision_number: str = Field("", max_length=60)
    decision_date: dt.date | None = None


class BoardsBoardUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    term_to: dt.date | None = None
    name: str = Field("", max_length=300)
    project: str = Field("", max_length=500)
    project_investor: str = Field("", max_length=300)
    decision_number: str = Field("", max_length=60)
    decision_date: dt.date | None = None


class BoardsEndIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field(..., min_length=1, max_length=1000)
    on: dt.date | None = None


class BoardsMemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    role: MemberRoleCode
    from_on: dt.date
    representing: str = Field("", max_length=200)
    replaces_id: int | None = Field(None, ge=1, le=MAX_ID)


class BoardsMemberEndIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)
    on: dt.date | None = None


class BoardsPlanIn(Schema):
    kind: PlanKindCode
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=300)
    approved_on: dt.date | None = None


class BoardsPlanItemIn(Schema):
    content: str = Field(..., min_length=1, max_length=1000)
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: str = Field("", max_length=300)


class BoardsFileIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    base64: str = Field(..., max_length=40_000_000)


class BoardsRecordIn(Schema):
    held_on: dt.date
    subject: str = Field(..., min_length=1, max_length=500)
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    findings: str = Field("", max_length=TEXT_MAX)
    subject_org_code: str | None = Field(None, max_length=40)
    plan_item_id: int | None = Field(None, ge=1, le=MAX_ID)
    files: list[BoardsFileIn] = Field(default_factory=list, max_length=20)


class BoardsRecommendationIn(Schema):
    addressee_code: str = Field(..., max_length=40)
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    sent_on: dt.date | None = None


class BoardsAnswerIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    answered_on: dt.date | None = None
    signer: str = Field("", max_length=200)


class BoardsAssessIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    assessment: AssessmentCode
    note: str = Field("", max_length=1000)
    follow_up: str = Field("", max_length=TEXT_MAX)


class BoardsMemberOut(Schema):
    id: int
    full_name: str
    role: str
    representing: str
    from_on: dt.date
    to_on: dt.date | None
    end_reason: str
    replaces_id: int | None


class BoardsPlanItemOut(Schema):
    id: int
    position: int
    content: str
    place: str
    starts_on: dt.date
    ends_on: dt.date | None


class BoardsPlanOut(Schema):
    id: int
    kind: str
    year: int
    title: str
    approved_on: dt.date | None
    items: list[BoardsPlanItemOut]


class BoardsRecommendationOut(Schema):
    id: int
    record_id: int
    addressee: BoardsOrgOut
    content: str
    status: str
    sent_on: dt.date
    answer_due: dt.date | None
    answer_rule: str
    overdue: bool
    answer_text: str
    answered_on: dt.date | None
    answer_signer: str
    answered_late: bool
    assessment: str
    assessment_note: str
    assessed_on: dt.date | None
    follow_up_of_id: int | None
    version: int


class BoardsFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class BoardsRecordOut(Schema):
    id: int
    held_on: dt.date
    subject: str
    subject_org: BoardsOrgOut | None
    plan_item_id: int | None
    content: str
    findings: str
    files: list[BoardsFileOut]
    recommendations: list[BoardsRecommendationOut]


class BoardsBoardItemOut(Schema):
    id: int
    kind: str
    name: str
    status: str
    area: str
    front: BoardsOrgOut
    term_from: dt.date
    term_to: dt.date
    term_expired: bool
    members: int
    recommendations: int
    awaiting: int
    overdue: int
    version: int


class BoardsBoardOut(Schema):
    id: int
    kind: str
    name: str
    status: str
    area: str
    front: BoardsOrgOut
    commune: BoardsOrgOut
    project: str
    project_investor: str
    term_from: dt.date
    term_to: dt.date
    term_rule: str
    term_expired: bool
    decision_number: str
    decision_date: dt.date | None
    ended_on: dt.date | None
    status_note: str
    can_manage: bool
    members: list[BoardsMemberOut]
    plans: list[BoardsPlanOut]
    records: list[BoardsRecordOut]
    version: int


class BoardsListOut(Schema):
    items: list[BoardsBoardItemOut]
    count: int


class BoardsListQuery(Schema):
    kind: BoardKindCode | None = None
    status: BoardStatusCode | None = None
    expired: bool = False


class BoardsStatsOut(Schema):
    area_id: int
    area_name: str
    boards_active: int
    boards_expired: int
    recommendations: int
    answered_on_time: int
    answered_late: int
    unanswered: int
    overdue: int


# --- Serialisers ------------------------------------------------------------------------------


def _org(o: Organization) -> dict[str, str]:
    return {"code": o.code, "name": o.name}


def _rec(r: Recommendation) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": r.pk,
        "record_id": r.record_id,
        "addressee": _org(r.addressee),
        "content": r.content,
        "status": r.status,
        "sent_on": r.sent_on,
        "answer_due": r.answer_due,
        "answer_rule": r.answer_rule,
        "overdue": bool(r.answered_on is None and r.answer_due and r.answer_due < today),
        "answer_text": r.answer_text,
        "answered_on": r.answered_on,
        "answer_signer": r.answer_signer,
        "answered_late": r.answered_late,
        "assessment": r.assessment,
        "assessment_note": r.assessment_note,
        "assessed_on": r.assessed_on,
        "follow_up_of_id": r.follow_up_of_id,
        "version": r.version,
    }


def _member(m: BoardMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "role": m.role,
        "representing": m.representing,
        "from_on": m.from_on,
        "to_on": m.to_on,
        "end_reason": m.end_reason,
        "replaces_id": m.replaces_id,
    }


def _plan(p: Plan) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "year": p.year,
        "title": p.title,
        "approved_on": p.approved_on,
        "items": [
            {
                "id": i.pk,
                "position": i.position,
                "content": i.content,
                "place": i.place,
                "starts_on": i.starts_on,
                "ends_on": i.ends_on,
            }
            for i in p.items.all()
        ],
    }


def _record(r: SupervisionRecord) -> dict[str, Any]:
    return {
        "id": r.pk,
        "held_on": r.held_on,
        "subject": r.subject,
        "subject_org": _org(r.subject_org) if r.subject_org else None,
        "plan_item_id": r.plan_item_id,
        "content": r.content,
        "findings": r.findings,
        "files": [
            {
                "id": f.pk,
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
            }
            for f in r.files.all()
        ],
        "recommendations": [_rec(k) for k in r.recommendations.all()],
    }


def _board_out(user: Any, pk: int) -> dict[str, Any]:
    view = selectors.board_page(user=user, pk=pk)
    b = view.board
    return {
        "id": b.pk,
        "kind": b.kind,
        "name": b.name,
        "status": b.status,
        "area": b.area.name,
        "front": _org(b.front),
        "commune": _org(b.commune),
        "project": b.project,
        "project_investor": b.project_investor,
        "term_from": b.term_from,
        "term_to": b.term_to,
        "term_rule": b.term_rule,
        "term_expired": b.status == "active" and b.term_to < timezone.localdate(),
        "decision_number": b.decision_number,
        "decision_date": b.decision_date,
        "ended_on": b.ended_on,
        "status_note": b.status_note,
        "can_manage": permissions.can_manage(user, b),
        "members": [_member(m) for m in view.members + view.former_members],
        "plans": [_plan(p) for p in view.plans],
        "records": [_record(r) for r in view.records],
        "version": b.version,
    }


def _item(b: Board) -> dict[str, Any]:
    return {
        "id": b.pk,
        "kind": b.kind,
        "name": b.name,
        "status": b.status,
        "area": b.area.name,
        "front": _org(b.front),
        "term_from": b.term_from,
        "term_to": b.term_to,
        "term_expired": b.status == "active" and b.term_to < timezone.localdate(),
        "members": getattr(b, "member_count", 0),
        "recommendations": getattr(b, "rec_total", 0),
        "awaiting": getattr(b, "rec_awaiting", 0),
        "overdue": getattr(b, "rec_overdue", 0),
        "version": b.version,
    }


def _files(files: list[BoardsFileIn]) -> list[UploadedFileInput]:
    result = []
    for f in files:
        try:
            data = base64.b64decode(f.base64, validate=True)
        except (binascii.Error, ValueError):
            message = _("Tệp không đúng mã base64.")
            raise ValidationFailed(message, fields={"files": message}) from None
        result.append(UploadedFileInput(name=f.name, data=data))
    return result


# --- Endpoints --------------------------------------------------------------------------------


@router.get("/boards", response={200: BoardsListOut, **ERRORS}, summary="Danh sách ban")
def board_list(request: HttpRequest, response: HttpResponse, q: Query[BoardsListQuery]) -> Any:
    user = api_user(request)
    filters = selectors.BoardFilters(kind=q.kind or "", status=q.status or "", expired=q.expired)
    rows = list(selectors.board_list(user=user, filters=filters)[:500])
    no_store(response)
    return {"items": [_item(b) for b in rows], "count": len(rows)}


@router.get(
    "/statistics", response={200: list[BoardsStatsOut], **ERRORS}, summary="Thống kê theo xã"
)
def board_stats(request: HttpRequest, response: HttpResponse) -> Any:
    user = api_user(request)
    no_store(response)
    return [vars(row) for row in selectors.board_statistics(user=user)]


@router.post(
    "/boards",
    response={201: BoardsBoardOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập ban",
)
def board_create(request: HttpRequest, payload: BoardsBoardIn, response: HttpResponse) -> Any:
    user = api_user(request)
    board = services.board_create(
        actor=user,
        data=BoardInput(
            kind=payload.kind,
            front_id=active_organization_id(payload.front_code, "front_code"),
            term_from=payload.term_from,
            term_to=payload.term_to,
            name=payload.name,
            project=payload.project,
            project_investor=payload.project_investor,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
        ),
    )
    no_store(response)
    return Status(201, _board_out(user, int(board.pk)))


@router.get("/boards/{id}", response={200: BoardsBoardOut, **ERRORS}, summary="Một ban")
def board_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    no_store(response)
    return _board_out(user, id)


@router.put(
    "/boards/{id}",
    response={200: BoardsBoardOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin ban",
)
def board_update(
    request: HttpRequest,
    payload: BoardsBoardUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, board = scoped_record(request, response, selectors.board_get, id)
    services.board_update(
        board=board,
        actor=user,
        data=BoardInput(
            kind=board.kind,
            term_from=board.term_from,
            term_to=payload.term_to,
            name=payload.name,
            project=payload.project,
            project_investor=payload.project_investor,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
        ),
        expected_version=payload.expected_version,
    )
    return _board_out(user, id)


@router.post(
    "/boards/{id}/end",
    response={200: BoardsBoardOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Kết thúc hoạt động của ban",
)
def board_end(
    request: HttpRequest,
    payload: BoardsEndIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, board = scoped_record(request, response, selectors.board_get, id)
    services.board_end(
        board=board,
        actor=user,
        reason=payload.reason,
        on=payload.on,
        expected_version=payload.expected_version,
    )
    return _board_out(user, id)


@router.post(
    "/boards/{id}/members",
    response={201: BoardsMemberOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bổ sung thành viên",
)
def member_add(
    request: HttpRequest,
    payload: BoardsMemberIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, board = scoped_record(request, response, selectors.board_get, id)
    member = services.member_add(
        board=board,
        actor=user,
        data=MemberInput(
            full_name=payload.full_name,
            role=payload.role,
            from_on=payload.from_on,
            representing=payload.representing,
            replaces_id=payload.replaces_id,
        ),
    )
    return Status(201, _member(member))


@router.post(
    "/members/{id}/end",
    response={200: BoardsMemberOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cho thôi thành viên",
)
def member_end(
    request: HttpRequest,
    payload: BoardsMemberEndIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, member = scoped_record(request, response, selectors.member_get, id)
    services.member_end(member=member, actor=user, reason=payload.reason, on=payload.on)
    return _member(member)


@router.post(
    "/boards/{id}/plans",
    response={201: BoardsPlanOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập kế hoạch giám sát",
)
def plan_create(
    request: HttpRequest,
    payload: BoardsPlanIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, board = scoped_record(request, response, selectors.board_get, id)
    plan = services.plan_create(
        board=board,
        actor=user,
        data=PlanInput(
            kind=payload.kind,
            year=payload.year,
            title=payload.title,
            approved_on=payload.approved_on,
        ),
    )
    return Status(201, _plan(plan))


@router.post(
    "/plans/{id}/items",
    response={201: BoardsPlanOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bổ sung nội dung kế hoạch",
)
def plan_item_add(
    request: HttpRequest,
    payload: BoardsPlanItemIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, plan = scoped_record(request, response, selectors.plan_get, id)
    services.plan_item_add(
        plan=plan,
        actor=user,
        data=PlanItemInput(
            content=payload.content,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            place=payload.place,
        ),
    )
    return Status(201, _plan(selectors.plan_get(user=user, pk=id)))


@router.post(
    "/boards/{id}/records",
    response={201: BoardsRecordOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi kết quả giám sát",
)
def record_create(
    request: HttpRequest,
    payload: BoardsRecordIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, board = scoped_record(request, response, selectors.board_get, id)
    record = services.record_create(
        board=board,
        actor=user,
        data=RecordInput(
            held_on=payload.held_on,
            subject=payload.subject,
            content=payload.content,
            findings=payload.findings,
            subject_org_id=active_organization_id(payload.subject_org_code, "subject_org_code"),
            plan_item_id=payload.plan_item_id,
            files=list(_files(payload.files)),
        ),
    )
    return Status(201, _record(selectors.record_get(user=user, pk=int(record.pk))))


@router.post(
    "/records/{id}/recommendations",
    response={201: BoardsRecommendationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Gửi kiến nghị",
)
def recommendation_add(
    request: HttpRequest,
    payload: BoardsRecommendationIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, record = scoped_record(request, response, selectors.record_get, id)
    rec = services.recommendation_add(
        record=record,
        actor=user,
        addressee_id=active_organization_id(payload.addressee_code, "addressee_code"),
        content=payload.content,
        sent_on=payload.sent_on,
    )
    return Status(201, _rec(selectors.recommendation_get(user=user, pk=int(rec.pk))))


@router.get(
    "/recommendations/{id}",
    response={200: BoardsRecommendationOut, **ERRORS},
    summary="Một kiến nghị",
)
def recommendation_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    no_store(response)
    return _rec(selectors.recommendation_get(user=user, pk=id))


@router.post(
    "/recommendations/{id}/answer",
    response={200: BoardsRecommendationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi trả lời kiến nghị",
)
def recommendation_answer(
    request: HttpRequest,
    payload: BoardsAnswerIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, rec = scoped_record(request, response, selectors.recommendation_get, id)
    services.recommendation_answer(
        recommendation=rec,
        actor=user,
        text=payload.text,
        answered_on=payload.answered_on,
        signer=payload.signer,
        expected_version=payload.expected_version,
    )
    return _rec(selectors.recommendation_get(user=user, pk=id))


@router.post(
    "/recommendations/{id}/assessment",
    response={200: BoardsRecommendationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ban đánh giá trả lời",
)
def recommendation_assess(
    request: HttpRequest,
    payload: BoardsAssessIn,
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
    return _rec(selectors.recommendation_get(user=user, pk=id))
