"""The work calendar's override table and the legal deadline rules, as dated data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ")
    WORKING_DAY = "work", _("Ngày làm việc bù")


class CalendarOverride(models.Model):
    """A government decision moving a day off or declaring a make-up working day."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=4, choices=OverrideKind.choices)
    reason = models.CharField(_("lý do"), max_length=250)
    source = models.CharField(_("căn cứ"), max_length=250)
    # Set when an administrator creates or edits the row: loading the shipped reference data
    # (`danvan install`) then leaves it alone instead of overwriting the administrator's work.
    customized = models.BooleanField(_("do quản trị viên đặt"), default=False)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class DeadlineRule(models.Model):
    """One version of a legal deadline rule, in force from `valid_from` to `valid_to`."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        CALENDAR_DAYS = "calendar_days", _("ngày")

    class Direction(models.TextChoices):
        FORWARD = "forward", _("tính tới")
        BACKWARD = "backward", _("tính lùi")

    rule_id = models.CharField(_("mã quy tắc"), max_length=60, db_index=True)
    title = models.CharField(_("tên"), max_length=250)
    starts_from = models.CharField(_("tính từ"), max_length=250)
    length = models.PositiveIntegerField(_("thời hạn"))
    unit = models.CharField(_("đơn vị"), max_length=20, choices=Unit.choices)
    direction = models.CharField(
        _("chiều tính"), max_length=10, choices=Direction.choices, default=Direction.FORWARD
    )
    # Variant name -> total length in the same unit, e.g. {"complex": 45, "remote": 45,
    # "remote_complex": 60} or {"extended": 10}.
    variants = models.JSONField(_("biến thể"), default=dict, blank=True)
    citation = models.CharField(_("căn cứ pháp lý"), max_length=300)
    verified = models.BooleanField(_("đã kiểm chứng nguồn"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    # Exclusive: the version is in force on days d with valid_from <= d < valid_to.
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    # Set when an administrator edits or adds the version; the reference loader skips it.
    customized = models.BooleanField(_("do quản trị viên sửa"), default=False)

    class Meta:
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        ordering = ["rule_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "valid_from"], name="rule_version_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.valid_from:%d/%m/%Y})"

    @property
    def labelled_variants(self) -> list[tuple[str, int]]:
        """(Vietnamese label, total length) of each variant, for display."""
        from danvan.core.deadlines import variant_label

        return [(variant_label(key), length) for key, length in self.variants.items()]
