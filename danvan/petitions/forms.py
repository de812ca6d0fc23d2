"""Forms of the petition pages: list filters, intake (with its petitioner formset), the moves,
and the small case actions (assign, extend, agencies, satisfaction, identity).

Forms only parse and check the shape of input; the services decide what is legal. Every
service error (`ValidationFailed.fields`) is put back on the field it names with `apply_error`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.petitions.inputs import FileInput, PersonInput, PetitionInput, TransitionInput
from danvan.petitions.models import ExtensionKind
from danvan.petitions.states import (
    Channel,
    Kind,
    Outcome,
    Satisfaction,
    SatisfactionChannel,
    Status,
)

# The area input asks /don-thu/dia-ban/ for matching units while the officer types (htmx).
AREA_LOOKUP: dict[str, Any] = {
    "list": "area-options",
    "autocomplete": "off",
    "hx-get": reverse_lazy("petitions:area_options"),
    "hx-trigger": "input changed delay:250ms",
    "hx-target": "#area-options",
    "hx-swap": "innerHTML",
    "hx-push-url": "false",
}

# The content asks /nam-tinh-hinh/goi-y-linh-vuc/ for a topic suggestion while the officer
# types (htmx; the fragment lands in #topic-suggestion). POST, and only the content: a long
# letter in a query string would exceed the server's request-line limit (414).
TOPIC_SUGGEST: dict[str, Any] = {
    "hx-post": reverse_lazy("monitoring:topic_suggest"),
    "hx-params": "content",
    "hx-trigger": "keyup changed delay:800ms",
    "hx-target": "#topic-suggestion",
    "hx-swap": "innerHTML",
    "hx-push-url": "false",
    "hx-sync": "this:replace",
}

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

# Single-letter shortcuts of the kind radio buttons (also their accesskeys).
KIND_KEYS: dict[str, str] = {
    Kind.COMPLAINT: "k",
    Kind.DENUNCIATION: "t",
    Kind.PROPOSAL: "n",
    Kind.REPORT: "p",
    Kind.MIXED: "h",
}

# Every field a move may need (`Move.needs`), in the order they are shown.
MOVE_FIELDS: tuple[str, ...] = (
    "outcome",
    "ineligible_reason",
    "transfer_to",
    "complex",
    "especially_complex",
    "decision_number",
    "result_summary",
    "satisfaction",
    "satisfaction_channel",
)


def topic_choices() -> list[tuple[str, str]]:
    from danvan.petitions.topics import topic_choices as topics

    return [(str(code), str(label)) for code, label in topics()]


def ineligible_reason_choices(kind: str) -> list[tuple[str, str]]:
    from danvan.petitions.services import ineligible_reasons

    return [
        (str(r["code"]), f"{r['label']} ({r['citation']})" if r.get("citation") else r["label"])
        for r in ineligible_reasons(kind, timezone.localdate())
    ]


class TextDateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy: one tab stop (a native date input takes three)."""

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


# --- Errors from services ------------------------------------------------------------------

_INDEXED = re.compile(r"^petitioners(?:\.|\[)(\d+)\]?\.?([a-z_]*)$")

# Service field names -> form field names, where they differ.
_ALIASES: dict[str, str] = {
    "area": "area_code",
    "organization": "organization_id",
    "duplicate_of": "duplicate_of_id",
    "files": "attachments",
    "file": "attachments",
    "assignee_id": "assignee",
    "organization_code": "organization",
    "petitions": "ids",
    "expires_at": "days",
}


