"""/api/v1/monitoring/dashboard: the figures of the monitoring dashboard and map.

- Authentication is the API-wide default (bearer token or the browser session).
- Every figure is scoped to the caller exactly as the pages are
  (`monitoring.selectors.dashboard`): issue reports of the organisations the caller may read or
  escalated to them, alerts addressed to them or to the area's leading organisation.
- Units are those in force today; a record on an older unit counts where that unit went.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.api.common import ERRORS
from danvan.core.errors import NotFound
from danvan.monitoring import geo
from danvan.monitoring.selectors import dashboard as selectors

router = Router()


class SummaryOut(Schema):
    open_reports: int = Field(description="Vấn đề đang mở")
    open_alerts: int = Field(description="Cảnh báo chưa đóng")
    sensitive: int = Field(description="Vấn đề đang mở liên quan dân tộc, tôn giáo, an ninh")
    severity_4: int = Field(description="Vấn đề đang mở mức 4 (nghiêm trọng)")


class UnitCountOut(Schema):
    code: str
    name: str
    open_reports: int
    open_alerts: int


class CountsOut(Schema):
    open_reports: int
    open_alerts: int


class ProvinceCommunesOut(Schema):
    province: UnitCountOut
    has_geometry: bool = Field(description="Có ranh giới các xã để vẽ bản đồ")
    communes: list[UnitCountOut]
    unplaced: CountsOut = Field(description="Ghi nhận cấp tỉnh hoặc chưa xác định được xã")


class TopicTrendOut(Schema):
    code: str
    label: str
    reports: list[int] = Field(description="Vấn đề bức xúc ghi nhận mỗi tháng")
    petitions: list[int] = Field(description="Đơn thư tiếp nhận mỗi tháng (đơn trùng tính một lần)")


class TrendsOut(Schema):
    months: list[dt.date] = Field(description="Ngày đầu mỗi tháng, tháng hiện tại sau cùng")
    topics: list[TopicTrendOut]


class TrendsQuery(Schema):
    months: int = Field(12, ge=1, le=selectors.MAX_MONTHS, description="Số tháng gần nhất")
    province: str | None = Field(
        None, pattern=r"^\d{2}$", description="Mã tỉnh (2 chữ số); bỏ trống: toàn bộ phạm vi"
    )


def _count_out(count: selectors.UnitCount) -> dict[str, Any]:
    return {
        "code": count.code,
        "name": count.name,
        "open_reports": count.open_reports,
        "open_alerts": count.open_alerts,
    }


@router.get("/summary", response={200: SummaryOut, **ERRORS}, summary="Số liệu chính")
def dashboard_summary(request: HttpRequest) -> Any:
    kpis = selectors.dashboard_kpis(user=api_user(request))
    return {
        "open_reports": kpis.open_reports,
        "open_alerts": kpis.open_alerts,
        "sensitive": kpis.sensitive,
        "severity_4": kpis.severity_4,
    }


@router.get(
    "/provinces",
    response={200: list[UnitCountOut], **ERRORS},
    summary="Vấn đề đang mở và cảnh báo theo tỉnh",
)
def dashboard_provinces(request: HttpRequest) -> Any:
    counts = selectors.dashboard_province_counts(user=api_user(request))
    return [_count_out(c) for c in sorted(counts.values(), key=lambda c: c.code)]


@router.get(
    "/provinces/{code}/communes",
    response={200: ProvinceCommunesOut, **ERRORS},
    summary="Vấn đề đang mở và cảnh báo theo xã của một tỉnh",
)
def dashboard_communes(
    request: HttpRequest,
    code: str = Path(..., pattern=r"^\d{2}$", description="Mã tỉnh (2 chữ số)"),
) -> Any:
    user = api_user(request)
    name = selectors.province_name(code)
    if name is None:
        layer = geo.provinces_layer()
        feature = layer.get(code) if layer is not None else None
        if feature is None:
            raise NotFound(_("Không có tỉnh, thành phố với mã này."))
        name = feature.name
    counts = selectors.dashboard_commune_counts(user=user, province_code=code)
    communes = [_count_out(c) for c in sorted(counts.communes.values(), key=lambda c: c.code)]
    return {
        "province": {
            "code": code,
            "name": name,
            "open_reports": sum(c["open_reports"] for c in communes) + counts.unplaced.open_reports,
            "open_alerts": sum(c["open_alerts"] for c in communes) + counts.unplaced.open_alerts,
        },
        "has_geometry": geo.has_commune_geometry(code),
        "communes": communes,
        "unplaced": {
            "open_reports": counts.unplaced.open_reports,
            "open_alerts": counts.unplaced.open_alerts,
        },
    }


@router.get(
    "/trends",
    response={200: TrendsOut, **ERRORS},
    summary="Vấn đề và đơn thư theo lĩnh vực, từng tháng",
)
def dashboard_trends(request: HttpRequest, query: Query[TrendsQuery]) -> Any:
    trends = selectors.dashboard_trends(
        user=api_user(request), months=query.months, province_code=query.province
    )
    return {
        "months": trends.months,
        "topics": [
            {"code": t.code, "label": t.label, "reports": t.reports, "petitions": t.petitions}
            for t in trends.topics
        ],
    }
