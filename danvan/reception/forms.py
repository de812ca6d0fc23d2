"""Forms of the reception pages. They parse and check the shape of input; the services decide
what is legal, and their field errors are put back on the fields with `apply_error`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.reception.inputs import (
    EntryInput,
    ReplyInput,
    SessionInput,
    SessionTransitionInput,
    VisitorInput,
)
from danvan.reception.reference import refusal_ground_choices
from danvan.reception.states import (
    HostKind,
    Outcome,
    PetitionMode,
    PlaceKind,
    ReplyMethod,
    SessionKind,
    SessionStatus,
)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
CO_REPRESENTATIVES = (2, 3, 4, 5)


class TextDateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy (one tab stop)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "size": 10, "maxlength": 10}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=TextDateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Nhập ngày dạng ngày/tháng/năm, ví dụ 05/02/2026.")},
    )


def time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%Hh%M", "%H.%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Nhập giờ dạng giờ:phút, ví dụ 07:30.")},
    )


def text_field(label: Any, *, max_length: int, required: bool = False, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, strip=True
    )


_ALIASES = {
    "organization": "organization_id",
    "host_user": "host_user_id",
    "session": "session_id",
    "visitor_name": "visitor_name",
    "representatives": "visitor_count",
    "expected_version": None,
    "to": None,
    "status": None,
    "specs": None,
}


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the fields it names, the rest (and the message) on top."""
    placed = False
    for raw, message in exc.fields.items():
        name = _ALIASES.get(raw, raw)
        if raw.startswith("representative_"):
            name = "rep" + raw.removeprefix("representative_")  # representative_2_name -> rep2_name
        if name and name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, message)
        placed = True
    if not placed or (exc.message and exc.message not in form.non_field_errors()):
        form.add_error(None, exc.message)


# --- Sessions -------------------------------------------------------------------------------


