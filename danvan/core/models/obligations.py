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

from danvan.core.models.choices import ChoiceLabels


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


class Task(ChoiceLabels, models.Model):
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
    # An occurrence of a recurring task: its series and the period it covers.
    series = models.ForeignKey(
        "core.TaskSeries",
        verbose_name=_("nhiệm vụ định kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrences",
    )
    period_start = models.DateField(_("kỳ bắt đầu ngày"), null=True, blank=True)
    period_label = models.CharField(_("kỳ"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.UniqueConstraint(
                fields=["series", "period_start"],
                condition=Q(series__isnull=False),
                name="task_series_period_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="task_target"),
            models.Index(fields=["organization", "due"], name="task_org_due"),
        ]

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
    # The supporting unit's own figure for its part (its latest progress report).
    progress = models.PositiveSmallIntegerField(_("tiến độ phần phối hợp (%)"), default=0)

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="task_support_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.task_id}"


class TaskRecurrence(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng một lần")
    YEARLY = "yearly", _("Hằng năm")


class TaskDueRule(models.TextChoices):
    # Due `due_offset_days` calendar days after the last day of the period (0: on that day).
    AFTER_PERIOD_END = "after_end", _("Sau ngày cuối kỳ một số ngày")
    # Due on day `due_day` of the month that follows the period.
    DAY_OF_NEXT_MONTH = "next_month_day", _("Vào một ngày cố định của tháng sau kỳ")


class TaskSeriesStatus(models.TextChoices):
    ACTIVE = "active", _("Đang áp dụng")
    STOPPED = "stopped", _("Đã dừng")


class TaskSeries(ChoiceLabels, models.Model):
    """A recurring task (e.g. the monthly report of a commune): one `Task` per period.

    The due date of each occurrence is derived from the period and the rule stored here
    (`due_rule` with `due_offset_days` or `due_day`), never typed by hand.
    """

    title = models.CharField(_("tên việc"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="task_series",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_series",
    )
    recurrence = models.CharField(
        _("lặp lại"), max_length=12, choices=TaskRecurrence.choices, default=TaskRecurrence.MONTHLY
    )
    starts_on = models.DateField(_("kỳ đầu tiên bắt đầu ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    due_rule = models.CharField(
        _("cách tính hạn"),
        max_length=16,
        choices=TaskDueRule.choices,
        default=TaskDueRule.AFTER_PERIOD_END,
    )
    due_offset_days = models.PositiveSmallIntegerField(_("số ngày sau cuối kỳ"), default=5)
    due_day = models.PositiveSmallIntegerField(_("ngày trong tháng sau kỳ"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=TaskSeriesStatus.choices,
        default=TaskSeriesStatus.ACTIVE,
    )
    stopped_on = models.DateField(_("ngày dừng"), null=True, blank=True)
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
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nhiệm vụ định kỳ")
        verbose_name_plural = _("nhiệm vụ định kỳ")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_day__isnull=True) | Q(due_day__gte=1, due_day__lte=28),
                name="task_series_due_day_1_28",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskSeriesSupport(models.Model):
    """A supporting unit of every occurrence of a series, with its part."""

    series = models.ForeignKey(TaskSeries, on_delete=models.CASCADE, related_name="supports")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị phối hợp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    duty = models.CharField(_("phần việc phối hợp"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị phối hợp (định kỳ)")
        verbose_name_plural = _("đơn vị phối hợp (định kỳ)")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "organization"], name="task_series_support_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.series_id}"


class TaskProgressUpdate(models.Model):
    """One progress report on a task: by the lead (the task's percent) or by a supporting
    unit (the percent of its own part), with a note and evidence files."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    # The unit reporting: the task's lead organisation or one of its supporting units.
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_lead = models.BooleanField(_("đơn vị chủ trì báo cáo"), default=True)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on = models.DateField(_("ngày báo cáo"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="task_update_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


def task_evidence_path(instance: TaskEvidence, filename: str) -> str:
    # Never the sender's file name on disk: it may hold personal data.
    return f"tasks/{instance.sha256[:2]}/{instance.sha256}"


class TaskEvidence(models.Model):
    """A file proving progress (minh chứng), checked by `danvan.core.files.files_check`."""

    update = models.ForeignKey(
        TaskProgressUpdate, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=task_evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["update", "id"]

    def __str__(self) -> str:
        return self.original_name
