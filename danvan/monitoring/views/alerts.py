"""The alert pages, under /nam-tinh-hinh/canh-bao/: the list with its filters and the alert page
(the statistic in words, the weekly series as a server-drawn SVG chart with the threshold, the
evidence with links, and the moves: acknowledge, assign, close, link or open an issue report).

Views are thin: parse a form, call one service, redirect; a service error is shown next to the
field it names, a lost race reloads the page with a conflict message (409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from danvan.core.errors import Conflict, DomainError
from danvan.core.errors import PermissionDenied as DomainPermissionDenied
from danvan.core.topics import topic_choices, topic_label
from danvan.monitoring import permissions
from danvan.monitoring.models import Alert
from danvan.monitoring.selectors import alerts as selectors
from danvan.monitoring.services import alerts as services
from danvan.monitoring.states import AlertKind, AlertStatus

PAGE_SIZE = 30
REPORT_CHOICES_MAX = 50
CONFLICT_MESSAGE = gettext_lazy(
    "Cảnh báo vừa được người khác cập nhật trong lúc bạn thao tác. Trang đã được tải lại với "
    "thông tin mới nhất; hãy kiểm tra rồi thực hiện lại."
)


# --- Forms ----------------------------------------------------------------------------------


def _apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error next to the fields it names, the rest (and the message) on top."""
    placed = False
    for name, message in exc.fields.items():
        if name in form.fields and not isinstance(form.fields[name].widget, forms.HiddenInput):
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Loại cảnh báo"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)
    area = forms.CharField(
        label=gettext_lazy("Mã địa bàn"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Mã tỉnh hoặc xã, phường"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "status",
            [
                ("", _("Mọi trạng thái")),
                (selectors.OPEN, _("Chưa đóng")),
                *[(c, str(label)) for c, label in AlertStatus.choices],
            ],
        )
        self._choices(
            "kind", [("", _("Mọi loại")), *[(c, str(label)) for c, label in AlertKind.choices]]
        )
        self._choices("topic", [("", _("Mọi lĩnh vực")), *topic_choices()])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class AssignForm(VersionForm):
    assignee = forms.TypedChoiceField(label=gettext_lazy("Giao cho"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— Chọn người —")), *people]


class CloseForm(VersionForm):
    note = forms.CharField(
        label=gettext_lazy("Kết quả xử lý"),
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Đã nắm tình hình thế nào, đã làm gì; bắt buộc khi đóng."),
    )


class LinkForm(VersionForm):
    report = forms.TypedChoiceField(
        label=gettext_lazy("Vấn đề bức xúc đã có"), coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, reports: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— Chọn vấn đề —")), *reports]


# --- The chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # dd/mm of the week's Monday
    title: str
    current: bool  # the alert's week
    baseline: bool  # one of the weeks the expected count came from
    show_label: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom: float
    x_end: float
    label_y: float
    bars: list[Bar]
    threshold: int | None
    threshold_y: float | None
    expected: float | None
    expected_y: float | None
    expected_text: str
    ticks: list[tuple[int, float]]
    summary: str


def _nice_max(value: float) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return int(value) + 1


def alert_chart(alert: Alert) -> Chart | None:
    """The weekly series kept with a spike alert, as bars, with the threshold and the usual
    level as lines; None for rule alerts (nothing to draw)."""
    info = alert.explanation or {}
    series = info.get("series") or []
    if not series:
        return None
    width, height, left, top, bottom_pad = 640, 220, 36, 12, 28
    bottom = height - bottom_pad
    threshold = info.get("threshold")
    expected = info.get("expected")
    counts = [int(n) for _d, n in series]
    top_value = _nice_max(max([1, *counts, threshold or 0, expected or 0]) * 1.1)
    scale = (bottom - top) / top_value
    slot = (width - left - 8) / len(series)
    baseline = set(info.get("baseline_weeks") or [])
    current = str(info.get("week_start") or "")
    bars = []
    for i, (day, n) in enumerate(series):
        monday = dt.date.fromisoformat(day)
        h = int(n) * scale
        bars.append(
            Bar(
                x=round(left + i * slot + slot * 0.15, 1),
                y=round(bottom - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
                value=int(n),
                label=f"{monday:%d/%m}",
                title=_("Tuần %(start)s: %(n)d lượt")
                % {"start": f"{monday:%d/%m/%Y}", "n": int(n)},
                current=day == current,
                baseline=day in baseline,
                show_label=(len(series) - 1 - i) % 4 == 0,
            )
        )
    ticks = [(v, round(bottom - v * scale, 1)) for v in (0, top_value // 2, top_value)]
    summary = _(
        "Số lượt ghi nhận mỗi tuần trong %(n)d tuần, ngưỡng cảnh báo %(threshold)s lượt."
    ) % {"n": len(series), "threshold": threshold if threshold is not None else "—"}
    return Chart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        x_end=width - 4,
        label_y=height - 8,
        bars=bars,
        threshold=threshold,
        threshold_y=round(bottom - threshold * scale, 1) if threshold is not None else None,
        expected=expected,
        expected_y=round(bottom - expected * scale, 1) if expected is not None else None,
        expected_text=_number(expected) if expected is not None else "",
        ticks=ticks,
        summary=summary,
    )


def _number(value: float) -> str:
    from danvan.monitoring.hotspots import number_vi

    return number_vi(float(value))


def p_value_text(value: Any) -> str:
    """A tail probability for people: "0,0012", "< 0,000001"."""
    if value is None:
        return "—"
    p = float(value)
    if p < 1e-6:
        return "< 0,000001"
    return (f"{p:.6f}" if p < 1e-3 else f"{p:.4f}").replace(".", ",")


# --- Pages ----------------------------------------------------------------------------------


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AlertFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AlertFilters(
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        topic=data.get("topic") or "",
        area_code=data.get("area") or "",
    )
    page = Paginator(selectors.alert_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.alert_status_counts(user=user)
    query = [(k, str(v)) for k, v in request.GET.items() if k != "page" and v]
    return render(
        request,
        "monitoring/alert_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                {"alert": a, "topic_label": topic_label(a.topic) if a.topic else ""}
                for a in page.object_list
            ],
            "counts": [
                (code, label, counts.get(code, 0), urlencode({"status": code}))
                for code, label in AlertStatus.choices
            ],
            "total": sum(counts.values()),
            "querystring": urlencode(query),
        },
    )


def _people(alert: Alert) -> list[tuple[int, str]]:
    return selectors.alert_assignable_people(alert)


def _reports(request: HttpRequest, alert: Alert) -> list[tuple[int, str]]:
    return selectors.alert_report_choices(alert=alert, user=request.user, limit=REPORT_CHOICES_MAX)


def _page_context(
    request: HttpRequest, alert: Alert, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    actions = selectors.alert_allowed_actions(alert=alert, user=request.user)
    initial = {"expected_version": alert.version}
    info = alert.explanation or {}
    context: dict[str, Any] = {
        "alert": alert,
        "info": info,
        "topic_label": topic_label(alert.topic) if alert.topic else "",
        "p_text": p_value_text(info.get("p_value")),
        "chart": alert_chart(alert),
        "evidence": selectors.alert_evidence(alert=alert),
        "actions": actions,
        "can_view_report": alert.issue_report is not None
        and permissions.can_view(request.user, alert.issue_report),
        "ack_form": bound.get("ack") or VersionForm(initial=initial, prefix="ack"),
        "assign_form": None,
        "close_form": None,
        "link_form": None,
        "create_form": None,
        "open_form": next(iter(bound), ""),
    }
    if "assign" in actions:
        context["assign_form"] = bound.get("assign") or AssignForm(
            initial={**initial, "assignee": alert.assignee_id},
            people=_people(alert),
            prefix="assign",
        )
    if "close" in actions:
        context["close_form"] = bound.get("close") or CloseForm(initial=initial, prefix="close")
    if "link" in actions:
        context["link_form"] = bound.get("link") or LinkForm(
            initial=initial, reports=_reports(request, alert), prefix="link"
        )
        context["create_form"] = bound.get("create") or VersionForm(
            initial=initial, prefix="create"
        )
    return context


def _render(
    request: HttpRequest,
    alert: Alert,
    *,
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    return render(
        request, "monitoring/alert_detail.html", _page_context(request, alert, bound), status=status
    )


@login_required
@require_GET
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.alert_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    make_form: Callable[[Alert], forms.Form],
    call: Callable[[Alert, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Parse the form, run `call(alert, cleaned_data)`, redirect to the page; errors re-render."""
    alert = selectors.alert_get(user=request.user, pk=pk)
    if not permissions.can_act_on_alert(request.user, alert):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem cảnh báo này."))
    form = make_form(alert)
    if not form.is_valid():
        return _render(request, alert, status=400, bound={key: form})
    try:
        call(alert, form.cleaned_data)
    except Conflict:
        messages.error(request, str(CONFLICT_MESSAGE))
        return _render(request, selectors.alert_get(user=request.user, pk=pk), status=409)
    except DomainPermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except DomainError as exc:
        _apply_error(form, exc)
        fresh = selectors.alert_get(user=request.user, pk=pk)
        return _render(request, fresh, status=exc.status, bound={key: form})
    messages.success(request, success)
    return HttpResponseRedirect(reverse("monitoring:alert", args=[pk]))


def _post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return login_required(require_POST(view))


@_post_only
def alert_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="ack",
        make_form=lambda a: VersionForm(request.POST, prefix="ack"),
        call=lambda a, d: services.alert_acknowledge(
            alert=a, actor=request.user, expected_version=d["expected_version"]
        ),
        success=_("Đã tiếp nhận cảnh báo."),
    )


@_post_only
def alert_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="assign",
        make_form=lambda a: AssignForm(request.POST, people=_people(a), prefix="assign"),
        call=lambda a, d: services.alert_assign(
            alert=a,
            actor=request.user,
            assignee_id=d["assignee"],
            expected_version=d["expected_version"],
        ),
        success=_("Đã giao xử lý cảnh báo."),
    )


@_post_only
def alert_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="close",
        make_form=lambda a: CloseForm(request.POST, prefix="close"),
        call=lambda a, d: services.alert_close(
            alert=a, actor=request.user, note=d["note"], expected_version=d["expected_version"]
        ),
        success=_("Đã đóng cảnh báo."),
    )


@_post_only
def alert_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="link",
        make_form=lambda a: LinkForm(request.POST, reports=_reports(request, a), prefix="link"),
        call=lambda a, d: services.alert_link_report(
            alert=a,
            actor=request.user,
            expected_version=d["expected_version"],
            report_id=d["report"],
        ),
        success=_("Đã gắn cảnh báo với vấn đề bức xúc."),
    )


@_post_only
def alert_create_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="create",
        make_form=lambda a: VersionForm(request.POST, prefix="create"),
        call=lambda a, d: services.alert_link_report(
            alert=a, actor=request.user, expected_version=d["expected_version"], create=True
        ),
        success=_("Đã lập vấn đề bức xúc từ cảnh báo."),
    )


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/canh-bao/", alert_list, name="alerts"),
    path("nam-tinh-hinh/canh-bao/<int:pk>/", alert_detail, name="alert"),
    path(
        "nam-tinh-hinh/canh-bao/<int:pk>/tiep-nhan/",
        alert_acknowledge_view,
        name="alert_acknowledge",
    ),
    path("nam-tinh-hinh/canh-bao/<int:pk>/giao/", alert_assign_view, name="alert_assign"),
    path("nam-tinh-hinh/canh-bao/<int:pk>/dong/", alert_close_view, name="alert_close"),
    path("nam-tinh-hinh/canh-bao/<int:pk>/gan-van-de/", alert_link_view, name="alert_link"),
    path(
        "nam-tinh-hinh/canh-bao/<int:pk>/lap-van-de/",
        alert_create_report_view,
        name="alert_create_report",
    ),
]
