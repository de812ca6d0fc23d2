"""The coordination pages (namespace "coordination"): the document register (/van-ban/), the
coordination programmes (/chuong-trinh-phoi-hop/) and the yearly plans (/ke-hoach/).

Views are thin: parse a form, call one service or selector, redirect; a service error is shown
next to the field it names (400), a lost race reloads the page with a conflict message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from danvan.coordination import permissions, selectors, services
from danvan.coordination.forms import (
    DocumentFilterForm,
    DocumentForm,
    DutyForm,
    FilesForm,
    IssueForm,
    LinkForm,
    MoveForm,
    ObligationForm,
    PlanFilterForm,
    PlanForm,
    PlanItemForm,
    PrefillForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    apply_error,
)
from danvan.coordination.inputs import (
    DocumentInput,
    DutyInput,
    ObligationInput,
    PlanInput,
    PlanItemInput,
    ProgrammeInput,
    SupportInput,
)
from danvan.coordination.models import DocumentLink, LegalDocument, Plan, Programme
from danvan.coordination.states import (
    PLAN_TRANSITIONS,
    PROGRAMME_OPEN,
    PROGRAMME_TRANSITIONS,
    PlanStatus,
    ProgrammeStatus,
    allowed,
)
from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.files import UploadedFileInput
from danvan.core.models import Organization
from danvan.core.selectors.scope import organization_ids_for_roles, user_scope
from danvan.core.services.tasks import TASK_WRITER_ROLES
from danvan.core.views.files import stored_file_response

PAGE_SIZE = 30
ORG_LIMIT = 800
PROGRAMME_MOVE_LABELS: dict[str, Any] = {
    ProgrammeStatus.SIGNED: gettext_lazy("Ghi nhận đã ký"),
    ProgrammeStatus.ENDED: gettext_lazy("Kết thúc chương trình"),
    ProgrammeStatus.CANCELLED: gettext_lazy("Hủy chương trình"),
}
PLAN_MOVE_LABELS: dict[str, Any] = {
    PlanStatus.CLOSED: gettext_lazy("Tổng kết kế hoạch"),
    PlanStatus.CANCELLED: gettext_lazy("Hủy kế hoạch"),
}


def _all_orgs() -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True).order_by("level", "name")[:ORG_LIMIT]
    return [(o.pk, o.name) for o in qs]


def _orgs(ids: frozenset[int] | set[int] | None) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:ORG_LIMIT]]


def _writable(user: Any) -> list[tuple[int, str]]:
    return _orgs(permissions.writable_organization_ids(user))


def _task_leads(user: Any) -> list[tuple[int, str]]:
    if user_scope(user).is_superuser:
        return _all_orgs()
    return _orgs(organization_ids_for_roles(user, TASK_WRITER_ROLES))


def _querystring(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _deny(exc: DomainPermissionDenied) -> DjangoPermissionDenied:
    return DjangoPermissionDenied(exc.message)


def _run_then_redirect(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: str,
    to: str,
    refuse_as_403: bool = True,
) -> HttpResponse:
    """Run a service for a one-button form; its error (or success) becomes a message on the
    record's page. A permission error is a 403 unless `refuse_as_403` is off."""
    try:
        call()
    except DomainPermissionDenied as exc:
        if refuse_as_403:
            raise _deny(exc) from None
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return HttpResponseRedirect(to)


def _uploads(request: HttpRequest) -> list[UploadedFileInput]:
    uploads = request.FILES.getlist("file_upload")
    return [UploadedFileInput(name=f.name or "", data=f.read()) for f in uploads]


# --- Documents -------------------------------------------------------------------------------


