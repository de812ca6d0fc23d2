"""/api/v1/coordination: the document register and its obligations, coordination programmes
and yearly plans (list, detail, create; issue a plan).

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `coordination.selectors`, scoped to the caller: a record outside the
  caller's scope answers 404 exactly like a missing one.
- Organisations are named by their code (`44-BTGDV`); writes share the API's write throttle.
- Service errors become `{"error": {"code", "message", "fields"}}` (422, 403, 409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.coordination import selectors, services
from danvan.coordination.inputs import (
    DocumentInput,
    DutyInput,
    ObligationInput,
    PlanInput,
    PlanItemInput,
    ProgrammeInput,
    SupportInput,
)
from danvan.coordination.models import LegalDocument, Plan, Programme
from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS, MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, no_store, page_of
from danvan.core.api.common import active_organization_id as _org_id
from danvan.core.api.throttling import write_throttle
from danvan.core.models import Organization

router = Router(tags=["coordination"])

TEXT_MAX = 20_000
_WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 429: ErrorOut}

KindCode = Literal[
    "directive",
    "resolution",
    "conclusion",
    "decision",
    "regulation",
    "action_programme",
    "plan",
    "letter",
    "notice",
    "guidance",
    "other",
]
ProgrammeStatusCode = Literal["draft", "signed", "ended", "cancelled"]
PlanStatusCode = Literal["draft", "issued", "closed", "cancelled"]
RecurrenceCode = Literal["", "monthly", "quarterly", "half_yearly", "yearly"]


# --- Schemas ---------------------------------------------------------------------------------


class OrgOut(Schema):
    id: int
    code: str
    name: str


def _org(o: Organization) -> dict[str, Any]:
    return {"id": o.pk, "code": o.code, "name": o.name}


class CoordinationSupportIn(Schema):
    organization_code: str = Field(..., max_length=40, description="Mã đơn vị phối hợp")
    part: str = Field("", max_length=300, description="Phần việc phối hợp")


class CoordinationSupportOut(Schema):
    organization: str
    part: str


class CoordinationTaskOut(Schema):
    id: int
    status: str
    progress: int
    due: dt.date
    completed_on: dt.date | None


class DocumentIn(Schema):
    kind: KindCode
    reference: str = Field(..., max_length=120, description="Số, ký hiệu, ví dụ 25-NQ/TW")
    issued_on: dt.date
    issuer_name: str = Field(..., max_length=250, description="Cơ quan ban hành")
    title: str = Field(..., max_length=500, description="Trích yếu")
    summary: str = Field("", max_length=TEXT_MAX)
    organization_code: str = Field(..., max_length=40, description="Mã đơn vị quản lý")
    issuer_code: str | None = Field(None, max_length=40)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


class CoordinationDocumentOut(Schema):
    id: int
    kind: str
    reference: str
    issued_on: dt.date
    issuer_name: str
    title: str
    organization: OrgOut
    version: int


class ObligationIn(Schema):
    content: str = Field(..., max_length=300)
    lead_code: str = Field(..., max_length=40, description="Mã đơn vị chủ trì")
    due: dt.date
    description: str = Field("", max_length=TEXT_MAX)
    supporting: list[CoordinationSupportIn] = Field(default_factory=list, max_length=20)


class CoordinationObligationOut(Schema):
    id: int
    content: str
    lead: OrgOut
    task: CoordinationTaskOut | None
    supporting: list[CoordinationSupportOut]
    late: bool


class CoordinationSummaryOut(Schema):
    total: int
    done: int
    done_late: int
    overdue: int
    cancelled: int


class DocumentDetailOut(CoordinationDocumentOut):
    summary: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    files: list[str]
    obligations: list[CoordinationObligationOut]
    completion: CoordinationSummaryOut


class DocumentPage(Schema):
    items: list[CoordinationDocumentOut]
    count: int
    page: int
    page_size: int


class DocumentListQuery(Schema):
    q: str = Field("", max_length=200, description="Số, ký hiệu, trích yếu, không cần dấu")
    kind: KindCode | None = None
    issuer: str = Field("", max_length=200)
    year: int | None = Field(None, ge=1945, le=2100)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _document_out(d: LegalDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "reference": d.reference,
        "issued_on": d.issued_on,
        "issuer_name": d.issuer_name,
        "title": d.title,
        "organization": _org(d.organization),
        "version": d.version,
    }


def _task_out(task: Any) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "id": task.pk,
        "status": task.status,
        "progress": task.progress,
        "due": task.due,
        "completed_on": task.completed_on,
    }


def _summary_out(s: selectors.Summary) -> dict[str, int]:
    return {
        "total": s.total,
        "done": s.done,
        "done_late": s.done_late,
        "overdue": s.overdue,
        "cancelled": s.cancelled,
    }


def _document_detail(user: Any, pk: int) -> dict[str, Any]:
    document = selectors.document_get(user=user, pk=pk)
    rows, summary = selectors.document_obligations(document=document)
    return {
        **_document_out(document),
        "summary": document.summary,
        "effective_from": document.effective_from,
        "effective_to": document.effective_to,
        "files": [f.original_name for f in document.files.all()],
        "obligations": [
            {
                "id": r.obligation.pk,
                "content": r.obligation.content,
                "lead": _org(r.obligation.lead),
                "task": _task_out(r.task),
                "supporting": [{"organization": n, "part": p} for n, p in r.supports],
                "late": r.late,
            }
            for r in rows
        ],
        "completion": _summary_out(summary),
    }


@router.get("/documents", response={200: DocumentPage, **ERRORS}, summary="Sổ văn bản")
def document_list(request: HttpRequest, query: Query[DocumentListQuery]) -> Any:
    """Latest issued first, within the caller's scope; search without diacritics."""
    filters = selectors.DocumentFilters(
        q=query.q, kind=query.kind or "", issuer=query.issuer, year=query.year
    )
    qs = selectors.document_list(user=api_user(request), filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_document_out)


