"""The deadline registry (every open obligation of every module) and the generic task.

Modules never compute "what is late" themselves: each writes its obligations here (what, whose,
due when, under which rule, for which record) through `core.services.obligations`, and the one
overdue board reads this table. A record is linked by `target_type` (`app_label.model`) and
`target_id`, so the registry imports no module.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    PAUSED = "paused", _("Tạm dừng tính thời hạn")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Obligation(models.Model):
    """One thing someone must do by a date: a legal deadline of a case, a task, a reply."""

    # Stable key of the obligation within its record, e.g. "triage", "resolve", "task".
    key = models.CharField(_("mã nghĩa vụ"), max_length=60)
    # What kind of obligation this is, shown and filtered on the board, e.g.
    # "petition.triage", "petition.resolve", "task".
    kind = models.CharField(_("loại"), max_length=60, db_index=True)
    title = models.CharField(_("việc phải làm"), max_length=300)
    rule_id = models.CharField(_("quy tắc thời hạn"), max_length=60, blank=True)
    explanation = models.JSONField(_("cách tính"), default=list, blank=True)

    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("hồ sơ"), max_length=250, blank=True)
    target_status = models.CharField(_("trạng thái hồ sơ"), max_length=30, blank=True)
    topic = models.CharField(_("lĩnh vực"), max_length=40, blank=True, db_index=True)

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
    )
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    started_on = models.DateField(_("tính từ ngày"))
    due = models.DateField(_("hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ObligationStatus.choices,
        default=ObligationStatus.OPEN,
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    # Reminders already sent, so the daily run never sends the same reminder twice.
    reminded_before_on = models.DateField(null=True, blank=True)
    reminded_overdue_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nghĩa vụ có thời hạn")
        verbose_name_plural = _("nghĩa vụ có thời hạn")
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "key"], name="obligation_unique_key"
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(due__isnull=False),
                name="obligation_open_has_due",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due"], name="obligation_board"),
            models.Index(fields=["organization", "status", "due"], name="obligation_org_board"),
            models.Index(fields=["assignee", "status", "due"], name="obligation_assignee"),
            models.Index(fields=["target_type", "target_id"], name="obligation_target"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.target_label})"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


class Task(models.Model):
    """A generic piece of work with an owner and a due date, linked to any record."""

    title = models.CharField(_("tên việc"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    due = models.DateField(_("hạn hoàn thành"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("hồ sơ liên quan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="task_target")]

    def __str__(self) -> str:
        return self.title


class TaskSupport(models.Model):
    """A unit that supports the lead organisation of a task (đơn vị phối hợp), with its part."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="supports")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị phối hợp"),
        on_delete=models.PROTECT,
        related_name="supported_tasks",
    )
    duty = models.CharField(_("phần việc phối hợp"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="task_support_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.task_id}"
