"""Periodic reports: who reports how (profile), what the level above asks for (request), each
unit's report with its narrative and frozen figures, and the history of its reviews.

Figures are never typed: a draft computes them live from the modules' indicators
(`danvan.reports.indicators`); submitting freezes them into `Report.figures` (this period's and
the previous period's values, as strings), so an issued report never changes afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.reports.states import Format, Kind, ReviewAction, Status


class ReportProfile(models.Model):
    """How one organisation reports: its data-window cut day, document format and signer."""

    organization = models.OneToOneField(
        "core.Organization", on_delete=models.CASCADE, related_name="report_profile"
    )
    cut_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"), null=True, blank=True, help_text=_("Để trống: ngày 15.")
    )
    doc_format = models.CharField(
        _("thể thức văn bản"), max_length=8, choices=Format.choices, blank=True
    )
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=200, blank=True)
    recipients = models.TextField(_("nơi nhận mặc định"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cấu hình báo cáo của đơn vị")
        verbose_name_plural = _("cấu hình báo cáo của đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(cut_day__isnull=True) | Q(cut_day__gte=1, cut_day__lte=28),
                name="report_profile_cut_day_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class ReportRequest(models.Model):
    """A report the level above asks its units for (đợt báo cáo), with the due date."""

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị yêu cầu"),
        on_delete=models.PROTECT,
        related_name="report_requests",
    )
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=Kind.choices)
    period_code = models.CharField(_("kỳ báo cáo"), max_length=40)
    period_label = models.CharField(_("kỳ"), max_length=120)
    window_start = models.DateField(_("số liệu từ ngày"))
    window_end = models.DateField(_("số liệu đến ngày"))
    title = models.CharField(_("nội dung báo cáo"), max_length=300)
    due_on = models.DateField(_("hạn gửi báo cáo"))
    note = models.TextField(_("yêu cầu cụ thể"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="report_request_window_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"


class Report(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    request = models.ForeignKey(
        ReportRequest,
        verbose_name=_("yêu cầu báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=Kind.choices)
    period_code = models.CharField(_("kỳ báo cáo"), max_length=40)
    period_label = models.CharField(_("kỳ"), max_length=120)
    window_start = models.DateField(_("số liệu từ ngày"))
    window_end = models.DateField(_("số liệu đến ngày"))
    title = models.CharField(_("trích yếu"), max_length=300)
    doc_format = models.CharField(_("thể thức văn bản"), max_length=8, choices=Format.choices)
    due_on = models.DateField(_("hạn gửi"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("hạn chế, tồn tại"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    tasks_ahead = models.TextField(_("nhiệm vụ, giải pháp thời gian tới"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=200, blank=True)

    # Given when the report is first issued (submitted); drafts carry none.
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("thời điểm xem xét"), null=True, blank=True)
    edition = models.PositiveSmallIntegerField(_("lần gửi"), default=0)
    # Frozen at submission: {"previous": {...}, "values": {code: [value, previous]}, ...}
    figures = models.JSONField(default=dict, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-window_end", "organization__code", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "request"],
                condition=Q(request__isnull=False),
                name="report_one_per_unit_and_request",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "period_code"],
                condition=Q(request__isnull=True),
                name="report_one_own_per_period",
            ),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="report_window_order",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number="") | ~Q(status="draft"),
                name="report_draft_has_no_number",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "kind", "window_end"], name="report_org_kind_end"),
            models.Index(fields=["status", "due_on"], name="report_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"


class ReportReview(models.Model):
    """One move of a report: submitted, accepted, or returned with comments (append-only)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    edition = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=8, choices=ReviewAction.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt xem xét báo cáo")
        verbose_name_plural = _("lượt xem xét báo cáo")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"
