from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "danvan.oversight"
    label = "oversight"
    verbose_name = "Giám sát, phản biện xã hội và kiểm tra"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from danvan.core.selectors.audit import audit_verbs_register
        from danvan.core.services.obligations import (
            obligation_target_statuses_register,
            obligation_target_url_register,
        )
        from danvan.oversight import deadlines  # noqa: F401  (registers the board's kind label)
        from danvan.oversight.states import SupervisionStatus

        obligation_target_url_register(
            "oversight.supervision", lambda pk: reverse("oversight:supervision", args=[pk])
        )
        # Conclusion tasks link to their inspection through the item's page.
        obligation_target_url_register(
            "oversight.conclusionitem", lambda pk: reverse("oversight:conclusion_item", args=[pk])
        )
        for code, label in SupervisionStatus.choices:
            obligation_target_statuses_register(code, label)
        audit_verbs_register(
            {
                "supervision.create": _("Lập kế hoạch giám sát, phản biện xã hội"),
                "supervision.update": _("Sửa kế hoạch giám sát"),
                "supervision.transition": _("Chuyển bước cuộc giám sát"),
                "supervision.finding_add": _("Ghi kết quả giám sát"),
                "supervision.recommendation_add": _("Soạn, gửi kiến nghị giám sát"),
                "supervision.finding_remove": _("Bỏ kết quả giám sát ghi nhầm"),
                "supervision.recommendation_remove": _("Bỏ kiến nghị dự thảo"),
                "supervision.recommendation_answer": _("Ghi trả lời kiến nghị giám sát"),
                "supervision.recommendation_assess": _("Đánh giá trả lời kiến nghị"),
                "inspection.create": _("Lập kế hoạch kiểm tra"),
                "inspection.update": _("Sửa kế hoạch kiểm tra"),
                "inspection.transition": _("Chuyển bước cuộc kiểm tra"),
                "inspection.item_add": _("Bổ sung nội dung kết luận kiểm tra"),
            },
            {
                "kind": _("hình thức"),
                "organization": _("cơ quan"),
                "supervised": _("đối tượng được giám sát"),
                "period_from": _("từ ngày"),
                "period_to": _("đến ngày"),
                "draft_title": _("dự thảo được phản biện"),
                "draft_document": _("văn bản dự thảo"),
                "team": _("thành phần đoàn"),
                "started_on": _("ngày bắt đầu"),
                "reported_on": _("ngày báo cáo kết quả"),
                "report_summary": _("báo cáo kết quả"),
                "sent_on": _("ngày gửi kiến nghị"),
                "closed_on": _("ngày kết thúc"),
                "status_note": _("lý do"),
                "finding": _("kết quả giám sát"),
                "recommendation": _("kiến nghị"),
                "recommendations": _("số kiến nghị gửi"),
                "addressee": _("cơ quan nhận kiến nghị"),
                "follow_up_of": _("kiến nghị lại của"),
                "answered_on": _("ngày trả lời"),
                "answer_result": _("kết quả tiếp thu"),
                "late": _("trả lời quá hạn"),
                "file": _("tệp trả lời"),
                "assessment": _("đánh giá"),
                "document_refs": _("văn bản được kiểm tra"),
                "documents": _("văn bản trong hệ thống"),
                "inspected": _("đơn vị được kiểm tra"),
                "scheduled_from": _("thời gian kiểm tra từ"),
                "scheduled_to": _("thời gian kiểm tra đến"),
                "announced_on": _("ngày công bố"),
                "concluded_on": _("ngày kết luận"),
                "conclusion": _("kết luận"),
                "items": _("số nội dung kết luận"),
                "item": _("nội dung kết luận"),
                "lead": _("đơn vị chủ trì"),
                "reason": _("lý do"),
                "content": _("nội dung"),
            },
        )

    def danvan_demo(self, write: Callable[[str], object], *, size: int = 3000) -> None:
        """Called by `danvan demo`: supervisions and inspections in the demo provinces."""
        if size <= 0:
            return
        from danvan.oversight.demo import demo_oversight_load

        result = demo_oversight_load()
        if result.get("supervisions") or result.get("inspections"):
            write(
                f"Đã tạo {result.get('supervisions', 0)} cuộc giám sát, phản biện mẫu "
                f"({result.get('recommendations', 0)} kiến nghị) và "
                f"{result.get('inspections', 0)} cuộc kiểm tra "
                f"({result.get('tasks', 0)} nhiệm vụ)."
            )
