"""Forms of the organisation pages: create an organisation, edit one.

The forms only parse the input (required fields, lengths, choices); the rules (code format,
level against area, parent above and around the area, who may do it) are checked by
`danvan.core.services.orgs`, whose errors the view puts back on these fields: the field names
are the keys of `ValidationFailed.fields`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.core.models import Organization, OrgKind, OrgLevel

# The id of the <datalist> of the organisations the user administers (see form.html).
PARENT_OPTIONS_ID = "org-parent-options"

_AREA_HELP = _(
    "Mã tỉnh 2 chữ số (cơ quan cấp tỉnh) hoặc mã xã 5 chữ số (cơ quan cấp xã), của đơn vị "
    "hành chính đang có hiệu lực; bỏ trống với cơ quan cấp trung ương."
)
_PARENT_HELP = _(
    "Mã của cơ quan cấp trên, ở cùng cấp hoặc cấp cao hơn, có địa bàn chứa địa bàn của cơ "
    "quan này (ví dụ 44-UBND). Bạn phải là quản trị viên của cơ quan cấp trên; chỉ quản trị "
    "hệ thống được để trống."
)


class _OrgFields(forms.Form):
    name = forms.CharField(
        label=_("Tên cơ quan, đơn vị"),
        max_length=250,
        widget=forms.TextInput(attrs={"size": 70}),
        help_text=_("Tên đầy đủ, có dấu, ví dụ: Ủy ban nhân dân xã Hòa An."),
    )
    short_name = forms.CharField(
        label=_("Tên viết tắt"),
        max_length=60,
        required=False,
        help_text=_("Không bắt buộc; ví dụ: UBND xã Hòa An."),
    )
    kind = forms.ChoiceField(
        label=_("Loại cơ quan"),
        choices=[("", _("— Chọn loại —")), *OrgKind.choices],
    )
    level = forms.ChoiceField(
        label=_("Cấp"),
        choices=[("", _("— Chọn cấp —")), *OrgLevel.choices],
        help_text=_("Phải khớp với địa bàn: cấp tỉnh gắn với một tỉnh, cấp xã với một xã."),
    )
    area_code = forms.CharField(
        label=_("Mã địa bàn"),
        max_length=10,
        required=False,
        help_text=_AREA_HELP,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8, "autocomplete": "off"}),
    )
    parent_code = forms.CharField(
        label=_("Mã cơ quan cấp trên"),
        max_length=40,
        required=False,
        help_text=_PARENT_HELP,
        widget=forms.TextInput(
            attrs={"size": 20, "list": PARENT_OPTIONS_ID, "autocomplete": "off"}
        ),
    )

    def apply_error(self, exc: DomainError) -> None:
        """Put a service error on the fields it names, else on the whole form."""
        placed = False
        for name, message in exc.fields.items():
            if name in self.fields:
                self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class OrganizationCreateForm(_OrgFields):
    code = forms.CharField(
        label=_("Mã cơ quan"),
        max_length=40,
        help_text=_(
            "Mã định danh cố định, không sửa được sau khi tạo: chữ không dấu, số, dấu chấm, "
            "gạch ngang hoặc gạch dưới (ví dụ 44001-UBND)."
        ),
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "off"}),
    )
    field_order = ["code", "name", "short_name", "kind", "level", "area_code", "parent_code"]


class OrganizationEditForm(_OrgFields):
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"),
        required=False,
        help_text=_(
            "Bỏ chọn khi cơ quan giải thể hoặc sáp nhập: cơ quan không bị xóa, hồ sơ và lịch "
            "sử của nó vẫn còn."
        ),
    )

    STRUCTURAL = ("kind", "level", "area_code", "parent_code", "is_active")

    def restrict_to_names(self) -> None:
        """For an administrator of the organisation itself: only its names may change."""
        for name in self.STRUCTURAL:
            field = self.fields[name]
            field.disabled = True
            field.help_text = _("Chỉ quản trị viên của cơ quan cấp trên mới đổi được mục này.")

    @staticmethod
    def initial_for(org: Organization) -> dict[str, Any]:
        return {
            "name": org.name,
            "short_name": org.short_name,
            "kind": org.kind,
            "level": org.level,
            "area_code": org.area.code if org.area is not None else "",
            "parent_code": org.parent.code if org.parent is not None else "",
            "is_active": org.is_active,
        }
