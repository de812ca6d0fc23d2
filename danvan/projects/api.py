"""/api/v1/projects: “Nhà nước và nhân dân cùng làm” — projects, their contributions ledger,
expenditures, progress, the account (totals, residents' share, balance), statistics per commune
and the public account as XLSX.

- Authentication is the API-wide default (bearer token or the browser session).
- Every read goes through `projects.selectors`, scoped to the caller: a project outside the
  caller's scope answers 404 exactly like a missing one.
- Moves and edits carry `expected_version` (the project's `version`): if someone changed it
  since, the answer is 409 `conflict`. Money writes (received contributions, expenditures,
  voids) answer 409 when they race with another money write of the same project.
- Totals and the balance are computed from the ledgers, never sent by the client.
- Writes share the per-user write throttle of the API (`DANVAN_API_WRITE_RATE`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from danvan.core.api.auth import ErrorOut, api_user
from danvan.core.api.common import ERRORS as _ERRORS
from danvan.core.api.common import MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, page_of, scoped_record
from danvan.core.api.common import no_store as _no_store
from danvan.core.api.common import organization_id_for as _organization_id
from danvan.core.api.throttling import write_throttle
from danvan.core.errors import ValidationFailed
from danvan.core.models import AdminUnit
from danvan.projects import account as account_doc
from danvan.projects import permissions, selectors, services
from danvan.projects.inputs import (
    ContributionInput,
    ExpenditureInput,
    ProgressInput,
    ProjectInput,
    TransitionInput,
)
from danvan.projects.models import Contribution, Expenditure, ProgressReport, Project
from danvan.projects.states import allowed_targets

router = Router(tags=["projects"])

# The codes of `projects.states`, spelled out so the OpenAPI schema lists them
# (tests/projects/test_api.py checks they stay equal to the state table).
KindCode = Literal[
    "road", "canal", "culture_house", "lighting", "bridge", "water", "school", "other"
]
StatusCode = Literal["planned", "in_progress", "completed", "handed_over", "suspended", "cancelled"]
SourceCode = Literal["central", "province", "commune", "residents", "enterprise", "donor"]
ContributionKindCode = Literal["money", "labour", "land", "materials"]

_WRITE_ERRORS: dict[int, type[Schema]] = {**_ERRORS, 409: ErrorOut, 429: ErrorOut}
TEXT_MAX = 20_000
Money = int


# --- Schemas ----------------------------------------------------------------------------------


class ProjectsListQuery(Schema):
    status: StatusCode | None = None
    kind: KindCode | None = None
    commune: str | None = Field(None, max_length=10, description="Mã xã, phường")
    year: int | None = Field(None, ge=2000, le=2100)
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class ProjectsItemOut(Schema):
    id: int
    name: str
    kind: KindCode
    status: StatusCode
    organization_code: str
    commune_code: str
    commune_name: str
    residential_areas: str
    planned_cost: Money
    starts_on: dt.date
    ends_on: dt.date
    progress: int
    version: int


class ProjectsPage(Schema):
    items: list[ProjectsItemOut]
    count: int
    page: int
    page_size: int


class ProjectsCreateIn(Schema):
    organization_code: str | None = Field(
        None, max_length=40, description="Mã cơ quan cấp xã quản lý (bỏ trống: đơn vị của bạn)"
    )
    name: str = Field(..., min_length=1, max_length=300)
    kind: KindCode
    residential_areas: str = Field(..., min_length=1, max_length=500)
    description: str = Field("", max_length=TEXT_MAX)
    length_km: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=3)
    area_m2: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    planned_cost: Money = Field(..., ge=0, le=10**15 - 1)
    starts_on: dt.date
    ends_on: dt.date
    decision_ref: str = Field("", max_length=300)


class ProjectsUpdateIn(ProjectsCreateIn):
    expected_version: int = Field(..., ge=1, le=MAX_ID, description="`version` khi đọc")


class ProjectsTransitionIn(Schema):
    to: StatusCode
    expected_version: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=1000)
    on: dt.date | None = None


class ProjectsSourceOut(Schema):
    source: SourceCode
    label: str
    money: Money
    labour_days: Decimal
    land_m2: Decimal
    materials_value: Money
    value: Money
    pledged_value: Money


class ProjectsAccountOut(Schema):
    sources: list[ProjectsSourceOut]
    value_received: Money
    value_pledged: Money
    state_value: Money
    residents_value: Money
    residents_share: Decimal = Field(..., description="Phần trăm giá trị đã nhận do Nhân dân góp")
    labour_days: Decimal
    land_m2: Decimal
    money_received: Money
    money_pledged: Money
    spent: Money
    balance: Money
    planned_cost: Money
    funded_percent: Decimal


class ProjectsDetailOut(ProjectsItemOut):
    organization_name: str
    description: str
    length_km: Decimal | None
    area_m2: Decimal | None
    decision_ref: str
    status_note: str
    started_on: dt.date | None
    completed_on: dt.date | None
    handed_over_on: dt.date | None
    account: ProjectsAccountOut
    allowed_moves: list[StatusCode]
    can_manage: bool


class ProjectsContributionIn(Schema):
    source: SourceCode
    kind: ContributionKindCode
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    contributor: str = Field("", max_length=300)
    listed: bool = Field(False, description="Người đóng góp đồng ý công khai tên")
    unit: str = Field("", max_length=30, description="Đơn vị tính (vật liệu)")
    value: Money | None = Field(None, ge=0, le=10**15 - 1, description="Giá trị quy đổi (đồng)")
    received: bool = True
    pledged_on: dt.date | None = None
    received_on: dt.date | None = None
    receipt: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class ProjectsContributionOut(Schema):
    id: int
    source: SourceCode
    contributor: str
    listed: bool
    kind: ContributionKindCode
    amount: Decimal
    unit: str
    value: Money | None
    state: Literal["pledged", "received"]
    pledged_on: dt.date
    received_on: dt.date | None
    receipt: str
    note: str
    voided: bool
    void_reason: str


class ProjectsReceiveIn(Schema):
    received_on: dt.date | None = None
    receipt: str = Field("", max_length=100)


class ProjectsVoidIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class ProjectsExpenditureIn(Schema):
    date: dt.date
    item: str = Field(..., min_length=1, max_length=300)
    amount: Money = Field(..., gt=0, le=10**15 - 1)
    voucher: str = Field(..., min_length=1, max_length=100)
    note: str = Field("", max_length=500)


class ProjectsExpenditureOut(Schema):
    id: int
    date: dt.date
    item: str
    amount: Money
    voucher: str
    note: str
    voided: bool
    void_reason: str


class ProjectsProgressIn(Schema):
    date: dt.date
    percent: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=TEXT_MAX)


class ProjectsProgressOut(Schema):
    id: int
    date: dt.date
    percent: int
    note: str
    has_photo: bool


class ProjectsStatisticsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    province: str | None = Field(None, max_length=10, description="Mã tỉnh, thành phố")


class ProjectsStatisticsOut(Schema):
    commune_name: str
    province_name: str
    projects: int
    completed: int
    in_progress: int
    road_km: Decimal
    land_m2: Decimal
    labour_days: Decimal
    money_by_source: dict[str, Money]
    value: Money
    residents_value: Money
    residents_share: Decimal


# --- Output helpers ---------------------------------------------------------------------------


def item_out(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "kind": p.kind,
        "status": p.status,
        "organization_code": p.organization.code,
        "commune_code": p.area.code,
        "commune_name": p.area.full_name,
        "residential_areas": p.residential_areas,
        "planned_cost": int(p.planned_cost),
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "progress": p.progress,
        "version": p.version,
    }


def account_out(a: selectors.Account) -> dict[str, Any]:
    return {
        **{k: v for k, v in a.__dict__.items() if k != "sources"},
        "sources": [
            {
                "source": s.source,
                "label": s.label,
                "money": s.money,
                "labour_days": s.labour_days,
                "land_m2": s.land_m2,
                "materials_value": s.materials_value,
                "value": s.value,
                "pledged_value": s.pledged_value,
            }
            for s in a.sources
        ],
    }


def detail_out(p: Project, user: Any) -> dict[str, Any]:
    can_manage = permissions.can_manage(user, p)
    return {
        **item_out(p),
        "organization_name": p.organization.name,
        "description": p.description,
        "length_km": p.length_km,
        "area_m2": p.area_m2,
        "decision_ref": p.decision_ref,
        "status_note": p.status_note,
        "started_on": p.started_on,
        "completed_on": p.completed_on,
        "handed_over_on": p.handed_over_on,
        "account": account_out(selectors.project_account(project=p)),
        "allowed_moves": allowed_targets(p.status) if can_manage else [],
        "can_manage": can_manage,
    }


def contribution_out(c: Contribution) -> dict[str, Any]:
    return {
        "id": c.pk,
        "source": c.source,
        "contributor": c.contributor,
        "listed": c.listed,
        "kind": c.kind,
        "amount": c.amount,
        "unit": c.unit,
        "value": c.value,
        "state": c.state,
        "pledged_on": c.pledged_on,
        "received_on": c.received_on,
        "receipt": c.receipt,
        "note": c.note,
        "voided": c.voided,
        "void_reason": c.void_reason,
    }


def expenditure_out(e: Expenditure) -> dict[str, Any]:
    return {
        "id": e.pk,
        "date": e.date,
        "item": e.item,
        "amount": int(e.amount),
        "voucher": e.voucher,
        "note": e.note,
        "voided": e.voided,
        "void_reason": e.void_reason,
    }


def progress_out(r: ProgressReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "date": r.date,
        "percent": r.percent,
        "note": r.note,
        "has_photo": bool(r.file),
    }


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = api_user(request)
    return detail_out(selectors.project_get(user=user, pk=pk), user)


def _unit_id(code: str | None, field: str, level: str) -> int | None:
    if not code:
        return None
    unit = AdminUnit.objects.filter(code=code.strip(), level=level).order_by("-valid_from").first()
    if unit is None:
        message = _("Không có đơn vị hành chính với mã này.")
        raise ValidationFailed(message, fields={field: message})
    return int(unit.pk)


def _project_input(
    user: Any, payload: ProjectsCreateIn, organization_id: int | None
) -> ProjectInput:
    return ProjectInput(
        organization_id=organization_id,
        name=payload.name,
        kind=payload.kind,
        residential_areas=payload.residential_areas,
        description=payload.description,
        length_km=payload.length_km,
        area_m2=payload.area_m2,
        planned_cost=payload.planned_cost,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        decision_ref=payload.decision_ref,
    )


# --- Projects ---------------------------------------------------------------------------------


@router.get("", response={200: ProjectsPage, **_ERRORS}, summary="Danh sách công trình")
def project_list(request: HttpRequest, query: Query[ProjectsListQuery]) -> Any:
    """Latest start first, within the caller's scope; `year`: the planned period overlaps it."""
    user = api_user(request)
    filters = selectors.ProjectFilters(
        status=query.status or "",
        kind=query.kind or "",
        area_id=_unit_id(query.commune, "commune", "commune"),
        year=query.year,
        q=query.q,
    )
    qs = selectors.project_list(user=user, filters=filters)
    return page_of(qs, page=query.page, page_size=query.page_size, item=item_out)


