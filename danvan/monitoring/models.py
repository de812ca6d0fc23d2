"""Public-sentiment monitoring (nắm tình hình nhân dân): issue reports, their updates and links,
alerts with their evidence, topic suggestions and corrections, and entities found in text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.monitoring.states import (
    AlertKind,
    AlertStatus,
    EntityKind,
    Severity,
    Source,
    Status,
)


class IssueReport(models.Model):
    """A pressing issue (vấn đề bức xúc) reported from the grassroots, an agency, the Front, the
    press, social media or a cluster of petitions."""

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan theo dõi"),
        on_delete=models.PROTECT,
        related_name="issue_reports",
    )
    source = models.CharField(_("nguồn thông tin"), max_length=20, choices=Source.choices)
    source_detail = models.CharField(_("chi tiết nguồn"), max_length=300, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    description = models.TextField(_("nội dung"))
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        on_delete=models.PROTECT,
        related_name="issue_reports",
    )
    topic = models.CharField(_("lĩnh vực"), max_length=40, default="khac", db_index=True)
    secondary_topics = models.JSONField(_("lĩnh vực phụ"), default=list, blank=True)
    # What the classifier suggested at intake (kept so corrections can be counted).
    topic_suggested = models.CharField(_("lĩnh vực gợi ý"), max_length=40, blank=True)
    topic_confidence = models.FloatField(_("độ tin cậy gợi ý"), null=True, blank=True)

    flag_ethnic = models.BooleanField(_("liên quan dân tộc"), default=False)
    flag_religious = models.BooleanField(_("liên quan tôn giáo"), default=False)
    flag_security = models.BooleanField(_("liên quan an ninh"), default=False)
    severity = models.PositiveSmallIntegerField(
        _("mức độ"), choices=Severity.choices, default=Severity.MEDIUM
    )
    people_affected = models.PositiveIntegerField(_("số người bị ảnh hưởng"), default=0)
    reported_on = models.DateField(_("ngày nhận thông tin"), db_index=True)

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    status_changed_on = models.DateField(_("ngày chuyển trạng thái"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ theo dõi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Escalation to the level above: the recommendation (kiến nghị, đề xuất) and its answer.
    escalated_to = models.ForeignKey(
        "core.Organization",
        verbose_name=_("báo cáo, kiến nghị lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_issue_reports",
    )
    escalated_on = models.DateField(_("ngày kiến nghị"), null=True, blank=True)
    recommendation = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    escalation_answer = models.TextField(_("trả lời của cấp trên"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    # Updates are due every `update_every_days` days while the issue is open (0 = none).
    update_every_days = models.PositiveSmallIntegerField(_("cập nhật định kỳ (ngày)"), default=7)
    last_update_on = models.DateField(_("lần cập nhật gần nhất"), null=True, blank=True)

    # Folded text of the title and description: the source of the search.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vấn đề bức xúc")
        verbose_name_plural = _("vấn đề bức xúc")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1) & Q(severity__lte=4), name="issue_severity_1_4"
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="issue_status_ok"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="issue_source_ok"),
        ]
        indexes = [
            models.Index(fields=["area", "reported_on"], name="issue_area_day"),
            models.Index(fields=["status", "severity"], name="issue_status_sev"),
            models.Index(fields=["organization", "status"], name="issue_org_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sensitive(self) -> bool:
        return self.flag_ethnic or self.flag_religious or self.flag_security


class IssueUpdate(models.Model):
    """A periodic update or a lifecycle move of an issue report (append-only)."""

    report = models.ForeignKey(IssueReport, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("ngày"))
    text = models.TextField(_("nội dung cập nhật"))
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    people_affected = models.PositiveIntegerField(_("số người bị ảnh hưởng"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("mức độ"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật tình hình")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.text[:60]}"


class IssueLink(models.Model):
    """A record linked to an issue report: a petition, a reception visit, a dialogue, another
    report. `target_type` is `app_label.model` (states.LinkKind)."""

    report = models.ForeignKey(IssueReport, on_delete=models.CASCADE, related_name="links")
    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ liên quan")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target_type", "target_id"], name="issue_link_uniq"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="issue_link_target")]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id}"


class Alert(models.Model):
    """An early warning: an unusual rise (statistic) or a rule (crowd, sensitive, severity 4),
    addressed to the province's Ban Tuyên giáo và Dân vận (`organization`) and the leader of the
    area (`area_organization`), with its evidence."""

    kind = models.CharField(_("loại cảnh báo"), max_length=12, choices=AlertKind.choices)
    # Makes detection idempotent: the same signal for the same area/topic/window is one alert.
    key = models.CharField(max_length=160, unique=True)
    title = models.CharField(_("cảnh báo"), max_length=300)
    area = models.ForeignKey(
        "core.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("lĩnh vực"), max_length=40, blank=True, db_index=True)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("gửi đến"),
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    area_organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("lãnh đạo địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="area_alerts",
    )
    window_start = models.DateField(_("từ ngày"))
    window_end = models.DateField(_("đến ngày"), db_index=True)
    observed = models.PositiveIntegerField(_("số ghi nhận"), default=0)
    expected = models.FloatField(_("mức thường lệ"), null=True, blank=True)
    score = models.FloatField(_("chỉ số"), null=True, blank=True)
    # How it was decided, in words and numbers (the statistic, the baseline, the threshold).
    explanation = models.JSONField(_("cách tính"), default=dict, blank=True)
    severity = models.PositiveSmallIntegerField(_("mức độ"), default=2)

    status = models.CharField(
        _("trạng thái"), max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("kết quả xử lý"), blank=True)
    issue_report = models.ForeignKey(
        IssueReport,
        verbose_name=_("vấn đề"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the recipients' e-mail was stored in the outbox; empty until then (an alert raised by
    # a run that stopped before its e-mails is announced by the next run).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cảnh báo sớm")
        verbose_name_plural = _("cảnh báo sớm")
        ordering = ["-window_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="alert_kind_ok"),
            models.CheckConstraint(
                condition=Q(status__in=AlertStatus.values), name="alert_status_ok"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="alert_org_status"),
            models.Index(fields=["area", "status"], name="alert_area_status"),
            models.Index(
                fields=["id"], condition=Q(notified_at__isnull=True), name="alert_not_notified"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AlertEvidence(models.Model):
    """One record behind an alert (a petition, a reception visit, an issue report)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="evidence")
    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300)
    occurred_on = models.DateField()

    class Meta:
        ordering = ["-occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "target_type", "target_id"], name="alert_evidence_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.label


class TopicCorrection(models.Model):
    """An officer chose another topic than the classifier suggested: training data for
    `danvan classify train` (the text as typed; personal data is not copied here)."""

    text = models.TextField()
    suggested = models.CharField(max_length=40)
    confidence = models.FloatField(null=True, blank=True)
    chosen = models.CharField(max_length=40)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"], name="topic_corr_target")]

    def __str__(self) -> str:
        return f"{self.suggested} -> {self.chosen}"


class EntityMention(models.Model):
    """An entity found in a record's text: a unit name, a legal reference, an amount, a date.
    `value` is the normalised key used for search and linking (e.g. "48/2010/qd-ttg")."""

    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=8, choices=EntityKind.choices)
    value = models.CharField(max_length=120)
    text = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "kind", "value"], name="entity_mention_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "value"], name="entity_kind_value"),
            models.Index(fields=["target_type", "target_id"], name="entity_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class EntityIndexState(models.Model):
    """Where the background entity indexer stopped, per kind of record (`target_type`): the
    last record id indexed, and the last audit event (`AuditEvent.seq`) of that kind of record
    read for changes."""

    target_type = models.CharField(max_length=60, unique=True)
    last_id = models.PositiveBigIntegerField(default=0)
    last_event_seq = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.target_type}: {self.last_id}"
