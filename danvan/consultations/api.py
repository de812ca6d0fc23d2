"""/api/v1/consultations: drafts under consultation, their structure, comments, moderation,
groups of similar comments, responses, the synthesis and statistics; and the portal's public
endpoints (no account) to read open drafts, comment and look a comment up by its code.

- Authentication is the API-wide default (bearer token or the browser session) except under
  `/public/`, which needs none and is rate-limited per address like the portal
  (`DANVAN_PORTAL_SUBMIT_RATE`, `DANVAN_PORTAL_LOOKUP_RATE`: 429 `throttled`).
- Every staff read goes through `consultations.selectors`, scoped to the caller: a draft outside
  the caller's scope answers 404 exactly like a missing one.
- Moves, edits and structure changes carry `expected_version` (the draft's `version`),
  moderation the comment's: if someone changed it since, the answer is 409 `conflict`.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.consultations import selectors, services
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftChanges,
    DraftInput,
    ModerationInput,
    OrganizationCommentInput,
    ResponseInput,
    SectionInput,
    SynthesisInput,
    TransitionInput,
)
from danvan.consultations.models import Comment, Draft, Section
from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of
from danvan.core.api.common import active_organization_id as _org_id
from danvan.core.api.common import active_organization_ids as _org_ids
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import DomainError, ValidationFailed
from danvan.core.models import AdminUnit
from danvan.portal.throttle import Claim, ip_hash, throttle_claim, throttle_release, wait_minutes

router = Router(tags=["consultations"])

TEXT_MAX = 50_000
COMMENT_MAX = 5_000

# The codes of `consultations.states`, spelled out so the OpenAPI schema lists them
# (tests/consultations/test_api.py checks they stay equal to the state tables).
DocKindCode = Literal[
    "resolution",
    "decision",
    "regulation",
    "scheme",
    "plan",
    "programme",
    "convention",
    "party_document",
    "other",
]
AudienceCode = Literal["public", "area", "organizations"]
StatusCode = Literal["draft", "open", "closed", "synthesised", "cancelled"]
MoveCode = Literal["open", "closed", "cancelled"]
SectionKindCode = Literal["chapter", "part", "article", "clause"]
AuthorKindCode = Literal["citizen", "organization"]
CommentStatusCode = Literal["pending", "published", "rejected"]
RejectReasonCode = Literal[
    "off_topic", "offensive", "personal_data", "duplicate", "petition", "advertising", "other"
]
ResponseKindCode = Literal["accepted", "explained", "noted"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class ConsultationsCodeName(Schema):
    code: str
    name: str


class ConsultationsDraftIn(Schema):
    kind: DocKindCode
    title: str = Field(..., min_length=1, max_length=400)
    summary: str = Field("", max_length=TEXT_MAX)
    opens_on: dt.date
    closes_on: dt.date
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Cơ quan lấy ý kiến; mặc định: cơ quan duy nhất của người gọi",
    )
    audience: AudienceCode = "public"
    audience_area_code: str | None = Field(None, max_length=20, description="Khi audience=area")
    audience_organization_codes: list[str] = Field(default_factory=list, max_length=200)


class ConsultationsDraftUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    kind: DocKindCode | None = None
    title: str | None = Field(None, min_length=1, max_length=400)
    summary: str | None = Field(None, max_length=TEXT_MAX)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    audience: AudienceCode | None = None
    audience_area_code: str | None = Field(None, max_length=20)
    audience_organization_codes: list[str] | None = Field(None, max_length=200)


class ConsultationsTransitionIn(Schema):
    to: MoveCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=1000, description="Bắt buộc khi hủy")
    closes_on: dt.date | None = Field(None, description="Mở lại (closed → open): ngày kết thúc mới")


class ConsultationsSectionIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    kind: SectionKindCode
    number: str = Field("", max_length=20)
    title: str = Field("", max_length=500)
    text: str = Field("", max_length=TEXT_MAX)


class ConsultationsImportIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(..., min_length=1, max_length=500_000, description="Toàn văn dự thảo")
    replace: bool = False
    clauses: bool = Field(False, description="Tách cả các khoản")


class ConsultationsOrgCommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=COMMENT_MAX)
    section_id: int | None = Field(None, ge=1, le=MAX_ID, description="Không có: góp ý chung")
    organization_code: str | None = Field(None, max_length=40)
    organization_name: str = Field("", max_length=250, description="Khi không có mã cơ quan")
    received_on: dt.date | None = None


class ConsultationsModerationIn(Schema):
    to: Literal["published", "rejected"]
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: RejectReasonCode | None = None
    note: str = Field("", max_length=1000)


class ConsultationsGroupIn(Schema):
    comment_ids: list[int] = Field(..., min_length=2, max_length=500)
    label: str = Field("", max_length=500)


class ConsultationsMergeIn(Schema):
    into_group_id: int = Field(..., ge=1, le=MAX_ID, description="Nhóm nhận các ý kiến")


class ConsultationsResponseIn(Schema):
    comment_id: int | None = Field(None, ge=1, le=MAX_ID)
    group_id: int | None = Field(None, ge=1, le=MAX_ID)
    kind: ResponseKindCode
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    change: str = Field("", max_length=TEXT_MAX, description="Tiếp thu: nội dung dự thảo đã sửa")


class ConsultationsSynthesisIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    issued_on: dt.date | None = None
    summary: str = Field("", max_length=TEXT_MAX)
    signer: str = Field("", max_length=200)
    position: str = Field("", max_length=200)


class ConsultationsSectionOut(Schema):
    id: int
    position: int
    kind: SectionKindCode
    number: str
    title: str
    text: str
    label: str


class ConsultationsDraftItemOut(Schema):
    id: int
    kind: DocKindCode
    title: str
    organization: ConsultationsCodeName
    opens_on: dt.date
    closes_on: dt.date
    audience: AudienceCode
    status: StatusCode
    version: int


class ConsultationsDraftOut(ConsultationsDraftItemOut):
    summary: str
    audience_area: ConsultationsCodeName | None
    audience_organizations: list[ConsultationsCodeName]
    status_note: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    file_name: str
    synthesis_number: str
    synthesis_on: dt.date | None
    sections: list[ConsultationsSectionOut]
    allowed_moves: list[StatusCode]
    unanswered: int


class ConsultationsDraftPage(Schema):
    items: list[ConsultationsDraftItemOut]
    count: int
    page: int
    page_size: int


class ConsultationsResponseOut(Schema):
    id: int
    kind: ResponseKindCode
    text: str
    change: str


class ConsultationsCommentOut(Schema):
    id: int
    section_id: int | None
    author_kind: AuthorKindCode
    author_name: str
    organization: ConsultationsCodeName | None
    area: ConsultationsCodeName | None
    contact: str
    text: str
    received_on: dt.date
    status: CommentStatusCode
    reject_reason: RejectReasonCode | None
    reject_note: str
    group_id: int | None
    response: ConsultationsResponseOut | None
    version: int


class ConsultationsCommentPage(Schema):
    items: list[ConsultationsCommentOut]
    count: int
    page: int
    page_size: int


class ConsultationsCommentQuery(Schema):
    status: CommentStatusCode | None = None
    author_kind: AuthorKindCode | None = None
    section_id: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ConsultationsListQuery(Schema):
    status: StatusCode | None = None
    kind: DocKindCode | None = None
    organization: str | None = Field(None, max_length=40)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ConsultationsAnswerableOut(Schema):
    section_id: int | None
    group_id: int | None
    label: str
    comment_ids: list[int]
    response: ConsultationsResponseOut | None


class ConsultationsSuggestOut(Schema):
    groups: int


class ConsultationsStatisticsOut(Schema):
    total: int
    groups: int
    by_status: dict[str, int]
    by_author: dict[str, int]
    by_response: dict[str, int]
    by_section: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    by_day: list[dict[str, Any]]


class ConsultationsPublicDraftOut(Schema):
    id: int
    kind: DocKindCode
    title: str
    summary: str
    organization: str
    opens_on: dt.date
    closes_on: dt.date
    status: StatusCode
    accepts_comments: bool
    synthesis_number: str
    synthesis_on: dt.date | None


class ConsultationsPublicAnswerOut(Schema):
    authors: list[str]
    comments: list[str]
    kind: ResponseKindCode
    text: str
    change: str


class ConsultationsPublicSectionOut(Schema):
    id: int
    kind: SectionKindCode
    label: str
    text: str
    commentable: bool
    published_comments: int
    answers: list[ConsultationsPublicAnswerOut]


class ConsultationsPublicDraftDetailOut(ConsultationsPublicDraftOut):
    sections: list[ConsultationsPublicSectionOut]
    general_answers: list[ConsultationsPublicAnswerOut]


class ConsultationsPublicCommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=COMMENT_MAX)
    name: str = Field(..., min_length=1, max_length=200)
    section_id: int | None = Field(None, ge=1, le=MAX_ID)
    area_code: str | None = Field(None, max_length=20, description="Mã xã, phường nơi cư trú")
    contact: str = Field("", max_length=254)
    consent: bool = Field(..., description="Đồng ý xử lý dữ liệu cá nhân (bắt buộc true)")
    website: str = Field("", max_length=200, description="Để trống")


class ConsultationsPublicReceiptOut(Schema):
    tracking_code: str


class ConsultationsTrackIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)


class ConsultationsTrackOut(Schema):
    tracking_code: str
    draft_id: int
    draft_title: str
    organization: str
    section: str
    text: str
    received_on: dt.date
    status: CommentStatusCode
    reject_reason: str
    reject_note: str
    response_kind: str
    response_text: str
    response_change: str


# --- Output builders --------------------------------------------------------------------------


def _code_name(obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"code": obj.code, "name": getattr(obj, "full_name", "") or obj.name}


def _item(d: Draft) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "organization": {"code": d.organization.code, "name": d.organization.name},
        "opens_on": d.opens_on,
        "closes_on": d.closes_on,
        "audience": d.audience,
        "status": d.status,
        "version": d.version,
    }


def _section(s: Section) -> dict[str, Any]:
    return {
        "id": s.pk,
        "position": s.position,
        "kind": s.kind,
        "number": s.number,
        "title": s.title,
        "text": s.text,
        "label": s.label,
    }


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    d = selectors.draft_get(user=user, pk=pk)
    return {
        **_item(d),
        "summary": d.summary,
        "audience_area": _code_name(d.audience_area),
        "audience_organizations": [
            {"code": o.code, "name": o.name} for o in d.audience_organizations.order_by("name")
        ],
        "status_note": d.status_note,
        "opened_on": d.opened_on,
        "closed_on": d.closed_on,
        "file_name": d.file_name,
        "synthesis_number": d.synthesis_number,
        "synthesis_on": d.synthesis_on,
        "sections": [_section(s) for s in selectors.sections_of(d)],
        "allowed_moves": selectors.draft_allowed_moves(draft=d, user=user),
        "unanswered": services.unanswered_count(d),
    }


def _response(r: Any) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"id": r.pk, "kind": r.kind, "text": r.text, "change": r.change}


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "section_id": c.section_id,
        "author_kind": c.author_kind,
        "author_name": c.author_name,
        "organization": _code_name(c.organization),
        "area": _code_name(c.area),
        "contact": c.contact,
        "text": c.text,
        "received_on": c.received_on,
        "status": c.status,
        "reject_reason": c.reject_reason or None,
        "reject_note": c.reject_note,
        "group_id": c.group_id,
        "response": _response(getattr(c, "response", None)),
        "version": c.version,
    }


def _area_id(code: str | None, field: str) -> int | None:
    if not code:
        return None
    pk = (
        AdminUnit.objects.filter(code=code.strip(), valid_to__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        message = _("Không có đơn vị hành chính với mã này.")
        raise ValidationFailed(message, fields={field: message})
    return int(pk)


def _draft(request: HttpRequest, pk: int) -> Draft:
    return selectors.draft_get(user=api_user(request), pk=pk)


# --- Public endpoints (no account) ------------------------------------------------------------


def _throttled(response: HttpResponse, claim: Claim) -> Any:
    response["Retry-After"] = str(claim.wait)
    message = _(
        "Bạn đã gửi quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau khoảng {n} phút."
    ).format(n=wait_minutes(claim))
    return Status(429, {"error": {"code": "throttled", "message": message, "fields": {}}})


def _public_item(d: Draft) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "summary": d.summary,
        "organization": d.organization.name,
        "opens_on": d.opens_on,
        "closes_on": d.closes_on,
        "status": d.status,
        "accepts_comments": selectors.public_accepts_comments(d),
        "synthesis_number": d.synthesis_number,
        "synthesis_on": d.synthesis_on,
    }


def _public_answer(a: selectors.PublicAnswer) -> dict[str, Any]:
    return {
        "authors": [c.author for c in a.comments],
        "comments": [c.text for c in a.comments],
        "kind": a.kind,
        "text": a.text,
        "change": a.change,
    }


@router.get(
    "/public/drafts",
    auth=None,
    response={200: list[ConsultationsPublicDraftOut]},
    summary="Các dự thảo đang lấy ý kiến và đã công bố tổng hợp (công khai)",
)
def public_drafts(request: HttpRequest) -> Any:
    return [_public_item(d) for d in selectors.public_draft_list()[:200]]


@router.get(
    "/public/drafts/{id}",
    auth=None,
    response={200: ConsultationsPublicDraftDetailOut, 404: ErrorOut},
    summary="Toàn văn dự thảo, số ý kiến đã đăng và nội dung tiếp thu, giải trình (công khai)",
)
def public_draft(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    draft = selectors.public_draft_get(pk=id)
    rows, general = selectors.public_sections(draft)
    return {
        **_public_item(draft),
        "sections": [
            {
                "id": r.section.pk,
                "kind": r.section.kind,
                "label": r.section.label,
                "text": r.section.text,
                "commentable": r.section.commentable,
                "published_comments": r.published,
                "answers": [_public_answer(a) for a in r.answers],
            }
            for r in rows
        ],
        "general_answers": [_public_answer(a) for a in general],
    }


@router.post(
    "/public/drafts/{id}/comments",
    auth=None,
    response={201: ConsultationsPublicReceiptOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Công dân góp ý dự thảo (không cần tài khoản); trả mã tra cứu",
)
def public_comment(
    request: HttpRequest,
    payload: ConsultationsPublicCommentIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """The comment waits for moderation. 422 with `fields` for a closed draft, a section not in
    it, a commune outside the draft's area, no consent; 429 when the address sent too many."""
    _no_store(response)
    draft = selectors.public_draft_get(pk=id)
    claim = throttle_claim(request, "submit")
    if not claim.allowed:
        return _throttled(response, claim)
    if payload.website.strip():
        return Status(201, {"tracking_code": services.tracking_code_new()})
    try:
        if not payload.consent:
            message = _("Cần đồng ý để cơ quan xử lý thông tin bạn gửi.")
            raise ValidationFailed(message, fields={"consent": message})
        comment = services.comment_submit_public(
            draft=draft,
            data=CitizenCommentInput(
                text=payload.text,
                name=payload.name,
                section_id=payload.section_id,
                contact=payload.contact,
                area_id=_area_id(payload.area_code, "area_code"),
            ),
            ip_hash=ip_hash(request),
        )
    except DomainError:
        throttle_release(claim)
        raise
    return Status(201, {"tracking_code": comment.tracking_code or ""})


