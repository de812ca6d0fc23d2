"""A periodic report as DOCX, in the state format (Nghị định 30/2020/NĐ-CP) or the Party format
(Hướng dẫn 36-HD/VPTW ngày 03/4/2018), through the shared pieces of `core.documents`.

Layout: the header (a draft carries "DỰ THẢO" in a box and no number), "BÁO CÁO" and the
subject, the opening paragraph, then one numbered part per narrative section ("I. KẾT QUẢ ĐẠT
ĐƯỢC"; a Party document numbers "I-"). The first part carries the table of indicators (grouped,
with this period, the period compared and the change) and the charts of the trends; the body
ends with "./." (state format). "Nơi nhận:" and the signature close the document; the annex
("PHỤ LỤC": every unit's figures and the state of its own report) follows on a page of its own,
landscape when the table is wide. Times New Roman 14 pt, tables 13 pt (12 pt in the annex);
A4, margins 20/20/30/15 mm; page numbers at the top from the second page.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from danvan.core.documents import (
    BODY_PT,
    PARTY_SUBJECT_RULE,
    TEXT_WIDTH_MM,
    TITLE_PT,
    Header,
    add_draft_mark,
    add_page_numbers,
    add_paragraph,
    add_party_header,
    add_rule,
    add_run,
    add_signature_block,
    add_state_header,
    clean,
    long_date,
    new_document,
    set_table_borders,
)
from danvan.reports.content import ReportContent, Trend
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

TABLE_PT = 13
ANNEX_PT = 12
FIGURE_WIDTHS = (12, 67, 20, 22, 23, 21)  # mm, 165 in all
CHART_WIDTH_MM = 155
LANDSCAPE_FROM_COLUMNS = 7  # an annex table with more columns goes on a landscape page
LANDSCAPE_TEXT_MM = 297 - 30 - 15
PORTRAIT_TEXT_MM = TEXT_WIDTH_MM
T_TAG = qn("w:t")


def header_of(content: ReportContent) -> Header:
    return Header(
        parent_line=content.parent_line,
        org_line=content.org_line,
        number_line=number_line(content),
        date_line=f"{content.place}, {long_date(content.issued_on)}",
    )


def _grid(document: DocxDocument, rows: int, widths: Sequence[float]) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    set_table_borders(table)
    return table


def _size_cells(cells: Sequence[Any], widths: Sequence[float]) -> None:
    for cell, width in zip(cells, widths, strict=True):
        cell.width = Mm(width)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _cell(
    cell: Any,
    text: str,
    *,
    size: int = TABLE_PT,
    align: Any = WD_ALIGN_PARAGRAPH.LEFT,
    bold: bool = False,
    italic: bool = False,
) -> None:
    add_paragraph(cell, text, align=align, size=size, bold=bold, italic=italic, reuse_first=True)


def _body(document: DocxDocument, text: str) -> Any:
    return add_paragraph(
        document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6, size=BODY_PT
    )


# Cell styles of a data row: (alignment, bold, italic) per column.
Spec = tuple[tuple[Any, bool, bool], ...]
LEFT, CENTRE, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _prototype(table: Any, widths: Sequence[float], spec: Spec, size: int, merge: int = 0) -> Any:
    """One formatted row (widths, alignment, fonts), taken out of the table to be copied.

    python-docx spends most of a millisecond on each cell it formats; a report has a thousand
    cells, so every data row is a copy of a prototype row with its texts replaced.
    """
    row = table.add_row()
    cells = row.cells
    _size_cells(cells, widths)
    if merge:
        cells = [cells[0], cells[1].merge(cells[merge])]
    for cell, (align, bold, italic) in zip(cells, spec, strict=True):
        _cell(cell, "x", size=size, align=align, bold=bold, italic=italic)
    tr = row._tr
    table._tbl.remove(tr)
    return tr


def _append(table: Any, prototype: Any, texts: Sequence[str]) -> None:
    tr = copy.deepcopy(prototype)
    for node, text in zip(tr.iter(T_TAG), texts, strict=True):
        node.text = text
    table._tbl.append(tr)


def _head_row(table: Any, widths: Sequence[float], titles: Sequence[str], size: int) -> None:
    head = table.rows[0]
    _repeat_header(head)
    cells = head.cells
    _size_cells(cells, widths)
    for cell, text in zip(cells, titles, strict=True):
        _cell(cell, text, size=size, bold=True, align=CENTRE)


def _figures_table(document: DocxDocument, content: ReportContent) -> None:
    caption = add_paragraph(document, "", before=6, after=3, size=TABLE_PT)
    add_run(caption, "Bảng 1. Các chỉ tiêu chủ yếu", size=TABLE_PT, bold=True)
    previous = clean(content.previous_label) or "Kỳ trước"
    heads = (
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kỳ này",
        previous[:1].upper() + previous[1:],
        "Tăng, giảm",
    )
    table = _grid(document, 1, FIGURE_WIDTHS)
    _head_row(table, FIGURE_WIDTHS, heads, TABLE_PT)
    plain = (CENTRE, False, False)
    figure = (plain, (LEFT, False, False), plain, *([(RIGHT, False, False)] * 3))
    breakdown = (plain, (LEFT, False, True), plain, *([(RIGHT, False, False)] * 3))
    group_row = _prototype(
        table, FIGURE_WIDTHS, ((CENTRE, True, False), (LEFT, True, False)), TABLE_PT, merge=5
    )
    figure_row = _prototype(table, FIGURE_WIDTHS, figure, TABLE_PT)
    breakdown_row = _prototype(table, FIGURE_WIDTHS, breakdown, TABLE_PT)
    labels = row_labels(content.figures)
    for g, (group, rows) in enumerate(figure_groups(content.figures), start=1):
        _append(table, group_row, (roman(g), clean(group)))
        n = 0
        for row in rows:
            stt = ""
            if not row.parent:
                n += 1
                stt = str(n)
            _append(
                table,
                breakdown_row if row.parent else figure_row,
                (
                    stt,
                    clean(labels[row.code]),
                    clean(row.unit),
                    value_text(row.value, row.kind),
                    value_text(row.previous, row.kind),
                    change_text(row),
                ),
            )


def _trend_table(document: DocxDocument, trend: Trend) -> None:
    names = list(trend.series)
    first = 40.0
    rest = (PORTRAIT_TEXT_MM - first) / max(len(names), 1)
    widths = (first, *([rest] * len(names)))
    table = _grid(document, 1, widths)
    _head_row(table, widths, ["", *names], TABLE_PT)
    prototype = _prototype(
        table, widths, ((LEFT, False, False), *([(RIGHT, False, False)] * len(names))), TABLE_PT
    )
    for i, label in enumerate(trend.labels):
        texts = [str(label)]
        for name in names:
            values = trend.series[name]
            value = values[i] if i < len(values) else None
            texts.append(value_text(None if value is None else Decimal(str(value))))
        _append(table, prototype, texts)


def _charts(document: DocxDocument, content: ReportContent) -> None:
    for i, trend in enumerate(content.trends, start=1):
        caption = f"Biểu đồ {i}. {clean(trend.title)}" + (f" ({trend.unit})" if trend.unit else "")
        png = chart_png(trend)
        if png is None:
            add_paragraph(document, caption, size=TABLE_PT, bold=True, before=6, after=3)
            _trend_table(document, trend)
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(CHART_WIDTH_MM))
        add_paragraph(document, caption, size=TABLE_PT, italic=True, after=6)


def _annex(document: DocxDocument, content: ReportContent) -> None:
    codes = list(content.unit_codes)
    columns = 3 + len(codes)
    landscape = columns >= LANDSCAPE_FROM_COLUMNS
    section = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    width = LANDSCAPE_TEXT_MM if landscape else PORTRAIT_TEXT_MM
    add_paragraph(document, "PHỤ LỤC", bold=True)
    add_paragraph(document, "SỐ LIỆU CỦA CÁC ĐƠN VỊ", bold=True)
    number = content.number if not content.draft and content.number else ""
    reference = number or "\u00a0" * 6 + content.number_symbol
    add_paragraph(
        document,
        f"(Kèm theo Báo cáo số {reference} {long_date(content.issued_on)} "
        f"của {content.author or content.org_line})",
        italic=True,
        after=6,
    )
    add_paragraph(
        document,
        f"Kỳ báo cáo: {content.period_label}; số liệu từ ngày {content.window_start:%d/%m/%Y} "
        f"đến ngày {content.window_end:%d/%m/%Y}.",
        italic=True,
        size=ANNEX_PT,
        after=6,
    )
    by_code = {row.code: row for row in content.figures}
    stt, name, status = 10.0, 55.0, 35.0
    each = (width - stt - name - status) / max(len(codes), 1)
    widths = (stt, name, *([each] * len(codes)), status)
    table = _grid(document, 1, widths)
    titles = ["STT", "Đơn vị"]
    for code in codes:
        row = by_code.get(code)
        titles.append(f"{row.label} ({row.unit})" if row else code)
    titles.append("Tình trạng báo cáo")
    _head_row(table, widths, titles, ANNEX_PT)
    spec = (
        (CENTRE, False, False),
        (LEFT, False, False),
        *([(RIGHT, False, False)] * len(codes)),
        (LEFT, False, False),
    )
    prototype = _prototype(table, widths, spec, ANNEX_PT)
    kinds = [by_code[code].kind if code in by_code else "count" for code in codes]
    for i, unit in enumerate(content.units, start=1):
        values = [value_text(unit.values.get(c), k) for c, k in zip(codes, kinds, strict=True)]
        _append(table, prototype, (str(i), clean(unit.name), *values, clean(unit.status)))


def _data(document: DocxDocument, content: ReportContent) -> None:
    if content.figures:
        _figures_table(document, content)
        if content.units and content.unit_codes:
            add_paragraph(
                document,
                "(Số liệu của từng đơn vị tại Phụ lục kèm theo.)",
                size=TABLE_PT,
                italic=True,
                before=3,
                after=6,
            )
    _charts(document, content)


def render_docx(content: ReportContent) -> bytes:
    party = content.doc_format == "party"
    document = new_document()
    if content.draft:
        add_draft_mark(document)
    header = header_of(content)
    if party:
        add_party_header(document, header)
    else:
        add_state_header(document, header)

    add_paragraph(
        document, content.title, size=TITLE_PT if party else BODY_PT, bold=True, before=18
    )
    if content.subject:
        add_paragraph(document, clean(content.subject), bold=True)
    if party:
        add_paragraph(document, PARTY_SUBJECT_RULE, after=6)
    else:
        add_rule(document, TEXT_WIDTH_MM, 45)

    last = None
    if content.intro:
        last = _body(document, clean(content.intro) + ".")
    # Parts with something to say; the first part ("Kết quả đạt được") carries the figures and
    # the charts even when its text is empty.
    sections = [s for s in content.sections if s.text.strip()]
    has_data = bool(content.figures or content.trends)
    if has_data and content.sections and (not sections or sections[0] is not content.sections[0]):
        sections.insert(0, content.sections[0])
    if has_data and not sections:
        _data(document, content)
    for i, section in enumerate(sections, start=1):
        heading = f"{section_number(i, party=party)} {clean(section.heading).upper()}"
        add_paragraph(
            document, heading, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=True, before=6, after=6
        )
        if i == 1 and has_data:
            _data(document, content)
        for text in paragraphs(section.text):
            last = _body(document, text)
    if last is not None and not party:
        text = last.runs[-1].text.rstrip()
        last.runs[-1].text = text + ("/." if text.endswith(".") else "./.")

    add_signature_block(
        document,
        recipients=[clean(r) for r in content.recipients],
        signer=[clean(s).upper() for s in content.signer_title],
        signer_name=clean(content.signer_name),
        party=party,
    )
    if content.units and content.unit_codes:
        _annex(document, content)
    add_page_numbers(document)

    props = document.core_properties
    props.title = clean(content.subject) or content.title
    props.author = content.author
    props.last_modified_by = content.author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.language = "vi-VN"
    props.revision = 1
    props.created = props.modified = dt.datetime.combine(content.issued_on, dt.time(8, 0))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
