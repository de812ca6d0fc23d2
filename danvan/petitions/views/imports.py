"""/don-thu/nhap-so/: importing an existing register from Excel (upload, column mapping, dry
run with every bad row, import with a progress bar), the blank template, and the register
exported back to Excel from the list (/don-thu/xuat-excel/, with the list's filters)."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError
from danvan.core.services.audit import audit_record
from danvan.petitions import permissions, selectors
from danvan.petitions.forms import PetitionFilterForm
from danvan.petitions.imports import export, reader, run
from danvan.petitions.imports.checks import problem_line
from danvan.petitions.imports.forms import MappingForm, UploadForm
from danvan.petitions.imports.selectors import register_import_get, register_import_list
from danvan.petitions.models import ImportStatus, RegisterImport
from danvan.petitions.views.common import own_organization_ids, people_choices
from danvan.petitions.views.lists import _filters

PROBLEMS_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job_url(job: RegisterImport) -> str:
    return reverse("petitions:import_job", kwargs={"pk": job.pk})


def _organizations(user: Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in permissions.registering_organizations(user)]


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    orgs = _organizations(request.user)
    if not orgs:
        raise DjangoPermissionDenied(
            _("Chỉ cán bộ, lãnh đạo của cơ quan tiếp nhận đơn mới được nhập sổ đơn.")
        )
    form = UploadForm(request.POST or None, request.FILES or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = run.register_import_create(
                actor=request.user,
                upload=upload,
                file_name=upload.name,
                size=upload.size,
                organization_id=form.cleaned_data["organization"],
                sheet=form.cleaned_data["sheet"] or "",
            )
        except DomainError as exc:
            target = next(iter(exc.fields), "")
            form.add_error(target if target in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Đã tải lên «{name}». Kiểm tra cách ghép cột rồi chạy kiểm tra thử.").format(
                    name=job.file_name
                ),
            )
            return HttpResponseRedirect(_job_url(job))
    jobs = list(register_import_list(user=request.user)[:20])
    return render(
        request,
        "petitions/imports/upload.html",
        {"form": form, "jobs": jobs, "max_mb": run.import_max_bytes() // (1024 * 1024)},
    )


def _sheets(job: RegisterImport) -> list[str]:
    try:
        with job.file.open("rb") as fh:
            return reader.sheet_names(fh)
    except (reader.UnreadableFile, OSError):
        return []


def _progress(job: RegisterImport) -> dict[str, Any]:
    total = max(job.rows_total, job.rows_done)
    percent = int(job.rows_done * 100 / total) if total else 0
    return {
        "job": job,
        "active": job.status in run.ACTIVE,
        "total": total,
        "percent": percent,
    }


def _page_context(
    request: HttpRequest, job: RegisterImport, form: MappingForm | None
) -> dict[str, Any]:
    columns = run.job_columns(job)
    if form is None:
        form = MappingForm(
            columns=columns,
            sheets=_sheets(job),
            initial={
                "sheet": job.sheet,
                "header_row": job.header_row,
                "keep_accepted_open": run.job_keeps_accepted_open(job),
            },
        )
    problems = job.problems if isinstance(job.problems, list) else []
    page = Paginator(problems, PROBLEMS_PAGE).get_page(request.GET.get("page"))
    good = max(job.rows_total - job.rows_bad - job.rows_skipped, 0)
    return {
        **_progress(job),
        "form": form,
        "editable": job.status not in (*run.ACTIVE, ImportStatus.DONE),
        "mapping_problems": run.mapping_problems(columns),
        "problems_page": page,
        "problem_lines": [
            {"line": problem_line(p), "level": p.get("level", "error")} for p in page.object_list
        ],
        "errors_count": sum(1 for p in problems if p.get("level", "error") == "error"),
        "warnings_count": sum(1 for p in problems if p.get("level") == "warning"),
        "problems_truncated": len(problems) >= run.MAX_PROBLEMS,
        "good": good,
        "can_import_all": job.status == ImportStatus.CHECKED and not job.rows_bad and good > 0,
        "can_import_good": job.status == ImportStatus.CHECKED and job.rows_bad > 0 and good > 0,
    }


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = register_import_get(user=request.user, pk=pk)
    return render(request, "petitions/imports/job.html", _page_context(request, job, None))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone (htmx polls it); once the job stops, the page reloads."""
    job = register_import_get(user=request.user, pk=pk)
    response = render(request, "petitions/imports/_progress.html", _progress(job))
    if job.status not in run.ACTIVE and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the mapping (sheet, header row, columns, option) and start the dry run."""
    job = register_import_get(user=request.user, pk=pk)
    form = MappingForm(request.POST, columns=run.job_columns(job), sheets=_sheets(job))
    if not form.is_valid():
        return render(request, "petitions/imports/job.html", _page_context(request, job, form))
    sheet = form.cleaned_data["sheet"] or ""
    header_row = form.cleaned_data["header_row"]
    relayout = sheet != job.sheet or (header_row is not None and header_row != job.header_row)
    try:
        run.register_import_map(
            actor=request.user,
            job=job,
            fields=None if relayout else form.mapping(),
            sheet=sheet,
            header_row=header_row,
            keep_accepted_open=form.cleaned_data["keep_accepted_open"],
        )
        if relayout:
            messages.info(
                request,
                _("Đã đọc lại tiêu đề cột: kiểm tra cách ghép cột rồi chạy kiểm tra thử."),
            )
            return HttpResponseRedirect(_job_url(job))
        run.register_import_check_start(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(_job_url(job))


@login_required
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    job = register_import_get(user=request.user, pk=pk)
    only_good = request.POST.get("mode") == "good"
    try:
        run.register_import_start(actor=request.user, job=job, only_good=only_good)
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(_job_url(job))


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponseBase:
    if not _organizations(request.user):
        raise DjangoPermissionDenied
    fh = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    export.template_write(fh)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename="mau-so-don-thu.xlsx", content_type=XLSX)


@login_required
@require_GET
def petitions_export_view(request: HttpRequest) -> HttpResponseBase:
    """The list's petitions (same filters, same scope) as a register in Excel."""
    choices = people_choices(own_organization_ids(request.user))
    form = PetitionFilterForm(request.GET or None, assignee_choices=choices)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    try:
        qs = selectors.petition_list(user=request.user, filters=_filters(data))
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("petitions:list"))
    fh = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    count = export.petitions_export(qs, fh)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            verb="petition.export",
            target_type="core.user",
            target_id=str(request.user.pk),
            target_label=_("Xuất sổ đơn ra Excel"),
            changes={"petitions": (None, count), "filters": (None, request.GET.urlencode()[:300])},
        )
    fh.seek(0)
    name = f"so-don-thu-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(fh, as_attachment=True, filename=name, content_type=XLSX)
