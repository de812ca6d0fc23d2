"""Writes of periodic reports: settings, requests to units, drafts, submission, review.

Figures are computed, never typed: a draft shows them live; `report_submit` freezes this
period's and the previous period's values (and the lower units' table and the trends) into
`Report.figures`, gives the report its number the first time it is issued, and puts nothing
half-written behind: every write runs in one transaction, with its audit event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.documents import (
    document_number_next,
    format_party_number,
    org_abbreviation,
    org_kind,
)
from danvan.core.errors import Conflict, NotFound, PermissionDenied
from danvan.core.models import Organization, OrgLevel
from danvan.core.services.audit import audit_record
from danvan.core.services.common import field_error as _fail
from danvan.core.services.common import today as _today
from danvan.core.services.inputs import clean_text
from danvan.core.services.versioning import versioned_update
from danvan.reports import permissions
from danvan.reports.deadlines import report_obligations_sync
from danvan.reports.indicators import (
    Number,
    Window,
    coverage_for,
    figures_compute,
    indicators_all,
    series_compute,
    windows_config,
)
from danvan.reports.models import Report, ReportProfile, ReportRequest, ReportReview
from danvan.reports.periods import KINDS, Period, PeriodError, period_parse, period_previous
from danvan.reports.states import EDITABLE, SECTIONS, Format, ReviewAction, Status

TITLE_MAX = 300
TEXT_MAX = 20_000
NOTE_MAX = 2_000
RESULTS_MIN = 20  # a submitted report says something about its results
NUMBER_SYMBOL = "BC"

# Trend charts: petitions received and resolved, by month (by year for a multi-year review).
TREND_CODES: tuple[str, ...] = ("petitions.received", "petitions.resolved")

DEFAULT_SUBJECT = "Kết quả công tác dân vận, tiếp công dân và giải quyết đơn thư"


# --- settings ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileSettings:
    cut_day: int
    doc_format: str
    signer_name: str
    signer_title: str
    recipients: list[str]


def default_signer_title(organization: Organization, doc_format: str) -> str:
    signer = org_kind(organization)["signer"]
    if doc_format == Format.PARTY:
        return signer
    if organization.kind == "ubnd":
        return f"TM. ỦY BAN NHÂN DÂN\n{signer}"
    return signer


def default_recipients(organization: Organization) -> list[str]:
    lines = []
    if organization.parent is not None:
        lines.append(organization.parent.name)
    lines.append("Lưu: VT")
    return lines


def profile_settings(organization: Organization) -> ProfileSettings:
    """The organisation's report settings, its own where set, the defaults otherwise."""
    config = windows_config()
    profile = ReportProfile.objects.filter(organization=organization).first()
    cut = (profile.cut_day if profile else None) or int(
        config["cut_day_by_kind"].get(organization.kind, config["cut_day"])
    )
    doc_format = (profile.doc_format if profile else "") or config["format_by_kind"].get(
        organization.kind, Format.STATE
    )
    recipients = [
        line.strip(" -\t")
        for line in ((profile.recipients if profile else "") or "").splitlines()
        if line.strip(" -\t")
    ]
    return ProfileSettings(
        cut_day=cut,
        doc_format=doc_format,
        signer_name=(profile.signer_name if profile else "") or "",
        signer_title=(profile.signer_title if profile else "")
        or default_signer_title(organization, doc_format),
        recipients=recipients or default_recipients(organization),
    )


