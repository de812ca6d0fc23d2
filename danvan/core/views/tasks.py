"""Task pages: /nhiem-vu/ (the tasks in the user's scope) and /nhiem-vu/<id>/ (one task, its
linked record, its audit trail, and for those who may write it: progress, completion and
cancellation).

Every action carries the version the page was read at (`expected_version`); a lost race is
answered 409 with the task as it is now and a message saying someone else changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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
    TaskCancelForm,
    TaskCompleteForm,
    TaskFilterForm,
    TaskProgressForm,
    apply_error,
)
from danvan.core.models import Task
from danvan.core.selectors.audit import audit_trail_for
from danvan.core.selectors.tasks import (
    ACTIVE_STATUSES,
    TaskFilters,
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
    context: dict[str, Any] = {
        "task": task,
        "row": task_detail_row(task),
        "audit_entries": audit_trail_for(user=user, target=task),
        "can_write": can_write,
        "open_form": next(iter(bound), ""),
    }
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
    form = form_class(request.POST, prefix=key)
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


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("nhiem-vu/", task_list_view, name="tasks"),
    path("nhiem-vu/<int:pk>/", task_detail_view, name="task"),
    path("nhiem-vu/<int:pk>/tien-do/", task_progress_view, name="task_progress"),
    path("nhiem-vu/<int:pk>/hoan-thanh/", task_complete_view, name="task_complete"),
    path("nhiem-vu/<int:pk>/huy/", task_cancel_view, name="task_cancel"),
]
