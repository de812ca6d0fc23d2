"""Writes of the generic `Task`: create, change, report progress, complete, cancel.

A task belongs to an organisation (its owner) and optionally one person of it, has a due date
and may be linked to any record. Each write is audited and re-syncs the task's own obligation in
the deadline registry (key "task", kind "task"), so a task shows on the overdue board like any
legal deadline. Changes after creation are guarded by the task's `version`: the write is a
conditional `UPDATE ... WHERE id = ? AND version = ?`, so of two people saving the same task at
once one wins and the other gets a `Conflict` (HTTP 409), on SQLite as on PostgreSQL.

Who may write: a user holding the officer, leader or administrator role at the task's
organisation (or above it, or over its province for an oversight role), or a superuser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import CheckedFile, FileLike, files_check
from danvan.core.models import (
    Membership,
    ObligationStatus,
    Organization,
    Role,
    Task,
    TaskEvidence,
    TaskProgressUpdate,
    TaskSeries,
    TaskStatus,
    TaskSupport,
)
from danvan.core.selectors.audit import audit_verbs_register
from danvan.core.selectors.scope import organization_ids_for_roles, user_scope
from danvan.core.services.audit import audit_record
from danvan.core.services.obligations import ObligationSpec, obligation_sync
from danvan.core.services.versioning import versioned_update

TASK_WRITER_ROLES: frozenset[str] = frozenset({Role.OFFICER, Role.LEADER, Role.ADMINISTRATOR})
TASK_KIND = "task"
TASK_KEY = "task"

_TITLE_MAX = Task._meta.get_field("title").max_length or 300
_LABEL_MAX = Task._meta.get_field("target_label").max_length or 250
_TYPE_MAX = Task._meta.get_field("target_type").max_length or 60
_CLOSED = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})
NOTE_MAX = 2000

audit_verbs_register(
    {
        "task.create": gettext_lazy("Giao nhiệm vụ"),
        "task.update": gettext_lazy("Sửa nhiệm vụ"),
        "task.progress": gettext_lazy("Cập nhật tiến độ nhiệm vụ"),
        "task.complete": gettext_lazy("Hoàn thành nhiệm vụ"),
        "task.cancel": gettext_lazy("Hủy nhiệm vụ"),
        "task.support_progress": gettext_lazy("Đơn vị phối hợp báo cáo tiến độ"),
    },
    {
        "title": gettext_lazy("tên việc"),
        "description": gettext_lazy("nội dung"),
        "due": gettext_lazy("hạn hoàn thành"),
        "assignee": gettext_lazy("người thực hiện"),
        "progress": gettext_lazy("tiến độ (%)"),
        "status": gettext_lazy("trạng thái"),
        "note": gettext_lazy("ghi chú"),
        "completed_on": gettext_lazy("ngày hoàn thành"),
        "target": gettext_lazy("hồ sơ liên quan"),
        "supporting": gettext_lazy("đơn vị phối hợp"),
        "evidence": gettext_lazy("minh chứng"),
        "series": gettext_lazy("nhiệm vụ định kỳ"),
        "period": gettext_lazy("kỳ"),
        "organization": gettext_lazy("đơn vị"),
    },
)


class _Unset:
    """Marks an argument that was not given (None is a value: "no assignee")."""


UNSET: Any = _Unset()


# --- Checks ---------------------------------------------------------------------------------


def can_write_task(user: Any, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else int(organization.pk)
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    return org_id in organization_ids_for_roles(user, TASK_WRITER_ROLES)


def _check_writer(actor: Any, organization: Organization | int) -> None:
    if not can_write_task(actor, organization):
        raise PermissionDenied(
            _(
                "Bạn không có quyền giao hoặc cập nhật nhiệm vụ của cơ quan này: cần vai trò cán "
                "bộ, lãnh đạo hoặc quản trị tại cơ quan đó hoặc cơ quan cấp trên."
            )
        )


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        message = _("Nhập tên việc phải làm.")
        raise ValidationFailed(message, fields={"title": message})
    if len(title) > _TITLE_MAX:
        message = _("Tên việc dài quá %(n)d ký tự.") % {"n": _TITLE_MAX}
        raise ValidationFailed(message, fields={"title": message})
    return title


def _check_due(due: Any) -> dt.date:
    if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
        message = _("Nhập hạn hoàn thành (ngày/tháng/năm).")
        raise ValidationFailed(message, fields={"due": message})
    return due


def _check_assignee(assignee: Any, organization: Organization) -> None:
    """The person must be active and hold a role at the task's organisation."""
    if assignee is None:
        return
    holds_role = Membership.objects.filter(user_id=assignee.pk, organization_id=organization.pk)
    if not assignee.is_active or not holds_role.exists():
        message = _(
            "Người được giao phải là cán bộ đang hoạt động của %(org)s: chọn người khác hoặc "
            "giao vai trò cho họ trước."
        ) % {"org": organization.name}
        raise ValidationFailed(message, fields={"assignee": message})


