"""The minutes of a dialogue (biên bản đối thoại) as DOCX, in the layout of Nghị định 30/2020.

`minutes_content` composes the minutes as plain data (header, title, time and place, legal
bases, participants by role, agenda, statements in order, outcome, commitments, signatures with
refusal reasons); it is stored on `Minutes.content` when the minutes are signed, so the document
never changes with the dialogue afterwards. `minutes_docx` writes the DOCX from that data with
the low-level helpers of `core.documents` (the state format's header table, Times New Roman,
A4 margins) and a signature area for several parties: a refusal to sign is written in the body
and in the refusing person's signature cell.

Documents are issued in Vietnamese whatever the interface language: nothing here goes through
the UI translation catalogue.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH

from danvan.core.documents import (
    HEADER_PT,
    LEFT_COL_MM,
    MOTTO,
    NATIONAL_TITLE,
    RIGHT_COL_MM,
    SMALL_PT,
    TEXT_WIDTH_MM,
    add_paragraph,
    add_rule,
    add_run,
    add_table,
    clean,
    format_number,
    header_for,
    long_date,
    org_abbreviation,
    short_date,
)
from danvan.dialogues import legal
from danvan.dialogues.models import Dialogue
from danvan.dialogues.states import Kind, Role, Signature

TITLE = "BIÊN BẢN ĐỐI THOẠI"
SUBJECTS = {
    Kind.COMPLAINT: "Về việc giải quyết khiếu nại",
    Kind.ANNUAL: "Hội nghị đối thoại giữa Ủy ban nhân dân với Nhân dân năm {year}",
    Kind.LEADER: "Đối thoại giữa người đứng đầu với {audience}",
}
# The groups of participants in the minutes, in this order (role, heading).
GROUPS: tuple[tuple[str, str], ...] = (
    (Role.CHAIR, "Chủ trì"),
    (Role.CO_CHAIR, "Đồng chủ trì"),
    (Role.CITIZEN, "Người khiếu nại, công dân"),
    (Role.REPRESENTATIVE, "Người đại diện, người được ủy quyền"),
    (Role.RESPONDENT, "Người bị khiếu nại"),
    (Role.AGENCY, "Đại diện cơ quan, tổ chức, đơn vị có liên quan"),
    (Role.OTHER, "Người tham dự khác"),
    (Role.RECORDER, "Thư ký (người ghi biên bản)"),
)
SIGN_HEADINGS = {
    Role.CHAIR: "NGƯỜI CHỦ TRÌ",
    Role.CO_CHAIR: "NGƯỜI ĐỒNG CHỦ TRÌ",
    Role.CITIZEN: "NGƯỜI KHIẾU NẠI, CÔNG DÂN",
    Role.REPRESENTATIVE: "NGƯỜI ĐẠI DIỆN",
    Role.RESPONDENT: "NGƯỜI BỊ KHIẾU NẠI",
    Role.AGENCY: "ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ",
    Role.OTHER: "NGƯỜI THAM DỰ",
    Role.RECORDER: "THƯ KÝ",
}
# Who signs first: the organiser's side reads right to left in the usual form.
SIGN_ORDER = (
    Role.CITIZEN,
    Role.REPRESENTATIVE,
    Role.RESPONDENT,
    Role.AGENCY,
    Role.OTHER,
    Role.CO_CHAIR,
    Role.RECORDER,
    Role.CHAIR,
)


def _time(value: dt.time | None) -> str:
    return f"{value.hour:02d} giờ {value.minute:02d} phút" if value else ""


def _person_line(p: Any) -> str:
    parts = [clean(p.full_name)]
    if p.title:
        parts.append(clean(p.title))
    if p.unit:
        parts.append(clean(p.unit))
    if p.address:
        parts.append(f"địa chỉ: {clean(p.address)}")
    line = ", ".join(parts)
    if not p.attended:
        line += " (vắng mặt)"
    return line


def _subject(dialogue: Dialogue) -> str:
    template = SUBJECTS[Kind(dialogue.kind)]
    audience = str(dialogue.get_audience_display()).lower() if dialogue.audience else "Nhân dân"
    subject = template.format(year=dialogue.year, audience=audience)
    if dialogue.kind == Kind.COMPLAINT and dialogue.petition is not None:
        round_ = "lần hai" if dialogue.petition.complaint_round == 2 else "lần đầu"
        subject = f"{subject} {round_} (hồ sơ {dialogue.petition.case_number})"
    return subject


def minutes_content(dialogue: Dialogue, *, number: str, issued_on: dt.date) -> dict[str, Any]:
    """The minutes as plain data (JSON), ready to store and to write as DOCX (in Vietnamese,
    whatever the language of the request that signs them)."""
    with translation.override("vi"):
        return _minutes_content(dialogue, number=number, issued_on=issued_on)


def _minutes_content(dialogue: Dialogue, *, number: str, issued_on: dt.date) -> dict[str, Any]:
    org = dialogue.organization
    header = header_for(org, number=number, issued_on=issued_on)
    people = list(dialogue.participants.all().order_by("position", "id"))
    by_role: dict[str, list[Any]] = {}
    for p in people:
        by_role.setdefault(p.role, []).append(p)
    groups = [
        {"heading": heading, "people": [_person_line(p) for p in by_role.get(role, [])]}
        for role, heading in GROUPS
        if by_role.get(role)
    ]
    agenda = [
        f"{a.title}" + (f" (trình bày: {clean(a.presenter)})" if a.presenter else "")
        for a in dialogue.agenda.all().order_by("position", "id")
    ]
    statements = [
        {
            "speaker": clean(s.participant.full_name),
            "role": str(Role(s.participant.role).label),
            "title": clean(s.participant.title),
            "agenda": clean(s.agenda_item.title) if s.agenda_item is not None else "",
            "content": str(s.content).strip(),
        }
        for s in dialogue.statements.select_related("participant", "agenda_item").order_by(
            "position", "id"
        )
    ]
    commitments = [
        {
            "title": clean(c.task.title),
            "owner": clean(c.task.organization.name),
            "due": short_date(c.task.due),
            "made_by": clean(c.made_by),
        }
        for c in dialogue.commitments.select_related("task__organization").order_by(
            "position", "id"
        )
    ]
    signatures = []
    for role in SIGN_ORDER:
        for p in by_role.get(role, []):
            if not p.attended:
                continue
            signatures.append(
                {
                    "heading": SIGN_HEADINGS[Role(role)],
                    "name": clean(p.full_name),
                    "status": p.signature,
                    "reason": clean(p.refusal_reason),
                }
            )
    return {
        "header": {
            "parent_line": header.parent_line,
            "org_line": header.org_line,
            "number_line": header.number_line,
            "place": header.date_line.split(",", 1)[0],
        },
        "title": TITLE,
        "subject": _subject(dialogue),
        "kind": dialogue.kind,
        "date": dialogue.date.isoformat(),
        "date_text": long_date(dialogue.date),
        "start": _time(dialogue.start_time),
        "end": _time(dialogue.end_time),
        "place": clean(dialogue.place),
        "topic": clean(dialogue.topic),
        "legal_bases": [b.citation for b in legal.citations(list(dialogue.legal_bases or []))]
        + ([clean(dialogue.legal_basis_note)] if dialogue.legal_basis_note else []),
        "groups": groups,
        "agenda": agenda,
        "statements": statements,
        "outcome": str(dialogue.outcome or "").strip(),
        "commitments": commitments,
        "signatures": signatures,
        "issued_on": issued_on.isoformat(),
        "author": clean(org.name),
    }


def minutes_draft_content(dialogue: Dialogue) -> dict[str, Any]:
    """The minutes as they stand now, without a number (to print and have signed)."""
    issued = dialogue.held_on or dialogue.date
    number = format_number(None, "BB", org_abbreviation(dialogue.organization))
    content = minutes_content(dialogue, number=number, issued_on=issued)
    content["draft"] = True
    return content


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def minutes_docx(content: dict[str, Any]) -> bytes:
    """Write the stored minutes content as DOCX (Nghị định 30/2020 layout)."""
    from danvan.core.documents import new_document

    document = new_document()
    header = content["header"]
    table = add_table(document, 1, (LEFT_COL_MM, RIGHT_COL_MM))
    left, right = table.rows[0].cells
    if header.get("parent_line"):
        add_paragraph(left, header["parent_line"], size=HEADER_PT, reuse_first=True)
    add_paragraph(left, header["org_line"], size=HEADER_PT, bold=True, reuse_first=True)
    add_rule(left, LEFT_COL_MM - 4, 22)
    add_paragraph(left, header["number_line"], size=HEADER_PT)
    add_paragraph(right, NATIONAL_TITLE, size=SMALL_PT + 1, bold=True, reuse_first=True)
    add_paragraph(right, MOTTO, bold=True, underline=True, after=6)

    if content.get("draft"):
        add_paragraph(document, "DỰ THẢO", bold=True, italic=True, before=6)
    add_paragraph(document, content["title"], bold=True, before=18)
    add_paragraph(document, content["subject"], bold=True)
    add_rule(document, TEXT_WIDTH_MM, 45)

    def body(text: str, *, lead: str = "", italic: bool = False) -> None:
        paragraph = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
        if lead:
            add_run(paragraph, lead + " ", bold=True)
        for i, line in enumerate(text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            add_run(paragraph, line, italic=italic)

    for citation in content.get("legal_bases", []):
        body(f"Căn cứ {citation};", italic=True)
    start = content.get("start") or ""
    when = (
        f"Vào hồi {start}, {content['date_text']}" if start else content["date_text"].capitalize()
    )
    body(f"{when}, tại {content['place']}, tiến hành đối thoại về: {content['topic']}.")

    body("", lead="I. THÀNH PHẦN THAM DỰ")
    for group in content["groups"]:
        body("", lead=f"{group['heading']}:")
        for line in group["people"]:
            body(f"- {line}.")

    body("", lead="II. NỘI DUNG ĐỐI THOẠI")
    if content["agenda"]:
        body("Chương trình:", italic=True)
        for i, item in enumerate(content["agenda"], start=1):
            body(f"{i}. {item}.")
    for s in content["statements"]:
        who = s["speaker"] + (f", {s['title']}" if s["title"] else "") + f" ({s['role'].lower()})"
        about = f" [{s['agenda']}]" if s["agenda"] else ""
        body(s["content"], lead=f"{who}{about}:")

    body("", lead="III. KẾT QUẢ ĐỐI THOẠI")
    for line in _lines(content["outcome"]) or ["…………………"]:
        body(line)
    if content["commitments"]:
        body("Các nội dung cam kết:", italic=True)
        for i, c in enumerate(content["commitments"], start=1):
            by = f"{c['made_by']} cam kết: " if c["made_by"] else ""
            body(f"{i}. {by}{c['title']} — đơn vị thực hiện: {c['owner']}; hạn: {c['due']}.")

    refused = [s for s in content["signatures"] if s["status"] == Signature.REFUSED]
    for s in refused:
        body(f"Ông/Bà {s['name']} từ chối ký biên bản. Lý do: {s['reason']}.", italic=True)
    end = content.get("end") or ""
    closing = f"Cuộc đối thoại kết thúc vào hồi {end} cùng ngày. " if end else ""
    body(
        closing + "Biên bản đã được đọc lại cho những người tham dự nghe, thống nhất nội dung "
        "và ký xác nhận; biên bản được lập thành các bản có giá trị như nhau./."
    )

    signatures = content["signatures"]
    if signatures:
        half = TEXT_WIDTH_MM // 2
        rows = (len(signatures) + 1) // 2
        sign = add_table(document, rows, (half, TEXT_WIDTH_MM - half))
        for i, s in enumerate(signatures):
            cell = sign.rows[i // 2].cells[i % 2]
            add_paragraph(cell, s["heading"], bold=True, before=12, reuse_first=True)
            if s["status"] == Signature.REFUSED:
                add_paragraph(cell, "(Từ chối ký)", italic=True, size=SMALL_PT)
                add_paragraph(cell, f"Lý do: {s['reason']}", italic=True, size=SMALL_PT)
                add_paragraph(cell, "")
            else:
                add_paragraph(cell, "(Ký, ghi rõ họ tên)", italic=True, size=SMALL_PT)
                for _blank in range(3):
                    add_paragraph(cell, "")
            add_paragraph(cell, s["name"], bold=True, after=6)

    props = document.core_properties
    props.title = f"{content['title']} — {content['subject']}"[:250]
    props.author = content.get("author", "")
    props.last_modified_by = content.get("author", "")
    props.comments = ""
    props.language = "vi-VN"
    issued = dt.date.fromisoformat(content["issued_on"])
    props.created = props.modified = dt.datetime.combine(issued, dt.time(8, 0))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
