"""From a stored (or on-the-fly) report to its documents: `report_content` gathers what the
document says (`ReportContent`), `report_file` renders it (DOCX, XLSX, PDF) or the
inspectorate's statistical forms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from danvan.core.documents import long_date, parent_line, place_name
from danvan.core.errors import DomainError
from danvan.reports.content import FigureRow, ReportContent, Section, Trend, UnitRow
from danvan.reports.indicators import Window, coverage_for, indicators_all
from danvan.reports.models import Report
from danvan.reports.periods import KIND_LABELS, period_previous
from danvan.reports.services import (
    UNIT_CODES,
    live_values,
    number_symbol,
    report_period,
    value_parse,
)
from danvan.reports.states import SECTIONS, Format, Status

FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")


class FileUnavailable(DomainError):
    """The server cannot produce this format (e.g. WeasyPrint or Pango is not installed)."""

    code = "unavailable"
    status = 503


def _party_parent_line(report: Report) -> str:
    """The Party body above, as the Party header prints it ("ĐẢNG BỘ TỈNH LÂM ĐỒNG")."""
    organization = report.organization
    area = organization.area
    if area is None:
        return ""
    province = area if area.level == "province" else area.parent
    if organization.level == "commune" and area.level == "commune":
        return f"ĐẢNG BỘ {area.name.upper()}"
    if province is not None:
        return f"ĐẢNG BỘ {province.name.upper()}"
    return ""


def _intro(report: Report, previous_label: str) -> str:
    start, end = report.window_start, report.window_end
    return (
        f"Thực hiện chế độ báo cáo định kỳ, {report.organization.name} báo cáo "
        f"{report.title[:1].lower() + report.title[1:]}. Số liệu tính từ ngày "
        f"{start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}; cột «Kỳ trước» là số liệu "
        f"{previous_label} để so sánh. Các số liệu do hệ thống tổng hợp từ hồ sơ, sổ sách "
        "của các cơ quan, đơn vị, mỗi hồ sơ chỉ tính một lần."
    )


def report_content(
    report: Report, *, today: dt.date | None = None, snapshot: dict[str, Any] | None = None
) -> ReportContent:
    """Everything the document says, from the frozen figures (or live ones for a draft)."""
    period = report_period(report)
    if snapshot is None:
        snapshot = live_values(report)
    previous_label = snapshot.get("previous_label") or period_previous(period).label
    values: dict[str, list[str | None]] = snapshot.get("values", {})
    rows = []
    for indicator in indicators_all():
        pair = values.get(indicator.code)
        if pair is None:
            continue
        now_value, before = value_parse(pair[0]), value_parse(pair[1])
        if indicator.parent and not now_value and not before:
            continue  # a topic with nothing in either period: no row
        rows.append(
            FigureRow(
                code=indicator.code,
                label=indicator.label,
                unit=indicator.unit,
                group=indicator.group,
                value=now_value,
                previous=before,
                kind=indicator.kind,
                parent=indicator.parent,
            )
        )
    units = [
        UnitRow(
            name=row["name"],
            values={c: value_parse(v) for c, v in row["values"].items()},
            status=row["status"],
        )
        for row in snapshot.get("units", [])
    ]
    trends = [
        Trend(title=t["title"], unit=t["unit"], labels=t["labels"], series=t["series"])
        for t in snapshot.get("trends", [])
    ]
    organization = report.organization
    draft = report.status in (Status.DRAFT, Status.RETURNED) or not report.number
    issued_on = report.issued_on or today or timezone.localdate()
    party = report.doc_format == Format.PARTY
    return ReportContent(
        doc_format=report.doc_format,
        parent_line=_party_parent_line(report) if party else parent_line(organization),
        org_line=organization.name.upper(),
        number="" if draft else report.number,
        number_symbol=number_symbol(report),
        place=place_name(organization),
        issued_on=issued_on,
        draft=draft,
        title="BÁO CÁO",
        subject=report.title,
        kind=report.kind,
        period_label=report.period_label,
        window_start=report.window_start,
        window_end=report.window_end,
        previous_label=previous_label,
        intro=_intro(report, previous_label),
        sections=[
            Section(heading=label, text=getattr(report, name) or "") for name, label in SECTIONS
        ],
        figures=rows,
        units=units,
        unit_codes=list(UNIT_CODES) if units else [],
        trends=trends,
        recipients=[line for line in report.recipients.splitlines() if line.strip()],
        signer_title=[line for line in report.signer_title.splitlines() if line.strip()],
        signer_name=report.signer_name,
        author=organization.name,
        organization_code=organization.code,
        organization_id=organization.pk,
    )


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    filename: str
    content_type: str


def report_file(report: Report, fmt: str) -> RenderedFile:
    """The report as `fmt` (docx, xlsx, pdf) or `forms` (the inspectorate's forms, XLSX)."""
    from danvan.reports import documents

    content = report_content(report)
    if fmt == "forms":
        from danvan.reports.documents.statforms import statforms_build

        data = statforms_build(
            coverage_for(report.organization),
            Window(report.window_start, report.window_end),
            org_name=report.organization.name,
            period_label=report.period_label,
        )
        name = documents.filename(content, "xlsx").replace(".xlsx", "-bieu-mau.xlsx")
        return RenderedFile(data, name, documents.CONTENT_TYPES["xlsx"])
    from danvan.reports.documents.pdf_report import PdfUnavailable

    try:
        data = documents.render(content, fmt)
    except PdfUnavailable as exc:
        raise FileUnavailable(str(exc)) from exc
    return RenderedFile(data, documents.filename(content, fmt), documents.CONTENT_TYPES[fmt])


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def date_line(content: ReportContent) -> str:
    return f"{content.place}, {long_date(content.issued_on)}"


def snapshot_rows(report: Report, snapshot: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Figure rows for pages and the API: code, label, unit, group, value, previous, change."""
    content = report_content(report, snapshot=snapshot)
    out = []
    for row in content.figures:
        change = None
        if row.value is not None and row.previous is not None:
            change = row.value - row.previous
        out.append(
            {
                "code": row.code,
                "label": row.label,
                "unit": row.unit,
                "group": row.group,
                "kind": row.kind,
                "parent": row.parent,
                "value": row.value,
                "previous": row.previous,
                "change": change,
            }
        )
    return out
