"""Writes of coordination programmes: create (parties, leads, duties), add a duty, move."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.coordination import permissions, selectors
from danvan.coordination.inputs import DutyInput, ProgrammeInput
from danvan.coordination.models import (
    Programme,
    ProgrammeDuty,
    ProgrammeParty,
)
from danvan.coordination.services.common import (
    date,
    invalid,
    long_text,
    organization,
    organizations,
    search_text,
    text,
)
from danvan.coordination.states import (
    PROGRAMME_OPEN,
    PROGRAMME_TRANSITIONS,
    ProgrammeStatus,
    Recurrence,
)
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.services.audit import audit_record
from danvan.core.services.versioning import versioned_update


def _no_right() -> str:
    return _(
        "Bạn không có quyền với chương trình phối hợp này: cần vai trò cán bộ, lãnh đạo hoặc quản "
        "trị tại đơn vị theo dõi hoặc tại một bên tham gia."
    )


def _duty_text(value: str) -> str:
    return text(value, field="duties", label=_("trách nhiệm"), max_length=300, required=True)


def programme_create(*, actor: Any, data: ProgrammeInput) -> Programme:
    """Record a programme (draft, or signed when a signing date is given) with its parties."""
    org = organization(data.organization_id, field="organization", label=_("đơn vị theo dõi"))
    party_ids = list(dict.fromkeys(data.party_ids))
    if org.pk not in party_ids:
        party_ids.insert(0, int(org.pk))
    if not permissions.can_write_at(actor, org) and not any(
        permissions.can_write_at(actor, p) for p in party_ids
    ):
        raise PermissionDenied(_no_right())
    title = text(
        data.title, field="title", label=_("tên chương trình"), max_length=500, required=True
    )
    reference = text(
        data.reference, field="reference", label=_("số, ký hiệu"), max_length=80, required=False
    )
    starts_on = date(data.starts_on, field="starts_on", label=_("ngày bắt đầu"))
    assert starts_on is not None
    ends_on = date(data.ends_on, field="ends_on", label=_("ngày kết thúc"), required=False)
    if ends_on is not None and ends_on < starts_on:
        raise invalid("ends_on", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
    signed_on = date(data.signed_on, field="signed_on", label=_("ngày ký"), required=False)
    if len(party_ids) < 2:
        raise invalid("parties", _("Chương trình phối hợp cần ít nhất hai bên tham gia."))
    parties = organizations(party_ids, field="parties")
    lead_ids = [i for i in dict.fromkeys(data.lead_ids) if i in parties]
    if len(lead_ids) != len(set(data.lead_ids)):
        raise invalid("leads", _("Bên chủ trì, ký kết phải là một bên tham gia."))
    if not lead_ids:
        raise invalid("leads", _("Chọn ít nhất một bên chủ trì, ký kết."))
    document = None
    if data.document_id is not None:
        # Only a document the actor may see (the programme's parties will read its title).
        document = selectors.documents_visible(user=actor, ids=[data.document_id]).get(
            int(data.document_id)
        )
        if document is None:
            raise invalid("document", _("Không có văn bản này trong sổ."))
    duties: list[tuple[int, str, str]] = []
    for d in data.duties:
        if d.party_id not in parties:
            raise invalid("duties", _("Trách nhiệm phải giao cho một bên tham gia."))
        if d.recurrence not in Recurrence.values:
            raise invalid("duties", _("Chọn chu kỳ hợp lệ."))
        duties.append((d.party_id, _duty_text(d.text), d.recurrence))
    status = ProgrammeStatus.SIGNED if signed_on else ProgrammeStatus.DRAFT
    with transaction.atomic():
        programme = Programme.objects.create(
            title=title,
            reference=reference,
            document=document,
            organization=org,
            scope=long_text(data.scope, field="scope"),
            starts_on=starts_on,
            ends_on=ends_on,
            signed_on=signed_on,
            status=status,
            search_text=search_text(reference, title),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        ProgrammeParty.objects.bulk_create(
            ProgrammeParty(programme=programme, organization_id=p, is_lead=p in lead_ids)
            for p in party_ids
        )
        ProgrammeDuty.objects.bulk_create(
            ProgrammeDuty(programme=programme, party_id=p, text=t, recurrence=r)
            for p, t, r in duties
        )
        audit_record(
            actor=actor,
            verb="coordination.programme_create",
            target=programme,
            changes={
                "title": (None, title),
                "reference": (None, reference or None),
                "parties": (None, [parties[p].code for p in party_ids]),
                "leads": (None, [parties[p].code for p in lead_ids]),
                "status": (None, status),
                "duties": (None, len(duties) or None),
            },
        )
    return programme


def _party_ids(programme: Programme) -> list[int]:
    return list(programme.parties.values_list("organization_id", flat=True))


def programme_duty_add(*, actor: Any, programme: Programme, data: DutyInput) -> ProgrammeDuty:
    """Add what one party undertakes (only while the programme is a draft or in force)."""
    party_ids = _party_ids(programme)
    if not permissions.can_write_programme(actor, programme, party_ids):
        raise PermissionDenied(_no_right())
    if programme.status not in PROGRAMME_OPEN:
        raise invalid("status", _("Chương trình đã kết thúc hoặc đã hủy: không thêm trách nhiệm."))
    if data.party_id not in party_ids:
        raise invalid("party", _("Trách nhiệm phải giao cho một bên tham gia."))
    if data.recurrence not in Recurrence.values:
        raise invalid("recurrence", _("Chọn chu kỳ hợp lệ."))
    duty_text = text(data.text, field="text", label=_("trách nhiệm"), max_length=300, required=True)
    with transaction.atomic():
        duty = ProgrammeDuty.objects.create(
            programme=programme,
            party_id=data.party_id,
            text=duty_text,
            recurrence=data.recurrence,
        )
        audit_record(
            actor=actor,
            verb="coordination.programme_duty_add",
            target=programme,
            changes={"duty": (None, duty_text)},
        )
    return duty


def programme_transition(
    *,
    actor: Any,
    programme: Programme,
    to: str,
    expected_version: int,
    on: dt.date | None = None,
    reason: str = "",
) -> Programme:
    """Sign (signed), end or cancel a programme; anything outside the table is refused."""
    if not permissions.can_write_programme(actor, programme, _party_ids(programme)):
        raise PermissionDenied(_no_right())
    if to not in PROGRAMME_TRANSITIONS.get(programme.status, frozenset()):
        raise ValidationFailed(
            _("Không chuyển được chương trình từ «%(a)s» sang «%(b)s».")
            % {
                "a": ProgrammeStatus(programme.status).label,
                "b": ProgrammeStatus(to).label if to in ProgrammeStatus.values else to,
            },
            fields={"to": _("Bước không hợp lệ.")},
        )
    note = " ".join((reason or "").split())[:1000]
    if to == ProgrammeStatus.CANCELLED and not note:
        raise invalid("reason", _("Nhập lý do hủy chương trình."))
    values: dict[str, Any] = {"status": to}
    if note:
        values["status_note"] = note
    if to == ProgrammeStatus.SIGNED:
        values["signed_on"] = on or programme.signed_on or timezone.localdate()
    if to == ProgrammeStatus.ENDED and programme.ends_on is None:
        values["ends_on"] = on or timezone.localdate()
    old = programme.status
    with transaction.atomic():
        if not versioned_update(programme, expected_version=expected_version, **values):
            raise Conflict(
                _(
                    "Chương trình vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi "
                    "thực hiện lại."
                ),
                fields={"expected_version": _("Phiên bản đã cũ.")},
            )
        changes: dict[str, tuple[Any, Any]] = {"status": (old, to)}
        if note:
            changes["reason"] = (None, note)
        audit_record(
            actor=actor,
            verb="coordination.programme_transition",
            target=programme,
            changes=changes,
        )
    return programme
