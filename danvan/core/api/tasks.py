"""/api/v1/tasks: the tasks in the caller's scope, one task, and progress / completion /
cancellation.

Same rows, order, filters and traffic light as the page `/nhiem-vu/`
(`danvan.core.selectors.tasks`); a task outside the scope answers 404. Writes go through
`danvan.core.services.tasks` and carry `expected_version`: a stale one answers 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from danvan.core.api.auth import api_user
from danvan.core.api.common import MAX_ID
from danvan.core.models import Task, TaskStatus
from danvan.core.selectors.tasks import (
    Q_MAX,
    TaskFilters,
    TaskRow,
    task_detail_row,
    task_get,
    task_page,
)
from danvan.core.services.tasks import (
    can_write_task,
    task_cancel,
    task_complete,
    task_update_progress,
)

router = Router(tags=["tasks"])

MAX_VERSION = 2_147_483_647
NOTE_MAX = 2000


class TaskOrgOut(Schema):
    id: int
    code: str
    name: str


class TaskPersonOut(Schema):
    id: int
    username: str
    full_name: str


class TaskOut(Schema):
    id: int
    title: str
    description: str
    organization: TaskOrgOut
    assignee: TaskPersonOut | None
    due: dt.date
    status: Literal["open", "in_progress", "done", "cancelled"]
    status_label: str
    progress: int = Field(description="Tiến độ, 0–100 (%)")
    completed_on: dt.date | None
    target_type: str
    target_id: int | None
    target_label: str
    target_url: str = Field(description="Trang của hồ sơ liên quan, nếu phân hệ của nó có trang")
    days_left: int | None = Field(description="Số ngày (lịch) còn lại; âm khi đã quá hạn")
    rag: Literal["red", "amber", "green", ""] = Field(
        description="Mức cảnh báo như trang Hạn xử lý; rỗng khi đã hoàn thành hoặc đã hủy"
    )
    version: int
    can_write: bool = Field(description="Người gọi có được cập nhật nhiệm vụ này không")


class TaskPage(Schema):
    items: list[TaskOut]
    count: int
    page: int
    page_size: int


class TaskQuery(Schema):
    who: Literal["", "me", "orgs"] = Field(
        "", description="me: việc giao cho tôi; orgs: việc của các cơ quan tôi có vai trò"
    )
    status: Literal["", "active", "open", "in_progress", "done", "cancelled"] = Field(
        "", description="active: chưa bắt đầu hoặc đang thực hiện"
    )
    overdue: bool = Field(False, description="Chỉ việc chưa xong đã quá hạn")
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = Field("", max_length=Q_MAX, description="Các từ trong tên việc")
    page: int = Field(1, ge=1, le=1_000_000)


class ProgressIn(Schema):
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=NOTE_MAX)
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)


class CompleteIn(Schema):
    note: str = Field("", max_length=NOTE_MAX)
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=NOTE_MAX)
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)


def task_out(row: TaskRow, *, user: object) -> TaskOut:
    t = row.task
    assignee = t.assignee
    return TaskOut(
        id=t.pk,
        title=t.title,
        description=t.description,
        organization=TaskOrgOut(
            id=t.organization.pk, code=t.organization.code, name=t.organization.name
        ),
        assignee=TaskPersonOut(
            id=assignee.pk, username=assignee.get_username(), full_name=assignee.full_name
        )
        if assignee is not None
        else None,
        due=t.due,
        status=t.status,  # type: ignore[arg-type]
        status_label=str(TaskStatus(t.status).label),
        progress=t.progress,
        completed_on=t.completed_on,
        target_type=t.target_type,
        target_id=t.target_id,
        target_label=t.target_label,
        target_url=row.target_url,
        days_left=row.days_left,
        rag=row.rag,  # type: ignore[arg-type]
        version=t.version,
        can_write=can_write_task(user, t.organization_id),
    )


@router.get("", response=TaskPage, summary="Danh sách nhiệm vụ")
def task_list(request: HttpRequest, query: Query[TaskQuery]) -> TaskPage:
    """Tasks the caller may see, unfinished first, each by due date.

    `page` past the last page answers the last page.
    """
    user = api_user(request)
    filters = TaskFilters(
        who=query.who,
        status=query.status,
        overdue=query.overdue,
        due_from=query.due_from,
        due_to=query.due_to,
        q=query.q,
    )
    page = task_page(user=user, filters=filters, page=query.page)
    return TaskPage(
        items=[task_out(row, user=user) for row in page.rows],
        count=page.count,
        page=page.number,
        page_size=page.page_size,
    )


def _out(task: Task, user: object) -> TaskOut:
    return task_out(task_detail_row(task), user=user)


@router.get("/{id}", response=TaskOut, summary="Một nhiệm vụ")
def task_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> TaskOut:
    user = api_user(request)
    return _out(task_get(user=user, pk=id), user)


@router.post("/{id}/progress", response=TaskOut, summary="Cập nhật tiến độ nhiệm vụ")
def task_progress(
    request: HttpRequest, payload: ProgressIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> TaskOut:
    user = api_user(request)
    task = task_update_progress(
        task=task_get(user=user, pk=id),
        actor=user,
        progress=payload.progress,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return _out(task, user)


@router.post("/{id}/complete", response=TaskOut, summary="Hoàn thành nhiệm vụ")
def task_complete_endpoint(
    request: HttpRequest, payload: CompleteIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> TaskOut:
    user = api_user(request)
    task = task_complete(
        task=task_get(user=user, pk=id),
        actor=user,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return _out(task, user)


@router.post("/{id}/cancel", response=TaskOut, summary="Hủy nhiệm vụ")
def task_cancel_endpoint(
    request: HttpRequest, payload: CancelIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> TaskOut:
    user = api_user(request)
    task = task_cancel(
        task=task_get(user=user, pk=id),
        actor=user,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return _out(task, user)
