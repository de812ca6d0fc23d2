"""Writes of inspections: plan, edit, move, and the conclusion whose items become core tasks.

Concluding an inspection records the conclusion text and its items in one transaction: each
item becomes a core `Task` of the inspected unit responsible for it (the lead), with its
supporting units and due date, linked back to the item. If any item is refused (no permission
to assign the unit a task, a bad date...), nothing is written. An inspection closes when every
item's task is done or cancelled, or with an explicit reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.errors import PermissionDenied, ValidationFailed
from danvan.core.models import Organization, TaskStatus
from danvan.core.services import tasks as task_services
from danvan.core.services.audit import audit_record
from danvan.core.services.versioning import versioned_update
from danvan.oversight import permissions
from danvan.oversight.inputs import ConclusionItemInput, InspectionInput
from danvan.oversight.models import ConclusionItem, Inspection
from danvan.oversight.services.common import (
    TEXT_MAX,
    TITLE_MAX,
    act_date,
    active_organization,
    active_organizations,
    check_date,
    check_partners,
    check_range,
    clean_reason,
    clean_text,
    conflict,
    plain,
)
from danvan.oversight.states import (
    INSPECTION_TERMINAL,
    INSPECTION_TRANSITIONS,
    InspectionStatus,
    inspection_targets,
)
from danvan.text import fold

_INSPECTION = gettext_noop("Cuộc kiểm tra")
MAX_ITEMS = 50


def _require_manager(actor: Any, inspection: Inspection) -> None:
    if not permissions.can_manage_inspection(actor, inspection):
        raise PermissionDenied(
            _(
                "Bạn không có quyền thực hiện việc này: cần vai trò cán bộ, lãnh đạo, cấp ủy hoặc "
                "thanh tra tại cơ quan kiểm tra hoặc cơ quan cấp trên."
            )
        )


def _check_documents(ids: Sequence[int], actor: Any, current: Sequence[Any] = ()) -> list[Any]:
    if not ids:
        return []
    from danvan.coordination.selectors import documents_visible

    wanted = list(dict.fromkeys(int(i) for i in ids))
    # Documents already cited are kept even if the actor cannot see them.
    visible = {int(d.pk): d for d in current} | documents_visible(user=actor, ids=wanted)
    found = [visible[i] for i in wanted if i in visible]
    if len(found) != len(wanted):
        message = _("Có văn bản không tồn tại trong hệ thống (hoặc bạn không có quyền xem).")
        raise ValidationFailed(message, fields={"documents": message})
    return found


def _clean(
    data: InspectionInput,
    actor: Any,
    current: Sequence[Any] = (),
    inspected_now: Sequence[int] = (),
) -> dict[str, Any]:
    title = clean_text(
        data.title, field="title", limit=TITLE_MAX, required=_("Nhập nội dung kiểm tra.")
    )
    scheduled_from, scheduled_to = check_range(
        data.scheduled_from,
        data.scheduled_to,
        fields=("scheduled_from", "scheduled_to"),
        labels=(_("ngày bắt đầu kiểm tra"), _("ngày kết thúc kiểm tra")),
    )
    period_from = period_to = None
    if data.period_from is not None or data.period_to is not None:
        period_from, period_to = check_range(
            data.period_from,
            data.period_to,
            fields=("period_from", "period_to"),
            labels=(_("đầu thời kỳ kiểm tra"), _("cuối thời kỳ kiểm tra")),
        )
    inspected = active_organizations(data.inspected_ids, field="inspected")
    check_partners(actor, inspected, field="inspected", keep=inspected_now)
    if not inspected:
        message = _("Chọn ít nhất một đơn vị được kiểm tra.")
        raise ValidationFailed(message, fields={"inspected": message})
    documents = _check_documents(data.document_ids, actor, current)
    refs = clean_text(data.document_refs, field="document_refs", limit=500)
    if not refs and documents:
        refs = "; ".join(str(d.reference) for d in documents)[:500]
    if not refs:
        message = _("Ghi văn bản được kiểm tra việc thực hiện (số, ký hiệu), hoặc chọn văn bản.")
        raise ValidationFailed(message, fields={"document_refs": message})
    return {
        "title": title,
        "content": clean_text(data.content, field="content", limit=TEXT_MAX, multiline=True),
        "team": clean_text(data.team, field="team", limit=5000, multiline=True),
        "scheduled_from": scheduled_from,
        "scheduled_to": scheduled_to,
        "period_from": period_from,
        "period_to": period_to,
        "document_refs": refs,
        "inspected": inspected,
        "documents": documents,
    }


def _search_text(title: str, refs: str, content: str) -> str:
    return fold(" ".join((title, refs, content[:2000])))


def inspection_create(*, actor: Any, data: InspectionInput) -> Inspection:
    """Plan an inspection of how directives and resolutions are carried out."""
    org = active_organization(
        data.organization_id, field="organization", required=_("Chọn cơ quan kiểm tra.")
    )
    if org.kind not in permissions.INSPECTING_KINDS:
        message = _(
            "Cơ quan kiểm tra phải là cấp ủy, Ban Tuyên giáo và Dân vận, Thanh tra, Ủy ban nhân "
            "dân hoặc Ủy ban Mặt trận Tổ quốc."
        )
        raise ValidationFailed(message, fields={"organization": message})
    if not permissions.can_inspect_at(actor, org):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra của cơ quan này."))
    values = _clean(data, actor)
    inspected = values.pop("inspected")
    documents = values.pop("documents")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            organization=org,
            created_by=actor if getattr(actor, "pk", None) else None,
            search_text=_search_text(values["title"], values["document_refs"], values["content"]),
            **values,
        )
        inspection.inspected.set(inspected)
        inspection.documents.set(documents)
        audit_record(
            actor=actor,
            verb="inspection.create",
            target=inspection,
            changes={
                "title": (None, inspection.title),
                "organization": (None, org.code),
                "document_refs": (None, inspection.document_refs),
                "inspected": (None, [o.code for o in inspected]),
                "scheduled_from": (None, plain(inspection.scheduled_from)),
                "scheduled_to": (None, plain(inspection.scheduled_to)),
            },
        )
    return inspection


def inspection_update(
    *, inspection: Inspection, actor: Any, data: InspectionInput, expected_version: int
) -> Inspection:
    """Change the plan of an inspection not yet concluded."""
    _require_manager(actor, inspection)
    if inspection.status not in (
        InspectionStatus.PLANNED,
        InspectionStatus.ANNOUNCED,
        InspectionStatus.IN_PROGRESS,
    ):
        message = _("Cuộc kiểm tra đã có kết luận, đã kết thúc hoặc đã hủy: không sửa kế hoạch.")
        raise ValidationFailed(message, fields={"title": message})
    values = _clean(
        data,
        actor,
        list(inspection.documents.all()),
        list(inspection.inspected.values_list("pk", flat=True)),
    )
    inspected = values.pop("inspected")
    documents = values.pop("documents")
    changes = {
        k: (plain(getattr(inspection, k)), plain(v))
        for k, v in values.items()
        if getattr(inspection, k) != v
    }
    old_inspected = sorted(inspection.inspected.values_list("code", flat=True))
    if old_inspected != sorted(o.code for o in inspected):
        changes["inspected"] = (old_inspected, sorted(o.code for o in inspected))
    old_docs = sorted(inspection.documents.values_list("pk", flat=True))
    if old_docs != sorted(d.pk for d in documents):
        changes["documents"] = (old_docs, sorted(d.pk for d in documents))
    if not changes:
        return inspection
    if expected_version != inspection.version:
        raise conflict(_INSPECTION)
    values["search_text"] = _search_text(
        values["title"], values["document_refs"], values["content"]
    )
    with transaction.atomic():
        if not versioned_update(inspection, expected_version=expected_version, **values):
            raise conflict(_INSPECTION)
        inspection.inspected.set(inspected)
        inspection.documents.set(documents)
        audit_record(actor=actor, verb="inspection.update", target=inspection, changes=changes)
    return inspection


def _illegal(current: str, to: str) -> ValidationFailed:
    allowed = inspection_targets(current)
    labels = ", ".join(str(InspectionStatus(s).label) for s in allowed) or _("không còn bước nào")
    target = InspectionStatus(to).label if to in InspectionStatus.values else to
    message = _(
        "Không thể chuyển cuộc kiểm tra từ “{current}” sang “{target}”. Các bước hợp lệ: {labels}."
    ).format(current=InspectionStatus(current).label, target=target, labels=labels)
    return ValidationFailed(message, fields={"to": message}, code="illegal_transition")


def _clean_items(
    actor: Any, inspection: Inspection, items: Sequence[ConclusionItemInput], *, start: int
) -> list[tuple[str, Organization, list[Organization], dt.date]]:
    """Check every item before anything is written; the first bad one names its row."""
    if len(items) > MAX_ITEMS:
        message = _("Một kết luận có tối đa {n} nội dung.").format(n=MAX_ITEMS)
        raise ValidationFailed(message, fields={"items": message})
    inspected = set(inspection.inspected.values_list("pk", flat=True))
    cleaned = []
    for n, item in enumerate(items, start=start):
        prefix = _("Nội dung {n}: ").format(n=n)
        try:
            content = clean_text(
                item.content,
                field="content",
                limit=TEXT_MAX,
                required=_("nhập nội dung."),
                multiline=True,
            )
            lead = active_organization(
                item.lead_id, field="lead", required=_("chọn đơn vị chủ trì thực hiện.")
            )
            due = check_date(item.due, field="due", label=_("hạn hoàn thành"))
        except ValidationFailed as exc:
            message = prefix + exc.message
            raise ValidationFailed(message, fields={f"items.{n}": message}) from None
        if lead.pk not in inspected:
            message = prefix + _("đơn vị chủ trì phải là một đơn vị được kiểm tra.")
            raise ValidationFailed(message, fields={f"items.{n}": message})
        if inspection.concluded_on is not None and due < inspection.concluded_on:
            message = prefix + _("hạn hoàn thành không được trước ngày kết luận.")
            raise ValidationFailed(message, fields={f"items.{n}": message})
        supporting = active_organizations(
            [i for i in item.supporting_ids if i != lead.pk], field=f"items.{n}"
        )
        try:
            check_partners(actor, supporting, field="supporting")
        except ValidationFailed as exc:
            message = prefix + exc.message
            raise ValidationFailed(message, fields={f"items.{n}": message}) from None
        if not task_services.can_write_task(actor, lead):
            message = prefix + _(
                "bạn không có quyền giao nhiệm vụ cho {org} (cần vai trò cán bộ, lãnh đạo tại "
                "đơn vị đó, cơ quan cấp trên, hoặc lãnh đạo cấp tỉnh)."
            ).format(org=lead.name)
            raise PermissionDenied(message, fields={f"items.{n}": message})
        cleaned.append((content, lead, supporting, due))
    return cleaned


def _create_items(
    actor: Any,
    inspection: Inspection,
    cleaned: list[tuple[str, Organization, list[Organization], dt.date]],
) -> list[ConclusionItem]:
    first = int(inspection.conclusion_items.aggregate(m=Max("position"))["m"] or 0) + 1
    created = []
    for offset, (content, lead, supporting, due) in enumerate(cleaned):
        item = ConclusionItem.objects.create(
            inspection=inspection, position=first + offset, content=content
        )
        task = task_services.task_create(
            actor=actor,
            title=content.splitlines()[0][:280],
            organization=lead,
            due=due,
            description=_("Thực hiện kết luận kiểm tra: {title}.").format(title=inspection.title)
            + "\n\n"
            + content,
            target=item,
            supporting=supporting,
        )
        ConclusionItem.objects.filter(pk=item.pk).update(task=task)
        item.task = task
        created.append(item)
    return created


def inspection_transition(
    *,
    inspection: Inspection,
    actor: Any,
    to: str,
    expected_version: int,
    on: dt.date | None = None,
    reason: str = "",
    conclusion: str = "",
    items: Sequence[ConclusionItemInput] = (),
) -> Inspection:
    """Move the inspection to `to`, or refuse with a clear error (409 if it changed meanwhile).

    - announced: the decision was announced on `on`; in_progress: from `on`;
    - concluded: `conclusion` (text) and its `items`, each becoming a task of its lead unit, all
      in one transaction;
    - closed: every item's task done or cancelled, or a `reason`;
    - cancelled: `reason`.
    """
    _require_manager(actor, inspection)
    source = inspection.status
    if to not in InspectionStatus.values or to not in INSPECTION_TRANSITIONS.get(
        source, frozenset()
    ):
        raise _illegal(source, to)
    if expected_version != inspection.version:
        raise conflict(_INSPECTION)
    values: dict[str, Any] = {"status": to}
    reason_text = ""
    cleaned: list[tuple[str, Organization, list[Organization], dt.date]] = []
    if to == InspectionStatus.ANNOUNCED:
        values["announced_on"] = act_date(on, not_before=None, label=_("Ngày công bố"))
    elif to == InspectionStatus.IN_PROGRESS:
        values["started_on"] = act_date(
            on, not_before=inspection.announced_on, label=_("Ngày bắt đầu kiểm tra")
        )
    elif to == InspectionStatus.CONCLUDED:
        values["conclusion"] = clean_text(
            conclusion,
            field="conclusion",
            limit=TEXT_MAX,
            required=_("Nhập nội dung kết luận kiểm tra."),
            multiline=True,
        )
        values["concluded_on"] = act_date(
            on, not_before=inspection.started_on, label=_("Ngày kết luận")
        )
        inspection.concluded_on = values["concluded_on"]
        try:
            cleaned = _clean_items(actor, inspection, items, start=1)
        finally:
            inspection.concluded_on = None
    elif to == InspectionStatus.CLOSED:
        open_count = _open_task_count(inspection)
        values["closed_on"] = act_date(
            on, not_before=inspection.concluded_on, label=_("Ngày kết thúc theo dõi")
        )
        if open_count:
            if not str(reason or "").strip():
                message = _(
                    "Còn {n} nhiệm vụ thực hiện kết luận chưa hoàn thành: chỉ kết thúc theo dõi "
                    "khi mọi nhiệm vụ đã hoàn thành hoặc đã hủy, hoặc ghi rõ lý do."
                ).format(n=open_count)
                raise ValidationFailed(message, fields={"reason": message}, code="tasks_open")
            reason_text = clean_reason(reason)
            values["status_note"] = reason_text
    elif to == InspectionStatus.CANCELLED:
        reason_text = clean_reason(reason)
        values["status_note"] = reason_text
    old = {k: getattr(inspection, k) for k in values}
    try:
        with transaction.atomic():
            if not versioned_update(inspection, expected_version=expected_version, **values):
                raise conflict(_INSPECTION)
            changes = {k: (plain(old[k]), plain(v)) for k, v in values.items()}
            if reason_text:
                changes["reason"] = (None, reason_text)
            if cleaned:
                changes["items"] = (None, len(cleaned))
            audit_record(
                actor=actor, verb="inspection.transition", target=inspection, changes=changes
            )
            _create_items(actor, inspection, cleaned)
    except Exception:
        # The rows were rolled back: so is the caller's object, so a retry is not a conflict.
        for name, value in old.items():
            setattr(inspection, name, value)
        inspection.version = expected_version
        raise
    return inspection


def _open_task_count(inspection: Inspection) -> int:
    return (
        ConclusionItem.objects.filter(inspection=inspection, task__isnull=False)
        .exclude(task__status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .count()
    )


def conclusion_item_add(
    *, inspection: Inspection, actor: Any, item: ConclusionItemInput
) -> ConclusionItem:
    """Add one more item to a concluded inspection's conclusion (a new task of its lead)."""
    _require_manager(actor, inspection)
    if inspection.status != InspectionStatus.CONCLUDED:
        message = _("Chỉ bổ sung nội dung kết luận khi cuộc kiểm tra đã có kết luận.")
        raise ValidationFailed(message, fields={"content": message})
    start = inspection.conclusion_items.count() + 1
    cleaned = _clean_items(actor, inspection, [item], start=start)
    with transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(version=F("version") + 1)
        inspection.version += 1
        created = _create_items(actor, inspection, cleaned)
        audit_record(
            actor=actor,
            verb="inspection.item_add",
            target=inspection,
            changes={"item": (None, cleaned[0][0][:500]), "lead": (None, cleaned[0][1].code)},
        )
    return created[0]


__all__ = [
    "INSPECTION_TERMINAL",
    "conclusion_item_add",
    "inspection_create",
    "inspection_transition",
    "inspection_update",
]