def document_url(pk: int, anchor: str = "") -> str:
    url = reverse("coordination:document", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DocumentFilterForm(request.GET or None, years=selectors.document_years(user=user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DocumentFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        issuer=data.get("issuer") or "",
        year=data.get("year"),
    )
    page = Paginator(selectors.document_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/document_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "can_create": bool(_writable(user)),
            "issuers": selectors.document_issuers(user=user),
        },
    )


def _document_input(d: dict[str, Any], organization_id: int | None) -> DocumentInput:
    return DocumentInput(
        kind=d["kind"],
        reference=d["reference"],
        issuer_name=d["issuer_name"],
        issued_on=d["issued_on"],
        title=d["title"],
        organization_id=organization_id,
        summary=d["summary"],
        effective_from=d["effective_from"],
        effective_to=d["effective_to"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = _writable(user)
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền vào sổ văn bản."))
    if request.method == "GET":
        form = DocumentForm(organizations=organizations)
        return render(request, "coordination/document_form.html", {"form": form})
    form = DocumentForm(request.POST, request.FILES, organizations=organizations)
    if form.is_valid():
        d = form.cleaned_data
        try:
            document = services.document_register(
                actor=user,
                data=_document_input(d, d["organization"]),
                files=_uploads(request),
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã vào sổ văn bản %(ref)s.") % {"ref": document.reference})
            return HttpResponseRedirect(document_url(document.pk))
    return render(request, "coordination/document_form.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    if not permissions.can_edit_document(request.user, document):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem văn bản này."))
    context: dict[str, Any] = {"document": document}
    if request.method == "GET":
        form = DocumentForm(
            editing=True,
            initial={
                "kind": document.kind,
                "reference": document.reference,
                "issued_on": document.issued_on,
                "issuer_name": document.issuer_name,
                "title": document.title,
                "summary": document.summary,
                "effective_from": document.effective_from,
                "effective_to": document.effective_to,
                "expected_version": document.version,
            },
        )
        return render(request, "coordination/document_form.html", {**context, "form": form})
    form = DocumentForm(request.POST, editing=True)
    if form.is_valid():
        d = form.cleaned_data
        data = _document_input(d, document.organization_id)
        data.issuer_id = document.issuer_id
        try:
            services.document_update(
                actor=request.user,
                document=document,
                data=data,
                expected_version=d["expected_version"] or document.version,
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except Conflict as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("coordination:document_edit", args=[pk]))
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi của văn bản."))
            return HttpResponseRedirect(document_url(document.pk))
    return render(request, "coordination/document_form.html", {**context, "form": form}, status=400)


def _document_context(
    request: HttpRequest, document: LegalDocument, **forms: Any
) -> dict[str, Any]:
    user = request.user
    rows, summary = selectors.document_obligations(document=document)
    can_edit = permissions.can_edit_document(user, document)
    context: dict[str, Any] = {
        "document": document,
        "files": list(document.files.all()),
        "links": selectors.document_links(user=user, document=document),
        "rows": rows,
        "summary": summary,
        "can_edit": can_edit,
        "programmes": selectors.programmes_for_document(user=user, document=document),
        "plans": selectors.plans_for_document(user=user, document=document),
        "open_form": forms.pop("open_form", ""),
    }
    if can_edit:
        leads = _task_leads(user)
        others = [
            (d.pk, f"{d.reference} — {d.title[:80]}")
            for d in selectors.document_list(user=user)[:300]
            if d.pk != document.pk
        ]
        context.update(
            obligation_form=forms.get("obligation_form")
            or ObligationForm(leads=leads, organizations=_all_orgs()),
            files_form=forms.get("files_form") or FilesForm(),
            link_form=forms.get("link_form") or LinkForm(documents=others),
        )
    return context


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return render(
        request, "coordination/document_detail.html", _document_context(request, document)
    )


@login_required
@require_POST
def obligation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.document_get(user=user, pk=pk)
    if not permissions.can_edit_document(user, document):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem văn bản này."))
    form = ObligationForm(request.POST, leads=_task_leads(user), organizations=_all_orgs())
    if form.is_valid():
        d = form.cleaned_data
        try:
            obligation = services.document_obligation_create(
                actor=user,
                document=document,
                data=ObligationInput(
                    content=d["content"],
                    lead_id=d["lead"],
                    due=d["due"],
                    description=d["description"],
                    supporting=[SupportInput(o, p) for o, p in form.supports()],
                ),
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã giao nhiệm vụ cho %(org)s.") % {"org": obligation.lead.name},
            )
            return HttpResponseRedirect(document_url(document.pk, "nhiem-vu"))
    context = _document_context(request, document, obligation_form=form, open_form="obligation")
    return render(request, "coordination/document_detail.html", context, status=400)


@login_required
@require_POST
def document_files_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.document_get(user=user, pk=pk)
    if not permissions.can_edit_document(user, document):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem văn bản này."))
    form = FilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_files_add(actor=user, document=document, files=_uploads(request))
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã thêm tệp vào văn bản."))
            return HttpResponseRedirect(document_url(document.pk, "tep"))
    context = _document_context(request, document, files_form=form, open_form="files")
    return render(request, "coordination/document_detail.html", context, status=400)


@login_required
@require_GET
def document_file_download(request: HttpRequest, pk: int, fpk: int) -> FileResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    stored = document.files.filter(pk=fpk).first()
    if stored is None:
        raise Http404
    return stored_file_response(
        stored.file, filename=stored.original_name or "van-ban", content_type=stored.content_type
    )


@login_required
@require_POST
def document_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.document_get(user=user, pk=pk)
    if not permissions.can_edit_document(user, document):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem văn bản này."))
    others = [(d.pk, d.reference) for d in selectors.document_list(user=user)[:300]]
    form = LinkForm(request.POST, documents=others)
    if form.is_valid():
        target = selectors.document_get(user=user, pk=form.cleaned_data["target"])
        try:
            services.document_link_add(
                actor=user, source=document, target=target, kind=form.cleaned_data["kind"]
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã liên kết văn bản."))
            return HttpResponseRedirect(document_url(document.pk, "lien-quan"))
    context = _document_context(request, document, link_form=form, open_form="link")
    return render(request, "coordination/document_detail.html", context, status=400)


@login_required
@require_POST
def document_link_remove(request: HttpRequest, pk: int, lpk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    link = DocumentLink.objects.filter(pk=lpk, source=document).select_related("source").first()
    if link is None:
        raise Http404
    try:
        services.document_link_remove(actor=request.user, link=link)
    except DomainPermissionDenied as exc:
        raise _deny(exc) from None
    messages.success(request, _("Đã bỏ liên kết."))
    return HttpResponseRedirect(document_url(document.pk, "lien-quan"))


@login_required
@require_GET
def obligation_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a task's "related record" link lands: the obligation's document."""
    obligation = selectors.obligation_get(user=request.user, pk=pk)
    return HttpResponseRedirect(document_url(obligation.document_id, f"obligation-{pk}"))


# --- Programmes ------------------------------------------------------------------------------


def programme_url(pk: int, anchor: str = "") -> str:
    url = reverse("coordination:programme", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = permissions.viewable_organization_ids(user)
    years = list(range(timezone.localdate().year + 1, 2009, -1))
    form = ProgrammeFilterForm(request.GET or None, organizations=_orgs(visible), years=years)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ProgrammeFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        party_id=data.get("party"),
        year=data.get("year"),
    )
    page = Paginator(selectors.programme_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/programme_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "can_create": bool(_writable(user)),
        },
    )


def _documents_choices(user: Any) -> list[tuple[int, str]]:
    return [
        (d.pk, f"{d.reference} — {d.title[:80]}") for d in selectors.document_list(user=user)[:300]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = _writable(user)
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập chương trình phối hợp."))
    kwargs = {
        "organizations": organizations,
        "parties": _all_orgs(),
        "documents": _documents_choices(user),
    }
    if request.method == "GET":
        form = ProgrammeForm(**kwargs)
        return render(request, "coordination/programme_form.html", {"form": form})
    form = ProgrammeForm(request.POST, **kwargs)
    if form.is_valid():
        d = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=user,
                data=ProgrammeInput(
                    title=d["title"],
                    reference=d["reference"],
                    organization_id=d["organization"],
                    party_ids=list(d["parties"]),
                    lead_ids=list(d["leads"]),
                    scope=d["scope"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    signed_on=d["signed_on"],
                    document_id=d["document"],
                ),
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã ghi chương trình phối hợp."))
            return HttpResponseRedirect(programme_url(programme.pk))
    return render(request, "coordination/programme_form.html", {"form": form}, status=400)


def _programme_context(request: HttpRequest, programme: Programme, **forms: Any) -> dict[str, Any]:
    user = request.user
    parties = list(programme.parties.all())
    party_ids = [p.organization_id for p in parties]
    can_write = permissions.can_write_programme(user, programme, party_ids)
    moves = []
    if can_write:
        moves = [
            {
                "to": to,
                "label": PROGRAMME_MOVE_LABELS.get(to, ProgrammeStatus(to).label),
                "form": MoveForm(
                    initial={"expected_version": programme.version}, auto_id=f"id_move_{to}_%s"
                ),
            }
            for to in allowed(PROGRAMME_TRANSITIONS, programme.status)
        ]
    party_choices = [(p.organization_id, p.organization.name) for p in parties]
    return {
        "programme": programme,
        "parties": parties,
        "duties": list(programme.duties.all()),
        "plans": selectors.programme_plans(programme=programme),
        "can_write": can_write,
        "is_open": programme.status in PROGRAMME_OPEN,
        "moves": moves,
        "duty_form": forms.get("duty_form") or DutyForm(parties=party_choices),
        "prefill_form": forms.get("prefill_form") or PrefillForm(),
        "open_form": forms.get("open_form", ""),
    }


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    return render(
        request, "coordination/programme_detail.html", _programme_context(request, programme)
    )


@login_required
@require_POST
def programme_duty_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    parties = [(p.organization_id, p.organization.name) for p in programme.parties.all()]
    form = DutyForm(request.POST, parties=parties)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.programme_duty_add(
                actor=request.user,
                programme=programme,
                data=DutyInput(party_id=d["party"], text=d["text"], recurrence=d["recurrence"]),
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã thêm trách nhiệm."))
            return HttpResponseRedirect(programme_url(programme.pk, "trach-nhiem"))
    context = _programme_context(request, programme, duty_form=form, open_form="duty")
    return render(request, "coordination/programme_detail.html", context, status=400)


@login_required
@require_POST
def programme_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin gửi lên không hợp lệ; hãy thử lại."))
        return HttpResponseRedirect(programme_url(programme.pk))
    data = form.cleaned_data
    return _run_then_redirect(
        request,
        lambda: services.programme_transition(
            actor=request.user,
            programme=programme,
            to=to,
            expected_version=data["expected_version"],
            on=data["on"],
            reason=data["reason"],
        ),
        success=_("Đã cập nhật trạng thái chương trình."),
        to=programme_url(programme.pk),
    )


@login_required
@require_POST
def programme_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    form = PrefillForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_prefill_from_programme(
                actor=request.user, programme=programme, year=form.cleaned_data["year"]
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã lập dự thảo kế hoạch năm %(y)d từ trách nhiệm của các bên.")
                % {"y": plan.year},
            )
            return HttpResponseRedirect(plan_url(plan.pk))
    context = _programme_context(request, programme, prefill_form=form, open_form="prefill")
    return render(request, "coordination/programme_detail.html", context, status=400)


# --- Plans -----------------------------------------------------------------------------------


def plan_url(pk: int, anchor: str = "") -> str:
    url = reverse("coordination:plan", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    years = selectors.plan_years(user=user)
    form = PlanFilterForm(request.GET or None, years=years)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.PlanFilters(
        year=data.get("year"), status=data.get("status") or "", q=data.get("q") or ""
    )
    page = Paginator(selectors.plan_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/plan_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "can_create": bool(_writable(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = _writable(user)
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập kế hoạch."))
    kwargs = {
        "organizations": organizations,
        "programmes": [(p.pk, str(p)[:120]) for p in selectors.programme_list(user=user)[:300]],
        "documents": _documents_choices(user),
    }
    if request.method == "GET":
        initial = {}
        if request.GET.get("programme", "").isdigit():
            initial["programme"] = int(request.GET["programme"])
        form = PlanForm(initial=initial, **kwargs)
        return render(request, "coordination/plan_form.html", {"form": form})
    form = PlanForm(request.POST, **kwargs)
    if form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=user,
                data=PlanInput(
                    title=d["title"],
                    reference=d["reference"],
                    year=d["year"],
                    organization_id=d["organization"],
                    programme_id=d["programme"],
                    document_id=d["document"],
                ),
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã lập dự thảo kế hoạch; thêm các nội dung rồi ban hành."))
            return HttpResponseRedirect(plan_url(plan.pk))
    return render(request, "coordination/plan_form.html", {"form": form}, status=400)


def _plan_context(request: HttpRequest, plan: Plan, **forms: Any) -> dict[str, Any]:
    user = request.user
    rows, summary = selectors.plan_items(plan=plan)
    can_write = permissions.can_write_plan(user, plan)
    moves = []
    if can_write:
        moves = [
            {
                "to": to,
                "label": PLAN_MOVE_LABELS.get(to, PlanStatus(to).label),
                "form": MoveForm(
                    initial={"expected_version": plan.version}, auto_id=f"id_move_{to}_%s"
                ),
            }
            for to in allowed(PLAN_TRANSITIONS, plan.status)
            if to != PlanStatus.ISSUED
        ]
    context: dict[str, Any] = {
        "plan": plan,
        "rows": rows,
        "summary": summary,
        "can_write": can_write,
        "is_draft": plan.status == PlanStatus.DRAFT,
        "moves": moves,
        "open_form": forms.get("open_form", ""),
        "issue_form": IssueForm(initial={"expected_version": plan.version}, auto_id="id_issue_%s"),
    }
    if can_write and plan.status == PlanStatus.DRAFT:
        context["item_form"] = forms.get("item_form") or PlanItemForm(
            leads=_task_leads(user), organizations=_all_orgs()
        )
    return context


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return render(request, "coordination/plan_detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = selectors.plan_get(user=user, pk=pk)
    form = PlanItemForm(request.POST, leads=_task_leads(user), organizations=_all_orgs())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_item_add(
                actor=user,
                plan=plan,
                data=PlanItemInput(
                    content=d["content"],
                    lead_id=d["lead"],
                    due=d["due"],
                    indicator=d["indicator"],
                    supporting=[SupportInput(o, p) for o, p in form.supports()],
                ),
            )
        except DomainPermissionDenied as exc:
            raise _deny(exc) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã thêm nội dung vào kế hoạch."))
            return HttpResponseRedirect(plan_url(plan.pk, "noi-dung"))
    context = _plan_context(request, plan, item_form=form, open_form="item")
    return render(request, "coordination/plan_detail.html", context, status=400)


@login_required
@require_POST
def plan_item_remove(request: HttpRequest, pk: int, ipk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    item = plan.items.filter(pk=ipk).first()
    if item is None:
        raise Http404
    return _run_then_redirect(
        request,
        lambda: services.plan_item_remove(actor=request.user, item=item),
        success=_("Đã bỏ nội dung khỏi kế hoạch."),
        to=plan_url(plan.pk, "noi-dung"),
    )


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin gửi lên không hợp lệ; hãy thử lại."))
        return HttpResponseRedirect(plan_url(plan.pk))
    data = form.cleaned_data
    # Issuing names every lead unit the user may not assign to: shown, not a bare 403.
    return _run_then_redirect(
        request,
        lambda: services.plan_issue(
            actor=request.user,
            plan=plan,
            expected_version=data["expected_version"],
            on=data["on"],
        ),
        success=_("Đã ban hành kế hoạch; mỗi nội dung đã thành một nhiệm vụ."),
        to=plan_url(plan.pk),
        refuse_as_403=False,
    )


@login_required
@require_POST
def plan_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin gửi lên không hợp lệ; hãy thử lại."))
        return HttpResponseRedirect(plan_url(plan.pk))
    data = form.cleaned_data
    return _run_then_redirect(
        request,
        lambda: services.plan_transition(
            actor=request.user,
            plan=plan,
            to=to,
            expected_version=data["expected_version"],
            reason=data["reason"],
        ),
        success=_("Đã cập nhật trạng thái kế hoạch."),
        to=plan_url(plan.pk),
    )


@login_required
@require_GET
def plan_item_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a task's "related record" link lands: the item's plan."""
    item = selectors.plan_item_get(user=request.user, pk=pk)
    return HttpResponseRedirect(plan_url(item.plan_id, f"item-{pk}"))
