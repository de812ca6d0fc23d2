"""/tiep-cong-dan/so/: the reception register (list with filters and name search, a new line
with its petition, a line's page with the reply)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.pagination import KEYS_UP_TO, DeferredPaginator
from danvan.core.topics import topic_choices
from danvan.reception import permissions, selectors, services
from danvan.reception.forms import EntryFilterForm, EntryForm, ReplyForm, apply_error
from danvan.reception.models import ReceptionEntry
from danvan.reception.states import REPLY_OUTCOMES
from danvan.reception.views.common import (
    Deadlines,
    handling_choices,
    querystring_without_page,
    visible_choices,
)

PAGE_SIZE = 50


def entry_url(pk: int, anchor: str = "") -> str:
    url = reverse("reception:entry_detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _kind_choices() -> list[tuple[str, str]]:
    from danvan.petitions.states import Kind

    return [(str(k.value), str(k.label)) for k in Kind]


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET or None, organization_choices=visible_choices(request.user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.EntryFilters(
        q=data.get("q") or "",
        start=data.get("start"),
        end=data.get("end"),
        organization_id=data.get("organization"),
        outcome=data.get("outcome") or "",
        awaiting_reply=bool(data.get("awaiting_reply")),
        crowd=bool(data.get("crowd")),
    )
    qs = selectors.entry_list(user=request.user, filters=filters)
    # The page's keys on the register alone, then its rows with their relations.
    page = DeferredPaginator(qs, PAGE_SIZE, keys_up_to=KEYS_UP_TO).get_page(request.GET.get("page"))
    deadlines = Deadlines()
    rows = [
        {
            "entry": e,
            **deadlines.row(e.reply_due if e.replied_on is None else None),
        }
        for e in page.object_list
    ]
    return render(
        request,
        "reception/entry_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring": querystring_without_page(request),
            "can_write": permissions.can_write_anywhere(request.user),
        },
    )


def _entry_form(request: HttpRequest, *args: Any, **kwargs: Any) -> EntryForm:
    return EntryForm(
        *args,
        organization_choices=handling_choices(request.user),
        kind_choices=_kind_choices(),
        topic_choices=[(str(c), str(label)) for c, label in topic_choices()],
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_write_anywhere(request.user):
        raise DjangoPermissionDenied(
            _("Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa ghi sổ được.")
        )
    session = None
    raw_session = request.POST.get("session_id") or request.GET.get("session")
    if raw_session:
        session = selectors.session_get(user=request.user, pk=raw_session)
    context: dict[str, Any] = {"session": session}
    if request.method == "GET":
        initial: dict[str, Any] = {
            "received_on": session.date if session else timezone.localdate(),
            "visitor_count": 1,
            "petition_mode": "new",
        }
        choices = handling_choices(request.user)
        if len(choices) == 1:
            initial["organization_id"] = choices[0][0]
        if session is not None:
            initial["session_id"] = session.pk
            initial["organization_id"] = session.organization_id
            if session.organization.area is not None:
                initial["area_code"] = session.organization.area.code
        context["form"] = _entry_form(request, initial=initial)
        return render(request, "reception/entry_form.html", context)
    form = _entry_form(request, request.POST)
    context["form"] = form
    if not form.is_valid():
        form.add_error(None, _("Thông tin lượt tiếp chưa đủ hoặc chưa đúng; xem từng trường."))
        return render(request, "reception/entry_form.html", context, status=400)
    try:
        entry = services.entry_register(actor=request.user, data=form.to_input())
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc)
        return render(request, "reception/entry_form.html", context, status=exc.status)
    if entry.petition_id and entry.petition_created:
        messages.success(
            request,
            _("Đã ghi sổ lượt tiếp số %(number)s và vào sổ đơn số %(case)s.")
            % {"number": entry.number, "case": entry.petition.case_number},  # type: ignore[union-attr]
        )
    else:
        messages.success(
            request, _("Đã ghi sổ lượt tiếp số %(number)s.") % {"number": entry.number}
        )
    return HttpResponseRedirect(entry_url(entry.pk))


def _entry_context(
    request: HttpRequest, entry: ReceptionEntry, reply_form: ReplyForm | None = None
) -> dict[str, Any]:
    deadlines = Deadlines()
    can_handle = permissions.can_handle(request.user, entry)
    needs_reply = entry.outcome in REPLY_OUTCOMES and entry.replied_on is None
    from danvan.reception.reference import refusal_ground_get

    return {
        "entry": entry,
        "representatives": list(entry.representatives.all()),
        "show_personal": permissions.can_view_personal(request.user, entry),
        "can_handle": can_handle,
        "obligations": [
            {"obligation": o, **deadlines.row(o.due, o.status)}
            for o in selectors.record_obligations(entry)
        ],
        "documents": list(entry.documents.order_by("created_at", "id")),
        "refusal_ground": refusal_ground_get(entry.refusal_ground)
        if entry.refusal_ground
        else None,
        "reply_form": (
            reply_form
            or ReplyForm(
                initial={"expected_version": entry.version, "replied_on": timezone.localdate()}
            )
        )
        if can_handle and needs_reply
        else None,
    }


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    response = render(request, "reception/entry_detail.html", _entry_context(request, entry))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def entry_reply(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.entry_reply_record(entry=entry, actor=request.user, data=form.to_input())
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
            messages.error(request, exc.message)
            entry = selectors.entry_get(user=request.user, pk=pk)
            status = exc.status
        else:
            messages.success(request, _("Đã ghi nhận trả lời người được tiếp."))
            return HttpResponseRedirect(entry_url(entry.pk))
    else:
        status = 400
    context = _entry_context(request, entry, reply_form=form)
    return render(request, "reception/entry_detail.html", context, status=status)
