"""/tiep-cong-dan/: the sessions (list by month, create, edit, detail with its register lines,
moves, conclusion notice, follow-up tasks), the documents and the head's duty page."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import Conflict, DomainError, NotFound
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.models import User
from danvan.reception import permissions, selectors, services
from danvan.reception.documents import document_file_bytes
from danvan.reception.forms import (
    ConclusionForm,
    DutyForm,
    SessionFilterForm,
    SessionForm,
    TaskForm,
    TransitionForm,
    apply_error,
)
from danvan.reception.models import ReceptionSession
from danvan.reception.states import SessionStatus
from danvan.reception.views.common import (
    Deadlines,
    agency_choices,
    handling_choices,
    people_choices,
    querystring_without_page,
    visible_choices,
)

PAGE_SIZE = 50
# The years the work calendar counts; a date typed outside them is brought inside.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _move_label(to: str) -> str:
    labels: dict[str, str] = {
        SessionStatus.PUBLISHED: _("Công khai lịch tiếp"),
        SessionStatus.POSTPONED: _("Thông báo hoãn"),
        SessionStatus.HELD: _("Ghi nhận đã tiếp"),
        SessionStatus.CANCELLED: _("Hủy buổi tiếp"),
    }
    return labels.get(to, to)


def _clamp(day: dt.date) -> dt.date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def session_url(pk: int, anchor: str = "") -> str:
    url = reverse("reception:session_detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


# --- List ----------------------------------------------------------------------------------


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(
        request.GET or None, organization_choices=visible_choices(request.user)
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.SessionFilters(
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        organization_id=data.get("organization"),
        start=data.get("start"),
        end=data.get("end"),
    )
    qs = selectors.session_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    deadlines = Deadlines()
    rows = [
        {"session": s, **deadlines.row(s.publish_due if s.status == "planned" else None)}
        for s in page.object_list
    ]
    months = [
        (key, list(group))
        for key, group in itertools.groupby(rows, key=lambda r: r["session"].date.replace(day=1))
    ]
    return render(
        request,
        "reception/session_list.html",
        {
            "form": form,
            "page": page,
            "months": months,
            "querystring": querystring_without_page(request),
            "can_write": permissions.can_write_anywhere(request.user),
        },
    )


# --- Create and edit -----------------------------------------------------------------------


def _session_form(request: HttpRequest, *args: Any, **kwargs: Any) -> SessionForm:
    orgs = handling_choices(request.user)
    return SessionForm(
        *args,
        organization_choices=orgs,
        host_choices=people_choices([pk for pk, _label in orgs]),
        agency_choices=agency_choices(request.user),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_write_anywhere(request.user):
        raise DjangoPermissionDenied(
            _("Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa lập lịch được.")
        )
    if request.method == "GET":
        initial: dict[str, Any] = {"kind": "scheduled", "host_kind": "head", "place_kind": "hq"}
        choices = handling_choices(request.user)
        if len(choices) == 1:
            initial["organization_id"] = choices[0][0]
        if request.GET.get("kind") in ("daily", "extraordinary", "scheduled"):
            initial["kind"] = request.GET["kind"]
        form = _session_form(request, initial=initial)
        return render(request, "reception/session_form.html", {"form": form})
    form = _session_form(request, request.POST)
    if not form.is_valid():
        return render(request, "reception/session_form.html", {"form": form}, status=400)
    try:
        session = services.session_create(actor=request.user, data=form.to_input())
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return render(request, "reception/session_form.html", {"form": form}, status=exc.status)
    messages.success(
        request, _("Đã lập buổi tiếp ngày %(day)s.") % {"day": f"{session.date:%d/%m/%Y}"}
    )
    return HttpResponseRedirect(session_url(session.pk))


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    if not permissions.can_handle(request.user, session):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem buổi tiếp này."))
    context: dict[str, Any] = {"session": session}
    if request.method == "GET":
        initial = {
            "organization_id": session.organization_id,
            "kind": session.kind,
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "reason": session.reason,
            "place_kind": session.place_kind,
            "place": session.place,
            "host_kind": session.host_kind,
            "host_user_id": session.host_user_id,
            "host_name": session.host_name,
            "host_position": session.host_position,
            "agency_ids": list(session.agencies.values_list("pk", flat=True)),
            "agencies_note": session.agencies_note,
            "notes": session.notes,
        }
        context["form"] = _session_form(request, initial=initial)
        context["version"] = session.version
        return render(request, "reception/session_form.html", context)
    form = _session_form(request, request.POST)
    context["form"] = form
    context["version"] = request.POST.get("expected_version") or session.version
    if not form.is_valid():
        return render(request, "reception/session_form.html", context, status=400)
    try:
        expected = int(request.POST.get("expected_version") or 0)
    except ValueError:
        expected = 0
    try:
        services.session_update(
            session=session, actor=request.user, data=form.to_input(), expected_version=expected
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return render(request, "reception/session_form.html", context, status=exc.status)
    messages.success(request, _("Đã lưu thay đổi của buổi tiếp."))
    return HttpResponseRedirect(session_url(session.pk))


# --- Detail and moves ----------------------------------------------------------------------


def _detail_context(
    request: HttpRequest,
    session: ReceptionSession,
    *,
    failed_move: str = "",
    failed_form: TransitionForm | None = None,
    task_form: TaskForm | None = None,
) -> dict[str, Any]:
    user = request.user
    deadlines = Deadlines()
    moves = []
    for to in selectors.session_moves(session=session, user=user):
        form = (
            failed_form
            if to == failed_move and failed_form is not None
            else TransitionForm(initial={"expected_version": session.version})
        )
        moves.append({"to": to, "label": _move_label(to), "form": form, "open": to == failed_move})
    obligations = [
        {"obligation": o, **deadlines.row(o.due, o.status)}
        for o in selectors.record_obligations(session)
    ]
    can_handle = permissions.can_handle(user, session)
    entries = selectors.session_entries(session=session)
    return {
        "session": session,
        "entries": entries,
        "visitors": sum(e.visitor_count for e in entries),
        "agencies": list(session.agencies.order_by("name")),
        "moves": moves,
        "obligations": obligations,
        "documents": selectors.session_documents(session=session),
        "tasks": selectors.session_tasks(session=session),
        "task_form": task_form
        or TaskForm(assignee_choices=people_choices([session.organization_id])),
        "can_handle": can_handle,
        "can_add_entry": can_handle and session.status != SessionStatus.CANCELLED,
        "can_conclude": can_handle and session.status == SessionStatus.HELD,
    }


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    return render(request, "reception/session_detail.html", _detail_context(request, session))


@login_required
@require_POST
def session_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    if to not in SessionStatus.values:
        raise Http404
    form = TransitionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.session_transition(session=session, actor=request.user, data=form.to_input(to))
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except Conflict as exc:
            messages.error(request, exc.message)
            session = selectors.session_get(user=request.user, pk=pk)
            context = _detail_context(request, session)
            return render(request, "reception/session_detail.html", context, status=409)
        except DomainError as exc:
            apply_error(form, exc)
            status = exc.status
        else:
            messages.success(
                request,
                _("Đã cập nhật buổi tiếp: %(status)s.") % {"status": SessionStatus(to).label},
            )
            return HttpResponseRedirect(session_url(session.pk))
    context = _detail_context(request, session, failed_move=to, failed_form=form)
    if to not in [m["to"] for m in context["moves"]]:
        # The move is not offered (any more): its form is not on the page, say why on top.
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return render(request, "reception/session_detail.html", context, status=status)


@login_required
@require_POST
def session_task(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    form = TaskForm(request.POST, assignee_choices=people_choices([session.organization_id]))
    if form.is_valid():
        d = form.cleaned_data
        assignee = User.objects.filter(pk=d["assignee"]).first() if d.get("assignee") else None
        try:
            services.session_task_add(
                session=session,
                actor=request.user,
                title=d["title"],
                due=d["due"],
                assignee=assignee,
                description=d.get("description") or "",
            )
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã giao nhiệm vụ sau buổi tiếp."))
            return HttpResponseRedirect(session_url(session.pk, "nhiem-vu"))
    context = _detail_context(request, session, task_form=form)
    return render(request, "reception/session_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def session_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    if not permissions.can_handle(request.user, session):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem buổi tiếp này."))
    entries = selectors.session_entries(session=session)
    form = ConclusionForm(request.POST or None, entries=entries)
    context = {"session": session, "form": form}
    if request.method == "GET":
        return render(request, "reception/conclusion_form.html", context)
    if not form.is_valid():
        return render(request, "reception/conclusion_form.html", context, status=400)
    try:
        document = services.session_conclusion_issue(
            session=session,
            actor=request.user,
            conclusions=form.conclusions(),
            general=form.cleaned_data.get("general") or "",
            tasks=form.task_lines(),
            issued_on=form.cleaned_data.get("issued_on"),
        )
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return render(request, "reception/conclusion_form.html", context, status=exc.status)
    messages.success(
        request,
        _("Đã ban hành thông báo kết luận số %(number)s.") % {"number": document.number},
    )
    return HttpResponseRedirect(session_url(session.pk, "van-ban"))


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        data = document_file_bytes(document)
    except NotFound:
        raise Http404 from None
    from danvan.text import fold

    slug = "-".join(fold(f"{document.title} {document.number}").split())
    name = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in slug)[:120] or "van-ban"
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"{name}.docx", content_type=DOCX
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The head's duty ------------------------------------------------------------------------


@login_required
@require_GET
def duty_view(request: HttpRequest) -> HttpResponse:
    form = DutyForm(request.GET or None, organization_choices=visible_choices(request.user))
    start, end = DutyForm.defaults()
    organization_id = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        organization_id = form.cleaned_data.get("organization")
    start, end = _clamp(start), _clamp(end)
    if end < start:
        start, end = end, start
    if (end - start).days > 3 * 366:
        form.add_error(None, _("Chọn khoảng thời gian không quá 3 năm."))
        start = end - dt.timedelta(days=3 * 366)
    report = selectors.duty_report(
        user=request.user, start=start, end=end, organization_id=organization_id
    )
    return render(request, "reception/duty.html", {"form": form, "report": report})
