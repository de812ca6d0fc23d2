"""Pages of the organisations: the list (search, filters) and one organisation.

Each user sees the organisations of their scope (`danvan.core.selectors.scope`); an
organisation outside it answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from danvan.core.errors import NotFound
from danvan.core.models import OrgKind, OrgLevel
from danvan.core.selectors import orgs as org_selectors

PAGE_SIZE = 50


class OrgFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm theo tên hoặc mã"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("ví dụ: ubnd quang tri")}
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại"),
        required=False,
        choices=[("", gettext_lazy("Mọi loại")), *OrgKind.choices],
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Cấp"),
        required=False,
        choices=[("", gettext_lazy("Mọi cấp")), *OrgLevel.choices],
    )
    area = forms.CharField(
        label=gettext_lazy("Mã địa bàn"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Mã tỉnh: gồm cả các xã của tỉnh."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    inactive = forms.BooleanField(
        label=gettext_lazy("Gồm cả cơ quan đã ngừng hoạt động"), required=False
    )


@login_required
@require_GET
def org_list(request: HttpRequest) -> HttpResponse:
    form = OrgFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    orgs = org_selectors.organization_list(
        user=request.user,
        q=data.get("q", ""),
        kind=data.get("kind") or None,
        level=data.get("level") or None,
        area_code=data.get("area") or None,
        include_inactive=bool(data.get("inactive")),
    )
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "page" and v != ""}
    context = {"form": form, "page": page, "querystring": urlencode(params)}
    htmx = getattr(request, "htmx", False)
    return render(request, "core/orgs/_results.html" if htmx else "core/orgs/list.html", context)


@login_required
@require_GET
def org_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        org = org_selectors.organization_get(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    context = {
        "org": org,
        "ancestors": org_selectors.organization_ancestors(org),
        "children": list(org_selectors.organization_children(user=request.user, org=org)),
    }
    return render(request, "core/orgs/detail.html", context)


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("co-quan/", org_list, name="orgs"),
    path("co-quan/<str:code>/", org_detail, name="org_detail"),
]
