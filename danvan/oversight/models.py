"""Oversight records: the Front's supervisions and social criticism, and inspections.

- `Supervision` (giám sát chuyên đề / thường xuyên, phản biện xã hội) belongs to its supervising
  body (an MTTQ committee or a mass organisation); `Finding`s record what it found about each
  supervised body; `Recommendation`s (kiến nghị) are addressed to an organisation, which owes an
  answer within the dated rule of `data/answer_rules.json` (the due date is derived and cached in
  `answer_due`; `oversight.deadlines` puts it on the overdue board until answered).
- `Inspection` (kiểm tra việc thực hiện chỉ thị, nghị quyết) belongs to the inspecting body; its
  conclusion's `ConclusionItem`s each own a core `Task` for the responsible unit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.oversight.states import (
    AnswerResult,
    Assessment,
    InspectionStatus,
    RecommendationStatus,
    SupervisionKind,
    SupervisionStatus,
)


class Supervision(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan giám sát"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    kind = models.CharField(_("hình thức"), max_length=12, choices=SupervisionKind.choices)
    title = models.CharField(_("nội dung giám sát"), max_length=300)
    content = models.TextField(_("mục đích, yêu cầu, nội dung cụ thể"), blank=True)
    supervised = models.ManyToManyField(
        "core.Organization",
        verbose_name=_("đối tượng được giám sát"),
        related_name="+",
        blank=True,
    )
    # Social criticism: the draft under criticism (its title, and the document when it is kept
    # in the coordination module).
    draft_title = models.CharField(_("dự thảo được phản biện"), max_length=500, blank=True)
    draft_document = models.ForeignKey(
        "coordination.LegalDocument",
        verbose_name=_("văn bản dự thảo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    team = models.TextField(_("thành phần đoàn giám sát"), blank=True)

    status = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.PLANNED,
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    started_on = models.DateField(_("ngày bắt đầu giám sát"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo kết quả"), null=True, blank=True)
    report_summary = models.TextField(_("báo cáo kết quả"), blank=True)
    sent_on = models.DateField(_("ngày gửi kiến nghị"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cuộc giám sát, phản biện xã hội")
        verbose_name_plural = _("cuộc giám sát, phản biện xã hội")
        ordering = ["-period_from", "-id"]
        indexes = [
            models.Index(fields=["organization", "period_from"], name="oversight_sup_org_date"),
            models.Index(fields=["status"], name="oversight_sup_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="oversight_supervision_period",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="findings")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("nội dung"))
    position = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["supervision", "position", "id"]

    def __str__(self) -> str:
        return self.content[:80]


class Recommendation(models.Model):
    supervision = models.ForeignKey(
        Supervision, on_delete=models.CASCADE, related_name="recommendations"
    )
    addressee = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan nhận kiến nghị"),
        on_delete=models.PROTECT,
        related_name="oversight_recommendations",
    )
    content = models.TextField(_("nội dung kiến nghị"))
    position = models.PositiveIntegerField(default=1)
    # A re-recommendation after an answer judged not satisfactory.
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("kiến nghị lại của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=14,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
    )
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    # Derived from `sent_on` and the rule in force that day (cache for lists and the board).
    answer_due = models.DateField(_("hạn trả lời"), null=True, blank=True, db_index=True)
    answer_rule = models.CharField(_("quy tắc thời hạn"), max_length=60, blank=True)

    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_result = models.CharField(
        _("kết quả tiếp thu"), max_length=14, choices=AnswerResult.choices, blank=True
    )
    answer_file = models.FileField(upload_to="oversight/%Y/", max_length=200, blank=True)
    answer_file_name = models.CharField(max_length=200, blank=True)
    answer_file_type = models.CharField(max_length=100, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.CharField(
        _("đánh giá trả lời"), max_length=14, choices=Assessment.choices, blank=True
    )
    assessment_note = models.CharField(_("nhận xét"), max_length=1000, blank=True)
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["supervision", "position", "id"]
        indexes = [models.Index(fields=["addressee", "status"], name="oversight_rec_addr")]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def answered_late(self) -> bool:
        return bool(self.answered_on and self.answer_due and self.answered_on > self.answer_due)


class Inspection(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("cơ quan kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    title = models.CharField(_("nội dung kiểm tra"), max_length=300)
    content = models.TextField(_("mục đích, yêu cầu"), blank=True)
    documents = models.ManyToManyField(
        "coordination.LegalDocument",
        verbose_name=_("văn bản được kiểm tra việc thực hiện"),
        related_name="+",
        blank=True,
    )
    # The documents as named in the decision, kept even when they are not in the system.
    document_refs = models.CharField(_("văn bản (số, ký hiệu)"), max_length=500, blank=True)
    inspected = models.ManyToManyField(
        "core.Organization",
        verbose_name=_("đơn vị được kiểm tra"),
        related_name="+",
        blank=True,
    )
    team = models.TextField(_("thành phần đoàn kiểm tra"), blank=True)
    period_from = models.DateField(_("thời kỳ kiểm tra từ"), null=True, blank=True)
    period_to = models.DateField(_("thời kỳ kiểm tra đến"), null=True, blank=True)
    scheduled_from = models.DateField(_("thời gian kiểm tra từ"))
    scheduled_to = models.DateField(_("thời gian kiểm tra đến"))

    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    announced_on = models.DateField(_("ngày công bố quyết định"), null=True, blank=True)
    started_on = models.DateField(_("ngày bắt đầu kiểm tra"), null=True, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận kiểm tra"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc theo dõi"), null=True, blank=True)

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-scheduled_from", "-id"]
        indexes = [
            models.Index(fields=["organization", "scheduled_from"], name="oversight_insp_org_date"),
            models.Index(fields=["status"], name="oversight_insp_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheduled_to__gte=models.F("scheduled_from")),
                name="oversight_inspection_schedule",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ConclusionItem(models.Model):
    """One point of an inspection's conclusion; its follow-up is the core task `task`."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="conclusion_items"
    )
    position = models.PositiveIntegerField(default=1)
    content = models.TextField(_("nội dung"))
    task = models.OneToOneField(
        "core.Task", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "position", "id"]

    def __str__(self) -> str:
        return self.content[:120]
