"""The consultation pages' forms: parsing only; the services check and explain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.consultations.states import (
    Audience,
    AuthorKind,
    CommentStatus,
    DocKind,
    RejectReason,
    ResponseKind,
    SectionKind,
    Status,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_MAX = 50_000
COMMENT_MAX = 5_000


def _blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *list(choices)]


class DraftFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=_blank(Status.choices, _("Tất cả")), required=False
    )
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), choices=_blank(DocKind.choices, _("Tất cả")), required=False
    )


class DraftForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Cơ quan lấy ý kiến"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocKind.choices)
    title = forms.CharField(label=_("Tên dự thảo"), max_length=400)
    summary = forms.CharField(
        label=_("Tóm tắt nội dung"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_on = forms.DateField(label=_("Lấy ý kiến từ ngày"), widget=DATE)
    closes_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    audience = forms.ChoiceField(label=_("Đối tượng lấy ý kiến"), choices=Audience.choices)
    audience_area = forms.TypedChoiceField(
        label=_("Địa bàn lấy ý kiến (khi lấy ý kiến Nhân dân một địa bàn)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    audience_organizations = forms.TypedMultipleChoiceField(
        label=_("Cơ quan, tổ chức được xin ý kiến"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[int, str]],
        areas: list[tuple[int, str]],
        audience_organizations: list[tuple[int, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["organization"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = organizations
        area = self.fields["audience_area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = _blank(areas)
        named = self.fields["audience_organizations"]
        assert isinstance(named, forms.ChoiceField)
        named.choices = audience_organizations
        if editing:
            del self.fields["organization"]


def initial_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today, today + dt.timedelta(days=30)


class TransitionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Lý do"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closes_on = forms.DateField(label=_("Lấy ý kiến đến ngày"), widget=DATE, required=False)

    def __init__(self, *args: Any, to: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if to != Status.CANCELLED:
            del self.fields["reason"]
        if to != "reopen":
            del self.fields["closes_on"]


class SectionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(label=_("Loại"), choices=SectionKind.choices, initial="article")
    number = forms.CharField(label=_("Số (I, 1, 2a...)"), max_length=20, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PasteForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Toàn văn dự thảo"),
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Dán toàn văn: mỗi chương bắt đầu một dòng bằng “Chương I”, mỗi điều bằng "
            "“Điều 1.” kèm tiêu đề; hệ thống tự tách thành chương, mục, điều."
        ),
    )
    clauses = forms.BooleanField(label=_("Tách cả các khoản (1., 2., ...)"), required=False)
    replace = forms.BooleanField(label=_("Thay toàn bộ cấu trúc hiện có"), required=False)


class FileForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    file = forms.FileField(label=_("Tệp dự thảo (PDF, Word)"))


class OrganizationCommentForm(forms.Form):
    section = forms.TypedChoiceField(
        label=_("Góp ý vào"), coerce=int, required=False, empty_value=None
    )
    organization = forms.TypedChoiceField(
        label=_("Cơ quan, tổ chức góp ý (trong hệ thống)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    organization_name = forms.CharField(
        label=_("hoặc tên cơ quan, tổ chức khác"), max_length=250, required=False
    )
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE, required=False)
    text = forms.CharField(
        label=_("Nội dung góp ý"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[int, str]],
        organizations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)
        section.choices = _blank(sections, _("Góp ý chung về dự thảo"))
        org = self.fields["organization"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = _blank(organizations)


class CommentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=_blank(CommentStatus.choices, _("Tất cả")), required=False
    )
    author_kind = forms.ChoiceField(
        label=_("Người góp ý"), choices=_blank(AuthorKind.choices, _("Tất cả")), required=False
    )


class ModerationForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[(CommentStatus.PUBLISHED, ""), (CommentStatus.REJECTED, "")],
    )
    reason = forms.ChoiceField(
        label=_("Lý do không đăng"), choices=_blank(RejectReason.choices), required=False
    )
    note = forms.CharField(
        label=_("Giải thích thêm (người góp ý đọc được)"), max_length=1000, required=False
    )


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=ResponseKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Nội dung tiếp thu, giải trình"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.CharField(
        label=_("Nội dung dự thảo đã sửa (khi tiếp thu)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GroupCreateForm(forms.Form):
    comments = forms.TypedMultipleChoiceField(coerce=int, label=_("Ý kiến"))
    label = forms.CharField(label=_("Nội dung chung của nhóm"), max_length=500, required=False)

    def __init__(self, *args: Any, comment_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comments"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(i, str(i)) for i in comment_ids]


class GroupMergeForm(forms.Form):
    other = forms.TypedChoiceField(label=_("Gộp nhóm này vào nhóm"), coerce=int)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = groups


class SynthesisForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    issued_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE, required=False)
    summary = forms.CharField(
        label=_("Đánh giá chung"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    position = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)


# --- The portal ------------------------------------------------------------------------------


class PublicCommentForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    text = forms.CharField(
        label=_("Ý kiến của bạn"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    area = forms.TypedChoiceField(
        label=_("Xã, phường nơi bạn cư trú"), coerce=int, required=False, empty_value=None
    )
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử (không bắt buộc)"), max_length=254, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan lấy ý kiến xử lý họ tên, nơi cư trú và thông tin liên hệ trên "
            "để tổng hợp, trả lời ý kiến; khi công khai chỉ ghi xã, phường của tôi."
        )
    )
    # Honeypot: hidden from people (and assistive technology); a bot fills it.
    website = forms.CharField(label=_("Để trống ô này"), max_length=200, required=False)

    def __init__(
        self, *args: Any, communes: list[tuple[int, str]], prefix_id: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = _blank(communes, _("— Chọn xã, phường —"))
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class PublicLookupForm(forms.Form):
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
