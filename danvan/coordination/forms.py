"""Forms of the coordination pages. Forms parse and check the shape of input; the services
decide what is legal, and their errors are put back on the field they name (`apply_error`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.coordination.models import DocumentKind
from danvan.coordination.states import LinkKind, ProgrammeStatus, Recurrence
from danvan.core.errors import DomainError

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
SUPPORT_ROWS = 3
# Service field names that a form calls differently ("files" is taken by Django's forms).
FIELD_ALIASES = {"files": "file_upload"}
Choices = Sequence[tuple[Any, Any]]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


def _set_choices(form: forms.Form, name: str, choices: Choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the fields it names, the rest (and the message) on top."""
    placed = False
    for name, message in exc.fields.items():
        key = FIELD_ALIASES.get(name) or name.split(".", 1)[0]
        if key in form.fields and not isinstance(form.fields[key].widget, forms.HiddenInput):
            form.add_error(key, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _years(years: Sequence[int]) -> list[tuple[Any, Any]]:
    return [("", _("Tất cả")), *((y, str(y)) for y in years)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


# --- Documents -------------------------------------------------------------------------------


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo số, ký hiệu, trích yếu"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "issuer-names"}),
    )
    year = forms.TypedChoiceField(
        label=_("Năm ban hành"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kind", [("", _("Tất cả")), *DocumentKind.choices])
        _set_choices(self, "year", _years(years))


class DocumentForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Đơn vị quản lý"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    reference = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=120,
        help_text=_("Ví dụ: 25-NQ/TW, 755-CV/TU, 12/KH-UBND."),
    )
    issued_on = _date(_("Ngày ban hành"))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=250)
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=_("Tóm tắt nội dung"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    effective_from = _date(_("Có hiệu lực từ"), required=False)
    effective_to = _date(_("Hết hiệu lực"), required=False)
    file_upload = MultipleFileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("PDF, Word, ảnh chụp; tối đa 10 tệp."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        organizations: Choices = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", organizations)
        if editing:
            del self.fields["organization"]
            del self.fields["file_upload"]


class FilesForm(forms.Form):
    file_upload = MultipleFileField(label=_("Thêm tệp"))


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices)
    target = forms.TypedChoiceField(label=_("Văn bản được căn cứ, liên quan"), coerce=int)

    def __init__(self, *args: Any, documents: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "target", documents)


class _SupportMixin(forms.Form):
    def add_support_fields(self, organizations: Choices) -> None:
        for n in range(1, SUPPORT_ROWS + 1):
            self.fields[f"support_{n}"] = forms.TypedChoiceField(
                label=_("Đơn vị phối hợp %(n)d") % {"n": n},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *organizations],
            )
            self.fields[f"support_{n}_part"] = forms.CharField(
                label=_("Phần việc của đơn vị phối hợp %(n)d") % {"n": n},
                required=False,
                max_length=300,
            )

    def supports(self) -> list[tuple[int, str]]:
        d = self.cleaned_data
        return [
            (d[f"support_{n}"], d.get(f"support_{n}_part") or "")
            for n in range(1, SUPPORT_ROWS + 1)
            if d.get(f"support_{n}")
        ]


class ObligationForm(_SupportMixin):
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=300)
    lead = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), coerce=int)
    due = _date(_("Hạn hoàn thành"))
    description = forms.CharField(
        label=_("Yêu cầu cụ thể"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        leads: Choices = (),
        organizations: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "lead", leads)
        self.add_support_fields(organizations)


# --- Programmes ------------------------------------------------------------------------------


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, số hiệu"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    party = forms.TypedChoiceField(
        label=_("Bên tham gia"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=_("Có hiệu lực trong năm"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, organizations: Choices = (), years: Sequence[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "status", [("", _("Tất cả")), *ProgrammeStatus.choices])
        _set_choices(self, "party", [("", _("Tất cả")), *organizations])
        _set_choices(self, "year", _years(years))


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Tên chương trình"), max_length=500)
    reference = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    organization = forms.TypedChoiceField(label=_("Đơn vị theo dõi"), coerce=int)
    parties = forms.TypedMultipleChoiceField(
        label=_("Các bên tham gia"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl để chọn nhiều cơ quan."),
    )
    leads = forms.TypedMultipleChoiceField(
        label=_("Bên chủ trì, ký kết"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    scope = forms.CharField(
        label=_("Phạm vi, nội dung phối hợp"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = _date(_("Thời gian từ"))
    ends_on = _date(_("Đến"), required=False)
    signed_on = _date(
        _("Ngày ký"), required=False, help_text=_("Để trống nếu chương trình còn là dự thảo.")
    )
    document = forms.TypedChoiceField(
        label=_("Văn bản chương trình (nếu đã vào sổ)"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        organizations: Choices = (),
        parties: Choices = (),
        documents: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", organizations)
        _set_choices(self, "parties", parties)
        _set_choices(self, "leads", parties)
        _set_choices(self, "document", [("", "—"), *documents])


class DutyForm(forms.Form):
    party = forms.TypedChoiceField(label=_("Bên thực hiện"), coerce=int)
    text = forms.CharField(label=_("Trách nhiệm"), max_length=300)
    recurrence = forms.ChoiceField(label=_("Định kỳ"), required=False, choices=Recurrence.choices)

    def __init__(self, *args: Any, parties: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "party", parties)


class MoveForm(forms.Form):
    expected_version = _version()
    reason = forms.CharField(label=_("Lý do, ghi chú"), required=False, max_length=1000)
    on = _date(_("Ngày"), required=False)


class IssueForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày ban hành"), required=False, help_text=_("Để trống: hôm nay."))


class PrefillForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


# --- Plans -----------------------------------------------------------------------------------


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, số hiệu"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args: Any, years: Sequence[int] = (), **kwargs: Any) -> None:
        from danvan.coordination.states import PlanStatus

        super().__init__(*args, **kwargs)
        _set_choices(self, "year", _years(years))
        _set_choices(self, "status", [("", _("Tất cả")), *PlanStatus.choices])


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500)
    reference = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    organization = forms.TypedChoiceField(label=_("Đơn vị ban hành"), coerce=int)
    programme = forms.TypedChoiceField(
        label=_("Theo chương trình phối hợp"), required=False, coerce=int, empty_value=None
    )
    document = forms.TypedChoiceField(
        label=_("Theo văn bản"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        organizations: Choices = (),
        programmes: Choices = (),
        documents: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", organizations)
        _set_choices(self, "programme", [("", "—"), *programmes])
        _set_choices(self, "document", [("", "—"), *documents])
        self.fields["year"].initial = timezone.localdate().year


class PlanItemForm(_SupportMixin):
    content = forms.CharField(label=_("Nội dung"), max_length=300)
    lead = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), coerce=int)
    due = _date(_("Thời hạn"))
    indicator = forms.CharField(
        label=_("Chỉ tiêu, kết quả cần đạt"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, leads: Choices = (), organizations: Choices = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "lead", leads)
        self.add_support_fields(organizations)


def default_due(year: int) -> dt.date:
    return dt.date(year, 12, 15)
