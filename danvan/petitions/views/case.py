"""/don-thu/<id>/: the case page (header, people or pseudonym, deadlines explained, timeline,
documents, agencies, links) and every action on it: the legal moves, assignment, extension,
agencies, satisfaction, report-back, duplicates, attachments, identity reveal and grants.

Every action carries the version it was read at (`expected_version`); a lost race is answered
409 with the case as it is now and a message saying someone else changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.models import Organization, User
from danvan.petitions import permissions, selectors, services
from danvan.petitions.forms import (
    AgencyForm,
    AssignForm,
    AttachmentForm,
    DuplicateMarkForm,
    ExtensionForm,
    GrantForm,
    ReportBackForm,
    RevealForm,
    SatisfactionForm,
    TransitionForm,
    apply_error,
)
from danvan.petitions.models import Petition
from danvan.petitions.services.transitions import ineligible_reason_get
from danvan.petitions.states import (
    FORWARDED_CHANNELS,
    TERMINAL,
    Kind,
    Outcome,
    Satisfaction,
    Status,
)
from danvan.petitions.topics import topic_label
from danvan.petitions.views.common import Deadlines, case_url, people_choices

CONFLICT_MESSAGE = gettext_lazy(
    "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)

EVENT_LABELS: dict[str, Any] = {
    "registered": gettext_lazy("Vào sổ đơn"),
    "transition": gettext_lazy("Chuyển bước xử lý"),
    "assigned": gettext_lazy("Giao cán bộ xử lý"),
    "extended": gettext_lazy("Gia hạn giải quyết"),
    "complexity": gettext_lazy("Xác định mức độ phức tạp"),
    "transfer_received": gettext_lazy("Nhận đơn chuyển đến"),
    "inbox_acknowledged": gettext_lazy("Tiếp nhận đơn chuyển đến"),
    "coordination_done": gettext_lazy("Cơ quan phối hợp hoàn thành phần việc"),
    "identity_revoke": gettext_lazy("Thu hồi quyền xem danh tính người tố cáo"),
    "duplicate": gettext_lazy("Đánh dấu đơn trùng"),
    "satisfaction": gettext_lazy("Ghi nhận mức độ hài lòng"),
    "report_back": gettext_lazy("Báo cáo kết quả cho nơi chuyển đơn"),
    "coordination": gettext_lazy("Phân công cơ quan phối hợp"),
    "attachment": gettext_lazy("Bổ sung tài liệu"),
    "identity_grant": gettext_lazy("Cấp quyền xem danh tính người tố cáo"),
    "public_answer": gettext_lazy("Trả lời công khai trên Cổng công dân"),
}


# --- The page ------------------------------------------------------------------------------


def _visible_cases(user: Any, ids: set[int]) -> dict[int, str]:
    """The linked cases among `ids` the user may open: id -> case number (one query)."""
    ids.discard(0)
    if not ids:
        return {}
    rows = selectors.petition_list(user=user).filter(pk__in=sorted(ids))
    return dict(rows.order_by().values_list("pk", "case_number"))


def _deadline_rows(petition: Petition, deadlines: Deadlines) -> list[dict[str, Any]]:
    rows = []
    for obligation in selectors.petition_deadlines(petition=petition):
        colour = (
            deadlines.colour(obligation.due, obligation.status)
            if obligation.status in ("open", "paused")
            else ""
        )
        rows.append(
            {
                "obligation": obligation,
                "rag": colour,
                "rag_label": deadlines.label(colour),
                "days_text": deadlines.days_text(obligation.due)
                if obligation.status == "open"
                else "",
            }
        )
    return rows


def _event_detail(event: Any) -> str:
    data = event.data or {}
    parts = []
    outcome = data.get("triage_outcome")
    if outcome in Outcome.values:
        parts.append(str(Outcome(outcome).label))
    if data.get("decision_number"):
        parts.append(_("số %(n)s") % {"n": data["decision_number"]})
    if event.verb == "assigned":
        parts.append(data.get("assignee") or _("bỏ giao"))
    if event.verb == "duplicate" and data.get("duplicate_of"):
        parts.append(_("trùng với %(case)s") % {"case": data["duplicate_of"]})
    if event.verb == "transfer_received" and data.get("from_case"):
        parts.append(_("từ hồ sơ %(case)s") % {"case": data["from_case"]})
    if event.verb == "satisfaction" and data.get("satisfaction") in Satisfaction.values:
        parts.append(str(Satisfaction(data["satisfaction"]).label))
    return "; ".join(str(p) for p in parts)


def _timeline_rows(petition: Petition, documents: list[Any]) -> list[dict[str, Any]]:
    """The timeline's lines; each of the case's own events with the documents issued with it
    (from the case's `documents`, in their order)."""
    by_event: dict[int, list[Any]] = {}
    for document in documents:
        if document.event_id is not None:
            by_event.setdefault(document.event_id, []).append(document)
    rows = []
    for event in selectors.petition_timeline(petition=petition):
        rows.append(
            {
                "event": event,
                "documents": by_event.get(event.pk, []) if event.petition_id == petition.pk else [],
                "label": EVENT_LABELS.get(event.verb, event.verb),
                "from_label": Status(event.from_status).label
                if event.from_status in Status.values
                else "",
                "to_label": Status(event.to_status).label
                if event.to_status in Status.values
                else "",
                "other_case": event.petition_id != petition.pk,
                "detail": _event_detail(event),
            }
        )
    return rows


def _move_forms(
    petition: Petition, user: Any, bound: dict[str, forms.Form]
) -> list[dict[str, Any]]:
    result = []
    for move in selectors.petition_allowed_moves(petition=petition, user=user):
        key = f"mv-{move.to}"
        form = bound.get(key) or TransitionForm(
            to=move.to,
            needs=move.needs,
            kind=petition.kind,
            initial={**_version(petition), "to": move.to},
        )
        result.append({"move": move, "form": form, "key": key, "open": key in bound})
    return result


def _identity_context(
    request: HttpRequest, petition: Petition, bound: dict[str, forms.Form]
) -> dict[str, Any]:
    if petition.kind != Kind.DENUNCIATION:
        return {"protected": False}
    from danvan.petitions import vault

    user = request.user
    can_view = permissions.can_view_identity(user, petition)
    can_grant = permissions.can_grant_identity(user, petition)
    context: dict[str, Any] = {
        "protected": True,
        "pseudonym": vault.pseudonym_label(petition),
        "can_view_identity": can_view,
        "can_grant_identity": can_grant,
        "reveal_form": bound.get("reveal") or (RevealForm() if can_view else None),
    }
    if can_grant:
        context["grant_form"] = bound.get("grant") or GrantForm(
            user_choices=_grant_user_choices(petition, user)
        )
        context["grants"] = list(vault.identity_grant_list(petition=petition)[:20])
    return context


def _grant_user_choices(petition: Petition, user: Any) -> list[tuple[int, str]]:
    return [
        (pk, label) for pk, label in people_choices([petition.organization_id]) if pk != user.pk
    ]


@dataclass(frozen=True)
class CaseAction:
    """A secondary action of the case page: the form's target and its button."""

    url_name: str
    submit: Any  # a lazy translation
    build: Callable[[Petition], forms.Form]
    multipart: bool = False


def _version(petition: Petition) -> dict[str, Any]:
    return {"expected_version": petition.version}


CASE_ACTIONS: dict[str, CaseAction] = {
    "ext": CaseAction(
        "petitions:extend",
        gettext_lazy("Ghi gia hạn"),
        lambda p: ExtensionForm(initial=_version(p)),
    ),
    "rb": CaseAction("petitions:report_back", gettext_lazy("Ghi nhận"), lambda p: ReportBackForm()),
    "att": CaseAction(
        "petitions:attachment_add",
        gettext_lazy("Tải lên"),
        lambda p: AttachmentForm(),
        multipart=True,
    ),
    "agency": CaseAction(
        "petitions:agency",
        gettext_lazy("Lưu"),
        lambda p: AgencyForm(assignee_choices=people_choices([p.organization_id])),
    ),
    "dup": CaseAction(
        "petitions:duplicate",
        gettext_lazy("Lưu"),
        lambda p: DuplicateMarkForm(
            initial={**_version(p), "duplicate_of": p.duplicate_of_id or ""}
        ),
    ),
    "pa": CaseAction(
        "petitions:public_answer",
        gettext_lazy("Đăng trả lời"),
        lambda p: PublicAnswerForm(initial={**_version(p), "text": p.public_answer or ""}),
    ),
    "assign": CaseAction(
        "petitions:assign",
        gettext_lazy("Giao"),
        lambda p: AssignForm(
            assignee_choices=people_choices([p.organization_id]),
            initial={**_version(p), "assignee": p.assignee_id},
        ),
    ),
    "sat": CaseAction(
        "petitions:satisfaction", gettext_lazy("Ghi nhận"), lambda p: SatisfactionForm()
    ),
}


def case_actions(petition: Petition) -> frozenset[str]:
    """The secondary actions that apply to the case as it is (for a user who may handle it)."""
    keys = {"pa"}
    if petition.status not in TERMINAL:
        keys.update(("ext", "agency", "dup", "assign"))
    if petition.channel in FORWARDED_CHANNELS and not petition.reported_back_on:
        keys.add("rb")
    if petition.kind != Kind.DENUNCIATION:
        keys.add("att")
    if petition.status in (Status.RESOLVED, Status.CLOSED):
        keys.add("sat")
    return frozenset(keys)


def _action_context(key: str, petition: Petition, form: forms.Form | None = None) -> dict[str, Any]:
    action = CASE_ACTIONS[key]
    return {
        "key": key,
        "form": form if form is not None else action.build(petition),
        "url": reverse(action.url_name, kwargs={"pk": petition.pk}),
        "submit": action.submit,
        "multipart": action.multipart,
    }


def _page_context(
    request: HttpRequest,
    petition: Petition,
    bound: dict[str, forms.Form] | None = None,
    extra: dict[str, Any] | None = None,
    opened: str = "",
) -> dict[str, Any]:
    """The case page's context. Of the secondary actions (`CASE_ACTIONS`) only the open one's
    form is built: the one with errors (`bound`) or the one asked for with `?mo=`; the others
    load when opened (`petition_action_form`)."""
    bound = bound or {}
    user = request.user
    deadlines = Deadlines()
    can_handle = permissions.can_handle(user, petition)

    # Read once: the links decide what the officer may open, and the page lists the same rows.
    duplicates = selectors.petition_duplicates(petition=petition)
    transfers = selectors.petition_transfers_sent(petition=petition)
    links = {
        petition.duplicate_of_id or 0,
        petition.transferred_from_id or 0,
        *[d.pk for d in duplicates],
        *[t.received_petition_id or 0 for t in transfers],
    }
    visible = _visible_cases(user, links)
    rows = selectors.petition_case_rows(
        petition=petition, petitioners=petition.kind != Kind.DENUNCIATION
    )

    colour = deadlines.colour(petition.next_deadline)
    reason = (
        ineligible_reason_get(petition.ineligible_reason) if petition.ineligible_reason else None
    )
    context: dict[str, Any] = {
        "petition": petition,
        "topic_label": topic_label(petition.topic),
        "ineligible_reason": reason,
        "status_label": Status(petition.status).label,
        "next_rag": colour,
        "next_rag_label": deadlines.label(colour),
        "next_days_text": deadlines.days_text(petition.next_deadline),
        "petitioners": rows.petitioners,  # none for a denunciation (petition_case_rows)
        "deadline_rows": _deadline_rows(petition, deadlines),
        "timeline": _timeline_rows(petition, rows.documents),
        "documents": rows.documents,
        "attachments": rows.attachments,
        "agencies": selectors.petition_agencies(petition=petition),
        "duplicates": [d for d in duplicates if d.pk in visible],
        "duplicate_of_visible": petition.duplicate_of_id in visible,
        "duplicate_of_case": visible.get(petition.duplicate_of_id or 0, ""),
        "transferred_from_visible": petition.transferred_from_id in visible,
        "transferred_from_case": visible.get(petition.transferred_from_id or 0, ""),
        "transfers_out": transfers,
        "visible_ids": visible,
        "suspensions": rows.suspensions,
        "extensions": rows.extensions,
        "can_handle": can_handle,
        "is_open": petition.status not in TERMINAL,
        "moves": _move_forms(petition, user, bound) if can_handle else [],
        **_identity_context(request, petition, bound),
    }
    if can_handle:
        actions = case_actions(petition)
        open_form = next(iter(bound), "") or (opened if opened in actions else "")
        context.update(
            actions=actions,
            open_form=open_form,
            open_action=_action_context(open_form, petition, bound.get(open_form))
            if open_form in actions
            else None,
        )
    context.update(extra or {})
    return context


def _render(
    request: HttpRequest,
    petition: Petition,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
    extra: dict[str, Any] | None = None,
    opened: str = "",
) -> HttpResponse:
    context = _page_context(request, petition, bound, extra, opened)
    return render(request, "petitions/detail.html", context, status=status)


@login_required
@require_GET
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    return _render(request, petition, opened=request.GET.get("mo", ""))


@login_required
@require_GET
def petition_action_form(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One secondary action's form, loaded into the case page when the officer opens it (htmx);
    without htmx, the case page with that form open. 404 when the action does not apply to the
    case as it is now, or the user may not act on it."""
    petition = selectors.petition_get(user=request.user, pk=pk)
    if not permissions.can_handle(request.user, petition) or key not in case_actions(petition):
        raise Http404
    if not request.htmx:  # type: ignore[attr-defined]
        return HttpResponseRedirect(f"{case_url(pk)}?mo={key}#bieu-mau-{key}")
    context = {"a": _action_context(key, petition), "petition": petition}
    return render(request, "petitions/_action_form.html", context)


# --- Actions -------------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Petition, Any], Any],
    success: Callable[[Petition], str],
    anchor: str = "",
    shown: bool = True,
) -> HttpResponse:
    """Parse `form`, run `call(petition, cleaned_data)`; on success redirect to the case page.

    Errors: the form is shown again, open, with the service's messages next to its fields
    (422), or the page reloads with the current state and a conflict message (409).
    """
    petition = selectors.petition_get(user=request.user, pk=pk)
    if not form.is_valid():
        if not shown:
            messages.error(request, _("Bước này không áp dụng cho hồ sơ ở trạng thái hiện tại."))
            return _render(request, petition, status=400)
        return _render(request, petition, status=400, bound={key: form})
    expected = form.cleaned_data.get("expected_version")
    if expected is not None and expected != petition.version:
        # Read from a page that is out of date: whatever the move, someone changed the case.
        return _conflict(request, petition)
    try:
        call(petition, form.cleaned_data)
    except Conflict:
        return _conflict(request, selectors.petition_get(user=request.user, pk=pk))
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        fresh = selectors.petition_get(user=request.user, pk=pk)
        if not shown:
            # The form is not on the page (a move no longer offered): say it on top.
            messages.error(request, exc.message)
            return _render(request, fresh, status=exc.status)
        apply_error(form, exc)
        return _render(request, fresh, status=exc.status, bound={key: form})
    fresh = selectors.petition_get(user=request.user, pk=pk)
    messages.success(request, success(fresh))
    return HttpResponseRedirect(case_url(pk, anchor))


def _conflict(request: HttpRequest, petition: Petition) -> HttpResponse:
    messages.error(request, str(CONFLICT_MESSAGE))
    return _render(request, petition, status=409)


@login_required
@require_POST
def petition_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    if not permissions.can_handle(request.user, petition):
        raise DjangoPermissionDenied(_("Bạn không có quyền xử lý hồ sơ này."))
    moves = {
        m.to: m for m in selectors.petition_allowed_moves(petition=petition, user=request.user)
    }
    move = moves.get(to)
    # A move no longer legal (someone moved the case) still reaches the service, which refuses
    # it with the legal moves listed, or answers 409 when the version is stale.
    form = TransitionForm(
        request.POST,
        to=to,
        needs=move.needs if move else _all_needs(request),
        kind=petition.kind,
    )

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_transition(petition=p, actor=request.user, data=form.to_input())

    def success(p: Petition) -> str:
        label = move.label if move else Status(p.status).label
        return _("Đã thực hiện “%(move)s”: hồ sơ %(case)s nay ở trạng thái “%(status)s”.") % {
            "move": label,
            "case": p.case_number,
            "status": Status(p.status).label,
        }

    return _act(
        request, pk, key=f"mv-{to}", form=form, call=call, success=success, shown=move is not None
    )


def _all_needs(request: HttpRequest) -> list[str]:
    from danvan.petitions.forms import MOVE_FIELDS

    prefix = "mv-"
    sent = {k.split("-", 2)[-1] for k in request.POST if k.startswith(prefix)}
    return [f for f in MOVE_FIELDS if f in sent]


def _user(pk: int | None) -> User | None:
    return None if pk is None else User.objects.filter(pk=pk, is_active=True).first()


@login_required
@require_POST
def petition_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    form = AssignForm(request.POST, assignee_choices=people_choices([petition.organization_id]))

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_assign(
            petition=p,
            actor=request.user,
            assignee=_user(data["assignee"]),
            expected_version=data["expected_version"],
        )

    def success(p: Petition) -> str:
        if p.assignee is None:
            return _("Đã bỏ giao cán bộ xử lý hồ sơ %(case)s.") % {"case": p.case_number}
        return _("Đã giao hồ sơ %(case)s cho %(name)s.") % {
            "case": p.case_number,
            "name": p.assignee.full_name or p.assignee.username,
        }

    return _act(request, pk, key="assign", form=form, call=call, success=success)


@login_required
@require_POST
def petition_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ExtensionForm(request.POST)

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_extend(
            petition=p,
            actor=request.user,
            kind=data["kind"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )

    def success(p: Petition) -> str:
        return _(
            "Đã ghi quyết định gia hạn; hạn giải quyết của hồ sơ %(case)s đã được tính lại."
        ) % {"case": p.case_number}

    return _act(request, pk, key="ext", form=form, call=call, success=success, anchor="thoi-han")


@login_required
@require_POST
def petition_agency_view(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.petition_get(user=request.user, pk=pk)
    form = AgencyForm(request.POST, assignee_choices=people_choices([petition.organization_id]))

    def call(p: Petition, data: dict[str, Any]) -> None:
        code = data["organization"].strip()
        org = Organization.objects.filter(code=code, is_active=True).first()
        if org is None:
            from danvan.core.errors import ValidationFailed

            message = _("Không có cơ quan mã «%(code)s».") % {"code": code[:40]}
            raise ValidationFailed(message, fields={"organization": message})
        services.petition_agency_set(
            petition=p,
            actor=request.user,
            organization=org,
            role=data["role"],
            part=data.get("part", ""),
            assignee=_user(data.get("assignee")),
            due=data.get("due"),
        )

    def success(p: Petition) -> str:
        return _("Đã cập nhật cơ quan tham gia giải quyết hồ sơ %(case)s.") % {
            "case": p.case_number
        }

    return _act(request, pk, key="agency", form=form, call=call, success=success, anchor="co-quan")


@login_required
@require_POST
def petition_satisfaction_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = SatisfactionForm(request.POST)

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_satisfaction_record(
            petition=p,
            actor=request.user,
            satisfaction=data["satisfaction"],
            channel=data["channel"],
            note=data.get("note", ""),
        )

    def success(p: Petition) -> str:
        return _("Đã ghi nhận mức độ hài lòng của công dân.")

    return _act(request, pk, key="sat", form=form, call=call, success=success)


@login_required
@require_POST
def petition_report_back_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReportBackForm(request.POST)

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_report_back_done(
            petition=p, actor=request.user, on=data["on"], note=data.get("note", "")
        )

    def success(p: Petition) -> str:
        return _("Đã ghi nhận việc báo cáo kết quả cho nơi chuyển đơn.")

    return _act(request, pk, key="rb", form=form, call=call, success=success, anchor="thoi-han")


def _find(user: Any, ref: str) -> Petition | None:
    """A visible petition by its case number or its id."""
    qs = selectors.petition_list(user=user)
    if ref.isdigit():
        found = qs.filter(pk=int(ref)).first()
        if found is not None:
            return found
    return qs.filter(case_number=ref).first()


@login_required
@require_POST
def petition_duplicate_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = DuplicateMarkForm(request.POST)

    def call(p: Petition, data: dict[str, Any]) -> None:
        target = None
        ref = (data.get("duplicate_of") or "").strip()
        if ref:
            target = _find(request.user, ref)
            if target is None:
                from danvan.core.errors import ValidationFailed

                message = _("Không tìm thấy đơn «%(ref)s» trong phạm vi bạn được xem.") % {
                    "ref": ref[:60]
                }
                raise ValidationFailed(message, fields={"duplicate_of": message})
        services.petition_mark_duplicate(
            petition=p,
            actor=request.user,
            duplicate_of=target,
            expected_version=data["expected_version"],
        )

    def success(p: Petition) -> str:
        if p.duplicate_of_id is None:
            return _("Đã bỏ đánh dấu đơn trùng.")
        return _("Đã đánh dấu hồ sơ %(case)s là đơn trùng.") % {"case": p.case_number}

    return _act(request, pk, key="dup", form=form, call=call, success=success)


@login_required
@require_POST
def petition_attachment_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)

    def call(p: Petition, data: dict[str, Any]) -> None:
        services.petition_attachment_add(petition=p, actor=request.user, file=form.to_input())

    def success(p: Petition) -> str:
        return _("Đã bổ sung tài liệu vào hồ sơ %(case)s.") % {"case": p.case_number}

    return _act(request, pk, key="att", form=form, call=call, success=success, anchor="tai-lieu")


# --- The denouncer's identity ---------------------------------------------------------------


@never_cache
@login_required
@require_POST
def petition_identity_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the denouncer's identity once, in this response only, after a typed reason."""
    from danvan.petitions import vault

    petition = selectors.petition_get(user=request.user, pk=pk)
    if not permissions.can_view_identity(request.user, petition):
        raise DjangoPermissionDenied(_("Bạn chưa được cấp quyền xem danh tính người tố cáo."))
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _render(request, petition, status=400, bound={"reveal": form})
    try:
        identity = vault.vault_reveal(
            petition=petition, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return _render(request, petition, status=exc.status, bound={"reveal": form})
    response = _render(request, petition, extra={"identity": identity})
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def petition_identity_grant(request: HttpRequest, pk: int) -> HttpResponse:
    from danvan.petitions import vault

    petition = selectors.petition_get(user=request.user, pk=pk)
    if not permissions.can_grant_identity(request.user, petition):
        raise DjangoPermissionDenied(
            _("Chỉ lãnh đạo cơ quan thụ lý mới cấp quyền xem danh tính người tố cáo.")
        )
    form = GrantForm(request.POST, user_choices=_grant_user_choices(petition, request.user))

    def call(p: Petition, data: dict[str, Any]) -> None:
        grantee = _user(data["user"])
        vault.identity_grant_create(
            petition=p,
            actor=request.user,
            user=grantee,
            reason=data["reason"],
            expires_at=form.expires_at(),
        )

    def success(p: Petition) -> str:
        return _("Đã cấp quyền xem danh tính người tố cáo trong %(days)s ngày.") % {
            "days": form.cleaned_data["days"]
        }

    return _act(request, pk, key="grant", form=form, call=call, success=success)


@login_required
@require_POST
def petition_identity_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    from danvan.petitions import vault

    petition = selectors.petition_get(user=request.user, pk=pk)
    if not permissions.can_grant_identity(request.user, petition):
        raise DjangoPermissionDenied(
            _("Chỉ lãnh đạo cơ quan thụ lý mới thu hồi quyền xem danh tính người tố cáo.")
        )
    grant = vault.identity_grant_list(petition=petition).filter(pk=grant_pk).first()
    if grant is None:
        raise Http404
    try:
        vault.identity_grant_revoke(grant=grant, actor=request.user)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thu hồi quyền xem danh tính người tố cáo."))
    return HttpResponseRedirect(case_url(pk, "nguoi-gui"))


@login_required
@require_POST
def petition_agency_done_view(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    """A coordinating agency (or the case's handler) records that its part is done."""
    petition = selectors.petition_get(user=request.user, pk=pk)
    organization = Organization.objects.filter(pk=org_pk).first()
    if organization is None:
        raise Http404
    try:
        services.petition_agency_part_done(
            petition=petition, actor=request.user, organization=organization
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(case_url(petition.pk) + "#co-quan")
    messages.success(
        request,
        _("Đã ghi nhận %(org)s hoàn thành phần việc.") % {"org": organization.name},
    )
    return HttpResponseRedirect(case_url(petition.pk) + "#co-quan")


# --- The answer the citizen reads on the portal -------------------------------------------------


class PublicAnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Trả lời công dân (hiện trên Cổng công dân khi tra cứu bằng mã)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Công khai với người có mã tra cứu: không ghi danh tính người tố cáo, số định danh "
            "hay thông tin cá nhân của người khác."
        ),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@login_required
@require_POST
def petition_public_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    from danvan.petitions.services.portal import petition_public_answer_set

    form = PublicAnswerForm(request.POST)

    def call(p: Petition, data: dict[str, Any]) -> None:
        petition_public_answer_set(
            petition=p,
            actor=request.user,
            text=data["text"],
            expected_version=data["expected_version"],
        )

    def success(p: Petition) -> str:
        return _("Đã đăng trả lời công khai; công dân đọc được bằng mã tra cứu %(code)s.") % {
            "code": p.tracking_code
        }

    return _act(request, pk, key="pa", form=form, call=call, success=success, anchor="tra-loi")
