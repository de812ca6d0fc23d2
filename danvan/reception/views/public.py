"""/cong-dan/lich-tiep-cong-dan/: the public schedule of receptions (no account needed).

Shows the published sessions of the coming weeks and the notices of postponed or cancelled
ones, by province, commune or organisation; never anything about the people received.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from danvan.reception import selectors
from danvan.reception.forms import PublicScheduleForm

DEFAULT_DAYS = 60
MAX_DAYS = 366
# The years the work calendar counts; a date typed outside them is brought inside.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _clamp(day: dt.date) -> dt.date:
    return min(max(day, FIRST_DAY), LAST_DAY)


@require_GET
@cache_control(public=True, max_age=300)
def public_schedule(request: HttpRequest) -> HttpResponse:
    areas = selectors.public_areas()
    area_choices = [
        (u.code, u.full_name if u.level == "province" else f"— {u.full_name}") for u in areas
    ]
    area = (request.GET.get("area") or "").strip()
    organizations = selectors.public_organizations(
        area_code=area if area in {c for c, _label in area_choices} else ""
    )
    form = PublicScheduleForm(
        request.GET or None,
        area_choices=area_choices,
        organization_choices=[(o.pk, o.name) for o in organizations],
    )
    today = timezone.localdate()
    start, end = today, today + dt.timedelta(days=DEFAULT_DAYS)
    area_code, organization_id = "", None
    if form.is_bound and form.is_valid():
        area_code = form.cleaned_data.get("area") or ""
        organization_id = form.cleaned_data.get("organization")
        start = _clamp(form.cleaned_data.get("start") or start)
        end = _clamp(
            form.cleaned_data.get("end") or max(end, start + dt.timedelta(days=DEFAULT_DAYS))
        )
    if end < start:
        start, end = end, start
    end = min(end, start + dt.timedelta(days=MAX_DAYS))
    sessions = selectors.public_schedule(
        area_code=area_code, organization_id=organization_id, start=start, end=end
    )
    return render(
        request,
        "reception/public_schedule.html",
        {"form": form, "sessions": sessions, "start": start, "end": end},
    )
