"""/api/v1/petitions: register, list, read and move petitions; the denouncer identity vault.

A stable API that integrations rely on: paths, field names and codes only ever grow.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `petitions.selectors`, already scoped to the caller: a petition
  outside the caller's scope answers 404 exactly like a missing one.
- Writes (registering, moving a case, granting identity access) and identity reveals are
  throttled per user (429 with `Retry-After`); the rates come from the settings
  `DANVAN_API_WRITE_RATE` and `DANVAN_API_IDENTITY_RATE` (e.g. "120/min", "" = unlimited).
- A denouncer's identity never appears in the list or the detail: a denunciation has no
  petitioners there, only its `pseudonym` ("Người tố cáo #A7F2"). The identity is only given by
  `GET /{id}/identity?reason=...` to a user holding a grant, and every reveal is audited by
  `petitions.vault`.
- Petitioners of other kinds are shown in the detail with their citizen ID number: the caller
  is an officer whose scope covers the case, and the national petition database needs the ID to
  match the same person across bodies. The list never carries any petitioner. Responses that
  carry personal data are sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
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
    organization_id_for,
    page_of,
    scoped_record,
)
from danvan.core.api.common import (
    no_store as _no_store,
)
from danvan.core.api.throttling import (  # noqa: F401  (re-exported)
    UserRateThrottle,
    identity_throttle,
    parse_rate,
    write_throttle,
)
from danvan.core.errors import DomainError, NotFound
from danvan.core.models import User
from danvan.core.services.accounts import normalize_username
from danvan.core.services.common import today as _today
from danvan.core.topics import topic_codes
from danvan.petitions import selectors, services, vault
from danvan.petitions.inputs import PersonInput, PetitionInput, TransitionInput
from danvan.petitions.models import Petition
from danvan.petitions.states import TERMINAL, Kind

router = Router(tags=["petitions"])

# The limits the services apply (longer text would be cut, so the API refuses it instead).
CONTENT_MAX = 20_000
REQUESTS_MAX = 4_000
REASON_MAX = 4_000
RESULT_MAX = 8_000

# The codes of `petitions.states`, spelled out so the OpenAPI schema lists them
# (tests/petitions/test_api.py checks they stay equal to the state table).
KindCode = Literal["complaint", "denunciation", "proposal", "report", "mixed"]
ChannelCode = Literal[
    "post",
    "in_person",
    "box",
    "online",
    "forwarded_deputy",
    "forwarded_mttq",
    "forwarded_press",
    "forwarded_agency",
    "pakn",
]
StatusCode = Literal[
    "received",
    "triaged",
    "accepted",
    "verifying",
    "suspended",
    "resolved",
    "closed",
    "withdrawn",
]
OutcomeCode = Literal["accept", "transfer", "guide", "answer", "file", "ineligible"]
SatisfactionCode = Literal["satisfied", "partly", "unsatisfied"]
SatisfactionChannelCode = Literal["portal", "phone", "in_person"]

# Topic and ineligibility codes are data files: the schema lists the codes (as `enum`) and the
# services check them (422 with `fields` for an unknown code).
TOPICS: list[str] = topic_codes()
TOPIC_HELP = "Mã lĩnh vực trong danh mục (danvan/data/topics.json); mặc định khac"
INELIGIBLE_REASONS: list[str] = sorted(
    {r["code"] for kind in Kind.values for r in services.ineligible_reasons(kind, dt.date.max)}
    | {r["code"] for kind in Kind.values for r in services.ineligible_reasons(kind)}
)

# Every answer an endpoint may give besides its success, in the one error format.


# --- Throttling: core/api/throttling.py (shared by every app's API) -------------------------


# --- Schemas ----------------------------------------------------------------------------------


class PersonIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200, description="Họ và tên")
    id_number: str = Field("", max_length=20, description="Số định danh cá nhân (CCCD)")
    address: str = Field("", max_length=300, description="Địa chỉ")
    phone: str = Field("", max_length=30, description="Điện thoại")
    email: str = Field("", max_length=254, description="Thư điện tử")
    is_representative: bool = Field(False, description="Người đại diện (đơn nhiều người ký)")


class PetitionCreateIn(Schema):
    kind: KindCode = Field(..., description="Loại đơn")
    channel: ChannelCode = Field(..., description="Nguồn đơn")
    received_on: dt.date = Field(..., description="Ngày nhận đơn (YYYY-MM-DD)")
    content: str = Field(
        ..., min_length=1, max_length=CONTENT_MAX, description="Nội dung đơn (ít nhất 10 ký tự)"
    )
    area_code: str = Field(
        ...,
        min_length=1,
        max_length=10,
        description="Mã đơn vị hành chính nơi phát sinh vụ việc (mã trước 2025 được chuyển "
        "sang đơn vị hiện nay)",
    )
    topic: str = Field(
        "", max_length=40, description=TOPIC_HELP, json_schema_extra={"enum": ["", *TOPICS]}
    )
    secondary_topics: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Các lĩnh vực phụ (mã như `topic`)",
        json_schema_extra={"items": {"type": "string", "enum": [*TOPICS]}},
    )
    petitioners: list[PersonIn] = Field(
        default_factory=list,
        max_length=5000,
        description="Người gửi đơn; chỉ được để trống khi `anonymous` là true. Với đơn tố cáo, "
        "danh tính được mã hóa trong kho bảo mật, không bao giờ trả về ở danh sách hay chi tiết.",
    )
    respondent: str = Field(
        "", max_length=500, description="Người bị khiếu nại, bị tố cáo, cơ quan bị kiến nghị"
    )
    anonymous: bool = Field(False, description="Đơn nặc danh, không có người gửi")
    summary: str = Field("", max_length=500, description="Tóm tắt")
    requests: str = Field("", max_length=REQUESTS_MAX, description="Yêu cầu của người gửi")
    forwarder: str = Field(
        "", max_length=250, description="Nơi chuyển đơn; bắt buộc với nguồn forwarded_*"
    )
    forwarder_reference: str = Field("", max_length=100, description="Số văn bản chuyển đơn")
    pakn_code: str = Field(
        "", max_length=60, description="Mã trên hệ thống PAKN; bắt buộc với nguồn pakn"
    )
    signer_count: int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="Số người ký (từ 5 là đơn nhiều người ký); mặc định là số người gửi",
    )
    complaint_round: Literal[1, 2] = Field(
        1, description="Lần khiếu nại (1 hoặc 2; lần 2 chỉ với đơn khiếu nại)"
    )
    duplicate_of: int | None = Field(
        None, ge=1, le=MAX_ID, description="Mã (id) đơn đã có mà đơn này trùng"
    )
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Mã cơ quan tiếp nhận; mặc định là cơ quan duy nhất của người gửi yêu cầu",
    )


class PetitionCreatedOut(Schema):
    id: int
    case_number: str
    tracking_code: str
    status: StatusCode
    next_deadline: dt.date | None = Field(None, description="Hạn gần nhất (YYYY-MM-DD)")


class CodeName(Schema):
    code: str
    name: str


class PetitionListQuery(Schema):
    q: str = Field("", max_length=200, description="Tìm kiếm toàn văn (không dấu cũng được)")
    status: StatusCode | None = None
    kind: KindCode | None = None
    topic: str | None = Field(
        None, max_length=40, description="Mã lĩnh vực", json_schema_extra={"enum": [*TOPICS]}
    )
    area: str | None = Field(
        None, max_length=10, description="Mã địa bàn (gồm cả các đơn vị trực thuộc)"
    )
    overdue: bool = Field(False, description="Chỉ các đơn đã quá hạn")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class PetitionItemOut(Schema):
    id: int
    case_number: str
    tracking_code: str
    kind: KindCode
    channel: ChannelCode
    status: StatusCode
    triage_outcome: OutcomeCode | None
    received_on: dt.date
    topic: str
    area: CodeName
    summary: str
    organization: CodeName
    next_deadline: dt.date | None
    overdue: bool
    is_duplicate: bool
    pseudonym: str | None = Field(
        None, description="Với đơn tố cáo: bí danh người tố cáo, ví dụ “Người tố cáo #A7F2”"
    )


class PetitionPage(Schema):
    items: list[PetitionItemOut]
    count: int
    page: int
    page_size: int


class PetitionerOut(Schema):
    full_name: str
    id_number: str
    address: str
    phone: str
    email: str
    is_representative: bool


class PetitionDeadlineOut(Schema):
    key: str
    kind: str
    title: str
    rule_id: str
    started_on: dt.date
    due: dt.date | None
    status: Literal["open", "paused", "done", "cancelled"]
    days_left: int | None = Field(
        None, description="Số ngày (theo lịch) còn lại đến hạn; âm khi đã quá hạn"
    )
    explanation: list[str] = Field(default_factory=list, description="Cách tính hạn")


class MoveOut(Schema):
    to: StatusCode
    label: str
    needs: list[str] = Field(description="Các trường cần gửi kèm khi chuyển sang bước này")


class EventOut(Schema):
    at: dt.datetime
    on: dt.date
    verb: str
    from_status: str
    to_status: str
    reason: str
    actor: str


class DocumentOut(Schema):
    id: int
    template: str
    title: str
    number: str
    issued_on: dt.date


class AgencyOut(Schema):
    organization: CodeName
    role: Literal["lead", "coordinating"]
    part: str
    assignee: str | None
    due: dt.date | None
    done_on: dt.date | None


class TransferOut(Schema):
    direction: Literal["out", "in"]
    from_organization: CodeName
    to_organization: CodeName
    sent_on: dt.date
    reason: str
    acknowledged_at: dt.datetime | None


class PetitionDetailOut(PetitionItemOut):
    content: str
    requests: str
    respondent: str
    forwarder: str
    forwarder_reference: str
    pakn_code: str
    petitioners: list[PetitionerOut] = Field(
        description="Người gửi đơn; luôn rỗng với đơn tố cáo (danh tính ở kho bảo mật)"
    )
    signer_count: int
    multi_signer: bool
    anonymous: bool
    complaint_round: int
    ineligible_reason: str
    decision_number: str
    result_summary: str
    complex: bool
    especially_complex: bool
    satisfaction: SatisfactionCode | None
    duplicate_of: int | None
    version: int = Field(description="Gửi lại làm `expected_version` khi chuyển bước")
    deadlines: list[PetitionDeadlineOut]
    allowed_moves: list[MoveOut]
    events: list[EventOut]
    documents: list[DocumentOut]
    agencies: list[AgencyOut]
    transfers: list[TransferOut]
    public_answer: str | None = Field(
        None, description="Trả lời công khai trên Cổng công dân (PUT /{id}/public-answer)"
    )
    public_answer_on: dt.date | None = None


class TransitionIn(Schema):
    to: StatusCode = Field(..., description="Trạng thái chuyển đến (xem `allowed_moves`)")
    reason: str = Field(
        ..., min_length=1, max_length=REASON_MAX, description="Lý do, căn cứ (ít nhất 3 ký tự)"
    )
    expected_version: int = Field(
        ..., ge=1, le=MAX_ID, description="`version` của hồ sơ khi đọc; khác thì trả về 409"
    )
    on: dt.date | None = Field(None, description="Ngày pháp lý của việc làm; mặc định hôm nay")
    outcome: OutcomeCode | None = Field(None, description="to=triaged: bắt buộc, kết quả xử lý đơn")
    ineligible_reason: str = Field(
        "",
        max_length=40,
        description="to=triaged, outcome=ineligible: bắt buộc, mã lý do không đủ điều kiện có "
        "căn cứ pháp lý, phù hợp loại đơn (ví dụ kn_* theo Luật Khiếu nại Điều 11)",
        json_schema_extra={"enum": ["", *INELIGIBLE_REASONS]},
    )
    transfer_to: str = Field(
        "",
        max_length=40,
        description="to=triaged, outcome=transfer: bắt buộc, mã cơ quan có thẩm quyền nhận đơn",
    )
    complex: bool = Field(False, description="to=accepted: vụ việc phức tạp (không bắt buộc)")
    especially_complex: bool = Field(
        False, description="to=accepted: vụ việc đặc biệt phức tạp (không bắt buộc)"
    )
    decision_number: str = Field(
        "",
        max_length=100,
        description="to=resolved: bắt buộc, số quyết định / kết luận; to=suspended, "
        "to=verifying (tiếp tục): số quyết định (không bắt buộc)",
    )
    result_summary: str = Field(
        "",
        max_length=RESULT_MAX,
        description="to=resolved: bắt buộc, tóm tắt kết quả giải quyết (ít nhất 10 ký tự)",
    )
    satisfaction: SatisfactionCode | None = Field(
        None, description="to=closed: mức độ hài lòng của người gửi (không bắt buộc)"
    )
    satisfaction_channel: SatisfactionChannelCode | None = Field(
        None, description="to=closed: cách ghi nhận mức độ hài lòng (không bắt buộc)"
    )


class IdentityQuery(Schema):
    # Optional in the schema so that a missing reason is answered 400 `reason_required`.
    reason: str = Field(
        "",
        max_length=1000,
        description="Bắt buộc: lý do xem danh tính người tố cáo, ít nhất 10 ký tự (ghi vào nhật "
        "ký); thiếu thì trả về 400 reason_required",
    )


class IdentityPersonOut(Schema):
    full_name: str
    id_number: str
    address: str
    phone: str
    email: str


class IdentityFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class IdentityOut(Schema):
    persons: list[IdentityPersonOut]
    files: list[IdentityFileOut]


class GrantIn(Schema):
    username: str = Field(
        ...,
        min_length=1,
        max_length=150,
        description="Tên đăng nhập của cán bộ được cấp quyền (phải xem được hồ sơ)",
    )
    reason: str = Field(
        ..., min_length=1, max_length=REASON_MAX, description="Lý do cấp quyền (ít nhất 10 ký tự)"
    )
    days: int = Field(
        ...,
        ge=1,
        le=vault.GRANT_MAX_DAYS,
        description=f"Số ngày có hiệu lực (1–{vault.GRANT_MAX_DAYS})",
    )


class GrantOut(Schema):
    id: int
    user: str = Field(description="Tên đăng nhập người được cấp quyền")
    expires_at: dt.datetime


# --- Output builders --------------------------------------------------------------------------


def _code_name(code: str, name: str) -> dict[str, str]:
    return {"code": code, "name": name}


def _is_overdue(petition: Petition, today: dt.date) -> bool:
    return (
        petition.next_deadline is not None
        and petition.next_deadline < today
        and petition.status not in TERMINAL
    )


def item_out(petition: Petition, today: dt.date) -> dict[str, Any]:
    """The list item: never a petitioner; a denunciation only by its pseudonym."""
    denunciation = petition.kind == Kind.DENUNCIATION
    return {
        "id": petition.pk,
        "case_number": petition.case_number,
        "tracking_code": petition.tracking_code,
        "kind": petition.kind,
        "channel": petition.channel,
        "status": petition.status,
        "triage_outcome": petition.triage_outcome or None,
        "received_on": petition.received_on,
        "topic": petition.topic,
        "area": _code_name(petition.area.code, petition.area.full_name),
        "summary": petition.summary,
        "organization": _code_name(petition.organization.code, petition.organization.name),
        "next_deadline": petition.next_deadline,
        "overdue": _is_overdue(petition, today),
        "is_duplicate": petition.duplicate_of_id is not None,
        "pseudonym": vault.pseudonym_label(petition) if denunciation else None,
    }


def detail_out(petition: Petition, user: Any) -> dict[str, Any]:
    today = _today()
    body = item_out(petition, today)
    if petition.kind == Kind.DENUNCIATION:
        petitioners: list[dict[str, Any]] = []  # identity lives in the vault only
    else:
        petitioners = [
            {
                "full_name": p.full_name,
                "id_number": p.id_number,
                "address": p.address,
                "phone": p.phone,
                "email": p.email,
                "is_representative": p.is_representative,
            }
            for p in selectors.petition_petitioners(petition=petition)
        ]
    body.update(
        content=petition.content,
        requests=petition.requests,
        respondent=petition.respondent,
        forwarder=petition.forwarder,
        forwarder_reference=petition.forwarder_reference,
        pakn_code=petition.pakn_code,
        petitioners=petitioners,
        signer_count=petition.signer_count,
        multi_signer=petition.is_multi_signer,
        anonymous=petition.anonymous,
        complaint_round=petition.complaint_round,
        ineligible_reason=petition.ineligible_reason,
        decision_number=petition.decision_number,
        result_summary=petition.result_summary,
        complex=petition.complex,
        especially_complex=petition.especially_complex,
        satisfaction=petition.satisfaction or None,
        duplicate_of=petition.duplicate_of_id,
        version=petition.version,
        deadlines=[
            _deadline_out(o, today) for o in selectors.petition_deadlines(petition=petition)
        ],
        allowed_moves=[
            {"to": m.to, "label": str(m.label), "needs": list(m.needs)}
            for m in selectors.petition_allowed_moves(petition=petition, user=user)
        ],
        events=[
            {
                "at": e.at,
                "on": e.on,
                "verb": e.verb,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "reason": e.reason,
                "actor": e.actor_label,
            }
            for e in selectors.petition_timeline(petition=petition)
        ],
        documents=[
            {
                "id": d.pk,
                "template": d.template,
                "title": d.title,
                "number": d.number,
                "issued_on": d.issued_on,
            }
            for d in selectors.petition_documents(petition=petition)
        ],
        agencies=[
            {
                "organization": _code_name(a.organization.code, a.organization.name),
                "role": a.role,
                "part": a.part,
                "assignee": (a.assignee.full_name or a.assignee.username) if a.assignee else None,
                "due": a.due,
                "done_on": a.done_on,
            }
            for a in selectors.petition_agencies(petition=petition)
        ],
        transfers=_transfers_out(petition),
        public_answer=petition.public_answer or None,
        public_answer_on=petition.public_answer_on if petition.public_answer else None,
    )
    return body


def _deadline_out(obligation: Any, today: dt.date) -> dict[str, Any]:
    due: dt.date | None = obligation.due
    status = obligation.status
    explanation = obligation.explanation if isinstance(obligation.explanation, list) else []
    return {
        "key": obligation.key,
        "kind": obligation.kind,
        "title": obligation.title,
        "rule_id": obligation.rule_id,
        "started_on": obligation.started_on,
        "due": due,
        "status": status,
        "days_left": (due - today).days if due is not None and status == "open" else None,
        "explanation": [str(line) for line in explanation],
    }


def _transfers_out(petition: Petition) -> list[dict[str, Any]]:
    return [
        {
            "direction": "in" if t.received_petition_id == petition.pk else "out",
            "from_organization": _code_name(t.from_organization.code, t.from_organization.name),
            "to_organization": _code_name(t.to_organization.code, t.to_organization.name),
            "sent_on": t.sent_on,
            "reason": t.reason,
            "acknowledged_at": t.acknowledged_at,
        }
        for t in selectors.petition_transfers(petition=petition)
    ]


@contextmanager
def _fields_named(names: dict[str, str]) -> Iterator[None]:
    """Report a service's field errors under the API's field names (`organization` ->
    `organization_code`, ...), so a client can point at what it sent."""
    try:
        yield
    except DomainError as exc:
        exc.fields = {names.get(k, k): v for k, v in exc.fields.items()}
        raise


# --- Endpoints --------------------------------------------------------------------------------


@router.post(
    "",
    response={201: PetitionCreatedOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Tiếp nhận, vào sổ một đơn thư",
)
def petition_create(request: HttpRequest, payload: PetitionCreateIn, response: HttpResponse) -> Any:
    """Registers a petition and returns its case number, public tracking code and next deadline.

    `petitioners` may be empty only for an anonymous petition (`anonymous: true`). For a
    denunciation the petitioners' identity goes to the encrypted vault and is never returned by
    the list or the detail. Invalid input gives 422 with `fields` (all problems at once); a body
    that is not JSON, 400; a caller without a handling role at the receiving organisation, 403.
    """
    user = api_user(request)
    organization_id = organization_id_for(user, payload.organization_code)
    data = PetitionInput(
        kind=payload.kind,
        channel=payload.channel,
        received_on=payload.received_on,
        content=payload.content,
        area_code=payload.area_code,
        petitioners=[
            PersonInput(
                full_name=p.full_name,
                id_number=p.id_number,
                address=p.address,
                phone=p.phone,
                email=p.email,
                is_representative=p.is_representative,
            )
            for p in payload.petitioners
        ],
        anonymous=payload.anonymous,
        topic=payload.topic,
        respondent=payload.respondent,
        summary=payload.summary,
        requests=payload.requests,
        forwarder=payload.forwarder,
        forwarder_reference=payload.forwarder_reference,
        pakn_code=payload.pakn_code,
        signer_count=payload.signer_count,
        complaint_round=payload.complaint_round,
        secondary_topics=list(payload.secondary_topics),
        duplicate_of_id=payload.duplicate_of,
        organization_id=organization_id,
    )
    with _fields_named({"organization": "organization_code", "duplicate_of_id": "duplicate_of"}):
        petition = services.petition_register(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{petition.pk}"
    return Status(
        201,
        {
            "id": petition.pk,
            "case_number": petition.case_number,
            "tracking_code": petition.tracking_code,
            "status": petition.status,
            "next_deadline": petition.next_deadline,
        },
    )


@router.get(
    "",
    response={200: PetitionPage, **_ERRORS},
    summary="Danh sách đơn thư trong phạm vi của người dùng",
)
def petition_list(request: HttpRequest, query: Query[PetitionListQuery]) -> Any:
    """Newest first. `area` includes the units below it; `q` is the folded full-text search
    (with or without diacritics); `overdue=true` keeps the cases past their next deadline.

    Items never carry a petitioner; a denunciation shows only its `pseudonym`.
    """
    filters = selectors.PetitionFilters(
        q=query.q,
        status=query.status or "",
        kind=query.kind or "",
        topic=query.topic or "",
        area_code=query.area or "",
        overdue=query.overdue,
    )
    qs, keys = selectors.petition_list_and_keys(user=api_user(request), filters=filters)
    today = _today()
    return page_of(
        qs, page=query.page, page_size=query.page_size, item=lambda p: item_out(p, today), keys=keys
    )


@router.get(
    "/{id}",
    response={200: PetitionDetailOut, **_ERRORS},
    summary="Chi tiết một đơn thư: diễn biến, văn bản, các hạn, các bước được phép",
)
def petition_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """404 when the petition does not exist or is outside the caller's scope.

    Petitioners (with their citizen ID number) are listed for every kind but a denunciation,
    whose denouncer is only named by `pseudonym`. Sent with `Cache-Control: no-store`.
    """
    user, petition = scoped_record(request, response, selectors.petition_get, id)
    return detail_out(petition, user)


@router.post(
    "/{id}/transitions",
    response={200: PetitionDetailOut, **_ERRORS, 409: ErrorOut, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Chuyển hồ sơ sang bước tiếp theo",
)
def petition_transition(
    request: HttpRequest,
    payload: TransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Moves the case and returns its new detail. Only the moves in `allowed_moves` are legal.

    Fields each move needs:

    - `to=triaged`: `outcome`; with `outcome=ineligible` also `ineligible_reason`, with
      `outcome=transfer` also `transfer_to` (the receiving organisation's code);
    - `to=accepted`: optionally `complex` (complaint, denunciation) or `especially_complex`
      (denunciation);
    - `to=verifying`: optionally `decision_number` (after a suspension: the decision to
      continue);
    - `to=suspended`: optionally `decision_number`;
    - `to=resolved`: `decision_number` and `result_summary`;
    - `to=closed`: optionally `satisfaction` and `satisfaction_channel`;
    - `to=withdrawn`: only `reason`.

    Every move needs `reason` and `expected_version`, and takes `on` (the legal date of the act,
    default today). If someone moved the case since `expected_version` was read, the answer is
    409 `conflict` and nothing changes. An illegal move (422 `illegal_transition`) or a missing
    field (422) names the field in `fields`.
    """
    user, petition = scoped_record(request, response, selectors.petition_get, id)
    data = TransitionInput(
        to=payload.to,
        reason=payload.reason,
        expected_version=payload.expected_version,
        on=payload.on,
        outcome=payload.outcome or "",
        ineligible_reason=payload.ineligible_reason,
        transfer_to=payload.transfer_to,
        complex=payload.complex,
        especially_complex=payload.especially_complex,
        decision_number=payload.decision_number,
        result_summary=payload.result_summary,
        satisfaction=payload.satisfaction or "",
        satisfaction_channel=payload.satisfaction_channel or "",
    )
    petition = services.petition_transition(petition=petition, actor=user, data=data)
    return detail_out(selectors.petition_get(user=user, pk=petition.pk), user)