def _clean_supporting(
    supporting: Iterable[Organization | tuple[Organization, str]], lead: Organization
) -> list[tuple[Organization, str]]:
    """(organisation, duty) pairs, without the lead or repeats (refused with a message)."""
    pairs: list[tuple[Organization, str]] = []
    seen: set[int] = set()
    duty_max = TaskSupport._meta.get_field("duty").max_length or 300
    for item in supporting:
        org, duty = item if isinstance(item, tuple) else (item, "")
        duty = " ".join((duty or "").split())
        if org.pk == lead.pk:
            message = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
            raise ValidationFailed(message, fields={"supporting": message})
        if org.pk in seen:
            message = _("%(org)s được chọn hai lần làm đơn vị phối hợp.") % {"org": org.name}
            raise ValidationFailed(message, fields={"supporting": message})
        if len(duty) > duty_max:
            message = _("Phần việc phối hợp dài quá %(n)d ký tự.") % {"n": duty_max}
            raise ValidationFailed(message, fields={"supporting": message})
        seen.add(int(org.pk))
        pairs.append((org, duty))
    return pairs


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user.get_username())


def can_report_support(user: Any, task: Task) -> list[int]:
    """Ids of the task's supporting units for which `user` may report progress on their part.

    Someone who may write for a supporting unit (officer, leader or administrator there or
    above it) reports for that unit; the lead's writers use the task's own progress instead.
    """
    if task.status in _CLOSED:
        return []
    support_ids = [int(s.organization_id) for s in task.supports.all()]
    if not support_ids:
        return []
    if user_scope(user).is_superuser:
        return support_ids
    writable = organization_ids_for_roles(user, TASK_WRITER_ROLES)
    return [org_id for org_id in support_ids if org_id in writable]