@router.post(
    "",
    response={201: ProjectsDetailOut, **_ERRORS, 429: ErrorOut},
    throttle=[write_throttle],
    summary="Lập công trình",
)
def project_create(request: HttpRequest, payload: ProjectsCreateIn, response: HttpResponse) -> Any:
    """Registers a project (status `planned`) of a commune body the caller manages."""
    user = api_user(request)
    org_id = _organization_id(user, payload.organization_code, "organization_code")
    project = services.project_create(actor=user, data=_project_input(user, payload, org_id))
    response["Location"] = f"{request.path.rstrip('/')}/{project.pk}"
    _no_store(response)
    return Status(201, _fresh(request, project.pk))


@router.get(
    "/statistics",
    response={200: list[ProjectsStatisticsOut], **_ERRORS},
    summary="Thống kê theo xã: công trình, km đường, đất hiến, ngày công, tiền theo nguồn",
)
def project_statistics(request: HttpRequest, query: Query[ProjectsStatisticsQuery]) -> Any:
    user = api_user(request)
    rows = selectors.statistics(
        user=user,
        year=query.year,
        province_id=_unit_id(query.province, "province", "province"),
    )
    return [
        {
            "commune_name": r.area_name,
            "province_name": r.province_name,
            "projects": r.projects,
            "completed": r.completed,
            "in_progress": r.in_progress,
            "road_km": r.road_km,
            "land_m2": r.land_m2,
            "labour_days": r.labour_days,
            "money_by_source": r.money,
            "value": r.value,
            "residents_value": r.residents_value,
            "residents_share": r.residents_share,
        }
        for r in rows
    ]


