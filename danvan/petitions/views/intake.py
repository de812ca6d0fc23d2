"""/don-thu/moi/: registering a petition, fast with the keyboard, and the duplicate suggestions
shown while the officer types."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.errors import DomainError, NotFound
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.selectors.units import admin_unit_resolve
from danvan.petitions import permissions
from danvan.petitions.forms import (
    PetitionerFormSet,
    PetitionIntakeForm,
    apply_error,
    petitioners_input,
)
from danvan.petitions.services import petition_register
from danvan.petitions.states import Channel, Kind
from danvan.petitions.views.common import case_url

logger = logging.getLogger(__name__)

SESSION_CHANNEL = "petitions.last_channel"
SESSION_ORGANIZATION = "petitions.last_organization"
DUPLICATE_LIMIT = 5


def _organization_choices(user: Any) -> list[tuple[int, str]]:
    return [(org.pk, org.name) for org in permissions.registering_organizations(user)]


def _initial(request: HttpRequest, org_choices: list[tuple[int, str]]) -> dict[str, Any]:
    channel = request.session.get(SESSION_CHANNEL, Channel.IN_PERSON)
    if channel not in Channel.values:
        channel = Channel.IN_PERSON
    initial: dict[str, Any] = {
        "received_on": timezone.localdate(),
        "channel": channel,
        "complaint_round": 1,
    }
    last_org = request.session.get(SESSION_ORGANIZATION)
    if last_org in {pk for pk, _label in org_choices}:
        initial["organization_id"] = last_org
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def petition_intake(request: HttpRequest) -> HttpResponse:
    org_choices = _organization_choices(request.user)
    if not org_choices:
        raise DjangoPermissionDenied(
            _(
                "Bạn chưa có vai trò cán bộ, lãnh đạo hoặc thanh tra ở cơ quan nào nên chưa vào sổ "
                "đơn được."
            )
        )
    if request.method == "GET":
        form = PetitionIntakeForm(
            initial=_initial(request, org_choices), organization_choices=org_choices
        )
        formset = PetitionerFormSet(prefix="person")
        return _render(request, form, formset)

    form = PetitionIntakeForm(request.POST, request.FILES, organization_choices=org_choices)
    formset = PetitionerFormSet(request.POST, prefix="person")
    form_ok = form.is_valid()
    formset_ok = formset.is_valid()
    if not (form_ok and formset_ok):
        if not form_ok:
            form.add_error(None, _("Đơn chưa đủ hoặc chưa đúng thông tin; xem từng trường."))
        return _render(request, form, formset, status=400)
    data = form.to_input(petitioners_input(formset))
    try:
        petition = petition_register(actor=request.user, data=data, files=form.files_input())
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        apply_error(form, exc, formset)
        return _render(request, form, formset, status=exc.status)
    _topic_correction(form, data, petition, request.user)
    request.session[SESSION_CHANNEL] = data.channel
    if data.organization_id is not None:
        request.session[SESSION_ORGANIZATION] = data.organization_id
    messages.success(
        request,
        _("Đã vào sổ đơn số %(case)s. Mã tra cứu cho công dân: %(code)s.")
        % {"case": petition.case_number, "code": petition.tracking_code},
    )
    return HttpResponseRedirect(case_url(petition.pk))


def _topic_correction(form: PetitionIntakeForm, data: Any, petition: Any, user: Any) -> None:
    """The officer registered another topic than the one suggested: keep it as training data
    for the topic classifier. Never for denunciations or mixed petitions (the text may name the
    protected denouncer); a bad hidden value or a failure here never undoes the registration."""
    from danvan.core.topics import topic_codes
    from danvan.monitoring.services.topics import topic_correction_record

    suggested = (form.cleaned_data.get("topic_suggested") or "").strip()
    chosen = data.topic or ""
    if not suggested or not chosen or data.kind in (Kind.DENUNCIATION, Kind.MIXED):
        return
    if suggested not in topic_codes():
        return
    try:
        confidence: float | None = float(form.cleaned_data.get("topic_confidence") or "")
    except ValueError:
        confidence = None
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        confidence = None
    try:
        topic_correction_record(
            text=data.content,
            suggested=suggested,
            confidence=confidence,
            chosen=chosen,
            target_type="petitions.petition",
            target_id=petition.pk,
            actor=user,
        )
    except DomainError:
        logger.warning("topic correction not recorded for petition %s", petition.pk)


def _render(
    request: HttpRequest,
    form: PetitionIntakeForm,
    formset: Any,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "formset": formset}
    return render(request, "petitions/intake.html", context, status=status)


@login_required
@require_POST
def duplicate_suggestions(request: HttpRequest) -> HttpResponse:
    """Cards of similar petitions for what is being typed (htmx, debounced by the page)."""
    from danvan.petitions.duplicates import duplicate_candidates

    content = (request.POST.get("content") or "").strip()
    names = [
        str(value).strip()
        for key, value in request.POST.items()
        if key.startswith("person-") and key.endswith("-full_name") and str(value).strip()
    ]
    candidates: list[Any] = []
    if len(content) >= 20 or names:
        area_id = None
        code = (request.POST.get("area_code") or "").strip()
        if code:
            try:
                area_id = admin_unit_resolve(code=code, on=timezone.localdate()).current
            except (NotFound, DomainError):
                area_id = None
        candidates = duplicate_candidates(
            user=request.user,
            content=content,
            names=names,
            area_id=getattr(area_id, "pk", None),
            limit=DUPLICATE_LIMIT,
        )
    return render(request, "petitions/_duplicates.html", {"candidates": candidates})
