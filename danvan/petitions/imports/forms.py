"""Forms of the register import pages: the upload and the column mapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.petitions.imports import columns as cols


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sổ đơn (.xlsx)"),
        help_text=_("Bảng tính Excel có một dòng tiêu đề cột trong 10 dòng đầu."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    organization = forms.TypedChoiceField(
        label=_("Cơ quan của sổ đơn"), coerce=int, empty_value=None
    )
    sheet = forms.CharField(
        label=_("Trang tính"),
        required=False,
        max_length=100,
        help_text=_("Để trống: trang tính đầu tiên."),
    )

    def __init__(self, *args: Any, organizations: Sequence[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.TypedChoiceField)
        org_field.choices = list(organizations)
        if len(organizations) == 1:
            org_field.initial = organizations[0][0]


def field_choices() -> list[tuple[str, str]]:
    return [(cols.IGNORE, str(_("— Bỏ qua cột này —")))] + [
        (code, str(label)) for code, label in cols.FIELD_LABELS.items()
    ]


class MappingForm(forms.Form):
    """One select per column of the register, the sheet, the header row and the option."""

    sheet = forms.ChoiceField(label=_("Trang tính"), required=False)
    header_row = forms.IntegerField(
        label=_("Dòng tiêu đề"), min_value=1, max_value=1000, required=False
    )
    keep_accepted_open = forms.BooleanField(
        label=_("Giữ các đơn «thụ lý» ở trạng thái đang giải quyết"),
        help_text=_(
            "Mặc định, đơn đã thụ lý trong sổ cũ được nhập là đã kết thúc (kết quả giải quyết "
            "theo dõi ngoài hệ thống). Chọn mục này nếu các đơn đó còn đang giải quyết: hạn giải "
            "quyết sẽ được tính từ ngày xử lý."
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        columns: Sequence[cols.Column] = (),
        sheets: Sequence[str] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        sheet_field = self.fields["sheet"]
        assert isinstance(sheet_field, forms.ChoiceField)
        sheet_field.choices = [("", str(_("(trang tính đầu tiên)")))] + [(s, s) for s in sheets]
        self.column_list = list(columns)
        choices = field_choices()
        for column in self.column_list:
            self.fields[f"col-{column.index}"] = forms.ChoiceField(
                label=f"{column.letter}: {column.header or '—'}",
                choices=choices,
                required=False,
                initial=column.field,
            )

    def column_fields(self) -> list[tuple[cols.Column, forms.BoundField]]:
        return [(c, self[f"col-{c.index}"]) for c in self.column_list]

    def mapping(self) -> dict[int, str]:
        return {c.index: self.cleaned_data.get(f"col-{c.index}") or "" for c in self.column_list}
