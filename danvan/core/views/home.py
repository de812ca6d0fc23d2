from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core.selectors.home import home_scope_summary, upcoming_days_off


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"summary": home_scope_summary(user=request.user), "days_off": upcoming_days_off()},
    )
