"""/api/v1/admin-units: search the administrative units, one unit on a date, the remote flag.

Reference data, the same for every signed-in user; authentication is the API-wide default.
A code alone does not identify a unit (codes were reused on 1 July 2025): a unit is looked up
by code *on a date* (`?on=YYYY-MM-DD`, default today).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.models import AdminUnit, AdminUnitSuccession
from danvan.core.selectors import units as unit_selectors
from danvan.core.services.units import admin_unit_set_remote

router = Router(tags=["admin-units"])

MAX_LIMIT = 500


class AdminUnitRef(Schema):
    id: int
    code: str
    full_name: str
    level: str
    valid_from: dt.date
    valid_to: dt.date | None


class AdminUnitOut(Schema):
    id: int
    code: str
    name: str
    full_name: str
    name_en: str
    level: str = Field(..., description="province, commune (district: 5 huyện đảo trước 2025)")
    unit_type: str = Field(..., description="tinh, thanh_pho, xa, phuong, dac_khu, thi_tran, huyen")
    unit_type_label: str
    parent: AdminUnitRef | None
    valid_from: dt.date = Field(..., description="Ngày bắt đầu có hiệu lực (1900-01-01: không rõ)")
    valid_to: dt.date | None = Field(
        ..., description="Ngày đầu tiên không còn hiệu lực; null: đang có hiệu lực"
    )
    remote: bool = Field(..., description="Vùng sâu, vùng xa")
    current: bool = Field(..., description="Đang có hiệu lực hôm nay")


class SuccessionOut(Schema):
    kind: str = Field(..., description="full, partial hoặc renamed")
    effective: dt.date
    unit: AdminUnitRef


class AdminUnitDetailOut(AdminUnitOut):
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]
    current_units: list[AdminUnitRef] = Field(
        ..., description="Đơn vị đang có hiệu lực mà đơn vị này ứng với (chính nó nếu còn hiệu lực)"
    )
    needs_choice: bool = Field(
        ..., description="Đơn vị cũ bị chia cho nhiều đơn vị (hoặc không rõ): cán bộ phải chọn"
    )


class AdminUnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AdminUnitOut]


class UnitListQuery(Schema):
    q: str = Field("", max_length=100, description="Tên (không dấu cũng được) hoặc mã")
    level: Literal["province", "commune", "district"] | None = None
    parent: str | None = Field(None, max_length=10, description="Mã đơn vị cấp trên (mã tỉnh)")
    on: dt.date | None = Field(None, description="Các đơn vị có hiệu lực vào ngày này")
    history: bool = Field(False, description="Gồm mọi phiên bản, kể cả đã hết hiệu lực")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


class OnQuery(Schema):
    on: dt.date | None = Field(None, description="Ngày (YYYY-MM-DD); mặc định hôm nay")


class ResolutionQuery(Schema):
    on: dt.date | None = Field(None, description="Ngày của hồ sơ; mặc định hôm nay")
    as_of: dt.date | None = Field(None, description="Tìm đơn vị hiện hành vào ngày này")


class ResolutionOut(Schema):
    unit: AdminUnitRef
    current: AdminUnitRef | None
    candidates: list[AdminUnitRef]
    needs_choice: bool
    as_of: dt.date


class RemoteIn(Schema):
    remote: bool


def unit_ref(unit: AdminUnit) -> AdminUnitRef:
    return AdminUnitRef(
        id=unit.pk,
        code=unit.code,
        full_name=unit.full_name,
        level=unit.level,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
    )


def unit_out(unit: AdminUnit) -> AdminUnitOut:
    return AdminUnitOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        full_name=unit.full_name,
        name_en=unit.name_en,
        level=unit.level,
        unit_type=unit.unit_type,
        unit_type_label=str(unit.get_unit_type_display()),
        parent=unit_ref(unit.parent) if unit.parent is not None else None,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        remote=unit.remote,
        current=unit.is_current,
    )


def _link_out(link: AdminUnitSuccession, unit: AdminUnit) -> SuccessionOut:
    return SuccessionOut(kind=link.kind, effective=link.effective, unit=unit_ref(unit))


def unit_detail_out(unit: AdminUnit) -> AdminUnitDetailOut:
    current_units = unit_selectors.admin_unit_current_successors(unit)
    return AdminUnitDetailOut(
        **unit_out(unit).dict(),
        predecessors=[
            _link_out(link, link.predecessor)
            for link in unit_selectors.admin_unit_predecessors(unit)
        ],
        successors=[
            _link_out(link, link.successor) for link in unit_selectors.admin_unit_successors(unit)
        ],
        current_units=[unit_ref(u) for u in current_units],
        needs_choice=len(current_units) != 1,
    )


@router.get("", response=AdminUnitPage, summary="Tìm đơn vị hành chính")
def admin_unit_list(request: HttpRequest, query: Query[UnitListQuery]) -> AdminUnitPage:
    qs = unit_selectors.admin_unit_search(
        q=query.q,
        level=query.level,
        parent_code=query.parent,
        on=query.on,
        include_history=query.history,
    )
    count = qs.count()
    items = list(qs[query.offset : query.offset + query.limit])
    return AdminUnitPage(
        count=count, limit=query.limit, offset=query.offset, items=[unit_out(u) for u in items]
    )


@router.get("/{code}", response=AdminUnitDetailOut, summary="Đơn vị mang mã này vào một ngày")
def admin_unit_detail(request: HttpRequest, code: str, query: Query[OnQuery]) -> AdminUnitDetailOut:
    unit = unit_selectors.admin_unit_on(code=code, on=query.on)
    return unit_detail_out(unit)


@router.get(
    "/{code}/resolution",
    response=ResolutionOut,
    summary="Đơn vị hiện hành ứng với mã của một hồ sơ cũ",
)
def admin_unit_resolution(
    request: HttpRequest, code: str, query: Query[ResolutionQuery]
) -> ResolutionOut:
    resolution = unit_selectors.admin_unit_resolve(code=code, on=query.on, as_of=query.as_of)
    return ResolutionOut(
        unit=unit_ref(resolution.unit),
        current=unit_ref(resolution.current) if resolution.current is not None else None,
        candidates=[unit_ref(u) for u in resolution.candidates],
        needs_choice=resolution.needs_choice,
        as_of=resolution.as_of,
    )


@router.patch(
    "/{code}",
    response=AdminUnitDetailOut,
    summary="Đánh dấu vùng sâu, vùng xa (quản trị viên)",
)
def admin_unit_update(
    request: HttpRequest, code: str, payload: RemoteIn, query: Query[OnQuery]
) -> AdminUnitDetailOut:
    unit = unit_selectors.admin_unit_on(code=code, on=query.on)
    unit = admin_unit_set_remote(actor=api_user(request), unit=unit, remote=payload.remote)
    return unit_detail_out(unit)
