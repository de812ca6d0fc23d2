"""The portal's own record of each submission: proof of consent and abuse control.

Never the raw IP address: `ip_hash` is a keyed hash (HMAC with the installation's secret), so
it links submissions from one address for throttling and abuse review without revealing the
address, and it is cleared with the user agent when the retention period ends
(`portal.submission` in `danvan/data/retention.json`). The petition itself lives in the
petitions app (`Petition.source_ref` = "portal:<id>").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Via(models.TextChoices):
    WEB = "web", _("Trang web")
    API = "api", _("API")


class Submission(models.Model):
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("đơn thư"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_submission",
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True, db_index=True)
    via = models.CharField(_("gửi qua"), max_length=8, choices=Via.choices, default=Via.WEB)
    ip_hash = models.CharField(_("mã băm địa chỉ IP"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("thời điểm đồng ý"))
    privacy_notice_version = models.CharField(
        _("phiên bản thông báo bảo vệ dữ liệu"), max_length=20
    )
    anonymised_on = models.DateField(_("ngày ẩn danh hóa"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi trên Cổng công dân")
        verbose_name_plural = _("lần gửi trên Cổng công dân")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"portal:{self.pk}"
