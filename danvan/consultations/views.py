"""The consultation pages.

Staff, under /gop-y-du-thao/ (login required): the list, preparing and editing a draft, its
page (structure entered one by one or pasted whole, the file, the moves), the comments with the
organisations' entry form, the moderation queue, the groups of similar comments, the responses,
the statistics and the synthesis report (DOCX). Public, under /cong-dan/gop-y/ (no account): the
open and recently synthesised drafts, a draft with a comment form per article, the receipt with
the tracking code, and the tracking page.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names, a lost race reloads the page with a conflict message (409). Portal writes are
rate-limited per address (`danvan.portal.throttle`, the "submit" and "lookup" counters) and a
filled honeypot gets an ordinary-looking receipt while nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.consultations import permissions, selectors, services
from danvan.consultations.documents import synthesis_docx
from danvan.consultations.forms import (
    CommentFilterForm,
    DraftFilterForm,
    DraftForm,
    FileForm,
    GroupCreateForm,
    GroupMergeForm,
    ModerationForm,
    OrganizationCommentForm,
    PasteForm,
    PublicCommentForm,
    PublicLookupForm,
    ResponseForm,
    SectionForm,
    SynthesisForm,
    TransitionForm,
    initial_period,
)
from danvan.consultations.inputs import (
    CitizenCommentInput,
    DraftChanges,
    DraftInput,
    ModerationInput,
    OrganizationCommentInput,
    ResponseInput,
    SectionInput,
    SynthesisInput,
)
from danvan.consultations.inputs import TransitionInput as MoveInput
from danvan.consultations.models import Draft
from danvan.consultations.states import (
    EDIT_STATES,
    ENTRY_STATES,
    STRUCTURE_STATES,
    WORK_STATES,
    AuthorKind,
    CommentStatus,
    DocKind,
    ResponseKind,
    Status,
)
from danvan.core.errors import Conflict, DomainError, NotFound
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.files import UploadedFileInput
from danvan.core.forms.errors import apply_error
from danvan.core.models import AdminUnit, Organization
from danvan.core.models.units import UnitLevel
from danvan.core.views.actions import record_form_action
from danvan.core.views.files import stored_file_response
from danvan.portal.throttle import Claim, ip_hash, throttle_claim, throttle_release, wait_minutes

PAGE_SIZE = 30
CONFLICT_MESSAGE = gettext_lazy(
    "Dự thảo vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)
MOVE_LABELS: dict[str, Any] = {
    Status.OPEN: gettext_lazy("Công bố lấy ý kiến"),
    Status.CLOSED: gettext_lazy("Kết thúc lấy ý kiến"),
    Status.CANCELLED: gettext_lazy("Hủy việc lấy ý kiến"),
    "reopen": gettext_lazy("Gia hạn, mở lại lấy ý kiến"),
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("consultations:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _draft(request: HttpRequest, pk: int) -> Draft:
    return selectors.draft_get(user=request.user, pk=pk)


def _manager(request: HttpRequest, draft: Draft) -> None:
    if not permissions.can_manage(request.user, draft):
        raise DjangoPermissionDenied(_("Bạn không quản lý việc lấy ý kiến dự thảo này."))


# --- List, create, edit ----------------------------------------------------------------------


@login_required
@require_GET
def draft_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DraftFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DraftFilters(
        status=data.get("status") or "", kind=data.get("kind") or "", q=data.get("q") or ""
    )
    page = Paginator(selectors.draft_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "consultations/list.html",
        {
            "form": form,
            "page": page,
            "querystring": urlencode(query),
            "can_create": permissions.managing_organization_ids(user) != frozenset(),
            "pending": selectors.moderation_queue(user=user).count(),
        },
    )


def _area_choices(organizations: list[Organization]) -> list[tuple[int, str]]:
    """The consulting bodies' areas and the communes below them (the audience areas)."""
    homes = sorted({o.area_id for o in organizations if o.area_id is not None})
    units = AdminUnit.objects.filter(valid_to__isnull=True)
    if homes:
        units = units.filter(Q(pk__in=homes) | Q(parent_id__in=homes))
    else:
        units = units.filter(level=UnitLevel.PROVINCE)
    return [(u.pk, u.full_name) for u in units.order_by("level", "name")[:2000]]


