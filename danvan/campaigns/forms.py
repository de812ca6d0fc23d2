"""Forms of the campaign pages: list filters, the campaign plan, targets, moves, activities
(with results against each target and evidence files), follow-up tasks, the summary.

Forms only parse and check the shape of input; the services decide what is legal. A service
error (`ValidationFailed.fields`) is put back on the field it names with `apply_error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.campaigns.states import ActivityKind, Kind, Status, Tally
from danvan.core.forms.errors import set_choices as _set_choices

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
MAX_ID = 2**63 - 1

MOVE_LABELS: dict[str, Any] = {
    Status.RUNNING: _("Triển khai"),
    Status.ENDED: _("Kết thúc"),
    Status.EVALUATED: _("Đánh giá, tổng kết"),
    Status.SUSPENDED: _("Tạm dừng"),
    Status.CANCELLED: _("Hủy cuộc vận động"),
}
RESUME_LABEL = _("Tiếp tục triển khai")


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


def _text(label: Any, *, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CampaignFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Tìm theo tên, đối tượng"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        years: Sequence[int] = (),
        organizations: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        _set_choices(self, "kind", everything + list(Kind.choices))
        _set_choices(self, "status", everything + list(Status.choices))
        _set_choices(self, "organization", everything + list(organizations))
        _set_choices(self, "year", everything + [(y, str(y)) for y in years])


class SummaryForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        years: Sequence[int] = (),
        organizations: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "year", [(y, str(y)) for y in years])
        _set_choices(self, "organization", [("", _("Tất cả")), *list(organizations)])


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Kind.choices)
    organization = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), coerce=int)
    title = forms.CharField(label=_("Tên cuộc vận động, tuyên truyền"), max_length=300)
    purpose = _text(_("Mục đích, yêu cầu"))
    target_group = forms.CharField(
        label=_("Đối tượng vận động"),
        max_length=300,
        help_text=_("Ví dụ: các hộ dân có đất trong phạm vi dự án; Nhân dân trên địa bàn."),
    )
    areas = forms.TypedMultipleChoiceField(
        label=_("Địa bàn (xã, phường)"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều địa bàn."),
    )
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    basis_document = forms.TypedChoiceField(
        label=_("Văn bản căn cứ"), required=False, coerce=int, empty_value=None
    )
    basis_note = forms.CharField(label=_("Căn cứ khác"), max_length=500, required=False)
    units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    unit_parts = _text(
        _("Nhiệm vụ của từng đơn vị phối hợp"),
        rows=3,
    )
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[tuple[int, str]] = (),
        areas: Sequence[tuple[int, str]] = (),
        units: Sequence[tuple[int, str]] = (),
        documents: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_parts"].help_text = _(
            "Mỗi dòng một đơn vị theo thứ tự đã chọn, ví dụ: “Chủ trì vận động tại địa bàn”."
        )
        _set_choices(self, "areas", areas)
        _set_choices(self, "units", units)
        _set_choices(self, "basis_document", [("", _("(không có)")), *list(documents)])
        if editing:
            del self.fields["organization"]
        else:
            _set_choices(self, "organization", organizations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data

    def unit_pairs(self) -> list[tuple[int, str]]:
        ids = list(self.cleaned_data.get("units") or [])
        parts = [p.strip() for p in (self.cleaned_data.get("unit_parts") or "").splitlines()]
        return [(org_id, parts[i] if i < len(parts) else "") for i, org_id in enumerate(ids)]


class TargetForm(forms.Form):
    label = forms.CharField(
        label=_("Chỉ tiêu"),
        max_length=300,
        help_text=_("Ví dụ: Số hộ đồng ý bàn giao mặt bằng."),
    )
    unit = forms.CharField(
        label=_("Đơn vị tính"),
        max_length=30,
        widget=forms.TextInput(attrs={"list": "measure-units", "size": 8}),
    )
    baseline = forms.DecimalField(
        label=_("Giá trị ban đầu"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
    )
    target_value = forms.DecimalField(
        label=_("Chỉ tiêu phải đạt"), min_value=0, max_digits=14, decimal_places=2
    )
    tally = forms.ChoiceField(label=_("Cách tính kết quả"), choices=Tally.choices)


class TransitionForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    reason = forms.CharField(
        label=_("Lý do"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    assessment = _text(_("Đánh giá chung"), rows=4)
    lessons = _text(_("Bài học kinh nghiệm"))
    recommendations = _text(_("Kiến nghị, đề xuất"))

    def __init__(self, *args: Any, to: str, source: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"mv-{to}")
        super().__init__(*args, **kwargs)
        if to != Status.EVALUATED:
            for name in ("assessment", "lessons", "recommendations"):
                del self.fields[name]
        else:
            self.fields["assessment"].required = True
        if to not in (Status.SUSPENDED, Status.CANCELLED) and not (
            to == Status.RUNNING and source == Status.SUSPENDED
        ):
            del self.fields["reason"]
        else:
            self.fields["reason"].required = to != Status.RUNNING
        labels: dict[str, Any] = {
            Status.RUNNING: _("Ngày bắt đầu triển khai"),
            Status.ENDED: _("Ngày kết thúc"),
            Status.EVALUATED: _("Ngày đánh giá"),
        }
        if to in labels:
            self.fields["on"].label = labels[to]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActivityForm(forms.Form):
    date = _date(_("Ngày thực hiện"))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices)
    area = forms.TypedChoiceField(label=_("Địa bàn"), coerce=int)
    place = forms.CharField(
        label=_("Địa điểm"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Nhà văn hóa khu phố 3."),
    )
    organization = forms.TypedChoiceField(label=_("Đơn vị báo cáo"), coerce=int)
    units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị cùng tham gia"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    people_reached = forms.IntegerField(
        label=_("Số người được tiếp cận"), min_value=0, max_value=100_000_000, initial=0
    )
    description = _text(_("Nội dung, kết quả"), rows=3, required=True)
    evidence = MultipleFileField(label=_("Tài liệu minh chứng (ảnh, biên bản...)"), required=False)

    def __init__(
        self,
        *args: Any,
        areas: Sequence[tuple[int, str]] = (),
        reporting: Sequence[tuple[int, str]] = (),
        units: Sequence[tuple[int, str]] = (),
        targets: Sequence[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "area", areas)
        _set_choices(self, "organization", reporting)
        _set_choices(self, "units", units)
        self.target_fields: list[str] = []
        for t in targets:
            name = f"result_{t.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("Kết quả: {label} ({unit})").format(label=t.label, unit=t.unit),
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                help_text=_("Số đo mới nhất") if t.tally == Tally.LATEST else "",
            )
            self.target_fields.append(name)

    def results(self) -> list[tuple[int, Any]]:
        return [
            (int(name.removeprefix("result_")), self.cleaned_data.get(name))
            for name in self.target_fields
            if self.cleaned_data.get(name) is not None
        ]


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Tài liệu minh chứng"))


class RemoveActivityForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xóa"), max_length=1000)


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Việc cần làm tiếp"), max_length=300)
    organization = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int)
    due = _date(_("Hạn hoàn thành"))
    description = _text(_("Nội dung"), rows=2)
    supporting = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", units)
        _set_choices(self, "supporting", units)


def initial_dates() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today, today + dt.timedelta(days=90)