@router.post(
    "/documents",
    response={201: DocumentDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Vào sổ một văn bản",
)
def document_create(request: HttpRequest, payload: DocumentIn) -> Any:
    """Refused (422) when the number/symbol is empty, malformed or already registered by the
    same organisation on the same date. Files are added through the web page."""
    user = api_user(request)
    document = services.document_register(
        actor=user,
        data=DocumentInput(
            kind=payload.kind,
            reference=payload.reference,
            issuer_name=payload.issuer_name,
            issued_on=payload.issued_on,
            title=payload.title,
            summary=payload.summary,
            organization_id=_org_id(payload.organization_code, "organization_code"),
            issuer_id=_org_id(payload.issuer_code, "issuer_code"),
            effective_from=payload.effective_from,
            effective_to=payload.effective_to,
        ),
    )
    return Status(201, _document_detail(user, document.pk))


@router.get(
    "/documents/{id}",
    response={200: DocumentDetailOut, **ERRORS},
    summary="Chi tiết văn bản, nhiệm vụ phát sinh và tiến độ",
)
def document_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    no_store(response)
    return _document_detail(api_user(request), id)


@router.post(
    "/documents/{id}/obligations",
    response={201: CoordinationObligationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi một nhiệm vụ phát sinh từ văn bản (tạo nhiệm vụ cho đơn vị chủ trì)",
)
def obligation_create(
    request: HttpRequest, payload: ObligationIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    document = selectors.document_get(user=user, pk=id)
    supporting = [
        SupportInput(organization_id=_org_id(s.organization_code, "supporting") or 0, part=s.part)
        for s in payload.supporting
    ]
    obligation = services.document_obligation_create(
        actor=user,
        document=document,
        data=ObligationInput(
            content=payload.content,
            lead_id=_org_id(payload.lead_code, "lead_code"),
            due=payload.due,
            description=payload.description,
            supporting=supporting,
        ),
    )
    detail = _document_detail(user, document.pk)
    return Status(201, next(o for o in detail["obligations"] if o["id"] == obligation.pk))


# --- Programmes ------------------------------------------------------------------------------


class DutyIn(Schema):
    party_code: str = Field(..., max_length=40)
    text: str = Field(..., max_length=300)
    recurrence: RecurrenceCode = ""


class CoordinationDutyOut(Schema):
    id: int
    party: OrgOut
    text: str
    recurrence: str


class ProgrammeIn(Schema):
    title: str = Field(..., max_length=500)
    reference: str = Field("", max_length=80)
    organization_code: str = Field(..., max_length=40, description="Mã đơn vị theo dõi")
    party_codes: list[str] = Field(..., min_length=1, max_length=50)
    lead_codes: list[str] = Field(..., min_length=1, max_length=50)
    scope: str = Field("", max_length=TEXT_MAX)
    starts_on: dt.date
    ends_on: dt.date | None = None
    signed_on: dt.date | None = None
    document_id: int | None = Field(None, ge=1, le=MAX_ID)
    duties: list[DutyIn] = Field(default_factory=list, max_length=200)


class PartyOut(Schema):
    organization: OrgOut
    is_lead: bool


class ProgrammeOut(Schema):
    id: int
    title: str
    reference: str
    status: str
    starts_on: dt.date
    ends_on: dt.date | None
    signed_on: dt.date | None
    organization: OrgOut
    parties: list[PartyOut]
    version: int


class PlanBriefOut(Schema):
    id: int
    year: int
    title: str
    status: str
    completion: CoordinationSummaryOut


class ProgrammeDetailOut(ProgrammeOut):
    scope: str
    document_id: int | None
    duties: list[CoordinationDutyOut]
    plans: list[PlanBriefOut]


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int
    page: int
    page_size: int


class ProgrammeListQuery(Schema):
    q: str = Field("", max_length=200)
    status: ProgrammeStatusCode | None = None
    year: int | None = Field(None, ge=1945, le=2100)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _programme_out(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "reference": p.reference,
        "status": p.status,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "signed_on": p.signed_on,
        "organization": _org(p.organization),
        "parties": [
            {"organization": _org(x.organization), "is_lead": x.is_lead} for x in p.parties.all()
        ],
        "version": p.version,
    }


def _programme_detail(user: Any, pk: int) -> dict[str, Any]:
    p = selectors.programme_get(user=user, pk=pk)
    return {
        **_programme_out(p),
        "scope": p.scope,
        "document_id": p.document_id,
        "duties": [
            {"id": d.pk, "party": _org(d.party), "text": d.text, "recurrence": d.recurrence}
            for d in p.duties.all()
        ],
        "plans": [
            {
                "id": plan.pk,
                "year": plan.year,
                "title": plan.title,
                "status": plan.status,
                "completion": _summary_out(s),
            }
            for plan, s in selectors.programme_plans(programme=p)
        ],
    }


@router.get("/programmes", response={200: ProgrammePage, **ERRORS}, summary="Chương trình phối hợp")
def programme_list(request: HttpRequest, query: Query[ProgrammeListQuery]) -> Any:
    filters = selectors.ProgrammeFilters(q=query.q, status=query.status or "", year=query.year)
    qs = selectors.programme_list(user=api_user(request), filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_programme_out)


@router.post(
    "/programmes",
    response={201: ProgrammeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi một chương trình phối hợp (các bên, trách nhiệm)",
)
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Any:
    user = api_user(request)
    duties = [
        DutyInput(
            party_id=_org_id(d.party_code, "duties") or 0, text=d.text, recurrence=d.recurrence
        )
        for d in payload.duties
    ]
    programme = services.programme_create(
        actor=user,
        data=ProgrammeInput(
            title=payload.title,
            reference=payload.reference,
            organization_id=_org_id(payload.organization_code, "organization_code"),
            party_ids=[_org_id(c, "party_codes") or 0 for c in payload.party_codes],
            lead_ids=[_org_id(c, "lead_codes") or 0 for c in payload.lead_codes],
            scope=payload.scope,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            signed_on=payload.signed_on,
            document_id=payload.document_id,
            duties=duties,
        ),
    )
    return Status(201, _programme_detail(user, programme.pk))


@router.get(
    "/programmes/{id}",
    response={200: ProgrammeDetailOut, **ERRORS},
    summary="Chi tiết chương trình phối hợp: các bên, trách nhiệm, kế hoạch",
)
def programme_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _programme_detail(api_user(request), id)


# --- Plans -----------------------------------------------------------------------------------


class PlanItemIn(Schema):
    content: str = Field(..., max_length=300)
    lead_code: str = Field(..., max_length=40)
    due: dt.date
    indicator: str = Field("", max_length=300)
    supporting: list[CoordinationSupportIn] = Field(default_factory=list, max_length=20)


class PlanIn(Schema):
    title: str = Field(..., max_length=500)
    reference: str = Field("", max_length=80)
    year: int = Field(..., ge=2000, le=2100)
    organization_code: str = Field(..., max_length=40, description="Mã đơn vị ban hành")
    programme_id: int | None = Field(None, ge=1, le=MAX_ID)
    document_id: int | None = Field(None, ge=1, le=MAX_ID)
    items: list[PlanItemIn] = Field(default_factory=list, max_length=200)


class PlanItemOut(Schema):
    id: int
    content: str
    lead: OrgOut
    due: dt.date
    indicator: str
    supporting: list[CoordinationSupportOut]
    task: CoordinationTaskOut | None
    late: bool


class PlanOut(Schema):
    id: int
    title: str
    reference: str
    year: int
    status: str
    organization: OrgOut
    programme_id: int | None
    document_id: int | None
    issued_on: dt.date | None
    version: int


class PlanDetailOut(PlanOut):
    items: list[PlanItemOut]
    completion: CoordinationSummaryOut


class PlanPage(Schema):
    items: list[PlanOut]
    count: int
    page: int
    page_size: int


class PlanListQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: PlanStatusCode | None = None
    programme_id: int | None = Field(None, ge=1, le=MAX_ID)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class IssueIn(Schema):
    expected_version: int = Field(..., ge=1, le=2**31 - 1)
    issued_on: dt.date | None = None


def _plan_out(p: Plan) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "reference": p.reference,
        "year": p.year,
        "status": p.status,
        "organization": _org(p.organization),
        "programme_id": p.programme_id,
        "document_id": p.document_id,
        "issued_on": p.issued_on,
        "version": p.version,
    }


def _plan_detail(user: Any, pk: int) -> dict[str, Any]:
    plan = selectors.plan_get(user=user, pk=pk)
    rows, summary = selectors.plan_items(plan=plan)
    return {
        **_plan_out(plan),
        "items": [
            {
                "id": r.item.pk,
                "content": r.item.content,
                "lead": _org(r.item.lead),
                "due": r.item.due,
                "indicator": r.item.indicator,
                "supporting": [{"organization": n, "part": p} for n, p in r.supports],
                "task": _task_out(r.task),
                "late": r.late,
            }
            for r in rows
        ],
        "completion": _summary_out(summary),
    }


@router.get("/plans", response={200: PlanPage, **ERRORS}, summary="Kế hoạch")
def plan_list(request: HttpRequest, query: Query[PlanListQuery]) -> Any:
    filters = selectors.PlanFilters(
        year=query.year, status=query.status or "", programme_id=query.programme_id, q=query.q
    )
    qs = selectors.plan_list(user=api_user(request), filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=_plan_out)


@router.post(
    "/plans",
    response={201: PlanDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Lập dự thảo kế hoạch với các nội dung",
)
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    user = api_user(request)
    items = [
        PlanItemInput(
            content=i.content,
            lead_id=_org_id(i.lead_code, f"items.{n}"),
            due=i.due,
            indicator=i.indicator,
            supporting=[
                SupportInput(_org_id(s.organization_code, f"items.{n}") or 0, s.part)
                for s in i.supporting
            ],
        )
        for n, i in enumerate(payload.items)
    ]
    plan = services.plan_create(
        actor=user,
        data=PlanInput(
            title=payload.title,
            reference=payload.reference,
            year=payload.year,
            organization_id=_org_id(payload.organization_code, "organization_code"),
            programme_id=payload.programme_id,
            document_id=payload.document_id,
            items=items,
        ),
    )
    return Status(201, _plan_detail(user, plan.pk))


@router.get(
    "/plans/{id}",
    response={200: PlanDetailOut, **ERRORS},
    summary="Chi tiết kế hoạch: nội dung, nhiệm vụ và tiến độ",
)
def plan_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _plan_detail(api_user(request), id)


@router.post(
    "/plans/{id}/issue",
    response={200: PlanDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ban hành kế hoạch: mỗi nội dung thành một nhiệm vụ (tất cả hoặc không)",
)
def plan_issue(request: HttpRequest, payload: IssueIn, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    user = api_user(request)
    plan = selectors.plan_get(user=user, pk=id)
    services.plan_issue(
        actor=user, plan=plan, expected_version=payload.expected_version, on=payload.issued_on
    )
    return _plan_detail(user, plan.pk)
