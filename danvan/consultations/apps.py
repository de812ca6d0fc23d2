from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.consultations"
    label = "consultations"
    verbose_name = "Góp ý dự thảo"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.consultations.services import synthesis_count
        from danvan.core.documents import document_counters_register
        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import obligation_target_url_register

        # The synthesis reports ("BC") share the body's yearly sequence with the other modules'
        # reports (danvan/reports counts its own "BC" documents through its counter).
        document_counters_register("consultations", synthesis_count)
        obligation_target_url_register(
            "consultations.draft", lambda pk: reverse("consultations:detail", args=[pk])
        )
        audit_verbs_register(
            {
                "consultation.create": _("Lập dự thảo lấy ý kiến"),
                "consultation.update": _("Sửa thông tin dự thảo lấy ý kiến"),
                "consultation.file": _("Đính kèm tệp dự thảo"),
                "consultation.transition": _("Chuyển bước lấy ý kiến dự thảo"),
                "consultation.section_add": _("Thêm chương, điều của dự thảo"),
                "consultation.section_update": _("Sửa chương, điều của dự thảo"),
                "consultation.section_remove": _("Xóa chương, điều của dự thảo"),
                "consultation.sections_import": _("Tách dự thảo thành chương, điều"),
                "consultation.comment_submit": _("Công dân gửi góp ý dự thảo"),
                "consultation.comment_enter": _("Ghi ý kiến góp ý của cơ quan, tổ chức"),
                "consultation.comment_moderate": _("Duyệt ý kiến góp ý"),
                "consultation.comment_detach": _("Tách ý kiến khỏi nhóm"),
                "consultation.groups_suggest": _("Gợi ý nhóm ý kiến tương tự"),
                "consultation.group_create": _("Lập nhóm ý kiến"),
                "consultation.group_merge": _("Gộp nhóm ý kiến"),
                "consultation.group_update": _("Sửa nội dung chung của nhóm ý kiến"),
                "consultation.response_set": _("Tiếp thu, giải trình ý kiến"),
                "consultation.response_remove": _("Xóa nội dung tiếp thu, giải trình"),
                "consultation.synthesis_publish": _("Công bố báo cáo tổng hợp ý kiến góp ý"),
            },
            {
                "opens_on": _("lấy ý kiến từ ngày"),
                "closes_on": _("đến ngày"),
                "audience": _("đối tượng lấy ý kiến"),
                "audience_area": _("địa bàn lấy ý kiến"),
                "audience_area_id": _("địa bàn lấy ý kiến"),
                "audience_organizations": _("cơ quan, tổ chức được xin ý kiến"),
                "reject_reason": _("lý do không đăng"),
                "synthesis_number": _("số báo cáo tổng hợp"),
                "synthesis_on": _("ngày báo cáo tổng hợp"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: drafts under consultation in the demo provinces."""
        if size <= 0:
            return
        from danvan.consultations.demo import demo_consultations_load

        result = demo_consultations_load()
        if result.get("drafts"):
            write(
                f"Đã tạo {result['drafts']} dự thảo lấy ý kiến mẫu "
                f"({result.get('comments', 0)} ý kiến góp ý)."
            )
