"""The Dân vận khéo pages: officers' list, registration, the model page (moves, councils,
recognition, replication, evidence), the council page (score sheets, closing), the counts (with
an XLSX export), and the citizens' public showcase under /cong-dan/dan-van-kheo/.

Views are thin: parse a form, call one service or selector, redirect; a service error is shown
next to the field it names (422), a lost race shows a conflict message (409).
"""

from __future__ import annotations

import io
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.files import UploadedFileInput
from danvan.core.forms.errors import apply_error
from danvan.core.models import Organization, User
from danvan.core.selectors.scope import visible_organization_ids
from danvan.core.views.files import stored_file_response
from danvan.practices import permissions, selectors, services
from danvan.practices.forms import (
    ROLE_WORDS,
    CloseForm,
    CouncilForm,
    CountsFilterForm,
    EvidenceForm,
    MoveForm,
    PracticeFilterForm,
    PracticeForm,
    RecognitionForm,
    ReplicationForm,
    ScoreForm,
    ShowcaseFilterForm,
)
from danvan.practices.inputs import (
    CouncilInput,
    MemberInput,
    PracticeInput,
    RecognitionInput,
    ReplicationInput,
    ScoreInput,
)
from danvan.practices.models import Evaluation, PracticeModel
from danvan.practices.services.councils import evaluation_result
from danvan.practices.states import (
    COUNCIL_STATES,
    EDITABLE_STATES,
    MANUAL_MOVES,
    CouncilStatus,
    Level,
    MemberRole,
    Status,
    allowed_targets,
)

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MOVE_LABELS: dict[str, Any] = {
    Status.LAUNCHED: gettext_lazy("Triển khai thực hiện"),
    Status.STOPPED: gettext_lazy("Dừng thực hiện mô hình"),
}


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("practices:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def council_url(pk: int) -> str:
    return reverse("practices:council", kwargs={"pk": pk})


def _org_choices(ids: set[int] | frozenset[int] | None, limit: int = 500) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return [(o.pk, o.name) for o in qs.order_by("level", "name")[:limit]]


def _filters_from(data: dict[str, Any]) -> selectors.PracticeFilters:
    return selectors.PracticeFilters(
        year=data.get("year"),
        period=data.get("period") or "",
        field=data.get("field") or "",
        status=data.get("status") or "",
        level=data.get("level") or "",
        organization_id=data.get("organization"),
        q=data.get("q") or "",
    )


# --- Officers' list and registration ---------------------------------------------------------


@login_required
@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PracticeFilterForm(
        request.GET or None,
        years=selectors.practice_years(user=user),
        organizations=_org_choices(visible_organization_ids(user), limit=300),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        selectors.practice_list(user=user, filters=_filters_from(data)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "practices/list.html",
        {
            "form": form,
            "page": page,
            "querystring": urlencode(query),
            "can_register": permissions.registering_organization_ids(user) != frozenset(),
        },
    )


def _registering_orgs(user: Any) -> list[tuple[int, str]]:
    return _org_choices(permissions.registering_organization_ids(user))


def _practice_form(
    user: Any, data: Any = None, *, model: PracticeModel | None = None
) -> PracticeForm:
    from danvan.coordination.selectors import document_choices

    themes = [(t.pk, f"{t.year} — {t.title}") for t in selectors.themes_for()]
    documents = document_choices(user=user, limit=100)
    if model is not None and model.document_id and model.document_id not in dict(documents):
        documents.insert(0, (int(model.document_id), str(model.document)))
    orgs = [(model.organization_id, model.organization.name)] if model else _registering_orgs(user)
    initial: dict[str, Any] = {}
    if model is not None:
        initial = {
            f: getattr(model, f)
            for f in PracticeForm.base_fields
            if f not in ("organization", "theme", "document", "expected_version")
        }
        initial.update(
            organization=model.organization_id,
            theme=model.theme_id,
            document=model.document_id,
            expected_version=model.version,
        )
    return PracticeForm(
        data, initial=initial, organizations=orgs, themes=themes, documents=documents
    )


def _input_from(d: dict[str, Any]) -> PracticeInput:
    return PracticeInput(
        organization_id=d["organization"],
        registrant_kind=d["registrant_kind"],
        registrant_name=d["registrant_name"],
        field=d["field"],
        name=d["name"],
        rationale=d["rationale"],
        objectives=d["objectives"],
        success_criteria=d["success_criteria"],
        content_method=d["content_method"],
        area_note=d["area_note"],
        beneficiaries=d["beneficiaries"],
        lead_forces=d["lead_forces"],
        partner_forces=d["partner_forces"],
        resources=d["resources"],
        start_on=d["start_on"],
        end_on=d["end_on"],
        outputs=d["outputs"],
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
        theme_id=d["theme"],
        document_id=d["document"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if permissions.registering_organization_ids(user) == frozenset():
        raise DjangoPermissionDenied(_("Bạn không có quyền đăng ký mô hình."))
    if request.method == "GET":
        return render(request, "practices/form.html", {"form": _practice_form(user)})
    form = _practice_form(user, request.POST)
    status = 400
    if form.is_valid():
        data = _input_from(form.cleaned_data)
        try:
            model = services.practice_register(actor=user, data=data)
        except DomainPermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except DomainError as exc:
            apply_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Đã đăng ký mô hình “%(name)s”.") % {"name": model.name})
            return HttpResponseRedirect(detail_url(model.pk))
    return render(request, "practices/form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    model = selectors.practice_get(user=user, pk=pk)
    if not permissions.can_manage(user, model) or model.status not in EDITABLE_STATES:
        raise DjangoPermissionDenied(_("Bạn không sửa được thông tin mô hình này."))
    context: dict[str, Any] = {"model": model, "editing": True}
    if request.method == "GET":
        return render(
            request, "practices/form.html", {**context, "form": _practice_form(user, model=model)}
        )
    form = _practice_form(user, request.POST, model=model)
    status = 400
    if form.is_valid():
        try:
            services.practice_update(
                model=model,
                actor=user,
                data=_input_from(form.cleaned_data),
                expected_version=form.cleaned_data["expected_version"] or model.version,
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin mô hình."))
            return HttpResponseRedirect(detail_url(model.pk))
    return render(request, "practices/form.html", {**context, "form": form}, status=status)


# --- The model page --------------------------------------------------------------------------


def _page_context(
    request: HttpRequest, model: PracticeModel, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    can_manage = permissions.can_manage(user, model)
    moves = []
    if can_manage:
        for to in allowed_targets(model.status):
            if to not in MANUAL_MOVES:
                continue
            if to == Status.LAUNCHED and model.status == Status.EVALUATED and model.passed:
                continue
            label = MOVE_LABELS[to]
            if to == Status.LAUNCHED and model.status == Status.EVALUATED:
                label = _("Tiếp tục triển khai (chưa đạt)")
            moves.append(
                {
                    "to": to,
                    "label": label,
                    "form": bound.get(f"move-{to}")
                    or MoveForm(initial={"expected_version": model.version}),
                    "open": f"move-{to}" in bound,
                }
            )
    evaluations = selectors.practice_evaluations(model=model)
    has_open = any(e.status == CouncilStatus.OPEN for e in evaluations)
    council_orgs = (
        permissions.council_organizations(user, model)
        if model.status in COUNCIL_STATES and not has_open
        else []
    )
    council_form = None
    if council_orgs:
        council_form = bound.get("council") or CouncilForm(
            initial={"expected_version": model.version},
            organizations=[(o.pk, o.name) for o in council_orgs],
        )
    levels = (
        permissions.recognising_levels(user, model)
        if model.status == Status.EVALUATED and model.passed
        else []
    )
    recognition_form = None
    if levels:
        recognition_form = bound.get("recognise") or RecognitionForm(
            initial={"expected_version": model.version}, levels=levels
        )
    replication_form = None
    if model.status in (Status.RECOGNISED, Status.REPLICATED) and (
        can_manage or permissions.recognising_levels(user, model)
    ):
        replication_form = bound.get("replicate") or ReplicationForm(
            initial={"expected_version": model.version}
        )
    return {
        "model": model,
        "can_manage": can_manage,
        "moves": moves,
        "evaluations": evaluations,
        "council_form": council_form,
        "recognition_form": recognition_form,
        "replication_form": replication_form,
        "evidence_form": bound.get("evidence") or (EvidenceForm() if can_manage else None),
        "evidence": selectors.practice_evidence(model=model),
        "replications": list(
            model.replications.select_related("area", "organization").order_by("started_on", "id")
        ),
        "status_label": Status(model.status).label,
        "can_edit": can_manage and model.status in EDITABLE_STATES,
    }


def _render_page(
    request: HttpRequest, model: PracticeModel, bound: dict[str, forms.Form], status: int
) -> HttpResponse:
    return render(
        request, "practices/detail.html", _page_context(request, model, bound), status=status
    )


@login_required
@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    return render(request, "practices/detail.html", _page_context(request, model))


def _failed(form: forms.Form, exc: DomainError) -> int:
    if isinstance(exc, DomainPermissionDenied):
        raise DjangoPermissionDenied(exc.message)
    if isinstance(exc, Conflict):
        form.add_error(None, exc.message)
    else:
        apply_error(form, exc)
    return exc.status


@login_required
@require_POST
def practice_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.practice_transition(
                model=model,
                actor=request.user,
                to=to,
                expected_version=d["expected_version"],
                on=d["on"],
                note=d["note"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
            model = selectors.practice_get(user=request.user, pk=pk)
        else:
            messages.success(
                request, _("Mô hình chuyển sang: %(s)s.") % {"s": Status(model.status).label}
            )
            return HttpResponseRedirect(detail_url(model.pk))
    return _render_page(request, model, {f"move-{to}": form}, status)


def _members(raw: str) -> list[MemberInput]:
    """One member per line: "Name; title; role", an account as "[username]" in the line."""
    members: list[MemberInput] = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        user_id = None
        match = re.search(r"\[([^\]]+)\]", line)
        if match:
            user = User.objects.filter(username=match.group(1).strip(), is_active=True).first()
            user_id = user.pk if user else -1
            line = (line[: match.start()] + line[match.end() :]).strip()
        parts = [p.strip() for p in line.split(";")]
        role: str = MemberRole.MEMBER
        if len(parts) >= 3:
            role = ROLE_WORDS.get(parts[2].lower(), MemberRole.MEMBER)
        members.append(
            MemberInput(
                full_name=parts[0],
                title=parts[1] if len(parts) > 1 else "",
                role=role,
                user_id=user_id,
            )
        )
    return members


@login_required
@require_POST
def council_open(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    orgs = permissions.council_organizations(request.user, model)
    form = CouncilForm(request.POST, organizations=[(o.pk, o.name) for o in orgs])
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = services.evaluation_open(
                model=model,
                actor=request.user,
                data=CouncilInput(
                    council_org_id=d["council_org"],
                    held_on=d["held_on"],
                    members=_members(d["members"]),
                    expected_version=d["expected_version"],
                    council_decision=d["council_decision"],
                ),
            )
        except DomainError as exc:
            status = _failed(form, exc)
            model = selectors.practice_get(user=request.user, pk=pk)
        else:
            messages.success(request, _("Đã thành lập hội đồng đánh giá."))
            return HttpResponseRedirect(council_url(evaluation.pk))
    return _render_page(request, model, {"council": form}, status)


@login_required
@require_POST
def practice_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    levels = permissions.recognising_levels(request.user, model) or list(Level.values)
    form = RecognitionForm(request.POST, levels=levels)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.practice_recognise(
                model=model,
                actor=request.user,
                data=RecognitionInput(
                    level=d["level"],
                    decision_number=d["decision_number"],
                    decision_date=d["decision_date"],
                    decision_issuer=d["decision_issuer"],
                    expected_version=d["expected_version"],
                ),
            )
        except DomainError as exc:
            status = _failed(form, exc)
            model = selectors.practice_get(user=request.user, pk=pk)
        else:
            messages.success(request, _("Đã công nhận mô hình."))
            return HttpResponseRedirect(detail_url(model.pk))
    return _render_page(request, model, {"recognise": form}, status)


@login_required
@require_POST
def practice_replicate(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    form = ReplicationForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.replication_add(
                model=model,
                actor=request.user,
                data=ReplicationInput(
                    started_on=d["started_on"],
                    expected_version=d["expected_version"],
                    area_code=d["area_code"],
                    site_name=d["site_name"],
                    note=d["note"],
                ),
            )
        except DomainError as exc:
            status = _failed(form, exc)
            model = selectors.practice_get(user=request.user, pk=pk)
        else:
            messages.success(request, _("Đã ghi nhận nơi nhân rộng mô hình."))
            return HttpResponseRedirect(detail_url(model.pk, "nhan-rong"))
    return _render_page(request, model, {"replicate": form}, status)


def _uploads(request: HttpRequest, form: EvidenceForm) -> list[UploadedFileInput]:
    return [
        UploadedFileInput(name=f.name or "", data=f.read())
        for f in form.cleaned_data.get("attachments") or []
    ]


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.practice_get(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.evidence_add(
                model=model,
                actor=request.user,
                files=_uploads(request, form),
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Đã thêm minh chứng."))
            return HttpResponseRedirect(detail_url(model.pk, "minh-chung"))
    return _render_page(request, model, {"evidence": form}, status)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.evidence_get(user=request.user, pk=pk)
    return stored_file_response(
        item.file, filename=item.original_name or "minh-chung", content_type=item.content_type
    )


# --- The council page ------------------------------------------------------------------------


def _council_context(
    request: HttpRequest, evaluation: Evaluation, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    criteria = list(evaluation.criteria_set.criteria.order_by("position", "id"))
    members = list(evaluation.members.select_related("user").prefetch_related("scores__criterion"))
    is_open = evaluation.status == CouncilStatus.OPEN
    rows = []
    for m in members:
        marks = {s.criterion.code: s.points for s in m.scores.all()}
        form = None
        if is_open and permissions.can_score(user, evaluation, m):
            initial: dict[str, Any] = {"expected_version": evaluation.version, "member": m.pk}
            initial.update({f"points_{k}": v for k, v in marks.items()})
            form = bound.get(f"score-{m.pk}") or ScoreForm(
                initial=initial, criteria=criteria, prefix=f"m{m.pk}"
            )
        rows.append(
            {
                "member": m,
                "marks": [marks.get(c.code) for c in criteria],
                "complete": all(c.code in marks for c in criteria),
                "form": form,
                "open": f"score-{m.pk}" in bound,
            }
        )
    can_run = permissions.can_run_council(user, evaluation)
    result = evaluation_result(evaluation) if is_open else None
    return {
        "evaluation": evaluation,
        "model": evaluation.model,
        "criteria": criteria,
        "rows": rows,
        "is_open": is_open,
        "can_run": can_run,
        "preview": result,
        "breakdown": [(c, evaluation.breakdown.get(c.code)) for c in criteria]
        if not is_open
        else [],
        "close_form": (
            bound.get("close") or CloseForm(initial={"expected_version": evaluation.version})
        )
        if is_open and can_run
        else None,
        "evidence_form": bound.get("evidence") or (EvidenceForm() if can_run else None),
        "evidence": list(evaluation.evidence.order_by("id")),
    }


@login_required
@require_GET
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    return render(request, "practices/council.html", _council_context(request, evaluation))


@login_required
@require_POST
def score_add(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    criteria = list(evaluation.criteria_set.criteria.order_by("position", "id"))
    form = ScoreForm(request.POST, criteria=criteria, prefix=f"m{member}")
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.score_record(
                evaluation=evaluation,
                actor=request.user,
                data=ScoreInput(
                    member_id=member,
                    points={c.code: d[f"points_{c.code}"] for c in criteria},
                    expected_version=d["expected_version"],
                ),
            )
        except DomainError as exc:
            status = _failed(form, exc)
            evaluation = selectors.evaluation_get(user=request.user, pk=pk)
        else:
            messages.success(request, _("Đã ghi phiếu chấm điểm."))
            return HttpResponseRedirect(council_url(evaluation.pk))
    return render(
        request,
        "practices/council.html",
        _council_context(request, evaluation, {f"score-{member}": form}),
        status=status,
    )


@login_required
@require_POST
def council_close(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    form = CloseForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.evaluation_close(
                evaluation=evaluation,
                actor=request.user,
                expected_version=d["expected_version"],
                conclusion=d["conclusion"],
                on=d["on"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
            evaluation = selectors.evaluation_get(user=request.user, pk=pk)
        else:
            messages.success(
                request,
                _("Hội đồng đã kết luận: %(score)s điểm, %(result)s.")
                % {
                    "score": evaluation.score,
                    "result": _("đạt") if evaluation.passed else _("chưa đạt"),
                },
            )
            return HttpResponseRedirect(detail_url(evaluation.model_id))
    return render(
        request,
        "practices/council.html",
        _council_context(request, evaluation, {"close": form}),
        status=status,
    )


@login_required
@require_POST
def council_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.evidence_add(
                model=evaluation.model,
                actor=request.user,
                files=_uploads(request, form),
                evaluation=evaluation,
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Đã thêm minh chứng."))
            return HttpResponseRedirect(council_url(evaluation.pk) + "#minh-chung")
    return render(
        request,
        "practices/council.html",
        _council_context(request, evaluation, {"evidence": form}),
        status=status,
    )


# --- Counts ----------------------------------------------------------------------------------


@login_required
@require_GET
def practice_counts(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CountsFilterForm(
        request.GET or None,
        periods=[(p.code, p.name) for p in selectors.periods()],
        years=selectors.practice_years(user=user),
        organizations=_org_choices(visible_organization_ids(user), limit=300),
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    counts = selectors.practice_counts(user=user, filters=_filters_from(data))
    if request.GET.get("format") == "xlsx":
        return _counts_xlsx(counts)
    query = {k: str(v) for k, v in request.GET.items() if k != "format" and v}
    return render(
        request,
        "practices/counts.html",
        {"form": form, "counts": counts, "querystring": urlencode(query)},
    )


def _counts_xlsx(counts: selectors.Counts) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Thống kê")
    header = [
        _("Nhóm"),
        _("Giá trị"),
        _("Đăng ký"),
        _("Đã triển khai"),
        _("Đã đánh giá"),
        _("Đã công nhận"),
        _("Đã nhân rộng"),
    ]
    sheet.append(header)
    groups = [
        (_("Tổng số"), [counts.total]),
        (_("Lĩnh vực"), counts.by_field),
        (_("Cấp công nhận"), counts.by_level),
        (_("Năm"), counts.by_year),
        (_("Đơn vị đăng ký"), counts.by_unit),
    ]
    for title, rows in groups:
        for r in rows:
            sheet.append(
                [
                    title,
                    r.label or str(r.key or ""),
                    r.total,
                    r.launched,
                    r.evaluated,
                    r.recognised,
                    r.replicated,
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="thong-ke-dan-van-kheo.xlsx"'
    return response


# --- The public showcase ---------------------------------------------------------------------


@require_GET
def showcase(request: HttpRequest) -> HttpResponse:
    form = ShowcaseFilterForm(request.GET or None, years=selectors.showcase_years())
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ShowcaseFilters(
        field=data.get("field") or "",
        level=data.get("level") or "",
        year=data.get("year"),
        q=data.get("q") or "",
    )
    page = Paginator(selectors.showcase_list(filters=filters), 20).get_page(request.GET.get("page"))
    query = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "practices/showcase.html",
        {"form": form, "page": page, "querystring": urlencode(query)},
    )


@require_GET
def showcase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.showcase_get(pk=pk)
    return render(request, "practices/showcase_detail.html", {"m": row})
