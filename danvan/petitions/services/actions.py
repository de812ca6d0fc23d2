"""Actions on a case that are not lifecycle moves: assignment, extensions, agencies,
duplicates, satisfaction, reporting back to the forwarder, inbox, attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.deadlines import DeadlineEngine
from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization, User
from danvan.core.selectors.calendar import deadline_engine
from danvan.core.services.audit import audit_record
from danvan.petitions import permissions
from danvan.petitions.attachments import attachments_check, max_files
from danvan.petitions.deadlines import petition_deadlines_sync
from danvan.petitions.inputs import FileInput
from danvan.petitions.models import (
    AgencyRole,
    Extension,
    ExtensionKind,
    Petition,
    PetitionAgency,
    PetitionAttachment,
)
from danvan.petitions.services.common import (
    act_date,
    event_add,
    require_handler,
    require_reason,
    satisfaction_open,
    satisfaction_values,
    today,
    version_bump,
)
from danvan.petitions.states import (
    FORWARDED_CHANNELS,
    OPEN_STATES,
    Kind,
    Status,
)


def _check_assignee(petition: Petition, assignee: User) -> None:
    if not assignee.is_active or not permissions.can_handle(assignee, petition):
        message = _("Người được giao phải là cán bộ đang làm việc, có quyền xử lý hồ sơ này.")
        raise ValidationFailed(message, fields={"assignee": message})


def petition_assign(
    *,
    petition: Petition,
    actor: Any,
    assignee: User | None,
    expected_version: int,
    engine: DeadlineEngine | None = None,
) -> Petition:
    require_handler(actor, petition)
    if assignee is not None:
        _check_assignee(petition, assignee)
    old = petition.assignee
    with transaction.atomic():
        version_bump(petition, expected_version, assignee=assignee)
        event_add(
            petition,
            actor=actor,
            verb="assigned",
            on=today(),
            data={"assignee": getattr(assignee, "username", None)},
        )
        audit_record(
            actor=actor,
            verb="petition.assign",
            target=petition,
            changes={
                "assignee": (getattr(old, "username", None), getattr(assignee, "username", None))
            },
        )
        petition_deadlines_sync(petition, engine=engine)
    return petition


def petition_bulk_assign(*, actor: Any, petition_ids: Sequence[int], assignee: User) -> int:
    """Assign every listed open case the actor may handle to `assignee`; returns how many."""
    from danvan.petitions.selectors import petition_list

    ids = sorted({int(i) for i in petition_ids})
    if not ids:
        message = _("Chọn ít nhất một hồ sơ.")
        raise ValidationFailed(message, fields={"petitions": message})
    if len(ids) > 500:
        message = _("Mỗi lần giao tối đa 500 hồ sơ.")
        raise ValidationFailed(message, fields={"petitions": message})
    petitions = list(petition_list(user=actor).filter(pk__in=ids, status__in=sorted(OPEN_STATES)))
    if len(petitions) != len(ids):
        message = _("Có hồ sơ không tìm thấy, đã kết thúc hoặc ngoài phạm vi của bạn.")
        raise ValidationFailed(message, fields={"petitions": message})
    engine = deadline_engine()  # one read of the rules for the whole batch
    with transaction.atomic():
        for petition in petitions:
            petition_assign(
                engine=engine,
                petition=petition,
                actor=actor,
                assignee=assignee,
                expected_version=petition.version,
            )
    return len(petitions)


def petition_extend(
    *,
    petition: Petition,
    actor: Any,
    kind: str,
    decision_number: str,
    decided_on: dt.date,
    reason: str,
    expected_version: int,
) -> Petition:
    """Record a written decision that lengthens a deadline.

    - `initial`: a denunciation's initial check extended to 10 working days (while received);
    - `complex` / `especially_complex`: the resolution deadline of a complaint (complex) or
      a denunciation (first and second extension), while the case is being resolved.
    """
    require_handler(actor, petition)
    reason = require_reason(reason)
    number = (decision_number or "").strip()
    if not number:
        message = _("Nhập số văn bản quyết định gia hạn.")
        raise ValidationFailed(message, fields={"decision_number": message})
    if kind not in ExtensionKind.values:
        message = _("Loại gia hạn không hợp lệ.")
        raise ValidationFailed(message, fields={"kind": message})
    existing = list(petition.extensions.values_list("kind", flat=True))
    problem = ""
    changes: dict[str, Any] = {}
    if kind == ExtensionKind.INITIAL:
        if petition.kind != Kind.DENUNCIATION or petition.status != Status.RECEIVED:
            problem = _("Chỉ gia hạn kiểm tra, xác minh ban đầu với đơn tố cáo chưa xử lý.")
        elif petition.initial_extended:
            problem = _("Thời hạn kiểm tra ban đầu đã được gia hạn.")
        changes["initial_extended"] = True
    else:
        if petition.status not in (Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED):
            problem = _("Chỉ gia hạn giải quyết khi hồ sơ đã thụ lý và chưa có kết quả.")
        elif petition.kind == Kind.COMPLAINT:
            if kind != ExtensionKind.COMPLEX or petition.complex:
                problem = _(
                    "Khiếu nại chỉ có một mức: vụ việc phức tạp (đã ghi nhận hoặc chọn sai loại)."
                )
            changes["complex"] = True
        elif petition.kind == Kind.DENUNCIATION:
            count = sum(1 for k in existing if k != ExtensionKind.INITIAL)
            if count >= 2:
                problem = _(
                    "Tố cáo chỉ được gia hạn giải quyết tối đa hai lần (Luật Tố cáo Điều 30)."
                )
            elif kind == ExtensionKind.ESPECIALLY_COMPLEX and count == 0:
                problem = _(
                    "Gia hạn lần đầu ghi là “vụ việc phức tạp”; lần thứ hai mới là "
                    "“đặc biệt phức tạp”."
                )
            elif kind == ExtensionKind.COMPLEX and count == 1:
                problem = _("Lần gia hạn thứ hai ghi là “vụ việc đặc biệt phức tạp”.")
        else:
            problem = _("Kiến nghị, phản ánh không có gia hạn theo luật.")
    if problem:
        raise ValidationFailed(problem, fields={"kind": problem})
    # The resolution deadline runs from acceptance: its extension cannot be decided before it.
    earliest = petition.received_on
    if kind != ExtensionKind.INITIAL and petition.accepted_on:
        earliest = max(earliest, petition.accepted_on)
    decided = act_date(decided_on, not_before=earliest, field="decided_on")
    with transaction.atomic():
        version_bump(petition, expected_version, **changes)
        Extension.objects.create(
            petition=petition,
            kind=kind,
            decided_on=decided,
            decision_number=number[:100],
            reason=reason,
            decided_by=actor if getattr(actor, "pk", None) else None,
        )
        event = event_add(
            petition,
            actor=actor,
            verb="extended",
            on=decided,
            reason=reason,
            data={"kind": kind, "decision_number": number[:100]},
        )
        audit_record(
            actor=actor,
            verb="petition.extend",
            target=petition,
            changes={"extension": (None, kind), "decision_number": (None, number[:100])},
        )
        petition_deadlines_sync(petition)
        from danvan.petitions.documents import document_issue

        document_issue(
            petition=petition,
            template="quyet_dinh_gia_han",
            actor=actor,
            event=event,
            issued_on=decided,
            number=number[:100],
            extra={"reason": reason, "extension_kind": kind, "due": petition.next_deadline},
        )
    return petition


def petition_agency_set(
    *,
    petition: Petition,
    actor: Any,
    organization: Organization,
    role: str,
    part: str,
    assignee: User | None,
    due: dt.date | None,
) -> PetitionAgency:
    """Name the lead agency or add/update a coordinating agency with its part and deadline."""
    require_handler(actor, petition)
    if role not in AgencyRole.values:
        message = _("Vai trò của cơ quan không hợp lệ.")
        raise ValidationFailed(message, fields={"role": message})
    if petition.status not in OPEN_STATES:
        message = _("Hồ sơ đã kết thúc.")
        raise ValidationFailed(message, fields={"organization": message})
    if not organization.is_active:
        message = _("Cơ quan này đã ngừng hoạt động.")
        raise ValidationFailed(message, fields={"organization": message})
    if due is not None and due < today():
        message = _("Hạn phải từ hôm nay trở đi.")
        raise ValidationFailed(message, fields={"due": message})
    if assignee is not None and (
        not assignee.is_active or not permissions.can_register_at(assignee, organization)
    ):
        message = _("Người được giao phải là cán bộ đang làm việc tại cơ quan được phân công.")
        raise ValidationFailed(message, fields={"assignee": message})
    if role == AgencyRole.COORDINATING and due is None:
        message = _("Đặt hạn cho phần việc của cơ quan phối hợp.")
        raise ValidationFailed(message, fields={"due": message})
    part = (part or "").strip()[:4000]
    with transaction.atomic():
        if role == AgencyRole.LEAD:
            PetitionAgency.objects.filter(petition=petition, role=AgencyRole.LEAD).exclude(
                organization=organization
            ).update(role=AgencyRole.COORDINATING)
        agency, _created = PetitionAgency.objects.update_or_create(
            petition=petition,
            organization=organization,
            defaults={"role": role, "part": part, "assignee": assignee, "due": due},
        )
        event_add(
            petition,
            actor=actor,
            verb="coordination",
            on=today(),
            data={"organization": organization.code, "role": role, "due": _iso(due)},
            reason=part,
        )
        audit_record(
            actor=actor,
            verb="petition.agency",
            target=petition,
            changes={"agency": (None, f"{organization.code}:{role}"), "due": (None, _iso(due))},
        )
        petition_deadlines_sync(petition)
    return agency


def petition_agency_part_done(
    *, petition: Petition, actor: Any, organization: Organization, on: dt.date | None = None
) -> PetitionAgency:
    agency = PetitionAgency.objects.filter(petition=petition, organization=organization).first()
    if agency is None:
        message = _("Cơ quan này không tham gia giải quyết hồ sơ.")
        raise ValidationFailed(message, fields={"organization": message})
    if agency.done_on is not None:
        message = _("Phần việc của cơ quan này đã được ghi nhận hoàn thành.")
        raise ValidationFailed(message, fields={"organization": message})
    if petition.status not in OPEN_STATES:
        message = _("Hồ sơ đã kết thúc.")
        raise ValidationFailed(message, fields={"organization": message})
    if not (
        permissions.can_handle(actor, petition) or permissions.can_register_at(actor, organization)
    ):
        require_handler(actor, petition)
    day = act_date(on, not_before=petition.received_on)
    with transaction.atomic():
        agency.done_on = day
        agency.save(update_fields=["done_on"])
        event_add(
            petition,
            actor=actor,
            verb="coordination_done",
            on=day,
            data={"organization": organization.code},
        )
        audit_record(
            actor=actor,
            verb="petition.agency_done",
            target=petition,
            changes={"agency_done": (None, organization.code)},
        )
        petition_deadlines_sync(petition)
    return agency


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def duplicate_root(petition: Petition, *, seen: set[int] | None = None) -> Petition:
    """The first case of a chain of duplicates (the one statistics count, the one whose
    transfer counts for all of them)."""
    root = petition
    visited = set(seen or ())
    while root.duplicate_of_id is not None and root.pk not in visited:
        visited.add(root.pk)
        root = Petition.objects.get(pk=root.duplicate_of_id)
    return root


def petition_mark_duplicate(
    *, petition: Petition, actor: Any, duplicate_of: Petition | None, expected_version: int
) -> Petition:
    """Link the case as a duplicate of an earlier one (or unlink with None)."""
    require_handler(actor, petition)
    if duplicate_of is not None:
        if duplicate_of.pk == petition.pk:
            message = _("Một đơn không thể trùng với chính nó.")
            raise ValidationFailed(message, fields={"duplicate_of": message})
        root = duplicate_root(duplicate_of, seen={petition.pk})
        if root.pk == petition.pk:
            message = _("Liên kết này tạo vòng lặp đơn trùng.")
            raise ValidationFailed(message, fields={"duplicate_of": message})
        duplicate_of = root  # always link to the first case so statistics count it once
    old = petition.duplicate_of
    with transaction.atomic():
        version_bump(petition, expected_version, duplicate_of=duplicate_of)
        event_add(
            petition,
            actor=actor,
            verb="duplicate",
            on=today(),
            data={"duplicate_of": getattr(duplicate_of, "case_number", None)},
        )
        audit_record(
            actor=actor,
            verb="petition.duplicate",
            target=petition,
            changes={"duplicate_of": (getattr(old, "pk", None), getattr(duplicate_of, "pk", None))},
        )
    return petition


def petition_satisfaction_record(
    *, petition: Petition, actor: Any, satisfaction: str, channel: str, note: str = ""
) -> Petition:
    """The citizen's rating of the answer: once the case is resolved or closed, or answered."""
    if actor is not None:
        require_handler(actor, petition)
    if not satisfaction_open(petition):
        message = _("Chỉ ghi nhận mức độ hài lòng khi đã có kết quả giải quyết hoặc đã trả lời.")
        raise ValidationFailed(message, fields={"satisfaction": message})
    values = satisfaction_values(satisfaction, channel, channel_field="channel")
    old = petition.satisfaction
    with transaction.atomic():
        version_bump(
            petition,
            petition.version,
            satisfaction_note=(note or "").strip()[:500],
            **values,
        )
        event_add(
            petition,
            actor=actor,
            verb="satisfaction",
            on=today(),
            data={"satisfaction": satisfaction, "channel": channel},
        )
        audit_record(
            actor=actor,
            verb="petition.satisfaction",
            target=petition,
            changes={"satisfaction": (old or None, satisfaction)},
        )
    return petition


