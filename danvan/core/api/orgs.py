"""/api/v1/organizations: the organisations the caller may see, and one of them.

Authentication is the API-wide default; the list and the lookups are scoped to the caller
(`danvan.core.selectors.scope`): an organisation outside the scope answers 404.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.models import Organization
from danvan.core.selectors import orgs as org_selectors

router = Router(tags=["organizations"])

MAX_LIMIT = 500


class OrgAreaOut(Schema):
    id: int
    code: str
    full_name: str
    level: str
    current: bool


class OrgRef(Schema):
    code: str
    name: str
    level: str


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    level: Literal["national", "province", "commune"]
    area: OrgAreaOut | None
    parent: OrgRef | None
    is_active: bool


class OrganizationDetailOut(OrganizationOut):
    ancestors: list[OrgRef]
    children: list[OrgRef]


class OrganizationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrganizationOut]


class OrgListQuery(Schema):
    q: str = Field("", max_length=100, description="Tên (không dấu cũng được) hoặc mã")
    kind: str | None = Field(None, max_length=20, description="Loại: ubnd, mttq, thanh_tra, ...")
    level: Literal["national", "province", "commune"] | None = None
    area: str | None = Field(None, max_length=10, description="Mã địa bàn (tỉnh: gồm cả các xã)")
    parent: str | None = Field(None, max_length=40, description="Mã cơ quan cấp trên")
    inactive: bool = Field(False, description="Gồm cả cơ quan đã ngừng hoạt động")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def _ref(org: Organization) -> OrgRef:
    return OrgRef(code=org.code, name=org.name, level=org.level)


def org_out(org: Organization) -> OrganizationOut:
    area = org.area
    return OrganizationOut(
        id=org.pk,
        code=org.code,
        name=org.name,
        short_name=org.short_name,
        kind=org.kind,
        kind_label=str(org.get_kind_display()),
        level=org.level,  # type: ignore[arg-type]
        area=OrgAreaOut(
            id=area.pk,
            code=area.code,
            full_name=area.full_name,
            level=area.level,
            current=area.is_current,
        )
        if area is not None
        else None,
        parent=_ref(org.parent) if org.parent is not None else None,
        is_active=org.is_active,
    )


@router.get("", response=OrganizationPage, summary="Danh sách cơ quan, đơn vị")
def organization_list(request: HttpRequest, query: Query[OrgListQuery]) -> OrganizationPage:
    qs = org_selectors.organization_list(
        user=api_user(request),
        q=query.q,
        kind=query.kind,
        level=query.level,
        area_code=query.area,
        parent_code=query.parent,
        include_inactive=query.inactive,
    )
    count = qs.count()
    items = list(qs[query.offset : query.offset + query.limit])
    return OrganizationPage(
        count=count, limit=query.limit, offset=query.offset, items=[org_out(o) for o in items]
    )


@router.get("/{code}", response=OrganizationDetailOut, summary="Một cơ quan, đơn vị")
def organization_detail(request: HttpRequest, code: str) -> OrganizationDetailOut:
    user = api_user(request)
    org = org_selectors.organization_get(user=user, code=code)
    return OrganizationDetailOut(
        **org_out(org).dict(),
        ancestors=[_ref(a) for a in org_selectors.organization_ancestors(org)],
        children=[_ref(c) for c in org_selectors.organization_children(user=user, org=org)],
    )
