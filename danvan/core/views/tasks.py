"""Task pages: /nhiem-vu/ (the tasks in the user's scope), /nhiem-vu/them/ and
/nhiem-vu/<id>/sua/ (give or change a task, with its supporting units), /nhiem-vu/<id>/ (one
task, its supporting units, its progress reports with evidence, its linked record, its audit
trail, and for those who may write it: progress, completion and cancellation; for the writers
of a supporting unit: a report on their part), the evidence downloads, the recurring tasks
(/nhiem-vu/dinh-ky/) and the scoreboard of units (/nhiem-vu/theo-doi-don-vi/, also as XLSX).

Every action carries the version the page was read at (`expected_version`); a lost race is
answered 409 with the task as it is now and a message saying someone else changed it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from danvan.core.errors import Conflict, DomainError, ValidationFailed
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.forms.tasks import (
    FILTER_NAMES,
    ScoreboardForm,
    TaskCancelForm,
    TaskCompleteForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    TaskProgressForm,
    TaskSeriesForm,
    TaskSeriesStopForm,
    TaskSupportProgressForm,
    apply_error,
    file_inputs,
    support_formset,
)
from danvan.core.models import Task, TaskSeries, TaskSeriesStatus
from danvan.core.selectors.audit import audit_trail_for
from danvan.core.selectors.scoreboard import (
    OUTCOME_LABELS,
    OUTCOMES,
    Scoreboard,
    score_period,
    scoreboard_root,
    task_scoreboard,
)
from danvan.core.selectors.tasks import (
    ACTIVE_STATUSES,
    TaskFilters,
    organizations_for_choice,
    task_detail_row,
    task_evidence_get,
    task_get,
    task_page,
    task_people,
    task_series_get,
    task_series_list,
    task_series_occurrences,
    task_support_candidates,
    task_supports,
    task_updates,
    task_writable_organizations,
)
from danvan.core.services.task_series import task_series_create, task_series_stop
from danvan.core.services.tasks import (
    can_report_support,
    can_write_task,
    task_cancel,
    task_complete,
    task_create,
    task_support_progress,
    task_update,
    task_update_progress,
)
from danvan.core.views.files import stored_file_response
from danvan.text import fold

CONFLICT_MESSAGE = gettext_lazy(
    "Nhiệm vụ vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


# --- The list -------------------------------------------------------------------------------


@login_required
@require_GET
def task_list_view(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.task_filters() if form.is_bound else TaskFilters()
        try:
            page = task_page(user=request.user, filters=filters, page=request.GET.get("page"))
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                form.add_error(name if name in form.fields else None, message)
    params = {k: str(v) for k, v in request.GET.items() if k in FILTER_NAMES and v}
    context: dict[str, Any] = {"form": form, "tasks": page, "querystring": urlencode(params)}
    if getattr(request, "htmx", False):
        context["partial"] = True
        return render(request, "core/tasks/_results.html", context)
    return render(request, "core/tasks/list.html", context)


# --- One task -------------------------------------------------------------------------------


def _page_context(
    request: HttpRequest, task: Task, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_write = can_write_task(user, task.organization_id) and task.status in ACTIVE_STATUSES
    version = {"expected_version": task.version}
    supports = task_supports(task)
    report_for = set(can_report_support(user, task))
    my_supports = [s for s in supports if s.organization_id in report_for]
    context: dict[str, Any] = {
        "task": task,
        "row": task_detail_row(task),
        "audit_entries": audit_trail_for(user=user, target=task),
        "can_write": can_write,
        "open_form": next(iter(bound), ""),
        "supports": supports,
        "updates": task_updates(task),
        "can_report_support": bool(my_supports),
    }
    if my_supports:
        context["support_form"] = bound.get("support") or TaskSupportProgressForm(
            prefix="support",
            supports=my_supports,
            initial={"progress": my_supports[0].progress},
        )
    if can_write:
        context.update(
            progress_form=bound.get("progress")
            or TaskProgressForm(prefix="progress", initial={**version, "progress": task.progress}),
            complete_form=bound.get("complete")
            or TaskCompleteForm(prefix="complete", initial=version),
            cancel_form=bound.get("cancel") or TaskCancelForm(prefix="cancel", initial=version),
        )
    return context


def _render(
    request: HttpRequest,
    task: Task,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    context = _page_context(request, task, bound)
    return render(request, "core/tasks/detail.html", context, status=status)


@login_required
@require_GET
def task_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, task_get(user=request.user, pk=pk))


# --- Actions --------------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form_class: type[forms.Form],
    call: Callable[[Task, dict[str, Any]], Task],
    success: Callable[[Task], str],
) -> HttpResponse:
    """Parse the form, run `call(task, cleaned_data)`; on success back to the task page.

    Errors: the form again with the service's messages next to its fields (400/422), 403 for
    someone who may not write the task, or the page with the current state and a conflict
    message (409).
    """
    task = task_get(user=request.user, pk=pk)
    form = form_class(request.POST, request.FILES, prefix=key)
    if not form.is_valid():
        return _render(request, task, status=400, bound={key: form})
    if form.cleaned_data["expected_version"] != task.version:
        return _conflict(request, task)
    try:
        task = call(task, form.cleaned_data)
    except Conflict:
        return _conflict(request, task_get(user=request.user, pk=pk))
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        fresh = task_get(user=request.user, pk=pk)
        if fresh.status not in ACTIVE_STATUSES:
            messages.error(request, exc.message)
            return _render(request, fresh, status=exc.status)
        apply_error(form, exc)
        return _render(request, fresh, status=exc.status, bound={key: form})
    messages.success(request, success(task))
    return HttpResponseRedirect(reverse("core:task", args=[task.pk]))


def _conflict(request: HttpRequest, task: Task) -> HttpResponse:
    messages.error(request, str(CONFLICT_MESSAGE))
    return _render(request, task, status=409)


@login_required
@require_POST
def task_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(task: Task, data: dict[str, Any]) -> Task:
        return task_update_progress(
            task=task,
            actor=request.user,
            progress=data["progress"],
            note=data.get("note") or "",
            expected_version=data["expected_version"],
            evidence=file_inputs(data.get("evidence")),
        )

    def success(task: Task) -> str:
        return _("Đã cập nhật tiến độ: %(n)d%%.") % {"n": task.progress}

    return _act(
        request, pk, key="progress", form_class=TaskProgressForm, call=call, success=success
    )


@login_required
@require_POST
def task_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(task: Task, data: dict[str, Any]) -> Task:
        return task_complete(
            task=task,
            actor=request.user,
            note=data.get("note") or "",
            expected_version=data["expected_version"],
            evidence=file_inputs(data.get("evidence")),
        )

    def success(task: Task) -> str:
        return _("Đã ghi nhận hoàn thành nhiệm vụ “%(title)s”.") % {"title": task.title}

    return _act(
        request, pk, key="complete", form_class=TaskCompleteForm, call=call, success=success
    )


@login_required
@require_POST
def task_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(task: Task, data: dict[str, Any]) -> Task:
        return task_cancel(
            task=task,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )

    def success(task: Task) -> str:
        return _("Đã hủy nhiệm vụ “%(title)s”.") % {"title": task.title}

    return _act(request, pk, key="cancel", form_class=TaskCancelForm, call=call, success=success)


@login_required
@require_POST
def task_support_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A supporting unit's report on its part (no version: it never changes the task row)."""
    task = task_get(user=request.user, pk=pk)
    allowed = set(can_report_support(request.user, task))
    if not allowed:
        raise DjangoPermissionDenied(_("Bạn không báo cáo được cho đơn vị phối hợp nào ở đây."))
    supports = [s for s in task_supports(task) if s.organization_id in allowed]
    form = TaskSupportProgressForm(request.POST, request.FILES, prefix="support", supports=supports)
    if not form.is_valid():
        return _render(request, task, status=400, bound={"support": form})
    data = form.cleaned_data
    try:
        task_support_progress(
            task=task,
            actor=request.user,
            organization=data["organization"],
            progress=data["progress"],
            note=data.get("note") or "",
            evidence=file_inputs(data.get("evidence")),
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return _render(request, task, status=exc.status, bound={"support": form})
    messages.success(request, _("Đã ghi báo cáo của đơn vị phối hợp."))
    return HttpResponseRedirect(reverse("core:task", args=[task.pk]))


def _download_name(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem).lower()).strip("-")[:120] or "minh-chung"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{slug}.{ext}" if ext else slug


