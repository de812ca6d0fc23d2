"""Obligations a document creates (nhiệm vụ phát sinh từ văn bản): each one is a core Task.

The obligation row keeps what the document says and who leads; the task (linked back with
`target=<obligation>`) carries the due date, the supporting units, progress and completion,
so the overdue board and the units' scoreboard count it like any other task.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.coordination.inputs import ObligationInput
from danvan.coordination.models import DocumentObligation, LegalDocument
from danvan.coordination.services.common import (
    check_writer,
    date,
    long_text,
    organization,
    supporting,
    text,
)
from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.services.audit import audit_record
from danvan.core.services.tasks import can_write_task, task_create


def document_obligation_create(
    *, actor: Any, document: LegalDocument, data: ObligationInput
) -> DocumentObligation:
    """Record a duty the document gives a lead unit (with supporting units) and assign it.

    Needs the writer's right at the document's organisation and, for the task, at the lead
    unit; nothing is written when either is missing.
    """
    check_writer(
        actor,
        document.organization_id,
        _(
            "Bạn không có quyền ghi nhiệm vụ của văn bản này: cần vai trò cán bộ, lãnh đạo hoặc "
            "quản trị tại đơn vị quản lý văn bản."
        ),
    )
    content = text(
        data.content, field="content", label=_("nội dung nhiệm vụ"), max_length=300, required=True
    )
    lead = organization(data.lead_id, field="lead", label=_("đơn vị chủ trì"))
    due = date(data.due, field="due", label=_("hạn hoàn thành"))
    assert due is not None
    if due < document.issued_on:
        message = _("Hạn hoàn thành phải sau ngày ban hành văn bản (%(day)s).") % {
            "day": document.issued_on.strftime("%d/%m/%Y")
        }
        raise ValidationFailed(message, fields={"due": message})
    if not can_write_task(actor, lead):
        raise PermissionDenied(
            _(
                "Bạn không có quyền giao nhiệm vụ cho %(org)s: cần vai trò cán bộ, lãnh đạo hoặc "
                "quản trị tại đơn vị đó hoặc đơn vị cấp trên."
            )
            % {"org": lead.name},
            fields={"lead": _("Không giao được nhiệm vụ cho đơn vị này.")},
        )
    supports = supporting(data.supporting, lead=lead)
    description = long_text(data.description, field="description")
    with transaction.atomic():
        obligation = DocumentObligation.objects.create(
            document=document,
            content=content,
            lead=lead,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        task = task_create(
            actor=actor,
            title=content,
            organization=lead,
            due=due,
            description=description
            or _("Thực hiện %(doc)s: %(title)s") % {"doc": str(document), "title": document.title},
            target=obligation,
            supporting=supports,
        )
        obligation.task = task
        obligation.save(update_fields=["task"])
        audit_record(
            actor=actor,
            verb="coordination.obligation_create",
            target=document,
            changes={
                "obligation": (None, content),
                "lead": (None, lead.code),
                "due": (None, due),
                "supporting": (None, [o.code for o, _p in supports] or None),
            },
        )
    return obligation