def _clean_note(note: str, *, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        message = _("Ghi chú dài quá %(n)d ký tự.") % {"n": NOTE_MAX}
        raise ValidationFailed(message, fields={field: message})
    return note


def _check_percent(progress: Any) -> int:
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        message = _("Tiến độ là một số phần trăm từ 0 đến 100.")
        raise ValidationFailed(message, fields={"progress": message})
    return progress


def _check_evidence(evidence: Sequence[FileLike]) -> list[CheckedFile]:
    return files_check(list(evidence or ()), field="evidence") if evidence else []


def _record_update(
    *,
    task: Task,
    organization_id: int,
    is_lead: bool,
    percent: int,
    note: str,
    actor: Any,
    on: dt.date,
    files: list[CheckedFile],
) -> TaskProgressUpdate:
    update = TaskProgressUpdate.objects.create(
        task=task,
        organization_id=organization_id,
        is_lead=is_lead,
        percent=percent,
        note=note,
        reported_by=actor if getattr(actor, "pk", None) else None,
        on=on,
    )
    for checked in files:
        evidence = TaskEvidence(
            update=update,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        evidence.file.save(checked.sha256, ContentFile(checked.data), save=False)
        evidence.save()
    return update


def _check_on(on: dt.date | None) -> dt.date:
    today = timezone.localdate()
    day = on or today
    if day > today:
        message = _("Ngày báo cáo không được sau hôm nay.")
        raise ValidationFailed(message, fields={"on": message})
    return day


# --- Registry sync ---------------------------------------------------------------------------


def _obligation_status(task: Task) -> str:
    if task.status == TaskStatus.DONE:
        return ObligationStatus.DONE
    if task.status == TaskStatus.CANCELLED:
        return ObligationStatus.CANCELLED
    return ObligationStatus.OPEN


def _sync(task: Task) -> None:
    organization = task.organization
    started = timezone.localtime(task.created_at).date() if task.created_at else task.due
    spec = ObligationSpec(
        key=TASK_KEY,
        kind=TASK_KIND,
        title=task.title,
        started_on=started,
        due=task.due,
        organization_id=int(organization.pk),
        assignee_id=task.assignee_id,
        area_id=organization.area_id,
        status=_obligation_status(task),
        completed_on=task.completed_on,
    )
    obligation_sync(
        target=task,
        specs=[spec],
        target_label=task.target_label or task.title,
        target_status=task.status,
    )


def _save_versioned(task: Task, *, expected_version: int, **values: Any) -> Task:
    """Write `values` only if nobody saved the task since `expected_version` was read."""
    if not versioned_update(task, expected_version=expected_version, **values):
        raise Conflict(
            _(
                "Nhiệm vụ vừa được người khác cập nhật: tải lại trang để xem thay đổi rồi thực "
                "hiện lại."
            ),
            fields={"expected_version": _("Phiên bản đã cũ.")},
        )
    task.refresh_from_db()
    return task


def _check_open(task: Task) -> None:
    if task.status in _CLOSED:
        message = _("Nhiệm vụ %(status)s: không thay đổi được nữa.") % {
            "status": str(TaskStatus(task.status).label).lower()
        }
        raise ValidationFailed(message, fields={"status": message})


# --- Services ---------------------------------------------------------------------------------


def _target_fields(target: models.Model | None) -> tuple[str, int | None, str]:
    if target is None:
        return "", None, ""
    if target.pk is None:
        raise ValueError("task_create: the target must be saved first.")
    return target._meta.label_lower[:_TYPE_MAX], int(target.pk), str(target)[:_LABEL_MAX]


def task_insert(
    *,
    actor: Any,
    title: str,
    organization: Organization,
    due: dt.date,
    assignee: Any,
    description: str,
    target_type: str,
    target_id: int | None,
    target_label: str,
    supports: list[tuple[Organization, str]],
    series: TaskSeries | None = None,
    period_start: dt.date | None = None,
    period_label: str = "",
) -> Task:
    """Write a checked task, its supporting units, its audit event and its obligation.

    For the callers in core that already checked everything (`task_create`, the series
    generator); call it inside their transaction.
    """
    task = Task.objects.create(
        title=title,
        description=(description or "").strip(),
        organization=organization,
        assignee=assignee,
        due=due,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        created_by=actor if getattr(actor, "pk", None) else None,
        series=series,
        period_start=period_start,
        period_label=period_label,
    )
    changes: dict[str, tuple[Any, Any]] = {
        "title": (None, task.title),
        "organization": (None, organization.code),
        "assignee": (None, _person(assignee) or None),
        "due": (None, due),
        "target": (None, f"{target_type}:{target_id}" if target_type else None),
        "supporting": (None, [org.code for org, _duty in supports] or None),
    }
    if series is not None:
        changes["series"] = (None, series.pk)
        changes["period"] = (None, period_label)
    audit_record(actor=actor, verb="task.create", target=task, changes=changes)
    TaskSupport.objects.bulk_create(
        TaskSupport(task=task, organization=org, duty=duty) for org, duty in supports
    )
    _sync(task)
    return task


def task_create(
    *,
    actor: Any,
    title: str,
    organization: Organization,
    due: dt.date,
    assignee: Any = None,
    description: str = "",
    target: models.Model | None = None,
    supporting: Iterable[Organization | tuple[Organization, str]] = (),
) -> Task:
    """Give `organization` (and `assignee`, one of its people) a task due on `due`.

    `supporting` lists the units that support the lead (đơn vị phối hợp): organisations, or
    (organisation, their part) pairs; the lead itself and repeats are refused.
    """
    _check_writer(actor, organization)
    title = _clean_title(title)
    due = _check_due(due)
    _check_assignee(assignee, organization)
    supports = _clean_supporting(supporting, organization)
    target_type, target_id, target_label = _target_fields(target)
    with transaction.atomic():
        return task_insert(
            actor=actor,
            title=title,
            organization=organization,
            due=due,
            assignee=assignee,
            description=description,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            supports=supports,
        )


def _replace_supports(task: Task, supports: list[tuple[Organization, str]]) -> tuple[Any, Any]:
    """Make the task's supporting units exactly `supports`; a unit kept keeps its progress."""
    current = {int(s.organization_id): s for s in task.supports.select_related("organization")}
    wanted = {int(org.pk): (org, duty) for org, duty in supports}
    before = sorted((s.organization.code, s.duty) for s in current.values())
    removed = [pk for pk in current if pk not in wanted]
    if removed:
        TaskSupport.objects.filter(task=task, organization_id__in=removed).delete()
    for org_id, (org, duty) in wanted.items():
        row = current.get(org_id)
        if row is None:
            TaskSupport.objects.create(task=task, organization=org, duty=duty)
        elif row.duty != duty:
            TaskSupport.objects.filter(pk=row.pk).update(duty=duty)
    after = sorted((org.code, duty) for org, duty in supports)
    return (
        [f"{code}: {duty}" if duty else code for code, duty in before] or None,
        [f"{code}: {duty}" if duty else code for code, duty in after] or None,
    )


def task_update(
    *,
    task: Task,
    actor: Any,
    expected_version: int,
    title: str | None = None,
    due: dt.date | None = None,
    assignee: Any = UNSET,
    description: str | None = None,
    supporting: Any = UNSET,
) -> Task:
    """Change the title, due date, person, description or supporting units of an open task.

    `supporting` (when given) replaces the supporting units: a unit that stays keeps its
    progress and its reports; a unit removed loses its row (its past reports stay).
    """
    _check_writer(actor, task.organization_id)
    _check_open(task)
    values: dict[str, Any] = {}
    changes: dict[str, tuple[Any, Any]] = {}
    if title is not None and (title := _clean_title(title)) != task.title:
        values["title"] = title
        changes["title"] = (task.title, title)
    if due is not None and (due := _check_due(due)) != task.due:
        values["due"] = due
        changes["due"] = (task.due, due)
    if assignee is not UNSET and getattr(assignee, "pk", None) != task.assignee_id:
        _check_assignee(assignee, task.organization)
        values["assignee"] = assignee
        changes["assignee"] = (_person(task.assignee) or None, _person(assignee) or None)
    if description is not None and description.strip() != task.description:
        values["description"] = description.strip()
        changes["description"] = (task.description, values["description"])
    supports: list[tuple[Organization, str]] | None = None
    if supporting is not UNSET:
        supports = _clean_supporting(supporting, task.organization)
        old_pairs = sorted(
            (int(s.organization_id), s.duty) for s in TaskSupport.objects.filter(task=task)
        )
        if old_pairs == sorted((int(org.pk), duty) for org, duty in supports):
            supports = None
    if not values and supports is None:
        return task
    with transaction.atomic():
        task = _save_versioned(task, expected_version=expected_version, **values)
        if supports is not None:
            changes["supporting"] = _replace_supports(task, supports)
        audit_record(actor=actor, verb="task.update", target=task, changes=changes)
        _sync(task)
    return task


def task_update_progress(
    *,
    task: Task,
    actor: Any,
    progress: int,
    note: str = "",
    expected_version: int,
    evidence: Sequence[FileLike] = (),
    on: dt.date | None = None,
) -> Task:
    """Report how far the task is (0–100 %), with a note and evidence files (minh chứng).

    Only the lead's writers; each report is kept (`TaskProgressUpdate`) with its files. A task
    with progress is "in progress".
    """
    _check_writer(actor, task.organization_id)
    _check_open(task)
    progress = _check_percent(progress)
    note = _clean_note(note)
    day = _check_on(on)
    files = _check_evidence(evidence)
    status = TaskStatus.IN_PROGRESS if progress > 0 else task.status
    old_progress, old_status = task.progress, task.status
    with transaction.atomic():
        task = _save_versioned(
            task, expected_version=expected_version, progress=progress, status=status
        )
        _record_update(
            task=task,
            organization_id=int(task.organization_id),
            is_lead=True,
            percent=progress,
            note=note,
            actor=actor,
            on=day,
            files=files,
        )
        changes: dict[str, tuple[Any, Any]] = {"progress": (old_progress, progress)}
        if status != old_status:
            changes["status"] = (old_status, status)
        if note:
            changes["note"] = (None, note)
        if files:
            changes["evidence"] = (None, [f"{f.name} ({f.sha256[:12]})" for f in files])
        audit_record(actor=actor, verb="task.progress", target=task, changes=changes)
        _sync(task)
    return task


def task_support_progress(
    *,
    task: Task,
    actor: Any,
    progress: int,
    note: str = "",
    evidence: Sequence[FileLike] = (),
    organization: Organization | int | None = None,
    on: dt.date | None = None,
) -> TaskProgressUpdate:
    """A supporting unit reports on its own part: its percent, a note, evidence files.

    It changes the unit's figure (`TaskSupport.progress`) and adds a report to the task's
    history; the task's own progress, status and version stay the lead's. `organization`
    picks the unit when the actor may report for several (default: the only one).
    """
    allowed = can_report_support(actor, task)
    _check_open(task)
    if not allowed:
        raise PermissionDenied(
            _(
                "Bạn không có quyền báo cáo cho đơn vị phối hợp nào của nhiệm vụ này: cần vai "
                "trò cán bộ, lãnh đạo hoặc quản trị tại đơn vị phối hợp."
            )
        )
    if organization is None:
        if len(allowed) > 1:
            message = _("Chọn đơn vị phối hợp mà bạn báo cáo.")
            raise ValidationFailed(message, fields={"organization": message})
        org_id = allowed[0]
    else:
        org_id = organization if isinstance(organization, int) else int(organization.pk)
        if org_id not in allowed:
            message = _(
                "Bạn không báo cáo được cho đơn vị này: đó không phải đơn vị phối hợp "
                "của nhiệm vụ mà bạn có quyền."
            )
            raise ValidationFailed(message, fields={"organization": message})
    progress = _check_percent(progress)
    note = _clean_note(note)
    day = _check_on(on)
    files = _check_evidence(evidence)
    if not note and not files and progress == 0:
        message = _("Nhập nội dung đã làm, tiến độ hoặc kèm minh chứng.")
        raise ValidationFailed(message, fields={"note": message})
    with transaction.atomic():
        support = TaskSupport.objects.select_related("organization").get(
            task=task, organization_id=org_id
        )
        old = support.progress
        TaskSupport.objects.filter(pk=support.pk).update(progress=progress)
        update = _record_update(
            task=task,
            organization_id=org_id,
            is_lead=False,
            percent=progress,
            note=note,
            actor=actor,
            on=day,
            files=files,
        )
        changes: dict[str, tuple[Any, Any]] = {
            "organization": (None, support.organization.code),
            "progress": (old, progress),
        }
        if note:
            changes["note"] = (None, note)
        if files:
            changes["evidence"] = (None, [f"{f.name} ({f.sha256[:12]})" for f in files])
        audit_record(actor=actor, verb="task.support_progress", target=task, changes=changes)
    return update


def task_complete(
    *,
    task: Task,
    actor: Any,
    expected_version: int,
    on: dt.date | None = None,
    note: str = "",
    evidence: Sequence[FileLike] = (),
) -> Task:
    """Mark the task done (100 %) on `on` (default today); its obligation leaves the board.

    The completion is also kept as the last progress report (100 %, the note, the files).
    """
    _check_writer(actor, task.organization_id)
    _check_open(task)
    day = on or timezone.localdate()
    note = _clean_note(note)
    files = _check_evidence(evidence)
    old_status, old_progress = task.status, task.progress
    with transaction.atomic():
        task = _save_versioned(
            task,
            expected_version=expected_version,
            status=TaskStatus.DONE,
            progress=100,
            completed_on=day,
        )
        _record_update(
            task=task,
            organization_id=int(task.organization_id),
            is_lead=True,
            percent=100,
            note=note,
            actor=actor,
            on=min(day, timezone.localdate()),
            files=files,
        )
        changes: dict[str, tuple[Any, Any]] = {
            "status": (old_status, TaskStatus.DONE),
            "progress": (old_progress, 100),
            "completed_on": (None, day),
        }
        if note:
            changes["note"] = (None, note)
        if files:
            changes["evidence"] = (None, [f"{f.name} ({f.sha256[:12]})" for f in files])
        audit_record(actor=actor, verb="task.complete", target=task, changes=changes)
        _sync(task)
    return task


def task_cancel(*, task: Task, actor: Any, reason: str, expected_version: int) -> Task:
    """Cancel the task, saying why; its obligation leaves the board."""
    _check_writer(actor, task.organization_id)
    _check_open(task)
    reason = " ".join((reason or "").split())
    if not reason:
        message = _("Nhập lý do hủy nhiệm vụ.")
        raise ValidationFailed(message, fields={"reason": message})
    old_status = task.status
    with transaction.atomic():
        task = _save_versioned(task, expected_version=expected_version, status=TaskStatus.CANCELLED)
        audit_record(
            actor=actor,
            verb="task.cancel",
            target=task,
            changes={"status": (old_status, TaskStatus.CANCELLED), "reason": (None, reason)},
        )
        _sync(task)
    return task
