"""The oversight pages: /giam-sat/ (supervisions and social criticism) and /kiem-tra/
(inspections of how directives and resolutions are carried out).

Views are thin: parse a form, call one service or selector, redirect; a service error is shown
next to the field it names, a lost race reloads the page with a conflict message (409).
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
from danvan.core.models import Organization
from danvan.core.views.files import stored_file_response
from danvan.oversight import permissions, selectors, services
from danvan.oversight.deadlines import answer_rules
from danvan.oversight.forms import (
    AnswerForm,
    AssessForm,
    ConclusionForm,
    FindingForm,
    InspectionFilterForm,
    InspectionForm,
    InspectionMoveForm,
    ItemForm,
    RecommendationForm,
    SupervisionFilterForm,
    SupervisionForm,
    SupervisionMoveForm,
)
from danvan.oversight.inputs import ConclusionItemInput, InspectionInput, SupervisionInput
from danvan.oversight.models import (
    ConclusionItem,
    Finding,
    Inspection,
    Recommendation,
    Supervision,
)
from danvan.oversight.states import (
    DRAFT_RECOMMENDATION_STATES,
    FINDING_STATES,
    INSPECTION_TERMINAL,
    SUPERVISION_TERMINAL,
    InspectionStatus,
    RecommendationStatus,
    SupervisionKind,
    SupervisionStatus,
    inspection_targets,
    supervision_targets,
)

PAGE_SIZE = 30
ITEM_ROWS = 5
CONFLICT_MESSAGE = gettext_lazy(
    "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với thông "
    "tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)
SUPERVISION_MOVES = {
    SupervisionStatus.IN_PROGRESS: gettext_lazy("Bắt đầu giám sát"),
    SupervisionStatus.FINDINGS_REPORTED: gettext_lazy("Báo cáo kết quả giám sát"),
    SupervisionStatus.RECOMMENDATIONS_SENT: gettext_lazy("Gửi kiến nghị"),
    SupervisionStatus.CLOSED: gettext_lazy("Kết thúc cuộc giám sát"),
    SupervisionStatus.CANCELLED: gettext_lazy("Hủy cuộc giám sát"),
}
INSPECTION_MOVES = {
    InspectionStatus.ANNOUNCED: gettext_lazy("Công bố quyết định kiểm tra"),
    InspectionStatus.IN_PROGRESS: gettext_lazy("Bắt đầu kiểm tra"),
    InspectionStatus.CONCLUDED: gettext_lazy("Ban hành kết luận"),
    InspectionStatus.CLOSED: gettext_lazy("Kết thúc theo dõi"),
    InspectionStatus.CANCELLED: gettext_lazy("Hủy cuộc kiểm tra"),
}


def _org_choices(
    ids: frozenset[int] | set[int] | None = None, *, kinds: frozenset[str] | None = None
) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    if kinds is not None:
        qs = qs.filter(kind__in=sorted(kinds))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:1000]]


def _partners(user: Any, current: Any = ()) -> list[tuple[int, str]]:
    """Bodies a supervision or inspection may name: those of the user's provinces, plus those
    the record already names (`current`: kept when it is edited)."""
    ids = selectors.partner_organization_ids(user)
    if ids is not None:
        ids = ids | frozenset(int(i) for i in current)
    return _org_choices(ids)


def _document_choices(user: Any, cited: Any = ()) -> list[tuple[int, str]]:
    """The documents the user may see, plus those the record already cites."""
    from danvan.coordination.selectors import document_choices

    choices = document_choices(user=user)
    seen = {pk for pk, _label in choices}
    extra = [(int(d.pk), f"{d.reference} — {d.title}"[:200]) for d in cited if d.pk not in seen]
    return extra + choices


def _querystring(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


# --- Supervisions: list, create, edit -------------------------------------------------------


@login_required
@require_GET
def supervision_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    viewer = permissions.viewer_organization_ids(user)
    form = SupervisionFilterForm(
        request.GET or None,
        years=selectors.supervision_years(user=user),
        organizations=_org_choices(viewer, kinds=permissions.SUPERVISING_KINDS),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.SupervisionFilters(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        year=data.get("year"),
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.supervision_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "oversight/supervision_list.html",
        {
            "form": form,
            "page": page,
            "can_create": bool(permissions.supervising_organizations(user)),
            "querystring": _querystring(request),
        },
    )


def _supervision_form(request: HttpRequest, *, supervision: Supervision | None = None) -> Any:
    user = request.user
    kw: dict[str, Any] = {
        "organizations": [(o.pk, o.name) for o in permissions.supervising_organizations(user)],
        "targets": _partners(
            user, supervision.supervised.values_list("pk", flat=True) if supervision else ()
        ),
        "documents": _document_choices(
            user, [supervision.draft_document] if supervision and supervision.draft_document else []
        ),
        "editing": supervision is not None,
    }
    if request.method == "POST":
        return SupervisionForm(request.POST, **kw)
    if supervision is None:
        kind = request.GET.get("kind", "")
        return SupervisionForm(
            initial={"kind": kind if kind in SupervisionKind.values else ""}, **kw
        )
    return SupervisionForm(
        initial={
            "title": supervision.title,
            "content": supervision.content,
            "supervised": list(supervision.supervised.values_list("pk", flat=True)),
            "draft_title": supervision.draft_title,
            "draft_document": supervision.draft_document_id,
            "period_from": supervision.period_from,
            "period_to": supervision.period_to,
            "team": supervision.team,
            "expected_version": supervision.version,
        },
        **kw,
    )


def _supervision_input(data: dict[str, Any], kind: str = "") -> SupervisionInput:
    return SupervisionInput(
        kind=data.get("kind") or kind,
        organization_id=data.get("organization"),
        title=data["title"],
        content=data.get("content") or "",
        team=data.get("team") or "",
        supervised_ids=list(data.get("supervised") or []),
        draft_title=data.get("draft_title") or "",
        draft_document_id=data.get("draft_document"),
        period_from=data.get("period_from"),
        period_to=data.get("period_to"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_create(request: HttpRequest) -> HttpResponse:
    if not permissions.supervising_organizations(request.user):
        raise DjangoPermissionDenied(_("Bạn không có quyền lập kế hoạch giám sát."))
    form = _supervision_form(request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                s = services.supervision_create(
                    actor=request.user, data=_supervision_input(form.cleaned_data)
                )
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lập kế hoạch giám sát."))
                return HttpResponseRedirect(reverse("oversight:supervision", args=[s.pk]))
        else:
            status = 400
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "creating": True,
            "what": "supervision",
            "title": _("Lập kế hoạch giám sát, phản biện xã hội"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.supervision_get(user=request.user, pk=pk)
    if not permissions.can_manage_supervision(request.user, s):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc giám sát này."))
    form = _supervision_form(request, supervision=s)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.supervision_update(
                    supervision=s,
                    actor=request.user,
                    data=_supervision_input(form.cleaned_data, s.kind),
                    expected_version=form.cleaned_data["expected_version"],
                )
            except Conflict:
                messages.error(request, str(CONFLICT_MESSAGE))
                return HttpResponseRedirect(reverse("oversight:supervision_edit", args=[pk]))
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu kế hoạch giám sát."))
                return HttpResponseRedirect(reverse("oversight:supervision", args=[pk]))
        else:
            status = 400
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "creating": False,
            "what": "supervision",
            "record": s,
            "title": _("Sửa kế hoạch giám sát"),
        },
        status=status,
    )


# --- Supervision page and actions -----------------------------------------------------------


def _supervision_context(
    request: HttpRequest, s: Supervision, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    user = request.user
    bound = bound or {}
    findings, recs = selectors.supervision_parts(s)
    manage = permissions.can_manage_supervision(user, s)
    supervised = list(s.supervised.order_by("name"))
    targets = [(o.pk, o.name) for o in supervised] if supervised else []
    sent = s.status == SupervisionStatus.RECOMMENDATIONS_SENT
    show_rec_form = manage and (s.status in DRAFT_RECOMMENDATION_STATES or sent)
    moves = []
    if manage:
        for to in supervision_targets(s.status):
            form = bound.get(f"mv-{to}") or SupervisionMoveForm(
                to=to, initial={"expected_version": s.version}
            )
            moves.append(
                {
                    "to": to,
                    "label": SUPERVISION_MOVES[SupervisionStatus(to)],
                    "form": form,
                    "open": f"mv-{to}" in bound,
                }
            )
    rows = []
    for r in recs:
        row: dict[str, Any] = {"rec": r}
        if r.status == RecommendationStatus.AWAITING and permissions.can_answer(user, r):
            row["answer_form"] = bound.get(f"answer-{r.pk}") or AnswerForm(
                prefix=f"answer-{r.pk}", initial={"expected_version": r.version}
            )
        if r.status == RecommendationStatus.ANSWERED and manage:
            row["assess_form"] = bound.get(f"assess-{r.pk}") or AssessForm(
                prefix=f"assess-{r.pk}", initial={"expected_version": r.version}
            )
        rows.append(row)
    return {
        "s": s,
        "supervised": supervised,
        "findings": findings,
        "rows": rows,
        "summary": selectors.recommendation_summary(recs),
        "can_manage": manage,
        "is_open": s.status not in SUPERVISION_TERMINAL,
        "moves": moves,
        "finding_form": (bound.get("finding") or FindingForm(targets=targets))
        if manage and s.status in FINDING_STATES
        else None,
        "rec_form": (bound.get("rec") or RecommendationForm(targets=_partners(user), sent=sent))
        if show_rec_form
        else None,
        "rules": [r for r in answer_rules() if r.valid_to is None],
        "criticism": s.kind == SupervisionKind.CRITICISM,
        "today": timezone.localdate(),
    }


def _render_supervision(
    request: HttpRequest,
    s: Supervision,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request,
        "oversight/supervision_detail.html",
        _supervision_context(request, s, bound),
        status=status,
    )


@login_required
@require_GET
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_supervision(request, selectors.supervision_get(user=request.user, pk=pk))


def _act_supervision(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Supervision, dict[str, Any]], Any],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    s = selectors.supervision_get(user=request.user, pk=pk)
    if not form.is_valid():
        return _render_supervision(request, s, status=400, bound={key: form})
    try:
        call(s, form.cleaned_data)
    except Conflict:
        messages.error(request, str(CONFLICT_MESSAGE))
        return _render_supervision(
            request, selectors.supervision_get(user=request.user, pk=pk), status=409
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        fresh = selectors.supervision_get(user=request.user, pk=pk)
        return _render_supervision(request, fresh, status=exc.status, bound={key: form})
    messages.success(request, success)
    url = reverse("oversight:supervision", args=[pk])
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def supervision_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    if to not in SupervisionStatus.values or to == SupervisionStatus.PLANNED:
        raise Http404
    form = SupervisionMoveForm(request.POST, to=to)

    def call(s: Supervision, data: dict[str, Any]) -> None:
        services.supervision_transition(
            supervision=s,
            actor=request.user,
            to=to,
            expected_version=data["expected_version"],
            on=data.get("on"),
            reason=data.get("reason") or "",
            report_summary=data.get("report_summary") or "",
        )

    success = _("Đã thực hiện “%(move)s”.") % {"move": SUPERVISION_MOVES[SupervisionStatus(to)]}
    return _act_supervision(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def finding_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.supervision_get(user=request.user, pk=pk)
    targets = [(o.pk, o.name) for o in s.supervised.order_by("name")]
    form = FindingForm(request.POST, targets=targets)

    def call(s: Supervision, data: dict[str, Any]) -> None:
        services.finding_add(
            supervision=s,
            actor=request.user,
            content=data["content"],
            organization_id=data.get("organization"),
        )

    return _act_supervision(
        request,
        pk,
        key="finding",
        form=form,
        call=call,
        success=_("Đã ghi kết quả giám sát."),
        anchor="ket-qua",
    )


@login_required
@require_POST
def recommendation_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.supervision_get(user=request.user, pk=pk)
    sent = s.status == SupervisionStatus.RECOMMENDATIONS_SENT
    form = RecommendationForm(request.POST, targets=_partners(request.user), sent=sent)

    def call(s: Supervision, data: dict[str, Any]) -> None:
        services.recommendation_add(
            supervision=s,
            actor=request.user,
            addressee_id=data["addressee"],
            content=data["content"],
            on=data.get("on"),
        )

    return _act_supervision(
        request,
        pk,
        key="rec",
        form=form,
        call=call,
        success=_("Đã ghi kiến nghị."),
        anchor="kien-nghi",
    )


def _remove(
    request: HttpRequest, supervision_id: int, call: Callable[[], None], done: str
) -> HttpResponse:
    try:
        call()
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("oversight:supervision", args=[supervision_id]))


@login_required
@require_POST
def finding_remove_view(request: HttpRequest, fpk: int) -> HttpResponse:
    finding = Finding.objects.filter(pk=fpk).first()
    if finding is None:
        raise Http404
    s = selectors.supervision_get(user=request.user, pk=int(finding.supervision_id))
    return _remove(
        request,
        s.pk,
        lambda: services.finding_remove(finding=finding, actor=request.user),
        _("Đã bỏ kết quả giám sát."),
    )


@login_required
@require_POST
def recommendation_remove_view(request: HttpRequest, rpk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=rpk)
    return _remove(
        request,
        int(rec.supervision_id),
        lambda: services.recommendation_remove(recommendation=rec, actor=request.user),
        _("Đã bỏ kiến nghị dự thảo."),
    )


@login_required
@require_POST
def recommendation_answer_view(request: HttpRequest, rpk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=rpk)
    form = AnswerForm(request.POST, request.FILES, prefix=f"answer-{rpk}")

    def call(s: Supervision, data: dict[str, Any]) -> None:
        upload = data.get("file")
        file = UploadedFileInput(name=upload.name, data=upload.read()) if upload else None
        services.recommendation_answer(
            recommendation=rec,
            actor=request.user,
            text=data["text"],
            result=data["result"],
            answered_on=data.get("answered_on"),
            expected_version=data["expected_version"],
            file=file,
        )

    return _act_supervision(
        request,
        int(rec.supervision_id),
        key=f"answer-{rpk}",
        form=form,
        call=call,
        success=_("Đã ghi nội dung trả lời kiến nghị."),
        anchor=f"kn-{rpk}",
    )


@login_required
@require_POST
def recommendation_assess_view(request: HttpRequest, rpk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=rpk)
    form = AssessForm(request.POST, prefix=f"assess-{rpk}")

    def call(s: Supervision, data: dict[str, Any]) -> None:
        services.recommendation_assess(
            recommendation=rec,
            actor=request.user,
            assessment=data["assessment"],
            note=data.get("note") or "",
            follow_up=data.get("follow_up") or "",
            expected_version=data["expected_version"],
        )

    return _act_supervision(
        request,
        int(rec.supervision_id),
        key=f"assess-{rpk}",
        form=form,
        call=call,
        success=_("Đã ghi đánh giá trả lời kiến nghị."),
        anchor=f"kn-{rpk}",
    )


@login_required
@require_GET
def recommendation_file(request: HttpRequest, rpk: int) -> FileResponse:
    rec: Recommendation = selectors.recommendation_get(user=request.user, pk=rpk)
    return stored_file_response(
        rec.answer_file,
        filename=rec.answer_file_name or "tra-loi",
        content_type=rec.answer_file_type,
    )


# --- Inspections ----------------------------------------------------------------------------


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    viewer = permissions.viewer_organization_ids(user)
    form = InspectionFilterForm(
        request.GET or None,
        years=selectors.inspection_years(user=user),
        organizations=_org_choices(viewer, kinds=permissions.INSPECTING_KINDS),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.InspectionFilters(
        status=data.get("status") or "",
        year=data.get("year"),
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.inspection_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "oversight/inspection_list.html",
        {
            "form": form,
            "page": page,
            "can_create": bool(permissions.inspecting_organizations(user)),
            "querystring": _querystring(request),
        },
    )


def _inspection_form(request: HttpRequest, *, inspection: Inspection | None = None) -> Any:
    kw: dict[str, Any] = {
        "organizations": [
            (o.pk, o.name) for o in permissions.inspecting_organizations(request.user)
        ],
        "targets": _partners(
            request.user, inspection.inspected.values_list("pk", flat=True) if inspection else ()
        ),
        "documents": _document_choices(
            request.user, list(inspection.documents.all()) if inspection else []
        ),
        "editing": inspection is not None,
    }
    if request.method == "POST":
        return InspectionForm(request.POST, **kw)
    if inspection is None:
        return InspectionForm(**kw)
    return InspectionForm(
        initial={
            "title": inspection.title,
            "content": inspection.content,
            "document_refs": inspection.document_refs,
            "documents": list(inspection.documents.values_list("pk", flat=True)),
            "inspected": list(inspection.inspected.values_list("pk", flat=True)),
            "team": inspection.team,
            "period_from": inspection.period_from,
            "period_to": inspection.period_to,
            "scheduled_from": inspection.scheduled_from,
            "scheduled_to": inspection.scheduled_to,
            "expected_version": inspection.version,
        },
        **kw,
    )


def _inspection_input(data: dict[str, Any]) -> InspectionInput:
    return InspectionInput(
        organization_id=data.get("organization"),
        title=data["title"],
        content=data.get("content") or "",
        team=data.get("team") or "",
        document_refs=data.get("document_refs") or "",
        document_ids=list(data.get("documents") or []),
        inspected_ids=list(data.get("inspected") or []),
        period_from=data.get("period_from"),
        period_to=data.get("period_to"),
        scheduled_from=data.get("scheduled_from"),
        scheduled_to=data.get("scheduled_to"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not permissions.inspecting_organizations(request.user):
        raise DjangoPermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra."))
    form = _inspection_form(request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                i = services.inspection_create(
                    actor=request.user, data=_inspection_input(form.cleaned_data)
                )
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lập kế hoạch kiểm tra."))
                return HttpResponseRedirect(reverse("oversight:inspection", args=[i.pk]))
        else:
            status = 400
    return render(
        request,
        "oversight/form.html",
        {"form": form, "creating": True, "what": "inspection", "title": _("Lập kế hoạch kiểm tra")},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    i = selectors.inspection_get(user=request.user, pk=pk)
    if not permissions.can_manage_inspection(request.user, i):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc kiểm tra này."))
    form = _inspection_form(request, inspection=i)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.inspection_update(
                    inspection=i,
                    actor=request.user,
                    data=_inspection_input(form.cleaned_data),
                    expected_version=form.cleaned_data["expected_version"],
                )
            except Conflict:
                messages.error(request, str(CONFLICT_MESSAGE))
                return HttpResponseRedirect(reverse("oversight:inspection_edit", args=[pk]))
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu kế hoạch kiểm tra."))
                return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]))
        else:
            status = 400
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "creating": False,
            "what": "inspection",
            "record": i,
            "title": _("Sửa kế hoạch kiểm tra"),
        },
        status=status,
    )


def _item_forms(
    inspection: Inspection, user: Any, data: Any = None, *, rows: int = ITEM_ROWS
) -> list[ItemForm]:
    inspected = [(o.pk, o.name) for o in inspection.inspected.order_by("name")]
    others = _partners(user)
    return [
        ItemForm(data, prefix=f"item-{n}", leads=inspected, others=others)
        for n in range(1, rows + 1)
    ]


def _items_input(item_forms: list[ItemForm]) -> list[ConclusionItemInput]:
    items = []
    for f in item_forms:
        d = f.cleaned_data
        if not (d.get("content") or "").strip():
            continue
        items.append(
            ConclusionItemInput(
                content=d["content"],
                lead_id=d.get("lead"),
                due=d.get("due"),
                supporting_ids=list(d.get("supporting") or []),
            )
        )
    return items


def _render_inspection(
    request: HttpRequest,
    i: Inspection,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    manage = permissions.can_manage_inspection(user, i)
    items = selectors.conclusion_items(i)
    moves = []
    if manage:
        for to in inspection_targets(i.status):
            if to == InspectionStatus.CONCLUDED:
                continue
            form = bound.get(f"mv-{to}") or InspectionMoveForm(
                to=to, initial={"expected_version": i.version}
            )
            moves.append(
                {
                    "to": to,
                    "label": INSPECTION_MOVES[InspectionStatus(to)],
                    "form": form,
                    "open": f"mv-{to}" in bound,
                }
            )
    context = {
        "i": i,
        "inspected": list(i.inspected.order_by("name")),
        "documents": list(i.documents.all()),
        "items": items,
        "summary": selectors.conclusion_summary(items),
        "can_manage": manage,
        "can_conclude": manage and i.status == InspectionStatus.IN_PROGRESS,
        "is_open": i.status not in INSPECTION_TERMINAL,
        "moves": moves,
        "item_form": (bound.get("item") or _item_forms(i, request.user, rows=1)[0])
        if manage and i.status == InspectionStatus.CONCLUDED
        else None,
    }
    return render(request, "oversight/inspection_detail.html", context, status=status)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_inspection(request, selectors.inspection_get(user=request.user, pk=pk))


@login_required
@require_POST
def inspection_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    if to not in InspectionStatus.values or to in (
        InspectionStatus.PLANNED,
        InspectionStatus.CONCLUDED,
    ):
        raise Http404
    i = selectors.inspection_get(user=request.user, pk=pk)
    form = InspectionMoveForm(request.POST, to=to)
    if not form.is_valid():
        return _render_inspection(request, i, status=400, bound={f"mv-{to}": form})
    try:
        services.inspection_transition(
            inspection=i,
            actor=request.user,
            to=to,
            expected_version=form.cleaned_data["expected_version"],
            on=form.cleaned_data.get("on"),
            reason=form.cleaned_data.get("reason") or "",
        )
    except Conflict:
        messages.error(request, str(CONFLICT_MESSAGE))
        return _render_inspection(
            request, selectors.inspection_get(user=request.user, pk=pk), status=409
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        fresh = selectors.inspection_get(user=request.user, pk=pk)
        return _render_inspection(request, fresh, status=exc.status, bound={f"mv-{to}": form})
    messages.success(
        request, _("Đã thực hiện “%(move)s”.") % {"move": INSPECTION_MOVES[InspectionStatus(to)]}
    )
    return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]))


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusion page: the text and its items (each becomes a task of its lead unit)."""
    i = selectors.inspection_get(user=request.user, pk=pk)
    if not permissions.can_manage_inspection(request.user, i):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc kiểm tra này."))
    if i.status != InspectionStatus.IN_PROGRESS:
        messages.error(request, _("Chỉ ban hành kết luận khi cuộc kiểm tra đang diễn ra."))
        return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]))
    post = request.POST if request.method == "POST" else None
    form = ConclusionForm(post, initial={"expected_version": i.version})
    item_forms = _item_forms(i, request.user, post)
    status = 200
    if post is not None:
        if form.is_valid() and all(f.is_valid() for f in item_forms):
            try:
                services.inspection_transition(
                    inspection=i,
                    actor=request.user,
                    to=InspectionStatus.CONCLUDED,
                    expected_version=form.cleaned_data["expected_version"],
                    on=form.cleaned_data.get("on"),
                    conclusion=form.cleaned_data["conclusion"],
                    items=_items_input(item_forms),
                )
            except Conflict:
                messages.error(request, str(CONFLICT_MESSAGE))
                return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]))
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name in exc.fields:
                    if name in form.fields and name != "expected_version":
                        form.add_error(name, exc.fields[name])
                status = exc.status
            else:
                messages.success(request, _("Đã ban hành kết luận kiểm tra và giao nhiệm vụ."))
                return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]))
        else:
            status = 400
    return render(
        request,
        "oversight/conclusion.html",
        {"i": i, "form": form, "item_forms": item_forms},
        status=status,
    )


