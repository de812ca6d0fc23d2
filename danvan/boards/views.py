"""The boards pages under /ban-giam-sat/: list, statistics, board page with its members, plans,
supervision records and recommendations, and the forms that change them.

Views are thin: parse a form, call one service or selector, redirect; a service error is shown
next to the field it names, a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.boards import permissions, selectors, services
from danvan.boards.deadlines import answer_rules, term_rules
from danvan.boards.forms import (
    AnswerForm,
    AssessForm,
    BoardFilterForm,
    BoardForm,
    EndForm,
    MemberEndForm,
    MemberForm,
    PlanForm,
    PlanItemForm,
    RecommendationForm,
    RecordForm,
)
from danvan.boards.inputs import BoardInput, MemberInput, PlanInput, PlanItemInput, RecordInput
from danvan.boards.models import Board, SupervisionRecord
from danvan.boards.states import BoardKind, BoardStatus, RecommendationStatus
from danvan.core.files import UploadedFileInput
from danvan.core.models import Organization
from danvan.core.views.actions import form_page_action, record_form_action
from danvan.core.views.files import stored_file_response

CONFLICT_MESSAGE = gettext_lazy(
    "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với thông "
    "tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def _partners(board: Board) -> list[tuple[int, str]]:
    """Bodies a board may supervise or address: its commune's and its province's."""
    area = board.area
    province_id = area.parent_id if area.parent_id is not None else area.pk
    qs = Organization.objects.filter(
        Q(area_id=board.area_id) | Q(area_id=province_id), is_active=True
    ).order_by("level", "name")
    # The commune's bodies first: they are the usual addressees.
    rows = list(qs.values_list("pk", "name", "area_id")[:500])
    rows.sort(key=lambda r: (r[2] != board.area_id, r[1]))
    return [(int(pk), str(name)) for pk, name, _area in rows]


# --- List, statistics -------------------------------------------------------------------------


@login_required
@require_GET
def board_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = BoardFilterForm(request.GET or None, areas=selectors.board_areas(user=user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.BoardFilters(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        area_id=data.get("area"),
        expired=bool(data.get("expired")),
    )
    return render(
        request,
        "boards/list.html",
        {
            "form": form,
            "boards": list(selectors.board_list(user=user, filters=filters)[:500]),
            "can_create": bool(permissions.managed_fronts(user)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def board_stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.board_statistics(user=request.user)
    return render(request, "boards/stats.html", {"rows": rows})


# --- Create, edit -----------------------------------------------------------------------------


def _board_input(data: dict[str, Any], board: Board | None = None) -> BoardInput:
    return BoardInput(
        kind=board.kind if board else data.get("kind") or "",
        front_id=board.front_id if board else data.get("front"),
        term_from=board.term_from if board else data.get("term_from"),
        term_to=data.get("term_to"),
        name=data.get("name") or "",
        project=data.get("project") or "",
        project_investor=data.get("project_investor") or "",
        decision_number=data.get("decision_number") or "",
        decision_date=data.get("decision_date"),
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    board: Board | None = None,
    terms: Sequence[Any] = (),
    multipart: bool = False,
) -> Callable[[int], HttpResponse]:
    """The page of one of the boards' forms (create, edit, record), shown at a given status."""

    def page(status: int) -> HttpResponse:
        context = {"form": form, "title": title, "board": board, "terms": terms}
        context["multipart"] = multipart
        return render(request, "boards/form.html", context, status=status)

    return page


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    fronts = [(o.pk, o.name) for o in permissions.managed_fronts(user)]
    if not fronts:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập ban giám sát ở cơ sở."))
    kind = request.GET.get("kind", "")
    form = (
        BoardForm(request.POST, fronts=fronts)
        if request.method == "POST"
        else BoardForm(fronts=fronts, initial={"kind": kind if kind in BoardKind.values else ""})
    )
    page = _form_page(request, form, title=_("Lập ban giám sát ở cơ sở"), terms=term_rules())
    if request.method != "POST":
        return page(200)
    return form_page_action(
        request,
        form=form,
        call=lambda d: services.board_create(actor=user, data=_board_input(d)),
        render=page,
        success=lambda board: _("Đã lập {name}.").format(name=board.name),
        redirect_to=lambda board: reverse("boards:detail", args=[board.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    board = selectors.board_get(user=user, pk=pk)
    if not permissions.can_manage(user, board) or board.status != BoardStatus.ACTIVE:
        raise DjangoPermissionDenied(_("Bạn không sửa được ban này."))
    if request.method == "POST":
        # The start of the term is shown but not sent (a disabled field): it keeps its value.
        form = BoardForm(
            request.POST, fronts=[], editing=True, initial={"term_from": board.term_from}
        )
    else:
        form = BoardForm(
            fronts=[],
            editing=True,
            initial={
                "name": board.name,
                "term_from": board.term_from,
                "term_to": board.term_to,
                "project": board.project,
                "project_investor": board.project_investor,
                "decision_number": board.decision_number,
                "decision_date": board.decision_date,
                "expected_version": board.version,
            },
        )
    page = _form_page(request, form, title=_("Sửa thông tin ban"), board=board, terms=term_rules())
    if request.method != "POST":
        return page(200)
    return form_page_action(
        request,
        form=form,
        call=lambda d: services.board_update(
            board=board,
            actor=user,
            data=_board_input(d, board),
            expected_version=int(d.get("expected_version") or 0),
        ),
        render=page,
        success=lambda _b: _("Đã lưu thông tin ban."),
        redirect_to=lambda _b: reverse("boards:detail", args=[board.pk]),
        conflict_message=CONFLICT_MESSAGE,
        conflict_redirect=reverse("boards:edit", args=[board.pk]),
    )


# --- Board page -------------------------------------------------------------------------------


def _render_board(
    request: HttpRequest, pk: int, status: int = 200, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    view = selectors.board_page(user=user, pk=pk)
    board = view.board
    bound = bound or {}
    manage = permissions.can_manage(user, board) and board.status == BoardStatus.ACTIVE
    partners = _partners(board) if manage else []
    current = [(m.pk, f"{m.full_name} — {m.get_role_display()}") for m in view.members]
    records = []
    for record in view.records:
        rows = []
        for rec in record.recommendations.all():
            answer_form = assess_form = None
            if rec.status == RecommendationStatus.AWAITING and permissions.can_answer(user, rec):
                answer_form = bound.get(f"answer-{rec.pk}") or AnswerForm(
                    initial={"expected_version": rec.version}, prefix=f"a{rec.pk}"
                )
            if rec.status == RecommendationStatus.ANSWERED and manage:
                assess_form = bound.get(f"assess-{rec.pk}") or AssessForm(
                    initial={"expected_version": rec.version}, prefix=f"e{rec.pk}"
                )
            rows.append({"rec": rec, "answer_form": answer_form, "assess_form": assess_form})
        rec_form = None
        if manage:
            rec_form = bound.get(f"rec-{record.pk}") or RecommendationForm(
                organizations=partners, prefix=f"r{record.pk}"
            )
        records.append({"record": record, "recs": rows, "rec_form": rec_form})
    context = {
        "b": board,
        "view": view,
        "records": records,
        "can_manage": manage,
        "today": timezone.localdate(),
        "expired": board.status == BoardStatus.ACTIVE and board.term_to < timezone.localdate(),
        "term_rule": next((r for r in term_rules() if r.rule_id == board.term_rule), None),
        "answer_rules": answer_rules(),
        "member_form": (bound.get("member") or MemberForm(current=current, prefix="m"))
        if manage
        else None,
        "member_end_form": MemberEndForm(prefix="x") if manage else None,
        "plan_form": (
            bound.get("plan") or PlanForm(prefix="p", initial={"year": timezone.localdate().year})
        )
        if manage
        else None,
        "item_forms": {
            p.pk: bound.get(f"item-{p.pk}") or PlanItemForm(prefix=f"i{p.pk}") for p in view.plans
        }
        if manage
        else {},
        "end_form": (
            bound.get("end") or EndForm(prefix="k", initial={"expected_version": board.version})
        )
        if manage
        else None,
    }
    ended = bound.get("member_end")
    context["member_end_errors"] = (
        [e for errors in ended.errors.values() for e in errors] if ended is not None else []
    )
    for plan in view.plans:
        plan.item_form = context["item_forms"].get(plan.pk)  # type: ignore[attr-defined]
    return render(request, "boards/detail.html", context, status=status)


@login_required
@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_board(request, pk)


def _action(
    request: HttpRequest,
    *,
    board_pk: int,
    key: str,
    form: forms.Form,
    call: Any,
    success: str,
    anchor: str,
) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: selectors.board_get(user=request.user, pk=board_pk),
        render=lambda _b, status, bound: _render_board(request, board_pk, status, bound),
        key=key,
        form=form,
        call=call,
        success=lambda _b: success,
        redirect_to=reverse("boards:detail", args=[board_pk]) + anchor,
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def board_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        board_pk=pk,
        key="end",
        form=EndForm(request.POST, prefix="k"),
        call=lambda b, d: services.board_end(
            board=b,
            actor=request.user,
            reason=d["reason"],
            on=d.get("on"),
            expected_version=d["expected_version"],
        ),
        success=_("Đã ghi nhận ban kết thúc hoạt động."),
        anchor="",
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    board = selectors.board_get(user=request.user, pk=pk)
    current = [(m.pk, m.full_name) for m in board.members.filter(to_on__isnull=True)]
    return _action(
        request,
        board_pk=pk,
        key="member",
        form=MemberForm(request.POST, current=current, prefix="m"),
        call=lambda b, d: services.member_add(
            board=b,
            actor=request.user,
            data=MemberInput(
                full_name=d["full_name"],
                role=d["role"],
                from_on=d.get("from_on"),
                representing=d.get("representing") or "",
                replaces_id=d.get("replaces"),
            ),
        ),
        success=_("Đã bổ sung thành viên."),
        anchor="#thanh-vien",
    )


@login_required
@require_POST
def member_end(request: HttpRequest, mpk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=mpk)
    return _action(
        request,
        board_pk=int(member.board_id),
        key="member_end",
        form=MemberEndForm(request.POST, prefix="x"),
        call=lambda b, d: services.member_end(
            member=member, actor=request.user, reason=d["reason"], on=d.get("on")
        ),
        success=_("Đã ghi nhận thành viên thôi tham gia ban."),
        anchor="#thanh-vien",
    )


@login_required
@require_POST
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        board_pk=pk,
        key="plan",
        form=PlanForm(request.POST, prefix="p"),
        call=lambda b, d: services.plan_create(
            board=b,
            actor=request.user,
            data=PlanInput(
                kind=d["kind"], year=d["year"], title=d["title"], approved_on=d.get("approved_on")
            ),
        ),
        success=_("Đã lập kế hoạch giám sát."),
        anchor="#ke-hoach",
    )


@login_required
@require_POST
def plan_item_add(request: HttpRequest, ppk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=ppk)
    return _action(
        request,
        board_pk=int(plan.board_id),
        key=f"item-{plan.pk}",
        form=PlanItemForm(request.POST, prefix=f"i{plan.pk}"),
        call=lambda b, d: services.plan_item_add(
            plan=plan,
            actor=request.user,
            data=PlanItemInput(
                content=d["content"],
                starts_on=d.get("starts_on"),
                place=d.get("place") or "",
                ends_on=d.get("ends_on"),
            ),
        ),
        success=_("Đã bổ sung nội dung kế hoạch."),
        anchor="#ke-hoach",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    board = selectors.board_get(user=user, pk=pk)
    if not permissions.can_manage(user, board) or board.status != BoardStatus.ACTIVE:
        raise DjangoPermissionDenied(_("Bạn không ghi được kết quả giám sát của ban này."))
    kw = {
        "organizations": _partners(board),
        "plan_items": [
            (i.pk, f"{p.year} — {i.content}"[:200])
            for p in board.plans.prefetch_related("items")
            for i in p.items.all()
        ],
    }
    form = (
        RecordForm(request.POST, request.FILES, **kw)
        if request.method == "POST"
        else RecordForm(**kw)
    )
    page = _form_page(request, form, title=_("Ghi kết quả giám sát"), board=board, multipart=True)

    def create(d: dict[str, Any]) -> SupervisionRecord:
        recs = []
        if d.get("addressee"):
            recs.append((int(d["addressee"]), d.get("recommendation") or ""))
        data = RecordInput(
            held_on=d.get("held_on"),
            subject=d["subject"],
            content=d["content"],
            findings=d.get("findings") or "",
            subject_org_id=d.get("subject_org"),
            plan_item_id=d.get("plan_item"),
            files=[
                UploadedFileInput(name=f.name or "", data=f.read())
                for f in d.get("attachments") or []
            ],
            recommendations=recs,
        )
        return services.record_create(board=board, actor=user, data=data)

    if request.method != "POST":
        return page(200)
    return form_page_action(
        request,
        form=form,
        call=create,
        render=page,
        success=lambda _r: _("Đã ghi kết quả giám sát."),
        redirect_to=lambda _r: reverse("boards:detail", args=[board.pk]) + "#giam-sat",
    )


@login_required
@require_POST
def recommendation_add(request: HttpRequest, rpk: int) -> HttpResponse:
    record = selectors.record_get(user=request.user, pk=rpk)
    board = selectors.board_get(user=request.user, pk=int(record.board_id))
    return _action(
        request,
        board_pk=int(board.pk),
        key=f"rec-{record.pk}",
        form=RecommendationForm(
            request.POST, organizations=_partners(board), prefix=f"r{record.pk}"
        ),
        call=lambda b, d: services.recommendation_add(
            record=record,
            actor=request.user,
            addressee_id=d["addressee"],
            content=d["content"],
            sent_on=d.get("sent_on"),
        ),
        success=_("Đã gửi kiến nghị."),
        anchor=f"#bb-{record.pk}",
    )


@login_required
@require_POST
def recommendation_answer(request: HttpRequest, kpk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=kpk)
    return _action(
        request,
        board_pk=int(rec.board_id),
        key=f"answer-{rec.pk}",
        form=AnswerForm(request.POST, prefix=f"a{rec.pk}"),
        call=lambda b, d: services.recommendation_answer(
            recommendation=rec,
            actor=request.user,
            text=d["text"],
            answered_on=d.get("answered_on"),
            signer=d.get("signer") or "",
            expected_version=d["expected_version"],
        ),
        success=_("Đã ghi nội dung trả lời kiến nghị."),
        anchor=f"#kn-{rec.pk}",
    )


@login_required
@require_POST
def recommendation_assess(request: HttpRequest, kpk: int) -> HttpResponse:
    rec = selectors.recommendation_get(user=request.user, pk=kpk)
    return _action(
        request,
        board_pk=int(rec.board_id),
        key=f"assess-{rec.pk}",
        form=AssessForm(request.POST, prefix=f"e{rec.pk}"),
        call=lambda b, d: services.recommendation_assess(
            recommendation=rec,
            actor=request.user,
            assessment=d["assessment"],
            note=d.get("note") or "",
            follow_up=d.get("follow_up") or "",
            expected_version=d["expected_version"],
        ),
        success=_("Đã ghi đánh giá của ban."),
        anchor=f"#kn-{rec.pk}",
    )


@login_required
@require_GET
def record_file(request: HttpRequest, fpk: int) -> FileResponse:
    row = selectors.file_get(user=request.user, pk=fpk)
    return stored_file_response(row.file, filename=row.name, content_type=row.content_type)
