from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.reports import deadlines  # noqa: F401  (registers the board's kind label)
        from danvan.reports.selectors import reports_issued_count
        from danvan.reports.states import Status

        obligation_target_url_register(
            "reports.report", lambda pk: reverse("reports:detail", args=[pk])
        )
        for code, label in ((Status.RETURNED, Status.RETURNED.label),):
            obligation_target_statuses_register(code, label)

        # Report numbers share the body's yearly sequence with its other documents.
        document_counters_register("reports", reports_issued_count)
        audit_verbs_register(
            {
                "report.create": _("Lập báo cáo định kỳ"),
                "report.update": _("Sửa nội dung báo cáo"),
                "report.submit": _("Ban hành, gửi báo cáo"),
                "report.accept": _("Tiếp nhận báo cáo"),
                "report.return": _("Trả lại báo cáo"),
                "report_request.create": _("Yêu cầu các đơn vị báo cáo"),
                "report_profile.update": _("Sửa cấu hình báo cáo của đơn vị"),
            },
            {
                "title": _("trích yếu"),
                "results": _("kết quả đạt được"),
                "shortcomings": _("hạn chế, tồn tại"),
                "causes": _("nguyên nhân"),
                "tasks_ahead": _("nhiệm vụ, giải pháp thời gian tới"),
                "recommendations": _("kiến nghị, đề xuất"),
                "recipients": _("nơi nhận"),
                "signer_name": _("người ký"),
                "signer_title": _("chức danh người ký"),
                "status": _("trạng thái"),
                "number": _("số, ký hiệu"),
                "comment": _("ý kiến"),
                "due_on": _("hạn gửi"),
                "cut_day": _("ngày chốt số liệu"),
                "doc_format": _("thể thức văn bản"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: the demo provinces' reports (idempotent)."""
        if size <= 0:
            return
        from danvan.reports.demo import demo_reports_load

        result = demo_reports_load()
        if result.get("reports"):
            write(f"Đã lập {result['reports']} báo cáo định kỳ mẫu.")
