"""/api/v1/conferences: schedule, list, read and move conferences; invitations and attendance;
the conclusions (each a core task) and their progress.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `conferences.selectors`, scoped to the caller: a conference outside
  the caller's scope answers 404 exactly like a missing one.
- Moves and the conclusions carry `expected_version` (the conference's `version`; for an item's
  progress, its task's `version`): if someone changed it since, the answer is 409 `conflict`.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.conferences import selectors, services
from danvan.conferences.inputs import (
    ChairInput,
    ConclusionInput,
    ConclusionItemInput,
    ConferenceChanges,
    ConferenceInput,
    InviteeInput,
    SupportInput,
    TransitionInput,
)
from danvan.conferences.models import Conference, Invitee
from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import (
    MAX_ID,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    active_organization_id,
    page_of,
    scoped_record,
)
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed

router = Router(tags=["conferences"])

TEXT_MAX = 20_000

# The codes of `conferences.states`, spelled out so the OpenAPI schema lists them
# (tests/conferences/test_api.py checks they stay equal to the state table).
KindCode = Literal["briefing", "interim", "final", "thematic", "other"]
StatusCode = Literal["planned", "invited", "held", "concluded", "postponed", "cancelled"]
AttendanceCode = Literal["pending", "present", "absent", "represented"]
TaskStatusCode = Literal["open", "in_progress", "done", "cancelled"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class ChairIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    title: str = Field("", max_length=300, description="Chức vụ")


class ChairOut(Schema):
    full_name: str
    title: str


class ConferenceCreateIn(Schema):
    kind: KindCode = Field(..., description="Loại hội nghị")
    title: str = Field(..., min_length=1, max_length=400)
    date: dt.date = Field(..., description="Ngày tổ chức (YYYY-MM-DD)")
    place: str = Field(..., min_length=1, max_length=300)
    chairs: list[ChairIn] = Field(..., min_length=1, max_length=10, description="Chủ trì")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    agenda: str = Field("", max_length=TEXT_MAX)
    period_label: str = Field("", max_length=200, description="Kỳ đánh giá")
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    organization_code: str | None = Field(
        None, max_length=40, description="Mã cơ quan tổ chức; mặc định: cơ quan duy nhất"
    )
    co_organizer_codes: list[str] = Field([], max_length=20)
    invited_codes: list[str] = Field([], max_length=300, description="Mã cơ quan được mời")
    document_ids: list[int] = Field([], max_length=50, description="Id văn bản liên quan")


class ConferenceUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc")
    title: str | None = Field(None, min_length=1, max_length=400)
    place: str | None = Field(None, min_length=1, max_length=300)
    agenda: str | None = Field(None, max_length=TEXT_MAX)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    period_label: str | None = Field(None, max_length=200)
    chairs: list[ChairIn] | None = Field(None, min_length=1, max_length=10)
    co_organizer_codes: list[str] | None = Field(None, max_length=20)
    document_ids: list[int] | None = Field(None, max_length=50)


class ConferenceTransitionIn(Schema):
    to: StatusCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=1000, description="Bắt buộc khi tạm hoãn, hủy")
    on: dt.date | None = Field(None, description="invited, concluded: ngày; mặc định hôm nay")
    date: dt.date | None = Field(
        None, description="postponed: ngày dự kiến (nếu biết); planned: ngày tổ chức mới"
    )
    start_time: dt.time | None = None
    summary: str = Field("", max_length=TEXT_MAX, description="held: kết quả hội nghị")


class InviteeIn(Schema):
    organization_code: str | None = Field(None, max_length=40)
    full_name: str = Field("", max_length=200)
    title: str = Field("", max_length=300)
    unit_name: str = Field("", max_length=250)


class InviteeOut(Schema):
    id: int
    organization: CodeName | None
    full_name: str
    title: str
    unit_name: str
    attendance: AttendanceCode
    absence_reason: str
    represented_by: str


class AttendanceIn(Schema):
    attendance: Literal["present", "absent", "represented"]
    absence_reason: str = Field("", max_length=500)
    represented_by: str = Field("", max_length=300)


class ConferenceSupportIn(Schema):
    organization_code: str = Field(..., max_length=40)
    duty: str = Field("", max_length=300, description="Phần việc phối hợp")


class ConclusionItemIn(Schema):
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    lead_code: str = Field(..., max_length=40, description="Mã đơn vị chủ trì")
    due: dt.date
    supporting: list[ConferenceSupportIn] = Field([], max_length=20)
    title: str = Field("", max_length=300, description="Tên nhiệm vụ; mặc định: đầu nội dung")


class ConclusionIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    concluded_by: str = Field(..., min_length=1, max_length=200)
    concluded_by_title: str = Field("", max_length=300)
    signer_name: str = Field("", max_length=200)
    signer_title: str = Field("", max_length=300)
    assessment: str = Field("", max_length=TEXT_MAX)
    issued_on: dt.date | None = None
    items: list[ConclusionItemIn] = Field(..., min_length=1, max_length=50)


class ConferenceSupportOut(Schema):
    organization: CodeName
    duty: str


class ConclusionItemOut(Schema):
    id: int
    position: int
    content: str
    task_id: int
    lead: CodeName
    supporting: list[ConferenceSupportOut]
    due: dt.date
    status: TaskStatusCode
    progress: int
    completed_on: dt.date | None
    late: bool
    version: int = Field(description="`version` của nhiệm vụ: gửi lại khi cập nhật tiến độ")


class ConferenceSummaryOut(Schema):
    total: int
    done: int
    done_late: int
    open: int
    overdue: int
    cancelled: int


class ConclusionOut(Schema):
    number: str
    issued_on: dt.date
    concluded_by: str
    concluded_by_title: str
    items: list[ConclusionItemOut]
    summary: ConferenceSummaryOut


class ConferenceItemOut(Schema):
    id: int
    kind: KindCode
    status: StatusCode
    title: str
    date: dt.date
    start_time: dt.time | None
    place: str
    organization: CodeName
    period_label: str
    version: int


class ConferenceDetailOut(ConferenceItemOut):
    end_time: dt.time | None
    agenda: str
    period_start: dt.date | None
    period_end: dt.date | None
    chairs: list[ChairOut]
    co_organizers: list[CodeName]
    documents: list[str]
    status_note: str
    postponed_to: dt.date | None
    invitations_sent_on: dt.date | None
    held_on: dt.date | None
    summary: str
    concluded_on: dt.date | None
    allowed_moves: list[StatusCode]
    invitees: list[InviteeOut]
    conclusion: ConclusionOut | None


class ConferencePage(Schema):
    items: list[ConferenceItemOut]
    count: int
    page: int
    page_size: int


class ConferenceListQuery(Schema):
    kind: KindCode | None = None
    status: StatusCode | None = None
    when: Literal["upcoming", "past"] | None = Field(
        None, description="upcoming: chưa tổ chức (sớm nhất trước); past: đã tổ chức hoặc đã hủy"
    )
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan tổ chức")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ConferenceProgressIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` của nhiệm vụ")
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=1000)


class ConferenceCompleteIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    on: dt.date | None = None
    note: str = Field("", max_length=1000)


# --- Output builders --------------------------------------------------------------------------


def _code_name(org: Any) -> dict[str, str]:
    return {"code": org.code, "name": org.name}


def item_out(c: Conference) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "status": c.status,
        "title": c.title,
        "date": c.date,
        "start_time": c.start_time,
        "place": c.place,
        "organization": _code_name(c.organization),
        "period_label": c.period_label,
        "version": c.version,
    }


def invitee_out(i: Invitee) -> dict[str, Any]:
    return {
        "id": i.pk,
        "organization": _code_name(i.organization) if i.organization is not None else None,
        "full_name": i.full_name,
        "title": i.title,
        "unit_name": i.unit_name,
        "attendance": i.attendance,
        "absence_reason": i.absence_reason,
        "represented_by": i.represented_by,
    }


def conclusion_out(c: Conference) -> dict[str, Any] | None:
    conclusion = getattr(c, "conclusion", None)
    if conclusion is None:
        return None
    rows, summary = selectors.conclusion_rows(conference=c)
    return {
        "number": conclusion.number,
        "issued_on": conclusion.issued_on,
        "concluded_by": conclusion.concluded_by,
        "concluded_by_title": conclusion.concluded_by_title,
        "items": [
            {
                "id": r.item.pk,
                "position": r.item.position,
                "content": r.item.content,
                "task_id": r.task.pk,
                "lead": _code_name(r.task.organization),
                "supporting": [
                    {"organization": _code_name(s.organization), "duty": s.duty} for s in r.supports
                ],
                "due": r.task.due,
                "status": r.task.status,
                "progress": r.task.progress,
                "completed_on": r.task.completed_on,
                "late": r.late,
                "version": r.task.version,
            }
            for r in rows
        ],
        "summary": {
            "total": summary.total,
            "done": summary.done,
            "done_late": summary.done_late,
            "open": summary.open,
            "overdue": summary.overdue,
            "cancelled": summary.cancelled,
        },
    }


def detail_out(c: Conference, user: Any) -> dict[str, Any]:
    body = item_out(c)
    body.update(
        end_time=c.end_time,
        agenda=c.agenda,
        period_start=c.period_start,
        period_end=c.period_end,
        chairs=[
            {"full_name": ch.full_name, "title": ch.title}
            for ch in selectors.conference_chairs(conference=c)
        ],
        co_organizers=[_code_name(o) for o in c.co_organizers.order_by("name")],
        documents=[str(d) for d in c.documents.order_by("-issued_on")],
        status_note=c.status_note,
        postponed_to=c.postponed_to,
        invitations_sent_on=c.invitations_sent_on,
        held_on=c.held_on,
        summary=c.summary,
        concluded_on=c.concluded_on,
        allowed_moves=selectors.conference_allowed_moves(conference=c, user=user),
        invitees=[invitee_out(i) for i in selectors.conference_invitees(conference=c)],
        conclusion=conclusion_out(c),
    )
    return body


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.conference_get(user=user, pk=pk), user)


def _org_by_code(code: str, field: str) -> int:
    """An active organisation named by code (the invited and supporting units may be outside
    the caller's scope: the service decides what is allowed)."""
    org_id = active_organization_id(code, field)
    if org_id is None:
        message = _("Chọn cơ quan, đơn vị.")
        raise ValidationFailed(message, fields={field: message})
    return org_id


# --- Endpoints --------------------------------------------------------------------------------


@router.get("", response={200: ConferencePage, **_ERRORS}, summary="Danh sách hội nghị")
def conference_list(request: HttpRequest, query: Query[ConferenceListQuery]) -> Any:
    """Within the caller's scope; `when=upcoming` soonest first, otherwise latest first."""
    user = api_user(request)
    filters = selectors.ConferenceFilters(
        kind=query.kind or "",
        status=query.status or "",
        organization_id=_organization_id(user, query.organization, "organization"),
        date_from=query.date_from,
        date_to=query.date_to,
        q=query.q,
        when=query.when or "",
    )
    qs = selectors.conference_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.post(
    "",
    response={201: ConferenceDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lên lịch một hội nghị",
)
def conference_create(
    request: HttpRequest, payload: ConferenceCreateIn, response: HttpResponse
) -> Any:
    """Schedules a conference (status `planned`) with its chairs and invited units."""
    user = api_user(request)
    data = ConferenceInput(
        kind=payload.kind,
        organization_id=_organization_id(user, payload.organization_code),
        title=payload.title,
        date=payload.date,
        place=payload.place,
        chairs=[ChairInput(full_name=c.full_name, title=c.title) for c in payload.chairs],
        start_time=payload.start_time,
        end_time=payload.end_time,
        agenda=payload.agenda,
        period_label=payload.period_label,
        period_start=payload.period_start,
        period_end=payload.period_end,
        co_organizer_ids=[
            _org_by_code(c, "co_organizer_codes") for c in payload.co_organizer_codes
        ],
        invited_organization_ids=[_org_by_code(c, "invited_codes") for c in payload.invited_codes],
        document_ids=list(payload.document_ids),
    )
    conference = services.conference_create(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{conference.pk}"
    return Status(201, _fresh(request, conference.pk))


@router.get(
    "/{id}",
    response={200: ConferenceDetailOut, **_ERRORS},
    summary="Chi tiết hội nghị: chủ trì, thành phần, kết luận và tiến độ, các bước được phép",
)
def conference_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _fresh(request, id)


@router.patch(
    "/{id}",
    response={200: ConferenceDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin hội nghị (trước khi tổ chức)",
)
def conference_update(
    request: HttpRequest, payload: ConferenceUpdateIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Only the fields sent change; only while planned, invited or postponed. The date changes
    by postponing and re-planning."""
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    services.conference_update(
        conference=conference,
        actor=user,
        expected_version=payload.expected_version,
        changes=ConferenceChanges(
            title=payload.title,
            place=payload.place,
            agenda=payload.agenda,
            start_time=payload.start_time,
            end_time=payload.end_time,
            period_label=payload.period_label,
            chairs=[ChairInput(c.full_name, c.title) for c in payload.chairs]
            if payload.chairs is not None
            else None,
            co_organizer_ids=[
                _org_by_code(c, "co_organizer_codes") for c in payload.co_organizer_codes
            ]
            if payload.co_organizer_codes is not None
            else None,
            document_ids=list(payload.document_ids) if payload.document_ids is not None else None,
        ),
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: ConferenceDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển hội nghị sang bước tiếp theo",
)
def conference_transition(
    request: HttpRequest, payload: ConferenceTransitionIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """planned → invited (someone invited) → held (from the date on) → concluded (the
    conclusion notice issued: otherwise 422 `conclusions_missing`); planned/invited →
    postponed (`reason`, optional new `date`) or cancelled (`reason`); postponed → planned.
    An illegal move answers 422 `illegal_transition`; a stale `expected_version` 409."""
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    services.conference_transition(
        conference=conference,
        actor=user,
        data=TransitionInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason,
            on=payload.on,
            date=payload.date,
            start_time=payload.start_time,
            summary=payload.summary,
        ),
    )
    return _fresh(request, id)


@router.post(
    "/{id}/invitees",
    response={201: InviteeOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thêm thành phần mời (cơ quan hoặc đại biểu)",
)
def invitee_add(
    request: HttpRequest, payload: InviteeIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    invitee = services.invitee_add(
        conference=conference,
        actor=user,
        data=InviteeInput(
            organization_id=_org_by_code(payload.organization_code, "organization_code")
            if payload.organization_code
            else None,
            full_name=payload.full_name,
            title=payload.title,
            unit_name=payload.unit_name,
        ),
    )
    return Status(201, invitee_out(invitee))


@router.delete(
    "/{id}/invitees/{invitee_id}",
    response={204: None, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bỏ một thành phần mời (trước khi hội nghị được tổ chức)",
)
def invitee_remove(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=MAX_ID),
    invitee_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    services.invitee_remove(
        invitee=selectors.invitee_get(conference=conference, pk=invitee_id), actor=user
    )
    return Status(204, None)


@router.post(
    "/{id}/invitees/{invitee_id}/attendance",
    response={200: InviteeOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận tham dự: có mặt, vắng mặt (lý do), cử người dự thay",
)
def attendance_record(
    request: HttpRequest,
    payload: AttendanceIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    invitee_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    invitee = services.attendance_record(
        invitee=selectors.invitee_get(conference=conference, pk=invitee_id),
        actor=user,
        attendance=payload.attendance,
        reason=payload.absence_reason,
        represented_by=payload.represented_by,
    )
    return invitee_out(invitee)


@router.post(
    "/{id}/conclusions",
    response={201: ConferenceDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ban hành thông báo kết luận: mỗi nội dung thành một nhiệm vụ",
)
def conclusion_issue(
    request: HttpRequest,
    payload: ConclusionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only for a `held` conference, once. All items or none: a refused item (lead unit the
    caller may not give tasks to, due date before the meeting...) answers 422 with the field
    `items.<n>.<field>` and nothing is written. The notice is numbered from the body's shared
    sequence ("TB")."""
    user, conference = scoped_record(request, response, selectors.conference_get, id)
    items = [
        ConclusionItemInput(
            content=item.content,
            lead_id=_org_by_code(item.lead_code, f"items.{n}.lead"),
            due=item.due,
            title=item.title,
            supporting=[
                SupportInput(
                    organization_id=_org_by_code(s.organization_code, f"items.{n}.supporting"),
                    duty=s.duty,
                )
                for s in item.supporting
            ],
        )
        for n, item in enumerate(payload.items)
    ]
    services.conclusion_issue(
        conference=conference,
        actor=user,
        data=ConclusionInput(
            expected_version=payload.expected_version,
            concluded_by=payload.concluded_by,
            concluded_by_title=payload.concluded_by_title,
            signer_name=payload.signer_name,
            signer_title=payload.signer_title,
            assessment=payload.assessment,
            issued_on=payload.issued_on,
            items=items,
        ),
    )
    return Status(201, _fresh(request, id))


@router.post(
    "/{id}/conclusions/{item_id}/progress",
    response={200: ConferenceDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Báo cáo tiến độ một nội dung kết luận",
)
def item_progress(
    request: HttpRequest,
    payload: ConferenceProgressIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    item_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    services.item_progress(
        item=selectors.item_get(conference=conference, pk=item_id),
        actor=user,
        progress=payload.progress,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return _fresh(request, id)


@router.post(
    "/{id}/conclusions/{item_id}/complete",
    response={200: ConferenceDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận hoàn thành một nội dung kết luận",
)
def item_complete(
    request: HttpRequest,
    payload: ConferenceCompleteIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    item_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    conference = selectors.conference_get(user=user, pk=id)
    services.item_complete(
        item=selectors.item_get(conference=conference, pk=item_id),
        actor=user,
        expected_version=payload.expected_version,
        on=payload.on,
        note=payload.note,
    )
    return _fresh(request, id)
