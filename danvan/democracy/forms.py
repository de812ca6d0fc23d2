"""Forms of the democracy pages: choices come from the law's data (`legal`), the bodies from
what the user may manage."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.democracy import legal
from danvan.democracy.states import DecisionForm, DecisionStatus, DisclosureStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def group_choices() -> list[tuple[str, str]]:
    return [(g["code"], f"{g['label']} ({g['citation']})") for g in legal.disclosure_groups()]


def channel_choices() -> list[tuple[str, str]]:
    return [(c["code"], c["label"]) for c in legal.channels()]


def matter_choices() -> list[tuple[str, str]]:
    return [(m["code"], f"{m['label']} ({m['citation']})") for m in legal.matters()]


class DisclosureForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Chính quyền cấp xã"), coerce=int)
    group = forms.ChoiceField(label=_("Nhóm nội dung công khai (Điều 11)"))
    title = forms.CharField(label=_("Tên nội dung công khai"), max_length=300)
    residential_area = forms.CharField(
        label=_("Thôn, tổ dân phố (nếu chỉ công khai ở một nơi)"), max_length=200, required=False
    )
    document_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE)
    decision_date = forms.DateField(
        label=_("Ngày ban hành quyết định, văn bản phải công khai"), widget=DATE
    )
    content = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    channels = forms.MultipleChoiceField(
        label=_("Hình thức công khai dự kiến"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    display_from = forms.DateField(label=_("Công khai từ ngày"), required=False, widget=DATE)
    display_to = forms.DateField(label=_("Công khai đến ngày"), required=False, widget=DATE)
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organization"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = organizations
        for name, choices in (("group", group_choices()), ("channels", channel_choices())):
            f = self.fields[name]
            assert isinstance(f, forms.ChoiceField)
            f.choices = choices


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Ngày công khai"), widget=DATE)
    channels = forms.MultipleChoiceField(
        label=_("Hình thức công khai"), widget=forms.CheckboxSelectMultiple
    )
    display_from = forms.DateField(label=_("Công khai từ ngày"), required=False, widget=DATE)
    display_to = forms.DateField(label=_("Công khai đến ngày"), widget=DATE)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields["channels"]
        assert isinstance(f, forms.ChoiceField)
        f.choices = channel_choices()


class DisclosureMoveForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            (DisclosureStatus.ENDED, _("Kết thúc công khai")),
            (DisclosureStatus.WITHDRAWN, _("Thu hồi")),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class DisclosureFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, số văn bản"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    group = forms.ChoiceField(label=_("Nhóm nội dung"), required=False)
    timeliness = forms.ChoiceField(
        label=_("Thời hạn"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("on_time", _("Công khai đúng hạn")),
            ("late", _("Công khai muộn")),
            ("overdue", _("Quá hạn, chưa công khai")),
        ],
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        group = self.fields["group"]
        assert isinstance(status, forms.ChoiceField) and isinstance(group, forms.ChoiceField)
        status.choices = [("", _("Tất cả")), *DisclosureStatus.choices]
        group.choices = [("", _("Tất cả"))] + [
            (g["code"], g["label"][:80]) for g in legal.disclosure_groups()
        ]


class DecisionRecordForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Ủy ban nhân dân cấp xã"), coerce=int)
    residential_area = forms.CharField(label=_("Thôn, tổ dân phố"), max_length=200)
    matter = forms.ChoiceField(label=_("Nội dung Nhân dân bàn và quyết định (Điều 15)"))
    title = forms.CharField(label=_("Vấn đề bàn và quyết định"), max_length=300)
    content = forms.CharField(
        label=_("Nội dung, phương án"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    form = forms.ChoiceField(label=_("Hình thức"), choices=DecisionForm.choices)
    held_on = forms.DateField(label=_("Ngày họp, ngày kiểm phiếu"), widget=DATE)
    total_households = forms.IntegerField(label=_("Tổng số hộ gia đình"), min_value=1)
    participating = forms.IntegerField(label=_("Số hộ tham gia"), min_value=0)
    agreeing = forms.IntegerField(label=_("Số hộ tán thành"), min_value=0)
    against = forms.IntegerField(label=_("Số hộ không tán thành"), min_value=0, initial=0)
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organization"]
        matter = self.fields["matter"]
        assert isinstance(org, forms.ChoiceField) and isinstance(matter, forms.ChoiceField)
        org.choices = organizations
        matter.choices = matter_choices()


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Ngày gửi biên bản lên Ủy ban nhân dân xã"), widget=DATE)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class RecogniseForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Công nhận")), ("0", _("Không công nhận"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi không công nhận)"), max_length=1000, required=False
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=1000)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    matter = forms.ChoiceField(label=_("Nội dung"), required=False)
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        required=False,
        choices=[("", _("Tất cả")), ("passed", _("Được thông qua")), ("failed", _("Không đạt"))],
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        matter = self.fields["matter"]
        assert isinstance(status, forms.ChoiceField) and isinstance(matter, forms.ChoiceField)
        status.choices = [("", _("Tất cả")), *DecisionStatus.choices]
        matter.choices = [("", _("Tất cả"))] + [
            (m["code"], m["label"][:80]) for m in legal.matters()
        ]


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)


class PublicIndexForm(forms.Form):
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields["province"]
        assert isinstance(f, forms.ChoiceField)
        f.choices = [("", _("Tất cả")), *provinces]
