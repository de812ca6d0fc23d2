"""The report pages, under /bao-cao/ (namespace "reports"): the list, a unit's own report, the
requests to units and who answered them, the report page (figures beside the previous period,
each drilling down to its records; narrative; reviews), editing, sending, reviewing,
downloads, and a unit's report settings.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names, a lost race reloads the page with a conflict message (409).
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
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError, NotFound
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.forms.errors import apply_error, set_choices
from danvan.core.models import Organization
from danvan.core.views.actions import record_form_action
from danvan.reports import permissions, selectors, services
from danvan.reports.build import FORMATS, FileUnavailable, report_file, snapshot_rows
from danvan.reports.forms import (
    ProfileForm,
    ReportCreateForm,
    ReportEditForm,
    ReportFilterForm,
    RequestCreateForm,
    ReviewForm,
    SubmitForm,
)
from danvan.reports.indicators import (
    Window,
    coverage_for,
    indicator_get,
    records_for,
)
from danvan.reports.models import Report
from danvan.reports.states import EDITABLE, SECTIONS, Status

CONFLICT_MESSAGE = _("Báo cáo vừa được người khác thay đổi; trang đã tải lại bản mới nhất.")


def _get(request: HttpRequest, pk: int) -> Report:
    try:
        return selectors.report_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None


def _managed_orgs(user: Any) -> list[Organization]:
    ids = permissions.managing_organization_ids(user)
    qs = Organization.objects.filter(is_active=True).select_related("area")
    # A superuser picks among the national and province bodies (the communes are thousands).
    qs = qs.filter(pk__in=sorted(ids)) if ids is not None else qs.exclude(level="commune")
    return list(qs.order_by("level", "name")[:500])


def _org_choices(user: Any) -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in _managed_orgs(user)]


def _org(code: str) -> Organization:
    org = Organization.objects.select_related("area", "parent").filter(code=code).first()
    if org is None:
        raise Http404
    return org


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    rows: Any = Report.objects.none()
    error = ""
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        try:
            rows = selectors.report_list(
                user=request.user,
                kind=data.get("kind") or "",
                status=data.get("status") or "",
                period=data.get("period") or "",
                organization_code=data.get("org") or "",
            )
        except DomainError as exc:
            error = exc.message
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "page": page,
            "error": error,
            "querystring": urlencode(query),
            "can_create": bool(_managed_orgs(request.user)),
            "today": services._today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    choices = _org_choices(request.user)
    if not choices:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập báo cáo của đơn vị nào."))
    form = ReportCreateForm(request.POST or None, initial={"kind": "six-month"})
    set_choices(form, "organization", choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_create(
                    actor=request.user,
                    organization=_org(data["organization"]),
                    kind=data["kind"],
                    period_code=data["period"],
                    title=data.get("title") or "",
                    due_on=data.get("due_on"),
                )
            except DomainPermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lập dự thảo báo cáo; viết phần nội dung rồi gửi."))
                return HttpResponseRedirect(reverse("reports:edit", args=[report.pk]))
        else:
            status = 400
    return render(
        request,
        "reports/form.html",
        {"form": form, "title": _("Lập báo cáo định kỳ"), "submit": _("Lập dự thảo")},
        status=status,
    )


def _when(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _indicator_label(code: str) -> str:
    indicator = indicator_get(code)
    return indicator.label if indicator else code


def _render_detail(
    request: HttpRequest,
    report: Report,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    live = services.live_values(report)
    rows = snapshot_rows(report, live)
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row["group"]:
            groups.append((row["group"], []))
        groups[-1][1].append(row)
    can_write = permissions.can_write(request.user, report)
    can_review = permissions.can_review(request.user, report)
    editable = report.status in EDITABLE
    previous_label = (report.figures or {}).get("previous_label") if not editable else None
    if previous_label is None:
        from danvan.reports.periods import period_previous

        previous_label = period_previous(services.report_period(report)).label
    context = {
        "report": report,
        "groups": groups,
        "previous_label": previous_label,
        "sections": [(label, getattr(report, name)) for name, label in SECTIONS],
        "reviews": list(selectors.report_reviews(report)),
        "can_write": can_write and editable,
        "can_configure": can_write,
        "can_review": can_review and report.status == Status.SUBMITTED,
        "submit_form": bound.get("submit")
        or SubmitForm(initial={"expected_version": report.version}),
        "review_form": bound.get("review")
        or ReviewForm(initial={"expected_version": report.version}),
        "formats": FORMATS,
        "units": live.get("units", []),
        "unit_labels": [_indicator_label(c) for c in services.UNIT_CODES],
        "computed_at": _when(live.get("computed_at")),
        "live": editable,
    }
    return render(request, "reports/detail.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    if not permissions.can_write(request.user, report):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem báo cáo này."))
    if report.status not in EDITABLE:
        messages.error(request, _("Báo cáo đã gửi, không sửa được nữa."))
        return HttpResponseRedirect(reverse("reports:detail", args=[pk]))
    initial = {name: getattr(report, name) for name in services.EDIT_FIELDS}
    initial["expected_version"] = report.version
    form = ReportEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("expected_version")
            try:
                services.report_update(
                    actor=request.user, report=report, expected_version=version, data=data
                )
            except DomainPermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except DomainError as exc:
                if exc.status == 409:
                    messages.error(request, str(CONFLICT_MESSAGE))
                    return HttpResponseRedirect(reverse("reports:edit", args=[pk]))
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
                return HttpResponseRedirect(reverse("reports:detail", args=[pk]))
        else:
            status = 400
    rows = snapshot_rows(report)
    return render(
        request,
        "reports/edit.html",
        {"report": report, "form": form, "rows": [r for r in rows if not r["parent"]]},
        status=status,
    )


def _act(
    request: HttpRequest, pk: int, *, key: str, form: forms.Form, call: Any, success: Any
) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: _get(request, pk),
        render=lambda record, status, bound: _render_detail(request, record, status, bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=reverse("reports:detail", args=[pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    if not permissions.can_write(request.user, report):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem báo cáo này."))

    def call(r: Report, data: dict[str, Any]) -> None:
        services.report_submit(
            actor=request.user,
            report=r,
            expected_version=data["expected_version"],
            issued_on=data.get("issued_on"),
        )

    def success(r: Report) -> str:
        return _("Đã ban hành và gửi báo cáo số %(number)s.") % {"number": r.number}

    return _act(
        request, pk, key="submit", form=SubmitForm(request.POST), call=call, success=success
    )


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    if not permissions.can_review(request.user, report):
        raise DjangoPermissionDenied(_("Chỉ đơn vị yêu cầu báo cáo mới xem xét được báo cáo."))

    def call(r: Report, data: dict[str, Any]) -> None:
        services.report_review(
            actor=request.user,
            report=r,
            expected_version=data["expected_version"],
            action=data["action"],
            comment=data.get("comment") or "",
        )

    def success(r: Report) -> str:
        if r.status == Status.ACCEPTED:
            return _("Đã tiếp nhận báo cáo.")
        return _("Đã trả lại báo cáo để đơn vị bổ sung, chỉnh sửa.")

    return _act(
        request, pk, key="review", form=ReviewForm(request.POST), call=call, success=success
    )


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in (*FORMATS, "forms"):
        raise Http404
    report = _get(request, pk)
    try:
        rendered = report_file(report, fmt)
    except FileUnavailable as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("reports:detail", args=[pk]))
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def report_drilldown(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    report = _get(request, pk)
    indicator = indicator_get(code)
    if indicator is None:
        raise Http404
    window = Window(report.window_start, report.window_end)
    records = records_for(code, coverage_for(report.organization), window, request.user)
    frozen = None
    if report.status not in EDITABLE:
        pair = (report.figures or {}).get("values", {}).get(code)
        frozen = pair[0] if pair else None
    return render(
        request,
        "reports/drilldown.html",
        {"report": report, "indicator": indicator, "records": records, "frozen": frozen},
    )


# --- requests ---------------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (r, selectors.request_board(r))
        for r in selectors.request_list(user=request.user).prefetch_related("reports")[:100]
    ]
    return render(
        request,
        "reports/requests.html",
        {"rows": rows, "can_create": bool(_managed_orgs(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    choices = _org_choices(request.user)
    if not choices:
        raise DjangoPermissionDenied(_("Bạn không có quyền yêu cầu báo cáo."))
    codes = [c for c, _name in choices]
    chosen = request.POST.get("organization") or request.GET.get("org") or codes[0]
    if chosen not in codes:
        chosen = codes[0]
    org = _org(chosen)
    candidates = services.request_candidates(org)
    form = RequestCreateForm(
        request.POST or None,
        initial={
            "organization": chosen,
            "kind": "six-month",
            "units": [str(o.pk) for o in candidates],
        },
    )
    set_choices(form, "organization", choices)
    set_choices(form, "units", [(str(o.pk), o.name) for o in candidates])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.request_create(
                    actor=request.user,
                    organization=org,
                    kind=data["kind"],
                    period_code=data["period"],
                    unit_ids=[int(x) for x in data["units"]],
                    title=data.get("title") or "",
                    due_on=data.get("due_on"),
                    note=data.get("note") or "",
                )
            except DomainPermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Đã gửi yêu cầu báo cáo tới %(n)d đơn vị.") % {"n": created.reports.count()},
                )
                return HttpResponseRedirect(reverse("reports:request", args=[created.pk]))
        else:
            status = 400
    return render(
        request,
        "reports/request_form.html",
        {"form": form, "org": org},
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report_request = selectors.request_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    board = selectors.request_board(report_request)
    own = Report.objects.filter(
        organization=report_request.organization,
        kind=report_request.kind,
        period_code=report_request.period_code,
    ).first()
    return render(
        request,
        "reports/request_detail.html",
        {
            "req": report_request,
            "board": board,
            "own": own,
            "can_manage": permissions.can_manage_at(request.user, report_request.organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, code: str) -> HttpResponse:
    org = _org(code)
    if not permissions.can_manage_at(request.user, org):
        raise DjangoPermissionDenied(_("Bạn không có quyền sửa cấu hình báo cáo của đơn vị này."))
    current = services.profile_settings(org)
    profile = getattr(org, "report_profile", None)
    initial = {
        "cut_day": profile.cut_day if profile else None,
        "doc_format": profile.doc_format if profile else "",
        "signer_title": current.signer_title,
        "signer_name": current.signer_name,
        "recipients": "\n".join(current.recipients),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.profile_update(
                    actor=request.user, organization=org, data=form.cleaned_data
                )
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu cấu hình báo cáo của đơn vị."))
                return HttpResponseRedirect(reverse("reports:profile", args=[org.code]))
        else:
            status = 400
    return render(
        request,
        "reports/form.html",
        {
            "form": form,
            "title": _("Cấu hình báo cáo: %(org)s") % {"org": org.name},
            "submit": _("Lưu"),
            "settings": current,
        },
        status=status,
    )
