"""Pages of the administrative units: browse and search, one unit, the remote flag.

Reference data: every signed-in user may read it. Setting the remote flag (vùng sâu, vùng
xa) is for administrators (`danvan.core.permissions.can_edit_admin_unit`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from danvan.core import permissions
from danvan.core.errors import NotFound
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.models import AdminUnit, UnitLevel
from danvan.core.selectors import units as unit_selectors
from danvan.core.selectors.audit import audit_trail_for
from danvan.core.services.units import admin_unit_set_remote
from danvan.text import fold

PAGE_SIZE = 50


class UnitFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm theo tên hoặc mã"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("ví dụ: hoa binh, 19564")}
        ),
    )
    province = forms.ChoiceField(label=gettext_lazy("Tỉnh, thành phố"), required=False)
    level = forms.ChoiceField(
        label=gettext_lazy("Cấp"),
        required=False,
        choices=[("", gettext_lazy("Mọi cấp")), *UnitLevel.choices],
    )
    on = forms.DateField(
        label=gettext_lazy("Có hiệu lực ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    history = forms.BooleanField(
        label=gettext_lazy("Gồm cả đơn vị đã hết hiệu lực"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        history = str(self.data.get("history", "")).lower() in {"1", "on", "true", "yes"}
        # One choice per code: with history, a reused code shows every name it has had.
        by_code: dict[str, list[AdminUnit]] = {}
        for unit in unit_selectors.admin_unit_provinces(include_history=history):
            by_code.setdefault(unit.code, []).append(unit)
        choices: list[tuple[str, str]] = []
        for code, rows in sorted(
            by_code.items(), key=lambda item: fold(max(item[1], key=_start).name)
        ):
            names = [u.full_name for u in sorted(rows, key=_start, reverse=True)]
            choices.append((code, " / ".join(dict.fromkeys(names)) + f" ({code})"))
        province = self.fields["province"]
        assert isinstance(province, forms.ChoiceField)
        province.choices = [("", _("Mọi tỉnh, thành phố")), *choices]


def _start(unit: AdminUnit) -> dt.date:
    return unit.valid_from


def _querystring(request: HttpRequest) -> str:
    """The current filters without the page number, for the pagination links."""
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "page" and v != ""}
    return urlencode(params)


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    on: dt.date | None = data.get("on")
    units = unit_selectors.admin_unit_search(
        q=data.get("q", ""),
        level=data.get("level") or None,
        parent_code=data.get("province") or None,
        on=on,
        include_history=bool(data.get("history")),
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        "on": on,
        "history": bool(data.get("history")),
    }
    template = (
        "core/units/_results.html" if getattr(request, "htmx", False) else "core/units/list.html"
    )
    return render(request, template, context)


def _unit_or_404(pk: int) -> AdminUnit:
    try:
        return unit_selectors.admin_unit_get(pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    day = unit_selectors.admin_unit_reference_day(unit)
    current = unit.is_current
    context = {
        "unit": unit,
        "reference_day": day,
        "parent_on": unit_selectors.admin_unit_parent_on(unit),
        "children_count": unit_selectors.admin_unit_children_count(unit),
        "successors": unit_selectors.admin_unit_successors(unit),
        "predecessors": unit_selectors.admin_unit_predecessors(unit),
        "versions": unit_selectors.admin_unit_versions(unit),
        "current_units": [] if current else unit_selectors.admin_unit_current_successors(unit),
        "can_edit": permissions.can_edit_admin_unit(request.user, unit),
        "audit_entries": audit_trail_for(user=request.user, target=unit),
        "children_url": reverse("core:units")
        + "?"
        + urlencode(
            {"province": unit.code, "on": day.isoformat()}
            if unit.level == UnitLevel.PROVINCE
            else {}
        ),
    }
    return render(request, "core/units/detail.html", context)


@login_required
@require_GET
def unit_by_code(request: HttpRequest, code: str) -> HttpResponse:
    """/don-vi-hanh-chinh/ma/<code>/?on=YYYY-MM-DD: the unit with `code` on that date (or today)."""
    raw = request.GET.get("on", "")
    try:
        on = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise Http404(_("Ngày phải có dạng YYYY-MM-DD.")) from None
    try:
        unit = unit_selectors.admin_unit_on(code=code, on=on)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return HttpResponseRedirect(reverse("core:unit_detail", kwargs={"pk": unit.pk}))


@login_required
@require_POST
def unit_set_remote(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    remote = request.POST.get("remote", "") in {"1", "true", "on", "yes"}
    try:
        admin_unit_set_remote(actor=request.user, unit=unit, remote=remote)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    if remote:
        messages.success(request, _("Đã đánh dấu %(unit)s là vùng sâu, vùng xa.") % {"unit": unit})
    else:
        messages.success(
            request, _("Đã bỏ đánh dấu vùng sâu, vùng xa của %(unit)s.") % {"unit": unit}
        )
    return HttpResponseRedirect(reverse("core:unit_detail", kwargs={"pk": unit.pk}))


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("don-vi-hanh-chinh/", unit_list, name="units"),
    path("don-vi-hanh-chinh/<int:pk>/", unit_detail, name="unit_detail"),
    path("don-vi-hanh-chinh/<int:pk>/vung-sau-vung-xa/", unit_set_remote, name="unit_set_remote"),
    path("don-vi-hanh-chinh/ma/<str:code>/", unit_by_code, name="unit_by_code"),
]