@router.get(
    "/{id}",
    response={200: ProjectsDetailOut, **_ERRORS},
    summary="Chi tiết công trình: tổng hợp đóng góp, thu, chi, số dư",
)
def project_detail(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    _no_store(response)
    return _fresh(request, id)


@router.put(
    "/{id}",
    response={200: ProjectsDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Sửa thông tin công trình",
)
def project_update(
    request: HttpRequest,
    payload: ProjectsUpdateIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Every field is sent again; the managing unit does not change."""
    user, project = scoped_record(request, response, selectors.project_get, id)
    services.project_update(
        actor=user,
        project=project,
        data=_project_input(user, payload, project.organization_id),
        expected_version=payload.expected_version,
    )
    return _fresh(request, id)


@router.post(
    "/{id}/transitions",
    response={200: ProjectsDetailOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Chuyển công trình sang bước tiếp theo",
)
def project_transition(
    request: HttpRequest,
    payload: ProjectsTransitionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """planned → in_progress → completed → handed_over; planned or in_progress → suspended or
    cancelled (`reason`); suspended → in_progress or cancelled. Anything else is 422
    `illegal_transition`; a stale `expected_version` is 409."""
    user, project = scoped_record(request, response, selectors.project_get, id)
    services.project_transition(
        actor=user,
        project=project,
        data=TransitionInput(
            to=payload.to,
            expected_version=payload.expected_version,
            reason=payload.reason,
            on=payload.on,
        ),
    )
    return _fresh(request, id)


@router.get("/{id}/account.xlsx", summary="Bảng công khai tài chính (XLSX)")
def project_account_xlsx(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    project = selectors.project_get(user=api_user(request), pk=id)
    response = HttpResponse(account_doc.account_xlsx(project), content_type=account_doc.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{account_doc.account_filename(project)}"'
    )
    _no_store(response)
    return response


# --- Contributions ----------------------------------------------------------------------------


@router.get(
    "/{id}/contributions",
    response={200: list[ProjectsContributionOut], **_ERRORS},
    summary="Sổ đóng góp (cả khoản đã hủy bỏ)",
)
def contribution_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    project = selectors.project_get(user=api_user(request), pk=id)
    _no_store(response)
    return [contribution_out(c) for c in selectors.project_contributions(project=project)]


@router.post(
    "/{id}/contributions",
    response={201: ProjectsContributionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi khoản đóng góp",
)
def contribution_record(
    request: HttpRequest,
    payload: ProjectsContributionIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Money: `amount` in đồng; labour: days; land: m²; materials: quantity in `unit` with
    `value`. The state (central, province, commune budget) gives only money or materials."""
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.contribution_record(
        actor=user,
        project=project,
        data=ContributionInput(
            source=payload.source,
            kind=payload.kind,
            amount=payload.amount,
            contributor=payload.contributor,
            listed=payload.listed,
            unit=payload.unit,
            value=payload.value,
            received=payload.received,
            pledged_on=payload.pledged_on,
            received_on=payload.received_on,
            receipt=payload.receipt,
            note=payload.note,
        ),
    )
    return Status(201, contribution_out(row))


@router.post(
    "/{id}/contributions/{cid}/receive",
    response={200: ProjectsContributionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi nhận khoản đã đăng ký nay đã nhận",
)
def contribution_receive(
    request: HttpRequest,
    payload: ProjectsReceiveIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    cid: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.contribution_receive(
        actor=user,
        contribution=selectors.contribution_get(project=project, pk=cid),
        on=payload.received_on,
        receipt=payload.receipt,
    )
    return contribution_out(row)


@router.post(
    "/{id}/contributions/{cid}/void",
    response={200: ProjectsContributionOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Hủy bỏ khoản đóng góp ghi nhầm",
)
def contribution_void(
    request: HttpRequest,
    payload: ProjectsVoidIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    cid: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.contribution_void(
        actor=user,
        contribution=selectors.contribution_get(project=project, pk=cid),
        reason=payload.reason,
    )
    return contribution_out(row)


# --- Expenditures -----------------------------------------------------------------------------


@router.get(
    "/{id}/expenditures",
    response={200: list[ProjectsExpenditureOut], **_ERRORS},
    summary="Sổ chi (cả khoản đã hủy bỏ)",
)
def expenditure_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    project = selectors.project_get(user=api_user(request), pk=id)
    _no_store(response)
    return [expenditure_out(e) for e in selectors.project_expenditures(project=project)]


@router.post(
    "/{id}/expenditures",
    response={201: ProjectsExpenditureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Ghi khoản chi",
)
def expenditure_record(
    request: HttpRequest,
    payload: ProjectsExpenditureIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Never more than the balance of the money received (422 `over_balance`)."""
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.expenditure_record(
        actor=user,
        project=project,
        data=ExpenditureInput(
            date=payload.date,
            item=payload.item,
            amount=payload.amount,
            voucher=payload.voucher,
            note=payload.note,
        ),
    )
    return Status(201, expenditure_out(row))


@router.post(
    "/{id}/expenditures/{eid}/void",
    response={200: ProjectsExpenditureOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Hủy bỏ khoản chi ghi nhầm",
)
def expenditure_void(
    request: HttpRequest,
    payload: ProjectsVoidIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    eid: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.expenditure_void(
        actor=user,
        expenditure=selectors.expenditure_get(project=project, pk=eid),
        reason=payload.reason,
    )
    return expenditure_out(row)


# --- Progress ---------------------------------------------------------------------------------


@router.get(
    "/{id}/progress",
    response={200: list[ProjectsProgressOut], **_ERRORS},
    summary="Báo cáo tiến độ, mới nhất trước",
)
def progress_list(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    project = selectors.project_get(user=api_user(request), pk=id)
    _no_store(response)
    return [progress_out(r) for r in selectors.project_reports(project=project)]


@router.post(
    "/{id}/progress",
    response={201: ProjectsProgressOut, **_WRITE_ERRORS},
    throttle=[write_throttle],
    summary="Báo cáo tiến độ (ảnh minh chứng gửi qua trang công trình)",
)
def progress_add(
    request: HttpRequest,
    payload: ProjectsProgressIn,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user, project = scoped_record(request, response, selectors.project_get, id)
    row = services.progress_report(
        actor=user,
        project=project,
        data=ProgressInput(date=payload.date, percent=payload.percent, note=payload.note),
    )
    return Status(201, progress_out(row))
