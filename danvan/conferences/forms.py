"""Forms of the conference pages: schedule filters, the conference, its moves, invitations,
attendance and the conclusions.

Forms only parse and check the shape of input; the services decide what is legal. A service
error (`ValidationFailed.fields`) is put back on the field it names with `apply_error`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.conferences.inputs import ChairInput
from danvan.conferences.states import Attendance, Kind, Status
from danvan.core.forms.errors import set_choices as _set_choices

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%H giờ %M", "%Hh%M", "%H:%M:%S"]
ITEM_ROWS = 6
CHAIR_SPLIT = re.compile(r"\s+[—–-]\s+|,\s*")


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


def parse_chairs(text: str) -> list[ChairInput]:
    """One chair per line: "Họ và tên — chức vụ" (or "Họ và tên, chức vụ")."""
    chairs = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        parts = CHAIR_SPLIT.split(line, maxsplit=1)
        chairs.append(ChairInput(full_name=parts[0], title=parts[1] if len(parts) > 1 else ""))
    return chairs


class ScheduleFilterForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Xem theo"),
        required=False,
        choices=[("week", _("Tuần")), ("month", _("Tháng"))],
    )
    kind = forms.ChoiceField(label=_("Loại hội nghị"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan tổ chức"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Tìm theo tên hội nghị"), required=False, max_length=200)

    def __init__(
        self, *args: Any, organizations: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kind", [("", _("Tất cả")), *Kind.choices])
        _set_choices(self, "organization", [("", _("Tất cả")), *organizations])


class PastFilterForm(ScheduleFilterForm):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[tuple[int, str]] = (),
        years: Sequence[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, organizations=organizations, **kwargs)
        del self.fields["by"]
        _set_choices(
            self,
            "status",
            [("", _("Tất cả"))]
            + [(s, Status(s).label) for s in (Status.HELD, Status.CONCLUDED, Status.CANCELLED)],
        )
        _set_choices(self, "year", [("", _("Tất cả")), *[(y, str(y)) for y in years]])


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hội nghị"))
    organization = forms.TypedChoiceField(label=_("Cơ quan tổ chức"), coerce=int)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=400)
    date = _date(_("Ngày tổ chức"))
    start_time = _time(_("Giờ bắt đầu"))
    end_time = _time(_("Giờ kết thúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    chairs = forms.CharField(
        label=_("Người chủ trì, đồng chủ trì"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi người một dòng: Họ và tên — chức vụ."),
    )
    period_label = forms.CharField(
        label=_("Kỳ đánh giá"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: 6 tháng đầu năm 2026; quý IV/2026; 10 năm 2016–2026."),
    )
    period_start = _date(_("Kỳ đánh giá từ ngày"), required=False)
    period_end = _date(_("Kỳ đánh giá đến ngày"), required=False)
    agenda = forms.CharField(
        label=_("Chương trình hội nghị"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    co_organizers = forms.TypedMultipleChoiceField(
        label=_("Cơ quan phối hợp tổ chức"), required=False, coerce=int
    )
    invited = forms.TypedMultipleChoiceField(
        label=_("Cơ quan, đơn vị được mời"), required=False, coerce=int
    )
    documents = forms.TypedMultipleChoiceField(
        label=_("Văn bản liên quan"), required=False, coerce=int
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[tuple[int, str]] = (),
        units: Sequence[tuple[int, str]] = (),
        documents: Sequence[tuple[int, str]] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("kind", "organization", "date", "invited", "period_start", "period_end"):
                del self.fields[name]
            self.fields["expected_version"] = _version()
            _set_choices(self, "co_organizers", list(units))
            _set_choices(self, "documents", list(documents))
            for name in ("co_organizers", "documents"):
                self.fields[name].widget.attrs["size"] = 8
            return
        _set_choices(self, "kind", Kind.choices)
        _set_choices(self, "organization", list(organizations))
        _set_choices(self, "co_organizers", list(units))
        _set_choices(self, "invited", list(units))
        _set_choices(self, "documents", list(documents))
        for name in ("co_organizers", "invited", "documents"):
            self.fields[name].widget.attrs["size"] = 8


MOVE_LABELS = {
    Status.INVITED: _("Ghi nhận đã gửi giấy mời"),
    Status.HELD: _("Ghi nhận đã tổ chức hội nghị"),
    Status.CONCLUDED: _("Kết thúc hồ sơ hội nghị"),
    Status.POSTPONED: _("Tạm hoãn"),
    Status.CANCELLED: _("Hủy hội nghị"),
    Status.PLANNED: _("Lên lịch lại"),
}
MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    Status.INVITED: ("on",),
    Status.HELD: ("summary",),
    Status.CONCLUDED: ("on",),
    Status.POSTPONED: ("reason", "date"),
    Status.CANCELLED: ("reason",),
    Status.PLANNED: ("date", "start_time", "reason"),
}


class TransitionForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày"), required=False, help_text=_("Để trống: hôm nay."))
    summary = forms.CharField(
        label=_("Kết quả hội nghị (có thể ghi sau)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)
    date = _date(_("Ngày tổ chức mới"), required=False)
    start_time = _time(_("Giờ bắt đầu"))

    def __init__(self, *args: Any, to: str, **kwargs: Any) -> None:
        kwargs["prefix"] = f"mv-{to}"
        super().__init__(*args, **kwargs)
        keep = {"expected_version", *MOVE_FIELDS.get(to, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if to in (Status.POSTPONED, Status.CANCELLED):
            self.fields["reason"].required = True
        if to == Status.POSTPONED:
            self.fields["date"].label = _("Ngày dự kiến tổ chức lại (nếu đã biết)")
        if to == Status.PLANNED:
            self.fields["reason"].label = _("Ghi chú")


class InviteeForm(forms.Form):
    organization = forms.TypedChoiceField(
        label=_("Cơ quan, đơn vị trong hệ thống"), required=False, coerce=int, empty_value=None
    )
    full_name = forms.CharField(label=_("Hoặc họ tên đại biểu"), max_length=200, required=False)
    title = forms.CharField(label=_("Chức vụ"), max_length=300, required=False)
    unit_name = forms.CharField(
        label=_("Cơ quan, đơn vị (ghi tên)"), max_length=250, required=False
    )

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "iv")
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", [("", "—"), *units])


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Tham dự"),
        choices=[(a, Attendance(a).label) for a in Attendance.values if a != Attendance.PENDING],
        widget=forms.RadioSelect,
    )
    absence_reason = forms.CharField(label=_("Lý do vắng mặt"), max_length=500, required=False)
    represented_by = forms.CharField(
        label=_("Người dự thay (họ tên, chức vụ)"), max_length=300, required=False
    )


class ConclusionForm(forms.Form):
    expected_version = _version()
    concluded_by = forms.CharField(label=_("Người kết luận hội nghị"), max_length=200)
    concluded_by_title = forms.CharField(
        label=_("Chức vụ người kết luận"), max_length=300, required=False
    )
    signer_name = forms.CharField(
        label=_("Người ký thông báo"),
        max_length=200,
        required=False,
        help_text=_("Để trống: người kết luận."),
    )
    signer_title = forms.CharField(
        label=_("Chức danh ký"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một dòng chức danh, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."),
    )
    issued_on = _date(_("Ngày ban hành"), required=False, help_text=_("Để trống: hôm nay."))
    assessment = forms.CharField(
        label=_("Đánh giá chung"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        leads: Sequence[tuple[int, str]] = (),
        units: Sequence[tuple[int, str]] = (),
        rows: int = ITEM_ROWS,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "kl")
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(1, rows + 1):
            self.fields[f"content_{i}"] = forms.CharField(
                label=_("Nội dung kết luận %(n)d") % {"n": i},
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"lead_{i}"] = forms.TypedChoiceField(
                label=_("Đơn vị chủ trì (kết luận %(n)d)") % {"n": i},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *leads],
            )
            self.fields[f"due_{i}"] = _date(
                _("Thời hạn (kết luận %(n)d)") % {"n": i}, required=False
            )
            for j in (1, 2):
                self.fields[f"support_{i}_{j}"] = forms.TypedChoiceField(
                    label=_("Đơn vị phối hợp %(j)d (kết luận %(n)d)") % {"j": j, "n": i},
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", "—"), *units],
                )
                self.fields[f"duty_{i}_{j}"] = forms.CharField(
                    label=_("Phần việc phối hợp %(j)d (kết luận %(n)d)") % {"j": j, "n": i},
                    required=False,
                    max_length=300,
                )

    def head_fields(self) -> list[Any]:
        names = (
            "concluded_by",
            "concluded_by_title",
            "signer_name",
            "signer_title",
            "issued_on",
            "assessment",
        )
        return [self[n] for n in names]

    def item_rows(self) -> list[list[Any]]:
        rows = []
        for i in range(1, self.rows + 1):
            names = [f"content_{i}", f"lead_{i}", f"due_{i}"]
            names += [f"{k}_{i}_{j}" for j in (1, 2) for k in ("support", "duty")]
            rows.append([self[n] for n in names])
        return rows


class ProgressForm(forms.Form):
    expected_version = _version()
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class CompleteForm(forms.Form):
    expected_version = _version()
    on = _date(_("Ngày hoàn thành"), required=False, help_text=_("Để trống: hôm nay."))
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


def initial_date() -> dt.date:
    """The default date of a new conference: two weeks ahead, time to send the invitations."""
    return timezone.localdate() + dt.timedelta(days=14)
