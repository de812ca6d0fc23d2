"""Administrative units as dated reference data.

A unit is identified by its code *and* its validity: codes were reused in 2025, so
`valid_from` / `valid_to` (exclusive end: the first day no longer in force) say when a row was
the unit with that code. Rows are never deleted: a unit that ends is closed, and its
`AdminUnitSuccession` links say which unit(s) took over. See docs/admin-units.md.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Rows loaded from pre-2025 lists have no known start; this marks "since before our records".
EARLIEST = dt.date(1900, 1, 1)
REFORM_2025 = dt.date(2025, 7, 1)


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    # Pre-2025 only: the five island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ,
    # Hoàng Sa, Lý Sơn, Côn Đảo) and became đặc khu on 1 July 2025.
    DISTRICT = "district", _("Cấp huyện")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    TOWNSHIP = "thi_tran", _("Thị trấn")  # pre-2025 only
    DISTRICT = "huyen", _("Huyện")  # pre-2025 only


# The word that starts a unit's full name ("Xã Hòa An", "Thành phố Huế").
TYPE_PREFIX: dict[str, str] = {
    UnitType.PROVINCE: "Tỉnh",
    UnitType.CITY: "Thành phố",
    UnitType.COMMUNE: "Xã",
    UnitType.WARD: "Phường",
    UnitType.SPECIAL_ZONE: "Đặc khu",
    UnitType.TOWNSHIP: "Thị trấn",
    UnitType.DISTRICT: "Huyện",
}


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def in_force_on(self, day: dt.date) -> AdminUnitQuerySet:
        """Rows in force on `day`: valid_from <= day < valid_to (open end: still in force)."""
        return self.filter(
            Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        )


class AdminUnit(models.Model):
    code = models.CharField(_("mã"), max_length=10, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    full_name = models.CharField(_("tên đầy đủ"), max_length=250)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=250, blank=True)
    # Folded (diacritic- and đ-insensitive, lowercase) full name, for search on every database.
    search_name = models.CharField(max_length=250, db_index=True, editable=False)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=EARLIEST)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    remote = models.BooleanField(
        _("vùng sâu, vùng xa"),
        default=False,
        help_text=_("Đi lại khó khăn: thời hạn giải quyết khiếu nại được kéo dài."),
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="adminunit_code_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="adminunit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["code", "valid_from", "valid_to"]),
            models.Index(fields=["level", "valid_to"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @property
    def is_current(self) -> bool:
        """In force today (a row opened by a future-dated snapshot is not current yet)."""
        return self.in_force_on(timezone.localdate())


class AdminUnitSuccession(models.Model):
    """Old -> new link from a merge, split or reclassification."""

    class Kind(models.TextChoices):
        FULL = "full", _("Toàn bộ")
        PARTIAL = "partial", _("Một phần")
        RENAMED = "renamed", _("Đổi tên / đổi loại")

    # PROTECT: reference rows are never deleted, and a link must not vanish with a row.
    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.FULL)
    effective = models.DateField(_("ngày hiệu lực"))
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="adminunit_succession_uniq"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="adminunit_succession_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} -> {self.successor}"
