"""Calendar pages: /lich/ (a year's days off and swaps, the deadline calculator, swaps for
administrators) and /lich/quy-tac/ (the rule versions with their legal sources)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.deadlines import (
    MAX_YEAR,
    MIN_YEAR,
    DeadlineEngine,
    DeadlineResult,
    fmt,
    parse_iso_date,
    unit_label,
    variant_label,
    weekday_name,
)
from danvan.core.errors import DomainError, NotFound, ValidationFailed
from danvan.core.forms.calendar import (
    DeadlineForm,
    DeadlineRuleForm,
    DeadlineRuleVersionForm,
    OverrideForm,
)
from danvan.core.models import DeadlineRule
from danvan.core.selectors.calendar import (
    calendar_year,
    can_manage_calendar,
    deadline_engine,
    deadline_rule_choices,
    deadline_rule_get,
    deadline_rule_list,
)
from danvan.core.services.calendar import (
    calendar_override_delete,
    calendar_override_set,
    deadline_rule_update,
    deadline_rule_version_add,
)

# Service error fields -> form fields, where they differ.
_FIELD_ALIASES = {"variants": "variants_text", "variant": None, "suspensions": None}


def _apply_errors(form: forms.Form, exc: DomainError) -> None:
    placed = False
    for name, message in exc.fields.items():
        target = _FIELD_ALIASES.get(name, name)
        if target is not None and target in form.fields:
            form.add_error(target, message)
        else:
            form.add_error(None, message)
        placed = True
    if not placed:
        form.add_error(None, exc.message)


def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    try:
        year = int(raw)
    except ValueError:
        return timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _calculator(
    request: HttpRequest, engine: DeadlineEngine
) -> tuple[DeadlineForm, DeadlineResult | None]:
    choices = deadline_rule_choices()
    if "rule" not in request.GET:
        return DeadlineForm(rule_choices=choices, initial={"start": timezone.localdate()}), None
    form = DeadlineForm(request.GET, rule_choices=choices)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        result = engine.compute(
            rule_id=data["rule"],
            start=data["start"],
            complex=data["complex"],
            especially_complex=data["especially_complex"],
            remote=data["remote"],
            extended=data["extended"],
        )
    except DomainError as exc:
        _apply_errors(form, exc)
        return form, None
    return form, result


def _result_context(form: DeadlineForm, result: DeadlineResult | None) -> dict[str, Any]:
    context: dict[str, Any] = {"deadline_form": form, "deadline": result}
    if result is not None:
        context.update(
            deadline_due_weekday=weekday_name(result.due),
            deadline_unit=unit_label(result.unit),
            deadline_variant=variant_label(result.variant) if result.variant else "",
        )
    return context


def _page_context(
    request: HttpRequest, *, year: int, override_form: OverrideForm | None = None
) -> dict[str, Any]:
    engine = deadline_engine()
    form, result = _calculator(request, engine)
    can_manage = can_manage_calendar(request.user)
    if can_manage and override_form is None:
        override_form = OverrideForm()
    return {
        **_result_context(form, result),
        "year": year,
        "calendar_year": calendar_year(year=year, calendar=engine.calendar),
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "can_manage_calendar": can_manage,
        "override_form": override_form,
    }


def _calendar_url(year: int, anchor: str = "") -> str:
    url = f"{reverse('core:calendar')}?{urlencode({'nam': year})}"
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    year = _year_param(request)
    return render(request, "core/calendar/page.html", _page_context(request, year=year))


@login_required
@require_GET
def deadline_result(request: HttpRequest) -> HttpResponse:
    """The calculator's result alone, for htmx; a plain request goes to the full page."""
    if not getattr(request, "htmx", False):
        return HttpResponseRedirect(f"{reverse('core:calendar')}?{request.GET.urlencode()}")
    form, result = _calculator(request, deadline_engine())
    return render(request, "core/calendar/_deadline_result.html", _result_context(form, result))


