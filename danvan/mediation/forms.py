"""Forms of the mediation pages: they parse input; the services check it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.mediation.states import CaseSource, CaseStatus, DisputeKind, Gender, MemberRole, Side

Choices = Sequence[tuple[Any, Any]]
PARTY_ROWS = 4


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


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    dispute_kind = forms.ChoiceField(label=_("Loại vụ việc"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(
        label=_("Tổ hòa giải"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("Chỉ vụ việc quá hạn bắt đầu hòa giải"), required=False)

    def __init__(self, *args: Any, years: list[int], teams: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        every = str(_("Tất cả"))
        _set_choices(self, "status", CaseStatus.choices, blank=every)
        _set_choices(self, "dispute_kind", DisputeKind.choices, blank=every)
        _set_choices(self, "year", [(y, str(y)) for y in years], blank=every)
        _set_choices(self, "team", teams, blank=every)


class TeamForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Ủy ban nhân dân cấp xã"), coerce=int)
    name = forms.CharField(label=_("Tên tổ hòa giải"), max_length=200)
    residential_area = forms.CharField(label=_("Thôn, tổ dân phố"), max_length=200)
    established_on = _date(_("Ngày thành lập"), required=False)
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=60, required=False
    )

    def __init__(self, *args: Any, organizations: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "organization", organizations)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    ethnicity = forms.CharField(label=_("Dân tộc (không bắt buộc)"), max_length=60, required=False)
    from_on = _date(_("Làm nhiệm vụ từ ngày"))
    decision_number = forms.CharField(
        label=_("Số quyết định công nhận của Chủ tịch UBND xã"), max_length=60, required=False
    )
    decision_date = _date(_("Ngày quyết định công nhận"), required=False)


class MemberEndForm(forms.Form):
    on = _date(_("Thôi làm nhiệm vụ từ ngày"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=1000)


class DissolveForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày giải thể"), required=False)
    reason = forms.CharField(label=_("Lý do giải thể"), max_length=1000)


class CaseForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Tổ hòa giải"), coerce=int)
    received_on = _date(_("Ngày tiếp nhận"))
    source = forms.ChoiceField(label=_("Căn cứ tiến hành hòa giải"), choices=CaseSource.choices)
    referrer = forms.CharField(
        label=_("Cơ quan, tổ chức, cá nhân đề nghị (nếu có)"), max_length=300, required=False
    )
    dispute_kind = forms.ChoiceField(label=_("Loại vụ việc"), choices=DisputeKind.choices)
    summary = _text(_("Tóm tắt vụ việc"), rows=5)
    mediators = forms.TypedMultipleChoiceField(
        label=_("Hòa giải viên được phân công"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, teams: Choices, mediators: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "team", teams)
        _set_choices(self, "mediators", mediators)
        self.fields["summary"].help_text = _(
            "Nội dung mâu thuẫn, tranh chấp; họ tên, địa chỉ các bên ghi ở phần dưới."
        )
        for i in range(PARTY_ROWS):
            n = i + 1
            self.fields[f"party_{i}_name"] = forms.CharField(
                label=_("Họ và tên (người {n})").format(n=n), max_length=200, required=False
            )
            self.fields[f"party_{i}_side"] = forms.ChoiceField(
                label=_("Bên (người {n})").format(n=n),
                choices=Side.choices,
                initial=Side.FIRST if i == 0 else Side.SECOND,
                required=False,
            )
            self.fields[f"party_{i}_address"] = forms.CharField(
                label=_("Địa chỉ (người {n})").format(n=n), max_length=300, required=False
            )


class AssignForm(forms.Form):
    expected_version = _version()
    mediators = forms.TypedMultipleChoiceField(
        label=_("Hòa giải viên"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    on = _date(_("Ngày phân công"), required=False)

    def __init__(self, *args: Any, mediators: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "mediators", mediators)


class SessionForm(forms.Form):
    held_on = _date(_("Ngày hòa giải"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    attendees = _text(_("Thành phần tham dự"), required=False, rows=2, max_length=5000)
    content = _text(_("Nội dung, diễn biến"))


class OutcomeForm(forms.Form):
    """One outcome (`to`): the fields it needs."""

    expected_version = _version()
    on = _date(_("Ngày"), required=False)

    def __init__(self, *args: Any, to: str, **kw: Any) -> None:
        kw.setdefault("prefix", f"mv-{to}")
        super().__init__(*args, **kw)
        if to == CaseStatus.RECONCILED:
            self.fields["agreement"] = _text(_("Nội dung các bên đã thỏa thuận"))
            self.fields["recognition_note"] = forms.CharField(
                label=_("Ghi chú công nhận kết quả hòa giải thành (nếu có)"),
                max_length=1000,
                required=False,
            )
        elif to in (CaseStatus.FAILED, CaseStatus.WITHDRAWN, CaseStatus.TRANSFERRED):
            self.fields["note"] = _text(_("Lý do"), rows=3)
            if to == CaseStatus.TRANSFERRED:
                self.fields["transferred_to"] = forms.CharField(
                    label=_("Cơ quan có thẩm quyền nhận vụ việc"), max_length=300
                )
        if to == CaseStatus.MEDIATING:
            self.fields["on"].label = _("Ngày bắt đầu hòa giải")


class ToPetitionForm(forms.Form):
    expected_version = _version()
    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=[("proposal", _("Kiến nghị")), ("complaint", _("Khiếu nại"))],
    )
    petitioners = forms.TypedMultipleChoiceField(
        label=_("Người gửi đơn"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    received_on = _date(_("Ngày nhận đơn"), required=False)
    requests = _text(_("Yêu cầu, đề nghị của người gửi"), required=False, rows=3)

    def __init__(self, *args: Any, parties: Choices, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_choices(self, "petitioners", parties)
        self.fields["petitioners"].help_text = _(
            "Không chọn: những người của bên thứ nhất (bên yêu cầu hòa giải)."
        )
