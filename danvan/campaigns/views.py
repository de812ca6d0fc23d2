"""The campaign pages, under /van-dong/ (namespace "campaigns"): the list with its filters, the
summary per unit and year, planning and editing, the campaign page (targets with their progress,
activities with results and evidence, follow-up tasks, timeline) and every action on it.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names, a lost race reloads the page with a conflict message (409). Recording an
activity is an htmx partial: the targets, the form and the activities are refreshed in place.
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

from danvan.campaigns import measures, permissions, selectors, services
from danvan.campaigns.forms import (
    MOVE_LABELS,
    RESUME_LABEL,
    ActivityForm,
    CampaignFilterForm,
    CampaignForm,
    EvidenceForm,
    FollowUpForm,
    RemoveActivityForm,
    SummaryForm,
    TargetForm,
    TransitionForm,
    initial_dates,
)
from danvan.campaigns.inputs import (
    ActivityInput,
    CampaignChanges,
    CampaignInput,
    FollowUpInput,
    ResultInput,
    TargetInput,
    TransitionInput,
    UnitInput,
)
from danvan.campaigns.models import Campaign
from danvan.campaigns.states import (
    EDIT_STATES,
    RECORD_STATES,
    TASK_STATES,
    TERMINAL,
    Kind,
    Status,
)
from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.files import UploadedFileInput
from danvan.core.forms.errors import apply_error
from danvan.core.models import Organization
from danvan.core.selectors.scope import visible_organization_ids
from danvan.core.views.actions import record_form_action
from danvan.core.views.files import stored_file_response

PAGE_SIZE = 30
CONFLICT_MESSAGE = gettext_lazy(
    "Cuộc vận động vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại "
    "với thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("campaigns:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _org_choices(ids: set[int] | frozenset[int] | None, limit: int = 500) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]


def _files(request: HttpRequest, cleaned: list[Any]) -> list[UploadedFileInput]:
    return [UploadedFileInput(name=f.name or "", data=f.read()) for f in cleaned]


# --- List and summary ------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = _org_choices(visible_organization_ids(user), limit=300)
    form = CampaignFilterForm(
        request.GET or None, years=selectors.campaign_years(user=user), organizations=orgs
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CampaignFilters(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        year=data.get("year"),
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.campaign_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    progress = selectors.targets_progress([c.pk for c in page.object_list])
    rows = [
        {"campaign": c, "completion": selectors.completion_of(progress.get(c.pk, []))}
        for c in page.object_list
    ]
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "campaigns/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring": urlencode(query),
            "can_create": permissions.managing_organization_ids(user) != frozenset(),
        },
    )


@login_required
@require_GET
def campaign_summary(request: HttpRequest) -> HttpResponse:
    user = request.user
    this_year = timezone.localdate().year
    years = sorted(set(selectors.campaign_years(user=user)) | {this_year}, reverse=True)
    orgs = _org_choices(visible_organization_ids(user), limit=300)
    form = SummaryForm(request.GET or {"year": this_year}, years=years, organizations=orgs)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = int(data.get("year") or this_year)
    rows = selectors.campaign_summary(
        user=user, year=year, organization_id=data.get("organization")
    )
    totals = {
        "campaigns": sum(r.campaigns for r in rows),
        "running": sum(r.running for r in rows),
        "finished": sum(r.finished for r in rows),
        "people_reached": sum(r.people_reached for r in rows),
        "targets_total": sum(r.targets_total for r in rows),
        "targets_met": sum(r.targets_met for r in rows),
    }
    return render(
        request,
        "campaigns/summary.html",
        {"form": form, "rows": rows, "year": year, "totals": totals},
    )


# --- Create and edit -------------------------------------------------------------------------


def _form_kwargs(user: Any, organizations: list[Organization]) -> dict[str, Any]:
    return {
        "areas": selectors.area_choices(organizations=organizations),
        "units": selectors.unit_choices(organizations=organizations),
        "documents": selectors.basis_document_choices(user=user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = permissions.managing_organizations(user)
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền chủ trì cuộc vận động."))
    kwargs = _form_kwargs(user, organizations)
    kwargs["organizations"] = [(o.pk, o.name) for o in organizations]
    if request.method == "GET":
        start, end = initial_dates()
        kind = request.GET.get("kind", "")
        form = CampaignForm(
            initial={
                "starts_on": start,
                "ends_on": end,
                "kind": kind if kind in Kind.values else Kind.MOBILISATION,
            },
            **kwargs,
        )
        return render(request, "campaigns/form.html", {"form": form, "creating": True})
    form = CampaignForm(request.POST, **kwargs)
    if form.is_valid():
        d = form.cleaned_data
        data = CampaignInput(
            kind=d["kind"],
            organization_id=d["organization"],
            title=d["title"],
            purpose=d["purpose"],
            target_group=d["target_group"],
            area_ids=list(d["areas"]),
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            basis_document_id=d["basis_document"],
            basis_note=d["basis_note"],
            units=[UnitInput(organization_id=o, part=p) for o, p in form.unit_pairs()],
        )
        try:
            campaign = services.campaign_create(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request, _("Đã lập kế hoạch cuộc vận động. Hãy thêm các chỉ tiêu đo được.")
            )
            return HttpResponseRedirect(detail_url(campaign.pk, "chi-tieu"))
    return render(request, "campaigns/form.html", {"form": form, "creating": True}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    if not permissions.can_manage(user, campaign) or campaign.status not in EDIT_STATES:
        raise DjangoPermissionDenied(_("Bạn không sửa được kế hoạch cuộc vận động này."))
    kwargs = _form_kwargs(user, [campaign.organization])
    current = selectors.campaign_units(campaign=campaign)
    offered = {pk for pk, _name in kwargs["units"]}
    kwargs["units"] += [
        (u.organization_id, u.organization.name)
        for u in current
        if u.organization_id not in offered
    ]
    context: dict[str, Any] = {"campaign": campaign, "creating": False}
    if request.method == "GET":
        units = current
        form = CampaignForm(
            editing=True,
            initial={
                "kind": campaign.kind,
                "title": campaign.title,
                "purpose": campaign.purpose,
                "target_group": campaign.target_group,
                "areas": [a.pk for a in selectors.campaign_areas(campaign=campaign)],
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "basis_document": campaign.basis_document_id,
                "basis_note": campaign.basis_note,
                "units": [u.organization_id for u in units],
                "unit_parts": "\n".join(u.part for u in units),
                "expected_version": campaign.version,
            },
            **kwargs,
        )
        return render(request, "campaigns/form.html", {**context, "form": form})
    form = CampaignForm(request.POST, editing=True, **kwargs)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        changes = CampaignChanges(
            kind=d["kind"],
            title=d["title"],
            purpose=d["purpose"],
            target_group=d["target_group"],
            area_ids=list(d["areas"]),
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            basis_document_id=d["basis_document"] or 0,
            basis_note=d["basis_note"],
            units=[UnitInput(organization_id=o, part=p) for o, p in form.unit_pairs()],
        )
        try:
            services.campaign_update(
                campaign=campaign,
                actor=user,
                changes=changes,
                expected_version=d["expected_version"] or campaign.version,
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
            messages.success(request, _("Đã lưu kế hoạch cuộc vận động."))
            return HttpResponseRedirect(detail_url(campaign.pk))
    return render(request, "campaigns/form.html", {**context, "form": form}, status=status)


# --- The campaign page -----------------------------------------------------------------------


def _activity_form(
    request: HttpRequest, campaign: Campaign, data: Any = None, files: Any = None
) -> ActivityForm | None:
    if campaign.status not in RECORD_STATES:
        return None
    reporting_ids = permissions.recording_units(request.user, campaign)
    if not reporting_ids:
        return None
    names = dict(_org_choices(set(permissions.campaign_unit_ids(campaign))))
    reporting = [(i, names.get(i, str(i))) for i in reporting_ids]
    units = [(i, n) for i, n in names.items()]
    targets = list(campaign.targets.order_by("position", "id"))
    return ActivityForm(
        data,
        files,
        areas=selectors.activity_area_choices(campaign=campaign),
        reporting=reporting,
        units=units,
        targets=targets,
        initial={"date": timezone.localdate(), "organization": reporting_ids[0]},
    )


def _record_context(
    request: HttpRequest, campaign: Campaign, activity_form: ActivityForm | None = None
) -> dict[str, Any]:
    """What the htmx-refreshed part of the page shows: targets, the form, the activities."""
    user = request.user
    progress = selectors.targets_progress([campaign.pk]).get(campaign.pk, [])
    activities = selectors.campaign_activities(campaign=campaign)
    can_manage = permissions.can_manage(user, campaign)
    recording = set(permissions.recording_units(user, campaign))
    running = campaign.status in RECORD_STATES
    rows = [
        {
            "activity": a,
            "removable": running and (can_manage or a.organization_id in recording),
            "files_open": campaign.status in (Status.RUNNING, Status.ENDED, Status.SUSPENDED)
            and (can_manage or a.organization_id in recording),
        }
        for a in activities
    ]
    return {
        "campaign": campaign,
        "progress": progress,
        "completion": selectors.completion_of(progress),
        "activity_rows": rows,
        "people_total": selectors.campaign_people_reached(campaign=campaign),
        "activity_form": activity_form
        if activity_form is not None
        else _activity_form(request, campaign),
    }


def _page_context(
    request: HttpRequest, campaign: Campaign, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_manage = permissions.can_manage(user, campaign)
    moves = []
    for to in selectors.campaign_allowed_moves(campaign=campaign, user=user):
        key = f"mv-{to}"
        form = bound.get(key) or TransitionForm(
            to=to, source=campaign.status, initial={"expected_version": campaign.version}
        )
        label = (
            RESUME_LABEL
            if to == Status.RUNNING and campaign.status == Status.SUSPENDED
            else MOVE_LABELS[to]
        )
        moves.append({"to": to, "label": label, "form": form, "open": key in bound})
    unit_rows = selectors.campaign_units(campaign=campaign)
    unit_choices = [(campaign.organization_id, campaign.organization.name)] + [
        (u.organization_id, u.organization.name) for u in unit_rows
    ]
    activity_form = bound.get("act")
    context: dict[str, Any] = {
        **_record_context(
            request, campaign, activity_form if isinstance(activity_form, ActivityForm) else None
        ),
        "status_label": Status(campaign.status).label,
        "kind_label": Kind(campaign.kind).label,
        "areas": selectors.campaign_areas(campaign=campaign),
        "units": unit_rows,
        "timeline": selectors.campaign_timeline(campaign=campaign),
        "tasks": selectors.campaign_tasks(campaign=campaign),
        "can_manage": can_manage,
        "moves": moves if can_manage else [],
        "is_open": campaign.status not in TERMINAL,
        "plan_open": campaign.status in EDIT_STATES,
        "measure_units": measures.measure_units(),
        "open_form": next(iter(bound), ""),
    }
    if can_manage:
        context.update(
            target_form=bound.get("tg")
            or (TargetForm() if campaign.status in EDIT_STATES else None),
            task_form=bound.get("task")
            or (
                FollowUpForm(units=unit_choices, initial={"organization": campaign.organization_id})
                if campaign.status in TASK_STATES
                else None
            ),
        )
    return context


def _render(
    request: HttpRequest,
    campaign: Campaign,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request, "campaigns/detail.html", _page_context(request, campaign, bound), status=status
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.campaign_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Campaign, dict[str, Any]], Any],
    success: Callable[[Campaign], str],
    anchor: str = "",
) -> HttpResponse:
    """Parse `form`, run `call(campaign, cleaned_data)`, redirect to the page; errors re-render."""
    return record_form_action(
        request,
        load=lambda: selectors.campaign_get(user=request.user, pk=pk),
        render=lambda record, status, bound: _render(request, record, status=status, bound=bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
        on_error=apply_error,
    )


def _require_manager(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if not permissions.can_manage(request.user, campaign):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc vận động này."))
    return campaign


@login_required
@require_POST
def campaign_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    campaign = _require_manager(request, pk)
    if to not in Status.values:
        raise Http404
    form = TransitionForm(request.POST, to=to, source=campaign.status)

    def call(c: Campaign, data: dict[str, Any]) -> None:
        services.campaign_transition(
            campaign=c,
            actor=request.user,
            data=TransitionInput(
                to=to,
                expected_version=data["expected_version"],
                reason=data.get("reason") or "",
                on=data.get("on"),
                assessment=data.get("assessment") or "",
                lessons=data.get("lessons") or "",
                recommendations=data.get("recommendations") or "",
            ),
        )

    def success(c: Campaign) -> str:
        return _("Cuộc vận động nay ở trạng thái “%(status)s”.") % {
            "status": Status(c.status).label
        }

    return _act(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def target_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request, pk)
    form = TargetForm(request.POST)

    def call(c: Campaign, data: dict[str, Any]) -> None:
        services.target_add(
            campaign=c,
            actor=request.user,
            data=TargetInput(
                label=data["label"],
                unit=data["unit"],
                target_value=data["target_value"],
                baseline=data.get("baseline") or 0,
                tally=data["tally"],
            ),
        )

    return _act(
        request,
        pk,
        key="tg",
        form=form,
        call=call,
        success=lambda c: _("Đã thêm chỉ tiêu."),
        anchor="chi-tieu",
    )


class _Empty(forms.Form):
    pass


@login_required
@require_POST
def target_remove_view(request: HttpRequest, pk: int, tpk: int) -> HttpResponse:
    campaign = _require_manager(request, pk)
    target = selectors.target_get(campaign=campaign, pk=tpk)
    return _act(
        request,
        pk,
        key="tg-remove",
        form=_Empty(request.POST),
        call=lambda c, data: services.target_remove(target=target, actor=request.user),
        success=lambda c: _("Đã xóa chỉ tiêu."),
        anchor="chi-tieu",
    )


@login_required
@require_POST
def activity_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity. With htmx, answer the refreshed part of the page (errors included)."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if not permissions.can_record(request.user, campaign):
        raise DjangoPermissionDenied(_("Bạn không có quyền ghi hoạt động cho cuộc vận động này."))
    form = _activity_form(request, campaign, request.POST, request.FILES)
    htmx = bool(getattr(request, "htmx", False))
    if form is None:
        messages.error(request, _("Chỉ ghi hoạt động khi cuộc vận động đang triển khai."))
        return HttpResponseRedirect(detail_url(pk))
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        data = ActivityInput(
            date=d["date"],
            kind=d["kind"],
            area_id=d["area"],
            place=d["place"],
            organization_id=d["organization"],
            unit_ids=list(d["units"]),
            people_reached=d["people_reached"] or 0,
            description=d["description"],
            results=[ResultInput(target_id=t, value=v) for t, v in form.results()],
            files=_files(request, d["evidence"]),
        )
        try:
            services.activity_record(campaign=campaign, actor=request.user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
            status = exc.status
        else:
            if not htmx:
                messages.success(request, _("Đã ghi hoạt động và kết quả."))
                return HttpResponseRedirect(detail_url(pk, "hoat-dong"))
            fresh = selectors.campaign_get(user=request.user, pk=pk)
            context = _record_context(request, fresh)
            context["recorded"] = True
            return render(request, "campaigns/_record.html", context)
    if htmx:
        # htmx swaps only 2xx answers: the form with its errors comes back as 200.
        fresh = selectors.campaign_get(user=request.user, pk=pk)
        return render(request, "campaigns/_record.html", _record_context(request, fresh, form))
    return _render(request, campaign, status=status, bound={"act": form})


@login_required
@require_POST
def activity_remove_view(request: HttpRequest, pk: int, apk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    activity = selectors.activity_get(campaign=campaign, pk=apk)
    form = RemoveActivityForm(request.POST, prefix=f"rm-{apk}")
    return _act(
        request,
        pk,
        key=f"rm-{apk}",
        form=form,
        call=lambda c, data: services.activity_remove(
            activity=activity, actor=request.user, reason=data["reason"]
        ),
        success=lambda c: _("Đã xóa hoạt động; kết quả của hoạt động không còn được tính."),
        anchor="hoat-dong",
    )


@login_required
@require_POST
def evidence_add_view(request: HttpRequest, pk: int, apk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    activity = selectors.activity_get(campaign=campaign, pk=apk)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"ev-{apk}")
    return _act(
        request,
        pk,
        key=f"ev-{apk}",
        form=form,
        call=lambda c, data: services.activity_files_add(
            activity=activity, actor=request.user, files=_files(request, data["evidence"])
        ),
        success=lambda c: _("Đã bổ sung tài liệu minh chứng."),
        anchor=f"hoat-dong-{apk}",
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, apk: int, fpk: int) -> FileResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    activity = selectors.activity_get(campaign=campaign, pk=apk)
    evidence = selectors.evidence_get(activity=activity, pk=fpk)
    return stored_file_response(
        evidence.file,
        filename=evidence.original_name or "minh-chung",
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def followup_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _require_manager(request, pk)
    units = [(campaign.organization_id, campaign.organization.name)] + [
        (u.organization_id, u.organization.name)
        for u in selectors.campaign_units(campaign=campaign)
    ]
    form = FollowUpForm(request.POST, units=units)

    def call(c: Campaign, data: dict[str, Any]) -> None:
        services.followup_task_create(
            campaign=c,
            actor=request.user,
            data=FollowUpInput(
                title=data["title"],
                organization_id=data["organization"],
                due=data["due"],
                description=data["description"],
                supporting_ids=list(data["supporting"]),
            ),
        )

    return _act(
        request,
        pk,
        key="task",
        form=form,
        call=call,
        success=lambda c: _("Đã giao việc tiếp theo; việc được theo dõi trên bảng hạn xử lý."),
        anchor="viec-tiep-theo",
    )