def _org_choices(organizations: list[Organization]) -> list[tuple[int, str]]:
    """Organisations of the consulting bodies' areas (province and its communes)."""
    areas = [pk for pk, _name in _area_choices(organizations)]
    qs = Organization.objects.filter(is_active=True, area_id__in=areas)
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:1000]]


def _form_kwargs(organizations: list[Organization]) -> dict[str, Any]:
    return {
        "organizations": [(o.pk, o.name) for o in organizations],
        "areas": _area_choices(organizations),
        "audience_organizations": _org_choices(organizations),
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = permissions.managing_organizations(user)
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền lấy ý kiến dự thảo."))
    kwargs = _form_kwargs(organizations)
    if request.method == "GET":
        start, end = initial_period()
        form = DraftForm(initial={"opens_on": start, "closes_on": end}, **kwargs)
        return render(request, "consultations/form.html", {"form": form, "creating": True})
    form = DraftForm(request.POST, **kwargs)
    if form.is_valid():
        d = form.cleaned_data
        data = DraftInput(
            kind=d["kind"],
            title=d["title"],
            summary=d["summary"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            organization_id=d["organization"],
            audience=d["audience"],
            audience_area_id=d["audience_area"],
            audience_organization_ids=list(d["audience_organizations"]),
        )
        try:
            draft = services.draft_create(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc, aliases={"audience_organizations": "audience_organizations"})
        else:
            messages.success(
                request, _("Đã lập dự thảo. Hãy nhập các chương, điều (hoặc dán toàn văn).")
            )
            return HttpResponseRedirect(detail_url(draft.pk, "cau-truc"))
    return render(request, "consultations/form.html", {"form": form, "creating": True}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    _manager(request, draft)
    if draft.status not in EDIT_STATES:
        raise DjangoPermissionDenied(_("Dự thảo đã hết hạn góp ý: không sửa được nữa."))
    kwargs = _form_kwargs([draft.organization])
    context: dict[str, Any] = {"draft": draft, "creating": False}
    if request.method == "GET":
        form = DraftForm(
            editing=True,
            initial={
                "kind": draft.kind,
                "title": draft.title,
                "summary": draft.summary,
                "opens_on": draft.opens_on,
                "closes_on": draft.closes_on,
                "audience": draft.audience,
                "audience_area": draft.audience_area_id,
                "audience_organizations": list(
                    draft.audience_organizations.values_list("id", flat=True)
                ),
            },
            **kwargs,
        )
        return render(
            request, "consultations/form.html", {**context, "form": form, "version": draft.version}
        )
    form = DraftForm(request.POST, editing=True, **kwargs)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            version = int(request.POST.get("expected_version") or draft.version)
        except ValueError:
            version = draft.version
        try:
            services.draft_update(
                draft=draft,
                actor=request.user,
                changes=DraftChanges(
                    kind=d["kind"],
                    title=d["title"],
                    summary=d["summary"],
                    opens_on=d["opens_on"],
                    closes_on=d["closes_on"],
                    audience=d["audience"],
                    audience_area_id=d["audience_area"],
                    audience_organization_ids=list(d["audience_organizations"]),
                ),
                expected_version=version,
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
            messages.success(request, _("Đã lưu thông tin dự thảo."))
            return HttpResponseRedirect(detail_url(draft.pk))
    return render(
        request,
        "consultations/form.html",
        {**context, "form": form, "version": draft.version},
        status=status,
    )


# --- The draft page --------------------------------------------------------------------------


def _moves(draft: Draft, user: Any, bound: dict[str, forms.Form] | None) -> list[dict[str, Any]]:
    rows = []
    for to in selectors.draft_allowed_moves(draft=draft, user=user):
        key = "reopen" if (to == Status.OPEN and draft.status == Status.CLOSED) else str(to)
        form = (bound or {}).get(f"move-{key}") or TransitionForm(
            to=key, initial={"expected_version": draft.version, "closes_on": None}
        )
        rows.append(
            {
                "to": key,
                "label": MOVE_LABELS[key],
                "form": form,
                "open": bool(bound and f"move-{key}" in bound),
            }
        )
    return rows


def _detail(
    request: HttpRequest,
    draft: Draft,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    user = request.user
    can_manage = permissions.can_manage(user, draft)
    bound = bound or {}
    structure_open = can_manage and draft.status in STRUCTURE_STATES
    stats = selectors.draft_statistics(draft)
    context = {
        "draft": draft,
        "sections": selectors.sections_of(draft),
        "can_manage": can_manage,
        "moves": _moves(draft, user, bound) if can_manage else [],
        "structure_open": structure_open,
        "section_form": bound.get("section")
        or SectionForm(initial={"expected_version": draft.version}),
        "paste_form": bound.get("paste") or PasteForm(initial={"expected_version": draft.version}),
        "file_form": bound.get("file") or FileForm(initial={"expected_version": draft.version}),
        "edit_open": can_manage and draft.status in EDIT_STATES,
        "synthesis_form": bound.get("synthesis")
        or SynthesisForm(initial={"expected_version": draft.version}),
        "can_synthesise": can_manage and draft.status == Status.CLOSED,
        "stats": stats,
        "unanswered": services.unanswered_count(draft),
        "audience_organizations": list(draft.audience_organizations.order_by("name")),
        "public_url": reverse("consultations:public_detail", kwargs={"pk": draft.pk})
        if draft.status in (Status.OPEN, Status.CLOSED, Status.SYNTHESISED)
        else "",
    }
    return render(request, "consultations/detail.html", context, status=status)


@login_required
@require_GET
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _draft(request, pk))


def _action(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Draft, dict[str, Any]], Any],
    success: Callable[[Draft], str],
    anchor: str = "",
) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: _draft(request, pk),
        render=lambda d, status, bound: _detail(request, d, status, bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def draft_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    if to not in MOVE_LABELS:
        raise Http404
    target = Status.OPEN if to == "reopen" else to

    def call(draft: Draft, d: dict[str, Any]) -> Any:
        return services.draft_transition(
            draft=draft,
            actor=request.user,
            data=MoveInput(
                to=target,
                expected_version=d["expected_version"],
                reason=d.get("reason") or "",
                closes_on=d.get("closes_on"),
            ),
        )

    return _action(
        request,
        pk,
        key=f"move-{to}",
        form=TransitionForm(request.POST, to=to),
        call=call,
        success=lambda d: _("Dự thảo đã chuyển sang “{status}”.").format(
            status=d.get_status_display()
        ),
    )


@login_required
@require_POST
def section_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(draft: Draft, d: dict[str, Any]) -> Any:
        return services.section_add(
            draft=draft,
            actor=request.user,
            data=SectionInput(kind=d["kind"], number=d["number"], title=d["title"], text=d["text"]),
            expected_version=d["expected_version"],
        )

    return _action(
        request,
        pk,
        key="section",
        form=SectionForm(request.POST),
        call=call,
        success=lambda d: _("Đã thêm vào cấu trúc dự thảo."),
        anchor="cau-truc",
    )


@login_required
@require_POST
def sections_paste_view(request: HttpRequest, pk: int) -> HttpResponse:
    counted: dict[str, int] = {}

    def call(draft: Draft, d: dict[str, Any]) -> Any:
        counted["n"] = services.sections_import(
            draft=draft,
            actor=request.user,
            text=d["text"],
            expected_version=d["expected_version"],
            replace=d["replace"],
            clauses=d["clauses"],
        )

    return _action(
        request,
        pk,
        key="paste",
        form=PasteForm(request.POST),
        call=call,
        success=lambda d: _("Đã tách dự thảo thành {n} chương, mục, điều.").format(
            n=counted.get("n", 0)
        ),
        anchor="cau-truc",
    )


@login_required
@require_POST
def section_remove_view(request: HttpRequest, pk: int, spk: int) -> HttpResponse:
    draft = _draft(request, pk)
    section = selectors.section_get(draft=draft, pk=spk)
    try:
        version = int(request.POST.get("expected_version") or 0)
        services.section_remove(section=section, actor=request.user, expected_version=version)
    except ValueError:
        raise Http404 from None
    except Conflict:
        messages.error(request, str(CONFLICT_MESSAGE))
        return _detail(request, _draft(request, pk), 409)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, _draft(request, pk), exc.status)
    messages.success(request, _("Đã xóa khỏi cấu trúc dự thảo."))
    return HttpResponseRedirect(detail_url(pk, "cau-truc"))


@login_required
@require_http_methods(["GET", "POST"])
def draft_file_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    if request.method == "GET":
        draft = _draft(request, pk)
        return stored_file_response(
            draft.file, filename=draft.file_name or "du-thao", content_type=draft.file_type
        )

    def call(draft: Draft, d: dict[str, Any]) -> Any:
        upload = d["file"]
        return services.draft_file_set(
            draft=draft,
            actor=request.user,
            upload=UploadedFileInput(name=upload.name or "", data=upload.read()),
            expected_version=d["expected_version"],
        )

    return _action(
        request,
        pk,
        key="file",
        form=FileForm(request.POST, request.FILES),
        call=call,
        success=lambda d: _("Đã đính kèm tệp dự thảo."),
    )


@login_required
@require_POST
def synthesis_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(draft: Draft, d: dict[str, Any]) -> Any:
        return services.draft_synthesis_publish(
            draft=draft,
            actor=request.user,
            data=SynthesisInput(
                expected_version=d["expected_version"],
                summary=d["summary"],
                signer=d["signer"],
                position=d["position"],
                issued_on=d["issued_on"],
            ),
        )

    return _action(
        request,
        pk,
        key="synthesis",
        form=SynthesisForm(request.POST),
        call=call,
        success=lambda d: _(
            "Đã công bố báo cáo tổng hợp số {number}: người góp ý xem được nội dung tiếp thu, "
            "giải trình."
        ).format(number=d.synthesis_number),
    )


@login_required
@require_GET
def synthesis_download(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    data = synthesis_docx(draft)
    name = f"bao-cao-tong-hop-gop-y-{slugify(draft.title)[:60] or draft.pk}.docx"
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Comments and moderation ----------------------------------------------------------------


def _section_choices(draft: Draft) -> list[tuple[int, str]]:
    return [(s.pk, s.label[:120]) for s in selectors.sections_of(draft) if s.commentable]


def _comments_page(
    request: HttpRequest,
    draft: Draft,
    entry: OrganizationCommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = permissions.can_manage(request.user, draft)
    filt = CommentFilterForm(request.GET or None)
    data: dict[str, Any] = filt.cleaned_data if filt.is_valid() else {}
    comments = selectors.comment_list(
        draft=draft,
        filters=selectors.CommentFilters(
            status=data.get("status") or "", author_kind=data.get("author_kind") or ""
        ),
    )
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    moderating = can_manage and draft.status in WORK_STATES
    rows = [
        {
            "comment": c,
            "moderation": ModerationForm(
                initial={"expected_version": c.version}, auto_id=f"id_m{c.pk}_%s"
            )
            if moderating
            else None,
        }
        for c in page.object_list
    ]
    if entry is None and can_manage and draft.status in ENTRY_STATES:
        entry = OrganizationCommentForm(
            sections=_section_choices(draft), organizations=_org_choices([draft.organization])
        )
    return render(
        request,
        "consultations/comments.html",
        {"draft": draft, "filter_form": filt, "page": page, "rows": rows, "entry_form": entry},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comments_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if request.method == "GET":
        return _comments_page(request, draft)
    _manager(request, draft)
    form = OrganizationCommentForm(
        request.POST,
        sections=_section_choices(draft),
        organizations=_org_choices([draft.organization]),
    )
    if not form.is_valid():
        return _comments_page(request, draft, form, 400)
    d = form.cleaned_data
    try:
        services.comment_enter(
            draft=draft,
            actor=request.user,
            data=OrganizationCommentInput(
                text=d["text"],
                section_id=d["section"],
                organization_id=d["organization"],
                organization_name=d["organization_name"],
                received_on=d["received_on"],
            ),
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return _comments_page(request, draft, form, exc.status)
    messages.success(request, _("Đã ghi ý kiến của cơ quan, tổ chức."))
    return HttpResponseRedirect(reverse("consultations:comments", kwargs={"pk": pk}))


@login_required
@require_POST
def comment_moderate_view(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    draft = _draft(request, pk)
    comment = selectors.comment_get(draft=draft, pk=cpk)
    form = ModerationForm(request.POST)
    back = request.POST.get("next") or ""
    target = (
        reverse("consultations:moderation")
        if back == "queue"
        else reverse("consultations:comments", kwargs={"pk": pk})
    )
    if not form.is_valid():
        messages.error(request, _("Chọn thao tác duyệt hợp lệ."))
        return HttpResponseRedirect(target)
    d = form.cleaned_data
    try:
        services.comment_moderate(
            comment=comment,
            actor=request.user,
            data=ModerationInput(
                to=d["to"],
                expected_version=d["expected_version"],
                reason=d.get("reason") or "",
                note=d.get("note") or "",
            ),
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(target)
    messages.success(
        request,
        _("Đã duyệt, công khai ý kiến.")
        if d["to"] == CommentStatus.PUBLISHED
        else _("Đã không đăng ý kiến; người góp ý xem được lý do."),
    )
    return HttpResponseRedirect(target)


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.moderation_queue(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "comment": c,
            "moderation": ModerationForm(
                initial={"expected_version": c.version}, auto_id=f"id_m{c.pk}_%s"
            ),
        }
        for c in page.object_list
    ]
    return render(request, "consultations/moderation.html", {"page": page, "rows": rows})


# --- Groups ----------------------------------------------------------------------------------


def _groups_back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("consultations:groups", kwargs={"pk": pk}))


def _run(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_GET
def groups_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    rows = selectors.answerables(draft)
    groups = [r for r in rows if r.group is not None]
    singles = [r for r in rows if r.group is None]
    choices = [(g.group.pk, f"#{g.group.pk} {g.group.label[:60]}") for g in groups if g.group]
    return render(
        request,
        "consultations/groups.html",
        {
            "draft": draft,
            "groups": groups,
            "singles": singles,
            "group_choices": choices,
            "can_work": permissions.can_manage(request.user, draft) and draft.status in WORK_STATES,
        },
    )


@login_required
@require_POST
def groups_suggest_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    made: dict[str, int] = {}

    def call() -> None:
        made["n"] = services.groups_suggest(draft=draft, actor=request.user)

    try:
        call()
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lập {n} nhóm ý kiến tương tự.").format(n=made.get("n", 0)))
    return _groups_back(pk)


@login_required
@require_POST
def group_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    ids = [int(i) for i in request.POST.getlist("comments") if i.isdigit()][:500]
    form = GroupCreateForm(request.POST, comment_ids=ids)
    if not form.is_valid():
        messages.error(request, _("Chọn ít nhất hai ý kiến để gộp thành nhóm."))
        return _groups_back(pk)
    _run(
        request,
        lambda: services.group_create(
            draft=draft,
            actor=request.user,
            comment_ids=form.cleaned_data["comments"],
            label=form.cleaned_data["label"],
        ),
        _("Đã gộp các ý kiến đã chọn thành một nhóm."),
    )
    return _groups_back(pk)


@login_required
@require_POST
def group_merge_view(request: HttpRequest, pk: int, gpk: int) -> HttpResponse:
    draft = _draft(request, pk)
    group = selectors.group_get(draft=draft, pk=gpk)
    ids = [(g.pk, "") for g in draft.groups.all()]
    form = GroupMergeForm(request.POST, groups=ids)
    if not form.is_valid():
        messages.error(request, _("Chọn nhóm để gộp vào."))
        return _groups_back(pk)
    target = selectors.group_get(draft=draft, pk=form.cleaned_data["other"])
    _run(
        request,
        lambda: services.group_merge(group=target, other=group, actor=request.user),
        _("Đã gộp hai nhóm ý kiến."),
    )
    return _groups_back(pk)


@login_required
@require_POST
def comment_detach_view(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    draft = _draft(request, pk)
    comment = selectors.comment_get(draft=draft, pk=cpk)
    _run(
        request,
        lambda: services.comment_detach(comment=comment, actor=request.user),
        _("Đã tách ý kiến khỏi nhóm."),
    )
    return _groups_back(pk)


# --- Responses -------------------------------------------------------------------------------


@login_required
@require_GET
def responses_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    can_work = permissions.can_manage(request.user, draft) and draft.status in WORK_STATES
    rows = []
    for row in selectors.answerables(draft):
        form = None
        if can_work:
            initial = (
                {
                    "kind": row.response.kind,
                    "text": row.response.text,
                    "change": row.response.change,
                }
                if row.response
                else {}
            )
            form = ResponseForm(initial=initial, auto_id=f"id_{row.key}_%s")
        rows.append({"row": row, "form": form})
    return render(
        request,
        "consultations/responses.html",
        {"draft": draft, "rows": rows, "can_work": can_work},
    )


@login_required
@require_POST
def response_set_view(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    draft = _draft(request, pk)
    if len(key) < 2 or key[0] not in "cg" or not key[1:].isdigit():
        raise Http404
    comment = selectors.comment_get(draft=draft, pk=key[1:]) if key[0] == "c" else None
    group = selectors.group_get(draft=draft, pk=key[1:]) if key[0] == "g" else None
    form = ResponseForm(request.POST)
    back = reverse("consultations:responses", kwargs={"pk": pk}) + f"#{key}"
    if not form.is_valid():
        messages.error(request, _("Chọn hình thức và nhập nội dung tiếp thu, giải trình."))
        return HttpResponseRedirect(back)
    d = form.cleaned_data
    _run(
        request,
        lambda: services.response_set(
            draft=draft,
            actor=request.user,
            data=ResponseInput(kind=d["kind"], text=d["text"], change=d["change"]),
            comment=comment,
            group=group,
        ),
        _("Đã lưu nội dung {kind}.").format(kind=str(ResponseKind(d["kind"]).label).lower()),
    )
    return HttpResponseRedirect(back)


@login_required
@require_GET
def statistics_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    stats = selectors.draft_statistics(draft)
    return render(
        request,
        "consultations/statistics.html",
        {
            "draft": draft,
            "stats": stats,
            "by_status": [(CommentStatus(k).label, v) for k, v in stats.by_status.items()],
            "by_author": [(AuthorKind(k).label, v) for k, v in stats.by_author.items()],
            "by_response": [(ResponseKind(k).label, v) for k, v in stats.by_response.items()],
        },
    )


# --- The portal ------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    drafts = list(selectors.public_draft_list()[:200])
    return render(
        request,
        "consultations/public_list.html",
        {
            "open": [d for d in drafts if d.status == Status.OPEN],
            "closed": [d for d in drafts if d.status == Status.CLOSED],
            "synthesised": [d for d in drafts if d.status == Status.SYNTHESISED],
            "kinds": dict(DocKind.choices),
        },
    )


def _public_context(
    draft: Draft, bound: PublicCommentForm | None = None, bound_key: str = ""
) -> dict[str, Any]:
    rows, general = selectors.public_sections(draft)
    accepting = selectors.public_accepts_comments(draft)
    communes = [(u.pk, u.full_name) for u in selectors.public_communes(draft)] if accepting else []
    items = []
    for row in rows:
        form = None
        if accepting and row.section.commentable:
            key = f"s{row.section.pk}"
            form = (
                bound
                if bound is not None and bound_key == key
                else PublicCommentForm(
                    communes=communes, prefix_id=key, initial={"section": row.section.pk}
                )
            )
        items.append({"row": row, "form": form, "open": bound_key == f"s{row.section.pk}"})
    general_form = None
    if accepting:
        general_form = (
            bound
            if bound is not None and bound_key == "general"
            else PublicCommentForm(communes=communes, prefix_id="general")
        )
    return {
        "draft": draft,
        "items": items,
        "general": general,
        "general_form": general_form,
        "accepting": accepting,
        "open_key": bound_key,
    }


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.public_draft_get(pk=pk)
    if request.method == "GET":
        return render(request, "consultations/public_detail.html", _public_context(draft))
    accepting = selectors.public_accepts_comments(draft)
    raw_section = str(request.POST.get("section") or "")
    key = f"s{raw_section}" if raw_section.isdigit() else "general"
    communes = [(u.pk, u.full_name) for u in selectors.public_communes(draft)] if accepting else []
    form = PublicCommentForm(request.POST, communes=communes, prefix_id=key)
    if form.is_bound and form.is_bot:
        claim = throttle_claim(request, "submit")
        if not claim.allowed:
            return _public_throttled(request, claim, draft)
        context = {"draft": draft, "tracking_code": services.tracking_code_new()}
        return _private(render(request, "consultations/public_receipt.html", context))
    if not accepting:
        context = _public_context(draft)
        context["error_message"] = _("Dự thảo này hiện không nhận góp ý.")
        return _private(render(request, "consultations/public_detail.html", context, status=400))
    if not form.is_valid():
        return _private(
            render(
                request,
                "consultations/public_detail.html",
                _public_context(draft, form, key),
                status=400,
            )
        )
    claim = throttle_claim(request, "submit")
    if not claim.allowed:
        return _public_throttled(request, claim, draft)
    d = form.cleaned_data
    try:
        comment = services.comment_submit_public(
            draft=draft,
            data=CitizenCommentInput(
                text=d["text"],
                name=d["name"],
                section_id=int(raw_section) if raw_section.isdigit() else None,
                contact=d["contact"],
                area_id=d["area"],
            ),
            ip_hash=ip_hash(request),
        )
    except DomainError as exc:
        throttle_release(claim)
        apply_error(form, exc)
        return _private(
            render(
                request,
                "consultations/public_detail.html",
                _public_context(draft, form, key),
                status=exc.status,
            )
        )
    context = {
        "draft": draft,
        "tracking_code": comment.tracking_code,
        "section": comment.section.label if comment.section else "",
    }
    return _private(render(request, "consultations/public_receipt.html", context))


def _public_throttled(request: HttpRequest, claim: Claim, draft: Draft) -> HttpResponse:
    context = _public_context(draft)
    context["error_message"] = _(
        "Bạn đã gửi quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau khoảng {n} phút."
    ).format(n=wait_minutes(claim))
    response = render(request, "consultations/public_detail.html", context, status=429)
    response["Retry-After"] = str(claim.wait)
    return _private(response)


@require_http_methods(["GET", "POST"])
def public_track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _private(
            render(request, "consultations/public_track.html", {"form": PublicLookupForm()})
        )
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        message = _(
            "Bạn đã gửi quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau khoảng {n} "
            "phút."
        ).format(n=wait_minutes(claim))
        response = render(
            request,
            "consultations/public_track.html",
            {"form": PublicLookupForm(), "error_message": message},
            status=429,
        )
        response["Retry-After"] = str(claim.wait)
        return _private(response)
    form = PublicLookupForm(request.POST)
    if not form.is_valid():
        return _private(
            render(request, "consultations/public_track.html", {"form": form}, status=400)
        )
    try:
        status = selectors.comment_public_status(tracking_code=form.cleaned_data["code"])
    except NotFound as exc:
        form.add_error("code", exc.message)
        return _private(
            render(request, "consultations/public_track.html", {"form": form}, status=404)
        )
    return _private(
        render(
            request,
            "consultations/public_track.html",
            {"form": PublicLookupForm(), "status": status},
        )
    )
