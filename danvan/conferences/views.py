"""The conference pages, under /hoi-nghi/ (namespace "conferences"): the schedule (upcoming
conferences by week or month), past conferences, scheduling, the conference page (chairs,
invitations and attendance, moves, conclusions with their tasks' progress), the printable
invitation list, the conclusion form and the notice as DOCX.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names (422), a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

import io
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

from danvan.conferences import permissions, selectors, services
from danvan.conferences.documents import notice_docx, notice_file_name
from danvan.conferences.forms import (
    MOVE_LABELS,
    AttendanceForm,
    CompleteForm,
    ConclusionForm,
    ConferenceForm,
    InviteeForm,
    PastFilterForm,
    ProgressForm,
    ScheduleFilterForm,
    TransitionForm,
    initial_date,
    parse_chairs,
)
from danvan.conferences.inputs import (
    ConclusionInput,
    ConclusionItemInput,
    ConferenceChanges,
    ConferenceInput,
    InviteeInput,
    SupportInput,
    TransitionInput,
)
from danvan.conferences.models import Conference
from danvan.conferences.states import (
    INVITATION_OPEN_STATES,
    TERMINAL,
    Attendance,
    Kind,
    Status,
)
from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.forms.errors import apply_error
from danvan.core.models import Organization
from danvan.core.selectors.scope import organization_ids_for_roles, visible_organization_ids
from danvan.core.services.tasks import TASK_WRITER_ROLES
from danvan.core.views.actions import record_form_action

PAGE_SIZE = 30
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONFLICT_MESSAGE = gettext_lazy(
    "Hội nghị vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("conferences:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _org_choices(ids: set[int] | frozenset[int] | None, limit: int = 500) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]


def _units(user: Any) -> list[tuple[int, str]]:
    """Units that may be invited, co-organise or support: the province-level bodies of the
    user's provinces and everything in the user's scope."""
    return selectors.invitable_organizations(user=user)


def _leads(user: Any) -> list[tuple[int, str]]:
    """Units the user may give a task to (lead units of conclusions)."""
    if user.is_superuser:
        return _org_choices(None)
    return _org_choices(organization_ids_for_roles(user, TASK_WRITER_ROLES))


# --- Schedule and past ------------------------------------------------------------------------


@login_required
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    """The schedule: conferences still to take place in the next weeks, by week or month."""
    user = request.user
    form = ScheduleFilterForm(
        request.GET or None, organizations=_org_choices(visible_organization_ids(user))
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    by = data.get("by") or "week"
    filters = selectors.ConferenceFilters(
        kind=data.get("kind") or "",
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )
    weeks = 26 if by == "month" else 8
    upcoming = selectors.schedule(user=user, filters=filters, weeks=weeks)
    groups = selectors.schedule_groups(upcoming, by=by)
    today = timezone.localdate()
    return render(
        request,
        "conferences/schedule.html",
        {
            "form": form,
            "groups": groups,
            "by": by,
            "weeks": weeks,
            "today": today,
            "this_week": selectors.week_start(today),
            "can_create": bool(permissions.organising_organization_ids(user) != frozenset()),
        },
    )


@login_required
@require_GET
def conference_past(request: HttpRequest) -> HttpResponse:
    user = request.user
    years = sorted(
        {d.year for d in selectors.conference_list(user=user).values_list("date", flat=True)},
        reverse=True,
    )
    form = PastFilterForm(
        request.GET or None,
        organizations=_org_choices(visible_organization_ids(user)),
        years=years,
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = data.get("year")
    filters = selectors.ConferenceFilters(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        organization_id=data.get("organization"),
        q=data.get("q") or "",
        when="past",
    )
    qs = selectors.conference_list(user=user, filters=filters)
    if year:
        qs = qs.filter(date__year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    summaries = selectors.conclusion_summaries(conference_ids=[c.pk for c in page.object_list])
    rows = [{"conference": c, "summary": summaries.get(c.pk)} for c in page.object_list]
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "conferences/past.html",
        {"form": form, "page": page, "rows": rows, "querystring": urlencode(query)},
    )


# --- Create ------------------------------------------------------------------------------------


def _document_choices(user: Any) -> list[tuple[int, str]]:
    return [
        (d.pk, f"{d.reference} — {d.title}"[:200])
        for d in selectors.legal_documents_visible(user=user)[:300]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = [(o.pk, o.name) for o in permissions.organising_organizations(user)]
    if not organizations:
        raise DjangoPermissionDenied(_("Bạn không có quyền tổ chức hội nghị."))
    units = _units(user)
    documents = _document_choices(user)
    if request.method == "GET":
        kind = request.GET.get("kind", "")
        form = ConferenceForm(
            initial={
                "date": initial_date(),
                "kind": kind if kind in Kind.values else Kind.BRIEFING,
            },
            organizations=organizations,
            units=units,
            documents=documents,
        )
        return render(request, "conferences/form.html", {"form": form})
    form = ConferenceForm(
        request.POST, organizations=organizations, units=units, documents=documents
    )
    if form.is_valid():
        d = form.cleaned_data
        data = ConferenceInput(
            kind=d["kind"],
            organization_id=d["organization"],
            title=d["title"],
            date=d["date"],
            place=d["place"],
            chairs=parse_chairs(d["chairs"]),
            start_time=d["start_time"],
            end_time=d["end_time"],
            agenda=d["agenda"],
            period_label=d["period_label"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            co_organizer_ids=list(d["co_organizers"]),
            document_ids=list(d["documents"]),
            invited_organization_ids=list(d["invited"]),
        )
        try:
            conference = services.conference_create(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã lên lịch hội nghị ngày %(day)s.")
                % {"day": conference.date.strftime("%d/%m/%Y")},
            )
            return HttpResponseRedirect(detail_url(conference.pk))
    return render(request, "conferences/form.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _require_organiser(request, pk)
    user = request.user
    units, documents = _units(user), _document_choices(user)
    context: dict[str, Any] = {"conference": conference, "editing": True}
    if request.method == "GET":
        chairs = "\n".join(
            f"{c.full_name} — {c.title}" if c.title else c.full_name
            for c in selectors.conference_chairs(conference=conference)
        )
        form = ConferenceForm(
            editing=True,
            units=units,
            documents=documents,
            initial={
                "title": conference.title,
                "place": conference.place,
                "start_time": conference.start_time,
                "end_time": conference.end_time,
                "agenda": conference.agenda,
                "period_label": conference.period_label,
                "chairs": chairs,
                "co_organizers": list(conference.co_organizers.values_list("id", flat=True)),
                "documents": list(conference.documents.values_list("id", flat=True)),
                "expected_version": conference.version,
            },
        )
        return render(request, "conferences/form.html", {**context, "form": form})
    form = ConferenceForm(request.POST, editing=True, units=units, documents=documents)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        changes = ConferenceChanges(
            title=d["title"],
            place=d["place"],
            agenda=d["agenda"],
            start_time=d["start_time"],
            end_time=d["end_time"],
            period_label=d["period_label"],
            chairs=parse_chairs(d["chairs"]),
            co_organizer_ids=list(d["co_organizers"]),
            document_ids=list(d["documents"]),
        )
        try:
            services.conference_update(
                conference=conference,
                actor=user,
                changes=changes,
                expected_version=d["expected_version"],
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
            messages.success(request, _("Đã lưu thông tin hội nghị."))
            return HttpResponseRedirect(detail_url(pk))
    return render(request, "conferences/form.html", {**context, "form": form}, status=status)


# --- The conference page -----------------------------------------------------------------------


def _page_context(
    request: HttpRequest, conference: Conference, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_organise = permissions.can_organise(user, conference)
    invitees = selectors.conference_invitees(conference=conference)
    held = conference.status in (Status.HELD, Status.CONCLUDED)
    invitations_open = conference.status in INVITATION_OPEN_STATES
    invitee_rows = [
        (
            i,
            (bound.get(f"at-{i.pk}") or AttendanceForm(prefix=f"at-{i.pk}"))
            if can_organise and held
            else None,
        )
        for i in invitees
    ]
    rows, summary = selectors.conclusion_rows(conference=conference)
    items = []
    for row in rows:
        task = row.task
        writable = task.status in ("open", "in_progress") and permissions.can_write_item_task(
            user, task
        )
        items.append(
            {
                "row": row,
                "progress_form": bound.get(f"pg-{row.item.pk}")
                or (
                    ProgressForm(
                        prefix=f"pg-{row.item.pk}",
                        initial={"expected_version": task.version, "progress": task.progress},
                    )
                    if writable
                    else None
                ),
                "complete_form": bound.get(f"cp-{row.item.pk}")
                or (
                    CompleteForm(
                        prefix=f"cp-{row.item.pk}", initial={"expected_version": task.version}
                    )
                    if writable
                    else None
                ),
            }
        )
    moves = []
    for to in selectors.conference_allowed_moves(conference=conference, user=user):
        key = f"mv-{to}"
        form = bound.get(key) or TransitionForm(
            to=to,
            initial={
                "expected_version": conference.version,
                "date": conference.postponed_to if to == Status.PLANNED else None,
            },
        )
        moves.append(
            {"to": to, "label": MOVE_LABELS[Status(to)], "form": form, "open": key in bound}
        )
    conclusion = getattr(conference, "conclusion", None)
    return {
        "conference": conference,
        "status_label": Status(conference.status).label,
        "kind_label": Kind(conference.kind).label,
        "chairs": selectors.conference_chairs(conference=conference),
        "co_organizers": list(conference.co_organizers.order_by("name")),
        "documents": list(conference.documents.order_by("-issued_on")),
        "invitee_rows": invitee_rows,
        "invitee_count": len(invitees),
        "attendance_counts": {
            a: sum(1 for i in invitees if i.attendance == a) for a in Attendance.values
        },
        "items": items,
        "summary": summary,
        "conclusion": conclusion,
        "can_organise": can_organise,
        "can_conclude": can_organise and conference.status == Status.HELD and conclusion is None,
        "invitations_open": invitations_open,
        "invitee_form": bound.get("iv")
        or (InviteeForm(units=_units(user)) if can_organise and invitations_open else None),
        "moves": moves,
        "is_open": conference.status not in TERMINAL,
        "today": timezone.localdate(),
        "open_form": next(iter(bound), ""),
    }


def _render(
    request: HttpRequest,
    conference: Conference,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request,
        "conferences/detail.html",
        _page_context(request, conference, bound),
        status=status,
    )


@login_required
@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.conference_get(user=request.user, pk=pk))


@login_required
@require_GET
def item_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """The link of a conclusion item's task (the deadline board): its conference page."""
    from danvan.conferences.models import ConclusionItem

    conference_id = (
        ConclusionItem.objects.filter(pk=pk).values_list("conference_id", flat=True).first()
    )
    if conference_id is None:
        raise Http404
    conference = selectors.conference_get(user=request.user, pk=conference_id)
    return HttpResponseRedirect(detail_url(conference.pk, f"ket-luan-{pk}"))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Conference, dict[str, Any]], Any],
    success: Callable[[Conference], str],
    anchor: str = "",
) -> HttpResponse:
    """Parse `form`, run `call(conference, cleaned_data)`, redirect; errors re-render."""
    return record_form_action(
        request,
        load=lambda: selectors.conference_get(user=request.user, pk=pk),
        render=lambda record, status, bound: _render(request, record, status=status, bound=bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
        on_error=apply_error,
    )


def _require_organiser(request: HttpRequest, pk: int) -> Conference:
    conference = selectors.conference_get(user=request.user, pk=pk)
    if not permissions.can_organise(request.user, conference):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem hội nghị này."))
    return conference


@login_required
@require_POST
def conference_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    _require_organiser(request, pk)
    if to not in Status.values or to not in MOVE_LABELS:
        raise Http404
    form = TransitionForm(request.POST, to=to)

    def call(c: Conference, data: dict[str, Any]) -> None:
        services.conference_transition(
            conference=c,
            actor=request.user,
            data=TransitionInput(
                to=to,
                expected_version=data["expected_version"],
                reason=data.get("reason") or "",
                on=data.get("on"),
                date=data.get("date"),
                start_time=data.get("start_time"),
                summary=data.get("summary") or "",
            ),
        )

    def success(c: Conference) -> str:
        return _("Đã thực hiện “%(move)s”: hội nghị nay ở trạng thái “%(status)s”.") % {
            "move": MOVE_LABELS[Status(to)],
            "status": Status(c.status).label,
        }

    return _act(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def invitee_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request, pk)
    form = InviteeForm(request.POST, units=_units(request.user))

    def call(c: Conference, data: dict[str, Any]) -> None:
        services.invitee_add(
            conference=c,
            actor=request.user,
            data=InviteeInput(
                organization_id=data["organization"],
                full_name=data["full_name"],
                title=data["title"],
                unit_name=data["unit_name"],
            ),
        )

    return _act(
        request,
        pk,
        key="iv",
        form=form,
        call=call,
        success=lambda c: _("Đã thêm vào thành phần mời."),
        anchor="thanh-phan",
    )


@login_required
@require_POST
def invitee_remove_view(request: HttpRequest, pk: int, ipk: int) -> HttpResponse:
    conference = _require_organiser(request, pk)
    invitee = selectors.invitee_get(conference=conference, pk=ipk)
    try:
        services.invitee_remove(invitee=invitee, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ khỏi thành phần mời."))
    return HttpResponseRedirect(detail_url(pk, "thanh-phan"))


@login_required
@require_POST
def attendance_view(request: HttpRequest, pk: int, ipk: int) -> HttpResponse:
    conference = _require_organiser(request, pk)
    invitee = selectors.invitee_get(conference=conference, pk=ipk)
    form = AttendanceForm(request.POST, prefix=f"at-{ipk}")

    def call(c: Conference, data: dict[str, Any]) -> None:
        services.attendance_record(
            invitee=invitee,
            actor=request.user,
            attendance=data["attendance"],
            reason=data["absence_reason"],
            represented_by=data["represented_by"],
        )

    return _act(
        request,
        pk,
        key=f"at-{ipk}",
        form=form,
        call=call,
        success=lambda c: _("Đã ghi nhận tham dự."),
        anchor="thanh-phan",
    )


# --- Conclusions -----------------------------------------------------------------------------


def _conclusion_input(form: ConclusionForm) -> ConclusionInput:
    d = form.cleaned_data
    items = []
    for i in range(1, form.rows + 1):
        content = (d.get(f"content_{i}") or "").strip()
        if not content and not d.get(f"lead_{i}") and not d.get(f"due_{i}"):
            continue
        supporting = [
            SupportInput(organization_id=d[f"support_{i}_{j}"], duty=d.get(f"duty_{i}_{j}") or "")
            for j in (1, 2)
            if d.get(f"support_{i}_{j}")
        ]
        items.append(
            ConclusionItemInput(
                content=content,
                lead_id=d.get(f"lead_{i}"),
                due=d.get(f"due_{i}"),
                supporting=supporting,
            )
        )
    return ConclusionInput(
        expected_version=d["expected_version"],
        concluded_by=d["concluded_by"],
        concluded_by_title=d["concluded_by_title"],
        signer_name=d["signer_name"],
        signer_title=d["signer_title"],
        assessment=d["assessment"],
        issued_on=d["issued_on"],
        items=items,
    )


def _item_field_errors(form: ConclusionForm, exc: DomainError, rows: list[int]) -> None:
    """Map "items.N.field" errors of the service back to the form row they came from."""
    placed = False
    for name, message in exc.fields.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(rows):
                field = {"content": "content", "lead": "lead", "due": "due"}.get(parts[2])
                target = f"{field}_{rows[index]}" if field else f"support_{rows[index]}_1"
                if target in form.fields:
                    form.add_error(target, message)
                    placed = True
    if not placed:
        apply_error(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _require_organiser(request, pk)
    user = request.user
    leads, units = _leads(user), _units(user)
    if conference.status != Status.HELD or hasattr(conference, "conclusion"):
        messages.error(
            request, _("Chỉ ban hành thông báo kết luận cho hội nghị đã tổ chức, một lần.")
        )
        return HttpResponseRedirect(detail_url(pk))
    context: dict[str, Any] = {"conference": conference}
    if request.method == "GET":
        chair = conference.chairs.order_by("position", "id").first()
        form = ConclusionForm(
            leads=leads,
            units=units,
            initial={
                "expected_version": conference.version,
                "concluded_by": chair.full_name if chair else "",
                "concluded_by_title": chair.title if chair else "",
            },
        )
        return render(request, "conferences/conclusion_form.html", {**context, "form": form})
    form = ConclusionForm(request.POST, leads=leads, units=units)
    status = 400
    if form.is_valid():
        data = _conclusion_input(form)
        filled = [
            i
            for i in range(1, form.rows + 1)
            if (form.cleaned_data.get(f"content_{i}") or "").strip()
            or form.cleaned_data.get(f"lead_{i}")
            or form.cleaned_data.get(f"due_{i}")
        ]
        try:
            conclusion = services.conclusion_issue(conference=conference, actor=user, data=data)
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            _item_field_errors(form, exc, filled)
            status = exc.status
        else:
            messages.success(
                request,
                _("Đã ban hành thông báo kết luận số %(number)s và giao %(n)d nhiệm vụ.")
                % {"number": conclusion.number, "n": len(data.items)},
            )
            return HttpResponseRedirect(detail_url(pk, "ket-luan"))
    return render(
        request, "conferences/conclusion_form.html", {**context, "form": form}, status=status
    )


@login_required
@require_POST
def item_progress_view(request: HttpRequest, pk: int, ipk: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, pk=pk)
    item = selectors.item_get(conference=conference, pk=ipk)
    form = ProgressForm(request.POST, prefix=f"pg-{ipk}")

    def call(c: Conference, data: dict[str, Any]) -> None:
        services.item_progress(
            item=item,
            actor=request.user,
            progress=data["progress"],
            note=data["note"],
            expected_version=data["expected_version"],
        )

    return _act(
        request,
        pk,
        key=f"pg-{ipk}",
        form=form,
        call=call,
        success=lambda c: _("Đã cập nhật tiến độ."),
        anchor=f"ket-luan-{ipk}",
    )


@login_required
@require_POST
def item_complete_view(request: HttpRequest, pk: int, ipk: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, pk=pk)
    item = selectors.item_get(conference=conference, pk=ipk)
    form = CompleteForm(request.POST, prefix=f"cp-{ipk}")

    def call(c: Conference, data: dict[str, Any]) -> None:
        services.item_complete(
            item=item,
            actor=request.user,
            expected_version=data["expected_version"],
            on=data["on"],
            note=data["note"],
        )

    return _act(
        request,
        pk,
        key=f"cp-{ipk}",
        form=form,
        call=call,
        success=lambda c: _("Đã ghi nhận hoàn thành."),
        anchor=f"ket-luan-{ipk}",
    )


@login_required
@require_GET
def notice_download(request: HttpRequest, pk: int) -> FileResponse:
    """The conclusion notice as issued (written from the stored content)."""
    conference = selectors.conference_get(user=request.user, pk=pk)
    conclusion = getattr(conference, "conclusion", None)
    if conclusion is None:
        raise Http404
    response = FileResponse(
        io.BytesIO(notice_docx(conclusion.content)),
        as_attachment=True,
        filename=notice_file_name(conclusion),
        content_type=DOCX,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def invitations_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of invited units and people, laid out to print (danh sách thành phần mời)."""
    conference = selectors.conference_get(user=request.user, pk=pk)
    return render(
        request,
        "conferences/invitations_print.html",
        {
            "conference": conference,
            "chairs": selectors.conference_chairs(conference=conference),
            "invitees": selectors.conference_invitees(conference=conference),
            "units": [
                i for i in selectors.conference_invitees(conference=conference) if not i.full_name
            ],
        },
    )