def petition_report_back_done(
    *, petition: Petition, actor: Any, on: dt.date, note: str = ""
) -> Petition:
    """The forwarder (deputy, Front, press, agency) has been told how the petition was handled."""
    require_handler(actor, petition)
    if petition.channel not in FORWARDED_CHANNELS:
        message = _("Đơn này không do nơi khác chuyển đến.")
        raise ValidationFailed(message, fields={"on": message})
    if petition.reported_back_on:
        message = _("Đã ghi nhận việc thông báo cho nơi chuyển đơn.")
        raise ValidationFailed(message, fields={"on": message})
    day = act_date(on, not_before=petition.received_on)
    with transaction.atomic():
        version_bump(petition, petition.version, reported_back_on=day)
        event_add(
            petition,
            actor=actor,
            verb="report_back",
            on=day,
            reason=(note or "")[:2000],
            data={"forwarder": petition.forwarder},
        )
        audit_record(
            actor=actor,
            verb="petition.report_back",
            target=petition,
            changes={"reported_back_on": (None, day)},
        )
        petition_deadlines_sync(petition)
    return petition


def petition_inbox_acknowledge(*, petition: Petition, actor: Any) -> Petition:
    """The receiving organisation takes a transferred case out of its inbox."""
    require_handler(actor, petition)
    if not petition.inbox_pending:
        return petition
    with transaction.atomic():
        version_bump(petition, petition.version, inbox_pending=False)
        from danvan.petitions.models import Transfer

        Transfer.objects.filter(received_petition=petition, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now()
        )
        event_add(petition, actor=actor, verb="inbox_acknowledged", on=today())
        audit_record(
            actor=actor,
            verb="petition.inbox_acknowledge",
            target=petition,
            changes={"inbox_pending": (True, False)},
        )
    return petition


