"""Audit pages: the trail of one record, and the integrity checks of the whole chain."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.errors import PermissionDenied
from danvan.core.selectors.audit import (
    audit_entries,
    audit_for_target,
    audit_target_resolve,
    audit_verification_list,
)
from danvan.core.services.audit import audit_verification_request


@login_required
def audit_trail(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    events = audit_for_target(user=request.user, target_type=target_type, target_id=target_id)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    entries = audit_entries(page.object_list)
    target = audit_target_resolve(target_type.strip().lower(), target_id.strip())
    if target is not None:
        label = str(target)
    elif entries:
        label = entries[-1].target_label
    else:
        label = f"{target_type} #{target_id}"
    template = (
        "core/audit/_trail.html" if getattr(request, "htmx", False) else "core/audit/trail.html"
    )
    return render(
        request,
        template,
        {
            "audit_entries": entries,
            "page": page,
            "target_label": label,
            "target_type": target_type,
            "target_id": target_id,
        },
    )


# Included by danvan/core/urls.py (namespace "core"): `*audit.urlpatterns`.
@login_required
@require_http_methods(["GET", "POST"])
def audit_integrity(request: HttpRequest) -> HttpResponse:
    """/nhat-ky/kiem-tra/: ask for a check of the whole chain; see the latest outcomes."""
    verifications = audit_verification_list(user=request.user)
    if request.method == "POST":
        try:
            audit_verification_request(actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã đưa yêu cầu kiểm tra vào hàng đợi; kết quả hiện ở đây khi chạy xong."),
            )
        return redirect("core:audit_integrity")
    # htmx polls this page while a check is queued and picks out #verifications itself.
    return render(request, "core/audit/integrity.html", {"verifications": verifications})


urlpatterns = [
    path("nhat-ky/kiem-tra/", audit_integrity, name="audit_integrity"),
    path("nhat-ky/<str:target_type>/<str:target_id>/", audit_trail, name="audit_trail"),
]
