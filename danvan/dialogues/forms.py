"""Forms of the dialogue pages: list filters, the dialogue, its moves, and the small actions
(participants, signatures, agenda, statements, outcome, commitments).

Forms only parse and check the shape of input; the services decide what is legal. A service
error (`ValidationFailed.fields`) is put back on the field it names with `apply_error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms.errors import set_choices as _set_choices
from danvan.dialogues.legal import legal_basis_choices
from danvan.dialogues.states import Audience, Kind, Role, Signature, Status

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H giờ %M", "%Hh%M", "%H:%M:%S"]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


def _time(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class DialogueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan tổ chức"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Tìm theo nội dung"), required=False, max_length=200)

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
        _set_choices(self, "year", everything + [(y, str(y)) for y in years])
        _set_choices(self, "organization", everything + list(organizations))


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đối thoại"), choices=Kind.choices)
    organization = forms.TypedChoiceField(label=_("Cơ quan tổ chức"), coerce=int)
    petition = forms.IntegerField(
        label=_("Mã hồ sơ khiếu nại (id)"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "Bắt buộc với đối thoại giải quyết khiếu nại; chọn từ danh sách đơn cần đối thoại."
        ),
    )
    audience = forms.ChoiceField(label=_("Đối tượng đối thoại"), required=False)
    topic = forms.CharField(label=_("Nội dung đối thoại"), max_length=300)
    description = forms.CharField(
        label=_("Mô tả"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date = _date(_("Ngày đối thoại"))
    start_time = _time(_("Giờ bắt đầu"))
    end_time = _time(_("Giờ kết thúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    chair_name = forms.CharField(label=_("Người chủ trì"), max_length=200)
    chair_position = forms.CharField(
        label=_("Chức vụ người chủ trì"), max_length=200, required=False
    )
    legal_bases = forms.MultipleChoiceField(
        label=_("Căn cứ pháp lý"), required=False, widget=forms.CheckboxSelectMultiple
    )
    legal_basis_note = forms.CharField(label=_("Căn cứ khác"), max_length=500, required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", list(organizations))
        _set_choices(self, "audience", [("", "—"), *Audience.choices])
        _set_choices(self, "legal_bases", legal_basis_choices())
        if editing:
            for name in ("kind", "organization", "petition"):
                del self.fields[name]


MOVE_LABELS = {
    Status.NOTIFIED: _("Ghi nhận đã gửi thông báo"),
    Status.HELD: _("Ghi nhận đã tổ chức đối thoại"),
    Status.MINUTES_SIGNED: _("Ký, khóa biên bản"),
    Status.CLOSED: _("Kết thúc"),
    Status.POSTPONED: _("Tạm hoãn"),
    Status.CANCELLED: _("Hủy cuộc đối thoại"),
    Status.PLANNED: _("Lên lịch lại"),
}
MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    Status.NOTIFIED: ("notice_on",),
    Status.HELD: ("outcome",),
    Status.MINUTES_SIGNED: ("on",),
    Status.CLOSED: ("on",),
    Status.POSTPONED: ("reason",),
    Status.CANCELLED: ("reason",),
    Status.PLANNED: ("date", "start_time", "reason"),
}


class TransitionForm(forms.Form):
    expected_version = _version()
    notice_on = _date(_("Ngày gửi thông báo"))
    outcome = forms.CharField(
        label=_("Kết quả đối thoại (có thể ghi sau)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)
    date = _date(_("Ngày đối thoại mới"))
    start_time = _time(_("Giờ bắt đầu"))

    def __init__(self, *args: Any, to: str, **kwargs: Any) -> None:
        kwargs["prefix"] = f"mv-{to}"
        super().__init__(*args, **kwargs)
        keep = {"expected_version", *MOVE_FIELDS.get(to, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if to in (Status.POSTPONED, Status.CANCELLED) and "reason" in self.fields:
            self.fields["reason"].required = True


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    unit = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=250, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    attended = forms.BooleanField(label=_("Có mặt"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "pt")
        super().__init__(*args, **kwargs)
        _set_choices(self, "role", [c for c in Role.choices if c[0] != Role.CHAIR])


class SignatureForm(forms.Form):
    signature = forms.ChoiceField(
        label=_("Ký biên bản"),
        choices=[(Signature.SIGNED, _("Đã ký")), (Signature.REFUSED, _("Từ chối ký"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.CharField(
        label=_("Lý do từ chối ký (bắt buộc khi từ chối)"), max_length=1000, required=False
    )


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Nội dung chương trình"), max_length=300)
    presenter = forms.CharField(label=_("Người trình bày"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ag")
        super().__init__(*args, **kwargs)


class StatementForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("Người phát biểu"), coerce=int)
    agenda_item = forms.TypedChoiceField(
        label=_("Thuộc nội dung"), coerce=int, required=False, empty_value=None
    )
    content = forms.CharField(
        label=_("Ý kiến phát biểu"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        participants: Sequence[tuple[int, str]] = (),
        agenda: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "st")
        super().__init__(*args, **kwargs)
        _set_choices(self, "participant", list(participants))
        _set_choices(self, "agenda_item", [("", "—"), *agenda])


class OutcomeForm(forms.Form):
    expected_version = _version()
    outcome = forms.CharField(
        label=_("Kết quả đối thoại"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "oc")
        super().__init__(*args, **kwargs)


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Nội dung cam kết"), max_length=300)
    made_by = forms.CharField(
        label=_("Người cam kết"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Chủ tịch UBND xã."),
    )
    organization = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int)
    assignee = forms.TypedChoiceField(
        label=_("Cán bộ thực hiện"), coerce=int, required=False, empty_value=None
    )
    due = _date(_("Hạn thực hiện"))
    description = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[tuple[int, str]] = (),
        people: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "cm")
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", list(organizations))
        _set_choices(self, "assignee", [("", "—"), *people])


class ProgressForm(forms.Form):
    expected_version = _version()
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class CompleteForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày hoàn thành"), required=False, help_text=_("Để trống: hôm nay."))
    note = forms.CharField(label=_("Kết quả thực hiện"), max_length=1000, required=False)


class CancelForm(forms.Form):
    expected_version = _version()
    reason = forms.CharField(label=_("Lý do hủy"), max_length=1000)


def initial_date() -> dt.date:
    """The default date of a new dialogue: far enough ahead to send the notice in time."""
    return timezone.localdate() + dt.timedelta(days=10)
