"""The democracy pages (namespace "democracy"): disclosures under /cong-khai/, community
decisions under /nhan-dan-quyet-dinh/, statistics, and the public pages under
/cong-dan/cong-khai/. Views are thin: parse a form, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import NotFound
from danvan.core.views.actions import form_page_action, record_form_action
from danvan.democracy import legal, permissions, selectors, services
from danvan.democracy.forms import (
    CancelForm,
    DecisionFilterForm,
    DecisionRecordForm,
    DisclosureFilterForm,
    DisclosureForm,
    DisclosureMoveForm,
    PublicIndexForm,
    PublishForm,
    RecogniseForm,
    SendForm,
    StatisticsForm,
)
from danvan.democracy.inputs import DecisionInput, DisclosureInput, PublishInput
from danvan.democracy.models import CommunityDecision, Disclosure
from danvan.democracy.states import (
    DECISION_EDIT_STATES,
    DISCLOSURE_EDIT_STATES,
    DecisionStatus,
    DisclosureStatus,
)

PAGE_SIZE = 30
CONFLICT_MESSAGE = gettext_lazy(
    "Bản ghi vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def _org_choices(user: Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in permissions.managing_organizations(user)]


def _load_disclosure(user: Any, pk: int) -> Disclosure:
    try:
        return selectors.disclosure_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _load_decision(user: Any, pk: int) -> CommunityDecision:
    try:
        return selectors.decision_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- Disclosures ----------------------------------------------------------------------------------


@login_required
@require_GET
def disclosures(request: HttpRequest) -> HttpResponse:
    form = DisclosureFilterForm(request.GET or None)
    filters = selectors.DisclosureFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.DisclosureFilters(
            status=d["status"] or "",
            group=d["group"] or "",
            timeliness=d["timeliness"] or "",
            year=d["year"],
            q=d["q"] or "",
        )
    qs = selectors.disclosure_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "democracy/disclosures.html",
        {
            "form": form,
            "page": page,
            "today": selectors.today(),
            "can_create": bool(permissions.managing_organizations(request.user)),
            "querystring": _querystring(request),
        },
    )


def _disclosure_input(d: dict[str, Any]) -> DisclosureInput:
    return DisclosureInput(
        organization_id=d["organization"],
        group=d["group"],
        title=d["title"],
        decision_date=d["decision_date"],
        content=d["content"],
        residential_area=d["residential_area"],
        document_number=d["document_number"],
        document_date=d["document_date"],
        channels=list(d["channels"]),
        display_from=d["display_from"],
        display_to=d["display_to"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request: HttpRequest) -> HttpResponse:
    orgs = _org_choices(request.user)
    if not orgs:
        raise DjangoPermissionDenied(_("Bạn không có quyền ghi nội dung công khai."))
    if request.method == "GET":
        form = DisclosureForm(organizations=orgs)
        return render(request, "democracy/disclosure_form.html", {"form": form, "creating": True})
    form = DisclosureForm(request.POST, organizations=orgs)
    return form_page_action(
        request,
        form=form,
        call=lambda d: services.disclosure_create(actor=request.user, data=_disclosure_input(d)),
        # Any refused form answers 400 here, whatever the service's error.
        render=lambda _status: render(
            request, "democracy/disclosure_form.html", {"form": form, "creating": True}, status=400
        ),
        success=lambda _d: _("Đã ghi nội dung công khai; hạn công khai đã được tính."),
        redirect_to=lambda d: reverse("democracy:disclosure", args=[d.pk]),
    )


def _versioned_edit(
    request: HttpRequest,
    *,
    obj: Any,
    key: str,
    form_class: type[Any],
    fields: tuple[str, ...],
    update: Callable[[dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """The edit page of a disclosure or a decision record: the form filled from `obj` (its
    `fields`, its organisation, its version), then `update` with the version the officer saw; a
    newer version in between is a conflict, shown on the form."""
    orgs = [(obj.organization_id, obj.organization.name)]
    template = f"democracy/{key}_form.html"
    context: dict[str, Any] = {key: obj, "creating": False}
    if request.method == "GET":
        initial = {f: getattr(obj, f) for f in fields}
        initial |= {"organization": obj.organization_id, "expected_version": obj.version}
        form = form_class(organizations=orgs, initial=initial)
        return render(request, template, {**context, "form": form})
    form = form_class(request.POST, organizations=orgs)
    return form_page_action(
        request,
        form=form,
        call=update,
        render=lambda status: render(request, template, {**context, "form": form}, status=status),
        success=lambda _d: success,
        redirect_to=lambda _d: reverse(f"democracy:{key}", args=[obj.pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _load_disclosure(request.user, pk)
    if (
        not permissions.can_manage(request.user, disclosure)
        or disclosure.status not in DISCLOSURE_EDIT_STATES
    ):
        raise DjangoPermissionDenied(_("Bạn không sửa được nội dung công khai này."))
    return _versioned_edit(
        request,
        obj=disclosure,
        key="disclosure",
        form_class=DisclosureForm,
        fields=(
            "group",
            "title",
            "residential_area",
            "document_number",
            "document_date",
            "decision_date",
            "content",
            "channels",
            "display_from",
            "display_to",
        ),
        update=lambda d: services.disclosure_update(
            disclosure=disclosure,
            actor=request.user,
            data=_disclosure_input(d),
            expected_version=d["expected_version"] or 0,
        ),
        success=_("Đã lưu nội dung công khai."),
    )


def _disclosure_page(
    request: HttpRequest,
    disclosure: Disclosure,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    can_manage = permissions.can_manage(request.user, disclosure)
    publish_form = bound.get("publish") or PublishForm(
        initial={
            "published_on": selectors.today(),
            "channels": disclosure.channels,
            "display_from": disclosure.display_from,
            "display_to": disclosure.display_to,
            "expected_version": disclosure.version,
        },
        auto_id="publish_%s",
    )
    move_form = bound.get("move") or DisclosureMoveForm(
        initial={"expected_version": disclosure.version}, auto_id="move_%s"
    )
    return render(
        request,
        "democracy/disclosure_detail.html",
        {
            "d": disclosure,
            "group": legal.group(disclosure.group),
            "channel_labels": [legal.channel_label(c) for c in disclosure.channels],
            "today": selectors.today(),
            "can_manage": can_manage,
            "can_edit": can_manage and disclosure.status in DISCLOSURE_EDIT_STATES,
            "can_publish": can_manage and disclosure.status == DisclosureStatus.DRAFT,
            "can_end": can_manage and disclosure.status == DisclosureStatus.PUBLISHED,
            "can_withdraw": can_manage
            and disclosure.status in (DisclosureStatus.DRAFT, DisclosureStatus.PUBLISHED),
            "publish_form": publish_form,
            "move_form": move_form,
            "display_rules": legal.display_rules(disclosure.decision_date),
        },
        status=status,
    )


@login_required
@require_GET
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _disclosure_page(request, _load_disclosure(request.user, pk))


@login_required
@require_POST
def disclosure_publish(request: HttpRequest, pk: int) -> HttpResponse:
    def call(d: Disclosure, data: dict[str, Any]) -> Any:
        return services.disclosure_publish(
            disclosure=d,
            actor=request.user,
            data=PublishInput(
                published_on=data["published_on"],
                channels=list(data["channels"]),
                display_from=data["display_from"],
                display_to=data["display_to"],
            ),
            expected_version=data["expected_version"],
        )

    return record_form_action(
        request,
        load=lambda: _load_disclosure(request.user, pk),
        render=lambda d, status, bound: _disclosure_page(request, d, status, bound),
        key="publish",
        form=PublishForm(request.POST, auto_id="publish_%s"),
        call=call,
        success=lambda d: (
            _("Đã công khai (muộn so với hạn).") if d.is_late else _("Đã công khai đúng hạn.")
        ),
        redirect_to=reverse("democracy:disclosure", args=[pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def disclosure_move(request: HttpRequest, pk: int) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: _load_disclosure(request.user, pk),
        render=lambda d, status, bound: _disclosure_page(request, d, status, bound),
        key="move",
        form=DisclosureMoveForm(request.POST, auto_id="move_%s"),
        call=lambda d, data: services.disclosure_transition(
            disclosure=d,
            actor=request.user,
            to=data["to"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        success=lambda d: _("Đã chuyển sang “{s}”.").format(s=d.get_status_display()),
        redirect_to=reverse("democracy:disclosure", args=[pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


# --- Community decisions --------------------------------------------------------------------------


@login_required
@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    filters = selectors.DecisionFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.DecisionFilters(
            status=d["status"] or "",
            matter=d["matter"] or "",
            outcome=d["outcome"] or "",
            year=d["year"],
        )
    qs = selectors.decision_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "democracy/decisions.html",
        {
            "form": form,
            "page": page,
            "can_create": bool(permissions.managing_organizations(request.user)),
            "querystring": _querystring(request),
        },
    )


def _decision_input(d: dict[str, Any]) -> DecisionInput:
    return DecisionInput(
        organization_id=d["organization"],
        residential_area=d["residential_area"],
        matter=d["matter"],
        title=d["title"],
        form=d["form"],
        held_on=d["held_on"],
        total_households=d["total_households"],
        participating=d["participating"],
        agreeing=d["agreeing"],
        against=d["against"] or 0,
        content=d["content"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    orgs = _org_choices(request.user)
    if not orgs:
        raise DjangoPermissionDenied(_("Bạn không có quyền ghi biên bản."))
    if request.method == "GET":
        form = DecisionRecordForm(organizations=orgs)
        return render(request, "democracy/decision_form.html", {"form": form, "creating": True})
    form = DecisionRecordForm(request.POST, organizations=orgs)
    return form_page_action(
        request,
        form=form,
        call=lambda d: services.decision_create(actor=request.user, data=_decision_input(d)),
        # Any refused form answers 400 here, whatever the service's error.
        render=lambda _status: render(
            request, "democracy/decision_form.html", {"form": form, "creating": True}, status=400
        ),
        success=lambda _d: _("Đã ghi biên bản; kết quả đã được tính theo tỷ lệ luật định."),
        redirect_to=lambda d: reverse("democracy:decision", args=[d.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _load_decision(request.user, pk)
    if (
        not permissions.can_manage(request.user, decision)
        or decision.status not in DECISION_EDIT_STATES
    ):
        raise DjangoPermissionDenied(_("Bạn không sửa được biên bản này."))
    return _versioned_edit(
        request,
        obj=decision,
        key="decision",
        form_class=DecisionRecordForm,
        fields=(
            "residential_area",
            "matter",
            "title",
            "content",
            "form",
            "held_on",
            "total_households",
            "participating",
            "agreeing",
            "against",
        ),
        update=lambda d: services.decision_update(
            decision=decision,
            actor=request.user,
            data=_decision_input(d),
            expected_version=d["expected_version"] or 0,
        ),
        success=_("Đã lưu biên bản."),
    )


def _decision_page(
    request: HttpRequest,
    decision: CommunityDecision,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    can_manage = permissions.can_manage(request.user, decision)
    today = selectors.today()
    version = {"expected_version": decision.version}
    return render(
        request,
        "democracy/decision_detail.html",
        {
            "d": decision,
            "matter": legal.matter(decision.matter),
            "tally": selectors.decision_tally(decision),
            "today": today,
            "can_edit": can_manage and decision.status in DECISION_EDIT_STATES,
            "can_send": can_manage and decision.status == DecisionStatus.RECORDED,
            "can_cancel": can_manage and decision.status == DecisionStatus.RECORDED,
            "can_recognise": permissions.can_recognise(request.user, decision)
            and decision.status == DecisionStatus.SENT,
            "send_form": bound.get("send")
            or SendForm(initial={"sent_on": today, **version}, auto_id="send_%s"),
            "recognise_form": bound.get("recognise")
            or RecogniseForm(
                initial={
                    "decided_on": today,
                    "recognised": "1" if decision.passed else "0",
                    **version,
                },
                auto_id="recognise_%s",
            ),
            "cancel_form": bound.get("cancel") or CancelForm(initial=version, auto_id="cancel_%s"),
        },
        status=status,
    )


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, _load_decision(request.user, pk))


def _decision_action(
    request: HttpRequest, pk: int, key: str, form: forms.Form, call: Any, success: str
) -> HttpResponse:
    return record_form_action(
        request,
        load=lambda: _load_decision(request.user, pk),
        render=lambda d, status, bound: _decision_page(request, d, status, bound),
        key=key,
        form=form,
        call=call,
        success=lambda d: success,
        redirect_to=reverse("democracy:decision", args=[pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def decision_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_action(
        request,
        pk,
        "send",
        SendForm(request.POST, auto_id="send_%s"),
        lambda d, data: services.decision_send(
            decision=d,
            actor=request.user,
            sent_on=data["sent_on"],
            expected_version=data["expected_version"],
        ),
        _("Đã ghi nhận biên bản gửi Ủy ban nhân dân xã."),
    )


@login_required
@require_POST
def decision_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_action(
        request,
        pk,
        "recognise",
        RecogniseForm(request.POST, auto_id="recognise_%s"),
        lambda d, data: services.decision_recognise(
            decision=d,
            actor=request.user,
            recognised=data["recognised"],
            decided_on=data["decided_on"],
            decision_number=data["decision_number"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        _("Đã ghi quyết định của Ủy ban nhân dân xã."),
    )


@login_required
@require_POST
def decision_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_action(
        request,
        pk,
        "cancel",
        CancelForm(request.POST, auto_id="cancel_%s"),
        lambda d, data: services.decision_cancel(
            decision=d,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        _("Đã hủy biên bản."),
    )


# --- Statistics -----------------------------------------------------------------------------------


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    stats = selectors.statistics(user=request.user, year=year)
    return render(request, "democracy/statistics.html", {"form": form, "stats": stats})


# --- Public pages ---------------------------------------------------------------------------------


@require_GET
def public_disclosures(request: HttpRequest) -> HttpResponse:
    provinces = selectors.public_provinces()
    form = PublicIndexForm(request.GET or None, provinces=provinces)
    province = form.cleaned_data["province"] if form.is_valid() else ""
    communes = selectors.public_communes(province=province or "")
    return render(request, "democracy/public_index.html", {"form": form, "communes": communes})


@require_GET
def public_commune(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = selectors.public_commune(code)
    except NotFound:
        raise Http404 from None
    page = selectors.public_commune_disclosures(code=code)
    return render(
        request,
        "democracy/public_commune.html",
        {"unit": unit, "current": page.current, "archive": page.archive},
    )
