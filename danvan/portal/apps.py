from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.portal"
    label = "portal"
    verbose_name = "Cổng công dân"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.retention import RetentionPolicy, retention_register
        from danvan.portal import services

        retention_register(
            RetentionPolicy(
                record_type="portal.submission",
                label=_("Lần gửi trên Cổng công dân"),
                count_due=services.submission_retention_count,
                anonymise_due=services.submission_retention_anonymise,
            )
        )
        audit_verbs_register(
            {
                "portal.submit": _("Công dân gửi ý kiến trên Cổng công dân"),
                "portal.anonymise": _("Ẩn danh hóa lần gửi trên Cổng công dân"),
            },
            {
                "petition": _("đơn thư"),
                "organization": _("cơ quan"),
                "privacy_notice_version": _("phiên bản thông báo bảo vệ dữ liệu"),
                "via": _("gửi qua"),
                "ip_hash": _("mã băm địa chỉ IP"),
                "user_agent": _("trình duyệt"),
                "anonymised_on": _("ngày ẩn danh hóa"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo` after the petitions: a few portal submissions (idempotent)."""
        if size <= 0:
            return
        from danvan.portal.demo import demo_portal_load

        result = demo_portal_load(count=max(6, min(40, size // 100)))
        if result.get("created"):
            write(f"Đã tạo {result['created']} ý kiến mẫu trên Cổng công dân.")
        if result.get("tracking_code"):
            write(
                "Cổng công dân: /cong-dan/ — thử tra cứu mã "
                f"{result['tracking_code']} tại /cong-dan/tra-cuu/ (đã có trả lời)."
            )
