"""/api/v1/dialogues: schedule, list, read and move dialogues; participants, signatures,
statements, commitments (core tasks) and the complaints that still need a dialogue.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `dialogues.selectors`, scoped to the caller: a dialogue outside the
  caller's scope answers 404 exactly like a missing one.
- Moves and edits carry `expected_version` (the dialogue's `version`; for a commitment, its
  task's `version`): if someone changed it since, the answer is 409 `conflict`.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
- Participants' personal data (citizens' names and addresses) is sent with
  `Cache-Control: no-store`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import (
    ERRORS as _ERRORS,
)
from danvan.core.api.common import (
    MAX_ID,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    page_of,
    scoped_record,
)
from danvan.core.api.common import (
    no_store as _no_store,
)
from danvan.core.api.common import (
    organization_id_for as _organization_id,
)
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.dialogues import legal, selectors, services
from danvan.dialogues.inputs import (
    CommitmentInput,
    DialogueChanges,
    DialogueInput,
    ParticipantInput,
    TransitionInput,
)
from danvan.dialogues.models import Commitment, Dialogue, Participant, Statement

router = Router(tags=["dialogues"])

TEXT_MAX = 20_000

# The codes of `dialogues.states`, spelled out so the OpenAPI schema lists them
# (tests/dialogues/test_api.py checks they stay equal to the state table).
KindCode = Literal["complaint", "annual", "leader"]
StatusCode = Literal[
    "planned", "notified", "held", "minutes_signed", "closed", "postponed", "cancelled"
]
RoleCode = Literal[
    "chair", "co_chair", "citizen", "representative", "respondent", "agency", "recorder", "other"
]
AddableRoleCode = Literal[
    "co_chair", "citizen", "representative", "respondent", "agency", "recorder", "other"
]
AudienceCode = Literal[
    "residents",
    "businesses",
    "youth",
    "farmers",
    "women",
    "veterans",
    "ethnic",
    "religious",
    "workers",
    "officials",
]
SignatureCode = Literal["pending", "signed", "refused"]
LEGAL_BASES: list[str] = sorted(legal.legal_bases())

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class DialogueCreateIn(Schema):
    kind: KindCode = Field(..., description="Loại đối thoại")
    topic: str = Field(..., min_length=1, max_length=300, description="Nội dung (chủ đề)")
    date: dt.date = Field(..., description="Ngày đối thoại (YYYY-MM-DD)")
    place: str = Field(..., min_length=1, max_length=300, description="Địa điểm")
    chair_name: str = Field(..., min_length=1, max_length=200, description="Người chủ trì")
    chair_position: str = Field("", max_length=200, description="Chức vụ người chủ trì")
    start_time: dt.time | None = Field(None, description="Giờ bắt đầu (HH:MM)")
    end_time: dt.time | None = Field(None, description="Giờ kết thúc (HH:MM)")
    description: str = Field("", max_length=TEXT_MAX, description="Mô tả")
    audience: AudienceCode | None = Field(
        None, description="Đối tượng (đối thoại của người đứng đầu)"
    )
    petition_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id đơn khiếu nại đã thụ lý; bắt buộc với kind=complaint"
    )
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Mã cơ quan tổ chức; mặc định: cơ quan thụ lý đơn (complaint) hoặc cơ quan "
        "duy nhất của người gọi",
    )
    legal_bases: list[str] | None = Field(
        None,
        max_length=20,
        description="Mã căn cứ pháp lý (danvan/dialogues/data/legal_bases.json); "
        "mặc định theo loại",
        json_schema_extra={"items": {"type": "string", "enum": [*LEGAL_BASES]}},
    )
    legal_basis_note: str = Field("", max_length=500, description="Căn cứ khác")


class DialogueUpdateIn(Schema):
    expected_version: int = Field(
        ..., ge=1, le=MAX_ID, description="`version` khi đọc; khác thì 409"
    )
    topic: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=TEXT_MAX)
    place: str | None = Field(None, min_length=1, max_length=300)
    date: dt.date | None = Field(None, description="Chỉ đổi được khi chưa gửi thông báo")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    chair_name: str | None = Field(None, min_length=1, max_length=200)
    chair_position: str | None = Field(None, max_length=200)
    audience: AudienceCode | None = None
    legal_bases: list[str] | None = Field(
        None, max_length=20, json_schema_extra={"items": {"type": "string", "enum": [*LEGAL_BASES]}}
    )
    legal_basis_note: str | None = Field(None, max_length=500)
    outcome: str | None = Field(
        None, max_length=TEXT_MAX, description="Kết quả đối thoại (khi đã tổ chức)"
    )


class DialogueTransitionIn(Schema):
    to: StatusCode = Field(..., description="Trạng thái mới")
    expected_version: int = Field(
        ..., ge=1, le=MAX_ID, description="`version` khi đọc; khác thì 409"
    )
    reason: str = Field("", max_length=1000, description="Lý do (bắt buộc khi tạm hoãn, hủy)")
    notice_on: dt.date | None = Field(
        None, description="to=notified: ngày gửi thông báo, chậm nhất 5 ngày trước ngày đối thoại"
    )
    date: dt.date | None = Field(None, description="to=planned (sau tạm hoãn): ngày đối thoại mới")
    start_time: dt.time | None = Field(None, description="to=planned: giờ bắt đầu mới")
    on: dt.date | None = Field(None, description="minutes_signed, closed: ngày; mặc định hôm nay")
    outcome: str = Field("", max_length=TEXT_MAX, description="held, minutes_signed: kết quả")


class DialogueParticipantIn(Schema):
    role: AddableRoleCode = Field(..., description="Vai trò (người chủ trì sửa ở cuộc đối thoại)")
    full_name: str = Field(..., min_length=1, max_length=200)
    title: str = Field("", max_length=200, description="Chức vụ")
    unit: str = Field("", max_length=250, description="Cơ quan, đơn vị")
    address: str = Field("", max_length=300, description="Địa chỉ")
    attended: bool = Field(True, description="Có mặt")


class DialogueSignatureIn(Schema):
    signature: Literal["signed", "refused"]
    refusal_reason: str = Field("", max_length=1000, description="Bắt buộc khi từ chối ký")


class DialogueParticipantOut(Schema):
    id: int
    role: RoleCode
    full_name: str
    title: str
    unit: str
    address: str
    attended: bool
    signature: SignatureCode
    refusal_reason: str


class DialogueStatementIn(Schema):
    participant_id: int = Field(..., ge=1, le=MAX_ID, description="Người phát biểu")
    content: str = Field(..., min_length=1, max_length=TEXT_MAX)
    agenda_item_id: int | None = Field(None, ge=1, le=MAX_ID)


class DialogueStatementOut(Schema):
    id: int
    position: int
    participant_id: int
    speaker: str
    role: RoleCode
    agenda_item_id: int | None
    content: str


class DialogueAgendaIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    presenter: str = Field("", max_length=200)


class DialogueAgendaOut(Schema):
    id: int
    position: int
    title: str
    presenter: str


class DialogueCommitmentIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, description="Nội dung cam kết")
    due: dt.date = Field(..., description="Hạn thực hiện")
    organization_code: str | None = Field(
        None, max_length=40, description="Đơn vị thực hiện; mặc định cơ quan tổ chức"
    )
    assignee: str | None = Field(None, max_length=150, description="Tên đăng nhập người thực hiện")
    made_by: str = Field("", max_length=200, description="Người cam kết tại buổi đối thoại")
    description: str = Field("", max_length=TEXT_MAX)


class CommitmentProgressIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` của cam kết")
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=1000)


class CommitmentCompleteIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` của cam kết")
    on: dt.date | None = None
    note: str = Field("", max_length=1000)


class DialogueCommitmentOut(Schema):
    id: int
    task_id: int
    title: str
    made_by: str
    organization: CodeName
    assignee: str | None
    due: dt.date
    progress: int
    status: Literal["open", "in_progress", "done", "cancelled"]
    completed_on: dt.date | None
    version: int = Field(description="Gửi lại làm `expected_version` khi cập nhật")


class DialogueItemOut(Schema):
    id: int
    kind: KindCode
    status: StatusCode
    topic: str
    date: dt.date
    start_time: dt.time | None
    place: str
    organization: CodeName
    petition_id: int | None
    case_number: str | None
    notice_on: dt.date | None
    notice_due: dt.date | None
    version: int


class DialogueDetailOut(DialogueItemOut):
    end_time: dt.time | None
    audience: AudienceCode | None
    description: str
    chair_name: str
    chair_position: str
    legal_bases: list[str]
    citations: list[str]
    legal_basis_note: str
    notice_rule: str
    status_note: str
    outcome: str
    held_on: dt.date | None
    minutes_signed_on: dt.date | None
    closed_on: dt.date | None
    minutes_number: str | None
    allowed_moves: list[StatusCode]
    participants: list[DialogueParticipantOut]
    agenda: list[DialogueAgendaOut]
    statements: list[DialogueStatementOut]
    commitments: list[DialogueCommitmentOut]


class DialoguePage(Schema):
    items: list[DialogueItemOut]
    count: int
    page: int
    page_size: int


class DialogueListQuery(Schema):
    kind: KindCode | None = None
    status: StatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan tổ chức")
    q: str = Field("", max_length=200, description="Tìm trong nội dung")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ComplaintNeedingOut(Schema):
    petition_id: int
    case_number: str
    summary: str
    organization_id: int
    accepted_on: dt.date | None
    status: str
    next_deadline: dt.date | None
    scheduled_dialogue_id: int | None
    scheduled_on: dt.date | None


# --- Output builders --------------------------------------------------------------------------


def _code_name(org: Any) -> dict[str, str]:
    return {"code": org.code, "name": org.name}


def item_out(d: Dialogue) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "status": d.status,
        "topic": d.topic,
        "date": d.date,
        "start_time": d.start_time,
        "place": d.place,
        "organization": _code_name(d.organization),
        "petition_id": d.petition_id,
        "case_number": d.petition.case_number if d.petition is not None else None,
        "notice_on": d.notice_on,
        "notice_due": d.notice_due,
        "version": d.version,
    }


def participant_out(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "role": p.role,
        "full_name": p.full_name,
        "title": p.title,
        "unit": p.unit,
        "address": p.address,
        "attended": p.attended,
        "signature": p.signature,
        "refusal_reason": p.refusal_reason,
    }


def statement_out(s: Statement) -> dict[str, Any]:
    return {
        "id": s.pk,
        "position": s.position,
        "participant_id": s.participant_id,
        "speaker": s.participant.full_name,
        "role": s.participant.role,
        "agenda_item_id": s.agenda_item_id,
        "content": s.content,
    }


def commitment_out(c: Commitment) -> dict[str, Any]:
    task = c.task
    assignee = task.assignee
    return {
        "id": c.pk,
        "task_id": task.pk,
        "title": task.title,
        "made_by": c.made_by,
        "organization": _code_name(task.organization),
        "assignee": (assignee.full_name or assignee.username) if assignee else None,
        "due": task.due,
        "progress": task.progress,
        "status": task.status,
        "completed_on": task.completed_on,
        "version": task.version,
    }


def detail_out(d: Dialogue, user: Any) -> dict[str, Any]:
    body = item_out(d)
    minutes = getattr(d, "minutes", None) if d.status in ("minutes_signed", "closed") else None
    body.update(
        end_time=d.end_time,
        audience=d.audience or None,
        description=d.description,
        chair_name=d.chair_name,
        chair_position=d.chair_position,
        legal_bases=list(d.legal_bases or []),
        citations=[b.citation for b in legal.citations(list(d.legal_bases or []))],
        legal_basis_note=d.legal_basis_note,
        notice_rule=d.notice_rule,
        status_note=d.status_note,
        outcome=d.outcome,
        held_on=d.held_on,
        minutes_signed_on=d.minutes_signed_on,
        closed_on=d.closed_on,
        minutes_number=minutes.number if minutes is not None else None,
        allowed_moves=selectors.dialogue_allowed_moves(dialogue=d, user=user),
        participants=[participant_out(p) for p in selectors.dialogue_participants(dialogue=d)],
        agenda=[
            {"id": a.pk, "position": a.position, "title": a.title, "presenter": a.presenter}
            for a in d.agenda.order_by("position", "id")
        ],
        statements=[statement_out(s) for s in selectors.dialogue_statements(dialogue=d)],
        commitments=[commitment_out(c) for c in selectors.dialogue_commitments(dialogue=d)],
    )
    return body


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.dialogue_get(user=user, pk=pk), user)


# --- Endpoints --------------------------------------------------------------------------------


@router.get("", response={200: DialoguePage, **_ERRORS}, summary="Danh sách cuộc đối thoại")
def dialogue_list(request: HttpRequest, query: Query[DialogueListQuery]) -> Any:
    """Latest date first, within the caller's scope."""
    user = api_user(request)
    filters = selectors.DialogueFilters(
        kind=query.kind or "",
        status=query.status or "",
        year=query.year,
        organization_id=_organization_id(user, query.organization, "organization"),
        q=query.q,
    )
    qs = selectors.dialogue_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.post(
    "",
    response={201: DialogueDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lên lịch một cuộc đối thoại",
)
def dialogue_create(request: HttpRequest, payload: DialogueCreateIn, response: HttpResponse) -> Any:
    """Schedules a dialogue (status `planned`) and puts its notice deadline on the board.

    A complaint dialogue needs `petition_id` (an accepted complaint the caller may see); its
    complainants and the person complained against are added as participants. One annual
    dialogue per commune and year (422 otherwise).
    """
    user = api_user(request)
    data = DialogueInput(
        kind=payload.kind,
        organization_id=_organization_id(user, payload.organization_code),
        topic=payload.topic,
        date=payload.date,
        place=payload.place,
        chair_name=payload.chair_name,
        chair_position=payload.chair_position,
        start_time=payload.start_time,
        end_time=payload.end_time,
        description=payload.description,
        audience=payload.audience or "",
        petition_id=payload.petition_id,
        legal_bases=list(payload.legal_bases) if payload.legal_bases is not None else None,
        legal_basis_note=payload.legal_basis_note,
    )
    dialogue = services.dialogue_create(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{dialogue.pk}"
    _no_store(response)
    return Status(201, _fresh(request, dialogue.pk))


@router.get(
    "/complaints-needing-dialogue",
    response={200: list[ComplaintNeedingOut], **_ERRORS},
    summary="Khiếu nại lần hai đã thụ lý chưa được đối thoại",
)
def complaints_needing(request: HttpRequest) -> Any:
    """Accepted second-time complaints (accepted or verifying) without a held dialogue."""
    rows = selectors.complaints_needing_dialogue(user=api_user(request))
    return [
        {
            "petition_id": r.petition_id,
            "case_number": r.case_number,
            "summary": r.summary,
            "organization_id": r.organization_id,
            "accepted_on": r.accepted_on,
            "status": r.status,
            "next_deadline": r.next_deadline,
            "scheduled_dialogue_id": r.scheduled.pk if r.scheduled else None,
            "scheduled_on": r.scheduled.date if r.scheduled else None,
        }
        for r in rows
    ]


@router.get(
    "/{id}",
    response={200: DialogueDetailOut, **_ERRORS},
    summary="Chi tiết cuộc đối thoại: thành phần, ý kiến, cam kết, các bước được phép",
)
def dialogue_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.patch(
    "/{id}",
    response={200: DialogueDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin cuộc đối thoại",
)
def dialogue_update(
    request: HttpRequest,
    payload: DialogueUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only the fields sent change. The date changes only while `planned`; `outcome` only once
    the dialogue was held."""
    user, dialogue = scoped_record(request, response, selectors.dialogue_get, id)
    changes = DialogueChanges(
        topic=payload.topic,
        description=payload.description,
        place=payload.place,
        date=payload.date,
        start_time=payload.start_time,
        end_time=payload.end_time,
        chair_name=payload.chair_name,
        chair_position=payload.chair_position,
        audience=payload.audience,
        legal_bases=list(payload.legal_bases) if payload.legal_bases is not None else None,
        legal_basis_note=payload.legal_basis_note,
        outcome=payload.outcome,
    )
    services.dialogue_update(
        dialogue=dialogue, actor=user, changes=changes, expected_version=payload.expected_version
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: DialogueDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển cuộc đối thoại sang bước tiếp theo",
)
def dialogue_transition(
    request: HttpRequest,
    payload: DialogueTransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Moves: planned → notified (`notice_on`, at least 5 days before the date: otherwise 422
    `notice_too_late`) → held → minutes_signed (422 `minutes_incomplete` until everyone present
    signed or refused with a reason; issues the minutes) → closed (every commitment done);
    planned/notified → postponed or cancelled (`reason`); postponed → planned (`date`).
    A stale `expected_version` answers 409 and nothing changes."""
    user, dialogue = scoped_record(request, response, selectors.dialogue_get, id)
    services.dialogue_transition(
        dialogue=dialogue,
        actor=user,
        data=TransitionInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason,
            notice_on=payload.notice_on,
            date=payload.date,
            start_time=payload.start_time,
            on=payload.on,
            outcome=payload.outcome,
        ),
    )
    return _fresh(request, id)


@router.get(
    "/{id}/participants",
    response={200: list[DialogueParticipantOut], **_ERRORS},
    summary="Thành phần tham dự và chữ ký",
)
def participant_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    dialogue = selectors.dialogue_get(user=api_user(request), pk=id)
    _no_store(response)
    return [participant_out(p) for p in selectors.dialogue_participants(dialogue=dialogue)]


@router.post(
    "/{id}/participants",
    response={201: DialogueParticipantOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thêm người tham dự",
)
def participant_add(
    request: HttpRequest,
    payload: DialogueParticipantIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, dialogue = scoped_record(request, response, selectors.dialogue_get, id)
    participant = services.participant_add(
        dialogue=dialogue,
        actor=user,
        data=ParticipantInput(
            role=payload.role,
            full_name=payload.full_name,
            title=payload.title,
            unit=payload.unit,
            address=payload.address,
            attended=payload.attended,
        ),
    )
    return Status(201, participant_out(participant))


@router.post(
    "/{id}/participants/{participant_id}/signature",
    response={200: DialogueParticipantOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận ký biên bản hoặc từ chối ký (có lý do)",
)
def participant_sign(
    request: HttpRequest,
    payload: DialogueSignatureIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    participant_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only while the dialogue is `held`. `refused` needs `refusal_reason` (422 otherwise)."""
    user, dialogue = scoped_record(request, response, selectors.dialogue_get, id)
    participant = selectors.participant_get(dialogue=dialogue, pk=participant_id)
    participant = services.participant_sign(
        participant=participant,
        actor=user,
        signature=payload.signature,
        reason=payload.refusal_reason,
    )
    return participant_out(participant)


@router.post(
    "/{id}/agenda",
    response={201: DialogueAgendaOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thêm nội dung chương trình",
)
def agenda_add(
    request: HttpRequest, payload: DialogueAgendaIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    dialogue = selectors.dialogue_get(user=user, pk=id)
    item = services.agenda_item_add(
        dialogue=dialogue, actor=user, title=payload.title, presenter=payload.presenter
    )
    return Status(
        201,
        {
            "id": item.pk,
            "position": item.position,
            "title": item.title,
            "presenter": item.presenter,
        },
    )


@router.get(
    "/{id}/statements",
    response={200: list[DialogueStatementOut], **_ERRORS},
    summary="Ý kiến phát biểu, theo thứ tự",
)
def statement_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    dialogue = selectors.dialogue_get(user=api_user(request), pk=id)
    _no_store(response)
    return [statement_out(s) for s in selectors.dialogue_statements(dialogue=dialogue)]


@router.post(
    "/{id}/statements",
    response={201: DialogueStatementOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi ý kiến phát biểu (sau các ý kiến đã ghi)",
)
def statement_add(
    request: HttpRequest,
    payload: DialogueStatementIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, dialogue = scoped_record(request, response, selectors.dialogue_get, id)
    statement = services.statement_add(
        dialogue=dialogue,
        actor=user,
        participant_id=payload.participant_id,
        content=payload.content,
        agenda_item_id=payload.agenda_item_id,
    )
    return Status(201, statement_out(statement))


@router.get(
    "/{id}/commitments",
    response={200: list[DialogueCommitmentOut], **_ERRORS},
    summary="Cam kết (nhiệm vụ có đơn vị, hạn, tiến độ)",
)
def commitment_list(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    dialogue = selectors.dialogue_get(user=api_user(request), pk=id)
    return [commitment_out(c) for c in selectors.dialogue_commitments(dialogue=dialogue)]


@router.post(
    "/{id}/commitments",
    response={201: DialogueCommitmentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi cam kết tại buổi đối thoại (một nhiệm vụ trên bảng hạn xử lý)",
)
def commitment_add(
    request: HttpRequest, payload: DialogueCommitmentIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Only once the dialogue was held and until it is closed. The caller needs the officer,
    leader or administrator role at the owner organisation (403 otherwise)."""
    from danvan.core.models import User

    user = api_user(request)
    dialogue = selectors.dialogue_get(user=user, pk=id)
    assignee_id = None
    if payload.assignee:
        assignee = User.objects.filter(username=payload.assignee.strip(), is_active=True).first()
        if assignee is None:
            message = _("Không có cán bộ với tên đăng nhập này.")
            raise ValidationFailed(message, fields={"assignee": message})
        assignee_id = assignee.pk
    commitment = services.commitment_add(
        dialogue=dialogue,
        actor=user,
        data=CommitmentInput(
            title=payload.title,
            organization_id=_organization_id(user, payload.organization_code),
            due=payload.due,
            made_by=payload.made_by,
            description=payload.description,
            assignee_id=assignee_id,
        ),
    )
    return Status(
        201, commitment_out(selectors.commitment_get(dialogue=dialogue, pk=commitment.pk))
    )


@router.post(
    "/{id}/commitments/{commitment_id}/progress",
    response={200: DialogueCommitmentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Cập nhật tiến độ cam kết",
)
def commitment_progress(
    request: HttpRequest,
    payload: CommitmentProgressIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    commitment_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    dialogue = selectors.dialogue_get(user=user, pk=id)
    commitment = selectors.commitment_get(dialogue=dialogue, pk=commitment_id)
    services.commitment_progress(
        commitment=commitment,
        actor=user,
        progress=payload.progress,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return commitment_out(selectors.commitment_get(dialogue=dialogue, pk=commitment_id))


@router.post(
    "/{id}/commitments/{commitment_id}/complete",
    response={200: DialogueCommitmentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận cam kết đã hoàn thành",
)
def commitment_complete(
    request: HttpRequest,
    payload: CommitmentCompleteIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    commitment_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    dialogue = selectors.dialogue_get(user=user, pk=id)
    commitment = selectors.commitment_get(dialogue=dialogue, pk=commitment_id)
    services.commitment_complete(
        commitment=commitment,
        actor=user,
        expected_version=payload.expected_version,
        on=payload.on,
        note=payload.note,
    )
    return commitment_out(selectors.commitment_get(dialogue=dialogue, pk=commitment_id))
