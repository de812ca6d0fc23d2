"""Forms of the project pages. They only parse; the services check and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.projects.states import ContributionKind, Kind, Source, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_HELP = _("Tính bằng đồng, ví dụ 1.250.000.")


def _today() -> dt.date:
    return timezone.localdate()


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, thôn"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    kind = forms.ChoiceField(label=_("Loại công trình"), required=False)
    area = forms.TypedChoiceField(
        label=_("Xã, phường"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, areas: list[tuple[int, str]], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["status"].choices = every + list(Status.choices)  # type: ignore[attr-defined]
        self.fields["kind"].choices = every + list(Kind.choices)  # type: ignore[attr-defined]
        self.fields["area"].choices = every + areas  # type: ignore[attr-defined]
        self.fields["year"].choices = every + [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Đơn vị quản lý"), coerce=int)
    name = forms.CharField(label=_("Tên công trình"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại công trình"), choices=Kind.choices)
    residential_areas = forms.CharField(
        label=_("Thôn, tổ dân phố"),
        max_length=500,
        help_text=_("Ví dụ: thôn Khe Ngài, thôn Ba Ngày."),
    )
    description = forms.CharField(
        label=_("Quy mô, nội dung đầu tư"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    length_km = forms.CharField(label=_("Chiều dài (km)"), required=False, max_length=20)
    area_m2 = forms.CharField(label=_("Diện tích (m²)"), required=False, max_length=20)
    planned_cost = forms.CharField(
        label=_("Tổng mức đầu tư dự kiến (đồng)"), max_length=30, help_text=MONEY_HELP
    )
    starts_on = forms.DateField(label=_("Ngày khởi công dự kiến"), widget=DATE)
    ends_on = forms.DateField(label=_("Ngày hoàn thành dự kiến"), widget=DATE)
    decision_ref = forms.CharField(
        label=_("Quyết định của cộng đồng"),
        required=False,
        max_length=300,
        help_text=_(
            "Số, ngày của biên bản, nghị quyết hội nghị thôn đã thống nhất làm công trình."
        ),
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, to: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if to not in (Status.SUSPENDED, Status.CANCELLED):
            del self.fields["reason"]
        labels: dict[str, Any] = {
            Status.IN_PROGRESS: _("Ngày khởi công"),
            Status.COMPLETED: _("Ngày hoàn thành"),
            Status.HANDED_OVER: _("Ngày bàn giao"),
        }
        self.fields["on"].label = labels.get(to, _("Ngày"))
        self.fields["on"].initial = _today()
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_{to}_{name}")


class ContributionForm(forms.Form):
    prefix = "con"  # the project page holds several forms: unique ids and names
    source = forms.ChoiceField(label=_("Nguồn đóng góp"), choices=Source.choices)
    contributor = forms.CharField(
        label=_("Người, đơn vị đóng góp"),
        required=False,
        max_length=300,
        help_text=_("Tên hộ gia đình, doanh nghiệp; hoặc “Các hộ thôn …”. Bỏ trống với ngân sách."),
    )
    listed = forms.BooleanField(label=_("Người đóng góp đồng ý công khai tên"), required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ContributionKind.choices)
    amount = forms.CharField(
        label=_("Số lượng"),
        max_length=30,
        help_text=_("Tiền: số đồng; ngày công: số ngày; đất: số m²; vật liệu: khối lượng."),
    )
    unit = forms.CharField(label=_("Đơn vị tính (vật liệu)"), required=False, max_length=30)
    value = forms.CharField(
        label=_("Giá trị quy đổi (đồng)"),
        required=False,
        max_length=30,
        help_text=_("Bắt buộc với vật liệu; không cần với tiền."),
    )
    received = forms.BooleanField(label=_("Đã nhận"), required=False, initial=True)
    pledged_on = forms.DateField(label=_("Ngày đăng ký"), widget=DATE, required=False)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE, required=False)
    receipt = forms.CharField(label=_("Số biên nhận, chứng từ"), required=False, max_length=100)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE)
    receipt = forms.CharField(label=_("Số biên nhận, chứng từ"), required=False, max_length=100)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy bỏ"), max_length=1000)


class ExpenditureForm(forms.Form):
    prefix = "exp"
    date = forms.DateField(label=_("Ngày chi"), widget=DATE)
    item = forms.CharField(label=_("Nội dung chi"), max_length=300)
    amount = forms.CharField(label=_("Số tiền (đồng)"), max_length=30, help_text=MONEY_HELP)
    voucher = forms.CharField(label=_("Số chứng từ"), max_length=100)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class ProgressForm(forms.Form):
    prefix = "prog"
    date = forms.DateField(label=_("Ngày báo cáo"), widget=DATE)
    percent = forms.IntegerField(label=_("Khối lượng hoàn thành (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(label=_("Ảnh minh chứng"), required=False)


class StatisticsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    province = forms.TypedChoiceField(
        label=_("Tỉnh, thành phố"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, years: list[int], provinces: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["year"].choices = every + [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["province"].choices = every + provinces  # type: ignore[attr-defined]


class PublicFilterForm(forms.Form):
    area = forms.TypedChoiceField(
        label=_("Xã, phường"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Loại công trình"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["area"].choices = every + areas  # type: ignore[attr-defined]
        self.fields["kind"].choices = every + list(Kind.choices)  # type: ignore[attr-defined]
