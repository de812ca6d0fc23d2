"""Writes of yearly plans: create (with items), add or remove items while a draft, pre-fill
next year's plan from a programme's duties, issue (every item becomes a core Task, in one
transaction), close or cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.coordination import permissions, rules, selectors
from danvan.coordination.inputs import PlanInput, PlanItemInput
from danvan.coordination.models import (
    LegalDocument,
    Plan,
    PlanItem,
    PlanItemSupport,
    Programme,
)
from danvan.coordination.services.common import (
    date,
    invalid,
    organization,
    supporting,
    text,
)
from danvan.coordination.states import PLAN_TRANSITIONS, PlanStatus, ProgrammeStatus
from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.models import Organization
from danvan.core.services.audit import audit_record
from danvan.core.services.tasks import can_write_task, task_create
from danvan.core.services.versioning import versioned_update

YEAR_MIN, YEAR_MAX = 2000, 2100
ITEMS_MAX = 200


def _no_right() -> str:
    return _(
        "Bạn không có quyền với kế hoạch của đơn vị này: cần vai trò cán bộ, lãnh đạo hoặc quản "
        "trị tại đơn vị ban hành hoặc đơn vị cấp trên."
    )


def _year(value: int | None) -> int:
    if value is None or not YEAR_MIN <= value <= YEAR_MAX:
        raise invalid("year", _("Nhập năm của kế hoạch (ví dụ 2026)."))
    return value


_Item = tuple[str, Organization, dt.date, str, list[tuple[Organization, str]], int | None]


def _item(data: PlanItemInput, *, year: int, index: int) -> _Item:
    field = f"items.{index}"
    content = text(data.content, field=field, label=_("nội dung"), max_length=300, required=True)
    lead = organization(data.lead_id, field=field, label=_("đơn vị chủ trì"))
    due = date(data.due, field=field, label=_("thời hạn"))
    assert due is not None
    if due.year != year:
        raise invalid(
            field,
            _("Thời hạn của nội dung «%(c)s» phải trong năm %(y)d.") % {"c": content, "y": year},
        )
    indicator = text(
        data.indicator, field=field, label=_("chỉ tiêu"), max_length=300, required=False
    )
    return (
        content,
        lead,
        due,
        indicator,
        supporting(data.supporting, lead=lead, field=field),
        (data.duty_id),
    )


def _save_items(plan: Plan, items: list[_Item], start: int = 0) -> list[PlanItem]:
    saved: list[PlanItem] = []
    for offset, (content, lead, due, indicator, supports, duty_id) in enumerate(items):
        item = PlanItem.objects.create(
            plan=plan,
            content=content,
            lead=lead,
            due=due,
            indicator=indicator,
            duty_id=duty_id,
            position=start + offset,
        )
        PlanItemSupport.objects.bulk_create(
            PlanItemSupport(item=item, organization=org, part=part) for org, part in supports
        )
        saved.append(item)
    return saved


def plan_create(*, actor: Any, data: PlanInput) -> Plan:
    """A draft plan of `data.organization_id` for `data.year`, with its items."""
    org = organization(data.organization_id, field="organization", label=_("đơn vị ban hành"))
    if not permissions.can_write_at(actor, org):
        raise PermissionDenied(_no_right())
    year = _year(data.year)
    title = text(data.title, field="title", label=_("tên kế hoạch"), max_length=500, required=True)
    reference = text(
        data.reference, field="reference", label=_("số, ký hiệu"), max_length=80, required=False
    )
    programme = document = None
    if data.programme_id is not None:
        # Only a programme the actor may see (a plan makes itself visible to its parties).
        programme = selectors.programme_visible(user=actor, pk=data.programme_id)
        if programme is None:
            raise invalid("programme", _("Không có chương trình phối hợp này."))
        if programme.status == ProgrammeStatus.CANCELLED:
            raise invalid("programme", _("Chương trình đã hủy: không lập kế hoạch theo nó."))
    if data.document_id is not None:
        if programme is not None and programme.document_id == data.document_id:
            document = LegalDocument.objects.filter(pk=data.document_id).first()
        else:
            document = selectors.documents_visible(user=actor, ids=[data.document_id]).get(
                int(data.document_id)
            )
        if document is None:
            raise invalid("document", _("Không có văn bản này trong sổ."))
    if len(data.items) > ITEMS_MAX:
        raise invalid("items", _("Một kế hoạch có tối đa %(n)d nội dung.") % {"n": ITEMS_MAX})
    items = [_item(i, year=year, index=n) for n, i in enumerate(data.items)]
    with transaction.atomic():
        plan = Plan.objects.create(
            title=title,
            reference=reference,
            year=year,
            organization=org,
            programme=programme,
            document=document,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _save_items(plan, items)
        audit_record(
            actor=actor,
            verb="coordination.plan_create",
            target=plan,
            changes={
                "title": (None, title),
                "year": (None, year),
                "programme": (None, str(programme) if programme else None),
                "document": (None, str(document) if document else None),
                "items": (None, len(items) or None),
            },
        )
    return plan


def plan_prefill_from_programme(
    *, actor: Any, programme: Programme, year: int, organization_id: int | None = None
) -> Plan:
    """Next year's draft plan of a programme: one item per duty and due day of its cycle.

    The issuing unit defaults to the programme's keeping organisation. Items may be edited or
    removed before the plan is issued.
    """
    year = _year(year)
    items: list[PlanItemInput] = []
    duties = list(programme.duties.order_by("id"))
    if not duties:
        raise invalid(
            "programme", _("Chương trình chưa có trách nhiệm của các bên để lập kế hoạch.")
        )
    for duty in duties:
        for due in rules.recurrence_due_days(duty.recurrence, year):
            items.append(
                PlanItemInput(
                    content=duty.text[:300], lead_id=duty.party_id, due=due, duty_id=duty.pk
                )
            )
    title = _("Kế hoạch năm %(year)d thực hiện %(programme)s") % {
        "year": year,
        "programme": programme.title,
    }
    return plan_create(
        actor=actor,
        data=PlanInput(
            title=title[:500],
            year=year,
            organization_id=organization_id or programme.organization_id,
            programme_id=programme.pk,
            document_id=programme.document_id,
            items=items,
        ),
    )


def _check_draft(plan: Plan, *, lock: bool = False) -> None:
    """Refuse a plan that is no longer a draft; with `lock` (inside the write's transaction),
    read its status again under a row lock, so an item is never added to or removed from a
    plan issued meanwhile (its items would then have no task)."""
    status: str | None = plan.status
    if lock:
        status = (
            Plan.objects.select_for_update()
            .filter(pk=plan.pk)
            .values_list("status", flat=True)
            .first()
        )
    if status != PlanStatus.DRAFT:
        raise invalid(
            "status", _("Kế hoạch đã ban hành, tổng kết hoặc đã hủy: không sửa nội dung được nữa.")
        )


def plan_item_add(*, actor: Any, plan: Plan, data: PlanItemInput) -> PlanItem:
    if not permissions.can_write_plan(actor, plan):
        raise PermissionDenied(_no_right())
    _check_draft(plan)
    item = _item(data, year=plan.year, index=0)
    if plan.items.count() >= ITEMS_MAX:
        raise invalid("items", _("Một kế hoạch có tối đa %(n)d nội dung.") % {"n": ITEMS_MAX})
    position = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
    with transaction.atomic():
        _check_draft(plan, lock=True)
        (saved,) = _save_items(plan, [item], start=position + 1)
        audit_record(
            actor=actor,
            verb="coordination.plan_item_add",
            target=plan,
            changes={"item": (None, saved.content), "lead": (None, item[1].code)},
        )
    return saved


def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    plan = item.plan
    if not permissions.can_write_plan(actor, plan):
        raise PermissionDenied(_no_right())
    _check_draft(plan)
    with transaction.atomic():
        _check_draft(plan, lock=True)
        audit_record(
            actor=actor,
            verb="coordination.plan_item_remove",
            target=plan,
            changes={"item": (item.content, None)},
        )
        item.delete()


def _conflict() -> Conflict:
    return Conflict(
        _(
            "Kế hoạch vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực "
            "hiện lại."
        ),
        fields={"expected_version": _("Phiên bản đã cũ.")},
    )


def plan_issue(*, actor: Any, plan: Plan, expected_version: int, on: dt.date | None = None) -> Plan:
    """Issue the plan: every item becomes a core Task of its lead unit (with the supporting
    units and their parts), all in one transaction: if one task cannot be created, nothing is
    written and the plan stays a draft."""
    if not permissions.can_write_plan(actor, plan):
        raise PermissionDenied(_no_right())
    if PlanStatus.ISSUED not in PLAN_TRANSITIONS.get(plan.status, frozenset()):
        raise invalid("status", _("Chỉ ban hành được kế hoạch đang là dự thảo."))
    items = list(plan.items.select_related("lead").prefetch_related("supports__organization"))
    if not items:
        raise invalid(
            "items", _("Kế hoạch chưa có nội dung nào: thêm nội dung trước khi ban hành.")
        )
    refused = sorted({i.lead.name for i in items if not can_write_task(actor, i.lead)})
    if refused:
        raise PermissionDenied(
            _(
                "Bạn không có quyền giao nhiệm vụ cho: %(orgs)s. Nhờ lãnh đạo cấp trên ban hành "
                "hoặc sửa đơn vị chủ trì."
            )
            % {"orgs": ", ".join(refused)},
        )
    day = on or timezone.localdate()
    with transaction.atomic():
        if not versioned_update(
            plan, expected_version=expected_version, status=PlanStatus.ISSUED, issued_on=day
        ):
            raise _conflict()
        # The plan row is now locked: its items are those read above unless one was added or
        # removed in between, which would leave an item without its task.
        if set(plan.items.values_list("pk", flat=True)) != {i.pk for i in items}:
            raise _conflict()
        for item in items:
            description = _("Theo %(plan)s") % {"plan": plan.title}
            if item.indicator:
                description += "\n" + _("Chỉ tiêu: %(i)s") % {"i": item.indicator}
            task = task_create(
                actor=actor,
                title=item.content,
                organization=item.lead,
                due=item.due,
                description=description,
                target=item,
                supporting=[(s.organization, s.part) for s in item.supports.all()],
            )
            PlanItem.objects.filter(pk=item.pk).update(task=task)
        audit_record(
            actor=actor,
            verb="coordination.plan_issue",
            target=plan,
            changes={
                "status": (PlanStatus.DRAFT, PlanStatus.ISSUED),
                "issued_on": (None, day),
                "tasks": (None, len(items)),
            },
        )
    return plan


def plan_transition(
    *, actor: Any, plan: Plan, to: str, expected_version: int, reason: str = ""
) -> Plan:
    """Close (tổng kết) an issued plan or cancel a draft; issuing goes through `plan_issue`."""
    if to == PlanStatus.ISSUED:
        return plan_issue(actor=actor, plan=plan, expected_version=expected_version)
    if not permissions.can_write_plan(actor, plan):
        raise PermissionDenied(_no_right())
    if to not in PLAN_TRANSITIONS.get(plan.status, frozenset()):
        raise ValidationFailed(
            _("Không chuyển được kế hoạch từ «%(a)s» sang «%(b)s».")
            % {
                "a": PlanStatus(plan.status).label,
                "b": PlanStatus(to).label if to in PlanStatus.values else to,
            },
            fields={"to": _("Bước không hợp lệ.")},
        )
    note = " ".join((reason or "").split())[:1000]
    if to == PlanStatus.CANCELLED and not note:
        raise invalid("reason", _("Nhập lý do hủy kế hoạch."))
    old = plan.status
    with transaction.atomic():
        if not versioned_update(
            plan, expected_version=expected_version, status=to, status_note=note
        ):
            raise _conflict()
        audit_record(
            actor=actor,
            verb="coordination.plan_transition",
            target=plan,
            changes={"status": (old, to), **({"reason": (None, note)} if note else {})},
        )
    return plan
