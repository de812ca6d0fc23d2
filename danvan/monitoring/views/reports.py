"""The issue-report pages, under /nam-tinh-hinh/van-de/ (namespace "monitoring"): the list with
its filters and counts, intake (also from a cluster of petitions: ?petitions=1,2,3), the report
page (timeline of updates, links, the escalation and its answer, the moves the user may make),
editing and every action on a report.

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names (422), a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import Conflict, DomainError, ValidationFailed
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.models import AdminUnit, Organization, UnitLevel
from danvan.core.selectors.scope import visible_area_ids
from danvan.core.topics import topic_label
from danvan.core.views.actions import record_form_action
from danvan.monitoring import deadlines, permissions
from danvan.monitoring.forms import (
    MOVE_LABELS,
    AnswerForm,
    LinkForm,
    MoveForm,
    ReportFilterForm,
    ReportForm,
    UpdateForm,
    apply_error,
    parse_ids,
)
from danvan.monitoring.models import IssueReport
from danvan.monitoring.selectors import reports as selectors
from danvan.monitoring.services import reports as services
from danvan.monitoring.states import OPEN_STATES, Severity, Source, Status

PAGE_SIZE = 30
AREA_CHOICES_MAX = 4000
FILTER_AREAS_MAX = 800
CONFLICT_MESSAGE = gettext_lazy(
    "Vấn đề vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("monitoring:report", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


# --- Area choices ------------------------------------------------------------------------------


def _grouped(units: list[AdminUnit], value: Callable[[AdminUnit], Any]) -> list[tuple[Any, Any]]:
    """Provinces with their communes under them, by name: [(province, [(value, name), ...])]."""
    provinces = {u.pk: u for u in units if u.level == UnitLevel.PROVINCE}
    children: dict[int, list[AdminUnit]] = {}
    loose: list[AdminUnit] = []
    for u in units:
        if u.level == UnitLevel.PROVINCE:
            continue
        if u.parent_id is not None and u.parent_id in provinces:
            children.setdefault(u.parent_id, []).append(u)
        else:
            loose.append(u)
    for u in loose:
        parent = u.parent
        if parent is not None and parent.pk not in provinces:
            provinces[parent.pk] = parent
        if parent is not None:
            children.setdefault(parent.pk, []).append(u)
    result: list[tuple[Any, Any]] = []
    for province in sorted(provinces.values(), key=lambda p: p.search_name):
        options = [(value(province), province.full_name)] if province in units else []
        options += [
            (value(c), c.full_name)
            for c in sorted(children.get(province.pk, []), key=lambda c: c.search_name)
        ]
        if options:
            result.append((province.full_name, options))
    return result


def _report_areas(org_ids: list[int], *, keep: AdminUnit | None = None) -> list[tuple[Any, Any]]:
    """The units in force today that the organisations report on (their areas and, for a
    province, its communes); every unit for an organisation without an area."""
    today = timezone.localdate()
    orgs = list(Organization.objects.filter(pk__in=org_ids).select_related("area"))
    qs = AdminUnit.objects.in_force_on(today).select_related("parent")
    if not orgs or any(o.area_id is None for o in orgs):
        units = list(
            qs.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])[:AREA_CHOICES_MAX]
        )
    else:
        areas = {o.area_id for o in orgs if o.area_id is not None}
        provinces = [o.area_id for o in orgs if o.area is not None and o.area.level == "province"]
        units = list(qs.filter(pk__in=sorted(areas))) + list(
            qs.filter(parent_id__in=sorted(set(provinces)), level=UnitLevel.COMMUNE)[
                :AREA_CHOICES_MAX
            ]
        )
    if keep is not None and keep not in units:
        units.append(keep)
    return _grouped(list(dict.fromkeys(units)), lambda u: u.pk)


def _filter_areas(user: Any) -> list[tuple[Any, Any]]:
    """Provinces and communes the user's scope covers (by code), for the list's filter."""
    today = timezone.localdate()
    ids = visible_area_ids(user)
    qs = AdminUnit.objects.in_force_on(today).select_related("parent")
    units = list(qs.filter(pk__in=sorted(ids))[: FILTER_AREAS_MAX + 1]) if ids else []
    if len(units) > FILTER_AREAS_MAX:
        units = list(qs.filter(level=UnitLevel.PROVINCE))
    return _grouped(units, lambda u: u.code)


def _org_choices(user: Any) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in permissions.reporting_organizations(user)]


# --- List --------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReportFilterForm(request.GET or None, areas=_filter_areas(user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    sensitive = {"1": True, "0": False}.get(data.get("sensitive") or "")
    filters = selectors.ReportFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        topic=data.get("topic") or "",
        area_code=data.get("area") or "",
        severity=data.get("severity"),
        sensitive=sensitive,
        source=data.get("source") or "",
        reported_from=data.get("reported_from"),
        reported_to=data.get("reported_to"),
        open_only=bool(data.get("open_only")),
    )
    page = Paginator(selectors.report_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.report_counts_by_status(user=user, filters=filters)
    query = {k: str(v) for k, v in request.GET.items() if k not in ("page", "status") and v}
    return render(
        request,
        "monitoring/report_list.html",
        {
            "form": form,
            "page": page,
            "rows": [{"report": r, "topic": topic_label(r.topic)} for r in page.object_list],
            "counts": [
                (code, label, counts.get(code, 0), urlencode({**query, "status": code}))
                for code, label in Status.choices
            ],
            "total": sum(counts.values()),
            "querystring": urlencode({k: str(v) for k, v in request.GET.items() if k != "page"}),
            "can_create": permissions.reporting_organization_ids(user) != frozenset(),
            "open_states": OPEN_STATES,
        },
    )


# --- Create and edit ---------------------------------------------------------------------------


def _prefill(request: HttpRequest, orgs: list[tuple[int, str]]) -> tuple[dict[str, Any], list[Any]]:
    """Initial values of a new report; from a cluster of petitions with ?petitions=1,2,3."""
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "reported_on": today,
        "severity": Severity.MEDIUM,
        "people_affected": 0,
        "update_every_days": 7,
        "source": Source.COMMUNE,
    }
    if len(orgs) >= 1:
        initial["organization"] = orgs[0][0]
        org = Organization.objects.filter(pk=orgs[0][0]).first()
        if org is not None and org.area_id is not None and org.level == "commune":
            initial["area"] = org.area_id
    ids = parse_ids(request.GET.get("petitions", ""))
    petitions = selectors.petitions_for_prefill(user=request.user, ids=ids) if ids else []
    if petitions:
        areas = Counter(p.area_id for p in petitions if p.area_id).most_common(1)
        area_id = areas[0][0] if areas else None
        topic = Counter(p.topic for p in petitions).most_common(1)[0][0]
        org_ids = {pk for pk, _name in orgs}
        first = petitions[0]
        initial.update(
            source=Source.PETITIONS,
            petitions=",".join(str(p.pk) for p in petitions),
            topic=topic,
            area=area_id or initial.get("area"),
            title=(first.summary or first.content)[:200],
            content="\n".join(
                f"- {p.case_number} ({p.received_on:%d/%m/%Y}): {(p.summary or p.content)[:300]}"
                for p in petitions
            ),
            people_affected=sum(int(p.signer_count or 1) for p in petitions),
            source_detail=_("Nhóm {n} đơn thư cùng nội dung").format(n=len(petitions)),
        )
        if first.organization_id in org_ids:
            initial["organization"] = first.organization_id
    return initial, petitions


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = _org_choices(user)
    if not orgs:
        raise DjangoPermissionDenied(_("Bạn không có quyền báo cáo vấn đề bức xúc."))
    areas = _report_areas([pk for pk, _name in orgs])
    if request.method == "GET":
        initial, petitions = _prefill(request, orgs)
        form = ReportForm(initial=initial, organizations=orgs, areas=areas)
        return render(
            request,
            "monitoring/report_form.html",
            {"form": form, "creating": True, "petitions": petitions},
        )
    form = ReportForm(request.POST, organizations=orgs, areas=areas)
    petition_ids = parse_ids(request.POST.get("petitions", ""))
    petitions = selectors.petitions_for_prefill(user=user, ids=petition_ids)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        data = services.ReportInput(
            organization_id=d["organization"],
            source=d["source"],
            source_detail=d["source_detail"],
            title=d["title"],
            description=d["content"],
            area_id=d["area"],
            topic=d["topic"],
            secondary_topics=list(d["secondary_topics"]),
            flag_ethnic=d["flag_ethnic"],
            flag_religious=d["flag_religious"],
            flag_security=d["flag_security"],
            severity=d["severity"],
            people_affected=d["people_affected"],
            reported_on=d["reported_on"],
            update_every_days=d["update_every_days"],
            petition_ids=parse_ids(d.get("petitions") or ""),
        )
        try:
            report = services.report_create(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
            status = exc.status
        else:
            messages.success(
                request, _("Đã tiếp nhận vấn đề “%(title)s”.") % {"title": report.title}
            )
            return HttpResponseRedirect(detail_url(report.pk))
    return render(
        request,
        "monitoring/report_form.html",
        {"form": form, "creating": True, "petitions": petitions},
        status=status,
    )


def _require_worker(request: HttpRequest, pk: int) -> IssueReport:
    report = selectors.report_get(user=request.user, pk=pk)
    if not permissions.can_work(request.user, report):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem vấn đề này."))
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _require_worker(request, pk)
    areas = _report_areas([int(report.organization_id)], keep=report.area)
    context: dict[str, Any] = {"report": report, "creating": False, "petitions": []}
    if request.method == "GET":
        form = ReportForm(
            editing=True,
            areas=areas,
            initial={
                "source": report.source,
                "source_detail": report.source_detail,
                "title": report.title,
                "content": report.description,
                "area": report.area_id,
                "topic": report.topic,
                "secondary_topics": list(report.secondary_topics or []),
                "flag_ethnic": report.flag_ethnic,
                "flag_religious": report.flag_religious,
                "flag_security": report.flag_security,
                "severity": report.severity,
                "people_affected": report.people_affected,
                "reported_on": report.reported_on,
                "update_every_days": report.update_every_days,
                "expected_version": report.version,
            },
        )
        return render(request, "monitoring/report_form.html", {**context, "form": form})
    form = ReportForm(request.POST, editing=True, areas=areas)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        changes = services.ReportChanges(
            source=d["source"],
            source_detail=d["source_detail"],
            title=d["title"],
            description=d["content"],
            area_id=d["area"],
            topic=d["topic"],
            secondary_topics=list(d["secondary_topics"]),
            flag_ethnic=d["flag_ethnic"],
            flag_religious=d["flag_religious"],
            flag_security=d["flag_security"],
            severity=d["severity"],
            people_affected=d["people_affected"],
            reported_on=d["reported_on"],
            update_every_days=d["update_every_days"],
        )
        try:
            services.report_update(
                report=report,
                actor=request.user,
                changes=changes,
                expected_version=d["expected_version"] or report.version,
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
            messages.success(request, _("Đã lưu thông tin vấn đề."))
            return HttpResponseRedirect(detail_url(report.pk))
    return render(request, "monitoring/report_form.html", {**context, "form": form}, status=status)


# --- The report page ---------------------------------------------------------------------------


def _page_context(
    request: HttpRequest, report: IssueReport, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_work = permissions.can_work(user, report)
    can_answer = (
        permissions.can_answer(user, report)
        and report.escalated_on is not None
        and report.answered_on is None
        and report.status != Status.UNFOUNDED
    )
    targets = [(o.pk, o.name) for o in selectors.report_escalation_targets(report=report)]
    moves = []
    for to in selectors.report_allowed_moves(report=report, user=user):
        key = f"mv-{to}"
        moves.append(
            {
                "to": to,
                "label": MOVE_LABELS.get(to, Status(to).label),
                "form": bound.get(key)
                or MoveForm(
                    to=to,
                    targets=targets,
                    initial={
                        "expected_version": report.version,
                        "escalated_to": targets[0][0] if targets else None,
                    },
                ),
                "open": key in bound,
                "disabled": to == Status.ESCALATED and not targets,
            }
        )
    # A bound form the page does not show (a move no longer allowed): its errors go on top.
    shown = {f"mv-{m['to']}" for m in moves} | {"up", "an", "ln"}
    page_errors = [
        str(error)
        for key, form in bound.items()
        if key not in shown
        for errors in form.errors.values()
        for error in errors
    ]
    update_due = deadlines.next_update_due(report)
    answer_due = deadlines.escalation_answer_due(report)
    today = timezone.localdate()
    working = report.status != Status.UNFOUNDED
    labels = dict(Status.choices)
    return {
        "report": report,
        "status_label": Status(report.status).label,
        "severity_label": Severity(report.severity).label,
        "source_label": Source(report.source).label
        if report.source in Source.values
        else report.source,
        "topic_label": topic_label(report.topic),
        "secondary_labels": [topic_label(c) for c in report.secondary_topics or []],
        "suggested_label": topic_label(report.topic_suggested) if report.topic_suggested else "",
        "suggested_percent": round((report.topic_confidence or 0) * 100),
        "timeline": [
            {
                "update": u,
                "from": labels.get(u.status_from, u.status_from),
                "to": labels.get(u.status_to, u.status_to),
                "severity": Severity(u.severity).label if u.severity in Severity.values else "",
            }
            for u in selectors.report_updates(report=report)
        ],
        "links": selectors.report_links(report=report, user=user),
        "can_work": can_work,
        "can_answer": can_answer,
        "moves": moves if can_work else [],
        "update_due": update_due,
        "update_late": update_due is not None and update_due < today,
        "answer_due": answer_due,
        "answer_late": answer_due is not None and report.answered_on is None and answer_due < today,
        "update_form": bound.get("up")
        or (
            UpdateForm(initial={"expected_version": report.version})
            if can_work and working
            else None
        ),
        "answer_form": bound.get("an")
        or (AnswerForm(initial={"expected_version": report.version}) if can_answer else None),
        "link_form": bound.get("ln") or (LinkForm() if can_work and working else None),
        "open_form": next(iter(bound), ""),
        "page_errors": page_errors,
        "is_open": report.status in OPEN_STATES,
        "answer_days": deadlines.ESCALATION_ANSWER_WORKING_DAYS,
    }


def _render(
    request: HttpRequest,
    report: IssueReport,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request,
        "monitoring/report_detail.html",
        _page_context(request, report, bound),
        status=status,
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.report_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[IssueReport, dict[str, Any]], Any],
    success: Callable[[IssueReport], str],
    anchor: str = "",
) -> HttpResponse:
    """Parse `form`, run `call(report, cleaned_data)`, redirect to the page; errors re-render."""
    return record_form_action(
        request,
        load=lambda: selectors.report_get(user=request.user, pk=pk),
        render=lambda record, status, bound: _render(request, record, status=status, bound=bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=detail_url(pk, anchor),
        conflict_message=CONFLICT_MESSAGE,
        on_error=apply_error,
    )


@login_required
@require_POST
def report_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    report = _require_worker(request, pk)
    if to not in Status.values:
        raise Http404
    targets = [(o.pk, o.name) for o in selectors.report_escalation_targets(report=report)]
    form = MoveForm(request.POST, to=to, targets=targets)

    def call(r: IssueReport, data: dict[str, Any]) -> None:
        services.report_transition(
            report=r,
            actor=request.user,
            data=services.MoveInput(
                to=to,
                expected_version=data["expected_version"],
                text=data.get("text") or "",
                escalated_to_id=data.get("escalated_to"),
                recommendation=data.get("recommendation") or "",
                on=data.get("on"),
            ),
        )

    def success(r: IssueReport) -> str:
        return _("Đã thực hiện “%(move)s”: vấn đề nay ở trạng thái “%(status)s”.") % {
            "move": MOVE_LABELS.get(to, to),
            "status": Status(r.status).label,
        }

    return _act(request, pk, key=f"mv-{to}", form=form, call=call, success=success)


@login_required
@require_POST
def report_update_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_worker(request, pk)
    form = UpdateForm(request.POST)
    return _act(
        request,
        pk,
        key="up",
        form=form,
        call=lambda r, data: services.report_update_add(
            report=r,
            actor=request.user,
            text=data["text"],
            expected_version=data["expected_version"],
            on=data.get("on"),
            people_affected=data.get("people_affected"),
            severity=data.get("severity"),
        ),
        success=lambda r: _("Đã cập nhật tình hình."),
        anchor="dien-bien",
    )


@login_required
@require_POST
def report_answer(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    if not permissions.can_answer(request.user, report):
        raise DjangoPermissionDenied(_("Bạn không có quyền trả lời kiến nghị này."))
    form = AnswerForm(request.POST)
    return _act(
        request,
        pk,
        key="an",
        form=form,
        call=lambda r, data: services.report_escalation_answer(
            report=r,
            actor=request.user,
            answer=data["answer"],
            expected_version=data["expected_version"],
            on=data.get("on"),
        ),
        success=lambda r: _("Đã trả lời kiến nghị."),
        anchor="kien-nghi",
    )


@login_required
@require_POST
def report_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_worker(request, pk)
    form = LinkForm(request.POST)

    def call(r: IssueReport, data: dict[str, Any]) -> None:
        try:
            services.report_link_add(
                report=r,
                actor=request.user,
                target_type=data["target_type"],
                target_id=data["target_id"],
                note=data.get("note") or "",
            )
        except DomainError as exc:
            if exc.status == 404:
                # Not found (or out of scope) is the user's input error here, not a missing page.
                raise ValidationFailed(exc.message, fields=exc.fields) from None
            raise

    return _act(
        request,
        pk,
        key="ln",
        form=form,
        call=call,
        success=lambda r: _("Đã liên kết hồ sơ."),
        anchor="lien-quan",
    )


class _Empty(forms.Form):
    pass


@login_required
@require_POST
def report_link_remove(request: HttpRequest, pk: int, lpk: int) -> HttpResponse:
    report = _require_worker(request, pk)
    link = report.links.filter(pk=lpk).select_related("report").first()
    if link is None:
        raise Http404
    return _act(
        request,
        pk,
        key="ln-remove",
        form=_Empty(request.POST),
        call=lambda r, data: services.report_link_remove(link=link, actor=request.user),
        success=lambda r: _("Đã bỏ liên kết."),
        anchor="lien-quan",
    )


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/van-de/", report_list, name="reports"),
    path("nam-tinh-hinh/van-de/moi/", report_create, name="report_create"),
    path("nam-tinh-hinh/van-de/<int:pk>/", report_detail, name="report"),
    path("nam-tinh-hinh/van-de/<int:pk>/sua/", report_edit, name="report_edit"),
    path("nam-tinh-hinh/van-de/<int:pk>/chuyen-buoc/<str:to>/", report_move, name="report_move"),
    path("nam-tinh-hinh/van-de/<int:pk>/cap-nhat/", report_update_add, name="report_update_add"),
    path("nam-tinh-hinh/van-de/<int:pk>/tra-loi/", report_answer, name="report_answer"),
    path("nam-tinh-hinh/van-de/<int:pk>/lien-ket/", report_link_add, name="report_link_add"),
    path(
        "nam-tinh-hinh/van-de/<int:pk>/lien-ket/<int:lpk>/xoa/",
        report_link_remove,
        name="report_link_remove",
    ),
]
