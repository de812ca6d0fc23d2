"""The conclusion notice of a conference (Thông báo kết luận) as DOCX, in the state format of
Nghị định 30/2020/NĐ-CP, through `core.documents`.

"THÔNG BÁO — Kết luận của <chức vụ> <họ tên> tại Hội nghị <tên hội nghị>": when and where the
conference took place, who chaired and attended, the general assessment, then the conclusions,
each with its lead unit, the supporting units and their part, and the due date; "Nơi nhận" lists
the lead and supporting units. The number ("05/TB-UBND") comes from the body's one sequence per
year and symbol shared by every module; the counter is registered in `ConferencesConfig.ready`.

`notice_content` composes the notice as plain data, stored on `Conclusion.content` when issued
so the document never changes afterwards; `notice_docx` writes the DOCX from it. Documents are
issued in Vietnamese whatever the interface language: nothing here goes through the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from danvan.conferences.models import Conclusion, ConclusionItem, Conference
from danvan.conferences.states import Attendance, Kind
from danvan.core.documents import (
    Block,
    Header,
    Layout,
    clean,
    header_for,
    long_date,
    one_line,
    org_kind,
    short_date,
    write_document,
)
from danvan.core.models import TaskSupport

TITLE = "Thông báo kết luận hội nghị"
KIND_WORDS = {
    Kind.BRIEFING: "giao ban",
    Kind.INTERIM: "sơ kết",
    Kind.FINAL: "tổng kết",
    Kind.THEMATIC: "chuyên đề",
    Kind.OTHER: "",
}


def _time(value: dt.time | None) -> str:
    return f"{value.hour:02d} giờ {value.minute:02d} phút" if value else ""


def conference_name(conference: Conference) -> str:
    """ "Hội nghị tổng kết 10 năm ..." unless the title already says "Hội nghị"."""
    title = one_line(conference.title)
    if title.lower().startswith("hội nghị"):
        return "Hội nghị" + title[len("hội nghị") :]
    return f"Hội nghị {title[:1].lower()}{title[1:]}" if title else "Hội nghị"


def _chairs(conference: Conference) -> list[str]:
    return [
        f"đồng chí {clean(c.full_name)}" + (f", {clean(c.title)}" if c.title else "")
        for c in conference.chairs.all().order_by("position", "id")
    ]


def _attending(conference: Conference) -> list[str]:
    names: list[str] = []
    for i in conference.invitees.select_related("organization").order_by("position", "id"):
        if i.attendance == Attendance.ABSENT:
            continue
        if i.full_name:
            label = clean(i.full_name) + (f", {clean(i.title)}" if i.title else "")
            if i.unit_name:
                label += f", {clean(i.unit_name)}"
        else:
            label = "đại diện " + clean(i.organization.name if i.organization else i.unit_name)
        names.append(label)
    return names


def notice_content(
    conference: Conference, conclusion: Conclusion, items: Sequence[ConclusionItem]
) -> dict[str, Any]:
    """The notice as plain data (JSON), ready to store and to write as DOCX."""
    org = conference.organization
    header = header_for(org, number=conclusion.number, issued_on=conclusion.issued_on)
    who = f"{one_line(conclusion.concluded_by_title)} {one_line(conclusion.concluded_by)}".strip()
    name = conference_name(conference)
    subject = f"Kết luận của {who} tại {name}"
    chairs = _chairs(conference)
    attending = _attending(conference)
    start = _time(conference.start_time)
    when = (
        f"Vào hồi {start}, {long_date(conference.date)}"
        if start
        else (long_date(conference.date)[:1].upper() + long_date(conference.date)[1:])
    )
    opening = f"{when}, tại {clean(conference.place)}, {org.name} tổ chức {name}"
    period = one_line(conference.period_label)
    if period and period.lower() not in name.lower():
        opening += f" ({period})"
    opening += "."
    if chairs:
        verb = "đồng chủ trì" if len(chairs) > 1 else "chủ trì"
        opening += f" {'; '.join(chairs)} {verb} hội nghị."
    if attending:
        opening += f" Tham dự hội nghị có {'; '.join(attending)}."
    body = [Block(opening)]
    if conclusion.assessment.strip():
        for paragraph in [p.strip() for p in conclusion.assessment.splitlines() if p.strip()]:
            body.append(Block(paragraph))
    body.append(
        Block(
            "Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu, "
            f"{who or 'chủ trì hội nghị'} kết luận, giao nhiệm vụ như sau:"
        )
    )
    supports: dict[int, list[TaskSupport]] = {}
    task_ids = [i.task_id for i in items if i.task_id is not None]
    for s in TaskSupport.objects.filter(task_id__in=task_ids).select_related("organization"):
        supports.setdefault(int(s.task_id), []).append(s)
    recipients: list[str] = []
    for item in items:
        task = item.task
        assert task is not None
        lead = task.organization
        parts = [f"Đơn vị chủ trì: {lead.name}"]
        helpers = supports.get(int(task.pk), [])
        if helpers:
            parts.append(
                "phối hợp: "
                + "; ".join(
                    s.organization.name + (f" ({clean(s.duty)})" if s.duty else "") for s in helpers
                )
            )
        parts.append(f"thời hạn hoàn thành: {short_date(task.due)}")
        text = clean(item.content).rstrip(".") + ".\n" + "; ".join(parts) + "."
        body.append(Block(text, lead=f"{item.position}."))
        for unit in [lead.name, *[s.organization.name for s in helpers]]:
            if unit not in recipients:
                recipients.append(unit)
    body.append(
        Block(
            f"{org.name} thông báo để các cơ quan, đơn vị có liên quan biết, thực hiện; định kỳ "
            "báo cáo kết quả về cơ quan tổ chức hội nghị"
        )
    )
    signer = [line.upper() for line in conclusion.signer_title.splitlines() if line.strip()] or [
        org_kind(org)["signer"]
    ]
    layout = Layout(
        doc_title=TITLE,
        heading="THÔNG BÁO",
        subject=subject,
        to="",
        authority="",
        body=body,
        recipients=[*recipients, "Lưu: VT"],
        signer=signer,
        signer_name=one_line(conclusion.signer_name),
    )
    return {
        "layout": asdict(layout),
        "header": asdict(header),
        "form": "notice",
        "title": f"{TITLE} — {subject}"[:250],
        "author": org.name,
        "issued_on": conclusion.issued_on.isoformat(),
        "kind": KIND_WORDS.get(Kind(conference.kind), ""),
    }


def notice_docx(content: dict[str, Any]) -> bytes:
    """Write the stored notice content as DOCX."""
    layout_data = dict(content["layout"])
    layout_data["body"] = [Block(**block) for block in layout_data["body"]]
    return write_document(
        Layout(**layout_data),
        Header(**content["header"]),
        form=content["form"],
        title=content["title"],
        author=content["author"],
        issued_on=dt.date.fromisoformat(content["issued_on"]),
    )


def notice_file_name(conclusion: Conclusion) -> str:
    import re
    import unicodedata

    text = f"thong-bao-ket-luan-{conclusion.number}".replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80] or "thong-bao") + ".docx"
