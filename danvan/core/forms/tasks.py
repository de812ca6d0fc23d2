"""Forms of the task pages: the list's filters, and progress, completion, cancellation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.core.forms.calendar import DATE_FORMATS, DateInput
from danvan.core.models import TaskStatus
from danvan.core.selectors.tasks import (
    Q_MAX,
    STATUS_ACTIVE,
    WHO_ME,
    WHO_MY_ORGS,
    TaskFilters,
)

FILTER_NAMES = ("who", "status", "overdue", "due_from", "due_to", "q")
_DATE_ERROR = _("Nhập ngày dạng ngày/tháng/năm, ví dụ 05/02/2026.")
_NOTE_MAX = 2000


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _DATE_ERROR},
    )


class TaskFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm trong tên việc"),
        required=False,
        max_length=Q_MAX,
        widget=forms.TextInput(attrs={"type": "search", "size": 24}),
    )
    who = forms.ChoiceField(
        label=_("Của ai"),
        required=False,
        choices=[
            ("", _("Mọi nhiệm vụ tôi được xem")),
            (WHO_ME, _("Việc giao cho tôi")),
            (WHO_MY_ORGS, _("Việc của cơ quan tôi")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            ("", _("Mọi trạng thái")),
            (STATUS_ACTIVE, _("Chưa xong")),
            *TaskStatus.choices,
        ],
    )
    overdue = forms.BooleanField(label=_("Chỉ việc quá hạn"), required=False)
    due_from = _date_field(_("Hạn từ ngày"))
    due_to = _date_field(_("Hạn đến ngày"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("Ngày cuối của khoảng hạn phải sau ngày đầu."))
        return data

    def task_filters(self) -> TaskFilters:
        data = self.cleaned_data
        return TaskFilters(
            who=data.get("who") or "",
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            q=data.get("q") or "",
        )


class VersionedForm(forms.Form):
    """Carries the version of the task the page was read at (a stale one is a conflict)."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2_147_483_647
    )


class TaskProgressForm(VersionedForm):
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tiến độ là một số phần trăm từ 0 đến 100."),
            "max_value": _("Tiến độ là một số phần trăm từ 0 đến 100."),
            "invalid": _("Tiến độ là một số phần trăm từ 0 đến 100."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Đã làm được gì, còn vướng gì (ghi vào nhật ký)."),
    )


class TaskCompleteForm(VersionedForm):
    note = forms.CharField(
        label=_("Kết quả"),
        required=False,
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskCancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập lý do hủy nhiệm vụ.")},
    )


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the field it names; the rest on top of the form."""
    placed = False
    for name, message in exc.fields.items():
        if name in form.fields and name != "expected_version":
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
