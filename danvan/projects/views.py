"""The project pages (namespace "projects"): officers under /cung-lam/ (list, statistics,
register and edit, the project page with its ledgers, progress and moves, the XLSX account),
citizens under /cong-dan/cung-lam/ (the public account of every project, no account needed).

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names, a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.files import UploadedFileInput
from danvan.core.forms.errors import apply_error
from danvan.core.views.actions import record_form_action
from danvan.core.views.files import stored_file_response
from danvan.projects import account as account_doc
from danvan.projects import permissions, selectors, services
from danvan.projects.forms import (
    ContributionForm,
    ExpenditureForm,
    ProgressForm,
    ProjectFilterForm,
    ProjectForm,
    PublicFilterForm,
    ReceiveForm,
    StatisticsForm,
    TransitionForm,
    VoidForm,
)
from danvan.projects.inputs import (
    ContributionInput,
    ExpenditureInput,
    ProgressInput,
    ProjectInput,
    TransitionInput,
)
from danvan.projects.models import Project
from danvan.projects.states import (
    LEDGER_STATES,
    PROGRESS_STATES,
    TERMINAL,
    ContributionState,
    Kind,
    Source,
    Status,
    allowed_targets,
)

PAGE_SIZE = 30
CONFLICT_MESSAGE = gettext_lazy(
    "Công trình vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)
MOVE_LABELS: dict[str, Any] = {
    Status.IN_PROGRESS: gettext_lazy("Khởi công"),
    Status.COMPLETED: gettext_lazy("Hoàn thành"),
    Status.HANDED_OVER: gettext_lazy("Bàn giao đưa vào sử dụng"),
    Status.SUSPENDED: gettext_lazy("Tạm dừng"),
    Status.CANCELLED: gettext_lazy("Hủy công trình"),
}
RESUME_LABEL = gettext_lazy("Tiếp tục thi công")


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("projects:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


# --- List, statistics ------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProjectFilterForm(
        request.GET or None,
        areas=selectors.area_choices(user=user),
        years=selectors.project_years(user=user),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ProjectFilters(
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        area_id=data.get("area"),
        year=data.get("year"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.project_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    accounts = selectors.accounts_for(list(page.object_list))
    rows = [{"project": p, "account": accounts[p.pk]} for p in page.object_list]
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "projects/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring": urlencode(query),
            "can_create": bool(permissions.managing_organizations(user)),
        },
    )


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = StatisticsForm(
        request.GET or None,
        years=selectors.project_years(user=user),
        provinces=selectors.province_choices(user=user),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.statistics(user=user, year=data.get("year"), province_id=data.get("province"))
    return render(
        request,
        "projects/statistics.html",
        {"form": form, "rows": rows, "total": selectors.statistics_total(rows)},
    )


# --- Register and edit -----------------------------------------------------------------------


def _project_input(d: dict[str, Any]) -> ProjectInput:
    return ProjectInput(
        organization_id=d["organization"],
        name=d["name"],
        kind=d["kind"],
        residential_areas=d["residential_areas"],
        description=d["description"],
        length_km=d["length_km"],
        area_m2=d["area_m2"],
        planned_cost=d["planned_cost"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        decision_ref=d["decision_ref"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = [(o.pk, o.name) for o in permissions.managing_organizations(user)]
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập công trình."))
    if request.method == "GET":
        form = ProjectForm(organizations=organizations, initial={"kind": Kind.ROAD})
        return render(request, "projects/form.html", {"form": form, "creating": True})
    form = ProjectForm(request.POST, organizations=organizations)
    if form.is_valid():
        try:
            project = services.project_create(actor=user, data=_project_input(form.cleaned_data))
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã lập công trình. Hãy ghi các khoản đóng góp."))
            return HttpResponseRedirect(detail_url(project.pk))
    return render(request, "projects/form.html", {"form": form, "creating": True}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get(user=user, pk=pk)
    if not permissions.can_manage(user, project) or project.status in TERMINAL:
        raise DjangoPermissionDenied(_("Bạn không sửa được công trình này."))
    organizations = [(project.organization_id, project.organization.name)]
    context: dict[str, Any] = {"project": project, "creating": False}
    if request.method == "GET":
        form = ProjectForm(
            organizations=organizations,
            initial={
                "organization": project.organization_id,
                "name": project.name,
                "kind": project.kind,
                "residential_areas": project.residential_areas,
                "description": project.description,
                "length_km": project.length_km.normalize() if project.length_km else "",
                "area_m2": project.area_m2.normalize() if project.area_m2 else "",
                "planned_cost": project.planned_cost,
                "starts_on": project.starts_on,
                "ends_on": project.ends_on,
                "decision_ref": project.decision_ref,
                "expected_version": project.version,
            },
        )
        return render(request, "projects/form.html", {**context, "form": form})
    form = ProjectForm(request.POST, organizations=organizations)
    status = 400
    if form.is_valid():
        try:
            services.project_update(
                actor=user,
                project=project,
                data=_project_input(form.cleaned_data),
                expected_version=form.cleaned_data["expected_version"] or project.version,
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Đã lưu thông tin công trình."))
            return HttpResponseRedirect(detail_url(project.pk))
    return render(request, "projects/form.html", {**context, "form": form}, status=status)


# --- The project page ------------------------------------------------------------------------


def _page_context(
    request: HttpRequest, project: Project, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_manage = permissions.can_manage(user, project)
    ledger_open = can_manage and project.status in LEDGER_STATES
    moves = []
    if can_manage:
        for to in allowed_targets(project.status):
            key = f"mv-{to}"
            label = (
                RESUME_LABEL
                if to == Status.IN_PROGRESS and project.status == Status.SUSPENDED
                else MOVE_LABELS[to]
            )
            form = bound.get(key) or TransitionForm(
                to=to, initial={"expected_version": project.version}
            )
            moves.append({"to": to, "label": label, "form": form, "open": key in bound})
    contributions = []
    for c in selectors.project_contributions(project=project):
        row: dict[str, Any] = {"c": c}
        if ledger_open and not c.voided:
            if c.state == ContributionState.PLEDGED:
                row["receive"] = bound.get(f"rcv-{c.pk}") or ReceiveForm(
                    prefix=f"rcv{c.pk}", initial={"received_on": timezone.localdate()}
                )
            row["void"] = bound.get(f"vc-{c.pk}") or VoidForm(prefix=f"vc{c.pk}")
            row["open"] = f"rcv-{c.pk}" in bound or f"vc-{c.pk}" in bound
        contributions.append(row)
    expenditures = []
    for e in selectors.project_expenditures(project=project):
        erow: dict[str, Any] = {"e": e}
        if ledger_open and not e.voided:
            erow["void"] = bound.get(f"ve-{e.pk}") or VoidForm(prefix=f"ve{e.pk}")
            erow["open"] = f"ve-{e.pk}" in bound
        expenditures.append(erow)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "project": project,
        "status_label": Status(project.status).label,
        "kind_label": Kind(project.kind).label,
        "account": selectors.project_account(project=project),
        "contributions": contributions,
        "expenditures": expenditures,
        "reports": selectors.project_reports(project=project),
        "can_manage": can_manage,
        "moves": moves,
        "open_form": next(iter(bound), ""),
    }
    if ledger_open:
        context["contribution_form"] = bound.get("con") or ContributionForm(
            initial={"source": Source.RESIDENTS, "received": True, "received_on": today}
        )
        context["expenditure_form"] = bound.get("exp") or ExpenditureForm(initial={"date": today})
    if can_manage and project.status in PROGRESS_STATES:
        context["progress_form"] = bound.get("prog") or ProgressForm(
            initial={"date": today, "percent": project.progress}
        )
    return context


def _render(
    request: HttpRequest,
    project: Project,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request, "projects/detail.html", _page_context(request, project, bound), status=status
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.project_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Project, dict[str, Any]], Any],
    success: Callable[[Project], str],
    anchor: str = "",
) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: selectors.project_get(user=request.user, pk=pk),
        render=lambda record, status, bound: _render(request, record, status=status, bound=bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
        on_error=apply_error,
    )


def _require_manager(request: HttpRequest, pk: int) -> Project:
    project = selectors.project_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user, project):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem công trình này."))
    return project


@login_required
@require_POST
def project_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    _require_manager(request, pk)
    if to not in Status.values:
        raise Http404
    form = TransitionForm(request.POST, to=to)

    def call(p: Project, data: dict[str, Any]) -> None:
        services.project_transition(
            actor=request.user,
            project=p,
            data=TransitionInput(
                to=to,
                expected_version=data["expected_version"],
                reason=data.get("reason") or "",
                on=data.get("on"),
            ),
        )

    def success(p: Project) -> str:
        return _("Công trình nay ở trạng thái “%(status)s”.") % {"status": Status(p.status).label}

    return _act(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request, pk)
    form = ContributionForm(request.POST)

    def call(p: Project, d: dict[str, Any]) -> None:
        services.contribution_record(
            actor=request.user,
            project=p,
            data=ContributionInput(
                source=d["source"],
                kind=d["kind"],
                amount=d["amount"],
                contributor=d["contributor"],
                listed=d["listed"],
                unit=d["unit"],
                value=d["value"],
                received=d["received"],
                pledged_on=d["pledged_on"],
                received_on=d["received_on"],
                receipt=d["receipt"],
                note=d["note"],
            ),
        )

    return _act(
        request,
        pk,
        key="con",
        form=form,
        call=call,
        success=lambda p: _("Đã ghi khoản đóng góp."),
        anchor="dong-gop",
    )


@login_required
@require_POST
def contribution_receive(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    project = _require_manager(request, pk)
    contribution = selectors.contribution_get(project=project, pk=cpk)
    form = ReceiveForm(request.POST, prefix=f"rcv{cpk}")

    def call(p: Project, d: dict[str, Any]) -> None:
        contribution.project = p
        services.contribution_receive(
            actor=request.user,
            contribution=contribution,
            on=d["received_on"],
            receipt=d["receipt"],
        )

    return _act(
        request,
        pk,
        key=f"rcv-{cpk}",
        form=form,
        call=call,
        success=lambda p: _("Đã ghi nhận khoản đóng góp."),
        anchor="dong-gop",
    )


@login_required
@require_POST
def contribution_void(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    project = _require_manager(request, pk)
    contribution = selectors.contribution_get(project=project, pk=cpk)
    form = VoidForm(request.POST, prefix=f"vc{cpk}")

    def call(p: Project, d: dict[str, Any]) -> None:
        contribution.project = p
        services.contribution_void(
            actor=request.user, contribution=contribution, reason=d["reason"]
        )

    return _act(
        request,
        pk,
        key=f"vc-{cpk}",
        form=form,
        call=call,
        success=lambda p: _("Đã hủy bỏ khoản đóng góp."),
        anchor="dong-gop",
    )


@login_required
@require_POST
def expenditure_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request, pk)
    form = ExpenditureForm(request.POST)

    def call(p: Project, d: dict[str, Any]) -> None:
        services.expenditure_record(
            actor=request.user,
            project=p,
            data=ExpenditureInput(
                date=d["date"],
                item=d["item"],
                amount=d["amount"],
                voucher=d["voucher"],
                note=d["note"],
            ),
        )

    return _act(
        request,
        pk,
        key="exp",
        form=form,
        call=call,
        success=lambda p: _("Đã ghi khoản chi."),
        anchor="thu-chi",
    )


@login_required
@require_POST
def expenditure_void(request: HttpRequest, pk: int, epk: int) -> HttpResponse:
    project = _require_manager(request, pk)
    expenditure = selectors.expenditure_get(project=project, pk=epk)
    form = VoidForm(request.POST, prefix=f"ve{epk}")

    def call(p: Project, d: dict[str, Any]) -> None:
        expenditure.project = p
        services.expenditure_void(actor=request.user, expenditure=expenditure, reason=d["reason"])

    return _act(
        request,
        pk,
        key=f"ve-{epk}",
        form=form,
        call=call,
        success=lambda p: _("Đã hủy bỏ khoản chi."),
        anchor="thu-chi",
    )


@login_required
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request, pk)
    form = ProgressForm(request.POST, request.FILES)

    def call(p: Project, d: dict[str, Any]) -> None:
        photo = d.get("photo")
        services.progress_report(
            actor=request.user,
            project=p,
            data=ProgressInput(
                date=d["date"],
                percent=d["percent"],
                note=d["note"],
                photo=UploadedFileInput(name=photo.name or "", data=photo.read())
                if photo
                else None,
            ),
        )

    return _act(
        request,
        pk,
        key="prog",
        form=form,
        call=call,
        success=lambda p: _("Đã ghi báo cáo tiến độ."),
        anchor="tien-do",
    )


@login_required
@require_GET
def progress_photo(request: HttpRequest, pk: int, rpk: int) -> FileResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    report = selectors.report_get(project=project, pk=rpk)
    return stored_file_response(
        report.file, filename=report.original_name, content_type=report.content_type
    )


@login_required
@require_GET
def account_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    response = HttpResponse(account_doc.account_xlsx(project), content_type=account_doc.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{account_doc.account_filename(project)}"'
    )
    return response


# --- The public account ----------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None, areas=selectors.public_area_choices())
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ProjectFilters(kind=data.get("kind") or "", area_id=data.get("area"))
    page = Paginator(selectors.public_projects(filters=filters), 20).get_page(
        request.GET.get("page")
    )
    accounts = selectors.accounts_for(list(page.object_list))
    rows = [{"project": p, "account": accounts[p.pk]} for p in page.object_list]
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "projects/public_list.html",
        {"form": form, "page": page, "rows": rows, "querystring": urlencode(query)},
    )


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.public_get(pk=pk)
    return render(
        request,
        "projects/public_detail.html",
        {
            "project": project,
            "status_label": Status(project.status).label,
            "kind_label": Kind(project.kind).label,
            "account": selectors.project_account(project=project),
            "contributors": selectors.public_contributors(project=project),
            "expenditures": selectors.public_expenditures(project=project),
            "reports": selectors.public_reports(project=project),
        },
    )