@login_required
@require_POST
def conclusion_item_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    i = selectors.inspection_get(user=request.user, pk=pk)
    form = _item_forms(i, request.user, request.POST, rows=1)[0]
    if not form.is_valid():
        return _render_inspection(request, i, status=400, bound={"item": form})
    try:
        services.conclusion_item_add(
            inspection=i,
            actor=request.user,
            item=ConclusionItemInput(
                content=form.cleaned_data.get("content") or "",
                lead_id=form.cleaned_data.get("lead"),
                due=form.cleaned_data.get("due"),
                supporting_ids=list(form.cleaned_data.get("supporting") or []),
            ),
        )
    except DomainPermissionDenied as exc:
        form.add_error(None, exc.message)
        return _render_inspection(request, i, status=403, bound={"item": form})
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render_inspection(request, i, status=exc.status, bound={"item": form})
    messages.success(request, _("Đã bổ sung nội dung kết luận và giao nhiệm vụ."))
    return HttpResponseRedirect(reverse("oversight:inspection", args=[pk]) + "#ket-luan")


@login_required
@require_GET
def conclusion_item_redirect(request: HttpRequest, ipk: int) -> HttpResponse:
    """The page of a conclusion item (the overdue board's link for its task): its inspection."""
    item = ConclusionItem.objects.filter(pk=ipk).only("inspection_id").first()
    if item is None:
        raise Http404
    i = selectors.inspection_get(user=request.user, pk=int(item.inspection_id))
    return HttpResponseRedirect(reverse("oversight:inspection", args=[i.pk]) + f"#nd-{ipk}")
