"""The audit trail page of one record: /nhat-ky/<target_type>/<target_id>/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from danvan.core.selectors.audit import audit_entries, audit_for_target, audit_target_resolve


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
urlpatterns = [
    path("nhat-ky/<str:target_type>/<str:target_id>/", audit_trail, name="audit_trail"),
]
