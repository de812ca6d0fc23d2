"""The documents a reception issues, in the state format of Nghị định 30/2020/NĐ-CP.

- The head's conclusion notice after a session (Thông báo kết luận tiếp công dân): what was
  raised, the host's conclusion on each matter, the tasks given.
- The refusal notice (Thông báo từ chối tiếp công dân, Luật TCD Đ.9), addressed to the visitor.

Both carry the symbol "TB" and take their number from the body's one sequence per year and
symbol shared by every module (`core.documents.document_number_next`); this module's counter is
registered in `ReceptionConfig.ready`. A document is stored as content (layout and header as
plain data) and written to DOCX on first download. Documents are issued in Vietnamese whatever
the interface language, so their wording is not run through the UI catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.documents import (
    Block,
    Header,
    Layout,
    clean,
    document_number_next,
    header_for,
    lower_first,
    one_line,
    org_kind,
    short_date,
    write_document,
)
from danvan.core.errors import NotFound
from danvan.core.services.audit import audit_record
from danvan.reception.models import ReceptionDocument, ReceptionEntry, ReceptionSession
from danvan.reception.reference import refusal_ground_get
from danvan.reception.states import HostKind, PlaceKind, SessionKind

SYMBOL = "TB"
CONCLUSION = "conclusion"
REFUSAL = "refusal"
TITLES = {
    CONCLUSION: "Thông báo kết luận tiếp công dân",
    REFUSAL: "Thông báo từ chối tiếp công dân",
}
MATTER_MAX = 600

KIND_PHRASES = {
    SessionKind.SCHEDULED: "tiếp công dân định kỳ",
    SessionKind.DAILY: "tiếp công dân thường xuyên",
    SessionKind.EXTRAORDINARY: "tiếp công dân đột xuất",
}


def documents_issued_count(org_id: int, symbol: str, start: dt.date, end: dt.date) -> int:
    """How many reception documents with `symbol` the body issued in [start, end)."""
    return ReceptionDocument.objects.filter(
        organization_id=org_id, symbol=symbol, issued_on__gte=start, issued_on__lt=end
    ).count()


def _place_text(session: ReceptionSession) -> str:
    if session.place_kind == PlaceKind.ONLINE:
        return "theo hình thức trực tuyến"
    place = one_line(session.place)
    if place:
        return f"tại {place}"
    if session.place_kind == PlaceKind.RECEPTION_OFFICE:
        return "tại Trụ sở tiếp công dân"
    return f"tại trụ sở {session.organization.name}"


def _signer(session: ReceptionSession) -> list[str]:
    head = org_kind(session.organization)["signer"]
    if session.host_kind == HostKind.HEAD:
        return [head]
    position = one_line(session.host_position).upper()
    return [f"KT. {head}", position] if position else [f"KT. {head}"]


def _visitor_ref(entry: ReceptionEntry) -> str:
    """How a notice names the visitor: never an ID number or a phone; a denouncer by pseudonym."""
    if entry.protected:
        return entry.visitor_label
    name = one_line(entry.visitor_name)
    others = entry.visitor_count - 1
    tail = f" (đại diện đoàn {entry.visitor_count} người)" if entry.is_crowd else ""
    if not entry.is_crowd and others > 0:
        tail = f" và {others} người"
    address = one_line(entry.visitor_address)
    where = f", trú tại {address}" if address else ""
    return f"Ông (bà) {name}{tail}{where}"


def _conclusion_layout(
    session: ReceptionSession,
    entries: Sequence[ReceptionEntry],
    conclusions: Mapping[int, str],
    general: str,
    tasks: Sequence[str],
) -> Layout:
    org = session.organization
    host = f"{one_line(session.host_position)} {one_line(session.host_name)}".strip()
    phrase = KIND_PHRASES.get(SessionKind(session.kind), "tiếp công dân")
    agencies = [a.name for a in session.agencies.all()]
    if session.agencies_note.strip():
        agencies.append(one_line(session.agencies_note))
    body = [
        Block(
            f"Ngày {short_date(session.date)}, {_place_text(session)}, {host} đã chủ trì buổi "
            f"{phrase} của {org.name}."
            + (f" Tham dự buổi tiếp có đại diện: {'; '.join(agencies)}." if agencies else "")
        ),
    ]
    if entries:
        people = sum(e.visitor_count for e in entries)
        body.append(
            Block(
                f"Tại buổi tiếp, có {len(entries)} lượt tiếp với {people} công dân đến trình bày "
                "khiếu nại, tố cáo, kiến nghị, phản ánh. Sau khi nghe công dân trình bày, ý kiến "
                f"của các cơ quan liên quan, {host} kết luận như sau:"
            )
        )
        for i, entry in enumerate(entries, start=1):
            matter = clean(entry.content, limit=MATTER_MAX)
            conclusion = clean(conclusions.get(entry.pk, "") or entry.conclusion)
            text = f"{_visitor_ref(entry)} trình bày: {matter}."
            if conclusion:
                text += f"\nKết luận: {conclusion}."
            body.append(Block(text, lead=f"{i}."))
    else:
        body.append(Block("Tại buổi tiếp, không có công dân đến trình bày."))
    if clean(general):
        body.append(Block(f"{clean(general)}.", lead="Ý kiến chung:"))
    for i, task in enumerate([t for t in tasks if clean(t)], start=1):
        if i == 1:
            body.append(Block("Giao nhiệm vụ:", style="body"))
        body.append(Block(f"{clean(task)}.", lead="- "))
    body.append(
        Block(
            f"{org.name} thông báo để các cơ quan, đơn vị và công dân có liên quan biết, thực hiện."
        )
    )
    subject = f"Kết luận của {host} tại buổi {phrase} ngày {short_date(session.date)}"
    return Layout(
        doc_title=TITLES[CONCLUSION],
        heading="THÔNG BÁO",
        subject=subject,
        to="",
        authority="",
        body=body,
        recipients=[
            "Các cơ quan, đơn vị có liên quan",
            "Công dân có tên tại Thông báo",
            "Cổng thông tin điện tử",
            "Lưu: VT, BTCD",
        ],
        signer=_signer(session),
        signer_name=one_line(session.host_name),
    )


def _refusal_layout(entry: ReceptionEntry, signer_name: str, signer_title: str) -> Layout:
    org = entry.organization
    ground = refusal_ground_get(entry.refusal_ground)
    reason = ground.notice_text if ground else "thuộc trường hợp được từ chối tiếp công dân"
    citation = ground.citation if ground else "Luật Tiếp công dân 42/2013/QH13, Điều 9"
    name = one_line(entry.visitor_name) or "công dân"
    address = one_line(entry.visitor_address)
    detail = clean(entry.outcome_note)
    body = [
        Block(f"Căn cứ {citation};", style="basis"),
        Block(
            f"Ngày {short_date(entry.received_on)}, ông (bà) {name}"
            + (f", địa chỉ: {address}" if address else "")
            + f", đến {org.name} đề nghị được tiếp để trình bày nội dung: "
            f"{clean(entry.content, limit=MATTER_MAX)}."
        ),
        Block(
            f"Xét thấy {reason}"
            + (f" ({lower_first(detail)})" if detail else "")
            + f", {org.name} thông báo từ chối tiếp công dân đối với ông (bà) {name}."
        ),
        Block(
            "Khi không còn thuộc trường hợp nêu trên, công dân có quyền đến nơi tiếp công dân "
            "hoặc gửi đơn đến cơ quan có thẩm quyền theo quy định của pháp luật."
        ),
    ]
    return Layout(
        doc_title=TITLES[REFUSAL],
        heading="THÔNG BÁO",
        subject="Về việc từ chối tiếp công dân",
        to=f"Ông (bà) {name}",
        authority="",
        body=body,
        recipients=[f"Ông (bà) {name}", "Lưu: VT, hồ sơ tiếp công dân"],
        signer=[line.upper() for line in signer_title.splitlines() if line.strip()]
        or [org_kind(org)["signer"]],
        signer_name=signer_name,
    )


def _store(
    *,
    template: str,
    layout: Layout,
    organization: Any,
    issued_on: dt.date,
    actor: Any,
    session: ReceptionSession | None = None,
    entry: ReceptionEntry | None = None,
) -> ReceptionDocument:
    number = document_number_next(organization=organization, symbol=SYMBOL, issued_on=issued_on)
    header = header_for(organization, number=number, issued_on=issued_on)
    content = {
        "layout": asdict(layout),
        "header": asdict(header),
        "form": "notice",
        "title": layout.doc_title,
        "author": organization.name,
        "issued_on": issued_on.isoformat(),
    }
    document = ReceptionDocument.objects.create(
        organization=organization,
        session=session,
        entry=entry,
        template=template,
        symbol=SYMBOL,
        title=layout.doc_title[:250],
        number=number[:100],
        issued_on=issued_on,
        content=content,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    target: Any = session if session is not None else entry
    audit_record(
        actor=actor,
        verb="reception.document_issue",
        target=target,
        target_label=target.label,
        changes={"document": (None, f"{document.title} — số {document.number}")},
    )
    return document


def conclusion_issue(
    *,
    session: ReceptionSession,
    actor: Any,
    issued_on: dt.date,
    conclusions: Mapping[int, str],
    general: str = "",
    tasks: Sequence[str] = (),
) -> ReceptionDocument:
    """Number and store the conclusion notice (caller's checks; call in its transaction)."""
    entries = list(session.entries.select_related("organization").order_by("seq", "id"))
    layout = _conclusion_layout(session, entries, conclusions, general, tasks)
    with transaction.atomic():
        return _store(
            template=CONCLUSION,
            layout=layout,
            organization=session.organization,
            issued_on=issued_on,
            actor=actor,
            session=session,
        )


def refusal_issue(
    *, entry: ReceptionEntry, actor: Any, issued_on: dt.date, signer_name: str = ""
) -> ReceptionDocument:
    """Number and store the refusal notice of a refused visitor (in the caller's transaction)."""
    name = signer_name or getattr(actor, "full_name", "") or ""
    title = getattr(actor, "position", "") or ""
    layout = _refusal_layout(entry, one_line(name), title)
    with transaction.atomic():
        return _store(
            template=REFUSAL,
            layout=layout,
            organization=entry.organization,
            issued_on=issued_on,
            actor=actor,
            entry=entry,
        )


def write_content(content: Mapping[str, Any]) -> bytes:
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


def _file_stem(document: ReceptionDocument) -> str:
    text = f"{document.template}-{document.number}".replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or f"van-ban-{document.pk}"


def document_file_bytes(document: ReceptionDocument) -> bytes:
    """The DOCX of an issued document: written from its stored content on first use, then kept."""
    if document.file:
        try:
            with document.file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    if not document.content:
        raise NotFound(_("Văn bản này chưa có nội dung để tạo tệp."))
    data = write_content(document.content)
    document.file.save(f"{_file_stem(document)}-{document.pk}.docx", ContentFile(data), save=False)
    ReceptionDocument.objects.filter(pk=document.pk).update(file=document.file.name)
    return data


def document_scrub(document: ReceptionDocument, names: Sequence[str]) -> None:
    """Replace `names` in a stored document and drop its written file (anonymisation)."""
    import json

    raw = json.dumps(document.content, ensure_ascii=False)
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        raw = raw.replace(json.dumps(name, ensure_ascii=False)[1:-1], "[đã ẩn danh]")
    if document.file:
        document.file.delete(save=False)
    ReceptionDocument.objects.filter(pk=document.pk).update(content=json.loads(raw), file="")
