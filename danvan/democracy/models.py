"""Grassroots democracy records of a commune (Luật Thực hiện dân chủ ở cơ sở 2022).

- `Disclosure` (công khai): an item of a group of Đ.11 that the commune must make public, the
  document it discloses, the decision date from which the publication deadline counts (rule
  `disclosure.publish`, derived and cached in `publish_due`), the actual publication date, the
  channels and the display period. Published after `publish_due` = late.
- `CommunityDecision` (Nhân dân bàn và quyết định, Đ.15–21): a matter decided by the households
  of a residential area (thôn, tổ dân phố) at a meeting or by household ballot, with the counts;
  the outcome (`quorum_met`, `passed`) is computed from the rule data when the counts are
  recorded. The record goes to the commune People's Committee (`report_due`, rule
  `community_decision.report`), which recognises it or refuses with a reason (`recognise_due`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.democracy.states import DecisionForm, DecisionStatus, DisclosureStatus


class Disclosure(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("chính quyền cấp xã"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    residential_area = models.CharField(_("thôn, tổ dân phố"), max_length=200, blank=True)
    group = models.CharField(_("nhóm nội dung công khai"), max_length=40)
    title = models.CharField(_("tên nội dung công khai"), max_length=300)
    content = models.TextField(_("nội dung"), blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    decision_date = models.DateField(_("ngày ban hành quyết định, văn bản"))
    publish_due = models.DateField(_("hạn công khai"), null=True, blank=True)
    publish_rule = models.CharField(max_length=60, blank=True, default="")
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    channels = models.JSONField(_("hình thức công khai"), default=list, blank=True)
    display_from = models.DateField(_("công khai từ ngày"), null=True, blank=True)
    display_to = models.DateField(_("công khai đến ngày"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.DRAFT,
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="democracy_disc_org_status"),
            models.Index(fields=["publish_due"], name="democracy_disc_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(display_to__isnull=True)
                | models.Q(display_from__isnull=True)
                | models.Q(display_to__gte=models.F("display_from")),
                name="democracy_disclosure_display_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="democracy_disclosure_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        """Published after the deadline (a draft past its deadline is `overdue`)."""
        return bool(self.published_on and self.publish_due and self.published_on > self.publish_due)


class CommunityDecision(models.Model):
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("Ủy ban nhân dân cấp xã"),
        on_delete=models.PROTECT,
        related_name="community_decisions",
    )
    residential_area = models.CharField(_("thôn, tổ dân phố"), max_length=200)
    matter = models.CharField(_("nội dung Nhân dân bàn và quyết định"), max_length=40)
    title = models.CharField(_("vấn đề bàn và quyết định"), max_length=300)
    content = models.TextField(_("nội dung, phương án"), blank=True)
    form = models.CharField(_("hình thức"), max_length=10, choices=DecisionForm.choices)
    held_on = models.DateField(_("ngày họp, ngày kiểm phiếu"))
    total_households = models.PositiveIntegerField(_("tổng số hộ gia đình"))
    participating = models.PositiveIntegerField(_("số hộ tham gia"))
    agreeing = models.PositiveIntegerField(_("số hộ tán thành"))
    against = models.PositiveIntegerField(_("số hộ không tán thành"), default=0)
    # The outcome computed from the rule data when the counts were recorded (for statistics).
    quorum_met = models.BooleanField(_("đủ số hộ tham gia"), default=False)
    passed = models.BooleanField(_("được thông qua"), default=False)
    threshold_key = models.CharField(max_length=20, blank=True, default="")
    report_due = models.DateField(_("hạn gửi biên bản"), null=True, blank=True)
    sent_on = models.DateField(_("ngày gửi biên bản"), null=True, blank=True)
    recognise_due = models.DateField(_("hạn công nhận"), null=True, blank=True)
    decided_on = models.DateField(_("ngày công nhận, không công nhận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=DecisionStatus.choices,
        default=DecisionStatus.RECORDED,
    )
    status_note = models.CharField(_("lý do"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kết quả Nhân dân bàn và quyết định")
        verbose_name_plural = _("kết quả Nhân dân bàn và quyết định")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="democracy_dec_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participating__lte=models.F("total_households")),
                name="democracy_decision_participating",
            ),
            models.CheckConstraint(
                condition=models.Q(agreeing__lte=models.F("participating") - models.F("against")),
                name="democracy_decision_votes",
            ),
        ]

    def __str__(self) -> str:
        return self.title
