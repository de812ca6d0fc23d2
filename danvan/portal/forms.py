"""The portal's forms: the submission (parsing only; the service checks and explains), the
tracking-code lookup and the rating."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.portal.selectors import portal_communes, portal_provinces
from danvan.portal.services import SubmissionInput

KIND_CHOICES = [
    ("proposal", _("Kiến nghị — đề xuất với cơ quan nhà nước về chính sách, pháp luật, quản lý")),
    ("report", _("Phản ánh — cho cơ quan biết một việc sai, bất cập cần xử lý")),
    (
        "complaint",
        _("Khiếu nại — đề nghị xem xét lại quyết định, hành vi hành chính ảnh hưởng đến bạn"),
    ),
    ("denunciation", _("Tố cáo — báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật")),
]

CONTENT_MAX = 20_000


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn muốn gửi"), choices=KIND_CHOICES, widget=forms.RadioSelect, required=False
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False)
    commune = forms.ChoiceField(
        label=_("Xã, phường, đặc khu"),
        required=False,
        help_text=_(
            "Ý kiến được gửi đến Ủy ban nhân dân xã, phường đã chọn nếu cơ quan đó nhận ý kiến qua "
            "hệ thống; nếu không, hoặc nếu bạn không chọn xã, đến Ủy ban nhân dân tỉnh, thành phố."
        ),
    )
    content = forms.CharField(
        label=_("Nội dung"),
        max_length=CONTENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Việc gì, ở đâu, khi nào, ai liên quan. Ít nhất 10 ký tự."),
    )
    requests = forms.CharField(
        label=_("Bạn đề nghị cơ quan làm gì"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    respondent = forms.CharField(
        label=_("Người, cơ quan bị khiếu nại, tố cáo (nếu có)"), max_length=500, required=False
    )
    anonymous = forms.BooleanField(
        label=_("Gửi tố cáo nặc danh (không ghi họ tên)"), required=False
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("Không bắt buộc; giúp cơ quan xác định đúng người khi cần liên hệ."),
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    consent = forms.BooleanField(
        label=_(
            "Tôi đã đọc thông báo về xử lý dữ liệu cá nhân và đồng ý để cơ quan nhận đơn xử lý "
            "các thông tin trên nhằm tiếp nhận, giải quyết ý kiến của tôi."
        ),
        required=False,
    )
    # Honeypot: hidden from people (and assistive technology); a bot fills it.
    website = forms.CharField(label=_("Để trống ô này"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field = self.fields["province"]
        commune_field = self.fields["commune"]
        assert isinstance(province_field, forms.ChoiceField)
        assert isinstance(commune_field, forms.ChoiceField)
        province_field.choices = [("", _("— Chọn tỉnh, thành phố —"))] + [
            (u.code, u.full_name) for u in portal_provinces()
        ]
        province = self.data.get("province", "") if self.is_bound else ""
        communes = portal_communes(province_code=str(province)) if province else []
        commune_field.choices = [("", _("— Không chọn (gửi Ủy ban nhân dân tỉnh) —"))] + [
            (u.code, u.full_name) for u in communes
        ]
        for name in ("name", "address", "id_number", "phone", "email"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "name": "name",
                "address": "street-address",
                "id_number": "off",
                "phone": "tel",
                "email": "email",
            }[name]
        self.fields["phone"].widget.input_type = "tel"
        self.fields["email"].widget.input_type = "email"
        website = self.fields["website"].widget
        website.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def to_input(self) -> SubmissionInput:
        d = self.cleaned_data
        return SubmissionInput(
            kind=d.get("kind") or "",
            province=d.get("province") or "",
            commune=d.get("commune") or "",
            content=d.get("content") or "",
            requests=d.get("requests") or "",
            respondent=d.get("respondent") or "",
            anonymous=bool(d.get("anonymous")),
            name=d.get("name") or "",
            address=d.get("address") or "",
            id_number=d.get("id_number") or "",
            phone=d.get("phone") or "",
            email=d.get("email") or "",
            consent=bool(d.get("consent")),
        )

    files_error = ""

    def apply_error(self, exc: DomainError) -> None:
        """The service's messages next to the fields they name; the rest on top."""
        self.add_error(None, exc.message)
        for name, message in exc.fields.items():
            if name in self.fields and name != "website":
                self.add_error(name, message)
            elif message != exc.message:
                if name.startswith("files"):
                    self.files_error = message
                self.add_error(None, message)


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        help_text=_("12 ký tự trên giấy biên nhận, ví dụ ABCD-EFGH-JKMN."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    satisfaction = forms.ChoiceField(
        label=_("Bạn có hài lòng với kết quả trả lời, giải quyết không?"),
        choices=[
            ("satisfied", _("Hài lòng")),
            ("partly", _("Hài lòng một phần")),
            ("unsatisfied", _("Không hài lòng")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến thêm (không bắt buộc)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
