"""/api/v1/reception: reception sessions, the reception register, the head's duty and the
public schedule.

A stable API that integrations rely on: paths, field names and codes only ever grow.

- Authentication is the API-wide default (bearer token or the browser session), except
  `GET /public/schedule`, which needs no account and carries nothing personal.
- Every read goes through `reception.selectors`, scoped to the caller: a record outside the
  caller's scope answers 404 exactly like a missing one.
- Writes are throttled per user (`DANVAN_API_WRITE_RATE`, 429 with `Retry-After`).
- Lifecycle moves and replies carry `expected_version`; a lost race answers 409 `conflict`.
- Register lines in lists carry no personal data; the detail gives the visitor's name, and their
  ID number, phone and address only to the handlers of the entry's organisation (sent with
  `Cache-Control: no-store`). A denouncer is named by the case's pseudonym only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
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
    active_organization_ids,
    page_of,
    scoped_record,
)
from danvan.core.api.common import (
    organization_id_for as _organization_id,
)
from danvan.core.api.throttling import UserRateThrottle
from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization, User
from danvan.reception import permissions, selectors, services
from danvan.reception.inputs import (
    EntryInput,
    ReplyInput,
    SessionInput,
    SessionTransitionInput,
    VisitorInput,
)
from danvan.reception.models import ReceptionEntry, ReceptionSession
from danvan.reception.reference import refusal_ground_codes

router = Router(tags=["reception"])

TEXT_MAX = 4_000
CONTENT_MAX = 20_000
# The dates the work calendar can count (the deadline engine refuses others).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
DUTY_MAX_DAYS = 3 * 366
PUBLIC_MAX_DAYS = 366

SessionKindCode = Literal["scheduled", "daily", "extraordinary"]
PlaceKindCode = Literal["hq", "reception_office", "online"]
HostKindCode = Literal["head", "delegate"]
SessionStatusCode = Literal["planned", "published", "postponed", "held", "cancelled"]
MoveCode = Literal["published", "postponed", "held", "cancelled"]
OutcomeCode = Literal["received", "guided", "answered", "transferred", "refused"]
ReplyMethodCode = Literal["direct", "written"]
PetitionModeCode = Literal["new", "link", "none"]
PetitionKindCode = Literal["complaint", "denunciation", "proposal", "report", "mixed"]
REFUSAL_GROUNDS = refusal_ground_codes()


write_throttle = UserRateThrottle(
    scope="reception_write", setting="DANVAN_API_WRITE_RATE", default="120/min"
)


def _day(description: str, default: Any = None) -> Any:
    return Field(default, ge=FIRST_DAY, le=LAST_DAY, description=description)


# --- Schemas ----------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class SessionCreateIn(Schema):
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Mã cơ quan tiếp công dân; mặc định là cơ quan duy nhất của người gửi yêu cầu",
    )
    date: dt.date = _day("Ngày tiếp (YYYY-MM-DD)", ...)
    kind: SessionKindCode = Field(
        ...,
        description="scheduled: định kỳ của người đứng đầu; daily: thường xuyên; "
        "extraordinary: đột xuất (bắt buộc `reason`)",
    )
    place_kind: PlaceKindCode = Field(
        ..., description="Trụ sở cơ quan, trụ sở tiếp công dân, trực tuyến"
    )
    place: str = Field("", max_length=300, description="Địa điểm cụ thể")
    start_time: dt.time | None = Field(None, description="Giờ bắt đầu (HH:MM)")
    end_time: dt.time | None = Field(None, description="Giờ kết thúc (HH:MM)")
    reason: str = Field("", max_length=TEXT_MAX, description="Lý do tiếp đột xuất")
    host_kind: HostKindCode = Field(..., description="Người đứng đầu hoặc người được ủy quyền")
    host_username: str | None = Field(
        None, max_length=150, description="Tên đăng nhập của người chủ trì (nếu có tài khoản)"
    )
    host_name: str = Field("", max_length=200, description="Họ tên người chủ trì")
    host_position: str = Field("", max_length=200, description="Chức vụ người chủ trì")
    agency_codes: list[str] = Field(
        default_factory=list,
        max_length=30,
        description="Mã các cơ quan cùng tham dự",
        json_schema_extra={"items": {"type": "string", "maxLength": 40}},
    )
    agencies_note: str = Field("", max_length=500, description="Thành phần tham dự khác")
    notes: str = Field("", max_length=TEXT_MAX, description="Ghi chú nội bộ (không công khai)")


class SessionListQuery(Schema):
    status: SessionStatusCode | None = None
    kind: SessionKindCode | None = None
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan")
    area: str | None = Field(
        None, max_length=10, description="Mã địa bàn (gồm cả đơn vị trực thuộc)"
    )
    start: dt.date | None = _day("Từ ngày")
    end: dt.date | None = _day("Đến ngày")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class SessionItemOut(Schema):
    id: int
    organization: CodeName
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    kind: SessionKindCode
    place_kind: PlaceKindCode
    place: str
    host_kind: HostKindCode
    host_name: str
    host_position: str
    status: SessionStatusCode
    publish_due: dt.date | None = Field(None, description="Hạn công khai lịch (lịch định kỳ)")
    published_on: dt.date | None
    postponed_from: dt.date | None
    entry_count: int


class SessionPage(Schema):
    items: list[SessionItemOut]
    count: int
    page: int
    page_size: int


class ReceptionDeadlineOut(Schema):
    key: str
    kind: str
    title: str
    rule_id: str
    started_on: dt.date
    due: dt.date | None
    status: Literal["open", "paused", "done", "cancelled"]
    completed_on: dt.date | None
    explanation: list[str] = Field(default_factory=list, description="Cách tính hạn")


class ReceptionDocumentOut(Schema):
    id: int
    template: Literal["conclusion", "refusal"]
    title: str
    number: str
    issued_on: dt.date


class ReceptionTaskOut(Schema):
    id: int
    title: str
    due: dt.date
    status: str
    assignee: str | None


class SessionEntryOut(Schema):
    id: int
    number: str
    outcome: OutcomeCode
    visitor_count: int
    petition_id: int | None


class SessionDetailOut(SessionItemOut):
    reason: str
    agencies: list[CodeName]
    agencies_note: str
    postponed_on: dt.date | None
    postponement_reason: str
    cancelled_on: dt.date | None
    cancel_reason: str
    held_summary: str
    version: int = Field(description="Gửi lại làm `expected_version` khi chuyển trạng thái")
    allowed_moves: list[SessionStatusCode]
    deadlines: list[ReceptionDeadlineOut]
    entries: list[SessionEntryOut]
    documents: list[ReceptionDocumentOut]
    tasks: list[ReceptionTaskOut]


class SessionTransitionIn(Schema):
    to: MoveCode = Field(..., description="Trạng thái chuyển đến (xem `allowed_moves`)")
    expected_version: int = Field(
        ..., ge=1, le=MAX_ID, description="`version` của buổi tiếp khi đọc; khác thì trả về 409"
    )
    reason: str = Field(
        "", max_length=TEXT_MAX, description="to=postponed, to=cancelled: bắt buộc (công khai)"
    )
    new_date: dt.date | None = _day("to=postponed: bắt buộc, ngày tiếp mới")
    on: dt.date | None = _day("Ngày công khai, ngày thông báo hoãn/hủy; mặc định hôm nay")
    summary: str = Field("", max_length=TEXT_MAX, description="to=held: tóm tắt kết quả")


class VisitorIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200, description="Họ và tên")
    id_number: str = Field("", max_length=20, description="Số định danh cá nhân (CCCD)")
    address: str = Field("", max_length=300, description="Địa chỉ")
    phone: str = Field("", max_length=30, description="Điện thoại")


class EntryCreateIn(Schema):
    organization_code: str | None = Field(
        None, max_length=40, description="Mã cơ quan tiếp; bỏ qua khi có `session_id`"
    )
    session_id: int | None = Field(None, ge=1, le=MAX_ID, description="Buổi tiếp (nếu có)")
    received_on: dt.date = _day("Ngày tiếp (YYYY-MM-DD)", ...)
    visitor: VisitorIn = Field(
        ..., description="Người được tiếp (đoàn đông người: người đại diện thứ nhất)"
    )
    visitor_count: int = Field(
        1,
        ge=1,
        le=100_000,
        description="Số người đến; từ 5 là đoàn đông người (Luật Tiếp công dân Điều 30)",
    )
    co_representatives: list[VisitorIn] = Field(
        default_factory=list,
        max_length=4,
        description="Các người đại diện khác của đoàn: 5–10 người tối đa 2 người đại diện, "
        "trên 10 người tối đa 5",
    )
    representative_document: str = Field(
        "", max_length=300, description="Văn bản cử người đại diện"
    )
    content: str = Field(
        ..., min_length=1, max_length=CONTENT_MAX, description="Nội dung trình bày"
    )
    prior_handling: str = Field("", max_length=TEXT_MAX, description="Đã được giải quyết thế nào")
    request: str = Field("", max_length=TEXT_MAX, description="Yêu cầu của công dân")
    outcome: OutcomeCode = Field(..., description="Kết quả tiếp")
    outcome_note: str = Field("", max_length=TEXT_MAX, description="Nội dung hướng dẫn, trả lời")
    transferred_to: str = Field(
        "", max_length=250, description="outcome=transferred: bắt buộc, cơ quan nhận đơn chuyển"
    )
    refusal_ground: str = Field(
        "",
        max_length=40,
        description="outcome=refused: bắt buộc, căn cứ từ chối (Luật Tiếp công dân Điều 9)",
        json_schema_extra={"enum": ["", *REFUSAL_GROUNDS]},
    )
    petition_mode: PetitionModeCode = Field(
        "new",
        description="new: vào sổ đơn mới; link: gắn với đơn `petition_id`; none: chỉ khi từ chối",
    )
    petition_id: int | None = Field(None, ge=1, le=MAX_ID, description="petition_mode=link")
    petition_kind: PetitionKindCode | None = Field(None, description="petition_mode=new: loại đơn")
    area_code: str = Field("", max_length=10, description="petition_mode=new: mã địa bàn vụ việc")
    topic: str = Field("", max_length=40, description="petition_mode=new: mã lĩnh vực")
    summary: str = Field("", max_length=500, description="petition_mode=new: tóm tắt")
    respondent: str = Field("", max_length=500, description="Người bị khiếu nại, bị tố cáo")


class EntryCreatedOut(Schema):
    id: int
    number: str
    petition_id: int | None
    petition_case_number: str | None
    reply_due: dt.date | None
    documents: list[ReceptionDocumentOut]


class EntryListQuery(Schema):
    q: str = Field("", max_length=200, description="Tên (không dấu cũng được), số thứ tự, số hồ sơ")
    start: dt.date | None = _day("Từ ngày")
    end: dt.date | None = _day("Đến ngày")
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan")
    outcome: OutcomeCode | None = None
    session: int | None = Field(None, ge=1, le=MAX_ID)
    awaiting_reply: bool = Field(False, description="Chỉ các lượt tiếp chưa trả lời")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class EntryItemOut(Schema):
    id: int
    number: str
    organization: CodeName
    session_id: int | None
    received_on: dt.date
    visitor_count: int
    is_crowd: bool
    outcome: OutcomeCode
    petition_id: int | None
    reply_due: dt.date | None
    replied_on: dt.date | None


class EntryPage(Schema):
    items: list[EntryItemOut]
    count: int
    page: int
    page_size: int


class VisitorOut(Schema):
    full_name: str
    id_number: str | None = Field(None, description="Chỉ với cán bộ xử lý của cơ quan")
    address: str | None = None
    phone: str | None = None


class EntryDetailOut(EntryItemOut):
    visitor: VisitorOut | None = Field(
        None, description="Không có với đơn tố cáo (danh tính ở kho bảo mật): xem `pseudonym`"
    )
    pseudonym: str | None
    co_representatives: list[VisitorOut]
    representative_document: str
    content: str
    prior_handling: str
    request: str
    outcome_note: str
    transferred_to: str
    refusal_ground: str
    conclusion: str
    reply_method: ReplyMethodCode | None
    reply_note: str
    version: int
    deadlines: list[ReceptionDeadlineOut]
    documents: list[ReceptionDocumentOut]


class ReplyIn(Schema):
    replied_on: dt.date = _day("Ngày trả lời", ...)
    method: ReplyMethodCode
    note: str = Field("", max_length=TEXT_MAX)
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class DutyQuery(Schema):
    start: dt.date | None = _day("Từ ngày; mặc định 13 tuần trước")
    end: dt.date | None = _day("Đến ngày; mặc định hôm nay")
    organization: str | None = Field(None, max_length=40)


class DutyRowOut(Schema):
    organization: CodeName
    period_start: dt.date
    period_end: dt.date
    period: Literal["week", "month"]
    required_days: int
    held_days: int
    citation: str


class ReceptionDutyOut(Schema):
    start: dt.date
    end: dt.date
    behind: list[DutyRowOut]


class PublicQuery(Schema):
    area: str = Field("", max_length=10, description="Mã tỉnh hoặc xã")
    organization: str | None = Field(None, max_length=40, description="Mã cơ quan")
    start: dt.date | None = _day("Từ ngày; mặc định hôm nay")
    end: dt.date | None = _day("Đến ngày; mặc định 60 ngày sau")


class PublicSessionOut(Schema):
    organization: CodeName
    area: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    kind: SessionKindCode
    place_kind: PlaceKindCode
    place: str
    host: str = Field(description="Chức vụ và họ tên người chủ trì tiếp")
    status: Literal["published", "postponed", "cancelled"]
    postponed_from: dt.date | None
    postponement_reason: str
    cancel_reason: str


# --- Output builders --------------------------------------------------------------------------


def _code_name(org: Organization) -> dict[str, str]:
    return {"code": org.code, "name": org.name}


def _deadline_out(o: Any) -> dict[str, Any]:
    return {
        "key": o.key,
        "kind": o.kind,
        "title": o.title,
        "rule_id": o.rule_id,
        "started_on": o.started_on,
        "due": o.due,
        "status": o.status,
        "completed_on": o.completed_on,
        "explanation": [str(x) for x in (o.explanation if isinstance(o.explanation, list) else [])],
    }


def _document_out(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "template": d.template,
        "title": d.title,
        "number": d.number,
        "issued_on": d.issued_on,
    }


def _session_item(s: ReceptionSession, entry_count: int | None = None) -> dict[str, Any]:
    return {
        "id": s.pk,
        "organization": _code_name(s.organization),
        "date": s.date,
        "start_time": s.start_time,
        "end_time": s.end_time,
        "kind": s.kind,
        "place_kind": s.place_kind,
        "place": s.place,
        "host_kind": s.host_kind,
        "host_name": s.host_name,
        "host_position": s.host_position,
        "status": s.status,
        "publish_due": s.publish_due,
        "published_on": s.published_on,
        "postponed_from": s.postponed_from,
        "entry_count": entry_count
        if entry_count is not None
        else getattr(s, "entry_count", s.entries.count()),
    }


def _session_detail(s: ReceptionSession, user: Any) -> dict[str, Any]:
    entries = selectors.session_entries(session=s)
    body = _session_item(s, len(entries))
    body.update(
        reason=s.reason,
        agencies=[_code_name(a) for a in s.agencies.order_by("code")],
        agencies_note=s.agencies_note,
        postponed_on=s.postponed_on,
        postponement_reason=s.postponement_reason,
        cancelled_on=s.cancelled_on,
        cancel_reason=s.cancel_reason,
        held_summary=s.held_summary,
        version=s.version,
        allowed_moves=selectors.session_moves(session=s, user=user),
        deadlines=[_deadline_out(o) for o in selectors.record_obligations(s)],
        entries=[
            {
                "id": e.pk,
                "number": e.number,
                "outcome": e.outcome,
                "visitor_count": e.visitor_count,
                "petition_id": e.petition_id,
            }
            for e in entries
        ],
        documents=[_document_out(d) for d in selectors.session_documents(session=s)],
        tasks=[
            {
                "id": t.pk,
                "title": t.title,
                "due": t.due,
                "status": t.status,
                "assignee": (t.assignee.full_name or t.assignee.username) if t.assignee else None,
            }
            for t in selectors.session_tasks(session=s)
        ],
    )
    return body


def _entry_item(e: ReceptionEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "number": e.number,
        "organization": _code_name(e.organization),
        "session_id": e.session_id,
        "received_on": e.received_on,
        "visitor_count": e.visitor_count,
        "is_crowd": e.is_crowd,
        "outcome": e.outcome,
        "petition_id": e.petition_id,
        "reply_due": e.reply_due,
        "replied_on": e.replied_on,
    }


def _visitor(name: str, id_number: str, address: str, phone: str, personal: bool) -> dict[str, Any]:
    if not personal:
        return {"full_name": name}
    return {"full_name": name, "id_number": id_number, "address": address, "phone": phone}


def _entry_detail(e: ReceptionEntry, user: Any) -> dict[str, Any]:
    personal = permissions.can_view_personal(user, e)
    body = _entry_item(e)
    body.update(
        visitor=None
        if e.protected
        else _visitor(
            e.visitor_name, e.visitor_id_number, e.visitor_address, e.visitor_phone, personal
        ),
        pseudonym=e.visitor_label if e.protected else None,
        co_representatives=[
            _visitor(r.full_name, r.id_number, r.address, r.phone, personal)
            for r in e.representatives.all()
        ],
        representative_document=e.representative_document,
        content=e.content,
        prior_handling=e.prior_handling,
        request=e.request,
        outcome_note=e.outcome_note,
        transferred_to=e.transferred_to,
        refusal_ground=e.refusal_ground,
        conclusion=e.conclusion,
        reply_method=e.reply_method or None,
        reply_note=e.reply_note,
        version=e.version,
        deadlines=[_deadline_out(o) for o in selectors.record_obligations(e)],
        documents=[_document_out(d) for d in e.documents.order_by("created_at", "id")],
    )
    return body


# --- Sessions ---------------------------------------------------------------------------------


@router.get(
    "/sessions",
    response={200: SessionPage, **_ERRORS},
    summary="Danh sách buổi tiếp công dân trong phạm vi của người dùng",
)
def session_list(request: HttpRequest, query: Query[SessionListQuery]) -> Any:
    """Newest first. `area` includes the units below it."""
    user = api_user(request)
    filters = selectors.SessionFilters(
        status=query.status or "",
        kind=query.kind or "",
        organization_id=_organization_id(user, query.organization, "organization"),
        start=query.start,
        end=query.end,
        area_code=query.area or "",
    )
    qs = selectors.session_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_session_item)


@router.post(
    "/sessions",
    response={201: SessionDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lập lịch một buổi tiếp công dân",
)
def session_create(request: HttpRequest, payload: SessionCreateIn, response: HttpResponse) -> Any:
    """Plans a session (status `planned`). A scheduled session gets its publication deadline
    (`reception.schedule_publish`: at least 5 working days before the day) on the overdue board.
    """
    user = api_user(request)
    org_id = _organization_id(user, payload.organization_code)
    host_id = None
    if payload.host_username:
        host = User.objects.filter(username=payload.host_username.strip()[:150]).first()
        if host is None:
            message = _("Không có người dùng với tên đăng nhập này.")
            raise ValidationFailed(message, fields={"host_username": message})
        host_id = host.pk
    agency_ids = list(active_organization_ids(payload.agency_codes, "agency_codes").values())
    data = SessionInput(
        organization_id=org_id,
        date=payload.date,
        kind=payload.kind,
        place_kind=payload.place_kind,
        place=payload.place,
        start_time=payload.start_time,
        end_time=payload.end_time,
        reason=payload.reason,
        host_kind=payload.host_kind,
        host_user_id=host_id,
        host_name=payload.host_name,
        host_position=payload.host_position,
        agency_ids=agency_ids,
        agencies_note=payload.agencies_note,
        notes=payload.notes,
    )
    session = services.session_create(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{session.pk}"
    return Status(201, _session_detail(selectors.session_get(user=user, pk=session.pk), user))


@router.get(
    "/sessions/{id}",
    response={200: SessionDetailOut, **_ERRORS},
    summary="Chi tiết buổi tiếp: thời hạn, các lượt tiếp, văn bản, nhiệm vụ",
)
def session_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    user = api_user(request)
    return _session_detail(selectors.session_get(user=user, pk=id), user)


@router.post(
    "/sessions/{id}/transitions",
    response={200: SessionDetailOut, **_ERRORS, 409: ErrorOut, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Công khai, hoãn, ghi nhận đã tiếp hoặc hủy buổi tiếp",
)
def session_transition(
    request: HttpRequest, payload: SessionTransitionIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """`to=published` (`on`: the day it went on the portal), `to=postponed` (`new_date` and
    `reason`, announced publicly), `to=held` (not before the day; a scheduled session only
    once published), `to=cancelled` (`reason`). A stale `expected_version` answers 409."""
    user = api_user(request)
    session = selectors.session_get(user=user, pk=id)
    data = SessionTransitionInput(
        to=payload.to,
        expected_version=payload.expected_version,
        reason=payload.reason,
        new_date=payload.new_date,
        on=payload.on,
        summary=payload.summary,
    )
    services.session_transition(session=session, actor=user, data=data)
    return _session_detail(selectors.session_get(user=user, pk=id), user)


# --- The register -----------------------------------------------------------------------------


@router.get(
    "/entries",
    response={200: EntryPage, **_ERRORS},
    summary="Sổ tiếp công dân (không kèm dữ liệu cá nhân)",
)
def entry_list(request: HttpRequest, query: Query[EntryListQuery]) -> Any:
    user = api_user(request)
    filters = selectors.EntryFilters(
        q=query.q,
        start=query.start,
        end=query.end,
        organization_id=_organization_id(user, query.organization, "organization"),
        outcome=query.outcome or "",
        session_id=query.session,
        awaiting_reply=query.awaiting_reply,
    )
    qs = selectors.entry_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_entry_item, deferred=True)


@router.post(
    "/entries",
    response={201: EntryCreatedOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Ghi sổ một lượt tiếp công dân (vào sổ đơn mới hoặc gắn với đơn đã có)",
)
def entry_create(request: HttpRequest, payload: EntryCreateIn, response: HttpResponse) -> Any:
    """Writes a register line with its serial number. `petition_mode=new` registers a petition
    (channel in person) with the visitor (and representatives) as petitioners; `link` attaches
    the case `petition_id`; a refusal has no petition and issues the refusal notice. Outcomes
    `received` and `transferred` start the 10-working-day reply deadline (`reception.reply`).
    A crowd (from 5 people) has 1–2 representatives up to 10 people, at most 5 above."""
    user = api_user(request)

    def person(p: VisitorIn) -> VisitorInput:
        return VisitorInput(
            full_name=p.full_name, id_number=p.id_number, address=p.address, phone=p.phone
        )

    data = EntryInput(
        organization_id=None
        if payload.session_id
        else _organization_id(user, payload.organization_code),
        session_id=payload.session_id,
        received_on=payload.received_on,
        visitor=person(payload.visitor),
        visitor_count=payload.visitor_count,
        co_representatives=[person(p) for p in payload.co_representatives],
        representative_document=payload.representative_document,
        content=payload.content,
        prior_handling=payload.prior_handling,
        request=payload.request,
        outcome=payload.outcome,
        outcome_note=payload.outcome_note,
        transferred_to=payload.transferred_to,
        refusal_ground=payload.refusal_ground,
        petition_mode=payload.petition_mode,
        petition_id=payload.petition_id,
        petition_kind=payload.petition_kind or "",
        area_code=payload.area_code,
        topic=payload.topic,
        summary=payload.summary,
        respondent=payload.respondent,
    )
    entry = services.entry_register(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{entry.pk}"
    return Status(
        201,
        {
            "id": entry.pk,
            "number": entry.number,
            "petition_id": entry.petition_id,
            "petition_case_number": entry.petition.case_number if entry.petition else None,
            "reply_due": entry.reply_due,
            "documents": [_document_out(d) for d in entry.documents.order_by("id")],
        },
    )


@router.get(
    "/entries/{id}",
    response={200: EntryDetailOut, **_ERRORS},
    summary="Chi tiết một lượt tiếp công dân",
)
def entry_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user, entry = scoped_record(request, response, selectors.entry_get, id)
    return _entry_detail(entry, user)


@router.post(
    "/entries/{id}/reply",
    response={200: EntryDetailOut, **_ERRORS, 409: ErrorOut, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Ghi nhận đã trả lời người được tiếp (Luật Tiếp công dân Điều 28 khoản 1)",
)
def entry_reply(
    request: HttpRequest,
    payload: ReplyIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, entry = scoped_record(request, response, selectors.entry_get, id)
    data = ReplyInput(
        replied_on=payload.replied_on,
        method=payload.method,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    services.entry_reply_record(entry=entry, actor=user, data=data)
    return _entry_detail(selectors.entry_get(user=user, pk=id), user)


# --- Duty and the public schedule -------------------------------------------------------------


@router.get(
    "/duty",
    response={200: ReceptionDutyOut, **_ERRORS},
    summary="Người đứng đầu chưa tiếp công dân định kỳ đủ số ngày tối thiểu",
)
def duty(request: HttpRequest, query: Query[DutyQuery]) -> Any:
    """For each organisation in scope with a minimum duty and each finished week or month of
    [start, end] (at most 3 years): the periods behind the minimum."""
    user = api_user(request)
    default_start, default_end = selectors.duty_default_window(timezone.localdate())
    end = query.end or default_end
    start = query.start or min(default_start, end)
    if end < start:
        message = _("Ngày bắt đầu phải trước ngày kết thúc.")
        raise ValidationFailed(message, fields={"start": message})
    if (end - start).days > DUTY_MAX_DAYS:
        message = _("Chọn khoảng thời gian không quá 3 năm.")
        raise ValidationFailed(message, fields={"start": message})
    report = selectors.duty_report(
        user=user,
        start=start,
        end=end,
        organization_id=_organization_id(user, query.organization, "organization"),
    )
    return {
        "start": start,
        "end": end,
        "behind": [
            {
                "organization": _code_name(r.organization),
                "period_start": r.period.start,
                "period_end": r.period.end,
                "period": r.period.kind,
                "required_days": r.required,
                "held_days": r.held,
                "citation": r.duty.citation,
            }
            for r in report.rows
        ],
    }


@router.get(
    "/public/schedule",
    response={200: list[PublicSessionOut], **_ERRORS},
    auth=None,
    summary="Lịch tiếp công dân công khai (không cần đăng nhập)",
)
def public_schedule(request: HttpRequest, query: Query[PublicQuery]) -> Any:
    """Published sessions and the notices of postponed or cancelled ones, by date; at most a
    year at a time. Nothing about the people received."""
    today = timezone.localdate()
    start = query.start or today
    end = query.end or min(start + dt.timedelta(days=60), LAST_DAY)
    if end < start or (end - start).days > PUBLIC_MAX_DAYS:
        message = _("Chọn khoảng thời gian không quá một năm, ngày bắt đầu trước ngày kết thúc.")
        raise ValidationFailed(message, fields={"start": message})
    organization_id = None
    if query.organization:
        organization_id = (
            Organization.objects.filter(code=query.organization.strip(), is_active=True)
            .values_list("pk", flat=True)
            .first()
        )
        if organization_id is None:
            return []
    rows = selectors.public_schedule(
        area_code=query.area, organization_id=organization_id, start=start, end=end
    )
    return [
        {
            "organization": {"code": s.organization_code, "name": s.organization_name},
            "area": s.area_name,
            "date": s.date,
            "start_time": s.start_time,
            "end_time": s.end_time,
            "kind": s.kind,
            "place_kind": s.place_kind,
            "place": s.place,
            "host": s.host,
            "status": s.status,
            "postponed_from": s.postponed_from,
            "postponement_reason": s.postponement_reason,
            "cancel_reason": s.cancel_reason,
        }
        for s in rows
    ]
