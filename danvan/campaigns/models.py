"""Mobilisation and information campaigns (vận động, tuyên truyền): the campaign, its
participating units, its measurable targets, the activities carried out and what each achieved.

The achieved value of a target is never typed: it is derived from the results recorded with
the activities (`ActivityResult`), summed or taken as the latest measurement according to the
target's `tally` (`selectors.targets_progress`). The evaluation at the end freezes a snapshot of
those figures with the campaign. Follow-up tasks are core `Task`s whose target is the campaign.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.campaigns.states import ActivityKind, Kind, Status, Tally

VALUE_DIGITS = 14
VALUE_PLACES = 2


class Campaign(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    kind = models.CharField(_("hình thức"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("tên cuộc vận động"), max_length=300)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    target_group = models.CharField(_("đối tượng vận động"), max_length=300)
    areas = models.ManyToManyField(
        "core.AdminUnit", verbose_name=_("địa bàn"), related_name="+", blank=True
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    basis_document = models.ForeignKey(
        "coordination.LegalDocument",
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    basis_note = models.CharField(_("căn cứ khác"), max_length=500, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    started_on = models.DateField(_("ngày bắt đầu triển khai"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    evaluated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    assessment = models.TextField(_("đánh giá chung"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # The targets as they stood when the campaign was evaluated (label, unit, baseline,
    # target, achieved, met), so the evaluation never changes afterwards.
    evaluation_snapshot = models.JSONField(default=list, blank=True)

    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cuộc vận động, tuyên truyền")
        verbose_name_plural = _("cuộc vận động, tuyên truyền")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "starts_on"], name="campaign_org"),
            models.Index(fields=["starts_on", "ends_on"], name="campaign_period"),
        ]

    def __str__(self) -> str:
        return self.title[:120]


class CampaignUnit(models.Model):
    """A unit taking part in the campaign besides the organiser, with its part."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị phối hợp"),
        on_delete=models.PROTECT,
        related_name="campaign_parts",
    )
    part = models.CharField(_("nhiệm vụ được giao"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="campaign_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.organization_id}"


class Target(models.Model):
    """A measurable indicator: label, unit of measure, baseline and target value."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    tally = models.CharField(
        _("cách tính kết quả"), max_length=8, choices=Tally.choices, default=Tally.SUM
    )
    baseline = models.DecimalField(
        _("giá trị ban đầu"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, default=0
    )
    target_value = models.DecimalField(
        _("chỉ tiêu phải đạt"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gt=models.F("baseline")),
                name="campaign_target_above_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.label[:120]


class Activity(models.Model):
    """One thing done for the campaign: a meeting, visits, a broadcast, leaflets, a post..."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("ngày thực hiện"), db_index=True)
    kind = models.CharField(_("hình thức"), max_length=12, choices=ActivityKind.choices)
    area = models.ForeignKey(
        "core.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    # The unit that reports the activity (the organiser or a participating unit).
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Other units of the campaign that took part.
    units = models.ManyToManyField(
        "core.Organization", verbose_name=_("đơn vị cùng tham gia"), related_name="+", blank=True
    )
    people_reached = models.PositiveIntegerField(_("số người được tiếp cận"), default=0)
    description = models.TextField(_("nội dung, kết quả"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["campaign", "-date", "-id"]
        indexes = [models.Index(fields=["campaign", "date"], name="campaign_activity_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class ActivityResult(models.Model):
    """What an activity achieved against one target (12 hộ đồng ý, 3.400 m² bàn giao)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    # Removing a target with results is refused by the service; the cascade only lets a whole
    # campaign be deleted (its targets and results together).
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    value = models.DecimalField(_("kết quả"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kết quả hoạt động")
        verbose_name_plural = _("kết quả hoạt động")
        ordering = ["activity", "target", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "target"], name="activity_result_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="activity_result_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.target_id}"


def evidence_path(instance: ActivityFile, filename: str) -> str:
    # Never the sender's file name on disk: it may hold personal data.
    return f"campaigns/{instance.activity.date.year}/{instance.sha256[:2]}/{instance.sha256}"


class ActivityFile(models.Model):
    """Evidence of an activity (photos, minutes, leaflets), checked by `core.files`."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.original_name


class CampaignEvent(models.Model):
    """One entry of the campaign's timeline: created, moved, activity recorded, evaluated."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(_("ngày"))  # the date of the act (may precede `at`)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "created", "transition", "activity", "activity_removed", "task".
    verb = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("diễn biến cuộc vận động")
        verbose_name_plural = _("diễn biến cuộc vận động")
        ordering = ["campaign", "on", "at", "id"]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.verb}"

    @property
    def to_status_label(self) -> str:
        return str(Status(self.to_status).label) if self.to_status in Status.values else ""
