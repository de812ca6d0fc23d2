"""The synthesis report ("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo …") as
DOCX, in the Nghị định 30/2020 layout of `core.documents`.

Written on download from the stored rows (composing is cheap, writing DOCX costs tens of
milliseconds). Before the synthesis is published the file is a preview: marked "DỰ THẢO", its
number left blank. Authors: organisations by name, citizens anonymised as "Công dân ở <xã>".
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from danvan.consultations.models import Draft
from danvan.consultations.selectors import answerables, author_public, draft_statistics
from danvan.consultations.states import (
    AuthorKind,
    CommentStatus,
    DocKind,
    ResponseKind,
    Status,
)
from danvan.core.documents import (
    SMALL_PT,
    TEXT_WIDTH_MM,
    add_draft_mark,
    add_page_numbers,
    add_paragraph,
    add_rule,
    add_run,
    add_signature_block,
    add_state_header,
    clean,
    format_number,
    header_for,
    lower_first,
    new_document,
    org_abbreviation,
    set_table_borders,
    short_date,
)

SYMBOL = "BC"


def _table(document: Any, header: list[str], widths: list[int]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(width)
        add_paragraph(cell, text, size=SMALL_PT, bold=True, reuse_first=True)
    set_table_borders(table)
    return table


def _row(table: Any, values: list[str], widths: list[int], *, left: tuple[int, ...] = ()) -> None:
    cells = table.add_row().cells
    for i, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
        cell.width = Mm(width)
        align = WD_ALIGN_PARAGRAPH.LEFT if i in left else WD_ALIGN_PARAGRAPH.CENTER
        add_paragraph(cell, clean(text), size=SMALL_PT, align=align, reuse_first=True)


def subject_of(draft: Draft) -> str:
    return (
        "Tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo "
        f"{lower_first(str(DocKind(draft.kind).label))} {clean(draft.title)}"
    )


def synthesis_docx(draft: Draft) -> bytes:
    issued = draft.synthesis_on or timezone.localdate()
    final = draft.status == Status.SYNTHESISED and bool(draft.synthesis_number)
    number = (
        draft.synthesis_number
        if final
        else format_number(None, SYMBOL, org_abbreviation(draft.organization))
    )
    document = new_document()
    if not final:
        add_draft_mark(document)
    add_state_header(document, header_for(draft.organization, number=number, issued_on=issued))
    add_paragraph(document, "BÁO CÁO", bold=True, before=18)
    add_paragraph(document, subject_of(draft), bold=True)
    add_rule(document, TEXT_WIDTH_MM, 45)

    stats = draft_statistics(draft)
    published = stats.by_status.get(CommentStatus.PUBLISHED, 0)
    citizens = stats.by_author.get(AuthorKind.CITIZEN, 0)
    orgs = stats.by_author.get(AuthorKind.ORGANIZATION, 0)
    period = f"từ ngày {short_date(draft.opens_on)} đến ngày {short_date(draft.closes_on)}"

    def body(text: str, *, lead: str = "") -> None:
        paragraph = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
        if lead:
            add_run(paragraph, lead + " ", bold=True)
        add_run(paragraph, clean(text))

    body(
        f"{draft.organization.name} đã tổ chức lấy ý kiến góp ý dự thảo "
        f"{lower_first(str(DocKind(draft.kind).label))} {clean(draft.title)} {period}. "
        f"Đã nhận {stats.total} ý kiến ({citizens} ý kiến của công dân, {orgs} ý kiến của cơ "
        f"quan, tổ chức); {published} ý kiến được tổng hợp, "
        f"{stats.by_status.get(CommentStatus.REJECTED, 0)} ý kiến không đăng tải do không phù "
        "hợp. Kết quả tổng hợp, tiếp thu, giải trình như sau:",
    )

    body("Số liệu tổng hợp", lead="I.")
    widths = [70, 24, 24, 24, 23]
    table = _table(document, ["Nội dung", "Tổng số", "Đã đăng", "Chờ duyệt", "Không đăng"], widths)
    for label, total, pub, pending, rejected in stats.by_section:
        if total:
            _row(
                table, [label, str(total), str(pub), str(pending), str(rejected)], widths, left=(0,)
            )
    _row(
        table,
        [
            "Cộng",
            str(stats.total),
            str(published),
            str(stats.by_status.get(CommentStatus.PENDING, 0)),
            str(stats.by_status.get(CommentStatus.REJECTED, 0)),
        ],
        widths,
        left=(0,),
    )
    kinds = ", ".join(
        f"{lower_first(str(ResponseKind(k).label))} {stats.by_response.get(k, 0)}"
        for k in ResponseKind.values
    )
    body(f"Kết quả xử lý các ý kiến đã đăng: {kinds} ý kiến.")

    body("Nội dung tiếp thu, giải trình", lead="II.")
    rows = answerables(draft)
    widths = [10, 62, 38, 55]
    current: int | None = -1
    table = None
    for n, row in enumerate(rows, 1):
        section_id = row.section.pk if row.section is not None else None
        if table is None or section_id != current:
            current = section_id
            heading = row.section.label if row.section is not None else "Góp ý chung về dự thảo"
            add_paragraph(document, heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
            table = _table(
                document, ["TT", "Ý kiến góp ý", "Người góp ý", "Tiếp thu, giải trình"], widths
            )
        assert table is not None
        if row.group is not None:
            text = row.group.label or row.comments[0].text
            authors = "; ".join(dict.fromkeys(author_public(c) for c in row.comments))
            authors = f"{len(row.comments)} ý kiến: {authors}"
        else:
            text = row.comments[0].text
            authors = author_public(row.comments[0])
        if row.response is not None:
            answer = f"{ResponseKind(row.response.kind).label}: {row.response.text}"
            if row.response.change:
                answer += f"\nNội dung đã sửa: {row.response.change}"
        else:
            answer = "(chưa trả lời)"
        _row(table, [str(n), text, authors, answer], widths, left=(1, 2, 3))
    if not rows:
        body("Không có ý kiến góp ý được đăng tải.")
    if draft.synthesis_summary:
        body("Đánh giá chung", lead="III.")
        for line in draft.synthesis_summary.split("\n"):
            if line.strip():
                body(line.strip())
    add_paragraph(document, "./.", align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_signature_block(
        document,
        recipients=["Như trên", "Lưu: VT"],
        signer=[(draft.synthesis_position or "THỦ TRƯỞNG CƠ QUAN").upper()],
        signer_name=draft.synthesis_signer,
    )
    add_page_numbers(document)
    props = document.core_properties
    props.title = subject_of(draft)[:250]
    props.author = draft.organization.name[:250]
    props.language = "vi-VN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
