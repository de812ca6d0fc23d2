"""Forms of the calendar page: the deadline calculator, day swaps, rule versions."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.deadlines import MAX_LENGTH, VARIANT_KEYS
from danvan.core.models import DeadlineRule, OverrideKind
from danvan.core.services.calendar import RULE_FIELDS as EDITABLE_RULE_FIELDS

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
_VARIANT_ITEM = re.compile(r"^\s*([a-z_]+)\s*[=:]\s*(\d+)\s*$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DeadlineForm(forms.Form):
    rule = forms.ChoiceField(label=_("Quy tắc thời hạn"), choices=())
    start = forms.DateField(
        label=_("Ngày bắt đầu tính"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=_("Ngày của sự kiện (nhận đơn, thụ lý, ban hành...); ngày này không tính."),
    )
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    especially_complex = forms.BooleanField(label=_("Vụ việc đặc biệt phức tạp"), required=False)
    remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    extended = forms.BooleanField(
        label=_("Gia hạn (tố cáo cần kiểm tra, xác minh ở nhiều nơi)"), required=False
    )

    def __init__(self, *args: Any, rule_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = rule_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("complex") and data.get("especially_complex"):
            raise forms.ValidationError(
                _("Chỉ chọn một trong hai: vụ việc phức tạp hoặc vụ việc đặc biệt phức tạp.")
            )
        return data


class OverrideForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), input_formats=DATE_FORMATS, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Loại"), choices=OverrideKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=250,
        widget=forms.TextInput(attrs={"size": 70}),
        help_text=_("Ví dụ: Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)."),
    )
    source = forms.CharField(
        label=_("Căn cứ"),
        max_length=250,
        widget=forms.TextInput(attrs={"size": 70}),
        help_text=_("Số, ngày và cơ quan ban hành văn bản thông báo lịch nghỉ."),
    )


def variants_to_text(variants: dict[str, int]) -> str:
    return "; ".join(f"{key}={value}" for key, value in variants.items())


class DeadlineRuleForm(forms.Form):
    """Edit one rule version; `variants` is typed as "complex=45; remote=45"."""

    title = forms.CharField(label=_("Tên"), max_length=250)
    starts_from = forms.CharField(label=_("Tính từ"), max_length=250)
    length = forms.IntegerField(label=_("Thời hạn"), min_value=1, max_value=MAX_LENGTH)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineRule.Unit.choices)
    direction = forms.ChoiceField(label=_("Chiều tính"), choices=DeadlineRule.Direction.choices)
    variants_text = forms.CharField(
        label=_("Biến thể (tổng thời hạn)"),
        required=False,
        help_text=_(
            "Dạng tên=số, cách nhau bởi dấu chấm phẩy, ví dụ: complex=45; remote=45; "
            "remote_complex=60. Tên có thể dùng: complex, especially_complex, remote, "
            "remote_complex, extended."
        ),
    )
    citation = forms.CharField(label=_("Căn cứ pháp lý"), max_length=300)
    verified = forms.BooleanField(label=_("Đã kiểm chứng nguồn"), required=False)
    note = forms.CharField(
        label=_("Ghi chú (hiện dưới phần giải thích hạn)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    valid_to = forms.DateField(
        label=_("Hết hiệu lực từ"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        required=False,
        help_text=_(
            "Để trống nếu còn hiệu lực; phiên bản hết hiệu lực từ ngày này (không tính ngày này)."
        ),
    )

    # The service's editable fields but `variants`, which the form edits as text.
    RULE_FIELDS = tuple(name for name in EDITABLE_RULE_FIELDS if name != "variants")

    @classmethod
    def initial_for(cls, rule: DeadlineRule) -> dict[str, Any]:
        initial = {name: getattr(rule, name) for name in cls.RULE_FIELDS}
        initial["variants_text"] = variants_to_text(dict(rule.variants or {}))
        return initial

    def clean_variants_text(self) -> dict[str, int]:
        text = self.cleaned_data.get("variants_text") or ""
        variants: dict[str, int] = {}
        for item in filter(None, (part.strip() for part in re.split(r"[;,\n]", text))):
            match = _VARIANT_ITEM.match(item)
            if not match or match.group(1) not in VARIANT_KEYS:
                raise forms.ValidationError(
                    _("“%(item)s” không đúng dạng tên=số với tên hợp lệ."),
                    params={"item": item},
                )
            variants[match.group(1)] = int(match.group(2))
        return variants

    def rule_data(self) -> dict[str, Any]:
        """The cleaned values as `deadline_rule_update` expects them."""
        data = {name: self.cleaned_data[name] for name in self.RULE_FIELDS}
        data["variants"] = self.cleaned_data["variants_text"]
        return data


class DeadlineRuleVersionForm(DeadlineRuleForm):
    """A new version from `valid_from`: the law changed on that day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].help_text = _(
            "Ngày văn bản mới có hiệu lực; phiên bản đang áp dụng sẽ hết hiệu lực từ ngày này."
        )
        self.fields["valid_to"].help_text = _(
            "Để trống để phiên bản mới áp dụng hết thời gian còn lại của phiên bản đang áp dụng."
        )
