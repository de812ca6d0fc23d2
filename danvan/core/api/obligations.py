"""/api/v1/obligations: the overdue board as JSON (the live obligations in the caller's scope).

Same rows, order, filters and traffic light as the page `/han-xu-ly/`
(`danvan.core.selectors.obligations.obligation_board`); 50 rows per page.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.selectors.obligations import BoardFilters, BoardRow, obligation_board

router = Router(tags=["obligations"])


class ObligationOrgOut(Schema):
    id: int
    code: str
    name: str


class ObligationPersonOut(Schema):
    id: int
    username: str
    full_name: str


class ObligationAreaOut(Schema):
    id: int
    code: str
    full_name: str


class ObligationOut(Schema):
    id: int
    key: str
    kind: str
    kind_label: str
    title: str
    rule_id: str
    explanation: list[str]
    target_type: str
    target_id: int
    target_label: str
    target_status: str
    target_url: str = Field(description="Trang của hồ sơ, nếu phân hệ của nó có trang")
    topic: str
    organization: ObligationOrgOut
    assignee: ObligationPersonOut | None
    area: ObligationAreaOut | None
    started_on: dt.date
    due: dt.date | None
    status: Literal["open", "paused"]
    days_left: int | None = Field(description="Số ngày (lịch) còn lại; âm khi đã quá hạn")
    rag: Literal["red", "amber", "green", "paused"]


class ObligationPage(Schema):
    items: list[ObligationOut]
    count: int
    page: int
    page_size: int


class ObligationQuery(Schema):
    kind: str = Field("", max_length=60, description="Loại nghĩa vụ, ví dụ petition.resolve, task")
    topic: str = Field("", max_length=40, description="Mã lĩnh vực")
    status: str = Field("", max_length=30, description="Trạng thái của hồ sơ, ví dụ accepted")
    area: str = Field("", max_length=10, description="Mã địa bàn (gồm cả các đơn vị cấp dưới)")
    assignee: str = Field(
        "", max_length=20, description="Mã số người được giao, `me` (tôi) hoặc `none` (chưa giao)"
    )
    organization: str = Field("", max_length=40, description="Mã cơ quan chịu trách nhiệm")
    rag: Literal["", "red", "amber", "green"] = Field(
        "", description="red: quá hạn; amber: đến hạn trong 3 ngày làm việc; green: còn hạn"
    )
    page: int = Field(1, ge=1, le=1_000_000)


def obligation_out(row: BoardRow) -> ObligationOut:
    o = row.obligation
    assignee = o.assignee
    area = o.area
    return ObligationOut(
        id=o.pk,
        key=o.key,
        kind=o.kind,
        kind_label=row.kind_label,
        title=o.title,
        rule_id=o.rule_id,
        explanation=[str(line) for line in (o.explanation or [])],
        target_type=o.target_type,
        target_id=o.target_id,
        target_label=o.target_label,
        target_status=o.target_status,
        target_url=row.target_url,
        topic=o.topic,
        organization=ObligationOrgOut(
            id=o.organization.pk, code=o.organization.code, name=o.organization.name
        ),
        assignee=ObligationPersonOut(
            id=assignee.pk, username=assignee.get_username(), full_name=assignee.full_name
        )
        if assignee is not None
        else None,
        area=ObligationAreaOut(id=area.pk, code=area.code, full_name=area.full_name)
        if area is not None
        else None,
        started_on=o.started_on,
        due=o.due,
        status=o.status,  # type: ignore[arg-type]
        days_left=row.days_left,
        rag=row.rag,  # type: ignore[arg-type]
    )


@router.get("", response=ObligationPage, summary="Việc có thời hạn đang chờ xử lý")
def obligation_list(request: HttpRequest, query: Query[ObligationQuery]) -> ObligationPage:
    """Open and paused obligations the caller may see, most urgent first (paused ones last).

    `page` past the last page answers the last page.
    """
    filters = BoardFilters(
        kind=query.kind,
        topic=query.topic,
        target_status=query.status,
        area=query.area,
        assignee=query.assignee,
        organization=query.organization,
        rag=query.rag,
    )
    board = obligation_board(user=api_user(request), filters=filters, page=query.page)
    return ObligationPage(
        items=[obligation_out(row) for row in board.rows],
        count=board.count,
        page=board.number,
        page_size=board.page_size,
    )
