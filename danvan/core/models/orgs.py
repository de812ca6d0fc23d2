"""Organisations: agencies of the state, the Party, the Front and mass organisations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgLevel(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class OrgKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    PEOPLES_COUNCIL = "hdnd", _("Hội đồng nhân dân")
    PARTY_COMMITTEE = "dang_uy", _("Cấp ủy Đảng")
    PROPAGANDA_MOBILISATION = "ban_tgdv", _("Ban Tuyên giáo và Dân vận")
    FRONT = "mttq", _("Ủy ban Mặt trận Tổ quốc Việt Nam")
    MASS_ORGANISATION = "doan_the", _("Tổ chức chính trị - xã hội")
    INSPECTORATE = "thanh_tra", _("Thanh tra")
    POLICE = "cong_an", _("Công an")
    DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
    RECEPTION_OFFICE = "ban_tcd", _("Ban Tiếp công dân")
    OTHER = "khac", _("Khác")


class Organization(models.Model):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=250)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    search_name = models.CharField(max_length=250, db_index=True, editable=False, default="")
    kind = models.CharField(_("loại"), max_length=20, choices=OrgKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=OrgLevel.choices)
    area = models.ForeignKey(
        "core.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
