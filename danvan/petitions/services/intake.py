"""Registering a petition: checks, the case number and tracking code, people, files, vault,
search text, duplicate index, the first deadlines and the receipt document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.deadlines import DeadlineEngine
from danvan.core.errors import NotFound, PermissionDenied, ValidationFailed
from danvan.core.models import AdminUnit, Organization
from danvan.core.selectors.units import admin_unit_resolve
from danvan.core.services.audit import audit_record
from danvan.core.topics import DEFAULT_TOPIC, topic_codes
from danvan.petitions import permissions
from danvan.petitions.attachments import CheckedFile, attachments_check
from danvan.petitions.deadlines import petition_deadlines_sync
from danvan.petitions.inputs import FileInput, PersonInput, PetitionInput
from danvan.petitions.models import Petition, PetitionAttachment, Petitioner
from danvan.petitions.services.common import (
    EARLIEST_RECEIVED,
    case_number_next,
    event_add,
    today,
    tracking_code_new,
)
from danvan.petitions.states import FORWARDED_CHANNELS, Channel, Kind, Status
from danvan.text.dedup import name_key
from danvan.text.normalize import normalize

CONTENT_MAX = 20000
ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
PHONE = re.compile(r"^\+?[0-9 .\-]{8,20}$")
MULTI_SIGNER = 5


def _text(value: str, limit: int) -> str:
    return normalize((value or "").strip())[:limit]


def _organization_for(actor: Any, data: PetitionInput) -> Organization:
    if data.organization_id is not None:
        org = Organization.objects.filter(pk=data.organization_id, is_active=True).first()
        if org is None or not permissions.can_register_at(actor, org):
            message = _("Không có cơ quan này hoặc bạn không được vào sổ đơn cho cơ quan này.")
            raise ValidationFailed(message, fields={"organization": message})
        return org
    orgs = permissions.home_organizations(actor)
    if not orgs:
        raise PermissionDenied(
            _("Bạn chưa có vai trò cán bộ hoặc lãnh đạo ở cơ quan nào nên chưa vào sổ đơn được.")
        )
    if len(orgs) > 1:
        message = _("Bạn làm việc ở nhiều cơ quan: chọn cơ quan tiếp nhận đơn.")
        raise ValidationFailed(message, fields={"organization": message})
    return orgs[0]


def _area_for(code: str, received_on: dt.date) -> tuple[AdminUnit, AdminUnit | None]:
    """The unit in force today for the code as it was on the received date (and the given one)."""
    code = (code or "").strip()
    if not code:
        message = _("Nhập mã đơn vị hành chính (tỉnh hoặc xã) nơi phát sinh vụ việc.")
        raise ValidationFailed(message, fields={"area_code": message})
    try:
        resolution = admin_unit_resolve(code=code, on=received_on)
    except NotFound:
        message = _(
            "Không có đơn vị hành chính mã «{code}» có hiệu lực vào ngày nhận đơn {day}."
        ).format(code=code[:20], day=received_on.strftime("%d/%m/%Y"))
        raise ValidationFailed(message, fields={"area_code": message}) from None
    if resolution.current is None:
        names = ", ".join(f"{u.code} {u.name}" for u in resolution.candidates[:6])
        message = _(
            "Đơn vị «{name}» đã được chia cho nhiều đơn vị mới ({names}): nhập mã đơn vị mới."
        ).format(name=resolution.unit.full_name, names=names)
        raise ValidationFailed(message, fields={"area_code": message})
    given = resolution.unit if resolution.unit.pk != resolution.current.pk else None
    return resolution.current, given


def _people(data: PetitionInput) -> list[PersonInput]:
    fields: dict[str, str] = {}
    people: list[PersonInput] = []
    for i, person in enumerate(data.petitioners):
        name = _text(person.full_name, 200)
        id_number = (person.id_number or "").strip().replace(" ", "")
        phone = (person.phone or "").strip()
        email = (person.email or "").strip()[:254]
        if not name:
            fields[f"petitioners.{i}.full_name"] = _("Nhập họ và tên người gửi đơn.")
        if id_number and not ID_NUMBER.match(id_number):
            fields[f"petitioners.{i}.id_number"] = _(
                "Số định danh cá nhân gồm 12 chữ số (hoặc số CMND cũ 9 chữ số)."
            )
        if phone and not PHONE.match(phone):
            fields[f"petitioners.{i}.phone"] = _("Số điện thoại không hợp lệ.")
        if email and ("@" not in email or " " in email):
            fields[f"petitioners.{i}.email"] = _("Địa chỉ thư điện tử không hợp lệ.")
        people.append(
            PersonInput(
                full_name=name,
                id_number=id_number,
                address=_text(person.address, 300),
                phone=phone,
                email=email,
                is_representative=bool(person.is_representative),
            )
        )
    if fields:
        raise ValidationFailed(_("Thông tin người gửi đơn chưa đúng."), fields=fields)
    return people


def petition_input_check(data: PetitionInput) -> dict[str, Any]:
    """Every check of the input that needs no organisation; all problems at once."""
    fields: dict[str, str] = {}
    if data.kind not in Kind.values:
        fields["kind"] = _(
            "Chọn loại đơn: khiếu nại, tố cáo, kiến nghị, phản ánh hoặc đơn có nhiều nội dung."
        )
    if data.channel not in Channel.values:
        fields["channel"] = _("Chọn nguồn đơn.")
    received = data.received_on
    if not isinstance(received, dt.date):
        fields["received_on"] = _("Nhập ngày nhận đơn (ngày/tháng/năm).")
    elif received > today():
        fields["received_on"] = _("Ngày nhận đơn không được sau hôm nay.")
    elif received < EARLIEST_RECEIVED:
        fields["received_on"] = _("Ngày nhận đơn phải từ năm 2000 trở về sau.")
    content = _text(data.content, CONTENT_MAX + 1)
    if len(content) < 10:
        fields["content"] = _("Nhập nội dung đơn (ít nhất 10 ký tự).")
    elif len(content) > CONTENT_MAX:
        fields["content"] = _("Nội dung đơn dài quá 20.000 ký tự: tóm tắt và đính kèm bản đầy đủ.")
    topic = (data.topic or "").strip() or DEFAULT_TOPIC
    if topic not in topic_codes():
        fields["topic"] = _("Lĩnh vực không có trong danh mục.")
    secondary = [t for t in data.secondary_topics if t]
    if any(t not in topic_codes() for t in secondary):
        fields["secondary_topics"] = _("Lĩnh vực phụ không có trong danh mục.")
    if data.anonymous and data.petitioners:
        fields["petitioners"] = _(
            "Đơn nặc danh không ghi người gửi: bỏ chọn “nặc danh” hoặc xóa người gửi."
        )
    if not data.anonymous and not data.petitioners:
        fields["petitioners"] = _("Nhập ít nhất một người gửi đơn, hoặc chọn “đơn nặc danh”.")
    if data.channel in FORWARDED_CHANNELS and not (data.forwarder or "").strip():
        fields["forwarder"] = _(
            "Đơn được chuyển đến: ghi rõ nơi chuyển (đại biểu, Mặt trận, cơ "
            "quan báo chí, cơ quan khác)."
        )
    if data.channel == Channel.PAKN and not (data.pakn_code or "").strip():
        fields["pakn_code"] = _("Nhập mã phản ánh, kiến nghị trên hệ thống PAKN.")
    if data.complaint_round not in (1, 2) or (
        data.complaint_round == 2 and data.kind != Kind.COMPLAINT
    ):
        fields["complaint_round"] = _("Lần khiếu nại là 1 hoặc 2 (chỉ với đơn khiếu nại).")
    count = data.signer_count
    listed = len(data.petitioners)
    if count is not None and (count < max(listed, 0 if data.anonymous else 1) or count > 100000):
        fields["signer_count"] = _("Số người ký không được ít hơn số người gửi đã nhập.")
    if fields:
        raise ValidationFailed(
            _("Đơn chưa đủ hoặc chưa đúng thông tin; xem từng trường."), fields=fields
        )
    people = _people(data)
    signers = count if count is not None else max(listed, 0 if data.anonymous else 1)
    if signers >= MULTI_SIGNER and people and not any(p.is_representative for p in people):
        people[0].is_representative = True  # the first signer represents until told otherwise
    return {
        "content": content,
        "topic": topic,
        "secondary": secondary,
        "people": people,
        "signers": signers,
    }


def petition_register(
    *, actor: Any, data: PetitionInput, files: Sequence[FileInput] = ()
) -> Petition:
    """Enter a petition in the register of the receiving organisation."""
    checked = petition_input_check(data)
    org = _organization_for(actor, data)
    area, area_given = _area_for(data.area_code, data.received_on)
    checked_files = attachments_check(files)
    duplicate_of = None
    if data.duplicate_of_id is not None:
        from danvan.petitions.selectors import petition_get_or_none

        duplicate_of = petition_get_or_none(user=actor, pk=data.duplicate_of_id)
        if duplicate_of is None:
            message = _("Không tìm thấy đơn được đánh dấu là trùng.")
            raise ValidationFailed(message, fields={"duplicate_of_id": message})
        from danvan.petitions.services.actions import duplicate_root

        # Always the first case of the chain, as `petition_mark_duplicate` links it: the chain
        # is counted once, and a transfer of any of its cases counts for all of them.
        duplicate_of = duplicate_root(duplicate_of)
    with transaction.atomic():
        petition = _petition_create(
            actor=actor,
            org=org,
            data=data,
            content=checked["content"],
            topic=checked["topic"],
            secondary=checked["secondary"],
            people=checked["people"],
            signers=checked["signers"],
            area=area,
            area_given=area_given,
            files=checked_files,
            duplicate_of=duplicate_of,
        )
        event_add(
            petition,
            actor=actor,
            verb="registered",
            on=petition.received_on,
            to_status=Status.RECEIVED,
            data={"channel": petition.channel, "duplicate_of": getattr(duplicate_of, "pk", None)},
        )
        audit_record(
            actor=actor,
            verb="petition.register",
            target=petition,
            changes={
                "kind": (None, petition.kind),
                "channel": (None, petition.channel),
                "organization": (None, org.code),
                "area": (None, area.code),
                "received_on": (None, petition.received_on),
            },
        )
        _issue_receipt(petition, actor)
    return petition


def _issue_receipt(petition: Petition, actor: Any) -> None:
    from danvan.petitions.documents import document_issue

    document_issue(
        petition=petition,
        template="tiep_nhan",
        actor=actor,
        issued_on=today(),
        extra={"due": petition.next_deadline},
    )


def _petition_create(
    *,
    actor: Any,
    org: Organization,
    data: PetitionInput,
    content: str,
    topic: str,
    secondary: list[str],
    people: list[PersonInput],
    signers: int,
    area: AdminUnit,
    area_given: AdminUnit | None,
    files: Sequence[CheckedFile],
    duplicate_of: Petition | None = None,
    transferred_from: Petition | None = None,
    inbox_pending: bool = False,
    vault_copy_from: Petition | None = None,
    engine: DeadlineEngine | None = None,
) -> Petition:
    """Create the case with its people, files, indexes and deadlines (caller's transaction)."""
    from danvan.petitions import vault
    from danvan.petitions.duplicates import duplicate_index
    from danvan.petitions.search import search_text_for

    year = data.received_on.year
    seq, case_number = case_number_next(org, year)
    protected = data.kind == Kind.DENUNCIATION
    petition = Petition(
        organization=org,
        year=year,
        seq=seq,
        case_number=case_number,
        tracking_code=tracking_code_new(),
        kind=data.kind,
        channel=data.channel,
        forwarder=_text(data.forwarder, 250),
        forwarder_reference=_text(data.forwarder_reference, 100),
        pakn_code=_text(data.pakn_code, 60),
        received_on=data.received_on,
        registered_by=actor if getattr(actor, "pk", None) else None,
        summary=_text(data.summary, 500),
        content=content,
        requests=_text(data.requests, 4000),
        respondent=_text(data.respondent, 500),
        topic=topic,
        secondary_topics=secondary,
        area=area,
        area_given=area_given,
        remote=bool(area.remote),
        anonymous=bool(data.anonymous),
        signer_count=signers,
        complaint_round=data.complaint_round,
        pseudonym=vault.pseudonym_new() if protected else "",
        duplicate_of=duplicate_of,
        transferred_from=transferred_from,
        inbox_pending=inbox_pending,
        status=Status.RECEIVED,
    )
    names = [] if protected else [p.full_name for p in people]
    petition.search_text = search_text_for(
        content=petition.content,
        summary=petition.summary,
        case_number=case_number,
        names=names,
        respondent=petition.respondent,
        requests=petition.requests,
    )
    petition.save(force_insert=True)
    if protected:
        if vault_copy_from is not None:
            vault.vault_copy(source=vault_copy_from, target=petition)
        elif people or files:
            vault.vault_store(
                petition=petition,
                persons=people,
                files=[
                    FileInput(
                        name=f.name,
                        data=f.data,
                        is_original=f.is_original,
                        description=f.description,
                    )
                    for f in files
                ],
            )
    else:
        Petitioner.objects.bulk_create(
            [
                Petitioner(
                    petition=petition,
                    organization_id=petition.organization_id,
                    position=i,
                    full_name=p.full_name,
                    search_name=name_key(p.full_name),
                    id_number=p.id_number,
                    address=p.address,
                    phone=p.phone,
                    email=p.email,
                    is_representative=p.is_representative,
                )
                for i, p in enumerate(people)
            ]
        )
        for f in files:
            _attachment_save(petition, actor, f)
    duplicate_index(petition)
    petition_deadlines_sync(petition, engine=engine)
    return petition


def _attachment_save(petition: Petition, actor: Any, f: CheckedFile) -> PetitionAttachment:
    attachment = PetitionAttachment(
        petition=petition,
        original_name=f.name,
        content_type=f.content_type,
        size=f.size,
        sha256=f.sha256,
        is_original=f.is_original,
        description=f.description,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(f.sha256, ContentFile(f.data), save=False)
    attachment.save()
    return attachment
