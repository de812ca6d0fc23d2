"""/api/v1/tasks: the tasks in the caller's scope, one task, giving and changing a task (with
its supporting units), progress (JSON, or multipart with evidence files), a supporting unit's
report, completion, cancellation, the progress history; recurring tasks (`/series`); the
scoreboard of units (`/scoreboard`).

Same rows, order, filters and traffic light as the page `/nhiem-vu/`
(`danvan.core.selectors.tasks`); a task outside the scope answers 404. Writes go through
`danvan.core.services.tasks` and carry `expected_version`: a stale one answers 409.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from danvan.core.api.auth import api_user
from danvan.core.api.common import MAX_ID, organization_id_for
from danvan.core.errors import ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import (
    Organization,
    Task,
    TaskProgressUpdate,
    TaskSeries,
    TaskStatus,
    User,
)
from danvan.core.selectors.scoreboard import (
    OUTCOMES,
    score_period,
    scoreboard_root,
    task_scoreboard,
)
from danvan.core.selectors.tasks import (
    Q_MAX,
    TaskFilters,
    TaskRow,
    task_detail_row,
    task_get,
    task_page,
    task_series_get,
    task_series_list,
    task_series_occurrences,
    task_support_candidates,
    task_updates,
)
from danvan.core.services.task_series import (
    task_series_create,
    task_series_stop,
    task_series_update,
)
from danvan.core.services.tasks import (
    UNSET,
    can_report_support,
    can_write_task,
    task_cancel,
    task_complete,
    task_create,
    task_support_progress,
    task_update,
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


class TaskSupportOut(Schema):
    organization: TaskOrgOut
    duty: str
    progress: int = Field(description="Tiến độ phần việc của đơn vị phối hợp, 0–100 (%)")


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
    supporting: list[TaskSupportOut] = Field(description="Đơn vị phối hợp và phần việc")
    can_report_support: bool = Field(
        description="Người gọi có báo cáo được phần việc của một đơn vị phối hợp không"
    )
    series_id: int | None = Field(description="Nhiệm vụ định kỳ sinh ra việc này, nếu có")
    period_label: str = Field(description="Kỳ của việc định kỳ, ví dụ «Tháng 11/2026»")


class TaskPage(Schema):
    items: list[TaskOut]
    count: int
    page: int
    page_size: int


class TaskQuery(Schema):
    who: Literal["", "me", "orgs", "support"] = Field(
        "",
        description="me: việc giao cho tôi; orgs: việc của các cơ quan tôi có vai trò; "
        "support: việc mà cơ quan tôi là đơn vị phối hợp",
    )
    status: Literal["", "active", "open", "in_progress", "done", "cancelled"] = Field(
        "", description="active: chưa bắt đầu hoặc đang thực hiện"
    )
    overdue: bool = Field(False, description="Chỉ việc chưa xong đã quá hạn")
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = Field("", max_length=Q_MAX, description="Các từ trong tên việc")
    lead: int | None = Field(None, ge=1, le=MAX_ID, description="Id đơn vị chủ trì")
    under: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id một đơn vị: việc của đơn vị đó và cấp dưới"
    )
    outcome: Literal["", "counted", "on_time", "late", "pending", "overdue", "missed"] = Field(
        "", description="Nhóm việc như bảng theo dõi đơn vị (/tasks/scoreboard)"
    )
    series: int | None = Field(None, ge=1, le=MAX_ID, description="Id nhiệm vụ định kỳ")
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
        supporting=[
            TaskSupportOut(
                organization=TaskOrgOut(
                    id=s.organization.pk, code=s.organization.code, name=s.organization.name
                ),
                duty=s.duty,
                progress=s.progress,
            )
            for s in t.supports.all()
        ],
        can_report_support=bool(can_report_support(user, t)),
        series_id=t.series_id,
        period_label=t.period_label,
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
        lead=query.lead,
        under=query.under,
        outcome=query.outcome,
        series=query.series,
    )
    page = task_page(user=user, filters=filters, page=query.page)
    prefetch_related_objects([r.task for r in page.rows], "supports__organization")
    return TaskPage(
        items=[task_out(row, user=user) for row in page.rows],
        count=page.count,
        page=page.number,
        page_size=page.page_size,
    )


def _out(task: Task, user: object) -> TaskOut:
    prefetch_related_objects([task], "supports__organization")
    return task_out(task_detail_row(task), user=user)


# --- Giving a task ----------------------------------------------------------------------------


class SupportIn(Schema):
    organization_code: str = Field(..., min_length=1, max_length=40)
    duty: str = Field("", max_length=300)


class TaskIn(Schema):
    title: str = Field(..., max_length=300)
    organization_code: str = Field(..., min_length=1, max_length=40, description="Đơn vị chủ trì")
    due: dt.date
    assignee_id: int | None = Field(None, ge=1, le=MAX_ID)
    description: str = Field("", max_length=10_000)
    supporting: list[SupportIn] = Field(default_factory=list, max_length=30)


def _org(user: Any, code: str, field: str) -> Organization:
    org_id = organization_id_for(user, code, field)
    if org_id is None:
        message = _("Nhập mã cơ quan.")
        raise ValidationFailed(message, fields={field: message})
    return Organization.objects.get(pk=org_id)


def _supports(
    user: Any, items: list[SupportIn], keep: Iterable[int] = ()
) -> list[tuple[Organization, str]]:
    """Supporting units by code, among those the caller may name (`task_support_candidates`)
    or, when editing, those the task or series already has (`keep`)."""
    codes = [s.organization_code for s in items]
    candidates = task_support_candidates(user, keep=keep)
    found = {o.code: o for o in candidates.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        message = _("Không có đơn vị phối hợp với mã: %(codes)s.") % {"codes": ", ".join(missing)}
        raise ValidationFailed(message, fields={"supporting": message})
    return [(found[s.organization_code], s.duty) for s in items]


def _person(assignee_id: int | None) -> User | None:
    if assignee_id is None:
        return None
    person = User.objects.filter(pk=assignee_id).first()
    if person is None:
        message = _("Không có người dùng với mã này.")
        raise ValidationFailed(message, fields={"assignee_id": message})
    return person


@router.post("", response={201: TaskOut}, summary="Giao nhiệm vụ")
def task_create_endpoint(request: HttpRequest, payload: TaskIn) -> Status:
    """Give a task to a unit the caller may write for, with its supporting units."""
    user = api_user(request)
    task = task_create(
        actor=user,
        title=payload.title,
        organization=_org(user, payload.organization_code, "organization_code"),
        due=payload.due,
        assignee=_person(payload.assignee_id),
        description=payload.description,
        supporting=_supports(user, payload.supporting),
    )
    return Status(201, _out(task_get(user=user, pk=task.pk), user))


# --- Scoreboard -------------------------------------------------------------------------------


class ScoreQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Mặc định: năm nay")
    quarter: int | None = Field(None, ge=1, le=4)
    month: int | None = Field(None, ge=1, le=12)
    root: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id một đơn vị: chỉ đơn vị đó và cấp dưới"
    )


class ScoreRowOut(Schema):
    organization: TaskOrgOut | None = Field(description="Rỗng ở dòng tổng cộng")
    counted: int = Field(description="Việc có hạn trong kỳ (không tính việc đã hủy)")
    on_time: int
    late: int
    pending: int
    overdue: int = Field(description="Chậm: chưa xong, quá hạn chưa quá ngưỡng «sót»")
    missed: int = Field(description="Sót, quên")
    on_time_rate: float | None = Field(
        description="Tỷ lệ đúng hạn (0–1); rỗng khi chưa có việc đến hạn"
    )


class ScoreboardOut(Schema):
    period_label: str
    period_start: dt.date
    period_end: dt.date
    today: dt.date
    missed_after_days: int
    rows: list[ScoreRowOut]
    totals: ScoreRowOut


def _score_row(row: Any) -> ScoreRowOut:
    org = (
        TaskOrgOut(id=row.organization_id, code=row.code, name=row.name)
        if row.organization_id is not None
        else None
    )
    return ScoreRowOut(
        organization=org,
        counted=row.total,
        on_time_rate=row.on_time_rate,
        **{k: row.counts.get(k, 0) for k in OUTCOMES},
    )


@router.get("/scoreboard", response=ScoreboardOut, summary="Chậm việc, sót việc theo đơn vị")
def task_scoreboard_endpoint(request: HttpRequest, query: Query[ScoreQuery]) -> ScoreboardOut:
    """Per lead unit, its tasks due in the period by class today, worst first (docs/tasks.md)."""
    user = api_user(request)
    period = score_period(year=query.year, quarter=query.quarter, month=query.month)
    root = scoreboard_root(user=user, root_id=query.root)
    board = task_scoreboard(user=user, period=period, root=root)
    return ScoreboardOut(
        period_label=board.period.label,
        period_start=board.period.start,
        period_end=board.period.end,
        today=board.today,
        missed_after_days=board.missed_after_days,
        rows=[_score_row(r) for r in board.rows],
        totals=_score_row(board.totals),
    )


# --- Recurring tasks --------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    title: str
    description: str
    organization: TaskOrgOut
    assignee_id: int | None
    recurrence: Literal["monthly", "quarterly", "half_yearly", "yearly"]
    starts_on: dt.date
    until: dt.date | None
    due_rule: Literal["after_end", "next_month_day"]
    due_offset_days: int
    due_day: int | None
    status: Literal["active", "stopped"]
    stopped_on: dt.date | None
    supporting: list[TaskSupportOut]
    version: int


class OccurrenceOut(Schema):
    id: int
    period_start: dt.date | None
    period_label: str
    due: dt.date
    status: str
    completed_on: dt.date | None


class SeriesDetailOut(SeriesOut):
    occurrences: list[OccurrenceOut]


class SeriesIn(Schema):
    title: str = Field(..., max_length=260)
    organization_code: str = Field(..., min_length=1, max_length=40)
    recurrence: Literal["monthly", "quarterly", "half_yearly", "yearly"]
    starts_on: dt.date = Field(description="Một ngày bất kỳ của kỳ đầu tiên")
    until: dt.date | None = None
    due_rule: Literal["after_end", "next_month_day"] = "after_end"
    due_offset_days: int = Field(5, ge=0, le=180)
    due_day: int | None = Field(None, ge=1, le=28)
    assignee_id: int | None = Field(None, ge=1, le=MAX_ID)
    description: str = Field("", max_length=10_000)
    supporting: list[SupportIn] = Field(default_factory=list, max_length=30)


class SeriesPatchIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)
    title: str | None = Field(None, max_length=260)
    description: str | None = Field(None, max_length=10_000)
    until: dt.date | None = None
    clear_until: bool = False
    due_rule: Literal["after_end", "next_month_day"] | None = None
    due_offset_days: int | None = Field(None, ge=0, le=180)
    due_day: int | None = Field(None, ge=1, le=28)
    supporting: list[SupportIn] | None = None


class SeriesStopIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)
    reason: str = Field("", max_length=NOTE_MAX)


def _series_out(series: TaskSeries, *, detail: bool = False) -> SeriesOut:
    supports = [
        TaskSupportOut(
            organization=TaskOrgOut(
                id=s.organization.pk, code=s.organization.code, name=s.organization.name
            ),
            duty=s.duty,
            progress=0,
        )
        for s in series.supports.select_related("organization")
    ]
    values: dict[str, Any] = {
        "id": series.pk,
        "title": series.title,
        "description": series.description,
        "organization": TaskOrgOut(
            id=series.organization.pk, code=series.organization.code, name=series.organization.name
        ),
        "assignee_id": series.assignee_id,
        "recurrence": series.recurrence,
        "starts_on": series.starts_on,
        "until": series.until,
        "due_rule": series.due_rule,
        "due_offset_days": series.due_offset_days,
        "due_day": series.due_day,
        "status": series.status,
        "stopped_on": series.stopped_on,
        "supporting": supports,
        "version": series.version,
    }
    if not detail:
        return SeriesOut(**values)
    occurrences = [
        OccurrenceOut(
            id=t.pk,
            period_start=t.period_start,
            period_label=t.period_label,
            due=t.due,
            status=t.status,
            completed_on=t.completed_on,
        )
        for t in task_series_occurrences(series)
    ]
    return SeriesDetailOut(**values, occurrences=occurrences)


@router.get("/series", response=list[SeriesOut], summary="Nhiệm vụ định kỳ")
def task_series_list_endpoint(request: HttpRequest) -> list[SeriesOut]:
    user = api_user(request)
    return [_series_out(s) for s in task_series_list(user=user)[:500]]


@router.post("/series", response={201: SeriesDetailOut}, summary="Tạo nhiệm vụ định kỳ")
def task_series_create_endpoint(request: HttpRequest, payload: SeriesIn) -> Status:
    """Create a recurring task; the occurrences due so far are given at once."""
    user = api_user(request)
    series = task_series_create(
        actor=user,
        title=payload.title,
        organization=_org(user, payload.organization_code, "organization_code"),
        recurrence=payload.recurrence,
        starts_on=payload.starts_on,
        until=payload.until,
        due_rule=payload.due_rule,
        due_offset_days=payload.due_offset_days,
        due_day=payload.due_day,
        assignee=_person(payload.assignee_id),
        description=payload.description,
        supporting=_supports(user, payload.supporting),
    )
    return Status(201, _series_out(task_series_get(user=user, pk=series.pk), detail=True))


@router.get("/series/{id}", response=SeriesDetailOut, summary="Một nhiệm vụ định kỳ")
def task_series_detail_endpoint(
    request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)
) -> SeriesOut:
    user = api_user(request)
    return _series_out(task_series_get(user=user, pk=id), detail=True)


@router.patch("/series/{id}", response=SeriesDetailOut, summary="Sửa nhiệm vụ định kỳ")
def task_series_update_endpoint(
    request: HttpRequest, payload: SeriesPatchIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> SeriesOut:
    """Changes apply to the occurrences given from now on."""
    user = api_user(request)
    until: Any = UNSET
    if payload.clear_until:
        until = None
    elif payload.until is not None:
        until = payload.until
    series = task_series_get(user=user, pk=id)
    supporting: Any = UNSET
    if payload.supporting is not None:
        kept = series.supports.values_list("organization_id", flat=True)
        supporting = _supports(user, payload.supporting, keep=kept)
    series = task_series_update(
        series=series,
        actor=user,
        expected_version=payload.expected_version,
        title=payload.title,
        description=payload.description,
        until=until,
        due_rule=payload.due_rule,
        due_offset_days=payload.due_offset_days,
        due_day=payload.due_day,
        supporting=supporting,
    )
    return _series_out(series, detail=True)


@router.post("/series/{id}/stop", response=SeriesDetailOut, summary="Dừng nhiệm vụ định kỳ")
def task_series_stop_endpoint(
    request: HttpRequest, payload: SeriesStopIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> SeriesOut:
    user = api_user(request)
    series = task_series_stop(
        series=task_series_get(user=user, pk=id),
        actor=user,
        expected_version=payload.expected_version,
        reason=payload.reason,
    )
    return _series_out(series, detail=True)


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


class TaskPatchIn(Schema):
    expected_version: int = Field(..., ge=1, le=MAX_VERSION)
    title: str | None = Field(None, max_length=300)
    due: dt.date | None = None
    description: str | None = Field(None, max_length=10_000)
    assignee_id: int | None = Field(None, ge=1, le=MAX_ID)
    clear_assignee: bool = False
    supporting: list[SupportIn] | None = Field(
        None, description="Thay toàn bộ danh sách đơn vị phối hợp (bỏ trống: giữ nguyên)"
    )


@router.patch("/{id}", response=TaskOut, summary="Sửa nhiệm vụ")
def task_update_endpoint(
    request: HttpRequest, payload: TaskPatchIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> TaskOut:
    user = api_user(request)
    assignee: Any = UNSET
    if payload.clear_assignee:
        assignee = None
    elif payload.assignee_id is not None:
        assignee = _person(payload.assignee_id)
    task = task_get(user=user, pk=id)
    supporting: Any = UNSET
    if payload.supporting is not None:
        kept = task.supports.values_list("organization_id", flat=True)
        supporting = _supports(user, payload.supporting, keep=kept)
    task = task_update(
        task=task,
        actor=user,
        expected_version=payload.expected_version,
        title=payload.title,
        due=payload.due,
        description=payload.description,
        assignee=assignee,
        supporting=supporting,
    )
    return _out(task, user)


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    url: str = Field(description="Tải về (trang web, cần đăng nhập)")


class UpdateOut(Schema):
    id: int
    organization: TaskOrgOut
    is_lead: bool = Field(description="Báo cáo của đơn vị chủ trì (sai: của đơn vị phối hợp)")
    percent: int
    note: str
    reported_by: TaskPersonOut | None
    on: dt.date
    at: dt.datetime
    evidence: list[EvidenceOut]


def _update_out(u: TaskProgressUpdate) -> UpdateOut:
    from django.urls import reverse

    reporter = u.reported_by
    return UpdateOut(
        id=u.pk,
        organization=TaskOrgOut(
            id=u.organization.pk, code=u.organization.code, name=u.organization.name
        ),
        is_lead=u.is_lead,
        percent=u.percent,
        note=u.note,
        reported_by=TaskPersonOut(
            id=reporter.pk, username=reporter.get_username(), full_name=reporter.full_name
        )
        if reporter is not None
        else None,
        on=u.on,
        at=u.at,
        evidence=[
            EvidenceOut(
                id=e.pk,
                name=e.original_name,
                content_type=e.content_type,
                size=e.size,
                sha256=e.sha256,
                url=reverse("core:task_evidence", args=[u.task_id, e.pk]),
            )
            for e in u.evidence.all()
        ],
    )


@router.get("/{id}/updates", response=list[UpdateOut], summary="Các lần báo cáo tiến độ")
def task_updates_endpoint(
    request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)
) -> list[UpdateOut]:
    """Newest first; lead and supporting units' reports, each with its evidence files."""
    user = api_user(request)
    return [_update_out(u) for u in task_updates(task_get(user=user, pk=id))]