def apply_error(
    form: forms.Form, exc: DomainError, formset: forms.BaseFormSet | None = None
) -> None:
    """Put a service error next to the fields it names, the rest (and the message) on top."""
    placed = False
    for raw_name, message in exc.fields.items():
        name = _ALIASES.get(raw_name, raw_name)
        match = _INDEXED.match(raw_name)
        if formset is not None and match is not None:
            index, sub = int(match.group(1)), match.group(2) or None
            if index < len(formset.forms):
                sub_form = formset.forms[index]
                sub_form.add_error(sub if sub in sub_form.fields else None, message)
                placed = True
                continue
        if formset is not None and raw_name == "petitioners":
            formset._non_form_errors = formset.error_class(  # type: ignore[attr-defined]
                [*formset.non_form_errors(), message]
            )
            placed = True
            continue
        if name in form.fields:
            form.add_error(name, message)
            placed = True
        else:
            form.add_error(None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
    elif exc.message and exc.message not in form.non_field_errors():
        # The service's sentence says what is wrong overall; keep it at the top.
        form.add_error(None, exc.message)


# --- List ----------------------------------------------------------------------------------


class PetitionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("số hồ sơ, tên người gửi, nội dung…"),
            }
        ),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False)
    topic = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    area = forms.CharField(
        label=_("Địa bàn (mã)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={**AREA_LOOKUP, "size": 8}),
    )
    assignee = forms.TypedChoiceField(
        label=_("Cán bộ xử lý"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("Chỉ đơn quá hạn"), required=False)

    def __init__(
        self,
        *args: Any,
        assignee_choices: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("status", [("", _("Mọi trạng thái")), *Status.choices])
        self._set_choices("kind", [("", _("Mọi loại")), *Kind.choices])
        self._set_choices("topic", [("", _("Mọi lĩnh vực")), *topic_choices()])
        self._set_choices("assignee", [("", _("Mọi cán bộ")), *assignee_choices])

    def _set_choices(self, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(choices)


class BulkAssignForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(label=_("Đơn được chọn"), coerce=int, choices=())
    assignee = forms.TypedChoiceField(label=_("Giao cho cán bộ"), coerce=int, choices=())

    def __init__(
        self,
        *args: Any,
        assignee_choices: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = self.fields["ids"]
        assert isinstance(ids, forms.ChoiceField)
        # Any number: the service checks each id against the actor's scope.
        getlist = getattr(self.data, "getlist", None)
        ids.choices = [(v, v) for v in getlist("ids")] if getlist else []
        ids.error_messages["required"] = _("Chọn ít nhất một đơn trong danh sách.")
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [("", _("— chọn cán bộ —")), *assignee_choices]
        assignee.error_messages["required"] = _("Chọn cán bộ được giao.")


# --- Intake --------------------------------------------------------------------------------


class KindSelect(forms.RadioSelect):
    """Radio buttons for the kind, each with its accesskey (Alt+letter) and letter shortcut."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        key = KIND_KEYS.get(str(option["value"]), "")
        if key:
            option["attrs"]["accesskey"] = key
            option["attrs"]["data-key"] = key
            option["key"] = key.upper()
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PetitionIntakeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=Kind.choices,
        widget=KindSelect,
        error_messages={"required": _("Chọn loại đơn (phím tắt: K, T, N, P, H).")},
    )
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Channel.choices)
    received_on = date_field(_("Ngày nhận đơn"))
    organization_id = forms.TypedChoiceField(
        label=_("Cơ quan tiếp nhận"), coerce=int, required=False, empty_value=None, choices=()
    )
    forwarder = forms.CharField(
        label=_("Nơi chuyển đơn"),
        required=False,
        max_length=250,
        help_text=_("Với đơn do đại biểu, Mặt trận, báo chí hoặc cơ quan khác chuyển đến."),
    )
    forwarder_reference = forms.CharField(
        label=_("Số văn bản chuyển đơn"), required=False, max_length=100
    )
    pakn_code = forms.CharField(label=_("Mã PAKN"), required=False, max_length=60)
    anonymous = forms.BooleanField(label=_("Đơn nặc danh (không rõ người gửi)"), required=False)
    signer_count = forms.IntegerField(
        label=_("Số người ký đơn"),
        required=False,
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"size": 5}),
        help_text=_(
            "Để trống: bằng số người gửi đã nhập. Từ 5 người trở lên là đơn nhiều người ký."
        ),
    )
    area_code = forms.CharField(
        label=_("Địa bàn"),
        max_length=10,
        widget=forms.TextInput(attrs={**AREA_LOOKUP, "size": 12}),
        help_text=_("Gõ tên hoặc mã xã, phường để chọn; nhận cả mã đơn vị trước 2025."),
        error_messages={"required": _("Nhập địa bàn (mã xã, phường nơi phát sinh vụ việc).")},
    )
    topic = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    respondent = forms.CharField(
        label=_("Người bị khiếu nại, bị tố cáo"), required=False, max_length=500
    )
    content = forms.CharField(
        label=_("Nội dung đơn"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "dup-watch", **TOPIC_SUGGEST}),
        error_messages={"required": _("Nhập nội dung đơn.")},
    )
    summary = forms.CharField(
        label=_("Tóm tắt"),
        required=False,
        max_length=500,
        help_text=_("Một câu; để trống nếu nội dung đã ngắn."),
    )
    requests = forms.CharField(
        label=_("Yêu cầu của người gửi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    complaint_round = forms.TypedChoiceField(
        label=_("Lần khiếu nại"),
        coerce=int,
        choices=[(1, _("Lần đầu")), (2, _("Lần hai"))],
        initial=1,
        required=False,
        empty_value=None,
    )
    attachments = MultipleFileField(
        label=_("Tài liệu kèm theo"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=_("Có thể chọn nhiều tệp (PDF, ảnh, DOCX...)."),
    )
    attachments_original = forms.BooleanField(label=_("Là bản gốc"), required=False)
    duplicate_of_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The topic the classifier suggested while the officer typed (static/js/topic_suggest.js):
    # choosing another one is recorded as a correction. Parsed leniently by the view.
    topic_suggested = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    topic_confidence = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        organization_choices: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", _("— chưa phân loại (Khác) —")), *topic_choices()]
        org = self.fields["organization_id"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(organization_choices)
        if len(organization_choices) <= 1:
            # The service uses the actor's only organisation.
            del self.fields["organization_id"]
        else:
            org.required = True
            org.error_messages["required"] = _("Chọn cơ quan tiếp nhận đơn.")

    def files_input(self) -> list[FileInput]:
        original = bool(self.cleaned_data.get("attachments_original"))
        return [
            FileInput(name=upload.name or "tep", data=upload.read(), is_original=original)
            for upload in self.cleaned_data.get("attachments") or []
        ]

    def to_input(self, petitioners: list[PersonInput]) -> PetitionInput:
        data = self.cleaned_data
        return PetitionInput(
            kind=data["kind"],
            channel=data["channel"],
            received_on=data["received_on"],
            content=data["content"],
            area_code=data["area_code"].strip(),
            petitioners=petitioners,
            anonymous=bool(data.get("anonymous")),
            topic=data.get("topic") or "",
            respondent=data.get("respondent", ""),
            summary=data.get("summary", ""),
            requests=data.get("requests", ""),
            forwarder=data.get("forwarder", ""),
            forwarder_reference=data.get("forwarder_reference", ""),
            pakn_code=data.get("pakn_code", ""),
            signer_count=data.get("signer_count"),
            complaint_round=data.get("complaint_round") or 1,
            duplicate_of_id=data.get("duplicate_of_id"),
            organization_id=data.get("organization_id"),
        )


class PetitionerForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "dup-watch person-name", "autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("Số định danh"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 13, "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "size": 11, "autocomplete": "off"}),
    )
    is_representative = forms.BooleanField(label=_("Đại diện"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others = any(data.get(f) for f in ("id_number", "address", "phone"))
        if others and not data.get("full_name", "").strip():
            self.add_error("full_name", _("Nhập họ và tên người gửi (hoặc xóa cả dòng)."))
        return data

    def to_input(self) -> PersonInput | None:
        data = self.cleaned_data
        name = (data.get("full_name") or "").strip()
        if not name:
            return None
        return PersonInput(
            full_name=name,
            id_number=data.get("id_number", ""),
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            is_representative=bool(data.get("is_representative")),
        )


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=1, max_num=200, absolute_max=500, validate_max=True
)


def petitioners_input(formset: forms.BaseFormSet) -> list[PersonInput]:
    people = []
    for form in formset.forms:
        person = form.to_input() if form.is_valid() else None
        if person is not None:
            people.append(person)
    return people


# --- Case page: moves ----------------------------------------------------------------------


class TransitionForm(forms.Form):
    """One move; only the fields the move needs (`Move.needs`) are kept."""

    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    on = date_field(
        _("Ngày thực hiện"),
        required=False,
        help_text=_("Ngày ký, ban hành văn bản; để trống là hôm nay."),
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý đơn"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    ineligible_reason = forms.ChoiceField(
        label=_("Lý do không đủ điều kiện"),
        required=False,
        help_text=_("Chỉ khi kết quả là «Không đủ điều kiện xử lý»."),
    )
    transfer_to = forms.CharField(
        label=_("Chuyển đến cơ quan (mã)"),
        required=False,
        max_length=40,
        help_text=_("Chỉ khi chuyển đơn: mã cơ quan có thẩm quyền, ví dụ 44-UBND."),
    )
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    especially_complex = forms.BooleanField(label=_("Vụ việc đặc biệt phức tạp"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định, kết luận"), max_length=100)
    result_summary = forms.CharField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3})
    )
    satisfaction = forms.ChoiceField(
        label=_("Mức độ hài lòng của công dân"),
        required=False,
        choices=[("", _("— chưa ghi nhận —")), *Satisfaction.choices],
    )
    satisfaction_channel = forms.ChoiceField(
        label=_("Hình thức ghi nhận"),
        required=False,
        choices=[("", "—"), *SatisfactionChannel.choices],
    )
    reason = forms.CharField(
        label=_("Lý do, ghi chú"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        to: str,
        needs: Iterable[str] = (),
        kind: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = kwargs.get("prefix") or f"mv-{to}"
        super().__init__(*args, **kwargs)
        self.target = to
        wanted = set(needs)
        for name in MOVE_FIELDS:
            if name not in wanted:
                del self.fields[name]
        if "ineligible_reason" in self.fields:
            field = self.fields["ineligible_reason"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "—"), *ineligible_reason_choices(kind)]
        if "reason" in wanted:
            self.fields["reason"].required = True
        self.fields["to"].initial = to
        self.fields["on"].initial = timezone.localdate()

    def to_input(self) -> TransitionInput:
        data = self.cleaned_data
        return TransitionInput(
            to=self.target,
            reason=data.get("reason", ""),
            expected_version=data["expected_version"],
            on=data.get("on"),
            outcome=data.get("outcome", ""),
            ineligible_reason=data.get("ineligible_reason", ""),
            transfer_to=(data.get("transfer_to") or "").strip(),
            complex=bool(data.get("complex")),
            especially_complex=bool(data.get("especially_complex")),
            decision_number=data.get("decision_number", ""),
            result_summary=data.get("result_summary", ""),
            satisfaction=data.get("satisfaction", ""),
            satisfaction_channel=data.get("satisfaction_channel", ""),
        )


# --- Case page: other actions --------------------------------------------------------------


class VersionedForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(VersionedForm):
    prefix = "assign"
    assignee = forms.TypedChoiceField(
        label=_("Cán bộ xử lý"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(
        self, *args: Any, assignee_choices: Iterable[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— chưa giao —")), *assignee_choices]


class ExtensionForm(VersionedForm):
    prefix = "ext"
    kind = forms.ChoiceField(label=_("Loại gia hạn"), choices=ExtensionKind.choices)
    decision_number = forms.CharField(label=_("Số văn bản"), max_length=100)
    decided_on = date_field(_("Ngày quyết định"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class AgencyForm(forms.Form):
    prefix = "agency"
    organization = forms.CharField(
        label=_("Cơ quan (mã)"),
        max_length=40,
        widget=forms.TextInput(attrs={"size": 14}),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=())
    part = forms.CharField(
        label=_("Phần việc"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignee = forms.TypedChoiceField(
        label=_("Người phụ trách"), coerce=int, required=False, empty_value=None, choices=()
    )
    due = date_field(_("Hạn"), required=False)

    def __init__(
        self, *args: Any, assignee_choices: Iterable[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        from danvan.petitions.models import AgencyRole

        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = AgencyRole.choices
        role.initial = AgencyRole.COORDINATING
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *assignee_choices]


class SatisfactionForm(forms.Form):
    prefix = "sat"
    satisfaction = forms.ChoiceField(
        label=_("Mức độ hài lòng"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("Hình thức ghi nhận"),
        choices=SatisfactionChannel.choices,
        initial=SatisfactionChannel.PHONE,
    )
    note = forms.CharField(label=_("Ý kiến của công dân"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReportBackForm(forms.Form):
    prefix = "rb"
    on = date_field(_("Ngày báo cáo"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class AttachmentForm(forms.Form):
    prefix = "att"
    file = forms.FileField(label=_("Tệp"))
    is_original = forms.BooleanField(label=_("Là bản gốc"), required=False)
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def to_input(self) -> FileInput:
        upload = self.cleaned_data["file"]
        return FileInput(
            name=upload.name or "tep",
            data=upload.read(),
            is_original=bool(self.cleaned_data.get("is_original")),
            description=self.cleaned_data.get("description", ""),
        )


class DuplicateMarkForm(VersionedForm):
    prefix = "dup"
    duplicate_of = forms.CharField(
        label=_("Trùng với đơn (số hồ sơ hoặc mã số)"),
        required=False,
        max_length=60,
        help_text=_("Để trống để bỏ đánh dấu trùng."),
    )


class RevealForm(forms.Form):
    prefix = "reveal"
    reason = forms.CharField(
        label=_("Lý do cần xem danh tính"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc; mỗi lần xem được ghi vào nhật ký."),
        error_messages={"min_length": _("Ghi rõ lý do (ít nhất 10 ký tự).")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class GrantForm(forms.Form):
    prefix = "grant"
    user = forms.TypedChoiceField(label=_("Người được cấp quyền"), coerce=int, choices=())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1, max_value=90, initial=30)

    def __init__(
        self, *args: Any, user_choices: Iterable[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *user_choices]

    def expires_at(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(days=int(self.cleaned_data["days"]))


class StatisticsForm(forms.Form):
    """The period (received dates) and area of the statistics page."""

    start = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    end = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    area = forms.CharField(label=_("Mã địa bàn"), required=False, max_length=10)

    @staticmethod
    def defaults() -> tuple[dt.date, dt.date, str]:
        today = timezone.localdate()
        return dt.date(today.year, 1, 1), today, ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data
