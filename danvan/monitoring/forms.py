"""Forms of the issue-report pages: list filters, the report, its moves, periodic updates, the
answer to an escalation and links.

Forms only parse and check the shape of input; the services decide what is legal. A service
error (`ValidationFailed.fields`) is put back on the field it names with `apply_error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.core.topics import topic_choices
from danvan.monitoring.services.reports import (
    DETAIL_MAX,
    NOTE_MAX,
    PEOPLE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    UPDATE_EVERY_MAX,
)
from danvan.monitoring.states import LinkKind, Severity, Source, Status

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
MAX_ID = 2**63 - 1
TOPIC_SUGGEST_FALLBACK = "/nam-tinh-hinh/goi-y-linh-vuc/"

Choices = Sequence[tuple[Any, Any]]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm.")},
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the fields it names, the rest (and the message) on top."""
    placed = False
    for name, message in exc.fields.items():
        target = {
            "area_code": "area",
            "escalated_to_id": "escalated_to",
            "description": "content",
        }.get(name, name)
        if target in form.fields and not isinstance(form.fields[target].widget, forms.HiddenInput):
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _set_choices(form: forms.Form, name: str, choices: Choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def topic_suggest_url() -> str:
    """The topic-suggestion fragment's address (another part of the app provides it)."""
    try:
        return reverse("monitoring:topic_suggest")
    except NoReverseMatch:
        return TOPIC_SUGGEST_FALLBACK


def parse_ids(raw: str, limit: int = 50) -> list[int]:
    """ "1,2, 3" -> [1, 2, 3]: digits only, within the id range, no repeats, at most `limit`."""
    found: list[int] = []
    for part in str(raw or "").replace(";", ",").split(",")[: limit * 2]:
        part = part.strip()
        if part.isdigit() and len(part) <= 19:
            value = int(part)
            if 1 <= value <= MAX_ID and value not in found:
                found.append(value)
    return found[:limit]


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo nội dung"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    topic = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    area = forms.ChoiceField(label=_("Địa bàn"), required=False)
    severity = forms.TypedChoiceField(
        label=_("Mức độ"), required=False, coerce=int, empty_value=None
    )
    sensitive = forms.ChoiceField(
        label=_("Nhạy cảm"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("1", _("Có yếu tố dân tộc, tôn giáo, an ninh")),
            ("0", _("Không")),
        ],
    )
    source = forms.ChoiceField(label=_("Nguồn"), required=False)
    reported_from = _date(_("Nhận thông tin từ ngày"), required=False)
    reported_to = _date(_("đến ngày"), required=False)
    open_only = forms.BooleanField(label=_("Chỉ vấn đề chưa giải quyết xong"), required=False)

    def __init__(self, *args: Any, areas: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        _set_choices(self, "status", everything + list(Status.choices))
        _set_choices(self, "topic", everything + topic_choices())
        _set_choices(self, "area", everything + list(areas))
        _set_choices(self, "severity", everything + list(Severity.choices))
        _set_choices(self, "source", everything + list(Source.choices))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("reported_from"), data.get("reported_to")
        if start and end and end < start:
            self.add_error("reported_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class ReportForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Cơ quan theo dõi"), coerce=int)
    source = forms.ChoiceField(
        label=_("Nguồn thông tin"),
        choices=Source.choices,
        error_messages={"required": _("Chọn nguồn thông tin.")},
    )
    source_detail = forms.CharField(
        label=_("Chi tiết nguồn"),
        required=False,
        max_length=DETAIL_MAX,
        help_text=_("Ví dụ: Báo cáo số 12/BC-UBND của UBND xã; bài báo, đường dẫn; tên tổ chức."),
    )
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Nhập tiêu đề ngắn gọn của vấn đề.")},
    )
    # Named "content" in the page: the topic-suggestion fragment reads that parameter (as for
    # petitions' intake); the view passes it to the service as the description.
    content = forms.CharField(
        label=_("Nội dung"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Diễn biến, nguyên nhân, tâm trạng và nguyện vọng của Nhân dân; các cơ quan đã vào "
            "cuộc."
        ),
        error_messages={
            "required": _("Nhập nội dung: diễn biến, nguyên nhân, tâm trạng của Nhân dân.")
        },
    )
    area = forms.TypedChoiceField(
        label=_("Địa bàn"),
        coerce=int,
        error_messages={"required": _("Chọn địa bàn xảy ra vấn đề.")},
    )
    topic = forms.ChoiceField(label=_("Lĩnh vực"), error_messages={"required": _("Chọn lĩnh vực.")})
    secondary_topics = forms.MultipleChoiceField(
        label=_("Lĩnh vực phụ"), required=False, widget=forms.CheckboxSelectMultiple
    )
    flag_ethnic = forms.BooleanField(label=_("Liên quan dân tộc"), required=False)
    flag_religious = forms.BooleanField(label=_("Liên quan tôn giáo"), required=False)
    flag_security = forms.BooleanField(label=_("Liên quan an ninh, trật tự"), required=False)
    severity = forms.TypedChoiceField(
        label=_("Mức độ"),
        coerce=int,
        choices=Severity.choices,
        initial=Severity.MEDIUM,
        error_messages={"required": _("Chọn mức độ từ 1 đến 4.")},
    )
    people_affected = forms.IntegerField(
        label=_("Số người bị ảnh hưởng (ước tính)"),
        min_value=0,
        max_value=PEOPLE_MAX,
        initial=0,
        error_messages={
            "required": _("Nhập số người bị ảnh hưởng (0 nếu chưa rõ)."),
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Số người không được âm."),
            "max_value": _("Số người quá lớn: kiểm tra lại."),
        },
    )
    reported_on = _date(_("Ngày nhận thông tin"))
    update_every_days = forms.IntegerField(
        label=_("Cập nhật tình hình mỗi (ngày)"),
        min_value=0,
        max_value=UPDATE_EVERY_MAX,
        initial=7,
        help_text=_("0: không theo dõi hạn cập nhật định kỳ."),
        error_messages={
            "required": _("Nhập chu kỳ cập nhật (số ngày)."),
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Chu kỳ cập nhật không được âm."),
            "max_value": _("Chu kỳ cập nhật tối đa 365 ngày."),
        },
    )
    petitions = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1200)
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(
        self,
        *args: Any,
        organizations: Choices = (),
        areas: Choices = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", list(organizations))
        _set_choices(self, "area", [("", "—"), *areas])
        topics = topic_choices()
        _set_choices(self, "topic", topics)
        _set_choices(self, "secondary_topics", topics)
        self.fields["content"].widget.attrs.update(
            {
                # POST, only the content: a long text would not fit a URL (414).
                "hx-post": topic_suggest_url(),
                "hx-params": "content",
                "hx-trigger": "input changed delay:800ms, load",
                "hx-target": "#topic-suggestion",
                "hx-swap": "innerHTML",
                "aria-describedby": "topic-suggestion",
            }
        )
        if editing:
            for name in ("organization", "petitions"):
                del self.fields[name]
        elif len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations[0][0]


MOVE_LABELS: dict[str, Any] = {
    Status.VERIFYING: _("Xác minh, nắm tình hình"),
    Status.ESCALATED: _("Báo cáo, kiến nghị cấp trên"),
    Status.BEING_RESOLVED: _("Chuyển sang đang giải quyết"),
    Status.RESOLVED: _("Ghi nhận đã giải quyết"),
    Status.MONITORING: _("Tiếp tục theo dõi"),
    Status.UNFOUNDED: _("Kết luận không có cơ sở"),
}
TEXT_LABELS: dict[str, Any] = {
    Status.RESOLVED: _("Kết quả giải quyết"),
    Status.UNFOUNDED: _("Lý do kết luận không có cơ sở"),
    Status.ESCALATED: _("Tình hình kèm theo (không bắt buộc)"),
}


class MoveForm(forms.Form):
    expected_version = _version()
    escalated_to = forms.TypedChoiceField(
        label=_("Báo cáo, kiến nghị lên"),
        coerce=int,
        error_messages={"required": _("Chọn cơ quan cấp trên.")},
    )
    recommendation = forms.CharField(
        label=_("Kiến nghị, đề xuất"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Ghi kiến nghị, đề xuất với cấp trên.")},
    )
    text = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))

    def __init__(self, *args: Any, to: str, targets: Choices = (), **kwargs: Any) -> None:
        kwargs["prefix"] = f"mv-{to}"
        super().__init__(*args, **kwargs)
        if to == Status.ESCALATED:
            _set_choices(self, "escalated_to", list(targets))
        else:
            del self.fields["escalated_to"]
            del self.fields["recommendation"]
        text = self.fields["text"]
        text.label = TEXT_LABELS.get(to, _("Ghi chú"))
        if to in (Status.RESOLVED, Status.UNFOUNDED):
            text.required = True
            text.error_messages["required"] = (
                _("Ghi kết quả giải quyết.")
                if to == Status.RESOLVED
                else _("Ghi lý do kết luận không có cơ sở.")
            )