@router.post(
    "/public/track",
    auth=None,
    response={200: ConsultationsTrackOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Tra cứu góp ý bằng mã (công khai)",
)
def public_track(
    request: HttpRequest, payload: ConsultationsTrackIn, response: HttpResponse
) -> Any:
    _no_store(response)
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        return _throttled(response, claim)
    s = selectors.comment_public_status(tracking_code=payload.code)
    return {
        "tracking_code": s.tracking_code,
        "draft_id": s.draft_id,
        "draft_title": s.draft_title,
        "organization": s.organization,
        "section": s.section,
        "text": s.text,
        "received_on": s.received_on,
        "status": s.status,
        "reject_reason": s.reject_reason,
        "reject_note": s.reject_note,
        "response_kind": s.response_kind,
        "response_text": s.response_text,
        "response_change": s.response_change,
    }


# --- Drafts -----------------------------------------------------------------------------------


@router.get("", response={200: ConsultationsDraftPage, **_ERRORS}, summary="Danh sách dự thảo")
def draft_list(request: HttpRequest, query: Query[ConsultationsListQuery]) -> Any:
    user = api_user(request)
    organization_id = (
        _organization_id(user, query.organization, "organization") if query.organization else None
    )
    filters = selectors.DraftFilters(
        status=query.status or "", kind=query.kind or "", organization_id=organization_id, q=query.q
    )
    qs = selectors.draft_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_item)