class SessionForm(forms.Form):
    organization_id = forms.TypedChoiceField(label=_("Cơ quan tiếp công dân"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Loại buổi tiếp"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    date = date_field(_("Ngày tiếp"))
    start_time = time_field(_("Giờ bắt đầu"))
    end_time = time_field(_("Giờ kết thúc"))
    reason = text_field(_("Lý do tiếp đột xuất"), max_length=4000, rows=2)
    place_kind = forms.ChoiceField(label=_("Nơi tiếp"), choices=PlaceKind.choices)
    place = text_field(_("Địa điểm cụ thể"), max_length=300)
    host_kind = forms.ChoiceField(
        label=_("Người chủ trì"), choices=HostKind.choices, widget=forms.RadioSelect
    )
    host_user_id = forms.TypedChoiceField(
        label=_("Chọn người chủ trì có tài khoản"), coerce=int, required=False, empty_value=None
    )
    host_name = text_field(_("Họ tên người chủ trì"), max_length=200)
    host_position = text_field(_("Chức vụ người chủ trì"), max_length=200)
    agency_ids = forms.TypedMultipleChoiceField(
        label=_("Cơ quan cùng tham dự"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agencies_note = text_field(_("Thành phần tham dự khác"), max_length=500)
    notes = text_field(_("Ghi chú nội bộ"), max_length=4000, rows=2)

    def __init__(
        self,
        *args: Any,
        organization_choices: list[tuple[int, str]],
        host_choices: list[tuple[int, str]],
        agency_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization_id"].choices = organization_choices  # type: ignore[attr-defined]
        self.fields["host_user_id"].choices = [("", "—"), *host_choices]  # type: ignore[attr-defined]
        self.fields["agency_ids"].choices = agency_choices  # type: ignore[attr-defined]
        self.fields["host_name"].help_text = _(
            "Để trống nếu đã chọn người chủ trì có tài khoản (lấy họ tên, chức vụ của tài khoản)."
        )

    def to_input(self) -> SessionInput:
        d = self.cleaned_data
        return SessionInput(
            organization_id=d["organization_id"],
            date=d["date"],
            kind=d["kind"],
            place_kind=d["place_kind"],
            place=d.get("place") or "",
            start_time=d.get("start_time"),
            end_time=d.get("end_time"),
            reason=d.get("reason") or "",
            host_kind=d["host_kind"],
            host_user_id=d.get("host_user_id"),
            host_name=d.get("host_name") or "",
            host_position=d.get("host_position") or "",
            agency_ids=list(d.get("agency_ids") or []),
            agencies_note=d.get("agencies_note") or "",
            notes=d.get("notes") or "",
        )


class SessionFilterForm(forms.Form):
    start = date_field(_("Từ ngày"), required=False)
    end = date_field(_("Đến ngày"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *SessionStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *SessionKind.choices]
    )
    organization = forms.TypedChoiceField(
        label=_("Cơ quan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, organization_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Tất cả")), *organization_choices]  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    """The fields of every move; the page shows those the move needs."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = date_field(_("Ngày thực hiện"), required=False, help_text=_("Để trống: hôm nay."))
    new_date = date_field(_("Ngày tiếp mới"), required=False)
    reason = text_field(_("Lý do (được thông báo công khai)"), max_length=4000, rows=2)
    summary = text_field(_("Tóm tắt kết quả buổi tiếp"), max_length=4000, rows=3)

    NEEDS: dict[str, tuple[str, ...]] = {
        SessionStatus.PUBLISHED: ("on",),
        SessionStatus.POSTPONED: ("new_date", "reason", "on"),
        SessionStatus.HELD: ("summary",),
        SessionStatus.CANCELLED: ("reason", "on"),
    }

    def to_input(self, to: str) -> SessionTransitionInput:
        d = self.cleaned_data
        return SessionTransitionInput(
            to=to,
            expected_version=d["expected_version"],
            on=d.get("on"),
            new_date=d.get("new_date"),
            reason=d.get("reason") or "",
            summary=d.get("summary") or "",
        )

    def visible(self, to: str) -> list[Any]:
        return [self[name] for name in self.NEEDS.get(to, ())]


class TaskForm(forms.Form):
    title = text_field(_("Việc phải làm"), max_length=300, required=True)
    due = date_field(_("Hạn hoàn thành"))
    assignee = forms.TypedChoiceField(
        label=_("Người thực hiện"), coerce=int, required=False, empty_value=None
    )
    description = text_field(_("Nội dung"), max_length=4000, rows=2)

    def __init__(self, *args: Any, assignee_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Chưa giao cho ai")), *assignee_choices]  # type: ignore[attr-defined]


class ConclusionForm(forms.Form):
    issued_on = date_field(_("Ngày ban hành"), required=False, help_text=_("Để trống: hôm nay."))
    general = text_field(_("Ý kiến kết luận chung"), max_length=4000, rows=3)
    tasks = text_field(_("Giao nhiệm vụ (mỗi dòng một việc)"), max_length=4000, rows=3)

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_fields = []
        for entry in entries:
            name = f"conclusion_{entry.pk}"
            self.fields[name] = text_field(
                _("Kết luận đối với lượt tiếp %(n)s") % {"n": entry.number},
                max_length=4000,
                rows=2,
            )
            self.initial.setdefault(name, entry.conclusion)
            self.entry_fields.append((entry, name))

    def conclusions(self) -> dict[int, str]:
        return {e.pk: self.cleaned_data.get(name) or "" for e, name in self.entry_fields}

    def task_lines(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("tasks") or "").splitlines()]


# --- The register ---------------------------------------------------------------------------


class EntryForm(forms.Form):
    organization_id = forms.TypedChoiceField(
        label=_("Cơ quan tiếp"), coerce=int, required=False, empty_value=None
    )
    session_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    received_on = date_field(_("Ngày tiếp"))
    visitor_name = text_field(_("Họ và tên người được tiếp"), max_length=200, required=True)
    visitor_id_number = text_field(_("Số định danh cá nhân (CCCD)"), max_length=20)
    visitor_phone = text_field(_("Điện thoại"), max_length=30)
    visitor_address = text_field(_("Địa chỉ"), max_length=300)
    visitor_count = forms.IntegerField(
        label=_("Số người đến"),
        min_value=1,
        max_value=100000,
        initial=1,
        help_text=_(
            "Từ 5 người trở lên là tiếp công dân đông người: 5–10 người cử 1–2 người đại diện; "
            "trên 10 người cử không quá 5 người đại diện (Luật Tiếp công dân, Điều 30). Người "
            "được tiếp ở trên là người đại diện thứ nhất."
        ),
    )
    representative_document = text_field(_("Văn bản cử người đại diện (số, ngày)"), max_length=300)
    content = text_field(_("Nội dung công dân trình bày"), max_length=20000, required=True, rows=5)
    prior_handling = text_field(
        _("Vụ việc đã được cơ quan nào giải quyết, giải quyết thế nào"), max_length=4000, rows=2
    )
    request = text_field(_("Yêu cầu, đề nghị của công dân"), max_length=4000, rows=2)
    outcome = forms.ChoiceField(
        label=_("Kết quả tiếp"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    outcome_note = text_field(_("Nội dung hướng dẫn, trả lời, xử lý"), max_length=4000, rows=2)
    transferred_to = text_field(_("Cơ quan nhận đơn chuyển"), max_length=250)
    refusal_ground = forms.ChoiceField(label=_("Căn cứ từ chối tiếp"), required=False)
    petition_mode = forms.ChoiceField(
        label=_("Đơn của công dân"),
        choices=[
            (PetitionMode.NEW, PetitionMode.NEW.label),
            (PetitionMode.LINK, PetitionMode.LINK.label),
        ],
        widget=forms.RadioSelect,
        initial=PetitionMode.NEW,
    )
    petition_id = forms.IntegerField(
        label=_("Số (id) đơn đã có"), required=False, min_value=1, max_value=2**63 - 1
    )
    petition_kind = forms.ChoiceField(label=_("Loại đơn"), required=False)
    area_code = text_field(_("Mã đơn vị hành chính nơi phát sinh vụ việc"), max_length=10)
    topic = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    summary = text_field(_("Tóm tắt"), max_length=500)
    respondent = text_field(_("Người bị khiếu nại, bị tố cáo"), max_length=500)

    def __init__(
        self,
        *args: Any,
        organization_choices: list[tuple[int, str]],
        kind_choices: list[tuple[str, str]],
        topic_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization_id"].choices = [("", "—"), *organization_choices]  # type: ignore[attr-defined]
        self.fields["refusal_ground"].choices = [("", "—"), *refusal_ground_choices()]  # type: ignore[attr-defined]
        self.fields["petition_kind"].choices = [("", "—"), *kind_choices]  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", "—"), *topic_choices]  # type: ignore[attr-defined]
        for i in CO_REPRESENTATIVES:
            self.fields[f"rep{i}_name"] = text_field(
                _("Người đại diện %(n)s — họ và tên") % {"n": i}, max_length=200
            )
            self.fields[f"rep{i}_id_number"] = text_field(
                _("Người đại diện %(n)s — số định danh") % {"n": i}, max_length=20
            )
            self.fields[f"rep{i}_phone"] = text_field(
                _("Người đại diện %(n)s — điện thoại") % {"n": i}, max_length=30
            )

    def representative_rows(self) -> list[list[Any]]:
        return [
            [self[f"rep{i}_name"], self[f"rep{i}_id_number"], self[f"rep{i}_phone"]]
            for i in CO_REPRESENTATIVES
        ]

    def to_input(self) -> EntryInput:
        d = self.cleaned_data
        co = [
            VisitorInput(
                full_name=d.get(f"rep{i}_name") or "",
                id_number=d.get(f"rep{i}_id_number") or "",
                phone=d.get(f"rep{i}_phone") or "",
            )
            for i in CO_REPRESENTATIVES
            if (d.get(f"rep{i}_name") or "").strip()
        ]
        outcome = d["outcome"]
        return EntryInput(
            received_on=d["received_on"],
            content=d["content"],
            outcome=outcome,
            visitor=VisitorInput(
                full_name=d["visitor_name"],
                id_number=d.get("visitor_id_number") or "",
                address=d.get("visitor_address") or "",
                phone=d.get("visitor_phone") or "",
            ),
            organization_id=d.get("organization_id"),
            session_id=d.get("session_id"),
            prior_handling=d.get("prior_handling") or "",
            request=d.get("request") or "",
            outcome_note=d.get("outcome_note") or "",
            transferred_to=d.get("transferred_to") or "",
            refusal_ground=d.get("refusal_ground") or "",
            visitor_count=d.get("visitor_count") or 1,
            co_representatives=co,
            representative_document=d.get("representative_document") or "",
            petition_mode=PetitionMode.NONE if outcome == Outcome.REFUSED else d["petition_mode"],
            petition_id=d.get("petition_id"),
            petition_kind=d.get("petition_kind") or "",
            area_code=d.get("area_code") or "",
            topic=d.get("topic") or "",
            summary=d.get("summary") or "",
            respondent=d.get("respondent") or "",
        )


class EntryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, số thứ tự, số hồ sơ"), required=False, max_length=200
    )
    start = date_field(_("Từ ngày"), required=False)
    end = date_field(_("Đến ngày"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan"), required=False, coerce=int, empty_value=None
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả tiếp"), required=False, choices=[("", _("Tất cả")), *Outcome.choices]
    )
    awaiting_reply = forms.BooleanField(label=_("Chưa trả lời"), required=False)
    crowd = forms.BooleanField(label=_("Đông người"), required=False)

    def __init__(self, *args: Any, organization_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Tất cả")), *organization_choices]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    replied_on = date_field(_("Ngày trả lời"))
    method = forms.ChoiceField(
        label=_("Hình thức trả lời"), choices=ReplyMethod.choices, widget=forms.RadioSelect
    )
    note = text_field(_("Nội dung trả lời"), max_length=4000, rows=3)

    def to_input(self) -> ReplyInput:
        d = self.cleaned_data
        return ReplyInput(
            replied_on=d["replied_on"],
            method=d["method"],
            note=d.get("note") or "",
            expected_version=d["expected_version"],
        )


# --- Duty and the public schedule -----------------------------------------------------------


class DutyForm(forms.Form):
    start = date_field(_("Từ ngày"), required=False)
    end = date_field(_("Đến ngày"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, organization_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Tất cả")), *organization_choices]  # type: ignore[attr-defined]

    @staticmethod
    def defaults() -> tuple[dt.date, dt.date]:
        from danvan.reception.selectors import duty_default_window

        return duty_default_window(timezone.localdate())


class PublicScheduleForm(forms.Form):
    area = forms.ChoiceField(label=_("Tỉnh, xã"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Cơ quan"), required=False, coerce=int, empty_value=None
    )
    start = date_field(_("Từ ngày"), required=False)
    end = date_field(_("Đến ngày"), required=False)

    def __init__(
        self,
        *args: Any,
        area_choices: list[tuple[str, str]],
        organization_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Tất cả")), *area_choices]  # type: ignore[attr-defined]
        self.fields["organization"].choices = [("", _("Tất cả")), *organization_choices]  # type: ignore[attr-defined]
