"""/don-thu/ (the register: search, filters, bulk assignment) and /don-thu/hop-thu-den/ (cases
transferred to the user's organisations, waiting to be taken in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from danvan.core.errors import DomainError
from danvan.core.pagination import KEYS_UP_TO, DeferredPaginator
from danvan.core.selectors.units import admin_unit_search
from danvan.petitions import selectors
from danvan.petitions.forms import BulkAssignForm, PetitionFilterForm
from danvan.petitions.services import petition_bulk_assign, petition_inbox_acknowledge
from danvan.petitions.views.common import (
    Deadlines,
    case_url,
    own_organization_ids,
    people_choices,
    querystring_without_page,
    safe_next,
)

PAGE_SIZE = 30
AREA_OPTIONS = 15
# A search reads the keys of up to this many matches once, for the count and the page
# (core/pagination.py); a search matching more is counted apart.
SEARCH_KEYS_UP_TO = 1000


def _rows(page_items: list[Any], deadlines: Deadlines) -> list[dict[str, Any]]:
    rows = []
    for p in page_items:
        colour = deadlines.colour(p.next_deadline)
        rows.append(
            {
                "petition": p,
                "rag": colour,
                "rag_label": deadlines.label(colour),
                "days_text": deadlines.days_text(p.next_deadline),
            }
        )
    return rows


def _filters(data: dict[str, Any]) -> selectors.PetitionFilters:
    return selectors.PetitionFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        topic=data.get("topic") or "",
        area_code=(data.get("area") or "").strip(),
        overdue=bool(data.get("overdue")),
        assignee_id=data.get("assignee"),
    )


@login_required
@require_GET
def petition_list(request: HttpRequest) -> HttpResponse:
    choices = people_choices(own_organization_ids(request.user))
    form = PetitionFilterForm(request.GET or None, assignee_choices=choices)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = _filters(data)
    try:
        qs, keys = selectors.petition_list_and_keys(user=request.user, filters=filters)
    except DomainError as exc:
        # A filter the selector refuses (an unknown area code): say so, show nothing.
        form.add_error(None, exc.message)
        qs = selectors.petition_list(user=request.user).none()
        keys = None
    keys_up_to = SEARCH_KEYS_UP_TO if data.get("q") else KEYS_UP_TO
    paginator = DeferredPaginator(qs, PAGE_SIZE, keys_up_to=keys_up_to, keys=keys)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list), Deadlines()),
        "querystring": querystring_without_page(request),
        "bulk_form": BulkAssignForm(assignee_choices=choices),
        "can_bulk_assign": bool(choices),
        "next": request.get_full_path(),
    }
    template = (
        "petitions/_list_results.html"
        if getattr(request, "htmx", False)
        and request.headers.get("HX-Target") == "petition-results"
        else "petitions/list.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def petition_bulk_assign_view(request: HttpRequest) -> HttpResponse:
    back = safe_next(request, reverse("petitions:list"))
    form = BulkAssignForm(
        request.POST, assignee_choices=people_choices(own_organization_ids(request.user))
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(back)
    from danvan.core.models import User

    assignee = User.objects.get(pk=form.cleaned_data["assignee"])
    try:
        count = petition_bulk_assign(
            actor=request.user, petition_ids=form.cleaned_data["ids"], assignee=assignee
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("Đã giao %(n)s đơn cho %(name)s.", "Đã giao %(n)s đơn cho %(name)s.", count)
            % {"n": count, "name": assignee.full_name or assignee.username},
        )
    return HttpResponseRedirect(back)


@login_required
@require_GET
def petition_inbox(request: HttpRequest) -> HttpResponse:
    filters = selectors.PetitionFilters(inbox=True)
    qs, keys = selectors.petition_list_and_keys(user=request.user, filters=filters)
    page = DeferredPaginator(qs, PAGE_SIZE, keys_up_to=KEYS_UP_TO, keys=keys).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": _rows(list(page.object_list), Deadlines()),
        "querystring": "",
    }
    return render(request, "petitions/inbox.html", context)


@login_required
@require_POST
def petition_inbox_take(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    try:
        petition_inbox_acknowledge(petition=petition, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(safe_next(request, reverse("petitions:inbox")))
    messages.success(
        request,
        _("Đã tiếp nhận hồ sơ %(case)s chuyển đến.") % {"case": petition.case_number},
    )
    return HttpResponseRedirect(case_url(petition.pk))


@login_required
@require_GET
def area_options(request: HttpRequest) -> HttpResponse:
    """<option>s for the area datalist (htmx): units in force whose name or code matches."""
    q = request.GET.get("q") or request.GET.get("area_code") or request.GET.get("area") or ""
    q = q.strip()[:60]
    units = []
    if len(q) >= 2:
        try:
            units = list(admin_unit_search(q=q)[:AREA_OPTIONS])
        except DomainError:
            units = []
    return render(request, "petitions/_area_options.html", {"units": units})


@login_required
@require_GET
def petition_statistics_view(request: HttpRequest) -> HttpResponse:
    """/don-thu/thong-ke/: figures for a period, duplicates counted once, satisfaction."""
    from danvan.petitions.forms import StatisticsForm
    from danvan.petitions.statistics import petition_statistics

    form = StatisticsForm(request.GET or None)
    start, end, area = StatisticsForm.defaults()
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"] or start, form.cleaned_data["end"] or end
        area = (form.cleaned_data["area"] or "").strip()
    stats = petition_statistics(
        user=request.user,
        start=start,
        end=end,
        filters=selectors.PetitionFilters(area_code=area),
    )
    return render(
        request, "petitions/statistics.html", {"form": form, "stats": stats, "area": area}
    )
