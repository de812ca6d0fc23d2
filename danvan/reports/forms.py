"""Forms of the report pages (choices are filled per user by the views)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.reports.states import Format, Kind, Status

PERIOD_HELP = _(
    "Ví dụ: 2026-09 (tháng), 2026-Q3 (quý), 2026-H1 (6 tháng), 2026-9M (9 tháng), 2026 (năm), "
    "2016..2025 (nhiều năm), 2026-03-01..2026-04-15 (đột xuất)."
)


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    period = forms.CharField(label=_("Kỳ"), required=False, max_length=40)
    org = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=40)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("Tất cả")), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Tất cả")), *Status.choices]  # type: ignore[attr-defined]


class ReportCreateForm(forms.Form):
    organization = forms.ChoiceField(label=_("Đơn vị báo cáo"))
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Kind.choices)
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=40, help_text=PERIOD_HELP)
    title = forms.CharField(
        label=_("Trích yếu"),
        required=False,
        max_length=300,
        help_text=_("Để trống: «Kết quả công tác dân vận, tiếp công dân và giải quyết đơn thư …»."),
    )
    due_on = _date(_("Hạn gửi (nếu có)"))


class RequestCreateForm(forms.Form):
    organization = forms.ChoiceField(label=_("Đơn vị yêu cầu báo cáo"))
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Kind.choices)
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=40, help_text=PERIOD_HELP)
    title = forms.CharField(label=_("Nội dung báo cáo"), required=False, max_length=300)
    due_on = _date(_("Hạn gửi báo cáo"))
    note = forms.CharField(
        label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    units = forms.MultipleChoiceField(
        label=_("Các đơn vị phải báo cáo"), widget=forms.CheckboxSelectMultiple
    )


def _text(label: Any, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class ReportEditForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    results = _text(_("Kết quả đạt được"), 10)
    shortcomings = _text(_("Hạn chế, tồn tại"))
    causes = _text(_("Nguyên nhân"))
    tasks_ahead = _text(_("Nhiệm vụ, giải pháp thời gian tới"))
    recommendations = _text(_("Kiến nghị, đề xuất"))
    recipients = _text(_("Nơi nhận (mỗi dòng một nơi)"), 4)
    signer_title = _text(_("Chức danh người ký (mỗi dòng một dòng in)"), 2)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)


class SubmitForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    issued_on = _date(_("Ngày ban hành (để trống: hôm nay)"))


class ReviewForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Kết quả xem xét"),
        choices=[("accept", _("Tiếp nhận")), ("return", _("Trả lại để bổ sung, chỉnh sửa"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(forms.Form):
    cut_day = forms.IntegerField(
        label=_("Ngày chốt số liệu hằng tháng"),
        required=False,
        min_value=1,
        max_value=28,
        help_text=_("Để trống: ngày 15 (Nghị định 09/2019/NĐ-CP); 1: theo tháng dương lịch."),
    )
    doc_format = forms.ChoiceField(
        label=_("Thể thức văn bản"),
        required=False,
        choices=[("", _("Theo loại cơ quan")), *Format.choices],
    )
    signer_title = _text(_("Chức danh người ký (mỗi dòng một dòng in)"), 2)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    recipients = _text(_("Nơi nhận mặc định (mỗi dòng một nơi)"), 4)