def petition_attachment_add(
    *, petition: Petition, actor: Any, file: FileInput
) -> PetitionAttachment:
    from danvan.petitions.services.intake import _attachment_save

    require_handler(actor, petition)
    if petition.kind == Kind.DENUNCIATION:
        message = _(
            "Tài liệu của đơn tố cáo được lưu trong kho mật khi vào sổ; thêm tài liệu "
            "xác minh ở hồ sơ giải quyết."
        )
        raise ValidationFailed(message, fields={"files": message})
    existing = petition.attachments.count()
    (checked,) = attachments_check([file]) if existing < max_files() else (None,)
    if checked is None:
        message = _("Mỗi đơn đính kèm tối đa {n} tệp.").format(n=max_files())
        raise ValidationFailed(message, fields={"files": message})
    with transaction.atomic():
        attachment = _attachment_save(petition, actor, checked)
        event_add(
            petition,
            actor=actor,
            verb="attachment",
            on=today(),
            data={"name": checked.name, "size": checked.size},
        )
        audit_record(
            actor=actor,
            verb="petition.attachment",
            target=petition,
            changes={"attachment": (None, checked.sha256)},
        )
    return attachment


__all__ = [
    "petition_agency_part_done",
    "petition_agency_set",
    "petition_assign",
    "petition_attachment_add",
    "petition_bulk_assign",
    "petition_extend",
    "petition_inbox_acknowledge",
    "petition_mark_duplicate",
    "petition_report_back_done",
    "petition_satisfaction_record",
]
