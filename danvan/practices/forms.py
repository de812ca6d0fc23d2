"""Forms of the practices pages: they parse input; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms.errors import set_choices as _set_choices
from danvan.practices.models import Criterion
from danvan.practices.states import Field, Level, MemberRole, RegistrantKind, Status


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PracticeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị đăng ký"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=200)

    def __init__(
        self, *args: Any, years: list[int], organizations: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "year", [("", _("Tất cả"))] + [(y, str(y)) for y in years])
        _set_choices(self, "field", [("", _("Tất cả")), *Field.choices])
        _set_choices(self, "status", [("", _("Tất cả")), *Status.choices])
        _set_choices(self, "organization", [("", _("Tất cả")), *organizations])


class CountsFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Giai đoạn"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=_("Cấp công nhận"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Đơn vị đăng ký"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        periods: list[tuple[str, str]],
        years: list[int],
        organizations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "period", [("", _("Tất cả")), *periods])
        _set_choices(self, "year", [("", _("Tất cả"))] + [(y, str(y)) for y in years])
        _set_choices(self, "field", [("", _("Tất cả")), *Field.choices])
        _set_choices(self, "level", [("", _("Tất cả")), *Level.choices])
        _set_choices(self, "organization", [("", _("Tất cả")), *organizations])


class PracticeForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organization = forms.TypedChoiceField(label=_("Đơn vị đăng ký"), coerce=int)
    registrant_kind = forms.ChoiceField(
        label=_("Loại đơn vị đăng ký"), choices=RegistrantKind.choices
    )
    registrant_name = forms.CharField(
        label=_("Tên khu dân cư, chi bộ"),
        required=False,
        max_length=250,
        help_text=_("Bắt buộc khi người đăng ký là khu dân cư hoặc chi bộ (ví dụ: Chi bộ thôn 3)."),
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    name = forms.CharField(label=_("Tên mô hình"), max_length=500)
    theme = forms.TypedChoiceField(
        label=_("Gắn với chủ đề năm"), required=False, coerce=int, empty_value=None
    )
    rationale = forms.CharField(label=_("Sự cần thiết"), required=False, widget=_text_area())
    objectives = forms.CharField(label=_("Mục tiêu"), widget=_text_area())
    success_criteria = forms.CharField(
        label=_("Tiêu chí đánh giá kết quả"), required=False, widget=_text_area()
    )
    content_method = forms.CharField(label=_("Nội dung, cách làm"), widget=_text_area(5))
    area_note = forms.CharField(label=_("Địa bàn cụ thể"), required=False, max_length=300)
    beneficiaries = forms.CharField(label=_("Đối tượng thụ hưởng"), required=False, max_length=500)
    lead_forces = forms.CharField(label=_("Lực lượng nòng cốt"), required=False, max_length=500)
    partner_forces = forms.CharField(label=_("Lực lượng phối hợp"), required=False, max_length=500)
    resources = forms.CharField(label=_("Nguồn lực"), required=False, widget=_text_area(2))
    start_on = forms.DateField(label=_("Thời gian bắt đầu"), widget=DateInput())
    end_on = forms.DateField(label=_("Thời gian kết thúc"), required=False, widget=DateInput())
    outputs = forms.CharField(label=_("Kết quả, sản phẩm kiểm chứng được"), widget=_text_area())
    contact_name = forms.CharField(label=_("Người phụ trách"), required=False, max_length=200)
    contact_phone = forms.CharField(label=_("Điện thoại liên hệ"), required=False, max_length=30)
    document = forms.TypedChoiceField(
        label=_("Văn bản phát động"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        documents: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "organization", organizations)
        _set_choices(self, "theme", [("", _("Không gắn")), *themes])
        _set_choices(self, "document", [("", _("Không chọn")), *documents])


class MoveForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Ngày"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=_text_area(2))


class CouncilForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    council_org = forms.TypedChoiceField(label=_("Cơ quan thành lập hội đồng"), coerce=int)
    council_decision = forms.CharField(
        label=_("Quyết định thành lập hội đồng"), required=False, max_length=120
    )
    held_on = forms.DateField(label=_("Ngày họp hội đồng"), widget=DateInput())
    members = forms.CharField(
        label=_("Thành viên hội đồng"),
        widget=_text_area(4),
        help_text=_(
            "Mỗi dòng một người: Họ và tên; chức vụ, đơn vị; vai trò (chủ tịch / thành viên / "
            "thư ký). Người có tài khoản ghi tên đăng nhập trong ngoặc vuông, ví dụ [canbo]."
        ),
    )

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "council_org", organizations)
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


ROLE_WORDS: dict[str, str] = {
    "chủ tịch": MemberRole.CHAIR,
    "chủ tịch hội đồng": MemberRole.CHAIR,
    "thư ký": MemberRole.SECRETARY,
    "thành viên": MemberRole.MEMBER,
}


class ScoreForm(forms.Form):
    """One member's score sheet: a number field per criterion (built from the set)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    member = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, criteria: list[Criterion], member_name: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"points_{c.code}"] = forms.DecimalField(
                label=_("{name} (tối đa {max})").format(name=c.name, max=c.max_points.normalize()),
                min_value=0,
                max_value=c.max_points,
                decimal_places=2,
                max_digits=6,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": c.max_points}),
            )
        self.criteria = criteria


class CloseForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Ngày kết luận"), required=False, widget=DateInput())
    conclusion = forms.CharField(
        label=_("Kết luận của hội đồng"), required=False, widget=_text_area()
    )


class RecognitionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Cấp công nhận"))
    decision_number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=80)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    decision_issuer = forms.CharField(label=_("Cơ quan ban hành quyết định"), max_length=250)

    def __init__(self, *args: Any, levels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Level.choices)
        _set_choices(self, "level", [(lvl, labels[lvl]) for lvl in levels])


class ReplicationForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    site_name = forms.CharField(label=_("Nơi nhân rộng"), max_length=300)
    area_code = forms.CharField(
        label=_("Mã đơn vị hành chính (nếu có)"), required=False, max_length=10
    )
    started_on = forms.DateField(label=_("Ngày bắt đầu áp dụng"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class EvidenceForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, ảnh, Word, Excel; chọn được nhiều tệp cùng lúc."),
    )
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=300)


class ShowcaseFilterForm(forms.Form):
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    level = forms.ChoiceField(label=_("Cấp công nhận"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=200)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "field", [("", _("Tất cả")), *Field.choices])
        _set_choices(self, "level", [("", _("Tất cả")), *Level.choices])
        _set_choices(self, "year", [("", _("Tất cả"))] + [(y, str(y)) for y in years])