class SupportProgressIn(Schema):
    progress: int = Field(..., ge=0, le=100)
    note: str = Field("", max_length=NOTE_MAX)
    organization_code: str | None = Field(
        None,
        max_length=40,
        description="Đơn vị phối hợp báo cáo (khi người gọi thuộc nhiều đơn vị)",
    )


@router.post(
    "/{id}/support-progress", response=UpdateOut, summary="Đơn vị phối hợp báo cáo phần việc"
)
def task_support_progress_endpoint(
    request: HttpRequest, payload: SupportProgressIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> UpdateOut:
    user = api_user(request)
    org = (
        organization_id_for(user, payload.organization_code, "organization_code")
        if payload.organization_code
        else None
    )
    update = task_support_progress(
        task=task_get(user=user, pk=id),
        actor=user,
        progress=payload.progress,
        note=payload.note,
        organization=org,
    )
    return _update_out(update)


@router.post(
    "/{id}/progress-with-evidence",
    response=TaskOut,
    summary="Cập nhật tiến độ kèm minh chứng (multipart)",
)
def task_progress_files_endpoint(
    request: HttpRequest,
    progress: Form[int],
    expected_version: Form[int],
    evidence: File[list[UploadedFile]],
    note: Form[str] = "",
    id: int = Path(..., ge=1, le=MAX_ID),
) -> TaskOut:
    """Multipart form: `progress`, `expected_version`, `note`, files in `evidence`."""
    user = api_user(request)
    task = task_update_progress(
        task=task_get(user=user, pk=id),
        actor=user,
        progress=progress,
        note=note,
        expected_version=expected_version,
        evidence=[UploadedFileInput(name=f.name or "", data=f.read()) for f in evidence],
    )
    return _out(task, user)