@router.post(
    "",
    response={201: ConsultationsDraftOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lập dự thảo lấy ý kiến",
)
def draft_create(
    request: HttpRequest, payload: ConsultationsDraftIn, response: HttpResponse
) -> Any:
    user = api_user(request)
    ids = _org_ids(payload.audience_organization_codes, "audience_organization_codes")
    draft = services.draft_create(
        actor=user,
        data=DraftInput(
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            organization_id=_organization_id(user, payload.organization_code),
            audience=payload.audience,
            audience_area_id=_area_id(payload.audience_area_code, "audience_area_code"),
            audience_organization_ids=list(ids.values()),
        ),
    )
    response["Location"] = f"{request.path.rstrip('/')}/{draft.pk}"
    _no_store(response)
    return Status(201, _fresh(request, draft.pk))


@router.get("/{id}", response={200: ConsultationsDraftOut, **_ERRORS}, summary="Chi tiết dự thảo")
def draft_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.patch(
    "/{id}",
    response={200: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin dự thảo",
)
def draft_update(
    request: HttpRequest,
    payload: ConsultationsDraftUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    orgs = payload.audience_organization_codes
    services.draft_update(
        draft=draft,
        actor=api_user(request),
        changes=DraftChanges(
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            audience=payload.audience,
            audience_area_id=_area_id(payload.audience_area_code, "audience_area_code"),
            audience_organization_ids=(
                list(_org_ids(orgs, "audience_organization_codes").values())
                if orgs is not None
                else None
            ),
        ),
        expected_version=payload.expected_version,
    )
    _no_store(response)
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Công bố, kết thúc, mở lại hoặc hủy việc lấy ý kiến",
)
def draft_transition(
    request: HttpRequest,
    payload: ConsultationsTransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """draft → open (needs an article) → closed → (synthesis: POST /synthesis); closed → open
    with a new `closes_on`; draft, open, closed → cancelled (`reason`). Anything else is 422
    `illegal_transition`; a stale `expected_version` is 409."""
    services.draft_transition(
        draft=_draft(request, id),
        actor=api_user(request),
        data=TransitionInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason,
            closes_on=payload.closes_on,
        ),
    )
    _no_store(response)
    return _fresh(request, id)


@router.post(
    "/{id}/sections",
    response={201: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thêm một chương, mục, điều, khoản vào cuối dự thảo",
)
def section_add(
    request: HttpRequest,
    payload: ConsultationsSectionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    services.section_add(
        draft=_draft(request, id),
        actor=api_user(request),
        data=SectionInput(
            kind=payload.kind, number=payload.number, title=payload.title, text=payload.text
        ),
        expected_version=payload.expected_version,
    )
    _no_store(response)
    return Status(201, _fresh(request, id))


@router.post(
    "/{id}/sections/import",
    response={200: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tách toàn văn dự thảo thành chương, mục, điều",
)
def sections_import(
    request: HttpRequest,
    payload: ConsultationsImportIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    services.sections_import(
        draft=_draft(request, id),
        actor=api_user(request),
        text=payload.text,
        expected_version=payload.expected_version,
        replace=payload.replace,
        clauses=payload.clauses,
    )
    _no_store(response)
    return _fresh(request, id)


@router.delete(
    "/{id}/sections/{section_id}",
    response={200: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Xóa một phần của dự thảo (trước khi công bố)",
)
def section_remove(
    request: HttpRequest,
    response: HttpResponse,
    expected_version: int = Query(..., ge=1, le=MAX_ID),
    id: int = Path(..., ge=1, le=MAX_ID),
    section_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    section = selectors.section_get(draft=draft, pk=section_id)
    services.section_remove(
        section=section, actor=api_user(request), expected_version=expected_version
    )
    _no_store(response)
    return _fresh(request, id)


# --- Comments ---------------------------------------------------------------------------------


@router.get(
    "/{id}/comments",
    response={200: ConsultationsCommentPage, **_ERRORS},
    summary="Các ý kiến góp ý của dự thảo",
)
def comment_list(
    request: HttpRequest,
    response: HttpResponse,
    query: Query[ConsultationsCommentQuery],
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    _no_store(response)
    draft = _draft(request, id)
    qs = selectors.comment_list(
        draft=draft,
        filters=selectors.CommentFilters(
            status=query.status or "",
            author_kind=query.author_kind or "",
            section_id=query.section_id,
        ),
    )
    return page_of(qs, page=query.page, page_size=query.page_size, item=_comment)


@router.post(
    "/{id}/comments",
    response={201: ConsultationsCommentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi ý kiến góp ý của cơ quan, tổ chức",
)
def comment_enter(
    request: HttpRequest,
    payload: ConsultationsOrgCommentIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    comment = services.comment_enter(
        draft=draft,
        actor=api_user(request),
        data=OrganizationCommentInput(
            text=payload.text,
            section_id=payload.section_id,
            organization_id=_org_id(payload.organization_code, "organization_code"),
            organization_name=payload.organization_name,
            received_on=payload.received_on,
        ),
    )
    _no_store(response)
    return Status(201, _comment(selectors.comment_get(draft=draft, pk=comment.pk)))


@router.post(
    "/{id}/comments/{comment_id}/moderation",
    response={200: ConsultationsCommentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Duyệt hoặc không đăng một ý kiến (kèm lý do)",
)
def comment_moderate(
    request: HttpRequest,
    payload: ConsultationsModerationIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    comment_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    comment = selectors.comment_get(draft=draft, pk=comment_id)
    services.comment_moderate(
        comment=comment,
        actor=api_user(request),
        data=ModerationInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason or "",
            note=payload.note,
        ),
    )
    _no_store(response)
    return _comment(selectors.comment_get(draft=draft, pk=comment_id))


@router.post(
    "/{id}/comments/{comment_id}/detach",
    response={200: ConsultationsCommentOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tách một ý kiến khỏi nhóm",
)
def comment_detach(
    request: HttpRequest,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    comment_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    comment = selectors.comment_get(draft=draft, pk=comment_id)
    services.comment_detach(comment=comment, actor=api_user(request))
    _no_store(response)
    return _comment(selectors.comment_get(draft=draft, pk=comment_id))


# --- Groups and responses ---------------------------------------------------------------------


def _answerable(row: selectors.Answerable) -> dict[str, Any]:
    return {
        "section_id": row.section.pk if row.section else None,
        "group_id": row.group.pk if row.group else None,
        "label": row.group.label if row.group else row.comments[0].text[:200],
        "comment_ids": [c.pk for c in row.comments],
        "response": _response(row.response),
    }


@router.get(
    "/{id}/answerables",
    response={200: list[ConsultationsAnswerableOut], **_ERRORS},
    summary="Các nhóm ý kiến và ý kiến riêng lẻ đã duyệt, với nội dung trả lời",
)
def answerables(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return [_answerable(r) for r in selectors.answerables(_draft(request, id))]


@router.post(
    "/{id}/groups/suggest",
    response={200: ConsultationsSuggestOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Gợi ý nhóm các ý kiến tương tự trong từng điều",
)
def groups_suggest(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    made = services.groups_suggest(draft=_draft(request, id), actor=api_user(request))
    return {"groups": made}


@router.post(
    "/{id}/groups",
    response={201: ConsultationsAnswerableOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Gộp các ý kiến đã chọn thành một nhóm",
)
def group_create(
    request: HttpRequest, payload: ConsultationsGroupIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    draft = _draft(request, id)
    group = services.group_create(
        draft=draft, actor=api_user(request), comment_ids=payload.comment_ids, label=payload.label
    )
    row = next(r for r in selectors.answerables(draft) if r.group and r.group.pk == group.pk)
    return Status(201, _answerable(row))


@router.post(
    "/{id}/groups/{group_id}/merge",
    response={200: ConsultationsAnswerableOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Gộp nhóm này vào một nhóm khác",
)
def group_merge(
    request: HttpRequest,
    payload: ConsultationsMergeIn,
    id: int = Path(..., ge=1, le=MAX_ID),
    group_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    draft = _draft(request, id)
    other = selectors.group_get(draft=draft, pk=group_id)
    target = selectors.group_get(draft=draft, pk=payload.into_group_id)
    services.group_merge(group=target, other=other, actor=api_user(request))
    row = next(r for r in selectors.answerables(draft) if r.group and r.group.pk == target.pk)
    return _answerable(row)


@router.put(
    "/{id}/responses",
    response={200: ConsultationsResponseOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Tiếp thu, giải trình hoặc ghi nhận một ý kiến hoặc một nhóm",
)
def response_set(
    request: HttpRequest, payload: ConsultationsResponseIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """Exactly one of `comment_id`, `group_id`. `accepted` needs `change`."""
    draft = _draft(request, id)
    if (payload.comment_id is None) == (payload.group_id is None):
        message = _("Chọn một ý kiến hoặc một nhóm ý kiến để trả lời.")
        raise ValidationFailed(message, fields={"comment_id": message})
    comment = (
        selectors.comment_get(draft=draft, pk=payload.comment_id) if payload.comment_id else None
    )
    group = selectors.group_get(draft=draft, pk=payload.group_id) if payload.group_id else None
    result = services.response_set(
        draft=draft,
        actor=api_user(request),
        data=ResponseInput(kind=payload.kind, text=payload.text, change=payload.change),
        comment=comment,
        group=group,
    )
    return _response(result)


@router.post(
    "/{id}/synthesis",
    response={200: ConsultationsDraftOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Công bố báo cáo tổng hợp, tiếp thu, giải trình (cấp số BC)",
)
def synthesis_publish(
    request: HttpRequest,
    payload: ConsultationsSynthesisIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only from closed, with no comment pending and every published comment answered (422
    `pending_comments` / `unanswered`); the DOCX is at /gop-y-du-thao/{id}/bao-cao-tong-hop.docx."""
    services.draft_synthesis_publish(
        draft=_draft(request, id),
        actor=api_user(request),
        data=SynthesisInput(
            expected_version=payload.expected_version,
            summary=payload.summary,
            signer=payload.signer,
            position=payload.position,
            issued_on=payload.issued_on,
        ),
    )
    _no_store(response)
    return _fresh(request, id)


@router.get(
    "/{id}/statistics",
    response={200: ConsultationsStatisticsOut, **_ERRORS},
    summary="Thống kê ý kiến: theo điều, người góp ý, trạng thái, địa bàn, ngày, kết quả",
)
def statistics(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    s = selectors.draft_statistics(_draft(request, id))
    return {
        "total": s.total,
        "groups": s.groups,
        "by_status": s.by_status,
        "by_author": s.by_author,
        "by_response": s.by_response,
        "by_section": [
            {"section": label, "total": t, "published": p, "pending": q, "rejected": r}
            for label, t, p, q, r in s.by_section
        ],
        "by_area": [{"area": name, "count": n} for name, n in s.by_area],
        "by_day": [{"day": day.isoformat(), "count": n} for day, n in s.by_day],
    }