@login_required
@require_GET
def task_evidence_view(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """One evidence file, for whoever may see the task (404 otherwise); always a download."""
    evidence = task_evidence_get(user=request.user, task_pk=pk, pk=evidence_pk)
    return stored_file_response(
        evidence.file,
        filename=_download_name(evidence.original_name),
        content_type=evidence.content_type,
    )


# --- Creating and editing ---------------------------------------------------------------------


def _people_of(writable: Any, raw: Any) -> Any:
    """People of the chosen lead unit (or of the only unit the user may write for)."""
    if raw and str(raw).isdigit() and writable.filter(pk=int(raw)).exists():
        return task_people([int(raw)])
    ids = list(writable.values_list("id", flat=True)[:2])
    return task_people(ids if len(ids) == 1 else [])


def _create_forms(request: HttpRequest, data: Any = None) -> tuple[TaskForm, Any]:
    writable = task_writable_organizations(request.user)
    if not writable.exists():
        raise DjangoPermissionDenied(
            _("Bạn chưa có vai trò cán bộ, lãnh đạo hoặc quản trị ở đơn vị nào để giao việc.")
        )
    chosen = (data or {}).get("organization") or request.GET.get("organization")
    form = TaskForm(data, organizations=writable, people=_people_of(writable, chosen))
    supports = support_formset(data=data, organizations=task_support_candidates(request.user))
    return form, supports


@login_required
def task_create_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form, supports = _create_forms(request, request.POST)
        if form.is_valid() and supports.is_valid():
            data = form.cleaned_data
            try:
                task = task_create(
                    actor=request.user,
                    title=data["title"],
                    organization=data["organization"],
                    due=data["due"],
                    assignee=data.get("assignee"),
                    description=data.get("description") or "",
                    supporting=supports.pairs(),
                )
            except DomainPermissionDenied as exc:
                form.add_error("organization", exc.message)
            except DomainError as exc:
                _apply_task_error(form, supports, exc)
            else:
                messages.success(
                    request, _("Đã giao nhiệm vụ “%(title)s”.") % {"title": task.title}
                )
                return HttpResponseRedirect(reverse("core:task", args=[task.pk]))
        status = 400
    else:
        form, supports = _create_forms(request)
        status = 200
    context = {"form": form, "supports": supports, "creating": True}
    return render(request, "core/tasks/form.html", context, status=status)


def _apply_task_error(form: forms.Form, supports: Any, exc: DomainError) -> None:
    if "supporting" in exc.fields:
        supports.non_form_errors().append(exc.fields["supporting"])
        rest = {k: v for k, v in exc.fields.items() if k != "supporting"}
        if not rest:
            return
    apply_error(form, exc)


@login_required
def task_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_get(user=request.user, pk=pk)
    if not can_write_task(request.user, task.organization_id):
        raise DjangoPermissionDenied(_("Bạn không có quyền sửa nhiệm vụ này."))
    if task.status not in ACTIVE_STATUSES:
        messages.error(request, _("Nhiệm vụ đã kết thúc: không sửa được nữa."))
        return HttpResponseRedirect(reverse("core:task", args=[task.pk]))
    people = task_people([int(task.organization_id)])
    current = [int(s.organization_id) for s in task_supports(task)]
    orgs = task_support_candidates(request.user, keep=current)
    status = 200
    if request.method == "POST":
        form = TaskEditForm(request.POST, people=people, with_organization=False)
        supports = support_formset(data=request.POST, organizations=orgs)
        if form.is_valid() and supports.is_valid():
            data = form.cleaned_data
            try:
                task = task_update(
                    task=task,
                    actor=request.user,
                    expected_version=data["expected_version"],
                    title=data["title"],
                    due=data["due"],
                    assignee=data.get("assignee"),
                    description=data.get("description") or "",
                    supporting=supports.pairs(),
                )
            except Conflict:
                messages.error(request, str(CONFLICT_MESSAGE))
                return HttpResponseRedirect(reverse("core:task_edit", args=[task.pk]))
            except DomainPermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except DomainError as exc:
                _apply_task_error(form, supports, exc)
            else:
                messages.success(request, _("Đã lưu thay đổi của nhiệm vụ."))
                return HttpResponseRedirect(reverse("core:task", args=[task.pk]))
        status = 400
    else:
        form = TaskEditForm(
            initial={
                "title": task.title,
                "description": task.description,
                "due": task.due,
                "assignee": task.assignee_id,
                "expected_version": task.version,
            },
            people=people,
            with_organization=False,
        )
        supports = support_formset(
            organizations=orgs,
            initial=[
                {"organization": s.organization_id, "duty": s.duty} for s in task_supports(task)
            ],
        )
    context = {"form": form, "supports": supports, "creating": False, "task": task}
    return render(request, "core/tasks/form.html", context, status=status)


@login_required
@require_GET
def task_assignee_options_view(request: HttpRequest) -> HttpResponse:
    """The assignee <option>s for the chosen lead unit (htmx, on the create forms)."""
    raw = request.GET.get("organization", "")
    writable = task_writable_organizations(request.user)
    people = _people_of(writable, raw) if raw else []
    return render(request, "core/tasks/_assignee_options.html", {"people": people})


# --- Recurring tasks --------------------------------------------------------------------------


@login_required
@require_GET
def task_series_list_view(request: HttpRequest) -> HttpResponse:
    series = list(task_series_list(user=request.user))
    can_create = task_writable_organizations(request.user).exists()
    return render(
        request, "core/tasks/series_list.html", {"series_list": series, "can_create": can_create}
    )


@login_required
def task_series_create_view(request: HttpRequest) -> HttpResponse:
    writable = task_writable_organizations(request.user)
    if not writable.exists():
        raise DjangoPermissionDenied(
            _("Bạn chưa có vai trò cán bộ, lãnh đạo hoặc quản trị ở đơn vị nào để giao việc.")
        )
    orgs = task_support_candidates(request.user)
    chosen = request.POST.get("organization") if request.method == "POST" else None
    people = _people_of(writable, chosen)
    status = 200
    if request.method == "POST":
        form = TaskSeriesForm(request.POST, organizations=writable, people=people)
        supports = support_formset(data=request.POST, organizations=orgs)
        if form.is_valid() and supports.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    series = task_series_create(
                        actor=request.user,
                        title=data["title"],
                        organization=data["organization"],
                        recurrence=data["recurrence"],
                        starts_on=data["starts_on"],
                        until=data.get("until"),
                        due_rule=data["due_rule"],
                        due_offset_days=data.get("due_offset_days") or 0,
                        due_day=data.get("due_day"),
                        supporting=supports.pairs(),
                        assignee=data.get("assignee"),
                        description=data.get("description") or "",
                    )
            except DomainPermissionDenied as exc:
                form.add_error("organization", exc.message)
            except DomainError as exc:
                _apply_task_error(form, supports, exc)
            else:
                messages.success(
                    request,
                    _("Đã tạo nhiệm vụ định kỳ “%(title)s”.") % {"title": series.title},
                )
                return HttpResponseRedirect(reverse("core:task_series", args=[series.pk]))
        status = 400
    else:
        form = TaskSeriesForm(
            organizations=writable,
            people=people,
            initial={"recurrence": "monthly", "due_rule": "after_end", "due_offset_days": 5},
        )
        supports = support_formset(organizations=orgs)
    context = {"form": form, "supports": supports}
    return render(request, "core/tasks/series_form.html", context, status=status)


def _series_context(
    request: HttpRequest, series: TaskSeries, stop_form: TaskSeriesStopForm | None = None
) -> dict[str, Any]:
    can_stop = (
        can_write_task(request.user, series.organization_id)
        and series.status == TaskSeriesStatus.ACTIVE
    )
    return {
        "series": series,
        "supports": list(series.supports.select_related("organization")),
        "occurrences": task_series_occurrences(series),
        "can_stop": can_stop,
        "stop_form": stop_form
        or TaskSeriesStopForm(prefix="stop", initial={"expected_version": series.version}),
    }


@login_required
@require_GET
def task_series_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    series = task_series_get(user=request.user, pk=pk)
    return render(request, "core/tasks/series_detail.html", _series_context(request, series))


@login_required
@require_POST
def task_series_stop_view(request: HttpRequest, pk: int) -> HttpResponse:
    series = task_series_get(user=request.user, pk=pk)
    form = TaskSeriesStopForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            series = task_series_stop(
                series=series,
                actor=request.user,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data.get("reason") or "",
            )
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
            fresh = task_series_get(user=request.user, pk=pk)
            context = _series_context(request, fresh)
            return render(request, "core/tasks/series_detail.html", context, status=exc.status)
        messages.success(request, _("Đã dừng nhiệm vụ định kỳ: không tạo thêm kỳ mới."))
        return HttpResponseRedirect(reverse("core:task_series", args=[series.pk]))
    context = _series_context(request, series, form)
    return render(request, "core/tasks/series_detail.html", context, status=400)


# --- Scoreboard -------------------------------------------------------------------------------


def _scoreboard_from(request: HttpRequest) -> tuple[ScoreboardForm, Scoreboard | None]:
    form = ScoreboardForm(request.GET or None, organizations=organizations_for_choice(request.user))
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    try:
        period = score_period(
            year=data.get("year"), quarter=data.get("quarter"), month=data.get("month")
        )
        root = scoreboard_root(user=request.user, root_id=data.get("root"))
        return form, task_scoreboard(user=request.user, period=period, root=root)
    except ValidationFailed as exc:
        apply_error(form, exc)
        return form, None


def _cell_links(board: Scoreboard) -> dict[tuple[int | None, str], str]:
    """Task-list URL of every number: its unit (or the chosen unit's tree) and its class."""
    base = {
        "due_from": board.period.start.isoformat(),
        "due_to": board.period.end.isoformat(),
    }
    url = reverse("core:tasks")
    links: dict[tuple[int | None, str], str] = {}
    for row in [*board.rows, board.totals]:
        for outcome in ("counted", *OUTCOMES):
            params = {**base, "outcome": outcome}
            if row.organization_id is not None:
                params["lead"] = str(row.organization_id)
            elif board.root is not None:
                params["under"] = str(board.root.pk)
            links[(row.organization_id, outcome)] = f"{url}?{urlencode(params)}"
    return links


@login_required
@require_GET
def task_scoreboard_view(request: HttpRequest) -> HttpResponse:
    form, board = _scoreboard_from(request)
    context: dict[str, Any] = {"form": form, "board": board, "labels": OUTCOME_LABELS}
    if board is not None:
        links = _cell_links(board)
        context["table"] = [
            (
                row,
                [
                    (
                        k,
                        getattr(row, k) if k != "counted" else row.total,
                        links[(row.organization_id, k)],
                    )
                    for k in ("counted", *OUTCOMES)
                ],
            )
            for row in board.rows
        ]
        context["totals"] = (
            board.totals,
            [
                (
                    k,
                    getattr(board.totals, k) if k != "counted" else board.totals.total,
                    links[(None, k)],
                )
                for k in ("counted", *OUTCOMES)
            ],
        )
        context["xlsx_query"] = request.GET.urlencode()
    status = 200 if board is not None else 400
    return render(request, "core/tasks/scoreboard.html", context, status=status)


@login_required
@require_GET
def task_scoreboard_xlsx_view(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _form, board = _scoreboard_from(request)
    if board is None:
        return task_scoreboard_view(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Theo dõi đơn vị")
    sheet.append([_("Chậm việc, sót việc, quên việc theo đơn vị") + " — " + board.period.label])
    sheet.append([_("Tính đến ngày %(day)s") % {"day": board.today.strftime("%d/%m/%Y")}])
    header = [
        _("Đơn vị chủ trì"),
        _("Mã"),
        str(OUTCOME_LABELS["counted"]),
        *(str(OUTCOME_LABELS[k]) for k in OUTCOMES),
        _("Tỷ lệ đúng hạn (%)"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in [*board.rows, board.totals]:
        sheet.append(
            [
                row.name,
                row.code,
                row.total,
                *(row.counts.get(k, 0) for k in OUTCOMES),
                row.on_time_percent,
            ]
        )
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"theo-doi-don-vi-{board.period.start.isoformat()}.xlsx"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("nhiem-vu/", task_list_view, name="tasks"),
    path("nhiem-vu/them/", task_create_view, name="task_create"),
    path("nhiem-vu/nguoi-thuc-hien/", task_assignee_options_view, name="task_assignee_options"),
    path("nhiem-vu/dinh-ky/", task_series_list_view, name="task_series_list"),
    path("nhiem-vu/dinh-ky/them/", task_series_create_view, name="task_series_create"),
    path("nhiem-vu/dinh-ky/<int:pk>/", task_series_detail_view, name="task_series"),
    path("nhiem-vu/dinh-ky/<int:pk>/dung/", task_series_stop_view, name="task_series_stop"),
    path("nhiem-vu/theo-doi-don-vi/", task_scoreboard_view, name="task_scoreboard"),
    path("nhiem-vu/theo-doi-don-vi/xlsx/", task_scoreboard_xlsx_view, name="task_scoreboard_xlsx"),
    path("nhiem-vu/<int:pk>/", task_detail_view, name="task"),
    path("nhiem-vu/<int:pk>/sua/", task_edit_view, name="task_edit"),
    path("nhiem-vu/<int:pk>/tien-do/", task_progress_view, name="task_progress"),
    path("nhiem-vu/<int:pk>/phoi-hop/", task_support_progress_view, name="task_support_progress"),
    path(
        "nhiem-vu/<int:pk>/minh-chung/<int:evidence_pk>/",
        task_evidence_view,
        name="task_evidence",
    ),
    path("nhiem-vu/<int:pk>/hoan-thanh/", task_complete_view, name="task_complete"),
    path("nhiem-vu/<int:pk>/huy/", task_cancel_view, name="task_cancel"),
]
