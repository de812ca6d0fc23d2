"""A periodic report as PDF: the same content as the DOCX, written as HTML by the template
`reports/pdf/report.html` and laid out by WeasyPrint.

Times New Roman is not free, so the PDF names "Liberation Serif" first (metric-compatible: the
same widths, so lines break where they break in Word; Debian's fonts-liberation), then "Times
New Roman" and any serif. A4 with the NĐ 30 margins (20 mm top and bottom, 30 mm left, 15 mm
right), page numbers at the top from the second page, the annex on landscape pages. Charts are
inline PNG data URIs, so nothing is fetched while rendering.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from danvan.core.documents import DRAFT_MARK, MOTTO, NATIONAL_TITLE, PARTY_TITLE, clean, long_date
from danvan.reports.content import ReportContent
from danvan.reports.documents.charts import chart_png
from danvan.reports.documents.text import (
    change_text,
    figure_groups,
    number_line,
    paragraphs,
    roman,
    row_labels,
    section_number,
    value_text,
)

TEMPLATE = "reports/pdf/report.html"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it draws text with) is not installed."""


@dataclass
class _Part:
    heading: str
    paragraphs: list[str]
    data: bool = False


@dataclass
class _Chart:
    caption: str
    uri: str = ""
    labels: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _figure_rows(content: ReportContent) -> list[dict[str, Any]]:
    labels = row_labels(content.figures)
    rows: list[dict[str, Any]] = []
    for g, (group, figures) in enumerate(figure_groups(content.figures), start=1):
        rows.append({"group": True, "stt": roman(g), "label": group})
        n = 0
        for row in figures:
            stt = ""
            if not row.parent:
                n += 1
                stt = str(n)
            rows.append(
                {
                    "group": False,
                    "stt": stt,
                    "label": labels[row.code],
                    "breakdown": bool(row.parent),
                    "unit": row.unit,
                    "value": value_text(row.value, row.kind),
                    "previous": value_text(row.previous, row.kind),
                    "change": change_text(row),
                }
            )
    return rows


def _charts(content: ReportContent) -> list[_Chart]:
    charts = []
    for i, trend in enumerate(content.trends, start=1):
        caption = f"Biểu đồ {i}. {clean(trend.title)}" + (f" ({trend.unit})" if trend.unit else "")
        png = chart_png(trend)
        if png is not None:
            uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            charts.append(_Chart(caption, uri=uri))
            continue
        names = list(trend.series)
        rows = []
        for j, label in enumerate(trend.labels):
            cells = [str(label)]
            for name in names:
                values = trend.series[name]
                value = values[j] if j < len(values) else None
                cells.append(value_text(None if value is None else Decimal(str(value))))
            rows.append(cells)
        charts.append(_Chart(caption, names=names, rows=rows))
    return charts


def _parts(content: ReportContent, party: bool) -> list[_Part]:
    sections = [s for s in content.sections if s.text.strip()]
    has_data = bool(content.figures or content.trends)
    if has_data and content.sections and (not sections or sections[0] is not content.sections[0]):
        sections.insert(0, content.sections[0])
    parts = [
        _Part(
            heading=f"{section_number(i, party=party)} {clean(s.heading).upper()}",
            paragraphs=paragraphs(s.text),
            data=i == 1 and has_data,
        )
        for i, s in enumerate(sections, start=1)
    ]
    if has_data and not parts:
        parts.append(_Part(heading="", paragraphs=[], data=True))
    return parts


def html_for(content: ReportContent) -> str:
    """The report as the HTML WeasyPrint lays out (also readable in a browser)."""
    party = content.doc_format == "party"
    parts = _parts(content, party)
    ending_part = next((p for p in reversed(parts) if p.paragraphs), None)
    intro = clean(content.intro) + "." if content.intro else ""
    if not party:
        # The body ends with "./." (NĐ 30/2020).
        if ending_part is not None:
            text = ending_part.paragraphs[-1].rstrip()
            ending_part.paragraphs[-1] = text + ("/." if text.endswith(".") else "./.")
        elif intro:
            intro = intro + "/."
    by_code = {row.code: row for row in content.figures}
    unit_heads = []
    for code in content.unit_codes:
        row = by_code.get(code)
        unit_heads.append(f"{row.label} ({row.unit})" if row else code)
    units = [
        {
            "name": unit.name,
            "values": [
                value_text(unit.values.get(code), by_code[code].kind if code in by_code else "")
                for code in content.unit_codes
            ],
            "status": unit.status,
        }
        for unit in content.units
    ]
    number = content.number if not content.draft and content.number else ""
    previous = clean(content.previous_label)
    context = {
        "c": content,
        "party": party,
        "draft_mark": DRAFT_MARK if content.draft else "",
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "party_title": PARTY_TITLE,
        "number_line": number_line(content),
        "date_line": f"{content.place}, {long_date(content.issued_on)}",
        "subject": clean(content.subject),
        "intro": intro,
        "parts": parts,
        "figure_rows": _figure_rows(content),
        "previous_head": previous[:1].upper() + previous[1:] if previous else "Kỳ trước",
        "charts": _charts(content),
        "unit_heads": unit_heads,
        "units": units if content.unit_codes else [],
        "annex_landscape": len(content.unit_codes) + 3 >= 7,
        "annex_reference": (
            f"(Kèm theo Báo cáo số {number or chr(0xA0) * 6 + content.number_symbol} "
            f"{long_date(content.issued_on)} của {content.author or content.org_line})"
        ),
        "recipients": [clean(r) for r in content.recipients],
        "signer": [clean(s).upper() for s in content.signer_title],
        "signer_name": clean(content.signer_name),
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(content: ReportContent) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise PdfUnavailable(
            _("Không tạo được tệp PDF: máy chủ chưa cài WeasyPrint (và thư viện Pango).")
        ) from exc
    data: bytes = HTML(string=html_for(content)).write_pdf()
    return data