class UpdateForm(forms.Form):
    expected_version = _version()
    text = forms.CharField(
        label=_("Tình hình mới"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Nhập nội dung cập nhật tình hình.")},
    )
    on = _date(_("Ngày cập nhật"), required=False, help_text=_("Để trống: hôm nay."))
    people_affected = forms.IntegerField(
        label=_("Số người bị ảnh hưởng (nếu thay đổi)"),
        required=False,
        min_value=0,
        max_value=PEOPLE_MAX,
        error_messages={"invalid": _("Nhập một số nguyên.")},
    )
    severity = forms.TypedChoiceField(
        label=_("Mức độ (nếu thay đổi)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "up")
        super().__init__(*args, **kwargs)
        _set_choices(self, "severity", [("", "—"), *Severity.choices])


class AnswerForm(forms.Form):
    expected_version = _version()
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Nhập nội dung trả lời kiến nghị.")},
    )
    on = _date(_("Ngày trả lời"), required=False, help_text=_("Để trống: hôm nay."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "an")
        super().__init__(*args, **kwargs)


class LinkForm(forms.Form):
    target_type = forms.ChoiceField(label=_("Loại hồ sơ"), choices=LinkKind.choices)
    target_id = forms.IntegerField(
        label=_("Mã hồ sơ (id)"),
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Số id trong địa chỉ trang của hồ sơ, ví dụ /don-thu/125/ → 125."),
        error_messages={
            "required": _("Nhập mã hồ sơ."),
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Mã hồ sơ là số dương."),
            "max_value": _("Mã hồ sơ không hợp lệ."),
        },
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ln")
        super().__init__(*args, **kwargs)


def default_reported_on() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
