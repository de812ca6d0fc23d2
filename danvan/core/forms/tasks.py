"""Forms of the task pages: the list's filters; creating and editing a task (with its
supporting units); progress with evidence, a supporting unit's report, completion,
cancellation; recurring tasks; the scoreboard's period and unit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.core.files import UploadedFileInput
from danvan.core.forms.calendar import DATE_FORMATS, DateInput
from danvan.core.models import (
    Organization,
    TaskDueRule,
    TaskRecurrence,
    TaskStatus,
    TaskSupport,
    User,
)
from danvan.core.selectors.scoreboard import OUTCOME_LABELS
from danvan.core.selectors.tasks import (
    Q_MAX,
    STATUS_ACTIVE,
    WHO_ME,
    WHO_MY_ORGS,
    WHO_SUPPORT,
    TaskFilters,
)

FILTER_NAMES = (
    "who",
    "status",
    "overdue",
    "due_from",
    "due_to",
    "q",
    "lead",
    "under",
    "outcome",
    "series",
)
SUPPORT_ROWS = 3  # empty rows offered for new supporting units
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
            (WHO_SUPPORT, _("Việc cơ quan tôi là đơn vị phối hợp")),
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
    # Set by the scoreboard's links (hidden unless present).
    outcome = forms.ChoiceField(
        label=_("Nhóm việc"),
        required=False,
        choices=[("", _("Mọi nhóm")), *((k, v) for k, v in OUTCOME_LABELS.items())],
    )
    lead = forms.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput
    )
    under = forms.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput
    )
    series = forms.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, widget=forms.HiddenInput
    )

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
            lead=data.get("lead"),
            under=data.get("under"),
            outcome=data.get("outcome") or "",
            series=data.get("series"),
        )


class VersionedForm(forms.Form):
    """Carries the version of the task the page was read at (a stale one is a conflict)."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2_147_483_647
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list (possibly empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def file_inputs(files: Sequence[UploadedFile] | None) -> list[UploadedFileInput]:
    """Uploads as the core's file inputs (checked by the service through `files_check`)."""
    return [UploadedFileInput(name=f.name or "", data=f.read()) for f in files or ()]


_EVIDENCE_HELP = _(
    "Ảnh, biên bản, văn bản… (PDF, ảnh, Word, Excel, ODT, văn bản); chọn được nhiều tệp."
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
    evidence = MultipleFileField(label=_("Minh chứng"), help_text=_EVIDENCE_HELP)


class TaskSupportProgressForm(forms.Form):
    """A supporting unit's report on its own part."""

    organization = forms.TypedChoiceField(label=_("Đơn vị phối hợp"), coerce=int, choices=[])
    progress = forms.IntegerField(
        label=_("Tiến độ phần phối hợp (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tiến độ là một số phần trăm từ 0 đến 100."),
            "max_value": _("Tiến độ là một số phần trăm từ 0 đến 100."),
            "invalid": _("Tiến độ là một số phần trăm từ 0 đến 100."),
            "required": _("Nhập tiến độ phần việc của đơn vị (0–100)."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    note = forms.CharField(
        label=_("Đã làm được gì"),
        required=False,
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleFileField(label=_("Minh chứng"), help_text=_EVIDENCE_HELP)

    def __init__(self, *args: Any, supports: Sequence[TaskSupport] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.organization_id, s.organization.name) for s in supports]
        if len(supports) == 1:
            field.initial = supports[0].organization_id
            field.widget = forms.HiddenInput()


class TaskCompleteForm(VersionedForm):
    note = forms.CharField(
        label=_("Kết quả"),
        required=False,
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleFileField(label=_("Minh chứng"), help_text=_EVIDENCE_HELP)


class TaskCancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập lý do hủy nhiệm vụ.")},
    )


# --- Creating and editing ------------------------------------------------------------------


def _person_label(user: User) -> str:
    return user.full_name or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SupportRowForm(forms.Form):
    organization = OrgChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Organization.objects.none(), required=False
    )
    duty = forms.CharField(label=_("Phần việc phối hợp"), required=False, max_length=300)

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations if organizations is not None else Organization.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("duty") and not data.get("organization"):
            self.add_error("organization", _("Chọn đơn vị phối hợp cho phần việc đã nhập."))
        return data


class BaseSupportFormSet(forms.BaseFormSet):
    def pairs(self) -> list[tuple[Organization, str]]:
        """(unit, part) of every filled row, in order."""
        found: list[tuple[Organization, str]] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("organization"):
                found.append((data["organization"], (data.get("duty") or "").strip()))
        return found


SupportFormSet = forms.formset_factory(
    SupportRowForm, formset=BaseSupportFormSet, extra=SUPPORT_ROWS, max_num=30, validate_max=True
)


def support_formset(
    *,
    data: Any = None,
    organizations: QuerySet[Organization],
    initial: list[dict[str, Any]] | None = None,
) -> BaseSupportFormSet:
    formset = SupportFormSet(
        data,
        prefix="support",
        initial=initial,
        form_kwargs={"organizations": organizations},
    )
    assert isinstance(formset, BaseSupportFormSet)
    return formset


class TaskForm(forms.Form):
    """Create (with the lead unit) or edit (`organization` removed) a task."""

    title = forms.CharField(
        label=_("Tên việc"),
        max_length=300,
        error_messages={"required": _("Nhập tên việc phải làm.")},
    )
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    organization = OrgChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Chọn đơn vị chủ trì.")},
        help_text=_("Chỉ những đơn vị bạn có quyền giao việc."),
    )
    assignee = PersonChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— chưa giao cho ai —"),
        help_text=_("Cán bộ của đơn vị chủ trì."),
    )
    due = forms.DateField(
        label=_("Hạn hoàn thành"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Nhập hạn hoàn thành (ngày/tháng/năm)."),
            "invalid": _DATE_ERROR,
        },
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None = None,
        people: QuerySet[User] | None = None,
        with_organization: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_organization:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = (
                organizations if organizations is not None else Organization.objects.none()
            )
        else:
            del self.fields["organization"]
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = people if people is not None else User.objects.none()


class TaskEditForm(TaskForm, VersionedForm):
    pass


class TaskSeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Tên việc"),
        max_length=260,
        error_messages={"required": _("Nhập tên việc phải làm.")},
        help_text=_("Mỗi kỳ tạo một nhiệm vụ mang tên này kèm tên kỳ, ví dụ “… — Tháng 11/2026”."),
    )
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organization = OrgChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Chọn đơn vị chủ trì.")},
    )
    assignee = PersonChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— chưa giao cho ai —"),
    )
    recurrence = forms.ChoiceField(label=_("Lặp lại"), choices=TaskRecurrence.choices)
    starts_on = forms.DateField(
        label=_("Kỳ đầu tiên (một ngày bất kỳ trong kỳ)"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Nhập một ngày của kỳ đầu tiên."), "invalid": _DATE_ERROR},
    )
    until = forms.DateField(
        label=_("Đến ngày (không bắt buộc)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _DATE_ERROR},
    )
    due_rule = forms.ChoiceField(
        label=_("Cách tính hạn mỗi kỳ"), choices=TaskDueRule.choices, widget=forms.RadioSelect
    )
    due_offset_days = forms.IntegerField(
        label=_("Số ngày sau ngày cuối kỳ"),
        required=False,
        min_value=0,
        max_value=180,
        initial=5,
        error_messages={
            "min_value": _("Số ngày sau cuối kỳ là một số từ 0 đến 180."),
            "max_value": _("Số ngày sau cuối kỳ là một số từ 0 đến 180."),
        },
    )
    due_day = forms.IntegerField(
        label=_("Ngày của tháng sau kỳ"),
        required=False,
        min_value=1,
        max_value=28,
        error_messages={
            "min_value": _("Ngày trong tháng sau kỳ là một số từ 1 đến 28."),
            "max_value": _("Ngày trong tháng sau kỳ là một số từ 1 đến 28."),
        },
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None = None,
        people: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organization"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = organizations if organizations is not None else Organization.objects.none()
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = people if people is not None else User.objects.none()


class TaskSeriesStopForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do dừng"),
        required=False,
        max_length=_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScoreboardForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Cả năm")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    month = forms.TypedChoiceField(
        label=_("Tháng"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi tháng")), *((m, str(m)) for m in range(1, 13))],
    )
    root = forms.TypedChoiceField(
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        root = self.fields["root"]
        assert isinstance(root, forms.TypedChoiceField)
        orgs = organizations if organizations is not None else Organization.objects.none()
        root.choices = [("", _("Mọi đơn vị tôi được xem"))] + [
            (o.pk, o.name) for o in orgs.only("id", "name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("quarter") and data.get("month"):
            self.add_error("month", _("Chọn quý hoặc tháng, không chọn cả hai."))
        return data


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the field it names; the rest on top of the form."""
    placed = False
    for name, message in exc.fields.items():
        if name in form.fields and name != "expected_version":
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
