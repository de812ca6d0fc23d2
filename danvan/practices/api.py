"""/api/v1/practices: register, list, read and move Dân vận khéo models; evaluation councils and
score sheets; recognition and replication; counts; and the public showcase.

- Authentication is the API-wide default (bearer token or the browser session), except the
  showcase endpoints (`/showcase`), which are public (`auth=None`) and answer only the fields of
  `selectors.PUBLIC_FIELDS` of recognised or replicated models.
- Every other read goes through `practices.selectors`, scoped to the caller (404 outside it).
- Moves carry `expected_version` (the model's, or for score sheets and closing, the council's):
  if someone changed it since, the answer is 409 `conflict`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of, scoped_record
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.practices import permissions, selectors, services
from danvan.practices.inputs import (
    CouncilInput,
    MemberInput,
    PracticeInput,
    RecognitionInput,
    ReplicationInput,
    ScoreInput,
)
from danvan.practices.models import CriteriaSet, Evaluation, PracticeModel
from danvan.practices.services.councils import criteria_set_in_force

router = Router(tags=["practices"])

TEXT_MAX = 20_000

# The codes of `practices.states`, spelled out so the OpenAPI schema lists them
# (tests/practices/test_api.py checks they stay equal to the state table).
FieldCode = Literal["economy", "culture_society", "defence_security", "political_system"]
StatusCode = Literal["registered", "launched", "evaluated", "recognised", "replicated", "stopped"]
LevelCode = Literal["commune", "province", "national"]
RegistrantCode = Literal["agency", "commune", "residential_area", "party_cell", "front"]
MoveCode = Literal["launched", "stopped"]
MemberRoleCode = Literal["chair", "member", "secretary"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class PracticeFieldsIn(Schema):
    registrant_kind: RegistrantCode
    registrant_name: str = Field("", max_length=250, description="Tên khu dân cư, chi bộ")
    field: FieldCode
    name: str = Field(..., min_length=1, max_length=500)
    rationale: str = Field("", max_length=TEXT_MAX)
    objectives: str = Field(..., min_length=1, max_length=TEXT_MAX)
    success_criteria: str = Field("", max_length=TEXT_MAX)
    content_method: str = Field(..., min_length=1, max_length=TEXT_MAX)
    area_code: str = Field("", max_length=10, description="Mã đơn vị hành chính của địa bàn")
    area_note: str = Field("", max_length=300)
    beneficiaries: str = Field("", max_length=500)
    lead_forces: str = Field("", max_length=500)
    partner_forces: str = Field("", max_length=500)
    resources: str = Field("", max_length=TEXT_MAX)
    start_on: dt.date
    end_on: dt.date | None = None
    outputs: str = Field(..., min_length=1, max_length=TEXT_MAX)
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=30)
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)
    document_id: int | None = Field(None, ge=1, le=MAX_ID, description="Văn bản phát động")


class PracticeCreateIn(PracticeFieldsIn):
    organization_code: str = Field(..., max_length=40, description="Mã đơn vị đăng ký")


class PracticeUpdateIn(PracticeFieldsIn):
    expected_version: int = Field(..., ge=1)


class PracticeItemOut(Schema):
    id: int
    name: str
    field: str
    status: str
    year: int
    organization_id: int
    organization_name: str
    registrant_kind: str
    registrant_name: str
    score: Decimal | None
    passed: bool | None
    recognition_level: str
    version: int


class PracticePage(Schema):
    items: list[PracticeItemOut]
    count: int
    page: int
    page_size: int


class MemberOut(Schema):
    id: int
    full_name: str
    title: str
    role: str
    has_account: bool
    scores: dict[str, Decimal]


class CriterionOut(Schema):
    code: str
    name: str
    weight: Decimal
    max_points: Decimal


class CriteriaSetOut(Schema):
    id: int
    code: str
    version: int
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    pass_threshold: Decimal
    source: str
    source_verified: bool
    criteria: list[CriterionOut]


class EvaluationOut(Schema):
    id: int
    round: int
    status: str
    council_org_id: int
    council_org_name: str
    council_decision: str
    held_on: dt.date
    criteria_set: CriteriaSetOut
    members: list[MemberOut]
    score: Decimal | None
    passed: bool | None
    breakdown: dict[str, str]
    conclusion: str
    closed_on: dt.date | None
    version: int


class ReplicationOut(Schema):
    site_name: str
    area_code: str | None
    organization_id: int | None
    started_on: dt.date
    note: str


class PracticeDetailOut(PracticeItemOut):
    rationale: str
    objectives: str
    success_criteria: str
    content_method: str
    area_code: str | None
    area_note: str
    beneficiaries: str
    lead_forces: str
    partner_forces: str
    resources: str
    start_on: dt.date
    end_on: dt.date | None
    outputs: str
    contact_name: str
    contact_phone: str
    period: str
    theme_id: int | None
    document_id: int | None
    registered_on: dt.date
    launched_on: dt.date | None
    evaluated_on: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    status_note: str
    evaluations: list[EvaluationOut]
    replications: list[ReplicationOut]
    allowed_moves: list[str]


class ListQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    period: str = Field("", max_length=20)
    field: FieldCode | None = None
    status: StatusCode | None = None
    level: LevelCode | None = None
    organization: str | None = Field(None, max_length=40, description="Mã đơn vị đăng ký")
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class CountsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    period: str = Field("", max_length=20)
    field: FieldCode | None = None
    level: LevelCode | None = None
    organization: str | None = Field(None, max_length=40)


class CountRowOut(Schema):
    key: str
    label: str
    total: int
    launched: int
    evaluated: int
    recognised: int
    replicated: int


class PracticeCountsOut(Schema):
    total: CountRowOut
    by_field: list[CountRowOut]
    by_level: list[CountRowOut]
    by_year: list[CountRowOut]
    by_unit: list[CountRowOut]


class MoveIn(Schema):
    to: MoveCode
    expected_version: int = Field(..., ge=1)
    on: dt.date | None = None
    note: str = Field("", max_length=1000)


class MemberIn(Schema):
    full_name: str = Field("", max_length=200)
    title: str = Field("", max_length=250)
    role: MemberRoleCode = "member"
    username: str | None = Field(None, max_length=150, description="Tài khoản của thành viên")


class CouncilIn(Schema):
    council_organization_code: str = Field(..., max_length=40)
    held_on: dt.date
    members: list[MemberIn] = Field(..., min_length=1, max_length=25)
    council_decision: str = Field("", max_length=120)
    expected_version: int = Field(..., ge=1, description="Phiên bản của mô hình")


class ScoreIn(Schema):
    member_id: int = Field(..., ge=1, le=MAX_ID)
    points: dict[str, Decimal] = Field(..., description="Mã tiêu chí -> điểm")
    comments: dict[str, str] = Field(default_factory=dict)
    expected_version: int = Field(..., ge=1, description="Phiên bản của hội đồng")


class PracticeCloseIn(Schema):
    expected_version: int = Field(..., ge=1, description="Phiên bản của hội đồng")
    conclusion: str = Field("", max_length=5000)
    on: dt.date | None = None


class RecognitionIn(Schema):
    level: LevelCode
    decision_number: str = Field(..., min_length=1, max_length=80)
    decision_date: dt.date
    decision_issuer: str = Field(..., min_length=1, max_length=250)
    expected_version: int = Field(..., ge=1)


class ReplicationIn(Schema):
    site_name: str = Field("", max_length=300)
    area_code: str = Field("", max_length=10)
    organization_code: str | None = Field(None, max_length=40)
    started_on: dt.date
    note: str = Field("", max_length=1000)
    expected_version: int = Field(..., ge=1)


class ShowcaseItemOut(Schema):
    id: int
    name: str
    field: str
    registrant_kind: str
    registrant_name: str
    organization_name: str
    area_name: str | None
    area_note: str
    year: int
    rationale: str
    content_method: str
    beneficiaries: str
    outputs: str
    recognition_level: str
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str


class ShowcasePage(Schema):
    items: list[ShowcaseItemOut]
    count: int
    page: int
    page_size: int


class ShowcaseQuery(Schema):
    field: FieldCode | None = None
    level: LevelCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


# --- Serialisers ------------------------------------------------------------------------------


def item_out(m: PracticeModel) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "field": m.field,
        "status": m.status,
        "year": m.year,
        "organization_id": m.organization_id,
        "organization_name": m.organization.name,
        "registrant_kind": m.registrant_kind,
        "registrant_name": m.registrant_name,
        "score": m.score,
        "passed": m.passed,
        "recognition_level": m.recognition_level,
        "version": m.version,
    }


def criteria_set_out(cs: CriteriaSet) -> dict[str, Any]:
    return {
        "id": cs.pk,
        "code": cs.code,
        "version": cs.version,
        "name": cs.name,
        "valid_from": cs.valid_from,
        "valid_to": cs.valid_to,
        "pass_threshold": cs.pass_threshold,
        "source": cs.source,
        "source_verified": cs.source_verified,
        "criteria": [
            {"code": c.code, "name": c.name, "weight": c.weight, "max_points": c.max_points}
            for c in cs.criteria.all()
        ],
    }


def evaluation_out(e: Evaluation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "round": e.round,
        "status": e.status,
        "council_org_id": e.council_org_id,
        "council_org_name": e.council_org.name,
        "council_decision": e.council_decision,
        "held_on": e.held_on,
        "criteria_set": criteria_set_out(e.criteria_set),
        "members": [
            {
                "id": m.pk,
                "full_name": m.full_name,
                "title": m.title,
                "role": m.role,
                "has_account": m.user_id is not None,
                "scores": {s.criterion.code: s.points for s in m.scores.all()},
            }
            for m in e.members.all()
        ],
        "score": e.score,
        "passed": e.passed,
        "breakdown": {str(k): str(v) for k, v in (e.breakdown or {}).items()},
        "conclusion": e.conclusion,
        "closed_on": e.closed_on,
        "version": e.version,
    }


def detail_out(m: PracticeModel, user: Any) -> dict[str, Any]:
    from danvan.practices.states import MANUAL_MOVES, allowed_targets

    return {
        **item_out(m),
        "rationale": m.rationale,
        "objectives": m.objectives,
        "success_criteria": m.success_criteria,
        "content_method": m.content_method,
        "area_code": m.area.code if m.area else None,
        "area_note": m.area_note,
        "beneficiaries": m.beneficiaries,
        "lead_forces": m.lead_forces,
        "partner_forces": m.partner_forces,
        "resources": m.resources,
        "start_on": m.start_on,
        "end_on": m.end_on,
        "outputs": m.outputs,
        "contact_name": m.contact_name,
        "contact_phone": m.contact_phone,
        "period": m.period.code,
        "theme_id": m.theme_id,
        "document_id": m.document_id,
        "registered_on": m.registered_on,
        "launched_on": m.launched_on,
        "evaluated_on": m.evaluated_on,
        "decision_number": m.decision_number,
        "decision_date": m.decision_date,
        "decision_issuer": m.decision_issuer,
        "status_note": m.status_note,
        "evaluations": [evaluation_out(e) for e in selectors.practice_evaluations(model=m)],
        "replications": [
            {
                "site_name": r.site_name,
                "area_code": r.area.code if r.area else None,
                "organization_id": r.organization_id,
                "started_on": r.started_on,
                "note": r.note,
            }
            for r in m.replications.select_related("area").order_by("started_on", "id")
        ],
        "allowed_moves": [
            t
            for t in allowed_targets(m.status)
            if t in MANUAL_MOVES and permissions.can_manage(user, m)
        ],
    }


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.practice_get(user=user, pk=pk), user)


def _count_row(r: selectors.CountRow) -> dict[str, Any]:
    return {
        "key": "" if r.key is None else str(r.key),
        "label": r.label,
        "total": r.total,
        "launched": r.launched,
        "evaluated": r.evaluated,
        "recognised": r.recognised,
        "replicated": r.replicated,
    }


# --- Endpoints --------------------------------------------------------------------------------


@router.get("", response={200: PracticePage, **_ERRORS}, summary="Danh sách mô hình “Dân vận khéo”")
def practice_list(request: HttpRequest, query: Query[ListQuery]) -> Any:
    user = api_user(request)
    filters = selectors.PracticeFilters(
        year=query.year,
        period=query.period,
        field=query.field or "",
        status=query.status or "",
        level=query.level or "",
        organization_id=_organization_id(user, query.organization, "organization"),
        q=query.q,
    )
    qs = selectors.practice_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.post(
    "",
    response={201: PracticeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Đăng ký một mô hình",
)
def practice_create(request: HttpRequest, payload: PracticeCreateIn, response: HttpResponse) -> Any:
    user = api_user(request)
    data = _practice_input(payload, _organization_id(user, payload.organization_code))
    model = services.practice_register(actor=user, data=data)
    _no_store(response)
    return Status(201, _fresh(request, model.pk))


def _practice_input(payload: PracticeFieldsIn, organization_id: int | None) -> PracticeInput:
    return PracticeInput(
        organization_id=organization_id,
        registrant_kind=payload.registrant_kind,
        registrant_name=payload.registrant_name,
        field=payload.field,
        name=payload.name,
        rationale=payload.rationale,
        objectives=payload.objectives,
        success_criteria=payload.success_criteria,
        content_method=payload.content_method,
        area_code=payload.area_code,
        area_note=payload.area_note,
        beneficiaries=payload.beneficiaries,
        lead_forces=payload.lead_forces,
        partner_forces=payload.partner_forces,
        resources=payload.resources,
        start_on=payload.start_on,
        end_on=payload.end_on,
        outputs=payload.outputs,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        theme_id=payload.theme_id,
        document_id=payload.document_id,
    )


@router.get("/counts", response={200: PracticeCountsOut, **_ERRORS}, summary="Số mô hình theo nhóm")
def practice_counts(request: HttpRequest, query: Query[CountsQuery]) -> Any:
    """Totals and counts by field, recognition level, year and registering unit (grouped
    queries over the caller's scope)."""
    user = api_user(request)
    counts = selectors.practice_counts(
        user=user,
        filters=selectors.PracticeFilters(
            year=query.year,
            period=query.period,
            field=query.field or "",
            level=query.level or "",
            organization_id=_organization_id(user, query.organization, "organization"),
        ),
    )
    return {
        "total": _count_row(counts.total),
        "by_field": [_count_row(r) for r in counts.by_field],
        "by_level": [_count_row(r) for r in counts.by_level],
        "by_year": [_count_row(r) for r in counts.by_year],
        "by_unit": [_count_row(r) for r in counts.by_unit],
    }


@router.get(
    "/criteria-sets",
    response={200: list[CriteriaSetOut], **_ERRORS},
    summary="Các phiên bản bộ tiêu chí chấm điểm",
)
def criteria_sets(request: HttpRequest, on: dt.date | None = None) -> Any:
    """Every version, or only the one in force on `on`."""
    api_user(request)
    if on is not None:
        cs = criteria_set_in_force(on)
        return [criteria_set_out(cs)] if cs else []
    return [
        criteria_set_out(cs)
        for cs in CriteriaSet.objects.prefetch_related("criteria").order_by("code", "version")
    ]


@router.get(
    "/showcase",
    auth=None,
    response={200: ShowcasePage, 422: ErrorOut},
    summary="Mô hình được công nhận (công khai, không cần tài khoản)",
)
def showcase(request: HttpRequest, query: Query[ShowcaseQuery]) -> Any:
    qs = selectors.showcase_list(
        filters=selectors.ShowcaseFilters(
            field=query.field or "", level=query.level or "", year=query.year, q=query.q
        )
    )
    return page_of(qs, page=query.page, page_size=query.page_size, item=_showcase_item)


def _showcase_item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "field": row["field"],
        "registrant_kind": row["registrant_kind"],
        "registrant_name": row["registrant_name"],
        "organization_name": row["organization__name"],
        "area_name": row["area__full_name"],
        "area_note": row["area_note"],
        "year": row["year"],
        "rationale": row["rationale"],
        "content_method": row["content_method"],
        "beneficiaries": row["beneficiaries"],
        "outputs": row["outputs"],
        "recognition_level": row["recognition_level"],
        "decision_number": row["decision_number"],
        "decision_date": row["decision_date"],
        "decision_issuer": row["decision_issuer"],
    }