@login_required
@require_POST
def override_add(request: HttpRequest) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên mới được sửa lịch làm việc."))
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            override = calendar_override_set(
                actor=request.user,
                date=data["date"],
                kind=data["kind"],
                reason=data["reason"],
                source=data["source"],
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi điều chỉnh lịch ngày {day}: {kind}.").format(
                    day=fmt(override.date), kind=override.get_kind_display()
                ),
            )
            return redirect(_calendar_url(override.date.year, "ngay-nghi"))
    year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else _year_param(request)
    context = _page_context(request, year=year, override_form=form)
    return render(request, "core/calendar/page.html", context, status=400)


@login_required
@require_POST
def override_delete(request: HttpRequest, day: str) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên mới được sửa lịch làm việc."))
    try:
        date = parse_iso_date(day, field="date")
    except ValidationFailed:
        raise Http404 from None
    try:
        calendar_override_delete(actor=request.user, date=date)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa điều chỉnh lịch ngày {day}.").format(day=fmt(date)))
    return redirect(_calendar_url(date.year, "ngay-nghi"))


@login_required
@require_GET
def rules_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rules = list(deadline_rule_list())
    return render(
        request,
        "core/calendar/rules.html",
        {
            "rules": rules,
            "today": today,
            "in_force_ids": {rule.pk for rule in deadline_rule_list(on=today)},
            "can_manage_calendar": can_manage_calendar(request.user),
        },
    )


def _rule_or_404(pk: int) -> DeadlineRule:
    try:
        return deadline_rule_get(pk=pk)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên mới được sửa quy tắc thời hạn."))
    rule = _rule_or_404(pk)
    if request.method == "POST":
        form = DeadlineRuleForm(request.POST)
        if form.is_valid():
            try:
                deadline_rule_update(actor=request.user, rule=rule, data=form.rule_data())
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã lưu quy tắc {rule_id} (phiên bản từ {day}).").format(
                        rule_id=rule.rule_id, day=fmt(rule.valid_from)
                    ),
                )
                return redirect("core:deadline_rules")
    else:
        form = DeadlineRuleForm(initial=DeadlineRuleForm.initial_for(rule))
    return render(
        request,
        "core/calendar/rule_form.html",
        {"form": form, "rule": rule, "new_version": False},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_calendar(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên mới được sửa quy tắc thời hạn."))
    rule = _rule_or_404(pk)
    if request.method == "POST":
        form = DeadlineRuleVersionForm(request.POST)
        if form.is_valid():
            data = form.rule_data()
            valid_from: dt.date = data.pop("valid_from")
            if data.get("valid_to") is None:
                data.pop("valid_to")
            try:
                created = deadline_rule_version_add(
                    actor=request.user, rule_id=rule.rule_id, valid_from=valid_from, data=data
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã thêm phiên bản mới của quy tắc {rule_id}, hiệu lực từ {day}.").format(
                        rule_id=created.rule_id, day=fmt(created.valid_from)
                    ),
                )
                return redirect("core:deadline_rules")
    else:
        initial = DeadlineRuleVersionForm.initial_for(rule)
        initial["valid_from"] = None
        initial["valid_to"] = None
        form = DeadlineRuleVersionForm(initial=initial)
    return render(
        request,
        "core/calendar/rule_form.html",
        {"form": form, "rule": rule, "new_version": True},
        status=400 if form.is_bound else 200,
    )


# Included by danvan/core/urls.py (namespace "core").
urlpatterns = [
    path("lich/", calendar_page, name="calendar"),
    path("lich/tinh-han/", deadline_result, name="calendar_deadline"),
    path("lich/dieu-chinh/", override_add, name="calendar_override_add"),
    path("lich/dieu-chinh/<str:day>/xoa/", override_delete, name="calendar_override_delete"),
    path("lich/quy-tac/", rules_page, name="deadline_rules"),
    path("lich/quy-tac/<int:pk>/sua/", rule_edit, name="deadline_rule_edit"),
    path(
        "lich/quy-tac/<int:pk>/phien-ban-moi/", rule_new_version, name="deadline_rule_new_version"
    ),
]
