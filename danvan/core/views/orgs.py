"""Pages of the organisations: the list (search, filters), one organisation, and the
create and edit forms for administrators.

Each user sees the organisations of their scope (`danvan.core.selectors.scope`); an
organisation outside it answers 404, as if it did not exist. Creating needs the administrator
role somewhere (the parent must be administered by the user; at the top of the tree, a
superuser); editing needs the administrator role at the organisation or above
(`permissions.can_manage_organization`). The services check it again and audit every change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danvan.core import permissions
from danvan.core.errors import DomainError, NotFound, PermissionDenied
from danvan.core.forms.orgs import PARENT_OPTIONS_ID, OrganizationCreateForm, OrganizationEditForm
from danvan.core.models import Organization, OrgKind, OrgLevel
from danvan.core.selectors import accounts as account_selectors
from danvan.core.selectors import orgs as org_selectors
from danvan.core.selectors.audit import audit_trail_for
from danvan.core.services import orgs as org_services

PAGE_SIZE = 50
# The parent field suggests the organisations the user administers; a superuser of a whole
# country would get tens of thousands, so the list stops here (the top levels come first).
PARENT_OPTIONS_MAX = 500


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
    context = {
        "form": form,
        "page": page,
        "querystring": urlencode(params),
        "can_create": _may_create(request.user),
    }
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
        "can_manage": permissions.can_manage_organization(request.user, org),
        "audit_entries": audit_trail_for(user=request.user, target=org),
    }
    return render(request, "core/orgs/detail.html", context)


def _may_create(user: Any) -> bool:
    """Administers some organisation (to create below it), or is a superuser."""
    administered = permissions.administered_organization_ids(user)
    return administered is None or bool(administered)


def _parent_options(user: Any) -> list[Organization]:
    return list(account_selectors.grantable_organizations(actor=user)[:PARENT_OPTIONS_MAX])


def _render_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    org: Organization | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "org": org,
        "parent_options": _parent_options(request.user),
        "parent_options_id": PARENT_OPTIONS_ID,
    }
    return render(request, "core/orgs/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên được thêm cơ quan, đơn vị."))
    if request.method == "POST":
        form = OrganizationCreateForm(request.POST)
    else:
        # "Thêm cơ quan trực thuộc" on a detail page links here with ?parent=<code>.
        parent = request.GET.get("parent", "").strip()[:40]
        form = OrganizationCreateForm(initial={"parent_code": parent} if parent else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_services.organization_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                short_name=data["short_name"],
                kind=data["kind"],
                level=data["level"],
                area_code=data["area_code"] or None,
                parent_code=data["parent_code"] or None,
            )
        except DomainError as exc:
            if not exc.fields and isinstance(exc, PermissionDenied):
                # The only anchor of a create is the parent: say it there.
                form.add_error("parent_code", exc.message)
            else:
                form.apply_error(exc)
            return _render_form(request, form, status=exc.status)
        messages.success(
            request,
            _("Đã thêm cơ quan %(name)s (mã %(code)s).") % {"name": org.name, "code": org.code},
        )
        return redirect("core:org_detail", code=org.code)
    return _render_form(request, form, status=422 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, code: str) -> HttpResponse:
    try:
        org = org_selectors.organization_get(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    if not permissions.can_manage_organization(request.user, org):
        raise DjangoPermissionDenied(
            _("Chỉ quản trị viên của cơ quan này hoặc cơ quan cấp trên được sửa nó.")
        )
    initial = OrganizationEditForm.initial_for(org)
    form = OrganizationEditForm(request.POST or None, initial=initial)
    if not permissions.can_manage_organization(request.user, org.parent):
        form.restrict_to_names()
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Không có thay đổi nào để lưu."))
            return redirect("core:org_detail", code=org.code)
        data = form.cleaned_data
        try:
            updated = org_services.organization_update(
                actor=request.user,
                organization=org,
                name=data["name"],
                short_name=data["short_name"],
                kind=data["kind"],
                level=data["level"],
                area_code=data["area_code"] or None,
                parent_code=data["parent_code"] or None,
                is_active=data["is_active"],
            )
        except NotFound as exc:
            raise Http404(exc.message) from None
        except DomainError as exc:
            form.apply_error(exc)
            return _render_form(request, form, org=org, status=exc.status)
        messages.success(
            request, _("Đã lưu thay đổi của cơ quan %(name)s.") % {"name": updated.name}
        )
        return redirect("core:org_detail", code=org.code)
    return _render_form(request, form, org=org, status=422 if form.is_bound else 200)


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("co-quan/", org_list, name="orgs"),
    path("co-quan/them/", org_create, name="org_create"),
    path("co-quan/<str:code>/", org_detail, name="org_detail"),
    path("co-quan/<str:code>/sua/", org_edit, name="org_edit"),
]
