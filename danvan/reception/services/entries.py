"""The reception register: entering a visitor (and their petition), replies, conclusions.

Every entry is a line of the register (sổ tiếp công dân, Luật TCD Đ.25) with a serial number
per organisation and year. The matter becomes a petition of the petitions module: registered
through `petitions.services.petition_register` (channel "in person") or linked to a case the
officer can see. A refused visitor (Luật TCD Đ.9) has no petition; the refusal notice is issued
with the entry. A crowd delegation (Luật TCD Đ.30) records its head count and representatives.

Visitors' personal data never reaches the audit log unredacted: events name the entry by its
serial number and list the personal fields as changed with their values redacted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError, ValidationFailed
from danvan.core.services.audit import audit_record
from danvan.reception.deadlines import REPLY_RULE, entry_deadlines_sync, rule_check
from danvan.reception.inputs import EntryInput, ReplyInput, VisitorInput
from danvan.reception.models import (
    ReceptionDocument,
    ReceptionEntry,
    ReceptionRepresentative,
    ReceptionSession,
)
from danvan.reception.reference import refusal_ground_get
from danvan.reception.services.common import (
    CONTENT_MAX,
    EARLIEST,
    TEXT_MAX,
    act_day,
    organization_for,
    require_handler,
    save_versioned,
    serial_next,
    text,
    today,
)
from danvan.reception.states import (
    CROWD_LARGE_REPRESENTATIVES,
    CROWD_MIN,
    CROWD_SMALL_MAX,
    CROWD_SMALL_REPRESENTATIVES,
    REPLY_OUTCOMES,
    Outcome,
    PetitionMode,
    ReplyMethod,
    SessionStatus,
)
from danvan.text import fold

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
PHONE = re.compile(r"^\+?[0-9 .\-]{8,20}$")
VISITORS_MAX = 100_000
PERSONAL_FIELDS = ("visitor_name", "visitor_address", "visitor_id_number", "visitor_phone")
REPRESENTATIVES_FIELD = "representatives"

# petition_register's field names -> the register form's.
_PETITION_FIELDS = {
    "kind": "petition_kind",
    "content": "content",
    "area_code": "area_code",
    "topic": "topic",
    "received_on": "received_on",
    "organization": "organization",
    "petitioners": "visitor_name",
    "signer_count": "visitor_count",
    "requests": "request",
    "respondent": "respondent",
}


def crowd_representatives_check(visitor_count: int, representatives: int) -> str:
    """ "" if `representatives` people may represent a crowd of `visitor_count` (Luật TCD
    Đ.30), else the Vietnamese message saying the rule."""
    if visitor_count < CROWD_MIN:
        return (
            ""
            if representatives <= 1
            else _(
                "Chỉ đoàn từ 5 người trở lên (tiếp công dân đông người) mới cử người đại diện: bỏ "
                "các người đại diện khác hoặc sửa số người."
            )
        )
    if visitor_count <= CROWD_SMALL_MAX and not 1 <= representatives <= CROWD_SMALL_REPRESENTATIVES:
        return _(
            "Đoàn từ 5 đến 10 người cử 1 hoặc 2 người đại diện trình bày (Luật Tiếp công dân, "
            "Điều 30); đang nhập %(n)s người đại diện."
        ) % {"n": representatives}
    if visitor_count > CROWD_SMALL_MAX and not 1 <= representatives <= CROWD_LARGE_REPRESENTATIVES:
        return _(
            "Đoàn trên 10 người cử không quá 5 người đại diện trình bày (Luật Tiếp công dân, "
            "Điều 30); đang nhập %(n)s người đại diện."
        ) % {"n": representatives}
    return ""


def _person(person: VisitorInput, prefix: str, fields: dict[str, str]) -> VisitorInput:
    name = text(person.full_name, 200)
    id_number = (person.id_number or "").strip().replace(" ", "")
    phone = (person.phone or "").strip()
    if not name:
        fields[f"{prefix}name"] = _("Nhập họ và tên người được tiếp.")
    if id_number and not ID_NUMBER.match(id_number):
        fields[f"{prefix}id_number"] = _(
            "Số định danh cá nhân gồm 12 chữ số (hoặc số CMND cũ 9 chữ số)."
        )
    if phone and not PHONE.match(phone):
        fields[f"{prefix}phone"] = _("Số điện thoại không hợp lệ.")
    return VisitorInput(
        full_name=name, id_number=id_number, address=text(person.address, 300), phone=phone
    )


def _session_for(actor: Any, data: EntryInput, fields: dict[str, str]) -> ReceptionSession | None:
    if data.session_id is None:
        return None
    from danvan.reception.selectors import session_get_or_none

    session = session_get_or_none(user=actor, pk=data.session_id)
    if session is None:
        fields["session"] = _("Không tìm thấy buổi tiếp này (hoặc bạn không có quyền xem).")
        return None
    if session.status == SessionStatus.CANCELLED:
        fields["session"] = _("Buổi tiếp đã hủy: không ghi sổ vào buổi tiếp này được.")
    elif session.date != data.received_on:
        fields["received_on"] = _("Ngày tiếp phải trùng ngày của buổi tiếp (%(day)s).") % {
            "day": session.date.strftime("%d/%m/%Y")
        }
    return session


def _check(actor: Any, data: EntryInput) -> dict[str, Any]:
    """Every check of the register line that needs no other module; all problems at once."""
    fields: dict[str, str] = {}
    day = data.received_on
    if not hasattr(day, "year"):
        fields["received_on"] = _("Nhập ngày tiếp (ngày/tháng/năm).")
    elif day > today():
        fields["received_on"] = _("Ngày tiếp không được sau hôm nay.")
    elif day < EARLIEST:
        fields["received_on"] = _(
            "Ngày tiếp phải từ ngày 01/07/2014 (Luật Tiếp công dân có hiệu lực)."
        )
    session = _session_for(actor, data, fields) if "received_on" not in fields else None
    content = text(data.content, CONTENT_MAX + 1)
    if len(content) < 10:
        fields["content"] = _("Nhập nội dung công dân trình bày (ít nhất 10 ký tự).")
    elif len(content) > CONTENT_MAX:
        fields["content"] = _("Nội dung dài quá 20.000 ký tự: tóm tắt và đính kèm bản đầy đủ.")
    if data.outcome not in Outcome.values:
        fields["outcome"] = _("Chọn kết quả tiếp công dân.")
    visitor = _person(data.visitor, "visitor_", fields)
    co = [
        _person(p, f"representative_{i}_", fields) for i, p in enumerate(data.co_representatives, 2)
    ]
    count = data.visitor_count
    if not isinstance(count, int) or count < 1 or count > VISITORS_MAX:
        fields["visitor_count"] = _("Số người phải từ 1 trở lên.")
    else:
        problem = crowd_representatives_check(count, 1 + len(co))
        if problem:
            fields["representatives"] = problem
    transferred_to = text(data.transferred_to, 250)
    if data.outcome == Outcome.TRANSFERRED and not transferred_to:
        fields["transferred_to"] = _("Ghi cơ quan có thẩm quyền nhận đơn chuyển.")
    ground = None
    if data.outcome == Outcome.REFUSED:
        ground = refusal_ground_get(data.refusal_ground, day if hasattr(day, "year") else None)
        if ground is None:
            fields["refusal_ground"] = _(
                "Chọn căn cứ từ chối tiếp công dân (Luật Tiếp công dân, Điều 9)."
            )
    mode = data.petition_mode
    if data.outcome == Outcome.REFUSED:
        mode = PetitionMode.NONE
    elif mode not in (PetitionMode.NEW, PetitionMode.LINK):
        fields["petition_mode"] = _("Chọn vào sổ đơn mới hoặc gắn với đơn đã có.")
    if mode == PetitionMode.LINK and data.petition_id is None:
        fields["petition_id"] = _("Nhập số (id) của đơn đã có.")
    if fields:
        raise ValidationFailed(
            _("Thông tin lượt tiếp chưa đủ hoặc chưa đúng; xem từng trường."), fields=fields
        )
    if session is not None:
        require_handler(actor, session)
        org = session.organization
    else:
        org = organization_for(actor, data.organization_id)
    return {
        "org": org,
        "session": session,
        "content": content,
        "visitor": visitor,
        "co": co,
        "transferred_to": transferred_to,
        "ground": ground,
        "mode": mode,
    }


def _petition_for(actor: Any, data: EntryInput, checked: Mapping[str, Any]) -> Any:
    """The linked case (checked) or a new one registered now (inside the caller's transaction)."""
    from danvan.petitions.inputs import PersonInput, PetitionInput
    from danvan.petitions.selectors import petition_get_or_none
    from danvan.petitions.services.intake import petition_register

    if checked["mode"] == PetitionMode.LINK:
        petition = petition_get_or_none(user=actor, pk=data.petition_id)
        if petition is None:
            message = _("Không tìm thấy đơn số %(id)s (hoặc bạn không có quyền xem đơn này).") % {
                "id": data.petition_id
            }
            raise ValidationFailed(message, fields={"petition_id": message})
        return petition
    if checked["mode"] != PetitionMode.NEW:
        return None
    visitor: VisitorInput = checked["visitor"]
    people = [visitor, *checked["co"]]
    crowd = data.visitor_count >= CROWD_MIN
    petition_data = PetitionInput(
        kind=data.petition_kind,
        channel="in_person",
        received_on=data.received_on,
        content=checked["content"],
        area_code=data.area_code,
        petitioners=[
            PersonInput(
                full_name=p.full_name,
                id_number=p.id_number,
                address=p.address,
                phone=p.phone,
                is_representative=crowd,
            )
            for p in people
        ],
        topic=data.topic,
        summary=data.summary,
        requests=data.request,
        respondent=data.respondent,
        signer_count=max(data.visitor_count, len(people)),
        organization_id=checked["org"].pk,
    )
    try:
        return petition_register(actor=actor, data=petition_data)
    except DomainError as exc:
        exc.fields = {_PETITION_FIELDS.get(k.split(".")[0], k): v for k, v in exc.fields.items()}
        raise


def entry_register(*, actor: Any, data: EntryInput) -> ReceptionEntry:
    """Enter a visitor in the register; register or link their petition; issue a refusal
    notice for a refusal; start the reply deadline when the outcome needs one."""
    checked = _check(actor, data)
    org = checked["org"]
    rule_check(REPLY_RULE, data.received_on, field="received_on")
    visitor: VisitorInput = checked["visitor"]
    co: list[VisitorInput] = checked["co"]
    with transaction.atomic():
        petition = _petition_for(actor, data, checked)
        protected = petition is not None and petition.kind == "denunciation"
        year = data.received_on.year
        seq = serial_next(org, year)
        names = [visitor.full_name, *(p.full_name for p in co)]
        entry = ReceptionEntry(
            organization=org,
            session=checked["session"],
            year=year,
            seq=seq,
            number=f"{seq}/{year}/{org.code}",
            received_on=data.received_on,
            protected=protected,
            pseudonym=(petition.pseudonym if protected else ""),
            visitor_name="" if protected else visitor.full_name,
            visitor_address="" if protected else visitor.address,
            visitor_id_number="" if protected else visitor.id_number,
            visitor_phone="" if protected else visitor.phone,
            search_name="" if protected else fold(" ".join(names))[:250],
            visitor_count=data.visitor_count,
            representative_document=text(data.representative_document, 300),
            content=checked["content"],
            prior_handling=text(data.prior_handling, TEXT_MAX),
            request=text(data.request, TEXT_MAX),
            outcome=data.outcome,
            outcome_note=text(data.outcome_note, TEXT_MAX),
            transferred_to=checked["transferred_to"],
            refusal_ground=checked["ground"].code if checked["ground"] else "",
            petition=petition,
            petition_created=petition is not None and checked["mode"] == PetitionMode.NEW,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        entry.save(force_insert=True)
        if co and not protected:
            ReceptionRepresentative.objects.bulk_create(
                [
                    ReceptionRepresentative(
                        entry=entry,
                        position=i,
                        full_name=p.full_name,
                        id_number=p.id_number,
                        phone=p.phone,
                        address=p.address,
                    )
                    for i, p in enumerate(co, start=2)
                ]
            )
        changes: dict[str, tuple[Any, Any]] = {
            "organization": (None, org.code),
            "received_on": (None, entry.received_on),
            "outcome": (None, entry.outcome),
            "visitor_count": (None, entry.visitor_count),
            "petition": (None, getattr(petition, "case_number", None)),
            "session": (None, entry.session_id),
        }
        redact: list[str] = []
        if not protected:
            for name in PERSONAL_FIELDS:
                if getattr(entry, name):
                    changes[name] = (None, getattr(entry, name))
                    redact.append(name)
            if co:
                changes[REPRESENTATIVES_FIELD] = (None, ", ".join(p.full_name for p in co))
                redact.append(REPRESENTATIVES_FIELD)
        if entry.refusal_ground:
            changes["refusal_ground"] = (None, entry.refusal_ground)
        audit_record(
            actor=actor,
            verb="reception.entry_register",
            target=entry,
            target_label=entry.label,
            changes=changes,
            redact=redact,
        )
        if entry.outcome == Outcome.REFUSED:
            from danvan.reception.documents import refusal_issue

            refusal_issue(entry=entry, actor=actor, issued_on=min(today(), entry.received_on))
        entry_deadlines_sync(entry)
    return entry


def entry_reply_record(*, entry: ReceptionEntry, actor: Any, data: ReplyInput) -> ReceptionEntry:
    """Record the reply to the visitor (Luật TCD Đ.28 k1): the reply deadline is then done."""
    require_handler(actor, entry)
    if entry.outcome not in REPLY_OUTCOMES:
        message = _(
            "Lượt tiếp này không phải trả lời sau buổi tiếp (đã hướng dẫn, trả lời tại chỗ "
            "hoặc từ chối tiếp)."
        )
        raise ValidationFailed(message, fields={"replied_on": message})
    if entry.replied_on is not None:
        message = _("Đã ghi nhận trả lời ngày %(day)s.") % {
            "day": entry.replied_on.strftime("%d/%m/%Y")
        }
        raise ValidationFailed(message, fields={"replied_on": message})
    day = act_day(data.replied_on, not_before=entry.received_on, field="replied_on")
    if data.method not in ReplyMethod.values:
        message = _("Chọn hình thức trả lời: trực tiếp hoặc bằng văn bản.")
        raise ValidationFailed(message, fields={"method": message})
    note = text(data.note, TEXT_MAX)
    with transaction.atomic():
        save_versioned(
            entry,
            data.expected_version,
            entry.label,
            replied_on=day,
            reply_method=data.method,
            reply_note=note,
        )
        audit_record(
            actor=actor,
            verb="reception.entry_reply",
            target=entry,
            target_label=entry.label,
            changes={
                "replied_on": (None, day),
                "reply_method": (None, data.method),
                "reply_note": (None, note or None),
            },
        )
        entry_deadlines_sync(entry)
    return entry


def session_conclusion_issue(
    *,
    session: ReceptionSession,
    actor: Any,
    conclusions: Mapping[int, str],
    general: str = "",
    tasks: Sequence[str] = (),
    issued_on: Any = None,
) -> ReceptionDocument:
    """Record the host's conclusion on each matter and issue the conclusion notice (DOCX)."""
    from danvan.reception.documents import conclusion_issue

    require_handler(actor, session)
    if session.status != SessionStatus.HELD:
        message = _("Chỉ ban hành thông báo kết luận sau khi buổi tiếp đã diễn ra.")
        raise ValidationFailed(message, fields={"status": message})
    day = act_day(issued_on, not_before=session.date, field="issued_on")
    entries = {e.pk: e for e in session.entries.all()}
    cleaned = {pk: text(v, TEXT_MAX) for pk, v in conclusions.items() if pk in entries}
    general = text(general, TEXT_MAX)
    tasks = [text(t, 500) for t in tasks if text(t, 500)]
    if not general and not any(cleaned.values()):
        message = _("Nhập kết luận cho ít nhất một vụ việc hoặc ý kiến kết luận chung.")
        raise ValidationFailed(message, fields={"general": message})
    with transaction.atomic():
        for pk, value in cleaned.items():
            entry = entries[pk]
            if value != entry.conclusion:
                ReceptionEntry.objects.filter(pk=pk).update(conclusion=value)
                audit_record(
                    actor=actor,
                    verb="reception.entry_conclusion",
                    target=entry,
                    target_label=entry.label,
                    changes={"conclusion": (entry.conclusion or None, value)},
                )
                entry.conclusion = value
        return conclusion_issue(
            session=session,
            actor=actor,
            issued_on=day,
            conclusions=cleaned,
            general=general,
            tasks=tasks,
        )
