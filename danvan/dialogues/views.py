"""The dialogue pages, under /doi-thoai/ (namespace "dialogues"): the list with the panel of
complaints needing a dialogue, scheduling and editing, the dialogue page (participants, agenda,
statements, signatures, outcome, commitments, minutes) and every action on it.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names (422), a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

import io
import re
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
from danvan.core.forms.errors import apply_error
from danvan.core.models import Membership, ObligationStatus, Organization
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import RAG_LABELS, amber_cutoff, days_left_text, rag_of
from danvan.core.selectors.scope import visible_organization_ids
from danvan.core.services.tasks import TASK_WRITER_ROLES, can_write_task
from danvan.core.views.actions import record_form_action
from danvan.dialogues import legal, permissions, selectors, services
from danvan.dialogues.documents import minutes_docx, minutes_draft_content
from danvan.dialogues.forms import (
    MOVE_LABELS,
    AgendaForm,
    CancelForm,
    CommitmentForm,
    CompleteForm,
    DialogueFilterForm,
    DialogueForm,
    OutcomeForm,
    ParticipantForm,
    ProgressForm,
    SignatureForm,
    StatementForm,
    TransitionForm,
    initial_date,
)
from danvan.dialogues.inputs import (
    CommitmentInput,
    DialogueChanges,
    DialogueInput,
    ParticipantInput,
    TransitionInput,
)
from danvan.dialogues.models import Dialogue
from danvan.dialogues.states import (
    COMMITMENT_STATES,
    RECORD_OPEN_STATES,
    TERMINAL,
    Kind,
    Role,
    Signature,
    Status,
)
from danvan.text import fold

PAGE_SIZE = 30
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONFLICT_MESSAGE = gettext_lazy(
    "Cuộc đối thoại vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại "
    "với thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("dialogues:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _rag(due: Any, status: str = ObligationStatus.OPEN) -> tuple[str, str, str]:
    if due is None:
        return "", "", ""
    today = timezone.localdate()
    colour = rag_of(
        due, status=status, today=today, amber_until=amber_cutoff(today, work_calendar())
    )
    return colour, str(RAG_LABELS.get(colour, "")), days_left_text((due - today).days)


def _org_choices(ids: set[int] | frozenset[int] | None, limit: int = 500) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]


def _people(org_ids: list[int]) -> list[tuple[int, str]]:
    rows = (
        Membership.objects.filter(
            organization_id__in=org_ids, role__in=sorted(TASK_WRITER_ROLES), user__is_active=True
        )
        .select_related("user", "organization")
        .order_by("user__full_name", "user__username")[:300]
    )
    seen: dict[int, str] = {}
    for m in rows:
        seen.setdefault(m.user_id, f"{m.user.full_name or m.user.username} — {m.organization.name}")
    return list(seen.items())


# --- List ------------------------------------------------------------------------------------


@login_required
@require_GET
def dialogue_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = _org_choices(visible_organization_ids(user), limit=300)
    form = DialogueFilterForm(
        request.GET or None, years=selectors.dialogue_years(user=user), organizations=orgs
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DialogueFilters(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        year=data.get("year"),
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.dialogue_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for d in page.object_list:
        colour, label, days = _rag(d.notice_due) if d.status == Status.PLANNED else ("", "", "")
        rows.append({"dialogue": d, "rag": colour, "rag_label": label, "days_text": days})
    complaints = selectors.complaints_needing_dialogue(user=user)
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "dialogues/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "complaints": complaints,
            "querystring": urlencode(query),
            "can_create": bool(permissions.organising_organization_ids(user) != frozenset()),
        },
    )


# --- Create and edit -------------------------------------------------------------------------


def _prefill(request: HttpRequest) -> dict[str, Any]:
    """Initial values of a new dialogue, from ?kind= and ?petition= (the panel's button)."""
    initial: dict[str, Any] = {"date": initial_date(), "kind": Kind.LEADER}
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        initial["kind"] = kind
    raw = request.GET.get("petition", "")
    if raw.isdigit():
        from danvan.petitions.selectors import petition_get_or_none

        petition = petition_get_or_none(user=request.user, pk=int(raw))
        if petition is not None and petition.kind == "complaint":
            round_ = _("lần hai") if petition.complaint_round == 2 else _("lần đầu")
            initial.update(
                kind=Kind.COMPLAINT,
                petition=petition.pk,
                organization=petition.organization_id,
                topic=_("Đối thoại giải quyết khiếu nại {round} — hồ sơ {case}").format(
                    round=round_, case=petition.case_number
                ),
                description=petition.summary or petition.content[:500],
                place=_("Trụ sở {org}").format(org=petition.organization.name),
            )
    initial["legal_bases"] = legal.default_legal_bases(
        initial["kind"], on=initial["date"], second_round=bool(initial.get("petition"))
    )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = [(o.pk, o.name) for o in permissions.organising_organizations(user)]
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền tổ chức đối thoại."))
    if request.method == "GET":
        form = DialogueForm(initial=_prefill(request), organizations=organizations)
        return render(request, "dialogues/form.html", {"form": form, "creating": True})
    form = DialogueForm(request.POST, organizations=organizations)
    if form.is_valid():
        d = form.cleaned_data
        data = DialogueInput(
            kind=d["kind"],
            organization_id=d["organization"],
            topic=d["topic"],
            date=d["date"],
            place=d["place"],
            chair_name=d["chair_name"],
            chair_position=d["chair_position"],
            start_time=d["start_time"],
            end_time=d["end_time"],
            description=d["description"],
            audience=d["audience"],
            petition_id=d["petition"],
            legal_bases=list(d["legal_bases"]) or None,
            legal_basis_note=d["legal_basis_note"],
        )
        try:
            dialogue = services.dialogue_create(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã lên lịch cuộc đối thoại ngày %(day)s.")
                % {"day": dialogue.date.strftime("%d/%m/%Y")},
            )
            return HttpResponseRedirect(detail_url(dialogue.pk))
    return render(request, "dialogues/form.html", {"form": form, "creating": True}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    if not permissions.can_organise(request.user, dialogue):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc đối thoại này."))
    context: dict[str, Any] = {"dialogue": dialogue, "creating": False}
    if request.method == "GET":
        form = DialogueForm(
            editing=True,
            initial={
                "topic": dialogue.topic,
                "description": dialogue.description,
                "date": dialogue.date,
                "start_time": dialogue.start_time,
                "end_time": dialogue.end_time,
                "place": dialogue.place,
                "chair_name": dialogue.chair_name,
                "chair_position": dialogue.chair_position,
                "audience": dialogue.audience,
                "legal_bases": list(dialogue.legal_bases or []),
                "legal_basis_note": dialogue.legal_basis_note,
                "expected_version": dialogue.version,
            },
        )
        return render(request, "dialogues/form.html", {**context, "form": form})
    form = DialogueForm(request.POST, editing=True)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        changes = DialogueChanges(
            topic=d["topic"],
            description=d["description"],
            place=d["place"],
            date=d["date"],
            start_time=d["start_time"],
            end_time=d["end_time"],
            chair_name=d["chair_name"],
            chair_position=d["chair_position"],
            audience=d["audience"],
            legal_bases=list(d["legal_bases"]),
            legal_basis_note=d["legal_basis_note"],
        )
        try:
            services.dialogue_update(
                dialogue=dialogue,
                actor=request.user,
                changes=changes,
                expected_version=d["expected_version"] or dialogue.version,
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
            messages.success(request, _("Đã lưu thông tin cuộc đối thoại."))
            return HttpResponseRedirect(detail_url(dialogue.pk))
    return render(request, "dialogues/form.html", {**context, "form": form}, status=status)


# --- The dialogue page -----------------------------------------------------------------------


def _page_context(
    request: HttpRequest, dialogue: Dialogue, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_organise = permissions.can_organise(user, dialogue)
    participants = selectors.dialogue_participants(dialogue=dialogue)
    statements = selectors.dialogue_statements(dialogue=dialogue)
    agenda = list(dialogue.agenda.order_by("position", "id"))
    commitments = []
    for c in selectors.dialogue_commitments(dialogue=dialogue):
        task = c.task
        open_ = task.status in ("open", "in_progress")
        colour, label, days = _rag(task.due) if open_ else ("", "", "")
        writable = open_ and permissions.can_write_commitment(user, task)
        commitments.append(
            {
                "commitment": c,
                "task": task,
                "rag": colour,
                "rag_label": label,
                "days_text": days,
                "writable": writable,
                "progress_form": bound.get(f"pg-{c.pk}")
                or (
                    ProgressForm(
                        prefix=f"pg-{c.pk}",
                        initial={"expected_version": task.version, "progress": task.progress},
                    )
                    if writable
                    else None
                ),
                "complete_form": bound.get(f"cp-{c.pk}")
                or (
                    CompleteForm(prefix=f"cp-{c.pk}", initial={"expected_version": task.version})
                    if writable
                    else None
                ),
                "cancel_form": bound.get(f"cc-{c.pk}")
                or (
                    CancelForm(prefix=f"cc-{c.pk}", initial={"expected_version": task.version})
                    if writable
                    else None
                ),
            }
        )
    notice = selectors.dialogue_notice_obligation(dialogue=dialogue)
    notice_rag = _rag(dialogue.notice_due) if dialogue.status == Status.PLANNED else ("", "", "")
    moves = []
    for to in selectors.dialogue_allowed_moves(dialogue=dialogue, user=user):
        key = f"mv-{to}"
        form = bound.get(key) or TransitionForm(
            to=to,
            initial={
                "expected_version": dialogue.version,
                "notice_on": timezone.localdate(),
                "outcome": dialogue.outcome,
            },
        )
        moves.append(
            {"to": to, "label": MOVE_LABELS[Status(to)], "form": form, "open": key in bound}
        )
    record_open = dialogue.status in RECORD_OPEN_STATES
    held = dialogue.status == Status.HELD
    context: dict[str, Any] = {
        "dialogue": dialogue,
        "status_label": Status(dialogue.status).label,
        "kind_label": Kind(dialogue.kind).label,
        "citations": legal.citations(list(dialogue.legal_bases or [])),
        "participants": participants,
        "agenda": agenda,
        "statements": statements,
        "commitments": commitments,
        "notice": notice,
        "notice_rag": notice_rag[0],
        "notice_rag_label": notice_rag[1],
        "notice_days": notice_rag[2],
        "minutes": getattr(dialogue, "minutes", None)
        if dialogue.status in ("minutes_signed", "closed")
        else None,
        "can_organise": can_organise,
        "record_open": record_open,
        "held": held,
        "moves": moves if can_organise else [],
        "is_open": dialogue.status not in TERMINAL,
        "signature_choices": Signature,
        "role_chair": Role.CHAIR,
        "participant_rows": [(p, None) for p in participants],
    }
    if can_organise:
        people_choices = [(p.pk, f"{p.full_name} ({p.get_role_display()})") for p in participants]
        context.update(
            participant_form=bound.get("pt") or (ParticipantForm() if record_open else None),
            agenda_form=bound.get("ag") or (AgendaForm() if record_open else None),
            statement_form=bound.get("st")
            or (
                StatementForm(participants=people_choices, agenda=[(a.pk, a.title) for a in agenda])
                if held
                else None
            ),
            outcome_form=bound.get("oc")
            or (
                OutcomeForm(
                    initial={"outcome": dialogue.outcome, "expected_version": dialogue.version}
                )
                if held
                else None
            ),
            participant_rows=[
                (
                    p,
                    bound.get(f"sg-{p.pk}") or SignatureForm(prefix=f"sg-{p.pk}")
                    if held and p.attended
                    else None,
                )
                for p in participants
            ],
            commitment_form=bound.get("cm")
            or (
                _commitment_form(request, dialogue)
                if dialogue.status in COMMITMENT_STATES
                else None
            ),
            open_form=next(iter(bound), ""),
        )
    return context


def _commitment_orgs(request: HttpRequest, dialogue: Dialogue) -> list[tuple[int, str]]:
    ids = set(permissions.organising_organization_ids(request.user) or set())
    ids.add(int(dialogue.organization_id))
    return _org_choices(
        {i for i in ids if can_write_task(request.user, i)} | {int(dialogue.organization_id)}
    )


def _commitment_form(request: HttpRequest, dialogue: Dialogue, data: Any = None) -> CommitmentForm:
    orgs = _commitment_orgs(request, dialogue)
    return CommitmentForm(
        data,
        organizations=orgs,
        people=_people([pk for pk, _name in orgs][:50]),
        initial={"organization": dialogue.organization_id},
    )


def _render(
    request: HttpRequest,
    dialogue: Dialogue,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request, "dialogues/detail.html", _page_context(request, dialogue, bound), status=status
    )


@login_required
@require_GET
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.dialogue_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Dialogue, dict[str, Any]], Any],
    success: Callable[[Dialogue], str],
    anchor: str = "",
) -> HttpResponse:
    """Parse `form`, run `call(dialogue, cleaned_data)`, redirect to the page; errors re-render."""
    return record_form_action(
        request,
        load=lambda: selectors.dialogue_get(user=request.user, pk=pk),
        render=lambda record, status, bound: _render(request, record, status=status, bound=bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
        on_error=apply_error,
    )


def _require_organiser(request: HttpRequest, pk: int) -> Dialogue:
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    if not permissions.can_organise(request.user, dialogue):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cuộc đối thoại này."))
    return dialogue


@login_required
@require_POST
def dialogue_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    _require_organiser(request, pk)
    if to not in Status.values:
        raise Http404
    form = TransitionForm(request.POST, to=to)

    def call(d: Dialogue, data: dict[str, Any]) -> None:
        services.dialogue_transition(
            dialogue=d,
            actor=request.user,
            data=TransitionInput(
                to=to,
                expected_version=data["expected_version"],
                reason=data.get("reason") or "",
                notice_on=data.get("notice_on"),
                date=data.get("date"),
                start_time=data.get("start_time"),
                on=data.get("on"),
                outcome=data.get("outcome") or "",
            ),
        )

    def success(d: Dialogue) -> str:
        return _("Đã thực hiện “%(move)s”: cuộc đối thoại nay ở trạng thái “%(status)s”.") % {
            "move": MOVE_LABELS[Status(to)],
            "status": Status(d.status).label,
        }

    return _act(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def participant_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request, pk)
    form = ParticipantForm(request.POST)

    def call(d: Dialogue, data: dict[str, Any]) -> None:
        services.participant_add(
            dialogue=d,
            actor=request.user,
            data=ParticipantInput(
                role=data["role"],
                full_name=data["full_name"],
                title=data["title"],
                unit=data["unit"],
                address=data["address"],
                attended=data["attended"],
            ),
        )

    return _act(
        request,
        pk,
        key="pt",
        form=form,
        call=call,
        success=lambda d: _("Đã thêm người tham dự."),
        anchor="thanh-phan",
    )


class _Empty(forms.Form):
    pass


@login_required
@require_POST
def participant_remove_view(request: HttpRequest, pk: int, ppk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    participant = selectors.participant_get(dialogue=dialogue, pk=ppk)
    return _act(
        request,
        pk,
        key="pt-remove",
        form=_Empty(request.POST),
        call=lambda d, data: services.participant_remove(
            participant=participant, actor=request.user
        ),
        success=lambda d: _("Đã bỏ người tham dự khỏi danh sách."),
        anchor="thanh-phan",
    )


@login_required
@require_POST
def participant_attendance_view(request: HttpRequest, pk: int, ppk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    participant = selectors.participant_get(dialogue=dialogue, pk=ppk)
    attended = request.POST.get("attended") == "1"
    return _act(
        request,
        pk,
        key="pt-attendance",
        form=_Empty(request.POST),
        call=lambda d, data: services.participant_attendance_set(
            participant=participant, actor=request.user, attended=attended
        ),
        success=lambda d: _("Đã ghi nhận có mặt.") if attended else _("Đã ghi nhận vắng mặt."),
        anchor="thanh-phan",
    )


@login_required
@require_POST
def participant_sign_view(request: HttpRequest, pk: int, ppk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    participant = selectors.participant_get(dialogue=dialogue, pk=ppk)
    form = SignatureForm(request.POST, prefix=f"sg-{ppk}")

    def call(d: Dialogue, data: dict[str, Any]) -> None:
        services.participant_sign(
            participant=participant,
            actor=request.user,
            signature=data["signature"],
            reason=data.get("refusal_reason") or "",
        )

    def success(d: Dialogue) -> str:
        if form.cleaned_data["signature"] == Signature.REFUSED:
            return _("Đã ghi nhận %(name)s từ chối ký, có lý do.") % {"name": participant.full_name}
        return _("Đã ghi nhận %(name)s ký biên bản.") % {"name": participant.full_name}

    return _act(
        request, pk, key=f"sg-{ppk}", form=form, call=call, success=success, anchor="thanh-phan"
    )


@login_required
@require_POST
def agenda_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request, pk)
    form = AgendaForm(request.POST)
    return _act(
        request,
        pk,
        key="ag",
        form=form,
        call=lambda d, data: services.agenda_item_add(
            dialogue=d, actor=request.user, title=data["title"], presenter=data["presenter"]
        ),
        success=lambda d: _("Đã thêm nội dung chương trình."),
        anchor="chuong-trinh",
    )


@login_required
@require_POST
def agenda_remove_view(request: HttpRequest, pk: int, apk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    item = dialogue.agenda.filter(pk=apk).first()
    if item is None:
        raise Http404
    return _act(
        request,
        pk,
        key="ag-remove",
        form=_Empty(request.POST),
        call=lambda d, data: services.agenda_item_remove(item=item, actor=request.user),
        success=lambda d: _("Đã bỏ nội dung chương trình."),
        anchor="chuong-trinh",
    )


@login_required
@require_POST
def statement_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    participants = [(p.pk, p.full_name) for p in dialogue.participants.all()]
    agenda = [(a.pk, a.title) for a in dialogue.agenda.all()]
    form = StatementForm(request.POST, participants=participants, agenda=agenda)
    return _act(
        request,
        pk,
        key="st",
        form=form,
        call=lambda d, data: services.statement_add(
            dialogue=d,
            actor=request.user,
            participant_id=data["participant"],
            content=data["content"],
            agenda_item_id=data.get("agenda_item"),
        ),
        success=lambda d: _("Đã ghi ý kiến phát biểu."),
        anchor="phat-bieu",
    )


@login_required
@require_POST
def statement_remove_view(request: HttpRequest, pk: int, spk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    statement = dialogue.statements.select_related("participant", "dialogue").filter(pk=spk).first()
    if statement is None:
        raise Http404
    return _act(
        request,
        pk,
        key="st-remove",
        form=_Empty(request.POST),
        call=lambda d, data: services.statement_remove(statement=statement, actor=request.user),
        success=lambda d: _("Đã xóa ý kiến phát biểu."),
        anchor="phat-bieu",
    )


@login_required
@require_POST
def outcome_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request, pk)
    form = OutcomeForm(request.POST)
    return _act(
        request,
        pk,
        key="oc",
        form=form,
        call=lambda d, data: services.dialogue_update(
            dialogue=d,
            actor=request.user,
            changes=DialogueChanges(outcome=data["outcome"]),
            expected_version=data["expected_version"],
        ),
        success=lambda d: _("Đã ghi kết quả đối thoại."),
        anchor="ket-qua",
    )


@login_required
@require_POST
def commitment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _require_organiser(request, pk)
    form = _commitment_form(request, dialogue, request.POST)

    def call(d: Dialogue, data: dict[str, Any]) -> None:
        services.commitment_add(
            dialogue=d,
            actor=request.user,
            data=CommitmentInput(
                title=data["title"],
                organization_id=data["organization"],
                due=data["due"],
                made_by=data["made_by"],
                description=data["description"],
                assignee_id=data.get("assignee"),
            ),
        )

    return _act(
        request,
        pk,
        key="cm",
        form=form,
        call=call,
        success=lambda d: _("Đã ghi cam kết; cam kết được theo dõi trên bảng hạn xử lý."),
        anchor="cam-ket",
    )


def _commitment_action(
    request: HttpRequest,
    pk: int,
    cpk: int,
    *,
    key: str,
    form_class: type[forms.Form],
    call: Callable[[Any, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    commitment = selectors.commitment_get(dialogue=dialogue, pk=cpk)
    form = form_class(request.POST, prefix=f"{key}-{cpk}")
    return _act(
        request,
        pk,
        key=f"{key}-{cpk}",
        form=form,
        call=lambda d, data: call(commitment, data),
        success=lambda d: success,
        anchor="cam-ket",
    )


@login_required
@require_POST
def commitment_progress_view(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    return _commitment_action(
        request,
        pk,
        cpk,
        key="pg",
        form_class=ProgressForm,
        call=lambda c, data: services.commitment_progress(
            commitment=c,
            actor=request.user,
            progress=data["progress"],
            note=data["note"],
            expected_version=data["expected_version"],
        ),
        success=_("Đã cập nhật tiến độ cam kết."),
    )


@login_required
@require_POST
def commitment_complete_view(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    return _commitment_action(
        request,
        pk,
        cpk,
        key="cp",
        form_class=CompleteForm,
        call=lambda c, data: services.commitment_complete(
            commitment=c,
            actor=request.user,
            expected_version=data["expected_version"],
            on=data.get("on"),
            note=data["note"],
        ),
        success=_("Đã ghi nhận cam kết hoàn thành."),
    )


@login_required
@require_POST
def commitment_cancel_view(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    return _commitment_action(
        request,
        pk,
        cpk,
        key="cc",
        form_class=CancelForm,
        call=lambda c, data: services.commitment_cancel(
            commitment=c,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        success=_("Đã hủy cam kết (có lý do)."),
    )


# --- Minutes ---------------------------------------------------------------------------------


def _filename(*parts: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(p for p in parts if p)).lower()).strip("-")
    return f"{slug[:120] or 'bien-ban'}.docx"


def _docx(data: bytes, name: str) -> FileResponse:
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=DOCX)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def minutes_download(request: HttpRequest, pk: int) -> FileResponse:
    """The signed minutes, as issued (written from the stored content)."""
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    minutes = getattr(dialogue, "minutes", None)
    if minutes is None:
        raise Http404
    return _docx(minutes_docx(minutes.content), _filename("bien ban doi thoai", minutes.number))


@login_required
@require_GET
def minutes_draft(request: HttpRequest, pk: int) -> FileResponse:
    """The minutes as they stand, without a number, to print and have signed at the table."""
    dialogue = selectors.dialogue_get(user=request.user, pk=pk)
    if dialogue.status not in (Status.NOTIFIED, Status.HELD):
        raise Http404
    content = minutes_draft_content(dialogue)
    return _docx(minutes_docx(content), _filename("du thao bien ban doi thoai", str(dialogue.pk)))
