"""Forms of the boards pages: they parse input; the services check it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from danvan.boards.states import Assessment, BoardKind, BoardStatus, MemberRole, PlanKind

Choices = Sequence[tuple[Any, Any]]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


def _text(label: Any, *, required: bool = True, rows: int = 4, max_length: int = 20_000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _set_choices(form: forms.Form, name: str, choices: Choices, *, blank: str = "") -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = ([("", blank)] if blank else []) + list(choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class BoardFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại ban"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    area = forms.TypedChoiceField(
        label=_("Xã, phường"), required=False, coerce=int, empty_value=None
    )
    expired = forms.BooleanField(label=_("Chỉ ban đã hết nhiệm kỳ"), required=False)

    def __init__(self, *args: Any, areas: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "kind", BoardKind.choices, blank=str(_("Tất cả")))
        _set_choices(self, "status", BoardStatus.choices, blank=str(_("Tất cả")))
        _set_choices(self, "area", areas, blank=str(_("Tất cả")))


class BoardForm(forms.Form):
    front = forms.TypedChoiceField(label=_("Ủy ban Mặt trận Tổ quốc cấp xã"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại ban"), choices=BoardKind.choices)
    name = forms.CharField(
        label=_("Tên ban"),
        max_length=300,
        required=False,
        help_text=_("Để trống: đặt theo loại ban và tên xã, phường."),
    )
    term_from = _date(_("Nhiệm kỳ từ ngày"))
    term_to = _date(
        _("Nhiệm kỳ đến ngày"),
        required=False,
        help_text=_(
            "Ban giám sát đầu tư: theo thời gian thực hiện công trình. Ban thanh tra nhân dân: "
            "tính theo nhiệm kỳ luật định, không cần nhập."
        ),
    )
    project = forms.CharField(
        label=_("Dự án, công trình được giám sát"), max_length=500, required=False
    )
    project_investor = forms.CharField(label=_("Chủ đầu tư"), max_length=300, required=False)
    decision_number = forms.CharField(
        label=_("Số văn bản công nhận ban"), max_length=60, required=False
    )
    decision_date = _date(_("Ngày công nhận"), required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, fronts: Choices, editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "front", fronts)
        if editing:
            del self.fields["front"]
            del self.fields["kind"]
            self.fields["term_from"].disabled = True


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Lý do kết thúc hoạt động"), max_length=1000)
    on = _date(_("Ngày kết thúc hoạt động"), required=False)
    expected_version = _version()


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    role = forms.ChoiceField(label=_("Chức danh"), choices=MemberRole.choices)
    representing = forms.CharField(
        label=_("Đại diện thôn, tổ dân phố"), max_length=200, required=False
    )
    from_on = _date(_("Tham gia từ ngày"))
    replaces = forms.TypedChoiceField(
        label=_("Thay thế cho"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, current: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "replaces", current, blank=str(_("— Không thay thế ai —")))


class MemberEndForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thôi tham gia"), max_length=1000)
    on = _date(_("Ngày thôi"), required=False)


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kế hoạch"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    approved_on = _date(_("Ngày ban hành"), required=False)


class PlanItemForm(forms.Form):
    content = forms.CharField(label=_("Nội dung giám sát"), max_length=1000)
    place = forms.CharField(label=_("Địa điểm, đối tượng"), max_length=300, required=False)
    starts_on = _date(_("Thời gian từ"))
    ends_on = _date(_("Thời gian đến"), required=False)


class RecordForm(forms.Form):
    held_on = _date(_("Ngày giám sát"))
    subject = forms.CharField(label=_("Đối tượng giám sát (cơ quan, công trình)"), max_length=500)
    subject_org = forms.TypedChoiceField(
        label=_("Cơ quan được giám sát"), required=False, coerce=int, empty_value=None
    )
    plan_item = forms.TypedChoiceField(
        label=_("Theo nội dung kế hoạch"), required=False, coerce=int, empty_value=None
    )
    content = _text(_("Nội dung giám sát"))
    findings = _text(_("Kết quả, phát hiện"), required=False)
    attachments = MultipleFileField(label=_("Tệp đính kèm (biên bản, ảnh)"), required=False)
    addressee = forms.TypedChoiceField(
        label=_("Gửi kiến nghị đến"), required=False, coerce=int, empty_value=None
    )
    recommendation = _text(_("Nội dung kiến nghị"), required=False)

    def __init__(self, *args: Any, organizations: Choices, plan_items: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "subject_org", organizations, blank=str(_("— Không chọn —")))
        _set_choices(self, "plan_item", plan_items, blank=str(_("— Ngoài kế hoạch —")))
        _set_choices(self, "addressee", organizations, blank=str(_("— Không có kiến nghị —")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("addressee") and not (data.get("recommendation") or "").strip():
            self.add_error("recommendation", _("Nhập nội dung kiến nghị."))
        if (data.get("recommendation") or "").strip() and not data.get("addressee"):
            self.add_error("addressee", _("Chọn cơ quan nhận kiến nghị."))
        return data


class RecommendationForm(forms.Form):
    addressee = forms.TypedChoiceField(label=_("Cơ quan nhận kiến nghị"), coerce=int)
    content = _text(_("Nội dung kiến nghị"))
    sent_on = _date(_("Ngày gửi"), required=False)

    def __init__(self, *args: Any, organizations: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "addressee", organizations, blank=str(_("— Chọn —")))


class AnswerForm(forms.Form):
    text = _text(_("Nội dung trả lời"))
    answered_on = _date(_("Ngày trả lời"), required=False)
    signer = forms.CharField(
        label=_("Người ký trả lời (họ tên, chức vụ)"), max_length=200, required=False
    )
    expected_version = _version()


class AssessForm(forms.Form):
    assessment = forms.ChoiceField(
        label=_("Đánh giá của ban"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Nhận xét, theo dõi tiếp"), max_length=1000, required=False)
    follow_up = _text(_("Kiến nghị tiếp (khi chưa đồng ý)"), required=False, rows=3)
    expected_version = _version()
