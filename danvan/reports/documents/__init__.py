"""A report's documents from its content (`danvan.reports.content.ReportContent`): DOCX in the
state format (Nghị định 30/2020/NĐ-CP) or the Party format (Hướng dẫn 36-HD/VPTW), the XLSX
annex of indicator tables, and PDF (WeasyPrint, Liberation Serif). The inspectorate's
statistical forms are in `statforms`. See docs/reports-documents.md.

    render(content, "docx") -> bytes
    filename(content, "docx") -> "BC-6T-2026-44-UBND.docx"
"""

from __future__ import annotations

from collections.abc import Callable

from danvan.reports.content import ReportContent
from danvan.reports.documents.text import period_part, slug

FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
CONTENT_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
EXTENSIONS: dict[str, str] = {fmt: f".{fmt}" for fmt in FORMATS}


def _renderer(fmt: str) -> Callable[[ReportContent], bytes]:
    if fmt == "docx":
        from danvan.reports.documents.docx_report import render_docx

        return render_docx
    if fmt == "xlsx":
        from danvan.reports.documents.xlsx_annex import render_xlsx

        return render_xlsx
    if fmt == "pdf":
        from danvan.reports.documents.pdf_report import render_pdf

        return render_pdf
    raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


def render(content: ReportContent, fmt: str) -> bytes:
    """The report as `fmt` (docx, xlsx, pdf). PDF raises `pdf_report.PdfUnavailable` when
    WeasyPrint is not installed."""
    return _renderer(fmt)(content)


def filename(content: ReportContent, fmt: str) -> str:
    """An ASCII file name: BC-<period>-<organisation>[-so-<number>|-du-thao].<ext>, e.g.
    "BC-6T-2026-44-UBND-so-05.docx"; a draft ends in "-du-thao"."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    org = slug(content.organization_code).upper()[:40] or "DONVI"
    parts = ["BC", period_part(content), org]
    if content.draft or not content.number:
        parts.append("du-thao")
    else:
        head = content.number.split("/")[0].split("-")[0].strip()
        if head.isdigit():
            parts.append(f"so-{head}")
    return "-".join(p for p in parts if p) + EXTENSIONS[fmt]