@router.get(
    "/showcase/{id}",
    auth=None,
    response={200: ShowcaseItemOut, 404: ErrorOut},
    summary="Một mô hình được công nhận (công khai)",
)
def showcase_item(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _showcase_item(selectors.showcase_get(pk=id))


@router.get("/councils/{id}", response={200: EvaluationOut, **_ERRORS}, summary="Một hội đồng")
def council_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return evaluation_out(selectors.evaluation_get(user=api_user(request), pk=id))


@router.post(
    "/councils/{id}/scores",
    response={200: EvaluationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi phiếu chấm của một thành viên",
)
def council_score(
    request: HttpRequest, payload: ScoreIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    """A mark for every criterion of the council's set (0..max, 2 decimals at most)."""
    user = api_user(request)
    evaluation = selectors.evaluation_get(user=user, pk=id)
    services.score_record(
        evaluation=evaluation,
        actor=user,
        data=ScoreInput(
            member_id=payload.member_id,
            points=dict(payload.points),
            comments=dict(payload.comments),
            expected_version=payload.expected_version,
        ),
    )
    return evaluation_out(selectors.evaluation_get(user=user, pk=id))


@router.post(
    "/councils/{id}/close",
    response={200: EvaluationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Kết luận hội đồng (tính điểm, mô hình chuyển sang đã đánh giá)",
)
def council_close(
    request: HttpRequest, payload: PracticeCloseIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    evaluation = selectors.evaluation_get(user=user, pk=id)
    services.evaluation_close(
        evaluation=evaluation,
        actor=user,
        expected_version=payload.expected_version,
        conclusion=payload.conclusion,
        on=payload.on,
    )
    return evaluation_out(selectors.evaluation_get(user=user, pk=id))


@router.get(
    "/{id}",
    response={200: PracticeDetailOut, **_ERRORS},
    summary="Chi tiết mô hình: các lần đánh giá, nơi nhân rộng, các bước được phép",
)
def practice_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.put(
    "/{id}",
    response={200: PracticeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin mô hình (đến khi được công nhận)",
)
def practice_update(
    request: HttpRequest,
    payload: PracticeUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Every descriptive field is replaced; the organisation and registration date stay."""
    user, model = scoped_record(request, response, selectors.practice_get, id)
    services.practice_update(
        model=model,
        actor=user,
        data=_practice_input(payload, model.organization_id),
        expected_version=payload.expected_version,
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: PracticeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Triển khai, dừng, hoặc tiếp tục triển khai sau khi chưa đạt",
)
def practice_transition(
    request: HttpRequest,
    payload: MoveIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, model = scoped_record(request, response, selectors.practice_get, id)
    services.practice_transition(
        model=model,
        actor=user,
        to=payload.to,
        expected_version=payload.expected_version,
        on=payload.on,
        note=payload.note,
    )
    return _fresh(request, id)


@router.post(
    "/{id}/councils",
    response={201: EvaluationOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thành lập hội đồng đánh giá (hoặc đánh giá lại)",
)
def council_open(
    request: HttpRequest, payload: CouncilIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    from danvan.core.models import User

    user = api_user(request)
    model = selectors.practice_get(user=user, pk=id)
    members = []
    for m in payload.members:
        user_id = None
        if m.username:
            found = User.objects.filter(username=m.username, is_active=True).first()
            user_id = found.pk if found else -1
        members.append(
            MemberInput(full_name=m.full_name, title=m.title, role=m.role, user_id=user_id)
        )
    org_id = _organization_id(user, payload.council_organization_code, "council_organization_code")
    evaluation = services.evaluation_open(
        model=model,
        actor=user,
        data=CouncilInput(
            council_org_id=org_id or 0,
            held_on=payload.held_on,
            members=members,
            expected_version=payload.expected_version,
            council_decision=payload.council_decision,
        ),
    )
    return Status(201, evaluation_out(selectors.evaluation_get(user=user, pk=evaluation.pk)))


@router.post(
    "/{id}/recognition",
    response={200: PracticeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Công nhận mô hình (cấp, số và ngày quyết định, cơ quan ban hành)",
)
def practice_recognise(
    request: HttpRequest, payload: RecognitionIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    model = selectors.practice_get(user=user, pk=id)
    services.practice_recognise(
        model=model,
        actor=user,
        data=RecognitionInput(
            level=payload.level,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
            decision_issuer=payload.decision_issuer,
            expected_version=payload.expected_version,
        ),
    )
    return _fresh(request, id)


@router.post(
    "/{id}/replications",
    response={200: PracticeDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận nơi nhân rộng mô hình",
)
def practice_replicate(
    request: HttpRequest, payload: ReplicationIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    user = api_user(request)
    model = selectors.practice_get(user=user, pk=id)
    services.replication_add(
        model=model,
        actor=user,
        data=ReplicationInput(
            started_on=payload.started_on,
            expected_version=payload.expected_version,
            area_code=payload.area_code,
            organization_id=_organization_id(user, payload.organization_code),
            site_name=payload.site_name,
            note=payload.note,
        ),
    )
    return _fresh(request, id)
