"""The mediation pages under /hoa-giai/: cases (list, receive, the case page with sessions,
outcome and "Chuyển thành đơn"), teams (list, set up, the team page with its members) and the
statistics per commune and year.

Views are thin: parse a form, call one service or selector, redirect; a service error is shown
next to the field it names, a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError
from danvan.core.forms.errors import apply_error
from danvan.core.views.actions import record_form_action
from danvan.mediation import permissions, selectors, services
from danvan.mediation.deadlines import mediation_rules, team_rule
from danvan.mediation.forms import (
    PARTY_ROWS,
    AssignForm,
    CaseFilterForm,
    CaseForm,
    DissolveForm,
    MemberEndForm,
    MemberForm,
    OutcomeForm,
    SessionForm,
    TeamForm,
    ToPetitionForm,
)
from danvan.mediation.inputs import (
    CaseInput,
    MemberInput,
    OutcomeInput,
    PartyInput,
    SessionInput,
    TeamInput,
    ToPetitionInput,
)
from danvan.mediation.models import Case, Member, Team
from danvan.mediation.states import OPEN_STATES, CaseStatus, TeamStatus, case_targets

PAGE_SIZE = 30
CONFLICT_MESSAGE = gettext_lazy(
    "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với thông "
    "tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)
MOVES = {
    CaseStatus.MEDIATING: gettext_lazy("Bắt đầu hòa giải"),
    CaseStatus.RECONCILED: gettext_lazy("Hòa giải thành"),
    CaseStatus.FAILED: gettext_lazy("Hòa giải không thành"),
    CaseStatus.WITHDRAWN: gettext_lazy("Các bên rút yêu cầu"),
    CaseStatus.TRANSFERRED: gettext_lazy("Chuyển cơ quan có thẩm quyền"),
}


def _querystring(request: HttpRequest) -> str:
    return urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])


def _managed_teams(user: Any) -> list[Team]:
    ids = permissions.managing_organization_ids(user)
    qs = Team.objects.filter(status=TeamStatus.ACTIVE).select_related("organization")
    if ids is not None:
        qs = qs.filter(organization_id__in=sorted(ids))
    return list(qs.order_by("organization__name", "name")[:500])


# --- Cases: list, receive -----------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    teams = selectors.team_list(user=user)
    form = CaseFilterForm(
        request.GET or None,
        years=selectors.case_years(user=user),
        teams=[(t.pk, f"{t.name} — {t.organization.name}") for t in teams[:500]],
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CaseFilters(
        status=data.get("status") or "",
        dispute_kind=data.get("dispute_kind") or "",
        year=data.get("year"),
        team_id=data.get("team"),
        overdue=bool(data.get("overdue")),
    )
    page = Paginator(selectors.case_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediation/case_list.html",
        {
            "form": form,
            "page": page,
            "can_create": bool(_managed_teams(user)),
            "querystring": _querystring(request),
            "today": timezone.localdate(),
        },
    )


def _case_form(request: HttpRequest) -> CaseForm:
    teams = _managed_teams(request.user)
    members = Member.objects.filter(team__in=teams, to_on__isnull=True).select_related("team")
    kw: dict[str, Any] = {
        "teams": [(t.pk, f"{t.name} — {t.organization.name}") for t in teams],
        "mediators": [
            (m.pk, f"{m.full_name} ({m.get_role_display()}, {m.team.name})")
            for m in members.order_by("team__name", "-role", "full_name")
        ],
    }
    if request.method == "POST":
        return CaseForm(request.POST, **kw)
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if request.GET.get("team", "").isdigit():
        initial["team"] = int(request.GET["team"])
    return CaseForm(initial=initial, **kw)


def _case_input(data: dict[str, Any]) -> CaseInput:
    parties = [
        PartyInput(
            full_name=data.get(f"party_{i}_name") or "",
            side=data.get(f"party_{i}_side") or "",
            address=data.get(f"party_{i}_address") or "",
        )
        for i in range(PARTY_ROWS)
    ]
    return CaseInput(
        team_id=data.get("team"),
        received_on=data.get("received_on"),
        source=data["source"],
        referrer=data.get("referrer") or "",
        dispute_kind=data["dispute_kind"],
        summary=data["summary"],
        parties=parties,
        mediator_ids=list(data.get("mediators") or []),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    if not _managed_teams(request.user):
        raise DjangoPermissionDenied(_("Bạn không có quyền tiếp nhận vụ việc hòa giải."))
    form = _case_form(request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.case_create(actor=request.user, data=_case_input(form.cleaned_data))
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã tiếp nhận vụ việc số {n}.").format(n=case.number))
                return HttpResponseRedirect(reverse("mediation:case", args=[case.pk]))
        else:
            status = 400
    party_rows = [
        [form[f"party_{i}_name"], form[f"party_{i}_side"], form[f"party_{i}_address"]]
        for i in range(PARTY_ROWS)
    ]
    return render(
        request,
        "mediation/case_form.html",
        {"form": form, "party_rows": party_rows, "parties_error": form.errors.get("parties")},
        status=status,
    )


# --- The case page and its actions -------------------------------------------------------------


def _case_context(
    request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    user = request.user
    bound = bound or {}
    manage = permissions.can_manage_case(user, case)
    parties = selectors.case_parties(user=user, case=case)
    is_open = case.status in OPEN_STATES
    moves = []
    if manage:
        for to in case_targets(case.status):
            moves.append(
                {
                    "to": to,
                    "label": MOVES[CaseStatus(to)],
                    "form": bound.get(f"mv-{to}")
                    or OutcomeForm(to=to, initial={"expected_version": case.version}),
                    "open": f"mv-{to}" in bound,
                }
            )
    assign_form = None
    if manage and is_open:
        current = selectors.current_members(case.team)
        assign_form = bound.get("assign") or AssignForm(
            mediators=[(m.pk, f"{m.full_name} ({m.get_role_display()})") for m in current],
            initial={
                "expected_version": case.version,
                "mediators": list(case.mediators.values_list("pk", flat=True)),
            },
        )
    petition_form = None
    if manage and case.status == CaseStatus.FAILED and case.petition_id is None:
        petition_form = bound.get("petition") or ToPetitionForm(
            parties=[(p.pk, f"{p.full_name} ({p.get_side_display()})") for p in parties or []],
            initial={"expected_version": case.version, "received_on": timezone.localdate()},
        )
    return {
        "case": case,
        "parties": parties,
        "sessions": selectors.case_sessions(case),
        "mediators": selectors.case_mediators(case),
        "can_manage": manage,
        "is_open": is_open,
        "moves": moves,
        "assign_form": assign_form,
        "session_form": (
            bound.get("session") or SessionForm(initial={"held_on": timezone.localdate()})
        )
        if manage and is_open
        else None,
        "petition_form": petition_form,
        "petition_url": reverse("petitions:detail", args=[case.petition_id])
        if case.petition_id
        else "",
        "rules": [r for r in mediation_rules() if r.valid_to is None],
        "today": timezone.localdate(),
        "overdue": case.status == CaseStatus.RECEIVED
        and case.started_on is None
        and case.start_due is not None
        and case.start_due < timezone.localdate(),
    }


def _render_case(
    request: HttpRequest, case: Case, status: int = 200, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    return render(
        request, "mediation/case_detail.html", _case_context(request, case, bound), status=status
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, selectors.case_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Case, dict[str, Any]], Any],
    success: Callable[[Case], str],
    anchor: str = "",
) -> HttpResponse:
    url = reverse("mediation:case", args=[pk])
    return record_form_action(
        request,
        load=lambda: selectors.case_get(user=request.user, pk=pk),
        render=lambda c, status, bound: _render_case(request, c, status, bound),
        key=key,
        form=form,
        call=call,
        success=success,
        redirect_to=f"{url}#{anchor}" if anchor else url,
        conflict_message=CONFLICT_MESSAGE,
    )


def _require_manager(request: HttpRequest, case: Case) -> None:
    if not permissions.can_manage_case(request.user, case):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem vụ việc này."))


@login_required
@require_POST
def case_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    _require_manager(request, case)
    current = selectors.current_members(case.team)
    form = AssignForm(request.POST, mediators=[(m.pk, m.full_name) for m in current])

    def call(c: Case, data: dict[str, Any]) -> None:
        services.case_assign(
            case=c,
            actor=request.user,
            mediator_ids=list(data["mediators"]),
            expected_version=data["expected_version"],
            on=data.get("on"),
        )

    return _act(
        request,
        pk,
        key="assign",
        form=form,
        call=call,
        success=lambda c: _("Đã phân công hòa giải viên."),
        anchor="phan-cong",
    )


@login_required
@require_POST
def session_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    _require_manager(request, case)

    def call(c: Case, data: dict[str, Any]) -> None:
        services.session_add(
            case=c,
            actor=request.user,
            data=SessionInput(
                held_on=data["held_on"],
                place=data["place"],
                content=data["content"],
                attendees=data.get("attendees") or "",
            ),
        )

    return _act(
        request,
        pk,
        key="session",
        form=SessionForm(request.POST),
        call=call,
        success=lambda c: _("Đã ghi buổi hòa giải."),
        anchor="buoi-hoa-giai",
    )


@login_required
@require_POST
def case_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    if to not in CaseStatus.values or to == CaseStatus.RECEIVED:
        raise Http404
    case = selectors.case_get(user=request.user, pk=pk)
    _require_manager(request, case)
    form = OutcomeForm(request.POST, to=to)

    def call(c: Case, data: dict[str, Any]) -> None:
        services.case_transition(
            case=c,
            actor=request.user,
            data=OutcomeInput(
                to=to,
                expected_version=data["expected_version"],
                on=data.get("on"),
                agreement=data.get("agreement") or "",
                recognition_note=data.get("recognition_note") or "",
                note=data.get("note") or "",
                transferred_to=data.get("transferred_to") or "",
            ),
        )

    label = MOVES[CaseStatus(to)]
    return _act(
        request,
        pk,
        key=f"mv-{to}",
        form=form,
        call=call,
        success=lambda c: _("Đã ghi kết quả: {label}.").format(label=label),
    )


@login_required
@require_POST
def case_to_petition_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    _require_manager(request, case)
    parties = selectors.case_parties(user=request.user, case=case) or []
    form = ToPetitionForm(request.POST, parties=[(p.pk, p.full_name) for p in parties])

    def call(c: Case, data: dict[str, Any]) -> None:
        services.case_to_petition(
            case=c,
            actor=request.user,
            data=ToPetitionInput(
                kind=data["kind"],
                expected_version=data["expected_version"],
                petitioner_ids=list(data.get("petitioners") or []),
                received_on=data.get("received_on"),
                requests=data.get("requests") or "",
            ),
        )

    return _act(
        request,
        pk,
        key="petition",
        form=form,
        call=call,
        success=lambda c: _("Đã chuyển vụ việc thành đơn số {n}.").format(n=c.petition_number),
        anchor="don",
    )


# --- Teams ---------------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    teams = list(selectors.team_list(user=user)[:1000])
    rule = team_rule(timezone.localdate())
    return render(
        request,
        "mediation/team_list.html",
        {
            "teams": teams,
            "rule": rule,
            "can_create": bool(permissions.managing_organizations(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    orgs = permissions.managing_organizations(request.user)
    if not orgs:
        raise DjangoPermissionDenied(_("Bạn không có quyền lập tổ hòa giải."))
    choices = [(o.pk, o.name) for o in orgs]
    form = (
        TeamForm(request.POST, organizations=choices)
        if request.method == "POST"
        else TeamForm(organizations=choices)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                team = services.team_create(
                    actor=request.user,
                    data=TeamInput(
                        organization_id=d["organization"],
                        name=d["name"],
                        residential_area=d["residential_area"],
                        established_on=d.get("established_on"),
                        decision_number=d.get("decision_number") or "",
                    ),
                )
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lập tổ hòa giải."))
                return HttpResponseRedirect(reverse("mediation:team", args=[team.pk]))
        else:
            status = 400
    return render(request, "mediation/team_form.html", {"form": form}, status=status)


def _team_context(
    request: HttpRequest, team: Team, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    manage = permissions.can_manage_team(request.user, team)
    members = selectors.team_members(team)
    active = team.status == TeamStatus.ACTIVE
    return {
        "team": team,
        "members": members,
        "problems": selectors.team_compliance(team, members),
        "rule": team_rule(timezone.localdate()),
        "can_manage": manage,
        "member_form": (
            bound.get("member") or MemberForm(initial={"from_on": timezone.localdate()})
        )
        if manage and active
        else None,
        "end_forms": {
            m.pk: bound.get(f"end-{m.pk}") or MemberEndForm(prefix=f"end-{m.pk}")
            for m in members
            if m.to_on is None
        }
        if manage and active
        else {},
        "dissolve_form": (
            bound.get("dissolve") or DissolveForm(initial={"expected_version": team.version})
        )
        if manage and active
        else None,
        "cases": selectors.case_list(
            user=request.user, filters=selectors.CaseFilters(team_id=team.pk)
        )[:20],
    }


def _render_team(
    request: HttpRequest, team: Team, status: int = 200, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    return render(
        request, "mediation/team_detail.html", _team_context(request, team, bound), status=status
    )


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_team(request, selectors.team_get(user=request.user, pk=pk))


def _act_team(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: forms.Form,
    call: Callable[[Team, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    team = selectors.team_get(user=request.user, pk=pk)
    if not permissions.can_manage_team(request.user, team):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem tổ hòa giải này."))
    return record_form_action(
        request,
        load=lambda: selectors.team_get(user=request.user, pk=pk),
        render=lambda t, status, bound: _render_team(request, t, status, bound),
        key=key,
        form=form,
        call=call,
        success=lambda t: success,
        redirect_to=reverse("mediation:team", args=[pk]),
        conflict_message=CONFLICT_MESSAGE,
    )


@login_required
@require_POST
def member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(team: Team, d: dict[str, Any]) -> None:
        services.member_add(
            team=team,
            actor=request.user,
            data=MemberInput(
                full_name=d["full_name"],
                role=d["role"],
                gender=d["gender"],
                from_on=d["from_on"],
                ethnicity=d.get("ethnicity") or "",
                decision_number=d.get("decision_number") or "",
                decision_date=d.get("decision_date"),
            ),
        )

    return _act_team(
        request,
        pk,
        key="member",
        form=MemberForm(request.POST),
        call=call,
        success=_("Đã bổ sung hòa giải viên."),
    )


@login_required
@require_POST
def member_end_view(request: HttpRequest, pk: int, mpk: int) -> HttpResponse:
    team = selectors.team_get(user=request.user, pk=pk)
    member = Member.objects.filter(team=team, pk=mpk).first()
    if member is None:
        raise Http404

    def call(t: Team, d: dict[str, Any]) -> None:
        services.member_end(member=member, actor=request.user, reason=d["reason"], on=d.get("on"))

    return _act_team(
        request,
        pk,
        key=f"end-{mpk}",
        form=MemberEndForm(request.POST, prefix=f"end-{mpk}"),
        call=call,
        success=_("Đã ghi việc thôi làm hòa giải viên."),
    )


@login_required
@require_POST
def team_dissolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(team: Team, d: dict[str, Any]) -> None:
        services.team_dissolve(
            team=team,
            actor=request.user,
            expected_version=d["expected_version"],
            reason=d["reason"],
            on=d.get("on"),
        )

    return _act_team(
        request,
        pk,
        key="dissolve",
        form=DissolveForm(request.POST),
        call=call,
        success=_("Đã giải thể tổ hòa giải."),
    )


# --- Statistics ----------------------------------------------------------------------------------


@login_required
@require_GET
def statistics_view(request: HttpRequest) -> HttpResponse:
    years = selectors.case_years(user=request.user)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    rows = selectors.statistics(user=request.user, year=year)
    return render(
        request,
        "mediation/statistics.html",
        {"rows": rows, "years": years, "year": year},
    )
