"""/api/v1/campaigns: plan, list, read and move campaigns; targets with their progress;
activities with their results and evidence; follow-up tasks; the summary per unit and year.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `campaigns.selectors`, scoped to the caller: a campaign outside the
  caller's scope answers 404 exactly like a missing one.
- Moves, edits and target changes carry `expected_version` (the campaign's `version`): if
  someone changed it since, the answer is 409 `conflict`.
- Achieved values are computed from the recorded results, never sent by the client.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from danvan.campaigns import permissions, selectors, services
from danvan.campaigns.inputs import (
    ActivityInput,
    CampaignChanges,
    CampaignInput,
    FollowUpInput,
    ResultInput,
    TargetInput,
    TransitionInput,
    UnitInput,
)
from danvan.campaigns.models import Activity, Campaign
from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of, scoped_record
from danvan.core.api.common import active_organization_ids as _org_ids
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AdminUnit, Task

router = Router(tags=["campaigns"])

TEXT_MAX = 20_000

# The codes of `campaigns.states`, spelled out so the OpenAPI schema lists them
# (tests/campaigns/test_api.py checks they stay equal to the state table).
KindCode = Literal["mobilisation", "information", "both"]
StatusCode = Literal["planned", "running", "ended", "evaluated", "suspended", "cancelled"]
ActivityKindCode = Literal[
    "meeting", "visit", "loudspeaker", "leaflet", "social", "training", "other"
]
TallyCode = Literal["sum", "latest"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class CodeName(Schema):
    code: str
    name: str


class UnitIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40, description="Mã đơn vị")
    part: str = Field("", max_length=500, description="Nhiệm vụ được giao")


class TargetIn(Schema):
    label: str = Field(..., min_length=1, max_length=300, description="Chỉ tiêu")
    unit: str = Field(..., min_length=1, max_length=30, description="Đơn vị tính (hộ, m², %)")
    target_value: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    baseline: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)
    tally: TallyCode = Field("sum", description="sum: cộng dồn; latest: số đo mới nhất")


class CampaignCreateIn(Schema):
    kind: KindCode
    title: str = Field(..., min_length=1, max_length=300)
    purpose: str = Field("", max_length=TEXT_MAX)
    target_group: str = Field(..., min_length=1, max_length=300, description="Đối tượng")
    area_codes: list[str] = Field(
        ..., min_length=1, max_length=200, description="Mã đơn vị hành chính (xã, phường, tỉnh)"
    )
    starts_on: dt.date
    ends_on: dt.date
    organization_code: str | None = Field(
        None, max_length=40, description="Đơn vị chủ trì; mặc định: đơn vị duy nhất của người gọi"
    )
    basis_document_id: int | None = Field(None, ge=1, le=MAX_ID, description="Văn bản căn cứ")
    basis_note: str = Field("", max_length=500)
    units: list[UnitIn] = Field(default_factory=list, max_length=100)
    targets: list[TargetIn] = Field(default_factory=list, max_length=30)


class CampaignUpdateIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc")
    kind: KindCode | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    purpose: str | None = Field(None, max_length=TEXT_MAX)
    target_group: str | None = Field(None, min_length=1, max_length=300)
    area_codes: list[str] | None = Field(None, min_length=1, max_length=200)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    basis_document_id: int | None = Field(None, ge=0, le=MAX_ID, description="0: bỏ văn bản căn cứ")
    basis_note: str | None = Field(None, max_length=500)
    units: list[UnitIn] | None = Field(None, max_length=100)


class CampaignTransitionIn(Schema):
    to: StatusCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=1000, description="Bắt buộc khi tạm dừng, hủy")
    on: dt.date | None = Field(None, description="Ngày thực hiện; mặc định hôm nay")
    assessment: str = Field("", max_length=TEXT_MAX, description="to=evaluated: đánh giá chung")
    lessons: str = Field("", max_length=TEXT_MAX)
    recommendations: str = Field("", max_length=TEXT_MAX)


class TargetAddIn(TargetIn):
    expected_version: int = Field(..., ge=1, le=MAX_ID)


class ResultIn(Schema):
    target_id: int = Field(..., ge=1, le=MAX_ID)
    value: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    note: str = Field("", max_length=300)


class ActivityIn(Schema):
    date: dt.date
    kind: ActivityKindCode
    area_code: str = Field(..., min_length=1, max_length=20, description="Mã xã, phường")
    description: str = Field(..., min_length=1, max_length=TEXT_MAX)
    place: str = Field("", max_length=300)
    people_reached: int = Field(0, ge=0, le=100_000_000)
    organization_code: str | None = Field(None, max_length=40, description="Đơn vị báo cáo")
    unit_codes: list[str] = Field(default_factory=list, max_length=100)
    results: list[ResultIn] = Field(default_factory=list, max_length=30)


class ActivityRemoveIn(Schema):
    reason: str = Field(..., min_length=3, max_length=1000)


class FollowUpIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    due: dt.date
    organization_code: str | None = Field(None, max_length=40, description="Mặc định: chủ trì")
    description: str = Field("", max_length=TEXT_MAX)
    supporting_codes: list[str] = Field(default_factory=list, max_length=50)


class TargetOut(Schema):
    id: int
    label: str
    unit: str
    tally: TallyCode
    baseline: float
    target_value: float
    achieved: float
    percent: int
    met: bool


class CompletionOut(Schema):
    met: int
    total: int
    rate: int
    mean_percent: int


class CampaignItemOut(Schema):
    id: int
    kind: KindCode
    status: StatusCode
    title: str
    organization: CodeName
    starts_on: dt.date
    ends_on: dt.date
    people_reached: int
    version: int


class CampaignPage(Schema):
    items: list[CampaignItemOut]
    count: int
    page: int
    page_size: int


class UnitOut(Schema):
    code: str
    name: str
    part: str


class CampaignDocumentOut(Schema):
    id: int
    reference: str
    title: str


class CampaignEvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ResultOut(Schema):
    target_id: int
    label: str
    unit: str
    value: float
    note: str


class ActivityOut(Schema):
    id: int
    date: dt.date
    kind: ActivityKindCode
    area: CodeName
    place: str
    organization: CodeName
    units: list[CodeName]
    people_reached: int
    description: str
    results: list[ResultOut]
    files: list[CampaignEvidenceOut]


class CampaignTaskOut(Schema):
    id: int
    title: str
    organization: CodeName
    due: dt.date
    progress: int
    status: str


class CampaignDetailOut(CampaignItemOut):
    purpose: str
    target_group: str
    areas: list[CodeName]
    units: list[UnitOut]
    basis_document: CampaignDocumentOut | None
    basis_note: str
    status_note: str
    started_on: dt.date | None
    ended_on: dt.date | None
    evaluated_on: dt.date | None
    assessment: str
    lessons: str
    recommendations: str
    evaluation_snapshot: list[dict[str, Any]]
    targets: list[TargetOut]
    completion: CompletionOut
    allowed_moves: list[StatusCode]
    can_record: bool


class CampaignListQuery(Schema):
    kind: KindCode | None = None
    status: StatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    organization: str | None = Field(None, max_length=40, description="Chủ trì hoặc phối hợp")
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class SummaryQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    organization: str | None = Field(None, max_length=40)


class CampaignSummaryOut(Schema):
    organization_id: int
    organization_name: str
    campaigns: int
    running: int
    finished: int
    people_reached: int
    targets_total: int
    targets_met: int
    met_rate: int


# --- Output builders --------------------------------------------------------------------------


def _code_name(org: Any) -> dict[str, str]:
    return {"code": org.code, "name": org.name}


def _area(unit: AdminUnit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.full_name}


def item_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "status": c.status,
        "title": c.title,
        "organization": _code_name(c.organization),
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "people_reached": int(getattr(c, "people", 0) or 0),
        "version": c.version,
    }


def _target_out(p: selectors.TargetProgress) -> dict[str, Any]:
    return {
        "id": p.target_id,
        "label": p.label,
        "unit": p.unit,
        "tally": p.tally,
        "baseline": float(p.baseline),
        "target_value": float(p.target_value),
        "achieved": float(p.achieved),
        "percent": p.percent,
        "met": p.met,
    }


def activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "date": a.date,
        "kind": a.kind,
        "area": _area(a.area),
        "place": a.place,
        "organization": _code_name(a.organization),
        "units": [_code_name(u) for u in a.units.all()],
        "people_reached": a.people_reached,
        "description": a.description,
        "results": [
            {
                "target_id": r.target_id,
                "label": r.target.label,
                "unit": r.target.unit,
                "value": float(r.value),
                "note": r.note,
            }
            for r in a.results.all()
        ],
        "files": [
            {"id": f.pk, "name": f.original_name, "content_type": f.content_type, "size": f.size}
            for f in a.files.all()
        ],
    }


def _task_out(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "title": t.title,
        "organization": _code_name(t.organization),
        "due": t.due,
        "progress": t.progress,
        "status": t.status,
    }


def detail_out(c: Campaign, user: Any) -> dict[str, Any]:
    progress = selectors.targets_progress([c.pk]).get(c.pk, [])
    completion = selectors.completion_of(progress)
    c.people = selectors.campaign_people_reached(campaign=c)  # type: ignore[attr-defined]
    body = item_out(c)
    document = c.basis_document
    body.update(
        purpose=c.purpose,
        target_group=c.target_group,
        areas=[_area(a) for a in selectors.campaign_areas(campaign=c)],
        units=[
            {"code": u.organization.code, "name": u.organization.name, "part": u.part}
            for u in selectors.campaign_units(campaign=c)
        ],
        basis_document=(
            {"id": document.pk, "reference": document.reference, "title": document.title}
            if document is not None
            else None
        ),
        basis_note=c.basis_note,
        status_note=c.status_note,
        started_on=c.started_on,
        ended_on=c.ended_on,
        evaluated_on=c.evaluated_on,
        assessment=c.assessment,
        lessons=c.lessons,
        recommendations=c.recommendations,
        evaluation_snapshot=list(c.evaluation_snapshot or []),
        targets=[_target_out(p) for p in progress],
        completion={
            "met": completion.met,
            "total": completion.total,
            "rate": completion.rate,
            "mean_percent": completion.mean_percent,
        },
        allowed_moves=selectors.campaign_allowed_moves(campaign=c, user=user),
        can_record=c.status == "running" and permissions.can_record(user, c),
    )
    return body


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.campaign_get(user=user, pk=pk), user)


def _area_ids(codes: list[str], field: str = "area_codes") -> list[int]:
    wanted = sorted({c.strip() for c in codes if c.strip()})
    found = dict(
        AdminUnit.objects.filter(code__in=wanted, valid_to__isnull=True).values_list("code", "id")
    )
    missing = [c for c in wanted if c not in found]
    if missing:
        message = _("Không có đơn vị hành chính: {codes}.").format(codes=", ".join(missing[:5]))
        raise ValidationFailed(message, fields={field: message})
    return [int(found[c]) for c in wanted]


def _units(units: list[UnitIn]) -> list[UnitInput]:
    ids = _org_ids([u.organization_code for u in units], "units")
    return [UnitInput(organization_id=ids[u.organization_code.strip()], part=u.part) for u in units]


def _target_input(t: TargetIn) -> TargetInput:
    return TargetInput(
        label=t.label, unit=t.unit, target_value=t.target_value, baseline=t.baseline, tally=t.tally
    )


# --- Endpoints --------------------------------------------------------------------------------


@router.get("", response={200: CampaignPage, **_ERRORS}, summary="Danh sách cuộc vận động")
def campaign_list(request: HttpRequest, query: Query[CampaignListQuery]) -> Any:
    """Latest start first, within the caller's scope; `year`: the period overlaps the year."""
    user = api_user(request)
    filters = selectors.CampaignFilters(
        kind=query.kind or "",
        status=query.status or "",
        year=query.year,
        organization_id=_organization_id(user, query.organization, "organization"),
        q=query.q,
    )
    qs = selectors.campaign_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.post(
    "",
    response={201: CampaignDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lập kế hoạch cuộc vận động, tuyên truyền",
)
def campaign_create(request: HttpRequest, payload: CampaignCreateIn, response: HttpResponse) -> Any:
    """Plans a campaign (status `planned`) with its areas, participating units and targets."""
    user = api_user(request)
    data = CampaignInput(
        kind=payload.kind,
        organization_id=_organization_id(user, payload.organization_code),
        title=payload.title,
        purpose=payload.purpose,
        target_group=payload.target_group,
        area_ids=_area_ids(payload.area_codes),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        basis_document_id=payload.basis_document_id,
        basis_note=payload.basis_note,
        units=_units(payload.units),
        targets=[_target_input(t) for t in payload.targets],
    )
    campaign = services.campaign_create(actor=user, data=data)
    response["Location"] = f"{request.path.rstrip('/')}/{campaign.pk}"
    _no_store(response)
    return Status(201, _fresh(request, campaign.pk))


@router.get(
    "/summary",
    response={200: list[CampaignSummaryOut], **_ERRORS},
    summary="Tổng hợp theo đơn vị chủ trì trong một năm",
)
def campaign_summary(request: HttpRequest, query: Query[SummaryQuery]) -> Any:
    """Campaigns whose period overlaps the year (cancelled left out), per organising unit."""
    user = api_user(request)
    organization_id = _organization_id(user, query.organization, "organization")
    rows = selectors.campaign_summary(user=user, year=query.year, organization_id=organization_id)
    return [
        {
            "organization_id": r.organization_id,
            "organization_name": r.organization_name,
            "campaigns": r.campaigns,
            "running": r.running,
            "finished": r.finished,
            "people_reached": r.people_reached,
            "targets_total": r.targets_total,
            "targets_met": r.targets_met,
            "met_rate": r.met_rate,
        }
        for r in rows
    ]


@router.get(
    "/{id}",
    response={200: CampaignDetailOut, **_ERRORS},
    summary="Chi tiết cuộc vận động: chỉ tiêu và tiến độ, các bước được phép",
)
def campaign_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.patch(
    "/{id}",
    response={200: CampaignDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa kế hoạch cuộc vận động",
)
def campaign_update(
    request: HttpRequest,
    payload: CampaignUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Only the fields sent change; until the campaign ends."""
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    changes = CampaignChanges(
        kind=payload.kind,
        title=payload.title,
        purpose=payload.purpose,
        target_group=payload.target_group,
        area_ids=_area_ids(payload.area_codes) if payload.area_codes is not None else None,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        basis_document_id=payload.basis_document_id,
        basis_note=payload.basis_note,
        units=_units(payload.units) if payload.units is not None else None,
    )
    services.campaign_update(
        campaign=campaign, actor=user, changes=changes, expected_version=payload.expected_version
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: CampaignDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển cuộc vận động sang bước tiếp theo",
)
def campaign_transition(
    request: HttpRequest,
    payload: CampaignTransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """planned → running (needs a target) → ended → evaluated (`assessment`); planned or running
    → suspended or cancelled (`reason`); suspended → running or cancelled. Anything else is 422
    `illegal_transition`; a stale `expected_version` is 409."""
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    services.campaign_transition(
        campaign=campaign,
        actor=user,
        data=TransitionInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason,
            on=payload.on,
            assessment=payload.assessment,
            lessons=payload.lessons,
            recommendations=payload.recommendations,
        ),
    )
    return _fresh(request, id)


@router.post(
    "/{id}/targets",
    response={201: CampaignDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Thêm chỉ tiêu",
)
def target_add(
    request: HttpRequest,
    payload: TargetAddIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    services.target_add(
        campaign=campaign,
        actor=user,
        data=_target_input(payload),
        expected_version=payload.expected_version,
    )
    return Status(201, _fresh(request, id))


@router.delete(
    "/{id}/targets/{target_id}",
    response={200: CampaignDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Xóa chỉ tiêu chưa có kết quả",
)
def target_remove(
    request: HttpRequest,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    target_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    target = selectors.target_get(campaign=campaign, pk=target_id)
    services.target_remove(target=target, actor=user)
    return _fresh(request, id)


@router.get(
    "/{id}/activities",
    response={200: list[ActivityOut], **_ERRORS},
    summary="Hoạt động đã thực hiện, với kết quả và minh chứng",
)
def activity_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    campaign = selectors.campaign_get(user=api_user(request), pk=id)
    _no_store(response)
    return [activity_out(a) for a in selectors.campaign_activities(campaign=campaign)]


def _activity_fresh(campaign: Campaign, pk: int) -> dict[str, Any]:
    for a in selectors.campaign_activities(campaign=campaign):
        if a.pk == pk:
            return activity_out(a)
    raise ValidationFailed(_("Không tìm thấy hoạt động."))  # pragma: no cover


@router.post(
    "/{id}/activities",
    response={201: ActivityOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi một hoạt động và kết quả của nó",
)
def activity_record(
    request: HttpRequest,
    payload: ActivityIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """While the campaign runs. Evidence files go to `/{id}/activities/{activity_id}/files`."""
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    area_id = _area_ids([payload.area_code], "area_code")[0]
    unit_ids = _org_ids(payload.unit_codes, "unit_codes")
    org_id = (
        _org_ids([payload.organization_code], "organization_code")[
            payload.organization_code.strip()
        ]
        if payload.organization_code
        else None
    )
    activity = services.activity_record(
        campaign=campaign,
        actor=user,
        data=ActivityInput(
            date=payload.date,
            kind=payload.kind,
            area_id=area_id,
            description=payload.description,
            place=payload.place,
            people_reached=payload.people_reached,
            organization_id=org_id,
            unit_ids=list(unit_ids.values()),
            results=[
                ResultInput(target_id=r.target_id, value=r.value, note=r.note)
                for r in payload.results
            ],
        ),
    )
    return Status(201, _activity_fresh(campaign, activity.pk))


@router.post(
    "/{id}/activities/{activity_id}/files",
    response={201: ActivityOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Bổ sung tài liệu minh chứng (multipart, trường `files`)",
)
def evidence_add(
    request: HttpRequest,
    response: HttpResponse,
    files: File[list[UploadedFile]],
    id: int = Path(..., ge=1, le=MAX_ID),
    activity_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """The type is read from the content (PDF, images, Word, Excel, ODT, text); see core files."""
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    activity = selectors.activity_get(campaign=campaign, pk=activity_id)
    services.activity_files_add(
        activity=activity,
        actor=user,
        files=[UploadedFileInput(name=f.name or "", data=f.read()) for f in files],
    )
    return Status(201, _activity_fresh(campaign, activity.pk))


@router.post(
    "/{id}/activities/{activity_id}/remove",
    response={200: CampaignDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Xóa hoạt động ghi nhầm (có lý do)",
)
def activity_remove(
    request: HttpRequest,
    payload: ActivityRemoveIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    activity_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, campaign = scoped_record(request, response, selectors.campaign_get, id)
    activity = selectors.activity_get(campaign=campaign, pk=activity_id)
    services.activity_remove(activity=activity, actor=user, reason=payload.reason)
    return _fresh(request, id)


@router.get(
    "/{id}/tasks",
    response={200: list[CampaignTaskOut], **_ERRORS},
    summary="Việc tiếp theo (nhiệm vụ) của cuộc vận động",
)
def task_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    campaign = selectors.campaign_get(user=api_user(request), pk=id)
    _no_store(response)
    return [_task_out(t) for t in selectors.campaign_tasks(campaign=campaign)]


@router.post(
    "/{id}/tasks",
    response={201: CampaignTaskOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Giao việc tiếp theo cho đơn vị chủ trì hoặc phối hợp",
)
def task_add(
    request: HttpRequest,
    payload: FollowUpIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = api_user(request)
    campaign = selectors.campaign_get(user=user, pk=id)
    owner = (
        _org_ids([payload.organization_code], "organization_code")[
            payload.organization_code.strip()
        ]
        if payload.organization_code
        else None
    )
    supporting = _org_ids(payload.supporting_codes, "supporting_codes")
    task = services.followup_task_create(
        campaign=campaign,
        actor=user,
        data=FollowUpInput(
            title=payload.title,
            organization_id=owner,
            due=payload.due,
            description=payload.description,
            supporting_ids=list(supporting.values()),
        ),
    )
    _no_store(response)
    task = Task.objects.select_related("organization").get(pk=task.pk)
    return Status(201, _task_out(task))
