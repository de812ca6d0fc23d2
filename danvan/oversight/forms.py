"""Forms of the oversight pages: they parse input; the services check it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.oversight.states import (
    AnswerResult,
    Assessment,
    InspectionStatus,
    SupervisionKind,
    SupervisionStatus,
)

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


# --- Supervisions ---------------------------------------------------------------------------


class SupervisionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan giám sát"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Tìm theo nội dung"), required=False, max_length=200)

    def __init__(self, *args: Any, years: list[int], organizations: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "kind", SupervisionKind.choices, blank=str(_("Tất cả")))
        _set_choices(self, "status", SupervisionStatus.choices, blank=str(_("Tất cả")))
        _set_choices(self, "year", [(y, str(y)) for y in years], blank=str(_("Tất cả")))
        _set_choices(self, "organization", organizations, blank=str(_("Tất cả")))


class SupervisionForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Cơ quan giám sát"), coerce=int)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=SupervisionKind.choices)
    title = forms.CharField(label=_("Nội dung giám sát, phản biện"), max_length=300)
    content = _text(_("Mục đích, yêu cầu, nội dung cụ thể"), required=False)
    supervised = forms.TypedMultipleChoiceField(
        label=_("Đối tượng được giám sát"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ phím Ctrl để chọn nhiều cơ quan."),
    )
    draft_title = forms.CharField(
        label=_("Dự thảo được phản biện (phản biện xã hội)"), max_length=500, required=False
    )
    draft_document = forms.TypedChoiceField(
        label=_("Văn bản dự thảo trong hệ thống"), required=False, coerce=int, empty_value=None
    )
    period_from = _date(_("Từ ngày"))
    period_to = _date(_("Đến ngày"))
    team = _text(_("Thành phần đoàn giám sát (mỗi người một dòng)"), required=False, rows=3)

    def __init__(
        self,
        *args: Any,
        organizations: Choices,
        targets: Choices,
        documents: Choices,
        editing: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "organization", organizations)
        _set_choices(self, "supervised", targets)
        _set_choices(self, "draft_document", documents, blank=str(_("Không chọn")))
        if editing:
            del self.fields["organization"]
            del self.fields["kind"]
            self.fields["expected_version"] = _version()


class SupervisionMoveForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    report_summary = _text(_("Báo cáo kết quả giám sát (tóm tắt)"), required=False, rows=3)
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)

    FIELDS: dict[str, tuple[str, ...]] = {
        SupervisionStatus.IN_PROGRESS: ("on",),
        SupervisionStatus.FINDINGS_REPORTED: ("on", "report_summary"),
        SupervisionStatus.RECOMMENDATIONS_SENT: ("on",),
        SupervisionStatus.CLOSED: ("on", "reason"),
        SupervisionStatus.CANCELLED: ("reason",),
    }

    def __init__(self, *args: Any, to: str, **kw: Any) -> None:
        kw["prefix"] = f"mv-{to}"
        super().__init__(*args, **kw)
        keep = {"expected_version", *self.FIELDS.get(to, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if to == SupervisionStatus.CANCELLED:
            self.fields["reason"].required = True
        if to == SupervisionStatus.CLOSED:
            self.fields["reason"].help_text = _("Bắt buộc khi còn kiến nghị chưa được trả lời.")


class FindingForm(forms.Form):
    content = _text(_("Kết quả giám sát (phát hiện)"), rows=3)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị liên quan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, targets: Choices, **kw: Any) -> None:
        kw.setdefault("prefix", "finding")
        super().__init__(*args, **kw)
        _set_choices(self, "organization", targets, blank=str(_("Chung")))


class RecommendationForm(forms.Form):
    addressee = forms.TypedChoiceField(label=_("Cơ quan nhận kiến nghị"), coerce=int)
    content = _text(_("Nội dung kiến nghị"), rows=3)
    on = _date(
        _("Ngày gửi"),
        required=False,
        help_text=_("Chỉ dùng cho kiến nghị bổ sung sau khi đã gửi kiến nghị; để trống: hôm nay."),
    )

    def __init__(self, *args: Any, targets: Choices, sent: bool, **kw: Any) -> None:
        kw.setdefault("prefix", "rec")
        super().__init__(*args, **kw)
        _set_choices(self, "addressee", targets, blank=str(_("Chọn cơ quan")))
        if not sent:
            del self.fields["on"]


class AnswerForm(forms.Form):
    expected_version = _version()
    text = _text(_("Nội dung trả lời"), rows=4)
    result = forms.ChoiceField(
        label=_("Kết quả"), choices=AnswerResult.choices, widget=forms.RadioSelect
    )
    answered_on = _date(_("Ngày trả lời"), required=False, help_text=_("Để trống: hôm nay."))
    file = forms.FileField(label=_("Văn bản trả lời (tệp)"), required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if self.prefix is None:
            self.prefix = "answer"


class AssessForm(forms.Form):
    expected_version = _version()
    assessment = forms.ChoiceField(
        label=_("Đánh giá"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Nhận xét"), max_length=1000, required=False)
    follow_up = _text(_("Nội dung kiến nghị lại (khi chưa đạt)"), required=False, rows=3)


# --- Inspections ----------------------------------------------------------------------------


class InspectionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan kiểm tra"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Tìm theo nội dung"), required=False, max_length=200)

    def __init__(self, *args: Any, years: list[int], organizations: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "status", InspectionStatus.choices, blank=str(_("Tất cả")))
        _set_choices(self, "year", [(y, str(y)) for y in years], blank=str(_("Tất cả")))
        _set_choices(self, "organization", organizations, blank=str(_("Tất cả")))


class InspectionForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Cơ quan kiểm tra"), coerce=int)
    title = forms.CharField(label=_("Nội dung kiểm tra"), max_length=300)
    document_refs = forms.CharField(
        label=_("Văn bản được kiểm tra việc thực hiện (số, ký hiệu)"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Quyết định 290-QĐ/TW; Chỉ thị 43-CT/TW."),
    )
    documents = forms.TypedMultipleChoiceField(
        label=_("Văn bản trong hệ thống"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    inspected = forms.TypedMultipleChoiceField(
        label=_("Đơn vị được kiểm tra"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ phím Ctrl để chọn nhiều đơn vị."),
    )
    content = _text(_("Mục đích, yêu cầu"), required=False, rows=3)
    team = _text(_("Thành phần đoàn kiểm tra (mỗi người một dòng)"), required=False, rows=3)
    period_from = _date(_("Thời kỳ kiểm tra từ"), required=False)
    period_to = _date(_("Thời kỳ kiểm tra đến"), required=False)
    scheduled_from = _date(_("Thời gian kiểm tra từ"))
    scheduled_to = _date(_("Thời gian kiểm tra đến"))

    def __init__(
        self,
        *args: Any,
        organizations: Choices,
        targets: Choices,
        documents: Choices,
        editing: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "organization", organizations)
        _set_choices(self, "inspected", targets)
        _set_choices(self, "documents", documents)
        if editing:
            del self.fields["organization"]
            self.fields["expected_version"] = _version()


class InspectionMoveForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)

    FIELDS: dict[str, tuple[str, ...]] = {
        InspectionStatus.ANNOUNCED: ("on",),
        InspectionStatus.IN_PROGRESS: ("on",),
        InspectionStatus.CLOSED: ("on", "reason"),
        InspectionStatus.CANCELLED: ("reason",),
    }

    def __init__(self, *args: Any, to: str, **kw: Any) -> None:
        kw["prefix"] = f"mv-{to}"
        super().__init__(*args, **kw)
        keep = {"expected_version", *self.FIELDS.get(to, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if to == InspectionStatus.CANCELLED:
            self.fields["reason"].required = True
        if to == InspectionStatus.CLOSED:
            self.fields["reason"].help_text = _(
                "Bắt buộc khi còn nhiệm vụ thực hiện kết luận chưa hoàn thành."
            )


class ConclusionForm(forms.Form):
    expected_version = _version()
    conclusion = _text(_("Kết luận kiểm tra"), rows=6)
    on = _date(_("Ngày kết luận"), required=False, help_text=_("Để trống: hôm nay."))


class ItemForm(forms.Form):
    content = _text(_("Nội dung phải thực hiện"), required=False, rows=2)
    lead = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None
    )
    supporting = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    due = _date(_("Hạn hoàn thành"), required=False)

    def __init__(self, *args: Any, leads: Choices, others: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "lead", leads, blank=str(_("Chọn đơn vị")))
        _set_choices(self, "supporting", others)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("content") or "").strip()
