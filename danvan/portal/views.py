"""The public pages of the citizen portal, under /cong-dan/ (no account).

Pages that show or take a tracking code are sent with `Cache-Control: no-store` and never
put the code in a URL (it is a key to the case: URLs end up in logs and browser history); the
lookup and the rating are POSTed. Submissions and lookups are rate-limited per address
(`danvan.portal.throttle`); a bot that fills the honeypot gets an ordinary-looking receipt and
nothing is stored.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError, NotFound
from danvan.petitions.attachments import max_bytes, max_files
from danvan.petitions.inputs import FileInput
from danvan.petitions.services.common import TRACKING_ALPHABET
from danvan.petitions.services.portal import petition_portal_rate, petition_public_status
from danvan.portal import selectors
from danvan.portal.forms import LookupForm, RatingForm, SubmissionForm
from danvan.portal.models import Via
from danvan.portal.services import PRIVACY_NOTICE_VERSION, portal_submit
from danvan.portal.throttle import (
    Claim,
    ip_hash,
    throttle_claim,
    throttle_release,
    wait_minutes,
)

# Form fields besides the files: far below this; anything larger is refused before parsing.
FORM_OVERHEAD_BYTES = 1024 * 1024


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would send Origin: null (CSRF)
    return response


def _throttled(
    request: HttpRequest, claim: Claim, template: str, context: dict[str, Any]
) -> HttpResponse:
    message = _(
        "Bạn đã gửi quá nhiều yêu cầu từ địa chỉ mạng này. Vui lòng thử lại sau khoảng {n} phút."
    ).format(n=wait_minutes(claim))
    response = render(request, template, {**context, "error_message": message}, status=429)
    response["Retry-After"] = str(claim.wait)
    return _private(response)


@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    context = {
        "rules": selectors.portal_public_rules(),
        "retention": selectors.portal_retention_years(),
    }
    return render(request, "portal/home.html", context)


@require_GET
def portal_privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "retention": selectors.portal_retention_years(),
        "version": PRIVACY_NOTICE_VERSION,
    }
    return render(request, "portal/privacy.html", context)


@require_GET
@cache_control(max_age=3600, public=True)
def portal_commune_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the communes of a province (the form's script asks for them)."""
    code = (request.GET.get("tinh") or "")[:10]
    province_org, names = selectors.portal_commune_destinations(province_code=code)
    communes = selectors.portal_communes(province_code=code)
    rows = [{"unit": u, "org": names.get(u.code, province_org)} for u in communes]
    context = {"rows": rows, "province_org": province_org}
    return render(request, "portal/_commune_options.html", context)


def _form_context(form: SubmissionForm) -> dict[str, Any]:
    province = form.data.get("province", "") if form.is_bound else ""
    commune = form.data.get("commune", "") if form.is_bound else ""
    destination = ""
    if province:
        province_org, names = selectors.portal_commune_destinations(province_code=str(province))
        destination = names.get(str(commune), province_org) if commune else province_org
    return {
        "form": form,
        "destination": destination,
        "max_files": max_files(),
        "max_mb": max_bytes() // (1024 * 1024),
        "anonymous_fields": ("name", "address", "id_number", "phone", "email"),
        "retention": selectors.portal_retention_years(),
    }