def profile_update(
    *, actor: Any, organization: Organization, data: dict[str, Any]
) -> ReportProfile:
    if not permissions.can_manage_at(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền sửa cấu hình báo cáo của đơn vị này."))
    cut_raw = data.get("cut_day")
    cut: int | None = None
    if cut_raw not in (None, ""):
        try:
            cut = int(cut_raw)
        except (TypeError, ValueError):
            cut = 0
        if not 1 <= cut <= 28:
            raise _fail(
                "cut_day", _("Ngày chốt số liệu là một số từ 1 đến 28 (để trống: ngày 15).")
            )
    doc_format = str(data.get("doc_format") or "")
    if doc_format and doc_format not in Format.values:
        raise _fail("doc_format", _("Thể thức văn bản không hợp lệ."))
    values = {
        "cut_day": cut,
        "doc_format": doc_format,
        "signer_name": clean_text(data.get("signer_name"), field="signer_name", limit=200),
        "signer_title": clean_text(
            data.get("signer_title"), field="signer_title", limit=200, multiline=True
        ),
        "recipients": clean_text(
            data.get("recipients"), field="recipients", limit=NOTE_MAX, multiline=True
        ),
    }
    with transaction.atomic():
        profile, _created = ReportProfile.objects.get_or_create(organization=organization)
        changes = {
            k: (getattr(profile, k), v) for k, v in values.items() if getattr(profile, k) != v
        }
        for k, v in values.items():
            setattr(profile, k, v)
        profile.save()
        if changes:
            audit_record(
                actor=actor,
                verb="report_profile.update",
                target=organization,
                target_label=str(organization),
                changes=changes,
            )
    return profile


# --- periods ----------------------------------------------------------------------


def period_for(organization: Organization, kind: str, code: str) -> Period:
    """The period `code` names for `organization` (its cut day), or a ValidationFailed."""
    try:
        return period_parse(kind, code, profile_settings(organization).cut_day)
    except PeriodError as exc:
        raise _fail("period", str(exc), code="bad_period") from exc


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise _fail(
            "kind",
            _("Loại báo cáo «%(kind)s» không hợp lệ: dùng %(values)s.")
            % {"kind": kind, "values": ", ".join(KINDS)},
        )
    return kind


def default_title(period: Period) -> str:
    return f"{DEFAULT_SUBJECT} {period.label}"


def default_due(period: Period) -> dt.date:
    days = int(windows_config()["due_after_days"].get(period.kind, 5))
    return period.end + dt.timedelta(days=days)


# --- figures ----------------------------------------------------------------------


def _plain(value: Number | None) -> str | None:
    return None if value is None else str(value)


def figures_snapshot(
    organization: Organization,
    window: Window,
    previous: Window,
    *,
    request: ReportRequest | None = None,
    period: Period | None = None,
) -> dict[str, Any]:
    """Everything a report shows that is computed: both periods' values, the lower units'
    table (from their own reports to this unit for the same period), the trends."""
    coverage = coverage_for(organization)
    now_values = figures_compute(coverage, window)
    before = figures_compute(coverage, previous)
    snapshot: dict[str, Any] = {
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "values": {code: [_plain(v), _plain(before.get(code))] for code, v in now_values.items()},
        "units": units_table(organization, period) if period is not None else [],
        "trends": trends_compute(coverage, window, period.kind if period else "ad-hoc"),
    }
    return snapshot


def _sub_windows(window: Window, kind: str) -> list[tuple[str, Window]]:
    """The window cut into report months (from the window's start day: with the cut on the 15th,
    15/12–14/01 is month 1), or report years for a multi-year review; none for a month."""
    if kind == "month" or (window.end - window.start).days < 40:
        return []
    parts: list[tuple[str, Window]] = []
    if kind == "multi-year":
        start = window.start
        while start <= window.end:
            end = min(start.replace(year=start.year + 1) - dt.timedelta(days=1), window.end)
            parts.append((str(end.year), Window(start, end)))
            start = end + dt.timedelta(days=1)
        return parts
    start = window.start
    while start <= window.end:
        month_after = (
            start.replace(year=start.year + 1, month=1)
            if start.month == 12
            else start.replace(month=start.month + 1)
        )
        end = min(month_after - dt.timedelta(days=1), window.end)
        parts.append((f"{end.month:02d}/{end.year}", Window(start, end)))
        start = end + dt.timedelta(days=1)
    return parts[:36]


def trends_compute(coverage: Any, window: Window, kind: str) -> list[dict[str, Any]]:
    parts = _sub_windows(window, kind)
    if not parts:
        return []
    labels = {i.code: i.label for i in indicators_all()}
    values = series_compute(coverage, [part for _label, part in parts], TREND_CODES)
    series: dict[str, list[float]] = {
        labels[code]: [float(v or 0) for v in values[code]]
        for code in TREND_CODES
        if code in values
    }
    return [
        {
            "title": "Đơn thư tiếp nhận và giải quyết theo "
            + ("năm" if kind == "multi-year" else "tháng"),
            "unit": "đơn",
            "labels": [label for label, _part in parts],
            "series": series,
        }
    ]


UNIT_CODES: tuple[str, ...] = (
    "reception.visitors",
    "petitions.received",
    "petitions.resolved",
    "petitions.resolved_on_time_pct",
    "dialogues.held",
    "issues.reported",
)


def units_table(organization: Organization, period: Period) -> list[dict[str, Any]]:
    """One row per unit this body asked for the same report: its frozen figures and status."""
    rows: list[dict[str, Any]] = []
    reports = (
        Report.objects.filter(
            request__organization=organization,
            request__kind=period.kind,
            request__period_code=period.code,
        )
        .select_related("organization")
        .order_by("organization__name")
    )
    for report in reports:
        sent = report.status in (Status.SUBMITTED, Status.ACCEPTED)
        values = report.figures.get("values", {}) if sent else {}
        if report.status == Status.ACCEPTED:
            status = f"Đã tiếp nhận ({report.issued_on:%d/%m/%Y})" if report.issued_on else ""
        elif report.status == Status.SUBMITTED and report.issued_on:
            status = f"Đã gửi {report.issued_on:%d/%m/%Y}"
        elif report.status == Status.RETURNED:
            status = "Bị trả lại, chưa gửi lại"
        else:
            status = "Chưa gửi"
        rows.append(
            {
                "name": report.organization.name,
                "code": report.organization.code,
                "status": status,
                "values": {c: (values.get(c) or [None])[0] for c in UNIT_CODES},
            }
        )
    return rows


def live_values(report: Report) -> dict[str, Any]:
    """The report's figures: frozen once submitted, computed now for a draft."""
    if report.status not in EDITABLE and report.figures:
        return report.figures
    period = report_period(report)
    previous = period_previous(period)
    return figures_snapshot(
        report.organization,
        Window(report.window_start, report.window_end),
        Window(previous.start, previous.end),
        request=report.request,
        period=period,
    )


def report_period(report: Report) -> Period:
    """The report's period with its stored window (a request's window may use the asking
    unit's cut day, not the reporting unit's)."""
    asker = report.request.organization if report.request is not None else report.organization
    cut = profile_settings(asker).cut_day
    try:
        period = period_parse(report.kind, report.period_code, cut)
    except PeriodError:
        period = Period(
            report.kind,
            report.period_code,
            report.period_label,
            report.window_start,
            report.window_end,
            report.window_end.year,
            cut,
        )
    if (period.start, period.end) != (report.window_start, report.window_end):
        period = Period(
            period.kind,
            period.code,
            period.label,
            report.window_start,
            report.window_end,
            period.year,
            cut,
        )
    return period


def value_parse(text: str | None) -> Number | None:
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else value


# --- requests ----------------------------------------------------------------------


def request_candidates(organization: Organization) -> list[Organization]:
    """The units a body usually asks: the bodies of the same kind in its communes (a province
    People's Committee asks the commune People's Committees), else the bodies directly below."""
    qs = Organization.objects.filter(is_active=True).select_related("area")
    if organization.level == OrgLevel.PROVINCE and organization.area_id is not None:
        same_kind = list(
            qs.filter(
                level=OrgLevel.COMMUNE,
                area__parent_id=organization.area_id,
                kind=organization.kind,
            ).order_by("name")
        )
        if organization.kind == "ban_tgdv" and not same_kind:
            same_kind = list(
                qs.filter(
                    level=OrgLevel.COMMUNE, area__parent_id=organization.area_id, kind="dang_uy"
                ).order_by("name")
            )
        if same_kind:
            return same_kind
    if organization.level == OrgLevel.NATIONAL:
        provinces = list(
            qs.filter(level=OrgLevel.PROVINCE, kind=organization.kind).order_by("name")
        )
        if provinces:
            return provinces
    return list(qs.filter(parent=organization).order_by("name"))


def request_create(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    period_code: str,
    unit_ids: Sequence[int],
    title: str = "",
    due_on: dt.date | None = None,
    note: str = "",
) -> ReportRequest:
    """Ask `unit_ids` for a report of `kind` over `period_code`: one draft per unit, at once."""
    if not permissions.can_manage_at(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền yêu cầu báo cáo thay đơn vị này."))
    _check_kind(kind)
    period = period_for(organization, kind, period_code)
    units = list(
        Organization.objects.filter(pk__in=list(unit_ids), is_active=True).select_related(
            "parent", "area"
        )
    )
    if not units:
        raise _fail("units", _("Chọn ít nhất một đơn vị phải báo cáo."))
    if len(units) != len(set(unit_ids)):
        raise _fail("units", _("Có đơn vị không tồn tại hoặc đã ngừng hoạt động."))
    if any(u.pk == organization.pk for u in units):
        raise _fail("units", _("Đơn vị yêu cầu không tự báo cáo cho chính mình."))
    allowed = {o.pk for o in request_candidates(organization)} | set(
        coverage_for(organization).organization_ids
    )
    outside = [u.name for u in units if u.pk not in allowed]
    if outside and not coverage_for(organization).everything:
        raise _fail(
            "units",
            _("Đơn vị không thuộc phạm vi của %(org)s: %(names)s.")
            % {"org": organization.name, "names": ", ".join(outside[:5])},
        )
    due = due_on or default_due(period)
    if due < period.start:
        raise _fail("due_on", _("Hạn gửi báo cáo không được trước ngày bắt đầu kỳ số liệu."))
    title = clean_text(title, field="title", limit=TITLE_MAX) or default_title(period)
    note = clean_text(note, field="note", limit=NOTE_MAX, multiline=True)
    with transaction.atomic():
        request = ReportRequest.objects.create(
            organization=organization,
            kind=kind,
            period_code=period.code,
            period_label=period.label,
            window_start=period.start,
            window_end=period.end,
            title=title,
            due_on=due,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        for unit in units:
            report = _report_new(
                actor=actor,
                organization=unit,
                period=period,
                title=title,
                request=request,
                due_on=due,
            )
            report_obligations_sync(report)
        audit_record(
            actor=actor,
            verb="report_request.create",
            target=request,
            target_label=str(request),
            changes={"due_on": (None, due.isoformat()), "units": (None, len(units))},
        )
    return request


# --- reports ----------------------------------------------------------------------


def _report_new(
    *,
    actor: Any,
    organization: Organization,
    period: Period,
    title: str,
    request: ReportRequest | None,
    due_on: dt.date | None,
) -> Report:
    settings = profile_settings(organization)
    report = Report.objects.create(
        organization=organization,
        request=request,
        kind=period.kind,
        period_code=period.code,
        period_label=period.label,
        window_start=period.start,
        window_end=period.end,
        title=title,
        doc_format=settings.doc_format,
        due_on=due_on,
        recipients="\n".join(settings.recipients),
        signer_name=settings.signer_name,
        signer_title=settings.signer_title,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        verb="report.create",
        target=report,
        target_label=str(report),
        changes={"title": (None, title)},
    )
    return report


def report_create(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    period_code: str,
    title: str = "",
    due_on: dt.date | None = None,
) -> Report:
    """A unit's own report (not asked for in the system, e.g. a province to the centre)."""
    if not permissions.can_manage_at(actor, organization):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo của đơn vị này."))
    _check_kind(kind)
    period = period_for(organization, kind, period_code)
    title = clean_text(title, field="title", limit=TITLE_MAX) or default_title(period)
    if Report.objects.filter(
        organization=organization, kind=kind, period_code=period.code, request__isnull=True
    ).exists():
        raise Conflict(
            _("%(org)s đã có báo cáo %(period)s; mở báo cáo đó để sửa.")
            % {"org": organization.name, "period": period.label},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            report = _report_new(
                actor=actor,
                organization=organization,
                period=period,
                title=title,
                request=None,
                due_on=due_on,
            )
            report_obligations_sync(report)
    except IntegrityError as exc:  # a concurrent create of the same report
        raise Conflict(
            _("%(org)s đã có báo cáo %(period)s.")
            % {"org": organization.name, "period": period.label},
            code="duplicate",
        ) from exc
    return report


EDIT_FIELDS: tuple[str, ...] = (
    "title",
    *(name for name, _label in SECTIONS),
    "recipients",
    "signer_name",
    "signer_title",
)


def _conflict() -> Conflict:
    return Conflict(
        _("Báo cáo vừa được người khác thay đổi; tải lại trang để xem bản mới rồi làm lại."),
        code="stale",
    )


def _require_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise Conflict(
            _("Báo cáo đã gửi, không sửa được nữa (trừ khi cấp trên trả lại)."),
            code="not_editable",
        )


def report_update(
    *, actor: Any, report: Report, expected_version: int, data: dict[str, Any]
) -> Report:
    """Change the narrative, title, recipients or signer of a draft or returned report."""
    if not permissions.can_write(actor, report):
        raise PermissionDenied(_("Bạn không có quyền sửa báo cáo này."))
    _require_editable(report)
    values: dict[str, Any] = {}
    for name in EDIT_FIELDS:
        if name not in data:
            continue
        if name == "title":
            values[name] = clean_text(
                data[name],
                field=name,
                limit=TITLE_MAX,
                required=_("Trích yếu báo cáo không được để trống."),
            )
        elif name in ("signer_name",):
            values[name] = clean_text(data[name], field=name, limit=200)
        elif name == "signer_title":
            values[name] = clean_text(data[name], field=name, limit=200, multiline=True)
        else:
            values[name] = clean_text(data[name], field=name, limit=TEXT_MAX, multiline=True)
    changes = {k: (getattr(report, k), v) for k, v in values.items() if getattr(report, k) != v}
    with transaction.atomic():
        if not versioned_update(report, expected_version=expected_version, **values):
            raise _conflict()
        if changes:
            audit_record(
                actor=actor,
                verb="report.update",
                target=report,
                target_label=str(report),
                changes=changes,
            )
    return report


def _party_number(sequence: int, organization: Organization) -> str:
    return format_party_number(sequence, NUMBER_SYMBOL, party_abbreviation(organization))


def party_abbreviation(organization: Organization) -> str:
    """The body's part of a Party number ("12-BC/BTGDVTU"): its short name, else by kind and
    level (Tỉnh ủy "TU", Đảng ủy "ĐU"; a Ban of the Tỉnh ủy adds "TU")."""
    if organization.short_name.strip():
        return organization.short_name.strip()
    suffix = "TU" if organization.level == OrgLevel.PROVINCE else "ĐU"
    if organization.kind == "dang_uy":
        return suffix
    if organization.kind == "ban_tgdv":
        return f"BTGDV{suffix}"
    return org_abbreviation(organization)


def number_symbol(report: Report) -> str:
    """What a draft prints after the blank number: "/BC-UBND", or "-BC/BTGDVTU"."""
    organization = report.organization
    if report.doc_format == Format.PARTY:
        return f"-{NUMBER_SYMBOL}/{party_abbreviation(organization)}"
    return f"/{NUMBER_SYMBOL}-{org_abbreviation(organization)}"


def report_submit(
    *, actor: Any, report: Report, expected_version: int, issued_on: dt.date | None = None
) -> Report:
    """Issue and send the report: figures frozen; the number given the first time."""
    if not permissions.can_write(actor, report):
        raise PermissionDenied(_("Bạn không có quyền gửi báo cáo này."))
    _require_editable(report)
    if len(report.results.strip()) < RESULTS_MIN:
        raise _fail(
            "results",
            _("Viết phần «Kết quả đạt được» (ít nhất %(n)d ký tự) trước khi gửi báo cáo.")
            % {"n": RESULTS_MIN},
            code="narrative_missing",
        )
    today = _today()
    day = issued_on or today
    if day > today:
        raise _fail("issued_on", _("Ngày ban hành không được sau hôm nay."))
    if day < report.window_start:
        raise _fail("issued_on", _("Ngày ban hành không được trước ngày bắt đầu kỳ số liệu."))
    period = report_period(report)
    previous = period_previous(period)
    snapshot = figures_snapshot(
        report.organization,
        Window(period.start, period.end),
        Window(previous.start, previous.end),
        request=report.request,
        period=period,
    )
    snapshot["previous_label"] = previous.label
    with transaction.atomic():
        values: dict[str, Any] = {
            "status": Status.SUBMITTED,
            "figures": snapshot,
            "submitted_at": timezone.now(),
            "edition": report.edition + 1,
        }
        if not report.number:
            number = document_number_next(
                organization=report.organization, symbol=NUMBER_SYMBOL, issued_on=day
            )
            if report.doc_format == Format.PARTY:
                number = _party_number(int(re.match(r"\d+", number)[0]), report.organization)  # type: ignore[index]
            values.update(number=number, issued_on=day)
        if not versioned_update(report, expected_version=expected_version, **values):
            raise _conflict()
        ReportReview.objects.create(
            report=report,
            edition=report.edition,
            action=ReviewAction.SUBMIT,
            by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            verb="report.submit",
            target=report,
            target_label=str(report),
            changes={"status": (Status.DRAFT, Status.SUBMITTED), "number": ("", report.number)},
        )
        report_obligations_sync(report)
    return report


def report_review(
    *, actor: Any, report: Report, expected_version: int, action: str, comment: str = ""
) -> Report:
    """The asking unit accepts the report, or returns it with what to change."""
    if report.request_id is None:
        raise Conflict(
            _("Báo cáo không do đơn vị nào trong hệ thống yêu cầu: không có bước tiếp nhận."),
            code="no_request",
        )
    if not permissions.can_review(actor, report):
        raise PermissionDenied(_("Chỉ đơn vị yêu cầu báo cáo mới tiếp nhận hoặc trả lại báo cáo."))
    if action not in (ReviewAction.ACCEPT, ReviewAction.RETURN):
        raise _fail("action", _("Chọn «tiếp nhận» hoặc «trả lại»."))
    if report.status != Status.SUBMITTED:
        raise Conflict(
            _("Chỉ xem xét được báo cáo đã gửi (trạng thái hiện tại: %(status)s).")
            % {"status": report.get_status_display()},
            code="not_submitted",
        )
    comment = clean_text(comment, field="comment", limit=NOTE_MAX, multiline=True)
    if action == ReviewAction.RETURN and len(comment) < 5:
        raise _fail("comment", _("Ghi rõ nội dung cần bổ sung, chỉnh sửa khi trả lại báo cáo."))
    to = Status.ACCEPTED if action == ReviewAction.ACCEPT else Status.RETURNED
    with transaction.atomic():
        if not versioned_update(
            report, expected_version=expected_version, status=to, reviewed_at=timezone.now()
        ):
            raise _conflict()
        ReportReview.objects.create(
            report=report,
            edition=report.edition,
            action=action,
            comment=comment,
            by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            verb=f"report.{action}",
            target=report,
            target_label=str(report),
            changes={"status": (Status.SUBMITTED, to), "comment": (None, comment)},
        )
        report_obligations_sync(report)
    return report


def report_for_cli(
    *, organization: Organization, kind: str, period_code: str
) -> tuple[Report, bool]:
    """The unit's report for the period (its own, else the latest it was asked for), or an
    unsaved draft built on the fly (True when unsaved): `danvan report build`."""
    period = period_for(organization, _check_kind(kind), period_code)
    report = (
        Report.objects.filter(organization=organization, kind=kind, period_code=period.code)
        .select_related("organization", "request__organization")
        .order_by("request_id", "-id")
        .first()
    )
    if report is not None:
        return report, False
    settings = profile_settings(organization)
    report = Report(
        organization=organization,
        kind=kind,
        period_code=period.code,
        period_label=period.label,
        window_start=period.start,
        window_end=period.end,
        title=default_title(period),
        doc_format=settings.doc_format,
        recipients="\n".join(settings.recipients),
        signer_name=settings.signer_name,
        signer_title=settings.signer_title,
    )
    return report, True


def organizations_by_code(codes: Iterable[str]) -> list[Organization]:
    found = list(Organization.objects.filter(code__in=list(codes)))
    if not found:
        raise NotFound(_("Không có đơn vị nào với các mã đã cho."))
    return found