def _denunciation_or_404(petition: Petition) -> None:
    if petition.kind != Kind.DENUNCIATION:
        raise NotFound(_("Đơn này không phải đơn tố cáo nên không có danh tính được bảo mật."))


@router.get(
    "/{id}/identity",
    response={200: IdentityOut, **_ERRORS, 429: ErrorOut},
    throttle=[identity_throttle],
    summary="Xem danh tính người tố cáo (cần được cấp quyền; có ghi nhật ký)",
)
def petition_identity(
    request: HttpRequest,
    query: Query[IdentityQuery],
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """The denouncer's identity, for a user holding an unexpired grant on this case.

    400 `reason_required` without a `reason` (or one too short to say anything); 403 without a
    grant; 404 outside the caller's scope or when the petition is not a denunciation with an
    identity in the vault. Every reveal is written to the audit log with its reason. Sent with
    `Cache-Control: no-store`.
    """
    user, petition = scoped_record(request, response, selectors.petition_get, id)
    _denunciation_or_404(petition)
    identity = vault.vault_reveal(petition=petition, actor=user, reason=query.reason)
    return {
        "persons": [
            {
                "full_name": p.full_name,
                "id_number": p.id_number,
                "address": p.address,
                "phone": p.phone,
                "email": p.email,
            }
            for p in identity.persons
        ],
        "files": [
            {"id": f.id, "name": f.name, "content_type": f.content_type, "size": f.size}
            for f in identity.files
        ],
    }


@router.get(
    "/{id}/identity/files/{file_id}",
    response={200: None, **_ERRORS, 429: ErrorOut},
    throttle=[identity_throttle],
    summary="Tải một tệp bảo mật của người tố cáo (cần được cấp quyền; có ghi nhật ký)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Nội dung tệp (PDF hoặc ảnh)",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def petition_identity_file(
    request: HttpRequest,
    query: Query[IdentityQuery],
    id: int = Path(..., ge=1, le=MAX_ID),
    file_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """One scan listed in `files` of the identity; the same rules and audit as the identity."""
    user = api_user(request)
    petition = selectors.petition_get(user=user, pk=id)
    _denunciation_or_404(petition)
    content = vault.vault_file_read(
        petition=petition, actor=user, file_id=file_id, reason=query.reason
    )
    download = HttpResponse(content.data, content_type=content.content_type)
    download["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=content.name or f"tep-{content.id}"
    )
    download["X-Content-Type-Options"] = "nosniff"
    _no_store(download)
    return download


@router.post(
    "/{id}/identity-grants",
    response={201: GrantOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Cấp quyền xem danh tính người tố cáo (lãnh đạo phụ trách vụ việc)",
)
def petition_identity_grant(
    request: HttpRequest, payload: GrantIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Only the case's leader may grant; the grant expires after `days` days.

    403 for anyone else; 404 outside the caller's scope or for a petition that is not a
    denunciation; 400 `reason_required` for a reason under 10 characters; 422 when `username`
    names no active user who may see the case, or the case has no identity in the vault.
    """
    actor = api_user(request)
    petition = selectors.petition_get(user=actor, pk=id)
    _denunciation_or_404(petition)
    # An unknown name goes on as None: the service refuses a non-leader first (403) and only
    # then says the grantee is not valid, so the answer never tells a non-leader who exists.
    grantee = User.objects.filter(
        username=normalize_username(payload.username), is_active=True
    ).first()
    with _fields_named({"user": "username", "expires_at": "days"}):
        grant = vault.identity_grant_create(
            petition=petition,
            actor=actor,
            user=grantee,
            reason=payload.reason,
            expires_at=timezone.now() + dt.timedelta(days=payload.days),
            via="api",
        )
    return Status(
        201, {"id": grant.pk, "user": grant.user.get_username(), "expires_at": grant.expires_at}
    )


class PublicAnswerIn(Schema):
    text: str = Field(
        ...,
        min_length=1,
        max_length=8000,
        description="Trả lời công dân đọc được trên Cổng công dân bằng mã tra cứu (ít nhất 10 ký "
        "tự); không ghi danh tính người tố cáo hay thông tin cá nhân của người khác",
    )
    expected_version: int = Field(
        ..., ge=1, le=MAX_ID, description="`version` của hồ sơ khi đọc; khác thì trả về 409"
    )


@router.put(
    "/{id}/public-answer",
    response={200: PetitionDetailOut, **_ERRORS, 409: ErrorOut, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Viết, sửa trả lời công khai cho công dân (Cổng công dân)",
)
def petition_public_answer(
    request: HttpRequest,
    payload: PublicAnswerIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Sets `public_answer`, which the citizen reads with the tracking code on the portal.
    Handlers of the case only (403 otherwise); 409 when the case moved since `expected_version`."""
    from danvan.petitions.services.portal import petition_public_answer_set

    user = api_user(request)
    petition = selectors.petition_get(user=user, pk=id)
    petition_public_answer_set(
        petition=petition,
        actor=user,
        text=payload.text,
        expected_version=payload.expected_version,
    )
    _no_store(response)
    return detail_out(selectors.petition_get(user=user, pk=id), user)