def _fake_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@require_http_methods(["GET", "POST"])
def portal_submit_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "portal/submit.html", _form_context(SubmissionForm()))
    limit = max_files() * max_bytes() + FORM_OVERHEAD_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        context = _form_context(SubmissionForm())
        context["error_message"] = _(
            "Nội dung gửi lên quá lớn (tối đa {n} tệp, mỗi tệp {mb} MB)."
        ).format(n=max_files(), mb=max_bytes() // (1024 * 1024))
        return _private(render(request, "portal/submit.html", context, status=413))
    form = SubmissionForm(request.POST)
    if "refresh" in request.POST:
        # Without the script: show the communes of the chosen province, keep what was typed.
        form.errors.clear()
        return _private(render(request, "portal/submit.html", _form_context(form)))
    if form.is_bound and form.is_bot:
        claim = throttle_claim(request, "submit")
        if not claim.allowed:
            return _throttled(request, claim, "portal/submit.html", _form_context(SubmissionForm()))
        context = {"tracking_code": _fake_code(), "organization": "", "anonymous": False}
        return _private(render(request, "portal/receipt.html", context))
    if not form.is_valid():
        return _private(render(request, "portal/submit.html", _form_context(form), status=400))
    uploads = request.FILES.getlist("files")
    problems = []
    if len(uploads) > max_files():
        problems.append(_("Mỗi lần gửi đính kèm tối đa {n} tệp.").format(n=max_files()))
    for upload in uploads:
        if upload.size and upload.size > max_bytes():
            problems.append(
                _("Tệp “{name}” lớn hơn {mb} MB.").format(
                    name=(upload.name or "")[:100], mb=max_bytes() // (1024 * 1024)
                )
            )
    if problems:
        form.add_error(None, " ".join(problems))
        return _private(render(request, "portal/submit.html", _form_context(form), status=400))
    claim = throttle_claim(request, "submit")
    if not claim.allowed:
        return _throttled(request, claim, "portal/submit.html", _form_context(form))
    files = [FileInput(name=u.name or "", data=u.read()) for u in uploads]
    try:
        result = portal_submit(
            data=form.to_input(),
            files=files,
            ip_hash=ip_hash(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            via=Via.WEB,
        )
    except DomainError as exc:
        throttle_release(claim)
        form.apply_error(exc)
        status = exc.status if exc.status >= 400 else 400
        return _private(render(request, "portal/submit.html", _form_context(form), status=status))
    context = {
        "tracking_code": result.tracking_code,
        "organization": result.organization_name,
        "via_province": result.via_province,
        "anonymous": result.anonymous,
        "kind": form.cleaned_data.get("kind"),
    }
    return _private(render(request, "portal/receipt.html", context))


def _track_context(status: Any = None, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"lookup_form": LookupForm(), "status": status}
    if status is not None and status.can_rate:
        context["rating_form"] = RatingForm(initial={"code": status.tracking_code})
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def portal_track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _private(render(request, "portal/track.html", _track_context()))
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        return _throttled(request, claim, "portal/track.html", _track_context())
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _private(
            render(request, "portal/track.html", _track_context(lookup_form=form), status=400)
        )
    try:
        status = petition_public_status(tracking_code=form.cleaned_data["code"])
    except NotFound as exc:
        form.add_error("code", exc.message)
        return _private(
            render(request, "portal/track.html", _track_context(lookup_form=form), status=404)
        )
    return _private(render(request, "portal/track.html", _track_context(status)))


@require_POST
def portal_rate(request: HttpRequest) -> HttpResponse:
    claim = throttle_claim(request, "lookup")
    if not claim.allowed:
        return _throttled(request, claim, "portal/track.html", _track_context())
    form = RatingForm(request.POST)
    code = str(request.POST.get("code") or "")[:40]
    try:
        status = petition_public_status(tracking_code=code)
    except NotFound as exc:
        lookup = LookupForm()
        return _private(
            render(
                request,
                "portal/track.html",
                _track_context(lookup_form=lookup, error_message=exc.message),
                status=404,
            )
        )
    if not form.is_valid():
        context = _track_context(status)
        context["rating_form"] = form
        return _private(render(request, "portal/track.html", context, status=400))
    try:
        petition_portal_rate(
            tracking_code=code,
            satisfaction=form.cleaned_data["satisfaction"],
            note=form.cleaned_data.get("note", ""),
        )
    except DomainError as exc:
        fresh = petition_public_status(tracking_code=code)
        return _private(
            render(
                request,
                "portal/track.html",
                _track_context(fresh, error_message=exc.message),
                status=exc.status,
            )
        )
    fresh = petition_public_status(tracking_code=code)
    message = _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn đã được ghi nhận.")
    return _private(
        render(request, "portal/track.html", _track_context(fresh, success_message=message))
    )
